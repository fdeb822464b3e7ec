/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-data-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-backup.h"
#include "clt-helper-process.h"
#include "clt-window.h"

#include "clt-data-actions.h"

/*
 * What the window offers on the customers' data as a whole, inserted in
 * the window as the "data" action group: export the book (data.export),
 * one customer's data for an access request (data.export-customer) and the
 * erasure of a customer (data.erase-customer), both for the customer shown.
 * The files are written by the helper program clientele-exchange, which
 * links what the window must not load; the erasure is the core's, its slow
 * part in a thread.
 */

struct _CltDataActions
{
  GObject             parent_instance;

  GWeakRef            window;
  CltStore           *store;
  GSimpleActionGroup *group;
  CltHelperProcess   *export;     /* the export running, if any */
  char               *export_name;
  AdwToast           *progress;   /* "Exporting… 40 %", with Cancel */
  gboolean            erasing;
};

G_DEFINE_FINAL_TYPE (CltDataActions, clt_data_actions, G_TYPE_OBJECT)

static void
toast (CltDataActions *self,
       const char     *title)
{
  g_autoptr(CltWindow) window = g_weak_ref_get (&self->window);
  g_autofree char *markup = g_markup_escape_text (title, -1);

  if (window != NULL)
    clt_window_add_toast (window, adw_toast_new (markup));
}

static void
update_actions (CltDataActions *self)
{
  GAction *action;

  action = g_action_map_lookup_action (G_ACTION_MAP (self->group), "export");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->export == NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->group), "export-customer");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), self->export == NULL);
  action = g_action_map_lookup_action (G_ACTION_MAP (self->group), "erase-customer");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), !self->erasing);
}

static GtkFileChooserNative *
new_save_chooser (CltDataActions *self,
                  const char     *title,
                  const char     *name)
{
  g_autoptr(CltWindow) window = g_weak_ref_get (&self->window);
  GtkFileChooserNative *chooser;

  /* Through the portal in Flatpak: the app sees only the chosen file. */
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (window), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);

  return chooser;
}

/* The helper said its last word, or ended without it. */
static void
finish_export (CltDataActions *self)
{
  if (self->export != NULL)
    g_signal_handlers_disconnect_by_data (self->export, self);
  g_clear_object (&self->export);
  g_clear_pointer (&self->export_name, g_free);
  if (self->progress != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->progress, self);
      adw_toast_dismiss (self->progress);
    }
  g_clear_object (&self->progress);
  update_actions (self);
}

/* Cancel on the progress toast: the helper writes into a temporary file
 * renamed only at the end, so stopping it leaves no file. */
static void
cancel_export_cb (CltDataActions *self)
{
  if (self->export != NULL)
    clt_helper_process_stop (self->export);
  g_clear_object (&self->progress);
  finish_export (self);
  toast (self, _("Export cancelled: no file was written."));
}

static void
show_progress (CltDataActions *self,
               double          fraction)
{
  g_autoptr(CltWindow) window = g_weak_ref_get (&self->window);
  g_autofree char *title = NULL;

  /* Translators: a toast while a book is exported; %d is a percentage. */
  title = g_strdup_printf (_("Exporting… %d %%"), (int) (fraction * 100));
  if (self->progress != NULL)
    {
      adw_toast_set_title (self->progress, title);
      return;
    }

  if (window == NULL)
    return;

  self->progress = g_object_ref (adw_toast_new (title));
  adw_toast_set_timeout (self->progress, 0);
  adw_toast_set_button_label (self->progress, _("_Cancel"));
  g_signal_connect_object (self->progress, "button-clicked", G_CALLBACK (cancel_export_cb), self,
                           G_CONNECT_SWAPPED);
  clt_window_add_toast (window, self->progress);
}

static void
export_message_cb (CltDataActions *self,
                   GVariant       *message)
{
  g_autoptr(GVariant) done = NULL;
  const char *text;
  double fraction;

  if (g_variant_lookup (message, "progress", "d", &fraction))
    show_progress (self, fraction);
  else if (g_variant_lookup (message, "error", "&s", &text))
    {
      toast (self, text);
      finish_export (self);
    }
  else if ((done = g_variant_lookup_value (message, "done", G_VARIANT_TYPE_VARDICT)) != NULL)
    {
      g_autofree char *title = NULL;
      guint32 written = 0;

      if (g_variant_lookup (done, "written", "u", &written))
        /* Translators: a toast; %u customers were written to the file named %s. */
        title = g_strdup_printf (ngettext ("%u customer exported to “%s”", "%u customers exported to “%s”",
                                           written), written, self->export_name);
      else
        /* Translators: a toast after an access request's export; %s is the file. */
        title = g_strdup_printf (_("Their data is in “%s”, with their card beside it"), self->export_name);
      toast (self, title);
      finish_export (self);
    }
}

static void
export_ended_cb (CltDataActions *self)
{
  toast (self, _("The export stopped because of an error: no file was written."));
  finish_export (self);
}

/* Runs "clientele-exchange @verb --database BOOK @options… FILE". */
static void
run_export (CltDataActions     *self,
            GFile              *file,
            const char         *verb,
            const char * const *options)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_auto(GStrv) arguments = NULL;

  if (path == NULL)
    return;

  g_strv_builder_add_many (builder, verb, "--database", clt_store_get_path (self->store), NULL);
  g_strv_builder_addv (builder, (const char **) options);
  g_strv_builder_add_many (builder, "--", path, NULL);
  arguments = g_strv_builder_end (builder);

  self->export = clt_helper_process_new ((const char * const *) arguments, &error);
  if (self->export == NULL)
    {
      toast (self, error->message);
      return;
    }

  self->export_name = g_file_get_basename (file);
  g_signal_connect_object (self->export, "message", G_CALLBACK (export_message_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->export, "ended", G_CALLBACK (export_ended_cb), self, G_CONNECT_SWAPPED);
  update_actions (self);
}

static void
export_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            CltDataActions  *self)
{
  gboolean without_sensitive = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "without-sensitive"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file != NULL)
    clt_data_actions_export_to (self, file, without_sensitive);
}

static void
export_warning_response_cb (AdwMessageDialog *dialog,
                            const char       *response,
                            CltDataActions   *self)
{
  g_autoptr(GtkFileFilter) vcard = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  gboolean without_sensitive = g_strcmp0 (response, "without-sensitive") == 0;

  if (!without_sensitive && g_strcmp0 (response, "everything") != 0)
    return;

  /* Translators: the proposed file name of an export; change the extension
   * only to .csv, which gives a spreadsheet instead of a vCard file. */
  name = g_strdup (_("Customers.vcf"));
  chooser = new_save_chooser (self, _("Export the Customer Book"), name);
  gtk_file_filter_set_name (vcard, _("vCard, for address books (.vcf)"));
  gtk_file_filter_add_suffix (vcard, "vcf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), vcard);
  gtk_file_filter_set_name (csv, _("CSV, for spreadsheets (.csv)"));
  gtk_file_filter_add_suffix (csv, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  g_object_set_data (G_OBJECT (chooser), "without-sensitive", GINT_TO_POINTER (without_sensitive));
  g_signal_connect (chooser, "response", G_CALLBACK (export_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CltDataActions *self = user_data;
  g_autoptr(CltWindow) window = g_weak_ref_get (&self->window);
  GtkWidget *dialog;

  if (window == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Export the Whole Book?"), NULL);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("The file will hold every customer’s details, including their health and other "
                                 "preferences marked sensitive. Keep it safe, or leave those out when the "
                                 "file is for someone else."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "without-sensitive", _("_Leave Out Sensitive Details"),
                                    "everything", _("_Export Everything"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "everything",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "everything");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_warning_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_customer_chooser_response_cb (GtkNativeDialog *chooser,
                                     int              response,
                                     CltDataActions  *self)
{
  gint64 customer_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (chooser), "customer-id"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file != NULL)
    clt_data_actions_export_customer_to (self, customer_id, file);
}

static gint64
shown_customer (CltDataActions *self)
{
  g_autoptr(CltWindow) window = g_weak_ref_get (&self->window);

  return window != NULL ? clt_window_get_customer_id (window) : 0;
}

static void
export_customer_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  CltDataActions *self = user_data;
  gint64 customer_id = shown_customer (self);
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkFileFilter) json = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *safe = NULL;
  GtkFileChooserNative *chooser;

  customer = customer_id ? clt_store_get_customer (self->store, customer_id, &error) : NULL;
  if (customer == NULL)
    return;

  safe = g_strdup (clt_customer_get_display_name (customer));
  g_strdelimit (safe, "/\\:", '-');
  /* Translators: the proposed file name of a customer's data; %s is their name. */
  name = g_strdup_printf (_("%s – data.json"), safe);
  chooser = new_save_chooser (self, _("Export a Customer’s Data"), name);
  gtk_file_filter_set_name (json, _("Readable data file (.json)"));
  gtk_file_filter_add_suffix (json, "json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), json);
  g_object_set_data (G_OBJECT (chooser), "customer-id", GSIZE_TO_POINTER (customer_id));
  g_signal_connect (chooser, "response", G_CALLBACK (export_customer_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
erased_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltDataActions) self = user_data;
  g_autoptr(GError) error = NULL;

  self->erasing = FALSE;
  update_actions (self);

  if (!clt_backup_erase_customer_finish (CLT_STORE (object), result, &error))
    toast (self, error->message);
}

static void
erase_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   CltDataActions   *self)
{
  gint64 customer_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "customer-id"));
  GtkCheckButton *keep_counts = GTK_CHECK_BUTTON (adw_message_dialog_get_extra_child (dialog));

  if (g_strcmp0 (response, "erase") != 0)
    return;

  clt_data_actions_erase (self, customer_id, gtk_check_button_get_active (keep_counts));
}

static void
erase_customer_activated (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  CltDataActions *self = user_data;
  g_autoptr(CltWindow) window = g_weak_ref_get (&self->window);
  gint64 customer_id = shown_customer (self);
  g_autoptr(CltCustomer) customer = NULL;
  GtkWidget *dialog;
  GtkWidget *keep_counts;

  customer = customer_id ? clt_store_get_customer (self->store, customer_id, NULL) : NULL;
  if (customer == NULL || window == NULL)
    return;

  /* Translators: %s is the customer's name. */
  dialog = adw_message_dialog_new (GTK_WINDOW (window), NULL, NULL);
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Erase %s’s Personal Data?"),
                                     clt_customer_get_display_name (customer));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Their names, contact details, preferences, notes, promises and messages "
                                 "are removed from the book, from the search and from the daily copies. "
                                 "This cannot be undone."));
  keep_counts = gtk_check_button_new_with_mnemonic (_("_Keep the dates of their visits, anonymously"));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), keep_counts);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", _("_Erase"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "customer-id", GSIZE_TO_POINTER (customer_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (erase_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clt_data_actions_dispose (GObject *object)
{
  CltDataActions *self = CLT_DATA_ACTIONS (object);

  if (self->export != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->export, self);
      clt_helper_process_stop (self->export);
    }
  g_clear_object (&self->export);
  g_clear_object (&self->group);
  g_clear_object (&self->store);
  g_clear_pointer (&self->export_name, g_free);
  g_clear_object (&self->progress);
  g_weak_ref_clear (&self->window);

  G_OBJECT_CLASS (clt_data_actions_parent_class)->dispose (object);
}

static void
clt_data_actions_class_init (CltDataActionsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = clt_data_actions_dispose;
}

static void
clt_data_actions_init (CltDataActions *self)
{
  static const GActionEntry entries[] = {
    { "export", export_activated },
    { "export-customer", export_customer_activated },
    { "erase-customer", erase_customer_activated },
  };

  self->group = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->group), entries, G_N_ELEMENTS (entries), self);
}

/**
 * clt_data_actions_new:
 * @window: the window of @store, which gets the "data" action group
 * @store: the book
 */
CltDataActions *
clt_data_actions_new (CltWindow *window,
                      CltStore  *store)
{
  CltDataActions *self;

  g_return_val_if_fail (CLT_IS_WINDOW (window), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_DATA_ACTIONS, NULL);
  g_weak_ref_init (&self->window, window);
  self->store = g_object_ref (store);
  gtk_widget_insert_action_group (GTK_WIDGET (window), "data", G_ACTION_GROUP (self->group));

  return self;
}

/* What data.export does once the file is chosen (the tests call it: a
 * file chooser cannot be driven). */
void
clt_data_actions_export_to (CltDataActions *self,
                            GFile          *file,
                            gboolean        without_sensitive)
{
  const char * const with[] = { NULL };
  const char * const without[] = { "--without-sensitive", NULL };

  g_return_if_fail (CLT_IS_DATA_ACTIONS (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->export == NULL)
    run_export (self, file, "export", without_sensitive ? without : with);
}

void
clt_data_actions_export_customer_to (CltDataActions *self,
                                     gint64          customer_id,
                                     GFile          *file)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, customer_id);
  const char * const options[] = { "--customer", id, NULL };

  g_return_if_fail (CLT_IS_DATA_ACTIONS (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->export == NULL)
    run_export (self, file, "export-customer", options);
}

/* The customer disappears at once; the file and the copies are purged in
 * a thread. */
void
clt_data_actions_erase (CltDataActions *self,
                        gint64          customer_id,
                        gboolean        keep_counts)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autofree char *title = NULL;

  g_return_if_fail (CLT_IS_DATA_ACTIONS (self));

  customer = clt_store_get_customer (self->store, customer_id, NULL);
  if (customer == NULL)
    return;

  self->erasing = TRUE;
  update_actions (self);
  clt_backup_erase_customer_async (self->store, customer_id, keep_counts, NULL,
                                   erased_cb, g_object_ref (self));

  /* Translators: a toast; there is no Undo. */
  title = g_strdup_printf (_("%s’s personal data erased"), clt_customer_get_display_name (customer));
  toast (self, title);
}

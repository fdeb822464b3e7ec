/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-preferences-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "clt-a11y.h"
#include "clt-help.h"
#include "clt-host.h"
#include "clt-general-page.h"
#include "clt-gui-util.h"
#include "clt-privacy-page.h"
#include "clt-sharing-page.h"
#include "clt-template-dialog.h"
#include "clt-write.h"

#include "clt-preferences-window.h"

struct _CltPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  CltStore             *store;
  GCancellable         *cancellable;       /* keyring work, until dispose */
  GCancellable         *test_cancellable;  /* the running connection test */
  char                 *tested_host;
  GPtrArray            *template_groups;   /* the language groups shown */

  /* Host and user the saved password belongs to, to store it again under
   * new ones. */
  char                 *saved_host;
  char                 *saved_user;
  CltSecurity           security;          /* shown, for the port default */
  gboolean              loading;
  gboolean              guessing;          /* the provider follows the address */
  gboolean              applying;          /* the provider fills the raw settings */
  gboolean              provider_chosen;   /* by the person, or saved: no more guessing */
  gboolean              user_follows;      /* the user name is the address */
  gboolean              dirty;
  gboolean              password_dirty;
  gboolean              warned;            /* closing once more discards */
  gboolean              closing;
  guint                 n_storing;         /* passwords on their way to the keyring */

  CltGeneralPage       *general_page;
  AdwPreferencesPage   *mail_page;
  AdwEntryRow          *name_row;
  AdwEntryRow          *address_row;
  GtkTextView          *signature_view;
  GtkLabel             *providers_label;
  AdwComboRow          *provider_row;
  AdwActionRow         *app_password_row;
  AdwExpanderRow       *advanced_row;
  AdwEntryRow          *host_row;
  AdwComboRow          *security_row;
  AdwEntryRow          *port_row;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  GtkWidget            *account_error_group;
  GtkLabel             *account_error_label;
  GtkButton            *test_button;
  GtkSpinner           *test_spinner;
  GtkButton            *cancel_test_button;
  GtkLabel             *test_result_label;
  AdwPreferencesPage   *templates_page;
};

G_DEFINE_FINAL_TYPE (CltPreferencesWindow, clt_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  ACCOUNT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char *host;
  char *user;
  char *password;
} SecretJob;

static void
secret_job_free (SecretJob *job)
{
  g_free (job->host);
  g_free (job->user);
  clt_secret_password_free (job->password);
  g_free (job);
}

static char *
dup_row_text (gpointer editable)
{
  g_autofree char *text = clt_text_strip (gtk_editable_get_text (GTK_EDITABLE (editable)));

  return clt_text_is_blank (text) ? NULL : g_steal_pointer (&text);
}

/* Spaces can be part of a password: taken as typed. */
static char *
dup_password (CltPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  return *text != '\0' ? g_strdup (text) : NULL;
}

static char *
dup_signature (CltPreferencesWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->signature_view);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  return clt_text_is_blank (text) ? NULL : g_strchomp (g_steal_pointer (&text));
}

/* The port typed, or 0 when it is not one (the account's check says so). */
static guint
get_port (CltPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->port_row));
  guint64 port = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 65535, &port, NULL))
    return 0;

  return (guint) port;
}

static void
set_port (CltPreferencesWindow *self,
          guint                 port)
{
  g_autofree char *text = g_strdup_printf ("%u", port);

  gtk_editable_set_text (GTK_EDITABLE (self->port_row), text);
}

static CltMailAccount *
dup_form_account (CltPreferencesWindow *self)
{
  CltMailAccount *account = clt_mail_account_new ();

  account->from_name = dup_row_text (self->name_row);
  account->from_address = dup_row_text (self->address_row);
  /* Set on the General page, saved there. */
  account->business = clt_store_get_business_name (self->store);
  account->signature = dup_signature (self);
  account->host = dup_row_text (self->host_row);
  account->port = get_port (self);
  account->security = (CltSecurity) adw_combo_row_get_selected (self->security_row);
  account->user = dup_row_text (self->user_row);

  return account;
}

static void
set_row_text (gpointer    editable,
              const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
}

static void
clear_account_error (CltPreferencesWindow *self)
{
  GtkWidget *rows[] = {
    GTK_WIDGET (self->address_row), GTK_WIDGET (self->host_row), GTK_WIDGET (self->security_row),
    GTK_WIDGET (self->port_row),
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    gtk_widget_remove_css_class (rows[i], "error");
  gtk_widget_set_visible (self->account_error_group, FALSE);
}

static GtkWidget *
mark_error_row (GtkWidget *first,
                GtkWidget *row)
{
  gtk_widget_add_css_class (row, "error");

  return first != NULL ? first : row;
}

/* The validation error says what is wrong; the rows it is about are marked
 * so that the eye goes to them. */
static void
show_account_error (CltPreferencesWindow *self,
                    const CltMailAccount *account,
                    const GError         *error)
{
  GtkWidget *first = NULL;

  clear_account_error (self);

  if (account != NULL)
    {
      if (account->from_address == NULL || !clt_mail_address_is_valid (account->from_address))
        first = mark_error_row (first, GTK_WIDGET (self->address_row));
      if (account->host == NULL)
        first = mark_error_row (first, GTK_WIDGET (self->host_row));
      if (account->port == 0)
        first = mark_error_row (first, GTK_WIDGET (self->port_row));
      if (account->security == CLT_SECURITY_NONE && account->host != NULL &&
          !clt_host_is_local (account->host))
        {
          first = mark_error_row (first, GTK_WIDGET (self->host_row));
          first = mark_error_row (first, GTK_WIDGET (self->security_row));
        }
    }

  /* The rows at fault are shown, even under Advanced. */
  if (first != NULL && first != GTK_WIDGET (self->address_row))
    adw_expander_row_set_expanded (self->advanced_row, TRUE);

  gtk_label_set_text (self->account_error_label, error->message);
  gtk_widget_set_visible (self->account_error_group, TRUE);
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), self->mail_page);

  /* Focus scrolls the page to where the problem is. */
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static void
set_testing (CltPreferencesWindow *self,
             gboolean              testing)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->test_button), !testing);
  gtk_widget_set_visible (GTK_WIDGET (self->test_spinner), testing);
  gtk_spinner_set_spinning (self->test_spinner, testing);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_test_button), testing);
}

static void
show_test_result (CltPreferencesWindow *self,
                  const char           *text,
                  gboolean              failed)
{
  gtk_label_set_text (self->test_result_label, text);
  if (failed)
    gtk_widget_add_css_class (GTK_WIDGET (self->test_result_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->test_result_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->test_result_label), TRUE);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CANCELLED);
}

static void
lookup_password_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  SecretJob *job = task_data;
  g_autoptr(GError) error = NULL;
  char *password;

  password = clt_secret_lookup_password (job->host, job->user, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, password, g_free);
}

static void
store_password_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  SecretJob *job = task_data;
  g_autoptr(GError) error = NULL;

  if (!clt_secret_store_password (job->host, job->user, job->password, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
resume_outbox_write (CltStore  *store,
                     gpointer   data,
                     GError   **error)
{
  return clt_store_set_outbox_paused (store, NULL, error);
}

static gboolean
account_write (CltStore  *store,
               gpointer   data,
               GError   **error)
{
  return clt_store_set_mail_account (store, data, error);
}

static void
account_saved (CltPreferencesWindow *self)
{
  g_autofree char *paused = clt_store_get_outbox_paused (self->store);

  if (paused != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!clt_write_now (self->store, resume_outbox_write, NULL, &error))
        g_warning ("Could not resume the outbox: %s", error->message);
    }

  g_signal_emit (self, signals[ACCOUNT_CHANGED], 0);
}

static void
store_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CltPreferencesWindow *self = CLT_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;

  self->n_storing--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (is_cancelled (error))
        return;

      /* Hidden while closing: come back so the password is not lost. */
      self->password_dirty = TRUE;
      self->closing = FALSE;
      show_account_error (self, NULL, error);
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  account_saved (self);
  if (self->closing && self->n_storing == 0)
    gtk_window_destroy (GTK_WINDOW (self));
}

/* Saves the form when it is valid; the password goes to the keyring in a
 * thread, and "account-changed" follows once it is there. */
static gboolean
save_account (CltPreferencesWindow  *self,
              GError               **error)
{
  g_autoptr(CltMailAccount) account = dup_form_account (self);
  g_autofree char *password = dup_password (self);
  gboolean moved;

  if (!clt_mail_account_validate (account, error))
    {
      show_account_error (self, account, *error);
      return FALSE;
    }

  if (!clt_write_now (self->store, account_write, account, error))
    {
      show_account_error (self, NULL, *error);
      return FALSE;
    }

  clear_account_error (self);
  self->dirty = FALSE;
  moved = g_strcmp0 (account->host, self->saved_host) != 0 ||
          g_strcmp0 (account->user, self->saved_user) != 0;
  g_free (self->saved_host);
  self->saved_host = g_strdup (account->host);
  g_free (self->saved_user);
  self->saved_user = g_strdup (account->user);

  if (password != NULL && account->user != NULL && (self->password_dirty || moved))
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, store_password_cb, NULL);
      SecretJob *job = g_new0 (SecretJob, 1);

      job->host = g_strdup (account->host);
      job->user = g_strdup (account->user);
      job->password = g_steal_pointer (&password);
      g_task_set_task_data (task, job, (GDestroyNotify) secret_job_free);
      g_task_set_source_tag (task, save_account);
      self->password_dirty = FALSE;
      self->n_storing++;
      g_task_run_in_thread (task, store_password_thread);
    }
  else
    {
      account_saved (self);
    }

  return TRUE;
}

static void
lookup_password_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CltPreferencesWindow *self = CLT_PREFERENCES_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_auto(CltPassword) password = NULL;

  password = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      if (!is_cancelled (error))
        show_account_error (self, NULL, error);
      return;
    }

  /* What was typed meanwhile wins. */
  if (password == NULL || self->password_dirty)
    return;

  self->loading = TRUE;
  set_row_text (self->password_row, password);
  self->loading = FALSE;
}

static void
load_account (CltPreferencesWindow *self)
{
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = clt_store_get_mail_account (self->store, &error);
  if (error != NULL)
    {
      show_account_error (self, NULL, error);
      return;
    }
  if (account == NULL)
    return;

  self->loading = TRUE;
  set_row_text (self->name_row, account->from_name);
  set_row_text (self->address_row, account->from_address);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->signature_view),
                            account->signature != NULL ? account->signature : "", -1);
  set_row_text (self->host_row, account->host);
  self->security = account->security;
  adw_combo_row_set_selected (self->security_row, account->security);
  set_port (self, account->port);
  set_row_text (self->user_row, account->user);
  /* Saved settings are shown as they are: a provider's only if they are
   * exactly its own. */
  adw_combo_row_set_selected (self->provider_row,
                              clt_mail_provider_match (account->host, account->port, account->security));
  self->provider_chosen = account->host != NULL;
  self->user_follows = account->user == NULL ||
                       g_strcmp0 (account->user, account->from_address) == 0;
  self->loading = FALSE;

  self->saved_host = g_strdup (account->host);
  self->saved_user = g_strdup (account->user);

  if (account->host != NULL && account->user != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, lookup_password_cb, NULL);
      SecretJob *job = g_new0 (SecretJob, 1);

      job->host = g_strdup (account->host);
      job->user = g_strdup (account->user);
      g_task_set_task_data (task, job, (GDestroyNotify) secret_job_free);
      g_task_set_source_tag (task, load_account);
      g_task_run_in_thread (task, lookup_password_thread);
    }
}

static void
toast_error (CltPreferencesWindow *self,
             const GError         *error)
{
  /* A toast's title is markup; the message is not. */
  g_autofree char *title = g_markup_escape_text (error->message, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), clt_gui_wrap_toast_title (adw_toast_new (title)));
}

static void refresh_templates (CltPreferencesWindow *self);

static void
present_template_dialog (CltPreferencesWindow *self,
                         const CltTemplate    *tmpl)
{
  GtkWidget *dialog = clt_template_dialog_new (GTK_WINDOW (self), self->store, tmpl);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (refresh_templates), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
template_row_activated_cb (AdwActionRow         *row,
                           CltPreferencesWindow *self)
{
  present_template_dialog (self, g_object_get_data (G_OBJECT (row), "template"));
}

static GtkWidget *
make_template_row (CltPreferencesWindow *self,
                   const CltTemplate    *tmpl)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tmpl->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), tmpl->subject);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "template", clt_template_copy (tmpl),
                          (GDestroyNotify) clt_template_free);

  if (tmpl->id == 0)
    {
      GtkWidget *label = gtk_label_new (_("Built-in"));

      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Delete Template"));
      clt_a11y_set_name (button, _("Delete Template"), tmpl->title);
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "prefs.delete-template");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", tmpl->id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_signal_connect_object (row, "activated", G_CALLBACK (template_row_activated_cb), self, 0);

  return row;
}

/* Languages are named in themselves, as a customer would read them. */
static const char *
language_title (const char *language)
{
  if (g_strcmp0 (language, "fr") == 0)
    return "Français";
  if (g_strcmp0 (language, "en") == 0)
    return "English";

  return language;
}

static void
refresh_templates (CltPreferencesWindow *self)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  const char *languages[] = { "fr", "en", NULL };

  for (guint i = 0; i < self->template_groups->len; i++)
    adw_preferences_page_remove (self->templates_page, g_ptr_array_index (self->template_groups, i));
  g_ptr_array_set_size (self->template_groups, 0);

  templates = clt_store_list_templates (self->store, &error);
  if (templates == NULL)
    {
      toast_error (self, error);
      return;
    }

  /* French and English first, then any other language a template has. */
  for (guint i = 0; i < templates->len; i++)
    {
      const CltTemplate *tmpl = g_ptr_array_index (templates, i);
      AdwPreferencesGroup *group = NULL;

      for (guint j = 0; j < self->template_groups->len && group == NULL; j++)
        if (g_strcmp0 (g_object_get_data (g_ptr_array_index (self->template_groups, j), "language"),
                       tmpl->language) == 0)
          group = g_ptr_array_index (self->template_groups, j);

      if (group == NULL)
        {
          guint position = self->template_groups->len;

          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, language_title (tmpl->language));
          g_object_set_data_full (G_OBJECT (group), "language", g_strdup (tmpl->language), g_free);

          for (guint j = 0; languages[j] != NULL; j++)
            if (g_strcmp0 (languages[j], tmpl->language) == 0)
              position = MIN (j, self->template_groups->len);
          g_ptr_array_insert (self->template_groups, position, group);
        }

      adw_preferences_group_add (group, make_template_row (self, tmpl));
    }

  for (guint i = 0; i < self->template_groups->len; i++)
    adw_preferences_page_add (self->templates_page, g_ptr_array_index (self->template_groups, i));
}

static gboolean
template_add_write (CltStore  *store,
                    gpointer   data,
                    GError   **error)
{
  return clt_store_add_template (store, data, error) > 0;
}

static gboolean
template_delete_write (CltStore  *store,
                       gpointer   data,
                       GError   **error)
{
  return clt_store_delete_template (store, ((CltTemplate *) data)->id, error);
}

static void
templates_changed_cb (GtkWidget    *widget,
                      const GError *error,
                      gpointer      data)
{
  refresh_templates (CLT_PREFERENCES_WINDOW (widget));
}

static void
undo_delete_cb (AdwToast             *toast,
                CltPreferencesWindow *self)
{
  CltTemplate *tmpl = g_object_steal_data (G_OBJECT (toast), "template");

  if (tmpl == NULL)
    return;
  clt_write_run (self->store, GTK_WIDGET (self), _("The template was not restored."),
                 template_add_write, templates_changed_cb, tmpl, (GDestroyNotify) clt_template_free);
}

/* Undo adds it back: deleting at once keeps the book right if the window
 * closes before the toast goes. */
static void
template_deleted_cb (GtkWidget    *widget,
                     const GError *error,
                     gpointer      data)
{
  CltPreferencesWindow *self = CLT_PREFERENCES_WINDOW (widget);
  const CltTemplate *tmpl = data;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  escaped = g_markup_escape_text (tmpl->title, -1);
  /* Translators: %s is the title of a template */
  title = g_strdup_printf (_("“%s” deleted"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_object_set_data_full (G_OBJECT (toast), "template", clt_template_copy (tmpl),
                          (GDestroyNotify) clt_template_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_delete_cb), self, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), clt_gui_wrap_toast_title (toast));

  refresh_templates (self);
}


static void
new_template_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  present_template_dialog (CLT_PREFERENCES_WINDOW (widget), NULL);
}

static void
delete_template_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CltPreferencesWindow *self = CLT_PREFERENCES_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  const CltTemplate *tmpl = NULL;

  templates = clt_store_list_templates (self->store, &error);
  for (guint i = 0; templates != NULL && i < templates->len && tmpl == NULL; i++)
    if (((CltTemplate *) g_ptr_array_index (templates, i))->id == id)
      tmpl = g_ptr_array_index (templates, i);
  if (tmpl == NULL)
    {
      if (error != NULL)
        toast_error (self, error);
      refresh_templates (self);
      return;
    }

  clt_write_run (self->store, widget, _("The template was not deleted."),
                 template_delete_write, template_deleted_cb, clt_template_copy (tmpl),
                 (GDestroyNotify) clt_template_free);
}

static void
setup_security_item_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (user_data))
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  else
    gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_list_item_set_child (item, label);
}

static void
bind_security_item_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *item,
                       gpointer                  user_data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (GTK_STRING_OBJECT (gtk_list_item_get_item (item))));
}

/* The row's own label stops at 20 characters, which cuts "None (this
 * computer only)" however wide the window is. */
static GtkListItemFactory *
make_security_factory (gboolean ellipsize)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_security_item_cb), GINT_TO_POINTER (ellipsize));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_security_item_cb), NULL);

  return factory;
}

static void
account_changed_cb (CltPreferencesWindow *self)
{
  if (self->loading)
    return;

  self->dirty = TRUE;
  self->warned = FALSE;
  clear_account_error (self);
}

static CltMailProviderId
get_provider (CltPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (self->provider_row);

  return selected < CLT_MAIL_PROVIDER_N ? (CltMailProviderId) selected : CLT_MAIL_PROVIDER_OTHER;
}

static void
follow_address (CltPreferencesWindow *self)
{
  g_autofree char *address = dup_row_text (self->address_row);

  if (self->user_follows && get_provider (self) != CLT_MAIL_PROVIDER_OTHER)
    set_row_text (self->user_row, address);
}

static void
address_changed_cb (CltPreferencesWindow *self)
{
  if (!self->loading && !self->provider_chosen)
    {
      g_autofree char *address = dup_row_text (self->address_row);

      self->guessing = TRUE;
      adw_combo_row_set_selected (self->provider_row, clt_mail_provider_guess (address));
      self->guessing = FALSE;
    }
  if (!self->loading)
    follow_address (self);

  account_changed_cb (self);
}

static void
user_changed_cb (CltPreferencesWindow *self)
{
  g_autofree char *user = NULL;
  g_autofree char *address = NULL;

  if (self->loading)
    return;

  user = dup_row_text (self->user_row);
  address = dup_row_text (self->address_row);
  self->user_follows = user == NULL || g_strcmp0 (user, address) == 0;

  account_changed_cb (self);
}

/* The rows that depend on the provider: where to make an app password, and
 * the raw settings open for Other. */
static void
show_provider (CltPreferencesWindow *self,
               const CltMailProvider *provider)
{
  gtk_widget_set_visible (GTK_WIDGET (self->app_password_row), provider->app_password);
  if (provider->app_password)
    {
      g_autofree char *text = NULL;

      /* TRANSLATORS: %s is a provider such as Gmail. */
      text = g_strdup_printf (_("%s does not take your usual password here: make one for "
                                "Clientele on its website, then type it in Password."),
                              provider->name);
      adw_action_row_set_subtitle (self->app_password_row, text);
    }
  adw_expander_row_set_expanded (self->advanced_row, provider->id == CLT_MAIL_PROVIDER_OTHER);
}

static void
provider_changed_cb (CltPreferencesWindow *self)
{
  const CltMailProvider *provider = clt_mail_provider_get (get_provider (self));

  show_provider (self, provider);
  if (self->loading)
    return;
  if (!self->guessing)
    self->provider_chosen = TRUE;

  /* Other keeps whatever is there, to be completed by hand. */
  if (provider->host != NULL)
    {
      self->applying = TRUE;
      set_row_text (self->host_row, provider->host);
      adw_combo_row_set_selected (self->security_row, provider->security);
      set_port (self, provider->port);
      self->applying = FALSE;
      follow_address (self);
    }

  account_changed_cb (self);
}

/* Server settings changed by hand are no longer the provider's: Other, as
 * they will show when opened again. */
static void
raw_changed_cb (CltPreferencesWindow *self)
{
  if (!self->loading && !self->applying && get_provider (self) != CLT_MAIL_PROVIDER_OTHER)
    {
      g_autofree char *host = dup_row_text (self->host_row);
      CltSecurity security = (CltSecurity) adw_combo_row_get_selected (self->security_row);

      if (clt_mail_provider_match (host, get_port (self), security) != get_provider (self))
        adw_combo_row_set_selected (self->provider_row, CLT_MAIL_PROVIDER_OTHER);
    }

  account_changed_cb (self);
}

static void
app_password_activated_cb (CltPreferencesWindow *self)
{
  const CltMailProvider *provider = clt_mail_provider_get (get_provider (self));

  if (provider->app_password_url != NULL)
    gtk_show_uri (GTK_WINDOW (self), provider->app_password_url, GDK_CURRENT_TIME);
}

/* The port takes digits only; anything else is refused with a beep. */
static void
port_insert_text_cb (GtkEditable *editable,
                     const char  *text,
                     int          length,
                     int         *position,
                     gpointer     user_data)
{
  gsize len = length < 0 ? strlen (text) : (gsize) length;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      {
        gtk_widget_error_bell (GTK_WIDGET (editable));
        g_signal_stop_emission_by_name (editable, "insert-text");
        return;
      }
}

static void
password_changed_cb (CltPreferencesWindow *self)
{
  if (self->loading)
    return;

  self->password_dirty = TRUE;
  self->warned = FALSE;
}

static void
security_changed_cb (CltPreferencesWindow *self)
{
  CltSecurity security = (CltSecurity) adw_combo_row_get_selected (self->security_row);
  guint port = get_port (self);

  /* A port someone chose stays; the other default follows the security. */
  if (!self->loading && port == clt_security_default_port (self->security))
    set_port (self, clt_security_default_port (security));
  self->security = security;

  raw_changed_cb (self);
}

static void
test_account_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CltPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  clt_outbox_test_account_finish (result, &error);

  /* Disposed: nothing left to show it in. */
  if (self->store == NULL)
    return;

  g_clear_object (&self->test_cancellable);
  set_testing (self, FALSE);

  if (error != NULL)
    {
      if (is_cancelled (error))
        gtk_widget_set_visible (GTK_WIDGET (self->test_result_label), FALSE);
      else
        show_test_result (self, error->message, TRUE);
      return;
    }

  /* Translators: %s is a mail server, such as smtp.example.com */
  text = g_strdup_printf (_("Connected and signed in to %s."), self->tested_host);
  show_test_result (self, text, FALSE);
}

static void
test_clicked_cb (CltPreferencesWindow *self)
{
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CltPassword) password = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->test_result_label), FALSE);
  if (!save_account (self, &error))
    return;

  account = dup_form_account (self);
  password = dup_password (self);
  g_free (self->tested_host);
  self->tested_host = g_strdup (account->host);
  self->test_cancellable = g_cancellable_new ();
  set_testing (self, TRUE);
  clt_outbox_test_account_async (account, password, self->test_cancellable,
                                 test_account_cb, g_object_ref (self));
}

static void
cancel_test_clicked_cb (CltPreferencesWindow *self)
{
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
}

static gboolean
close_request_cb (CltPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->closing)
    return FALSE;

  /* The business name goes first: the account saved next keeps it. */
  clt_general_page_apply (self->general_page);

  if ((self->dirty || self->password_dirty) && !save_account (self, &error))
    {
      /* Said once; closing again leaves the half-typed settings unsaved. */
      if (self->warned)
        return FALSE;
      self->warned = TRUE;
      return TRUE;
    }

  /* A password on its way to the keyring: the window goes when it is
   * there, or comes back if it could not be stored. */
  if (self->n_storing > 0)
    {
      self->closing = TRUE;
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }

  return FALSE;
}

static void
clt_preferences_window_dispose (GObject *object)
{
  CltPreferencesWindow *self = CLT_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->test_cancellable != NULL)
    g_cancellable_cancel (self->test_cancellable);
  g_clear_object (&self->test_cancellable);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (clt_preferences_window_parent_class)->dispose (object);
}

static void
clt_preferences_window_finalize (GObject *object)
{
  CltPreferencesWindow *self = CLT_PREFERENCES_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->template_groups, g_ptr_array_unref);
  g_free (self->saved_host);
  g_free (self->saved_user);
  g_free (self->tested_host);

  G_OBJECT_CLASS (clt_preferences_window_parent_class)->finalize (object);
}

/* GTK would put the focus in the first field, the business name, its text
 * selected, where the first key pressed would replace it: General starts on
 * who is at the desk instead. */
static void
clt_preferences_window_map (GtkWidget *widget)
{
  CltPreferencesWindow *self = CLT_PREFERENCES_WINDOW (widget);

  GTK_WIDGET_CLASS (clt_preferences_window_parent_class)->map (widget);
  if (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (self)) ==
      ADW_PREFERENCES_PAGE (self->general_page))
    clt_general_page_focus_start (self->general_page);
}

static void
clt_preferences_window_class_init (CltPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_preferences_window_dispose;
  object_class->finalize = clt_preferences_window_finalize;
  widget_class->map = clt_preferences_window_map;

  /**
   * CltPreferencesWindow::account-changed:
   *
   * The sending account was saved (and its password is in the keyring):
   * time to resume the outbox.
   */
  signals[ACCOUNT_CHANGED] =
    g_signal_new ("account-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (CLT_TYPE_GENERAL_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, general_page);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, mail_page);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, signature_view);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, providers_label);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, provider_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, app_password_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, advanced_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, host_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, security_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, port_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, account_error_group);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, account_error_label);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, test_button);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, test_spinner);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, cancel_test_button);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, test_result_label);
  gtk_widget_class_bind_template_child (widget_class, CltPreferencesWindow, templates_page);
  gtk_widget_class_bind_template_callback (widget_class, account_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, address_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, user_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, provider_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, raw_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, app_password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_test_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_request_cb);

  gtk_widget_class_install_action (widget_class, "prefs.new-template", NULL, new_template_action);
  gtk_widget_class_install_action (widget_class, "prefs.delete-template", "x", delete_template_action);
}

static void
clt_preferences_window_init (CltPreferencesWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = make_security_factory (TRUE);
  g_autoptr(GtkListItemFactory) list_factory = make_security_factory (FALSE);
  g_autoptr(GtkStringList) providers = gtk_string_list_new (NULL);
  g_autofree char *notes = NULL;
  g_autofree char *markup = NULL;

  for (guint i = 0; i < CLT_MAIL_PROVIDER_N; i++)
    gtk_string_list_append (providers, _(clt_mail_provider_get (i)->name));

  gtk_widget_init_template (GTK_WIDGET (self));
  clt_a11y_name_expander_row (self->advanced_row);
  clt_a11y_name_password_row (self->password_row);

  /* A new account starts on Other, its raw settings open, until the
   * address tells more. */
  self->loading = TRUE;
  adw_combo_row_set_model (self->provider_row, G_LIST_MODEL (providers));
  adw_combo_row_set_selected (self->provider_row, CLT_MAIL_PROVIDER_OTHER);
  self->loading = FALSE;
  self->user_follows = TRUE;
  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->port_row)), "insert-text",
                    G_CALLBACK (port_insert_text_cb), NULL);

  adw_combo_row_set_factory (self->security_row, factory);
  adw_combo_row_set_list_factory (self->security_row, list_factory);

  self->cancellable = g_cancellable_new ();
  self->template_groups = g_ptr_array_new ();
  self->security = CLT_SECURITY_TLS;

  notes = g_markup_escape_text (_("Choose your provider: its server settings are filled in for you. "
                                  "Choose Other if yours is not listed."), -1);
  markup = g_strdup_printf ("%s <a href=\"help:clientele/mail-account\">%s</a>",
                            notes, _("More in Help"));
  gtk_label_set_markup (self->providers_label, markup);
  g_signal_connect (self->providers_label, "activate-link", G_CALLBACK (clt_help_activate_link), NULL);

  g_signal_connect_object (gtk_text_view_get_buffer (self->signature_view), "changed",
                           G_CALLBACK (account_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * clt_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @store: the book
 *
 * The general settings, the e-mail account, the templates, sharing and the
 * privacy settings of @store. The account is saved when
 * the window closes or its connection is tested, once it is valid; then
 * #CltPreferencesWindow::account-changed is emitted.
 */
CltPreferencesWindow *
clt_preferences_window_new (GtkWindow *parent,
                            CltStore  *store)
{
  CltPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  clt_general_page_set_store (self->general_page, store);
  load_account (self);
  refresh_templates (self);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (clt_sharing_page_new (store)));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (clt_privacy_page_new (store)));

  return self;
}

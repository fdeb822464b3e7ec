/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-customer-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-date-row.h"
#include "clt-discard-guard.h"
#include "clt-gui-util.h"
#include "clt-write.h"

#include "clt-customer-dialog.h"

/* Long enough to not search on every key, short enough to warn while the
 * name is still being typed. */
#define DUPLICATE_DELAY_MS 300

struct _CltCustomerDialog
{
  AdwWindow        parent_instance;

  CltStore        *store;
  gint64           customer_id;
  CltCustomer     *customer;        /* being edited; NULL for a new one */
  CltContact      *email;           /* their first e-mail address, being edited */
  CltContact      *phone;           /* their first phone number, being edited */
  GPtrArray       *language_codes;  /* of char *, beside the combo row's names */
  guint            duplicates_id;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkWidget       *duplicates_group;
  GtkBox          *duplicates_box;
  AdwEntryRow     *honorific_row;
  AdwEntryRow     *given_row;
  AdwEntryRow     *family_row;
  AdwEntryRow     *addressed_row;
  GtkWidget       *contact_group;
  AdwEntryRow     *email_row;
  AdwEntryRow     *phone_row;
  AdwEntryRow     *company_row;
  AdwComboRow     *language_row;
  CltDateRow      *birthday_row;
  GtkSwitch       *vip_switch;
  AdwComboRow     *consent_row;
  AdwActionRow    *consent_record_row;
  GtkWidget       *alert_group;
  AdwEntryRow     *alert_row;
};

G_DEFINE_FINAL_TYPE (CltCustomerDialog, clt_customer_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CUSTOMER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SAVED,
  OPEN_CUSTOMER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *code;
  const char *name;
} languages[] = {
  { NULL, N_("Not set") },
  { "fr", N_("French") },
  { "en", N_("English") },
  { "de", N_("German") },
  { "it", N_("Italian") },
  { "es", N_("Spanish") },
  { "pt", N_("Portuguese") },
  { "nl", N_("Dutch") },
};

/* The text of @row without surrounding spaces, or NULL when blank. */
static char *
dup_row_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static char *
dup_display_name (CltCustomerDialog *self)
{
  g_autofree char *given = dup_row_text (self->given_row);
  g_autofree char *family = dup_row_text (self->family_row);

  if (given != NULL && family != NULL)
    return g_strdup_printf ("%s %s", given, family);
  if (given != NULL)
    return g_steal_pointer (&given);
  return g_steal_pointer (&family);
}

static void
clt_customer_dialog_update (CltCustomerDialog *self)
{
  g_autofree char *name = dup_display_name (self);
  g_autofree char *company = dup_row_text (self->company_row);
  /* The row says itself how to write a birthday. */
  gboolean birthday_ok = clt_date_row_is_valid (self->birthday_row);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save",
                                 (name != NULL || company != NULL) && birthday_ok);
}

static char *
format_reasons (CltDuplicateReason reasons)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  if (reasons & CLT_DUPLICATE_NAME)
    g_ptr_array_add (parts, (gpointer) _("same name"));
  if (reasons & CLT_DUPLICATE_EMAIL)
    g_ptr_array_add (parts, (gpointer) _("same e-mail address"));
  if (reasons & CLT_DUPLICATE_PHONE)
    g_ptr_array_add (parts, (gpointer) _("same phone number"));
  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between reasons, as in "same name, same phone number". */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

static void
open_duplicate_cb (CltCustomerDialog *self,
                   GtkButton         *button)
{
  gint64 customer_id = *(gint64 *) g_object_get_data (G_OBJECT (button), "customer-id");

  g_signal_emit (self, signals[OPEN_CUSTOMER], 0, customer_id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static GtkWidget *
new_duplicate_row (CltCustomerDialog  *self,
                   const CltDuplicate *duplicate)
{
  g_autofree char *reasons = format_reasons (duplicate->reasons);
  /* Translators: a customer who may be the one being added, and why, as in
   * "Hélène Dupré — same phone number". */
  g_autofree char *text = g_strdup_printf (_("%s — %s"), duplicate->name, reasons);
  /* Translators: a button's tooltip; the name of an existing customer. */
  g_autofree char *tooltip = g_strdup_printf (_("Open “%s” instead"), duplicate->name);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Open"));
  gint64 *customer_id = g_new (gint64, 1);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  *customer_id = duplicate->customer_id;
  g_object_set_data_full (G_OBJECT (button), "customer-id", customer_id, g_free);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (open_duplicate_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), button);

  return box;
}

static gboolean
find_duplicates_cb (gpointer user_data)
{
  CltCustomerDialog *self = user_data;
  g_autoptr(GPtrArray) duplicates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = dup_display_name (self);
  g_autofree char *email = dup_row_text (self->email_row);
  g_autofree char *phone = dup_row_text (self->phone_row);
  const char *emails[] = { email, NULL };
  const char *phones[] = { phone, NULL };
  GtkWidget *child;
  guint shown = 0;

  self->duplicates_id = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->duplicates_box))) != NULL)
    gtk_box_remove (self->duplicates_box, child);

  if (name != NULL || email != NULL || phone != NULL)
    duplicates = clt_store_find_duplicates (self->store, name,
                                            email != NULL ? emails : NULL,
                                            phone != NULL ? phones : NULL,
                                            &error);
  if (error != NULL)
    g_warning ("Could not look for duplicates: %s", error->message);

  for (guint i = 0; duplicates != NULL && i < duplicates->len; i++)
    {
      const CltDuplicate *duplicate = g_ptr_array_index (duplicates, i);

      /* Editing a customer, they are not their own duplicate. */
      if (duplicate->customer_id == self->customer_id)
        continue;

      gtk_box_append (self->duplicates_box, new_duplicate_row (self, duplicate));
      shown++;
    }

  gtk_widget_set_visible (self->duplicates_group, shown > 0);

  return G_SOURCE_REMOVE;
}

static void
name_changed_cb (CltCustomerDialog *self,
                 GtkEditable       *editable)
{
  clt_customer_dialog_update (self);

  g_clear_handle_id (&self->duplicates_id, g_source_remove);
  self->duplicates_id = g_timeout_add (DUPLICATE_DELAY_MS, find_duplicates_cb, self);
}

static void
fields_changed_cb (CltCustomerDialog *self,
                   GtkEditable       *editable)
{
  clt_customer_dialog_update (self);
}

/* Under the e-mail consent of a customer being edited: who recorded it
 * and when, or that nobody did. */
static void
show_consent_record (CltCustomerDialog *self)
{
  gint64 at = clt_customer_get_consent_at (self->customer);
  const char *source = clt_customer_get_consent_source (self->customer);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *day = NULL;
  g_autofree char *text = NULL;

  if (at <= 0)
    {
      /* Translators: under "E-mail consent": nobody recorded a choice. */
      text = g_strdup (_("No choice recorded"));
    }
  else
    {
      when = g_date_time_new_from_unix_local (at);
      day = g_date_time_format (when, _("%-d %B %Y"));
      text = source != NULL
        /* Translators: under "E-mail consent": who recorded it, and when. */
        ? g_strdup_printf (_("Recorded by %s on %s"), source, day)
        /* Translators: under "E-mail consent": when it was recorded; who did is not known. */
        : g_strdup_printf (_("Recorded on %s (by whom is not known)"), day);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->consent_record_row), text);
  gtk_widget_set_visible (GTK_WIDGET (self->consent_record_row), TRUE);
}

/* A new customer's consent is asked about with their e-mail address. */
static void
update_consent_row (CltCustomerDialog *self)
{
  g_autofree char *email = NULL;

  if (self->customer_id > 0)
    return;

  email = dup_row_text (self->email_row);
  gtk_widget_set_visible (GTK_WIDGET (self->consent_row), email != NULL);
}

static void
email_changed_cb (CltCustomerDialog *self,
                  GtkEditable       *editable)
{
  update_consent_row (self);
}

static void
fill_customer (CltCustomerDialog *self,
               CltCustomer       *customer)
{
  g_autofree char *honorific = dup_row_text (self->honorific_row);
  g_autofree char *given = dup_row_text (self->given_row);
  g_autofree char *family = dup_row_text (self->family_row);
  g_autofree char *display = dup_display_name (self);
  g_autofree char *addressed = dup_row_text (self->addressed_row);
  g_autofree char *company = dup_row_text (self->company_row);
  g_autofree char *birthday = clt_date_row_dup_birthday (self->birthday_row);
  guint language = adw_combo_row_get_selected (self->language_row);

  clt_customer_set_honorific (customer, honorific);
  clt_customer_set_given_name (customer, given);
  clt_customer_set_family_name (customer, family);
  /* Without a person's name the store names the customer after the company. */
  clt_customer_set_display_name (customer, display);
  clt_customer_set_addressed_as (customer, addressed);
  clt_customer_set_company (customer, company);
  clt_customer_set_language (customer,
                             language < self->language_codes->len
                             ? g_ptr_array_index (self->language_codes, language) : NULL);
  clt_customer_set_birthday (customer, birthday);
  clt_customer_set_vip (customer, gtk_switch_get_active (self->vip_switch));
}

typedef struct
{
  CltCustomer *customer;
  gboolean     is_new;
  char        *email;
  char        *phone;
  CltContact  *old_email;        /* what the dialog showed, NULL when none */
  CltContact  *old_phone;
  char        *alert;
  gboolean     consent_changed;  /* by the person, in the dialog */
  CltConsent   consent;
  char        *changed_by;       /* who is at the desk, NULL when unknown */
  gint64       customer_id;
} CustomerChange;

static void
customer_change_free (CustomerChange *change)
{
  g_clear_object (&change->customer);
  g_free (change->email);
  g_free (change->phone);
  g_clear_pointer (&change->old_email, clt_contact_free);
  g_clear_pointer (&change->old_phone, clt_contact_free);
  g_free (change->alert);
  g_free (change->changed_by);
  g_free (change);
}

static gboolean
add_customer (CltStore        *store,
              CustomerChange  *change,
              GError         **error)
{
  change->customer_id = clt_store_add_customer (store, change->customer, error);
  if (change->customer_id <= 0)
    return FALSE;

  if (change->email != NULL &&
      clt_store_add_contact (store, change->customer_id, CLT_CONTACT_EMAIL, NULL, change->email, error) <= 0)
    return FALSE;

  if (change->phone != NULL &&
      clt_store_add_contact (store, change->customer_id, CLT_CONTACT_PHONE, NULL, change->phone, error) <= 0)
    return FALSE;

  if (change->alert != NULL &&
      clt_store_add_preference (store, change->customer_id, NULL, change->alert, CLT_PREFERENCE_ALERT, error) <= 0)
    return FALSE;

  return TRUE;
}

/* The first e-mail address or phone number, as shown: changed in place
 * (its label kept), added, or removed when its field was emptied. */
static gboolean
save_contact (CltStore          *store,
              gint64             customer_id,
              CltContactKind     kind,
              const CltContact  *old,
              const char        *value,
              GError           **error)
{
  if (old == NULL)
    return value == NULL || clt_store_add_contact (store, customer_id, kind, NULL, value, error) > 0;
  if (value == NULL)
    return clt_store_delete_contact (store, kind, old->id, error);
  if (g_strcmp0 (old->value, value) == 0)
    return TRUE;
  return clt_store_update_contact (store, kind, old->id, old->label, value, error);
}

static gboolean
update_customer (CltStore        *store,
                 CustomerChange  *change,
                 GError         **error)
{
  return clt_store_update_customer (store, change->customer, error) &&
         save_contact (store, change->customer_id, CLT_CONTACT_EMAIL, change->old_email, change->email, error) &&
         save_contact (store, change->customer_id, CLT_CONTACT_PHONE, change->old_phone, change->phone, error);
}

/* The customer and their details are saved together, or not at all. */
static gboolean
save_write (CltStore  *store,
            gpointer   data,
            GError   **error)
{
  CustomerChange *change = data;
  gboolean ok;

  if (!clt_store_begin (store, error))
    return FALSE;

  if (change->is_new)
    ok = add_customer (store, change, error);
  else
    ok = update_customer (store, change, error);

  /* Recorded only when the person changed it: a new customer left at the
   * default has no record, like one added by clientele-cli. */
  if (ok && change->consent_changed)
    ok = clt_store_set_email_consent (store, change->customer_id, change->consent,
                                      change->changed_by, error);

  if (!ok)
    {
      clt_store_rollback (store);
      return FALSE;
    }

  /* A failed commit has already rolled back. */
  return clt_store_commit (store, error);
}

static void
saved_cb (GtkWidget    *widget,
          const GError *error,
          gpointer      data)
{
  CustomerChange *change = data;

  g_signal_emit (widget, signals[SAVED], 0, change->customer_id);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltCustomerDialog *self = CLT_CUSTOMER_DIALOG (widget);
  CustomerChange *change = g_new0 (CustomerChange, 1);

  change->is_new = self->customer == NULL;
  change->customer = change->is_new ? clt_customer_new (NULL) : g_object_ref (self->customer);
  change->customer_id = self->customer_id;
  fill_customer (self, change->customer);
  change->email = dup_row_text (self->email_row);
  change->phone = dup_row_text (self->phone_row);
  if (change->is_new)
    change->alert = dup_row_text (self->alert_row);
  if (self->email != NULL)
    change->old_email = clt_contact_copy (self->email);
  if (self->phone != NULL)
    change->old_phone = clt_contact_copy (self->phone);
  change->consent = (CltConsent) adw_combo_row_get_selected (self->consent_row);
  if (change->is_new)
    change->consent_changed = gtk_widget_get_visible (GTK_WIDGET (self->consent_row)) &&
                              change->consent != CLT_CONSENT_DEFAULT;
  else
    change->consent_changed = change->consent != clt_customer_get_email_consent (self->customer);
  if (change->consent_changed)
    change->changed_by = clt_gui_dup_staff_name ();
  clt_write_save_dialog (self->store, GTK_WINDOW (self), GTK_WIDGET (self->toast_overlay),
                         save_write, saved_cb, change, (GDestroyNotify) customer_change_free);
}

/* The first e-mail address and phone number, the ones the customer's
 * page shows first; the others are edited there. */
static void
load_contacts (CltCustomerDialog *self,
               GPtrArray         *contacts)
{
  for (guint i = 0; i < contacts->len; i++)
    {
      const CltContact *contact = g_ptr_array_index (contacts, i);

      if (contact->kind == CLT_CONTACT_EMAIL && self->email == NULL)
        self->email = clt_contact_copy (contact);
      else if (contact->kind == CLT_CONTACT_PHONE && self->phone == NULL)
        self->phone = clt_contact_copy (contact);
    }

  set_row_text (self->email_row, self->email != NULL ? self->email->value : NULL);
  set_row_text (self->phone_row, self->phone != NULL ? self->phone->value : NULL);
}

static void
load_customer (CltCustomerDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  const char *language;
  guint position = 0;

  self->customer = clt_store_get_customer (self->store, self->customer_id, &error);
  if (self->customer != NULL)
    contacts = clt_store_list_contacts (self->store, self->customer_id, &error);
  if (contacts == NULL)
    {
      clt_gui_dialog_toast_error (self->toast_overlay, error);
      gtk_widget_set_sensitive (GTK_WIDGET (self->toast_overlay), FALSE);
      return;
    }

  set_row_text (self->honorific_row, clt_customer_get_honorific (self->customer));
  set_row_text (self->given_row, clt_customer_get_given_name (self->customer));
  set_row_text (self->family_row, clt_customer_get_family_name (self->customer));
  set_row_text (self->addressed_row, clt_customer_get_addressed_as (self->customer));
  set_row_text (self->company_row, clt_customer_get_company (self->customer));
  load_contacts (self, contacts);
  clt_date_row_set_birthday (self->birthday_row, clt_customer_get_birthday (self->customer));
  gtk_switch_set_active (self->vip_switch, clt_customer_get_vip (self->customer));
  adw_combo_row_set_selected (self->consent_row, clt_customer_get_email_consent (self->customer));
  show_consent_record (self);

  /* A language from elsewhere (an import) is kept, shown by its code. */
  language = clt_customer_get_language (self->customer);
  if (language != NULL && *language != '\0')
    {
      GListModel *names = adw_combo_row_get_model (self->language_row);

      for (position = 1; position < self->language_codes->len; position++)
        if (g_ascii_strcasecmp (g_ptr_array_index (self->language_codes, position), language) == 0)
          break;

      if (position == self->language_codes->len)
        {
          g_ptr_array_add (self->language_codes, g_strdup (language));
          gtk_string_list_append (GTK_STRING_LIST (names), language);
        }
    }
  adw_combo_row_set_selected (self->language_row, position);

  adw_window_title_set_subtitle (self->window_title, clt_customer_get_display_name (self->customer));
}

static void
clt_customer_dialog_constructed (GObject *object)
{
  CltCustomerDialog *self = CLT_CUSTOMER_DIALOG (object);

  G_OBJECT_CLASS (clt_customer_dialog_parent_class)->constructed (object);

  g_assert (CLT_IS_STORE (self->store));

  if (self->customer_id > 0)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Customer"));
      adw_window_title_set_title (self->window_title, _("Edit Customer"));
      /* The first e-mail address and phone number are changed here, as
       * they were given (review finding 13); more on the customer's
       * page, and alerts as preferences. */
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self->contact_group),
                                             _("Other addresses and numbers are changed on the customer’s page."));
      gtk_widget_set_visible (self->alert_group, FALSE);
      load_customer (self);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Customer"));
      adw_window_title_set_title (self->window_title, _("New Customer"));
      adw_combo_row_set_selected (self->consent_row, CLT_CONSENT_DEFAULT);
      update_consent_row (self);
    }

  /* Loading the fields asked for a search: there is nothing new to warn about. */
  g_clear_handle_id (&self->duplicates_id, g_source_remove);
  clt_customer_dialog_update (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->given_row));

  /* A name typed at the desk is not lost to a stray Escape either. */
  clt_discard_guard_watch (GTK_WINDOW (self),
                           self->customer_id > 0 ? _("Discard Your Changes?") : _("Discard This Customer?"),
                           GTK_WIDGET (self->given_row), GTK_WIDGET (self->family_row),
                           GTK_WIDGET (self->honorific_row), GTK_WIDGET (self->addressed_row),
                           GTK_WIDGET (self->email_row), GTK_WIDGET (self->phone_row),
                           GTK_WIDGET (self->company_row), GTK_WIDGET (self->birthday_row),
                           GTK_WIDGET (self->alert_row), NULL);
}

static void
clt_customer_dialog_dispose (GObject *object)
{
  CltCustomerDialog *self = CLT_CUSTOMER_DIALOG (object);

  g_clear_handle_id (&self->duplicates_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_CUSTOMER_DIALOG);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->email, clt_contact_free);
  g_clear_pointer (&self->phone, clt_contact_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_customer_dialog_parent_class)->dispose (object);
}

static void
clt_customer_dialog_finalize (GObject *object)
{
  CltCustomerDialog *self = CLT_CUSTOMER_DIALOG (object);

  g_clear_pointer (&self->language_codes, g_ptr_array_unref);

  G_OBJECT_CLASS (clt_customer_dialog_parent_class)->finalize (object);
}

static void
clt_customer_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CltCustomerDialog *self = CLT_CUSTOMER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_customer_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CltCustomerDialog *self = CLT_CUSTOMER_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CUSTOMER_ID:
      self->customer_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_customer_dialog_class_init (CltCustomerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = clt_customer_dialog_constructed;
  object_class->dispose = clt_customer_dialog_dispose;
  object_class->finalize = clt_customer_dialog_finalize;
  object_class->get_property = clt_customer_dialog_get_property;
  object_class->set_property = clt_customer_dialog_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CLT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* 0 to add a new customer. */
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CltCustomerDialog::saved:
   * @customer_id: the customer added or changed
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  /**
   * CltCustomerDialog::open-customer:
   * @customer_id: an existing customer the user chose instead of adding one
   */
  signals[OPEN_CUSTOMER] =
    g_signal_new ("open-customer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (CLT_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-customer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, duplicates_box);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, honorific_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, given_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, family_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, addressed_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, contact_group);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, company_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, birthday_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, vip_switch);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, consent_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, consent_record_row);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, alert_group);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerDialog, alert_row);
  gtk_widget_class_bind_template_callback (widget_class, name_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, email_changed_cb);

  clt_gui_dialog_class_install_save (widget_class, save_action);
}

static void
clt_customer_dialog_init (CltCustomerDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) consents = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  clt_gui_dialog_add_save_shortcut (GTK_WIDGET (self));

  self->language_codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_ptr_array_add (self->language_codes, g_strdup (languages[i].code));
      gtk_string_list_append (names, _(languages[i].name));
    }
  adw_combo_row_set_model (self->language_row, G_LIST_MODEL (names));

  for (CltConsent consent = CLT_CONSENT_NONE; consent <= CLT_CONSENT_MARKETING; consent++)
    gtk_string_list_append (consents, clt_consent_label (consent));
  adw_combo_row_set_model (self->consent_row, G_LIST_MODEL (consents));
}

/**
 * clt_customer_dialog_new:
 * @store: the customer book
 * @customer_id: the customer to edit, or 0 to add one
 *
 * Returns: (transfer floating): a dialog; give it a parent and present it
 */
CltCustomerDialog *
clt_customer_dialog_new (CltStore *store,
                         gint64    customer_id)
{
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);
  g_return_val_if_fail (customer_id >= 0, NULL);

  return g_object_new (CLT_TYPE_CUSTOMER_DIALOG,
                       "store", store,
                       "customer-id", customer_id,
                       NULL);
}

CltStore *
clt_customer_dialog_get_store (CltCustomerDialog *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER_DIALOG (self), NULL);

  return self->store;
}

gint64
clt_customer_dialog_get_customer_id (CltCustomerDialog *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER_DIALOG (self), 0);

  return self->customer_id;
}

/**
 * clt_customer_dialog_prefill:
 * @self: a dialog adding a customer
 * @text: what was searched for and not found
 *
 * Puts @text where it belongs: an e-mail address, a phone number, or a
 * name split into honorific, given and family names.
 */
void
clt_customer_dialog_prefill (CltCustomerDialog *self,
                             const char        *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *digits = NULL;

  g_return_if_fail (CLT_IS_CUSTOMER_DIALOG (self));
  g_return_if_fail (self->customer == NULL);
  g_return_if_fail (text != NULL);

  stripped = clt_text_strip (text);
  digits = clt_text_phone_digits (stripped);

  if (strchr (stripped, '@') != NULL)
    {
      set_row_text (self->email_row, stripped);
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->given_row));
    }
  else if (digits != NULL && strlen (digits) >= 4 && strlen (digits) * 2 >= strlen (stripped))
    {
      set_row_text (self->phone_row, stripped);
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->given_row));
    }
  else
    {
      g_autoptr(CltCustomer) customer = clt_customer_new (stripped);
      const char *given = clt_customer_get_given_name (customer);

      set_row_text (self->honorific_row, clt_customer_get_honorific (customer));
      set_row_text (self->given_row, given);
      set_row_text (self->family_row, clt_customer_get_family_name (customer));
      /* The missing part of the name, else the next thing to know. */
      gtk_window_set_focus (GTK_WINDOW (self),
                            GTK_WIDGET (given == NULL || *given == '\0' ? self->given_row : self->email_row));
    }

  /* What the search put there was not typed here. */
  clt_discard_guard_reset (GTK_WINDOW (self));
}

/**
 * clt_customer_dialog_focus_consent:
 * @self: a dialog editing a customer
 *
 * Puts the focus on the e-mail consent, for a person who came to change it.
 */
void
clt_customer_dialog_focus_consent (CltCustomerDialog *self)
{
  g_return_if_fail (CLT_IS_CUSTOMER_DIALOG (self));

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->consent_row));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-privacy-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-a11y.h"
#include "clt-gui-util.h"
#include "clt-write.h"

#include "clt-privacy-page.h"

/* How long the years must stay put before the preview is counted. */
#define PREVIEW_DELAY_MS 300
/* Names shown in the preview; the rest are counted. */
#define PREVIEW_NAMES 5

/*
 * The Privacy page of Preferences: the setting "anonymise customers with
 * no contact for N years", with a preview of who it would affect, saved
 * only once confirmed; and the business's country for phone numbers.
 */

struct _CltPrivacyPage
{
  AdwPreferencesPage  parent_instance;

  CltStore           *store;
  GCancellable       *preview_cancellable;
  guint               preview_timeout_id;
  guint               saved_years;      /* 0 when off */
  guint               preview_years;    /* what the preview counted, 0 while counting */
  gint64              preview_count;
  gboolean            loading;

  AdwExpanderRow     *anonymise_row;
  GtkSpinButton      *years_spin;
  GtkAdjustment      *years_adjustment;
  AdwActionRow       *preview_row;
  GtkSpinner         *preview_spinner;
  GtkButton          *apply_button;
  AdwComboRow        *country_row;
  GtkStringList      *country_list;
};

G_DEFINE_FINAL_TYPE (CltPrivacyPage, clt_privacy_page, ADW_TYPE_PREFERENCES_PAGE)

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static guint
get_years (CltPrivacyPage *self)
{
  return (guint) gtk_spin_button_get_value_as_int (self->years_spin);
}

static gboolean
get_enabled (CltPrivacyPage *self)
{
  return adw_expander_row_get_enable_expansion (self->anonymise_row);
}

static void
add_toast (CltPrivacyPage *self,
           const char     *text)
{
  g_autofree char *title = g_markup_escape_text (text, -1);

  clt_gui_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static void
update_state (CltPrivacyPage *self)
{
  g_autofree char *subtitle = NULL;
  gboolean changed = get_enabled (self) && get_years (self) != self->saved_years;

  if (changed)
    subtitle = g_strdup (_("Not applied yet"));
  else if (self->saved_years == 0)
    subtitle = g_strdup (_("Off"));
  else
    /* Translators: the setting "Anonymise Customers With No Contact" when on. */
    subtitle = g_strdup_printf (ngettext ("After %u year, with the daily copy",
                                          "After %u years, with the daily copy",
                                          self->saved_years), self->saved_years);
  adw_expander_row_set_subtitle (self->anonymise_row, subtitle);

  /* Confirmed with the count of those it affects: once that is known. */
  gtk_widget_set_visible (GTK_WIDGET (self->apply_button), changed);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), self->preview_years == get_years (self));
}

static void
show_preview (CltPrivacyPage     *self,
              gint64              count,
              const char * const *names)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (count == 0)
    title = g_strdup (_("No customer would be anonymised now"));
  else
    /* Translators: the preview of the setting, above the names of those it affects. */
    title = g_strdup_printf (ngettext ("%u customer would be anonymised:",
                                       "%u customers would be anonymised:", (gulong) count),
                             (guint) count);
  subtitle = clt_privacy_page_format_names (count, names);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->preview_row), title);
  adw_action_row_set_subtitle (self->preview_row, subtitle);
}

static void
preview_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CltPrivacyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  gint64 count;

  count = clt_store_preview_inactive_finish (CLT_STORE (object), result, &names, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->preview_cancellable);
  gtk_spinner_stop (self->preview_spinner);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_spinner), FALSE);

  if (count < 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->preview_row),
                                     _("Who would be anonymised cannot be counted"));
      adw_action_row_set_subtitle (self->preview_row, error->message);
      return;
    }

  self->preview_count = count;
  self->preview_years = get_years (self);
  show_preview (self, count, (const char * const *) names);
  update_state (self);
}

static void
run_preview (CltPrivacyPage *self)
{
  g_clear_handle_id (&self->preview_timeout_id, g_source_remove);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);

  self->preview_cancellable = g_cancellable_new ();
  clt_store_preview_inactive_async (self->store, get_years (self), now_unix (), self->preview_cancellable,
                                    preview_cb, g_object_ref (self));
}

static gboolean
preview_timeout_cb (gpointer user_data)
{
  CltPrivacyPage *self = user_data;

  self->preview_timeout_id = 0;
  run_preview (self);

  return G_SOURCE_REMOVE;
}

/* Counting reads the whole book, in a thread: once the years stay put. */
static void
queue_preview (CltPrivacyPage *self)
{
  self->preview_years = 0;
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_spinner), TRUE);
  gtk_spinner_start (self->preview_spinner);
  g_clear_handle_id (&self->preview_timeout_id, g_source_remove);
  self->preview_timeout_id = g_timeout_add (PREVIEW_DELAY_MS, preview_timeout_cb, self);
  update_state (self);
}

typedef struct
{
  guint  years;
  char  *saved_text;   /* the toast once saved */
} YearsChange;

static void
years_change_free (YearsChange *change)
{
  g_free (change->saved_text);
  g_free (change);
}

static gboolean
years_write (CltStore  *store,
             gpointer   data,
             GError   **error)
{
  return clt_store_set_anonymise_after_years (store, ((YearsChange *) data)->years, error);
}

static void
years_saved_cb (GtkWidget    *widget,
                const GError *error,
                gpointer      data)
{
  CltPrivacyPage *self = CLT_PRIVACY_PAGE (widget);
  YearsChange *change = data;

  self->saved_years = change->years;
  update_state (self);
  add_toast (self, change->saved_text);
}

/* Takes @saved_text. */
static void
save_years (CltPrivacyPage *self,
            guint           years,
            char           *saved_text)
{
  YearsChange *change = g_new0 (YearsChange, 1);

  change->years = years;
  change->saved_text = saved_text;
  clt_write_run (self->store, GTK_WIDGET (self), _("The setting was not saved."),
                 years_write, years_saved_cb, change, (GDestroyNotify) years_change_free);
}

static void
enable_changed_cb (CltPrivacyPage *self)
{
  if (self->loading)
    return;

  if (get_enabled (self))
    {
      queue_preview (self);
      return;
    }

  /* Turning it off loses nothing: no need to ask. */
  if (self->saved_years > 0)
    save_years (self, 0, g_strdup (_("Inactive customers will no longer be anonymised")));
  update_state (self);
}

static void
years_changed_cb (CltPrivacyPage *self)
{
  if (self->loading || !get_enabled (self))
    return;

  queue_preview (self);
}

static void
confirm_response_cb (CltPrivacyPage   *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  guint years = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "years"));

  if (g_strcmp0 (response, "anonymise") != 0)
    return;

  /* Translators: a toast once the setting is saved. */
  save_years (self, years,
              g_strdup_printf (ngettext ("Customers with no contact for %u year will be anonymised with the next daily copy",
                                         "Customers with no contact for %u years will be anonymised with the next daily copy",
                                         years), years));
}

static void
apply_clicked_cb (CltPrivacyPage *self)
{
  g_autofree char *heading = NULL;
  g_autofree char *now = NULL;
  g_autofree char *rule = NULL;
  g_autofree char *body = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint years = get_years (self);
  guint count = (guint) self->preview_count;
  AdwMessageDialog *dialog;

  g_return_if_fail (self->preview_years == years);

  if (count == 0)
    heading = g_strdup (_("Anonymise Inactive Customers?"));
  else
    heading = g_strdup_printf (ngettext ("Anonymise %u Customer?", "Anonymise %u Customers?", count), count);

  if (count == 0)
    now = g_strdup (_("Nobody would be anonymised now."));
  else
    now = g_strdup (ngettext ("This customer will be anonymised with the next daily copy, the next day "
                              "the book is opened.",
                              "These customers will be anonymised with the next daily copy, the next day "
                              "the book is opened.", count));
  rule = g_strdup_printf (ngettext ("From then on, every customer reaching %u year without contact is "
                                    "anonymised too.",
                                    "From then on, every customer reaching %u years without contact is "
                                    "anonymised too.", years), years);
  body = g_strjoin (" ", now, rule,
                    _("Names, contact details, preferences and notes are removed for good: this cannot "
                      "be undone."), NULL);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "anonymise", _("_Anonymise"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "anonymise", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "years", GUINT_TO_POINTER (years));
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The countries of Clientele's users first; any other code a book holds
 * is added to the list as it is. */
static const struct {
  const char *code;
  const char *name;
} countries[] = {
  { "FR", N_("France") },
  { "BE", N_("Belgium") },
  { "CH", N_("Switzerland") },
  { "LU", N_("Luxembourg") },
  { "MC", N_("Monaco") },
  { "CA", N_("Canada") },
  { "DE", N_("Germany") },
  { "ES", N_("Spain") },
  { "IT", N_("Italy") },
  { "GB", N_("United Kingdom") },
  { "IE", N_("Ireland") },
  { "US", N_("United States") },
};

static void
load_country (CltPrivacyPage *self)
{
  g_autofree char *code = clt_store_get_country (self->store);
  guint selected = G_N_ELEMENTS (countries);

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      gtk_string_list_append (self->country_list, _(countries[i].name));
      if (g_strcmp0 (countries[i].code, code) == 0)
        selected = i;
    }
  if (selected == G_N_ELEMENTS (countries))
    gtk_string_list_append (self->country_list, code);

  adw_combo_row_set_selected (self->country_row, selected);
  g_object_set_data_full (G_OBJECT (self->country_row), "other-code", g_steal_pointer (&code), g_free);
}

static gboolean
country_write (CltStore  *store,
               gpointer   data,
               GError   **error)
{
  return clt_store_set_country (store, data, error);
}

static void
country_changed_cb (CltPrivacyPage *self)
{
  guint selected = adw_combo_row_get_selected (self->country_row);
  const char *code;

  if (self->loading || self->store == NULL)
    return;

  code = selected < G_N_ELEMENTS (countries) ? countries[selected].code
                                             : g_object_get_data (G_OBJECT (self->country_row), "other-code");
  if (code != NULL)
    clt_write_run (self->store, GTK_WIDGET (self), _("The country was not saved."),
                   country_write, NULL, g_strdup (code), g_free);
}

static void
clt_privacy_page_dispose (GObject *object)
{
  CltPrivacyPage *self = CLT_PRIVACY_PAGE (object);

  g_clear_handle_id (&self->preview_timeout_id, g_source_remove);
  if (self->preview_cancellable != NULL)
    g_cancellable_cancel (self->preview_cancellable);
  g_clear_object (&self->preview_cancellable);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_PRIVACY_PAGE);

  G_OBJECT_CLASS (clt_privacy_page_parent_class)->dispose (object);
}

static void
clt_privacy_page_class_init (CltPrivacyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_privacy_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-privacy-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltPrivacyPage, anonymise_row);
  gtk_widget_class_bind_template_child (widget_class, CltPrivacyPage, years_spin);
  gtk_widget_class_bind_template_child (widget_class, CltPrivacyPage, years_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CltPrivacyPage, preview_row);
  gtk_widget_class_bind_template_child (widget_class, CltPrivacyPage, preview_spinner);
  gtk_widget_class_bind_template_child (widget_class, CltPrivacyPage, apply_button);
  gtk_widget_class_bind_template_child (widget_class, CltPrivacyPage, country_row);
  gtk_widget_class_bind_template_child (widget_class, CltPrivacyPage, country_list);
  gtk_widget_class_bind_template_callback (widget_class, country_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, enable_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, years_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
}

static void
clt_privacy_page_init (CltPrivacyPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  clt_a11y_name_expander_row (self->anonymise_row);
}

/**
 * clt_privacy_page_new:
 * @store: the book
 *
 * The Privacy page of @store's Preferences.
 */
CltPrivacyPage *
clt_privacy_page_new (CltStore *store)
{
  CltPrivacyPage *self;
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_PRIVACY_PAGE, NULL);
  self->store = g_object_ref (store);
  self->saved_years = clt_store_get_anonymise_after_years (store);

  self->loading = TRUE;
  load_country (self);
  if (self->saved_years > 0)
    {
      /* Set by clientele-cli beyond what the spin button offers. */
      gtk_adjustment_set_upper (self->years_adjustment, MAX (gtk_adjustment_get_upper (self->years_adjustment),
                                                             self->saved_years));
      gtk_spin_button_set_value (self->years_spin, self->saved_years);
      adw_expander_row_set_enable_expansion (self->anonymise_row, TRUE);
      adw_expander_row_set_expanded (self->anonymise_row, FALSE);
    }
  self->loading = FALSE;

  /* Who it affects now, as shown when expanded. */
  if (self->saved_years > 0)
    queue_preview (self);
  update_state (self);

  return self;
}

/**
 * clt_privacy_page_format_names:
 * @count: how many customers the preview found
 * @names: (nullable): the names of the first of them
 *
 * Returns: the first few names, and how many more: "Hélène Dupré, Anne
 *   Moreau and 10 others"
 */
char *
clt_privacy_page_format_names (gint64              count,
                               const char * const *names)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint shown = 0;

  g_return_val_if_fail (count >= 0, NULL);

  for (; names != NULL && names[shown] != NULL && shown < PREVIEW_NAMES; shown++)
    {
      if (shown > 0)
        /* Translators: between the names of the preview. */
        g_string_append (text, _(", "));
      g_string_append (text, names[shown]);
    }

  if (count > shown && shown > 0)
    {
      guint rest = (guint) (count - shown);

      /* Translators: %s is a list of names, %u how many more there are. */
      return g_strdup_printf (ngettext ("%s and %u other", "%s and %u others", rest), text->str, rest);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

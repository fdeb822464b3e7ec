/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-rows"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clt-application.h"
#include "clt-customer-dialog.h"
#include "clt-today-view.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* The customer page and Today in the order a desk needs them (issue 13,
 * review findings 13 and 17): Edit changes the phone and the e-mail
 * address too; Today shows an overdue date in the error colour and
 * alerts in the warning colour; someone expected is marked arrived in one
 * click, undone from the toast. Strings go through the catalogue, so the
 * test runs, and takes its screenshots, in French too. */

static CltApplication *app;
static char *data_home;

typedef struct
{
  char   *dir;
  char   *path;
  gint64  helene_id;
  gint64  zoe_id;
  gint64  stay_id;
  gint64  stay_at;
} Fixture;

static gint64
due_in_days (int days)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return clt_schedule_due (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day), 0, 0, TRUE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gint64 day_start, day_end;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-rows", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->helene_id = clt_test_gui_add_customer (store, "Hélène Dupré");
  clt_store_add_contact (store, fixture->helene_id, CLT_CONTACT_EMAIL, "home", "helene.dupre@example.fr", &error);
  clt_store_add_contact (store, fixture->helene_id, CLT_CONTACT_EMAIL, "work", "h.dupre@atelier.example", &error);
  clt_store_add_contact (store, fixture->helene_id, CLT_CONTACT_PHONE, "mobile", "06 12 34 56 78", &error);
  clt_store_add_preference (store, fixture->helene_id, NULL, "Allergique aux plumes", CLT_PREFERENCE_ALERT, &error);
  clt_store_add_promise (store, fixture->helene_id, "Rappeler pour la robe retouchée", "Julie",
                         due_in_days (-3), TRUE, &error);
  g_assert_no_error (error);

  /* Expected at the last minute of today, whenever the test runs. */
  clt_schedule_day_bounds (tz, clt_test_gui_now_unix (), 1, &day_start, &day_end);
  fixture->stay_at = day_end - 60;
  fixture->stay_id = clt_store_add_interaction (store, fixture->helene_id, CLT_INTERACTION_STAY,
                                                fixture->stay_at, TRUE, "Chambre 12", "Marc", &error);
  g_assert_no_error (error);

  fixture->zoe_id = clt_test_gui_add_customer (store, "Zoé Laurent");
  clt_store_add_contact (store, fixture->zoe_id, CLT_CONTACT_ADDRESS, NULL,
                         "3 place Bellecour\n69002 Lyon\nFrance", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static const char *
language (void)
{
  return g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr") ? "fr" : "en";
}

static void
save_screenshot (gpointer    window,
                 const char *what,
                 int         width,
                 const char *scheme)
{
  g_autofree char *name = g_strdup_printf ("rows-%s-%s-%d%s%s.png", what, language (), width,
                                           scheme != NULL ? "-" : "", scheme != NULL ? scheme : "");

  clt_test_gui_save_screenshot (window, name);
}

static gboolean
is_mapped_button (GtkWidget     *widget,
                  gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_toast (GtkWidget     *widget,
          gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, g_type_from_name ("AdwToastWidget")) &&
         gtk_widget_get_mapped (widget);
}

typedef struct
{
  GtkWidget  *root;
  const char *title;
} ToastQuery;

static gboolean
toast_is_shown (gpointer data)
{
  ToastQuery *query = data;
  GtkWidget *toast = clt_test_gui_find_widget (query->root, is_toast, NULL);

  return toast != NULL &&
         clt_test_gui_find_widget (toast, clt_test_gui_is_label_containing, query->title) != NULL;
}

/* The toast titled @title, once shown. */
static GtkWidget *
wait_for_toast (GtkWidget  *window,
                const char *title)
{
  ToastQuery query = { window, title };

  clt_test_gui_spin_until_full (toast_is_shown, &query, 20, title);

  return clt_test_gui_find_widget (window, is_toast, NULL);
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  name)
{
  return gtk_widget_has_css_class (widget, name) && gtk_widget_get_mapped (widget);
}

static gboolean
alerts_are_shown (gpointer window)
{
  return clt_test_gui_find_widget (window, has_css_class, "alerts") != NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static const char *
get_row_text (GtkWidget  *dialog,
              const char *title)
{
  AdwEntryRow *row = clt_test_gui_get_entry_row (dialog, title);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* The customer's contacts of @kind, their values in order, joined by "|". */
static char *
dup_contacts (CltStore       *store,
              gint64          customer_id,
              CltContactKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = clt_store_list_contacts (store, customer_id, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < contacts->len; i++)
    {
      const CltContact *contact = g_ptr_array_index (contacts, i);

      if (contact->kind != kind)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append_printf (out, "%s=%s", contact->label ? contact->label : "", contact->value);
    }

  return g_string_free (out, FALSE);
}

static GtkWidget *
edit_customer (GtkWidget *window,
               gint64     customer_id)
{
  clt_window_open_customer (CLT_WINDOW (window), customer_id);
  clt_test_gui_spin (200);
  g_assert_true (gtk_widget_activate_action (window, "win.edit-customer", NULL));

  return clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
}

static void
save_dialog (GtkWidget *dialog)
{
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));
}

static void
close_dialog (GtkWidget *dialog)
{
  g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
  clt_test_gui_spin (200);
}

/* Edit shows the first e-mail address and phone number and changes them
 * in place (their labels kept, the others untouched); an emptied field
 * removes its detail, a filled one adds it. A change of consent is
 * recorded with who is at the desk; typed changes are not lost to Escape. */
static void
test_edit_contacts (Fixture       *fixture,
                    gconstpointer  user_data)
{
  int width = GPOINTER_TO_INT (user_data);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clientele.Clientele");
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *emails = NULL;
  g_autofree char *phones = NULL;
  GtkWidget *window;
  GtkWidget *dialog;
  GtkWidget *question;
  GtkWidget *alerts;
  CltStore *store;

  window = GTK_WIDGET (clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, width, 800));
  store = clt_window_get_store (CLT_WINDOW (window));
  g_settings_set_string (settings, "staff-name", "Camille");

  /* With nothing to remember and no phone, the town (finding 10). */
  clt_test_gui_wait_for_label (window, "Lyon");
  save_screenshot (window, "list", width, NULL);

  /* The alert on the Remember card is in the warning colour, as in the
   * lists and on Today; the overdue promise has the clock. */
  clt_window_open_customer (CLT_WINDOW (window), fixture->helene_id);
  clt_test_gui_spin_until_full (alerts_are_shown, window, 10, "the Remember card's alerts");
  alerts = clt_test_gui_find_widget (window, has_css_class, "alerts");
  g_assert_nonnull (alerts);
  g_assert_true (gtk_widget_has_css_class (alerts, "warning"));
  g_assert_false (gtk_widget_has_css_class (alerts, "error"));
  save_screenshot (window, "customer", width, "light");
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (window, "customer", width, "dark");
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);

  dialog = edit_customer (window, fixture->helene_id);
  g_assert_cmpstr (get_row_text (dialog, _("E-mail address")), ==, "helene.dupre@example.fr");
  g_assert_cmpstr (get_row_text (dialog, _("Phone number")), ==, "06 12 34 56 78");
  gtk_window_set_default_size (GTK_WINDOW (dialog), width == 360 ? 360 : 520, 900);
  save_screenshot (dialog, "edit-contacts", width, NULL);

  /* Unchanged, it closes at once; changed, it asks first. */
  clt_test_gui_set_row_text (dialog, _("Phone number"), "06 12 34 56 79");
  close_dialog (dialog);
  question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==,
                   _("Discard Your Changes?"));
  g_signal_emit_by_name (clt_test_gui_find_widget (question, is_mapped_button, _("_Keep Typing")), "clicked");
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));

  clt_test_gui_set_row_text (dialog, _("E-mail address"), " helene@dupre.example ");
  clt_test_gui_set_row_text (dialog, _("Phone number"), "07 11 22 33 44");
  adw_combo_row_set_selected (ADW_COMBO_ROW (clt_test_gui_find_widget (dialog, is_row_titled, _("E-mail consent"))),
                              CLT_CONSENT_NONE);
  save_dialog (dialog);

  emails = dup_contacts (store, fixture->helene_id, CLT_CONTACT_EMAIL);
  phones = dup_contacts (store, fixture->helene_id, CLT_CONTACT_PHONE);
  g_assert_cmpstr (emails, ==, "home=helene@dupre.example|work=h.dupre@atelier.example");
  g_assert_cmpstr (phones, ==, "mobile=07 11 22 33 44");
  customer = clt_store_get_customer (store, fixture->helene_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_customer_get_email_consent (customer), ==, CLT_CONSENT_NONE);
  g_assert_cmpstr (clt_customer_get_consent_source (customer), ==, "Camille");
  /* The page shows the new number under the name. */
  clt_test_gui_wait_for_label (window, "07 11 22 33 44");

  /* Emptied, the phone is removed; the next e-mail address becomes the first. */
  dialog = edit_customer (window, fixture->helene_id);
  clt_test_gui_set_row_text (dialog, _("Phone number"), "");
  clt_test_gui_set_row_text (dialog, _("E-mail address"), "");
  save_dialog (dialog);
  g_clear_pointer (&phones, g_free);
  g_clear_pointer (&emails, g_free);
  phones = dup_contacts (store, fixture->helene_id, CLT_CONTACT_PHONE);
  emails = dup_contacts (store, fixture->helene_id, CLT_CONTACT_EMAIL);
  g_assert_cmpstr (phones, ==, "");
  g_assert_cmpstr (emails, ==, "work=h.dupre@atelier.example");

  /* Someone without any: given here, added. */
  dialog = edit_customer (window, fixture->zoe_id);
  g_assert_cmpstr (get_row_text (dialog, _("Phone number")), ==, "");
  clt_test_gui_set_row_text (dialog, _("Phone number"), "04 91 00 00 00");
  clt_test_gui_set_row_text (dialog, _("E-mail address"), "zoe@example.fr");
  save_dialog (dialog);
  g_clear_pointer (&phones, g_free);
  g_clear_pointer (&emails, g_free);
  phones = dup_contacts (store, fixture->zoe_id, CLT_CONTACT_PHONE);
  emails = dup_contacts (store, fixture->zoe_id, CLT_CONTACT_EMAIL);
  g_assert_cmpstr (phones, ==, "=04 91 00 00 00");
  g_assert_cmpstr (emails, ==, "=zoe@example.fr");

  g_settings_reset (settings, "staff-name");
}

static void
show_today (GtkWidget *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (clt_test_gui_get_widget (window, ADW_TYPE_VIEW_STACK));

  /* The briefing is made when Today is first shown. */
  adw_view_stack_set_visible_child_name (stack, "today");
  clt_test_gui_spin_until (clt_test_gui_is_mapped, clt_test_gui_get_widget (window, CLT_TYPE_TODAY_VIEW));
}

static const char *
arrived_label (void)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, "customer", "Arrived");
}

static gboolean
arrived_button_is_shown (gpointer window)
{
  return clt_test_gui_find_widget (window, is_mapped_button, arrived_label ()) != NULL;
}

static gboolean
arrived_button_is_gone (gpointer window)
{
  return !arrived_button_is_shown (window);
}

static CltInteraction *
get_stay (CltStore *store,
          Fixture  *fixture)
{
  g_autoptr(GError) error = NULL;
  CltInteraction *stay = clt_store_get_interaction (store, fixture->stay_id, &error);

  g_assert_no_error (error);
  return stay;
}

/* Today in light and dark: the overdue date in the error colour, alerts
 * in the warning colour, and Arrived on the stay expected today, which
 * becomes a stay made now and leaves "Expected"; Undo brings it back. */
static void
test_arrived (Fixture       *fixture,
              gconstpointer  user_data)
{
  int width = GPOINTER_TO_INT (user_data);
  g_autoptr(CltInteraction) made = NULL;
  g_autoptr(CltInteraction) planned = NULL;
  GtkWidget *window;
  GtkWidget *toast;
  GtkWidget *label;
  CltStore *store;
  gint64 before;

  window = GTK_WIDGET (clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, width, 800));
  store = clt_window_get_store (CLT_WINDOW (window));
  show_today (window);
  clt_test_gui_spin_until_full (arrived_button_is_shown, window, 10, "Arrived");

  label = clt_test_gui_find_widget (window, clt_test_gui_is_label_containing, "Allergique aux plumes");
  g_assert_true (gtk_widget_has_css_class (label, "warning"));
  save_screenshot (window, "today", width, "light");
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (window, "today", width, "dark");
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);

  before = clt_test_gui_now_unix ();
  clt_test_gui_click (clt_test_gui_find_widget (window, is_mapped_button, arrived_label ()));
  toast = wait_for_toast (window, "Hélène Dupré");
  made = get_stay (store, fixture);
  g_assert_false (made->planned);
  g_assert_cmpint (made->at, >=, before);
  g_assert_cmpint (made->at, <=, clt_test_gui_now_unix ());
  g_assert_cmpint (made->kind, ==, CLT_INTERACTION_STAY);
  g_assert_cmpstr (made->note, ==, "Chambre 12");
  clt_test_gui_spin_until_full (arrived_button_is_gone, window, 10, "the row to leave Expected");
  save_screenshot (window, "arrived-toast", width, NULL);
  /* Its title whole, on two lines when narrow, not cut short. */
  {
    GtkWidget *title = clt_test_gui_find_widget (toast, clt_test_gui_is_label_containing, "Hélène Dupré");

    g_assert_nonnull (title);
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title))));
  }

  g_signal_emit_by_name (clt_test_gui_find_widget (toast, is_mapped_button, _("_Undo")), "clicked");
  wait_for_toast (window, _("Expected again"));
  clt_test_gui_spin_until_full (arrived_button_is_shown, window, 10, "the row back in Expected");
  planned = get_stay (store, fixture);
  g_assert_true (planned->planned);
  g_assert_cmpint (planned->at, ==, fixture->stay_at);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-rows-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* gtk_test_init() sets an English locale: the run in French asks again. */
  if (g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr"))
    g_assert_nonnull (setlocale (LC_ALL, ""));

  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr"))
    clt_test_gui_assert_french ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/rows/edit-contacts", Fixture, GINT_TO_POINTER (1280),
              fixture_set_up, test_edit_contacts, fixture_tear_down);
  g_test_add ("/gui/rows/edit-contacts-narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_edit_contacts, fixture_tear_down);
  g_test_add ("/gui/rows/arrived", Fixture, GINT_TO_POINTER (1280),
              fixture_set_up, test_arrived, fixture_tear_down);
  g_test_add ("/gui/rows/arrived-narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_arrived, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

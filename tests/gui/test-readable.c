/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-readable"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "clt-application.h"
#include "clt-compose-dialog.h"
#include "clt-customer-dialog.h"
#include "clt-customer-row.h"
#include "clt-log-dialog.h"
#include "clt-preferences-window.h"
#include "clt-promise-dialog.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* Lists a clerk can read (issue 13, findings 9, 10, 17, 25), in English
 * and in French, at 360 px: no label of a list's row or of a drop-down's
 * own list is cut short, a search by phone digits shows the number it
 * found, the recipient of an e-mail is whole, and the narrow compose
 * puts the message before the Remember card's details. */

#define LONG_EMAIL "marie-helene.chevalier-de-la-tour@hotellerie-exemple.fr"

static CltApplication *app;
static gboolean french;

typedef struct
{
  char      *dir;
  char      *path;
  CltWindow *window;
  gint64     helene;
  gint64     marie;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = clt_test_gui_now_unix ();

  fixture->dir = clt_test_gui_make_book_dir ("test-readable", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->helene = clt_test_gui_add_customer (store, "Hélène Dupré");
  clt_store_add_contact (store, fixture->helene, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->helene, CLT_CONTACT_PHONE, "bureau", "04 78 12 00 00", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->helene, CLT_CONTACT_EMAIL, NULL, "helene.dupre@example.org", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->helene, CLT_CONTACT_EMAIL, NULL, "h.dupre@hotel-des-tilleuls.fr", &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, fixture->helene, "health", "Allergique aux plumes",
                            CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, fixture->helene, "room", "Chambre calme, côté jardin", 0, &error);
  g_assert_no_error (error);
  clt_store_add_promise (store, fixture->helene, "Rappeler pour la chambre de mai", "Julie",
                         now - 2 * 86400, TRUE, &error);
  g_assert_no_error (error);

  fixture->marie = clt_test_gui_add_customer (store, "Marie-Hélène Chevalier");
  clt_store_add_contact (store, fixture->marie, CLT_CONTACT_EMAIL, NULL, LONG_EMAIL, &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->marie, CLT_CONTACT_PHONE, NULL, "06 03 79 11 22", &error);
  g_assert_no_error (error);
  clt_store_add_promise (store, fixture->marie, "Envoyer le devis pour le séminaire", "Julie",
                         now - 3 * 86400 - 3600, FALSE, &error);
  g_assert_no_error (error);

  clt_test_gui_add_customer (store, "Stéphane Bertrand-Boissonnade");
  clt_test_gui_add_customer (store, "Camille Boyer");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static void
save_screenshot (gpointer    window,
                 const char *what,
                 int         width)
{
  g_autofree char *file = g_strdup_printf ("readable-%s-%d-%s.png", what, width, french ? "fr" : "en");

  clt_test_gui_save_screenshot (window, file);
}

/* Names every label shown under @root whose text is cut short, and
 * counts them. */
static guint
report_ellipsized (GtkWidget  *root,
                   const char *where)
{
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;

  if (GTK_IS_LABEL (root) && pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (root))))
    {
      g_test_message ("%s: “%s” is cut short (%d px wide)", where,
                      gtk_label_get_text (GTK_LABEL (root)), gtk_widget_get_width (root));
      n++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += report_ellipsized (child, where);

  return n;
}

static gboolean
is_customer_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  return CLT_IS_CUSTOMER_ROW (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_today_row (GtkWidget     *widget,
              gconstpointer  data)
{
  return gtk_widget_has_css_class (widget, "today-row") && gtk_widget_get_mapped (widget);
}

/* The labels of every row shown under @root that @match picks. */
static guint
report_rows (GtkWidget       *root,
             CltTestGuiMatch  match,
             const char      *where,
             guint           *n_rows)
{
  guint n = 0;

  if (match (root, NULL))
    {
      (*n_rows)++;
      return report_ellipsized (root, where);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += report_rows (child, match, where, n_rows);

  return n;
}

static void
show_view (CltWindow  *window,
           const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", name));
  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
}

static void
type_search (CltWindow  *window,
             const char *text)
{
  GtkWidget *entry = clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* GtkSearchEntry waits a little before "search-changed". */
  clt_test_gui_spin (400);
  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
}

static gboolean
is_row_of (GtkWidget     *widget,
           gconstpointer  name)
{
  CltCustomer *customer;

  if (!CLT_IS_CUSTOMER_ROW (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  customer = clt_customer_row_get_customer (CLT_CUSTOMER_ROW (widget));

  return customer != NULL && g_strcmp0 (clt_customer_get_display_name (customer), name) == 0;
}

/* The text of the second line of @name's row: the small labels under the
 * name, shown, one after the other. */
static char *
dup_second_line (CltWindow  *window,
                 const char *name)
{
  GtkWidget *row = clt_test_gui_find_widget (GTK_WIDGET (window), is_row_of, name);
  GString *text = g_string_new (NULL);

  g_assert_nonnull (row);
  for (GtkWidget *label = gtk_widget_get_first_child (row);
       label != NULL;
       label = gtk_widget_get_next_sibling (label))
    if (gtk_widget_get_visible (label) && gtk_widget_has_css_class (label, "caption"))
      g_string_append (text, gtk_label_get_text (GTK_LABEL (label)));

  return g_string_free (text, FALSE);
}

/* Typed digits show which number they found, whole, before the alert;
 * the same row, found by name again, no longer does (finding 25). */
static void
test_phone_match (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *alert = g_strdup_printf (_("Alert: %s"), "Allergique aux plumes");
  char *line;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 360, 700);
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));

  type_search (fixture->window, "Hélène");
  line = dup_second_line (fixture->window, "Hélène Dupré");
  g_assert_cmpstr (line, ==, alert);
  g_free (line);

  type_search (fixture->window, "0612");
  save_screenshot (fixture->window, "phone-search", 360);
  line = dup_second_line (fixture->window, "Hélène Dupré");
  g_assert_true (g_str_has_prefix (line, "+33 6 12 34 56 78"));
  g_assert_true (g_str_has_suffix (line, alert));
  g_free (line);
  g_assert_cmpuint (report_ellipsized (clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_row_of,
                                                                 "Hélène Dupré"), "0612"), ==, 0);

  /* Her second number, not her first. */
  type_search (fixture->window, "04 78");
  line = dup_second_line (fixture->window, "Hélène Dupré");
  g_assert_true (g_str_has_prefix (line, "04 78 12 00 00"));
  g_free (line);

  /* Nothing to remember: the number alone. */
  type_search (fixture->window, "0603");
  line = dup_second_line (fixture->window, "Marie-Hélène Chevalier");
  g_assert_cmpstr (line, ==, "06 03 79 11 22");
  g_free (line);

  type_search (fixture->window, "helene dupre");
  line = dup_second_line (fixture->window, "Hélène Dupré");
  g_assert_cmpstr (line, ==, alert);
  g_free (line);
}

/* At 360 px no label of a customer row or a Today row is cut short: long
 * names and times wrap (findings 10, 17, 25). */
static void
test_rows_narrow (Fixture       *fixture,
                  gconstpointer  user_data)
{
  guint n_rows = 0;
  guint n;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 360, 700);
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));
  save_screenshot (fixture->window, "customers", 360);
  n = report_rows (GTK_WIDGET (fixture->window), is_customer_row, "customer list", &n_rows);
  g_assert_cmpuint (n_rows, ==, 4);
  g_assert_cmpuint (n, ==, 0);

  show_view (fixture->window, "today");
  save_screenshot (fixture->window, "today", 360);
  n_rows = 0;
  n = report_rows (GTK_WIDGET (fixture->window), is_today_row, "Today", &n_rows);
  g_assert_cmpuint (n_rows, ==, 2);
  g_assert_cmpuint (n, ==, 0);
}

/* The customer page's phone and e-mail under the name, whole at 360 px. */
static void
test_page_narrow (Fixture       *fixture,
                  gconstpointer  user_data)
{
  GtkWidget *label;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 360, 700);
  clt_window_open_customer (fixture->window, fixture->marie);
  clt_test_gui_wait_for_label (fixture->window, LONG_EMAIL);
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));
  save_screenshot (fixture->window, "customer-page", 360);

  label = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), clt_test_gui_is_label_containing, LONG_EMAIL);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 360);
}

/* The drop-downs shown under @widget, in order. */
static void
collect_combo_rows (GtkWidget *widget,
                    GPtrArray *combos)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (ADW_IS_COMBO_ROW (widget))
    g_ptr_array_add (combos, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_combo_rows (child, combos);
}

/* Opens each drop-down of @dialog in turn and checks its own list: no
 * option cut short, and the list within the window's 360 px. */
static void
check_drop_downs (GtkWidget  *dialog,
                  const char *name,
                  guint       expected)
{
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  guint n = 0;

  collect_combo_rows (dialog, combos);
  g_assert_cmpuint (combos->len, ==, expected);

  for (guint i = 0; i < combos->len; i++)
    {
      GtkWidget *combo = g_ptr_array_index (combos, i);
      GtkWidget *popover = clt_test_gui_get_widget (combo, GTK_TYPE_POPOVER);
      g_autofree char *where = g_strdup_printf ("%s, “%s”", name,
                                                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (combo)));

      gtk_popover_popup (GTK_POPOVER (popover));
      clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
      clt_test_gui_wait_for_paint (popover);
      clt_test_gui_wait_for_paint (popover);
      if (i == 0)
        {
          g_autofree char *what = g_strdup_printf ("%s-list", name);

          save_screenshot (dialog, name, 360);
          save_screenshot (popover, what, 360);
        }
      n += report_ellipsized (popover, where);
      g_assert_cmpint (gtk_widget_get_width (popover), <=, 360);
      gtk_popover_popdown (GTK_POPOVER (popover));
      clt_test_gui_spin (50);
    }

  g_assert_cmpuint (n, ==, 0);
}

static GtkWidget *
present_dialog (Fixture   *fixture,
                GtkWidget *dialog)
{
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (fixture->window));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 700);
  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  clt_test_gui_wait_for_paint (dialog);
  clt_test_gui_wait_for_paint (dialog);

  return dialog;
}

static void
test_drop_downs (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char csv[] =
    "Nom;Prénom;Téléphone;Remarque\r\n"
    "Château;Léon;04 78 00 00 01;Client depuis 2019\r\n";
  g_autofree char *csv_path = g_build_filename (fixture->dir, "clients.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = NULL;
  GtkWidget *dialog;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 360, 700);
  store = g_object_ref (clt_window_get_store (fixture->window));

  /* Compose: the recipient, then the template. */
  dialog = present_dialog (fixture, GTK_WIDGET (clt_compose_dialog_new (GTK_WINDOW (fixture->window), store,
                                                                        fixture->helene, NULL, 0)));
  check_drop_downs (dialog, "compose", 2);
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = present_dialog (fixture, GTK_WIDGET (clt_customer_dialog_new (store, fixture->helene)));
  check_drop_downs (dialog, "customer", 2);
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = present_dialog (fixture, GTK_WIDGET (clt_log_dialog_new (store, fixture->helene)));
  check_drop_downs (dialog, "log", 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  dialog = present_dialog (fixture, clt_promise_dialog_new (GTK_WINDOW (fixture->window), store,
                                                            fixture->helene));
  check_drop_downs (dialog, "promise", 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Import: the encoding, then a field for each column. */
  g_file_set_contents (csv_path, csv, -1, &error);
  g_assert_no_error (error);
  dialog = clt_window_import_file (fixture->window, file);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 700);
  clt_test_gui_wait_for_label (dialog, "Léon");
  clt_test_gui_wait_for_paint (dialog);
  check_drop_downs (dialog, "import", 5);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Preferences, E-mail: the provider, and the security under Advanced,
   * whose choice is read whole under its title too. */
  dialog = GTK_WIDGET (clt_preferences_window_new (GTK_WINDOW (fixture->window), store));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (dialog), "mail");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_EXPANDER_ROW)), TRUE);
  present_dialog (fixture, dialog);
  check_drop_downs (dialog, "preferences", 2);
  g_assert_cmpuint (report_ellipsized (dialog, "preferences"), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Narrow, the compose dialog shows the alert, then the message, then the
 * rest of the Remember card; the recipient is whole (findings 9, 25). */
static void
test_compose_narrow (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  GtkWidget *dialog;
  GtkWidget *alert;
  GtkWidget *body;
  GtkWidget *details;
  graphene_point_t alert_at, body_at, details_at;
  GtkWidget *address;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 360, 700);
  store = g_object_ref (clt_window_get_store (fixture->window));
  dialog = present_dialog (fixture, GTK_WIDGET (clt_compose_dialog_new (GTK_WINDOW (fixture->window), store,
                                                                        fixture->marie, NULL, 0)));
  clt_compose_dialog_select_address (CLT_COMPOSE_DIALOG (dialog), LONG_EMAIL);
  clt_test_gui_wait_for_paint (dialog);
  save_screenshot (dialog, "compose", 360);
  /* Its title too: « Courriel », not « Écrire un co… ». */
  g_assert_cmpuint (report_ellipsized (clt_test_gui_get_widget (dialog, ADW_TYPE_HEADER_BAR), "compose header"), ==, 0);

  address = clt_test_gui_find_widget (dialog, clt_test_gui_is_label_containing, LONG_EMAIL);
  g_assert_nonnull (address);
  g_assert_true (gtk_widget_get_mapped (address));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (address))));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Hélène has an alert and preferences. */
  dialog = present_dialog (fixture, GTK_WIDGET (clt_compose_dialog_new (GTK_WINDOW (fixture->window), store,
                                                                        fixture->helene, NULL, 0)));
  save_screenshot (dialog, "compose-alert", 360);
  alert = clt_test_gui_find_widget (dialog, clt_test_gui_is_label_containing, "Allergique aux plumes");
  details = clt_test_gui_find_widget (dialog, clt_test_gui_is_label_containing, "Chambre calme, côté jardin");
  body = clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (alert);
  g_assert_nonnull (details);
  g_assert_true (gtk_widget_compute_point (alert, dialog, &GRAPHENE_POINT_INIT (0, 0), &alert_at));
  g_assert_true (gtk_widget_compute_point (body, dialog, &GRAPHENE_POINT_INIT (0, 0), &body_at));
  g_assert_true (gtk_widget_compute_point (details, dialog, &GRAPHENE_POINT_INIT (0, 0), &details_at));
  g_assert_cmpfloat (alert_at.y, <, body_at.y);
  g_assert_cmpfloat (body_at.y, <, details_at.y);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
is_label_starting (GtkWidget     *widget,
                   gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), text);
}

/* Wide, Today's name and time share a line, and the compose dialog has
 * the whole card beside the message, its alert once. */
static void
test_wide (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  graphene_point_t name_at, when_at;
  GtkWidget *name;
  GtkWidget *when;
  GtkWidget *dialog;
  GtkWidget *alerts_view;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1280, 800);
  store = g_object_ref (clt_window_get_store (fixture->window));
  type_search (fixture->window, "0612");
  save_screenshot (fixture->window, "phone-search", 1280);

  show_view (fixture->window, "today");
  save_screenshot (fixture->window, "today", 1280);
  name = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_label_starting, "Hélène Dupré");
  g_assert_nonnull (name);
  when = clt_test_gui_find_widget (gtk_widget_get_parent (name), is_label_starting, " · ");
  g_assert_nonnull (name);
  g_assert_nonnull (when);
  g_assert_true (gtk_widget_compute_point (name, GTK_WIDGET (fixture->window),
                                           &GRAPHENE_POINT_INIT (0, 0), &name_at));
  g_assert_true (gtk_widget_compute_point (when, GTK_WIDGET (fixture->window),
                                           &GRAPHENE_POINT_INIT (0, 0), &when_at));
  g_assert_cmpfloat (name_at.y, ==, when_at.y);
  g_assert_cmpfloat (name_at.x, <, when_at.x);

  dialog = GTK_WIDGET (clt_compose_dialog_new (GTK_WINDOW (fixture->window), store, fixture->helene, NULL, 0));
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  clt_test_gui_wait_for_paint (dialog);
  clt_test_gui_wait_for_paint (dialog);
  save_screenshot (dialog, "compose", 1280);
  alerts_view = clt_test_gui_find_widget (dialog, clt_test_gui_is_label_containing, "Allergique aux plumes");
  g_assert_true (gtk_widget_get_mapped (alerts_view));
  g_assert_true (gtk_widget_get_mapped (clt_test_gui_find_widget (dialog, clt_test_gui_is_label_containing,
                                                                  "Chambre calme, côté jardin")));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  french = clt_test_gui_init_language ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/readable/phone-match", Fixture, NULL, fixture_set_up, test_phone_match, fixture_tear_down);
  g_test_add ("/gui/readable/rows-narrow", Fixture, NULL, fixture_set_up, test_rows_narrow, fixture_tear_down);
  g_test_add ("/gui/readable/page-narrow", Fixture, NULL, fixture_set_up, test_page_narrow, fixture_tear_down);
  g_test_add ("/gui/readable/drop-downs", Fixture, NULL, fixture_set_up, test_drop_downs, fixture_tear_down);
  g_test_add ("/gui/readable/compose-narrow", Fixture, NULL,
              fixture_set_up, test_compose_narrow, fixture_tear_down);
  g_test_add ("/gui/readable/wide", Fixture, NULL, fixture_set_up, test_wide, fixture_tear_down);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-lists"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "clt-customer-row.h"
#include "clt-promise-dialog.h"
#include "clt-today-row.h"

#include "clt-test-gui.h"

/* Lists a clerk can read: a name takes the row's width, and a row with
 * nothing to remember shows how to reach the customer. */

#define LONG_NAME "Stéphane Bertrand-Boissonnade de la Tour"

typedef struct
{
  char      *dir;
  char      *path;
  CltStore  *store;
  GtkWidget *window;
  GtkWidget *row;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("test-lists", &fixture->path);
  fixture->store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->store);
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* The customer as the list model reads it, in a row @width wide. */
static void
show_row (Fixture    *fixture,
          const char *query,
          int         width)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->store);
  g_autoptr(CltCustomer) customer = NULL;

  clt_search_model_set_query (model, query);
  clt_test_gui_spin_until_full ((CltTestGuiCondition) clt_search_model_get_complete, model, 10,
                                "the search to finish");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  customer = g_list_model_get_item (G_LIST_MODEL (model), 0);

  fixture->window = gtk_window_new ();
  fixture->row = clt_customer_row_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->row);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 80);
  clt_customer_row_set_customer (CLT_CUSTOMER_ROW (fixture->row), customer);
  gtk_window_present (GTK_WINDOW (fixture->window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, fixture->window);
  clt_test_gui_wait_for_paint (fixture->window);
}

static void
test_long_name (Fixture       *fixture,
                gconstpointer  user_data)
{
  GtkWidget *label;

  clt_test_gui_add_customer (fixture->store, LONG_NAME);
  show_row (fixture, "Boissonnade", 600);

  label = clt_test_gui_find_widget (fixture->row, clt_test_gui_is_label_containing, "Boissonnade");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, LONG_NAME);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));

  /* Where there is no room, only its end gives way. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  show_row (fixture, "Boissonnade", 160);
  label = clt_test_gui_find_widget (fixture->row, clt_test_gui_is_label_containing, "Boissonnade");
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
}

static void
test_phone_line (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *label;
  gint64 id;

  id = clt_test_gui_add_customer (fixture->store, "Camille Boyer");
  clt_store_add_contact (fixture->store, id, CLT_CONTACT_PHONE, NULL, "06 12 34 56 78", &error);
  g_assert_no_error (error);
  clt_store_add_contact (fixture->store, id, CLT_CONTACT_PHONE, NULL, "01 98 76 54 32", &error);
  g_assert_no_error (error);
  show_row (fixture, "Boyer", 600);

  /* The first number given, on the line a card would take. */
  label = clt_test_gui_find_widget (fixture->row, clt_test_gui_is_label_containing, "06");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "06 12 34 56 78");
  g_assert_null (clt_test_gui_find_widget (fixture->row, clt_test_gui_is_label_containing, "01 98"));
  /* No width in characters: for a label with one, GTK 4.8 has pango shape
   * the font's sample text again at each measure, for every row drawn. The
   * list's scroller takes no natural width from its rows. */
  g_assert_cmpint (gtk_label_get_max_width_chars (GTK_LABEL (label)), ==, -1);
  g_assert_cmpint (gtk_label_get_width_chars (GTK_LABEL (label)), ==, -1);
}

/* A drop-down's own list shows each option whole, however long. */
/* Without a phone, the town of their address: no blank line (finding 10). */
static void
test_city_line (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *label;
  gint64 id;

  id = clt_test_gui_add_customer (fixture->store, "Camille Boyer");
  clt_store_add_contact (fixture->store, id, CLT_CONTACT_ADDRESS, NULL,
                         "3 place Bellecour\n69002 Lyon\nFrance", &error);
  g_assert_no_error (error);
  clt_store_add_contact (fixture->store, id, CLT_CONTACT_ADDRESS, NULL, "12 rue des Lilas\n75011 Paris", &error);
  g_assert_no_error (error);
  show_row (fixture, "Boyer", 360);

  label = clt_test_gui_find_widget (fixture->row, clt_test_gui_is_label_containing, "Lyon");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Lyon");
  g_assert_true (gtk_widget_has_css_class (label, "dim-label"));
  g_assert_null (clt_test_gui_find_widget (fixture->row, clt_test_gui_is_label_containing, "Paris"));

  /* A phone comes first: it is how to reach them. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  clt_store_add_contact (fixture->store, id, CLT_CONTACT_PHONE, NULL, "06 12 34 56 78", &error);
  g_assert_no_error (error);
  show_row (fixture, "Boyer", 360);
  g_assert_nonnull (clt_test_gui_find_widget (fixture->row, clt_test_gui_is_label_containing, "06 12"));
  g_assert_null (clt_test_gui_find_widget (fixture->row, clt_test_gui_is_label_containing, "Lyon"));
}

static void
test_whole_options (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const char *option = _("The morning of the due day");
  GtkWidget *dialog;
  GtkWidget *combo;
  GtkWidget *popover;
  GtkWidget *label = NULL;
  gint64 id;

  id = clt_test_gui_add_customer (fixture->store, "Camille Boyer");
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 600);
  gtk_window_present (GTK_WINDOW (fixture->window));
  dialog = GTK_WIDGET (clt_promise_dialog_new (GTK_WINDOW (fixture->window), fixture->store, id));
  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);

  combo = clt_test_gui_get_widget (dialog, ADW_TYPE_COMBO_ROW);
  popover = clt_test_gui_get_widget (combo, GTK_TYPE_POPOVER);
  gtk_popover_popup (GTK_POPOVER (popover));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  clt_test_gui_wait_for_paint (popover);

  label = clt_test_gui_find_widget (popover, clt_test_gui_is_label_containing, option);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, option);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  g_assert_cmpint (gtk_widget_get_width (popover), <=, 360);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
is_image (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_IMAGE (widget);
}

/* A label of a row not shown in a window. */
static gboolean
is_row_label (GtkWidget     *widget,
              gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* Today: an overdue promise has a clock, in the error colour, and not the
 * alert's triangle; a birthday is titled with the person. */
static void
test_today_rows (Fixture       *fixture,
                 gconstpointer  user_data)
{
  CltPromise promise = { .id = 1, .customer_id = 2, .customer_name = (char *) "Hélène Dupré",
                         .text = (char *) "Rappeler pour le tissu", .due_at = 1765000000,
                         .due_all_day = TRUE };
  CltTodayPerson person = { .customer_id = 3, .name = (char *) "Chloé Hill", .when = 1765100000,
                            .age = 33 };
  g_autofree char *day = NULL;
  g_autofree char *when = NULL;
  GtkWidget *row;
  GtkWidget *icon;
  GtkWidget *label;

  row = g_object_ref_sink (clt_today_row_new_promise (CLT_TODAY_OVERDUE, &promise, "Allergie"));
  icon = clt_test_gui_find_widget (row, is_image, NULL);
  g_assert_nonnull (icon);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "alarm-symbolic");
  g_assert_true (gtk_widget_has_css_class (icon, "error"));
  g_assert_false (gtk_widget_has_css_class (row, "error"));

  /* The date in the error colour, the rest not; the alert in the warning
   * colour, as in the customer list (finding 17). */
  day = clt_today_row_format_local (promise.due_at, _("%A %-d %B"));
  when = g_strdup_printf (_(" · %s"), day);
  label = clt_test_gui_find_widget (row, is_row_label, day);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, when);
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  label = clt_test_gui_find_widget (row, is_row_label, "Hélène Dupré");
  g_assert_false (gtk_widget_has_css_class (label, "error"));
  label = clt_test_gui_find_widget (row, is_row_label, "Rappeler pour le tissu");
  g_assert_false (gtk_widget_has_css_class (label, "error"));
  label = clt_test_gui_find_widget (row, is_row_label, "Allergie");
  g_assert_true (gtk_widget_has_css_class (label, "warning"));
  g_object_unref (row);

  /* Due today: the time is not in the error colour. */
  row = g_object_ref_sink (clt_today_row_new_promise (CLT_TODAY_UPCOMING, &promise, NULL));
  label = clt_test_gui_find_widget (row, is_row_label, day);
  g_assert_nonnull (label);
  g_assert_false (gtk_widget_has_css_class (label, "error"));
  g_object_unref (row);

  row = g_object_ref_sink (clt_today_row_new_person (CLT_TODAY_BIRTHDAYS, &person));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Chloé Hill");
  g_assert_nonnull (clt_test_gui_find_widget (row, is_row_label, "Turns 33"));
  g_object_unref (row);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/lists/long-name", Fixture, NULL, fixture_set_up, test_long_name, fixture_tear_down);
  g_test_add ("/gui/lists/phone-line", Fixture, NULL, fixture_set_up, test_phone_line, fixture_tear_down);
  g_test_add ("/gui/lists/city-line", Fixture, NULL, fixture_set_up, test_city_line, fixture_tear_down);

  g_test_add ("/gui/lists/whole-options", Fixture, NULL, fixture_set_up, test_whole_options, fixture_tear_down);

  g_test_add ("/gui/lists/today-rows", Fixture, NULL, fixture_set_up, test_today_rows, fixture_tear_down);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-search-desk"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-application.h"
#include "clt-window.h"

#include "clt-test-book.h"
#include "clt-test-gui.h"

/* The desk's order in the window: among many namesakes, the guest
 * expected today is the first row, which says so; then the one seen
 * today. Screenshots desk-*.png, wide and at 360 px. */

#define N_NAMESAKES 80

static CltApplication *app;
static char *data_home;
static gboolean french;

typedef struct
{
  char   *dir;
  char   *path;
  gint64  expected_id;
  gint64  seen_id;
  char   *expected_text;
  char   *seen_text;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const given[] = { "Anne", "Bruno", "Claire", "Denis", "Élise", "Fabien",
                                        "Gaëlle", "Hugo", "Inès", "Jules", NULL };
  static const char * const second[N_NAMESAKES / 10] = { "", "-Marie", "-Paul", "-Louise", "-Pierre",
                                                         "-Claude", "-Luc", "-Sophie" };
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autofree char *expected_time = NULL;
  g_autofree char *seen_time = NULL;
  gint64 day_start, day_end;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-desk", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  clt_schedule_day_bounds (tz, clt_test_gui_now_unix (), 1, &day_start, &day_end);

  g_assert_true (clt_store_begin (store, &error));
  for (guint i = 0; i < N_NAMESAKES; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%s Quillebeuf", given[i % 10], second[i / 10]);

      clt_test_gui_add_customer (store, name);
    }
  fixture->seen_id = clt_test_gui_add_customer (store, "Yann Quillebeuf");
  fixture->expected_id = clt_test_gui_add_customer (store, "Zacharie Quillebeuf");
  clt_store_add_preference (store, fixture->expected_id, "food", "Allergique aux fruits à coque",
                            CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  clt_store_add_interaction (store, fixture->expected_id, CLT_INTERACTION_STAY,
                             day_start + 15 * 3600 + 30 * 60, TRUE, "Chambre 12", "Julie", &error);
  g_assert_no_error (error);
  clt_store_add_interaction (store, fixture->seen_id, CLT_INTERACTION_CALL,
                             day_start + 9 * 3600 + 10 * 60, FALSE, NULL, "Marc", &error);
  g_assert_no_error (error);
  g_assert_true (clt_store_commit (store, &error));
  g_assert_no_error (error);

  expected_time = clt_when_format_time_in_text (day_start + 15 * 3600 + 30 * 60);
  seen_time = clt_when_format_time_in_text (day_start + 9 * 3600 + 10 * 60);
  fixture->expected_text = g_strdup_printf (_("Expected today at %s"), expected_time);
  fixture->seen_text = g_strdup_printf (_("Seen today at %s"), seen_time);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_free (fixture->expected_text);
  g_free (fixture->seen_text);
}

static gint64
item_id (CltWindow *window,
         guint      position)
{
  CltCustomer *customer = clt_test_gui_get_result (window, position);

  return customer != NULL ? clt_customer_get_id (customer) : 0;
}

static gboolean
has_copied (gpointer data)
{
  return clt_test_counted_messages () > 0;
}

static void
test_first_row (Fixture       *fixture,
                gconstpointer  data)
{
  int width = GPOINTER_TO_INT (data);
  g_autofree char *shot = g_strdup_printf ("desk-%s-%s.png", width > 360 ? "wide" : "narrow",
                                           french ? "fr" : "en");
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, width, 700);
  GtkWidget *entry = clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY);

  /* Today's customers are copied once the window is idle, not at the
   * first keystroke (31 ms of it at 100,000 customers). */
  clt_test_reset_counted ();
  clt_test_gui_spin_until_full (has_copied, NULL, 10, "today's customers copied while idle");
  gtk_editable_set_text (GTK_EDITABLE (entry), "quil");
  clt_test_gui_wait_for_label (window, fixture->expected_text);
  clt_test_gui_wait_for_label (window, fixture->seen_text);
  g_assert_cmpuint (clt_test_counted_messages (), ==, 1);

  g_assert_cmpint (item_id (window, 0), ==, fixture->expected_id);
  g_assert_cmpint (item_id (window, 1), ==, fixture->seen_id);
  g_assert_cmpint (item_id (window, 2), !=, fixture->expected_id);
  clt_test_gui_save_screenshot (window, shot);

  /* Another query: the reason goes with the row that no longer comes first. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "anne");
  clt_test_gui_wait_for_no_label (window, fixture->expected_text);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  data_home = g_dir_make_tmp ("clientele-desk-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  /* The desk's copies, counted by their debug message. */
  clt_test_count_messages ("Copying today's customers");
  adw_init ();
  french = clt_test_gui_init_language ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/search-desk/first-row-wide", Fixture, GINT_TO_POINTER (1000),
              fixture_set_up, test_first_row, fixture_tear_down);
  g_test_add ("/gui/search-desk/first-row-narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_first_row, fixture_tear_down);

  status = g_test_run ();

  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);
  return status;
}

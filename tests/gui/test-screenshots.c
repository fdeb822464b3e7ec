/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-screenshots"

/* The screenshots of the metainfo and the README, taken from the real
 * window on a book made as a person would: `clientele-cli sample` and one
 * customer added by hand, with an alert, a promise overdue, preferences,
 * an expected visit and a mail account. Each is checked for what it must
 * show, then saved beside the test program; with CLT_SCREENSHOTS_DIR set
 * (to data/screenshots), there too:
 *
 *   customers.png  the book with a Remember card (the alert first)
 *   customer.png   a customer page at 360 px
 *   today.png      Today: the overdue promise, who is expected
 *   compose.png    a follow-up e-mail being written beside the card
 */

#include "config.h"

#include <glib/gi18n.h>

#include "clt-application.h"
#include "clt-compose-dialog.h"
#include "clt-window.h"

#include "clt-test-gui.h"

#define CUSTOMER "Hélène Dupré-Lefèvre de la Tour"
#define ALERT "Allergique aux plumes"
#define PROMISE "Rappeler pour la robe retouchée"

static CltApplication *app;
static char *data_home;

typedef struct
{
  char   *dir;
  char   *path;
  gint64  customer_id;
} Fixture;

static char *
run_cli (Fixture    *fixture,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  const char *cli = g_getenv ("CLT_CLI");
  int status = 0;
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, fixture->path);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("clientele-cli %s failed: %s", first, err);

  return out;
}

static char *
day_from_now (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return g_date_time_format (day, "%Y-%m-%d");
}

static void
fill_book (Fixture *fixture)
{
  g_autofree char *number = NULL;
  g_autofree char *three_days_ago = day_from_now (-3);
  g_autofree char *in_two_days = day_from_now (2);
  g_autofree char *today = day_from_now (0);
  g_autofree char *arrival = g_strconcat (today, "T23:30", NULL);
  g_autofree char *signature = g_build_filename (fixture->dir, "signature.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_free (run_cli (fixture, "sample", "--customers", "40", NULL));
  number = run_cli (fixture, "add", CUSTOMER,
                    "--alert", ALERT,
                    "--preference", "Chambre côté cour, loin de l’ascenseur",
                    "--preference", "Thé vert au petit-déjeuner",
                    "--note", "Vient chaque année pour le festival de jazz",
                    "--phone", "06 12 34 56 78",
                    "--email", "helene.dupre-lefevre@example.fr",
                    "--language", "fr",
                    NULL);
  g_strstrip (number);
  fixture->customer_id = g_ascii_strtoll (number, NULL, 10);
  g_assert_cmpint (fixture->customer_id, >, 0);
  /* A reminder now would need a notification daemon. */
  g_free (run_cli (fixture, "promise", number, PROMISE, "--due", three_days_ago,
                   "--remind", "2030-01-09T09:00", "--by", "Marc", NULL));
  g_free (run_cli (fixture, "promise", number, "Mettre de côté le foulard bleu",
                   "--due", in_two_days, "--remind", "2030-01-09T09:00", "--by", "Julie", NULL));
  g_free (run_cli (fixture, "log", number, "--kind", "stay", "--note", "Deux nuits, chambre 12",
                   "--at", arrival, "--by", "Marc", NULL));
  g_assert_true (g_file_set_contents (signature, "Marc, à la réception\n", -1, &error));
  g_assert_no_error (error);
  g_free (run_cli (fixture, "account", "smtp", "--host", "127.0.0.1", "--port", "2525",
                   "--security", "none", "--from", "Hôtel des Tilleuls <accueil@example.fr>",
                   "--business", "Hôtel des Tilleuls", "--signature-file", signature, NULL));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = clt_test_gui_make_book_dir ("clientele-screenshots", &fixture->path);
  fill_book (fixture);
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Saves beside the test, and where CLT_SCREENSHOTS_DIR says. */
static void
save (gpointer    window,
      const char *name)
{
  const char *dir = g_getenv ("CLT_SCREENSHOTS_DIR");
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_autoptr(GFile) source = g_file_new_for_path (built);
  g_autoptr(GError) error = NULL;

  clt_test_gui_save_screenshot (window, name);
  if (dir != NULL && *dir != '\0')
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) destination = g_file_new_for_path (path);

      g_file_copy (source, destination, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_test_message ("Screenshot copied to %s", path);
    }
}

static void
search (CltWindow  *window,
        const char *text)
{
  GtkWidget *entry = clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* GtkSearchEntry waits a little before "search-changed". */
  clt_test_gui_spin (400);
  g_signal_emit_by_name (entry, "activate");
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  user_data)
{
  CltWindow *window;
  GtkWidget *dialog;

  /* The book, wide: the results beside the customer, the alert first. */
  window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1000, 640);
  search (window, "dupré");
  clt_test_gui_wait_for_label (window, ALERT);
  clt_test_gui_wait_for_label (window, PROMISE);
  save (window, "customers.png");

  /* Today, from the same window. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "today"));
  clt_test_gui_wait_for_label (window, PROMISE);
  clt_test_gui_wait_for_label (window, "Mettre de côté le foulard bleu");
  save (window, "today.png");

  /* A follow-up, the card beside the message. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "customers"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compose-for", "(xsx)",
                                             fixture->customer_id, "thank-you-stay", (gint64) 0));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1000, 640);
  clt_test_gui_wait_for_label (dialog, ALERT);
  save (dialog, "compose.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Narrow, as on a phone: the customer alone. */
  window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 360, 720);
  search (window, "dupré");
  clt_test_gui_wait_for_label (window, ALERT);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  save (window, "customer.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  data_home = g_dir_make_tmp ("clientele-screenshots-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/screenshots", Fixture, NULL,
              fixture_set_up, test_screenshots, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

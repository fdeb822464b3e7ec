/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-search-fold"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "clt-application.h"
#include "clt-refold-indicator.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* The window's search with letters a keyboard lacks ("oeuvray" finds
 * "Œuvray"), and the search index written again in the background after
 * an upgrade, its progress under the search field while the old index
 * answers. Screenshots in English and, run with LANG=fr_FR.UTF-8, in
 * French. */

static CltApplication *app;
static char *data_home;
static gboolean french;

typedef struct
{
  char   *dir;
  char   *path;
  gint64  oeuvray;
  gint64  helene;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-fold", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_true (clt_sample_fill (store, GPOINTER_TO_UINT (user_data), 42, clt_test_gui_now_unix (),
                                  NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  fixture->oeuvray = clt_test_gui_add_customer (store, "Paul Œuvray");
  clt_test_gui_add_customer (store, "Cæcilie Œhlenschläger");
  clt_test_gui_add_customer (store, "Marthe Oeuvrard");
  clt_test_gui_add_customer (store, "Helene Abadie");
  fixture->helene = clt_test_gui_add_customer (store, "Hélène Abadie-Roux");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
search_for (CltWindow  *window,
            const char *text)
{
  GtkWidget *entry = clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
save (CltWindow  *window,
      const char *what)
{
  g_autofree char *name = g_strdup_printf ("fold-%s-%s.png", what, french ? "fr" : "en");

  clt_test_gui_save_screenshot (window, name);
}

static void
test_ligature (Fixture       *fixture,
               gconstpointer  user_data)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1280, 800);

  search_for (window, "oeuvr");
  clt_test_gui_wait_for_label (window, "Paul Œuvray");
  clt_test_gui_wait_for_label (window, "Marthe Oeuvrard");
  clt_test_gui_wait_for_no_label (window, "Cæcilie Œhlenschläger");
  save (window, "ligature");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  clt_test_gui_spin (500);
  save (window, "ligature-narrow");
}

static gboolean
shows_customer (gpointer data)
{
  Fixture *fixture = data;
  CltWindow *window = CLT_WINDOW (clt_test_gui_find_toplevel (CLT_TYPE_WINDOW));

  return clt_window_get_customer_id (window) == fixture->helene;
}

/* The accent typed: Hélène before Helene, who comes first in the book. */
static void
test_accent (Fixture       *fixture,
             gconstpointer  user_data)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1280, 800);

  search_for (window, "abadie");
  clt_test_gui_wait_for_label (window, "Helene Abadie");
  clt_test_gui_wait_for_label (window, "Hélène Abadie-Roux");
  g_assert_cmpint (clt_window_get_customer_id (window), !=, fixture->helene);

  search_for (window, "Hélène abadie");
  clt_test_gui_spin_until (shows_customer, fixture);
  clt_test_gui_wait_for_label (window, "Helene Abadie");
  save (window, "accent");
}

static gboolean
indicator_is_done (gpointer data)
{
  return !clt_refold_indicator_get_running (CLT_REFOLD_INDICATOR (data)) &&
         !gtk_revealer_get_child_revealed (GTK_REVEALER (clt_test_gui_get_widget (data, GTK_TYPE_REVEALER)));
}

/* "Updating the search…" in the running language, without its figure. */
static const char *
progress_prefix (void)
{
  static char *prefix;
  const char *text = g_dgettext (GETTEXT_PACKAGE, "Updating the search… %d %%");

  if (prefix == NULL)
    prefix = g_strndup (text, strstr (text, "%d") - text);
  return prefix;
}

/* A book of schema 12, its search rows as that schema wrote them, upgraded
 * and its reindex left halfway by a quit. */
static void
make_half_done (const char *path)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DELETE FROM search;"
                                 "INSERT INTO search (rowid, name, contact, details)"
                                 "  SELECT search_rowid, display_name, '', '' FROM customers;"
                                 "DELETE FROM settings WHERE key = 'search-refold-from';"
                                 "PRAGMA user_version = 12;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (clt_store_get_refold_due (store));
  g_assert_true (clt_store_refold_batch (store, 1600, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (clt_store_get_refold_fraction (store), 0.99 * 1600 / 3005, 1e-9);
}

static void
test_reindex (Fixture       *fixture,
              gconstpointer  user_data)
{
  CltWindow *window;
  GtkWidget *indicator;
  GtkProgressBar *bar;
  sqlite3 *holder;

  make_half_done (fixture->path);

  /* Held still for the screenshots by another program's write, which the
   * reindex waits for. */
  g_assert_cmpint (sqlite3_open (fixture->path, &holder), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (holder, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1280, 800);
  indicator = clt_test_gui_get_widget (window, CLT_TYPE_REFOLD_INDICATOR);
  bar = GTK_PROGRESS_BAR (clt_test_gui_get_widget (indicator, GTK_TYPE_PROGRESS_BAR));
  g_assert_true (clt_refold_indicator_get_running (CLT_REFOLD_INDICATOR (indicator)));
  /* Where the last run stopped. */
  g_assert_cmpfloat_with_epsilon (gtk_progress_bar_get_fraction (bar), 0.99 * 1600 / 3005, 1e-9);

  /* The old index answers meanwhile, the ligature typed included. */
  search_for (window, "Œuvray");
  clt_test_gui_wait_for_label (window, "Paul Œuvray");
  clt_test_gui_wait_for_label_full (window, clt_test_gui_is_label_containing, progress_prefix (), TRUE);
  save (window, "reindex");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  clt_test_gui_spin (500);
  save (window, "reindex-narrow");

  g_assert_cmpint (sqlite3_exec (holder, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (holder);
  clt_test_gui_spin_until_full (indicator_is_done, indicator, 120, "the reindex ends");

  /* Searched again once done: the folded index finds "oeuvray". */
  search_for (window, "oeuvray");
  clt_test_gui_wait_for_label (window, "Paul Œuvray");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  data_home = g_dir_make_tmp ("clientele-fold-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  french = clt_test_gui_init_language ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/search-fold/ligature", Fixture, GUINT_TO_POINTER (200),
              fixture_set_up, test_ligature, fixture_tear_down);
  g_test_add ("/gui/search-fold/accent", Fixture, GUINT_TO_POINTER (200),
              fixture_set_up, test_accent, fixture_tear_down);
  g_test_add ("/gui/search-fold/reindex", Fixture, GUINT_TO_POINTER (3000),
              fixture_set_up, test_reindex, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

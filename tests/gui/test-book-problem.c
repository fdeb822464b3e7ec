/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-book-problem"

#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-application.h"
#include "clt-backup-actions.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* A damaged book is never shown as an empty one (reliability review, F2):
 * the window says it is damaged, offers Restore a Copy… and Open Another
 * Book…, and restores it; another program's file is refused as it is
 * (F1). */

static CltApplication *app;
static char *data_home;

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = clt_test_gui_make_book_dir ("clientele-problem", &fixture->path);
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *backups = clt_backup_get_folder ();
  GListModel *toplevels = gtk_window_get_toplevels ();

  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (toplevel);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
  clt_test_gui_remove_dir (fixture->dir);
  clt_test_gui_remove_dir (backups);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* A book of 300 customers with their history, closed: its WAL in the
 * file. Returns its page size. */
static int
make_book (const char *path)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int page_size;

  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (clt_sample_fill (store, 300, 7, clt_test_gui_now_unix (), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page_size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return page_size;
}

/* Zeros over the root page of @table, as a disk that lost it. */
static void
damage_table (const char *path,
              const char *table,
              int         page_size)
{
  g_autofree char *zeros = g_malloc0 (page_size);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  int root;
  int fd;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_assert_cmpint (root, >, 1);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, zeros, page_size, (off_t) (root - 1) * page_size), ==, page_size);
  close (fd);
}

static CltWindow *
open_book (const char *path,
           int         width)
{
  CltWindow *window = clt_application_open_book (app, path);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);

  return window;
}

static GtkWidget *
shown_label (CltWindow  *window,
             const char *text)
{
  CltTestGuiLabelQuery query = { GTK_WIDGET (window), text };

  return clt_test_gui_label_is_shown (&query) ? GTK_WIDGET (window) : NULL;
}

/* What the window must never say of a damaged book. */
static void
assert_not_shown_empty (CltWindow *window)
{
  g_assert_null (shown_label (window, "No Customer Found"));
  g_assert_null (shown_label (window, "No Customers Yet"));
}

static gboolean
button_is_shown (CltWindow  *window,
                 const char *label)
{
  GtkWidget *button = clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_button_labelled, label);

  return button != NULL && gtk_widget_is_drawable (button);
}

static void
assert_damaged_page (CltWindow *window)
{
  clt_test_gui_wait_for_label (window, "The Customer Book Is Damaged");
  clt_test_gui_wait_for_label (window, "can no longer be read");
  g_assert_true (button_is_shown (window, "_Restore a Copy…"));
  g_assert_true (button_is_shown (window, "_Open Another Book…"));
  assert_not_shown_empty (window);
  g_assert_null (clt_window_get_outbox (window));
}

/* The review's F2: the first query meets the damage. */
static void
test_damaged_on_first_query (Fixture       *fixture,
                             gconstpointer  user_data)
{
  int page_size = make_book (fixture->path);
  CltWindow *window;

  damage_table (fixture->path, "customers", page_size);

  window = open_book (fixture->path, 1000);
  assert_damaged_page (window);
  clt_test_gui_save_screenshot (window, "book-damaged.png");
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_book (fixture->path, 360);
  assert_damaged_page (window);
  clt_test_gui_save_screenshot (window, "book-damaged-narrow.png");
}

static gboolean
shows_damaged (gpointer data)
{
  CltTestGuiLabelQuery query = { data, "The Customer Book Is Damaged" };

  return clt_test_gui_label_is_shown (&query);
}

/* Damage no query of the window meets: found by the check that runs in
 * the background once the window shows. */
static void
test_damaged_found_in_background (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  int page_size = make_book (fixture->path);
  CltWindow *window;

  damage_table (fixture->path, "promise_postponements", page_size);

  window = open_book (fixture->path, 1000);
  /* First the book, as it can be read... */
  g_assert_nonnull (clt_window_get_store (window));
  g_assert_false (shows_damaged (window));
  /* ...then what the check found. */
  clt_test_gui_spin_until_full (shows_damaged, window, 30, "the damaged page");
  assert_damaged_page (window);
  g_assert_true (clt_store_is_damaged (clt_window_get_store (window)));
}

/* A sound book is checked too, and stays shown. */
static void
test_sound_book_stays (Fixture       *fixture,
                       gconstpointer  user_data)
{
  CltWindow *window;

  make_book (fixture->path);
  window = open_book (fixture->path, 1000);
  clt_test_gui_spin (1500);
  g_assert_false (shows_damaged (window));
  g_assert_false (clt_store_is_damaged (clt_window_get_store (window)));
}

static AdwMessageDialog *
wait_for_message_dialog (void)
{
  return ADW_MESSAGE_DIALOG (clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
shows_book (gpointer data)
{
  CltWindow *window = data;
  CltStore *store = clt_window_get_store (window);

  return store != NULL && !clt_store_is_damaged (store) && !shows_damaged (window);
}

/* Restore a Copy… from the damaged page: the book is back, in the same
 * window, and the damaged one is saved aside. */
static void
test_restore_from_damaged_page (Fixture       *fixture,
                                gconstpointer  user_data)
{
  int page_size = make_book (fixture->path);
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  AdwMessageDialog *dialog;
  CltWindow *window;

  {
    g_autoptr(CltStore) store = clt_store_open (fixture->path, &error);

    g_assert_no_error (error);
    g_assert_true (clt_store_backup (store, copy_path, &error));
    g_assert_no_error (error);
  }
  damage_table (fixture->path, "customers", page_size);

  window = open_book (fixture->path, 1000);
  assert_damaged_page (window);

  clt_backup_actions_restore_from (clt_window_get_backup_actions (window), copy);
  dialog = wait_for_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "damaged book is first saved aside"));
  clt_test_gui_spin_until (clt_test_gui_has_size, dialog);
  clt_test_gui_spin (200);
  clt_test_gui_save_screenshot (dialog, "book-damaged-restore-confirm.png");
  clt_test_gui_click (clt_test_gui_get_button (dialog, "_Restore"));

  clt_test_gui_spin_until_full (shows_book, window, 30, "the restored book");
  clt_test_gui_wait_for_label (window, "Book restored from the copy of ");
  g_assert_cmpint (clt_store_count_customers (clt_window_get_store (window)), ==, 300);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window)));
  clt_test_gui_save_screenshot (window, "book-damaged-restored.png");

  copies = clt_backup_list_copies (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (copies->len, >=, 1);
}

/* Half a book: it cannot be opened at all, and is restored in place. */
static void
test_restore_unopenable (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  AdwMessageDialog *dialog;
  CltWindow *window;

  make_book (fixture->path);
  {
    g_autoptr(CltStore) store = clt_store_open (fixture->path, &error);

    g_assert_no_error (error);
    g_assert_true (clt_store_backup (store, copy_path, &error));
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (fixture->path, contents, length / 2, NULL));

  window = open_book (fixture->path, 1000);
  assert_damaged_page (window);
  g_assert_null (clt_window_get_store (window));

  clt_backup_actions_restore_from (clt_window_get_backup_actions (window), copy);
  dialog = wait_for_message_dialog ();
  clt_test_gui_click (clt_test_gui_get_button (dialog, "_Restore"));
  clt_test_gui_spin_until_full (shows_book, window, 30, "the restored book");
  g_assert_cmpint (clt_store_count_customers (clt_window_get_store (window)), ==, 300);
}

/* Another program's database: said so, left as it is; Open Another
 * Book… shows a book in the same window. */
static void
test_foreign_then_open_another (Fixture       *fixture,
                                gconstpointer  user_data)
{
  g_autofree char *photos = g_build_filename (fixture->dir, "photos.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (photos, "-wal", NULL);
  gsize before_length, after_length;
  sqlite3 *db = NULL;
  CltWindow *window;

  g_assert_cmpint (sqlite3_open (photos, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT);"
                                     "INSERT INTO photos VALUES (1, 'a.jpg');", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (photos, &before, &before_length, NULL));

  window = open_book (photos, 1000);
  clt_test_gui_wait_for_label (window, "Not a Customer Book");
  clt_test_gui_wait_for_label (window, "is a database of another program");
  g_assert_false (button_is_shown (window, "_Restore a Copy…"));
  g_assert_true (button_is_shown (window, "_Open Another Book…"));
  assert_not_shown_empty (window);
  clt_test_gui_save_screenshot (window, "book-foreign.png");

  g_assert_true (g_file_get_contents (photos, &after, &after_length, NULL));
  g_assert_cmpmem (before, before_length, after, after_length);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  make_book (fixture->path);
  clt_application_replace_book (app, window, fixture->path);
  clt_test_gui_spin_until_full (shows_book, window, 30, "the other book");
  g_assert_cmpstr (clt_window_get_path (window), ==, fixture->path);
  g_assert_null (shown_label (window, "Not a Customer Book"));
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-problem-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/gui/book-problem/damaged-on-first-query", test_damaged_on_first_query);
  ADD ("/gui/book-problem/damaged-found-in-background", test_damaged_found_in_background);
  ADD ("/gui/book-problem/sound-book-stays", test_sound_book_stays);
  ADD ("/gui/book-problem/restore-from-damaged-page", test_restore_from_damaged_page);
  ADD ("/gui/book-problem/restore-unopenable", test_restore_unopenable);
  ADD ("/gui/book-problem/foreign-then-open-another", test_foreign_then_open_another);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);
  return status;
}

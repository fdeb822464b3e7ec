/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-write"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "clt-application.h"
#include "clt-customer-page.h"
#include "clt-note-dialog.h"
#include "clt-promise-dialog.h"
#include "clt-window.h"
#include "clt-write.h"

#include "clt-test-gui.h"

/* A change asked for in the window while another program holds the book's
 * write lock (F8): the window goes on answering, makes the change once the
 * book is free, and says so on screen when it stays busy, offering to try
 * again. Today's main froze 5 s in SQLite's busy timeout, then failed with a
 * toast the person could not act on. */

static CltApplication *app;
static char *data_home;

typedef struct
{
  char     *dir;
  char     *path;
  gint64    customer_id;
  gint64    promise_id;
  sqlite3  *other;   /* another program's connection */
} Fixture;

static gint64
due_tomorrow (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, 1);

  return clt_schedule_due (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day), 0, 0, TRUE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-write", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->customer_id = clt_test_gui_add_customer (store, "Hélène Dupré");
  fixture->promise_id = clt_store_add_promise (store, fixture->customer_id, "Rappeler pour la robe",
                                               "Julie", due_tomorrow (), TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &fixture->other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  sqlite3_exec (fixture->other, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (fixture->other);
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
hold_write_lock (Fixture *fixture)
{
  g_assert_cmpint (sqlite3_exec (fixture->other, "BEGIN IMMEDIATE; UPDATE customers SET updated_at = updated_at",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
}

static void
release_write_lock (Fixture *fixture)
{
  g_assert_cmpint (sqlite3_exec (fixture->other, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
}

static CltPromiseStatus
promise_status (CltStore *store,
                gint64    promise_id)
{
  g_autoptr(CltPromise) promise = NULL;
  g_autoptr(GError) error = NULL;

  promise = clt_store_get_promise (store, promise_id, &error);
  g_assert_no_error (error);
  return promise->status;
}

typedef struct
{
  gint64 last;
  gint64 longest;
} Ticks;

static gboolean
tick_cb (gpointer data)
{
  Ticks *ticks = data;
  gint64 now = g_get_monotonic_time ();

  ticks->longest = MAX (ticks->longest, now - ticks->last);
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

/* Spins @ms, and returns the longest the main loop went without
 * dispatching a 10 ms timer, in ms. The bound the tests check is loose
 * (the machine running them may be busy): what they rule out is SQLite's
 * 5 s wait on the main thread. */
#define MAX_STALL_MS 2000
static double
spin_measuring (guint ms)
{
  Ticks ticks = { g_get_monotonic_time (), 0 };
  guint id = g_timeout_add (10, tick_cb, &ticks);

  clt_test_gui_spin (ms);
  g_source_remove (id);
  return ticks.longest / 1000.0;
}

typedef struct
{
  CltStore *store;
  gint64    promise_id;
} KeptQuery;

static gboolean
is_kept (gpointer data)
{
  KeptQuery *query = data;

  return promise_status (query->store, query->promise_id) == CLT_PROMISE_KEPT;
}

static CltWindow *
open_customer (Fixture *fixture,
               int      width)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, width, 720);

  clt_window_open_customer (window, fixture->customer_id);
  clt_test_gui_wait_for_label (window, "Rappeler pour la robe");
  return window;
}

/* Kept while another program writes: the action returns at once, the
 * window answers while it waits, and the promise is kept as soon as the
 * other program commits. */
static void
test_waits (Fixture       *fixture,
            gconstpointer  user_data)
{
  CltWindow *window = open_customer (fixture, 1000);
  CltStore *store = clt_window_get_store (window);
  GtkWidget *page = clt_test_gui_get_widget (window, CLT_TYPE_CUSTOMER_PAGE);
  KeptQuery query = { store, fixture->promise_id };
  gint64 start;
  double answered;
  double longest;

  hold_write_lock (fixture);
  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (page, "page.keep-promise", "x", fixture->promise_id));
  answered = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (clt_write_get_n_waiting (), ==, 1);

  longest = spin_measuring (1000);
  g_test_message ("Kept while busy: answered in %.1f ms, main loop at most %.1f ms without a tick",
                  answered, longest);
  g_assert_cmpfloat (answered, <, MAX_STALL_MS);
  g_assert_cmpfloat (longest, <, MAX_STALL_MS);
  g_assert_cmpint (promise_status (store, fixture->promise_id), ==, CLT_PROMISE_OPEN);

  release_write_lock (fixture);
  clt_test_gui_spin_until_full (is_kept, &query, 3, "the promise kept once the book is free");
  clt_test_gui_wait_for_label (window, "Promise kept");
  g_assert_cmpuint (clt_write_get_n_waiting (), ==, 0);
}

/* The book stays busy past the wait: a toast says the promise was not
 * kept and why, readable at 360 px, and in a wide window with Try Again,
 * which keeps it once the book is free. */
static void
test_fails_with_toast (Fixture       *fixture,
                       gconstpointer  user_data)
{
  CltWindow *window = open_customer (fixture, 360);
  CltStore *store = clt_window_get_store (window);
  GtkWidget *page = clt_test_gui_get_widget (window, CLT_TYPE_CUSTOMER_PAGE);
  KeptQuery query = { store, fixture->promise_id };
  double longest;

  hold_write_lock (fixture);
  g_assert_true (gtk_widget_activate_action (page, "page.keep-promise", "x", fixture->promise_id));
  longest = spin_measuring (CLT_WRITE_PATIENCE_MS + 500);
  g_test_message ("Failed while busy: main loop at most %.1f ms without a tick", longest);
  g_assert_cmpfloat (longest, <, MAX_STALL_MS);

  clt_test_gui_wait_for_label (window, "The promise was not marked as kept.");
  clt_test_gui_wait_for_label (window, "busy with another program");
  g_assert_cmpint (promise_status (store, fixture->promise_id), ==, CLT_PROMISE_OPEN);
  g_assert_cmpuint (clt_write_get_n_waiting (), ==, 0);
  clt_test_gui_save_screenshot (window, "write-busy-toast-narrow.png");

  /* Wide, the toast offers to try again. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 720);
  clt_test_gui_spin (300);
  g_assert_true (gtk_widget_activate_action (page, "page.keep-promise", "x", fixture->promise_id));
  clt_test_gui_spin (CLT_WRITE_PATIENCE_MS + 500);
  g_assert_nonnull (clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_button_labelled, "_Try Again"));
  clt_test_gui_save_screenshot (window, "write-busy-toast.png");

  release_write_lock (fixture);
  clt_test_gui_click (clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_button_labelled, "_Try Again"));
  clt_test_gui_spin_until_full (is_kept, &query, 3, "the promise kept by Try Again");
}

static guint
count_notes (CltStore *store,
             gint64    customer_id)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  notes = clt_store_list_notes (store, customer_id, &error);
  g_assert_no_error (error);
  return notes->len;
}

/* A dialog's Save while another program writes: the dialog waits, taking
 * no input, and closes once the note is saved. */
static void
test_dialog_waits (Fixture       *fixture,
                   gconstpointer  user_data)
{
  CltWindow *window = open_customer (fixture, 1000);
  CltStore *store = clt_window_get_store (window);
  GtkWidget *dialog = clt_note_dialog_new (GTK_WINDOW (window), store, fixture->customer_id, NULL);
  GtkTextView *text_view;
  double longest;

  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  text_view = GTK_TEXT_VIEW (clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (text_view), "Préfère être appelée le matin", -1);
  clt_test_gui_spin (300);

  hold_write_lock (fixture);
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  longest = spin_measuring (500);
  g_assert_cmpfloat (longest, <, MAX_STALL_MS);
  g_assert_true (clt_test_gui_toplevel_is_shown (GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG)));
  g_assert_false (gtk_widget_get_sensitive (dialog));
  g_assert_cmpuint (count_notes (store, fixture->customer_id), ==, 0);

  release_write_lock (fixture);
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG));
  g_assert_cmpuint (count_notes (store, fixture->customer_id), ==, 1);
}

/* A due date the book cannot keep is told with the range, and not saved
 * (F12). */
static void
test_date_out_of_range (Fixture       *fixture,
                        gconstpointer  user_data)
{
  CltWindow *window = open_customer (fixture, 1000);
  CltStore *store = clt_window_get_store (window);
  GtkWidget *dialog = clt_promise_dialog_new (GTK_WINDOW (window), store, fixture->customer_id);

  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  clt_test_gui_set_row_text (dialog, "What was promised", "Livrer la robe");
  clt_test_gui_set_row_text (dialog, "Due date", "9999-12-31");
  clt_test_gui_wait_for_label (dialog, "keeps dates from 1 January 1971 to 31 December 9998");
  g_assert_false (gtk_widget_activate_action (dialog, "dialog.save", NULL) &&
                  clt_test_gui_toplevel_is_gone (GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG)));
  clt_test_gui_save_screenshot (dialog, "write-date-out-of-range.png");

  clt_test_gui_set_row_text (dialog, "Due date", "9998-12-31");
  clt_test_gui_wait_for_no_label (dialog, "keeps dates from 1 January 1971");
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-write-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

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

  g_test_add ("/gui/write/waits", Fixture, NULL, fixture_set_up, test_waits, fixture_tear_down);
  g_test_add ("/gui/write/fails-with-toast", Fixture, NULL, fixture_set_up, test_fails_with_toast,
              fixture_tear_down);
  g_test_add ("/gui/write/dialog-waits", Fixture, NULL, fixture_set_up, test_dialog_waits,
              fixture_tear_down);
  g_test_add ("/gui/write/date-out-of-range", Fixture, NULL, fixture_set_up, test_date_out_of_range,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

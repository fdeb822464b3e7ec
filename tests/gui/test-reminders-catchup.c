/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Catching up on thousands of missed reminders never stalls the main
 * loop: they are recorded off it, then shown a few per turn.
 *
 * A book with N_DUE promises whose reminders came due while nothing ran
 * (or the book in CLT_CATCHUP_BOOK, copied first, to measure a large
 * one) is reminded by a registered application; a 5 ms timer notes the
 * longest gap between its turns until every reminder is recorded and
 * shown, and the test checks that at most MAX_LONG_STALLS gaps passed
 * MAX_STALL_MS, none HARD_STALL_MS, and that
 * every reminder was recorded once. Today's figure is printed as a TAP
 * comment. */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-reminders.h"
#include "clt-test-gui.h"

#define N_DUE 3000

/* A notification daemon in a thread of its own, counting what it is asked
 * to show, so that its work is not counted as the main loop's. */
typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  GMutex        lock;
  GCond         ready;
  gboolean      is_ready;
  GHashTable   *titles;       /* summary → how many times */
  guint         n_notified;
} Daemon;

/* One for the whole program: GIO does not like an application with
 * notifications under way to go. */
static Daemon the_daemon;
static GApplication *the_application;

static const char daemon_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "<arg type='u' direction='out'/></method>"
  "</interface></node>";

static void
daemon_method_cb (GDBusConnection       *connection,
                  const char            *sender,
                  const char            *object_path,
                  const char            *interface_name,
                  const char            *method_name,
                  GVariant              *parameters,
                  GDBusMethodInvocation *invocation,
                  gpointer               user_data)
{
  Daemon *daemon = user_data;
  const char *summary = NULL;
  guint n;

  g_variant_get_child (parameters, 3, "&s", &summary);
  g_mutex_lock (&daemon->lock);
  n = GPOINTER_TO_UINT (g_hash_table_lookup (daemon->titles, summary));
  g_hash_table_insert (daemon->titles, g_strdup (summary), GUINT_TO_POINTER (n + 1));
  n = ++daemon->n_notified;
  g_mutex_unlock (&daemon->lock);

  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n));
}

static gpointer
daemon_thread (gpointer data)
{
  Daemon *daemon = data;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (daemon_xml, NULL);
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;
  static const GDBusInterfaceVTable vtable = { daemon_method_cb, NULL, NULL, { 0 } };

  g_main_context_push_thread_default (daemon->context);
  address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, daemon, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);

  g_mutex_lock (&daemon->lock);
  daemon->is_ready = TRUE;
  g_cond_signal (&daemon->ready);
  g_mutex_unlock (&daemon->lock);

  g_main_loop_run (daemon->loop);
  g_dbus_connection_close_sync (connection, NULL, NULL);
  g_main_context_pop_thread_default (daemon->context);

  return NULL;
}

static void
daemon_start (Daemon *daemon)
{
  g_mutex_init (&daemon->lock);
  g_cond_init (&daemon->ready);
  daemon->titles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  daemon->context = g_main_context_new ();
  daemon->loop = g_main_loop_new (daemon->context, FALSE);
  daemon->thread = g_thread_new ("notification-daemon", daemon_thread, daemon);

  g_mutex_lock (&daemon->lock);
  while (!daemon->is_ready)
    g_cond_wait (&daemon->ready, &daemon->lock);
  g_mutex_unlock (&daemon->lock);
}

static void
daemon_stop (Daemon *daemon)
{
  g_main_loop_quit (daemon->loop);
  g_thread_join (daemon->thread);
  g_main_loop_unref (daemon->loop);
  g_main_context_unref (daemon->context);
  g_hash_table_unref (daemon->titles);
  g_mutex_clear (&daemon->lock);
  g_cond_clear (&daemon->ready);
}

static void
daemon_reset (Daemon *daemon)
{
  g_mutex_lock (&daemon->lock);
  daemon->n_notified = 0;
  g_hash_table_remove_all (daemon->titles);
  g_mutex_unlock (&daemon->lock);
}

static guint
daemon_count (Daemon *daemon)
{
  guint n;

  g_mutex_lock (&daemon->lock);
  n = daemon->n_notified;
  g_mutex_unlock (&daemon->lock);

  return n;
}
/* A few frames: the machine the tests run on is shared. A machine that
 * briefly stops the whole process (a busy CI host) may cause one or two
 * such gaps; work done on the main thread causes many, or one of seconds. */
#define MAX_STALL_MS 100
#define MAX_LONG_STALLS 2
#define HARD_STALL_MS 300
#define TIMER_MS 5

typedef struct
{
  const char *path;
  gint64      last;       /* monotonic µs at the end of the last turn */
  gint64      longest;    /* µs */
  guint       n_long;     /* gaps over MAX_STALL_MS */
  guint       turns;
  gboolean    done;       /* nothing due any more */
  Daemon     *daemon;
  guint       expected;
} Stalls;

static gint64 count_due (const char *path);

/* Looks at the book every 40 turns; its own time is not counted. */
static gboolean
timer_cb (gpointer data)
{
  Stalls *stalls = data;
  gint64 now = g_get_monotonic_time ();

  stalls->longest = MAX (stalls->longest, now - stalls->last - TIMER_MS * 1000);
  if (now - stalls->last - TIMER_MS * 1000 >= MAX_STALL_MS * 1000)
    stalls->n_long++;
  if (++stalls->turns % 40 == 0 && !stalls->done)
    stalls->done = count_due (stalls->path) == 0;
  stalls->last = g_get_monotonic_time ();

  return G_SOURCE_CONTINUE;
}

static gint64
count_due (const char *path)
{
  g_autoptr(CltStore) store = clt_store_open (path, NULL);
  g_autoptr(GPtrArray) due = NULL;

  g_assert_nonnull (store);
  due = clt_store_due_reminders (store, g_get_real_time () / G_USEC_PER_SEC, NULL);
  g_assert_nonnull (due);

  return due->len;
}

static void
seed (const char *path,
      guint       n)
{
  g_autoptr(CltStore) store = clt_store_open (path, NULL);
  g_autoptr(GError) error = NULL;
  gint64 due = clt_test_gui_now_unix () - 10 * 86400;

  g_assert_nonnull (store);
  g_assert_true (clt_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("Customer %u", i);
      gint64 customer_id = clt_test_gui_add_customer (store, name);

      g_assert_cmpint (clt_store_add_promise (store, customer_id, "Call back", NULL, due, TRUE, &error),
                       >, 0);
      g_assert_no_error (error);
    }
  g_assert_true (clt_store_commit (store, &error));
}

static gboolean
is_shown (gpointer data)
{
  Stalls *stalls = data;

  return daemon_count (stalls->daemon) >= stalls->expected;
}

static gboolean
is_done (gpointer data)
{
  return ((Stalls *) data)->done;
}

static void
test_catch_up (void)
{
  g_autofree char *dir = g_dir_make_tmp ("clt-catchup-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "book.db", NULL);
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltReminders) reminders = NULL;
  g_autoptr(GError) error = NULL;
  const char *book = g_getenv ("CLT_CATCHUP_BOOK");
  Stalls stalls = { .path = path };
  gint64 before;
  guint timer;

  if (book != NULL)
    {
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (book, &contents, &length, &error));
      g_assert_true (g_file_set_contents (path, contents, length, &error));
    }
  else
    {
      seed (path, N_DUE);
    }
  before = count_due (path);
  g_test_message ("%" G_GINT64_FORMAT " reminders due", before);
  g_assert_cmpint (before, >=, book != NULL ? 1 : N_DUE);

  daemon_reset (&the_daemon);
  store = clt_store_open (path, &error);
  g_assert_no_error (error);

  timer = g_timeout_add (TIMER_MS, timer_cb, &stalls);
  stalls.last = g_get_monotonic_time ();
  reminders = clt_reminders_new (the_application, store);
  clt_reminders_start (reminders);

  clt_test_gui_spin_until_full (is_done, &stalls, 120, "every reminder recorded");
  /* And shown: a few per turn, each once. */
  stalls.daemon = &the_daemon;
  stalls.expected = (guint) before;
  clt_test_gui_spin_until_full (is_shown, &stalls, 120, "every reminder shown");
  clt_test_gui_spin (500);
  g_source_remove (timer);
  g_test_message ("longest main loop stall: %.1f ms, %u over %d ms", stalls.longest / 1000.0,
                  stalls.n_long, MAX_STALL_MS);
  g_assert_cmpuint (daemon_count (&the_daemon), ==, before);
  /* Each customer's once (the seeded names are all different). */
  if (book == NULL)
    g_assert_cmpuint (g_hash_table_size (the_daemon.titles), ==, before);
  g_assert_cmpuint (stalls.n_long, <=, MAX_LONG_STALLS);
  g_assert_cmpint (stalls.longest, <, HARD_STALL_MS * 1000);
  g_assert_cmpint (count_due (path), ==, 0);

  g_clear_object (&reminders);
  g_clear_object (&store);
  clt_test_gui_remove_dir (dir);
}

static gboolean
release_cb (gpointer db)
{
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  return G_SOURCE_REMOVE;
}

/* Another program holds the book's write lock for 3 s: the main loop
 * does not wait for it, nothing is shown before it is recorded, and the
 * reminders are shown once each when the book is free again. */
static void
test_busy_book (void)
{
  g_autofree char *dir = g_dir_make_tmp ("clt-catchup-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "book.db", NULL);
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltReminders) reminders = NULL;
  g_autoptr(GError) error = NULL;
  Stalls stalls = { .path = path };
  sqlite3 *db = NULL;
  guint timer;

  seed (path, 50);
  daemon_reset (&the_daemon);
  store = clt_store_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  g_timeout_add (3000, release_cb, db);

  timer = g_timeout_add (TIMER_MS, timer_cb, &stalls);
  stalls.last = g_get_monotonic_time ();
  reminders = clt_reminders_new (the_application, store);
  clt_reminders_start (reminders);

  clt_test_gui_spin (2500);
  g_assert_cmpuint (daemon_count (&the_daemon), ==, 0);
  g_assert_cmpint (count_due (path), ==, 50);

  stalls.daemon = &the_daemon;
  stalls.expected = 50;
  clt_test_gui_spin_until_full (is_shown, &stalls, 30, "every reminder shown");
  /* Longer than a retry: none comes twice. */
  clt_test_gui_spin (2500);
  g_source_remove (timer);

  g_test_message ("longest main loop stall: %.1f ms, %u over %d ms", stalls.longest / 1000.0,
                  stalls.n_long, MAX_STALL_MS);
  g_assert_cmpuint (stalls.n_long, <=, MAX_LONG_STALLS);
  g_assert_cmpint (stalls.longest, <, HARD_STALL_MS * 1000);
  g_assert_cmpuint (daemon_count (&the_daemon), ==, 50);
  g_assert_cmpuint (g_hash_table_size (the_daemon.titles), ==, 50);
  g_assert_cmpint (count_due (path), ==, 0);

  g_clear_object (&reminders);
  g_clear_object (&store);
  clt_test_gui_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *app_id = g_strdup_printf ("io.github.clientele.TestCatchUp%d", (int) getpid ());
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  daemon_start (&the_daemon);
  the_application = g_application_new (app_id, G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (the_application, NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/reminders/catch-up-never-stalls", test_catch_up);
  g_test_add_func ("/reminders/busy-book", test_busy_book);

  status = g_test_run ();
  g_clear_object (&the_application);
  daemon_stop (&the_daemon);

  return status;
}

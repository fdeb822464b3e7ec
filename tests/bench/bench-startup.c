/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "clt-core.h"

/*
 * The window's start as a person sees it: from exec of the real
 * `clientele` program to its first painted frame, on generated books of
 * each size given (0 is the empty book a new user starts with), beside the
 * floor of this machine: bench-floor, a bare libadwaita window started
 * the same way, with GTK's default renderer and with GL turned off as
 * Clientele turns it off where there is no GPU. Linking and loading
 * libraries count here; the GUI benchmark starts its clock after gtk_init
 * and cannot see them. Run it under Xvfb and D-Bus:
 *   xvfb-run -a dbus-run-session -- meson test -C BUILD --benchmark startup
 *
 * "cold" is the first start after the book's pages were dropped from the
 * page cache (posix_fadvise), "warm" the median of the starts after it.
 * The floor with GL off is also started in turn with each book's warm
 * starts, and each book's warm median is divided by that floor's too: the
 * machine's speed drifts by 10–25 % from one minute to the next on a
 * shared machine, more than the rows' differences. A
 * start that paints nothing in TIMEOUT_S is stopped and reported so. It
 * prints figures and asserts no timing.
 *
 * Clientele starts as installed: its icon is in the icon theme (in the
 * XDG_DATA_HOME of the run), as GtkWindow draws it for the window manager
 * when it is set; run from the build tree it was not found, and its 10 ms
 * in the first frame went unseen.
 *
 * "in the background" is the same start with Clientele already running
 * to remind (Preferences, Run in the Background: the service started
 * with the session, --gapplication-service): `clientele` hands its
 * command line to that process over D-Bus, and the window is made there,
 * where GTK is up. Timed from exec of `clientele` to the service's first
 * painted frame; the service is started anew, and left to settle, before
 * each run.
 *
 * "from the desktop" is how GNOME Shell opens Clientele, a D-Bus
 * activatable application: the bus starts `clientele --gapplication-service`
 * and hands it the Activate call once it owns its name. Timed from the
 * spawn of the service to its first painted frame.
 */

#define SEED 42
#define N_RUNS 15   /* $CLT_BENCH_RUNS for more, on a quiet machine */
#define TIMEOUT_S 120
/* Fewer warm runs for a slow start. */
#define BUDGET_S 60
/* A service runs a while before anyone opens its window. */
#define SETTLE_MS 300

typedef struct
{
  double  ms;        /* exec to the first frame, < 0 when none */
  char   *renderer;
} Run;

typedef struct
{
  char   *label;
  char   *renderer;
  double  cold;
  double  median;
  double  min;
  double  max;
  guint   n;
  double  beside;    /* median of the floor (GL off) started in turn, or 0 */
  double  paired;    /* median of each run's ratio to the floor just before it, or 0 */
} Row;

/* How a row's program is started (see above). */
typedef enum
{
  START_EXEC,
  START_BESIDE_SERVICE,
  START_ACTIVATED,
} StartWay;

static GPtrArray *rows;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, out, NULL, &error))
    g_error ("%s", error->message);
}

/* Waits for the frame @process reports on its output, "first-frame
 * MONOTONIC_USEC [RENDERER]", timed from @start; stops it after TIMEOUT_S. */
static Run
wait_for_frame (GSubprocess *process,
                gint64       start,
                const char  *name)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) fields = NULL;
  gboolean timed_out = FALSE;
  const char *line;
  Run run = { -1, NULL };
  guint timeout_id;

  timeout_id = g_timeout_add_seconds (TIMEOUT_S, timeout_cb, &timed_out);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicated_cb, &out);
  while (out == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    {
      g_subprocess_force_exit (process);
      while (out == NULL)
        g_main_context_iteration (NULL, TRUE);
      return run;
    }
  g_source_remove (timeout_id);

  line = strstr (out, "first-frame ");
  if (line == NULL)
    g_error ("%s painted no frame (is there a display?)", name);
  fields = g_strsplit_set (line + strlen ("first-frame "), " \n", 3);
  run.ms = (g_ascii_strtoll (fields[0], NULL, 10) - start) / 1000.0;
  run.renderer = g_strdup (fields[1] != NULL && *fields[1] != '\0' ? fields[1] : "?");

  return run;
}

/* A launcher for the programs a run starts, with @flags. */
static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  /* A warning (no notification daemon here) must not stop the program. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  /* Nothing of the user's own data is touched. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_getenv ("CLT_BENCH_DATA_HOME"), TRUE);

  return launcher;
}

static GSubprocess *
spawn (GSubprocessLauncher *launcher,
       const char * const  *argv)
{
  g_autoptr(GError) error = NULL;
  GSubprocess *process = g_subprocess_launcher_spawnv (launcher, argv, &error);

  if (process == NULL)
    g_error ("%s: %s", argv[0], error->message);

  return process;
}

/* Starts @argv with @env_name=@env_value and waits for the frame it
 * reports. */
static Run
run_once (const char * const *argv,
          const char         *env_name,
          const char         *env_value)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  gint64 start;

  g_subprocess_launcher_setenv (launcher, "CLT_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  if (env_name != NULL)
    g_subprocess_launcher_setenv (launcher, env_name, env_value, TRUE);

  start = g_get_monotonic_time ();
  process = spawn (launcher, argv);

  return wait_for_frame (process, start, argv[0]);
}

static gboolean
bus_name_has_owner (GDBusConnection *bus,
                    const char      *name)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean has_owner = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", name),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &has_owner);

  return has_owner;
}

/* Before the next run starts another. */
static void
wait_until_gone (GDBusConnection *bus)
{
  while (bus_name_has_owner (bus, APPLICATION_ID))
    g_usleep (5000);
}

/* Starts @service_argv, a resident Clientele, waits for it to own its
 * name and settle, then starts @argv, which hands it its command line, and
 * waits for the frame the service reports. */
static Run
run_beside_service (const char * const *argv,
                    const char * const *service_argv)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocessLauncher) client_launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                 G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(GSubprocess) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config = g_build_filename (g_getenv ("CLT_BENCH_DATA_HOME"), "config", NULL);
  g_autofree char *settings_dir = g_build_filename (config, "glib-2.0", "settings", NULL);
  g_autofree char *keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  Run run;
  gint64 start;
  gint64 deadline;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  /* The setting that keeps the service running, as the preference sets it. */
  g_mkdir_with_parents (settings_dir, 0700);
  g_file_set_contents (keyfile, "[io/github/clientele/Clientele]\nrun-in-background=true\n", -1, &error);
  g_assert_no_error (error);
  for (GSubprocessLauncher **l = (GSubprocessLauncher *[]) { launcher, client_launcher, NULL }; *l != NULL; l++)
    {
      g_subprocess_launcher_setenv (*l, "XDG_CONFIG_HOME", config, TRUE);
      g_subprocess_launcher_setenv (*l, "GSETTINGS_BACKEND", "keyfile", TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "CLT_EXIT_AFTER_FIRST_FRAME", "1", TRUE);

  service = spawn (launcher, service_argv);
  deadline = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;
  while (!bus_name_has_owner (bus, APPLICATION_ID))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("%s did not take %s", service_argv[0], APPLICATION_ID);
      g_usleep (5000);
    }
  g_usleep (SETTLE_MS * 1000);

  start = g_get_monotonic_time ();
  client = spawn (client_launcher, argv);
  run = wait_for_frame (service, start, "the service");
  g_subprocess_wait (client, NULL, NULL);
  wait_until_gone (bus);

  return run;
}

static void
name_appeared_cb (GDBusConnection *bus,
                  const char      *name,
                  const char      *name_owner,
                  gpointer         user_data)
{
  g_autofree char *path = g_strconcat ("/", name, NULL);

  g_strdelimit (path, ".", '/');
  g_dbus_connection_call (bus, name, path, "org.freedesktop.Application",
                          "Activate", g_variant_new ("(a{sv})", NULL), NULL,
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
}

/* Starts @service_argv as the bus starts a D-Bus activatable application,
 * asks it to activate as soon as it owns its name, and waits for the frame
 * it reports. */
static Run
run_activated (const char * const *service_argv)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GSubprocess) service = NULL;
  g_autoptr(GError) error = NULL;
  guint watch_id;
  gint64 start;
  Run run;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (bus_name_has_owner (bus, APPLICATION_ID));

  g_subprocess_launcher_setenv (launcher, "CLT_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  watch_id = g_bus_watch_name_on_connection (bus, APPLICATION_ID, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                             name_appeared_cb, NULL, NULL, NULL);

  start = g_get_monotonic_time ();
  service = spawn (launcher, service_argv);
  run = wait_for_frame (service, start, "the activated service");
  g_bus_unwatch_name (watch_id);
  wait_until_gone (bus);

  return run;
}

static Run
start_once (StartWay            way,
            const char * const *argv,
            const char * const *service_argv,
            const char         *env_name,
            const char         *env_value)
{
  switch (way)
    {
    case START_EXEC:
      return run_once (argv, env_name, env_value);
    case START_BESIDE_SERVICE:
      return run_beside_service (argv, service_argv);
    case START_ACTIVATED:
      return run_activated (service_argv);
    default:
      g_assert_not_reached ();
    }
}

/* The book's pages out of the page cache, as after a reboot. */
static void
drop_from_cache (const char *book)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (book, suffixes[i], NULL);
      int fd = open (path, O_RDONLY);

      if (fd < 0)
        continue;
      fdatasync (fd);
      posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
      close (fd);
    }
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static guint
n_runs (void)
{
  const char *runs = g_getenv ("CLT_BENCH_RUNS");
  guint64 n = 0;

  if (runs != NULL && g_ascii_string_to_unsigned (runs, 10, 3, 1000, &n, NULL))
    return n;
  return N_RUNS;
}

/* Starts @argv (or @service_argv) the @way given n_runs() times (or fewer,
 * past BUDGET_S, unless $CLT_BENCH_RUNS asks for them), each after one of
 * @beside_argv (the floor, GL off) when given. */
static void
measure (const char         *label,
         StartWay            way,
         const char * const *argv,
         const char * const *service_argv,
         const char * const *beside_argv,
         const char         *book,
         const char         *env_name,
         const char         *env_value)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) beside = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) paired = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean budgeted = g_getenv ("CLT_BENCH_RUNS") == NULL;
  Row *row = g_new0 (Row, 1);
  gint64 started;
  Run run;

  row->label = g_strdup (label);
  if (book != NULL)
    drop_from_cache (book);
  run = start_once (way, argv, service_argv, env_name, env_value);
  row->cold = run.ms;
  row->renderer = run.renderer;

  started = g_get_monotonic_time ();
  for (guint i = 0; run.ms >= 0 && i < n_runs (); i++)
    {
      Run warm;
      Run floor = { -1, NULL };

      if (budgeted && i >= 2 && g_get_monotonic_time () - started > BUDGET_S * G_USEC_PER_SEC)
        break;
      if (beside_argv != NULL)
        {
          floor = run_once (beside_argv, "GDK_DEBUG", "gl-disable");
          g_free (floor.renderer);
          if (floor.ms >= 0)
            g_array_append_val (beside, floor.ms);
        }
      warm = start_once (way, argv, service_argv, env_name, env_value);
      g_free (warm.renderer);
      if (warm.ms < 0)
        break;
      g_array_append_val (times, warm.ms);
      if (floor.ms > 0)
        {
          double ratio = warm.ms / floor.ms;

          g_array_append_val (paired, ratio);
        }
    }
  if (beside->len > 0)
    row->beside = median (beside);
  if (paired->len > 0)
    row->paired = median (paired);

  row->n = times->len;
  if (times->len > 0)
    {
      row->median = median (times);
      row->min = g_array_index (times, double, 0);
      row->max = g_array_index (times, double, times->len - 1);
    }

  g_ptr_array_add (rows, row);
  printf ("  measured: %s\n", label);
  fflush (stdout);
}

/* Puts the application's icon where an installed Clientele's is found:
 * @data_home/icons/hicolor/scalable/apps. Returns its path. */
static char *
install_icon (const char *data_home)
{
  g_autofree char *apps = g_build_filename (data_home, "icons", "hicolor", "scalable", "apps", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *icon = g_build_filename (apps, APPLICATION_ID ".svg", NULL);
  gsize length;

  if (g_getenv ("CLT_BENCH_ICON") == NULL)
    g_error ("CLT_BENCH_ICON is not set: run the benchmark with meson test");
  if (!g_file_get_contents (g_getenv ("CLT_BENCH_ICON"), &contents, &length, &error) ||
      g_mkdir_with_parents (apps, 0700) != 0 ||
      !g_file_set_contents (icon, contents, length, &error))
    g_error ("Could not install the icon: %s", error != NULL ? error->message : g_strerror (errno));

  return icon;
}

static void
remove_icon (const char *data_home,
             const char *icon)
{
  g_autofree char *dir = g_path_get_dirname (icon);

  g_unlink (icon);
  /* Up to @data_home: apps, scalable, hicolor, icons. */
  while (g_strcmp0 (dir, data_home) != 0 && g_rmdir (dir) == 0)
    {
      char *parent = g_path_get_dirname (dir);

      g_free (dir);
      dir = parent;
    }
}

/* What the service wrote in @data_home/config: its setting, its
 * autostart entry. */
static void
remove_config (const char *data_home)
{
  static const char * const paths[] = {
    "config/glib-2.0/settings/keyfile", "config/glib-2.0/settings", "config/glib-2.0",
    "config/autostart/" APPLICATION_ID ".desktop", "config/autostart", "config",
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *path = g_build_filename (data_home, paths[i], NULL);

      g_remove (path);
    }
}

static void
measure_book (const char         *program,
              const char * const *floor_argv,
              guint               n_customers)
{
  g_autofree char *dir = NULL;
  g_autofree char *book = NULL;
  g_autofree char *label = NULL;
  g_autofree char *icon = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *service_label = NULL;
  g_autofree char *desktop_label = NULL;
  const char *argv[] = { program, "--database", NULL, NULL };
  const char *service_argv[] = { program, "--gapplication-service", "--database", NULL, NULL };
  static const char * const suffixes[] = { "", "-wal", "-shm", "-outbox.lock" };

  dir = g_dir_make_tmp ("bench-startup-XXXXXX", &error);
  g_assert_no_error (error);
  icon = install_icon (dir);
  book = g_build_filename (dir, "book.db", NULL);
  argv[2] = book;
  service_argv[3] = book;
  g_setenv ("CLT_BENCH_DATA_HOME", dir, TRUE);

  store = clt_store_open (book, &error);
  g_assert_no_error (error);
  if (n_customers > 0 &&
      !clt_sample_fill (store, n_customers, SEED, g_get_real_time () / G_USEC_PER_SEC,
                        NULL, NULL, NULL, &error))
    g_error ("Could not generate the book: %s", error->message);
  g_clear_object (&store);

  if (n_customers == 0)
    label = g_strdup ("Clientele, empty book");
  else
    label = g_strdup_printf ("Clientele, %u customers", n_customers);
  measure (label, START_EXEC, argv, NULL, floor_argv, book, NULL, NULL);
  if (n_customers > 0)
    {
      desktop_label = g_strdup_printf ("Clientele from the desktop, %u", n_customers);
      measure (desktop_label, START_ACTIVATED, NULL, service_argv, floor_argv, book, NULL, NULL);
      service_label = g_strdup_printf ("Clientele in the background, %u", n_customers);
      measure (service_label, START_BESIDE_SERVICE, argv, service_argv, floor_argv, book, NULL, NULL);
      remove_config (dir);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (book, suffixes[i], NULL);

      g_unlink (path);
    }
  remove_icon (dir, icon);
  g_rmdir (dir);
}

static void
print_ms (double ms)
{
  if (ms < 0)
    printf (" %9s", "> " G_STRINGIFY (TIMEOUT_S) " s");
  else
    printf (" %9.1f", ms);
}

static void
print_table (void)
{
  const Row *floor_gl = rows->pdata[0];
  const Row *floor_cairo = rows->pdata[1];

  printf ("\nstart-up: exec to the first painted frame, ms (warm: median of n, then min and max)\n");
  printf ("  %-41s %-18s %9s %9s %9s %9s %3s  %s\n", "", "renderer", "cold", "warm", "min", "max", "n",
          "warm ÷ floor (GL, GL off; GL off started in turn: its median; per pair: median ratio)");
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = rows->pdata[i];

      printf ("  %-41s %-18s", row->label, row->renderer != NULL ? row->renderer : "-");
      print_ms (row->cold);
      if (row->n == 0)
        {
          printf ("\n");
          continue;
        }
      print_ms (row->median);
      print_ms (row->min);
      print_ms (row->max);
      printf (" %3u", row->n);
      if (i >= 2 && floor_gl->n > 0 && floor_cairo->n > 0)
        printf ("  %.2f×, %.2f×", row->median / floor_gl->median, row->median / floor_cairo->median);
      if (row->beside > 0)
        printf ("; %.2f× (%.1f); %.2f×", row->median / row->beside, row->beside, row->paired);
      printf ("\n");
    }
}

/* Each argument is a book size. */
int
main (int   argc,
      char *argv[])
{
  g_autofree char *program = g_build_filename (g_getenv ("CLT_PROGRAM_DIR"), "clientele", NULL);
  g_autofree char *here = g_path_get_dirname (argv[0]);
  g_autofree char *floor_program = g_build_filename (here, "bench-floor", NULL);
  g_autofree char *floor_home = g_dir_make_tmp ("bench-startup-floor-XXXXXX", NULL);
  const char *floor_argv[] = { floor_program, NULL };

  rows = g_ptr_array_new ();

  g_setenv ("CLT_BENCH_DATA_HOME", floor_home, TRUE);
  measure ("floor: bare libadwaita window", START_EXEC, floor_argv, NULL, NULL, NULL, NULL, NULL);
  measure ("floor, GL off (GDK_DEBUG=gl-disable)", START_EXEC, floor_argv, NULL, NULL, NULL, "GDK_DEBUG", "gl-disable");
  g_rmdir (floor_home);

  for (int i = 1; i < argc; i++)
    measure_book (program, floor_argv, (guint) atoi (argv[i]));

  print_table ();

  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = rows->pdata[i];

      g_free (row->label);
      g_free (row->renderer);
      g_free (row);
    }
  g_ptr_array_unref (rows);

  return 0;
}

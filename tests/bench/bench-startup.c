/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "clt-core.h"

/*
 * The window's start as a person sees it: from exec of the real
 * `clientele` program to its first painted frame, on a generated book
 * of each size given, several runs. Linking and
 * loading libraries count here; the GUI benchmark starts its clock after
 * gtk_init and cannot see them. Run it under Xvfb and D-Bus:
 *   xvfb-run -a dbus-run-session -- meson test -C BUILD --benchmark startup
 * It prints figures and asserts no timing.
 */

#define SEED 42
#define N_RUNS 9

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
run_once (const char *program,
          const char *book)
{
  const char *argv[] = { program, "--database", book, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  gint64 start;
  gint64 painted;
  const char *line;
  int status;

  env = g_environ_setenv (env, "CLT_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  /* A warning (no notification daemon here) must not stop the program. */
  env = g_environ_unsetenv (env, "G_DEBUG");
  /* Nothing of the user's own data is touched. */
  env = g_environ_setenv (env, "XDG_DATA_HOME", g_getenv ("CLT_BENCH_DATA_HOME"), TRUE);
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, NULL, &status, &error))
    g_error ("%s: %s", program, error->message);

  line = strstr (out, "first-frame ");
  if (line == NULL)
    g_error ("%s painted no frame (is there a display?)", program);
  painted = g_ascii_strtoll (line + strlen ("first-frame "), NULL, 10);

  return (painted - start) / 1000.0;
}

static void
measure (const char *program,
         guint       n_customers)
{
  g_autofree char *dir = NULL;
  g_autofree char *book = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  double times[N_RUNS];

  dir = g_dir_make_tmp ("bench-startup-XXXXXX", &error);
  g_assert_no_error (error);
  book = g_build_filename (dir, "book.db", NULL);
  wal = g_strconcat (book, "-wal", NULL);
  shm = g_strconcat (book, "-shm", NULL);
  g_setenv ("CLT_BENCH_DATA_HOME", dir, TRUE);

  store = clt_store_open (book, &error);
  g_assert_no_error (error);
  if (n_customers > 0 &&
      !clt_sample_fill (store, n_customers, SEED, g_get_real_time () / G_USEC_PER_SEC,
                        NULL, NULL, NULL, &error))
    g_error ("Could not generate the book: %s", error->message);
  g_clear_object (&store);

  /* The first run warms the page cache as a second start of the day would. */
  run_once (program, book);
  for (guint i = 0; i < N_RUNS; i++)
    times[i] = run_once (program, book);
  qsort (times, N_RUNS, sizeof times[0], compare_doubles);

  printf ("start-up, exec to first frame, %u customers, %d runs: "
          "min %.1f ms, median %.1f ms, max %.1f ms\n",
          n_customers, N_RUNS, times[0], times[N_RUNS / 2], times[N_RUNS - 1]);

  g_unlink (book);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

/* Each argument is a book size; 0 is the empty book a new user starts with. */
int
main (int   argc,
      char *argv[])
{
  g_autofree char *program = g_build_filename (g_getenv ("CLT_PROGRAM_DIR"), "clientele", NULL);

  for (int i = 1; i < argc; i++)
    measure (program, (guint) atoi (argv[i]));

  return 0;
}

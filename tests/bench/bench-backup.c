/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-core.h"

/*
 * Backup and erasure on a generated book: the copy (VACUUM INTO) and its
 * size against the live file's, the day's copy when it exists already, the
 * preview of inactive customers, an erasure step by step (the rows, the
 * search index's merge, the rebuild of the file, the copies) and end to
 * end, and a restore. It prints figures and asserts no timing.
 */

#define SEED 42
#define YEAR (365 * 24 * 60 * 60)

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static double
ms_since (gint64 start_ns)
{
  return (now_ns () - start_ns) / 1e6;
}

static double
file_mib (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return st.st_size / (1024.0 * 1024.0);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The search index's merge alone, on a connection of its own. */
static double
optimize_ms (const char *path)
{
  sqlite3 *db = NULL;
  gint64 start;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  sqlite3_exec (db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
  start = now_ns ();
  rc = sqlite3_exec (db, "INSERT INTO search (search) VALUES ('optimize')", NULL, NULL, NULL);
  g_assert_cmpint (rc, ==, SQLITE_OK);
  sqlite3_close (db);

  return ms_since (start);
}

static void
bench_book (guint n_customers)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *made = NULL;
  g_autofree char *aside = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 start;
  gint64 inactive;
  double copy_ms;
  double daily_ms;
  double again_ms;
  double preview_ms;
  double data_ms;
  double merge_ms;
  double purge_ms;
  double copies_ms;
  double total_ms;
  double restore_ms;
  double live_mib;

  dir = g_dir_make_tmp ("clientele-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "book.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);
  copy = g_build_filename (dir, "copy.db", NULL);

  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  if (!clt_sample_fill (store, n_customers, SEED, now, NULL, NULL, NULL, &error))
    g_error ("Could not generate the book: %s", error->message);
  g_clear_object (&store);
  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  live_mib = file_mib (path) + file_mib (wal);

  start = now_ns ();
  g_assert_true (clt_store_backup (store, copy, &error));
  copy_ms = ms_since (start);
  g_assert_no_error (error);

  start = now_ns ();
  g_assert_true (clt_backup_daily (store, now, &made, &error));
  daily_ms = ms_since (start);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  start = now_ns ();
  g_assert_true (clt_backup_daily (store, now, NULL, &error));
  again_ms = ms_since (start);
  g_assert_no_error (error);

  start = now_ns ();
  inactive = clt_store_preview_inactive (store, 3, now + 5 * YEAR, NULL, &error);
  preview_ms = ms_since (start);
  g_assert_no_error (error);

  /* One customer, step by step. */
  start = now_ns ();
  g_assert_true (clt_store_erase_customer_data (store, n_customers / 2, FALSE, &error));
  data_ms = ms_since (start);
  g_assert_no_error (error);
  merge_ms = optimize_ms (path);
  start = now_ns ();
  g_assert_true (clt_store_purge_erased (store, &error));
  purge_ms = ms_since (start);
  g_assert_no_error (error);
  start = now_ns ();
  g_assert_true (clt_backup_erase_in_copies (store, &error));
  copies_ms = ms_since (start);
  g_assert_no_error (error);

  /* Another, end to end, its copies included. */
  start = now_ns ();
  g_assert_true (clt_backup_erase_customer (store, n_customers / 3, FALSE, &error));
  total_ms = ms_since (start);
  g_assert_no_error (error);

  start = now_ns ();
  g_assert_true (clt_backup_restore (store, copy, &aside, &error));
  restore_ms = ms_since (start);
  g_assert_no_error (error);

  printf ("\nbook of %u customers, %.1f MiB (file and WAL)\n", n_customers, live_mib);
  printf ("  copy (VACUUM INTO, synced, renamed)   %8.0f ms   %.1f MiB\n", copy_ms, file_mib (copy));
  printf ("  the day's copy, first                 %8.0f ms\n", daily_ms);
  printf ("  the day's copy, when it exists        %8.3f ms\n", again_ms);
  printf ("  preview of the inactive (%6" G_GINT64_FORMAT ")     %8.1f ms\n", inactive, preview_ms);
  printf ("  erase: the rows, one transaction      %8.1f ms\n", data_ms);
  printf ("  erase: search index merge (optimize)  %8.0f ms\n", merge_ms);
  printf ("  erase: purge (VACUUM, WAL emptied)    %8.0f ms\n", purge_ms);
  printf ("  erase: in the day's copy              %8.0f ms\n", copies_ms);
  printf ("  erase end to end, one copy            %8.0f ms\n", total_ms);
  printf ("  restore (checks, erasures, backup API)%8.0f ms\n", restore_ms);
  printf ("  book after all this                   %8.1f MiB\n", file_mib (path) + file_mib (wal));
  fflush (stdout);

  g_clear_object (&store);
  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;

  if (argc < 2)
    {
      fprintf (stderr, "Usage: %s N_CUSTOMERS…\n", argv[0]);
      return 2;
    }

  /* The copies go to a data folder of the benchmark's own. */
  data_home = g_dir_make_tmp ("clientele-bench-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  for (int i = 1; i < argc; i++)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (argv[i], 10, 1, G_MAXUINT, &n, NULL))
        {
          fprintf (stderr, "%s: not a number of customers\n", argv[i]);
          return 2;
        }
      bench_book ((guint) n);
    }

  remove_tree (data_home);
  return EXIT_SUCCESS;
}

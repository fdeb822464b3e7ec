/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-core.h"

/*
 * Adding customers, as the book grows: the rate of adds made one at a time
 * (each its own transaction, as a desk or `clientele-cli add` makes them)
 * and of adds made by the hundred in one transaction (as an import makes
 * them, the commit's reindexing included) at 0, 20,000, 50,000 and 100,000
 * customers; then 2,000 namesakes added one at a time to the 100,000-
 * customer book, the time per add at their start and at their end (a flat
 * time per add is a linear total); then an import of 100,000 customers in
 * one transaction into an empty book, in random, ascending and descending
 * order of names. It prints figures and asserts no timing; it fails when
 * the search index's order is not the book's order.
 */

#define SEED 7
#define DESK_ADDS 200
#define BATCH_ADDS 2000
#define N_NAMESAKES 2000
#define EDGE 100

static const char * const given_names[] = {
  "Marie", "Camille", "Léa", "Manon", "Chloé", "Sophie", "Isabelle", "Nathalie",
  "Jean", "Pierre", "Louis", "Hugo", "Lucas", "Théo", "Nicolas", "Julien",
  "Sarah", "Emma", "Olivia", "Grace", "Siobhán", "Aoife", "James", "Oliver",
  "Seán", "Liam", "Zoë", "Renée", "José", "Zoltán", "Anne-Marie", "Jean-Luc",
};

static const char * const family_names[] = {
  "Martin", "Bernard", "Dubois", "Durand", "Lefèvre", "Dupont", "Le Goff",
  "de la Tour", "Van der Berg", "O'Brien", "N'Diaye", "Dupont-Aignan",
  "Smith", "Taylor", "Nguyen", "Tremblay", "Côté", "Da Silva",
};

static const char * const syllables[] = {
  "ber", "cha", "dor", "fal", "gui", "lan", "mor", "nel", "pa", "quen", "ro",
  "sau", "tal", "vi", "zan", "bro", "del", "mar", "rin", "ste", "lou", "vé",
  "gré", "ka",
};

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static double
s_since (gint64 start_ns)
{
  return (now_ns () - start_ns) / 1e9;
}

/* The processor time of this program: unlike the wall clock, it does not
 * count waiting for the disk, which other programs share. */
static gint64
cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmHWM:")) != NULL)
    return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
  return 0;
}

/* A name as a book holds them: a few common family names, many rarer ones. */
static char *
random_name (GRand *rand)
{
  const char *given = given_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_names))];
  g_autoptr(GString) family = g_string_new (NULL);

  if (g_rand_int_range (rand, 0, 3) == 0)
    g_string_append (family, family_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (family_names))]);
  else
    {
      guint n = g_rand_int_range (rand, 2, 4);
      g_autofree char *capital = NULL;

      for (guint i = 0; i < n; i++)
        g_string_append (family, syllables[g_rand_int_range (rand, 0, G_N_ELEMENTS (syllables))]);
      capital = g_utf8_strup (family->str, 1);
      g_string_overwrite (family, 0, capital);
    }

  return g_strdup_printf ("%s %s", given, family->str);
}

static gint64
add_named (CltStore   *store,
           const char *name)
{
  g_autoptr(CltCustomer) customer = clt_customer_new (name);
  g_autoptr(GError) error = NULL;
  gint64 id = clt_store_add_customer (store, customer, &error);

  if (id <= 0)
    g_error ("Could not add “%s”: %s", name, error->message);
  return id;
}

/* Adds made one at a time, each committed on its own. */
static double
desk_rate (CltStore *store,
           GRand    *rand,
           guint     n,
           double   *cpu_ms)
{
  gint64 start = now_ns ();
  gint64 cpu_start = cpu_ns ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = random_name (rand);

      add_named (store, name);
    }

  *cpu_ms = (cpu_ns () - cpu_start) / 1e6 / n;
  return n / s_since (start);
}

/* Adds made in one transaction, the commit (which indexes them) included. */
static double
batch_rate (CltStore            *store,
            GPtrArray           *names,
            double              *commit_s,
            double              *cpu_ms)
{
  g_autoptr(GError) error = NULL;
  gint64 start = now_ns ();
  gint64 cpu_start = cpu_ns ();
  gint64 commit_start;

  if (!clt_store_begin (store, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < names->len; i++)
    add_named (store, g_ptr_array_index (names, i));
  commit_start = now_ns ();
  if (!clt_store_commit (store, &error))
    g_error ("%s", error->message);
  if (commit_s != NULL)
    *commit_s = s_since (commit_start);
  *cpu_ms = (cpu_ns () - cpu_start) / 1e6 / names->len;

  return names->len / s_since (start);
}

static GPtrArray *
random_names (GRand *rand,
              guint  n)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, random_name (rand));
  return names;
}

static char *
sort_key (const char *given,
          const char *family,
          const char *display,
          const char *company)
{
  g_autoptr(CltCustomer) customer = g_object_new (CLT_TYPE_CUSTOMER,
                                                  "given-name", given,
                                                  "family-name", family,
                                                  "display-name", display,
                                                  "company", company,
                                                  NULL);
  g_autofree char *sort_name = clt_customer_dup_sort_name (customer);

  return clt_text_sort_key (sort_name);
}

/* Walks the search index in rowid order, as a search pages through it,
 * and counts the customers that come before one whose name sorts before
 * theirs. */
static gboolean
check_order (const char *path,
             gint64     *n_customers)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *previous = NULL;
  gint64 inversions = 0;
  gint64 n = 0;
  gint64 n_customers_table = -1;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db,
                             "SELECT c.given_name, c.family_name, c.display_name, c.company"
                             " FROM search s JOIN customers c ON c.search_rowid = s.rowid"
                             " ORDER BY s.rowid", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("Cannot read the book: %s", sqlite3_errmsg (db));

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      char *key = sort_key ((const char *) sqlite3_column_text (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1),
                            (const char *) sqlite3_column_text (stmt, 2),
                            (const char *) sqlite3_column_text (stmt, 3));

      if (previous != NULL && strcmp (key, previous) < 0)
        inversions++;
      g_free (previous);
      previous = key;
      n++;
    }
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (db, "SELECT count(*) FROM customers", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n_customers_table = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  *n_customers = n_customers_table;
  printf ("book order: %" G_GINT64_FORMAT " customers, %" G_GINT64_FORMAT " in the index,"
          " %" G_GINT64_FORMAT " out of order\n", n_customers_table, n, inversions);

  return inversions == 0 && n == n_customers_table;
}

/* Writes the journal back into the book, as SQLite does every thousand
 * pages, so that no timed add pays for the pages written before it. */
static void
checkpoint (const char *path)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("Cannot checkpoint the book: %s", sqlite3_errmsg (db));
  sqlite3_close (db);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The median of @n values from @values. */
static double
median (const double *values,
        guint         n)
{
  g_autofree double *copy = g_memdup2 (values, n * sizeof (double));

  qsort (copy, n, sizeof (double), compare_double);
  return n % 2 ? copy[n / 2] : (copy[n / 2 - 1] + copy[n / 2]) / 2;
}

static void
remove_book (const char *dir,
             const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static CltStore *
new_book (char **dir,
          char **path)
{
  g_autoptr(GError) error = NULL;
  CltStore *store;

  *dir = g_dir_make_tmp ("clientele-bench-add-XXXXXX", &error);
  g_assert_no_error (error);
  *path = g_build_filename (*dir, "book.db", NULL);
  store = clt_store_open (*path, &error);
  g_assert_no_error (error);

  return store;
}

static gboolean
bench_growing_book (guint max_size)
{
  static const guint sizes[] = { 0, 20000, 50000, 100000 };
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  double first = 0, last = 0, total = 0, slowest = 0;
  double first_cpu = 0, last_cpu = 0;
  gint64 n;
  gboolean ok;

  store = new_book (&dir, &path);

  printf ("\n%-10s %12s %10s %12s %10s %14s %12s\n", "customers", "one by one", "cpu/add",
          "in one tx", "cpu/add", "generated in", "peak memory");
  for (guint i = 0; i < G_N_ELEMENTS (sizes) && sizes[i] <= max_size; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) batch = random_names (rand, BATCH_ADDS);
      gint64 count = clt_store_count_customers (store);
      gint64 start = now_ns ();
      double generated_s = 0;
      double desk;
      double batched;
      double desk_cpu;
      double batch_cpu;

      if (count < sizes[i])
        {
          if (!clt_sample_fill (store, sizes[i] - count, SEED + i, g_get_real_time () / G_USEC_PER_SEC,
                                NULL, NULL, NULL, &error))
            g_error ("Could not generate the book: %s", error->message);
          generated_s = s_since (start);
        }

      count = clt_store_count_customers (store);
      checkpoint (path);
      desk = desk_rate (store, rand, DESK_ADDS, &desk_cpu);
      batched = batch_rate (store, batch, NULL, &batch_cpu);
      printf ("%-10" G_GINT64_FORMAT " %10.0f/s %7.3f ms %10.0f/s %7.3f ms %12.1f s %8.0f MiB\n",
              count, desk, desk_cpu, batched, batch_cpu, generated_s, peak_rss_mib ());
      fflush (stdout);
    }

  /* Namesakes of one another, added one at a time: half the same name,
   * half the same family name of more than ten letters with given names
   * in random order. */
  printf ("\n%u namesakes added one by one to a book of %" G_GINT64_FORMAT " customers:\n",
          N_NAMESAKES, clt_store_count_customers (store));
  checkpoint (path);
  for (guint i = 0; i < N_NAMESAKES; i++)
    {
      g_autofree char *name = NULL;
      gint64 start;
      gint64 cpu_start;
      double s;

      if (i % 2 == 0)
        name = g_strdup ("Jean Dubois-Lacroix");
      else
        name = g_strdup_printf ("%s%u Dubois-Lacroix",
                                given_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_names))],
                                g_rand_int_range (rand, 0, 100000));

      start = now_ns ();
      cpu_start = cpu_ns ();
      add_named (store, name);
      s = s_since (start);
      if (i < EDGE)
        first_cpu += (cpu_ns () - cpu_start) / 1e6;
      else if (i >= N_NAMESAKES - EDGE)
        last_cpu += (cpu_ns () - cpu_start) / 1e6;
      g_array_append_val (times, s);
      total += s;
      slowest = MAX (slowest, s);
    }
  for (guint i = 0; i < EDGE; i++)
    {
      first += g_array_index (times, double, i);
      last += g_array_index (times, double, N_NAMESAKES - EDGE + i);
    }
  printf ("  per add: first %u %.2f ms, last %u %.2f ms, mean %.2f ms, slowest %.1f ms;"
          " total %.1f s (%.0f adds/s)\n",
          EDGE, first / EDGE * 1e3, EDGE, last / EDGE * 1e3, total / N_NAMESAKES * 1e3,
          slowest * 1e3, total, N_NAMESAKES / total);
  printf ("  median per add: first %u %.2f ms, last %u %.2f ms\n",
          EDGE, median ((double *) times->data, EDGE) * 1e3,
          EDGE, median ((double *) times->data + N_NAMESAKES - EDGE, EDGE) * 1e3);
  printf ("  processor time per add: first %u %.3f ms, last %u %.3f ms\n",
          EDGE, first_cpu / EDGE, EDGE, last_cpu / EDGE);

  g_clear_object (&store);
  ok = check_order (path, &n);
  remove_book (dir, path);

  return ok;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  g_autoptr(CltCustomer) x = clt_customer_new (*(const char **) a);
  g_autoptr(CltCustomer) y = clt_customer_new (*(const char **) b);
  g_autofree char *x_name = clt_customer_dup_sort_name (x);
  g_autofree char *y_name = clt_customer_dup_sort_name (y);
  g_autofree char *x_key = clt_text_sort_key (x_name);
  g_autofree char *y_key = clt_text_sort_key (y_name);

  return strcmp (x_key, y_key);
}

static int
compare_names_reversed (gconstpointer a,
                        gconstpointer b)
{
  return compare_names (b, a);
}

/* What an import does: every customer in one transaction. */
static gboolean
bench_import (guint n_customers)
{
  static const char * const orders[] = { "random", "ascending", "descending" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + 1);
  g_autoptr(GPtrArray) names = random_names (rand, n_customers);
  gboolean ok = TRUE;

  printf ("\n%u customers added in one transaction to an empty book:\n", n_customers);
  for (guint i = 0; i < G_N_ELEMENTS (orders); i++)
    {
      g_autoptr(CltStore) store = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *path = NULL;
      double commit_s = 0;
      double cpu_ms = 0;
      double rate;
      gint64 n;

      if (i == 1)
        g_ptr_array_sort (names, compare_names);
      else if (i == 2)
        g_ptr_array_sort (names, compare_names_reversed);

      store = new_book (&dir, &path);
      rate = batch_rate (store, names, &commit_s, &cpu_ms);
      printf ("  %-10s %8.0f adds/s, %.3f ms processor time each (commit %.1f s), peak memory %.0f MiB; ",
              orders[i], rate, cpu_ms, commit_s, peak_rss_mib ());
      g_clear_object (&store);
      if (!check_order (path, &n))
        ok = FALSE;
      remove_book (dir, path);
      fflush (stdout);
    }

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  guint64 max_size = 100000;
  gboolean ok;

  if (argc > 1 && !g_ascii_string_to_unsigned (argv[1], 10, 0, G_MAXUINT, &max_size, NULL))
    {
      fprintf (stderr, "Usage: %s [LARGEST-BOOK]\n", argv[0]);
      return 2;
    }

  ok = bench_growing_book ((guint) max_size);
  ok = bench_import ((guint) max_size) && ok;

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

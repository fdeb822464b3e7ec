/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-core.h"

#include "bench-desk-day.h"

/*
 * Search benchmark on a generated book: for each size given on the command
 * line, the time from opening the book to the first result, the latency of
 * the first page of results for each kind of query a desk types (and of
 * the first screen of rows read, "screen"), the peak
 * memory and the size on disk. It prints figures and asserts no timing; it
 * fails when a query that must find someone finds no one.
 */

#define SEED 42
#define MIN_SAMPLES 200
/* The rows a list shows at once, each read through get_item(): what a
 * window draws after a keystroke, not the first result alone. */
#define SCREEN_ROWS 12

typedef struct
{
  char     *text;
  gboolean  must_match;
} Query;

typedef struct
{
  const char *name;
  GArray     *queries;   /* Query */
} QueryClass;

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

/* The peak resident memory of this program. ru_maxrss also counts what the
 * process used before exec(), which under `meson test` is the Python
 * process that forked it (~30 MiB): Linux's VmHWM, reset by exec(), is
 * preferred when there is one. */
static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  struct rusage usage;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmHWM:")) != NULL)
    return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0; /* KiB on Linux */
}

/* Linux lets a process reset its own high-water mark, so the peak of the
 * search phase alone can be told from that of the generation. */
static gboolean
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");
  gboolean ok;

  if (file == NULL)
    return FALSE;
  ok = fputs ("5", file) >= 0;
  return fclose (file) == 0 && ok;
}

/* The CPU time of this program: the wall clock is another's too on a
 * shared machine. */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The pages of the search index's tables (dbstat), read on a connection
 * of its own. */
static double
search_index_mib (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  double mib = -1;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT sum (pgsize) FROM dbstat WHERE name LIKE 'search%'",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    mib = sqlite3_column_int64 (stmt, 0) / (1024.0 * 1024.0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return mib;
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

static void
add_query (QueryClass *class,
           const char *text,
           gboolean    must_match)
{
  Query query = { g_strdup (text), must_match };

  g_array_append_val (class->queries, query);
}

static void
query_clear (gpointer data)
{
  Query *query = data;

  g_free (query->text);
}

static QueryClass *
query_class_new (const char *name)
{
  QueryClass *class = g_new0 (QueryClass, 1);

  class->name = name;
  class->queries = g_array_new (FALSE, TRUE, sizeof (Query));
  g_array_set_clear_func (class->queries, query_clear);

  return class;
}

static void
query_class_free (QueryClass *class)
{
  g_array_unref (class->queries);
  g_free (class);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QueryClass, query_class_free)

/* Sets the query and takes the first result: what a desk waits for; then
 * the rest of a screen of rows, timed in @screen_ms. */
static double
time_query (CltSearchModel *model,
            const char     *text,
            guint          *n_items,
            double         *screen_ms)
{
  gint64 start = now_ns ();
  CltCustomer *first;
  double first_ms;

  clt_search_model_set_query (model, text);
  *n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_clear_object (&first);
  first_ms = ms_since (start);

  for (guint i = 1; i < MIN (*n_items, SCREEN_ROWS); i++)
    {
      CltCustomer *row = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_clear_object (&row);
    }
  *screen_ms = ms_since (start);

  return first_ms;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint rank = (guint) (p * sorted->len + 0.999999);

  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

/* Runs every query of the class in turn, round after round, so that no
 * query is timed twice in a row against a cache it just filled. */
static gboolean
run_class (CltSearchModel *model,
           QueryClass     *class)
{
  guint n_queries = class->queries->len;
  guint rounds = (MIN_SAMPLES + n_queries - 1) / n_queries;
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) screen_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GString) no_match = g_string_new (NULL);
  const char *slowest = NULL;
  double slowest_ms = -1;
  guint n_empty = 0;
  guint64 n_results = 0;
  gboolean ok = TRUE;

  rounds = MAX (rounds, 5);

  /* Not timed: a model left on the last query of the class before would
   * make the first set_query() of this one a no-op. */
  clt_search_model_set_query (model, "");

  for (guint round = 0; round < rounds; round++)
    for (guint i = 0; i < n_queries; i++)
      {
        Query *query = &g_array_index (class->queries, Query, i);
        guint n_items;
        double screen_ms;
        double ms = time_query (model, query->text, &n_items, &screen_ms);

        g_array_append_val (samples, ms);
        g_array_append_val (screen_samples, screen_ms);
        n_results += n_items;
        if (ms > slowest_ms)
          {
            slowest_ms = ms;
            slowest = query->text;
          }
        if (n_items == 0)
          {
            n_empty++;
            if (round == 0)
              g_string_append_printf (no_match, " “%s”", query->text);
            if (query->must_match && round == 0)
              {
                printf ("ERROR: “%s” (%s) finds no one, but the book has a match\n",
                        query->text, class->name);
                ok = FALSE;
              }
          }
      }

  g_array_sort (samples, compare_double);
  g_array_sort (screen_samples, compare_double);
  printf ("%-14s %6u %8.2f %8.2f %8.2f %8.2f %8.2f %8.1f %6u  %s\n",
          class->name, samples->len,
          percentile (samples, 0.50), percentile (samples, 0.99),
          g_array_index (samples, double, samples->len - 1),
          percentile (screen_samples, 0.50), percentile (screen_samples, 0.99),
          (double) n_results / samples->len, n_empty, slowest);
  if (no_match->len > 0)
    printf ("%14s no match for%s\n", "", no_match->str);

  return ok;
}

/* Real family names from the book, taken the way a user would meet them:
 * from the first page of results of short searches, a couple each, so that
 * they spread over the alphabet. */
static void
collect_family_names (CltSearchModel     *model,
                      const char * const *prefixes,
                      QueryClass         *class,
                      guint               wanted)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < class->queries->len; i++)
    g_hash_table_add (seen, g_array_index (class->queries, Query, i).text);

  for (guint p = 0; prefixes[p] != NULL && class->queries->len < wanted; p++)
    {
      guint n;
      guint taken = 0;

      clt_search_model_set_query (model, prefixes[p]);
      n = g_list_model_get_n_items (G_LIST_MODEL (model));

      for (guint i = 0; i < n && taken < 2 && class->queries->len < wanted; i++)
        {
          g_autoptr(CltCustomer) customer = g_list_model_get_item (G_LIST_MODEL (model), i);
          const char *family = clt_customer_get_family_name (customer);

          if (family == NULL || g_hash_table_contains (seen, family))
            continue;

          add_query (class, family, TRUE);
          g_hash_table_add (seen, (gpointer) g_array_index (class->queries, Query,
                                                            class->queries->len - 1).text);
          taken++;
        }
    }

  if (class->queries->len < wanted)
    printf ("note: only %u family names found for whole-name queries\n", class->queries->len);
}

/* Four digits from anywhere in real numbers of the book: any run of a
 * number's digits must find it. */
static gboolean
collect_phone_fragments (const char *path,
                         QueryClass *class,
                         guint       wanted)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint step;
  gint64 n_phones = 0;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM phones", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    n_phones = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = NULL;

  step = MAX (1, n_phones / wanted);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "SELECT digits FROM phones WHERE id % ?1 = 0 ORDER BY id LIMIT ?2",
                             -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      printf ("ERROR: cannot read the phone numbers of the book: %s\n", sqlite3_errmsg (db));
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_bind_int64 (stmt, 1, step);
  sqlite3_bind_int64 (stmt, 2, wanted);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *digits = (const char *) sqlite3_column_text (stmt, 0);
      gsize len = strlen (digits);
      g_autofree char *fragment = NULL;

      if (len < 4)
        continue;
      fragment = g_strndup (digits + g_rand_int_range (rand, 0, len - 3), 4);
      add_query (class, fragment, TRUE);
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return TRUE;
}

/* Family names of @names misheard: two letters swapped, one dropped, one
 * replaced, in turn; each still one edit from a name of the book. */
static void
add_typos (QueryClass *class,
           QueryClass *names)
{
  for (guint i = 0; i < names->queries->len; i++)
    {
      g_autofree char *word = clt_text_fold (g_array_index (names->queries, Query, i).text);
      gsize len = strlen (word);
      gsize at = len / 2;

      if (len < 5 || strspn (word, "abcdefghijklmnopqrstuvwxyz") != len)
        continue;
      switch (i % 3)
        {
        case 0:
          {
            char c = word[at];

            word[at] = word[at - 1];
            word[at - 1] = c;
          }
          break;
        case 1:
          memmove (word + at, word + at + 1, len - at);
          break;
        default:
          word[at] = word[at] == 'k' ? 'q' : 'k';
          break;
        }
      add_query (class, word, FALSE);
    }
}

/* Words no name of the sample has, as many as a book of real names might
 * hold: the close matches read them all. */
static gboolean
add_name_words (const char *path,
                guint       n_words)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT OR IGNORE INTO name_words (word) VALUES (?1)", -1, &stmt, NULL);
  for (guint i = 0; rc == SQLITE_OK && i < n_words; i++)
    {
      char word[12];
      guint len = g_rand_int_range (rand, 4, 11);

      for (guint j = 0; j < len; j++)
        word[j] = "aeioubcdfglmnprstvy"[g_rand_int_range (rand, 0, 19)];
      word[len] = '\0';
      sqlite3_bind_text (stmt, 1, word, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    printf ("ERROR: cannot add name words: %s\n", sqlite3_errmsg (db));
  sqlite3_close (db);

  return rc == SQLITE_OK;
}

/* The time to fill the close matches' words of a book made before them
 * (schema step 13), at its opening. */
static double
time_name_words_migration (const char *path,
                           gint64     *n_words)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start;
  double ms;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
      sqlite3_exec (db, "DROP TABLE name_words; PRAGMA user_version = 12", NULL, NULL, NULL) != SQLITE_OK)
    g_error ("Could not set the book back: %s", sqlite3_errmsg (db));
  sqlite3_close (db);

  start = now_ns ();
  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  ms = ms_since (start);
  g_clear_object (&store);

  sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  sqlite3_prepare_v2 (db, "SELECT count(*) FROM name_words", -1, &stmt, NULL);
  *n_words = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return ms;
}

static void
add_queries (QueryClass         *class,
             const char * const *texts,
             gboolean            must_match)
{
  for (guint i = 0; texts[i] != NULL; i++)
    add_query (class, texts[i], must_match);
}

static gboolean
bench_book (guint n_customers)
{
  static const char * const two_letters[] = {
    "ma", "du", "le", "be", "jo", "sa", "ch", "ro", "la", "de", "mo", "fr",
    "pa", "da", "ga", "ca", "br", "gr", "pe", "ri", "st", "th", "wi", "ha",
    "ba", "me", "mi", "ni", "al", "an", "em", "cl", "so", "lu", "ju", "he",
    "ol", "ar", "va", "co", NULL
  };
  static const char * const three_letters[] = {
    "mar", "dup", "ber", "lef", "gir", "rob", "hel", "jea", "fra", "smi",
    "wil", "tho", "joh", "cha", "mor", "dub", "lau", "gar", "ric", "pet",
    "ler", "dur", "sim", "gau", "fon", "mer", "bon", "rou", "bla", "che",
    "pie", "nic", "sop", "cla", "cam", "ant", "obr", "van", "tay", "dav", NULL
  };
  static const char * const six_letters[] = {
    "martin", "bernar", "dubois", "thomas", "robert", "richar", "durand", "moreau",
    "lauren", "fourni", "mercie", "dupont", "bonnet", "legran", "garnie", "rousse",
    "guerin", "muller", "perrin", "gauthi", "fontai", "cheval", "masson", "gerard",
    "lemair", "marcha", "blanch", "barbie", "brunet", "schmit", "leroux", "renard",
    "willia", "taylor", "davies", "wilson", "walker", "edward", "hughes", "harris",
    "clarke", "turner", "cooper", "morris", "jessic", "franco", "sophie", "nathal", NULL
  };
  static const char * const accented[] = {
    "Hél", "Zoë", "Françoise", "Jérôme", "Gaëlle", "Anaïs", "Benoît",
    "Chloé", "Noël", "Agnès", "Loïc", "Maëlys", NULL
  };
  static const char * const unaccented[] = {
    "hel", "zoe", "francoise", "jerome", "gaelle", "anais", "benoit",
    "chloe", "noel", "agnes", "loic", "maelys", NULL
  };
  static const char * const phones[] = { "0612", "612345", "+33 6", "514", NULL };
  static const char * const awkward_names[] = {
    "O'Brien", "N'Diaye", "d'Arcy", "de la Tour", "Van der Berg", "Le Goff",
    "Dupont-Aignan", "Lévêque", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltSearchModel) model = NULL;
  g_autoptr(CltCustomer) first = NULL;
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func ((GDestroyNotify) query_class_free);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;
  double generate_s;
  double open_ms;
  double first_ms;
  double disk_mib;
  double generate_peak_mib;
  gboolean can_reset_peak;
  G_GNUC_UNUSED double cpu_start;
  gboolean ok = TRUE;
  QueryClass *class;
  QueryClass *whole_names;
  gint64 start;
  gint64 n_words = 0;
  double open_plain_ms;
  double migration_ms;

  dir = g_dir_make_tmp ("clientele-bench-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "book.db", NULL);
  wal = g_strconcat (path, "-wal", NULL);

  start = now_ns ();
  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  if (!clt_sample_fill (store, n_customers, SEED, g_get_real_time () / G_USEC_PER_SEC,
                        NULL, NULL, NULL, &error))
    g_error ("Could not generate the book: %s", error->message);
  bench_add_desk_day (store, n_customers, g_get_real_time () / G_USEC_PER_SEC);
  generate_s = ms_since (start) / 1000;
  g_clear_object (&store);
  disk_mib = file_mib (path) + file_mib (wal);

  printf ("\nbook %u customers: generated in %.1f s, %.1f MiB on disk\n",
          n_customers, generate_s, disk_mib);

  start = now_ns ();
  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  open_plain_ms = ms_since (start);
  g_clear_object (&store);
  migration_ms = time_name_words_migration (path, &n_words);
  printf ("close matches' words: %" G_GINT64_FORMAT " words; open filling them %.1f ms (open %.1f ms)\n",
          n_words, migration_ms, open_plain_ms);

  /* What a person waits for when starting the application and typing. */
  start = now_ns ();
  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  open_ms = ms_since (start);
  model = clt_search_model_new (store);
  clt_search_model_set_query (model, "dup");
  if (g_list_model_get_n_items (G_LIST_MODEL (model)) == 0)
    {
      printf ("ERROR: “dup” finds no one\n");
      ok = FALSE;
    }
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  first_ms = ms_since (start);
  printf ("open to first result: %.1f ms (open %.1f ms)\n", first_ms, open_ms);

  class = query_class_new ("1 letter");
  for (char c = 'a'; c <= 'z'; c++)
    {
      char text[2] = { c, '\0' };

      add_query (class, text, FALSE);
    }
  g_ptr_array_add (classes, class);

  class = query_class_new ("2 letters");
  add_queries (class, two_letters, FALSE);
  g_ptr_array_add (classes, class);

  class = query_class_new ("3 letters");
  add_queries (class, three_letters, FALSE);
  g_ptr_array_add (classes, class);

  class = query_class_new ("6 letters");
  add_queries (class, six_letters, FALSE);
  g_ptr_array_add (classes, class);

  class = query_class_new ("whole name");
  add_queries (class, awkward_names, TRUE);
  collect_family_names (model, two_letters, class, 50 + G_N_ELEMENTS (awkward_names) - 1);
  g_ptr_array_add (classes, class);
  whole_names = class;

  class = query_class_new ("accented");
  add_queries (class, accented, TRUE);
  g_ptr_array_add (classes, class);

  class = query_class_new ("unaccented");
  add_queries (class, unaccented, TRUE);
  g_ptr_array_add (classes, class);

  class = query_class_new ("phone");
  add_queries (class, phones, FALSE);
  if (!collect_phone_fragments (path, class, 36))
    ok = FALSE;
  g_ptr_array_add (classes, class);

  /* A name misheard: the ordinary query finds few names, the close
   * matches run. */
  class = query_class_new ("typo");
  add_typos (class, whole_names);
  g_ptr_array_add (classes, class);

  /* The peak so far is the generation's: read it before the reset. */
  generate_peak_mib = peak_rss_mib ();
  can_reset_peak = reset_peak_rss ();

  printf ("%-14s %6s %8s %8s %8s %8s %8s %8s %6s  %s\n",
          "query class", "n", "p50 ms", "p99 ms", "max ms", "screen50", "screen99",
          "results", "empty", "slowest");
  for (guint i = 0; i < classes->len; i++)
    if (!run_class (model, g_ptr_array_index (classes, i)))
      ok = FALSE;

  /* The same with as many words as a book of real names might have. */
  if (add_name_words (path, 50000))
    {
      QueryClass *typo = g_ptr_array_index (classes, classes->len - 1);

      typo->name = "typo +50k wds";
      if (!run_class (model, typo))
        ok = FALSE;
    }
  else
    ok = FALSE;

  /* Both spellings are one search: the same customers (the accent typed
   * may put its own first among the names). */
  for (guint i = 0; accented[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) ids = g_ptr_array_new ();
      guint n;

      clt_search_model_set_query (model, accented[i]);
      n = g_list_model_get_n_items (G_LIST_MODEL (model));
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(CltCustomer) customer = g_list_model_get_item (G_LIST_MODEL (model), j);

          g_ptr_array_add (ids, GINT_TO_POINTER ((int) clt_customer_get_id (customer)));
        }

      clt_search_model_set_query (model, unaccented[i]);
      if (g_list_model_get_n_items (G_LIST_MODEL (model)) != n)
        {
          printf ("ERROR: “%s” finds %u on its first page, “%s” %u\n", accented[i], n,
                  unaccented[i], g_list_model_get_n_items (G_LIST_MODEL (model)));
          ok = FALSE;
          continue;
        }
      for (guint j = 0; j < n; j++)
        {
          g_autoptr(CltCustomer) customer = g_list_model_get_item (G_LIST_MODEL (model), j);

          if (!g_ptr_array_find (ids, GINT_TO_POINTER ((int) clt_customer_get_id (customer)), NULL))
            {
              printf ("ERROR: “%s” and “%s” differ at result %u\n", accented[i], unaccented[i], j);
              ok = FALSE;
              break;
            }
        }
    }

  printf ("search index: %.1f MiB\n", search_index_mib (path));
#ifdef CLT_STORE_REFOLD_BATCH
  /* The reindex an upgrade to schema 13 runs once, in the background. */
  if (!clt_store_set_setting (store, "search-refold-from", "0", &error))
    g_error ("Could not ask for the reindex: %s", error->message);
  start = now_ns ();
  cpu_start = cpu_s ();
  if (!clt_store_refold_all (store, &error))
    g_error ("Could not reindex: %s", error->message);
  printf ("reindex of %u customers: %.1f s (%.1f s of CPU; batches of %d); search index after it: %.1f MiB\n",
          n_customers, ms_since (start) / 1000, cpu_s () - cpu_start, CLT_STORE_REFOLD_BATCH,
          search_index_mib (path));
#endif

  if (can_reset_peak)
    printf ("peak memory: %.1f MiB (generating: %.1f MiB, searching: %.1f MiB)\n",
            MAX (generate_peak_mib, peak_rss_mib ()), generate_peak_mib, peak_rss_mib ());
  else
    printf ("peak memory: %.1f MiB\n", MAX (generate_peak_mib, peak_rss_mib ()));
  fflush (stdout);

  g_clear_object (&first);
  g_clear_object (&model);
  g_clear_object (&store);
  remove_book (dir, path);

  return ok;
}

int
main (int   argc,
      char *argv[])
{
  gboolean ok = TRUE;

  if (argc < 2)
    {
      fprintf (stderr, "Usage: %s N_CUSTOMERS…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (argv[i], 10, 1, G_MAXUINT, &n, NULL))
        {
          fprintf (stderr, "%s: not a number of customers\n", argv[i]);
          return 2;
        }
      if (!bench_book ((guint) n))
        ok = FALSE;
    }

  return ok ? EXIT_SUCCESS : EXIT_FAILURE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "clt-test-book.h"

/* Close matches: names a typo or two away, offered when a search finds
 * fewer than five names. */

typedef struct
{
  CltTestBook book;
  gint64      dupre;
  gint64      lefevre;
  gint64      schmidt;
  gint64      muller;
  gint64      smith;
  gint64      dupuis;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  clt_test_book_set_up (&fixture->book, data);

  fixture->dupre = clt_test_book_add (&fixture->book, "Mme Hélène Dupré");
  fixture->lefevre = clt_test_book_add (&fixture->book, "Jacques Lefèvre");
  fixture->schmidt = clt_test_book_add (&fixture->book, "Jürgen Schmidt");
  fixture->muller = clt_test_book_add (&fixture->book, "Anke Müller");
  fixture->smith = clt_test_book_add (&fixture->book, "Elizabeth Smith");
  fixture->dupuis = clt_test_book_add (&fixture->book, "Paul Dupuis");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clt_test_book_tear_down (&fixture->book, data);
}

typedef struct
{
  GArray *ids;       /* every result, in order */
  int     close_at;  /* index of the first close match, -1 none */
} Results;

static void
results_clear (Results *results)
{
  g_clear_pointer (&results->ids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Results, results_clear)

static void
search_in (CltStore   *store,
           const char *text,
           Results    *results)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (store);
  g_autoptr(GError) error = NULL;

  results->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  results->close_at = -1;

  clt_search_model_set_query (model, text);
  while (!clt_search_model_get_complete (model))
    {
      g_assert_true (clt_search_model_load_more (model, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(CltCustomer) customer = g_list_model_get_item (G_LIST_MODEL (model), i);
      gint64 id = clt_customer_get_id (customer);
      const char *heading = clt_customer_get_heading (customer);

      if (heading != NULL)
        {
          g_assert_cmpint (results->close_at, ==, -1);
          g_assert_cmpstr (heading, ==, "Close matches");
          results->close_at = i;
        }
      g_array_append_val (results->ids, id);
    }
}

/* @text finds no name, and offers exactly @expected (0-terminated) as close
 * matches, in that order. */
static void
assert_close (Fixture      *fixture,
              const char   *text,
              const gint64 *expected)
{
  g_auto(Results) results = { 0 };
  guint n = 0;

  search_in (fixture->book.store, text, &results);
  while (expected[n] != 0)
    n++;

  if (n == 0)
    {
      g_assert_cmpint (results.close_at, ==, -1);
      return;
    }
  if (results.close_at != 0)
    g_error ("“%s”: close matches at %d", text, results.close_at);
  g_assert_cmpuint (results.ids->len, ==, n);
  for (guint i = 0; i < n; i++)
    if (g_array_index (results.ids, gint64, i) != expected[i])
      g_error ("“%s”: result %u is %" G_GINT64_FORMAT ", not %" G_GINT64_FORMAT,
               text, i, g_array_index (results.ids, gint64, i), expected[i]);
}

static void
test_one_edit (Fixture       *fixture,
               gconstpointer  data)
{
  /* Extra, missing, replaced letters, two letters swapped. */
  assert_close (fixture, "duprez", (gint64[]) { fixture->dupre, 0 });
  assert_close (fixture, "dupe", (gint64[]) { fixture->dupre, 0 });
  assert_close (fixture, "dpure", (gint64[]) { fixture->dupre, 0 });
  assert_close (fixture, "Dupré Hélènne", (gint64[]) { fixture->dupre, 0 });
  /* French, German, English. */
  assert_close (fixture, "lefevbre", (gint64[]) { fixture->lefevre, 0 });
  assert_close (fixture, "Lefèbvre", (gint64[]) { fixture->lefevre, 0 });
  assert_close (fixture, "schmitt", (gint64[]) { fixture->schmidt, 0 });
  assert_close (fixture, "Jurgen Shmidt", (gint64[]) { fixture->schmidt, 0 });
  /* "mueller" is Müller's own spelling (test-search-fold); a letter
   * missing is not. */
  assert_close (fixture, "muler", (gint64[]) { fixture->muller, 0 });
  assert_close (fixture, "smiht", (gint64[]) { fixture->smith, 0 });
  assert_close (fixture, "Elisabeth", (gint64[]) { fixture->smith, 0 });
}

/* Fewest edits first, then book order. */
static void
test_order (Fixture       *fixture,
            gconstpointer  data)
{
  gint64 dupuy = clt_test_book_add (&fixture->book, "Marc Dupuy");
  gint64 dupont = clt_test_book_add (&fixture->book, "Anne Dupont");
  g_auto(Results) results = { 0 };

  g_assert_cmpuint (clt_search_typos_distance ("dupuis", "dupui", 2), ==, 1);
  g_assert_cmpuint (clt_search_typos_distance ("dupre", "dpure", 2), ==, 1);
  g_assert_cmpuint (clt_search_typos_distance ("dupre", "duerp", 2), ==, 2);
  g_assert_cmpuint (clt_search_typos_distance ("dupre", "martin", 2), ==, 3);
  g_assert_cmpuint (clt_search_typos_distance ("lefevre", "lefevbre", 2), ==, 1);

  /* "dupuiz": Dupuis one edit; Dupuy two (replace i, delete z). */
  assert_close (fixture, "dupuiz", (gint64[]) { fixture->dupuis, dupuy, 0 });
  /* "dupuyy": Dupuy one edit, Dupuis two, though first in the book. */
  assert_close (fixture, "dupuyy", (gint64[]) { dupuy, fixture->dupuis, 0 });
  /* "dupr" is a prefix: Dupré is found, not a close match; no other name
   * is one edit from a four-letter word here. */
  search_in (fixture->book.store, "dupr", &results);
  g_assert_cmpint (results.close_at, ==, -1);
  g_assert_cmpuint (results.ids->len, ==, 1);
  /* "dupond": Dupont one edit, before the rest. */
  assert_close (fixture, "dupond", (gint64[]) { dupont, 0 });
}

/* A search that found a name or more but fewer than five lists them
 * first, then its close matches; one with five names, none. */
static void
test_few_and_enough (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(Results) few = { 0 };
  g_auto(Results) enough = { 0 };
  gint64 mart[5];
  gint64 marin;

  mart[0] = clt_test_book_add (&fixture->book, "Martin Aline");
  marin = clt_test_book_add (&fixture->book, "Marin Paul");

  search_in (fixture->book.store, "martin", &few);
  g_assert_cmpuint (few.ids->len, ==, 2);
  g_assert_cmpint (g_array_index (few.ids, gint64, 0), ==, mart[0]);
  g_assert_cmpint (few.close_at, ==, 1);
  g_assert_cmpint (g_array_index (few.ids, gint64, 1), ==, marin);

  for (guint i = 1; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("Martin %c", 'A' + i);

      mart[i] = clt_test_book_add (&fixture->book, name);
    }
  search_in (fixture->book.store, "martin", &enough);
  g_assert_cmpuint (enough.ids->len, ==, 5);
  g_assert_cmpint (enough.close_at, ==, -1);
}

/* Nothing too short, no digits, nothing far. */
static void
test_not_offered (Fixture       *fixture,
                  gconstpointer  data)
{
  assert_close (fixture, "du", (gint64[]) { 0 });
  assert_close (fixture, "dupxyz", (gint64[]) { 0 });
  assert_close (fixture, "0612", (gint64[]) { 0 });
  assert_close (fixture, "d", (gint64[]) { 0 });
  assert_close (fixture, "xxxxxxxx", (gint64[]) { 0 });
  g_assert_cmpuint (clt_search_typos_allowed ("du"), ==, 0);
  g_assert_cmpuint (clt_search_typos_allowed ("dup"), ==, 1);
  g_assert_cmpuint (clt_search_typos_allowed ("dupre"), ==, 1);
  g_assert_cmpuint (clt_search_typos_allowed ("duprez"), ==, 2);
  g_assert_cmpuint (clt_search_typos_allowed ("dupre2"), ==, 0);
}

/* Quotes, the full-text syntax, very long words: taken as text. */
static void
test_hostile (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *long_word = g_strnfill (5000, 'x');
  g_autofree char *long_dupre = g_strconcat ("dupre", long_word, NULL);
  const char *texts[] = {
    "\"duprez\"", "duprez\"", "duprez*", "{name} : duprez", "duprez OR lefevbre", "NEAR(duprez)",
    "duprez AND NOT x", "dupr'ez", "^duprez", "(duprez", "duprez)", "du\"pre'z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_auto(Results) results = { 0 };

      search_in (fixture->book.store, texts[i], &results);
      g_assert_cmpint (results.ids->len, >=, 0);
    }
  assert_close (fixture, "\"duprez\"", (gint64[]) { fixture->dupre, 0 });
  assert_close (fixture, "{duprez}", (gint64[]) { fixture->dupre, 0 });
  assert_close (fixture, long_word, (gint64[]) { 0 });
  assert_close (fixture, long_dupre, (gint64[]) { 0 });
  g_assert_cmpuint (clt_search_typos_distance (long_word, "xx", 2), ==, 3);
}

/* The words of a name are kept from its first save, for every way a
 * customer comes in; a renamed customer is found by their new name. */
static void
test_follows_edits (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_store_get_customer (fixture->book.store, fixture->smith, &error);

  g_assert_no_error (error);
  clt_customer_set_family_name (customer, "Wójcik");
  clt_customer_set_display_name (customer, "Elizabeth Wójcik");
  clt_store_update_customer (fixture->book.store, customer, &error);
  g_assert_no_error (error);

  assert_close (fixture, "wojcick", (gint64[]) { fixture->smith, 0 });
  assert_close (fixture, "smiht", (gint64[]) { 0 });
}

/* A book of the schema before close matches gets its words on opening. */
static void
test_migration (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_clear_object (&fixture->book.store);
  g_assert_cmpint (sqlite3_open (fixture->book.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TABLE name_words; PRAGMA user_version = 12;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  fixture->book.store = clt_store_open (fixture->book.path, &error);
  g_assert_no_error (error);
  assert_close (fixture, "lefevbre", (gint64[]) { fixture->lefevre, 0 });

  g_assert_cmpint (sqlite3_open (fixture->book.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat (word, ' ') FROM"
                                       " (SELECT word FROM name_words ORDER BY word)", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                   "anke dupre dupuis elizabeth helene jacques jurgen lefevre muller paul schmidt smith");
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

/* An erased customer's name leaves the words once the book is purged. */
static void
test_erase (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_true (clt_store_erase_customer_data (fixture->book.store, fixture->schmidt, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (clt_store_purge_erased (fixture->book.store, &error));
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (fixture->book.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM name_words WHERE word IN ('schmidt', 'jurgen')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  assert_close (fixture, "schmitt", (gint64[]) { 0 });
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  clt_test_data_home_set_up ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/search-typos/one-edit", test_one_edit);
  ADD ("/search-typos/order", test_order);
  ADD ("/search-typos/few-and-enough", test_few_and_enough);
  ADD ("/search-typos/not-offered", test_not_offered);
  ADD ("/search-typos/hostile", test_hostile);
  ADD ("/search-typos/follows-edits", test_follows_edits);
  ADD ("/search-typos/migration", test_migration);
  ADD ("/search-typos/erase", test_erase);

  int status = g_test_run ();
  clt_test_data_home_tear_down ();
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "clt-test-book.h"

/*
 * The book's order: whatever the order customers come in, however many
 * share a name, the search index's rowids sort exactly like their sort
 * keys, so that searches page through it in book order.
 */

typedef struct
{
  CltTestBook  book;
  GPtrArray   *keys;   /* the sort keys of every customer added, as expected */
} Fixture;

static const char * const given_names[] = {
  "Hélène", "Zoë", "Jean-Pierre", "Siobhán", "Anaïs", "Marc", "Chloé", "Ève", "Noël", "Aoife",
  "Yusuf", "Björn", "Łucja", "Ömer", "Ægir", "Jean", "Zacharie", "Agathe",
};

static const char * const family_names[] = {
  "Martin", "Dupré", "Dupont-Aignan", "de la Tour", "O'Brien", "N'Diaye", "Le Goff",
  "Van der Berg", "Ó Súilleabháin", "al-Sayed", "Lefèvre", "Müller", "Østergaard", "Straße",
  "Dubois", "Dubois-Lacroix", "Duboislacroixe", "Zola", "Abadie", "Ångström",
};

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  clt_test_book_set_up (&fixture->book, data);
  fixture->keys = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_ptr_array_unref (fixture->keys);
  clt_test_book_tear_down (&fixture->book, data);
}

static char *
key_of (CltCustomer *customer)
{
  g_autofree char *sort_name = clt_customer_dup_sort_name (customer);

  return clt_text_sort_key (sort_name);
}

static gint64
add (Fixture    *fixture,
     const char *name)
{
  g_autoptr(CltCustomer) customer = clt_customer_new (name);
  gint64 id = clt_test_book_add (&fixture->book, name);

  g_ptr_array_add (fixture->keys, key_of (customer));
  return id;
}

static char *
make_name (GRand *rand,
           guint  i)
{
  const char *given = given_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_names))];
  const char *family = family_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (family_names))];

  /* Every third one a name of its own, the others namesakes. */
  if (i % 3 == 0)
    return g_strdup_printf ("%s%u %s", given, g_rand_int (rand), family);
  return g_strdup_printf ("%s %s", given, family);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* Walks the search index by rowid, as a search pages through it, and
 * checks that it holds every customer once, its own name in its own row,
 * in exactly the order of the sort keys. */
static void
assert_book_order (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_ptr_array_sort (fixture->keys, compare_strings);

  g_assert_cmpint (sqlite3_open_v2 (fixture->book.path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT c.given_name, c.family_name, c.display_name, c.company,"
                                       " s.name"
                                       " FROM search s JOIN customers c ON c.search_rowid = s.rowid"
                                       " ORDER BY s.rowid", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(CltCustomer) customer = g_object_new (CLT_TYPE_CUSTOMER,
                                                      "given-name", sqlite3_column_text (stmt, 0),
                                                      "family-name", sqlite3_column_text (stmt, 1),
                                                      "display-name", sqlite3_column_text (stmt, 2),
                                                      "company", sqlite3_column_text (stmt, 3),
                                                      NULL);
      g_autofree char *key = key_of (customer);
      const char *row_name = (const char *) sqlite3_column_text (stmt, 4);
      g_autofree char *folded = clt_text_fold ((const char *) sqlite3_column_text (stmt, 2));

      /* As it is, or folded as the index holds text beyond ASCII. */
      g_assert_true (strstr (row_name, (const char *) sqlite3_column_text (stmt, 2)) != NULL ||
                     strstr (row_name, folded) != NULL);
      g_assert_cmpuint (n, <, fixture->keys->len);
      g_assert_cmpstr (key, ==, g_ptr_array_index (fixture->keys, n));
      n++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpuint (n, ==, fixture->keys->len);

  problems = clt_store_check_integrity (fixture->book.store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (problems[0], ==, NULL);
}

static GPtrArray *
names_in_order (guint    n,
                guint32  seed,
                int      direction)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (names, make_name (rand, i));

  if (direction != 0)
    {
      g_autoptr(GPtrArray) keyed = g_ptr_array_new_with_free_func (g_free);

      /* "key\x01name", sorted, then the names taken back out. */
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(CltCustomer) customer = clt_customer_new (g_ptr_array_index (names, i));
          g_autofree char *key = key_of (customer);

          g_ptr_array_add (keyed, g_strdup_printf ("%s\x01%s", key, (char *) g_ptr_array_index (names, i)));
        }
      g_ptr_array_sort (keyed, compare_strings);
      g_ptr_array_set_size (names, 0);
      for (guint i = 0; i < n; i++)
        {
          guint j = direction > 0 ? i : n - 1 - i;

          g_ptr_array_add (names, g_strdup (strchr (g_ptr_array_index (keyed, j), '\x01') + 1));
        }
    }

  return names;
}

static void
add_all (Fixture   *fixture,
         GPtrArray *names,
         gboolean   one_transaction)
{
  g_autoptr(GError) error = NULL;

  if (one_transaction)
    g_assert_true (clt_store_begin (fixture->book.store, &error));
  for (guint i = 0; i < names->len; i++)
    add (fixture, g_ptr_array_index (names, i));
  if (one_transaction)
    g_assert_true (clt_store_commit (fixture->book.store, &error));
  g_assert_no_error (error);
}

static void
test_random (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) names = names_in_order (1500, 1, 0);

  add_all (fixture, names, TRUE);
  assert_book_order (fixture);
}

static void
test_ascending (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) names = names_in_order (1500, 2, 1);

  add_all (fixture, names, TRUE);
  assert_book_order (fixture);
}

static void
test_descending (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) names = names_in_order (1500, 3, -1);

  add_all (fixture, names, TRUE);
  assert_book_order (fixture);
}

/* 2,000 namesakes, past the 1,024 places the first letters of a name
 * once had: the same name, and names sharing their first ten letters and
 * more, among neighbours just before and just after them. */
static void
test_namesakes (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autoptr(GError) error = NULL;

  add (fixture, "Zélie Dubois-Lacroiw");
  add (fixture, "Aaron Dubois-Lacroiy");
  add (fixture, "Dubois");
  add (fixture, "Yves Duboit");

  g_assert_true (clt_store_begin (fixture->book.store, &error));
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *name = NULL;

      if (i % 2 == 0)
        name = g_strdup ("Jean Dubois-Lacroix");
      else
        name = g_strdup_printf ("%s%u Dubois-Lacroix", given_names[i % G_N_ELEMENTS (given_names)],
                                g_rand_int_range (rand, 0, 1000));
      add (fixture, name);
    }
  g_assert_true (clt_store_commit (fixture->book.store, &error));

  /* One at a time too, each committed. */
  for (guint i = 0; i < 60; i++)
    add (fixture, i % 2 ? "Jean Dubois-Lacroix" : "Jean-Marc Dubois-Lacroix");

  assert_book_order (fixture);
}

/* Each newcomer just before the one added before it, between the same
 * two neighbours: gaps run out and labels are spread again, moving search
 * rows with their customers, committed or not yet. */
static void
test_exhausted_gaps (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add (fixture, "Anne Dupont");
  add (fixture, "Bruno Dupont");
  add (fixture, "Zoé Dupont");

  for (guint i = 300; i-- > 200;)
    {
      g_autofree char *name = g_strdup_printf ("Anne%03u Dupont", i);

      add (fixture, name);
    }
  assert_book_order (fixture);

  g_assert_true (clt_store_begin (fixture->book.store, &error));
  for (guint i = 200; i-- > 0;)
    {
      g_autofree char *name = g_strdup_printf ("Anne%03u Dupont", i);

      add (fixture, name);
    }
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Bruno%03u Dupont", i);

      add (fixture, name);
    }
  g_assert_true (clt_store_commit (fixture->book.store, &error));
  assert_book_order (fixture);

  /* A rollback takes the moves back with the adds. */
  g_assert_true (clt_store_begin (fixture->book.store, &error));
  for (guint i = 0; i < 100; i++)
    clt_test_book_add (&fixture->book, "Anne000 Dupont");
  clt_store_rollback (fixture->book.store);
  assert_book_order (fixture);
}

/* The ids a search finds, page after page. */
static GArray *
search_all (CltStore   *store,
            const char *text)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (store);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GListModel *list = G_LIST_MODEL (model);
  guint pages = 1;

  clt_search_model_set_query (model, text);
  while (!clt_search_model_get_complete (model))
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (clt_search_model_load_more (model, &error));
      g_assert_no_error (error);
      pages++;
    }
  g_assert_cmpuint (pages, >=, g_list_model_get_n_items (list) / CLT_SEARCH_MODEL_PAGE_SIZE);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(CltCustomer) customer = g_list_model_get_item (list, i);
      gint64 id = clt_customer_get_id (customer);

      g_array_append_val (ids, id);
    }

  return ids;
}

/* A search's pages return every match once, in book order. */
static void
test_search_pages (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) expected = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) added = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *previous = NULL;

  g_assert_true (clt_store_begin (fixture->book.store, &error));
  for (guint i = 0; i < 700; i++)
    {
      g_autofree char *name = i % 3 ? g_strdup ("Jean Dubois-Lacroix")
                                    : g_strdup_printf ("Client%u Dubois-Lacroix", (i * 7919) % 1000);
      gint64 id = add (fixture, name);

      g_array_append_val (added, id);
    }
  add (fixture, "Jean Durand");
  add (fixture, "Jean Dubois");
  g_assert_true (clt_store_commit (fixture->book.store, &error));

  for (guint i = 0; i < added->len; i++)
    g_hash_table_add (expected, &g_array_index (added, gint64, i));

  ids = search_all (fixture->book.store, "dubois-lacroix");
  g_assert_cmpuint (ids->len, ==, added->len);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 *id = &g_array_index (ids, gint64, i);
      g_autoptr(CltCustomer) customer = clt_store_get_customer (fixture->book.store, *id, &error);
      g_autofree char *key = NULL;

      g_assert_no_error (error);
      g_assert_true (g_hash_table_contains (expected, id));
      g_assert_true (g_hash_table_add (seen, id));
      key = key_of (customer);
      if (previous != NULL)
        g_assert_cmpstr (previous, <=, key);
      g_free (previous);
      previous = g_steal_pointer (&key);
    }

  /* An empty search lists the whole book, once each. */
  all = search_all (fixture->book.store, "");
  g_assert_cmpuint (all->len, ==, added->len + 2);
}

/* A new name moves the customer; a change that keeps the order does not
 * move them; the trash keeps their place. */
static void
test_rename_and_trash (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) names = names_in_order (300, 5, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  guint n_close;
  gint64 first;
  gint64 moved;

  first = add (fixture, "Agathe Abadie");
  add_all (fixture, names, TRUE);
  moved = add (fixture, "Zacharie Zzyzx");

  {
    g_autoptr(CltCustomer) customer = clt_store_get_customer (fixture->book.store, moved, &error);

    g_assert_no_error (error);
    clt_customer_set_family_name (customer, "Aaberg");
    clt_customer_set_display_name (customer, "Zacharie Aaberg");
    g_assert_true (clt_store_update_customer (fixture->book.store, customer, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(CltCustomer) customer = clt_store_get_customer (fixture->book.store, first, &error);

    g_assert_no_error (error);
    /* Still first: no need to move. */
    clt_customer_set_family_name (customer, "Abadie-Aaa");
    clt_customer_set_display_name (customer, "Agathe Abadie-Aaa");
    clt_customer_set_vip (customer, TRUE);
    g_assert_true (clt_store_update_customer (fixture->book.store, customer, &error));
    g_assert_no_error (error);
  }

  /* The keys as they are now. */
  g_ptr_array_set_size (fixture->keys, 0);
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(CltCustomer) customer = clt_customer_new (g_ptr_array_index (names, i));

      g_ptr_array_add (fixture->keys, key_of (customer));
    }
  g_ptr_array_add (fixture->keys, g_strdup ("aaberg zacharie"));
  g_ptr_array_add (fixture->keys, g_strdup ("abadie aaa agathe"));
  assert_book_order (fixture);

  found = search_all (fixture->book.store, "");
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, moved);
  g_assert_cmpint (g_array_index (found, gint64, 1), ==, first);
  g_clear_pointer (&found, g_array_unref);

  found = search_all (fixture->book.store, "zzyzx");
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);

  g_assert_true (clt_store_trash_customer (fixture->book.store, moved, &error));
  found = search_all (fixture->book.store, "aaberg");
  /* Only names a typo or two away, which Aaberg, in the trash, is not. */
  n_close = found->len;
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (g_array_index (found, gint64, i), !=, moved);
  g_clear_pointer (&found, g_array_unref);
  g_assert_true (clt_store_untrash_customer (fixture->book.store, moved, &error));
  g_assert_no_error (error);
  found = search_all (fixture->book.store, "aaberg");
  g_assert_cmpuint (found->len, ==, 1 + n_close);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, moved);
  assert_book_order (fixture);

  g_assert_true (clt_store_delete_customer (fixture->book.store, moved, &error));
  g_assert_no_error (error);
  g_ptr_array_remove_index (fixture->keys, 0);
  assert_book_order (fixture);
}

static GHashTable *
read_labels (const char *path)
{
  GHashTable *labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, search_rowid FROM customers", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (labels,
                         g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 1) }, sizeof (gint64)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return labels;
}

/* A book from before the sort key (schema 5) gets its keys; the customers
 * in order keep their places (and their search rows), those out of order
 * are put back in it. */
static void
test_migration (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) names = names_in_order (200, 6, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  g_autofree char *undo = NULL;
  GHashTableIter iter;
  gpointer id, label;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 swapped[2];
  gint64 last;

  add_all (fixture, names, FALSE);
  last = add (fixture, "Émile Zzyzx");
  g_clear_object (&fixture->book.store);

  g_assert_cmpint (sqlite3_open (fixture->book.path, &db), ==, SQLITE_OK);

  /* Two neighbours of different names, one after the other. */
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT a.id, b.id FROM customers a, customers b"
                                       " WHERE b.search_rowid = (SELECT min (search_rowid) FROM customers"
                                       "                         WHERE search_rowid > a.search_rowid)"
                                       " AND a.sort_key < b.sort_key ORDER BY a.search_rowid LIMIT 1 OFFSET 50",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  swapped[0] = sqlite3_column_int64 (stmt, 0);
  swapped[1] = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);

  /* Undo steps 7 and 6 by hand, and swap the two, search rows and all; the last
   * one far up, as old labels of names in Y and Z were, above 2^62. */
  undo = g_strdup_printf ("BEGIN;"
                          "CREATE TEMP TABLE swap AS SELECT"
                          " (SELECT search_rowid FROM customers WHERE id = %1$" G_GINT64_FORMAT ") AS a,"
                          " (SELECT search_rowid FROM customers WHERE id = %2$" G_GINT64_FORMAT ") AS b;"
                          "UPDATE search SET rowid = -1 WHERE rowid = (SELECT a FROM swap);"
                          "UPDATE search SET rowid = (SELECT a FROM swap) WHERE rowid = (SELECT b FROM swap);"
                          "UPDATE search SET rowid = (SELECT b FROM swap) WHERE rowid = -1;"
                          "UPDATE customers SET search_rowid = -1 WHERE id = %1$" G_GINT64_FORMAT ";"
                          "UPDATE customers SET search_rowid = (SELECT a FROM swap) WHERE id = %2$" G_GINT64_FORMAT ";"
                          "UPDATE customers SET search_rowid = (SELECT b FROM swap) WHERE id = %1$" G_GINT64_FORMAT ";"
                          "UPDATE search SET rowid = 4900000000000000000"
                          " WHERE rowid = (SELECT search_rowid FROM customers WHERE id = %3$" G_GINT64_FORMAT ");"
                          "UPDATE customers SET search_rowid = 4900000000000000000 WHERE id = %3$" G_GINT64_FORMAT ";"
                          CLT_TEST_BOOK_UNDO_SYNC_SQL
                          "ALTER TABLE outbox DROP COLUMN data_at;"
                          "DROP INDEX customers_sort;"
                          "ALTER TABLE customers DROP COLUMN sort_key;"
                          "PRAGMA user_version = 5;"
                          "COMMIT;", swapped[0], swapped[1], last);
  g_assert_cmpint (sqlite3_exec (db, undo, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = read_labels (fixture->book.path);

  fixture->book.store = clt_store_open (fixture->book.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_get_schema_version (fixture->book.store), ==, CLT_STORE_SCHEMA_VERSION);
  assert_book_order (fixture);

  after = read_labels (fixture->book.path);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &id, &label))
    {
      gint64 now = *(gint64 *) g_hash_table_lookup (after, id);

      /* One of the two swapped had to move, and no one else. */
      if (*(gint64 *) id == swapped[0] || *(gint64 *) id == swapped[1])
        continue;
      g_assert_cmpint (now, ==, *(gint64 *) label);
    }
  g_assert_true (*(gint64 *) g_hash_table_lookup (after, &swapped[0]) != *(gint64 *) g_hash_table_lookup (before, &swapped[0]) ||
                 *(gint64 *) g_hash_table_lookup (after, &swapped[1]) != *(gint64 *) g_hash_table_lookup (before, &swapped[1]));

  found = search_all (fixture->book.store, "zzyzx");
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, gint64, 0), ==, last);
  g_clear_pointer (&found, g_array_unref);

  /* And it goes on: new customers fall into place, beyond the last too. */
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (after, &last), ==, G_GINT64_CONSTANT (4900000000000000000));
  add (fixture, "Zoë Zzyzy");
  add (fixture, "Zoë Zzyzx");
  add (fixture, "Aaron Aabadie");
  assert_book_order (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/sort/random", test_random);
  ADD ("/sort/ascending", test_ascending);
  ADD ("/sort/descending", test_descending);
  ADD ("/sort/namesakes", test_namesakes);
  ADD ("/sort/exhausted-gaps", test_exhausted_gaps);
  ADD ("/sort/search-pages", test_search_pages);
  ADD ("/sort/rename-and-trash", test_rename_and_trash);
  ADD ("/sort/migration", test_migration);

  return g_test_run ();
}

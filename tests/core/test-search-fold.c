/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "clt-store-private.h"
#include "clt-test-book.h"

/* Letters a keyboard lacks (œ, æ, ß, ø, the umlauts), the accent typed,
 * and the reindex of a book whose search rows were written before the
 * index was folded (schema 13, clt-store-refold.c). */

typedef struct
{
  CltTestBook book;
  gint64      oeuvray;
  gint64      caecilie;
  gint64      brandt;
  gint64      soren;
  gint64      karl_muller;
  gint64      anna_muller;
  gint64      bernd_mueller;
  gint64      strasse;
  gint64      bjorn;
  gint64      aesop;
  gint64      marie;
  gint64      helene_arnaud;
  gint64      helene_blanc;
  gint64      helene_carre;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CltTestBook *book = &fixture->book;
  CltStore *store;

  clt_test_book_set_up (book, data);
  store = book->store;

  fixture->oeuvray = clt_test_book_add (book, "Paul Œuvray");
  fixture->caecilie = clt_test_book_add (book, "Cæcilie Holm");
  fixture->brandt = clt_test_book_add (book, "Peter Brandt");
  clt_store_add_contact (store, fixture->brandt, CLT_CONTACT_ADDRESS, NULL, "Hauptstraße 5\n10115 Berlin", &error);
  clt_store_add_preference (store, fixture->brandt, "food", "Œufs brouillés au petit-déjeuner", 0, &error);
  fixture->soren = clt_test_book_add (book, "Søren Lund");
  fixture->karl_muller = clt_test_book_add (book, "Karl Müller");
  fixture->anna_muller = clt_test_book_add (book, "Anna Muller");
  fixture->bernd_mueller = clt_test_book_add (book, "Bernd Mueller");
  fixture->strasse = clt_test_book_add (book, "Hans Strasse");
  fixture->bjorn = clt_test_book_add (book, "Bjorn Olsen");
  clt_store_add_note (store, fixture->bjorn, "Demande toujours Søren à l’accueil ; parle de sa sœur", "Julie",
                      FALSE, &error);
  fixture->aesop = clt_test_book_add (book, "Aesop Jones");
  clt_store_add_note (store, fixture->aesop, "Collects the Encyclopædia Britannica", "Julie", FALSE, &error);
  fixture->marie = clt_test_book_add (book, "Marie Lenoir");
  clt_store_add_contact (store, fixture->marie, CLT_CONTACT_EMAIL, NULL, "marie@cœur-de-lion.fr", &error);
  fixture->helene_arnaud = clt_test_book_add (book, "Helene Arnaud");
  fixture->helene_blanc = clt_test_book_add (book, "Hélène Blanc");
  fixture->helene_carre = clt_test_book_add (book, "Helene Carré");
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clt_test_book_tear_down (&fixture->book, data);
}

/* The ids of the results, best first, all pages. */
static GArray *
search (CltStore   *store,
        const char *text)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (store);
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

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

      /* What the query found, not the close matches offered below. */
      if (clt_customer_get_heading (customer) != NULL)
        break;

      g_array_append_val (ids, id);
    }

  return ids;
}

/* @text finds exactly the customers listed, in this order (0 ends). */
static void
assert_results (CltStore   *store,
                const char *text,
                ...)
{
  g_autoptr(GArray) ids = search (store, text);
  g_autoptr(GString) got = g_string_new (NULL);
  g_autoptr(GString) wanted = g_string_new (NULL);
  va_list args;
  gint64 id;

  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (got, "%" G_GINT64_FORMAT " ", g_array_index (ids, gint64, i));

  va_start (args, text);
  while ((id = va_arg (args, gint64)) != 0)
    g_string_append_printf (wanted, "%" G_GINT64_FORMAT " ", id);
  va_end (args);

  if (!g_str_equal (got->str, wanted->str))
    g_error ("“%s” found [%s], not [%s]", text, got->str, wanted->str);
}

#define END ((gint64) 0)

static void
test_ligatures (Fixture       *fixture,
                gconstpointer  data)
{
  CltStore *store = fixture->book.store;

  /* French: œ */
  assert_results (store, "oeuvray", fixture->oeuvray, END);
  assert_results (store, "OEUV", fixture->oeuvray, END);
  assert_results (store, "Œuvray", fixture->oeuvray, END);
  assert_results (store, "œuv", fixture->oeuvray, END);
  /* Nordic: æ, ø, and the other way round */
  assert_results (store, "caecilie", fixture->caecilie, END);
  assert_results (store, "Cæcilie", fixture->caecilie, END);
  assert_results (store, "søren", fixture->soren, fixture->bjorn, END);
  assert_results (store, "soren lund", fixture->soren, END);
  assert_results (store, "soeren", fixture->soren, fixture->bjorn, END);
  assert_results (store, "Bjørn", fixture->bjorn, END);
  /* German: ß both ways */
  assert_results (store, "strasse", fixture->strasse, END);
  assert_results (store, "Straße", fixture->strasse, END);
  /* English: æ both ways */
  assert_results (store, "Æsop", fixture->aesop, END);
  assert_results (store, "encyclopaedia", fixture->aesop, END);
  assert_results (store, "encyclopædia", fixture->aesop, END);
}

/* In contact details, preferences and notes alike. */
static void
test_details (Fixture       *fixture,
              gconstpointer  data)
{
  CltStore *store = fixture->book.store;

  assert_results (store, "hauptstrasse", fixture->brandt, END);
  assert_results (store, "Hauptstraße 5", fixture->brandt, END);
  assert_results (store, "coeur-de-lion", fixture->marie, END);
  assert_results (store, "marie@cœur", fixture->marie, END);
  assert_results (store, "oeufs", fixture->brandt, END);
  assert_results (store, "Œufs brouillés", fixture->brandt, END);
  assert_results (store, "soeur", fixture->bjorn, END);
  assert_results (store, "accueil", fixture->bjorn, END);
}

/* German and Nordic spellings without umlauts find the umlauted names;
 * the umlaut typed finds the name written without it too, and comes
 * first. */
static void
test_umlauts (Fixture       *fixture,
              gconstpointer  data)
{
  CltStore *store = fixture->book.store;

  /* Book order: "mueller bernd", "muller anna", "muller karl". */
  assert_results (store, "muller", fixture->anna_muller, fixture->karl_muller, END);
  assert_results (store, "mueller", fixture->bernd_mueller, fixture->karl_muller, END);
  assert_results (store, "MUELLER KARL", fixture->karl_muller, END);
  assert_results (store, "Müller", fixture->karl_muller, fixture->anna_muller, END);
  assert_results (store, "müll", fixture->karl_muller, fixture->anna_muller, END);
}

static void
test_accent_order (Fixture       *fixture,
                   gconstpointer  data)
{
  CltStore *store = fixture->book.store;

  /* Without diacritics in the query: book order. */
  assert_results (store, "helene", fixture->helene_arnaud, fixture->helene_blanc, fixture->helene_carre, END);
  assert_results (store, "HELENE", fixture->helene_arnaud, fixture->helene_blanc, fixture->helene_carre, END);
  /* With them: the name that has them first, the rest in book order. */
  assert_results (store, "Hélène", fixture->helene_blanc, fixture->helene_arnaud, fixture->helene_carre, END);
  assert_results (store, "HÉLÈNE", fixture->helene_blanc, fixture->helene_arnaud, fixture->helene_carre, END);
  assert_results (store, "hél", fixture->helene_blanc, fixture->helene_arnaud, fixture->helene_carre, END);
  /* Every accented word must match as typed. */
  assert_results (store, "helene carré", fixture->helene_carre, END);
  assert_results (store, "hélène carré", fixture->helene_carre, END);
  assert_results (store, "Helène", fixture->helene_arnaud, fixture->helene_blanc, fixture->helene_carre, END);
  /* Only the names tier moves: a note with "Søren" stays after the name. */
  assert_results (store, "Søren", fixture->soren, fixture->bjorn, END);
}

/* The accent typed orders each page of names, and paging by row id still
 * lists every name once. */
static void
test_accent_pages (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  CltStore *store = fixture->book.store;
  guint n = CLT_SEARCH_MODEL_PAGE_SIZE * 2 + 7;
  guint exact = 0;

  g_assert_true (clt_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s Zed%04u", i % 3 == 0 ? "Zoé" : "Zoe", i);

      clt_test_book_add (&fixture->book, name);
    }
  g_assert_true (clt_store_commit (store, &error));
  g_assert_no_error (error);

  ids = search (store, "zoé zed");
  g_assert_cmpuint (ids->len, ==, n);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(CltCustomer) customer = clt_store_get_customer (store, g_array_index (ids, gint64, i), &error);

      g_assert_no_error (error);
      g_assert_true (g_hash_table_add (seen, &g_array_index (ids, gint64, i)));
      if (i % CLT_SEARCH_MODEL_PAGE_SIZE == 0)
        exact = 0;
      /* Within its page, before every unaccented one. */
      if (strstr (clt_customer_get_display_name (customer), "Zoé") != NULL)
        g_assert_cmpuint (i % CLT_SEARCH_MODEL_PAGE_SIZE, ==, exact++);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, n);
}

static char *
dump_search (CltStore *store)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (store, "SELECT rowid, name, contact, details FROM search"
                                                      " ORDER BY rowid", NULL);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "|%s|%s|%s\n", (gint64) sqlite3_column_int64 (stmt, 0),
                            clt_column_text (stmt, 1), clt_column_text (stmt, 2), clt_column_text (stmt, 3));
  return g_string_free (out, FALSE);
}

static char *
search_row (CltStore *store,
            gint64    customer_id)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (store, "SELECT s.name FROM search s JOIN customers c"
                                                      " ON c.search_rowid = s.rowid WHERE c.id = ?1", NULL);

  sqlite3_bind_int64 (stmt, 1, customer_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return clt_column_dup_text (stmt, 0);
}

static char *
get_setting (CltStore *store)
{
  g_autoptr(GError) error = NULL;
  char *value = clt_store_get_setting (store, "search-refold-from", &error);

  g_assert_no_error (error);
  return value;
}

/* The rows a book of schema 12 has: the text as it was, not folded. */
#define SCHEMA_12_ROWS_SQL \
  "DELETE FROM search;" \
  "INSERT INTO search (rowid, name, contact, details) SELECT c.search_rowid," \
  "  c.display_name || char(10) || coalesce (c.given_name, '') || char(10) || coalesce (c.family_name, '')," \
  "  coalesce ((SELECT group_concat (address, char(10)) FROM emails e WHERE e.customer_id = c.id), '')," \
  "  coalesce ((SELECT group_concat (text, char(10)) FROM notes n WHERE n.customer_id = c.id), '')" \
  "  FROM customers c;" \
  "DELETE FROM settings WHERE key = 'search-refold-from';" \
  "PRAGMA user_version = 12;"

static void
reopen_as_schema_12 (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  g_clear_object (&fixture->book.store);
  g_assert_cmpint (sqlite3_open (fixture->book.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, SCHEMA_12_ROWS_SQL, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  fixture->book.store = clt_store_open (fixture->book.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_get_schema_version (fixture->book.store), ==, CLT_STORE_SCHEMA_VERSION);
}

static void
test_new_book_not_due (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->book.dir, "new.clientele", NULL);
  g_autoptr(CltStore) fresh = clt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_false (clt_store_get_refold_due (fresh));
  g_assert_false (clt_store_get_refold_due (fixture->book.store));
}

/* A book of schema 12: the old rows answer until written again, a batch at
 * a time; a batch cut off leaves its rows and the position as they were;
 * a quit keeps the position; the rows at the end are the full reindex's,
 * byte for byte. */
static void
test_refold_migration (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *old_row = NULL;
  g_autofree char *position = NULL;
  g_autofree char *refolded = NULL;
  g_autofree char *reindexed = NULL;
  g_autoptr(CltStmt) all = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  double fraction = -1;
  CltStore *store;

  reopen_as_schema_12 (fixture);
  store = fixture->book.store;
  g_assert_true (clt_store_get_refold_due (store));
  position = get_setting (store);
  g_assert_cmpstr (position, ==, "0");
  g_clear_pointer (&position, g_free);

  /* Before: the old rows answer as they did, "Œuvray" typed included. */
  assert_results (store, "Œuvray", fixture->oeuvray, END);
  assert_results (store, "Müller", fixture->karl_muller, fixture->anna_muller, END);
  assert_results (store, "helene", fixture->helene_arnaud, fixture->helene_blanc, fixture->helene_carre, END);
  assert_results (store, "oeuvray", END);
  assert_results (store, "mueller", fixture->bernd_mueller, END);

  /* The first batch: Œuvray and Cæcilie. */
  g_assert_cmpfloat (clt_store_get_refold_fraction (store), ==, 0);
  g_assert_true (clt_store_refold_batch (store, 2, &fraction, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (fraction, 0.99 * 2 / 14, 1e-9);
  g_assert_cmpfloat_with_epsilon (clt_store_get_refold_fraction (store), 0.99 * 2 / 14, 1e-9);
  position = get_setting (store);
  g_assert_cmpint (g_ascii_strtoll (position, NULL, 10), ==, fixture->caecilie);
  assert_results (store, "oeuvray", fixture->oeuvray, END);
  assert_results (store, "caecilie", fixture->caecilie, END);
  assert_results (store, "mueller", fixture->bernd_mueller, END);

  /* A batch cut off before it commits: nothing of it stays. */
  old_row = search_row (store, fixture->soren);
  g_assert_cmpstr (old_row, ==, "Søren Lund\nSøren\nLund");
  g_assert_cmpint (sqlite3_exec (clt_store_get_db (store),
                                 "CREATE TEMP TRIGGER cut BEFORE UPDATE ON settings"
                                 " BEGIN SELECT RAISE (ABORT, 'cut off'); END;", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (clt_store_refold_batch (store, 3, NULL, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_clear_pointer (&old_row, g_free);
  old_row = search_row (store, fixture->soren);
  g_assert_cmpstr (old_row, ==, "Søren Lund\nSøren\nLund");
  g_clear_pointer (&position, g_free);
  position = get_setting (store);
  g_assert_cmpint (g_ascii_strtoll (position, NULL, 10), ==, fixture->caecilie);

  /* A quit, and the next start goes on from there. */
  g_clear_object (&fixture->book.store);
  fixture->book.store = clt_store_open (fixture->book.path, &error);
  g_assert_no_error (error);
  store = fixture->book.store;
  g_assert_true (clt_store_get_refold_due (store));
  g_clear_pointer (&position, g_free);
  position = get_setting (store);
  g_assert_cmpint (g_ascii_strtoll (position, NULL, 10), ==, fixture->caecilie);

  /* The rows, then the merge of the index's segments, also a step at a
   * time. */
  g_assert_true (clt_store_refold_batch (store, 100, &fraction, &error));
  g_assert_cmpfloat (fraction, ==, 0.99);
  g_clear_pointer (&position, g_free);
  position = get_setting (store);
  g_assert_cmpstr (position, ==, "merge-all");
  g_assert_true (clt_store_refold_all (store, &error));
  g_assert_no_error (error);
  g_assert_false (clt_store_get_refold_due (store));
  g_assert_cmpfloat (clt_store_get_refold_fraction (store), ==, 1);
  g_clear_pointer (&position, g_free);
  position = get_setting (store);
  g_assert_null (position);

  /* After: folded rows, as many as customers. */
  g_clear_pointer (&old_row, g_free);
  old_row = search_row (store, fixture->soren);
  g_assert_cmpstr (old_row, ==, "soren lund\nsoren\nlund\n soeren");
  assert_results (store, "mueller", fixture->bernd_mueller, fixture->karl_muller, END);
  assert_results (store, "soeren", fixture->soren, fixture->bjorn, END);
  assert_results (store, "oeufs", fixture->brandt, END);
  assert_results (store, "Hélène", fixture->helene_blanc, fixture->helene_arnaud, fixture->helene_carre, END);

  /* The rows are those of the full reindex, byte for byte. */
  refolded = dump_search (store);
  all = clt_store_prepare (store, "SELECT id FROM customers", NULL);
  while (sqlite3_step (all) == SQLITE_ROW)
    g_array_append_val (ids, (gint64) { sqlite3_column_int64 (all, 0) });
  g_clear_pointer (&all, clt_stmt_release);
  g_assert_cmpuint (ids->len, ==, 14);
  g_assert_true (clt_store_begin (store, &error));
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (clt_store_reindex (store, g_array_index (ids, gint64, i), &error));
  g_assert_true (clt_store_commit (store, &error));
  g_assert_no_error (error);
  reindexed = dump_search (store);
  g_assert_cmpstr (refolded, ==, reindexed);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
refolded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *finished = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_store_refold_finish (CLT_STORE (source), result, &error));
  g_assert_no_error (error);
  *finished = TRUE;
}

/* In a thread, on its own connection, its progress told in this one. */
static void
test_refold_async (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  CltStore *store;
  gboolean finished = FALSE;

  g_assert_true (clt_store_begin (fixture->book.store, &error));
  for (guint i = 0; i < CLT_STORE_REFOLD_BATCH + 20; i++)
    {
      g_autofree char *name = g_strdup_printf ("Jörg Nummer%04u", i);

      clt_test_book_add (&fixture->book, name);
    }
  g_assert_true (clt_store_commit (fixture->book.store, &error));
  g_assert_no_error (error);
  reopen_as_schema_12 (fixture);
  store = fixture->book.store;

  clt_store_refold_async (store, NULL, progress_cb, fractions, refolded_cb, &finished);
  /* Meanwhile the old index answers. */
  assert_results (store, "Œuvray", fixture->oeuvray, END);
  while (!finished)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  g_assert_false (clt_store_get_refold_due (store));
  /* 500 rows, 34, the merge's steps, the end. */
  g_assert_cmpuint (fractions->len, >=, 3);
  g_assert_cmpfloat_with_epsilon (g_array_index (fractions, double, 0), 0.99 * 500 / 534, 1e-9);
  g_assert_cmpfloat (g_array_index (fractions, double, 1), ==, 0.99);
  for (guint i = 2; i + 1 < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), ==, 0.99);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  assert_results (store, "oeuvray", fixture->oeuvray, END);
  {
    g_autoptr(GArray) joerg = search (store, "joerg nummer");

    g_assert_cmpuint (joerg->len, ==, CLT_STORE_REFOLD_BATCH + 20);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/search-fold/ligatures", test_ligatures);
  ADD ("/search-fold/details", test_details);
  ADD ("/search-fold/umlauts", test_umlauts);
  ADD ("/search-fold/accent-order", test_accent_order);
  ADD ("/search-fold/accent-pages", test_accent_pages);
  ADD ("/search-fold/new-book-not-due", test_new_book_not_due);
  ADD ("/search-fold/refold-migration", test_refold_migration);
  ADD ("/search-fold/refold-async", test_refold_async);

  return g_test_run ();
}

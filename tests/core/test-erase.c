/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem() */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-test-book.h"

#define YEAR (365 * 24 * 60 * 60)
#define DAY (24 * 60 * 60)

/* Every word of the customer to erase is unusual, so that finding it in
 * the file's bytes can only mean the customer is still there. */
static const char * const erased_words[] = {
  "zygmunt", "quarkbottle", "xylophonium", "zygmunt.q@quarkmail.example", "quarkmail",
  "98765432", "98 76 54 32", "quarkclub", "flibbertigibbet", "snorkelwax", "gremlinquist",
};

typedef struct
{
  CltTestBook book;
  gint64      zygmunt;
  gint64      hortense;
} Fixture;

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  CltStore *store;
  gint64 note;
  gint64 now = now_unix ();

  clt_test_book_set_up (&fixture->book, data);
  store = fixture->book.store;

  fixture->zygmunt = clt_test_book_add (&fixture->book, "Zygmunt Quarkbottle");
  fixture->hortense = clt_test_book_add (&fixture->book, "Hortense Vandersteen");
  /* The tests name them by number in their SQL. */
  g_assert_cmpint (fixture->zygmunt, ==, 1);

  /* An address of Zygmunt's between two of Hortense's: deleted below. */
  clt_store_add_contact (store, fixture->zygmunt, CLT_CONTACT_EMAIL, NULL, "zygmunt.q@quarkmail.example", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->hortense, CLT_CONTACT_EMAIL, NULL, "hortense@example.org", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->zygmunt, CLT_CONTACT_EMAIL, "old", "gremlinquist@quarkmail.example", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->hortense, CLT_CONTACT_EMAIL, "work", "h.vandersteen@example.org", &error);
  g_assert_no_error (error);

  clt_store_add_contact (store, fixture->zygmunt, CLT_CONTACT_PHONE, "mobile", "+33 6 98 76 54 32", &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, fixture->zygmunt, "health", "Allergic to xylophonium",
                            CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  note = clt_store_add_note (store, fixture->zygmunt, "Brings his flibbertigibbet", "Julie", TRUE, &error);
  g_assert_no_error (error);
  clt_store_update_note (store, note, "Brings his flibbertigibbet, twice", TRUE, &error);
  g_assert_no_error (error);
  clt_store_add_interaction (store, fixture->zygmunt, CLT_INTERACTION_VISIT, now - 30 * DAY, FALSE,
                             "Bought snorkelwax", "Julie", &error);
  g_assert_no_error (error);
  clt_store_add_interaction (store, fixture->zygmunt, CLT_INTERACTION_CALL, now - 10 * DAY, FALSE,
                             NULL, "Marc", &error);
  g_assert_no_error (error);
  clt_store_add_interaction (store, fixture->zygmunt, CLT_INTERACTION_STAY, now + 10 * DAY, TRUE,
                             "Room 12", NULL, &error);
  g_assert_no_error (error);
  clt_store_add_promise (store, fixture->zygmunt, "Order more snorkelwax", "Julie", now + 5 * DAY, TRUE, &error);
  g_assert_no_error (error);
  clt_store_add_tag (store, fixture->zygmunt, "quarkclub", &error);
  g_assert_no_error (error);
  customer = clt_store_get_customer (store, fixture->zygmunt, &error);
  g_assert_no_error (error);
  clt_customer_set_company (customer, "Quarkbottle & Sons");
  clt_store_update_customer (store, customer, &error);
  g_assert_no_error (error);

  clt_store_add_note (store, fixture->hortense, "Likes marmalade", NULL, FALSE, &error);
  g_assert_no_error (error);

  /* Many customers after them: the search index merges its segments, so
   * that their words end in a large old segment which deleting their row
   * does not rewrite. */
  if (GPOINTER_TO_INT (data))
    {
      g_assert_true (clt_sample_fill (store, 300, 7, now, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  /* A deletion leaves the old address in the page's free space, away from
   * Zygmunt's other rows, where SQLite does not wipe what it deletes: its
   * own default, which this connection keeps (Debian's build wipes). */
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open_v2 (fixture->book.path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db,
                                   "PRAGMA secure_delete = OFF;"
                                   "DELETE FROM emails WHERE address LIKE 'gremlinquist%';",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clt_test_book_tear_down (&fixture->book, data);
  clt_test_data_home_clear ();
}

static gboolean
bytes_contain (const char *haystack,
               gsize       length,
               const char *needle)
{
  return memmem (haystack, length, needle, strlen (needle)) != NULL;
}

/* The files to look into: the book, its WAL and journal when there are
 * any, and every file of the backups folder. */
static GPtrArray *
files_to_search (Fixture *fixture)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folder = clt_backup_get_folder ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *suffixes[] = { "", "-wal", "-journal", "-shm" };
  const char *name;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      char *path = g_strconcat (fixture->book.path, suffixes[i], NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        g_ptr_array_add (files, path);
      else
        g_free (path);
    }

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_build_filename (folder, name, NULL));

  return g_steal_pointer (&files);
}

/* Where @needle (lower case) is found, case folded: the search index keeps
 * words in lower case. */
static char *
find_anywhere (Fixture    *fixture,
               const char *needle)
{
  g_autoptr(GPtrArray) files = files_to_search (fixture);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      g_autoptr(GError) error = NULL;
      gsize length;

      g_file_get_contents (g_ptr_array_index (files, i), &contents, &length, &error);
      g_assert_no_error (error);
      for (gsize j = 0; j < length; j++)
        contents[j] = g_ascii_tolower (contents[j]);
      if (bytes_contain (contents, length, needle))
        return g_strdup (g_ptr_array_index (files, i));
    }

  return NULL;
}

static guint
count_daily_copies (Fixture *fixture)
{
  g_autoptr(GPtrArray) copies = clt_backup_list_copies (fixture->book.path, NULL);

  g_assert_nonnull (copies);
  return copies->len;
}

static gint64
query_int (CltTestBook *book,
           const char  *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (book->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static char *
query_text (CltTestBook *book,
            const char  *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (book->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

/* How many customers a search finds, every page loaded. */
static guint
search_count (CltStore   *store,
              const char *text)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (store);
  g_autoptr(GError) error = NULL;

  clt_search_model_set_query (model, text);
  while (!clt_search_model_get_complete (model))
    {
      g_assert_true (clt_search_model_load_more (model, &error));
      g_assert_no_error (error);
    }

  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
assert_gone_from_files (Fixture *fixture)
{
  for (guint i = 0; i < G_N_ELEMENTS (erased_words); i++)
    {
      g_autofree char *where = find_anywhere (fixture, erased_words[i]);

      if (where != NULL)
        g_error ("“%s” is still in %s", erased_words[i], where);
    }

  /* The test can fail: the other customer is found where it looks. */
  {
    g_autofree char *name = find_anywhere (fixture, "vandersteen");
    g_autofree char *note = find_anywhere (fixture, "marmalade");

    g_assert_nonnull (name);
    g_assert_nonnull (note);
  }
}

static void
test_erase_bytes (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) gone = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *made = NULL;
  CltStore *store = fixture->book.store;
  gint64 now = now_unix ();

  uid = query_text (&fixture->book, "SELECT uid FROM customers WHERE display_name = 'Zygmunt Quarkbottle'");
  g_assert_nonnull (uid);

  /* Copies of two days, and the words are there before the erasure. */
  g_assert_true (clt_backup_daily (store, now - DAY, &made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_true (clt_backup_daily (store, now, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_daily_copies (fixture), ==, 2);
  for (guint i = 0; i < G_N_ELEMENTS (erased_words); i++)
    {
      g_autofree char *where = find_anywhere (fixture, erased_words[i]);

      g_assert_nonnull (where);
    }

  g_assert_true (clt_backup_erase_customer (store, fixture->zygmunt, FALSE, &error));
  g_assert_no_error (error);

  gone = clt_store_get_customer (store, fixture->zygmunt, &error);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_assert_null (gone);
  g_clear_error (&error);

  /* Nothing of theirs is left in any table; the log holds their uid. */
  g_assert_cmpint (query_int (&fixture->book, "SELECT count(*) FROM customers WHERE id = 1"), ==, 0);
  g_assert_cmpint (query_int (&fixture->book,
                              "SELECT (SELECT count(*) FROM emails WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM phones WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM preferences WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM notes WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM interactions WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM promises WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM customer_tags WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM tags WHERE name = 'quarkclub')"),
                   ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM erasures WHERE uid = '%s'", uid);

    g_assert_cmpint (query_int (&fixture->book, sql), ==, 1);
  }

  assert_gone_from_files (fixture);
  g_assert_cmpuint (count_daily_copies (fixture), ==, 2);

  {
    g_auto(GStrv) problems = clt_store_check_integrity (store, &error);

    g_assert_no_error (error);
    g_assert_cmpstrv (problems, ((const char *[]) { NULL }));
  }
}

static void
test_erase_keep_counts (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) kept = NULL;
  g_autofree char *old_uid = NULL;
  g_autofree char *new_uid = NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *name = NULL;
  CltStore *store = fixture->book.store;
  gint64 customers = clt_store_count_customers (store);
  gint64 dates_before;

  old_uid = query_text (&fixture->book, "SELECT uid FROM customers WHERE id = 1");
  dates_before = query_int (&fixture->book,
                            "SELECT sum (at) FROM interactions WHERE customer_id = 1 AND planned = 0");

  g_assert_true (clt_backup_erase_customer (store, fixture->zygmunt, TRUE, &error));
  g_assert_no_error (error);

  /* The past contacts' kinds and dates stay; nothing else does. */
  g_assert_cmpint (query_int (&fixture->book, "SELECT count(*) FROM interactions WHERE customer_id = 1"), ==, 2);
  g_assert_cmpint (query_int (&fixture->book,
                              "SELECT sum (at) FROM interactions WHERE customer_id = 1"), ==, dates_before);
  kinds = query_text (&fixture->book,
                      "SELECT group_concat (kind, ',') FROM"
                      " (SELECT kind FROM interactions WHERE customer_id = 1 ORDER BY at)");
  g_assert_cmpstr (kinds, ==, "visit,call");
  g_assert_cmpint (query_int (&fixture->book,
                              "SELECT count(*) FROM interactions WHERE customer_id = 1"
                              " AND (note IS NOT NULL OR staff IS NOT NULL)"), ==, 0);
  g_assert_cmpint (query_int (&fixture->book,
                              "SELECT (SELECT count(*) FROM emails WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM phones WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM preferences WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM notes WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM promises WHERE customer_id = 1)"
                              " + (SELECT count(*) FROM customer_tags WHERE customer_id = 1)"),
                   ==, 0);
  g_assert_cmpint (query_int (&fixture->book,
                              "SELECT anonymised + archived FROM customers WHERE id = 1"), ==, 2);
  g_assert_cmpint (query_int (&fixture->book,
                              "SELECT count(*) FROM customers WHERE id = 1 AND given_name IS NULL"
                              " AND family_name IS NULL AND company IS NULL AND birthday IS NULL"
                              " AND last_contact_at IS NOT NULL"), ==, 1);
  name = query_text (&fixture->book, "SELECT display_name FROM customers WHERE id = 1");
  g_assert_cmpstr (name, ==, "Erased customer");

  /* A new uid: the old one could be matched with an earlier export. */
  new_uid = query_text (&fixture->book, "SELECT uid FROM customers WHERE id = 1");
  g_assert_nonnull (new_uid);
  g_assert_cmpstr (new_uid, !=, old_uid);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM erasures WHERE uid = '%s'", old_uid);

    g_assert_cmpint (query_int (&fixture->book, sql), ==, 1);
  }

  /* Hidden from counts, lists and searches. */
  g_assert_cmpint (clt_store_count_customers (store), ==, customers - 1);
  g_assert_cmpuint (search_count (store, "erased"), ==, 0);
  g_assert_cmpuint (search_count (store, "zygmunt"), ==, 0);
  g_assert_cmpuint (search_count (store, ""), ==, customers - 1);
  g_assert_cmpuint (search_count (store, "vandersteen"), ==, 1);
  kept = clt_store_get_customer (store, fixture->zygmunt, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_display_name (kept), ==, "Erased customer");

  assert_gone_from_files (fixture);

  {
    g_auto(GStrv) problems = clt_store_check_integrity (store, &error);

    g_assert_no_error (error);
    g_assert_cmpstrv (problems, ((const char *[]) { NULL }));
  }
}

static void
test_erase_not_found (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (clt_store_erase_customer (fixture->book.store, 9999, FALSE, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (query_int (&fixture->book, "SELECT count(*) FROM erasures"), ==, 0);
}

typedef struct
{
  GError   *error;
  gboolean  done;
  guint     changes;
} AsyncErase;

static void
erase_async_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AsyncErase *erase = user_data;

  clt_backup_erase_customer_finish (CLT_STORE (object), result, &erase->error);
  erase->done = TRUE;
}

static void
count_change_cb (CltStore   *store,
                 gint64      customer_id,
                 AsyncErase *erase)
{
  erase->changes++;
}

static void
test_erase_async (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) gone = NULL;
  g_autofree char *before = NULL;
  AsyncErase erase = { NULL, FALSE, 0 };
  CltStore *store = fixture->book.store;

  g_assert_true (clt_backup_daily (store, now_unix (), NULL, &error));
  g_assert_no_error (error);
  before = find_anywhere (fixture, "xylophonium");
  g_assert_nonnull (before);

  g_signal_connect (store, "changed", G_CALLBACK (count_change_cb), &erase);
  clt_backup_erase_customer_async (store, fixture->zygmunt, FALSE, NULL, erase_async_done_cb, &erase);

  /* Gone at once from the caller's connection, which says so; the file
   * and the copies are purged in the thread. */
  g_assert_cmpuint (erase.changes, ==, 1);
  gone = clt_store_get_customer (store, fixture->zygmunt, &error);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  while (!erase.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (erase.error);
  assert_gone_from_files (fixture);
  g_signal_handlers_disconnect_by_data (store, &erase);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Customers with no contact since a cut-off, as seen four years from now
 * with a three-year rule: the cut-off is a year from now. */
static void
test_inactive (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  CltStore *store = fixture->book.store;
  gint64 now = now_unix ();
  gint64 later = now + 4 * YEAR;
  gint64 contacted_now;
  gint64 never;
  gint64 planned;
  gint64 promised;
  gint64 recent;
  gint64 count;

  /* Besides Zygmunt and Hortense, five who tell the rule apart. */
  contacted_now = clt_test_book_add (&fixture->book, "Aaron Inactive");
  clt_store_add_interaction (store, contacted_now, CLT_INTERACTION_VISIT, now, FALSE, "Came by", NULL, &error);
  g_assert_no_error (error);
  never = clt_test_book_add (&fixture->book, "Berthe Nevercalled");
  planned = clt_test_book_add (&fixture->book, "Cyril Planned");
  clt_store_add_interaction (store, planned, CLT_INTERACTION_STAY, now + 3 * YEAR + 180 * DAY, TRUE,
                             NULL, NULL, &error);
  g_assert_no_error (error);
  promised = clt_test_book_add (&fixture->book, "Denise Promised");
  clt_store_add_promise (store, promised, "Call back", NULL, now + DAY, TRUE, &error);
  g_assert_no_error (error);
  recent = clt_test_book_add (&fixture->book, "Emile Recent");
  clt_store_add_interaction (store, recent, CLT_INTERACTION_CALL, now + 2 * YEAR, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);

  /* Nobody today. */
  count = clt_store_preview_inactive (store, 3, now, &names, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 0);
  g_assert_cmpstrv (names, ((const char *[]) { NULL }));
  g_clear_pointer (&names, g_strfreev);

  /* In four years: Aaron, Berthe and Hortense (Zygmunt has a promise
   * open), and the first 20 of them named. */
  count = clt_store_preview_inactive (store, 3, later, &names, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 3);
  g_assert_cmpuint (g_strv_length (names), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) names, "Aaron Inactive"));
  g_assert_true (g_strv_contains ((const char * const *) names, "Berthe Nevercalled"));
  g_assert_true (g_strv_contains ((const char * const *) names, "Hortense Vandersteen"));
  g_clear_pointer (&names, g_strfreev);

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *name = g_strdup_printf ("Filler %u", i);

      clt_test_book_add (&fixture->book, name);
    }
  count = clt_store_preview_inactive (store, 3, later, &names, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 28);
  g_assert_cmpuint (g_strv_length (names), ==, 20);

  /* The same in a thread. */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_auto(GStrv) async_names = NULL;

    clt_store_preview_inactive_async (store, 3, later, NULL, store_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (clt_store_preview_inactive_finish (store, result, &async_names, &error), ==, 28);
    g_assert_no_error (error);
    g_assert_cmpstrv (async_names, names);
  }
  g_clear_pointer (&names, g_strfreev);

  /* The rule applied: off by default, then three years. */
  g_assert_cmpuint (clt_store_get_anonymise_after_years (store), ==, 0);
  g_assert_cmpint (clt_store_apply_anonymise_setting (store, later, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (clt_store_set_anonymise_after_years (store, 3, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clt_store_get_anonymise_after_years (store), ==, 3);

  g_assert_cmpint (clt_store_apply_anonymise_setting (store, later, &error), ==, 28);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_preview_inactive (store, 3, later, NULL, &error), ==, 0);
  g_assert_no_error (error);

  g_assert_cmpint (query_int (&fixture->book, "SELECT count(*) FROM customers WHERE anonymised = 1"), ==, 28);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT anonymised FROM customers WHERE id = %" G_GINT64_FORMAT, contacted_now);
    g_autofree char *kept_visit = g_strdup_printf ("SELECT count(*) FROM interactions WHERE customer_id = %"
                                                   G_GINT64_FORMAT " AND at = %" G_GINT64_FORMAT
                                                   " AND kind = 'visit' AND note IS NULL", contacted_now, now);

    g_assert_cmpint (query_int (&fixture->book, sql), ==, 1);
    g_assert_cmpint (query_int (&fixture->book, kept_visit), ==, 1);
  }
  for (gint64 id = never; id <= recent; id++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT anonymised FROM customers WHERE id = %" G_GINT64_FORMAT, id);

      g_assert_cmpint (query_int (&fixture->book, sql), ==, id == never ? 1 : 0);
    }
  g_assert_cmpint (clt_store_count_customers (store), ==, 4);
  {
    g_autofree char *where = find_anywhere (fixture, "nevercalled");

    g_assert_null (where);
  }

  /* A rule for how long the book keeps people, not erasure requests. */
  g_assert_cmpint (query_int (&fixture->book, "SELECT count(*) FROM erasures"), ==, 0);

  g_assert_true (clt_store_set_anonymise_after_years (store, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (&fixture->book,
                              "SELECT count(*) FROM settings WHERE key = 'anonymise-after-years'"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  clt_test_data_home_set_up ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, sample, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (sample), fixture_set_up, func, fixture_tear_down)

  ADD ("/erase/bytes", TRUE, test_erase_bytes);
  ADD ("/erase/keep-counts", TRUE, test_erase_keep_counts);
  ADD ("/erase/not-found", FALSE, test_erase_not_found);
  ADD ("/erase/async", TRUE, test_erase_async);
  ADD ("/erase/inactive", FALSE, test_inactive);

  status = g_test_run ();
  clt_test_data_home_tear_down ();
  return status;
}

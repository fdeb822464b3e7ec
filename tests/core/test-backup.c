/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* memmem() */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-test-book.h"

#define DAY (24 * 60 * 60)

typedef struct
{
  CltTestBook book;
  gint64      now;
  gint64      alice;
  gint64      bruno;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  clt_test_book_set_up (&fixture->book, data);
  /* Noon, so that adding days never lands twice on one date. */
  fixture->now = (g_get_real_time () / G_USEC_PER_SEC / DAY) * DAY + DAY / 2;

  fixture->alice = clt_test_book_add (&fixture->book, "Alice Martin");
  clt_store_add_note (fixture->book.store, fixture->alice, "Prefers the blue room", NULL, FALSE, &error);
  g_assert_no_error (error);
  fixture->bruno = clt_test_book_add (&fixture->book, "Bruno Keller");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clt_test_book_tear_down (&fixture->book, data);
  clt_test_data_home_clear ();
}

/* A file in the test's folder, removed with it. */
static char *
test_file (Fixture    *fixture,
           const char *name)
{
  return g_build_filename (fixture->book.dir, name, NULL);
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static void
exec_on (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static GPtrArray *
list_copies (Fixture  *fixture,
             gboolean  before_restore)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) copies = clt_backup_list_copies (fixture->book.path, &error);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < copies->len; i++)
    {
      CltBackupCopy *copy = g_ptr_array_index (copies, i);

      if (copy->before_restore == before_restore)
        g_ptr_array_add (paths, g_strdup (copy->path));
    }

  return g_steal_pointer (&paths);
}

/* Every file in the backups folder, temporary ones included. */
static guint
count_backup_files (void)
{
  g_autofree char *folder = clt_backup_get_folder ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static char *
checksum_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
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

/* Whether @word (lower case) is in the bytes of the book or its WAL, case
 * folded: the search index keeps words in lower case. */
static gboolean
book_holds (Fixture    *fixture,
            const char *word)
{
  const char *suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fixture->book.path, suffixes[i], NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (path, &contents, &length, NULL))
        continue;
      for (gsize j = 0; j < length; j++)
        contents[j] = g_ascii_tolower (contents[j]);
      if (memmem (contents, length, word, strlen (word)) != NULL)
        return TRUE;
    }

  return FALSE;
}

static char *
day_name (Fixture *fixture,
          gint64   when)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (when);
  g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");

  return g_strconcat ("-", day, ".db", NULL);
}

static void
test_daily_once_a_day (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  g_autofree char *again = NULL;
  g_autofree char *tomorrow = NULL;
  g_autofree char *folder = clt_backup_get_folder ();
  g_autofree char *suffix = day_name (fixture, fixture->now);
  g_autoptr(CltStore) copy = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  GStatBuf st;
  GStatBuf st_again;

  g_assert_true (clt_backup_daily (fixture->book.store, fixture->now, &made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_true (g_str_has_prefix (made, folder));
  g_assert_true (g_str_has_suffix (made, suffix));
  {
    g_autofree char *base = g_path_get_basename (made);

    /* Named after the book ("book.db"). */
    g_assert_true (g_str_has_prefix (base, "book-"));
  }

  /* Private, like the book. */
  g_assert_cmpint (g_stat (made, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    GStatBuf folder_st;

    g_assert_cmpint (g_stat (folder, &folder_st), ==, 0);
    g_assert_cmpint (folder_st.st_mode & 0777, ==, 0700);
  }

  /* A sound book with the customers, in a single file. */
  g_assert_cmpint (query_int (made, "SELECT count(*) FROM customers"), ==, 2);
  g_assert_cmpint (query_int (made, "PRAGMA user_version"), ==, CLT_STORE_SCHEMA_VERSION);
  {
    g_autofree char *mode = NULL;
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (made, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    sqlite3_close (db);
    g_assert_cmpstr (mode, ==, "delete");
  }

  /* Once a day: later the same day, nothing is written. */
  clt_test_book_add (&fixture->book, "Chloé Added Later");
  g_assert_true (clt_backup_daily (fixture->book.store, fixture->now + 3600, &again, &error));
  g_assert_no_error (error);
  g_assert_null (again);
  g_assert_cmpint (g_stat (made, &st_again), ==, 0);
  g_assert_cmpint (st_again.st_mtime, ==, st.st_mtime);
  g_assert_cmpint (query_int (made, "SELECT count(*) FROM customers"), ==, 2);
  g_assert_cmpuint (count_backup_files (), ==, 1);

  /* The next day, another. */
  g_assert_true (clt_backup_daily (fixture->book.store, fixture->now + DAY, &tomorrow, &error));
  g_assert_no_error (error);
  g_assert_nonnull (tomorrow);
  g_assert_cmpstr (tomorrow, !=, made);
  g_assert_cmpint (query_int (tomorrow, "SELECT count(*) FROM customers"), ==, 3);

  copies = list_copies (fixture, FALSE);
  g_assert_cmpuint (copies->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (copies, 0), ==, tomorrow);

  /* The copy opens as a book of its own. */
  copy = clt_store_open (made, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_count_customers (copy), ==, 2);
}

static void
test_daily_keeps_seven (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) copies = NULL;

  for (int day = 0; day < 10; day++)
    {
      g_autofree char *made = NULL;

      g_assert_true (clt_backup_daily (fixture->book.store, fixture->now + day * DAY, &made, &error));
      g_assert_no_error (error);
      g_assert_nonnull (made);
    }

  copies = list_copies (fixture, FALSE);
  g_assert_cmpuint (copies->len, ==, CLT_BACKUP_KEEP);
  g_assert_cmpuint (count_backup_files (), ==, CLT_BACKUP_KEEP);

  /* The newest seven: days 3 to 9. */
  for (int day = 3; day < 10; day++)
    {
      g_autofree char *suffix = day_name (fixture, fixture->now + day * DAY);
      gboolean found = FALSE;

      for (guint i = 0; i < copies->len; i++)
        found |= g_str_has_suffix (g_ptr_array_index (copies, i), suffix);
      g_assert_true (found);
    }
}

static void
test_daily_empty_book (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) empty = NULL;
  g_autofree char *path = test_file (fixture, "empty.db");
  g_autofree char *made = NULL;

  empty = clt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (clt_backup_daily (empty, fixture->now, &made, &error));
  g_assert_no_error (error);
  g_assert_null (made);
  g_assert_cmpuint (count_backup_files (), ==, 0);
}

/* Two books called book.db in two folders never mix their copies. */
static void
test_daily_two_books (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) other = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GPtrArray) other_copies = NULL;
  g_autofree char *dir = test_file (fixture, "other");
  g_autofree char *path = g_build_filename (dir, "book.db", NULL);
  g_autofree char *made = NULL;
  g_autofree char *other_made = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  other = clt_store_open (path, &error);
  g_assert_no_error (error);
  {
    g_autoptr(CltCustomer) zora = clt_customer_new ("Zora Other");

    clt_store_add_customer (other, zora, &error);
    g_assert_no_error (error);
  }

  g_assert_true (clt_backup_daily (fixture->book.store, fixture->now, &made, &error));
  g_assert_no_error (error);
  g_assert_true (clt_backup_daily (other, fixture->now, &other_made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_nonnull (other_made);
  g_assert_cmpstr (made, !=, other_made);
  g_assert_cmpint (query_int (other_made, "SELECT count(*) FROM customers"), ==, 1);
  g_assert_cmpint (query_int (made, "SELECT count(*) FROM customers"), ==, 2);

  copies = list_copies (fixture, FALSE);
  other_copies = clt_backup_list_copies (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (copies->len, ==, 1);
  g_assert_cmpuint (other_copies->len, ==, 1);

  g_clear_object (&other);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
}

static gpointer
race_thread (gpointer user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = clt_store_open (fixture->book.path, &error);
  char *made = NULL;

  g_assert_no_error (error);
  g_assert_true (clt_backup_daily (store, fixture->now, &made, &error));
  g_assert_no_error (error);

  return made;
}

/* Threads, each on its own connection, take the day's copy at once: one
 * copy between them, whole, and no temporary file left. */
static void
test_daily_race_threads (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GThread *threads[6];
  guint made = 0;

  g_assert_true (clt_sample_fill (fixture->book.store, 500, 3, fixture->now, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("race", race_thread, fixture);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autofree char *path = g_thread_join (threads[i]);

      if (path != NULL)
        made++;
    }

  g_assert_cmpuint (made, ==, 1);
  g_assert_cmpuint (count_backup_files (), ==, 1);
  {
    g_autoptr(GPtrArray) copies = list_copies (fixture, FALSE);

    g_assert_cmpuint (copies->len, ==, 1);
    g_assert_cmpint (query_int (g_ptr_array_index (copies, 0), "SELECT count(*) FROM customers"), ==, 502);
  }
}

/* The same with processes, which is how the window, the resident service
 * and the command line meet. */
static void
test_daily_race_processes (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *go = test_file (fixture, "go");
  pid_t children[4];
  guint made = 0;

  g_assert_true (clt_sample_fill (fixture->book.store, 500, 3, fixture->now, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* No SQLite connection may cross a fork(). */
  g_clear_object (&fixture->book.store);

  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      children[i] = fork ();
      g_assert_cmpint (children[i], >=, 0);
      if (children[i] == 0)
        {
          CltStore *store = clt_store_open (fixture->book.path, NULL);
          char *path = NULL;
          gboolean ok;

          while (!g_file_test (go, G_FILE_TEST_EXISTS))
            g_usleep (1000);
          ok = store != NULL && clt_backup_daily (store, fixture->now, &path, NULL);
          _exit (!ok ? 1 : path != NULL ? 10 : 0);
        }
    }

  g_assert_true (g_file_set_contents (go, "", 0, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      int status = 0;

      g_assert_cmpint (waitpid (children[i], &status, 0), ==, children[i]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), !=, 1);
      if (WEXITSTATUS (status) == 10)
        made++;
    }
  g_unlink (go);

  g_assert_cmpuint (made, ==, 1);
  g_assert_cmpuint (count_backup_files (), ==, 1);
  {
    g_autoptr(GPtrArray) copies = list_copies (fixture, FALSE);

    g_assert_cmpuint (copies->len, ==, 1);
    g_autofree char *check = query_text (g_ptr_array_index (copies, 0), "PRAGMA integrity_check");

    g_assert_cmpstr (check, ==, "ok");
    g_assert_cmpint (query_int (g_ptr_array_index (copies, 0), "SELECT count(*) FROM customers"), ==, 502);
  }
}

typedef struct
{
  GError   *error;
  char     *path;
  gboolean  done;
} AsyncResult;

static void
daily_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncResult *async = user_data;

  clt_backup_daily_finish (CLT_STORE (object), result, &async->path, &async->error);
  async->done = TRUE;
}

static void
test_daily_async (Fixture       *fixture,
                  gconstpointer  data)
{
  AsyncResult async = { NULL, NULL, FALSE };
  AsyncResult again = { NULL, NULL, FALSE };

  clt_backup_daily_async (fixture->book.store, fixture->now, NULL, daily_done_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (async.error);
  g_assert_nonnull (async.path);
  g_assert_cmpint (query_int (async.path, "SELECT count(*) FROM customers"), ==, 2);

  clt_backup_daily_async (fixture->book.store, fixture->now, NULL, daily_done_cb, &again);
  while (!again.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (again.error);
  g_assert_null (again.path);

  g_free (async.path);
}

/* The daily pass applies "anonymise after N years" before the copy. */
static void
test_daily_anonymises (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  gint64 later = fixture->now + 3 * 366 * DAY;

  clt_store_add_interaction (fixture->book.store, fixture->bruno, CLT_INTERACTION_VISIT, later - DAY,
                             FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (clt_store_set_anonymise_after_years (fixture->book.store, 2, &error));
  g_assert_no_error (error);

  g_assert_true (clt_backup_daily (fixture->book.store, later, &made, &error));
  g_assert_no_error (error);
  g_assert_nonnull (made);
  g_assert_cmpint (query_int (fixture->book.path, "SELECT count(*) FROM customers WHERE anonymised = 1"), ==, 1);
  g_assert_cmpint (query_int (made, "SELECT count(*) FROM customers WHERE anonymised = 1"), ==, 1);
  g_assert_cmpint (query_int (made, "SELECT count(*) FROM customers WHERE display_name = 'Alice Martin'"), ==, 0);
  g_assert_cmpint (query_int (made, "SELECT count(*) FROM customers WHERE display_name = 'Bruno Keller'"), ==, 1);
}

static void
test_save_copy_outside (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *outside = test_file (fixture, "saved.db");
  g_autofree char *data_folder = g_build_filename (g_get_user_data_dir (), "clientele", NULL);
  g_autofree char *inside = g_build_filename (data_folder, "inside.db", NULL);
  g_autoptr(CltStore) empty = NULL;
  g_autofree char *empty_path = test_file (fixture, "empty.db");
  gboolean other_drive = TRUE;
  GStatBuf st;

  /* Never saved: nothing to say in the first 30 days of the book. */
  g_assert_cmpint (clt_backup_get_last_outside_copy (fixture->book.store), ==, 0);
  g_assert_false (clt_backup_needs_outside_copy (fixture->book.store, g_get_real_time () / G_USEC_PER_SEC));
  g_assert_false (clt_backup_needs_outside_copy (fixture->book.store,
                                                 g_get_real_time () / G_USEC_PER_SEC + 29 * DAY));
  g_assert_true (clt_backup_needs_outside_copy (fixture->book.store,
                                                g_get_real_time () / G_USEC_PER_SEC + 31 * DAY));
  empty = clt_store_open (empty_path, &error);
  g_assert_no_error (error);
  g_assert_false (clt_backup_needs_outside_copy (empty, fixture->now + 365 * DAY));

  /* A copy in the data folder does not count. */
  g_assert_cmpint (g_mkdir_with_parents (data_folder, 0700), ==, 0);
  g_assert_true (clt_backup_save_copy (fixture->book.store, inside, fixture->now, &other_drive, &error));
  g_assert_no_error (error);
  g_assert_false (other_drive);
  g_assert_cmpint (clt_backup_get_last_outside_copy (fixture->book.store), ==, 0);
  g_unlink (inside);

  /* Elsewhere, it does. */
  g_assert_true (clt_backup_save_copy (fixture->book.store, outside, fixture->now, &other_drive, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_backup_get_last_outside_copy (fixture->book.store), ==, fixture->now);
  g_assert_cmpint (query_int (outside, "SELECT count(*) FROM customers"), ==, 2);
  g_assert_cmpint (g_stat (outside, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (clt_backup_needs_outside_copy (fixture->book.store, fixture->now + 29 * DAY));
  g_assert_true (clt_backup_needs_outside_copy (fixture->book.store, fixture->now + 31 * DAY));

  /* Replaced whole by the next save. */
  clt_test_book_add (&fixture->book, "Chloé Third");
  g_assert_true (clt_backup_save_copy (fixture->book.store, outside, fixture->now + DAY, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (outside, "SELECT count(*) FROM customers"), ==, 3);
  g_assert_cmpint (clt_backup_get_last_outside_copy (fixture->book.store), ==, fixture->now + DAY);
}

typedef struct
{
  const char     *name;
  const char     *sql;        /* run on a sound copy to spoil it, or NULL */
  const char     *contents;   /* the file's text when not a copy */
  CltBackupError  code;
} BadFile;

/* Damage that SQLite's check finds: a table's page overwritten. */
static void
damage (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 4 * 4096);
  memset (contents + 2 * 4096, 0x5a, 2 * 4096);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
test_restore_refuses (Fixture       *fixture,
                      gconstpointer  data)
{
  const BadFile bad[] = {
    { "text", NULL, "Shopping list\nmilk\neggs\n", CLT_BACKUP_ERROR_NOT_A_BOOK },
    { "empty", NULL, "", CLT_BACKUP_ERROR_NOT_A_BOOK },
    { "foreign", "PRAGMA user_version = 0; DROP TABLE customers", NULL, CLT_BACKUP_ERROR_NOT_A_BOOK },
    { "other-program", "PRAGMA user_version = 3; DROP TABLE promises", NULL, CLT_BACKUP_ERROR_NOT_A_BOOK },
    { "newer", "PRAGMA user_version = 99", NULL, CLT_BACKUP_ERROR_TOO_NEW },
    { "damaged", NULL, NULL, CLT_BACKUP_ERROR_DAMAGED },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *book_before = NULL;
  g_autofree char *sound = test_file (fixture, "sound.db");
  gint64 customers;

  clt_sample_fill (fixture->book.store, 50, 3, fixture->now, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  customers = clt_store_count_customers (fixture->book.store);
  g_assert_true (clt_store_backup (fixture->book.store, sound, &error));
  g_assert_no_error (error);
  book_before = checksum_of (fixture->book.path);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name = g_strconcat (bad[i].name, ".db", NULL);
      g_autofree char *path = test_file (fixture, name);
      g_autofree char *sum = NULL;
      g_autofree char *after = NULL;
      g_autofree char *aside = NULL;
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_autofree char *journal = g_strconcat (path, "-journal", NULL);

      if (bad[i].contents != NULL)
        g_assert_true (g_file_set_contents (path, bad[i].contents, -1, NULL));
      else
        {
          g_autofree char *contents = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (sound, &contents, &length, NULL));
          g_assert_true (g_file_set_contents (path, contents, length, NULL));
          if (bad[i].sql != NULL)
            exec_on (path, bad[i].sql);
          else
            damage (path);
        }
      sum = checksum_of (path);

      g_assert_false (clt_backup_check_file (path, &error));
      g_assert_error (error, CLT_BACKUP_ERROR, (int) bad[i].code);
      g_assert_nonnull (strstr (error->message, bad[i].name));
      g_clear_error (&error);

      g_assert_false (clt_backup_restore (fixture->book.store, path, &aside, &error));
      g_test_message ("%s: %s", bad[i].name, error ? error->message : "(none)");
      g_assert_error (error, CLT_BACKUP_ERROR, (int) bad[i].code);
      g_clear_error (&error);
      g_assert_null (aside);

      /* The file, untouched and alone; the book, unchanged. */
      after = checksum_of (path);
      g_assert_cmpstr (after, ==, sum);
      g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
      g_unlink (path);
    }

  {
    g_autofree char *book_after = checksum_of (fixture->book.path);
    g_autofree char *missing = test_file (fixture, "missing.db");
    g_autoptr(GPtrArray) aside = list_copies (fixture, TRUE);

    g_assert_cmpstr (book_after, ==, book_before);
    g_assert_cmpint (clt_store_count_customers (fixture->book.store), ==, customers);
    g_assert_cmpuint (aside->len, ==, 0);
    g_assert_cmpuint (count_backup_files (), ==, 0);

    g_assert_false (clt_backup_restore (fixture->book.store, missing, NULL, &error));
    g_assert_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_FAILED);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }

  g_unlink (sound);
}

/* Restored while a second connection, as another program would, holds the
 * book open: it sees the restored data, and the file is the same file. */
static void
test_restore_second_connection (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) second = NULL;
  g_autoptr(CltCustomer) gone = NULL;
  g_autoptr(CltCustomer) kept = NULL;
  g_autoptr(GPtrArray) aside_copies = NULL;
  g_autofree char *copy = test_file (fixture, "copy.db");
  g_autofree char *aside = NULL;
  GStatBuf before;
  GStatBuf after;
  gint64 chloe;
  gint64 denis;

  g_assert_true (clt_backup_save_copy (fixture->book.store, copy, fixture->now, NULL, &error));
  g_assert_no_error (error);
  chloe = clt_test_book_add (&fixture->book, "Chloé After Copy");

  second = clt_store_open (fixture->book.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_count_customers (second), ==, 3);
  g_assert_cmpuint (search_count (second, "chloe"), ==, 1);
  g_assert_cmpint (g_stat (fixture->book.path, &before), ==, 0);

  g_assert_true (clt_backup_restore (fixture->book.store, copy, &aside, &error));
  g_assert_no_error (error);

  /* The other connection reads the restored book. */
  g_assert_cmpint (clt_store_count_customers (second), ==, 2);
  gone = clt_store_get_customer (second, chloe, &error);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  kept = clt_store_get_customer (second, fixture->alice, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_display_name (kept), ==, "Alice Martin");
  g_assert_cmpint (clt_store_count_customers (fixture->book.store), ==, 2);
  g_assert_cmpuint (search_count (second, "alice"), ==, 1);
  g_assert_cmpuint (search_count (second, "chloe"), ==, 0);
  g_assert_cmpuint (search_count (fixture->book.store, "chloe"), ==, 0);
  g_assert_cmpuint (search_count (fixture->book.store, "keller"), ==, 1);

  /* The same file, still in WAL mode. */
  g_assert_cmpint (g_stat (fixture->book.path, &after), ==, 0);
  g_assert_cmpint (after.st_ino, ==, before.st_ino);
  g_assert_cmpint (query_int (fixture->book.path, "SELECT count(*) FROM customers"), ==, 2);

  /* And both go on writing. */
  {
    g_autoptr(CltCustomer) writer = clt_customer_new ("Denis Writer");

    denis = clt_store_add_customer (second, writer, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (denis, >, 0);
  g_assert_cmpint (clt_store_count_customers (fixture->book.store), ==, 3);
  {
    g_auto(GStrv) problems = clt_store_check_integrity (fixture->book.store, &error);

    g_assert_no_error (error);
    g_assert_cmpstrv (problems, ((const char *[]) { NULL }));
  }

  /* The book as it was is saved aside, with Chloé. */
  g_assert_nonnull (aside);
  g_assert_true (g_file_test (aside, G_FILE_TEST_IS_REGULAR));
  g_assert_nonnull (strstr (aside, "before-restore"));
  g_assert_cmpint (query_int (aside, "SELECT count(*) FROM customers"), ==, 3);
  aside_copies = list_copies (fixture, TRUE);
  g_assert_cmpuint (aside_copies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (aside_copies, 0), ==, aside);
  /* Nothing else left in the backups folder. */
  g_assert_cmpuint (count_backup_files (), ==, 1);

  g_unlink (copy);
}

/* A customer erased after a copy was taken stays erased when it is
 * restored. */
static void
test_restore_erases_again (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) bruno = NULL;
  g_autofree char *copy = test_file (fixture, "copy.db");
  g_autofree char *alice_uid = NULL;
  g_autofree char *sql = NULL;
  gint64 chloe;

  chloe = clt_test_book_add (&fixture->book, "Chloé Counted");
  clt_store_add_interaction (fixture->book.store, chloe, CLT_INTERACTION_VISIT, fixture->now - DAY,
                             FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (clt_backup_save_copy (fixture->book.store, copy, fixture->now, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (copy, "SELECT count(*) FROM erasures"), ==, 0);
  {
    g_autoptr(CltCustomer) alice = clt_store_get_customer (fixture->book.store, fixture->alice, &error);

    g_assert_no_error (error);
    alice_uid = g_strdup (clt_customer_get_uid (alice));
  }

  g_assert_true (clt_backup_erase_customer (fixture->book.store, fixture->alice, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (clt_backup_erase_customer (fixture->book.store, chloe, TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (clt_backup_restore (fixture->book.store, copy, NULL, &error));
  g_assert_no_error (error);

  /* Alice and Chloé, whom the copy holds, are erased again; the log went
   * along; Bruno is back as he was. */
  sql = g_strdup_printf ("SELECT count(*) FROM customers WHERE uid = '%s'", alice_uid);
  g_assert_cmpint (query_int (fixture->book.path, sql), ==, 0);
  g_assert_cmpint (query_int (fixture->book.path, "SELECT count(*) FROM customers WHERE display_name LIKE 'Alice%'"), ==, 0);
  g_assert_cmpint (query_int (fixture->book.path, "SELECT count(*) FROM customers WHERE display_name LIKE 'Chlo%'"), ==, 0);
  g_assert_cmpint (query_int (fixture->book.path, "SELECT count(*) FROM notes"), ==, 0);
  g_assert_cmpint (query_int (fixture->book.path, "SELECT count(*) FROM erasures"), ==, 2);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM erasures WHERE uid = '%s'", alice_uid);
  g_assert_cmpint (query_int (fixture->book.path, sql), ==, 1);
  bruno = clt_store_get_customer (fixture->book.store, fixture->bruno, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_display_name (bruno), ==, "Bruno Keller");
  g_assert_cmpint (clt_store_count_customers (fixture->book.store), ==, 1);

  /* Not even in the file's bytes: the search index was merged. */
  g_assert_false (book_holds (fixture, "alice"));
  g_assert_false (book_holds (fixture, "blue"));
  g_assert_false (book_holds (fixture, "counted"));
  g_assert_true (book_holds (fixture, "keller"));

  /* The copy the user chose is left as it was. */
  g_assert_cmpint (query_int (copy, "SELECT count(*) FROM customers"), ==, 3);
  g_unlink (copy);
}

/* A copy from an older Clientele (schema 4: no uid, no erasure log, no
 * sort key) is
 * brought up to date before it goes into the book. */
static void
test_restore_older_schema (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = test_file (fixture, "old.db");

  g_assert_true (clt_store_backup (fixture->book.store, copy, &error));
  g_assert_no_error (error);
  exec_on (copy,
           CLT_TEST_BOOK_UNDO_SYNC_SQL
           "ALTER TABLE outbox DROP COLUMN data_at;"
           "DROP INDEX customers_sort;"
           "ALTER TABLE customers DROP COLUMN sort_key;"
           "DROP TABLE erasures;"
           "DROP INDEX customers_uid;"
           "ALTER TABLE customers DROP COLUMN uid;"
           "ALTER TABLE customers DROP COLUMN job_title;"
           "PRAGMA page_size = 8192;"
           "VACUUM;"
           "PRAGMA user_version = 4;");
  g_assert_cmpint (query_int (copy, "PRAGMA page_size"), ==, 8192);
  clt_test_book_add (&fixture->book, "Chloé Newer");

  g_assert_true (clt_backup_check_file (copy, &error));
  g_assert_no_error (error);
  g_assert_true (clt_backup_restore (fixture->book.store, copy, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (clt_store_get_schema_version (fixture->book.store), ==, CLT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (clt_store_count_customers (fixture->book.store), ==, 2);
  g_assert_cmpint (query_int (fixture->book.path, "SELECT count(*) FROM customers WHERE uid IS NOT NULL"), ==, 2);
  g_assert_cmpint (query_int (fixture->book.path, "PRAGMA page_size"), ==, 4096);
  {
    g_auto(GStrv) problems = clt_store_check_integrity (fixture->book.store, &error);

    g_assert_no_error (error);
    g_assert_cmpstrv (problems, ((const char *[]) { NULL }));
  }
  g_unlink (copy);
}

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  AsyncResult *async = user_data;

  clt_backup_restore_finish (CLT_STORE (object), result, &async->path, &async->error);
  async->done = TRUE;
}

static void
test_restore_async (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  AsyncResult async = { NULL, NULL, FALSE };

  /* Restore from the automatic copy of the day. */
  g_assert_true (clt_backup_daily (fixture->book.store, fixture->now, &made, &error));
  g_assert_no_error (error);
  clt_test_book_add (&fixture->book, "Chloé Lost");
  g_assert_cmpint (clt_store_count_customers (fixture->book.store), ==, 3);

  clt_backup_restore_async (fixture->book.store, made, NULL, restore_done_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (async.error);
  g_assert_nonnull (async.path);
  g_assert_cmpint (clt_store_count_customers (fixture->book.store), ==, 2);
  g_assert_cmpint (query_int (async.path, "SELECT count(*) FROM customers"), ==, 3);
  /* The daily copy is still there, and the one saved aside. */
  g_assert_true (g_file_test (made, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_backup_files (), ==, 2);

  g_free (async.path);
}

int
main (int    argc,
      char **argv)
{
  int status;

  clt_test_data_home_set_up ();
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  /* Forks before any test starts a thread. */
  ADD ("/backup/daily/race-processes", test_daily_race_processes);
  ADD ("/backup/daily/once-a-day", test_daily_once_a_day);
  ADD ("/backup/daily/keeps-seven", test_daily_keeps_seven);
  ADD ("/backup/daily/empty-book", test_daily_empty_book);
  ADD ("/backup/daily/two-books", test_daily_two_books);
  ADD ("/backup/daily/race-threads", test_daily_race_threads);
  ADD ("/backup/daily/async", test_daily_async);
  ADD ("/backup/daily/anonymises", test_daily_anonymises);
  ADD ("/backup/save-copy", test_save_copy_outside);
  ADD ("/backup/restore/refuses", test_restore_refuses);
  ADD ("/backup/restore/second-connection", test_restore_second_connection);
  ADD ("/backup/restore/erases-again", test_restore_erases_again);
  ADD ("/backup/restore/older-schema", test_restore_older_schema);
  ADD ("/backup/restore/async", test_restore_async);

  status = g_test_run ();
  clt_test_data_home_tear_down ();
  return status;
}

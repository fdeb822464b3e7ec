/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-core.h"
#include "clt-store-private.h"
#include "clt-test-book.h"

/* What makes a file a customer book: the application ID, or the schema of
 * a book made before it; what is not one is left exactly as it was. And
 * damage SQLite reports makes a book read-only. */

static void
run_sql (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *text = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, (const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (text, FALSE);
}

static GBytes *
read_file (const char *path)
{
  char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

static gboolean
exists_beside (const char *path,
               const char *suffix)
{
  g_autofree char *other = g_strconcat (path, suffix, NULL);

  return g_file_test (other, G_FILE_TEST_EXISTS);
}

/* Opens @path, which must be refused with @code and left as it was: its
 * bytes, and no journal or shared-memory file made beside it. */
static void
assert_refused_unchanged (const char *path,
                          int         code)
{
  g_autoptr(GBytes) before = read_file (path);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = NULL;
  GStatBuf st;

  /* Its mode too: only a book is made private. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  store = clt_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CLT_STORE_ERROR, code);

  after = read_file (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
  g_assert_false (exists_beside (path, "-wal"));
  g_assert_false (exists_beside (path, "-shm"));
  g_assert_false (exists_beside (path, "-journal"));
}

static void
test_new_book_marked (CltTestBook   *book,
                      gconstpointer  data)
{
  g_autofree char *id = NULL;

  g_clear_object (&book->store);
  id = query_text (book->path, "PRAGMA application_id");
  /* 0x436c7465, "Clte" */
  g_assert_cmpstr (id, ==, "1131181157");
}

static void
test_foreign_refused (CltTestBook   *book,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (book->dir, "photos.db", NULL);
  g_autofree char *tables = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *version = NULL;

  run_sql (path, "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT);"
                 "INSERT INTO photos VALUES (1, 'a.jpg');");
  assert_refused_unchanged (path, CLT_STORE_ERROR_FOREIGN);

  tables = query_text (path, "SELECT name FROM sqlite_schema ORDER BY name");
  journal = query_text (path, "PRAGMA journal_mode");
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (tables, ==, "photos");
  g_assert_cmpstr (journal, ==, "delete");
  g_assert_cmpstr (version, ==, "0");
}

/* A version this program knows is not enough: the tables must be there. */
static void
test_foreign_with_known_version_refused (CltTestBook   *book,
                                         gconstpointer  data)
{
  g_autofree char *path = g_build_filename (book->dir, "v3.db", NULL);
  g_autofree char *tables = NULL;
  g_autofree char *version = NULL;

  run_sql (path, "CREATE TABLE photos (id INTEGER PRIMARY KEY); PRAGMA user_version = 3;");
  assert_refused_unchanged (path, CLT_STORE_ERROR_FOREIGN);

  tables = query_text (path, "SELECT name FROM sqlite_schema ORDER BY name");
  version = query_text (path, "PRAGMA user_version");
  g_assert_cmpstr (tables, ==, "photos");
  g_assert_cmpstr (version, ==, "3");
}

static void
test_other_application_id_refused (CltTestBook   *book,
                                   gconstpointer  data)
{
  g_clear_object (&book->store);
  /* A book's schema, but another program's mark. */
  run_sql (book->path, "PRAGMA journal_mode = DELETE; PRAGMA application_id = 1234;");
  assert_refused_unchanged (book->path, CLT_STORE_ERROR_FOREIGN);
}

static void
test_book_missing_tables_refused (CltTestBook   *book,
                                  gconstpointer  data)
{
  g_clear_object (&book->store);
  run_sql (book->path, "PRAGMA journal_mode = DELETE; PRAGMA application_id = 0; DROP TABLE outbox;");
  assert_refused_unchanged (book->path, CLT_STORE_ERROR_FOREIGN);
}

/* A book made before the mark is recognised by its schema, stamped, and
 * keeps its customers. */
static void
test_old_book_stamped (CltTestBook   *book,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *version = NULL;

  clt_test_book_add (book, "Hélène Dupont");
  g_clear_object (&book->store);
  run_sql (book->path, "PRAGMA application_id = 0");
  id = query_text (book->path, "PRAGMA application_id");
  g_assert_cmpstr (id, ==, "0");
  g_clear_pointer (&id, g_free);

  /* Recognised, it is made private. */
  g_assert_cmpint (g_chmod (book->path, 0644), ==, 0);
  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 1);
  g_clear_object (&book->store);
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (book->path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  id = query_text (book->path, "PRAGMA application_id");
  version = query_text (book->path, "PRAGMA user_version");
  g_assert_cmpstr (id, ==, "1131181157");
  g_assert_cmpint (atoi (version), ==, CLT_STORE_SCHEMA_VERSION);
}

/* What a book killed before its first step looks like: made a book. */
static void
test_empty_database_becomes_book (CltTestBook   *book,
                                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (book->dir, "empty.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = NULL;

  run_sql (path, "PRAGMA journal_mode = WAL");
  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_get_schema_version (store), ==, CLT_STORE_SCHEMA_VERSION);
}

static void
test_newer_unstamped_book_too_new (CltTestBook   *book,
                                   gconstpointer  data)
{
  g_clear_object (&book->store);
  run_sql (book->path, "PRAGMA journal_mode = DELETE; PRAGMA application_id = 0; PRAGMA user_version = 99;");
  assert_refused_unchanged (book->path, CLT_STORE_ERROR_TOO_NEW);
}

/* A book of @n customers, closed (its WAL folded into the file); returns
 * the page size. */
static int
fill_and_close (CltTestBook *book,
                guint        n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *size = NULL;

  g_assert_true (clt_sample_fill (book->store, n, 7, 1764950400, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&book->store);
  g_assert_false (exists_beside (book->path, "-wal"));

  size = query_text (book->path, "PRAGMA page_size");
  return atoi (size);
}

/* Writes zeros over the root page of @table. */
static void
zero_root_page (CltTestBook *book,
                const char  *table,
                int          page_size)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rootpage FROM sqlite_schema WHERE name = '%s'", table);
  g_autofree char *root = query_text (book->path, sql);
  g_autofree char *zeros = g_malloc0 (page_size);
  int fd;

  g_assert_cmpint (atoi (root), >, 1);
  fd = g_open (book->path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, zeros, page_size, (off_t) (atoi (root) - 1) * page_size), ==, page_size);
  close (fd);
}

static void
count_cb (CltStore *store,
          guint    *count)
{
  (*count)++;
}

/* Damage met by a query, even one whose caller ignores errors, makes the
 * book read-only: the next write is refused, and the file not written. */
static void
test_damage_found_by_query (CltTestBook   *book,
                            gconstpointer  data)
{
  int page_size = fill_and_close (book, 300);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  guint damaged = 0;

  zero_root_page (book, "customers", page_size);
  before = read_file (book->path);

  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_assert_false (clt_store_is_damaged (book->store));
  g_signal_connect (book->store, "damaged", G_CALLBACK (count_cb), &damaged);

  /* Its errors go nowhere: the store takes note all the same. */
  clt_store_count_customers (book->store);
  g_assert_true (clt_store_is_damaged (book->store));
  g_assert_cmpuint (damaged, ==, 1);

  g_assert_null (clt_store_get_customer (book->store, 1, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED);
  g_clear_error (&error);

  customer = clt_customer_new ("Written Anyway");
  g_assert_cmpint (clt_store_add_customer (book->store, customer, &error), ==, 0);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_false (clt_store_set_setting (book->store, "x", "y", &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED);
  g_assert_cmpuint (damaged, ==, 1);

  g_clear_object (&book->store);
  after = read_file (book->path);
  g_assert_true (g_bytes_equal (before, after));
}

/* Damage where no query of the command goes: found by the quick check
 * before the first write, when asked for. */
static void
test_damage_found_before_write (CltTestBook   *book,
                                gconstpointer  data)
{
  int page_size = fill_and_close (book, 300);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_customer_new ("Written Anyway");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  zero_root_page (book, "promise_postponements", page_size);
  before = read_file (book->path);

  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  clt_store_set_check_before_write (book->store, TRUE);
  g_assert_cmpint (clt_store_add_customer (book->store, customer, &error), ==, 0);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED);
  g_assert_true (clt_store_is_damaged (book->store));
  g_clear_object (&book->store);

  after = read_file (book->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  char ***problems = user_data;
  g_autoptr(GError) error = NULL;

  *problems = clt_store_check_integrity_finish (CLT_STORE (object), result, &error);
  g_assert_no_error (error);
}

/* The window's background check: its own connection, its verdict on the
 * caller's store. */
static void
test_background_check (CltTestBook   *book,
                       gconstpointer  data)
{
  int page_size = fill_and_close (book, 300);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  guint damaged = 0;

  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_signal_connect (book->store, "damaged", G_CALLBACK (count_cb), &damaged);

  clt_store_check_integrity_async (book->store, NULL, checked_cb, &problems);
  while (problems == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_strv_length (problems), ==, 0);
  g_assert_false (clt_store_is_damaged (book->store));
  g_clear_pointer (&problems, g_strfreev);
  g_clear_object (&book->store);

  zero_root_page (book, "promise_postponements", page_size);
  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_signal_connect (book->store, "damaged", G_CALLBACK (count_cb), &damaged);
  clt_store_check_integrity_async (book->store, NULL, checked_cb, &problems);
  while (problems == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_strv_length (problems), >, 0);
  g_assert_true (clt_store_is_damaged (book->store));
  g_assert_cmpuint (damaged, ==, 1);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Fails after 30 s rather than waiting forever for a signal never sent. */
static void
spin_until_count (guint *count)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (100, wake_cb, NULL);

  while (*count == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
  g_assert_cmpuint (*count, >, 0);
}

/* What unasked writes wait for: one check per store, however often
 * asked, whose verdict is "verified" or "damaged". */
static void
test_check_in_background (CltTestBook   *book,
                          gconstpointer  data)
{
  int page_size = fill_and_close (book, 300);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  guint verified = 0;
  guint damaged = 0;

  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_signal_connect (book->store, "verified", G_CALLBACK (count_cb), &verified);
  g_assert_false (clt_store_is_verified (book->store));
  clt_store_check_in_background (book->store);
  clt_store_check_in_background (book->store);
  g_assert_false (clt_store_is_verified (book->store));
  spin_until_count (&verified);
  g_assert_true (clt_store_is_verified (book->store));
  /* Asked again, it is not made again. */
  clt_store_check_in_background (book->store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (100 * 1000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (verified, ==, 1);
  g_clear_object (&book->store);

  /* Damage no query met: never verified, and the file left as it was. */
  zero_root_page (book, "promise_postponements", page_size);
  before = read_file (book->path);
  verified = 0;
  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_signal_connect (book->store, "verified", G_CALLBACK (count_cb), &verified);
  g_signal_connect (book->store, "damaged", G_CALLBACK (count_cb), &damaged);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 300);
  g_assert_false (clt_store_is_damaged (book->store));
  clt_store_check_in_background (book->store);
  spin_until_count (&damaged);
  g_assert_cmpuint (verified, ==, 0);
  g_assert_false (clt_store_is_verified (book->store));
  g_clear_object (&book->store);
  after = read_file (book->path);
  g_assert_true (g_bytes_equal (before, after));
}

/* A check that could not open the book (here a folder in its place a
 * moment) is made again: what waits for its verdict gets one. */
static void
test_check_retried (CltTestBook   *book,
                    gconstpointer  data)
{
  g_autofree char *aside = g_strconcat (book->path, ".aside", NULL);
  g_autoptr(GError) error = NULL;
  guint verified = 0;

  fill_and_close (book, 30);
  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_signal_connect (book->store, "verified", G_CALLBACK (count_cb), &verified);

  g_assert_cmpint (g_rename (book->path, aside), ==, 0);
  g_assert_cmpint (g_mkdir (book->path, 0700), ==, 0);
  clt_store_check_in_background (book->store);
  /* The first check fails; the book is back before the next. */
  g_usleep (G_USEC_PER_SEC);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (verified, ==, 0);
  g_assert_cmpint (g_rmdir (book->path), ==, 0);
  g_assert_cmpint (g_rename (aside, book->path), ==, 0);

  spin_until_count (&verified);
  g_assert_true (clt_store_is_verified (book->store));
  g_assert_false (clt_store_is_damaged (book->store));
}

/* A book whose first page is damaged cannot be opened: it is said to be
 * damaged, since its header is a book's; another file is "not a book". */
static void
test_damaged_on_open (CltTestBook   *book,
                      gconstpointer  data)
{
  int page_size = fill_and_close (book, 300);
  g_autofree char *half = g_build_filename (book->dir, "half.db", NULL);
  g_autoptr(GBytes) whole = read_file (book->path);
  g_autoptr(GBytes) head = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (page_size, >, 0);
  g_assert_true (g_file_set_contents (half, g_bytes_get_data (head, NULL), g_bytes_get_size (head), NULL));
  assert_refused_unchanged (half, CLT_STORE_ERROR_DAMAGED);
}

/* F13: a copy killed while being written leaves its temporary file; the
 * next copy into that folder removes it, not one being written. */
static void
test_abandoned_copies_removed (CltTestBook   *book,
                               gconstpointer  data)
{
  g_autofree char *abandoned = g_build_filename (book->dir, ".clientele-backup-AbCd12", NULL);
  g_autofree char *journal = g_strconcat (abandoned, "-journal", NULL);
  g_autofree char *busy = g_build_filename (book->dir, ".clientele-backup-Busy99", NULL);
  g_autofree char *other = g_build_filename (book->dir, ".clientele-backup-notes.txt", NULL);
  g_autofree char *copy = g_build_filename (book->dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  int fd;

  clt_test_book_add (book, "Hélène Dupont");
  g_assert_true (g_file_set_contents (abandoned, "partial", -1, NULL));
  g_assert_true (g_file_set_contents (journal, "partial", -1, NULL));
  g_assert_true (g_file_set_contents (busy, "being written", -1, NULL));
  g_assert_true (g_file_set_contents (other, "someone's", -1, NULL));
  fd = g_open (busy, O_RDONLY, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  g_assert_true (clt_store_backup (book->store, copy, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (abandoned, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (busy, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (copy, G_FILE_TEST_EXISTS));
  close (fd);
}

typedef struct
{
  const char *dir;
  guint       looks;
  guint       named;
} FolderWatch;

/* SQLite's progress handler, called while VACUUM INTO writes: counts the
 * names in the copy's folder other than the copy's own. */
static int
watch_folder (void *data)
{
  FolderWatch *watch = data;
  g_autoptr(GDir) folder = g_dir_open (watch->dir, 0, NULL);
  const char *name;

  watch->looks++;
  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    if (!g_str_equal (name, "copy.db"))
      watch->named++;
  return 0;
}

/* F13: a copy has no name until it is whole and in place, nor has its
 * journal, so that a copy killed half-way leaves nothing behind; over an
 * earlier copy, too. */
static void
test_copy_unnamed_while_written (CltTestBook   *book,
                                 gconstpointer  data)
{
  g_autofree char *copies = g_build_filename (book->dir, "copies", NULL);
  g_autofree char *copy = g_build_filename (copies, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db = clt_store_get_db (book->store);

  g_assert_cmpint (g_mkdir (copies, 0700), ==, 0);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Customer %u", i);

      clt_test_book_add (book, name);
    }

  for (guint round = 0; round < 2; round++)
    {
      FolderWatch watch = { copies, 0, 0 };
      g_autoptr(CltStore) written = NULL;
      struct stat st;

      sqlite3_progress_handler (db, 20, watch_folder, &watch);
      g_assert_true (clt_store_backup (book->store, copy, &error));
      g_assert_no_error (error);
      sqlite3_progress_handler (db, 0, NULL, NULL);

      g_assert_cmpuint (watch.looks, >, 10);
      g_assert_cmpuint (watch.named, ==, 0);
      g_assert_cmpint (g_stat (copy, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      written = clt_store_open (copy, &error);
      g_assert_no_error (error);
      g_assert_cmpint (clt_store_count_customers (written), ==, 200 + round);
      clt_test_book_add (book, "One More");
    }
}

/* A restore killed while it made its snapshot ready leaves it in the
 * backups folder: the next restore removes it, not one being made. */
static void
test_abandoned_snapshots_removed (CltTestBook   *book,
                                  gconstpointer  data)
{
  g_autofree char *folder = clt_backup_get_folder ();
  g_autofree char *abandoned = g_build_filename (folder, ".clientele-restore-AbCd12", NULL);
  g_autofree char *journal = g_strconcat (abandoned, "-journal", NULL);
  g_autofree char *busy = g_build_filename (folder, ".clientele-restore-Busy99", NULL);
  g_autofree char *copy = g_build_filename (book->dir, "copy.db", NULL);
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;
  int fd;

  clt_test_book_add (book, "Hélène Dupont");
  g_assert_true (clt_store_backup (book->store, copy, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (abandoned, "partial", -1, NULL));
  g_assert_true (g_file_set_contents (journal, "partial", -1, NULL));
  g_assert_true (g_file_set_contents (busy, "being made", -1, NULL));
  fd = g_open (busy, O_RDONLY, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  g_assert_true (clt_backup_restore (book->store, copy, &aside, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (abandoned, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (busy, G_FILE_TEST_EXISTS));
  close (fd);
  g_unlink (busy);
}

/* A copy of the book as it is, to restore later. */
static char *
save_copy (CltTestBook *book)
{
  g_autofree char *copy = g_build_filename (book->dir, "copy.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = clt_store_open (book->path, &error);

  g_assert_no_error (error);
  g_assert_true (clt_store_backup (store, copy, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&copy);
}

static void
assert_restored (CltTestBook *book,
                 const char  *aside,
                 guint        n_customers)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  g_autofree char *folder = clt_backup_get_folder ();

  g_assert_nonnull (aside);
  g_assert_true (g_str_has_prefix (aside, folder));
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));

  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, n_customers);
  problems = clt_store_check_integrity (book->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (problems, ((const char * const[]) { NULL }));
  g_assert_false (clt_store_is_damaged (book->store));
}

/* Damage inside the book: the copy goes in through SQLite, under the
 * lock, and the damaged file is saved aside as it was. */
static void
test_restore_damaged_inside (CltTestBook   *book,
                             gconstpointer  data)
{
  int page_size = fill_and_close (book, 50);
  g_autofree char *copy = save_copy (book);
  g_autofree char *aside = NULL;
  g_autoptr(GBytes) damaged = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;

  zero_root_page (book, "customers", page_size);
  damaged = read_file (book->path);

  g_assert_true (clt_backup_restore_damaged (book->path, copy, &aside, &error));
  g_assert_no_error (error);
  saved = read_file (aside);
  g_assert_true (g_bytes_equal (damaged, saved));
  assert_restored (book, aside, 50);
}

/* A book whose first page cannot be read: the copy takes its place. */
static void
test_restore_damaged_unreadable (CltTestBook   *book,
                                 gconstpointer  data)
{
  int page_size = fill_and_close (book, 50);
  g_autofree char *copy = save_copy (book);
  g_autofree char *aside = NULL;
  g_autoptr(GBytes) whole = read_file (book->path);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (whole, 0, g_bytes_get_size (whole) / 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) refused = NULL;

  g_assert_cmpint (page_size, >, 0);
  g_assert_true (g_file_set_contents (book->path, g_bytes_get_data (half, NULL), g_bytes_get_size (half), NULL));
  refused = clt_store_open (book->path, &error);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED);
  g_clear_error (&error);

  g_assert_true (clt_backup_restore_damaged (book->path, copy, &aside, &error));
  g_assert_no_error (error);
  assert_restored (book, aside, 50);
}

/* Whether another process could take a write lock on @path's SQLite
 * SHARED range, which a connection in WAL mode holds while it is open. */
static gboolean
shared_lock_held_elsewhere (const char *path)
{
  pid_t pid = fork ();
  int status = 0;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
                            .l_start = 0x40000000 + 2, .l_len = 510 };
      int fd = open (path, O_RDWR);

      if (fd < 0 || fcntl (fd, F_GETLK, &lock) != 0)
        _exit (2);
      _exit (lock.l_type == F_UNLCK ? 1 : 0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), !=, 2);

  return WEXITSTATUS (status) == 0;
}

/* Opening the book a second time in the same process (the window's
 * background check, its daily copy) must not drop the locks the first
 * connection holds: POSIX locks go with any close() of the file, and
 * another program would then take itself for the book's last user and
 * reset the WAL under the window, which then saw the book as damaged. */
static void
test_second_open_keeps_locks (CltTestBook   *book,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CltStore *second;

  clt_test_book_add (book, "Hélène Dupré");
  g_assert_true (shared_lock_held_elsewhere (book->path));

  second = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_object_unref (second);
  g_assert_true (shared_lock_held_elsewhere (book->path));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  clt_test_data_home_set_up ();

#define ADD(path, func) \
  g_test_add (path, CltTestBook, NULL, clt_test_book_set_up, func, clt_test_book_tear_down)

  ADD ("/book-file/new-book-marked", test_new_book_marked);
  ADD ("/book-file/foreign-refused", test_foreign_refused);
  ADD ("/book-file/foreign-with-known-version-refused", test_foreign_with_known_version_refused);
  ADD ("/book-file/other-application-id-refused", test_other_application_id_refused);
  ADD ("/book-file/book-missing-tables-refused", test_book_missing_tables_refused);
  ADD ("/book-file/old-book-stamped", test_old_book_stamped);
  ADD ("/book-file/empty-database-becomes-book", test_empty_database_becomes_book);
  ADD ("/book-file/newer-unstamped-book-too-new", test_newer_unstamped_book_too_new);
  ADD ("/book-file/damage-found-by-query", test_damage_found_by_query);
  ADD ("/book-file/damage-found-before-write", test_damage_found_before_write);
  ADD ("/book-file/background-check", test_background_check);
  ADD ("/book-file/check-in-background", test_check_in_background);
  ADD ("/book-file/check-retried", test_check_retried);
  ADD ("/book-file/damaged-on-open", test_damaged_on_open);
  ADD ("/book-file/abandoned-copies-removed", test_abandoned_copies_removed);
  ADD ("/book-file/copy-unnamed-while-written", test_copy_unnamed_while_written);
  ADD ("/book-file/abandoned-snapshots-removed", test_abandoned_snapshots_removed);
  ADD ("/book-file/restore-damaged-inside", test_restore_damaged_inside);
  ADD ("/book-file/restore-damaged-unreadable", test_restore_damaged_unreadable);
  ADD ("/book-file/second-open-keeps-locks", test_second_open_keeps_locks);

  status = g_test_run ();
  clt_test_data_home_tear_down ();
  return status;
}

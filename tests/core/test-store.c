/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-core.h"
#include "clt-store-private.h"

typedef struct
{
  char     *dir;
  char     *path;
  CltStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "book.db", NULL);
  fixture->store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
add (CltStore   *store,
     const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_customer_new (name);
  gint64 id = clt_store_add_customer (store, customer, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
count_rows (CltStore   *store,
            const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  const char *path = clt_store_get_path (store);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  /* A second connection sees only what was committed. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

static void
assert_integrity (CltStore *store)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = clt_store_check_integrity (store, &error);

  g_assert_no_error (error);
  g_assert_nonnull (problems);
  if (problems[0] != NULL)
    g_error ("integrity problem: %s", problems[0]);
}

static void
test_create (Fixture       *fixture,
             gconstpointer  data)
{
  struct stat st;

  g_assert_cmpint (clt_store_get_schema_version (fixture->store), ==, CLT_STORE_SCHEMA_VERSION);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (clt_store_count_customers (fixture->store), ==, 0);
  assert_integrity (fixture->store);
}

static void
test_empty_file_migrated (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "empty.db", NULL);
  g_autoptr(CltStore) store = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_get_schema_version (store), ==, CLT_STORE_SCHEMA_VERSION);
  add (store, "Gaëlle Morvan");
  g_assert_cmpint (clt_store_count_customers (store), ==, 1);
  g_clear_object (&store);
  g_unlink (path);
}

static void
test_reopen (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) again = NULL;

  add (fixture->store, "Hélène Dupré");
  g_clear_object (&fixture->store);

  again = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_count_customers (again), ==, 1);
  g_assert_cmpint (clt_store_get_schema_version (again), ==, CLT_STORE_SCHEMA_VERSION);
}

static void
test_group_permissions_tightened (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) again = NULL;
  struct stat st;

  g_clear_object (&fixture->store);
  g_chmod (fixture->path, 0644);
  again = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autofree char *contents = NULL;
  const char *text = "This is not a database, just some notes.\n";
  CltStore *store;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  store = clt_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_A_DATABASE);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, text);
  g_unlink (path);
}

static void
test_too_new (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  sqlite3 *db = NULL;
  CltStore *store;

  g_clear_object (&fixture->store);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  g_assert_true (g_file_get_contents (fixture->path, &before, &before_len, NULL));
  store = clt_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_TOO_NEW);
  g_assert_true (g_file_get_contents (fixture->path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CltStore *store;

  if (geteuid () == 0)
    {
      g_test_skip ("root may write any file");
      return;
    }

  g_clear_object (&fixture->store);
  g_chmod (fixture->path, 0400);
  store = clt_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_READ_ONLY);
  g_chmod (fixture->path, 0600);
}

static void
test_blank_name_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  const char *names[] = { "", "   ", "\t\n", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CltCustomer) customer = clt_customer_new (names[i]);

      g_assert_cmpint (clt_store_add_customer (fixture->store, customer, &error), ==, 0);
      g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
    }
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 0);
}

static void
test_customer_crud (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_customer_new ("Mme Hélène Dupré");
  g_autoptr(CltCustomer) read = NULL;
  g_autoptr(CltCustomer) gone = NULL;
  g_autofree char *greeting = NULL;
  gint64 id;

  clt_customer_set_language (customer, "fr");
  clt_customer_set_company (customer, "Hôtel du Lac");
  clt_customer_set_vip (customer, TRUE);
  id = clt_store_add_customer (fixture->store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_customer_get_id (customer), ==, id);

  read = clt_store_get_customer (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_display_name (read), ==, "Hélène Dupré");
  g_assert_cmpstr (clt_customer_get_honorific (read), ==, "Mme");
  g_assert_cmpstr (clt_customer_get_family_name (read), ==, "Dupré");
  g_assert_cmpstr (clt_customer_get_company (read), ==, "Hôtel du Lac");
  g_assert_cmpstr (clt_customer_get_language (read), ==, "fr");
  g_assert_true (clt_customer_get_vip (read));
  greeting = clt_customer_dup_greeting (read);
  g_assert_cmpstr (greeting, ==, "Mme Dupré");

  clt_customer_set_addressed_as (read, "Madame la Directrice");
  clt_customer_set_family_name (read, "Martin");
  clt_customer_set_display_name (read, "Hélène Martin");
  g_assert_true (clt_store_update_customer (fixture->store, read, &error));
  g_assert_no_error (error);
  g_clear_object (&read);
  read = clt_store_get_customer (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_display_name (read), ==, "Hélène Martin");
  g_assert_cmpstr (clt_customer_get_addressed_as (read), ==, "Madame la Directrice");
  assert_integrity (fixture->store);

  g_assert_true (clt_store_delete_customer (fixture->store, id, &error));
  g_assert_no_error (error);
  gone = clt_store_get_customer (fixture->store, id, &error);
  g_assert_null (gone);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (clt_store_delete_customer (fixture->store, id, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (count_rows (fixture->store, "search"), ==, 0);
  assert_integrity (fixture->store);
}

static void
test_children_crud (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add (fixture->store, "Zoë Martin");
  gint64 email, phone, address, pref, note, interaction;

  email = clt_store_add_contact (fixture->store, id, CLT_CONTACT_EMAIL, "home", "zoe@example.fr", &error);
  g_assert_no_error (error);
  phone = clt_store_add_contact (fixture->store, id, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78", &error);
  g_assert_no_error (error);
  address = clt_store_add_contact (fixture->store, id, CLT_CONTACT_ADDRESS, NULL, "3 rue des Lilas\n75011 Paris", &error);
  g_assert_no_error (error);
  pref = clt_store_add_preference (fixture->store, id, "food", "Végétarienne", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  note = clt_store_add_note (fixture->store, id, "Vient avec son chien", "Julie", TRUE, &error);
  g_assert_no_error (error);
  interaction = clt_store_add_interaction (fixture->store, id, CLT_INTERACTION_STAY, 1700000000, FALSE,
                                           "Chambre 12", "Julie", &error);
  g_assert_no_error (error);
  g_assert_true (clt_store_add_tag (fixture->store, id, "Régulier", &error));
  g_assert_no_error (error);
  g_assert_true (clt_store_add_tag (fixture->store, id, "Régulier", &error));
  g_assert_no_error (error);

  g_assert_cmpint (count_rows (fixture->store, "emails"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "phones"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "addresses"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "customer_tags"), ==, 1);

  g_assert_true (clt_store_update_contact (fixture->store, CLT_CONTACT_PHONE, phone, "work", "01 23 45 67 89", &error));
  g_assert_no_error (error);
  g_assert_true (clt_store_update_preference (fixture->store, pref, "food", "Végane", CLT_PREFERENCE_ALERT, &error));
  g_assert_no_error (error);
  g_assert_true (clt_store_update_note (fixture->store, note, "Vient avec son chien Filou", FALSE, &error));
  g_assert_no_error (error);
  assert_integrity (fixture->store);

  g_assert_false (clt_store_add_contact (fixture->store, id, CLT_CONTACT_PHONE, NULL, "no digits", &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_store_add_preference (fixture->store, id, NULL, "  ", 0, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_store_add_note (fixture->store, 9999, "orphan", NULL, FALSE, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (clt_store_delete_contact (fixture->store, CLT_CONTACT_EMAIL, email, &error));
  g_assert_true (clt_store_delete_contact (fixture->store, CLT_CONTACT_PHONE, phone, &error));
  g_assert_true (clt_store_delete_contact (fixture->store, CLT_CONTACT_ADDRESS, address, &error));
  g_assert_true (clt_store_delete_preference (fixture->store, pref, &error));
  g_assert_true (clt_store_delete_note (fixture->store, note, &error));
  g_assert_true (clt_store_delete_interaction (fixture->store, interaction, &error));
  g_assert_true (clt_store_remove_tag (fixture->store, id, "régulier", &error));
  g_assert_no_error (error);
  g_assert_false (clt_store_delete_note (fixture->store, note, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);

  g_assert_cmpint (count_rows (fixture->store, "emails"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "interactions"), ==, 0);
  assert_integrity (fixture->store);
}

static void
test_delete_cascades (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = add (fixture->store, "Jean Dupont");

  clt_store_add_contact (fixture->store, id, CLT_CONTACT_EMAIL, NULL, "jean@example.com", &error);
  clt_store_add_preference (fixture->store, id, NULL, "Calme", 0, &error);
  clt_store_add_note (fixture->store, id, "Note", NULL, FALSE, &error);
  clt_store_add_promise (fixture->store, id, "Rappeler mardi", "Marc", 1700000000, TRUE, &error);
  g_assert_no_error (error);

  g_assert_true (clt_store_delete_customer (fixture->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "emails"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "preferences"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "notes"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "promises"), ==, 0);
  assert_integrity (fixture->store);
}

static void
test_failed_transaction (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_customer_new ("Anaïs Leroy");
  g_autoptr(CltSearchModel) model = NULL;
  gint64 id;

  g_assert_true (clt_store_begin (fixture->store, &error));
  id = clt_store_add_customer (fixture->store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_add_contact (fixture->store, id, CLT_CONTACT_EMAIL, NULL, "anais@example.fr", &error), >, 0);
  g_assert_cmpint (clt_store_add_preference (fixture->store, id, NULL, "Allergique aux noix", CLT_PREFERENCE_ALERT, &error), >, 0);
  /* The third item is bad: the whole addition must go. */
  g_assert_cmpint (clt_store_add_note (fixture->store, id, "   ", NULL, FALSE, &error), ==, 0);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  clt_store_rollback (fixture->store);

  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "emails"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "preferences"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "search"), ==, 0);

  model = clt_search_model_new (fixture->store);
  clt_search_model_set_query (model, "anais");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  assert_integrity (fixture->store);
}

static void
test_nested_transactions (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_store_begin (fixture->store, &error));
  add (fixture->store, "Un");
  g_assert_true (clt_store_begin (fixture->store, &error));
  add (fixture->store, "Deux");
  clt_store_rollback (fixture->store);
  add (fixture->store, "Trois");
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 0);
  g_assert_true (clt_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 2);
  assert_integrity (fixture->store);
}

/* Bulk writes (an import's) have no savepoint for each write: one that
 * fails fails the whole transaction, which then refuses to commit; after
 * it, the book is back to savepoints and foreign key checks. */
static void
test_bulk_transaction (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStmt) fk = NULL;
  gint64 id;

  clt_store_set_bulk_writes (fixture->store, TRUE);
  g_assert_true (clt_store_begin (fixture->store, &error));
  add (fixture->store, "Un");
  g_assert_false (clt_store_add_tag (fixture->store, 424242, "Fidèle", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  add (fixture->store, "Deux");
  g_assert_false (clt_store_commit (fixture->store, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED);
  g_clear_error (&error);
  clt_store_set_bulk_writes (fixture->store, FALSE);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 0);
  g_assert_cmpint (count_rows (fixture->store, "search"), ==, 0);

  /* A good one commits. */
  clt_store_set_bulk_writes (fixture->store, TRUE);
  g_assert_true (clt_store_begin (fixture->store, &error));
  id = add (fixture->store, "Trois");
  g_assert_true (clt_store_add_tag (fixture->store, id, "Fidèle", &error));
  g_assert_true (clt_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  clt_store_set_bulk_writes (fixture->store, FALSE);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 1);

  /* Savepoints again: a failed write inside is undone alone. */
  g_assert_true (clt_store_begin (fixture->store, &error));
  add (fixture->store, "Quatre");
  g_assert_false (clt_store_add_tag (fixture->store, 424242, "Fidèle", &error));
  g_clear_error (&error);
  g_assert_true (clt_store_commit (fixture->store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 2);

  fk = clt_store_prepare (fixture->store, "PRAGMA foreign_keys", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (fk), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (fk, 0), ==, 1);
  g_clear_pointer (&fk, clt_stmt_release);
  assert_integrity (fixture->store);
}

static void
changed_cb (CltStore *store,
            gint64    customer_id,
            gpointer  user_data)
{
  GArray *ids = user_data;

  g_array_append_val (ids, customer_id);
}

static void
test_changed_signal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (changed_cb), ids);
  id = add (fixture->store, "Noël Lambert");
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, id);

  /* Nothing is announced before the commit, once per customer. */
  g_assert_true (clt_store_begin (fixture->store, &error));
  clt_store_add_note (fixture->store, id, "Un", NULL, FALSE, &error);
  clt_store_add_note (fixture->store, id, "Deux", NULL, FALSE, &error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_true (clt_store_commit (fixture->store, &error));
  g_assert_cmpuint (ids->len, ==, 2);
}

typedef struct
{
  char          *path;
  volatile gint  stop;
  guint          written;
} Writer;

static gpointer
writer_thread (gpointer user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = clt_store_open (writer->path, &error);

  g_assert_no_error (error);
  while (!g_atomic_int_get (&writer->stop))
    {
      g_autoptr(CltCustomer) customer = clt_customer_new ("Client Concurrent");
      g_autoptr(GError) add_error = NULL;

      if (clt_store_add_customer (store, customer, &add_error) > 0)
        writer->written++;
      else
        g_assert_error (add_error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY);
    }

  return NULL;
}

static void
test_backup_concurrent (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *copy = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(CltStore) restored = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(CltSearchModel) model = NULL;
  Writer writer = { fixture->path, 0, 0 };
  GThread *thread;
  struct stat st;

  for (guint i = 0; i < 200; i++)
    add (fixture->store, "Client Initial");

  thread = g_thread_new ("writer", writer_thread, &writer);
  while (g_atomic_int_get ((gint *) &writer.written) < 20)
    g_usleep (1000);

  for (guint i = 0; i < 3; i++)
    {
      g_assert_true (clt_store_backup (fixture->store, copy, &error));
      g_assert_no_error (error);
    }

  g_atomic_int_set (&writer.stop, 1);
  g_thread_join (thread);
  g_assert_cmpuint (writer.written, >, 0);

  g_assert_cmpint (g_stat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  restored = clt_store_open (copy, &error);
  g_assert_no_error (error);
  problems = clt_store_check_integrity (restored, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (problems[0], ==, NULL);
  g_assert_cmpint (clt_store_count_customers (restored), >=, 200);

  model = clt_search_model_new (restored);
  clt_search_model_set_query (model, "initial");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, CLT_SEARCH_MODEL_PAGE_SIZE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store/create", test_create);
  ADD ("/store/empty-file-migrated", test_empty_file_migrated);
  ADD ("/store/reopen", test_reopen);
  ADD ("/store/permissions-tightened", test_group_permissions_tightened);
  ADD ("/store/not-a-database", test_not_a_database);
  ADD ("/store/too-new", test_too_new);
  ADD ("/store/read-only", test_read_only);
  ADD ("/store/blank-name-refused", test_blank_name_refused);
  ADD ("/store/customer-crud", test_customer_crud);
  ADD ("/store/children-crud", test_children_crud);
  ADD ("/store/delete-cascades", test_delete_cascades);
  ADD ("/store/failed-transaction", test_failed_transaction);
  ADD ("/store/nested-transactions", test_nested_transactions);
  ADD ("/store/bulk-transaction", test_bulk_transaction);
  ADD ("/store/changed-signal", test_changed_signal);
  ADD ("/store/backup-concurrent", test_backup_concurrent);

  return g_test_run ();
}

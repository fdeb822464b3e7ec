/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clt-store-private.h"
#include "clt-text.h"

struct _CltStore
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;
  GHashTable  *statements;   /* SQL text → sqlite3_stmt */
  GHashTable  *dirty;        /* customer ids to reindex at commit */
  guint        depth;        /* nested transactions */
};

G_DEFINE_FINAL_TYPE (CltStore, clt_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (clt-store-error-quark, clt_store_error)

/* Each step moves the schema from version N to N + 1 in one transaction. */
static const char * const migrations[] = {
  /* 1: the customer book */
  "CREATE TABLE customers ("
  "  id INTEGER PRIMARY KEY,"
  "  display_name TEXT NOT NULL CHECK (length(trim(display_name)) > 0),"
  "  honorific TEXT,"
  "  given_name TEXT,"
  "  family_name TEXT,"
  "  addressed_as TEXT,"
  "  company TEXT,"
  "  language TEXT,"
  "  birthday TEXT,"
  "  vip INTEGER NOT NULL DEFAULT 0,"
  "  email_consent INTEGER NOT NULL DEFAULT 1,"
  "  consent_at INTEGER,"
  "  consent_source TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  last_contact_at INTEGER,"
  "  archived INTEGER NOT NULL DEFAULT 0,"
  "  anonymised INTEGER NOT NULL DEFAULT 0,"
  "  search_rowid INTEGER NOT NULL UNIQUE"
  ");"
  "CREATE TABLE emails ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  label TEXT,"
  "  address TEXT NOT NULL CHECK (length(address) > 0)"
  ");"
  "CREATE INDEX emails_customer ON emails (customer_id);"
  "CREATE INDEX emails_address ON emails (address COLLATE NOCASE);"
  "CREATE TABLE phones ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  label TEXT,"
  "  number TEXT NOT NULL CHECK (length(number) > 0),"
  "  digits TEXT NOT NULL"
  ");"
  "CREATE INDEX phones_customer ON phones (customer_id);"
  "CREATE INDEX phones_digits ON phones (digits);"
  "CREATE TABLE addresses ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  label TEXT,"
  "  text TEXT NOT NULL CHECK (length(text) > 0)"
  ");"
  "CREATE INDEX addresses_customer ON addresses (customer_id);"
  "CREATE TABLE preferences ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  category TEXT,"
  "  text TEXT NOT NULL CHECK (length(text) > 0),"
  "  alert INTEGER NOT NULL DEFAULT 0,"
  "  sensitive INTEGER NOT NULL DEFAULT 0,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX preferences_customer ON preferences (customer_id, alert, position, id);"
  "CREATE TABLE notes ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL CHECK (length(text) > 0),"
  "  author TEXT,"
  "  pinned INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX notes_customer ON notes (customer_id, pinned, created_at);"
  "CREATE TABLE interactions ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('visit', 'stay', 'call', 'email-in',"
  "                                     'email-out', 'purchase', 'complaint', 'other')),"
  "  at INTEGER NOT NULL,"
  "  planned INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT,"
  "  staff TEXT,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX interactions_customer ON interactions (customer_id, planned, at);"
  "CREATE INDEX interactions_planned ON interactions (at) WHERE planned = 1;"
  "CREATE TABLE tags ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE COLLATE NOCASE"
  ");"
  "CREATE TABLE customer_tags ("
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  tag_id INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (customer_id, tag_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX customer_tags_tag ON customer_tags (tag_id);"
  "CREATE TABLE promises ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  text TEXT NOT NULL CHECK (length(text) > 0),"
  "  promised_by TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  due_at INTEGER NOT NULL,"
  "  due_all_day INTEGER NOT NULL DEFAULT 0,"
  "  remind_at INTEGER,"
  "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken', 'cancelled')),"
  "  closed_at INTEGER"
  ");"
  "CREATE INDEX promises_customer ON promises (customer_id, status, due_at);"
  "CREATE INDEX promises_open_due ON promises (due_at) WHERE status = 'open';"
  "CREATE TABLE promise_postponements ("
  "  id INTEGER PRIMARY KEY,"
  "  promise_id INTEGER NOT NULL REFERENCES promises (id) ON DELETE CASCADE,"
  "  old_due_at INTEGER NOT NULL,"
  "  new_due_at INTEGER NOT NULL,"
  "  reason TEXT,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX promise_postponements_promise ON promise_postponements (promise_id);"
  /* The rowid of a customer's search row sorts like their name (see
   * clt-store-customers.c), so matches come out in book order. */
  "CREATE VIRTUAL TABLE search USING fts5 ("
  "  name, contact, details,"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '1 2 3',"
  "  detail = column"
  ");",

  /* 2: deleting a customer can be undone */
  "ALTER TABLE customers ADD COLUMN trashed_at INTEGER;",

  /* 3: reminders fire once */
  "ALTER TABLE promises ADD COLUMN reminded_at INTEGER;"
  "CREATE INDEX promises_open_remind ON promises (remind_at) WHERE status = 'open';",

  /* 4: e-mail — the account (no password), templates, the outbox */
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT"
  ") WITHOUT ROWID;"
  "CREATE TABLE templates ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
  "  language TEXT NOT NULL,"
  "  title TEXT NOT NULL,"
  "  subject TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  marketing INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  to_name TEXT,"
  "  to_address TEXT NOT NULL,"
  "  from_address TEXT,"
  "  subject TEXT NOT NULL,"
  "  body TEXT NOT NULL,"
  "  template TEXT,"
  "  marketing INTEGER NOT NULL DEFAULT 0,"
  "  message_id TEXT UNIQUE,"
  "  bytes BLOB,"
  "  state TEXT NOT NULL CHECK (state IN ('draft', 'queued', 'sending', 'uncertain', 'sent', 'failed')),"
  "  created_at INTEGER NOT NULL,"
  "  scheduled_at INTEGER NOT NULL DEFAULT 0,"
  "  next_try_at INTEGER NOT NULL DEFAULT 0,"
  "  first_try_at INTEGER,"
  "  attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_reply TEXT,"
  "  sent_at INTEGER,"
  "  CHECK (state = 'draft' OR (bytes IS NOT NULL AND message_id IS NOT NULL))"
  ");"
  "CREATE INDEX outbox_state ON outbox (state, next_try_at);"
  "CREATE INDEX outbox_customer ON outbox (customer_id);",

  /* 5: import, export and erasure — a job title, a stable UID for vCards
   * and sync (random, so it says nothing about the person), and the UIDs
   * of erased customers, so that restoring an older copy erases them again */
  "ALTER TABLE customers ADD COLUMN job_title TEXT;"
  "ALTER TABLE customers ADD COLUMN uid TEXT;"
  "UPDATE customers SET uid = lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2)))"
  "  || '-4' || substr(lower(hex(randomblob(2))), 2) || '-'"
  "  || substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2)"
  "  || '-' || lower(hex(randomblob(6)));"
  "CREATE UNIQUE INDEX customers_uid ON customers (uid);"
  "CREATE TABLE erasures ("
  "  uid TEXT PRIMARY KEY,"
  "  erased_at INTEGER NOT NULL"
  ") WITHOUT ROWID;",

  /* 6: the book's order kept by a sort key (see clt-store-customers.c):
   * the labels stay, but for the fewest customers that must move to be in
   * the key's order (namesakes past the old 1,024 places, punctuation that
   * sorted differently) */
  "ALTER TABLE customers ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';"
  "UPDATE customers SET sort_key = clt_sort_key (given_name, family_name, display_name, company);"
  "CREATE INDEX customers_sort ON customers (sort_key, search_rowid);"
  "SELECT clt_put_in_order ();",

  /* 7: the week's birthdays found by index, not by reading every customer
   * (see clt-store-today.c); a book whose version was set back may still
   * have it */
  "CREATE INDEX IF NOT EXISTS customers_birthday_day ON customers (substr (birthday, -5))"
  "  WHERE birthday IS NOT NULL;",
};

void
clt_store_set_error (CltStore  *self,
                     int        rc,
                     GError   **error)
{
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Clientele customer book, or it is damaged. "
                     "Restore it from a backup."), self->path);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_READ_ONLY,
                   _("The customer book “%s” is read-only. "
                     "Check the file’s permissions, or open a copy."), self->path);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY,
                   _("The customer book is busy with another program. Try again in a moment."));
      break;
    case SQLITE_FULL:
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The disk is full: nothing was saved. Free some space and try again."));
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                   _("This change would make the customer book inconsistent (%s)."), detail);
      break;
    default:
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The customer book could not be read or changed (%s)."), detail);
      break;
    }
}

sqlite3 *
clt_store_get_db (CltStore *self)
{
  return self->db;
}

CltStmt *
clt_store_prepare (CltStore    *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
clt_store_step_done (CltStore      *self,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  clt_store_set_error (self, rc, error);
  return FALSE;
}

gboolean
clt_store_exec (CltStore    *self,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc == SQLITE_OK)
    return TRUE;

  clt_store_set_error (self, rc, error);
  return FALSE;
}

/* The dirty set's keys: g_int64_hash() and g_int64_equal() see the id. */
typedef struct
{
  gint64 customer_id;
  CltDirty parts;
} DirtyEntry;

typedef struct
{
  gint64 search_rowid;
  gint64 customer_id;
  CltDirty parts;
} DirtyCustomer;

static int
dirty_compare (gconstpointer a,
               gconstpointer b)
{
  const DirtyCustomer *x = a;
  const DirtyCustomer *y = b;

  return (x->search_rowid > y->search_rowid) - (x->search_rowid < y->search_rowid);
}

/* Reindexes in search rowid order: FTS5 then appends to its index instead
 * of scattering small segments, which makes a large import commit twice as
 * fast. */
static gboolean
flush_dirty (CltStore  *self,
             GError   **error)
{
  g_autoptr(GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (DirtyCustomer),
                                               g_hash_table_size (self->dirty));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(CltStmt) stmt = clt_store_prepare (self, "SELECT search_rowid FROM customers WHERE id = ?1", error);
      DirtyCustomer dirty = { 0, ((DirtyEntry *) key)->customer_id, ((DirtyEntry *) key)->parts };

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, dirty.customer_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        dirty.search_rowid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (order, dirty);
    }

  g_array_sort (order, dirty_compare);

  for (guint i = 0; i < order->len; i++)
    {
      DirtyCustomer *dirty = &g_array_index (order, DirtyCustomer, i);

      if (!clt_store_reindex_parts (self, dirty->customer_id, dirty->parts, error))
        return FALSE;
    }

  return TRUE;
}

static void
emit_changed (CltStore   *self,
              GHashTable *dirty)
{
  GHashTableIter iter;
  gpointer key;

  if (!g_signal_has_handler_pending (self, signals[CHANGED], 0, FALSE))
    return;

  g_hash_table_iter_init (&iter, dirty);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_signal_emit (self, signals[CHANGED], 0, *(gint64 *) key);
}

/* Runs a statement kept prepared: a savepoint is begun and released for
 * every customer an import adds, and parsing it each time shows. */
static gboolean
exec_prepared (CltStore    *self,
               const char  *sql,
               GError     **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);

  return stmt != NULL && clt_store_step_done (self, stmt, error);
}

/* Transactions nest: the outermost is a BEGIN IMMEDIATE, inner ones are
 * savepoints. The search index and derived columns of every customer
 * touched are brought up to date once, just before the outermost commit. */
gboolean
clt_store_tx_begin (CltStore  *self,
                    GError   **error)
{
  g_autofree char *sql = NULL;

  if (self->depth == 0)
    {
      if (!clt_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      sql = g_strdup_printf ("SAVEPOINT clt_%u", self->depth);
      if (!exec_prepared (self, sql, error))
        return FALSE;
    }

  self->depth++;
  return TRUE;
}

gboolean
clt_store_tx_end (CltStore  *self,
                  gboolean   ok,
                  GError   **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    {
      g_autoptr(GHashTable) dirty = NULL;

      if (ok && !flush_dirty (self, error))
        ok = FALSE;

      if (ok && !clt_store_exec (self, "COMMIT", error))
        ok = FALSE;

      if (!ok)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

      self->depth = 0;
      dirty = g_steal_pointer (&self->dirty);
      self->dirty = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

      if (ok)
        emit_changed (self, dirty);

      return ok;
    }

  self->depth--;
  if (ok)
    {
      sql = g_strdup_printf ("RELEASE clt_%u", self->depth);
      return exec_prepared (self, sql, error);
    }

  sql = g_strdup_printf ("ROLLBACK TO clt_%u; RELEASE clt_%u", self->depth, self->depth);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  return FALSE;
}

void
clt_store_mark_dirty (CltStore *self,
                      gint64    customer_id)
{
  clt_store_mark_dirty_parts (self, customer_id, CLT_DIRTY_ANY);
}

void
clt_store_mark_dirty_parts (CltStore *self,
                            gint64    customer_id,
                            CltDirty  parts)
{
  DirtyEntry *entry = g_hash_table_lookup (self->dirty, &customer_id);

  if (entry == NULL)
    {
      entry = g_new (DirtyEntry, 1);
      entry->customer_id = customer_id;
      entry->parts = 0;
      g_hash_table_add (self->dirty, entry);
    }
  entry->parts |= parts;
}
static void
clt_store_dispose (GObject *object)
{
  CltStore *self = (CltStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);

  if (self->db != NULL)
    {
      sqlite3_close (self->db);
      self->db = NULL;
    }

  G_OBJECT_CLASS (clt_store_parent_class)->dispose (object);
}

static void
clt_store_finalize (GObject *object)
{
  CltStore *self = (CltStore *)object;

  g_clear_pointer (&self->dirty, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (clt_store_parent_class)->finalize (object);
}

static void
clt_store_class_init (CltStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_store_dispose;
  object_class->finalize = clt_store_finalize;

  /**
   * CltStore::changed:
   * @customer_id: the customer whose data changed, or was deleted
   *
   * Emitted after a transaction that touched the customer is committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

static void
clt_store_init (CltStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->dirty = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * clt_store_default_path:
 *
 * Returns: `$XDG_DATA_HOME/clientele/clientele.db`
 */
char *
clt_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "clientele", "clientele.db", NULL);
}

/* Looks at the file before SQLite does, so that a file which is not a
 * database, or which this user may not write, is refused untouched. */
static gboolean
check_existing_file (const char  *path,
                     gboolean    *is_new,
                     GError     **error)
{
  static const char header[16] = "SQLite format 3";
  struct stat st;
  char buffer[16];
  int fd;
  ssize_t n;

  *is_new = FALSE;

  if (g_stat (path, &st) != 0)
    {
      if (errno == ENOENT)
        {
          *is_new = TRUE;
          return TRUE;
        }
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The customer book “%s” cannot be opened: %s."), path, g_strerror (errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Clientele customer book, or it is damaged. "
                     "Restore it from a backup."), path);
      return FALSE;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_READ_ONLY,
                   _("The customer book “%s” cannot be read: %s. Check the file’s permissions."),
                   path, g_strerror (errno));
      return FALSE;
    }
  n = read (fd, buffer, sizeof buffer);
  close (fd);

  if (n == 0)
    {
      *is_new = TRUE;
    }
  else if (n != sizeof buffer || memcmp (buffer, header, sizeof header) != 0)
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Clientele customer book, or it is damaged. "
                     "Restore it from a backup."), path);
      return FALSE;
    }

  if (access (path, W_OK) != 0)
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_READ_ONLY,
                   _("The customer book “%s” is read-only. "
                     "Check the file’s permissions, or open a copy."), path);
      return FALSE;
    }

  {
    g_autofree char *dir = g_path_get_dirname (path);

    /* WAL needs to create its journal beside the file. */
    if (access (dir, W_OK) != 0)
      {
        g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_READ_ONLY,
                     _("The folder of the customer book “%s” is read-only. "
                       "Check its permissions, or open a copy elsewhere."), path);
        return FALSE;
      }
  }

  /* The book is private: readable by its owner only. */
  if ((st.st_mode & 0077) != 0)
    g_chmod (path, st.st_mode & 0700);

  return TRUE;
}

static gboolean
create_file (const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The folder “%s” cannot be created: %s."), dir, g_strerror (errno));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, CLT_STORE_ERROR,
                   errno == EACCES || errno == EROFS ? CLT_STORE_ERROR_READ_ONLY : CLT_STORE_ERROR_FAILED,
                   _("The customer book “%s” cannot be created: %s."), path, g_strerror (errno));
      return FALSE;
    }
  fchmod (fd, 0600);
  close (fd);

  return TRUE;
}

static int
read_user_version (CltStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return version;
}

static gboolean
migrate (CltStore  *self,
         int        from,
         GError   **error)
{
  for (int version = from; version < (int) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!clt_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!clt_store_exec (self, migrations[version], error) ||
          !clt_store_exec (self, bump, error) ||
          !clt_store_exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * clt_store_open:
 * @path: (nullable): the database file, or %NULL for the default one
 *
 * Opens the customer book, creating it (mode 0600) and bringing its schema
 * up to date as needed. A file that is not a customer book, that comes from
 * a newer Clientele, or that may not be written is refused unchanged.
 */
CltStore *
clt_store_open (const char  *path,
                GError     **error)
{
  g_autoptr(CltStore) self = NULL;
  gboolean is_new;
  int version;
  int rc;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CLT_TYPE_STORE, NULL);
  self->path = path ? g_strdup (path) : clt_store_default_path ();

  if (!check_existing_file (self->path, &is_new, error))
    return NULL;

  if (is_new && !create_file (self->path, error))
    return NULL;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_create_function_v2 (self->db, "clt_sort_key", 4,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, clt_store_sort_key_function, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->db, "clt_put_in_order", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                              self, clt_store_put_in_order_function, NULL, NULL, NULL);

  version = read_user_version (self);
  if (version < 0)
    {
      clt_store_set_error (self, sqlite3_errcode (self->db), error);
      return NULL;
    }

  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_TOO_NEW,
                   _("The customer book “%s” was written by a newer version of Clientele. "
                     "Update Clientele to open it."), self->path);
      return NULL;
    }

  if (!clt_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !clt_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !clt_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !clt_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !clt_store_exec (self, "PRAGMA cache_size = -16384", error))
    return NULL;

  if (!migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
clt_store_get_path (CltStore *self)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return self->path;
}

int
clt_store_get_schema_version (CltStore *self)
{
  g_return_val_if_fail (CLT_IS_STORE (self), -1);

  return read_user_version (self);
}

/**
 * clt_store_begin:
 *
 * Starts a transaction: everything until clt_store_commit() happens at
 * once or, after clt_store_rollback() or a crash, not at all.
 */
gboolean
clt_store_begin (CltStore  *self,
                 GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return clt_store_tx_begin (self, error);
}

gboolean
clt_store_commit (CltStore  *self,
                  GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  return clt_store_tx_end (self, TRUE, error);
}

void
clt_store_rollback (CltStore *self)
{
  g_return_if_fail (CLT_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  clt_store_tx_end (self, FALSE, NULL);
}

static void
collect_rows (CltStore     *self,
              const char   *sql,
              GStrvBuilder *problems)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_strv_builder_add (problems, sqlite3_errmsg (self->db));
      return;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GString *row = g_string_new (NULL);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          if (i > 0)
            g_string_append_c (row, ' ');
          g_string_append (row, clt_column_text (stmt, i) ? clt_column_text (stmt, i) : "NULL");
        }
      if (g_strcmp0 (row->str, "ok") != 0)
        g_strv_builder_add (problems, row->str);
      g_string_free (row, TRUE);
    }

  if (rc != SQLITE_DONE)
    g_strv_builder_add (problems, sqlite3_errmsg (self->db));

  sqlite3_finalize (stmt);
}

/**
 * clt_store_check_integrity:
 *
 * Runs SQLite's integrity check, the foreign key check and the search
 * index's own check.
 *
 * Returns: (transfer full): the problems found, an empty array when none
 */
char **
clt_store_check_integrity (CltStore  *self,
                           GError   **error)
{
  g_autoptr(GStrvBuilder) problems = g_strv_builder_new ();

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  collect_rows (self, "PRAGMA integrity_check", problems);
  collect_rows (self, "PRAGMA foreign_key_check", problems);
  collect_rows (self, "INSERT INTO search (search, rank) VALUES ('integrity-check', 1)", problems);
  collect_rows (self,
                "SELECT 'customer ' || id || ' has no search entry' FROM customers "
                "WHERE search_rowid NOT IN (SELECT rowid FROM search)", problems);
  collect_rows (self,
                "SELECT 'search entry ' || rowid || ' has no customer' FROM search "
                "WHERE rowid NOT IN (SELECT search_rowid FROM customers)", problems);
  collect_rows (self,
                "SELECT 'customer ' || id || ' has a stale sort key' FROM customers "
                "WHERE anonymised = 0"
                " AND sort_key IS NOT clt_sort_key (given_name, family_name, display_name, company)",
                problems);
  collect_rows (self,
                "SELECT 'customer ' || id || ' is out of the book''s order' FROM"
                " (SELECT id, sort_key, lag (sort_key) OVER (ORDER BY search_rowid) AS previous"
                "  FROM customers WHERE anonymised = 0) WHERE previous > sort_key", problems);
  collect_rows (self,
                "SELECT 'customer ' || id || ' has no place in the book' FROM customers "
                "WHERE search_rowid <= 0 AND anonymised = 0", problems);

  return g_strv_builder_end (problems);
}

static gboolean
sync_path (const char *path,
           int         flags)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);

  return ok;
}

/* Writes the book's live pages (VACUUM INTO reads one snapshot, so other
 * programs may go on writing) to a temporary file beside @destination,
 * syncs it, then puts it in place: over whatever is there when @replace,
 * otherwise only when nothing is, with link(), so that two processes
 * writing the same copy never replace each other's (*written is then
 * FALSE). The folder is synced last, so that the new name survives a
 * power cut. */
gboolean
clt_store_write_copy (CltStore    *self,
                      const char  *destination,
                      gboolean     replace,
                      gboolean    *written,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *display = NULL;
  sqlite3_stmt *stmt = NULL;
  int saved_errno = 0;
  int fd;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  if (written != NULL)
    *written = FALSE;

  dir = g_path_get_dirname (destination);
  display = g_filename_display_name (destination);
  tmp = g_build_filename (dir, ".clientele-backup-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_autofree char *dir_display = g_filename_display_name (dir);

      saved_errno = errno;
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The backup cannot be written in “%s”: %s."), dir_display,
                   g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  /* VACUUM INTO accepts an empty file, which mkstemp() made private. */
  rc = sqlite3_prepare_v2 (self->db, "VACUUM INTO ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, tmp, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The backup could not be written (%s). Check the free space and try again."),
                   sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (!sync_path (tmp, O_RDONLY))
    {
      saved_errno = errno;
      g_unlink (tmp);
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The backup could not be saved as “%s”: %s."), display,
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (replace)
    {
      if (g_rename (tmp, destination) != 0)
        saved_errno = errno;
    }
  else
    {
      if (link (tmp, destination) == 0)
        {
          if (written != NULL)
            *written = TRUE;
        }
      else if (errno != EEXIST)
        saved_errno = errno;
      g_unlink (tmp);
    }

  if (saved_errno != 0)
    {
      g_unlink (tmp);
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The backup could not be saved as “%s”: %s."), display,
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (replace && written != NULL)
    *written = TRUE;

  sync_path (dir, O_RDONLY | O_DIRECTORY);
  return TRUE;
}

/**
 * clt_store_backup:
 * @destination: the file to write; replaced atomically when complete
 *
 * Writes a consistent copy of the book, live pages only, even while other
 * programs change it.
 */
gboolean
clt_store_backup (CltStore    *self,
                  const char  *destination,
                  GError     **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  return clt_store_write_copy (self, destination, TRUE, NULL, error);
}

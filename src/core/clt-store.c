/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clt-copy-vfs.h"
#include "clt-store-private.h"
#include "clt-text.h"
#include "clt-unnamed-file.h"

struct _CltStore
{
  GObject      parent_instance;

  char        *path;
  sqlite3     *db;
  GHashTable  *statements;   /* SQL text → sqlite3_stmt */
  GHashTable  *dirty;        /* customer ids to reindex at commit */
  GHashTable  *noted_words;  /* written to name_words by this transaction */
  guint        depth;        /* nested transactions */
  gboolean     bulk;         /* clt_store_set_bulk_writes() */
  gboolean     bulk_failed;  /* a write of the bulk transaction failed */
  gboolean     is_book;      /* recognised: SQLite's damage is the book's */
  gboolean     damaged;
  gboolean     check_before_write;
  gboolean     checked;      /* the quick check before a write is done */
  gboolean     verified;     /* a check read every page and found none damaged */
  gboolean     verifying;    /* clt_store_check_in_background() runs */
};

G_DEFINE_FINAL_TYPE (CltStore, clt_store, G_TYPE_OBJECT)

enum {
  CHANGED,
  DAMAGED,
  VERIFIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (clt-store-error-quark, clt_store_error)

/* The stores by connection, for the damage a cached statement reports
 * only when it is reset (clt_stmt_release()), after a caller that did not
 * look at the error. */
G_LOCK_DEFINE_STATIC (stores_by_db);
static GHashTable *stores_by_db;

/* The tables each schema version has: those of 1, then what 4, 5 and 11
 * added (2, 3 and 6 added columns). A book made before the application ID is
 * recognised by them. */
static const struct
{
  int         version;
  const char *table;
} book_tables[] = {
  { 1, "customers" }, { 1, "emails" }, { 1, "phones" }, { 1, "addresses" },
  { 1, "preferences" }, { 1, "notes" }, { 1, "interactions" }, { 1, "tags" },
  { 1, "customer_tags" }, { 1, "promises" }, { 1, "promise_postponements" },
  { 1, "search" }, { 4, "settings" }, { 4, "templates" }, { 4, "outbox" },
  { 5, "erasures" }, { 11, "phone_search" }, { 12, "sync_account" }, { 12, "sync_collections" },
  { 12, "sync_items" }, { 12, "sync_journal" }, { 12, "sync_applying" },
  { 13, "name_words" },
};

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

  /* 7: the outbox records when a send reached DATA (before any byte of the
   * message leaves), so that one cut off before it is retried and one cut
   * off after it waits for a person ("may have been sent"); a send left
   * "sending" by an older version may have got that far */
  "ALTER TABLE outbox ADD COLUMN data_at INTEGER;"
  "UPDATE outbox SET data_at = coalesce(first_try_at, created_at) WHERE state = 'sending';",

  /* 8: the week's birthdays found by index, not by reading every customer
   * (see clt-store-today.c); a book whose version was set back may still
   * have it */
  "CREATE INDEX IF NOT EXISTS customers_birthday_day ON customers (substr (birthday, -5))"
  "  WHERE birthday IS NOT NULL;",

  /* 9: a customer's preferences read in the page's order (see
   * PREFERENCE_ORDER in clt-store-details.c and the Remember card's), so
   * that the first twenty of 10,000 are read, not sorted from all of them */
  "CREATE INDEX IF NOT EXISTS preferences_order ON preferences"
  "  (customer_id, alert DESC, category IS NULL, category COLLATE NOCASE, position, id);",

  /* 10: a consent nobody gave. The new-customer dialog offered "None"
   * first and recorded it at the customer's creation, under its own title
   * ("Edit Customer", in French "Modifier le client") when no staff name
   * was known: those customers go back to the default (personal
   * follow-ups) with no record. A change a person made keeps its date, but
   * a dialog's title is not who made it: "not recorded". */
  "UPDATE customers SET email_consent = 1, consent_at = NULL, consent_source = NULL"
  "  WHERE email_consent = 0"
  "  AND consent_source IN ('Edit Customer', 'Modifier le client')"
  "  AND abs (consent_at - created_at) <= 2;"
  "UPDATE customers SET consent_source = NULL"
  "  WHERE consent_source IN ('Edit Customer', 'Modifier le client');",

  /* 11: phones found by any run of their digits through a trigram index
   * of their own (see clt-store-phone-index.c) rather than a token in the
   * search index for every run; the old tokens stay in the search rows
   * until each is next written, and find nothing the new index does not;
   * a book whose version was set back may have it already */
  "CREATE VIRTUAL TABLE IF NOT EXISTS phone_search USING fts5 ("
  "  digits, tokenize = 'trigram', detail = none"
  ");"
  "DELETE FROM phone_search;"
  "INSERT INTO phone_search (rowid, digits)"
  "  SELECT c.search_rowid, group_concat (clt_phone_index_tokens (p.number), ' ')"
  "  FROM customers c JOIN phones p ON p.customer_id = c.id"
  "  WHERE c.search_rowid > 0 GROUP BY c.id;",

  /* 12: several desks, one book (see clt-store-sync.c) — a stable random
   * id for every element a customer's card shares (its key on the server:
   * "email/ID") and for every promise and logged contact (their UID); the
   * desk id; the server's account (no password) and collections; the
   * version of each object both sides last agreed on; the journal of
   * local changes, which triggers write only once an account is set up.
   * An element's id is random (64 bits: unique in its table) and looked
   * up among its customer's, whose card it is a key of: no index, which
   * would cost an import of 10,000 customers 5 % */
  "ALTER TABLE emails ADD COLUMN uid TEXT;"
  "ALTER TABLE phones ADD COLUMN uid TEXT;"
  "ALTER TABLE addresses ADD COLUMN uid TEXT;"
  "ALTER TABLE preferences ADD COLUMN uid TEXT;"
  "ALTER TABLE notes ADD COLUMN uid TEXT;"
  "ALTER TABLE promises ADD COLUMN uid TEXT;"
  "ALTER TABLE interactions ADD COLUMN uid TEXT;"
  "UPDATE emails SET uid = " CLT_SQL_NEW_ELEMENT_UID ";"
  "UPDATE phones SET uid = " CLT_SQL_NEW_ELEMENT_UID ";"
  "UPDATE addresses SET uid = " CLT_SQL_NEW_ELEMENT_UID ";"
  "UPDATE preferences SET uid = " CLT_SQL_NEW_ELEMENT_UID ";"
  "UPDATE notes SET uid = " CLT_SQL_NEW_ELEMENT_UID ";"
  "UPDATE promises SET uid = " CLT_SQL_NEW_UUID ";"
  "UPDATE interactions SET uid = " CLT_SQL_NEW_UUID ";"
  "CREATE UNIQUE INDEX promises_uid ON promises (uid);"
  "CREATE UNIQUE INDEX interactions_uid ON interactions (uid);"
  "INSERT OR IGNORE INTO settings (key, value) VALUES ('sync-desk', " CLT_SQL_NEW_ELEMENT_UID ");"
  "CREATE TABLE sync_account ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  url TEXT NOT NULL CHECK (length(url) > 0),"
  "  user TEXT,"
  "  created_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE sync_collections ("
  "  kind INTEGER PRIMARY KEY,"
  "  href TEXT,"
  "  token TEXT"
  ");"
  "CREATE TABLE sync_items ("
  "  kind INTEGER NOT NULL,"
  "  uid TEXT NOT NULL,"
  "  href TEXT,"
  "  etag TEXT,"
  "  base BLOB,"
  "  PRIMARY KEY (kind, uid)"
  ") WITHOUT ROWID;"
  "CREATE UNIQUE INDEX sync_items_href ON sync_items (kind, href);"
  "CREATE TABLE sync_journal ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind INTEGER NOT NULL,"
  "  uid TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  changed INTEGER NOT NULL"
  ");"
  "CREATE INDEX sync_journal_object ON sync_journal (kind, uid, seq);"
  /* A row here, only ever inside the transaction that applies what came
   * from the server, tells the triggers not to journal it. */
  "CREATE TABLE sync_applying (applying INTEGER);",

  /* 13: the search index holds folded text (clt_text_fold_for_search():
   * "oeuvray" for "Œuvray", "muller mueller" for "Müller"); the rows are
   * written again in the background, a batch at a time, from the customer
   * id this setting holds (clt-store-refold.c), the old rows answering
   * meanwhile; a book with no customer has none to write */
  "INSERT OR REPLACE INTO settings (key, value) SELECT 'search-refold-from', '0'"
  "  WHERE EXISTS (SELECT 1 FROM customers);",
  /* 14: the folded words of the names, each once, for close matches
   * (see clt-search-typos.c); filled here from the names of the book, in
   * well under a second at 100,000 customers (notes/typos.md); a book
   * whose version was set back may have it already */
  "CREATE TABLE IF NOT EXISTS name_words (word TEXT PRIMARY KEY) WITHOUT ROWID;"
  CLT_STORE_NAME_WORDS_FILL ";",
  /* 15: a search lists first those seen today (see clt-search-desk.c) */
  "CREATE INDEX IF NOT EXISTS customers_last_contact ON customers (last_contact_at);",
};

static void
set_damaged_error (CltStore  *self,
                   GError   **error)
{
  g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED,
               _("The customer book “%s” is damaged, and nothing more is saved in it. "
                 "Restore a copy from a backup."), self->path);
}

/**
 * clt_store_has_book_tables:
 * @db: a connection
 * @version: a schema version, 1 to CLT_STORE_SCHEMA_VERSION
 *
 * Returns: whether @db has every table of a book of @version; FALSE
 *   (SQLite's error left in @db) when its schema cannot be read
 */
gboolean
clt_store_has_book_tables (sqlite3 *db,
                           int      version)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found;

  found = version >= 1 &&
          sqlite3_prepare_v2 (db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                              -1, &stmt, NULL) == SQLITE_OK;
  for (guint i = 0; found && i < G_N_ELEMENTS (book_tables); i++)
    {
      if (book_tables[i].version > version)
        continue;
      sqlite3_bind_text (stmt, 1, book_tables[i].table, -1, SQLITE_STATIC);
      found = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);

  return found;
}

static gboolean
is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

void
clt_store_set_error (CltStore  *self,
                     int        rc,
                     GError   **error)
{
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  /* A book is read-only once damaged (PRAGMA query_only). */
  if (self->damaged && (rc & 0xff) == SQLITE_READONLY)
    {
      set_damaged_error (self, error);
      return;
    }

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      if (self->is_book)
        {
          clt_store_mark_damaged (self);
          set_damaged_error (self, error);
          break;
        }
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

void
clt_stmt_release (CltStmt *stmt)
{
  int rc = sqlite3_reset (stmt);

  sqlite3_clear_bindings (stmt);

  if (is_damage (rc))
    {
      g_autoptr(CltStore) store = NULL;

      G_LOCK (stores_by_db);
      if (stores_by_db != NULL)
        store = g_hash_table_lookup (stores_by_db, sqlite3_db_handle (stmt));
      if (store != NULL)
        g_object_ref (store);
      G_UNLOCK (stores_by_db);

      if (store != NULL)
        clt_store_mark_damaged (store);
    }
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
  gint64        customer_id;
  CltDirty      parts;
  CltSearchRow *row;          /* made by the import, or NULL */
} DirtyEntry;

typedef struct
{
  gint64        search_rowid;
  gint64        customer_id;
  CltDirty      parts;
  CltSearchRow *row;
} DirtyCustomer;

static void
dirty_entry_free (gpointer data)
{
  DirtyEntry *entry = data;

  clt_search_row_free (entry->row);
  g_free (entry);
}

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
      DirtyEntry *entry = key;
      DirtyCustomer dirty = { 0, entry->customer_id, entry->parts, entry->row };

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, dirty.customer_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        dirty.search_rowid = sqlite3_column_int64 (stmt, 0);
      else if (dirty.row != NULL)
        continue; /* deleted: they have no search row to write */
      g_array_append_val (order, dirty);
    }

  g_array_sort (order, dirty_compare);

  for (guint i = 0; i < order->len; i++)
    {
      DirtyCustomer *dirty = &g_array_index (order, DirtyCustomer, i);

      if (dirty->row != NULL
          ? !clt_store_index_new_row (self, dirty->search_rowid, dirty->row, error)
          : !clt_store_reindex_parts (self, dirty->customer_id, dirty->parts, error))
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

/* Reads one number (a PRAGMA, a count); FALSE with SQLite's error left
 * in the connection when it cannot. */
static gboolean
read_int (CltStore   *self,
          const char *sql,
          gint64     *value)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  ok = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK &&
       sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *value = sqlite3_column_int64 (stmt, 0);
  /* Keeps the step's error for sqlite3_errcode(). */
  if (stmt != NULL && !ok)
    sqlite3_reset (stmt);
  sqlite3_finalize (stmt);

  return ok;
}

/* Up to this size, the quick check before a command's first write costs
 * under 0.1 s (0.28 s for the 130 MB of 100,000 customers, where a write
 * is 0.05 s): a larger book relies on the window's check and on `check`. */
#define QUICK_CHECK_MAX_BYTES (32 * 1024 * 1024)

/* A check read every page of the book and found none damaged. */
static void
set_verified (CltStore *self)
{
  if (self->verified || self->damaged)
    return;

  self->verified = TRUE;
  g_signal_emit (self, signals[VERIFIED], 0);
}

/* SQLite's quick check, once per connection: every page read, the
 * indexes not compared with their tables. */
static gboolean
check_quick (CltStore  *self,
             GError   **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 page_count = 0;
  gint64 page_size = 0;
  gboolean sound;
  int rc;

  if (read_int (self, "PRAGMA page_count", &page_count) &&
      read_int (self, "PRAGMA page_size", &page_size) &&
      page_count * page_size > QUICK_CHECK_MAX_BYTES)
    {
      self->checked = TRUE;
      return TRUE;
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sound = rc == SQLITE_ROW && g_strcmp0 (clt_column_text (stmt, 0), "ok") == 0;
  if (rc == SQLITE_ROW)
    rc = SQLITE_OK;
  else
    rc = sqlite3_errcode (self->db);
  sqlite3_finalize (stmt);

  if (sound)
    {
      self->checked = TRUE;
      set_verified (self);
      return TRUE;
    }

  if (rc == SQLITE_OK || is_damage (rc))
    {
      clt_store_mark_damaged (self);
      set_damaged_error (self, error);
    }
  else
    {
      clt_store_set_error (self, rc, error);
    }
  return FALSE;
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
      if (self->check_before_write && !self->checked && !check_quick (self, error))
        return FALSE;
      if (self->damaged)
        {
          set_damaged_error (self, error);
          return FALSE;
        }
      if (!clt_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else if (!self->bulk)
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

      /* Without its savepoints, a bulk transaction is whole or nothing. */
      if (ok && self->bulk_failed)
        {
          g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                               _("A change could not be written, so none was. Try again."));
          ok = FALSE;
        }
      self->bulk_failed = FALSE;

      if (ok && !flush_dirty (self, error))
        ok = FALSE;

      if (ok && !clt_store_exec (self, "COMMIT", error))
        ok = FALSE;

      if (!ok)
        sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);

      self->depth = 0;
      dirty = g_steal_pointer (&self->dirty);
      self->dirty = g_hash_table_new_full (g_int64_hash, g_int64_equal, dirty_entry_free, NULL);
      g_hash_table_remove_all (self->noted_words);

      if (ok)
        emit_changed (self, dirty);

      return ok;
    }

  self->depth--;
  if (self->bulk)
    {
      self->bulk_failed |= !ok;
      return ok;
    }
  if (ok)
    {
      sql = g_strdup_printf ("RELEASE clt_%u", self->depth);
      return exec_prepared (self, sql, error);
    }

  /* What the savepoint wrote to name_words is gone: forget it all. */
  g_hash_table_remove_all (self->noted_words);
  sql = g_strdup_printf ("ROLLBACK TO clt_%u; RELEASE clt_%u", self->depth, self->depth);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  return FALSE;
}

/* The words the transaction under way has written to name_words: a
 * customer's name words are written when their search row is, and an
 * import of 100,000 customers has only a few thousand different ones. */
GHashTable *
clt_store_get_noted_words (CltStore *self)
{
  return self->noted_words;
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
      entry = g_new0 (DirtyEntry, 1);
      entry->customer_id = customer_id;
      g_hash_table_add (self->dirty, entry);
    }
  entry->parts |= parts;
  /* Made before this change, the row would miss it. */
  g_clear_pointer (&entry->row, clt_search_row_free);
}

/**
 * clt_store_set_new_search_row:
 * @row: (transfer full): the customer's search row
 *
 * Gives the customer added in this transaction the search row the caller
 * made of what it wrote (clt_store_index_new_row()), to be written at
 * commit instead of one read back from the book. Any later change to the
 * customer drops it.
 */
void
clt_store_set_new_search_row (CltStore     *self,
                              gint64        customer_id,
                              CltSearchRow *row)
{
  DirtyEntry *entry = g_hash_table_lookup (self->dirty, &customer_id);

  if (entry == NULL || (entry->parts & CLT_DIRTY_NEW) == 0 || (entry->parts & CLT_DIRTY_ANY) != 0)
    {
      clt_search_row_free (row);
      return;
    }

  clt_search_row_free (entry->row);
  entry->row = row;
}
static void
clt_store_dispose (GObject *object)
{
  CltStore *self = (CltStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);

  if (self->db != NULL)
    {
      G_LOCK (stores_by_db);
      if (stores_by_db != NULL)
        g_hash_table_remove (stores_by_db, self->db);
      G_UNLOCK (stores_by_db);
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
  g_clear_pointer (&self->noted_words, g_hash_table_unref);
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

  /**
   * CltStore::damaged:
   *
   * Emitted, once, when SQLite finds the book damaged: from then on it is
   * read-only. Emitted in the thread using the store, maybe in the middle
   * of a query: a handler should only take note, and act from an idle.
   */
  signals[DAMAGED] =
    g_signal_new ("damaged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * CltStore::verified:
   *
   * Emitted, once, when a check that read every page found the book sound
   * (clt_store_is_verified()), in the thread that made the check or, for
   * clt_store_check_in_background(), in the main context.
   */
  signals[VERIFIED] =
    g_signal_new ("verified", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
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
  self->dirty = g_hash_table_new_full (g_int64_hash, g_int64_equal, dirty_entry_free, NULL);
  self->noted_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
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

static guint32
read_be32 (const guint8 *bytes)
{
  return (guint32) bytes[0] << 24 | (guint32) bytes[1] << 16 | (guint32) bytes[2] << 8 | bytes[3];
}

/* Reads the start of the file at @path through SQLite's own file layer:
 * a close() of our own would drop the POSIX locks that this process's
 * connections hold on the book (a second open in the same process: the
 * window's background check or daily copy), and another program would then
 * take itself for the book's last user and reset its WAL under them. SQLite
 * keeps such a file open until those connections close. Returns the bytes
 * read, or -1 with errno set. */
gssize
clt_store_read_file_start (const char *path,
                           guint8     *buffer,
                           gsize       size)
{
  sqlite3_vfs *vfs = sqlite3_vfs_find (NULL);
  g_autofree sqlite3_file *file = g_malloc0 (vfs->szOsFile);
  /* A file name as SQLite passes it: followed by an empty list of URI
   * parameters, which the file layer may look at. */
  g_autofree char *name = g_malloc0 (vfs->mxPathname + 4);
  sqlite3_int64 file_size = 0;
  gssize n;
  int rc;

  /* As SQLite opens it: the full name, symbolic links followed
   * (SQLITE_OK_SYMLINK says one was). */
  errno = 0;
  if ((vfs->xFullPathname (vfs, path, vfs->mxPathname + 1, name) & 0xff) != SQLITE_OK)
    {
      if (errno == 0)
        errno = ENAMETOOLONG;
      return -1;
    }
  rc = vfs->xOpen (vfs, name, file, SQLITE_OPEN_READONLY | SQLITE_OPEN_MAIN_DB, NULL);
  if (rc != SQLITE_OK)
    {
      if (errno == 0)
        errno = EIO;
      return -1;
    }

  if (file->pMethods->xFileSize (file, &file_size) != SQLITE_OK)
    file_size = 0;
  n = (gssize) MIN ((sqlite3_int64) size, file_size);
  if (n > 0 && file->pMethods->xRead (file, buffer, (int) n, 0) != SQLITE_OK)
    {
      file->pMethods->xClose (file);
      errno = EIO;
      return -1;
    }
  file->pMethods->xClose (file);

  return n;
}

/* Looks at the file before SQLite does, so that a file which is not a
 * database, or which this user may not write, is refused untouched.
 * *looks_like_book says whether its header is a book's (the application
 * ID, or none and a schema version this program knows): SQLite's damage
 * is then a damaged book, not another kind of file. */
static gboolean
check_existing_file (const char  *path,
                     gboolean    *is_new,
                     gboolean    *looks_like_book,
                     GError     **error)
{
  static const char header[16] = "SQLite format 3";
  struct stat st;
  guint8 buffer[100];
  gssize n;

  *is_new = FALSE;
  *looks_like_book = FALSE;

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

  n = clt_store_read_file_start (path, buffer, sizeof buffer);
  if (n < 0)
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_READ_ONLY,
                   _("The customer book “%s” cannot be read: %s. Check the file’s permissions."),
                   path, g_strerror (errno));
      return FALSE;
    }

  if (n == 0)
    {
      *is_new = TRUE;
    }
  else if (n < (ssize_t) sizeof header || memcmp (buffer, header, sizeof header) != 0)
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Clientele customer book, or it is damaged. "
                     "Restore it from a backup."), path);
      return FALSE;
    }

  else if (n == sizeof buffer)
    {
      guint32 version = read_be32 (buffer + 60);
      guint32 application_id = read_be32 (buffer + 68);

      *looks_like_book = application_id == CLT_STORE_APPLICATION_ID ||
                         (application_id == 0 && version >= 1 && version <= G_N_ELEMENTS (migrations));
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

  return TRUE;
}

/* A book is private: readable by its owner only. Done once the file is
 * known to be one: another program's file is left as it was, its mode
 * included. */
static void
make_private (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && (st.st_mode & 0077) != 0)
    g_chmod (path, st.st_mode & 0700);
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
  gint64 version = -1;

  if (!read_int (self, "PRAGMA user_version", &version))
    return -1;
  return (int) version;
}

typedef enum
{
  BOOK_NEW,         /* no table yet: made into a book */
  BOOK_STAMPED,     /* has the application ID */
  BOOK_UNSTAMPED,   /* made before the application ID: stamped now */
} BookKind;

/* Decides, before anything is written, whether the file is a book; another
 * program's database, or a newer book, is refused as it is. */
static gboolean
recognise_book (CltStore  *self,
                BookKind  *kind,
                int       *version,
                GError   **error)
{
  gint64 application_id = 0;
  gint64 user_version = 0;
  gint64 n_tables = 0;

  if (!read_int (self, "PRAGMA application_id", &application_id) ||
      !read_int (self, "PRAGMA user_version", &user_version) ||
      !read_int (self, "SELECT count(*) FROM sqlite_schema", &n_tables))
    {
      clt_store_set_error (self, sqlite3_errcode (self->db), error);
      return FALSE;
    }

  *version = (int) user_version;

  if ((guint32) application_id == CLT_STORE_APPLICATION_ID)
    *kind = BOOK_STAMPED;
  else if (application_id == 0 && user_version == 0 && n_tables == 0)
    /* A new file, or one whose creation was cut short. */
    *kind = BOOK_NEW;
  else if (application_id == 0 &&
           clt_store_has_book_tables (self->db, (int) CLAMP (user_version, 0, (gint64) G_N_ELEMENTS (migrations))))
    *kind = BOOK_UNSTAMPED;
  else
    {
      if (is_damage (sqlite3_errcode (self->db)))
        {
          clt_store_set_error (self, sqlite3_errcode (self->db), error);
          return FALSE;
        }
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FOREIGN,
                   _("“%s” is a database of another program, not a Clientele customer book. "
                     "It was left as it is."), self->path);
      return FALSE;
    }

  if (user_version > (gint64) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_TOO_NEW,
                   _("The customer book “%s” was written by a newer version of Clientele. "
                     "Update Clientele to open it."), self->path);
      return FALSE;
    }

  return TRUE;
}

#define STAMP_SQL "PRAGMA application_id = " G_STRINGIFY (CLT_STORE_APPLICATION_ID)

/* Each step stamps the book too: a new book is never left with tables
 * and no stamp. */
static gboolean
migrate (CltStore  *self,
         int        from,
         gboolean   stamp,
         GError   **error)
{
  for (int version = from; version < (int) G_N_ELEMENTS (migrations); version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!clt_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      if (!clt_store_exec (self, migrations[version], error) ||
          !clt_store_exec (self, bump, error) ||
          !clt_store_exec (self, STAMP_SQL, error) ||
          !clt_store_exec (self, "COMMIT", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      stamp = FALSE;
    }

  return !stamp || clt_store_exec (self, STAMP_SQL, error);
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
  BookKind kind;
  int version;
  int rc;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (CLT_TYPE_STORE, NULL);
  self->path = path ? g_strdup (path) : clt_store_default_path ();

  if (!check_existing_file (self->path, &is_new, &self->is_book, error))
    return NULL;

  if (is_new && !create_file (self->path, error))
    return NULL;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        clt_copy_vfs_get_name ());
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
  sqlite3_create_function_v2 (self->db, "clt_phone_index_tokens", 1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, clt_store_phone_tokens_function, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->db, "clt_name_words", -1,
                              SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                              NULL, NULL, clt_store_name_words_step, clt_store_name_words_final, NULL);
  sqlite3_create_function_v2 (self->db, "clt_put_in_order", 0, SQLITE_UTF8 | SQLITE_DIRECTONLY,
                              self, clt_store_put_in_order_function, NULL, NULL, NULL);

  /* The verdict comes before anything is written, the journal mode
   * included: another program's file is left as it was. */
  if (!recognise_book (self, &kind, &version, error))
    return NULL;
  self->is_book = TRUE;
  make_private (self->path);

  G_LOCK (stores_by_db);
  if (stores_by_db == NULL)
    stores_by_db = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (stores_by_db, self->db, self);
  G_UNLOCK (stores_by_db);

  if (!clt_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !clt_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !clt_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !clt_store_exec (self, "PRAGMA temp_store = MEMORY", error) ||
      !clt_store_exec (self, "PRAGMA cache_size = -16384", error))
    return NULL;

  if (!migrate (self, version, kind != BOOK_STAMPED, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
clt_store_get_path (CltStore *self)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return self->path;
}

char *
clt_store_dup_lock_path (CltStore   *self,
                         const char *what)
{
  const char *file;
  char *real;
  char *lock_path;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (what != NULL, NULL);

  /* The file SQLite opened (absolute), then any symbolic link resolved:
   * the lock follows the book, not the path it was opened by. */
  file = sqlite3_db_filename (self->db, "main");
  if (file == NULL || *file == '\0')
    file = self->path;

  real = realpath (file, NULL);
  if (real == NULL)
    return g_strdup_printf ("%s-%s.lock", file, what);

  lock_path = g_strdup_printf ("%s-%s.lock", real, what);
  free (real);
  return lock_path;
}

/**
 * clt_store_set_busy_timeout:
 * @milliseconds: how long a statement waits for another program's write
 *   to end before failing with %CLT_STORE_ERROR_BUSY
 *
 * Five seconds when opened, as a command waits; the window waits less than
 * a frame and tries again from its main loop (src/gui/clt-write.c).
 */
void
clt_store_set_busy_timeout (CltStore *self,
                            guint     milliseconds)
{
  g_return_if_fail (CLT_IS_STORE (self));

  sqlite3_busy_timeout (self->db, (int) MIN (milliseconds, G_MAXINT));
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

/**
 * clt_store_set_bulk_writes:
 *
 * For a transaction that writes a whole file's worth of customers (an
 * import), which the caller undoes as a whole if any write fails:
 * - a page cache of 64 MiB instead of SQLite's 2 MiB, so that the indexes'
 *   pages are not written out and read back over and over while the
 *   transaction grows (at 100,000 customers: 0.86 of the time, and a third
 *   of the system time); memory stays bounded, whatever the file's size;
 * - no savepoint for each customer: a write that fails fails the
 *   transaction (clt_store_commit() then refuses);
 * - no check by SQLite, at each row, that its customer exists: the caller
 *   writes a customer's rows just after the customer (the foreign key check
 *   of clt_store_check_integrity() still looks at them).
 * Set before clt_store_begin(), and off again after the commit or the
 * rollback, when the cache is trimmed back. Inside a transaction already
 * begun, SQLite's checks stay on.
 */
void
clt_store_set_bulk_writes (CltStore *self,
                           gboolean  bulk)
{
  g_return_if_fail (CLT_IS_STORE (self));

  self->bulk = bulk;
  if (!clt_store_exec (self, bulk ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -2000", NULL))
    g_debug ("Could not change the page cache's size");
  if (!clt_store_exec (self, bulk ? "PRAGMA foreign_keys = OFF" : "PRAGMA foreign_keys = ON", NULL))
    g_debug ("Could not change the foreign key checks");
  if (!bulk)
    sqlite3_db_release_memory (self->db);
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

/* Adds the rows of @sql that are not "ok" to @problems; returns FALSE
 * when SQLite found damage (in the rows of an integrity check when
 * @damage_rows, or as an error). */
static gboolean
collect_rows (CltStore     *self,
              const char   *sql,
              gboolean      damage_rows,
              GStrvBuilder *problems)
{
  sqlite3_stmt *stmt = NULL;
  gboolean sound = TRUE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_strv_builder_add (problems, sqlite3_errmsg (self->db));
      return !is_damage (rc);
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
        {
          g_strv_builder_add (problems, row->str);
          sound = sound && !damage_rows;
        }
      g_string_free (row, TRUE);
    }

  if (rc != SQLITE_DONE)
    {
      g_strv_builder_add (problems, sqlite3_errmsg (self->db));
      /* The search index's check reports its damage as an error. */
      sound = sound && !is_damage (rc) && !(damage_rows && (rc & 0xff) == SQLITE_CORRUPT);
    }

  sqlite3_finalize (stmt);
  return sound;
}

/* The search index's own check is an INSERT: it would hold the book's
 * write lock for seconds, which a check in the background must not. */
static char **
check_integrity (CltStore *self,
                 gboolean  search_index)
{
  g_autoptr(GStrvBuilder) problems = g_strv_builder_new ();
  gboolean sound;

  /* Only SQLite's own findings are damage; a stale derived column is not. */
  sound = collect_rows (self, "PRAGMA integrity_check", TRUE, problems);
  sound &= collect_rows (self, "PRAGMA foreign_key_check", FALSE, problems);
  if (search_index && !self->damaged)
    {
      sound &= collect_rows (self, "INSERT INTO search (search, rank) VALUES ('integrity-check', 1)",
                             TRUE, problems);
      sound &= collect_rows (self, "INSERT INTO phone_search (phone_search, rank) VALUES ('integrity-check', 1)",
                             TRUE, problems);
    }
  sound &= collect_rows (self,
                         "SELECT 'customer ' || id || ' has no search entry' FROM customers "
                         "WHERE search_rowid NOT IN (SELECT rowid FROM search)", FALSE, problems);
  sound &= collect_rows (self,
                         "SELECT 'search entry ' || rowid || ' has no customer' FROM search "
                         "WHERE rowid NOT IN (SELECT search_rowid FROM customers)", FALSE, problems);
  sound &= collect_rows (self,
                         "SELECT 'customer ' || id || ' has a stale sort key' FROM customers "
                         "WHERE anonymised = 0"
                         " AND sort_key IS NOT clt_sort_key (given_name, family_name, display_name, company)",
                         FALSE, problems);
  sound &= collect_rows (self,
                         "SELECT 'customer ' || id || ' is out of the book''s order' FROM"
                         " (SELECT id, sort_key, lag (sort_key) OVER (ORDER BY search_rowid) AS previous"
                         "  FROM customers WHERE anonymised = 0) WHERE previous > sort_key", FALSE, problems);
  sound &= collect_rows (self,
                         "SELECT 'customer ' || id || ' has no place in the book' FROM customers "
                         "WHERE search_rowid <= 0 AND anonymised = 0", FALSE, problems);

  if (!sound)
    clt_store_mark_damaged (self);
  else if (!self->damaged)
    set_verified (self);

  return g_strv_builder_end (problems);
}

/**
 * clt_store_check_integrity:
 *
 * Runs SQLite's integrity check, the foreign key check and the search
 * index's own check (not on a book known damaged: it writes). Damage
 * SQLite finds marks the store damaged (clt_store_mark_damaged()).
 *
 * Returns: (transfer full): the problems found, an empty array when none
 */
char **
clt_store_check_integrity (CltStore  *self,
                           GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return check_integrity (self, TRUE);
}

typedef struct
{
  char     *path;
  gboolean  damaged;   /* the thread's verdict */
} CheckData;

static void
check_data_free (CheckData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
check_integrity_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  CheckData *data = task_data;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char **problems;

  store = clt_store_open (data->path, &error);
  if (store == NULL)
    {
      /* Damage met while opening it again is the verdict too. */
      data->damaged = g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  problems = check_integrity (store, FALSE);
  data->damaged = clt_store_is_damaged (store);
  g_task_return_pointer (task, problems, (GDestroyNotify) g_strfreev);
}

void
clt_store_check_integrity_async (CltStore            *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CheckData *data;

  g_return_if_fail (CLT_IS_STORE (self));

  data = g_new0 (CheckData, 1);
  data->path = g_strdup (self->path);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_store_check_integrity_async);
  g_task_set_task_data (task, data, (GDestroyNotify) check_data_free);
  g_task_run_in_thread (task, check_integrity_thread);
}

char **
clt_store_check_integrity_finish (CltStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (((CheckData *) g_task_get_task_data (G_TASK (result)))->damaged)
    clt_store_mark_damaged (self);
  else if (!g_task_had_error (G_TASK (result)))
    set_verified (self);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A check that could not run (the book out of reach a moment) is tried
 * again this much later: what waits for its verdict would wait forever. */
#define VERIFY_RETRY_SECONDS 5

static gboolean
verify_again_cb (gpointer user_data)
{
  clt_store_check_in_background (user_data);

  return G_SOURCE_REMOVE;
}

static void
verified_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CltStore *self = CLT_STORE (object);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;

  self->verifying = FALSE;
  /* Damage found marks the store; the rest (a stale sort key…) is for
   * `clientele-cli check`. */
  problems = clt_store_check_integrity_finish (self, result, &error);
  if (problems == NULL)
    {
      g_debug ("%s was not checked: %s", self->path, error->message);
      if (!self->damaged)
        g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, VERIFY_RETRY_SECONDS, verify_again_cb,
                                    g_object_ref (self), g_object_unref);
      return;
    }

  for (guint i = 0; problems[i] != NULL; i++)
    g_debug ("Check of %s: %s", self->path, problems[i]);
}

/**
 * clt_store_check_in_background:
 * @self: a store
 *
 * Checks the book in a thread (clt_store_check_integrity_async()), once
 * for this store: nothing is done when a check runs, or when one found
 * the book sound or damaged. The verdict is #CltStore::verified or
 * #CltStore::damaged. What writes into the book unasked (reminders
 * recorded as fired, the outbox's and the sync's rounds) waits for it:
 * damage that no query met yet is not written over.
 */
void
clt_store_check_in_background (CltStore *self)
{
  g_return_if_fail (CLT_IS_STORE (self));

  if (self->verifying || self->verified || self->damaged)
    return;

  self->verifying = TRUE;
  clt_store_check_integrity_async (self, NULL, verified_cb, NULL);
}

/**
 * clt_store_is_verified:
 * @self: a store
 *
 * Returns: whether a check that read every page of the book (in the
 * background, by `check`, or before a command's first write) found it
 * sound, and nothing found it damaged since
 */
gboolean
clt_store_is_verified (CltStore *self)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return self->verified && !self->damaged;
}

gboolean
clt_store_is_damaged (CltStore *self)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return self->damaged;
}

/**
 * clt_store_mark_damaged:
 * @self: a store
 *
 * Takes note that the book is damaged: it becomes read-only, and
 * #CltStore::damaged is emitted the first time.
 */
void
clt_store_mark_damaged (CltStore *self)
{
  g_return_if_fail (CLT_IS_STORE (self));

  if (self->damaged)
    return;

  self->damaged = TRUE;
  /* Writing into a damaged book spreads the damage. */
  if (self->db != NULL)
    sqlite3_exec (self->db, "PRAGMA query_only = 1", NULL, NULL, NULL);
  g_signal_emit (self, signals[DAMAGED], 0);
}

void
clt_store_set_check_before_write (CltStore *self,
                                  gboolean  check)
{
  g_return_if_fail (CLT_IS_STORE (self));

  self->check_before_write = !!check;
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

#define COPY_TEMP_PREFIX ".clientele-backup-"

/* Writes the book's live pages (VACUUM INTO reads one snapshot, so other
 * programs may go on writing) to an unnamed file in @destination's folder
 * (clt-copy-vfs.c: a copy killed half-way leaves nothing), or, where the
 * file system has none, a hidden temporary file. The copy is synced, then
 * put in place: over whatever is there when @replace, otherwise only when
 * nothing is, so that two processes writing the same copy never replace
 * each other's (*written is then FALSE). The folder is synced last, so
 * that the new name survives a power cut. */
gboolean
clt_store_write_copy (CltStore    *self,
                      const char  *destination,
                      gboolean     replace,
                      gboolean    *written,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *unnamed = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *display = NULL;
  gboolean is_written = FALSE;
  sqlite3_stmt *stmt = NULL;
  int saved_errno = 0;
  int fd;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  if (written != NULL)
    *written = FALSE;

  /* SQLite cannot read all of it: a copy would be damaged, or short. */
  if (self->damaged)
    {
      set_damaged_error (self, error);
      return FALSE;
    }

  dir = g_path_get_dirname (destination);
  display = g_filename_display_name (destination);
  fd = clt_unnamed_file_create (dir, COPY_TEMP_PREFIX, &tmp);
  if (fd < 0)
    {
      g_autofree char *dir_display = g_filename_display_name (dir);

      saved_errno = errno;
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The backup cannot be written in “%s”: %s."), dir_display,
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (tmp == NULL)
    unnamed = clt_copy_vfs_add (dir, fd);

  /* VACUUM INTO accepts an empty file, which is private. */
  rc = sqlite3_prepare_v2 (self->db, "VACUUM INTO ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, unnamed != NULL ? unnamed : tmp, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (unnamed != NULL)
    clt_copy_vfs_forget (unnamed);
  if (rc != SQLITE_OK)
    {
      if (is_damage (rc))
        clt_store_set_error (self, rc, error);
      else
        g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                     _("The backup could not be written (%s). Check the free space and try again."),
                     sqlite3_errmsg (self->db));
      sqlite3_finalize (stmt);
      if (tmp != NULL)
        g_unlink (tmp);
      close (fd);
      return FALSE;
    }
  sqlite3_finalize (stmt);

  if (fsync (fd) == 0)
    saved_errno = clt_unnamed_file_place (fd, tmp, COPY_TEMP_PREFIX, destination, replace, &is_written);
  else
    saved_errno = errno;
  if (saved_errno != 0 && tmp != NULL)
    g_unlink (tmp);
  close (fd);

  if (saved_errno != 0)
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FAILED,
                   _("The backup could not be saved as “%s”: %s."), display,
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (written != NULL)
    *written = is_written;

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

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-store-private.h"
#include "clt-store-sync.h"

/*
 * The book's side of sharing it between desks: the stable ids of what is
 * shared, the state of each object on the server (sync_items, with the
 * version both sides last agreed on), and the journal of local changes.
 *
 * The journal is written by triggers, so that no path that changes the
 * book (the window, the command line, an import, an undo) can forget it,
 * and in the same transaction as the change. They exist only while an
 * account is set up: a book that is not shared pays nothing. A row in
 * sync_applying, only ever inside the transaction that applies what came
 * from the server, keeps them quiet. The journal says which key changed
 * and when (µs, UTC; SQLite's clock has milliseconds); the values are read
 * from the book itself when the object is pushed.
 */

#define DESK_KEY "sync-desk"

/* Keys that are not fields: the object was made, deleted or restored
 * (STATE_KEY), or erased or anonymised (ERASED_KEY). */
#define STATE_KEY  "@state"
#define ERASED_KEY "@erased"

#define NOW_US "(CAST (round ((julianday ('now') - 2440587.5) * 86400000.0) AS INTEGER) * 1000)"
#define QUIET  "NOT EXISTS (SELECT 1 FROM sync_applying)"
#define JOURNAL "INSERT INTO sync_journal (kind, uid, key, changed) "

/* The elements of a customer's card: table, key prefix, the columns
 * shared, and whether one of them changed. */
static const struct
{
  const char *table;
  const char *prefix;
  const char *columns;
  const char *changed;
} elements[] = {
  { "emails", "email", "label, address",
    "OLD.label IS NOT NEW.label OR OLD.address IS NOT NEW.address" },
  { "phones", "phone", "label, number",
    "OLD.label IS NOT NEW.label OR OLD.number IS NOT NEW.number" },
  { "addresses", "address", "label, text",
    "OLD.label IS NOT NEW.label OR OLD.text IS NOT NEW.text" },
  { "preferences", "preference", "category, text, alert, sensitive",
    "OLD.category IS NOT NEW.category OR OLD.text IS NOT NEW.text"
    " OR OLD.alert IS NOT NEW.alert OR OLD.sensitive IS NOT NEW.sensitive" },
  { "notes", "note", "text, author, pinned, created_at",
    "OLD.text IS NOT NEW.text OR OLD.author IS NOT NEW.author"
    " OR OLD.pinned IS NOT NEW.pinned OR OLD.created_at IS NOT NEW.created_at" },
};

/* %1$s table, %2$s prefix, %3$s columns, %4$s changed. An element of an
 * erased customer leaves no trace in the journal. */
#define ELEMENT_TRIGGERS \
  "CREATE TRIGGER IF NOT EXISTS sync_%1$s_insert AFTER INSERT ON %1$s WHEN " QUIET " BEGIN " \
  JOURNAL "SELECT 0, c.uid, '%2$s/' || NEW.uid, " NOW_US " FROM customers c" \
  " WHERE c.id = NEW.customer_id AND c.anonymised = 0 AND NEW.uid IS NOT NULL; END;" \
  "CREATE TRIGGER IF NOT EXISTS sync_%1$s_update AFTER UPDATE OF %3$s ON %1$s" \
  " WHEN (%4$s) AND " QUIET " BEGIN " \
  JOURNAL "SELECT 0, c.uid, '%2$s/' || NEW.uid, " NOW_US " FROM customers c" \
  " WHERE c.id = NEW.customer_id AND c.anonymised = 0 AND NEW.uid IS NOT NULL; END;" \
  "CREATE TRIGGER IF NOT EXISTS sync_%1$s_delete AFTER DELETE ON %1$s WHEN " QUIET " BEGIN " \
  JOURNAL "SELECT 0, c.uid, '%2$s/' || OLD.uid, " NOW_US " FROM customers c" \
  " WHERE c.id = OLD.customer_id AND c.anonymised = 0 AND OLD.uid IS NOT NULL" \
  " AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.uid = c.uid); END;"

#define CHANGED_KEY(key, column) \
  " UNION ALL SELECT '" key "' WHERE OLD." column " IS NOT NEW." column

static const char triggers[] =
  /* Customers: made, each field, trashed or restored, deleted. */
  "CREATE TRIGGER IF NOT EXISTS sync_customers_insert AFTER INSERT ON customers"
  " WHEN NEW.anonymised = 0 AND " QUIET " BEGIN "
  JOURNAL "VALUES (0, NEW.uid, '" STATE_KEY "', " NOW_US "); END;"
  "CREATE TRIGGER IF NOT EXISTS sync_customers_update AFTER UPDATE OF given_name, family_name,"
  " display_name, addressed_as, honorific, company, job_title, language, birthday, vip,"
  " email_consent, trashed_at ON customers"
  " WHEN OLD.anonymised = 0 AND NEW.anonymised = 0 AND " QUIET " BEGIN "
  JOURNAL "SELECT 0, NEW.uid, k, " NOW_US " FROM ("
  "SELECT 'given' AS k WHERE OLD.given_name IS NOT NEW.given_name"
  CHANGED_KEY ("family", "family_name")
  CHANGED_KEY ("display", "display_name")
  CHANGED_KEY ("addressed-as", "addressed_as")
  CHANGED_KEY ("honorific", "honorific")
  CHANGED_KEY ("company", "company")
  CHANGED_KEY ("job-title", "job_title")
  CHANGED_KEY ("language", "language")
  CHANGED_KEY ("birthday", "birthday")
  CHANGED_KEY ("vip", "vip")
  CHANGED_KEY ("consent", "email_consent")
  CHANGED_KEY (STATE_KEY, "trashed_at")
  "); END;"
  "CREATE TRIGGER IF NOT EXISTS sync_customers_delete AFTER DELETE ON customers"
  " WHEN OLD.anonymised = 0 AND " QUIET " BEGIN "
  JOURNAL "VALUES (0, OLD.uid, '" STATE_KEY "', " NOW_US "); END;"
  /* Erased or anonymised: what the journal and the agreed version said
   * about them goes, whoever erased them; the erasure is journalled. */
  "CREATE TRIGGER IF NOT EXISTS sync_customers_anonymise AFTER UPDATE OF anonymised ON customers"
  " WHEN OLD.anonymised = 0 AND NEW.anonymised = 1 BEGIN"
  " UPDATE sync_items SET base = NULL WHERE kind = 0 AND uid = OLD.uid;"
  " DELETE FROM sync_journal WHERE kind = 0 AND uid = OLD.uid;"
  " " JOURNAL "SELECT 0, OLD.uid, '" ERASED_KEY "', " NOW_US " WHERE " QUIET "; END;"
  "CREATE TRIGGER IF NOT EXISTS sync_erasures_insert AFTER INSERT ON erasures BEGIN"
  " UPDATE sync_items SET base = NULL WHERE kind = 0 AND uid = NEW.uid;"
  " DELETE FROM sync_journal WHERE kind = 0 AND uid = NEW.uid;"
  " " JOURNAL "SELECT 0, NEW.uid, '" ERASED_KEY "', " NOW_US " WHERE " QUIET "; END;"
  /* Tags, by their name lowered (as far as SQLite lowers: the reader
   * lowers the rest). */
  "CREATE TRIGGER IF NOT EXISTS sync_customer_tags_insert AFTER INSERT ON customer_tags"
  " WHEN " QUIET " BEGIN "
  JOURNAL "SELECT 0, c.uid, 'tag/' || lower (t.name), " NOW_US " FROM customers c, tags t"
  " WHERE c.id = NEW.customer_id AND t.id = NEW.tag_id AND c.anonymised = 0; END;"
  "CREATE TRIGGER IF NOT EXISTS sync_customer_tags_delete AFTER DELETE ON customer_tags"
  " WHEN " QUIET " BEGIN "
  JOURNAL "SELECT 0, c.uid, 'tag/' || lower (t.name), " NOW_US " FROM customers c, tags t"
  " WHERE c.id = OLD.customer_id AND t.id = OLD.tag_id AND c.anonymised = 0"
  " AND NOT EXISTS (SELECT 1 FROM erasures e WHERE e.uid = c.uid); END;"
  /* Promises. */
  "CREATE TRIGGER IF NOT EXISTS sync_promises_insert AFTER INSERT ON promises WHEN " QUIET " BEGIN "
  JOURNAL "VALUES (1, NEW.uid, '" STATE_KEY "', " NOW_US "); END;"
  "CREATE TRIGGER IF NOT EXISTS sync_promises_update AFTER UPDATE OF customer_id, text,"
  " promised_by, created_at, due_at, due_all_day, remind_at, status, closed_at ON promises"
  " WHEN " QUIET " BEGIN "
  JOURNAL "SELECT 1, NEW.uid, k, " NOW_US " FROM ("
  "SELECT 'customer' AS k WHERE OLD.customer_id IS NOT NEW.customer_id"
  CHANGED_KEY ("text", "text")
  CHANGED_KEY ("promised-by", "promised_by")
  CHANGED_KEY ("created", "created_at")
  CHANGED_KEY ("due", "due_at")
  CHANGED_KEY ("all-day", "due_all_day")
  CHANGED_KEY ("remind", "remind_at")
  CHANGED_KEY ("status", "status")
  CHANGED_KEY ("closed", "closed_at")
  "); END;"
  "CREATE TRIGGER IF NOT EXISTS sync_promises_delete AFTER DELETE ON promises WHEN " QUIET " BEGIN "
  JOURNAL "VALUES (1, OLD.uid, '" STATE_KEY "', " NOW_US "); END;"
  /* Logged contacts. */
  "CREATE TRIGGER IF NOT EXISTS sync_interactions_insert AFTER INSERT ON interactions"
  " WHEN " QUIET " BEGIN "
  JOURNAL "VALUES (2, NEW.uid, '" STATE_KEY "', " NOW_US "); END;"
  "CREATE TRIGGER IF NOT EXISTS sync_interactions_update AFTER UPDATE OF customer_id, kind, at,"
  " planned, note, staff, created_at ON interactions WHEN " QUIET " BEGIN "
  JOURNAL "SELECT 2, NEW.uid, k, " NOW_US " FROM ("
  "SELECT 'customer' AS k WHERE OLD.customer_id IS NOT NEW.customer_id"
  CHANGED_KEY ("kind", "kind")
  CHANGED_KEY ("at", "at")
  CHANGED_KEY ("planned", "planned")
  CHANGED_KEY ("note", "note")
  CHANGED_KEY ("staff", "staff")
  CHANGED_KEY ("created", "created_at")
  "); END;"
  "CREATE TRIGGER IF NOT EXISTS sync_interactions_delete AFTER DELETE ON interactions"
  " WHEN " QUIET " BEGIN "
  JOURNAL "VALUES (2, OLD.uid, '" STATE_KEY "', " NOW_US "); END;";

static const char * const trigger_names[] = {
  "sync_customers_insert", "sync_customers_update", "sync_customers_delete",
  "sync_customers_anonymise", "sync_erasures_insert", "sync_customer_tags_insert",
  "sync_customer_tags_delete", "sync_promises_insert", "sync_promises_update",
  "sync_promises_delete", "sync_interactions_insert", "sync_interactions_update",
  "sync_interactions_delete",
};

static const char * const consents[] = {
  [CLT_CONSENT_NONE] = "none",
  [CLT_CONSENT_FOLLOW_UPS] = "follow-ups",
  [CLT_CONSENT_MARKETING] = "marketing",
};

void
clt_sync_item_free (CltSyncItem *item)
{
  if (item == NULL)
    return;

  g_free (item->uid);
  g_free (item->href);
  g_free (item->etag);
  g_clear_pointer (&item->base, clt_sync_doc_unref);
  g_free (item);
}

void
clt_sync_pending_free (CltSyncPending *pending)
{
  if (pending == NULL)
    return;

  g_free (pending->uid);
  g_free (pending);
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                       _("This customer or item no longer exists. It may have been deleted."));
}

/* Runs a cached statement with ?1 kind, ?2 text. */
static gboolean
run_kind_text (CltStore     *self,
               const char   *sql,
               CltSyncKind   kind,
               const char   *text,
               GError      **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, kind);
  clt_bind_text (stmt, 2, text);
  return clt_store_step_done (self, stmt, error);
}

/* The desk id ----------------------------------------------------------- */

char *
clt_store_sync_get_desk_id (CltStore  *self,
                            GError   **error)
{
  g_autoptr(CltStmt) make = NULL;
  GError *local_error = NULL;
  char *desk;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  desk = clt_store_get_setting (self, DESK_KEY, &local_error);
  if (desk != NULL || local_error != NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, local_error);
      return desk;
    }

  /* Made with the schema; a book whose settings lost it gets a new one. */
  make = clt_store_prepare (self,
                            "INSERT OR IGNORE INTO settings (key, value)"
                            " VALUES ('" DESK_KEY "', " CLT_SQL_NEW_ELEMENT_UID ")", error);
  if (make == NULL || !clt_store_step_done (self, make, error))
    return NULL;
  g_clear_pointer (&make, clt_stmt_release);

  return clt_store_get_setting (self, DESK_KEY, error);
}

/* The account and the collections --------------------------------------- */

gboolean
clt_store_sync_get_account (CltStore  *self,
                            char     **url,
                            char     **user,
                            GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  stmt = clt_store_prepare (self, "SELECT url, user FROM sync_account WHERE id = 1", error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        clt_store_set_error (self, rc, error);
      return FALSE;
    }

  if (url != NULL)
    *url = clt_column_dup_text (stmt, 0);
  if (user != NULL)
    *user = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? NULL : clt_column_dup_text (stmt, 1);
  return TRUE;
}

static gboolean
create_triggers (CltStore  *self,
                 GError   **error)
{
  if (!clt_store_exec (self, triggers, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    {
      g_autofree char *sql = g_strdup_printf (ELEMENT_TRIGGERS, elements[i].table, elements[i].prefix,
                                              elements[i].columns, elements[i].changed);

      if (!clt_store_exec (self, sql, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
drop_triggers (CltStore  *self,
               GError   **error)
{
  static const char * const verbs[] = { "insert", "update", "delete" };

  for (guint i = 0; i < G_N_ELEMENTS (trigger_names); i++)
    {
      g_autofree char *sql = g_strdup_printf ("DROP TRIGGER IF EXISTS %s", trigger_names[i]);

      if (!clt_store_exec (self, sql, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (elements); i++)
    for (guint j = 0; j < G_N_ELEMENTS (verbs); j++)
      {
        g_autofree char *sql = g_strdup_printf ("DROP TRIGGER IF EXISTS sync_%s_%s",
                                                elements[i].table, verbs[j]);

        if (!clt_store_exec (self, sql, error))
          return FALSE;
      }

  return TRUE;
}

gboolean
clt_store_sync_set_account (CltStore    *self,
                            const char  *url,
                            const char  *user,
                            GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  if (clt_text_is_blank (url))
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                           _("Type the address of the server the desks share."));
      return FALSE;
    }

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  stmt = clt_store_prepare (self,
                            "INSERT INTO sync_account (id, url, user, created_at) VALUES (1, ?1, ?2, ?3)"
                            " ON CONFLICT (id) DO UPDATE SET url = excluded.url, user = excluded.user",
                            error);
  ok = stmt != NULL;
  if (ok)
    {
      g_autofree char *clean_url = clt_text_strip (url);
      g_autofree char *clean_user = clt_text_is_blank (user) ? NULL : clt_text_strip (user);

      clt_bind_text (stmt, 1, clean_url);
      clt_bind_text (stmt, 2, clean_user);
      sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
      ok = clt_store_step_done (self, stmt, error);
    }
  g_clear_pointer (&stmt, clt_stmt_release);

  ok = ok && create_triggers (self, error);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
clt_store_sync_clear_account (CltStore  *self,
                              GError   **error)
{
  static const char * const clear[] = {
    "DELETE FROM sync_account", "DELETE FROM sync_collections",
    "DELETE FROM sync_items", "DELETE FROM sync_journal",
  };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  ok = drop_triggers (self, error);
  for (guint i = 0; ok && i < G_N_ELEMENTS (clear); i++)
    ok = clt_store_exec (self, clear[i], error);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
clt_store_sync_get_collection (CltStore     *self,
                               CltSyncKind   kind,
                               char        **href,
                               char        **token,
                               GError      **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (href != NULL)
    *href = NULL;
  if (token != NULL)
    *token = NULL;

  stmt = clt_store_prepare (self, "SELECT href, token FROM sync_collections WHERE kind = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, kind);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (href != NULL && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        *href = clt_column_dup_text (stmt, 0);
      if (token != NULL && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        *token = clt_column_dup_text (stmt, 1);
    }
  else if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
clt_store_sync_set_collection (CltStore     *self,
                               CltSyncKind   kind,
                               const char   *href,
                               GError      **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return run_kind_text (self,
                        "INSERT INTO sync_collections (kind, href) VALUES (?1, ?2)"
                        " ON CONFLICT (kind) DO UPDATE SET href = excluded.href,"
                        " token = CASE WHEN href IS excluded.href THEN token END",
                        kind, href, error);
}

gboolean
clt_store_sync_set_token (CltStore     *self,
                          CltSyncKind   kind,
                          const char   *token,
                          GError      **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return run_kind_text (self,
                        "INSERT INTO sync_collections (kind, token) VALUES (?1, ?2)"
                        " ON CONFLICT (kind) DO UPDATE SET token = excluded.token",
                        kind, token, error);
}

/* Items ------------------------------------------------------------------ */

static CltSyncItem *
read_item (sqlite3_stmt *stmt,
           gboolean      with_base)
{
  CltSyncItem *item = g_new0 (CltSyncItem, 1);

  item->kind = sqlite3_column_int (stmt, 0);
  item->uid = clt_column_dup_text (stmt, 1);
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    item->href = clt_column_dup_text (stmt, 2);
  if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
    item->etag = clt_column_dup_text (stmt, 3);
  if (with_base && sqlite3_column_type (stmt, 4) == SQLITE_BLOB)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (sqlite3_column_blob (stmt, 4),
                                             sqlite3_column_bytes (stmt, 4));

      /* A damaged base is no base: the next round merges without it. */
      item->base = clt_sync_doc_from_bytes (bytes, NULL);
    }

  return item;
}

static CltSyncItem *
get_item (CltStore     *self,
          const char   *sql,
          CltSyncKind   kind,
          const char   *text,
          GError      **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int (stmt, 1, kind);
  clt_bind_text (stmt, 2, text);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_item (stmt, TRUE);
  if (rc != SQLITE_DONE)
    clt_store_set_error (self, rc, error);

  return NULL;
}

CltSyncItem *
clt_store_sync_get_item (CltStore     *self,
                         CltSyncKind   kind,
                         const char   *uid,
                         GError      **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  return get_item (self, "SELECT kind, uid, href, etag, base FROM sync_items WHERE kind = ?1 AND uid = ?2",
                   kind, uid, error);
}

CltSyncItem *
clt_store_sync_get_item_by_href (CltStore     *self,
                                 CltSyncKind   kind,
                                 const char   *href,
                                 GError      **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (href != NULL, NULL);

  return get_item (self, "SELECT kind, uid, href, etag, base FROM sync_items WHERE kind = ?1 AND href = ?2",
                   kind, href, error);
}

static gpointer
read_item_without_base (sqlite3_stmt *stmt)
{
  return read_item (stmt, FALSE);
}

GPtrArray *
clt_store_sync_list_items (CltStore     *self,
                           CltSyncKind   kind,
                           GError      **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_rows (self, "SELECT kind, uid, href, etag FROM sync_items WHERE kind = ?1 ORDER BY uid",
                              kind, read_item_without_base, (GDestroyNotify) clt_sync_item_free, error);
}

gboolean
clt_store_sync_forget_item (CltStore     *self,
                            CltSyncKind   kind,
                            const char   *uid,
                            GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (uid != NULL, FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  ok = run_kind_text (self, "DELETE FROM sync_items WHERE kind = ?1 AND uid = ?2", kind, uid, error) &&
       run_kind_text (self, "DELETE FROM sync_journal WHERE kind = ?1 AND uid = ?2", kind, uid, error);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
clt_store_sync_set_base (CltStore          *self,
                         const CltSyncDoc  *doc,
                         const char        *href,
                         const char        *etag,
                         gint64             seq,
                         GError           **error)
{
  g_autoptr(CltStmt) store = NULL;
  g_autoptr(CltStmt) clear = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  bytes = clt_sync_doc_to_bytes (doc);
  store = clt_store_prepare (self,
                             "INSERT INTO sync_items (kind, uid, href, etag, base) VALUES (?1, ?2, ?3, ?4, ?5)"
                             " ON CONFLICT (kind, uid) DO UPDATE SET href = excluded.href,"
                             " etag = excluded.etag, base = excluded.base", error);
  clear = clt_store_prepare (self, "DELETE FROM sync_journal WHERE kind = ?1 AND uid = ?2 AND seq <= ?3",
                             error);
  if (store == NULL || clear == NULL || !clt_store_tx_begin (self, error))
    return FALSE;

  sqlite3_bind_int (store, 1, clt_sync_doc_get_kind (doc));
  clt_bind_text (store, 2, clt_sync_doc_get_uid (doc));
  clt_bind_text (store, 3, href);
  clt_bind_text (store, 4, etag);
  sqlite3_bind_blob (store, 5, g_bytes_get_data (bytes, NULL), (int) g_bytes_get_size (bytes),
                     SQLITE_TRANSIENT);
  sqlite3_bind_int (clear, 1, clt_sync_doc_get_kind (doc));
  clt_bind_text (clear, 2, clt_sync_doc_get_uid (doc));
  sqlite3_bind_int64 (clear, 3, seq);
  ok = clt_store_step_done (self, store, error) && clt_store_step_done (self, clear, error);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/* The journal ------------------------------------------------------------ */

static gpointer
read_pending (sqlite3_stmt *stmt)
{
  CltSyncPending *pending = g_new0 (CltSyncPending, 1);

  pending->kind = sqlite3_column_int (stmt, 0);
  pending->uid = clt_column_dup_text (stmt, 1);
  pending->seq = sqlite3_column_int64 (stmt, 2);

  return pending;
}

GPtrArray *
clt_store_sync_list_pending (CltStore  *self,
                             GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_rows (self,
                              "SELECT kind, uid, max (seq) FROM sync_journal"
                              " GROUP BY kind, uid ORDER BY min (seq)",
                              0, read_pending, (GDestroyNotify) clt_sync_pending_free, error);
}

static gpointer
read_uid (sqlite3_stmt *stmt)
{
  return clt_column_dup_text (stmt, 0);
}

GPtrArray *
clt_store_sync_list_unshared (CltStore     *self,
                              CltSyncKind   kind,
                              GError      **error)
{
  static const char * const sql[] = {
    [CLT_SYNC_CUSTOMER] =
      "SELECT c.uid FROM customers c WHERE c.anonymised = 0 AND c.uid IS NOT NULL"
      " AND NOT EXISTS (SELECT 1 FROM sync_items s WHERE s.kind = ?1 AND s.uid = c.uid) ORDER BY c.id",
    [CLT_SYNC_PROMISE] =
      "SELECT p.uid FROM promises p JOIN customers c ON c.id = p.customer_id"
      " WHERE c.anonymised = 0 AND p.uid IS NOT NULL"
      " AND NOT EXISTS (SELECT 1 FROM sync_items s WHERE s.kind = ?1 AND s.uid = p.uid) ORDER BY p.id",
    [CLT_SYNC_CONTACT] =
      "SELECT i.uid FROM interactions i JOIN customers c ON c.id = i.customer_id"
      " WHERE c.anonymised = 0 AND i.uid IS NOT NULL"
      " AND NOT EXISTS (SELECT 1 FROM sync_items s WHERE s.kind = ?1 AND s.uid = i.uid) ORDER BY i.id",
  };

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (kind <= CLT_SYNC_CONTACT, NULL);

  return clt_store_list_rows (self, sql[kind], kind, read_uid, g_free, error);
}

/* What the journal says of one object: each key's last time, the last
 * time of any, and the last entry. */
typedef struct
{
  GHashTable *keys;    /* char * → gint64 * */
  gint64      latest;
  gint64      seq;
} Journal;

static void
journal_clear (Journal *journal)
{
  g_clear_pointer (&journal->keys, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Journal, journal_clear)

static gboolean
read_journal (CltStore     *self,
              CltSyncKind   kind,
              const char   *uid,
              Journal      *journal,
              GError      **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self,
                                               "SELECT key, max (changed), max (seq) FROM sync_journal"
                                               " WHERE kind = ?1 AND uid = ?2 GROUP BY key", error);
  int rc;

  journal->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  journal->latest = 0;
  journal->seq = 0;
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, 1, kind);
  clt_bind_text (stmt, 2, uid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = clt_column_text (stmt, 0);
      gint64 changed = sqlite3_column_int64 (stmt, 1);
      g_autofree char *normal = NULL;
      gint64 *known;

      /* SQLite lowers ASCII only. */
      normal = g_str_has_prefix (key, "tag/") ? g_utf8_strdown (key, -1) : g_strdup (key);
      known = g_hash_table_lookup (journal->keys, normal);
      if (known == NULL)
        g_hash_table_insert (journal->keys, g_steal_pointer (&normal), g_memdup2 (&changed, sizeof changed));
      else
        *known = MAX (*known, changed);
      journal->latest = MAX (journal->latest, changed);
      journal->seq = MAX (journal->seq, sqlite3_column_int64 (stmt, 2));
    }
  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gint64
journal_time (const Journal *journal,
              const char    *key)
{
  gint64 *changed = g_hash_table_lookup (journal->keys, key);

  return changed ? *changed : 0;
}

/* Reading an object ------------------------------------------------------ */

/* The object as the book has it, unstamped, and the times to fall back on
 * where the journal says nothing (a book shared after it was written). */
typedef struct
{
  CltSyncDoc   *now;        /* NULL: not in the book */
  gint64        fallback;   /* µs */
  gint64        state_fallback;
  gboolean      erased;
} Current;

static void
current_clear (Current *current)
{
  g_clear_pointer (&current->now, clt_sync_doc_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Current, current_clear)

static void
put_text (CltSyncDoc   *doc,
          const char   *key,
          sqlite3_stmt *stmt,
          int           column)
{
  g_autofree char *text = NULL;

  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return;

  text = clt_column_dup_text (stmt, column);
  clt_sync_doc_set (doc, key, g_variant_new_string (text), 0, NULL);
}

static char *
dup_text_or_empty (sqlite3_stmt *stmt,
                   int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? g_strdup ("")
                                                           : clt_column_dup_text (stmt, column);
}

static gboolean
read_elements (CltStore    *self,
               CltSyncDoc  *doc,
               gint64       customer_id,
               GError     **error)
{
  static const char * const sql[] = {
    "SELECT uid, label, address FROM emails WHERE customer_id = ?1 AND uid IS NOT NULL",
    "SELECT uid, label, number FROM phones WHERE customer_id = ?1 AND uid IS NOT NULL",
    "SELECT uid, label, text FROM addresses WHERE customer_id = ?1 AND uid IS NOT NULL",
    "SELECT uid, category, text, alert, sensitive FROM preferences WHERE customer_id = ?1 AND uid IS NOT NULL",
    "SELECT uid, text, author, pinned, created_at FROM notes WHERE customer_id = ?1 AND uid IS NOT NULL",
    "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = ?1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql[i], error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, customer_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autofree char *key = NULL;
          g_autofree char *a = NULL;
          g_autofree char *b = NULL;
          GVariant *value;

          if (i == G_N_ELEMENTS (sql) - 1)
            {
              g_autofree char *name = clt_column_dup_text (stmt, 0);
              g_autofree char *lowered = g_utf8_strdown (name, -1);

              key = g_strconcat ("tag/", lowered, NULL);
              clt_sync_doc_set (doc, key, g_variant_new_boolean (TRUE), 0, NULL);
              continue;
            }

          key = g_strconcat (elements[i].prefix, "/", clt_column_text (stmt, 0), NULL);
          a = dup_text_or_empty (stmt, 1);
          b = dup_text_or_empty (stmt, 2);
          if (i < 3)
            value = g_variant_new ("(ss)", a, b);
          else if (i == 3)
            value = g_variant_new ("(ssbb)", a, b, sqlite3_column_int (stmt, 3) != 0,
                                   sqlite3_column_int (stmt, 4) != 0);
          else
            value = g_variant_new ("(ssbx)", a, b, sqlite3_column_int (stmt, 3) != 0,
                                   (gint64) sqlite3_column_int64 (stmt, 4));
          clt_sync_doc_set (doc, key, value, 0, NULL);
        }
      if (rc != SQLITE_DONE)
        {
          clt_store_set_error (self, rc, error);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
is_erased_uid (CltStore    *self,
               const char  *uid,
               gint64      *erased_at,
               GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  *erased_at = 0;
  if (uid == NULL)
    return FALSE;

  stmt = clt_store_prepare (self,
                            "SELECT erased_at * 1000000 FROM erasures WHERE uid = ?1"
                            " UNION ALL SELECT changed FROM sync_journal"
                            "  WHERE kind = 0 AND uid = ?1 AND key = '" ERASED_KEY "'"
                            "  ORDER BY 1 DESC LIMIT 1",
                            error);
  if (stmt == NULL)
    return FALSE;

  clt_bind_text (stmt, 1, uid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *erased_at = sqlite3_column_int64 (stmt, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    clt_store_set_error (self, rc, error);

  return FALSE;
}

static gboolean
read_customer (CltStore    *self,
               const char  *uid,
               Current     *current,
               GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  GError *local_error = NULL;
  gint64 id;
  int consent;
  int rc;

  stmt = clt_store_prepare (self,
                            "SELECT id, given_name, family_name, display_name, addressed_as, honorific,"
                            " company, job_title, language, birthday, vip, email_consent, trashed_at,"
                            " anonymised, updated_at, created_at FROM customers WHERE uid = ?1", error);
  if (stmt == NULL)
    return FALSE;

  clt_bind_text (stmt, 1, uid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        {
          clt_store_set_error (self, rc, error);
          return FALSE;
        }
      current->erased = is_erased_uid (self, uid, &current->state_fallback, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      return TRUE;
    }

  id = sqlite3_column_int64 (stmt, 0);
  current->fallback = sqlite3_column_int64 (stmt, 14) * G_USEC_PER_SEC;
  if (sqlite3_column_int (stmt, 13) != 0)
    {
      /* The anonymous row left by an erasure stands for no one. */
      current->erased = TRUE;
      current->state_fallback = current->fallback;
      return TRUE;
    }

  doc = clt_sync_doc_new (CLT_SYNC_CUSTOMER, uid);
  put_text (doc, "given", stmt, 1);
  put_text (doc, "family", stmt, 2);
  put_text (doc, "display", stmt, 3);
  put_text (doc, "addressed-as", stmt, 4);
  put_text (doc, "honorific", stmt, 5);
  put_text (doc, "company", stmt, 6);
  put_text (doc, "job-title", stmt, 7);
  put_text (doc, "language", stmt, 8);
  put_text (doc, "birthday", stmt, 9);
  clt_sync_doc_set (doc, "vip", g_variant_new_boolean (sqlite3_column_int (stmt, 10) != 0), 0, NULL);
  consent = CLAMP (sqlite3_column_int (stmt, 11), CLT_CONSENT_NONE, CLT_CONSENT_MARKETING);
  clt_sync_doc_set (doc, "consent", g_variant_new_string (consents[consent]), 0, NULL);
  if (sqlite3_column_type (stmt, 12) != SQLITE_NULL)
    {
      clt_sync_doc_set_state (doc, CLT_SYNC_DELETED, 0, NULL);
      current->state_fallback = sqlite3_column_int64 (stmt, 12) * G_USEC_PER_SEC;
    }
  else
    {
      current->state_fallback = sqlite3_column_int64 (stmt, 15) * G_USEC_PER_SEC;
    }
  g_clear_pointer (&stmt, clt_stmt_release);

  if (!read_elements (self, doc, id, error))
    return FALSE;

  current->now = g_steal_pointer (&doc);
  return TRUE;
}

/* A promise or a logged contact: ?1 its uid; columns: the customer's uid
 * and anonymised, the object's created_at, then its fields. */
static gboolean
read_child (CltStore         *self,
            CltSyncKind       kind,
            const char       *uid,
            const CltSyncDoc *base,
            Current          *current,
            GError          **error)
{
  static const char * const sql[] = {
    [CLT_SYNC_PROMISE] =
      "SELECT c.uid, c.anonymised, p.created_at, p.text, p.promised_by, p.due_at,"
      " p.due_all_day, p.remind_at, p.status, p.closed_at"
      " FROM promises p JOIN customers c ON c.id = p.customer_id WHERE p.uid = ?1",
    [CLT_SYNC_CONTACT] =
      "SELECT c.uid, c.anonymised, i.created_at, i.kind, i.at, i.planned, i.note, i.staff"
      " FROM interactions i JOIN customers c ON c.id = i.customer_id WHERE i.uid = ?1",
  };
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql[kind], error);
  g_autoptr(CltSyncDoc) doc = NULL;
  GError *local_error = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;

  clt_bind_text (stmt, 1, uid);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc != SQLITE_DONE)
        {
          clt_store_set_error (self, rc, error);
          return FALSE;
        }
      /* Gone with an erased customer: erased too. */
      current->erased = base != NULL &&
                        is_erased_uid (self, clt_sync_doc_get_string (base, "customer"),
                                       &current->state_fallback, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
      return TRUE;
    }

  current->fallback = sqlite3_column_int64 (stmt, 2) * G_USEC_PER_SEC;
  current->state_fallback = current->fallback;
  if (sqlite3_column_int (stmt, 1) != 0)
    {
      current->erased = TRUE;
      return TRUE;
    }

  doc = clt_sync_doc_new (kind, uid);
  put_text (doc, "customer", stmt, 0);
  clt_sync_doc_set (doc, "created", g_variant_new_int64 (sqlite3_column_int64 (stmt, 2)), 0, NULL);
  if (kind == CLT_SYNC_PROMISE)
    {
      put_text (doc, "text", stmt, 3);
      put_text (doc, "promised-by", stmt, 4);
      clt_sync_doc_set (doc, "due", g_variant_new_int64 (sqlite3_column_int64 (stmt, 5)), 0, NULL);
      clt_sync_doc_set (doc, "all-day", g_variant_new_boolean (sqlite3_column_int (stmt, 6) != 0), 0, NULL);
      if (sqlite3_column_type (stmt, 7) != SQLITE_NULL)
        clt_sync_doc_set (doc, "remind", g_variant_new_int64 (sqlite3_column_int64 (stmt, 7)), 0, NULL);
      put_text (doc, "status", stmt, 8);
      if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
        clt_sync_doc_set (doc, "closed", g_variant_new_int64 (sqlite3_column_int64 (stmt, 9)), 0, NULL);
    }
  else
    {
      put_text (doc, "kind", stmt, 3);
      clt_sync_doc_set (doc, "at", g_variant_new_int64 (sqlite3_column_int64 (stmt, 4)), 0, NULL);
      clt_sync_doc_set (doc, "planned", g_variant_new_boolean (sqlite3_column_int (stmt, 5) != 0), 0, NULL);
      put_text (doc, "note", stmt, 6);
      put_text (doc, "staff", stmt, 7);
    }

  current->now = g_steal_pointer (&doc);
  return TRUE;
}

static gboolean
same_value (GVariant *a,
            GVariant *b)
{
  return a != NULL && b != NULL && g_variant_equal (a, b);
}

/* Stamps what the book has now (see clt_store_sync_read_doc()). */
static CltSyncDoc *
stamp (CltSyncKind        kind,
       const char        *uid,
       const Current     *current,
       CltSyncState       state,
       const CltSyncDoc  *base,
       const Journal     *journal,
       const char        *desk)
{
  g_autoptr(CltSyncDoc) doc = clt_sync_doc_new (kind, uid);
  g_autoptr(GPtrArray) keys = NULL;
  gint64 fallback = journal->latest ? journal->latest
                                    : (current->fallback ? current->fallback : g_get_real_time ());
  const char *base_desk;
  gint64 base_changed;
  GHashTableIter iter;
  gpointer key;

  if (base != NULL && clt_sync_doc_get_state (base, &base_changed, &base_desk) == state)
    {
      clt_sync_doc_set_state (doc, state, base_changed, base_desk);
    }
  else
    {
      gint64 changed = journal_time (journal, state == CLT_SYNC_ERASED ? ERASED_KEY : STATE_KEY);

      if (changed == 0)
        changed = current->state_fallback ? current->state_fallback : fallback;
      clt_sync_doc_set_state (doc, state, changed, desk);
    }

  /* An erased object carries nothing. */
  if (state == CLT_SYNC_ERASED)
    return g_steal_pointer (&doc);

  if (current->now != NULL)
    {
      keys = clt_sync_doc_get_keys (current->now);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *name = g_ptr_array_index (keys, i);
          GVariant *value = NULL;
          GVariant *agreed = NULL;
          const char *agreed_desk = NULL;
          gint64 agreed_changed = 0;
          gint64 changed;

          clt_sync_doc_lookup (current->now, name, &value, NULL, NULL);
          if (base != NULL && clt_sync_doc_lookup (base, name, &agreed, &agreed_changed, &agreed_desk) &&
              same_value (value, agreed))
            {
              clt_sync_doc_set (doc, name, value, agreed_changed, agreed_desk);
              continue;
            }
          changed = journal_time (journal, name);
          clt_sync_doc_set (doc, name, value, changed ? changed : fallback, desk);
        }
      g_clear_pointer (&keys, g_ptr_array_unref);
    }

  /* What was agreed and is no longer here. */
  if (base != NULL)
    {
      keys = clt_sync_doc_get_keys (base);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *name = g_ptr_array_index (keys, i);
          GVariant *agreed = NULL;
          const char *agreed_desk = NULL;
          gint64 agreed_changed = 0;
          gint64 changed;

          if (clt_sync_doc_lookup (doc, name, NULL, NULL, NULL))
            continue;
          clt_sync_doc_lookup (base, name, &agreed, &agreed_changed, &agreed_desk);
          if (agreed == NULL)
            {
              clt_sync_doc_set (doc, name, NULL, agreed_changed, agreed_desk);
              continue;
            }
          changed = journal_time (journal, name);
          clt_sync_doc_set (doc, name, NULL, changed ? changed : fallback, desk);
        }
    }

  /* Added and removed again since: removed. */
  g_hash_table_iter_init (&iter, journal->keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (*(const char *) key != '@' && !clt_sync_doc_lookup (doc, key, NULL, NULL, NULL))
      clt_sync_doc_set (doc, key, NULL, journal_time (journal, key), desk);

  return g_steal_pointer (&doc);
}

/**
 * clt_store_sync_read_doc:
 * @kind: what @uid is
 * @uid: the customer's, promise's or logged contact's uid
 * @seq: (out) (optional): the journal's last entry for it, 0 when none
 *
 * Returns: (transfer full): the object as the book has it now, stamped
 *   (see clt-store-sync.h), or %NULL with @error set
 */
CltSyncDoc *
clt_store_sync_read_doc (CltStore     *self,
                         CltSyncKind   kind,
                         const char   *uid,
                         gint64       *seq,
                         GError      **error)
{
  g_auto(Journal) journal = { NULL, 0, 0 };
  g_auto(Current) current = { NULL, 0, 0, FALSE };
  g_autoptr(CltSyncItem) item = NULL;
  g_autofree char *desk = NULL;
  GError *local_error = NULL;
  CltSyncState state;
  gboolean own_snapshot;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (kind <= CLT_SYNC_CONTACT, NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  /* One snapshot, so that the journal read is the one the values match;
   * a read transaction, which leaves the window free to write. */
  own_snapshot = sqlite3_get_autocommit (clt_store_get_db (self));
  if (own_snapshot && !clt_store_exec (self, "BEGIN DEFERRED", error))
    return NULL;

  desk = clt_store_sync_get_desk_id (self, error);
  ok = desk != NULL;
  if (ok)
    {
      item = clt_store_sync_get_item (self, kind, uid, &local_error);
      ok = local_error == NULL;
      if (!ok)
        g_propagate_error (error, local_error);
    }
  ok = ok && read_journal (self, kind, uid, &journal, error);
  if (ok)
    ok = kind == CLT_SYNC_CUSTOMER ? read_customer (self, uid, &current, error)
                                   : read_child (self, kind, uid, item ? item->base : NULL, &current, error);
  if (own_snapshot)
    sqlite3_exec (clt_store_get_db (self), "COMMIT", NULL, NULL, NULL);
  if (!ok)
    return NULL;

  if (current.erased)
    state = CLT_SYNC_ERASED;
  else if (current.now != NULL)
    state = clt_sync_doc_get_state (current.now, NULL, NULL);
  else if ((item != NULL && item->base != NULL) || journal.seq > 0)
    state = item && item->base && clt_sync_doc_get_state (item->base, NULL, NULL) == CLT_SYNC_ERASED
            ? CLT_SYNC_ERASED : CLT_SYNC_DELETED;
  else
    {
      set_not_found (error);
      return NULL;
    }

  if (seq != NULL)
    *seq = journal.seq;

  return stamp (kind, uid, &current, state, item ? item->base : NULL, &journal, desk);
}

/* Applying an object ----------------------------------------------------- */

/* The value of a field of @doc: %FALSE when absent; *value %NULL for a
 * tombstone, or when it is not of @type (another program's damage is not
 * written into the book). */
static gboolean
field (const CltSyncDoc    *doc,
       const char          *key,
       const GVariantType  *type,
       GVariant           **value)
{
  if (!clt_sync_doc_lookup (doc, key, value, NULL, NULL))
    return FALSE;
  if (*value != NULL && !g_variant_is_of_type (*value, type))
    *value = NULL;
  return TRUE;
}

static gint64
find_id (CltStore    *self,
         const char  *sql,
         const char  *uid,
         GError     **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return -1;

  clt_bind_text (stmt, 1, uid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return -1;
    }
  return 0;
}

static gboolean
set_uid (CltStore    *self,
         const char  *table,
         gint64       id,
         const char  *uid,
         GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET uid = ?2 WHERE id = ?1", table);
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  clt_bind_text (stmt, 2, uid);
  return clt_store_step_done (self, stmt, error);
}

/* Sets the text property @prop of @customer from the field @key. */
static void
apply_text (CltCustomer       *customer,
            const CltSyncDoc  *doc,
            const char        *key,
            const char        *prop)
{
  GVariant *value = NULL;
  g_autofree char *old = NULL;
  const char *text;

  if (!field (doc, key, G_VARIANT_TYPE_STRING, &value))
    return;

  text = value != NULL ? g_variant_get_string (value, NULL) : NULL;
  if (text != NULL && *text == '\0')
    text = NULL;
  g_object_get (customer, prop, &old, NULL);
  if (g_strcmp0 (old, text) != 0)
    g_object_set (customer, prop, text, NULL);
}

static CltConsent
consent_from_string (const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (consents); i++)
    if (g_strcmp0 (consents[i], text) == 0)
      return i;
  return CLT_CONSENT_DEFAULT;
}

static gboolean
apply_customer_fields (CltStore          *self,
                       gint64             id,
                       const CltSyncDoc  *doc,
                       GError           **error)
{
  static const struct { const char *key, *prop; } texts[] = {
    { "given", "given-name" }, { "family", "family-name" }, { "display", "display-name" },
    { "addressed-as", "addressed-as" }, { "honorific", "honorific" }, { "company", "company" },
    { "job-title", "job-title" }, { "language", "language" }, { "birthday", "birthday" },
  };
  g_autoptr(CltCustomer) customer = clt_store_get_customer (self, id, error);
  g_autoptr(GBytes) before = NULL;
  GVariant *value = NULL;
  CltConsent consent;
  gboolean vip;

  if (customer == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    apply_text (customer, doc, texts[i].key, texts[i].prop);
  if (clt_text_is_blank (clt_customer_get_display_name (customer)))
    {
      g_autofree char *name = g_strjoin (" ", clt_customer_get_given_name (customer) ?: "",
                                         clt_customer_get_family_name (customer) ?: "", NULL);

      clt_customer_set_display_name (customer, g_strstrip (name));
    }

  if (field (doc, "vip", G_VARIANT_TYPE_BOOLEAN, &value))
    {
      vip = value != NULL && g_variant_get_boolean (value);
      if (vip != clt_customer_get_vip (customer))
        clt_customer_set_vip (customer, vip);
    }
  if (field (doc, "consent", G_VARIANT_TYPE_STRING, &value))
    {
      consent = consent_from_string (value ? g_variant_get_string (value, NULL) : NULL);
      /* Who recorded it on the other desk is not known here. */
      if (consent != clt_customer_get_email_consent (customer))
        {
          clt_customer_set_email_consent (customer, consent);
          clt_customer_set_consent_source (customer, NULL);
        }
    }

  return clt_store_update_customer (self, customer, error);
}

static gint64
create_customer (CltStore          *self,
                 const CltSyncDoc  *doc,
                 GError           **error)
{
  g_autoptr(CltCustomer) customer = clt_customer_new (NULL);
  const char *display = clt_sync_doc_get_string (doc, "display");

  if (clt_text_is_blank (display))
    {
      g_autofree char *name = g_strjoin (" ", clt_sync_doc_get_string (doc, "given") ?: "",
                                         clt_sync_doc_get_string (doc, "family") ?: "", NULL);

      clt_customer_set_display_name (customer, g_strstrip (name));
      if (clt_text_is_blank (clt_customer_get_display_name (customer)))
        clt_customer_set_display_name (customer, clt_sync_doc_get_string (doc, "company"));
    }
  else
    {
      clt_customer_set_display_name (customer, display);
    }
  clt_customer_set_uid (customer, clt_sync_doc_get_uid (doc));

  return clt_store_add_customer (self, customer, error);
}

/* An element another program wrote that the book refuses (an e-mail
 * address it cannot send to) is left out rather than stopping the round:
 * the server keeps it. */
static gboolean
skip_invalid (GError **local_error,
              GError **error)
{
  if (g_error_matches (*local_error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID))
    {
      g_debug ("Not applied: %s", (*local_error)->message);
      g_clear_error (local_error);
      return TRUE;
    }
  g_propagate_error (error, g_steal_pointer (local_error));
  return FALSE;
}

typedef struct
{
  gint64  id;
  char   *a;
  char   *b;
  gboolean c;
  gint64  d;
  gboolean e;
} Row;

/* The element @uid of the customer in @table: its id (0 when absent) and
 * its shared columns. */
static gboolean
read_row (CltStore    *self,
          guint        element,
          gint64       customer_id,
          const char  *uid,
          Row         *row,
          GError     **error)
{
  static const char * const sql[] = {
    "SELECT id, label, address FROM emails WHERE uid = ?1 AND customer_id = ?2",
    "SELECT id, label, number FROM phones WHERE uid = ?1 AND customer_id = ?2",
    "SELECT id, label, text FROM addresses WHERE uid = ?1 AND customer_id = ?2",
    "SELECT id, category, text, alert, sensitive FROM preferences WHERE uid = ?1 AND customer_id = ?2",
    "SELECT id, text, author, pinned, created_at FROM notes WHERE uid = ?1 AND customer_id = ?2",
  };
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql[element], error);
  int rc;

  memset (row, 0, sizeof *row);
  if (stmt == NULL)
    return FALSE;

  clt_bind_text (stmt, 1, uid);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->id = sqlite3_column_int64 (stmt, 0);
      row->a = dup_text_or_empty (stmt, 1);
      row->b = dup_text_or_empty (stmt, 2);
      if (element >= 3)
        {
          row->c = sqlite3_column_int (stmt, 3) != 0;
          row->d = sqlite3_column_int64 (stmt, 4);
          row->e = row->d != 0;
        }
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }
  return TRUE;
}

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->a, g_free);
  g_clear_pointer (&row->b, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static const char *
blank_to_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* One element: @value NULL removes it. */
static gboolean
apply_element (CltStore    *self,
               gint64       customer_id,
               guint        element,
               const char  *uid,
               GVariant    *value,
               GError     **error)
{
  static const char * const types[] = { "(ss)", "(ss)", "(ss)", "(ssbb)", "(ssbx)" };
  g_auto(Row) row = { 0, NULL, NULL, FALSE, 0, FALSE };
  g_autoptr(GError) local_error = NULL;
  const char *a = NULL, *b = NULL;
  gboolean c = FALSE, e = FALSE;
  gint64 d = 0;
  gint64 id;

  if (!read_row (self, element, customer_id, uid, &row, error))
    return FALSE;

  if (value != NULL && !g_variant_is_of_type (value, G_VARIANT_TYPE (types[element])))
    return TRUE;

  if (value == NULL)
    {
      if (row.id == 0)
        return TRUE;
      if (element < 3)
        return clt_store_delete_contact (self, element, row.id, error);
      if (element == 3)
        return clt_store_delete_preference (self, row.id, error);
      return clt_store_delete_note (self, row.id, error);
    }

  if (element < 3)
    g_variant_get (value, "(&s&s)", &a, &b);
  else if (element == 3)
    g_variant_get (value, "(&s&sbb)", &a, &b, &c, &e);
  else
    g_variant_get (value, "(&s&sbx)", &a, &b, &c, &d);

  if (row.id != 0)
    {
      gboolean ok = TRUE;

      if (element < 3 && (g_strcmp0 (row.a, a) != 0 || g_strcmp0 (row.b, b) != 0))
        ok = clt_store_update_contact (self, element, row.id, blank_to_null (a), b, &local_error);
      else if (element == 3 && (g_strcmp0 (row.a, a) != 0 || g_strcmp0 (row.b, b) != 0 ||
                                row.c != c || row.e != e))
        ok = clt_store_update_preference (self, row.id, blank_to_null (a), b,
                                          (c ? CLT_PREFERENCE_ALERT : 0) |
                                          (e ? CLT_PREFERENCE_SENSITIVE : 0), &local_error);
      else if (element == 4 && (g_strcmp0 (row.a, a) != 0 || row.c != c))
        ok = clt_store_update_note (self, row.id, a, c, &local_error);
      id = row.id;
      if (!ok)
        return skip_invalid (&local_error, error);
    }
  else
    {
      if (element < 3)
        id = clt_store_add_contact (self, customer_id, element, blank_to_null (a), b, &local_error);
      else if (element == 3)
        id = clt_store_add_preference (self, customer_id, blank_to_null (a), b,
                                       (c ? CLT_PREFERENCE_ALERT : 0) |
                                       (e ? CLT_PREFERENCE_SENSITIVE : 0), &local_error);
      else
        id = clt_store_add_note (self, customer_id, a, blank_to_null (b), c, &local_error);
      if (id == 0)
        return skip_invalid (&local_error, error);
      if (!set_uid (self, elements[element].table, id, uid, error))
        return FALSE;
    }

  /* What the note API does not change: its author and its date. */
  if (element == 4 && (row.id == 0 || g_strcmp0 (row.b, b) != 0 || row.d != d))
    {
      g_autoptr(CltStmt) stmt = clt_store_prepare (self,
                                                   "UPDATE notes SET author = ?2, created_at = ?3 WHERE id = ?1",
                                                   error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      clt_bind_text (stmt, 2, blank_to_null (b));
      sqlite3_bind_int64 (stmt, 3, d);
      if (!clt_store_step_done (self, stmt, error))
        return FALSE;
      clt_store_mark_dirty (self, customer_id);
    }

  return TRUE;
}

/* The customer's tag whose name lowered is @lowered, or NULL. */
static char *
find_tag (CltStore    *self,
          gint64       customer_id,
          const char  *lowered,
          GError     **error)
{
  g_auto(GStrv) tags = clt_store_list_tags (self, customer_id, error);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *name = g_utf8_strdown (tags[i], -1);

      if (g_strcmp0 (name, lowered) == 0)
        return g_strdup (tags[i]);
    }

  return NULL;
}

static gboolean
apply_tag (CltStore    *self,
           gint64       customer_id,
           const char  *lowered,
           GVariant    *value,
           GError     **error)
{
  GError *local_error = NULL;
  g_autofree char *worn = find_tag (self, customer_id, lowered, &local_error);
  gboolean wanted = value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) &&
                    g_variant_get_boolean (value);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  if (wanted && worn == NULL)
    return clt_store_add_tag (self, customer_id, lowered, error);
  if (!wanted && worn != NULL)
    return clt_store_remove_tag (self, customer_id, worn, error);
  return TRUE;
}

static gboolean
apply_customer (CltStore    *self,
                CltSyncDoc  *doc,
                GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  const char *uid = clt_sync_doc_get_uid (doc);
  CltSyncState state = clt_sync_doc_get_state (doc, NULL, NULL);
  gboolean trashed = FALSE;
  gboolean anonymised = FALSE;
  gint64 id = 0;
  int rc;

  stmt = clt_store_prepare (self, "SELECT id, trashed_at IS NOT NULL, anonymised FROM customers WHERE uid = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  clt_bind_text (stmt, 1, uid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      trashed = sqlite3_column_int (stmt, 1) != 0;
      anonymised = sqlite3_column_int (stmt, 2) != 0;
    }
  else if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }
  g_clear_pointer (&stmt, clt_stmt_release);

  if (anonymised)
    return TRUE;

  if (state == CLT_SYNC_ERASED)
    {
      if (id != 0)
        return clt_store_erase_customer_data (self, id, FALSE, error);
      /* Erased before it came here: a copy restored later erases it. */
      stmt = clt_store_prepare (self,
                                "INSERT INTO erasures (uid, erased_at) VALUES (?1, ?2)"
                                " ON CONFLICT (uid) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      clt_bind_text (stmt, 1, uid);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      return clt_store_step_done (self, stmt, error);
    }

  if (state == CLT_SYNC_DELETED)
    return id == 0 || trashed || clt_store_trash_customer (self, id, error);

  if (id == 0)
    {
      id = create_customer (self, doc, error);
      if (id == 0)
        return FALSE;
    }
  else if (trashed && !clt_store_untrash_customer (self, id, error))
    {
      return FALSE;
    }

  if (!apply_customer_fields (self, id, doc, error))
    return FALSE;

  keys = clt_sync_doc_get_keys (doc);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      const char *slash = strchr (key, '/');
      GVariant *value = NULL;

      if (slash == NULL || slash[1] == '\0')
        continue;

      clt_sync_doc_lookup (doc, key, &value, NULL, NULL);
      if (g_str_has_prefix (key, "tag/"))
        {
          g_autofree char *lowered = g_utf8_strdown (slash + 1, -1);

          if (!apply_tag (self, id, lowered, value, error))
            return FALSE;
          continue;
        }

      for (guint e = 0; e < G_N_ELEMENTS (elements); e++)
        if (strlen (elements[e].prefix) == (gsize) (slash - key) &&
            strncmp (key, elements[e].prefix, slash - key) == 0 &&
            !apply_element (self, id, e, slash + 1, value, error))
          return FALSE;
    }

  return TRUE;
}

static gint64
get_int64 (const CltSyncDoc *doc,
           const char       *key,
           gint64            otherwise)
{
  GVariant *value = NULL;

  if (!field (doc, key, G_VARIANT_TYPE_INT64, &value) || value == NULL)
    return otherwise;
  return g_variant_get_int64 (value);
}

static gboolean
get_boolean (const CltSyncDoc *doc,
             const char       *key,
             gboolean          otherwise)
{
  GVariant *value = NULL;

  if (!field (doc, key, G_VARIANT_TYPE_BOOLEAN, &value) || value == NULL)
    return otherwise;
  return g_variant_get_boolean (value);
}

/* A text field: the doc's value when it has one, NULL for a tombstone,
 * else @otherwise. */
static const char *
get_text (const CltSyncDoc *doc,
          const char       *key,
          const char       *otherwise)
{
  GVariant *value = NULL;

  if (!field (doc, key, G_VARIANT_TYPE_STRING, &value))
    return otherwise;
  return value ? blank_to_null (g_variant_get_string (value, NULL)) : NULL;
}

/* The customer id of a promise's or contact's "customer". */
static gint64
child_customer (CltStore          *self,
                const CltSyncDoc  *doc,
                GError           **error)
{
  const char *customer = clt_sync_doc_get_string (doc, "customer");
  gint64 id = customer ? find_id (self, "SELECT id FROM customers WHERE uid = ?1 AND anonymised = 0",
                                  customer, error) : 0;

  if (id == 0)
    g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                 _("This promise or contact is for a customer who is not in the book."));
  return id;
}

static gboolean
apply_promise (CltStore    *self,
               CltSyncDoc  *doc,
               GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  const char *uid = clt_sync_doc_get_uid (doc);
  gint64 id = find_id (self, "SELECT id FROM promises WHERE uid = ?1", uid, error);
  gint64 old_customer = 0;
  gint64 customer_id;
  GError *local_error = NULL;

  if (id < 0)
    return FALSE;

  if (id != 0)
    {
      old_customer = find_id (self, "SELECT customer_id FROM promises WHERE uid = ?1", uid, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, local_error);
          return FALSE;
        }
    }

  if (clt_sync_doc_get_state (doc, NULL, NULL) != CLT_SYNC_LIVE)
    {
      if (id == 0)
        return TRUE;
      stmt = clt_store_prepare (self, "DELETE FROM promises WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      clt_store_mark_dirty (self, old_customer);
      return clt_store_step_done (self, stmt, error);
    }

  customer_id = child_customer (self, doc, error);
  if (customer_id <= 0)
    return FALSE;

  if (id == 0)
    {
      id = clt_store_add_promise (self, customer_id, get_text (doc, "text", NULL), NULL,
                                  get_int64 (doc, "due", 0), get_boolean (doc, "all-day", FALSE), error);
      if (id == 0 || !set_uid (self, "promises", id, uid, error))
        return FALSE;
    }

  /* Every shared column: what the doc lacks stays as it is. */
  stmt = clt_store_prepare (self,
                            "UPDATE promises SET customer_id = ?2,"
                            " text = CASE WHEN ?3 THEN ?4 ELSE text END,"
                            " promised_by = CASE WHEN ?5 THEN ?6 ELSE promised_by END,"
                            " created_at = coalesce (?7, created_at),"
                            " due_at = coalesce (?8, due_at),"
                            " due_all_day = coalesce (?9, due_all_day),"
                            " reminded_at = CASE WHEN ?10 AND remind_at IS NOT ?11 THEN NULL ELSE reminded_at END,"
                            " remind_at = CASE WHEN ?10 THEN ?11 ELSE remind_at END,"
                            " status = coalesce (?12, status),"
                            " closed_at = CASE WHEN ?13 THEN ?14 ELSE closed_at END"
                            " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  {
    GVariant *value = NULL;
    gboolean has;

    sqlite3_bind_int64 (stmt, 1, id);
    sqlite3_bind_int64 (stmt, 2, customer_id);
    has = field (doc, "text", G_VARIANT_TYPE_STRING, &value) && value != NULL;
    sqlite3_bind_int (stmt, 3, has);
    clt_bind_text (stmt, 4, has ? g_variant_get_string (value, NULL) : NULL);
    has = field (doc, "promised-by", G_VARIANT_TYPE_STRING, &value);
    sqlite3_bind_int (stmt, 5, has);
    clt_bind_text (stmt, 6, value ? blank_to_null (g_variant_get_string (value, NULL)) : NULL);
    if (field (doc, "created", G_VARIANT_TYPE_INT64, &value) && value != NULL)
      sqlite3_bind_int64 (stmt, 7, g_variant_get_int64 (value));
    if (field (doc, "due", G_VARIANT_TYPE_INT64, &value) && value != NULL)
      sqlite3_bind_int64 (stmt, 8, g_variant_get_int64 (value));
    if (field (doc, "all-day", G_VARIANT_TYPE_BOOLEAN, &value) && value != NULL)
      sqlite3_bind_int (stmt, 9, g_variant_get_boolean (value));
    has = field (doc, "remind", G_VARIANT_TYPE_INT64, &value);
    sqlite3_bind_int (stmt, 10, has);
    if (value != NULL)
      sqlite3_bind_int64 (stmt, 11, g_variant_get_int64 (value));
    clt_bind_text (stmt, 12, get_text (doc, "status", NULL));
    has = field (doc, "closed", G_VARIANT_TYPE_INT64, &value);
    sqlite3_bind_int (stmt, 13, has);
    if (value != NULL)
      sqlite3_bind_int64 (stmt, 14, g_variant_get_int64 (value));
  }

  clt_store_mark_dirty (self, customer_id);
  if (old_customer != 0 && old_customer != customer_id)
    clt_store_mark_dirty (self, old_customer);
  return clt_store_step_done (self, stmt, error);
}

static gboolean
apply_contact (CltStore    *self,
               CltSyncDoc  *doc,
               GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(CltInteraction) old = NULL;
  const char *uid = clt_sync_doc_get_uid (doc);
  gint64 id = find_id (self, "SELECT id FROM interactions WHERE uid = ?1", uid, error);
  CltInteractionKind kind = CLT_INTERACTION_OTHER;
  gint64 customer_id;

  if (id < 0)
    return FALSE;

  if (clt_sync_doc_get_state (doc, NULL, NULL) != CLT_SYNC_LIVE)
    return id == 0 || clt_store_delete_interaction (self, id, error);

  customer_id = child_customer (self, doc, error);
  if (customer_id <= 0)
    return FALSE;

  if (id != 0)
    {
      old = clt_store_get_interaction (self, id, error);
      if (old == NULL)
        return FALSE;
      kind = old->kind;
    }

  if (get_text (doc, "kind", NULL) != NULL)
    clt_interaction_kind_from_string (get_text (doc, "kind", NULL), &kind);

  if (id == 0)
    {
      id = clt_store_add_interaction (self, customer_id, kind, get_int64 (doc, "at", 0),
                                      get_boolean (doc, "planned", FALSE), get_text (doc, "note", NULL),
                                      get_text (doc, "staff", NULL), error);
      if (id == 0 || !set_uid (self, "interactions", id, uid, error))
        return FALSE;
    }
  else if (!clt_store_update_interaction (self, id, kind, get_int64 (doc, "at", old->at),
                                          get_boolean (doc, "planned", old->planned),
                                          get_text (doc, "note", old->note),
                                          get_text (doc, "staff", old->staff), error))
    {
      return FALSE;
    }

  stmt = clt_store_prepare (self,
                            "UPDATE interactions SET customer_id = ?2, created_at = coalesce (?3, created_at)"
                            " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  if (get_int64 (doc, "created", 0) != 0)
    sqlite3_bind_int64 (stmt, 3, get_int64 (doc, "created", 0));
  clt_store_mark_dirty (self, customer_id);
  return clt_store_step_done (self, stmt, error);
}

/**
 * clt_store_sync_apply_doc:
 * @doc: a remote or merged version of a shared object
 *
 * Writes @doc into the book (see clt-store-sync.h), in one transaction,
 * without journalling it.
 */
gboolean
clt_store_sync_apply_doc (CltStore    *self,
                          CltSyncDoc  *doc,
                          GError     **error)
{
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (doc != NULL, FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  ok = clt_store_exec (self, "INSERT INTO sync_applying VALUES (1)", error);
  if (ok)
    {
      switch (clt_sync_doc_get_kind (doc))
        {
        case CLT_SYNC_CUSTOMER:
          ok = apply_customer (self, doc, error);
          break;
        case CLT_SYNC_PROMISE:
          ok = apply_promise (self, doc, error);
          break;
        case CLT_SYNC_CONTACT:
        default:
          ok = apply_contact (self, doc, error);
          break;
        }
    }
  ok = ok && clt_store_exec (self, "DELETE FROM sync_applying", error);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/* A first sync ----------------------------------------------------------- */

static GStrv
element_values (const CltSyncDoc *doc,
                const char       *prefix)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys_with_prefix (doc, prefix);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();

  for (guint i = 0; i < keys->len; i++)
    {
      GVariant *value = NULL;
      const char *text = NULL;

      if (field (doc, g_ptr_array_index (keys, i), G_VARIANT_TYPE ("(ss)"), &value) && value != NULL)
        {
          g_variant_get (value, "(&s&s)", NULL, &text);
          g_strv_builder_add (values, text);
        }
    }

  return g_strv_builder_end (values);
}

char *
clt_store_sync_find_match (CltStore          *self,
                           const CltSyncDoc  *doc,
                           GError           **error)
{
  g_auto(GStrv) emails = NULL;
  g_auto(GStrv) phones = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  if (clt_sync_doc_get_kind (doc) != CLT_SYNC_CUSTOMER)
    return NULL;

  emails = element_values (doc, "email/");
  phones = element_values (doc, "phone/");
  if (emails[0] == NULL && phones[0] == NULL)
    return NULL;

  found = clt_store_find_duplicates (self, NULL, (const char * const *) emails,
                                     (const char * const *) phones, error);
  if (found == NULL)
    return NULL;

  /* Not one the server already has: that is another person. */
  stmt = clt_store_prepare (self,
                            "SELECT c.uid FROM customers c WHERE c.id = ?1 AND c.anonymised = 0"
                            " AND c.uid IS NOT NULL AND c.uid IS NOT ?2 AND NOT EXISTS"
                            " (SELECT 1 FROM sync_items s WHERE s.kind = 0 AND s.uid = c.uid)", error);
  if (stmt == NULL)
    return NULL;

  for (guint i = 0; i < found->len; i++)
    {
      CltDuplicate *duplicate = g_ptr_array_index (found, i);
      int rc;

      if ((duplicate->reasons & (CLT_DUPLICATE_EMAIL | CLT_DUPLICATE_PHONE)) == 0)
        continue;

      sqlite3_bind_int64 (stmt, 1, duplicate->customer_id);
      clt_bind_text (stmt, 2, clt_sync_doc_get_uid (doc));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        return clt_column_dup_text (stmt, 0);
      if (rc != SQLITE_DONE)
        {
          clt_store_set_error (self, rc, error);
          return NULL;
        }
      sqlite3_reset (stmt);
    }

  return NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-store-sync-private.h"

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

#define NOW_US "(CAST (round ((julianday ('now') - 2440587.5) * 86400000.0) AS INTEGER) * 1000)"
#define QUIET  "NOT EXISTS (SELECT 1 FROM sync_applying)"
#define JOURNAL "INSERT INTO sync_journal (kind, uid, key, changed) "

const CltSyncElement clt_sync_elements[CLT_SYNC_N_ELEMENTS] = {
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
  JOURNAL "VALUES (0, NEW.uid, '" CLT_SYNC_STATE_KEY "', " NOW_US "); END;"
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
  CHANGED_KEY (CLT_SYNC_STATE_KEY, "trashed_at")
  "); END;"
  "CREATE TRIGGER IF NOT EXISTS sync_customers_delete AFTER DELETE ON customers"
  " WHEN OLD.anonymised = 0 AND " QUIET " BEGIN "
  JOURNAL "VALUES (0, OLD.uid, '" CLT_SYNC_STATE_KEY "', " NOW_US "); END;"
  /* Erased or anonymised: what the journal and the agreed version said
   * about them goes, whoever erased them; the erasure is journalled. */
  "CREATE TRIGGER IF NOT EXISTS sync_customers_anonymise AFTER UPDATE OF anonymised ON customers"
  " WHEN OLD.anonymised = 0 AND NEW.anonymised = 1 BEGIN"
  " UPDATE sync_items SET base = NULL WHERE kind = 0 AND uid = OLD.uid;"
  " DELETE FROM sync_journal WHERE kind = 0 AND uid = OLD.uid;"
  " " JOURNAL "SELECT 0, OLD.uid, '" CLT_SYNC_ERASED_KEY "', " NOW_US " WHERE " QUIET "; END;"
  "CREATE TRIGGER IF NOT EXISTS sync_erasures_insert AFTER INSERT ON erasures BEGIN"
  " UPDATE sync_items SET base = NULL WHERE kind = 0 AND uid = NEW.uid;"
  " DELETE FROM sync_journal WHERE kind = 0 AND uid = NEW.uid;"
  " " JOURNAL "SELECT 0, NEW.uid, '" CLT_SYNC_ERASED_KEY "', " NOW_US " WHERE " QUIET "; END;"
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
  JOURNAL "VALUES (1, NEW.uid, '" CLT_SYNC_STATE_KEY "', " NOW_US "); END;"
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
  JOURNAL "VALUES (1, OLD.uid, '" CLT_SYNC_STATE_KEY "', " NOW_US "); END;"
  /* Logged contacts. */
  "CREATE TRIGGER IF NOT EXISTS sync_interactions_insert AFTER INSERT ON interactions"
  " WHEN " QUIET " BEGIN "
  JOURNAL "VALUES (2, NEW.uid, '" CLT_SYNC_STATE_KEY "', " NOW_US "); END;"
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
  JOURNAL "VALUES (2, OLD.uid, '" CLT_SYNC_STATE_KEY "', " NOW_US "); END;";

static const char * const trigger_names[] = {
  "sync_customers_insert", "sync_customers_update", "sync_customers_delete",
  "sync_customers_anonymise", "sync_erasures_insert", "sync_customer_tags_insert",
  "sync_customer_tags_delete", "sync_promises_insert", "sync_promises_update",
  "sync_promises_delete", "sync_interactions_insert", "sync_interactions_update",
  "sync_interactions_delete",
};

const char * const clt_sync_consents[3] = {
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

void
clt_sync_set_not_found (GError **error)
{
  g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                       _("This customer or item no longer exists. It may have been deleted."));
}

char *
clt_sync_column_dup_text_or_empty (sqlite3_stmt *stmt,
                                   int           column)
{
  return sqlite3_column_type (stmt, column) == SQLITE_NULL ? g_strdup ("")
                                                           : clt_column_dup_text (stmt, column);
}

const char *
clt_sync_blank_to_null (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

/* The value of a field of @doc: %FALSE when absent; *value %NULL for a
 * tombstone, or when it is not of @type (another program's damage is not
 * written into the book). */
gboolean
clt_sync_field (const CltSyncDoc    *doc,
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

  for (guint i = 0; i < G_N_ELEMENTS (clt_sync_elements); i++)
    {
      g_autofree char *sql = g_strdup_printf (ELEMENT_TRIGGERS, clt_sync_elements[i].table, clt_sync_elements[i].prefix,
                                              clt_sync_elements[i].columns, clt_sync_elements[i].changed);

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

  for (guint i = 0; i < G_N_ELEMENTS (clt_sync_elements); i++)
    for (guint j = 0; j < G_N_ELEMENTS (verbs); j++)
      {
        g_autofree char *sql = g_strdup_printf ("DROP TRIGGER IF EXISTS sync_%s_%s",
                                                clt_sync_elements[i].table, verbs[j]);

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
    /* what was learnt of the server and its rounds; the desk stays */
    "DELETE FROM settings WHERE key LIKE 'sync-%' AND key != 'sync-desk'",
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
clt_store_sync_use_collection (CltStore     *self,
                               CltSyncKind   kind,
                               const char   *href,
                               gboolean     *changed,
                               GError      **error)
{
  g_autofree char *current = NULL;
  g_autoptr(CltStmt) forget = NULL;
  g_autoptr(CltStmt) use = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (changed != NULL)
    *changed = FALSE;
  if (!clt_store_tx_begin (self, error))
    return FALSE;

  ok = clt_store_sync_get_collection (self, kind, &current, NULL, error);
  if (ok && g_strcmp0 (current, href) != 0)
    {
      forget = clt_store_prepare (self, "DELETE FROM sync_items WHERE kind = ?1", error);
      ok = forget != NULL;
      if (ok)
        {
          sqlite3_bind_int (forget, 1, kind);
          ok = clt_store_step_done (self, forget, error);
        }
      g_clear_pointer (&forget, clt_stmt_release);

      use = ok ? clt_store_prepare (self,
                                    "INSERT INTO sync_collections (kind, href) VALUES (?1, ?2)"
                                    " ON CONFLICT (kind) DO UPDATE SET href = excluded.href, token = NULL",
                                    error)
               : NULL;
      ok = use != NULL;
      if (ok)
        {
          sqlite3_bind_int (use, 1, kind);
          clt_bind_text (use, 2, href);
          ok = clt_store_step_done (self, use, error);
        }
      g_clear_pointer (&use, clt_stmt_release);

      if (ok && changed != NULL)
        *changed = TRUE;
    }

  return clt_store_tx_end (self, ok, ok ? error : NULL);
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

static gpointer
read_item_with_base (sqlite3_stmt *stmt)
{
  return read_item (stmt, TRUE);
}

GPtrArray *
clt_store_sync_list_gone (CltStore     *self,
                          CltSyncKind   kind,
                          GError      **error)
{
  static const char * const sql[] = {
    [CLT_SYNC_CUSTOMER] = "SELECT kind, uid, href, etag, base FROM sync_items"
                          " WHERE kind = ?1 AND href IS NOT NULL AND base IS NOT NULL"
                          " AND NOT EXISTS (SELECT 1 FROM customers WHERE customers.uid = sync_items.uid)",
    [CLT_SYNC_PROMISE] = "SELECT kind, uid, href, etag, base FROM sync_items"
                         " WHERE kind = ?1 AND href IS NOT NULL AND base IS NOT NULL"
                         " AND NOT EXISTS (SELECT 1 FROM promises WHERE promises.uid = sync_items.uid)",
    [CLT_SYNC_CONTACT] = "SELECT kind, uid, href, etag, base FROM sync_items"
                         " WHERE kind = ?1 AND href IS NOT NULL AND base IS NOT NULL"
                         " AND NOT EXISTS (SELECT 1 FROM interactions WHERE interactions.uid = sync_items.uid)",
  };

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (kind < G_N_ELEMENTS (sql), NULL);

  return clt_store_list_rows (self, sql[kind], kind, read_item_with_base,
                              (GDestroyNotify) clt_sync_item_free, error);
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

      if (clt_sync_field (doc, g_ptr_array_index (keys, i), G_VARIANT_TYPE ("(ss)"), &value) && value != NULL)
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

/* The customer a shared object belongs to: the customer themselves, or
 * the one a promise or a logged contact is for. 0 when the book has none. */
static gint64
customer_of (CltStore     *self,
             CltSyncKind   kind,
             const char   *uid,
             GError      **error)
{
  static const char * const sql[] = {
    [CLT_SYNC_CUSTOMER] = "SELECT id FROM customers WHERE uid = ?1",
    [CLT_SYNC_PROMISE] = "SELECT customer_id FROM promises WHERE uid = ?1",
    [CLT_SYNC_CONTACT] = "SELECT customer_id FROM interactions WHERE uid = ?1",
  };

  return clt_sync_find_id (self, sql[kind], uid, error);
}

/**
 * clt_store_sync_add_note:
 *
 * Keeps @text (a value that lost a merge) in a note on the customer the
 * object belongs to. The note is a change of this desk: it is journalled
 * and shared like any other. Nothing is written when the book has no
 * such customer.
 */
gboolean
clt_store_sync_add_note (CltStore     *self,
                         CltSyncKind   kind,
                         const char   *uid,
                         const char   *text,
                         GError      **error)
{
  gint64 customer_id;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (uid != NULL && text != NULL, FALSE);

  customer_id = customer_of (self, kind, uid, error);
  if (customer_id < 0)
    return FALSE;
  if (customer_id == 0)
    return TRUE;

  return clt_store_add_note (self, customer_id, text, NULL, FALSE, error) > 0;
}

/**
 * clt_store_sync_adopt_uid:
 *
 * A first sync between two books that hold the same guest: the book's
 * customer @local_uid, never shared, takes the server's @remote_uid, with
 * its journal, so that it is that record from now on. Its promises and
 * logged contacts already on the server (the task list kept when another
 * address book was picked) name the old uid there: they are journalled,
 * to be sent again with the new one.
 */
gboolean
clt_store_sync_adopt_uid (CltStore     *self,
                          const char   *local_uid,
                          const char   *remote_uid,
                          GError      **error)
{
  g_autoptr(CltStmt) customer = NULL;
  g_autoptr(CltStmt) journal = NULL;
  g_autoptr(CltStmt) item = NULL;
  g_autoptr(CltStmt) related = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (local_uid != NULL && remote_uid != NULL, FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  customer = clt_store_prepare (self, "UPDATE customers SET uid = ?2 WHERE uid = ?1", error);
  journal = clt_store_prepare (self, "UPDATE sync_journal SET uid = ?2 WHERE kind = 0 AND uid = ?1", error);
  item = clt_store_prepare (self, "DELETE FROM sync_items WHERE kind = 0 AND uid = ?1", error);
  related = clt_store_prepare (self,
                               JOURNAL "SELECT i.kind, i.uid, 'customer', " NOW_US " FROM sync_items i"
                               " WHERE i.href IS NOT NULL AND ((i.kind = 1 AND i.uid IN"
                               " (SELECT p.uid FROM promises p JOIN customers c ON c.id = p.customer_id"
                               " WHERE c.uid = ?1)) OR (i.kind = 2 AND i.uid IN"
                               " (SELECT n.uid FROM interactions n JOIN customers c ON c.id = n.customer_id"
                               " WHERE c.uid = ?1)))",
                               error);
  ok = customer != NULL && journal != NULL && item != NULL && related != NULL;
  if (ok)
    {
      clt_bind_text (related, 1, local_uid);
      ok = clt_store_step_done (self, related, error);
    }
  if (ok)
    {
      clt_bind_text (customer, 1, local_uid);
      clt_bind_text (customer, 2, remote_uid);
      clt_bind_text (journal, 1, local_uid);
      clt_bind_text (journal, 2, remote_uid);
      clt_bind_text (item, 1, local_uid);
      ok = clt_store_step_done (self, customer, error) &&
           clt_store_step_done (self, journal, error) &&
           clt_store_step_done (self, item, error);
    }

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

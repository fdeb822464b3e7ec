/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-store-sync-private.h"

/* Reading a shared object as the book has it now, each field stamped
 * from the journal and the version last agreed on (see clt-store-sync.c). */

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

          key = g_strconcat (clt_sync_elements[i].prefix, "/", clt_column_text (stmt, 0), NULL);
          a = clt_sync_column_dup_text_or_empty (stmt, 1);
          b = clt_sync_column_dup_text_or_empty (stmt, 2);
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
                            "  WHERE kind = 0 AND uid = ?1 AND key = '" CLT_SYNC_ERASED_KEY "'"
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
  clt_sync_doc_set (doc, "consent", g_variant_new_string (clt_sync_consents[consent]), 0, NULL);
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
      gint64 changed = journal_time (journal, state == CLT_SYNC_ERASED ? CLT_SYNC_ERASED_KEY : CLT_SYNC_STATE_KEY);

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

  /* What was agreed and is no longer here: removed; but when the object
   * itself is gone (deleted outright, or purged from the trash), its
   * state says so and it keeps the fields as agreed, so that a later
   * change on another desk brings it back whole. */
  if (base != NULL && current->now == NULL)
    {
      keys = clt_sync_doc_get_keys (base);
      for (guint i = 0; i < keys->len; i++)
        {
          const char *name = g_ptr_array_index (keys, i);
          GVariant *agreed = NULL;
          const char *agreed_desk = NULL;
          gint64 agreed_changed = 0;

          clt_sync_doc_lookup (base, name, &agreed, &agreed_changed, &agreed_desk);
          clt_sync_doc_set (doc, name, agreed, agreed_changed, agreed_desk);
        }
      g_clear_pointer (&keys, g_ptr_array_unref);
    }
  else if (base != NULL)
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
      clt_sync_set_not_found (error);
      return NULL;
    }

  if (seq != NULL)
    *seq = journal.seq;

  return stamp (kind, uid, &current, state, item ? item->base : NULL, &journal, desk);
}


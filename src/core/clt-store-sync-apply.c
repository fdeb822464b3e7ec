/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-store-sync-private.h"

/* Writing a remote or merged object into the book, unjournalled (see
 * clt-store-sync.c), through the store's own functions so that the search
 * index and the derived columns stay right. */

/* The id the query @sql finds for @uid: 0 when none, -1 on error. */
gint64
clt_sync_find_id (CltStore    *self,
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

  if (!clt_sync_field (doc, key, G_VARIANT_TYPE_STRING, &value))
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
  for (guint i = 0; i < G_N_ELEMENTS (clt_sync_consents); i++)
    if (g_strcmp0 (clt_sync_consents[i], text) == 0)
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

  if (clt_sync_field (doc, "vip", G_VARIANT_TYPE_BOOLEAN, &value))
    {
      vip = value != NULL && g_variant_get_boolean (value);
      if (vip != clt_customer_get_vip (customer))
        clt_customer_set_vip (customer, vip);
    }
  if (clt_sync_field (doc, "consent", G_VARIANT_TYPE_STRING, &value))
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

/* An element's shared columns, in the order of its value in the card:
 * (label, value) of a contact, (category, text, alert, sensitive) of a
 * preference, (text, author, pinned, created) of a note; "" for NULL. */
typedef struct
{
  gint64    id;       /* 0: not in the book */
  char     *first;
  char     *second;
  gboolean  flag;     /* alert, pinned */
  gboolean  sensitive;
  gint64    created;
} Row;

/* The element @uid of the customer: its id and shared columns. */
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
      row->first = clt_sync_column_dup_text_or_empty (stmt, 1);
      row->second = clt_sync_column_dup_text_or_empty (stmt, 2);
      if (element >= 3)
        row->flag = sqlite3_column_int (stmt, 3) != 0;
      if (element == 3)
        row->sensitive = sqlite3_column_int (stmt, 4) != 0;
      if (element == 4)
        row->created = sqlite3_column_int64 (stmt, 4);
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
  g_clear_pointer (&row->first, g_free);
  g_clear_pointer (&row->second, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

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
  g_auto(Row) row = { 0, NULL, NULL, FALSE, FALSE, 0 };
  g_autoptr(GError) local_error = NULL;
  const char *first = NULL, *second = NULL;
  gboolean flag = FALSE, sensitive = FALSE;
  gint64 created = 0;
  CltPreferenceFlags flags;
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
    g_variant_get (value, "(&s&s)", &first, &second);
  else if (element == 3)
    g_variant_get (value, "(&s&sbb)", &first, &second, &flag, &sensitive);
  else
    g_variant_get (value, "(&s&sbx)", &first, &second, &flag, &created);
  flags = (flag ? CLT_PREFERENCE_ALERT : 0) | (sensitive ? CLT_PREFERENCE_SENSITIVE : 0);

  if (row.id != 0)
    {
      gboolean ok = TRUE;

      gboolean same = g_strcmp0 (row.first, first) == 0 && row.flag == flag;

      if (element < 3 && (!same || g_strcmp0 (row.second, second) != 0))
        ok = clt_store_update_contact (self, element, row.id, clt_sync_blank_to_null (first), second,
                                       &local_error);
      else if (element == 3 && (!same || g_strcmp0 (row.second, second) != 0 || row.sensitive != sensitive))
        ok = clt_store_update_preference (self, row.id, clt_sync_blank_to_null (first), second, flags,
                                          &local_error);
      else if (element == 4 && !same)
        ok = clt_store_update_note (self, row.id, first, flag, &local_error);
      id = row.id;
      if (!ok)
        return skip_invalid (&local_error, error);
    }
  else
    {
      if (element < 3)
        id = clt_store_add_contact (self, customer_id, element, clt_sync_blank_to_null (first), second,
                                    &local_error);
      else if (element == 3)
        id = clt_store_add_preference (self, customer_id, clt_sync_blank_to_null (first), second, flags,
                                       &local_error);
      else
        id = clt_store_add_note (self, customer_id, first, clt_sync_blank_to_null (second), flag,
                                 &local_error);
      if (id == 0)
        return skip_invalid (&local_error, error);
      if (!set_uid (self, clt_sync_elements[element].table, id, uid, error))
        return FALSE;
    }

  /* What the note API does not change: its author and its date. */
  if (element == 4 && (row.id == 0 || g_strcmp0 (row.second, second) != 0 || row.created != created))
    {
      g_autoptr(CltStmt) stmt = clt_store_prepare (self,
                                                   "UPDATE notes SET author = ?2, created_at = ?3 WHERE id = ?1",
                                                   error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      clt_bind_text (stmt, 2, clt_sync_blank_to_null (second));
      sqlite3_bind_int64 (stmt, 3, created);
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

      for (guint e = 0; e < G_N_ELEMENTS (clt_sync_elements); e++)
        if (strlen (clt_sync_elements[e].prefix) == (gsize) (slash - key) &&
            strncmp (key, clt_sync_elements[e].prefix, slash - key) == 0 &&
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

  if (!clt_sync_field (doc, key, G_VARIANT_TYPE_INT64, &value) || value == NULL)
    return otherwise;
  return g_variant_get_int64 (value);
}

static gboolean
get_boolean (const CltSyncDoc *doc,
             const char       *key,
             gboolean          otherwise)
{
  GVariant *value = NULL;

  if (!clt_sync_field (doc, key, G_VARIANT_TYPE_BOOLEAN, &value) || value == NULL)
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

  if (!clt_sync_field (doc, key, G_VARIANT_TYPE_STRING, &value))
    return otherwise;
  return value ? clt_sync_blank_to_null (g_variant_get_string (value, NULL)) : NULL;
}

/* The customer id of a promise's or contact's "customer". */
static gint64
child_customer (CltStore          *self,
                const CltSyncDoc  *doc,
                GError           **error)
{
  const char *customer = clt_sync_doc_get_string (doc, "customer");
  gint64 id = customer ? clt_sync_find_id (self, "SELECT id FROM customers WHERE uid = ?1 AND anonymised = 0",
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
  gint64 id = clt_sync_find_id (self, "SELECT id FROM promises WHERE uid = ?1", uid, error);
  gint64 old_customer = 0;
  gint64 customer_id;
  GError *local_error = NULL;

  if (id < 0)
    return FALSE;

  if (id != 0)
    {
      old_customer = clt_sync_find_id (self, "SELECT customer_id FROM promises WHERE uid = ?1", uid, &local_error);
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
    has = clt_sync_field (doc, "text", G_VARIANT_TYPE_STRING, &value) && value != NULL;
    sqlite3_bind_int (stmt, 3, has);
    clt_bind_text (stmt, 4, has ? g_variant_get_string (value, NULL) : NULL);
    has = clt_sync_field (doc, "promised-by", G_VARIANT_TYPE_STRING, &value);
    sqlite3_bind_int (stmt, 5, has);
    clt_bind_text (stmt, 6, value ? clt_sync_blank_to_null (g_variant_get_string (value, NULL)) : NULL);
    if (clt_sync_field (doc, "created", G_VARIANT_TYPE_INT64, &value) && value != NULL)
      sqlite3_bind_int64 (stmt, 7, g_variant_get_int64 (value));
    if (clt_sync_field (doc, "due", G_VARIANT_TYPE_INT64, &value) && value != NULL)
      sqlite3_bind_int64 (stmt, 8, g_variant_get_int64 (value));
    if (clt_sync_field (doc, "all-day", G_VARIANT_TYPE_BOOLEAN, &value) && value != NULL)
      sqlite3_bind_int (stmt, 9, g_variant_get_boolean (value));
    has = clt_sync_field (doc, "remind", G_VARIANT_TYPE_INT64, &value);
    sqlite3_bind_int (stmt, 10, has);
    if (value != NULL)
      sqlite3_bind_int64 (stmt, 11, g_variant_get_int64 (value));
    clt_bind_text (stmt, 12, get_text (doc, "status", NULL));
    has = clt_sync_field (doc, "closed", G_VARIANT_TYPE_INT64, &value);
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
  gint64 id = clt_sync_find_id (self, "SELECT id FROM interactions WHERE uid = ?1", uid, error);
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


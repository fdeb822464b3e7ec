/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include "clt-store-private.h"

/* Each kind of item: its rows, then how many there are, for a card that
 * holds a few of each. */
typedef struct
{
  CltRememberKind  kind;
  const char      *sql;
  const char      *count_sql;
} ItemQuery;

static const ItemQuery item_queries[] = {
  { CLT_REMEMBER_ALERT,
    "SELECT id, category, text, NULL, created_at, sensitive FROM preferences"
    " WHERE customer_id = ?1 AND alert = 1 ORDER BY position, id LIMIT ?3",
    "SELECT count(*) FROM preferences WHERE customer_id = ?1 AND alert = 1" },
  { CLT_REMEMBER_PROMISE,
    "SELECT id, NULL, text, promised_by, due_at, 0 FROM promises"
    " WHERE customer_id = ?1 AND status = 'open' ORDER BY due_at, id LIMIT ?3",
    "SELECT count(*) FROM promises WHERE customer_id = ?1 AND status = 'open'" },
  { CLT_REMEMBER_PREFERENCE,
    "SELECT id, category, text, NULL, created_at, sensitive FROM preferences"
    " WHERE customer_id = ?1 AND alert = 0"
    " ORDER BY category IS NULL, category COLLATE NOCASE, position, id LIMIT ?3",
    "SELECT count(*) FROM preferences WHERE customer_id = ?1 AND alert = 0" },
  { CLT_REMEMBER_NOTE,
    "SELECT id, NULL, text, author, created_at, 0 FROM notes"
    " WHERE customer_id = ?1 AND pinned = 1 ORDER BY created_at DESC, id DESC LIMIT ?3",
    "SELECT count(*) FROM notes WHERE customer_id = ?1 AND pinned = 1" },
};

static gboolean
count_more (CltStore        *self,
            CltRemember     *card,
            const ItemQuery *query,
            guint            n_read,
            GError         **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, query->count_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, card->customer_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  card->n_more[query->kind] = (guint) MAX (sqlite3_column_int64 (stmt, 0) - (gint64) n_read, 0);

  return TRUE;
}

static gboolean
add_items (CltStore        *self,
           CltRemember     *card,
           const ItemQuery *query,
           guint            limit,
           gint64           now_unix,
           GError         **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, query->sql, error);
  CltRememberKind kind = query->kind;
  guint n_read = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;

  /* Every query takes the customer as ?1, the time as ?2 and the most
   * rows as ?3; columns are id, category, text, author, when, sensitive. */
  sqlite3_bind_int64 (stmt, 1, card->customer_id);
  sqlite3_bind_int64 (stmt, 2, now_unix);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      n_read++;
      gint64 when = sqlite3_column_int64 (stmt, 4);

      clt_remember_add_item (card, kind,
                             sqlite3_column_int64 (stmt, 0),
                             clt_column_text (stmt, 1),
                             clt_column_text (stmt, 2),
                             clt_column_text (stmt, 3),
                             when,
                             kind == CLT_REMEMBER_PROMISE && when < now_unix,
                             sqlite3_column_int (stmt, 5) != 0);
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  if (limit > 0 && n_read == limit)
    return count_more (self, card, query, n_read, error);

  return TRUE;
}

/**
 * clt_store_get_remember:
 * @now_unix: the present, to tell overdue promises and expected visits
 *
 * Gathers what must be remembered about a customer, in the card's order:
 * alerts, open promises (overdue first), preferences grouped by category,
 * pinned notes, then the last contact and how often they come.
 */
CltRemember *
clt_store_get_remember (CltStore  *self,
                        gint64     customer_id,
                        gint64     now_unix,
                        GError   **error)
{
  return clt_store_get_remember_bounded (self, customer_id, now_unix, 0, error);
}

/**
 * clt_store_get_remember_bounded:
 * @now_unix: the present, to tell overdue promises and expected visits
 * @limit: the most items of each kind, 0 for all
 *
 * The card of clt_store_get_remember() with at most @limit alerts, @limit
 * promises, @limit preferences and @limit pinned notes, the first ones in
 * the card's order; its n_more says how many of each it leaves out. A
 * window shows this, so that a customer with thousands of preferences
 * shows as fast as one with three.
 */
CltRemember *
clt_store_get_remember_bounded (CltStore  *self,
                                gint64     customer_id,
                                gint64     now_unix,
                                guint      limit,
                                GError   **error)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(CltRemember) card = NULL;
  g_autoptr(CltStmt) last = NULL;
  g_autoptr(CltStmt) next = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  customer = clt_store_get_customer (self, customer_id, error);
  if (customer == NULL)
    return NULL;

  card = clt_remember_new (customer_id, clt_customer_get_display_name (customer));

  for (guint i = 0; i < G_N_ELEMENTS (item_queries); i++)
    if (!add_items (self, card, &item_queries[i], limit, now_unix, error))
      return NULL;

  last = clt_store_prepare (self,
                            "SELECT kind, at, staff, note,"
                            " (SELECT count(*) FROM interactions WHERE customer_id = ?1 AND planned = 0)"
                            " FROM interactions WHERE customer_id = ?1 AND planned = 0"
                            " ORDER BY at DESC, id DESC LIMIT 1", error);
  next = clt_store_prepare (self,
                            "SELECT min(at) FROM interactions"
                            " WHERE customer_id = ?1 AND planned = 1 AND at >= ?2", error);
  if (last == NULL || next == NULL)
    return NULL;

  sqlite3_bind_int64 (last, 1, customer_id);
  if (sqlite3_step (last) == SQLITE_ROW)
    {
      clt_interaction_kind_from_string (clt_column_text (last, 0), &card->last_kind);
      card->last_contact = sqlite3_column_int64 (last, 1);
      card->last_by = clt_column_dup_text (last, 2);
      card->last_note = clt_column_dup_text (last, 3);
      card->n_contacts = sqlite3_column_int (last, 4);
    }

  sqlite3_bind_int64 (next, 1, customer_id);
  sqlite3_bind_int64 (next, 2, now_unix);
  if (sqlite3_step (next) == SQLITE_ROW)
    card->next_planned = sqlite3_column_int64 (next, 0);

  return g_steal_pointer (&card);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-store-import.h"
#include "clt-store-private.h"
#include "clt-text.h"

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
foreach_row (CltStore         *self,
             const char       *sql,
             CltStoreKey       kind,
             CltStoreKeyFunc   func,
             gpointer          user_data,
             GError          **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltStoreKey row_kind = kind;

      /* The UID query says in its third column whether it is in the trash. */
      if (kind == CLT_STORE_KEY_UID && sqlite3_column_int (stmt, 2))
        row_kind = CLT_STORE_KEY_TRASHED_UID;
      func (row_kind, sqlite3_column_int64 (stmt, 0), clt_column_text (stmt, 1), user_data);
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

gboolean
clt_store_foreach_match_key (CltStore         *self,
                             CltStoreKeyFunc   func,
                             gpointer          user_data,
                             GError          **error)
{
  g_autoptr(CltStmt) names = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!foreach_row (self,
                    "SELECT id, uid, trashed_at IS NOT NULL FROM customers WHERE uid IS NOT NULL",
                    CLT_STORE_KEY_UID, func, user_data, error) ||
      !foreach_row (self,
                    "SELECT e.customer_id, e.address FROM emails e"
                    " JOIN customers c ON c.id = e.customer_id WHERE c.trashed_at IS NULL",
                    CLT_STORE_KEY_EMAIL, func, user_data, error) ||
      !foreach_row (self,
                    "SELECT p.customer_id, p.number FROM phones p"
                    " JOIN customers c ON c.id = p.customer_id WHERE c.trashed_at IS NULL",
                    CLT_STORE_KEY_PHONE, func, user_data, error))
    return FALSE;

  names = clt_store_prepare (self,
                             "SELECT id, display_name, given_name, family_name, company"
                             " FROM customers WHERE trashed_at IS NULL", error);
  if (names == NULL)
    return FALSE;

  /* The sort name is the customer object's to say. */
  customer = g_object_new (CLT_TYPE_CUSTOMER, NULL);
  while ((rc = sqlite3_step (names)) == SQLITE_ROW)
    {
      g_autofree char *sort_name = NULL;

      clt_customer_set_display_name (customer, clt_column_text (names, 1));
      clt_customer_set_given_name (customer, clt_column_text (names, 2));
      clt_customer_set_family_name (customer, clt_column_text (names, 3));
      clt_customer_set_company (customer, clt_column_text (names, 4));
      sort_name = clt_customer_dup_sort_name (customer);
      func (CLT_STORE_KEY_SORT_NAME, sqlite3_column_int64 (names, 0), sort_name, user_data);
      func (CLT_STORE_KEY_DISPLAY_NAME, sqlite3_column_int64 (names, 0),
            clt_customer_get_display_name (customer), user_data);
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * clt_store_import_contact_value:
 *
 * Returns: (transfer full): @contact's value as clt_store_import_details()
 *   writes it: an address trimmed, an e-mail or phone on one line
 */
char *
clt_store_import_contact_value (const CltContact *contact)
{
  return contact->kind == CLT_CONTACT_ADDRESS ? g_strstrip (g_strdup (contact->value))
                                              : clt_text_strip (contact->value);
}

/**
 * clt_store_import_preference_category:
 *
 * Returns: (transfer full) (nullable): @preference's category as
 *   clt_store_import_details() writes it, %NULL for none
 */
char *
clt_store_import_preference_category (const CltPreference *preference)
{
  return clt_text_is_blank (preference->category) ? NULL : clt_text_strip (preference->category);
}

static gboolean
insert_contact (CltStore    *self,
                gint64       customer_id,
                CltContact  *contact,
                GError     **error)
{
  static const char * const sql[] = {
    [CLT_CONTACT_EMAIL] = "INSERT INTO emails (customer_id, label, address, uid) VALUES (?1, ?2, ?3, " CLT_SQL_NEW_ELEMENT_UID ")",
    [CLT_CONTACT_PHONE] = "INSERT INTO phones (customer_id, label, number, digits, uid) VALUES (?1, ?2, ?3, ?4, " CLT_SQL_NEW_ELEMENT_UID ")",
    [CLT_CONTACT_ADDRESS] = "INSERT INTO addresses (customer_id, label, text, uid) VALUES (?1, ?2, ?3, " CLT_SQL_NEW_ELEMENT_UID ")",
  };
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *value = NULL;
  g_autofree char *digits = NULL;

  g_return_val_if_fail (contact->kind <= CLT_CONTACT_ADDRESS, FALSE);

  stmt = clt_store_prepare (self, sql[contact->kind], error);
  if (stmt == NULL)
    return FALSE;

  value = clt_store_import_contact_value (contact);
  sqlite3_bind_int64 (stmt, 1, customer_id);
  clt_bind_text (stmt, 2, contact->label);
  clt_bind_text (stmt, 3, value);
  if (contact->kind == CLT_CONTACT_PHONE)
    {
      digits = clt_text_phone_digits (contact->value);
      clt_bind_text (stmt, 4, digits);
    }

  return clt_store_step_done (self, stmt, error);
}

static gboolean
insert_preference (CltStore       *self,
                   gint64          customer_id,
                   CltPreference  *preference,
                   GError        **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *category = NULL;
  g_autofree char *text = NULL;

  stmt = clt_store_prepare (self,
                            "INSERT INTO preferences (customer_id, category, text, alert, sensitive,"
                            " position, created_at, updated_at, uid)"
                            " VALUES (?1, ?2, ?3, ?4, ?5,"
                            " " CLT_NEXT_PREFERENCE_POSITION ", ?6, ?6, " CLT_SQL_NEW_ELEMENT_UID ")",
                            error);
  if (stmt == NULL)
    return FALSE;

  category = clt_store_import_preference_category (preference);
  text = g_strstrip (g_strdup (preference->text));
  sqlite3_bind_int64 (stmt, 1, customer_id);
  clt_bind_text (stmt, 2, category);
  clt_bind_text (stmt, 3, text);
  sqlite3_bind_int (stmt, 4, (preference->flags & CLT_PREFERENCE_ALERT) != 0);
  sqlite3_bind_int (stmt, 5, (preference->flags & CLT_PREFERENCE_SENSITIVE) != 0);
  sqlite3_bind_int64 (stmt, 6, now_unix ());

  return clt_store_step_done (self, stmt, error);
}

static gboolean
insert_note (CltStore  *self,
             gint64     customer_id,
             CltNote   *note,
             GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *text = NULL;
  g_autofree char *author = NULL;

  stmt = clt_store_prepare (self,
                            "INSERT INTO notes (customer_id, text, author, pinned, created_at, updated_at, uid)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?5, " CLT_SQL_NEW_ELEMENT_UID ")", error);
  if (stmt == NULL)
    return FALSE;

  text = g_strstrip (g_strdup (note->text));
  author = clt_text_is_blank (note->author) ? NULL : clt_text_strip (note->author);
  sqlite3_bind_int64 (stmt, 1, customer_id);
  clt_bind_text (stmt, 2, text);
  clt_bind_text (stmt, 3, author);
  sqlite3_bind_int (stmt, 4, note->pinned != FALSE);
  sqlite3_bind_int64 (stmt, 5, now_unix ());

  return clt_store_step_done (self, stmt, error);
}

static gboolean
insert_tag (CltStore    *self,
            gint64       customer_id,
            const char  *tag,
            GError     **error)
{
  g_autoptr(CltStmt) create = NULL;
  g_autoptr(CltStmt) link = NULL;
  g_autofree char *name = clt_text_strip (tag);

  create = clt_store_prepare (self, "INSERT OR IGNORE INTO tags (name) VALUES (?1)", error);
  link = clt_store_prepare (self,
                            "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id)"
                            " SELECT ?1, id FROM tags WHERE name = ?2", error);
  if (create == NULL || link == NULL)
    return FALSE;

  clt_bind_text (create, 1, name);
  sqlite3_bind_int64 (link, 1, customer_id);
  clt_bind_text (link, 2, name);

  return clt_store_step_done (self, create, error) && clt_store_step_done (self, link, error);
}

static const CltDirty contact_parts[] = {
  [CLT_CONTACT_EMAIL] = CLT_DIRTY_EMAILS,
  [CLT_CONTACT_PHONE] = CLT_DIRTY_PHONES,
  [CLT_CONTACT_ADDRESS] = CLT_DIRTY_ADDRESSES,
};

gboolean
clt_store_import_details (CltStore   *self,
                          gint64      customer_id,
                          GPtrArray  *contacts,
                          GPtrArray  *preferences,
                          GPtrArray  *notes,
                          GPtrArray  *tags,
                          GError    **error)
{
  CltDirty parts = 0;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer_id > 0, FALSE);

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (contacts, i);

      if (!insert_contact (self, customer_id, contact, error))
        return FALSE;
      parts |= contact_parts[contact->kind];
    }
  if (preferences != NULL && preferences->len > 0)
    parts |= CLT_DIRTY_PREFERENCES;
  if (notes != NULL && notes->len > 0)
    parts |= CLT_DIRTY_NOTES;
  if (tags != NULL && tags->len > 0)
    parts |= CLT_DIRTY_TAGS;

  for (guint i = 0; preferences != NULL && i < preferences->len; i++)
    if (!insert_preference (self, customer_id, g_ptr_array_index (preferences, i), error))
      return FALSE;

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    if (!insert_note (self, customer_id, g_ptr_array_index (notes, i), error))
      return FALSE;

  for (guint i = 0; tags != NULL && i < tags->len; i++)
    if (!insert_tag (self, customer_id, g_ptr_array_index (tags, i), error))
      return FALSE;

  /* Only these rows changed: a customer added in this transaction gets
   * their search row from these tables alone (see clt_store_reindex_parts). */
  clt_store_mark_dirty_parts (self, customer_id, parts);
  return TRUE;
}

void
clt_store_import_search_row (CltStore     *self,
                             gint64        customer_id,
                             CltSearchRow *row)
{
  g_return_if_fail (CLT_IS_STORE (self));

  clt_store_set_new_search_row (self, customer_id, row);
}

char *
clt_store_get_display_name (CltStore  *self,
                            gint64     customer_id,
                            GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  stmt = clt_store_prepare (self, "SELECT display_name FROM customers WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return clt_column_dup_text (stmt, 0);

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                         _("This customer or item no longer exists. It may have been deleted."));
  else
    clt_store_set_error (self, rc, error);

  return NULL;
}

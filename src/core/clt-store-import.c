/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include "clt-store-import.h"
#include "clt-store-private.h"

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
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include "clt-store-private.h"

/**
 * clt_store_get_setting:
 * @key: the setting's name
 *
 * Reads one of the book's own settings (those that travel with the book,
 * unlike GSettings, which belong to the computer).
 *
 * Returns: (transfer full) (nullable): its value, or %NULL when it is not
 *   set (@error unset) or cannot be read (@error set)
 */
char *
clt_store_get_setting (CltStore    *self,
                       const char  *key,
                       GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = clt_store_prepare (self, "SELECT value FROM settings WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_strdup (clt_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    clt_store_set_error (self, rc, error);

  return NULL;
}

/**
 * clt_store_set_setting:
 * @key: the setting's name
 * @value: (nullable): its new value; %NULL removes it
 */
gboolean
clt_store_set_setting (CltStore    *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = clt_store_prepare (self, "DELETE FROM settings WHERE key = ?1", error);
  else
    stmt = clt_store_prepare (self,
                              "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return clt_store_step_done (self, stmt, error);
}

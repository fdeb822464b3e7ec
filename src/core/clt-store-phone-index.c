/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include "clt-store-private.h"
#include "clt-text.h"

/*
 * The phone index: a second full-text table, phone_search, that finds a
 * customer by any run of three digits or more of one of their numbers
 * ("5678", "612345", "0612" for "+33 6 12 34 56 78"). It holds one row per
 * customer who has a phone, under the same rowid as their search row, so
 * that its matches come in book order too and page the same way.
 *
 * It is a trigram index: a number is some ten trigrams out of a thousand
 * possible ones, where the main index would hold a token for every run of
 * its digits — a million distinct tokens at 100,000 customers, which cost
 * the main index two thirds of its building time (1.5 of 2.4 s).
 */

/* The SQL function clt_phone_index_tokens (number), for the migration
 * that builds the index of an existing book. */
void
clt_store_phone_tokens_function (sqlite3_context  *context,
                                 int               argc,
                                 sqlite3_value   **argv)
{
  g_autofree char *tokens = clt_text_phone_index_tokens ((const char *) sqlite3_value_text (argv[0]));

  sqlite3_result_text (context, tokens, -1, SQLITE_TRANSIENT);
}

gboolean
clt_store_phone_index_delete (CltStore  *self,
                              gint64     search_rowid,
                              GError   **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, "DELETE FROM phone_search WHERE rowid = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, search_rowid);
  return clt_store_step_done (self, stmt, error);
}

/* Sets the customer's row to @tokens, the index tokens of each of their
 * numbers separated by spaces; empty or %NULL: no row. @replace: the
 * customer may have a row already. */
gboolean
clt_store_phone_index_set (CltStore    *self,
                           gint64       search_rowid,
                           const char  *tokens,
                           gboolean     replace,
                           GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  if (replace && !clt_store_phone_index_delete (self, search_rowid, error))
    return FALSE;
  if (tokens == NULL || *tokens == '\0')
    return TRUE;

  stmt = clt_store_prepare (self, "INSERT INTO phone_search (rowid, digits) VALUES (?1, ?2)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, search_rowid);
  clt_bind_text (stmt, 2, tokens);
  return clt_store_step_done (self, stmt, error);
}

gboolean
clt_store_phone_index_move (CltStore  *self,
                            gint64     from,
                            gint64     to,
                            GError   **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, "UPDATE phone_search SET rowid = ?2 WHERE rowid = ?1",
                                               error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  return clt_store_step_done (self, stmt, error);
}

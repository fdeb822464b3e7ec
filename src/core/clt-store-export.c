/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-store-private.h"

/* What an export reads: the book a page at a time, and everything about one
 * customer for an access request. */

/* Customers an export holds. */
#define EXPORTED "trashed_at IS NULL AND anonymised = 0"

/* id, promise_id, old_due_at, new_due_at, reason, at */
static gpointer
read_postponement (sqlite3_stmt *stmt)
{
  CltPostponement *postponement = g_new0 (CltPostponement, 1);

  postponement->id = sqlite3_column_int64 (stmt, 0);
  postponement->promise_id = sqlite3_column_int64 (stmt, 1);
  postponement->old_due_at = sqlite3_column_int64 (stmt, 2);
  postponement->new_due_at = sqlite3_column_int64 (stmt, 3);
  postponement->reason = clt_column_dup_text (stmt, 4);
  postponement->at = sqlite3_column_int64 (stmt, 5);
  return postponement;
}

/* id, customer_id, display_name, to_name, to_address, subject, body,
 * template, marketing, message_id, state, created_at, scheduled_at,
 * next_try_at, attempts, last_reply, sent_at */
static gpointer
read_mail (sqlite3_stmt *stmt)
{
  CltMail *mail = g_new0 (CltMail, 1);

  mail->id = sqlite3_column_int64 (stmt, 0);
  mail->customer_id = sqlite3_column_int64 (stmt, 1);
  mail->customer_name = clt_column_dup_text (stmt, 2);
  mail->to_name = clt_column_dup_text (stmt, 3);
  mail->to_address = clt_column_dup_text (stmt, 4);
  mail->subject = clt_column_dup_text (stmt, 5);
  mail->body = clt_column_dup_text (stmt, 6);
  mail->template_name = clt_column_dup_text (stmt, 7);
  mail->marketing = sqlite3_column_int (stmt, 8) != 0;
  mail->message_id = clt_column_dup_text (stmt, 9);
  if (!clt_mail_state_from_string (clt_column_text (stmt, 10), &mail->state))
    mail->state = CLT_MAIL_FAILED;
  mail->created_at = sqlite3_column_int64 (stmt, 11);
  mail->scheduled_at = sqlite3_column_int64 (stmt, 12);
  mail->next_try_at = sqlite3_column_int64 (stmt, 13);
  mail->attempts = (guint) sqlite3_column_int (stmt, 14);
  mail->last_reply = clt_column_dup_text (stmt, 15);
  mail->sent_at = sqlite3_column_int64 (stmt, 16);
  return mail;
}

void
clt_postponement_free (CltPostponement *postponement)
{
  if (postponement == NULL)
    return;

  g_free (postponement->reason);
  g_free (postponement);
}

gboolean
clt_store_begin_read (CltStore  *self,
                      GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (sqlite3_get_autocommit (clt_store_get_db (self)), FALSE);

  return clt_store_exec (self, "BEGIN DEFERRED", error);
}

void
clt_store_end_read (CltStore *self)
{
  g_return_if_fail (CLT_IS_STORE (self));

  /* Ending a transaction that only read cannot fail. */
  if (!sqlite3_get_autocommit (clt_store_get_db (self)))
    sqlite3_exec (clt_store_get_db (self), "COMMIT", NULL, NULL, NULL);
}

gint64
clt_store_count_customers_to_export (CltStore  *self,
                                     GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), -1);

  stmt = clt_store_prepare (self, "SELECT count(*) FROM customers WHERE " EXPORTED, error);
  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      clt_store_set_error (self, rc, error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

GArray *
clt_store_list_customer_ids (CltStore  *self,
                             gint64     after_id,
                             guint      limit,
                             GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(GArray) ids = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (limit > 0, NULL);

  stmt = clt_store_prepare (self,
                            "SELECT id FROM customers WHERE id > ?1 AND " EXPORTED
                            " ORDER BY id LIMIT ?2", error);
  if (stmt == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), limit);
  sqlite3_bind_int64 (stmt, 1, after_id);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

gboolean
clt_store_get_customer_times (CltStore  *self,
                              gint64     customer_id,
                              gint64    *created_at,
                              gint64    *updated_at,
                              GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  stmt = clt_store_prepare (self,
                            "SELECT created_at, updated_at FROM customers"
                            " WHERE id = ?1 AND " EXPORTED, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                           _("This customer or item no longer exists. It may have been deleted."));
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  if (created_at != NULL)
    *created_at = sqlite3_column_int64 (stmt, 0);
  if (updated_at != NULL)
    *updated_at = sqlite3_column_int64 (stmt, 1);

  return TRUE;
}

GPtrArray *
clt_store_list_postponements (CltStore  *self,
                              gint64     promise_id,
                              GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_rows (self,
                              "SELECT id, promise_id, old_due_at, new_due_at, reason, at"
                              " FROM promise_postponements WHERE promise_id = ?1 ORDER BY at, id",
                              promise_id, read_postponement, (GDestroyNotify) clt_postponement_free, error);
}

GPtrArray *
clt_store_list_customer_mail (CltStore  *self,
                              gint64     customer_id,
                              GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_rows (self,
                              "SELECT o.id, o.customer_id, c.display_name, o.to_name, o.to_address, o.subject,"
                              " o.body, o.template, o.marketing, o.message_id, o.state, o.created_at,"
                              " o.scheduled_at, o.next_try_at, o.attempts, o.last_reply, o.sent_at"
                              " FROM outbox o JOIN customers c ON c.id = o.customer_id"
                              " WHERE o.customer_id = ?1 ORDER BY o.id",
                              customer_id, read_mail, (GDestroyNotify) clt_mail_free, error);
}

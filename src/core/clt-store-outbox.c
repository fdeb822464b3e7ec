/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-message.h"
#include "clt-text.h"
#include "clt-store-private.h"

/* How long a server may answer "try later" before the message is given up:
 * about what mail servers themselves allow. */
#define GIVE_UP_AFTER (3 * 24 * 3600)

#define MAIL_COLUMNS \
  "o.id, o.customer_id, c.display_name, o.to_name, o.to_address, o.subject, o.body," \
  " o.template, o.marketing, o.message_id, o.state, o.created_at, o.scheduled_at," \
  " o.next_try_at, o.attempts, o.last_reply, o.sent_at"

#define MAIL_FROM " FROM outbox o JOIN customers c ON c.id = o.customer_id"

/* When a queued message is due. */
#define DUE "max(o.scheduled_at, o.next_try_at)"

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           index)
{
  return clt_column_dup_text (stmt, index);
}

static CltMail *
mail_from_row (sqlite3_stmt *stmt)
{
  CltMail *mail = g_new0 (CltMail, 1);

  mail->id = sqlite3_column_int64 (stmt, 0);
  mail->customer_id = sqlite3_column_int64 (stmt, 1);
  mail->customer_name = dup_column (stmt, 2);
  mail->to_name = dup_column (stmt, 3);
  mail->to_address = dup_column (stmt, 4);
  mail->subject = dup_column (stmt, 5);
  mail->body = dup_column (stmt, 6);
  mail->template_name = dup_column (stmt, 7);
  mail->marketing = sqlite3_column_int (stmt, 8) != 0;
  mail->message_id = dup_column (stmt, 9);
  if (!clt_mail_state_from_string (clt_column_text (stmt, 10), &mail->state))
    mail->state = CLT_MAIL_FAILED;
  mail->created_at = sqlite3_column_int64 (stmt, 11);
  mail->scheduled_at = sqlite3_column_int64 (stmt, 12);
  mail->next_try_at = sqlite3_column_int64 (stmt, 13);
  mail->attempts = (guint) sqlite3_column_int (stmt, 14);
  mail->last_reply = dup_column (stmt, 15);
  mail->sent_at = sqlite3_column_int64 (stmt, 16);

  return mail;
}

static GPtrArray *
collect_mail (CltStore      *self,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  g_autoptr(GPtrArray) mails = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_mail_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (mails, mail_from_row (stmt));

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&mails);
}

CltMail *
clt_store_get_mail (CltStore  *self,
                    gint64     mail_id,
                    GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  stmt = clt_store_prepare (self, "SELECT " MAIL_COLUMNS MAIL_FROM " WHERE o.id = ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, mail_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return mail_from_row (stmt);

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                         _("This message no longer exists."));
  else
    clt_store_set_error (self, rc, error);

  return NULL;
}

GBytes *
clt_store_get_mail_bytes (CltStore  *self,
                          gint64     mail_id,
                          GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  stmt = clt_store_prepare (self, "SELECT bytes FROM outbox WHERE id = ? AND bytes IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, mail_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                         _("This message no longer exists."));
  else
    clt_store_set_error (self, rc, error);

  return NULL;
}

GPtrArray *
clt_store_list_mail (CltStore         *self,
                     CltOutboxFilter   filter,
                     gint64            now_unix,
                     GError          **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  const char *sql;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  switch (filter)
    {
    case CLT_OUTBOX_WAITING:
      sql = "SELECT " MAIL_COLUMNS MAIL_FROM
            " WHERE o.state = 'sending'"
            "    OR (o.state = 'queued' AND o.scheduled_at <= ?1)"
            " ORDER BY o.created_at, o.id";
      break;
    case CLT_OUTBOX_SCHEDULED:
      sql = "SELECT " MAIL_COLUMNS MAIL_FROM
            " WHERE o.state = 'queued' AND o.scheduled_at > ?1"
            " ORDER BY o.scheduled_at, o.id";
      break;
    case CLT_OUTBOX_DRAFTS:
      sql = "SELECT " MAIL_COLUMNS MAIL_FROM
            " WHERE o.state = 'draft' ORDER BY o.created_at DESC, o.id DESC";
      break;
    case CLT_OUTBOX_FAILED:
      sql = "SELECT " MAIL_COLUMNS MAIL_FROM
            " WHERE o.state = 'failed' ORDER BY o.created_at DESC, o.id DESC";
      break;
    case CLT_OUTBOX_UNCERTAIN:
      sql = "SELECT " MAIL_COLUMNS MAIL_FROM
            " WHERE o.state = 'uncertain' AND ?1 IS NOT NULL ORDER BY o.created_at, o.id";
      break;
    case CLT_OUTBOX_SENT:
      sql = "SELECT " MAIL_COLUMNS MAIL_FROM
            " WHERE o.state = 'sent' AND o.sent_at >= ?1 - 30 * 86400"
            " ORDER BY o.sent_at DESC, o.id DESC LIMIT 100";
      break;
    case CLT_OUTBOX_ALL:
    default:
      sql = "SELECT " MAIL_COLUMNS MAIL_FROM " WHERE ?1 IS NOT NULL ORDER BY o.id";
      break;
    }

  stmt = clt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now_unix);
  return collect_mail (self, stmt, error);
}

gboolean
clt_store_count_mail_needing_attention (CltStore  *self,
                                        guint     *n_failed,
                                        guint     *n_uncertain,
                                        GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  stmt = clt_store_prepare (self,
                            "SELECT coalesce(sum(o.state = 'failed'), 0),"
                            "       coalesce(sum(o.state = 'uncertain'), 0)"
                            MAIL_FROM " WHERE o.state IN ('failed', 'uncertain')",
                            error);
  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  if (n_failed != NULL)
    *n_failed = (guint) sqlite3_column_int64 (stmt, 0);
  if (n_uncertain != NULL)
    *n_uncertain = (guint) sqlite3_column_int64 (stmt, 1);

  return TRUE;
}

static gboolean
get_state (CltStore      *self,
           gint64         mail_id,
           CltMailState  *state,
           gint64        *customer_id,
           GError       **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self,
                                               "SELECT state, customer_id FROM outbox WHERE id = ?",
                                               error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, mail_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      clt_mail_state_from_string (clt_column_text (stmt, 0), state);
      if (customer_id != NULL)
        *customer_id = sqlite3_column_int64 (stmt, 1);
      return TRUE;
    }

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                         _("This message no longer exists."));
  else
    clt_store_set_error (self, rc, error);

  return FALSE;
}

gboolean
clt_store_queue_mail (CltStore              *self,
                      const CltMailAccount  *account,
                      CltMail               *mail,
                      GError               **error)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *address = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *subject = NULL;
  gboolean draft;
  gint64 now = now_unix ();

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (mail != NULL, FALSE);
  g_return_val_if_fail (mail->state == CLT_MAIL_DRAFT || mail->state == CLT_MAIL_QUEUED, FALSE);

  draft = mail->state == CLT_MAIL_DRAFT;

  customer = clt_store_get_customer (self, mail->customer_id, error);
  if (customer == NULL ||
      !clt_store_check_can_mail (self, customer, mail->marketing, &address, error))
    return FALSE;

  if (mail->to_address != NULL && *mail->to_address != '\0')
    clt_text_set (&address, mail->to_address);

  if (!clt_mail_address_is_valid (address))
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                   _("“%s” is not an e-mail address. Correct it in the customer’s contact details."),
                   address);
      return FALSE;
    }

  subject = clt_message_clean_header (mail->subject != NULL ? mail->subject : "");
  if (!draft && *subject == '\0')
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                           _("The message has no subject. Write one so that the customer knows what it is about."));
      return FALSE;
    }

  if (!draft)
    {
      g_autoptr(GDateTime) date = g_date_time_new_now_local ();
      CltMessageFields fields = { 0, };

      if (account == NULL || account->from_address == NULL)
        {
          clt_mail_set_no_account_error (error);
          return FALSE;
        }

      message_id = clt_message_make_id (account->from_address);
      fields.from_name = account->from_name;
      fields.from_address = account->from_address;
      fields.to_name = clt_customer_get_display_name (customer);
      fields.to_address = address;
      fields.subject = subject;
      fields.body = mail->body != NULL ? mail->body : "";
      fields.message_id = message_id;
      fields.date = date;

      bytes = clt_message_build (&fields, error);
      if (bytes == NULL)
        return FALSE;
    }

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  if (mail->id > 0)
    {
      CltMailState state = CLT_MAIL_SENT;

      if (!get_state (self, mail->id, &state, NULL, error))
        return clt_store_tx_end (self, FALSE, error);

      if (state != CLT_MAIL_DRAFT && state != CLT_MAIL_FAILED && state != CLT_MAIL_QUEUED)
        {
          g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                               _("This message is being sent or was sent already; it can no longer be changed."));
          return clt_store_tx_end (self, FALSE, error);
        }

      stmt = clt_store_prepare (self,
                                "UPDATE outbox SET customer_id = ?1, to_name = ?2, to_address = ?3,"
                                " from_address = ?4, subject = ?5, body = ?6, template = ?7,"
                                " marketing = ?8, message_id = ?9, bytes = ?10, state = ?11,"
                                " created_at = ?12, scheduled_at = ?13, next_try_at = 0,"
                                " first_try_at = NULL, attempts = 0, last_reply = NULL, sent_at = NULL"
                                " WHERE id = ?14",
                                error);
    }
  else
    {
      stmt = clt_store_prepare (self,
                                "INSERT INTO outbox (customer_id, to_name, to_address, from_address,"
                                " subject, body, template, marketing, message_id, bytes, state,"
                                " created_at, scheduled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
                                " ?9, ?10, ?11, ?12, ?13)",
                                error);
    }

  if (stmt == NULL)
    return clt_store_tx_end (self, FALSE, error);

  sqlite3_bind_int64 (stmt, 1, mail->customer_id);
  clt_bind_text (stmt, 2, clt_customer_get_display_name (customer));
  clt_bind_text (stmt, 3, address);
  clt_bind_text (stmt, 4, account != NULL ? account->from_address : NULL);
  clt_bind_text (stmt, 5, subject);
  clt_bind_text (stmt, 6, mail->body != NULL ? mail->body : "");
  clt_bind_text (stmt, 7, mail->template_name);
  sqlite3_bind_int (stmt, 8, mail->marketing ? 1 : 0);
  clt_bind_text (stmt, 9, message_id);
  if (bytes != NULL)
    sqlite3_bind_blob64 (stmt, 10, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                         SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 10);
  sqlite3_bind_text (stmt, 11, clt_mail_state_to_string (mail->state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 12, now);
  sqlite3_bind_int64 (stmt, 13, MAX (mail->scheduled_at, 0));
  if (mail->id > 0)
    sqlite3_bind_int64 (stmt, 14, mail->id);

  if (!clt_store_step_done (self, stmt, error))
    return clt_store_tx_end (self, FALSE, error);

  if (mail->id <= 0)
    mail->id = sqlite3_last_insert_rowid (clt_store_get_db (self));

  if (!clt_store_tx_end (self, TRUE, error))
    {
      mail->id = 0;
      return FALSE;
    }

  clt_text_set (&mail->to_address, address);
  clt_text_set (&mail->to_name, clt_customer_get_display_name (customer));
  clt_text_set (&mail->subject, subject);
  g_free (mail->message_id);
  mail->message_id = g_steal_pointer (&message_id);
  mail->created_at = now;

  return TRUE;
}

gboolean
clt_store_delete_mail (CltStore  *self,
                       gint64     mail_id,
                       GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  stmt = clt_store_prepare (self,
                            "DELETE FROM outbox WHERE id = ? AND state IN ('draft', 'queued', 'failed')",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, mail_id);
  if (!clt_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (clt_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                           _("This message is being sent or was sent already; it can no longer be deleted."));
      return FALSE;
    }

  return TRUE;
}

gboolean
clt_store_retry_mail (CltStore  *self,
                      gint64     mail_id,
                      GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  stmt = clt_store_prepare (self,
                            "UPDATE outbox SET state = CASE state WHEN 'failed' THEN 'queued' ELSE state END,"
                            " next_try_at = 0, scheduled_at = 0,"
                            " first_try_at = CASE state WHEN 'failed' THEN NULL ELSE first_try_at END"
                            " WHERE id = ? AND state IN ('queued', 'failed')",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, mail_id);
  if (!clt_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (clt_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                           _("This message is not waiting to be sent."));
      return FALSE;
    }

  return TRUE;
}

guint
clt_store_retry_all_mail (CltStore  *self,
                          gint64     now_unix,
                          GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);

  stmt = clt_store_prepare (self,
                            "UPDATE outbox SET next_try_at = 0"
                            " WHERE state = 'queued' AND scheduled_at <= ?",
                            error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, now_unix);
  if (!clt_store_step_done (self, stmt, error))
    return 0;

  return (guint) sqlite3_changes (clt_store_get_db (self));
}

CltMail *
clt_store_claim_mail (CltStore  *self,
                      gint64     now_unix,
                      GError   **error)
{
  g_autoptr(CltStmt) select = NULL;
  g_autoptr(CltStmt) claim = NULL;
  CltMail *mail = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  /* One write transaction: two processes never claim the same message. */
  if (!clt_store_tx_begin (self, error))
    return NULL;

  select = clt_store_prepare (self,
                              "SELECT " MAIL_COLUMNS MAIL_FROM
                              " WHERE o.state = 'queued' AND " DUE " <= ?"
                              " ORDER BY " DUE ", o.id LIMIT 1",
                              error);
  if (select == NULL)
    {
      clt_store_tx_end (self, FALSE, NULL);
      return NULL;
    }

  sqlite3_bind_int64 (select, 1, now_unix);
  rc = sqlite3_step (select);
  if (rc == SQLITE_DONE)
    {
      clt_store_tx_end (self, TRUE, error);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      clt_store_set_error (self, rc, error);
      clt_store_tx_end (self, FALSE, NULL);
      return NULL;
    }

  mail = mail_from_row (select);
  sqlite3_reset (select);

  claim = clt_store_prepare (self,
                             "UPDATE outbox SET state = 'sending', attempts = attempts + 1,"
                             " first_try_at = coalesce(first_try_at, ?2), data_at = NULL WHERE id = ?1",
                             error);
  if (claim == NULL)
    {
      clt_mail_free (mail);
      clt_store_tx_end (self, FALSE, NULL);
      return NULL;
    }

  sqlite3_bind_int64 (claim, 1, mail->id);
  sqlite3_bind_int64 (claim, 2, now_unix);
  if (!clt_store_step_done (self, claim, error) ||
      !clt_store_tx_end (self, TRUE, error))
    {
      clt_mail_free (mail);
      return NULL;
    }

  mail->state = CLT_MAIL_SENDING;
  mail->attempts++;
  return mail;
}

static gboolean
record_sent (CltStore    *self,
             gint64       mail_id,
             gint64       now,
             const char  *reply,
             GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(CltMail) mail = clt_store_get_mail (self, mail_id, error);
  g_autoptr(CltMailAccount) account = NULL;

  if (mail == NULL)
    return FALSE;

  stmt = clt_store_prepare (self,
                            "UPDATE outbox SET state = 'sent', sent_at = ?2,"
                            " last_reply = coalesce(?3, last_reply), next_try_at = 0 WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, mail_id);
  sqlite3_bind_int64 (stmt, 2, now);
  clt_bind_text (stmt, 3, reply);
  if (!clt_store_step_done (self, stmt, error))
    return FALSE;

  account = clt_store_get_mail_account (self, NULL);

  /* The customer's history shows what was written to them. */
  return clt_store_add_interaction (self, mail->customer_id, CLT_INTERACTION_EMAIL_OUT, now, FALSE,
                                    mail->subject,
                                    account != NULL ? account->from_name : NULL,
                                    error) > 0;
}

gboolean
clt_store_finish_mail (CltStore      *self,
                       gint64         mail_id,
                       gint64         now_unix,
                       const char    *reply,
                       const GError  *send_error,
                       GError       **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(CltStmt) first = NULL;
  CltMailState state = CLT_MAIL_QUEUED;
  const char *new_state;
  const char *reason = reply;
  gint64 first_try = now_unix;
  gint64 next_try = 0;
  int attempts_change = 0;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  if (!get_state (self, mail_id, &state, NULL, error))
    return clt_store_tx_end (self, FALSE, error);

  if (state != CLT_MAIL_SENDING)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NOT_SENDING,
                           _("This message is not being sent."));
      return clt_store_tx_end (self, FALSE, error);
    }

  if (send_error == NULL)
    {
      ok = record_sent (self, mail_id, now_unix, reply, error);
      return clt_store_tx_end (self, ok, error);
    }

  first = clt_store_prepare (self, "SELECT coalesce(first_try_at, ?2), attempts FROM outbox WHERE id = ?1", error);
  if (first == NULL)
    return clt_store_tx_end (self, FALSE, error);
  sqlite3_bind_int64 (first, 1, mail_id);
  sqlite3_bind_int64 (first, 2, now_unix);
  if (sqlite3_step (first) == SQLITE_ROW)
    {
      first_try = sqlite3_column_int64 (first, 0);
      next_try = now_unix + clt_mail_retry_delay ((guint) sqlite3_column_int (first, 1));
    }
  sqlite3_reset (first);

  /* The server's words when it said something, else ours. */
  if (reason == NULL || send_error->domain != CLT_MAIL_ERROR ||
      send_error->code != CLT_MAIL_ERROR_REJECTED)
    reason = send_error->message;

  if (clt_mail_error_pauses_queue (send_error))
    {
      /* Not the message's fault: it keeps its place and its attempts. */
      new_state = "queued";
      next_try = 0;
      attempts_change = -1;
      if (!(clt_mail_error_is_password (send_error)
            ? clt_store_pause_outbox_for_password (self, send_error->message, error)
            : clt_store_set_outbox_paused (self, send_error->message, error)))
        return clt_store_tx_end (self, FALSE, error);
    }
  else if (g_error_matches (send_error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CANCELLED))
    {
      new_state = "queued";
      next_try = 0;
      attempts_change = -1;
    }
  else if (g_error_matches (send_error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNCERTAIN))
    {
      new_state = "uncertain";
    }
  else if (g_error_matches (send_error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPORARY) ||
           g_error_matches (send_error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNREACHABLE))
    {
      new_state = "queued";
      if (g_error_matches (send_error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPORARY) &&
          now_unix - first_try >= GIVE_UP_AFTER)
        new_state = "failed";
    }
  else
    {
      new_state = "failed";
    }

  stmt = clt_store_prepare (self,
                            "UPDATE outbox SET state = ?2, next_try_at = ?3, last_reply = ?4,"
                            " attempts = max(attempts + ?5, 0) WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return clt_store_tx_end (self, FALSE, error);

  sqlite3_bind_int64 (stmt, 1, mail_id);
  sqlite3_bind_text (stmt, 2, new_state, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, g_str_equal (new_state, "failed") ? 0 : next_try);
  clt_bind_text (stmt, 4, reason);
  sqlite3_bind_int (stmt, 5, attempts_change);

  ok = clt_store_step_done (self, stmt, error);
  return clt_store_tx_end (self, ok, error);
}

guint
clt_store_recover_mail (CltStore  *self,
                        GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);

  /* A send that never reached DATA cannot have been delivered: it is
   * queued again. One that did may have been: a person decides. */
  stmt = clt_store_prepare (self,
                            "UPDATE outbox SET next_try_at = 0,"
                            " state = CASE WHEN data_at IS NULL THEN 'queued' ELSE 'uncertain' END"
                            " WHERE state = 'sending'",
                            error);
  if (stmt == NULL || !clt_store_step_done (self, stmt, error))
    return 0;

  return (guint) sqlite3_changes (clt_store_get_db (self));
}

gint64
clt_store_next_mail_at (CltStore *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);

  stmt = clt_store_prepare (self,
                            "SELECT min(" DUE ") FROM outbox o WHERE o.state = 'queued'",
                            &error);
  if (stmt == NULL)
    {
      g_warning ("Could not look at the outbox: %s", error->message);
      return 0;
    }

  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
    return 0;

  /* 0 means "none": a message due at once is due at 1. */
  return MAX (sqlite3_column_int64 (stmt, 0), 1);
}

gboolean
clt_store_mark_mail_data (CltStore  *self,
                          gint64     mail_id,
                          gint64     now_unix,
                          GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  CltMailState state = CLT_MAIL_QUEUED;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  /* Inside a transaction of this connection the step would be on disk
   * only at its commit: too late, the message would be gone by then. */
  if (!sqlite3_get_autocommit (clt_store_get_db (self)))
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY,
                           _("The customer book is busy with another change. Try again in a moment."));
      return FALSE;
    }

  stmt = clt_store_prepare (self,
                            "UPDATE outbox SET data_at = ?2 WHERE id = ?1 AND state = 'sending'",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, mail_id);
  sqlite3_bind_int64 (stmt, 2, now_unix);
  if (!clt_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (clt_store_get_db (self)) > 0)
    return TRUE;

  /* Gone (with its customer), or taken back: say which. */
  if (get_state (self, mail_id, &state, NULL, error))
    g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NOT_SENDING,
                         _("This message is not being sent."));
  return FALSE;
}

/* Checks, in a transaction, that @mail_id is "uncertain". */
static gboolean
expect_uncertain (CltStore  *self,
                  gint64     mail_id,
                  GError   **error)
{
  CltMailState state = CLT_MAIL_QUEUED;

  if (!get_state (self, mail_id, &state, NULL, error))
    return FALSE;

  if (state != CLT_MAIL_UNCERTAIN)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                           _("This message is not waiting for a decision: only a message that "
                             "may have been sent can be sent again or marked as sent."));
      return FALSE;
    }

  return TRUE;
}

gboolean
clt_store_send_mail_again (CltStore  *self,
                           gint64     mail_id,
                           GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  if (!expect_uncertain (self, mail_id, error))
    return clt_store_tx_end (self, FALSE, error);

  /* The same bytes, so the same Message-ID: a mail program that got both
   * shows one. */
  stmt = clt_store_prepare (self,
                            "UPDATE outbox SET state = 'queued', next_try_at = 0, scheduled_at = 0,"
                            " data_at = NULL WHERE id = ?",
                            error);
  if (stmt == NULL)
    return clt_store_tx_end (self, FALSE, error);

  sqlite3_bind_int64 (stmt, 1, mail_id);
  ok = clt_store_step_done (self, stmt, error);
  return clt_store_tx_end (self, ok, error);
}

gboolean
clt_store_mark_mail_sent (CltStore  *self,
                          gint64     mail_id,
                          gint64     now_unix,
                          GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  ok = expect_uncertain (self, mail_id, error) &&
       record_sent (self, mail_id, now_unix, NULL, error);
  return clt_store_tx_end (self, ok, error);
}

char *
clt_store_dup_outbox_lock_path (CltStore *self)
{
  return clt_store_dup_lock_path (self, "outbox");
}

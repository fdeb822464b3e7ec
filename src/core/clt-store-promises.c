/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-schedule.h"
#include "clt-store-private.h"
#include "clt-text.h"

#define PROMISE_COLUMNS \
  "SELECT p.id, p.customer_id, c.display_name, p.text, p.promised_by, p.created_at," \
  " p.due_at, p.due_all_day, p.remind_at, p.reminded_at, p.status, p.closed_at," \
  " (SELECT count(*) FROM promise_postponements pp WHERE pp.promise_id = p.id)" \
  " FROM promises p JOIN customers c ON c.id = p.customer_id"

static CltPromise *
read_promise (sqlite3_stmt *stmt)
{
  CltPromise *promise = g_new0 (CltPromise, 1);

  promise->id = sqlite3_column_int64 (stmt, 0);
  promise->customer_id = sqlite3_column_int64 (stmt, 1);
  promise->customer_name = clt_column_dup_text (stmt, 2);
  promise->text = clt_column_dup_text (stmt, 3);
  promise->promised_by = clt_column_dup_text (stmt, 4);
  promise->created_at = sqlite3_column_int64 (stmt, 5);
  promise->due_at = sqlite3_column_int64 (stmt, 6);
  promise->due_all_day = sqlite3_column_int (stmt, 7) != 0;
  promise->remind_at = sqlite3_column_int64 (stmt, 8);
  promise->reminded_at = sqlite3_column_int64 (stmt, 9);
  if (!clt_promise_status_from_string (clt_column_text (stmt, 10), &promise->status))
    promise->status = CLT_PROMISE_OPEN;
  promise->closed_at = sqlite3_column_int64 (stmt, 11);
  promise->n_postponed = sqlite3_column_int (stmt, 12);

  return promise;
}

static GPtrArray *
collect (CltStore      *self,
         sqlite3_stmt  *stmt,
         GError       **error)
{
  g_autoptr(GPtrArray) promises = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_promise_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (promises, read_promise (stmt));

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&promises);
}

CltPromise *
clt_store_get_promise (CltStore  *self,
                       gint64     promise_id,
                       GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  stmt = clt_store_prepare (self, PROMISE_COLUMNS " WHERE p.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, promise_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_promise (stmt);
  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                       _("This promise no longer exists. It may have been deleted with its customer."));
  return NULL;
}

/**
 * clt_store_list_promises:
 * @now_unix: the present, for overdue and today (in the local time zone)
 *
 * Returns: (transfer full): #CltPromise of live customers
 */
GPtrArray *
clt_store_list_promises (CltStore          *self,
                         CltPromiseFilter   filter,
                         gint64             now_unix,
                         GError           **error)
{
  static const char * const sql[] = {
    [CLT_PROMISES_OPEN] = PROMISE_COLUMNS
      " WHERE p.status = 'open' AND c.trashed_at IS NULL"
      " ORDER BY p.due_at, p.id",
    [CLT_PROMISES_OVERDUE] = PROMISE_COLUMNS
      " WHERE p.status = 'open' AND c.trashed_at IS NULL AND p.due_at < ?1"
      " ORDER BY p.due_at, p.id",
    [CLT_PROMISES_TODAY] = PROMISE_COLUMNS
      " WHERE p.status = 'open' AND c.trashed_at IS NULL AND p.due_at >= ?1 AND p.due_at < ?2"
      " ORDER BY p.due_at, p.id",
    [CLT_PROMISES_ALL] = PROMISE_COLUMNS
      " WHERE c.trashed_at IS NULL"
      " ORDER BY p.due_at DESC, p.id DESC",
  };
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(CltStmt) stmt = NULL;
  gint64 day_start, day_end;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (filter <= CLT_PROMISES_ALL, NULL);

  stmt = clt_store_prepare (self, sql[filter], error);
  if (stmt == NULL)
    return NULL;

  clt_schedule_day_bounds (tz, now_unix, 1, &day_start, &day_end);
  sqlite3_bind_int64 (stmt, 1, filter == CLT_PROMISES_TODAY ? MAX (day_start, now_unix) : now_unix);
  sqlite3_bind_int64 (stmt, 2, day_end);

  return collect (self, stmt, error);
}

static gboolean
require_open (CltStore    *self,
              gint64       promise_id,
              gint64      *customer_id,
              GError     **error)
{
  g_autoptr(CltPromise) promise = clt_store_get_promise (self, promise_id, error);

  if (promise == NULL)
    return FALSE;

  *customer_id = promise->customer_id;
  if (promise->status == CLT_PROMISE_OPEN)
    return TRUE;

  switch (promise->status)
    {
    case CLT_PROMISE_KEPT:
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                           _("This promise was already kept."));
      break;
    case CLT_PROMISE_BROKEN:
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                           _("This promise was already marked as broken."));
      break;
    case CLT_PROMISE_CANCELLED:
    case CLT_PROMISE_OPEN:
    default:
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                           _("This promise was already cancelled."));
      break;
    }

  return FALSE;
}

/* Runs one bound UPDATE of an open promise in its own transaction. */
static gboolean
change_open_promise (CltStore      *self,
                     gint64         promise_id,
                     sqlite3_stmt  *stmt,
                     GError       **error)
{
  gint64 customer_id = 0;
  gboolean ok;

  if (stmt == NULL || !clt_store_tx_begin (self, error))
    return FALSE;

  ok = require_open (self, promise_id, &customer_id, error) &&
       clt_store_step_done (self, stmt, error);
  if (ok)
    clt_store_mark_dirty (self, customer_id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/**
 * clt_store_set_promise_status:
 *
 * Keeps, breaks or cancels an open promise. A closed promise gets no
 * second verdict: it is reopened first (clt_store_reopen_promise()).
 */
gboolean
clt_store_set_promise_status (CltStore          *self,
                              gint64             promise_id,
                              CltPromiseStatus   status,
                              GError           **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (status != CLT_PROMISE_OPEN && status <= CLT_PROMISE_CANCELLED, FALSE);

  stmt = clt_store_prepare (self, "UPDATE promises SET status = ?2, closed_at = ?3 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, promise_id);
  clt_bind_text (stmt, 2, clt_promise_status_to_string (status));
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);

  return change_open_promise (self, promise_id, stmt, error);
}

/**
 * clt_store_reopen_promise:
 *
 * Opens a kept, broken or cancelled promise again, as it was before it
 * was closed: its due time, postponements and reminder time stay. A
 * reminder whose time has passed (fired or not, while the promise was
 * open or closed) counts as fired: reopening never fires a reminder for
 * a past time, since the clerk is looking at the promise right then. A
 * reminder still to come stays set and fires at its time.
 */
gboolean
clt_store_reopen_promise (CltStore  *self,
                          gint64     promise_id,
                          GError   **error)
{
  g_autoptr(CltPromise) promise = NULL;
  g_autoptr(CltStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  stmt = clt_store_prepare (self,
                            "UPDATE promises SET status = 'open', closed_at = NULL,"
                            " reminded_at = CASE WHEN remind_at <= ?2"
                            " AND (reminded_at IS NULL OR reminded_at < remind_at)"
                            " THEN ?2 ELSE reminded_at END"
                            " WHERE id = ?1", error);
  if (stmt == NULL || !clt_store_tx_begin (self, error))
    return FALSE;

  promise = clt_store_get_promise (self, promise_id, error);
  ok = promise != NULL;
  if (ok && promise->status == CLT_PROMISE_OPEN)
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                           _("This promise is already open."));
      ok = FALSE;
    }

  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, promise_id);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);
      ok = clt_store_step_done (self, stmt, error);
    }
  if (ok)
    clt_store_mark_dirty (self, promise->customer_id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/**
 * clt_store_postpone_promise:
 * @reason: (nullable): why, as told to the customer
 *
 * Moves an open promise to a new due time, keeping the old one and the
 * reason in its history; the reminder moves to the new day's morning.
 */
gboolean
clt_store_postpone_promise (CltStore    *self,
                            gint64       promise_id,
                            gint64       due_unix,
                            gboolean     due_all_day,
                            const char  *reason,
                            GError     **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(CltStmt) history = NULL;
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *clean_reason = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!clt_schedule_time_in_range (due_unix))
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID, clt_schedule_range_message ());
      return FALSE;
    }

  clean_reason = clt_text_is_blank (reason) ? NULL : g_strstrip (g_strdup (reason));
  history = clt_store_prepare (self,
                               "INSERT INTO promise_postponements (promise_id, old_due_at, new_due_at, reason, at)"
                               " SELECT id, due_at, ?2, ?3, ?4 FROM promises WHERE id = ?1", error);
  stmt = clt_store_prepare (self,
                            "UPDATE promises SET due_at = ?2, due_all_day = ?3, remind_at = ?4,"
                            " reminded_at = NULL WHERE id = ?1", error);
  if (history == NULL || stmt == NULL || !clt_store_tx_begin (self, error))
    return FALSE;

  sqlite3_bind_int64 (history, 1, promise_id);
  sqlite3_bind_int64 (history, 2, due_unix);
  clt_bind_text (history, 3, clean_reason);
  sqlite3_bind_int64 (history, 4, now);
  ok = clt_store_step_done (self, history, error);

  sqlite3_bind_int64 (stmt, 1, promise_id);
  sqlite3_bind_int64 (stmt, 2, due_unix);
  sqlite3_bind_int (stmt, 3, due_all_day != FALSE);
  sqlite3_bind_int64 (stmt, 4, clt_schedule_default_remind (tz, due_unix, due_all_day));
  ok = ok && change_open_promise (self, promise_id, stmt, error);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/**
 * clt_store_set_promise_remind:
 * @remind_unix: when to remind, 0 for never
 *
 * Sets when the reminder fires; also how a reminder is snoozed.
 */
gboolean
clt_store_set_promise_remind (CltStore  *self,
                              gint64     promise_id,
                              gint64     remind_unix,
                              GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (remind_unix != 0 && !clt_schedule_time_in_range (remind_unix))
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID, clt_schedule_range_message ());
      return FALSE;
    }

  stmt = clt_store_prepare (self, "UPDATE promises SET remind_at = ?2, reminded_at = NULL WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, promise_id);
  if (remind_unix > 0)
    sqlite3_bind_int64 (stmt, 2, remind_unix);
  else
    sqlite3_bind_null (stmt, 2);

  return change_open_promise (self, promise_id, stmt, error);
}

/* Which promises' reminders are due at ?1: shared by the list and the
 * mark, so that what is marked is exactly what was read. */
#define DUE_REMINDERS_WHERE \
  " WHERE p.status = 'open' AND c.trashed_at IS NULL" \
  " AND p.remind_at <= ?1 AND (p.reminded_at IS NULL OR p.reminded_at < p.remind_at)"

/**
 * clt_store_due_reminders:
 *
 * The open promises whose reminder must fire now: come due and not fired
 * since, including those missed while nothing was running.
 */
GPtrArray *
clt_store_due_reminders (CltStore  *self,
                         gint64     now_unix,
                         GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  stmt = clt_store_prepare (self,
                            PROMISE_COLUMNS DUE_REMINDERS_WHERE " ORDER BY p.remind_at, p.id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now_unix);
  return collect (self, stmt, error);
}

gboolean
clt_store_mark_reminded (CltStore  *self,
                         gint64     promise_id,
                         gint64     now_unix,
                         GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  stmt = clt_store_prepare (self, "UPDATE promises SET reminded_at = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, promise_id);
  sqlite3_bind_int64 (stmt, 2, now_unix);

  return change_open_promise (self, promise_id, stmt, error);
}

/**
 * clt_store_take_due_reminders:
 *
 * The reminders due at @now_unix (as clt_store_due_reminders()), marked
 * as fired at @now_unix in the same transaction, with one statement
 * however many were missed: what is returned is exactly what was marked,
 * so none is shown twice. Nothing derived from the customers changes, so
 * no customer is reindexed.
 *
 * Returns: (transfer full): the promises marked, oldest reminder first
 */
GPtrArray *
clt_store_take_due_reminders (CltStore  *self,
                              gint64     now_unix,
                              GError   **error)
{
  g_autoptr(CltStmt) list = NULL;
  g_autoptr(CltStmt) mark = NULL;
  g_autoptr(GPtrArray) due = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  list = clt_store_prepare (self, PROMISE_COLUMNS DUE_REMINDERS_WHERE " ORDER BY p.remind_at, p.id", error);
  mark = clt_store_prepare (self,
                            "UPDATE promises SET reminded_at = ?1 WHERE id IN"
                            " (SELECT p.id FROM promises p JOIN customers c ON c.id = p.customer_id"
                            DUE_REMINDERS_WHERE ")", error);
  if (list == NULL || mark == NULL || !clt_store_tx_begin (self, error))
    return NULL;

  sqlite3_bind_int64 (list, 1, now_unix);
  due = collect (self, list, error);
  ok = due != NULL;
  if (ok && due->len > 0)
    {
      sqlite3_bind_int64 (mark, 1, now_unix);
      ok = clt_store_step_done (self, mark, error);
    }

  if (!clt_store_tx_end (self, ok, ok ? error : NULL))
    return NULL;

  return g_steal_pointer (&due);
}

/**
 * clt_store_next_reminder:
 *
 * When the next reminder after @now_unix fires, 0 when none is set.
 */
gint64
clt_store_next_reminder (CltStore *self,
                         gint64    now_unix)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);

  stmt = clt_store_prepare (self,
                            "SELECT min(p.remind_at) FROM promises p JOIN customers c ON c.id = p.customer_id"
                            " WHERE p.status = 'open' AND c.trashed_at IS NULL AND p.remind_at > ?1", NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, now_unix);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

/* Every promise made to @customer_id, oldest first (GPtrArray of
 * CltPromise): for an access request. */
GPtrArray *
clt_store_list_customer_promises (CltStore  *self,
                                  gint64     customer_id,
                                  GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_rows (self,
                              PROMISE_COLUMNS " WHERE p.customer_id = ?1 ORDER BY p.created_at, p.id",
                              customer_id, (CltRowReader) read_promise, (GDestroyNotify) clt_promise_free,
                              error);
}

/**
 * clt_store_list_open_promises_page:
 * @offset: how many to pass over
 * @limit: the most to return, 0 for all
 * @n_total: (out) (optional): how many open promises the customer has
 *
 * A page of the customer's open promises, soonest due (so overdue) first:
 * what their page lists, without reading the whole book's.
 */
GPtrArray *
clt_store_list_open_promises_page (CltStore  *self,
                                   gint64     customer_id,
                                   guint      offset,
                                   guint      limit,
                                   guint     *n_total,
                                   GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_page (self,
                              PROMISE_COLUMNS " WHERE p.customer_id = ?1 AND p.status = 'open'"
                              " ORDER BY p.due_at, p.id LIMIT ?2 OFFSET ?3",
                              "SELECT count(*) FROM promises WHERE customer_id = ?1 AND status = 'open'",
                              customer_id, offset, limit, n_total,
                              (CltRowReader) read_promise, (GDestroyNotify) clt_promise_free, error);
}

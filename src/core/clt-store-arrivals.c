/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-schedule.h"
#include "clt-store-private.h"

/* Someone expected has come: their planned contact (a visit, a stay)
 * becomes a contact made, in place, so that its note stays with it and
 * Today's "Expected" loses the row. Undo plans it again. */

/* Moves a contact between planned and made, checking it was the other. */
static gboolean
set_arrived (CltStore  *self,
             gint64     interaction_id,
             gboolean   arrived,
             gint64     at_unix,
             gint64    *was_at,
             GError   **error)
{
  g_autoptr(CltStmt) find = NULL;
  g_autoptr(CltStmt) update = NULL;
  gint64 customer_id = 0;
  gboolean planned = FALSE;
  gboolean ok;

  if (!clt_schedule_time_in_range (at_unix))
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                           clt_schedule_range_message ());
      return FALSE;
    }

  find = clt_store_prepare (self, "SELECT customer_id, planned, at FROM interactions WHERE id = ?1", error);
  update = clt_store_prepare (self, "UPDATE interactions SET planned = ?2, at = ?3 WHERE id = ?1", error);
  if (find == NULL || update == NULL || !clt_store_tx_begin (self, error))
    return FALSE;

  sqlite3_bind_int64 (find, 1, interaction_id);
  ok = sqlite3_step (find) == SQLITE_ROW;
  if (ok)
    {
      customer_id = sqlite3_column_int64 (find, 0);
      planned = sqlite3_column_int (find, 1) != 0;
      if (was_at != NULL)
        *was_at = sqlite3_column_int64 (find, 2);
    }
  else
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                           _("This visit is no longer in the book. It may have been deleted."));
    }

  if (ok && planned != arrived)
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                           arrived ? _("This arrival is already recorded.")
                                   : _("This visit is already expected, not recorded as made."));
      ok = FALSE;
    }

  if (ok)
    {
      sqlite3_bind_int64 (update, 1, interaction_id);
      sqlite3_bind_int (update, 2, !arrived);
      sqlite3_bind_int64 (update, 3, at_unix);
      ok = clt_store_step_done (self, update, error);
    }
  if (ok)
    clt_store_mark_dirty (self, customer_id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/**
 * clt_store_mark_arrived:
 * @interaction_id: a planned contact: someone expected
 * @at_unix: when they came (now, at the desk)
 * @planned_at: (out) (optional): the time they were expected, for undo
 *
 * Turns the planned contact into a contact made at @at_unix, of the same
 * kind and with the same note and staff: the visit or stay happened.
 *
 * Returns: %FALSE with %CLT_STORE_ERROR_INVALID when the contact was
 *   not planned (already marked), %CLT_STORE_ERROR_NOT_FOUND when gone
 */
gboolean
clt_store_mark_arrived (CltStore  *self,
                        gint64     interaction_id,
                        gint64     at_unix,
                        gint64    *planned_at,
                        GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return set_arrived (self, interaction_id, TRUE, at_unix, planned_at, error);
}

/**
 * clt_store_unmark_arrived:
 * @interaction_id: a contact clt_store_mark_arrived() made
 * @planned_at: the time they were expected
 *
 * Undoes clt_store_mark_arrived(): the contact is planned again, for
 * @planned_at.
 */
gboolean
clt_store_unmark_arrived (CltStore  *self,
                          gint64     interaction_id,
                          gint64     planned_at,
                          GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return set_arrived (self, interaction_id, FALSE, planned_at, NULL, error);
}

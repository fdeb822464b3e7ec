/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store-refold"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-store-private.h"

/*
 * The search index written again once, after schema 13 made it hold
 * folded text (clt_text_fold_for_search()). Schema 13 only records that
 * it is due, from customer id 0, in the setting REFOLD_KEY; the rows are
 * then written again in order of customer id, a batch per short
 * transaction, each batch moving the setting on in the same transaction:
 * a quit or a crash loses at most the batch under way, and the next start
 * goes on from there. Until a row is written again it answers as it did
 * (clt_text_fts_query() also searches a ligature as typed), and a customer
 * changed meanwhile gets a folded row at once, as always.
 *
 * The window runs it in a thread on a connection of its own
 * (clt_store_refold_async()); the command line before its first search.
 */

#define REFOLD_KEY "search-refold-from"

/**
 * clt_store_get_refold_due:
 *
 * Returns: whether the search index still has rows to write again
 */
gboolean
clt_store_get_refold_due (CltStore *self)
{
  g_autofree char *from = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  from = clt_store_get_setting (self, REFOLD_KEY, NULL);
  return from != NULL;
}

static gint64
count_customers (CltStore *self,
                 gint64    up_to)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, "SELECT count(*) FROM customers WHERE id <= ?1", NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, up_to);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
}

/**
 * clt_store_refold_batch:
 * @size: how many customers at most
 * @n_done: (out) (optional): how many customers of the book are done
 * @n_total: (out) (optional): how many customers the book has
 *
 * Writes the search rows of the next @size customers again, in one
 * transaction.
 *
 * Returns: %FALSE with @error set when the book could not be written;
 *   %TRUE, and clt_store_get_refold_due() %FALSE once all are done
 */
gboolean
clt_store_refold_batch (CltStore  *self,
                        guint      size,
                        gint64    *n_done,
                        gint64    *n_total,
                        GError   **error)
{
  g_autoptr(CltStmt) next = NULL;
  g_autoptr(CltStmt) move = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) local_error = NULL;
  g_autofree char *from_text = NULL;
  gint64 from;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (size > 0, FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  /* Read inside the transaction: another program may have done it. */
  from_text = clt_store_get_setting (self, REFOLD_KEY, &local_error);
  ok = local_error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  from = from_text != NULL ? g_ascii_strtoll (from_text, NULL, 10) : G_MAXINT64;

  if (ok && from_text != NULL)
    {
      next = clt_store_prepare (self, "SELECT id FROM customers WHERE id > ?1 ORDER BY id LIMIT ?2", error);
      ok = next != NULL;
    }
  if (ok && next != NULL)
    {
      int rc;

      sqlite3_bind_int64 (next, 1, from);
      sqlite3_bind_int (next, 2, (int) MIN (size, G_MAXINT));
      while ((rc = sqlite3_step (next)) == SQLITE_ROW)
        g_array_append_val (ids, (gint64) { sqlite3_column_int64 (next, 0) });
      if (rc != SQLITE_DONE)
        {
          clt_store_set_error (self, rc, error);
          ok = FALSE;
        }
      g_clear_pointer (&next, clt_stmt_release);
    }

  for (guint i = 0; ok && i < ids->len; i++)
    ok = clt_store_refold_row (self, g_array_index (ids, gint64, i), error);

  if (ok && from_text != NULL)
    {
      /* Fewer than asked: the last batch. */
      if (ids->len < size)
        {
          move = clt_store_prepare (self, "DELETE FROM settings WHERE key = '" REFOLD_KEY "'", error);
        }
      else
        {
          move = clt_store_prepare (self, "UPDATE settings SET value = ?1 WHERE key = '" REFOLD_KEY "'", error);
          if (move != NULL)
            sqlite3_bind_int64 (move, 1, g_array_index (ids, gint64, ids->len - 1));
        }
      ok = move != NULL && clt_store_step_done (self, move, error);
      g_clear_pointer (&move, clt_stmt_release);
      if (ids->len > 0)
        from = g_array_index (ids, gint64, ids->len - 1);
    }

  if (!clt_store_tx_end (self, ok, ok ? error : NULL))
    return FALSE;

  if (n_total != NULL)
    *n_total = count_customers (self, G_MAXINT64);
  if (n_done != NULL)
    *n_done = clt_store_get_refold_due (self) ? count_customers (self, from) : count_customers (self, G_MAXINT64);

  return TRUE;
}

/**
 * clt_store_refold_all:
 *
 * Writes every search row still due again, a batch at a time.
 */
gboolean
clt_store_refold_all (CltStore  *self,
                      GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  while (clt_store_get_refold_due (self))
    if (!clt_store_refold_batch (self, CLT_STORE_REFOLD_BATCH, NULL, NULL, error))
      return FALSE;

  return TRUE;
}

typedef struct
{
  char                 *path;
  CltRefoldProgress     progress;
  gpointer              progress_data;
  GMainContext         *context;
} RefoldData;

typedef struct
{
  GTask  *task;
  double  fraction;
} RefoldProgress;

static void
refold_data_free (RefoldData *data)
{
  g_free (data->path);
  g_main_context_unref (data->context);
  g_free (data);
}

/* In the caller's thread: nothing is said after a cancel, so that the
 * caller may go away once it has cancelled. */
static gboolean
report_progress (gpointer user_data)
{
  RefoldProgress *report = user_data;
  RefoldData *data = g_task_get_task_data (report->task);

  if (!g_cancellable_is_cancelled (g_task_get_cancellable (report->task)) && data->progress != NULL)
    data->progress (report->fraction, data->progress_data);

  return G_SOURCE_REMOVE;
}

static void
refold_progress_free (RefoldProgress *report)
{
  g_object_unref (report->task);
  g_free (report);
}

static void
refold_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RefoldData *data = task_data;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = clt_store_open (data->path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  while (clt_store_get_refold_due (store))
    {
      RefoldProgress *report;
      gint64 done = 0;
      gint64 total = 0;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (!clt_store_refold_batch (store, CLT_STORE_REFOLD_BATCH, &done, &total, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      report = g_new0 (RefoldProgress, 1);
      report->task = g_object_ref (task);
      report->fraction = total > 0 ? (double) done / (double) total : 1.0;
      g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, report_progress, report,
                                  (GDestroyNotify) refold_progress_free);
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * clt_store_refold_async:
 * @progress: (nullable): called in the caller's thread after each batch
 *   with the fraction of the book done, never after @cancellable is
 *   cancelled
 *
 * Writes the search rows still due again (clt_store_refold_batch()) in a
 * thread, on a connection of its own; @self's own searches meanwhile find
 * the old rows and the new.
 */
void
clt_store_refold_async (CltStore            *self,
                        GCancellable        *cancellable,
                        CltRefoldProgress    progress,
                        gpointer             progress_data,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RefoldData *data;

  g_return_if_fail (CLT_IS_STORE (self));

  data = g_new0 (RefoldData, 1);
  data->path = g_strdup (clt_store_get_path (self));
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_store_refold_async);
  g_task_set_task_data (task, data, (GDestroyNotify) refold_data_free);
  g_task_run_in_thread (task, refold_thread);
}

gboolean
clt_store_refold_finish (CltStore      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store-refold"

#include "config.h"

#include "clt-store-private.h"

/*
 * The search index written again once, after schema 13 made it hold
 * folded text (clt_text_fold_for_search()). Schema 13 only records that
 * it is due, from customer id 0, in the setting REFOLD_KEY; the rows are
 * then written again in order of customer id, a batch per short
 * transaction, each batch moving the setting on in the same transaction:
 * a quit or a crash loses at most the batch under way, and the next start
 * goes on from there. Then the index's segments are merged (merge_step()),
 * a step per transaction too. Until a row is written again it answers as it did
 * (clt_text_fts_query() also searches a ligature as typed), and a customer
 * changed meanwhile gets a folded row at once, as always.
 *
 * The window runs it in a thread on a connection of its own
 * (clt_store_refold_async()); the command line before its first search.
 */

#define REFOLD_KEY "search-refold-from"
#define BUSY_WAIT_US (G_USEC_PER_SEC / 2)

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

/* Where the reindex is: the last customer id done, or one of these once
 * every row is written again. */
#define MERGE_FIRST "merge-all"
#define MERGE_MORE "merge"
/* The FTS5 pages one merge step writes at most. */
#define MERGE_PAGES 2000
/* What the progress says while the index is merged, which has no measure. */
#define MERGE_FRACTION 0.99

static double
fraction_at (CltStore   *self,
             const char *position)
{
  gint64 total;

  if (position == NULL)
    return 1;
  if (g_str_equal (position, MERGE_FIRST) || g_str_equal (position, MERGE_MORE))
    return MERGE_FRACTION;

  total = count_customers (self, G_MAXINT64);
  if (total == 0)
    return MERGE_FRACTION;
  return MERGE_FRACTION * (double) count_customers (self, g_ascii_strtoll (position, NULL, 10)) / (double) total;
}

/**
 * clt_store_get_refold_fraction:
 *
 * Returns: how much of the reindex is done, 0 to 1 (1 when none is due):
 *   after a quit, the next start goes on from there
 */
double
clt_store_get_refold_fraction (CltStore *self)
{
  g_autofree char *position = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 1);

  position = clt_store_get_setting (self, REFOLD_KEY, NULL);
  return fraction_at (self, position);
}

static gboolean
set_position (CltStore    *self,
              const char  *position,
              GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  stmt = clt_store_prepare (self,
                            position == NULL ? "DELETE FROM settings WHERE key = '" REFOLD_KEY "'"
                                             : "UPDATE settings SET value = ?1 WHERE key = '" REFOLD_KEY "'",
                            error);
  if (stmt == NULL)
    return FALSE;
  if (position != NULL)
    clt_bind_text (stmt, 1, position);
  return clt_store_step_done (self, stmt, error);
}

/* Writes the rows of the customers after @from again; *next: where the
 * next batch starts. */
static gboolean
refold_rows (CltStore  *self,
             gint64     from,
             guint      size,
             char     **next,
             GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  stmt = clt_store_prepare (self, "SELECT id FROM customers WHERE id > ?1 ORDER BY id LIMIT ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int (stmt, 2, (int) MIN (size, G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_array_append_val (ids, (gint64) { sqlite3_column_int64 (stmt, 0) });
  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }
  g_clear_pointer (&stmt, clt_stmt_release);

  for (guint i = 0; i < ids->len; i++)
    if (!clt_store_refold_row (self, g_array_index (ids, gint64, i), error))
      return FALSE;

  /* Fewer than asked: the last rows. */
  if (ids->len < size)
    *next = g_strdup (MERGE_FIRST);
  else
    *next = g_strdup_printf ("%" G_GINT64_FORMAT, g_array_index (ids, gint64, ids->len - 1));
  return TRUE;
}

/* Every row written again leaves its old version in the index's older
 * segments (at 100,000 customers: 75 MiB grown to 108): they are merged
 * into one, a step per transaction, as FTS5's "merge" command allows (the
 * first step with a negative page count takes in every segment; the rest
 * go on until a step writes nothing). */
static gboolean
merge_step (CltStore    *self,
            gboolean     first,
            char       **next,
            GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  sqlite3 *db = clt_store_get_db (self);
  sqlite3_int64 before = sqlite3_total_changes64 (db);

  stmt = clt_store_prepare (self, "INSERT INTO search (search, rank) VALUES ('merge', ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, first ? -MERGE_PAGES : MERGE_PAGES);
  if (!clt_store_step_done (self, stmt, error))
    return FALSE;

  /* The insert itself counts one. */
  *next = sqlite3_total_changes64 (db) - before >= 2 || first ? g_strdup (MERGE_MORE) : NULL;
  return TRUE;
}

/**
 * clt_store_refold_batch:
 * @size: how many customers at most
 * @fraction: (out) (optional): how much of the reindex is done, 0 to 1
 *
 * Writes the search rows of the next @size customers again, or once all
 * are, merges a step of the index, in one transaction.
 *
 * Returns: %FALSE with @error set when the book could not be written;
 *   %TRUE, and clt_store_get_refold_due() %FALSE once all is done
 */
gboolean
clt_store_refold_batch (CltStore  *self,
                        guint      size,
                        double    *fraction,
                        GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *position = NULL;
  g_autofree char *next = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (size > 0, FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  /* Read inside the transaction: another program may have gone on. */
  position = clt_store_get_setting (self, REFOLD_KEY, &local_error);
  ok = local_error == NULL;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));

  if (ok && position != NULL)
    {
      if (g_str_equal (position, MERGE_FIRST) || g_str_equal (position, MERGE_MORE))
        ok = merge_step (self, g_str_equal (position, MERGE_FIRST), &next, error);
      else
        ok = refold_rows (self, g_ascii_strtoll (position, NULL, 10), size, &next, error);
      ok = ok && set_position (self, next, error);
    }

  if (!clt_store_tx_end (self, ok, ok ? error : NULL))
    return FALSE;

  if (fraction != NULL)
    *fraction = fraction_at (self, next);
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
    if (!clt_store_refold_batch (self, CLT_STORE_REFOLD_BATCH, NULL, error))
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
      double fraction = 0;

      if (g_task_return_error_if_cancelled (task))
        return;
      if (!clt_store_refold_batch (store, CLT_STORE_REFOLD_BATCH, &fraction, &error))
        {
          /* Another program's long write (an import): after it. */
          if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY))
            {
              g_clear_error (&error);
              g_usleep (BUSY_WAIT_US);
              continue;
            }
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      report = g_new0 (RefoldProgress, 1);
      report->task = g_object_ref (task);
      report->fraction = fraction;
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

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-store-private.h"

/*
 * The customer's right to erasure. Erasing removes a customer's rows and
 * logs their random uid in `erasures`, so that restoring an older copy
 * erases them again; purging then removes the data from the file itself:
 * on SQLite 3.40 the FTS5 index keeps deleted tokens until its segments
 * are merged, free space inside pages may hold what earlier edits left,
 * and the WAL holds recent pages.
 *
 * Keeping anonymous counts leaves a row with a placeholder name, a new
 * uid (the old one could be matched against an earlier export), its
 * contacts' kinds and dates and nothing else, archived so that searches
 * and lists never show it, and out of the book's order: its search rowid
 * is -id, where no name's rowid ever is.
 */

#define ANONYMISE_AFTER_YEARS_KEY "anonymise-after-years"
#define PREVIEW_NAMES 20

/* Who "anonymise customers with no contact for N years" applies to: no
 * contact since the cut-off (or added before it when never contacted),
 * nothing planned after it, and no promise still open to them. */
#define INACTIVE_WHERE \
  " FROM customers c WHERE c.anonymised = 0 AND c.trashed_at IS NULL" \
  " AND coalesce (c.last_contact_at, c.created_at) < ?1" \
  " AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.customer_id = c.id AND i.at >= ?1)" \
  " AND NOT EXISTS (SELECT 1 FROM promises p WHERE p.customer_id = c.id AND p.status = 'open')"

static gboolean
run_for_customer (CltStore    *self,
                  const char  *sql,
                  gint64       customer_id,
                  GError     **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  return clt_store_step_done (self, stmt, error);
}

/* A tag only this customer wore may say something about them. */
static gboolean
delete_own_tags (CltStore  *self,
                 gint64     customer_id,
                 GError   **error)
{
  return run_for_customer (self,
                           "DELETE FROM tags WHERE id IN"
                           " (SELECT tag_id FROM customer_tags WHERE customer_id = ?1)"
                           " AND NOT EXISTS (SELECT 1 FROM customer_tags o"
                           "  WHERE o.tag_id = tags.id AND o.customer_id != ?1)",
                           customer_id, error);
}

static gboolean
delete_one (CltStore  *self,
            gint64     customer_id,
            GError   **error)
{
  /* The child rows go with the customer (ON DELETE CASCADE). */
  return delete_own_tags (self, customer_id, error) &&
         clt_store_delete_customer (self, customer_id, error);
}

static gboolean
anonymise_one (CltStore  *self,
               gint64     customer_id,
               gint64     now_unix,
               GError   **error)
{
  static const char * const clear[] = {
    "DELETE FROM emails WHERE customer_id = ?1",
    "DELETE FROM phones WHERE customer_id = ?1",
    "DELETE FROM addresses WHERE customer_id = ?1",
    "DELETE FROM preferences WHERE customer_id = ?1",
    "DELETE FROM notes WHERE customer_id = ?1",
    "DELETE FROM promises WHERE customer_id = ?1",
    "DELETE FROM outbox WHERE customer_id = ?1",
    "DELETE FROM customer_tags WHERE customer_id = ?1",
    "DELETE FROM interactions WHERE customer_id = ?1 AND planned = 1",
    "UPDATE interactions SET note = NULL, staff = NULL WHERE customer_id = ?1",
    "DELETE FROM search WHERE rowid = (SELECT search_rowid FROM customers WHERE id = ?1)",
    "DELETE FROM phone_search WHERE rowid = (SELECT search_rowid FROM customers WHERE id = ?1)",
  };
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *uid = g_uuid_string_random ();

  if (!delete_own_tags (self, customer_id, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (clear); i++)
    if (!run_for_customer (self, clear[i], customer_id, error))
      return FALSE;

  stmt = clt_store_prepare (self,
                            "UPDATE customers SET display_name = ?2, honorific = NULL,"
                            " given_name = NULL, family_name = NULL, addressed_as = NULL,"
                            " company = NULL, language = NULL, birthday = NULL, vip = 0,"
                            " email_consent = 0, consent_at = NULL, consent_source = NULL,"
                            " job_title = NULL, uid = ?3, updated_at = ?4, trashed_at = NULL,"
                            " archived = 1, anonymised = 1, search_rowid = -id, sort_key = ''"
                            " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  /* TRANSLATORS: the name left on a customer erased with their anonymous
   * counts kept; it is never shown in lists or searches. */
  clt_bind_text (stmt, 2, _("Erased customer"));
  clt_bind_text (stmt, 3, uid);
  sqlite3_bind_int64 (stmt, 4, now_unix);
  if (!clt_store_step_done (self, stmt, error))
    return FALSE;

  /* Its search row comes back at -id with the placeholder alone. */
  clt_store_mark_dirty (self, customer_id);
  return TRUE;
}

/* The ids a query selects, binding @parameter to ?1 if it has one. */
static GArray *
select_ids (CltStore    *self,
            const char  *sql,
            gint64       parameter,
            GError     **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  if (stmt == NULL)
    return NULL;

  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, parameter);
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

static gint64
inactive_cutoff (guint  years,
                 gint64 now_unix)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_unix);
  g_autoptr(GDateTime) cutoff = g_date_time_add_years (now, -(gint) years);

  return g_date_time_to_unix (cutoff);
}

/**
 * clt_store_erase_customer_data:
 * @keep_counts: keep an anonymous row with the dates and kinds of the
 *   customer's contacts, for visit statistics
 *
 * Removes a customer's personal data from the book, in one transaction,
 * and logs their uid so that restoring an older copy erases them again.
 * The data may still be read in the file until clt_store_purge_erased().
 * No undo.
 */
gboolean
clt_store_erase_customer_data (CltStore  *self,
                               gint64     customer_id,
                               gboolean   keep_counts,
                               GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(CltStmt) log = NULL;
  gint64 now_unix = g_get_real_time () / G_USEC_PER_SEC;
  gboolean anonymised;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!clt_store_exec (self, "PRAGMA secure_delete = ON", error) ||
      !clt_store_tx_begin (self, error))
    return FALSE;

  stmt = clt_store_prepare (self, "SELECT uid, anonymised FROM customers WHERE id = ?1", error);
  log = clt_store_prepare (self,
                           "INSERT INTO erasures (uid, erased_at) VALUES (?1, ?2)"
                           " ON CONFLICT (uid) DO NOTHING", error);
  ok = stmt != NULL && log != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, customer_id);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                               _("This customer or item no longer exists. It may have been deleted."));
          ok = FALSE;
        }
    }

  if (ok)
    {
      anonymised = sqlite3_column_int (stmt, 1) != 0;

      /* An anonymous row's uid stands for no one. */
      if (!anonymised && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
        {
          clt_bind_text (log, 1, clt_column_text (stmt, 0));
          sqlite3_bind_int64 (log, 2, now_unix);
          ok = clt_store_step_done (self, log, error);
        }
      g_clear_pointer (&stmt, clt_stmt_release);

      /* An anonymous row asked to keep its counts has nothing else left. */
      if (ok && !(keep_counts && anonymised))
        ok = keep_counts ? anonymise_one (self, customer_id, now_unix, error)
                         : delete_one (self, customer_id, error);
    }

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/* Rewrites the search and phone indexes as one segment each, without the
 * words of rows deleted since (FTS5 keeps them in its older segments until
 * then), and wipes the pages it frees; the words of names for close
 * matches, which are never removed one by one, are gathered again from
 * the names left. */
gboolean
clt_store_merge_search (CltStore  *self,
                        GError   **error)
{
  return clt_store_exec (self, "PRAGMA secure_delete = ON", error) &&
         clt_store_exec (self, "INSERT INTO search (search) VALUES ('optimize')", error) &&
         clt_store_exec (self, "INSERT INTO phone_search (phone_search) VALUES ('optimize')", error) &&
         clt_store_exec (self, "DELETE FROM name_words", error) &&
         clt_store_exec (self, CLT_STORE_NAME_WORDS_FILL, error);
}

/**
 * clt_store_purge_erased:
 *
 * Removes from the file itself what erasures and anonymisations left in
 * it: merges the full-text index's segments (the old ones still hold the
 * erased words), rebuilds the file (VACUUM: free pages and the free space
 * inside pages may hold what earlier edits left), then empties the WAL.
 * It takes seconds at 100,000 customers and holds the book's write
 * lock meanwhile: run it in a thread on its own connection.
 */
gboolean
clt_store_purge_erased (CltStore  *self,
                        GError   **error)
{
  sqlite3 *db;
  int busy = 0;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  db = clt_store_get_db (self);
  g_return_val_if_fail (sqlite3_get_autocommit (db), FALSE);

  /* VACUUM's transient copy goes to a temporary file rather than memory:
   * it is as large as the book. */
  if (!clt_store_merge_search (self, error) ||
      !clt_store_exec (self, "PRAGMA temp_store = FILE", error))
    return FALSE;

  rc = sqlite3_exec (db, "VACUUM", NULL, NULL, NULL);
  sqlite3_exec (db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  /* A rollback-journal book (a copy) has no WAL to empty. */
  rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_TRUNCATE, &busy, NULL);
  if (rc == SQLITE_BUSY)
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY,
                           _("The customer was erased, but another program is reading the "
                             "customer book: the last traces will leave the file when it "
                             "closes the book."));
      return FALSE;
    }
  if (rc != SQLITE_OK)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/**
 * clt_store_erase_customer:
 * @keep_counts: keep an anonymous row with the dates and kinds of the
 *   customer's contacts, for visit statistics
 *
 * Erases a customer: clt_store_erase_customer_data(), then
 * clt_store_purge_erased(). No undo. The automatic copies are erased by
 * clt_backup_erase_customer().
 */
gboolean
clt_store_erase_customer (CltStore  *self,
                          gint64     customer_id,
                          gboolean   keep_counts,
                          GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return clt_store_erase_customer_data (self, customer_id, keep_counts, error) &&
         clt_store_purge_erased (self, error);
}

/**
 * clt_store_merge_erasures:
 * @from: another book, or another copy of this one
 *
 * Adds @from's erasure log to this book's, keeping the first date of each
 * erasure.
 */
gboolean
clt_store_merge_erasures (CltStore  *self,
                          CltStore  *from,
                          GError   **error)
{
  g_autoptr(CltStmt) read = NULL;
  g_autoptr(CltStmt) write = NULL;
  gboolean ok;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (CLT_IS_STORE (from), FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  read = clt_store_prepare (from, "SELECT uid, erased_at FROM erasures", error);
  write = clt_store_prepare (self,
                             "INSERT INTO erasures (uid, erased_at) VALUES (?1, ?2)"
                             " ON CONFLICT (uid) DO UPDATE SET erased_at = min (erased_at, excluded.erased_at)",
                             error);
  ok = read != NULL && write != NULL;

  while (ok && (rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      clt_bind_text (write, 1, clt_column_text (read, 0));
      sqlite3_bind_int64 (write, 2, sqlite3_column_int64 (read, 1));
      ok = clt_store_step_done (self, write, error);
      sqlite3_reset (write);
    }
  if (ok && rc != SQLITE_DONE)
    {
      clt_store_set_error (from, rc, error);
      ok = FALSE;
    }

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/**
 * clt_store_erase_logged:
 *
 * Erases again every customer whose uid is in the erasure log: after a
 * restore, and in the automatic copies. The log does not say whether the
 * counts were kept, so they go too: the anonymous row, if one was kept, is
 * in the book that was erased from. Follow with clt_store_purge_erased().
 *
 * Returns: how many customers were erased, or -1 with @error set
 */
gint64
clt_store_erase_logged (CltStore  *self,
                        GError   **error)
{
  g_autoptr(GArray) ids = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (CLT_IS_STORE (self), -1);

  if (!clt_store_exec (self, "PRAGMA secure_delete = ON", error) ||
      !clt_store_tx_begin (self, error))
    return -1;

  ids = select_ids (self,
                    "SELECT id FROM customers WHERE anonymised = 0 AND uid IN (SELECT uid FROM erasures)",
                    0, error);
  ok = ids != NULL;
  for (guint i = 0; ok && i < ids->len; i++)
    ok = delete_one (self, g_array_index (ids, gint64, i), error);

  if (!clt_store_tx_end (self, ok, ok ? error : NULL))
    return -1;

  return ids->len;
}

/**
 * clt_store_preview_inactive:
 * @years: how long without contact
 * @names: (out) (optional) (transfer full): the names of the first of them
 *   (at most 20), longest without contact first
 *
 * Who clt_store_anonymise_inactive() would anonymise: customers with no
 * contact for @years years (counting from when they were added if they
 * were never contacted), nothing planned and no promise open.
 *
 * Returns: how many, or -1 with @error set
 */
gint64
clt_store_preview_inactive (CltStore    *self,
                            guint        years,
                            gint64       now_unix,
                            char      ***names,
                            GError     **error)
{
  g_autoptr(CltStmt) count = NULL;
  g_autoptr(CltStmt) first = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gint64 cutoff;
  gint64 total;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), -1);
  g_return_val_if_fail (years > 0, -1);

  cutoff = inactive_cutoff (years, now_unix);
  count = clt_store_prepare (self, "SELECT count(*)" INACTIVE_WHERE, error);
  if (count == NULL)
    return -1;

  sqlite3_bind_int64 (count, 1, cutoff);
  rc = sqlite3_step (count);
  if (rc != SQLITE_ROW)
    {
      clt_store_set_error (self, rc, error);
      return -1;
    }
  total = sqlite3_column_int64 (count, 0);

  if (names != NULL)
    {
      first = clt_store_prepare (self,
                                 "SELECT display_name" INACTIVE_WHERE
                                 " ORDER BY coalesce (c.last_contact_at, c.created_at), c.id LIMIT ?2",
                                 error);
      if (first == NULL)
        return -1;

      sqlite3_bind_int64 (first, 1, cutoff);
      sqlite3_bind_int (first, 2, PREVIEW_NAMES);
      while ((rc = sqlite3_step (first)) == SQLITE_ROW)
        g_strv_builder_add (builder, clt_column_text (first, 0));
      if (rc != SQLITE_DONE)
        {
          clt_store_set_error (self, rc, error);
          return -1;
        }
      *names = g_strv_builder_end (builder);
    }

  return total;
}

typedef struct
{
  char   *path;
  guint   years;
  gint64  now;
  gint64  count;
  char  **names;
} Preview;

static void
preview_free (Preview *preview)
{
  g_free (preview->path);
  g_strfreev (preview->names);
  g_free (preview);
}

static void
preview_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Preview *preview = task_data;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = clt_store_open (preview->path, &error);
  if (store != NULL)
    preview->count = clt_store_preview_inactive (store, preview->years, preview->now,
                                                 &preview->names, &error);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * clt_store_preview_inactive_async:
 *
 * clt_store_preview_inactive() in a thread, on a connection of its own: it
 * reads every customer, over 100 ms at 100,000.
 */
void
clt_store_preview_inactive_async (CltStore            *self,
                                  guint                years,
                                  gint64               now_unix,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Preview *preview;

  g_return_if_fail (CLT_IS_STORE (self));
  g_return_if_fail (years > 0);

  preview = g_new0 (Preview, 1);
  preview->path = g_strdup (clt_store_get_path (self));
  preview->years = years;
  preview->now = now_unix;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_store_preview_inactive_async);
  g_task_set_task_data (task, preview, (GDestroyNotify) preview_free);
  g_task_run_in_thread (task, preview_thread);
}

gint64
clt_store_preview_inactive_finish (CltStore       *self,
                                   GAsyncResult   *result,
                                   char         ***names,
                                   GError        **error)
{
  Preview *preview;

  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return -1;

  preview = g_task_get_task_data (G_TASK (result));
  if (names != NULL)
    *names = g_steal_pointer (&preview->names);
  return preview->count;
}

/**
 * clt_store_anonymise_inactive:
 * @years: how long without contact
 *
 * Anonymises the customers clt_store_preview_inactive() lists, as
 * clt_store_erase_customer() does when the counts are kept, then purges
 * the file. They are not logged as erased: this is the book's own rule for
 * how long it keeps people, which it applies again after a restore, not a
 * customer's request.
 *
 * Returns: how many were anonymised, or -1 with @error set
 */
gint64
clt_store_anonymise_inactive (CltStore  *self,
                              guint      years,
                              gint64     now_unix,
                              GError   **error)
{
  g_autoptr(GArray) ids = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), -1);
  g_return_val_if_fail (years > 0, -1);

  if (!clt_store_exec (self, "PRAGMA secure_delete = ON", error) ||
      !clt_store_tx_begin (self, error))
    return -1;

  ids = select_ids (self, "SELECT c.id" INACTIVE_WHERE, inactive_cutoff (years, now_unix), error);
  ok = ids != NULL;
  for (guint i = 0; ok && i < ids->len; i++)
    ok = anonymise_one (self, g_array_index (ids, gint64, i), now_unix, error);

  if (!clt_store_tx_end (self, ok, ok ? error : NULL))
    return -1;

  if (ids->len > 0 && !clt_store_purge_erased (self, error))
    return -1;

  return ids->len;
}

/**
 * clt_store_get_anonymise_after_years:
 *
 * Returns: the setting "anonymise customers with no contact for N years",
 *   0 when it is off (the default)
 */
guint
clt_store_get_anonymise_after_years (CltStore *self)
{
  g_autofree char *value = NULL;
  guint64 years;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);

  value = clt_store_get_setting (self, ANONYMISE_AFTER_YEARS_KEY, NULL);
  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 100, &years, NULL))
    return 0;

  return (guint) years;
}

gboolean
clt_store_set_anonymise_after_years (CltStore  *self,
                                     guint      years,
                                     GError   **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (years <= 100, FALSE);

  if (years > 0)
    value = g_strdup_printf ("%u", years);

  return clt_store_set_setting (self, ANONYMISE_AFTER_YEARS_KEY, value, error);
}

/**
 * clt_store_apply_anonymise_setting:
 *
 * Anonymises the customers with no contact for as many years as the
 * setting says; nothing when it is off.
 *
 * Returns: how many were anonymised, or -1 with @error set
 */
gint64
clt_store_apply_anonymise_setting (CltStore  *self,
                                   gint64     now_unix,
                                   GError   **error)
{
  guint years;

  g_return_val_if_fail (CLT_IS_STORE (self), -1);

  years = clt_store_get_anonymise_after_years (self);
  if (years == 0)
    return 0;

  return clt_store_anonymise_inactive (self, years, now_unix, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-backup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clt-backup.h"
#include "clt-store-private.h"
#include "clt-unnamed-file.h"

/*
 * Copies of the book in $XDG_DATA_HOME/clientele/backups (0700), named
 * after the book and a hash of its real path, so that two books never mix:
 * "clientele-1a2b3c4d-2024-05-17.db" for the day's automatic copy,
 * "clientele-1a2b3c4d-before-restore-2024-05-17-093012.db" for the book as
 * it was before a restore. Each is written with VACUUM INTO to a temporary
 * file, synced, then linked into place (see clt_store_write_copy()).
 *
 * Erasing a customer erases them inside every copy rather than remaking
 * the copies from today's book or deleting them: the copies are there to
 * go back to an earlier day, which seven copies of today would not allow.
 */

G_DEFINE_QUARK (clt-backup-error-quark, clt_backup_error)

#define LAST_OUTSIDE_COPY_KEY "last-outside-copy-at"
#define ANONYMISE_AFTER_YEARS_KEY "anonymise-after-years"
#define TEMP_PREFIX ".clientele-"
#define RESTORE_PREFIX ".clientele-restore-"
#define STALE_TEMP_SECONDS (24 * 60 * 60)
#define BUSY_WAIT_SECONDS 30
#define DAY_SECONDS (24 * 60 * 60)

typedef enum
{
  NOT_A_COPY,
  DAILY_COPY,
  BEFORE_RESTORE_COPY,
} CopyKind;

static gint64
real_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The real path of @path, symbolic links resolved, or its absolute form
 * when it does not exist. */
static char *
real_path (const char *path)
{
  char resolved[PATH_MAX];

  if (realpath (path, resolved) != NULL)
    return g_strdup (resolved);

  return g_canonicalize_filename (path, NULL);
}

static gboolean
is_inside (const char *path,
           const char *folder)
{
  size_t length = strlen (folder);

  return strncmp (path, folder, length) == 0 && (path[length] == '/' || path[length] == '\0');
}

/* A book opened from the backups folder is a copy being looked at, not
 * a book of its own to copy. */
static gboolean
is_a_copy (const char *book_path)
{
  g_autofree char *folder = clt_backup_get_folder ();
  g_autofree char *real_folder = real_path (folder);
  g_autofree char *real_book = real_path (book_path);

  return is_inside (real_book, real_folder);
}

/* "clientele-1a2b3c4d": the book's file name, and a hash of its real path
 * so that two books of the same name in different folders never mix. */
static char *
book_prefix (const char *book_path)
{
  g_autofree char *real = real_path (book_path);
  g_autofree char *base = g_path_get_basename (real);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, real, -1);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';

  return g_strdup_printf ("%s-%.8s", base, hash);
}

static char *
copy_path (const char *book_path,
           CopyKind    kind,
           gint64      when_unix)
{
  g_autofree char *folder = clt_backup_get_folder ();
  g_autofree char *prefix = book_prefix (book_path);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (when_unix);
  g_autofree char *stamp = g_date_time_format (when, kind == DAILY_COPY ? "%Y-%m-%d"
                                                                         : "before-restore-%Y-%m-%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("%s-%s.db", prefix, stamp);

  return g_build_filename (folder, name, NULL);
}

/* '#' in @pattern stands for a digit. */
static gboolean
matches (const char *text,
         const char *pattern,
         size_t      length)
{
  if (strlen (pattern) != length)
    return FALSE;

  for (size_t i = 0; i < length; i++)
    if (pattern[i] == '#' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;

  return TRUE;
}

static CopyKind
copy_kind (const char *name,
           const char *prefix)
{
  size_t prefix_length = strlen (prefix);
  const char *rest;
  size_t length;

  if (strncmp (name, prefix, prefix_length) != 0 || name[prefix_length] != '-' ||
      !g_str_has_suffix (name, ".db"))
    return NOT_A_COPY;

  rest = name + prefix_length + 1;
  length = strlen (rest) - strlen (".db");
  if (matches (rest, "####-##-##", length))
    return DAILY_COPY;
  if (matches (rest, "before-restore-####-##-##-######", length))
    return BEFORE_RESTORE_COPY;

  return NOT_A_COPY;
}

static gboolean
ensure_folder (const char  *folder,
               GError     **error)
{
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);

      g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_FAILED,
                   _("The backups folder “%s” cannot be created: %s."), display,
                   g_strerror (saved_errno));
      return FALSE;
    }

  /* The copies are as private as the book. */
  g_chmod (folder, 0700);
  return TRUE;
}

static int
compare_names_newest_first (gconstpointer a,
                            gconstpointer b)
{
  return -g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Keeps the newest CLT_BACKUP_KEEP copies of each kind (their names sort
 * by date), and removes what a process that died while writing a copy
 * left behind. Another process may be pruning too: a file already gone is
 * not an error. */
static void
prune (const char *book_path)
{
  g_autofree char *folder = clt_backup_get_folder ();
  g_autofree char *prefix = book_prefix (book_path);
  g_autoptr(GPtrArray) daily = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) before_restore = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  gint64 now = real_now ();
  const char *name;

  if (dir == NULL)
    return;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GStatBuf st;

      switch (copy_kind (name, prefix))
        {
        case DAILY_COPY:
          g_ptr_array_add (daily, g_steal_pointer (&path));
          break;
        case BEFORE_RESTORE_COPY:
          g_ptr_array_add (before_restore, g_steal_pointer (&path));
          break;
        case NOT_A_COPY:
          if (g_str_has_prefix (name, TEMP_PREFIX) && g_stat (path, &st) == 0 &&
              now - st.st_mtime > STALE_TEMP_SECONDS)
            g_unlink (path);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  g_ptr_array_sort (daily, compare_names_newest_first);
  g_ptr_array_sort (before_restore, compare_names_newest_first);
  for (guint i = CLT_BACKUP_KEEP; i < daily->len; i++)
    g_unlink (g_ptr_array_index (daily, i));
  for (guint i = CLT_BACKUP_KEEP; i < before_restore->len; i++)
    g_unlink (g_ptr_array_index (before_restore, i));
}

static gboolean
book_has_customers (CltStore *store)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM customers)", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
}

static gint64
setting_int64 (CltStore   *store,
               const char *key)
{
  g_autofree char *value = clt_store_get_setting (store, key, NULL);
  gint64 number;

  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, G_MAXINT64, &number, NULL))
    return 0;

  return number;
}

static gboolean
set_setting_int64 (CltStore  *store,
                   const char *key,
                   gint64      number,
                   GError    **error)
{
  g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, number);

  return clt_store_set_setting (store, key, value, error);
}

static gboolean
daily_on (CltStore    *store,
          const char  *today,
          gint64       now_unix,
          char       **made,
          GError     **error)
{
  gboolean written = FALSE;

  if (!book_has_customers (store))
    return TRUE;

  if (clt_store_apply_anonymise_setting (store, now_unix, error) < 0 ||
      !clt_store_write_copy (store, today, FALSE, &written, error))
    return FALSE;

  prune (clt_store_get_path (store));

  if (written && made != NULL)
    *made = g_strdup (today);
  return TRUE;
}

/* Erases every logged customer from one copy, in place: the copies are
 * made by VACUUM INTO, so they hold no deleted data, and with
 * secure_delete what the erasure frees is zeroed. */
static gboolean
erase_in_copy (CltStore    *store,
               const char  *path,
               GError     **error)
{
  g_autoptr(CltStore) copy = clt_store_open (path, error);

  if (copy == NULL)
    return FALSE;

  /* Copies stay single files: no WAL beside them. */
  return clt_store_exec (copy, "PRAGMA journal_mode = DELETE", error) &&
         clt_store_merge_erasures (copy, store, error) &&
         clt_store_erase_logged (copy, error) >= 0 &&
         clt_store_merge_search (copy, error);
}

/* Whether the copy at @path may hold anyone in @uids, read without
 * changing it; a copy that cannot be read so is looked into. */
static gboolean
copy_holds_any (const char *path,
                GPtrArray  *uids)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = TRUE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT 1 FROM customers WHERE uid = ?1 AND anonymised = 0",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      found = FALSE;
      for (guint i = 0; !found && i < uids->len; i++)
        {
          sqlite3_bind_text (stmt, 1, g_ptr_array_index (uids, i), -1, SQLITE_STATIC);
          found = sqlite3_step (stmt) == SQLITE_ROW;
          sqlite3_reset (stmt);
        }
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found;
}

static GPtrArray *
erased_uids (CltStore  *store,
             GError   **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (store, "SELECT uid FROM erasures", error);
  g_autoptr(GPtrArray) uids = g_ptr_array_new_with_free_func (g_free);
  int rc;

  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (uids, clt_column_dup_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (store, rc, error);
      return NULL;
    }

  return g_steal_pointer (&uids);
}

/* Checks for a Clientele book that this program can read: SQLite's header,
 * which any program's database has, a sound file, a schema version this
 * program knows and the tables of that version. */

static gboolean
check_header (const char  *path,
              const char  *display,
              GError     **error)
{
  static const char header[16] = "SQLite format 3";
  char buffer[sizeof header];
  GStatBuf st;
  gssize n;

  /* Perhaps the book itself, which this process has open. */
  if (g_stat (path, &st) != 0 ||
      (n = S_ISREG (st.st_mode) ? clt_store_read_file_start (path, (guint8 *) buffer, sizeof buffer) : 0) < 0)
    {
      int saved_errno = errno;

      g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_FAILED,
                   _("“%s” cannot be opened: %s."), display, g_strerror (saved_errno));
      return FALSE;
    }

  if (n != sizeof buffer || memcmp (buffer, header, sizeof header) != 0)
    {
      g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_NOT_A_BOOK,
                   _("“%s” is not a copy of a Clientele customer book. Nothing was changed."),
                   display);
      return FALSE;
    }

  return TRUE;
}

static void
set_damaged (const char  *display,
             GError     **error)
{
  g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_DAMAGED,
               _("“%s” is damaged and cannot be restored. Nothing was changed; "
                 "choose another copy."), display);
}

static gboolean
check_book (sqlite3     *db,
            const char  *display,
            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean sound;
  int version = -1;
  gint64 application_id = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  sound = rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  g_clear_pointer (&stmt, sqlite3_finalize);
  if (!sound)
    {
      if ((sqlite3_errcode (db) & 0xff) == SQLITE_NOTADB)
        g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_NOT_A_BOOK,
                     _("“%s” is not a copy of a Clientele customer book. Nothing was changed."),
                     display);
      else
        set_damaged (display, error);
      return FALSE;
    }

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (version > CLT_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_TOO_NEW,
                   _("“%s” was saved by a newer version of Clientele. Update Clientele to "
                     "restore it. Nothing was changed."), display);
      return FALSE;
    }

  if (sqlite3_prepare_v2 (db, "PRAGMA application_id", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    application_id = (guint32) sqlite3_column_int (stmt, 0);
  g_clear_pointer (&stmt, sqlite3_finalize);

  sound = (application_id == 0 || application_id == CLT_STORE_APPLICATION_ID) &&
          clt_store_has_book_tables (db, version);

  if (!sound)
    {
      g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_NOT_A_BOOK,
                   _("“%s” is a database, but not a Clientele customer book. Nothing was changed."),
                   display);
      return FALSE;
    }

  return TRUE;
}

/* Opens a file the user chose without changing it, or creating anything
 * beside it: immutable, so that no lock, journal or shared-memory file is
 * ever made. */
static sqlite3 *
open_untouched (const char  *path,
                const char  *display,
                GError     **error)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autofree char *immutable = NULL;
  sqlite3 *db = NULL;

  if (uri == NULL)
    {
      g_autofree char *absolute = g_canonicalize_filename (path, NULL);

      uri = g_filename_to_uri (absolute, NULL, NULL);
    }
  immutable = g_strconcat (uri, "?immutable=1", NULL);

  if (sqlite3_open_v2 (immutable, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) != SQLITE_OK)
    {
      sqlite3_close (db);
      set_damaged (display, error);
      return NULL;
    }

  return db;
}

/* The erasure log's size and last date: what a restore re-reads to see
 * whether someone was erased while it prepared the copy. */
static char *
erasures_signature (CltStore *store)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (store,
                                               "SELECT count(*), coalesce (max (erased_at), 0) FROM erasures",
                                               NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");

  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                          (gint64) sqlite3_column_int64 (stmt, 0),
                          (gint64) sqlite3_column_int64 (stmt, 1));
}

/* What travels from the current book to the restored one: the erasure log
 * and what follows from it, the rule for anonymising, and the date of the
 * last copy saved elsewhere (the copies are still there). */
static gboolean
bring_up_to_date (CltStore  *restored,
                  CltStore  *current,
                  GError   **error)
{
  g_autofree char *years = clt_store_get_setting (current, ANONYMISE_AFTER_YEARS_KEY, NULL);
  gint64 outside = MAX (setting_int64 (current, LAST_OUTSIDE_COPY_KEY),
                        setting_int64 (restored, LAST_OUTSIDE_COPY_KEY));
  gint64 erased;

  if (!clt_store_set_setting (restored, ANONYMISE_AFTER_YEARS_KEY, years, error))
    return FALSE;
  if (outside > 0 && !set_setting_int64 (restored, LAST_OUTSIDE_COPY_KEY, outside, error))
    return FALSE;

  if (!clt_store_merge_erasures (restored, current, error))
    return FALSE;

  erased = clt_store_erase_logged (restored, error);
  if (erased < 0 || clt_store_apply_anonymise_setting (restored, real_now (), error) < 0)
    return FALSE;

  /* The snapshot holds no deleted data (VACUUM INTO wrote it) and erasing
   * wipes what it deletes: merging the index's segments is all it needs. */
  return erased == 0 || clt_store_merge_search (restored, error);
}

static int
page_size (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int bytes = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    bytes = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  return bytes;
}

/* Copies @source over the live book, in one transaction of the live
 * connection, so that every program holding the book open sees the new
 * content at its next read; the file itself stays in place. */
static gboolean
copy_into_live (CltStore  *store,
                CltStore  *source,
                GError   **error)
{
  sqlite3 *live = clt_store_get_db (store);
  gint64 deadline = g_get_monotonic_time () + BUSY_WAIT_SECONDS * G_USEC_PER_SEC;
  sqlite3_backup *backup;
  int rc;

  backup = sqlite3_backup_init (live, "main", clt_store_get_db (source), "main");
  if (backup == NULL)
    {
      clt_store_set_error (store, sqlite3_errcode (live), error);
      return FALSE;
    }

  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && g_get_monotonic_time () < deadline)
        g_usleep (50 * 1000);
      else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        break;
    }
  while (rc != SQLITE_DONE && (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED));
  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (store, rc, error);
      return FALSE;
    }

  /* The WAL now holds the whole restored book: into the file with it. */
  sqlite3_wal_checkpoint_v2 (live, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
  return TRUE;
}

/* Removes the snapshot and its journal files, then lets go of @lock_fd. */
static void
remove_snapshot (const char *path,
                 int         lock_fd)
{
  static const char * const suffixes[] = { "-journal", "-wal", "-shm", "" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  close (lock_fd);
}

static gboolean
save_aside (CltStore  *store,
            char     **saved_aside,
            GError   **error)
{
  gint64 now = real_now ();
  gboolean written = FALSE;

  /* Two restores in the same second take the next second's name. */
  for (gint64 when = now; !written && when < now + 60; when++)
    {
      g_autofree char *aside = copy_path (clt_store_get_path (store), BEFORE_RESTORE_COPY, when);

      if (!clt_store_write_copy (store, aside, FALSE, &written, error))
        return FALSE;
      if (written && saved_aside != NULL)
        *saved_aside = g_steal_pointer (&aside);
    }

  return TRUE;
}

/* The thread side of the async variants: each opens its own connection
 * to the book, so that the caller's thread never waits. */

typedef struct
{
  char     *book;
  char     *file;
  gint64    id;
  gint64    now;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_free (data->book);
  g_free (data->file);
  g_free (data);
}

static TaskData *
task_data_new (CltStore   *store,
               const char *file,
               gint64      now)
{
  TaskData *data = g_new0 (TaskData, 1);

  data->book = g_strdup (clt_store_get_path (store));
  data->file = g_strdup (file);
  data->now = now;
  return data;
}

static void
daily_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autofree char *today = copy_path (data->book, DAILY_COPY, data->now);
  g_autofree char *folder = clt_backup_get_folder ();
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char *made = NULL;

  if (g_file_test (today, G_FILE_TEST_EXISTS) || is_a_copy (data->book))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  store = clt_store_open (data->book, &error);
  if (store == NULL || !ensure_folder (folder, &error) ||
      !daily_on (store, today, data->now, &made, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, made, g_free);
}

static void
save_copy_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean other_drive = FALSE;

  store = clt_store_open (data->book, &error);
  if (store == NULL || !clt_backup_save_copy (store, data->file, data->now, &other_drive, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, other_drive);
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  char *aside = NULL;

  store = clt_store_open (data->book, &error);
  if (store == NULL || !clt_backup_restore (store, data->file, &aside, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, aside, g_free);
}

static void
purge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = clt_store_open (data->book, &error);
  if (store == NULL || !clt_store_purge_erased (store, &error) ||
      !clt_backup_erase_in_copies (store, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
finish_pointer (CltStore      *store,
                GAsyncResult  *result,
                char         **out,
                GError       **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (out != NULL)
    *out = g_steal_pointer (&value);
  return TRUE;
}

void
clt_backup_copy_free (CltBackupCopy *copy)
{
  if (copy == NULL)
    return;

  g_free (copy->path);
  g_free (copy);
}

char *
clt_backup_get_folder (void)
{
  return g_build_filename (g_get_user_data_dir (), "clientele", "backups", NULL);
}

static int
compare_copies_newest_first (gconstpointer a,
                             gconstpointer b)
{
  const CltBackupCopy *x = *(const CltBackupCopy * const *) a;
  const CltBackupCopy *y = *(const CltBackupCopy * const *) b;

  if (x->taken_at != y->taken_at)
    return x->taken_at < y->taken_at ? 1 : -1;
  return -g_strcmp0 (x->path, y->path);
}

GPtrArray *
clt_backup_list_copies (const char  *book_path,
                        GError     **error)
{
  g_autofree char *folder = clt_backup_get_folder ();
  g_autofree char *prefix = NULL;
  g_autoptr(GPtrArray) copies = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_backup_copy_free);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local = NULL;
  const char *name;

  g_return_val_if_fail (book_path != NULL, NULL);

  prefix = book_prefix (book_path);
  dir = g_dir_open (folder, 0, &local);
  if (dir == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&copies);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      CopyKind kind = copy_kind (name, prefix);
      CltBackupCopy *copy;
      GStatBuf st;

      if (kind == NOT_A_COPY)
        continue;

      copy = g_new0 (CltBackupCopy, 1);
      copy->path = g_build_filename (folder, name, NULL);
      copy->before_restore = kind == BEFORE_RESTORE_COPY;
      if (g_stat (copy->path, &st) == 0)
        copy->taken_at = st.st_mtime;
      g_ptr_array_add (copies, copy);
    }

  g_ptr_array_sort (copies, compare_copies_newest_first);
  return g_steal_pointer (&copies);
}

/**
 * clt_backup_daily:
 * @now_unix: now; the copy is named after its day, in local time
 *
 * Takes the day's automatic copy of @store's book, on @store's connection.
 * Quick when today's copy exists. Two processes doing it at once write one
 * copy between them.
 */
gboolean
clt_backup_daily (CltStore    *store,
                  gint64       now_unix,
                  char       **made,
                  GError     **error)
{
  g_autofree char *today = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);

  if (made != NULL)
    *made = NULL;

  today = copy_path (clt_store_get_path (store), DAILY_COPY, now_unix);
  if (g_file_test (today, G_FILE_TEST_EXISTS) || is_a_copy (clt_store_get_path (store)))
    return TRUE;

  folder = clt_backup_get_folder ();
  return ensure_folder (folder, error) &&
         daily_on (store, today, now_unix, made, error);
}

void
clt_backup_daily_async (CltStore            *store,
                        gint64               now_unix,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_backup_daily_async);
  g_task_set_task_data (task, task_data_new (store, NULL, now_unix), (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, daily_thread);
}

gboolean
clt_backup_daily_finish (CltStore      *store,
                         GAsyncResult  *result,
                         char         **made,
                         GError       **error)
{
  return finish_pointer (store, result, made, error);
}

/**
 * clt_backup_save_copy:
 * @destination: the file to write; replaced atomically when complete
 * @now_unix: now, recorded when the copy is outside the data folder
 * @other_drive: (out) (optional): whether the copy is on another drive than
 *   the book
 */
gboolean
clt_backup_save_copy (CltStore    *store,
                      const char  *destination,
                      gint64       now_unix,
                      gboolean    *other_drive,
                      GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *real_dir = NULL;
  g_autofree char *data_folder = NULL;
  g_autofree char *real_data_folder = NULL;
  GStatBuf copy_st;
  GStatBuf book_st;
  gboolean elsewhere;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (destination != NULL, FALSE);

  if (!clt_store_write_copy (store, destination, TRUE, NULL, error))
    return FALSE;

  dir = g_path_get_dirname (destination);
  real_dir = real_path (dir);
  data_folder = g_build_filename (g_get_user_data_dir (), "clientele", NULL);
  real_data_folder = real_path (data_folder);

  elsewhere = g_stat (real_dir, &copy_st) == 0 && g_stat (clt_store_get_path (store), &book_st) == 0 &&
              copy_st.st_dev != book_st.st_dev;
  if (other_drive != NULL)
    *other_drive = elsewhere;

  if (elsewhere || !is_inside (real_dir, real_data_folder))
    return set_setting_int64 (store, LAST_OUTSIDE_COPY_KEY, now_unix, error);

  return TRUE;
}

void
clt_backup_save_copy_async (CltStore            *store,
                            const char          *destination,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_STORE (store));
  g_return_if_fail (destination != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_backup_save_copy_async);
  g_task_set_task_data (task, task_data_new (store, destination, real_now ()),
                        (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, save_copy_thread);
}

gboolean
clt_backup_save_copy_finish (CltStore      *store,
                             GAsyncResult  *result,
                             gboolean      *other_drive,
                             GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return FALSE;

  if (other_drive != NULL)
    *other_drive = value != 0;
  return TRUE;
}

gint64
clt_backup_get_last_outside_copy (CltStore *store)
{
  g_return_val_if_fail (CLT_IS_STORE (store), 0);

  return setting_int64 (store, LAST_OUTSIDE_COPY_KEY);
}

gboolean
clt_backup_needs_outside_copy (CltStore *store,
                               gint64    now_unix)
{
  g_autoptr(CltStmt) stmt = NULL;
  gint64 since;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);

  since = clt_backup_get_last_outside_copy (store);
  if (since == 0)
    {
      stmt = clt_store_prepare (store, "SELECT min (created_at) FROM customers WHERE anonymised = 0", NULL);
      if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_type (stmt, 0) == SQLITE_NULL)
        return FALSE;
      since = sqlite3_column_int64 (stmt, 0);
    }

  return now_unix - since >= CLT_BACKUP_OUTSIDE_DAYS * DAY_SECONDS;
}

gboolean
clt_backup_check_file (const char  *path,
                       GError     **error)
{
  g_autofree char *display = NULL;
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  if (!check_header (path, display, error))
    return FALSE;

  db = open_untouched (path, display, error);
  if (db == NULL)
    return FALSE;

  ok = check_book (db, display, error);
  sqlite3_close (db);
  return ok;
}

/* Checks @backup_file, then reads it once into a private snapshot in the
 * backups folder, opened (brought to this program's schema) and kept a
 * single file (rollback journal) while it is made ready: what the user
 * chose is never changed. The snapshot is locked (flock(), held by
 * *lock_fd until remove_snapshot()): one that nobody holds was left by a
 * restore that was killed, and the next removes it. */
static CltStore *
open_snapshot (const char  *backup_file,
               char       **snapshot,
               int         *lock_fd,
               GError     **error)
{
  g_autofree char *display = g_filename_display_name (backup_file);
  g_autofree char *folder = clt_backup_get_folder ();
  g_autoptr(CltStore) restored = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *source;
  int fd;
  int rc;

  if (!check_header (backup_file, display, error))
    return NULL;
  source = open_untouched (backup_file, display, error);
  if (source == NULL)
    return NULL;
  if (!check_book (source, display, error) || !ensure_folder (folder, error))
    {
      sqlite3_close (source);
      return NULL;
    }

  clt_unnamed_file_remove_abandoned (folder, RESTORE_PREFIX);
  *snapshot = g_build_filename (folder, RESTORE_PREFIX "XXXXXX", NULL);
  fd = g_mkstemp_full (*snapshot, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *folder_display = g_filename_display_name (folder);

      sqlite3_close (source);
      g_clear_pointer (snapshot, g_free);
      g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_FAILED,
                   _("The backup cannot be written in “%s”: %s."), folder_display,
                   g_strerror (saved_errno));
      return NULL;
    }
  flock (fd, LOCK_EX);
  *lock_fd = fd;

  rc = sqlite3_prepare_v2 (source, "VACUUM INTO ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, *snapshot, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      rc = sqlite3_errcode (source) & 0xff;
      if (rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB)
        set_damaged (display, error);
      else
        g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_FAILED,
                     _("The backup could not be written (%s). Check the free space and try again."),
                     sqlite3_errmsg (source));
      sqlite3_finalize (stmt);
      sqlite3_close (source);
      remove_snapshot (*snapshot, *lock_fd);
      g_clear_pointer (snapshot, g_free);
      return NULL;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (source);

  restored = clt_store_open (*snapshot, error);
  if (restored == NULL || !clt_store_exec (restored, "PRAGMA journal_mode = DELETE", error))
    {
      g_clear_object (&restored);
      remove_snapshot (*snapshot, *lock_fd);
      g_clear_pointer (snapshot, g_free);
      return NULL;
    }

  return g_steal_pointer (&restored);
}

/* The backup API needs the live book's page size for a WAL book. */
static gboolean
match_page_size (CltStore  *restored,
                 CltStore  *store,
                 GError   **error)
{
  g_autofree char *set_size = NULL;

  if (page_size (clt_store_get_db (restored)) == page_size (clt_store_get_db (store)))
    return TRUE;

  set_size = g_strdup_printf ("PRAGMA page_size = %d", page_size (clt_store_get_db (store)));
  return clt_store_exec (restored, set_size, error) && clt_store_exec (restored, "VACUUM", error);
}

/**
 * clt_backup_restore:
 * @backup_file: a copy of a Clientele book, of any schema version up to
 *   this program's
 * @saved_aside: (out) (optional): where the book as it was is saved
 */
gboolean
clt_backup_restore (CltStore    *store,
                    const char  *backup_file,
                    char       **saved_aside,
                    GError     **error)
{
  g_autofree char *snapshot = NULL;
  int lock_fd = -1;
  g_autofree char *aside = NULL;
  g_autoptr(CltStore) restored = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (backup_file != NULL, FALSE);
  g_return_val_if_fail (sqlite3_get_autocommit (clt_store_get_db (store)), FALSE);

  if (saved_aside != NULL)
    *saved_aside = NULL;

  restored = open_snapshot (backup_file, &snapshot, &lock_fd, error);
  if (restored == NULL)
    return FALSE;

  /* The current book aside, before anything changes it. */
  ok = save_aside (store, &aside, error);

  /* Someone erased while this was prepared: again, with them. */
  for (guint attempt = 0; ok && attempt < 3; attempt++)
    {
      g_autofree char *before = erasures_signature (store);
      g_autofree char *after = NULL;

      ok = bring_up_to_date (restored, store, error);
      after = erasures_signature (store);
      if (g_strcmp0 (before, after) == 0)
        break;
    }

  if (ok)
    ok = match_page_size (restored, store, error);

  if (ok)
    ok = copy_into_live (store, restored, error);

  g_clear_object (&restored);
  remove_snapshot (snapshot, lock_fd);

  if (!ok)
    return FALSE;

  prune (clt_store_get_path (store));
  if (saved_aside != NULL)
    *saved_aside = g_steal_pointer (&aside);
  return TRUE;
}

/* A damaged book is saved aside as its files are, byte for byte (its WAL
 * too): SQLite cannot read it whole. */
static gboolean
save_aside_as_is (const char  *book_path,
                  char       **saved_aside,
                  GError     **error)
{
  static const char * const suffixes[] = { "", "-wal" };
  gint64 now = real_now ();
  g_autofree char *aside = NULL;

  /* Two restores in the same second take the next second's name. */
  for (gint64 when = now; aside == NULL && when < now + 60; when++)
    {
      g_autofree char *path = copy_path (book_path, BEFORE_RESTORE_COPY, when);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        aside = g_steal_pointer (&path);
    }
  if (aside == NULL)
    aside = copy_path (book_path, BEFORE_RESTORE_COPY, now);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from_path = g_strconcat (book_path, suffixes[i], NULL);
      g_autofree char *to_path = g_strconcat (aside, suffixes[i], NULL);
      g_autoptr(GFile) from = g_file_new_for_path (from_path);
      g_autoptr(GFile) to = g_file_new_for_path (to_path);
      g_autoptr(GError) local = NULL;

      if (!g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &local) &&
          !(i > 0 && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)))
        {
          g_autofree char *display = g_filename_display_name (aside);

          g_set_error (error, CLT_BACKUP_ERROR, CLT_BACKUP_ERROR_FAILED,
                       _("The damaged book could not be saved aside as “%s”: %s. Nothing was changed."),
                       display, local->message);
          return FALSE;
        }
      g_chmod (to_path, 0600);
    }

  *saved_aside = g_steal_pointer (&aside);
  return TRUE;
}

/* Puts @restored in place of the book at @book_path, which cannot be
 * opened: a new file under its name, its journal files gone (they were
 * saved aside with it). */
static gboolean
replace_file (CltStore    *restored,
              const char  *book_path,
              GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (book_path, suffixes[i], NULL);

      g_unlink (file);
    }

  return clt_store_write_copy (restored, book_path, TRUE, NULL, error);
}

/**
 * clt_backup_restore_damaged:
 * @book_path: a book found damaged
 * @backup_file: a copy of a Clientele book, of any schema version up to
 *   this program's
 * @saved_aside: (out) (optional): where the damaged book is saved, as it
 *   was
 *
 * Restores a damaged book, which clt_backup_restore() cannot read: the
 * damaged files are saved aside byte for byte, what can still be read of
 * its erasure log and settings is carried over, then the copy is written
 * into the book through SQLite when its first page can be read, or in
 * place of its file when not (only this process may then hold it open).
 */
gboolean
clt_backup_restore_damaged (const char  *book_path,
                            const char  *backup_file,
                            char       **saved_aside,
                            GError     **error)
{
  g_autofree char *snapshot = NULL;
  int lock_fd = -1;
  g_autofree char *aside = NULL;
  g_autoptr(CltStore) restored = NULL;
  g_autoptr(CltStore) live = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (book_path != NULL, FALSE);
  g_return_val_if_fail (backup_file != NULL, FALSE);

  if (saved_aside != NULL)
    *saved_aside = NULL;

  restored = open_snapshot (backup_file, &snapshot, &lock_fd, error);
  if (restored == NULL)
    return FALSE;

  if (!save_aside_as_is (book_path, &aside, error))
    {
      g_clear_object (&restored);
      remove_snapshot (snapshot, lock_fd);
      return FALSE;
    }

  live = clt_store_open (book_path, NULL);
  if (live != NULL)
    {
      g_autoptr(GError) local = NULL;

      /* What the damage lets be read: erasures are carried over when it can. */
      if (!bring_up_to_date (restored, live, &local))
        g_debug ("Restoring %s without what its damage hides: %s", book_path, local->message);
      ok = match_page_size (restored, live, NULL) && copy_into_live (live, restored, NULL);
      g_clear_object (&live);
    }

  if (!ok)
    ok = replace_file (restored, book_path, error);

  g_clear_object (&restored);
  remove_snapshot (snapshot, lock_fd);

  if (!ok)
    return FALSE;

  prune (book_path);
  if (saved_aside != NULL)
    *saved_aside = g_steal_pointer (&aside);
  return TRUE;
}

static void
restore_damaged_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  TaskData *data = task_data;
  g_autoptr(GError) error = NULL;
  char *aside = NULL;

  if (!clt_backup_restore_damaged (data->book, data->file, &aside, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, aside, g_free);
}

void
clt_backup_restore_damaged_async (const char          *book_path,
                                  const char          *backup_file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data;

  g_return_if_fail (book_path != NULL);
  g_return_if_fail (backup_file != NULL);

  data = g_new0 (TaskData, 1);
  data->book = g_strdup (book_path);
  data->file = g_strdup (backup_file);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_backup_restore_damaged_async);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, restore_damaged_thread);
}

gboolean
clt_backup_restore_damaged_finish (GAsyncResult  *result,
                                   char         **saved_aside,
                                   GError       **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  if (saved_aside != NULL)
    *saved_aside = g_steal_pointer (&value);
  return TRUE;
}

void
clt_backup_restore_async (CltStore            *store,
                          const char          *backup_file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CLT_IS_STORE (store));
  g_return_if_fail (backup_file != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_backup_restore_async);
  g_task_set_task_data (task, task_data_new (store, backup_file, 0), (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, restore_thread);
}

gboolean
clt_backup_restore_finish (CltStore      *store,
                           GAsyncResult  *result,
                           char         **saved_aside,
                           GError       **error)
{
  return finish_pointer (store, result, saved_aside, error);
}

gboolean
clt_backup_erase_in_copies (CltStore  *store,
                            GError   **error)
{
  g_autoptr(GPtrArray) uids = NULL;
  g_autoptr(GPtrArray) copies = NULL;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);

  uids = erased_uids (store, error);
  if (uids == NULL)
    return FALSE;
  if (uids->len == 0)
    return TRUE;

  copies = clt_backup_list_copies (clt_store_get_path (store), error);
  if (copies == NULL)
    return FALSE;

  for (guint i = 0; i < copies->len; i++)
    {
      CltBackupCopy *copy = g_ptr_array_index (copies, i);

      if (copy_holds_any (copy->path, uids) && !erase_in_copy (store, copy->path, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
clt_backup_erase_customer (CltStore  *store,
                           gint64     customer_id,
                           gboolean   keep_counts,
                           GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);

  return clt_store_erase_customer (store, customer_id, keep_counts, error) &&
         clt_backup_erase_in_copies (store, error);
}

void
clt_backup_erase_customer_async (CltStore            *store,
                                 gint64               customer_id,
                                 gboolean             keep_counts,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CLT_IS_STORE (store));

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_backup_erase_customer_async);

  if (!clt_store_erase_customer_data (store, customer_id, keep_counts, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_set_task_data (task, task_data_new (store, NULL, 0), (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, purge_thread);
}

gboolean
clt_backup_erase_customer_finish (CltStore      *store,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clt-store.h"

G_BEGIN_DECLS

#define CLT_BACKUP_ERROR (clt_backup_error_quark ())

typedef enum
{
  CLT_BACKUP_ERROR_FAILED,
  CLT_BACKUP_ERROR_NOT_A_BOOK,   /* not SQLite, or another program's database */
  CLT_BACKUP_ERROR_DAMAGED,
  CLT_BACKUP_ERROR_TOO_NEW,
} CltBackupError;

/* Automatic copies kept per book, and copies made before a restore. */
#define CLT_BACKUP_KEEP 7
/* Days without a copy outside the data folder before the window says so. */
#define CLT_BACKUP_OUTSIDE_DAYS 30

typedef struct
{
  char     *path;
  gint64    taken_at;         /* when it was written (its file's time) */
  gboolean  before_restore;   /* saved aside by a restore, not a daily copy */
} CltBackupCopy;

GQuark     clt_backup_error_quark           (void);
void       clt_backup_copy_free             (CltBackupCopy        *copy);

/* $XDG_DATA_HOME/clientele/backups */
char      *clt_backup_get_folder            (void);
/* The copies of the book at @book_path in the backups folder, newest
 * first (GPtrArray of CltBackupCopy). */
GPtrArray *clt_backup_list_copies           (const char           *book_path,
                                             GError              **error);

/* The day's automatic copy, taken by whichever process opens the book
 * first that day: nothing when today's copy exists (a stat()); otherwise
 * the setting "anonymise after N years" is applied, the copy written and
 * the oldest beyond CLT_BACKUP_KEEP removed. A book with no customer, or
 * one in the backups folder (a copy being looked at), is not copied. *made (optional) is the new copy's path, NULL when none was made.
 * The async variant works in a thread on its own connection. */
gboolean   clt_backup_daily                 (CltStore             *store,
                                             gint64                now_unix,
                                             char                **made,
                                             GError              **error);
void       clt_backup_daily_async           (CltStore             *store,
                                             gint64                now_unix,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean   clt_backup_daily_finish          (CltStore             *store,
                                             GAsyncResult         *result,
                                             char                **made,
                                             GError              **error);

/* "Save a Copy…": writes the book to @destination (replaced atomically).
 * A copy outside the data folder is recorded in the book's settings;
 * *other_drive (optional) says whether it is on another drive than the
 * book, the only kind that survives the book's disk. */
gboolean   clt_backup_save_copy             (CltStore             *store,
                                             const char           *destination,
                                             gint64                now_unix,
                                             gboolean             *other_drive,
                                             GError              **error);
void       clt_backup_save_copy_async       (CltStore             *store,
                                             const char           *destination,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean   clt_backup_save_copy_finish      (CltStore             *store,
                                             GAsyncResult         *result,
                                             gboolean             *other_drive,
                                             GError              **error);
/* When the last copy outside the data folder was saved, 0 if never. */
gint64     clt_backup_get_last_outside_copy (CltStore             *store);
/* TRUE when no copy was saved outside the data folder for
 * CLT_BACKUP_OUTSIDE_DAYS days: counted from the last one, or, when there
 * never was one, from the first customer added (an empty book needs none). */
gboolean   clt_backup_needs_outside_copy    (CltStore             *store,
                                             gint64                now_unix);

/* Whether @path is a Clientele book this program can restore, without
 * changing it. */
gboolean   clt_backup_check_file            (const char           *path,
                                             GError              **error);
/* Replaces the book's content with @backup_file's, which is checked first
 * and refused unchanged if it is not a sound Clientele book: saves the
 * current book aside in the backups folder (*saved_aside, optional), brings
 * the copy to this program's schema, erases again every customer in the
 * book's erasure log, applies the book's anonymise setting, then copies it
 * into the live book with SQLite's backup API under the write lock, so
 * that other programs holding the book open see the restored data. */
gboolean   clt_backup_restore               (CltStore             *store,
                                             const char           *backup_file,
                                             char                **saved_aside,
                                             GError              **error);
void       clt_backup_restore_async         (CltStore             *store,
                                             const char           *backup_file,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean   clt_backup_restore_finish        (CltStore             *store,
                                             GAsyncResult         *result,
                                             char                **saved_aside,
                                             GError              **error);
/* The same for a book found damaged (clt_store_is_damaged(), or
 * CLT_STORE_ERROR_DAMAGED on opening it), which no #CltStore may hold
 * open meanwhile when it cannot be opened: saves its files aside as they
 * are, carries over what of its erasure log can be read, and writes the
 * copy into it, or in place of its file when SQLite cannot read its first
 * page. */
gboolean   clt_backup_restore_damaged       (const char           *book_path,
                                             const char           *backup_file,
                                             char                **saved_aside,
                                             GError              **error);
void       clt_backup_restore_damaged_async (const char           *book_path,
                                             const char           *backup_file,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean   clt_backup_restore_damaged_finish (GAsyncResult        *result,
                                              char               **saved_aside,
                                              GError             **error);

/* Erases a customer from the book (clt_store_erase_customer()) and from
 * every copy in the backups folder. The async variant removes the data at
 * once on @store (the customer disappears), then purges the file and the
 * copies in a thread on its own connection (seconds at 100,000
 * customers). */
gboolean   clt_backup_erase_customer        (CltStore             *store,
                                             gint64                customer_id,
                                             gboolean              keep_counts,
                                             GError              **error);
void       clt_backup_erase_customer_async  (CltStore             *store,
                                             gint64                customer_id,
                                             gboolean              keep_counts,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean   clt_backup_erase_customer_finish (CltStore             *store,
                                             GAsyncResult         *result,
                                             GError              **error);
/* Erases every customer of the book's erasure log from the copies of the
 * book in the backups folder. */
gboolean   clt_backup_erase_in_copies       (CltStore             *store,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltBackupCopy, clt_backup_copy_free)

G_END_DECLS

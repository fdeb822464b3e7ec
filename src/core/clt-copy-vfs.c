/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-copy-vfs"

#define _GNU_SOURCE /* O_TMPFILE */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "clt-copy-vfs.h"

/*
 * VACUUM INTO writes a copy of the book to a file it names, and a journal
 * beside it. Under real names, a copy killed half-way (SIGKILL, a power
 * cut) stays on disk: partial customer data, which nothing would remove
 * until the next copy into that folder.
 *
 * clt_copy_vfs_add() registers a name for an unnamed file (O_TMPFILE,
 * see clt-unnamed-file.c), which exists only here. Opened through this file layer, that
 * name is the unnamed file, its journal another unnamed file, and neither
 * exists for SQLite's other questions (xAccess, xDelete). Every other name
 * goes to the default file layer, unchanged: the book itself, its WAL and
 * its shared memory are opened by the default layer's own code.
 *
 * The unnamed files need no locks (no other connection can reach them) and
 * no syncs until they are whole: the caller syncs the copy once, then links
 * it into place.
 */

#define VFS_NAME "clientele-copy"
/* In every registered name, and in no name of the book's own files. */
#define UNNAMED_MARK ".clientele-unnamed-copy-"
#define JOURNAL_SUFFIX "-journal"
#define WAL_SUFFIX "-wal"

typedef struct
{
  sqlite3_file base;
  int          fd;
} UnnamedFile;

typedef struct
{
  int   fd;
  char *dir;
} Target;

static sqlite3_vfs *base_vfs;
static sqlite3_vfs copy_vfs;

G_LOCK_DEFINE_STATIC (targets);
static GHashTable *targets;   /* name → Target */
static guint next_target;

static void
target_free (gpointer data)
{
  Target *target = data;

  g_free (target->dir);
  g_free (target);
}

/* Whether @name is a registered name, or its journal or WAL (@suffix says
 * which: the registered names never end so); sets @fd, when asked, to a new
 * descriptor for the file to open, or -1. */
static gboolean
lookup (const char   *name,
        const char  **suffix,
        int          *fd)
{
  g_autofree char *main_name = NULL;
  Target *target;

  /* The book, its WAL and journal: the default file layer, at once. */
  if (name == NULL || strstr (name, UNNAMED_MARK) == NULL)
    return FALSE;

  *suffix = "";
  if (g_str_has_suffix (name, JOURNAL_SUFFIX))
    *suffix = JOURNAL_SUFFIX;
  else if (g_str_has_suffix (name, WAL_SUFFIX))
    *suffix = WAL_SUFFIX;
  main_name = g_strndup (name, strlen (name) - strlen (*suffix));

  G_LOCK (targets);
  target = targets != NULL ? g_hash_table_lookup (targets, main_name) : NULL;
  if (target != NULL && fd != NULL)
    {
      if (**suffix == '\0')
        *fd = fcntl (target->fd, F_DUPFD_CLOEXEC, 0);
      else if (g_str_equal (*suffix, JOURNAL_SUFFIX))
        *fd = open (target->dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
      else
        *fd = -1;
    }
  G_UNLOCK (targets);

  return target != NULL;
}

/* The unnamed files. */

static int
unnamed_close (sqlite3_file *file)
{
  UnnamedFile *self = (UnnamedFile *) file;

  close (self->fd);
  self->fd = -1;
  return SQLITE_OK;
}

static int
unnamed_read (sqlite3_file  *file,
              void          *buffer,
              int            amount,
              sqlite3_int64  offset)
{
  UnnamedFile *self = (UnnamedFile *) file;
  int done = 0;

  while (done < amount)
    {
      ssize_t n = pread (self->fd, (char *) buffer + done, amount - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return SQLITE_IOERR_READ;
      if (n == 0)
        break;
      done += n;
    }

  if (done < amount)
    {
      /* SQLite wants the rest zeroed. */
      memset ((char *) buffer + done, 0, amount - done);
      return SQLITE_IOERR_SHORT_READ;
    }
  return SQLITE_OK;
}

static int
unnamed_write (sqlite3_file  *file,
               const void    *buffer,
               int            amount,
               sqlite3_int64  offset)
{
  UnnamedFile *self = (UnnamedFile *) file;
  int done = 0;

  while (done < amount)
    {
      ssize_t n = pwrite (self->fd, (const char *) buffer + done, amount - done, offset + done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno == ENOSPC || errno == EDQUOT ? SQLITE_FULL : SQLITE_IOERR_WRITE;
      done += n;
    }
  return SQLITE_OK;
}

static int
unnamed_truncate (sqlite3_file  *file,
                  sqlite3_int64  size)
{
  UnnamedFile *self = (UnnamedFile *) file;

  return ftruncate (self->fd, size) == 0 ? SQLITE_OK : SQLITE_IOERR_TRUNCATE;
}

/* Nothing can survive a crash under no name: the caller syncs the whole
 * copy once before linking it in place. */
static int
unnamed_sync (sqlite3_file *file,
              int           flags)
{
  return SQLITE_OK;
}

static int
unnamed_file_size (sqlite3_file  *file,
                   sqlite3_int64 *size)
{
  UnnamedFile *self = (UnnamedFile *) file;
  struct stat st;

  if (fstat (self->fd, &st) != 0)
    return SQLITE_IOERR_FSTAT;
  *size = st.st_size;
  return SQLITE_OK;
}

/* Only the connection that made it can reach an unnamed file. */
static int
unnamed_lock (sqlite3_file *file,
              int           level)
{
  return SQLITE_OK;
}

static int
unnamed_check_reserved_lock (sqlite3_file *file,
                             int          *reserved)
{
  *reserved = 0;
  return SQLITE_OK;
}

static int
unnamed_file_control (sqlite3_file *file,
                      int           op,
                      void         *arg)
{
  return SQLITE_NOTFOUND;
}

static int
unnamed_sector_size (sqlite3_file *file)
{
  return 4096;
}

static int
unnamed_device_characteristics (sqlite3_file *file)
{
  return SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static const sqlite3_io_methods unnamed_methods = {
  .iVersion = 1,
  .xClose = unnamed_close,
  .xRead = unnamed_read,
  .xWrite = unnamed_write,
  .xTruncate = unnamed_truncate,
  .xSync = unnamed_sync,
  .xFileSize = unnamed_file_size,
  .xLock = unnamed_lock,
  .xUnlock = unnamed_lock,
  .xCheckReservedLock = unnamed_check_reserved_lock,
  .xFileControl = unnamed_file_control,
  .xSectorSize = unnamed_sector_size,
  .xDeviceCharacteristics = unnamed_device_characteristics,
};

/* The file layer: the registered names here, the rest to the default. */

static int
copy_open (sqlite3_vfs  *vfs,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  UnnamedFile *self = (UnnamedFile *) file;
  const char *suffix;
  int fd = -1;

  if (!lookup (name, &suffix, &fd))
    return base_vfs->xOpen (base_vfs, name, file, flags, out_flags);

  memset (self, 0, sizeof *self);
  /* The copy, as a database, and its journal; nothing else. */
  if (fd >= 0 &&
      !((*suffix == '\0' && (flags & SQLITE_OPEN_MAIN_DB)) ||
        (g_str_equal (suffix, JOURNAL_SUFFIX) && (flags & SQLITE_OPEN_MAIN_JOURNAL))))
    {
      close (fd);
      fd = -1;
    }
  if (fd < 0)
    return SQLITE_CANTOPEN;

  self->base.pMethods = &unnamed_methods;
  self->fd = fd;
  if (out_flags != NULL)
    *out_flags = flags;
  return SQLITE_OK;
}

static int
copy_delete (sqlite3_vfs *vfs,
             const char  *name,
             int          sync_dir)
{
  const char *suffix;

  /* An unnamed journal goes when it is closed. */
  if (lookup (name, &suffix, NULL))
    return SQLITE_OK;
  return base_vfs->xDelete (base_vfs, name, sync_dir);
}

static int
copy_access (sqlite3_vfs *vfs,
             const char  *name,
             int          flags,
             int         *result)
{
  const char *suffix;

  /* No hot journal, no WAL: SQLite asks before reading the copy. */
  if (lookup (name, &suffix, NULL))
    {
      *result = 0;
      return SQLITE_OK;
    }
  return base_vfs->xAccess (base_vfs, name, flags, result);
}

static int
copy_full_pathname (sqlite3_vfs *vfs,
                    const char  *name,
                    int          size,
                    char        *out)
{
  const char *suffix;

  /* Already whole; nothing on disk to resolve. */
  if (lookup (name, &suffix, NULL))
    return g_strlcpy (out, name, size) < (gsize) size ? SQLITE_OK : SQLITE_CANTOPEN;
  return base_vfs->xFullPathname (base_vfs, name, size, out);
}

static void *
copy_dl_open (sqlite3_vfs *vfs,
              const char  *name)
{
  return base_vfs->xDlOpen (base_vfs, name);
}

static void
copy_dl_error (sqlite3_vfs *vfs,
               int          size,
               char        *message)
{
  base_vfs->xDlError (base_vfs, size, message);
}

static void (*copy_dl_sym (sqlite3_vfs *vfs,
                           void        *handle,
                           const char  *symbol)) (void)
{
  return base_vfs->xDlSym (base_vfs, handle, symbol);
}

static void
copy_dl_close (sqlite3_vfs *vfs,
               void        *handle)
{
  base_vfs->xDlClose (base_vfs, handle);
}

static int
copy_randomness (sqlite3_vfs *vfs,
                 int          size,
                 char        *out)
{
  return base_vfs->xRandomness (base_vfs, size, out);
}

static int
copy_sleep (sqlite3_vfs *vfs,
            int          microseconds)
{
  return base_vfs->xSleep (base_vfs, microseconds);
}

static int
copy_current_time (sqlite3_vfs *vfs,
                   double      *now)
{
  return base_vfs->xCurrentTime (base_vfs, now);
}

static int
copy_get_last_error (sqlite3_vfs *vfs,
                     int          size,
                     char        *message)
{
  return base_vfs->xGetLastError (base_vfs, size, message);
}

static int
copy_current_time_int64 (sqlite3_vfs   *vfs,
                         sqlite3_int64 *now)
{
  return base_vfs->xCurrentTimeInt64 (base_vfs, now);
}

static int
copy_set_system_call (sqlite3_vfs         *vfs,
                      const char          *name,
                      sqlite3_syscall_ptr  call)
{
  return base_vfs->xSetSystemCall (base_vfs, name, call);
}

static sqlite3_syscall_ptr
copy_get_system_call (sqlite3_vfs *vfs,
                      const char  *name)
{
  return base_vfs->xGetSystemCall (base_vfs, name);
}

static const char *
copy_next_system_call (sqlite3_vfs *vfs,
                       const char  *name)
{
  return base_vfs->xNextSystemCall (base_vfs, name);
}

/**
 * clt_copy_vfs_get_name:
 *
 * Registers the file layer the first time. Thread-safe.
 *
 * Returns: its name, for sqlite3_open_v2()
 */
const char *
clt_copy_vfs_get_name (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      base_vfs = sqlite3_vfs_find (NULL);
      g_assert (base_vfs != NULL && base_vfs->iVersion >= 3);

      copy_vfs = (sqlite3_vfs) {
        .iVersion = 3,
        .szOsFile = MAX (base_vfs->szOsFile, (int) sizeof (UnnamedFile)),
        .mxPathname = base_vfs->mxPathname,
        .zName = VFS_NAME,
        .xOpen = copy_open,
        .xDelete = copy_delete,
        .xAccess = copy_access,
        .xFullPathname = copy_full_pathname,
        .xDlOpen = copy_dl_open,
        .xDlError = copy_dl_error,
        .xDlSym = copy_dl_sym,
        .xDlClose = copy_dl_close,
        .xRandomness = copy_randomness,
        .xSleep = copy_sleep,
        .xCurrentTime = copy_current_time,
        .xGetLastError = copy_get_last_error,
        .xCurrentTimeInt64 = copy_current_time_int64,
        .xSetSystemCall = copy_set_system_call,
        .xGetSystemCall = copy_get_system_call,
        .xNextSystemCall = copy_next_system_call,
      };
      sqlite3_vfs_register (&copy_vfs, 0);
      g_once_init_leave (&registered, 1);
    }

  return VFS_NAME;
}

/**
 * clt_copy_vfs_add:
 * @dir: the folder the unnamed file @fd was made in (O_TMPFILE), where its
 *   journal is made too
 * @fd: the unnamed file, empty; it stays the caller's to close
 *
 * Gives @fd a name for SQLite: VACUUM INTO that name, on a connection
 * opened through this file layer, writes into @fd.
 *
 * Returns: (transfer full): the name; clt_copy_vfs_forget() it when done
 */
char *
clt_copy_vfs_add (const char *dir,
                  int         fd)
{
  g_autofree char *canonical = NULL;
  Target *target;
  char *name;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (fd >= 0, NULL);

  clt_copy_vfs_get_name ();
  canonical = g_canonicalize_filename (dir, NULL);
  target = g_new0 (Target, 1);
  target->fd = fd;
  target->dir = g_strdup (canonical);

  G_LOCK (targets);
  if (targets == NULL)
    targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, target_free);
  /* A name nothing on disk has: a dot file that nobody makes. */
  name = g_strdup_printf ("%s%s" UNNAMED_MARK "%d-%u", canonical,
                          g_str_has_suffix (canonical, G_DIR_SEPARATOR_S) ? "" : G_DIR_SEPARATOR_S,
                          (int) getpid (), next_target++);
  g_hash_table_insert (targets, g_strdup (name), target);
  G_UNLOCK (targets);

  return name;
}

/**
 * clt_copy_vfs_forget:
 * @name: a name from clt_copy_vfs_add(), whose connection has closed it
 *
 * Forgets @name. The descriptor stays the caller's to close.
 */
void
clt_copy_vfs_forget (const char *name)
{
  g_return_if_fail (name != NULL);

  G_LOCK (targets);
  if (targets != NULL)
    g_hash_table_remove (targets, name);
  G_UNLOCK (targets);
}

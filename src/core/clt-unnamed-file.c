/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-unnamed-file"

#define _GNU_SOURCE /* O_TMPFILE, linkat() */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "clt-unnamed-file.h"

/**
 * clt_unnamed_file_remove_abandoned:
 * @dir: a folder
 * @prefix: the start of the temporary files' names, followed by six
 *   characters
 *
 * Removes the temporary files (and SQLite's journal, WAL and shared memory
 * beside each) that writers killed at work left in @dir: those of the
 * name that no living writer holds locked with flock().
 */
void
clt_unnamed_file_remove_abandoned (const char *dir,
                                   const char *prefix)
{
  static const char * const suffixes[] = { "-journal", "-wal", "-shm", "" };
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  const char *name;

  if (folder == NULL)
    return;

  while ((name = g_dir_read_name (folder)) != NULL)
    {
      g_autofree char *path = NULL;
      int fd;

      /* The template's six random characters, nothing after them. */
      if (!g_str_has_prefix (name, prefix) || strlen (name) != strlen (prefix) + 6)
        continue;

      path = g_build_filename (dir, name, NULL);
      fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
      if (fd < 0)
        continue;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0)
        {
          for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
            {
              g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

              g_unlink (file);
            }
        }
      close (fd);
    }
}

/**
 * clt_unnamed_file_create:
 * @dir: the folder the file will be put in
 * @prefix: the start of the temporary file's name, where one is needed
 * @tmp: (out): %NULL for an unnamed file, or the temporary file's name
 *
 * Makes an empty, private file in @dir, unnamed where the file system
 * allows, locked (flock(), which SQLite's own fcntl() locks do not touch)
 * from the start: a temporary file of that name that nobody holds was left
 * by a writer that was killed, never one that another is writing. What
 * such writers left in @dir is removed first.
 *
 * Returns: the descriptor, or -1 with errno set
 */
int
clt_unnamed_file_create (const char  *dir,
                         const char  *prefix,
                         char       **tmp)
{
  int fd;

  *tmp = NULL;
  clt_unnamed_file_remove_abandoned (dir, prefix);

  fd = g_open (dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      *tmp = g_strconcat (dir, G_DIR_SEPARATOR_S, prefix, "XXXXXX", NULL);
      fd = g_mkstemp_full (*tmp, O_RDWR | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          int saved_errno = errno;

          g_clear_pointer (tmp, g_free);
          errno = saved_errno;
          return -1;
        }
    }

  flock (fd, LOCK_EX);
  return fd;
}

/* Gives the unnamed file @fd a temporary name in @dir, for a moment.
 * Returns FALSE with errno set. */
static gboolean
link_temp (int          fd,
           const char  *dir,
           const char  *prefix,
           char       **tmp)
{
  g_autofree char *fd_path = g_strdup_printf ("/proc/self/fd/%d", fd);

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      g_autofree char *suffix = g_strdup_printf ("%06x", g_random_int_range (0, 0x1000000));

      *tmp = g_strconcat (dir, G_DIR_SEPARATOR_S, prefix, suffix, NULL);
      if (linkat (AT_FDCWD, fd_path, AT_FDCWD, *tmp, AT_SYMLINK_FOLLOW) == 0)
        return TRUE;
      g_clear_pointer (tmp, g_free);
      if (errno != EEXIST)
        return FALSE;
    }
  return FALSE;
}

/**
 * clt_unnamed_file_place:
 * @fd: a file from clt_unnamed_file_create(), whole and synced
 * @tmp: (nullable): its temporary name, as given
 * @prefix: as given
 * @destination: where the file goes
 * @replace: whether it replaces a file there
 * @written: (out) (optional): whether it is now at @destination; FALSE
 *   when not @replace and a file was there already
 *
 * Puts the file in place: over what is at @destination when @replace,
 * atomically; otherwise only when nothing is, so that two processes
 * writing the same file never replace each other's. @tmp is gone after.
 *
 * Returns: 0, or an errno
 */
int
clt_unnamed_file_place (int          fd,
                        const char  *tmp,
                        const char  *prefix,
                        const char  *destination,
                        gboolean     replace,
                        gboolean    *written)
{
  g_autofree char *fd_path = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autofree char *linked = NULL;
  int saved_errno = 0;

  if (written != NULL)
    *written = FALSE;

  if (!replace)
    {
      int done = tmp != NULL
        ? link (tmp, destination)
        : linkat (AT_FDCWD, fd_path, AT_FDCWD, destination, AT_SYMLINK_FOLLOW);

      if (done == 0 && written != NULL)
        *written = TRUE;
      else if (done != 0 && errno != EEXIST)
        saved_errno = errno;
      if (tmp != NULL)
        g_unlink (tmp);
      return saved_errno;
    }

  /* rename() alone replaces atomically: an unnamed file is named for the
   * moment it takes. */
  if (tmp == NULL)
    {
      g_autofree char *dir = g_path_get_dirname (destination);

      if (!link_temp (fd, dir, prefix, &linked))
        return errno;
      tmp = linked;
    }
  if (g_rename (tmp, destination) != 0)
    {
      saved_errno = errno;
      g_unlink (tmp);
      return saved_errno;
    }
  if (written != NULL)
    *written = TRUE;
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* F_OFD_SETLK, F_OFD_GETLK */
#define G_LOG_DOMAIN "clt-instance-lock"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "clt-instance-lock.h"

/*
 * A hint, not a rule, that Clientele already runs for this user: the
 * running instance holds a lock on a file in the runtime folder while it
 * lives (the kernel lets it go however the process ends). A new
 * `clientele` looks before registering on the session bus, which is what
 * decides: if the lock is held, its command line will most likely be handed
 * over, and it does no work for a window of its own meanwhile. Open file
 * description locks: looking takes no lock, so it cannot keep the running
 * instance from taking its own.
 */

static gboolean
set_write_lock (int fd)
{
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

  return fcntl (fd, F_OFD_SETLK, &lock) == 0;
}

/**
 * clt_instance_lock_path:
 * @application_id: the application's ID
 *
 * Returns: the lock file of @application_id, in the user's runtime folder
 */
char *
clt_instance_lock_path (const char *application_id)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (application_id != NULL, NULL);

  name = g_strconcat (application_id, ".lock", NULL);
  return g_build_filename (g_get_user_runtime_dir (), name, NULL);
}

/**
 * clt_instance_lock_take:
 * @path: a lock file (clt_instance_lock_path())
 *
 * Locks @path for as long as the returned descriptor stays open: close it
 * to let go. Fails, and says so in the log only, when the file cannot be
 * made or another process holds the lock.
 *
 * Returns: an open descriptor holding the lock, or -1
 */
int
clt_instance_lock_take (const char *path)
{
  int fd;

  g_return_val_if_fail (path != NULL, -1);

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_debug ("Could not open %s: %s", path, g_strerror (errno));
      return -1;
    }

  if (!set_write_lock (fd))
    {
      g_debug ("Could not lock %s: %s", path, g_strerror (errno));
      close (fd);
      return -1;
    }

  return fd;
}

/**
 * clt_instance_lock_is_held:
 * @path: a lock file (clt_instance_lock_path())
 *
 * Returns: whether another process holds the lock on @path now
 */
gboolean
clt_instance_lock_is_held (const char *path)
{
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return FALSE;

  /* Asks who would stop a write lock, without taking one. */
  if (fcntl (fd, F_OFD_GETLK, &lock) != 0)
    lock.l_type = F_UNLCK;
  close (fd);

  return lock.l_type != F_UNLCK;
}

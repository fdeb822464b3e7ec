/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "clt-core.h"

/* A child holding the lock, until killed: another running Clientele. */
static GPid
spawn_holder (const char *path,
              int        *ready_fd)
{
  int fds[2];
  GPid pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      int fd = clt_instance_lock_take (path);

      close (fds[0]);
      if (write (fds[1], fd >= 0 ? "y" : "n", 1) != 1)
        _exit (2);
      pause ();
      _exit (0);
    }
  close (fds[1]);
  *ready_fd = fds[0];
  return pid;
}

static void
test_held_by_another (void)
{
  g_autofree char *dir = g_dir_make_tmp ("clt-lock-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "io.github.clientele.Test.lock", NULL);
  char answer = 0;
  int ready_fd;
  int status;
  int fd;
  GPid pid;

  /* No file: nobody runs. */
  g_assert_false (clt_instance_lock_is_held (path));

  pid = spawn_holder (path, &ready_fd);
  g_assert_cmpint (read (ready_fd, &answer, 1), ==, 1);
  close (ready_fd);
  g_assert_cmpint (answer, ==, 'y');

  /* Held by the other process: seen, and not taken twice. Looking again
   * and again does not take it away from it. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (clt_instance_lock_is_held (path));
  g_assert_cmpint (clt_instance_lock_take (path), ==, -1);

  /* However it ends, the kernel lets go. */
  kill (pid, SIGKILL);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_false (clt_instance_lock_is_held (path));

  /* Free again: the next instance takes it. */
  fd = clt_instance_lock_take (path);
  g_assert_cmpint (fd, >=, 0);
  close (fd);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_path (void)
{
  g_autofree char *path = clt_instance_lock_path ("io.github.clientele.Clientele");
  g_autofree char *expected = g_build_filename (g_get_user_runtime_dir (),
                                                "io.github.clientele.Clientele.lock", NULL);

  g_assert_cmpstr (path, ==, expected);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/instance-lock/held-by-another", test_held_by_another);
  g_test_add_func ("/instance-lock/path", test_path);

  return g_test_run ();
}

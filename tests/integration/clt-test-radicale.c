/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "clt-test-radicale.h"

#define PYTHON "/usr/bin/python3"

struct _CltTestRadicale
{
  char   *dir;
  char   *user;
  char   *url;
  guint16 port;
  GPid    pid;
};

gboolean
clt_test_radicale_available (void)
{
  const char *argv[] = { PYTHON, "-c", "import radicale", NULL };
  int status = -1;

  return g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE) &&
         g_spawn_sync (NULL, (char **) argv, NULL,
                       G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

static guint16
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
make_certificate (const char *dir,
                  const char *name)
{
  g_autofree char *subject = g_strdup_printf ("/CN=%s", name);
  g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
  g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
  const char *argv[] = { "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                         "-days", "2", "-subj", subject, "-keyout", key, "-out", cert, NULL };
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);
}

/* The server dies with the test, even when the test aborts. */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
answers (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);
  return connection != NULL;
}

CltTestRadicale *
clt_test_radicale_start (const char *user,
                         const char *password,
                         const char *tls_name)
{
  CltTestRadicale *radicale = g_new0 (CltTestRadicale, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *users = NULL;
  g_autofree char *users_path = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *storage = NULL;
  g_autofree char *log_path = NULL;
  int log_fd;
  const char *argv[] = { PYTHON, "-m", "radicale", "--config", NULL, NULL };

  radicale->dir = g_dir_make_tmp ("clt-radicale-XXXXXX", &error);
  g_assert_no_error (error);
  radicale->user = g_strdup (user);
  radicale->port = free_port ();
  radicale->url = g_strdup_printf ("%s://127.0.0.1:%u/", tls_name != NULL ? "https" : "http",
                                   radicale->port);

  users = g_strdup_printf ("%s:%s\n", user, password);
  users_path = g_build_filename (radicale->dir, "users", NULL);
  g_file_set_contents (users_path, users, -1, &error);
  g_assert_no_error (error);
  storage = g_build_filename (radicale->dir, "storage", NULL);

  g_string_append_printf (config, "[server]\nhosts = 127.0.0.1:%u\n", radicale->port);
  if (tls_name != NULL)
    {
      make_certificate (radicale->dir, tls_name);
      g_string_append_printf (config, "ssl = True\ncertificate = %s/cert.pem\nkey = %s/key.pem\n",
                              radicale->dir, radicale->dir);
    }
  g_string_append_printf (config,
                          "[auth]\ntype = htpasswd\nhtpasswd_filename = %s\n"
                          "htpasswd_encryption = plain\ndelay = 0\n"
                          "[storage]\nfilesystem_folder = %s\n"
                          "[logging]\nlevel = warning\n",
                          users_path, storage);
  config_path = g_build_filename (radicale->dir, "config", NULL);
  g_file_set_contents (config_path, config->str, -1, &error);
  g_assert_no_error (error);

  log_path = g_build_filename (radicale->dir, "radicale.log", NULL);
  log_fd = g_open (log_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  g_assert_cmpint (log_fd, >=, 0);
  argv[4] = config_path;
  g_spawn_async_with_pipes_and_fds (NULL, argv, NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                                    child_setup, NULL, -1, log_fd, log_fd, NULL, NULL, 0,
                                    &radicale->pid, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  close (log_fd);

  /* Up to 20 s: the machine may be busy. */
  for (guint i = 0; i < 400 && !answers (radicale->port); i++)
    {
      int status;

      if (waitpid (radicale->pid, &status, WNOHANG) == radicale->pid)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (log_path, &log, NULL, NULL);
          g_error ("Radicale stopped at start: %s", log);
        }
      g_usleep (50 * 1000);
    }
  g_assert_true (answers (radicale->port));
  return radicale;
}

const char *
clt_test_radicale_get_url (CltTestRadicale *radicale)
{
  return radicale->url;
}

char *
clt_test_radicale_user_dir (CltTestRadicale *radicale)
{
  return g_build_filename (radicale->dir, "storage", "collection-root", radicale->user, NULL);
}

static void
stop (CltTestRadicale *radicale,
      int              signal_number)
{
  if (radicale->pid == 0)
    return;
  kill (radicale->pid, signal_number);
  waitpid (radicale->pid, NULL, 0);
  g_spawn_close_pid (radicale->pid);
  radicale->pid = 0;
}

void
clt_test_radicale_kill (CltTestRadicale *radicale)
{
  stop (radicale, SIGKILL);
}

void
clt_test_radicale_free (CltTestRadicale *radicale)
{
  const char *argv[] = { "rm", "-rf", NULL, NULL };

  if (radicale == NULL)
    return;
  stop (radicale, SIGTERM);
  /* Only the folder this run made with g_dir_make_tmp(). */
  argv[2] = radicale->dir;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  g_free (radicale->dir);
  g_free (radicale->user);
  g_free (radicale->url);
  g_free (radicale);
}

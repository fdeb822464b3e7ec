/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "clt-core.h"
#include "clt-send-protocol.h"

/*
 * The outbox's mail helper (clientele-send) and what is said to it: the
 * request survives the pipe byte for byte (a password of any characters,
 * a message with NUL bytes), a cut request is refused, an error keeps its
 * domain, code and words. Then the real helper (CLT_SEND_HELPER) against a
 * plain SMTP server this test runs on loopback: the message arrives once,
 * the book is asked to record the DATA step before the server gets a byte
 * of it, and a refusal to record it sends nothing. Last, helpers that end
 * badly (shell scripts): nothing can have gone before "data", something
 * may have after, and a helper gone before reading its request fails the
 * send without killing this process with SIGPIPE.
 */

static const char PASSWORD[] = "Mot-de-passe été $42 'x\" !\n\t";

static CltMailAccount *
make_account (guint port)
{
  CltMailAccount *account = g_new0 (CltMailAccount, 1);

  account->from_name = g_strdup ("Hôtel des Tilleuls");
  account->from_address = g_strdup ("reception@tilleuls.example");
  account->host = g_strdup ("127.0.0.1");
  account->port = port;
  account->security = CLT_SECURITY_NONE;
  account->user = NULL;

  return account;
}

static void
test_round_trip (void)
{
  g_autoptr(CltMailAccount) account = make_account (2525);
  g_autoptr(GByteArray) message = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSendRequest) read = NULL;
  g_autoptr(GInputStream) stream = NULL;
  GByteArray *buffer;
  CltSendRequest request = { 0 };

  g_free (account->user);
  account->user = g_strdup ("reception@tilleuls.example");
  for (guint i = 0; i < 100000; i++)
    g_byte_array_append (message, (const guint8 *) (i % 7 == 0 ? "\0" : "é"), i % 7 == 0 ? 1 : 2);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&message));

  request.mode = CLT_SEND_MODE_SEND;
  request.account = account;
  request.password = (char *) PASSWORD;
  request.from_address = (char *) "reception@tilleuls.example";
  request.to_address = (char *) "helene@clients.example";
  request.message = bytes;
  buffer = clt_send_request_serialize (&request);
  stream = g_memory_input_stream_new_from_data (g_memdup2 (buffer->data, buffer->len), buffer->len, g_free);
  clt_send_buffer_free (buffer);

  read = clt_send_request_read (stream, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->mode, ==, CLT_SEND_MODE_SEND);
  g_assert_cmpstr (read->account->from_name, ==, "Hôtel des Tilleuls");
  g_assert_cmpstr (read->account->host, ==, "127.0.0.1");
  g_assert_cmpuint (read->account->port, ==, 2525);
  g_assert_cmpint (read->account->security, ==, CLT_SECURITY_NONE);
  g_assert_cmpstr (read->account->user, ==, "reception@tilleuls.example");
  g_assert_null (read->account->signature);
  g_assert_cmpstr (read->password, ==, PASSWORD);
  g_assert_cmpstr (read->to_address, ==, "helene@clients.example");
  g_assert_true (g_bytes_equal (read->message, bytes));
}

/* Every request cut short is refused, never read past. */
static void
test_truncated (void)
{
  g_autoptr(CltMailAccount) account = make_account (25);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("Subject: x\r\n\r\nBonjour\r\n", 23);
  CltSendRequest request = { CLT_SEND_MODE_SEND, account, NULL, (char *) "a@b.example", (char *) "c@d.example", bytes };
  GByteArray *buffer = clt_send_request_serialize (&request);

  for (guint cut = 0; cut < buffer->len; cut++)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (buffer->data, cut, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(CltSendRequest) read = clt_send_request_read (stream, &error);

      g_assert_null (read);
      g_assert_nonnull (error);
    }
  clt_send_buffer_free (buffer);
}

static void
test_error_line (void)
{
  g_autoptr(GError) error = g_error_new_literal (CLT_MAIL_ERROR, CLT_MAIL_ERROR_AUTH,
                                                 "Le serveur a refusé\nle mot de passe\t« été »");
  g_autofree char *line = clt_send_error_to_line (error);
  g_autoptr(GError) back = clt_send_error_from_line (line);

  g_assert_null (strchr (line, '\n'));
  g_assert_error (back, CLT_MAIL_ERROR, CLT_MAIL_ERROR_AUTH);
  g_assert_cmpstr (back->message, ==, error->message);
  g_assert_null (clt_send_error_from_line ("sent"));
  g_assert_null (clt_send_error_from_line ("error clt-mail-error-quark x words"));
}

/* A plain SMTP server on loopback, one connection, in a thread. */
typedef struct
{
  GSocketListener *listener;
  guint16          port;
  GThread         *thread;
  GString         *received;   /* the message, as the server got it */
  gboolean         body_began; /* a line of the message had arrived */
  gboolean         saw_noop;
  GMutex           lock;
} Server;

static void
server_say (GOutputStream *out,
            const char    *line)
{
  g_output_stream_write_all (out, line, strlen (line), NULL, NULL, NULL);
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  g_autoptr(GSocketConnection) connection = g_socket_listener_accept (server->listener, NULL, NULL, NULL);
  g_autoptr(GDataInputStream) in = NULL;
  GOutputStream *out;
  gboolean in_data = FALSE;
  char *line;

  if (connection == NULL)
    return NULL;
  in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  server_say (out, "220 test ESMTP\r\n");
  while ((line = g_data_input_stream_read_line (in, NULL, NULL, NULL)) != NULL)
    {
      g_mutex_lock (&server->lock);
      if (in_data && g_str_equal (line, "."))
        {
          in_data = FALSE;
          server_say (out, "250 2.0.0 Ok: queued as 42\r\n");
        }
      else if (in_data)
        {
          server->body_began = TRUE;
          g_string_append_printf (server->received, "%s\n", line);
        }
      else if (g_ascii_strncasecmp (line, "EHLO", 4) == 0)
        server_say (out, "250-test\r\n250 8BITMIME\r\n");
      else if (g_ascii_strncasecmp (line, "DATA", 4) == 0)
        {
          in_data = TRUE;
          server_say (out, "354 go ahead\r\n");
        }
      else if (g_ascii_strncasecmp (line, "QUIT", 4) == 0)
        server_say (out, "221 bye\r\n");
      else
        {
          server->saw_noop |= g_ascii_strncasecmp (line, "NOOP", 4) == 0;
          server_say (out, "250 ok\r\n");
        }
      g_mutex_unlock (&server->lock);
      g_free (line);
    }

  return NULL;
}

static void
server_start (Server *server)
{
  g_autoptr(GError) error = NULL;

  memset (server, 0, sizeof *server);
  g_mutex_init (&server->lock);
  server->received = g_string_new (NULL);
  server->listener = g_socket_listener_new ();
  server->port = g_socket_listener_add_any_inet_port (server->listener, NULL, &error);
  g_assert_no_error (error);
  server->thread = g_thread_new ("smtp", server_thread, server);
}

static void
server_stop (Server *server)
{
  g_socket_listener_close (server->listener);
  g_thread_join (server->thread);
  g_object_unref (server->listener);
  g_string_free (server->received, TRUE);
  g_mutex_clear (&server->lock);
}

typedef struct
{
  Server  *server;
  guint    n_calls;
  gboolean body_before;   /* the server had a line of the message already */
  gboolean refuse;
} DataStep;

static gboolean
at_data_cb (gpointer   user_data,
            GError   **error)
{
  DataStep *step = user_data;

  step->n_calls++;
  g_mutex_lock (&step->server->lock);
  step->body_before = step->server->body_began;
  g_mutex_unlock (&step->server->lock);
  if (step->refuse)
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND, "The message is gone");
      return FALSE;
    }

  return TRUE;
}

static GBytes *
make_message (void)
{
  static const char text[] = "From: reception@tilleuls.example\r\nTo: helene@clients.example\r\n"
                             "Subject: Merci\r\n\r\nChère Hélène,\r\n.Une ligne avec un point\r\n";

  return g_bytes_new_static (text, sizeof text - 1);
}

static void
test_real_helper (void)
{
  Server server;
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(CltProcessTransport) transport = NULL;
  g_autoptr(GBytes) message = make_message ();
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  DataStep step = { &server, 0, FALSE, FALSE };
  gboolean ok;

  server_start (&server);
  account = make_account (server.port);
  transport = clt_process_transport_new (account, NULL);
  ok = clt_transport_send (CLT_TRANSPORT (transport), account->from_address, "helene@clients.example",
                           message, at_data_cb, &step, &reply, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_cmpuint (step.n_calls, ==, 1);
  g_assert_false (step.body_before);
  g_assert_nonnull (strstr (reply, "queued as 42"));
  g_assert_nonnull (strstr (server.received->str, "Chère Hélène,\n"));
  /* Dot-stuffed on the wire, as SMTP wants. */
  g_assert_nonnull (strstr (server.received->str, "\n..Une ligne avec un point\n"));
  server_stop (&server);

  /* The account test: greeting and a command that sends nothing. */
  server_start (&server);
  g_clear_pointer (&account, clt_mail_account_free);
  g_clear_object (&transport);
  account = make_account (server.port);
  transport = clt_process_transport_new (account, NULL);
  g_assert_true (clt_transport_test_connection (CLT_TRANSPORT (transport), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (server.saw_noop);
  g_assert_cmpuint (server.received->len, ==, 0);
  server_stop (&server);
}

/* The book could not record the DATA step: not a byte of the message goes,
 * and the outbox hears why. */
static void
test_data_step_refused (void)
{
  Server server;
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(CltProcessTransport) transport = NULL;
  g_autoptr(GBytes) message = make_message ();
  g_autoptr(GError) error = NULL;
  DataStep step = { &server, 0, FALSE, TRUE };

  server_start (&server);
  account = make_account (server.port);
  transport = clt_process_transport_new (account, NULL);
  g_assert_false (clt_transport_send (CLT_TRANSPORT (transport), account->from_address,
                                      "helene@clients.example", message, at_data_cb, &step, NULL,
                                      NULL, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (step.n_calls, ==, 1);
  g_assert_cmpuint (server.received->len, ==, 0);
  server_stop (&server);
}

/* Runs the transport with a helper that is @script, or none. */
static GError *
send_with_script (const char *script,
                  guint      *n_data_steps)
{
  g_autofree char *dir = g_dir_make_tmp ("test-process-transport-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "fake-send", NULL);
  g_autofree char *helper = g_strdup (g_getenv ("CLT_SEND_HELPER"));
  g_autoptr(CltMailAccount) account = make_account (25);
  g_autoptr(CltProcessTransport) transport = NULL;
  g_autoptr(GBytes) message = make_message ();
  g_autoptr(GError) error = NULL;
  DataStep step = { NULL, 0, FALSE, FALSE };
  Server none = { 0 };

  g_mutex_init (&none.lock);
  step.server = &none;
  if (script != NULL)
    {
      g_assert_true (g_file_set_contents (path, script, -1, NULL));
      g_assert_cmpint (g_chmod (path, 0700), ==, 0);
    }
  g_setenv ("CLT_SEND_HELPER", path, TRUE);
  transport = clt_process_transport_new (account, PASSWORD);
  g_assert_false (clt_transport_send (CLT_TRANSPORT (transport), account->from_address,
                                      "helene@clients.example", message, at_data_cb, &step, NULL,
                                      NULL, &error));
  g_setenv ("CLT_SEND_HELPER", helper, TRUE);
  g_unlink (path);
  g_rmdir (dir);
  g_mutex_clear (&none.lock);
  *n_data_steps = step.n_calls;

  return g_steal_pointer (&error);
}

static void
test_helper_ends_badly (void)
{
  g_autoptr(GError) before = NULL;
  g_autoptr(GError) after = NULL;
  g_autoptr(GError) closed = NULL;
  g_autoptr(GError) missing = NULL;
  guint n_steps;

  /* Gone before the server was ready for the message: tried again later. */
  before = send_with_script ("#!/bin/sh\nsleep 0.3\nexit 3\n", &n_steps);
  g_assert_error (before, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPORARY);
  g_assert_cmpuint (n_steps, ==, 0);

  /* Gone after "go": it may have been sent, and a person decides. */
  after = send_with_script ("#!/bin/sh\necho data\nsleep 0.3\nexit 3\n", &n_steps);
  g_assert_error (after, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNCERTAIN);
  g_assert_cmpuint (n_steps, ==, 1);

  /* Its input closed before the request was written: a failure, not a
   * SIGPIPE that would end the window. */
  closed = send_with_script ("#!/bin/sh\nexec 0<&-\nsleep 0.5\n", &n_steps);
  g_assert_nonnull (closed);
  g_assert_cmpuint (n_steps, ==, 0);

  /* No helper at all: says so, and what to do. */
  missing = send_with_script (NULL, &n_steps);
  g_assert_error (missing, CLT_MAIL_ERROR, CLT_MAIL_ERROR_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/send-protocol/round-trip", test_round_trip);
  g_test_add_func ("/send-protocol/truncated", test_truncated);
  g_test_add_func ("/send-protocol/error-line", test_error_line);
  g_test_add_func ("/process-transport/real-helper", test_real_helper);
  g_test_add_func ("/process-transport/data-step-refused", test_data_step_refused);
  g_test_add_func ("/process-transport/helper-ends-badly", test_helper_ends_badly);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clientele-send"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>

#include "clt-core.h"
#include "clt-send-protocol.h"
#include "clt-smtp.h"

/*
 * clientele-send: hands one message to the mail server, or tests the
 * account, for the outbox of the program that started it (see
 * src/core/clt-process-transport.c for why, and clt-send-protocol.c for
 * what is said). It alone links libcurl. It reads the request on its
 * standard input and answers there, line by line:
 *
 *   data              the server is ready for the message; waits for "go"
 *                     (then the message goes) or "stop" (it does not)
 *   reply TEXT        the server's last reply (escaped)
 *   sent              the server took the message
 *   ok                the account works (a test)
 *   error DOMAIN CODE MESSAGE
 *
 * After "go", a line "cancel" (or the end of its input) stops the transfer
 * if the message was not yet handed over.
 */

static GDataInputStream *input;

static void
say (const char *line)
{
  printf ("%s\n", line);
  fflush (stdout);
}

static int
say_error (const GError *error)
{
  g_autofree char *line = clt_send_error_to_line (error);

  say (line);
  return EXIT_FAILURE;
}

/* After "go", the parent may still ask to stop. */
static gpointer
watch_cancel_thread (gpointer data)
{
  GCancellable *cancellable = data;
  g_autofree char *line = g_data_input_stream_read_line (input, NULL, NULL, NULL);

  if (line == NULL || g_str_equal (line, "cancel"))
    g_cancellable_cancel (cancellable);

  return NULL;
}

static gboolean
at_data_cb (gpointer   user_data,
            GError   **error)
{
  GCancellable *cancellable = user_data;
  g_autofree char *answer = NULL;

  say ("data");
  answer = g_data_input_stream_read_line (input, NULL, NULL, NULL);
  if (g_strcmp0 (answer, "go") != 0)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CANCELLED, "Stopped before the message");
      return FALSE;
    }

  g_thread_unref (g_thread_new ("watch-cancel", watch_cancel_thread, cancellable));
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GInputStream) stdin_stream = g_unix_input_stream_new (0, FALSE);
  g_autoptr(CltSendRequest) request = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CltSmtp) smtp = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reply = NULL;
  gboolean has_password;
  gboolean ok;

  setlocale (LC_ALL, "");
  clt_locale_bind ();

  if (argc != 1)
    {
      fprintf (stderr, "clientele-send is started by Clientele's outbox, and reads its request on stdin\n");
      return EXIT_FAILURE;
    }

  /* No core dump, no ptrace, from the moment the password is read. */
  clt_secret_guard_begin ();
  input = g_data_input_stream_new (stdin_stream);
  request = clt_send_request_read (G_INPUT_STREAM (input), &error);
  if (request == NULL)
    return say_error (error);

  has_password = request->password != NULL;
  smtp = clt_smtp_new (request->account, request->password);
  /* The transport keeps its own copy for as long as it needs it. */
  g_clear_pointer (&request->password, clt_secret_password_free);
  if (!has_password)
    clt_secret_guard_end ();

  if (request->mode == CLT_SEND_MODE_TEST)
    ok = clt_transport_test_connection (CLT_TRANSPORT (smtp), cancellable, &error);
  else
    ok = clt_transport_send (CLT_TRANSPORT (smtp), request->from_address, request->to_address,
                             request->message, at_data_cb, cancellable, &reply, cancellable, &error);
  g_clear_object (&smtp);

  if (reply != NULL)
    {
      g_autofree char *escaped = g_strescape (reply, NULL);
      g_autofree char *line = g_strconcat ("reply ", escaped, NULL);

      say (line);
    }
  if (!ok)
    return say_error (error);

  say (request->mode == CLT_SEND_MODE_TEST ? "ok" : "sent");
  return EXIT_SUCCESS;
}

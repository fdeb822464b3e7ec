/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clientele-core"

#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gi18n-lib.h>

#include "clt-process-transport.h"
#include "clt-secret.h"
#include "clt-send-protocol.h"
#include "clt-helper-program.h"

/*
 * The outbox's sends and account tests, each in a clientele-send process
 * (src/helper/clt-send-helper.c) that speaks SMTP with libcurl: the
 * program that shows the window starts without libcurl and the TLS,
 * Kerberos and LDAP libraries it pulls in (their loading was the largest
 * part of the window's start that was not GTK's), and a crash in them
 * takes down a helper, not the window.
 *
 * Nothing is sent twice because of the process in between: the helper
 * says "data" when the server is ready for the message and waits; the
 * outbox records that step, then the helper is told "go". A helper that
 * ends without its outcome after that may have handed the message over
 * (CLT_MAIL_ERROR_UNCERTAIN), as a connection cut off there would. Before
 * it, nothing can have been sent. The helper dies with the process that
 * started it (PR_SET_PDEATHSIG).
 */

struct _CltProcessTransport
{
  GObject         parent_instance;

  CltMailAccount *account;
  char           *password;
};

static void clt_process_transport_iface_init (CltTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltProcessTransport, clt_process_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_TRANSPORT,
                                                      clt_process_transport_iface_init))

/* In the helper, before exec: it goes when its parent goes. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
}

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  GOutputStream    *in;
} Helper;

static void
helper_clear (Helper *helper)
{
  if (helper->process != NULL)
    g_subprocess_force_exit (helper->process);
  g_clear_object (&helper->out);
  g_clear_object (&helper->in);
  g_clear_object (&helper->process);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Helper, helper_clear)

/* A helper that ended early closes its input: writing to it must fail
 * with EPIPE, not kill this process with SIGPIPE. The signal is blocked in
 * this thread for the write, and taken back if it came. */
static gboolean
write_to_helper (GOutputStream  *stream,
                 const void     *data,
                 gsize           size,
                 GCancellable   *cancellable,
                 GError        **error)
{
  sigset_t pipe_set, old_set;
  const struct timespec no_wait = { 0, 0 };
  gboolean ok;

  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_set, &old_set);

  ok = g_output_stream_write_all (stream, data, size, NULL, cancellable, error) &&
       g_output_stream_flush (stream, cancellable, error);

  if (!sigismember (&old_set, SIGPIPE))
    {
      while (sigtimedwait (&pipe_set, NULL, &no_wait) == SIGPIPE)
        ;
      pthread_sigmask (SIG_SETMASK, &old_set, NULL);
    }

  return ok;
}

static void
set_cancelled_error (GError **error)
{
  g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CANCELLED, _("Sending was cancelled."));
}

static gboolean
helper_start (CltProcessTransport  *self,
              CltSendMode           mode,
              const char           *from_address,
              const char           *to_address,
              GBytes               *message,
              Helper               *helper,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *program = clt_helper_program_find ("CLT_SEND_HELPER", "clientele-send");
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CltSendBuffer) buffer = NULL;
  CltSendRequest request = {
    .mode = mode,
    .account = self->account,
    .password = self->password,
    .from_address = (char *) from_address,
    .to_address = (char *) to_address,
    .message = message,
  };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  helper->process = g_subprocess_launcher_spawn (launcher, &local_error, program, NULL);
  if (helper->process == NULL)
    {
      g_debug ("Could not start %s: %s", program, local_error->message);
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_FAILED,
                   _("The program that sends mail (%s) could not be started: %s. Install "
                     "Clientele again."),
                   program, local_error->message);
      return FALSE;
    }

  helper->in = g_object_ref (g_subprocess_get_stdin_pipe (helper->process));
  helper->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper->process));
  buffer = clt_send_request_serialize (&request);
  /* From here on only the helper needs it: a transport sends once. */
  g_clear_pointer (&self->password, clt_secret_password_free);
  if (!write_to_helper (helper->in, buffer->data, buffer->len, cancellable, &local_error))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_cancelled_error (error);
      else
        g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_FAILED,
                     _("The program that sends mail stopped at once: %s. Install Clientele again."),
                     local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
helper_say (Helper     *helper,
            const char *line)
{
  g_autofree char *text = g_strconcat (line, "\n", NULL);

  return write_to_helper (helper->in, text, strlen (text), NULL, NULL);
}

/* The helper's next line; %NULL at its end, or when cancelled. */
static char *
helper_read (Helper        *helper,
             GCancellable  *cancellable,
             GError       **error)
{
  return g_data_input_stream_read_line_utf8 (helper->out, NULL, cancellable, error);
}

/* The helper ended without saying how: nothing was sent before "data",
 * perhaps something after. */
static void
set_ended_error (gboolean   data_began,
                 GError   **error)
{
  if (data_began)
    g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNCERTAIN,
                         _("The program sending the message stopped after the server began to take "
                           "it: it may have been sent."));
  else
    g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPORARY,
                         _("The program that sends mail stopped before sending anything. It will be "
                           "tried again."));
}

static gboolean
clt_process_transport_send (CltTransport          *transport,
                            const char            *from_address,
                            const char            *to_address,
                            GBytes                *message,
                            CltTransportDataFunc   at_data,
                            gpointer               at_data_user_data,
                            char                 **reply,
                            GCancellable          *cancellable,
                            GError               **error)
{
  CltProcessTransport *self = CLT_PROCESS_TRANSPORT (transport);
  g_auto(Helper) helper = { 0 };
  g_autoptr(GError) data_error = NULL;
  g_autofree char *last_reply = NULL;
  gboolean data_began = FALSE;
  gboolean told_to_cancel = FALSE;

  if (!helper_start (self, CLT_SEND_MODE_SEND, from_address, to_address, message, &helper,
                     cancellable, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(GError) read_error = NULL;
      /* Told to stop after "go", it says how it ended: read to the end. */
      g_autofree char *line = helper_read (&helper, told_to_cancel ? NULL : cancellable, &read_error);

      if (line == NULL && g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          if (!data_began)
            {
              set_cancelled_error (error);
              return FALSE;
            }
          told_to_cancel = TRUE;
          helper_say (&helper, "cancel");
          continue;
        }

      if (line == NULL)
        {
          if (data_error != NULL)
            g_propagate_error (error, g_steal_pointer (&data_error));
          else
            set_ended_error (data_began, error);
          return FALSE;
        }

      if (g_str_equal (line, "data") && !data_began)
        {
          data_began = TRUE;
          /* Recorded before the message goes, or it does not go. */
          if (at_data != NULL && !at_data (at_data_user_data, &data_error))
            helper_say (&helper, "stop");
          else
            helper_say (&helper, "go");
        }
      else if (g_str_has_prefix (line, "reply "))
        {
          g_free (last_reply);
          last_reply = g_strcompress (line + strlen ("reply "));
        }
      else if (g_str_equal (line, "sent") && data_error == NULL)
        {
          if (reply != NULL)
            *reply = g_steal_pointer (&last_reply);
          return TRUE;
        }
      else if (g_str_has_prefix (line, "error "))
        {
          GError *reported = clt_send_error_from_line (line);

          if (reply != NULL)
            *reply = g_steal_pointer (&last_reply);
          /* Why the book stopped it is what the outbox must know. */
          if (data_error != NULL)
            {
              g_clear_error (&reported);
              g_propagate_error (error, g_steal_pointer (&data_error));
            }
          else if (reported != NULL)
            g_propagate_error (error, reported);
          else
            set_ended_error (data_began, error);
          return FALSE;
        }
    }
}

static gboolean
clt_process_transport_test_connection (CltTransport  *transport,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  CltProcessTransport *self = CLT_PROCESS_TRANSPORT (transport);
  g_auto(Helper) helper = { 0 };

  if (!helper_start (self, CLT_SEND_MODE_TEST, NULL, NULL, NULL, &helper, cancellable, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(GError) read_error = NULL;
      g_autofree char *line = helper_read (&helper, cancellable, &read_error);
      GError *reported;

      /* A test sends nothing: stopped at once. */
      if (line == NULL && g_error_matches (read_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_cancelled_error (error);
          return FALSE;
        }
      if (line == NULL)
        {
          set_ended_error (FALSE, error);
          return FALSE;
        }
      if (g_str_equal (line, "ok"))
        return TRUE;
      if ((reported = clt_send_error_from_line (line)) != NULL)
        {
          g_propagate_error (error, reported);
          return FALSE;
        }
    }
}

static void
clt_process_transport_finalize (GObject *object)
{
  CltProcessTransport *self = CLT_PROCESS_TRANSPORT (object);

  g_clear_pointer (&self->account, clt_mail_account_free);
  g_clear_pointer (&self->password, clt_secret_password_free);

  G_OBJECT_CLASS (clt_process_transport_parent_class)->finalize (object);
}

static void
clt_process_transport_class_init (CltProcessTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clt_process_transport_finalize;
}

static void
clt_process_transport_init (CltProcessTransport *self)
{
}

static void
clt_process_transport_iface_init (CltTransportInterface *iface)
{
  iface->send = clt_process_transport_send;
  iface->test_connection = clt_process_transport_test_connection;
}

CltProcessTransport *
clt_process_transport_new (const CltMailAccount *account,
                           const char           *password)
{
  CltProcessTransport *self;

  g_return_val_if_fail (account != NULL, NULL);

  self = g_object_new (CLT_TYPE_PROCESS_TRANSPORT, NULL);
  self->account = clt_mail_account_copy (account);
  self->password = g_strdup (password);

  return self;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clientele-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-secret.h"
#include "clt-send-protocol.h"

/*
 * The request is a series of fields, each a 32-bit little-endian length
 * followed by that many bytes (G_MAXUINT32 for a missing string): the
 * mode, the account (sender's name and address, host, port, security,
 * user), the password, the envelope's sender and recipient, the message.
 * Binary, so that a message of any size and a password of any characters
 * go through untouched; the copy written is wiped at once
 * (clt_send_buffer_free()).
 *
 * The helper answers with lines: "data" when the server is ready for the
 * message (the outbox records that step and answers "go" or "stop"), then
 * "sent REPLY" or "error DOMAIN CODE MESSAGE"; "ok" ends a test.
 */

#define NO_STRING G_MAXUINT32
/* More than any server takes (most stop at 25 to 50 MB). */
#define MAX_MESSAGE (64u * 1024 * 1024)
#define MAX_STRING (64u * 1024)

void
clt_send_request_free (CltSendRequest *request)
{
  if (request == NULL)
    return;

  clt_mail_account_free (request->account);
  clt_secret_password_free (request->password);
  g_free (request->from_address);
  g_free (request->to_address);
  g_clear_pointer (&request->message, g_bytes_unref);
  g_free (request);
}

static void
put_length (GByteArray *out,
            guint32     length)
{
  guint32 le = GUINT32_TO_LE (length);

  g_byte_array_append (out, (const guint8 *) &le, sizeof le);
}

static void
put_string (GByteArray *out,
            const char *text)
{
  if (text == NULL)
    {
      put_length (out, NO_STRING);
      return;
    }

  put_length (out, (guint32) strlen (text));
  g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
}

GByteArray *
clt_send_request_serialize (const CltSendRequest *request)
{
  GByteArray *out = g_byte_array_new ();
  const CltMailAccount *account = request->account;
  gsize size = request->message != NULL ? g_bytes_get_size (request->message) : 0;

  put_length (out, request->mode);
  put_string (out, account->from_name);
  put_string (out, account->from_address);
  put_string (out, account->host);
  put_length (out, account->port);
  put_length (out, account->security);
  put_string (out, account->user);
  put_string (out, request->password);
  put_string (out, request->from_address);
  put_string (out, request->to_address);
  put_length (out, (guint32) size);
  if (size > 0)
    g_byte_array_append (out, g_bytes_get_data (request->message, NULL), (guint) size);

  return out;
}

void
clt_send_buffer_free (GByteArray *buffer)
{
  if (buffer == NULL)
    return;

  explicit_bzero (buffer->data, buffer->len);
  g_byte_array_unref (buffer);
}

static gboolean
get_length (GInputStream  *stream,
            guint32       *length,
            GError       **error)
{
  guint32 le;
  gsize n_read = 0;

  if (!g_input_stream_read_all (stream, &le, sizeof le, &n_read, NULL, error))
    return FALSE;
  if (n_read != sizeof le)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, _("The request to send mail ends early."));
      return FALSE;
    }

  *length = GUINT32_FROM_LE (le);
  return TRUE;
}

static gboolean
get_bytes (GInputStream  *stream,
           guint32        length,
           char          *into,
           GError       **error)
{
  gsize n_read = 0;

  if (!g_input_stream_read_all (stream, into, length, &n_read, NULL, error))
    return FALSE;
  if (n_read != length)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, _("The request to send mail ends early."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
get_string (GInputStream  *stream,
            char         **text,
            GError       **error)
{
  guint32 length;

  if (!get_length (stream, &length, error))
    return FALSE;
  if (length == NO_STRING)
    return TRUE;
  if (length > MAX_STRING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("A field of the request to send mail is too long."));
      return FALSE;
    }

  *text = g_malloc0 ((gsize) length + 1);
  return get_bytes (stream, length, *text, error);
}

CltSendRequest *
clt_send_request_read (GInputStream  *stream,
                       GError       **error)
{
  g_autoptr(CltSendRequest) request = g_new0 (CltSendRequest, 1);
  guint32 mode, port, security, size;
  g_autofree char *message = NULL;

  request->account = g_new0 (CltMailAccount, 1);
  if (!get_length (stream, &mode, error) ||
      !get_string (stream, &request->account->from_name, error) ||
      !get_string (stream, &request->account->from_address, error) ||
      !get_string (stream, &request->account->host, error) ||
      !get_length (stream, &port, error) ||
      !get_length (stream, &security, error) ||
      !get_string (stream, &request->account->user, error) ||
      !get_string (stream, &request->password, error) ||
      !get_string (stream, &request->from_address, error) ||
      !get_string (stream, &request->to_address, error) ||
      !get_length (stream, &size, error))
    return NULL;

  if (mode > CLT_SEND_MODE_TEST || security > CLT_SECURITY_NONE || port > G_MAXUINT16 ||
      size > MAX_MESSAGE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The request to send mail is not one this program knows."));
      return NULL;
    }
  request->mode = mode;
  request->account->port = port;
  request->account->security = security;

  message = g_malloc (MAX (size, 1));
  if (!get_bytes (stream, size, message, error))
    return NULL;
  request->message = g_bytes_new_take (g_steal_pointer (&message), size);

  return g_steal_pointer (&request);
}

char *
clt_send_error_to_line (const GError *error)
{
  g_autofree char *message = g_strescape (error->message, NULL);

  return g_strdup_printf ("error %s %d %s", g_quark_to_string (error->domain), error->code, message);
}

/* Returns: the error the helper reported; %NULL if @line is not one */
GError *
clt_send_error_from_line (const char *line)
{
  g_auto(GStrv) fields = NULL;
  g_autofree char *message = NULL;
  gint64 code;

  if (!g_str_has_prefix (line, "error "))
    return NULL;

  fields = g_strsplit (line + strlen ("error "), " ", 3);
  if (g_strv_length (fields) != 3 || !g_ascii_string_to_signed (fields[1], 10, G_MININT, G_MAXINT, &code, NULL))
    return NULL;

  message = g_strcompress (fields[2]);
  /* The same name is the same domain in both processes. */
  return g_error_new_literal (g_quark_from_string (fields[0]), (int) code, message);
}

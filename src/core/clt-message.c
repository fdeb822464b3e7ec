/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-message"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>

#include "clt-mail.h"
#include "clt-message.h"
#include "clt-text.h"

/* GMime 3.2 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeTextPart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeDataWrapper, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddress, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeFormatOptions, g_mime_format_options_free)

static gpointer
init_gmime_once (gpointer data)
{
  g_mime_init ();
  return NULL;
}

/* A message may be built from any thread (the GUI, the CLI, a worker), and
 * g_mime_init() must have run exactly once before. */
static void
ensure_gmime (void)
{
  static GOnce once = G_ONCE_INIT;

  g_once (&once, init_gmime_once, NULL);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddressList, g_object_unref)

gboolean
clt_mail_parse_mailbox (const char  *text,
                        char       **name,
                        char       **address,
                        GError     **error)
{
  g_autoptr(InternetAddressList) list = NULL;
  InternetAddress *mailbox = NULL;
  const char *found_name = NULL;
  const char *found_address = NULL;

  g_return_val_if_fail (name != NULL && address != NULL, FALSE);

  ensure_gmime ();

  if (text != NULL)
    list = internet_address_list_parse (NULL, text);
  if (list != NULL && internet_address_list_length (list) == 1)
    mailbox = internet_address_list_get_address (list, 0);
  if (mailbox != NULL && INTERNET_ADDRESS_IS_MAILBOX (mailbox))
    {
      found_name = internet_address_get_name (mailbox);
      found_address = internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (mailbox));
    }

  if (!clt_mail_address_is_valid (found_address))
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                   _("“%s” is not an e-mail address. Write it as “Name <address@example.com>” or just the address."),
                   text != NULL ? text : "");
      return FALSE;
    }

  *name = !clt_text_is_blank (found_name) ? g_strstrip (g_strdup (found_name)) : NULL;
  *address = g_strdup (found_address);
  return TRUE;
}

static gboolean
is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

/* One line ending, LF, whatever the text came with: the QP encoder would
 * otherwise keep a CR as "=0D", and the writer turns every LF into CRLF. */
static char *
normalise_newlines (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) + 1);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }

  if (out->len == 0 || out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

static void
add_mailbox (GMimeMessage     *message,
             GMimeAddressType  type,
             const char       *name,
             const char       *address)
{
  g_autofree char *clean_name = clt_message_clean_header (name);
  g_autoptr(InternetAddress) mailbox = NULL;

  mailbox = internet_address_mailbox_new (*clean_name != '\0' ? clean_name : NULL, address);
  /* Without it GMime picks the smallest charset, e.g. ISO-8859-1 for "é". */
  internet_address_set_charset (mailbox, "utf-8");
  internet_address_list_add (g_mime_message_get_addresses (message, type), mailbox);
}

char *
clt_message_make_id (const char *from_address)
{
  const char *at;
  g_autofree char *domain = NULL;
  GString *id;

  g_return_val_if_fail (from_address != NULL, NULL);

  at = strrchr (from_address, '@');
  domain = clt_message_clean_header (at != NULL ? at + 1 : "");
  if (*domain == '\0' || strpbrk (domain, " <>") != NULL)
    {
      g_free (domain);
      domain = g_strdup ("localhost");
    }

  /* The time keeps ids sorted and tells when one was made; 128 random bits
   * make two made in the same second, on any machine, differ. */
  id = g_string_new (NULL);
  g_string_append_printf (id, "%" G_GINT64_MODIFIER "x.", g_get_real_time () / G_USEC_PER_SEC);
  for (guint i = 0; i < 4; i++)
    g_string_append_printf (id, "%08" G_GINT32_MODIFIER "x", g_random_int ());
  g_string_append_printf (id, "@%s", domain);

  return g_string_free (id, FALSE);
}

char *
clt_message_clean_header (const char *value)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean in_run = FALSE;

  if (value == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (value, -1);
  out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_control (c))
        {
          if (!in_run)
            g_string_append_c (out, ' ');
          in_run = TRUE;
        }
      else
        {
          g_string_append_len (out, p, g_utf8_next_char (p) - p);
          in_run = FALSE;
        }
    }

  return g_strstrip (g_string_free (out, FALSE));
}

GBytes *
clt_message_build (const CltMessageFields  *fields,
                   GError                 **error)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeTextPart) part = NULL;
  g_autoptr(GMimeStream) body_stream = NULL;
  g_autoptr(GMimeDataWrapper) content = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeFormatOptions) options = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *body = NULL;
  GByteArray *array;

  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (fields->date != NULL, NULL);
  g_return_val_if_fail (fields->message_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!clt_mail_address_is_valid (fields->from_address))
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                   _("The sender’s address “%s” is not an e-mail address. Correct it in Preferences."),
                   fields->from_address != NULL ? fields->from_address : "");
      return NULL;
    }

  if (!clt_mail_address_is_valid (fields->to_address))
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                   _("The address “%s” is not an e-mail address. Correct it on the customer’s page."),
                   fields->to_address != NULL ? fields->to_address : "");
      return NULL;
    }

  subject = clt_message_clean_header (fields->subject);
  if (*subject == '\0')
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                           _("The message has no subject. Write a few words saying what it is about."));
      return NULL;
    }

  /* A Message-ID has the shape of an address: dot-atom-text@domain. */
  message_id = clt_message_clean_header (fields->message_id);
  if (!clt_mail_address_is_valid (message_id))
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                   _("The message identifier “%s” is not valid."), message_id);
      return NULL;
    }

  ensure_gmime ();

  /* Without "pretty headers" the message holds exactly the headers set here. */
  message = g_mime_message_new (FALSE);
  g_mime_message_set_date (message, fields->date);
  add_mailbox (message, GMIME_ADDRESS_TYPE_FROM, fields->from_name, fields->from_address);
  add_mailbox (message, GMIME_ADDRESS_TYPE_TO, fields->to_name, fields->to_address);
  g_mime_message_set_subject (message, subject, "utf-8");
  g_mime_message_set_message_id (message, message_id);

  /* The content is set as bytes: g_mime_text_part_set_text() would convert
   * the text to the smallest charset that holds it, ISO-8859-1 for French. */
  body = normalise_newlines (fields->body != NULL ? fields->body : "");
  body_stream = g_mime_stream_mem_new_with_buffer (body, strlen (body));
  content = g_mime_data_wrapper_new_with_stream (body_stream, GMIME_CONTENT_ENCODING_DEFAULT);
  part = g_mime_text_part_new_with_subtype ("plain");
  g_mime_part_set_content (GMIME_PART (part), content);
  g_mime_text_part_set_charset (part, "utf-8");
  g_mime_part_set_content_encoding (GMIME_PART (part), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_message_set_mime_part (message, GMIME_OBJECT (part));

  options = g_mime_format_options_new ();
  g_mime_format_options_set_newline_format (options, GMIME_NEWLINE_FORMAT_DOS);

  stream = g_mime_stream_mem_new ();
  if (g_mime_object_write_to_stream (GMIME_OBJECT (message), options, stream) < 0)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_FAILED,
                           _("The message could not be put together. Please try again."));
      return NULL;
    }

  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));

  return g_bytes_new (array->data, array->len);
}

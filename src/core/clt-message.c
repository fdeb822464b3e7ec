/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-message"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-mail.h"
#include "clt-message.h"
#include "clt-mime-module.h"
#include "clt-module.h"
#include "clt-text.h"

gboolean
clt_mail_parse_mailbox (const char  *text,
                        char       **name,
                        char       **address,
                        GError     **error)
{
  CltMimeParseMailboxFunc parse_mailbox;
  g_autofree char *found_name = NULL;
  g_autofree char *found_address = NULL;

  g_return_val_if_fail (name != NULL && address != NULL, FALSE);

  parse_mailbox = clt_module_lookup ("mime", CLT_MIME_PARSE_MAILBOX, error);
  if (parse_mailbox == NULL)
    return FALSE;

  if (text == NULL || !parse_mailbox (text, &found_name, &found_address) ||
      !clt_mail_address_is_valid (found_address))
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                   _("“%s” is not an e-mail address. Write it as “Name <address@example.com>” or just the address."),
                   text != NULL ? text : "");
      return FALSE;
    }

  *name = !clt_text_is_blank (found_name) ? g_strstrip (g_steal_pointer (&found_name)) : NULL;
  *address = g_steal_pointer (&found_address);
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
  CltMimeWriteFunc write;
  CltMessageFields message = { 0, };
  g_autofree char *subject = NULL;
  g_autofree char *message_id = NULL;
  g_autofree char *from_name = NULL;
  g_autofree char *to_name = NULL;
  g_autofree char *body = NULL;
  GBytes *bytes;

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

  write = clt_module_lookup ("mime", CLT_MIME_WRITE, error);
  if (write == NULL)
    return NULL;

  from_name = clt_message_clean_header (fields->from_name);
  to_name = clt_message_clean_header (fields->to_name);
  body = normalise_newlines (fields->body != NULL ? fields->body : "");
  message.from_name = *from_name != '\0' ? from_name : NULL;
  message.from_address = fields->from_address;
  message.to_name = *to_name != '\0' ? to_name : NULL;
  message.to_address = fields->to_address;
  message.subject = subject;
  message.message_id = message_id;
  message.body = body;
  message.date = fields->date;

  bytes = write (&message);
  if (bytes == NULL)
    g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_FAILED,
                         _("The message could not be put together. Please try again."));

  return bytes;
}

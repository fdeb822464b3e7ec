/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-message"

/* The module that holds GMime (libclientele-mime.so), loaded the first
 * time a message is built or an address read (clt_module_lookup()). */

#include <string.h>

#include <gmime/gmime.h>
#include <gmodule.h>

#include "clt-mime-module.h"

/* GMime 3.2 declares no cleanup functions of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeTextPart, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeDataWrapper, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddress, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (InternetAddressList, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeFormatOptions, g_mime_format_options_free)

G_MODULE_EXPORT gboolean clt_mime_parse_mailbox (const char  *text,
                                                 char       **name,
                                                 char       **address);
G_MODULE_EXPORT GBytes  *clt_mime_write         (const CltMessageFields *fields);

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

gboolean
clt_mime_parse_mailbox (const char  *text,
                        char       **name,
                        char       **address)
{
  g_autoptr(InternetAddressList) list = NULL;
  InternetAddress *mailbox = NULL;

  ensure_gmime ();

  list = internet_address_list_parse (NULL, text);
  if (list != NULL && internet_address_list_length (list) == 1)
    mailbox = internet_address_list_get_address (list, 0);
  if (mailbox == NULL || !INTERNET_ADDRESS_IS_MAILBOX (mailbox))
    return FALSE;

  *name = g_strdup (internet_address_get_name (mailbox));
  *address = g_strdup (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (mailbox)));
  return TRUE;
}

static void
add_mailbox (GMimeMessage     *message,
             GMimeAddressType  type,
             const char       *name,
             const char       *address)
{
  g_autoptr(InternetAddress) mailbox = internet_address_mailbox_new (name, address);

  /* Without it GMime picks the smallest charset, e.g. ISO-8859-1 for "é". */
  internet_address_set_charset (mailbox, "utf-8");
  internet_address_list_add (g_mime_message_get_addresses (message, type), mailbox);
}

GBytes *
clt_mime_write (const CltMessageFields *fields)
{
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GMimeTextPart) part = NULL;
  g_autoptr(GMimeStream) body_stream = NULL;
  g_autoptr(GMimeDataWrapper) content = NULL;
  g_autoptr(GMimeStream) stream = NULL;
  g_autoptr(GMimeFormatOptions) options = NULL;
  GByteArray *array;

  ensure_gmime ();

  /* Without "pretty headers" the message holds exactly the headers set here. */
  message = g_mime_message_new (FALSE);
  g_mime_message_set_date (message, fields->date);
  add_mailbox (message, GMIME_ADDRESS_TYPE_FROM, fields->from_name, fields->from_address);
  add_mailbox (message, GMIME_ADDRESS_TYPE_TO, fields->to_name, fields->to_address);
  g_mime_message_set_subject (message, fields->subject, "utf-8");
  g_mime_message_set_message_id (message, fields->message_id);

  /* The content is set as bytes: g_mime_text_part_set_text() would convert
   * the text to the smallest charset that holds it, ISO-8859-1 for French. */
  body_stream = g_mime_stream_mem_new_with_buffer (fields->body, strlen (fields->body));
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
    return NULL;

  array = g_mime_stream_mem_get_byte_array (GMIME_STREAM_MEM (stream));

  return g_bytes_new (array->data, array->len);
}

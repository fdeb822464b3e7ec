/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <locale.h>
#include <string.h>

#include <gmime/gmime.h>

#include "clt-mail.h"
#include "clt-message.h"
#include "clt-test-book.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeMessage, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeParser, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GMimeStream, g_object_unref)

#define FROM_NAME "Hôtel des Tilleuls"
#define FROM_ADDRESS "reception@tilleuls.fr"
#define TO_NAME "Hélène Dupré"
#define TO_ADDRESS "helene.dupre@example.org"
#define SUBJECT "Votre séjour à l’Hôtel — merci\u00A0!"
#define MESSAGE_ID "mzq1a0.0123456789abcdef0123456789abcdef@tilleuls.fr"

/* Mixed line endings on purpose, a line far longer than 78 octets, a line
 * that SMTP would take for the end of data, and one that mbox would mangle. */
static const char body[] =
  "Bonjour Madame Dupré,\r\n"
  "\r\n"
  "Merci pour votre séjour à l’Hôtel des Tilleuls. Nous espérons que vous avez "
  "apprécié la chambre côté jardin, le petit-déjeuner servi en terrasse et le "
  "calme du quartier ; revenez quand vous voulez, votre chambre préférée vous attend.\n"
  ".\n"
  ".Un point en début de ligne\r"
  "From here, everything is fine.\n"
  "Ligne avec espace finale \n"
  "Équipe de réception — Marie Lefèvre";

static GBytes *
build (const char  *subject,
       const char  *to_address,
       GError     **error)
{
  g_autoptr(GDateTime) date = g_date_time_new_local (2026, 3, 12, 9, 30, 15);
  CltMessageFields fields = {
    .from_name = FROM_NAME,
    .from_address = FROM_ADDRESS,
    .to_name = TO_NAME,
    .to_address = to_address,
    .subject = subject,
    .body = body,
    .message_id = MESSAGE_ID,
    .date = date,
  };

  return clt_message_build (&fields, error);
}

static GMimeMessage *
parse (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GMimeStream) stream = g_mime_stream_mem_new_with_buffer ((const char *) data, size);
  g_autoptr(GMimeParser) parser = g_mime_parser_new_with_stream (stream);
  GMimeMessage *message = g_mime_parser_construct_message (parser, NULL);

  g_assert_nonnull (message);
  return message;
}

/* CRLF and a lone CR become LF, trailing line endings go. */
static char *
normalise (const char *text)
{
  GString *out = g_string_new (NULL);

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

  while (out->len > 0 && out->str[out->len - 1] == '\n')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static guint
count_headers (GMimeObject *object,
               const char  *name)
{
  GMimeHeaderList *headers = g_mime_object_get_header_list (object);
  guint count = 0;

  for (int i = 0; i < g_mime_header_list_get_count (headers); i++)
    if (g_ascii_strcasecmp (g_mime_header_get_name (g_mime_header_list_get_header_at (headers, i)), name) == 0)
      count++;

  return count;
}

static void
assert_mailbox (InternetAddressList *list,
                const char          *name,
                const char          *address)
{
  InternetAddress *mailbox;

  g_assert_cmpint (internet_address_list_length (list), ==, 1);
  mailbox = internet_address_list_get_address (list, 0);
  g_assert_true (INTERNET_ADDRESS_IS_MAILBOX (mailbox));
  /* GMime reads a missing display name back as "". */
  g_assert_cmpstr (internet_address_get_name (mailbox) != NULL ? internet_address_get_name (mailbox) : "",
                   ==, name != NULL ? name : "");
  g_assert_cmpstr (internet_address_mailbox_get_addr (INTERNET_ADDRESS_MAILBOX (mailbox)), ==, address);
}

static void
assert_wire_format (GBytes *bytes)
{
  g_autofree char *text = NULL;
  gsize size;
  const guint8 *data;
  gsize line_start = 0;

  data = g_bytes_get_data (bytes, &size);
  g_assert_cmpuint (size, >, 0);

  for (gsize i = 0; i < size; i++)
    {
      g_assert_cmpuint (data[i], <, 0x80);
      g_assert_cmpuint (data[i], !=, 0);

      if (data[i] == '\r')
        g_assert_true (i + 1 < size && data[i + 1] == '\n');

      if (data[i] == '\n')
        {
          g_assert_true (i > 0 && data[i - 1] == '\r');
          /* 78 octets of text, then CRLF. */
          g_assert_cmpuint (i - 1 - line_start, <=, 78);
          line_start = i + 1;
        }
    }
  g_assert_cmpuint (line_start, ==, size);

  text = g_strndup ((const char *) data, size);
  g_assert_true (g_str_has_prefix (text, "Date: ") || strstr (text, "\r\nDate: ") != NULL);
  g_assert_nonnull (strstr (text, "\r\nMIME-Version: 1.0\r\n"));
  g_assert_nonnull (strstr (text, "\r\nContent-Type: text/plain; charset=utf-8\r\n"));
  g_assert_nonnull (strstr (text, "\r\nContent-Transfer-Encoding: quoted-printable\r\n"));
  g_assert_nonnull (strstr (text, "\r\nMessage-Id: <" MESSAGE_ID ">\r\n"));
  g_assert_nonnull (strcasestr (text, "=?utf-8?"));
  g_assert_nonnull (strstr (text, "<" FROM_ADDRESS ">"));
  g_assert_nonnull (strstr (text, "<" TO_ADDRESS ">"));
  g_assert_null (strstr (text, "\nBcc:"));
  g_assert_null (strstr (text, "\nCc:"));
}

static void
test_wire_format (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = build (SUBJECT, TO_ADDRESS, &error);
  g_autoptr(GBytes) long_bytes = NULL;
  g_autoptr(GMimeMessage) message = NULL;
  const char *long_subject =
    "Votre séjour à l’Hôtel des Tilleuls du 12 au 15 mars — merci\u00A0! "
    "Et une précision sur la chambre côté jardin que vous aviez réservée";

  g_assert_no_error (error);
  assert_wire_format (bytes);

  /* A subject too long for one line is folded, and still decodes whole. */
  long_bytes = build (long_subject, TO_ADDRESS, &error);
  g_assert_no_error (error);
  assert_wire_format (long_bytes);
  message = parse (long_bytes);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, long_subject);
}

static void
test_parse_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = build (SUBJECT, TO_ADDRESS, &error);
  g_autoptr(GMimeMessage) message = NULL;
  g_autoptr(GDateTime) expected_date = g_date_time_new_local (2026, 3, 12, 9, 30, 15);
  g_autofree char *decoded = NULL;
  g_autofree char *decoded_body = NULL;
  g_autofree char *expected_body = normalise (body);
  GMimeObject *part;
  GDateTime *date;

  g_assert_no_error (error);
  message = parse (bytes);

  assert_mailbox (g_mime_message_get_from (message), FROM_NAME, FROM_ADDRESS);
  assert_mailbox (g_mime_message_get_to (message), TO_NAME, TO_ADDRESS);
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, SUBJECT);
  g_assert_cmpstr (g_mime_message_get_message_id (message), ==, MESSAGE_ID);

  date = g_mime_message_get_date (message);
  g_assert_nonnull (date);
  g_assert_cmpint (g_date_time_to_unix (date), ==, g_date_time_to_unix (expected_date));

  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (message), "Bcc"));
  g_assert_cmpint (internet_address_list_length (g_mime_message_get_cc (message)), ==, 0);
  g_assert_cmpint (internet_address_list_length (g_mime_message_get_bcc (message)), ==, 0);

  part = g_mime_message_get_body (message);
  g_assert_true (GMIME_IS_TEXT_PART (part));
  g_assert_cmpstr (g_mime_object_get_content_type_parameter (part, "charset"), ==, "utf-8");
  g_assert_cmpint (g_mime_part_get_content_encoding (GMIME_PART (part)), ==,
                   GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);

  decoded = g_mime_text_part_get_text (GMIME_TEXT_PART (part));
  decoded_body = normalise (decoded);
  g_assert_cmpstr (decoded_body, ==, expected_body);
}

static void
test_ascii_names (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 11, 27, 15, 0, 0);
  CltMessageFields fields = {
    .from_name = NULL,
    .from_address = FROM_ADDRESS,
    .to_name = "  John\tSmith  ",
    .to_address = "john@example.com",
    .subject = "Thanks",
    .body = "",
    .message_id = MESSAGE_ID,
    .date = date,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = clt_message_build (&fields, &error);
  g_autoptr(GMimeMessage) message = NULL;

  g_assert_no_error (error);
  message = parse (bytes);
  assert_mailbox (g_mime_message_get_from (message), NULL, FROM_ADDRESS);
  assert_mailbox (g_mime_message_get_to (message), "John Smith", "john@example.com");
  g_assert_cmpstr (g_mime_message_get_subject (message), ==, "Thanks");
}

static void
test_header_injection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = build ("Hello\r\nBcc: evil@x.com", TO_ADDRESS, &error);
  g_autoptr(GMimeMessage) message = NULL;
  g_autofree char *text = NULL;
  gsize size;
  const char *data;
  const char *subject;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  text = g_strndup (data, size);
  g_assert_null (strstr (text, "\nBcc:"));
  g_assert_false (g_str_has_prefix (text, "Bcc:"));

  message = parse (bytes);
  subject = g_mime_message_get_subject (message);
  g_assert_nonnull (strstr (subject, "Bcc:"));
  g_assert_cmpstr (subject, ==, "Hello Bcc: evil@x.com");
  g_assert_null (g_mime_object_get_header (GMIME_OBJECT (message), "Bcc"));
  g_assert_cmpuint (count_headers (GMIME_OBJECT (message), "Subject"), ==, 1);
  g_assert_cmpuint (count_headers (GMIME_OBJECT (message), "Bcc"), ==, 0);
  g_assert_cmpint (internet_address_list_length (g_mime_message_get_bcc (message)), ==, 0);
}

static void
test_name_injection (void)
{
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 11, 27, 15, 0, 0);
  CltMessageFields fields = {
    .from_name = "Hôtel\r\nBcc: evil@x.com",
    .from_address = FROM_ADDRESS,
    .to_name = "Hélène\nCc: other@x.com\r\n\r\nbody",
    .to_address = TO_ADDRESS,
    .subject = "Merci",
    .body = "Texte",
    .message_id = MESSAGE_ID "\r\nBcc: evil@x.com",
    .date = date,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = clt_message_build (&fields, &error);
  g_autoptr(GMimeMessage) message = NULL;

  /* Spaces are not allowed in a Message-ID once cleaned. */
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
  g_assert_null (bytes);
  g_clear_error (&error);

  fields.message_id = MESSAGE_ID;
  bytes = clt_message_build (&fields, &error);
  g_assert_no_error (error);
  assert_wire_format (bytes);
  message = parse (bytes);
  assert_mailbox (g_mime_message_get_from (message), "Hôtel Bcc: evil@x.com", FROM_ADDRESS);
  assert_mailbox (g_mime_message_get_to (message), "Hélène Cc: other@x.com body", TO_ADDRESS);
  g_assert_cmpuint (count_headers (GMIME_OBJECT (message), "Bcc"), ==, 0);
  g_assert_cmpuint (count_headers (GMIME_OBJECT (message), "Cc"), ==, 0);
  g_assert_cmpuint (count_headers (GMIME_OBJECT (message), "From"), ==, 1);
  g_assert_cmpuint (count_headers (GMIME_OBJECT (message), "To"), ==, 1);
}

static void
test_clean_header (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Hello\r\nBcc: evil@x.com", "Hello Bcc: evil@x.com" },
    { "\t Merci\u00A0! \x7f", "Merci\u00A0!" },
    { "a\x01\x02\x1f" "b", "a b" },
    { "c\xc2\x85\xc2\x9f" "d", "c d" },
    { "Hélène — Zoë", "Hélène — Zoë" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *clean = clt_message_clean_header (cases[i].in);
      g_assert_cmpstr (clean, ==, cases[i].out);
    }
}

static void
test_make_id (void)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 1000; i++)
    {
      char *id = clt_message_make_id ("Reception@Tilleuls.fr");
      const char *at = strchr (id, '@');
      const char *dot = strchr (id, '.');

      g_assert_nonnull (at);
      g_assert_cmpstr (at, ==, "@Tilleuls.fr");
      g_assert_true (dot != NULL && dot < at);
      g_assert_cmpuint (at - dot - 1, >=, 16);
      for (const char *p = dot + 1; p < at; p++)
        g_assert_true (g_ascii_isxdigit (*p));
      g_assert_null (strpbrk (id, "<> \r\n"));
      g_assert_true (clt_mail_address_is_valid (id));
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, id);
    }
}

static void
test_invalid (void)
{
  const char *bad_addresses[] = {
    "", "helene", "helene@", "@example.org", "hel ene@example.org",
    "a@b.fr, c@d.fr", "a@b.fr\r\nBcc: evil@x.com", "<a@b.fr>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad_addresses); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = build (SUBJECT, bad_addresses[i], &error);

      g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
      g_assert_null (bytes);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = build (NULL, TO_ADDRESS, &error);

    g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
    g_assert_null (bytes);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = build (" \r\n\t ", TO_ADDRESS, &error);

    g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
    g_assert_null (bytes);
  }
}

/* GMime is in a module loaded on first use: the process starts without
 * it, and a missing module is an error said in words, not a crash. */
static void
test_module_missing (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = NULL;
      g_autofree char *address = NULL;

      g_setenv ("CLT_MODULE_DIR", "/nonexistent", TRUE);
      bytes = build (SUBJECT, TO_ADDRESS, &error);
      g_assert_null (bytes);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, "Reinstall Clientele"));
      g_clear_error (&error);
      g_assert_false (clt_mail_parse_mailbox (TO_ADDRESS, &name, &address, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_module_on_first_use (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      /* This test links GMime itself, to read messages back; see
       * test-outbox for a program that does not. */
      g_assert_false (clt_test_maps_library ("libclientele-mime"));
      bytes = build (SUBJECT, TO_ADDRESS, &error);
      g_assert_no_error (error);
      g_assert_true (clt_test_maps_library ("libclientele-mime"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_mime_init ();

  g_test_add_func ("/message/wire-format", test_wire_format);
  g_test_add_func ("/message/parse-back", test_parse_back);
  g_test_add_func ("/message/ascii-names", test_ascii_names);
  g_test_add_func ("/message/header-injection", test_header_injection);
  g_test_add_func ("/message/name-injection", test_name_injection);
  g_test_add_func ("/message/clean-header", test_clean_header);
  g_test_add_func ("/message/make-id", test_make_id);
  g_test_add_func ("/message/invalid", test_invalid);
  g_test_add_func ("/message/module-missing", test_module_missing);
  g_test_add_func ("/message/module-on-first-use", test_module_on_first_use);

  return g_test_run ();
}

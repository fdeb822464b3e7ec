/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What goes into one RFC 5322 message. Every string is UTF-8. */
typedef struct
{
  const char *from_name;      /* may be NULL */
  const char *from_address;
  const char *to_name;        /* may be NULL */
  const char *to_address;
  const char *subject;
  const char *body;           /* plain text, any line ending */
  const char *message_id;     /* without angle brackets */
  GDateTime  *date;
} CltMessageFields;

/* A new globally unique Message-ID (no angle brackets) in the domain of
 * @from_address: "<time>.<random>@domain". */
char    *clt_message_make_id        (const char              *from_address);

/* Strips control characters (CR, LF, TAB, C0, DEL, C1) from a header value,
 * each run becoming one space, and trims it. */
char    *clt_message_clean_header   (const char              *value);

/* Builds the final bytes with GMime 3: UTF-8, RFC 2047 encoded names and
 * subject, a quoted-printable text/plain body, CRLF line endings, Date and
 * Message-ID from @fields, MIME-Version, no Bcc. Fails with
 * CLT_MAIL_ERROR_INVALID for a bad address or an empty subject. */
GBytes  *clt_message_build          (const CltMessageFields  *fields,
                                     GError                 **error);

G_END_DECLS

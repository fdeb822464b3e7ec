/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clt-mail.h"

G_BEGIN_DECLS

/*
 * What the outbox and the mail helper (clientele-send) say to each other
 * through the helper's standard input and output: one request in, a few
 * lines out. See clt-process-transport.c.
 */

typedef enum
{
  CLT_SEND_MODE_SEND,
  CLT_SEND_MODE_TEST,
} CltSendMode;

typedef struct
{
  CltSendMode     mode;
  CltMailAccount *account;
  char           *password;       /* wiped when freed; NULL without a user */
  char           *from_address;   /* the envelope's, for a send */
  char           *to_address;
  GBytes         *message;
} CltSendRequest;

void            clt_send_request_free      (CltSendRequest       *request);
/* Returns: the request as written to the helper, the password in it: free
 * it with clt_send_buffer_free(), which wipes it */
GByteArray     *clt_send_request_serialize (const CltSendRequest *request);
void            clt_send_buffer_free       (GByteArray           *buffer);
CltSendRequest *clt_send_request_read      (GInputStream         *stream,
                                            GError              **error);

/* An error as one line ("error DOMAIN CODE MESSAGE", escaped), and back. */
char           *clt_send_error_to_line   (const GError  *error);
GError         *clt_send_error_from_line (const char    *line);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSendRequest, clt_send_request_free)
typedef GByteArray CltSendBuffer;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSendBuffer, clt_send_buffer_free)

G_END_DECLS

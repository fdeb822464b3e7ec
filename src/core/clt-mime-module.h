/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-message.h"

G_BEGIN_DECLS

/* What libclientele-mime.so does with GMime, for clt-message.c, which
 * checks and cleans what it is given first. */

/* The one mailbox in @text: its name (NULL for none) and address as
 * GMime's parser reads them; FALSE when @text is not one mailbox. */
typedef gboolean (*CltMimeParseMailboxFunc) (const char  *text,
                                             char       **name,
                                             char       **address);
#define CLT_MIME_PARSE_MAILBOX "clt_mime_parse_mailbox"

/* The message's bytes, NULL when GMime could not write them: @fields
 * checked and cleaned, names NULL for none, the body with LF line endings
 * ending with one. */
typedef GBytes  *(*CltMimeWriteFunc)        (const CltMessageFields *fields);
#define CLT_MIME_WRITE "clt_mime_write"

G_END_DECLS

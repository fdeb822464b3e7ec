/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* libedataserver's headers still name GTimeVal. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook-contacts/libebook-contacts.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "clt-record.h"

G_BEGIN_DECLS

CltRecord *clt_vcard_to_record (EVCard     *vcard,
                                guint       line);
gboolean   clt_vcard_is_read   (const char *name,
                                gsize       len);

G_END_DECLS

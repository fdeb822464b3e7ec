/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-sync-doc.h"
#include "clt-vcard-writer.h"

G_BEGIN_DECLS

/* A customer (a CltSyncDoc of kind CLT_SYNC_CUSTOMER) as the vCard the
 * address book on the server holds, and back. */

char       *clt_sync_vcard_write      (const CltSyncDoc  *doc,
                                       CltVCardVersion    version);
char       *clt_sync_vcard_write_over (const CltSyncDoc  *doc,
                                       CltVCardVersion    version,
                                       const char        *server_card);

CltSyncDoc *clt_sync_vcard_read       (const char        *text,
                                       const CltSyncDoc  *base,
                                       gint64             fallback_time,
                                       GError           **error);

G_END_DECLS

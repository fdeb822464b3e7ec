/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-sync-vcard.h"
#include "clt-vcard-private.h"

G_BEGIN_DECLS

/* What clt-sync-vcard.c (writing) and clt-sync-vcard-read.c agree on. */

/* The FN of a card whose customer has no "display": what the writer puts
 * there and what the reader recognises as no display of its own. */
char      *clt_sync_vcard_built_name (const CltSyncDoc *doc);
/* The live "note/ID" fields as CltNote, in key order. */
GPtrArray *clt_sync_vcard_notes      (const CltSyncDoc *doc);

extern const char * const clt_sync_vcard_states[3];

G_END_DECLS

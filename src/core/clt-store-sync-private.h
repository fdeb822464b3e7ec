/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-store-private.h"
#include "clt-store-sync.h"

G_BEGIN_DECLS

/* What clt-store-sync.c, -read.c and -apply.c share. */

/* Journal keys that are not fields: the object was made, deleted or
 * restored (STATE), or erased or anonymised (ERASED). */
#define CLT_SYNC_STATE_KEY  "@state"
#define CLT_SYNC_ERASED_KEY "@erased"

/* The elements of a customer's card: table, key prefix, the columns
 * shared, and whether one of them changed (for the triggers). In the
 * order of CltContactKind, then preferences and notes. */
typedef struct
{
  const char *table;
  const char *prefix;
  const char *columns;
  const char *changed;
} CltSyncElement;

#define CLT_SYNC_N_ELEMENTS 5

extern const CltSyncElement  clt_sync_elements[CLT_SYNC_N_ELEMENTS];
/* "consent" by CltConsent. */
extern const char * const    clt_sync_consents[3];

void        clt_sync_set_not_found             (GError            **error);
char       *clt_sync_column_dup_text_or_empty  (sqlite3_stmt       *stmt,
                                                int                 column);
const char *clt_sync_blank_to_null             (const char         *text);
gint64      clt_sync_find_id                   (CltStore           *self,
                                                const char         *sql,
                                                const char         *uid,
                                                GError            **error);
gboolean    clt_sync_field                     (const CltSyncDoc   *doc,
                                                const char         *key,
                                                const GVariantType *type,
                                                GVariant          **value);

G_END_DECLS

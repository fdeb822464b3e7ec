/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-store-private.h"

G_BEGIN_DECLS

/* At most this many of today's customers come first on a search's first
 * page: the rest of them follow in book order, in their tier. */
#define CLT_SEARCH_DESK_LIMIT 10

typedef enum
{
  CLT_SEARCH_DESK_EXPECTED = 1,   /* a visit or stay planned today */
  CLT_SEARCH_DESK_SEEN     = 2,   /* a contact logged today */
} CltSearchDeskReason;

CltStmt *clt_search_desk_prepare  (CltStore            *store,
                                   const char          *columns,
                                   const char          *match,
                                   const char          *phone_pattern,
                                   gint64               now,
                                   GError             **error);
gboolean clt_search_desk_refresh  (CltStore            *store,
                                   gint64               now,
                                   GError             **error);
char    *clt_search_desk_describe (CltSearchDeskReason  reason,
                                   gint64               at);

G_END_DECLS

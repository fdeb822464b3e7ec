/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-remember.h"
#include "clt-store.h"

G_BEGIN_DECLS

/* What the desktop's search (GNOME Shell's Activities overview) shows of
 * the book: the customers the window's own search finds, in its order,
 * each with a line that anyone near the screen may read. */

GArray *clt_overview_search   (CltStore           *store,
                               const char * const *terms,
                               guint               limit,
                               GError            **error);
char   *clt_overview_describe (CltRemember        *card);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-store.h"

G_BEGIN_DECLS

/* When the book last synced and how it went, kept in the book's settings
 * by whoever ran the round (clientele-cli sync), read by the window and
 * by `sync status`. */

/* @error_message: NULL when the round succeeded; @offline: the server
 * could not be reached, which is a state, not a fault. */
gboolean  clt_sync_record_round        (CltStore    *store,
                                        const char  *error_message,
                                        gboolean     offline,
                                        gint64       now_unix,
                                        GError     **error);
/* One sentence: "Last synced Saturday 5 December at 09:12.", or why the
 * last round failed, or that the book was never synced. */
char     *clt_sync_describe_last_round (CltStore    *store);

G_END_DECLS

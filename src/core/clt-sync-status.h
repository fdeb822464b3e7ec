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
/* A round stopped on purpose before its end (cancelled): @message says
 * how far it went and what the next round does, in words shown as they
 * are, not as a failure. */
gboolean  clt_sync_record_round_stopped (CltStore   *store,
                                         const char *message,
                                         GError    **error);
/* One sentence: "Last synced Saturday 5 December at 09:12.", or why the
 * last round failed, or that the book was never synced. */
char     *clt_sync_describe_last_round (CltStore    *store);

/* What a window needs of the last round besides its words, recorded by
 * whoever ran it right after clt_sync_record_round(): how many records it
 * took into the book (pulled or merged: the views must show them), and
 * whether the server refused the password (only a person can mend that). */
gboolean  clt_sync_record_round_result (CltStore    *store,
                                        guint        received,
                                        gboolean     wrong_password,
                                        GError     **error);

typedef struct
{
  gint64   attempt;          /* when the last round ran (Unix time), 0: never */
  gint64   success;          /* when one last succeeded, 0: never */
  gboolean failed;
  gboolean offline;          /* failed because the server could not be reached */
  gboolean wrong_password;
  gboolean stopped;          /* failed because it was cancelled */
  guint    received;         /* records the last round took into the book */
} CltSyncRound;

/* Fills @round from the book; all zero when it never synced. */
void      clt_sync_get_last_round      (CltStore     *store,
                                        CltSyncRound *round);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-core.h"
#include "clt-dav-client.h"

G_BEGIN_DECLS

/* The vCard version the address book takes, once known (a book setting). */
#define CLT_SYNC_VCARD_VERSION_SETTING "sync-vcard-version"

/* What one round of sync did. */
typedef struct
{
  guint pushed;    /* records written or removed on the server */
  guint pulled;    /* records taken from the server into the book */
  guint merged;    /* records changed on both sides, merged */
  guint skipped;   /* server records that could not be read, or kept local */

  /* Where the round's time went, in µs, for the benchmark and the log. */
  gint64 listing_us;   /* what changed on the server, compared with the book */
  gint64 fetching_us;  /* the bodies of what changed (multiget) */
  gint64 reading_us;   /* reading them, the book's versions, merging */
  gint64 writing_us;   /* writing them into the book (with any merge sent back) */
  gint64 pushing_us;   /* this desk's changes to the server */
} CltSyncResult;

/* What a round is doing, in order. */
typedef enum
{
  CLT_SYNC_PHASE_CONNECTING,  /* finding the collections: no counts */
  CLT_SYNC_PHASE_CUSTOMERS,   /* the server's customers into the book */
  CLT_SYNC_PHASE_TASKS,       /* the server's promises and logged contacts */
  CLT_SYNC_PHASE_SENDING,     /* this desk's changes to the server */
} CltSyncPhase;

/* @done out of @total records of @phase, for a progress bar: told at the
 * start of each phase (with @done 0), then after each record. */
typedef void (*CltSyncProgress) (CltSyncPhase phase,
                                 guint        done,
                                 guint        total,
                                 gpointer     user_data);

/* One round of sync between @store (the sync thread's own connection,
 * with an account set up) and the server @client speaks to: the
 * collections found or made the first time, then what changed on the
 * server taken into the book (merged with what changed here meanwhile),
 * then what changed here written to the server, each record in order.
 * Blocks: run it in a thread. Cancelling stops between two records; what
 * was done is kept (each record's change and its agreed version are
 * written together), and the next round goes on from there. */
gboolean clt_sync_run (CltStore         *store,
                       CltDavClient     *client,
                       CltSyncProgress   progress,
                       gpointer          user_data,
                       GCancellable     *cancellable,
                       CltSyncResult    *result,
                       GError          **error);

/* How long a deletion stays on the server as a record marked deleted, so
 * that a desk that changed the object meanwhile can weigh it against its
 * changes; then the record is removed from the server, and other programs
 * that read the address book no longer list it. */
#define CLT_SYNC_DELETED_LIFETIME_US ((gint64) 7 * 24 * 3600 * G_USEC_PER_SEC)

/* Removes from the server the records of objects deleted before
 * @before_us (µs since the epoch, UTC) and gone from @store: each with
 * If-Match, so one changed since (brought back elsewhere) stays. A round
 * does it once a day for the deletions older than
 * CLT_SYNC_DELETED_LIFETIME_US. @removed: how many went. */
gboolean clt_sync_sweep_deleted (CltStore      *store,
                                 CltDavClient  *client,
                                 gint64         before_us,
                                 GCancellable  *cancellable,
                                 guint         *removed,
                                 GError       **error);

G_END_DECLS

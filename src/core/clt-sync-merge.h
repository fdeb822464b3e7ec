/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-sync-doc.h"

G_BEGIN_DECLS

/* The three-way merge of a shared object, field by field: the version both
 * desks last agreed on (the base), the desk's own and the server's.
 *
 * A field changed on one side only takes that side's value (a removal, a
 * tombstone, is a change like any other). Changed on both sides to the
 * same value, it keeps the earlier of the two stamps. Changed on both to
 * different values (a value against a removal included), the later stamp
 * wins; on the same microsecond the greater desk id in byte order wins
 * (strcmp(): "" loses to any desk), and on the same desk too the greater
 * value (type string, then serialised bytes); a field present on one side
 * only wins over its absence. A value that lost is reported as a
 * conflict. Without a base (a first sync) every field that differs counts
 * as changed on both sides. Elements ("email/ID", "preference/ID"…) are
 * fields of their own: one added on a desk and another changed on the
 * other both survive.
 *
 * The object's state: an erasure (ERASED on either side, or in the base)
 * always wins, and the merged object then carries no field at all, only
 * its uid and state with its stamp, and no conflict is reported. When one
 * side deleted the object and the other kept it live, the deletion wins
 * unless the live side changed something (a field differing from the
 * base, or the state itself) with a stamp later than the deletion's: the
 * object then lives again with every field merged as above, and the
 * deletion that was dropped is reported as a conflict of its own
 * (CLT_SYNC_CONFLICT_DELETION) when it was new since the base. On the
 * same microsecond the greater desk id wins, as for a field. The fields
 * of a deleted object are merged all the same (so that it can come back);
 * conflicts are reported only when the merged object is live.
 *
 * The merge is deterministic and symmetric (local and remote swapped give
 * an equal document, stamps included) and idempotent (merging a document
 * with itself as base and both sides gives it back). Tombstones are kept,
 * so that a removal reaches every desk; see clt_sync_merge_drop_tombstones().
 */

/* A value one desk gave a field that lost to the other desk's. */
typedef struct
{
  CltSyncKind  kind;
  char        *key;
  GVariant    *lost;           /* never NULL */
  gint64       lost_changed;
  char        *lost_desk;
  GVariant    *won;            /* NULL: the field was removed */
  gint64       won_changed;
  char        *won_desk;
} CltSyncConflict;

/* The key of the conflict that says a deletion was dropped: the object
 * was deleted on one desk and changed later on another, so it lives on.
 * Its lost value is "deleted" (s), stamped with the deletion; its won
 * value (s) what a clerk knows the object by (a promise's text, a logged
 * contact's kind, "" for a customer), stamped with the latest change that
 * kept it. */
#define CLT_SYNC_CONFLICT_DELETION "@state"

/* How long a removal is remembered: a desk that has not synced for this
 * long may bring a removed value back (never the other way round). */
#define CLT_SYNC_TOMBSTONE_DAYS 90

void         clt_sync_conflict_free          (CltSyncConflict  *conflict);
char        *clt_sync_conflict_describe      (const CltSyncConflict *conflict);

/* Orders two stamps: the later time, then the greater desk id. */
int          clt_sync_stamp_compare          (gint64            a_changed,
                                              const char       *a_desk,
                                              gint64            b_changed,
                                              const char       *b_desk);

/* @conflicts (out) (optional): an array of CltSyncConflict, in the order
 * of their keys, empty when none. Returns %NULL when @local and @remote
 * (or @base) are not the same kind of object with the same uid. */
CltSyncDoc  *clt_sync_merge                  (const CltSyncDoc *base,
                                              const CltSyncDoc *local,
                                              const CltSyncDoc *remote,
                                              GPtrArray       **conflicts);

/* A first sync between two books that hold the same customer under two
 * uids (matched by the engine): the merged customer under @remote's uid.
 * An element of @local whose value is also one of @remote's (the same
 * e-mail address whatever its case, the same phone digits, the same
 * address, preference or note text) becomes that element, the later stamp
 * deciding its label; every other element of both is kept; a field both
 * hold with different values goes to the later stamp, as in a first sync. */
CltSyncDoc  *clt_sync_merge_adopt            (const CltSyncDoc *local,
                                              const CltSyncDoc *remote);

/* Forgets the tombstones of @doc stamped before @before (µs, UTC), e.g.
 * now - CLT_SYNC_TOMBSTONE_DAYS days. Call it on a version both sides hold
 * (the merged document once it is pushed): a desk whose last agreed
 * version still has the value then sees it removed on the other side and
 * removes it too; only a desk that changed that value meanwhile keeps it.
 * Returns how many were dropped. */
guint        clt_sync_merge_drop_tombstones  (CltSyncDoc       *doc,
                                              gint64            before);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSyncConflict, clt_sync_conflict_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-store.h"
#include "clt-sync-doc.h"

G_BEGIN_DECLS

/* The book's side of sharing it between desks (clt-store-sync.c). Every
 * function blocks: call them from the sync thread, on its own CltStore.
 *
 * Once an account is set up, triggers journal each local change of a
 * shared field in the transaction that makes it (the key of
 * clt-sync-doc.h, or "@state" for the object itself: made, deleted,
 * restored, erased); what clt_store_sync_apply_doc() writes is not
 * journalled. A book without an account pays nothing. */

/* What the book knows of an object on the server. */
typedef struct
{
  CltSyncKind  kind;
  char        *uid;
  char        *href;   /* nullable: not on the server yet */
  char        *etag;   /* nullable */
  CltSyncDoc  *base;   /* nullable: the version both sides last agreed on */
} CltSyncItem;

void          clt_sync_item_free               (CltSyncItem      *item);

/* An object changed here since it was last agreed on, and the journal's
 * last entry for it. */
typedef struct
{
  CltSyncKind  kind;
  char        *uid;
  gint64       seq;
} CltSyncPending;

void          clt_sync_pending_free            (CltSyncPending   *pending);

/* This book's desk id: random, made once. */
char         *clt_store_sync_get_desk_id       (CltStore         *self,
                                                GError          **error);

/* The server's account (its password is in the keyring). get returns
 * FALSE without an error when none is set up. Setting one starts the
 * journal; clearing it stops it and forgets every sync state (items,
 * collections, tokens, journal), the desk id excepted. */
gboolean      clt_store_sync_get_account       (CltStore         *self,
                                                char            **url,
                                                char            **user,
                                                GError          **error);
gboolean      clt_store_sync_set_account       (CltStore         *self,
                                                const char       *url,
                                                const char       *user,
                                                GError          **error);
gboolean      clt_store_sync_clear_account     (CltStore         *self,
                                                GError          **error);

/* The collection (address book or task list) each kind goes to, and the
 * server's sync token for it; either may be NULL. A new href drops the
 * token. */
gboolean      clt_store_sync_get_collection    (CltStore         *self,
                                                CltSyncKind       kind,
                                                char            **href,
                                                char            **token,
                                                GError          **error);
gboolean      clt_store_sync_set_collection    (CltStore         *self,
                                                CltSyncKind       kind,
                                                const char       *href,
                                                GError          **error);
/* Makes @kind go to the collection @href from now on (%NULL: the one the
 * next round finds or makes). Another collection than the one it went to
 * is a new first round: what the book knew of the old one (its items with
 * their agreed versions, its token) is forgotten, so that the next round
 * matches the book against the new collection and sends it what it lacks;
 * nothing in the book itself changes, nor anything on the server. Sets
 * *changed (nullable) to whether the collection was another. */
gboolean      clt_store_sync_use_collection    (CltStore         *self,
                                                CltSyncKind       kind,
                                                const char       *href,
                                                gboolean         *changed,
                                                GError          **error);
gboolean      clt_store_sync_set_token         (CltStore         *self,
                                                CltSyncKind       kind,
                                                const char       *token,
                                                GError          **error);

/* The object as the book has it now, each field stamped: with the
 * journal's time and this desk when it differs from the base, else with
 * the base's stamp; what the base had and the book no longer has as
 * tombstones, unless the object itself is gone from the book (deleted,
 * then purged from the trash): it is then DELETED, stamped with when,
 * and keeps the base's fields so that it can come back whole. @seq (nullable) gets the journal's last entry for it (0:
 * none), for clt_store_sync_set_base(). CLT_STORE_ERROR_NOT_FOUND when the
 * book never had it. */
CltSyncDoc   *clt_store_sync_read_doc          (CltStore         *self,
                                                CltSyncKind       kind,
                                                const char       *uid,
                                                gint64           *seq,
                                                GError          **error);
/* Writes a remote or merged object into the book, in one transaction,
 * unjournalled: creates it when new, sets the fields it has, removes the
 * elements it has tombstones for (a field it lacks is left alone), trashes
 * it when deleted, erases it when erased; a live object the book no longer
 * has (purged from the trash) is made again under the same uids. A promise or contact whose
 * customer is not in the book fails with CLT_STORE_ERROR_NOT_FOUND. An
 * erasure leaves traces in the file until clt_store_purge_erased(). */
gboolean      clt_store_sync_apply_doc         (CltStore         *self,
                                                CltSyncDoc       *doc,
                                                GError          **error);

/* The objects with journal entries, the one changed first first
 * (#CltSyncPending). */
GPtrArray    *clt_store_sync_list_pending      (CltStore         *self,
                                                GError          **error);
/* The uids of the objects of @kind the server has never had (no item):
 * what a first sync pushes. Erased and anonymous customers are not. */
GPtrArray    *clt_store_sync_list_unshared     (CltStore         *self,
                                                CltSyncKind       kind,
                                                GError          **error);
/* Every item of @kind, without their base (#CltSyncItem). */
GPtrArray    *clt_store_sync_list_items        (CltStore         *self,
                                                CltSyncKind       kind,
                                                GError          **error);

/* Records @doc as the version both sides agree on, at @href with @etag,
 * and clears the object's journal entries up to @seq (from
 * clt_store_sync_read_doc(); 0 clears none). */
gboolean      clt_store_sync_set_base          (CltStore         *self,
                                                const CltSyncDoc *doc,
                                                const char       *href,
                                                const char       *etag,
                                                gint64            seq,
                                                GError          **error);
/* NULL without an error when there is none. */
CltSyncItem  *clt_store_sync_get_item          (CltStore         *self,
                                                CltSyncKind       kind,
                                                const char       *uid,
                                                GError          **error);
CltSyncItem  *clt_store_sync_get_item_by_href  (CltStore         *self,
                                                CltSyncKind       kind,
                                                const char       *href,
                                                GError          **error);
/* The items of @kind on the server whose object the book no longer holds
 * (deleted and gone from the book), with their base (#CltSyncItem). */
GPtrArray    *clt_store_sync_list_gone         (CltStore         *self,
                                                CltSyncKind       kind,
                                                GError          **error);
/* Forgets the item and the object's journal entries. */
gboolean      clt_store_sync_forget_item       (CltStore         *self,
                                                CltSyncKind       kind,
                                                const char       *uid,
                                                GError          **error);

/* For a first sync between two books holding the same guests: the uid of
 * a customer of this book, not on the server yet, with one of @doc's
 * e-mail addresses or phone numbers (the duplicate rules of
 * clt_store_find_duplicates()); NULL without an error when none. */
char         *clt_store_sync_find_match        (CltStore         *self,
                                                const CltSyncDoc *doc,
                                                GError          **error);

/* A value that lost a merge, kept in a note on the object's customer
 * (journalled: shared like any note). */
gboolean      clt_store_sync_add_note          (CltStore         *self,
                                                CltSyncKind       kind,
                                                const char       *uid,
                                                const char       *text,
                                                GError          **error);
/* The book's customer @local_uid, never shared, becomes the server's
 * @remote_uid, with its journal (a first sync, see find_match). */
gboolean      clt_store_sync_adopt_uid         (CltStore         *self,
                                                const char       *local_uid,
                                                const char       *remote_uid,
                                                GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSyncItem, clt_sync_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSyncPending, clt_sync_pending_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-core.h"
#include "clt-dav-client.h"

G_BEGIN_DECLS

/* The name of the address book and the task list Clientele makes when
 * the user picks none. */
#define CLT_SYNC_DEFAULT_COLLECTION "Clientele"

/* The user's collection of @kind that @wanted names: the path or full URL
 * of one of those clt_dav_client_list_collections() lists, or a display
 * name: the collection of that name, made when there is none
 * (CLT_SYNC_DEFAULT_COLLECTION when %NULL). CLT_DAV_ERROR_NOT_FOUND for a
 * path that is no collection of @kind. Returns its full URL;
 * @out_journals (nullable): whether a task list takes VJOURNALs too. */
char     *clt_sync_find_collection  (CltDavClient  *client,
                                     CltDavKind     kind,
                                     const char    *wanted,
                                     gboolean      *out_journals,
                                     GCancellable  *cancellable,
                                     GError       **error);

/* The book shares its customers through the address book at @url from
 * the next round on (%NULL: the one that round finds or makes). Another
 * address book than the one used is a new first round with it
 * (clt_store_sync_use_collection()), whose vCard version is asked again.
 * Nothing on the server changes. */
gboolean  clt_sync_use_address_book (CltStore      *store,
                                     const char    *url,
                                     GError       **error);
/* The same for the promises, in the task list at @url, and the logged
 * contacts, there too when it takes VJOURNALs (@journals), else on this
 * desk only. */
gboolean  clt_sync_use_task_list    (CltStore      *store,
                                     const char    *url,
                                     gboolean       journals,
                                     GError       **error);

G_END_DECLS

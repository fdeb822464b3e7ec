/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CLT_TYPE_SYNC_COLLECTIONS_DIALOG (clt_sync_collections_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltSyncCollectionsDialog, clt_sync_collections_dialog, CLT, SYNC_COLLECTIONS_DIALOG, AdwWindow)

CltSyncCollectionsDialog *clt_sync_collections_dialog_new            (GtkWindow                *parent,
                                                                      const char               *database,
                                                                      const char               *url,
                                                                      const char               *user,
                                                                      const char               *password,
                                                                      const char               *address_book,
                                                                      const char               *task_list);
const char               *clt_sync_collections_dialog_get_address_book      (CltSyncCollectionsDialog *self);
const char               *clt_sync_collections_dialog_get_task_list         (CltSyncCollectionsDialog *self);
char                     *clt_sync_collections_dialog_dup_summary           (CltSyncCollectionsDialog *self);

G_END_DECLS

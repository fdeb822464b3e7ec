/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_SYNC_RUNNER (clt_sync_runner_get_type ())

G_DECLARE_FINAL_TYPE (CltSyncRunner, clt_sync_runner, CLT, SYNC_RUNNER, GObject)

CltSyncRunner *clt_sync_runner_new         (CltStore      *store);
CltStore      *clt_sync_runner_get_store   (CltSyncRunner *self);
void           clt_sync_runner_start       (CltSyncRunner *self);
void           clt_sync_runner_stop        (CltSyncRunner *self);
void           clt_sync_runner_update      (CltSyncRunner *self);
void           clt_sync_runner_sync_now    (CltSyncRunner *self);
gboolean       clt_sync_runner_get_shared  (CltSyncRunner *self);
gboolean       clt_sync_runner_get_running (CltSyncRunner *self);
gboolean       clt_sync_runner_get_paused  (CltSyncRunner *self);
char          *clt_sync_runner_dup_status  (CltSyncRunner *self);
void           clt_sync_runner_cancel      (CltSyncRunner *self);
gboolean       clt_sync_runner_get_cancelling (CltSyncRunner *self);
gboolean       clt_sync_runner_get_long_round (CltSyncRunner *self);
double         clt_sync_runner_get_fraction (CltSyncRunner *self);
char          *clt_sync_runner_dup_progress_text (CltSyncRunner *self);

G_END_DECLS

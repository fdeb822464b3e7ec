/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-sync-runner.h"

G_BEGIN_DECLS

#define CLT_TYPE_SYNC_INDICATOR (clt_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (CltSyncIndicator, clt_sync_indicator, CLT, SYNC_INDICATOR, AdwBin)

void clt_sync_indicator_set_runner (CltSyncIndicator *self,
                                    CltSyncRunner    *runner);

G_END_DECLS

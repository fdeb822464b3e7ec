/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_REFOLD_INDICATOR (clt_refold_indicator_get_type ())

G_DECLARE_FINAL_TYPE (CltRefoldIndicator, clt_refold_indicator, CLT, REFOLD_INDICATOR, AdwBin)

void     clt_refold_indicator_start       (CltRefoldIndicator *self,
                                           CltStore           *store);
gboolean clt_refold_indicator_get_running (CltRefoldIndicator *self);

G_END_DECLS

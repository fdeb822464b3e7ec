/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PREFERENCE_DIALOG (clt_preference_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltPreferenceDialog, clt_preference_dialog, CLT, PREFERENCE_DIALOG, AdwWindow)

GtkWidget  *clt_preference_dialog_new          (GtkWindow           *parent,
                                                CltStore            *store,
                                                gint64               customer_id,
                                                const CltPreference *preference);


G_END_DECLS

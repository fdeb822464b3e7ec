/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"
#include "clt-window.h"

G_BEGIN_DECLS

#define CLT_TYPE_DATA_ACTIONS (clt_data_actions_get_type ())

G_DECLARE_FINAL_TYPE (CltDataActions, clt_data_actions, CLT, DATA_ACTIONS, GObject)

CltDataActions *clt_data_actions_new                (CltWindow      *window,
                                                     CltStore       *store);
void            clt_data_actions_export_to          (CltDataActions *self,
                                                     GFile          *file,
                                                     gboolean        without_sensitive);
void            clt_data_actions_export_customer_to (CltDataActions *self,
                                                     gint64          customer_id,
                                                     GFile          *file);
void            clt_data_actions_erase              (CltDataActions *self,
                                                     gint64          customer_id,
                                                     gboolean        keep_counts);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_LOG_DIALOG (clt_log_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltLogDialog, clt_log_dialog, CLT, LOG_DIALOG, AdwWindow)

CltLogDialog *clt_log_dialog_new             (CltStore     *store,
                                              gint64        customer_id);
CltStore     *clt_log_dialog_get_store       (CltLogDialog *self);
gint64        clt_log_dialog_get_customer_id (CltLogDialog *self);
void          clt_log_dialog_set_note        (CltLogDialog *self,
                                              const char   *note);

void          clt_log_dialog_toast_promise   (GtkWidget        *widget,
                                              CltStore         *store,
                                              gint64            promise_id,
                                              CltPromiseStatus  status);

G_END_DECLS

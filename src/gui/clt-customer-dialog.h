/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_CUSTOMER_DIALOG (clt_customer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltCustomerDialog, clt_customer_dialog, CLT, CUSTOMER_DIALOG, AdwWindow)

CltCustomerDialog *clt_customer_dialog_new             (CltStore          *store,
                                                        gint64             customer_id);
CltStore          *clt_customer_dialog_get_store       (CltCustomerDialog *self);
gint64             clt_customer_dialog_get_customer_id (CltCustomerDialog *self);
void               clt_customer_dialog_prefill         (CltCustomerDialog *self,
                                                        const char        *text);
void               clt_customer_dialog_focus_consent   (CltCustomerDialog *self);

G_END_DECLS

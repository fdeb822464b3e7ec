/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_CUSTOMER_PAGE (clt_customer_page_get_type ())

G_DECLARE_FINAL_TYPE (CltCustomerPage, clt_customer_page, CLT, CUSTOMER_PAGE, GtkWidget)

GtkWidget *clt_customer_page_new             (void);
void       clt_customer_page_set_customer    (CltCustomerPage *self,
                                              CltStore        *store,
                                              gint64           customer_id);
gint64     clt_customer_page_get_customer_id (CltCustomerPage *self);
CltStore  *clt_customer_page_get_store       (CltCustomerPage *self);

G_END_DECLS

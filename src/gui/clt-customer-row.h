/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_CUSTOMER_ROW (clt_customer_row_get_type ())

G_DECLARE_FINAL_TYPE (CltCustomerRow, clt_customer_row, CLT, CUSTOMER_ROW, GtkWidget)

GtkWidget          *clt_customer_row_new          (void);
CltCustomer        *clt_customer_row_get_customer (CltCustomerRow *self);
void                clt_customer_row_set_customer (CltCustomerRow *self,
                                                   CltCustomer    *customer);

GtkListItemFactory *clt_customer_row_factory_new  (void);

G_END_DECLS

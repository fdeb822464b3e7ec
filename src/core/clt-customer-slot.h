/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include <gio/gio.h>

#include "clt-customer.h"

G_BEGIN_DECLS

#define CLT_TYPE_CUSTOMER_SLOT (clt_customer_slot_get_type ())

G_DECLARE_FINAL_TYPE (CltCustomerSlot, clt_customer_slot, CLT, CUSTOMER_SLOT, GObject)

CltCustomerSlot *clt_customer_slot_new          (GListModel      *customers,
                                                 guint            position);
CltCustomer     *clt_customer_slot_get_customer (CltCustomerSlot *self);
void             clt_customer_slot_changed      (CltCustomerSlot *self);
void             clt_customer_slot_clear        (CltCustomerSlot *self);

G_END_DECLS

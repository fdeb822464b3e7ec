/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clt-customer-slot.h"

G_BEGIN_DECLS

#define CLT_TYPE_SLOT_MODEL (clt_slot_model_get_type ())

G_DECLARE_FINAL_TYPE (CltSlotModel, clt_slot_model, CLT, SLOT_MODEL, GObject)

CltSlotModel *clt_slot_model_new          (GListModel   *customers);
GListModel   *clt_slot_model_get_model    (CltSlotModel *self);
CltCustomer  *clt_slot_model_get_customer (CltSlotModel *self,
                                           guint         position);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

/* The responses of the dialog, besides "close". */
#define CLT_WRITE_BLOCKED_CHANGE_CONSENT "change-consent"
#define CLT_WRITE_BLOCKED_ADD_ADDRESS    "add-address"

GtkWidget *clt_write_blocked_dialog_new (GtkWindow    *parent,
                                         CltCustomer  *customer,
                                         const GError *reason);

G_END_DECLS

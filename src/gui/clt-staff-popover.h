/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CLT_TYPE_STAFF_POPOVER (clt_staff_popover_get_type ())

G_DECLARE_FINAL_TYPE (CltStaffPopover, clt_staff_popover, CLT, STAFF_POPOVER, GtkPopover)

GtkWidget *clt_staff_popover_new (void);

G_END_DECLS

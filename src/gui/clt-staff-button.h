/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CLT_TYPE_STAFF_BUTTON (clt_staff_button_get_type ())

G_DECLARE_FINAL_TYPE (CltStaffButton, clt_staff_button, CLT, STAFF_BUTTON, GtkWidget)

GtkWidget *clt_staff_button_new (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PASSWORD_DIALOG (clt_password_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltPasswordDialog, clt_password_dialog, CLT, PASSWORD_DIALOG, AdwMessageDialog)

GtkWidget *clt_password_dialog_new (GtkWindow *parent,
                                    CltStore  *store);

G_END_DECLS

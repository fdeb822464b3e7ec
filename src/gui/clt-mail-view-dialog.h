/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_MAIL_VIEW_DIALOG (clt_mail_view_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltMailViewDialog, clt_mail_view_dialog, CLT, MAIL_VIEW_DIALOG, AdwWindow)

CltMailViewDialog *clt_mail_view_dialog_new (GtkWindow  *parent,
                                             CltStore   *store,
                                             gint64      mail_id,
                                             GError    **error);

G_END_DECLS

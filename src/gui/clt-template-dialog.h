/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_TEMPLATE_DIALOG (clt_template_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltTemplateDialog, clt_template_dialog, CLT, TEMPLATE_DIALOG, AdwWindow)

GtkWidget *clt_template_dialog_new (GtkWindow         *parent,
                                    CltStore          *store,
                                    const CltTemplate *tmpl);

G_END_DECLS

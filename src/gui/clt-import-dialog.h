/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CLT_TYPE_IMPORT_DIALOG (clt_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltImportDialog, clt_import_dialog, CLT, IMPORT_DIALOG, AdwWindow)

GtkWidget *clt_import_dialog_new (GtkWindow  *parent,
                                  const char *database,
                                  GFile      *file);

G_END_DECLS

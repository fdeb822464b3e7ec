/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_COLUMN_LAYOUT (clt_column_layout_get_type ())

G_DECLARE_FINAL_TYPE (CltColumnLayout, clt_column_layout, CLT, COLUMN_LAYOUT, GtkLayoutManager)

GtkLayoutManager *clt_column_layout_new (int spacing);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_TODAY_VIEW (clt_today_view_get_type ())

G_DECLARE_FINAL_TYPE (CltTodayView, clt_today_view, CLT, TODAY_VIEW, AdwBin)

GtkWidget *clt_today_view_new       (void);
void       clt_today_view_set_store (CltTodayView  *self,
                                     CltStore      *store);
CltStore  *clt_today_view_get_store (CltTodayView  *self);
void       clt_today_view_reload    (CltTodayView  *self);
gboolean   clt_today_view_export_pdf (CltTodayView *self,
                                      const char   *filename,
                                      GError      **error);

G_END_DECLS

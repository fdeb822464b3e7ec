/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_REMEMBER_VIEW (clt_remember_view_get_type ())

/* The most items of each kind a card shows: ask the store for no more
 * (clt_store_get_remember_bounded()). */
#define CLT_REMEMBER_VIEW_LIMIT 5

G_DECLARE_FINAL_TYPE (CltRememberView, clt_remember_view, CLT, REMEMBER_VIEW, GtkWidget)

GtkWidget *clt_remember_view_new          (void);
void       clt_remember_view_set_remember (CltRememberView *self,
                                           CltRemember     *remember);
void       clt_remember_view_set_compact  (CltRememberView *self,
                                           gboolean         compact);
gboolean   clt_remember_view_get_compact  (CltRememberView *self);
void       clt_remember_view_set_parts    (CltRememberView *self,
                                           gboolean         show_alerts,
                                           gboolean         show_details);

G_END_DECLS

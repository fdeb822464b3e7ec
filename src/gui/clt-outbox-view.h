/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_OUTBOX_VIEW (clt_outbox_view_get_type ())

G_DECLARE_FINAL_TYPE (CltOutboxView, clt_outbox_view, CLT, OUTBOX_VIEW, AdwBin)

GtkWidget *clt_outbox_view_new             (void);
void       clt_outbox_view_set_store       (CltOutboxView *self,
                                            CltStore      *store);
CltStore  *clt_outbox_view_get_store       (CltOutboxView *self);
void       clt_outbox_view_set_outbox      (CltOutboxView *self,
                                            CltOutbox     *outbox);
CltOutbox *clt_outbox_view_get_outbox      (CltOutboxView *self);
void       clt_outbox_view_reload          (CltOutboxView *self);
void       clt_outbox_view_set_status      (CltOutboxView   *self,
                                            CltOutboxStatus *status);
gboolean   clt_outbox_view_get_title_visible   (CltOutboxView *self);
void       clt_outbox_view_set_view_stack      (CltOutboxView *self,
                                                AdwViewStack  *stack);
AdwViewStack *clt_outbox_view_get_view_stack   (CltOutboxView *self);

G_END_DECLS

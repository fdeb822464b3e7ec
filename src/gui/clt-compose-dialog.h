/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_COMPOSE_DIALOG (clt_compose_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltComposeDialog, clt_compose_dialog, CLT, COMPOSE_DIALOG, AdwWindow)

CltComposeDialog *clt_compose_dialog_new          (GtkWindow        *parent,
                                                   CltStore         *store,
                                                   gint64            customer_id,
                                                   const char       *template_name,
                                                   gint64            promise_id);
CltComposeDialog *clt_compose_dialog_new_for_mail (GtkWindow        *parent,
                                                   CltStore         *store,
                                                   gint64            mail_id,
                                                   GError          **error);
CltStore         *clt_compose_dialog_get_store    (CltComposeDialog *self);
gint64            clt_compose_dialog_get_customer_id (CltComposeDialog *self);
void              clt_compose_dialog_set_outbox   (CltComposeDialog *self,
                                                   CltOutbox        *outbox);
void              clt_compose_dialog_select_address (CltComposeDialog *self,
                                                     const char       *address);

G_END_DECLS

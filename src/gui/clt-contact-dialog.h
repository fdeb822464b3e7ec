/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_CONTACT_DIALOG (clt_contact_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltContactDialog, clt_contact_dialog, CLT, CONTACT_DIALOG, AdwWindow)

GtkWidget  *clt_contact_dialog_new        (GtkWindow        *parent,
                                           CltStore         *store,
                                           gint64            customer_id,
                                           const CltContact *contact);

const char *clt_contact_kind_label        (CltContactKind    kind);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

void clt_promise_toast_closed (GtkWidget        *widget,
                               CltStore         *store,
                               gint64            promise_id,
                               CltPromiseStatus  status,
                               gboolean          follow_up);
void clt_promise_toast_reopen (GtkWidget        *widget,
                               CltStore         *store,
                               gint64            promise_id);

G_END_DECLS

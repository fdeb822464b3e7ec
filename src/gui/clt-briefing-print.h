/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "clt-core.h"

G_BEGIN_DECLS

GtkPrintOperation *clt_briefing_print_new (CltStore  *store,
                                           gint64     now_unix,
                                           guint      limit,
                                           GError   **error);

G_END_DECLS

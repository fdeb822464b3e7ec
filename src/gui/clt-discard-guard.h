/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void     clt_discard_guard_watch      (GtkWindow  *dialog,
                                       const char *heading,
                                       GtkWidget  *text_widget,
                                       ...) G_GNUC_NULL_TERMINATED;
void     clt_discard_guard_reset      (GtkWindow  *dialog);
gboolean clt_discard_guard_would_lose (GtkWindow  *dialog);

G_END_DECLS

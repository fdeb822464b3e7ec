/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void clt_background_update (GtkApplication *application,
                            GSettings      *settings,
                            gboolean        initial);

G_END_DECLS

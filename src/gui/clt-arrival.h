/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

void clt_arrival_mark (GtkWidget  *widget,
                       CltStore   *store,
                       gint64      interaction_id,
                       const char *name);

G_END_DECLS

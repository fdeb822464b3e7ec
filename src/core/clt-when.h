/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *clt_when_format_past_day     (gint64 when,
                                    gint64 now);
char *clt_when_format_time_in_text (gint64 when);
char *clt_when_format_day_time_in_text (gint64 when);
gboolean clt_when_is_today         (gint64 when,
                                    gint64 now);

G_END_DECLS

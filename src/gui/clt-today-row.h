/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

char       *clt_today_row_format_local  (gint64                when,
                                         const char           *format);
const char *clt_today_row_section_title (CltTodaySection       section);
GtkWidget  *clt_today_row_new_promise   (CltTodaySection       section,
                                         const CltPromise     *promise,
                                         const char           *alert);
GtkWidget  *clt_today_row_new_person    (CltTodaySection       section,
                                         const CltTodayPerson *person);
GtkWidget  *clt_today_row_new_show_all  (guint                 total);
GtkWidget  *clt_today_row_new_pages     (CltTodaySection       section,
                                         guint                 first,
                                         guint                 last,
                                         guint                 total);

G_END_DECLS

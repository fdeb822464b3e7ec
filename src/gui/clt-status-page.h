/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CLT_TYPE_STATUS_PAGE (clt_status_page_get_type ())

G_DECLARE_FINAL_TYPE (CltStatusPage, clt_status_page, CLT, STATUS_PAGE, GtkWidget)

const char *clt_status_page_get_title       (CltStatusPage *self);
void        clt_status_page_set_title       (CltStatusPage *self,
                                             const char    *title);
const char *clt_status_page_get_description (CltStatusPage *self);
void        clt_status_page_set_description (CltStatusPage *self,
                                             const char    *description);
const char *clt_status_page_get_icon_name   (CltStatusPage *self);
void        clt_status_page_set_icon_name   (CltStatusPage *self,
                                             const char    *icon_name);

G_END_DECLS

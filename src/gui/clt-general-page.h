/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_GENERAL_PAGE (clt_general_page_get_type ())

G_DECLARE_FINAL_TYPE (CltGeneralPage, clt_general_page, CLT, GENERAL_PAGE, AdwPreferencesPage)

void clt_general_page_set_store (CltGeneralPage *self,
                                 CltStore       *store);
void clt_general_page_apply     (CltGeneralPage *self);
void clt_general_page_focus_start (CltGeneralPage *self);

G_END_DECLS

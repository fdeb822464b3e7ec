/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_SHARING_PAGE (clt_sharing_page_get_type ())

G_DECLARE_FINAL_TYPE (CltSharingPage, clt_sharing_page, CLT, SHARING_PAGE, AdwPreferencesPage)

CltSharingPage *clt_sharing_page_new (CltStore *store);

G_END_DECLS

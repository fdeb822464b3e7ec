/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PRIVACY_PAGE (clt_privacy_page_get_type ())

G_DECLARE_FINAL_TYPE (CltPrivacyPage, clt_privacy_page, CLT, PRIVACY_PAGE, AdwPreferencesPage)

CltPrivacyPage *clt_privacy_page_new (CltStore *store);

char           *clt_privacy_page_format_names (gint64              count,
                                               const char * const *names);

G_END_DECLS

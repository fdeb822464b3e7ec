/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLT_TYPE_SEARCH_PROVIDER (clt_search_provider_get_type ())

G_DECLARE_FINAL_TYPE (CltSearchProvider, clt_search_provider, CLT, SEARCH_PROVIDER, GApplication)

CltSearchProvider *clt_search_provider_new (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clt-store.h"

G_BEGIN_DECLS

#define CLT_SEARCH_MODEL_PAGE_SIZE 50

#define CLT_TYPE_SEARCH_MODEL (clt_search_model_get_type ())

G_DECLARE_FINAL_TYPE (CltSearchModel, clt_search_model, CLT, SEARCH_MODEL, GObject)

CltSearchModel *clt_search_model_new          (CltStore       *store);
CltSearchModel *clt_search_model_new_for_rows (CltStore       *store,
                                               guint           n_rows);
CltStore       *clt_search_model_get_store    (CltSearchModel *self);
const char     *clt_search_model_get_query    (CltSearchModel *self);
void            clt_search_model_set_query    (CltSearchModel *self,
                                               const char     *query);
gboolean        clt_search_model_get_complete (CltSearchModel *self);
gboolean        clt_search_model_load_more    (CltSearchModel *self,
                                               GError        **error);
void            clt_search_model_reload       (CltSearchModel *self);
gboolean        clt_search_model_prepare      (CltSearchModel *self,
                                               GError        **error);

G_END_DECLS

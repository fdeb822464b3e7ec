/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-sync-runner.h"

G_BEGIN_DECLS

#define CLT_TYPE_EMPTY_BOOK_PAGE (clt_empty_book_page_get_type ())

G_DECLARE_FINAL_TYPE (CltEmptyBookPage, clt_empty_book_page, CLT, EMPTY_BOOK_PAGE, AdwBin)

GtkWidget *clt_empty_book_page_new               (GMenuModel       *menu_model);
void       clt_empty_book_page_set_sample        (CltEmptyBookPage *self,
                                                  gboolean          sample);
void       clt_empty_book_page_set_making_sample (CltEmptyBookPage *self,
                                                  gboolean          making);
void       clt_empty_book_page_set_sync_runner   (CltEmptyBookPage *self,
                                                  CltSyncRunner    *runner);

G_END_DECLS

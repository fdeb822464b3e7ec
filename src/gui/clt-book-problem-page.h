/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CLT_TYPE_BOOK_PROBLEM_PAGE (clt_book_problem_page_get_type ())

G_DECLARE_FINAL_TYPE (CltBookProblemPage, clt_book_problem_page, CLT, BOOK_PROBLEM_PAGE, AdwBin)

GtkWidget  *clt_book_problem_page_new            (void);
void        clt_book_problem_page_show_error     (CltBookProblemPage *self,
                                                  const char         *path,
                                                  const GError       *error);
gboolean    clt_book_problem_page_get_damaged    (CltBookProblemPage *self);
GMenuModel *clt_book_problem_page_get_menu_model (CltBookProblemPage *self);
void        clt_book_problem_page_set_menu_model (CltBookProblemPage *self,
                                                  GMenuModel         *menu_model);

G_END_DECLS

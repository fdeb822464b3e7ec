/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Opens @uri for @parent; FALSE when nothing can show it. Tests put one in
 * place with clt_help_set_launcher() to see which page F1 asks for. */
typedef gboolean (*CltHelpLauncher) (GtkWindow  *parent,
                                     const char *uri,
                                     gpointer    user_data);

void        clt_help_set_launcher    (CltHelpLauncher  launcher,
                                      gpointer         user_data);

GtkWindow  *clt_help_current_window  (GtkApplication  *application);
const char *clt_help_page_for_window (GtkWindow       *window);
char       *clt_help_html_path       (const char      *page);

void        clt_help_show_page       (GtkWindow       *parent,
                                      const char      *page);
void        clt_help_show            (GtkApplication  *application);
gboolean    clt_help_activate_link   (GtkLabel        *label,
                                      const char      *uri,
                                      gpointer         user_data);

G_END_DECLS

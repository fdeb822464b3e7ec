/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

/* The schema keeps this id in the Devel profile too. */
#define CLT_SETTINGS_SCHEMA_ID "io.github.clientele.Clientele"

AdwToast *clt_gui_wrap_toast_title     (AdwToast                    *toast);
void clt_gui_add_toast                  (GtkWidget                   *widget,
                                         AdwToast                    *toast);

void clt_gui_dialog_class_install_save  (GtkWidgetClass              *widget_class,
                                         GtkWidgetActionActivateFunc  save_action);
void clt_gui_dialog_add_save_shortcut   (GtkWidget                   *dialog);
void clt_gui_dialog_set_customer        (AdwWindowTitle              *window_title,
                                         CltStore                    *store,
                                         gint64                       customer_id);
void clt_gui_dialog_show_error          (GtkLabel                    *error_label,
                                         const GError                *error);
void clt_gui_dialog_toast_error         (AdwToastOverlay             *toast_overlay,
                                         const GError                *error);

/* Recent staff names kept to switch back to. */
#define CLT_GUI_RECENT_STAFF_MAX 5

void       clt_gui_set_lazy_menu    (GtkMenuButton              *button,
                                     GMenuModel                 *menu);
void       clt_gui_set_tooltip_when_drawn (GtkWidget            *widget,
                                           const char           *text);
void       clt_gui_set_default_icon (void);
GtkWidget *clt_gui_action_row_new   (void);

GSettings *clt_gui_dup_settings     (void);
char      *clt_gui_dup_staff_name   (void);
void       clt_gui_set_staff_name   (const char                 *name);
char     **clt_gui_push_recent_name (const char * const         *recent,
                                     const char                 *name,
                                     guint                       max);

G_END_DECLS

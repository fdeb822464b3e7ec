/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Names for screen readers where GTK 4.8 and libadwaita 1.2 give none. */

void clt_a11y_set_name       (GtkWidget  *widget,
                              const char *name,
                              const char *description);
void clt_a11y_name_list_item (GtkWidget  *child,
                              const char *name,
                              const char *description);
void clt_a11y_name_inner     (GtkWidget         *widget,
                              GType              type,
                              GtkAccessibleRole  role,
                              const char        *name);

void clt_a11y_name_buttons_showing (GtkWidget  *widget,
                                    const char *text,
                                    const char *name);

void clt_a11y_name_expander_row (AdwExpanderRow      *row);
void clt_a11y_name_password_row (AdwPasswordEntryRow *row);

G_END_DECLS

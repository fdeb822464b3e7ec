/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-window.h"
#include "clt-customer.h"

G_BEGIN_DECLS

/* Helpers shared by the GUI tests: spinning the main loop, finding widgets,
 * waiting for what a person would see, saving screenshots. */

typedef gboolean (*CltTestGuiCondition) (gpointer data);
typedef gboolean (*CltTestGuiMatch) (GtkWidget *widget, gconstpointer data);

typedef struct
{
  GtkWidget  *root;
  const char *text;
} CltTestGuiLabelQuery;

void        clt_test_gui_spin               (guint               ms);
void        clt_test_gui_spin_until_full    (CltTestGuiCondition condition,
                                             gpointer            data,
                                             guint               seconds,
                                             const char         *what);
void        clt_test_gui_spin_until         (CltTestGuiCondition condition,
                                             gpointer            data);

gboolean    clt_test_gui_is_mapped          (gpointer            data);
gboolean    clt_test_gui_keyring_takes_passwords (void);
gboolean    clt_test_gui_has_size           (gpointer            data);

GtkWidget  *clt_test_gui_find_widget        (GtkWidget          *root,
                                             CltTestGuiMatch     match,
                                             gconstpointer       data);
gboolean    clt_test_gui_is_of_type         (GtkWidget          *widget,
                                             gconstpointer       type);
gboolean    clt_test_gui_is_label_containing (GtkWidget         *widget,
                                              gconstpointer      text);
gboolean    clt_test_gui_is_entry_row_titled (GtkWidget         *widget,
                                              gconstpointer      title);
gboolean    clt_test_gui_is_button_labelled (GtkWidget          *widget,
                                             gconstpointer       label);

GtkWidget  *clt_test_gui_get_widget         (gpointer            root,
                                             GType               type);
CltCustomer *clt_test_gui_get_result        (gpointer            window,
                                             guint               position);
AdwEntryRow *clt_test_gui_get_entry_row     (gpointer            root,
                                             const char         *title);
void        clt_test_gui_set_row_text       (gpointer            root,
                                             const char         *title,
                                             const char         *text);
GtkWidget  *clt_test_gui_get_button         (gpointer            root,
                                             const char         *label);
void        clt_test_gui_click              (GtkWidget          *button);

gboolean    clt_test_gui_label_is_shown     (gpointer            query);
void        clt_test_gui_wait_for_label_full (gpointer           root,
                                              CltTestGuiMatch    match,
                                              const char        *text,
                                              gboolean           present);
void        clt_test_gui_wait_for_label     (gpointer            root,
                                             const char         *text);
void        clt_test_gui_wait_for_no_label  (gpointer            root,
                                             const char         *text);

GtkWidget  *clt_test_gui_find_toplevel      (GType               type);
gboolean    clt_test_gui_toplevel_is_shown  (gpointer            type);
gboolean    clt_test_gui_toplevel_is_gone   (gpointer            type);
GtkWidget  *clt_test_gui_wait_for_toplevel  (GType               type);

gint64      clt_test_gui_wait_for_paint     (GtkWidget          *widget);
void        clt_test_gui_assert_french      (void);
gboolean    clt_test_gui_init_language      (void);
void        clt_test_gui_save_screenshot    (gpointer            window,
                                             const char         *name);
void        clt_test_gui_set_color_scheme   (AdwColorScheme      scheme);

gint64      clt_test_gui_now_unix           (void);
gint64      clt_test_gui_add_customer       (CltStore           *store,
                                             const char         *name);

void        clt_test_gui_destroy_windows    (GtkApplication     *application);
void        clt_test_gui_remove_dir         (const char         *path);
char       *clt_test_gui_make_book_dir      (const char         *prefix,
                                             char              **path);
CltWindow  *clt_test_gui_open_window        (GtkApplication     *application,
                                             const char         *path,
                                             int                 width,
                                             int                 height);

G_END_DECLS

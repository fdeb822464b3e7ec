/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CLT_TYPE_LONG_TEXT (clt_long_text_get_type ())

G_DECLARE_FINAL_TYPE (CltLongText, clt_long_text, CLT, LONG_TEXT, GtkWidget)

GtkWidget  *clt_long_text_new          (void);
const char *clt_long_text_get_text     (CltLongText *self);
void        clt_long_text_set_text     (CltLongText *self,
                                        const char  *text);
gboolean    clt_long_text_get_expanded (CltLongText *self);
void        clt_long_text_set_expanded (CltLongText *self,
                                        gboolean     expanded);

char       *clt_long_text_shorten      (const char  *text,
                                        guint        max_chars,
                                        guint        max_lines);
GStrv       clt_long_text_split        (const char  *text,
                                        guint        chunk_chars);

G_END_DECLS

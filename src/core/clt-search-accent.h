/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char    **clt_search_accent_words  (const char  *query);
void      clt_search_accent_sort   (GPtrArray   *customers,
                                    guint        from,
                                    guint        to,
                                    char       **words);

G_END_DECLS

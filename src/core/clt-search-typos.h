/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-store.h"

G_BEGIN_DECLS

/* When the names tier found fewer than this, close matches are offered. */
#define CLT_SEARCH_TYPOS_BELOW 5
/* At most this many close matches are listed. */
#define CLT_SEARCH_TYPOS_MAX 50
/* The most edits allowed, in a word and in the whole query. */
#define CLT_SEARCH_TYPOS_MAX_EDITS 2

guint      clt_search_typos_distance     (const char  *a,
                                          const char  *b,
                                          guint        max);
guint      clt_search_typos_allowed      (const char  *word);
/* The folded words of @name (a customer's names, one a line) that
 * name_words keeps, each once. */
GPtrArray *clt_search_typos_name_words   (const char  *name);
GPtrArray *clt_search_typos_levels       (CltStore    *store,
                                          const char  *query,
                                          GError     **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The fewest digits a phone search finds in the middle of a number. */
#define CLT_TEXT_PHONE_RUN_MIN 3

/* Replaces *field with a copy of @text (g_set_str() is newer than GLib
 * 2.74). */
void      clt_text_set                 (char       **field,
                                        const char  *text);
char     *clt_text_dup_valid           (const char  *text);
char     *clt_text_fold                (const char  *text);
char     *clt_text_fold_for_search     (const char  *text);
char     *clt_text_strip               (const char  *text);
gboolean  clt_text_is_blank            (const char  *text);
char     *clt_text_phone_digits        (const char  *phone);
char     *clt_text_phone_index_tokens  (const char  *phone);
char     *clt_text_address_city        (const char  *address);
char     *clt_text_phone_query_digits  (const char  *user_text);
gboolean  clt_text_phone_matches       (const char  *phone,
                                        const char  *digits);
char     *clt_text_fts_query           (const char  *user_text);
char     *clt_text_sort_key            (const char  *sort_name);
char     *clt_text_parse_birthday      (const char  *text,
                                        gboolean    *malformed);
void      clt_text_split_name          (const char  *full_name,
                                        char       **honorific,
                                        char       **given_name,
                                        char       **family_name);

G_END_DECLS

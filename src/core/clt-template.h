/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A follow-up template. Placeholders are written {name}; "{{" and "}}"
 * stand for literal braces. Built-in templates have id 0 and cannot be
 * changed; the user's own live in the book (clt_store_*_template). */
typedef struct
{
  gint64    id;          /* 0 for a built-in template */
  char     *name;        /* stable key: "thank-you-visit", or the user's title */
  char     *language;    /* "fr" or "en" (ISO 639-1) */
  char     *title;       /* shown in lists, in the template's language for user
                          * templates, translated for built-ins */
  char     *subject;
  char     *body;
  gboolean  marketing;   /* needs recorded marketing consent to be sent */
} CltTemplate;

/* One placeholder problem in a text, for the editor to underline. Offsets
 * are in bytes into the checked text; end is exclusive. */
typedef struct
{
  gsize  start;
  gsize  end;
  char  *name;      /* the placeholder's name, NULL for an unclosed brace */
  char  *message;   /* translated: "Unknown placeholder {frist_name}" */
  gboolean empty;   /* a known placeholder that would come out empty */
} CltTemplateProblem;

CltTemplate   *clt_template_new            (const char        *name,
                                            const char        *language,
                                            const char        *title,
                                            const char        *subject,
                                            const char        *body,
                                            gboolean           marketing);
CltTemplate   *clt_template_copy           (const CltTemplate *tmpl);
void           clt_template_free           (CltTemplate       *tmpl);
void           clt_template_problem_free   (CltTemplateProblem *problem);

/* The placeholders a template may use, NULL-terminated:
 * first_name, last_name, full_name, addressed_as, last_visit, promise,
 * business, signature, sender_name. */
const char * const *clt_template_placeholders (void);
const char         *clt_template_placeholder_label (const char *name);

/* The built-in templates in every language they exist in (fr and en):
 * thank-you-visit, thank-you-stay, order-arrived, promise-kept, apology,
 * miss-you (marketing). A GPtrArray of CltTemplate, owned by the caller. */
GPtrArray     *clt_template_builtins       (void);

/* From @templates, the one called @name in @language, else in English,
 * else in French, else any language; NULL when there is none. */
const CltTemplate *clt_template_pick       (GPtrArray         *templates,
                                            const char        *name,
                                            const char        *language);

/* Every problem in @text (unknown placeholders, unclosed or stray braces),
 * in order. An empty array when the text is fine. */
GPtrArray     *clt_template_check          (const char        *text);

/* Replaces each placeholder with its value from @values (name → UTF-8
 * text; a missing or NULL value becomes the empty string). Fails with
 * CLT_MAIL_ERROR_TEMPLATE naming the first problem of clt_template_check(). */
char          *clt_template_render         (const char        *text,
                                            GHashTable        *values,
                                            GError           **error);

/* Like clt_template_check(), and also each known placeholder that would
 * come out empty with @values (a missing, NULL or blank value), marked
 * empty, with a message saying what to fill in or rewrite: an empty
 * {business} reads "at  for" in the message sent. */
GPtrArray     *clt_template_check_values   (const char        *text,
                                            GHashTable        *values);

/* Renders what @values can fill and keeps everything else as written (an
 * empty or unknown placeholder, "{{", a stray brace): the text to show
 * for editing, its gaps visible, still a template to render when sent.
 * Never fails. */
char          *clt_template_fill           (const char        *text,
                                            GHashTable        *values);

/* clt_template_render() that also fails with CLT_MAIL_ERROR_TEMPLATE when
 * a placeholder would come out empty, with the message of
 * clt_template_check_values(). For text sent without a person reading it. */
char          *clt_template_render_complete (const char       *text,
                                             GHashTable       *values,
                                             GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltTemplate, clt_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltTemplateProblem, clt_template_problem_free)

G_END_DECLS

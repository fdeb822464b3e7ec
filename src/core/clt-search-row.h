/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A customer's row of the search index, as it is written: each column
 * folded for search (clt_text_fold_for_search()), the phone index's
 * tokens, and the words of their names for close matches. Made by
 * clt_search_text_finish(), from the customer's data put together in a
 * CltSearchText in the order the book reads it back; the import makes it
 * on its reading thread, the book when it reindexes a customer. */
typedef struct
{
  const char *name;
  const char *contact;
  const char *details;
  const char *phone_tokens;  /* "" for none */
  const char *name_words;    /* each once, each followed by a NUL; an empty one ends them */
  char        data[];        /* where they all are: one block a row */
} CltSearchRow;

void clt_search_row_free (CltSearchRow *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSearchRow, clt_search_row_free)

/* The text of a search row before it is folded: a line for each name,
 * contact detail, preference, note or tag. */
typedef struct
{
  GString *name;
  GString *contact;
  GString *details;
  GString *phone_tokens;
} CltSearchText;

void          clt_search_text_init      (CltSearchText *text);
void          clt_search_text_clear     (CltSearchText *text);
/* Appends @line (nothing when %NULL) and a new line to @column. */
void          clt_search_text_add_line  (GString       *column,
                                         const char    *line);
/* A phone number as the book keeps it: the start of its digits in the
 * contact column, every form of it in the phone tokens (nothing for a
 * number without a digit). */
void          clt_search_text_add_phone (CltSearchText *text,
                                         const char    *number);
CltSearchRow *clt_search_text_finish    (CltSearchText *text);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CltSearchText, clt_search_text_clear)

G_END_DECLS

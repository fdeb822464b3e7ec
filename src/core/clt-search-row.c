/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-search"

#include "config.h"

#include <string.h>

#include "clt-search-row.h"
#include "clt-search-typos.h"
#include "clt-text.h"

void
clt_search_row_free (CltSearchRow *row)
{
  g_free (row);
}

void
clt_search_text_init (CltSearchText *text)
{
  text->name = g_string_new (NULL);
  text->contact = g_string_new (NULL);
  text->details = g_string_new (NULL);
  text->phone_tokens = g_string_new (NULL);
}

void
clt_search_text_clear (CltSearchText *text)
{
  if (text->name != NULL)
    g_string_free (text->name, TRUE);
  if (text->contact != NULL)
    g_string_free (text->contact, TRUE);
  if (text->details != NULL)
    g_string_free (text->details, TRUE);
  if (text->phone_tokens != NULL)
    g_string_free (text->phone_tokens, TRUE);
  memset (text, 0, sizeof *text);
}

void
clt_search_text_add_line (GString    *column,
                          const char *line)
{
  if (line == NULL)
    return;

  g_string_append (column, line);
  g_string_append_c (column, '\n');
}

void
clt_search_text_add_phone (CltSearchText *text,
                           const char    *number)
{
  g_autofree char *tokens = clt_text_phone_index_tokens (number);
  const char *space = strchr (tokens, ' ');

  if (*tokens == '\0')
    return;

  g_string_append_len (text->contact, tokens, space ? space - tokens : (gssize) strlen (tokens));
  g_string_append_c (text->contact, '\n');
  if (text->phone_tokens->len > 0)
    g_string_append_c (text->phone_tokens, ' ');
  g_string_append (text->phone_tokens, tokens);
}

/* Folds the columns; @text is left empty. The row is one block: an import
 * keeps one for each customer it adds until it commits. */
CltSearchRow *
clt_search_text_finish (CltSearchText *text)
{
  g_autofree char *name = clt_text_fold_for_search (text->name->str);
  g_autofree char *contact = clt_text_fold_for_search (text->contact->str);
  g_autofree char *details = clt_text_fold_for_search (text->details->str);
  g_autoptr(GPtrArray) words = clt_search_typos_name_words (text->name->str);
  const char *parts[] = { name, contact, details, text->phone_tokens->str };
  gsize size = 1;
  CltSearchRow *row;
  char *p;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    size += strlen (parts[i]) + 1;
  for (guint i = 0; i < words->len; i++)
    size += strlen (g_ptr_array_index (words, i)) + 1;

  row = g_malloc (sizeof *row + size);
  p = row->data;
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const char **field[] = { &row->name, &row->contact, &row->details, &row->phone_tokens };

      *field[i] = p;
      p = g_stpcpy (p, parts[i]) + 1;
    }
  row->name_words = p;
  for (guint i = 0; i < words->len; i++)
    p = g_stpcpy (p, g_ptr_array_index (words, i)) + 1;
  *p = '\0';

  g_string_truncate (text->name, 0);
  g_string_truncate (text->contact, 0);
  g_string_truncate (text->details, 0);
  g_string_truncate (text->phone_tokens, 0);

  return row;
}

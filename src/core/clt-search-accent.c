/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-search-accent"

#include "config.h"

#include <string.h>

#include "clt-customer.h"
#include "clt-search-accent.h"
#include "clt-text.h"

/*
 * The accent a person did type counts: the search index folds every word
 * ("Hélène" and "Helene" are one), but when the query carries diacritics
 * (or a letter the folding spells out, "ß", "œ"), the names that have
 * them as typed come first among the names a page shows, each part in
 * book order. Without one, nothing moves.
 */

/* Lower case and composed, so that "É" typed and "é" stored, or "e" and a
 * combining acute, compare equal. */
static char *
exact_form (const char *text)
{
  g_autofree char *valid = clt_text_dup_valid (text);
  g_autofree char *lower = g_utf8_strdown (valid, -1);

  return g_utf8_normalize (lower, -1, G_NORMALIZE_NFC);
}

/**
 * clt_search_accent_words:
 * @query: (nullable): what the person typed
 *
 * Returns: (transfer full) (nullable): the words of @query that the
 *   folding changes beyond their case ("hélène", "straße"), in their
 *   exact form; %NULL when there is none
 */
char **
clt_search_accent_words (const char *query)
{
  g_autofree char *exact = NULL;
  g_auto(GStrv) split = NULL;
  g_autoptr(GStrvBuilder) words = g_strv_builder_new ();
  gboolean any = FALSE;

  if (query == NULL)
    return NULL;

  for (const char *p = query; *p; p++)
    any |= (guchar) *p >= 0x80;
  if (!any)
    return NULL;

  any = FALSE;
  exact = exact_form (query);
  if (exact == NULL)
    return NULL;
  split = g_strsplit_set (exact, " \t\n,;:.!?\"'()-/", -1);
  for (guint i = 0; split[i] != NULL; i++)
    {
      g_autofree char *folded = clt_text_fold (split[i]);
      g_autofree char *lower = g_utf8_strdown (split[i], -1);

      if (*split[i] != '\0' && strcmp (folded, lower) != 0)
        {
          g_strv_builder_add (words, split[i]);
          any = TRUE;
        }
    }

  return any ? g_strv_builder_end (words) : NULL;
}

static gboolean
word_starts_with (const char *names,
                  const char *word)
{
  for (const char *p = strstr (names, word); p != NULL; p = strstr (p + 1, word))
    {
      gunichar before;

      if (p == names)
        return TRUE;
      before = g_utf8_get_char (g_utf8_prev_char (p));
      if (!g_unichar_isalnum (before) && g_unichar_type (before) != G_UNICODE_NON_SPACING_MARK)
        return TRUE;
    }

  return FALSE;
}

/* Whether the customer's names have every word at the start of one of
 * theirs, as typed. */
static gboolean
matches_exactly (CltCustomer  *customer,
                 char        **words)
{
  const char *parts[] = {
    clt_customer_get_display_name (customer), clt_customer_get_given_name (customer),
    clt_customer_get_family_name (customer), clt_customer_get_addressed_as (customer),
    clt_customer_get_company (customer),
  };
  g_autoptr(GString) joined = g_string_new (NULL);
  g_autofree char *names = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    g_string_append_printf (joined, "%s\n", parts[i] != NULL ? parts[i] : "");
  names = exact_form (joined->str);
  if (names == NULL)
    return FALSE;
  for (guint i = 0; words[i] != NULL; i++)
    if (!word_starts_with (names, words[i]))
      return FALSE;

  return TRUE;
}

/**
 * clt_search_accent_sort:
 * @customers: (element-type CltCustomer): the results
 * @from: the first of the names found that are to be ordered
 * @to: the end of them
 * @words: (nullable): from clt_search_accent_words()
 *
 * Moves the customers in [@from, @to) whose names have @words as typed
 * before the others, each part keeping its order.
 */
void
clt_search_accent_sort (GPtrArray  *customers,
                        guint       from,
                        guint       to,
                        char      **words)
{
  g_autoptr(GPtrArray) others = NULL;
  guint next;

  if (words == NULL || from >= to)
    return;

  others = g_ptr_array_new ();
  next = from;
  for (guint i = from; i < to; i++)
    {
      CltCustomer *customer = g_ptr_array_index (customers, i);

      if (matches_exactly (customer, words))
        customers->pdata[next++] = customer;
      else
        g_ptr_array_add (others, customer);
    }
  for (guint i = 0; i < others->len; i++)
    customers->pdata[next++] = g_ptr_array_index (others, i);
}

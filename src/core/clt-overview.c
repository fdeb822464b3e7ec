/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-overview"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-overview.h"
#include "clt-search-model.h"
#include "clt-text.h"

/* As many preferences as a search result's line shows in the window. */
#define N_PREFERENCES 3

/**
 * clt_overview_search:
 * @terms: the words typed, each a term that a customer must match
 * @limit: the most customers to return
 *
 * Finds customers as the window's search does (CltSearchModel: every word
 * must match, with the same folding, tiers and order), for a search that
 * shows only the first few. No words find no one, rather than the whole
 * book.
 *
 * Returns: (transfer full): the customers' ids (gint64), best first, or
 *   %NULL with @error set when the book cannot be read
 */
GArray *
clt_overview_search (CltStore           *store,
                     const char * const *terms,
                     guint               limit,
                     GError            **error)
{
  g_autoptr(CltSearchModel) model = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *query = NULL;
  GListModel *list;
  guint n_items;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);
  g_return_val_if_fail (terms != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  query = g_strjoinv (" ", (char **) terms);
  if (limit == 0 || clt_text_is_blank (query))
    return g_steal_pointer (&ids);

  model = clt_search_model_new (store);
  clt_search_model_set_query (model, query);
  list = G_LIST_MODEL (model);

  n_items = g_list_model_get_n_items (list);
  while (n_items < limit && !clt_search_model_get_complete (model))
    {
      guint before = n_items;

      if (!clt_search_model_load_more (model, error) && error != NULL && *error != NULL)
        return NULL;

      n_items = g_list_model_get_n_items (list);
      if (n_items == before)
        break;
    }

  for (guint i = 0; i < MIN (n_items, limit); i++)
    {
      g_autoptr(CltCustomer) customer = g_list_model_get_item (list, i);
      gint64 id = clt_customer_get_id (customer);

      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&ids);
}

/**
 * clt_overview_describe:
 * @card: the customer's Remember card, with at least the first alert and a
 *   few preferences (clt_store_get_remember_bounded())
 *
 * The one line of the card a search result shows, as in the window: the
 * first alert, else the first preferences. Nothing sensitive (health)
 * shows on a screen that anyone at the desk may see: a sensitive alert
 * says only that there is one, a sensitive preference is left out.
 *
 * Returns: (transfer full): the line, "" when there is nothing to say
 */
char *
clt_overview_describe (CltRemember *card)
{
  g_autoptr(GPtrArray) preferences = NULL;

  g_return_val_if_fail (card != NULL, NULL);

  preferences = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < card->items->len; i++)
    {
      CltRememberItem *item = g_ptr_array_index (card->items, i);

      if (item->kind == CLT_REMEMBER_ALERT)
        {
          g_autofree char *text = NULL;

          if (item->sensitive)
            /* Translators: the desktop's search result for a customer
             * whose alert is sensitive (health): its text is not shown */
            return g_strdup (_("Alert"));

          text = clt_text_strip (item->text);
          /* Translators: a search result's summary when the customer has an alert */
          return g_strdup_printf (_("Alert: %s"), text);
        }

      if (item->kind == CLT_REMEMBER_PREFERENCE && !item->sensitive &&
          preferences->len < N_PREFERENCES)
        g_ptr_array_add (preferences, clt_text_strip (item->text));
    }

  g_ptr_array_add (preferences, NULL);
  return g_strjoinv (" · ", (char **) preferences->pdata);
}

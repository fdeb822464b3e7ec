/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clt-test-book.h"

/* The results list's places (src/core/clt-slot-model.c): each place stays
 * the same object whoever is in it, so that GTK 4.8's list view keeps its
 * row; only the end of the list grows or shrinks; who is in a place is
 * read from the list only when asked. */

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
splice (GListStore  *store,
        guint        position,
        guint        removed,
        const char **names)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_ptr_array_add (added, clt_customer_new (names[i]));
  g_list_store_splice (store, position, removed, added->pdata, added->len);
}

static const char *
name_at (CltSlotModel *slots,
         guint         position)
{
  CltCustomer *customer = clt_slot_model_get_customer (slots, position);

  g_assert_nonnull (customer);

  return clt_customer_get_display_name (customer);
}

static void
test_places_stay (void)
{
  g_autoptr(GListStore) store = g_list_store_new (CLT_TYPE_CUSTOMER);
  g_autoptr(CltSlotModel) slots = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(CltCustomerSlot) first = NULL;
  g_autoptr(CltCustomerSlot) second = NULL;
  g_autoptr(CltCustomerSlot) third = NULL;
  g_autoptr(CltCustomerSlot) again = NULL;
  guint first_notified = 0;
  Change *change;

  splice (store, 0, 0, (const char *[]) { "Anne", "Bruno", "Chloé", NULL });
  slots = clt_slot_model_new (G_LIST_MODEL (store));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (slots)) == CLT_TYPE_CUSTOMER_SLOT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 3);
  g_assert_cmpstr (name_at (slots, 2), ==, "Chloé");
  g_assert_null (clt_slot_model_get_customer (slots, 3));
  first = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  second = g_list_model_get_item (G_LIST_MODEL (slots), 1);
  third = g_list_model_get_item (G_LIST_MODEL (slots), 2);
  g_assert_cmpstr (clt_customer_get_display_name (clt_customer_slot_get_customer (first)), ==, "Anne");
  g_signal_connect (slots, "items-changed", G_CALLBACK (items_changed_cb), changes);
  g_signal_connect (first, "notify::customer", G_CALLBACK (count_notify_cb), &first_notified);

  /* Another search, with fewer results: the first two places stay, with
   * their new customers; only the third goes. */
  splice (store, 0, 3, (const char *[]) { "Denise", "Émile", NULL });
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 2);
  g_assert_cmpuint (change->removed, ==, 1);
  g_assert_cmpuint (change->added, ==, 0);
  g_assert_cmpuint (first_notified, ==, 1);
  again = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  g_assert_true (again == first);
  g_clear_object (&again);
  again = g_list_model_get_item (G_LIST_MODEL (slots), 1);
  g_assert_true (again == second);
  g_clear_object (&again);
  g_assert_cmpstr (clt_customer_get_display_name (clt_customer_slot_get_customer (first)), ==, "Denise");
  g_assert_cmpstr (name_at (slots, 1), ==, "Émile");
  /* A place taken away has nobody in it. */
  g_assert_null (clt_customer_slot_get_customer (third));

  /* More results: places are added after the two kept. */
  g_array_set_size (changes, 0);
  splice (store, 0, 2, (const char *[]) { "Fanny", "Gaspard", "Hugo", "Inès", NULL });
  g_assert_cmpuint (changes->len, ==, 1);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 2);
  g_assert_cmpuint (change->removed, ==, 0);
  g_assert_cmpuint (change->added, ==, 2);
  again = g_list_model_get_item (G_LIST_MODEL (slots), 0);
  g_assert_true (again == first);
  g_clear_object (&again);
  g_assert_cmpuint (first_notified, ==, 2);
  g_assert_cmpstr (name_at (slots, 0), ==, "Fanny");
  g_assert_cmpstr (name_at (slots, 3), ==, "Inès");

  /* A change after the first places leaves them alone. */
  g_array_set_size (changes, 0);
  splice (store, 3, 1, (const char *[]) { "Jules", NULL });
  g_assert_cmpuint (changes->len, ==, 0);
  g_assert_cmpuint (first_notified, ==, 2);
  g_assert_cmpstr (name_at (slots, 3), ==, "Jules");

  /* Nobody left. */
  splice (store, 0, 4, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 0);
  change = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (change->position, ==, 0);
  g_assert_cmpuint (change->removed, ==, 4);
  g_assert_cmpuint (change->added, ==, 0);
  g_assert_null (clt_customer_slot_get_customer (first));
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The search model reads a customer's details, and fetches its next
 * page, when an item is taken from it: a place reads its customer only
 * when asked, or every keystroke would read every page of results. */
static void
test_read_when_asked (CltTestBook   *book,
                      gconstpointer  data)
{
  g_autoptr(CltSearchModel) model = NULL;
  g_autoptr(CltSlotModel) slots = NULL;
  g_autoptr(CltCustomerSlot) slot = NULL;

  for (guint i = 0; i < 3 * CLT_SEARCH_MODEL_PAGE_SIZE; i++)
    {
      g_autofree char *name = g_strdup_printf ("Martin %03u", i);

      clt_test_book_add (book, name);
    }

  model = clt_search_model_new (book->store);
  clt_search_model_set_query (model, "martin");
  slots = clt_slot_model_new (G_LIST_MODEL (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, CLT_SEARCH_MODEL_PAGE_SIZE);

  /* Another search: every place is told, none reads. */
  clt_search_model_set_query (model, "mart");
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, CLT_SEARCH_MODEL_PAGE_SIZE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, CLT_SEARCH_MODEL_PAGE_SIZE);

  /* A row near the end of the page reads its place: the next page comes. */
  slot = g_list_model_get_item (G_LIST_MODEL (slots), CLT_SEARCH_MODEL_PAGE_SIZE - 1);
  g_assert_nonnull (clt_customer_slot_get_customer (slot));
  g_assert_cmpstr (clt_customer_get_display_name (clt_customer_slot_get_customer (slot)), ==, "Martin 049");
  spin ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2 * CLT_SEARCH_MODEL_PAGE_SIZE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 2 * CLT_SEARCH_MODEL_PAGE_SIZE);
  g_assert_cmpstr (name_at (slots, 2 * CLT_SEARCH_MODEL_PAGE_SIZE - 1), ==, "Martin 099");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slot-model/places-stay", test_places_stay);
  g_test_add ("/slot-model/read-when-asked", CltTestBook, NULL,
              clt_test_book_set_up, test_read_when_asked, clt_test_book_tear_down);

  return g_test_run ();
}

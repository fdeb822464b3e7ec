/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clt-test-book.h"

#define NOW ((gint64) 1780000000) /* 2026-05-28 */
#define DAY ((gint64) 86400)

static void
test_order (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltRemember) card = NULL;
  g_autofree char *text = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Mme Hélène Dupré");
  const struct { CltRememberKind kind; const char *text; gboolean overdue; } expected[] = {
    { CLT_REMEMBER_ALERT, "Allergique aux plumes", FALSE },
    { CLT_REMEMBER_ALERT, "Jamais avant 10h", FALSE },
    { CLT_REMEMBER_PROMISE, "Rappeler pour la facture", TRUE },
    { CLT_REMEMBER_PROMISE, "Mettre de côté la robe bleue", FALSE },
    { CLT_REMEMBER_PREFERENCE, "Végétarienne", FALSE },
    { CLT_REMEMBER_PREFERENCE, "Chambre côté cour", FALSE },
    { CLT_REMEMBER_PREFERENCE, "Lit fait à la française", FALSE },
    { CLT_REMEMBER_PREFERENCE, "Aime les fleurs", FALSE },
    { CLT_REMEMBER_NOTE, "Fête ses 60 ans en juin", FALSE },
  };

  /* Added in a jumbled order on purpose. */
  clt_store_add_preference (store, id, "room", "Chambre côté cour", 0, &error);
  clt_store_add_note (store, id, "Venue avec sa sœur", "Marc", FALSE, &error);
  clt_store_add_promise (store, id, "Mettre de côté la robe bleue", "Julie", NOW + 2 * DAY, TRUE, &error);
  clt_store_add_preference (store, id, "health", "Allergique aux plumes", CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  clt_store_add_preference (store, id, NULL, "Aime les fleurs", 0, &error);
  clt_store_add_note (store, id, "Fête ses 60 ans en juin", "Julie", TRUE, &error);
  clt_store_add_promise (store, id, "Rappeler pour la facture", "Marc", NOW - 3 * DAY, FALSE, &error);
  clt_store_add_preference (store, id, "food", "Végétarienne", 0, &error);
  clt_store_add_preference (store, id, NULL, "Jamais avant 10h", CLT_PREFERENCE_ALERT, &error);
  clt_store_add_preference (store, id, "room", "Lit fait à la française", 0, &error);
  clt_store_add_interaction (store, id, CLT_INTERACTION_STAY, NOW - 60 * DAY, FALSE, NULL, "Sophie", &error);
  clt_store_add_interaction (store, id, CLT_INTERACTION_STAY, NOW - 10 * DAY, FALSE, "Chambre 12", "Julie", &error);
  clt_store_add_interaction (store, id, CLT_INTERACTION_CALL, NOW - 20 * DAY, FALSE, NULL, "Marc", &error);
  clt_store_add_interaction (store, id, CLT_INTERACTION_STAY, NOW + 5 * DAY, TRUE, NULL, NULL, &error);
  g_assert_no_error (error);

  card = clt_store_get_remember (store, id, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (card->name, ==, "Hélène Dupré");
  g_assert_cmpuint (card->items->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CltRememberItem *item = g_ptr_array_index (card->items, i);

      g_assert_cmpint (item->kind, ==, expected[i].kind);
      g_assert_cmpstr (item->text, ==, expected[i].text);
      g_assert_cmpint (item->overdue, ==, expected[i].overdue);
    }

  g_assert_true (((CltRememberItem *) g_ptr_array_index (card->items, 0))->sensitive);
  g_assert_cmpuint (clt_remember_count_kind (card, CLT_REMEMBER_PREFERENCE), ==, 4);

  g_assert_cmpint (card->last_contact, ==, NOW - 10 * DAY);
  g_assert_cmpint (card->last_kind, ==, CLT_INTERACTION_STAY);
  g_assert_cmpstr (card->last_by, ==, "Julie");
  g_assert_cmpuint (card->n_contacts, ==, 3);
  g_assert_cmpint (card->next_planned, ==, NOW + 5 * DAY);

  text = clt_remember_to_text (card);
  g_assert_true (strstr (text, "Allergique aux plumes") < strstr (text, "Rappeler pour la facture"));
  g_assert_true (strstr (text, "Rappeler pour la facture") < strstr (text, "Végétarienne"));
  g_assert_true (strstr (text, "Végétarienne") < strstr (text, "Fête ses 60 ans"));
  g_assert_true (strstr (text, "Fête ses 60 ans") < strstr (text, "Julie\n"));
  g_assert_null (strstr (text, "Venue avec sa sœur"));
}

static void
test_empty (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltRemember) card = NULL;
  g_autoptr(CltRemember) missing = NULL;
  g_autofree char *last = NULL;
  gint64 id = clt_test_book_add (book, "Jean Dupont");

  card = clt_store_get_remember (book->store, id, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (card->items->len, ==, 0);
  last = clt_remember_format_last_contact (card);
  g_assert_null (last);

  missing = clt_store_get_remember (book->store, id + 100, NOW, &error);
  g_assert_null (missing);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
}

static void
test_last_contact_column (CltTestBook   *book,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  gint64 id = clt_test_book_add (book, "Loïc Le Goff");
  gint64 visit;

  clt_store_add_interaction (book->store, id, CLT_INTERACTION_VISIT, NOW - DAY, FALSE, NULL, NULL, &error);
  visit = clt_store_add_interaction (book->store, id, CLT_INTERACTION_PURCHASE, NOW, FALSE, NULL, NULL, &error);
  clt_store_add_interaction (book->store, id, CLT_INTERACTION_VISIT, NOW + DAY, TRUE, NULL, NULL, &error);
  g_assert_no_error (error);

  customer = clt_store_get_customer (book->store, id, &error);
  g_assert_cmpint (clt_customer_get_last_contact (customer), ==, NOW);
  g_clear_object (&customer);

  g_assert_true (clt_store_delete_interaction (book->store, visit, &error));
  customer = clt_store_get_customer (book->store, id, &error);
  g_assert_cmpint (clt_customer_get_last_contact (customer), ==, NOW - DAY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, CltTestBook, NULL, clt_test_book_set_up, func, clt_test_book_tear_down)

  ADD ("/remember/order", test_order);
  ADD ("/remember/empty", test_empty);
  ADD ("/remember/last-contact-column", test_last_contact_column);

  return g_test_run ();
}

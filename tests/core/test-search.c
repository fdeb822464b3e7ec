/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "clt-test-book.h"

typedef struct
{
  CltTestBook book;
  gint64      helene;
  gint64      zoe;
  gint64      plume;
  gint64      feathers;
  gint64      jean;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CltStore *store;

  clt_test_book_set_up (&fixture->book, data);
  store = fixture->book.store;

  fixture->helene = clt_test_book_add (&fixture->book, "Mme Hélène Dupré");
  clt_store_add_contact (store, fixture->helene, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78", &error);
  clt_store_add_contact (store, fixture->helene, CLT_CONTACT_EMAIL, NULL, "helene.dupre@orange.fr", &error);
  clt_store_add_preference (store, fixture->helene, "room", "Chambre côté cour", 0, &error);

  fixture->zoe = clt_test_book_add (&fixture->book, "Zoë Martin");
  clt_store_add_contact (store, fixture->zoe, CLT_CONTACT_PHONE, NULL, "06 98 76 54 32", &error);
  clt_store_add_note (store, fixture->zoe, "Préfère les chambres hautes, loin de l'ascenseur", "Julie", FALSE, &error);

  fixture->feathers = clt_test_book_add (&fixture->book, "Anaïs Leroy");
  clt_store_add_preference (store, fixture->feathers, "health", "Allergique aux plumes",
                            CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);

  fixture->plume = clt_test_book_add (&fixture->book, "Jacques Plume");
  fixture->jean = clt_test_book_add (&fixture->book, "Jean-Pierre O'Brien");
  clt_store_add_contact (store, fixture->jean, CLT_CONTACT_EMAIL, NULL, "jp@plumes-et-cie.fr", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clt_test_book_tear_down (&fixture->book, data);
}

/* The ids of the results, best first, all pages. */
static GArray *
search (Fixture    *fixture,
        const char *text)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  clt_search_model_set_query (model, text);
  while (!clt_search_model_get_complete (model))
    {
      g_assert_true (clt_search_model_load_more (model, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(CltCustomer) customer = g_list_model_get_item (G_LIST_MODEL (model), i);
      gint64 id = clt_customer_get_id (customer);

      g_array_append_val (ids, id);
    }

  return ids;
}

static void
assert_finds (Fixture    *fixture,
              const char *text,
              gint64      id)
{
  g_autoptr(GArray) ids = search (fixture, text);

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;

  g_error ("“%s” did not find customer %" G_GINT64_FORMAT " (%u results)", text, id, ids->len);
}

static void
test_names (Fixture       *fixture,
            gconstpointer  data)
{
  const char *helene[] = { "helene", "Hél", "HÉLÈNE", "hel dup", "dupre", "Dupré Hélène", "h", "du" };
  g_autoptr(GArray) zoe = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (helene); i++)
    assert_finds (fixture, helene[i], fixture->helene);

  assert_finds (fixture, "zoe", fixture->zoe);
  assert_finds (fixture, "Zoë", fixture->zoe);
  assert_finds (fixture, "jean-pierre", fixture->jean);
  assert_finds (fixture, "o'brien", fixture->jean);
  assert_finds (fixture, "O’Brien", fixture->jean);
  assert_finds (fixture, "pierre", fixture->jean);

  zoe = search (fixture, "zoe");
  g_assert_cmpuint (zoe->len, ==, 1);
}

static void
test_contacts (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GArray) none = NULL;

  assert_finds (fixture, "0612", fixture->helene);
  assert_finds (fixture, "612345", fixture->helene);
  assert_finds (fixture, "06 12 34", fixture->helene);
  assert_finds (fixture, "+33 6 12", fixture->helene);
  assert_finds (fixture, "5678", fixture->helene);
  assert_finds (fixture, "0698", fixture->zoe);
  assert_finds (fixture, "98 76 54", fixture->zoe);
  assert_finds (fixture, "helene.dupre@orange.fr", fixture->helene);
  assert_finds (fixture, "orange", fixture->helene);

  none = search (fixture, "0699");
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_details (Fixture       *fixture,
              gconstpointer  data)
{
  assert_finds (fixture, "plumes", fixture->feathers);
  assert_finds (fixture, "allergique", fixture->feathers);
  assert_finds (fixture, "cour", fixture->helene);
  assert_finds (fixture, "ascenseur", fixture->zoe);
}

static void
test_ranking (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GArray) ids = search (fixture, "plume");

  /* Name, then contact details, then notes and preferences. */
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->plume);
  g_assert_cmpint (g_array_index (ids, gint64, 1), ==, fixture->jean);
  g_assert_cmpint (g_array_index (ids, gint64, 2), ==, fixture->feathers);
}

static void
test_alphabetical (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *names[] = { "Yves Morel", "Agnès Morin", "Bruno Moreau", "Chloé Mora" };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  const char *expected[] = { "Chloé Mora", "Bruno Moreau", "Yves Morel", "Agnès Morin" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    clt_test_book_add (&fixture->book, names[i]);

  clt_search_model_set_query (model, "mor");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autoptr(CltCustomer) customer = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpstr (clt_customer_get_display_name (customer), ==, expected[i]);
    }

  /* Typing one more letter keeps the same objects, so a list keeps its rows;
   * a change in the book gives fresh ones. */
  {
    g_autoptr(CltCustomer) before = g_list_model_get_item (G_LIST_MODEL (model), 1);
    g_autoptr(CltCustomer) after = NULL;
    g_autoptr(CltCustomer) reloaded = NULL;

    clt_search_model_set_query (model, "more");
    after = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_true (after == before);
    clt_search_model_reload (model);
    reloaded = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_true (reloaded != before);
    g_assert_cmpint (clt_customer_get_id (reloaded), ==, clt_customer_get_id (before));
  }
}

static void
test_syntax_is_text (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *inputs[] = {
    "\"", "\"\"", "NEAR", "NEAR(a b)", "-", "a -b", ":", "name:plume", "{name}:x", "*", "%",
    "'; DROP TABLE customers; --", "AND", "OR NOT", "^hel", "hel*", "(", ")", "+", "\\", "'",
    "SELECT * FROM customers", "\x01\x02", "…", "‘’", "日本",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GArray) ids = search (fixture, inputs[i]);
      (void) ids;
    }

  /* Words inside syntax are still searched. */
  assert_finds (fixture, "\"plume\"", fixture->plume);
  assert_finds (fixture, "plume*", fixture->plume);
  assert_finds (fixture, "-plume:", fixture->plume);
  assert_finds (fixture, "(plume)", fixture->plume);
  g_assert_cmpint (clt_store_count_customers (fixture->book.store), ==, 5);
}

static void
test_index_follows_edits (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) zoe = clt_store_get_customer (fixture->book.store, fixture->zoe, &error);
  g_autoptr(GArray) old_name = NULL;
  g_autoptr(GArray) deleted = NULL;
  gint64 pref;

  clt_customer_set_family_name (zoe, "Lefèvre");
  clt_customer_set_display_name (zoe, "Zoë Lefèvre");
  g_assert_true (clt_store_update_customer (fixture->book.store, zoe, &error));
  g_assert_no_error (error);
  assert_finds (fixture, "lefevre", fixture->zoe);
  old_name = search (fixture, "martin");
  g_assert_cmpuint (old_name->len, ==, 0);

  pref = clt_store_add_preference (fixture->book.store, fixture->zoe, NULL, "Oreiller en mousse", 0, &error);
  g_assert_no_error (error);
  assert_finds (fixture, "mousse", fixture->zoe);
  g_assert_true (clt_store_delete_preference (fixture->book.store, pref, &error));
  g_clear_pointer (&deleted, g_array_unref);
  deleted = search (fixture, "mousse");
  g_assert_cmpuint (deleted->len, ==, 0);

  g_assert_true (clt_store_delete_customer (fixture->book.store, fixture->helene, &error));
  g_clear_pointer (&deleted, g_array_unref);
  deleted = search (fixture, "0612");
  g_assert_cmpuint (deleted->len, ==, 0);
}

static void
test_browse_and_pages (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  GListModel *list = G_LIST_MODEL (model);
  g_autofree char *previous = NULL;
  guint total = CLT_SEARCH_MODEL_PAGE_SIZE * 2 + 7;

  g_assert_true (clt_store_begin (fixture->book.store, &error));
  for (guint i = 0; i < total; i++)
    {
      g_autofree char *name = g_strdup_printf ("Page %03u", (i * 37) % total);
      clt_test_book_add (&fixture->book, name);
    }
  g_assert_true (clt_store_commit (fixture->book.store, &error));

  /* Only the first page is read; more come as the list is scrolled. */
  clt_search_model_set_query (model, "page");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, CLT_SEARCH_MODEL_PAGE_SIZE);
  g_assert_false (clt_search_model_get_complete (model));

  g_object_unref (g_list_model_get_item (list, CLT_SEARCH_MODEL_PAGE_SIZE - 1));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, CLT_SEARCH_MODEL_PAGE_SIZE * 2);

  while (!clt_search_model_get_complete (model))
    g_assert_true (clt_search_model_load_more (model, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, total);

  for (guint i = 0; i < total; i++)
    {
      g_autoptr(CltCustomer) customer = g_list_model_get_item (list, i);
      const char *name = clt_customer_get_display_name (customer);

      if (previous != NULL)
        g_assert_cmpstr (previous, <, name);
      g_free (previous);
      previous = g_strdup (name);
    }

  /* An empty query lists the whole book. */
  clt_search_model_set_query (model, "");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, CLT_SEARCH_MODEL_PAGE_SIZE);
  while (!clt_search_model_get_complete (model))
    g_assert_true (clt_search_model_load_more (model, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, total + 5);
}

/* A window's first frame reads the rows it shows, no more; the pages
 * after that one are whole, and a new search reads a whole one. */
static void
test_first_page_for_rows (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSearchModel) model = NULL;
  GListModel *list;
  guint total = CLT_SEARCH_MODEL_PAGE_SIZE * 2;
  guint first_page_size = 0;

  g_assert_true (clt_store_begin (fixture->book.store, &error));
  for (guint i = 0; i < total; i++)
    {
      g_autofree char *name = g_strdup_printf ("Row %03u", i);
      clt_test_book_add (&fixture->book, name);
    }
  g_assert_true (clt_store_commit (fixture->book.store, &error));

  model = clt_search_model_new_for_rows (fixture->book.store, 17);
  list = G_LIST_MODEL (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 17);
  g_assert_false (clt_search_model_get_complete (model));

  /* Not read behind the window's back while it paints those rows: the
   * next page when asked for, then as the list nears the end. */
  g_object_unref (g_list_model_get_item (list, 16));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 17);
  g_assert_true (clt_search_model_load_more (model, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 17 + CLT_SEARCH_MODEL_PAGE_SIZE);
  g_object_unref (g_list_model_get_item (list, 17 + CLT_SEARCH_MODEL_PAGE_SIZE - 1));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, clt_store_count_customers (fixture->book.store));
  g_object_get (model, "first-page-size", &first_page_size, NULL);
  g_assert_cmpuint (first_page_size, ==, 17);

  clt_search_model_reload (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, CLT_SEARCH_MODEL_PAGE_SIZE);
  clt_search_model_set_query (model, "row");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, CLT_SEARCH_MODEL_PAGE_SIZE);
  clt_search_model_set_query (model, "");
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, CLT_SEARCH_MODEL_PAGE_SIZE);

  /* No number: a whole page. */
  g_clear_object (&model);
  model = clt_search_model_new_for_rows (fixture->book.store, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, CLT_SEARCH_MODEL_PAGE_SIZE);
}

/* Namesakes share the alphabetical part of their search rowid: their
 * order comes from where each is put among the others. */
static void
test_namesakes (Fixture       *fixture,
                gconstpointer  data)
{
  const char *given[] = { "Yann", "Agathe", "Margaux", "Bérénice", "Zacharie", "Lucas", "Emma",
                          "Hugo", "Chloé", "Noah", "Inès", "Louis", "Jade", "Adam", "Léna" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  GListModel *list = G_LIST_MODEL (model);
  g_autofree char *previous = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s Dupont-Aignan", given[i]);
      clt_test_book_add (&fixture->book, name);
    }
  /* In order, as an import sorted by name would come. */
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client%03u Dupont-Aignan", i);
      clt_test_book_add (&fixture->book, name);
    }

  clt_search_model_set_query (model, "dupont aignan");
  while (!clt_search_model_get_complete (model))
    g_assert_true (clt_search_model_load_more (model, &error));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, G_N_ELEMENTS (given) + 200);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(CltCustomer) customer = g_list_model_get_item (list, i);
      g_autofree char *key = clt_text_fold (clt_customer_get_given_name (customer));

      if (previous != NULL)
        g_assert_cmpstr (previous, <, key);
      g_free (previous);
      previous = g_steal_pointer (&key);
    }

  /* Renaming within the group keeps the order and the index whole. */
  {
    g_autoptr(CltCustomer) first = g_list_model_get_item (list, 0);
    g_autoptr(CltCustomer) moved = NULL;
    g_auto(GStrv) problems = NULL;

    clt_customer_set_given_name (first, "Clientèle");
    g_assert_true (clt_store_update_customer (fixture->book.store, first, &error));
    g_assert_no_error (error);
    clt_search_model_set_query (model, "dupont aignan clientele");
    moved = g_list_model_get_item (list, 0);
    g_assert_cmpint (clt_customer_get_id (moved), ==, clt_customer_get_id (first));

    problems = clt_store_check_integrity (fixture->book.store, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (problems[0], ==, NULL);
  }
}

static void
test_summary (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  g_autoptr(CltCustomer) anais = NULL;
  g_autoptr(CltCustomer) helene = NULL;
  g_autofree char *alert_line = NULL;
  g_autofree char *pref_line = NULL;

  clt_search_model_set_query (model, "anais");
  anais = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (clt_customer_get_alert (anais), ==, "Allergique aux plumes");
  alert_line = clt_customer_dup_remember_line (anais);
  g_assert_true (strstr (alert_line, "Allergique aux plumes") != NULL);

  clt_search_model_set_query (model, "helene");
  helene = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_null (clt_customer_get_alert (helene));
  pref_line = clt_customer_dup_remember_line (helene);
  g_assert_cmpstr (pref_line, ==, "Chambre côté cour");
}

/* The first result of @text, as a list shows it: read through get_item(). */
static CltCustomer *
first_result (CltSearchModel *model,
              const char     *text)
{
  clt_search_model_set_query (model, text);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >=, 1);

  return g_list_model_get_item (G_LIST_MODEL (model), 0);
}

/* A search by phone digits says which number it found, as written
 * (finding 25); any other search says none. */
static void
test_matched_phone (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  g_autoptr(GError) error = NULL;
  CltStore *store = fixture->book.store;
  CltCustomer *customer;

  clt_store_add_contact (store, fixture->helene, CLT_CONTACT_PHONE, "bureau", "04 78 12 00 00", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->jean, CLT_CONTACT_EMAIL, NULL, "jp.0478@plumes-et-cie.fr", &error);
  g_assert_no_error (error);

  customer = first_result (model, "0612");
  g_assert_cmpint (clt_customer_get_id (customer), ==, fixture->helene);
  g_assert_cmpstr (clt_customer_get_matched_phone (customer), ==, "+33 6 12 34 56 78");
  g_object_unref (customer);

  /* Not the first number: the one typed. */
  customer = first_result (model, "04 78 12");
  g_assert_cmpint (clt_customer_get_id (customer), ==, fixture->helene);
  g_assert_cmpstr (clt_customer_get_matched_phone (customer), ==, "04 78 12 00 00");
  g_object_unref (customer);

  /* The same customer, found by name: no number is said to match. */
  customer = first_result (model, "helene");
  g_assert_cmpint (clt_customer_get_id (customer), ==, fixture->helene);
  g_assert_null (clt_customer_get_matched_phone (customer));
  g_object_unref (customer);

  /* Found by digits in an e-mail address: no phone matched. */
  clt_search_model_set_query (model, "0478");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      customer = g_list_model_get_item (G_LIST_MODEL (model), i);
      if (clt_customer_get_id (customer) == fixture->jean)
        g_assert_null (clt_customer_get_matched_phone (customer));
      else
        g_assert_cmpstr (clt_customer_get_matched_phone (customer), ==, "04 78 12 00 00");
      g_object_unref (customer);
    }

  customer = first_result (model, "+33 6 12");
  g_assert_cmpstr (clt_customer_get_matched_phone (customer), ==, "+33 6 12 34 56 78");
  g_object_unref (customer);
  customer = first_result (model, "0698");
  g_assert_cmpint (clt_customer_get_id (customer), ==, fixture->zoe);
  g_assert_cmpstr (clt_customer_get_matched_phone (customer), ==, "06 98 76 54 32");
  g_object_unref (customer);
}

static gboolean
contains (GArray *ids,
          gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

/* Any run of three digits or more of a number finds it, once, wherever
 * it sits in the number and however the number was written; fewer digits
 * only at its start. */
static void
test_phone_runs (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CltStore *store = fixture->book.store;
  const struct { const char *query; gint64 *expected; } cases[] = {
    { "5678", &fixture->helene },          /* the end */
    { "34 56", &fixture->helene },         /* the middle, spaced */
    { "0612", &fixture->helene },          /* the national form */
    { "+33 6 12 34", &fixture->helene },   /* the international form */
    { "765", &fixture->zoe },
    { "06 98 76 54 32", &fixture->zoe },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) ids = search (fixture, cases[i].query);

      g_test_message ("%s", cases[i].query);
      g_assert_cmpuint (ids->len, ==, 1);
      g_assert_cmpint (g_array_index (ids, gint64, 0), ==, *cases[i].expected);
    }

  {
    g_autoptr(GArray) end = search (fixture, "32");
    g_autoptr(GArray) none = search (fixture, "999");

    g_assert_false (contains (end, fixture->zoe));
    g_assert_cmpuint (none->len, ==, 0);
  }

  /* Found by a phone and by an e-mail address: listed once, phone first. */
  clt_store_add_contact (store, fixture->jean, CLT_CONTACT_PHONE, NULL, "01 45 67 89 00", &error);
  clt_store_add_contact (store, fixture->jean, CLT_CONTACT_EMAIL, NULL, "jp.6789@example.fr", &error);
  clt_store_add_contact (store, fixture->zoe, CLT_CONTACT_EMAIL, NULL, "zoe.6789@example.fr", &error);
  g_assert_no_error (error);
  {
    g_autoptr(GArray) ids = search (fixture, "6789");

    g_assert_cmpuint (ids->len, ==, 2);
    g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->jean);
    g_assert_cmpint (g_array_index (ids, gint64, 1), ==, fixture->zoe);
  }

  /* The index follows a changed number, a renamed customer (whose place
   * in the book moves) and a deleted one. */
  {
    g_autoptr(GPtrArray) contacts = clt_store_list_contacts (store, fixture->zoe, &error);
    g_autoptr(GArray) old_number = NULL;
    g_autoptr(GArray) new_number = NULL;
    g_autoptr(GArray) renamed = NULL;
    g_autoptr(GArray) deleted = NULL;
    g_autoptr(CltCustomer) zoe = clt_store_get_customer (store, fixture->zoe, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < contacts->len; i++)
      {
        CltContact *contact = g_ptr_array_index (contacts, i);

        if (contact->kind == CLT_CONTACT_PHONE)
          g_assert_true (clt_store_update_contact (store, CLT_CONTACT_PHONE, contact->id, NULL, "07 11 22 33 44", &error));
      }
    old_number = search (fixture, "765");
    new_number = search (fixture, "112233");
    g_assert_cmpuint (old_number->len, ==, 0);
    g_assert_cmpuint (new_number->len, ==, 1);

    clt_customer_set_given_name (zoe, "Aaron");
    clt_customer_set_family_name (zoe, "Abadie");
    clt_customer_set_display_name (zoe, "Aaron Abadie");
    g_assert_true (clt_store_update_customer (store, zoe, &error));
    g_assert_no_error (error);
    renamed = search (fixture, "112233");
    g_assert_cmpuint (renamed->len, ==, 1);
    g_assert_cmpint (g_array_index (renamed, gint64, 0), ==, fixture->zoe);

    g_assert_true (clt_store_delete_customer (store, fixture->zoe, &error));
    deleted = search (fixture, "112233");
    g_assert_cmpuint (deleted->len, ==, 0);
  }
}

/* A book made before the phone index gets one when it is opened. */
static void
test_phone_index_migration (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  sqlite3 *db;

  g_clear_object (&fixture->book.store);
  g_assert_cmpint (sqlite3_open (fixture->book.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, CLT_TEST_BOOK_UNDO_SYNC_SQL "DELETE FROM phone_search; PRAGMA user_version = 10;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  fixture->book.store = clt_store_open (fixture->book.path, &error);
  g_assert_no_error (error);
  ids = search (fixture, "3456");
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, fixture->helene);
}

/* A possible duplicate by phone: the same end of the number, in any form. */
static void
test_phone_duplicates (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *same[] = { "06 12 34 56 78", NULL };
  const char *middle[] = { "12 34 56", NULL };
  g_autoptr(GPtrArray) found = clt_store_find_duplicates (fixture->book.store, NULL, NULL, same, &error);
  g_autoptr(GPtrArray) none = clt_store_find_duplicates (fixture->book.store, NULL, NULL, middle, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((CltDuplicate *) g_ptr_array_index (found, 0))->customer_id, ==, fixture->helene);
  g_assert_cmpuint (none->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/search/names", test_names);
  ADD ("/search/contacts", test_contacts);
  ADD ("/search/details", test_details);
  ADD ("/search/ranking", test_ranking);
  ADD ("/search/alphabetical", test_alphabetical);
  ADD ("/search/syntax-is-text", test_syntax_is_text);
  ADD ("/search/index-follows-edits", test_index_follows_edits);
  ADD ("/search/browse-and-pages", test_browse_and_pages);
  ADD ("/search/first-page-for-rows", test_first_page_for_rows);
  ADD ("/search/namesakes", test_namesakes);
  ADD ("/search/summary", test_summary);
  ADD ("/search/matched-phone", test_matched_phone);
  ADD ("/search/phone-runs", test_phone_runs);
  ADD ("/search/phone-index-migration", test_phone_index_migration);
  ADD ("/search/phone-duplicates", test_phone_duplicates);

  return g_test_run ();
}

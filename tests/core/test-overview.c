/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clt-test-book.h"

/* What GNOME Shell's search provider shows (src/core/clt-overview.c): the
 * customers of the window's own search, in its order, and a line of their
 * card with nothing sensitive in it. */

#define NOW ((gint64) 1780000000) /* 2026-05-28 */

typedef struct
{
  CltTestBook book;
  gint64      helene;
  gint64      helene_martin;
  gint64      marc;
  gint64      plume;
  gint64      feathers;
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
  fixture->helene_martin = clt_test_book_add (&fixture->book, "Hélène Martin");
  fixture->marc = clt_test_book_add (&fixture->book, "Marc Dupré");
  fixture->feathers = clt_test_book_add (&fixture->book, "Anaïs Leroy");
  clt_store_add_preference (store, fixture->feathers, NULL, "Allergique aux plumes", CLT_PREFERENCE_ALERT, &error);
  fixture->plume = clt_test_book_add (&fixture->book, "Jacques Plume");
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clt_test_book_tear_down (&fixture->book, data);
}

/* The ids clt_overview_search() gives for @terms, as text: "1 3". */
static char *
overview (Fixture           *fixture,
          const char * const *terms,
          guint               limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = clt_overview_search (fixture->book.store, terms, limit, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (ids);
  for (guint i = 0; i < ids->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "", g_array_index (ids, gint64, i));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The same, from the window's own model, all pages. */
static char *
window_search (Fixture    *fixture,
               const char *query,
               guint       limit)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  clt_search_model_set_query (model, query);
  while (!clt_search_model_get_complete (model))
    {
      g_assert_true (clt_search_model_load_more (model, &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < MIN (limit, g_list_model_get_n_items (G_LIST_MODEL (model))); i++)
    {
      g_autoptr(CltCustomer) customer = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "", clt_customer_get_id (customer));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
ids_text (gint64 first,
          ...)
{
  g_autoptr(GString) text = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (gint64 id = first; id != 0; id = va_arg (args, gint64))
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, text->len > 0 ? " " : "", id);
  va_end (args);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
test_terms (Fixture       *fixture,
            gconstpointer  data)
{
  const char *helene[] = { "helene", NULL };
  const char *both[] = { "helene", "dupre", NULL };
  const char *reversed[] = { "DUPRÉ", "Hél", NULL };
  const char *none[] = { "helene", "plume", NULL };
  const char *phone[] = { "0612", NULL };
  const char *spaced_phone[] = { "06", "12", "34", NULL };
  const char *plume[] = { "plume", NULL };
  g_autofree char *expected_helene = ids_text (fixture->helene, fixture->helene_martin, (gint64) 0);
  g_autofree char *expected_one = ids_text (fixture->helene, (gint64) 0);
  g_autofree char *expected_plume = ids_text (fixture->plume, fixture->feathers, (gint64) 0);
  g_autofree char *found = NULL;

  /* Folded: "helene" finds "Hélène", in the window's order. */
  found = overview (fixture, helene, 20);
  g_assert_cmpstr (found, ==, expected_helene);
  g_clear_pointer (&found, g_free);

  /* Every term must match, in any order, any case, any accent. */
  found = overview (fixture, both, 20);
  g_assert_cmpstr (found, ==, expected_one);
  g_clear_pointer (&found, g_free);
  found = overview (fixture, reversed, 20);
  g_assert_cmpstr (found, ==, expected_one);
  g_clear_pointer (&found, g_free);
  found = overview (fixture, none, 20);
  g_assert_cmpstr (found, ==, "");
  g_clear_pointer (&found, g_free);

  /* A phone, whole or as the overview splits it at its spaces. */
  found = overview (fixture, phone, 20);
  g_assert_cmpstr (found, ==, expected_one);
  g_clear_pointer (&found, g_free);
  found = overview (fixture, spaced_phone, 20);
  g_assert_cmpstr (found, ==, expected_one);
  g_clear_pointer (&found, g_free);

  /* The window's tiers: the name before the alert that mentions it. */
  found = overview (fixture, plume, 20);
  g_assert_cmpstr (found, ==, expected_plume);
  g_clear_pointer (&found, g_free);

  found = overview (fixture, helene, 1);
  g_assert_cmpstr (found, ==, "1");
}

static void
test_nothing_typed (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *empty[] = { NULL };
  const char *blank[] = { " ", "\t", NULL };
  const char *helene[] = { "helene", NULL };
  g_autofree char *found_empty = overview (fixture, empty, 20);
  g_autofree char *found_blank = overview (fixture, blank, 20);
  g_autofree char *found_zero = overview (fixture, helene, 0);

  /* Not the whole book. */
  g_assert_cmpstr (found_empty, ==, "");
  g_assert_cmpstr (found_blank, ==, "");
  g_assert_cmpstr (found_zero, ==, "");
}

/* Beyond the model's first page (CLT_SEARCH_MODEL_PAGE_SIZE), the same
 * customers in the same order as the window; the trashed one nowhere. */
static void
test_same_as_window (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *durand[] = { "durand", NULL };
  g_autofree char *found = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *trashed_id = NULL;
  g_auto(GStrv) words = NULL;
  gint64 trashed = 0;

  for (guint i = 0; i < CLT_SEARCH_MODEL_PAGE_SIZE + 10; i++)
    {
      /* Added out of alphabetical order. */
      g_autofree char *name = g_strdup_printf ("Durand %c%02u", 'Z' - (i % 26), i);
      gint64 id = clt_test_book_add (&fixture->book, name);

      if (i == 7)
        trashed = id;
    }
  g_assert_true (clt_store_trash_customer (fixture->book.store, trashed, &error));
  g_assert_no_error (error);

  found = overview (fixture, durand, CLT_SEARCH_MODEL_PAGE_SIZE + 5);
  expected = window_search (fixture, "durand", CLT_SEARCH_MODEL_PAGE_SIZE + 5);
  g_assert_cmpstr (found, ==, expected);
  words = g_strsplit (found, " ", -1);
  g_assert_cmpuint (g_strv_length (words), ==, CLT_SEARCH_MODEL_PAGE_SIZE + 5);
  trashed_id = g_strdup_printf ("%" G_GINT64_FORMAT, trashed);
  g_assert_false (g_strv_contains ((const char * const *) words, trashed_id));

  g_clear_pointer (&found, g_free);
  g_clear_pointer (&expected, g_free);
  found = overview (fixture, durand, 20);
  expected = window_search (fixture, "durand", 20);
  g_assert_cmpstr (found, ==, expected);
}

static char *
describe (Fixture *fixture,
          gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltRemember) card = clt_store_get_remember_bounded (fixture->book.store, id, NOW, 10, &error);

  g_assert_no_error (error);
  g_assert_nonnull (card);
  return clt_overview_describe (card);
}

static void
test_describe (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CltStore *store = fixture->book.store;
  gint64 sensitive_alert = clt_test_book_add (&fixture->book, "Paul Sensible");
  gint64 layout = clt_test_book_add (&fixture->book, "Jeanne Lignes");
  g_autofree char *feathers = NULL;
  g_autofree char *hidden = NULL;
  g_autofree char *preferences = NULL;
  g_autofree char *lines = NULL;
  g_autofree char *nothing = NULL;

  /* The first alert is sensitive: only that there is one. */
  clt_store_add_preference (store, sensitive_alert, "health", "Diabétique", CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  clt_store_add_preference (store, sensitive_alert, NULL, "Paie toujours en liquide", CLT_PREFERENCE_ALERT, &error);
  /* Preferences: the first three of the card, the sensitive one left out. */
  clt_store_add_preference (store, fixture->marc, "room", "Chambre côté cour", 0, &error);
  clt_store_add_preference (store, fixture->marc, "health", "Sans gluten", CLT_PREFERENCE_SENSITIVE, &error);
  clt_store_add_preference (store, fixture->marc, "food", "Café sans sucre", 0, &error);
  clt_store_add_preference (store, fixture->marc, NULL, "Aime les fleurs", 0, &error);
  clt_store_add_preference (store, fixture->marc, NULL, "Journal du matin", 0, &error);
  clt_store_add_preference (store, layout, NULL, "Appeler\n  avant\tde venir ", CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);

  feathers = describe (fixture, fixture->feathers);
  g_assert_cmpstr (feathers, ==, "Alert: Allergique aux plumes");
  hidden = describe (fixture, sensitive_alert);
  g_assert_cmpstr (hidden, ==, "Alert");
  preferences = describe (fixture, fixture->marc);
  g_assert_cmpstr (preferences, ==, "Café sans sucre · Chambre côté cour · Aime les fleurs");
  lines = describe (fixture, layout);
  g_assert_cmpstr (lines, ==, "Alert: Appeler avant de venir");
  nothing = describe (fixture, fixture->plume);
  g_assert_cmpstr (nothing, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/overview/terms", test_terms);
  ADD ("/overview/nothing-typed", test_nothing_typed);
  ADD ("/overview/same-as-window", test_same_as_window);
  ADD ("/overview/describe", test_describe);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clt-schedule.h"
#include "clt-test-book.h"

/* The desk's order: customers expected or seen today who match come
 * first, then the tiers in book order without them. */

#define N_NAMESAKES 70   /* more than a page */

typedef struct
{
  CltTestBook book;
  GArray     *martins;     /* ids in book order */
  gint64      day_start;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gint64 day_end;

  clt_test_book_set_up (&fixture->book, data);
  fixture->martins = g_array_new (FALSE, FALSE, sizeof (gint64));
  clt_schedule_day_bounds (tz, g_get_real_time () / G_USEC_PER_SEC, 1, &fixture->day_start, &day_end);

  /* "Aaa Martin", "Aab Martin"…: book order is the order they are made. */
  for (guint i = 0; i < N_NAMESAKES; i++)
    {
      g_autofree char *name = g_strdup_printf ("%c%c%c Martin", 'A' + i / 26 / 26, 'a' + i / 26 % 26,
                                               'a' + i % 26);
      gint64 id = clt_test_book_add (&fixture->book, name);

      g_array_append_val (fixture->martins, id);
    }
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_array_unref (fixture->martins);
  clt_test_book_tear_down (&fixture->book, data);
}

static gint64
martin (Fixture *fixture,
        guint    i)
{
  return g_array_index (fixture->martins, gint64, i);
}

static void
log_contact (Fixture *fixture,
             gint64   customer_id,
             gint64   at,
             gboolean planned)
{
  g_autoptr(GError) error = NULL;

  clt_store_add_interaction (fixture->book.store, customer_id,
                             planned ? CLT_INTERACTION_VISIT : CLT_INTERACTION_CALL,
                             at, planned, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* All pages of results: ids, and each one's reason (NULL: none). */
static GArray *
search (Fixture     *fixture,
        const char  *text,
        GPtrArray  **reasons)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  *reasons = g_ptr_array_new_with_free_func (g_free);
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
      g_ptr_array_add (*reasons, g_strdup (clt_customer_get_desk_reason (customer)));
    }

  return ids;
}

static void
test_today_first (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 day = fixture->day_start;
  gint64 other;
  const gint64 first[] = { martin (fixture, 60), martin (fixture, 3), martin (fixture, 40),
                           martin (fixture, 55), martin (fixture, 9) };
  const char * const why[] = { "Expected today at 10:00", "Expected today at 15:30",
                               "Expected today at 15:30", "Seen today at 00:02",
                               "Seen today at 00:01" };

  /* Two at 15:30: book order. Expected and seen: expected. */
  log_contact (fixture, martin (fixture, 40), day + 15 * 3600 + 1800, TRUE);
  log_contact (fixture, martin (fixture, 3), day + 15 * 3600 + 1800, TRUE);
  log_contact (fixture, martin (fixture, 3), day + 60, FALSE);
  log_contact (fixture, martin (fixture, 60), day + 10 * 3600, TRUE);
  log_contact (fixture, martin (fixture, 60), day + 17 * 3600, TRUE);
  /* Seen: the latest first. */
  log_contact (fixture, martin (fixture, 9), day + 60, FALSE);
  log_contact (fixture, martin (fixture, 55), day + 120, FALSE);
  /* Not today: not lifted. */
  log_contact (fixture, martin (fixture, 20), day + 24 * 3600 + 10 * 3600, TRUE);
  log_contact (fixture, martin (fixture, 30), day - 3600, FALSE);
  log_contact (fixture, martin (fixture, 31), day - 3600, TRUE);
  /* Today, but another name: not found. */
  other = clt_test_book_add (&fixture->book, "Zoé Dupré");
  log_contact (fixture, other, day + 11 * 3600, TRUE);

  ids = search (fixture, "martin", &reasons);
  g_assert_cmpuint (ids->len, ==, N_NAMESAKES);
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    {
      g_assert_cmpint (g_array_index (ids, gint64, i), ==, first[i]);
      g_assert_cmpstr (g_ptr_array_index (reasons, i), ==, why[i]);
    }

  /* Then the book in its order, across pages, without them. */
  for (guint i = 0; i < N_NAMESAKES; i++)
    {
      gboolean lifted = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (first); j++)
        lifted = lifted || first[j] == martin (fixture, i);
      if (!lifted)
        g_array_append_val (rest, g_array_index (fixture->martins, gint64, i));
    }
  for (guint i = 0; i < rest->len; i++)
    {
      g_assert_cmpint (g_array_index (ids, gint64, G_N_ELEMENTS (first) + i), ==,
                       g_array_index (rest, gint64, i));
      g_assert_null (g_ptr_array_index (reasons, G_N_ELEMENTS (first) + i));
    }

  /* Found by another tier, by a prefix, by the same model twice. */
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&reasons, g_ptr_array_unref);
  ids = search (fixture, "mar", &reasons);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, martin (fixture, 60));
  g_assert_cmpuint (ids->len, ==, N_NAMESAKES);

  /* Browsing the book is in book order. */
  g_clear_pointer (&ids, g_array_unref);
  g_clear_pointer (&reasons, g_ptr_array_unref);
  ids = search (fixture, "", &reasons);
  g_assert_cmpuint (ids->len, ==, N_NAMESAKES + 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, other);  /* Dupré */
  for (guint i = 0; i < N_NAMESAKES; i++)
    {
      g_assert_cmpint (g_array_index (ids, gint64, i + 1), ==, martin (fixture, i));
      g_assert_null (g_ptr_array_index (reasons, i + 1));
    }
}

/* What was logged after the first search counts at the next keystroke;
 * the same customer object found by a tier loses its reason. */
static void
test_follows_the_book (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  g_autoptr(CltCustomer) first = NULL;
  g_autoptr(CltCustomer) again = NULL;
  g_autoptr(GError) error = NULL;
  gint64 visit;

  clt_search_model_set_query (model, "mart");
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (clt_customer_get_id (first), ==, martin (fixture, 0));
  g_assert_null (clt_customer_get_desk_reason (first));
  g_clear_object (&first);

  visit = clt_store_add_interaction (fixture->book.store, martin (fixture, 42), CLT_INTERACTION_STAY,
                                     fixture->day_start + 9 * 3600, TRUE, NULL, NULL, &error);
  g_assert_no_error (error);
  clt_search_model_set_query (model, "martin");
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (clt_customer_get_id (first), ==, martin (fixture, 42));
  g_assert_cmpstr (clt_customer_get_desk_reason (first), ==, "Expected today at 09:00");

  /* Arrived at 09:05: seen, no longer expected. */
  g_assert_true (clt_store_mark_arrived (fixture->book.store, visit, fixture->day_start + 9 * 3600 + 300,
                                         NULL, &error));
  g_assert_no_error (error);
  clt_search_model_set_query (model, "marti");
  again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_true (again == first);
  g_assert_cmpstr (clt_customer_get_desk_reason (again), ==, "Seen today at 09:05");
  g_clear_object (&again);

  /* Deleted: not listed at all. */
  g_assert_true (clt_store_trash_customer (fixture->book.store, martin (fixture, 42), &error));
  g_assert_no_error (error);
  clt_search_model_set_query (model, "martin");
  again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (clt_customer_get_id (again), ==, martin (fixture, 0));
  g_assert_null (clt_customer_get_desk_reason (again));
}

/* The copy of today's customers is made when the window asks, a moment
 * after a write, not at the next search: that search finds it fresh. */
static void
test_prepare (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (fixture->book.store);
  g_autoptr(CltCustomer) first = NULL;
  g_autoptr(GError) error = NULL;

  log_contact (fixture, martin (fixture, 7), fixture->day_start + 10 * 3600, TRUE);

  clt_test_reset_counted ();
  g_assert_true (clt_search_model_prepare (model, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clt_test_counted_messages (), ==, 1);

  /* Fresh: neither asking again nor searching copies anything. */
  g_assert_true (clt_search_model_prepare (model, &error));
  clt_search_model_set_query (model, "martin");
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpint (clt_customer_get_id (first), ==, martin (fixture, 7));
  g_assert_cmpstr (clt_customer_get_desk_reason (first), ==, "Expected today at 10:00");
  g_assert_cmpuint (clt_test_counted_messages (), ==, 1);

  /* After a write, the next search copies again. */
  log_contact (fixture, martin (fixture, 8), fixture->day_start + 11 * 3600, TRUE);
  clt_search_model_set_query (model, "mart");
  g_assert_cmpuint (clt_test_counted_messages (), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* The desk's copies, counted by their debug message. */
  clt_test_count_messages ("Copying today's customers");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/search-desk/today-first", test_today_first);
  ADD ("/search-desk/follows-the-book", test_follows_the_book);
  ADD ("/search-desk/prepare", test_prepare);

  return g_test_run ();
}

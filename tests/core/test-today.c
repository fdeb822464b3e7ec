/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clt-test-book.h"

#define DAY ((gint64) 86400)

static void
test_briefing (CltTestBook   *book,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltToday) today = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) local_now = NULL;
  g_autoptr(CltCustomer) birthday = clt_customer_new ("Gaëlle Morvan");
  g_autofree char *text = NULL;
  g_autofree char *date = NULL;
  CltStore *store = book->store;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 helene = clt_test_book_add (book, "Hélène Dupré");
  gint64 zoe = clt_test_book_add (book, "Zoë Martin");
  gint64 day_start, day_end;

  clt_schedule_day_bounds (tz, now, 1, &day_start, &day_end);
  local_now = g_date_time_new_now (tz);
  date = g_date_time_format (local_now, "1980-%m-%d");
  clt_customer_set_birthday (birthday, date);
  clt_store_add_customer (store, birthday, &error);

  clt_store_add_preference (store, helene, NULL, "Allergique aux plumes", CLT_PREFERENCE_ALERT, &error);
  clt_store_add_promise (store, helene, "Envoyer la facture", "Marc", now - 2 * DAY, TRUE, &error);
  clt_store_add_promise (store, zoe, "Rappeler avant midi", NULL, day_end - 1, TRUE, &error);
  clt_store_add_promise (store, zoe, "Robe bleue arrivée", "Julie", day_end + 2 * DAY, TRUE, &error);
  clt_store_add_promise (store, zoe, "Dans un mois", NULL, now + 30 * DAY, TRUE, &error);
  clt_store_add_interaction (store, helene, CLT_INTERACTION_STAY, day_end - 60, TRUE, "Chambre 12", NULL, &error);
  clt_store_add_interaction (store, zoe, CLT_INTERACTION_VISIT, day_end + DAY, TRUE, NULL, NULL, &error);
  g_assert_no_error (error);

  today = clt_store_get_today (store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (today->overdue->len, ==, 1);
  g_assert_cmpuint (today->due_today->len, ==, 1);
  g_assert_cmpuint (today->upcoming->len, ==, 1);
  g_assert_cmpuint (today->expected->len, ==, 1);
  g_assert_cmpuint (today->birthdays->len, ==, 1);
  g_assert_cmpint (((CltTodayPerson *) today->birthdays->pdata[0])->age, ==, g_date_time_get_year (local_now) - 1980);
  g_assert_cmpstr (((CltTodayPerson *) today->expected->pdata[0])->alert, ==, "Allergique aux plumes");
  g_assert_cmpstr (clt_today_alert_for (today, helene), ==, "Allergique aux plumes");
  g_assert_null (clt_today_alert_for (today, zoe));

  text = clt_today_to_text (today);
  g_assert_nonnull (strstr (text, "Envoyer la facture"));
  g_assert_true (strstr (text, "Envoyer la facture") < strstr (text, "Rappeler avant midi"));
  g_assert_true (strstr (text, "Rappeler avant midi") < strstr (text, "Chambre 12"));
  g_assert_true (strstr (text, "Chambre 12") < strstr (text, "Robe bleue"));
  g_assert_true (strstr (text, "Robe bleue") < strstr (text, "Gaëlle Morvan"));
  g_assert_null (strstr (text, "Dans un mois"));
}

static void
test_empty (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltToday) today = clt_store_get_today (book->store, g_get_real_time () / G_USEC_PER_SEC, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_true (clt_today_is_empty (today));
  text = clt_today_to_text (today);
  g_assert_nonnull (strstr (text, "Nothing promised"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, CltTestBook, NULL, clt_test_book_set_up, func, clt_test_book_tear_down)

  ADD ("/today/briefing", test_briefing);
  ADD ("/today/empty", test_empty);

  return g_test_run ();
}

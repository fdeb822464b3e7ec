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

static const CltBriefingLine *
line_at (GPtrArray *lines,
         guint      i)
{
  g_assert_cmpuint (i, <, lines->len);
  return g_ptr_array_index (lines, i);
}

/* The printed briefing: the business and the time at the top, bold
 * section titles, each item with the customer's phone, the alert under it,
 * and the file it is saved as. */
static void
test_printed (CltTestBook   *book,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltToday) today = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) bare = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) noon = NULL;
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;
  g_autofree char *expected_name = NULL;
  gint64 helene = clt_test_book_add (book, "Hélène Dupré");
  gint64 zoe = clt_test_book_add (book, "Zoë Martin");
  gint64 day_start, day_end, now;

  /* Today at 09:00, local time. */
  noon = g_date_time_new_now (tz);
  clt_schedule_day_bounds (tz, g_date_time_to_unix (noon), 1, &day_start, &day_end);
  now = day_start + 9 * 3600;

  clt_store_add_contact (book->store, helene, CLT_CONTACT_PHONE, NULL, "06 12 34 56 78", &error);
  clt_store_add_contact (book->store, helene, CLT_CONTACT_PHONE, NULL, "01 40 00 00 00", &error);
  clt_store_add_preference (book->store, helene, NULL, "Allergique aux plumes", CLT_PREFERENCE_ALERT, &error);
  clt_store_add_promise (book->store, helene, "Rappeler pour la chambre", NULL, now + 3600, FALSE, &error);
  clt_store_add_promise (book->store, zoe, "Robe bleue arrivée", NULL, now + 7200, FALSE, &error);
  g_assert_no_error (error);

  today = clt_store_get_today (book->store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_today_phone_for (today, helene), ==, "06 12 34 56 78");
  g_assert_null (clt_today_phone_for (today, zoe));

  lines = clt_briefing_lines (today, "Hôtel des Flots", now + 42 * 60);
  g_assert_cmpuint (lines->len, ==, 7);
  g_assert_cmpint (line_at (lines, 0)->kind, ==, CLT_BRIEFING_TITLE);
  title = g_strdup (line_at (lines, 0)->text);
  g_assert_true (g_str_has_prefix (title, "Today, "));
  g_assert_cmpint (line_at (lines, 1)->kind, ==, CLT_BRIEFING_HEADER);
  g_assert_cmpstr (line_at (lines, 1)->text, ==, "Hôtel des Flots");
  g_assert_cmpint (line_at (lines, 2)->kind, ==, CLT_BRIEFING_HEADER);
  g_assert_cmpstr (line_at (lines, 2)->text, ==, "Printed at 09:42");
  g_assert_cmpint (line_at (lines, 3)->kind, ==, CLT_BRIEFING_SECTION);
  g_assert_cmpstr (line_at (lines, 3)->text, ==, "Due today");
  g_assert_cmpint (line_at (lines, 4)->kind, ==, CLT_BRIEFING_ITEM);
  g_assert_cmpstr (line_at (lines, 4)->text, ==, "10:00  Hélène Dupré — Rappeler pour la chambre");
  g_assert_cmpstr (line_at (lines, 4)->phone, ==, "06 12 34 56 78");
  g_assert_cmpint (line_at (lines, 5)->kind, ==, CLT_BRIEFING_ALERT);
  g_assert_cmpstr (line_at (lines, 5)->text, ==, "Alert: Allergique aux plumes");
  g_assert_cmpint (line_at (lines, 6)->kind, ==, CLT_BRIEFING_ITEM);
  g_assert_cmpstr (line_at (lines, 6)->text, ==, "11:00  Zoë Martin — Robe bleue arrivée");
  g_assert_null (line_at (lines, 6)->phone);

  /* Without a business name, the time alone. */
  bare = clt_briefing_lines (today, "", now);
  g_assert_cmpint (line_at (bare, 1)->kind, ==, CLT_BRIEFING_HEADER);
  g_assert_cmpstr (line_at (bare, 1)->text, ==, "Printed at 09:00");
  g_assert_cmpint (line_at (bare, 2)->kind, ==, CLT_BRIEFING_SECTION);

  name = clt_briefing_base_name (today);
  expected_name = g_date_time_format (noon, "Morning Briefing %Y-%m-%d");
  g_assert_cmpstr (name, ==, expected_name);
}

/* A briefing read a page at a time is the whole one, in the same order,
 * with the same alerts; the totals are known from the first page. */
static void
test_pages (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltToday) whole = NULL;
  g_autoptr(CltToday) first = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) local_now = g_date_time_new_now (tz);
  g_autofree char *text = NULL;
  CltStore *store = book->store;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client %02d", i);
      g_autofree char *what = g_strdup_printf ("Promesse %02d", i);
      gint64 id = clt_test_book_add (book, name);

      if (i % 7 == 0)
        clt_store_add_preference (store, id, NULL, "Allergique", CLT_PREFERENCE_ALERT, &error);
      /* Some due at the same second: the id breaks the tie. */
      clt_store_add_promise (store, id, what, NULL, now - DAY - (30 - i) / 2 * 60, FALSE, &error);
      g_assert_no_error (error);
    }
  /* Birthdays on the sixth day, then today: read in the week's order. */
  for (int i = 0; i < 4; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (local_now, i < 2 ? 5 : 0);
      g_autofree char *date = g_date_time_format (day, i % 2 ? "--%m-%d" : "1990-%m-%d");
      g_autofree char *name = g_strdup_printf ("Anniversaire %d", i);
      g_autoptr(CltCustomer) customer = clt_customer_new (name);

      clt_customer_set_birthday (customer, date);
      clt_store_add_customer (store, customer, &error);
      g_assert_no_error (error);
    }

  whole = clt_store_get_today (store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole->overdue->len, ==, 30);
  g_assert_cmpuint (whole->birthdays->len, ==, 4);
  g_assert_cmpstr (((CltTodayPerson *) whole->birthdays->pdata[0])->name, ==, "Anniversaire 2");
  g_assert_cmpint (((CltTodayPerson *) whole->birthdays->pdata[0])->age,
                   ==, g_date_time_get_year (local_now) - 1990);
  g_assert_cmpint (((CltTodayPerson *) whole->birthdays->pdata[1])->age, ==, 0);
  g_assert_cmpstr (((CltTodayPerson *) whole->birthdays->pdata[3])->name, ==, "Anniversaire 1");

  first = clt_store_get_today_first (store, now, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->overdue->len, ==, 4);
  g_assert_cmpuint (first->birthdays->len, ==, 4);
  g_assert_cmpuint (clt_today_get_total (first, CLT_TODAY_OVERDUE), ==, 30);
  g_assert_cmpuint (clt_today_get_total (first, CLT_TODAY_BIRTHDAYS), ==, 4);
  g_assert_cmpuint (clt_today_get_total (first, CLT_TODAY_DUE_TODAY), ==, 0);
  g_assert_false (clt_today_is_empty (first));

  text = clt_today_to_text (first);
  g_assert_nonnull (strstr (text, "Promesse 03"));
  g_assert_null (strstr (text, "Promesse 04"));
  g_assert_nonnull (strstr (text, "… and 26 more"));

  /* Pages of 8: the last one is short, past the end there is nothing. */
  for (guint offset = 0; offset < 40; offset += 8)
    {
      g_assert_true (clt_store_get_today_page (store, first, CLT_TODAY_OVERDUE, offset, 8, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (first->overdue->len, ==, offset < 24 ? 8 : offset < 32 ? 6 : 0);
      for (guint i = 0; i < first->overdue->len; i++)
        g_assert_cmpint (((CltPromise *) first->overdue->pdata[i])->id, ==,
                         ((CltPromise *) whole->overdue->pdata[offset + i])->id);
    }
  g_assert_true (clt_store_get_today_page (store, first, CLT_TODAY_BIRTHDAYS, 2, 8, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (first->birthdays->len, ==, 2);
  g_assert_cmpstr (((CltTodayPerson *) first->birthdays->pdata[1])->name, ==, "Anniversaire 1");
  g_assert_true (clt_store_get_today_page (store, first, CLT_TODAY_OVERDUE, 0, 30, &error));
  g_assert_cmpuint (first->overdue->len, ==, 30);

  for (guint i = 0; i < 30; i++)
    {
      CltPromise *a = whole->overdue->pdata[i];
      CltPromise *b = first->overdue->pdata[i];
      g_autofree char *expected = g_strdup_printf ("Promesse %02u", i);

      g_assert_cmpstr (a->text, ==, expected);
      g_assert_cmpint (a->id, ==, b->id);
      g_assert_cmpstr (clt_today_alert_for (whole, a->customer_id), ==, clt_today_alert_for (first, b->customer_id));
      g_assert_cmpstr (clt_today_alert_for (first, b->customer_id), ==, i % 7 == 0 ? "Allergique" : NULL);
    }
}

static gint64
local_noon (int year,
            int month,
            int day)
{
  g_autoptr(GDateTime) noon = g_date_time_new_local (year, month, day, 12, 0, 0);

  return g_date_time_to_unix (noon);
}

/* Born on 29 February: their birthday is on the 28th in other years, in
 * the order of the week's days and with their age; on the 29th in leap
 * years, and never twice. */
static void
test_leap_birthday (CltTestBook   *book,
                    gconstpointer  data)
{
  static const struct { const char *name; const char *birthday; } people[] = {
    { "Ana Leap", "1988-02-29" },
    { "Bruno Noyear", "--02-29" },
    { "Chloé Twentyeighth", "1990-02-28" },
    { "Denis First", "1991-03-01" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltToday) plain = NULL;
  g_autoptr(CltToday) leap = NULL;
  CltTodayPerson *person;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(CltCustomer) customer = clt_customer_new (people[i].name);

      clt_customer_set_birthday (customer, people[i].birthday);
      clt_store_add_customer (book->store, customer, &error);
      g_assert_no_error (error);
    }

  /* 2027 has no 29 February: the week from the 26th. */
  plain = clt_store_get_today (book->store, local_noon (2027, 2, 26), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plain->birthdays->len, ==, 4);
  g_assert_cmpuint (plain->totals[CLT_TODAY_BIRTHDAYS], ==, 4);
  person = plain->birthdays->pdata[0];
  g_assert_cmpstr (person->name, ==, "Ana Leap");
  g_assert_cmpint (person->age, ==, 39);
  g_assert_cmpint (person->when / 86400, ==, local_noon (2027, 2, 28) / 86400);
  person = plain->birthdays->pdata[1];
  g_assert_cmpstr (person->name, ==, "Bruno Noyear");
  g_assert_cmpint (person->when / 86400, ==, local_noon (2027, 2, 28) / 86400);
  g_assert_cmpstr (((CltTodayPerson *) plain->birthdays->pdata[2])->name, ==, "Chloé Twentyeighth");
  person = plain->birthdays->pdata[3];
  g_assert_cmpstr (person->name, ==, "Denis First");
  g_assert_cmpint (person->when / 86400, ==, local_noon (2027, 3, 1) / 86400);

  /* 2028 has one: the 29th, after those of the 28th. */
  leap = clt_store_get_today (book->store, local_noon (2028, 2, 26), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (leap->birthdays->len, ==, 4);
  g_assert_cmpstr (((CltTodayPerson *) leap->birthdays->pdata[0])->name, ==, "Chloé Twentyeighth");
  person = leap->birthdays->pdata[1];
  g_assert_cmpstr (person->name, ==, "Ana Leap");
  g_assert_cmpint (person->age, ==, 40);
  g_assert_cmpint (person->when / 86400, ==, local_noon (2028, 2, 29) / 86400);
  g_assert_cmpstr (((CltTodayPerson *) leap->birthdays->pdata[2])->name, ==, "Bruno Noyear");
}

/* Someone expected came: the planned stay becomes a stay made now, of the
 * same kind, with its note; it leaves Today's "Expected" and counts as
 * the customer's last contact. Undo plans it again, at its time. */
static void
test_arrived (CltTestBook   *book,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltToday) before = NULL;
  g_autoptr(CltToday) after = NULL;
  g_autoptr(CltToday) undone = NULL;
  g_autoptr(CltInteraction) made = NULL;
  g_autoptr(CltInteraction) planned = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  CltStore *store = book->store;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 helene = clt_test_book_add (book, "Hélène Dupré");
  gint64 day_start, day_end, id, planned_at = 0;
  CltTodayPerson *person;

  clt_schedule_day_bounds (tz, now, 1, &day_start, &day_end);
  id = clt_store_add_interaction (store, helene, CLT_INTERACTION_STAY, day_end - 60, TRUE,
                                  "Chambre 12", "Marc", &error);
  g_assert_no_error (error);

  before = clt_store_get_today (store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (before->expected->len, ==, 1);
  person = before->expected->pdata[0];
  g_assert_cmpint (person->interaction_id, ==, id);

  g_assert_true (clt_store_mark_arrived (store, id, now, &planned_at, &error));
  g_assert_no_error (error);
  g_assert_cmpint (planned_at, ==, day_end - 60);

  made = clt_store_get_interaction (store, id, &error);
  g_assert_no_error (error);
  g_assert_false (made->planned);
  g_assert_cmpint (made->at, ==, now);
  g_assert_cmpint (made->kind, ==, CLT_INTERACTION_STAY);
  g_assert_cmpstr (made->note, ==, "Chambre 12");
  g_assert_cmpstr (made->staff, ==, "Marc");
  customer = clt_store_get_customer (store, helene, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_customer_get_last_contact (customer), ==, now);

  after = clt_store_get_today (store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->expected->len, ==, 0);
  g_assert_cmpuint (after->totals[CLT_TODAY_EXPECTED], ==, 0);

  /* Twice is a mistake the person is told about. */
  g_assert_false (clt_store_mark_arrived (store, id, now, NULL, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_store_mark_arrived (store, id + 100, now, NULL, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (clt_store_unmark_arrived (store, id, planned_at, &error));
  g_assert_no_error (error);
  planned = clt_store_get_interaction (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (planned->planned);
  g_assert_cmpint (planned->at, ==, day_end - 60);
  undone = clt_store_get_today (store, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (undone->expected->len, ==, 1);
  g_assert_cmpint (((CltTodayPerson *) undone->expected->pdata[0])->interaction_id, ==, id);
  g_clear_object (&customer);
  customer = clt_store_get_customer (store, helene, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_customer_get_last_contact (customer), ==, 0);

  g_assert_false (clt_store_unmark_arrived (store, id, planned_at, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
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
  ADD ("/today/printed", test_printed);
  ADD ("/today/pages", test_pages);
  ADD ("/today/leap-birthday", test_leap_birthday);
  ADD ("/today/arrived", test_arrived);

  return g_test_run ();
}

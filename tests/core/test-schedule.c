/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clt-schedule.h"

static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) time = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (time);
}

/* A 9 o'clock reminder is 9 o'clock on the wall on both sides of each
 * daylight-saving change. */
static void
test_morning_across_dst (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GTimeZone) montreal = g_time_zone_new_identifier ("America/Montreal");
  const struct { GTimeZone *tz; int y, m, d; gint64 expected; } cases[] = {
    /* Paris: clocks go forward on 29 March 2026, back on 25 October. */
    { paris, 2026, 3, 28, utc (2026, 3, 28, 8, 0) },
    { paris, 2026, 3, 29, utc (2026, 3, 29, 7, 0) },
    { paris, 2026, 3, 30, utc (2026, 3, 30, 7, 0) },
    { paris, 2026, 10, 24, utc (2026, 10, 24, 7, 0) },
    { paris, 2026, 10, 25, utc (2026, 10, 25, 8, 0) },
    { paris, 2026, 10, 26, utc (2026, 10, 26, 8, 0) },
    /* Montreal: forward on 8 March 2026, back on 1 November. */
    { montreal, 2026, 3, 7, utc (2026, 3, 7, 14, 0) },
    { montreal, 2026, 3, 8, utc (2026, 3, 8, 13, 0) },
    { montreal, 2026, 3, 9, utc (2026, 3, 9, 13, 0) },
    { montreal, 2026, 10, 31, utc (2026, 10, 31, 13, 0) },
    { montreal, 2026, 11, 1, utc (2026, 11, 1, 14, 0) },
    { montreal, 2026, 11, 2, utc (2026, 11, 2, 14, 0) },
  };

  g_assert_nonnull (paris);
  g_assert_nonnull (montreal);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 due = clt_schedule_due (cases[i].tz, cases[i].y, cases[i].m, cases[i].d, 0, 0, TRUE);
      gint64 remind = clt_schedule_default_remind (cases[i].tz, due, TRUE);

      g_assert_cmpint (remind, ==, cases[i].expected);
    }
}

static void
test_due (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GTimeZone) montreal = g_time_zone_new_identifier ("America/Montreal");

  /* A day's promise is due at the end of that day, whatever its length. */
  g_assert_cmpint (clt_schedule_due (paris, 2026, 3, 29, 0, 0, TRUE), ==, utc (2026, 3, 29, 22, 0) - 1);
  g_assert_cmpint (clt_schedule_due (paris, 2026, 10, 25, 0, 0, TRUE), ==, utc (2026, 10, 25, 23, 0) - 1);
  g_assert_cmpint (clt_schedule_due (montreal, 2026, 11, 1, 0, 0, TRUE), ==, utc (2026, 11, 2, 5, 0) - 1);
  g_assert_cmpint (clt_schedule_due (paris, 2026, 12, 31, 0, 0, TRUE), ==, utc (2026, 12, 31, 23, 0) - 1);

  /* At a time: that time on the wall. */
  g_assert_cmpint (clt_schedule_due (paris, 2026, 7, 14, 15, 30, FALSE), ==, utc (2026, 7, 14, 13, 30));
  g_assert_cmpint (clt_schedule_due (montreal, 2026, 1, 5, 10, 0, FALSE), ==, utc (2026, 1, 5, 15, 0));

  /* Impossible dates. */
  g_assert_cmpint (clt_schedule_due (paris, 2026, 2, 30, 0, 0, TRUE), ==, 0);
  g_assert_cmpint (clt_schedule_due (paris, 2026, 13, 1, 0, 0, TRUE), ==, 0);
  g_assert_cmpint (clt_schedule_due (paris, 2026, 5, 1, 24, 0, FALSE), ==, 0);
}

static void
test_gap_and_overlap (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  gint64 skipped = clt_schedule_local_time (paris, 2026, 3, 29, 2, 30);
  gint64 twice = clt_schedule_local_time (paris, 2026, 10, 25, 2, 30);

  /* 02:30 never happens on 29 March: the time lands past the gap. */
  g_assert_cmpint (skipped, >=, utc (2026, 3, 29, 1, 0));
  g_assert_cmpint (skipped, <=, utc (2026, 3, 29, 1, 30));
  /* 02:30 happens twice on 25 October: the first. */
  g_assert_cmpint (twice, ==, utc (2026, 10, 25, 0, 30));
}

static void
test_remind_before_early_promise (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  gint64 early = clt_schedule_due (paris, 2026, 6, 2, 8, 30, FALSE);
  gint64 late = clt_schedule_due (paris, 2026, 6, 2, 17, 0, FALSE);

  g_assert_cmpint (clt_schedule_default_remind (paris, early, FALSE), ==, early - 3600);
  g_assert_cmpint (clt_schedule_default_remind (paris, late, FALSE), ==, utc (2026, 6, 2, 7, 0));
}

static void
test_snooze (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  gint64 evening = utc (2026, 3, 28, 19, 0); /* 20:00 CET, the night before the change */

  g_assert_cmpint (clt_schedule_snooze (paris, evening, CLT_SNOOZE_ONE_HOUR), ==, evening + 3600);
  g_assert_cmpint (clt_schedule_snooze (paris, evening, CLT_SNOOZE_TOMORROW), ==, utc (2026, 3, 29, 7, 0));
}

static void
test_is_due_once (void)
{
  gint64 remind = 1000000;

  g_assert_false (clt_schedule_is_due (0, 0, remind));
  g_assert_false (clt_schedule_is_due (remind, 0, remind - 1));
  g_assert_true (clt_schedule_is_due (remind, 0, remind));
  /* Missed while not running: caught up later, once. */
  g_assert_true (clt_schedule_is_due (remind, 0, remind + 86400));
  g_assert_false (clt_schedule_is_due (remind, remind + 86400, remind + 2 * 86400));
  /* Snoozed past the time it fired: fires again, once. */
  g_assert_false (clt_schedule_is_due (remind + 3600, remind, remind + 1800));
  g_assert_true (clt_schedule_is_due (remind + 3600, remind, remind + 3600));
  g_assert_false (clt_schedule_is_due (remind + 3600, remind + 3600, remind + 7200));
}

static void
test_next_wakeup (void)
{
  const gint64 times[] = { 50, 300, 120, 0, 90 };

  g_assert_cmpint (clt_schedule_next_wakeup (times, G_N_ELEMENTS (times), 100), ==, 120);
  g_assert_cmpint (clt_schedule_next_wakeup (times, G_N_ELEMENTS (times), 300), ==, 0);
  g_assert_cmpint (clt_schedule_next_wakeup (NULL, 0, 0), ==, 0);
}

static void
test_parse (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  gint64 time = 0;
  gboolean all_day = FALSE;
  const char *bad[] = { "", "tomorrow", "2026-02-30", "2026-13-01", "2026-05-01T25:00", "2026-05-01X10:00",
                        "2026-05-01T10:00junk", "26-5-1" };

  g_assert_true (clt_schedule_parse (paris, "2026-05-01", &time, &all_day));
  g_assert_true (all_day);
  g_assert_cmpint (time, ==, utc (2026, 5, 1, 22, 0) - 1);
  g_assert_true (clt_schedule_parse (paris, "2026-05-01T10:15", &time, &all_day));
  g_assert_false (all_day);
  g_assert_cmpint (time, ==, utc (2026, 5, 1, 8, 15));
  g_assert_true (clt_schedule_parse (paris, "2026-05-01 10:15", &time, &all_day));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (clt_schedule_parse (paris, bad[i], &time, &all_day));
}

static void
test_day_bounds (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  gint64 start, end;

  /* The day of the change is 23 hours long. */
  clt_schedule_day_bounds (paris, utc (2026, 3, 29, 12, 0), 1, &start, &end);
  g_assert_cmpint (start, ==, utc (2026, 3, 28, 23, 0));
  g_assert_cmpint (end, ==, utc (2026, 3, 29, 22, 0));

  clt_schedule_day_bounds (paris, utc (2026, 3, 28, 23, 30), 7, &start, &end);
  g_assert_cmpint (start, ==, utc (2026, 3, 28, 23, 0));
  g_assert_cmpint (end, ==, utc (2026, 4, 4, 22, 0));
}

/* The days the book can keep, in the zones furthest from UTC too: the
 * last one ends before GLib's dates do, the first starts after the unix
 * epoch (0 is "none"). "9999-12-31" was due at -1 (F12). */
static void
test_range (void)
{
  g_autoptr(GTimeZone) paris = g_time_zone_new_identifier ("Europe/Paris");
  g_autoptr(GTimeZone) kiritimati = g_time_zone_new_identifier ("Pacific/Kiritimati");
  g_autoptr(GTimeZone) baker = g_time_zone_new_identifier ("Etc/GMT+12");
  GTimeZone *zones[] = { paris, kiritimati, baker };
  const char *outside[] = { "9999-12-31", "9999-01-01", "1970-01-01", "1970-12-31T23:59", "0001-01-01" };
  gint64 time = 0;
  gboolean all_day = FALSE;

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_assert_nonnull (zones[z]);

      for (guint i = 0; i < G_N_ELEMENTS (outside); i++)
        g_assert_false (clt_schedule_parse (zones[z], outside[i], &time, &all_day));

      g_assert_true (clt_schedule_parse (zones[z], "9998-12-31", &time, &all_day));
      g_assert_true (clt_schedule_time_in_range (time));
      g_assert_cmpint (time, >, utc (9998, 12, 30, 0, 0));
      g_assert_true (clt_schedule_time_in_range (clt_schedule_default_remind (zones[z], time, TRUE)));
      g_assert_true (clt_schedule_parse (zones[z], "1971-01-01T00:00", &time, &all_day));
      g_assert_true (clt_schedule_time_in_range (time));
    }

  g_assert_true (clt_schedule_parse (paris, "9998-12-31", &time, &all_day));
  g_assert_cmpint (time, ==, utc (9998, 12, 31, 23, 0) - 1);
  g_assert_false (clt_schedule_time_in_range (-1));
  g_assert_false (clt_schedule_time_in_range (0));
  g_assert_false (clt_schedule_time_in_range (utc (9999, 12, 31, 0, 0)));
  g_assert_true (clt_schedule_is_out_of_range ("9999-12-31"));
  g_assert_true (clt_schedule_is_out_of_range ("1970-06-01T10:00"));
  g_assert_false (clt_schedule_is_out_of_range ("9998-12-31"));
  g_assert_false (clt_schedule_is_out_of_range ("2026-02-30"));
  g_assert_false (clt_schedule_is_out_of_range ("tomorrow"));
  g_assert_false (clt_schedule_is_out_of_range ("999"));
  g_assert_false (clt_schedule_is_out_of_range (NULL));
  g_assert_nonnull (strstr (clt_schedule_range_message (), "1 January 1971"));
  g_assert_nonnull (strstr (clt_schedule_range_message (), "31 December 9998"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schedule/morning-across-dst", test_morning_across_dst);
  g_test_add_func ("/schedule/due", test_due);
  g_test_add_func ("/schedule/gap-and-overlap", test_gap_and_overlap);
  g_test_add_func ("/schedule/remind-before-early-promise", test_remind_before_early_promise);
  g_test_add_func ("/schedule/snooze", test_snooze);
  g_test_add_func ("/schedule/is-due-once", test_is_due_once);
  g_test_add_func ("/schedule/next-wakeup", test_next_wakeup);
  g_test_add_func ("/schedule/parse", test_parse);
  g_test_add_func ("/schedule/day-bounds", test_day_bounds);
  g_test_add_func ("/schedule/range", test_range);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "clt-core.h"
#include "clt-date-input.h"

/* Dates and times as people type them, in the orders of France, Québec,
 * Switzerland, the United States and Britain. Each test sets LC_ALL (the
 * month names are converted from the locale's character set) and skips
 * when the locale is not installed (`locale -a`; Debian's locales-all). */

static gboolean
use_locale (const char *name)
{
  if (setlocale (LC_ALL, name) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("locale %s is not installed", name);

      g_test_skip (message);
      return FALSE;
    }

  return TRUE;
}

static GDate
day (int d,
     int m,
     int y)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  return date;
}

/* @text read as a date is @d/@m/@y, or refused when @d is 0. */
static void
check_date (const char *text,
            int         d,
            int         m,
            int         y)
{
  GDate today = day (5, 12, 2026);
  GDate date;
  gboolean ok = clt_date_input_parse_date (text, &today, &date);

  if (d == 0)
    {
      if (ok)
        g_error ("“%s” read as %d/%d/%d, expected refused", text,
                 g_date_get_day (&date), g_date_get_month (&date), g_date_get_year (&date));
      return;
    }
  if (!ok)
    g_error ("“%s” refused, expected %d/%d/%d", text, d, m, y);
  g_assert_cmpint (g_date_get_day (&date), ==, d);
  g_assert_cmpint (g_date_get_month (&date), ==, m);
  g_assert_cmpint (g_date_get_year (&date), ==, y);
}

static void
check_date_time (const char *text,
                 int         d,
                 int         m,
                 int         y,
                 int         hour,
                 int         minute)
{
  GDate today = day (5, 12, 2026);
  GDate date;
  int h = -1, min = -1;
  gboolean has_time;

  if (!clt_date_input_parse_date_time (text, &today, &date, &h, &min, &has_time))
    g_error ("“%s” refused", text);
  g_assert_cmpint (g_date_get_day (&date), ==, d);
  g_assert_cmpint (g_date_get_month (&date), ==, m);
  g_assert_cmpint (g_date_get_year (&date), ==, y);
  g_assert_cmpint (has_time, ==, hour >= 0);
  if (hour >= 0)
    {
      g_assert_cmpint (h, ==, hour);
      g_assert_cmpint (min, ==, minute);
    }
}

static void
check_birthday (const char *text,
                const char *expected)
{
  g_autofree char *birthday = clt_date_input_parse_birthday (text);

  g_assert_cmpstr (birthday, ==, expected);
}

static void
test_french (void)
{
  GDate date = day (6, 12, 2026);
  g_autofree char *shown = NULL;
  g_autofree char *birthday = NULL;

  if (!use_locale ("fr_FR.UTF-8"))
    return;

  g_assert_cmpint (clt_date_input_order (), ==, CLT_DATE_ORDER_DMY);
  check_date ("06/12/2026", 6, 12, 2026);
  check_date ("6/12/2026", 6, 12, 2026);
  check_date ("6 déc. 2026", 6, 12, 2026);
  check_date ("6 DÉC 2026", 6, 12, 2026);
  check_date ("6 décembre 2026", 6, 12, 2026);
  check_date ("1er mars 2027", 1, 3, 2027);
  check_date ("6 décembre", 6, 12, 2026);
  check_date ("14 juil.", 14, 7, 2026);
  check_date ("6/12", 6, 12, 2026);
  check_date ("06/12/26", 6, 12, 2026);
  check_date ("2026-12-06", 6, 12, 2026);
  /* "aujourd’hui" and "demain" come with the translation; English works
   * everywhere. */
  check_date ("Today", 5, 12, 2026);
  check_date ("tomorrow", 6, 12, 2026);
  check_date ("31/12/2026", 31, 12, 2026);
  check_date ("31/06/2026", 0, 0, 0);
  check_date ("3 jui 2026", 0, 0, 0);   /* juin or juillet */

  check_date_time ("06/12/2026 15h30", 6, 12, 2026, 15, 30);
  check_date_time ("06/12/2026 15 h 30", 6, 12, 2026, 15, 30);
  check_date_time ("06/12/2026 à 15h", 6, 12, 2026, 15, 0);
  check_date_time ("06/12/2026 15:00", 6, 12, 2026, 15, 0);
  check_date_time ("6 déc. 2026, 9h05", 6, 12, 2026, 9, 5);
  check_date_time ("tomorrow 10h", 6, 12, 2026, 10, 0);
  check_date_time ("2026-12-06T15:30", 6, 12, 2026, 15, 30);
  check_date_time ("2026-12-06 15:30", 6, 12, 2026, 15, 30);
  check_date_time ("06/12/2026", 6, 12, 2026, -1, 0);

  shown = clt_date_input_format_date (&date);
  g_assert_cmpstr (shown, ==, "06/12/2026");
  g_clear_pointer (&shown, g_free);
  /* No words for AM and PM in French: the 24-hour clock. */
  shown = clt_date_input_format_time (15, 30, TRUE);
  g_assert_cmpstr (shown, ==, "15:30");

  check_birthday ("6/12", "--12-06");
  check_birthday ("6 déc.", "--12-06");
  check_birthday ("6 décembre", "--12-06");
  check_birthday ("06/12/1980", "1980-12-06");
  check_birthday ("6 déc. 1980", "1980-12-06");
  check_birthday ("06/12/80", "1980-12-06");
  check_birthday ("1980-12-06", "1980-12-06");
  check_birthday ("--12-06", "--12-06");
  check_birthday ("29/02", "--02-29");
  check_birthday ("29/02/1988", "1988-02-29");
  check_birthday ("29/02/1989", NULL);
  check_birthday ("30/02", NULL);
  check_birthday ("06/12/2999", NULL);

  birthday = clt_date_input_format_birthday ("--12-06");
  g_assert_cmpstr (birthday, ==, "6 décembre");
  g_clear_pointer (&birthday, g_free);
  birthday = clt_date_input_format_birthday ("1980-12-06");
  g_assert_cmpstr (birthday, ==, "06/12/1980");
}

static void
test_quebec (void)
{
  GDate date = day (6, 12, 2026);
  g_autofree char *shown = NULL;

  if (!use_locale ("fr_CA.UTF-8"))
    return;

  g_assert_cmpint (clt_date_input_order (), ==, CLT_DATE_ORDER_YMD);
  check_date ("2026-12-06", 6, 12, 2026);
  check_date ("26-12-06", 6, 12, 2026);
  check_date ("06/12/2026", 6, 12, 2026);
  check_date ("6 déc. 2026", 6, 12, 2026);
  check_date ("12-06", 6, 12, 2026);
  check_date_time ("2026-12-06 15 h 30", 6, 12, 2026, 15, 30);
  shown = clt_date_input_format_date (&date);
  g_assert_cmpstr (shown, ==, "2026-12-06");
  check_birthday ("12-06", "--12-06");
  check_birthday ("6 décembre", "--12-06");
}

static void
test_swiss (void)
{
  GDate date = day (6, 12, 2026);
  g_autofree char *shown = NULL;

  if (!use_locale ("fr_CH.UTF-8"))
    return;

  g_assert_cmpint (clt_date_input_order (), ==, CLT_DATE_ORDER_DMY);
  check_date ("06.12.2026", 6, 12, 2026);
  check_date ("6.12.26", 6, 12, 2026);
  check_date ("06. 12. 2026", 6, 12, 2026);
  check_date_time ("06.12.2026 15:30", 6, 12, 2026, 15, 30);
  shown = clt_date_input_format_date (&date);
  g_assert_cmpstr (shown, ==, "06.12.2026");
  check_birthday ("6.12.", "--12-06");
}

static void
test_english (void)
{
  GDate date = day (6, 12, 2026);
  g_autofree char *shown = NULL;

  if (!use_locale ("en_US.UTF-8"))
    return;

  g_assert_cmpint (clt_date_input_order (), ==, CLT_DATE_ORDER_MDY);
  check_date ("12/06/2026", 6, 12, 2026);
  check_date ("Dec 6, 2026", 6, 12, 2026);
  check_date ("December 6", 6, 12, 2026);
  check_date ("6 Dec 2026", 6, 12, 2026);
  check_date ("today", 5, 12, 2026);
  check_date ("tomorrow", 6, 12, 2026);
  check_date_time ("12/06/2026 3:30 pm", 6, 12, 2026, 15, 30);
  check_date_time ("12/06/2026 3pm", 6, 12, 2026, 15, 0);
  check_date_time ("12/06/2026 12 a.m.", 6, 12, 2026, 0, 0);
  check_date_time ("12/06/2026 at 15:30", 6, 12, 2026, 15, 30);
  shown = clt_date_input_format_date (&date);
  g_assert_cmpstr (shown, ==, "12/06/2026");
  g_clear_pointer (&shown, g_free);
  shown = clt_date_input_format_time (15, 30, TRUE);
  g_assert_cmpstr (shown, ==, "3:30 PM");
  g_clear_pointer (&shown, g_free);
  shown = clt_date_input_format_time (0, 15, TRUE);
  g_assert_cmpstr (shown, ==, "12:15 AM");
  g_clear_pointer (&shown, g_free);
  shown = clt_date_input_format_time (15, 30, FALSE);
  g_assert_cmpstr (shown, ==, "15:30");
  g_clear_pointer (&shown, g_free);
  /* 6/12 is 12 June in the United States. */
  check_birthday ("6/12", "--06-12");
  check_birthday ("12/6/1980", "1980-12-06");
  shown = clt_date_input_format_birthday ("--12-06");
  g_assert_cmpstr (shown, ==, "December 6");

  if (!use_locale ("en_GB.UTF-8"))
    return;
  g_assert_cmpint (clt_date_input_order (), ==, CLT_DATE_ORDER_DMY);
  check_date ("06/12/2026", 6, 12, 2026);
  check_date ("6 December 2026", 6, 12, 2026);
  check_birthday ("6/12", "--12-06");
  g_clear_pointer (&shown, g_free);
  shown = clt_date_input_format_date (&date);
  g_assert_cmpstr (shown, ==, "06/12/2026");
}

static void
test_times (void)
{
  static const struct { const char *text; int hour; int minute; } times[] = {
    { "15h30", 15, 30 }, { "15 h 30", 15, 30 }, { "15h", 15, 0 }, { "15 H", 15, 0 },
    { "15:30", 15, 30 }, { "9:05", 9, 5 }, { "3:30 pm", 15, 30 }, { "3pm", 15, 0 },
    { "3 PM", 15, 0 }, { "12 pm", 12, 0 }, { "12am", 0, 0 }, { "15", 15, 0 },
    { "0h00", 0, 0 }, { "23:59", 23, 59 }, { "15.30", 15, 30 },
    { "24:00", -1, 0 }, { "15:60", -1, 0 }, { "13 pm", -1, 0 }, { "15:", -1, 0 },
    { "quinze heures", -1, 0 }, { "", -1, 0 }, { "1530", -1, 0 }, { "15h30h", -1, 0 },
  };

  if (!use_locale ("fr_FR.UTF-8"))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      int hour = -1, minute = -1;
      gboolean ok = clt_date_input_parse_time (times[i].text, &hour, &minute);

      if (ok != (times[i].hour >= 0))
        g_error ("“%s”: %s", times[i].text, ok ? "accepted" : "refused");
      if (ok)
        {
          g_assert_cmpint (hour, ==, times[i].hour);
          g_assert_cmpint (minute, ==, times[i].minute);
        }
    }
}

/* Text that is no date is refused, whatever the locale. */
static void
test_garbage (void)
{
  static const char * const garbage[] = {
    "", "   ", "hier soir", "06/13/2026", "32/12/2026", "0/12/2026", "6/0/2026",
    "06/12/2026/1", "12345", "2026", "06122026", "6 déc. 20266", "6 décembre mars",
    "6 xyz 2026", "06/12/2026 25h", "06/12/2026 quinze", "Robert'); DROP TABLE",
    "\xff\xfe", "6", "06/12/206",
  };
  GDate today = day (5, 12, 2026);

  if (!use_locale ("fr_FR.UTF-8"))
    return;

  for (guint i = 0; i < G_N_ELEMENTS (garbage); i++)
    {
      GDate date;
      g_autofree char *birthday = clt_date_input_parse_birthday (garbage[i]);
      int hour, minute;
      gboolean has_time;

      if (clt_date_input_parse_date_time (garbage[i], &today, &date, &hour, &minute, &has_time))
        g_error ("“%s” read as a date", garbage[i]);
      if (birthday != NULL)
        g_error ("“%s” read as the birthday %s", garbage[i], birthday);
    }

  g_assert_false (clt_date_input_parse_date (NULL, NULL, &(GDate) { 0 }));
  g_assert_null (clt_date_input_parse_birthday (NULL));
}

/* The command line keeps its strict ISO forms. */
static void
test_command_line_strict (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  gint64 time;
  gboolean all_day;

  if (!use_locale ("fr_FR.UTF-8"))
    return;

  g_assert_true (clt_schedule_parse (tz, "2026-12-06", &time, &all_day));
  g_assert_false (clt_schedule_parse (tz, "06/12/2026", &time, &all_day));
  g_assert_false (clt_schedule_parse (tz, "2026-12-06 15h30", &time, &all_day));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date-input/french", test_french);
  g_test_add_func ("/date-input/quebec", test_quebec);
  g_test_add_func ("/date-input/swiss", test_swiss);
  g_test_add_func ("/date-input/english", test_english);
  g_test_add_func ("/date-input/times", test_times);
  g_test_add_func ("/date-input/garbage", test_garbage);
  g_test_add_func ("/date-input/command-line-strict", test_command_line_strict);

  return g_test_run ();
}

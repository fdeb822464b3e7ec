/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-schedule"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-schedule.h"

/* clt_schedule_local_time() for any day GLib can represent. */
static gint64
local_time (GTimeZone *tz,
            int        year,
            int        month,
            int        day,
            int        hour,
            int        minute)
{
  g_autoptr(GDateTime) local = NULL;

  if (!g_date_valid_dmy (day, month, year) || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return 0;

  /* GLib moves a time in a gap past it, and takes the second of a time
   * that happens twice: a reminder should rather come the first time. */
  local = g_date_time_new (tz, year, month, day, hour, minute, 0);
  if (local == NULL)
    return 0;

  for (int shift = 1800; shift <= 7200; shift += 1800)
    {
      g_autoptr(GDateTime) earlier = g_date_time_add_seconds (local, -shift);

      if (g_date_time_get_utc_offset (earlier) != g_date_time_get_utc_offset (local) &&
          g_date_time_get_day_of_month (earlier) == day &&
          g_date_time_get_hour (earlier) == hour &&
          g_date_time_get_minute (earlier) == minute)
        return g_date_time_to_unix (earlier);
    }

  return g_date_time_to_unix (local);
}

/**
 * clt_schedule_local_time:
 *
 * The moment a wall clock in @tz shows the given day and time. A time that
 * does not exist (skipped when clocks go forward) is moved past the gap; a
 * time that happens twice (when clocks go back) is the first one.
 *
 * Returns: unix seconds, or 0 for an impossible date or one the book cannot
 *   keep (see clt_schedule_range_message())
 */
gint64
clt_schedule_local_time (GTimeZone *tz,
                         int        year,
                         int        month,
                         int        day,
                         int        hour,
                         int        minute)
{
  g_return_val_if_fail (tz != NULL, 0);

  if (year < CLT_SCHEDULE_FIRST_YEAR || year > CLT_SCHEDULE_LAST_YEAR)
    return 0;

  return local_time (tz, year, month, day, hour, minute);
}

/**
 * clt_schedule_time_in_range:
 *
 * Whether the book can keep @time: a moment of a day between
 * %CLT_SCHEDULE_FIRST_YEAR and %CLT_SCHEDULE_LAST_YEAR somewhere.
 */
gboolean
clt_schedule_time_in_range (gint64 time)
{
  return time >= CLT_SCHEDULE_MIN_TIME && time <= CLT_SCHEDULE_MAX_TIME;
}

/**
 * clt_schedule_range_message:
 *
 * Returns: what to tell a person who gave a date the book cannot keep
 */
const char *
clt_schedule_range_message (void)
{
  return _("The customer book keeps dates from 1 January 1971 to 31 December 9998: "
           "choose a date in that range.");
}

/**
 * clt_schedule_is_out_of_range:
 * @text: a date as typed, `YYYY-MM-DD…`
 *
 * Whether @text is written as a date but in a year the book does not keep,
 * to say so (clt_schedule_range_message()) rather than "not a date".
 */
gboolean
clt_schedule_is_out_of_range (const char *text)
{
  int year;

  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < 4; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  if (text[4] != '-')
    return FALSE;

  year = (int) g_ascii_strtoll (text, NULL, 10);
  return year < CLT_SCHEDULE_FIRST_YEAR || year > CLT_SCHEDULE_LAST_YEAR;
}

/**
 * clt_schedule_due:
 * @all_day: a promise for a day rather than a time
 *
 * When a promise falls due: at the given time, or for a day, at the end of
 * that day (so that "Friday" is overdue on Saturday, not on Friday morning).
 */
gint64
clt_schedule_due (GTimeZone *tz,
                  int        year,
                  int        month,
                  int        day,
                  int        hour,
                  int        minute,
                  gboolean   all_day)
{
  if (all_day)
    {
      gint64 start = clt_schedule_local_time (tz, year, month, day, 0, 0);
      GDate next;

      if (start == 0)
        return 0;

      /* The day after the last one kept still ends it. */
      g_date_set_dmy (&next, day, month, year);
      g_date_add_days (&next, 1);
      return local_time (tz, g_date_get_year (&next), g_date_get_month (&next),
                         g_date_get_day (&next), 0, 0) - 1;
    }

  return clt_schedule_local_time (tz, year, month, day, hour, minute);
}

/**
 * clt_schedule_default_remind:
 *
 * The morning of the due day, in the zone where it was promised; or, when
 * that morning is after a promise due at an earlier time of day, an hour
 * before it.
 */
gint64
clt_schedule_default_remind (GTimeZone *tz,
                             gint64     due,
                             gboolean   all_day)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (due);
  g_autoptr(GDateTime) local = NULL;
  gint64 morning;

  g_return_val_if_fail (tz != NULL, 0);

  if (utc == NULL)
    return 0;

  local = g_date_time_to_timezone (utc, tz);
  morning = clt_schedule_local_time (tz, g_date_time_get_year (local), g_date_time_get_month (local),
                                     g_date_time_get_day_of_month (local), CLT_SCHEDULE_MORNING_HOUR, 0);

  if (!all_day && morning >= due)
    return due - 3600;

  return morning;
}

/**
 * clt_schedule_snooze:
 *
 * One hour from @now, or tomorrow morning.
 */
gint64
clt_schedule_snooze (GTimeZone *tz,
                     gint64     now,
                     CltSnooze  snooze)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;

  g_return_val_if_fail (tz != NULL, 0);

  if (snooze == CLT_SNOOZE_ONE_HOUR)
    return now + 3600;

  utc = g_date_time_new_from_unix_utc (now);
  local = g_date_time_to_timezone (utc, tz);
  tomorrow = g_date_time_add_days (local, 1);

  return clt_schedule_local_time (tz, g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                  g_date_time_get_day_of_month (tomorrow), CLT_SCHEDULE_MORNING_HOUR, 0);
}

/**
 * clt_schedule_is_due:
 * @remind_at: when the reminder should fire, 0 for never
 * @reminded_at: when it last fired, 0 for never
 *
 * Whether a reminder must fire now: its time has come and it has not fired
 * since (a snooze moves @remind_at past @reminded_at, so it fires again,
 * once). This is also the catch-up after the service was not running.
 */
gboolean
clt_schedule_is_due (gint64 remind_at,
                     gint64 reminded_at,
                     gint64 now)
{
  if (remind_at == 0 || remind_at > now)
    return FALSE;

  return reminded_at < remind_at;
}

/**
 * clt_schedule_next_wakeup:
 *
 * The earliest of @remind_times after @now, or 0 when there is none.
 */
gint64
clt_schedule_next_wakeup (const gint64 *remind_times,
                          guint         n_times,
                          gint64        now)
{
  gint64 next = 0;

  for (guint i = 0; i < n_times; i++)
    if (remind_times[i] > now && (next == 0 || remind_times[i] < next))
      next = remind_times[i];

  return next;
}

/**
 * clt_schedule_parse:
 * @text: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (a space works as well as `T`)
 * @time: (out): the due time (clt_schedule_due()) in @tz
 * @all_day: (out): whether only a day was given
 */
gboolean
clt_schedule_parse (GTimeZone  *tz,
                    const char *text,
                    gint64     *time,
                    gboolean   *all_day)
{
  int year, month, day, hour = 0, minute = 0;
  char separator = 0;
  char rest = 0;
  int n;

  g_return_val_if_fail (time != NULL && all_day != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  /* Exactly YYYY-MM-DD, optionally followed by THH:MM. */
  for (guint i = 0; i < 16 && text[i] != '\0'; i++)
    if ((i == 4 || i == 7) ? text[i] != '-' : i == 10 ? FALSE : i == 13 ? text[i] != ':' :
        !g_ascii_isdigit (text[i]))
      return FALSE;
  if (strlen (text) != 10 && strlen (text) != 16)
    return FALSE;

  n = sscanf (text, "%4d-%2d-%2d%c%2d:%2d%c", &year, &month, &day, &separator, &hour, &minute, &rest);
  if (n == 3)
    *all_day = TRUE;
  else if (n == 6 && (separator == 'T' || separator == ' '))
    *all_day = FALSE;
  else
    return FALSE;

  *time = clt_schedule_due (tz, year, month, day, hour, minute, *all_day);
  return *time != 0;
}

/**
 * clt_schedule_day_bounds:
 * @n_days: how many days, from today's
 * @start: (out): the start of today in @tz
 * @end: (out): the start of the day @n_days later
 */
void
clt_schedule_day_bounds (GTimeZone *tz,
                         gint64     now,
                         int        n_days,
                         gint64    *start,
                         gint64    *end)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  GDate date;

  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  *start = clt_schedule_local_time (tz, g_date_get_year (&date), g_date_get_month (&date),
                                    g_date_get_day (&date), 0, 0);
  g_date_add_days (&date, n_days);
  *end = clt_schedule_local_time (tz, g_date_get_year (&date), g_date_get_month (&date),
                                  g_date_get_day (&date), 0, 0);
}

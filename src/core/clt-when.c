/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-when"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-when.h"

static GDateTime *
local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);

  return utc != NULL ? g_date_time_to_local (utc) : NULL;
}

static void
set_gdate (GDate     *date,
           GDateTime *time)
{
  int y, m, d;

  g_date_time_get_ymd (time, &y, &m, &d);
  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
}

/**
 * clt_when_format_past_day:
 * @when: a past moment, unix UTC
 * @now: the present, unix UTC
 *
 * The day of @when as it reads inside a sentence, in local time: "today",
 * "yesterday", "last Tuesday" within a week, else "on 7 January" (with
 * the year when it is not this year's).
 */
char *
clt_when_format_past_day (gint64 when,
                          gint64 now)
{
  g_autoptr(GDateTime) local = local_time (when);
  g_autoptr(GDateTime) today = local_time (now);
  GDate day, this_day;
  int days;

  if (local == NULL || today == NULL)
    return g_strdup ("?");

  set_gdate (&day, local);
  set_gdate (&this_day, today);
  days = g_date_days_between (&day, &this_day);

  if (days == 0)
    /* Translators: when something happened, inside a sentence: "Visit today" */
    return g_strdup (_("today"));
  if (days == 1)
    /* Translators: when something happened, inside a sentence: "Visit yesterday" */
    return g_strdup (_("yesterday"));
  if (days > 1 && days < 7)
    /* Translators: a weekday within the past week, inside a sentence:
     * "Visit last Tuesday"; see g_date_time_format() (%A is the weekday) */
    return g_date_time_format (local, _("last %A"));
  if (g_date_time_get_year (local) == g_date_time_get_year (today))
    /* Translators: a date this year, inside a sentence: "Visit on 7 January";
     * see g_date_time_format() */
    return g_date_time_format (local, _("on %-d %B"));

  /* Translators: a date in another year, inside a sentence: "Visit on
   * 7 January 2025"; see g_date_time_format() */
  return g_date_time_format (local, _("on %-d %B %Y"));
}

/**
 * clt_when_format_time_in_text:
 * @when: unix UTC
 *
 * The local time of day of @when as it reads inside a sentence ("22:30";
 * French writes "22 h 30"). Fields and lists keep the compact "%H:%M".
 */
char *
clt_when_format_time_in_text (gint64 when)
{
  g_autoptr(GDateTime) local = local_time (when);

  if (local == NULL)
    return g_strdup ("?");

  /* Translators: a time of day inside a sentence, "expected at 22:30";
   * French writes "%-H h %M" with no-break spaces; see g_date_time_format() */
  return g_date_time_format (local, C_("time in text", "%H:%M"));
}

/**
 * clt_when_format_day_time_in_text:
 * @when: unix UTC
 *
 * The local day and time of @when inside a sentence: "Saturday 5 December
 * at 22:30", French "samedi 5 décembre à 22 h 30".
 */
char *
clt_when_format_day_time_in_text (gint64 when)
{
  g_autoptr(GDateTime) local = local_time (when);
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;

  if (local == NULL)
    return g_strdup ("?");

  /* Translators: a date in this year, see the strftime manual page. */
  day = g_date_time_format (local, _("%A %-d %B"));
  time = clt_when_format_time_in_text (when);
  /* Translators: a day, then a time, inside a sentence: "Saturday 5 December at 22:30" */
  return g_strdup_printf (_("%s at %s"), day, time);
}

/**
 * clt_when_is_today:
 * @when: unix UTC
 * @now: the present, unix UTC
 *
 * Whether @when falls on the local day of @now.
 */
gboolean
clt_when_is_today (gint64 when,
                   gint64 now)
{
  g_autoptr(GDateTime) local = local_time (when);
  g_autoptr(GDateTime) today = local_time (now);

  return local != NULL && today != NULL &&
         g_date_time_get_year (local) == g_date_time_get_year (today) &&
         g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (today);
}

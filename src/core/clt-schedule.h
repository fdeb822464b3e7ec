/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* When promises fall due and when their reminders fire. Pure functions of
 * their arguments (times are unix seconds, UTC; days are local to @tz), so
 * that tests pin the clock and the zone. */

#define CLT_SCHEDULE_MORNING_HOUR 9

/* The days the book keeps, in every time zone: times are unix seconds with
 * 0 for "none", and GLib's dates end with the year 9999. */
#define CLT_SCHEDULE_FIRST_YEAR 1971
#define CLT_SCHEDULE_LAST_YEAR  9998
/* 1 January 1971 and 31 December 9998 anywhere on Earth, UTC. */
#define CLT_SCHEDULE_MIN_TIME   G_GINT64_CONSTANT (31449600)      /* 1970-12-31T00:00:00Z */
#define CLT_SCHEDULE_MAX_TIME   G_GINT64_CONSTANT (253370851199)  /* 9999-01-01T23:59:59Z */

typedef enum
{
  CLT_SNOOZE_ONE_HOUR,
  CLT_SNOOZE_TOMORROW,
} CltSnooze;

gint64   clt_schedule_local_time     (GTimeZone  *tz,
                                      int         year,
                                      int         month,
                                      int         day,
                                      int         hour,
                                      int         minute);
gint64   clt_schedule_due            (GTimeZone  *tz,
                                      int         year,
                                      int         month,
                                      int         day,
                                      int         hour,
                                      int         minute,
                                      gboolean    all_day);
gint64   clt_schedule_default_remind (GTimeZone  *tz,
                                      gint64      due,
                                      gboolean    all_day);
gint64   clt_schedule_snooze         (GTimeZone  *tz,
                                      gint64      now,
                                      CltSnooze   snooze);
gboolean clt_schedule_is_due         (gint64      remind_at,
                                      gint64      reminded_at,
                                      gint64      now);
gint64   clt_schedule_next_wakeup    (const gint64 *remind_times,
                                      guint         n_times,
                                      gint64        now);
gboolean    clt_schedule_time_in_range (gint64      time);
const char *clt_schedule_range_message (void);
gboolean    clt_schedule_is_out_of_range (const char *text);
gboolean clt_schedule_parse          (GTimeZone  *tz,
                                      const char *text,
                                      gint64     *time,
                                      gboolean   *all_day);
void     clt_schedule_day_bounds     (GTimeZone  *tz,
                                      gint64      now,
                                      int         n_days,
                                      gint64     *start,
                                      gint64     *end);

G_END_DECLS

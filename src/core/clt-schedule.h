/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* When promises fall due and when their reminders fire. Pure functions of
 * their arguments (times are unix seconds, UTC; days are local to @tz), so
 * that tests pin the clock and the zone. */

#define CLT_SCHEDULE_MORNING_HOUR 9

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

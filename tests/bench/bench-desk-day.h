/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-core.h"

/* A busy day at the desk, which the sample book has not (its plans start
 * tomorrow): one customer in 250 expected today, one in 500 seen today,
 * at 100,000 customers 400 and 200, so that each search weighs the
 * desk's order (clt-search-desk.c). Customer ids are 1 to @n_customers. */
static inline void
bench_add_desk_day (CltStore *store,
                    guint     n_customers,
                    gint64    now)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  gint64 day_start, day_end;
  guint n_expected = 0;
  guint n_seen = 0;

  clt_schedule_day_bounds (tz, now, 1, &day_start, &day_end);
  if (!clt_store_begin (store, &error))
    g_error ("%s", error->message);

  for (guint id = 7; id <= n_customers; id += 250)
    {
      clt_store_add_interaction (store, id, id % 3 ? CLT_INTERACTION_STAY : CLT_INTERACTION_VISIT,
                                 day_start + 8 * 3600 + (id % 660) * 60, TRUE, NULL, NULL, &error);
      n_expected++;
      if (error != NULL)
        g_error ("%s", error->message);
    }
  for (guint id = 3; id <= n_customers; id += 500)
    {
      clt_store_add_interaction (store, id, CLT_INTERACTION_CALL,
                                 day_start + (id % MAX (1, now - day_start)), FALSE, NULL, NULL, &error);
      n_seen++;
      if (error != NULL)
        g_error ("%s", error->message);
    }

  if (!clt_store_commit (store, &error))
    g_error ("%s", error->message);
  printf ("the desk's day: %u customers expected today, %u seen\n", n_expected, n_seen);
}

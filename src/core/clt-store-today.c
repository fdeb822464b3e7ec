/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include "clt-schedule.h"
#include <stdlib.h>

#include "clt-store-private.h"

#define WEEK_DAYS 7

static void
today_person_free (CltTodayPerson *person)
{
  g_free (person->name);
  g_free (person->alert);
  g_free (person->note);
  g_free (person);
}

static gboolean
remember_alert (CltStore  *self,
                CltToday  *today,
                gint64     customer_id,
                GError   **error)
{
  g_autoptr(CltCustomer) customer = NULL;
  gint64 *key;

  if (g_hash_table_contains (today->alerts, &customer_id))
    return TRUE;

  customer = clt_store_get_customer (self, customer_id, error);
  if (customer == NULL)
    return FALSE;

  key = g_memdup2 (&customer_id, sizeof customer_id);
  g_hash_table_insert (today->alerts, key, g_strdup (clt_customer_get_alert (customer)));
  return TRUE;
}

static GPtrArray *
promises_between (GPtrArray *open,
                  gint64     from,
                  gint64     to)
{
  GPtrArray *result = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_promise_free);

  for (guint i = 0; i < open->len; i++)
    {
      CltPromise *promise = g_ptr_array_index (open, i);

      if (promise->due_at >= from && promise->due_at < to)
        g_ptr_array_add (result, g_ptr_array_steal_index (open, i--));
    }

  return result;
}

static gboolean
add_expected (CltStore  *self,
              CltToday  *today,
              gint64     from,
              gint64     to,
              GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  stmt = clt_store_prepare (self,
                            "SELECT i.customer_id, c.display_name, i.at, i.kind, i.note,"
                            " (SELECT text FROM preferences p WHERE p.customer_id = c.id AND p.alert = 1"
                            "  ORDER BY p.position, p.id LIMIT 1)"
                            " FROM interactions i JOIN customers c ON c.id = i.customer_id"
                            " WHERE i.planned = 1 AND i.at >= ?1 AND i.at < ?2 AND c.trashed_at IS NULL"
                            " ORDER BY i.at, i.id", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltTodayPerson *person = g_new0 (CltTodayPerson, 1);

      person->customer_id = sqlite3_column_int64 (stmt, 0);
      person->name = clt_column_dup_text (stmt, 1);
      person->when = sqlite3_column_int64 (stmt, 2);
      if (!clt_interaction_kind_from_string (clt_column_text (stmt, 3), &person->kind))
        person->kind = CLT_INTERACTION_OTHER;
      person->note = clt_column_dup_text (stmt, 4);
      person->alert = clt_column_dup_text (stmt, 5);
      g_ptr_array_add (today->expected, person);
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* Birthdays are stored as YYYY-MM-DD or --MM-DD: matched on "-MM-DD" for
 * each day of the week ahead. */
static gboolean
add_birthdays (CltStore   *self,
               CltToday   *today,
               GTimeZone  *tz,
               GError    **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (today->day_start + 12 * 3600);
  g_autoptr(GDateTime) noon = g_date_time_to_timezone (utc, tz);

  stmt = clt_store_prepare (self,
                            "SELECT id, display_name, birthday FROM customers"
                            " WHERE birthday LIKE '%' || ?1 AND trashed_at IS NULL AND archived = 0"
                            " ORDER BY display_name COLLATE NOCASE", error);
  if (stmt == NULL)
    return FALSE;

  for (int i = 0; i < WEEK_DAYS; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (noon, i);
      g_autofree char *suffix = g_date_time_format (day, "-%m-%d");
      int rc;

      clt_bind_text (stmt, 1, suffix);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          CltTodayPerson *person = g_new0 (CltTodayPerson, 1);
          const char *birthday = clt_column_text (stmt, 2);
          int year = 0;

          person->customer_id = sqlite3_column_int64 (stmt, 0);
          person->name = clt_column_dup_text (stmt, 1);
          person->when = g_date_time_to_unix (day);
          if (birthday != NULL && g_ascii_isdigit (birthday[0]))
            year = atoi (birthday);
          person->age = year > 0 ? g_date_time_get_year (day) - year : 0;
          g_ptr_array_add (today->birthdays, person);
        }
      sqlite3_reset (stmt);

      if (rc != SQLITE_DONE)
        {
          clt_store_set_error (self, rc, error);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * clt_store_get_today:
 * @now_unix: the present; days are those of the local time zone
 *
 * What a front desk reads first thing: overdue promises, those due today,
 * who is expected today, the promises of the week ahead and birthdays,
 * with each customer's first alert.
 */
CltToday *
clt_store_get_today (CltStore  *self,
                     gint64     now_unix,
                     GError   **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(CltToday) today = g_new0 (CltToday, 1);
  g_autoptr(GPtrArray) open = NULL;
  gint64 day_end, week_end;
  GPtrArray *lists[3];

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  clt_schedule_day_bounds (tz, now_unix, 1, &today->day_start, &day_end);
  clt_schedule_day_bounds (tz, now_unix, WEEK_DAYS, &today->day_start, &week_end);

  today->expected = g_ptr_array_new_with_free_func ((GDestroyNotify) today_person_free);
  today->birthdays = g_ptr_array_new_with_free_func ((GDestroyNotify) today_person_free);
  today->alerts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  open = clt_store_list_promises (self, CLT_PROMISES_OPEN, now_unix, error);
  if (open == NULL)
    return NULL;

  today->overdue = promises_between (open, G_MININT64, now_unix);
  today->due_today = promises_between (open, now_unix, day_end);
  today->upcoming = promises_between (open, day_end, week_end);

  lists[0] = today->overdue;
  lists[1] = today->due_today;
  lists[2] = today->upcoming;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      if (!remember_alert (self, today, ((CltPromise *) g_ptr_array_index (lists[l], i))->customer_id, error))
        return NULL;

  if (!add_expected (self, today, today->day_start, day_end, error) ||
      !add_birthdays (self, today, tz, error))
    return NULL;

  return g_steal_pointer (&today);
}

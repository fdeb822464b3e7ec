/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include "clt-schedule.h"
#include <stdlib.h>
#include <string.h>

#include "clt-store-private.h"

/* Every query here is bounded: a count read from an index and a page of
 * rows in index order, so that a book with thousands of overdue promises
 * costs the window no more than a quiet one. */

#define WEEK_DAYS 7

#define FIRST_ALERT(customer) \
  "(SELECT text FROM preferences pr WHERE pr.customer_id = " customer " AND pr.alert = 1" \
  " ORDER BY pr.position, pr.id LIMIT 1)"

/* The phone a printed briefing shows beside the customer's name. */
#define FIRST_PHONE(customer) \
  "(SELECT number FROM phones ph WHERE ph.customer_id = " customer \
  " ORDER BY ph.id LIMIT 1)"

#define PROMISES_BETWEEN \
  " FROM promises p JOIN customers c ON c.id = p.customer_id" \
  " WHERE p.status = 'open' AND p.due_at >= ?1 AND p.due_at < ?2 AND c.trashed_at IS NULL"

#define EXPECTED_BETWEEN \
  " FROM interactions i JOIN customers c ON c.id = i.customer_id" \
  " WHERE i.planned = 1 AND i.at >= ?1 AND i.at < ?2 AND c.trashed_at IS NULL"

/* ?1 to ?7 are "MM-DD" of the seven days, today first; ?10 is "02-29"
 * when 28 February of a year without a 29th is one of them, the day ?11
 * those born on a 29 February celebrate, else NULL. */
#define BIRTHDAYS_IN_WEEK \
  " FROM customers WHERE birthday IS NOT NULL" \
  " AND substr (birthday, -5) IN (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?10)" \
  " AND trashed_at IS NULL AND archived = 0"

static void
today_person_free (CltTodayPerson *person)
{
  g_free (person->name);
  g_free (person->alert);
  g_free (person->note);
  g_free (person);
}

/* The bounds of a section of promises or visits. */
static void
section_bounds (CltToday        *today,
                CltTodaySection  section,
                gint64          *from,
                gint64          *to)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gint64 day_start, day_end, week_end;

  clt_schedule_day_bounds (tz, today->now, 1, &day_start, &day_end);
  clt_schedule_day_bounds (tz, today->now, WEEK_DAYS, &day_start, &week_end);

  switch (section)
    {
    case CLT_TODAY_OVERDUE:
      *from = G_MININT64;
      *to = today->now;
      break;
    case CLT_TODAY_DUE_TODAY:
      *from = today->now;
      *to = day_end;
      break;
    case CLT_TODAY_EXPECTED:
      *from = day_start;
      *to = day_end;
      break;
    case CLT_TODAY_UPCOMING:
      *from = day_end;
      *to = week_end;
      break;
    case CLT_TODAY_BIRTHDAYS:
    case CLT_TODAY_N_SECTIONS:
    default:
      g_assert_not_reached ();
    }
}

/* The seven days of the week ahead, at noon in the local time zone. */
static GDateTime *
week_day (CltToday *today,
          int       i)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (today->day_start + 12 * 3600);
  g_autoptr(GDateTime) noon = g_date_time_to_timezone (utc, tz);

  return g_date_time_add_days (noon, i);
}

static void
bind_section (CltToday        *today,
              CltTodaySection  section,
              sqlite3_stmt    *stmt)
{
  if (section == CLT_TODAY_BIRTHDAYS)
    {
      sqlite3_bind_null (stmt, 10);
      sqlite3_bind_null (stmt, 11);
      for (int i = 0; i < WEEK_DAYS; i++)
        {
          g_autoptr(GDateTime) day = week_day (today, i);
          g_autofree char *suffix = g_date_time_format (day, "%m-%d");

          clt_bind_text (stmt, i + 1, suffix);
          /* Born on 29 February: on the 28th in other years. */
          if (strcmp (suffix, "02-28") == 0 && !g_date_is_leap_year (g_date_time_get_year (day)))
            {
              clt_bind_text (stmt, 10, "02-29");
              sqlite3_bind_int (stmt, 11, i);
            }
        }
    }
  else
    {
      gint64 from, to;

      section_bounds (today, section, &from, &to);
      sqlite3_bind_int64 (stmt, 1, from);
      sqlite3_bind_int64 (stmt, 2, to);
    }
}

static gboolean
count_section (CltStore         *self,
               CltToday         *today,
               CltTodaySection   section,
               GError          **error)
{
  static const char * const sql[] = {
    [CLT_TODAY_OVERDUE] = "SELECT count(*)" PROMISES_BETWEEN,
    [CLT_TODAY_DUE_TODAY] = "SELECT count(*)" PROMISES_BETWEEN,
    [CLT_TODAY_EXPECTED] = "SELECT count(*)" EXPECTED_BETWEEN,
    [CLT_TODAY_UPCOMING] = "SELECT count(*)" PROMISES_BETWEEN,
    [CLT_TODAY_BIRTHDAYS] = "SELECT count(*)" BIRTHDAYS_IN_WEEK,
  };
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql[section], error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  bind_section (today, section, stmt);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }
  today->totals[section] = (guint) sqlite3_column_int64 (stmt, 0);

  return TRUE;
}

static void
remember_phone (CltToday     *today,
                gint64        customer_id,
                sqlite3_stmt *stmt,
                int           column)
{
  if (sqlite3_column_type (stmt, column) != SQLITE_NULL &&
      !g_hash_table_contains (today->phones, &customer_id))
    g_hash_table_insert (today->phones, g_memdup2 (&customer_id, sizeof customer_id),
                         clt_column_dup_text (stmt, column));
}

static gboolean
read_promises (CltStore         *self,
               CltToday         *today,
               CltTodaySection   section,
               sqlite3_stmt     *stmt,
               GError          **error)
{
  GPtrArray *promises = clt_today_get_items (today, section);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 customer_id = sqlite3_column_int64 (stmt, 1);
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      if (!g_hash_table_contains (today->alerts, &customer_id))
        g_hash_table_insert (today->alerts, g_memdup2 (&customer_id, sizeof customer_id),
                             clt_column_dup_text (stmt, 2));
      remember_phone (today, customer_id, stmt, 3);
    }
  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }
  sqlite3_reset (stmt);

  /* A page is a few dozen promises, each read by its key. */
  for (guint i = 0; i < ids->len; i++)
    {
      CltPromise *promise = clt_store_get_promise (self, g_array_index (ids, gint64, i), error);

      if (promise == NULL)
        return FALSE;
      g_ptr_array_add (promises, promise);
    }

  return TRUE;
}

static gboolean
read_expected (CltStore      *self,
               CltToday      *today,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  int rc;

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
      remember_phone (today, person->customer_id, stmt, 6);
      person->interaction_id = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (today->expected, person);
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* Birthdays are stored as YYYY-MM-DD or --MM-DD: found by their "MM-DD",
 * by index, in the order of the days of the week ahead. */
static gboolean
read_birthdays (CltStore      *self,
                CltToday      *today,
                sqlite3_stmt  *stmt,
                GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltTodayPerson *person = g_new0 (CltTodayPerson, 1);
      const char *birthday = clt_column_text (stmt, 2);
      int i = CLAMP (sqlite3_column_int (stmt, 3), 0, WEEK_DAYS - 1);
      g_autoptr(GDateTime) day = week_day (today, i);
      int year = 0;

      person->customer_id = sqlite3_column_int64 (stmt, 0);
      person->name = clt_column_dup_text (stmt, 1);
      person->when = g_date_time_to_unix (day);
      remember_phone (today, person->customer_id, stmt, 4);
      if (birthday != NULL && g_ascii_isdigit (birthday[0]))
        year = atoi (birthday);
      person->age = year > 0 ? g_date_time_get_year (day) - year : 0;
      g_ptr_array_add (today->birthdays, person);
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* Appends @limit items of @section from @offset to those @today holds. */
static gboolean
read_section (CltStore         *self,
              CltToday         *today,
              CltTodaySection   section,
              guint             offset,
              guint             limit,
              GError          **error)
{
  static const char * const sql[] = {
    [CLT_TODAY_OVERDUE] = "SELECT p.id, p.customer_id, " FIRST_ALERT ("p.customer_id")
      ", " FIRST_PHONE ("p.customer_id") PROMISES_BETWEEN " ORDER BY p.due_at, p.id LIMIT ?8 OFFSET ?9",
    [CLT_TODAY_DUE_TODAY] = "SELECT p.id, p.customer_id, " FIRST_ALERT ("p.customer_id")
      ", " FIRST_PHONE ("p.customer_id") PROMISES_BETWEEN " ORDER BY p.due_at, p.id LIMIT ?8 OFFSET ?9",
    [CLT_TODAY_EXPECTED] = "SELECT i.customer_id, c.display_name, i.at, i.kind, i.note, "
      FIRST_ALERT ("c.id") ", " FIRST_PHONE ("c.id") ", i.id" EXPECTED_BETWEEN " ORDER BY i.at, i.id LIMIT ?8 OFFSET ?9",
    [CLT_TODAY_UPCOMING] = "SELECT p.id, p.customer_id, " FIRST_ALERT ("p.customer_id")
      ", " FIRST_PHONE ("p.customer_id") PROMISES_BETWEEN " ORDER BY p.due_at, p.id LIMIT ?8 OFFSET ?9",
    [CLT_TODAY_BIRTHDAYS] = "SELECT id, display_name, birthday,"
      " CASE substr (birthday, -5) WHEN ?10 THEN ?11 WHEN ?1 THEN 0 WHEN ?2 THEN 1 WHEN ?3 THEN 2"
      "  WHEN ?4 THEN 3 WHEN ?5 THEN 4 WHEN ?6 THEN 5 ELSE 6 END AS day, " FIRST_PHONE ("customers.id")
      BIRTHDAYS_IN_WEEK " ORDER BY day, display_name COLLATE NOCASE, id LIMIT ?8 OFFSET ?9",
  };
  g_autoptr(CltStmt) stmt = NULL;

  if (limit == 0 || offset >= today->totals[section])
    return TRUE;

  stmt = clt_store_prepare (self, sql[section], error);
  if (stmt == NULL)
    return FALSE;

  bind_section (today, section, stmt);
  sqlite3_bind_int64 (stmt, 8, MIN (limit, G_MAXINT));
  sqlite3_bind_int64 (stmt, 9, offset);

  switch (section)
    {
    case CLT_TODAY_EXPECTED:
      return read_expected (self, today, stmt, error);
    case CLT_TODAY_BIRTHDAYS:
      return read_birthdays (self, today, stmt, error);
    case CLT_TODAY_OVERDUE:
    case CLT_TODAY_DUE_TODAY:
    case CLT_TODAY_UPCOMING:
    case CLT_TODAY_N_SECTIONS:
    default:
      return read_promises (self, today, section, stmt, error);
    }
}

/**
 * clt_store_get_today_first:
 * @now_unix: the present; days are those of the local time zone
 * @limit: how many items of each section to read
 *
 * The morning briefing, as clt_store_get_today() reads it, but only the
 * first @limit items of each section, with how many each has in all: what
 * a window shows first, at a cost that does not grow with the book.
 */
CltToday *
clt_store_get_today_first (CltStore  *self,
                           gint64     now_unix,
                           guint      limit,
                           GError   **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(CltToday) today = g_new0 (CltToday, 1);
  gint64 day_end;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  today->now = now_unix;
  clt_schedule_day_bounds (tz, now_unix, 1, &today->day_start, &day_end);

  today->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_promise_free);
  today->due_today = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_promise_free);
  today->upcoming = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_promise_free);
  today->expected = g_ptr_array_new_with_free_func ((GDestroyNotify) today_person_free);
  today->birthdays = g_ptr_array_new_with_free_func ((GDestroyNotify) today_person_free);
  today->alerts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  today->phones = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  for (CltTodaySection section = 0; section < CLT_TODAY_N_SECTIONS; section++)
    if (!count_section (self, today, section, error) ||
        !read_section (self, today, section, 0, limit, error))
      return NULL;

  return g_steal_pointer (&today);
}

/**
 * clt_store_get_today_page:
 * @today: a briefing read by clt_store_get_today_first()
 * @section: which of its sections
 * @offset: the place of the page's first item in the section
 * @limit: how many items a page has
 *
 * Reads a page of a section of @today, in place of the items it held: a
 * long section is looked through a page at a time. On error, the section
 * is left as it was.
 */
gboolean
clt_store_get_today_page (CltStore         *self,
                          CltToday         *today,
                          CltTodaySection   section,
                          guint             offset,
                          guint             limit,
                          GError          **error)
{
  GPtrArray *items;
  guint before;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (today != NULL, FALSE);
  g_return_val_if_fail (section < CLT_TODAY_N_SECTIONS, FALSE);

  items = clt_today_get_items (today, section);
  before = items->len;
  if (!read_section (self, today, section, offset, limit, error))
    {
      g_ptr_array_set_size (items, before);
      return FALSE;
    }
  g_ptr_array_remove_range (items, 0, before);

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
  return clt_store_get_today_first (self, now_unix, G_MAXUINT, error);
}

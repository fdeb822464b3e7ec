/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-search"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-schedule.h"
#include "clt-search-desk.h"
#include "clt-when.h"

/*
 * The desk's order: the customers expected today (a visit or stay
 * planned for today, as Today's "Expected" lists them) and those with a
 * contact logged today come first among a search's results, expected
 * ones by the time they are due, then those seen, the latest first; ties
 * in book order. The search model lists them, then its tiers in book
 * order without them (see clt-search-model.c).
 *
 * Which of them match the query is asked of a copy of their search rows
 * in a small FTS5 table of the connection's temporary schema, made like
 * `search` itself (same tokenizer, same folding): asking the book's index
 * about each of hundreds of rowids costs an index setup each, 16 ms for a
 * one-letter query and 300 ms for "martin" with 600 customers today at
 * 100,000, while the copy answers in well under a millisecond. The copy
 * is made again when the day or the book changed: sqlite3_total_changes()
 * for this connection's writes, PRAGMA data_version for other processes'
 * (the command line while the window is open).
 */

static const char expected_sql[] =
  "INSERT INTO temp.desk_today (search_rowid, customer_id, reason, at)"
  " SELECT c.search_rowid, c.id, 1, min (i.at)"
  " FROM interactions i JOIN customers c ON c.id = i.customer_id"
  " WHERE i.planned = 1 AND i.at >= ?1 AND i.at < ?2 AND c.search_rowid > 0"
  " AND c.archived = 0 AND c.trashed_at IS NULL"
  " GROUP BY c.id";

/* last_contact_at is the latest contact made (clt_store_reindex_parts()). */
static const char seen_sql[] =
  "INSERT OR IGNORE INTO temp.desk_today (search_rowid, customer_id, reason, at)"
  " SELECT search_rowid, id, 2, last_contact_at FROM customers"
  " WHERE last_contact_at >= ?1 AND last_contact_at < ?2 AND search_rowid > 0"
  " AND archived = 0 AND trashed_at IS NULL";

static const char copy_sql[] =
  "UPDATE temp.desk_today SET digits ="
  " (SELECT group_concat (digits, ' ') FROM phones p WHERE p.customer_id = desk_today.customer_id);"
  "INSERT INTO temp.desk_search (rowid, name, contact, details)"
  " SELECT s.rowid, s.name, s.contact, s.details"
  " FROM temp.desk_today d CROSS JOIN search s WHERE s.rowid = d.search_rowid;";

/* The state row counts itself: total_changes () is read before it is written. */
static const char state_sql[] =
  "INSERT INTO temp.desk_state (day_start, day_end, changes, data_version)"
  " VALUES (?1, ?2, total_changes () + 1, ?3)";

static gint64
data_version (CltStore *store)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (store, "PRAGMA data_version", NULL);

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

/* Makes the tables once per connection: desk_search like `search`. */
static gboolean
create_tables (CltStore  *store,
               GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *create = NULL;
  const char *definition;

  stmt = clt_store_prepare (store, "SELECT sql FROM sqlite_master WHERE name = 'search'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW || clt_column_text (stmt, 0) == NULL ||
      (definition = strstr (clt_column_text (stmt, 0), " USING ")) == NULL)
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED, "no search index");
      return FALSE;
    }

  create = g_strconcat ("CREATE TEMP TABLE desk_today ("
                        " search_rowid INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL,"
                        " reason INTEGER NOT NULL, at INTEGER NOT NULL, digits TEXT);"
                        "CREATE TEMP TABLE desk_state (day_start INTEGER, day_end INTEGER, changes INTEGER,"
                        " data_version INTEGER);"
                        "CREATE VIRTUAL TABLE temp.desk_search", definition, ";", NULL);
  return clt_store_exec (store, create, error);
}

/* Whether the copy is of today, and nothing was written since. */
static gboolean
is_fresh (CltStore  *store,
          gint64     now,
          gint64     version,
          GError   **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (store, "SELECT day_start, day_end, changes, data_version"
                                               " FROM temp.desk_state", NULL);

  /* Made once per connection. */
  if (stmt == NULL && !create_tables (store, error))
    return FALSE;

  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
         now >= sqlite3_column_int64 (stmt, 0) && now < sqlite3_column_int64 (stmt, 1) &&
         sqlite3_column_int64 (stmt, 2) == sqlite3_total_changes64 (clt_store_get_db (store)) &&
         sqlite3_column_int64 (stmt, 3) == version;
}

static gboolean
fill (CltStore  *store,
      gint64     day_start,
      gint64     day_end,
      gint64     version,
      GError   **error)
{
  static const char * const bounded[] = { expected_sql, seen_sql };
  g_autoptr(CltStmt) state = NULL;

  g_debug ("Copying today's customers for the desk's order");
  if (!clt_store_exec (store, "DELETE FROM temp.desk_today; DELETE FROM temp.desk_search;"
                       " DELETE FROM temp.desk_state;", error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (bounded); i++)
    {
      g_autoptr(CltStmt) stmt = clt_store_prepare (store, bounded[i], error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, day_start);
      sqlite3_bind_int64 (stmt, 2, day_end);
      if (!clt_store_step_done (store, stmt, error))
        return FALSE;
    }

  if (!clt_store_exec (store, copy_sql, error))
    return FALSE;

  state = clt_store_prepare (store, state_sql, error);
  if (state == NULL)
    return FALSE;
  sqlite3_bind_int64 (state, 1, day_start);
  sqlite3_bind_int64 (state, 2, day_end);
  sqlite3_bind_int64 (state, 3, version);
  return clt_store_step_done (store, state, error);
}

/* Copies today's customers' search rows, unless already done since the
 * last change. */
static gboolean
refresh (CltStore  *store,
         gint64     now,
         GError   **error)
{
  g_autoptr(GTimeZone) tz = NULL;
  gint64 day_start, day_end;
  gint64 version = data_version (store);
  gboolean ok;

  if (is_fresh (store, now, version, error))
    return TRUE;
  if (error != NULL && *error != NULL)
    return FALSE;

  tz = g_time_zone_new_local ();
  clt_schedule_day_bounds (tz, now, 1, &day_start, &day_end);

  /* Rolled back with the changes it saw, when inside a transaction. */
  if (!clt_store_exec (store, "SAVEPOINT clt_desk", error))
    return FALSE;
  ok = fill (store, day_start, day_end, version, error);
  if (!ok)
    clt_store_exec (store, "ROLLBACK TO clt_desk", NULL);
  return clt_store_exec (store, "RELEASE clt_desk", ok ? error : NULL) && ok;
}

/**
 * clt_search_desk_refresh:
 * @now: the present, for today's bounds
 *
 * Copies today's customers' search rows now, unless already done since
 * the last change: the first search after a write then does not pay for
 * it (about 30 ms at 100,000 customers).
 */
gboolean
clt_search_desk_refresh (CltStore  *store,
                         gint64     now,
                         GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);

  return refresh (store, now, error);
}

/**
 * clt_search_desk_prepare:
 * @columns: the customer columns the search reads, over `customers c`
 * @match: the FTS5 expression of the query, any column
 * @phone_pattern: (nullable): the LIKE pattern of a search by digits
 * @now: the present, for today's bounds
 *
 * Today's customers who match, at most %CLT_SEARCH_DESK_LIMIT, in the
 * desk's order: a statement whose rows are the search rowid, @columns,
 * the #CltSearchDeskReason and its time.
 *
 * Returns: (nullable): the statement, bound, to step
 */
CltStmt *
clt_search_desk_prepare (CltStore    *store,
                         const char  *columns,
                         const char  *match,
                         const char  *phone_pattern,
                         gint64       now,
                         GError     **error)
{
  g_autofree char *sql = NULL;
  CltStmt *stmt;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);
  g_return_val_if_fail (columns != NULL && match != NULL, NULL);

  if (!refresh (store, now, error))
    return NULL;

  /* The columns, with their subqueries, are read for the few kept only. */
  sql = g_strdup_printf ("SELECT d.search_rowid, %s, d.reason, d.at FROM"
                         " (SELECT d.search_rowid, d.customer_id, d.reason, d.at,"
                         "   CASE d.reason WHEN 1 THEN d.at ELSE -d.at END AS rank"
                         "  FROM temp.desk_today d"
                         "  WHERE d.search_rowid IN (SELECT rowid FROM temp.desk_search"
                         "         WHERE desk_search MATCH ?1) OR d.digits LIKE ?2"
                         "  ORDER BY d.reason, rank, d.search_rowid LIMIT %d) d"
                         " JOIN customers c ON c.id = d.customer_id"
                         " ORDER BY d.reason, d.rank, d.search_rowid", columns, CLT_SEARCH_DESK_LIMIT);
  stmt = clt_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  clt_bind_text (stmt, 1, match);
  clt_bind_text (stmt, 2, phone_pattern);
  return stmt;
}

/**
 * clt_search_desk_describe:
 *
 * Why a customer comes first: "Expected today at 15:30".
 */
char *
clt_search_desk_describe (CltSearchDeskReason reason,
                          gint64              at)
{
  g_autofree char *time = clt_when_format_time_in_text (at);

  if (reason == CLT_SEARCH_DESK_EXPECTED)
    /* Translators: a customer's next planned visit, today; %s is a time in a sentence. */
    return g_strdup_printf (_("Expected today at %s"), time);

  /* Translators: why a customer comes first in a search: a contact with
   * them was logged today; %s is a time in a sentence. */
  return g_strdup_printf (_("Seen today at %s"), time);
}

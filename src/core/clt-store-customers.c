/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-mail.h"
#include "clt-schedule.h"
#include "clt-search-row.h"
#include "clt-store-private.h"
#include "clt-text.h"

/*
 * The book's order.
 *
 * A customer's search row has a rowid (its label, also customers.
 * search_rowid) that sorts like its sort key (customers.sort_key, the
 * folded "family given" of clt_text_sort_key()), so that a search pages
 * through FTS5 by rowid and gets the book's order without sorting. Labels
 * are kept in order as customers come and go, with few moves (the order
 * maintenance, or list labelling, problem):
 *
 * - a newcomer goes between its neighbours, found by two indexed queries
 *   on the sort key: halfway between them; or, before the first or after
 *   the last, a fixed step away, towards where the first letters of its
 *   name would put it in the whole range — so that the book spreads over
 *   the range, and an import sorted either way appends;
 * - among namesakes with the same key, whose order is free, it takes a gap
 *   drawn (from its UID) in proportion to the gaps' sizes, so that a
 *   thousand "Jean Martin" spread out instead of queueing at one end;
 * - when two neighbours leave no room, the smallest aligned range of
 *   labels around them that is sparse enough (the density allowed falls
 *   by RELABEL_DENSITY at each level up, as in Bender et al., "Two
 *   simplified algorithms for maintaining order in a list", 2002) is
 *   spread evenly: amortised logarithmic moves, each an UPDATE of a search
 *   row's rowid, none of a customer's data read again.
 *
 * Finding a place takes at most four index lookups, whatever the number
 * of namesakes or the size of the book.
 */
/* Labels are 1 to LABEL_TOP - 1 (books from before schema 6 use all of
 * it); ranges go up to 2^62 wide, then the whole. */
#define LABEL_TOP G_MAXINT64
#define LABEL_LEVELS 62
#define RELABEL_DENSITY 1.5
/* New books spread over the first 2^48 labels, a step of 2^24 between
 * appends: room enough for namesakes and sorted imports, and rowid deltas
 * short enough in FTS5's doclists (varints: 7 bits more is one byte more
 * for every customer a term finds; spread over all 2^63 labels, a sample
 * book's index is a quarter larger). The first four letters, in base 39
 * (end, space, ten digits, 26 letters, anything else), place a name in
 * that span. */
#define HINT_SPAN (G_GINT64_CONSTANT (1) << 48)
#define LABEL_STEP (G_GINT64_CONSTANT (1) << 24)
#define HINT_CHARS 4
#define HINT_BASE 39

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
require_text (const char  *text,
              const char  *message,
              GError     **error)
{
  if (!clt_text_is_blank (text))
    return TRUE;

  g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID, message);
  return FALSE;
}

static gboolean
not_found (GError **error)
{
  g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                       _("This customer or item no longer exists. It may have been deleted."));
  return FALSE;
}

/* Runs a statement that changes one row and reports a missing row. */
static gboolean
step_one (CltStore      *self,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  if (!clt_store_step_done (self, stmt, error))
    return FALSE;
  if (sqlite3_changes (clt_store_get_db (self)) == 0)
    return not_found (error);
  return TRUE;
}

static gboolean
customer_exists (CltStore  *self,
                 gint64     customer_id,
                 GError   **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, "SELECT 1 FROM customers WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;

  return not_found (error);
}

/* The customer a child row belongs to, or 0 when it does not exist. */
static gint64
owner_of (CltStore   *self,
          const char *sql,
          gint64      id)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, NULL);

  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);

  return 0;
}

static char *
customer_sort_key (CltCustomer *customer)
{
  g_autofree char *sort_name = clt_customer_dup_sort_name (customer);

  return clt_text_sort_key (sort_name);
}

/* The SQL function clt_sort_key (given, family, display, company): the
 * same key, for migrations and integrity checks. */
void
clt_store_sort_key_function (sqlite3_context  *context,
                             int               argc,
                             sqlite3_value   **argv)
{
  g_autoptr(CltCustomer) customer = NULL;
  char *key;

  g_assert (argc == 4);
  customer = g_object_new (CLT_TYPE_CUSTOMER,
                           "given-name", sqlite3_value_text (argv[0]),
                           "family-name", sqlite3_value_text (argv[1]),
                           "display-name", sqlite3_value_text (argv[2]),
                           "company", sqlite3_value_text (argv[3]),
                           NULL);
  key = customer_sort_key (customer);
  sqlite3_result_text (context, key, -1, g_free);
}

static guint
hint_digit (guchar c)
{
  /* Never decreasing with the byte, as the key's order is byte order. */
  if (c == '\0')
    return 0;
  if (c <= ' ')
    return 1;
  if (c <= '9')
    return c < '0' ? 2 : 2 + (c - '0');
  if (c <= 'z')
    return c < 'a' ? 12 : 12 + (c - 'a');
  return HINT_BASE - 1;
}

/* Where the key's first letters would fall if the book were spread evenly
 * over the labels: never decreasing with the key. */
static gint64
label_hint (const char *key)
{
  gint64 hint = 0;
  gint64 scale = HINT_SPAN;
  gboolean ended = FALSE;

  for (guint i = 0; i < HINT_CHARS; i++)
    {
      guchar c = ended ? '\0' : (guchar) key[i];

      ended = c == '\0';
      hint = hint * HINT_BASE + hint_digit (c);
      scale /= HINT_BASE;
    }

  return hint * scale;
}

/* A well-mixed number from the customer's UID, to place them among
 * namesakes: the same customer goes to the same place. */
static guint64
namesake_draw (CltCustomer *customer)
{
  const char *uid = clt_customer_get_uid (customer);
  guint64 x = G_GUINT64_CONSTANT (14695981039346656037);

  for (const char *p = uid ? uid : ""; *p; p++)
    x = (x ^ (guchar) *p) * G_GUINT64_CONSTANT (1099511628211);
  x ^= (guint64) clt_customer_get_id (customer);

  /* splitmix64's finaliser */
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return x ^ (x >> 31);
}

/* Runs a query that returns at most one label; @fallback when none. */
static gboolean
query_label (CltStore      *self,
             sqlite3_stmt  *stmt,
             gint64         fallback,
             gint64        *label,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    *label = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *label = fallback;
  else
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

/* The labels of the customers whose keys come just before and just after
 * @key (0 and LABEL_TOP when none), leaving out @customer_id. */
static gboolean
key_neighbours (CltStore    *self,
                const char  *key,
                gint64       customer_id,
                gint64      *before,
                gint64      *after,
                GError     **error)
{
  g_autoptr(CltStmt) below = NULL;
  g_autoptr(CltStmt) above = NULL;

  below = clt_store_prepare (self,
                             "SELECT search_rowid FROM customers WHERE sort_key < ?1 AND id != ?2"
                             " AND search_rowid > 0 ORDER BY sort_key DESC, search_rowid DESC LIMIT 1", error);
  above = clt_store_prepare (self,
                             "SELECT search_rowid FROM customers WHERE sort_key > ?1 AND id != ?2"
                             " AND search_rowid > 0 ORDER BY sort_key, search_rowid LIMIT 1", error);
  if (below == NULL || above == NULL)
    return FALSE;

  clt_bind_text (below, 1, key);
  sqlite3_bind_int64 (below, 2, customer_id);
  clt_bind_text (above, 1, key);
  sqlite3_bind_int64 (above, 2, customer_id);

  return query_label (self, below, 0, before, error) &&
         query_label (self, above, LABEL_TOP, after, error);
}

/* The gap between two labels in use that holds @label. */
static gboolean
gap_around (CltStore  *self,
            gint64     label,
            gint64     low,
            gint64     high,
            gint64    *before,
            gint64    *after,
            GError   **error)
{
  g_autoptr(CltStmt) below = NULL;
  g_autoptr(CltStmt) above = NULL;

  below = clt_store_prepare (self,
                             "SELECT search_rowid FROM customers WHERE search_rowid >= ?1 AND search_rowid <= ?2"
                             " ORDER BY search_rowid DESC LIMIT 1", error);
  above = clt_store_prepare (self,
                             "SELECT search_rowid FROM customers WHERE search_rowid > ?1 AND search_rowid <= ?2"
                             " ORDER BY search_rowid LIMIT 1", error);
  if (below == NULL || above == NULL)
    return FALSE;

  sqlite3_bind_int64 (below, 1, MAX (low, 1));
  sqlite3_bind_int64 (below, 2, label);
  sqlite3_bind_int64 (above, 1, label);
  sqlite3_bind_int64 (above, 2, high);

  return query_label (self, below, low, before, error) &&
         query_label (self, above, high, after, error);
}

/* How many labels in [@low, @high) are in use, counting no further than
 * @limit (-1: all). */
static gint64
count_labels (CltStore  *self,
              gint64     low,
              gint64     high,
              gint64     limit,
              GError   **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self,
                                               "SELECT count(*) FROM (SELECT 1 FROM customers"
                                               " WHERE search_rowid >= ?1 AND search_rowid < ?2 LIMIT ?3)",
                                               error);
  gint64 n;

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, low);
  sqlite3_bind_int64 (stmt, 2, high);
  sqlite3_bind_int64 (stmt, 3, limit);
  if (!query_label (self, stmt, -1, &n, error))
    return -1;

  return n;
}

/* Gives a customer a new label, its search row with it. The caller moves
 * customers in an order that never lands one on a label still in use. */
static gboolean
move_label (CltStore  *self,
            gint64     customer_id,
            gint64     from,
            gint64     to,
            GError   **error)
{
  g_autoptr(CltStmt) customer = NULL;
  g_autoptr(CltStmt) search = NULL;

  customer = clt_store_prepare (self, "UPDATE customers SET search_rowid = ?2 WHERE id = ?1", error);
  /* A customer added in this transaction has no search row yet. */
  search = clt_store_prepare (self, "UPDATE search SET rowid = ?2 WHERE rowid = ?1", error);
  if (customer == NULL || search == NULL)
    return FALSE;

  sqlite3_bind_int64 (customer, 1, customer_id);
  sqlite3_bind_int64 (customer, 2, to);
  sqlite3_bind_int64 (search, 1, from);
  sqlite3_bind_int64 (search, 2, to);

  return clt_store_phone_index_move (self, from, to, error) &&
         clt_store_step_done (self, customer, error) &&
         clt_store_step_done (self, search, error);
}

typedef struct
{
  gint64 id;
  gint64 from;
  gint64 to;
} Move;

/* No room is left just after @before: spreads evenly the labels of the
 * smallest aligned range around it that is sparse enough, the newcomer
 * among them, and returns the newcomer's label. */
static gint64
relabel (CltStore  *self,
         gint64     before,
         GError   **error)
{
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (Move));
  g_autoptr(CltStmt) members = NULL;
  double limit = 1;
  gint64 low = 0;
  gint64 high = LABEL_TOP;
  gint64 n = 0;
  gint64 step;
  gint64 label = 0;
  guint newcomer;
  int rc;

  for (guint level = 1; level <= LABEL_LEVELS; level++)
    {
      gint64 size = G_GINT64_CONSTANT (1) << level;

      limit *= 2 / RELABEL_DENSITY;
      low = before & ~(size - 1);
      high = low > LABEL_TOP - size ? LABEL_TOP : low + size;
      n = count_labels (self, low, high, (gint64) limit, error);
      if (n < 0)
        return 0;
      if (n + 1 <= (gint64) limit)
        break;
      low = 0;
      high = LABEL_TOP;
    }

  members = clt_store_prepare (self,
                               "SELECT id, search_rowid FROM customers"
                               " WHERE search_rowid >= ?1 AND search_rowid < ?2 ORDER BY search_rowid", error);
  if (members == NULL)
    return 0;

  sqlite3_bind_int64 (members, 1, MAX (low, 1));
  sqlite3_bind_int64 (members, 2, high);
  while ((rc = sqlite3_step (members)) == SQLITE_ROW)
    {
      Move move = { sqlite3_column_int64 (members, 0), sqlite3_column_int64 (members, 1), 0 };

      g_array_append_val (moves, move);
    }
  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return 0;
    }
  g_clear_pointer (&members, clt_stmt_release);

  n = moves->len;
  step = (high - low) / (n + 2);
  g_debug ("Spreading %" G_GINT64_FORMAT " labels over [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
           n, low, high);
  g_assert (step >= 2);

  newcomer = 0;
  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);

      if (move->from <= before)
        newcomer = i + 1;
    }
  for (guint i = 0; i < moves->len; i++)
    g_array_index (moves, Move, i).to = low + (i + (i >= newcomer ? 2 : 1)) * step;
  label = low + (newcomer + 1) * step;

  /* Those going up from the top down, then those going down from the
   * bottom up: each lands on a label nobody holds. */
  for (guint i = moves->len; i-- > 0;)
    {
      Move *move = &g_array_index (moves, Move, i);

      if (move->to > move->from && !move_label (self, move->id, move->from, move->to, error))
        return 0;
    }
  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);

      if (move->to < move->from && !move_label (self, move->id, move->from, move->to, error))
        return 0;
    }

  return label;
}

/* A free label for @customer, whose sort key is @key, among the others;
 * the customer itself, when already in the book, must hold no label. */
static gint64
free_label (CltStore     *self,
            CltCustomer  *customer,
            const char   *key,
            GError      **error)
{
  gint64 before;
  gint64 after;
  gint64 gap;
  gint64 margin;

  if (!key_neighbours (self, key, 0, &before, &after, error))
    return 0;

  /* Between its namesakes, if it has any, the gaps being drawn in
   * proportion to their size. */
  if (after - before > 1)
    {
      gint64 draw = before + (gint64) (namesake_draw (customer) % (guint64) (after - before));

      if (!gap_around (self, draw, before, after, &before, &after, error))
        return 0;
    }

  gap = after - before;
  if (gap < 2)
    return relabel (self, before, error);

  /* Halfway between two customers; a step beyond the first or the last,
   * towards where its first letters belong. */
  margin = before == 0 || after == LABEL_TOP ? MIN (LABEL_STEP, gap / 2) : gap / 2;
  return CLAMP (label_hint (key), before + margin, after - margin);
}

typedef struct
{
  gint64  id;
  gint64  label;
  char   *key;
} Placed;

static void
placed_clear (gpointer data)
{
  Placed *placed = data;

  g_free (placed->key);
}

/* Gives a new place to the customer parked at -id, and its search row. */
static gboolean
place_again (CltStore  *self,
             gint64     id,
             GError   **error)
{
  g_autoptr(CltStmt) read = NULL;
  g_autoptr(CltStmt) place = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  g_autofree char *key = NULL;
  gint64 label;

  read = clt_store_prepare (self, "SELECT sort_key, uid FROM customers WHERE id = ?1", error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, id);
  if (sqlite3_step (read) != SQLITE_ROW)
    return not_found (error);
  key = clt_column_dup_text (read, 0);
  customer = g_object_new (CLT_TYPE_CUSTOMER, "id", id, "uid", clt_column_text (read, 1), NULL);
  g_clear_pointer (&read, clt_stmt_release);

  label = free_label (self, customer, key, error);
  place = label ? clt_store_prepare (self, "UPDATE customers SET search_rowid = ?2 WHERE id = ?1", error) : NULL;
  if (place == NULL)
    return FALSE;
  sqlite3_bind_int64 (place, 1, id);
  sqlite3_bind_int64 (place, 2, label);
  if (!clt_store_step_done (self, place, error))
    return FALSE;
  g_clear_pointer (&place, clt_stmt_release);

  return clt_store_reindex (self, id, error);
}

/* Puts the book in the order of its sort keys, moving the fewest
 * customers: those outside a longest run of labels whose keys never
 * decrease. Returns how many moved, or -1. */
static gint64
put_in_order (CltStore  *self,
              GError   **error)
{
  g_autoptr(GArray) book = g_array_new (FALSE, FALSE, sizeof (Placed));
  g_autoptr(GArray) tails = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree guint *previous = NULL;
  g_autofree gboolean *kept = NULL;
  g_autoptr(CltStmt) read = NULL;
  g_autoptr(CltStmt) unindex = NULL;
  g_autoptr(CltStmt) park = NULL;
  gint64 moved = 0;
  int rc;

  g_array_set_clear_func (book, placed_clear);
  read = clt_store_prepare (self, "SELECT id, search_rowid, sort_key FROM customers ORDER BY search_rowid", error);
  if (read == NULL)
    return -1;
  while ((rc = sqlite3_step (read)) == SQLITE_ROW)
    {
      Placed placed = { sqlite3_column_int64 (read, 0), sqlite3_column_int64 (read, 1),
                        clt_column_dup_text (read, 2) };

      g_array_append_val (book, placed);
    }
  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return -1;
    }
  g_clear_pointer (&read, clt_stmt_release);

  /* Patience sorting: tails[j] ends the best run of length j + 1 found. */
  previous = g_new (guint, book->len);
  kept = g_new0 (gboolean, book->len);
  for (guint i = 0; i < book->len; i++)
    {
      const char *key = g_array_index (book, Placed, i).key;
      guint low = 0;
      guint high = tails->len;

      while (low < high)
        {
          guint middle = (low + high) / 2;

          if (strcmp (g_array_index (book, Placed, g_array_index (tails, guint, middle)).key, key) <= 0)
            low = middle + 1;
          else
            high = middle;
        }
      previous[i] = low > 0 ? g_array_index (tails, guint, low - 1) : G_MAXUINT;
      if (low == tails->len)
        g_array_append_val (tails, i);
      else
        g_array_index (tails, guint, low) = i;
    }
  for (guint i = tails->len ? g_array_index (tails, guint, tails->len - 1) : G_MAXUINT;
       i != G_MAXUINT; i = previous[i])
    kept[i] = TRUE;

  unindex = clt_store_prepare (self, "DELETE FROM search WHERE rowid = ?1", error);
  park = clt_store_prepare (self, "UPDATE customers SET search_rowid = -id WHERE id = ?1", error);
  if (unindex == NULL || park == NULL)
    return -1;
  for (guint i = 0; i < book->len; i++)
    {
      Placed *placed = &g_array_index (book, Placed, i);

      if (kept[i])
        continue;
      sqlite3_bind_int64 (unindex, 1, placed->label);
      sqlite3_bind_int64 (park, 1, placed->id);
      if (!clt_store_step_done (self, unindex, error) || !clt_store_step_done (self, park, error) ||
          !clt_store_phone_index_delete (self, placed->label, error))
        return -1;
      sqlite3_reset (unindex);
      sqlite3_reset (park);
    }

  for (guint i = 0; i < book->len; i++)
    if (!kept[i])
      {
        if (!place_again (self, g_array_index (book, Placed, i).id, error))
          return -1;
        moved++;
      }

  return moved;
}

/* The SQL function clt_put_in_order (), for the migration that brought the
 * sort key: returns how many customers moved. */
void
clt_store_put_in_order_function (sqlite3_context  *context,
                                 int               argc,
                                 sqlite3_value   **argv)
{
  g_autoptr(GError) error = NULL;
  gint64 moved = put_in_order (sqlite3_user_data (context), &error);

  if (moved < 0)
    sqlite3_result_error (context, error->message, -1);
  else
    sqlite3_result_int64 (context, moved);
}

static gboolean
validate_customer (CltCustomer  *customer,
                   GError      **error)
{
  if (clt_text_is_blank (clt_customer_get_display_name (customer)) &&
      !clt_text_is_blank (clt_customer_get_company (customer)))
    clt_customer_set_display_name (customer, clt_customer_get_company (customer));

  return require_text (clt_customer_get_display_name (customer),
                       _("A customer needs a name. Type at least one letter."), error);
}

static void
bind_customer (sqlite3_stmt *stmt,
               CltCustomer  *customer)
{
  clt_bind_text (stmt, 1, clt_customer_get_display_name (customer));
  clt_bind_text (stmt, 2, clt_customer_get_honorific (customer));
  clt_bind_text (stmt, 3, clt_customer_get_given_name (customer));
  clt_bind_text (stmt, 4, clt_customer_get_family_name (customer));
  clt_bind_text (stmt, 5, clt_customer_get_addressed_as (customer));
  clt_bind_text (stmt, 6, clt_customer_get_company (customer));
  clt_bind_text (stmt, 7, clt_customer_get_language (customer));
  clt_bind_text (stmt, 8, clt_customer_get_birthday (customer));
  sqlite3_bind_int (stmt, 9, clt_customer_get_vip (customer));
  sqlite3_bind_int (stmt, 10, clt_customer_get_email_consent (customer));
  sqlite3_bind_int64 (stmt, 11, now_unix ());
  clt_bind_text (stmt, 15, clt_customer_get_job_title (customer));
  clt_bind_text (stmt, 16, clt_customer_get_uid (customer));
}

/**
 * clt_store_add_customer:
 *
 * Adds @customer to the book and sets its id.
 *
 * Returns: the new id, or 0 with @error set
 */
gint64
clt_store_add_customer (CltStore     *self,
                        CltCustomer  *customer,
                        GError      **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *key = NULL;
  gint64 search_rowid;
  gint64 id;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);
  g_return_val_if_fail (CLT_IS_CUSTOMER (customer), 0);

  if (!validate_customer (customer, error))
    return 0;

  if (clt_customer_get_uid (customer) == NULL)
    {
      g_autofree char *uid = g_uuid_string_random ();

      clt_customer_set_uid (customer, uid);
    }

  if (!clt_store_tx_begin (self, error))
    return 0;

  key = customer_sort_key (customer);
  search_rowid = free_label (self, customer, key, error);
  stmt = search_rowid ? clt_store_prepare (self,
                                           "INSERT INTO customers (display_name, honorific, given_name,"
                                           " family_name, addressed_as, company, language, birthday, vip,"
                                           " email_consent, created_at, updated_at, search_rowid,"
                                           " consent_at, consent_source, job_title, uid, sort_key)"
                                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12,"
                                           " CASE WHEN ?10 = 1 THEN NULL ELSE ?11 END,"
                                           " CASE WHEN ?10 = 1 THEN NULL ELSE ?13 END, ?15, ?16, ?17)",
                                           error) : NULL;
  if (stmt == NULL)
    {
      clt_store_tx_end (self, FALSE, NULL);
      return 0;
    }

  bind_customer (stmt, customer);
  sqlite3_bind_int64 (stmt, 12, search_rowid);
  clt_bind_text (stmt, 17, key);
  /* The default (follow-ups) is not a recorded consent; anything else is. */
  clt_bind_text (stmt, 13, clt_customer_get_consent_source (customer));
  if (!clt_store_step_done (self, stmt, error))
    {
      clt_store_tx_end (self, FALSE, NULL);
      return 0;
    }

  id = sqlite3_last_insert_rowid (clt_store_get_db (self));
  clt_store_mark_dirty_parts (self, id, CLT_DIRTY_NEW);

  if (!clt_store_tx_end (self, TRUE, error))
    return 0;

  clt_customer_set_id (customer, id);
  return id;
}

/* Keeps the customer's label when it is still in order under @key, or
 * moves them: their search row goes, and comes back in its new place when
 * the transaction commits. */
static gint64
relabel_renamed (CltStore     *self,
                 CltCustomer  *customer,
                 const char   *key,
                 GError      **error)
{
  g_autoptr(CltStmt) old = NULL;
  g_autoptr(CltStmt) unindex = NULL;
  g_autoptr(CltStmt) park = NULL;
  gint64 id = clt_customer_get_id (customer);
  gint64 label;
  gint64 before;
  gint64 after;
  gboolean same_key;

  old = clt_store_prepare (self, "SELECT search_rowid, sort_key FROM customers WHERE id = ?1", error);
  if (old == NULL)
    return 0;

  sqlite3_bind_int64 (old, 1, id);
  if (sqlite3_step (old) != SQLITE_ROW)
    {
      not_found (error);
      return 0;
    }
  label = sqlite3_column_int64 (old, 0);
  same_key = g_strcmp0 (clt_column_text (old, 1), key) == 0;
  g_clear_pointer (&old, clt_stmt_release);

  if (same_key)
    return label;
  if (!key_neighbours (self, key, id, &before, &after, error))
    return 0;
  if (before < label && label < after)
    return label;

  unindex = clt_store_prepare (self, "DELETE FROM search WHERE rowid = ?1", error);
  park = clt_store_prepare (self, "UPDATE customers SET search_rowid = -id WHERE id = ?1", error);
  if (unindex == NULL || park == NULL)
    return 0;

  sqlite3_bind_int64 (unindex, 1, label);
  sqlite3_bind_int64 (park, 1, id);
  if (!clt_store_step_done (self, unindex, error) || !clt_store_step_done (self, park, error) ||
      !clt_store_phone_index_delete (self, label, error))
    return 0;

  return free_label (self, customer, key, error);
}

gboolean
clt_store_update_customer (CltStore     *self,
                           CltCustomer  *customer,
                           GError      **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *key = NULL;
  gint64 id;
  gint64 search_rowid;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (CLT_IS_CUSTOMER (customer), FALSE);

  id = clt_customer_get_id (customer);
  if (!validate_customer (customer, error))
    return FALSE;

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  /* A new name moves the customer to its new place in the book. */
  key = customer_sort_key (customer);
  search_rowid = relabel_renamed (self, customer, key, error);
  ok = search_rowid != 0;

  if (ok)
    {
      stmt = clt_store_prepare (self,
                                "UPDATE customers SET display_name = ?1, honorific = ?2, given_name = ?3,"
                                " family_name = ?4, addressed_as = ?5, company = ?6, language = ?7,"
                                " birthday = ?8, vip = ?9, email_consent = ?10, updated_at = ?11,"
                                " search_rowid = ?12, job_title = ?15, uid = coalesce (?16, uid), sort_key = ?17,"
                                " consent_at = CASE WHEN email_consent = ?10 THEN consent_at ELSE ?11 END,"
                                " consent_source = CASE WHEN email_consent = ?10 THEN consent_source ELSE ?14 END"
                                " WHERE id = ?13", error);
      ok = stmt != NULL;
    }

  if (ok)
    {
      bind_customer (stmt, customer);
      sqlite3_bind_int64 (stmt, 12, search_rowid);
      sqlite3_bind_int64 (stmt, 13, id);
      clt_bind_text (stmt, 14, clt_customer_get_consent_source (customer));
      clt_bind_text (stmt, 17, key);
      ok = step_one (self, stmt, error);
    }

  if (ok)
    clt_store_mark_dirty (self, id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/**
 * clt_store_set_email_consent:
 * @customer_id: the customer
 * @consent: what they accept now
 * @changed_by: (nullable): who records it (the staff name), or %NULL when
 *   nobody said: the book then shows "not recorded"
 *
 * Records a person's change of the customer's e-mail consent, with when
 * and who. A new customer accepts %CLT_CONSENT_DEFAULT with no record; a
 * consent that is already @consent is left as it is, its record too.
 *
 * Returns: %FALSE with @error set when it could not be saved
 */
gboolean
clt_store_set_email_consent (CltStore    *self,
                             gint64       customer_id,
                             CltConsent   consent,
                             const char  *changed_by,
                             GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *who = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (consent <= CLT_CONSENT_MARKETING, FALSE);

  if (!clt_text_is_blank (changed_by))
    who = clt_text_strip (changed_by);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  stmt = clt_store_prepare (self,
                            "UPDATE customers SET email_consent = ?2, consent_at = ?3,"
                            " consent_source = ?4, updated_at = ?3"
                            " WHERE id = ?1 AND trashed_at IS NULL"
                            " AND email_consent IS NOT ?2", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, customer_id);
      sqlite3_bind_int (stmt, 2, consent);
      sqlite3_bind_int64 (stmt, 3, now_unix ());
      clt_bind_text (stmt, 4, who);
      ok = clt_store_step_done (self, stmt, error);
    }

  if (ok && sqlite3_changes (clt_store_get_db (self)) > 0)
    clt_store_mark_dirty (self, customer_id);
  else if (ok)
    ok = customer_exists (self, customer_id, error);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
clt_store_delete_customer (CltStore  *self,
                           gint64     customer_id,
                           GError   **error)
{
  g_autoptr(CltStmt) unindex = NULL;
  g_autoptr(CltStmt) unindex_phones = NULL;
  g_autoptr(CltStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  unindex = clt_store_prepare (self,
                               "DELETE FROM search WHERE rowid = "
                               "(SELECT search_rowid FROM customers WHERE id = ?1)", error);
  unindex_phones = clt_store_prepare (self,
                                      "DELETE FROM phone_search WHERE rowid = "
                                      "(SELECT search_rowid FROM customers WHERE id = ?1)", error);
  stmt = clt_store_prepare (self, "DELETE FROM customers WHERE id = ?1", error);
  ok = unindex != NULL && unindex_phones != NULL && stmt != NULL;

  if (ok)
    {
      sqlite3_bind_int64 (unindex, 1, customer_id);
      sqlite3_bind_int64 (unindex_phones, 1, customer_id);
      sqlite3_bind_int64 (stmt, 1, customer_id);
      ok = clt_store_step_done (self, unindex, error) &&
           clt_store_step_done (self, unindex_phones, error) &&
           step_one (self, stmt, error);
    }

  if (ok)
    clt_store_mark_dirty (self, customer_id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

gint64
clt_store_count_customers (CltStore *self)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);

  stmt = clt_store_prepare (self, "SELECT count(*) FROM customers WHERE archived = 0 AND trashed_at IS NULL", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

gboolean
clt_store_is_empty (CltStore *self)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), TRUE);

  stmt = clt_store_prepare (self,
                            "SELECT NOT EXISTS (SELECT 1 FROM customers"
                            " WHERE archived = 0 AND trashed_at IS NULL)", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return TRUE;

  return sqlite3_column_int (stmt, 0) != 0;
}

CltCustomer *
clt_store_get_customer (CltStore  *self,
                        gint64     customer_id,
                        GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  CltCustomer *customer;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  stmt = clt_store_prepare (self,
                            "SELECT display_name, honorific, given_name, family_name, addressed_as,"
                            " company, language, birthday, vip, email_consent, last_contact_at,"
                            " (SELECT text FROM preferences p WHERE p.customer_id = c.id AND p.alert = 1"
                            "  ORDER BY p.position, p.id LIMIT 1),"
                            " consent_at, consent_source, job_title, uid"
                            " FROM customers c WHERE id = ?1 AND trashed_at IS NULL", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      /* A damaged book is not a missing customer. */
      if (rc != SQLITE_DONE)
        clt_store_set_error (self, rc, error);
      else
        not_found (error);
      return NULL;
    }

  customer = g_object_new (CLT_TYPE_CUSTOMER,
                           "id", customer_id,
                           "display-name", clt_column_text (stmt, 0),
                           "honorific", clt_column_text (stmt, 1),
                           "given-name", clt_column_text (stmt, 2),
                           "family-name", clt_column_text (stmt, 3),
                           "addressed-as", clt_column_text (stmt, 4),
                           "company", clt_column_text (stmt, 5),
                           "language", clt_column_text (stmt, 6),
                           "birthday", clt_column_text (stmt, 7),
                           "vip", sqlite3_column_int (stmt, 8) != 0,
                           "last-contact", sqlite3_column_int64 (stmt, 10),
                           "alert", clt_column_text (stmt, 11),
                           "job-title", clt_column_text (stmt, 14),
                           "uid", clt_column_text (stmt, 15),
                           NULL);
  clt_customer_set_email_consent (customer, sqlite3_column_int (stmt, 9));
  clt_customer_set_consent_at (customer, sqlite3_column_int64 (stmt, 12));
  clt_customer_set_consent_source (customer, clt_column_text (stmt, 13));

  return customer;
}

/* One helper for the INSERT of a child row: begin, check the owner, run
 * the bound statement, mark the owner dirty, end. */
static gint64
insert_child (CltStore      *self,
              gint64         customer_id,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  gboolean ok;
  gint64 id = 0;

  if (stmt == NULL)
    return 0;

  if (!clt_store_tx_begin (self, error))
    return 0;

  ok = customer_exists (self, customer_id, error) &&
       clt_store_step_done (self, stmt, error);

  if (ok)
    {
      id = sqlite3_last_insert_rowid (clt_store_get_db (self));
      clt_store_mark_dirty (self, customer_id);
    }

  if (!clt_store_tx_end (self, ok, ok ? error : NULL))
    return 0;

  return id;
}

/* The same for an UPDATE or DELETE of a child row found by its id. */
static gboolean
change_child (CltStore      *self,
              const char    *owner_sql,
              gint64         id,
              sqlite3_stmt  *stmt,
              GError       **error)
{
  gint64 customer_id;
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  customer_id = owner_of (self, owner_sql, id);
  ok = customer_id != 0 ? step_one (self, stmt, error) : not_found (error);
  if (ok)
    clt_store_mark_dirty (self, customer_id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

static const char *
contact_table (CltContactKind kind)
{
  switch (kind)
    {
    case CLT_CONTACT_EMAIL: return "emails";
    case CLT_CONTACT_PHONE: return "phones";
    case CLT_CONTACT_ADDRESS:
    default: return "addresses";
    }
}

/* A time the book can keep (see clt_schedule_range_message()). */
static gboolean
require_time (gint64   time,
              GError **error)
{
  if (clt_schedule_time_in_range (time))
    return TRUE;

  g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID, clt_schedule_range_message ());
  return FALSE;
}

static const char *
contact_message (CltContactKind kind)
{
  switch (kind)
    {
    case CLT_CONTACT_EMAIL: return _("An e-mail address cannot be empty.");
    case CLT_CONTACT_PHONE: return _("A phone number needs at least one digit.");
    case CLT_CONTACT_ADDRESS:
    default: return _("An address cannot be empty.");
    }
}

static gboolean
validate_contact (CltContactKind   kind,
                  const char      *value,
                  GError         **error)
{
  if (kind == CLT_CONTACT_PHONE)
    {
      g_autofree char *digits = clt_text_phone_digits (value);

      return require_text (digits, contact_message (kind), error);
    }

  if (!require_text (value, contact_message (kind), error))
    return FALSE;

  /* Refused now rather than when a message is written to it. */
  if (kind == CLT_CONTACT_EMAIL)
    {
      g_autofree char *address = clt_text_strip (value);

      if (!clt_mail_address_is_valid (address))
        {
          /* TRANSLATORS: %s is what was typed as an e-mail address */
          g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                       _("“%s” is not an e-mail address: write it as name@example.com, "
                         "without spaces, commas or angle brackets."), address);
          return FALSE;
        }
    }

  return TRUE;
}

gint64
clt_store_add_contact (CltStore        *self,
                       gint64           customer_id,
                       CltContactKind   kind,
                       const char      *label,
                       const char      *value,
                       GError         **error)
{
  static const char * const sql[] = {
    [CLT_CONTACT_EMAIL] = "INSERT INTO emails (customer_id, label, address, uid) VALUES (?1, ?2, ?3, " CLT_SQL_NEW_ELEMENT_UID ")",
    [CLT_CONTACT_PHONE] = "INSERT INTO phones (customer_id, label, number, digits, uid) VALUES (?1, ?2, ?3, ?4, " CLT_SQL_NEW_ELEMENT_UID ")",
    [CLT_CONTACT_ADDRESS] = "INSERT INTO addresses (customer_id, label, text, uid) VALUES (?1, ?2, ?3, " CLT_SQL_NEW_ELEMENT_UID ")",
  };
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *digits = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);
  g_return_val_if_fail (kind <= CLT_CONTACT_ADDRESS, 0);

  if (!validate_contact (kind, value, error))
    return 0;

  stripped = kind == CLT_CONTACT_ADDRESS ? g_strstrip (g_strdup (value)) : clt_text_strip (value);
  stmt = clt_store_prepare (self, sql[kind], error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  clt_bind_text (stmt, 2, label);
  clt_bind_text (stmt, 3, stripped);
  if (kind == CLT_CONTACT_PHONE)
    {
      digits = clt_text_phone_digits (value);
      clt_bind_text (stmt, 4, digits);
    }

  return insert_child (self, customer_id, stmt, error);
}

gboolean
clt_store_update_contact (CltStore        *self,
                          CltContactKind   kind,
                          gint64           contact_id,
                          const char      *label,
                          const char      *value,
                          GError         **error)
{
  static const char * const sql[] = {
    [CLT_CONTACT_EMAIL] = "UPDATE emails SET label = ?2, address = ?3 WHERE id = ?1",
    [CLT_CONTACT_PHONE] = "UPDATE phones SET label = ?2, number = ?3, digits = ?4 WHERE id = ?1",
    [CLT_CONTACT_ADDRESS] = "UPDATE addresses SET label = ?2, text = ?3 WHERE id = ?1",
  };
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *owner_sql = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind <= CLT_CONTACT_ADDRESS, FALSE);

  if (!validate_contact (kind, value, error))
    return FALSE;

  stripped = kind == CLT_CONTACT_ADDRESS ? g_strstrip (g_strdup (value)) : clt_text_strip (value);
  stmt = clt_store_prepare (self, sql[kind], error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, contact_id);
  clt_bind_text (stmt, 2, label);
  clt_bind_text (stmt, 3, stripped);
  if (kind == CLT_CONTACT_PHONE)
    {
      digits = clt_text_phone_digits (value);
      clt_bind_text (stmt, 4, digits);
    }

  owner_sql = g_strdup_printf ("SELECT customer_id FROM %s WHERE id = ?1", contact_table (kind));
  return change_child (self, owner_sql, contact_id, stmt, error);
}

gboolean
clt_store_delete_contact (CltStore        *self,
                          CltContactKind   kind,
                          gint64           contact_id,
                          GError         **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *owner_sql = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind <= CLT_CONTACT_ADDRESS, FALSE);

  sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", contact_table (kind));
  owner_sql = g_strdup_printf ("SELECT customer_id FROM %s WHERE id = ?1", contact_table (kind));
  stmt = clt_store_prepare (self, sql, error);
  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, contact_id);

  return change_child (self, owner_sql, contact_id, stmt, error);
}

gint64
clt_store_add_preference (CltStore            *self,
                          gint64               customer_id,
                          const char          *category,
                          const char          *text,
                          CltPreferenceFlags   flags,
                          GError             **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *clean_category = NULL;
  g_autofree char *clean_text = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);

  if (!require_text (text, _("A preference cannot be empty."), error))
    return 0;

  clean_category = clt_text_is_blank (category) ? NULL : clt_text_strip (category);
  clean_text = g_strstrip (g_strdup (text));
  stmt = clt_store_prepare (self,
                            "INSERT INTO preferences (customer_id, category, text, alert, sensitive,"
                            " position, created_at, updated_at, uid)"
                            " VALUES (?1, ?2, ?3, ?4, ?5,"
                            " " CLT_NEXT_PREFERENCE_POSITION ", ?6, ?6, " CLT_SQL_NEW_ELEMENT_UID ")",
                            error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  clt_bind_text (stmt, 2, clean_category);
  clt_bind_text (stmt, 3, clean_text);
  sqlite3_bind_int (stmt, 4, (flags & CLT_PREFERENCE_ALERT) != 0);
  sqlite3_bind_int (stmt, 5, (flags & CLT_PREFERENCE_SENSITIVE) != 0);
  sqlite3_bind_int64 (stmt, 6, now_unix ());

  return insert_child (self, customer_id, stmt, error);
}

gboolean
clt_store_update_preference (CltStore            *self,
                             gint64               preference_id,
                             const char          *category,
                             const char          *text,
                             CltPreferenceFlags   flags,
                             GError             **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *clean_category = NULL;
  g_autofree char *clean_text = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!require_text (text, _("A preference cannot be empty."), error))
    return FALSE;

  clean_category = clt_text_is_blank (category) ? NULL : clt_text_strip (category);
  clean_text = g_strstrip (g_strdup (text));
  stmt = clt_store_prepare (self,
                            "UPDATE preferences SET category = ?2, text = ?3, alert = ?4,"
                            " sensitive = ?5, updated_at = ?6 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, preference_id);
  clt_bind_text (stmt, 2, clean_category);
  clt_bind_text (stmt, 3, clean_text);
  sqlite3_bind_int (stmt, 4, (flags & CLT_PREFERENCE_ALERT) != 0);
  sqlite3_bind_int (stmt, 5, (flags & CLT_PREFERENCE_SENSITIVE) != 0);
  sqlite3_bind_int64 (stmt, 6, now_unix ());

  return change_child (self, "SELECT customer_id FROM preferences WHERE id = ?1",
                       preference_id, stmt, error);
}

static gboolean
delete_child (CltStore    *self,
              const char  *owner_sql,
              const char  *delete_sql,
              gint64       id,
              GError     **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, delete_sql, error);

  if (stmt != NULL)
    sqlite3_bind_int64 (stmt, 1, id);

  return change_child (self, owner_sql, id, stmt, error);
}

gboolean
clt_store_delete_preference (CltStore  *self,
                             gint64     preference_id,
                             GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return delete_child (self,
                       "SELECT customer_id FROM preferences WHERE id = ?1",
                       "DELETE FROM preferences WHERE id = ?1",
                       preference_id, error);
}

gint64
clt_store_add_note (CltStore    *self,
                    gint64       customer_id,
                    const char  *text,
                    const char  *author,
                    gboolean     pinned,
                    GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *clean_text = NULL;
  g_autofree char *clean_author = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);

  if (!require_text (text, _("A note cannot be empty."), error))
    return 0;

  clean_text = g_strstrip (g_strdup (text));
  clean_author = clt_text_is_blank (author) ? NULL : clt_text_strip (author);
  stmt = clt_store_prepare (self,
                            "INSERT INTO notes (customer_id, text, author, pinned, created_at, updated_at, uid)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?5, " CLT_SQL_NEW_ELEMENT_UID ")", error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  clt_bind_text (stmt, 2, clean_text);
  clt_bind_text (stmt, 3, clean_author);
  sqlite3_bind_int (stmt, 4, pinned != FALSE);
  sqlite3_bind_int64 (stmt, 5, now_unix ());

  return insert_child (self, customer_id, stmt, error);
}

gboolean
clt_store_update_note (CltStore    *self,
                       gint64       note_id,
                       const char  *text,
                       gboolean     pinned,
                       GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *clean_text = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!require_text (text, _("A note cannot be empty."), error))
    return FALSE;

  clean_text = g_strstrip (g_strdup (text));
  stmt = clt_store_prepare (self,
                            "UPDATE notes SET text = ?2, pinned = ?3, updated_at = ?4 WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, note_id);
  clt_bind_text (stmt, 2, clean_text);
  sqlite3_bind_int (stmt, 3, pinned != FALSE);
  sqlite3_bind_int64 (stmt, 4, now_unix ());

  return change_child (self, "SELECT customer_id FROM notes WHERE id = ?1", note_id, stmt, error);
}

gboolean
clt_store_delete_note (CltStore  *self,
                       gint64     note_id,
                       GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return delete_child (self,
                       "SELECT customer_id FROM notes WHERE id = ?1",
                       "DELETE FROM notes WHERE id = ?1",
                       note_id, error);
}

gint64
clt_store_add_interaction (CltStore            *self,
                           gint64               customer_id,
                           CltInteractionKind   kind,
                           gint64               at_unix,
                           gboolean             planned,
                           const char          *note,
                           const char          *staff,
                           GError             **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *clean_note = NULL;
  g_autofree char *clean_staff = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), 0);
  g_return_val_if_fail (kind < CLT_INTERACTION_N_KINDS, 0);

  if (!require_time (at_unix, error))
    return 0;

  clean_note = clt_text_is_blank (note) ? NULL : g_strstrip (g_strdup (note));
  clean_staff = clt_text_is_blank (staff) ? NULL : clt_text_strip (staff);
  stmt = clt_store_prepare (self,
                            "INSERT INTO interactions (customer_id, kind, at, planned, note, staff, created_at, uid)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " CLT_SQL_NEW_UUID ")", error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  clt_bind_text (stmt, 2, clt_interaction_kind_to_string (kind));
  sqlite3_bind_int64 (stmt, 3, at_unix);
  sqlite3_bind_int (stmt, 4, planned != FALSE);
  clt_bind_text (stmt, 5, clean_note);
  clt_bind_text (stmt, 6, clean_staff);
  sqlite3_bind_int64 (stmt, 7, now_unix ());

  return insert_child (self, customer_id, stmt, error);
}

gboolean
clt_store_update_interaction (CltStore            *self,
                              gint64               interaction_id,
                              CltInteractionKind   kind,
                              gint64               at_unix,
                              gboolean             planned,
                              const char          *note,
                              const char          *staff,
                              GError             **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *clean_note = NULL;
  g_autofree char *clean_staff = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind < CLT_INTERACTION_N_KINDS, FALSE);

  if (!require_time (at_unix, error))
    return FALSE;

  clean_note = clt_text_is_blank (note) ? NULL : g_strstrip (g_strdup (note));
  clean_staff = clt_text_is_blank (staff) ? NULL : clt_text_strip (staff);
  stmt = clt_store_prepare (self,
                            "UPDATE interactions SET kind = ?2, at = ?3, planned = ?4, note = ?5, staff = ?6"
                            " WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, interaction_id);
  clt_bind_text (stmt, 2, clt_interaction_kind_to_string (kind));
  sqlite3_bind_int64 (stmt, 3, at_unix);
  sqlite3_bind_int (stmt, 4, planned != FALSE);
  clt_bind_text (stmt, 5, clean_note);
  clt_bind_text (stmt, 6, clean_staff);

  return change_child (self, "SELECT customer_id FROM interactions WHERE id = ?1",
                       interaction_id, stmt, error);
}

gboolean
clt_store_delete_interaction (CltStore  *self,
                              gint64     interaction_id,
                              GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return delete_child (self,
                       "SELECT customer_id FROM interactions WHERE id = ?1",
                       "DELETE FROM interactions WHERE id = ?1",
                       interaction_id, error);
}

gboolean
clt_store_add_tag (CltStore    *self,
                   gint64       customer_id,
                   const char  *tag,
                   GError     **error)
{
  g_autoptr(CltStmt) create = NULL;
  g_autoptr(CltStmt) link = NULL;
  g_autofree char *clean = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!require_text (tag, _("A tag cannot be empty."), error))
    return FALSE;

  clean = clt_text_strip (tag);
  if (!clt_store_tx_begin (self, error))
    return FALSE;

  create = clt_store_prepare (self, "INSERT OR IGNORE INTO tags (name) VALUES (?1)", error);
  link = clt_store_prepare (self,
                            "INSERT OR IGNORE INTO customer_tags (customer_id, tag_id)"
                            " SELECT ?1, id FROM tags WHERE name = ?2", error);
  ok = create != NULL && link != NULL && customer_exists (self, customer_id, error);
  if (ok)
    {
      clt_bind_text (create, 1, clean);
      sqlite3_bind_int64 (link, 1, customer_id);
      clt_bind_text (link, 2, clean);
      ok = clt_store_step_done (self, create, error) && clt_store_step_done (self, link, error);
    }

  if (ok)
    clt_store_mark_dirty (self, customer_id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
clt_store_remove_tag (CltStore    *self,
                      gint64       customer_id,
                      const char  *tag,
                      GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  stmt = clt_store_prepare (self,
                            "DELETE FROM customer_tags WHERE customer_id = ?1"
                            " AND tag_id = (SELECT id FROM tags WHERE name = ?2)", error);
  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, customer_id);
      clt_bind_text (stmt, 2, tag);
      ok = step_one (self, stmt, error);
    }

  if (ok)
    clt_store_mark_dirty (self, customer_id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

/* A date-only promise is due at the end of its day. */
gint64
clt_store_add_promise (CltStore    *self,
                       gint64       customer_id,
                       const char  *text,
                       const char  *promised_by,
                       gint64       due_unix,
                       gboolean     due_all_day,
                       GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *clean_text = NULL;
  g_autofree char *clean_by = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  g_return_val_if_fail (CLT_IS_STORE (self), 0);

  if (!require_text (text, _("Say what was promised."), error))
    return 0;
  if (!require_time (due_unix, error))
    return 0;

  clean_text = g_strstrip (g_strdup (text));
  clean_by = clt_text_is_blank (promised_by) ? NULL : clt_text_strip (promised_by);
  stmt = clt_store_prepare (self,
                            "INSERT INTO promises (customer_id, text, promised_by, created_at, due_at, due_all_day,"
                            " remind_at, uid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, " CLT_SQL_NEW_UUID ")", error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  clt_bind_text (stmt, 2, clean_text);
  clt_bind_text (stmt, 3, clean_by);
  sqlite3_bind_int64 (stmt, 4, now_unix ());
  sqlite3_bind_int64 (stmt, 5, due_unix);
  sqlite3_bind_int (stmt, 6, due_all_day != FALSE);
  sqlite3_bind_int64 (stmt, 7, clt_schedule_default_remind (tz, due_unix, due_all_day));

  return insert_child (self, customer_id, stmt, error);
}

static void
append_column (GString      *out,
               sqlite3_stmt *stmt)
{
  while (sqlite3_step (stmt) == SQLITE_ROW)
    for (int i = 0; i < sqlite3_column_count (stmt); i++)
      clt_search_text_add_line (out, clt_column_text (stmt, i));
}

/* Appends the rows of one child table of a customer. */
static gboolean
append_rows (CltStore    *self,
             GString     *out,
             const char  *sql,
             gint64       customer_id,
             GError     **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  append_column (out, stmt);
  return TRUE;
}

/* A customer's phones in the search row (their digits, which a search by
 * the start of a number finds) and in the phone index (every form of each
 * number, in which a search finds any run of digits). */
static void
append_phones (CltSearchText *text,
               sqlite3_stmt  *stmt)
{
  while (sqlite3_step (stmt) == SQLITE_ROW)
    clt_search_text_add_phone (text, clt_column_text (stmt, 0));
}

/* Writes @row as the search row @search_rowid, which has none, and the
 * words of the names. */
static gboolean
insert_row (CltStore      *self,
            gint64         search_rowid,
            CltSearchRow  *row,
            GError       **error)
{
  g_autoptr(CltStmt) index = NULL;

  index = clt_store_prepare (self,
                             "INSERT INTO search (rowid, name, contact, details) VALUES (?1, ?2, ?3, ?4)",
                             error);
  if (index == NULL || !clt_store_typos_note_words (self, row->name_words, error))
    return FALSE;

  sqlite3_bind_int64 (index, 1, search_rowid);
  sqlite3_bind_text (index, 2, row->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (index, 3, row->contact, -1, SQLITE_STATIC);
  sqlite3_bind_text (index, 4, row->details, -1, SQLITE_STATIC);
  return clt_store_step_done (self, index, error);
}

/**
 * clt_store_index_new_row:
 * @row: the customer's search row, as clt_search_text_finish() made it
 *   from their data in the order index_new() below reads it
 *
 * Writes the search row and phone index of a customer added in this
 * transaction, who has neither yet.
 */
gboolean
clt_store_index_new_row (CltStore      *self,
                         gint64         search_rowid,
                         CltSearchRow  *row,
                         GError       **error)
{
  return insert_row (self, search_rowid, row, error) &&
         clt_store_phone_index_set (self, search_rowid, row->phone_tokens, FALSE, error);
}

/* Brings the customer's search row and derived columns in line with its
 * data. Called for every customer a transaction touched, just before it
 * commits, so the index never disagrees with the book. */
gboolean
clt_store_reindex (CltStore  *self,
                   gint64     customer_id,
                   GError   **error)
{
  return clt_store_reindex_parts (self, customer_id, CLT_DIRTY_ANY, error);
}

/* The search row of a customer added in this transaction, who has only
 * the child rows @parts names: the same text as the full reindex below
 * (the same tables in the same order, each read in the same index order),
 * without the tables they have no row in, the search row they do not have
 * yet, or the last contact, which interactions alone set. The import
 * makes the same text from what it writes (clt-import.c). */
static gboolean
index_new (CltStore       *self,
           gint64          customer_id,
           gint64          search_rowid,
           CltSearchText  *text,
           CltDirty        parts,
           GError        **error)
{
  g_autoptr(CltSearchRow) row = NULL;

  if ((parts & CLT_DIRTY_EMAILS) != 0 &&
      !append_rows (self, text->contact, "SELECT address FROM emails WHERE customer_id = ?1", customer_id, error))
    return FALSE;
  if ((parts & CLT_DIRTY_ADDRESSES) != 0 &&
      !append_rows (self, text->contact, "SELECT text FROM addresses WHERE customer_id = ?1", customer_id, error))
    return FALSE;
  if ((parts & CLT_DIRTY_PHONES) != 0)
    {
      g_autoptr(CltStmt) phones = clt_store_prepare (self, "SELECT number FROM phones WHERE customer_id = ?1",
                                                     error);

      if (phones == NULL)
        return FALSE;
      sqlite3_bind_int64 (phones, 1, customer_id);
      append_phones (text, phones);
    }
  if ((parts & CLT_DIRTY_PREFERENCES) != 0 &&
      !append_rows (self, text->details, "SELECT category, text FROM preferences WHERE customer_id = ?1",
                    customer_id, error))
    return FALSE;
  if ((parts & CLT_DIRTY_NOTES) != 0 &&
      !append_rows (self, text->details, "SELECT text FROM notes WHERE customer_id = ?1", customer_id, error))
    return FALSE;
  if ((parts & CLT_DIRTY_TAGS) != 0 &&
      !append_rows (self, text->details,
                    "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id"
                    " WHERE ct.customer_id = ?1", customer_id, error))
    return FALSE;

  row = clt_search_text_finish (text);
  return clt_store_index_new_row (self, search_rowid, row, error);
}

/* Writes a customer's search row again; with @derived, their phone index
 * and last contact too. */
static gboolean
reindex_row (CltStore  *self,
             gint64     customer_id,
             CltDirty   parts,
             gboolean   derived,
             GError   **error)
{
  g_autoptr(CltStmt) customer = NULL;
  g_autoptr(CltStmt) emails = NULL;
  g_autoptr(CltStmt) phones = NULL;
  g_autoptr(CltStmt) details = NULL;
  g_autoptr(CltStmt) unindex = NULL;
  g_autoptr(CltStmt) last = NULL;
  g_autoptr(CltSearchRow) row = NULL;
  g_auto(CltSearchText) text = { 0 };
  gint64 search_rowid;

  customer = clt_store_prepare (self,
                                "SELECT search_rowid, display_name, given_name, family_name,"
                                " addressed_as, company FROM customers WHERE id = ?1", error);
  if (customer == NULL)
    return FALSE;

  sqlite3_bind_int64 (customer, 1, customer_id);
  if (sqlite3_step (customer) != SQLITE_ROW)
    return TRUE; /* deleted: its search row went with it */

  clt_search_text_init (&text);
  search_rowid = sqlite3_column_int64 (customer, 0);
  for (int i = 1; i < 6; i++)
    clt_search_text_add_line (text.name, clt_column_text (customer, i));
  g_clear_pointer (&customer, clt_stmt_release);

  if ((parts & CLT_DIRTY_NEW) != 0 && (parts & CLT_DIRTY_ANY) == 0)
    return index_new (self, customer_id, search_rowid, &text, parts, error);

  emails = clt_store_prepare (self,
                              "SELECT address FROM emails WHERE customer_id = ?1 UNION ALL "
                              "SELECT text FROM addresses WHERE customer_id = ?1", error);
  phones = clt_store_prepare (self, "SELECT number FROM phones WHERE customer_id = ?1", error);
  details = clt_store_prepare (self,
                               "SELECT category, text FROM preferences WHERE customer_id = ?1 UNION ALL "
                               "SELECT NULL, text FROM notes WHERE customer_id = ?1 UNION ALL "
                               "SELECT NULL, note FROM interactions WHERE customer_id = ?1 UNION ALL "
                               "SELECT NULL, text FROM promises WHERE customer_id = ?1 UNION ALL "
                               "SELECT NULL, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id"
                               " WHERE ct.customer_id = ?1", error);
  unindex = clt_store_prepare (self, "DELETE FROM search WHERE rowid = ?1", error);
  last = clt_store_prepare (self,
                            "UPDATE customers SET last_contact_at ="
                            " (SELECT max(at) FROM interactions WHERE customer_id = ?1 AND planned = 0)"
                            " WHERE id = ?1", error);
  if (emails == NULL || phones == NULL || details == NULL || unindex == NULL || last == NULL)
    return FALSE;

  sqlite3_bind_int64 (emails, 1, customer_id);
  append_column (text.contact, emails);

  sqlite3_bind_int64 (phones, 1, customer_id);
  append_phones (&text, phones);

  sqlite3_bind_int64 (details, 1, customer_id);
  append_column (text.details, details);

  row = clt_search_text_finish (&text);
  sqlite3_bind_int64 (unindex, 1, search_rowid);
  sqlite3_bind_int64 (last, 1, customer_id);

  if (!clt_store_step_done (self, unindex, error) || !insert_row (self, search_rowid, row, error))
    return FALSE;

  return !derived ||
         (clt_store_phone_index_set (self, search_rowid, row->phone_tokens, TRUE, error) &&
          clt_store_step_done (self, last, error));
}

/* Reindexes a customer after the changes @parts (CLT_DIRTY_ANY: any). */
gboolean
clt_store_reindex_parts (CltStore  *self,
                         gint64     customer_id,
                         CltDirty   parts,
                         GError   **error)
{
  return reindex_row (self, customer_id, parts, TRUE, error);
}

/* Writes a customer's search row again from their data, as it is written
 * today (clt-store-refold.c): nothing else about them changes. */
gboolean
clt_store_refold_row (CltStore  *self,
                      gint64     customer_id,
                      GError   **error)
{
  return reindex_row (self, customer_id, CLT_DIRTY_ANY, FALSE, error);
}

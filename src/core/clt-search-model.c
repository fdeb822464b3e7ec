/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-search-model"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-search-accent.h"
#include "clt-search-desk.h"
#include "clt-search-model.h"
#include "clt-search-typos.h"
#include "clt-store-private.h"
#include "clt-text.h"

/*
 * The results of a search, loaded a page at a time as the list scrolls.
 *
 * Matches come in tiers — the name, then, for a search by digits, the
 * phone numbers (the phone index, see clt-store-phone-index.c), then
 * contact details (e-mails, phones, addresses), then everything else
 * (preferences, notes, history) — so that "plume" lists Mr Plume before
 * the guest allergic to feathers. A customer found by an earlier tier is
 * not listed again by a later one. Within a
 * tier, the search index's rowid order is alphabetical order (see
 * clt-store-customers.c), so a page is the next rows after the last
 * rowid seen: FTS5 walks its doclist in order and stops after a page,
 * whatever the size of the book, and nothing is ever sorted.
 *
 * Before the tiers, a few customers expected or seen today who match
 * (the desk's order, see clt-search-desk.c); the tiers skip them.
 * When the names tier found fewer than CLT_SEARCH_TYPOS_BELOW, the names
 * a typo or two away follow everything else, the first under the heading
 * "Close matches" (see clt-search-typos.c).
 */

#define N_TIERS 4
#define PHONE_TIER 1

struct _CltSearchModel
{
  GObject     parent_instance;

  CltStore   *store;
  char       *query;
  char       *tier_match[N_TIERS];  /* FTS5 expressions, the phone tier's LIKE
                                       pattern; NULL: browse, or no such tier */
  char       *phone_digits;  /* of a search for a phone number, else NULL */
  GPtrArray  *items;
  GHashTable *previous;  /* id → CltCustomer of the last results, while a new query loads */
  GHashTable *rows_read;  /* ids whose row details were looked up since the last reload */
  GHashTable *listed;  /* ids in the results, when a customer may match in several tiers */
  char      **accent_words;  /* clt_search_accent_words() of the query */
  guint       tier;
  guint       n_names;  /* found by the names tier */
  guint       n_desk;   /* today's customers listed first (fetch_desk()) */
  gboolean    typos_done;  /* close matches listed, or none to look for */
  gint64      last_rowid;
  guint       load_idle_id;
  guint       first_page_size;  /* of the first page read; 0: a page */
  gboolean    read_once;
  gboolean    short_page;  /* the first page was short: the next waits to be asked for */
  gboolean    complete;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltSearchModel, clt_search_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_QUERY,
  PROP_COMPLETE,
  PROP_FIRST_PAGE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define CUSTOMER_COLUMNS \
  "c.id, c.display_name, c.honorific, c.given_name, c.family_name, c.addressed_as," \
  " c.company, c.language, c.vip, c.last_contact_at," \
  " (SELECT p.text FROM preferences p WHERE p.customer_id = c.id AND p.alert = 1" \
  "  ORDER BY p.position, p.id LIMIT 1)," \
  " (SELECT group_concat(t, ' · ') FROM (SELECT p.text AS t FROM preferences p" \
  "  WHERE p.customer_id = c.id AND p.alert = 0 AND p.sensitive = 0" \
  "  ORDER BY p.position, p.id LIMIT 3))"

static const char search_sql[] =
  "SELECT s.rowid, " CUSTOMER_COLUMNS
  " FROM search s JOIN customers c ON c.search_rowid = s.rowid"
  " WHERE search MATCH ?1 AND s.rowid > ?2 AND c.archived = 0 AND c.trashed_at IS NULL"
  " ORDER BY s.rowid LIMIT ?3";

static const char phone_sql[] =
  "SELECT s.rowid, " CUSTOMER_COLUMNS
  " FROM phone_search s JOIN customers c ON c.search_rowid = s.rowid"
  " WHERE s.digits LIKE ?1 AND s.rowid > ?2 AND c.archived = 0 AND c.trashed_at IS NULL"
  " ORDER BY s.rowid LIMIT ?3";

static const char browse_sql[] =
  "SELECT c.search_rowid, " CUSTOMER_COLUMNS
  " FROM customers c"
  " WHERE c.search_rowid > ?2 AND c.archived = 0 AND c.trashed_at IS NULL"
  " ORDER BY c.search_rowid LIMIT ?3";

static CltCustomer *
customer_from_row (sqlite3_stmt *stmt)
{
  return g_object_new (CLT_TYPE_CUSTOMER,
                       "id", sqlite3_column_int64 (stmt, 1),
                       "display-name", clt_column_text (stmt, 2),
                       "honorific", clt_column_text (stmt, 3),
                       "given-name", clt_column_text (stmt, 4),
                       "family-name", clt_column_text (stmt, 5),
                       "addressed-as", clt_column_text (stmt, 6),
                       "company", clt_column_text (stmt, 7),
                       "language", clt_column_text (stmt, 8),
                       "vip", sqlite3_column_int (stmt, 9) != 0,
                       "last-contact", sqlite3_column_int64 (stmt, 10),
                       "alert", clt_column_text (stmt, 11),
                       "summary", clt_column_text (stmt, 12),
                       NULL);
}

static void
clear_query (CltSearchModel *self)
{
  g_hash_table_remove_all (self->rows_read);
  g_hash_table_remove_all (self->listed);
  g_clear_pointer (&self->phone_digits, g_free);
  g_clear_pointer (&self->accent_words, g_strfreev);
  self->n_names = 0;
  self->n_desk = 0;
  for (guint i = 0; i < N_TIERS; i++)
    g_clear_pointer (&self->tier_match[i], g_free);
}

static void
set_complete (CltSearchModel *self,
              gboolean        complete)
{
  if (self->complete == complete)
    return;

  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* Appends up to @limit matches from the current tier; moves to the next
 * tier when this one is exhausted. Returns how many were added. */
static gboolean
fetch (CltSearchModel  *self,
       guint            limit,
       guint           *added,
       GError         **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  gboolean browse = self->tier_match[0] == NULL;
  gboolean phones = self->tier == PHONE_TIER;
  gboolean names = !browse && self->tier == 0;
  guint n = 0;
  guint n_read = 0;
  int rc;

  if (!browse && self->tier_match[self->tier] == NULL)
    {
      self->tier++;
      self->last_rowid = 0;
      return TRUE;
    }

  stmt = clt_store_prepare (self->store, browse ? browse_sql : phones ? phone_sql : search_sql, error);
  if (stmt == NULL)
    return FALSE;

  if (!browse)
    clt_bind_text (stmt, 1, self->tier_match[self->tier]);
  sqlite3_bind_int64 (stmt, 2, self->last_rowid);
  sqlite3_bind_int (stmt, 3, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);
      CltCustomer *previous = NULL;

      self->last_rowid = sqlite3_column_int64 (stmt, 0);
      n_read++;

      /* With a phone tier, a customer may match in several tiers; one
       * of today's customers is already listed first. */
      if (self->tier_match[PHONE_TIER] != NULL || g_hash_table_size (self->listed) > 0)
        {
          if (g_hash_table_contains (self->listed, &id))
            continue;
          g_hash_table_add (self->listed, g_memdup2 (&id, sizeof id));
        }

      /* The same object for the same customer lets a list view keep its
       * row from one keystroke to the next instead of building it again. */
      if (self->previous != NULL)
        previous = g_hash_table_lookup (self->previous, &id);

      if (previous != NULL)
        clt_customer_set_heading (previous, NULL);
      g_ptr_array_add (self->items, previous ? g_object_ref (previous) : customer_from_row (stmt));
      clt_customer_set_desk_reason (g_ptr_array_index (self->items, self->items->len - 1), NULL);
      n++;
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self->store, rc, error);
      return FALSE;
    }

  if (n_read < limit)
    {
      self->tier = browse ? N_TIERS : self->tier + 1;
      self->last_rowid = 0;
    }

  if (names)
    self->n_names += n;
  *added += n;
  return TRUE;
}

/* Appends the close matches, best first, if the names tier found few. */
static gboolean
load_close_matches (CltSearchModel  *self,
                    guint           *added,
                    GError         **error)
{
  g_autoptr(GPtrArray) levels = NULL;
  g_autoptr(GHashTable) listed = NULL;
  guint n = 0;

  self->typos_done = TRUE;
  if (self->n_names >= CLT_SEARCH_TYPOS_BELOW)
    return TRUE;

  levels = clt_search_typos_levels (self->store, self->query, error);
  if (levels == NULL)
    return FALSE;

  /* Found already by the ordinary tiers: not offered again. */
  listed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  for (guint i = 0; i < self->items->len; i++)
    g_hash_table_add (listed, g_memdup2 (&(gint64) { clt_customer_get_id (g_ptr_array_index (self->items, i)) },
                                         sizeof (gint64)));

  for (guint level = 0; level < levels->len && n < CLT_SEARCH_TYPOS_MAX; level++)
    {
      g_autoptr(CltStmt) stmt = clt_store_prepare (self->store, search_sql, error);
      int rc = SQLITE_DONE;

      if (stmt == NULL)
        return FALSE;
      clt_bind_text (stmt, 1, g_ptr_array_index (levels, level));
      sqlite3_bind_int64 (stmt, 2, 0);
      sqlite3_bind_int (stmt, 3, CLT_SEARCH_TYPOS_MAX + self->items->len);

      while (n < CLT_SEARCH_TYPOS_MAX && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 1);
          CltCustomer *customer = NULL;

          if (g_hash_table_contains (listed, &id))
            continue;
          g_hash_table_add (listed, g_memdup2 (&id, sizeof id));
          if (self->previous != NULL)
            customer = g_hash_table_lookup (self->previous, &id);
          customer = customer ? g_object_ref (customer) : customer_from_row (stmt);
          clt_customer_set_heading (customer, n == 0 ? _("Close matches") : NULL);
          g_ptr_array_add (self->items, customer);
          n++;
        }
      if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        {
          clt_store_set_error (self->store, rc, error);
          return FALSE;
        }
    }

  *added += n;
  return TRUE;
}

/* Today's customers who match, first (clt-search-desk.c). */
static gboolean
fetch_desk (CltSearchModel  *self,
            const char      *match,
            guint           *added,
            GError         **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  stmt = clt_search_desk_prepare (self->store, CUSTOMER_COLUMNS, match, self->tier_match[PHONE_TIER],
                                  g_get_real_time () / G_USEC_PER_SEC, error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 1);
      g_autofree char *reason = clt_search_desk_describe (sqlite3_column_int (stmt, 13),
                                                          sqlite3_column_int64 (stmt, 14));
      CltCustomer *customer = self->previous != NULL ? g_hash_table_lookup (self->previous, &id) : NULL;

      customer = customer != NULL ? g_object_ref (customer) : customer_from_row (stmt);
      clt_customer_set_desk_reason (customer, reason);
      g_ptr_array_add (self->items, customer);
      g_hash_table_add (self->listed, g_memdup2 (&id, sizeof id));
      self->n_desk++;
      (*added)++;
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self->store, rc, error);
      return FALSE;
    }
  return TRUE;
}

/* Fills the page of @size @added has begun. */
static gboolean
load_page (CltSearchModel  *self,
           guint            size,
           guint           *added,
           GError         **error)
{
  guint from = self->items->len;

  while (!self->complete && *added < size)
    {
      if (self->tier >= N_TIERS && !self->typos_done)
        {
          if (!load_close_matches (self, added, error))
            return FALSE;
          continue;
        }
      if (self->tier >= N_TIERS)
        {
          set_complete (self, TRUE);
          break;
        }
      if (!fetch (self, size - *added, added, error))
        return FALSE;
    }

  /* The accent typed counts, among the names of this page. */
  clt_search_accent_sort (self->items, from, MIN (self->n_desk + self->n_names, self->items->len),
                          self->accent_words);
  return TRUE;
}

/* A damaged book is said by its store's "damaged" signal, once: not at
 * every search. */
static void
report_error (const char   *what,
              const GError *error)
{
  if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED))
    g_debug ("%s: %s", what, error->message);
  else
    g_warning ("%s: %s", what, error->message);
}

static gboolean
load_more_idle_cb (gpointer user_data)
{
  CltSearchModel *self = user_data;
  g_autoptr(GError) error = NULL;

  self->load_idle_id = 0;
  if (!clt_search_model_load_more (self, &error))
    report_error ("Could not load more search results", error);

  return G_SOURCE_REMOVE;
}

static GType
clt_search_model_get_item_type (GListModel *model)
{
  return CLT_TYPE_CUSTOMER;
}

/* A row with nothing to remember shows the customer's first phone
 * instead, or without one the town of their first address. They are read
 * here, for the rows a list shows, rather than in the search's query,
 * which then pays for a lookup per result (p50 up by 1.3–1.8 times at
 * 100,000 customers). */
static void
load_reach (CltSearchModel *self,
            CltCustomer    *customer)
{
  g_autoptr(CltStmt) stmt = NULL;

  if (clt_customer_get_alert (customer) != NULL || clt_customer_get_summary (customer) != NULL)
    return;

  /* Without either the row keeps a blank line, as before: nothing to report. */
  stmt = clt_store_prepare (self->store,
                            "SELECT 0, number FROM (SELECT number FROM phones WHERE customer_id = ?1"
                            " ORDER BY id LIMIT 1) UNION ALL"
                            " SELECT 1, text FROM (SELECT text FROM addresses WHERE customer_id = ?1"
                            " ORDER BY id LIMIT 1) ORDER BY 1 LIMIT 1",
                            NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, clt_customer_get_id (customer));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return;

  if (sqlite3_column_int (stmt, 0) == 0)
    {
      clt_customer_set_phone (customer, clt_column_text (stmt, 1));
    }
  else
    {
      g_autofree char *city = clt_text_address_city (clt_column_text (stmt, 1));

      clt_customer_set_city (customer, city);
    }
}

/* A search by phone digits says which of the customer's numbers it found,
 * as it was written, so the clerk can confirm it at a glance. Read for
 * the rows shown, like load_reach(); the same customer object serves
 * every query, so a search by name clears it. */
static void
load_matched_phone (CltSearchModel *self,
                    CltCustomer    *customer)
{
  g_autoptr(CltStmt) stmt = NULL;

  if (self->phone_digits == NULL)
    {
      clt_customer_set_matched_phone (customer, NULL);
      return;
    }

  stmt = clt_store_prepare (self->store, "SELECT number FROM phones WHERE customer_id = ?1 ORDER BY id",
                            NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, clt_customer_get_id (customer));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *number = clt_column_text (stmt, 0);

      if (clt_text_phone_matches (number, self->phone_digits))
        {
          clt_customer_set_matched_phone (customer, number);
          return;
        }
    }

  /* Found by an e-mail address or a note with these digits. */
  clt_customer_set_matched_phone (customer, NULL);
}

static void
load_row (CltSearchModel *self,
          CltCustomer    *customer)
{
  gint64 id = clt_customer_get_id (customer);

  if (g_hash_table_contains (self->rows_read, &id))
    return;
  g_hash_table_add (self->rows_read, g_memdup2 (&id, sizeof id));

  load_matched_phone (self, customer);
  load_reach (self, customer);
}

static guint
clt_search_model_get_n_items (GListModel *model)
{
  return CLT_SEARCH_MODEL (model)->items->len;
}

static gpointer
clt_search_model_get_item (GListModel *model,
                           guint       position)
{
  CltSearchModel *self = CLT_SEARCH_MODEL (model);
  CltCustomer *customer;

  if (position >= self->items->len)
    return NULL;

  /* Fetch the next page before the list reaches the end of this one;
   * after a short first page, when asked (clt_search_model_load_more()). */
  if (!self->complete && self->load_idle_id == 0 && !self->short_page &&
      position + CLT_SEARCH_MODEL_PAGE_SIZE / 2 >= self->items->len)
    self->load_idle_id = g_idle_add (load_more_idle_cb, self);

  customer = g_ptr_array_index (self->items, position);
  load_row (self, customer);

  return g_object_ref (customer);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = clt_search_model_get_item_type;
  iface->get_n_items = clt_search_model_get_n_items;
  iface->get_item = clt_search_model_get_item;
}

static void
clt_search_model_dispose (GObject *object)
{
  CltSearchModel *self = (CltSearchModel *)object;

  g_clear_handle_id (&self->load_idle_id, g_source_remove);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_search_model_parent_class)->dispose (object);
}

static void
clt_search_model_finalize (GObject *object)
{
  CltSearchModel *self = (CltSearchModel *)object;

  clear_query (self);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->rows_read, g_hash_table_unref);
  g_clear_pointer (&self->listed, g_hash_table_unref);

  G_OBJECT_CLASS (clt_search_model_parent_class)->finalize (object);
}

static void
clt_search_model_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CltSearchModel *self = CLT_SEARCH_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    case PROP_FIRST_PAGE_SIZE:
      g_value_set_uint (value, self->first_page_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_search_model_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CltSearchModel *self = CLT_SEARCH_MODEL (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      clt_search_model_set_query (self, g_value_get_string (value));
      break;
    case PROP_FIRST_PAGE_SIZE:
      self->first_page_size = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_search_model_constructed (GObject *object)
{
  CltSearchModel *self = CLT_SEARCH_MODEL (object);

  G_OBJECT_CLASS (clt_search_model_parent_class)->constructed (object);

  g_assert (CLT_IS_STORE (self->store));
  clt_search_model_reload (self);
}

static void
clt_search_model_class_init (CltSearchModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = clt_search_model_constructed;
  object_class->dispose = clt_search_model_dispose;
  object_class->finalize = clt_search_model_finalize;
  object_class->get_property = clt_search_model_get_property;
  object_class->set_property = clt_search_model_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FIRST_PAGE_SIZE] =
    g_param_spec_uint ("first-page-size", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_search_model_init (CltSearchModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->query = g_strdup ("");
  self->rows_read = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->listed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/**
 * clt_search_model_new:
 *
 * Creates a model listing the whole book in alphabetical order until a
 * query is set; only the first page is read.
 */
CltSearchModel *
clt_search_model_new (CltStore *store)
{
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  return g_object_new (CLT_TYPE_SEARCH_MODEL, "store", store, NULL);
}

/**
 * clt_search_model_new_for_rows:
 * @store: the book
 * @n_rows: how many rows a list shows at first, or 0 for a page
 *
 * Creates a model listing the whole book, as clt_search_model_new() does,
 * whose first page read holds @n_rows: a window's first frame reads no
 * more than it shows. The next page is read when asked for, with
 * clt_search_model_load_more(); the pages after it as the list nears
 * their end, and a new query reads a whole page.
 */
CltSearchModel *
clt_search_model_new_for_rows (CltStore *store,
                               guint     n_rows)
{
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  return g_object_new (CLT_TYPE_SEARCH_MODEL, "store", store, "first-page-size", n_rows, NULL);
}

CltStore *
clt_search_model_get_store (CltSearchModel *self)
{
  g_return_val_if_fail (CLT_IS_SEARCH_MODEL (self), NULL);

  return self->store;
}

const char *
clt_search_model_get_query (CltSearchModel *self)
{
  g_return_val_if_fail (CLT_IS_SEARCH_MODEL (self), NULL);

  return self->query;
}

gboolean
clt_search_model_get_complete (CltSearchModel *self)
{
  g_return_val_if_fail (CLT_IS_SEARCH_MODEL (self), FALSE);

  return self->complete;
}

/**
 * clt_search_model_set_query:
 * @query: (nullable): what the person typed; any text is taken literally
 *
 * Replaces the results with the first page of matches for @query, best
 * first. An empty query lists the whole book.
 */
void
clt_search_model_set_query (CltSearchModel *self,
                            const char     *query)
{
  g_return_if_fail (CLT_IS_SEARCH_MODEL (self));

  if (query == NULL)
    query = "";

  if (g_strcmp0 (self->query, query) == 0)
    return;

  g_free (self->query);
  self->query = g_strdup (query);

  /* Only the query changed, not the book: the customers already listed
   * are still right. */
  self->previous = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  for (guint i = 0; i < self->items->len; i++)
    {
      CltCustomer *customer = g_ptr_array_index (self->items, i);

      g_hash_table_insert (self->previous,
                           g_memdup2 (&(gint64) { clt_customer_get_id (customer) }, sizeof (gint64)),
                           g_object_ref (customer));
    }
  clt_search_model_reload (self);
  g_clear_pointer (&self->previous, g_hash_table_unref);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

/**
 * clt_search_model_reload:
 *
 * Runs the query again from the first page, after the book changed.
 */
void
clt_search_model_reload (CltSearchModel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *match = NULL;
  guint removed;
  guint added = 0;
  guint size;

  g_return_if_fail (CLT_IS_SEARCH_MODEL (self));

  g_clear_handle_id (&self->load_idle_id, g_source_remove);
  clear_query (self);

  match = clt_text_fts_query (self->query);
  self->phone_digits = clt_text_phone_query_digits (self->query);
  if (match != NULL)
    {
      self->tier_match[0] = g_strdup_printf ("{name} : (%s)", match);
      self->accent_words = clt_search_accent_words (self->query);
      if (self->phone_digits != NULL && strlen (self->phone_digits) >= CLT_TEXT_PHONE_RUN_MIN)
        self->tier_match[PHONE_TIER] = g_strdup_printf ("%%%s%%", self->phone_digits);
      self->tier_match[2] = g_strdup_printf ("{name contact} : (%s) NOT {name} : (%s)", match, match);
      self->tier_match[3] = g_strdup_printf ("(%s) NOT {name contact} : (%s)", match, match);
    }
  else if (!clt_text_is_blank (self->query))
    {
      /* Only punctuation: nothing can match. */
      self->tier = N_TIERS;
    }

  removed = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  self->last_rowid = 0;
  self->n_names = 0;
  self->n_desk = 0;
  /* Close matches are looked for only for words. */
  self->typos_done = match == NULL || self->phone_digits != NULL;
  self->complete = FALSE;
  if (match != NULL || clt_text_is_blank (self->query))
    self->tier = 0;

  /* The search goes on without the desk's order, which a damaged book
   * (read-only) cannot copy. */
  if (match != NULL && !fetch_desk (self, match, &added, &error))
    {
      g_debug ("Could not list today's customers first: %s", error->message);
      g_clear_error (&error);
    }

  size = !self->read_once && self->first_page_size > 0 ? self->first_page_size : CLT_SEARCH_MODEL_PAGE_SIZE;
  self->short_page = size < CLT_SEARCH_MODEL_PAGE_SIZE;
  self->read_once = TRUE;
  if (!load_page (self, size, &added, &error))
    report_error ("Could not search the customer book", error);

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/**
 * clt_search_model_prepare:
 *
 * Makes ready now what a search reads first, today's customers, when the
 * book or the day changed since: for an idle moment, so that the next
 * keystroke does not pay for it.
 *
 * Returns: %FALSE with @error set when the book cannot be read
 */
gboolean
clt_search_model_prepare (CltSearchModel  *self,
                          GError         **error)
{
  g_return_val_if_fail (CLT_IS_SEARCH_MODEL (self), FALSE);

  return clt_search_desk_refresh (self->store, g_get_real_time () / G_USEC_PER_SEC, error);
}

/**
 * clt_search_model_load_more:
 *
 * Appends the next page of results, if any.
 *
 * Returns: %FALSE with @error set when the book cannot be read
 */
gboolean
clt_search_model_load_more (CltSearchModel  *self,
                            GError         **error)
{
  guint position;
  guint added = 0;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_SEARCH_MODEL (self), FALSE);

  g_clear_handle_id (&self->load_idle_id, g_source_remove);

  self->short_page = FALSE;
  position = self->items->len;
  ok = load_page (self, CLT_SEARCH_MODEL_PAGE_SIZE, &added, error);
  if (added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);

  return ok;
}

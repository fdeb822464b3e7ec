/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "clt-core.h"

#define N_CUSTOMERS 200
#define SEED 20240601
#define NOW G_GINT64_CONSTANT (1717236000) /* 2024-06-01 10:00 UTC */

typedef struct
{
  char     *dir;
  CltStore *store;
} Book;

static void
book_open (Book *book)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  book->dir = g_dir_make_tmp ("clientele-test-sample-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (book->dir, "book.db", NULL);
  book->store = clt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (book->store);
}

static void
book_close (Book *book)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *path = g_strdup (clt_store_get_path (book->store));

  g_clear_object (&book->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (book->dir);
  g_clear_pointer (&book->dir, g_free);
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  guint *last = user_data;

  g_assert_cmpuint (done, >, *last);
  g_assert_cmpuint (done, <=, total);
  *last = done;
}

static void
book_fill (Book    *book,
           guint32  seed)
{
  g_autoptr(GError) error = NULL;
  guint last = 0;

  g_assert_true (clt_sample_fill (book->store, N_CUSTOMERS, seed, NOW,
                                  progress_cb, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (last, ==, N_CUSTOMERS);
}

/* The customers of a fresh book, in the order they were added. */
static GPtrArray *
book_customers (Book *book)
{
  GPtrArray *customers = g_ptr_array_new_with_free_func (g_object_unref);

  for (gint64 id = 1; customers->len < N_CUSTOMERS; id++)
    {
      g_autoptr(GError) error = NULL;
      CltCustomer *customer = clt_store_get_customer (book->store, id, &error);

      g_assert_no_error (error);
      g_ptr_array_add (customers, customer);
    }

  return customers;
}

static void
test_sample_count (void)
{
  Book book = { 0, };

  book_open (&book);
  book_fill (&book, SEED);
  g_assert_cmpint (clt_store_count_customers (book.store), ==, N_CUSTOMERS);
  book_close (&book);
}

static void
test_sample_deterministic (void)
{
  Book a = { 0, };
  Book b = { 0, };
  Book c = { 0, };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) other = NULL;
  guint same_as_other = 0;

  book_open (&a);
  book_open (&b);
  book_open (&c);
  book_fill (&a, SEED);
  book_fill (&b, SEED);
  book_fill (&c, SEED + 1);
  first = book_customers (&a);
  second = book_customers (&b);
  other = book_customers (&c);

  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      CltCustomer *x = g_ptr_array_index (first, i);
      CltCustomer *y = g_ptr_array_index (second, i);
      CltCustomer *z = g_ptr_array_index (other, i);

      g_assert_cmpstr (clt_customer_get_display_name (x), ==, clt_customer_get_display_name (y));
      g_assert_cmpstr (clt_customer_get_honorific (x), ==, clt_customer_get_honorific (y));
      g_assert_cmpstr (clt_customer_get_company (x), ==, clt_customer_get_company (y));
      g_assert_cmpstr (clt_customer_get_language (x), ==, clt_customer_get_language (y));
      g_assert_cmpstr (clt_customer_get_birthday (x), ==, clt_customer_get_birthday (y));
      g_assert_cmpstr (clt_customer_get_alert (x), ==, clt_customer_get_alert (y));
      g_assert_cmpint (clt_customer_get_vip (x), ==, clt_customer_get_vip (y));
      g_assert_cmpint (clt_customer_get_last_contact (x), ==, clt_customer_get_last_contact (y));

      if (g_strcmp0 (clt_customer_get_display_name (x), clt_customer_get_display_name (z)) == 0)
        same_as_other++;
    }

  /* Another seed, another book. */
  g_assert_cmpuint (same_as_other, <, N_CUSTOMERS / 4);

  book_close (&a);
  book_close (&b);
  book_close (&c);
}

static void
test_sample_realistic (void)
{
  Book book = { 0, };
  g_autoptr(GPtrArray) customers = NULL;
  guint n_fr = 0;
  guint n_en = 0;
  guint n_alerts = 0;
  guint n_accented = 0;
  guint n_companies = 0;
  guint n_regulars = 0;

  book_open (&book);
  book_fill (&book, SEED);
  customers = book_customers (&book);

  for (guint i = 0; i < customers->len; i++)
    {
      CltCustomer *customer = g_ptr_array_index (customers, i);
      const char *name = clt_customer_get_display_name (customer);
      const char *language = clt_customer_get_language (customer);
      g_autoptr(GError) error = NULL;
      g_autoptr(CltRemember) remember = NULL;
      g_auto(GStrv) tags = NULL;

      g_assert_true (g_utf8_validate (name, -1, NULL));
      if (!g_str_is_ascii (name))
        n_accented++;
      if (clt_customer_get_company (customer) != NULL)
        n_companies++;

      remember = clt_store_get_remember (book.store, clt_customer_get_id (customer), NOW, &error);
      g_assert_no_error (error);
      tags = clt_store_list_tags (book.store, clt_customer_get_id (customer), &error);
      g_assert_no_error (error);
      for (guint t = 0; tags[t] != NULL; t++)
        {
          /* A regular is « Habitué(e) », whoever they are (issue 13). */
          g_assert_cmpstr (tags[t], !=, "Régulier");
          if (g_str_equal (tags[t], "Habitué(e)"))
            n_regulars++;
        }

      if (g_strcmp0 (language, "fr") == 0)
        {
          /* French is written with the typographic apostrophe: d’Estaing. */
          g_assert_null (strchr (name, '\''));
          g_assert_null (strchr (clt_customer_get_company (customer) ? clt_customer_get_company (customer) : "", '\''));
          for (guint k = 0; k < remember->items->len; k++)
            {
              CltRememberItem *item = g_ptr_array_index (remember->items, k);

              g_assert_null (strchr (item->text, '\''));
            }
          n_fr++;
        }
      else if (g_strcmp0 (language, "en") == 0)
        n_en++;
      else
        g_assert_not_reached ();

      if (clt_remember_count_kind (remember, CLT_REMEMBER_ALERT) > 0)
        {
          g_assert_nonnull (clt_customer_get_alert (customer));
          n_alerts++;
        }
    }

  g_assert_cmpuint (n_fr, >, n_en);
  g_assert_cmpuint (n_en, >, 0);
  g_assert_cmpuint (n_alerts, >, 0);
  g_assert_cmpuint (n_accented, >, 0);
  g_assert_cmpuint (n_companies, >, 0);
  g_assert_cmpuint (n_regulars, >, 0);

  book_close (&book);
}

static gboolean
model_contains (CltSearchModel *model,
                gint64          id)
{
  for (guint i = 0;; i++)
    {
      g_autoptr(CltCustomer) customer = NULL;

      if (i == g_list_model_get_n_items (G_LIST_MODEL (model)))
        {
          g_autoptr(GError) error = NULL;

          if (clt_search_model_get_complete (model))
            return FALSE;
          g_assert_true (clt_search_model_load_more (model, &error));
          g_assert_no_error (error);
          if (i == g_list_model_get_n_items (G_LIST_MODEL (model)))
            return FALSE;
        }

      customer = g_list_model_get_item (G_LIST_MODEL (model), i);
      if (clt_customer_get_id (customer) == id)
        return TRUE;
    }
}

static void
test_sample_search (void)
{
  Book book = { 0, };
  g_autoptr(GPtrArray) customers = NULL;
  g_autoptr(CltSearchModel) model = NULL;
  guint n_searched = 0;

  book_open (&book);
  book_fill (&book, SEED);
  customers = book_customers (&book);
  model = clt_search_model_new (book.store);

  for (guint i = 0; i < customers->len && n_searched < 10; i += 7)
    {
      CltCustomer *customer = g_ptr_array_index (customers, i);
      const char *family = clt_customer_get_family_name (customer);

      if (family == NULL)
        continue;

      clt_search_model_set_query (model, family);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
      if (!model_contains (model, clt_customer_get_id (customer)))
        g_error ("Searching “%s” does not find customer %" G_GINT64_FORMAT " (%s)",
                 family, clt_customer_get_id (customer),
                 clt_customer_get_display_name (customer));
      n_searched++;
    }

  g_assert_cmpuint (n_searched, ==, 10);
  book_close (&book);
}

static void
test_sample_integrity (void)
{
  Book book = { 0, };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;

  book_open (&book);
  book_fill (&book, SEED);
  problems = clt_store_check_integrity (book.store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  if (problems[0] != NULL)
    {
      g_autofree char *all = g_strjoinv ("\n", problems);

      g_error ("The generated book is not consistent:\n%s", all);
    }
  book_close (&book);
}

static void
test_sample_cancel (void)
{
  Book book = { 0, };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  book_open (&book);
  g_cancellable_cancel (cancellable);
  g_assert_false (clt_sample_fill (book.store, N_CUSTOMERS, SEED, NOW, NULL, NULL,
                                   cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (clt_store_count_customers (book.store), ==, 0);

  /* The store is usable again after the rollback. */
  book_fill (&book, SEED);
  g_assert_cmpint (clt_store_count_customers (book.store), ==, N_CUSTOMERS);
  book_close (&book);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sample/count", test_sample_count);
  g_test_add_func ("/sample/deterministic", test_sample_deterministic);
  g_test_add_func ("/sample/realistic", test_sample_realistic);
  g_test_add_func ("/sample/search", test_sample_search);
  g_test_add_func ("/sample/integrity", test_sample_integrity);
  g_test_add_func ("/sample/cancel", test_sample_cancel);

  return g_test_run ();
}

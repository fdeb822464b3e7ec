/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "clt-test-book.h"

void
clt_test_book_set_up (CltTestBook   *book,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  book->dir = g_dir_make_tmp ("clientele-test-XXXXXX", &error);
  g_assert_no_error (error);
  book->path = g_build_filename (book->dir, "book.db", NULL);
  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
}

void
clt_test_book_tear_down (CltTestBook   *book,
                         gconstpointer  data)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  g_clear_object (&book->store);

  handle = g_dir_open (book->dir, 0, NULL);
  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (book->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (book->dir);
  g_clear_pointer (&book->path, g_free);
  g_clear_pointer (&book->dir, g_free);
}

gint64
clt_test_book_add (CltTestBook *book,
                   const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_customer_new (name);
  gint64 id = clt_store_add_customer (book->store, customer, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

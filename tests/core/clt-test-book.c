/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "clt-test-book.h"

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

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
  g_clear_object (&book->store);

  /* What a test made beside the book (another folder, copies) goes too. */
  remove_tree (book->dir);
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

static char *data_home;

void
clt_test_data_home_set_up (void)
{
  g_autoptr(GError) error = NULL;

  data_home = g_dir_make_tmp ("clientele-test-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);
}

void
clt_test_data_home_clear (void)
{
  g_autofree char *folder = g_build_filename (data_home, "clientele", NULL);

  g_assert_nonnull (data_home);
  remove_tree (folder);
}

void
clt_test_data_home_tear_down (void)
{
  remove_tree (data_home);
  g_clear_pointer (&data_home, g_free);
}

static char *counted_prefix;
static guint n_counted;

static GLogWriterOutput
count_messages_writer (GLogLevelFlags   log_level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0 &&
        g_str_has_prefix (fields[i].value, counted_prefix))
      {
        n_counted++;
        return G_LOG_WRITER_HANDLED;
      }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
clt_test_count_messages (const char *prefix)
{
  g_assert_null (counted_prefix);

  counted_prefix = g_strdup (prefix);
  g_log_set_writer_func (count_messages_writer, NULL, NULL);
}

guint
clt_test_counted_messages (void)
{
  return n_counted;
}

void
clt_test_reset_counted (void)
{
  n_counted = 0;
}

gboolean
clt_test_maps_library (const char *name)
{
  g_autofree char *maps = NULL;

  g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
  return strstr (maps, name) != NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

/* Runs a fuzz target over its seed corpus, so that every build checks the
 * seeds (and any crash found by libFuzzer, once added to the corpus). */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
test_corpus (gconstpointer data)
{
  const char *dir_path = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint n = 0;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_no_error (error);
      LLVMFuzzerTestOneInput ((const guint8 *) contents, length);
      n++;
    }

  g_assert_cmpuint (n, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert (argc == 2);
  g_test_add_data_func ("/fuzz/corpus", argv[1], test_corpus);

  return g_test_run ();
}

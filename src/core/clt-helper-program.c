/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clientele-core"

#include "config.h"

#include "clt-helper-program.h"

char *
clt_helper_program_find (const char *env_name,
                         const char *name)
{
  const char *override = g_getenv (env_name);
  g_autofree char *self_path = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  /* In a build tree the helpers are in src/, beside the window and one
   * folder up from src/cli/clientele-cli. */
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      g_autofree char *beside = g_build_filename (dir, name, NULL);
      g_autofree char *above = g_build_filename (dir, "..", name, NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
      if (g_str_has_suffix (dir, G_DIR_SEPARATOR_S "cli") && g_file_test (above, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&above);
    }

  return g_build_filename (LIBEXECDIR, name, NULL);
}

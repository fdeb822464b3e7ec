/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clientele-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <gmodule.h>

#include "clt-module.h"

G_LOCK_DEFINE_STATIC (modules);
static GHashTable *modules;   /* name → GModule, kept for the process */

/* Where the module @file is. */
static char *
dup_module_dir (const char *file)
{
  const char *override = g_getenv ("CLT_MODULE_DIR");
  g_autofree char *self_path = NULL;

  if (override != NULL && *override != '\0')
    return g_strdup (override);

  /* The tests, the benchmarks and build-aux/run run programs of the build
   * tree, whose modules are not installed yet: the core's, or the
   * window's (libportal). */
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL && g_str_has_prefix (self_path, BUILD_ROOT G_DIR_SEPARATOR_S))
    {
      g_autofree char *core = g_build_filename (BUILD_ROOT, "src", "core", NULL);
      g_autofree char *path = g_build_filename (core, file, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&core);
      return g_build_filename (BUILD_ROOT, "src", "gui", NULL);
    }

  return g_strdup (PKGLIBDIR);
}

static GModule *
open_module (const char  *name,
             GError     **error)
{
  g_autofree char *file = g_strdup_printf ("libclientele-%s.so", name);
  g_autofree char *dir = dup_module_dir (file);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GModule *module;

  g_debug ("Loading %s", path);
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   /* Translators: %s says which file, and why (in English). */
                   _("A part of Clientele could not be loaded (%s). Reinstall Clientele."),
                   g_module_error ());
      return NULL;
    }
  g_module_make_resident (module);

  return module;
}

gpointer
clt_module_lookup (const char  *name,
                   const char  *symbol,
                   GError     **error)
{
  GModule *module;
  gpointer address = NULL;

  g_return_val_if_fail (name != NULL && symbol != NULL, NULL);

  G_LOCK (modules);
  if (modules == NULL)
    modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  module = g_hash_table_lookup (modules, name);
  if (module == NULL)
    {
      module = open_module (name, error);
      if (module != NULL)
        g_hash_table_insert (modules, g_strdup (name), module);
    }
  G_UNLOCK (modules);

  if (module == NULL)
    return NULL;

  if (!g_module_symbol (module, symbol, &address) || address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("A part of Clientele could not be loaded (%s). Reinstall Clientele."),
                   g_module_error ());
      return NULL;
    }

  return address;
}

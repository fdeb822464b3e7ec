/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clientele-core"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-locale.h"

/* Where the translations are: the build's own po/ directory when the program
 * runs uninstalled (`meson devenv`, build-aux/run set CLIENTELE_UNINSTALLED),
 * otherwise the installed LOCALEDIR. */
const char *
clt_locale_dir (void)
{
  if (g_getenv ("CLIENTELE_UNINSTALLED") != NULL)
    return BUILD_LOCALEDIR;
  return LOCALEDIR;
}

/* Binds the program's text domain; the caller has set the locale. */
void
clt_locale_bind (void)
{
  bindtextdomain (GETTEXT_PACKAGE, clt_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

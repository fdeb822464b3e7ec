/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-search-provider"

#include "config.h"

#include <locale.h>

#include "clt-core.h"
#include "clt-search-provider.h"

/* GNOME Shell's search provider: D-Bus starts it for a search in the
 * Activities overview (data/…SearchProvider.service), with no window and
 * no GTK. */
int
main (int   argc,
      char *argv[])
{
  g_autoptr(CltSearchProvider) provider = NULL;

  setlocale (LC_ALL, "");
  clt_locale_bind ();

  provider = clt_search_provider_new ();
  return g_application_run (G_APPLICATION (provider), argc, argv);
}

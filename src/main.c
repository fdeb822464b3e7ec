/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clientele"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "clt-application.h"
#include "clt-locale.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CltApplication) app = NULL;

  setlocale (LC_ALL, "");
  clt_locale_bind ();

  app = clt_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}

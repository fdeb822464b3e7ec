/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-background"

/* The module that holds libportal (libclientele-portal.so), loaded by
 * clt-background.c through clt_module_lookup(). */

#include <gmodule.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "clt-portal-module.h"

G_MODULE_EXPORT gboolean clt_portal_running_under_sandbox     (void);
G_MODULE_EXPORT void     clt_portal_request_background        (GtkWindow           *parent,
                                                               const char          *reason,
                                                               GPtrArray           *commandline,
                                                               gboolean             autostart,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
G_MODULE_EXPORT gboolean clt_portal_request_background_finish (GObject       *source,
                                                               GAsyncResult  *result,
                                                               GError       **error);

gboolean
clt_portal_running_under_sandbox (void)
{
  return xdp_portal_running_under_sandbox ();
}

static XdpPortal *
get_portal (void)
{
  static XdpPortal *portal;

  if (portal == NULL)
    portal = xdp_portal_new ();

  return portal;
}

void
clt_portal_request_background (GtkWindow           *parent,
                               const char          *reason,
                               GPtrArray           *commandline,
                               gboolean             autostart,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  XdpParent *xdp_parent = parent != NULL ? xdp_parent_new_gtk (parent) : NULL;

  xdp_portal_request_background (get_portal (), xdp_parent, (char *) reason, commandline,
                                 autostart ? XDP_BACKGROUND_FLAG_AUTOSTART
                                           : XDP_BACKGROUND_FLAG_NONE,
                                 NULL, callback, user_data);

  if (xdp_parent != NULL)
    xdp_parent_free (xdp_parent);
}

gboolean
clt_portal_request_background_finish (GObject       *source,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return xdp_portal_request_background_finish (XDP_PORTAL (source), result, error);
}

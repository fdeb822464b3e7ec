/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What libclientele-portal.so does with libportal, for clt-background.c:
 * loaded a moment after start-up, not at exec (libportal and its GTK part
 * cost every start 1.7 ms before main()). */

/* Flatpak or Snap: libportal knows the signs, one place for them. */
typedef gboolean (*CltPortalRunningUnderSandboxFunc)  (void);
#define CLT_PORTAL_RUNNING_UNDER_SANDBOX "clt_portal_running_under_sandbox"

/* The Background portal's request; @callback's source is the portal. */
typedef void     (*CltPortalRequestBackgroundFunc)    (GtkWindow           *parent,
                                                       const char          *reason,
                                                       GPtrArray           *commandline,
                                                       gboolean             autostart,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
#define CLT_PORTAL_REQUEST_BACKGROUND "clt_portal_request_background"

typedef gboolean (*CltPortalRequestBackgroundFinishFunc) (GObject       *source,
                                                          GAsyncResult  *result,
                                                          GError       **error);
#define CLT_PORTAL_REQUEST_BACKGROUND_FINISH "clt_portal_request_background_finish"

G_END_DECLS

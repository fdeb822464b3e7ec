/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-background"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <libportal-gtk4/portal-gtk4.h>

#include "clt-window.h"

#include "clt-background.h"

/* Starting Clientele with the session, so that it reminds with its window
 * closed: an autostart entry in ~/.config/autostart, or, inside Flatpak
 * where that directory is out of reach, the Background portal. */

#define SETTING "run-in-background"

/* Set when the setting is turned back off after a refusal, until that
 * change arrives: the portal then has nothing to undo. */
static gboolean reverting;

static char *
autostart_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "autostart", APPLICATION_ID ".desktop", NULL);
}

/* Starts Clientele as a service at login, or no longer. */
static void
update_autostart (gboolean enabled)
{
  g_autofree char *path = autostart_path ();
  g_autoptr(GError) error = NULL;

  if (enabled)
    {
      g_autoptr(GKeyFile) key_file = g_key_file_new ();
      g_autofree char *dir = g_path_get_dirname (path);

      g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_TYPE,
                             G_KEY_FILE_DESKTOP_TYPE_APPLICATION);
      g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NAME,
                             _("Clientele"));
      g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_COMMENT,
                             _("Reminds you of your promises to customers"));
      g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_ICON,
                             APPLICATION_ID);
      g_key_file_set_string (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_EXEC,
                             "clientele --gapplication-service");
      g_key_file_set_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP, G_KEY_FILE_DESKTOP_KEY_NO_DISPLAY,
                              TRUE);
      g_key_file_set_boolean (key_file, G_KEY_FILE_DESKTOP_GROUP, "X-GNOME-Autostart-enabled", TRUE);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        g_warning ("Could not make %s: %s", dir, g_strerror (errno));
      else if (!g_key_file_save_to_file (key_file, path, &error))
        g_warning ("Could not write %s: %s", path, error->message);
    }
  else if (g_unlink (path) != 0 && errno != ENOENT)
    {
      g_warning ("Could not remove %s: %s", path, g_strerror (errno));
    }
}

static XdpPortal *
get_portal (void)
{
  static XdpPortal *portal;

  if (portal == NULL)
    portal = xdp_portal_new ();

  return portal;
}

/* The book window in front, or the one a dialog in front belongs to. */
static CltWindow *
get_book_window (GtkApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (application);

  while (window != NULL && !CLT_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);

  return window != NULL ? CLT_WINDOW (window) : NULL;
}

/* Tells the user that Clientele may not run in the background: in a toast
 * when a window shows, else in a notification. */
static void
explain_refusal (GtkApplication *application)
{
  const char *title = _("Clientele may not run in the background");
  const char *body = _("Reminders will only show while Clientele is open. "
                       "Allow it to run in the background in Settings, Apps.");
  CltWindow *window = get_book_window (application);

  if (window != NULL)
    {
      AdwToast *toast = adw_toast_new (title);

      adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
      clt_window_add_toast (window, toast);
    }
  else
    {
      g_autoptr(GNotification) notification = g_notification_new (title);

      g_notification_set_body (notification, body);
      g_application_send_notification (G_APPLICATION (application), "background-refused",
                                       notification);
    }
}

typedef struct
{
  GtkApplication *application;
  GSettings      *settings;
  gboolean        autostart;
} Request;

static void
request_background_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GError) error = NULL;

  if (!xdp_portal_request_background_finish (XDP_PORTAL (source), result, &error))
    {
      g_message ("Background request refused: %s", error->message);

      /* Unless turned off meanwhile; refusing to stop needs no answer. */
      if (request->autostart && g_settings_get_boolean (request->settings, SETTING))
        {
          reverting = TRUE;
          g_settings_set_boolean (request->settings, SETTING, FALSE);
          explain_refusal (request->application);
        }
    }

  g_application_release (G_APPLICATION (request->application));
  g_object_unref (request->application);
  g_object_unref (request->settings);
  g_free (request);
}

static void
request_background (GtkApplication *application,
                    GSettings      *settings,
                    gboolean        autostart)
{
  g_autoptr(GPtrArray) commandline = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *reason =
    g_strdup (_("Clientele shows reminders of your promises even when its window is closed."));
  GtkWindow *window = gtk_application_get_active_window (application);
  XdpParent *parent = window != NULL ? xdp_parent_new_gtk (window) : NULL;
  Request *request = g_new0 (Request, 1);

  request->application = g_object_ref (application);
  request->settings = g_object_ref (settings);
  request->autostart = autostart;

  g_ptr_array_add (commandline, g_strdup ("clientele"));
  g_ptr_array_add (commandline, g_strdup ("--gapplication-service"));

  /* Kept running until the portal answers, even with no window. */
  g_application_hold (G_APPLICATION (application));
  xdp_portal_request_background (get_portal (), parent, reason, commandline,
                                 autostart ? XDP_BACKGROUND_FLAG_AUTOSTART
                                           : XDP_BACKGROUND_FLAG_NONE,
                                 NULL, request_background_cb, request);

  if (parent != NULL)
    xdp_parent_free (parent);
}

/**
 * clt_background_update:
 * @application: the application
 * @settings: its settings, with "run-in-background"
 * @initial: whether Clientele is starting rather than the setting changing
 *
 * Makes Clientele start with the session, or no longer, as the setting
 * says. In a sandbox (Flatpak, Snap), asks the Background portal when the setting
 * changes, and turns it back off if the portal refuses.
 */
void
clt_background_update (GtkApplication *application,
                       GSettings      *settings,
                       gboolean        initial)
{
  gboolean enabled;

  g_return_if_fail (GTK_IS_APPLICATION (application));
  g_return_if_fail (G_IS_SETTINGS (settings));

  enabled = g_settings_get_boolean (settings, SETTING);

  /* Flatpak or Snap: libportal knows the signs, one place for them. */
  if (!xdp_portal_running_under_sandbox ())
    update_autostart (enabled);
  else if (reverting)
    reverting = FALSE;
  /* The portal remembers: asking again at each start would be in vain. */
  else if (!initial)
    request_background (application, settings, enabled);
}

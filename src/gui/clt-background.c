/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-background"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-module.h"
#include "clt-portal-module.h"
#include "clt-window.h"

#include "clt-background.h"

/* Starting Clientele with the session, so that it reminds with its window
 * closed: an autostart entry in ~/.config/autostart, or, inside Flatpak
 * where that directory is out of reach, the Background portal. */

#define SETTING "run-in-background"

/* Set when the setting is turned back off after a refusal, until that
 * change arrives: the portal then has nothing to undo. */
static gboolean reverting;

/* libportal is in a module (clt-portal-module.c), loaded the first time it
 * is needed, after start-up; NULL, with a warning, if it cannot be. */
static gpointer
lookup_portal (const char *symbol)
{
  g_autoptr(GError) error = NULL;
  gpointer function = clt_module_lookup ("portal", symbol, &error);

  if (function == NULL)
    g_warning ("%s", error->message);
  return function;
}

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
  CltPortalRequestBackgroundFinishFunc finish = lookup_portal (CLT_PORTAL_REQUEST_BACKGROUND_FINISH);
  g_autoptr(GError) error = NULL;

  if (!finish (source, result, &error))
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
  CltPortalRequestBackgroundFunc request_func = lookup_portal (CLT_PORTAL_REQUEST_BACKGROUND);
  Request *request;

  if (request_func == NULL)
    return;

  request = g_new0 (Request, 1);
  request->application = g_object_ref (application);
  request->settings = g_object_ref (settings);
  request->autostart = autostart;

  g_ptr_array_add (commandline, g_strdup ("clientele"));
  g_ptr_array_add (commandline, g_strdup ("--gapplication-service"));

  /* Kept running until the portal answers, even with no window. */
  g_application_hold (G_APPLICATION (application));
  request_func (gtk_application_get_active_window (application), reason, commandline,
                autostart, request_background_cb, request);
}

/* In a sandbox (Flatpak, Snap), as libportal tells; FALSE if it cannot be
 * loaded. */
static gboolean
running_under_sandbox (void)
{
  CltPortalRunningUnderSandboxFunc under_sandbox = lookup_portal (CLT_PORTAL_RUNNING_UNDER_SANDBOX);

  return under_sandbox != NULL && under_sandbox ();
}

static void
apply (GtkApplication *application,
       GSettings      *settings,
       gboolean        initial)
{
  gboolean enabled = g_settings_get_boolean (settings, SETTING);

  if (!running_under_sandbox ())
    update_autostart (enabled);
  else if (reverting)
    reverting = FALSE;
  /* The portal remembers: asking again at each start would be in vain. */
  else if (!initial)
    request_background (application, settings, enabled);
}

typedef struct
{
  GtkApplication *application;
  GSettings      *settings;
} Later;

static void
later_free (gpointer data)
{
  Later *later = data;

  g_object_unref (later->application);
  g_object_unref (later->settings);
  g_free (later);
}

static gboolean
apply_later_cb (gpointer data)
{
  Later *later = data;

  apply (later->application, later->settings, TRUE);
  return G_SOURCE_REMOVE;
}

/**
 * clt_background_update:
 * @application: the application
 * @settings: its settings, with "run-in-background"
 * @initial: whether Clientele is starting rather than the setting changing
 *
 * Makes Clientele start with the session, or no longer, as the setting
 * says. In a sandbox (Flatpak, Snap), asks the Background portal when the
 * setting changes, and turns it back off if the portal refuses. At start,
 * a second later: what libportal costs is not spent before the first
 * frame.
 */
void
clt_background_update (GtkApplication *application,
                       GSettings      *settings,
                       gboolean        initial)
{
  g_return_if_fail (GTK_IS_APPLICATION (application));
  g_return_if_fail (G_IS_SETTINGS (settings));

  if (initial)
    {
      Later *later = g_new0 (Later, 1);

      later->application = g_object_ref (application);
      later->settings = g_object_ref (settings);
      g_timeout_add_seconds_full (G_PRIORITY_LOW, 1, apply_later_cb, later, later_free);
      return;
    }

  apply (application, settings, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-help"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "clt-help.h"

/*
 * F1: the help page for where the person is: the most precise part of the
 * window shown that has a page (the customer's page rather than the list
 * beside it, the Preferences page shown), else the window or dialog itself;
 * a message dialog takes its parent's page. Without a help viewer, F1 says
 * so in words and offers the same page as HTML in the web browser, instead
 * of GTK's "Operation not supported".
 */

#define HELP_URI_PREFIX "help:clientele/"
#define NO_VIEWER_KEY "clt-help-no-viewer"

/* Widgets by type name, and template children by their id ("#id"); of
 * two shown together, the later one is where the person is. */
static const struct {
  const char *place;
  const char *page;
} places[] = {
  { "CltWindow", "index" },
  { "#sidebar", "find-customer" },
  { "CltCustomerPage", "edit-customer" },
  { "CltTodayView", "today" },
  { "CltOutboxView", "outbox" },
  { "CltBookProblemPage", "backups" },
  { "CltCustomerDialog", "edit-customer" },
  { "CltContactDialog", "edit-customer" },
  { "CltNoteDialog", "edit-customer" },
  { "CltPreferenceDialog", "edit-customer" },
  { "CltLogDialog", "log-contact" },
  { "CltPromiseDialog", "promises" },
  { "CltComposeDialog", "write-follow-up" },
  { "CltTemplateDialog", "write-follow-up" },
  { "CltMailViewDialog", "outbox" },
  { "CltImportDialog", "import" },
  { "CltPasswordDialog", "mail-account" },
  { "CltSyncCollectionsDialog", "sharing" },
  { "CltPreferencesWindow", "preferences-general" },
  { "CltGeneralPage", "preferences-general" },
  { "#mail_page", "mail-account" },
  { "#templates_page", "write-follow-up" },
  { "CltPrivacyPage", "privacy" },
  { "CltSharingPage", "sharing" },
};

static CltHelpLauncher launcher;
static gpointer launcher_data;

/* The place of @widget in places[], or -1. */
static int
place_of (GtkWidget *widget)
{
  const char *type = G_OBJECT_TYPE_NAME (widget);
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      const char *place = places[i].place;

      if (place[0] == '#' ? g_strcmp0 (id, place + 1) == 0 : g_str_equal (type, place))
        return i;
    }

  return -1;
}

/* The most precise place shown: the latest in places[]. The order of the
 * widgets in the tree is not that on screen (a leaflet puts its page shown
 * last). */
static int
most_precise_place (GtkWidget *widget)
{
  int found;

  if (!gtk_widget_get_mapped (widget))
    return -1;

  found = place_of (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int inner = most_precise_place (child);

      found = MAX (found, inner);
    }

  return found;
}

static const char *
page_in_window (GtkWindow *window)
{
  int place = most_precise_place (GTK_WIDGET (window));

  return place >= 0 ? places[place].page : NULL;
}

static void
open_in_browser_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    g_debug ("The help could not be opened in a web browser: %s", error->message);
}

static void
no_viewer_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  const char *path = user_data;
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
  g_autofree char *uri = NULL;

  if (!g_str_equal (response, "browser"))
    return;

  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    return;

  if (launcher != NULL)
    launcher (parent, uri, launcher_data);
  else
    gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, open_in_browser_cb, NULL);
}

static void
show_no_viewer (GtkWindow  *parent,
                const char *page)
{
  g_autofree char *html = clt_help_html_path (page);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("No Help Viewer"), NULL));
  g_object_set_data (G_OBJECT (dialog), NO_VIEWER_KEY, GINT_TO_POINTER (TRUE));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));

  if (html != NULL)
    {
      adw_message_dialog_set_body (dialog,
                                   _("The help is read with the “Help” app, which is not installed. "
                                     "Install “Help” from Software, or read this page in your web browser."));
      adw_message_dialog_add_response (dialog, "browser", _("Open in _Web Browser"));
      adw_message_dialog_set_response_appearance (dialog, "browser", ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (dialog, "browser");
      g_signal_connect_data (dialog, "response", G_CALLBACK (no_viewer_response_cb),
                             g_steal_pointer (&html), (GClosureNotify) G_CALLBACK (g_free), 0);
    }
  else
    {
      adw_message_dialog_set_body (dialog,
                                   _("The help is read with the “Help” app, which is not installed. "
                                     "Install “Help” from Software, then press F1 again."));
      adw_message_dialog_set_default_response (dialog, "close");
    }

  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GtkWindow *parent;
  char      *page;
} Showing;

static void
showing_free (Showing *showing)
{
  g_object_unref (showing->parent);
  g_free (showing->page);
  g_free (showing);
}

static void
help_shown_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Showing *showing = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      g_debug ("No help viewer took %s: %s", showing->page, error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_no_viewer (showing->parent, showing->page);
    }

  showing_free (showing);
}

/* In a sandbox the portal opens the viewer outside it, which the sandbox
 * cannot see: only trying tells. */
static gboolean
viewer_may_exist (void)
{
  g_autoptr(GAppInfo) viewer = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return TRUE;

  viewer = g_app_info_get_default_for_uri_scheme ("help");

  return viewer != NULL;
}

/**
 * clt_help_set_launcher:
 *
 * Puts @launcher in place of the help viewer, or takes it away with %NULL.
 */
void
clt_help_set_launcher (CltHelpLauncher launcher_func,
                       gpointer        user_data)
{
  launcher = launcher_func;
  launcher_data = user_data;
}

/**
 * clt_help_current_window:
 *
 * Returns: (transfer none) (nullable): the window where the person is: the
 * active window, or the modal dialog shown on top of it.
 */
GtkWindow *
clt_help_current_window (GtkApplication *application)
{
  GtkWindow *window;
  gboolean deeper = TRUE;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  window = gtk_application_get_active_window (application);

  /* Whether or not the window manager gave the dialog the focus. */
  while (window != NULL && deeper)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();
      guint n = g_list_model_get_n_items (toplevels);

      deeper = FALSE;
      for (guint i = 0; i < n && !deeper; i++)
        {
          g_autoptr(GtkWindow) other = g_list_model_get_item (toplevels, i);

          if (other != window && gtk_window_get_transient_for (other) == window &&
              gtk_window_get_modal (other) && gtk_widget_get_visible (GTK_WIDGET (other)))
            {
              window = other;
              deeper = TRUE;
            }
        }
    }

  return window;
}

/**
 * clt_help_page_for_window:
 *
 * Returns: the help page about where the person is in @window, "index"
 * when nothing more precise is known.
 */
const char *
clt_help_page_for_window (GtkWindow *window)
{
  g_return_val_if_fail (window == NULL || GTK_IS_WINDOW (window), NULL);

  for (GtkWindow *w = window; w != NULL; w = gtk_window_get_transient_for (w))
    {
      const char *page = page_in_window (w);

      if (page != NULL)
        return page;
    }

  return "index";
}

/**
 * clt_help_html_path:
 *
 * Returns: (transfer full) (nullable): the file of @page in HTML, in the
 * person's language when it is translated, or %NULL when none is installed.
 */
char *
clt_help_html_path (const char *page)
{
  const char *dir = g_getenv ("CLT_HELP_HTML_DIR");
  const char * const *languages = g_get_language_names ();
  g_autofree char *file = NULL;

  g_return_val_if_fail (page != NULL, NULL);

  if (dir == NULL)
    dir = PKGDATADIR "/help";
  file = g_strconcat (page, ".html", NULL);

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dir, languages[i], file, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
    }

  return NULL;
}

/**
 * clt_help_show_page:
 *
 * Opens @page of the help, or says how to read it when no viewer can.
 */
void
clt_help_show_page (GtkWindow  *parent,
                    const char *page)
{
  g_autofree char *uri = NULL;
  Showing *showing;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (page != NULL);

  uri = g_strconcat (HELP_URI_PREFIX, page, NULL);

  if (launcher != NULL)
    {
      if (!launcher (parent, uri, launcher_data))
        show_no_viewer (parent, page);
      return;
    }

  if (!viewer_may_exist ())
    {
      show_no_viewer (parent, page);
      return;
    }

  showing = g_new0 (Showing, 1);
  showing->parent = g_object_ref (parent);
  showing->page = g_strdup (page);
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, help_shown_cb, showing);
}

/**
 * clt_help_show:
 *
 * F1: the help page for the view or dialog where the person is.
 */
void
clt_help_show (GtkApplication *application)
{
  GtkWindow *window;

  g_return_if_fail (GTK_IS_APPLICATION (application));

  window = clt_help_current_window (application);
  if (window == NULL)
    return;

  /* F1 on the message itself: it already says all there is. */
  if (g_object_get_data (G_OBJECT (window), NO_VIEWER_KEY) != NULL)
    {
      gtk_window_present (window);
      return;
    }

  clt_help_show_page (window, clt_help_page_for_window (window));
}

/**
 * clt_help_activate_link:
 *
 * A #GtkLabel::activate-link handler for "help:clientele/PAGE" links in
 * labels, so that they behave as F1 does.
 */
gboolean
clt_help_activate_link (GtkLabel   *label,
                        const char *uri,
                        gpointer    user_data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (label));

  if (!g_str_has_prefix (uri, HELP_URI_PREFIX) || !GTK_IS_WINDOW (root))
    return FALSE;

  clt_help_show_page (GTK_WINDOW (root), uri + strlen (HELP_URI_PREFIX));

  return TRUE;
}

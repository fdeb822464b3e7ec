/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-application"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-core.h"

#include "clt-application.h"

struct _CltApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CltApplication, clt_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "database", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the customer book stored in PATH"), N_("PATH") },
  { NULL }
};

static CltWindow *
find_window_for_path (CltApplication *self,
                      const char     *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CLT_IS_WINDOW (l->data) &&
          g_strcmp0 (clt_window_get_path (CLT_WINDOW (l->data)), path) == 0)
        return CLT_WINDOW (l->data);
    }

  return NULL;
}

static void
clt_application_quit_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  CltApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Closing rather than quitting lets every window save its size. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
clt_application_about_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  CltApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Clientele"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Clientele developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/clientele/clientele",
                        "issue-url", "https://github.com/clientele/clientele/issues",
                        /* Translators: replace with your names, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", clt_application_quit_action },
  { "about", clt_application_about_action },
};

static void
clt_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (clt_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_window_set_default_icon_name (APPLICATION_ID);
}

static void
clt_application_activate (GApplication *app)
{
  CltApplication *self = CLT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *path = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  path = clt_store_default_path ();
  clt_application_open_book (self, path);
}

static int
clt_application_command_line (GApplication            *app,
                              GApplicationCommandLine *command_line)
{
  CltApplication *self = CLT_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *database = NULL;
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "database", "^ay", &database))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, database);

      path = g_file_get_path (file);
    }
  else
    {
      path = clt_store_default_path ();
    }

  clt_application_open_book (self, path);

  return EXIT_SUCCESS;
}

static void
clt_application_class_init (CltApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = clt_application_startup;
  app_class->activate = clt_application_activate;
  app_class->command_line = clt_application_command_line;
}

static void
clt_application_init (CltApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Remember your customers and keep your promises to them."));
}

CltApplication *
clt_application_new (void)
{
  return g_object_new (CLT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* The same resources serve the Devel profile's ID. */
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

/**
 * clt_application_open_book:
 * @self: the application
 * @path: the customer book's database file
 *
 * Presents the window showing the book in @path, opening one if needed.
 * When the book cannot be opened the window says why, and the file is left
 * as it is.
 *
 * Returns: (transfer none): the window
 */
CltWindow *
clt_application_open_book (CltApplication *self,
                           const char     *path)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CltWindow *window;

  g_return_val_if_fail (CLT_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  window = find_window_for_path (self, path);
  if (window == NULL)
    {
      window = clt_window_new (GTK_APPLICATION (self));
      store = clt_store_open (path, &error);
      if (store != NULL)
        clt_window_set_store (window, store);
      else
        clt_window_show_error (window, path, error);
    }

  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-help"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-compose-dialog.h"
#include "clt-contact-dialog.h"
#include "clt-customer-dialog.h"
#include "clt-help.h"
#include "clt-log-dialog.h"
#include "clt-note-dialog.h"
#include "clt-preference-dialog.h"
#include "clt-preferences-window.h"
#include "clt-promise-dialog.h"
#include "clt-template-dialog.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* F1 (issue 16): the help page for the view or dialog where the person is,
 * and, with no help viewer, a message that says so and how to read the
 * help instead. The viewer is replaced by a launcher that writes down the
 * address it is given. */

static CltApplication *app;
static char *html_dir;
static gboolean french;

typedef struct
{
  char      *dir;
  char      *path;
  CltWindow *window;
  gint64     customer_id;
  GPtrArray *uris;
  gboolean   viewer;
} Fixture;

static gboolean
record_uri (GtkWindow  *parent,
            const char *uri,
            gpointer    user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->uris, g_strdup (uri));

  return fixture->viewer;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("test-help", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->customer_id = clt_test_gui_add_customer (store, "Hélène Dupré");
  clt_store_add_contact (store, fixture->customer_id, CLT_CONTACT_EMAIL, "home", "helene.dupre@example.fr", &error);
  g_assert_no_error (error);
  clt_test_gui_add_customer (store, "Anne Moreau");
  fixture->uris = g_ptr_array_new_with_free_func (g_free);
  fixture->viewer = TRUE;
  clt_help_set_launcher (record_uri, fixture);
  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path,
                                              GPOINTER_TO_INT (user_data), 700);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_help_set_launcher (NULL, NULL);
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_remove_dir (fixture->dir);
  g_ptr_array_unref (fixture->uris);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Presses F1 (its action) and returns the address the viewer was given. */
static const char *
press_f1 (Fixture *fixture)
{
  guint before = fixture->uris->len;

  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  clt_test_gui_spin (50);
  g_assert_cmpuint (fixture->uris->len, ==, before + 1);

  return g_ptr_array_index (fixture->uris, before);
}

static gboolean
is_mapped_customer_page (GtkWidget     *widget,
                         gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && g_str_equal (G_OBJECT_TYPE_NAME (widget), "CltCustomerPage");
}

static gboolean
customer_page_is_shown (gpointer data)
{
  return clt_test_gui_find_widget (data, is_mapped_customer_page, NULL) != NULL;
}

static void
open_customer (Fixture *fixture)
{
  clt_window_open_customer (fixture->window, fixture->customer_id);
  clt_test_gui_spin_until_full (customer_page_is_shown, fixture->window, 10, "the customer's page");
}

static GtkWidget *
open_dialog (Fixture    *fixture,
             const char *action,
             GVariant   *parameter,
             GType       type)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (fixture->window), action, parameter));

  return clt_test_gui_wait_for_toplevel (type);
}

static void
close_dialog (GtkWidget *dialog)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  clt_test_gui_spin (20);
}

static void
test_key (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");

  g_assert_cmpuint (g_strv_length (accels), ==, 1);
  g_assert_cmpstr (accels[0], ==, "F1");
}

static void
test_views (Fixture       *fixture,
            gconstpointer  user_data)
{
  GtkWidget *search = clt_test_gui_get_widget (fixture->window, GTK_TYPE_SEARCH_ENTRY);

  gtk_widget_grab_focus (search);
  g_assert_cmpstr (press_f1 (fixture), ==, "help:clientele/find-customer");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "today"));
  clt_test_gui_spin (50);
  g_assert_cmpstr (press_f1 (fixture), ==, "help:clientele/today");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "outbox"));
  clt_test_gui_spin (50);
  g_assert_cmpstr (press_f1 (fixture), ==, "help:clientele/outbox");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "customers"));
  open_customer (fixture);
  g_assert_cmpstr (press_f1 (fixture), ==, "help:clientele/edit-customer");
}

static void
test_dialogs (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const struct {
    const char *action;
    const char *parameter;
    GType     (*type) (void);
    const char *uri;
  } dialogs[] = {
    { "win.new-customer", NULL, clt_customer_dialog_get_type, "help:clientele/edit-customer" },
    { "win.edit-customer", NULL, clt_customer_dialog_get_type, "help:clientele/edit-customer" },
    { "win.log-contact", NULL, clt_log_dialog_get_type, "help:clientele/log-contact" },
    { "win.new-promise", NULL, clt_promise_dialog_get_type, "help:clientele/promises" },
    { "win.compose", "", clt_compose_dialog_get_type, "help:clientele/write-follow-up" },
    { "app.preferences", NULL, clt_preferences_window_get_type, "help:clientele/preferences-general" },
    { "app.preferences-page", "general", clt_preferences_window_get_type, "help:clientele/preferences-general" },
    { "app.preferences-page", "mail", clt_preferences_window_get_type, "help:clientele/mail-account" },
    { "app.preferences-page", "templates", clt_preferences_window_get_type, "help:clientele/write-follow-up" },
    { "app.preferences-page", "privacy", clt_preferences_window_get_type, "help:clientele/privacy" },
    { "app.preferences-page", "sharing", clt_preferences_window_get_type, "help:clientele/sharing" },
  };
  static const struct {
    const char *action;
    GType     (*type) (void);
  } page_dialogs[] = {
    { "page.add-note", clt_note_dialog_get_type },
    { "page.add-preference", clt_preference_dialog_get_type },
    { "page.add-contact", clt_contact_dialog_get_type },
  };
  g_autoptr(GFile) file = NULL;
  g_autofree char *vcf = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *import;
  GtkWidget *preferences;
  GtkWidget *template;

  open_customer (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (dialogs); i++)
    {
      GVariant *parameter = dialogs[i].parameter != NULL ? g_variant_new_string (dialogs[i].parameter) : NULL;
      GtkWidget *dialog;

      g_test_message ("%s %s", dialogs[i].action, dialogs[i].parameter ? dialogs[i].parameter : "");
      dialog = open_dialog (fixture, dialogs[i].action, parameter, dialogs[i].type ());
      clt_test_gui_spin (50);
      g_assert_cmpstr (press_f1 (fixture), ==, dialogs[i].uri);
      close_dialog (dialog);
    }

  /* The customer's page opens its own dialogs. */
  for (guint i = 0; i < G_N_ELEMENTS (page_dialogs); i++)
    {
      GtkWidget *page = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_mapped_customer_page, NULL);
      GtkWidget *dialog;

      g_test_message ("%s", page_dialogs[i].action);
      g_assert_true (gtk_widget_activate_action (page, page_dialogs[i].action, NULL));
      dialog = clt_test_gui_wait_for_toplevel (page_dialogs[i].type ());
      clt_test_gui_spin (50);
      g_assert_cmpstr (press_f1 (fixture), ==, "help:clientele/edit-customer");
      close_dialog (dialog);
    }

  /* A template, from the Templates page of Preferences. */
  preferences = open_dialog (fixture, "app.preferences-page", g_variant_new_string ("templates"),
                             CLT_TYPE_PREFERENCES_WINDOW);
  g_assert_true (gtk_widget_activate_action (preferences, "prefs.new-template", NULL));
  template = clt_test_gui_wait_for_toplevel (CLT_TYPE_TEMPLATE_DIALOG);
  clt_test_gui_spin (50);
  g_assert_cmpstr (press_f1 (fixture), ==, "help:clientele/write-follow-up");
  close_dialog (template);
  close_dialog (preferences);

  /* Import opens on a file chosen in the file chooser. */
  vcf = g_build_filename (fixture->dir, "contacts.vcf", NULL);
  g_file_set_contents (vcf, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ørsted\r\nN:Ørsted;Zoë;;;\r\nEND:VCARD\r\n",
                       -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (vcf);
  import = clt_window_import_file (fixture->window, file);
  clt_test_gui_spin (50);
  g_assert_cmpstr (press_f1 (fixture), ==, "help:clientele/import");
  close_dialog (import);

  /* Back in the window, the customer's page again. */
  g_assert_cmpstr (press_f1 (fixture), ==, "help:clientele/edit-customer");
}

/* A book with nobody in it yet: the help's first page. */
static void
test_empty_book (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = clt_test_gui_make_book_dir ("test-help-empty", &path);
  CltWindow *window;

  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  window = clt_test_gui_open_window (GTK_APPLICATION (app), path, 1000, 700);
  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
  g_assert_cmpstr (press_f1 (fixture), ==, "help:clientele/index");
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_remove_dir (dir);
}

static AdwMessageDialog *
wait_for_message (void)
{
  return ADW_MESSAGE_DIALOG (clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

/* A help link in a label goes the same way as F1. */
static void
test_link (Fixture       *fixture,
           gconstpointer  user_data)
{
  GtkWidget *preferences = open_dialog (fixture, "app.preferences-page", g_variant_new_string ("mail"),
                                        CLT_TYPE_PREFERENCES_WINDOW);
  GtkWidget *label = clt_test_gui_find_widget (preferences, clt_test_gui_is_label_containing, _("More in Help"));
  gboolean handled = FALSE;

  g_assert_nonnull (label);
  g_signal_emit_by_name (label, "activate-link", "help:clientele/mail-account", &handled);
  g_assert_true (handled);
  g_assert_cmpuint (fixture->uris->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->uris, 0), ==, "help:clientele/mail-account");
}

static void
check_no_viewer_message (AdwMessageDialog *message,
                         gboolean          with_browser)
{
  g_assert_cmpstr (adw_message_dialog_get_heading (message), ==, _("No Help Viewer"));
  if (with_browser)
    {
      g_assert_cmpstr (adw_message_dialog_get_body (message), ==,
                       _("The help is read with the “Help” app, which is not installed. "
                         "Install “Help” from Software, or read this page in your web browser."));
      g_assert_true (adw_message_dialog_has_response (message, "browser"));
    }
  else
    {
      g_assert_cmpstr (adw_message_dialog_get_body (message), ==,
                       _("The help is read with the “Help” app, which is not installed. "
                         "Install “Help” from Software, then press F1 again."));
      g_assert_false (adw_message_dialog_has_response (message, "browser"));
    }
  g_assert_null (strstr (adw_message_dialog_get_body (message), "not supported"));
}

/* The test's own environment has no application for "help:" (main() hides
 * them): F1 itself finds that out, and says so. */
static void
test_no_viewer (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GAppInfo) viewer = g_app_info_get_default_for_uri_scheme ("help");
  g_autofree char *expected = NULL;
  g_autofree char *html = NULL;
  AdwMessageDialog *message;

  g_assert_null (viewer);
  clt_help_set_launcher (NULL, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "today"));
  clt_test_gui_spin (50);
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  message = wait_for_message ();
  check_no_viewer_message (message, TRUE);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (message)) == GTK_WINDOW (fixture->window));
  clt_test_gui_wait_for_paint (GTK_WIDGET (message));
  clt_test_gui_save_screenshot (message, french ? "help-no-viewer-fr.png" : "help-no-viewer.png");

  /* F1 again, on the message: no second message. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  clt_test_gui_spin (50);
  g_assert_true (clt_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == GTK_WIDGET (message));

  /* The same page in the web browser, in the reader's language. */
  clt_help_set_launcher (record_uri, fixture);
  adw_message_dialog_response (message, "browser");
  html = clt_help_html_path ("today");
  g_assert_nonnull (html);
  expected = g_filename_to_uri (html, NULL, NULL);
  g_assert_cmpuint (fixture->uris->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->uris, 0), ==, expected);
  gtk_window_destroy (GTK_WINDOW (message));
  clt_test_gui_spin (20);
}

/* A viewer that cannot open the page (gtk_show_uri failed), and no HTML
 * copy installed: the message says to install Help. */
static void
test_viewer_fails (Fixture       *fixture,
                   gconstpointer  user_data)
{
  AdwMessageDialog *message;
  GtkWidget *dialog;

  g_setenv ("CLT_HELP_HTML_DIR", "/nonexistent", TRUE);
  fixture->viewer = FALSE;
  open_customer (fixture);
  dialog = open_dialog (fixture, "win.log-contact", NULL, CLT_TYPE_LOG_DIALOG);
  clt_test_gui_spin (50);
  g_action_group_activate_action (G_ACTION_GROUP (app), "help", NULL);
  message = wait_for_message ();
  g_assert_cmpstr (g_ptr_array_index (fixture->uris, 0), ==, "help:clientele/log-contact");
  check_no_viewer_message (message, FALSE);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (message)) == GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (message));
  g_setenv ("CLT_HELP_HTML_DIR", html_dir, TRUE);
}

/* Every application for "help:" hidden: XDG_DATA_DIRS names a folder with
 * all of /usr/share but its applications. Before GIO reads them. */
static char *
hide_help_viewers (void)
{
  g_autofree char *root = g_dir_make_tmp ("test-help-XXXXXX", NULL);
  g_autofree char *share = g_build_filename (root, "share", NULL);
  g_autofree char *home = g_build_filename (root, "home", NULL);
  g_autoptr(GDir) dir = g_dir_open ("/usr/share", 0, NULL);
  const char *name;

  g_assert_nonnull (root);
  g_assert_nonnull (dir);
  g_mkdir (share, 0700);
  g_mkdir (home, 0700);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *target = g_build_filename ("/usr/share", name, NULL);
      g_autofree char *link = g_build_filename (share, name, NULL);

      if (!g_str_equal (name, "applications"))
        g_assert_cmpint (symlink (target, link), ==, 0);
    }
  g_setenv ("XDG_DATA_DIRS", share, TRUE);
  g_setenv ("XDG_DATA_HOME", home, TRUE);

  return g_steal_pointer (&root);
}

/* The links first, never what they point to. */
static void
remove_hiding (const char *root)
{
  g_autofree char *share = g_build_filename (root, "share", NULL);
  g_autoptr(GDir) dir = g_dir_open (share, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *link = g_build_filename (share, name, NULL);

      g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
      g_assert_cmpint (g_unlink (link), ==, 0);
    }
  g_rmdir (share);
  clt_test_gui_remove_dir (root);
}

/* A copy of the help in HTML, in English and in French. */
static char *
make_html (const char *root)
{
  char *dir = g_build_filename (root, "html", NULL);

  for (guint i = 0; i < 2; i++)
    {
      const char *language = i == 0 ? "C" : "fr";
      g_autofree char *folder = g_build_filename (dir, language, NULL);
      g_autofree char *page = g_build_filename (folder, "today.html", NULL);
      g_autoptr(GError) error = NULL;

      g_mkdir_with_parents (folder, 0700);
      g_file_set_contents (page, "<html></html>", -1, &error);
      g_assert_no_error (error);
    }

  return dir;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  int status;

  root = hide_help_viewers ();
  html_dir = make_html (root);
  g_setenv ("CLT_HELP_HTML_DIR", html_dir, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  french = clt_test_gui_init_language ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/help/key", Fixture, GINT_TO_POINTER (1000),
              fixture_set_up, test_key, fixture_tear_down);
  g_test_add ("/gui/help/views", Fixture, GINT_TO_POINTER (1000),
              fixture_set_up, test_views, fixture_tear_down);
  g_test_add ("/gui/help/views-narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_views, fixture_tear_down);
  g_test_add ("/gui/help/dialogs", Fixture, GINT_TO_POINTER (1000),
              fixture_set_up, test_dialogs, fixture_tear_down);
  g_test_add ("/gui/help/empty-book", Fixture, GINT_TO_POINTER (1000),
              fixture_set_up, test_empty_book, fixture_tear_down);
  g_test_add ("/gui/help/link", Fixture, GINT_TO_POINTER (1000),
              fixture_set_up, test_link, fixture_tear_down);
  g_test_add ("/gui/help/no-viewer", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_no_viewer, fixture_tear_down);
  g_test_add ("/gui/help/viewer-fails", Fixture, GINT_TO_POINTER (1000),
              fixture_set_up, test_viewer_fails, fixture_tear_down);

  status = g_test_run ();
  remove_hiding (root);
  g_free (html_dir);

  return status;
}

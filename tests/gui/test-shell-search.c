/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application's end of GNOME Shell's search provider
 * (src/search-provider): its LaunchSearch runs app.search with the terms,
 * which opens the book at the customers found, the terms in the search
 * entry, from whatever view the window showed. */

#include "config.h"

#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-test-gui.h"

static CltApplication *app;
static char *data_home;

static AdwViewStack *
get_view_stack (CltWindow *window)
{
  return ADW_VIEW_STACK (clt_test_gui_get_widget (window, ADW_TYPE_VIEW_STACK));
}

static gboolean
entry_holds (gpointer data)
{
  const char *text = data;
  GtkWidget *window = clt_test_gui_find_toplevel (CLT_TYPE_WINDOW);
  GtkWidget *entry;

  if (window == NULL || clt_window_get_store (CLT_WINDOW (window)) == NULL)
    return FALSE;
  entry = clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY);
  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text) == 0;
}

static void
test_search_action (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autofree char *path = clt_store_default_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  GtkWidget *window;
  GtkWidget *entry;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  clt_test_gui_add_customer (store, "Hélène Dupré");
  clt_test_gui_add_customer (store, "Hélène Martin");
  clt_test_gui_add_customer (store, "Marc Dupré");

  /* As the provider asks it, with no window yet. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "search", g_variant_new_string ("helene dupre"));
  clt_test_gui_spin_until_full (entry_holds, (gpointer) "helene dupre", 10,
                                "a window searching for “helene dupre”");
  window = clt_test_gui_find_toplevel (CLT_TYPE_WINDOW);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  entry = clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY);
  clt_test_gui_wait_for_label (window, "Hélène Dupré");
  clt_test_gui_wait_for_no_label (window, "Hélène Martin");
  clt_test_gui_wait_for_no_label (window, "Marc Dupré");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (get_view_stack (CLT_WINDOW (window))), ==, "customers");
  /* To go on typing. */
  g_assert_cmpint (gtk_editable_get_position (GTK_EDITABLE (entry)), ==, (int) strlen ("helene dupre"));
  clt_test_gui_save_screenshot (window, "16-shell-launch-search-360.png");

  /* From Today, the same window goes back to the customers, the same
   * terms again included (the entry's text does not change). */
  gtk_widget_activate_action (window, "win.show-view", "s", "today");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (get_view_stack (CLT_WINDOW (window))), ==, "today");
  g_action_group_activate_action (G_ACTION_GROUP (app), "search", g_variant_new_string ("helene dupre"));
  clt_test_gui_spin (200);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (get_view_stack (CLT_WINDOW (window))), ==, "customers");
  clt_test_gui_wait_for_label (window, "Hélène Dupré");

  gtk_widget_activate_action (window, "win.show-view", "s", "today");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (get_view_stack (CLT_WINDOW (window))), ==, "today");
  g_action_group_activate_action (G_ACTION_GROUP (app), "search", g_variant_new_string ("marc"));
  clt_test_gui_spin_until_full (entry_holds, (gpointer) "marc", 10, "the window searching for “marc”");
  g_assert_true (clt_test_gui_find_toplevel (CLT_TYPE_WINDOW) == window);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (get_view_stack (CLT_WINDOW (window))), ==, "customers");
  clt_test_gui_wait_for_label (window, "Marc Dupré");
  clt_test_gui_wait_for_no_label (window, "Hélène Dupré");

  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before GTK asks where the user's data is: the default book is ours. */
  data_home = g_dir_make_tmp ("clientele-gui-shell-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  clt_test_gui_init_language ();

  app = clt_application_new ();
  /* Unique, as D-Bus activates it for the provider: its actions act on the
   * book it reminds of, the default one, which a non-unique instance
   * (the other tests) leaves alone. It must own the name on this bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_application_get_is_remote (G_APPLICATION (app)));
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/gui/shell/search-action", test_search_action);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

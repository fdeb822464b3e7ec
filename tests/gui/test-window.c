/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-customer-row.h"
#include "clt-window.h"

/* One application for the whole run: it stays exported on the bus. */
static CltApplication *app;

typedef struct
{
  char           *dir;
  char           *path;
  CltApplication *app;
} Fixture;

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
add_customer (CltStore   *store,
              const char *name)
{
  g_autoptr(CltCustomer) customer = clt_customer_new (name);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = clt_store_add_customer (store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

static void
fill_book (const char *path)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = now_unix ();
  gint64 id;

  store = clt_store_open (path, &error);
  g_assert_no_error (error);

  id = add_customer (store, "Hélène Dupré");
  clt_store_add_preference (store, id, "room", "Allergique aux plumes",
                            CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "room", "Chambre côté cour", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "food", "Thé vert au petit-déjeuner", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  clt_store_add_promise (store, id, "Rappeler pour confirmer la chambre de mai", "Julie",
                         now + 2 * 24 * 3600, TRUE, &error);
  g_assert_no_error (error);
  clt_store_add_promise (store, id, "Envoyer la facture du séjour", "Marc",
                         now - 3 * 24 * 3600, TRUE, &error);
  g_assert_no_error (error);
  clt_store_add_note (store, id, "Vient chaque année pour le festival de jazz", "Julie", TRUE, &error);
  g_assert_no_error (error);
  clt_store_add_interaction (store, id, CLT_INTERACTION_STAY, now - 40 * 24 * 3600, FALSE,
                             "Trois nuits, chambre 12", "Julie", &error);
  g_assert_no_error (error);
  clt_store_add_interaction (store, id, CLT_INTERACTION_CALL, now - 10 * 24 * 3600, FALSE,
                             NULL, "Marc", &error);
  g_assert_no_error (error);

  id = add_customer (store, "Helmut Schneider");
  clt_store_add_preference (store, id, "communication", "Prefers e-mail to phone calls",
                            CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);

  id = add_customer (store, "Anne Moreau");
  clt_store_add_preference (store, id, "communication", "Ne jamais appeler avant 10 h",
                            CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "sizes", "Pointure 38", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);

  id = add_customer (store, "Zoë Martin");
  clt_store_add_preference (store, id, "food", "Végétarienne", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);

  add_customer (store, "Marc Lefèvre");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-gui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "clientele.db", NULL);

  fixture->app = app;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (fixture->app)));
  g_autoptr(GDir) dir = NULL;
  const char *name;

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (GTK_WINDOW (l->data));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  fixture->app = NULL;

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (gpointer data);

static void
spin_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
is_search_entry (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

static gboolean
is_list_view (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_LIST_VIEW (widget);
}

static gboolean
is_leaflet (GtkWidget     *widget,
            gconstpointer  data)
{
  return ADW_IS_LEAFLET (widget);
}

/* A label with this text that a person can see now. */
static GtkWidget *
find_shown_label (GtkWidget  *root,
                  const char *text)
{
  GtkWidget *label = find_widget (root, is_label_containing, text);

  return label != NULL && gtk_widget_is_drawable (label) ? label : NULL;
}

static GtkWidget *
get_widget (CltWindow *window,
            gboolean (*match) (GtkWidget *, gconstpointer))
{
  GtkWidget *widget = find_widget (GTK_WIDGET (window), match, NULL);

  g_assert_nonnull (widget);

  return widget;
}

static GListModel *
get_list_model (CltWindow *window)
{
  GtkListView *list_view = GTK_LIST_VIEW (get_widget (window, is_list_view));

  return G_LIST_MODEL (gtk_list_view_get_model (list_view));
}

static const char *
get_customer_name (GListModel *model,
                   guint       position)
{
  g_autoptr(CltCustomer) customer = g_list_model_get_item (model, position);

  g_assert_nonnull (customer);

  /* The model holds its items, so the name outlives this reference. */
  return clt_customer_get_display_name (customer);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelQuery;

static gboolean
label_is_shown (gpointer data)
{
  LabelQuery *query = data;

  return find_shown_label (query->root, query->text) != NULL;
}

static void
wait_for_label (CltWindow  *window,
                const char *text)
{
  LabelQuery query = { GTK_WIDGET (window), text };

  spin_until (label_is_shown, &query);
}

static gboolean
model_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static gboolean
has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static void
save_screenshot (gpointer    window,
                 const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  GtkStyleContext *style;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  GdkRGBA background;
  int width;
  int height;

  /* Let every pending layout and frame happen first. */
  spin_until (has_size, window);
  spin (300);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));

  /* The window's own CSS background is not part of its snapshot. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  style = gtk_widget_get_style_context (GTK_WIDGET (window));
  g_assert_true (gtk_style_context_lookup_color (style, "window_bg_color", &background));
  G_GNUC_END_IGNORE_DEPRECATIONS

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  GTK_WIDGET_GET_CLASS (window)->snapshot (GTK_WIDGET (window), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  file = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, file));
  g_test_message ("Screenshot: %s", file);
}

static CltWindow *
open_window (Fixture *fixture,
             int      width,
             int      height)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CltWindow *window;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  window = clt_window_new (GTK_APPLICATION (fixture->app));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  clt_window_set_store (window, store);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);

  return window;
}

static void
type_search (CltWindow  *window,
             const char *text)
{
  GtkWidget *entry = get_widget (window, is_search_entry);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* GtkSearchEntry waits a little before "search-changed". */
  spin (400);
}

static void
test_search_and_open (Fixture       *fixture,
                      gconstpointer  user_data)
{
  CltWindow *window;
  GtkWidget *entry;
  GListModel *model;

  fill_book (fixture->path);

  window = clt_application_open_book (fixture->app, fixture->path);
  g_assert_true (CLT_IS_WINDOW (window));
  g_assert_cmpstr (clt_window_get_path (window), ==, fixture->path);
  spin_until (is_mapped, window);

  /* Opening the same book again presents the same window. */
  g_assert_true (clt_application_open_book (fixture->app, fixture->path) == window);

  entry = get_widget (window, is_search_entry);
  g_assert_true (gtk_widget_has_focus (entry) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));

  model = get_list_model (window);
  spin_until (model_has_items, model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);

  type_search (window, "hel");
  spin_until (model_has_items, model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpstr (get_customer_name (model, 0), ==, "Hélène Dupré");
  g_assert_cmpstr (get_customer_name (model, 1), ==, "Helmut Schneider");

  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 0);
  wait_for_label (window, "Allergique aux plumes");
  wait_for_label (window, "Chambre côté cour");
  wait_for_label (window, "Rappeler pour confirmer la chambre de mai");
  wait_for_label (window, "Vient chaque année pour le festival de jazz");
}

static gboolean
is_folded (gpointer data)
{
  return adw_leaflet_get_folded (data);
}

static gboolean
is_unfolded (gpointer data)
{
  return !adw_leaflet_get_folded (data);
}

static void
take_screenshots (Fixture    *fixture,
                  const char *scheme)
{
  g_autofree char *wide = g_strdup_printf ("window-wide-%s.png", scheme);
  g_autofree char *narrow_list = g_strdup_printf ("window-narrow-list-%s.png", scheme);
  g_autofree char *narrow_customer = g_strdup_printf ("window-narrow-customer-%s.png", scheme);
  CltWindow *window;
  AdwLeaflet *leaflet;
  GtkWidget *entry;

  window = open_window (fixture, 1000, 700);
  leaflet = ADW_LEAFLET (get_widget (window, is_leaflet));
  spin_until (is_unfolded, leaflet);
  type_search (window, "hel");
  wait_for_label (window, "Allergique aux plumes");
  save_screenshot (window, wide);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_window (fixture, 360, 700);
  leaflet = ADW_LEAFLET (get_widget (window, is_leaflet));
  spin_until (is_folded, leaflet);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  wait_for_label (window, "Alert: Ne jamais appeler avant 10 h");
  save_screenshot (window, narrow_list);

  /* Folded, Enter goes from the list to the customer. */
  type_search (window, "hel");
  entry = get_widget (window, is_search_entry);
  g_signal_emit_by_name (entry, "activate");
  wait_for_label (window, "Allergique aux plumes");
  g_assert_null (find_shown_label (GTK_WIDGET (window), "Helmut Schneider"));
  save_screenshot (window, narrow_customer);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  user_data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  fill_book (fixture->path);

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  take_screenshots (fixture, "light");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  take_screenshots (fixture, "dark");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_empty_book (Fixture       *fixture,
                 gconstpointer  user_data)
{
  CltWindow *window = open_window (fixture, 1000, 700);

  wait_for_label (window, "No Customers Yet");

  type_search (window, "hel");
  wait_for_label (window, "No Customers Yet");

  save_screenshot (window, "window-empty.png");
}

static void
test_no_match (Fixture       *fixture,
               gconstpointer  user_data)
{
  CltWindow *window;

  fill_book (fixture->path);
  window = open_window (fixture, 1000, 700);

  type_search (window, "xylophone");
  wait_for_label (window, "No Customer Found");
  g_assert_cmpuint (g_list_model_get_n_items (get_list_model (window)), ==, 0);

  type_search (window, "zoe");
  wait_for_label (window, "Zoë Martin");
  g_assert_null (find_shown_label (GTK_WIDGET (window), "No Customer Found"));
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const char contents[] = "Nom;Téléphone\nHélène Dupré;06 12 34 56 78\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = NULL;
  gsize length;
  CltWindow *window;

  g_file_set_contents (fixture->path, contents, -1, &error);
  g_assert_no_error (error);

  store = clt_store_open (fixture->path, &error);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_A_DATABASE);
  g_assert_null (store);

  window = clt_application_open_book (fixture->app, fixture->path);
  spin_until (is_mapped, window);
  wait_for_label (window, error->message);
  wait_for_label (window, "Cannot Open the Customer Book");
  save_screenshot (window, "window-not-a-database.png");

  g_file_get_contents (fixture->path, &after, &length, NULL);
  g_assert_cmpstr (after, ==, contents);
  wal = g_strconcat (fixture->path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWidget *toplevel = g_list_model_get_item (toplevels, i);

      /* The list of toplevels keeps the window alive. */
      g_object_unref (toplevel);
      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }

  return NULL;
}

static gboolean
toplevel_is_shown (gpointer data)
{
  GtkWidget *toplevel = find_toplevel (GPOINTER_TO_SIZE (data));

  return toplevel != NULL && gtk_widget_get_mapped (toplevel);
}

static void
test_about_and_shortcuts (Fixture       *fixture,
            gconstpointer  user_data)
{
  CltWindow *window = open_window (fixture, 1000, 700);
  GtkWidget *about;
  GtkWidget *shortcuts;
  GtkWidget *menu_button;
  GtkPopover *popover;

  menu_button = get_widget (window, is_menu_button);
  g_assert_nonnull (gtk_widget_get_tooltip_text (menu_button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  spin_until (is_mapped, popover);
  g_assert_nonnull (find_shown_label (GTK_WIDGET (popover), "Keyboard Shortcuts"));
  g_assert_nonnull (find_shown_label (GTK_WIDGET (popover), "About Clientele"));
  g_assert_nonnull (find_shown_label (GTK_WIDGET (popover), "Quit"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "about", NULL);
  spin_until (toplevel_is_shown, GSIZE_TO_POINTER (ADW_TYPE_ABOUT_WINDOW));

  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Clientele");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_developer_name (ADW_ABOUT_WINDOW (about)), ==,
                   "The Clientele developers");
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  save_screenshot (about, "about.png");
  gtk_window_destroy (GTK_WINDOW (about));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  spin_until (toplevel_is_shown, GSIZE_TO_POINTER (GTK_TYPE_SHORTCUTS_WINDOW));
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  save_screenshot (shortcuts, "shortcuts.png");
  gtk_widget_set_visible (shortcuts, FALSE);
}

static gboolean
has_no_window (gpointer data)
{
  return gtk_application_get_windows (data) == NULL;
}

static void
test_quit_saves_size (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clientele.Clientele");
  CltWindow *window;
  int width, height;

  fill_book (fixture->path);
  window = open_window (fixture, 820, 610);
  spin_until (has_size, window);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  spin_until (has_no_window, fixture->app);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, width);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, height);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens at the saved size. */
  window = clt_window_new (GTK_APPLICATION (fixture->app));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, g_settings_get_int (settings, "window-width"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *icons = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = clt_application_new ();
  /* Tests must not meet a running Clientele on the session bus. */
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* The application icon, as it will be installed. */
  icons = g_test_build_filename (G_TEST_DIST, "..", "data", "icons", NULL);
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()), icons);

  /* Screenshots must not catch a transition half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/window/search-and-open", Fixture, NULL,
              fixture_set_up, test_search_and_open, fixture_tear_down);
  g_test_add ("/gui/window/screenshots", Fixture, NULL,
              fixture_set_up, test_screenshots, fixture_tear_down);
  g_test_add ("/gui/window/empty-book", Fixture, NULL,
              fixture_set_up, test_empty_book, fixture_tear_down);
  g_test_add ("/gui/window/no-match", Fixture, NULL,
              fixture_set_up, test_no_match, fixture_tear_down);
  g_test_add ("/gui/window/not-a-database", Fixture, NULL,
              fixture_set_up, test_not_a_database, fixture_tear_down);
  g_test_add ("/gui/application/about-and-shortcuts", Fixture, NULL,
              fixture_set_up, test_about_and_shortcuts, fixture_tear_down);
  g_test_add ("/gui/application/quit-saves-size", Fixture, NULL,
              fixture_set_up, test_quit_saves_size, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}

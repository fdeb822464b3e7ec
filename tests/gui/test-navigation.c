/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-navigation"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "clt-application.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* Finding one's way (issue 13): the view switcher in the header while it
 * fits there and at the bottom only when the window is narrow, the primary
 * menu in every view, the views' keys, and a shortcuts window that lists
 * every shortcut the code installs. */

static CltApplication *app;

static const char * const views[] = { "customers", "today", "outbox" };

typedef struct
{
  char      *dir;
  char      *path;
  CltWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  fixture->dir = clt_test_gui_make_book_dir ("test-navigation", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  id = clt_test_gui_add_customer (store, "Hélène Dupré");
  clt_store_add_promise (store, id, "Rappeler pour la chambre de mai", "Julie",
                         clt_test_gui_now_unix () - 86400, TRUE, &error);
  g_assert_no_error (error);
  clt_test_gui_add_customer (store, "Stéphane Bertrand-Boissonnade");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static AdwViewStack *
get_view_stack (CltWindow *window)
{
  return ADW_VIEW_STACK (clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_of_type,
                                                   GSIZE_TO_POINTER (ADW_TYPE_VIEW_STACK)));
}

static AdwViewSwitcherBar *
get_switcher_bar (CltWindow *window)
{
  return ADW_VIEW_SWITCHER_BAR (clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_of_type,
                                                          GSIZE_TO_POINTER (ADW_TYPE_VIEW_SWITCHER_BAR)));
}

static gboolean
is_mapped_of_type (GtkWidget     *widget,
                   gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

/* The switcher title in the header of the view shown, if there is one:
 * Today's and the outbox's AdwViewSwitcherTitle, or the customer pane's
 * squeezer of a wide switcher and a title. */
static GtkWidget *
get_shown_switcher_title (CltWindow *window)
{
  GtkWidget *title = clt_test_gui_find_widget (GTK_WIDGET (window), is_mapped_of_type,
                                               GSIZE_TO_POINTER (ADW_TYPE_VIEW_SWITCHER_TITLE));

  if (title == NULL)
    title = clt_test_gui_find_widget (GTK_WIDGET (window), is_mapped_of_type,
                                      GSIZE_TO_POINTER (ADW_TYPE_SQUEEZER));
  return title;
}

/* Whether it shows the view's title, the switcher not fitting there. */
static gboolean
is_title_visible (GtkWidget *title)
{
  if (ADW_IS_VIEW_SWITCHER_TITLE (title))
    return adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (title));
  return ADW_IS_WINDOW_TITLE (adw_squeezer_get_visible_child (ADW_SQUEEZER (title)));
}

static gboolean
is_shown_primary_menu (GtkWidget     *widget,
                       gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && GTK_IS_MENU_BUTTON (widget) &&
         gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

static gboolean
is_ellipsized_label (GtkWidget     *widget,
                     gconstpointer  data)
{
  if (!GTK_IS_LABEL (widget) || !gtk_widget_get_mapped (widget))
    return FALSE;
  if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (widget))))
    {
      g_test_message ("ellipsized: “%s”", gtk_label_get_label (GTK_LABEL (widget)));
      return TRUE;
    }

  return FALSE;
}

static GtkMenuButton *
get_shown_menu_button (CltWindow *window)
{
  return (GtkMenuButton *) clt_test_gui_find_widget (GTK_WIDGET (window), is_shown_primary_menu, NULL);
}

/* Names the innermost shown widgets wider than @limit at their minimum:
 * what keeps the window from 360 px. */
static guint
report_wide_widgets (GtkWidget *widget,
                     int        limit)
{
  guint n = 0;
  int minimum;

  if (!gtk_widget_get_mapped (widget))
    return 0;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (minimum <= limit)
    return 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += report_wide_widgets (child, limit);
  if (n == 0)
    {
      const char *text = GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget))
                       : GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : NULL;

      g_autoptr(GString) path = g_string_new (G_OBJECT_TYPE_NAME (widget));

      for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
        if (g_str_has_prefix (G_OBJECT_TYPE_NAME (up), "Clt") || g_str_has_prefix (G_OBJECT_TYPE_NAME (up), "Adw"))
          g_string_prepend (g_string_prepend (path, " > "), G_OBJECT_TYPE_NAME (up));
      g_test_message ("%s (“%s”) needs %d px", path->str, text ? text : "", minimum);
      n = 1;
    }

  return n;
}

static void
show_view (CltWindow  *window,
           const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", name));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (get_view_stack (window)), ==, name);
  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
}

/* Each view in light and dark, for a person to look at. */
static void
save_screenshots (CltWindow  *window,
                  const char *view,
                  int         width)
{
  const char *language = g_str_has_prefix (setlocale (LC_MESSAGES, NULL), "fr") ? "fr" : "en";

  for (guint dark = 0; dark <= 1; dark++)
    {
      g_autofree char *file = NULL;

      clt_test_gui_set_color_scheme (dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      clt_test_gui_wait_for_paint (GTK_WIDGET (window));
      file = g_strdup_printf ("navigation-%s-%d-%s-%s.png", view, width, language, dark ? "dark" : "light");
      clt_test_gui_save_screenshot (window, file);
    }
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);
}

/* Wide, every view has the switcher in its header and no bar at the bottom;
 * narrow (360 px, the smallest GNOME phone), every view shows its title in
 * the header and the bar at the bottom. Each view has the primary menu, and
 * needs no more than 360 px, in French too. */
static void
check_views_at (Fixture *fixture,
                int      width)
{
  gboolean narrow = width <= 360;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, width, 700);
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));

  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    {
      GtkWidget *title;
      GtkWidget *focus;
      GtkMenuButton *menu;
      int minimum;

      g_test_message ("%s at %d px", views[i], width);
      show_view (fixture->window, views[i]);
      /* The focus follows into the view shown (Today's and the outbox's
       * are made then), never left on a hidden widget for Tab to go
       * round. */
      focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
      g_assert_true (focus == NULL || gtk_widget_get_mapped (focus));
      save_screenshots (fixture->window, views[i], width);

      /* Less the frame GTK draws itself without a compositor. */
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, width);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), >=, width - 10);
      gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      if (minimum > 360)
        report_wide_widgets (GTK_WIDGET (fixture->window), 360 - 24);
      g_assert_cmpint (minimum, <=, 360);

      title = get_shown_switcher_title (fixture->window);
      g_assert_cmpint (adw_view_switcher_bar_get_reveal (get_switcher_bar (fixture->window)), ==, narrow);
      /* The customer list alone, folded, has the search in its header. */
      if (narrow && i == 0)
        g_assert_null (title);
      else
        {
          g_assert_nonnull (title);
          g_assert_cmpint (is_title_visible (title), ==, narrow);
          /* The view's name is read whole: « Boîte d’envoi », not « Boît… ». */
          g_assert_null (clt_test_gui_find_widget (title, is_ellipsized_label, NULL));
        }

      menu = get_shown_menu_button (fixture->window);
      g_assert_nonnull (menu);
      /* Its menu is made when it is first opened. */
      gtk_menu_button_popup (menu);
      g_assert_nonnull (gtk_menu_button_get_menu_model (menu));
      gtk_menu_button_popdown (menu);
    }
}

static void
test_switcher_wide (Fixture       *fixture,
                    gconstpointer  user_data)
{
  check_views_at (fixture, 1200);
}

static void
test_switcher_narrow (Fixture       *fixture,
                      gconstpointer  user_data)
{
  check_views_at (fixture, 360);
}

/* Too narrow for the wide switcher, wide enough for the narrow one (icons
 * over the names): in the header, no bar at the bottom, in every view. */
static void
test_switcher_middle (Fixture       *fixture,
                      gconstpointer  user_data)
{
  check_views_at (fixture, 840);
}

/* A customer opened in the narrow window: the bar stays, the header has
 * the back button and the title. */
static void
test_switcher_narrow_customer (Fixture       *fixture,
                               gconstpointer  user_data)
{
  GtkWidget *title;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 360, 700);
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));
  clt_window_open_customer (fixture->window, 1);
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));

  title = get_shown_switcher_title (fixture->window);
  g_assert_nonnull (title);
  g_assert_true (is_title_visible (title));
  g_assert_true (adw_view_switcher_bar_get_reveal (get_switcher_bar (fixture->window)));
}

/* A view switched to from a switcher button of the view shown (Tab,
 * then Alt+3): the focus goes into the new view, even one made then (the
 * outbox), not left on the button, hidden and its switcher unbound, where
 * Tab would go round widgets nobody sees. */
static void
test_focus_follows_view (Fixture       *fixture,
                         gconstpointer  user_data)
{
  GtkWidget *button;
  GtkWidget *focus;
  GtkWidget *outbox;
  GType button_type;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1000, 700);
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));
  show_view (fixture->window, "today");
  /* libadwaita's own type, not in its headers. */
  button_type = g_type_from_name ("AdwViewSwitcherButton");
  g_assert_cmpuint (button_type, !=, 0);
  button = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_mapped_of_type,
                                     GSIZE_TO_POINTER (button_type));
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_grab_focus (button));

  show_view (fixture->window, "outbox");
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  outbox = adw_view_stack_get_visible_child (get_view_stack (fixture->window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_get_mapped (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, outbox));
}

/* Alt+1, 2, 3 show a view; Ctrl+Page Up and Down step through them and
 * stop at the ends; Ctrl+P prints on Today, Shift+Ctrl+P makes a promise. */
static void
test_view_keys (Fixture       *fixture,
                gconstpointer  user_data)
{
  static const struct {
    const char *action;
    const char *accel;
  } accels[] = {
    { "win.show-view('customers')", "<Alt>1" },
    { "win.show-view('today')", "<Alt>2" },
    { "win.show-view('outbox')", "<Alt>3" },
    { "win.print", "<Control>p" },
  };
  AdwViewStack *stack;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1000, 700);
  stack = get_view_stack (fixture->window);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    {
      g_auto(GStrv) set = gtk_application_get_accels_for_action (GTK_APPLICATION (app), accels[i].action);

      g_assert_cmpstrv (set, ((const char *[]) { accels[i].accel, NULL }));
    }

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "customers");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.step-view", "i", -1);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "customers");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.step-view", "i", 1);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "today");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.step-view", "i", 1);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "outbox");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.step-view", "i", 1);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "outbox");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "customers");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "customers");
  /* Not a view: nothing happens. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-view", "s", "elsewhere");
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "customers");
}

/* An accelerator as one spelling: keypad keys as the main ones. */
static char *
normalize_accel (const char *accel)
{
  guint keyval = 0;
  GdkModifierType mods = 0;

  if (!gtk_accelerator_parse (accel, &keyval, &mods) || keyval == 0)
    return NULL;
  switch (keyval)
    {
    case GDK_KEY_KP_Up: keyval = GDK_KEY_Up; break;
    case GDK_KEY_KP_Down: keyval = GDK_KEY_Down; break;
    case GDK_KEY_KP_Page_Up: keyval = GDK_KEY_Page_Up; break;
    case GDK_KEY_KP_Page_Down: keyval = GDK_KEY_Page_Down; break;
    case GDK_KEY_KP_Enter: keyval = GDK_KEY_Return; break;
    default: break;
    }

  return gtk_accelerator_name (gdk_keyval_to_lower (keyval), mods);
}

/* The keyval triggers of @widget's shortcut controllers (all of them, or
 * only those named "clt-…"), normalized. */
static GPtrArray *
get_triggers (GtkWidget *widget,
              gboolean   named_only)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  GPtrArray *triggers = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      const char *name = gtk_event_controller_get_name (controller);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      if (named_only && !(name != NULL && g_str_has_prefix (name, "clt-")))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          g_autofree char *text = NULL;

          if (!GTK_IS_KEYVAL_TRIGGER (trigger))
            continue;
          text = gtk_shortcut_trigger_to_string (trigger);
          g_ptr_array_add (triggers, normalize_accel (text));
        }
    }

  return triggers;
}

/* The shortcuts Clientele's own widgets install: what their classes bind
 * beyond what their GTK or libadwaita parent class does (compared with a
 * new instance of it), and the controllers Clientele names "clt-…". */
static void
collect_widget_shortcuts (GtkWidget  *widget,
                          GHashTable *set)
{
  const char *type_name = G_OBJECT_TYPE_NAME (widget);
  g_autoptr(GPtrArray) triggers = NULL;
  g_autoptr(GPtrArray) inherited = NULL;

  if (g_str_has_prefix (type_name, "Clt"))
    {
      GType parent = G_OBJECT_TYPE (widget);
      GtkWidget *plain;

      while (g_str_has_prefix (g_type_name (parent), "Clt"))
        parent = g_type_parent (parent);
      /* GtkWidget itself binds nothing. */
      if (!G_TYPE_IS_ABSTRACT (parent))
        {
          plain = g_object_ref_sink (g_object_new (parent, NULL));
          inherited = get_triggers (plain, FALSE);
          if (GTK_IS_WINDOW (plain))
            gtk_window_destroy (GTK_WINDOW (plain));
          g_object_unref (plain);
        }
      triggers = get_triggers (widget, FALSE);
    }
  else
    triggers = get_triggers (widget, TRUE);

  for (guint i = 0; i < triggers->len; i++)
    {
      const char *accel = g_ptr_array_index (triggers, i);

      if (inherited != NULL &&
          g_ptr_array_find_with_equal_func (inherited, accel, g_str_equal, NULL))
        continue;
      g_test_message ("installed: %s (%s)", accel, type_name);
      g_hash_table_replace (set, g_strdup (accel), g_strdup (type_name));
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widget_shortcuts (child, set);
}

static GHashTable *
collect_listed (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/clt-help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  GHashTable *listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accelerator = NULL;
      g_auto(GStrv) accels = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accelerator, NULL);
      if (accelerator == NULL)
        continue;
      accels = g_strsplit (accelerator, " ", -1);
      for (guint i = 0; accels[i] != NULL; i++)
        {
          char *accel = normalize_accel (accels[i]);

          g_assert_nonnull (accel);
          g_hash_table_add (listed, accel);
        }
    }

  /* The window owns the builder's toplevel. */
  gtk_window_destroy (GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay")));

  return listed;
}

static void
test_shortcuts_listed (Fixture       *fixture,
                       gconstpointer  user_data)
{
  /* What GTK and libadwaita do themselves, listed for the user. */
  static const char * const built_in[] = {
    "Return",           /* the search entry's activate */
    "Escape",           /* the search entry, dialogs */
    "F10",              /* the primary menu button */
    "<Alt>Left",        /* AdwLeaflet's back */
    "<Control>Return",  /* each dialog's default response, checked with them */
  };
  g_autoptr(GHashTable) installed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) listed = collect_listed ();
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));
  GHashTableIter iter;
  gpointer key, value;

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1000, 700);
  clt_window_open_customer (fixture->window, 1);
  clt_test_gui_wait_for_paint (GTK_WIDGET (fixture->window));

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          char *accel = normalize_accel (accels[j]);

          g_test_message ("installed: %s (%s)", accel, actions[i]);
          g_hash_table_replace (installed, accel, g_strdup (actions[i]));
        }
    }
  collect_widget_shortcuts (GTK_WIDGET (fixture->window), installed);
  g_assert_cmpuint (g_hash_table_size (installed), >, 10);

  /* Every shortcut installed is in the shortcuts window… */
  g_hash_table_iter_init (&iter, installed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (!g_hash_table_contains (listed, key))
        g_error ("%s (%s) is not in the shortcuts window", (char *) key, (char *) value);
    }

  /* …and everything it lists is installed, or GTK's own. */
  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (!g_hash_table_contains (installed, key) &&
          !g_strv_contains (built_in, key))
        g_error ("the shortcuts window lists %s, which nothing installs", (char *) key);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  gboolean french;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  french = clt_test_gui_init_language ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/navigation/switcher-wide", Fixture, NULL,
              fixture_set_up, test_switcher_wide, fixture_tear_down);
  g_test_add ("/gui/navigation/switcher-narrow", Fixture, NULL,
              fixture_set_up, test_switcher_narrow, fixture_tear_down);
  g_test_add ("/gui/navigation/switcher-middle", Fixture, NULL,
              fixture_set_up, test_switcher_middle, fixture_tear_down);
  g_test_add ("/gui/navigation/switcher-narrow-customer", Fixture, NULL,
              fixture_set_up, test_switcher_narrow_customer, fixture_tear_down);
  if (!french)
    {
      g_test_add ("/gui/navigation/view-keys", Fixture, NULL,
                  fixture_set_up, test_view_keys, fixture_tear_down);
      g_test_add ("/gui/navigation/focus-follows-view", Fixture, NULL,
                  fixture_set_up, test_focus_follows_view, fixture_tear_down);
      g_test_add ("/gui/navigation/shortcuts-listed", Fixture, NULL,
                  fixture_set_up, test_shortcuts_listed, fixture_tear_down);
    }

  return g_test_run ();
}

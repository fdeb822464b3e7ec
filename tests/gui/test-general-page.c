/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-general-page"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-general-page.h"
#include "clt-gui-util.h"
#include "clt-log-dialog.h"
#include "clt-preferences-window.h"
#include "clt-staff-button.h"
#include "clt-staff-popover.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* The General page of Preferences (issue 13, finding 24): first of the
 * pages; the business name the templates use; who is at the desk, with
 * the button that switches it; reminders with the window closed; where the
 * book and its copies are. Run in English and, as test-general-page-fr,
 * in French. */

static CltApplication *app;
static char *data_home;
static gboolean french;

typedef struct
{
  char      *dir;
  char      *path;
  CltStore  *store;
  GSettings *settings;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-general", &fixture->path);
  fixture->store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->settings = clt_gui_dup_settings ();
  g_assert_nonnull (fixture->settings);
  g_settings_reset (fixture->settings, "staff-name");
  g_settings_reset (fixture->settings, "recent-staff-names");
  g_settings_reset (fixture->settings, "run-in-background");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (toplevel);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_settings_reset (fixture->settings, "run-in-background");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->store);
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static CltPreferencesWindow *
open_preferences (Fixture    *fixture,
                  GtkWindow  *parent,
                  int         width,
                  int         height)
{
  CltPreferencesWindow *window = clt_preferences_window_new (parent, fixture->store);

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);

  return window;
}

static void
assert_no_field_focused (CltPreferencesWindow *window)
{
  GtkWidget *focus;

  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  if (focus != NULL)
    g_test_message ("focus: %s", G_OBJECT_TYPE_NAME (focus));
  g_assert_false (focus != NULL &&
                  (GTK_IS_EDITABLE (focus) || gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW) != NULL));
}

static gboolean
is_action_row_with_subtitle (GtkWidget     *widget,
                             gconstpointer  subtitle)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), subtitle) == 0;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
has_action_name (GtkWidget     *widget,
                 gconstpointer  name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), name) == 0;
}

static GtkWidget *
get_general_page (gpointer window)
{
  GtkWidget *page = clt_test_gui_get_widget (window, CLT_TYPE_GENERAL_PAGE);

  g_assert_nonnull (page);
  return page;
}

static char *
dup_business (Fixture *fixture)
{
  return clt_store_get_business_name (fixture->store);
}

static guint
count_widgets (GtkWidget       *root,
               CltTestGuiMatch  match,
               gconstpointer    data)
{
  guint n = match (root, data) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, match, data);

  return n;
}

static const char *
business_title (void)
{
  return _("Business Name");
}

/* General is the page Preferences open on, and the first of their pages;
 * the business name is there, and there only. */
static void
test_first (Fixture       *fixture,
            gconstpointer  user_data)
{
  CltPreferencesWindow *window = open_preferences (fixture, NULL, 640, 800);
  GtkWidget *first = clt_test_gui_get_widget (window, ADW_TYPE_PREFERENCES_PAGE);

  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (window)), ==,
                   "general");
  g_assert_true (CLT_IS_GENERAL_PAGE (first));
  g_assert_true (gtk_widget_get_mapped (first));
  g_assert_cmpstr (adw_preferences_page_get_title (ADW_PREFERENCES_PAGE (first)), ==,
                   french ? "Général" : "General");
  g_assert_cmpuint (count_widgets (GTK_WIDGET (window), is_row_titled, business_title ()), ==, 1);
  g_assert_nonnull (clt_test_gui_find_widget (first, is_row_titled, business_title ()));

  /* Not in the business name, its text selected for the first key to
   * replace. */
  assert_no_field_focused (window);
}

/* Preferences open on General; Set Up E-mail and a paused outbox open
 * them on E-mail. */
static void
test_open_on_page (Fixture       *fixture,
                   gconstpointer  user_data)
{
  CltWindow *book_window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 900, 700);
  GtkWidget *window;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (book_window), "app.preferences", NULL));
  window = clt_test_gui_wait_for_toplevel (CLT_TYPE_PREFERENCES_WINDOW);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (window)), ==,
                   "general");
  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PREFERENCES_WINDOW));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (book_window), "app.preferences-page", "s", "mail"));
  window = clt_test_gui_wait_for_toplevel (CLT_TYPE_PREFERENCES_WINDOW);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (window)), ==,
                   "mail");
}

/* Apply saves the name in the book; so does leaving the row; empty is
 * allowed and removes it; closing keeps what was typed. */
static void
test_business (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CltPreferencesWindow *window;
  GtkWidget *page;
  GtkWidget *row;
  char *name;

  clt_store_set_business_name (fixture->store, "Hôtel du Lac", &error);
  g_assert_no_error (error);

  window = open_preferences (fixture, NULL, 640, 800);
  page = get_general_page (window);
  row = clt_test_gui_find_widget (page, is_row_titled, business_title ());
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Hôtel du Lac");

  /* Typed, not yet applied: the book still has the old name. */
  gtk_editable_set_text (GTK_EDITABLE (row), "  Hôtel des Tilleuls ");
  name = dup_business (fixture);
  g_assert_cmpstr (name, ==, "Hôtel du Lac");
  g_free (name);

  g_signal_emit_by_name (row, "apply");
  name = dup_business (fixture);
  g_assert_cmpstr (name, ==, "Hôtel des Tilleuls");
  g_free (name);

  /* Emptied, then focus moves on: no name any more. */
  gtk_widget_grab_focus (row);
  clt_test_gui_spin (50);
  gtk_editable_set_text (GTK_EDITABLE (row), "");
  gtk_widget_grab_focus (clt_test_gui_find_widget (page, clt_test_gui_is_of_type,
                                                   GSIZE_TO_POINTER (GTK_TYPE_SWITCH)));
  clt_test_gui_spin (50);
  name = dup_business (fixture);
  g_assert_null (name);

  /* Typed and the window closed: kept. */
  gtk_editable_set_text (GTK_EDITABLE (row), "Les Tilleuls");
  gtk_window_close (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PREFERENCES_WINDOW));
  name = dup_business (fixture);
  g_assert_cmpstr (name, ==, "Les Tilleuls");
  g_free (name);
}

static void
assert_strv (char       **strv,
             const char  *first,
             ...)
{
  va_list args;
  guint i = 0;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *), i++)
    g_assert_cmpstr (strv[i], ==, s);
  va_end (args);
  g_assert_null (strv[i]);
  g_strfreev (strv);
}

/* The newest first, the same name once whatever its case, five at most. */
static void
test_recent_names (void)
{
  const char *recent[] = { "Julie", "Marc", "Camille", "Léa", "Hugo", NULL };

  assert_strv (clt_gui_push_recent_name (NULL, "Julie", 5), "Julie", NULL);
  assert_strv (clt_gui_push_recent_name (recent, " marc ", 5),
               "marc", "Julie", "Camille", "Léa", "Hugo", NULL);
  assert_strv (clt_gui_push_recent_name (recent, "Zoé", 5),
               "Zoé", "Julie", "Marc", "Camille", "Léa", NULL);
  assert_strv (clt_gui_push_recent_name (recent, "  ", 5),
               "Julie", "Marc", "Camille", "Léa", "Hugo", NULL);
  assert_strv (clt_gui_push_recent_name (recent, "Léa", 2), "Léa", "Julie", NULL);
}

static GtkWidget *
get_entry (GtkWidget *root)
{
  GtkWidget *entry = clt_test_gui_find_widget (root, clt_test_gui_is_of_type,
                                               GSIZE_TO_POINTER (GTK_TYPE_ENTRY));

  g_assert_nonnull (entry);
  return entry;
}

static void
type_name (GtkWidget  *popover,
           const char *name)
{
  GtkWidget *entry = get_entry (popover);

  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  g_signal_emit_by_name (entry, "activate");
  clt_test_gui_spin (50);
}

static gboolean
is_row_named (GtkWidget     *widget,
              gconstpointer  name)
{
  return GTK_IS_LIST_BOX_ROW (widget) && clt_test_gui_find_widget (widget, clt_test_gui_is_label_containing, name) != NULL;
}

static const char *
get_label (GtkWidget *button)
{
  GtkWidget *label = clt_test_gui_find_widget (button, clt_test_gui_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_LABEL));

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
assert_setting (Fixture    *fixture,
                const char *staff)
{
  g_autofree char *value = g_settings_get_string (fixture->settings, "staff-name");

  g_assert_cmpstr (value, ==, staff);
}

/* The button alone: a person when nobody said, then the name; typing a
 * name or choosing a recent one sets the whole program's. */
static void
test_staff_button (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *button = clt_staff_button_new ();
  GtkWidget *image = clt_test_gui_find_widget (button, clt_test_gui_is_of_type, GSIZE_TO_POINTER (GTK_TYPE_IMAGE));
  GtkMenuButton *menu_button;
  GtkWidget *popover;
  GtkWidget *row;

  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 12);
  gtk_window_set_child (GTK_WINDOW (window), button);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 400);
  gtk_window_present (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);

  menu_button = GTK_MENU_BUTTON (clt_test_gui_get_widget (button, GTK_TYPE_MENU_BUTTON));
  g_assert_true (gtk_widget_get_visible (image));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, "avatar-default-symbolic");
  g_assert_null (get_label (button));
  /* Its popover is made when first opened, not for the window's first
   * frame; the button still says it opens one. */
  g_assert_null (gtk_menu_button_get_popover (menu_button));
  g_assert_true (gtk_widget_get_sensitive (clt_test_gui_get_widget (GTK_WIDGET (menu_button),
                                                                    GTK_TYPE_TOGGLE_BUTTON)));

  gtk_menu_button_popup (menu_button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (menu_button));
  g_assert_true (CLT_IS_STAFF_POPOVER (popover));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  /* Nobody yet: the entry is where to type. */
  g_assert_true (gtk_widget_has_focus (get_entry (popover)) ||
                 gtk_widget_is_focus (get_entry (popover)) ||
                 gtk_widget_has_focus (gtk_widget_get_first_child (get_entry (popover))));
  type_name (popover, "Julie");
  assert_setting (fixture, "Julie");
  assert_strv (g_settings_get_strv (fixture->settings, "recent-staff-names"), "Julie", NULL);
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_cmpstr (get_label (button), ==, "Julie");
  g_assert_false (gtk_widget_get_visible (image));

  gtk_menu_button_popup (menu_button);
  /* The same popover each time. */
  g_assert_true (GTK_WIDGET (gtk_menu_button_get_popover (menu_button)) == popover);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  type_name (popover, "Marc");
  assert_setting (fixture, "Marc");
  assert_strv (g_settings_get_strv (fixture->settings, "recent-staff-names"), "Marc", "Julie", NULL);
  g_assert_cmpstr (get_label (button), ==, "Marc");

  /* Julie is back at the desk: one click. */
  gtk_menu_button_popup (menu_button);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  clt_test_gui_save_screenshot (popover, french ? "staff-button-fr.png" : "staff-button-en.png");
  row = clt_test_gui_find_widget (popover, is_row_named, "Julie");
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activate");
  clt_test_gui_spin (50);
  assert_setting (fixture, "Julie");
  assert_strv (g_settings_get_strv (fixture->settings, "recent-staff-names"), "Julie", "Marc", NULL);
  g_assert_cmpstr (get_label (button), ==, "Julie");

  /* A blank name is no one's: nothing changes. */
  gtk_menu_button_popup (menu_button);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  type_name (popover, "   ");
  assert_setting (fixture, "Julie");

  /* Five kept. */
  type_name (popover, "Camille");
  gtk_menu_button_popup (menu_button);
  type_name (popover, "Léa");
  gtk_menu_button_popup (menu_button);
  type_name (popover, "Hugo");
  gtk_menu_button_popup (menu_button);
  type_name (popover, "Zoé");
  assert_strv (g_settings_get_strv (fixture->settings, "recent-staff-names"),
               "Zoé", "Hugo", "Léa", "Camille", "Julie", NULL);

  /* Set elsewhere (the log dialog): the button follows. */
  clt_gui_set_staff_name ("Anne");
  clt_test_gui_spin (50);
  g_assert_cmpstr (get_label (button), ==, "Anne");
}

/* The log dialog starts from who is at the desk, and a name typed there
 * becomes it, first of the recent names. */
static void
test_log_dialog (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  gint64 customer_id = clt_test_gui_add_customer (fixture->store, "Hélène Dupré");
  CltLogDialog *dialog;
  AdwEntryRow *row;

  clt_gui_set_staff_name ("Julie");
  dialog = clt_log_dialog_new (fixture->store, customer_id);
  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  row = clt_test_gui_get_entry_row (dialog, _("Logged by"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Julie");

  gtk_editable_set_text (GTK_EDITABLE (row), "Camille");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));
  assert_setting (fixture, "Camille");
  assert_strv (g_settings_get_strv (fixture->settings, "recent-staff-names"), "Camille", "Julie", NULL);
}

/* The switch is the action's state, both ways. */
static void
test_background (Fixture       *fixture,
                 gconstpointer  user_data)
{
  CltPreferencesWindow *window = open_preferences (fixture, NULL, 640, 800);
  GtkWidget *page = get_general_page (window);
  GtkWidget *sw = clt_test_gui_find_widget (page, has_action_name, "app.run-in-background");
  g_autoptr(GVariant) state = NULL;

  g_assert_nonnull (sw);
  g_assert_true (GTK_IS_SWITCH (sw));
  g_assert_true (gtk_widget_is_sensitive (sw));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));

  g_action_group_change_action_state (G_ACTION_GROUP (app), "run-in-background", g_variant_new_boolean (TRUE));
  clt_test_gui_spin (50);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_true (g_settings_get_boolean (fixture->settings, "run-in-background"));

  gtk_widget_activate (sw);
  clt_test_gui_spin (50);
  state = g_action_group_get_action_state (G_ACTION_GROUP (app), "run-in-background");
  g_assert_false (g_variant_get_boolean (state));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (sw)));
  g_assert_false (g_settings_get_boolean (fixture->settings, "run-in-background"));
}

/* The paths shown are the book's and the copies' own; the book window's
 * Save a Copy and Open Another Book are there over it. */
static void
test_paths (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *copies = clt_backup_get_folder ();
  g_autofree char *copies_display = g_filename_display_name (copies);
  g_autofree char *book_display = g_filename_display_name (fixture->path);
  CltPreferencesWindow *window;
  CltWindow *book_window;
  GtkWidget *page;

  window = open_preferences (fixture, NULL, 640, 900);
  page = get_general_page (window);
  g_assert_nonnull (clt_test_gui_find_widget (page, is_action_row_with_subtitle, book_display));
  g_assert_nonnull (clt_test_gui_find_widget (page, is_action_row_with_subtitle, copies_display));
  g_assert_false (gtk_widget_get_visible (clt_test_gui_find_widget (page, is_row_titled,
                                                                     _("_Save a Copy…"))));
  gtk_window_destroy (GTK_WINDOW (window));

  book_window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 900, 700);
  window = open_preferences (fixture, GTK_WINDOW (book_window), 640, 900);
  page = get_general_page (window);
  g_assert_true (gtk_widget_get_visible (clt_test_gui_find_widget (page, is_row_titled,
                                                                    _("_Save a Copy…"))));
  g_assert_true (gtk_widget_get_visible (clt_test_gui_find_widget (page, is_row_titled,
                                                                    _("_Open Another Book…"))));
}

/* Four screenshots per language; at 360 px the page fits. */
static void
test_shots (Fixture       *fixture,
            gconstpointer  user_data)
{
  int width = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;
  CltWindow *book_window;
  CltPreferencesWindow *window;
  const char *lang = french ? "fr" : "en";

  clt_store_set_business_name (fixture->store, "Hôtel des Tilleuls", &error);
  g_assert_no_error (error);
  clt_gui_set_staff_name ("Julie");
  clt_gui_set_staff_name ("Marie-Christine");

  book_window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1280, 900);
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("general-%d-%s-%s.png", width, lang, dark ? "dark" : "light");
      int minimum;

      clt_test_gui_set_color_scheme (dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
      window = open_preferences (fixture, GTK_WINDOW (book_window), width, 1100);
      /* The window's content, without the frame drawn around it. */
      gtk_widget_measure (gtk_window_get_child (GTK_WINDOW (window)), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      g_test_message ("%s: minimum width %d", name, minimum);
      g_assert_cmpint (minimum, <=, 360);
      gtk_widget_measure (get_general_page (window), GTK_ORIENTATION_HORIZONTAL, -1,
                          &minimum, NULL, NULL, NULL);
      g_assert_cmpint (minimum, <=, 360);
      assert_no_field_focused (window);
      /* Who is at the desk, whole, even at 360 px. */
      {
        GtkWidget *staff = clt_test_gui_find_widget (get_general_page (window), clt_test_gui_is_label_containing,
                                                     "Marie-Christine");

        g_assert_nonnull (staff);
        clt_test_gui_wait_for_paint (staff);
        g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (staff))));
      }
      clt_test_gui_save_screenshot (window, name);
      gtk_window_destroy (GTK_WINDOW (window));
    }
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  g_autofree char *config_home = NULL;
  int status;

  french = g_strcmp0 (g_getenv ("LANGUAGE"), "fr") == 0;
  /* The book's copies and the autostart entry in folders of the test's own. */
  data_home = g_dir_make_tmp ("clientele-general-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  config_home = g_build_filename (data_home, "config", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/gui/general/recent-names", test_recent_names);
  g_test_add ("/gui/general/first", Fixture, NULL, fixture_set_up, test_first, fixture_tear_down);
  g_test_add ("/gui/general/open-on-page", Fixture, NULL, fixture_set_up, test_open_on_page, fixture_tear_down);
  g_test_add ("/gui/general/business", Fixture, NULL, fixture_set_up, test_business, fixture_tear_down);
  g_test_add ("/gui/general/staff-button", Fixture, NULL, fixture_set_up, test_staff_button, fixture_tear_down);
  g_test_add ("/gui/general/log-dialog", Fixture, NULL, fixture_set_up, test_log_dialog, fixture_tear_down);
  g_test_add ("/gui/general/background", Fixture, NULL, fixture_set_up, test_background, fixture_tear_down);
  g_test_add ("/gui/general/paths", Fixture, NULL, fixture_set_up, test_paths, fixture_tear_down);
  g_test_add ("/gui/general/shots/wide", Fixture, GINT_TO_POINTER (1280), fixture_set_up, test_shots, fixture_tear_down);
  g_test_add ("/gui/general/shots/narrow", Fixture, GINT_TO_POINTER (360), fixture_set_up, test_shots, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

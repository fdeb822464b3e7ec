/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-gui-util.h"
#include "clt-customer-dialog.h"
#include "clt-customer-page.h"
#include "clt-customer-row.h"
#include "clt-empty-book-page.h"
#include "clt-log-dialog.h"
#include "clt-remember-view.h"
#include "clt-status-page.h"
#include "clt-outbox-view.h"
#include "clt-refold-indicator.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* One application for the whole run: it stays exported on the bus. */
static CltApplication *app;

/* The sample book is made in the user's data folder: a temporary one. */
static char *data_home;

typedef struct
{
  char           *dir;
  char           *path;
  CltApplication *app;
  gint64          helene_id;
  gint64          anne_id;
} Fixture;

static void
fill_book (Fixture *fixture)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = clt_test_gui_now_unix ();
  gint64 id;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  id = fixture->helene_id = clt_test_gui_add_customer (store, "Mme Hélène Dupré");
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
  clt_store_add_contact (store, id, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, "home", "helene.dupre@example.fr", &error);
  g_assert_no_error (error);

  id = clt_test_gui_add_customer (store, "Helmut Schneider");
  clt_store_add_preference (store, id, "communication", "Prefers e-mail to phone calls",
                            CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);

  id = fixture->anne_id = clt_test_gui_add_customer (store, "Anne Moreau");
  clt_store_add_preference (store, id, "communication", "Ne jamais appeler avant 10 h",
                            CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "sizes", "Pointure 38", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);

  id = clt_test_gui_add_customer (store, "Zoë Martin");
  clt_store_add_preference (store, id, "food", "Végétarienne", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);

  clt_test_gui_add_customer (store, "Marc Lefèvre");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = clt_test_gui_make_book_dir ("clientele-gui", &fixture->path);

  fixture->app = app;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_test_gui_destroy_windows (GTK_APPLICATION (fixture->app));
  fixture->app = NULL;

  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gboolean
is_shown_menu_button (GtkWidget     *widget,
                      gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) && gtk_widget_is_drawable (widget);
}

/* The page that says how to find someone is drawn as libadwaita's compact
 * status page (its style applies: the title's size, the icon's), and is
 * centred without a centred height-for-width box between it and its text:
 * GTK 4.8 measures such a box at each allocation for the narrowest width
 * that fits its height, laying its labels out at widths tried by halves
 * (some 70 layouts for the first frame with AdwStatusPage). */
static void
check_find_page (CltWindow *window)
{
  GtkWidget *title = clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_label_containing,
                                               (gpointer) "Find a Customer");
  GtkWidget *page = gtk_widget_get_ancestor (title, CLT_TYPE_STATUS_PAGE);
  PangoFontDescription *font;
  GtkWidget *image;

  g_assert_nonnull (page);
  for (GtkWidget *widget = title; widget != page; widget = gtk_widget_get_parent (widget))
    {
      g_test_message ("%s: halign %d, valign %d", G_OBJECT_TYPE_NAME (widget),
                      gtk_widget_get_halign (widget), gtk_widget_get_valign (widget));
      g_assert_cmpint (gtk_widget_get_halign (widget), ==, GTK_ALIGN_FILL);
      g_assert_cmpint (gtk_widget_get_valign (widget), ==, GTK_ALIGN_FILL);
    }

  /* statuspage.compact > … > .title: 18 points (in pixels at 96 dpi), heavy. */
  font = pango_context_get_font_description (gtk_widget_get_pango_context (title));
  g_assert_true (pango_font_description_get_size_is_absolute (font));
  g_assert_cmpint (pango_font_description_get_size (font), ==, 18 * 96 / 72 * PANGO_SCALE);
  g_assert_cmpint (pango_font_description_get_weight (font), ==, PANGO_WEIGHT_ULTRABOLD);
  image = gtk_widget_get_first_child (gtk_widget_get_parent (title));
  g_assert_true (GTK_IS_IMAGE (image));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (image)), ==, "avatar-default-symbolic");
  g_assert_cmpint (gtk_widget_get_height (image), ==, 96);
  g_assert_cmpstr (clt_status_page_get_title (CLT_STATUS_PAGE (page)), ==, "Find a Customer");
  g_assert_true (gtk_widget_get_mapped (clt_test_gui_find_widget (page, clt_test_gui_is_label_containing,
                                                                  (gpointer) "Type a name")));
}

/* A label with this text, drawn or not. */
static gboolean
is_any_label_containing (GtkWidget     *widget,
                         gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

/* GTK styles every visible widget, shown or not: a stack's other pages, a
 * revealer's hidden child. What the first frame does not show is made, or
 * kept invisible, until it is needed, so that it is neither styled nor
 * sized. */
static void
check_hidden_parts_not_styled (CltWindow *window)
{
  GtkWidget *no_match = clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_of_type,
                                                  GSIZE_TO_POINTER (ADW_TYPE_STATUS_PAGE));
  GtkWidget *bar = clt_test_gui_get_widget (window, ADW_TYPE_VIEW_SWITCHER_BAR);
  GtkWidget *refold = clt_test_gui_get_widget (window, CLT_TYPE_REFOLD_INDICATOR);
  GtkWidget *notice = clt_test_gui_find_widget (GTK_WIDGET (window), is_any_label_containing,
                                                (gpointer) "Save a Copy");

  /* « No Customer Found » is made when a search first finds nobody. */
  g_assert_null (no_match);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_first_child (refold)));
  g_assert_nonnull (notice);
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_ancestor (notice, GTK_TYPE_REVEALER)));
}

static gboolean
is_shown_primary_menu_button (GtkWidget     *widget,
                              gconstpointer  data)
{
  return is_shown_menu_button (widget, data) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

/* A label with this text that a person can see now. */
static GtkWidget *
find_shown_label (GtkWidget  *root,
                  const char *text)
{
  return clt_test_gui_find_widget (root, clt_test_gui_is_label_containing, text);
}

static const char *
get_row_text (gpointer    root,
              const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (clt_test_gui_get_entry_row (root, title)));
}

static GListModel *
get_list_model (CltWindow *window)
{
  GtkListView *list_view = GTK_LIST_VIEW (clt_test_gui_get_widget (window, GTK_TYPE_LIST_VIEW));

  return G_LIST_MODEL (gtk_list_view_get_model (list_view));
}

static const char *
get_customer_name (GListModel *model,
                   guint       position)
{
  g_autoptr(CltCustomerSlot) slot = g_list_model_get_item (model, position);

  g_assert_nonnull (slot);

  /* The model holds its places and each place its customer, so the name
   * outlives this reference. */
  return clt_customer_get_display_name (clt_customer_slot_get_customer (slot));
}

static gint64
get_selected_id (CltWindow *window)
{
  CltCustomerSlot *slot = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (get_list_model (window)));
  CltCustomer *customer = slot != NULL ? clt_customer_slot_get_customer (slot) : NULL;

  return customer != NULL ? clt_customer_get_id (customer) : 0;
}

static gboolean
model_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static void
type_search (CltWindow  *window,
             const char *text)
{
  GtkWidget *entry = clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* GtkSearchEntry waits a little before "search-changed". */
  clt_test_gui_spin (400);
}

static void
press_enter (CltWindow *window)
{
  g_signal_emit_by_name (clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY), "activate");
}

static void
move_selection (CltWindow *window,
                int        step)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.move-selection", "i", step));
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
open_helene (CltWindow *window,
             Fixture   *fixture)
{
  type_search (window, "hel");
  clt_test_gui_spin_until (model_has_items, get_list_model (window));
  g_assert_cmpint (get_selected_id (window), ==, fixture->helene_id);
  press_enter (window);
  clt_test_gui_wait_for_label (window, "Allergique aux plumes");
  g_assert_cmpint (clt_window_get_customer_id (window), ==, fixture->helene_id);
}

static void
test_search_and_open (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CltWindow *window;
  GtkWidget *entry;
  GtkWidget *menu_button;
  GListModel *model;
  gint64 aaron_id;

  fill_book (fixture);

  window = clt_application_open_book (fixture->app, fixture->path);
  g_assert_true (CLT_IS_WINDOW (window));
  g_assert_cmpstr (clt_window_get_path (window), ==, fixture->path);
  g_assert_false (clt_window_get_sample (window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);

  /* Opening the same book again presents the same window. */
  g_assert_true (clt_application_open_book (fixture->app, fixture->path) == window);

  /* Search first: the search field has the focus from the start. */
  entry = clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));

  model = get_list_model (window);
  clt_test_gui_spin_until (model_has_items, model);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  /* How to greet her, beside her name. */
  clt_test_gui_wait_for_label (window, "Mme Dupré");
  /* Nobody is chosen for the person: the page says how to find someone. */
  g_assert_cmpint (get_selected_id (window), ==, 0);
  g_assert_cmpint (clt_window_get_customer_id (window), ==, 0);
  clt_test_gui_wait_for_label (window, "Find a Customer");
  check_find_page (window);
  check_hidden_parts_not_styled (window);
  /* The main menu is made when it is first opened, not for the first frame. */
  menu_button = clt_test_gui_find_widget (GTK_WIDGET (window), is_shown_primary_menu_button, NULL);
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_widget_get_sensitive (menu_button));
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));

  type_search (window, "hel");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
  g_assert_cmpstr (get_customer_name (model, 0), ==, "Hélène Dupré");
  g_assert_cmpstr (get_customer_name (model, 1), ==, "Helmut Schneider");

  /* Down, then Enter, opens the second; Up comes back to the first. */
  move_selection (window, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 1);
  move_selection (window, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 1);
  press_enter (window);
  clt_test_gui_wait_for_label (window, "Prefers e-mail to phone calls");
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), entry));
  move_selection (window, -1);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 0);

  /* Enter opens the best match: her page shows the alert and preferences. */
  press_enter (window);
  g_assert_cmpint (clt_window_get_customer_id (window), ==, fixture->helene_id);
  clt_test_gui_wait_for_label (window, "Allergique aux plumes");
  clt_test_gui_wait_for_label (window, "Chambre côté cour");
  clt_test_gui_wait_for_label (window, "Thé vert au petit-déjeuner");
  clt_test_gui_wait_for_label (window, "Vient chaque année pour le festival de jazz");

  /* A new search starts again from its best match. */
  type_search (window, "mo");
  g_assert_cmpstr (get_customer_name (model, 0), ==, "Anne Moreau");
  g_assert_cmpint (get_selected_id (window), ==, fixture->anne_id);

  /* Escape clears the search, and leaves nobody's page on screen for the
   * next guest to read. */
  g_signal_emit_by_name (entry, "stop-search");
  clt_test_gui_spin (400);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  g_assert_cmpint (get_selected_id (window), ==, 0);
  g_assert_cmpint (clt_window_get_customer_id (window), ==, 0);
  clt_test_gui_wait_for_label (window, "Find a Customer");

  /* Down chooses the first of the book, and goes on from there. */
  move_selection (window, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 0);
  while (get_selected_id (window) != fixture->helene_id)
    {
      guint before = gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model));

      move_selection (window, 1);
      g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, before + 1);
    }
  press_enter (window);
  g_assert_cmpint (clt_window_get_customer_id (window), ==, fixture->helene_id);

  /* A change to the book reloads the list, and the customer stays selected. */
  aaron_id = clt_test_gui_add_customer (clt_window_get_store (window), "Aaron Abel");
  clt_test_gui_spin (200);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 6);
  g_assert_cmpstr (get_customer_name (model, 0), ==, "Aaron Abel");
  g_assert_cmpint (get_selected_id (window), ==, fixture->helene_id);
  g_assert_cmpint (clt_window_get_customer_id (window), ==, fixture->helene_id);
  g_assert_cmpint (aaron_id, >, 0);

  /* Opened, the main menu has its items. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  g_assert_nonnull (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_nonnull (find_shown_label (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button))),
                                      "Keyboard Shortcuts"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
}

static void
take_screenshots (Fixture    *fixture,
                  const char *scheme)
{
  g_autofree char *results = g_strdup_printf ("window-wide-results-%s.png", scheme);
  g_autofree char *wide = g_strdup_printf ("window-wide-%s.png", scheme);
  g_autofree char *narrow_list = g_strdup_printf ("window-narrow-list-%s.png", scheme);
  g_autofree char *narrow_customer = g_strdup_printf ("window-narrow-customer-%s.png", scheme);
  CltWindow *window;
  AdwLeaflet *leaflet;

  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  leaflet = ADW_LEAFLET (clt_test_gui_get_widget (window, ADW_TYPE_LEAFLET));
  clt_test_gui_spin_until (is_unfolded, leaflet);
  clt_test_gui_save_screenshot (window, results);
  type_search (window, "hel");
  clt_test_gui_wait_for_label (window, "Allergique aux plumes");
  clt_test_gui_save_screenshot (window, wide);
  gtk_window_destroy (GTK_WINDOW (window));

  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 360, 700);
  leaflet = ADW_LEAFLET (clt_test_gui_get_widget (window, ADW_TYPE_LEAFLET));
  clt_test_gui_spin_until (is_folded, leaflet);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 360);
  clt_test_gui_wait_for_label (window, "Alert: Ne jamais appeler avant 10 h");
  clt_test_gui_save_screenshot (window, narrow_list);

  /* Folded, Enter goes from the list to the customer. */
  type_search (window, "hel");
  press_enter (window);
  clt_test_gui_wait_for_label (window, "Allergique aux plumes");
  g_assert_null (find_shown_label (GTK_WIDGET (window), "Helmut Schneider"));
  clt_test_gui_save_screenshot (window, narrow_customer);

  /* Typing again brings the results back. */
  type_search (window, "anne");
  clt_test_gui_wait_for_label (window, "Anne Moreau");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  user_data)
{
  fill_book (fixture);

  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
  take_screenshots (fixture, "light");

  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_DARK);
  take_screenshots (fixture, "dark");

  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_new_from_search (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  CltWindow *window;
  GtkWidget *dialog;
  GtkWidget *label;
  CltStore *store;
  gint64 id;

  fill_book (fixture);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  store = clt_window_get_store (window);

  /* Nobody matched: the list offers to add the person searched for. */
  type_search (window, "Mme Zoé Laurent");
  clt_test_gui_wait_for_label (window, "No Customer Found");
  clt_test_gui_wait_for_label (window, "Add “Mme Zoé Laurent”…");
  g_assert_cmpuint (g_list_model_get_n_items (get_list_model (window)), ==, 0);
  g_assert_cmpint (clt_window_get_customer_id (window), ==, 0);
  label = find_shown_label (GTK_WIDGET (window), "Add “Mme Zoé Laurent”…");
  clt_test_gui_click (gtk_widget_get_ancestor (label, GTK_TYPE_BUTTON));

  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_cmpstr (get_row_text (dialog, "Honorific (Mme, M., Dr…)"), ==, "Mme");
  g_assert_cmpstr (get_row_text (dialog, "Given name"), ==, "Zoé");
  g_assert_cmpstr (get_row_text (dialog, "Family name"), ==, "Laurent");
  clt_test_gui_set_row_text (dialog, "Phone number", "07 98 76 54 32");
  clt_test_gui_set_row_text (dialog, "E-mail address", "zoe.laurent@example.com");
  clt_test_gui_set_row_text (dialog, "How they like to be addressed", "Zoé");

  /* A birthday must be a real day. */
  clt_test_gui_set_row_text (dialog, "Birthday (day and month, year optional)", "1984-02-30");
  g_assert_false (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, "_Save")));
  clt_test_gui_set_row_text (dialog, "Birthday (day and month, year optional)", "1984-02-28");
  g_assert_true (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, "_Save")));

  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));

  found = clt_store_find_duplicates (store, "Zoé Laurent", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  id = ((CltDuplicate *) g_ptr_array_index (found, 0))->customer_id;
  customer = clt_store_get_customer (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_honorific (customer), ==, "Mme");
  g_assert_cmpstr (clt_customer_get_given_name (customer), ==, "Zoé");
  g_assert_cmpstr (clt_customer_get_family_name (customer), ==, "Laurent");
  g_assert_cmpstr (clt_customer_get_display_name (customer), ==, "Zoé Laurent");
  g_assert_cmpstr (clt_customer_get_addressed_as (customer), ==, "Zoé");
  g_assert_cmpstr (clt_customer_get_birthday (customer), ==, "1984-02-28");
  contacts = clt_store_list_contacts (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);

  /* The new customer is selected and shown. */
  clt_test_gui_spin (200);
  g_assert_cmpint (clt_window_get_customer_id (window), ==, id);
  g_assert_cmpint (get_selected_id (window), ==, id);
  clt_test_gui_wait_for_label (clt_test_gui_get_widget (window, CLT_TYPE_CUSTOMER_PAGE), "Zoé Laurent");

  /* Ctrl+N with a phone number searched puts it where it belongs. */
  type_search (window, "04 91 00 00 00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  g_assert_cmpstr (get_row_text (dialog, "Phone number"), ==, "04 91 00 00 00");
  g_assert_cmpstr (get_row_text (dialog, "Family name"), ==, "");
  g_assert_false (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, "_Save")));
  gtk_window_close (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));
}

static gboolean
is_combo_titled (GtkWidget     *widget,
                 gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static void
test_edit_customer (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  CltWindow *window;
  GtkWidget *dialog;
  AdwComboRow *language;
  AdwComboRow *consent;

  fill_book (fixture);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  open_helene (window, fixture);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, "Edit Customer");
  g_assert_cmpstr (get_row_text (dialog, "Given name"), ==, "Hélène");
  /* Her own details do not make her a duplicate of herself. */
  clt_test_gui_spin (500);
  g_assert_null (find_shown_label (dialog, "same name"));

  clt_test_gui_set_row_text (dialog, "Company", "Atelier Dupré");
  language = ADW_COMBO_ROW (clt_test_gui_find_widget (dialog, is_combo_titled, "Language"));
  adw_combo_row_set_selected (language, 1);
  gtk_switch_set_active (GTK_SWITCH (clt_test_gui_get_widget (dialog, GTK_TYPE_SWITCH)), TRUE);
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));

  customer = clt_store_get_customer (clt_window_get_store (window), fixture->helene_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_company (customer), ==, "Atelier Dupré");
  g_assert_cmpstr (clt_customer_get_language (customer), ==, "fr");
  g_assert_true (clt_customer_get_vip (customer));
  g_assert_cmpstr (clt_customer_get_display_name (customer), ==, "Hélène Dupré");
  clt_test_gui_wait_for_label (window, "Atelier Dupré");
  g_assert_cmpint (clt_window_get_customer_id (window), ==, fixture->helene_id);
  /* Nothing said about consent: nothing recorded. */
  g_assert_cmpint (clt_customer_get_consent_at (customer), ==, 0);

  /* Marketing consent given at the desk: recorded, and shown with who and
   * when the next time. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  consent = ADW_COMBO_ROW (clt_test_gui_find_widget (dialog, is_combo_titled, "E-mail consent"));
  g_assert_nonnull (consent);
  adw_combo_row_set_selected (consent, CLT_CONSENT_MARKETING);
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));
  g_clear_object (&customer);
  customer = clt_store_get_customer (clt_window_get_store (window), fixture->helene_id, &error);
  g_assert_cmpint (clt_customer_get_email_consent (customer), ==, CLT_CONSENT_MARKETING);
  g_assert_cmpint (clt_customer_get_consent_at (customer), >, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  consent = ADW_COMBO_ROW (clt_test_gui_find_widget (dialog, is_combo_titled, "E-mail consent"));
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (consent)))),
                                   "Recorded on "));
  gtk_window_close (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));
}

/* The consent row of a customer dialog. */
static AdwComboRow *
get_consent_row (GtkWidget *dialog)
{
  GtkWidget *row = clt_test_gui_find_widget (dialog, is_combo_titled, _("E-mail consent"));

  g_assert_nonnull (row);
  return ADW_COMBO_ROW (row);
}

/* What the row under the consent says: who recorded it and when. */
static const char *
get_consent_record (GtkWidget *dialog)
{
  GtkWidget *row = gtk_widget_get_next_sibling (GTK_WIDGET (get_consent_row (dialog)));

  g_assert_true (ADW_IS_ACTION_ROW (row));
  g_assert_true (gtk_widget_get_visible (row));
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* A new customer accepts personal follow-ups: the dialog shows it under
 * the e-mail address once one is typed, and records nothing for it; an
 * alert told at check-in is saved with them. A change of consent is
 * recorded with the staff name, and shown. */
static void
test_new_customer_consent (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clientele.Clientele");
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GPtrArray) preferences = NULL;
  g_autoptr(GError) error = NULL;
  CltWindow *window;
  GtkWidget *dialog;
  AdwComboRow *consent;
  AdwEntryRow *email;
  CltStore *store;
  gint64 id;

  fill_book (fixture);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  store = clt_window_get_store (window);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  consent = get_consent_row (dialog);
  email = clt_test_gui_get_entry_row (dialog, "E-mail address");
  /* Asked with the address, not before. */
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (consent)));
  clt_test_gui_set_row_text (dialog, "Given name", "Hélène");
  clt_test_gui_set_row_text (dialog, "Family name", "Dupré");
  clt_test_gui_set_row_text (dialog, "E-mail address", "helene.dupre@example.fr");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (consent)));
  g_assert_true (gtk_widget_get_next_sibling (GTK_WIDGET (email)) == GTK_WIDGET (consent));
  g_assert_cmpuint (adw_combo_row_get_selected (consent), ==, CLT_CONSENT_FOLLOW_UPS);
  /* The answer reads whole, under the question. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (consent)), ==, "Personal follow-ups");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_next_sibling (GTK_WIDGET (consent))));
  {
    GListModel *labels = adw_combo_row_get_model (consent);

    g_assert_cmpuint (g_list_model_get_n_items (labels), ==, 3);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), CLT_CONSENT_NONE), ==,
                     "No e-mail (refused)");
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), CLT_CONSENT_MARKETING), ==,
                     "Follow-ups and offers");
  }
  clt_test_gui_set_row_text (dialog, "What must be seen before greeting them", " Allergique aux plumes ");
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));

  clt_test_gui_spin (200);
  id = clt_window_get_customer_id (window);
  g_assert_cmpint (id, >, fixture->helene_id);
  customer = clt_store_get_customer (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_display_name (customer), ==, "Hélène Dupré");
  g_assert_cmpint (clt_customer_get_email_consent (customer), ==, CLT_CONSENT_FOLLOW_UPS);
  g_assert_cmpint (clt_customer_get_consent_at (customer), ==, 0);
  g_assert_null (clt_customer_get_consent_source (customer));
  g_assert_cmpstr (clt_customer_get_alert (customer), ==, "Allergique aux plumes");
  preferences = clt_store_list_preferences (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preferences->len, ==, 1);
  g_assert_cmpint (((CltPreference *) g_ptr_array_index (preferences, 0))->flags, ==, CLT_PREFERENCE_ALERT);

  /* Editing: nobody recorded anything yet, and it says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  consent = get_consent_row (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (consent)));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (consent)));
  g_assert_cmpstr (get_consent_record (dialog), ==, "No choice recorded");

  /* She refuses e-mail, told to Camille: recorded with her name. */
  g_settings_set_string (settings, "staff-name", "Camille");
  adw_combo_row_set_selected (consent, CLT_CONSENT_NONE);
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));
  g_clear_object (&customer);
  customer = clt_store_get_customer (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_customer_get_email_consent (customer), ==, CLT_CONSENT_NONE);
  g_assert_cmpint (clt_customer_get_consent_at (customer), >=, clt_test_gui_now_unix () - 60);
  g_assert_cmpstr (clt_customer_get_consent_source (customer), ==, "Camille");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  g_assert_true (g_str_has_prefix (get_consent_record (dialog), "Recorded by Camille on "));
  gtk_window_close (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));
  g_settings_reset (settings, "staff-name");
}

static void
screenshot_dialog (GtkWidget  *dialog,
                   const char *name,
                   const char *scheme)
{
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, scheme);

  clt_test_gui_save_screenshot (dialog, file);
}

static void
test_duplicate_warning (Fixture       *fixture,
                        gconstpointer  user_data)
{
  static const struct {
    const char     *scheme;
    AdwColorScheme  color;
    int             width;
  } shots[] = {
    { "wide-light", ADW_COLOR_SCHEME_FORCE_LIGHT, 0 },
    { "wide-dark", ADW_COLOR_SCHEME_FORCE_DARK, 0 },
    { "narrow-light", ADW_COLOR_SCHEME_FORCE_LIGHT, 360 },
    { "narrow-dark", ADW_COLOR_SCHEME_FORCE_DARK, 360 },
  };
  CltWindow *window;
  GtkWidget *dialog;

  fill_book (fixture);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      clt_test_gui_set_color_scheme (shots[i].color);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-customer", NULL));
      dialog = clt_test_gui_find_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
      g_assert_nonnull (dialog);
      if (shots[i].width > 0)
        gtk_window_set_default_size (GTK_WINDOW (dialog), shots[i].width, 680);
      clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
      g_assert_cmpstr (get_row_text (dialog, "Given name"), ==, "");

      clt_test_gui_set_row_text (dialog, "Given name", "Paul");
      clt_test_gui_set_row_text (dialog, "Family name", "Dupré");
      clt_test_gui_set_row_text (dialog, "Phone number", "06 12 34 56 78");
      clt_test_gui_wait_for_label (dialog, "Hélène Dupré — same phone number");
      if (shots[i].width > 0)
        g_assert_cmpint (gtk_widget_get_width (dialog), <=, shots[i].width);
      screenshot_dialog (dialog, "customer-dialog-duplicate", shots[i].scheme);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);

  /* The same name is also a reason, with a link to the one in the book. */
  type_search (window, "zoe");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  clt_test_gui_set_row_text (dialog, "Given name", "Hélène");
  clt_test_gui_set_row_text (dialog, "Family name", "DUPRE");
  clt_test_gui_set_row_text (dialog, "E-mail address", "Helene.Dupre@example.fr");
  clt_test_gui_wait_for_label (dialog, "Hélène Dupré — same name, same e-mail address");
  clt_test_gui_click (clt_test_gui_get_button (dialog, "_Open"));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));
  g_assert_cmpint (clt_window_get_customer_id (window), ==, fixture->helene_id);
  g_assert_cmpint (get_selected_id (window), ==, fixture->helene_id);
  clt_test_gui_wait_for_label (window, "Allergique aux plumes");
}

static graphene_rect_t
get_bounds (GtkWidget *root,
            GtkWidget *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, root, &bounds));

  return bounds;
}

/* @first ends before @second starts, left to right. */
static gboolean
is_beside (GtkWidget *root,
           GtkWidget *first,
           GtkWidget *second)
{
  graphene_rect_t a = get_bounds (root, first);
  graphene_rect_t b = get_bounds (root, second);

  return a.origin.x + a.size.width <= b.origin.x;
}

/* @first ends before @second starts, top to bottom. */
static gboolean
is_above (GtkWidget *root,
          GtkWidget *first,
          GtkWidget *second)
{
  graphene_rect_t a = get_bounds (root, first);
  graphene_rect_t b = get_bounds (root, second);

  return a.origin.y + a.size.height <= b.origin.y;
}

static GtkWidget *
open_log_dialog (CltWindow *window,
                 int        width)
{
  GtkWidget *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.log-contact", NULL));
  dialog = clt_test_gui_find_toplevel (CLT_TYPE_LOG_DIALOG);
  g_assert_nonnull (dialog);
  if (width > 0)
    gtk_window_set_default_size (GTK_WINDOW (dialog), width, 700);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  /* The Remember card is read before anything is written. */
  clt_test_gui_wait_for_label (dialog, "Allergique aux plumes");
  clt_test_gui_spin_until (clt_test_gui_has_size, dialog);
  clt_test_gui_spin (200);

  return dialog;
}

/* The contact logged in the test: the newest past one, or the planned one. */
static const CltHistoryEntry *
find_history_entry (GPtrArray *history,
                    gboolean   planned)
{
  const CltHistoryEntry *found = NULL;

  for (guint i = 0; i < history->len; i++)
    {
      const CltHistoryEntry *entry = g_ptr_array_index (history, i);

      if (entry->kind == CLT_HISTORY_INTERACTION && entry->planned == planned &&
          (found == NULL || entry->when > found->when))
        found = entry;
    }

  return found;
}

static void
test_log_contact (Fixture       *fixture,
                  gconstpointer  user_data)
{
  static const struct {
    const char     *scheme;
    AdwColorScheme  color;
    int             width;
  } shots[] = {
    { "wide-light", ADW_COLOR_SCHEME_FORCE_LIGHT, 1000 },
    { "wide-dark", ADW_COLOR_SCHEME_FORCE_DARK, 1000 },
    { "narrow-light", ADW_COLOR_SCHEME_FORCE_LIGHT, 360 },
    { "narrow-dark", ADW_COLOR_SCHEME_FORCE_DARK, 360 },
  };
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clientele.Clientele");
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *when = NULL;
  const CltHistoryEntry *entry;
  CltWindow *window;
  GtkWidget *dialog;
  GtkWidget *card;
  GtkWidget *form;
  GtkTextBuffer *buffer;
  guint n_before, n_total;

  fill_book (fixture);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  open_helene (window, fixture);

  history = clt_store_list_history (clt_window_get_store (window), fixture->helene_id, 100, &n_before, &error);
  g_assert_no_error (error);
  g_clear_pointer (&history, g_ptr_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      clt_test_gui_set_color_scheme (shots[i].color);
      dialog = open_log_dialog (window, shots[i].width);
      card = clt_test_gui_get_widget (dialog, CLT_TYPE_REMEMBER_VIEW);
      form = clt_test_gui_get_widget (dialog, ADW_TYPE_COMBO_ROW);
      /* Beside the form when wide, above it when narrow. */
      if (shots[i].width > 600)
        g_assert_true (is_beside (dialog, card, form));
      else
        g_assert_true (is_above (dialog, card, form));
      screenshot_dialog (dialog, "log-dialog", shots[i].scheme);

      /* Resized, the card moves with the width. */
      gtk_window_set_default_size (GTK_WINDOW (dialog), shots[i].width > 600 ? 360 : 1000, 700);
      clt_test_gui_spin (300);
      if (shots[i].width > 600)
        g_assert_true (is_above (dialog, card, form));
      else
        g_assert_true (is_beside (dialog, card, form));
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);

  dialog = open_log_dialog (window, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_COMBO_ROW)), 2);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_set_text (buffer, "Appelle pour réserver la chambre 12 en mai", -1);
  clt_test_gui_set_row_text (dialog, "Logged by", "Julie");
  g_assert_true (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, "_Save")));
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));
  clt_test_gui_wait_for_label (window, "Visit noted");
  g_assert_cmpstr (g_settings_get_string (settings, "staff-name"), ==, "Julie");

  history = clt_store_list_history (clt_window_get_store (window), fixture->helene_id, 100, &n_total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_total, ==, n_before + 1);
  entry = find_history_entry (history, FALSE);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->interaction_kind, ==, CLT_INTERACTION_CALL);
  g_assert_false (entry->planned);
  g_assert_cmpstr (entry->text, ==, "Appelle pour réserver la chambre 12 en mai");
  g_assert_cmpstr (entry->who, ==, "Julie");
  g_assert_cmpint (ABS (entry->when - clt_test_gui_now_unix ()), <, 120);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* A planned contact needs a date to come: one is proposed (F15). */
  dialog = open_log_dialog (window, 0);
  g_assert_cmpstr (get_row_text (dialog, "Logged by"), ==, "Julie");
  gtk_switch_set_active (GTK_SWITCH (clt_test_gui_get_widget (dialog, GTK_TYPE_SWITCH)), TRUE);
  g_assert_true (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, "_Save")));
  clt_test_gui_wait_for_no_label (dialog, "A planned contact needs a date in the future.");
  clt_test_gui_set_row_text (dialog, "Date and time", "2020-01-01 10:00");
  clt_test_gui_wait_for_label (dialog, "A planned contact needs a date in the future.");
  g_assert_false (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, "_Save")));
  clt_test_gui_set_row_text (dialog, "Date and time", "2026-13-01 10:00");
  g_assert_false (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, "_Save")));
  tomorrow = g_date_time_add_days (g_date_time_new_now_local (), 1);
  when = g_date_time_format (tomorrow, "%Y-%m-%d 15:00");
  clt_test_gui_set_row_text (dialog, "Date and time", when);
  g_assert_true (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, "_Save")));
  adw_combo_row_set_selected (ADW_COMBO_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_COMBO_ROW)), 1);
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));

  history = clt_store_list_history (clt_window_get_store (window), fixture->helene_id, 100, &n_total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_total, ==, n_before + 2);
  entry = find_history_entry (history, TRUE);
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->interaction_kind, ==, CLT_INTERACTION_STAY);
  g_assert_cmpint (entry->when, ==, g_date_time_to_unix (tomorrow) - g_date_time_get_hour (tomorrow) * 3600
                   - g_date_time_get_minute (tomorrow) * 60 - g_date_time_get_second (tomorrow) + 15 * 3600);
}

/* "I promised…": the contact and the promise are saved together. */
static void
test_log_promise (Fixture       *fixture,
                  gconstpointer  user_data)
{
  static const struct {
    const char *name;
    int         width;
  } shots[] = {
    { "log-dialog-promise-wide-light.png", 1000 },
    { "log-dialog-promise-narrow-light.png", 360 },
  };
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) promises = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) next_week = g_date_time_add_days (now, 7);
  g_autofree char *due = g_date_time_format (next_week, "%Y-%m-%d");
  const CltPromise *promise = NULL;
  const CltHistoryEntry *entry;
  CltStore *store;
  CltWindow *window;
  GtkWidget *dialog;
  GtkWidget *save;
  AdwExpanderRow *promise_row;
  GtkTextBuffer *buffer;
  guint n_before, n_total, n_promises_before;

  fill_book (fixture);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  open_helene (window, fixture);
  store = clt_window_get_store (window);

  history = clt_store_list_history (store, fixture->helene_id, 100, &n_before, &error);
  g_assert_no_error (error);
  g_clear_pointer (&history, g_ptr_array_unref);
  promises = clt_store_list_promises (store, CLT_PROMISES_ALL, clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  n_promises_before = promises->len;
  g_clear_pointer (&promises, g_ptr_array_unref);

  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      dialog = open_log_dialog (window, shots[i].width);
      save = clt_test_gui_get_button (dialog, "_Save");
      promise_row = ADW_EXPANDER_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_EXPANDER_ROW));
      g_assert_false (adw_expander_row_get_enable_expansion (promise_row));
      g_assert_true (gtk_widget_get_sensitive (save));

      /* Open, it needs what was promised and a day that exists. */
      adw_expander_row_set_enable_expansion (promise_row, TRUE);
      g_assert_true (adw_expander_row_get_expanded (promise_row));
      g_assert_false (gtk_widget_get_sensitive (save));
      clt_test_gui_wait_for_label (dialog, "Say what was promised.");
      clt_test_gui_set_row_text (dialog, "What was promised", "Envoyer le catalogue d’été");
      g_assert_true (gtk_widget_get_sensitive (save));
      clt_test_gui_set_row_text (dialog, "Due date", "2026-02-30");
      g_assert_false (gtk_widget_get_sensitive (save));
      clt_test_gui_wait_for_label (dialog, "For example");
      g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (clt_test_gui_get_entry_row (dialog, "Due date")), "error"));
      clt_test_gui_set_row_text (dialog, "Due date", "un de ces jours");
      g_assert_false (gtk_widget_get_sensitive (save));
      /* Ctrl+Enter does not get past it either. */
      gtk_widget_activate_action (dialog, "dialog.save", NULL);
      g_assert_true (clt_test_gui_find_toplevel (CLT_TYPE_LOG_DIALOG) == dialog);
      clt_test_gui_set_row_text (dialog, "Due date", due);
      g_assert_true (gtk_widget_get_sensitive (save));
      g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (clt_test_gui_get_entry_row (dialog, "Due date")), "error"));

      if (shots[i].width < 600)
        {
          GtkAdjustment *vadjustment;

          g_assert_cmpint (gtk_widget_get_width (dialog), <=, shots[i].width);
          /* Narrow, the card comes first: show the promise part below it. */
          vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (clt_test_gui_get_widget (dialog, GTK_TYPE_SCROLLED_WINDOW)));
          gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
        }
      clt_test_gui_save_screenshot (dialog, shots[i].name);

      /* Closed again, the promise no longer holds Save back. */
      clt_test_gui_set_row_text (dialog, "Due date", "");
      g_assert_false (gtk_widget_get_sensitive (save));
      adw_expander_row_set_enable_expansion (promise_row, FALSE);
      g_assert_true (gtk_widget_get_sensitive (save));
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);

  /* Nothing was saved by the dialogs closed without Save. */
  promises = clt_store_list_promises (store, CLT_PROMISES_ALL, clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (promises->len, ==, n_promises_before);
  g_clear_pointer (&promises, g_ptr_array_unref);

  dialog = open_log_dialog (window, 0);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_set_text (buffer, "Demande le catalogue d’été", -1);
  clt_test_gui_set_row_text (dialog, "Logged by", "Marc");
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_EXPANDER_ROW)), TRUE);
  clt_test_gui_set_row_text (dialog, "What was promised", "  Envoyer le catalogue d’été ");
  clt_test_gui_set_row_text (dialog, "Due date", due);
  g_assert_true (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, "_Save")));
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));
  clt_test_gui_wait_for_label (window, "Visit and promise noted");

  history = clt_store_list_history (store, fixture->helene_id, 100, &n_total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_total, ==, n_before + 1);
  entry = find_history_entry (history, FALSE);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->text, ==, "Demande le catalogue d’été");
  g_assert_cmpstr (entry->who, ==, "Marc");

  promises = clt_store_list_promises (store, CLT_PROMISES_ALL, clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (promises->len, ==, n_promises_before + 1);
  for (guint i = 0; i < promises->len; i++)
    if (g_strcmp0 (((CltPromise *) g_ptr_array_index (promises, i))->text, "Envoyer le catalogue d’été") == 0)
      promise = g_ptr_array_index (promises, i);
  g_assert_nonnull (promise);
  g_assert_cmpint (promise->customer_id, ==, fixture->helene_id);
  g_assert_cmpstr (promise->promised_by, ==, "Marc");
  g_assert_cmpint (promise->status, ==, CLT_PROMISE_OPEN);
  g_assert_true (promise->due_all_day);
  {
    g_autoptr(GDateTime) due_at = g_date_time_new_from_unix_local (promise->due_at);
    g_autofree char *due_day = g_date_time_format (due_at, "%Y-%m-%d");

    /* The end of that day, locally. */
    g_assert_cmpstr (due_day, ==, due);
  }
  /* The morning of the due day, by default. */
  g_assert_cmpint (promise->remind_at, >, clt_test_gui_now_unix ());
  g_assert_cmpint (promise->remind_at, <, promise->due_at);
}

static gboolean
customer_is_listed (CltWindow *window,
                    gint64     customer_id)
{
  GListModel *model = get_list_model (window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      if (clt_customer_get_id (clt_test_gui_get_result (window, i)) == customer_id)
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  CltStore *store;
  gint64    customer_id;
} Purged;

static gboolean
is_purged (gpointer data)
{
  Purged *purged = data;
  g_autoptr(GError) error = NULL;

  /* Still in the trash, it could be put back: only then is it found. */
  if (clt_store_untrash_customer (purged->store, purged->customer_id, &error))
    {
      clt_store_trash_customer (purged->store, purged->customer_id, NULL);
      return FALSE;
    }

  return TRUE;
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  user_data)
{
  CltWindow *window;
  CltStore *store;
  Purged purged;

  fill_book (fixture);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  store = clt_window_get_store (window);
  open_helene (window, fixture);
  g_assert_true (customer_is_listed (window, fixture->helene_id));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-customer", NULL));
  clt_test_gui_wait_for_label (window, "“Hélène Dupré” deleted");
  clt_test_gui_spin (200);
  g_assert_false (customer_is_listed (window, fixture->helene_id));
  g_assert_cmpint (clt_store_count_customers (store), ==, 4);
  g_assert_cmpint (clt_window_get_customer_id (window), !=, fixture->helene_id);
  clt_test_gui_save_screenshot (window, "window-deleted-light.png");

  /* Undo puts her back, selected. */
  clt_test_gui_click (clt_test_gui_get_button (window, "_Undo"));
  clt_test_gui_spin (200);
  g_assert_true (customer_is_listed (window, fixture->helene_id));
  g_assert_cmpint (clt_store_count_customers (store), ==, 5);
  g_assert_cmpint (get_selected_id (window), ==, fixture->helene_id);
  clt_test_gui_wait_for_label (window, "Allergique aux plumes");

  /* Without undo, the customer goes for good when the toast does. */
  type_search (window, "moreau");
  press_enter (window);
  g_assert_cmpint (clt_window_get_customer_id (window), ==, fixture->anne_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-customer", NULL));
  clt_test_gui_wait_for_label (window, "“Anne Moreau” deleted");
  clt_test_gui_wait_for_label (window, "No Customer Found");
  purged.store = store;
  purged.customer_id = fixture->anne_id;
  clt_test_gui_spin_until_full (is_purged, &purged, 20, NULL);
  g_assert_cmpint (clt_store_count_customers (store), ==, 4);
}

static void
test_empty_book (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const struct {
    const char     *name;
    AdwColorScheme  color;
    int             width;
  } shots[] = {
    { "window-empty-light.png", ADW_COLOR_SCHEME_FORCE_LIGHT, 1000 },
    { "window-empty-dark.png", ADW_COLOR_SCHEME_FORCE_DARK, 1000 },
    { "window-empty-narrow-light.png", ADW_COLOR_SCHEME_FORCE_LIGHT, 360 },
    { "window-empty-narrow-dark.png", ADW_COLOR_SCHEME_FORCE_DARK, 360 },
  };
  CltWindow *window;
  GtkWidget *import;
  GtkWidget *dialog;

  for (guint i = 0; i < G_N_ELEMENTS (shots); i++)
    {
      clt_test_gui_set_color_scheme (shots[i].color);
      window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, shots[i].width, 700);
      clt_test_gui_wait_for_label (window, "No Customers Yet");
      clt_test_gui_save_screenshot (window, shots[i].name);
      if (i + 1 < G_N_ELEMENTS (shots))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);

  clt_test_gui_wait_for_label (window, "Add a Customer");
  clt_test_gui_wait_for_label (window, "Try a Sample Book");
  /* Import leads to the file chooser (tests/gui/test-import.c goes on). */
  import = clt_test_gui_get_button (window, "_Import…");
  g_assert_true (gtk_widget_get_sensitive (import));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (import)), ==, "win.import");
  g_assert_null (find_shown_label (GTK_WIDGET (window), "Search customers"));
  /* The book's page, hidden behind this one, is not even styled. */
  g_assert_false (gtk_widget_is_visible (clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY)));

  /* The first customer replaces the empty state with the book. */
  clt_test_gui_click (clt_test_gui_get_button (window, "_Add a Customer"));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  clt_test_gui_set_row_text (dialog, "Given name", "Hélène");
  clt_test_gui_set_row_text (dialog, "Family name", "Dupré");
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));
  clt_test_gui_wait_for_label (clt_test_gui_get_widget (window, CLT_TYPE_CUSTOMER_PAGE), "Hélène Dupré");
  g_assert_null (find_shown_label (GTK_WIDGET (window), "No Customers Yet"));
  g_assert_cmpuint (g_list_model_get_n_items (get_list_model (window)), ==, 1);
  g_assert_true (gtk_widget_is_visible (clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY)));
}

static CltWindow *
find_sample_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (CLT_IS_WINDOW (l->data) && clt_window_get_sample (l->data))
      return l->data;

  return NULL;
}

static gboolean
sample_has_customers (gpointer data)
{
  CltWindow *window = find_sample_window ();

  return window != NULL && gtk_widget_get_mapped (GTK_WIDGET (window)) &&
         g_list_model_get_n_items (get_list_model (window)) > 0;
}

static void
test_sample_book (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(CltStore) sample_store = NULL;
  g_autoptr(GError) error = NULL;
  const char *sample_path = clt_application_get_sample_path (fixture->app);
  CltWindow *window;
  CltWindow *sample;
  AdwSqueezer *squeezer;
  AdwWindowTitle *title;
  gint64 first_count;

  g_assert_true (g_str_has_prefix (sample_path, data_home));

  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  clt_test_gui_wait_for_label (window, "Try a Sample Book");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.try-sample", NULL));
  /* Made in a thread: the window keeps drawing, and shows it is busy. */
  clt_test_gui_wait_for_label (window, "Creating the sample book…");
  clt_test_gui_spin_until_full (sample_has_customers, NULL, 60, NULL);

  sample = find_sample_window ();
  g_assert_true (sample != window);
  g_assert_cmpstr (clt_window_get_path (sample), ==, sample_path);
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (sample)), "Sample"));
  clt_test_gui_wait_for_label (sample, "This is a generated sample book; your own book is untouched.");
  /* The header says so when the switcher leaves it room, narrow. */
  squeezer = ADW_SQUEEZER (clt_test_gui_find_widget (GTK_WIDGET (sample), clt_test_gui_is_of_type,
                                                     GSIZE_TO_POINTER (ADW_TYPE_SQUEEZER)));
  title = ADW_WINDOW_TITLE (clt_test_gui_find_widget (GTK_WIDGET (squeezer), clt_test_gui_is_of_type,
                                                      GSIZE_TO_POINTER (ADW_TYPE_WINDOW_TITLE)));
  g_assert_cmpstr (adw_window_title_get_title (title), ==, "Sample Book");
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "Your own book is untouched");
  first_count = clt_store_count_customers (clt_window_get_store (sample));
  g_assert_cmpint (first_count, >=, 150);
  g_assert_cmpint (first_count, <=, 250);

  /* The user's own book is untouched. */
  g_assert_true (clt_store_is_empty (clt_window_get_store (window)));
  g_assert_false (clt_window_get_sample (window));
  clt_test_gui_wait_for_label (window, "Try a Sample Book");

  press_enter (sample);
  clt_test_gui_spin (300);
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
  clt_test_gui_save_screenshot (sample, "window-sample-light.png");
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_DARK);
  clt_test_gui_save_screenshot (sample, "window-sample-dark.png");
  gtk_window_set_default_size (GTK_WINDOW (sample), 360, 700);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (sample, "window-sample-narrow-dark.png");
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);

  /* Trying again makes a new sample, in place of the old one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.try-sample", NULL));
  g_assert_null (find_sample_window ());
  clt_test_gui_spin_until_full (sample_has_customers, NULL, 60, NULL);
  sample_store = clt_store_open (sample_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_count_customers (sample_store), ==, first_count);
}

static void
test_no_match (Fixture       *fixture,
               gconstpointer  user_data)
{
  CltWindow *window;

  fill_book (fixture);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);

  type_search (window, "xylophone");
  clt_test_gui_wait_for_label (window, "No Customer Found");
  g_assert_cmpuint (g_list_model_get_n_items (get_list_model (window)), ==, 0);
  g_assert_cmpint (clt_window_get_customer_id (window), ==, 0);

  type_search (window, "zoe");
  clt_test_gui_wait_for_label (window, "Zoë Martin");
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
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);
  clt_test_gui_wait_for_label (window, error->message);
  clt_test_gui_wait_for_label (window, "Not a Customer Book");
  clt_test_gui_save_screenshot (window, "window-not-a-database.png");

  g_file_get_contents (fixture->path, &after, &length, NULL);
  g_assert_cmpstr (after, ==, contents);
  wal = g_strconcat (fixture->path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* The row the list shows at @position (GTK keeps the list's rows in
 * order among its children), or %NULL. */
static CltCustomerRow *
row_at (CltWindow *window,
        guint      position)
{
  GtkWidget *list = clt_test_gui_get_widget (window, GTK_TYPE_LIST_VIEW);
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (!CLT_IS_CUSTOMER_ROW (row))
        continue;
      if (i++ == position)
        return CLT_CUSTOMER_ROW (row);
    }

  return NULL;
}

static guint
count_rows (CltWindow *window)
{
  GtkWidget *list = clt_test_gui_get_widget (window, GTK_TYPE_LIST_VIEW);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += CLT_IS_CUSTOMER_ROW (gtk_widget_get_first_child (child));

  return n;
}

typedef struct
{
  CltWindow *window;
  guint      n_rows;
  double     rows_bottom;
  int        list_height;
  guint      max_row_labels;
  guint      max_row_widgets;
  guint      n_read;
  gboolean   had_icon;
  guint      n_shown_switcher_titles;
  gboolean   outbox_made;
  gboolean   empty_page_made;
  guint      n_tooltips;
  gboolean   painted;
} FirstFrame;

/* The widgets below @widget that have a tooltip. */
static guint
count_tooltips (GtkWidget *widget)
{
  guint n = gtk_widget_get_tooltip_text (widget) != NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_tooltips (child);

  return n;
}

static gboolean
is_button_with_icon (GtkWidget     *widget,
                     gconstpointer  icon_name)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), icon_name) == 0;
}

static gboolean
has_tooltip (gpointer data)
{
  return gtk_widget_get_tooltip_text (data) != NULL;
}

static guint
count_of_type (GtkWidget *widget,
               GType      type,
               gboolean   shown_only)
{
  guint n = 0;

  if (shown_only && !gtk_widget_get_visible (widget))
    return 0;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_of_type (child, type, shown_only);

  return n;
}

/* The customers read from the book for the list, shown or not. */
static GListModel *
get_search_model (CltWindow *window)
{
  GtkListView *list = GTK_LIST_VIEW (clt_test_gui_get_widget (window, GTK_TYPE_LIST_VIEW));
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (list));
  CltSlotModel *slots = CLT_SLOT_MODEL (gtk_single_selection_get_model (selection));
  GtkSliceListModel *rows = GTK_SLICE_LIST_MODEL (clt_slot_model_get_model (slots));

  return gtk_slice_list_model_get_model (rows);
}

static gboolean
has_icon (gpointer user_data)
{
  return g_strcmp0 (gtk_window_get_icon_name (user_data), APPLICATION_ID) == 0;
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        FirstFrame    *first)
{
  GtkWidget *list = clt_test_gui_get_widget (first->window, GTK_TYPE_LIST_VIEW);

  g_signal_handlers_disconnect_by_func (clock, first_frame_painted_cb, first);
  first->painted = TRUE;
  first->had_icon = gtk_window_get_icon_name (GTK_WINDOW (first->window)) != NULL ||
                    gtk_window_get_default_icon_name () != NULL;
  first->n_rows = count_rows (first->window);
  first->n_read = g_list_model_get_n_items (get_search_model (first->window));
  first->list_height = gtk_widget_get_height (list);
  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (CLT_IS_CUSTOMER_ROW (gtk_widget_get_first_child (child)) &&
          gtk_widget_compute_bounds (child, list, &bounds))
        first->rows_bottom = MAX (first->rows_bottom, bounds.origin.y + bounds.size.height);
      if (CLT_IS_CUSTOMER_ROW (gtk_widget_get_first_child (child)))
        {
          first->max_row_labels = MAX (first->max_row_labels, count_of_type (child, GTK_TYPE_LABEL, FALSE));
          first->max_row_widgets = MAX (first->max_row_widgets,
                                        count_of_type (gtk_widget_get_first_child (child), GTK_TYPE_WIDGET, FALSE));
        }
    }
  /* Styled for the first frame, shown or not: whatever is visible itself
   * and in all its parents, a stack's hidden pages included. */
  first->n_shown_switcher_titles = count_of_type (GTK_WIDGET (first->window), ADW_TYPE_VIEW_SWITCHER_TITLE, TRUE);
  first->outbox_made = clt_test_gui_find_widget (GTK_WIDGET (first->window), clt_test_gui_is_of_type,
                                                 GSIZE_TO_POINTER (CLT_TYPE_OUTBOX_VIEW)) != NULL;
  first->empty_page_made = clt_test_gui_find_widget (GTK_WIDGET (first->window), clt_test_gui_is_of_type,
                                                     GSIZE_TO_POINTER (CLT_TYPE_EMPTY_BOOK_PAGE)) != NULL;
  first->n_tooltips = count_tooltips (GTK_WIDGET (first->window));
}

static void
first_frame_realize_cb (GtkWidget  *window,
                        FirstFrame *first)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (first_frame_painted_cb), first);
}

static gboolean
first_frame_painted (gpointer data)
{
  return ((FirstFrame *) data)->painted;
}

static gboolean
has_rows (gpointer data)
{
  return count_rows (data) >= 50;
}

/* The first frame builds the rows the window can show, not a page of them
 * (each costs the first frame its making, style and size), and the list is
 * full in it; the rest of the page comes right after. Nothing it does not
 * show is made or styled for it: the outbox, Today's header, the narrow
 * switcher, the rows' occasional labels, the empty book's page. */
static void
test_first_frame_rows (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  FirstFrame first = { 0 };
  GtkWidget *new_button;
  GtkWidget *print_button;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *name = g_strdup_printf ("Zacharie Martin%03u", i);

      clt_test_gui_add_customer (store, name);
    }

  /* As at the start of the application: no window has shown yet. */
  gtk_window_set_default_icon_name (NULL);
  first.window = clt_window_new (GTK_APPLICATION (fixture->app));
  gtk_window_set_default_size (GTK_WINDOW (first.window), 800, 600);
  clt_window_set_store (first.window, store);
  g_signal_connect (first.window, "realize", G_CALLBACK (first_frame_realize_cb), &first);
  gtk_window_present (GTK_WINDOW (first.window));
  clt_test_gui_spin_until (first_frame_painted, &first);

  g_test_message ("First frame: %u rows, down to %.0f px of a %d-pixel list",
                  first.n_rows, first.rows_bottom, first.list_height);
  g_assert_cmpuint (first.n_rows, >, 0);
  /* Rows 49 pixels apart: 11 fill the 531-pixel list; the estimate, which
   * leaves room for a smaller font, makes two more (it made 16). */
  g_assert_cmpuint (first.n_rows, <=, 13);
  g_assert_cmpfloat (first.rows_bottom, >=, first.list_height);
  /* A name and its line: a search's heading, a greeting, the desk's
   * reason and a number found are made when a row first shows them. */
  g_assert_cmpuint (first.max_row_labels, ==, 2);
  /* The row and its two labels: no box (the name's is made with a
   * greeting). */
  g_assert_cmpuint (first.max_row_widgets, ==, 3);
  /* Nor is more of the book read than those rows: the rest of a page once
   * the window shows. */
  g_assert_cmpuint (first.n_read, ==, first.n_rows);
  /* The customer pane's header has a wide switcher, not a switcher title
   * (two switchers); Today's header is hidden until Today is first shown,
   * the outbox made then. */
  g_assert_cmpuint (first.n_shown_switcher_titles, ==, 0);
  g_assert_false (first.outbox_made);
  /* A book with customers never makes the empty book's page. */
  g_assert_false (first.empty_page_made);

  clt_test_gui_spin_until (has_rows, first.window);
  g_assert_cmpuint (count_rows (first.window), ==, 50);
  g_assert_cmpuint (g_list_model_get_n_items (get_search_model (first.window)), >=, 50);

  /* The window manager's icon, drawn from its SVG, is set once the
   * window shows, not for its first frame. */
  g_assert_false (first.had_icon);
  clt_test_gui_spin_until (has_icon, first.window);
  g_assert_cmpstr (gtk_window_get_default_icon_name (), ==, APPLICATION_ID);

  /* Nor are the headers' tooltips set for it (GTK asks X where the
   * pointer is for each): only the search field's, which has the focus,
   * and GTK's own on its clear icon. The others come once their buttons
   * are drawn, Today's when it shows. */
  g_assert_cmpuint (first.n_tooltips, ==, 2);
  new_button = clt_test_gui_find_widget (GTK_WIDGET (first.window), is_button_with_icon, "list-add-symbolic");
  g_assert_nonnull (new_button);
  clt_test_gui_spin_until (has_tooltip, new_button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (new_button), ==, "New Customer");
  /* Today's header is made when Today first shows, its tooltips once
   * drawn. */
  g_assert_null (clt_test_gui_find_widget (GTK_WIDGET (first.window), is_button_with_icon, "printer-symbolic"));
  gtk_widget_activate_action (GTK_WIDGET (first.window), "win.show-view", "s", "today");
  print_button = clt_test_gui_find_widget (GTK_WIDGET (first.window), is_button_with_icon, "printer-symbolic");
  g_assert_nonnull (print_button);
  g_assert_null (gtk_widget_get_tooltip_text (print_button));
  clt_test_gui_spin_until (has_tooltip, print_button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (print_button), ==, "Print the Morning Briefing (Ctrl+P)");
}

/* What the background service does for its first window while nobody
 * waits (clt_application_warm_up()) leaves no window behind and changes
 * no setting: the size a person gave the window stays. */
static void
test_warm_up (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new (CLT_SETTINGS_SCHEMA_ID);
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_windows = g_list_model_get_n_items (toplevels);

  g_settings_set_int (settings, "window-width", 777);
  g_settings_set_int (settings, "window-height", 555);
  g_settings_set_boolean (settings, "window-maximized", FALSE);

  clt_application_warm_up ();
  clt_test_gui_spin (100);

  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n_windows);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 777);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 555);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

static void
assert_selected_in_view (CltWindow *window)
{
  GtkWidget *list = clt_test_gui_get_widget (window, GTK_TYPE_LIST_VIEW);
  gint64 selected = get_selected_id (window);

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);
      graphene_rect_t bounds;

      if (!CLT_IS_CUSTOMER_ROW (row) ||
          clt_customer_get_id (clt_customer_row_get_customer (CLT_CUSTOMER_ROW (row))) != selected)
        continue;
      /* A row out of view is not allocated at all. */
      g_assert_true (gtk_widget_compute_bounds (row, list, &bounds));
      g_assert_cmpfloat (bounds.size.height, >, 0);
      g_assert_cmpfloat (bounds.origin.y, >=, 0);
      g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (list));
      return;
    }
  g_assert_not_reached ();
}

typedef struct
{
  GListModel *model;
  guint       n_items;
} AtLeast;

static gboolean
has_at_least (gpointer data)
{
  AtLeast *at_least = data;

  return g_list_model_get_n_items (at_least->model) >= at_least->n_items;
}

/* A row's second line (preferences, a number) never widens the list: its
 * label has no width in characters (see test-lists), and the list's
 * scroller does not take its rows' natural width. */
static void
test_long_line (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) wish = g_string_new (NULL);
  CltWindow *window;
  GtkWidget *line;
  GtkWidget *scroller;
  gint64 id;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  id = clt_test_gui_add_customer (store, "Marc Abel");
  while (wish->len < 400)
    g_string_append (wish, "Chambre au calme, loin de l'ascenseur, ");
  clt_store_add_preference (store, id, NULL, wish->str, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 600);
  clt_test_gui_wait_for_label (window, "Chambre au calme");
  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
  line = clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_label_containing, "Chambre au calme");
  g_assert_nonnull (gtk_widget_get_ancestor (line, CLT_TYPE_CUSTOMER_ROW));
  scroller = gtk_widget_get_ancestor (line, GTK_TYPE_SCROLLED_WINDOW);
  /* The sidebar's width at this size (304 pixels, as with a short line),
   * not the line's (some 2,500), the line ellipsized in it. */
  g_assert_cmpint (gtk_widget_get_width (scroller), <=, 320);
  g_assert_true (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (line))));
}

/* A keystroke tells the rows on screen who they show now, instead of
 * building new ones (GTK 4.8 builds a row for each of up to 200 items):
 * the list holds a page of rows, and more as it is scrolled or the
 * arrows go down it. */
static void
test_long_results (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CltWindow *window;
  GListModel *model;
  CltCustomerRow *first_row;
  GtkAdjustment *adjustment;
  gint64 marc_id;
  gint64 first_martin = 0;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  marc_id = clt_test_gui_add_customer (store, "Marc Abel");
  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *name = g_strdup_printf ("Zacharie Martin%03u", i);
      gint64 id = clt_test_gui_add_customer (store, name);

      if (i == 0)
        first_martin = id;
    }
  g_clear_object (&store);

  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 800, 600);
  model = get_list_model (window);
  clt_test_gui_spin_until (model_has_items, model);

  type_search (window, "mar");
  g_assert_cmpint (clt_customer_get_id (clt_test_gui_get_result (window, 0)), ==, marc_id);
  /* A page of rows, not one for each of the 131 found. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 50);
  g_assert_cmpuint (count_rows (window), <=, 50);
  first_row = row_at (window, 0);
  g_assert_nonnull (first_row);
  g_assert_cmpint (clt_customer_get_id (clt_customer_row_get_customer (first_row)), ==, marc_id);

  /* Marc is no longer found: the same row shows the first Martin. */
  type_search (window, "mart");
  g_assert_true (row_at (window, 0) == first_row);
  g_assert_cmpint (clt_customer_get_id (clt_customer_row_get_customer (first_row)), ==, first_martin);
  g_assert_nonnull (clt_test_gui_find_widget (GTK_WIDGET (first_row), clt_test_gui_is_label_containing,
                                              "Zacharie Martin000"));
  g_assert_cmpint (get_selected_id (window), ==, first_martin);

  /* Scrolled to the end, the list takes the next page. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (clt_test_gui_get_widget (window, GTK_TYPE_LIST_VIEW)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  clt_test_gui_spin_until (has_at_least, &(AtLeast) { model, 100 });

  /* The arrows go on past the rows held: 120 down is Martin120. */
  for (guint i = 0; i < 120; i++)
    move_selection (window, 1);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (model)), ==, 120);
  g_assert_cmpstr (clt_customer_get_display_name (clt_test_gui_get_result (window, 120)), ==, "Zacharie Martin120");
  g_assert_cmpuint (count_rows (window), <=, 200);
  /* Moved faster than frames, the list still scrolls the selected row
   * into view (not just below it). */
  clt_test_gui_spin (300);
  assert_selected_in_view (window);
  clt_test_gui_save_screenshot (window, "long-results.png");

  /* A new search starts again from a page. */
  type_search (window, "martin1");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 30);
  g_assert_cmpstr (get_customer_name (model, 0), ==, "Zacharie Martin100");
}

static void
assert_accel (const char *action,
              const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, accel);
}

static void
test_about_and_shortcuts (Fixture       *fixture,
                          gconstpointer  user_data)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  GtkWidget *about;
  GtkWidget *shortcuts;
  GtkWidget *menu_button;
  GtkPopover *popover;

  assert_accel ("app.quit", "<Control>q");
  assert_accel ("app.shortcuts", "<Control>question");
  assert_accel ("app.help", "F1");
  assert_accel ("win.search", "<Control>f");
  assert_accel ("win.new-customer", "<Control>n");
  assert_accel ("win.log-contact", "<Control>l");
  assert_accel ("window.close", "<Control>w");
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->app), "help"));

  /* The empty book has the primary menu too. */
  clt_test_gui_spin_until (clt_test_gui_has_size, window);
  menu_button = clt_test_gui_find_widget (GTK_WIDGET (window), is_shown_menu_button, NULL);
  g_assert_nonnull (menu_button);
  g_assert_nonnull (gtk_widget_get_tooltip_text (menu_button));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  g_assert_nonnull (find_shown_label (GTK_WIDGET (popover), "New Customer"));
  g_assert_nonnull (find_shown_label (GTK_WIDGET (popover), "Keyboard Shortcuts"));
  g_assert_nonnull (find_shown_label (GTK_WIDGET (popover), "Help"));
  g_assert_nonnull (find_shown_label (GTK_WIDGET (popover), "About Clientele"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "about", NULL);
  about = clt_test_gui_wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (about)) == GTK_WINDOW (window));
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==, "Clientele");
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_developer_name (ADW_ABOUT_WINDOW (about)), ==,
                   "The Clientele developers");
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  clt_test_gui_save_screenshot (about, "about.png");
  gtk_window_destroy (GTK_WINDOW (about));

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "shortcuts", NULL);
  shortcuts = clt_test_gui_wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  clt_test_gui_save_screenshot (shortcuts, "shortcuts.png");
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

  fill_book (fixture);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 820, 610);
  clt_test_gui_spin_until (clt_test_gui_has_size, window);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "quit", NULL);
  clt_test_gui_spin_until (has_no_window, fixture->app);

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, width);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, height);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* The next window opens at the saved size. */
  window = clt_window_new (GTK_APPLICATION (fixture->app));
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, g_settings_get_int (settings, "window-width"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Run with LANG=fr_FR.UTF-8: how the window reads in French. */
static void
test_french (Fixture       *fixture,
             gconstpointer  user_data)
{
  CltWindow *window;
  GtkWidget *dialog;

  fill_book (fixture);
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);
  clt_test_gui_wait_for_label (window, "Allergique aux plumes");
  open_helene (window, fixture);
  clt_test_gui_save_screenshot (window, "window-wide-fr.png");

  dialog = open_log_dialog (window, 1000);
  clt_test_gui_save_screenshot (dialog, "log-dialog-wide-fr.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  type_search (window, "Mme Zoé Laurent");
  clt_test_gui_wait_for_label (window, "Aucun client trouvé");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  clt_test_gui_save_screenshot (dialog, "customer-dialog-fr.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  clt_test_gui_save_screenshot (window, "window-no-match-fr.png");
  /* The name on the button whole, where the sidebar has room for it. */
  {
    GtkWidget *add = clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_label_containing,
                                               "Mme Zoé Laurent");

    g_assert_nonnull (add);
    g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (add))));
  }
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);
}

/* Resizes @window to @width and saves what it shows. */
static void
screenshot_at_width (GtkWidget  *window,
                     int         width,
                     int         height,
                     const char *name)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  clt_test_gui_spin_until (clt_test_gui_has_size, window);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (window, name);
}

/* The consent where a French clerk meets it: the new customer's, under
 * the address typed; the edit dialog's record; writing to someone who
 * refused. */
static void
test_consent_french (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CltWindow *window;
  GtkWidget *dialog;
  GtkWidget *blocked;

  fill_book (fixture);
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1280, 800);
  open_helene (window, fixture);
  clt_test_gui_save_screenshot (window, "consent-window-1280-fr.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  clt_test_gui_set_row_text (dialog, _("Given name"), "Hélène");
  clt_test_gui_set_row_text (dialog, _("Family name"), "Dupré");
  clt_test_gui_set_row_text (dialog, _("E-mail address"), "helene.dupre@example.fr");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (get_consent_row (dialog))));
  screenshot_at_width (dialog, 520, 760, "consent-new-customer-fr.png");
  screenshot_at_width (dialog, 360, 760, "consent-new-customer-360-fr.png");
  clt_test_gui_set_row_text (dialog, _("What must be seen before greeting them"), "Allergique aux plumes");
  screenshot_at_width (dialog, 520, 1400, "consent-new-customer-alert-fr.png");
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_true (clt_store_set_email_consent (clt_window_get_store (window), fixture->helene_id,
                                              CLT_CONSENT_NONE, "Camille", &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  screenshot_at_width (dialog, 520, 620, "consent-edit-fr.png");
  screenshot_at_width (dialog, 360, 620, "consent-edit-360-fr.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compose", "s", ""));
  blocked = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  clt_test_gui_save_screenshot (blocked, "consent-blocked-fr.png");
  screenshot_at_width (GTK_WIDGET (window), 360, 700, "consent-window-360-fr.png");
  screenshot_at_width (blocked, 340, -1, "consent-blocked-360-fr.png");
  gtk_window_destroy (GTK_WINDOW (blocked));
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *icons = NULL;
  gboolean french;
  int status;

  /* Before GTK asks where the user's data is. */
  data_home = g_dir_make_tmp ("clientele-gui-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  french = clt_test_gui_init_language ();

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

  if (french)
    {
      g_test_add ("/gui/window/french", Fixture, NULL,
                  fixture_set_up, test_french, fixture_tear_down);
      g_test_add ("/gui/window/consent-french", Fixture, NULL,
                  fixture_set_up, test_consent_french, fixture_tear_down);
    }
  else
    {
      g_test_add ("/gui/window/search-and-open", Fixture, NULL,
                  fixture_set_up, test_search_and_open, fixture_tear_down);
      g_test_add ("/gui/window/screenshots", Fixture, NULL,
                  fixture_set_up, test_screenshots, fixture_tear_down);
      g_test_add ("/gui/window/new-from-search", Fixture, NULL,
                  fixture_set_up, test_new_from_search, fixture_tear_down);
      g_test_add ("/gui/window/edit-customer", Fixture, NULL,
                  fixture_set_up, test_edit_customer, fixture_tear_down);
      g_test_add ("/gui/window/new-customer-consent", Fixture, NULL,
                  fixture_set_up, test_new_customer_consent, fixture_tear_down);
      g_test_add ("/gui/window/duplicate-warning", Fixture, NULL,
                  fixture_set_up, test_duplicate_warning, fixture_tear_down);
      g_test_add ("/gui/window/log-contact", Fixture, NULL,
                  fixture_set_up, test_log_contact, fixture_tear_down);
      g_test_add ("/gui/window/log-promise", Fixture, NULL,
                  fixture_set_up, test_log_promise, fixture_tear_down);
      g_test_add ("/gui/window/delete-and-undo", Fixture, NULL,
                  fixture_set_up, test_delete_and_undo, fixture_tear_down);
      g_test_add ("/gui/window/empty-book", Fixture, NULL,
                  fixture_set_up, test_empty_book, fixture_tear_down);
      g_test_add ("/gui/window/sample-book", Fixture, NULL,
                  fixture_set_up, test_sample_book, fixture_tear_down);
      g_test_add ("/gui/window/long-line", Fixture, NULL,
                  fixture_set_up, test_long_line, fixture_tear_down);
      g_test_add ("/gui/window/long-results", Fixture, NULL,
                  fixture_set_up, test_long_results, fixture_tear_down);
      g_test_add ("/gui/window/first-frame-rows", Fixture, NULL,
                  fixture_set_up, test_first_frame_rows, fixture_tear_down);
      g_test_add ("/gui/window/warm-up", Fixture, NULL,
                  fixture_set_up, test_warm_up, fixture_tear_down);
      g_test_add ("/gui/window/no-match", Fixture, NULL,
                  fixture_set_up, test_no_match, fixture_tear_down);
      g_test_add ("/gui/window/not-a-database", Fixture, NULL,
                  fixture_set_up, test_not_a_database, fixture_tear_down);
      g_test_add ("/gui/application/about-and-shortcuts", Fixture, NULL,
                  fixture_set_up, test_about_and_shortcuts, fixture_tear_down);
      g_test_add ("/gui/application/quit-saves-size", Fixture, NULL,
                  fixture_set_up, test_quit_saves_size, fixture_tear_down);
    }

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

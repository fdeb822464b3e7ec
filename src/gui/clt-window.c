/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-window"

#include "config.h"

#include "clt-customer-row.h"
#include "clt-remember-view.h"

#include "clt-window.h"

/* The schema keeps this ID in the Devel profile too. */
#define SETTINGS_SCHEMA_ID "io.github.clientele.Clientele"

struct _CltWindow
{
  AdwApplicationWindow  parent_instance;

  CltStore             *store;
  char                 *path;
  CltSearchModel       *search_model;
  GtkSingleSelection   *selection;
  GSettings            *settings;

  GtkStack             *main_stack;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkSearchEntry       *search_entry;
  GtkStack             *sidebar_stack;
  GtkListView          *list_view;
  GtkStack             *content_stack;
  GtkScrolledWindow    *customer_scroller;
  CltRememberView      *remember_view;
  AdwStatusPage        *customer_error_page;
  AdwStatusPage        *error_page;
};

G_DEFINE_FINAL_TYPE (CltWindow, clt_window, ADW_TYPE_APPLICATION_WINDOW)

static void
clt_window_update_sidebar (CltWindow *self)
{
  const char *page = "list";

  if (self->search_model == NULL)
    return;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->search_model)) == 0)
    page = clt_store_count_customers (self->store) == 0 ? "empty" : "no-match";

  gtk_stack_set_visible_child_name (self->sidebar_stack, page);
}

static void
clt_window_show_customer (CltWindow   *self,
                          CltCustomer *customer)
{
  g_autoptr(CltRemember) remember = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (customer == NULL)
    {
      clt_remember_view_set_remember (self->remember_view, NULL);
      gtk_stack_set_visible_child_name (self->content_stack, "none");
      return;
    }

  remember = clt_store_get_remember (self->store,
                                     clt_customer_get_id (customer),
                                     g_get_real_time () / G_USEC_PER_SEC,
                                     &error);
  if (remember == NULL)
    {
      description = g_markup_escape_text (error->message, -1);
      adw_status_page_set_description (self->customer_error_page, description);
      gtk_stack_set_visible_child_name (self->content_stack, "customer-error");
      return;
    }

  clt_remember_view_set_remember (self->remember_view, remember);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->customer_scroller), 0.0);
  gtk_stack_set_visible_child_name (self->content_stack, "customer");
}

static void
clt_window_show_content (CltWindow *self)
{
  /* Side by side, the customer is already in view: the focus stays in the
   * search field, ready for the next name. */
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void
clt_window_open_position (CltWindow *self,
                          guint      position)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;

  gtk_single_selection_set_selected (self->selection, position);
  clt_window_show_content (self);
}

static void
clt_window_save_size (CltWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static void
clt_window_restore_size (CltWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Settings are optional so that an uninstalled build still runs. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
search_changed_cb (CltWindow      *self,
                   GtkSearchEntry *entry)
{
  if (self->search_model == NULL)
    return;

  clt_search_model_set_query (self->search_model, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
search_activate_cb (CltWindow      *self,
                    GtkSearchEntry *entry)
{
  if (self->selection == NULL)
    return;

  clt_window_open_position (self, 0);
}

static void
search_stop_cb (CltWindow      *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static gboolean
search_key_pressed_cb (CltWindow             *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 ||
      self->selection == NULL ||
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return GDK_EVENT_PROPAGATE;

  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);

  return GDK_EVENT_STOP;
}

static gboolean
list_key_pressed_cb (CltWindow             *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  /* Up from the first customer goes back to the search field. */
  if ((keyval == GDK_KEY_Up || keyval == GDK_KEY_KP_Up) &&
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) == 0 &&
      self->selection != NULL &&
      gtk_single_selection_get_selected (self->selection) == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
list_activate_cb (CltWindow   *self,
                  guint        position,
                  GtkListView *list_view)
{
  clt_window_open_position (self, position);
}

static void
leaflet_folded_cb (CltWindow  *self,
                   GParamSpec *pspec,
                   AdwLeaflet *leaflet)
{
  /* When folding, show what the user was looking at: the list, unless a
   * customer was opened. */
  if (adw_leaflet_get_folded (leaflet) &&
      gtk_stack_get_visible_child_name (self->content_stack) != NULL &&
      g_str_equal (gtk_stack_get_visible_child_name (self->content_stack), "none"))
    adw_leaflet_set_visible_child (leaflet, self->sidebar);
}

static void
selection_changed_cb (CltWindow          *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  clt_window_show_customer (self, gtk_single_selection_get_selected_item (selection));
}

static void
model_items_changed_cb (CltWindow  *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *model)
{
  clt_window_update_sidebar (self);
}

static void
row_released_cb (CltWindow       *self,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkGestureClick *gesture)
{
  /* The row selects itself right after this; a click also opens it. */
  if (n_press == 1)
    clt_window_show_content (self);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  /* The next name replaces the last one. */
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static gboolean
clt_window_close_request (GtkWindow *window)
{
  clt_window_save_size (CLT_WINDOW (window));

  return GTK_WINDOW_CLASS (clt_window_parent_class)->close_request (window);
}

static void
clt_window_dispose (GObject *object)
{
  CltWindow *self = CLT_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->search_model);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (clt_window_parent_class)->dispose (object);
}

static void
clt_window_finalize (GObject *object)
{
  CltWindow *self = CLT_WINDOW (object);

  g_free (self->path);

  G_OBJECT_CLASS (clt_window_parent_class)->finalize (object);
}

static void
clt_window_class_init (CltWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = clt_window_dispose;
  object_class->finalize = clt_window_finalize;
  window_class->close_request = clt_window_close_request;

  g_type_ensure (CLT_TYPE_CUSTOMER_ROW);
  g_type_ensure (CLT_TYPE_REMEMBER_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CltWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, content);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, customer_scroller);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, remember_view);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, customer_error_page);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, error_page);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);

  gtk_widget_class_install_action (widget_class, "win.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
}

static void
clt_window_init (CltWindow *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), controller);

  /* A click on a row opens it, also when the list and the customer are not
   * side by side; GtkListView only activates rows on a double click. */
  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (row_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (gesture));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));

  clt_window_restore_size (self);
}

CltWindow *
clt_window_new (GtkApplication *application)
{
  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  return g_object_new (CLT_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

CltStore *
clt_window_get_store (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * clt_window_get_path:
 * @self: the window
 *
 * Returns: (nullable): the path of the book shown, or that could not be opened
 */
const char *
clt_window_get_path (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return self->path;
}

/**
 * clt_window_set_store:
 * @self: the window
 * @store: the customer book to show
 *
 * Shows @store's customers, all of them until something is searched.
 */
void
clt_window_set_store (CltWindow *self,
                      CltStore  *store)
{
  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (CLT_IS_STORE (store));

  if (self->store == store)
    return;

  g_set_object (&self->store, store);
  g_free (self->path);
  self->path = g_strdup (clt_store_get_path (store));

  g_clear_object (&self->selection);
  g_clear_object (&self->search_model);

  self->search_model = clt_search_model_new (store);
  clt_search_model_set_query (self->search_model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_signal_connect_object (self->search_model, "items-changed",
                           G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);

  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->search_model)));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  clt_window_update_sidebar (self);
  clt_window_show_customer (self, gtk_single_selection_get_selected_item (self->selection));
  gtk_stack_set_visible_child_name (self->main_stack, "book");
}

/**
 * clt_window_show_error:
 * @self: the window
 * @path: the book that could not be opened
 * @error: why
 *
 * Shows why the book in @path cannot be opened, instead of the book.
 */
void
clt_window_show_error (CltWindow    *self,
                       const char   *path,
                       const GError *error)
{
  g_autofree char *description = NULL;

  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (error != NULL);

  g_free (self->path);
  self->path = g_strdup (path);

  description = g_markup_escape_text (error->message, -1);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

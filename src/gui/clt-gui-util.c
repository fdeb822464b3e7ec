/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-gui"

#include "config.h"

#include "clt-column-layout.h"
#include "clt-gui-util.h"
#include "clt-window.h"

static void
create_menu_popup (GtkMenuButton *button,
                   gpointer       menu)
{
  gtk_menu_button_set_menu_model (button, menu);
}

/**
 * clt_gui_set_lazy_menu:
 * @button: a menu button
 * @menu: (nullable): its menu
 *
 * Gives @button the popover of @menu when it is first opened, not now: a
 * popover menu makes a widget for each item, and the window's four main
 * menus cost its first frame about 17 ms on a machine without a GPU.
 */
void
clt_gui_set_lazy_menu (GtkMenuButton *button,
                       GMenuModel    *menu)
{
  g_return_if_fail (GTK_IS_MENU_BUTTON (button));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));

  gtk_menu_button_set_menu_model (button, NULL);
  if (menu != NULL)
    gtk_menu_button_set_create_popup_func (button, create_menu_popup, g_object_ref (menu), g_object_unref);
  else
    gtk_menu_button_set_create_popup_func (button, NULL, NULL, NULL);
}

#define PENDING_TOOLTIP "clt-pending-tooltip"

static gboolean
tooltip_idle_cb (gpointer data)
{
  GtkWidget *widget = data;
  g_autofree char *text = g_object_steal_data (G_OBJECT (widget), PENDING_TOOLTIP);

  if (text != NULL && gtk_widget_get_root (widget) != NULL)
    gtk_widget_set_tooltip_text (widget, text);

  return G_SOURCE_REMOVE;
}

static gboolean
tooltip_tick_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  /* After the frame this tick began: an idle runs after its paint. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, tooltip_idle_cb, g_object_ref (widget), g_object_unref);

  return G_SOURCE_REMOVE;
}

/**
 * clt_gui_set_tooltip_when_drawn:
 * @widget: a widget
 * @text: (nullable): its tooltip
 *
 * Gives @widget its tooltip once it has been drawn, or now if it has.
 * GTK 4.8 on X11 asks the X server where the pointer is for each tooltip
 * set on a visible widget, in case it is already under it: three round
 * trips, some 0.25 ms in all, which the ten tooltips of the window's
 * headers cost its first frame. Nobody can hover a widget before it is
 * drawn. The accessible label of an icon-only button is set with it, not
 * here.
 */
void
clt_gui_set_tooltip_when_drawn (GtkWidget  *widget,
                                const char *text)
{
  gboolean pending;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  pending = g_object_get_data (G_OBJECT (widget), PENDING_TOOLTIP) != NULL;
  if (gtk_widget_get_mapped (widget) && !pending)
    {
      gtk_widget_set_tooltip_text (widget, text);
      return;
    }

  /* The last text asked for is the one set. */
  g_object_set_data_full (G_OBJECT (widget), PENDING_TOOLTIP, g_strdup (text != NULL ? text : ""), g_free);
  if (!pending)
    gtk_widget_add_tick_callback (widget, tooltip_tick_cb, NULL, NULL);
}

/**
 * clt_gui_set_default_icon:
 *
 * Gives the windows made from now on the application's icon, once: set
 * again, GTK would draw it again for each window that has it (from its
 * SVG, some 10 ms with Clientele installed).
 */
void
clt_gui_set_default_icon (void)
{
  if (g_strcmp0 (gtk_window_get_default_icon_name (), APPLICATION_ID) != 0)
    gtk_window_set_default_icon_name (APPLICATION_ID);
}

/**
 * clt_gui_wrap_toast_title:
 * @toast: a toast not shown yet
 *
 * Gives @toast a title of two lines at most: libadwaita 1.2's is one line,
 * cut at 360 px to « Hélène Dupré est… » beside a button. The title, markup
 * included, is taken as it is now (a custom title replaces it); one set
 * later brings back libadwaita's line.
 *
 * Returns: (transfer none): @toast
 */
AdwToast *
clt_gui_wrap_toast_title (AdwToast *toast)
{
  const char *title;
  GtkWidget *label;

  g_return_val_if_fail (ADW_IS_TOAST (toast), NULL);

  title = adw_toast_get_title (toast);
  if (adw_toast_get_custom_title (toast) != NULL || title == NULL || *title == '\0')
    return toast;

  label = gtk_label_new (title);
  gtk_label_set_use_markup (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (label), 2);
  /* One line where there is room for it. */
  gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_NONE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  adw_toast_set_custom_title (toast, label);

  return toast;
}

/**
 * clt_gui_add_toast:
 * @widget: any widget of a window, or of a dialog over it
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the nearest toast overlay: the widget's own, else the
 * main window's, so a toast outlives the dialog that raised it.
 */
void
clt_gui_add_toast (GtkWidget *widget,
                   AdwToast  *toast)
{
  GtkWidget *overlay;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), clt_gui_wrap_toast_title (toast));
      return;
    }

  root = gtk_widget_get_root (widget);
  while (GTK_IS_WINDOW (root) && !CLT_IS_WINDOW (root) &&
         gtk_window_get_transient_for (GTK_WINDOW (root)) != NULL)
    root = GTK_ROOT (gtk_window_get_transient_for (GTK_WINDOW (root)));

  if (CLT_IS_WINDOW (root))
    clt_window_add_toast (CLT_WINDOW (root), toast);
  else
    g_object_unref (toast);
}

/**
 * clt_gui_dialog_class_install_save:
 * @widget_class: the class of a dialog
 * @save_action: what saves the dialog
 *
 * Installs @save_action as `dialog.save`, and closes the dialog on Escape.
 */
void
clt_gui_dialog_class_install_save (GtkWidgetClass              *widget_class,
                                   GtkWidgetActionActivateFunc  save_action)
{
  g_return_if_fail (GTK_IS_WIDGET_CLASS (widget_class));
  g_return_if_fail (save_action != NULL);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/**
 * clt_gui_dialog_add_save_shortcut:
 * @dialog: a dialog with a `dialog.save` action
 *
 * Makes Ctrl+Enter activate `dialog.save` wherever the focus is.
 */
void
clt_gui_dialog_add_save_shortcut (GtkWidget *dialog)
{
  GtkEventController *controller;
  GtkShortcutTrigger *trigger;

  g_return_if_fail (GTK_IS_WIDGET (dialog));

  /* Ctrl+Enter must be seen before a text view turns it into a new line. */
  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK));
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger, gtk_named_action_new ("dialog.save")));
  gtk_widget_add_controller (dialog, controller);
}

/**
 * clt_gui_dialog_set_customer:
 * @window_title: the title of a dialog about a customer
 * @store: the book
 * @customer_id: whom the dialog is about
 *
 * Puts the customer's name under the dialog's title. A customer that cannot
 * be read leaves it empty: saving will say what is wrong.
 */
void
clt_gui_dialog_set_customer (AdwWindowTitle *window_title,
                             CltStore       *store,
                             gint64          customer_id)
{
  g_autoptr(CltCustomer) customer = NULL;

  g_return_if_fail (ADW_IS_WINDOW_TITLE (window_title));
  g_return_if_fail (CLT_IS_STORE (store));

  customer = clt_store_get_customer (store, customer_id, NULL);
  if (customer != NULL)
    adw_window_title_set_subtitle (window_title, clt_customer_get_display_name (customer));
}

/**
 * clt_gui_dialog_show_error:
 * @error_label: a dialog's error label
 * @error: why saving failed
 *
 * Shows @error in the dialog, which stays open so that nothing typed is lost.
 */
void
clt_gui_dialog_show_error (GtkLabel     *error_label,
                           const GError *error)
{
  g_return_if_fail (GTK_IS_LABEL (error_label));
  g_return_if_fail (error != NULL);

  gtk_label_set_text (error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (error_label), TRUE);
}

/**
 * clt_gui_dialog_toast_error:
 * @toast_overlay: a dialog's toast overlay
 * @error: what failed
 *
 * Shows @error as a toast in the dialog, as plain text.
 */
void
clt_gui_dialog_toast_error (AdwToastOverlay *toast_overlay,
                            const GError    *error)
{
  g_autofree char *title = NULL;

  g_return_if_fail (ADW_IS_TOAST_OVERLAY (toast_overlay));
  g_return_if_fail (error != NULL);

  /* A toast's title is markup; the message is not. */
  title = g_markup_escape_text (error->message, -1);
  adw_toast_overlay_add_toast (toast_overlay, clt_gui_wrap_toast_title (adw_toast_new (title)));
}

/**
 * clt_gui_dup_settings:
 *
 * The application's settings, when their schema is installed: an
 * uninstalled build still runs without them.
 *
 * Returns: (nullable) (transfer full): the settings, or %NULL
 */
GSettings *
clt_gui_dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, CLT_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "staff-name"))
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/**
 * clt_gui_dup_staff_name:
 *
 * Who is at the desk, as remembered in the settings.
 *
 * Returns: (nullable) (transfer full): the name, or %NULL when nobody said
 */
char *
clt_gui_dup_staff_name (void)
{
  g_autoptr(GSettings) settings = clt_gui_dup_settings ();
  g_autofree char *name = NULL;

  if (settings == NULL)
    return NULL;

  name = g_settings_get_string (settings, "staff-name");
  if (clt_text_is_blank (name))
    return NULL;

  return g_steal_pointer (&name);
}

/**
 * clt_gui_push_recent_name:
 * @recent: (nullable): the names, newest first
 * @name: the name just chosen
 * @max: how many to keep
 *
 * @recent with @name first; the same name written otherwise (case,
 * spaces around) is taken out, and the oldest beyond @max go.
 *
 * Returns: (transfer full): the new list
 */
char **
clt_gui_push_recent_name (const char * const *recent,
                          const char         *name,
                          guint               max)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *clean = clt_text_strip (name != NULL ? name : "");
  g_autofree char *folded = g_utf8_casefold (clean, -1);
  guint n = 0;

  if (!clt_text_is_blank (clean) && max > 0)
    {
      g_strv_builder_add (builder, clean);
      n++;
    }

  for (guint i = 0; recent != NULL && recent[i] != NULL && n < max; i++)
    {
      g_autofree char *other = clt_text_strip (recent[i]);
      g_autofree char *other_folded = g_utf8_casefold (other, -1);

      if (clt_text_is_blank (other) || g_strcmp0 (other_folded, folded) == 0)
        continue;
      g_strv_builder_add (builder, other);
      n++;
    }

  return g_strv_builder_end (builder);
}

/**
 * clt_gui_set_staff_name:
 * @name: (nullable): who is at the desk now; blank for nobody
 *
 * Makes @name the staff name of the whole program, and the first of the
 * recent names offered to switch back to.
 */
void
clt_gui_set_staff_name (const char *name)
{
  g_autoptr(GSettings) settings = clt_gui_dup_settings ();
  g_autofree char *clean = clt_text_strip (name != NULL ? name : "");
  g_auto(GStrv) recent = NULL;
  g_auto(GStrv) pushed = NULL;

  if (settings == NULL)
    return;

  recent = g_settings_get_strv (settings, "recent-staff-names");
  pushed = clt_gui_push_recent_name ((const char * const *) recent, clean, CLT_GUI_RECENT_STAFF_MAX);

  /* Both at once: a widget that shows both sees them agree. */
  g_settings_delay (settings);
  g_settings_set_string (settings, "staff-name", clean);
  g_settings_set_strv (settings, "recent-staff-names", (const char * const *) pushed);
  g_settings_apply (settings);
}

/* libadwaita's `row > box.header > box.title { border-spacing: 3px }`. */
#define ROW_TITLE_SPACING 3

/**
 * clt_gui_action_row_new:
 *
 * An AdwActionRow whose title and subtitle are laid out once for the width
 * they get: its title box, a vertical GtkBox centred in the row, is laid
 * out by a #CltColumnLayout instead (see there why). The box keeps its
 * nodes and style classes, so the row looks the same.
 *
 * Returns: (transfer floating): the row
 */
GtkWidget *
clt_gui_action_row_new (void)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *header = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

  for (GtkWidget *child = gtk_widget_get_first_child (header);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BOX (child) && gtk_widget_has_css_class (child, "title"))
        {
          gtk_widget_set_layout_manager (child, clt_column_layout_new (ROW_TITLE_SPACING));
          break;
        }
    }

  return row;
}

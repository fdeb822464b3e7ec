/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-staff-button"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-gui-util.h"

#include "clt-staff-button.h"
#include "clt-staff-popover.h"

/*
 * Who is at the desk, quick to switch: a button with the name (or a person
 * when nobody said), whose popover (CltStaffPopover, made when first
 * opened: an entry and a list the first frame would make for nothing)
 * offers the names chosen last and an entry for another. The choice is the
 * whole program's "staff-name".
 */

struct _CltStaffButton
{
  GtkWidget       parent_instance;

  GSettings      *settings;   /* NULL in an uninstalled build */

  GtkMenuButton  *menu_button;
  GtkImage       *person_image;
  GtkLabel       *name_label;

  gboolean        whole_name;
};

G_DEFINE_FINAL_TYPE (CltStaffButton, clt_staff_button, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WHOLE_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The header bar has room for 8 characters of a name; a row of
 * Preferences, for the 14 the label shows at most. */
#define HEADER_NAME_CHARS 8
#define WHOLE_NAME_CHARS 14

static void
update_name (CltStaffButton *self)
{
  g_autofree char *name = self->settings != NULL ? g_settings_get_string (self->settings, "staff-name") : NULL;
  gboolean nobody = clt_text_is_blank (name);
  g_autofree char *tooltip = NULL;

  gtk_label_set_text (self->name_label, nobody ? "" : name);
  /* A short name is never cut; a long one keeps its first letters. */
  gtk_label_set_width_chars (self->name_label,
                             nobody ? -1 : MIN ((int) g_utf8_strlen (name, -1),
                                                self->whole_name ? WHOLE_NAME_CHARS : HEADER_NAME_CHARS));
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), !nobody);
  gtk_widget_set_visible (GTK_WIDGET (self->person_image), nobody);

  /* Translators: the tooltip of the button with the name of whoever is at the desk. */
  tooltip = nobody ? g_strdup (_("Who Is at the Desk")) : g_strdup_printf (_("At the Desk: %s"), name);
  clt_gui_set_tooltip_when_drawn (GTK_WIDGET (self->menu_button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
settings_changed_cb (CltStaffButton *self)
{
  update_name (self);
}

static void
create_popover (GtkMenuButton *button,
                gpointer       user_data)
{
  if (gtk_menu_button_get_popover (button) == NULL)
    gtk_menu_button_set_popover (button, clt_staff_popover_new ());
}

static void
clt_staff_button_dispose (GObject *object)
{
  CltStaffButton *self = CLT_STAFF_BUTTON (object);

  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_STAFF_BUTTON);

  G_OBJECT_CLASS (clt_staff_button_parent_class)->dispose (object);
}

static void
clt_staff_button_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CltStaffButton *self = CLT_STAFF_BUTTON (object);

  switch (prop_id)
    {
    case PROP_WHOLE_NAME:
      g_value_set_boolean (value, self->whole_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_staff_button_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CltStaffButton *self = CLT_STAFF_BUTTON (object);

  switch (prop_id)
    {
    case PROP_WHOLE_NAME:
      if (self->whole_name != g_value_get_boolean (value))
        {
          self->whole_name = g_value_get_boolean (value);
          update_name (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_staff_button_class_init (CltStaffButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_staff_button_dispose;
  object_class->get_property = clt_staff_button_get_property;
  object_class->set_property = clt_staff_button_set_property;

  /**
   * CltStaffButton:whole-name:
   *
   * Whether a long name keeps up to 14 characters before it is cut, where
   * there is room (Preferences), rather than 8 (the header bar).
   */
  properties[PROP_WHOLE_NAME] =
    g_param_spec_boolean ("whole-name", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-staff-button.ui");
  gtk_widget_class_bind_template_child (widget_class, CltStaffButton, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CltStaffButton, person_image);
  gtk_widget_class_bind_template_child (widget_class, CltStaffButton, name_label);
}

static void
clt_staff_button_init (CltStaffButton *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = clt_gui_dup_settings ();
  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::staff-name",
                               G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_menu_button_set_create_popup_func (self->menu_button, create_popover, NULL, NULL);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->menu_button), FALSE);
    }

  update_name (self);
}

/**
 * clt_staff_button_new:
 *
 * A button that shows who is at the desk and switches to someone else.
 */
GtkWidget *
clt_staff_button_new (void)
{
  return g_object_new (CLT_TYPE_STAFF_BUTTON, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-staff-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-gui-util.h"

#include "clt-staff-popover.h"

/*
 * The popover of CltStaffButton, made when it is first opened: the names
 * chosen last, one click each, and an entry for another. The choice is the
 * whole program's "staff-name".
 */

struct _CltStaffPopover
{
  GtkPopover   parent_instance;

  GSettings   *settings;   /* NULL in an uninstalled build */

  GtkListBox  *recent_list;
  GtkEntry    *name_entry;
};

G_DEFINE_FINAL_TYPE (CltStaffPopover, clt_staff_popover, GTK_TYPE_POPOVER)

static GtkWidget *
make_recent_row (const char *name,
                 gboolean    current)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (name);
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_opacity (check, current ? 1 : 0);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), check);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "clt-staff-name", g_strdup (name), g_free);
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_SELECTED, current, -1);

  return row;
}

static void
update_recent (CltStaffPopover *self)
{
  g_autofree char *current = NULL;
  g_auto(GStrv) recent = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->recent_list))) != NULL)
    gtk_list_box_remove (self->recent_list, child);

  if (self->settings == NULL)
    return;

  current = g_settings_get_string (self->settings, "staff-name");
  recent = g_settings_get_strv (self->settings, "recent-staff-names");
  for (guint i = 0; recent[i] != NULL; i++)
    gtk_list_box_append (self->recent_list, make_recent_row (recent[i], g_strcmp0 (recent[i], current) == 0));
  gtk_widget_set_visible (GTK_WIDGET (self->recent_list), recent[0] != NULL);
}

static void
choose (CltStaffPopover *self,
        const char      *name)
{
  if (clt_text_is_blank (name))
    {
      gtk_widget_error_bell (GTK_WIDGET (self->name_entry));
      return;
    }

  clt_gui_set_staff_name (name);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
show_cb (CltStaffPopover *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  /* With nobody to switch back to, typing is the only thing to do. */
  if (gtk_widget_get_first_child (GTK_WIDGET (self->recent_list)) == NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

static void
recent_activated_cb (CltStaffPopover *self,
                     GtkListBoxRow   *row)
{
  choose (self, g_object_get_data (G_OBJECT (row), "clt-staff-name"));
}

static void
entry_activate_cb (CltStaffPopover *self)
{
  choose (self, gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));
}

static void
clt_staff_popover_dispose (GObject *object)
{
  CltStaffPopover *self = CLT_STAFF_POPOVER (object);

  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_STAFF_POPOVER);

  G_OBJECT_CLASS (clt_staff_popover_parent_class)->dispose (object);
}

static void
clt_staff_popover_class_init (CltStaffPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_staff_popover_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-staff-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, CltStaffPopover, recent_list);
  gtk_widget_class_bind_template_child (widget_class, CltStaffPopover, name_entry);
  gtk_widget_class_bind_template_callback (widget_class, show_cb);
  gtk_widget_class_bind_template_callback (widget_class, recent_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activate_cb);
}

static void
clt_staff_popover_init (CltStaffPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = clt_gui_dup_settings ();
  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::staff-name",
                               G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::recent-staff-names",
                               G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
    }

  update_recent (self);
}

/**
 * clt_staff_popover_new:
 *
 * The names chosen last and an entry for another, to say who is at the desk.
 */
GtkWidget *
clt_staff_popover_new (void)
{
  return g_object_new (CLT_TYPE_STAFF_POPOVER, NULL);
}

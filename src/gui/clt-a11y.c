/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-a11y"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-a11y.h"

/**
 * clt_a11y_set_name:
 * @widget: a widget
 * @name: what a screen reader calls it
 * @description: (nullable): what it reads after the name
 *
 * Names @widget, as a tooltip does not. A description is reset when
 * there is none.
 */
void
clt_a11y_set_name (GtkWidget  *widget,
                   const char *name,
                   const char *description)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  if (description != NULL && *description != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                    -1);
  else
    {
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/**
 * clt_a11y_name_list_item:
 * @child: the child of a row of a #GtkListView, or of nothing yet
 * @name: what a screen reader calls the row
 * @description: (nullable): what it reads after the name
 *
 * Names the row that holds @child: GTK 4.8's list item has no name of its
 * own (GtkListItem:accessible-label came in 4.12) and does not take its
 * child's, so a screen reader read every row as an empty list item.
 */
void
clt_a11y_name_list_item (GtkWidget  *child,
                         const char *name,
                         const char *description)
{
  GtkWidget *row;

  g_return_if_fail (GTK_IS_WIDGET (child));

  row = gtk_widget_get_parent (child);
  if (row != NULL)
    clt_a11y_set_name (row, name, description);
}

static void
name_inner (GtkWidget         *widget,
            GType              type,
            GtkAccessibleRole  role,
            const char        *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) &&
          gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child)) == role)
        clt_a11y_set_name (child, name, NULL);
      name_inner (child, type, role, name);
    }
}

static void
name_buttons_showing (GtkWidget  *widget,
                      const char *text,
                      const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = GTK_IS_BUTTON (child) ? gtk_button_get_child (GTK_BUTTON (child)) : NULL;

      if (GTK_IS_LABEL (label) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), text) == 0)
        clt_a11y_set_name (child, name, NULL);
      name_buttons_showing (child, text, name);
    }
}

/* The button that shows the password holds an image of an eye
 * (view-reveal-symbolic, view-conceal-symbolic). */
static void
name_peek_button (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *image = GTK_IS_BUTTON (child) ? gtk_button_get_child (GTK_BUTTON (child)) : NULL;

      if (GTK_IS_IMAGE (image) &&
          g_str_has_prefix (gtk_image_get_icon_name (GTK_IMAGE (image)) ?: "", "view-"))
        clt_a11y_set_name (child, _("Show or Hide the Password"), NULL);
      name_peek_button (child);
    }
}

static void
expander_title_cb (AdwExpanderRow *row)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  clt_a11y_set_name (GTK_WIDGET (row), title, NULL);
  clt_a11y_name_inner (GTK_WIDGET (row), GTK_TYPE_SWITCH, GTK_ACCESSIBLE_ROLE_SWITCH, title);
}

/**
 * clt_a11y_name_inner:
 * @widget: a libadwaita widget
 * @type: the type of its parts to name
 * @role: their role
 * @name: their name
 *
 * Names the parts of type @type and role @role inside @widget, which
 * libadwaita 1.2 leaves unnamed: the arrow of an #AdwSplitButton, the
 * switch of an #AdwExpanderRow.
 */
void
clt_a11y_name_inner (GtkWidget         *widget,
                     GType              type,
                     GtkAccessibleRole  role,
                     const char        *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (name != NULL);

  name_inner (widget, type, role, name);
}

/**
 * clt_a11y_name_buttons_showing:
 * @widget: a libadwaita widget
 * @text: the text a button shows
 * @name: its name
 *
 * Names the buttons inside @widget that show @text in a label of their
 * own, which GTK 4.8 does not take as their name: the version of
 * #AdwAboutWindow.
 */
void
clt_a11y_name_buttons_showing (GtkWidget  *widget,
                               const char *text,
                               const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (text != NULL && name != NULL);

  name_buttons_showing (widget, text, name);
}

/**
 * clt_a11y_name_expander_row:
 * @row: an expander row
 *
 * Names @row and its switch after its title, now and when it changes:
 * libadwaita 1.2 names the row's header but not the row a screen reader
 * lands on, nor its switch.
 */
void
clt_a11y_name_expander_row (AdwExpanderRow *row)
{
  g_return_if_fail (ADW_IS_EXPANDER_ROW (row));

  expander_title_cb (row);
  g_signal_connect (row, "notify::title", G_CALLBACK (expander_title_cb), NULL);
}

/**
 * clt_a11y_name_password_row:
 * @row: a password entry row
 *
 * Names the button that shows or hides the password, which has no name in
 * libadwaita 1.2.
 */
void
clt_a11y_name_password_row (AdwPasswordEntryRow *row)
{
  g_return_if_fail (ADW_IS_PASSWORD_ENTRY_ROW (row));

  name_peek_button (GTK_WIDGET (row));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-column-layout"

#include "config.h"

#include "clt-column-layout.h"

/*
 * Children one above the other, each as wide as the column, packed at the
 * top: a vertical GtkBox that does not look for a narrower width when it
 * is given a height.
 *
 * GTK 4.8 asks a height-for-width widget aligned other than to fill for
 * the narrowest width it could have at the height it is given, at each
 * allocation (gtk_widget_adjust_size_allocation()), only to centre it. A
 * vertical GtkBox of wrapping labels answers by trying widths by halves
 * and laying its labels out at each try: an AdwActionRow's title and
 * subtitle (valign=center) were laid out some 40 times each when a
 * customer's page was opened. The width of a column of text does not
 * depend on its height here: this layout answers with the width it needs
 * at any height, and the labels are laid out for the width they get.
 */

struct _CltColumnLayout
{
  GtkLayoutManager parent_instance;

  int              spacing;
};

G_DEFINE_FINAL_TYPE (CltColumnLayout, clt_column_layout, GTK_TYPE_LAYOUT_MANAGER)

static void
clt_column_layout_measure (GtkLayoutManager *manager,
                           GtkWidget        *widget,
                           GtkOrientation    orientation,
                           int               for_size,
                           int              *minimum,
                           int              *natural,
                           int              *minimum_baseline,
                           int              *natural_baseline)
{
  CltColumnLayout *self = CLT_COLUMN_LAYOUT (manager);
  int n_shown = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min = 0;
      int child_nat = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      n_shown++;
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, for_size, &child_min, &child_nat, NULL, NULL);
          *minimum += child_min;
          *natural += child_nat;
        }
    }

  if (orientation == GTK_ORIENTATION_VERTICAL && n_shown > 1)
    {
      *minimum += (n_shown - 1) * self->spacing;
      *natural += (n_shown - 1) * self->spacing;
    }
}

static void
clt_column_layout_allocate (GtkLayoutManager *manager,
                            GtkWidget        *widget,
                            int               width,
                            int               height,
                            int               baseline)
{
  CltColumnLayout *self = CLT_COLUMN_LAYOUT (manager);
  int y = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_height = 0;

      if (!gtk_widget_should_layout (child))
        continue;

      /* Its natural height at this width, as long as there is room. */
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &child_height, NULL, NULL);
      child_height = MAX (0, MIN (child_height, height - y));
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, child_height }, -1);
      y += child_height + self->spacing;
    }
}

static void
clt_column_layout_class_init (CltColumnLayoutClass *klass)
{
  GtkLayoutManagerClass *layout_class = GTK_LAYOUT_MANAGER_CLASS (klass);

  layout_class->measure = clt_column_layout_measure;
  layout_class->allocate = clt_column_layout_allocate;
}

static void
clt_column_layout_init (CltColumnLayout *self)
{
}

/**
 * clt_column_layout_new:
 * @spacing: pixels between two children
 *
 * Returns: (transfer full): a layout for a column of text
 */
GtkLayoutManager *
clt_column_layout_new (int spacing)
{
  CltColumnLayout *self = g_object_new (CLT_TYPE_COLUMN_LAYOUT, NULL);

  self->spacing = spacing;

  return GTK_LAYOUT_MANAGER (self);
}

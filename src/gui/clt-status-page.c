/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-status-page"

#include "config.h"

#include "clt-status-page.h"

/*
 * A status page that lays its text out once per size: an icon, a title
 * and a description, centred, scrolled when the window is too short. It
 * has AdwStatusPage's nodes (statuspage > scrolledwindow > viewport > box
 * > clamp > box), so libadwaita's style draws it the same, the "compact"
 * class included.
 *
 * The difference is how it is centred. AdwStatusPage 1.2 centres boxes of
 * wrapping labels with valign=center; for such a widget GTK 4.8 asks, at
 * each allocation, how narrow it could be at the height it is given
 * (gtk_widget_adjust_size_allocation()), and a vertical box answers by
 * trying widths by halves, laying its labels out at each try. The window's
 * "Find a Customer" page took some 150 layouts of its two labels for the
 * first frame: 26 million instructions, a sixth of what the window's start
 * does on the main thread. A vertical GtkCenterBox centres the text here
 * and asks each label for its height at the width it has, once.
 */

struct _CltStatusPage
{
  GtkWidget  parent_instance;

  GtkWidget *scroller;
  GtkImage  *image;
  GtkLabel  *title_label;
  GtkLabel  *description_label;
};

G_DEFINE_FINAL_TYPE (CltStatusPage, clt_status_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ICON_NAME,
  PROP_TITLE,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkLabel *
make_label (const char *first_class,
            const char *second_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, first_class);
  gtk_widget_add_css_class (label, second_class);
  gtk_widget_set_visible (label, FALSE);

  return GTK_LABEL (label);
}

static void
set_label_text (GtkLabel   *label,
                const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
clt_status_page_dispose (GObject *object)
{
  CltStatusPage *self = CLT_STATUS_PAGE (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (clt_status_page_parent_class)->dispose (object);
}

static void
clt_status_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CltStatusPage *self = CLT_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      g_value_set_string (value, clt_status_page_get_icon_name (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, clt_status_page_get_title (self));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, clt_status_page_get_description (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_status_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CltStatusPage *self = CLT_STATUS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ICON_NAME:
      clt_status_page_set_icon_name (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      clt_status_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_DESCRIPTION:
      clt_status_page_set_description (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_status_page_class_init (CltStatusPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_status_page_dispose;
  object_class->get_property = clt_status_page_get_property;
  object_class->set_property = clt_status_page_set_property;

  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "statuspage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
clt_status_page_init (CltStatusPage *self)
{
  GtkWidget *center = gtk_center_box_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *image = g_object_new (GTK_TYPE_IMAGE,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION,
                                   "halign", GTK_ALIGN_CENTER,
                                   "visible", FALSE,
                                   NULL);

  gtk_widget_add_css_class (image, "icon");
  self->image = GTK_IMAGE (image);
  self->title_label = make_label ("title", "title-1");
  self->description_label = make_label ("body", "description");

  gtk_box_append (GTK_BOX (box), image);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title_label));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->description_label));
  adw_clamp_set_child (ADW_CLAMP (clamp), box);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (center), GTK_ORIENTATION_VERTICAL);
  gtk_center_box_set_center_widget (GTK_CENTER_BOX (center), clamp);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), center);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  gtk_accessible_update_relation (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title_label, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->description_label, NULL,
                                  -1);
}

const char *
clt_status_page_get_title (CltStatusPage *self)
{
  g_return_val_if_fail (CLT_IS_STATUS_PAGE (self), NULL);

  return gtk_label_get_text (self->title_label);
}

void
clt_status_page_set_title (CltStatusPage *self,
                           const char    *title)
{
  g_return_if_fail (CLT_IS_STATUS_PAGE (self));

  if (g_strcmp0 (title != NULL ? title : "", clt_status_page_get_title (self)) == 0)
    return;

  set_label_text (self->title_label, title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
clt_status_page_get_description (CltStatusPage *self)
{
  g_return_val_if_fail (CLT_IS_STATUS_PAGE (self), NULL);

  return gtk_label_get_text (self->description_label);
}

void
clt_status_page_set_description (CltStatusPage *self,
                                 const char    *description)
{
  g_return_if_fail (CLT_IS_STATUS_PAGE (self));

  if (g_strcmp0 (description != NULL ? description : "", clt_status_page_get_description (self)) == 0)
    return;

  set_label_text (self->description_label, description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

const char *
clt_status_page_get_icon_name (CltStatusPage *self)
{
  g_return_val_if_fail (CLT_IS_STATUS_PAGE (self), NULL);

  return gtk_image_get_icon_name (self->image);
}

void
clt_status_page_set_icon_name (CltStatusPage *self,
                               const char    *icon_name)
{
  g_return_if_fail (CLT_IS_STATUS_PAGE (self));

  if (g_strcmp0 (icon_name, clt_status_page_get_icon_name (self)) == 0)
    return;

  gtk_image_set_from_icon_name (self->image, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->image), icon_name != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

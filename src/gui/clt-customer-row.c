/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-customer-row"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "clt-customer-row.h"

#include "clt-a11y.h"
#include "clt-long-text.h"

/* A row shows one ellipsized line of each: what fits on the widest
 * screen is all it lays out, however long the customer's text is. */
#define LINE_CHARS 200

/* Labels a row shows now and then, made when first needed (see
 * set_optional()): a window's first rows would make some fifty labels
 * nobody sees. They are the row's own children, as its name and line are
 * (one column, spaced by its layout), but for the greeting: the name and
 * the greeting share a line, in a box made with the greeting. */
typedef enum
{
  OPTIONAL_HEADING,    /* a search's heading above this row */
  OPTIONAL_GREETING,   /* how to greet them, beside the name */
  OPTIONAL_DESK,       /* why a search lists them first */
  OPTIONAL_MATCH,      /* the number a search by digits found */
  N_OPTIONAL
} OptionalLabel;

struct _CltCustomerRow
{
  GtkWidget    parent_instance;

  CltCustomer *customer;

  GtkWidget   *name_box;          /* (nullable): the name and the greeting */
  GtkLabel    *name_label;
  GtkLabel    *line_label;
  GtkLabel    *optional[N_OPTIONAL];

  char        *a11y_name;         /* what a screen reader calls the row */
  char        *a11y_description;
};

G_DEFINE_FINAL_TYPE (CltCustomerRow, clt_customer_row, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CUSTOMER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The name, then @label on the same line: the name moves into a box. */
static void
put_beside_name (CltCustomerRow *self,
                 GtkWidget      *label)
{
  GtkWidget *name = GTK_WIDGET (self->name_label);

  self->name_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_insert_before (self->name_box, GTK_WIDGET (self), name);
  g_object_ref (name);
  gtk_widget_unparent (name);
  gtk_box_append (GTK_BOX (self->name_box), name);
  g_object_unref (name);
  gtk_box_append (GTK_BOX (self->name_box), label);
}

static GtkLabel *
make_optional (CltCustomerRow *self,
               OptionalLabel   which)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  switch (which)
    {
    case OPTIONAL_HEADING:
      /* "Close matches" above this row and those after it: GTK 4.8's
       * list view has no sections. */
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_insert_after (label, GTK_WIDGET (self), NULL);
      break;
    case OPTIONAL_GREETING:
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 10);
      gtk_widget_add_css_class (label, "dim-label");
      put_beside_name (self, label);
      break;
    case OPTIONAL_DESK:
      /* Expected or seen today, first in its lines. */
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "accent");
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_insert_before (label, GTK_WIDGET (self),
                                self->optional[OPTIONAL_MATCH] != NULL ? GTK_WIDGET (self->optional[OPTIONAL_MATCH])
                                                                      : GTK_WIDGET (self->line_label));
      break;
    case OPTIONAL_MATCH:
    default:
      /* Read whole, first after the desk's reason, and what to remember
       * on a line of its own under it. */
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_insert_before (label, GTK_WIDGET (self), GTK_WIDGET (self->line_label));
      break;
    }

  return GTK_LABEL (label);
}

/* Shows @text in that label, made if needed; hides it for NULL. */
static void
set_optional (CltCustomerRow *self,
              OptionalLabel   which,
              const char     *text)
{
  GtkLabel *label = self->optional[which];

  if (text == NULL)
    {
      if (label != NULL)
        gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
      return;
    }

  if (label == NULL)
    label = self->optional[which] = make_optional (self, which);
  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
}

static void
clt_customer_row_update (CltCustomerRow *self)
{
  g_autofree char *line = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *label = NULL;
  g_autofree char *name = NULL;
  g_autofree char *match = NULL;
  g_autofree char *description = NULL;
  const char *desk = NULL;
  gboolean alert = FALSE;
  const char *heading = NULL;

  if (self->customer != NULL)
    {
      heading = clt_customer_get_heading (self->customer);
      g_autofree char *full_greeting = clt_customer_dup_greeting (self->customer);
      g_autofree char *full_line = clt_customer_dup_remember_line (self->customer);
      const char *matched = clt_customer_get_matched_phone (self->customer);

      name = clt_long_text_shorten (clt_customer_get_display_name (self->customer), LINE_CHARS, 1);
      if (full_greeting != NULL)
        greeting = clt_long_text_shorten (full_greeting, LINE_CHARS, 1);
      /* Found by phone digits: which number, before anything else, so the
       * clerk sees it is the right person; an alert still follows it, on
       * a line of its own. */
      if (matched != NULL)
        match = clt_long_text_shorten (matched, LINE_CHARS, 1);
      if (full_line != NULL && *full_line != '\0')
        line = clt_long_text_shorten (full_line, LINE_CHARS, 1);
      /* With nothing to remember, how to reach them, or where they live:
       * no row has a blank line when the book knows either. */
      else if (match == NULL && clt_customer_get_phone (self->customer) != NULL)
        line = clt_long_text_shorten (clt_customer_get_phone (self->customer), LINE_CHARS, 1);
      else if (match == NULL && clt_customer_get_city (self->customer) != NULL)
        line = clt_long_text_shorten (clt_customer_get_city (self->customer), LINE_CHARS, 1);
      alert = clt_customer_get_alert (self->customer) != NULL;
      desk = clt_customer_get_desk_reason (self->customer);
    }
  else
    {
      name = g_strdup ("");
    }

  /* How to greet them, when that is not simply their name. */
  if (greeting != NULL && (*greeting == '\0' || g_strcmp0 (greeting, name) == 0))
    g_clear_pointer (&greeting, g_free);

  set_optional (self, OPTIONAL_HEADING, heading);
  gtk_label_set_text (self->name_label, name);
  set_optional (self, OPTIONAL_GREETING, greeting);
  set_optional (self, OPTIONAL_DESK, desk);
  set_optional (self, OPTIONAL_MATCH, match);
  /* Kept even when empty, so that all rows have the same height; under a
   * number found, only when there is something to remember. */
  gtk_label_set_text (self->line_label, line ? line : "");
  gtk_widget_set_visible (GTK_WIDGET (self->line_label), match == NULL || line != NULL);

  /* An alert must stand out, so it is not dimmed. */
  if (alert)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->line_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->line_label), "warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->line_label), "warning");
      gtk_widget_add_css_class (GTK_WIDGET (self->line_label), "dim-label");
    }

  /* Translators: a customer's name, then how to greet them. */
  label = greeting != NULL ? g_strdup_printf (_("%s, “%s”"), name, greeting) : g_strdup (name);
  description = g_strjoin (match != NULL && line != NULL ? "\n" : "",
                           match ? match : "", line ? line : "", NULL);
  if (desk != NULL)
    {
      char *with_desk = g_strjoin (*description != '\0' ? "\n" : "", desk, description, NULL);

      g_free (description);
      description = with_desk;
    }
  /* A screen reader hears the heading with the row it stands over. */
  if (heading != NULL)
    {
      char *with_heading = *description != '\0' ? g_strdup_printf ("%s\n%s", heading, description)
                                                : g_strdup (heading);

      g_free (description);
      description = with_heading;
    }
  /* Told to the accessibility bus only when it changes: a keystroke
   * binds every row of the results again. */
  if (g_strcmp0 (label, self->a11y_name) == 0 && g_strcmp0 (description, self->a11y_description) == 0)
    return;
  g_free (self->a11y_name);
  g_free (self->a11y_description);
  self->a11y_name = g_strdup (label);
  self->a11y_description = g_strdup (description);
  /* The results list's row is what a screen reader reads (the row's
   * content, inside it, is not read on its own). */
  clt_a11y_name_list_item (GTK_WIDGET (self), label, description);
}

/* A list keeps a row for the same customer from one search to the next:
 * what the new search found is told by the customer itself. */
static void
customer_notify_cb (CltCustomerRow *self)
{
  clt_customer_row_update (self);
}

/* The list's row the row was put in takes its name. */
static void
parent_notify_cb (CltCustomerRow *self)
{
  if (self->a11y_name != NULL)
    clt_a11y_name_list_item (GTK_WIDGET (self), self->a11y_name, self->a11y_description);
}

static void
factory_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  gtk_list_item_set_child (item, clt_customer_row_new ());
}

static void
factory_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GBinding *binding = g_object_bind_property (gtk_list_item_get_item (item), "customer",
                                              gtk_list_item_get_child (item), "customer",
                                              G_BINDING_SYNC_CREATE);

  g_object_set_data (G_OBJECT (item), "clt-customer-binding", binding);
}

static void
factory_unbind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  g_binding_unbind (g_object_steal_data (G_OBJECT (item), "clt-customer-binding"));
}

static void
clt_customer_row_dispose (GObject *object)
{
  CltCustomerRow *self = CLT_CUSTOMER_ROW (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->name_label = NULL;
  self->line_label = NULL;
  self->name_box = NULL;
  memset (self->optional, 0, sizeof self->optional);
  if (self->customer != NULL)
    g_signal_handlers_disconnect_by_data (self->customer, self);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->a11y_name, g_free);
  g_clear_pointer (&self->a11y_description, g_free);

  G_OBJECT_CLASS (clt_customer_row_parent_class)->dispose (object);
}

static void
clt_customer_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CltCustomerRow *self = CLT_CUSTOMER_ROW (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER:
      g_value_set_object (value, self->customer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_customer_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CltCustomerRow *self = CLT_CUSTOMER_ROW (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER:
      clt_customer_row_set_customer (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_customer_row_class_init (CltCustomerRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_customer_row_dispose;
  object_class->get_property = clt_customer_row_get_property;
  object_class->set_property = clt_customer_row_set_property;

  properties[PROP_CUSTOMER] =
    g_param_spec_object ("customer", NULL, NULL,
                         CLT_TYPE_CUSTOMER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "customerrow");
}

/* Made in code, not from a template: a window's first rows are some
 * twenty of these, and a template is a GtkBuilder run for each. */
static void
clt_customer_row_init (CltCustomerRow *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *line = gtk_label_new (NULL);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 3);
  gtk_widget_set_margin_top (GTK_WIDGET (self), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_set_parent (name, GTK_WIDGET (self));
  self->name_label = GTK_LABEL (name);

  gtk_widget_set_hexpand (line, TRUE);
  gtk_label_set_xalign (GTK_LABEL (line), 0);
  gtk_label_set_ellipsize (GTK_LABEL (line), PANGO_ELLIPSIZE_END);
  /* No max-width-chars: the list's scroller takes no natural width from
   * its rows, and GTK 4.8 shapes the font's sample text again (pango's
   * metrics) at each size asked of a label with one, some 4 ms for the
   * first frame's rows. */
  gtk_widget_add_css_class (line, "dim-label");
  gtk_widget_add_css_class (line, "caption");
  gtk_widget_set_parent (line, GTK_WIDGET (self));
  self->line_label = GTK_LABEL (line);

  /* A row of the list may take it after the customer is set. */
  g_signal_connect (self, "notify::parent", G_CALLBACK (parent_notify_cb), NULL);
}

GtkWidget *
clt_customer_row_new (void)
{
  return g_object_new (CLT_TYPE_CUSTOMER_ROW, NULL);
}

CltCustomer *
clt_customer_row_get_customer (CltCustomerRow *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER_ROW (self), NULL);

  return self->customer;
}

void
clt_customer_row_set_customer (CltCustomerRow *self,
                               CltCustomer    *customer)
{
  g_return_if_fail (CLT_IS_CUSTOMER_ROW (self));
  g_return_if_fail (customer == NULL || CLT_IS_CUSTOMER (customer));

  if (self->customer == customer)
    return;

  if (self->customer != NULL)
    g_signal_handlers_disconnect_by_data (self->customer, self);
  g_set_object (&self->customer, customer);
  if (customer != NULL)
    g_signal_connect_object (customer, "notify", G_CALLBACK (customer_notify_cb), self, G_CONNECT_SWAPPED);

  clt_customer_row_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
}

/**
 * clt_customer_row_factory_new:
 *
 * Makes rows for a list of #CltCustomerSlot: each item is a place in the
 * results, whose customer changes from one search to the next while the
 * row stays.
 *
 * Returns: (transfer full): the factory
 */
GtkListItemFactory *
clt_customer_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (factory_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (factory_unbind_cb), NULL);

  return factory;
}

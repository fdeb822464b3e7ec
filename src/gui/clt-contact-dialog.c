/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-contact-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-discard-guard.h"
#include "clt-gui-util.h"
#include "clt-write.h"

#include "clt-contact-dialog.h"

struct _CltContactDialog
{
  AdwWindow       parent_instance;

  CltStore       *store;
  gint64          customer_id;
  gint64          contact_id;  /* 0 while adding */

  AdwWindowTitle *window_title;
  GtkLabel       *error_label;
  AdwComboRow    *kind_row;
  AdwEntryRow    *label_row;
  AdwEntryRow    *value_row;
  GtkWidget      *value_group;
  GtkWidget      *address_group;
  GtkTextView    *address_view;
};

G_DEFINE_FINAL_TYPE (CltContactDialog, clt_contact_dialog, ADW_TYPE_WINDOW)

static CltContactKind
get_kind (CltContactDialog *self)
{
  /* The combo row lists the kinds in the order of the enumeration. */
  guint selected = adw_combo_row_get_selected (self->kind_row);

  return selected <= CLT_CONTACT_ADDRESS ? (CltContactKind) selected : CLT_CONTACT_EMAIL;
}

static char *
dup_value (CltContactDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (get_kind (self) != CLT_CONTACT_ADDRESS)
    return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->value_row)));

  buffer = gtk_text_view_get_buffer (self->address_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
clt_contact_dialog_update (CltContactDialog *self)
{
  CltContactKind kind = get_kind (self);
  g_autofree char *value = NULL;

  gtk_widget_set_visible (self->value_group, kind != CLT_CONTACT_ADDRESS);
  gtk_widget_set_visible (self->address_group, kind == CLT_CONTACT_ADDRESS);

  if (kind == CLT_CONTACT_PHONE)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row), _("Phone Number"));
      adw_entry_row_set_input_purpose (self->value_row, GTK_INPUT_PURPOSE_PHONE);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->value_row), _("E-mail Address"));
      adw_entry_row_set_input_purpose (self->value_row, GTK_INPUT_PURPOSE_EMAIL);
    }

  value = dup_value (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", !clt_text_is_blank (value));
}

static void
changed_cb (CltContactDialog *self)
{
  clt_contact_dialog_update (self);
}

typedef struct
{
  gint64          customer_id;
  gint64          contact_id;
  CltContactKind  kind;
  char           *label;
  char           *value;
} ContactChange;

static void
contact_change_free (ContactChange *change)
{
  g_free (change->label);
  g_free (change->value);
  g_free (change);
}

static gboolean
save_write (CltStore  *store,
            gpointer   data,
            GError   **error)
{
  ContactChange *change = data;

  if (change->contact_id == 0)
    return clt_store_add_contact (store, change->customer_id, change->kind, change->label,
                                  change->value, error) > 0;

  return clt_store_update_contact (store, change->kind, change->contact_id, change->label,
                                   change->value, error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltContactDialog *self = CLT_CONTACT_DIALOG (widget);
  g_autofree char *value = dup_value (self);
  ContactChange *change;
  const char *label;

  if (clt_text_is_blank (value))
    return;

  label = gtk_editable_get_text (GTK_EDITABLE (self->label_row));

  change = g_new0 (ContactChange, 1);
  change->customer_id = self->customer_id;
  change->contact_id = self->contact_id;
  change->kind = get_kind (self);
  change->label = clt_text_is_blank (label) ? NULL : g_strdup (label);
  change->value = g_steal_pointer (&value);
  clt_write_save_dialog (self->store, GTK_WINDOW (self), GTK_WIDGET (self->error_label),
                         save_write, NULL, change, (GDestroyNotify) contact_change_free);
}

static void
clt_contact_dialog_dispose (GObject *object)
{
  CltContactDialog *self = CLT_CONTACT_DIALOG (object);

  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_CONTACT_DIALOG);

  G_OBJECT_CLASS (clt_contact_dialog_parent_class)->dispose (object);
}

static void
clt_contact_dialog_class_init (CltContactDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_contact_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltContactDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltContactDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CltContactDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CltContactDialog, label_row);
  gtk_widget_class_bind_template_child (widget_class, CltContactDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, CltContactDialog, value_group);
  gtk_widget_class_bind_template_child (widget_class, CltContactDialog, address_group);
  gtk_widget_class_bind_template_child (widget_class, CltContactDialog, address_view);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);

  clt_gui_dialog_class_install_save (widget_class, save_action);
}

static void
clt_contact_dialog_init (CltContactDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->address_view), "changed",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  clt_gui_dialog_add_save_shortcut (GTK_WIDGET (self));
}

/**
 * clt_contact_dialog_new:
 * @parent: the window the dialog belongs to
 * @store: the book
 * @customer_id: whose e-mail, phone or address it is
 * @contact: (nullable): the detail to edit, or %NULL to add one
 *
 * A dialog that saves to @store when its Save button is pressed, and shows
 * the store's refusal without closing. An edited detail keeps its kind.
 */
GtkWidget *
clt_contact_dialog_new (GtkWindow        *parent,
                        CltStore         *store,
                        gint64            customer_id,
                        const CltContact *contact)
{
  CltContactDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_CONTACT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->customer_id = customer_id;

  clt_gui_dialog_set_customer (self->window_title, store, customer_id);

  if (contact != NULL)
    {
      self->contact_id = contact->id;
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Contact Detail"));
      adw_combo_row_set_selected (self->kind_row, contact->kind);
      gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->label_row), contact->label ? contact->label : "");
      if (contact->kind == CLT_CONTACT_ADDRESS)
        gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->address_view),
                                  contact->value ? contact->value : "", -1);
      else
        gtk_editable_set_text (GTK_EDITABLE (self->value_row), contact->value ? contact->value : "");
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Contact Detail"));
    }

  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  clt_contact_dialog_update (self);
  clt_discard_guard_watch (GTK_WINDOW (self), _("Discard This Contact Detail?"),
                           GTK_WIDGET (self->value_row), GTK_WIDGET (self->address_view),
                           GTK_WIDGET (self->label_row), NULL);

  if (contact != NULL && contact->kind == CLT_CONTACT_ADDRESS)
    gtk_widget_grab_focus (GTK_WIDGET (self->address_view));
  else if (contact != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->value_row));

  return GTK_WIDGET (self);
}

/**
 * clt_contact_kind_label:
 *
 * Returns: what a kind of contact detail is called, translated.
 */
const char *
clt_contact_kind_label (CltContactKind kind)
{
  switch (kind)
    {
    case CLT_CONTACT_PHONE:
      return _("Phone");
    case CLT_CONTACT_ADDRESS:
      return _("Address");
    case CLT_CONTACT_EMAIL:
    default:
      return _("E-mail");
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-note-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-note-dialog.h"

/* The schema keeps this ID in the Devel profile too. */
#define SETTINGS_SCHEMA_ID "io.github.clientele.Clientele"

struct _CltNoteDialog
{
  AdwWindow       parent_instance;

  CltStore       *store;
  gint64          customer_id;
  gint64          note_id;  /* 0 while adding */

  AdwWindowTitle *window_title;
  GtkLabel       *error_label;
  GtkTextView    *text_view;
  GtkSwitch      *pin_switch;
};

G_DEFINE_FINAL_TYPE (CltNoteDialog, clt_note_dialog, ADW_TYPE_WINDOW)

/* Who is at the desk, as set in the preferences; NULL when nobody said. */
static char *
dup_staff_name (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *name = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "staff-name"))
    return NULL;

  settings = g_settings_new_full (schema, NULL, NULL);
  name = g_settings_get_string (settings, "staff-name");
  if (clt_text_is_blank (name))
    return NULL;

  return g_steal_pointer (&name);
}

static char *
dup_text (CltNoteDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
clt_note_dialog_update (CltNoteDialog *self)
{
  g_autofree char *text = dup_text (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", !clt_text_is_blank (text));
}

static void
buffer_changed_cb (CltNoteDialog *self)
{
  clt_note_dialog_update (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltNoteDialog *self = CLT_NOTE_DIALOG (widget);
  g_autofree char *text = dup_text (self);
  g_autoptr(GError) error = NULL;
  gboolean pinned = gtk_switch_get_active (self->pin_switch);
  gboolean saved;

  if (clt_text_is_blank (text))
    return;

  if (self->note_id == 0)
    {
      g_autofree char *author = dup_staff_name ();

      saved = clt_store_add_note (self->store, self->customer_id, text, author, pinned, &error) > 0;
    }
  else
    {
      saved = clt_store_update_note (self->store, self->note_id, text, pinned, &error);
    }

  if (!saved)
    {
      /* The dialog stays open so that nothing typed is lost. */
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_destroy (GTK_WINDOW (self));
}

static void
clt_note_dialog_dispose (GObject *object)
{
  CltNoteDialog *self = CLT_NOTE_DIALOG (object);

  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_NOTE_DIALOG);

  G_OBJECT_CLASS (clt_note_dialog_parent_class)->dispose (object);
}

static void
clt_note_dialog_class_init (CltNoteDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_note_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-note-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltNoteDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltNoteDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CltNoteDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, CltNoteDialog, pin_switch);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clt_note_dialog_init (CltNoteDialog *self)
{
  GtkEventController *controller;
  GtkShortcutTrigger *trigger;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+Enter must be seen before the text view turns it into a new line. */
  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK));
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger, gtk_named_action_new ("dialog.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/**
 * clt_note_dialog_new:
 * @parent: the window the dialog belongs to
 * @store: the book
 * @customer_id: whose note it is
 * @note: (nullable): the note to edit, or %NULL to write a new one
 *
 * A dialog that saves to @store when Save or Ctrl+Enter is pressed, and
 * shows the store's refusal without closing.
 */
GtkWidget *
clt_note_dialog_new (GtkWindow     *parent,
                     CltStore      *store,
                     gint64         customer_id,
                     const CltNote *note)
{
  CltNoteDialog *self;
  g_autoptr(CltCustomer) customer = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_NOTE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->customer_id = customer_id;

  customer = clt_store_get_customer (store, customer_id, NULL);
  if (customer != NULL)
    adw_window_title_set_subtitle (self->window_title, clt_customer_get_display_name (customer));

  if (note != NULL)
    {
      self->note_id = note->id;
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Note"));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->text_view), note->text ? note->text : "", -1);
      gtk_switch_set_active (self->pin_switch, note->pinned);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Note"));
    }

  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  clt_note_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));

  return GTK_WIDGET (self);
}

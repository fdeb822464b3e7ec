/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-note-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-discard-guard.h"
#include "clt-gui-util.h"
#include "clt-write.h"

#include "clt-note-dialog.h"

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

typedef struct
{
  gint64    customer_id;
  gint64    note_id;
  char     *text;
  char     *author;
  gboolean  pinned;
} NoteChange;

static void
note_change_free (NoteChange *change)
{
  g_free (change->text);
  g_free (change->author);
  g_free (change);
}

static gboolean
save_write (CltStore  *store,
            gpointer   data,
            GError   **error)
{
  NoteChange *change = data;

  if (change->note_id == 0)
    return clt_store_add_note (store, change->customer_id, change->text, change->author,
                               change->pinned, error) > 0;

  return clt_store_update_note (store, change->note_id, change->text, change->pinned, error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltNoteDialog *self = CLT_NOTE_DIALOG (widget);
  g_autofree char *text = dup_text (self);
  NoteChange *change;

  if (clt_text_is_blank (text))
    return;

  change = g_new0 (NoteChange, 1);
  change->customer_id = self->customer_id;
  change->note_id = self->note_id;
  change->text = g_steal_pointer (&text);
  change->author = self->note_id == 0 ? clt_gui_dup_staff_name () : NULL;
  change->pinned = gtk_switch_get_active (self->pin_switch);
  clt_write_save_dialog (self->store, GTK_WINDOW (self), GTK_WIDGET (self->error_label),
                         save_write, NULL, change, (GDestroyNotify) note_change_free);
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

  clt_gui_dialog_class_install_save (widget_class, save_action);
}

static void
clt_note_dialog_init (CltNoteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  clt_gui_dialog_add_save_shortcut (GTK_WIDGET (self));
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

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_NOTE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->customer_id = customer_id;

  clt_gui_dialog_set_customer (self->window_title, store, customer_id);

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
  clt_discard_guard_watch (GTK_WINDOW (self), _("Discard This Note?"), GTK_WIDGET (self->text_view), NULL);
  clt_note_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));

  return GTK_WIDGET (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-preference-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-discard-guard.h"
#include "clt-gui-util.h"
#include "clt-write.h"

#include "clt-preference-dialog.h"

struct _CltPreferenceDialog
{
  AdwWindow       parent_instance;

  CltStore       *store;
  gint64          customer_id;
  gint64          preference_id;  /* 0 while adding */

  AdwWindowTitle *window_title;
  GtkLabel       *error_label;
  AdwEntryRow    *category_row;
  AdwEntryRow    *text_row;
  GtkSwitch      *alert_switch;
  GtkSwitch      *sensitive_switch;
  gboolean        is_health;      /* the category is Health */
  gboolean        kept_off;       /* a person said a health preference is not sensitive */
};

G_DEFINE_FINAL_TYPE (CltPreferenceDialog, clt_preference_dialog, ADW_TYPE_WINDOW)

static void
clt_preference_dialog_update (CltPreferenceDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->text_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", !clt_text_is_blank (text));
}

static void
text_changed_cb (CltPreferenceDialog *self)
{
  clt_preference_dialog_update (self);
}

/* Health data is sensitive: choosing the Health category switches
 * "Sensitive" on, unless the person switched it off for Health. */
static void
category_changed_cb (CltPreferenceDialog *self)
{
  g_autofree char *category = clt_preference_category_from_label (gtk_editable_get_text (GTK_EDITABLE (self->category_row)));

  self->is_health = g_strcmp0 (category, "health") == 0;
  if (self->is_health && !self->kept_off)
    gtk_switch_set_active (self->sensitive_switch, TRUE);
}

static void
sensitive_changed_cb (CltPreferenceDialog *self)
{
  if (self->is_health && !gtk_switch_get_active (self->sensitive_switch))
    self->kept_off = TRUE;
}

static void
category_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CltPreferenceDialog *self = CLT_PREFERENCE_DIALOG (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->category_row),
                         clt_preference_category_label (g_variant_get_string (parameter, NULL)));
  /* Back to the text, the cursor at its end: a key pressed next adds to
   * it rather than replacing what was typed. */
  gtk_widget_grab_focus (GTK_WIDGET (self->text_row));
  gtk_editable_set_position (GTK_EDITABLE (self->text_row), -1);
}

typedef struct
{
  gint64              customer_id;
  gint64              preference_id;
  char               *category;
  char               *text;
  CltPreferenceFlags  flags;
} PreferenceChange;

static void
preference_change_free (PreferenceChange *change)
{
  g_free (change->category);
  g_free (change->text);
  g_free (change);
}

static gboolean
save_write (CltStore  *store,
            gpointer   data,
            GError   **error)
{
  PreferenceChange *change = data;

  if (change->preference_id == 0)
    return clt_store_add_preference (store, change->customer_id, change->category, change->text,
                                     change->flags, error) > 0;

  return clt_store_update_preference (store, change->preference_id, change->category, change->text,
                                      change->flags, error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltPreferenceDialog *self = CLT_PREFERENCE_DIALOG (widget);
  PreferenceChange *change;
  const char *text;

  text = gtk_editable_get_text (GTK_EDITABLE (self->text_row));
  if (clt_text_is_blank (text))
    return;

  change = g_new0 (PreferenceChange, 1);
  change->customer_id = self->customer_id;
  change->preference_id = self->preference_id;
  change->text = g_strdup (text);
  change->category = clt_preference_category_from_label (gtk_editable_get_text (GTK_EDITABLE (self->category_row)));
  if (gtk_switch_get_active (self->alert_switch))
    change->flags |= CLT_PREFERENCE_ALERT;
  if (gtk_switch_get_active (self->sensitive_switch))
    change->flags |= CLT_PREFERENCE_SENSITIVE;
  clt_write_save_dialog (self->store, GTK_WINDOW (self), GTK_WIDGET (self->error_label),
                         save_write, NULL, change, (GDestroyNotify) preference_change_free);
}

static void
clt_preference_dialog_dispose (GObject *object)
{
  CltPreferenceDialog *self = CLT_PREFERENCE_DIALOG (object);

  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_PREFERENCE_DIALOG);

  G_OBJECT_CLASS (clt_preference_dialog_parent_class)->dispose (object);
}

static void
clt_preference_dialog_class_init (CltPreferenceDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_preference_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-preference-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltPreferenceDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltPreferenceDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CltPreferenceDialog, category_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferenceDialog, text_row);
  gtk_widget_class_bind_template_child (widget_class, CltPreferenceDialog, alert_switch);
  gtk_widget_class_bind_template_child (widget_class, CltPreferenceDialog, sensitive_switch);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sensitive_changed_cb);

  clt_gui_dialog_class_install_save (widget_class, save_action);
  gtk_widget_class_install_action (widget_class, "preference.category", "s", category_action);
}

static void
clt_preference_dialog_init (CltPreferenceDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  clt_gui_dialog_add_save_shortcut (GTK_WIDGET (self));
}

/**
 * clt_preference_dialog_new:
 * @parent: the window the dialog belongs to
 * @store: the book
 * @customer_id: whose preference it is
 * @preference: (nullable): the preference to edit, or %NULL to add one
 *
 * A dialog that saves to @store when its Save button is pressed, and shows
 * the store's refusal without closing.
 */
GtkWidget *
clt_preference_dialog_new (GtkWindow           *parent,
                           CltStore            *store,
                           gint64               customer_id,
                           const CltPreference *preference)
{
  CltPreferenceDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_PREFERENCE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->customer_id = customer_id;

  clt_gui_dialog_set_customer (self->window_title, store, customer_id);

  if (preference != NULL)
    {
      const char *category = clt_preference_category_label (preference->category);

      self->preference_id = preference->id;
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Preference"));
      gtk_editable_set_text (GTK_EDITABLE (self->category_row), category ? category : "");
      gtk_editable_set_text (GTK_EDITABLE (self->text_row), preference->text ? preference->text : "");
      gtk_switch_set_active (self->alert_switch, (preference->flags & CLT_PREFERENCE_ALERT) != 0);
      gtk_switch_set_active (self->sensitive_switch, (preference->flags & CLT_PREFERENCE_SENSITIVE) != 0);
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("New Preference"));
    }

  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  clt_discard_guard_watch (GTK_WINDOW (self), _("Discard This Preference?"), GTK_WIDGET (self->text_row), NULL);
  clt_preference_dialog_update (self);
  /* What they want comes first; its category after. */
  gtk_widget_grab_focus (GTK_WIDGET (self->text_row));

  return GTK_WIDGET (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sync-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-sync-indicator.h"

/*
 * A long sync round in the book window's header, while Preferences is
 * closed: a button that appears only while one runs (as Files shows its
 * file operations), whose popover says how far it is, with a bar and
 * Cancel. Short rounds, the many that take a moment, pass unseen. The
 * popover is made when first opened: the window makes the indicator for
 * its first frame, where it is hidden.
 */

struct _CltSyncIndicator
{
  AdwBin          parent_instance;

  CltSyncRunner  *runner;

  GtkMenuButton  *button;
  /* The popover's, once made (create_popover()). */
  GtkLabel       *label;
  GtkProgressBar *bar;
  GtkButton      *cancel_button;
};

G_DEFINE_FINAL_TYPE (CltSyncIndicator, clt_sync_indicator, ADW_TYPE_BIN)

static void
update (CltSyncIndicator *self)
{
  gboolean shown = self->runner != NULL && clt_sync_runner_get_running (self->runner) &&
                   clt_sync_runner_get_long_round (self->runner);
  g_autofree char *text = NULL;
  double fraction;

  gtk_widget_set_visible (GTK_WIDGET (self), shown);
  if (!shown)
    {
      gtk_menu_button_popdown (self->button);
      return;
    }

  text = clt_sync_runner_dup_progress_text (self->runner);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), text);
  if (self->label == NULL)
    return;

  gtk_label_set_text (self->label, text);
  fraction = clt_sync_runner_get_fraction (self->runner);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->bar);
  else
    gtk_progress_bar_set_fraction (self->bar, fraction);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button),
                            !clt_sync_runner_get_cancelling (self->runner));
}

static void
cancel_cb (CltSyncIndicator *self)
{
  if (self->runner != NULL)
    clt_sync_runner_cancel (self->runner);
}

static void
create_popover (GtkMenuButton *button,
                gpointer       user_data)
{
  CltSyncIndicator *self = user_data;
  GtkWidget *box;
  GtkWidget *popover;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_size_request (box, 240, -1);

  self->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->label, 0);
  gtk_label_set_wrap (self->label, TRUE);
  gtk_label_set_wrap_mode (self->label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (self->label, 30);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->label));

  self->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_pulse_step (self->bar, 0.1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->bar));

  self->cancel_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Cancel Sync")));
  gtk_widget_set_halign (GTK_WIDGET (self->cancel_button), GTK_ALIGN_END);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (cancel_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->cancel_button));

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (button, popover);
  update (self);
}

static void
clt_sync_indicator_dispose (GObject *object)
{
  CltSyncIndicator *self = CLT_SYNC_INDICATOR (object);

  /* The button is AdwBin's child, which it unparents itself. */
  clt_sync_indicator_set_runner (self, NULL);

  G_OBJECT_CLASS (clt_sync_indicator_parent_class)->dispose (object);
}

static void
clt_sync_indicator_class_init (CltSyncIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_sync_indicator_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-sync-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, CltSyncIndicator, button);
}

static void
clt_sync_indicator_init (CltSyncIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_create_popup_func (self->button, create_popover, self, NULL);
}

/**
 * clt_sync_indicator_set_runner:
 * @self: the indicator
 * @runner: (nullable): the rounds it shows
 */
void
clt_sync_indicator_set_runner (CltSyncIndicator *self,
                               CltSyncRunner    *runner)
{
  g_return_if_fail (CLT_IS_SYNC_INDICATOR (self));
  g_return_if_fail (runner == NULL || CLT_IS_SYNC_RUNNER (runner));

  if (self->runner == runner)
    return;

  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_set_object (&self->runner, runner);
  if (runner != NULL)
    {
      g_signal_connect_object (runner, "notify::running", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "notify::long-round", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "notify::cancelling", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "progress", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }
  update (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-refold-indicator"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-gui-util.h"
#include "clt-refold-indicator.h"

/*
 * The search index written again once after an upgrade (schema 13,
 * clt-store-refold.c), in a thread, while the book is used: a line under
 * the search field with how far it is, which goes once it is done. The
 * old index answers meanwhile; when it is done the list is searched again
 * ("finished"). A window closed before the end cancels it between two
 * batches, and the next start goes on from there.
 */

struct _CltRefoldIndicator
{
  AdwBin          parent_instance;

  CltStore       *store;
  GCancellable   *cancellable;

  GtkRevealer    *revealer;
  GtkLabel       *label;
  GtkProgressBar *bar;
};

G_DEFINE_FINAL_TYPE (CltRefoldIndicator, clt_refold_indicator, ADW_TYPE_BIN)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_fraction (CltRefoldIndicator *self,
               double              fraction)
{
  g_autofree char *text = NULL;

  /* Translators: the search index is being rebuilt; %d is a percentage. */
  text = g_strdup_printf (_("Updating the search… %d %%"), (int) (fraction * 100));
  gtk_label_set_text (self->label, text);
  gtk_progress_bar_set_fraction (self->bar, fraction);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  show_fraction (CLT_REFOLD_INDICATOR (user_data), fraction);
}

static void
refolded_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltRefoldIndicator) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = clt_store_refold_finish (CLT_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  /* The old index still answers: said in the log, tried again next time. */
  if (!ok)
    g_warning ("Could not update the search index: %s", error->message);
  else
    g_signal_emit (self, signals[FINISHED], 0);
}

/**
 * clt_refold_indicator_start:
 * @store: the window's book
 *
 * Writes @store's search index again in the background if it is due,
 * showing how far it is.
 */
void
clt_refold_indicator_start (CltRefoldIndicator *self,
                            CltStore           *store)
{
  g_return_if_fail (CLT_IS_REFOLD_INDICATOR (self));
  g_return_if_fail (CLT_IS_STORE (store));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_set_object (&self->store, store);

  if (!clt_store_get_refold_due (store))
    {
      gtk_revealer_set_reveal_child (self->revealer, FALSE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  show_fraction (self, clt_store_get_refold_fraction (store));
  gtk_widget_set_visible (GTK_WIDGET (self->revealer), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  clt_store_refold_async (store, self->cancellable, progress_cb, self, refolded_cb, g_object_ref (self));
}

gboolean
clt_refold_indicator_get_running (CltRefoldIndicator *self)
{
  g_return_val_if_fail (CLT_IS_REFOLD_INDICATOR (self), FALSE);

  return self->cancellable != NULL;
}

static void
clt_refold_indicator_dispose (GObject *object)
{
  CltRefoldIndicator *self = CLT_REFOLD_INDICATOR (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_refold_indicator_parent_class)->dispose (object);
}

static void
clt_refold_indicator_class_init (CltRefoldIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_refold_indicator_dispose;

  /**
   * CltRefoldIndicator::finished:
   *
   * The search index is written again: search again to use it.
   */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/clt-refold-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, CltRefoldIndicator, revealer);
  gtk_widget_class_bind_template_child (widget_class, CltRefoldIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, CltRefoldIndicator, bar);
}

static void
clt_refold_indicator_init (CltRefoldIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Shown rarely: not worth the first frame's round trips to X. */
  clt_gui_set_tooltip_when_drawn (gtk_revealer_get_child (self->revealer),
                                  _("Once done, “oe” finds “œ”, “ss” finds “ß” and “mueller” finds “Müller”. "
                                    "Search works as before meanwhile."));
}

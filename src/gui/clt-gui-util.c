/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-gui"

#include "config.h"

#include "clt-gui-util.h"
#include "clt-window.h"

/**
 * clt_gui_add_toast:
 * @widget: any widget of a window, or of a dialog over it
 * @toast: (transfer full): the toast
 *
 * Shows @toast in the nearest toast overlay: the widget's own, else the
 * main window's, so a toast outlives the dialog that raised it.
 */
void
clt_gui_add_toast (GtkWidget *widget,
                   AdwToast  *toast)
{
  GtkWidget *overlay;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (ADW_IS_TOAST (toast));

  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      return;
    }

  root = gtk_widget_get_root (widget);
  while (GTK_IS_WINDOW (root) && !CLT_IS_WINDOW (root) &&
         gtk_window_get_transient_for (GTK_WINDOW (root)) != NULL)
    root = GTK_ROOT (gtk_window_get_transient_for (GTK_WINDOW (root)));

  if (CLT_IS_WINDOW (root))
    clt_window_add_toast (CLT_WINDOW (root), toast);
  else
    g_object_unref (toast);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-promise-toast"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-gui-util.h"
#include "clt-log-dialog.h"
#include "clt-promise-toast.h"
#include "clt-write.h"

/* Closing a promise (kept, broken, cancelled) can be undone from its
 * toast, as a deletion can: a ✓ is a small target in a column of them.
 * An AdwToast has one button, and two would not fit at 360 px: the offer
 * to write to the customer or to log the contact comes as a second toast
 * once the first goes without Undo. Each toast carries its own promise,
 * so two ✓ in a row are each undone by their own toast. */

typedef struct
{
  GWeakRef          widget;
  CltStore         *store;
  gint64            promise_id;
  CltPromiseStatus  status;
  gboolean          follow_up;
  gboolean          undone;
} Closed;

static void
closed_free (gpointer  data,
             GClosure *closure)
{
  Closed *closed = data;

  g_weak_ref_clear (&closed->widget);
  g_object_unref (closed->store);
  g_free (closed);
}

static void
reopened_cb (GtkWidget    *widget,
             const GError *error,
             gpointer      data)
{
  if (widget != NULL)
    clt_gui_add_toast (widget, adw_toast_new (_("Promise reopened")));
}

/**
 * clt_promise_toast_reopen:
 * @widget: (nullable): where the person asked, for the toast
 *
 * Reopens the promise through the write queue, then says so.
 */
void
clt_promise_toast_reopen (GtkWidget *widget,
                          CltStore  *store,
                          gint64     promise_id)
{
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));
  g_return_if_fail (CLT_IS_STORE (store));

  clt_write_run (store, widget, _("The promise was not reopened."),
                 clt_write_reopen_promise, reopened_cb, clt_write_promise_new (promise_id),
                 (GDestroyNotify) clt_write_promise_free);
}

static void
undo_clicked_cb (AdwToast *toast,
                 Closed   *closed)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&closed->widget);

  closed->undone = TRUE;
  clt_promise_toast_reopen (widget, closed->store, closed->promise_id);
}

static void
dismissed_cb (AdwToast *toast,
              Closed   *closed)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&closed->widget);
  GtkRoot *root;

  if (closed->undone || !closed->follow_up || widget == NULL)
    return;

  /* Not while the window goes. */
  root = gtk_widget_get_root (widget);
  if (root == NULL || !gtk_widget_get_visible (GTK_WIDGET (root)))
    return;

  clt_log_dialog_toast_promise (widget, closed->store, closed->promise_id, closed->status);
}

/**
 * clt_promise_toast_closed:
 * @widget: where the promise was closed, for the toasts
 * @status: what it became: kept, broken or cancelled
 * @follow_up: whether to offer, once the toast goes, to write to the
 *   customer or log the contact (kept or broken)
 *
 * Says that the promise was closed, with Undo: the last one closed shows
 * at once, an earlier one still waiting comes back after it.
 */
void
clt_promise_toast_closed (GtkWidget        *widget,
                          CltStore         *store,
                          gint64            promise_id,
                          CltPromiseStatus  status,
                          gboolean          follow_up)
{
  AdwToast *toast;
  Closed *closed;
  const char *title;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (CLT_IS_STORE (store));
  g_return_if_fail (status != CLT_PROMISE_OPEN);

  switch (status)
    {
    case CLT_PROMISE_KEPT:
      title = _("Promise kept");
      break;
    case CLT_PROMISE_BROKEN:
      title = _("Promise marked broken");
      break;
    case CLT_PROMISE_CANCELLED:
    case CLT_PROMISE_OPEN:
    default:
      title = _("Promise cancelled");
      follow_up = FALSE;
      break;
    }

  closed = g_new0 (Closed, 1);
  g_weak_ref_init (&closed->widget, widget);
  closed->store = g_object_ref (store);
  closed->promise_id = promise_id;
  closed->status = status;
  closed->follow_up = follow_up;

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), closed);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (dismissed_cb), closed, closed_free, 0);
  clt_gui_add_toast (widget, toast);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-arrival"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-gui-util.h"
#include "clt-write.h"

#include "clt-arrival.h"

/* Someone expected has come: one click at the desk makes their planned
 * visit or stay a contact made now, and its toast undoes it, as closing
 * a promise is undone (clt-promise-toast.c). */

typedef struct
{
  CltStore *store;
  gint64    interaction_id;
  gint64    at;           /* when they came */
  gint64    planned_at;   /* when they were expected, read by the change */
  char     *name;
} Arrival;

static void
arrival_free (Arrival *arrival)
{
  g_clear_object (&arrival->store);
  g_free (arrival->name);
  g_free (arrival);
}

static Arrival *
arrival_copy (const Arrival *arrival)
{
  Arrival *copy = g_memdup2 (arrival, sizeof *arrival);

  copy->store = g_object_ref (arrival->store);
  copy->name = g_strdup (arrival->name);

  return copy;
}

static gboolean
mark_write (CltStore  *store,
            gpointer   data,
            GError   **error)
{
  Arrival *arrival = data;

  return clt_store_mark_arrived (store, arrival->interaction_id, arrival->at,
                                 &arrival->planned_at, error);
}

static gboolean
unmark_write (CltStore  *store,
              gpointer   data,
              GError   **error)
{
  Arrival *arrival = data;

  return clt_store_unmark_arrived (store, arrival->interaction_id, arrival->planned_at, error);
}

static void
unmarked_cb (GtkWidget    *widget,
             const GError *error,
             gpointer      data)
{
  if (widget != NULL)
    clt_gui_add_toast (widget, adw_toast_new (_("Expected again")));
}

typedef struct
{
  GWeakRef  widget;
  Arrival  *arrival;
} Undo;

static void
undo_free (gpointer  data,
           GClosure *closure)
{
  Undo *undo = data;

  g_weak_ref_clear (&undo->widget);
  arrival_free (undo->arrival);
  g_free (undo);
}

static void
undo_clicked_cb (AdwToast *toast,
                 Undo     *undo)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&undo->widget);

  clt_write_run (undo->arrival->store, widget, _("The arrival was not undone."),
                 unmark_write, unmarked_cb, arrival_copy (undo->arrival),
                 (GDestroyNotify) arrival_free);
}

static void
marked_cb (GtkWidget    *widget,
           const GError *error,
           gpointer      data)
{
  Arrival *arrival = data;
  g_autofree char *title = NULL;
  AdwToast *toast;
  Undo *undo;

  if (widget == NULL)
    return;

  /* Translators: a toast, short enough for 360 px: the customer expected
   * today has come, and their visit is recorded. */
  title = g_strdup_printf (_("%s is here"), arrival->name);
  undo = g_new0 (Undo, 1);
  g_weak_ref_init (&undo->widget, widget);
  undo->arrival = arrival_copy (arrival);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), undo, undo_free, 0);
  clt_gui_add_toast (widget, toast);
}

/**
 * clt_arrival_mark:
 * @widget: where the person asked, for the toasts
 * @interaction_id: the planned visit or stay of someone expected today
 * @name: theirs, for the toast
 *
 * Records that they came, now, through the write queue; then says so,
 * with Undo.
 */
void
clt_arrival_mark (GtkWidget  *widget,
                  CltStore   *store,
                  gint64      interaction_id,
                  const char *name)
{
  Arrival *arrival;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (CLT_IS_STORE (store));
  g_return_if_fail (interaction_id > 0);

  arrival = g_new0 (Arrival, 1);
  arrival->store = g_object_ref (store);
  arrival->interaction_id = interaction_id;
  arrival->at = g_get_real_time () / G_USEC_PER_SEC;
  arrival->name = g_strdup (name != NULL ? name : "");

  clt_write_run (store, widget, _("The arrival was not recorded."),
                 mark_write, marked_cb, arrival, (GDestroyNotify) arrival_free);
}

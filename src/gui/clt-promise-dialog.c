/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-promise-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-date-row.h"
#include "clt-discard-guard.h"
#include "clt-gui-util.h"
#include "clt-write.h"

#include "clt-promise-dialog.h"

struct _CltPromiseDialog
{
  AdwWindow       parent_instance;

  CltStore       *store;
  gint64          customer_id;
  gboolean        showed_range;   /* the error label tells the dates kept */

  AdwWindowTitle *window_title;
  GtkLabel       *error_label;
  AdwEntryRow    *text_row;
  AdwEntryRow    *by_row;
  CltDateRow     *date_row;
  CltDateRow     *time_row;
  AdwComboRow    *remind_row;
  CltDateRow     *custom_row;
};

G_DEFINE_FINAL_TYPE (CltPromiseDialog, clt_promise_dialog, ADW_TYPE_WINDOW)

static const char *
get_row_text (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static char *
dup_stripped (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (get_row_text (row)));
}

/* A day the book keeps. */
static gboolean
date_in_range (const GDate *date)
{
  return g_date_get_year (date) >= CLT_SCHEDULE_FIRST_YEAR &&
         g_date_get_year (date) <= CLT_SCHEDULE_LAST_YEAR;
}

/* The due date and time as typed, or FALSE when they do not parse. */
static gboolean
parse_due (CltPromiseDialog *self,
           gint64           *due,
           gboolean         *all_day)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  int hour = 0, minute = 0;
  GDate date;

  if (!clt_date_row_get_date (self->date_row, &date) || !date_in_range (&date))
    return FALSE;

  *all_day = clt_date_row_is_empty (self->time_row);
  if (!*all_day && !clt_date_row_get_time (self->time_row, &hour, &minute, NULL))
    return FALSE;

  *due = clt_schedule_due (tz, g_date_get_year (&date), g_date_get_month (&date),
                           g_date_get_day (&date), hour, minute, *all_day);
  return *due != 0;
}

/* When to remind, 0 for never; FALSE when the custom time does not parse. */
static gboolean
compute_remind (CltPromiseDialog *self,
                gint64            due,
                gboolean          all_day,
                gint64           *remind)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  switch (adw_combo_row_get_selected (self->remind_row))
    {
    case CLT_PROMISE_REMIND_DAY_BEFORE:
      {
        gint64 morning = clt_schedule_default_remind (tz, due, all_day);
        g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (morning);
        g_autoptr(GDateTime) before = then ? g_date_time_add_days (then, -1) : NULL;

        *remind = before ? g_date_time_to_unix (before) : 0;
        return before != NULL;
      }

    case CLT_PROMISE_REMIND_NONE:
      *remind = 0;
      return TRUE;

    case CLT_PROMISE_REMIND_CUSTOM:
      {
        gboolean has_time;
        g_autoptr(GDateTime) at = clt_date_row_get_date_time (self->custom_row, &has_time);
        gint64 when;

        if (at == NULL)
          return FALSE;
        when = clt_schedule_due (tz, g_date_time_get_year (at), g_date_time_get_month (at),
                                 g_date_time_get_day_of_month (at), g_date_time_get_hour (at),
                                 g_date_time_get_minute (at), !has_time);
        if (when == 0)
          return FALSE;
        /* A day alone: its morning. */
        *remind = has_time ? when : clt_schedule_default_remind (tz, when, TRUE);
        return TRUE;
      }

    case CLT_PROMISE_REMIND_MORNING:
    default:
      *remind = clt_schedule_default_remind (tz, due, all_day);
      return TRUE;
    }
}

static void
clt_promise_dialog_update (CltPromiseDialog *self)
{
  g_autofree char *text = dup_stripped (self->text_row);
  gboolean custom = adw_combo_row_get_selected (self->remind_row) == CLT_PROMISE_REMIND_CUSTOM;
  gboolean due_ok, remind_ok = TRUE;
  gboolean out_of_range;
  gboolean all_day = TRUE;
  gint64 due = 0;
  gint64 remind = 0;
  GDate date;

  due_ok = parse_due (self, &due, &all_day);
  if (due_ok)
    remind_ok = compute_remind (self, due, all_day, &remind);

  /* A day the book cannot keep is told, not only marked. The rows say
   * themselves when what is typed is not a date or a time. */
  out_of_range = clt_date_row_get_date (self->date_row, &date) && !date_in_range (&date);
  if (out_of_range)
    gtk_label_set_text (self->error_label, clt_schedule_range_message ());
  if (out_of_range || self->showed_range)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), out_of_range);
  self->showed_range = out_of_range;
  gtk_widget_set_visible (GTK_WIDGET (self->custom_row), custom);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save",
                                 *text != '\0' && due_ok && remind_ok);
}

static void
changed_cb (CltPromiseDialog *self)
{
  clt_promise_dialog_update (self);
}

typedef struct
{
  gint64    customer_id;
  char     *text;
  char     *by;
  gint64    due;
  gboolean  all_day;
  gboolean  set_remind;   /* else the morning of the due day, as the store sets it */
  gint64    remind;       /* 0 for never */
} PromiseChange;

static void
promise_change_free (PromiseChange *change)
{
  g_free (change->text);
  g_free (change->by);
  g_free (change);
}

/* The promise and its reminder, both or neither. */
static gboolean
save_write (CltStore  *store,
            gpointer   data,
            GError   **error)
{
  PromiseChange *change = data;
  gint64 id;

  if (!clt_store_begin (store, error))
    return FALSE;

  id = clt_store_add_promise (store, change->customer_id, change->text, change->by,
                              change->due, change->all_day, error);
  if (id <= 0 ||
      (change->set_remind && !clt_store_set_promise_remind (store, id, change->remind, error)))
    {
      clt_store_rollback (store);
      return FALSE;
    }

  return clt_store_commit (store, error);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltPromiseDialog *self = CLT_PROMISE_DIALOG (widget);
  g_autofree char *text = dup_stripped (self->text_row);
  g_autofree char *by = dup_stripped (self->by_row);
  PromiseChange *change;
  gboolean all_day;
  gint64 due;
  gint64 remind;

  if (*text == '\0' || !parse_due (self, &due, &all_day) ||
      !compute_remind (self, due, all_day, &remind))
    return;

  change = g_new0 (PromiseChange, 1);
  change->customer_id = self->customer_id;
  change->text = g_steal_pointer (&text);
  change->by = *by != '\0' ? g_steal_pointer (&by) : NULL;
  change->due = due;
  change->all_day = all_day;
  /* The store reminds on the morning of the due day by itself. */
  change->set_remind = adw_combo_row_get_selected (self->remind_row) != CLT_PROMISE_REMIND_MORNING;
  change->remind = remind;
  clt_write_save_dialog (self->store, GTK_WINDOW (self), GTK_WIDGET (self->error_label),
                         save_write, NULL, change, (GDestroyNotify) promise_change_free);
}

static void
clt_promise_dialog_dispose (GObject *object)
{
  CltPromiseDialog *self = CLT_PROMISE_DIALOG (object);

  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_PROMISE_DIALOG);

  G_OBJECT_CLASS (clt_promise_dialog_parent_class)->dispose (object);
}

static void
clt_promise_dialog_class_init (CltPromiseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_promise_dialog_dispose;

  g_type_ensure (CLT_TYPE_DATE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-promise-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltPromiseDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltPromiseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CltPromiseDialog, text_row);
  gtk_widget_class_bind_template_child (widget_class, CltPromiseDialog, by_row);
  gtk_widget_class_bind_template_child (widget_class, CltPromiseDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CltPromiseDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, CltPromiseDialog, remind_row);
  gtk_widget_class_bind_template_child (widget_class, CltPromiseDialog, custom_row);

  clt_gui_dialog_class_install_save (widget_class, save_action);
}

static void
clt_promise_dialog_init (CltPromiseDialog *self)
{
  g_autoptr(GDateTime) today = g_date_time_new_now_local ();
  g_autofree char *staff = clt_gui_dup_staff_name ();
  gpointer rows[5];

  gtk_widget_init_template (GTK_WIDGET (self));

  rows[0] = self->text_row;
  rows[1] = self->by_row;
  rows[2] = self->date_row;
  rows[3] = self->time_row;
  rows[4] = self->custom_row;

  clt_date_row_set_date_time (self->date_row, today);
  if (staff != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->by_row), staff);

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_signal_connect_object (rows[i], "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->remind_row, "notify::selected",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  clt_gui_dialog_add_save_shortcut (GTK_WIDGET (self));
  clt_discard_guard_watch (GTK_WINDOW (self), _("Discard This Promise?"), GTK_WIDGET (self->text_row), NULL);
}

/**
 * clt_promise_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the book
 * @customer_id: to whom the promise was made
 *
 * A dialog that adds a promise to @store when Save or Ctrl+Enter is
 * pressed, and shows the store's refusal without closing.
 */
GtkWidget *
clt_promise_dialog_new (GtkWindow *parent,
                        CltStore  *store,
                        gint64     customer_id)
{
  CltPromiseDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_PROMISE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);
  self->customer_id = customer_id;

  clt_gui_dialog_set_customer (self->window_title, store, customer_id);
  adw_window_title_set_title (self->window_title, gtk_window_get_title (GTK_WINDOW (self)));
  clt_promise_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_row));

  return GTK_WIDGET (self);
}

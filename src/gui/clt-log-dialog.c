/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-log-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-a11y.h"
#include "clt-date-row.h"
#include "clt-discard-guard.h"
#include "clt-gui-util.h"
#include "clt-write.h"
#include "clt-long-text.h"
#include "clt-remember-view.h"

#include "clt-log-dialog.h"

/* Below this width the Remember card goes above the form, not beside it. */
#define SIDE_BY_SIDE_WIDTH 720
/* Enough of the customer's name for the title bar, however long it is. */
#define TITLE_CHARS 200

/* A contact logged a few minutes ahead is a clock, not a plan. */
#define FUTURE_SLACK_SECONDS (5 * 60)

struct _CltLogDialog
{
  AdwWindow        parent_instance;

  CltStore        *store;
  gint64           customer_id;
  char            *default_when;
  char            *proposed_when;   /* what "planned" put in, while unchanged */

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkBox          *layout_box;
  GtkWidget       *remember_column;
  CltRememberView *remember_view;
  AdwComboRow     *kind_row;
  CltDateRow      *when_row;
  GtkSwitch       *planned_switch;
  AdwEntryRow     *staff_row;
  GtkLabel        *when_hint;
  GtkTextView     *note_view;
  AdwExpanderRow  *promise_row;
  AdwEntryRow     *promise_text_row;
  CltDateRow      *promise_due_row;
  GtkLabel        *promise_hint;
};

G_DEFINE_FINAL_TYPE (CltLogDialog, clt_log_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CUSTOMER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a front desk records by hand; e-mails are logged when sent. */
static const CltInteractionKind kinds[] = {
  CLT_INTERACTION_VISIT,
  CLT_INTERACTION_STAY,
  CLT_INTERACTION_CALL,
  CLT_INTERACTION_PURCHASE,
  CLT_INTERACTION_COMPLAINT,
  CLT_INTERACTION_OTHER,
};

static char *
dup_row_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The date and time typed, or a day alone ("06/12/2026") at noon, in
 * local time. */
static GDateTime *
parse_when (CltLogDialog *self,
            gboolean     *day_only)
{
  gboolean has_time;
  g_autoptr(GDateTime) when = clt_date_row_get_date_time (self->when_row, &has_time);

  if (when == NULL || g_date_time_get_year (when) < 1900)
    return NULL;

  *day_only = !has_time;
  if (has_time)
    return g_steal_pointer (&when);
  return g_date_time_add_hours (when, 12);
}

/* Why the date cannot be saved, or NULL when it can. */
static const char *
check_when (CltLogDialog *self,
            gint64       *at_unix)
{
  g_autofree char *text = dup_row_text (ADW_ENTRY_ROW (self->when_row));
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gboolean planned = gtk_switch_get_active (self->planned_switch);
  gboolean day_only = FALSE;

  if (text == NULL)
    return planned ? _("A planned contact needs a date in the future.")
                   : _("Give the date and time of the contact.");

  /* The row itself says how to write a date. */
  when = parse_when (self, &day_only);
  if (when == NULL)
    return "";

  *at_unix = g_date_time_to_unix (when);

  if (planned)
    {
      g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                          g_date_time_get_month (now),
                                                          g_date_time_get_day_of_month (now),
                                                          0, 0, 0);

      /* Expected "today", whatever the hour, is still to come. */
      if (day_only ? g_date_time_compare (when, today) < 0
                   : *at_unix <= g_date_time_to_unix (now))
        return _("A planned contact needs a date in the future.");
    }
  else if (*at_unix > g_date_time_to_unix (now) + FUTURE_SLACK_SECONDS)
    {
      return _("This date is still to come: switch on “Planned” for an expected arrival or appointment.");
    }

  return NULL;
}

/* Whether the promise part is open. */
static gboolean
has_promise (CltLogDialog *self)
{
  return adw_expander_row_get_enable_expansion (self->promise_row);
}

/* The promise's due time as typed, or FALSE when it does not parse. */
static gboolean
parse_promise_due (CltLogDialog *self,
                   gint64       *due,
                   gboolean     *all_day)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gboolean has_time;
  g_autoptr(GDateTime) at = clt_date_row_get_date_time (self->promise_due_row, &has_time);

  if (at == NULL)
    return FALSE;
  *all_day = !has_time;
  *due = clt_schedule_due (tz, g_date_time_get_year (at), g_date_time_get_month (at),
                           g_date_time_get_day_of_month (at), g_date_time_get_hour (at),
                           g_date_time_get_minute (at), *all_day);
  return *due != 0;
}

/* Why the promise cannot be saved, or NULL when it can (or is closed).
 * @bad_date is set when the due date is what is wrong. */
static const char *
check_promise (CltLogDialog *self,
               gboolean     *bad_date)
{
  g_autofree char *text = NULL;
  gboolean all_day;
  gint64 due;

  *bad_date = FALSE;
  if (!has_promise (self))
    return NULL;

  if (!parse_promise_due (self, &due, &all_day))
    {
      *bad_date = TRUE;
      /* Text that is no date is told on the row itself. */
      if (!clt_date_row_is_empty (self->promise_due_row) && !clt_date_row_is_valid (self->promise_due_row))
        return "";
      if (clt_date_row_is_valid (self->promise_due_row))
        return clt_schedule_range_message ();
      return _("Give the day the promise is due.");
    }

  text = dup_row_text (self->promise_text_row);
  if (text == NULL)
    return _("Say what was promised.");

  return NULL;
}

static void
clt_log_dialog_update (CltLogDialog *self)
{
  gint64 at_unix = 0;
  const char *problem = check_when (self, &at_unix);
  gboolean bad_date;
  const char *promise_problem = check_promise (self, &bad_date);

  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->when_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->when_row), "error");

  gtk_label_set_text (self->when_hint, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->when_hint), problem != NULL && *problem != '\0');

  if (bad_date)
    gtk_widget_add_css_class (GTK_WIDGET (self->promise_due_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->promise_due_row), "error");

  gtk_label_set_text (self->promise_hint, promise_problem ? promise_problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->promise_hint),
                          promise_problem != NULL && *promise_problem != '\0');

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save",
                                 problem == NULL && promise_problem == NULL);
}

static void
fields_changed_cb (CltLogDialog *self,
                   GtkEditable  *editable)
{
  clt_log_dialog_update (self);
}

static void
promise_toggled_cb (CltLogDialog   *self,
                    GParamSpec     *pspec,
                    AdwExpanderRow *promise_row)
{
  clt_log_dialog_update (self);

  /* Opened to be filled in: what was promised comes first. */
  if (has_promise (self))
    {
      adw_expander_row_set_expanded (promise_row, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->promise_text_row));
    }
}

/* What "planned" proposes: tomorrow at this hour, to the quarter hour
 * below. The same hour a day later reads at once, whatever the time of
 * day (two hours ahead would cross midnight in the evening), and the day
 * is the part a clerk changes most, with the calendar or its choices. */
static GDateTime *
now_to_the_quarter (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                g_date_time_get_day_of_month (now),
                                g_date_time_get_hour (now), g_date_time_get_minute (now) / 15 * 15, 0);
}

static void
planned_changed_cb (CltLogDialog *self,
                    GParamSpec   *pspec,
                    GtkSwitch    *planned_switch)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->when_row));
  gint64 at_unix = 0;

  /* "Now" cannot be planned: a time to come is proposed, and "now" comes
   * back if planned is switched off before the proposal was changed. */
  if (gtk_switch_get_active (planned_switch))
    {
      if (g_strcmp0 (text, self->default_when) == 0 || check_when (self, &at_unix) != NULL)
        {
          g_autoptr(GDateTime) today = now_to_the_quarter ();
          g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);

          clt_date_row_set_date_time (self->when_row, tomorrow);
          g_free (self->proposed_when);
          self->proposed_when = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->when_row)));
        }
    }
  else if (g_strcmp0 (text, self->proposed_when) == 0)
    gtk_editable_set_text (GTK_EDITABLE (self->when_row), self->default_when);

  clt_log_dialog_update (self);
}

typedef struct
{
  gint64              customer_id;
  CltInteractionKind  kind;
  gint64              at;
  gboolean            planned;
  char               *note;
  char               *staff;
  char               *promise_text;   /* NULL: no promise */
  gint64              due;
  gboolean            due_all_day;
} LogChange;

static void
log_change_free (LogChange *change)
{
  g_free (change->note);
  g_free (change->staff);
  g_free (change->promise_text);
  g_free (change);
}

/* The contact and what was promised in it, together or not at all. */
static gboolean
save_write (CltStore  *store,
            gpointer   data,
            GError   **error)
{
  LogChange *change = data;

  if (!clt_store_begin (store, error))
    return FALSE;

  if (clt_store_add_interaction (store, change->customer_id, change->kind, change->at, change->planned,
                                 change->note, change->staff, error) <= 0 ||
      (change->promise_text != NULL &&
       clt_store_add_promise (store, change->customer_id, change->promise_text, change->staff,
                              change->due, change->due_all_day, error) <= 0))
    {
      clt_store_rollback (store);
      return FALSE;
    }

  /* A failed commit has already rolled back. */
  return clt_store_commit (store, error);
}

static void
saved_cb (GtkWidget    *widget,
          const GError *error,
          gpointer      data)
{
  CltLogDialog *self = CLT_LOG_DIALOG (widget);
  LogChange *change = data;
  GtkWindow *parent;

  /* The desk's next contact is most likely by the same person; a name
   * typed here joins the names to switch back to. */
  clt_gui_set_staff_name (change->staff);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    clt_gui_add_toast (GTK_WIDGET (parent),
                       adw_toast_new (change->promise_text != NULL ? _("Visit and promise noted")
                                                                   : _("Visit noted")));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltLogDialog *self = CLT_LOG_DIALOG (widget);
  g_autofree char *staff = dup_row_text (self->staff_row);
  g_autofree char *note = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;
  g_autofree char *promise_text = NULL;
  guint kind = adw_combo_row_get_selected (self->kind_row);
  gboolean due_all_day = TRUE;
  gboolean bad_date;
  gint64 due = 0;
  gint64 at_unix = 0;
  LogChange *change;

  if (check_when (self, &at_unix) != NULL || check_promise (self, &bad_date) != NULL)
    return;

  if (has_promise (self))
    {
      promise_text = dup_row_text (self->promise_text_row);
      if (!parse_promise_due (self, &due, &due_all_day))
        return;
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  note = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));

  change = g_new0 (LogChange, 1);
  change->customer_id = self->customer_id;
  change->kind = kinds[MIN (kind, G_N_ELEMENTS (kinds) - 1)];
  change->at = at_unix;
  change->planned = gtk_switch_get_active (self->planned_switch);
  change->note = *note != '\0' ? g_steal_pointer (&note) : NULL;
  change->staff = g_steal_pointer (&staff);
  change->promise_text = g_steal_pointer (&promise_text);
  change->due = due;
  change->due_all_day = due_all_day;
  clt_write_save_dialog (self->store, GTK_WINDOW (self), GTK_WIDGET (self->toast_overlay),
                         save_write, saved_cb, change, (GDestroyNotify) log_change_free);
}

static void
clt_log_dialog_load (CltLogDialog *self)
{
  g_autoptr(CltRemember) remember = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  remember = clt_store_get_remember_bounded (self->store, self->customer_id,
                                             g_get_real_time () / G_USEC_PER_SEC,
                                             CLT_REMEMBER_VIEW_LIMIT, &error);
  if (remember == NULL)
    {
      clt_gui_dialog_toast_error (self->toast_overlay, error);
      gtk_widget_set_visible (self->remember_column, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      return;
    }

  clt_remember_view_set_remember (self->remember_view, remember);
  name = clt_long_text_shorten (remember->name, TITLE_CHARS, 1);
  adw_window_title_set_subtitle (self->window_title, name);
}

static void
clt_log_dialog_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  CltLogDialog *self = CLT_LOG_DIALOG (widget);
  GtkOrientation orientation = width >= SIDE_BY_SIDE_WIDTH ? GTK_ORIENTATION_HORIZONTAL
                                                            : GTK_ORIENTATION_VERTICAL;

  /* Beside the form when there is room, above it when narrow: the card is
   * read before anything is written. Everything scrolls, so either fits. */
  if (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->layout_box)) != orientation)
    {
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->layout_box), orientation);
      gtk_box_set_homogeneous (self->layout_box, orientation == GTK_ORIENTATION_HORIZONTAL);
    }

  GTK_WIDGET_CLASS (clt_log_dialog_parent_class)->size_allocate (widget, width, height, baseline);
}

static void
clt_log_dialog_constructed (GObject *object)
{
  CltLogDialog *self = CLT_LOG_DIALOG (object);

  G_OBJECT_CLASS (clt_log_dialog_parent_class)->constructed (object);

  g_assert (CLT_IS_STORE (self->store));

  clt_log_dialog_load (self);
}

static void
clt_log_dialog_dispose (GObject *object)
{
  CltLogDialog *self = CLT_LOG_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_LOG_DIALOG);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_log_dialog_parent_class)->dispose (object);
}

static void
clt_log_dialog_finalize (GObject *object)
{
  CltLogDialog *self = CLT_LOG_DIALOG (object);

  g_free (self->default_when);
  g_free (self->proposed_when);

  G_OBJECT_CLASS (clt_log_dialog_parent_class)->finalize (object);
}

static void
clt_log_dialog_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CltLogDialog *self = CLT_LOG_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_log_dialog_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CltLogDialog *self = CLT_LOG_DIALOG (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    case PROP_CUSTOMER_ID:
      self->customer_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_log_dialog_class_init (CltLogDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = clt_log_dialog_constructed;
  object_class->dispose = clt_log_dialog_dispose;
  object_class->finalize = clt_log_dialog_finalize;
  object_class->get_property = clt_log_dialog_get_property;
  object_class->set_property = clt_log_dialog_set_property;
  widget_class->size_allocate = clt_log_dialog_size_allocate;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         CLT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL,
                        1, G_MAXINT64, 1,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CLT_TYPE_REMEMBER_VIEW);
  g_type_ensure (CLT_TYPE_DATE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-log-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, layout_box);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, remember_column);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, remember_view);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, when_row);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, planned_switch);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, staff_row);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, when_hint);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, note_view);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, promise_row);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, promise_text_row);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, promise_due_row);
  gtk_widget_class_bind_template_child (widget_class, CltLogDialog, promise_hint);
  gtk_widget_class_bind_template_callback (widget_class, promise_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, planned_changed_cb);

  clt_gui_dialog_class_install_save (widget_class, save_action);
}

static void
clt_log_dialog_init (CltLogDialog *self)
{
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *staff = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  clt_a11y_name_expander_row (self->promise_row);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_names, clt_interaction_kind_label (kinds[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_names));

  clt_date_row_set_date_time (self->when_row, now);
  self->default_when = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->when_row)));

  /* A promise is most often for today or soon after: the day is there to edit. */
  {
    GDate today;

    g_date_clear (&today, 1);
    g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                    g_date_time_get_year (now));
    clt_date_row_set_date (self->promise_due_row, &today);
  }

  /* Who is at the desk, as set in Preferences or by the last visit noted. */
  staff = clt_gui_dup_staff_name ();
  if (staff != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->staff_row), staff);

  /* Ctrl+Enter saves even from the note, where Enter is a new line. */
  clt_gui_dialog_add_save_shortcut (GTK_WIDGET (self));

  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->note_view));
  clt_discard_guard_watch (GTK_WINDOW (self), _("Discard What You Typed?"),
                           GTK_WIDGET (self->note_view), GTK_WIDGET (self->promise_text_row), NULL);
  clt_log_dialog_update (self);
}

/**
 * clt_log_dialog_new:
 * @store: the customer book
 * @customer_id: who the contact was with
 *
 * Returns: (transfer floating): a dialog; give it a parent and present it
 */
CltLogDialog *
clt_log_dialog_new (CltStore *store,
                    gint64    customer_id)
{
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);
  g_return_val_if_fail (customer_id > 0, NULL);

  return g_object_new (CLT_TYPE_LOG_DIALOG,
                       "store", store,
                       "customer-id", customer_id,
                       NULL);
}

CltStore *
clt_log_dialog_get_store (CltLogDialog *self)
{
  g_return_val_if_fail (CLT_IS_LOG_DIALOG (self), NULL);

  return self->store;
}

gint64
clt_log_dialog_get_customer_id (CltLogDialog *self)
{
  g_return_val_if_fail (CLT_IS_LOG_DIALOG (self), 0);

  return self->customer_id;
}

/**
 * clt_log_dialog_set_note:
 * @self: the dialog
 * @note: (nullable): the note to start from
 *
 * Fills the note in, with the cursor at its end for more.
 */
void
clt_log_dialog_set_note (CltLogDialog *self,
                         const char   *note)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_if_fail (CLT_IS_LOG_DIALOG (self));

  buffer = gtk_text_view_get_buffer (self->note_view);
  gtk_text_buffer_set_text (buffer, note ? note : "", -1);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  clt_discard_guard_reset (GTK_WINDOW (self));
}

/* Below this width, a follow-up toast's button leaves room for a name only. */
#define FOLLOW_UP_NARROW_PX 600

/* What the "Log a Visit…" button of a promise's toast needs. */
typedef struct
{
  GWeakRef  widget;
  CltStore *store;
  gint64    customer_id;
  char     *note;
} FollowUp;

static void
follow_up_free (gpointer data,
                GClosure *closure)
{
  FollowUp *follow_up = data;

  g_weak_ref_clear (&follow_up->widget);
  g_object_unref (follow_up->store);
  g_free (follow_up->note);
  g_free (follow_up);
}

static void
follow_up_clicked_cb (AdwToast *toast,
                      FollowUp *follow_up)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&follow_up->widget);
  CltLogDialog *dialog;
  GtkRoot *root;

  if (widget == NULL)
    return;

  dialog = clt_log_dialog_new (follow_up->store, follow_up->customer_id);
  clt_log_dialog_set_note (dialog, follow_up->note);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
      gtk_window_set_application (GTK_WINDOW (dialog), gtk_window_get_application (GTK_WINDOW (root)));
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * clt_log_dialog_toast_promise:
 * @widget: where the promise was marked, for the toast and the dialog's parent
 * @store: the book
 * @promise_id: the promise just marked
 * @status: %CLT_PROMISE_KEPT or %CLT_PROMISE_BROKEN
 *
 * Offers, once the toast that says the promise was kept or broken (with
 * its Undo) is gone, to write to the customer (kept, and they read
 * e-mail) or to log the contact where they heard of it.
 */
void
clt_log_dialog_toast_promise (GtkWidget        *widget,
                              CltStore         *store,
                              gint64            promise_id,
                              CltPromiseStatus  status)
{
  g_autoptr(CltPromise) promise = NULL;
  g_autoptr(GError) error = NULL;
  gboolean kept = status == CLT_PROMISE_KEPT;
  g_autofree char *title = NULL;
  FollowUp *follow_up;
  AdwToast *toast;
  GtkRoot *root;
  gboolean narrow;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (CLT_IS_STORE (store));
  g_return_if_fail (status == CLT_PROMISE_KEPT || status == CLT_PROMISE_BROKEN);

  promise = clt_store_get_promise (store, promise_id, &error);
  if (promise == NULL)
    {
      g_warning ("Could not read promise %" G_GINT64_FORMAT ": %s", promise_id, error->message);
      return;
    }

  /* In a narrow window the button takes most of the toast: the customer's
   * name is all the title there is room for, beside a short button. */
  root = gtk_widget_get_root (widget);
  narrow = root != NULL && gtk_widget_get_width (GTK_WIDGET (root)) < FOLLOW_UP_NARROW_PX;

  /* A kept promise to a customer who reads e-mail: tell them, with the
   * "promise kept" template. The message sent is logged as a contact. */
  if (kept && clt_store_can_mail (store, promise->customer_id, FALSE, NULL, NULL))
    {
      /* Translators: offered once a kept promise's toast is gone; %s is the customer. */
      title = narrow ? g_strdup (promise->customer_name) : g_strdup_printf (_("Tell %s?"), promise->customer_name);
      toast = adw_toast_new (title);
      adw_toast_set_button_label (toast, _("_Write to Them…"));
      adw_toast_set_action_name (toast, "win.compose-for");
      adw_toast_set_action_target_value (toast, g_variant_new ("(xsx)", promise->customer_id,
                                                               "promise-kept", promise_id));
      clt_gui_add_toast (widget, toast);
      return;
    }

  follow_up = g_new0 (FollowUp, 1);
  g_weak_ref_init (&follow_up->widget, widget);
  follow_up->store = g_object_ref (store);
  follow_up->customer_id = promise->customer_id;
  follow_up->note = kept
    /* Translators: the note of the contact logged after keeping a promise; %s is the promise. */
    ? g_strdup_printf (_("Promise kept: %s"), promise->text)
    /* Translators: the note of the contact logged after breaking a promise; %s is the promise. */
    : g_strdup_printf (_("Promise broken: %s"), promise->text);

  if (narrow)
    title = g_strdup (promise->customer_name);
  else
    title = g_strdup_printf (kept
                             /* Translators: offered once a kept promise's toast is gone; %s is the customer. */
                             ? _("Note how you told %s?")
                             /* Translators: offered once a broken promise's toast is gone; %s is the customer. */
                             : _("Note how %s heard of it?"),
                             promise->customer_name);
  toast = adw_toast_new (title);
  /* Translators: a short "Log a Visit…", for a toast in a narrow window. */
  adw_toast_set_button_label (toast, narrow ? _("_Log It…") : _("_Log a Visit…"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (follow_up_clicked_cb),
                         follow_up, follow_up_free, 0);
  clt_gui_add_toast (widget, toast);
}

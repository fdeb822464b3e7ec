/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-today-view"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-arrival.h"
#include "clt-briefing-print.h"
#include "clt-gui-util.h"
#include "clt-promise-toast.h"
#include "clt-today-row.h"

#include "clt-today-view.h"
#include "clt-write.h"

/* What a front desk reads first thing: promises overdue and due, who is
 * expected, what is coming this week, birthdays.
 *
 * A section shows its first rows and "Show All N": a book with thousands
 * of overdue promises must open as fast as a quiet one. Shown all, a long
 * section is looked through a page at a time, each page one bounded query
 * and a few dozen rows: a list box lays out every row of it at every
 * change, so the rows on screen are kept few. The view reads nothing
 * while it is not shown. */

/* A short section is shown whole; a longer one, its first rows. */
#define FIRST_ROWS 10
#define WHOLE_ROWS 15
#define PAGE_ROWS 25
/* A printed briefing is one page. */
#define PRINT_ROWS 40

typedef struct
{
  GtkListBox *list;
  GtkWidget  *more_row;   /* "Show All N", or the pages */
  guint       offset;     /* of the first row shown, when paged */
  gboolean    expanded;
} Section;

struct _CltTodayView
{
  AdwBin             parent_instance;

  CltStore          *store;
  CltToday          *today;
  Section            sections[CLT_TODAY_N_SECTIONS];
  guint              refresh_id;
  guint              midnight_id;
  gboolean           dirty;

  GtkStack          *stack;
  GtkLabel          *date_label;
  GtkBox            *sections_box;
};

G_DEFINE_FINAL_TYPE (CltTodayView, clt_today_view, ADW_TYPE_BIN)

enum {
  SIGNAL_OPEN_CUSTOMER,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
remove_all_children (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static gboolean
is_promises (CltTodaySection section)
{
  return section == CLT_TODAY_OVERDUE || section == CLT_TODAY_DUE_TODAY ||
         section == CLT_TODAY_UPCOMING;
}

/* The rows of the items read, then "Show All" or the pages. */
static void
show_section_rows (CltTodayView    *self,
                   CltTodaySection  section)
{
  Section *part = &self->sections[section];
  GPtrArray *items = clt_today_get_items (self->today, section);
  guint total = clt_today_get_total (self->today, section);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (part->list))) != NULL)
    gtk_list_box_remove (part->list, child);
  part->more_row = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      gpointer item = g_ptr_array_index (items, i);

      gtk_list_box_append (part->list, is_promises (section) ? clt_today_row_new_promise (section, item, clt_today_alert_for (self->today, ((CltPromise *) item)->customer_id))
                                                             : clt_today_row_new_person (section, item));
    }

  if (part->expanded && total > PAGE_ROWS)
    part->more_row = clt_today_row_new_pages (section, part->offset + 1, part->offset + items->len, total);
  else if (!part->expanded && total > items->len)
    part->more_row = clt_today_row_new_show_all (total);

  if (part->more_row != NULL)
    gtk_list_box_append (part->list, part->more_row);
}

static gboolean
read_page (CltTodayView     *self,
           CltTodaySection   section,
           guint             offset,
           GError          **error)
{
  Section *part = &self->sections[section];

  if (!clt_store_get_today_page (self->store, self->today, section, offset, PAGE_ROWS, error))
    return FALSE;

  part->expanded = TRUE;
  part->offset = offset;

  return TRUE;
}

static void show_error (CltTodayView *self,
                        const GError *error);

/* One page of @section: one query, and PAGE_ROWS rows in place of those
 * shown. The focus goes to its first row, which scrolls it into view. */
static void
show_page (CltTodayView    *self,
           CltTodaySection  section,
           guint            offset)
{
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *first;

  if (self->today == NULL || self->store == NULL)
    return;

  if (!read_page (self, section, offset, &error))
    {
      show_error (self, error);
      return;
    }

  show_section_rows (self, section);
  first = gtk_list_box_get_row_at_index (self->sections[section].list, 0);
  if (first != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (first));
}

static void
row_activated_cb (GtkListBox    *list,
                  GtkListBoxRow *row,
                  CltTodayView  *self)
{
  for (CltTodaySection section = 0; section < CLT_TODAY_N_SECTIONS; section++)
    if (self->sections[section].more_row == GTK_WIDGET (row) && !self->sections[section].expanded)
      show_page (self, section, 0);
}

static void
add_section (CltTodayView    *self,
             CltTodaySection  section)
{
  Section *part = &self->sections[section];
  const char *title = clt_today_row_section_title (section);
  GtkWidget *group;
  GtkWidget *list;

  if (clt_today_get_total (self->today, section) == 0)
    return;

  group = adw_preferences_group_new ();
  list = gtk_list_box_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  if (section == CLT_TODAY_OVERDUE)
    gtk_widget_add_css_class (list, "overdue");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (row_activated_cb), self, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (self->sections_box, group);

  part->list = GTK_LIST_BOX (list);
  show_section_rows (self, section);
}

/* The first rows of each section, or the page that was shown of it. */
static CltToday *
read_today (CltTodayView  *self,
            GError       **error)
{
  g_autoptr(CltToday) today = NULL;

  today = clt_store_get_today_first (self->store, now_unix (), WHOLE_ROWS, error);
  if (today == NULL)
    return NULL;

  for (CltTodaySection section = 0; section < CLT_TODAY_N_SECTIONS; section++)
    {
      Section *part = &self->sections[section];
      guint total = clt_today_get_total (today, section);
      GPtrArray *items = clt_today_get_items (today, section);

      if (part->expanded && total > WHOLE_ROWS)
        {
          /* Where it was, or the last page if that is gone. */
          guint offset = MIN (part->offset, (total - 1) / PAGE_ROWS * PAGE_ROWS);

          if (!clt_store_get_today_page (self->store, today, section, offset, PAGE_ROWS, error))
            return NULL;
          part->offset = offset;
        }
      else
        {
          part->expanded = FALSE;
          part->offset = 0;
          if (total > WHOLE_ROWS)
            g_ptr_array_set_size (items, FIRST_ROWS);
        }
    }

  return g_steal_pointer (&today);
}

/**
 * clt_today_view_reload:
 *
 * Reads the briefing again from the store, for the current day.
 */
void
clt_today_view_reload (CltTodayView *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;
  CltToday *today;

  g_return_if_fail (CLT_IS_TODAY_VIEW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->dirty = FALSE;
  remove_all_children (self->sections_box);
  g_clear_pointer (&self->today, clt_today_free);
  for (guint i = 0; i < CLT_TODAY_N_SECTIONS; i++)
    {
      self->sections[i].list = NULL;
      self->sections[i].more_row = NULL;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.print", FALSE);

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  today = read_today (self, &error);
  if (today == NULL)
    {
      g_warning ("Could not read today’s briefing: %s", error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  self->today = today;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.print", TRUE);

  /* Translators: the title of the Today view, see the strftime manual page. */
  date = clt_today_row_format_local (today->day_start + 12 * 3600, _("%A %-d %B"));
  gtk_label_set_text (self->date_label, date);

  if (clt_today_is_empty (today))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  for (CltTodaySection section = 0; section < CLT_TODAY_N_SECTIONS; section++)
    add_section (self, section);

  gtk_stack_set_visible_child_name (self->stack, "today");
}

/* Read when shown: a view nobody looks at costs nothing at start-up. */
static void
reload_when_shown (CltTodayView *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    clt_today_view_reload (self);
  else
    self->dirty = TRUE;
}

static void
map_cb (CltTodayView *self)
{
  if (self->dirty)
    clt_today_view_reload (self);
}

static gboolean
refresh_cb (gpointer user_data)
{
  CltTodayView *self = user_data;

  self->refresh_id = 0;
  reload_when_shown (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CltTodayView *self,
                  gint64        customer_id)
{
  /* One commit may announce many customers: reload once. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
}

static void schedule_midnight (CltTodayView *self);

static gboolean
midnight_cb (gpointer user_data)
{
  CltTodayView *self = user_data;

  self->midnight_id = 0;
  reload_when_shown (self);
  schedule_midnight (self);

  return G_SOURCE_REMOVE;
}

/* A new day makes a new briefing. */
static void
schedule_midnight (CltTodayView *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gint64 now = now_unix ();
  gint64 start, end;

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  clt_schedule_day_bounds (tz, now, 1, &start, &end);
  self->midnight_id = g_timeout_add_seconds ((guint) MAX (end - now + 1, 1), midnight_cb, self);
}

static void
show_error (CltTodayView *self,
            const GError *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  clt_gui_add_toast (GTK_WIDGET (self), toast);
}

static void
kept_cb (GtkWidget    *widget,
         const GError *error,
         gpointer      data)
{
  CltTodayView *self = CLT_TODAY_VIEW (widget);
  CltWritePromise *change = data;

  clt_promise_toast_closed (widget, self->store, change->promise_id, CLT_PROMISE_KEPT, TRUE);
}

static void
postponed_cb (GtkWidget    *widget,
              const GError *error,
              gpointer      data)
{
  clt_gui_add_toast (widget, adw_toast_new (_("Postponed to tomorrow")));
}

static void
keep_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltTodayView *self = CLT_TODAY_VIEW (widget);
  CltWritePromise *change;

  if (self->store == NULL)
    return;

  change = clt_write_promise_new (g_variant_get_int64 (parameter));
  change->status = CLT_PROMISE_KEPT;
  clt_write_run (self->store, widget, _("The promise was not marked as kept."),
                 clt_write_set_promise_status, kept_cb, change, (GDestroyNotify) clt_write_promise_free);
}

static void
postpone_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CltTodayView *self = CLT_TODAY_VIEW (widget);
  g_autoptr(CltPromise) promise = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) due = NULL;
  g_autoptr(GError) error = NULL;
  CltWritePromise *change;
  gint64 new_due;

  if (self->store == NULL)
    return;

  promise = clt_store_get_promise (self->store, g_variant_get_int64 (parameter), &error);
  if (promise == NULL)
    {
      show_error (self, error);
      return;
    }

  /* Tomorrow, at the same time of day when it had one. */
  now = g_date_time_new_now (tz);
  tomorrow = g_date_time_add_days (now, 1);
  due = g_date_time_new_from_unix_local (promise->due_at);
  new_due = clt_schedule_due (tz, g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                              g_date_time_get_day_of_month (tomorrow),
                              promise->due_all_day ? 0 : g_date_time_get_hour (due),
                              promise->due_all_day ? 0 : g_date_time_get_minute (due),
                              promise->due_all_day);

  change = clt_write_promise_new (promise->id);
  change->due = new_due;
  change->due_all_day = promise->due_all_day;
  clt_write_run (self->store, widget, _("The promise was not postponed."),
                 clt_write_postpone_promise, postponed_cb, change, (GDestroyNotify) clt_write_promise_free);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltTodayView *self = CLT_TODAY_VIEW (widget);
  CltTodaySection section = g_variant_get_uint32 (parameter);
  Section *part;
  guint offset;

  if (section >= CLT_TODAY_N_SECTIONS || self->today == NULL)
    return;

  part = &self->sections[section];
  if (g_str_equal (action_name, "today.next-page"))
    offset = part->offset + PAGE_ROWS;
  else
    offset = part->offset - MIN (part->offset, PAGE_ROWS);

  if (offset < clt_today_get_total (self->today, section))
    show_page (self, section, offset);
}

/* Someone expected came: "today.arrived" on their planned visit. */
static void
arrived_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CltTodayView *self = CLT_TODAY_VIEW (widget);
  gint64 interaction_id = g_variant_get_int64 (parameter);
  GPtrArray *expected;

  if (self->store == NULL || self->today == NULL)
    return;

  expected = clt_today_get_items (self->today, CLT_TODAY_EXPECTED);
  for (guint i = 0; i < expected->len; i++)
    {
      const CltTodayPerson *person = g_ptr_array_index (expected, i);

      if (person->interaction_id == interaction_id)
        {
          clt_arrival_mark (widget, self->store, interaction_id, person->name);
          return;
        }
    }
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_OPEN_CUSTOMER], 0, g_variant_get_int64 (parameter));
}

/* Printing: the briefing on one page (clt-briefing-print.c). */

static GtkPrintOperation *
new_print_operation (CltTodayView  *self,
                     GError       **error)
{
  return clt_briefing_print_new (self->store, now_unix (), PRINT_ROWS, error);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CltTodayView *self = CLT_TODAY_VIEW (widget);
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->today == NULL)
    return;

  operation = new_print_operation (self, &error);
  if (operation == NULL)
    show_error (self, error);
  else if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_error (self, error);
}

/**
 * clt_today_view_export_pdf:
 * @filename: where to write the briefing as PDF
 *
 * Saves the briefing as printed, without asking.
 */
gboolean
clt_today_view_export_pdf (CltTodayView *self,
                           const char   *filename,
                           GError      **error)
{
  g_autoptr(GtkPrintOperation) operation = NULL;

  g_return_val_if_fail (CLT_IS_TODAY_VIEW (self), FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  if (self->today == NULL)
    clt_today_view_reload (self);
  if (self->today == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("No customer book is open"));
      return FALSE;
    }

  operation = new_print_operation (self, error);
  if (operation == NULL)
    return FALSE;
  gtk_print_operation_set_export_filename (operation, filename);

  return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, error) !=
         GTK_PRINT_OPERATION_RESULT_ERROR;
}

static void
clt_today_view_dispose (GObject *object)
{
  CltTodayView *self = CLT_TODAY_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->midnight_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->today, clt_today_free);

  /* Before the template lets go of it, or AdwBin would do so twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_TODAY_VIEW);

  G_OBJECT_CLASS (clt_today_view_parent_class)->dispose (object);
}

static void
clt_today_view_class_init (CltTodayViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_today_view_dispose;

  /**
   * CltTodayView::open-customer:
   * @customer_id: whom to open
   *
   * Asks for the customer to be shown in the book.
   */
  signals[SIGNAL_OPEN_CUSTOMER] =
    g_signal_new ("open-customer", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-today-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CltTodayView, stack);
  gtk_widget_class_bind_template_child (widget_class, CltTodayView, date_label);
  gtk_widget_class_bind_template_child (widget_class, CltTodayView, sections_box);

  gtk_widget_class_install_action (widget_class, "today.keep", "x", keep_action);
  gtk_widget_class_install_action (widget_class, "today.postpone", "x", postpone_action);
  gtk_widget_class_install_action (widget_class, "today.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "today.arrived", "x", arrived_action);
  gtk_widget_class_install_action (widget_class, "today.previous-page", "u", page_action);
  gtk_widget_class_install_action (widget_class, "today.next-page", "u", page_action);
  gtk_widget_class_install_action (widget_class, "today.print", NULL, print_action);
}

static void
clt_today_view_init (CltTodayView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "today.print", FALSE);

  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

GtkWidget *
clt_today_view_new (void)
{
  return g_object_new (CLT_TYPE_TODAY_VIEW, NULL);
}

/**
 * clt_today_view_set_store:
 * @store: (nullable): the book
 *
 * Shows today's briefing of @store, kept up to date as it changes and
 * as days go by.
 */
void
clt_today_view_set_store (CltTodayView *self,
                          CltStore     *store)
{
  g_return_if_fail (CLT_IS_TODAY_VIEW (self));
  g_return_if_fail (store == NULL || CLT_IS_STORE (store));

  if (self->store != store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }

  if (store != NULL)
    schedule_midnight (self);
  else
    g_clear_handle_id (&self->midnight_id, g_source_remove);

  reload_when_shown (self);
}

CltStore *
clt_today_view_get_store (CltTodayView *self)
{
  g_return_val_if_fail (CLT_IS_TODAY_VIEW (self), NULL);

  return self->store;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-dates"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clt-application.h"
#include "clt-compose-dialog.h"
#include "clt-customer-dialog.h"
#include "clt-date-input.h"
#include "clt-date-row.h"
#include "clt-log-dialog.h"
#include "clt-promise-dialog.h"

#include "clt-test-gui.h"

/* Dates and times as a French clerk types them (review findings 1 and
 * 15): the calendar and its quick choices, "06/12/2026 15h30", a
 * birthday without its year, and "planned" proposing a time to come.
 * Runs in French (LANG=fr_FR.UTF-8, the build's catalogue). */

static CltApplication *app;
static char *data_home;

typedef struct
{
  char      *dir;
  char      *path;
  gint64     customer_id;
  CltWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-dates", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->customer_id = clt_test_gui_add_customer (store, "Hélène Dupré");
  g_clear_object (&store);

  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1280, 800);
  clt_window_open_customer (fixture->window, fixture->customer_id);
  clt_test_gui_wait_for_label (fixture->window, "Hélène Dupré");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static CltDateRow *
get_date_row (gpointer    root,
              const char *label)
{
  AdwEntryRow *row = clt_test_gui_get_entry_row (root, label);

  g_assert_true (CLT_IS_DATE_ROW (row));
  return CLT_DATE_ROW (row);
}

static char *
format_day (GDateTime *when)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (when), g_date_time_get_month (when),
                  g_date_time_get_year (when));
  return clt_date_input_format_date (&date);
}

static GtkWidget *
open_calendar (CltDateRow *row)
{
  GtkWidget *button = clt_test_gui_get_widget (row, GTK_TYPE_MENU_BUTTON);
  GtkWidget *popover;

  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)), ==, "x-office-calendar-symbolic");
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  return popover;
}

/* The promise's day from the calendar's quick choice, then from the
 * calendar itself; the promise is saved for that day. */
static void
test_popover_picks_day (Fixture       *fixture,
                        gconstpointer  user_data)
{
  CltStore *store = clt_window_get_store (fixture->window);
  GtkWidget *dialog = clt_promise_dialog_new (GTK_WINDOW (fixture->window), store, fixture->customer_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) chosen = g_date_time_new_local (2031, 1, 15, 12, 0, 0);
  g_autofree char *tomorrow_text = format_day (tomorrow);
  g_autoptr(GPtrArray) promises = NULL;
  g_autoptr(GError) error = NULL;
  CltDateRow *row;
  GtkWidget *popover;
  GtkWidget *calendar;
  const CltPromise *promise;

  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  clt_test_gui_set_row_text (dialog, _("What was promised"), "Rappeler quand la chambre 12 est libre");
  row = get_date_row (dialog, _("Due date"));

  /* Today, written the French way. */
  {
    g_autofree char *today = format_day (now);

    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, today);
    g_assert_cmpint (today[2], ==, '/');
  }

  popover = open_calendar (row);
  clt_test_gui_save_screenshot (popover, "dates-calendar-popover.png");
  clt_test_gui_click (clt_test_gui_get_button (popover, _("Tomorrow")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, tomorrow_text);
  g_assert_false (gtk_widget_get_visible (popover));

  popover = open_calendar (row);
  calendar = clt_test_gui_get_widget (popover, GTK_TYPE_CALENDAR);
  gtk_calendar_select_day (GTK_CALENDAR (calendar), chosen);
  g_signal_emit_by_name (calendar, "day-selected");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "15/01/2031");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));

  /* The time by the quarter hour: 10:15 is the 42nd. */
  {
    CltDateRow *time_row = get_date_row (dialog, _("Time (optional)"));
    GtkWidget *button = clt_test_gui_get_widget (time_row, GTK_TYPE_MENU_BUTTON);
    GtkWidget *list;

    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
    list = clt_test_gui_get_widget (popover, GTK_TYPE_LIST_BOX);
    g_signal_emit_by_name (list, "row-activated",
                           gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 10 * 4 + 1));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (time_row)), ==, "10:15");
    g_assert_false (gtk_widget_get_visible (popover));
    gtk_editable_set_text (GTK_EDITABLE (time_row), "");
  }

  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG));

  promises = clt_store_list_promises (store, CLT_PROMISES_OPEN, clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (promises->len, ==, 1);
  promise = g_ptr_array_index (promises, 0);
  g_assert_true (promise->due_all_day);
  {
    g_autoptr(GDateTime) due = g_date_time_new_from_unix_local (promise->due_at);

    g_assert_cmpint (g_date_time_get_year (due), ==, 2031);
    g_assert_cmpint (g_date_time_get_month (due), ==, 1);
    g_assert_cmpint (g_date_time_get_day_of_month (due), ==, 15);
  }
}

/* "06/12/2026 15h30" is a date and a time; a contact logged yesterday
 * at 15h30 is saved at that time. */
static void
test_typed_french (Fixture       *fixture,
                   gconstpointer  user_data)
{
  CltStore *store = clt_window_get_store (fixture->window);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *day = format_day (yesterday);
  g_autofree char *typed = g_strdup_printf ("%s 15h30", day);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  const CltHistoryEntry *entry = NULL;
  gboolean has_time;
  CltDateRow *row;
  GtkWidget *dialog;
  guint n_total;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-contact", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_LOG_DIALOG);
  row = get_date_row (dialog, _("Date and time"));

  /* Read as a date and time (the dialog may still find it to come). */
  gtk_editable_set_text (GTK_EDITABLE (row), "06/12/2026 15h30");
  g_assert_true (clt_date_row_is_valid (row));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, _("Date and time"));
  when = clt_date_row_get_date_time (row, &has_time);
  g_assert_nonnull (when);
  g_assert_true (has_time);
  g_assert_cmpint (g_date_time_get_year (when), ==, 2026);
  g_assert_cmpint (g_date_time_get_month (when), ==, 12);
  g_assert_cmpint (g_date_time_get_day_of_month (when), ==, 6);
  g_assert_cmpint (g_date_time_get_hour (when), ==, 15);
  g_assert_cmpint (g_date_time_get_minute (when), ==, 30);

  /* What is no date says so on the row, with an example in French form. */
  gtk_editable_set_text (GTK_EDITABLE (row), "32/12/2026 15h30");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  {
    const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
    g_autofree char *today = format_day (now);
    g_autofree char *example = g_strdup_printf ("%s 15:30", today);

    g_assert_null (strstr (title, "AAAA"));
    g_assert_nonnull (strstr (title, example));
  }
  g_assert_false (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, _("_Save"))));
  clt_test_gui_save_screenshot (dialog, "dates-log-error.png");

  gtk_editable_set_text (GTK_EDITABLE (row), typed);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, _("Date and time"));
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));

  history = clt_store_list_history (store, fixture->customer_id, 10, &n_total, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < history->len; i++)
    if (((CltHistoryEntry *) g_ptr_array_index (history, i))->kind == CLT_HISTORY_INTERACTION)
      entry = g_ptr_array_index (history, i);
  g_assert_nonnull (entry);
  {
    g_autoptr(GDateTime) saved = g_date_time_new_from_unix_local (entry->when);

    g_assert_cmpint (g_date_time_get_day_of_month (saved), ==, g_date_time_get_day_of_month (yesterday));
    g_assert_cmpint (g_date_time_get_hour (saved), ==, 15);
    g_assert_cmpint (g_date_time_get_minute (saved), ==, 30);
  }
}

static gboolean
has_birthday (gpointer data)
{
  g_autofree char *birthday = clt_date_row_dup_birthday (data);

  return birthday != NULL;
}

/* "6 déc." is a birthday without its year, kept as --12-06. */
static void
test_birthday_without_year (Fixture       *fixture,
                            gconstpointer  user_data)
{
  CltStore *store = clt_window_get_store (fixture->window);
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *birthday = NULL;
  GtkWidget *dialog;
  CltDateRow *row;
  GtkWidget *save;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  save = clt_test_gui_get_button (dialog, _("_Save"));
  clt_test_gui_set_row_text (dialog, _("Given name"), "Zoé");
  clt_test_gui_set_row_text (dialog, _("Family name"), "Laurent");
  row = get_date_row (dialog, _("Birthday (day and month, year optional)"));

  gtk_editable_set_text (GTK_EDITABLE (row), "31/02");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_false (gtk_widget_get_sensitive (save));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "14 mars"));

  gtk_editable_set_text (GTK_EDITABLE (row), "6/12");
  birthday = clt_date_row_dup_birthday (row);
  g_assert_cmpstr (birthday, ==, "--12-06");
  gtk_editable_set_text (GTK_EDITABLE (row), "6 déc.");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  g_assert_true (gtk_widget_get_sensitive (save));
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));

  found = clt_store_find_duplicates (store, "Zoé Laurent", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  customer = clt_store_get_customer (store, ((CltDuplicate *) g_ptr_array_index (found, 0))->customer_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_birthday (customer), ==, "--12-06");

  /* Edited again, it reads as typed. */
  dialog = GTK_WIDGET (clt_customer_dialog_new (store, clt_customer_get_id (customer)));
  clt_test_gui_spin (100);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  row = get_date_row (dialog, _("Birthday (day and month, year optional)"));
  clt_test_gui_spin_until_full (has_birthday, row, 10, "the birthday");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "6 décembre");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Switching "planned" on proposes tomorrow at this hour, with no error;
 * a past time typed then is refused; switched off, "now" comes back. */
static void
test_planned_proposes (Fixture       *fixture,
                       gconstpointer  user_data)
{
  const char *no_future = _("A planned contact needs a date in the future.");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) proposed = NULL;
  g_autofree char *before = NULL;
  gboolean has_time;
  GtkWidget *dialog;
  CltDateRow *row;
  GtkWidget *save;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-contact", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_LOG_DIALOG);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  row = get_date_row (dialog, _("Date and time"));
  save = clt_test_gui_get_button (dialog, _("_Save"));
  before = g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));

  gtk_switch_set_active (GTK_SWITCH (clt_test_gui_get_widget (dialog, GTK_TYPE_SWITCH)), TRUE);
  clt_test_gui_spin (100);
  proposed = clt_date_row_get_date_time (row, &has_time);
  g_assert_nonnull (proposed);
  g_assert_true (has_time);
  g_assert_cmpint (g_date_time_to_unix (proposed), >, g_date_time_to_unix (now));
  g_assert_cmpint (g_date_time_to_unix (proposed), <=, g_date_time_to_unix (now) + 24 * 3600);
  g_assert_cmpint (g_date_time_get_hour (proposed), ==, g_date_time_get_hour (now));
  g_assert_cmpint (g_date_time_get_minute (proposed) % 15, ==, 0);
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (row), "error"));
  clt_test_gui_wait_for_no_label (dialog, no_future);
  g_assert_true (gtk_widget_get_sensitive (save));
  clt_test_gui_save_screenshot (dialog, "dates-planned.png");

  gtk_editable_set_text (GTK_EDITABLE (row), "01/01/2020 10h");
  clt_test_gui_wait_for_label (dialog, no_future);
  g_assert_false (gtk_widget_get_sensitive (save));

  /* The proposal, untouched, gives "now" back when planned is off. */
  gtk_switch_set_active (GTK_SWITCH (clt_test_gui_get_widget (dialog, GTK_TYPE_SWITCH)), FALSE);
  gtk_switch_set_active (GTK_SWITCH (clt_test_gui_get_widget (dialog, GTK_TYPE_SWITCH)), TRUE);
  clt_test_gui_wait_for_no_label (dialog, no_future);
  gtk_switch_set_active (GTK_SWITCH (clt_test_gui_get_widget (dialog, GTK_TYPE_SWITCH)), FALSE);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, before);
  g_assert_true (gtk_widget_get_sensitive (save));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The window's postpone button on the promise's row. */
static gboolean
is_postpone_button (GtkWidget     *widget,
                    gconstpointer  tooltip)
{
  return GTK_IS_MENU_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0 &&
         gtk_widget_is_drawable (widget);
}

static GtkWidget *
open_postpone (Fixture *fixture)
{
  GtkWidget *button = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_postpone_button,
                                                _("Postpone…"));
  GtkWidget *popover;

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  return popover;
}

static gint64
add_promise (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  gint64 id = clt_store_add_promise (clt_window_get_store (fixture->window), fixture->customer_id,
                                     "Rappeler quand la chambre 12 est libre", "Julie",
                                     clt_test_gui_now_unix () + 3 * 24 * 3600, TRUE, &error);

  g_assert_no_error (error);
  clt_window_open_customer (fixture->window, fixture->customer_id);
  clt_test_gui_wait_for_label (fixture->window, "Rappeler quand la chambre 12 est libre");
  return id;
}

static gboolean
promise_postponed (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GPtrArray) promises = clt_store_list_promises (clt_window_get_store (fixture->window),
                                                           CLT_PROMISES_OPEN, clt_test_gui_now_unix (), NULL);

  return promises != NULL && promises->len == 1 &&
         ((CltPromise *) g_ptr_array_index (promises, 0))->n_postponed == 1;
}

/* The Postpone popover has the calendar too: « Demain » in it, then
 * « Reporter », puts the promise off to tomorrow, for the whole day. */
static void
test_postpone_tomorrow (Fixture       *fixture,
                        gconstpointer  user_data)
{
  CltStore *store = clt_window_get_store (fixture->window);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *tomorrow_text = format_day (tomorrow);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(CltPromise) promise = NULL;
  g_autoptr(GError) error = NULL;
  gint64 promise_id = add_promise (fixture);
  GtkWidget *popover = open_postpone (fixture);
  GtkWidget *calendar;
  CltDateRow *row = CLT_DATE_ROW (clt_test_gui_get_widget (popover, CLT_TYPE_DATE_ROW));

  /* Something else typed first: the quick choice replaces it. */
  gtk_editable_set_text (GTK_EDITABLE (row), "24/12/2031");
  calendar = open_calendar (row);
  clt_test_gui_click (clt_test_gui_get_button (calendar, _("Tomorrow")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, tomorrow_text);
  g_assert_false (gtk_widget_get_visible (calendar));
  g_assert_true (gtk_widget_get_visible (popover));

  clt_test_gui_click (clt_test_gui_get_button (popover, _("_Postpone")));
  clt_test_gui_spin_until_full (promise_postponed, fixture, 10, "the promise postponed");

  promise = clt_store_get_promise (store, promise_id, &error);
  g_assert_no_error (error);
  g_assert_true (promise->due_all_day);
  g_assert_cmpint (promise->due_at, ==,
                   clt_schedule_due (tz, g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                     g_date_time_get_day_of_month (tomorrow), 0, 0, TRUE));
}

/* With CLT_TEST_ROOT_SHOTS set to a folder, the whole screen as well
 * (popovers are surfaces of their own, outside a window's snapshot). */
static void
save_root_shot (const char *name)
{
  const char *dir = g_getenv ("CLT_TEST_ROOT_SHOTS");
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "import", "-window", "root", NULL, NULL };

  if (dir == NULL)
    return;
  clt_test_gui_spin (500);
  file = g_build_filename (dir, name, NULL);
  argv[3] = file;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* The Postpone popover and Send Later, wide and narrow, in French. */
static void
test_leftover_screenshots (Fixture       *fixture,
                           gconstpointer  user_data)
{
  static const int widths[] = { 1280, 360 };
  g_autoptr(GError) error = NULL;

  add_promise (fixture);
  clt_store_add_contact (clt_window_get_store (fixture->window), fixture->customer_id, CLT_CONTACT_EMAIL,
                         NULL, "helene.dupre@example.fr", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      const char *size = widths[i] < 600 ? "narrow" : "wide";
      g_autofree char *name = NULL;
      GtkWidget *popover;
      GtkWidget *calendar;
      GtkWidget *dialog;

      gtk_window_set_default_size (GTK_WINDOW (fixture->window), widths[i], 800);
      clt_test_gui_spin (300);
      popover = open_postpone (fixture);
      name = g_strdup_printf ("leftovers-postpone-%s.png", size);
      clt_test_gui_save_screenshot (popover, name);
      save_root_shot (name);
      g_clear_pointer (&name, g_free);
      name = g_strdup_printf ("leftovers-postpone-calendar-%s.png", size);
      calendar = open_calendar (CLT_DATE_ROW (clt_test_gui_get_widget (popover, CLT_TYPE_DATE_ROW)));
      save_root_shot (name);
      gtk_popover_popdown (GTK_POPOVER (calendar));
      gtk_popover_popdown (GTK_POPOVER (popover));
      clt_test_gui_spin (200);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compose-for", "(xsx)",
                                                 fixture->customer_id, "thank-you-visit", (gint64) 0));
      dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
      gtk_window_set_default_size (GTK_WINDOW (dialog), widths[i], 800);
      clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
      clt_test_gui_spin (300);
      /* The business name, asked for the first time, is left for later. */
      {
        GtkWidget *ask = clt_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

        if (ask != NULL)
          gtk_window_destroy (GTK_WINDOW (ask));
      }
      popover = clt_test_gui_get_widget (dialog, GTK_TYPE_POPOVER);
      gtk_popover_popup (GTK_POPOVER (popover));
      clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
      g_clear_pointer (&name, g_free);
      name = g_strdup_printf ("leftovers-send-later-%s.png", size);
      clt_test_gui_save_screenshot (popover, name);
      save_root_shot (name);
      g_clear_pointer (&name, g_free);
      name = g_strdup_printf ("leftovers-send-later-calendar-%s.png", size);
      calendar = open_calendar (CLT_DATE_ROW (clt_test_gui_get_widget (popover, CLT_TYPE_DATE_ROW)));
      save_root_shot (name);
      gtk_popover_popdown (GTK_POPOVER (calendar));
      gtk_popover_popdown (GTK_POPOVER (popover));
      clt_test_gui_spin (200);
      gtk_window_destroy (GTK_WINDOW (dialog));
      clt_test_gui_spin (200);
    }

  /* A draft kept for want of an account, with the time it was meant to
   * go: in the Outbox, then opened. */
  {
    g_autoptr(CltMail) mail = g_new0 (CltMail, 1);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autoptr(GDateTime) later = g_date_time_add_days (now, 2);
    g_autoptr(GDateTime) meant = g_date_time_new_local (g_date_time_get_year (later), g_date_time_get_month (later),
                                                        g_date_time_get_day_of_month (later), 9, 0, 0);
    g_autoptr(CltOutbox) outbox = NULL;
    GtkWidget *dialog;

    mail->customer_id = fixture->customer_id;
    mail->subject = g_strdup ("Votre écharpe");
    mail->body = g_strdup ("Bonjour Madame Dupré,\n\nVotre écharpe est à la réception.");
    mail->state = CLT_MAIL_DRAFT;
    mail->scheduled_at = g_date_time_to_unix (meant);
    g_assert_true (clt_store_queue_mail (clt_window_get_store (fixture->window), NULL, mail, &error));
    g_assert_no_error (error);

    /* The Outbox lists what its outbox (not started: nothing is sent) has. */
    outbox = clt_outbox_new (clt_window_get_store (fixture->window));
    clt_window_set_outbox (fixture->window, outbox);
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 800);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-outbox", NULL));
    clt_test_gui_wait_for_label (fixture->window, "09:00");
    clt_test_gui_save_screenshot (fixture->window, "leftovers-outbox-draft-narrow.png");

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.edit-mail", "x", mail->id));
    dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
    gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 800);
    /* In running text, as French writes it (« 9 h 00 »). */
    {
      g_autofree char *when = clt_when_format_day_time_in_text (g_date_time_to_unix (meant));

      clt_test_gui_wait_for_label (dialog, when);
    }
    clt_test_gui_save_screenshot (dialog, "leftovers-draft-meant-narrow.png");
    gtk_window_destroy (GTK_WINDOW (dialog));
  }
}

/* The three dialogs with dates, wide and narrow, for a person to look at. */
static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  user_data)
{
  static const int widths[] = { 1280, 360 };
  CltStore *store = clt_window_get_store (fixture->window);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      const char *size = widths[i] < 600 ? "narrow" : "wide";
      g_autofree char *name = NULL;
      GtkWidget *dialog;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-customer", NULL));
      dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
      gtk_window_set_default_size (GTK_WINDOW (dialog), widths[i], 800);
      clt_test_gui_set_row_text (dialog, _("Given name"), "Zoé");
      gtk_editable_set_text (GTK_EDITABLE (get_date_row (dialog, _("Birthday (day and month, year optional)"))),
                             "6 déc.");
      {
        GtkWidget *scrolled = clt_test_gui_get_widget (dialog, GTK_TYPE_SCROLLED_WINDOW);
        GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

        clt_test_gui_spin (200);
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
      }
      name = g_strdup_printf ("dates-customer-%s.png", size);
      clt_test_gui_save_screenshot (dialog, name);
      gtk_window_destroy (GTK_WINDOW (dialog));

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.log-contact", NULL));
      dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_LOG_DIALOG);
      gtk_window_set_default_size (GTK_WINDOW (dialog), widths[i], 800);
      gtk_switch_set_active (GTK_SWITCH (clt_test_gui_get_widget (dialog, GTK_TYPE_SWITCH)), TRUE);
      adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_EXPANDER_ROW)),
                                             TRUE);
      clt_test_gui_set_row_text (dialog, _("Due date"), "pas une date");
      g_clear_pointer (&name, g_free);
      name = g_strdup_printf ("dates-log-%s.png", size);
      clt_test_gui_save_screenshot (dialog, name);
      gtk_window_destroy (GTK_WINDOW (dialog));

      dialog = clt_promise_dialog_new (GTK_WINDOW (fixture->window), store, fixture->customer_id);
      gtk_window_set_default_size (GTK_WINDOW (dialog), widths[i], 800);
      gtk_window_present (GTK_WINDOW (dialog));
      clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
      clt_test_gui_set_row_text (dialog, _("What was promised"), "Rappeler quand la chambre 12 est libre");
      clt_test_gui_set_row_text (dialog, _("Time (optional)"), "10h");
      adw_combo_row_set_selected (ADW_COMBO_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_COMBO_ROW)),
                                  CLT_PROMISE_REMIND_CUSTOM);
      clt_test_gui_set_row_text (dialog, _("Remind at"), "demain 9h");
      g_clear_pointer (&name, g_free);
      name = g_strdup_printf ("dates-promise-%s.png", size);
      clt_test_gui_save_screenshot (dialog, name);
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkCssProvider) css = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-dates-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* gtk_test_init() sets an English locale: these tests are in French. */
  if (setlocale (LC_ALL, "") == NULL || !g_str_has_prefix (setlocale (LC_TIME, NULL), "fr"))
    {
      g_test_message ("the French locale (fr_FR.UTF-8) is not installed");
      clt_test_gui_remove_dir (data_home);
      g_free (data_home);
      return 77;
    }
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  clt_test_gui_assert_french ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* What the application loads for its windows. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add ("/gui/dates/popover-picks-day", Fixture, NULL,
              fixture_set_up, test_popover_picks_day, fixture_tear_down);
  g_test_add ("/gui/dates/typed-french", Fixture, NULL,
              fixture_set_up, test_typed_french, fixture_tear_down);
  g_test_add ("/gui/dates/birthday-without-year", Fixture, NULL,
              fixture_set_up, test_birthday_without_year, fixture_tear_down);
  g_test_add ("/gui/dates/planned-proposes", Fixture, NULL,
              fixture_set_up, test_planned_proposes, fixture_tear_down);
  g_test_add ("/gui/dates/screenshots", Fixture, NULL,
              fixture_set_up, test_screenshots, fixture_tear_down);
  g_test_add ("/gui/dates/postpone-tomorrow", Fixture, NULL,
              fixture_set_up, test_postpone_tomorrow, fixture_tear_down);
  g_test_add ("/gui/dates/leftover-screenshots", Fixture, NULL,
              fixture_set_up, test_leftover_screenshots, fixture_tear_down);

  status = g_test_run ();

  g_object_unref (app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);
  return status;
}

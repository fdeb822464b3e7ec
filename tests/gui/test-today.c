/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-today"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "clt-application.h"
#include "clt-briefing-print.h"
#include "clt-column-layout.h"
#include "clt-customer-page.h"
#include "clt-date-row.h"
#include "clt-log-dialog.h"
#include "clt-promise-dialog.h"
#include "clt-today-view.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* Promises: made from a customer’s page or by Shift+Ctrl+P, kept, postponed. */

static CltApplication *app;
static char *data_home;

typedef struct
{
  char           *dir;
  char           *path;
  CltApplication *app;
  gint64          helene_id;
  gint64          marc_id;
  gint64          overdue_id;
  gint64          today_id;
  gint64          next_week_id;
  gboolean        empty;
  gboolean        many;
} Fixture;

/* A front desk that let its promises slide: thousands overdue. */
#define N_MANY 3000

/* A day @days from today, as clt_schedule_due() makes it. */
static gint64
due_in_days (int      days,
             int      hour,
             gboolean all_day)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return clt_schedule_due (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day), hour, 0, all_day);
}

static void
fill_book (Fixture *fixture)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->helene_id = clt_test_gui_add_customer (store, "Hélène Dupré");
  clt_store_add_preference (store, fixture->helene_id, "health", "Allergique aux plumes",
                            CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);
  fixture->marc_id = clt_test_gui_add_customer (store, "Marc Lefèvre");

  if (fixture->empty)
    return;

  /* For the printed briefing: the phone beside her name, the shop's name on top. */
  clt_store_add_contact (store, fixture->helene_id, CLT_CONTACT_PHONE, NULL, "06 12 34 56 78", &error);
  clt_store_set_business_name (store, "Boutique Clémence", &error);
  g_assert_no_error (error);

  if (fixture->many)
    {
      gint64 customer_id = 0;

      /* Ten each, for customers after Hélène and Marc in the book. */
      g_assert_true (clt_store_begin (store, &error));
      for (guint i = 0; i < N_MANY; i++)
        {
          g_autofree char *text = g_strdup_printf ("Promesse en retard n° %04u", i);

          if (i % 10 == 0)
            {
              g_autofree char *name = g_strdup_printf ("Client %04u", i / 10);

              customer_id = clt_test_gui_add_customer (store, name);
            }
          clt_store_add_promise (store, customer_id, text, "Julie",
                                 due_in_days (-20 + (int) (i * 19 / N_MANY), 9, FALSE), FALSE, &error);
          g_assert_no_error (error);
        }
      g_assert_true (clt_store_commit (store, &error));
    }

  /* Overdue since three days, after being put off twice. */
  fixture->overdue_id = clt_store_add_promise (store, fixture->helene_id,
                                               "Rappeler pour la robe retouchée", "Julie",
                                               due_in_days (-5, 0, TRUE), TRUE, &error);
  g_assert_no_error (error);
  clt_store_postpone_promise (store, fixture->overdue_id, due_in_days (-4, 0, TRUE), TRUE,
                              "Tissu en retard", &error);
  g_assert_no_error (error);
  clt_store_postpone_promise (store, fixture->overdue_id, due_in_days (-3, 0, TRUE), TRUE,
                              NULL, &error);
  g_assert_no_error (error);

  fixture->today_id = clt_store_add_promise (store, fixture->helene_id, "Envoyer le devis", NULL,
                                             due_in_days (0, 0, TRUE), TRUE, &error);
  g_assert_no_error (error);
  fixture->next_week_id = clt_store_add_promise (store, fixture->helene_id, "Commander la taille 38",
                                                 "Julie", due_in_days (3, 15, FALSE), FALSE, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = clt_test_gui_make_book_dir ("clientele-today", &fixture->path);
  fixture->app = app;
  fixture->empty = g_strcmp0 (user_data, "empty") == 0;
  fixture->many = g_strcmp0 (user_data, "many") == 0;
  fill_book (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *dialog;

  /* Dialogs without a window of the application go by hand. */
  while ((dialog = NULL, TRUE))
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
        {
          g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

          if (CLT_IS_PROMISE_DIALOG (toplevel))
            dialog = toplevel;
        }
      if (dialog == NULL)
        break;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  clt_test_gui_destroy_windows (GTK_APPLICATION (fixture->app));
  fixture->app = NULL;

  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gboolean
is_menu_button_named (GtkWidget     *widget,
                      gconstpointer  tooltip)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0 &&
         gtk_widget_is_drawable (widget);
}

static guint
count_open_promises (CltStore *store,
                     gint64    customer_id)
{
  g_autoptr(GPtrArray) promises = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  promises = clt_store_list_promises (store, CLT_PROMISES_OPEN, clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < promises->len; i++)
    if (((CltPromise *) g_ptr_array_index (promises, i))->customer_id == customer_id)
      n++;

  return n;
}

static gboolean
button_is_shown (gpointer data)
{
  CltTestGuiLabelQuery *query = data;

  return clt_test_gui_find_widget (query->root, clt_test_gui_is_button_labelled, query->text) != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} ClosedQuery;

static gboolean
is_history_row_with (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_has_css_class (widget, "history-row") &&
         gtk_widget_is_drawable (widget) &&
         clt_test_gui_find_widget (widget, clt_test_gui_is_label_containing, text) != NULL;
}

static gboolean
is_promise_row_with (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LIST_BOX_ROW (widget) && !gtk_widget_has_css_class (widget, "history-row") &&
         gtk_widget_is_drawable (widget) &&
         clt_test_gui_find_widget (widget, clt_test_gui_is_label_containing, text) != NULL;
}

static gboolean
is_closed_shown (gpointer data)
{
  ClosedQuery *query = data;

  return clt_test_gui_find_widget (query->root, is_promise_row_with, query->text) == NULL &&
         clt_test_gui_find_widget (query->root, is_history_row_with, query->text) != NULL;
}

/* A closed promise leaves the open ones for the history. */
static void
wait_for_closed (CltWindow  *window,
                 const char *text)
{
  ClosedQuery query = { GTK_WIDGET (window), text };

  clt_test_gui_spin_until_full (is_closed_shown, &query, 10, text);
}

/* The toast after Kept or Broken (once its Undo is gone) offers to log
 * the contact, with the note already written. */
static void
log_from_toast (CltWindow  *window,
                const char *title,
                const char *note)
{
  gboolean narrow = gtk_widget_get_width (GTK_WIDGET (window)) < 600;
  CltTestGuiLabelQuery query = { GTK_WIDGET (window), narrow ? "_Log It…" : "_Log a Visit…" };
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GtkWidget *dialog;

  /* After the toasts with Undo before it, 5 s each. */
  clt_test_gui_spin_until_full (button_is_shown, &query, 20, query.text);
  clt_test_gui_wait_for_label (window, title);
  g_signal_emit_by_name (clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_button_labelled, query.text), "clicked");

  clt_test_gui_spin_until (clt_test_gui_toplevel_is_shown, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));
  dialog = clt_test_gui_find_toplevel (CLT_TYPE_LOG_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, note);

  gtk_window_destroy (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));
}

/* The customer's page lists the open promises, the overdue one first and
 * marked so, and Kept takes one off. */
static void
test_customer_page (Fixture       *fixture,
                    gconstpointer  user_data)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 900);
  CltStore *store = clt_window_get_store (window);
  GtkWidget *page;
  g_autoptr(CltPromise) kept = NULL;
  g_autoptr(GError) error = NULL;

  clt_window_open_customer (window, fixture->helene_id);
  clt_test_gui_wait_for_label (window, "Rappeler pour la robe retouchée");
  clt_test_gui_wait_for_label (window, "Envoyer le devis");
  clt_test_gui_wait_for_label (window, "Commander la taille 38");
  clt_test_gui_wait_for_label (window, "Postponed 2 times");
  clt_test_gui_wait_for_label (window, "Overdue");
  clt_test_gui_save_screenshot (window, "promises-customer-page.png");

  page = clt_test_gui_get_widget (window, CLT_TYPE_CUSTOMER_PAGE);
  g_assert_true (gtk_widget_activate_action (page, "page.keep-promise", "x", fixture->today_id));
  wait_for_closed (window, "Envoyer le devis");
  log_from_toast (window, "Note how you told Hélène Dupré?", "Promise kept: Envoyer le devis");
  kept = clt_store_get_promise (store, fixture->today_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->status, ==, CLT_PROMISE_KEPT);
  g_assert_cmpuint (count_open_promises (store, fixture->helene_id), ==, 2);

  /* Postpone…: a new day and a reason. */
  {
    g_autoptr(CltPromise) postponed = NULL;
    GtkWidget *button = clt_test_gui_find_widget (page, is_menu_button_named, "Postpone…");
    GtkWidget *popover;
    GtkWidget *entry;
    GtkWidget *postpone;

    g_assert_nonnull (button);
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    g_assert_nonnull (popover);
    clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
    entry = clt_test_gui_get_widget (popover, CLT_TYPE_DATE_ROW);
    {
      GDate day;

      g_date_clear (&day, 1);
      g_date_set_dmy (&day, 2, G_DATE_JANUARY, 2099);
      clt_date_row_set_date (CLT_DATE_ROW (entry), &day);
    }
    postpone = clt_test_gui_get_button (popover, _("_Postpone"));
    g_signal_emit_by_name (postpone, "clicked");
    clt_test_gui_wait_for_label (window, "Postponed 3 times");
    postponed = clt_store_get_promise (store, fixture->overdue_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (postponed->n_postponed, ==, 3);
    g_assert_true (postponed->due_all_day);
  }

  g_assert_true (gtk_widget_activate_action (page, "page.cancel-promise", "x", fixture->next_week_id));
  wait_for_closed (window, "Commander la taille 38");
  g_assert_cmpuint (count_open_promises (store, fixture->helene_id), ==, 1);

  /* Narrow, as on a phone. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (window, "promises-customer-page-narrow.png");

  /* Broken: said so, and the contact to log says it too. */
  g_assert_true (gtk_widget_activate_action (page, "page.break-promise", "x", fixture->overdue_id));
  wait_for_closed (window, "Rappeler pour la robe retouchée");
  log_from_toast (window, "Hélène Dupré", "Promise broken: Rappeler pour la robe retouchée");
  g_assert_cmpuint (count_open_promises (store, fixture->helene_id), ==, 0);
}

/* Shift+Ctrl+P’s action opens the dialog, which saves what it was told. */
static void
test_promise_dialog (Fixture       *fixture,
                     gconstpointer  user_data)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 800);
  CltStore *store = clt_window_get_store (window);
  g_autoptr(GPtrArray) promises = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *date = g_date_time_format (later, "%Y-%m-%d");
  const CltPromise *found = NULL;
  GtkWidget *dialog;

  clt_window_open_customer (window, fixture->marc_id);
  clt_test_gui_wait_for_label (window, "Marc Lefèvre");
  g_assert_cmpuint (count_open_promises (store, fixture->marc_id), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-promise", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_shown, GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG));
  dialog = clt_test_gui_find_toplevel (CLT_TYPE_PROMISE_DIALOG);

  /* Nothing promised yet: nothing to save. */
  g_assert_false (gtk_widget_activate_action (dialog, "dialog.save", NULL) &&
                  clt_test_gui_toplevel_is_gone (GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG)));

  clt_test_gui_set_row_text (dialog, _("What was promised"), "Garder la veste en bleu marine");
  clt_test_gui_set_row_text (dialog, _("Promised by"), "Julie");
  clt_test_gui_set_row_text (dialog, _("Due date"), date);
  clt_test_gui_set_row_text (dialog, _("Time (optional)"), "14:30");
  adw_combo_row_set_selected (ADW_COMBO_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_COMBO_ROW)),
                              CLT_PROMISE_REMIND_DAY_BEFORE);
  clt_test_gui_save_screenshot (dialog, "promise-dialog.png");

  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, -1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_COMBO_ROW)),
                              CLT_PROMISE_REMIND_CUSTOM);
  clt_test_gui_set_row_text (dialog, _("Remind at"), "not a date");
  clt_test_gui_spin (100);
  clt_test_gui_save_screenshot (dialog, "promise-dialog-narrow.png");
  adw_combo_row_set_selected (ADW_COMBO_ROW (clt_test_gui_get_widget (dialog, ADW_TYPE_COMBO_ROW)),
                              CLT_PROMISE_REMIND_DAY_BEFORE);

  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG));

  promises = clt_store_list_promises (store, CLT_PROMISES_OPEN, clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < promises->len; i++)
    if (((CltPromise *) g_ptr_array_index (promises, i))->customer_id == fixture->marc_id)
      found = g_ptr_array_index (promises, i);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->text, ==, "Garder la veste en bleu marine");
  g_assert_cmpstr (found->promised_by, ==, "Julie");
  g_assert_false (found->due_all_day);
  /* The day before, in the morning. */
  g_assert_cmpint (found->remind_at, <, found->due_at - 24 * 3600);
  g_assert_cmpint (found->remind_at, >, found->due_at - 48 * 3600);

  clt_test_gui_wait_for_label (window, "Garder la veste en bleu marine");
}

static gboolean
is_today_shown (gpointer data)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (data), "today") == 0;
}

static CltTodayView *
show_today (CltWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (clt_test_gui_get_widget (window, ADW_TYPE_VIEW_STACK));
  GtkWidget *view;

  /* The briefing is made when Today is first shown. */
  adw_view_stack_set_visible_child_name (stack, "today");
  view = clt_test_gui_get_widget (window, CLT_TYPE_TODAY_VIEW);
  clt_test_gui_spin_until (is_today_shown, stack);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, view);

  return CLT_TODAY_VIEW (view);
}

static gboolean
is_today_view (GtkWidget     *widget,
               gconstpointer  data)
{
  return CLT_IS_TODAY_VIEW (widget);
}

static void
test_today_empty (Fixture       *fixture,
                  gconstpointer  user_data)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 700);

  /* The window opens on its customers: the briefing is not made for it. */
  g_assert_null (clt_test_gui_find_widget (GTK_WIDGET (window), is_today_view, NULL));
  show_today (window);
  clt_test_gui_wait_for_label (window, "Nothing Promised for Today");
  clt_test_gui_save_screenshot (window, "today-empty.png");
}

static gboolean
is_customer_shown (gpointer data)
{
  Fixture *fixture = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app));

  return windows != NULL && clt_window_get_customer_id (windows->data) == fixture->helene_id;
}

/* The printed briefing, read back from its PDF: the business and the time
 * at the top, the section titles, the phone beside the item, the alert;
 * and Print to File offers "Morning Briefing <date>.pdf". */
static void
check_printed_briefing (CltStore   *store,
                        const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *text = NULL;
  g_autofree char *base_name = g_date_time_format (now, "Morning Briefing %Y-%m-%d");
  g_autofree char *quoted = NULL;
  g_autofree char *command = NULL;
  GtkPrintSettings *settings;
  int status = 0;

  operation = clt_briefing_print_new (store, g_date_time_to_unix (now), 40, &error);
  g_assert_no_error (error);
  settings = gtk_print_operation_get_print_settings (operation);
  g_assert_cmpstr (gtk_print_settings_get (settings, GTK_PRINT_SETTINGS_OUTPUT_BASENAME), ==, base_name);
  g_assert_cmpstr (gtk_print_settings_get (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT), ==, "pdf");

  if (pdftotext == NULL)
    {
      g_test_message ("pdftotext (poppler-utils) is not installed: the PDF's text is not read");
      return;
    }
  quoted = g_shell_quote (pdf);
  command = g_strdup_printf ("pdftotext -layout %s -", quoted);
  g_assert_true (g_spawn_command_line_sync (command, &text, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "Today, "));
  g_assert_nonnull (strstr (text, "Boutique Clémence"));
  g_assert_nonnull (strstr (text, "Printed at "));
  g_assert_nonnull (strstr (text, "Overdue promises"));
  g_assert_nonnull (strstr (text, "Rappeler pour la robe retouchée"));
  g_assert_nonnull (strstr (text, "06 12 34 56 78"));
  g_assert_nonnull (strstr (text, "Alert: Allergique aux plumes"));
}

static void
test_today_busy (Fixture       *fixture,
                 gconstpointer  user_data)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 900);
  CltStore *store = clt_window_get_store (window);
  g_autoptr(CltPromise) kept = NULL;
  g_autoptr(CltPromise) postponed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  CltTodayView *view;

  view = show_today (window);
  clt_test_gui_wait_for_label (window, "Overdue");
  clt_test_gui_wait_for_label (window, "Due Today");
  clt_test_gui_wait_for_label (window, "This Week");
  clt_test_gui_wait_for_label (window, "Rappeler pour la robe retouchée");
  clt_test_gui_wait_for_label (window, "Envoyer le devis");
  clt_test_gui_wait_for_label (window, "Commander la taille 38");
  clt_test_gui_wait_for_label (window, "Alert: Allergique aux plumes");
  /* A row's lines are laid out for their width, not searched for a
   * narrower one at each allocation (CltColumnLayout). */
  g_assert_true (CLT_IS_COLUMN_LAYOUT (gtk_widget_get_layout_manager (
    gtk_widget_get_parent (clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_label_containing,
                                                     (gpointer) "Rappeler pour la robe retouchée")))));
  clt_test_gui_save_screenshot (window, "today-busy.png");

  /* As printed: one page of PDF. */
  pdf = g_test_build_filename (G_TEST_BUILT, "today-briefing.pdf", NULL);
  g_unlink (pdf);
  g_assert_true (clt_today_view_export_pdf (view, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 500);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
  check_printed_briefing (store, pdf);

  /* Narrow, as on a phone. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (window, "today-narrow.png");

  /* Kept: off the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "today.keep", "x", fixture->today_id));
  clt_test_gui_wait_for_no_label (window, "Envoyer le devis");
  log_from_toast (window, "Hélène Dupré", "Promise kept: Envoyer le devis");
  kept = clt_store_get_promise (store, fixture->today_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->status, ==, CLT_PROMISE_KEPT);

  /* Postponed: due tomorrow, no longer overdue. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "today.postpone", "x", fixture->overdue_id));
  clt_test_gui_wait_for_no_label (window, "Overdue");
  postponed = clt_store_get_promise (store, fixture->overdue_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (postponed->due_at, ==, due_in_days (1, 0, TRUE));
  g_assert_cmpuint (postponed->n_postponed, ==, 3);
  clt_test_gui_wait_for_label (window, "Rappeler pour la robe retouchée");

  /* Opening the customer goes back to the book. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "today.open", "x", fixture->helene_id));
  clt_test_gui_spin_until (is_customer_shown, fixture);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (clt_test_gui_get_widget (window, ADW_TYPE_VIEW_STACK))),
                   ==, "customers");
}

/* The main loop's longest wait between two ticks of a 5 ms timeout: how
 * long the window stopped answering. */
typedef struct
{
  gint64 last;
  gint64 longest;
  guint  id;
} StallWatch;

static gboolean
stall_tick_cb (gpointer data)
{
  StallWatch *watch = data;
  gint64 now = g_get_monotonic_time ();

  watch->longest = MAX (watch->longest, now - watch->last);
  watch->last = now;

  return G_SOURCE_CONTINUE;
}

static void
stall_watch_start (StallWatch *watch)
{
  watch->last = g_get_monotonic_time ();
  watch->longest = 0;
  watch->id = g_timeout_add_full (G_PRIORITY_HIGH, 5, stall_tick_cb, watch, NULL);
}

static double
stall_watch_stop (StallWatch *watch)
{
  stall_tick_cb (watch);
  g_clear_handle_id (&watch->id, g_source_remove);

  return watch->longest / 1000.0;
}

static gboolean
count_action_rows (GtkWidget     *widget,
                   gconstpointer  data)
{
  guint *n = (guint *) data;

  if (ADW_IS_PREFERENCES_ROW (widget) &&
      g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), "Promesse en retard"))
    (*n)++;

  return FALSE;
}

static guint
n_rows (CltTodayView *view)
{
  guint n = 0;

  clt_test_gui_find_widget (GTK_WIDGET (view), count_action_rows, &n);

  return n;
}

static gboolean
is_more_row (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_has_css_class (widget, "today-more");
}

static gboolean
is_next_page_button (GtkWidget     *widget,
                     gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), "today.next-page") == 0;
}

/* Thousands of overdue promises: the window opens and the Today view shows
 * its first rows and "Show All" without the main loop stalling; the rest
 * comes a page at a time. */
static void
test_today_many (Fixture       *fixture,
                 gconstpointer  user_data)
{
  /* And the one overdue of every fixture. */
  g_autofree char *show_all = g_strdup_printf ("Show All %u", N_MANY + 1);
  g_autofree char *pages = g_strdup_printf ("1–25 of %u", N_MANY + 1);
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GError) error = NULL;
  StallWatch watch;
  CltWindow *window;
  CltTodayView *view;
  GtkWidget *more_row;
  double open_ms, show_ms, page_ms;

  stall_watch_start (&watch);
  window = clt_test_gui_open_window (GTK_APPLICATION (fixture->app), fixture->path, 1000, 900);
  clt_test_gui_spin (100);
  open_ms = stall_watch_stop (&watch);

  stall_watch_start (&watch);
  view = show_today (window);
  clt_test_gui_wait_for_label (window, "Overdue");
  clt_test_gui_wait_for_label (window, show_all);
  clt_test_gui_wait_for_label (window, "Promesse en retard n° 0009");
  clt_test_gui_spin (200);
  show_ms = stall_watch_stop (&watch);
  g_test_message ("longest stall: %.1f ms opening the window, %.1f ms showing Today", open_ms, show_ms);
  g_assert_cmpuint (n_rows (view), ==, 10);
  /* Bounds for a busy machine drawing with software GL: one row a
   * promise took minutes. The first window of the process also loads its
   * CSS, its GL and its templates. */
  g_assert_cmpfloat (open_ms, <, 3000);
  g_assert_cmpfloat (show_ms, <, 1500);
  clt_test_gui_save_screenshot (window, "today-many.png");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (window, "today-many-narrow.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 900);
  clt_test_gui_spin (300);

  /* Show All: a page, then the next ones, never more rows at once. */
  stall_watch_start (&watch);
  more_row = clt_test_gui_find_widget (GTK_WIDGET (view), is_more_row, NULL);
  g_assert_nonnull (more_row);
  g_assert_true (gtk_widget_activate (more_row));
  clt_test_gui_wait_for_label (window, pages);
  clt_test_gui_wait_for_label (window, "Promesse en retard n° 0024");
  g_assert_cmpuint (n_rows (view), ==, 25);
  for (guint page = 1; page <= 3; page++)
    {
      g_autofree char *next = g_strdup_printf ("%u–%u of %u", page * 25 + 1, page * 25 + 25, N_MANY + 1);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "today.next-page", "u", CLT_TODAY_OVERDUE));
      clt_test_gui_wait_for_label (window, next);
      g_assert_cmpuint (n_rows (view), ==, 25);
    }
  clt_test_gui_wait_for_no_label (window, "Promesse en retard n° 0074");
  clt_test_gui_wait_for_label (window, "Promesse en retard n° 0075");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "today.previous-page", "u", CLT_TODAY_OVERDUE));
  clt_test_gui_wait_for_label (window, "Promesse en retard n° 0074");
  clt_test_gui_spin (300);
  page_ms = stall_watch_stop (&watch);
  g_test_message ("longest stall paging: %.1f ms", page_ms);
  g_assert_cmpfloat (page_ms, <, 1500);
  gtk_widget_grab_focus (clt_test_gui_find_widget (GTK_WIDGET (view), is_next_page_button, NULL));
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (window, "today-many-pages.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  clt_test_gui_spin (300);
  gtk_window_set_focus (GTK_WINDOW (window), NULL);
  clt_test_gui_spin (100);
  gtk_widget_grab_focus (clt_test_gui_find_widget (GTK_WIDGET (view), is_next_page_button, NULL));
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (window, "today-many-pages-narrow.png");

  /* Kept: the view is read again, at the same page. */
  overdue = clt_store_list_promises (clt_window_get_store (window), CLT_PROMISES_OVERDUE,
                                     clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((CltPromise *) overdue->pdata[0])->text, ==, "Promesse en retard n° 0000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "today.keep", "x",
                                            ((CltPromise *) overdue->pdata[0])->id));
  clt_test_gui_wait_for_label (window, "51–75 of 3000");
  clt_test_gui_wait_for_label (window, "Promesse en retard n° 0051");
  clt_test_gui_wait_for_no_label (window, "Promesse en retard n° 0050");
  g_assert_cmpuint (n_rows (view), ==, 25);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-today-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/promises/customer-page", Fixture, NULL,
              fixture_set_up, test_customer_page, fixture_tear_down);
  g_test_add ("/gui/promises/dialog", Fixture, NULL,
              fixture_set_up, test_promise_dialog, fixture_tear_down);
  g_test_add ("/gui/today/empty", Fixture, "empty",
              fixture_set_up, test_today_empty, fixture_tear_down);
  g_test_add ("/gui/today/busy", Fixture, NULL,
              fixture_set_up, test_today_busy, fixture_tear_down);
  g_test_add ("/gui/today/many", Fixture, "many",
              fixture_set_up, test_today_many, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-undo-promises"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clt-application.h"
#include "clt-contact-dialog.h"
#include "clt-customer-dialog.h"
#include "clt-customer-page.h"
#include "clt-log-dialog.h"
#include "clt-note-dialog.h"
#include "clt-promise-dialog.h"
#include "clt-today-view.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* Every closing can be undone: a promise kept, broken or cancelled by a
 * stray click comes back from its toast, or later from the history; and a
 * dialog closed with typed text asks first. The strings are looked up
 * through the catalogue, so the test runs (and takes its screenshots) in
 * French too. */

static CltApplication *app;
static char *data_home;

typedef struct
{
  char           *dir;
  char           *path;
  gint64          helene_id;
  gint64          overdue_id;
  gint64          today_id;
  gint64          cancelled_id;
  gint64          note_id;
} Fixture;

static gint64
due_in_days (int days)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return clt_schedule_due (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day), 0, 0, TRUE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-undo-promises", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->helene_id = clt_test_gui_add_customer (store, "Hélène Dupré");
  fixture->overdue_id = clt_store_add_promise (store, fixture->helene_id, "Rappeler pour la robe retouchée",
                                               "Julie", due_in_days (-3), TRUE, &error);
  fixture->today_id = clt_store_add_promise (store, fixture->helene_id, "Envoyer le devis", NULL,
                                             due_in_days (0), TRUE, &error);
  fixture->cancelled_id = clt_store_add_promise (store, fixture->helene_id, "Réserver la table du jeudi",
                                                 NULL, due_in_days (2), TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (clt_store_set_promise_status (store, fixture->cancelled_id, CLT_PROMISE_CANCELLED, &error));
  fixture->note_id = clt_store_add_note (store, fixture->helene_id, "Préfère être appelée le matin",
                                         "Julie", FALSE, &error);
  g_assert_no_error (error);
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

static CltPromiseStatus
status_of (CltStore *store,
           gint64    promise_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltPromise) promise = clt_store_get_promise (store, promise_id, &error);

  g_assert_no_error (error);
  return promise->status;
}

typedef struct
{
  CltStore         *store;
  gint64            promise_id;
  CltPromiseStatus  status;
} StatusQuery;

static gboolean
has_status (gpointer data)
{
  StatusQuery *query = data;

  return status_of (query->store, query->promise_id) == query->status;
}

static void
wait_for_status (CltStore         *store,
                 gint64            promise_id,
                 CltPromiseStatus  status)
{
  StatusQuery query = { store, promise_id, status };

  clt_test_gui_spin_until_full (has_status, &query, 10, "the promise's status");
}

static gboolean
is_toast (GtkWidget     *widget,
          gconstpointer  data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, g_type_from_name ("AdwToastWidget")) &&
         gtk_widget_get_mapped (widget);
}

static gboolean
is_mapped_button (GtkWidget     *widget,
                  gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

typedef struct
{
  GtkWidget  *root;
  const char *button;
} ToastQuery;

/* A toast on screen with this button. */
static gboolean
toast_with_button_is_shown (gpointer data)
{
  ToastQuery *query = data;
  GtkWidget *toast = clt_test_gui_find_widget (query->root, is_toast, NULL);

  return toast != NULL && clt_test_gui_find_widget (toast, is_mapped_button, query->button) != NULL;
}

/* Waits for the toast titled @title with the button @button, and returns that button. */
static GtkWidget *
wait_for_toast (GtkWidget  *window,
                const char *title,
                const char *button)
{
  ToastQuery query = { window, button };
  GtkWidget *toast;

  clt_test_gui_spin_until_full (toast_with_button_is_shown, &query, 20, button);
  toast = clt_test_gui_find_widget (window, is_toast, NULL);
  g_assert_nonnull (clt_test_gui_find_widget (toast, clt_test_gui_is_label_containing, title));

  return clt_test_gui_find_widget (toast, is_mapped_button, button);
}

static GtkWidget *
open_helene (Fixture *fixture,
             int      width)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, width, 800);

  clt_window_open_customer (window, fixture->helene_id);
  clt_test_gui_wait_for_label (window, "Envoyer le devis");

  return GTK_WIDGET (window);
}

/* Kept from the customer's page: Undo on the toast opens it again; kept
 * and left, the offer to log the contact follows once the toast goes. */
static void
test_customer_page (Fixture       *fixture,
                    gconstpointer  user_data)
{
  GtkWidget *window = open_helene (fixture, 1280);
  CltStore *store = clt_window_get_store (CLT_WINDOW (window));
  GtkWidget *page = clt_test_gui_get_widget (window, CLT_TYPE_CUSTOMER_PAGE);
  GtkWidget *undo;

  g_assert_true (gtk_widget_activate_action (page, "page.keep-promise", "x", fixture->today_id));
  undo = wait_for_toast (window, _("Promise kept"), _("_Undo"));
  g_assert_cmpint (status_of (store, fixture->today_id), ==, CLT_PROMISE_KEPT);
  clt_test_gui_save_screenshot (window, "promises-kept-toast-wide.png");
  g_signal_emit_by_name (undo, "clicked");
  wait_for_status (store, fixture->today_id, CLT_PROMISE_OPEN);
  clt_test_gui_wait_for_label (window, _("Promise reopened"));
  g_assert_cmpint (status_of (store, fixture->overdue_id), ==, CLT_PROMISE_OPEN);

  /* Broken and left alone: the follow-up comes after, on its own. */
  g_assert_true (gtk_widget_activate_action (page, "page.break-promise", "x", fixture->overdue_id));
  wait_for_toast (window, _("Promise marked broken"), _("_Undo"));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 800);
  wait_for_toast (window, "Hélène Dupré", _("_Log It…"));
  clt_test_gui_save_screenshot (window, "promises-follow-up-toast-narrow.png");
  g_assert_cmpint (status_of (store, fixture->overdue_id), ==, CLT_PROMISE_BROKEN);
}

static gboolean
is_gone (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

static void
show_today (GtkWidget *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (clt_test_gui_get_widget (window, ADW_TYPE_VIEW_STACK));

  /* The briefing is made when Today is first shown. */
  adw_view_stack_set_visible_child_name (stack, "today");
  clt_test_gui_spin_until (clt_test_gui_is_mapped, clt_test_gui_get_widget (window, CLT_TYPE_TODAY_VIEW));
}

/* Two ✓ in Today in quick succession: the last one's toast shows at once
 * and undoes that one only; the first one's toast comes back after it and
 * undoes the first. */
static void
test_today_two_quick (Fixture       *fixture,
                      gconstpointer  user_data)
{
  GtkWidget *window = open_helene (fixture, 360);
  CltStore *store = clt_window_get_store (CLT_WINDOW (window));
  GtkWidget *view;
  GtkWidget *undo;

  show_today (window);
  view = clt_test_gui_get_widget (window, CLT_TYPE_TODAY_VIEW);
  clt_test_gui_wait_for_label (window, "Rappeler pour la robe retouchée");
  g_assert_true (gtk_widget_activate_action (view, "today.keep", "x", fixture->overdue_id));
  g_assert_true (gtk_widget_activate_action (view, "today.keep", "x", fixture->today_id));
  wait_for_status (store, fixture->today_id, CLT_PROMISE_KEPT);
  g_assert_cmpint (status_of (store, fixture->overdue_id), ==, CLT_PROMISE_KEPT);

  undo = wait_for_toast (window, _("Promise kept"), _("_Undo"));
  clt_test_gui_save_screenshot (window, "promises-kept-toast-narrow.png");
  g_object_ref (undo);
  g_signal_emit_by_name (undo, "clicked");
  clt_test_gui_spin_until_full (is_gone, undo, 10, "the first toast to go");
  g_object_unref (undo);
  wait_for_status (store, fixture->today_id, CLT_PROMISE_OPEN);
  g_assert_cmpint (status_of (store, fixture->overdue_id), ==, CLT_PROMISE_KEPT);
  clt_test_gui_wait_for_label (window, "Envoyer le devis");

  undo = wait_for_toast (window, _("Promise kept"), _("_Undo"));
  g_signal_emit_by_name (undo, "clicked");
  wait_for_status (store, fixture->overdue_id, CLT_PROMISE_OPEN);
  g_assert_cmpint (status_of (store, fixture->today_id), ==, CLT_PROMISE_OPEN);
  clt_test_gui_wait_for_label (window, "Rappeler pour la robe retouchée");
}

static gboolean
no_reopen_button (gpointer window)
{
  return clt_test_gui_find_widget (window, is_mapped_button, _("_Reopen")) == NULL;
}

/* A cancelled promise is in the history with Reopen, which opens it again. */
static void
test_reopen_from_history (Fixture       *fixture,
                          gconstpointer  user_data)
{
  GtkWidget *window = open_helene (fixture, GPOINTER_TO_INT (user_data));
  CltStore *store = clt_window_get_store (CLT_WINDOW (window));
  CltTestGuiLabelQuery query = { window, "Réserver la table du jeudi" };
  GtkWidget *reopen;
  GtkWidget *history_row;

  clt_test_gui_wait_for_label (window, _("Promise cancelled"));
  reopen = clt_test_gui_find_widget (window, is_mapped_button, _("_Reopen"));
  g_assert_nonnull (reopen);
  history_row = gtk_widget_get_ancestor (reopen, GTK_TYPE_LIST_BOX_ROW);
  g_assert_nonnull (clt_test_gui_find_widget (history_row, clt_test_gui_is_label_containing,
                                              "Réserver la table du jeudi"));
  g_assert_true (clt_test_gui_label_is_shown (&query));
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (reopen, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    clt_test_gui_spin (300);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) -
                                          gtk_adjustment_get_page_size (adjustment));
  }
  {
    g_autofree char *name = g_strdup_printf ("promises-history-reopen-%s.png",
                                             GPOINTER_TO_INT (user_data) > 600 ? "wide" : "narrow");

    clt_test_gui_save_screenshot (window, name);
  }

  g_signal_emit_by_name (reopen, "clicked");
  wait_for_status (store, fixture->cancelled_id, CLT_PROMISE_OPEN);
  clt_test_gui_wait_for_label (window, _("Promise reopened"));
  clt_test_gui_spin_until_full (no_reopen_button, window, 10, "the history without the promise");
  g_assert_true (clt_test_gui_label_is_shown (&query));
  g_assert_true (clt_test_gui_label_is_shown (&(CltTestGuiLabelQuery) { window, _("No open promises.") }) == FALSE);
}

static GtkWidget *
find_message_dialog (void)
{
  return clt_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
}

static void
close_dialog (GtkWidget *dialog)
{
  /* What Escape, Cancel and the close button do. */
  g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
  clt_test_gui_spin (200);
}

static void
set_text_view (GtkWidget  *dialog,
               const char *text)
{
  GtkWidget *view = clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

/* Closing the note dialog with typed text asks; nothing is asked when
 * nothing was typed, or when a note being edited is as it was. */
static void
test_note_discard (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *window = open_helene (fixture, GPOINTER_TO_INT (user_data));
  CltStore *store = clt_window_get_store (CLT_WINDOW (window));
  GtkWidget *page = clt_test_gui_get_widget (window, CLT_TYPE_CUSTOMER_PAGE);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *question;

  /* Empty: closes at once. */
  g_assert_true (gtk_widget_activate_action (page, "page.add-note", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_NOTE_DIALOG);
  close_dialog (dialog);
  g_assert_null (find_message_dialog ());
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG));

  /* Only blanks: nothing to lose either. */
  g_assert_true (gtk_widget_activate_action (page, "page.add-note", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_NOTE_DIALOG);
  set_text_view (dialog, " \n ");
  close_dialog (dialog);
  g_assert_null (find_message_dialog ());
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG));

  /* Typed: asks; the safe answer goes back to the text. */
  g_assert_true (gtk_widget_activate_action (page, "page.add-note", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_NOTE_DIALOG);
  set_text_view (dialog, "A perdu son parapluie dans le hall");
  close_dialog (dialog);
  question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==, _("Discard This Note?"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (question)), ==, "continue");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (question)), ==, "continue");
  {
    g_autofree char *name = g_strdup_printf ("promises-discard-note-%s.png",
                                             GPOINTER_TO_INT (user_data) > 600 ? "wide" : "narrow");

    clt_test_gui_save_screenshot (question, name);
  }
  g_signal_emit_by_name (clt_test_gui_find_widget (question, is_mapped_button, _("_Keep Typing")), "clicked");
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (clt_test_gui_toplevel_is_shown (GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG)));

  /* Asked again, and this time given up: gone, nothing saved. */
  close_dialog (dialog);
  question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_signal_emit_by_name (clt_test_gui_find_widget (question, is_mapped_button, _("_Discard")), "clicked");
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG));
  notes = clt_store_list_notes (store, fixture->helene_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);

  /* Editing, unchanged: closes at once. */
  g_assert_true (gtk_widget_activate_action (page, "page.edit-note", "x", fixture->note_id));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_NOTE_DIALOG);
  close_dialog (dialog);
  g_assert_null (find_message_dialog ());
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG));
}

/* Answers the question with @response's button, as a person would. */
static void
answer (const char *label)
{
  GtkWidget *question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  g_signal_emit_by_name (clt_test_gui_find_widget (question, is_mapped_button, label), "clicked");
}

/* The same rule in the promise and log dialogs. */
static void
test_other_dialogs_discard (Fixture       *fixture,
                            gconstpointer  user_data)
{
  GtkWidget *window = open_helene (fixture, 1280);
  CltStore *store = clt_window_get_store (CLT_WINDOW (window));
  GtkWidget *page = clt_test_gui_get_widget (window, CLT_TYPE_CUSTOMER_PAGE);
  g_autoptr(GPtrArray) promises = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *question;

  /* A promise: nothing typed, nothing asked. */
  g_assert_true (gtk_widget_activate_action (page, "page.add-promise", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_PROMISE_DIALOG);
  close_dialog (dialog);
  g_assert_null (find_message_dialog ());
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG));

  /* Typed: asked, and given up. */
  g_assert_true (gtk_widget_activate_action (page, "page.add-promise", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_PROMISE_DIALOG);
  clt_test_gui_set_row_text (dialog, _("What was promised"), "Garder le journal du dimanche");
  close_dialog (dialog);
  question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==, _("Discard This Promise?"));
  answer (_("_Discard"));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG));
  promises = clt_store_list_promises (store, CLT_PROMISES_ALL, clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (promises->len, ==, 3);

  /* A contact's note: asked; Keep Typing keeps the dialog and its text. */
  g_assert_true (gtk_widget_activate_action (window, "win.log-contact", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_LOG_DIALOG);
  close_dialog (dialog);
  g_assert_null (find_message_dialog ());
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));
  g_assert_true (gtk_widget_activate_action (window, "win.log-contact", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_LOG_DIALOG);
  set_text_view (dialog, "A appelé pour décaler son arrivée");
  close_dialog (dialog);
  question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==, _("Discard What You Typed?"));
  answer (_("_Keep Typing"));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (clt_test_gui_toplevel_is_shown (GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG)));
  close_dialog (dialog);
  answer (_("_Discard"));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));
}

/* The same rule in the customer and contact-detail dialogs: a name typed at
 * the desk is asked about; an unchanged edit is not. */
static void
test_customer_dialogs_discard (Fixture       *fixture,
                               gconstpointer  user_data)
{
  GtkWidget *window = open_helene (fixture, 1280);
  CltStore *store = clt_window_get_store (CLT_WINDOW (window));
  GtkWidget *page = clt_test_gui_get_widget (window, CLT_TYPE_CUSTOMER_PAGE);
  gint64 n_customers = clt_store_count_customers (store);
  GtkWidget *dialog;
  GtkWidget *question;

  /* Nothing typed: closes at once. */
  g_assert_true (gtk_widget_activate_action (window, "win.new-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  close_dialog (dialog);
  g_assert_null (find_message_dialog ());
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));

  /* A name typed: asked; Keep Typing keeps it, Discard adds nobody. */
  g_assert_true (gtk_widget_activate_action (window, "win.new-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  clt_test_gui_set_row_text (dialog, _("Given name"), "Aurélien");
  close_dialog (dialog);
  question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==,
                   _("Discard This Customer?"));
  answer (_("_Keep Typing"));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_true (clt_test_gui_toplevel_is_shown (GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG)));
  close_dialog (dialog);
  answer (_("_Discard"));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));
  g_assert_cmpint (clt_store_count_customers (store), ==, n_customers);

  /* Editing, unchanged: closes at once. */
  g_assert_true (gtk_widget_activate_action (window, "win.edit-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  close_dialog (dialog);
  g_assert_null (find_message_dialog ());
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));

  /* A phone number typed in a new contact detail: asked. */
  g_assert_true (gtk_widget_activate_action (page, "page.add-contact", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CONTACT_DIALOG);
  close_dialog (dialog);
  g_assert_null (find_message_dialog ());
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CONTACT_DIALOG));
  g_assert_true (gtk_widget_activate_action (page, "page.add-contact", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CONTACT_DIALOG);
  clt_test_gui_set_row_text (dialog, _("E-mail Address"), "aurelien@example.fr");
  close_dialog (dialog);
  question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (question)), ==,
                   _("Discard This Contact Detail?"));
  answer (_("_Discard"));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CONTACT_DIALOG));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-undo-promises-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* gtk_test_init() sets an English locale: the run in French asks again. */
  if (g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr"))
    g_assert_nonnull (setlocale (LC_ALL, ""));

  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr"))
    clt_test_gui_assert_french ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/undo-promises/customer-page", Fixture, NULL,
              fixture_set_up, test_customer_page, fixture_tear_down);
  g_test_add ("/gui/undo-promises/today-two-quick", Fixture, NULL,
              fixture_set_up, test_today_two_quick, fixture_tear_down);
  g_test_add ("/gui/undo-promises/reopen-from-history", Fixture, GINT_TO_POINTER (1280),
              fixture_set_up, test_reopen_from_history, fixture_tear_down);
  g_test_add ("/gui/undo-promises/reopen-from-history-narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_reopen_from_history, fixture_tear_down);
  g_test_add ("/gui/undo-promises/note-discard", Fixture, GINT_TO_POINTER (1280),
              fixture_set_up, test_note_discard, fixture_tear_down);
  g_test_add ("/gui/undo-promises/customer-dialogs-discard", Fixture, NULL,
              fixture_set_up, test_customer_dialogs_discard, fixture_tear_down);
  g_test_add ("/gui/undo-promises/other-dialogs-discard", Fixture, NULL,
              fixture_set_up, test_other_dialogs_discard, fixture_tear_down);
  g_test_add ("/gui/undo-promises/note-discard-narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_note_discard, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

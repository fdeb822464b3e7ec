/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-compose"

#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>

#include "clt-application.h"
#include "clt-compose-dialog.h"
#include "clt-remember-view.h"
#include "clt-contact-dialog.h"
#include "clt-customer-dialog.h"
#include "clt-customer-page.h"
#include "clt-date-row.h"
#include "clt-outbox-view.h"
#include "clt-mail-view-dialog.h"
#include "clt-note-dialog.h"
#include "clt-password-dialog.h"
#include "clt-preferences-window.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* Writing to a customer: the compose dialog, drafts, the Outbox view. */

static CltApplication *app;
static char *data_home;

/* A mail server that is never reachable: what is sent stays queued, to
 * be tried again later. */
#define TEST_TYPE_TRANSPORT (test_transport_get_type ())
G_DECLARE_FINAL_TYPE (TestTransport, test_transport, TEST, TRANSPORT, GObject)

struct _TestTransport
{
  GObject parent_instance;
};

static void test_transport_iface_init (CltTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestTransport, test_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_TRANSPORT, test_transport_iface_init))

static gboolean
test_transport_send (CltTransport          *transport,
                     const char            *from_address,
                     const char            *to_address,
                     GBytes                *message,
                     CltTransportDataFunc   at_data,
                     gpointer               at_data_user_data,
                     char                 **reply,
                     GCancellable          *cancellable,
                     GError               **error)
{
  *reply = g_strdup ("421 4.3.2 Try again later");
  g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPORARY, "421 4.3.2 Try again later");

  return FALSE;
}

static gboolean
test_transport_test_connection (CltTransport  *transport,
                                GCancellable  *cancellable,
                                GError       **error)
{
  return TRUE;
}

static void
test_transport_iface_init (CltTransportInterface *iface)
{
  iface->send = test_transport_send;
  iface->test_connection = test_transport_test_connection;
}

static void
test_transport_class_init (TestTransportClass *klass)
{
}

static void
test_transport_init (TestTransport *self)
{
}

static CltTransport *
make_test_transport (const CltMailAccount *account,
                     const char           *password,
                     gpointer              user_data)
{
  return g_object_new (TEST_TYPE_TRANSPORT, NULL);
}

typedef struct
{
  char           *dir;
  char           *path;
  gint64          helene_id;
  gint64          paul_id;
  gint64          promise_id;
  CltWindow      *window;
  CltStore       *store;
  CltOutbox      *outbox;
} Fixture;

static void
fill_book (Fixture  *fixture,
           gboolean  with_account)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltCustomer) helene = clt_customer_new ("Hélène Dupré");
  g_autoptr(CltCustomer) paul = clt_customer_new ("Paul Martin");
  g_autoptr(GError) error = NULL;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  clt_customer_set_addressed_as (helene, "Madame Dupré");
  clt_customer_set_language (helene, "fr");
  fixture->helene_id = clt_store_add_customer (store, helene, &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->helene_id, CLT_CONTACT_EMAIL, "work", "helene.dupre@example.fr", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->helene_id, CLT_CONTACT_EMAIL, "home", "helene@maison.example", &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, fixture->helene_id, "room", "Chambre calme, côté jardin",
                            CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  clt_store_add_interaction (store, fixture->helene_id, CLT_INTERACTION_STAY,
                             clt_test_gui_now_unix () - 2 * 24 * 3600, FALSE, "Chambre 12", "Julie", &error);
  g_assert_no_error (error);
  fixture->promise_id = clt_store_add_promise (store, fixture->helene_id, "Retrouver l’écharpe oubliée",
                                               "Julie", clt_test_gui_now_unix () + 24 * 3600, TRUE, &error);
  g_assert_no_error (error);

  /* Marked "no e-mail". */
  clt_customer_set_email_consent (paul, CLT_CONSENT_NONE);
  fixture->paul_id = clt_store_add_customer (store, paul, &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->paul_id, CLT_CONTACT_EMAIL, NULL, "paul.martin@example.com", &error);
  g_assert_no_error (error);

  if (with_account)
    {
      g_autoptr(CltMailAccount) account = clt_mail_account_new ();

      account->from_name = g_strdup ("Hôtel des Tilleuls");
      account->from_address = g_strdup ("reception@tilleuls.example");
      account->business = g_strdup ("Hôtel des Tilleuls");
      account->signature = g_strdup ("Julie, à la réception");
      account->host = g_strdup ("smtp.tilleuls.example");
      account->port = 465;
      account->security = CLT_SECURITY_TLS;
      /* No user: no password to look up in a keyring. */
      clt_store_set_mail_account (store, account, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = clt_test_gui_make_book_dir ("clientele-compose", &fixture->path);
  fill_book (fixture, user_data == NULL);
}

static void
open_window (Fixture *fixture,
             int      width,
             int      height)
{
  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, width, height);
  fixture->store = clt_window_get_store (fixture->window);

  fixture->outbox = clt_outbox_new (fixture->store);
  clt_outbox_set_transport_factory (fixture->outbox, make_test_transport, NULL, NULL);
  clt_outbox_start (fixture->outbox);
  clt_window_set_outbox (fixture->window, fixture->outbox);
}

static gboolean
outbox_is_idle (gpointer data)
{
  return !clt_outbox_is_busy (data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *dialog;

  while ((dialog = clt_test_gui_find_toplevel (CLT_TYPE_COMPOSE_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));

  if (fixture->outbox != NULL)
    {
      clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);
      clt_outbox_stop (fixture->outbox);
    }
  g_clear_object (&fixture->outbox);
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));

  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static GPtrArray *
list_mail (Fixture         *fixture,
           CltOutboxFilter  filter)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *mails = clt_store_list_mail (fixture->store, filter, clt_test_gui_now_unix (), &error);

  g_assert_no_error (error);

  return mails;
}

static char *
dup_body (GtkWidget *dialog)
{
  GtkTextView *view = GTK_TEXT_VIEW (clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
get_subject (GtkWidget *dialog)
{
  return gtk_editable_get_text (GTK_EDITABLE (clt_test_gui_get_entry_row (dialog, _("Subject"))));
}

/* Opens the dialog through the window's action, as the page's buttons do. */
static GtkWidget *
compose (Fixture    *fixture,
         gint64      customer_id,
         const char *template_name,
         gint64      promise_id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compose-for", "(xsx)",
                                             customer_id, template_name, promise_id));

  return clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
}

static void
wait_for_dialog_gone (void)
{
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_COMPOSE_DIALOG));
}

static gboolean
is_button_for_action (GtkWidget     *widget,
                      gconstpointer  action_name)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

/* Whether the button of @action_name in @root can be pressed, which it
 * can only when its action is enabled. */
static gboolean
action_enabled (GtkWidget  *root,
                const char *action_name)
{
  GtkWidget *button = clt_test_gui_find_widget (root, is_button_for_action, action_name);

  g_assert_nonnull (button);

  return gtk_widget_is_sensitive (button);
}

static gboolean
is_button_with_tooltip (GtkWidget     *widget,
                        gconstpointer  tooltip)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

/* The template is filled for her, the Remember card beside it; Send
 * queues one message, handed to the outbox at once. */
static void
test_send (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(GPtrArray) mails = NULL;
  g_autofree char *body = NULL;
  const CltMail *mail;
  GtkWidget *dialog;
  GtkWidget *write;

  open_window (fixture, 1200, 900);
  clt_window_open_customer (fixture->window, fixture->helene_id);
  clt_test_gui_wait_for_label (fixture->window, "helene.dupre@example.fr");

  /* Ctrl+M's action: the customer shown, thanked for her last stay. */
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.compose('')");

    g_assert_cmpstr (accels[0], ==, "<Control>m");
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compose", "s", ""));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  body = dup_body (dialog);
  g_assert_nonnull (strstr (body, "séjour"));
  g_clear_pointer (&body, g_free);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_dialog_gone ();

  /* The stay in her history offers a follow-up. */
  write = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_button_with_tooltip, "Write a Follow-up…");
  g_assert_nonnull (write);
  g_assert_true (gtk_widget_get_visible (write));
  clt_test_gui_save_screenshot (fixture->window, "compose-customer-page.png");
  g_signal_emit_by_name (write, "clicked");
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_dialog_gone ();

  dialog = compose (fixture, fixture->helene_id, "thank-you-stay", 0);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1100, 760);
  body = dup_body (dialog);
  g_assert_nonnull (strstr (body, "Madame Dupré"));
  g_assert_null (strchr (body, '{'));
  g_assert_cmpstr (get_subject (dialog), !=, "");
  g_assert_null (strchr (get_subject (dialog), '{'));
  clt_test_gui_wait_for_label (dialog, "Chambre calme, côté jardin");
  clt_test_gui_wait_for_label (dialog, "helene.dupre@example.fr");
  clt_test_gui_save_screenshot (dialog, "compose-wide.png");

  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 720);
  clt_test_gui_spin (300);
  clt_test_gui_wait_for_label (dialog, "Chambre calme, côté jardin");
  clt_test_gui_save_screenshot (dialog, "compose-narrow.png");

  g_assert_true (gtk_widget_activate_action (dialog, "dialog.send", NULL));
  wait_for_dialog_gone ();
  clt_test_gui_wait_for_label (fixture->window, "Message to Hélène Dupré queued");
  clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);

  mails = list_mail (fixture, CLT_OUTBOX_ALL);
  g_assert_cmpuint (mails->len, ==, 1);
  mail = g_ptr_array_index (mails, 0);
  g_assert_cmpint (mail->state, ==, CLT_MAIL_QUEUED);
  g_assert_cmpint (mail->customer_id, ==, fixture->helene_id);
  g_assert_cmpstr (mail->to_address, ==, "helene.dupre@example.fr");
  g_assert_cmpstr (mail->template_name, ==, "thank-you-stay");
  g_assert_nonnull (strstr (mail->body, "Madame Dupré"));
  g_assert_cmpint (mail->scheduled_at, ==, 0);
}

/* Send Later…: at the day and time chosen. */
static CltDateRow *
open_send_later (GtkWidget  *dialog,
                 GtkWidget **popover)
{
  *popover = clt_test_gui_get_widget (dialog, GTK_TYPE_POPOVER);
  gtk_popover_popup (GTK_POPOVER (*popover));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, *popover);
  /* Placed on the screen before a popover of its own opens from it. */
  clt_test_gui_spin (200);

  return CLT_DATE_ROW (clt_test_gui_get_widget (*popover, CLT_TYPE_DATE_ROW));
}

static gint64
local_unix (GDateTime *day,
            int        hour,
            int        minute)
{
  g_autoptr(GDateTime) when = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                                     g_date_time_get_day_of_month (day), hour, minute, 0);

  return g_date_time_to_unix (when);
}

/* Send Later: a day from the calendar's quick choices and a quarter hour
 * from the clock's list (tomorrow 09:00 is proposed); a time gone by is
 * refused, saying why. */
static void
test_send_later (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GPtrArray) mails = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) week = g_date_time_add_days (now, 7);
  g_autoptr(GDateTime) past = g_date_time_new_local (2001, 1, 1, 10, 0, 0);
  gboolean has_time = FALSE;
  const CltMail *mail;
  GtkWidget *dialog;
  GtkWidget *popover;
  GtkWidget *calendar;
  GtkWidget *button;
  GtkWidget *list;
  CltDateRow *row;

  open_window (fixture, 1000, 800);
  dialog = compose (fixture, fixture->helene_id, "thank-you-visit", 0);
  clt_compose_dialog_select_address (CLT_COMPOSE_DIALOG (dialog), "helene@maison.example");
  row = open_send_later (dialog, &popover);

  /* Tomorrow morning is proposed. */
  {
    g_autoptr(GDateTime) proposed = clt_date_row_get_date_time (row, &has_time);

    g_assert_nonnull (proposed);
    g_assert_true (has_time);
    g_assert_cmpint (g_date_time_to_unix (proposed), ==, local_unix (tomorrow, 9, 0));
  }

  clt_date_row_set_date_time (row, past);
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.schedule", NULL));
  clt_test_gui_wait_for_label (popover, "already passed");
  g_assert_nonnull (clt_test_gui_find_toplevel (CLT_TYPE_COMPOSE_DIALOG));

  /* "In a Week" keeps the time written; the clock's list gives 10:15. */
  button = clt_test_gui_get_widget (row, GTK_TYPE_MENU_BUTTON);
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)), ==, "x-office-calendar-symbolic");
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  calendar = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, calendar);
  clt_test_gui_click (clt_test_gui_get_button (calendar, _("In a Week")));
  g_assert_false (gtk_widget_get_visible (calendar));
  {
    g_autoptr(GDateTime) chosen = clt_date_row_get_date_time (row, &has_time);

    g_assert_cmpint (g_date_time_to_unix (chosen), ==, local_unix (week, 10, 0));
  }
  button = gtk_widget_get_next_sibling (button);
  g_assert_cmpstr (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (button)), ==, "alarm-symbolic");
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  calendar = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, calendar);
  list = clt_test_gui_get_widget (calendar, GTK_TYPE_LIST_BOX);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 10 * 4 + 1));

  g_assert_true (gtk_widget_activate_action (dialog, "dialog.schedule", NULL));
  wait_for_dialog_gone ();
  clt_test_gui_wait_for_label (fixture->window, "will be sent");

  mails = list_mail (fixture, CLT_OUTBOX_SCHEDULED);
  g_assert_cmpuint (mails->len, ==, 1);
  mail = g_ptr_array_index (mails, 0);
  g_assert_cmpint (mail->state, ==, CLT_MAIL_QUEUED);
  g_assert_cmpint (mail->scheduled_at, ==, local_unix (week, 10, 15));
  g_assert_cmpstr (mail->to_address, ==, "helene@maison.example");
}

/* A draft is kept, opened again, and replaced when saved again. */
static void
test_draft (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(CltPromise) promise = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const CltMail *draft;
  gint64 draft_id;
  GtkWidget *dialog;

  open_window (fixture, 1000, 800);

  /* Kept and written about from her page: the promise fills {promise}. */
  clt_window_open_customer (fixture->window, fixture->helene_id);
  clt_test_gui_wait_for_label (fixture->window, "Retrouver l’écharpe oubliée");
  g_assert_true (gtk_widget_activate_action (clt_test_gui_get_widget (fixture->window, CLT_TYPE_CUSTOMER_PAGE),
                                             "page.keep-and-write", "x", fixture->promise_id));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  promise = clt_store_get_promise (fixture->store, fixture->promise_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (promise->status, ==, CLT_PROMISE_KEPT);
  body = dup_body (dialog);
  g_assert_nonnull (strstr (body, "Retrouver l’écharpe oubliée"));
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save-draft", NULL));
  wait_for_dialog_gone ();
  clt_test_gui_wait_for_label (fixture->window, "Draft to Hélène Dupré saved");

  drafts = list_mail (fixture, CLT_OUTBOX_DRAFTS);
  g_assert_cmpuint (drafts->len, ==, 1);
  draft = g_ptr_array_index (drafts, 0);
  g_assert_cmpint (draft->state, ==, CLT_MAIL_DRAFT);
  g_assert_cmpstr (draft->template_name, ==, "promise-kept");
  draft_id = draft->id;

  /* Edit…, as the Outbox offers. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.edit-mail", "x", draft_id));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  g_assert_cmpstr (get_subject (dialog), ==, draft->subject);
  clt_test_gui_set_row_text (dialog, _("Subject"), "Votre écharpe est retrouvée");
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save-draft", NULL));
  wait_for_dialog_gone ();

  again = list_mail (fixture, CLT_OUTBOX_DRAFTS);
  g_assert_cmpuint (again->len, ==, 1);
  draft = g_ptr_array_index (again, 0);
  g_assert_cmpint (draft->id, ==, draft_id);
  g_assert_cmpstr (draft->subject, ==, "Votre écharpe est retrouvée");

  /* Then sent: still the one message. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.edit-mail", "x", draft_id));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.send", NULL));
  wait_for_dialog_gone ();
  clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);
  all = list_mail (fixture, CLT_OUTBOX_ALL);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpint (((CltMail *) g_ptr_array_index (all, 0))->state, ==, CLT_MAIL_QUEUED);
}

/* Marketing without consent and an unknown placeholder are refused in the
 * dialog. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GPtrArray) mails = NULL;
  GtkWidget *dialog;

  open_window (fixture, 1000, 800);

  /* Marketing needs recorded consent. */
  dialog = compose (fixture, fixture->helene_id, "miss-you", 0);
  clt_test_gui_wait_for_label (dialog, "Hélène");
  g_assert_false (action_enabled (dialog, "dialog.send"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_dialog_gone ();

  /* A placeholder mistyped: shown, never sent. */
  dialog = compose (fixture, fixture->helene_id, "thank-you-visit", 0);
  clt_test_gui_set_row_text (dialog, _("Subject"), "Bonjour {frist_name}");
  clt_test_gui_wait_for_label (dialog, "frist_name");
  g_assert_false (action_enabled (dialog, "dialog.send"));
  clt_test_gui_save_screenshot (dialog, "compose-problem.png");

  /* Corrected, it goes. */
  clt_test_gui_set_row_text (dialog, _("Subject"), "Bonjour {first_name}");
  g_assert_true (action_enabled (dialog, "dialog.send"));
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.send", NULL));
  wait_for_dialog_gone ();
  clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);
  mails = list_mail (fixture, CLT_OUTBOX_ALL);
  g_assert_cmpuint (mails->len, ==, 1);
  g_assert_cmpstr (((CltMail *) g_ptr_array_index (mails, 0))->subject, ==, "Bonjour Hélène");
}

static gboolean
is_combo_titled (GtkWidget     *widget,
                 gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
message_dialog_is_gone (gpointer data)
{
  return clt_test_gui_toplevel_is_gone (GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
}

/* The dialog that says why nothing is written, with its way out. */
static AdwMessageDialog *
wait_for_blocked (const char *heading,
                  const char *response,
                  const char *label)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);
  g_assert_true (adw_message_dialog_has_response (dialog, response));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, response), ==, label);
  g_assert_null (clt_test_gui_find_toplevel (CLT_TYPE_COMPOSE_DIALOG));

  return dialog;
}

/* Writing to a customer who refused e-mail, or who has no address, stays
 * offered: it says why on the spot, with the way to change it. */
static void
test_blocked (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *blocked;
  GtkWidget *write;
  GtkWidget *dialog;
  GtkWidget *focus;
  GtkWidget *consent;
  gint64 jean_id;

  open_window (fixture, 1000, 800);
  jean_id = clt_test_gui_add_customer (clt_window_get_store (fixture->window), "Jean Morel");
  clt_window_open_customer (fixture->window, fixture->paul_id);
  clt_test_gui_wait_for_label (fixture->window, "paul.martin@example.com");

  /* The envelope by his address can be pressed. */
  write = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_button_with_tooltip, "Write an E-mail");
  g_assert_nonnull (write);
  g_assert_true (gtk_widget_get_visible (write));
  g_assert_true (gtk_widget_is_sensitive (write));

  /* Ctrl+M: why, and "Change Consent…" opens his consent. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compose", "s", ""));
  blocked = wait_for_blocked ("Paul Martin Refused E-mail", "change-consent", "_Change Consent…");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (blocked), "change their consent"));
  clt_test_gui_save_screenshot (blocked, "write-blocked.png");
  clt_test_gui_click (clt_test_gui_get_button (blocked, "_Change Consent…"));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CUSTOMER_DIALOG);
  clt_test_gui_spin_until (message_dialog_is_gone, NULL);
  consent = clt_test_gui_find_widget (dialog, is_combo_titled, "E-mail consent");
  g_assert_nonnull (consent);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (consent)), ==, CLT_CONSENT_NONE);
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_true (focus == consent || gtk_widget_is_ancestor (focus, consent));
  gtk_window_close (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CUSTOMER_DIALOG));

  /* A follow-up from the history or a toast: the same. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compose-for", "(xsx)",
                                             fixture->paul_id, "thank-you-visit", (gint64) 0));
  blocked = wait_for_blocked ("Paul Martin Refused E-mail", "change-consent", "_Change Consent…");
  clt_test_gui_click (clt_test_gui_get_button (blocked, "_Close"));
  clt_test_gui_spin_until (message_dialog_is_gone, NULL);

  /* No address: "Add an E-mail Address…". */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compose-for", "(xsx)",
                                             jean_id, "", (gint64) 0));
  blocked = wait_for_blocked ("No E-mail Address for Jean Morel", "add-address", "_Add an E-mail Address…");
  clt_test_gui_click (clt_test_gui_get_button (blocked, "_Add an E-mail Address…"));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CONTACT_DIALOG);
  gtk_window_close (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CONTACT_DIALOG));

  /* Once she has agreed, Ctrl+M writes. */
  g_assert_true (clt_store_set_email_consent (clt_window_get_store (fixture->window), fixture->paul_id,
                                              CLT_CONSENT_FOLLOW_UPS, "Camille", &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.compose", "s", ""));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_dialog_gone ();
}

static gboolean
toast_button_is_shown (gpointer data)
{
  CltTestGuiLabelQuery *query = data;

  return clt_test_gui_find_widget (query->root, clt_test_gui_is_button_labelled, query->text) != NULL;
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Another template after writing in the message: replaced, with Undo
 * bringing the text and the choice back. */
static void
test_template_undo (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autofree char *original = NULL;
  g_autofree char *replaced = NULL;
  g_autofree char *restored = NULL;
  AdwComboRow *template_row;
  GtkTextBuffer *buffer;
  GtkWidget *dialog;
  guint first;

  open_window (fixture, 1000, 800);
  dialog = compose (fixture, fixture->helene_id, "thank-you-visit", 0);
  clt_test_gui_wait_for_label (dialog, "Hélène");
  template_row = ADW_COMBO_ROW (clt_test_gui_find_widget (dialog, is_row_titled, _("Template")));
  g_assert_nonnull (template_row);
  first = adw_combo_row_get_selected (template_row);

  /* Untouched: a new template simply replaces it, no toast. */
  adw_combo_row_set_selected (template_row, first + 1);
  adw_combo_row_set_selected (template_row, first);
  original = dup_body (dialog);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_insert_at_cursor (buffer, "PS : votre écharpe vous attend.\n", -1);
  g_free (original);
  original = dup_body (dialog);

  adw_combo_row_set_selected (template_row, first + 1);
  replaced = dup_body (dialog);
  g_assert_cmpstr (replaced, !=, original);
  g_assert_null (strstr (replaced, "écharpe"));

  g_assert_true (gtk_widget_activate_action (dialog, "dialog.undo-template", NULL));
  restored = dup_body (dialog);
  g_assert_cmpstr (restored, ==, original);
  g_assert_cmpuint (adw_combo_row_get_selected (template_row), ==, first);
}

/* Kept, for a customer who reads e-mail: the toast offers to write, with
 * the "promise kept" template and the promise filled in. */
static void
test_kept_toast (Fixture       *fixture,
                 gconstpointer  user_data)
{
  CltTestGuiLabelQuery query;
  g_autofree char *body = NULL;
  GtkWidget *page;
  GtkWidget *button;
  GtkWidget *dialog;

  open_window (fixture, 1000, 800);
  clt_window_open_customer (fixture->window, fixture->helene_id);
  clt_test_gui_wait_for_label (fixture->window, "Retrouver l’écharpe oubliée");
  page = clt_test_gui_get_widget (fixture->window, CLT_TYPE_CUSTOMER_PAGE);
  g_assert_true (gtk_widget_activate_action (page, "page.keep-promise", "x", fixture->promise_id));

  clt_test_gui_wait_for_label (fixture->window, "Promise kept");
  query.root = GTK_WIDGET (fixture->window);
  query.text = "_Write to Them…";
  clt_test_gui_spin_until (toast_button_is_shown, &query);
  button = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), clt_test_gui_is_button_labelled, "_Write to Them…");
  g_signal_emit_by_name (button, "clicked");

  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  clt_test_gui_wait_for_label (dialog, "Hélène");
  body = dup_body (dialog);
  g_assert_nonnull (strstr (body, "Retrouver l’écharpe oubliée"));
}

/* Without an account the dialog says so and stays; nothing is queued. */
static void
test_no_account (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(GPtrArray) mails = NULL;
  GtkWidget *dialog;

  open_window (fixture, 1000, 800);
  dialog = compose (fixture, fixture->helene_id, "thank-you-visit", 0);
  clt_test_gui_wait_for_label (dialog, "E-mail is not set up yet");

  gtk_widget_activate_action (dialog, "dialog.send", NULL);
  clt_test_gui_spin (100);
  g_assert_nonnull (clt_test_gui_find_toplevel (CLT_TYPE_COMPOSE_DIALOG));
  g_assert_nonnull (clt_test_gui_find_widget (dialog, clt_test_gui_is_button_labelled, "_Set Up E-mail…"));
  clt_test_gui_save_screenshot (dialog, "compose-no-account.png");

  mails = list_mail (fixture, CLT_OUTBOX_ALL);
  g_assert_cmpuint (mails->len, ==, 0);

  /* Set up meanwhile (in Preferences): back in the dialog, the untouched
   * message is filled again, the business's name in it. */
  {
    g_autoptr(CltMailAccount) account = clt_mail_account_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *body = NULL;

    account->from_name = g_strdup ("Hôtel des Tilleuls");
    account->from_address = g_strdup ("reception@tilleuls.example");
    account->business = g_strdup ("Hôtel des Tilleuls");
    account->host = g_strdup ("smtp.tilleuls.example");
    account->port = 465;
    account->security = CLT_SECURITY_TLS;
    clt_store_set_mail_account (fixture->store, account, &error);
    g_assert_no_error (error);

    g_assert_true (gtk_window_is_active (GTK_WINDOW (dialog)));
    g_object_notify (G_OBJECT (dialog), "is-active");
    clt_test_gui_wait_for_no_label (dialog, "E-mail is not set up yet");
    body = dup_body (dialog);
    g_assert_nonnull (strstr (body, "Hôtel des Tilleuls"));
  }
}

static gint64
queue (Fixture      *fixture,
       const char   *subject,
       CltMailState  state,
       gint64        scheduled_at)
{
  g_autoptr(CltMailAccount) account = clt_store_get_mail_account (fixture->store, NULL);
  g_autoptr(CltMail) mail = g_new0 (CltMail, 1);
  g_autoptr(GError) error = NULL;

  mail->customer_id = fixture->helene_id;
  mail->subject = g_strdup (subject);
  mail->body = g_strdup ("Bonjour Madame Dupré,\n\nÀ bientôt.");
  mail->state = state;
  mail->scheduled_at = scheduled_at;
  g_assert_true (clt_store_queue_mail (fixture->store, account, mail, &error));
  g_assert_no_error (error);

  return mail->id;
}

/* Claims the next message and records @code as what the server did, or
 * that it was sent when @code is negative. */
static gint64
send_next (Fixture    *fixture,
           int         code,
           const char *reply)
{
  g_autoptr(CltMail) mail = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) send_error = NULL;

  mail = clt_store_claim_mail (fixture->store, clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (mail);

  if (code >= 0)
    send_error = g_error_new_literal (CLT_MAIL_ERROR, code, reply);
  clt_store_finish_mail (fixture->store, mail->id, clt_test_gui_now_unix (), reply, send_error, &error);
  g_assert_no_error (error);

  return mail->id;
}

static gboolean
is_outbox_shown (gpointer data)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (data), "outbox") == 0;
}

static AdwViewStackPage *
outbox_page (Fixture *fixture)
{
  AdwViewStack *stack = ADW_VIEW_STACK (clt_test_gui_get_widget (fixture->window, ADW_TYPE_VIEW_STACK));

  return adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "outbox"));
}

static gboolean
has_badge (gpointer data)
{
  return adw_view_stack_page_get_badge_number (data) == 1;
}

static AdwViewStack *
show_outbox (Fixture *fixture)
{
  AdwViewStack *stack = ADW_VIEW_STACK (clt_test_gui_get_widget (fixture->window, ADW_TYPE_VIEW_STACK));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-outbox", NULL));
  clt_test_gui_spin_until (is_outbox_shown, stack);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, clt_test_gui_get_widget (fixture->window, CLT_TYPE_OUTBOX_VIEW));

  return stack;
}

/* Every kind of message, each with what can be done about it; Retry puts a
 * refused one back in the queue; a sent one is in the customer's history. */
static void
test_outbox_busy (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(CltMail) retried = NULL;
  g_autoptr(GError) error = NULL;
  AdwViewStack *stack;
  AdwViewStackPage *page;
  GtkWidget *view;
  GtkWidget *viewer;
  gint64 failed_id;
  gint64 sent_id;

  open_window (fixture, 1000, 900);
  /* The test sends by hand. */
  clt_outbox_stop (fixture->outbox);

  queue (fixture, "Merci pour votre séjour", CLT_MAIL_QUEUED, 0);
  failed_id = send_next (fixture, CLT_MAIL_ERROR_REJECTED, "550 5.1.1 Mailbox unknown");
  queue (fixture, "Votre commande est arrivée", CLT_MAIL_QUEUED, 0);
  sent_id = send_next (fixture, -1, "250 2.0.0 Ok: queued as 4F2A");
  queue (fixture, "À bientôt", CLT_MAIL_QUEUED, 0);
  send_next (fixture, CLT_MAIL_ERROR_TEMPORARY, "421 4.3.2 Try again later");
  queue (fixture, "Bon anniversaire", CLT_MAIL_QUEUED, clt_test_gui_now_unix () + 3 * 24 * 3600);
  queue (fixture, "Brouillon pour Madame Dupré", CLT_MAIL_DRAFT, 0);

  /* The tab counts the refused message before the outbox is first shown,
   * which is when its view is made. */
  page = outbox_page (fixture);
  clt_test_gui_spin_until (has_badge, page);
  g_assert_true (adw_view_stack_page_get_needs_attention (page));
  g_assert_null (clt_test_gui_find_widget (GTK_WIDGET (fixture->window), clt_test_gui_is_of_type,
                                          GSIZE_TO_POINTER (CLT_TYPE_OUTBOX_VIEW)));

  stack = show_outbox (fixture);
  view = clt_test_gui_get_widget (fixture->window, CLT_TYPE_OUTBOX_VIEW);
  clt_outbox_view_reload (CLT_OUTBOX_VIEW (view));
  /* In words a person acts on; the server's own behind an expander. */
  clt_test_gui_wait_for_label (view, _("This address does not exist: check it with the customer."));
  clt_test_gui_wait_for_no_label (view, "550 5.1.1 Mailbox unknown");
  {
    g_autoptr(GPtrArray) waiting = list_mail (fixture, CLT_OUTBOX_WAITING);
    const CltMail *busy = g_ptr_array_index (waiting, 0);
    g_autofree char *expected = clt_mail_explain_reply (busy->last_reply, busy->next_try_at);
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (busy->next_try_at);
    g_autofree char *time = g_date_time_format (at, "%H:%M");

    /* The time it is tried again, in the words of the core's test. */
    g_assert_cmpstr (busy->last_reply, ==, "421 4.3.2 Try again later");
    if (g_str_equal (_("Outbox"), "Outbox"))
      {
        g_autofree char *english = g_strdup_printf ("The server is busy; it will be tried again at %s.", time);

        g_assert_cmpstr (expected, ==, english);
      }
    clt_test_gui_wait_for_label (view, expected);
  }
  clt_test_gui_wait_for_no_label (view, "421 4.3.2 Try again later");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (clt_test_gui_get_widget (view, ADW_TYPE_EXPANDER_ROW)), TRUE);
  clt_test_gui_wait_for_label (view, "550 5.1.1 Mailbox unknown");
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 900);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (fixture->window, "outbox-failure-expanded.png");
  clt_test_gui_wait_for_label (view, "Bon anniversaire");
  clt_test_gui_wait_for_label (view, "Brouillon pour Madame Dupré");
  clt_test_gui_wait_for_label (view, "Votre commande est arrivée");
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, 1);
  g_assert_true (adw_view_stack_page_get_needs_attention (page));
  clt_test_gui_save_screenshot (fixture->window, "outbox-busy.png");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (fixture->window, "outbox-narrow.png");

  /* A sent message opens read-only, as it went. */
  g_assert_true (gtk_widget_activate_action (view, "outbox.view", "x", sent_id));
  viewer = clt_test_gui_wait_for_toplevel (CLT_TYPE_MAIL_VIEW_DIALOG);
  clt_test_gui_wait_for_label (viewer, "Votre commande est arrivée");
  clt_test_gui_wait_for_label (viewer, "helene.dupre@example.fr");
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (clt_test_gui_get_widget (viewer, GTK_TYPE_TEXT_VIEW))));
  gtk_window_destroy (GTK_WINDOW (viewer));

  g_assert_true (gtk_widget_activate_action (view, "outbox.retry", "x", failed_id));
  retried = clt_store_get_mail (fixture->store, failed_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retried->state, ==, CLT_MAIL_QUEUED);
  /* Back among those waiting, the server's last words with it. */
  clt_test_gui_wait_for_no_label (view, "The server refused these messages");
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (page), ==, 0);

  /* Sent: in her history, under its subject. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 900);
  adw_view_stack_set_visible_child_name (stack, "customers");
  clt_window_open_customer (fixture->window, fixture->helene_id);
  clt_test_gui_wait_for_label (fixture->window, "E-mail sent");
  clt_test_gui_wait_for_label (fixture->window, "Votre commande est arrivée");
}

/* Cut off after the server began to receive them: "May have been sent",
 * in words, with Send Again and Mark as Sent; never sent by itself. */
static void
test_outbox_uncertain (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(CltMail) again = NULL;
  g_autoptr(CltMail) marked = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *view;
  gint64 first_id;
  gint64 second_id;

  open_window (fixture, 1000, 900);
  clt_outbox_stop (fixture->outbox);

  queue (fixture, "Merci pour votre séjour", CLT_MAIL_QUEUED, 0);
  first_id = send_next (fixture, CLT_MAIL_ERROR_UNCERTAIN,
                        "The connection to “localhost” was lost after the message was handed over: "
                        "it may or may not have been delivered.");
  queue (fixture, "Votre commande est arrivée", CLT_MAIL_QUEUED, 0);
  second_id = send_next (fixture, CLT_MAIL_ERROR_UNCERTAIN, "Connection timed out after the data.");
  queue (fixture, "À bientôt", CLT_MAIL_QUEUED, clt_test_gui_now_unix () + 3 * 24 * 3600);

  show_outbox (fixture);
  view = clt_test_gui_get_widget (fixture->window, CLT_TYPE_OUTBOX_VIEW);
  clt_outbox_view_reload (CLT_OUTBOX_VIEW (view));
  clt_test_gui_wait_for_label (view, "May Have Been Sent");
  clt_test_gui_wait_for_label (view, "May have been sent");
  clt_test_gui_wait_for_label (view, "it may or may not have been delivered");
  g_assert_nonnull (clt_test_gui_find_widget (view, clt_test_gui_is_button_labelled, "Send _Again"));
  g_assert_nonnull (clt_test_gui_find_widget (view, clt_test_gui_is_button_labelled, "Mark as _Sent"));
  g_assert_true (adw_view_stack_page_get_needs_attention (outbox_page (fixture)));
  clt_test_gui_save_screenshot (fixture->window, "outbox-uncertain.png");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 720);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (fixture->window, "outbox-uncertain-narrow.png");

  g_assert_true (gtk_widget_activate_action (view, "outbox.send-again", "x", first_id));
  again = clt_store_get_mail (fixture->store, first_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->state, ==, CLT_MAIL_QUEUED);

  g_assert_true (gtk_widget_activate_action (view, "outbox.mark-sent", "x", second_id));
  marked = clt_store_get_mail (fixture->store, second_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (marked->state, ==, CLT_MAIL_SENT);
  clt_test_gui_wait_for_no_label (view, "May Have Been Sent");
}

static gboolean
is_not_sending (gpointer data)
{
  CltTestGuiLabelQuery query = { data, "Sending…" };

  return !clt_test_gui_label_is_shown (&query);
}

/* Paused for a password: said, with the way out; Send Now tries again. */
static void
test_outbox_paused (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) mails = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *view;
  GtkWidget *dialog;

  open_window (fixture, 1000, 800);
  queue (fixture, "Merci pour votre séjour", CLT_MAIL_QUEUED, 0);
  clt_outbox_kick (fixture->outbox);
  clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);

  /* Paused for the account, not the password: Preferences. */
  clt_store_set_outbox_paused (fixture->store, "The certificate of “localhost” is not trusted.", &error);
  g_assert_no_error (error);
  show_outbox (fixture);
  view = clt_test_gui_get_widget (fixture->window, CLT_TYPE_OUTBOX_VIEW);
  clt_outbox_view_reload (CLT_OUTBOX_VIEW (view));
  clt_test_gui_wait_for_label (view, "Sending is paused: The certificate");
  g_assert_nonnull (clt_test_gui_find_widget (view, clt_test_gui_is_button_labelled, "Open _Preferences…"));

  /* The server refused the password, as the outbox records it. */
  {
    g_autoptr(CltMail) claimed = NULL;
    g_autoptr(GError) refused = g_error_new_literal (CLT_MAIL_ERROR, CLT_MAIL_ERROR_AUTH,
                                                     "The server refused the password of reception@tilleuls.example.");

    clt_outbox_stop (fixture->outbox);
    claimed = clt_store_claim_mail (fixture->store, clt_test_gui_now_unix () + 86400, &error);
    g_assert_no_error (error);
    g_assert_nonnull (claimed);
    g_assert_true (clt_store_finish_mail (fixture->store, claimed->id, clt_test_gui_now_unix (), NULL,
                                          refused, &error));
    g_assert_no_error (error);
  }
  clt_outbox_view_reload (CLT_OUTBOX_VIEW (view));
  clt_test_gui_wait_for_label (view, "Sending is paused: The server refused the password");
  g_assert_true (adw_view_stack_page_get_needs_attention (outbox_page (fixture)));
  clt_test_gui_save_screenshot (fixture->window, "outbox-paused.png");

  g_assert_nonnull (clt_test_gui_find_widget (view, clt_test_gui_is_button_labelled, "_Enter Password…"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.enter-password", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_PASSWORD_DIALOG);
  gtk_window_destroy (GTK_WINDOW (dialog));

  clt_outbox_start (fixture->outbox);
  clt_outbox_resume (fixture->outbox);
  clt_test_gui_wait_for_no_label (view, "Sending is paused");
  clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);
  g_assert_true (gtk_widget_activate_action (view, "outbox.send-now", NULL));
  clt_test_gui_spin_until (is_not_sending, view);
  clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);

  mails = list_mail (fixture, CLT_OUTBOX_WAITING);
  g_assert_cmpuint (mails->len, ==, 1);
  g_assert_cmpuint (((CltMail *) g_ptr_array_index (mails, 0))->attempts, >=, 2);
}

static gboolean
is_status_page_titled (GtkWidget     *widget,
                       gconstpointer  title)
{
  return ADW_IS_STATUS_PAGE (widget) &&
         g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (widget)), title) == 0;
}

static void
test_outbox_empty (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *page;

  open_window (fixture, 1000, 700);
  /* The outbox is made when first shown, not for the window's first
   * frame (its page's 128-pixel icon is drawn from SVG). */
  g_assert_null (clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_status_page_titled, "Nothing to Send"));
  g_assert_null (clt_test_gui_find_widget (GTK_WIDGET (fixture->window), clt_test_gui_is_of_type,
                                          GSIZE_TO_POINTER (CLT_TYPE_OUTBOX_VIEW)));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (outbox_page (fixture)), ==, 0);
  g_assert_false (adw_view_stack_page_get_needs_attention (outbox_page (fixture)));
  show_outbox (fixture);
  clt_test_gui_wait_for_label (fixture->window, "Nothing to Send");
  page = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_status_page_titled, "Nothing to Send");
  g_assert_nonnull (page);
  g_assert_cmpstr (adw_status_page_get_icon_name (ADW_STATUS_PAGE (page)), ==, "mail-send-symbolic");
  clt_test_gui_save_screenshot (fixture->window, "outbox-empty.png");
}

static GtkTextBuffer *
get_body_buffer (GtkWidget *dialog)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW)));
}

static void
append_to_body (GtkWidget  *dialog,
                const char *text)
{
  GtkTextBuffer *buffer = get_body_buffer (dialog);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
}

static gboolean
message_dialog_is_shown (gpointer data)
{
  return clt_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static AdwMessageDialog *
wait_for_message_dialog (const char *heading)
{
  AdwMessageDialog *dialog;

  clt_test_gui_spin_until (message_dialog_is_shown, NULL);
  dialog = ADW_MESSAGE_DIALOG (clt_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, heading);

  return dialog;
}

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG));
}

/* Escape with a postscript typed: the message is kept as a draft, and a
 * toast in the window says so; closing untouched keeps nothing. */
static void
test_draft_on_escape (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) still = NULL;
  const CltMail *draft;
  GtkWidget *dialog;

  open_window (fixture, 1280, 800);

  /* Opened and closed untouched (the window's close): nothing is kept. */
  dialog = compose (fixture, fixture->helene_id, "thank-you-stay", 0);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_dialog_gone ();
  drafts = list_mail (fixture, CLT_OUTBOX_DRAFTS);
  g_assert_cmpuint (drafts->len, ==, 0);
  g_clear_pointer (&drafts, g_ptr_array_unref);

  dialog = compose (fixture, fixture->helene_id, "thank-you-stay", 0);
  append_to_body (dialog, "\nP.-S. : votre écharpe vous attend à la réception.");
  /* Escape (bound to window.close), as a clerk does when someone walks up
   * to the desk. */
  gtk_widget_activate_action (dialog, "window.close", NULL);
  wait_for_dialog_gone ();
  clt_test_gui_wait_for_label (fixture->window, _("Draft saved in the Outbox"));
  clt_test_gui_save_screenshot (fixture->window, "draft-on-escape.png");

  drafts = list_mail (fixture, CLT_OUTBOX_DRAFTS);
  g_assert_cmpuint (drafts->len, ==, 1);
  draft = g_ptr_array_index (drafts, 0);
  g_assert_cmpint (draft->customer_id, ==, fixture->helene_id);
  g_assert_true (g_str_has_suffix (draft->body, "\nP.-S. : votre écharpe vous attend à la réception."));
  g_assert_cmpstr (draft->template_name, ==, "thank-you-stay");

  /* Opened again from the Outbox, changed, closed with Cancel: the same
   * draft, not a second one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.edit-mail", "x", draft->id));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  append_to_body (dialog, " Bonne journée.");
  clt_test_gui_click (clt_test_gui_get_button (dialog, _("_Cancel")));
  wait_for_dialog_gone ();
  clt_test_gui_spin (100);
  still = list_mail (fixture, CLT_OUTBOX_DRAFTS);
  g_assert_cmpuint (still->len, ==, 1);
  g_assert_cmpint (((CltMail *) g_ptr_array_index (still, 0))->id, ==, draft->id);
  g_assert_true (g_str_has_suffix (((CltMail *) g_ptr_array_index (still, 0))->body, " Bonne journée."));
}

static gboolean
is_row_with_subtitle (GtkWidget     *widget,
                      gconstpointer  text)
{
  return ADW_IS_ACTION_ROW (widget) &&
         strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text) != NULL &&
         gtk_widget_is_drawable (widget);
}

static gboolean
outbox_lists_draft (gpointer data)
{
  return clt_test_gui_find_widget (data, is_row_with_subtitle, "Merci pour votre séjour") != NULL;
}

/* The Outbox on screen while a message is written: the draft its dialog
 * keeps on Escape is listed at once, with no reload by hand; shown again,
 * it is still there. */
static void
test_draft_listed (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *view;
  GtkWidget *dialog;

  open_window (fixture, 1280, 800);
  show_outbox (fixture);
  view = clt_test_gui_get_widget (fixture->window, CLT_TYPE_OUTBOX_VIEW);
  g_assert_false (outbox_lists_draft (view));

  dialog = compose (fixture, fixture->helene_id, "thank-you-stay", 0);
  append_to_body (dialog, "\nÀ vendredi.");
  gtk_widget_activate_action (dialog, "window.close", NULL);
  wait_for_dialog_gone ();
  clt_test_gui_spin_until_full (outbox_lists_draft, view, 10, "the kept draft in the Outbox");
  clt_test_gui_save_screenshot (fixture->window, "draft-listed.png");
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* On a phone, the toast's words are read in full, wrapped, its button
 * and close button beside them. */
static void
test_draft_on_escape_narrow (Fixture       *fixture,
                             gconstpointer  user_data)
{
  GtkWidget *dialog;
  GtkWidget *label;

  open_window (fixture, 360, 720);
  dialog = compose (fixture, fixture->helene_id, "thank-you-stay", 0);
  append_to_body (dialog, "\nÀ bientôt.");
  gtk_widget_activate_action (dialog, "window.close", NULL);
  wait_for_dialog_gone ();
  clt_test_gui_wait_for_label (fixture->window, _("Draft saved in the Outbox"));
  clt_test_gui_spin (300);
  label = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_label_with_text, _("Draft saved in the Outbox"));
  g_assert_true (gtk_label_get_wrap (GTK_LABEL (label)));
  g_assert_cmpint (gtk_label_get_max_width_chars (GTK_LABEL (label)), <=, 12);
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
  clt_test_gui_save_screenshot (fixture->window, "draft-on-escape-narrow.png");
}

/* Send with no account: kept as a draft, Preferences opened, said once in
 * the card (no toast repeating it); once set up, Send sends that draft. */
static void
test_send_keeps_draft (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMailAccount) account = clt_mail_account_new ();
  AdwComboRow *templates;
  GtkWidget *dialog;
  GtkWidget *preferences;
  gint64 draft_id;

  open_window (fixture, 1000, 800);
  clt_store_set_setting (fixture->store, "compose.business-asked", "1", &error);
  g_assert_no_error (error);
  dialog = compose (fixture, fixture->helene_id, "thank-you-visit", 0);

  /* Written from nothing: no template, so nothing left empty. */
  templates = ADW_COMBO_ROW (clt_test_gui_find_widget (dialog, clt_test_gui_is_of_type,
                                                       GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW)));
  templates = ADW_COMBO_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (templates)));
  adw_combo_row_set_selected (templates, g_list_model_get_n_items (adw_combo_row_get_model (templates)) - 1);
  clt_test_gui_set_row_text (dialog, _("Subject"), "Votre écharpe");
  gtk_text_buffer_set_text (get_body_buffer (dialog), "Bonjour Madame Dupré,\n\nVotre écharpe est à la réception.", -1);
  g_assert_true (action_enabled (dialog, "dialog.send"));

  gtk_widget_activate_action (dialog, "dialog.send", NULL);
  preferences = clt_test_gui_wait_for_toplevel (CLT_TYPE_PREFERENCES_WINDOW);
  clt_test_gui_wait_for_label (dialog, _("Your message is kept in the Outbox’s drafts."));
  /* Said once: no toast repeating the card. */
  g_assert_false (clt_test_gui_label_is_shown (&(CltTestGuiLabelQuery) { dialog, _("E-mail is not set up yet") }));
  drafts = list_mail (fixture, CLT_OUTBOX_DRAFTS);
  g_assert_cmpuint (drafts->len, ==, 1);
  draft_id = ((CltMail *) g_ptr_array_index (drafts, 0))->id;
  g_assert_cmpstr (((CltMail *) g_ptr_array_index (drafts, 0))->subject, ==, "Votre écharpe");
  gtk_window_destroy (GTK_WINDOW (preferences));

  account->from_name = g_strdup ("Julie");
  account->from_address = g_strdup ("reception@tilleuls.example");
  account->host = g_strdup ("smtp.tilleuls.example");
  account->port = 465;
  account->security = CLT_SECURITY_TLS;
  clt_store_set_mail_account (fixture->store, account, &error);
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (dialog));
  g_object_notify (G_OBJECT (dialog), "is-active");
  clt_test_gui_wait_for_no_label (dialog, _("Your message is kept in the Outbox’s drafts."));

  /* One click: the same message goes, and leaves the drafts. */
  gtk_widget_activate_action (dialog, "dialog.send", NULL);
  wait_for_dialog_gone ();
  clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = list_mail (fixture, CLT_OUTBOX_DRAFTS);
  g_assert_cmpuint (drafts->len, ==, 0);
  all = list_mail (fixture, CLT_OUTBOX_ALL);
  g_assert_cmpuint (all->len, ==, 1);
  g_assert_cmpint (((CltMail *) g_ptr_array_index (all, 0))->id, ==, draft_id);
  g_assert_cmpint (((CltMail *) g_ptr_array_index (all, 0))->state, ==, CLT_MAIL_QUEUED);
}

/* No business name: asked for the first time only; the message cannot go
 * with a gap in it, and the card's button fills it. */
static void
test_empty_business (Fixture       *fixture,
                     gconstpointer  user_data)
{
  AdwMessageDialog *question;
  g_autofree char *body = NULL;
  g_autofree char *filled = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  open_window (fixture, 1280, 800);
  clt_store_set_business_name (fixture->store, NULL, &error);
  g_assert_no_error (error);

  dialog = compose (fixture, fixture->helene_id, "thank-you-visit", 0);
  question = wait_for_message_dialog (_("What Is the Business Called?"));
  respond (question, "later");

  clt_test_gui_wait_for_label (dialog, _("The name of the business is not set yet."));
  {
    GtkWidget *fix = clt_test_gui_find_widget (dialog, is_button_for_action, "dialog.set-business");

    g_assert_true (gtk_widget_is_drawable (fix));
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (fix)))), ==,
                     _("Set the _Business Name…"));
  }
  g_assert_false (action_enabled (dialog, "dialog.send"));
  body = dup_body (dialog);
  g_assert_nonnull (strstr (body, "{business} vous remercie de votre visite"));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 1280, 800);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (dialog, "compose-empty-business.png");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 720);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (dialog, "compose-empty-business-narrow.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_dialog_gone ();

  /* Asked once: the next message does not ask again. */
  dialog = compose (fixture, fixture->helene_id, "thank-you-visit", 0);
  clt_test_gui_wait_for_label (dialog, _("The name of the business is not set yet."));
  clt_test_gui_spin (200);
  g_assert_null (clt_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));

  gtk_widget_activate_action (dialog, "dialog.set-business", NULL);
  question = wait_for_message_dialog (_("What Is the Business Called?"));
  gtk_editable_set_text (GTK_EDITABLE (clt_test_gui_get_widget (GTK_WIDGET (question), ADW_TYPE_ENTRY_ROW)),
                         "Hôtel des Tilleuls");
  respond (question, "save");
  clt_test_gui_wait_for_no_label (dialog, _("The name of the business is not set yet."));
  filled = dup_body (dialog);
  g_assert_nonnull (strstr (filled, "Hôtel des Tilleuls vous remercie de votre visite"));
  g_assert_true (action_enabled (dialog, "dialog.send"));
}

/* No signature: the card's button says what it leads to write; beside the
 * message, the Remember card keeps its width whatever the card above the
 * message says. */
static void
test_empty_signature (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *fix;
  GtkWidget *column;

  open_window (fixture, 1280, 800);
  account = clt_store_get_mail_account (fixture->store, &error);
  g_assert_no_error (error);
  g_clear_pointer (&account->signature, g_free);
  clt_store_set_mail_account (fixture->store, account, &error);
  g_assert_no_error (error);

  dialog = compose (fixture, fixture->helene_id, "thank-you-stay", 0);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 900, 700);
  clt_test_gui_spin (300);
  g_assert_false (action_enabled (dialog, "dialog.send"));
  fix = clt_test_gui_find_widget (dialog, is_button_for_action, "app.preferences-page");
  g_assert_nonnull (fix);
  g_assert_true (gtk_widget_is_drawable (fix));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (fix)), ==, _("Write the _Signature…"));

  column = clt_test_gui_get_widget (dialog, CLT_TYPE_REMEMBER_VIEW);
  g_assert_cmpint (gtk_widget_get_width (column), >=, 240);
  clt_test_gui_save_screenshot (dialog, "compose-empty-signature.png");
}

/* The promise's note is selected for rewriting; Send asks once when it is
 * left as written. */
static void
test_promise_selected (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) mails = NULL;
  g_autofree char *selected = NULL;
  AdwMessageDialog *question;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GtkWidget *dialog;

  open_window (fixture, 1000, 800);
  dialog = compose (fixture, fixture->helene_id, "promise-kept", fixture->promise_id);
  buffer = get_body_buffer (dialog);
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  selected = gtk_text_iter_get_text (&start, &end);
  g_assert_cmpstr (selected, ==, "Retrouver l’écharpe oubliée");

  gtk_widget_activate_action (dialog, "dialog.send", NULL);
  question = wait_for_message_dialog (_("Send the Note as It Was Written?"));
  respond (question, "rewrite");
  g_assert_nonnull (clt_test_gui_find_toplevel (CLT_TYPE_COMPOSE_DIALOG));
  mails = list_mail (fixture, CLT_OUTBOX_ALL);
  g_assert_cmpuint (mails->len, ==, 0);
  g_clear_pointer (&mails, g_ptr_array_unref);

  /* Rewritten for her: it goes without asking again. */
  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert_at_cursor (buffer, "nous avons retrouvé votre écharpe", -1);
  gtk_widget_activate_action (dialog, "dialog.send", NULL);
  wait_for_dialog_gone ();
  g_assert_null (clt_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);
  mails = list_mail (fixture, CLT_OUTBOX_ALL);
  g_assert_cmpuint (mails->len, ==, 1);
  g_assert_nonnull (strstr (((CltMail *) g_ptr_array_index (mails, 0))->body,
                            ":\nnous avons retrouvé votre écharpe\n"));
}

/* With the account set up, a draft goes from the Outbox in one click; one
 * with a gap still in it opens, filled, to be read before it goes. */
static void
test_outbox_send_draft (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(CltMail) gap = g_new0 (CltMail, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWidget *view;
  GtkWidget *dialog;
  gint64 draft_id;

  open_window (fixture, 1000, 900);
  clt_outbox_stop (fixture->outbox);
  draft_id = queue (fixture, "Votre écharpe", CLT_MAIL_DRAFT, 0);
  gap->customer_id = fixture->helene_id;
  gap->subject = g_strdup ("Merci");
  gap->body = g_strdup ("{business} vous remercie.");
  gap->state = CLT_MAIL_DRAFT;
  g_assert_true (clt_store_queue_mail (fixture->store, NULL, gap, &error));
  g_assert_no_error (error);

  show_outbox (fixture);
  view = clt_test_gui_get_widget (fixture->window, CLT_TYPE_OUTBOX_VIEW);
  clt_outbox_view_reload (CLT_OUTBOX_VIEW (view));
  clt_test_gui_wait_for_label (view, "Votre écharpe");
  g_assert_nonnull (clt_test_gui_find_widget (view, is_button_with_tooltip, _("Send")));

  g_assert_true (gtk_widget_activate_action (view, "outbox.send-draft", "x", draft_id));
  clt_test_gui_spin (200);
  waiting = list_mail (fixture, CLT_OUTBOX_WAITING);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpint (((CltMail *) g_ptr_array_index (waiting, 0))->id, ==, draft_id);
  drafts = list_mail (fixture, CLT_OUTBOX_DRAFTS);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpint (((CltMail *) g_ptr_array_index (drafts, 0))->id, ==, gap->id);

  g_assert_true (gtk_widget_activate_action (view, "outbox.send-draft", "x", gap->id));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  body = dup_body (dialog);
  g_assert_cmpstr (body, ==, "Hôtel des Tilleuls vous remercie.");
  g_assert_true (action_enabled (dialog, "dialog.send"));
}

/* Send Later with no account: the draft keeps the time it was meant to
 * go, nothing is queued; opened again once the account exists, it shows
 * that time and Send Later proposes it. */
static void
test_send_later_no_account (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GPtrArray) scheduled = NULL;
  g_autoptr(CltMail) claimed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMailAccount) account = clt_mail_account_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autoptr(GDateTime) meant = g_date_time_new_from_unix_local (local_unix (later, 16, 45));
  gboolean has_time = FALSE;
  const CltMail *draft;
  GtkWidget *preferences;
  GtkWidget *dialog;
  GtkWidget *popover;
  CltDateRow *row;
  gint64 draft_id;

  open_window (fixture, 1000, 800);
  clt_store_set_setting (fixture->store, "compose.business-asked", "1", &error);
  g_assert_no_error (error);
  dialog = compose (fixture, fixture->helene_id, "thank-you-visit", 0);
  clt_compose_dialog_select_address (CLT_COMPOSE_DIALOG (dialog), "helene@maison.example");
  /* No template: nothing left empty for want of an account. */
  {
    AdwComboRow *templates = ADW_COMBO_ROW (clt_test_gui_find_widget (dialog, clt_test_gui_is_of_type,
                                                                     GSIZE_TO_POINTER (ADW_TYPE_COMBO_ROW)));

    templates = ADW_COMBO_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (templates)));
    adw_combo_row_set_selected (templates, g_list_model_get_n_items (adw_combo_row_get_model (templates)) - 1);
  }
  clt_test_gui_set_row_text (dialog, _("Subject"), "Votre écharpe");
  gtk_text_buffer_set_text (get_body_buffer (dialog), "Bonjour Madame Dupré,\n\nVotre écharpe est à la réception.", -1);

  row = open_send_later (dialog, &popover);
  clt_date_row_set_date_time (row, meant);
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.schedule", NULL));
  preferences = clt_test_gui_wait_for_toplevel (CLT_TYPE_PREFERENCES_WINDOW);
  clt_test_gui_wait_for_label (dialog, _("Your message is kept in the Outbox’s drafts."));
  gtk_window_destroy (GTK_WINDOW (preferences));

  drafts = list_mail (fixture, CLT_OUTBOX_DRAFTS);
  g_assert_cmpuint (drafts->len, ==, 1);
  draft = g_ptr_array_index (drafts, 0);
  draft_id = draft->id;
  g_assert_cmpint (draft->state, ==, CLT_MAIL_DRAFT);
  g_assert_cmpint (draft->scheduled_at, ==, g_date_time_to_unix (meant));
  g_assert_cmpstr (draft->to_address, ==, "helene@maison.example");
  scheduled = list_mail (fixture, CLT_OUTBOX_SCHEDULED);
  g_assert_cmpuint (scheduled->len, ==, 0);

  /* Closed with a word added: still the same time. */
  gtk_text_buffer_insert_at_cursor (get_body_buffer (dialog), " Bonne journée.", -1);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_for_dialog_gone ();

  /* Nothing goes behind anyone's back, even after that time. */
  claimed = clt_store_claim_mail (fixture->store, g_date_time_to_unix (meant) + 24 * 3600, &error);
  g_assert_no_error (error);
  g_assert_null (claimed);

  account->from_name = g_strdup ("Julie");
  account->from_address = g_strdup ("reception@tilleuls.example");
  account->host = g_strdup ("smtp.tilleuls.example");
  account->port = 465;
  account->security = CLT_SECURITY_TLS;
  clt_store_set_mail_account (fixture->store, account, &error);
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.edit-mail", "x", draft_id));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_COMPOSE_DIALOG);
  clt_test_gui_wait_for_label (dialog, "Send Later keeps that time");
  row = open_send_later (dialog, &popover);
  {
    g_autoptr(GDateTime) proposed = clt_date_row_get_date_time (row, &has_time);

    g_assert_true (has_time);
    g_assert_cmpint (g_date_time_to_unix (proposed), ==, g_date_time_to_unix (meant));
  }
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.schedule", NULL));
  wait_for_dialog_gone ();

  g_clear_pointer (&scheduled, g_ptr_array_unref);
  scheduled = list_mail (fixture, CLT_OUTBOX_SCHEDULED);
  g_assert_cmpuint (scheduled->len, ==, 1);
  g_assert_cmpint (((CltMail *) g_ptr_array_index (scheduled, 0))->id, ==, draft_id);
  g_assert_cmpint (((CltMail *) g_ptr_array_index (scheduled, 0))->scheduled_at, ==, g_date_time_to_unix (meant));
}

static void
assert_drafts (Fixture *fixture,
               guint    n)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  drafts = clt_store_list_mail (store, CLT_OUTBOX_DRAFTS, clt_test_gui_now_unix (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      const CltMail *draft = g_ptr_array_index (drafts, i);

      g_assert_cmpint (draft->customer_id, ==, fixture->helene_id);
      g_assert_true (g_str_has_suffix (draft->body, "\nP.-S. : votre écharpe vous attend à la réception."));
    }
}

static void
close_window (Fixture  *fixture,
              gboolean  destroy)
{
  if (destroy)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  else
    gtk_window_close (GTK_WINDOW (fixture->window));
  wait_for_dialog_gone ();
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_WINDOW));
  clt_test_gui_spin_until (outbox_is_idle, fixture->outbox);
  clt_outbox_stop (fixture->outbox);
  g_clear_object (&fixture->outbox);
  fixture->store = NULL;
  fixture->window = NULL;
}

/* The main window closed while a message is being written: what was
 * typed is a draft, whether the window asked its dialog to close first
 * (its close button) or took it down with it, never asked (quitting). */
static void
test_window_closed_keeps_draft (Fixture       *fixture,
                                gconstpointer  user_data)
{
  GtkWidget *dialog;

  open_window (fixture, 1280, 800);
  dialog = compose (fixture, fixture->helene_id, "thank-you-stay", 0);
  append_to_body (dialog, "\nP.-S. : votre écharpe vous attend à la réception.");
  close_window (fixture, FALSE);
  assert_drafts (fixture, 1);

  open_window (fixture, 1280, 800);
  dialog = compose (fixture, fixture->helene_id, "thank-you-stay", 0);
  append_to_body (dialog, "\nP.-S. : votre écharpe vous attend à la réception.");
  close_window (fixture, TRUE);
  assert_drafts (fixture, 2);
}

/* The main window's close with a note being typed: the note dialog asks,
 * as on its own close, and the window stays until it is answered. */
static void
test_window_close_asks_note (Fixture       *fixture,
                             gconstpointer  user_data)
{
  GtkWidget *dialog;
  GtkWidget *question;
  GtkTextView *view;

  open_window (fixture, 1280, 800);
  clt_window_open_customer (fixture->window, fixture->helene_id);
  clt_test_gui_wait_for_label (fixture->window, "Hélène Dupré");
  g_assert_true (gtk_widget_activate_action (clt_test_gui_get_widget (fixture->window, CLT_TYPE_CUSTOMER_PAGE),
                                             "page.add-note", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_NOTE_DIALOG);
  view = GTK_TEXT_VIEW (clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), "A perdu son parapluie dans le hall", -1);

  gtk_window_close (GTK_WINDOW (fixture->window));
  question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (question)) == GTK_WINDOW (dialog));
  g_assert_true (clt_test_gui_toplevel_is_shown (GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG)));
  g_assert_true (clt_test_gui_toplevel_is_shown (GSIZE_TO_POINTER (CLT_TYPE_WINDOW)));

  /* Given up: the note goes, and the window closes when asked again. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (question), "discard");
  gtk_window_destroy (GTK_WINDOW (question));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG));
  close_window (fixture, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-compose-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* gtk_test_init() sets an English locale: a run in French (for its
   * screenshots) asks again. */
  if (g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr"))
    g_assert_nonnull (setlocale (LC_ALL, ""));

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

  g_test_add ("/gui/compose/send", Fixture, NULL, fixture_set_up, test_send, fixture_tear_down);
  g_test_add ("/gui/compose/send-later", Fixture, NULL, fixture_set_up, test_send_later, fixture_tear_down);
  g_test_add ("/gui/compose/send-later-no-account", Fixture, "no account", fixture_set_up, test_send_later_no_account, fixture_tear_down);
  g_test_add ("/gui/compose/window-closed-keeps-draft", Fixture, NULL, fixture_set_up, test_window_closed_keeps_draft, fixture_tear_down);
  g_test_add ("/gui/compose/window-close-asks-note", Fixture, NULL, fixture_set_up, test_window_close_asks_note, fixture_tear_down);
  g_test_add ("/gui/compose/draft", Fixture, NULL, fixture_set_up, test_draft, fixture_tear_down);
  g_test_add ("/gui/compose/refusals", Fixture, NULL, fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/gui/compose/blocked", Fixture, NULL, fixture_set_up, test_blocked, fixture_tear_down);
  g_test_add ("/gui/compose/kept-toast", Fixture, NULL, fixture_set_up, test_kept_toast, fixture_tear_down);
  g_test_add ("/gui/compose/template-undo", Fixture, NULL, fixture_set_up, test_template_undo, fixture_tear_down);
  g_test_add ("/gui/compose/no-account", Fixture, "no account", fixture_set_up, test_no_account, fixture_tear_down);
  g_test_add ("/gui/compose/draft-on-escape", Fixture, NULL, fixture_set_up, test_draft_on_escape, fixture_tear_down);
  g_test_add ("/gui/compose/empty-signature", Fixture, NULL, fixture_set_up, test_empty_signature, fixture_tear_down);
  g_test_add ("/gui/compose/draft-listed", Fixture, NULL, fixture_set_up, test_draft_listed, fixture_tear_down);
  g_test_add ("/gui/compose/draft-on-escape-narrow", Fixture, NULL, fixture_set_up, test_draft_on_escape_narrow, fixture_tear_down);
  g_test_add ("/gui/compose/send-keeps-draft", Fixture, "no account", fixture_set_up, test_send_keeps_draft, fixture_tear_down);
  g_test_add ("/gui/compose/empty-business", Fixture, NULL, fixture_set_up, test_empty_business, fixture_tear_down);
  g_test_add ("/gui/compose/promise-selected", Fixture, NULL, fixture_set_up, test_promise_selected, fixture_tear_down);
  g_test_add ("/gui/outbox/send-draft", Fixture, NULL, fixture_set_up, test_outbox_send_draft, fixture_tear_down);
  g_test_add ("/gui/outbox/busy", Fixture, NULL, fixture_set_up, test_outbox_busy, fixture_tear_down);
  g_test_add ("/gui/outbox/paused", Fixture, NULL, fixture_set_up, test_outbox_paused, fixture_tear_down);
  g_test_add ("/gui/outbox/uncertain", Fixture, NULL, fixture_set_up, test_outbox_uncertain, fixture_tear_down);
  g_test_add ("/gui/outbox/empty", Fixture, NULL, fixture_set_up, test_outbox_empty, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sharing-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-a11y.h"
#include "clt-gui-util.h"
#include "clt-helper-process.h"
#include "clt-sync-collections-dialog.h"
#include "clt-sync-runner.h"
#include "clt-sync-status.h"
#include "clt-window.h"
#include "clt-write.h"

#include "clt-sharing-page.h"

/*
 * The Sharing page of Preferences: the server the book is shared through
 * (set up by `clientele-cli sync setup`, which checks the account before
 * keeping it), then who and where, how the last round went, Sync Now and
 * Stop Sharing. The rounds themselves are the book window's
 * (#CltSyncRunner).
 */

struct _CltSharingPage
{
  AdwPreferencesPage  parent_instance;

  CltStore           *store;
  CltSyncRunner      *runner;         /* the book window's, once mapped */
  GCancellable       *cancellable;    /* cancelled in dispose: answers come to nobody */
  GCancellable       *setup_cancellable;  /* Connect's Cancel: stops `sync setup` */
  gboolean            connecting;
  char               *address_book;   /* picked before Connect, for `sync setup` */
  char               *task_list;

  AdwPreferencesGroup *setup_group;
  AdwPreferencesGroup *connect_group;
  AdwPreferencesGroup *shared_group;
  AdwPreferencesGroup *stop_group;
  AdwEntryRow         *url_row;
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel            *error_label;
  GtkSpinner          *connect_spinner;
  GtkButton           *connect_button;
  GtkButton           *cancel_connect_button;
  AdwActionRow        *account_row;
  AdwActionRow        *status_row;
  AdwActionRow        *journals_row;
  GtkSpinner          *status_spinner;
  AdwPreferencesRow   *progress_row;
  GtkLabel            *progress_label;
  GtkProgressBar      *progress_bar;
  GtkButton           *cancel_round_button;
  AdwActionRow        *sync_row;
  AdwPasswordEntryRow *new_password_row;
  GtkButton           *stop_button;
  AdwActionRow        *collections_row;
  AdwActionRow        *shared_collections_row;
};

G_DEFINE_FINAL_TYPE (CltSharingPage, clt_sharing_page, ADW_TYPE_PREFERENCES_PAGE)

typedef struct
{
  char *url;
  char *user;
} Account;

static void
account_free (Account *account)
{
  g_free (account->url);
  g_free (account->user);
  g_free (account);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Account, account_free)

static void
add_toast (CltSharingPage *self,
           const char     *text)
{
  g_autofree char *title = g_markup_escape_text (text, -1);

  clt_gui_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static char *
dup_row_text (gpointer editable)
{
  return clt_text_strip (gtk_editable_get_text (GTK_EDITABLE (editable)));
}

static void
show_error (CltSharingPage *self,
            const char     *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* A round that runs long: its progress and Cancel, instead of its status. */
static void
update_progress (CltSharingPage *self)
{
  gboolean shown = self->runner != NULL && clt_sync_runner_get_running (self->runner) &&
                   clt_sync_runner_get_long_round (self->runner);
  g_autofree char *text = NULL;
  double fraction;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_row), shown);
  gtk_widget_set_visible (GTK_WIDGET (self->status_row), !shown);
  if (!shown)
    return;

  text = clt_sync_runner_dup_progress_text (self->runner);
  gtk_label_set_text (self->progress_label, text);
  fraction = clt_sync_runner_get_fraction (self->runner);
  if (fraction < 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_round_button),
                            !clt_sync_runner_get_cancelling (self->runner));
}

/* Shows the form or the account, as the book has it now. */
static void
update_state (CltSharingPage *self)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *as_user = NULL;
  g_autofree char *status = NULL;
  gboolean shared = FALSE;
  gboolean running;

  if (self->store != NULL)
    shared = clt_store_sync_get_account (self->store, &url, &user, NULL);
  running = self->runner != NULL && clt_sync_runner_get_running (self->runner);

  gtk_widget_set_visible (GTK_WIDGET (self->setup_group), !shared);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_group), !shared);
  gtk_widget_set_visible (GTK_WIDGET (self->shared_group), shared);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_group), shared);

  gtk_widget_set_sensitive (GTK_WIDGET (self->setup_group), !self->connecting);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_spinner), self->connecting);
  gtk_spinner_set_spinning (self->connect_spinner, self->connecting);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_button), !self->connecting);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_connect_button), self->connecting);

  if (!shared)
    return;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row), url);
  /* Translators: under the server's address; %s is a user name */
  as_user = g_strdup_printf (_("Signed in as %s"), user != NULL ? user : "");
  adw_action_row_set_subtitle (self->account_row, as_user);

  update_progress (self);

  if (running)
    status = g_strdup (_("Syncing…"));
  else if (self->runner != NULL)
    status = clt_sync_runner_dup_status (self->runner);
  /* The rounds may not know yet of an account set up elsewhere (the
   * command line): the book says how it last went. */
  if (status == NULL)
    status = clt_sync_describe_last_round (self->store);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), status);

  /* Once a round found the task list: whether it takes logged contacts
   * (an empty collection for them says it does not). */
  {
    g_autofree char *journals = NULL;

    clt_store_sync_get_collection (self->store, CLT_SYNC_CONTACT, &journals, NULL, NULL);
    gtk_widget_set_visible (GTK_WIDGET (self->journals_row), journals != NULL && *journals == '\0');
  }

  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), running);
  gtk_spinner_set_spinning (self->status_spinner, running);
  /* A round runs alone, and sharing stops between two rounds, not in one. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->sync_row), !running && self->runner != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stop_button), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->shared_collections_row), !running && !self->connecting);
  /* The server refused the password: the new one is typed here. */
  gtk_widget_set_visible (GTK_WIDGET (self->new_password_row),
                          self->runner != NULL && clt_sync_runner_get_paused (self->runner));
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_password_row), !self->connecting);
}

/* The collections picked go with the setup that used them. */
static void
forget_collections (CltSharingPage *self)
{
  g_clear_pointer (&self->address_book, g_free);
  g_clear_pointer (&self->task_list, g_free);
  adw_action_row_set_subtitle (self->collections_row, _("Clientele (new)"));
}

static void
setup_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CltSharingPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = clt_helper_process_run_cli_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->connecting = FALSE;
  g_clear_object (&self->setup_cancellable);
  /* Cancelled: no account was kept, the form stays as it was typed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      update_state (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  if (output == NULL && gtk_widget_get_visible (GTK_WIDGET (self->new_password_row)))
    {
      add_toast (self, error->message);
      update_state (self);
      return;
    }
  if (output == NULL)
    {
      show_error (self, error->message);
      update_state (self);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  show_error (self, NULL);
  forget_collections (self);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->new_password_row), "");
  /* The first round at once: the book goes up, the server's comes in. */
  if (self->runner != NULL)
    clt_sync_runner_sync_now (self->runner);
  update_state (self);
}

/* `sync setup`, which keeps the account only once the server took it. */
static void
run_setup (CltSharingPage *self,
           const char     *url,
           const char     *user,
           const char     *password)
{
  g_auto(CltPassword) input = NULL;
  /* The collections when picked (both or neither). */
  const char *arguments[] = {
    "--database", clt_store_get_path (self->store), "sync", "setup",
    "--url", url, "--user", user, "--password-stdin",
    self->address_book != NULL ? "--address-book" : NULL, self->address_book,
    "--task-list", self->task_list, NULL
  };

  self->connecting = TRUE;
  g_set_object (&self->setup_cancellable, g_cancellable_new ());
  update_state (self);

  /* Never on the command line, where any program of this computer can
   * read it. */
  input = g_strconcat (password, "\n", NULL);
  clt_helper_process_run_cli_async (arguments, input, self->setup_cancellable, setup_done_cb,
                                    g_object_ref (self));
}

static void
connect_cb (CltSharingPage *self)
{
  g_autofree char *url = dup_row_text (self->url_row);
  g_autofree char *user = dup_row_text (self->user_row);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  if (self->connecting)
    return;

  if (*url == '\0' || *user == '\0' || *password == '\0')
    {
      show_error (self, _("Fill in the server’s address, your user name and your password."));
      return;
    }

  show_error (self, NULL);
  run_setup (self, url, user, password);
}

/* The same account with the password the server takes now. */
static void
new_password_cb (CltSharingPage *self)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->new_password_row));

  if (self->connecting || *password == '\0' ||
      !clt_store_sync_get_account (self->store, &url, &user, NULL) || user == NULL)
    return;

  run_setup (self, url, user, password);
}

/* Stops `sync setup` where it is: it keeps nothing until the server
 * answered, and then the account whole. */
static void
cancel_connect_cb (CltSharingPage *self)
{
  if (self->setup_cancellable != NULL)
    g_cancellable_cancel (self->setup_cancellable);
}

static void
cancel_round_cb (CltSharingPage *self)
{
  if (self->runner != NULL)
    clt_sync_runner_cancel (self->runner);
}

static void
form_changed_cb (CltSharingPage *self)
{
  if (!self->connecting)
    show_error (self, NULL);
}

static void
sync_now_cb (CltSharingPage *self)
{
  if (self->runner != NULL)
    clt_sync_runner_sync_now (self->runner);
}

static void
password_cleared_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  CltSharingPage *self = CLT_SHARING_PAGE (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error) && !g_cancellable_is_cancelled (self->cancellable))
    add_toast (self, error->message);
}

static void
clear_password_thread (GTask        *task,
                       gpointer      source,
                       gpointer      data,
                       GCancellable *cancellable)
{
  Account *account = data;
  g_autoptr(GError) error = NULL;

  if (!clt_secret_clear_sync_password (account->url, account->user, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
clear_account_write (CltStore  *store,
                     gpointer   data,
                     GError   **error)
{
  return clt_store_sync_clear_account (store, error);
}

static void
account_cleared_cb (GtkWidget    *widget,
                    const GError *error,
                    gpointer      data)
{
  CltSharingPage *self = CLT_SHARING_PAGE (widget);
  Account *account = data;
  Account *copy = NULL;
  g_autoptr(GTask) task = NULL;

  if (self->runner != NULL)
    clt_sync_runner_update (self->runner);
  update_state (self);
  if (error != NULL)
    return;

  add_toast (self, _("The book is no longer shared"));
  if (account->user == NULL)
    return;

  /* The password goes too: nothing is left for a round to use. */
  copy = g_new0 (Account, 1);
  copy->url = g_strdup (account->url);
  copy->user = g_strdup (account->user);
  task = g_task_new (self, NULL, password_cleared_cb, NULL);
  g_task_set_task_data (task, copy, (GDestroyNotify) account_free);
  g_task_run_in_thread (task, clear_password_thread);
}

static void
stop_response_cb (CltSharingPage *self,
                  const char     *response)
{
  g_autoptr(Account) account = NULL;

  if (g_strcmp0 (response, "stop") != 0 || self->store == NULL)
    return;

  account = g_new0 (Account, 1);
  if (!clt_store_sync_get_account (self->store, &account->url, &account->user, NULL))
    {
      update_state (self);
      return;
    }

  clt_write_run (self->store, GTK_WIDGET (self), _("Sharing was not stopped."),
                 clear_account_write, account_cleared_cb, g_steal_pointer (&account),
                 (GDestroyNotify) account_free);
}

static void
stop_cb (CltSharingPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Stop Sharing the Book?"),
                                                       _("This desk keeps its customers as they are now. "
                                                         "Its changes will no longer reach the other desks, "
                                                         "nor theirs come here. The server keeps its copy.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "stop", _("_Stop Sharing"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "stop", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (stop_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Picked on another server or for another user: no longer. */
static void
server_changed_cb (CltSharingPage *self)
{
  if (self->address_book != NULL && !self->connecting)
    forget_collections (self);
}

static void
collections_chosen_cb (CltSharingPage           *self,
                       CltSyncCollectionsDialog *dialog)
{
  g_autofree char *summary = NULL;

  /* Shared: set up by the dialog already; the next round uses them. */
  if (clt_store_sync_get_account (self->store, NULL, NULL, NULL))
    {
      if (self->runner != NULL)
        clt_sync_runner_sync_now (self->runner);
      return;
    }

  /* Kept for Connect. */
  g_free (self->address_book);
  g_free (self->task_list);
  self->address_book = g_strdup (clt_sync_collections_dialog_get_address_book (dialog));
  self->task_list = g_strdup (clt_sync_collections_dialog_get_task_list (dialog));
  summary = clt_sync_collections_dialog_dup_summary (dialog);
  adw_action_row_set_subtitle (self->collections_row, summary);
}

static void
choose_collections_cb (CltSharingPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *address_book = NULL;
  g_autofree char *task_list = NULL;
  CltSyncCollectionsDialog *dialog;
  const char *password = NULL;

  if (self->connecting || self->store == NULL)
    return;

  if (clt_store_sync_get_account (self->store, NULL, NULL, NULL))
    {
      clt_store_sync_get_collection (self->store, CLT_SYNC_CUSTOMER, &address_book, NULL, NULL);
      clt_store_sync_get_collection (self->store, CLT_SYNC_PROMISE, &task_list, NULL, NULL);
    }
  else
    {
      url = dup_row_text (self->url_row);
      user = dup_row_text (self->user_row);
      password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
      if (*url == '\0' || *user == '\0' || *password == '\0')
        {
          show_error (self, _("Fill in the server’s address, your user name and your password."));
          return;
        }
      address_book = g_strdup (self->address_book);
      task_list = g_strdup (self->task_list);
    }

  show_error (self, NULL);
  dialog = clt_sync_collections_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            clt_store_get_path (self->store), url, user, password,
                                            address_book, task_list);
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (collections_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The book window the preferences are for: its rounds are shown here. */
static CltWindow *
get_book_window (CltSharingPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  while (window != NULL && !CLT_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);

  return window != NULL ? CLT_WINDOW (window) : NULL;
}

static void
runner_changed_cb (CltSharingPage *self)
{
  update_state (self);
}

static void
set_runner (CltSharingPage *self,
            CltSyncRunner  *runner)
{
  if (self->runner == runner)
    return;

  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  g_set_object (&self->runner, runner);
  if (runner != NULL)
    {
      g_signal_connect_object (runner, "notify::running", G_CALLBACK (runner_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "round-finished", G_CALLBACK (runner_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "notify::paused", G_CALLBACK (runner_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "notify::long-round", G_CALLBACK (runner_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "progress", G_CALLBACK (update_progress), self, G_CONNECT_SWAPPED);
    }
}

static void
map_cb (CltSharingPage *self)
{
  CltWindow *window = get_book_window (self);

  set_runner (self, window != NULL ? clt_window_get_sync_runner (window) : NULL);
  update_state (self);
}

static void
clt_sharing_page_dispose (GObject *object)
{
  CltSharingPage *self = CLT_SHARING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  /* A setup under way goes on: closing Preferences is not Cancel. */
  g_clear_object (&self->setup_cancellable);
  set_runner (self, NULL);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_SHARING_PAGE);

  G_OBJECT_CLASS (clt_sharing_page_parent_class)->dispose (object);
}

static void
clt_sharing_page_finalize (GObject *object)
{
  CltSharingPage *self = CLT_SHARING_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->address_book);
  g_free (self->task_list);

  G_OBJECT_CLASS (clt_sharing_page_parent_class)->finalize (object);
}

static void
clt_sharing_page_class_init (CltSharingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_sharing_page_dispose;
  object_class->finalize = clt_sharing_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-sharing-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, setup_group);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, connect_group);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, shared_group);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, stop_group);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, connect_spinner);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, connect_button);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, cancel_connect_button);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, progress_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, cancel_round_button);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, account_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, journals_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, status_spinner);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, sync_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, new_password_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, collections_row);
  gtk_widget_class_bind_template_child (widget_class, CltSharingPage, shared_collections_row);
  gtk_widget_class_bind_template_callback (widget_class, choose_collections_cb);
  gtk_widget_class_bind_template_callback (widget_class, connect_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_connect_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_round_cb);
  gtk_widget_class_bind_template_callback (widget_class, sync_now_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_password_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_cb);
}

static void
clt_sharing_page_init (CltSharingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  clt_a11y_name_password_row (self->password_row);
  clt_a11y_name_password_row (self->new_password_row);

  self->cancellable = g_cancellable_new ();
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
  g_signal_connect_swapped (self->url_row, "changed", G_CALLBACK (server_changed_cb), self);
  g_signal_connect_swapped (self->user_row, "changed", G_CALLBACK (server_changed_cb), self);
}

/**
 * clt_sharing_page_new:
 * @store: the book
 *
 * Returns: (transfer floating): the page, for @store
 */
CltSharingPage *
clt_sharing_page_new (CltStore *store)
{
  CltSharingPage *self;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_SHARING_PAGE, NULL);
  self->store = g_object_ref (store);
  update_state (self);

  return self;
}

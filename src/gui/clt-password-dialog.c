/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-password-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "clt-password-dialog.h"
#include "clt-write.h"

struct _CltPasswordDialog
{
  AdwMessageDialog  parent_instance;

  CltStore         *store;
  char             *host;
  char             *user;
  GCancellable     *cancellable;

  GtkWidget        *password_row;
};

G_DEFINE_FINAL_TYPE (CltPasswordDialog, clt_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  PASSWORD_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
destroy_cb (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));

  return G_SOURCE_REMOVE;
}

/* A message dialog closes itself after a response: it hides (see init),
 * and goes for good once the answer has been dealt with. */
static void
destroy_later (CltPasswordDialog *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, destroy_cb, g_object_ref (self), g_object_unref);
}

static void
store_password_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  CltPasswordDialog *self = source_object;
  const char *password = task_data;
  g_autoptr(GError) error = NULL;

  if (!clt_secret_store_password (self->host, self->user, password, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
resume_write (CltStore  *store,
              gpointer   data,
              GError   **error)
{
  return clt_store_set_outbox_paused (store, NULL, error);
}

/* Told once the outbox is no longer paused in the book, so that sending
 * finds it so. */
static void
resumed_cb (GtkWidget    *widget,
            const GError *error,
            gpointer      data)
{
  g_signal_emit (data, signals[PASSWORD_SAVED], 0);
}

static void
resume_done (gpointer data)
{
  destroy_later (data);
  g_object_unref (data);
}

static void
store_password_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CltPasswordDialog *self = CLT_PASSWORD_DIALOG (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      /* Back, with the reason, rather than a password silently lost. */
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), error->message);
      gtk_window_present (GTK_WINDOW (self));
      return;
    }

  /* The password is kept either way; a book busy with another program is
   * waited for without freezing the window. */
  clt_write_run (self->store, NULL, _("Sending did not start again."), resume_write, resumed_cb,
                 g_object_ref (self), resume_done);
}

static void
password_changed_cb (CltPasswordDialog *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", *password != '\0');
}

static void
clt_password_dialog_response (AdwMessageDialog *dialog,
                              const char       *response)
{
  CltPasswordDialog *self = CLT_PASSWORD_DIALOG (dialog);
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  g_autoptr(GTask) task = NULL;

  if (g_strcmp0 (response, "save") != 0 || *password == '\0')
    {
      destroy_later (self);
      return;
    }

  task = g_task_new (self, self->cancellable, store_password_cb, NULL);
  g_task_set_source_tag (task, clt_password_dialog_response);
  g_task_set_task_data (task, g_strdup (password), (GDestroyNotify) clt_secret_password_free);
  g_task_run_in_thread (task, store_password_thread);
}

static void
clt_password_dialog_dispose (GObject *object)
{
  CltPasswordDialog *self = CLT_PASSWORD_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_password_dialog_parent_class)->dispose (object);
}

static void
clt_password_dialog_finalize (GObject *object)
{
  CltPasswordDialog *self = CLT_PASSWORD_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->host);
  g_free (self->user);

  G_OBJECT_CLASS (clt_password_dialog_parent_class)->finalize (object);
}

static void
clt_password_dialog_class_init (CltPasswordDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  AdwMessageDialogClass *dialog_class = ADW_MESSAGE_DIALOG_CLASS (klass);

  object_class->dispose = clt_password_dialog_dispose;
  object_class->finalize = clt_password_dialog_finalize;
  dialog_class->response = clt_password_dialog_response;

  /**
   * CltPasswordDialog::password-saved:
   *
   * The new password is in the keyring and the outbox is no longer paused:
   * time to call clt_outbox_resume().
   */
  signals[PASSWORD_SAVED] =
    g_signal_new ("password-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
clt_password_dialog_init (CltPasswordDialog *self)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);
  GtkWidget *list = gtk_list_box_new ();

  self->cancellable = g_cancellable_new ();

  gtk_window_set_hide_on_close (GTK_WINDOW (self), TRUE);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  adw_message_dialog_set_heading (dialog, _("Password Refused"));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save and Retry"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "save", FALSE);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");

  self->password_row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password"));
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (self->password_row), TRUE);
  g_signal_connect_object (self->password_row, "changed",
                           G_CALLBACK (password_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), self->password_row);
  adw_message_dialog_set_extra_child (dialog, list);
}

/**
 * clt_password_dialog_new:
 * @parent: (nullable): the window it belongs to
 * @store: the book, whose account's password was refused
 *
 * Asks again for the password of @store's SMTP account. "Save and Retry"
 * stores it in the keyring, clears the outbox's pause, then emits
 * #CltPasswordDialog::password-saved; the dialog destroys itself when done.
 */
GtkWidget *
clt_password_dialog_new (GtkWindow *parent,
                         CltStore  *store)
{
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  CltPasswordDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_PASSWORD_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  account = clt_store_get_mail_account (store, &error);
  if (account == NULL || account->host == NULL || account->user == NULL)
    {
      /* Nothing to ask for: say so rather than store a password nowhere. */
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   error != NULL ? error->message
                                                 : _("No server is set up for sending e-mail. "
                                                     "Set one up in Preferences."));
      gtk_widget_set_visible (gtk_widget_get_parent (self->password_row), FALSE);
      return GTK_WIDGET (self);
    }

  self->host = g_strdup (account->host);
  self->user = g_strdup (account->user);
  /* Translators: the first %s is a user name, the second a mail server */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (self),
                                  _("The server refused the password for %s at %s. "
                                    "Type it again to resume sending."),
                                  account->user, account->host);

  return GTK_WIDGET (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-write"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-gui-util.h"
#include "clt-window.h"
#include "clt-write.h"

/* Every change the window makes goes through here. While another program
 * (clientele-cli, an import) holds the book's write lock, SQLite would wait
 * for it on the main thread: the window waits less than a frame instead,
 * and tries again from its main loop until CLT_WRITE_PATIENCE_MS have
 * passed, then tells the person who asked. Changes are made one at a
 * time, in the order they were asked for. */

/* What SQLite may wait on the main thread. */
#define BUSY_TIMEOUT_MS 10
/* What the store waits otherwise (clt_store_open()): the reminders and the
 * outbox keep it. */
#define STORE_BUSY_TIMEOUT_MS 5000
#define RETRY_INTERVAL_MS 100
/* Below this width, a toast's text needs all its room. */
#define NARROW_PX 600
/* A toast's margins, padding and close button; a bold character. */
#define TOAST_CHROME_PX 110
#define CHAR_PX 9

typedef struct
{
  CltStore         *store;
  GWeakRef          widget;
  gboolean          has_widget;
  char             *failure;   /* NULL: nobody asked, a failure is logged */
  CltWriteFunc      write;
  CltWriteDoneFunc  done;
  gboolean          done_on_error;   /* else a failure is reported */
  gpointer          data;
  GDestroyNotify    destroy;
  gint64            deadline;   /* monotonic µs; 0 until first tried */
} Write;

static GQueue queue = G_QUEUE_INIT;
static guint retry_id;
static gboolean running;

static void process_queue (void);

static void
write_free (Write *write)
{
  if (write->destroy != NULL)
    write->destroy (write->data);
  g_weak_ref_clear (&write->widget);
  g_clear_object (&write->store);
  g_free (write->failure);
  g_free (write);
}

static void
enqueue (Write *write)
{
  write->deadline = 0;
  g_queue_push_tail (&queue, write);
  if (!running && retry_id == 0)
    process_queue ();
}

/* The visible window showing the book, if any. */
static CltWindow *
find_window (CltStore *store)
{
  GApplication *app = g_application_get_default ();

  if (!GTK_IS_APPLICATION (app))
    return NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (CLT_IS_WINDOW (l->data) && gtk_widget_get_visible (l->data) &&
        clt_window_get_store (l->data) == store)
      return l->data;

  return NULL;
}

static void
try_again_cb (AdwToast *toast,
              gpointer  user_data)
{
  Write *write = g_object_steal_data (G_OBJECT (toast), "clt-write");

  if (write != NULL)
    enqueue (write);
}

/* Tells that @write failed where the person who asked will see it: in the
 * window (the widget's, else the book's), else in a notification, as when
 * a reminder's "Mark as Kept" was pressed with no window open. A toast for
 * a book that was busy offers to try again, and keeps @write for it. */
static void
report (Write        *write,
        GtkWidget    *widget,
        const GError *error)
{
  gboolean busy = g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY);
  /* With Try Again beside it, "try again in a moment" goes without saying. */
  g_autofree char *text = g_strjoin (" ", write->failure,
                                     busy ? _("The book is busy with another program.") : error->message,
                                     NULL);
  CltWindow *window = find_window (write->store);
  gboolean in_widget = widget != NULL && gtk_widget_get_mapped (widget);
  GtkWidget *title;
  GtkWidget *root;
  gboolean narrow;
  AdwToast *toast;

  g_message ("%s", text);

  if (!in_widget && window == NULL)
    {
      GApplication *app = g_application_get_default ();
      g_autoptr(GNotification) notification = g_notification_new (write->failure);

      g_notification_set_body (notification, error->message);
      g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
      if (app != NULL)
        g_application_send_notification (app, "write-failed", notification);
      write_free (write);
      return;
    }

  /* What did not happen, and why, must be read in full, also in a narrow
   * window: wrapped as narrow as the toast must be (it is as wide as its
   * title wants); there Try Again gives its room to the text, the button
   * pressed again does as well. */
  root = in_widget ? GTK_WIDGET (gtk_widget_get_root (widget)) : GTK_WIDGET (window);
  narrow = gtk_widget_get_width (root) < NARROW_PX;
  title = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (title),
                                 narrow ? MAX ((gtk_widget_get_width (root) - TOAST_CHROME_PX) / CHAR_PX, 12)
                                        : 60);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  toast = adw_toast_new ("");
  adw_toast_set_custom_title (toast, title);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  if (busy && !narrow)
    {
      adw_toast_set_button_label (toast, _("_Try Again"));
      g_object_set_data_full (G_OBJECT (toast), "clt-write", write, (GDestroyNotify) write_free);
      g_signal_connect (toast, "button-clicked", G_CALLBACK (try_again_cb), NULL);
    }
  else
    {
      write_free (write);
    }

  if (in_widget)
    clt_gui_add_toast (widget, toast);
  else
    clt_window_add_toast (window, toast);
}

static void
finish (Write        *write,
        const GError *error)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&write->widget);
  gboolean widget_there = widget != NULL || !write->has_widget;

  if (error != NULL && write->failure == NULL)
    g_message ("Not written to the book: %s", error->message);
  else if (error != NULL && (!write->done_on_error || !widget_there))
    {
      report (write, widget, error);
      return;
    }
  else if (write->done != NULL && widget_there)
    write->done (widget, error, write->data);

  write_free (write);
}

static gboolean
retry_cb (gpointer user_data)
{
  retry_id = 0;
  process_queue ();

  return G_SOURCE_REMOVE;
}

static void
process_queue (void)
{
  Write *write;

  running = TRUE;
  while ((write = g_queue_peek_head (&queue)) != NULL)
    {
      g_autoptr(GError) error = NULL;
      gint64 now = g_get_monotonic_time ();
      gboolean ok;

      if (write->deadline == 0)
        write->deadline = now + CLT_WRITE_PATIENCE_MS * (gint64) 1000;

      clt_store_set_busy_timeout (write->store, BUSY_TIMEOUT_MS);
      ok = write->write (write->store, write->data, &error);
      clt_store_set_busy_timeout (write->store, STORE_BUSY_TIMEOUT_MS);
      g_assert (ok || error != NULL);

      if (!ok && g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY) && now < write->deadline)
        {
          retry_id = g_timeout_add (RETRY_INTERVAL_MS, retry_cb, NULL);
          break;
        }

      g_queue_pop_head (&queue);
      finish (write, error);
    }
  running = FALSE;
}

static void
run (CltStore         *store,
     GtkWidget        *widget,
     const char       *failure,
     CltWriteFunc      write,
     CltWriteDoneFunc  done,
     gboolean          done_on_error,
     gpointer          data,
     GDestroyNotify    destroy)
{
  Write *self = g_new0 (Write, 1);

  self->store = g_object_ref (store);
  g_weak_ref_init (&self->widget, widget);
  self->has_widget = widget != NULL;
  self->failure = g_strdup (failure);
  self->write = write;
  self->done = done;
  self->done_on_error = done_on_error;
  self->data = data;
  self->destroy = destroy;
  enqueue (self);
}

/**
 * clt_write_run:
 * @store: the book
 * @widget: (nullable): what asked for the change, for @done and to show a
 *   failure in its window; %NULL for a notification's button
 * @failure: (nullable): what to say when the change could not be made,
 *   such as "The promise was not marked as kept."; the reason follows it.
 *   %NULL for a change nobody asked for, whose failure is only logged
 * @write: makes the change, all or nothing
 * @done: (nullable): called once the change is made, while @widget is
 *   there, if there was one (@error is always %NULL)
 * @data: for @write and @done
 * @destroy: (nullable): frees @data
 *
 * Makes a change to the book without ever waiting on the main thread for
 * another program's: now when the book is free, which is nearly always
 * (then @done is called before this returns), else as soon as it is. A
 * failure is shown as a toast in @widget's window, else in the book's,
 * else as a notification; one because the book stayed busy offers to try
 * again.
 */
void
clt_write_run (CltStore         *store,
               GtkWidget        *widget,
               const char       *failure,
               CltWriteFunc      write,
               CltWriteDoneFunc  done,
               gpointer          data,
               GDestroyNotify    destroy)
{
  g_return_if_fail (CLT_IS_STORE (store));
  g_return_if_fail (widget == NULL || GTK_IS_WIDGET (widget));
  g_return_if_fail (write != NULL);

  run (store, widget, failure, write, done, FALSE, data, destroy);
}

typedef struct
{
  CltWriteFunc      write;
  CltWriteDoneFunc  saved;
  gpointer          data;
  GDestroyNotify    destroy;
} DialogWrite;

static void
dialog_saved_cb (GtkWidget    *dialog,
                 const GError *error,
                 gpointer      data)
{
  DialogWrite *self = data;
  GtkWidget *shows_errors = g_object_get_data (G_OBJECT (dialog), "clt-write-shows-errors");

  if (error == NULL)
    {
      if (self->saved != NULL)
        self->saved (dialog, NULL, self->data);
      gtk_window_destroy (GTK_WINDOW (dialog));
      return;
    }

  gtk_widget_set_sensitive (dialog, TRUE);
  if (GTK_IS_LABEL (shows_errors))
    clt_gui_dialog_show_error (GTK_LABEL (shows_errors), error);
  else if (ADW_IS_TOAST_OVERLAY (shows_errors))
    clt_gui_dialog_toast_error (ADW_TOAST_OVERLAY (shows_errors), error);
  else
    self->saved (dialog, error, self->data);
}

static gboolean
dialog_write (CltStore  *store,
              gpointer   data,
              GError   **error)
{
  DialogWrite *self = data;

  return self->write (store, self->data, error);
}

static void
dialog_write_free (DialogWrite *self)
{
  if (self->destroy != NULL)
    self->destroy (self->data);
  g_free (self);
}

/**
 * clt_write_save_dialog:
 * @dialog: a dialog whose Save was pressed
 * @shows_errors: (nullable): where the dialog shows why it could not save:
 *   its error label, or its toast overlay; %NULL to have @saved told
 * @saved: (nullable): called with @data once the change is made, before
 *   the dialog closes; also with the error when @shows_errors is %NULL
 *
 * clt_write_run() for a dialog's Save: the dialog closes once the change
 * is made, and stays open with the reason if it cannot be, so that nothing
 * typed is lost. It does not take input while it waits for the book.
 */
void
clt_write_save_dialog (CltStore       *store,
                       GtkWindow      *dialog,
                       GtkWidget      *shows_errors,
                       CltWriteFunc    write,
                       CltWriteDoneFunc saved,
                       gpointer        data,
                       GDestroyNotify  destroy)
{
  DialogWrite *self;

  g_return_if_fail (CLT_IS_STORE (store));
  g_return_if_fail (GTK_IS_WINDOW (dialog));
  g_return_if_fail (GTK_IS_LABEL (shows_errors) || ADW_IS_TOAST_OVERLAY (shows_errors) ||
                    (shows_errors == NULL && saved != NULL));
  g_return_if_fail (write != NULL);

  self = g_new0 (DialogWrite, 1);
  self->write = write;
  self->saved = saved;
  self->data = data;
  self->destroy = destroy;

  g_object_set_data (G_OBJECT (dialog), "clt-write-shows-errors", shows_errors);
  gtk_widget_set_sensitive (GTK_WIDGET (dialog), FALSE);
  run (store, GTK_WIDGET (dialog), _("The change was not saved."),
       dialog_write, dialog_saved_cb, TRUE, self, (GDestroyNotify) dialog_write_free);
}

/**
 * clt_write_now:
 *
 * Makes a change that a form must know the outcome of at once (the mail
 * account, saved as its window closes): tried once, waiting no longer
 * than clt_write_run() does on the main thread, so that a busy book fails
 * with %CLT_STORE_ERROR_BUSY for the form to show instead of freezing it.
 *
 * Returns: whether the change was made
 */
gboolean
clt_write_now (CltStore      *store,
               CltWriteFunc   write,
               gpointer       data,
               GError       **error)
{
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (write != NULL, FALSE);

  clt_store_set_busy_timeout (store, BUSY_TIMEOUT_MS);
  ok = write (store, data, error);
  clt_store_set_busy_timeout (store, STORE_BUSY_TIMEOUT_MS);

  return ok;
}

/**
 * clt_write_get_n_waiting:
 *
 * Returns: how many changes wait for the book (for the tests)
 */
guint
clt_write_get_n_waiting (void)
{
  return g_queue_get_length (&queue);
}

/**
 * clt_write_promise_new:
 *
 * Returns: (transfer full): a change to promise @promise_id, for
 *   clt_write_set_promise_status() or clt_write_postpone_promise()
 */
CltWritePromise *
clt_write_promise_new (gint64 promise_id)
{
  CltWritePromise *change = g_new0 (CltWritePromise, 1);

  change->promise_id = promise_id;
  return change;
}

/* A CltWriteFunc: sets the promise's status. */
gboolean
clt_write_set_promise_status (CltStore  *store,
                              gpointer   data,
                              GError   **error)
{
  CltWritePromise *change = data;

  return clt_store_set_promise_status (store, change->promise_id, change->status, error);
}

/* A CltWriteFunc: opens the kept, broken or cancelled promise again. */
gboolean
clt_write_reopen_promise (CltStore  *store,
                          gpointer   data,
                          GError   **error)
{
  CltWritePromise *change = data;

  return clt_store_reopen_promise (store, change->promise_id, error);
}

/* A CltWriteFunc: moves the promise to its new due time. */
gboolean
clt_write_postpone_promise (CltStore  *store,
                            gpointer   data,
                            GError   **error)
{
  CltWritePromise *change = data;

  return clt_store_postpone_promise (store, change->promise_id, change->due, change->due_all_day,
                                     change->reason, error);
}

void
clt_write_promise_free (CltWritePromise *change)
{
  g_free (change->reason);
  g_free (change);
}

/* A CltWriteFunc: erases the customers deleted, for good. */
gboolean
clt_write_purge_trash (CltStore  *store,
                       gpointer   data,
                       GError   **error)
{
  return clt_store_purge_trash (store, error);
}

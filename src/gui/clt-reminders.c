/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-reminders"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-reminders.h"

/* How often the wall clock is looked at again, in seconds: the timer for
 * the next reminder runs on the monotonic clock, which stops during
 * suspend and ignores clock changes. */
#define TICK_SECONDS 60
/* The timer for the next reminder is set at most this far ahead; the tick
 * catches what comes later. */
#define MAX_WAIT_SECONDS (24 * 60 * 60)
/* The marking thread waits this long for another program's write, then
 * gives up and the check is made again this many seconds later. */
#define THREAD_BUSY_TIMEOUT_MS 1000
#define RETRY_SECONDS 2
/* Notifications sent per main loop turn, once recorded. */
#define SHOW_PER_TURN 20
/* With no window to check the book once it shows, the reminders ask for
 * the check this long after they start. */
#define VERIFY_DELAY_SECONDS 2

struct _CltReminders
{
  GObject       parent_instance;

  GApplication *application;  /* weak: the application owns us */
  CltStore     *store;
  guint         next_id;      /* the timer for the next reminder */
  guint         tick_id;      /* the wall clock check */
  guint         idle_id;      /* a check after the store changed */
  guint         retry_id;     /* a check after the book was busy */
  guint         verify_id;    /* the book's check asked for, if no window did */
  gboolean      marking;      /* reminders being recorded: no second check */
  gulong        changed_id;
  gulong        verified_id;  /* waiting for the book's check */
};

G_DEFINE_FINAL_TYPE (CltReminders, clt_reminders, G_TYPE_OBJECT)

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Tests shorten the tick with CLT_REMINDER_TICK_SECONDS. */
static guint
tick_seconds (void)
{
  const char *text = g_getenv ("CLT_REMINDER_TICK_SECONDS");
  guint64 seconds;

  if (text != NULL && g_ascii_string_to_unsigned (text, 10, 1, TICK_SECONDS, &seconds, NULL))
    return (guint) seconds;

  return TICK_SECONDS;
}

/* What the desk must keep in mind about the customer: the first alert,
 * else the first preference, never one holding health data (notifications
 * show on the lock screen). Read in the marking thread, from its own
 * connection. */
static char *
dup_body (CltStore *store,
          gint64    customer_id,
          gint64    now)
{
  g_autoptr(CltRemember) remember = NULL;
  g_autoptr(GError) error = NULL;
  const CltRememberItem *preference = NULL;

  remember = clt_store_get_remember (store, customer_id, now, &error);
  if (remember == NULL)
    {
      g_debug ("No card for customer %" G_GINT64_FORMAT ": %s", customer_id, error->message);
      return NULL;
    }

  for (guint i = 0; i < remember->items->len; i++)
    {
      const CltRememberItem *item = g_ptr_array_index (remember->items, i);

      if (item->kind == CLT_REMEMBER_ALERT)
        return g_strdup (item->text);
      if (preference == NULL && item->kind == CLT_REMEMBER_PREFERENCE && !item->sensitive)
        preference = item;
    }

  return preference != NULL ? g_strdup (preference->text) : NULL;
}

static void
send_notification (CltReminders     *self,
                   const CltPromise *promise,
                   const char       *body,
                   gint64            now)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = g_strdup_printf ("promise-%" G_GINT64_FORMAT, promise->id);
  g_autofree char *title = NULL;

  /* Translators: a reminder's title: the customer's name, then what was
   * promised to them. */
  title = g_strdup_printf (C_("reminder", "%s — %s"), promise->customer_name, promise->text);
  notification = g_notification_new (title);

  if (body != NULL)
    g_notification_set_body (notification, body);

  g_notification_set_priority (notification,
                               promise->due_at < now ? G_NOTIFICATION_PRIORITY_HIGH
                                                     : G_NOTIFICATION_PRIORITY_NORMAL);
  g_notification_set_default_action_and_target_value (notification, "app.open-customer",
                                                      g_variant_new_int64 (promise->customer_id));
  g_notification_add_button_with_target_value (notification, _("Open"), "app.open-customer",
                                               g_variant_new_int64 (promise->customer_id));
  g_notification_add_button_with_target_value (notification, _("Snooze 1 Hour"), "app.snooze",
                                               g_variant_new ("(xs)", promise->id, "hour"));
  g_notification_add_button_with_target_value (notification, _("Tomorrow"), "app.snooze",
                                               g_variant_new ("(xs)", promise->id, "tomorrow"));
  g_notification_add_button_with_target_value (notification, _("Mark Kept"), "app.mark-kept",
                                               g_variant_new_int64 (promise->id));

  g_application_send_notification (self->application, id, notification);
}

static gboolean next_cb (gpointer user_data);

/* Sets the one timer for the next reminder to come. */
static void
arm (CltReminders *self)
{
  gint64 now = now_unix ();
  gint64 next;

  g_clear_handle_id (&self->next_id, g_source_remove);

  next = clt_store_next_reminder (self->store, now);
  if (next <= 0)
    return;

  self->next_id = g_timeout_add_seconds ((guint) CLAMP (next - now, 1, MAX_WAIT_SECONDS), next_cb, self);
}

/* What the marking thread is given, and its verdict on the book: plain
 * data, as the task may be freed in the thread. */
typedef struct
{
  char     *path;
  gint64    now;
  gboolean  damaged;      /* the thread found the book damaged */
} MarkJob;

static void
mark_job_free (MarkJob *job)
{
  g_free (job->path);
  g_free (job);
}

/* What it took from the book: the reminders marked as fired, and what
 * each notification says. */
typedef struct
{
  GPtrArray *due;         /* of CltPromise */
  GPtrArray *bodies;      /* of char *, NULL for none, one per promise */
} Marked;

static void
marked_free (Marked *marked)
{
  g_ptr_array_unref (marked->due);
  g_ptr_array_unref (marked->bodies);
  g_free (marked);
}

/* In a thread, on a connection of its own: the window's main loop never
 * waits for the book, however many reminders were missed (thousands,
 * after a holiday: all marked with one statement) and however long
 * another program writes. */
static void
mark_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  MarkJob *job = task_data;
  g_autoptr(CltStore) store = NULL;
  GError *error = NULL;
  Marked *marked;
  GPtrArray *due = NULL;

  store = clt_store_open (job->path, &error);
  if (store != NULL)
    {
      clt_store_set_busy_timeout (store, THREAD_BUSY_TIMEOUT_MS);
      due = clt_store_take_due_reminders (store, job->now, &error);
      job->damaged = clt_store_is_damaged (store);
    }
  else
    {
      job->damaged = g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED);
    }

  if (due == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  marked = g_new0 (Marked, 1);
  marked->due = due;
  marked->bodies = g_ptr_array_new_full (due->len, g_free);
  for (guint i = 0; i < due->len; i++)
    {
      const CltPromise *promise = g_ptr_array_index (due, i);

      g_ptr_array_add (marked->bodies, dup_body (store, promise->customer_id, job->now));
    }

  g_task_return_pointer (task, marked, (GDestroyNotify) marked_free);
}

/* Main thread: the check is over (done, or given up); the timer or the
 * tick looks again. Drops the check's reference. */
static void
check_done (CltReminders *self)
{
  self->marking = FALSE;
  if (self->application != NULL)
    arm (self);
  g_object_unref (self);
}

static gboolean
retry_cb (gpointer user_data)
{
  CltReminders *self = user_data;

  self->retry_id = 0;
  clt_reminders_check (self);

  return G_SOURCE_REMOVE;
}

/* The reminders recorded, being shown a few per main loop turn: each is
 * a message on the bus. */
typedef struct
{
  CltReminders *reminders;    /* the check's reference */
  Marked       *marked;
  gint64        now;
  guint         shown;
} Showing;

static void
showing_free (Showing *showing)
{
  check_done (showing->reminders);
  marked_free (showing->marked);
  g_free (showing);
}

static gboolean
show_some_cb (gpointer user_data)
{
  Showing *showing = user_data;
  CltReminders *self = showing->reminders;
  GPtrArray *due = showing->marked->due;
  guint end = MIN (showing->shown + SHOW_PER_TURN, due->len);

  /* Stopped meanwhile. */
  if (self->application == NULL)
    return G_SOURCE_REMOVE;

  for (; showing->shown < end; showing->shown++)
    send_notification (self, g_ptr_array_index (due, showing->shown),
                       g_ptr_array_index (showing->marked->bodies, showing->shown), showing->now);

  return showing->shown < due->len ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CltReminders *self = user_data;
  MarkJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  Marked *marked;
  Showing *showing;

  marked = g_task_propagate_pointer (G_TASK (result), &error);
  if (job->damaged)
    clt_store_mark_damaged (self->store);

  if (marked == NULL)
    {
      /* Another program writes: nothing was marked, so nothing is lost;
       * look again soon rather than wait for it. */
      if (self->application != NULL && !job->damaged)
        {
          if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY))
            g_debug ("The reminders of %s wait for the book: %s", job->path, error->message);
          else
            g_warning ("Could not record the reminders of %s: %s", job->path, error->message);
          if (self->retry_id == 0)
            self->retry_id = g_timeout_add_seconds (RETRY_SECONDS, retry_cb, self);
        }
      check_done (self);
      return;
    }

  if (self->application == NULL || marked->due->len == 0)
    {
      marked_free (marked);
      check_done (self);
      return;
    }

  /* Recorded: shown once, from now on. */
  showing = g_new0 (Showing, 1);
  showing->reminders = self;
  showing->marked = marked;
  showing->now = job->now;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, show_some_cb, showing, (GDestroyNotify) showing_free);
}

static void
store_verified_cb (CltReminders *self)
{
  g_clear_signal_handler (&self->verified_id, self->store);
  clt_reminders_check (self);
}

/**
 * clt_reminders_check:
 * @self: the reminders
 *
 * Notifies every reminder due by the wall clock now, those missed while
 * nothing ran included, and sets the timer for the next one. Reminders are
 * recorded as fired before they are shown, so that none is shown twice;
 * they are read and recorded off the main loop, and a book busy with
 * another program is looked at again a little later.
 */
void
clt_reminders_check (CltReminders *self)
{
  g_autoptr(GTask) task = NULL;
  MarkJob *job;

  g_return_if_fail (CLT_IS_REMINDERS (self));

  /* The window says that the book is damaged; nothing is recorded in it.
   * While reminders are being recorded, they would be found due again. */
  if (self->application == NULL || self->marking || clt_store_is_damaged (self->store))
    return;

  /* Nothing is recorded in a book before a check read all of it: damage
   * no query met yet (a lost page deep in the history) would be written
   * beside. The reminders due meanwhile fire once it is over. */
  if (!clt_store_is_verified (self->store))
    {
      if (self->verified_id == 0)
        self->verified_id = g_signal_connect_swapped (self->store, "verified",
                                                      G_CALLBACK (store_verified_cb), self);
      return;
    }

  g_clear_handle_id (&self->retry_id, g_source_remove);

  job = g_new0 (MarkJob, 1);
  job->path = g_strdup (clt_store_get_path (self->store));
  job->now = now_unix ();
  self->marking = TRUE;

  task = g_task_new (NULL, NULL, marked_cb, g_object_ref (self));
  g_task_set_source_tag (task, clt_reminders_check);
  g_task_set_task_data (task, job, (GDestroyNotify) mark_job_free);
  g_task_run_in_thread (task, mark_thread);
}

static gboolean
verify_cb (gpointer user_data)
{
  CltReminders *self = user_data;

  self->verify_id = 0;
  clt_store_check_in_background (self->store);

  return G_SOURCE_REMOVE;
}

static gboolean
next_cb (gpointer user_data)
{
  CltReminders *self = user_data;

  self->next_id = 0;
  clt_reminders_check (self);

  return G_SOURCE_REMOVE;
}

static gboolean
tick_cb (gpointer user_data)
{
  clt_reminders_check (user_data);

  return G_SOURCE_CONTINUE;
}

static gboolean
idle_cb (gpointer user_data)
{
  CltReminders *self = user_data;

  self->idle_id = 0;
  clt_reminders_check (self);

  return G_SOURCE_REMOVE;
}

/* A promise added, snoozed, kept…: once the change is over, look again. */
static void
store_changed_cb (CltReminders *self,
                  gint64        customer_id)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (idle_cb, self);
}

static void
clt_reminders_dispose (GObject *object)
{
  CltReminders *self = CLT_REMINDERS (object);

  g_clear_handle_id (&self->next_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->verify_id, g_source_remove);
  if (self->store != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->store);
      g_clear_signal_handler (&self->verified_id, self->store);
    }
  g_clear_object (&self->store);
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
  self->application = NULL;

  G_OBJECT_CLASS (clt_reminders_parent_class)->dispose (object);
}

static void
clt_reminders_class_init (CltRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_reminders_dispose;
}

static void
clt_reminders_init (CltReminders *self)
{
}

/**
 * clt_reminders_new:
 * @application: the application that shows the notifications, and whose
 *   `app.open-customer`, `app.snooze` and `app.mark-kept` actions their
 *   buttons call
 * @store: the customer book whose promises are reminded
 *
 * Nothing is shown before clt_reminders_start().
 *
 * Returns: (transfer full): the reminders of @store
 */
CltReminders *
clt_reminders_new (GApplication *application,
                   CltStore     *store)
{
  CltReminders *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_REMINDERS, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  self->store = g_object_ref (store);

  return self;
}

/**
 * clt_reminders_get_store:
 * @self: the reminders
 *
 * Returns: (transfer none): the customer book reminded
 */
CltStore *
clt_reminders_get_store (CltReminders *self)
{
  g_return_val_if_fail (CLT_IS_REMINDERS (self), NULL);

  return self->store;
}

/**
 * clt_reminders_start:
 * @self: the reminders
 *
 * Catches up on the reminders that came due while nothing ran, then keeps
 * reminding until @self is disposed.
 */
void
clt_reminders_start (CltReminders *self)
{
  g_return_if_fail (CLT_IS_REMINDERS (self));

  if (self->tick_id != 0)
    return;

  self->changed_id = g_signal_connect_swapped (self->store, "changed", G_CALLBACK (store_changed_cb), self);
  self->tick_id = g_timeout_add_seconds (tick_seconds (), tick_cb, self);
  /* Once the window has something on screen: catching up can be long. */
  g_clear_handle_id (&self->idle_id, g_source_remove);
  self->idle_id = g_idle_add_full (G_PRIORITY_LOW, idle_cb, self, NULL);
  /* A window checks its book once it shows; with none, the check (seconds
   * of reading, at 100,000 customers) starts here, later than any window
   * the start brings. Asked twice, it runs once. */
  if (!clt_store_is_verified (self->store))
    self->verify_id = g_timeout_add_seconds (VERIFY_DELAY_SECONDS, verify_cb, self);
}

/**
 * clt_reminders_withdraw:
 * @self: the reminders
 * @promise_id: the promise whose reminder is no longer needed
 *
 * Takes the promise's notification away, if it is showing.
 */
void
clt_reminders_withdraw (CltReminders *self,
                        gint64        promise_id)
{
  g_autofree char *id = g_strdup_printf ("promise-%" G_GINT64_FORMAT, promise_id);

  g_return_if_fail (CLT_IS_REMINDERS (self));

  if (self->application != NULL)
    g_application_withdraw_notification (self->application, id);
}

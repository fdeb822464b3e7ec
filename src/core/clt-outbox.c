/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-outbox"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clt-outbox.h"
#include "clt-secret.h"
#include "clt-process-transport.h"

/* Other processes (the command line, a second instance) may queue
 * messages: look at the queue this often even when nothing is due. */
#define CHECK_INTERVAL_SECONDS 60
/* Another process holds the lock: it is sending; look again soon. */
#define LOCKED_RETRY_SECONDS 5
/* The book was busy when an outcome was to be recorded: try again this
 * often, this many times. Past that the message stays "sending" with its
 * DATA step, and recovery decides (queued again, or "may have been
 * sent"), so that a sender always ends. */
#define RECORD_RETRY_SECONDS 2
#define RECORD_RETRY_LIMIT 30
/* The same time in all with a patience, each try no longer waiting 5 s. */
#define RECORD_RETRY_LIMIT_PATIENT 100
/* How often a sender waiting for the book to record its DATA step looks
 * whether it was cancelled. */
#define DATA_STEP_POLL_USEC (100 * 1000)
/* With a patience set (clt_outbox_set_patience()): a claim the book was
 * too busy for is tried again this often, and the DATA step this often
 * for as long as a command would wait for it, the server waiting. */
#define BUSY_RETRY_MS 100
#define DATA_STEP_PATIENCE_USEC (5 * G_USEC_PER_SEC)
/* What clt_store_open() sets, given back after the outbox's own writes. */
#define STORE_BUSY_TIMEOUT_MS 5000

struct _CltOutbox
{
  GObject              parent_instance;

  CltStore            *store;
  guint                patience_ms;   /* 0: the store's own wait */
  CltTransportFactory  factory;
  gpointer             factory_data;
  GDestroyNotify       factory_destroy;

  char                *lock_path;
  int                  lock_fd;

  guint                next_id;
  guint                check_id;
  GCancellable        *cancellable;
  gboolean             started;
  gboolean             busy;
  /* clt_outbox_set_wait_for_check(): started once the store is verified. */
  gboolean             wait_for_check;
  gulong               verified_id;
  /* A send whose outcome could not be recorded yet, and its retry. */
  gpointer             unrecorded;
  guint                record_id;
  guint                record_tries;

  /* The send_all_async() in progress, if any. */
  GTask               *send_all;
  GError              *send_all_error;
};

G_DEFINE_FINAL_TYPE (CltOutbox, clt_outbox, G_TYPE_OBJECT)

enum {
  CHANGED,
  PAUSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The worker's request that the book record "DATA began", answered on
 * the main thread (the store is not shared between threads). Reference
 * counted: a cancelled worker may stop waiting before the answer. */
typedef struct
{
  GMutex     lock;
  GCond      cond;
  CltStore  *store;
  guint      patience_ms;
  gint64     first_try;   /* monotonic µs */
  gint64     mail_id;
  gboolean   done;
  GError    *error;
} DataStep;

/* What a worker thread needs to send one message: copies only. */
typedef struct
{
  CltTransportFactory  factory;
  gpointer             factory_data;
  CltMailAccount      *account;
  gint64               mail_id;
  char                *to_address;
  GBytes              *bytes;
  GMainContext        *context;
  DataStep            *step;
  GCancellable        *cancellable;
  char                *reply;
  GError              *error;
} SendJob;

static void     process_queue   (CltOutbox *self);
static gboolean record_again_cb (gpointer   user_data);

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Around each of the outbox's own writes: a short wait when a patience
 * is set, the store's own otherwise. */
static void
patience_begin (CltStore *store,
                guint     patience_ms)
{
  if (patience_ms > 0)
    clt_store_set_busy_timeout (store, patience_ms);
}

static void
patience_end (CltStore *store,
              guint     patience_ms)
{
  if (patience_ms > 0)
    clt_store_set_busy_timeout (store, STORE_BUSY_TIMEOUT_MS);
}

static gboolean
is_busy_error (const GError *error)
{
  return g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY);
}

static void
data_step_clear (DataStep *step)
{
  g_mutex_clear (&step->lock);
  g_cond_clear (&step->cond);
  g_clear_object (&step->store);
  g_clear_error (&step->error);
}

static void
data_step_release (gpointer step)
{
  g_atomic_rc_box_release_full (step, (GDestroyNotify) data_step_clear);
}

static DataStep *
data_step_new (CltStore *store,
               guint     patience_ms,
               gint64    mail_id)
{
  DataStep *step = g_atomic_rc_box_new0 (DataStep);

  g_mutex_init (&step->lock);
  g_cond_init (&step->cond);
  step->store = g_object_ref (store);
  step->patience_ms = patience_ms;
  step->mail_id = mail_id;

  return step;
}

/* Main thread: the durable write, then wake the worker. With a patience,
 * a busy book is tried again from a timeout (the worker and the server
 * wait) for as long as a command would wait on its thread. */
static gboolean
record_data_step_cb (gpointer user_data)
{
  DataStep *step = user_data;
  GError *error = NULL;

  if (step->first_try == 0)
    step->first_try = g_get_monotonic_time ();

  patience_begin (step->store, step->patience_ms);
  clt_store_mark_mail_data (step->store, step->mail_id, now_unix (), &error);
  patience_end (step->store, step->patience_ms);

  if (step->patience_ms > 0 && is_busy_error (error) &&
      g_get_monotonic_time () - step->first_try < DATA_STEP_PATIENCE_USEC)
    {
      GSource *source = g_timeout_source_new (BUSY_RETRY_MS);

      g_debug ("The DATA step of message %" G_GINT64_FORMAT " waits for the book: %s",
               step->mail_id, error->message);
      g_error_free (error);
      g_source_set_callback (source, record_data_step_cb, g_atomic_rc_box_acquire (step),
                             data_step_release);
      g_source_attach (source, g_main_context_get_thread_default ());
      g_source_unref (source);
      return G_SOURCE_REMOVE;
    }

  g_mutex_lock (&step->lock);
  step->error = error;
  step->done = TRUE;
  g_cond_signal (&step->cond);
  g_mutex_unlock (&step->lock);

  return G_SOURCE_REMOVE;
}

/* Worker thread, called by the transport once the server answered DATA:
 * blocks until the book says so, durably. Nothing of the message has left
 * yet, so any failure here leaves it unsent. */
static gboolean
at_data_cb (gpointer   user_data,
            GError   **error)
{
  SendJob *job = user_data;
  DataStep *step = job->step;
  GSource *source = g_idle_source_new ();
  gboolean ok = FALSE;

  g_source_set_priority (source, G_PRIORITY_HIGH);
  g_source_set_callback (source, record_data_step_cb, g_atomic_rc_box_acquire (step),
                         data_step_release);
  g_source_attach (source, job->context);
  g_source_unref (source);

  g_mutex_lock (&step->lock);
  while (!step->done && !g_cancellable_is_cancelled (job->cancellable))
    g_cond_wait_until (&step->cond, &step->lock, g_get_monotonic_time () + DATA_STEP_POLL_USEC);

  if (!step->done)
    g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CANCELLED,
                         _("Sending was cancelled."));
  else if (step->error == NULL)
    ok = TRUE;
  else if (g_error_matches (step->error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND) ||
           g_error_matches (step->error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NOT_SENDING))
    /* Gone, or no longer ours: recording its outcome will fail the same
     * way and end its handling. */
    g_propagate_error (error, g_error_copy (step->error));
  else
    /* Busy, full, read-only…: not sent, so it can wait its turn. */
    g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPORARY,
                 _("The message was not sent, because the customer book could not note it "
                   "first: %s It will be sent later."),
                 step->error->message);
  g_mutex_unlock (&step->lock);

  return ok;
}

static void
send_job_free (SendJob *job)
{
  clt_mail_account_free (job->account);
  g_free (job->to_address);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_pointer (&job->step, data_step_release);
  g_clear_object (&job->cancellable);
  g_free (job->reply);
  g_clear_error (&job->error);
  g_free (job);
}

static SendJob *
job_steal (SendJob *job)
{
  SendJob *copy = g_new0 (SendJob, 1);

  copy->mail_id = job->mail_id;
  copy->reply = g_steal_pointer (&job->reply);
  copy->error = g_steal_pointer (&job->error);

  return copy;
}

static CltTransport *
default_factory (const CltMailAccount *account,
                 const char           *password,
                 gpointer              user_data)
{
  return CLT_TRANSPORT (clt_process_transport_new (account, password));
}

/* A password is needed only when there is a user name. */
static CltTransport *
make_transport (CltTransportFactory    factory,
                gpointer               factory_data,
                const CltMailAccount  *account,
                GCancellable          *cancellable,
                GError               **error)
{
  g_auto(CltPassword) password = NULL;

  if (account->user != NULL && *account->user != '\0')
    {
      g_autoptr(GError) local_error = NULL;

      password = clt_secret_lookup_password (account->host, account->user, cancellable, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      if (password == NULL)
        {
          g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_PASSWORD,
                       _("There is no password for %s on %s in the keyring. Enter it in Preferences."),
                       account->user, account->host);
          return NULL;
        }
    }

  return factory (account, password, factory_data);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendJob *job = task_data;
  CltTransport *transport = NULL;
  gboolean has_password = job->account->user != NULL && *job->account->user != '\0';

  /* From the keyring lookup until the connection is closed and the
   * transport (with its copy) is gone, no core dump, no ptrace. */
  if (has_password)
    clt_secret_guard_begin ();

  transport = make_transport (job->factory, job->factory_data, job->account, cancellable, &job->error);
  if (transport != NULL)
    clt_transport_send (transport, job->account->from_address, job->to_address, job->bytes,
                        at_data_cb, job, &job->reply, cancellable, &job->error);
  g_clear_object (&transport);

  if (has_password)
    clt_secret_guard_end ();

  g_task_return_boolean (task, TRUE);
}

typedef enum
{
  LOCK_TAKEN,
  LOCK_BUSY,      /* another process is sending */
  LOCK_FAILED,    /* the lock file cannot be opened */
} LockResult;

/* Held from claiming a message to recording what became of it, so that a
 * process starting meanwhile does not take it for abandoned. */
static LockResult
take_lock (CltOutbox  *self,
           GError    **error)
{
  if (self->lock_fd < 0)
    {
      int saved_errno;

      self->lock_fd = g_open (self->lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      saved_errno = errno;
      if (self->lock_fd < 0)
        {
          g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_FAILED,
                       _("Messages cannot be sent: “%s” cannot be created (%s). Check that the "
                         "customer book’s folder can be written to."),
                       self->lock_path, g_strerror (saved_errno));
          return LOCK_FAILED;
        }
    }

  return flock (self->lock_fd, LOCK_EX | LOCK_NB) == 0 ? LOCK_TAKEN : LOCK_BUSY;
}

static void
release_lock (CltOutbox *self)
{
  if (self->lock_fd >= 0)
    flock (self->lock_fd, LOCK_UN);
}

/* With the lock held and nothing being sent here, a message left
 * "sending" belongs to a process that died: queued again if it never
 * reached DATA, "may have been sent" (a person decides) if it did. */
static void
recover_locked (CltOutbox *self)
{
  g_autoptr(GError) error = NULL;
  guint n;

  patience_begin (self->store, self->patience_ms);
  n = clt_store_recover_mail (self->store, &error);
  patience_end (self->store, self->patience_ms);
  if (self->patience_ms > 0 && is_busy_error (error))
    /* Looked at again before the next claim. */
    g_debug ("The outbox waits for the book to recover: %s", error->message);
  else if (error != NULL)
    g_warning ("Could not recover the outbox: %s", error->message);
  else if (n > 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
recover (CltOutbox *self)
{
  if (take_lock (self, NULL) != LOCK_TAKEN)
    return;

  recover_locked (self);
  release_lock (self);
}

static void
complete_send_all (CltOutbox *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->send_all);

  if (task == NULL)
    return;

  if (self->send_all_error != NULL)
    g_task_return_error (task, g_steal_pointer (&self->send_all_error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
next_cb (gpointer user_data)
{
  CltOutbox *self = user_data;

  self->next_id = 0;
  process_queue (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_next (CltOutbox *self,
               guint      seconds)
{
  g_clear_handle_id (&self->next_id, g_source_remove);

  if (!self->started || self->send_all != NULL)
    return;

  self->next_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, seconds, next_cb,
                                              g_object_ref (self), g_object_unref);
}

/* Sleep until the next message is due (at most a minute: see
 * CHECK_INTERVAL_SECONDS). */
static void
schedule_from_store (CltOutbox *self)
{
  gint64 next = clt_store_next_mail_at (self->store);

  if (next > 0)
    {
      gint64 wait = next - now_unix ();

      schedule_next (self, (guint) CLAMP (wait, 0, CHECK_INTERVAL_SECONDS));
    }
}

/* After a send: what became of the message is recorded before the lock
 * is let go, or a process starting then would send it again. */
static void
after_send (CltOutbox *self,
            SendJob   *job)
{
  g_autoptr(GError) error = NULL;

  gboolean recorded;

  patience_begin (self->store, self->patience_ms);
  recorded = clt_store_finish_mail (self->store, job->mail_id, now_unix (), job->reply, job->error, &error);
  patience_end (self->store, self->patience_ms);
  if (!recorded)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, job->mail_id);

      if (is_busy_error (error) &&
          ++self->record_tries < (self->patience_ms > 0 ? RECORD_RETRY_LIMIT_PATIENT : RECORD_RETRY_LIMIT))
        {
          /* The book is busy (a long import, another program): try again
           * soon, still holding the lock and the outcome. */
          g_debug ("Could not record the outcome of message %s yet: %s", id, error->message);
          self->unrecorded = job;
          self->record_id = g_timeout_add_seconds (RECORD_RETRY_SECONDS, record_again_cb, self);
          return;
        }

      /* It cannot get better: the message is gone (with its customer),
       * no longer "sending", or the book will not take it. Its handling
       * ends here; one left "sending" is recovered by its DATA step. */
      g_debug ("What became of message %s cannot be recorded: %s", id, error->message);
      if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND) ||
          g_error_matches (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NOT_SENDING))
        /* Gone, or in other hands: nothing of ours to report. */
        g_clear_error (&job->error);
      else if (job->error == NULL)
        job->error = g_steal_pointer (&error);
    }

  self->record_tries = 0;
  release_lock (self);
  self->busy = FALSE;

  if (job->error != NULL && self->send_all != NULL && self->send_all_error == NULL)
    self->send_all_error = g_error_copy (job->error);

  g_signal_emit (self, signals[CHANGED], 0);

  if (clt_mail_error_pauses_queue (job->error))
    {
      g_signal_emit (self, signals[PAUSED], 0);
      complete_send_all (self);
    }
  else if (g_error_matches (job->error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CANCELLED))
    {
      complete_send_all (self);
    }
  else
    {
      process_queue (self);
    }

  send_job_free (job);
}

static gboolean
record_again_cb (gpointer user_data)
{
  CltOutbox *self = user_data;
  SendJob *job = g_steal_pointer (&self->unrecorded);

  self->record_id = 0;
  after_send (self, job);

  return G_SOURCE_REMOVE;
}

static void
send_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CltOutbox *self = CLT_OUTBOX (object);
  SendJob *job = g_task_get_task_data (G_TASK (result));

  g_task_propagate_boolean (G_TASK (result), NULL);

  /* The job outlives the task when its outcome must wait. */
  after_send (self, job_steal (job));
}

static void
process_queue (CltOutbox *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) mail = NULL;
  g_autoptr(CltMailAccount) account = NULL;
  g_autofree char *paused = NULL;
  g_autoptr(GTask) task = NULL;
  SendJob *job;

  if (self->busy || (!self->started && self->send_all == NULL))
    return;

  g_clear_handle_id (&self->next_id, g_source_remove);

  paused = clt_store_get_outbox_paused (self->store);
  if (paused != NULL)
    {
      if (self->send_all != NULL && self->send_all_error == NULL)
        self->send_all_error = g_error_new_literal (CLT_MAIL_ERROR, CLT_MAIL_ERROR_AUTH, paused);
      complete_send_all (self);
      return;
    }

  switch (take_lock (self, &error))
    {
    case LOCK_TAKEN:
      break;
    case LOCK_BUSY:
      /* Someone else is sending: wait for them, even in send_all. */
      self->next_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, LOCKED_RETRY_SECONDS, next_cb,
                                                  g_object_ref (self), g_object_unref);
      return;
    case LOCK_FAILED:
    default:
      g_warning ("%s", error->message);
      if (self->send_all != NULL && self->send_all_error == NULL)
        self->send_all_error = g_steal_pointer (&error);
      complete_send_all (self);
      schedule_next (self, CHECK_INTERVAL_SECONDS);
      return;
    }

  recover_locked (self);

  account = clt_store_get_mail_account (self->store, &error);
  if (account == NULL && error == NULL)
    clt_mail_set_no_account_error (&error);

  /* An account changed behind our back (another program, an old book)
   * is checked again: never send a password in the clear. */
  if (account != NULL && !clt_mail_account_validate (account, &error))
    {
      release_lock (self);
      patience_begin (self->store, self->patience_ms);
      if (clt_store_set_outbox_paused (self->store, error->message, NULL))
        g_signal_emit (self, signals[PAUSED], 0);
      patience_end (self->store, self->patience_ms);
      if (self->send_all != NULL && self->send_all_error == NULL)
        self->send_all_error = g_steal_pointer (&error);
      complete_send_all (self);
      return;
    }

  if (error == NULL)
    {
      patience_begin (self->store, self->patience_ms);
      mail = clt_store_claim_mail (self->store, now_unix (), &error);
      patience_end (self->store, self->patience_ms);
      if (mail == NULL && error == NULL)
        {
          release_lock (self);
          complete_send_all (self);
          schedule_from_store (self);
          return;
        }
    }

  if (error != NULL && self->patience_ms > 0 && is_busy_error (error))
    {
      /* Another program writes: nothing was claimed; try again soon,
       * rather than wait for it here (even in send_all). */
      g_debug ("The outbox waits for the book: %s", error->message);
      release_lock (self);
      self->next_id = g_timeout_add_full (G_PRIORITY_DEFAULT, BUSY_RETRY_MS, next_cb,
                                          g_object_ref (self), g_object_unref);
      return;
    }

  if (error != NULL)
    {
      release_lock (self);
      if (g_error_matches (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ACCOUNT))
        {
          /* Nothing to send, or nothing to send it with yet: not a failure
           * of any message, and nothing to pause. */
          if (clt_store_next_mail_at (self->store) > 0 && self->send_all != NULL &&
              self->send_all_error == NULL)
            self->send_all_error = g_steal_pointer (&error);
        }
      else
        {
          g_warning ("Could not read the outbox: %s", error->message);
          if (self->send_all != NULL && self->send_all_error == NULL)
            self->send_all_error = g_steal_pointer (&error);
        }
      complete_send_all (self);
      schedule_next (self, CHECK_INTERVAL_SECONDS);
      return;
    }

  job = g_new0 (SendJob, 1);
  job->factory = self->factory;
  job->factory_data = self->factory_data;
  job->account = g_steal_pointer (&account);
  job->mail_id = mail->id;
  job->to_address = g_strdup (mail->to_address);
  job->bytes = clt_store_get_mail_bytes (self->store, mail->id, &job->error);
  job->context = g_main_context_ref_thread_default ();
  job->step = data_step_new (self->store, self->patience_ms, mail->id);
  job->cancellable = g_object_ref (self->cancellable);

  self->busy = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);

  task = g_task_new (self, self->cancellable, send_done_cb, NULL);
  g_task_set_source_tag (task, process_queue);
  g_task_set_task_data (task, job, (GDestroyNotify) send_job_free);
  /* A message that could not be read is recorded as failed at once. */
  if (job->bytes == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_run_in_thread (task, send_thread);
}

static gboolean
check_cb (gpointer user_data)
{
  CltOutbox *self = user_data;

  if (self->next_id == 0 && !self->busy)
    process_queue (self);

  return G_SOURCE_CONTINUE;
}

static void
clt_outbox_dispose (GObject *object)
{
  CltOutbox *self = CLT_OUTBOX (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->next_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->verified_id, self->store);
  /* An outcome never recorded: the message stays "sending" and is sent
   * again, with the same Message-ID, by the next outbox. */
  g_clear_handle_id (&self->record_id, g_source_remove);
  g_clear_pointer (&self->unrecorded, send_job_free);

  G_OBJECT_CLASS (clt_outbox_parent_class)->dispose (object);
}

static void
clt_outbox_finalize (GObject *object)
{
  CltOutbox *self = CLT_OUTBOX (object);

  if (self->factory_destroy != NULL)
    self->factory_destroy (self->factory_data);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->lock_path);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->send_all_error);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_outbox_parent_class)->finalize (object);
}

static void
clt_outbox_class_init (CltOutboxClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_outbox_dispose;
  object_class->finalize = clt_outbox_finalize;

  /**
   * CltOutbox::changed:
   *
   * A message changed state, or one is now being sent.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * CltOutbox::paused:
   *
   * Sending stopped until the account is fixed: see
   * clt_store_get_outbox_paused() for why.
   */
  signals[PAUSED] = g_signal_new ("paused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
clt_outbox_init (CltOutbox *self)
{
  self->lock_fd = -1;
  self->factory = default_factory;
  self->cancellable = g_cancellable_new ();
}

CltOutbox *
clt_outbox_new (CltStore *store)
{
  CltOutbox *self;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_OUTBOX, NULL);
  self->store = g_object_ref (store);
  self->lock_path = clt_store_dup_outbox_lock_path (store);

  return self;
}

CltStore *
clt_outbox_get_store (CltOutbox *self)
{
  g_return_val_if_fail (CLT_IS_OUTBOX (self), NULL);

  return self->store;
}

void
clt_outbox_set_transport_factory (CltOutbox           *self,
                                  CltTransportFactory  factory,
                                  gpointer             user_data,
                                  GDestroyNotify       destroy)
{
  g_return_if_fail (CLT_IS_OUTBOX (self));
  g_return_if_fail (factory != NULL);

  if (self->factory_destroy != NULL)
    self->factory_destroy (self->factory_data);

  self->factory = factory;
  self->factory_data = user_data;
  self->factory_destroy = destroy;
}

void
clt_outbox_set_patience (CltOutbox *self,
                         guint      milliseconds)
{
  g_return_if_fail (CLT_IS_OUTBOX (self));

  self->patience_ms = milliseconds;
}

void
clt_outbox_set_wait_for_check (CltOutbox *self,
                               gboolean   wait)
{
  g_return_if_fail (CLT_IS_OUTBOX (self));

  self->wait_for_check = !!wait;
}

static void
begin (CltOutbox *self)
{
  self->started = TRUE;
  recover (self);
  self->check_id = g_timeout_add_seconds (CHECK_INTERVAL_SECONDS, check_cb, self);
  process_queue (self);
}

static void
store_verified_cb (CltOutbox *self)
{
  g_clear_signal_handler (&self->verified_id, self->store);
  begin (self);
}

void
clt_outbox_start (CltOutbox *self)
{
  g_return_if_fail (CLT_IS_OUTBOX (self));

  if (self->started || self->verified_id != 0)
    return;

  if (self->wait_for_check && !clt_store_is_verified (self->store))
    {
      self->verified_id = g_signal_connect_swapped (self->store, "verified",
                                                    G_CALLBACK (store_verified_cb), self);
      return;
    }

  begin (self);
}

void
clt_outbox_stop (CltOutbox *self)
{
  g_return_if_fail (CLT_IS_OUTBOX (self));

  self->started = FALSE;
  g_clear_signal_handler (&self->verified_id, self->store);
  g_clear_handle_id (&self->next_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
}

gboolean
clt_outbox_is_busy (CltOutbox *self)
{
  g_return_val_if_fail (CLT_IS_OUTBOX (self), FALSE);

  return self->busy || self->send_all != NULL;
}

void
clt_outbox_kick (CltOutbox *self)
{
  g_return_if_fail (CLT_IS_OUTBOX (self));

  if (self->started && !self->busy)
    process_queue (self);
}

/**
 * clt_outbox_written:
 * @self: the outbox
 *
 * A message was queued or kept as a draft in @self's book, by this
 * program: says so (#CltOutbox::changed, for the lists that show the
 * outbox), then sends what is due.
 */
void
clt_outbox_written (CltOutbox *self)
{
  g_return_if_fail (CLT_IS_OUTBOX (self));

  g_signal_emit (self, signals[CHANGED], 0);
  clt_outbox_kick (self);
}

void
clt_outbox_resume (CltOutbox *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CLT_IS_OUTBOX (self));

  patience_begin (self->store, self->patience_ms);
  if (!clt_store_set_outbox_paused (self->store, NULL, &error))
    g_warning ("Could not resume the outbox: %s", error->message);
  patience_end (self->store, self->patience_ms);

  g_signal_emit (self, signals[CHANGED], 0);
  clt_outbox_kick (self);
}

void
clt_outbox_send_all_async (CltOutbox           *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CLT_IS_OUTBOX (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_outbox_send_all_async);

  if (self->send_all != NULL)
    {
      g_task_return_new_error (task, CLT_MAIL_ERROR, CLT_MAIL_ERROR_FAILED,
                               _("The outbox is already being sent."));
      return;
    }

  /* Asking to send is asking to try again, whatever stopped it. A busy
   * book is said so at once, with a patience. */
  patience_begin (self->store, self->patience_ms);
  if (clt_store_set_outbox_paused (self->store, NULL, &error))
    clt_store_retry_all_mail (self->store, now_unix (), &error);
  patience_end (self->store, self->patience_ms);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!self->started)
    recover (self);

  g_clear_handle_id (&self->next_id, g_source_remove);
  self->send_all = g_steal_pointer (&task);
  g_clear_error (&self->send_all_error);
  g_signal_emit (self, signals[CHANGED], 0);

  if (!self->busy)
    process_queue (self);
}

gboolean
clt_outbox_send_all_finish (CltOutbox     *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  CltMailAccount *account;
  char           *password;
} TestJob;

static void
test_job_free (TestJob *job)
{
  clt_mail_account_free (job->account);
  clt_secret_password_free (job->password);
  g_free (job);
}

static void
test_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TestJob *job = task_data;
  CltProcessTransport *transport;
  GError *error = NULL;
  gboolean ok;

  clt_secret_guard_begin ();
  transport = clt_process_transport_new (job->account, job->password);
  g_clear_pointer (&job->password, clt_secret_password_free);
  ok = clt_transport_test_connection (CLT_TRANSPORT (transport), cancellable, &error);
  g_object_unref (transport);
  clt_secret_guard_end ();

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
clt_outbox_test_account_async (const CltMailAccount *account,
                               const char           *password,
                               GCancellable         *cancellable,
                               GAsyncReadyCallback   callback,
                               gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  TestJob *job;

  g_return_if_fail (account != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_outbox_test_account_async);

  if (!clt_mail_account_validate (account, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  job = g_new0 (TestJob, 1);
  job->account = clt_mail_account_copy (account);
  job->password = g_strdup (password);
  g_task_set_task_data (task, job, (GDestroyNotify) test_job_free);
  g_task_run_in_thread (task, test_thread);
}

gboolean
clt_outbox_test_account_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

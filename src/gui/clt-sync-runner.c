/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sync-runner"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gi18n.h>

#include "clt-helper-process.h"
#include "clt-sync-status.h"

#include "clt-sync-runner.h"

/* Every desk pulls this often while Clientele runs (issue 14). */
#define ROUND_INTERVAL_S 30
/* A change is sent this long after the last of a burst. */
#define CHANGE_DELAY_MS 5000
/* A round that runs longer shows its progress and a Cancel button: the
 * many that take a moment pass unseen. */
#define LONG_ROUND_MS 1000

/*
 * The rounds of sync of one book while the window or the resident service
 * runs: at start, every 30 seconds, a few seconds after a change made here,
 * and when asked. Each is `clientele-cli sync` (the window must not load
 * the library that speaks to the server), one at a time; one asked for
 * while another runs follows it, once. What the round did is read from the
 * book afterwards: ::book-changed when it took records in (the store does
 * not announce another program's writes), ::password-refused when only a
 * person can go on, after which rounds wait for Sync Now or a new setup
 * rather than knock at the server with a wrong password every 30 seconds.
 *
 * The round tells its progress on its output (`sync --progress`), read
 * line by line: ::progress. Cancelling sends it SIGTERM, on which it stops
 * between two records, keeps what came in whole and records how far it
 * went; rounds then wait for Sync Now (or the next start), so that a
 * round a person stopped does not start again by itself 30 seconds later.
 */

/* The phases of a round, as `sync --progress` names them (CltSyncPhase,
 * of a library the window does not load). */
typedef enum
{
  PHASE_CONNECTING,
  PHASE_CUSTOMERS,
  PHASE_TASKS,
  PHASE_SENDING,
} Phase;

static const char * const phase_names[] = { "connecting", "customers", "tasks", "sending" };

struct _CltSyncRunner
{
  GObject    parent_instance;

  CltStore  *store;
  char      *failure;       /* why the last round failed, when the book could not record it */
  gint64     round_start;   /* Unix time the running round started */
  guint      interval_id;
  guint      change_id;
  guint      start_id;
  guint      long_id;

  GSubprocess      *process;   /* the running round */
  GDataInputStream *lines;     /* its output and errors, merged */
  char             *message;   /* the reason it printed for failing */
  Phase             phase;
  guint             done;
  guint             total;
  gboolean          long_round;
  gboolean          cancelling;
  gboolean          held;      /* a round was cancelled: automatic ones wait */
  gboolean          asked;     /* Sync Now while the cancelled round stops */

  gboolean   started;
  gboolean   awaiting_check; /* automatic rounds wait for the book's check */
  gboolean   shared;
  gboolean   running;
  gboolean   queued;
  gboolean   paused;
};

G_DEFINE_FINAL_TYPE (CltSyncRunner, clt_sync_runner, G_TYPE_OBJECT)


enum {
  PROP_0,
  PROP_SHARED,
  PROP_RUNNING,
  PROP_PAUSED,
  PROP_LONG_ROUND,
  PROP_CANCELLING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BOOK_CHANGED,
  ROUND_FINISHED,
  PASSWORD_REFUSED,
  PROGRESS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_round (CltSyncRunner *self);

static void
set_flag (CltSyncRunner *self,
          gboolean      *flag,
          gboolean       value,
          guint          prop)
{
  if (*flag == value)
    return;

  *flag = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void request_round (CltSyncRunner *self,
                           gboolean       automatic);

static void
store_verified_cb (CltSyncRunner *self)
{
  self->awaiting_check = FALSE;
  if (self->started)
    request_round (self, TRUE);
}

/* A round for a timer or a change: not while the password is refused,
 * nor before the book's check found it sound (a round writes into it). */
static void
request_round (CltSyncRunner *self,
               gboolean       automatic)
{
  if (!self->shared || (automatic && (self->paused || self->held)))
    return;

  if (automatic && !clt_store_is_verified (self->store))
    {
      if (!self->awaiting_check)
        g_signal_connect_object (self->store, "verified", G_CALLBACK (store_verified_cb),
                                 self, G_CONNECT_SWAPPED);
      self->awaiting_check = TRUE;
      return;
    }

  if (self->running)
    {
      self->queued = TRUE;
      return;
    }

  start_round (self);
}

/* The round's process ended; @error when it failed, with its reason. */
static void
round_ended (CltSyncRunner *self,
             const GError  *error)
{
  CltSyncRound round;
  gboolean recorded;
  gboolean cancelled = self->cancelling;

  g_clear_object (&self->lines);
  g_clear_object (&self->process);
  g_clear_handle_id (&self->long_id, g_source_remove);
  set_flag (self, &self->long_round, FALSE, PROP_LONG_ROUND);
  set_flag (self, &self->cancelling, FALSE, PROP_CANCELLING);
  set_flag (self, &self->running, FALSE, PROP_RUNNING);
  if (!self->started)
    return;

  clt_sync_get_last_round (self->store, &round);
  recorded = round.attempt >= self->round_start;
  g_clear_pointer (&self->failure, g_free);
  if (error != NULL && !recorded)
    self->failure = g_strdup (error->message);

  if (error != NULL)
    g_debug ("Sync round failed: %s", error->message);

  /* Also what a failed or cancelled round took in before it stopped. */
  if (recorded && round.received > 0)
    g_signal_emit (self, signals[BOOK_CHANGED], 0);

  if (cancelled)
    {
      self->held = !self->asked;
      self->queued = self->asked;
    }
  self->asked = FALSE;

  if (recorded && round.wrong_password && !self->paused)
    {
      set_flag (self, &self->paused, TRUE, PROP_PAUSED);
      g_signal_emit (self, signals[PASSWORD_REFUSED], 0);
    }
  else if (error == NULL)
    {
      set_flag (self, &self->paused, FALSE, PROP_PAUSED);
    }

  g_signal_emit (self, signals[ROUND_FINISHED], 0);

  if (self->queued)
    {
      self->queued = FALSE;
      request_round (self, TRUE);
    }
}

static void
waited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltSyncRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  GSubprocess *process = G_SUBPROCESS (object);

  if (g_subprocess_wait_finish (process, result, &error) && !g_subprocess_get_successful (process))
    g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         self->message != NULL && g_subprocess_get_if_exited (process)
                         ? self->message : _("The command line program stopped unexpectedly."));
  round_ended (self, error);
}

/* "progress PHASE DONE TOTAL", as `sync --progress` prints it. */
static gboolean
parse_progress (const char *line,
                Phase      *phase,
                guint      *done,
                guint      *total)
{
  g_auto(GStrv) words = g_strsplit (line, " ", -1);
  guint64 numbers[2];

  if (g_strv_length (words) != 4 || g_strcmp0 (words[0], "progress") != 0)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    if (!g_ascii_string_to_unsigned (words[2 + i], 10, 0, G_MAXUINT, &numbers[i], NULL))
      return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (phase_names); i++)
    if (g_strcmp0 (words[1], phase_names[i]) == 0)
      {
        *phase = (Phase) i;
        *done = (guint) numbers[0];
        *total = (guint) numbers[1];
        return TRUE;
      }

  return FALSE;
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CltSyncRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  const char *prefix = "clientele-cli: ";

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL)
    {
      /* Its output closed: its end follows. */
      g_subprocess_wait_async (self->process, NULL, waited_cb, g_object_ref (self));
      return;
    }

  if (parse_progress (line, &self->phase, &self->done, &self->total))
    g_signal_emit (self, signals[PROGRESS], 0);
  else if (g_str_has_prefix (line, prefix) && self->message == NULL)
    self->message = g_strstrip (g_strdup (line + strlen (prefix)));
  else
    g_debug ("Sync round: %s", line);

  g_data_input_stream_read_line_async (self->lines, G_PRIORITY_DEFAULT, NULL, read_line_cb,
                                       g_object_ref (self));
}

static gboolean
long_round_cb (gpointer user_data)
{
  CltSyncRunner *self = user_data;

  self->long_id = 0;
  set_flag (self, &self->long_round, TRUE, PROP_LONG_ROUND);

  return G_SOURCE_REMOVE;
}

static void
start_round (CltSyncRunner *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = clt_helper_process_find_cli ();
  const char *argv[] = { program, "--database", clt_store_get_path (self->store), "sync", "--progress", NULL };

  g_assert (!self->running);

  /* Seconds, as the book records them: a round recorded in the second it
   * started is this one. */
  self->round_start = g_get_real_time () / G_USEC_PER_SEC;
  self->phase = PHASE_CONNECTING;
  self->done = self->total = 0;
  g_clear_pointer (&self->message, g_free);
  set_flag (self, &self->running, TRUE, PROP_RUNNING);

  /* Its input is nothing to read, rather than the window's own. */
  self->process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                           G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  if (self->process == NULL)
    {
      round_ended (self, error);
      return;
    }
  g_output_stream_close (g_subprocess_get_stdin_pipe (self->process), NULL, NULL);

  self->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_read_line_async (self->lines, G_PRIORITY_DEFAULT, NULL, read_line_cb,
                                       g_object_ref (self));
  self->long_id = g_timeout_add (LONG_ROUND_MS, long_round_cb, self);
  g_signal_emit (self, signals[PROGRESS], 0);
}

static gboolean
interval_cb (gpointer user_data)
{
  request_round (user_data, TRUE);

  return G_SOURCE_CONTINUE;
}

static gboolean
change_cb (gpointer user_data)
{
  CltSyncRunner *self = user_data;

  self->change_id = 0;
  request_round (self, TRUE);

  return G_SOURCE_REMOVE;
}

static gboolean
start_cb (gpointer user_data)
{
  CltSyncRunner *self = user_data;

  self->start_id = 0;
  request_round (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* The window's own writes: sent once the burst is over. */
static void
store_changed_cb (CltSyncRunner *self)
{
  if (!self->shared)
    return;

  g_clear_handle_id (&self->change_id, g_source_remove);
  self->change_id = g_timeout_add (CHANGE_DELAY_MS, change_cb, self);
}

static void
clt_sync_runner_dispose (GObject *object)
{
  CltSyncRunner *self = CLT_SYNC_RUNNER (object);

  clt_sync_runner_stop (self);
  g_clear_handle_id (&self->long_id, g_source_remove);
  g_clear_object (&self->lines);
  g_clear_object (&self->process);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_sync_runner_parent_class)->dispose (object);
}

static void
clt_sync_runner_finalize (GObject *object)
{
  CltSyncRunner *self = CLT_SYNC_RUNNER (object);

  g_free (self->failure);
  g_free (self->message);

  G_OBJECT_CLASS (clt_sync_runner_parent_class)->finalize (object);
}

static void
clt_sync_runner_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CltSyncRunner *self = CLT_SYNC_RUNNER (object);

  switch (prop_id)
    {
    case PROP_SHARED:
      g_value_set_boolean (value, self->shared);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_LONG_ROUND:
      g_value_set_boolean (value, self->long_round);
      break;

    case PROP_CANCELLING:
      g_value_set_boolean (value, self->cancelling);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_sync_runner_class_init (CltSyncRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_sync_runner_dispose;
  object_class->finalize = clt_sync_runner_finalize;
  object_class->get_property = clt_sync_runner_get_property;

  properties[PROP_SHARED] =
    g_param_spec_boolean ("shared", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A round has run long enough to show its progress. */
  properties[PROP_LONG_ROUND] =
    g_param_spec_boolean ("long-round", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The running round was asked to stop and is stopping. */
  properties[PROP_CANCELLING] =
    g_param_spec_boolean ("cancelling", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CltSyncRunner::book-changed:
   *
   * A round took records from the server into the book: the views read
   * it again.
   */
  signals[BOOK_CHANGED] =
    g_signal_new ("book-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CltSyncRunner::round-finished:
   *
   * A round ended, well or not: its words are in clt_sync_runner_dup_status().
   */
  signals[ROUND_FINISHED] =
    g_signal_new ("round-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CltSyncRunner::password-refused:
   *
   * The server refused the password; rounds wait for a person. Emitted
   * once, not at every round.
   */
  signals[PASSWORD_REFUSED] =
    g_signal_new ("password-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * CltSyncRunner::progress:
   *
   * The running round went on: clt_sync_runner_dup_progress_text() and
   * clt_sync_runner_get_fraction() say where it is.
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
clt_sync_runner_init (CltSyncRunner *self)
{
}

/**
 * clt_sync_runner_new:
 * @store: the book, the window's connection to it
 *
 * Returns: (transfer full): the rounds of @store, not started
 */
CltSyncRunner *
clt_sync_runner_new (CltStore *store)
{
  CltSyncRunner *self;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_SYNC_RUNNER, NULL);
  self->store = g_object_ref (store);

  return self;
}

CltStore *
clt_sync_runner_get_store (CltSyncRunner *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_RUNNER (self), NULL);

  return self->store;
}

/**
 * clt_sync_runner_start:
 * @self: the rounds
 *
 * Runs a round now when the book is shared, then every 30 seconds and
 * after each change made through the store.
 */
void
clt_sync_runner_start (CltSyncRunner *self)
{
  g_return_if_fail (CLT_IS_SYNC_RUNNER (self));

  if (self->started)
    return;

  self->started = TRUE;
  clt_sync_runner_update (self);
  g_signal_connect_object (self->store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  self->interval_id = g_timeout_add_seconds (ROUND_INTERVAL_S, interval_cb, self);
  self->start_id = g_idle_add_full (G_PRIORITY_LOW, start_cb, self, NULL);
}

/**
 * clt_sync_runner_stop:
 * @self: the rounds
 *
 * No more rounds. One running goes on to its end, in its own process, so
 * that it leaves the book and the server agreeing.
 */
void
clt_sync_runner_stop (CltSyncRunner *self)
{
  g_return_if_fail (CLT_IS_SYNC_RUNNER (self));

  self->started = FALSE;
  self->queued = FALSE;
  g_clear_handle_id (&self->interval_id, g_source_remove);
  g_clear_handle_id (&self->change_id, g_source_remove);
  g_clear_handle_id (&self->start_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
}

/**
 * clt_sync_runner_update:
 * @self: the rounds
 *
 * Reads again whether the book is shared: after sharing was set up or
 * stopped.
 */
void
clt_sync_runner_update (CltSyncRunner *self)
{
  g_autoptr(GError) error = NULL;
  gboolean shared;

  g_return_if_fail (CLT_IS_SYNC_RUNNER (self));

  shared = clt_store_sync_get_account (self->store, NULL, NULL, &error);
  if (error != NULL)
    g_warning ("Could not read the sharing account: %s", error->message);

  if (shared != self->shared)
    {
      g_clear_pointer (&self->failure, g_free);
      set_flag (self, &self->paused, FALSE, PROP_PAUSED);
    }
  set_flag (self, &self->shared, shared, PROP_SHARED);
}

/**
 * clt_sync_runner_sync_now:
 * @self: the rounds
 *
 * A round now, or right after the one running; also after the server
 * refused the password.
 */
void
clt_sync_runner_sync_now (CltSyncRunner *self)
{
  g_return_if_fail (CLT_IS_SYNC_RUNNER (self));

  clt_sync_runner_update (self);
  self->held = FALSE;
  self->asked = self->cancelling;
  set_flag (self, &self->paused, FALSE, PROP_PAUSED);
  request_round (self, FALSE);
}

/**
 * clt_sync_runner_cancel:
 * @self: the rounds
 *
 * Stops the running round between two records: what came in stays, each
 * record whole, and the next round takes the rest. Automatic rounds wait
 * for clt_sync_runner_sync_now().
 */
void
clt_sync_runner_cancel (CltSyncRunner *self)
{
  g_return_if_fail (CLT_IS_SYNC_RUNNER (self));

  if (self->process == NULL || self->cancelling)
    return;

  set_flag (self, &self->cancelling, TRUE, PROP_CANCELLING);
  g_subprocess_send_signal (self->process, SIGTERM);
  g_signal_emit (self, signals[PROGRESS], 0);
}

gboolean
clt_sync_runner_get_cancelling (CltSyncRunner *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_RUNNER (self), FALSE);

  return self->cancelling;
}

gboolean
clt_sync_runner_get_long_round (CltSyncRunner *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_RUNNER (self), FALSE);

  return self->long_round;
}

/**
 * clt_sync_runner_get_fraction:
 * @self: the rounds
 *
 * Returns: how much of the running round's phase is done, from 0 to 1;
 *   -1 when it does not know yet (finding the collections)
 */
double
clt_sync_runner_get_fraction (CltSyncRunner *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_RUNNER (self), -1);

  if (!self->running || self->total == 0)
    return -1;

  return (double) self->done / self->total;
}

/**
 * clt_sync_runner_dup_progress_text:
 * @self: the rounds
 *
 * Returns: (nullable): what the running round does, in words, such as
 *   "Receiving customers: 2,500 of 10,000"; %NULL when none runs
 */
char *
clt_sync_runner_dup_progress_text (CltSyncRunner *self)
{
  g_autofree char *done = NULL;
  g_autofree char *total = NULL;

  g_return_val_if_fail (CLT_IS_SYNC_RUNNER (self), NULL);

  if (!self->running)
    return NULL;
  if (self->cancelling)
    return g_strdup (_("Stopping…"));
  if (self->phase == PHASE_CONNECTING || self->total == 0)
    return g_strdup (_("Syncing…"));

  /* In the locale's digits: "10,000", "10 000". */
  done = g_strdup_printf ("%'u", self->done);
  total = g_strdup_printf ("%'u", self->total);
  switch (self->phase)
    {
    case PHASE_CUSTOMERS:
      /* Translators: the numbers are customers, as in "Receiving customers: 2,500 of 10,000" */
      return g_strdup_printf (_("Receiving customers: %s of %s"), done, total);
    case PHASE_TASKS:
      /* Translators: the numbers are promises and logged contacts */
      return g_strdup_printf (_("Receiving promises and logged contacts: %s of %s"), done, total);
    case PHASE_SENDING:
    case PHASE_CONNECTING:
    default:
      /* Translators: the numbers are changes made at this desk */
      return g_strdup_printf (_("Sending this desk’s changes: %s of %s"), done, total);
    }
}

gboolean
clt_sync_runner_get_shared (CltSyncRunner *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_RUNNER (self), FALSE);

  return self->shared;
}

gboolean
clt_sync_runner_get_running (CltSyncRunner *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_RUNNER (self), FALSE);

  return self->running;
}

gboolean
clt_sync_runner_get_paused (CltSyncRunner *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_RUNNER (self), FALSE);

  return self->paused;
}

/**
 * clt_sync_runner_dup_status:
 * @self: the rounds
 *
 * Returns: (nullable): how the last round went, in a sentence; %NULL when
 *   the book is not shared
 */
char *
clt_sync_runner_dup_status (CltSyncRunner *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_RUNNER (self), NULL);

  if (!self->shared)
    return NULL;

  if (self->failure != NULL)
    /* Translators: %s is why, e.g. "The keyring has no password for …" */
    return g_strdup_printf (_("The last sync failed: %s"), self->failure);

  return clt_sync_describe_last_round (self->store);
}

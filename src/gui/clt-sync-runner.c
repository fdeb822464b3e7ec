/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sync-runner"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-helper-process.h"
#include "clt-sync-status.h"

#include "clt-sync-runner.h"

/* Every desk pulls this often while Clientele runs (issue 14). */
#define ROUND_INTERVAL_S 30
/* A change is sent this long after the last of a burst. */
#define CHANGE_DELAY_MS 5000

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
 */

struct _CltSyncRunner
{
  GObject    parent_instance;

  CltStore  *store;
  char      *failure;       /* why the last round failed, when the book could not record it */
  gint64     round_start;   /* Unix time the running round started */
  guint      interval_id;
  guint      change_id;
  guint      start_id;
  gboolean   started;
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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BOOK_CHANGED,
  ROUND_FINISHED,
  PASSWORD_REFUSED,
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

/* A round for a timer or a change: not while the password is refused. */
static void
request_round (CltSyncRunner *self,
               gboolean       automatic)
{
  if (!self->shared || (automatic && self->paused))
    return;

  if (self->running)
    {
      self->queued = TRUE;
      return;
    }

  start_round (self);
}

static void
round_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CltSyncRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = clt_helper_process_run_cli_finish (result, &error);
  CltSyncRound round;
  gboolean recorded;

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
  else
    g_debug ("Sync round: %s", output);

  if (recorded && !round.failed && round.received > 0)
    g_signal_emit (self, signals[BOOK_CHANGED], 0);

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
start_round (CltSyncRunner *self)
{
  const char *arguments[] = { "--database", clt_store_get_path (self->store), "sync", NULL };

  g_assert (!self->running);

  /* Seconds, as the book records them: a round recorded in the second it
   * started is this one. */
  self->round_start = g_get_real_time () / G_USEC_PER_SEC;
  set_flag (self, &self->running, TRUE, PROP_RUNNING);
  clt_helper_process_run_cli_async (arguments, NULL, round_done_cb, g_object_ref (self));
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
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_sync_runner_parent_class)->dispose (object);
}

static void
clt_sync_runner_finalize (GObject *object)
{
  CltSyncRunner *self = CLT_SYNC_RUNNER (object);

  g_free (self->failure);

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
  set_flag (self, &self->paused, FALSE, PROP_PAUSED);
  request_round (self, FALSE);
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

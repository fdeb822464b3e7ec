/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <glib-unix.h>

#include "clt-cli-sync-private.h"
#include "clt-dav-client.h"
#include "clt-secret.h"
#include "clt-store-sync.h"
#include "clt-sync-status.h"
#include "clt-sync-engine.h"

/* Checks the account by finding the user's address book and task list
 * homes, then the collections picked. */
static gboolean
try_account (const char         *url,
             const char         *user,
             const char         *password,
             gboolean            same_account,
             const char         *address_book,
             const char         *task_list,
             CltCliCollections  *choice,
             GError            **error)
{
  g_autoptr(CltDavClient) client = clt_dav_client_new (url, user, password, error);

  return client != NULL && clt_dav_client_discover (client, NULL, error) &&
         clt_cli_sync_find_collections (client, same_account, address_book, task_list, choice,
                                        error);
}

/* Holds SIGTERM and SIGINT back until the account is kept, so that it is
 * kept whole or not at all; FALSE when one came already: the person
 * cancelled, and nothing is kept. Until here they end the process, which
 * has written nothing. */
static gboolean
hold_stop_signals (sigset_t *saved)
{
  sigset_t stopping;
  sigset_t pending;

  sigemptyset (&stopping);
  sigaddset (&stopping, SIGTERM);
  sigaddset (&stopping, SIGINT);
  sigprocmask (SIG_BLOCK, &stopping, saved);
  sigpending (&pending);

  return !sigismember (&pending, SIGTERM) && !sigismember (&pending, SIGINT);
}

static int
setup (const char  *database,
       const char  *url,
       const char  *user,
       gboolean     password_stdin,
       const char  *address_book,
       const char  *task_list)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CltPassword) password = NULL;
  g_autofree char *shared_url = NULL;
  g_autofree char *shared_user = NULL;
  g_autofree char *clean_url = NULL;
  g_autofree char *clean_user = NULL;
  CltCliCollections choice = { 0 };
  /* Other collections for the account set up: no server options. */
  gboolean choosing = url == NULL && user == NULL && (address_book != NULL || task_list != NULL);
  gboolean shared;
  gboolean ok;
  int lock = -1;
  sigset_t saved;

  if (!choosing && (url == NULL || user == NULL || !password_stdin))
    {
      clt_cli_error (_("Write “sync setup --url ADDRESS --user NAME --password-stdin”, "
                       "with the password on standard input"));
      return 1;
    }

  if (password_stdin)
    {
      password = clt_cli_read_password ();
      if (password == NULL)
        return 1;
    }

  store = clt_cli_open_store (database, choosing);
  if (store == NULL)
    return 1;

  shared = clt_store_sync_get_account (store, &shared_url, &shared_user, &error);
  if (error != NULL)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }
  if (choosing)
    {
      if (!shared || shared_user == NULL)
        {
          clt_cli_error (_("The book is not shared: set it up with “clientele-cli sync setup”"));
          return 1;
        }
      url = shared_url;
      user = shared_user;
      if (password == NULL)
        password = clt_cli_sync_stored_password (url, user);
      if (password == NULL)
        return 1;
    }

  clean_url = clt_text_strip (url);
  clean_user = clt_text_strip (user);
  clt_secret_guard_begin ();
  ok = try_account (url, user, password,
                    shared && g_strcmp0 (shared_url, clean_url) == 0 &&
                    g_strcmp0 (shared_user, clean_user) == 0,
                    address_book, task_list, &choice, &error);
  clt_secret_guard_end ();
  if (!ok)
    {
      clt_cli_collections_clear (&choice);
      clt_cli_error (_("The server could not be used: %s Nothing was changed."), error->message);
      if (g_error_matches (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND) &&
          (address_book != NULL || task_list != NULL))
        clt_cli_error (_("“clientele-cli sync collections” lists the address books and task lists "
                         "the server has."));
      return 1;
    }

  /* Not under a round that is sending to the collections changed. */
  if (shared)
    {
      lock = clt_cli_sync_lock_book (store);
      if (lock < 0)
        {
          clt_cli_collections_clear (&choice);
          return 1;
        }
    }

  if (!hold_stop_signals (&saved))
    {
      if (lock >= 0)
        close (lock);
      clt_cli_collections_clear (&choice);
      clt_cli_error (_("Sharing was not set up: it was cancelled. Nothing was changed."));
      return 1;
    }
  ok = (choosing || clt_secret_store_sync_password (url, user, password, NULL, &error)) &&
       clt_store_begin (store, &error);
  if (ok)
    {
      ok = (choosing || clt_store_sync_set_account (store, url, user, &error)) &&
           clt_cli_sync_use_collections (store, &choice, &error);
      if (ok)
        ok = clt_store_commit (store, &error);
      else
        clt_store_rollback (store);
    }
  if (lock >= 0)
    close (lock);
  clt_cli_collections_clear (&choice);
  sigprocmask (SIG_SETMASK, &saved, NULL);
  if (!ok)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  if (choosing)
    g_print (_("The next round shares the book through the collections chosen. Run "
               "“clientele-cli sync” to sync it now.\n"));
  else
    /* Translators: %s is the server's address, then a user name */
    g_print (_("The book is shared through %s as %s. Run “clientele-cli sync” to sync it now.\n"), url, user);
  return 0;
}

/* What the next round sends: the objects changed since the last one, and
 * those the server never had (the whole book before the first round). */
static gboolean
count_waiting (CltStore  *store,
               guint     *count,
               GError   **error)
{
  static const CltSyncKind kinds[] = { CLT_SYNC_CUSTOMER, CLT_SYNC_PROMISE, CLT_SYNC_CONTACT };
  g_autoptr(GPtrArray) pending = clt_store_sync_list_pending (store, error);
  g_autoptr(GHashTable) waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (pending == NULL)
    return FALSE;

  for (guint i = 0; i < pending->len; i++)
    {
      CltSyncPending *change = g_ptr_array_index (pending, i);

      g_hash_table_add (waiting, g_strdup_printf ("%d/%s", change->kind, change->uid));
    }

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) unshared = clt_store_sync_list_unshared (store, kinds[k], error);

      if (unshared == NULL)
        return FALSE;
      for (guint i = 0; i < unshared->len; i++)
        g_hash_table_add (waiting, g_strdup_printf ("%d/%s", kinds[k],
                                                    (const char *) g_ptr_array_index (unshared, i)));
    }

  *count = g_hash_table_size (waiting);
  return TRUE;
}

static int
status (const char *database)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *last = NULL;
  guint waiting = 0;

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if (!clt_store_sync_get_account (store, &url, &user, &error))
    {
      if (error != NULL)
        clt_cli_error ("%s", error->message);
      else
        g_print (_("The book is not shared.\n"));
      return error != NULL ? 1 : 0;
    }

  if (!count_waiting (store, &waiting, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  g_print (_("Shared through %s as %s\n"), url, user);
  last = clt_sync_describe_last_round (store);
  g_print ("%s\n", last);
  g_print (g_dngettext (NULL, "%u change waiting to be sent\n", "%u changes waiting to be sent\n",
                        waiting), waiting);
  return 0;
}

/* One round at a time on a book: the window, the resident service and a
 * person at the terminal may all start one. A later one waits for the
 * earlier to end, then sends what changed meanwhile. The lock goes with
 * the process, however it ends. Returns the lock's descriptor, or -1. */
char *
clt_cli_sync_stored_password (const char *url,
                              const char *user)
{
  g_autoptr(GError) error = NULL;
  char *password = clt_secret_lookup_sync_password (url, user, NULL, &error);

  if (password != NULL)
    return password;
  if (error != NULL)
    clt_cli_error ("%s", error->message);
  else
    clt_cli_error (_("The keyring has no password for %s: give it with “--password-stdin”."), url);
  return NULL;
}

int
clt_cli_sync_lock_book (CltStore *store)
{
  g_autofree char *path = clt_store_dup_lock_path (store, "sync");
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  int saved_errno = errno;

  if (fd < 0)
    {
      clt_cli_error (_("The book cannot be synced: “%s” cannot be created (%s). Check that the "
                       "customer book’s folder can be written to."), path, g_strerror (saved_errno));
      return -1;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) == 0)
    return fd;

  g_printerr (_("Waiting for another sync of this book to end…\n"));
  while (flock (fd, LOCK_EX) != 0)
    {
      if (errno != EINTR)
        {
          saved_errno = errno;
          close (fd);
          clt_cli_error (_("The book cannot be synced: “%s” cannot be locked (%s)."),
                         path, g_strerror (saved_errno));
          return -1;
        }
    }

  return fd;
}

/* The most progress lines a second: a window reads them, a person may. */
#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

/* The words of the progress lines, one per CltSyncPhase. */
static const char * const phase_names[] = { "connecting", "customers", "tasks", "sending" };

/* A round in its own thread, so that SIGTERM and SIGINT, taken in the
 * main loop, cancel it between two records (or its request under way)
 * rather than end the process anywhere. */
typedef struct
{
  CltStore      *store;
  CltDavClient  *client;
  GCancellable  *cancellable;
  GMainLoop     *loop;
  gboolean       print;        /* --progress */

  /* Written by the round's thread, read by the main one once it ended. */
  CltSyncPhase   phase;
  guint          done;
  guint          total;
  gint64         printed_at;
  gboolean       printed;      /* the last state told was printed */
  gboolean       ok;
  CltSyncResult  result;
  GError        *error;
} Round;

static void
print_progress (Round *round)
{
  g_print ("progress %s %u %u\n", phase_names[round->phase], round->done, round->total);
  fflush (stdout);
  round->printed_at = g_get_monotonic_time ();
  round->printed = TRUE;
}

/* Each phase's start and end, and between them at most ten lines a second. */
static void
progress_cb (CltSyncPhase phase,
             guint        done,
             guint        total,
             gpointer     user_data)
{
  Round *round = user_data;
  gboolean new_phase = phase != round->phase || done == 0;

  round->phase = phase;
  round->done = done;
  round->total = total;
  round->printed = FALSE;
  if (round->print && (new_phase || done == total ||
                       g_get_monotonic_time () - round->printed_at >= PROGRESS_INTERVAL_US))
    print_progress (round);
}

static gboolean
round_ended_cb (gpointer user_data)
{
  Round *round = user_data;

  g_main_loop_quit (round->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
round_thread (gpointer user_data)
{
  Round *round = user_data;

  round->ok = clt_sync_run (round->store, round->client, progress_cb, round, round->cancellable,
                            &round->result, &round->error);
  g_idle_add (round_ended_cb, round);
  return NULL;
}

static gboolean
stop_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

/* Runs the round until it ends or a signal stops it. */
static void
run_in_thread (Round *round)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  guint term_id = g_unix_signal_add (SIGTERM, stop_cb, round->cancellable);
  guint int_id = g_unix_signal_add (SIGINT, stop_cb, round->cancellable);
  GThread *thread;

  round->loop = loop;
  thread = g_thread_new ("sync", round_thread, round);
  g_main_loop_run (loop);
  g_thread_join (thread);
  g_source_remove (term_id);
  g_source_remove (int_id);
  round->loop = NULL;

  /* The last line says how far it went, whatever was skipped. */
  if (round->print && !round->printed)
    print_progress (round);
}

/* What a round stopped at @round's place leaves, and what the next does:
 * what came in stays, each record whole, and the next round takes only
 * what is missing. */
static char *
describe_stop (const Round *round)
{
  g_autofree char *done = g_strdup_printf ("%'u", round->done);
  g_autofree char *total = g_strdup_printf ("%'u", round->total);

  switch (round->phase)
    {
    case CLT_SYNC_PHASE_CUSTOMERS:
      /* Translators: the numbers are customers, as in "2,500 of 10,000" */
      return g_strdup_printf (_("Sync was stopped with %s of %s customers received. "
                                "The next sync receives the rest, none twice."), done, total);
    case CLT_SYNC_PHASE_TASKS:
      /* Translators: the numbers are promises and logged contacts */
      return g_strdup_printf (_("Sync was stopped with every customer and %s of %s promises and "
                                "logged contacts received. The next sync receives the rest, none "
                                "twice."), done, total);
    case CLT_SYNC_PHASE_SENDING:
      /* Translators: the numbers are changes made at this desk */
      return g_strdup_printf (_("Sync was stopped with %s of %s changes sent. The next sync sends "
                                "the rest, none twice."), done, total);
    case CLT_SYNC_PHASE_CONNECTING:
    default:
      return g_strdup (_("Sync was stopped before anything was received or sent."));
    }
}

/* A round with the book locked; @given_password is NULL to take the
 * password from the keyring. */
static int
locked_round (CltStore   *store,
              const char *url,
              const char *user,
              const char *given_password,
              gboolean    print_progress)
{
  g_autoptr(CltDavClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) record_error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(CltPassword) stored_password = NULL;
  const char *password = given_password;
  Round round = { .store = store, .cancellable = cancellable, .print = print_progress };
  CltSyncResult result = { 0 };
  gboolean ok;

  if (password == NULL)
    {
      stored_password = clt_secret_lookup_sync_password (url, user, NULL, &error);
      if (stored_password == NULL)
        {
          g_autofree char *message = NULL;

          if (error == NULL)
            message = g_strdup_printf (_("The keyring has no password for %s: set sharing up "
                                         "again with “clientele-cli sync setup”."), url);
          else
            /* A sentence, which the status follows with another. */
            message = g_str_has_suffix (error->message, ".") ? g_strdup (error->message)
                                                             : g_strconcat (error->message, ".", NULL);

          /* The window reads why the round failed from the book. */
          if (!clt_sync_record_round (store, message, FALSE, 0, &record_error))
            g_warning ("Could not record the sync round: %s", record_error->message);
          clt_cli_error ("%s", message);
          if (error != NULL)
            clt_cli_error (_("Or give the password on standard input with "
                             "“clientele-cli sync --password-stdin”."));
          return 1;
        }
      password = stored_password;
    }

  clt_secret_guard_begin ();
  client = clt_dav_client_new (url, user, password, &error);
  ok = client != NULL;
  if (ok)
    {
      round.client = client;
      run_in_thread (&round);
      ok = round.ok;
      result = round.result;
      if (round.error != NULL)
        g_propagate_error (&error, g_steal_pointer (&round.error));
    }
  g_clear_object (&client);
  clt_secret_guard_end ();

  /* Cancelled: whatever error the request under way ended with, it was
   * stopped, not failed. */
  if (!ok && g_cancellable_is_cancelled (cancellable))
    {
      g_autofree char *message = describe_stop (&round);

      if (!clt_sync_record_round_stopped (store, message, &record_error) ||
          !clt_sync_record_round_result (store, result.pulled + result.merged, FALSE, &record_error))
        g_warning ("Could not record the sync round: %s", record_error->message);
      clt_cli_error ("%s", message);
      return 1;
    }

  /* What came in before a failure is in the book too: the window shows it. */
  if (!clt_sync_record_round (store, ok ? NULL : error->message,
                              !ok && g_error_matches (error, CLT_DAV_ERROR, CLT_DAV_ERROR_OFFLINE),
                              0, &record_error) ||
      !clt_sync_record_round_result (store, result.pulled + result.merged,
                                     !ok && g_error_matches (error, CLT_DAV_ERROR, CLT_DAV_ERROR_AUTH),
                                     &record_error))
    g_warning ("Could not record the sync round: %s", record_error->message);
  if (!ok)
    {
      clt_cli_error (_("The book could not be synced: %s"), error->message);
      return 1;
    }

  /* Translators: a summary of one sync; the numbers are records */
  g_print (_("pushed %u, pulled %u, merged %u\n"), result.pushed, result.pulled, result.merged);
  return 0;
}

static int
run_round (const char *database,
           gboolean    password_stdin,
           gboolean    print_progress)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CltPassword) password = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  int lock;
  int status;

  if (password_stdin)
    {
      password = clt_cli_read_password ();
      if (password == NULL)
        return 1;
    }

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if (!clt_store_sync_get_account (store, &url, &user, &error))
    {
      if (error == NULL)
        clt_cli_error (_("The book is not shared: set it up with “clientele-cli sync setup”"));
      else
        clt_cli_error ("%s", error->message);
      return 1;
    }

  lock = clt_cli_sync_lock_book (store);
  if (lock < 0)
    return 1;

  status = locked_round (store, url, user, password, print_progress);
  close (lock);
  return status;
}

int
clt_cli_sync (const char  *database,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *address_book = NULL;
  g_autofree char *task_list = NULL;
  gboolean password_stdin = FALSE;
  gboolean progress = FALSE;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("The server’s address, such as https://cloud.example.com"), N_("ADDRESS") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("The user name to sign in with"), N_("USER") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from standard input (with setup, keep it in the keyring)"), NULL },
    { "address-book", 0, 0, G_OPTION_ARG_STRING, &address_book,
      N_("With setup: the address book to share the customers through, as “sync collections” "
         "lists it (“Clientele”, made when absent, by default)"), N_("HREF") },
    { "task-list", 0, 0, G_OPTION_ARG_STRING, &task_list,
      N_("With setup: the task list to share the promises through, as “sync collections” "
         "lists it (“Clientele”, made when absent, by default)"), N_("HREF") },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &progress,
      N_("Print “progress PHASE DONE TOTAL” lines while a round runs, for a program to read"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("sync", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (g_strcmp0 (arguments[1], "setup") == 0 && arguments[2] == NULL)
    return setup (database, url, user, password_stdin, address_book, task_list);
  if (g_strcmp0 (arguments[1], "collections") == 0 && arguments[2] == NULL)
    return clt_cli_sync_collections (database, url, user, password_stdin);
  if (g_strcmp0 (arguments[1], "status") == 0 && arguments[2] == NULL)
    return status (database);
  if (arguments[1] == NULL)
    return run_round (database, password_stdin, progress);

  clt_cli_error (_("Write “sync” alone, “sync setup” followed by the server’s options, "
                   "“sync collections” or “sync status”"));
  return 1;
}

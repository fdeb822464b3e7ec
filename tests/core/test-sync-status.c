/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clt-sync-status.h"
#include "clt-test-book.h"

/* 2026-12-05 09:12 UTC, a Saturday. */
#define SATURDAY 1796461920

static void
test_rounds (CltTestBook   *book,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *never = clt_sync_describe_last_round (book->store);
  g_autofree char *synced = NULL;
  g_autofree char *offline = NULL;
  g_autofree char *failed = NULL;

  g_assert_cmpstr (never, ==, "Not synced yet.");

  g_assert_true (clt_sync_record_round (book->store, NULL, FALSE, SATURDAY, &error));
  g_assert_no_error (error);
  synced = clt_sync_describe_last_round (book->store);
  g_assert_cmpstr (synced, ==, "Last synced Saturday 5 December at 09:12.");

  /* Offline is a state: the last success is still said. */
  g_assert_true (clt_sync_record_round (book->store, "The server cannot be reached.", TRUE,
                                        SATURDAY + 120, &error));
  offline = clt_sync_describe_last_round (book->store);
  g_assert_cmpstr (offline, ==, "Offline: changes are kept on this desk and sent when the server can "
                                "be reached again. Last synced Saturday 5 December at 09:12.");

  g_assert_true (clt_sync_record_round (book->store, "The user name or password is wrong.", FALSE,
                                        SATURDAY + 240, &error));
  failed = clt_sync_describe_last_round (book->store);
  g_assert_cmpstr (failed, ==, "The last sync failed: The user name or password is wrong. "
                               "Last synced Saturday 5 December at 09:12.");
}

/* A round stopped on purpose says how far it went, not that it failed;
 * the next round that ends says nothing of it. */
static void
test_stopped (CltTestBook   *book,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stopped = NULL;
  g_autofree char *after = NULL;
  g_autofree char *synced = NULL;
  CltSyncRound round;

  g_assert_true (clt_sync_record_round_stopped (book->store, "Stopped after 2 of 5.", &error));
  g_assert_no_error (error);
  stopped = clt_sync_describe_last_round (book->store);
  g_assert_cmpstr (stopped, ==, "Stopped after 2 of 5.");
  clt_sync_get_last_round (book->store, &round);
  g_assert_true (round.failed);
  g_assert_true (round.stopped);
  g_assert_false (round.offline);

  g_assert_true (clt_sync_record_round (book->store, NULL, FALSE, SATURDAY, &error));
  g_assert_true (clt_sync_record_round_stopped (book->store, "Stopped after 2 of 5.", &error));
  g_assert_no_error (error);
  after = clt_sync_describe_last_round (book->store);
  g_assert_cmpstr (after, ==, "Stopped after 2 of 5. Last synced Saturday 5 December at 09:12.");

  g_assert_true (clt_sync_record_round (book->store, NULL, FALSE, SATURDAY + 60, &error));
  synced = clt_sync_describe_last_round (book->store);
  g_assert_cmpstr (synced, ==, "Last synced Saturday 5 December at 09:13.");
  clt_sync_get_last_round (book->store, &round);
  g_assert_false (round.stopped);
}

/* What a window reads after a round: what came in, and a refused
 * password told apart from an absent network. */
static void
test_round_result (CltTestBook   *book,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CltSyncRound round;

  clt_sync_get_last_round (book->store, &round);
  g_assert_cmpint (round.attempt, ==, 0);
  g_assert_false (round.failed);
  g_assert_cmpuint (round.received, ==, 0);

  g_assert_true (clt_sync_record_round (book->store, NULL, FALSE, SATURDAY, &error));
  g_assert_true (clt_sync_record_round_result (book->store, 3, FALSE, &error));
  g_assert_no_error (error);
  clt_sync_get_last_round (book->store, &round);
  g_assert_cmpint (round.attempt, ==, SATURDAY);
  g_assert_cmpint (round.success, ==, SATURDAY);
  g_assert_false (round.failed);
  g_assert_false (round.offline);
  g_assert_false (round.wrong_password);
  g_assert_cmpuint (round.received, ==, 3);

  g_assert_true (clt_sync_record_round (book->store, "The user name or password is wrong.", FALSE,
                                        SATURDAY + 30, &error));
  g_assert_true (clt_sync_record_round_result (book->store, 0, TRUE, &error));
  clt_sync_get_last_round (book->store, &round);
  g_assert_cmpint (round.attempt, ==, SATURDAY + 30);
  g_assert_cmpint (round.success, ==, SATURDAY);
  g_assert_true (round.failed);
  g_assert_false (round.offline);
  g_assert_true (round.wrong_password);
  g_assert_cmpuint (round.received, ==, 0);

  g_assert_true (clt_sync_record_round (book->store, "The server cannot be reached.", TRUE,
                                        SATURDAY + 60, &error));
  g_assert_true (clt_sync_record_round_result (book->store, 0, FALSE, &error));
  clt_sync_get_last_round (book->store, &round);
  g_assert_true (round.failed);
  g_assert_true (round.offline);
  g_assert_false (round.wrong_password);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-status/rounds", CltTestBook, NULL, clt_test_book_set_up, test_rounds,
              clt_test_book_tear_down);
  g_test_add ("/sync-status/round-result", CltTestBook, NULL, clt_test_book_set_up, test_round_result,
              clt_test_book_tear_down);
  g_test_add ("/sync-status/stopped", CltTestBook, NULL, clt_test_book_set_up, test_stopped,
              clt_test_book_tear_down);

  return g_test_run ();
}

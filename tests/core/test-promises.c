/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clt-test-book.h"

#define HOUR ((gint64) 3600)
#define DAY ((gint64) 86400)

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static guint
count (CltStore         *store,
       CltPromiseFilter  filter,
       gint64            at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) promises = clt_store_list_promises (store, filter, at, &error);

  g_assert_no_error (error);
  return promises->len;
}

static void
test_status (CltTestBook   *book,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltPromise) kept = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Hélène Dupré");
  gint64 a = clt_store_add_promise (store, id, "Rappeler mardi", "Marc", now () + DAY, TRUE, &error);
  gint64 b = clt_store_add_promise (store, id, "Robe bleue en 38", "Julie", now () + 2 * DAY, TRUE, &error);
  gint64 c = clt_store_add_promise (store, id, "Devis", NULL, now () + 3 * DAY, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (count (store, CLT_PROMISES_OPEN, now ()), ==, 3);

  g_assert_true (clt_store_set_promise_status (store, a, CLT_PROMISE_KEPT, &error));
  g_assert_true (clt_store_set_promise_status (store, b, CLT_PROMISE_BROKEN, &error));
  g_assert_true (clt_store_set_promise_status (store, c, CLT_PROMISE_CANCELLED, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count (store, CLT_PROMISES_OPEN, now ()), ==, 0);
  g_assert_cmpuint (count (store, CLT_PROMISES_ALL, now ()), ==, 3);

  kept = clt_store_get_promise (store, a, &error);
  g_assert_cmpint (kept->status, ==, CLT_PROMISE_KEPT);
  g_assert_cmpint (kept->closed_at, >, 0);
  g_assert_cmpstr (kept->customer_name, ==, "Hélène Dupré");

  /* Closed once: no going back, no second verdict. */
  g_assert_false (clt_store_set_promise_status (store, a, CLT_PROMISE_BROKEN, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_store_postpone_promise (store, c, now () + DAY, TRUE, NULL, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_store_set_promise_status (store, 9999, CLT_PROMISE_KEPT, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
}

static void
test_postpone (CltTestBook   *book,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltPromise) promise = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Zoë Martin");
  gint64 due = now () + DAY;
  gint64 p = clt_store_add_promise (store, id, "Commander la taille 40", "Julie", due, TRUE, &error);

  g_assert_true (clt_store_postpone_promise (store, p, due + DAY, TRUE, "Fournisseur en retard", &error));
  g_assert_true (clt_store_postpone_promise (store, p, due + 3 * DAY, FALSE, NULL, &error));
  g_assert_no_error (error);

  promise = clt_store_get_promise (store, p, &error);
  g_assert_cmpint (promise->due_at, ==, due + 3 * DAY);
  g_assert_false (promise->due_all_day);
  g_assert_cmpuint (promise->n_postponed, ==, 2);
  g_assert_cmpint (promise->status, ==, CLT_PROMISE_OPEN);
  g_assert_cmpint (promise->remind_at, <=, promise->due_at);
}

static void
test_lists (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Loïc Le Goff");
  gint64 t = now ();
  gint64 day_start, day_end;

  clt_schedule_day_bounds (tz, t, 1, &day_start, &day_end);
  clt_store_add_promise (store, id, "Il y a trois jours", NULL, t - 3 * DAY, TRUE, &error);
  clt_store_add_promise (store, id, "Hier", NULL, t - DAY, TRUE, &error);
  clt_store_add_promise (store, id, "Aujourd’hui", NULL, day_end - 1, TRUE, &error);
  clt_store_add_promise (store, id, "Demain", NULL, day_end + DAY - 1, TRUE, &error);
  g_assert_no_error (error);

  overdue = clt_store_list_promises (store, CLT_PROMISES_OVERDUE, t, &error);
  g_assert_cmpuint (overdue->len, ==, 2);
  g_assert_cmpstr (((CltPromise *) overdue->pdata[0])->text, ==, "Il y a trois jours");
  g_assert_cmpuint (count (store, CLT_PROMISES_TODAY, t), ==, 1);
  g_assert_cmpuint (count (store, CLT_PROMISES_OPEN, t), ==, 4);

  /* A deleted customer's promises go with them. */
  g_assert_true (clt_store_trash_customer (store, id, &error));
  g_assert_cmpuint (count (store, CLT_PROMISES_OPEN, t), ==, 0);
}

static void
test_reminders_fire_once (CltTestBook   *book,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) snoozed = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Anaïs Leroy");
  gint64 t = now ();
  gint64 a = clt_store_add_promise (store, id, "Rappeler", NULL, t + DAY, FALSE, &error);
  gint64 b = clt_store_add_promise (store, id, "Livrer", NULL, t + DAY, FALSE, &error);

  g_assert_true (clt_store_set_promise_remind (store, a, t - HOUR, &error));
  g_assert_true (clt_store_set_promise_remind (store, b, t + HOUR, &error));
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_next_reminder (store, t), ==, t + HOUR);

  /* Missed an hour ago: caught up now, then never again. */
  due = clt_store_due_reminders (store, t, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (((CltPromise *) due->pdata[0])->id, ==, a);
  g_assert_true (clt_store_mark_reminded (store, a, t, &error));
  again = clt_store_due_reminders (store, t + 10, &error);
  g_assert_cmpuint (again->len, ==, 0);

  /* Snoozed: fires once more at the new time. */
  g_assert_true (clt_store_set_promise_remind (store, a, t + 2 * HOUR, &error));
  snoozed = clt_store_due_reminders (store, t + 2 * HOUR, &error);
  g_assert_cmpuint (snoozed->len, ==, 2);

  /* Kept before its reminder: never notifies. */
  g_assert_true (clt_store_set_promise_status (store, b, CLT_PROMISE_KEPT, &error));
  g_assert_true (clt_store_mark_reminded (store, a, t + 2 * HOUR, &error));
  kept = clt_store_due_reminders (store, t + 3 * HOUR, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kept->len, ==, 0);
}

/* Catching up marks exactly what it returns, in one transaction, however
 * many were missed; a second catch-up finds nothing. */
static void
test_take_due_reminders (CltTestBook   *book,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) later = NULL;
  CltStore *store = book->store;
  gint64 t = now ();
  gint64 future = 0;
  gint64 kept = 0;

  g_assert_true (clt_store_begin (store, &error));
  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client %u", i);
      gint64 id = clt_test_book_add (book, name);
      gint64 p = clt_store_add_promise (store, id, "Rappeler", NULL, t + DAY, FALSE, &error);

      g_assert_true (clt_store_set_promise_remind (store, p, t - DAY + i, &error));
      if (i == 0)
        {
          future = clt_store_add_promise (store, id, "Livrer", NULL, t + DAY, FALSE, &error);
          g_assert_true (clt_store_set_promise_remind (store, future, t + HOUR, &error));
          kept = clt_store_add_promise (store, id, "Payer", NULL, t + DAY, FALSE, &error);
          g_assert_true (clt_store_set_promise_remind (store, kept, t - HOUR, &error));
          g_assert_true (clt_store_set_promise_status (store, kept, CLT_PROMISE_KEPT, &error));
        }
    }
  g_assert_true (clt_store_commit (store, &error));
  g_assert_no_error (error);

  taken = clt_store_take_due_reminders (store, t, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (taken->len, ==, 500);
  /* Oldest reminder first; neither the future nor the kept one. */
  g_assert_cmpstr (((CltPromise *) taken->pdata[0])->customer_name, ==, "Client 0");
  g_assert_cmpstr (((CltPromise *) taken->pdata[499])->customer_name, ==, "Client 499");
  for (guint i = 0; i < taken->len; i++)
    {
      g_autoptr(CltPromise) promise = clt_store_get_promise (store, ((CltPromise *) taken->pdata[i])->id,
                                                             &error);

      g_assert_cmpint (promise->reminded_at, ==, t);
      g_assert_cmpint (promise->id, !=, future);
      g_assert_cmpint (promise->id, !=, kept);
    }

  again = clt_store_take_due_reminders (store, t + 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 0);
  later = clt_store_take_due_reminders (store, t + HOUR, &error);
  g_assert_cmpuint (later->len, ==, 1);
  g_assert_cmpint (((CltPromise *) later->pdata[0])->id, ==, future);
}

static void
test_default_remind (CltTestBook   *book,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltPromise) promise = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gint64 id = clt_test_book_add (book, "Noël Lambert");
  gint64 due = clt_schedule_due (tz, 2030, 6, 14, 0, 0, TRUE);
  gint64 p = clt_store_add_promise (book->store, id, "Gâteau", NULL, due, TRUE, &error);

  promise = clt_store_get_promise (book->store, p, &error);
  g_assert_no_error (error);
  g_assert_cmpint (promise->remind_at, ==, clt_schedule_local_time (tz, 2030, 6, 14, CLT_SCHEDULE_MORNING_HOUR, 0));
}

/* A time the book cannot keep is refused by every setter, saying which
 * dates it keeps, and nothing is written (F12). */
static void
test_out_of_range (CltTestBook   *book,
                   gconstpointer  data)
{
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Hélène Dupré");
  /* before 1971, none, 9999-12-31T23:59:59Z */
  const gint64 bad[] = { -1, 0, 1000, G_GINT64_CONSTANT (253402300799) };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltPromise) promise = NULL;
  g_autoptr(GPtrArray) all = NULL;
  gint64 promise_id;

  promise_id = clt_store_add_promise (store, id, "Rappeler", NULL, 1780000000, TRUE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (clt_store_add_promise (store, id, "Hors du temps", NULL, bad[i], TRUE, &error), ==, 0);
      g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, clt_schedule_range_message ());
      g_clear_error (&error);

      g_assert_false (clt_store_postpone_promise (store, promise_id, bad[i], TRUE, NULL, &error));
      g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
      g_clear_error (&error);

      g_assert_cmpint (clt_store_add_interaction (store, id, CLT_INTERACTION_CALL, bad[i], FALSE,
                                                  NULL, NULL, &error), ==, 0);
      g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
      g_clear_error (&error);

      /* 0 is "no reminder". */
      if (bad[i] != 0)
        {
          g_assert_false (clt_store_set_promise_remind (store, promise_id, bad[i], &error));
          g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
          g_clear_error (&error);
        }
    }

  promise = clt_store_get_promise (store, promise_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (promise->due_at, ==, 1780000000);
  g_assert_cmpuint (promise->n_postponed, ==, 0);
  all = clt_store_list_promises (store, CLT_PROMISES_ALL, 1780000000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 1);
}

/* Kept, broken or cancelled, a promise opens again as it was; a reminder
 * whose time has passed is not fired again (nor for the first time), one
 * still to come stays set; the history lists it only while closed. */
static void
test_reopen (CltTestBook   *book,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(CltPromise) fired = NULL;
  g_autoptr(CltPromise) missed = NULL;
  g_autoptr(CltPromise) later = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Anaïs Leroy");
  gint64 t = now ();
  gint64 a = clt_store_add_promise (store, id, "Rappeler", "Marc", t + DAY, FALSE, &error);
  gint64 b = clt_store_add_promise (store, id, "Robe en 38", NULL, t + 2 * DAY, TRUE, &error);
  gint64 c = clt_store_add_promise (store, id, "Devis", NULL, t + 3 * DAY, FALSE, &error);
  guint n_total = 0;
  CltHistoryEntry *entry;

  g_assert_no_error (error);
  g_assert_true (clt_store_postpone_promise (store, a, t + 2 * DAY, FALSE, "Fournisseur", &error));
  /* a: its reminder fired before it was kept. */
  g_assert_true (clt_store_set_promise_remind (store, a, t - 2 * HOUR, &error));
  g_assert_true (clt_store_mark_reminded (store, a, t - HOUR, &error));
  /* b: its reminder came due but never fired (the app was closed). */
  g_assert_true (clt_store_set_promise_remind (store, b, t - HOUR, &error));
  /* c: its reminder is still to come. */
  g_assert_true (clt_store_set_promise_remind (store, c, t + HOUR, &error));
  g_assert_true (clt_store_set_promise_status (store, a, CLT_PROMISE_KEPT, &error));
  g_assert_true (clt_store_set_promise_status (store, b, CLT_PROMISE_BROKEN, &error));
  g_assert_true (clt_store_set_promise_status (store, c, CLT_PROMISE_CANCELLED, &error));
  g_assert_no_error (error);

  history = clt_store_list_history (store, id, 0, &n_total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_total, ==, 3);
  g_assert_cmpuint (history->len, ==, 3);
  entry = history->pdata[0];
  g_assert_cmpint (entry->kind, ==, CLT_HISTORY_PROMISE);
  g_assert_cmpint (entry->id, ==, c);
  g_assert_cmpint (entry->promise_status, ==, CLT_PROMISE_CANCELLED);
  g_assert_cmpstr (entry->text, ==, "Devis");
  entry = history->pdata[2];
  g_assert_cmpint (entry->id, ==, a);
  g_assert_cmpint (entry->promise_status, ==, CLT_PROMISE_KEPT);

  g_assert_true (clt_store_reopen_promise (store, a, &error));
  g_assert_true (clt_store_reopen_promise (store, b, &error));
  g_assert_true (clt_store_reopen_promise (store, c, &error));
  g_assert_no_error (error);

  fired = clt_store_get_promise (store, a, &error);
  g_assert_cmpint (fired->status, ==, CLT_PROMISE_OPEN);
  g_assert_cmpint (fired->closed_at, ==, 0);
  g_assert_cmpint (fired->due_at, ==, t + 2 * DAY);
  g_assert_cmpuint (fired->n_postponed, ==, 1);
  g_assert_cmpint (fired->remind_at, ==, t - 2 * HOUR);
  g_assert_cmpint (fired->reminded_at, ==, t - HOUR);
  missed = clt_store_get_promise (store, b, &error);
  g_assert_cmpint (missed->status, ==, CLT_PROMISE_OPEN);
  g_assert_cmpint (missed->remind_at, ==, t - HOUR);
  g_assert_cmpint (missed->reminded_at, >=, t);
  later = clt_store_get_promise (store, c, &error);
  g_assert_cmpint (later->remind_at, ==, t + HOUR);
  g_assert_cmpint (later->reminded_at, ==, 0);

  /* Nothing fires now; the reminder to come fires at its time, once. */
  due = clt_store_take_due_reminders (store, now () + 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);
  due = clt_store_take_due_reminders (store, t + HOUR, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (((CltPromise *) due->pdata[0])->id, ==, c);
  g_assert_cmpuint (count (store, CLT_PROMISES_OPEN, t), ==, 3);

  after = clt_store_list_history (store, id, 0, &n_total, &error);
  g_assert_cmpuint (n_total, ==, 0);
  g_assert_cmpuint (after->len, ==, 0);

  /* An open promise is not reopened; a missing one says so. */
  g_assert_false (clt_store_reopen_promise (store, a, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_store_reopen_promise (store, 9999, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Reopened, it can be closed again. */
  g_assert_true (clt_store_set_promise_status (store, a, CLT_PROMISE_BROKEN, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, CltTestBook, NULL, clt_test_book_set_up, func, clt_test_book_tear_down)

  ADD ("/promises/status", test_status);
  ADD ("/promises/postpone", test_postpone);
  ADD ("/promises/reopen", test_reopen);
  ADD ("/promises/lists", test_lists);
  ADD ("/promises/reminders-fire-once", test_reminders_fire_once);
  ADD ("/promises/take-due-reminders", test_take_due_reminders);
  ADD ("/promises/default-remind", test_default_remind);
  ADD ("/promises/out-of-range", test_out_of_range);

  return g_test_run ();
}

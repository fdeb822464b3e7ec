/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clt-core.h"
#include "clt-dav-client.h"
#include "clt-store-sync.h"
#include "clt-sync-engine.h"
#include "clt-test-radicale.h"

/* A first sync cancelled half-way, on a real Radicale on loopback: the
 * book holds each customer with the version both sides agreed on, or not
 * at all, and the next round takes the rest. The server holds more than
 * one batch of the engine's writes, and the cut falls inside the second. */

#define USER      "desk"
#define PASSWORD  "front desk"
#define CUSTOMERS 300
#define CUT       260

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  guint         total;
} Progress;

static CltStore *
open_desk (CltTestRadicale *server,
           const char      *dir,
           const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  CltStore *store = clt_store_open (path, &error);

  g_assert_no_error (error);
  clt_store_sync_set_account (store, clt_test_radicale_get_url (server), USER, &error);
  g_assert_no_error (error);
  return store;
}

static gboolean
run_round (CltTestRadicale *server,
           CltStore        *store,
           CltSyncProgress  progress,
           gpointer         user_data,
           GCancellable    *cancellable,
           CltSyncResult   *result,
           GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CltDavClient) client = clt_dav_client_new (clt_test_radicale_get_url (server), USER,
                                                       PASSWORD, &local_error);

  g_assert_no_error (local_error);
  return clt_sync_run (store, client, progress, user_data, cancellable, result, error);
}

static void
cancel_at_cut_cb (CltSyncPhase phase,
                  guint        done,
                  guint        total,
                  gpointer     user_data)
{
  Progress *progress = user_data;

  /* Finding the collections, then the customers from 0 of all. */
  g_assert_cmpint (phase, ==, done == 0 && total == 0 ? CLT_SYNC_PHASE_CONNECTING : CLT_SYNC_PHASE_CUSTOMERS);
  if (done == 0)
    {
      g_assert_cmpuint (progress->calls, ==, 0);
      progress->total = total;
      return;
    }

  progress->calls++;
  g_assert_cmpuint (done, ==, progress->calls);
  progress->total = total;
  if (done == CUT)
    g_cancellable_cancel (progress->cancellable);
}

/* How many of @a's customers @b holds; asserts each is there with its
 * agreed version (the same as the book's, at the server's ETag) or not at
 * all. */
static guint
count_whole (CltStore *a,
             CltStore *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = clt_store_sync_list_items (a, CLT_SYNC_CUSTOMER, &error);
  guint whole = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, CUSTOMERS);
  for (guint i = 0; i < items->len; i++)
    {
      CltSyncItem *on_a = g_ptr_array_index (items, i);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(CltSyncDoc) doc = NULL;
      g_autoptr(CltSyncItem) on_b = NULL;
      gint64 seq = -1;

      doc = clt_store_sync_read_doc (b, CLT_SYNC_CUSTOMER, on_a->uid, &seq, &local_error);
      on_b = clt_store_sync_get_item (b, CLT_SYNC_CUSTOMER, on_a->uid, &error);
      g_assert_no_error (error);
      if (doc == NULL)
        {
          g_assert_error (local_error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
          g_assert_null (on_b);
          continue;
        }

      g_assert_nonnull (on_b);
      g_assert_nonnull (on_b->base);
      g_assert_cmpstr (on_b->href, ==, on_a->href);
      g_assert_cmpstr (on_b->etag, ==, on_a->etag);
      g_assert_cmpint (seq, ==, 0);
      g_assert_true (clt_sync_doc_equal (doc, on_b->base, FALSE));
      whole++;
    }

  return whole;
}

static void
test_cancelled_first_pull (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = g_dir_make_tmp ("clt-sync-cancel-XXXXXX", &error);
  g_autofree char *command = NULL;
  CltTestRadicale *server = clt_test_radicale_start (USER, PASSWORD, NULL);
  g_autoptr(CltStore) a = NULL;
  g_autoptr(CltStore) b = NULL;
  Progress progress = { cancellable, 0, 0 };
  CltSyncResult result = { 0 };

  g_assert_no_error (error);
  a = open_desk (server, dir, "a.db");
  b = open_desk (server, dir, "b.db");

  clt_store_begin (a, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < CUSTOMERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("Client %03u Dupré", i);
      g_autofree char *email = g_strdup_printf ("client%03u@example.fr", i);
      g_autoptr(CltCustomer) customer = clt_customer_new (name);
      gint64 id = clt_store_add_customer (a, customer, &error);

      clt_store_add_contact (a, id, CLT_CONTACT_EMAIL, "home", email, &error);
      clt_store_add_preference (a, id, "room", "Chambre calme, côté cour", CLT_PREFERENCE_ALERT, &error);
      g_assert_no_error (error);
    }
  clt_store_commit (a, &error);
  g_assert_no_error (error);
  g_assert_true (run_round (server, a, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.pushed, ==, CUSTOMERS);

  /* B's first round, cancelled once CUT customers are in. */
  g_assert_false (run_round (server, b, cancel_at_cut_cb, &progress, cancellable, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpuint (progress.calls, ==, CUT);
  g_assert_cmpuint (progress.total, ==, CUSTOMERS);
  g_assert_cmpuint (result.pulled, ==, CUT);
  g_assert_cmpuint (count_whole (a, b), ==, CUT);
  g_assert_cmpint (clt_store_count_customers (b), ==, CUT);

  /* The next round takes the rest, and pushes nothing back. */
  g_assert_true (run_round (server, b, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.pulled, ==, CUSTOMERS - CUT);
  g_assert_cmpuint (result.pushed, ==, 0);
  g_assert_cmpuint (result.merged, ==, 0);
  g_assert_cmpuint (count_whole (a, b), ==, CUSTOMERS);
  g_assert_cmpint (clt_store_count_customers (b), ==, CUSTOMERS);

  g_assert_true (run_round (server, b, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.pulled + result.pushed + result.merged, ==, 0);

  g_clear_object (&a);
  g_clear_object (&b);
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
  clt_test_radicale_free (server);
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  if (!clt_test_radicale_available ())
    {
      g_print ("1..0 # SKIP Radicale is not installed (Debian's radicale)\n");
      return 0;
    }

  g_test_add_func ("/sync-cancel/first-pull", test_cancelled_first_pull);

  return g_test_run ();
}

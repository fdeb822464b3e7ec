/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "clt-core.h"
#include "clt-dav-client.h"
#include "clt-store-sync.h"
#include "clt-sync-engine.h"
#include "clt-test-radicale.h"

/* Two desks — two books — sharing one real Radicale (Debian's) on
 * loopback, which each test starts itself: what one desk types is on the
 * other after a round each. */

#define USER     "desk"
#define PASSWORD "front desk"

typedef struct
{
  CltTestRadicale *server;
  char            *dir;
  CltStore        *a;
  CltStore        *b;
} Fixture;

static CltStore *
open_desk (Fixture    *fixture,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  CltStore *store = clt_store_open (path, &error);

  g_assert_no_error (error);
  g_assert_true (clt_store_sync_set_account (store, clt_test_radicale_get_url (fixture->server), USER,
                                             &error));
  g_assert_no_error (error);
  return store;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = clt_test_radicale_start (USER, PASSWORD, NULL);
  fixture->dir = g_dir_make_tmp ("clt-sync-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->a = open_desk (fixture, "a.db");
  fixture->b = open_desk (fixture, "b.db");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->dir);

  g_clear_object (&fixture->a);
  g_clear_object (&fixture->b);
  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->dir);
  clt_test_radicale_free (fixture->server);
}

/* One round for @store; returns what it did. */
static CltSyncResult
sync_desk (Fixture  *fixture,
           CltStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavClient) client = NULL;
  CltSyncResult result = { 0 };

  client = clt_dav_client_new (clt_test_radicale_get_url (fixture->server), USER, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (clt_sync_run (store, client, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);

  return result;
}

/* The customer found by @query, the only one. */
static gint64
find (CltStore   *store,
      const char *query)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (store);
  g_autoptr(CltCustomer) customer = NULL;

  clt_search_model_set_query (model, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  customer = g_list_model_get_item (G_LIST_MODEL (model), 0);

  return clt_customer_get_id (customer);
}

static guint
count (CltStore   *store,
       const char *query)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (store);

  clt_search_model_set_query (model, query);
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static gint64
add_helene (CltStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_customer_new ("Hélène Dupré");
  gint64 id = clt_store_add_customer (store, customer, &error);

  g_assert_no_error (error);
  clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, "home", "helene@example.fr", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78", &error);
  clt_store_add_preference (store, id, "health", "Allergique aux plumes; coussins synthétiques",
                            CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  clt_store_add_preference (store, id, "room", "Chambre côté cour, loin de l'ascenseur", 0, &error);
  g_assert_no_error (error);

  return id;
}

static char *
preferences_text (CltStore *store,
                  gint64    id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) preferences = clt_store_list_preferences (store, id, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < preferences->len; i++)
    {
      CltPreference *preference = g_ptr_array_index (preferences, i);

      g_string_append_printf (out, "%s%s|%s|%d", i ? "\n" : "", preference->category,
                              preference->text, preference->flags);
    }
  return g_string_free (out, FALSE);
}

static char *
contacts_text (CltStore *store,
               gint64    id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = clt_store_list_contacts (store, id, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (contacts, i);

      g_string_append_printf (out, "%s%d|%s|%s", i ? "\n" : "", contact->kind, contact->label,
                              contact->value);
    }
  return g_string_free (out, FALSE);
}

/* A customer added on A appears on B, with their details, alert and
 * preferences; a second round moves nothing. */
static void
test_customer_travels (Fixture       *fixture,
                       gconstpointer  data)
{
  gint64 on_a = add_helene (fixture->a);
  CltSyncResult result;
  g_autofree char *preferences_a = preferences_text (fixture->a, on_a);
  g_autofree char *contacts_a = contacts_text (fixture->a, on_a);
  g_autofree char *preferences_b = NULL;
  g_autofree char *contacts_b = NULL;
  g_autoptr(CltCustomer) on_b = NULL;
  gint64 id_b;

  result = sync_desk (fixture, fixture->a);
  g_assert_cmpuint (result.pushed, ==, 1);

  /* Radicale does not say it takes vCard 4.0: it gets 3.0 (RFC 6352). */
  {
    g_autofree char *dir = clt_test_radicale_user_dir (fixture->server);
    g_autofree char *has_3 = g_strdup_printf ("grep -rlq --include='*.vcf' 'VERSION:3.0' '%s'", dir);
    g_autofree char *has_4 = g_strdup_printf ("grep -rlq --include='*.vcf' 'VERSION:4.0' '%s'", dir);

    g_assert_cmpint (system (has_3), ==, 0);
    g_assert_cmpint (system (has_4), !=, 0);
  }

  result = sync_desk (fixture, fixture->b);
  g_assert_cmpuint (result.pulled, ==, 1);
  g_assert_cmpuint (result.pushed, ==, 0);

  id_b = find (fixture->b, "helene");
  on_b = clt_store_get_customer (fixture->b, id_b, NULL);
  g_assert_cmpstr (clt_customer_get_display_name (on_b), ==, "Hélène Dupré");
  preferences_b = preferences_text (fixture->b, id_b);
  contacts_b = contacts_text (fixture->b, id_b);
  g_assert_cmpstr (preferences_b, ==, preferences_a);
  g_assert_cmpstr (contacts_b, ==, contacts_a);

  /* Nothing changed: nothing moves. */
  result = sync_desk (fixture, fixture->a);
  g_assert_cmpuint (result.pushed + result.pulled + result.merged, ==, 0);
  result = sync_desk (fixture, fixture->b);
  g_assert_cmpuint (result.pushed + result.pulled + result.merged, ==, 0);
}

/* A promise made on B is on A with its due time and reminder. */
static void
test_promise_travels (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) on_a = NULL;
  g_autoptr(CltPromise) on_b = NULL;
  gint64 id_b, promise_id, due = 1796551200; /* 2026-12-06 09:20 UTC */
  CltPromise *promise;

  add_helene (fixture->a);
  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);

  id_b = find (fixture->b, "helene");
  promise_id = clt_store_add_promise (fixture->b, id_b, "Rappeler quand la robe arrive", "Julie", due,
                                      FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (promise_id, >, 0);

  sync_desk (fixture, fixture->b);
  sync_desk (fixture, fixture->a);

  on_a = clt_store_list_customer_promises (fixture->a, find (fixture->a, "helene"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (on_a->len, ==, 1);
  promise = g_ptr_array_index (on_a, 0);
  g_assert_cmpstr (promise->text, ==, "Rappeler quand la robe arrive");
  g_assert_cmpstr (promise->promised_by, ==, "Julie");
  g_assert_cmpint (promise->due_at, ==, due);
  on_b = clt_store_get_promise (fixture->b, promise_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (promise->remind_at, ==, on_b->remind_at);
  g_assert_cmpint (promise->status, ==, CLT_PROMISE_OPEN);
}

/* Different fields edited on both desks both survive; the same field
 * edited on both: the later wins, the other is kept in a note. */
static void
test_both_edit (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id_a = add_helene (fixture->a);
  gint64 id_b;
  g_autoptr(CltCustomer) first = NULL;
  g_autoptr(CltCustomer) second = NULL;
  g_autoptr(CltCustomer) final_a = NULL;
  g_autoptr(CltCustomer) final_b = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *preferences_a = NULL;
  g_autofree char *preferences_b = NULL;

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  id_b = find (fixture->b, "helene");

  /* A adds a preference, B adds an e-mail: both survive. */
  clt_store_add_preference (fixture->a, id_a, "food", "Sans gluten", 0, &error);
  clt_store_add_contact (fixture->b, id_b, CLT_CONTACT_EMAIL, "work", "h.dupre@hotel-du-lac.fr", &error);
  g_assert_no_error (error);

  /* The same field on both, B's later. */
  first = clt_store_get_customer (fixture->a, id_a, NULL);
  clt_customer_set_company (first, "Atelier Dupré");
  g_assert_true (clt_store_update_customer (fixture->a, first, &error));
  g_usleep (20000);
  second = clt_store_get_customer (fixture->b, id_b, NULL);
  clt_customer_set_company (second, "Dupré & Fils");
  g_assert_true (clt_store_update_customer (fixture->b, second, &error));
  g_assert_no_error (error);

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  sync_desk (fixture, fixture->a);

  g_assert_cmpuint (count (fixture->a, "hotel-du-lac"), ==, 1);
  g_assert_cmpuint (count (fixture->b, "gluten"), ==, 1);
  preferences_a = preferences_text (fixture->a, id_a);
  preferences_b = preferences_text (fixture->b, id_b);
  g_assert_cmpstr (preferences_a, ==, preferences_b);

  final_a = clt_store_get_customer (fixture->a, id_a, NULL);
  final_b = clt_store_get_customer (fixture->b, id_b, NULL);
  g_assert_cmpstr (clt_customer_get_company (final_a), ==, "Dupré & Fils");
  g_assert_cmpstr (clt_customer_get_company (final_b), ==, "Dupré & Fils");

  notes = clt_store_list_notes (fixture->a, id_a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_nonnull (strstr (((CltNote *) g_ptr_array_index (notes, 0))->text, "Atelier Dupré"));
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = clt_store_list_notes (fixture->b, id_b, &error);
  g_assert_cmpuint (notes->len, ==, 1);
}

/* A customer deleted on A is gone from B. */
static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id_a = add_helene (fixture->a);

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  g_assert_cmpuint (count (fixture->b, "helene"), ==, 1);

  g_assert_true (clt_store_trash_customer (fixture->a, id_a, &error));
  g_assert_no_error (error);
  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  g_assert_cmpuint (count (fixture->b, "helene"), ==, 0);
}

/* Sets the company of @id on @store, as the window does. */
static void
set_company (CltStore   *store,
             gint64      id,
             const char *company)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_store_get_customer (store, id, &error);

  g_assert_no_error (error);
  clt_customer_set_company (customer, company);
  g_assert_true (clt_store_update_customer (store, customer, &error));
  g_assert_no_error (error);
}

/* Deleted on A, as the window does: to the trash, then purged when the
 * undo toast goes. */
static void
delete_customer (CltStore *store,
                 gint64    id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_store_trash_customer (store, id, &error));
  g_assert_no_error (error);
  g_assert_true (clt_store_purge_trash (store, &error));
  g_assert_no_error (error);
}

/* B edits a customer offline, A deletes them later: A's round goes
 * first, B's edit is older than the deletion, so the customer is gone
 * from both (issue 14: a deletion wins over older edits). */
static void
test_delete_after_edit (Fixture       *fixture,
                        gconstpointer  data)
{
  gint64 id_a = add_helene (fixture->a);
  gint64 id_b;

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  id_b = find (fixture->b, "helene");

  set_company (fixture->b, id_b, "Dupré & Fils");
  g_usleep (20000);
  delete_customer (fixture->a, id_a);

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);

  g_assert_cmpuint (count (fixture->a, "helene"), ==, 0);
  g_assert_cmpuint (count (fixture->b, "helene"), ==, 0);
  g_assert_cmpuint (count (fixture->a, "Dupré & Fils"), ==, 0);
}

/* The notes of the customer found by @query on @store, one text. */
static char *
notes_text (CltStore   *store,
            const char *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = clt_store_list_notes (store, find (store, query), &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < notes->len; i++)
    g_string_append_printf (out, "%s\n", ((CltNote *) g_ptr_array_index (notes, i))->text);

  return g_string_free (out, FALSE);
}

/* A deletes a customer, B edits them offline later: whichever desk syncs
 * first, the edit is the later, so the customer lives on both, whole, with
 * B's edit, and a note says the deletion was dropped. */
static void
test_edit_after_delete (Fixture       *fixture,
                        gconstpointer  data)
{
  gint64 id_a = add_helene (fixture->a);
  gint64 id_b;
  g_autoptr(CltCustomer) final_a = NULL;
  g_autoptr(CltCustomer) final_b = NULL;
  g_autofree char *notes_a = NULL;
  g_autofree char *notes_b = NULL;
  g_autofree char *preferences_a = NULL;
  g_autofree char *preferences_b = NULL;

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  id_b = find (fixture->b, "helene");

  delete_customer (fixture->a, id_a);
  g_usleep (20000);
  set_company (fixture->b, id_b, "Dupré & Fils");

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  sync_desk (fixture, fixture->a);

  g_assert_cmpuint (count (fixture->a, "helene"), ==, 1);
  g_assert_cmpuint (count (fixture->b, "helene"), ==, 1);
  final_a = clt_store_get_customer (fixture->a, find (fixture->a, "helene"), NULL);
  final_b = clt_store_get_customer (fixture->b, id_b, NULL);
  g_assert_cmpstr (clt_customer_get_company (final_a), ==, "Dupré & Fils");
  g_assert_cmpstr (clt_customer_get_company (final_b), ==, "Dupré & Fils");
  /* Made again on A under the same uid, with all that was agreed. */
  g_assert_cmpstr (clt_customer_get_uid (final_a), ==, clt_customer_get_uid (final_b));
  preferences_a = preferences_text (fixture->a, clt_customer_get_id (final_a));
  preferences_b = preferences_text (fixture->b, id_b);
  g_assert_cmpstr (preferences_a, ==, preferences_b);
  g_assert_cmpuint (count (fixture->a, "helene@example.fr"), ==, 1);

  notes_a = notes_text (fixture->a, "helene");
  notes_b = notes_text (fixture->b, "helene");
  g_assert_cmpstr (notes_a, ==, notes_b);
  g_assert_true (g_str_has_prefix (notes_b, "Deleted on one desk on "));
  g_assert_nonnull (strstr (notes_b, ", but changed later on another desk, so it was kept.\n"));
}

/* Another program (a phone) deletes a customer's card from the server; B
 * had edited them offline before its round: a DELETE carries no time, so
 * B counts it from when it first sees the card gone, later than its edit,
 * and the customer is gone from B (not put back on the server). */
static void
test_removed_by_another_program (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavClient) client = NULL;
  g_autoptr(CltSyncItem) item = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  gint64 id_a = add_helene (fixture->a);
  gint64 id_b;

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  id_b = find (fixture->b, "helene");
  customer = clt_store_get_customer (fixture->a, id_a, &error);
  g_assert_no_error (error);
  item = clt_store_sync_get_item (fixture->a, CLT_SYNC_CUSTOMER, clt_customer_get_uid (customer), &error);
  g_assert_no_error (error);

  set_company (fixture->b, id_b, "Dupré & Fils");
  client = clt_dav_client_new (clt_test_radicale_get_url (fixture->server), USER, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_true (clt_dav_client_delete (client, item->href, NULL, NULL, &error));
  g_assert_no_error (error);

  sync_desk (fixture, fixture->b);
  sync_desk (fixture, fixture->a);
  g_assert_cmpuint (count (fixture->b, "helene"), ==, 0);
  g_assert_cmpuint (count (fixture->a, "helene"), ==, 0);
}

/* A deletion stays on the server, marked deleted, for its lifetime; then
 * it leaves the server (other programs no longer list it), and neither
 * desk brings it back nor counts it again. */
static void
test_deleted_leave_server (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavClient) client = NULL;
  g_autoptr(CltSyncItem) item = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(CltDavItem) card = NULL;
  CltSyncResult result;
  gint64 id_a = add_helene (fixture->a);
  gint64 deleted_at;
  guint removed = G_MAXUINT;

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  customer = clt_store_get_customer (fixture->a, id_a, &error);
  g_assert_no_error (error);
  item = clt_store_sync_get_item (fixture->a, CLT_SYNC_CUSTOMER, clt_customer_get_uid (customer), &error);
  g_assert_no_error (error);

  delete_customer (fixture->a, id_a);
  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  g_assert_cmpuint (count (fixture->b, "helene"), ==, 0);

  client = clt_dav_client_new (clt_test_radicale_get_url (fixture->server), USER, PASSWORD, &error);
  g_assert_no_error (error);
  /* Still there, marked deleted, and young: nothing goes. */
  g_clear_pointer (&item, clt_sync_item_free);
  item = clt_store_sync_get_item (fixture->a, CLT_SYNC_CUSTOMER, clt_customer_get_uid (customer), &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_cmpint (clt_sync_doc_get_state (item->base, &deleted_at, NULL), ==, CLT_SYNC_DELETED);
  g_assert_true (clt_sync_sweep_deleted (fixture->a, client, deleted_at, NULL, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 0);

  /* Older than the lifetime: removed from the server, forgotten here. */
  g_assert_true (clt_sync_sweep_deleted (fixture->a, client, deleted_at + 1, NULL, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  card = clt_dav_client_get (client, item->href, NULL, &error);
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND);
  g_assert_null (card);
  g_clear_error (&error);
  g_clear_pointer (&item, clt_sync_item_free);
  item = clt_store_sync_get_item (fixture->a, CLT_SYNC_CUSTOMER, clt_customer_get_uid (customer), &error);
  g_assert_no_error (error);
  g_assert_null (item);

  /* B takes the removal in silently; A does not send it back. */
  result = sync_desk (fixture, fixture->b);
  g_assert_cmpuint (result.pulled, ==, 0);
  g_assert_cmpuint (count (fixture->b, "helene"), ==, 0);
  item = clt_store_sync_get_item (fixture->b, CLT_SYNC_CUSTOMER, clt_customer_get_uid (customer), &error);
  g_assert_no_error (error);
  /* Known to B, if at all, as on no server. */
  g_assert_true (item == NULL || item->href == NULL);
  result = sync_desk (fixture, fixture->a);
  g_assert_cmpuint (result.pushed, ==, 0);
  g_assert_cmpuint (count (fixture->a, "helene"), ==, 0);
}

/* An erasure on A erases the customer on B too, even after B edited
 * them, and leaves no detail on the server. */
static void
test_erasure (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id_a = add_helene (fixture->a);
  gint64 id_b;
  g_autofree char *dir = clt_test_radicale_user_dir (fixture->server);
  g_autofree char *command = NULL;

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  id_b = find (fixture->b, "helene");

  clt_store_add_preference (fixture->b, id_b, "food", "Sans gluten", 0, &error);
  g_assert_no_error (error);
  sync_desk (fixture, fixture->b);

  g_assert_true (clt_store_erase_customer (fixture->a, id_a, FALSE, &error));
  g_assert_no_error (error);
  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);

  g_assert_cmpuint (count (fixture->b, "helene"), ==, 0);
  g_assert_cmpuint (count (fixture->b, "gluten"), ==, 0);
  g_assert_cmpuint (count (fixture->b, "plumes"), ==, 0);

  /* Nothing of hers is left in the server's files. */
  command = g_strdup_printf ("grep -rqi -e plumes -e helene@example -e gluten '%s'", dir);
  g_assert_cmpint (system (command), !=, 0);
}

/* Both books already hold the same guest: one customer after the first
 * sync, on both desks. */
static void
test_first_sync_matches (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) same = clt_customer_new ("Helene Dupre");
  gint64 id_b;
  g_autofree char *contacts = NULL;
  g_auto(GStrv) lines = NULL;

  add_helene (fixture->a);
  id_b = clt_store_add_customer (fixture->b, same, &error);
  clt_store_add_contact (fixture->b, id_b, CLT_CONTACT_PHONE, NULL, "06.12.34.56.78", &error);
  clt_store_add_preference (fixture->b, id_b, "food", "Thé vert le matin", 0, &error);
  g_assert_no_error (error);

  sync_desk (fixture, fixture->a);
  sync_desk (fixture, fixture->b);
  sync_desk (fixture, fixture->a);

  g_assert_cmpuint (count (fixture->a, "dupre"), ==, 1);
  g_assert_cmpuint (count (fixture->b, "dupre"), ==, 1);
  g_assert_cmpuint (count (fixture->a, "thé vert"), ==, 1);
  g_assert_cmpuint (count (fixture->b, "plumes"), ==, 1);
  /* The same number, once. */
  contacts = contacts_text (fixture->b, find (fixture->b, "dupre"));
  lines = g_strsplit (contacts, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
}

/* A round cut off after the server took a card and before the book
 * recorded it: the next round finds the book's own card on the server,
 * takes it as agreed, and neither merges nor sends anything. */
static void
test_unrecorded_push (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(CltSyncItem) item = NULL;
  gint64 id = add_helene (fixture->a);
  CltSyncResult result;

  customer = clt_store_get_customer (fixture->a, id, &error);
  g_assert_no_error (error);
  result = sync_desk (fixture, fixture->a);
  g_assert_cmpuint (result.pushed, ==, 1);

  g_assert_true (clt_store_sync_forget_item (fixture->a, CLT_SYNC_CUSTOMER,
                                             clt_customer_get_uid (customer), &error));
  g_assert_no_error (error);

  result = sync_desk (fixture, fixture->a);
  g_assert_cmpuint (result.pushed, ==, 0);
  g_assert_cmpuint (result.pulled, ==, 0);
  g_assert_cmpuint (result.merged, ==, 0);
  item = clt_store_sync_get_item (fixture->a, CLT_SYNC_CUSTOMER, clt_customer_get_uid (customer), &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_nonnull (item->href);
  g_assert_cmpuint (count (fixture->a, "helene"), ==, 1);
}

/* A first round cut off between recording the task list and whether it
 * takes logged contacts: the next round finds out, and the contacts
 * logged on another desk come in. */
static void
test_cut_after_task_list (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavClient) client = NULL;
  g_autoptr(GPtrArray) interactions = NULL;
  g_autofree char *tasks = NULL;
  gint64 id_a = add_helene (fixture->a);

  clt_store_add_interaction (fixture->a, id_a, CLT_INTERACTION_CALL, 1796000000, FALSE,
                             "A appelé pour la chambre 12", "Julie", &error);
  g_assert_no_error (error);
  sync_desk (fixture, fixture->a);

  /* What B's first round had written when it was cut off. */
  client = clt_dav_client_new (clt_test_radicale_get_url (fixture->server), USER, PASSWORD, &error);
  tasks = clt_dav_client_ensure_collection (client, CLT_DAV_TASKS, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (clt_store_sync_set_collection (fixture->b, CLT_SYNC_PROMISE, tasks, &error));
  g_assert_no_error (error);

  sync_desk (fixture, fixture->b);
  interactions = clt_store_list_interactions (fixture->b, find (fixture->b, "helene"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (interactions->len, ==, 1);
}

/* A card another program put on the server comes in as a customer. */
static void
test_foreign_card (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavClient) client = NULL;
  g_autofree char *collection = NULL;
  g_autofree char *href = NULL;
  g_autofree char *etag = NULL;
  const char *card =
    "BEGIN:VCARD\r\n"
    "VERSION:3.0\r\n"
    "PRODID:-//Apple Inc.//iPhone OS 17.1//EN\r\n"
    "N:Tremblay;Josée;;;\r\n"
    "FN:Josée Tremblay\r\n"
    "item1.EMAIL;type=INTERNET;type=pref:josee@exemple.ca\r\n"
    "item1.X-ABLabel:_$!<Other>!$_\r\n"
    "TEL;type=CELL;type=VOICE;type=pref:+1 514 555 0199\r\n"
    "UID:4F1C2D3E-AAAA-BBBB-CCCC-123456789ABC\r\n"
    "END:VCARD\r\n";

  sync_desk (fixture, fixture->a);

  client = clt_dav_client_new (clt_test_radicale_get_url (fixture->server), USER, PASSWORD, &error);
  collection = clt_dav_client_ensure_collection (client, CLT_DAV_CONTACTS, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  href = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, collection, "4F1C2D3E-AAAA-BBBB-CCCC-123456789ABC");
  etag = clt_dav_client_put (client, CLT_DAV_CONTACTS, href, NULL, card, NULL, &error);
  g_assert_no_error (error);

  sync_desk (fixture, fixture->a);
  g_assert_cmpuint (count (fixture->a, "josee"), ==, 1);
  g_assert_cmpuint (count (fixture->a, "514 555"), ==, 1);
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

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/customer-travels", test_customer_travels);
  ADD ("/sync/promise-travels", test_promise_travels);
  ADD ("/sync/both-edit", test_both_edit);
  ADD ("/sync/delete", test_delete);
  ADD ("/sync/delete-after-edit", test_delete_after_edit);
  ADD ("/sync/edit-after-delete", test_edit_after_delete);
  ADD ("/sync/deleted-leave-server", test_deleted_leave_server);
  ADD ("/sync/removed-by-another-program", test_removed_by_another_program);
  ADD ("/sync/erasure", test_erasure);
  ADD ("/sync/first-sync-matches", test_first_sync_matches);
  ADD ("/sync/foreign-card", test_foreign_card);
  ADD ("/sync/unrecorded-push", test_unrecorded_push);
  ADD ("/sync/cut-after-task-list", test_cut_after_task_list);

  return g_test_run ();
}

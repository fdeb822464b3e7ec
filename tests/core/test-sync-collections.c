/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clt-store-sync.h"
#include "clt-sync-collections.h"
#include "clt-sync-engine.h"
#include "clt-test-book.h"

/* The book's side of picking the address book and the task list
 * (clt-sync-collections.c): another collection starts afresh with it, the
 * same one (however the server spells it) does not; the logged contacts
 * follow the task list when it takes them. */

typedef struct
{
  CltTestBook book;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  clt_test_book_set_up (&fixture->book, data);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  clt_test_book_tear_down (&fixture->book, data);
}

static char *
collection (CltStore    *store,
            CltSyncKind  kind)
{
  g_autoptr(GError) error = NULL;
  char *href = NULL;

  g_assert_true (clt_store_sync_get_collection (store, kind, &href, NULL, &error));
  g_assert_no_error (error);
  return href;
}

static void
use_address_book (CltStore   *store,
                  const char *url)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_sync_use_address_book (store, url, &error));
  g_assert_no_error (error);
}

static void
test_address_book (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *href = NULL;
  g_autofree char *token = NULL;
  g_autofree char *version = NULL;
  CltStore *store = fixture->book.store;

  g_assert_true (clt_store_sync_set_account (store, "https://dav.example.org/", "desk", &error));
  use_address_book (store, "https://dav.example.org/%7Eanne/clientele-contacts/");
  g_assert_true (clt_store_sync_set_token (store, CLT_SYNC_CUSTOMER, "token-1", &error));
  g_assert_true (clt_store_set_setting (store, CLT_SYNC_VCARD_VERSION_SETTING, "3.0", &error));
  g_assert_no_error (error);

  /* The same one, spelt otherwise: kept as the book had it, token too. */
  use_address_book (store, "https://DAV.example.org/~anne/clientele-contacts");
  g_assert_true (clt_store_sync_get_collection (store, CLT_SYNC_CUSTOMER, &href, &token, &error));
  g_assert_cmpstr (href, ==, "https://dav.example.org/%7Eanne/clientele-contacts/");
  g_assert_cmpstr (token, ==, "token-1");
  g_clear_pointer (&href, g_free);
  g_clear_pointer (&token, g_free);

  /* Another: no token, and its vCard version asked again. */
  use_address_book (store, "https://dav.example.org/~anne/contacts/");
  g_assert_true (clt_store_sync_get_collection (store, CLT_SYNC_CUSTOMER, &href, &token, &error));
  g_assert_cmpstr (href, ==, "https://dav.example.org/~anne/contacts/");
  g_assert_null (token);
  version = clt_store_get_setting (store, CLT_SYNC_VCARD_VERSION_SETTING, &error);
  g_assert_no_error (error);
  g_assert_null (version);
  g_clear_pointer (&href, g_free);

  /* The same path on another server is another collection. */
  use_address_book (store, "https://other.example.org/~anne/contacts/");
  href = collection (store, CLT_SYNC_CUSTOMER);
  g_assert_cmpstr (href, ==, "https://other.example.org/~anne/contacts/");
}

static void
test_task_list (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *contacts = NULL;
  CltStore *store = fixture->book.store;

  g_assert_true (clt_store_sync_set_account (store, "https://dav.example.org/", "desk", &error));

  /* Taking journal entries: the logged contacts go there too. */
  g_assert_true (clt_sync_use_task_list (store, "https://dav.example.org/anne/journal/", TRUE, &error));
  tasks = collection (store, CLT_SYNC_PROMISE);
  contacts = collection (store, CLT_SYNC_CONTACT);
  g_assert_cmpstr (tasks, ==, "https://dav.example.org/anne/journal/");
  g_assert_cmpstr (contacts, ==, tasks);
  g_clear_pointer (&tasks, g_free);
  g_clear_pointer (&contacts, g_free);

  /* Not taking them: they stay on this desk (""). */
  g_assert_true (clt_sync_use_task_list (store, "https://dav.example.org/anne/tasks/", FALSE, &error));
  contacts = collection (store, CLT_SYNC_CONTACT);
  g_assert_cmpstr (contacts, ==, "");
  g_clear_pointer (&contacts, g_free);

  /* None: the next round finds or makes Clientele's, and says then. */
  g_assert_true (clt_sync_use_task_list (store, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_null (collection (store, CLT_SYNC_PROMISE));
  g_assert_null (collection (store, CLT_SYNC_CONTACT));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-collections/address-book", Fixture, NULL, fixture_set_up, test_address_book,
              fixture_tear_down);
  g_test_add ("/sync-collections/task-list", Fixture, NULL, fixture_set_up, test_task_list,
              fixture_tear_down);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "clt-store-import.h"
#include "clt-store-private.h"
#include "clt-test-book.h"

#define DAY (24 * 60 * 60)
#define URL "https://dav.example.org/"

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

static void
set_account (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;

  clt_store_sync_set_account (fixture->book.store, URL, "desk", &error);
  g_assert_no_error (error);
}

static gint64
query_int (CltStore    *store,
           const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (clt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (CltStore    *store,
            const char  *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (clt_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static char *
uid_of (CltStore    *store,
        const char  *table,
        gint64       id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT uid FROM %s WHERE id = %" G_GINT64_FORMAT, table, id);

  return query_text (store, sql);
}

static char *
element_key (const char  *prefix,
             CltStore    *store,
             const char  *table,
             gint64       id)
{
  g_autofree char *uid = uid_of (store, table, id);

  return g_strconcat (prefix, uid, NULL);
}

/* The journal since @after, as "kind uid key" lines, and each entry's
 * time checked against the µs clock around the change (SQLite's has
 * milliseconds). */
static char *
journal_since (CltStore *store,
               gint64    after_seq,
               gint64    before_us,
               gint64    after_us)
{
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_prepare_v2 (clt_store_get_db (store),
                                       "SELECT kind, uid, key, changed FROM sync_journal WHERE seq > ?1"
                                       " ORDER BY seq", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, after_seq);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 changed = sqlite3_column_int64 (stmt, 3);

      g_assert_cmpint (changed, >=, before_us / 1000 * 1000 - 1000);
      g_assert_cmpint (changed, <=, after_us + 1000);
      g_assert_cmpint (changed % 1000, ==, 0);
      g_string_append_printf (out, "%d %s %s\n", sqlite3_column_int (stmt, 0),
                              sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
    }
  sqlite3_finalize (stmt);
  return g_string_free (out, FALSE);
}

static gint64
last_seq (CltStore *store)
{
  return query_int (store, "SELECT coalesce (max (seq), 0) FROM sync_journal");
}

static void
test_desk_id (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *desk = clt_store_sync_get_desk_id (fixture->book.store, &error);
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (desk);
  g_assert_cmpuint (strlen (desk), ==, 16);
  g_assert_true (strspn (desk, "0123456789abcdef") == 16);

  g_clear_object (&fixture->book.store);
  fixture->book.store = clt_store_open (fixture->book.path, &error);
  g_assert_no_error (error);
  again = clt_store_sync_get_desk_id (fixture->book.store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, desk);
}

static void
test_no_account (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");

  g_assert_false (clt_store_sync_get_account (store, &url, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (url);

  clt_store_add_contact (store, anne, CLT_CONTACT_EMAIL, NULL, "anne@example.org", &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, anne, "room", "High floor", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  clt_store_add_tag (store, anne, "VIP", &error);
  g_assert_no_error (error);
  clt_store_add_promise (store, anne, "Call back", NULL, g_get_real_time () / G_USEC_PER_SEC + DAY, FALSE, &error);
  g_assert_no_error (error);

  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sqlite_schema WHERE type = 'trigger'"), ==, 0);
  pending = clt_store_sync_list_pending (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);

  /* Set up, then cleared: the triggers go with it. */
  set_account (fixture);
  g_assert_true (clt_store_sync_get_account (store, &url, NULL, &error));
  g_assert_cmpstr (url, ==, URL);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sqlite_schema WHERE type = 'trigger'"), ==, 28);
  clt_store_add_tag (store, anne, "Regular", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal"), ==, 1);

  clt_store_sync_clear_account (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sqlite_schema WHERE type = 'trigger'"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal"), ==, 0);
  clt_store_add_tag (store, anne, "Friend", &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal"), ==, 0);
}

static void
test_journal_customer (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *expected = NULL;
  CltStore *store = fixture->book.store;
  gint64 before, after, seq;
  gint64 anne;

  set_account (fixture);

  before = g_get_real_time ();
  anne = clt_test_book_add (&fixture->book, "Anne Martin");
  after = g_get_real_time ();
  uid = uid_of (store, "customers", anne);
  journal = journal_since (store, 0, before, after);
  expected = g_strdup_printf ("0 %s @state\n", uid);
  g_assert_cmpstr (journal, ==, expected);
  g_clear_pointer (&journal, g_free);
  g_clear_pointer (&expected, g_free);

  /* Every field a form saves, but only two changed. */
  seq = last_seq (store);
  customer = clt_store_get_customer (store, anne, &error);
  g_assert_no_error (error);
  clt_customer_set_family_name (customer, "Martin-Dupuis");
  clt_customer_set_vip (customer, TRUE);
  before = g_get_real_time ();
  clt_store_update_customer (store, customer, &error);
  after = g_get_real_time ();
  g_assert_no_error (error);
  journal = journal_since (store, seq, before, after);
  expected = g_strdup_printf ("0 %1$s family\n0 %1$s vip\n", uid);
  g_assert_cmpstr (journal, ==, expected);
  g_clear_pointer (&journal, g_free);
  g_clear_pointer (&expected, g_free);

  /* Saved again as it is: nothing. */
  seq = last_seq (store);
  clt_store_update_customer (store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (last_seq (store), ==, seq);

  before = g_get_real_time ();
  clt_store_set_email_consent (store, anne, CLT_CONSENT_MARKETING, "Léa", &error);
  g_assert_no_error (error);
  clt_store_add_tag (store, anne, "VIP", &error);
  g_assert_no_error (error);
  clt_store_trash_customer (store, anne, &error);
  g_assert_no_error (error);
  clt_store_untrash_customer (store, anne, &error);
  g_assert_no_error (error);
  clt_store_remove_tag (store, anne, "VIP", &error);
  g_assert_no_error (error);
  after = g_get_real_time ();
  journal = journal_since (store, seq, before, after);
  expected = g_strdup_printf ("0 %1$s consent\n0 %1$s tag/vip\n0 %1$s @state\n0 %1$s @state\n0 %1$s tag/vip\n", uid);
  g_assert_cmpstr (journal, ==, expected);
  g_clear_pointer (&journal, g_free);
  g_clear_pointer (&expected, g_free);

  /* Deleted for good. */
  seq = last_seq (store);
  before = g_get_real_time ();
  clt_store_delete_customer (store, anne, &error);
  after = g_get_real_time ();
  g_assert_no_error (error);
  journal = journal_since (store, seq, before, after);
  expected = g_strdup_printf ("0 %s @state\n", uid);
  g_assert_cmpstr (journal, ==, expected);
}

static void
test_journal_elements (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *preference = NULL;
  g_autofree char *note = NULL;
  g_autofree char *address = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *expected = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");
  gint64 email_id, phone_id, preference_id, note_id, address_id;
  gint64 before, after;

  set_account (fixture);
  uid = uid_of (store, "customers", anne);

  before = g_get_real_time ();
  email_id = clt_store_add_contact (store, anne, CLT_CONTACT_EMAIL, NULL, "anne@example.org", &error);
  g_assert_no_error (error);
  phone_id = clt_store_add_contact (store, anne, CLT_CONTACT_PHONE, "mobile", "06 12 34 56 78", &error);
  g_assert_no_error (error);
  preference_id = clt_store_add_preference (store, anne, "room", "High floor", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  note_id = clt_store_add_note (store, anne, "Came for the jazz festival", "Léa", FALSE, &error);
  g_assert_no_error (error);
  address_id = clt_store_add_contact (store, anne, CLT_CONTACT_ADDRESS, "home", "3 rue des Lilas", &error);
  g_assert_no_error (error);
  email = uid_of (store, "emails", email_id);
  address = uid_of (store, "addresses", address_id);
  phone = uid_of (store, "phones", phone_id);
  preference = uid_of (store, "preferences", preference_id);
  note = uid_of (store, "notes", note_id);

  clt_store_update_contact (store, CLT_CONTACT_EMAIL, email_id, "work", "anne@example.org", &error);
  g_assert_no_error (error);
  clt_store_update_preference (store, preference_id, "room", "High floor", CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);
  /* Unchanged: nothing. */
  clt_store_update_note (store, note_id, "Came for the jazz festival", FALSE, &error);
  g_assert_no_error (error);
  clt_store_update_note (store, note_id, "Came for the jazz festival", TRUE, &error);
  g_assert_no_error (error);
  clt_store_delete_contact (store, CLT_CONTACT_PHONE, phone_id, &error);
  g_assert_no_error (error);
  clt_store_delete_note (store, note_id, &error);
  g_assert_no_error (error);
  clt_store_update_contact (store, CLT_CONTACT_ADDRESS, address_id, "home", "3 rue des Lilas\n75011 Paris", &error);
  g_assert_no_error (error);
  after = g_get_real_time ();

  journal = journal_since (store, 0, before, after);
  expected = g_strdup_printf ("0 %1$s email/%2$s\n0 %1$s phone/%3$s\n0 %1$s preference/%4$s\n"
                              "0 %1$s note/%5$s\n0 %1$s address/%6$s\n0 %1$s email/%2$s\n"
                              "0 %1$s preference/%4$s\n0 %1$s note/%5$s\n0 %1$s phone/%3$s\n"
                              "0 %1$s note/%5$s\n0 %1$s address/%6$s\n",
                              uid, email, phone, preference, note, address);
  g_assert_cmpstr (journal, ==, expected);
}

static void
test_journal_promise_contact (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *promise = NULL;
  g_autofree char *contact = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *expected = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 before, after;
  gint64 promise_id, contact_id;

  set_account (fixture);

  before = g_get_real_time ();
  promise_id = clt_store_add_promise (store, anne, "Call back about the room", "Léa", now + DAY, FALSE, &error);
  g_assert_no_error (error);
  clt_store_postpone_promise (store, promise_id, now + 2 * DAY, FALSE, "away", &error);
  g_assert_no_error (error);
  /* When its reminder fired is this desk's own business. */
  clt_store_mark_reminded (store, promise_id, now, &error);
  g_assert_no_error (error);
  clt_store_set_promise_status (store, promise_id, CLT_PROMISE_KEPT, &error);
  g_assert_no_error (error);
  contact_id = clt_store_add_interaction (store, anne, CLT_INTERACTION_CALL, now, FALSE, "Asked for a quiet room",
                                          "Léa", &error);
  g_assert_no_error (error);
  clt_store_update_interaction (store, contact_id, CLT_INTERACTION_CALL, now, FALSE, "Asked for a quiet room, again",
                                "Léa", &error);
  g_assert_no_error (error);
  clt_store_delete_interaction (store, contact_id, &error);
  g_assert_no_error (error);
  after = g_get_real_time ();

  promise = uid_of (store, "promises", promise_id);
  contact = query_text (store, "SELECT uid FROM sync_journal WHERE kind = 2 LIMIT 1");
  g_assert_nonnull (contact);
  g_assert_cmpuint (strlen (promise), ==, 36);
  g_assert_cmpuint (strlen (contact), ==, 36);
  journal = journal_since (store, 0, before, after);
  expected = g_strdup_printf ("1 %1$s @state\n1 %1$s due\n1 %1$s remind\n1 %1$s status\n1 %1$s closed\n"
                              "2 %2$s @state\n2 %2$s note\n2 %2$s @state\n", promise, contact);
  g_assert_cmpstr (journal, ==, expected);
}

static CltSyncDoc *
read_doc (CltStore     *store,
          CltSyncKind   kind,
          const char   *uid,
          gint64       *seq)
{
  g_autoptr(GError) error = NULL;
  CltSyncDoc *doc = clt_store_sync_read_doc (store, kind, uid, seq, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static void
set_base (CltStore    *store,
          CltSyncDoc  *doc,
          gint64       seq)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *href = g_strdup_printf ("/dav/%s.vcf", clt_sync_doc_get_uid (doc));

  clt_store_sync_set_base (store, doc, href, "\"1\"", seq, &error);
  g_assert_no_error (error);
}

static void
assert_stamp (CltSyncDoc  *doc,
              const char  *key,
              gint64       changed,
              const char  *desk)
{
  gint64 got_changed = 0;
  const char *got_desk = NULL;

  g_assert_true (clt_sync_doc_lookup (doc, key, NULL, &got_changed, &got_desk));
  g_assert_cmpint (got_changed, ==, changed);
  g_assert_cmpstr (got_desk, ==, desk);
}

static void
test_erase (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(CltSyncItem) item = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *desk = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");
  gint64 before, after, changed;
  const char *state_desk;
  gint64 seq;

  uid = uid_of (store, "customers", anne);
  desk = clt_store_sync_get_desk_id (store, &error);
  set_account (fixture);
  clt_store_add_contact (store, anne, CLT_CONTACT_EMAIL, NULL, "anne@example.org", &error);
  g_assert_no_error (error);
  clt_store_add_tag (store, anne, "Allergic to nuts", &error);
  g_assert_no_error (error);
  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, &seq);
  set_base (store, doc, seq);
  g_clear_pointer (&doc, clt_sync_doc_unref);
  clt_store_add_preference (store, anne, "food", "No nuts", CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);

  before = g_get_real_time ();
  clt_store_erase_customer_data (store, anne, FALSE, &error);
  after = g_get_real_time ();
  g_assert_no_error (error);

  /* Nothing of what they were stays in the journal or the agreed version. */
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal WHERE key LIKE 'tag/%'"
                                     " OR key LIKE 'email/%' OR key LIKE 'preference/%'"), ==, 0);
  item = clt_store_sync_get_item (store, CLT_SYNC_CUSTOMER, uid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (item);
  g_assert_null (item->base);

  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, &seq);
  g_assert_cmpint (clt_sync_doc_get_state (doc, &changed, &state_desk), ==, CLT_SYNC_ERASED);
  g_assert_cmpint (changed, >=, before / 1000 * 1000 - 1000);
  g_assert_cmpint (changed, <=, after + 1000);
  g_assert_cmpstr (state_desk, ==, desk);
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, 0);

  /* Agreed on: still erased. */
  set_base (store, doc, seq);
  g_clear_pointer (&doc, clt_sync_doc_unref);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal"), ==, 0);
  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_ERASED);
}

static void
test_anonymise (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *contact = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");
  gint64 contact_id;

  set_account (fixture);
  uid = uid_of (store, "customers", anne);
  contact_id = clt_store_add_interaction (store, anne, CLT_INTERACTION_STAY, g_get_real_time () / G_USEC_PER_SEC,
                                          FALSE, "Room 12", "Léa", &error);
  g_assert_no_error (error);
  contact = uid_of (store, "interactions", contact_id);

  clt_store_erase_customer_data (store, anne, TRUE, &error);
  g_assert_no_error (error);

  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_ERASED);
  g_clear_pointer (&doc, clt_sync_doc_unref);
  /* The stay kept for the counts is not shared. */
  doc = read_doc (store, CLT_SYNC_CONTACT, contact, NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_ERASED);
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, 0);
  g_clear_pointer (&doc, clt_sync_doc_unref);
  /* Nor the anonymous row. */
  g_clear_pointer (&uid, g_free);
  uid = uid_of (store, "customers", anne);
  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_ERASED);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal WHERE key LIKE 'tag/%'"
                                     " OR key LIKE 'email/%' OR key = 'note' OR key = 'staff'"), ==, 2);
}

static void
test_read_after_edits (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) base = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *desk = NULL;
  g_autofree char *email_key = NULL;
  g_autofree char *note_key = NULL;
  g_autofree char *preference_key = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");
  gint64 email_id, note_id, preference_id;
  gint64 changed, before, after, seq;
  GVariant *value = NULL;
  const char *label, *address;
  const char *stamp_desk;

  desk = clt_store_sync_get_desk_id (store, &error);
  g_assert_no_error (error);
  set_account (fixture);
  email_id = clt_store_add_contact (store, anne, CLT_CONTACT_EMAIL, NULL, "anne@example.org", &error);
  g_assert_no_error (error);
  note_id = clt_store_add_note (store, anne, "Came for the jazz festival", NULL, TRUE, &error);
  g_assert_no_error (error);
  email_key = element_key ("email/", store, "emails", email_id);
  note_key = element_key ("note/", store, "notes", note_id);
  uid = uid_of (store, "customers", anne);

  /* Not agreed on yet: pending, every field stamped here. */
  pending = clt_store_sync_list_pending (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (((CltSyncPending *) pending->pdata[0])->uid, ==, uid);
  g_clear_pointer (&pending, g_ptr_array_unref);

  base = read_doc (store, CLT_SYNC_CUSTOMER, uid, &seq);
  g_assert_cmpint (seq, ==, last_seq (store));
  g_assert_cmpstr (clt_sync_doc_get_string (base, "display"), ==, "Anne Martin");
  g_assert_cmpstr (clt_sync_doc_get_string (base, "given"), ==, "Anne");
  g_assert_cmpstr (clt_sync_doc_get_string (base, "family"), ==, "Martin");
  g_assert_cmpstr (clt_sync_doc_get_string (base, "consent"), ==, "follow-ups");
  g_assert_true (clt_sync_doc_lookup (base, email_key, &value, NULL, &stamp_desk));
  g_assert_cmpstr (stamp_desk, ==, desk);
  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE ("(ss)")));
  g_variant_get (value, "(&s&s)", &label, &address);
  g_assert_cmpstr (label, ==, "");
  g_assert_cmpstr (address, ==, "anne@example.org");
  g_assert_true (clt_sync_doc_lookup (base, note_key, &value, NULL, NULL));
  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE ("(ssbx)")));
  set_base (store, base, seq);

  pending = clt_store_sync_list_pending (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);
  g_clear_pointer (&pending, g_ptr_array_unref);

  before = g_get_real_time ();
  preference_id = clt_store_add_preference (store, anne, "room", "High floor", CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  clt_store_update_contact (store, CLT_CONTACT_EMAIL, email_id, "work", "anne.martin@example.org", &error);
  g_assert_no_error (error);
  clt_store_delete_note (store, note_id, &error);
  g_assert_no_error (error);
  after = g_get_real_time ();
  preference_key = element_key ("preference/", store, "preferences", preference_id);

  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, &seq);
  g_assert_cmpint (seq, ==, last_seq (store));
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, clt_sync_doc_get_n_fields (base) + 1);

  /* The new preference, with its types. */
  g_assert_true (clt_sync_doc_lookup (doc, preference_key, &value, &changed, &stamp_desk));
  g_assert_true (g_variant_is_of_type (value, G_VARIANT_TYPE ("(ssbb)")));
  {
    const char *category, *text;
    gboolean alert, sensitive;

    g_variant_get (value, "(&s&sbb)", &category, &text, &alert, &sensitive);
    g_assert_cmpstr (category, ==, "room");
    g_assert_cmpstr (text, ==, "High floor");
    g_assert_false (alert);
    g_assert_true (sensitive);
  }
  g_assert_cmpint (changed, >=, before / 1000 * 1000 - 1000);
  g_assert_cmpint (changed, <=, after + 1000);
  g_assert_cmpstr (stamp_desk, ==, desk);

  /* The e-mail changed, at the journal's time. */
  g_assert_true (clt_sync_doc_lookup (doc, email_key, &value, &changed, NULL));
  g_variant_get (value, "(&s&s)", &label, &address);
  g_assert_cmpstr (label, ==, "work");
  g_assert_cmpstr (address, ==, "anne.martin@example.org");
  g_assert_cmpint (changed, >=, before / 1000 * 1000 - 1000);

  /* The note, a tombstone. */
  g_assert_true (clt_sync_doc_lookup (doc, note_key, &value, &changed, &stamp_desk));
  g_assert_null (value);
  g_assert_cmpint (changed, >=, before / 1000 * 1000 - 1000);
  g_assert_cmpint (changed, <=, after + 1000);
  g_assert_cmpstr (stamp_desk, ==, desk);

  /* The rest as agreed, stamps and all. */
  {
    gint64 agreed;
    const char *agreed_desk;

    g_assert_true (clt_sync_doc_lookup (base, "family", NULL, &agreed, &agreed_desk));
    assert_stamp (doc, "family", agreed, agreed_desk);
    clt_sync_doc_get_state (base, &agreed, &agreed_desk);
    clt_sync_doc_get_state (doc, &changed, &stamp_desk);
    g_assert_cmpint (changed, ==, agreed);
  }
}

/* A customer with every key of clt-sync-doc.h. */
static CltSyncDoc *
full_customer (const char *uid)
{
  CltSyncDoc *doc = clt_sync_doc_new (CLT_SYNC_CUSTOMER, uid);
  gint64 t = G_GINT64_CONSTANT (1765000000000000);

  clt_sync_doc_set (doc, "given", g_variant_new_string ("Hélène"), t, "other");
  clt_sync_doc_set (doc, "family", g_variant_new_string ("Zoë-Dupré"), t, "other");
  clt_sync_doc_set (doc, "display", g_variant_new_string ("Hélène Zoë-Dupré"), t, "other");
  clt_sync_doc_set (doc, "addressed-as", g_variant_new_string ("Madame Dupré"), t, "other");
  clt_sync_doc_set (doc, "honorific", g_variant_new_string ("Mme"), t, "other");
  clt_sync_doc_set (doc, "company", g_variant_new_string ("Dupré, Fils & Cie"), t, "other");
  clt_sync_doc_set (doc, "job-title", g_variant_new_string ("Gérante"), t, "other");
  clt_sync_doc_set (doc, "language", g_variant_new_string ("fr"), t, "other");
  clt_sync_doc_set (doc, "birthday", g_variant_new_string ("--04-12"), t, "other");
  clt_sync_doc_set (doc, "vip", g_variant_new_boolean (TRUE), t, "other");
  clt_sync_doc_set (doc, "consent", g_variant_new_string ("marketing"), t, "other");
  clt_sync_doc_set (doc, "email/e1", g_variant_new ("(ss)", "work", "helene@example.fr"), t, "other");
  clt_sync_doc_set (doc, "phone/p1", g_variant_new ("(ss)", "", "+33 6 12 34 56 78"), t, "other");
  clt_sync_doc_set (doc, "address/a1", g_variant_new ("(ss)", "home", "3 rue des Lilas\n75011 Paris"), t, "other");
  clt_sync_doc_set (doc, "preference/r1", g_variant_new ("(ssbb)", "food", "Allergic to nuts", TRUE, TRUE), t, "other");
  clt_sync_doc_set (doc, "preference/r2", g_variant_new ("(ssbb)", "", "Quiet room; high floor", FALSE, FALSE), t, "other");
  clt_sync_doc_set (doc, "note/n1", g_variant_new ("(ssbx)", "Came for the festival", "Léa", TRUE,
                                                   G_GINT64_CONSTANT (1700000000)), t, "other");
  clt_sync_doc_set (doc, "tag/été", g_variant_new_boolean (TRUE), t, "other");
  clt_sync_doc_set (doc, "tag/regular", g_variant_new_boolean (TRUE), t, "other");

  return doc;
}

static void
apply (CltStore   *store,
       CltSyncDoc *doc)
{
  g_autoptr(GError) error = NULL;

  clt_store_sync_apply_doc (store, doc, &error);
  g_assert_no_error (error);
}

static void
test_apply_round_trip (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) doc = full_customer ("4b2a9e0c-1d3f-4a5b-8c7d-0e1f2a3b4c5d");
  g_autoptr(CltSyncDoc) promise = clt_sync_doc_new (CLT_SYNC_PROMISE, "5c3b0f1d-2e4a-4b6c-9d8e-1f2a3b4c5d6e");
  g_autoptr(CltSyncDoc) contact = clt_sync_doc_new (CLT_SYNC_CONTACT, "6d4c1a2e-3f5b-4c7d-ae9f-2a3b4c5d6e7f");
  g_autoptr(CltSyncDoc) back = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  const char * const emails[] = { "helene@example.fr", NULL };
  CltStore *store = fixture->book.store;
  gint64 t = G_GINT64_CONSTANT (1765000000000000);

  set_account (fixture);
  apply (store, doc);

  /* Not journalled, and found by the search index. */
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_applying"), ==, 0);
  found = clt_store_find_duplicates (store, "Hélène Zoë-Dupré", emails, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((CltDuplicate *) found->pdata[0])->reasons, ==, CLT_DUPLICATE_NAME | CLT_DUPLICATE_EMAIL);

  back = read_doc (store, CLT_SYNC_CUSTOMER, clt_sync_doc_get_uid (doc), NULL);
  if (!clt_sync_doc_equal (doc, back, FALSE))
    {
      g_autofree char *want = clt_sync_doc_to_string (doc);
      g_autofree char *got = clt_sync_doc_to_string (back);

      g_test_message ("want:\n%sgot:\n%s", want, got);
    }
  g_assert_true (clt_sync_doc_equal (doc, back, FALSE));
  g_clear_pointer (&back, clt_sync_doc_unref);

  clt_sync_doc_set (promise, "customer", g_variant_new_string (clt_sync_doc_get_uid (doc)), t, "other");
  clt_sync_doc_set (promise, "text", g_variant_new_string ("Send the invoice, with VAT"), t, "other");
  clt_sync_doc_set (promise, "promised-by", g_variant_new_string ("Léa"), t, "other");
  clt_sync_doc_set (promise, "created", g_variant_new_int64 (1764000000), t, "other");
  clt_sync_doc_set (promise, "due", g_variant_new_int64 (1766000000), t, "other");
  clt_sync_doc_set (promise, "all-day", g_variant_new_boolean (FALSE), t, "other");
  clt_sync_doc_set (promise, "remind", g_variant_new_int64 (1765990000), t, "other");
  clt_sync_doc_set (promise, "status", g_variant_new_string ("kept"), t, "other");
  clt_sync_doc_set (promise, "closed", g_variant_new_int64 (1765500000), t, "other");
  apply (store, promise);
  back = read_doc (store, CLT_SYNC_PROMISE, clt_sync_doc_get_uid (promise), NULL);
  g_assert_true (clt_sync_doc_equal (promise, back, FALSE));
  g_clear_pointer (&back, clt_sync_doc_unref);

  clt_sync_doc_set (contact, "customer", g_variant_new_string (clt_sync_doc_get_uid (doc)), t, "other");
  clt_sync_doc_set (contact, "kind", g_variant_new_string ("stay"), t, "other");
  clt_sync_doc_set (contact, "at", g_variant_new_int64 (1763000000), t, "other");
  clt_sync_doc_set (contact, "planned", g_variant_new_boolean (FALSE), t, "other");
  clt_sync_doc_set (contact, "note", g_variant_new_string ("Room 12"), t, "other");
  clt_sync_doc_set (contact, "staff", g_variant_new_string ("Marc"), t, "other");
  clt_sync_doc_set (contact, "created", g_variant_new_int64 (1763000100), t, "other");
  apply (store, contact);
  back = read_doc (store, CLT_SYNC_CONTACT, clt_sync_doc_get_uid (contact), NULL);
  g_assert_true (clt_sync_doc_equal (contact, back, FALSE));
  g_clear_pointer (&back, clt_sync_doc_unref);

  /* Changes and removals, applied again. */
  clt_sync_doc_set (doc, "family", g_variant_new_string ("Dupré"), t + 1, "other");
  clt_sync_doc_set (doc, "company", NULL, t + 1, "other");
  clt_sync_doc_set (doc, "email/e1", g_variant_new ("(ss)", "", "h.dupre@example.fr"), t + 1, "other");
  clt_sync_doc_set (doc, "preference/r2", NULL, t + 1, "other");
  clt_sync_doc_set (doc, "preference/r1", g_variant_new ("(ssbb)", "food", "Allergic to nuts", TRUE, FALSE),
                    t + 1, "other");
  clt_sync_doc_set (doc, "note/n1", g_variant_new ("(ssbx)", "Came for the festival", "Léa", FALSE,
                                                   G_GINT64_CONSTANT (1700000000)), t + 1, "other");
  clt_sync_doc_set (doc, "tag/été", NULL, t + 1, "other");
  apply (store, doc);
  back = read_doc (store, CLT_SYNC_CUSTOMER, clt_sync_doc_get_uid (doc), NULL);
  /* What the book no longer has is absent from it: no base here. */
  clt_sync_doc_unset (doc, "company");
  clt_sync_doc_unset (doc, "preference/r2");
  clt_sync_doc_unset (doc, "tag/été");
  g_assert_true (clt_sync_doc_equal (doc, back, FALSE));
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM preferences"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT alert * 10 + sensitive FROM preferences"), ==, 10);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM notes WHERE pinned = 0 AND created_at = 1700000000"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM customer_tags"), ==, 1);

  pending = clt_store_sync_list_pending (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 0);
  g_clear_pointer (&back, clt_sync_doc_unref);

  /* Agreed on, it reads back as it came: the other desk's stamps and all. */
  set_base (store, doc, 0);
  back = read_doc (store, CLT_SYNC_CUSTOMER, clt_sync_doc_get_uid (doc), NULL);
  g_assert_true (clt_sync_doc_equal (doc, back, TRUE));
}

/* The window's connection writes while the sync's applies: only what the
 * sync applies goes unjournalled. */
static void
test_two_connections (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) sync = NULL;
  g_autoptr(CltSyncDoc) remote = full_customer ("8f6e3c4a-5b7d-4e9f-8a1b-4c5d6e7f8091");
  g_autofree char *journal = NULL;
  g_autofree char *uid = NULL;
  CltStore *window = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");

  set_account (fixture);
  uid = uid_of (window, "customers", anne);
  sync = clt_store_open (fixture->book.path, &error);
  g_assert_no_error (error);

  apply (sync, remote);
  clt_store_add_tag (window, anne, "Été", &error);
  g_assert_no_error (error);
  clt_store_begin (sync, &error);
  g_assert_no_error (error);
  apply (sync, remote);
  clt_store_commit (sync, &error);
  g_assert_no_error (error);
  clt_store_add_tag (window, anne, "Regular", &error);
  g_assert_no_error (error);

  journal = journal_since (window, 0, 0, G_MAXINT64 - 1000);
  {
    g_autofree char *expected = g_strdup_printf ("0 %1$s tag/Été\n0 %1$s tag/regular\n", uid);

    g_assert_cmpstr (journal, ==, expected);
  }

  /* Read back lowered, as the card has it. */
  {
    g_autoptr(CltSyncDoc) doc = read_doc (sync, CLT_SYNC_CUSTOMER, uid, NULL);
    gint64 changed = 0;

    g_assert_true (clt_sync_doc_lookup (doc, "tag/été", NULL, &changed, NULL));
    g_assert_cmpint (changed, ==, query_int (window, "SELECT changed FROM sync_journal WHERE key = 'tag/Été'"));
    g_assert_false (clt_sync_doc_lookup (doc, "tag/Été", NULL, NULL, NULL));
  }
}

static void
test_states (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(CltSyncDoc) remote = full_customer ("7e5d2b3f-4a6c-4d8e-bf0a-3b4c5d6e7f80");
  g_autofree char *uid = NULL;
  g_autofree char *promise = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");
  gint64 promise_id;
  gint64 seq;

  set_account (fixture);
  uid = uid_of (store, "customers", anne);
  promise_id = clt_store_add_promise (store, anne, "Call back", NULL, g_get_real_time () / G_USEC_PER_SEC + DAY,
                                      FALSE, &error);
  g_assert_no_error (error);
  promise = uid_of (store, "promises", promise_id);

  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, &seq);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_LIVE);
  set_base (store, doc, seq);
  g_clear_pointer (&doc, clt_sync_doc_unref);

  clt_store_trash_customer (store, anne, &error);
  g_assert_no_error (error);
  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_DELETED);
  g_clear_pointer (&doc, clt_sync_doc_unref);

  clt_store_purge_trash (store, &error);
  g_assert_no_error (error);
  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_DELETED);
  g_clear_pointer (&doc, clt_sync_doc_unref);
  doc = read_doc (store, CLT_SYNC_PROMISE, promise, NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_DELETED);
  g_clear_pointer (&doc, clt_sync_doc_unref);

  /* Never in the book. */
  g_assert_null (clt_store_sync_read_doc (store, CLT_SYNC_CUSTOMER, "nobody", NULL, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* From the server: deleted → trashed; alive again; erased → erased. */
  apply (store, remote);
  clt_sync_doc_set_state (remote, CLT_SYNC_DELETED, 1, "other");
  apply (store, remote);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM customers WHERE trashed_at IS NOT NULL"), ==, 1);
  doc = read_doc (store, CLT_SYNC_CUSTOMER, clt_sync_doc_get_uid (remote), NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_DELETED);
  g_clear_pointer (&doc, clt_sync_doc_unref);
  clt_sync_doc_set_state (remote, CLT_SYNC_LIVE, 2, "other");
  apply (store, remote);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM customers WHERE trashed_at IS NOT NULL"), ==, 0);
  clt_sync_doc_set_state (remote, CLT_SYNC_ERASED, 3, "other");
  apply (store, remote);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM customers"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM emails"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM erasures WHERE uid = '7e5d2b3f-4a6c-4d8e-bf0a-3b4c5d6e7f80'"), ==, 1);
  doc = read_doc (store, CLT_SYNC_CUSTOMER, clt_sync_doc_get_uid (remote), NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_ERASED);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal WHERE uid = '7e5d2b3f-4a6c-4d8e-bf0a-3b4c5d6e7f80'"), ==, 0);
}

/* A customer deleted and purged from the trash is DELETED, stamped with
 * when, and keeps every field as both sides agreed on it (not removals),
 * so that a later edit on another desk brings them back whole: made again
 * under the same uids. */
static void
test_purged_keeps_fields (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) agreed = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autofree char *uid = NULL;
  g_autofree char *email_uid = NULL;
  g_autofree char *again_uid = NULL;
  g_autofree char *again_email_uid = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");
  gint64 agreed_changed, changed;
  gint64 seq;

  set_account (fixture);
  uid = uid_of (store, "customers", anne);
  clt_store_add_contact (store, anne, CLT_CONTACT_EMAIL, "home", "anne@example.fr", &error);
  g_assert_no_error (error);
  email_uid = uid_of (store, "emails", query_int (store, "SELECT id FROM emails"));
  agreed = read_doc (store, CLT_SYNC_CUSTOMER, uid, &seq);
  set_base (store, agreed, seq);
  clt_sync_doc_get_state (agreed, &agreed_changed, NULL);

  clt_store_trash_customer (store, anne, &error);
  g_assert_no_error (error);
  clt_store_purge_trash (store, &error);
  g_assert_no_error (error);

  doc = read_doc (store, CLT_SYNC_CUSTOMER, uid, NULL);
  g_assert_cmpint (clt_sync_doc_get_state (doc, &changed, NULL), ==, CLT_SYNC_DELETED);
  g_assert_cmpint (changed, >, agreed_changed);
  keys = clt_sync_doc_get_keys (agreed);
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, keys->len);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      GVariant *value = NULL, *agreed_value = NULL;
      gint64 field_changed = 0, agreed_field_changed = 0;

      g_assert_true (clt_sync_doc_lookup (agreed, key, &agreed_value, &agreed_field_changed, NULL));
      g_assert_true (clt_sync_doc_lookup (doc, key, &value, &field_changed, NULL));
      g_assert_nonnull (value);
      g_assert_true (g_variant_equal (value, agreed_value));
      g_assert_cmpint (field_changed, ==, agreed_field_changed);
    }

  /* Brought back by another desk: made again, under the same uids. */
  clt_sync_doc_set_state (doc, CLT_SYNC_LIVE, changed + 1, "other");
  apply (store, doc);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM customers WHERE trashed_at IS NULL"), ==, 1);
  again_uid = uid_of (store, "customers", query_int (store, "SELECT id FROM customers"));
  again_email_uid = uid_of (store, "emails", query_int (store, "SELECT id FROM emails"));
  g_assert_cmpstr (again_uid, ==, uid);
  g_assert_cmpstr (again_email_uid, ==, email_uid);
}

static void
test_set_base (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(CltSyncItem) item = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) unshared = NULL;
  g_autofree char *anne_uid = NULL;
  g_autofree char *bruno_uid = NULL;
  g_autofree char *href = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");
  gint64 bruno;
  gint64 seq;

  set_account (fixture);
  bruno = clt_test_book_add (&fixture->book, "Bruno Lefèvre");
  anne_uid = uid_of (store, "customers", anne);
  bruno_uid = uid_of (store, "customers", bruno);

  unshared = clt_store_sync_list_unshared (store, CLT_SYNC_CUSTOMER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unshared->len, ==, 2);
  g_assert_cmpstr (unshared->pdata[0], ==, anne_uid);
  g_clear_pointer (&unshared, g_ptr_array_unref);

  clt_store_add_tag (store, anne, "Regular", &error);
  g_assert_no_error (error);

  /* Oldest first: Bruno was made before Anne's tag. */
  pending = clt_store_sync_list_pending (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);
  g_assert_cmpstr (((CltSyncPending *) pending->pdata[0])->uid, ==, bruno_uid);
  g_assert_cmpstr (((CltSyncPending *) pending->pdata[1])->uid, ==, anne_uid);
  g_clear_pointer (&pending, g_ptr_array_unref);

  doc = read_doc (store, CLT_SYNC_CUSTOMER, anne_uid, &seq);
  /* Changed after it was read: stays pending. */
  clt_store_add_tag (store, anne, "Friend", &error);
  g_assert_no_error (error);
  set_base (store, doc, seq);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal WHERE kind = 0 AND key = 'tag/friend'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal WHERE key = 'tag/regular'"), ==, 0);
  pending = clt_store_sync_list_pending (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (pending->len, ==, 2);
  g_clear_pointer (&pending, g_ptr_array_unref);

  item = clt_store_sync_get_item (store, CLT_SYNC_CUSTOMER, anne_uid, &error);
  g_assert_no_error (error);
  href = g_strdup_printf ("/dav/%s.vcf", anne_uid);
  g_assert_cmpstr (item->href, ==, href);
  g_assert_cmpstr (item->etag, ==, "\"1\"");
  g_assert_true (clt_sync_doc_equal (item->base, doc, TRUE));
  g_clear_pointer (&item, clt_sync_item_free);
  item = clt_store_sync_get_item_by_href (store, CLT_SYNC_CUSTOMER, href, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (item->uid, ==, anne_uid);
  g_clear_pointer (&item, clt_sync_item_free);
  g_assert_null (clt_store_sync_get_item_by_href (store, CLT_SYNC_PROMISE, href, &error));
  g_assert_no_error (error);

  items = clt_store_sync_list_items (store, CLT_SYNC_CUSTOMER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_null (((CltSyncItem *) items->pdata[0])->base);
  unshared = clt_store_sync_list_unshared (store, CLT_SYNC_CUSTOMER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unshared->len, ==, 1);
  g_assert_cmpstr (unshared->pdata[0], ==, bruno_uid);

  clt_store_sync_forget_item (store, CLT_SYNC_CUSTOMER, anne_uid, &error);
  g_assert_no_error (error);
  g_assert_null (clt_store_sync_get_item (store, CLT_SYNC_CUSTOMER, anne_uid, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal WHERE key = 'tag/friend'"), ==, 0);
}

static void
test_collections (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *href = NULL;
  g_autofree char *token = NULL;
  CltStore *store = fixture->book.store;

  clt_store_sync_get_collection (store, CLT_SYNC_CUSTOMER, &href, &token, &error);
  g_assert_no_error (error);
  g_assert_null (href);
  g_assert_null (token);

  clt_store_sync_set_collection (store, CLT_SYNC_CUSTOMER, "/dav/clientele/", &error);
  g_assert_no_error (error);
  clt_store_sync_set_token (store, CLT_SYNC_CUSTOMER, "http://radicale.org/ns/sync/1", &error);
  g_assert_no_error (error);
  clt_store_sync_set_collection (store, CLT_SYNC_PROMISE, "/dav/tasks/", &error);
  g_assert_no_error (error);
  clt_store_sync_get_collection (store, CLT_SYNC_CUSTOMER, &href, &token, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (href, ==, "/dav/clientele/");
  g_assert_cmpstr (token, ==, "http://radicale.org/ns/sync/1");
  g_clear_pointer (&href, g_free);
  g_clear_pointer (&token, g_free);

  /* The same collection keeps its token; another drops it. */
  clt_store_sync_set_collection (store, CLT_SYNC_CUSTOMER, "/dav/clientele/", &error);
  g_assert_no_error (error);
  clt_store_sync_get_collection (store, CLT_SYNC_CUSTOMER, &href, &token, &error);
  g_assert_cmpstr (token, ==, "http://radicale.org/ns/sync/1");
  g_clear_pointer (&href, g_free);
  g_clear_pointer (&token, g_free);
  clt_store_sync_set_collection (store, CLT_SYNC_CUSTOMER, "/dav/other/", &error);
  g_assert_no_error (error);
  clt_store_sync_get_collection (store, CLT_SYNC_CUSTOMER, &href, &token, &error);
  g_assert_cmpstr (href, ==, "/dav/other/");
  g_assert_null (token);
  g_clear_pointer (&href, g_free);
  clt_store_sync_get_collection (store, CLT_SYNC_PROMISE, &href, &token, &error);
  g_assert_cmpstr (href, ==, "/dav/tasks/");
}

static void
exec_sql (CltStore   *store,
                    const char *sql)
{
  g_assert_cmpint (sqlite3_exec (clt_store_get_db (store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
}

/* Another collection: a new first round with it. What the book knew of
 * the old one goes (items, agreed versions, token); the book itself, the
 * journal and the other kinds' items stay. */
static void
test_use_collection (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) customer_doc = NULL;
  g_autoptr(CltSyncDoc) promise_doc = NULL;
  g_autoptr(GPtrArray) unshared = NULL;
  g_autofree char *anne_uid = NULL;
  g_autofree char *promise_uid = NULL;
  g_autofree char *href = NULL;
  g_autofree char *token = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne;
  gint64 seq = 0;
  gboolean changed = TRUE;

  set_account (fixture);
  anne = clt_test_book_add (&fixture->book, "Anne Martin");
  anne_uid = uid_of (store, "customers", anne);
  clt_store_add_promise (store, anne, "Rappeler", NULL, g_get_real_time () / G_USEC_PER_SEC + DAY, FALSE, &error);
  g_assert_no_error (error);
  promise_uid = query_text (store, "SELECT uid FROM promises");
  exec_sql (store, "DELETE FROM sync_journal");
  clt_store_sync_use_collection (store, CLT_SYNC_CUSTOMER, "/dav/clientele/", &changed, &error);
  g_assert_no_error (error);
  g_assert_true (changed);
  customer_doc = read_doc (store, CLT_SYNC_CUSTOMER, anne_uid, &seq);
  set_base (store, customer_doc, seq);
  promise_doc = read_doc (store, CLT_SYNC_PROMISE, promise_uid, &seq);
  set_base (store, promise_doc, seq);
  clt_store_sync_set_token (store, CLT_SYNC_CUSTOMER, "token-1", &error);
  g_assert_no_error (error);

  /* The same one again: nothing forgotten. */
  clt_store_sync_use_collection (store, CLT_SYNC_CUSTOMER, "/dav/clientele/", &changed, &error);
  g_assert_no_error (error);
  g_assert_false (changed);
  clt_store_sync_get_collection (store, CLT_SYNC_CUSTOMER, &href, &token, &error);
  g_assert_cmpstr (token, ==, "token-1");
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_items"), ==, 2);
  g_clear_pointer (&href, g_free);
  g_clear_pointer (&token, g_free);

  /* A change waiting, then another address book. */
  exec_sql (store, "UPDATE customers SET company = 'Hôtel du Lac'");
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal"), ==, 1);
  clt_store_sync_use_collection (store, CLT_SYNC_CUSTOMER, "/dav/contacts/", &changed, &error);
  g_assert_no_error (error);
  g_assert_true (changed);
  clt_store_sync_get_collection (store, CLT_SYNC_CUSTOMER, &href, &token, &error);
  g_assert_cmpstr (href, ==, "/dav/contacts/");
  g_assert_null (token);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_items WHERE kind = 0"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_items WHERE kind = 1"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_journal"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM customers WHERE company = 'Hôtel du Lac'"), ==, 1);
  unshared = clt_store_sync_list_unshared (store, CLT_SYNC_CUSTOMER, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unshared->len, ==, 1);
  g_assert_cmpstr (unshared->pdata[0], ==, anne_uid);
  g_clear_pointer (&href, g_free);

  /* None: the one the next round finds or makes. */
  clt_store_sync_use_collection (store, CLT_SYNC_CUSTOMER, NULL, &changed, &error);
  g_assert_no_error (error);
  g_assert_true (changed);
  clt_store_sync_get_collection (store, CLT_SYNC_CUSTOMER, &href, NULL, &error);
  g_assert_null (href);
}

static void
test_find_match (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) by_email = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "remote-1");
  g_autoptr(CltSyncDoc) by_phone = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "remote-2");
  g_autoptr(CltSyncDoc) stranger = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "remote-3");
  g_autoptr(CltSyncDoc) local = NULL;
  g_autofree char *anne_uid = NULL;
  g_autofree char *match = NULL;
  CltStore *store = fixture->book.store;
  gint64 anne = clt_test_book_add (&fixture->book, "Anne Martin");
  gint64 seq;

  clt_test_book_add (&fixture->book, "Anne Martin");
  anne_uid = uid_of (store, "customers", anne);
  clt_store_add_contact (store, anne, CLT_CONTACT_EMAIL, NULL, "Anne.Martin@Example.org", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, anne, CLT_CONTACT_PHONE, NULL, "06 12 34 56 78", &error);
  g_assert_no_error (error);

  clt_sync_doc_set (by_email, "display", g_variant_new_string ("A. Martin"), 1, "x");
  clt_sync_doc_set (by_email, "email/x", g_variant_new ("(ss)", "", "anne.martin@example.org"), 1, "x");
  match = clt_store_sync_find_match (store, by_email, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (match, ==, anne_uid);
  g_clear_pointer (&match, g_free);

  clt_sync_doc_set (by_phone, "phone/x", g_variant_new ("(ss)", "cell", "+33 6 12 34 56 78"), 1, "x");
  match = clt_store_sync_find_match (store, by_phone, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (match, ==, anne_uid);
  g_clear_pointer (&match, g_free);

  /* The same name is not enough. */
  clt_sync_doc_set (stranger, "display", g_variant_new_string ("Anne Martin"), 1, "x");
  clt_sync_doc_set (stranger, "email/x", g_variant_new ("(ss)", "", "someone@example.org"), 1, "x");
  clt_sync_doc_set (stranger, "phone/x", g_variant_new ("(ss)", "", "01 99 88 77 66"), 1, "x");
  match = clt_store_sync_find_match (store, stranger, &error);
  g_assert_no_error (error);
  g_assert_null (match);

  /* Already on the server: another person. */
  set_account (fixture);
  local = read_doc (store, CLT_SYNC_CUSTOMER, anne_uid, &seq);
  set_base (store, local, seq);
  match = clt_store_sync_find_match (store, by_email, &error);
  g_assert_no_error (error);
  g_assert_null (match);
}

static void
assert_uids (CltStore   *store,
             const char *table,
             gint64      expected)
{
  g_autofree char *all = g_strdup_printf ("SELECT count (*) FROM %s", table);
  g_autofree char *distinct = g_strdup_printf ("SELECT count (DISTINCT uid) FROM %s WHERE length (uid) >= 16",
                                               table);

  g_assert_cmpint (query_int (store, all), ==, expected);
  g_assert_cmpint (query_int (store, distinct), ==, expected);
}

static void
fill (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = g_ptr_array_new ();
  g_autoptr(GPtrArray) preferences = g_ptr_array_new ();
  g_autoptr(GPtrArray) notes = g_ptr_array_new ();
  CltStore *store = fixture->book.store;
  CltContact contact = { 0, CLT_CONTACT_ADDRESS, NULL, (char *) "1 rue de la Paix" };
  CltPreference preference = { 0, NULL, (char *) "Sea view", CLT_PREFERENCE_NONE, 0, 0 };
  CltNote note = { 0, (char *) "Imported", NULL, FALSE, 0 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Customer %d", i);
      g_autofree char *email = g_strdup_printf ("c%d@example.org", i);
      gint64 id = clt_test_book_add (&fixture->book, name);
      gint64 preference_id, note_id, interaction_id, email_id;
      g_autoptr(CltPreference) kept_preference = NULL;
      g_autoptr(CltNote) kept_note = NULL;
      g_autoptr(CltInteraction) kept_interaction = NULL;
      g_autoptr(CltContact) kept_contact = NULL;

      email_id = clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, NULL, email, &error);
      g_assert_no_error (error);
      clt_store_add_contact (store, id, CLT_CONTACT_PHONE, NULL, "06 00 00 00 0" "1", &error);
      g_assert_no_error (error);
      preference_id = clt_store_add_preference (store, id, NULL, "Tea", CLT_PREFERENCE_NONE, &error);
      g_assert_no_error (error);
      note_id = clt_store_add_note (store, id, "Nice", NULL, FALSE, &error);
      g_assert_no_error (error);
      clt_store_add_promise (store, id, "Call", NULL, now + DAY, FALSE, &error);
      g_assert_no_error (error);
      interaction_id = clt_store_add_interaction (store, id, CLT_INTERACTION_VISIT, now, FALSE, NULL, NULL, &error);
      g_assert_no_error (error);

      /* The import's path. */
      g_ptr_array_set_size (contacts, 0);
      g_ptr_array_add (contacts, &contact);
      g_ptr_array_set_size (preferences, 0);
      g_ptr_array_add (preferences, &preference);
      g_ptr_array_set_size (notes, 0);
      g_ptr_array_add (notes, &note);
      clt_store_import_details (store, id, contacts, preferences, notes, NULL, &error);
      g_assert_no_error (error);

      /* Undo's path: deleted and put back. */
      kept_preference = clt_store_get_preference (store, preference_id, &error);
      kept_note = clt_store_get_note (store, note_id, &error);
      kept_interaction = clt_store_get_interaction (store, interaction_id, &error);
      kept_contact = clt_store_get_contact (store, CLT_CONTACT_EMAIL, email_id, &error);
      g_assert_no_error (error);
      clt_store_delete_preference (store, preference_id, &error);
      clt_store_delete_note (store, note_id, &error);
      clt_store_delete_interaction (store, interaction_id, &error);
      clt_store_delete_contact (store, CLT_CONTACT_EMAIL, email_id, &error);
      g_assert_no_error (error);
      clt_store_restore_preference (store, id, kept_preference, &error);
      clt_store_restore_note (store, id, kept_note, &error);
      clt_store_restore_interaction (store, id, kept_interaction, &error);
      clt_store_restore_contact (store, id, kept_contact, &error);
      g_assert_no_error (error);
    }
}

static void
test_uids (Fixture       *fixture,
           gconstpointer  data)
{
  CltStore *store = fixture->book.store;

  fill (fixture);
  assert_uids (store, "emails", 3);
  assert_uids (store, "phones", 3);
  assert_uids (store, "addresses", 3);
  assert_uids (store, "preferences", 6);
  assert_uids (store, "notes", 6);
  assert_uids (store, "promises", 3);
  assert_uids (store, "interactions", 3);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM promises WHERE uid LIKE '________-____-4___-____-____________'"), ==, 3);
}

static void
test_migration (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) undo = g_string_new ("BEGIN;");
  g_autofree char *desk = NULL;
  sqlite3 *db = NULL;

  fill (fixture);
  g_clear_object (&fixture->book.store);

  /* Back to a book of version 10, as today's main makes it. */
  g_string_append (undo, CLT_TEST_BOOK_UNDO_SYNC_SQL "PRAGMA user_version = 10; COMMIT;");
  g_assert_cmpint (sqlite3_open (fixture->book.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, undo->str, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  fixture->book.store = clt_store_open (fixture->book.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_get_schema_version (fixture->book.store), ==, CLT_STORE_SCHEMA_VERSION);
  assert_uids (fixture->book.store, "emails", 3);
  assert_uids (fixture->book.store, "phones", 3);
  assert_uids (fixture->book.store, "addresses", 3);
  assert_uids (fixture->book.store, "preferences", 6);
  assert_uids (fixture->book.store, "notes", 6);
  assert_uids (fixture->book.store, "promises", 3);
  assert_uids (fixture->book.store, "interactions", 3);
  desk = clt_store_sync_get_desk_id (fixture->book.store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (desk), ==, 16);

  /* A promise's and a contact's uid, looked up alone, are unique by index. */
  g_assert_cmpint (sqlite3_exec (clt_store_get_db (fixture->book.store),
                                 "UPDATE promises SET uid = (SELECT min (uid) FROM promises)",
                                 NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT_UNIQUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/store-sync/desk-id", test_desk_id);
  ADD ("/store-sync/no-account", test_no_account);
  ADD ("/store-sync/journal/customer", test_journal_customer);
  ADD ("/store-sync/journal/elements", test_journal_elements);
  ADD ("/store-sync/journal/promise-contact", test_journal_promise_contact);
  ADD ("/store-sync/erase", test_erase);
  ADD ("/store-sync/anonymise", test_anonymise);
  ADD ("/store-sync/read-after-edits", test_read_after_edits);
  ADD ("/store-sync/apply-round-trip", test_apply_round_trip);
  ADD ("/store-sync/states", test_states);
  ADD ("/store-sync/two-connections", test_two_connections);
  ADD ("/store-sync/set-base", test_set_base);
  ADD ("/store-sync/purged-keeps-fields", test_purged_keeps_fields);
  ADD ("/store-sync/collections", test_collections);
  ADD ("/store-sync/use-collection", test_use_collection);
  ADD ("/store-sync/find-match", test_find_match);
  ADD ("/store-sync/uids", test_uids);
  ADD ("/store-sync/migration", test_migration);

  return g_test_run ();
}

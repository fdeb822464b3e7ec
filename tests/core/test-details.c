/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-test-book.h"

#define NOW ((gint64) 1780000000)
#define DAY ((gint64) 86400)

static guint
count_matches (CltStore   *store,
               const char *query)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (store);

  clt_search_model_set_query (model, query);
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
test_lists (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) preferences = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_auto(GStrv) tags = NULL;
  g_auto(GStrv) all_tags = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Hélène Dupré");
  CltPreference *first;

  clt_store_add_contact (store, id, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_ADDRESS, "home", "3 rue des Lilas\n75011 Paris", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, "work", "helene@example.fr", &error);
  clt_store_add_preference (store, id, "Room", "Chambre côté cour", 0, &error);
  clt_store_add_preference (store, id, NULL, "Aime les fleurs", 0, &error);
  clt_store_add_preference (store, id, "Health", "Allergique aux plumes", CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  clt_store_add_preference (store, id, "Food and drink", "Thé vert", 0, &error);
  clt_store_add_note (store, id, "Ancienne", "Marc", FALSE, &error);
  clt_store_add_note (store, id, "Épinglée", "Julie", TRUE, &error);
  clt_store_add_tag (store, id, "VIP", &error);
  clt_store_add_tag (store, id, "Régulier", &error);
  g_assert_no_error (error);

  contacts = clt_store_list_contacts (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 3);
  g_assert_cmpint (((CltContact *) contacts->pdata[0])->kind, ==, CLT_CONTACT_EMAIL);
  g_assert_cmpstr (((CltContact *) contacts->pdata[0])->label, ==, "work");
  g_assert_cmpint (((CltContact *) contacts->pdata[1])->kind, ==, CLT_CONTACT_PHONE);
  g_assert_cmpstr (((CltContact *) contacts->pdata[1])->value, ==, "+33 6 12 34 56 78");
  g_assert_cmpstr (((CltContact *) contacts->pdata[2])->value, ==, "3 rue des Lilas\n75011 Paris");

  preferences = clt_store_list_preferences (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preferences->len, ==, 4);
  first = preferences->pdata[0];
  g_assert_cmpstr (first->text, ==, "Allergique aux plumes");
  g_assert_cmpint (first->flags, ==, CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE);
  g_assert_cmpstr (((CltPreference *) preferences->pdata[1])->category, ==, "Food and drink");
  g_assert_cmpstr (((CltPreference *) preferences->pdata[2])->category, ==, "Room");
  g_assert_null (((CltPreference *) preferences->pdata[3])->category);

  notes = clt_store_list_notes (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpstr (((CltNote *) notes->pdata[0])->text, ==, "Épinglée");
  g_assert_true (((CltNote *) notes->pdata[0])->pinned);

  tags = clt_store_list_tags (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (tags), ==, 2);
  g_assert_cmpstr (tags[0], ==, "Régulier");
  all_tags = clt_store_list_all_tags (store, &error);
  g_assert_cmpuint (g_strv_length (all_tags), ==, 2);
}

static void
test_history (CltTestBook   *book,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(CltInteraction) edited = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Loïc Le Goff");
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 call;
  guint total = 0;

  g_assert_true (clt_store_begin (store, &error));
  for (guint i = 0; i < 500; i++)
    clt_store_add_interaction (store, id, CLT_INTERACTION_VISIT, now - (i + 1) * DAY, FALSE, NULL, "Julie", &error);
  call = clt_store_add_interaction (store, id, CLT_INTERACTION_CALL, now + 3 * DAY, TRUE, "Arrivée prévue", NULL, &error);
  g_assert_true (clt_store_commit (store, &error));
  clt_store_add_note (store, id, "Une note", NULL, FALSE, &error);
  g_assert_no_error (error);

  page = clt_store_list_history (store, id, 50, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 50);
  g_assert_cmpuint (total, ==, 502);
  g_assert_cmpint (((CltHistoryEntry *) page->pdata[0])->kind, ==, CLT_HISTORY_INTERACTION);
  g_assert_true (((CltHistoryEntry *) page->pdata[0])->planned);
  g_assert_cmpstr (((CltHistoryEntry *) page->pdata[0])->text, ==, "Arrivée prévue");
  for (guint i = 1; i < page->len; i++)
    g_assert_cmpint (((CltHistoryEntry *) page->pdata[i - 1])->when, >=, ((CltHistoryEntry *) page->pdata[i])->when);

  all = clt_store_list_history (store, id, 0, NULL, &error);
  g_assert_cmpuint (all->len, ==, 502);

  g_assert_true (clt_store_update_interaction (store, call, CLT_INTERACTION_STAY, NOW + 4 * DAY, TRUE, "Séjour", "Marc", &error));
  g_assert_no_error (error);
  edited = clt_store_get_interaction (store, call, &error);
  g_assert_cmpint (edited->kind, ==, CLT_INTERACTION_STAY);
  g_assert_cmpstr (edited->staff, ==, "Marc");
  g_assert_cmpuint (count_matches (store, "sejour"), ==, 1);
}

static void
test_restore (CltTestBook   *book,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltNote) note = NULL;
  g_autoptr(CltPreference) preference = NULL;
  g_autoptr(CltContact) contact = NULL;
  g_autoptr(CltInteraction) interaction = NULL;
  g_autoptr(CltNote) back = NULL;
  g_auto(GStrv) problems = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Zoë Martin");
  gint64 note_id, pref_id, phone_id, visit_id;

  note_id = clt_store_add_note (store, id, "Vient avec son chien Filou", "Julie", TRUE, &error);
  pref_id = clt_store_add_preference (store, id, "Room", "Oreiller en mousse", CLT_PREFERENCE_ALERT, &error);
  phone_id = clt_store_add_contact (store, id, CLT_CONTACT_PHONE, "mobile", "06 98 76 54 32", &error);
  visit_id = clt_store_add_interaction (store, id, CLT_INTERACTION_COMPLAINT, NOW, FALSE, "Bruit", "Marc", &error);
  g_assert_no_error (error);

  note = clt_store_get_note (store, note_id, &error);
  preference = clt_store_get_preference (store, pref_id, &error);
  contact = clt_store_get_contact (store, CLT_CONTACT_PHONE, phone_id, &error);
  interaction = clt_store_get_interaction (store, visit_id, &error);
  g_assert_no_error (error);

  g_assert_true (clt_store_delete_note (store, note_id, &error));
  g_assert_true (clt_store_delete_preference (store, pref_id, &error));
  g_assert_true (clt_store_delete_contact (store, CLT_CONTACT_PHONE, phone_id, &error));
  g_assert_true (clt_store_delete_interaction (store, visit_id, &error));
  g_assert_cmpuint (count_matches (store, "filou"), ==, 0);
  g_assert_cmpuint (count_matches (store, "0698"), ==, 0);

  g_assert_true (clt_store_restore_note (store, id, note, &error));
  g_assert_true (clt_store_restore_preference (store, id, preference, &error));
  g_assert_true (clt_store_restore_contact (store, id, contact, &error));
  g_assert_true (clt_store_restore_interaction (store, id, interaction, &error));
  g_assert_no_error (error);

  back = clt_store_get_note (store, note_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->text, ==, note->text);
  g_assert_cmpint (back->created_at, ==, note->created_at);
  g_assert_true (back->pinned);
  g_assert_cmpuint (count_matches (store, "filou"), ==, 1);
  g_assert_cmpuint (count_matches (store, "mousse"), ==, 1);
  g_assert_cmpuint (count_matches (store, "0698"), ==, 1);
  g_assert_cmpuint (count_matches (store, "bruit"), ==, 1);

  /* Restoring twice is refused, not duplicated. */
  g_assert_false (clt_store_restore_note (store, id, note, &error));
  g_assert_nonnull (error);

  problems = clt_store_check_integrity (store, NULL);
  g_assert_cmpstr (problems[0], ==, NULL);
}

static void
test_trash (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) hidden = NULL;
  g_autoptr(CltCustomer) back = NULL;
  g_auto(GStrv) problems = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Benoît Lambert");

  clt_store_add_note (store, id, "Client fidèle", NULL, FALSE, &error);
  g_assert_false (clt_store_is_empty (store));

  g_assert_true (clt_store_trash_customer (store, id, &error));
  g_assert_no_error (error);
  g_assert_true (clt_store_is_empty (store));
  g_assert_cmpint (clt_store_count_customers (store), ==, 0);
  g_assert_cmpuint (count_matches (store, "benoit"), ==, 0);
  g_assert_cmpuint (count_matches (store, ""), ==, 0);
  hidden = clt_store_get_customer (store, id, &error);
  g_assert_null (hidden);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (clt_store_untrash_customer (store, id, &error));
  g_assert_no_error (error);
  back = clt_store_get_customer (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_matches (store, "fidele"), ==, 1);

  g_assert_false (clt_store_untrash_customer (store, id, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (clt_store_trash_customer (store, id, &error));
  clt_test_book_add (book, "Agnès Morin");
  g_assert_true (clt_store_purge_trash (store, &error));
  g_assert_no_error (error);
  g_assert_false (clt_store_untrash_customer (store, id, &error));
  g_clear_error (&error);
  g_assert_cmpint (clt_store_count_customers (store), ==, 1);

  problems = clt_store_check_integrity (store, NULL);
  g_assert_cmpstr (problems[0], ==, NULL);
}

static void
test_duplicates (CltTestBook   *book,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) by_name = NULL;
  g_autoptr(GPtrArray) by_contact = NULL;
  g_autoptr(GPtrArray) none = NULL;
  const char *emails[] = { "HELENE.Dupre@Example.fr", NULL };
  const char *phones[] = { "06 12 34 56 78", NULL };
  const char *other_phones[] = { "06 12 34 56 79", "12", NULL };
  CltStore *store = book->store;
  gint64 helene = clt_test_book_add (book, "Hélène Dupré");
  gint64 marc = clt_test_book_add (book, "Marc Dupré");
  CltDuplicate *duplicate;

  clt_test_book_add (book, "Hélène Dupont");
  clt_store_add_contact (store, helene, CLT_CONTACT_PHONE, NULL, "+33 6 12 34 56 78", &error);
  clt_store_add_contact (store, marc, CLT_CONTACT_EMAIL, NULL, "helene.dupre@example.fr", &error);
  g_assert_no_error (error);

  by_name = clt_store_find_duplicates (store, "Mme helene DUPRE", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_name->len, ==, 1);
  duplicate = by_name->pdata[0];
  g_assert_cmpint (duplicate->customer_id, ==, helene);
  g_assert_cmpint (duplicate->reasons, ==, CLT_DUPLICATE_NAME);

  by_contact = clt_store_find_duplicates (store, "Hélène Dupré", emails, phones, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_contact->len, ==, 2);
  duplicate = by_contact->pdata[0];
  g_assert_cmpint (duplicate->customer_id, ==, helene);
  g_assert_cmpint (duplicate->reasons, ==, CLT_DUPLICATE_NAME | CLT_DUPLICATE_PHONE);
  duplicate = by_contact->pdata[1];
  g_assert_cmpint (duplicate->customer_id, ==, marc);
  g_assert_cmpint (duplicate->reasons, ==, CLT_DUPLICATE_EMAIL);

  none = clt_store_find_duplicates (store, "Zoé Laurent", NULL, other_phones, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

static void
sample_created_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_sample_create_finish (result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_sample_async (CltTestBook   *book,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (book->dir, "sample.db", NULL);
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  /* An old sample is replaced, not added to. */
  for (guint round = 0; round < 2; round++)
    {
      done = FALSE;
      clt_sample_create_async (path, 30, NULL, sample_created_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }

  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_count_customers (store), ==, 30);
}

/* Runs @sql on the book through a connection of its own, as another
 * program or a hand edit would. */
static void
edit_book (CltTestBook *book,
           const char  *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (book->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A preference goes after the customer's last one, also after some were
 * deleted; found from the index, not by counting (F11). */
static void
test_preference_positions (CltTestBook   *book,
                           gconstpointer  data)
{
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Hélène Dupré");
  g_autoptr(GPtrArray) preferences = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first;
  gint64 last;

  first = clt_store_add_preference (store, id, NULL, "Chambre calme", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, NULL, "Oreiller ferme", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, NULL, "Allergique aux plumes", CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);
  g_assert_true (clt_store_delete_preference (store, first, &error));
  last = clt_store_add_preference (store, id, NULL, "Journal le matin", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);

  preferences = clt_store_list_preferences (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preferences->len, ==, 3);
  /* Alerts first, then in the order added. */
  g_assert_cmpstr (((CltPreference *) g_ptr_array_index (preferences, 0))->text, ==, "Allergique aux plumes");
  g_assert_cmpint (((CltPreference *) g_ptr_array_index (preferences, 0))->position, ==, 2);
  g_assert_cmpstr (((CltPreference *) g_ptr_array_index (preferences, 1))->text, ==, "Oreiller ferme");
  g_assert_cmpint (((CltPreference *) g_ptr_array_index (preferences, 1))->position, ==, 1);
  g_assert_cmpint (((CltPreference *) g_ptr_array_index (preferences, 2))->id, ==, last);
  /* A count would give 2 again. */
  g_assert_cmpint (((CltPreference *) g_ptr_array_index (preferences, 2))->position, ==, 3);
}

/* Whether SQLite reads @sql through the preferences' order index, with no
 * sort of its own. */
static void
assert_read_in_order (const char *path,
                      const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  g_autoptr(GString) plan = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_test_message ("%s", plan->str);
  g_assert_nonnull (strstr (plan->str, "USING INDEX preferences_order"));
  g_assert_null (strstr (plan->str, "TEMP B-TREE"));
}

/* 10,000 preferences in one transaction: constant time each, where a
 * count made the whole quadratic (2.2 s on the review's machine). */
static void
test_many_preferences (CltTestBook   *book,
                       gconstpointer  data)
{
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Grand Hôtel");
  g_autoptr(GPtrArray) preferences = NULL;
  g_autofree char *page_sql = NULL;
  g_autofree char *card_sql = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (clt_store_begin (store, &error));
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *text = g_strdup_printf ("Souhait %05u", i);

      g_assert_cmpint (clt_store_add_preference (store, id, NULL, text, CLT_PREFERENCE_NONE, &error), >, 0);
      g_assert_no_error (error);
    }
  g_assert_true (clt_store_commit (store, &error));
  g_test_message ("10,000 preferences added in %.2f s", (g_get_monotonic_time () - start) / 1e6);

  preferences = clt_store_list_preferences (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preferences->len, ==, 10000);
  for (guint i = 0; i < preferences->len; i++)
    g_assert_cmpint (((CltPreference *) g_ptr_array_index (preferences, i))->position, ==, (int) i);

  /* The customer page's first twenty, and the Remember card's, are read
   * from an index in their order, not sorted from all 10,000. */
  page_sql = g_strdup_printf ("SELECT id, text FROM preferences WHERE customer_id = %" G_GINT64_FORMAT
                              " ORDER BY alert DESC, category IS NULL, category COLLATE NOCASE, position, id"
                              " LIMIT 20 OFFSET 0", id);
  card_sql = g_strdup_printf ("SELECT id, text FROM preferences WHERE customer_id = %" G_GINT64_FORMAT
                              " AND alert = 0 ORDER BY category IS NULL, category COLLATE NOCASE, position, id"
                              " LIMIT 5", id);
  assert_read_in_order (book->path, page_sql);
  assert_read_in_order (book->path, card_sql);
}

/* An e-mail address that a message could not be written to is refused
 * when it is added or changed, not when writing (F15). */
static void
test_email_refused (CltTestBook   *book,
                    gconstpointer  data)
{
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Gina Rossi");
  const char *bad[] = { "a@b.c>, evil9@x.y", "a@b.c\r\nBcc: x@y.fr", "a b@c.fr", "a,b@c.fr", "a@b@c.fr",
                        "gina", "gina@localhost", "<gina@exemple.fr>" };
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  gint64 email_id;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, NULL, bad[i], &error), ==, 0);
      g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "is not an e-mail address"));
      g_clear_error (&error);
    }

  email_id = clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, NULL, "  gina@exemple.fr ", &error);
  g_assert_no_error (error);
  g_assert_false (clt_store_update_contact (store, CLT_CONTACT_EMAIL, email_id, NULL, "gina@exemple.fr, x@y.fr", &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (clt_store_update_contact (store, CLT_CONTACT_EMAIL, email_id, "Travail", "hélène@exemple.fr", &error));
  g_assert_no_error (error);

  contacts = clt_store_list_contacts (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  g_assert_cmpstr (((CltContact *) g_ptr_array_index (contacts, 0))->value, ==, "hélène@exemple.fr");
}

/* Text that is not UTF-8 in the book (a damaged file, a hand edit) is read
 * with the bad bytes replaced, and never read past (F9). */
static void
test_invalid_utf8_in_book (CltTestBook   *book,
                           gconstpointer  data)
{
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Hélène Dupré");
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(CltSearchModel) model = NULL;
  g_autoptr(CltCustomer) found = NULL;
  g_autoptr(GPtrArray) preferences = NULL;
  g_autoptr(GError) error = NULL;

  clt_store_add_preference (store, id, NULL, "Chambre calme", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  /* "Hélène" whose last character lost its second byte, as in the review */
  edit_book (book, "UPDATE customers SET display_name = CAST(X'48c3a96cc3a86e65c3' AS TEXT) WHERE id = 1;"
                   "UPDATE preferences SET text = CAST(X'43686172c3' AS TEXT);");

  customer = clt_store_get_customer (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_display_name (customer), ==, "Hélène\xef\xbf\xbd");

  model = clt_search_model_new (store);
  clt_search_model_set_query (model, "helene");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  found = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (clt_customer_get_display_name (found), ==, "Hélène\xef\xbf\xbd");

  preferences = clt_store_list_preferences (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((CltPreference *) g_ptr_array_index (preferences, 0))->text, ==, "Char\xef\xbf\xbd");
}

/* A customer with more of everything than a page holds: each page is the
 * next slice of the whole list, in its order, with the whole count. */
static void
test_pages (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all_preferences = NULL;
  g_autoptr(GPtrArray) all_notes = NULL;
  g_autoptr(GPtrArray) all_history = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(CltRemember) card = NULL;
  g_autoptr(CltRemember) whole = NULL;
  CltStore *store = book->store;
  gint64 id = clt_test_book_add (book, "Paula Manyprefs");
  gint64 other = clt_test_book_add (book, "Zoë Martin");
  guint n_total = 0;

  g_assert_true (clt_store_begin (store, &error));
  for (guint i = 0; i < 130; i++)
    {
      g_autofree char *text = g_strdup_printf ("pref%05u-chambre", i);

      clt_store_add_preference (store, id, i % 3 == 0 ? "room" : i % 3 == 1 ? "food" : NULL, text,
                                i < 7 ? CLT_PREFERENCE_ALERT : CLT_PREFERENCE_NONE, &error);
      g_assert_no_error (error);
      clt_store_add_note (store, id, text, "Julie", i % 10 == 0, &error);
      g_assert_no_error (error);
      clt_store_add_interaction (store, id, CLT_INTERACTION_VISIT, NOW - i * DAY, FALSE, text, "Marc", &error);
      g_assert_no_error (error);
      if (i < 60)
        clt_store_add_promise (store, id, text, "Julie", NOW + (gint64) (i % 7) * DAY, TRUE, &error);
      g_assert_no_error (error);
    }
  clt_store_add_preference (store, other, "room", "Vue sur la mer", CLT_PREFERENCE_NONE, &error);
  clt_store_add_promise (store, other, "Rappeler", NULL, NOW, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (clt_store_commit (store, &error));

  all_preferences = clt_store_list_preferences (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all_preferences->len, ==, 130);
  for (guint offset = 0; offset < 140; offset += 50)
    {
      g_clear_pointer (&page, g_ptr_array_unref);
      page = clt_store_list_preferences_page (store, id, offset, 50, &n_total, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (n_total, ==, 130);
      g_assert_cmpuint (page->len, ==, offset == 100 ? 30 : 50);
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpint (((CltPreference *) page->pdata[i])->id, ==,
                         ((CltPreference *) all_preferences->pdata[offset + i])->id);
    }
  g_clear_pointer (&page, g_ptr_array_unref);
  page = clt_store_list_preferences_page (store, id, 130, 50, &n_total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 0);

  all_notes = clt_store_list_notes (store, id, &error);
  g_assert_no_error (error);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = clt_store_list_notes_page (store, id, 50, 50, &n_total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_total, ==, 130);
  g_assert_cmpuint (page->len, ==, 50);
  g_assert_cmpint (((CltNote *) page->pdata[0])->id, ==, ((CltNote *) all_notes->pdata[50])->id);
  /* Pinned first, as the whole list. */
  g_assert_true (((CltNote *) all_notes->pdata[12])->pinned);
  g_assert_false (((CltNote *) all_notes->pdata[13])->pinned);

  all_history = clt_store_list_history (store, id, 0, &n_total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_total, ==, 260);
  g_clear_pointer (&page, g_ptr_array_unref);
  page = clt_store_list_history_page (store, id, 250, 50, &n_total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_total, ==, 260);
  g_assert_cmpuint (page->len, ==, 10);
  g_assert_cmpint (((CltHistoryEntry *) page->pdata[9])->id, ==, ((CltHistoryEntry *) all_history->pdata[259])->id);

  /* The glance is the same history, each text cut to its beginning: a
   * note of 5,000 characters (é: two bytes each) gives its first 2,000,
   * a short one the whole of it. */
  {
    g_autoptr(GPtrArray) glance = NULL;
    g_autoptr(GPtrArray) full = NULL;
    g_autoptr(GString) long_text = g_string_new (NULL);
    guint n_glance = 0;
    guint n_long = 0;
    gint64 note_id;

    for (guint i = 0; i < 5000; i++)
      g_string_append (long_text, i % 10 == 5 ? " " : "é");
    note_id = clt_store_add_note (store, id, long_text->str, "Julie", FALSE, &error);
    g_assert_no_error (error);

    full = clt_store_list_history_page (store, id, 0, 0, &n_total, &error);
    g_assert_no_error (error);
    glance = clt_store_list_history_glance (store, id, 0, 0, &n_glance, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (n_glance, ==, n_total);
    g_assert_cmpuint (glance->len, ==, 261);
    g_assert_cmpuint (full->len, ==, 261);
    for (guint i = 0; i < glance->len; i++)
      {
        const CltHistoryEntry *seen = glance->pdata[i];
        const CltHistoryEntry *stored = full->pdata[i];

        g_assert_cmpint (seen->id, ==, stored->id);
        if (seen->kind == CLT_HISTORY_NOTE && seen->id == note_id)
          {
            n_long++;
            g_assert_true (strcmp (stored->text, long_text->str) == 0);
            g_assert_cmpint (g_utf8_strlen (seen->text, -1), ==, CLT_HISTORY_GLANCE_CHARS);
            g_assert_true (g_str_has_prefix (long_text->str, seen->text));
          }
        else
          {
            g_assert_cmpstr (seen->text, ==, stored->text);
          }
      }
    g_assert_cmpuint (n_long, ==, 1);
  }

  /* Only this customer's open promises, soonest due first. */
  g_clear_pointer (&page, g_ptr_array_unref);
  page = clt_store_list_open_promises_page (store, id, 0, 50, &n_total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_total, ==, 60);
  g_assert_cmpuint (page->len, ==, 50);
  for (guint i = 0; i < page->len; i++)
    {
      CltPromise *promise = page->pdata[i];

      g_assert_cmpint (promise->customer_id, ==, id);
      if (i > 0)
        g_assert_cmpint (promise->due_at, >=, ((CltPromise *) page->pdata[i - 1])->due_at);
    }
  g_clear_pointer (&page, g_ptr_array_unref);
  page = clt_store_list_open_promises_page (store, id, 50, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 10);

  /* The card: the first few of each kind, and how many it leaves out. */
  whole = clt_store_get_remember (store, id, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole->items->len, ==, 130 + 60 + 13);
  g_assert_cmpuint (whole->n_more[CLT_REMEMBER_PREFERENCE], ==, 0);
  card = clt_store_get_remember_bounded (store, id, NOW, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (card->items->len, ==, 20);
  g_assert_cmpuint (clt_remember_count_kind (card, CLT_REMEMBER_ALERT), ==, 5);
  g_assert_cmpuint (card->n_more[CLT_REMEMBER_ALERT], ==, 2);
  g_assert_cmpuint (card->n_more[CLT_REMEMBER_PROMISE], ==, 55);
  g_assert_cmpuint (card->n_more[CLT_REMEMBER_PREFERENCE], ==, 118);
  g_assert_cmpuint (card->n_more[CLT_REMEMBER_NOTE], ==, 8);
  /* In the card's order: the same first items as the whole card's. */
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (((CltRememberItem *) card->items->pdata[i])->id, ==,
                     ((CltRememberItem *) whole->items->pdata[i])->id);
  g_assert_cmpint (((CltRememberItem *) card->items->pdata[5])->id, ==,
                   ((CltRememberItem *) whole->items->pdata[7])->id);
  g_assert_cmpint (card->n_contacts, ==, 130);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, CltTestBook, NULL, clt_test_book_set_up, func, clt_test_book_tear_down)

  ADD ("/details/lists", test_lists);
  ADD ("/details/history", test_history);
  ADD ("/details/pages", test_pages);
  ADD ("/details/restore", test_restore);
  ADD ("/details/trash", test_trash);
  ADD ("/details/duplicates", test_duplicates);
  ADD ("/details/sample-async", test_sample_async);
  ADD ("/details/preference-positions", test_preference_positions);
  ADD ("/details/many-preferences", test_many_preferences);
  ADD ("/details/email-refused", test_email_refused);
  ADD ("/details/invalid-utf8-in-book", test_invalid_utf8_in_book);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* E-mail consent someone actually gave: a new customer accepts personal
 * follow-ups with no record; a record (when, who) only when a person
 * changes it; the dialog's "None" recorded at creation undone by the
 * migration to schema 10. */
#include "config.h"

#include <sqlite3.h>

#include "clt-test-book.h"

static void
exec_on (const char *path,
         const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static CltCustomer *
get (CltTestBook *book,
     gint64       id)
{
  g_autoptr(GError) error = NULL;
  CltCustomer *customer = clt_store_get_customer (book->store, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (customer);
  return customer;
}

/* The default is what clt_customer_new() gives, and it is no record. */
static void
test_default (CltTestBook   *book,
              gconstpointer  data)
{
  g_autoptr(CltCustomer) fresh = clt_customer_new ("Hélène Dupré");
  g_autoptr(CltCustomer) stored = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_cmpint (CLT_CONSENT_DEFAULT, ==, CLT_CONSENT_FOLLOW_UPS);
  g_assert_cmpint (clt_customer_get_email_consent (fresh), ==, CLT_CONSENT_DEFAULT);

  id = clt_store_add_customer (book->store, fresh, &error);
  g_assert_no_error (error);

  /* Saving the default again, as a dialog left alone does, records nothing. */
  g_assert_true (clt_store_set_email_consent (book->store, id, CLT_CONSENT_DEFAULT, "Camille", &error));
  g_assert_no_error (error);

  stored = get (book, id);
  g_assert_cmpint (clt_customer_get_email_consent (stored), ==, CLT_CONSENT_FOLLOW_UPS);
  g_assert_cmpint (clt_customer_get_consent_at (stored), ==, 0);
  g_assert_null (clt_customer_get_consent_source (stored));
}

/* A person's change is recorded with their name, or none; the same
 * value again keeps the first record. */
static void
test_changed_by (CltTestBook   *book,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = clt_test_book_add (book, "Hélène Dupré");
  gint64 before = now ();

  g_assert_true (clt_store_set_email_consent (book->store, id, CLT_CONSENT_NONE, "  Camille ", &error));
  g_assert_no_error (error);
  {
    g_autoptr(CltCustomer) stored = get (book, id);

    g_assert_cmpint (clt_customer_get_email_consent (stored), ==, CLT_CONSENT_NONE);
    g_assert_cmpint (clt_customer_get_consent_at (stored), >=, before);
    g_assert_cmpint (clt_customer_get_consent_at (stored), <=, now ());
    g_assert_cmpstr (clt_customer_get_consent_source (stored), ==, "Camille");
  }

  /* Marc saves the same answer: still Camille's record. */
  {
    g_autofree char *sql = g_strdup_printf ("UPDATE customers SET consent_at = 1000 WHERE id = %" G_GINT64_FORMAT, id);

    exec_on (book->path, sql);
  }
  g_assert_true (clt_store_set_email_consent (book->store, id, CLT_CONSENT_NONE, "Marc", &error));
  {
    g_autoptr(CltCustomer) stored = get (book, id);

    g_assert_cmpint (clt_customer_get_consent_at (stored), ==, 1000);
    g_assert_cmpstr (clt_customer_get_consent_source (stored), ==, "Camille");
  }

  /* Nobody said who: the change is recorded, its author is not. */
  g_assert_true (clt_store_set_email_consent (book->store, id, CLT_CONSENT_MARKETING, "   ", &error));
  g_assert_no_error (error);
  {
    g_autoptr(CltCustomer) stored = get (book, id);

    g_assert_cmpint (clt_customer_get_email_consent (stored), ==, CLT_CONSENT_MARKETING);
    g_assert_cmpint (clt_customer_get_consent_at (stored), >=, before);
    g_assert_null (clt_customer_get_consent_source (stored));
  }

  /* Other edits leave the record alone. */
  {
    g_autoptr(CltCustomer) stored = get (book, id);
    g_autoptr(CltCustomer) again = NULL;

    clt_customer_set_company (stored, "Dupré SA");
    g_assert_true (clt_store_update_customer (book->store, stored, &error));
    g_assert_no_error (error);
    again = get (book, id);
    g_assert_cmpint (clt_customer_get_email_consent (again), ==, CLT_CONSENT_MARKETING);
    g_assert_cmpint (clt_customer_get_consent_at (again), ==, clt_customer_get_consent_at (stored));
    g_assert_null (clt_customer_get_consent_source (again));
  }

  g_assert_false (clt_store_set_email_consent (book->store, 9999, CLT_CONSENT_NONE, "Camille", &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
}

/* Refusal, follow-ups, offers: three answers that read as what they mean. */
static void
test_labels (CltTestBook   *book,
             gconstpointer  data)
{
  g_assert_cmpstr (clt_consent_label (CLT_CONSENT_NONE), ==, "No e-mail (refused)");
  g_assert_cmpstr (clt_consent_label (CLT_CONSENT_FOLLOW_UPS), ==, "Personal follow-ups");
  g_assert_cmpstr (clt_consent_label (CLT_CONSENT_MARKETING), ==, "Follow-ups and offers");
}

typedef struct
{
  const char *name;
  const char *old;           /* consent, consent_at - created_at, source at schema 9 */
  int         consent;       /* after the migration */
  gboolean    has_record;
  const char *source;
} OldConsent;

/* A book at schema 9 whose new-customer dialog recorded "None" at each
 * creation, under its title: those go back to the default, with no
 * record; the decisions of people stay. */
static void
test_migration (CltTestBook   *book,
                gconstpointer  data)
{
  static const OldConsent cases[] = {
    /* the dialog's default, in English and in French */
    { "Hélène Dupré", "0, 0, 'Edit Customer'", CLT_CONSENT_FOLLOW_UPS, FALSE, NULL },
    { "Jean Morel", "0, 1, 'Modifier le client'", CLT_CONSENT_FOLLOW_UPS, FALSE, NULL },
    { "Zoë Martin", "0, 2, 'Edit Customer'", CLT_CONSENT_FOLLOW_UPS, FALSE, NULL },
    /* changed later, by someone whose name was not known */
    { "Marc Petit", "0, 3600, 'Edit Customer'", CLT_CONSENT_NONE, TRUE, NULL },
    /* a person chose offers at creation: kept, the title is no author */
    { "Anne Roux", "2, 0, 'Modifier le client'", CLT_CONSENT_MARKETING, TRUE, NULL },
    /* named people and the command line */
    { "Luc Blanc", "0, 0, 'Camille'", CLT_CONSENT_NONE, TRUE, "Camille" },
    { "Paul Noir", "0, 0, 'clientele-cli'", CLT_CONSENT_NONE, TRUE, "clientele-cli" },
    /* never recorded */
    { "Éva Vert", "1, NULL, NULL", CLT_CONSENT_FOLLOW_UPS, FALSE, NULL },
  };
  gint64 ids[G_N_ELEMENTS (cases)];
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    ids[i] = clt_test_book_add (book, cases[i].name);
  g_clear_object (&book->store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) old = g_strsplit (cases[i].old, ", ", 3);
      g_autofree char *sql = g_strdup_printf ("UPDATE customers SET created_at = created_at - 86400,"
                                              " email_consent = %s,"
                                              " consent_at = created_at - 86400 + %s,"
                                              " consent_source = %s WHERE id = %" G_GINT64_FORMAT,
                                              old[0], old[1], old[2], ids[i]);

      exec_on (book->path, sql);
    }
  exec_on (book->path, CLT_TEST_BOOK_UNDO_SYNC_SQL "PRAGMA user_version = 9");

  book->store = clt_store_open (book->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_get_schema_version (book->store), ==, CLT_STORE_SCHEMA_VERSION);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(CltCustomer) customer = get (book, ids[i]);

      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (clt_customer_get_email_consent (customer), ==, cases[i].consent);
      g_assert_cmpint (clt_customer_get_consent_at (customer) > 0, ==, cases[i].has_record);
      g_assert_cmpstr (clt_customer_get_consent_source (customer), ==, cases[i].source);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, CltTestBook, NULL, clt_test_book_set_up, func, clt_test_book_tear_down)

  ADD ("/consent/default", test_default);
  ADD ("/consent/changed-by", test_changed_by);
  ADD ("/consent/labels", test_labels);
  ADD ("/consent/migration", test_migration);

  return g_test_run ();
}

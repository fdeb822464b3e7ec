/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "clt-import.h"
#include "clt-import-private.h"
#include "clt-search-model.h"
#include "clt-store-private.h"
#include "clt-test-book.h"
#include "clt-vcard-reader.h"

/* A reader of records built in code: what the engine sees of a file,
 * without a file. It can stop with an error, or cancel, at a given record. */

#define FAKE_TYPE_READER (fake_reader_get_type ())
G_DECLARE_FINAL_TYPE (FakeReader, fake_reader, FAKE, READER, GObject)

struct _FakeReader
{
  GObject       parent_instance;
  GPtrArray    *records;      /* CltRecord, or NULL for a problem */
  GPtrArray    *problems;     /* CltRecordProblem at the same rank, or NULL */
  guint         next;
  guint         fail_at;      /* G_MAXUINT: never */
  guint         cancel_at;
  GCancellable *cancellable;
};

static void fake_reader_iface_init (CltRecordReaderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeReader, fake_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_RECORD_READER, fake_reader_iface_init))

static gboolean
fake_reader_next (CltRecordReader   *reader,
                  CltRecord        **record,
                  CltRecordProblem **problem,
                  GCancellable      *cancellable,
                  GError           **error)
{
  FakeReader *self = FAKE_READER (reader);
  guint i = self->next;

  if (i == self->cancel_at)
    g_cancellable_cancel (self->cancellable);

  if (i == self->fail_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The disk went away");
      return FALSE;
    }

  if (i >= self->records->len)
    return FALSE;

  self->next++;
  *record = g_steal_pointer (&self->records->pdata[i]);
  *problem = g_steal_pointer (&self->problems->pdata[i]);
  return TRUE;
}

static goffset
fake_reader_get_position (CltRecordReader *reader)
{
  return FAKE_READER (reader)->next;
}

static void
fake_reader_iface_init (CltRecordReaderInterface *iface)
{
  iface->next = fake_reader_next;
  iface->get_position = fake_reader_get_position;
}

static void
fake_reader_finalize (GObject *object)
{
  FakeReader *self = FAKE_READER (object);

  g_ptr_array_unref (self->records);
  g_ptr_array_unref (self->problems);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (fake_reader_parent_class)->finalize (object);
}

static void
fake_reader_class_init (FakeReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_reader_finalize;
}

static void
fake_reader_init (FakeReader *self)
{
  self->records = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_free);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_problem_free);
  self->fail_at = G_MAXUINT;
  self->cancel_at = G_MAXUINT;
}

/* Takes the records, a NULL-terminated list. */
static FakeReader *
fake_reader_new (CltRecord *first,
                 ...)
{
  FakeReader *self = g_object_new (FAKE_TYPE_READER, NULL);
  va_list args;

  va_start (args, first);
  for (CltRecord *record = first; record != NULL; record = va_arg (args, CltRecord *))
    {
      g_ptr_array_add (self->records, record);
      g_ptr_array_add (self->problems, NULL);
    }
  va_end (args);

  return self;
}

static void
fake_reader_add_problem (FakeReader *self,
                         guint       line,
                         const char *reason)
{
  g_ptr_array_add (self->records, NULL);
  g_ptr_array_add (self->problems, clt_record_problem_new (line, reason));
}

/* A record from key/value pairs: "name" (split like a desk would type it),
 * "given", "family", "company", "job", "birthday", "uid", "email", "phone",
 * "address", "note", "pref", "tag"; NULL-terminated. */
static CltRecord *
rec (guint       line,
     const char *key,
     ...)
{
  CltRecord *record = clt_record_new (line);
  va_list args;

  va_start (args, key);
  for (; key != NULL; key = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (g_str_equal (key, "name"))
        {
          g_autoptr(CltCustomer) named = clt_customer_new (value);

          clt_customer_set_honorific (record->customer, clt_customer_get_honorific (named));
          clt_customer_set_given_name (record->customer, clt_customer_get_given_name (named));
          clt_customer_set_family_name (record->customer, clt_customer_get_family_name (named));
          clt_customer_set_display_name (record->customer, clt_customer_get_display_name (named));
        }
      else if (g_str_equal (key, "given"))
        clt_customer_set_given_name (record->customer, value);
      else if (g_str_equal (key, "family"))
        clt_customer_set_family_name (record->customer, value);
      else if (g_str_equal (key, "company"))
        clt_customer_set_company (record->customer, value);
      else if (g_str_equal (key, "job"))
        clt_customer_set_job_title (record->customer, value);
      else if (g_str_equal (key, "birthday"))
        clt_customer_set_birthday (record->customer, value);
      else if (g_str_equal (key, "uid"))
        clt_customer_set_uid (record->customer, value);
      else if (g_str_equal (key, "email"))
        clt_record_add_contact (record, CLT_CONTACT_EMAIL, "home", value);
      else if (g_str_equal (key, "phone"))
        clt_record_add_contact (record, CLT_CONTACT_PHONE, "mobile", value);
      else if (g_str_equal (key, "address"))
        clt_record_add_contact (record, CLT_CONTACT_ADDRESS, "home", value);
      else if (g_str_equal (key, "note"))
        {
          CltNote *note = g_new0 (CltNote, 1);

          note->text = g_strdup (value);
          g_ptr_array_add (record->notes, note);
        }
      else if (g_str_equal (key, "pref"))
        {
          CltPreference *preference = g_new0 (CltPreference, 1);

          preference->text = g_strdup (value);
          preference->category = g_strdup ("Room");
          g_ptr_array_add (record->preferences, preference);
        }
      else if (g_str_equal (key, "tag"))
        g_ptr_array_add (record->tags, g_strdup (value));
      else
        g_assert_not_reached ();
    }
  va_end (args);

  return record;
}

static CltImportResult
run_import (CltStore   *store,
            CltImport  *import,
            FakeReader *reader)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FakeReader) owned = reader;
  g_autoptr(CltImport) own_import = import != NULL ? g_object_ref (import) : clt_import_new (store, "FR");
  CltImportResult result;

  g_assert_true (clt_import_run (own_import, CLT_RECORD_READER (reader), NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  return result;
}

#define assert_result(result, a, m, s) G_STMT_START {   \
    g_assert_cmpuint ((result).added, ==, (a));         \
    g_assert_cmpuint ((result).merged, ==, (m));        \
    g_assert_cmpuint ((result).skipped, ==, (s));       \
  } G_STMT_END

/* The customer with this e-mail address, 0 when none. */
static gint64
find_by_email (CltStore   *store,
               const char *address)
{
  const char *emails[] = { address, NULL };
  g_autoptr(GPtrArray) found = clt_store_find_duplicates (store, NULL, emails, NULL, NULL);

  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, <=, 1);
  return found->len == 1 ? ((CltDuplicate *) found->pdata[0])->customer_id : 0;
}

static guint
count_contacts (CltStore       *store,
                gint64          customer_id,
                CltContactKind  kind)
{
  g_autoptr(GPtrArray) contacts = clt_store_list_contacts (store, customer_id, NULL);
  guint n = 0;

  for (guint i = 0; i < contacts->len; i++)
    n += ((CltContact *) contacts->pdata[i])->kind == kind;

  return n;
}

static guint
count_all_rows (CltStore   *store,
                const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(CltStmt) stmt = clt_store_prepare (store, sql, NULL);

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  return sqlite3_column_int (stmt, 0);
}

static void
test_new (CltTestBook   *book,
          gconstpointer  data)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_auto(GStrv) tags = NULL;
  CltImportResult result;
  gint64 id;

  result = run_import (book->store, NULL,
                       fake_reader_new (rec (1, "name", "Mme Hélène Dupré", "email", "helene@example.fr",
                                             "phone", "06 12 34 56 78", "company", "Fleurs & Cie",
                                             "job", "Fleuriste", "birthday", "--05-12",
                                             "note", "Vient le mardi", "pref", "Chambre côté cour",
                                             "tag", "Fidèle", NULL),
                                        rec (9, "name", "John Smith", "email", "john@example.com", NULL),
                                        rec (12, "company", "Hôtel du Lac", "phone", "+41 21 123 45 67", NULL),
                                        NULL));
  assert_result (result, 3, 0, 0);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 3);

  id = find_by_email (book->store, "helene@example.fr");
  customer = clt_store_get_customer (book->store, id, NULL);
  g_assert_cmpstr (clt_customer_get_display_name (customer), ==, "Hélène Dupré");
  g_assert_cmpstr (clt_customer_get_honorific (customer), ==, "Mme");
  g_assert_cmpstr (clt_customer_get_company (customer), ==, "Fleurs & Cie");
  g_assert_cmpstr (clt_customer_get_job_title (customer), ==, "Fleuriste");
  g_assert_cmpstr (clt_customer_get_birthday (customer), ==, "--05-12");
  g_assert_nonnull (clt_customer_get_uid (customer));
  contacts = clt_store_list_contacts (book->store, id, NULL);
  g_assert_cmpuint (contacts->len, ==, 2);
  /* The number as written; the digits for search, as the store keeps them. */
  g_assert_cmpstr (((CltContact *) contacts->pdata[1])->value, ==, "06 12 34 56 78");
  g_assert_cmpuint (count_all_rows (book->store, "phones WHERE digits = '0612345678'"), ==, 1);
  tags = clt_store_list_tags (book->store, id, NULL);
  g_assert_cmpstrv (tags, ((const char *[]) { "Fidèle", NULL }));
  g_assert_cmpuint (count_all_rows (book->store, "notes"), ==, 1);
  g_assert_cmpuint (count_all_rows (book->store, "preferences"), ==, 1);

  /* Listed under its company when it has no name. */
  g_assert_cmpuint (count_all_rows (book->store, "customers WHERE display_name = 'Hôtel du Lac'"), ==, 1);

  /* Found by search: the index was brought up to date. */
  {
    g_autoptr(GPtrArray) found = clt_store_find_duplicates (book->store, "helene dupre", NULL, NULL, NULL);

    g_assert_cmpuint (found->len, ==, 1);
  }

  g_assert_cmpuint (count_all_rows (book->store, "search"), ==, 3);
}

static void
test_same_uid (CltTestBook   *book,
               gconstpointer  data)
{
  g_autoptr(CltCustomer) customer = clt_customer_new ("Hélène Dupré");
  g_autoptr(CltCustomer) after = NULL;
  CltImportResult result;
  gint64 id;

  clt_customer_set_uid (customer, "urn:uuid:1234");
  id = clt_store_add_customer (book->store, customer, NULL);
  g_assert_cmpint (id, >, 0);

  /* Another name and another address, the same card: the same customer. */
  result = run_import (book->store, NULL,
                       fake_reader_new (rec (1, "name", "Hélène Martin", "uid", "urn:uuid:1234",
                                             "email", "helene.martin@example.fr", NULL), NULL));
  assert_result (result, 0, 1, 0);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 1);
  after = clt_store_get_customer (book->store, id, NULL);
  g_assert_cmpstr (clt_customer_get_display_name (after), ==, "Hélène Dupré");
  g_assert_cmpuint (count_contacts (book->store, id, CLT_CONTACT_EMAIL), ==, 1);
  g_assert_cmpint (find_by_email (book->store, "helene.martin@example.fr"), ==, id);

  /* A deleted customer's card is nobody's: added anew, with a UID of its own. */
  {
    g_autoptr(CltCustomer) trashed = clt_customer_new ("Jean Dupont");
    g_autoptr(CltCustomer) added = NULL;
    gint64 trashed_id;
    gint64 added_id;

    clt_customer_set_uid (trashed, "urn:uuid:5678");
    trashed_id = clt_store_add_customer (book->store, trashed, NULL);
    g_assert_true (clt_store_trash_customer (book->store, trashed_id, NULL));
    result = run_import (book->store, NULL,
                         fake_reader_new (rec (1, "name", "Jean Dupont", "uid", "urn:uuid:5678",
                                               "email", "jean@example.fr", NULL), NULL));
    assert_result (result, 1, 0, 0);
    added_id = find_by_email (book->store, "jean@example.fr");
    g_assert_cmpint (added_id, !=, trashed_id);
    added = clt_store_get_customer (book->store, added_id, NULL);
    g_assert_cmpstr (clt_customer_get_uid (added), !=, "urn:uuid:5678");
    g_assert_nonnull (clt_customer_get_uid (added));
  }
}

static void
test_email_case (CltTestBook   *book,
                 gconstpointer  data)
{
  gint64 id = clt_test_book_add (book, "Hélène Dupré");
  CltImportResult result;

  clt_store_add_contact (book->store, id, CLT_CONTACT_EMAIL, NULL, "helene@example.fr", NULL);

  result = run_import (book->store, NULL,
                       fake_reader_new (rec (1, "name", "H. Dupré", "email", " Helene@Example.FR ",
                                             "phone", "06 12 34 56 78", NULL), NULL));
  assert_result (result, 0, 1, 0);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 1);
  g_assert_cmpuint (count_contacts (book->store, id, CLT_CONTACT_EMAIL), ==, 1);
  g_assert_cmpuint (count_contacts (book->store, id, CLT_CONTACT_PHONE), ==, 1);
}

static void
test_phones (CltTestBook   *book,
             gconstpointer  data)
{
  gint64 id = clt_test_book_add (book, "Hélène Dupré");
  gint64 other;
  CltImportResult result;
  g_autoptr(CltImport) swiss = NULL;
  /* Without libphonenumber (the Flatpak; test-import-digits), numbers are
   * the same when their digits are, but for a trunk 0 or a country code:
   * they cannot tell +41 6… from 06… in France. */
  gboolean by_digits = clt_import_phones_by_digits ();

  clt_store_add_contact (book->store, id, CLT_CONTACT_PHONE, NULL, "06 12 34 56 78", NULL);

  /* Three spellings of one French number; a Swiss number that ends alike
   * is another (by digits, the same, with nothing to add). */
  result = run_import (book->store, NULL,
                       fake_reader_new (rec (1, "name", "Madame Dupré", "phone", "+33 6 12 34 56 78",
                                             "email", "a@example.fr", NULL),
                                        rec (2, "name", "Hélène D.", "phone", "0033612345678",
                                             "email", "b@example.fr", NULL),
                                        rec (3, "name", "Urs Keller", "phone", "+41 6 12 34 56 78", NULL),
                                        NULL));
  assert_result (result, by_digits ? 0 : 1, 2, by_digits ? 1 : 0);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, by_digits ? 1 : 2);
  g_assert_cmpuint (count_contacts (book->store, id, CLT_CONTACT_PHONE), ==, 1);
  g_assert_cmpuint (count_contacts (book->store, id, CLT_CONTACT_EMAIL), ==, 2);

  /* The country says what a number without its code is. */
  other = clt_test_book_add (book, "Reto Meier");
  clt_store_add_contact (book->store, other, CLT_CONTACT_PHONE, NULL, "+41 79 123 45 67", NULL);
  result = run_import (book->store, NULL,
                       fake_reader_new (rec (1, "name", "R. Meier", "phone", "079 123 45 67", NULL), NULL));
  assert_result (result, by_digits ? 0 : 1, 0, by_digits ? 1 : 0);

  swiss = clt_import_new (book->store, "ch");
  g_assert_cmpstr (clt_import_get_country (swiss), ==, "CH");
  result = run_import (book->store, swiss,
                       fake_reader_new (rec (1, "name", "Reto Meier", "phone", "079 123 45 67",
                                             "email", "reto@example.ch", NULL), NULL));
  assert_result (result, 0, 1, 0);
  g_assert_cmpint (find_by_email (book->store, "reto@example.ch"), ==, other);
}

/* One number however written; by digits (the Flatpak) a national form is
 * also an international one with any country code before it, but two
 * international forms with different codes stay apart. */
static void
test_same_phone (CltTestBook   *book,
                 gconstpointer  data)
{
  gboolean by_digits = clt_import_phones_by_digits ();

  g_assert_true (clt_import_same_phone ("FR", "06 12 34 56 78", "+33 6 12 34 56 78"));
  g_assert_true (clt_import_same_phone ("FR", "+33 6 12 34 56 78", "0033 6 12 34 56 78"));
  g_assert_true (clt_import_same_phone ("FR", "06.12.34.56.78", "0612345678"));
  /* The same last eight digits, another number. */
  g_assert_false (clt_import_same_phone ("FR", "06 12 34 56 78", "07 12 34 56 78"));
  g_assert_false (clt_import_same_phone ("FR", "+33 6 12 34 56 78", "+41 6 12 34 56 78"));
  g_assert_false (clt_import_same_phone ("FR", "06 12 34 56 78", "06 12 34 56 79"));
  g_assert_cmpint (clt_import_same_phone ("FR", "06 12 34 56 78", "+41 6 12 34 56 78"), ==, by_digits);
  g_assert_cmpint (clt_import_same_phone ("CH", "079 123 45 67", "+41 79 123 45 67"), ==, TRUE);
  g_assert_cmpint (clt_import_same_phone ("FR", "079 123 45 67", "+41 79 123 45 67"), ==, by_digits);
}

/* Another name on a known number with nothing to add is not "already
 * there": a person decides whether it is a relative or a shared line. */
static void
test_other_name_same_phone (CltTestBook   *book,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  g_autoptr(FakeReader) reader = NULL;
  gint64 helene = clt_test_book_add (book, "Hélène Dupré");
  GPtrArray *duplicates;

  clt_store_add_contact (book->store, helene, CLT_CONTACT_PHONE, NULL, "+33 6 12 34 56 78", NULL);

  reader = fake_reader_new (rec (1, "name", "Zoë Ørsted", "phone", "06.12.34.56.78", NULL),
                            rec (2, "name", "Hélène Dupré", "phone", "0612345678", NULL),
                            NULL);
  g_assert_true (clt_import_plan (import, CLT_RECORD_READER (reader), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clt_import_get_n_new (import), ==, 0);
  g_assert_cmpuint (clt_import_get_n_same (import), ==, 1);
  duplicates = clt_import_get_duplicates (import);
  g_assert_cmpuint (duplicates->len, ==, 1);
  g_assert_cmpint (((CltImportDuplicate *) duplicates->pdata[0])->reasons, ==, CLT_DUPLICATE_PHONE);
  g_assert_cmpint (((CltImportDuplicate *) duplicates->pdata[0])->customer_id, ==, helene);
}

static void
test_name_only (CltTestBook   *book,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  g_autoptr(FakeReader) reader = NULL;
  gint64 id = clt_test_book_add (book, "Hélène Dupré");
  CltImportDuplicate *duplicate;
  CltImportResult result;
  GPtrArray *kept;

  /* The plan offers to keep them apart... */
  reader = fake_reader_new (rec (4, "name", "HELENE DUPRE", "email", "hd@example.com", NULL),
                            rec (5, "name", "Hélène Dupré", NULL),
                            NULL);
  g_assert_true (clt_import_plan (import, CLT_RECORD_READER (reader), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clt_import_get_n_new (import), ==, 0);
  /* ...and a record with nothing but the name is already there. */
  g_assert_cmpuint (clt_import_get_n_same (import), ==, 1);
  g_assert_cmpuint (clt_import_get_duplicates (import)->len, ==, 1);
  duplicate = g_ptr_array_index (clt_import_get_duplicates (import), 0);
  g_assert_cmpuint (duplicate->index, ==, 0);
  g_assert_cmpuint (duplicate->line, ==, 4);
  g_assert_cmpint (duplicate->customer_id, ==, id);
  g_assert_cmpstr (duplicate->customer_name, ==, "Hélène Dupré");
  g_assert_cmpint (duplicate->reasons, ==, CLT_DUPLICATE_NAME);
  g_assert_false (duplicate->same_uid);
  g_assert_cmpint (duplicate->action, ==, CLT_IMPORT_ADD);
  g_assert_nonnull (duplicate->record);

  /* The command line's policy: added apart, and said so. */
  result = run_import (book->store, import,
                       fake_reader_new (rec (4, "name", "HELENE DUPRE", "email", "hd@example.com", NULL),
                                        rec (5, "name", "Hélène Dupré", NULL),
                                        NULL));
  assert_result (result, 1, 0, 1);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 2);
  g_assert_cmpint (find_by_email (book->store, "hd@example.com"), !=, id);
  kept = clt_import_get_kept_apart (import);
  g_assert_cmpuint (kept->len, ==, 1);
  duplicate = g_ptr_array_index (kept, 0);
  g_assert_cmpuint (duplicate->line, ==, 4);
  g_assert_cmpint (duplicate->customer_id, ==, id);
  g_assert_cmpstr (duplicate->customer_name, ==, "Hélène Dupré");
  g_assert_cmpint (duplicate->reasons, ==, CLT_DUPLICATE_NAME);
  g_assert_null (duplicate->record);

  /* A middle name in the given name: the same name as shown. */
  {
    g_autoptr(CltCustomer) marie = g_object_new (CLT_TYPE_CUSTOMER, "display-name", "Marie Curie",
                                                 "given-name", "Marie Salomea", "family-name", "Curie",
                                                 NULL);
    gint64 marie_id = clt_store_add_customer (book->store, marie, NULL);

    result = run_import (book->store, import,
                         fake_reader_new (rec (8, "name", "Marie Curie", "email", "mc@example.pl", NULL),
                                          NULL));
    assert_result (result, 1, 0, 0);
    kept = clt_import_get_kept_apart (import);
    g_assert_cmpuint (kept->len, ==, 1);
    duplicate = g_ptr_array_index (kept, 0);
    g_assert_cmpint (duplicate->customer_id, ==, marie_id);
    g_assert_cmpint (duplicate->reasons, ==, CLT_DUPLICATE_NAME);
  }
}

static void
test_same_file (CltTestBook   *book,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  g_autoptr(FakeReader) reader = NULL;
  CltImportDuplicate *duplicate;
  CltImportResult result;
  gint64 id;

#define SAME_FILE \
  fake_reader_new (rec (2, "name", "Hélène Dupré", "email", "helene@example.fr", NULL), \
                   rec (3, "name", "Jean Dupont", NULL), \
                   rec (4, "name", "H Dupré", "email", "HELENE@example.fr", "phone", "06 12 34 56 78", NULL), \
                   rec (5, "name", "Hélène", "phone", "+33612345678", "note", "Préfère le thé", NULL), \
                   NULL)

  reader = SAME_FILE;
  g_assert_true (clt_import_plan (import, CLT_RECORD_READER (reader), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clt_import_get_n_new (import), ==, 2);
  g_assert_cmpuint (clt_import_get_duplicates (import)->len, ==, 2);
  duplicate = g_ptr_array_index (clt_import_get_duplicates (import), 0);
  g_assert_cmpuint (duplicate->index, ==, 2);
  g_assert_cmpint (duplicate->customer_id, ==, 0);
  g_assert_cmpuint (duplicate->match_line, ==, 2);
  g_assert_cmpstr (duplicate->customer_name, ==, "Hélène Dupré");
  g_assert_cmpint (duplicate->reasons, ==, CLT_DUPLICATE_EMAIL);
  g_assert_cmpint (duplicate->action, ==, CLT_IMPORT_MERGE);
  /* Matched through the phone the previous record brought. */
  duplicate = g_ptr_array_index (clt_import_get_duplicates (import), 1);
  g_assert_cmpuint (duplicate->match_line, ==, 2);
  g_assert_cmpint (duplicate->reasons, ==, CLT_DUPLICATE_PHONE);

  result = run_import (book->store, import, SAME_FILE);
  assert_result (result, 2, 2, 0);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 2);
  id = find_by_email (book->store, "helene@example.fr");
  g_assert_cmpuint (count_contacts (book->store, id, CLT_CONTACT_EMAIL), ==, 1);
  g_assert_cmpuint (count_contacts (book->store, id, CLT_CONTACT_PHONE), ==, 1);
  g_assert_cmpuint (count_all_rows (book->store, "notes"), ==, 1);
}

static void
test_fill (CltTestBook   *book,
           gconstpointer  data)
{
  g_autoptr(CltCustomer) customer = clt_customer_new ("Hélène Dupré");
  g_autoptr(CltCustomer) after = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_auto(GStrv) tags = NULL;
  CltImportResult result;
  gint64 id;

  clt_customer_set_company (customer, "Fleurs & Cie");
  id = clt_store_add_customer (book->store, customer, NULL);
  clt_store_add_contact (book->store, id, CLT_CONTACT_EMAIL, NULL, "helene@example.fr", NULL);
  clt_store_add_contact (book->store, id, CLT_CONTACT_ADDRESS, NULL, "3 rue des Lilas, Paris", NULL);
  clt_store_add_note (book->store, id, "Vient le mardi", NULL, FALSE, NULL);
  clt_store_add_tag (book->store, id, "Fidèle", NULL);

  result = run_import (book->store, NULL,
                       fake_reader_new (rec (1, "name", "Hélène Martin", "email", "helene@example.fr",
                                             "company", "Autre Société", "job", "Fleuriste",
                                             "birthday", "1980-05-12",
                                             "address", "3 RUE DES LILAS,   Paris",
                                             "note", "Vient le mardi", "note", "Allergique aux lys",
                                             "tag", "FIDÈLE", "tag", "Mariage", NULL),
                                        NULL));
  assert_result (result, 0, 1, 0);

  after = clt_store_get_customer (book->store, id, NULL);
  g_assert_cmpstr (clt_customer_get_display_name (after), ==, "Hélène Dupré");
  g_assert_cmpstr (clt_customer_get_family_name (after), ==, "Dupré");
  g_assert_cmpstr (clt_customer_get_company (after), ==, "Fleurs & Cie");
  g_assert_cmpstr (clt_customer_get_job_title (after), ==, "Fleuriste");
  g_assert_cmpstr (clt_customer_get_birthday (after), ==, "1980-05-12");
  g_assert_cmpuint (count_contacts (book->store, id, CLT_CONTACT_ADDRESS), ==, 1);
  notes = clt_store_list_notes (book->store, id, NULL);
  g_assert_cmpuint (notes->len, ==, 2);
  tags = clt_store_list_tags (book->store, id, NULL);
  g_assert_cmpstrv (tags, ((const char *[]) { "Fidèle", "Mariage", NULL }));

  /* Known by their company alone, the customer gets the person's name. */
  {
    g_autoptr(CltCustomer) bakery = g_object_new (CLT_TYPE_CUSTOMER, "company", "Boulangerie Noël", NULL);
    g_autoptr(CltCustomer) merged = NULL;
    gint64 bakery_id = clt_store_add_customer (book->store, bakery, NULL);

    g_assert_cmpint (bakery_id, >, 0);
    clt_store_add_contact (book->store, bakery_id, CLT_CONTACT_PHONE, "work", "03 80 00 00 00", NULL);
    result = run_import (book->store, NULL,
                         fake_reader_new (rec (3, "name", "François Lefèvre", "company", "Boulangerie",
                                               "phone", "+33 3 80 00 00 00", NULL), NULL));
    assert_result (result, 0, 1, 0);
    merged = clt_store_get_customer (book->store, bakery_id, NULL);
    g_assert_cmpstr (clt_customer_get_display_name (merged), ==, "François Lefèvre");
    g_assert_cmpstr (clt_customer_get_given_name (merged), ==, "François");
    g_assert_cmpstr (clt_customer_get_company (merged), ==, "Boulangerie Noël");
  }
}

#define PLAN_FILE \
  fake_reader_new (rec (1, "name", "Hélène Dupré", "email", "helene@example.fr", "phone", "0611111111", NULL), \
                   rec (2, "name", "Jean Dupont", "email", "jean@example.fr", "phone", "0622222222", NULL), \
                   rec (3, "name", "Marc Petit", "email", "marc@example.fr", "phone", "0633333333", NULL), \
                   rec (4, "name", "Zoé Blanc", NULL), \
                   NULL)

static void
test_plan_actions (CltTestBook   *book,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  g_autoptr(FakeReader) reader = NULL;
  gint64 helene = clt_test_book_add (book, "Hélène Dupré");
  gint64 jean = clt_test_book_add (book, "Jean Dupont");
  gint64 marc = clt_test_book_add (book, "Marc Petit");
  GPtrArray *duplicates;
  CltImportResult result;

  clt_store_add_contact (book->store, helene, CLT_CONTACT_EMAIL, NULL, "helene@example.fr", NULL);
  clt_store_add_contact (book->store, jean, CLT_CONTACT_PHONE, NULL, "+33 6 22 22 22 22", NULL);
  clt_store_add_contact (book->store, marc, CLT_CONTACT_EMAIL, NULL, "marc@example.fr", NULL);

  reader = PLAN_FILE;
  g_assert_true (clt_import_plan (import, CLT_RECORD_READER (reader), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clt_import_get_n_new (import), ==, 1);
  g_assert_cmpuint (clt_import_get_n_same (import), ==, 0);
  duplicates = clt_import_get_duplicates (import);
  g_assert_cmpuint (duplicates->len, ==, 3);
  g_assert_cmpint (((CltImportDuplicate *) duplicates->pdata[0])->reasons, ==,
                   CLT_DUPLICATE_EMAIL | CLT_DUPLICATE_NAME);
  g_assert_cmpint (((CltImportDuplicate *) duplicates->pdata[1])->reasons, ==,
                   CLT_DUPLICATE_PHONE | CLT_DUPLICATE_NAME);
  for (guint i = 0; i < duplicates->len; i++)
    g_assert_cmpint (((CltImportDuplicate *) duplicates->pdata[i])->action, ==, CLT_IMPORT_MERGE);

  /* Nothing was written by the plan. */
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 3);
  g_assert_cmpuint (count_all_rows (book->store, "emails"), ==, 2);

  clt_import_set_action (import, 1, CLT_IMPORT_ADD);
  clt_import_set_action (import, 2, CLT_IMPORT_SKIP);
  result = run_import (book->store, import, PLAN_FILE);
  assert_result (result, 2, 1, 1);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 5);
  g_assert_cmpuint (count_contacts (book->store, helene, CLT_CONTACT_PHONE), ==, 1);
  g_assert_cmpuint (count_contacts (book->store, jean, CLT_CONTACT_EMAIL), ==, 0);
  g_assert_cmpint (find_by_email (book->store, "jean@example.fr"), !=, jean);
  g_assert_cmpuint (count_contacts (book->store, marc, CLT_CONTACT_PHONE), ==, 0);

  /* All at once. */
  g_clear_object (&reader);
  reader = PLAN_FILE;
  g_clear_object (&import);
  import = clt_import_new (book->store, "FR");
  g_assert_true (clt_import_plan (import, CLT_RECORD_READER (reader), NULL, NULL, NULL, &error));
  clt_import_set_all_actions (import, CLT_IMPORT_SKIP);
  result = run_import (book->store, import, PLAN_FILE);
  assert_result (result, 0, 0, 4);
}

static void
test_cancel (CltTestBook   *book,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  g_autoptr(FakeReader) reader = fake_reader_new (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CltImportResult result;

  clt_test_book_add (book, "Hélène Dupré");
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *email = g_strdup_printf ("c%u@example.fr", i);

      g_ptr_array_add (reader->records, rec (i + 1, "name", "Client", "email", email, NULL));
      g_ptr_array_add (reader->problems, NULL);
    }
  reader->cancel_at = 50;
  reader->cancellable = g_object_ref (cancellable);

  g_assert_false (clt_import_run (import, CLT_RECORD_READER (reader), NULL, NULL, cancellable, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 1);
  g_assert_cmpuint (count_all_rows (book->store, "emails"), ==, 0);
  g_assert_cmpuint (count_all_rows (book->store, "search"), ==, 1);
  assert_result (result, 0, 0, 0);
}

static void
test_failures (CltTestBook   *book,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  g_autoptr(FakeReader) reader = NULL;
  CltImportResult result;

  clt_test_book_add (book, "Hélène Dupré");

  /* The file cannot be read to its end. */
  reader = fake_reader_new (rec (1, "name", "Jean Dupont", NULL),
                            rec (2, "name", "Marc Petit", NULL),
                            rec (3, "name", "Zoé Blanc", NULL), NULL);
  reader->fail_at = 2;
  g_assert_false (clt_import_run (import, CLT_RECORD_READER (reader), NULL, NULL, NULL, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_true (g_str_has_suffix (error->message, "The disk went away"));
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 1);
  g_clear_error (&error);
  g_clear_object (&reader);

  /* The book refuses the third customer. */
  g_assert_true (clt_store_exec (book->store,
                                 "CREATE TRIGGER refuse BEFORE INSERT ON customers"
                                 " WHEN NEW.display_name = 'Zoé Blanc'"
                                 " BEGIN SELECT RAISE (ABORT, 'refused'); END", NULL));
  reader = fake_reader_new (rec (1, "name", "Jean Dupont", "email", "jean@example.fr", NULL),
                            rec (2, "name", "Marc Petit", "note", "Client depuis 2010", NULL),
                            rec (3, "name", "Zoé Blanc", NULL), NULL);
  g_assert_false (clt_import_run (import, CLT_RECORD_READER (reader), NULL, NULL, NULL, &result, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 1);
  g_assert_cmpuint (count_all_rows (book->store, "emails"), ==, 0);
  g_assert_cmpuint (count_all_rows (book->store, "notes"), ==, 0);
  g_assert_cmpuint (count_all_rows (book->store, "search"), ==, 1);

  /* The book is usable afterwards. */
  g_assert_cmpint (clt_test_book_add (book, "Jean Dupont"), >, 0);
}

static void
changed_cb (CltStore *store,
            gint64    customer_id,
            guint    *count)
{
  (*count)++;
}

#define TWICE_FILE \
  fake_reader_new (rec (1, "name", "Hélène Dupré", "email", "helene@example.fr", "phone", "06 12 34 56 78", \
                        "note", "Vient le mardi", "pref", "Chambre côté cour", "tag", "Fidèle", \
                        "address", "3 rue des Lilas\n75011 Paris", "birthday", "--05-12", NULL), \
                   rec (2, "name", "Jean Dupont", NULL), \
                   rec (3, "company", "Hôtel du Lac", "phone", "+41 21 123 45 67", NULL), \
                   rec (4, "email", "anonyme@example.fr", NULL), \
                   rec (5, "name", "Marc Petit", "uid", "urn:uuid:marc", "job", "Chef", NULL), \
                   rec (6, "name", "Hélène Dupré", "phone", "+33 6 12 34 56 78", NULL), \
                   NULL)

static void
test_twice (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  g_autoptr(FakeReader) reader = NULL;
  CltImportResult result;
  guint changed = 0;

  result = run_import (book->store, NULL, TWICE_FILE);
  assert_result (result, 5, 0, 1);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 5);

  g_signal_connect (book->store, "changed", G_CALLBACK (changed_cb), &changed);

  reader = TWICE_FILE;
  g_assert_true (clt_import_plan (import, CLT_RECORD_READER (reader), NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (clt_import_get_n_new (import), ==, 0);
  g_assert_cmpuint (clt_import_get_n_same (import), ==, 6);
  g_assert_cmpuint (clt_import_get_duplicates (import)->len, ==, 0);

  result = run_import (book->store, import, TWICE_FILE);
  assert_result (result, 0, 0, 6);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 5);
  g_assert_cmpuint (changed, ==, 0);
}

static void
test_problems (CltTestBook   *book,
               gconstpointer  data)
{
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  FakeReader *reader = fake_reader_new (rec (1, "name", "Jean Dupont", "phone", "n/a",
                                             "phone", "01 23 45 67 89", NULL), NULL);
  CltRecordProblem *problem;
  GPtrArray *problems;
  CltImportResult result;

  fake_reader_add_problem (reader, 7, "The card ends before END:VCARD.");
  fake_reader_add_problem (reader, 7, "Nothing else could be read either.");
  g_ptr_array_add (reader->records, rec (12, "note", "Un client sans nom", NULL));
  g_ptr_array_add (reader->problems, NULL);
  /* A problem followed by the record of its line: read, less a detail. */
  fake_reader_add_problem (reader, 15, "The birthday “31/02” could not be read.");
  g_ptr_array_add (reader->records, rec (15, "name", "Marc Petit", NULL));
  g_ptr_array_add (reader->problems, NULL);
  fake_reader_add_problem (reader, 20, "The card ends before END:VCARD.");

  result = run_import (book->store, import, reader);
  assert_result (result, 2, 0, 3);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 2);
  g_assert_cmpuint (count_all_rows (book->store, "phones"), ==, 1);

  problems = clt_import_get_problems (import);
  g_assert_cmpuint (problems->len, ==, 6);
  problem = problems->pdata[0];
  g_assert_cmpuint (problem->line, ==, 1);
  g_assert_cmpstr (problem->reason, ==, "The phone number “n/a” has no digits; it was left out.");
  problem = problems->pdata[1];
  g_assert_cmpuint (problem->line, ==, 7);
  g_assert_cmpstr (problem->reason, ==, "The card ends before END:VCARD.");
  problem = problems->pdata[3];
  g_assert_cmpuint (problem->line, ==, 12);
  g_assert_cmpstr (problem->reason, ==,
                   "There is no name, e-mail address or phone number here; nothing was imported.");
}

/* An e-mail address that a message could not be written to is left out
 * of its row, as a problem of that row; the rest is imported (F15). */
static void
test_bad_email (CltTestBook   *book,
                gconstpointer  data)
{
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  FakeReader *reader = fake_reader_new (rec (3, "name", "Gina Rossi", "email", "a@b.c>, evil9@x.y",
                                             "email", "gina@exemple.fr", NULL),
                                        rec (4, "email", "not an address", NULL), NULL);
  CltRecordProblem *problem;
  GPtrArray *problems;
  CltImportResult result;

  result = run_import (book->store, import, reader);
  assert_result (result, 1, 0, 1);
  g_assert_cmpint (clt_store_count_customers (book->store), ==, 1);
  g_assert_cmpuint (count_all_rows (book->store, "emails"), ==, 1);

  problems = clt_import_get_problems (import);
  g_assert_cmpuint (problems->len, ==, 3);
  problem = problems->pdata[0];
  g_assert_cmpuint (problem->line, ==, 3);
  g_assert_cmpstr (problem->reason, ==, "“a@b.c>, evil9@x.y” is not an e-mail address; it was left out.");
  problem = problems->pdata[1];
  g_assert_cmpuint (problem->line, ==, 4);
  g_assert_cmpstr (problem->reason, ==, "“not an address” is not an e-mail address; it was left out.");
  problem = problems->pdata[2];
  g_assert_cmpuint (problem->line, ==, 4);
  g_assert_cmpstr (problem->reason, ==,
                   "There is no name, e-mail address or phone number here; nothing was imported.");
}

/* A mail program's "Name <address>" is imported as its address; two
 * mailboxes in one value are not an address. */
static void
test_mailbox_forms (CltTestBook   *book,
                    gconstpointer  data)
{
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  FakeReader *reader = fake_reader_new (rec (2, "name", "Jean Dupont", "email", "\"Dupont, Jean\" <jean@example.fr>", NULL),
                                        rec (3, "name", "Marie Curie", "email", " Marie Curie <marie@example.fr> ", NULL),
                                        rec (4, "name", "Gina Rossi", "email", "Gina <gina@example.fr>, evil@example.com", NULL),
                                        NULL);
  GPtrArray *problems;
  CltImportResult result;

  result = run_import (book->store, import, reader);
  assert_result (result, 3, 0, 0);
  g_assert_cmpint (find_by_email (book->store, "jean@example.fr"), >, 0);
  g_assert_cmpint (find_by_email (book->store, "marie@example.fr"), >, 0);
  g_assert_cmpint (find_by_email (book->store, "gina@example.fr"), ==, 0);
  g_assert_cmpint (find_by_email (book->store, "evil@example.com"), ==, 0);
  g_assert_cmpuint (count_all_rows (book->store, "emails"), ==, 2);

  problems = clt_import_get_problems (import);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpuint (((CltRecordProblem *) problems->pdata[0])->line, ==, 4);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static char *
write_file (CltTestBook *book,
            const char  *name,
            const char  *contents,
            gssize       length)
{
  char *path = g_build_filename (book->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
  return path;
}

static void
test_open (CltTestBook   *book,
           gconstpointer  data)
{
  static const char utf16[] = "\xff\xfe" "B\0E\0G\0I\0N\0:\0V\0C\0A\0R\0D\0\r\0\n\0";
  static const char junk[] = "PK\3\4\0\0\x08\0\x08\0\0\0!\0binary";
  struct {
    const char *name;
    const char *contents;
    gssize      length;
    gboolean    vcard;
  } files[] = {
    { "plain.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hélène\r\nEND:VCARD\r\n", -1, TRUE },
    { "bom.vcf", "\xef\xbb\xbf\n\nbegin:vcard\nVERSION:4.0\nEND:VCARD\n", -1, TRUE },
    { "utf16.vcf", utf16, sizeof utf16 - 1, TRUE },
    { "empty.csv", "", 0, FALSE },
    { "junk.xlsx", junk, sizeof junk - 1, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = write_file (book, files[i].name, files[i].contents, files[i].length);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(CltRecordReader) reader = clt_import_open (file, NULL, &error);

      if (files[i].vcard)
        {
          g_assert_no_error (error);
          g_assert_true (CLT_IS_VCARD_READER (reader));
        }
      else
        {
          g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE);
          g_assert_null (reader);
          g_assert_nonnull (strstr (error->message, files[i].name));
        }
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = g_build_filename (book->dir, "missing.vcf", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(CltRecordReader) reader = clt_import_open (file, NULL, &error);

    g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE);
    g_assert_nonnull (strstr (error->message, "missing.vcf"));
  }
}

static void
test_progress (CltTestBook   *book,
               gconstpointer  data)
{
  g_autoptr(CltImport) import = clt_import_new (book->store, "FR");
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(FakeReader) reader = fake_reader_new (rec (1, "name", "Jean Dupont", NULL), NULL);
  g_autoptr(GError) error = NULL;
  CltImportResult result;

  /* A reader that does not know its file's size only says when it is done. */
  g_assert_true (clt_import_run (import, CLT_RECORD_READER (reader), progress_cb, fractions, NULL,
                                 &result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fractions->len, ==, 1);
  g_assert_cmpfloat (g_array_index (fractions, double, 0), ==, 1.0);
}

static void
test_country (CltTestBook   *book,
              gconstpointer  data)
{
  static const struct {
    const char *locale;
    const char *country;
  } locales[] = {
    { "fr_CH.UTF-8", "CH" },
    { "fr_CA", "CA" },
    { "fr_BE.UTF-8@euro", "BE" },
    { "de_DE@euro", "DE" },
    { "fr_FR", "FR" },
    { "en_US.utf8", "US" },
    { "fr", "FR" },
    { "C.UTF-8", "FR" },
    { "POSIX", "FR" },
    { "fr_", "FR" },
    { "fr_C", "FR" },
    { "fr_CHE", "FR" },
    { NULL, "FR" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *country = NULL;
  g_autoptr(CltImport) import = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autofree char *code = clt_country_from_locale (locales[i].locale);

      g_assert_cmpstr (code, ==, locales[i].country);
    }

  /* Tests run in the C locale. */
  country = clt_store_get_country (book->store);
  g_assert_cmpstr (country, ==, "FR");
  g_clear_pointer (&country, g_free);

  g_assert_true (clt_store_set_country (book->store, "ch", &error));
  g_assert_no_error (error);
  country = clt_store_get_country (book->store);
  g_assert_cmpstr (country, ==, "CH");
  value = clt_store_get_setting (book->store, "country", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "CH");
  import = clt_import_new (book->store, NULL);
  g_assert_cmpstr (clt_import_get_country (import), ==, "CH");

  g_assert_false (clt_store_set_country (book->store, "Suisse", &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (clt_store_set_country (book->store, NULL, &error));
  g_clear_pointer (&value, g_free);
  value = clt_store_get_setting (book->store, "country", &error);
  g_assert_no_error (error);
  g_assert_null (value);

  g_assert_true (clt_import_check_country ("ca", &error));
  /* By digits (the Flatpak) no list of countries: any two letters. */
  if (clt_import_phones_by_digits ())
    g_assert_true (clt_import_check_country ("ZZ", &error));
  else
    {
      g_assert_false (clt_import_check_country ("ZZ", &error));
      g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED);
      g_clear_error (&error);
    }
  g_assert_false (clt_import_check_country ("Z1", &error));
  g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_false (clt_import_check_country ("", &error));
  g_assert_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED);
}

/* Every search row, in rowid order, as text. */
static char *
dump_search (CltStore *store)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (store, "SELECT rowid, name, contact, details FROM search"
                                                      " ORDER BY rowid", NULL);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%" G_GINT64_FORMAT "|%s|%s|%s\n", (gint64) sqlite3_column_int64 (stmt, 0),
                            clt_column_text (stmt, 1), clt_column_text (stmt, 2), clt_column_text (stmt, 3));
  return g_string_free (out, FALSE);
}

static guint
count_matches (CltStore   *store,
               const char *query)
{
  g_autoptr(CltSearchModel) model = clt_search_model_new (store);

  clt_search_model_set_query (model, query);
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

/* A customer added by an import gets their search row from the rows the
 * import wrote (not read again from every table): it must be, byte for
 * byte, the row the full reindex of an ordinary change builds, and find
 * them the same way. A customer merged into keeps the full reindex, one
 * added by the same import too. */
static void
test_search_rows (CltTestBook   *book,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  g_autofree char *imported = NULL;
  g_autofree char *reindexed = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(CltStmt) all = NULL;
  CltImportResult result;
  gint64 existing = clt_test_book_add (book, "Paul Girard");

  g_assert_true (clt_store_add_contact (book->store, existing, CLT_CONTACT_EMAIL, "home", "paul@example.fr", &error));
  g_assert_no_error (error);

  result = run_import (book->store, NULL,
                       fake_reader_new (rec (1, "name", "Mme Hélène Dupré", "email", "helene@example.fr",
                                             "email", "h.dupre@travail.example", "phone", "06 12 34 56 78",
                                             "phone", "+33 1 42 00 11 22", "address", "3 rue des Lilas\n75011 Paris",
                                             "company", "Fleurs & Cie", "note", "Vient le mardi",
                                             "note", "Préfère le thé", "pref", "Chambre côté cour",
                                             "pref", "Oreiller synthétique", "tag", "Fidèle", "tag", "Groupe", NULL),
                                        rec (2, "name", "John Smith", "email", "john@example.com", NULL),
                                        rec (3, "name", "John Smith", "phone", "07 98 76 54 32", "tag", "Fidèle", NULL),
                                        rec (4, "company", "Hôtel du Lac", "phone", "+41 21 123 45 67", NULL),
                                        rec (5, "given", "Zoé", NULL),
                                        rec (6, "name", "Paul Girard", "email", "paul@example.fr",
                                             "phone", "04 72 00 00 01", "note", "Fusionné", NULL),
                                        rec (7, "name", "Anaïs Le Goff", "address", "1 quai Est", "pref", "Vue mer", NULL),
                                        rec (8, "name", "Jörg Œuvray", "address", "Hauptstraße 3\n10115 Berlin", NULL),
                                        /* Into John Smith of line 2, added by this import: the row
                                         * made from line 2 alone is dropped. */
                                        rec (9, "name", "John Smith", "email", "john@example.com",
                                             "phone", "01 02 03 04 05", "pref", "Journal du matin", NULL),
                                        NULL));
  assert_result (result, 7, 2, 0);
  g_assert_cmpuint (count_all_rows (book->store, "search"), ==, 8);

  problems = clt_store_check_integrity (book->store, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (problems, ((const char *[]) { NULL }));

  imported = dump_search (book->store);
  /* Folded (clt_text_fold_for_search()): text with a letter beyond ASCII
   * in lower case, without its accents, umlauts twice; ASCII as it is. */
  g_assert_nonnull (strstr (imported, "helene\ndupre\nfleurs & cie\n|helene@example.fr\nh.dupre@travail.example\n"
                                      "3 rue des Lilas\n75011 Paris\n"));
  g_assert_nonnull (strstr (imported, "room\nchambre cote cour\nroom\noreiller synthetique\nvient le mardi\n"
                                      "prefere le the\nfidele\ngroupe\n"));
  g_assert_nonnull (strstr (imported, "fusionne\n"));
  g_assert_nonnull (strstr (imported, "jorg\noeuvray\n joerg|hauptstrasse 3\n10115 berlin\n|"));

  /* The full reindex, as any other change to these customers runs it. */
  all = clt_store_prepare (book->store, "SELECT id FROM customers", NULL);
  while (sqlite3_step (all) == SQLITE_ROW)
    g_ptr_array_add (ids, GINT_TO_POINTER (sqlite3_column_int (all, 0)));
  g_clear_pointer (&all, clt_stmt_release);
  g_assert_cmpuint (ids->len, ==, 8);
  g_assert_true (clt_store_begin (book->store, &error));
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (clt_store_reindex (book->store, GPOINTER_TO_INT (ids->pdata[i]), &error));
  g_assert_true (clt_store_commit (book->store, &error));
  g_assert_no_error (error);
  reindexed = dump_search (book->store);
  g_assert_cmpstr (imported, ==, reindexed);

  g_assert_cmpuint (count_matches (book->store, "dupre"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "Hélène"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "john smith"), ==, 2);
  g_assert_cmpuint (count_matches (book->store, "h.dupre@travail"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "42 00 11"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "0798"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "04 72"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "fidele"), ==, 2);
  g_assert_cmpuint (count_matches (book->store, "oreiller"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "lilas"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "zoe"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "oeuvray joerg"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "Œuvray Jörg"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "hauptstrasse"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "0102"), ==, 1);
  g_assert_cmpuint (count_matches (book->store, "journal"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, CltTestBook, NULL, clt_test_book_set_up, func, clt_test_book_tear_down)

  ADD ("/import/new", test_new);
  ADD ("/import/same-uid", test_same_uid);
  ADD ("/import/email-case", test_email_case);
  ADD ("/import/phones", test_phones);
  ADD ("/import/same-phone", test_same_phone);
  ADD ("/import/other-name-same-phone", test_other_name_same_phone);
  ADD ("/import/name-only", test_name_only);
  ADD ("/import/same-file", test_same_file);
  ADD ("/import/fill", test_fill);
  ADD ("/import/plan-actions", test_plan_actions);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/failures", test_failures);
  ADD ("/import/twice", test_twice);
  ADD ("/import/problems", test_problems);
  ADD ("/import/bad-email", test_bad_email);
  ADD ("/import/mailbox-forms", test_mailbox_forms);
  ADD ("/import/open", test_open);
  ADD ("/import/progress", test_progress);
  ADD ("/import/country", test_country);
  ADD ("/import/search-rows", test_search_rows);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "clt-export.h"
#include "clt-vcard-reader.h"
#include "clt-test-book.h"

#define NOW ((gint64) 1780000000)   /* 2026-05-28 22:26:40 in Paris */
#define N_SAMPLE 2000

/* The full customer's row, as a spreadsheet must read it back: a comma
 * and quotes quoted, formulas guarded (the job title, the phone starting
 * with +, the birthday without a year, a tag), extra e-mails and addresses
 * joined in the last column of their kind, a note's lines on one. */
static const char full_row[] =
  "Hélène Dupré-Lefèvre,Mme,Hélène,Dupré-Lefèvre,Madame Dupré,\"Les Tilleuls, SARL\","
  "\"'=HYPERLINK(\"\"http://x.example\"\")\",a@x.fr,b@x.fr,c@x.fr; d@x.fr,"
  "'+33 6 12 34 56 78,01 23 45 67 89,,\"3 rue des Lilas\n75011 Paris\","
  "1 place Vendôme; 2 quai Voltaire,'--03-14,fr,yes,marketing,'@vip; Régulier,"
  "\"[alert] [sensitive] Health: Allergique aux plumes\nRoom: Chambre calme, côté jardin\nThé vert\","
  "\"Première visite en 2019\nDit \"\"bonjour\"\" en breton\"\r\n";

static const char plain_row[] = "Jean,,,Jean,,,,,,,,,,,,,,no,follow-ups,,,\r\n";

typedef struct
{
  gint64 customer;
  gint64 promise;
  gint64 mail;
  gint64 before;   /* the clock around the adding */
  gint64 after;
} Full;

/* A customer with every field, a promise postponed once, a contact
 * logged and a message queued. */
static void
add_full_customer (CltTestBook *book,
                   Full        *full)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_customer_new ("Hélène Dupré-Lefèvre");
  g_autoptr(CltMailAccount) account = clt_mail_account_new ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  CltStore *store = book->store;
  CltMail mail = { 0, };
  gint64 id;

  full->before = g_get_real_time () / G_USEC_PER_SEC;

  clt_customer_set_honorific (customer, "Mme");
  clt_customer_set_given_name (customer, "Hélène");
  clt_customer_set_family_name (customer, "Dupré-Lefèvre");
  clt_customer_set_addressed_as (customer, "Madame Dupré");
  clt_customer_set_company (customer, "Les Tilleuls, SARL");
  clt_customer_set_job_title (customer, "=HYPERLINK(\"http://x.example\")");
  clt_customer_set_birthday (customer, "--03-14");
  clt_customer_set_language (customer, "fr");
  clt_customer_set_vip (customer, TRUE);
  clt_customer_set_email_consent (customer, CLT_CONSENT_MARKETING);
  clt_customer_set_consent_source (customer, "Julie");
  id = clt_store_add_customer (store, customer, &error);
  g_assert_no_error (error);

  clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, "work", "a@x.fr", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, "home", "b@x.fr", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, NULL, "c@x.fr", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, NULL, "d@x.fr", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_PHONE, "home", "01 23 45 67 89", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_ADDRESS, "home", "3 rue des Lilas\n75011 Paris", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_ADDRESS, "work", "1 place Vendôme", &error);
  clt_store_add_contact (store, id, CLT_CONTACT_ADDRESS, NULL, "2 quai Voltaire", &error);
  clt_store_add_preference (store, id, "room", "Chambre calme,\ncôté jardin", 0, &error);
  clt_store_add_preference (store, id, NULL, "Thé vert", 0, &error);
  clt_store_add_preference (store, id, "health", "Allergique aux plumes",
                            CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  clt_store_add_note (store, id, "Dit \"bonjour\" en breton", NULL, FALSE, &error);
  clt_store_add_note (store, id, "Première visite\nen 2019", "Marc", TRUE, &error);
  clt_store_add_tag (store, id, "Régulier", &error);
  clt_store_add_tag (store, id, "@vip", &error);
  clt_store_add_interaction (store, id, CLT_INTERACTION_CALL, NOW, FALSE,
                             "A demandé une chambre pour juin", "Julie", &error);
  g_assert_no_error (error);

  full->promise = clt_store_add_promise (store, id, "Rappeler pour la chambre", "Marc",
                                         clt_schedule_due (tz, 2026, 6, 12, 0, 0, TRUE), TRUE, &error);
  g_assert_no_error (error);
  clt_store_postpone_promise (store, full->promise, clt_schedule_due (tz, 2026, 6, 19, 0, 0, TRUE),
                              TRUE, "Fournisseur en retard", &error);
  g_assert_no_error (error);

  account->from_name = g_strdup ("Hôtel des Tilleuls");
  account->from_address = g_strdup ("reception@tilleuls.fr");
  account->host = g_strdup ("localhost");
  account->port = 2525;
  account->security = CLT_SECURITY_NONE;
  clt_store_set_mail_account (store, account, &error);
  g_assert_no_error (error);
  mail.customer_id = id;
  mail.subject = g_strdup ("Votre chambre");
  mail.body = g_strdup ("Bonjour,\n\nVotre chambre est prête.\n");
  mail.state = CLT_MAIL_QUEUED;
  g_assert_true (clt_store_queue_mail (store, account, &mail, &error));
  g_assert_no_error (error);
  full->mail = mail.id;
  g_free (mail.subject);
  g_free (mail.body);
  g_free (mail.to_name);
  g_free (mail.to_address);
  g_free (mail.message_id);

  full->customer = id;
  full->after = g_get_real_time () / G_USEC_PER_SEC;
}

/* Names in the book's folder other than the book itself. */
static GStrv
list_other_files (CltTestBook *book)
{
  g_autoptr(GDir) dir = g_dir_open (book->dir, 0, NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (!g_str_has_prefix (name, "book.db"))
      g_strv_builder_add (names, name);

  return g_strv_builder_end (names);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* A CSV file read back with libcsv, as a strict RFC 4180 reader. */
typedef struct
{
  GPtrArray    *rows;   /* GStrv */
  GStrvBuilder *row;
} CsvRows;

static void
csv_field_cb (void   *data,
              size_t  length,
              void   *user_data)
{
  CsvRows *rows = user_data;
  g_autofree char *cell = g_strndup (data, length);

  g_strv_builder_add (rows->row, cell);
}

static void
csv_row_cb (int   end,
            void *user_data)
{
  CsvRows *rows = user_data;

  g_ptr_array_add (rows->rows, g_strv_builder_end (rows->row));
  g_strv_builder_unref (rows->row);
  rows->row = g_strv_builder_new ();
}

static GPtrArray *
parse_csv (const char *contents)
{
  CsvRows rows = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev), g_strv_builder_new () };
  struct csv_parser parser;
  gsize length;

  /* Excel needs the BOM to read UTF-8. */
  g_assert_true (g_str_has_prefix (contents, "\xef\xbb\xbf"));
  contents += 3;
  length = strlen (contents);

  g_assert_cmpint (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL), ==, 0);
  g_assert_cmpuint (csv_parse (&parser, contents, length, csv_field_cb, csv_row_cb, &rows), ==, length);
  g_assert_cmpint (csv_fini (&parser, csv_field_cb, csv_row_cb, &rows), ==, 0);
  csv_free (&parser);
  g_strv_builder_unref (rows.row);

  return rows.rows;
}

static guint
count_string (const char *text,
              const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;

  return n;
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_object_member (object, name);
}

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_array_member (object, name);
}

static void
assert_member_null (JsonObject *object,
                    const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  g_assert_true (json_object_get_null_member (object, name));
}

/* An ISO 8601 time with its offset, between @after and @before. */
static void
assert_time_between (JsonObject *object,
                     const char *name,
                     gint64      after,
                     gint64      before)
{
  const char *text = json_object_get_string_member (object, name);
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);

  g_assert_nonnull (time);
  g_assert_true (g_str_has_suffix (text, "+02:00") || g_str_has_suffix (text, "+01:00"));
  g_assert_cmpint (g_date_time_to_unix (time), >=, after);
  g_assert_cmpint (g_date_time_to_unix (time), <=, before);
}

static void
test_customer_json (CltTestBook   *book,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CltCustomer) stored = NULL;
  g_autofree char *json_path = g_build_filename (book->dir, "hélène.json", NULL);
  g_autofree char *vcard_path = g_build_filename (book->dir, "hélène.vcf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *vcard = NULL;
  g_auto(GStrv) files = NULL;
  JsonObject *root, *customer, *consent, *item, *postponement;
  JsonArray *array;
  Full full;

  add_full_customer (book, &full);
  stored = clt_store_get_customer (book->store, full.customer, &error);
  g_assert_no_error (error);

  g_assert_true (clt_export_customer (book->store, full.customer, json_path, NULL, &error));
  g_assert_no_error (error);

  files = list_other_files (book);
  g_assert_cmpuint (g_strv_length (files), ==, 2);

  /* Readable: indented, accents as they are. */
  contents = read_file (json_path);
  g_assert_nonnull (strstr (contents, "\n  \"customer\" : {\n    \"number\" : "));
  g_assert_nonnull (strstr (contents, "\"Hélène Dupré-Lefèvre\""));

  json_parser_load_from_data (parser, contents, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (root, "generator"), "Clientele "));
  assert_time_between (root, "exported", full.after, g_get_real_time () / G_USEC_PER_SEC);

  customer = member_object (root, "customer");
  g_assert_cmpint (json_object_get_int_member (customer, "number"), ==, full.customer);
  g_assert_cmpstr (json_object_get_string_member (customer, "uid"), ==, clt_customer_get_uid (stored));
  g_assert_cmpuint (strlen (clt_customer_get_uid (stored)), ==, 36);
  g_assert_cmpstr (json_object_get_string_member (customer, "name"), ==, "Hélène Dupré-Lefèvre");
  g_assert_cmpstr (json_object_get_string_member (customer, "honorific"), ==, "Mme");
  g_assert_cmpstr (json_object_get_string_member (customer, "given_name"), ==, "Hélène");
  g_assert_cmpstr (json_object_get_string_member (customer, "family_name"), ==, "Dupré-Lefèvre");
  g_assert_cmpstr (json_object_get_string_member (customer, "addressed_as"), ==, "Madame Dupré");
  g_assert_cmpstr (json_object_get_string_member (customer, "company"), ==, "Les Tilleuls, SARL");
  g_assert_cmpstr (json_object_get_string_member (customer, "job_title"), ==, "=HYPERLINK(\"http://x.example\")");
  g_assert_cmpstr (json_object_get_string_member (customer, "birthday"), ==, "--03-14");
  g_assert_cmpstr (json_object_get_string_member (customer, "language"), ==, "fr");
  g_assert_true (json_object_get_boolean_member (customer, "vip"));
  assert_time_between (customer, "created", full.before, full.after);
  assert_time_between (customer, "updated", full.before, full.after);
  g_assert_cmpstr (json_object_get_string_member (customer, "last_contact"), ==, "2026-05-28T22:26:40+02:00");
  g_assert_cmpuint (json_object_get_size (customer), ==, 15);

  consent = member_object (root, "email_consent");
  g_assert_cmpstr (json_object_get_string_member (consent, "accepts"), ==, "marketing");
  assert_time_between (consent, "recorded", full.before, full.after);
  g_assert_cmpstr (json_object_get_string_member (consent, "recorded_by"), ==, "Julie");

  array = member_array (root, "contacts");
  g_assert_cmpuint (json_array_get_length (array), ==, 9);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "email");
  g_assert_cmpstr (json_object_get_string_member (item, "label"), ==, "work");
  g_assert_cmpstr (json_object_get_string_member (item, "value"), ==, "a@x.fr");
  item = json_array_get_object_element (array, 2);
  assert_member_null (item, "label");
  item = json_array_get_object_element (array, 4);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "phone");
  g_assert_cmpstr (json_object_get_string_member (item, "label"), ==, "mobile");
  g_assert_cmpstr (json_object_get_string_member (item, "value"), ==, "+33 6 12 34 56 78");
  item = json_array_get_object_element (array, 6);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "address");
  g_assert_cmpstr (json_object_get_string_member (item, "value"), ==, "3 rue des Lilas\n75011 Paris");

  array = member_array (root, "preferences");
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "category"), ==, "health");
  g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, "Allergique aux plumes");
  g_assert_true (json_object_get_boolean_member (item, "alert"));
  g_assert_true (json_object_get_boolean_member (item, "sensitive"));
  assert_time_between (item, "created", full.before, full.after);
  item = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "category"), ==, "room");
  g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, "Chambre calme,\ncôté jardin");
  g_assert_false (json_object_get_boolean_member (item, "alert"));
  g_assert_false (json_object_get_boolean_member (item, "sensitive"));
  item = json_array_get_object_element (array, 2);
  assert_member_null (item, "category");
  g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, "Thé vert");

  array = member_array (root, "notes");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, "Première visite\nen 2019");
  g_assert_cmpstr (json_object_get_string_member (item, "author"), ==, "Marc");
  g_assert_true (json_object_get_boolean_member (item, "pinned"));
  assert_time_between (item, "created", full.before, full.after);
  item = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, "Dit \"bonjour\" en breton");
  assert_member_null (item, "author");
  g_assert_false (json_object_get_boolean_member (item, "pinned"));

  array = member_array (root, "tags");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (array, 0), ==, "@vip");
  g_assert_cmpstr (json_array_get_string_element (array, 1), ==, "Régulier");

  array = member_array (root, "interactions");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "call");
  g_assert_cmpstr (json_object_get_string_member (item, "when"), ==, "2026-05-28T22:26:40+02:00");
  g_assert_false (json_object_get_boolean_member (item, "planned"));
  g_assert_cmpstr (json_object_get_string_member (item, "note"), ==, "A demandé une chambre pour juin");
  g_assert_cmpstr (json_object_get_string_member (item, "staff"), ==, "Julie");
  assert_time_between (item, "recorded", full.before, full.after);

  array = member_array (root, "promises");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "text"), ==, "Rappeler pour la chambre");
  g_assert_cmpstr (json_object_get_string_member (item, "promised_by"), ==, "Marc");
  assert_time_between (item, "created", full.before, full.after);
  g_assert_cmpstr (json_object_get_string_member (item, "due"), ==, "2026-06-19");
  g_assert_true (json_object_get_boolean_member (item, "due_all_day"));
  /* The reminder moved to the morning of the new day. */
  g_assert_cmpstr (json_object_get_string_member (item, "reminder"), ==, "2026-06-19T09:00:00+02:00");
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "open");
  assert_member_null (item, "closed");
  g_assert_cmpuint (json_array_get_length (member_array (item, "postponements")), ==, 1);
  postponement = json_array_get_object_element (member_array (item, "postponements"), 0);
  assert_time_between (postponement, "when", full.before, full.after);
  g_assert_cmpstr (json_object_get_string_member (postponement, "from"), ==, "2026-06-12T23:59:59+02:00");
  g_assert_cmpstr (json_object_get_string_member (postponement, "to"), ==, "2026-06-19T23:59:59+02:00");
  g_assert_cmpstr (json_object_get_string_member (postponement, "reason"), ==, "Fournisseur en retard");

  array = member_array (root, "messages");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "to_name"), ==, "Hélène Dupré-Lefèvre");
  g_assert_cmpstr (json_object_get_string_member (item, "to_address"), ==, "a@x.fr");
  g_assert_cmpstr (json_object_get_string_member (item, "subject"), ==, "Votre chambre");
  g_assert_cmpstr (json_object_get_string_member (item, "body"), ==, "Bonjour,\n\nVotre chambre est prête.\n");
  g_assert_false (json_object_get_boolean_member (item, "marketing"));
  g_assert_cmpstr (json_object_get_string_member (item, "state"), ==, "queued");
  assert_time_between (item, "created", full.before, full.after);
  assert_member_null (item, "scheduled");
  assert_member_null (item, "sent");
  /* The message's bytes are not the customer's data beyond these. */
  g_assert_false (json_object_has_member (item, "bytes"));

  /* The vCard beside it: the same customer, sensitive preferences included. */
  vcard = read_file (vcard_path);
  g_assert_true (g_str_has_prefix (vcard, "BEGIN:VCARD\r\nVERSION:4.0\r\n"));
  g_assert_cmpuint (count_string (vcard, "BEGIN:VCARD"), ==, 1);
  g_assert_nonnull (strstr (vcard, "Dupré-Lefèvre"));
  g_assert_nonnull (strstr (vcard, "Allergique aux plumes"));
}

static void
test_customer_errors (CltTestBook   *book,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (book->dir, "no such folder", "jean.json", NULL);
  g_autofree char *json_path = g_build_filename (book->dir, "jean.json", NULL);
  g_autofree char *vcf_path = g_build_filename (book->dir, "jean.vcf", NULL);
  g_auto(GStrv) files = NULL;
  gint64 id = clt_test_book_add (book, "Jean");
  gint64 erased = clt_test_book_add (book, "Zoé Erased");

  g_assert_false (clt_export_customer (book->store, id + 2, json_path, NULL, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A customer erased with their anonymous counts kept is no one's data. */
  g_assert_true (clt_store_erase_customer (book->store, erased, TRUE, &error));
  g_assert_no_error (error);
  g_assert_false (clt_export_customer (book->store, erased, json_path, NULL, &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (clt_export_customer (book->store, id, missing, NULL, &error));
  g_assert_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "no such folder"));
  g_clear_error (&error);

  /* The data and its vCard cannot be the same file. */
  g_assert_false (clt_export_customer (book->store, id, vcf_path, NULL, &error));
  g_assert_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_FORMAT);
  g_clear_error (&error);

  files = list_other_files (book);
  g_assert_cmpuint (g_strv_length (files), ==, 0);

  {
    g_autofree char *relative = clt_export_customer_vcard_path ("jean.json");
    g_autofree char *no_extension = clt_export_customer_vcard_path ("/tmp/a.b/jean");
    g_autofree char *two_dots = clt_export_customer_vcard_path ("/tmp/x/jean.data.json");

    g_assert_cmpstr (relative, ==, "jean.vcf");
    g_assert_cmpstr (no_extension, ==, "/tmp/a.b/jean.vcf");
    g_assert_cmpstr (two_dots, ==, "/tmp/x/jean.data.vcf");
  }
}

static void
test_csv (CltTestBook   *book,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltRecord) record = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *path = g_build_filename (book->dir, "book.CSV", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *row = NULL;
  g_autofree char *expected = NULL;
  g_auto(GStrv) header = NULL;
  GStrv cells;
  guint n_written = 0;
  Full full;
  gint64 plain;

  add_full_customer (book, &full);
  plain = clt_test_book_add (book, "Jean");

  record = clt_export_record_from_store (book->store, full.customer, CLT_EXPORT_DEFAULT, &error);
  g_assert_no_error (error);
  row = clt_export_csv_row (record);
  g_assert_cmpstr (row, ==, full_row);

  g_assert_true (clt_export_book (book->store, path, CLT_EXPORT_CSV, CLT_EXPORT_DEFAULT,
                                  NULL, NULL, NULL, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, 2);
  g_assert_cmpint (plain, >, full.customer);

  /* Exactly: BOM, header, the rows in the book's order, CRLF. */
  contents = read_file (path);
  expected = g_strconcat ("\xef\xbb\xbf", clt_export_csv_header (), full_row, plain_row, NULL);
  g_assert_cmpstr (contents, ==, expected);

  rows = parse_csv (contents);
  g_assert_cmpuint (rows->len, ==, 3);
  header = g_strsplit ("Name,Honorific,Given Name,Family Name,Addressed As,Company,Job Title,"
                       "E-mail 1,E-mail 2,E-mail 3,Phone 1,Phone 2,Phone 3,Address 1,Address 2,"
                       "Birthday,Language,VIP,E-mail Consent,Tags,Preferences,Notes", ",", -1);
  g_assert_cmpstrv (g_ptr_array_index (rows, 0), header);

  cells = g_ptr_array_index (rows, 1);
  g_assert_cmpuint (g_strv_length (cells), ==, 22);
  g_assert_cmpstr (cells[0], ==, "Hélène Dupré-Lefèvre");
  g_assert_cmpstr (cells[5], ==, "Les Tilleuls, SARL");
  g_assert_cmpstr (cells[6], ==, "'=HYPERLINK(\"http://x.example\")");
  g_assert_cmpstr (cells[9], ==, "c@x.fr; d@x.fr");
  g_assert_cmpstr (cells[10], ==, "'+33 6 12 34 56 78");
  g_assert_cmpstr (cells[12], ==, "");
  g_assert_cmpstr (cells[13], ==, "3 rue des Lilas\n75011 Paris");
  g_assert_cmpstr (cells[14], ==, "1 place Vendôme; 2 quai Voltaire");
  g_assert_cmpstr (cells[15], ==, "'--03-14");
  g_assert_cmpstr (cells[17], ==, "yes");
  g_assert_cmpstr (cells[18], ==, "marketing");
  g_assert_cmpstr (cells[19], ==, "'@vip; Régulier");
  g_assert_cmpstr (cells[20], ==, "[alert] [sensitive] Health: Allergique aux plumes\n"
                                  "Room: Chambre calme, côté jardin\nThé vert");
  g_assert_cmpstr (cells[21], ==, "Première visite en 2019\nDit \"bonjour\" en breton");

  cells = g_ptr_array_index (rows, 2);
  g_assert_cmpuint (g_strv_length (cells), ==, 22);
  g_assert_cmpstr (cells[0], ==, "Jean");
  g_assert_cmpstr (cells[17], ==, "no");
  g_assert_cmpstr (cells[18], ==, "follow-ups");

  /* Private to its owner: it holds health notes. */
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }
}

static void
test_without_sensitive (CltTestBook   *book,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv_path = g_build_filename (book->dir, "book.csv", NULL);
  g_autofree char *vcard_path = g_build_filename (book->dir, "book.vcf", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *vcard = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CltRecord) record = NULL;
  Full full;

  add_full_customer (book, &full);

  record = clt_export_record_from_store (book->store, full.customer, CLT_EXPORT_WITHOUT_SENSITIVE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->preferences->len, ==, 2);

  g_assert_true (clt_export_book (book->store, csv_path, CLT_EXPORT_CSV, CLT_EXPORT_WITHOUT_SENSITIVE,
                                  NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  csv = read_file (csv_path);
  g_assert_null (strstr (csv, "Allergique"));
  rows = parse_csv (csv);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 1))[20], ==, "Room: Chambre calme, côté jardin\nThé vert");
  /* Notes are not flagged: they stay. */
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 1))[21], ==, "Première visite en 2019\nDit \"bonjour\" en breton");

  g_assert_true (clt_export_book (book->store, vcard_path, CLT_EXPORT_VCARD, CLT_EXPORT_WITHOUT_SENSITIVE,
                                  NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  vcard = read_file (vcard_path);
  g_assert_cmpuint (count_string (vcard, "BEGIN:VCARD"), ==, 1);
  g_assert_nonnull (strstr (vcard, "Thé vert"));
  g_assert_null (strstr (vcard, "Allergique"));
  g_clear_pointer (&vcard, g_free);

  g_assert_true (clt_export_book (book->store, vcard_path, CLT_EXPORT_VCARD, CLT_EXPORT_DEFAULT,
                                  NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  vcard = read_file (vcard_path);
  g_assert_nonnull (strstr (vcard, "Allergique aux plumes"));
}

static void
assert_same_record (const CltRecord *read,
                    const CltRecord *stored)
{
  CltCustomer *a = read->customer, *b = stored->customer;

  g_assert_cmpstr (clt_customer_get_display_name (a), ==, clt_customer_get_display_name (b));
  g_assert_cmpstr (clt_customer_get_honorific (a), ==, clt_customer_get_honorific (b));
  g_assert_cmpstr (clt_customer_get_given_name (a), ==, clt_customer_get_given_name (b));
  g_assert_cmpstr (clt_customer_get_family_name (a), ==, clt_customer_get_family_name (b));
  g_assert_cmpstr (clt_customer_get_addressed_as (a), ==, clt_customer_get_addressed_as (b));
  g_assert_cmpstr (clt_customer_get_company (a), ==, clt_customer_get_company (b));
  g_assert_cmpstr (clt_customer_get_job_title (a), ==, clt_customer_get_job_title (b));
  g_assert_cmpstr (clt_customer_get_birthday (a), ==, clt_customer_get_birthday (b));
  g_assert_cmpstr (clt_customer_get_language (a), ==, clt_customer_get_language (b));
  g_assert_cmpstr (clt_customer_get_uid (a), ==, clt_customer_get_uid (b));
  g_assert_cmpint (clt_customer_get_vip (a), ==, clt_customer_get_vip (b));
  g_assert_true (read->has_consent);
  g_assert_cmpint (clt_customer_get_email_consent (a), ==, clt_customer_get_email_consent (b));

  g_assert_cmpuint (read->contacts->len, ==, stored->contacts->len);
  for (guint i = 0; i < read->contacts->len; i++)
    {
      const CltContact *x = g_ptr_array_index (read->contacts, i);
      const CltContact *y = g_ptr_array_index (stored->contacts, i);

      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_cmpstr (x->label, ==, y->label);
      g_assert_cmpstr (x->value, ==, y->value);
    }

  g_assert_cmpuint (read->preferences->len, ==, stored->preferences->len);
  for (guint i = 0; i < read->preferences->len; i++)
    {
      const CltPreference *x = g_ptr_array_index (read->preferences, i);
      const CltPreference *y = g_ptr_array_index (stored->preferences, i);

      g_assert_cmpstr (x->category, ==, y->category);
      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_cmpint (x->flags, ==, y->flags);
    }

  g_assert_cmpuint (read->notes->len, ==, stored->notes->len);
  for (guint i = 0; i < read->notes->len; i++)
    {
      const CltNote *x = g_ptr_array_index (read->notes, i);
      const CltNote *y = g_ptr_array_index (stored->notes, i);

      g_assert_cmpstr (x->text, ==, y->text);
      g_assert_cmpstr (x->author, ==, y->author);
      g_assert_cmpint (x->pinned, ==, y->pinned);
    }

  g_assert_cmpuint (read->tags->len, ==, stored->tags->len);
  for (guint i = 0; i < read->tags->len; i++)
    g_assert_cmpstr (g_ptr_array_index (read->tags, i), ==, g_ptr_array_index (stored->tags, i));
}

/* The book's vCards read back give every field of the customer again. */
static void
test_vcard_round_trip (CltTestBook   *book,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (book->dir, "book.vcf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CltRecordReader) reader = NULL;
  g_autoptr(CltRecord) stored = NULL;
  g_autoptr(CltRecord) read = NULL;
  g_autoptr(CltRecord) plain_read = NULL;
  g_autoptr(CltRecord) plain_stored = NULL;
  g_autoptr(CltRecord) end = NULL;
  g_autoptr(CltRecordProblem) problem = NULL;
  gint64 plain;
  Full full;

  add_full_customer (book, &full);
  plain = clt_test_book_add (book, "Jean");

  g_assert_true (clt_export_book (book->store, path, CLT_EXPORT_VCARD, CLT_EXPORT_DEFAULT,
                                  NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  stream = G_INPUT_STREAM (g_file_read (file, NULL, &error));
  g_assert_no_error (error);
  reader = clt_vcard_reader_new (stream);

  g_assert_true (clt_record_reader_next (reader, &read, &problem, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (problem);
  stored = clt_export_record_from_store (book->store, full.customer, CLT_EXPORT_DEFAULT, &error);
  g_assert_no_error (error);
  assert_same_record (read, stored);

  g_assert_true (clt_record_reader_next (reader, &plain_read, &problem, NULL, &error));
  g_assert_null (problem);
  plain_stored = clt_export_record_from_store (book->store, plain, CLT_EXPORT_DEFAULT, &error);
  g_assert_no_error (error);
  assert_same_record (plain_read, plain_stored);

  g_assert_false (clt_record_reader_next (reader, &end, &problem, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  guint calls;
  guint done;
  guint total;
} Progress;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Progress *progress = user_data;

  g_assert_cmpuint (done, ==, progress->done + 1);
  progress->calls++;
  progress->done = done;
  progress->total = total;
}

static void
cancel_cb (guint    done,
           guint    total,
           gpointer user_data)
{
  if (done == 500)
    g_cancellable_cancel (user_data);
}

static void
test_pages (CltTestBook   *book,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *csv_path = g_build_filename (book->dir, "book.csv", NULL);
  g_autofree char *vcard_path = g_build_filename (book->dir, "book.vcard", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *vcard = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(CltCustomer) first = NULL;
  g_auto(GStrv) files = NULL;
  Progress progress = { 0, };
  CltExportFormat format;
  guint n_written = 0;

  g_assert_true (clt_sample_fill (book->store, N_SAMPLE, 7, NOW, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* A trashed customer is left out (the first and the last of a page). */
  g_assert_true (clt_store_trash_customer (book->store, 1, &error));
  g_assert_true (clt_store_trash_customer (book->store, 400, &error));
  /* So is one erased with their anonymous counts kept. */
  g_assert_true (clt_store_erase_customer (book->store, 1000, TRUE, &error));
  g_assert_no_error (error);

  g_assert_true (clt_export_format_for_path (csv_path, &format, &error));
  g_assert_cmpint (format, ==, CLT_EXPORT_CSV);
  g_assert_true (clt_export_book (book->store, csv_path, format, CLT_EXPORT_DEFAULT,
                                  progress_cb, &progress, NULL, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, N_SAMPLE - 3);
  g_assert_cmpuint (progress.calls, ==, N_SAMPLE - 3);
  g_assert_cmpuint (progress.total, ==, N_SAMPLE - 3);

  csv = read_file (csv_path);
  rows = parse_csv (csv);
  g_assert_cmpuint (rows->len, ==, N_SAMPLE - 3 + 1);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, i)), ==, 22);
  first = clt_store_get_customer (book->store, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (rows, 1))[0], ==, clt_customer_get_display_name (first));

  g_assert_true (clt_export_format_for_path (vcard_path, &format, &error));
  g_assert_cmpint (format, ==, CLT_EXPORT_VCARD);
  g_assert_true (clt_export_book (book->store, vcard_path, format, CLT_EXPORT_DEFAULT,
                                  NULL, NULL, NULL, &n_written, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_written, ==, N_SAMPLE - 3);
  vcard = read_file (vcard_path);
  g_assert_cmpuint (count_string (vcard, "BEGIN:VCARD\r\n"), ==, N_SAMPLE - 3);
  g_assert_cmpuint (count_string (vcard, "END:VCARD\r\n"), ==, N_SAMPLE - 3);

  /* Cancelled halfway: the file written before stays as it was, and no
   * temporary file is left. */
  g_assert_false (clt_export_book (book->store, csv_path, CLT_EXPORT_CSV, CLT_EXPORT_WITHOUT_SENSITIVE,
                                   cancel_cb, cancellable, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  {
    g_autofree char *again = read_file (csv_path);

    g_assert_cmpstr (again, ==, csv);
  }
  files = list_other_files (book);
  g_assert_cmpuint (g_strv_length (files), ==, 2);

  /* The store is usable after: the read transaction ended. */
  clt_test_book_add (book, "Après l’export");
}

static void
test_write_errors (CltTestBook   *book,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (book->dir, "missing", "book.csv", NULL);
  g_autofree char *text = g_build_filename (book->dir, "book.txt", NULL);
  g_autofree char *locked = g_build_filename (book->dir, "locked", NULL);
  g_autofree char *in_locked = g_build_filename (locked, "book.vcf", NULL);
  g_auto(GStrv) files = NULL;
  CltExportFormat format;

  clt_test_book_add (book, "Jean");

  g_assert_false (clt_export_format_for_path (text, &format, &error));
  g_assert_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "book.txt"));
  g_clear_error (&error);

  g_assert_false (clt_export_book (book->store, missing, CLT_EXPORT_CSV, CLT_EXPORT_DEFAULT,
                                   NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_WRITE);
  g_clear_error (&error);

  files = list_other_files (book);
  g_assert_cmpuint (g_strv_length (files), ==, 0);

  if (geteuid () == 0)
    {
      g_test_message ("running as root: a read-only folder does not stop it");
      return;
    }

  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  g_assert_false (clt_export_book (book->store, in_locked, CLT_EXPORT_VCARD, CLT_EXPORT_DEFAULT,
                                   NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_false (g_file_test (in_locked, G_FILE_TEST_EXISTS));
  g_rmdir (locked);
}

int
main (int   argc,
      char *argv[])
{
  /* Summer time, so that every time shows its offset. */
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, CltTestBook, NULL, clt_test_book_set_up, func, clt_test_book_tear_down)

  ADD ("/export/customer-json", test_customer_json);
  ADD ("/export/customer-errors", test_customer_errors);
  ADD ("/export/csv", test_csv);
  ADD ("/export/without-sensitive", test_without_sensitive);
  ADD ("/export/vcard-round-trip", test_vcard_round_trip);
  ADD ("/export/pages", test_pages);
  ADD ("/export/write-errors", test_write_errors);

  return g_test_run ();
}

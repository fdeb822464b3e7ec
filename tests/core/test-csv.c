/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "clt-charset.h"
#include "clt-csv-private.h"
#include "clt-export.h"
#include "clt-test-book.h"

/* The CSV reader over tests/data/csv, files shaped like real exports, and
 * its parts on their own: charset, delimiter, column names, dates. */

typedef struct
{
  CltCsvPreview *preview;
  GPtrArray     *records;    /* CltRecord */
  GPtrArray     *problems;   /* CltRecordProblem */
  GPtrArray     *order;      /* "record LINE" or "problem LINE", as read */
} Read;

static void
read_free (Read *read)
{
  clt_csv_preview_free (read->preview);
  g_ptr_array_unref (read->records);
  g_ptr_array_unref (read->problems);
  g_ptr_array_unref (read->order);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "csv", name, NULL);
}

static CltCsvPreview *
sniff_path (const char  *path,
            const char  *encoding,
            GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);

  g_assert_nonnull (stream);
  return clt_csv_sniff (G_INPUT_STREAM (stream), encoding, error);
}

/* Reads a whole file; @change may alter the preview (the mapping step). */
static Read *
read_path (const char *path,
           const char *encoding,
           void      (*change) (CltCsvPreview *preview))
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltRecordReader) reader = NULL;
  Read *read = g_new0 (Read, 1);

  read->records = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_free);
  read->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_problem_free);
  read->order = g_ptr_array_new_with_free_func (g_free);

  read->preview = clt_csv_sniff (G_INPUT_STREAM (stream), encoding, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read->preview);
  if (change != NULL)
    change (read->preview);

  reader = clt_csv_reader_new (G_INPUT_STREAM (stream), read->preview);
  for (;;)
    {
      CltRecord *record = NULL;
      CltRecordProblem *problem = NULL;

      if (!clt_record_reader_next (reader, &record, &problem, NULL, &error))
        break;
      g_assert_true ((record == NULL) != (problem == NULL));
      if (record != NULL)
        {
          g_ptr_array_add (read->order, g_strdup_printf ("record %u", record->line));
          g_ptr_array_add (read->records, record);
        }
      else
        {
          g_ptr_array_add (read->order, g_strdup_printf ("problem %u", problem->line));
          g_ptr_array_add (read->problems, problem);
        }
    }
  g_assert_no_error (error);
  g_assert_cmpint (clt_record_reader_get_position (reader), ==,
                   g_seekable_tell (G_SEEKABLE (stream)));

  return read;
}

static Read *
read_file (const char *name,
           const char *encoding)
{
  g_autofree char *path = data_path (name);

  return read_path (path, encoding, NULL);
}

static CltRecord *
record_at (Read  *read,
           guint  i)
{
  g_assert_cmpuint (i, <, read->records->len);
  return g_ptr_array_index (read->records, i);
}

static void
assert_contact (CltRecord      *record,
                guint           i,
                CltContactKind  kind,
                const char     *label,
                const char     *value)
{
  CltContact *contact;

  g_assert_cmpuint (i, <, record->contacts->len);
  contact = g_ptr_array_index (record->contacts, i);
  g_assert_cmpint (contact->kind, ==, kind);
  g_assert_cmpstr (contact->label, ==, label);
  g_assert_cmpstr (contact->value, ==, value);
}

static void
assert_names (CltRecord  *record,
              const char *display,
              const char *honorific,
              const char *given,
              const char *family)
{
  g_assert_cmpstr (clt_customer_get_display_name (record->customer), ==, display);
  g_assert_cmpstr (clt_customer_get_honorific (record->customer), ==, honorific);
  g_assert_cmpstr (clt_customer_get_given_name (record->customer), ==, given);
  g_assert_cmpstr (clt_customer_get_family_name (record->customer), ==, family);
}

static void
assert_problem (Read       *read,
                guint       i,
                guint       line,
                const char *reason)
{
  CltRecordProblem *problem;

  g_assert_cmpuint (i, <, read->problems->len);
  problem = g_ptr_array_index (read->problems, i);
  g_assert_cmpuint (problem->line, ==, line);
  g_assert_cmpstr (problem->reason, ==, reason);
}

static void
assert_order (Read       *read,
              const char *expected)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (read->order, NULL);
  joined = g_strjoinv (", ", (char **) read->order->pdata);
  g_ptr_array_set_size (read->order, read->order->len - 1);
  g_assert_cmpstr (joined, ==, expected);
}

static void
assert_tags (CltRecord  *record,
             const char *expected)
{
  g_autofree char *joined = NULL;

  g_ptr_array_add (record->tags, NULL);
  joined = g_strjoinv ("|", (char **) record->tags->pdata);
  g_ptr_array_set_size (record->tags, record->tags->len - 1);
  g_assert_cmpstr (joined, ==, expected);
}

static const char *
note_at (CltRecord *record,
         guint      i)
{
  g_assert_cmpuint (i, <, record->notes->len);
  return ((CltNote *) g_ptr_array_index (record->notes, i))->text;
}

static int
column_of (CltCsvPreview *preview,
           const char    *name)
{
  for (guint i = 0; i < preview->n_columns; i++)
    {
      if (g_str_equal (preview->header[i], name))
        return (int) i;
    }
  g_assert_not_reached ();
}

/* Charset */

static void
test_charset_bom (void)
{
  gsize length = 99;

  g_assert_cmpstr (clt_charset_from_bom ((const guint8 *) "\xEF\xBB\xBFNom", 6, &length), ==, "UTF-8");
  g_assert_cmpuint (length, ==, 3);
  g_assert_cmpstr (clt_charset_from_bom ((const guint8 *) "\xFF\xFEN\0", 4, &length), ==, "UTF-16LE");
  g_assert_cmpuint (length, ==, 2);
  g_assert_cmpstr (clt_charset_from_bom ((const guint8 *) "\xFE\xFF\0N", 4, &length), ==, "UTF-16BE");
  g_assert_cmpstr (clt_charset_from_bom ((const guint8 *) "Nom", 3, &length), ==, NULL);
  g_assert_cmpuint (length, ==, 0);
  g_assert_cmpstr (clt_charset_from_bom ((const guint8 *) "\xEF\xBB", 2, &length), ==, NULL);
}

static void
assert_detected (const char *text,
                 gssize      length,
                 const char *expected,
                 gboolean    expected_sure)
{
  g_autofree char *encoding = NULL;
  gboolean sure = !expected_sure;

  g_assert_cmpint (clt_charset_detect ((const guint8 *) text, length < 0 ? strlen (text) : (gsize) length,
                                       &encoding, &sure), ==, CLT_CHARSET_TEXT);
  g_assert_cmpstr (encoding, ==, expected);
  g_assert_cmpint (sure, ==, expected_sure);
}

static void
test_charset_detect (void)
{
  g_autofree char *encoding = NULL;
  CltCharsetScan *scan;
  const char *utf8 = "Nom;Ville\nHélène Dupré;Besançon\nZoë;Zürich\n";
  gboolean sure;

  assert_detected (utf8, -1, "UTF-8", TRUE);
  assert_detected ("Name,E-mail\nJohn,john@example.com\n", -1, "UTF-8", TRUE);
  /* Short Western files uchardet takes for Central European ones. */
  assert_detected ("Name,Email\nZo\xEB Smith,zoe@example.com\n", -1, "WINDOWS-1252", FALSE);
  assert_detected ("Nom;Pr\xE9nom;Ville\nDupont;H\xE9l\xE8ne;Besan\xE7on\n", -1, "WINDOWS-1252", FALSE);
  assert_detected ("Nom;Pr\x8Enom;Ville\nDupont;H\x8El\x8Fne;Besan\x8Don\n", -1, "MACINTOSH", FALSE);
  assert_detected ("N\0o\0m\0;\0V\0i\0l\0l\0e\0\r\0\n\0", 22, "UTF-16LE", FALSE);

  /* Valid UTF-8 read one byte at a time, a sequence cut at every chunk. */
  scan = clt_charset_scan_new ();
  for (const char *p = utf8; *p != '\0'; p++)
    clt_charset_scan_feed (scan, (const guint8 *) p, 1);
  g_assert_cmpint (clt_charset_scan_finish (scan, &encoding, &sure), ==, CLT_CHARSET_TEXT);
  g_assert_cmpstr (encoding, ==, "UTF-8");
  g_assert_true (sure);
  g_assert_true (clt_charset_scan_can_decode (scan, "UTF-8"));
  g_assert_true (clt_charset_scan_can_decode (scan, "WINDOWS-1252"));
  clt_charset_scan_free (scan);
  g_clear_pointer (&encoding, g_free);

  /* é as Windows-1252 is not UTF-8; 0x81 is not Windows-1252. */
  scan = clt_charset_scan_new ();
  clt_charset_scan_feed (scan, (const guint8 *) "caf\xE9 \x81", 6);
  g_assert_false (clt_charset_scan_can_decode (scan, "UTF-8"));
  g_assert_false (clt_charset_scan_can_decode (scan, "WINDOWS-1252"));
  g_assert_true (clt_charset_scan_can_decode (scan, "MACINTOSH"));
  g_assert_false (clt_charset_scan_can_decode (scan, "NO-SUCH-CHARSET"));
  clt_charset_scan_free (scan);

  g_assert_cmpint (clt_charset_detect ((const guint8 *) "", 0, &encoding, &sure), ==, CLT_CHARSET_EMPTY);
  g_assert_cmpint (clt_charset_detect ((const guint8 *) " \r\n\t\n", 5, &encoding, &sure), ==, CLT_CHARSET_EMPTY);
  g_assert_cmpint (clt_charset_detect ((const guint8 *) "\xEF\xBB\xBF", 3, &encoding, &sure), ==, CLT_CHARSET_EMPTY);
  g_assert_cmpint (clt_charset_detect ((const guint8 *) "Nom\0Ville", 9, &encoding, &sure), ==, CLT_CHARSET_BINARY);
  g_assert_cmpint (clt_charset_detect ((const guint8 *) "\x01\x02\x03\x04 text", 9, &encoding, &sure), ==, CLT_CHARSET_BINARY);
  g_assert_null (encoding);
}

static void
test_charset_choose (void)
{
  guint64 histogram[256] = { 0 };
  const char *russian = "\xCF\xF0\xE8\xE2\xE5\xF2 \xEC\xE8\xF0";   /* Привет мир in Windows-1251 */

  for (const char *p = russian; *p != '\0'; p++)
    histogram[(guint8) *p]++;

  /* uchardet is trusted for another script… */
  g_assert_cmpstr (clt_charset_choose_single_byte (histogram, "WINDOWS-1251"), ==, "WINDOWS-1251");
  /* …not for the Latin ones it names for Western text. */
  g_assert_cmpstr (clt_charset_choose_single_byte (histogram, NULL), ==, "WINDOWS-1252");
  g_assert_cmpstr (clt_charset_choose_single_byte (histogram, "ISO-8859-1"), ==, "WINDOWS-1252");

  memset (histogram, 0, sizeof histogram);
  /* é è à ç in Mac Roman */
  histogram[0x8E] = 10;
  histogram[0x8F] = 3;
  histogram[0x88] = 4;
  histogram[0x8D] = 2;
  g_assert_cmpstr (clt_charset_choose_single_byte (histogram, "MAC-CENTRALEUROPE"), ==, "MACINTOSH");

  memset (histogram, 0, sizeof histogram);
  /* ł ą ś ż ę in Windows-1250 */
  histogram[0xB3] = 5;
  histogram[0xB9] = 4;
  histogram[0x9C] = 3;
  histogram[0xBF] = 2;
  histogram[0xEA] = 3;
  g_assert_cmpstr (clt_charset_choose_single_byte (histogram, "WINDOWS-1250"), ==, "WINDOWS-1250");
}

static void
test_charset_label (void)
{
  g_assert_cmpstr (clt_charset_label ("WINDOWS-1252"), ==, "Western (Windows-1252)");
  g_assert_cmpstr (clt_charset_label ("macintosh"), ==, "Western (Mac Roman)");
  g_assert_cmpstr (clt_charset_label ("KOI8-R"), ==, "KOI8-R");
  g_assert_cmpstr (clt_charset_common ()[0], ==, "UTF-8");
}

/* Parts */

static void
test_delimiter (void)
{
  g_assert_cmpint (clt_csv_sniff_delimiter ("Nom,Prénom\nDupont,Jean\n", -1), ==, ',');
  g_assert_cmpint (clt_csv_sniff_delimiter ("Nom;Adresse;Ville\nDupont;\"12, rue X\";Paris\r\n"
                                            "Martin;3, rue Y;Lyon\r\n", -1), ==, ';');
  g_assert_cmpint (clt_csv_sniff_delimiter ("Nom\tVille\tNotes\nDupont\tParis\ta, b; c\n", -1), ==, '\t');
  /* A quoted line break is not the end of a line. */
  g_assert_cmpint (clt_csv_sniff_delimiter ("a;b;c\n\"x\ny,z\";2;3\n4;5;6\n", -1), ==, ';');
  g_assert_cmpint (clt_csv_sniff_delimiter ("E-mail\nx@example.com\n", -1), ==, ',');
  g_assert_cmpint (clt_csv_sniff_delimiter ("", 0), ==, ',');
}

static void
test_guess (void)
{
  static const struct
  {
    const char  *name;
    CltCsvField  field;
  } cases[] = {
    { "Nom", CLT_CSV_FAMILY_NAME }, { "Prénom", CLT_CSV_GIVEN_NAME },
    { "PRENOM", CLT_CSV_GIVEN_NAME }, { "Nom de famille", CLT_CSV_FAMILY_NAME },
    { "Civilité", CLT_CSV_HONORIFIC }, { "Société", CLT_CSV_COMPANY },
    { "Entreprise", CLT_CSV_COMPANY }, { "Fonction", CLT_CSV_JOB_TITLE },
    { "Poste", CLT_CSV_JOB_TITLE }, { "E-mail", CLT_CSV_EMAIL }, { "Courriel", CLT_CSV_EMAIL },
    { "Adresse e-mail", CLT_CSV_EMAIL }, { "Téléphone", CLT_CSV_PHONE },
    { "Tél.", CLT_CSV_PHONE }, { "Portable", CLT_CSV_MOBILE }, { "Mobile", CLT_CSV_MOBILE },
    { "GSM", CLT_CSV_MOBILE }, { "Adresse", CLT_CSV_ADDRESS }, { "Rue", CLT_CSV_STREET },
    { "Code postal", CLT_CSV_POSTAL_CODE }, { "NPA", CLT_CSV_POSTAL_CODE },
    { "Ville", CLT_CSV_CITY }, { "Localité", CLT_CSV_CITY }, { "Pays", CLT_CSV_COUNTRY },
    { "Date de naissance", CLT_CSV_BIRTHDAY }, { "Anniversaire", CLT_CSV_BIRTHDAY },
    { "Langue", CLT_CSV_LANGUAGE }, { "Notes", CLT_CSV_NOTE }, { "Remarques", CLT_CSV_NOTE },
    { "Commentaire", CLT_CSV_NOTE }, { "Étiquettes", CLT_CSV_TAGS }, { "Tags", CLT_CSV_TAGS },
    { "First Name", CLT_CSV_GIVEN_NAME }, { "Last Name", CLT_CSV_FAMILY_NAME },
    { "Company", CLT_CSV_COMPANY }, { "Job Title", CLT_CSV_JOB_TITLE },
    { "Email Address", CLT_CSV_EMAIL }, { "Phone Number", CLT_CSV_PHONE },
    { "ZIP Code", CLT_CSV_POSTAL_CODE }, { "Date of Birth", CLT_CSV_BIRTHDAY },
    { "Name", CLT_CSV_FULL_NAME }, { "Nom complet", CLT_CSV_FULL_NAME },
    { "Deuxième prénom", CLT_CSV_MIDDLE_NAME }, { "Anniversaire de mariage ou fête", CLT_CSV_IGNORE },
    { "Manager's Name", CLT_CSV_IGNORE }, { "E-mail Display Name", CLT_CSV_IGNORE },
    { "Numéro d'identification de l'organisation", CLT_CSV_IGNORE },
    { "Ref", CLT_CSV_IGNORE }, { "Désignation", CLT_CSV_IGNORE }, { "", CLT_CSV_IGNORE },
    { "VIP", CLT_CSV_VIP }, { "E-mail Consent", CLT_CSV_EMAIL_CONSENT },
    { "E-mail 1 - Value", CLT_CSV_EMAIL }, { "Phone 1 - Type", CLT_CSV_LABEL },
    { "Website 1 - Label", CLT_CSV_IGNORE }, { "Organization 1 - Yomi Name", CLT_CSV_IGNORE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].name);
      g_assert_cmpint (clt_csv_guess_field (cases[i].name), ==, cases[i].field);
    }
}

static void
assert_birthday (const char      *text,
                 CltCsvDateOrder  order,
                 gboolean         readable,
                 const char      *expected)
{
  g_autofree char *birthday = NULL;

  g_test_message ("%s", text);
  g_assert_cmpint (clt_csv_parse_birthday (text, order, &birthday), ==, readable);
  g_assert_cmpstr (birthday, ==, expected);
}

static void
test_birthday (void)
{
  assert_birthday ("1985-06-12", CLT_CSV_DAY_FIRST, TRUE, "1985-06-12");
  assert_birthday ("1985-06-12T00:00:00Z", CLT_CSV_DAY_FIRST, TRUE, "1985-06-12");
  assert_birthday ("--06-12", CLT_CSV_DAY_FIRST, TRUE, "--06-12");
  assert_birthday ("--0612", CLT_CSV_DAY_FIRST, TRUE, "--06-12");
  assert_birthday ("19850612", CLT_CSV_DAY_FIRST, TRUE, "1985-06-12");
  assert_birthday ("12/06/1985", CLT_CSV_DAY_FIRST, TRUE, "1985-06-12");
  assert_birthday ("12.06.1985", CLT_CSV_MONTH_FIRST, TRUE, "1985-06-12");
  assert_birthday ("6/12/1985", CLT_CSV_MONTH_FIRST, TRUE, "1985-06-12");
  assert_birthday ("6/12/1985 12:00:00 AM", CLT_CSV_MONTH_FIRST, TRUE, "1985-06-12");
  assert_birthday ("25/12/1990", CLT_CSV_MONTH_FIRST, TRUE, "1990-12-25");
  assert_birthday ("12/25/1990", CLT_CSV_DAY_FIRST, TRUE, "1990-12-25");
  assert_birthday ("17/03", CLT_CSV_DAY_FIRST, TRUE, "--03-17");
  assert_birthday ("17.03.", CLT_CSV_DAY_FIRST, TRUE, "--03-17");
  assert_birthday ("29/02", CLT_CSV_DAY_FIRST, TRUE, "--02-29");
  assert_birthday ("03/04/72", CLT_CSV_DAY_FIRST, TRUE, "1972-04-03");
  assert_birthday ("0/0/00", CLT_CSV_MONTH_FIRST, TRUE, NULL);
  assert_birthday ("  ", CLT_CSV_MONTH_FIRST, TRUE, NULL);
  assert_birthday (NULL, CLT_CSV_MONTH_FIRST, TRUE, NULL);
  assert_birthday ("31/02/1980", CLT_CSV_DAY_FIRST, FALSE, NULL);
  assert_birthday ("31/04/1979", CLT_CSV_DAY_FIRST, FALSE, NULL);
  assert_birthday ("29/02/1983", CLT_CSV_DAY_FIRST, FALSE, NULL);
  assert_birthday ("13/13/1980", CLT_CSV_DAY_FIRST, FALSE, NULL);
  assert_birthday ("12 juin 1985", CLT_CSV_DAY_FIRST, FALSE, NULL);
  assert_birthday ("1985-6", CLT_CSV_DAY_FIRST, FALSE, NULL);
  assert_birthday ("--13-01", CLT_CSV_DAY_FIRST, FALSE, NULL);
  assert_birthday ("123/4/1985", CLT_CSV_DAY_FIRST, FALSE, NULL);
}

/* Files */

static void
test_google_en (void)
{
  g_autoptr(Read) read = read_file ("google-en.csv", NULL);
  CltCsvPreview *preview = read->preview;
  CltRecord *record;

  g_assert_cmpstr (preview->encoding, ==, "UTF-8");
  g_assert_true (preview->encoding_sure);
  g_assert_cmpint (preview->delimiter, ==, ',');
  g_assert_cmpstr (preview->format, ==, "google");
  g_assert_cmpuint (preview->n_columns, ==, 36);
  g_assert_cmpuint (preview->rows->len, ==, 4);
  g_assert_cmpstr (((GStrv) g_ptr_array_index (preview->rows, 0))[0], ==, "Hélène");
  g_assert_cmpstr (((GStrv) g_ptr_array_index (preview->rows, 0))[26], ==,
                   "12 rue des Lilas\nAppartement 4\n75011 Paris\nFrance");
  g_assert_cmpint (preview->mapping[column_of (preview, "First Name")], ==, CLT_CSV_GIVEN_NAME);
  g_assert_cmpint (preview->mapping[column_of (preview, "Middle Name")], ==, CLT_CSV_MIDDLE_NAME);
  g_assert_cmpint (preview->mapping[column_of (preview, "Last Name")], ==, CLT_CSV_FAMILY_NAME);
  g_assert_cmpint (preview->mapping[column_of (preview, "Phonetic First Name")], ==, CLT_CSV_IGNORE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Name Prefix")], ==, CLT_CSV_HONORIFIC);
  g_assert_cmpint (preview->mapping[column_of (preview, "Organization Name")], ==, CLT_CSV_COMPANY);
  g_assert_cmpint (preview->mapping[column_of (preview, "Organization Title")], ==, CLT_CSV_JOB_TITLE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Labels")], ==, CLT_CSV_TAGS);
  g_assert_cmpint (preview->mapping[column_of (preview, "E-mail 1 - Label")], ==, CLT_CSV_LABEL);
  g_assert_cmpint (preview->mapping[column_of (preview, "E-mail 1 - Value")], ==, CLT_CSV_EMAIL);
  g_assert_cmpint (preview->mapping[column_of (preview, "Phone 2 - Value")], ==, CLT_CSV_PHONE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Address 1 - Formatted")], ==, CLT_CSV_ADDRESS);
  g_assert_cmpint (preview->mapping[column_of (preview, "Address 1 - Postal Code")], ==, CLT_CSV_POSTAL_CODE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Website 1 - Value")], ==, CLT_CSV_IGNORE);

  /* The first row spans lines 2 to 6: its address is on four lines. */
  assert_order (read, "record 2, record 7, record 8, problem 9");
  g_assert_cmpuint (read->records->len, ==, 3);

  record = record_at (read, 0);
  g_assert_cmpuint (record->line, ==, 2);
  assert_names (record, "Hélène Dupré", "Mme", "Hélène", "Dupré");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Café de la Gare");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "Gérante");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1985-06-12");
  g_assert_cmpuint (record->contacts->len, ==, 5);
  assert_contact (record, 0, CLT_CONTACT_EMAIL, "home", "helene.dupre@example.fr");
  assert_contact (record, 1, CLT_CONTACT_EMAIL, "work", "h.dupre@cafe-gare.example");
  assert_contact (record, 2, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78");
  assert_contact (record, 3, CLT_CONTACT_PHONE, "work", "01 42 00 00 00");
  assert_contact (record, 4, CLT_CONTACT_ADDRESS, "home", "12 rue des Lilas\nAppartement 4\n75011 Paris\nFrance");
  g_assert_cmpstr (note_at (record, 0), ==, "Prefers the table by the window");
  assert_tags (record, "Regulars");

  /* A middle name is part of the display name; several values in a cell. */
  record = record_at (read, 1);
  assert_names (record, "John Quincy Smith", NULL, "John", "Smith");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "--06-12");
  g_assert_cmpuint (record->contacts->len, ==, 3);
  assert_contact (record, 0, CLT_CONTACT_EMAIL, "work", "john@example.com");
  assert_contact (record, 1, CLT_CONTACT_PHONE, "mobile", "+1 555 0100");
  assert_contact (record, 2, CLT_CONTACT_PHONE, "mobile", "+1 555 0101");
  assert_tags (record, "");

  /* A company alone is a customer. */
  record = record_at (read, 2);
  assert_names (record, NULL, NULL, NULL, NULL);
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Boulangerie Noël");
  assert_contact (record, 0, CLT_CONTACT_PHONE, "work", "03 80 00 00 00");

  assert_problem (read, 0, 9, "Line 9 has no name, e-mail or phone number: it was left out.");
}

static void
test_google_old (void)
{
  g_autoptr(Read) read = read_file ("google-old.csv", NULL);
  CltCsvPreview *preview = read->preview;
  CltRecord *record;

  g_assert_cmpstr (preview->format, ==, "google");
  g_assert_cmpint (preview->mapping[column_of (preview, "Name")], ==, CLT_CSV_FULL_NAME);
  g_assert_cmpint (preview->mapping[column_of (preview, "Additional Name")], ==, CLT_CSV_MIDDLE_NAME);
  g_assert_cmpint (preview->mapping[column_of (preview, "Yomi Name")], ==, CLT_CSV_IGNORE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Group Membership")], ==, CLT_CSV_TAGS);
  g_assert_cmpint (preview->mapping[column_of (preview, "E-mail 1 - Type")], ==, CLT_CSV_LABEL);
  g_assert_cmpint (preview->mapping[column_of (preview, "Organization 1 - Name")], ==, CLT_CSV_COMPANY);
  g_assert_cmpint (preview->mapping[column_of (preview, "Organization 1 - Type")], ==, CLT_CSV_IGNORE);

  assert_order (read, "record 2");
  record = record_at (read, 0);
  assert_names (record, "François Lefèvre", NULL, "François", "Lefèvre");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1972-04-03");
  g_assert_cmpstr (clt_customer_get_language (record->customer), ==, "fr");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Boulangerie Noël");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "Maître boulanger");
  g_assert_cmpuint (record->contacts->len, ==, 5);
  /* "* Home" and two addresses in one cell, " ::: " apart. */
  assert_contact (record, 0, CLT_CONTACT_EMAIL, "home", "francois@example.fr");
  assert_contact (record, 1, CLT_CONTACT_EMAIL, "home", "f.lefevre@example.com");
  assert_contact (record, 2, CLT_CONTACT_PHONE, "mobile", "06 98 76 54 32");
  assert_contact (record, 3, CLT_CONTACT_PHONE, "fax", "03 80 11 22 33");
  assert_contact (record, 4, CLT_CONTACT_ADDRESS, "work", "3 place de l’Église\n21000 Dijon\nFrance");
  /* Google's own groups left out: myContacts, starred. */
  assert_tags (record, "Fournisseurs");
}

static void
test_google_fr (void)
{
  g_autoptr(Read) read = read_file ("google-fr.csv", NULL);
  CltCsvPreview *preview = read->preview;
  CltRecord *record;

  g_assert_cmpstr (preview->encoding, ==, "UTF-8");
  g_assert_cmpstr (preview->format, ==, "google");
  g_assert_cmpint (preview->date_order, ==, CLT_CSV_DAY_FIRST);
  g_assert_cmpint (preview->mapping[column_of (preview, "Prénom")], ==, CLT_CSV_GIVEN_NAME);
  g_assert_cmpint (preview->mapping[column_of (preview, "Nom de famille")], ==, CLT_CSV_FAMILY_NAME);
  g_assert_cmpint (preview->mapping[column_of (preview, "Prénom phonétique")], ==, CLT_CSV_IGNORE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Libellés")], ==, CLT_CSV_TAGS);
  g_assert_cmpint (preview->mapping[column_of (preview, "E-mail 1 - Libellé")], ==, CLT_CSV_LABEL);
  g_assert_cmpint (preview->mapping[column_of (preview, "Téléphone 1 - Valeur")], ==, CLT_CSV_PHONE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Adresse 1 - Mise en forme")], ==, CLT_CSV_ADDRESS);
  g_assert_cmpint (preview->mapping[column_of (preview, "Adresse 1 - Boîte postale")], ==, CLT_CSV_STREET);
  g_assert_cmpint (preview->mapping[column_of (preview, "Adresse 1 - Code postal")], ==, CLT_CSV_POSTAL_CODE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Titre dans l'organisation")], ==, CLT_CSV_JOB_TITLE);

  record = record_at (read, 0);
  assert_names (record, "Zoë Lefèvre-Ménard", NULL, "Zoë", "Lefèvre-Ménard");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1990-02-28");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Atelier Zoë");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "Céramiste");
  assert_contact (record, 0, CLT_CONTACT_EMAIL, "home", "zoe@example.fr");
  assert_contact (record, 1, CLT_CONTACT_PHONE, "mobile", "+41 79 123 45 67");
  /* No formatted address: assembled from its parts. */
  assert_contact (record, 2, CLT_CONTACT_ADDRESS, "home", "Chemin des Œillets 3\n1004 Lausanne\nSuisse");
  assert_tags (record, "Clients fidèles");
}

static void
test_outlook_en (void)
{
  g_autoptr(Read) read = read_file ("outlook-en.csv", NULL);
  CltCsvPreview *preview = read->preview;
  CltRecord *record;

  /* Classic Outlook writes ANSI: Zoë's ë is 0xEB. */
  g_assert_cmpstr (preview->encoding, ==, "WINDOWS-1252");
  g_assert_false (preview->encoding_sure);
  g_assert_cmpint (preview->delimiter, ==, ',');
  g_assert_cmpstr (preview->format, ==, "outlook");
  g_assert_cmpint (preview->date_order, ==, CLT_CSV_MONTH_FIRST);
  g_assert_cmpuint (preview->n_columns, ==, 92);
  g_assert_cmpint (preview->mapping[column_of (preview, "Title")], ==, CLT_CSV_HONORIFIC);
  g_assert_cmpint (preview->mapping[column_of (preview, "Job Title")], ==, CLT_CSV_JOB_TITLE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Mobile Phone")], ==, CLT_CSV_MOBILE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Business Phone")], ==, CLT_CSV_PHONE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Business Country/Region")], ==, CLT_CSV_COUNTRY);
  g_assert_cmpint (preview->mapping[column_of (preview, "Business State")], ==, CLT_CSV_REGION);
  g_assert_cmpint (preview->mapping[column_of (preview, "E-mail Address")], ==, CLT_CSV_EMAIL);
  g_assert_cmpint (preview->mapping[column_of (preview, "E-mail Type")], ==, CLT_CSV_IGNORE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Anniversary")], ==, CLT_CSV_IGNORE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Categories")], ==, CLT_CSV_TAGS);
  g_assert_cmpint (preview->mapping[column_of (preview, "Pager")], ==, CLT_CSV_IGNORE);

  assert_order (read, "record 2, record 3, problem 4, record 4, problem 5");

  record = record_at (read, 0);
  assert_names (record, "Robert James Miller", "Mr.", "Robert", "Miller");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Miller & Sons, Ltd.");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "Owner");
  /* Month first in an English Outlook export. */
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1985-06-12");
  g_assert_cmpuint (record->contacts->len, ==, 5);
  assert_contact (record, 0, CLT_CONTACT_PHONE, "work", "(217) 555-0100");
  assert_contact (record, 1, CLT_CONTACT_PHONE, "home", "(217) 555-0123");
  assert_contact (record, 2, CLT_CONTACT_PHONE, "mobile", "(217) 555-0199");
  assert_contact (record, 3, CLT_CONTACT_EMAIL, NULL, "bob@millerandsons.example");
  assert_contact (record, 4, CLT_CONTACT_ADDRESS, "work", "100 Main St\n62701 Springfield\nIL\nUnited States");
  g_assert_cmpstr (note_at (record, 0), ==, "Prefers calls after 10am");
  assert_tags (record, "Suppliers|VIP");

  record = record_at (read, 1);
  assert_names (record, "Zoë Walker", "Ms.", "Zoë", "Walker");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1990-12-25");
  assert_contact (record, 1, CLT_CONTACT_ADDRESS, "home", "7 Elm Road\nLS1 4AP Leeds\nUnited Kingdom");

  /* A birthday that cannot be read: reported, the customer kept. */
  assert_problem (read, 0, 4, "Line 4: the birthday “31/02/1980” could not be read; "
                              "the customer is imported without it.");
  record = record_at (read, 2);
  assert_names (record, "Ann Lee", "Dr.", "Ann", "Lee");
  g_assert_null (clt_customer_get_birthday (record->customer));
  assert_contact (record, 0, CLT_CONTACT_PHONE, "main", "555-0142");

  /* Only Outlook's defaults (Normal, False, 0/0/00): nobody. */
  assert_problem (read, 1, 5, "Line 5 has no name, e-mail or phone number: it was left out.");
}

static void
test_outlook_fr (void)
{
  g_autoptr(Read) read = read_file ("outlook-fr.csv", NULL);
  CltCsvPreview *preview = read->preview;
  CltRecord *record;

  g_assert_cmpstr (preview->encoding, ==, "WINDOWS-1252");
  g_assert_false (preview->encoding_sure);
  g_assert_cmpstr (preview->format, ==, "outlook");
  g_assert_cmpint (preview->date_order, ==, CLT_CSV_DAY_FIRST);
  g_assert_cmpstr (preview->header[1], ==, "Prénom");
  g_assert_cmpstr (preview->header[40], ==, "Tél. mobile");
  /* Two "Titre": the honorific, then the job title after Société. */
  g_assert_cmpint (preview->mapping[0], ==, CLT_CSV_HONORIFIC);
  g_assert_cmpint (preview->mapping[7], ==, CLT_CSV_JOB_TITLE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Nom")], ==, CLT_CSV_FAMILY_NAME);
  g_assert_cmpint (preview->mapping[column_of (preview, "Deuxième prénom")], ==, CLT_CSV_MIDDLE_NAME);
  g_assert_cmpint (preview->mapping[column_of (preview, "Tél. mobile")], ==, CLT_CSV_MOBILE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Adresse de messagerie")], ==, CLT_CSV_EMAIL);
  g_assert_cmpint (preview->mapping[column_of (preview, "Nom complet de l'adresse de messagerie")], ==, CLT_CSV_IGNORE);
  g_assert_cmpint (preview->mapping[column_of (preview, "Pays/Région (domicile)")], ==, CLT_CSV_COUNTRY);
  g_assert_cmpint (preview->mapping[column_of (preview, "Dép/Région (domicile)")], ==, CLT_CSV_REGION);
  g_assert_cmpint (preview->mapping[column_of (preview, "Anniversaire")], ==, CLT_CSV_BIRTHDAY);

  /* The second row's note spans lines 3 and 4. */
  assert_order (read, "record 2, record 3, record 5");

  record = record_at (read, 0);
  assert_names (record, "Hélène Dupré", "Mme", "Hélène", "Dupré");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Café de la Gare");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "Gérante");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1985-06-12");
  assert_contact (record, 0, CLT_CONTACT_PHONE, "work", "03 81 00 00 00");
  assert_contact (record, 1, CLT_CONTACT_PHONE, "mobile", "06 12 34 56 78");
  assert_contact (record, 2, CLT_CONTACT_EMAIL, NULL, "helene@example.fr");
  assert_contact (record, 3, CLT_CONTACT_ADDRESS, "home", "12, rue des Lilas\n25000 Besançon\nFrance");
  /* ’ was 0x92, œ 0x9C, — 0x97, € 0x80. */
  g_assert_cmpstr (note_at (record, 0), ==, "Préfère l’œuf à la coque — pourboire de 5 €");
  assert_tags (record, "Habitués|VIP");

  record = record_at (read, 1);
  assert_names (record, "François Lefèvre", "M.", "François", "Lefèvre");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "Maître boulanger");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1972-04-03");
  assert_contact (record, 2, CLT_CONTACT_ADDRESS, "work", "3 place de l’Église\n21000 Dijon");
  g_assert_cmpstr (note_at (record, 0), ==, "Livraison le mardi\nSonner deux fois");

  record = record_at (read, 2);
  assert_names (record, "Cécile Bœuf", "Mme", "Cécile", "Bœuf");
  g_assert_null (clt_customer_get_birthday (record->customer));
  g_assert_null (clt_customer_get_job_title (record->customer));
}

static void
test_excel_fr (void)
{
  g_autoptr(Read) read = read_file ("excel-fr.csv", NULL);
  CltCsvPreview *preview = read->preview;
  CltRecord *record;
  static const CltCsvField mapping[] = {
    CLT_CSV_HONORIFIC, CLT_CSV_FAMILY_NAME, CLT_CSV_GIVEN_NAME, CLT_CSV_COMPANY,
    CLT_CSV_JOB_TITLE, CLT_CSV_STREET, CLT_CSV_POSTAL_CODE, CLT_CSV_CITY, CLT_CSV_COUNTRY,
    CLT_CSV_PHONE, CLT_CSV_MOBILE, CLT_CSV_EMAIL, CLT_CSV_BIRTHDAY, CLT_CSV_LANGUAGE,
    CLT_CSV_NOTE, CLT_CSV_TAGS,
  };

  g_assert_cmpstr (preview->encoding, ==, "WINDOWS-1252");
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_null (preview->format);
  g_assert_cmpint (preview->date_order, ==, CLT_CSV_DAY_FIRST);
  g_assert_cmpuint (preview->n_columns, ==, G_N_ELEMENTS (mapping));
  g_assert_cmpstr (preview->header[15], ==, "Étiquettes");
  for (guint i = 0; i < G_N_ELEMENTS (mapping); i++)
    g_assert_cmpint (preview->mapping[i], ==, mapping[i]);

  /* The last row is only semicolons: left out without a word. */
  assert_order (read, "record 2, record 3, problem 4, record 4");

  record = record_at (read, 0);
  assert_names (record, "Jürgen Müller", "M.", "Jürgen", "Müller");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Brasserie de l'Étoile");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1970-12-24");
  g_assert_cmpstr (clt_customer_get_language (record->customer), ==, "de");
  assert_contact (record, 0, CLT_CONTACT_PHONE, NULL, "03 88 00 00 00");
  assert_contact (record, 1, CLT_CONTACT_PHONE, "mobile", "06 11 22 33 44");
  assert_contact (record, 2, CLT_CONTACT_EMAIL, NULL, "j.muller@example.fr");
  assert_contact (record, 3, CLT_CONTACT_ADDRESS, NULL, "8 avenue Foch\n67000 Strasbourg\nFrance");
  g_assert_cmpstr (note_at (record, 0), ==, "Végétarien");
  assert_tags (record, "Fournisseur|Alsace");

  record = record_at (read, 1);
  assert_names (record, "Anaïs Garçon", "Mme", "Anaïs", "Garçon");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1984-02-29");
  g_assert_cmpstr (clt_customer_get_language (record->customer), ==, "fr");
  assert_contact (record, 2, CLT_CONTACT_ADDRESS, NULL, "5, impasse du Moulin\n69003 Lyon");

  assert_problem (read, 0, 4, "Line 4: the birthday “31/04/1979” could not be read; "
                              "the customer is imported without it.");
  record = record_at (read, 2);
  assert_names (record, "Aïssatou N'Diaye", "Me", "Aïssatou", "N'Diaye");
  g_assert_null (clt_customer_get_birthday (record->customer));
}

static void
test_excel_unicode (void)
{
  g_autoptr(Read) read = read_file ("excel-unicode.txt", NULL);
  CltCsvPreview *preview = read->preview;
  CltRecord *record;

  g_assert_cmpstr (preview->encoding, ==, "UTF-16LE");
  g_assert_true (preview->encoding_sure);
  g_assert_cmpint (preview->delimiter, ==, '\t');
  g_assert_cmpstr (preview->header[0], ==, "Nom");
  g_assert_cmpint (preview->mapping[3], ==, CLT_CSV_MOBILE);
  g_assert_cmpint (preview->mapping[4], ==, CLT_CSV_POSTAL_CODE);

  assert_order (read, "record 2, record 3");
  record = record_at (read, 0);
  assert_names (record, "Éloïse Rochat", NULL, "Éloïse", "Rochat");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1992-11-05");
  assert_contact (record, 0, CLT_CONTACT_EMAIL, NULL, "eloise@example.ch");
  assert_contact (record, 1, CLT_CONTACT_PHONE, "mobile", "079 123 45 67");
  assert_contact (record, 2, CLT_CONTACT_ADDRESS, NULL, "1003 Lausanne");
  record = record_at (read, 1);
  assert_names (record, "Œdipe Python", NULL, "Œdipe", "Python");
}

static void
test_utf8_bom (void)
{
  g_autoptr(Read) read = read_file ("utf8-bom.csv", NULL);
  CltCsvPreview *preview = read->preview;
  CltRecord *record;

  g_assert_cmpstr (preview->encoding, ==, "UTF-8");
  g_assert_true (preview->encoding_sure);
  g_assert_cmpint (preview->delimiter, ==, ';');
  /* The BOM is not part of the first column's name. */
  g_assert_cmpstr (preview->header[0], ==, "Nom complet");
  g_assert_cmpint (preview->mapping[0], ==, CLT_CSV_FULL_NAME);

  assert_order (read, "record 2, problem 3, record 3");
  /* A whole name split, its honorific apart; a birthday without a year. */
  record = record_at (read, 0);
  assert_names (record, "Mme Hélène Dupré", "Mme", "Hélène", "Dupré");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "--03-17");
  assert_tags (record, "Habitué|Terrasse");
  record = record_at (read, 1);
  assert_names (record, "Jean de la Fontaine", NULL, "Jean", "de la Fontaine");
  assert_problem (read, 0, 3, "Line 3: the birthday “1621-07-08” could not be read; "
                              "the customer is imported without it.");
}

static void
test_macroman (void)
{
  g_autoptr(Read) read = read_file ("macroman.csv", NULL);
  CltCsvPreview *preview = read->preview;

  /* uchardet says ISO-8859-1 here; the letters say Mac Roman. */
  g_assert_cmpstr (preview->encoding, ==, "MACINTOSH");
  g_assert_false (preview->encoding_sure);
  g_assert_cmpint (preview->delimiter, ==, ';');
  g_assert_cmpstr (preview->header[1], ==, "Prénom");

  /* Lines end with CR alone. */
  assert_order (read, "record 2, record 3, record 4");
  assert_names (record_at (read, 0), "Élodie Lefèvre", NULL, "Élodie", "Lefèvre");
  g_assert_cmpstr (note_at (record_at (read, 0), 0), ==, "Préfère le thé à la crème");
  assert_names (record_at (read, 1), "Günther Mœller", NULL, "Günther", "Mœller");
  assert_contact (record_at (read, 1), 0, CLT_CONTACT_ADDRESS, NULL, "Zürich");
  assert_names (record_at (read, 2), "Noël Garçon", NULL, "Noël", "Garçon");
}

static void
map_unknown (CltCsvPreview *preview)
{
  preview->mapping[1] = CLT_CSV_COMPANY;
  preview->mapping[2] = CLT_CSV_EMAIL;
}

static void
test_unknown (void)
{
  g_autofree char *path = data_path ("unknown.csv");
  g_autoptr(Read) guessed = read_path (path, NULL, NULL);
  g_autoptr(Read) mapped = read_path (path, NULL, map_unknown);
  CltRecord *record;

  g_assert_null (guessed->preview->format);
  g_assert_cmpint (guessed->preview->mapping[0], ==, CLT_CSV_IGNORE);
  g_assert_cmpint (guessed->preview->mapping[1], ==, CLT_CSV_IGNORE);
  g_assert_cmpint (guessed->preview->mapping[2], ==, CLT_CSV_IGNORE);
  g_assert_cmpint (guessed->preview->mapping[3], ==, CLT_CSV_FULL_NAME);
  g_assert_cmpint (guessed->preview->mapping[4], ==, CLT_CSV_IGNORE);
  assert_order (guessed, "record 2, problem 3");

  /* The user's mapping is what the reader follows. */
  assert_order (mapped, "record 2, record 3");
  record = record_at (mapped, 0);
  assert_names (record, "Marc Aubert", NULL, "Marc", "Aubert");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Hôtel du Lac");
  assert_contact (record, 0, CLT_CONTACT_EMAIL, NULL, "reception@hotel-du-lac.example");
  record = record_at (mapped, 1);
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Garage Central");
}

static void
test_clientele (void)
{
  g_autoptr(Read) read = read_file ("clientele.csv", NULL);
  CltRecord *record;
  CltPreference *preference;

  g_assert_cmpstr (read->preview->format, ==, "clientele");
  g_assert_cmpint (read->preview->mapping[0], ==, CLT_CSV_FULL_NAME);
  g_assert_cmpint (read->preview->mapping[4], ==, CLT_CSV_ADDRESSED_AS);
  g_assert_cmpint (read->preview->mapping[13], ==, CLT_CSV_ADDRESS);
  g_assert_cmpint (read->preview->mapping[17], ==, CLT_CSV_VIP);
  g_assert_cmpint (read->preview->mapping[18], ==, CLT_CSV_EMAIL_CONSENT);
  g_assert_cmpint (read->preview->mapping[20], ==, CLT_CSV_PREFERENCES);

  record = record_at (read, 0);
  /* Given and family names of their own: the whole name is not split. */
  assert_names (record, "Hélène Dupré", "Mme", "Hélène", "Dupré");
  g_assert_cmpstr (clt_customer_get_addressed_as (record->customer), ==, "Madame Dupré");
  g_assert_true (clt_customer_get_vip (record->customer));
  g_assert_true (record->has_consent);
  g_assert_cmpint (clt_customer_get_email_consent (record->customer), ==, CLT_CONSENT_MARKETING);
  g_assert_cmpuint (record->contacts->len, ==, 4);
  assert_contact (record, 3, CLT_CONTACT_ADDRESS, NULL, "12 rue des Lilas\n75011 Paris");
  g_assert_cmpuint (record->preferences->len, ==, 2);
  preference = g_ptr_array_index (record->preferences, 0);
  g_assert_cmpstr (preference->category, ==, "room");
  g_assert_cmpstr (preference->text, ==, "Chambre calme côté cour");
  preference = g_ptr_array_index (record->preferences, 1);
  g_assert_null (preference->category);
  g_assert_cmpstr (preference->text, ==, "Sans gluten");
  g_assert_cmpint (preference->position, ==, 1);
  assert_tags (record, "Habitués|Terrasse");
}

/* What a spreadsheet writes, the formula guard included: one ' is taken
 * off before = + - @, and kept before anything else. */
static void
test_spreadsheet_guard (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "csv2", "spreadsheet-guard.csv", NULL);
  g_autoptr(Read) read = read_path (path, NULL, NULL);
  CltRecord *record;

  g_assert_null (read->preview->format);
  g_assert_cmpuint (read->problems->len, ==, 0);
  g_assert_cmpuint (read->records->len, ==, 2);

  record = record_at (read, 0);
  assert_names (record, "Paul Martin", NULL, "Paul", "Martin");
  g_assert_cmpuint (record->contacts->len, ==, 1);
  assert_contact (record, 0, CLT_CONTACT_PHONE, NULL, "+41 79 123 45 67");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "=Gérant");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "--12-24");
  assert_tags (record, "-10 %");
  g_assert_cmpuint (record->notes->len, ==, 1);
  g_assert_cmpstr (note_at (record, 0), ==, "'hello");

  record = record_at (read, 1);
  assert_names (record, "Léa @Durand", NULL, "Léa", "@Durand");
  assert_contact (record, 0, CLT_CONTACT_PHONE, NULL, "06 12 34 56 78");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "''+Associée");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1990-07-14");
  assert_tags (record, "'Habitué");
  g_assert_cmpuint (record->notes->len, ==, 1);
  g_assert_cmpstr (note_at (record, 0), ==, "=1+2 ' reste");
}

static void
add_contacts_to_book (CltStore       *store,
                      gint64          id,
                      CltContactKind  kind,
                      const char     *label,
                      const char * const *values)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_assert_cmpint (clt_store_add_contact (store, id, kind, label, values[i], &error), >, 0);
      g_assert_no_error (error);
    }
}

/* Every field the CSV holds, in the book and read back from the file. */
static void
assert_read_back (const CltRecord *read,
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
  g_assert_cmpint (clt_customer_get_vip (a), ==, clt_customer_get_vip (b));
  g_assert_true (read->has_consent);
  g_assert_cmpint (clt_customer_get_email_consent (a), ==, clt_customer_get_email_consent (b));

  /* The CSV has no labels. */
  g_assert_cmpuint (read->contacts->len, ==, stored->contacts->len);
  for (guint i = 0; i < read->contacts->len; i++)
    {
      const CltContact *x = g_ptr_array_index (read->contacts, i);
      const CltContact *y = g_ptr_array_index (stored->contacts, i);

      g_assert_cmpint (x->kind, ==, y->kind);
      g_assert_null (x->label);
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
      g_assert_cmpint (x->position, ==, (int) i);
    }

  g_assert_cmpuint (read->tags->len, ==, stored->tags->len);
  for (guint i = 0; i < read->tags->len; i++)
    g_assert_cmpstr (g_ptr_array_index (read->tags, i), ==, g_ptr_array_index (stored->tags, i));
}

static CltRecord *
read_record (CltRecordReader *reader)
{
  g_autoptr(GError) error = NULL;
  CltRecord *record = NULL;
  CltRecordProblem *problem = NULL;

  g_assert_true (clt_record_reader_next (reader, &record, &problem, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (problem);
  g_assert_nonnull (record);
  return record;
}

/* A book exported as CSV reads back with every field the file holds. */
static void
test_export_round_trip (CltTestBook   *book,
                        gconstpointer  data)
{
  static const char * const emails[] = { "a@x.fr", "b@x.fr", "c@x.fr", "d@x.fr", "e@x.fr", NULL };
  static const char * const phones[] = {
    "+33 6 12 34 56 78", "01 23 45 67 89", "+41 21 000 00 00", "+44 20 7946 0000",
    "06 00 00 00 00", NULL,
  };
  static const char * const addresses[] = {
    "3 rue des Lilas\n75011 Paris", "1 place Vendôme\n75001 Paris",
    "Rue du Lac 2\n1003 Lausanne\nSuisse", NULL,
  };
  static const char * const notes[] = {
    "Première visite en 2019", "Dit \"bonjour\" en breton", "Préfère le matin", "+1 nuit offerte",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = clt_customer_new ("Hélène Dupré-Lefèvre");
  g_autofree char *path = g_build_filename (book->dir, "book.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(CltCsvPreview) preview = NULL;
  g_autoptr(CltRecordReader) reader = NULL;
  g_autoptr(CltRecord) read = NULL;
  g_autoptr(CltRecord) stored = NULL;
  g_autoptr(CltRecord) plain_read = NULL;
  g_autoptr(CltRecord) plain_stored = NULL;
  CltRecord *end = NULL;
  CltRecordProblem *problem = NULL;
  CltStore *store = book->store;
  g_autofree char *contents = NULL;
  gint64 id, plain;

  clt_customer_set_honorific (customer, "Mme");
  clt_customer_set_given_name (customer, "Hélène");
  clt_customer_set_family_name (customer, "Dupré-Lefèvre");
  clt_customer_set_addressed_as (customer, "Madame Dupré");
  clt_customer_set_company (customer, "Les Tilleuls, SARL");
  clt_customer_set_job_title (customer, "=Gérante");
  clt_customer_set_birthday (customer, "--03-14");
  clt_customer_set_language (customer, "fr");
  clt_customer_set_vip (customer, TRUE);
  clt_customer_set_email_consent (customer, CLT_CONSENT_MARKETING);
  id = clt_store_add_customer (store, customer, &error);
  g_assert_no_error (error);

  add_contacts_to_book (store, id, CLT_CONTACT_EMAIL, "work", emails);
  add_contacts_to_book (store, id, CLT_CONTACT_PHONE, "mobile", phones);
  add_contacts_to_book (store, id, CLT_CONTACT_ADDRESS, "home", addresses);
  clt_store_add_preference (store, id, "health", "Allergique aux plumes",
                            CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "room", "Chambre calme, côté jardin", CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "food", "Sans gluten", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "Parking", "Place 12", CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, NULL, "Thé vert", CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  /* Oldest first: the book lists the newest first. */
  clt_store_add_note (store, id, "+1 nuit offerte", NULL, FALSE, &error);
  g_assert_no_error (error);
  clt_store_add_note (store, id, "Préfère\nle matin", NULL, FALSE, &error);
  g_assert_no_error (error);
  clt_store_add_note (store, id, "Dit \"bonjour\" en breton", "Marc", FALSE, &error);
  g_assert_no_error (error);
  clt_store_add_note (store, id, "Première visite en 2019", NULL, TRUE, &error);
  g_assert_no_error (error);
  clt_store_add_tag (store, id, "-10 %", &error);
  g_assert_no_error (error);
  clt_store_add_tag (store, id, "Régulier", &error);
  g_assert_no_error (error);

  plain = clt_test_book_add (book, "Jean");
  {
    g_autoptr(CltCustomer) jean = clt_store_get_customer (store, plain, &error);

    g_assert_no_error (error);
    clt_customer_set_company (jean, "'hello");
    clt_customer_set_email_consent (jean, CLT_CONSENT_NONE);
    clt_store_update_customer (store, jean, &error);
    g_assert_no_error (error);
  }

  g_assert_true (clt_export_book (store, path, CLT_EXPORT_CSV, CLT_EXPORT_DEFAULT,
                                  NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* The guard is in the file: the test reads it back, not around it. */
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, ",'=Gérante,"));
  g_assert_nonnull (strstr (contents, ",'+33 6 12 34 56 78,"));
  g_assert_nonnull (strstr (contents, ",'+41 21 000 00 00; +44 20 7946 0000; 06 00 00 00 00,"));
  g_assert_nonnull (strstr (contents, ",'--03-14,"));
  g_assert_nonnull (strstr (contents, ",'-10 %; Régulier,"));
  g_assert_nonnull (strstr (contents, "\"1 place Vendôme\n75001 Paris; Rue du Lac 2\n1003 Lausanne\nSuisse\""));
  g_assert_nonnull (strstr (contents, "Jean,,,Jean,,'hello,"));

  stream = g_file_read (file, NULL, &error);
  g_assert_no_error (error);
  preview = clt_csv_sniff (G_INPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->format, ==, "clientele");
  reader = clt_csv_reader_new (G_INPUT_STREAM (stream), preview);

  read = read_record (reader);
  stored = clt_export_record_from_store (store, id, CLT_EXPORT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->contacts->len, ==, 5 + 5 + 3);
  g_assert_cmpuint (stored->preferences->len, ==, 5);
  g_assert_cmpuint (stored->tags->len, ==, 2);
  assert_read_back (read, stored);
  g_assert_cmpstr (clt_customer_get_job_title (read->customer), ==, "=Gérante");
  g_assert_cmpstr (clt_customer_get_birthday (read->customer), ==, "--03-14");
  g_assert_cmpint (clt_customer_get_email_consent (read->customer), ==, CLT_CONSENT_MARKETING);
  g_assert_true (clt_customer_get_vip (read->customer));
  assert_tags (read, "-10 %|Régulier");
  /* One note a line, in the book's order; a note's own lines on one. */
  g_assert_cmpuint (stored->notes->len, ==, G_N_ELEMENTS (notes));
  g_assert_cmpuint (read->notes->len, ==, G_N_ELEMENTS (notes));
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    g_assert_cmpstr (note_at (read, i), ==, notes[i]);

  plain_read = read_record (reader);
  plain_stored = clt_export_record_from_store (store, plain, CLT_EXPORT_DEFAULT, &error);
  g_assert_no_error (error);
  assert_read_back (plain_read, plain_stored);
  g_assert_cmpstr (clt_customer_get_company (plain_read->customer), ==, "'hello");
  g_assert_false (clt_customer_get_vip (plain_read->customer));
  g_assert_cmpint (clt_customer_get_email_consent (plain_read->customer), ==, CLT_CONSENT_NONE);
  g_assert_cmpuint (plain_read->notes->len, ==, 0);

  g_assert_false (clt_record_reader_next (reader, &end, &problem, NULL, &error));
  g_assert_no_error (error);
}

/* Only Clientele's own export joins values in a cell: a spreadsheet's
 * phone cell is one number, and its notes cell one note. */
static void
test_joined_only_clientele (void)
{
  CltCsvPreview preview = { 0, };
  CltCsvField mapping[] = { CLT_CSV_FULL_NAME, CLT_CSV_PHONE, CLT_CSV_ADDRESS, CLT_CSV_NOTE,
                            CLT_CSV_PREFERENCES };
  char *header[] = { "Name", "Phone", "Address", "Notes", "Preferences", NULL };
  char *cells[] = { "Jean", "'+33 1; 2", "1 rue A; 2 rue B", "Ligne 1\nLigne 2",
                    "[alert] Room: Calme\n[sensitive] [alert] Vue: mer" };
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_problem_free);
  g_autoptr(CltCsvPlan) plan = NULL;
  g_autoptr(CltRecord) record = NULL;
  CltPreference *preference;

  preview.header = header;
  preview.mapping = mapping;
  preview.n_columns = G_N_ELEMENTS (mapping);
  plan = clt_csv_plan_new (&preview);
  record = clt_csv_plan_build (plan, 2, cells, G_N_ELEMENTS (cells), problems);
  g_assert_nonnull (record);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (record->contacts->len, ==, 2);
  assert_contact (record, 0, CLT_CONTACT_PHONE, NULL, "+33 1; 2");
  assert_contact (record, 1, CLT_CONTACT_ADDRESS, NULL, "1 rue A; 2 rue B");
  g_assert_cmpuint (record->notes->len, ==, 1);
  g_assert_cmpstr (note_at (record, 0), ==, "Ligne 1\nLigne 2");
  /* Preferences are read the same way in any file. */
  g_assert_cmpuint (record->preferences->len, ==, 2);
  preference = g_ptr_array_index (record->preferences, 0);
  g_assert_cmpstr (preference->category, ==, "room");
  g_assert_cmpstr (preference->text, ==, "Calme");
  g_assert_cmpint (preference->flags, ==, CLT_PREFERENCE_ALERT);
  preference = g_ptr_array_index (record->preferences, 1);
  g_assert_cmpstr (preference->category, ==, "Vue");
  g_assert_cmpstr (preference->text, ==, "mer");
  g_assert_cmpint (preference->flags, ==, CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE);
  g_assert_cmpint (preference->position, ==, 1);
}

static void
test_headers_only (void)
{
  g_autoptr(Read) read = read_file ("headers-only.csv", NULL);

  g_assert_cmpuint (read->preview->n_columns, ==, 3);
  g_assert_cmpuint (read->preview->rows->len, ==, 0);
  g_assert_cmpint (read->preview->mapping[2], ==, CLT_CSV_EMAIL);
  assert_order (read, "");
}

static void
assert_unreadable (const char *name,
                   const char *encoding,
                   int         code,
                   const char *message)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCsvPreview) preview = sniff_path (path, encoding, &error);

  g_assert_null (preview);
  g_assert_error (error, CLT_CSV_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_unreadable (void)
{
  const char *empty = "This file is empty: there is nobody to import.";
  const char *binary = "This file is not a CSV file: it holds data other than text, like a "
                       "spreadsheet workbook or an image. Open it in its program and save it as CSV.";

  assert_unreadable ("empty.csv", NULL, CLT_CSV_ERROR_EMPTY, empty);
  assert_unreadable ("blank.csv", NULL, CLT_CSV_ERROR_EMPTY, empty);
  assert_unreadable ("junk.bin", NULL, CLT_CSV_ERROR_BINARY, binary);
  /* Junk stays junk whatever the encoding chosen. */
  assert_unreadable ("junk.bin", "WINDOWS-1252", CLT_CSV_ERROR_BINARY, binary);
  /* A wrong choice: French Outlook's é is no UTF-8. */
  assert_unreadable ("outlook-fr.csv", "UTF-8", CLT_CSV_ERROR_ENCODING,
                     "This file cannot be read as Unicode (UTF-8). Choose the encoding it was saved in.");
  assert_unreadable ("excel-fr.csv", "NO-SUCH-CHARSET", CLT_CSV_ERROR_ENCODING,
                     "This file cannot be read as NO-SUCH-CHARSET. Choose the encoding it was saved in.");
}

static void
test_override (void)
{
  /* The user's choice wins over detection, and is taken as sure: Windows-1252
   * read as Mac Roman gives È for é. */
  g_autoptr(Read) read = read_file ("excel-fr.csv", "MACINTOSH");

  g_assert_cmpstr (read->preview->encoding, ==, "MACINTOSH");
  g_assert_true (read->preview->encoding_sure);
  g_assert_cmpstr (read->preview->header[0], ==, "CivilitÈ");
  g_assert_cmpuint (read->records->len, ==, 3);

  /* Mac Roman's è (0x8F) is no Windows-1252. */
  assert_unreadable ("macroman.csv", "WINDOWS-1252", CLT_CSV_ERROR_ENCODING,
                     "This file cannot be read as Western (Windows-1252). Choose the encoding it was saved in.");
}

static void
test_truncated (void)
{
  g_autoptr(Read) read = read_file ("truncated.csv", NULL);

  assert_order (read, "record 2, problem 3");
  assert_names (record_at (read, 0), "Dupont", NULL, NULL, "Dupont");
  assert_problem (read, 0, 3, "Line 3: a quoted cell starting here never ends; the file may have "
                              "been cut short. This row was left out.");
}

static void
test_wrong_cells (void)
{
  g_autoptr(Read) read = read_file ("wrong-cells.csv", NULL);

  /* More cells than names: kept, the extra ones reported; fewer: kept;
   * empty extra cells: nothing to say. */
  assert_order (read, "problem 2, record 2, record 3, record 4");
  assert_problem (read, 0, 2, "Line 2 has 2 cells more than the column names; they were left out.");
  assert_names (record_at (read, 0), "Jean Dupont", NULL, "Jean", "Dupont");
  assert_contact (record_at (read, 0), 0, CLT_CONTACT_EMAIL, NULL, "jean@example.fr");
  assert_names (record_at (read, 1), "Paul Martin", NULL, "Paul", "Martin");
  g_assert_cmpuint (record_at (read, 1)->contacts->len, ==, 0);
  assert_names (record_at (read, 2), "Luc Durand", NULL, "Luc", "Durand");
}

/* Several addresses in a cell, as a mail program's To line: split at the
 * commas and semicolons between them, not at one inside a quoted name. */
static void
test_several_addresses (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Read) read = NULL;
  CltRecord *record;
  int fd = g_file_open_tmp ("clientele-csv-XXXXXX.csv", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path,
                                      "Name,E-mail\n"
                                      "Jean Dupont,\"\"\"Dupont, Jean\"\" <jean@example.fr>, marie@example.fr;"
                                      " Paul <paul@example.fr>\"\n",
                                      -1, &error));
  g_assert_no_error (error);

  read = read_path (path, NULL, NULL);
  g_unlink (path);
  assert_order (read, "record 2");
  record = record_at (read, 0);
  g_assert_cmpuint (record->contacts->len, ==, 3);
  assert_contact (record, 0, CLT_CONTACT_EMAIL, NULL, "\"Dupont, Jean\" <jean@example.fr>");
  assert_contact (record, 1, CLT_CONTACT_EMAIL, NULL, "marie@example.fr");
  assert_contact (record, 2, CLT_CONTACT_EMAIL, NULL, "Paul <paul@example.fr>");
}

static gsize
peak_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmHWM:");
  return line != NULL ? (gsize) g_ascii_strtoull (line + 6, NULL, 10) : 0;
}

static void
test_long_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clt-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "long.csv", NULL);
  g_autofree char *header_path = g_build_filename (dir, "long-header.csv", NULL);
  g_autoptr(GString) text = g_string_sized_new (11 * 1024 * 1024);
  g_autoptr(Read) read = NULL;
  g_autoptr(CltCsvPreview) preview = NULL;
  gsize before;

  g_assert_no_error (error);

  /* A 10 MB cell on line 2, quoted and over many lines on line 3. */
  g_string_append (text, "Nom,E-mail,Notes\nDupont,dupont@example.fr,");
  for (guint i = 0; i < 10 * 1024 * 1024; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\nMartin,martin@example.fr,\"");
  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "une ligne de note assez longue pour grossir le fichier\n");
  g_string_append (text, "\"\nDurand,durand@example.fr,court\n");
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &error));

  before = peak_kb ();
  read = read_path (path, NULL, NULL);
  /* Read in constant memory: less than the 10 MB line (the file's text
   * was already in memory once, in this test). 0.2 MB here, 3 MB under
   * AddressSanitizer, which holds freed memory back. */
  g_test_message ("peak before %zu kB, after %zu kB", before, peak_kb ());
  g_assert_cmpuint (peak_kb (), <, before + 8 * 1024);

  assert_order (read, "problem 2, record 2, record 3, record 1004");
  assert_problem (read, 0, 2, "Line 2: a cell longer than 64 kB was left out.");
  assert_names (record_at (read, 0), "Dupont", NULL, NULL, "Dupont");
  g_assert_cmpuint (record_at (read, 0)->notes->len, ==, 0);
  g_assert_cmpuint (strlen (note_at (record_at (read, 1), 0)), ==, 1000 * 55);
  g_assert_cmpstr (note_at (record_at (read, 2), 0), ==, "court");

  /* A header of 10 MB is no header. */
  g_string_truncate (text, 0);
  for (guint i = 0; i < 10 * 1024 * 1024; i++)
    g_string_append_c (text, 'y');
  g_assert_true (g_file_set_contents (header_path, text->str, (gssize) text->len, &error));
  preview = sniff_path (header_path, NULL, &error);
  g_assert_null (preview);
  g_assert_error (error, CLT_CSV_ERROR, CLT_CSV_ERROR_HEADER);

  g_unlink (path);
  g_unlink (header_path);
  g_rmdir (dir);
}

static void
test_field_labels (void)
{
  g_assert_cmpstr (clt_csv_field_label (CLT_CSV_GIVEN_NAME), ==, "Given name");
  g_assert_cmpstr (clt_csv_field_label (CLT_CSV_FAMILY_NAME), ==, "Family name");
  g_assert_cmpstr (clt_csv_field_label (CLT_CSV_EMAIL), ==, "E-mail");
  g_assert_cmpstr (clt_csv_field_label (CLT_CSV_IGNORE), ==, "Leave out");
  for (guint i = 0; i < CLT_CSV_N_FIELDS; i++)
    g_assert_cmpstr (clt_csv_field_label (i), !=, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/charset/bom", test_charset_bom);
  g_test_add_func ("/csv/charset/detect", test_charset_detect);
  g_test_add_func ("/csv/charset/choose", test_charset_choose);
  g_test_add_func ("/csv/charset/label", test_charset_label);
  g_test_add_func ("/csv/delimiter", test_delimiter);
  g_test_add_func ("/csv/guess", test_guess);
  g_test_add_func ("/csv/birthday", test_birthday);
  g_test_add_func ("/csv/field-labels", test_field_labels);
  g_test_add_func ("/csv/google-en", test_google_en);
  g_test_add_func ("/csv/google-old", test_google_old);
  g_test_add_func ("/csv/google-fr", test_google_fr);
  g_test_add_func ("/csv/outlook-en", test_outlook_en);
  g_test_add_func ("/csv/outlook-fr", test_outlook_fr);
  g_test_add_func ("/csv/excel-fr", test_excel_fr);
  g_test_add_func ("/csv/excel-unicode", test_excel_unicode);
  g_test_add_func ("/csv/utf8-bom", test_utf8_bom);
  g_test_add_func ("/csv/macroman", test_macroman);
  g_test_add_func ("/csv/unknown", test_unknown);
  g_test_add_func ("/csv/clientele", test_clientele);
  g_test_add_func ("/csv/headers-only", test_headers_only);
  g_test_add_func ("/csv/unreadable", test_unreadable);
  g_test_add_func ("/csv/override", test_override);
  g_test_add_func ("/csv/truncated", test_truncated);
  g_test_add_func ("/csv/wrong-cells", test_wrong_cells);
  g_test_add_func ("/csv/several-addresses", test_several_addresses);
  g_test_add_func ("/csv/long-line", test_long_line);
  g_test_add_func ("/csv/spreadsheet-guard", test_spreadsheet_guard);
  g_test_add_func ("/csv/joined-only-clientele", test_joined_only_clientele);
  g_test_add ("/csv/export-round-trip", CltTestBook, NULL,
              clt_test_book_set_up, test_export_round_trip, clt_test_book_tear_down);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "clt-core.h"
#include "clt-vcard-private.h"
#include "clt-vcard-reader.h"
#include "clt-vcard-writer.h"

/* What a reader gave, in order: each item a record or a problem. */
typedef struct
{
  GPtrArray *records;    /* CltRecord */
  GPtrArray *problems;   /* CltRecordProblem */
  GString   *order;      /* 'R' or 'P' per item */
  GError    *error;
  goffset    position;
} Read;

static void
read_free (Read *read)
{
  g_ptr_array_unref (read->records);
  g_ptr_array_unref (read->problems);
  g_string_free (read->order, TRUE);
  g_clear_error (&read->error);
  g_free (read);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Read, read_free)

static Read *
read_stream (GInputStream *stream)
{
  g_autoptr(CltRecordReader) reader = clt_vcard_reader_new (stream);
  Read *read = g_new0 (Read, 1);

  read->records = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_free);
  read->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_problem_free);
  read->order = g_string_new (NULL);

  for (;;)
    {
      CltRecord *record = NULL;
      CltRecordProblem *problem = NULL;

      if (!clt_record_reader_next (reader, &record, &problem, NULL, &read->error))
        break;

      g_assert_true ((record == NULL) != (problem == NULL));
      if (record != NULL)
        g_ptr_array_add (read->records, record);
      else
        g_ptr_array_add (read->problems, problem);
      g_string_append_c (read->order, record != NULL ? 'R' : 'P');
    }

  read->position = clt_record_reader_get_position (reader);

  return read;
}

static Read *
read_text (const char *text)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);

  return read_stream (stream);
}

static Read *
read_data_file (const char *name,
                gsize      *size)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "vcard", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, &error);
  g_autoptr(GFileInfo) info = NULL;

  g_assert_no_error (error);
  if (size != NULL)
    {
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, &error);
      g_assert_no_error (error);
      *size = g_file_info_get_size (info);
    }

  return read_stream (G_INPUT_STREAM (stream));
}

static CltRecord *
record_at (Read  *read,
           guint  index)
{
  g_assert_cmpuint (index, <, read->records->len);

  return g_ptr_array_index (read->records, index);
}

static void
assert_problem (Read       *read,
                guint       index,
                guint       line,
                const char *reason)
{
  CltRecordProblem *problem;

  g_assert_cmpuint (index, <, read->problems->len);
  problem = g_ptr_array_index (read->problems, index);
  g_assert_cmpstr (problem->reason, ==, reason);
  g_assert_cmpuint (problem->line, ==, line);
}

static void
assert_names (CltRecord  *record,
              guint       line,
              const char *display,
              const char *honorific,
              const char *given,
              const char *family)
{
  g_assert_cmpuint (record->line, ==, line);
  g_assert_cmpstr (clt_customer_get_display_name (record->customer), ==, display);
  g_assert_cmpstr (clt_customer_get_honorific (record->customer), ==, honorific);
  g_assert_cmpstr (clt_customer_get_given_name (record->customer), ==, given);
  g_assert_cmpstr (clt_customer_get_family_name (record->customer), ==, family);
}

/* "kind label value" per contact, "|" between them: one comparison shows
 * every difference. */
static char *
contacts_text (CltRecord *record)
{
  static const char kinds[] = { 'E', 'P', 'A' };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < record->contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (record->contacts, i);

      if (i > 0)
        g_string_append (text, " | ");
      g_string_append_printf (text, "%c %s %s", kinds[contact->kind],
                              contact->label ? contact->label : "-", contact->value);
    }

  return g_string_free (text, FALSE);
}

static char *
tags_text (CltRecord *record)
{
  g_ptr_array_add (record->tags, NULL);
  g_autofree char *text = g_strjoinv ("|", (char **) record->tags->pdata);
  g_ptr_array_remove_index (record->tags, record->tags->len - 1);

  return g_steal_pointer (&text);
}

static void
assert_contacts (CltRecord  *record,
                 const char *expected)
{
  g_autofree char *text = contacts_text (record);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_note (CltRecord  *record,
             guint       index,
             const char *text)
{
  CltNote *note;

  g_assert_cmpuint (index, <, record->notes->len);
  note = g_ptr_array_index (record->notes, index);
  g_assert_cmpstr (note->text, ==, text);
}

static void
assert_tags (CltRecord  *record,
             const char *expected)
{
  g_autofree char *text = tags_text (record);

  g_assert_cmpstr (text, ==, expected);
}

/* Real-shaped exports */

static void
test_read_iphone (void)
{
  gsize size;
  g_autoptr(Read) read = read_data_file ("iphone-icloud.vcf", &size);
  CltRecord *record;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "RR");
  g_assert_cmpint (read->position, ==, size);

  record = record_at (read, 0);
  assert_names (record, 1, "Siobhán Ó Súilleabháin", NULL, "Siobhán", "Ó Súilleabháin");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Hôtel du Lac");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "Directrice");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "--03-17");
  assert_contacts (record,
                   "E home siobhan@example.ie | "
                   "E Réception s.osuilleabhain@hoteldulac.example | "
                   "P mobile +353 87 123 4567 | "
                   "P mobile +33 4 50 60 70 80 | "
                   "P work +33 4 50 00 00 00 | "
                   "A home 4 Main Street\nApartment 2\nH91 X2Y3 Galway\nIreland");
  g_assert_cmpuint (record->notes->len, ==, 1);
  assert_note (record, 0, "Prefers the room facing the lake.\nAllergic to feathers.");
  assert_tags (record, "Guests|VIP guests");
  g_assert_false (record->has_consent);

  /* A company's card: its name is not split into a person's. */
  record = record_at (read, 1);
  assert_names (record, 37, "Boulangerie Martin", NULL, NULL, NULL);
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Boulangerie Martin");
  assert_contacts (record, "P main 01 23 45 67 89");
}

static void
test_read_google (void)
{
  g_autoptr(Read) read = read_data_file ("google-contacts.vcf", NULL);
  CltRecord *record;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "RR");

  record = record_at (read, 0);
  assert_names (record, 1, "Hélène Dupré", "Mme", "Hélène Marie", "Dupré");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Boulangerie Dupré");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "Gérante");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1985-06-12");
  assert_contacts (record,
                   "E home helene.dupre@example.fr | "
                   "E work h.dupre@boulangerie-dupre.example | "
                   "P mobile 06 12 34 56 78 | "
                   "P home 01 45 67 89 10 | "
                   "A home 12 rue de la Paix\n75002 Paris\nÎle-de-France\nFrance");
  assert_note (record, 0, "Cliente depuis 2015, préfère être appelée le matin.");
  /* Google's "myContacts" is every contact's group, not a tag. */
  assert_tags (record, "Fidèles");

  record = record_at (read, 1);
  assert_names (record, 18, "Jean-Pierre Lefèvre", NULL, "Jean-Pierre", "Lefèvre");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "--11-02");
  assert_contacts (record, "P work +33 2 40 00 00 00 | P Standard hôtel +33 6 00 11 22 33");
  assert_tags (record, "");
}

static void
test_read_android (void)
{
  g_autoptr(Read) read = read_data_file ("android-2.1.vcf", NULL);
  CltRecord *record;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "R");

  record = record_at (read, 0);
  assert_names (record, 1, "Hélène Dupré", NULL, "Hélène", "Dupré");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1985-06-12");
  assert_contacts (record,
                   "P mobile +33612345678 | "
                   "P home +33145678901 | "
                   "P - +33140000000 | "
                   "E home helene@example.fr | "
                   "A home 12 rue de la Paix\nBât. B\n75002 Paris\nFrance");
  /* Quoted-printable across a soft line break, with an encoded ';'. */
  assert_note (record, 0, "Préfère les chambres côté jardin, aime le thé vert; pas de café.");
}

static void
test_read_outlook (void)
{
  g_autoptr(Read) read = read_data_file ("outlook-2.1.vcf", NULL);
  CltRecord *record;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "RR");

  record = record_at (read, 0);
  assert_names (record, 1, "Zoë Ørsted", NULL, "Zoë", "Ørsted");
  g_assert_cmpstr (clt_customer_get_company (record->customer), ==, "Société Générale");
  g_assert_cmpstr (clt_customer_get_job_title (record->customer), ==, "Chargée de clientèle");
  assert_contacts (record,
                   "P work +33 1 42 00 00 00 | "
                   "P mobile 06 11 22 33 44 | "
                   "P fax +33 1 42 00 00 01 | "
                   "A work 29 bd Haussmann\n75009 Paris\nFrance | "
                   "E - zoe.orsted@example.com");
  /* Windows-1252's ’ and € through quoted-printable. */
  assert_note (record, 0, "Préfère le café à l’italienne € 3.");

  /* After a photo whose base64 lines are not indented. */
  record = record_at (read, 1);
  assert_names (record, 33, "Œdipe Roi", NULL, "Œdipe", "Roi");
  assert_contacts (record, "E - oedipe@thebes.example");
}

static void
test_read_nextcloud (void)
{
  g_autoptr(Read) read = read_data_file ("nextcloud-4.0.vcf", NULL);
  CltRecord *record;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "RR");

  record = record_at (read, 0);
  assert_names (record, 1, "Zoë Ørsted", NULL, "Zoë", "Ørsted");
  g_assert_cmpstr (clt_customer_get_uid (record->customer), ==, "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "--06-12");
  g_assert_cmpstr (clt_customer_get_language (record->customer), ==, "fr");
  g_assert_cmpstr (clt_customer_get_addressed_as (record->customer), ==, "Zozo");
  assert_contacts (record,
                   "E work zoe@orsted.example | "
                   "P mobile +33-6-98-76-54-32 | "
                   "P home +33-1-23-45-67-89");
  assert_tags (record, "Clients|Fidèles");

  record = record_at (read, 1);
  assert_names (record, 16, "Œdipe Roi", NULL, "Œdipe", "Roi");
  g_assert_cmpstr (clt_customer_get_uid (record->customer), ==, "nextcloud-7f3a");
  g_assert_cmpstr (clt_customer_get_birthday (record->customer), ==, "1970-01-01");
}

static void
test_read_bom_crlf (void)
{
  gsize size;
  g_autoptr(Read) read = read_data_file ("bom-crlf.vcf", &size);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "RRRR");
  g_assert_cmpint (read->position, ==, size);

  assert_names (record_at (read, 0), 1, "Hélène Dupré", NULL, "Hélène", "Dupré");
  assert_names (record_at (read, 1), 7, "Siobhán Ní Bhriain", NULL, "Siobhán", "Ní Bhriain");
  assert_note (record_at (read, 1), 0,
               "Une note assez longue pour être pliée sur deux lignes, comme le font "
               "les programmes qui respectent la limite de 75 octets.");
  /* begin:vcard in lower case. */
  assert_names (record_at (read, 2), 15, "Zoë Ørsted", NULL, "Zoë", "Ørsted");
  assert_contacts (record_at (read, 2), "E work zoe@orsted.example");
  assert_names (record_at (read, 3), 21, "Œdipe Roi", NULL, "Œdipe", "Roi");
  assert_contacts (record_at (read, 3), "P mobile 06 98 76 54 32");
}

static void
test_read_names (void)
{
  const struct {
    const char *card;
    const char *display, *honorific, *given, *family;
  } cases[] = {
    /* No N: FN is split. */
    { "FN:Mme Hélène de la Tour\n", "Mme Hélène de la Tour", "Mme", "Hélène", "de la Tour" },
    /* No FN: the display name is made of N. */
    { "N:Dupré;Hélène;;Dr;\n", "Hélène Dupré", "Dr", "Hélène", "Dupré" },
    { "N:Luther King;Martin;;;Jr.\n", "Martin Luther King Jr.", NULL, "Martin", "Luther King Jr." },
    /* An escaped ';' is text. */
    { "FN:Dupré\\; Hélène\nN:Dupré;Hélène;;;\n", "Dupré; Hélène", NULL, "Hélène", "Dupré" },
    /* Only a company. */
    { "ORG:Hôtel du Lac;Réception\n", "Hôtel du Lac", NULL, NULL, NULL },
    /* Only an e-mail, or a phone. */
    { "EMAIL:anonyme@example.fr\n", "anonyme@example.fr", NULL, NULL, NULL },
    { "TEL;TYPE=CELL:06 12 34 56 78\n", "06 12 34 56 78", NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("BEGIN:VCARD\nVERSION:3.0\n%sEND:VCARD\n", cases[i].card);
      g_autoptr(Read) read = read_text (text);

      g_test_message ("%s", cases[i].card);
      g_assert_no_error (read->error);
      g_assert_cmpstr (read->order->str, ==, "R");
      assert_names (record_at (read, 0), 1, cases[i].display, cases[i].honorific,
                    cases[i].given, cases[i].family);
    }
}

static void
test_read_birthdays (void)
{
  const struct {
    const char *line;
    const char *birthday;
  } cases[] = {
    { "BDAY:1985-06-12", "1985-06-12" },
    { "BDAY:19850612", "1985-06-12" },
    { "BDAY:1985-06-12T00:00:00Z", "1985-06-12" },
    { "BDAY:19850612T000000", "1985-06-12" },
    { "BDAY;VALUE=date:1985-06-12", "1985-06-12" },
    { "BDAY:--0612", "--06-12" },
    { "BDAY:--06-12", "--06-12" },
    { "BDAY:--0229", "--02-29" },
    { "BDAY;X-APPLE-OMIT-YEAR=1604:1604-06-12", "--06-12" },
    { "BDAY;X-APPLE-OMIT-YEAR=1604:1604-06-12T00:00:00Z", "--06-12" },
    { "BDAY:1604-06-12", "1604-06-12" },
    { "BDAY:1985-02-30", NULL },
    { "BDAY:--1301", NULL },
    { "BDAY:---12", NULL },
    { "BDAY:12/06/1985", NULL },
    { "BDAY;VALUE=text:circa 1800", NULL },
    { "BDAY:", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("BEGIN:VCARD\nVERSION:4.0\nFN:Hélène Dupré\n%s\nEND:VCARD\n",
                                               cases[i].line);
      g_autoptr(Read) read = read_text (text);

      g_test_message ("%s", cases[i].line);
      g_assert_cmpstr (read->order->str, ==, "R");
      g_assert_cmpstr (clt_customer_get_birthday (record_at (read, 0)->customer), ==, cases[i].birthday);
    }
}

static void
test_read_uids (void)
{
  const struct {
    const char *line;
    const char *uid;
  } cases[] = {
    { "UID:urn:uuid:4FBE8971-0BC3-424C-9C26-36C3E1EFF6B1", "4FBE8971-0BC3-424C-9C26-36C3E1EFF6B1" },
    { "UID:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1", "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1" },
    { "UID:urn:uuid:not-a-uuid", "urn:uuid:not-a-uuid" },
    { "UID:abc\\n123", NULL },
    { "UID:", NULL },
  };
  g_autofree char *long_uid = g_strnfill (256, 'a');
  g_autofree char *text = NULL;
  g_autoptr(Read) read = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *card = g_strdup_printf ("BEGIN:VCARD\nVERSION:4.0\nFN:A\n%s\nEND:VCARD\n", cases[i].line);
      g_autoptr(Read) one = read_text (card);

      g_test_message ("%s", cases[i].line);
      g_assert_cmpstr (clt_customer_get_uid (record_at (one, 0)->customer), ==, cases[i].uid);
    }

  text = g_strdup_printf ("BEGIN:VCARD\nVERSION:4.0\nFN:A\nUID:%s\nEND:VCARD\n", long_uid);
  read = read_text (text);
  g_assert_null (clt_customer_get_uid (record_at (read, 0)->customer));
}

static void
test_read_labels (void)
{
  g_autoptr(Read) read = read_text ("BEGIN:VCARD\r\n"
                                    "VERSION:3.0\r\n"
                                    "FN:Hélène Dupré\r\n"
                                    "item1.TEL;type=pref:01\r\n"
                                    "item1.X-ABLabel:_$!<Home>!$_\r\n"
                                    "ITEM2.TEL;TYPE=HOME:02\r\n"
                                    "item2.X-ABLabel:  Chez sa mère  \r\n"
                                    "item3.EMAIL:a@example.fr\r\n"
                                    "item3.X-ABLabel:_$!<Other>!$_\r\n"
                                    "TEL;TYPE=\"work,voice\":03\r\n"
                                    "TEL;TYPE=PAGER:04\r\n"
                                    "TEL;TYPE=OTHER:05\r\n"
                                    "item4.TEL:06\r\n"
                                    "item4.X-ABLabel:_$!<WorkFAX>!$_\r\n"
                                    "item5.TEL:07\r\n"
                                    "item5.X-ABLabel:Mobile\r\n"
                                    "EMAIL;TYPE=INTERNET;TYPE=pref:b@example.fr\r\n"
                                    "ADR;TYPE=dom,work:;;;Lyon;;;\r\n"
                                    "END:VCARD\r\n");

  g_assert_cmpstr (read->order->str, ==, "R");
  assert_contacts (record_at (read, 0),
                   "P home 01 | P Chez sa mère 02 | E other a@example.fr | P work 03 | "
                   "P pager 04 | P other 05 | P work fax 06 | P mobile 07 | "
                   "E - b@example.fr | A work Lyon");
}

/* Broken files */

static void
test_read_truncated (void)
{
  g_autoptr(Read) read = read_data_file ("truncated.vcf", NULL);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "RP");
  assert_names (record_at (read, 0), 1, "Hélène Dupré", NULL, "Hélène", "Dupré");
  assert_problem (read, 0, 6, "Card at line 6 has no END:VCARD line (the file may be cut short): skipped.");
}

static void
test_read_binary_junk (void)
{
  g_autoptr(Read) read = read_data_file ("binary-junk.vcf", NULL);
  CltRecord *record;

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "RPPR");
  assert_names (record_at (read, 0), 1, "Hélène Dupré", NULL, "Hélène", "Dupré");
  assert_problem (read, 0, 6, "Lines 6 to 8 are not part of any card: skipped.");
  assert_problem (read, 1, 9, "Card at line 9: 2 lines could not be read and were left out.");

  record = record_at (read, 1);
  assert_names (record, 9, "Jean Martin", NULL, "Jean", "Martin");
  assert_contacts (record, "P - 06 12 34 56 78 | E - jean@example.fr");
}

static void
test_read_wrong_charset (void)
{
  g_autoptr(Read) read = read_data_file ("wrong-charset.vcf", NULL);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "PRRPRR");

  /* Declared UTF-8, written in Latin-1. */
  assert_problem (read, 0, 1, "Card at line 1: some text was not in the expected character set and was "
                              "read as Western European (Windows-1252): check its accents.");
  assert_names (record_at (read, 0), 1, "Renée Lévesque", NULL, "Renée", "Lévesque");
  /* Declared ISO-8859-1, written in UTF-8: read as UTF-8, nothing to report. */
  assert_names (record_at (read, 1), 7, "François Côté", NULL, "François", "Côté");
  /* Nothing declared, Latin-1. */
  assert_problem (read, 1, 12, "Card at line 12: some text was not in the expected character set and was "
                               "read as Western European (Windows-1252): check its accents.");
  assert_names (record_at (read, 2), 12, "Anaïs Morel", NULL, "Anaïs", "Morel");
  /* vCard 2.1 without a charset: the writer's Windows charset, as expected. */
  assert_names (record_at (read, 3), 17, "Josée Lefèvre", NULL, "Josée", "Lefèvre");
}

static void
test_read_soft_breaks (void)
{
  g_autoptr(Read) read = read_text ("BEGIN:VCARD\r\n"
                                    "VERSION:2.1\r\n"
                                    "FN:Hélène Dupré\r\n"
                                    "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:caf=C3=\r\n"
                                    "=A9 =\r\n"
                                    " au lait=0D=0A=\r\n"
                                    "deuxi=C3=A8me ligne=\r\n"
                                    "END:VCARD\r\n");

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "R");
  assert_note (record_at (read, 0), 0, "café  au lait\ndeuxième ligne");
}

static void
test_read_latin1 (void)
{
  g_autoptr(Read) read = read_text ("BEGIN:VCARD\r\n"
                                    "VERSION:2.1\r\n"
                                    "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Lef=E8vre;Jos=E9e\r\n"
                                    "NOTE;CHARSET=ISO-8859-1:Caf\xe9 cr\xe8me\r\n"
                                    "TITLE;CHARSET=WINDOWS-1252;ENCODING=QUOTED-PRINTABLE:=8Cnologue\r\n"
                                    "END:VCARD\r\n");

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "R");
  assert_names (record_at (read, 0), 1, "Josée Lefèvre", NULL, "Josée", "Lefèvre");
  assert_note (record_at (read, 0), 0, "Café crème");
  g_assert_cmpstr (clt_customer_get_job_title (record_at (read, 0)->customer), ==, "Œnologue");
}

static void
test_read_big_card (void)
{
  g_autoptr(GString) text = g_string_new ("BEGIN:VCARD\nVERSION:3.0\nFN:Hélène Dupré\n");
  g_autofree char *note = g_strnfill (100 * 1024, 'n');
  g_autoptr(Read) read = NULL;

  for (guint i = 0; i < 50; i++)
    g_string_append_printf (text, "NOTE:%s\n", note);
  g_string_append (text, "EMAIL:helene@example.fr\nEND:VCARD\n");

  read = read_text (text->str);
  g_assert_cmpstr (read->order->str, ==, "PR");
  assert_problem (read, 0, 1, "Card at line 1 is larger than 4 MB: the rest of it was left out.");
  g_assert_cmpuint (record_at (read, 0)->notes->len, ==, 40);
  g_assert_cmpuint (record_at (read, 0)->contacts->len, ==, 0);
}

static void
test_read_empty (void)
{
  g_autoptr(Read) read = read_data_file ("empty.vcf", NULL);
  g_autoptr(Read) blank = read_text ("\xef\xbb\xbf\r\n  \r\n\n");

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "P");
  assert_problem (read, 0, 1, "The file is empty: there is no card in it.");

  g_assert_no_error (blank->error);
  g_assert_cmpstr (blank->order->str, ==, "P");
  assert_problem (blank, 0, 1, "The file is empty: there is no card in it.");
}

static void
test_read_no_names (void)
{
  g_autoptr(Read) read = read_data_file ("no-names.vcf", NULL);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "PPR");
  assert_problem (read, 0, 1, "Card at line 1 has no name, e-mail or phone number: skipped.");
  assert_problem (read, 1, 9, "Card at line 9 has no name, e-mail or phone number: skipped.");
  assert_names (record_at (read, 0), 26, "sans.nom@example.fr", NULL, NULL, NULL);
}

static void
test_read_not_vcard (void)
{
  g_autoptr(Read) read = read_data_file ("not-vcard.vcf", NULL);
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(Read) late = NULL;

  g_assert_error (read->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (read->error->message, ==, "This is not a vCard file: no contact card was found at its start.");
  g_assert_cmpstr (read->order->str, ==, "");

  /* A card after 64 kB of something else is not looked for. */
  while (big->len <= 64 * 1024)
    g_string_append (big, "Nom;Prénom;Courriel\n");
  g_string_append (big, "BEGIN:VCARD\nFN:Hélène Dupré\nEND:VCARD\n");
  late = read_text (big->str);
  g_assert_error (late->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (late->order->str, ==, "");
}

static void
test_read_malformed (void)
{
  /* What EVCard would answer with g_warning(), fatal here: an invalid
   * escape, characters it does not take in a name or a parameter, a
   * group with two dots, ENCODING twice or unknown, END with a group. */
  g_autoptr(Read) read = read_text ("BEGIN:VCARD\n"
                                    "VERSION:3.0\n"
                                    "FN:Hélène\\x Dupré\\\n"
                                    "NOTE;TYPE=a b;X/Y;=z;:note\\\n"
                                    "TEL;ENCODING=8BIT;ENCODING=QUOTED-PRINTABLE:01=2023\n"
                                    "EMAIL;ENCODING=weird:e@example.fr\n"
                                    "a.b.c:x\n"
                                    "X-Ü:x\n"
                                    ":x\n"
                                    "no colon at all\n"
                                    "item1.END:VCARD2\n"
                                    "  \n"
                                    "CATEGORIES;TYPE=\"unterminated:a\n"
                                    "ADR;ENCODING=QUOTED-PRINTABLE:\n"
                                    "END:VCARD\n");

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "PR");
  assert_problem (read, 0, 1, "Card at line 1: 5 lines could not be read and were left out.");
  g_assert_cmpstr (clt_customer_get_display_name (record_at (read, 0)->customer), ==, "Hélène\\x Dupré\\");
  assert_note (record_at (read, 0), 0, "note\\");
  assert_contacts (record_at (read, 0), "P - 01 23 | E - e@example.fr");
}

static void
test_read_cut_by_next_card (void)
{
  g_autoptr(Read) read = read_text ("BEGIN:VCARD\nFN:Hélène Dupré\n"
                                    "BEGIN:VCARD\nFN:Jean Martin\nEND:VCARD\n"
                                    "END:VCARD\n"
                                    "junk\n");

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "PRP");
  assert_problem (read, 0, 1, "Card at line 1 has no END:VCARD line (the file may be cut short): skipped.");
  assert_names (record_at (read, 0), 3, "Jean Martin", NULL, "Jean", "Martin");
  assert_problem (read, 1, 6, "Lines 6 to 7 are not part of any card: skipped.");
}

static void
test_read_cancelled (void)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("BEGIN:VCARD\nFN:A\nEND:VCARD\n", -1, NULL);
  g_autoptr(CltRecordReader) reader = clt_vcard_reader_new (stream);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(CltRecord) record = NULL;
  g_autoptr(CltRecordProblem) problem = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (clt_record_reader_next (reader, &record, &problem, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static glong
peak_rss_kb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);

  return usage.ru_maxrss;
}

static void
write_repeated (GOutputStream *out,
                char           c,
                gsize          count)
{
  char chunk[64 * 1024];
  g_autoptr(GError) error = NULL;

  memset (chunk, c, sizeof chunk);
  while (count > 0)
    {
      gsize n = MIN (count, sizeof chunk);

      g_output_stream_write_all (out, chunk, n, NULL, NULL, &error);
      g_assert_no_error (error);
      count -= n;
    }
}

static void
write_text (GOutputStream *out,
            const char    *text)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

/* A 10 MB line inside a card, another outside any card, and a photo of
 * 10 MB: read in constant memory, reported, and the cards around them
 * read. Run in a child, whose peak memory is its own. */
static void
test_read_long_lines (void)
{
  const gsize ten_mb = 10 * 1024 * 1024;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileIOStream) io = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(Read) read = NULL;
  GOutputStream *out;
  glong rss_before;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  file = g_file_new_tmp ("test-vcard-XXXXXX.vcf", &io, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (io));
  write_text (out, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hélène Dupré\r\nNOTE:");
  write_repeated (out, 'x', ten_mb);
  write_text (out, "\r\nEMAIL:helene@example.fr\r\nEND:VCARD\r\n");
  write_repeated (out, 'y', ten_mb);
  write_text (out, "\r\nBEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jean Martin\r\nPHOTO;ENCODING=b:");
  for (guint i = 0; i < ten_mb / 76; i++)
    write_text (out, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n ");
  write_text (out, "AAAA\r\nEND:VCARD\r\n");
  g_io_stream_close (G_IO_STREAM (io), NULL, &error);
  g_assert_no_error (error);

  rss_before = peak_rss_kb ();
  in = g_file_read (file, NULL, &error);
  g_assert_no_error (error);
  read = read_stream (G_INPUT_STREAM (in));
  g_file_delete (file, NULL, NULL);

  g_assert_no_error (read->error);
  g_assert_cmpstr (read->order->str, ==, "PRPR");
  assert_problem (read, 0, 1, "Card at line 1: line 4 is longer than 1 MB and was left out.");
  assert_names (record_at (read, 0), 1, "Hélène Dupré", NULL, "Hélène", "Dupré");
  assert_contacts (record_at (read, 0), "E - helene@example.fr");
  g_assert_cmpuint (record_at (read, 0)->notes->len, ==, 0);
  assert_problem (read, 1, 7, "Line 7 is not part of any card: skipped.");
  assert_names (record_at (read, 1), 8, "Jean Martin", NULL, "Jean", "Martin");
  g_assert_cmpint (read->position, >, 3 * ten_mb);

  g_test_message ("peak memory grew by %ld kB", peak_rss_kb () - rss_before);
  g_assert_cmpint (peak_rss_kb () - rss_before, <, 8 * 1024);
}

/* Writing */

static CltRecord *
full_record (void)
{
  CltRecord *record = clt_record_new (0);
  CltCustomer *customer = record->customer;
  CltPreference *preference;
  CltNote *note;

  clt_customer_set_display_name (customer, "Hélène Dupré-Lefèvre");
  clt_customer_set_honorific (customer, "Mme");
  clt_customer_set_given_name (customer, "Hélène");
  clt_customer_set_family_name (customer, "Dupré-Lefèvre");
  clt_customer_set_addressed_as (customer, "Madame la Présidente");
  clt_customer_set_company (customer, "Boulangerie Dupré; fils, & Cie");
  clt_customer_set_job_title (customer, "Gérante\\associée");
  clt_customer_set_language (customer, "fr-CA");
  clt_customer_set_birthday (customer, "1985-06-12");
  clt_customer_set_uid (customer, "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
  clt_customer_set_vip (customer, TRUE);
  clt_customer_set_email_consent (customer, CLT_CONSENT_MARKETING);
  clt_customer_set_consent_at (customer, 1709285400);
  clt_customer_set_consent_source (customer, "Marie, réception");
  record->has_consent = TRUE;

  clt_record_add_contact (record, CLT_CONTACT_EMAIL, "home", "helene@example.fr");
  clt_record_add_contact (record, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78");
  clt_record_add_contact (record, CLT_CONTACT_EMAIL, "Réception, 2e étage", "accueil@example.fr");
  clt_record_add_contact (record, CLT_CONTACT_PHONE, NULL, "01 45 67 89 10");
  clt_record_add_contact (record, CLT_CONTACT_PHONE, "fax", "01 45 67 89 11");
  clt_record_add_contact (record, CLT_CONTACT_EMAIL, "mobile", "sms@example.fr");
  clt_record_add_contact (record, CLT_CONTACT_ADDRESS, "work", "12 rue de la Paix; Bât. B\n75002 Paris\nFrance");
  clt_record_add_contact (record, CLT_CONTACT_ADDRESS, "other", "Chalet « Les Mélèzes »\n74400 Chamonix");

  preference = g_new0 (CltPreference, 1);
  preference->category = g_strdup ("food");
  preference->text = g_strdup ("Sans gluten; pas de lactose, ni de noix");
  preference->flags = CLT_PREFERENCE_ALERT;
  preference->position = 0;
  preference->created_at = 1709285400;
  g_ptr_array_add (record->preferences, preference);

  preference = g_new0 (CltPreference, 1);
  preference->category = g_strdup ("health");
  preference->text = g_strdup ("Allergie aux plumes");
  preference->flags = CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE;
  preference->position = 1;
  g_ptr_array_add (record->preferences, preference);

  preference = g_new0 (CltPreference, 1);
  preference->category = g_strdup ("Chambre \"vue\": lac, 3^e; étage");
  preference->text = g_strdup ("Côté lac,\nau calme");
  preference->position = 2;
  preference->created_at = 1709200000;
  g_ptr_array_add (record->preferences, preference);

  preference = g_new0 (CltPreference, 1);
  preference->text = g_strdup ("Journal le matin");
  preference->position = 3;
  g_ptr_array_add (record->preferences, preference);

  note = g_new0 (CltNote, 1);
  note->text = g_strdup ("Cliente depuis 2015.\nA:B \\ C, D; E");
  note->author = g_strdup ("Jean-Luc, accueil");
  note->created_at = 1709285400;
  g_ptr_array_add (record->notes, note);

  note = g_new0 (CltNote, 1);
  note->text = g_strdup ("Toujours vérifier la chambre 12 avant son arrivée.");
  note->pinned = TRUE;
  note->created_at = 1709300000;
  g_ptr_array_add (record->notes, note);

  g_ptr_array_add (record->tags, g_strdup ("Fidèles"));
  g_ptr_array_add (record->tags, g_strdup ("Hiver, ski"));
  g_ptr_array_add (record->tags, g_strdup ("a;b\\c"));

  return record;
}

static CltRecord *
plain_record (void)
{
  CltRecord *record = clt_record_new (0);
  CltCustomer *customer = record->customer;

  clt_customer_set_display_name (customer, "Zoë Ørsted");
  clt_customer_set_given_name (customer, "Zoë");
  clt_customer_set_family_name (customer, "Ørsted");
  clt_customer_set_birthday (customer, "--06-12");
  clt_customer_set_uid (customer, "legacy;42");
  clt_record_add_contact (record, CLT_CONTACT_PHONE, "home", "+45 12 34 56 78");

  return record;
}

static EVCardAttribute *
get_attribute (EVCard     *vcard,
               const char *name,
               guint       nth)
{
  for (GList *l = e_vcard_get_attributes (vcard); l != NULL; l = l->next)
    {
      if (g_ascii_strcasecmp (e_vcard_attribute_get_name (l->data), name) == 0 && nth-- == 0)
        return l->data;
    }

  return NULL;
}

/* The values of an attribute, joined with '|'. */
static char *
values (EVCard     *vcard,
        const char *name,
        guint       nth)
{
  EVCardAttribute *attribute = get_attribute (vcard, name, nth);
  GString *text = g_string_new (NULL);

  if (attribute == NULL)
    return g_string_free (text, TRUE);

  for (GList *l = e_vcard_attribute_get_values (attribute); l != NULL; l = l->next)
    {
      if (l != e_vcard_attribute_get_values (attribute))
        g_string_append_c (text, '|');
      g_string_append (text, l->data);
    }

  return g_string_free (text, FALSE);
}

static char *
param (EVCard     *vcard,
       const char *name,
       guint       nth,
       const char *param_name)
{
  EVCardAttribute *attribute = get_attribute (vcard, name, nth);
  GList *param_values = attribute ? e_vcard_attribute_get_param (attribute, param_name) : NULL;

  return param_values ? g_strdup (param_values->data) : NULL;
}

#define assert_values(vcard, name, nth, expected) G_STMT_START { \
    g_autofree char *_v = values (vcard, name, nth);            \
    g_assert_cmpstr (_v, ==, expected);                         \
  } G_STMT_END

#define assert_param(vcard, name, nth, param_name, expected) G_STMT_START { \
    g_autofree char *_p = param (vcard, name, nth, param_name);              \
    g_assert_cmpstr (_p, ==, expected);                                      \
  } G_STMT_END

/* CRLF only, 75 octets at most, folded lines begin with a space and are
 * valid UTF-8 each. */
static void
assert_lines (const char *card)
{
  const char *line = card;

  g_assert_true (g_str_has_suffix (card, "END:VCARD\r\n"));
  while (*line)
    {
      const char *end = strstr (line, "\r\n");

      g_assert_nonnull (end);
      g_assert_cmpint (end - line, <=, 75);
      g_assert_null (memchr (line, '\n', end - line));
      g_assert_null (memchr (line, '\r', end - line));
      g_assert_true (g_utf8_validate (line, end - line, NULL));
      line = end + 2;
    }
}

static void
test_write_4_0 (void)
{
  g_autoptr(CltRecord) record = full_record ();
  g_autoptr(CltRecord) plain = plain_record ();
  g_autofree char *card = clt_vcard_write (record, CLT_VCARD_4_0, CLT_VCARD_WRITE_DEFAULT);
  g_autofree char *plain_card = clt_vcard_write (plain, CLT_VCARD_4_0, CLT_VCARD_WRITE_DEFAULT);
  g_autoptr(EVCard) vcard = e_vcard_new_from_string (card);
  g_autoptr(EVCard) plain_vcard = e_vcard_new_from_string (plain_card);

  g_test_message ("%s", card);
  assert_lines (card);
  assert_lines (plain_card);
  g_assert_true (g_str_has_prefix (card, "BEGIN:VCARD\r\nVERSION:4.0\r\n"));

  assert_values (vcard, "UID", 0, "urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
  assert_values (vcard, "FN", 0, "Hélène Dupré-Lefèvre");
  assert_values (vcard, "N", 0, "Dupré-Lefèvre|Hélène||Mme|");
  assert_values (vcard, "EMAIL", 0, "helene@example.fr");
  assert_param (vcard, "EMAIL", 0, "TYPE", "home");
  assert_values (vcard, "TEL", 0, "+33 6 12 34 56 78");
  assert_param (vcard, "TEL", 0, "TYPE", "cell");
  assert_values (vcard, "EMAIL", 1, "accueil@example.fr");
  g_assert_cmpstr (e_vcard_attribute_get_group (get_attribute (vcard, "EMAIL", 1)), ==, "item1");
  assert_values (vcard, "X-ABLabel", 0, "Réception, 2e étage");
  g_assert_cmpstr (e_vcard_attribute_get_group (get_attribute (vcard, "X-ABLabel", 0)), ==, "item1");
  assert_values (vcard, "TEL", 1, "01 45 67 89 10");
  assert_param (vcard, "TEL", 1, "TYPE", NULL);
  g_assert_null (e_vcard_attribute_get_group (get_attribute (vcard, "TEL", 1)));
  assert_values (vcard, "X-ABLabel", 1, "fax");
  assert_values (vcard, "X-ABLabel", 2, "mobile");
  assert_values (vcard, "ADR", 0, "||12 rue de la Paix; Bât. B\n75002 Paris\nFrance||||");
  assert_param (vcard, "ADR", 0, "TYPE", "work");
  assert_param (vcard, "ADR", 1, "TYPE", "other");
  assert_values (vcard, "BDAY", 0, "19850612");
  assert_values (vcard, "ORG", 0, "Boulangerie Dupré; fils, & Cie");
  assert_values (vcard, "TITLE", 0, "Gérante\\associée");
  assert_values (vcard, "LANG", 0, "fr-CA");
  assert_values (vcard, "CATEGORIES", 0, "Fidèles|Hiver, ski|a;b\\c");
  assert_values (vcard, "NOTE", 0, "Toujours vérifier la chambre 12 avant son arrivée.\n\n"
                                   "Cliente depuis 2015.\nA:B \\ C, D; E");
  assert_values (vcard, "X-CLIENTELE-ADDRESSED-AS", 0, "Madame la Présidente");
  assert_values (vcard, "X-CLIENTELE-VIP", 0, "1");
  assert_values (vcard, "X-CLIENTELE-CONSENT", 0, "marketing");
  assert_param (vcard, "X-CLIENTELE-CONSENT", 0, "RECORDED", "20240301T093000Z");
  assert_param (vcard, "X-CLIENTELE-CONSENT", 0, "SOURCE", "Marie, réception");
  assert_values (vcard, "X-CLIENTELE-PREFERENCE", 0, "Sans gluten; pas de lactose, ni de noix");
  assert_param (vcard, "X-CLIENTELE-PREFERENCE", 0, "CATEGORY", "food");
  assert_param (vcard, "X-CLIENTELE-PREFERENCE", 0, "ALERT", "1");
  assert_param (vcard, "X-CLIENTELE-PREFERENCE", 0, "SENSITIVE", NULL);
  assert_param (vcard, "X-CLIENTELE-PREFERENCE", 1, "SENSITIVE", "1");
  /* RFC 6868: ^' for a quote, ^^ for a caret. */
  assert_param (vcard, "X-CLIENTELE-PREFERENCE", 2, "CATEGORY", "Chambre ^'vue^': lac, 3^^e; étage");
  assert_values (vcard, "X-CLIENTELE-PREFERENCE", 2, "Côté lac,\nau calme");
  assert_param (vcard, "X-CLIENTELE-PREFERENCE", 3, "CATEGORY", NULL);
  assert_values (vcard, "X-CLIENTELE-NOTE", 0, "Cliente depuis 2015.\nA:B \\ C, D; E");
  assert_param (vcard, "X-CLIENTELE-NOTE", 0, "AUTHOR", "Jean-Luc, accueil");
  assert_param (vcard, "X-CLIENTELE-NOTE", 0, "PINNED", NULL);
  assert_param (vcard, "X-CLIENTELE-NOTE", 1, "PINNED", "1");
  assert_param (vcard, "X-CLIENTELE-NOTE", 1, "CREATED", "20240301T133320Z");

  assert_values (plain_vcard, "UID", 0, "legacy;42");
  assert_param (plain_vcard, "UID", 0, "VALUE", "text");
  assert_values (plain_vcard, "BDAY", 0, "--0612");
  g_assert_null (get_attribute (plain_vcard, "X-CLIENTELE-VIP", 0));
  g_assert_null (get_attribute (plain_vcard, "X-CLIENTELE-CONSENT", 0));
  g_assert_null (get_attribute (plain_vcard, "NOTE", 0));
  g_assert_null (get_attribute (plain_vcard, "CATEGORIES", 0));
}

static void
test_write_3_0 (void)
{
  g_autoptr(CltRecord) record = full_record ();
  g_autoptr(CltRecord) plain = plain_record ();
  g_autoptr(CltRecord) company = clt_record_new (0);
  g_autofree char *card = clt_vcard_write (record, CLT_VCARD_3_0, CLT_VCARD_WRITE_DEFAULT);
  g_autofree char *plain_card = clt_vcard_write (plain, CLT_VCARD_3_0, CLT_VCARD_WRITE_DEFAULT);
  g_autofree char *company_card = NULL;
  g_autoptr(EVCard) vcard = e_vcard_new_from_string (card);
  g_autoptr(EVCard) plain_vcard = e_vcard_new_from_string (plain_card);
  g_autoptr(EVCard) company_vcard = NULL;

  assert_lines (card);
  g_assert_true (g_str_has_prefix (card, "BEGIN:VCARD\r\nVERSION:3.0\r\n"));
  assert_values (vcard, "UID", 0, "4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
  assert_values (vcard, "FN", 0, "Hélène Dupré-Lefèvre");
  assert_values (vcard, "N", 0, "Dupré-Lefèvre|Hélène||Mme|");
  assert_values (vcard, "BDAY", 0, "1985-06-12");
  assert_values (vcard, "CATEGORIES", 0, "Fidèles|Hiver, ski|a;b\\c");
  assert_param (vcard, "TEL", 0, "TYPE", "cell");

  assert_values (plain_vcard, "UID", 0, "legacy;42");
  assert_param (plain_vcard, "UID", 0, "VALUE", NULL);
  assert_values (plain_vcard, "BDAY", 0, "1604-06-12");
  assert_param (plain_vcard, "BDAY", 0, "X-APPLE-OMIT-YEAR", "1604");

  /* 3.0 needs an N even for a company. */
  clt_customer_set_display_name (company->customer, "Hôtel du Lac");
  clt_customer_set_company (company->customer, "Hôtel du Lac");
  company_card = clt_vcard_write (company, CLT_VCARD_3_0, CLT_VCARD_WRITE_DEFAULT);
  company_vcard = e_vcard_new_from_string (company_card);
  assert_values (company_vcard, "N", 0, "||||");
  assert_values (company_vcard, "FN", 0, "Hôtel du Lac");
}

static void
test_write_folding (void)
{
  g_autoptr(CltRecord) record = clt_record_new (0);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *card = NULL;
  g_autoptr(EVCard) vcard = NULL;
  g_autoptr(Read) read = NULL;
  guint folds = 0;

  /* Two-, three- and four-octet characters at every offset of the cut. */
  for (guint i = 0; i < 40; i++)
    g_string_append (text, i % 3 == 0 ? "é" : i % 3 == 1 ? "€x" : "𝄞yz");
  clt_customer_set_display_name (record->customer, text->str);
  g_string_prepend (text, "a");
  clt_customer_set_company (record->customer, text->str);
  g_string_prepend (text, "b");
  clt_customer_set_job_title (record->customer, text->str);

  card = clt_vcard_write (record, CLT_VCARD_4_0, CLT_VCARD_WRITE_DEFAULT);
  assert_lines (card);
  for (const char *p = strstr (card, "\r\n "); p != NULL; p = strstr (p + 1, "\r\n "))
    folds++;
  g_assert_cmpuint (folds, >=, 6);
  vcard = e_vcard_new_from_string (card);
  assert_values (vcard, "TITLE", 0, text->str);

  read = read_text (card);
  g_assert_cmpstr (read->order->str, ==, "R");
  g_assert_cmpstr (clt_customer_get_job_title (record_at (read, 0)->customer), ==, text->str);
}

static void
test_write_without_sensitive (void)
{
  g_autoptr(CltRecord) record = full_record ();
  g_autofree char *card = clt_vcard_write (record, CLT_VCARD_4_0, CLT_VCARD_WRITE_WITHOUT_SENSITIVE);
  g_autoptr(Read) read = read_text (card);
  CltRecord *again = record_at (read, 0);

  g_assert_null (strstr (card, "plumes"));
  g_assert_null (strstr (card, "SENSITIVE"));
  g_assert_cmpuint (again->preferences->len, ==, 3);
  for (guint i = 0; i < again->preferences->len; i++)
    {
      CltPreference *preference = g_ptr_array_index (again->preferences, i);

      g_assert_false (preference->flags & CLT_PREFERENCE_SENSITIVE);
    }
}

/* Round trips: record, writer, reader, the same record */

static void
assert_same_record (CltRecord *a,
                    CltRecord *b)
{
  const char * const properties[] = {
    "display-name", "honorific", "given-name", "family-name", "addressed-as", "company",
    "language", "birthday", "job-title", "uid",
  };
  g_autofree char *contacts_a = contacts_text (a);
  g_autofree char *contacts_b = contacts_text (b);
  g_autofree char *tags_a = tags_text (a);
  g_autofree char *tags_b = tags_text (b);

  for (guint i = 0; i < G_N_ELEMENTS (properties); i++)
    {
      g_autofree char *value_a = NULL;
      g_autofree char *value_b = NULL;

      g_object_get (a->customer, properties[i], &value_a, NULL);
      g_object_get (b->customer, properties[i], &value_b, NULL);
      g_assert_cmpstr (value_a, ==, value_b);
    }

  g_assert_cmpint (clt_customer_get_vip (a->customer), ==, clt_customer_get_vip (b->customer));
  g_assert_cmpint (a->has_consent, ==, b->has_consent);
  if (a->has_consent)
    {
      g_assert_cmpint (clt_customer_get_email_consent (a->customer), ==, clt_customer_get_email_consent (b->customer));
      g_assert_cmpint (clt_customer_get_consent_at (a->customer), ==, clt_customer_get_consent_at (b->customer));
      g_assert_cmpstr (clt_customer_get_consent_source (a->customer), ==, clt_customer_get_consent_source (b->customer));
    }

  g_assert_cmpstr (contacts_a, ==, contacts_b);
  g_assert_cmpstr (tags_a, ==, tags_b);

  g_assert_cmpuint (a->preferences->len, ==, b->preferences->len);
  for (guint i = 0; i < a->preferences->len; i++)
    {
      CltPreference *pa = g_ptr_array_index (a->preferences, i);
      CltPreference *pb = g_ptr_array_index (b->preferences, i);

      g_assert_cmpstr (pa->category, ==, pb->category);
      g_assert_cmpstr (pa->text, ==, pb->text);
      g_assert_cmpint (pa->flags, ==, pb->flags);
      g_assert_cmpint (pa->position, ==, pb->position);
      g_assert_cmpint (pa->created_at, ==, pb->created_at);
    }

  g_assert_cmpuint (a->notes->len, ==, b->notes->len);
  for (guint i = 0; i < a->notes->len; i++)
    {
      CltNote *na = g_ptr_array_index (a->notes, i);
      CltNote *nb = g_ptr_array_index (b->notes, i);

      g_assert_cmpstr (na->text, ==, nb->text);
      g_assert_cmpstr (na->author, ==, nb->author);
      g_assert_cmpint (na->pinned, ==, nb->pinned);
      g_assert_cmpint (na->created_at, ==, nb->created_at);
    }
}

static void
test_round_trip (gconstpointer data)
{
  CltVCardVersion version = GPOINTER_TO_INT (data);
  CltRecord *(*makers[]) (void) = { full_record, plain_record };

  for (guint i = 0; i < G_N_ELEMENTS (makers); i++)
    {
      g_autoptr(CltRecord) record = makers[i] ();
      g_autofree char *card = clt_vcard_write (record, version, CLT_VCARD_WRITE_DEFAULT);
      g_autoptr(Read) read = read_text (card);

      g_assert_no_error (read->error);
      g_assert_cmpstr (read->order->str, ==, "R");
      g_assert_cmpuint (record_at (read, 0)->line, ==, 1);
      assert_same_record (record, record_at (read, 0));
    }
}

/* Several cards written one after the other read back in order, with
 * their lines. */
static void
test_round_trip_file (void)
{
  g_autoptr(GString) file = g_string_new (NULL);
  g_autoptr(Read) read = NULL;
  guint lines[3] = { 0 };

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(CltRecord) record = i == 1 ? full_record () : plain_record ();
      g_autofree char *card = clt_vcard_write (record, CLT_VCARD_4_0, CLT_VCARD_WRITE_DEFAULT);

      for (const char *p = file->str; *p; p++)
        lines[i] += *p == '\n';
      lines[i]++;
      g_string_append (file, card);
    }

  read = read_text (file->str);
  g_assert_cmpstr (read->order->str, ==, "RRR");
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (record_at (read, i)->line, ==, lines[i]);
  g_assert_cmpuint (lines[2], >, lines[1] + 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vcard/read/long-lines", test_read_long_lines);
  g_test_add_func ("/vcard/read/iphone", test_read_iphone);
  g_test_add_func ("/vcard/read/google", test_read_google);
  g_test_add_func ("/vcard/read/android", test_read_android);
  g_test_add_func ("/vcard/read/outlook", test_read_outlook);
  g_test_add_func ("/vcard/read/nextcloud", test_read_nextcloud);
  g_test_add_func ("/vcard/read/bom-crlf", test_read_bom_crlf);
  g_test_add_func ("/vcard/read/names", test_read_names);
  g_test_add_func ("/vcard/read/birthdays", test_read_birthdays);
  g_test_add_func ("/vcard/read/uids", test_read_uids);
  g_test_add_func ("/vcard/read/labels", test_read_labels);
  g_test_add_func ("/vcard/read/truncated", test_read_truncated);
  g_test_add_func ("/vcard/read/binary-junk", test_read_binary_junk);
  g_test_add_func ("/vcard/read/wrong-charset", test_read_wrong_charset);
  g_test_add_func ("/vcard/read/soft-breaks", test_read_soft_breaks);
  g_test_add_func ("/vcard/read/latin1", test_read_latin1);
  g_test_add_func ("/vcard/read/big-card", test_read_big_card);
  g_test_add_func ("/vcard/read/empty", test_read_empty);
  g_test_add_func ("/vcard/read/no-names", test_read_no_names);
  g_test_add_func ("/vcard/read/not-vcard", test_read_not_vcard);
  g_test_add_func ("/vcard/read/malformed", test_read_malformed);
  g_test_add_func ("/vcard/read/cut-by-next-card", test_read_cut_by_next_card);
  g_test_add_func ("/vcard/read/cancelled", test_read_cancelled);
  g_test_add_func ("/vcard/write/4.0", test_write_4_0);
  g_test_add_func ("/vcard/write/3.0", test_write_3_0);
  g_test_add_func ("/vcard/write/folding", test_write_folding);
  g_test_add_func ("/vcard/write/without-sensitive", test_write_without_sensitive);
  g_test_add_data_func ("/vcard/round-trip/4.0", GINT_TO_POINTER (CLT_VCARD_4_0), test_round_trip);
  g_test_add_data_func ("/vcard/round-trip/3.0", GINT_TO_POINTER (CLT_VCARD_3_0), test_round_trip);
  g_test_add_func ("/vcard/round-trip/file", test_round_trip_file);

  return g_test_run ();
}

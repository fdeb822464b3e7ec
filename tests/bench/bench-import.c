/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-core.h"
#include "clt-import.h"

/*
 * Import benchmark: writes a vCard 3.0 file of N people (French and English
 * names, e-mails, phones written several ways, some notes and birthdays),
 * imports it into an empty book through the engine as `clientele-cli
 * import` does, and prints customers per second and the peak memory; then
 * imports it again, which must add nobody. The same people also go through
 * the engine straight from memory, which tells the reader's share of the
 * time from the engine's and the book's. It prints figures and asserts no
 * timing; it fails when a count is wrong.
 *
 * Last, the floor: SQLite alone copying the imported book's rows, already
 * made, into an empty book with the same schema and settings, in one
 * transaction. No import can be faster than that on this machine.
 */

static const char * const given_names[] = {
  "Hélène", "Jean", "Marie", "Pierre", "Zoé", "Éric", "Chloé", "Louis", "Camille", "Antoine",
  "Léa", "Nicolas", "Manon", "Julien", "Inès", "Mathieu", "Sophie", "François", "Aurélie", "Benoît",
  "Céline", "Gaëlle", "Jérôme", "Noémie", "Raphaël", "Anaïs", "Loïc", "Maëlle", "Stéphane", "Élodie",
  "Jean-Marc", "Marie-Claire", "Anne-Sophie", "Jean-Pierre", "Thérèse", "Agnès", "Hervé", "Yves", "Josée", "Réjean",
  "James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William", "Elizabeth",
  "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
  "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily", "Noah", "Sophia",
  "Siobhán", "Seán", "Aoife", "Niamh", "Ciarán", "Gráinne", "Pádraig", "Róisín", "Eoin", "Caoimhe",
};

static const char * const family_names[] = {
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
  "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
  "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
  "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
  "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
  "Dupré", "Côté", "Tremblay", "Gagnon", "Bouchard", "Gauthier", "Lévesque", "Bélanger", "Pelletier", "Bergeron",
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor",
  "Moore", "Jackson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King",
  "Ó Súilleabháin", "Mac Cárthaigh", "Ní Bhriain", "O'Brien", "McCarthy", "Fitzgerald", "Murphy", "Kelly", "Byrne", "Ryan",
  "de la Fontaine", "Le Goff", "Le Gall", "Van der Berg", "Da Silva", "Dos Santos", "El Amrani", "Ben Salah", "Nguyen", "Tran",
};

static const char * const notes[] = {
  "Préfère être appelée le matin.",
  "Allergic to feathers: synthetic pillows.",
  "Client depuis 2009, toujours la chambre 12.",
  "Likes the corner table by the window.",
  "Demande une facture au nom de la société.",
};

typedef struct
{
  char *given;
  char *family;
  char *email;
  char *phone;
  char *second_phone;
  char *birthday;
  char *company;
  char *note;
  char *uid;
} Person;

static void
person_clear (Person *person)
{
  g_free (person->given);
  g_free (person->family);
  g_free (person->email);
  g_free (person->phone);
  g_free (person->second_phone);
  g_free (person->birthday);
  g_free (person->company);
  g_free (person->note);
  g_free (person->uid);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Person, person_clear)

/* A well-mixed 32-bit number for (i, k): the same person every time. */
static guint32
mix (guint32 i,
     guint32 k)
{
  guint32 h = i * 0x9E3779B1u ^ (k + 0x7F4A7C15u) * 0x85EBCA77u;

  h ^= h >> 16;
  h *= 0x7FEB352Du;
  h ^= h >> 15;
  h *= 0x846CA68Bu;
  h ^= h >> 16;
  return h;
}

static char *
ascii_of (const char *text)
{
  g_autofree char *folded = g_str_to_ascii (text, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_tolower (*p));

  return g_string_free (out, FALSE);
}

static void
person_at (guint   i,
           Person *person)
{
  g_autofree char *given_ascii = NULL;
  g_autofree char *family_ascii = NULL;
  guint32 r = mix (i, 0);
  guint32 number = i * 7919u % 100000000u;

  /* Two families in three have one name, the others two, as in France and
   * Québec: few namesakes, as in a real book, but some. */
  person->given = g_strdup (given_names[mix (i, 1) % G_N_ELEMENTS (given_names)]);
  if (mix (i, 16) % 3 != 0)
    person->family = g_strdup (family_names[mix (i, 2) % G_N_ELEMENTS (family_names)]);
  else
    person->family = g_strdup_printf ("%s-%s", family_names[mix (i, 2) % G_N_ELEMENTS (family_names)],
                                      family_names[mix (i, 17) % G_N_ELEMENTS (family_names)]);
  given_ascii = ascii_of (person->given);
  family_ascii = ascii_of (person->family);
  person->email = g_strdup_printf ("%s.%s.%u@%s", given_ascii, family_ascii, i,
                                   r % 3 == 0 ? "example.fr" : r % 3 == 1 ? "example.com" : "example.ch");
  person->uid = g_strdup_printf ("%08x-%04x-4%03x-8%03x-%012u", mix (i, 3), mix (i, 4) & 0xffff,
                                 mix (i, 5) & 0xfff, mix (i, 6) & 0xfff, i);

  /* Mobile numbers, each unique, written the ways phones and people do. */
  switch (r % 4)
    {
    case 0:
      person->phone = g_strdup_printf ("06 %02u %02u %02u %02u", number / 1000000 % 100,
                                       number / 10000 % 100, number / 100 % 100, number % 100);
      break;
    case 1:
      person->phone = g_strdup_printf ("+33 7 %02u %02u %02u %02u", number / 1000000 % 100,
                                       number / 10000 % 100, number / 100 % 100, number % 100);
      break;
    case 2:
      person->phone = g_strdup_printf ("+41 79 %03u %02u %02u", number / 10000 % 1000,
                                       number / 100 % 100, number % 100);
      break;
    default:
      person->phone = g_strdup_printf ("+44 7700 %06u", number % 1000000);
      break;
    }
  if (mix (i, 7) % 4 == 0)
    {
      guint32 home = (i * 104729u + 17) % 100000000u;

      person->second_phone = g_strdup_printf ("01.%02u.%02u.%02u.%02u", home / 1000000 % 100,
                                              home / 10000 % 100, home / 100 % 100, home % 100);
    }

  if (mix (i, 8) % 3 == 0)
    person->birthday = mix (i, 9) % 4 == 0
                       ? g_strdup_printf ("--%02u-%02u", 1 + mix (i, 10) % 12, 1 + mix (i, 11) % 28)
                       : g_strdup_printf ("%u-%02u-%02u", 1940 + mix (i, 12) % 65,
                                          1 + mix (i, 10) % 12, 1 + mix (i, 11) % 28);
  if (mix (i, 13) % 10 == 0)
    person->company = g_strdup_printf ("%s & Fils", person->family);
  if (mix (i, 14) % 5 == 0)
    person->note = g_strdup (notes[mix (i, 15) % G_N_ELEMENTS (notes)]);
}

/* vCard 3.0 text escapes. */
static void
append_escaped (GString    *out,
                const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == ',' || *p == ';' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
}

static void
write_vcard_file (const char *path,
                  guint       n_people)
{
  g_autoptr(GString) card = g_string_new (NULL);
  FILE *out = fopen (path, "wb");

  g_assert_nonnull (out);
  for (guint i = 0; i < n_people; i++)
    {
      g_auto(Person) person = { 0 };

      person_at (i, &person);
      g_string_truncate (card, 0);
      g_string_append (card, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:");
      append_escaped (card, person.family);
      g_string_append_c (card, ';');
      append_escaped (card, person.given);
      g_string_append (card, ";;;\r\nFN:");
      append_escaped (card, person.given);
      g_string_append_c (card, ' ');
      append_escaped (card, person.family);
      g_string_append_printf (card, "\r\nUID:%s\r\nEMAIL;TYPE=INTERNET,HOME:%s\r\nTEL;TYPE=CELL:%s\r\n",
                              person.uid, person.email, person.phone);
      if (person.second_phone != NULL)
        g_string_append_printf (card, "TEL;TYPE=HOME,VOICE:%s\r\n", person.second_phone);
      if (person.birthday != NULL)
        g_string_append_printf (card, "BDAY:%s\r\n", person.birthday);
      if (person.company != NULL)
        {
          g_string_append (card, "ORG:");
          append_escaped (card, person.company);
          g_string_append (card, "\r\n");
        }
      if (person.note != NULL)
        {
          g_string_append (card, "NOTE:");
          append_escaped (card, person.note);
          g_string_append (card, "\r\n");
        }
      g_string_append (card, "END:VCARD\r\n");
      fwrite (card->str, 1, card->len, out);
    }
  g_assert_cmpint (fclose (out), ==, 0);
}

/* The same people as records built in memory, for the engine alone. */
#define BENCH_TYPE_PEOPLE (bench_people_get_type ())
G_DECLARE_FINAL_TYPE (BenchPeople, bench_people, BENCH, PEOPLE, GObject)

struct _BenchPeople
{
  GObject parent_instance;
  guint   next;
  guint   n_people;
};

static void bench_people_iface_init (CltRecordReaderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (BenchPeople, bench_people, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_RECORD_READER, bench_people_iface_init))

static gboolean
bench_people_next (CltRecordReader   *reader,
                   CltRecord        **record,
                   CltRecordProblem **problem,
                   GCancellable      *cancellable,
                   GError           **error)
{
  BenchPeople *self = BENCH_PEOPLE (reader);
  g_auto(Person) person = { 0 };
  g_autofree char *display = NULL;
  CltRecord *built;

  if (self->next >= self->n_people)
    return FALSE;

  person_at (self->next, &person);
  built = clt_record_new (self->next * 8 + 1);
  display = g_strdup_printf ("%s %s", person.given, person.family);
  clt_customer_set_display_name (built->customer, display);
  clt_customer_set_given_name (built->customer, person.given);
  clt_customer_set_family_name (built->customer, person.family);
  clt_customer_set_uid (built->customer, person.uid);
  clt_customer_set_birthday (built->customer, person.birthday);
  clt_customer_set_company (built->customer, person.company);
  clt_record_add_contact (built, CLT_CONTACT_EMAIL, "home", person.email);
  clt_record_add_contact (built, CLT_CONTACT_PHONE, "mobile", person.phone);
  if (person.second_phone != NULL)
    clt_record_add_contact (built, CLT_CONTACT_PHONE, "home", person.second_phone);
  if (person.note != NULL)
    {
      CltNote *note = g_new0 (CltNote, 1);

      note->text = g_strdup (person.note);
      g_ptr_array_add (built->notes, note);
    }

  self->next++;
  *record = built;
  return TRUE;
}

static goffset
bench_people_get_position (CltRecordReader *reader)
{
  return BENCH_PEOPLE (reader)->next;
}

static void
bench_people_iface_init (CltRecordReaderInterface *iface)
{
  iface->next = bench_people_next;
  iface->get_position = bench_people_get_position;
}

static void
bench_people_class_init (BenchPeopleClass *klass)
{
}

static void
bench_people_init (BenchPeople *self)
{
}

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static double
seconds_since (gint64 start_ns)
{
  return (now_ns () - start_ns) / 1e9;
}

/* Processor time: on a machine shared with other work, what the import
 * itself cost. */
static double
cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The processor time of the calling thread alone: the import's writing
 * thread, whose work is the import's length when the reading thread keeps
 * ahead of it. */
static double
thread_cpu_seconds (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Linux's peak resident memory since the last reset_peak(). */
static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmHWM:")) != NULL)
    return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;

  return 0;
}

static double
rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "VmRSS:")) != NULL)
    return g_ascii_strtod (line + strlen ("VmRSS:"), NULL) / 1024.0;

  return 0;
}

/* Writing 5 to clear_refs resets VmHWM (Linux 4.0); what the previous
 * phase freed is given back first, so that each phase's peak is its own. */
static void
reset_peak (void)
{
  malloc_trim (0);
  g_file_set_contents ("/proc/self/clear_refs", "5", 1, NULL);
}

static CltImportResult
import_into (const char      *label,
             CltStore        *store,
             CltRecordReader *reader,
             guint            n_people)
{
  g_autoptr(CltImport) import = clt_import_new (store, "FR");
  g_autoptr(GError) error = NULL;
  CltImportResult result;
  double before;
  gint64 start;
  double seconds;
  double cpu;
  double writer;

  reset_peak ();
  before = rss_mib ();
  start = now_ns ();
  cpu = cpu_seconds ();
  writer = thread_cpu_seconds ();
  if (!clt_import_run (import, reader, NULL, NULL, NULL, &result, &error))
    g_error ("%s: %s", label, error->message);
  seconds = seconds_since (start);
  cpu = cpu_seconds () - cpu;
  writer = thread_cpu_seconds () - writer;

  printf ("%-34s %6.2f s (processor %5.2f s, writing thread %5.2f s) %7.0f customers/s  "
          "added %u, merged %u, skipped %u  memory %.0f MiB before, peak %.0f MiB\n",
          label, seconds, cpu, writer, n_people / seconds, result.added, result.merged, result.skipped,
          before, peak_rss_mib ());
  fflush (stdout);
  return result;
}

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* Copies the rows of @from into a new book at @to with SQLite alone: the
 * tables in the order the import fills them, the search index last. */
static void
copy_floor (const char *from,
            const char *to)
{
  static const char * const tables[] = {
    "INSERT INTO customers SELECT * FROM b.customers ORDER BY search_rowid",
    "INSERT INTO emails SELECT * FROM b.emails",
    "INSERT INTO phones SELECT * FROM b.phones",
    "INSERT INTO addresses SELECT * FROM b.addresses",
    "INSERT INTO preferences SELECT * FROM b.preferences",
    "INSERT INTO notes SELECT * FROM b.notes",
    "INSERT INTO tags SELECT * FROM b.tags",
    "INSERT INTO customer_tags SELECT * FROM b.customer_tags",
  };
  g_autoptr(GError) error = NULL;
  char *attach;
  CltStore *store;
  sqlite3 *db = NULL;
  gint64 start;
  gint64 search_start;
  double cpu;

  /* The schema, made as the program makes it. */
  store = clt_store_open (to, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  if (sqlite3_open (to, &db) != SQLITE_OK)
    g_error ("%s: %s", to, sqlite3_errmsg (db));
  exec_or_die (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                   " PRAGMA temp_store = MEMORY; PRAGMA cache_size = -16384");
  attach = sqlite3_mprintf ("ATTACH %Q AS b", from);
  exec_or_die (db, attach);
  sqlite3_free (attach);

  reset_peak ();
  start = now_ns ();
  cpu = cpu_seconds ();
  exec_or_die (db, "BEGIN");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    exec_or_die (db, tables[i]);
  search_start = now_ns ();
  exec_or_die (db, "INSERT INTO search (rowid, name, contact, details)"
                   " SELECT rowid, name, contact, details FROM b.search ORDER BY rowid");
  search_start = now_ns () - search_start;
  exec_or_die (db, "COMMIT");

  printf ("%-34s %6.2f s (processor %5.2f s)  of which the search index %.2f s\n",
          "floor: SQLite copying the rows", seconds_since (start), cpu_seconds () - cpu,
          search_start / 1e9);
  fflush (stdout);
  sqlite3_close (db);
}

static CltRecordReader *
open_file (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  CltRecordReader *reader = clt_import_open (file, NULL, &error);

  if (reader == NULL)
    g_error ("%s", error->message);
  return reader;
}

/* The first pass the window runs for its summary: it writes nothing. */
static void
plan_file (const char *label,
           CltStore   *store,
           const char *path)
{
  g_autoptr(CltImport) import = clt_import_new (store, "FR");
  g_autoptr(CltRecordReader) reader = open_file (path);
  g_autoptr(GError) error = NULL;
  double before;
  gint64 start;
  double cpu;

  reset_peak ();
  before = rss_mib ();
  start = now_ns ();
  cpu = cpu_seconds ();
  if (!clt_import_plan (import, reader, NULL, NULL, NULL, &error))
    g_error ("%s: %s", label, error->message);

  printf ("%-34s %6.2f s (processor %5.2f s)  new %u, same %u, possible duplicates %u  "
          "memory %.0f MiB before, peak %.0f MiB\n",
          label, seconds_since (start), cpu_seconds () - cpu, clt_import_get_n_new (import),
          clt_import_get_n_same (import), clt_import_get_duplicates (import)->len,
          before, peak_rss_mib ());
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *vcf = NULL;
  g_autofree char *memory_db = NULL;
  g_autofree char *file_db = NULL;
  g_autofree char *plan_db = NULL;
  g_autofree char *floor_db = NULL;
  guint n_people = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  GStatBuf st;
  gint64 start;

  dir = g_dir_make_tmp ("clientele-bench-import-XXXXXX", &error);
  g_assert_no_error (error);
  vcf = g_build_filename (dir, "people.vcf", NULL);
  memory_db = g_build_filename (dir, "memory.db", NULL);
  file_db = g_build_filename (dir, "file.db", NULL);
  plan_db = g_build_filename (dir, "plan.db", NULL);
  floor_db = g_build_filename (dir, "floor.db", NULL);

  start = now_ns ();
  write_vcard_file (vcf, n_people);
  g_assert_cmpint (g_stat (vcf, &st), ==, 0);
  printf ("%u people, vCard 3.0: %.1f MiB written in %.2f s\n", n_people,
          st.st_size / (1024.0 * 1024.0), seconds_since (start));

  {
    g_autoptr(CltStore) store = clt_store_open (file_db, &error);
    g_autoptr(CltRecordReader) first = NULL;
    g_autoptr(CltRecordReader) second = NULL;
    CltImportResult result;

    g_assert_no_error (error);
    first = open_file (vcf);
    result = import_into ("vCard file, empty book", store, first, n_people);
    g_assert_cmpuint (result.added, ==, (guint) clt_store_count_customers (store));
    if (result.added != n_people)
      printf ("  (the vCard reader read %u of %u cards)\n", result.added, n_people);

    second = open_file (vcf);
    result = import_into ("the same file again", store, second, n_people);
    g_assert_cmpuint (result.added, ==, 0);
    g_assert_cmpuint (result.merged, ==, 0);
    printf ("the second import added %u customers\n", result.added);
  }

  {
    g_autoptr(CltStore) store = clt_store_open (memory_db, &error);
    g_autoptr(BenchPeople) people = g_object_new (BENCH_TYPE_PEOPLE, NULL);
    CltImportResult result;

    g_assert_no_error (error);
    people->n_people = n_people;
    result = import_into ("records from memory, empty book", store, CLT_RECORD_READER (people), n_people);
    g_assert_cmpuint (result.added + result.merged + result.skipped, ==, n_people);
    g_assert_cmpuint (result.merged + result.skipped, ==, 0);

    people->next = 0;
    result = import_into ("the same records again", store, CLT_RECORD_READER (people), n_people);
    g_assert_cmpuint (result.added + result.merged, ==, 0);
  }

  /* Last: what the plan keeps (the possible duplicates, their records
   * with them) is not all given back to the system. */
  {
    g_autoptr(CltStore) store = clt_store_open (plan_db, &error);

    g_assert_no_error (error);
    plan_file ("vCard file, plan (window summary)", store, vcf);
  }

  copy_floor (file_db, floor_db);

  {
    const char *names[] = { "people.vcf", "memory.db", "memory.db-wal", "memory.db-shm",
                            "file.db", "file.db-wal", "file.db-shm", "plan.db", "plan.db-wal",
                            "plan.db-shm", "floor.db", "floor.db-wal", "floor.db-shm",
                            "file.db-outbox.lock", "memory.db-outbox.lock", "plan.db-outbox.lock",
                            "floor.db-outbox.lock" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);
        g_unlink (path);
      }
    g_rmdir (dir);
  }

  return 0;
}

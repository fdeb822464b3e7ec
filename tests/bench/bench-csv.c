/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "clt-csv-reader.h"

/* Reads a generated Google Contacts export of N rows (default 100,000):
 * prints rows per second and the peak memory, which must not grow with N.
 * Asserts no timing. */

static const char *given[] = { "Hélène", "François", "Zoë", "Jean-Pierre", "Anaïs", "Noël", "Chloé", "Jérôme" };
static const char *family[] = { "Dupré", "Lefèvre", "Garçon", "Müller", "Ménard", "Bœuf", "N'Diaye", "Rochat" };

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
write_export (const char *path,
              guint       n)
{
  FILE *file = fopen (path, "w");

  g_assert_nonnull (file);
  fputs ("First Name,Middle Name,Last Name,Phonetic First Name,Phonetic Middle Name,Phonetic Last Name,"
         "Name Prefix,Name Suffix,Nickname,File As,Organization Name,Organization Title,"
         "Organization Department,Birthday,Notes,Photo,Labels,E-mail 1 - Label,E-mail 1 - Value,"
         "Phone 1 - Label,Phone 1 - Value,Phone 2 - Label,Phone 2 - Value,Address 1 - Label,"
         "Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,"
         "Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address\n",
         file);
  for (guint i = 0; i < n; i++)
    fprintf (file,
             "%s,,%s %u,,,,,,,,Café %u,Gérant,,19%02u-%02u-%02u,\"Préfère la table %u, près de la fenêtre\",,"
             "* myContacts ::: Habitués,* Home,client%u@example.fr,Mobile,+33 6 %02u %02u %02u %02u,"
             "Work,01 42 %02u %02u %02u,Home,\"%u rue des Lilas\n75011 Paris\nFrance\",%u rue des Lilas,"
             "Paris,,,75011,France,\n",
             given[i % G_N_ELEMENTS (given)], family[i % G_N_ELEMENTS (family)], i, i % 500,
             40 + i % 60, 1 + i % 12, 1 + i % 28, i % 20, i, i % 100, (i / 100) % 100, i % 97, i % 89,
             i % 100, i % 90, i % 80, i % 200 + 1, i % 200 + 1);
  g_assert_cmpint (fclose (file), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clt-bench-csv-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "google.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(CltCsvPreview) preview = NULL;
  g_autoptr(CltRecordReader) reader = NULL;
  GStatBuf st;
  gsize before;
  gint64 start, sniffed, end;
  guint records = 0, problems = 0;

  g_assert_no_error (error);
  write_export (path, n);
  g_stat (path, &st);
  before = peak_kb ();

  start = g_get_monotonic_time ();
  stream = g_file_read (file, NULL, &error);
  g_assert_no_error (error);
  preview = clt_csv_sniff (G_INPUT_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (preview->format, ==, "google");
  sniffed = g_get_monotonic_time ();

  reader = clt_csv_reader_new (G_INPUT_STREAM (stream), preview);
  for (;;)
    {
      CltRecord *record = NULL;
      CltRecordProblem *problem = NULL;

      if (!clt_record_reader_next (reader, &record, &problem, NULL, &error))
        break;
      records += record != NULL;
      problems += problem != NULL;
      clt_record_free (record);
      clt_record_problem_free (problem);
    }
  g_assert_no_error (error);
  end = g_get_monotonic_time ();
  g_assert_cmpuint (records, ==, n);
  g_assert_cmpuint (problems, ==, 0);

  printf ("csv-%u: file %.1f MB; sniff (whole-file charset scan) %.0f ms; "
          "read %u rows in %.2f s: %.0f rows/s (%.0f rows/s with the sniff); "
          "peak memory %zu kB (%zu kB before reading)\n",
          n, st.st_size / 1e6, (sniffed - start) / 1e3, records, (end - sniffed) / 1e6,
          records / ((end - sniffed) / 1e6), records / ((end - start) / 1e6), peak_kb (), before);

  g_unlink (path);
  g_rmdir (dir);
  return 0;
}

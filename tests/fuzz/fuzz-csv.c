/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clt-csv-reader.h"

/* Any bytes as a CSV file: sniffed as found and as Windows-1252, then read
 * to the end. Whatever comes out is valid UTF-8, each row's line is after
 * the header's and never goes back, and the parts (delimiter, column
 * names, birthdays) take the same bytes as text. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_text (const char *text)
{
  g_assert (text == NULL || g_utf8_validate (text, -1, NULL));
}

static void
read_all (GBytes     *bytes,
          const char *encoding)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCsvPreview) preview = clt_csv_sniff (stream, encoding, &error);
  g_autoptr(CltRecordReader) reader = NULL;
  guint last_line = 1;

  if (preview == NULL)
    {
      g_assert (error != NULL && error->message != NULL);
      return;
    }

  g_assert (preview->delimiter == ',' || preview->delimiter == ';' || preview->delimiter == '\t');
  g_assert (preview->n_columns > 0 && preview->n_columns == g_strv_length (preview->header));
  for (guint i = 0; i < preview->n_columns; i++)
    {
      check_text (preview->header[i]);
      g_assert (preview->mapping[i] < CLT_CSV_N_FIELDS);
    }
  for (guint i = 0; i < preview->rows->len; i++)
    g_assert (g_strv_length (g_ptr_array_index (preview->rows, i)) == preview->n_columns);

  reader = clt_csv_reader_new (stream, preview);
  for (;;)
    {
      g_autoptr(CltRecord) record = NULL;
      g_autoptr(CltRecordProblem) problem = NULL;

      if (!clt_record_reader_next (reader, &record, &problem, NULL, &error))
        break;
      g_assert ((record == NULL) != (problem == NULL));
      if (problem != NULL)
        {
          g_assert (problem->line > 1 && problem->line >= last_line);
          check_text (problem->reason);
          last_line = problem->line;
          continue;
        }

      g_assert (record->line > 1 && record->line >= last_line);
      last_line = record->line;
      check_text (clt_customer_get_display_name (record->customer));
      check_text (clt_customer_get_given_name (record->customer));
      check_text (clt_customer_get_family_name (record->customer));
      check_text (clt_customer_get_company (record->customer));
      check_text (clt_customer_get_birthday (record->customer));
      for (guint i = 0; i < record->contacts->len; i++)
        {
          CltContact *contact = g_ptr_array_index (record->contacts, i);

          check_text (contact->label);
          check_text (contact->value);
          g_assert (contact->value != NULL && *contact->value != '\0');
        }
      for (guint i = 0; i < record->notes->len; i++)
        check_text (((CltNote *) g_ptr_array_index (record->notes, i))->text);
      for (guint i = 0; i < record->tags->len; i++)
        check_text (g_ptr_array_index (record->tags, i));
    }
  g_assert (error == NULL || error->message != NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *birthday = NULL;
  char delimiter;

  read_all (bytes, NULL);
  read_all (bytes, "WINDOWS-1252");

  if (!g_utf8_validate (text, -1, NULL))
    return 0;

  delimiter = clt_csv_sniff_delimiter (text, -1);
  g_assert (delimiter == ',' || delimiter == ';' || delimiter == '\t');
  g_assert (clt_csv_guess_field (text) < CLT_CSV_N_FIELDS);
  if (clt_csv_parse_birthday (text, CLT_CSV_DAY_FIRST, &birthday) && birthday != NULL)
    g_assert (strlen (birthday) == 10 || strlen (birthday) == 7);

  return 0;
}

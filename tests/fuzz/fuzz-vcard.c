/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clt-text.h"
#include "clt-vcard-reader.h"
#include "clt-vcard-writer.h"

/* Any bytes as a vCard file: read without crashing, each step gives a
 * record or a problem, the records hold valid UTF-8, and what the writer
 * makes of a record reads back as one record with the same name. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_text (const char *text)
{
  g_assert (text == NULL || g_utf8_validate (text, -1, NULL));
}

static void
check_record (CltRecord *record)
{
  CltCustomer *customer = record->customer;
  const CltVCardVersion versions[] = { CLT_VCARD_4_0, CLT_VCARD_3_0 };

  g_assert (record->line > 0);
  g_assert_false (clt_text_is_blank (clt_customer_get_display_name (customer)));
  check_text (clt_customer_get_given_name (customer));
  check_text (clt_customer_get_family_name (customer));
  check_text (clt_customer_get_company (customer));
  check_text (clt_customer_get_birthday (customer));
  check_text (clt_customer_get_uid (customer));
  for (guint i = 0; i < record->contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (record->contacts, i);

      check_text (contact->label);
      check_text (contact->value);
    }
  for (guint i = 0; i < record->notes->len; i++)
    check_text (((CltNote *) g_ptr_array_index (record->notes, i))->text);

  for (guint v = 0; v < G_N_ELEMENTS (versions); v++)
    {
      g_autofree char *card = clt_vcard_write (record, versions[v], CLT_VCARD_WRITE_DEFAULT);
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (card, strlen (card), NULL);
      g_autoptr(CltRecordReader) reader = clt_vcard_reader_new (stream);
      g_autoptr(CltRecord) again = NULL;
      g_autoptr(CltRecordProblem) problem = NULL;
      g_autoptr(GError) error = NULL;

      g_assert (g_utf8_validate (card, -1, NULL));
      for (const char *line = card; *line; line = strstr (line, "\r\n") + 2)
        g_assert (strstr (line, "\r\n") - line <= 75);

      g_assert_true (clt_record_reader_next (reader, &again, &problem, NULL, &error));
      g_assert_no_error (error);
      g_assert_null (problem);
      g_assert_cmpstr (clt_customer_get_display_name (again->customer), ==,
                       clt_customer_get_display_name (customer));
      g_assert_cmpuint (again->contacts->len, ==, record->contacts->len);
      g_assert_cmpstr (clt_customer_get_birthday (again->customer), ==, clt_customer_get_birthday (customer));
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(CltRecordReader) reader = clt_vcard_reader_new (stream);
  g_autoptr(GError) error = NULL;
  goffset position = 0;

  for (;;)
    {
      g_autoptr(CltRecord) record = NULL;
      g_autoptr(CltRecordProblem) problem = NULL;

      if (!clt_record_reader_next (reader, &record, &problem, NULL, &error))
        break;

      g_assert ((record == NULL) != (problem == NULL));
      g_assert (clt_record_reader_get_position (reader) >= position);
      g_assert (clt_record_reader_get_position (reader) <= (goffset) size);
      position = clt_record_reader_get_position (reader);

      if (problem != NULL)
        {
          g_assert (problem->line > 0);
          g_assert (problem->reason != NULL && g_utf8_validate (problem->reason, -1, NULL));
        }
      else
        {
          check_record (record);
        }
    }

  g_assert (error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));

  return 0;
}

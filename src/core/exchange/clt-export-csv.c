/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include <csv.h>

#include "clt-export-private.h"

#define EMAIL_COLUMNS 3
#define PHONE_COLUMNS 3
#define ADDRESS_COLUMNS 2

/* The CSV reader recognises these cells, whatever the language: keep them
 * in English and in step with it. */
static const char csv_header[] =
  "Name,Honorific,Given Name,Family Name,Addressed As,Company,Job Title,"
  "E-mail 1,E-mail 2,E-mail 3,Phone 1,Phone 2,Phone 3,Address 1,Address 2,"
  "Birthday,Language,VIP,E-mail Consent,Tags,Preferences,Notes\r\n";

/* A text of several lines on one: a CSV cell lists one item a line. */
static char *
dup_one_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit_set (text, "\r\n", -1);
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_strstrip (lines[i]);
      if (lines[i][0] != '\0')
        g_strv_builder_add (kept, lines[i]);
    }

  parts = g_strv_builder_end (kept);
  return g_strjoinv (" ", parts);
}

/* One cell, and the comma before it but for the first. */
static void
append_cell (GString    *row,
             gboolean    first,
             const char *text)
{
  g_autofree char *guarded = NULL;
  gsize length, size, start;

  if (!first)
    g_string_append_c (row, ',');

  if (text == NULL || text[0] == '\0')
    return;

  /* A spreadsheet runs a cell starting with these as a formula. */
  if (strchr ("=+-@", text[0]) != NULL)
    text = guarded = g_strconcat ("'", text, NULL);

  length = strlen (text);
  if (strcspn (text, ",\"\r\n") == length)
    {
      g_string_append_len (row, text, length);
      return;
    }

  size = csv_write (NULL, 0, text, length);
  start = row->len;
  g_string_set_size (row, start + size);
  csv_write (row->str + start, size, text, length);
}

/* @n_columns cells of one kind of contact, the extra ones joined in the
 * last. */
static void
append_contact_cells (GString         *row,
                      const CltRecord *record,
                      CltContactKind   kind,
                      guint            n_columns)
{
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  g_autofree char *rest = NULL;

  for (guint i = 0; i < record->contacts->len; i++)
    {
      const CltContact *contact = g_ptr_array_index (record->contacts, i);

      if (contact->kind == kind)
        g_ptr_array_add (values, contact->value);
    }

  for (guint i = 0; i + 1 < n_columns; i++)
    append_cell (row, FALSE, i < values->len ? g_ptr_array_index (values, i) : NULL);

  if (values->len >= n_columns)
    {
      g_ptr_array_add (values, NULL);
      rest = g_strjoinv ("; ", (char **) values->pdata + n_columns - 1);
    }
  append_cell (row, FALSE, rest);
}

static void
append_preferences_cell (GString         *row,
                         const CltRecord *record)
{
  g_autoptr(GString) cell = g_string_new (NULL);

  for (guint i = 0; i < record->preferences->len; i++)
    {
      const CltPreference *preference = g_ptr_array_index (record->preferences, i);
      const char *category = clt_preference_category_label (preference->category);
      g_autofree char *text = dup_one_line (preference->text);

      if (i > 0)
        g_string_append_c (cell, '\n');
      if (preference->flags & CLT_PREFERENCE_ALERT)
        g_string_append (cell, "[alert] ");
      if (preference->flags & CLT_PREFERENCE_SENSITIVE)
        g_string_append (cell, "[sensitive] ");
      if (category != NULL)
        g_string_append_printf (cell, "%s: ", category);
      g_string_append (cell, text);
    }

  append_cell (row, FALSE, cell->str);
}

static void
append_notes_cell (GString         *row,
                   const CltRecord *record)
{
  g_autoptr(GString) cell = g_string_new (NULL);

  for (guint i = 0; i < record->notes->len; i++)
    {
      const CltNote *note = g_ptr_array_index (record->notes, i);
      g_autofree char *text = dup_one_line (note->text);

      if (i > 0)
        g_string_append_c (cell, '\n');
      g_string_append (cell, text);
    }

  append_cell (row, FALSE, cell->str);
}

const char *
clt_export_csv_header (void)
{
  return csv_header;
}

char *
clt_export_csv_row (const CltRecord *record)
{
  CltCustomer *customer;
  GString *row;
  g_autoptr(GString) tags = g_string_new (NULL);

  g_return_val_if_fail (record != NULL, NULL);

  for (guint i = 0; i < record->tags->len; i++)
    g_string_append_printf (tags, "%s%s", i > 0 ? "; " : "", (char *) g_ptr_array_index (record->tags, i));

  customer = record->customer;
  row = g_string_new (NULL);

  append_cell (row, TRUE, clt_customer_get_display_name (customer));
  append_cell (row, FALSE, clt_customer_get_honorific (customer));
  append_cell (row, FALSE, clt_customer_get_given_name (customer));
  append_cell (row, FALSE, clt_customer_get_family_name (customer));
  append_cell (row, FALSE, clt_customer_get_addressed_as (customer));
  append_cell (row, FALSE, clt_customer_get_company (customer));
  append_cell (row, FALSE, clt_customer_get_job_title (customer));
  append_contact_cells (row, record, CLT_CONTACT_EMAIL, EMAIL_COLUMNS);
  append_contact_cells (row, record, CLT_CONTACT_PHONE, PHONE_COLUMNS);
  append_contact_cells (row, record, CLT_CONTACT_ADDRESS, ADDRESS_COLUMNS);
  append_cell (row, FALSE, clt_customer_get_birthday (customer));
  append_cell (row, FALSE, clt_customer_get_language (customer));
  append_cell (row, FALSE, clt_customer_get_vip (customer) ? "yes" : "no");
  append_cell (row, FALSE, record->has_consent
                           ? clt_export_consent_to_string (clt_customer_get_email_consent (customer))
                           : NULL);
  append_cell (row, FALSE, tags->str);
  append_preferences_cell (row, record);
  append_notes_cell (row, record);
  g_string_append (row, "\r\n");

  return g_string_free (row, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-export-private.h"
#include "clt-vcard-writer.h"

/* Customers read from the book at a time. */
#define PAGE_SIZE 200

/* Excel opens a CSV file as UTF-8 only when it starts with a BOM (without,
 * it reads the system's ANSI code page and garbles accents); LibreOffice
 * and the Google Contacts import take the BOM as UTF-8 too. */
static const char utf8_bom[] = "\xef\xbb\xbf";

G_DEFINE_QUARK (clt-export-error-quark, clt_export_error)

const char *
clt_export_consent_to_string (CltConsent consent)
{
  switch (consent)
    {
    case CLT_CONSENT_NONE: return "none";
    case CLT_CONSENT_MARKETING: return "marketing";
    case CLT_CONSENT_FOLLOW_UPS:
    default: return "follow-ups";
    }
}

static gboolean
write_customers (CltStore           *store,
                 CltExportSink      *sink,
                 CltExportFormat     format,
                 CltExportFlags      flags,
                 CltExportProgress   progress,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 guint              *n_written,
                 GError            **error)
{
  CltVCardWriteFlags vcard_flags = CLT_VCARD_WRITE_DEFAULT;
  gint64 total;
  gint64 after_id = 0;
  guint done = 0;

  if (flags & CLT_EXPORT_WITHOUT_SENSITIVE)
    vcard_flags |= CLT_VCARD_WRITE_WITHOUT_SENSITIVE;

  total = clt_store_count_customers_to_export (store, error);
  if (total < 0)
    return FALSE;

  if (format == CLT_EXPORT_CSV &&
      (!clt_export_sink_write (sink, utf8_bom, strlen (utf8_bom), error) ||
       !clt_export_sink_write (sink, clt_export_csv_header (), strlen (clt_export_csv_header ()), error)))
    return FALSE;

  for (;;)
    {
      g_autoptr(GArray) ids = clt_store_list_customer_ids (store, after_id, PAGE_SIZE, error);

      if (ids == NULL)
        return FALSE;
      if (ids->len == 0)
        break;

      for (guint i = 0; i < ids->len; i++)
        {
          g_autoptr(CltRecord) record = NULL;
          g_autofree char *text = NULL;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;

          record = clt_export_record_from_store (store, g_array_index (ids, gint64, i), flags, error);
          if (record == NULL)
            return FALSE;

          if (format == CLT_EXPORT_CSV)
            text = clt_export_csv_row (record);
          else
            text = clt_vcard_write (record, CLT_VCARD_4_0, vcard_flags);

          if (!clt_export_sink_write (sink, text, strlen (text), error))
            return FALSE;

          done++;
          if (progress != NULL)
            progress (done, (guint) MAX (total, done), user_data);
        }

      after_id = g_array_index (ids, gint64, ids->len - 1);
    }

  if (n_written != NULL)
    *n_written = done;

  return TRUE;
}

gboolean
clt_export_format_for_path (const char       *path,
                            CltExportFormat  *format,
                            GError          **error)
{
  g_autofree char *name = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *display = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  /* File names need not be UTF-8; extensions are ASCII. */
  name = g_path_get_basename (path);
  folded = g_ascii_strdown (name, -1);
  if (g_str_has_suffix (folded, ".vcf") || g_str_has_suffix (folded, ".vcard"))
    {
      *format = CLT_EXPORT_VCARD;
      return TRUE;
    }
  if (g_str_has_suffix (folded, ".csv"))
    {
      *format = CLT_EXPORT_CSV;
      return TRUE;
    }

  display = g_filename_display_name (name);
  g_set_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_FORMAT,
               _("Clientele does not know which format to write “%s” in: "
                 "end its name with .vcf for contacts (vCard) or .csv for a spreadsheet."),
               display);
  return FALSE;
}

CltRecord *
clt_export_record_from_store (CltStore        *store,
                              gint64           customer_id,
                              CltExportFlags   flags,
                              GError         **error)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) preferences = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_auto(GStrv) tags = NULL;
  g_autoptr(CltRecord) record = NULL;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  customer = clt_store_get_customer (store, customer_id, error);
  if (customer == NULL)
    return NULL;

  contacts = clt_store_list_contacts (store, customer_id, error);
  if (contacts == NULL)
    return NULL;
  preferences = clt_store_list_preferences (store, customer_id, error);
  if (preferences == NULL)
    return NULL;
  notes = clt_store_list_notes (store, customer_id, error);
  if (notes == NULL)
    return NULL;
  tags = clt_store_list_tags (store, customer_id, error);
  if (tags == NULL)
    return NULL;

  record = clt_record_new (0);
  g_set_object (&record->customer, customer);
  /* The book always knows what a customer accepts, if only the default. */
  record->has_consent = TRUE;

  for (guint i = 0; i < contacts->len; i++)
    ((CltContact *) g_ptr_array_index (contacts, i))->id = 0;
  for (guint i = preferences->len; i > 0; i--)
    {
      CltPreference *preference = g_ptr_array_index (preferences, i - 1);

      if ((flags & CLT_EXPORT_WITHOUT_SENSITIVE) && (preference->flags & CLT_PREFERENCE_SENSITIVE))
        g_ptr_array_remove_index (preferences, i - 1);
      else
        preference->id = 0;
    }
  for (guint i = 0; i < notes->len; i++)
    ((CltNote *) g_ptr_array_index (notes, i))->id = 0;

  g_ptr_array_extend_and_steal (record->contacts, g_steal_pointer (&contacts));
  g_ptr_array_extend_and_steal (record->preferences, g_steal_pointer (&preferences));
  g_ptr_array_extend_and_steal (record->notes, g_steal_pointer (&notes));
  for (guint i = 0; tags[i] != NULL; i++)
    g_ptr_array_add (record->tags, g_steal_pointer (&tags[i]));

  return g_steal_pointer (&record);
}

gboolean
clt_export_book (CltStore           *store,
                 const char         *path,
                 CltExportFormat     format,
                 CltExportFlags      flags,
                 CltExportProgress   progress,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 guint              *n_written,
                 GError            **error)
{
  g_auto(CltExportSink) sink = { NULL, };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!clt_export_sink_open (&sink, path, error))
    return FALSE;

  /* One snapshot of the book, however long the writing takes. */
  if (!clt_store_begin_read (store, error))
    return FALSE;
  ok = write_customers (store, &sink, format, flags, progress, user_data,
                        cancellable, n_written, error);
  clt_store_end_read (store);

  return ok && clt_export_sink_commit (&sink, error);
}

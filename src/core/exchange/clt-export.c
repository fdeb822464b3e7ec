/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "clt-export.h"
#include "clt-vcard-writer.h"

/* Customers read from the book at a time. */
#define PAGE_SIZE 200

#define EMAIL_COLUMNS 3
#define PHONE_COLUMNS 3
#define ADDRESS_COLUMNS 2

/* The CSV reader recognises these cells, whatever the language: keep them
 * in English and in step with it. */
static const char csv_header[] =
  "Name,Honorific,Given Name,Family Name,Addressed As,Company,Job Title,"
  "E-mail 1,E-mail 2,E-mail 3,Phone 1,Phone 2,Phone 3,Address 1,Address 2,"
  "Birthday,Language,VIP,E-mail Consent,Tags,Preferences,Notes\r\n";

/* Excel opens a CSV file as UTF-8 only when it starts with a BOM (without,
 * it reads the system's ANSI code page and garbles accents); LibreOffice
 * and the Google Contacts import take the BOM as UTF-8 too. */
static const char utf8_bom[] = "\xef\xbb\xbf";

/* A file written to a temporary name beside its destination and renamed
 * over it only once complete and on the disk. Private to its owner until
 * then (0600), which suits a file of customers' details. */
typedef struct
{
  char *path;
  char *tmp_path;
  FILE *file;
} Sink;

G_DEFINE_QUARK (clt-export-error-quark, clt_export_error)

static void
set_write_error (const char  *path,
                 int          saved_errno,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_WRITE,
               _("“%s” could not be written: %s. Free some space on the disk, "
                 "or choose another place."),
               display, g_strerror (saved_errno));
}

static gboolean
sink_open (Sink        *sink,
           const char  *path,
           GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  g_assert (sink->file == NULL);

  sink->path = g_strdup (path);
  sink->tmp_path = g_build_filename (dir, ".clientele-export-XXXXXX", NULL);
  fd = g_mkstemp_full (sink->tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_clear_pointer (&sink->tmp_path, g_free);
      g_set_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_WRITE,
                   _("Clientele cannot write in the folder “%s”: %s. Choose another folder."),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  sink->file = fdopen (fd, "wb");
  if (sink->file == NULL)
    {
      set_write_error (path, errno, error);
      close (fd);
      return FALSE;
    }

  return TRUE;
}

static gboolean
sink_write (Sink        *sink,
            const char  *data,
            gsize        length,
            GError     **error)
{
  if (length > 0 && fwrite (data, 1, length, sink->file) != length)
    {
      set_write_error (sink->path, errno, error);
      return FALSE;
    }

  return TRUE;
}

/* Flushes, syncs and closes the file, then puts it in place. */
static gboolean
sink_commit (Sink    *sink,
             GError **error)
{
  FILE *file = g_steal_pointer (&sink->file);

  if (fflush (file) != 0 || fsync (fileno (file)) != 0)
    {
      set_write_error (sink->path, errno, error);
      fclose (file);
      return FALSE;
    }

  if (fclose (file) != 0)
    {
      set_write_error (sink->path, errno, error);
      return FALSE;
    }

  if (g_rename (sink->tmp_path, sink->path) != 0)
    {
      set_write_error (sink->path, errno, error);
      return FALSE;
    }

  g_clear_pointer (&sink->tmp_path, g_free);
  return TRUE;
}

/* Removes the temporary file of a sink not committed. */
static void
sink_clear (Sink *sink)
{
  g_clear_pointer (&sink->file, fclose);
  if (sink->tmp_path != NULL)
    g_unlink (sink->tmp_path);
  g_clear_pointer (&sink->tmp_path, g_free);
  g_clear_pointer (&sink->path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sink, sink_clear)

static const char *
consent_to_string (CltConsent consent)
{
  switch (consent)
    {
    case CLT_CONSENT_NONE: return "none";
    case CLT_CONSENT_MARKETING: return "marketing";
    case CLT_CONSENT_FOLLOW_UPS:
    default: return "follow-ups";
    }
}

static const char *
contact_kind_to_string (CltContactKind kind)
{
  switch (kind)
    {
    case CLT_CONTACT_EMAIL: return "email";
    case CLT_CONTACT_PHONE: return "phone";
    case CLT_CONTACT_ADDRESS:
    default: return "address";
    }
}

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

/* The JSON of an access request. */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_boolean (JsonBuilder *builder,
             const char  *name,
             gboolean     value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, value);
}

/* ISO 8601 in the local time zone, with its offset; null for 0, "never". */
static void
add_time_as (JsonBuilder *builder,
             const char  *name,
             gint64       unix_time,
             const char  *format)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (unix_time != 0)
    time = g_date_time_new_from_unix_local (unix_time);
  if (time != NULL)
    text = g_date_time_format (time, format);

  add_string (builder, name, text);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       unix_time)
{
  add_time_as (builder, name, unix_time, "%FT%T%:z");
}

static gboolean
add_customer (JsonBuilder  *builder,
              CltStore     *store,
              CltCustomer  *customer,
              GError      **error)
{
  gint64 created_at, updated_at;

  if (!clt_store_get_customer_times (store, clt_customer_get_id (customer),
                                     &created_at, &updated_at, error))
    return FALSE;

  json_builder_set_member_name (builder, "customer");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "number");
  json_builder_add_int_value (builder, clt_customer_get_id (customer));
  add_string (builder, "uid", clt_customer_get_uid (customer));
  add_string (builder, "name", clt_customer_get_display_name (customer));
  add_string (builder, "honorific", clt_customer_get_honorific (customer));
  add_string (builder, "given_name", clt_customer_get_given_name (customer));
  add_string (builder, "family_name", clt_customer_get_family_name (customer));
  add_string (builder, "addressed_as", clt_customer_get_addressed_as (customer));
  add_string (builder, "company", clt_customer_get_company (customer));
  add_string (builder, "job_title", clt_customer_get_job_title (customer));
  add_string (builder, "birthday", clt_customer_get_birthday (customer));
  add_string (builder, "language", clt_customer_get_language (customer));
  add_boolean (builder, "vip", clt_customer_get_vip (customer));
  add_time (builder, "created", created_at);
  add_time (builder, "updated", updated_at);
  add_time (builder, "last_contact", clt_customer_get_last_contact (customer));
  json_builder_end_object (builder);

  /* What an erasure or an objection turns on: what they accept, and
   * when and by whom it was recorded. */
  json_builder_set_member_name (builder, "email_consent");
  json_builder_begin_object (builder);
  add_string (builder, "accepts", consent_to_string (clt_customer_get_email_consent (customer)));
  add_time (builder, "recorded", clt_customer_get_consent_at (customer));
  add_string (builder, "recorded_by", clt_customer_get_consent_source (customer));
  json_builder_end_object (builder);

  return TRUE;
}

static void
add_record_lists (JsonBuilder     *builder,
                  const CltRecord *record)
{
  json_builder_set_member_name (builder, "contacts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < record->contacts->len; i++)
    {
      const CltContact *contact = g_ptr_array_index (record->contacts, i);

      json_builder_begin_object (builder);
      add_string (builder, "kind", contact_kind_to_string (contact->kind));
      add_string (builder, "label", contact->label);
      add_string (builder, "value", contact->value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "preferences");
  json_builder_begin_array (builder);
  for (guint i = 0; i < record->preferences->len; i++)
    {
      const CltPreference *preference = g_ptr_array_index (record->preferences, i);

      json_builder_begin_object (builder);
      add_string (builder, "category", preference->category);
      add_string (builder, "text", preference->text);
      add_boolean (builder, "alert", (preference->flags & CLT_PREFERENCE_ALERT) != 0);
      add_boolean (builder, "sensitive", (preference->flags & CLT_PREFERENCE_SENSITIVE) != 0);
      add_time (builder, "created", preference->created_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "notes");
  json_builder_begin_array (builder);
  for (guint i = 0; i < record->notes->len; i++)
    {
      const CltNote *note = g_ptr_array_index (record->notes, i);

      json_builder_begin_object (builder);
      add_string (builder, "text", note->text);
      add_string (builder, "author", note->author);
      add_boolean (builder, "pinned", note->pinned);
      add_time (builder, "created", note->created_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < record->tags->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (record->tags, i));
  json_builder_end_array (builder);
}

static gboolean
add_interactions (JsonBuilder  *builder,
                  CltStore     *store,
                  gint64        customer_id,
                  GError      **error)
{
  g_autoptr(GPtrArray) interactions = clt_store_list_interactions (store, customer_id, error);

  if (interactions == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "interactions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < interactions->len; i++)
    {
      const CltInteraction *interaction = g_ptr_array_index (interactions, i);

      json_builder_begin_object (builder);
      add_string (builder, "kind", clt_interaction_kind_to_string (interaction->kind));
      add_time (builder, "when", interaction->at);
      add_boolean (builder, "planned", interaction->planned);
      add_string (builder, "note", interaction->note);
      add_string (builder, "staff", interaction->staff);
      add_time (builder, "recorded", interaction->created_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return TRUE;
}

static gboolean
add_promises (JsonBuilder  *builder,
              CltStore     *store,
              gint64        customer_id,
              GError      **error)
{
  g_autoptr(GPtrArray) promises = clt_store_list_customer_promises (store, customer_id, error);

  if (promises == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "promises");
  json_builder_begin_array (builder);
  for (guint i = 0; i < promises->len; i++)
    {
      const CltPromise *promise = g_ptr_array_index (promises, i);
      g_autoptr(GPtrArray) postponements = clt_store_list_postponements (store, promise->id, error);

      if (postponements == NULL)
        return FALSE;

      json_builder_begin_object (builder);
      add_string (builder, "text", promise->text);
      add_string (builder, "promised_by", promise->promised_by);
      add_time (builder, "created", promise->created_at);
      /* A promise for a day is due at the end of it: the day says it. */
      if (promise->due_all_day)
        add_time_as (builder, "due", promise->due_at, "%F");
      else
        add_time (builder, "due", promise->due_at);
      add_boolean (builder, "due_all_day", promise->due_all_day);
      add_time (builder, "reminder", promise->remind_at);
      add_string (builder, "status", clt_promise_status_to_string (promise->status));
      add_time (builder, "closed", promise->closed_at);

      json_builder_set_member_name (builder, "postponements");
      json_builder_begin_array (builder);
      for (guint j = 0; j < postponements->len; j++)
        {
          const CltPostponement *postponement = g_ptr_array_index (postponements, j);

          json_builder_begin_object (builder);
          add_time (builder, "when", postponement->at);
          add_time (builder, "from", postponement->old_due_at);
          add_time (builder, "to", postponement->new_due_at);
          add_string (builder, "reason", postponement->reason);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return TRUE;
}

static gboolean
add_messages (JsonBuilder  *builder,
              CltStore     *store,
              gint64        customer_id,
              GError      **error)
{
  g_autoptr(GPtrArray) mails = clt_store_list_customer_mail (store, customer_id, error);

  if (mails == NULL)
    return FALSE;

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < mails->len; i++)
    {
      const CltMail *mail = g_ptr_array_index (mails, i);

      json_builder_begin_object (builder);
      add_string (builder, "to_name", mail->to_name);
      add_string (builder, "to_address", mail->to_address);
      add_string (builder, "subject", mail->subject);
      add_string (builder, "body", mail->body);
      add_boolean (builder, "marketing", mail->marketing);
      add_string (builder, "state", clt_mail_state_to_string (mail->state));
      add_time (builder, "created", mail->created_at);
      add_time (builder, "scheduled", mail->scheduled_at);
      add_time (builder, "sent", mail->sent_at);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return TRUE;
}

static char *
dup_customer_json (CltStore         *store,
                   const CltRecord  *record,
                   GError          **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gint64 customer_id = clt_customer_get_id (record->customer);
  GString *text;

  json_builder_begin_object (builder);
  add_string (builder, "generator", "Clientele " PACKAGE_VERSION);
  add_time (builder, "exported", g_get_real_time () / G_USEC_PER_SEC);
  if (!add_customer (builder, store, record->customer, error))
    return NULL;
  add_record_lists (builder, record);
  if (!add_interactions (builder, store, customer_id, error) ||
      !add_promises (builder, store, customer_id, error) ||
      !add_messages (builder, store, customer_id, error))
    return NULL;
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_gstring (generator, g_string_new (NULL));
  g_string_append_c (text, '\n');

  return g_string_free (text, FALSE);
}

static gboolean
write_customers (CltStore           *store,
                 Sink               *sink,
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
      (!sink_write (sink, utf8_bom, strlen (utf8_bom), error) ||
       !sink_write (sink, csv_header, strlen (csv_header), error)))
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

          if (!sink_write (sink, text, strlen (text), error))
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

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  name = g_path_get_basename (path);
  folded = g_utf8_casefold (name, -1);
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

  {
    g_autofree char *display = g_filename_display_name (name);

    g_set_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_FORMAT,
                 _("Clientele does not know which format to write “%s” in: "
                   "end its name with .vcf for contacts (vCard) or .csv for a spreadsheet."),
                 display);
  }
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
                           ? consent_to_string (clt_customer_get_email_consent (customer))
                           : NULL);
  append_cell (row, FALSE, tags->str);
  append_preferences_cell (row, record);
  append_notes_cell (row, record);
  g_string_append (row, "\r\n");

  return g_string_free (row, FALSE);
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
  g_auto(Sink) sink = { NULL, };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!sink_open (&sink, path, error))
    return FALSE;

  /* One snapshot of the book, however long the writing takes. */
  if (!clt_store_begin_read (store, error))
    return FALSE;
  ok = write_customers (store, &sink, format, flags, progress, user_data,
                        cancellable, n_written, error);
  clt_store_end_read (store);

  return ok && sink_commit (&sink, error);
}

char *
clt_export_customer_vcard_path (const char *json_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  char *dot;

  g_return_val_if_fail (json_path != NULL, NULL);

  dir = g_path_get_dirname (json_path);
  name = g_path_get_basename (json_path);
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    *dot = '\0';

  {
    g_autofree char *vcard_name = g_strconcat (name, ".vcf", NULL);

    /* Keep a relative path as it was given. */
    if (g_strcmp0 (dir, ".") == 0 && strchr (json_path, G_DIR_SEPARATOR) == NULL)
      return g_steal_pointer (&vcard_name);
    return g_build_filename (dir, vcard_name, NULL);
  }
}

gboolean
clt_export_customer (CltStore      *store,
                     gint64         customer_id,
                     const char    *json_path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(CltRecord) record = NULL;
  g_autofree char *vcard_path = NULL;
  g_autofree char *json = NULL;
  g_autofree char *vcard = NULL;
  g_auto(Sink) json_sink = { NULL, };
  g_auto(Sink) vcard_sink = { NULL, };

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (json_path != NULL, FALSE);

  vcard_path = clt_export_customer_vcard_path (json_path);
  if (g_strcmp0 (vcard_path, json_path) == 0)
    {
      g_set_error_literal (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_FORMAT,
                           _("The customer’s data goes in a JSON file, with their vCard "
                             "beside it: end the file’s name with .json."));
      return FALSE;
    }

  if (!clt_store_begin_read (store, error))
    return FALSE;
  record = clt_export_record_from_store (store, customer_id, CLT_EXPORT_DEFAULT, error);
  if (record != NULL)
    json = dup_customer_json (store, record, error);
  clt_store_end_read (store);
  if (json == NULL)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  vcard = clt_vcard_write (record, CLT_VCARD_4_0, CLT_VCARD_WRITE_DEFAULT);

  if (!sink_open (&json_sink, json_path, error) ||
      !sink_write (&json_sink, json, strlen (json), error) ||
      !sink_open (&vcard_sink, vcard_path, error) ||
      !sink_write (&vcard_sink, vcard, strlen (vcard), error) ||
      !sink_commit (&vcard_sink, error))
    return FALSE;

  if (!sink_commit (&json_sink, error))
    {
      g_unlink (vcard_path);
      return FALSE;
    }

  return TRUE;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "clt-export-private.h"
#include "clt-vcard-writer.h"

/* An access request: everything about one customer, as JSON a person can
 * read, and their vCard. */

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
  add_string (builder, "accepts", clt_export_consent_to_string (clt_customer_get_email_consent (customer)));
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

char *
clt_export_customer_vcard_path (const char *json_path)
{
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *vcard_name = NULL;
  char *dot;

  g_return_val_if_fail (json_path != NULL, NULL);

  dir = g_path_get_dirname (json_path);
  name = g_path_get_basename (json_path);
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    *dot = '\0';
  vcard_name = g_strconcat (name, ".vcf", NULL);

  /* A name without a folder stays one, as it was given. */
  if (strchr (json_path, G_DIR_SEPARATOR) == NULL)
    return g_steal_pointer (&vcard_name);

  return g_build_filename (dir, vcard_name, NULL);
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
  g_auto(CltExportSink) json_sink = { NULL, };
  g_auto(CltExportSink) vcard_sink = { NULL, };

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

  if (!clt_export_sink_open (&json_sink, json_path, error) ||
      !clt_export_sink_write (&json_sink, json, strlen (json), error) ||
      !clt_export_sink_open (&vcard_sink, vcard_path, error) ||
      !clt_export_sink_write (&vcard_sink, vcard, strlen (vcard), error) ||
      !clt_export_sink_commit (&vcard_sink, error))
    return FALSE;

  if (!clt_export_sink_commit (&json_sink, error))
    {
      g_unlink (vcard_path);
      return FALSE;
    }

  return TRUE;
}

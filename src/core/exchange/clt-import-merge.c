/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-import"

#include "config.h"

#include <string.h>

#include "clt-import-private.h"
#include "clt-text.h"

/* What a merge adds to a customer: their empty fields filled, what they do
 * not have yet added; never anything overwritten. */

void
clt_import_existing_clear (CltImportExisting *existing)
{
  g_clear_object (&existing->customer);
  g_clear_pointer (&existing->contacts, g_ptr_array_unref);
  g_clear_pointer (&existing->preferences, g_ptr_array_unref);
  g_clear_pointer (&existing->notes, g_ptr_array_unref);
  g_clear_pointer (&existing->tags, g_strfreev);
}

/* Reads the customer and everything a merge compares with. */
gboolean
clt_import_existing_load (CltImportExisting  *existing,
                          CltStore           *store,
                          gint64              customer_id,
                          GError            **error)
{
  existing->customer = clt_store_get_customer (store, customer_id, error);
  if (existing->customer == NULL)
    return FALSE;

  existing->contacts = clt_store_list_contacts (store, customer_id, error);
  if (existing->contacts == NULL)
    return FALSE;
  existing->preferences = clt_store_list_preferences (store, customer_id, error);
  if (existing->preferences == NULL)
    return FALSE;
  existing->notes = clt_store_list_notes (store, customer_id, error);
  if (existing->notes == NULL)
    return FALSE;
  existing->tags = clt_store_list_tags (store, customer_id, error);

  return existing->tags != NULL;
}

void
clt_import_changes_clear (CltImportChanges *changes)
{
  g_clear_pointer (&changes->contacts, g_ptr_array_unref);
  g_clear_pointer (&changes->preferences, g_ptr_array_unref);
  g_clear_pointer (&changes->notes, g_ptr_array_unref);
  g_clear_pointer (&changes->tags, g_ptr_array_unref);
}

gboolean
clt_import_changes_is_empty (CltImportChanges *changes)
{
  return !changes->fields && changes->contacts->len == 0 && changes->preferences->len == 0 &&
         changes->notes->len == 0 && changes->tags->len == 0;
}

static gboolean
same_contact (const char       *country,
              const CltContact *a,
              const CltContact *b)
{
  if (a->kind != b->kind)
    return FALSE;

  switch (a->kind)
    {
    case CLT_CONTACT_EMAIL:
      {
        g_autofree char *key_a = clt_import_caseless_key (a->value);
        g_autofree char *key_b = clt_import_caseless_key (b->value);

        return strcmp (key_a, key_b) == 0;
      }

    case CLT_CONTACT_PHONE:
      return clt_import_same_phone (country, a->value, b->value);

    case CLT_CONTACT_ADDRESS:
    default:
      {
        g_autofree char *folded_a = clt_text_fold (a->value);
        g_autofree char *folded_b = clt_text_fold (b->value);
        g_autofree char *key_a = clt_text_strip (folded_a);
        g_autofree char *key_b = clt_text_strip (folded_b);

        return strcmp (key_a, key_b) == 0;
      }
    }
}

static gboolean
has_contact (const char       *country,
             GPtrArray        *contacts,
             const CltContact *contact)
{
  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    if (same_contact (country, g_ptr_array_index (contacts, i), contact))
      return TRUE;

  return FALSE;
}

static char *
text_key (const char *text)
{
  g_autofree char *folded = clt_text_fold (text);

  return clt_text_strip (folded);
}

static gboolean
has_preference (GPtrArray           *preferences,
                const CltPreference *preference)
{
  g_autofree char *key = text_key (preference->text);

  for (guint i = 0; preferences != NULL && i < preferences->len; i++)
    {
      const CltPreference *other = g_ptr_array_index (preferences, i);
      g_autofree char *other_key = text_key (other->text);

      if (strcmp (key, other_key) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_note (GPtrArray     *notes,
          const CltNote *note)
{
  g_autofree char *text = g_strstrip (g_strdup (note->text));

  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      const CltNote *other = g_ptr_array_index (notes, i);
      g_autofree char *other_text = g_strstrip (g_strdup (other->text));

      if (strcmp (text, other_text) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
has_tag (const char * const *tags,
         GPtrArray           *more,
         const char          *tag)
{
  g_autofree char *key = clt_import_caseless_key (tag);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *other = clt_import_caseless_key (tags[i]);

      if (strcmp (key, other) == 0)
        return TRUE;
    }

  for (guint i = 0; i < more->len; i++)
    {
      g_autofree char *other = clt_import_caseless_key (g_ptr_array_index (more, i));

      if (strcmp (key, other) == 0)
        return TRUE;
    }

  return FALSE;
}

typedef const char * (*StringGetter) (CltCustomer *customer);
typedef void (*StringSetter) (CltCustomer *customer,
                              const char  *value);

static const struct {
  StringGetter get;
  StringSetter set;
} fillable[] = {
  { clt_customer_get_honorific, clt_customer_set_honorific },
  { clt_customer_get_given_name, clt_customer_set_given_name },
  { clt_customer_get_family_name, clt_customer_set_family_name },
  { clt_customer_get_addressed_as, clt_customer_set_addressed_as },
  { clt_customer_get_company, clt_customer_set_company },
  { clt_customer_get_job_title, clt_customer_set_job_title },
  { clt_customer_get_language, clt_customer_set_language },
  { clt_customer_get_birthday, clt_customer_set_birthday },
};

/* Whether the customer is listed under a stand-in for a name they lack:
 * their company, or how to reach them (see clt-import.c). */
static gboolean
has_stand_in_name (CltImportExisting *existing)
{
  CltCustomer *customer = existing->customer;
  const char *display_name = clt_customer_get_display_name (customer);

  if (clt_customer_get_given_name (customer) != NULL || clt_customer_get_family_name (customer) != NULL)
    return FALSE;

  if (g_strcmp0 (display_name, clt_customer_get_company (customer)) == 0)
    return TRUE;

  for (guint i = 0; existing->contacts != NULL && i < existing->contacts->len; i++)
    if (g_strcmp0 (display_name, ((CltContact *) g_ptr_array_index (existing->contacts, i))->value) == 0)
      return TRUE;

  return FALSE;
}

/* What @record adds to @existing (whose lists may be NULL, for a new
 * customer): its empty fields filled, the contacts, preferences, notes and
 * tags it does not have, each once. Nothing is ever overwritten, but a
 * customer known by their company alone gets the person's name. */
void
clt_import_changes_compute (CltImportChanges   *changes,
                            CltImportExisting  *existing,
                            CltRecord          *record,
                            const char         *country)
{
  changes->fields = FALSE;
  changes->contacts = g_ptr_array_new ();
  changes->preferences = g_ptr_array_new ();
  changes->notes = g_ptr_array_new ();
  changes->tags = g_ptr_array_new ();

  if (existing->customer != NULL)
    {
      CltCustomer *customer = existing->customer;
      CltCustomer *incoming = record->customer;

      if (has_stand_in_name (existing) &&
          (clt_customer_get_given_name (incoming) != NULL || clt_customer_get_family_name (incoming) != NULL))
        clt_customer_set_display_name (customer, clt_customer_get_display_name (incoming));

      for (guint i = 0; i < G_N_ELEMENTS (fillable); i++)
        if (fillable[i].get (customer) == NULL && fillable[i].get (incoming) != NULL)
          {
            fillable[i].set (customer, fillable[i].get (incoming));
            changes->fields = TRUE;
          }

      /* A consent the book never recorded is taken from the file. */
      if (record->has_consent && clt_customer_get_consent_at (customer) == 0 &&
          clt_customer_get_email_consent (customer) != clt_customer_get_email_consent (incoming))
        {
          clt_customer_set_email_consent (customer, clt_customer_get_email_consent (incoming));
          clt_customer_set_consent_source (customer, clt_customer_get_consent_source (incoming));
          changes->fields = TRUE;
        }
    }

  for (guint i = 0; i < record->contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (record->contacts, i);

      if (!has_contact (country, existing->contacts, contact) &&
          !has_contact (country, changes->contacts, contact))
        g_ptr_array_add (changes->contacts, contact);
    }

  for (guint i = 0; i < record->preferences->len; i++)
    {
      CltPreference *preference = g_ptr_array_index (record->preferences, i);

      if (!has_preference (existing->preferences, preference) &&
          !has_preference (changes->preferences, preference))
        g_ptr_array_add (changes->preferences, preference);
    }

  for (guint i = 0; i < record->notes->len; i++)
    {
      CltNote *note = g_ptr_array_index (record->notes, i);

      if (!has_note (existing->notes, note) && !has_note (changes->notes, note))
        g_ptr_array_add (changes->notes, note);
    }

  for (guint i = 0; i < record->tags->len; i++)
    {
      const char *tag = g_ptr_array_index (record->tags, i);

      if (!has_tag ((const char * const *) existing->tags, changes->tags, tag))
        g_ptr_array_add (changes->tags, (gpointer) tag);
    }
}

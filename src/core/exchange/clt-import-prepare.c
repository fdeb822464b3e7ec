/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-import-private.h"
#include "clt-mail.h"
#include "clt-store-import.h"
#include "clt-text.h"

/*
 * What the import does to a record before it looks at the book, on the
 * thread that reads the file (clt-record-pipe.c), beside the one that
 * writes the book: what cannot be imported is left out, the keys it is
 * matched on are made, and, for a customer it will add, the search row
 * the book would read back from what is written. At 100,000 cards, that
 * was a fifth of the writing thread's work.
 */

static void
add_problem (GPtrArray  *problems,
             guint       line,
             const char *reason)
{
  g_ptr_array_add (problems, clt_record_problem_new (line, reason));
}

/* Leaves out what the book cannot hold (a phone number without a digit, an
 * empty note) and gives the customer a name to be listed under. FALSE when
 * nothing is left to import. */
static gboolean
normalise_record (CltRecord *record,
                  GPtrArray *problems)
{
  CltCustomer *customer = record->customer;
  const char *fallback = NULL;

  for (guint i = record->contacts->len; i-- > 0;)
    {
      CltContact *contact = g_ptr_array_index (record->contacts, i);
      g_autofree char *digits = NULL;

      if (clt_text_is_blank (contact->value))
        {
          g_ptr_array_remove_index (record->contacts, i);
          continue;
        }
      if (contact->kind == CLT_CONTACT_EMAIL)
        {
          g_autofree char *address = clt_text_strip (contact->value);
          g_autofree char *name = NULL;
          g_autofree char *parsed = NULL;

          if (clt_mail_address_is_valid (address))
            continue;
          /* A mail program's "Name <address>": the address. */
          if (strchr (address, '<') != NULL && clt_mail_parse_mailbox (address, &name, &parsed, NULL))
            {
              g_free (contact->value);
              contact->value = g_steal_pointer (&parsed);
            }
          else
            {
              g_autofree char *reason = NULL;

              /* TRANSLATORS: %s is what a file had as an e-mail address */
              reason = g_strdup_printf (_("“%s” is not an e-mail address; it was left out."), address);
              add_problem (problems, record->line, reason);
              g_ptr_array_remove_index (record->contacts, i);
            }
          continue;
        }
      if (contact->kind != CLT_CONTACT_PHONE)
        continue;

      digits = clt_text_phone_digits (contact->value);
      if (*digits == '\0')
        {
          g_autofree char *shown = clt_text_strip (contact->value);
          g_autofree char *reason = NULL;

          /* TRANSLATORS: %s is what a file had as a phone number */
          reason = g_strdup_printf (_("The phone number “%s” has no digits; it was left out."), shown);
          add_problem (problems, record->line, reason);
          g_ptr_array_remove_index (record->contacts, i);
        }
    }

  for (guint i = record->preferences->len; i-- > 0;)
    if (clt_text_is_blank (((CltPreference *) g_ptr_array_index (record->preferences, i))->text))
      g_ptr_array_remove_index (record->preferences, i);
  for (guint i = record->notes->len; i-- > 0;)
    if (clt_text_is_blank (((CltNote *) g_ptr_array_index (record->notes, i))->text))
      g_ptr_array_remove_index (record->notes, i);
  for (guint i = record->tags->len; i-- > 0;)
    if (clt_text_is_blank (g_ptr_array_index (record->tags, i)))
      g_ptr_array_remove_index (record->tags, i);

  if (!clt_text_is_blank (clt_customer_get_display_name (customer)))
    return TRUE;

  /* Listed under their name, else their company, else how to reach them. */
  if (clt_customer_get_given_name (customer) != NULL || clt_customer_get_family_name (customer) != NULL)
    {
      g_autofree char *name = g_strjoin (" ",
                                         clt_customer_get_given_name (customer) ?: "",
                                         clt_customer_get_family_name (customer) ?: "",
                                         NULL);

      clt_customer_set_display_name (customer, name);
      return TRUE;
    }

  if (clt_customer_get_company (customer) != NULL)
    fallback = clt_customer_get_company (customer);
  for (guint kind = CLT_CONTACT_EMAIL; fallback == NULL && kind <= CLT_CONTACT_PHONE; kind++)
    for (guint i = 0; fallback == NULL && i < record->contacts->len; i++)
      {
        CltContact *contact = g_ptr_array_index (record->contacts, i);

        if (contact->kind == kind)
          fallback = contact->value;
      }

  if (fallback == NULL)
    {
      add_problem (problems, record->line,
                   _("There is no name, e-mail address or phone number here; nothing was imported."));
      return FALSE;
    }

  clt_customer_set_display_name (customer, fallback);
  return TRUE;
}

/* The contacts of @kind, each as clt_store_import_details() writes it. */
static void
add_contacts (CltSearchText  *text,
              GPtrArray      *contacts,
              CltContactKind  kind)
{
  for (guint i = 0; i < contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (contacts, i);
      g_autofree char *value = NULL;

      if (contact->kind != kind)
        continue;

      value = clt_store_import_contact_value (contact);
      if (kind == CLT_CONTACT_PHONE)
        clt_search_text_add_phone (text, value);
      else
        clt_search_text_add_line (text->contact, value);
    }
}

/* The search row the book would make for the customer @record adds with
 * @changes (clt-store-customers.c's index_new(): the names, then the
 * e-mails, the addresses and the phones, then the preferences, the notes
 * and the tags, each as written); NULL where the book's order of several
 * preferences or notes, or its spelling of an existing tag, decides. */
static CltSearchRow *
make_row (CltRecord        *record,
          CltImportChanges *changes)
{
  CltCustomer *customer = record->customer;
  g_auto(CltSearchText) text = { 0 };

  if (changes->tags->len > 0 || changes->preferences->len > 1 || changes->notes->len > 1)
    return NULL;

  clt_search_text_init (&text);
  clt_search_text_add_line (text.name, clt_customer_get_display_name (customer));
  clt_search_text_add_line (text.name, clt_customer_get_given_name (customer));
  clt_search_text_add_line (text.name, clt_customer_get_family_name (customer));
  clt_search_text_add_line (text.name, clt_customer_get_addressed_as (customer));
  clt_search_text_add_line (text.name, clt_customer_get_company (customer));

  add_contacts (&text, changes->contacts, CLT_CONTACT_EMAIL);
  add_contacts (&text, changes->contacts, CLT_CONTACT_ADDRESS);
  add_contacts (&text, changes->contacts, CLT_CONTACT_PHONE);

  for (guint i = 0; i < changes->preferences->len; i++)
    {
      CltPreference *preference = g_ptr_array_index (changes->preferences, i);
      g_autofree char *category = clt_store_import_preference_category (preference);
      g_autofree char *line = g_strstrip (g_strdup (preference->text));

      clt_search_text_add_line (text.details, category);
      clt_search_text_add_line (text.details, line);
    }
  for (guint i = 0; i < changes->notes->len; i++)
    {
      CltNote *note = g_ptr_array_index (changes->notes, i);
      g_autofree char *line = g_strstrip (g_strdup (note->text));

      clt_search_text_add_line (text.details, line);
    }

  return clt_search_text_finish (&text);
}

CltImportPrepared *
clt_import_prepare (CltRecord  *record,
                    const char *country,
                    gboolean    with_row)
{
  CltImportPrepared *prepared = g_new0 (CltImportPrepared, 1);
  CltImportExisting nothing = { 0 };

  prepared->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_problem_free);
  prepared->keep = normalise_record (record, prepared->problems);
  if (!prepared->keep)
    return prepared;

  clt_import_keys_init (&prepared->keys, record);
  clt_import_changes_compute (&prepared->changes, &nothing, record, country);
  if (with_row)
    prepared->row = make_row (record, &prepared->changes);

  return prepared;
}

void
clt_import_prepared_free (CltImportPrepared *prepared)
{
  if (prepared == NULL)
    return;

  g_clear_pointer (&prepared->problems, g_ptr_array_unref);
  clt_import_keys_clear (&prepared->keys);
  clt_import_changes_clear (&prepared->changes);
  clt_search_row_free (prepared->row);
  g_free (prepared);
}

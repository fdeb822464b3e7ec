/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-import"

#include "config.h"

#include <string.h>

#include <glib.h>

/* EDS's headers still mention GTimeVal. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook-contacts/libebook-contacts.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "clt-import-private.h"
#include "clt-store-import.h"
#include "clt-text.h"

/* A phone number's quick key is its last digits: the same however the
 * number is written ("06 12 34 56 78", "+33 6 12 34 56 78"), so that
 * EPhoneNumber, which costs some 13 µs a number, only runs when two
 * numbers may be the same. Fewer digits than that say nothing. */
#define PHONE_KEY_DIGITS 8
#define PHONE_MIN_DIGITS 5

#define PENDING_TARGET(position) ((CltImportTarget) -1 - (CltImportTarget) (position))
#define PENDING_POSITION(target) ((guint) (-1 - (target)))

typedef struct _PhoneEntry PhoneEntry;

struct _PhoneEntry
{
  CltImportTarget  target;
  const char      *number;   /* as written */
  const char      *e164;     /* computed when first compared */
  PhoneEntry      *next;
};

/* A record of the file the plan will add. */
typedef struct
{
  guint        line;
  const char  *name;
} Pending;

struct _CltImportIndex
{
  char         *country;
  GStringChunk *strings;
  GHashTable   *uids;      /* UID → CltImportTarget */
  GHashTable   *emails;    /* case-folded address → CltImportTarget */
  GHashTable   *phones;    /* quick key → PhoneEntry list */
  GHashTable   *names;     /* folded sort or display name → CltImportTarget */
  GArray       *pending;   /* Pending */
};

/* Keys */

char *
clt_import_caseless_key (const char *text)
{
  g_autofree char *stripped = clt_text_strip (text);

  return g_utf8_casefold (stripped, -1);
}

/* The last digits before any letter ("ext. 12", "poste 3"). */
static char *
phone_quick_key (const char *number)
{
  char digits[PHONE_KEY_DIGITS];
  char key[PHONE_KEY_DIGITS + 1];
  guint n = 0;

  for (const char *p = number; *p && !g_ascii_isalpha (*p); p++)
    if (g_ascii_isdigit (*p))
      digits[n++ % PHONE_KEY_DIGITS] = *p;

  if (n < PHONE_MIN_DIGITS)
    return NULL;

  if (n <= PHONE_KEY_DIGITS)
    return g_strndup (digits, n);

  for (guint i = 0; i < PHONE_KEY_DIGITS; i++)
    key[i] = digits[(n + i) % PHONE_KEY_DIGITS];
  key[PHONE_KEY_DIGITS] = '\0';
  return g_strdup (key);
}

char *
clt_import_phone_e164 (const char *country,
                       const char *number)
{
  EPhoneNumber *parsed = e_phone_number_from_string (number, country, NULL);
  char *e164;

  if (parsed == NULL)
    return clt_text_phone_digits (number);

  e164 = e_phone_number_to_string (parsed, E_PHONE_NUMBER_FORMAT_E164);
  e_phone_number_free (parsed);
  return e164;
}

gboolean
clt_import_phones_by_digits (void)
{
  return !e_phone_number_is_supported ();
}

/* "0612345678" and "612345678" alike; "0033…" as "33…". */
static const char *
skip_prefix (const char *digits)
{
  if (g_str_has_prefix (digits, "00"))
    return digits + 2;
  if (digits[0] == '0')
    return digits + 1;
  return digits;
}

#define COUNTRY_CODE_MAX_DIGITS 3

gboolean
clt_import_same_e164 (const char *a,
                      const char *b)
{
  const char *longer;
  const char *shorter;
  gsize extra;

  if (strcmp (a, b) == 0)
    return TRUE;
  if (!clt_import_phones_by_digits ())
    return FALSE;

  longer = skip_prefix (a);
  shorter = skip_prefix (b);
  if (strlen (longer) < strlen (shorter))
    {
      const char *swap = longer;

      longer = shorter;
      shorter = swap;
    }
  extra = strlen (longer) - strlen (shorter);
  return *shorter != '\0' && extra <= COUNTRY_CODE_MAX_DIGITS &&
         strcmp (longer + extra, shorter) == 0;
}

gboolean
clt_import_same_phone (const char *country,
                       const char *a,
                       const char *b)
{
  g_autofree char *quick_a = phone_quick_key (a);
  g_autofree char *quick_b = phone_quick_key (b);
  g_autofree char *e164_a = NULL;
  g_autofree char *e164_b = NULL;

  if (g_strcmp0 (quick_a, quick_b) != 0)
    return FALSE;
  if (strcmp (a, b) == 0)
    return TRUE;

  e164_a = clt_import_phone_e164 (country, a);
  e164_b = clt_import_phone_e164 (country, b);
  return clt_import_same_e164 (e164_a, e164_b);
}

static char *
name_key (const char *sort_name)
{
  g_autofree char *folded = clt_text_fold (sort_name);
  char *key = clt_text_strip (folded);

  if (*key == '\0')
    g_clear_pointer (&key, g_free);

  return key;
}

static void
phone_key_clear (CltImportPhoneKey *key)
{
  g_clear_pointer (&key->quick, g_free);
  g_clear_pointer (&key->e164, g_free);
}

static const char *
phone_key_e164 (CltImportPhoneKey *key,
                const char        *country)
{
  if (key->e164 == NULL)
    key->e164 = clt_import_phone_e164 (country, key->number);

  return key->e164;
}

void
clt_import_keys_init (CltImportKeys *keys,
                      CltRecord     *record)
{
  g_autofree char *sort_name = clt_customer_dup_sort_name (record->customer);

  keys->uid = clt_customer_get_uid (record->customer);
  keys->emails = g_ptr_array_new_with_free_func (g_free);
  keys->phones = g_array_new (FALSE, TRUE, sizeof (CltImportPhoneKey));
  g_array_set_clear_func (keys->phones, (GDestroyNotify) phone_key_clear);
  keys->name = name_key (sort_name);
  keys->display = name_key (clt_customer_get_display_name (record->customer));
  if (g_strcmp0 (keys->display, keys->name) == 0)
    g_clear_pointer (&keys->display, g_free);

  for (guint i = 0; i < record->contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (record->contacts, i);

      if (contact->kind == CLT_CONTACT_EMAIL)
        g_ptr_array_add (keys->emails, clt_import_caseless_key (contact->value));
      else if (contact->kind == CLT_CONTACT_PHONE)
        {
          CltImportPhoneKey key = { contact->value, phone_quick_key (contact->value), NULL };

          if (key.quick != NULL)
            g_array_append_val (keys->phones, key);
        }
    }
}

void
clt_import_keys_clear (CltImportKeys *keys)
{
  g_clear_pointer (&keys->emails, g_ptr_array_unref);
  g_clear_pointer (&keys->phones, g_array_unref);
  g_clear_pointer (&keys->name, g_free);
  g_clear_pointer (&keys->display, g_free);
}

/* The index */

static void
phone_entry_free_all (PhoneEntry *entry)
{
  while (entry != NULL)
    {
      PhoneEntry *next = entry->next;

      g_free (entry);
      entry = next;
    }
}

CltImportIndex *
clt_import_index_new (const char *country)
{
  CltImportIndex *index = g_new0 (CltImportIndex, 1);

  index->country = g_strdup (country);
  index->strings = g_string_chunk_new (64 * 1024);
  index->uids = g_hash_table_new (g_str_hash, g_str_equal);
  index->emails = g_hash_table_new (g_str_hash, g_str_equal);
  index->phones = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) phone_entry_free_all);
  index->names = g_hash_table_new (g_str_hash, g_str_equal);
  index->pending = g_array_new (FALSE, FALSE, sizeof (Pending));

  return index;
}

void
clt_import_index_free (CltImportIndex *index)
{
  if (index == NULL)
    return;

  g_clear_pointer (&index->uids, g_hash_table_unref);
  g_clear_pointer (&index->emails, g_hash_table_unref);
  g_clear_pointer (&index->phones, g_hash_table_unref);
  g_clear_pointer (&index->names, g_hash_table_unref);
  g_clear_pointer (&index->pending, g_array_unref);
  g_clear_pointer (&index->strings, g_string_chunk_free);
  g_free (index->country);
  g_free (index);
}

/* The first owner of a key keeps it. */
static void
add_key (CltImportIndex  *index,
         GHashTable      *table,
         const char      *key,
         CltImportTarget  target)
{
  if (key == NULL || g_hash_table_contains (table, key))
    return;

  g_hash_table_insert (table, g_string_chunk_insert (index->strings, key), (gpointer) target);
}

static void
add_phone (CltImportIndex  *index,
           const char      *quick,
           const char      *number,
           CltImportTarget  target)
{
  PhoneEntry *head = g_hash_table_lookup (index->phones, quick);
  PhoneEntry *entry;

  for (entry = head; entry != NULL; entry = entry->next)
    if (entry->target == target && strcmp (entry->number, number) == 0)
      return;

  entry = g_new0 (PhoneEntry, 1);
  entry->target = target;
  entry->number = g_string_chunk_insert (index->strings, number);
  if (head != NULL)
    {
      /* After the head, which the table's key belongs to. */
      entry->next = head->next;
      head->next = entry;
    }
  else
    g_hash_table_insert (index->phones, g_string_chunk_insert (index->strings, quick), entry);
}

void
clt_import_index_add (CltImportIndex  *index,
                      CltImportKeys   *keys,
                      CltImportTarget  target)
{
  add_key (index, index->uids, keys->uid, target);
  for (guint i = 0; i < keys->emails->len; i++)
    add_key (index, index->emails, g_ptr_array_index (keys->emails, i), target);
  for (guint i = 0; i < keys->phones->len; i++)
    {
      CltImportPhoneKey *key = &g_array_index (keys->phones, CltImportPhoneKey, i);

      add_phone (index, key->quick, key->number, target);
    }
  add_key (index, index->names, keys->name, target);
  add_key (index, index->names, keys->display, target);
}

/* Returns the target that stands for @record until the run adds it. */
CltImportTarget
clt_import_index_add_pending (CltImportIndex *index,
                              CltRecord      *record)
{
  Pending pending = {
    record->line,
    g_string_chunk_insert (index->strings, clt_customer_get_display_name (record->customer)),
  };

  g_array_append_val (index->pending, pending);
  return PENDING_TARGET (index->pending->len - 1);
}

void
clt_import_index_get_pending (CltImportIndex   *index,
                              CltImportTarget   target,
                              guint            *line,
                              const char      **name)
{
  Pending *pending;

  g_assert (target < 0 && PENDING_POSITION (target) < index->pending->len);

  pending = &g_array_index (index->pending, Pending, PENDING_POSITION (target));
  *line = pending->line;
  *name = pending->name;
}

static void
book_key_cb (CltStoreKey  kind,
             gint64       customer_id,
             const char  *value,
             gpointer     user_data)
{
  CltImportIndex *index = user_data;

  if (value == NULL)
    return;

  switch (kind)
    {
    case CLT_STORE_KEY_UID:
      add_key (index, index->uids, value, (CltImportTarget) customer_id);
      break;

    case CLT_STORE_KEY_TRASHED_UID:
      add_key (index, index->uids, value, 0);
      break;

    case CLT_STORE_KEY_EMAIL:
      {
        g_autofree char *key = clt_import_caseless_key (value);

        add_key (index, index->emails, key, (CltImportTarget) customer_id);
      }
      break;

    case CLT_STORE_KEY_PHONE:
      {
        g_autofree char *quick = phone_quick_key (value);

        if (quick != NULL)
          add_phone (index, quick, value, (CltImportTarget) customer_id);
      }
      break;

    case CLT_STORE_KEY_SORT_NAME:
    case CLT_STORE_KEY_DISPLAY_NAME:
      {
        g_autofree char *key = name_key (value);

        add_key (index, index->names, key, (CltImportTarget) customer_id);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Reads the keys of every customer of the book, in one query per table. */
gboolean
clt_import_index_load (CltImportIndex  *index,
                       CltStore        *store,
                       GError         **error)
{
  return clt_store_foreach_match_key (store, book_key_cb, index, error);
}

/* Matching */

static gboolean
lookup (GHashTable      *table,
        const char      *key,
        CltImportTarget *target)
{
  gpointer value;

  if (key == NULL || !g_hash_table_lookup_extended (table, key, NULL, &value))
    return FALSE;

  *target = (CltImportTarget) value;
  return TRUE;
}

gboolean
clt_import_index_has_uid (CltImportIndex *index,
                          const char     *uid)
{
  CltImportTarget owner;

  return lookup (index->uids, uid, &owner);
}

/* Whether the record's phone @key is one of @target's, or, with @target 0,
 * anybody's (then set in @found). */
static gboolean
lookup_phone (CltImportIndex    *index,
              CltImportPhoneKey *key,
              CltImportTarget    target,
              CltImportTarget   *found)
{
  for (PhoneEntry *entry = g_hash_table_lookup (index->phones, key->quick);
       entry != NULL; entry = entry->next)
    {
      if (target != 0 && entry->target != target)
        continue;

      /* Written alike, it is the same number without asking EPhoneNumber. */
      if (strcmp (entry->number, key->number) == 0)
        {
          *found = entry->target;
          return TRUE;
        }

      if (entry->e164 == NULL)
        {
          g_autofree char *e164 = clt_import_phone_e164 (index->country, entry->number);

          entry->e164 = g_string_chunk_insert (index->strings, e164);
        }

      if (clt_import_same_e164 (entry->e164, phone_key_e164 (key, index->country)))
        {
          *found = entry->target;
          return TRUE;
        }
    }

  return FALSE;
}

/* The record's customer by the same UID, else the same e-mail, phone or
 * name (sorted, "Dupré Hélène", or as shown, "Hélène Dupré": readers do
 * not all split names alike), in that order; the reasons are all those
 * that point to them. */
void
clt_import_index_find (CltImportIndex *index,
                       CltImportKeys  *keys,
                       CltImportMatch *match)
{
  CltImportTarget target = 0;
  CltImportTarget found;
  gboolean any = FALSE;

  memset (match, 0, sizeof *match);

  if (lookup (index->uids, keys->uid, &found) && found != 0)
    {
      target = found;
      match->same_uid = TRUE;
      any = TRUE;
    }

  for (guint i = 0; !any && i < keys->emails->len; i++)
    any = lookup (index->emails, g_ptr_array_index (keys->emails, i), &target);

  for (guint i = 0; !any && i < keys->phones->len; i++)
    any = lookup_phone (index, &g_array_index (keys->phones, CltImportPhoneKey, i), 0, &target);

  if (!any)
    any = lookup (index->names, keys->name, &target) || lookup (index->names, keys->display, &target);

  if (!any)
    return;

  match->target = target;

  for (guint i = 0; i < keys->emails->len; i++)
    if (lookup (index->emails, g_ptr_array_index (keys->emails, i), &found) && found == target)
      match->reasons |= CLT_DUPLICATE_EMAIL;

  for (guint i = 0; i < keys->phones->len; i++)
    if (lookup_phone (index, &g_array_index (keys->phones, CltImportPhoneKey, i), target, &found))
      match->reasons |= CLT_DUPLICATE_PHONE;

  if ((lookup (index->names, keys->name, &found) && found == target) ||
      (lookup (index->names, keys->display, &found) && found == target))
    match->reasons |= CLT_DUPLICATE_NAME;
}

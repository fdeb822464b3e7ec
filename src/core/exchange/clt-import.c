/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-import"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* EDS's headers still mention GTimeVal. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook-contacts/libebook-contacts.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "clt-import.h"
#include "clt-store-import.h"
#include "clt-text.h"
#include "clt-vcard-reader.h"

/* How much of a file is looked at to tell a vCard from a CSV file. */
#define SNIFF_BYTES 4096

/* A phone number's quick key is its last digits: the same however the
 * number is written ("06 12 34 56 78", "+33 6 12 34 56 78"), so that
 * EPhoneNumber, which costs some 13 µs a number, only runs when two
 * numbers may be the same. Fewer digits than that say nothing. */
#define PHONE_KEY_DIGITS 8
#define PHONE_MIN_DIGITS 5

/* Records between two looks at the reader's position. */
#define PROGRESS_EVERY 64

/* The share of a run's progress bar for reading the file and writing its
 * customers; the rest is the commit, which brings the search index up to
 * date for each of them and takes about as long. */
#define RUN_READING_SPAN 0.5

/* Who a key belongs to: a customer of the book (> 0), a record of the file
 * that the plan will add (< 0: -1 - its position in Index.pending), or a
 * deleted customer, who matches nobody (0, UIDs only). */
typedef gintptr Target;

#define PENDING_TARGET(position) ((Target) -1 - (Target) (position))
#define PENDING_POSITION(target) ((guint) (-1 - (target)))

typedef struct _PhoneEntry PhoneEntry;

struct _PhoneEntry
{
  Target       target;
  const char  *number;   /* as written */
  const char  *e164;     /* computed when first compared */
  PhoneEntry  *next;
};

typedef struct
{
  guint        line;
  const char  *name;
} Pending;

/* The book's keys, and those of the records of the file met so far: looked
 * up in memory, never by a query per record. Built again for each pass. */
typedef struct
{
  GStringChunk *strings;
  GHashTable   *uids;      /* UID → Target */
  GHashTable   *emails;    /* case-folded address → Target */
  GHashTable   *phones;    /* quick key → PhoneEntry list */
  GHashTable   *names;     /* folded sort name → Target */
  GArray       *pending;   /* Pending */
} Index;

typedef struct
{
  const char *number;      /* the record's */
  char       *quick;       /* NULL: too few digits to compare */
  char       *e164;        /* computed when first compared */
} PhoneKey;

/* What a record is matched on. */
typedef struct
{
  const char *uid;
  GPtrArray  *emails;      /* case-folded addresses */
  GArray     *phones;      /* PhoneKey */
  char       *name;        /* folded sort name, NULL when blank */
} RecordKeys;

typedef struct
{
  Target              target;
  CltDuplicateReason  reasons;
  gboolean            same_uid;
} Match;

/* A customer of the book as a merge sees it. */
typedef struct
{
  CltCustomer *customer;
  GPtrArray   *contacts;
  GPtrArray   *preferences;
  GPtrArray   *notes;
  GStrv        tags;
} Existing;

/* What a record brings that its customer does not have yet; the lists
 * borrow the record's items. */
typedef struct
{
  gboolean   fields;       /* Existing.customer was filled in */
  GPtrArray *contacts;
  GPtrArray *preferences;
  GPtrArray *notes;
  GPtrArray *tags;
} Changes;

typedef enum
{
  PASS_PLAN,
  PASS_RUN,
} Pass;

struct _CltImport
{
  GObject     parent_instance;

  CltStore   *store;
  char       *country;
  Index      *index;

  guint       n_new;
  guint       n_same;
  GPtrArray  *duplicates;   /* CltImportDuplicate, of the plan */
  GHashTable *actions;      /* record index → CltImportDuplicate of the plan */
  GPtrArray  *problems;     /* CltRecordProblem, of the last pass */
  GPtrArray  *kept_apart;   /* CltImportDuplicate, of the last run */
};

G_DEFINE_FINAL_TYPE (CltImport, clt_import, G_TYPE_OBJECT)

G_DEFINE_QUARK (clt-import-error-quark, clt_import_error)

/* The file size clt_import_open() attaches to the reader it makes. */
static GQuark
file_size_quark (void)
{
  return g_quark_from_static_string ("clt-import-file-size");
}

/* Keys */

static char *
caseless_key (const char *address)
{
  g_autofree char *stripped = clt_text_strip (address);

  return g_utf8_casefold (stripped, -1);
}

/* The last digits before any letter ("ext. 12", "poste 3"). */
static char *
phone_quick_key (const char *number)
{
  char digits[PHONE_KEY_DIGITS];
  guint n = 0;

  for (const char *p = number; *p && !g_ascii_isalpha (*p); p++)
    if (g_ascii_isdigit (*p))
      digits[n++ % PHONE_KEY_DIGITS] = *p;

  if (n < PHONE_MIN_DIGITS)
    return NULL;

  if (n <= PHONE_KEY_DIGITS)
    return g_strndup (digits, n);

  {
    char key[PHONE_KEY_DIGITS + 1];

    for (guint i = 0; i < PHONE_KEY_DIGITS; i++)
      key[i] = digits[(n + i) % PHONE_KEY_DIGITS];
    key[PHONE_KEY_DIGITS] = '\0';
    return g_strdup (key);
  }
}

/* E.164 ("+33612345678") with the business's country for numbers written
 * without theirs; the digits of what EPhoneNumber cannot read. */
static char *
phone_e164 (CltImport  *self,
            const char *number)
{
  EPhoneNumber *parsed = e_phone_number_from_string (number, self->country, NULL);
  char *e164;

  if (parsed == NULL)
    return clt_text_phone_digits (number);

  e164 = e_phone_number_to_string (parsed, E_PHONE_NUMBER_FORMAT_E164);
  e_phone_number_free (parsed);
  return e164;
}

static gboolean
same_phone (CltImport  *self,
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

  e164_a = phone_e164 (self, a);
  e164_b = phone_e164 (self, b);
  return strcmp (e164_a, e164_b) == 0;
}

static char *
name_key (CltCustomer *customer)
{
  g_autofree char *sort_name = clt_customer_dup_sort_name (customer);
  g_autofree char *folded = clt_text_fold (sort_name);
  char *key = clt_text_strip (folded);

  if (*key == '\0')
    g_clear_pointer (&key, g_free);

  return key;
}

static void
phone_key_clear (PhoneKey *key)
{
  g_clear_pointer (&key->quick, g_free);
  g_clear_pointer (&key->e164, g_free);
}

static const char *
phone_key_e164 (CltImport *self,
                PhoneKey  *key)
{
  if (key->e164 == NULL)
    key->e164 = phone_e164 (self, key->number);

  return key->e164;
}

static void
record_keys_clear (RecordKeys *keys)
{
  g_clear_pointer (&keys->emails, g_ptr_array_unref);
  g_clear_pointer (&keys->phones, g_array_unref);
  g_clear_pointer (&keys->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RecordKeys, record_keys_clear)

static void
record_keys_init (RecordKeys *keys,
                  CltRecord  *record)
{
  keys->uid = clt_customer_get_uid (record->customer);
  keys->emails = g_ptr_array_new_with_free_func (g_free);
  keys->phones = g_array_new (FALSE, TRUE, sizeof (PhoneKey));
  g_array_set_clear_func (keys->phones, (GDestroyNotify) phone_key_clear);
  keys->name = name_key (record->customer);

  for (guint i = 0; i < record->contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (record->contacts, i);

      if (contact->kind == CLT_CONTACT_EMAIL)
        g_ptr_array_add (keys->emails, caseless_key (contact->value));
      else if (contact->kind == CLT_CONTACT_PHONE)
        {
          PhoneKey key = { contact->value, phone_quick_key (contact->value), NULL };

          if (key.quick != NULL)
            g_array_append_val (keys->phones, key);
        }
    }
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

static void
index_free (Index *index)
{
  g_clear_pointer (&index->uids, g_hash_table_unref);
  g_clear_pointer (&index->emails, g_hash_table_unref);
  g_clear_pointer (&index->phones, g_hash_table_unref);
  g_clear_pointer (&index->names, g_hash_table_unref);
  g_clear_pointer (&index->pending, g_array_unref);
  g_clear_pointer (&index->strings, g_string_chunk_free);
  g_free (index);
}

static Index *
index_new (void)
{
  Index *index = g_new0 (Index, 1);

  index->strings = g_string_chunk_new (64 * 1024);
  index->uids = g_hash_table_new (g_str_hash, g_str_equal);
  index->emails = g_hash_table_new (g_str_hash, g_str_equal);
  index->phones = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) phone_entry_free_all);
  index->names = g_hash_table_new (g_str_hash, g_str_equal);
  index->pending = g_array_new (FALSE, FALSE, sizeof (Pending));

  return index;
}

/* The first owner of a key keeps it. */
static void
index_add (Index      *index,
           GHashTable *table,
           const char *key,
           Target      target)
{
  if (key == NULL || g_hash_table_contains (table, key))
    return;

  g_hash_table_insert (table, g_string_chunk_insert (index->strings, key), (gpointer) target);
}

static void
index_add_phone (Index      *index,
                 const char *quick,
                 const char *number,
                 Target      target)
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

static void
index_add_record (Index      *index,
                  RecordKeys *keys,
                  Target      target)
{
  index_add (index, index->uids, keys->uid, target);
  for (guint i = 0; i < keys->emails->len; i++)
    index_add (index, index->emails, g_ptr_array_index (keys->emails, i), target);
  for (guint i = 0; i < keys->phones->len; i++)
    {
      PhoneKey *key = &g_array_index (keys->phones, PhoneKey, i);

      index_add_phone (index, key->quick, key->number, target);
    }
  index_add (index, index->names, keys->name, target);
}

static Target
index_add_pending (Index       *index,
                   CltRecord   *record)
{
  Pending pending = {
    record->line,
    g_string_chunk_insert (index->strings, clt_customer_get_display_name (record->customer)),
  };

  g_array_append_val (index->pending, pending);
  return PENDING_TARGET (index->pending->len - 1);
}

static void
book_key_cb (CltStoreKey  kind,
             gint64       customer_id,
             const char  *value,
             gpointer     user_data)
{
  Index *index = user_data;

  if (value == NULL)
    return;

  switch (kind)
    {
    case CLT_STORE_KEY_UID:
      index_add (index, index->uids, value, (Target) customer_id);
      break;

    case CLT_STORE_KEY_TRASHED_UID:
      index_add (index, index->uids, value, 0);
      break;

    case CLT_STORE_KEY_EMAIL:
      {
        g_autofree char *key = caseless_key (value);

        index_add (index, index->emails, key, (Target) customer_id);
      }
      break;

    case CLT_STORE_KEY_PHONE:
      {
        g_autofree char *quick = phone_quick_key (value);

        if (quick != NULL)
          index_add_phone (index, quick, value, (Target) customer_id);
      }
      break;

    case CLT_STORE_KEY_SORT_NAME:
      {
        g_autofree char *folded = clt_text_fold (value);
        g_autofree char *key = clt_text_strip (folded);

        if (*key != '\0')
          index_add (index, index->names, key, (Target) customer_id);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Matching */

static gboolean
lookup (GHashTable *table,
        const char *key,
        Target     *target)
{
  gpointer value;

  if (key == NULL || !g_hash_table_lookup_extended (table, key, NULL, &value))
    return FALSE;

  *target = (Target) value;
  return TRUE;
}

/* Whether the record's phone @key is one of @target's, or, with @target 0,
 * anybody's (then set in @found). */
static gboolean
lookup_phone (CltImport *self,
              PhoneKey  *key,
              Target     target,
              Target    *found)
{
  for (PhoneEntry *entry = g_hash_table_lookup (self->index->phones, key->quick);
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
          g_autofree char *e164 = phone_e164 (self, entry->number);

          entry->e164 = g_string_chunk_insert (self->index->strings, e164);
        }

      if (strcmp (entry->e164, phone_key_e164 (self, key)) == 0)
        {
          *found = entry->target;
          return TRUE;
        }
    }

  return FALSE;
}

/* The record's customer by the same UID, else the same e-mail, phone or
 * name, in that order; the reasons are all those that point to them. */
static void
find_match (CltImport  *self,
            RecordKeys *keys,
            Match      *match)
{
  Index *index = self->index;
  Target target = 0;
  Target found;
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
    any = lookup_phone (self, &g_array_index (keys->phones, PhoneKey, i), 0, &target);

  if (!any)
    any = lookup (index->names, keys->name, &target);

  if (!any)
    return;

  match->target = target;

  for (guint i = 0; i < keys->emails->len; i++)
    if (lookup (index->emails, g_ptr_array_index (keys->emails, i), &found) && found == target)
      match->reasons |= CLT_DUPLICATE_EMAIL;

  for (guint i = 0; i < keys->phones->len; i++)
    if (lookup_phone (self, &g_array_index (keys->phones, PhoneKey, i), target, &found))
      match->reasons |= CLT_DUPLICATE_PHONE;

  if (lookup (index->names, keys->name, &found) && found == target)
    match->reasons |= CLT_DUPLICATE_NAME;
}

/* Merging */

static void
existing_clear (Existing *existing)
{
  g_clear_object (&existing->customer);
  g_clear_pointer (&existing->contacts, g_ptr_array_unref);
  g_clear_pointer (&existing->preferences, g_ptr_array_unref);
  g_clear_pointer (&existing->notes, g_ptr_array_unref);
  g_clear_pointer (&existing->tags, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Existing, existing_clear)

static gboolean
existing_load (CltImport  *self,
               gint64      customer_id,
               Existing   *existing,
               GError    **error)
{
  existing->customer = clt_store_get_customer (self->store, customer_id, error);
  if (existing->customer == NULL)
    return FALSE;

  existing->contacts = clt_store_list_contacts (self->store, customer_id, error);
  if (existing->contacts == NULL)
    return FALSE;
  existing->preferences = clt_store_list_preferences (self->store, customer_id, error);
  if (existing->preferences == NULL)
    return FALSE;
  existing->notes = clt_store_list_notes (self->store, customer_id, error);
  if (existing->notes == NULL)
    return FALSE;
  existing->tags = clt_store_list_tags (self->store, customer_id, error);

  return existing->tags != NULL;
}

static void
changes_clear (Changes *changes)
{
  g_clear_pointer (&changes->contacts, g_ptr_array_unref);
  g_clear_pointer (&changes->preferences, g_ptr_array_unref);
  g_clear_pointer (&changes->notes, g_ptr_array_unref);
  g_clear_pointer (&changes->tags, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Changes, changes_clear)

static gboolean
changes_is_empty (Changes *changes)
{
  return !changes->fields && changes->contacts->len == 0 && changes->preferences->len == 0 &&
         changes->notes->len == 0 && changes->tags->len == 0;
}

static gboolean
same_contact (CltImport        *self,
              const CltContact *a,
              const CltContact *b)
{
  if (a->kind != b->kind)
    return FALSE;

  switch (a->kind)
    {
    case CLT_CONTACT_EMAIL:
      {
        g_autofree char *key_a = caseless_key (a->value);
        g_autofree char *key_b = caseless_key (b->value);

        return strcmp (key_a, key_b) == 0;
      }

    case CLT_CONTACT_PHONE:
      return same_phone (self, a->value, b->value);

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
has_contact (CltImport        *self,
             GPtrArray        *contacts,
             const CltContact *contact)
{
  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    if (same_contact (self, g_ptr_array_index (contacts, i), contact))
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
  g_autofree char *key = caseless_key (tag);

  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    {
      g_autofree char *other = caseless_key (tags[i]);

      if (strcmp (key, other) == 0)
        return TRUE;
    }

  for (guint i = 0; i < more->len; i++)
    {
      g_autofree char *other = caseless_key (g_ptr_array_index (more, i));

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
 * their company, or how to reach them (see normalise_record()). */
static gboolean
has_stand_in_name (Existing *existing)
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
static void
changes_compute (CltImport *self,
                 Existing  *existing,
                 CltRecord *record,
                 Changes   *changes)
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

      if (!has_contact (self, existing->contacts, contact) &&
          !has_contact (self, changes->contacts, contact))
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

/* Writing */

static gboolean
write_children (CltImport  *self,
                gint64      customer_id,
                Changes    *changes,
                GError    **error)
{
  return clt_store_import_details (self->store, customer_id, changes->contacts,
                                   changes->preferences, changes->notes, changes->tags, error);
}

static gint64
write_new (CltImport   *self,
           CltRecord   *record,
           GError     **error)
{
  g_auto(Existing) nothing = { 0 };
  g_auto(Changes) changes = { 0 };
  CltCustomer *customer = record->customer;
  Target owner;
  gint64 id;

  /* A UID is one customer's: one kept apart, or one of a deleted customer,
   * gets a new one. */
  if (lookup (self->index->uids, clt_customer_get_uid (customer), &owner))
    clt_customer_set_uid (customer, NULL);

  if (record->has_consent && clt_customer_get_consent_source (customer) == NULL)
    clt_customer_set_consent_source (customer, _("Import"));

  changes_compute (self, &nothing, record, &changes);
  id = clt_store_add_customer (self->store, customer, error);
  if (id == 0 || !write_children (self, id, &changes, error))
    return 0;

  return id;
}

/* Records */

static void
add_problem (CltImport  *self,
             guint       line,
             const char *reason)
{
  g_ptr_array_add (self->problems, clt_record_problem_new (line, reason));
}

/* Leaves out what the book cannot hold (a phone number without a digit, an
 * empty note) and gives the customer a name to be listed under. FALSE when
 * nothing is left to import. */
static gboolean
normalise_record (CltImport *self,
                  CltRecord *record)
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
      if (contact->kind != CLT_CONTACT_PHONE)
        continue;

      digits = clt_text_phone_digits (contact->value);
      if (*digits == '\0')
        {
          g_autofree char *shown = clt_text_strip (contact->value);
          g_autofree char *reason = NULL;

          /* TRANSLATORS: %s is what a file had as a phone number */
          reason = g_strdup_printf (_("The phone number “%s” has no digits; it was left out."), shown);
          add_problem (self, record->line, reason);
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
      add_problem (self, record->line,
                   _("There is no name, e-mail address or phone number here; nothing was imported."));
      return FALSE;
    }

  clt_customer_set_display_name (customer, fallback);
  return TRUE;
}

/* A match by name alone, for a record with an e-mail or phone that is
 * nobody's in the book: merging would add them, so there is no need to
 * read the customer to know the record is not already there. */
static gboolean
surely_new (const Match      *match,
            const RecordKeys *keys)
{
  return !match->same_uid && (match->reasons & (CLT_DUPLICATE_EMAIL | CLT_DUPLICATE_PHONE)) == 0 &&
         (keys->emails->len > 0 || keys->phones->len > 0);
}

static CltImportDuplicate *
duplicate_new (guint        index,
               CltRecord   *record,
               const Match *match)
{
  CltImportDuplicate *duplicate = g_new0 (CltImportDuplicate, 1);

  duplicate->index = index;
  duplicate->line = record->line;
  duplicate->reasons = match->reasons;
  duplicate->same_uid = match->same_uid;
  /* A name alone is not enough to be sure. */
  duplicate->action = match->same_uid || (match->reasons & ~CLT_DUPLICATE_NAME) != 0
                      ? CLT_IMPORT_MERGE : CLT_IMPORT_ADD;

  return duplicate;
}

/* Sorts one record of the plan: new, the same as its customer, or a
 * possible duplicate. */
static gboolean
plan_record (CltImport  *self,
             guint       index,
             CltRecord  *record,
             GError    **error)
{
  g_auto(RecordKeys) keys = { 0 };
  g_auto(Existing) existing = { 0 };
  g_auto(Changes) changes = { 0 };
  CltImportDuplicate *duplicate;
  Match match;

  record_keys_init (&keys, record);
  find_match (self, &keys, &match);

  if (match.target == 0)
    {
      self->n_new++;
      index_add_record (self->index, &keys, index_add_pending (self->index, record));
      return TRUE;
    }

  duplicate = duplicate_new (index, record, &match);
  if (match.target > 0)
    {
      if (surely_new (&match, &keys))
        duplicate->customer_name = clt_store_get_display_name (self->store, match.target, error);
      else if (existing_load (self, match.target, &existing, error))
        {
          changes_compute (self, &existing, record, &changes);
          if (changes_is_empty (&changes))
            {
              self->n_same++;
              clt_import_duplicate_free (duplicate);
              return TRUE;
            }
          duplicate->customer_name = g_strdup (clt_customer_get_display_name (existing.customer));
        }

      if (duplicate->customer_name == NULL)
        {
          clt_import_duplicate_free (duplicate);
          return FALSE;
        }

      duplicate->customer_id = match.target;
    }
  else
    {
      Pending *pending = &g_array_index (self->index->pending, Pending, PENDING_POSITION (match.target));

      duplicate->match_line = pending->line;
      duplicate->customer_name = g_strdup (pending->name);
    }

  /* What the run will do by default, so that later records match alike. */
  if (duplicate->action == CLT_IMPORT_MERGE)
    index_add_record (self->index, &keys, match.target);
  else
    index_add_record (self->index, &keys, index_add_pending (self->index, record));

  g_hash_table_insert (self->actions, GUINT_TO_POINTER (index), duplicate);
  g_ptr_array_add (self->duplicates, duplicate);
  duplicate->record = record;

  return TRUE;
}

/* Writes one record; @record is freed. */
static gboolean
run_record (CltImport        *self,
            guint             index,
            CltRecord        *record,
            CltImportResult  *result,
            GError          **error)
{
  g_autoptr(CltRecord) owned = record;
  g_auto(RecordKeys) keys = { 0 };
  g_auto(Existing) existing = { 0 };
  g_auto(Changes) changes = { 0 };
  g_autoptr(CltImportDuplicate) duplicate = NULL;
  CltImportDuplicate *planned;
  CltImportAction action;
  Match match;
  gint64 id;

  record_keys_init (&keys, record);
  find_match (self, &keys, &match);

  /* The plan's choice, else the default; without a match, a merge is an
   * addition. */
  planned = g_hash_table_lookup (self->actions, GUINT_TO_POINTER (index));
  action = planned != NULL && planned->action == CLT_IMPORT_SKIP ? CLT_IMPORT_SKIP : CLT_IMPORT_ADD;
  if (match.target != 0)
    {
      g_assert (match.target > 0);

      duplicate = duplicate_new (index, record, &match);
      action = planned != NULL ? planned->action : duplicate->action;

      if (action == CLT_IMPORT_MERGE || !surely_new (&match, &keys))
        {
          if (!existing_load (self, match.target, &existing, error))
            return FALSE;

          /* What the book has already is skipped, unless the user chose
           * to keep it apart. */
          changes_compute (self, &existing, record, &changes);
          if (changes_is_empty (&changes) && (planned == NULL || planned->action != CLT_IMPORT_ADD))
            action = CLT_IMPORT_SKIP;
        }
      else if (action == CLT_IMPORT_ADD)
        {
          duplicate->customer_name = clt_store_get_display_name (self->store, match.target, error);
          if (duplicate->customer_name == NULL)
            return FALSE;
        }
    }

  switch (action)
    {
    case CLT_IMPORT_SKIP:
      result->skipped++;
      return TRUE;

    case CLT_IMPORT_MERGE:
      if (changes.fields && !clt_store_update_customer (self->store, existing.customer, error))
        return FALSE;
      if (!write_children (self, match.target, &changes, error))
        return FALSE;
      index_add_record (self->index, &keys, match.target);
      result->merged++;
      return TRUE;

    case CLT_IMPORT_ADD:
    default:
      id = write_new (self, record, error);
      if (id == 0)
        return FALSE;
      /* The UID the customer was given, if the record's was taken. */
      keys.uid = clt_customer_get_uid (record->customer);
      index_add_record (self->index, &keys, (Target) id);
      result->added++;

      if (duplicate != NULL)
        {
          duplicate->customer_id = match.target;
          if (duplicate->customer_name == NULL)
            duplicate->customer_name = g_strdup (clt_customer_get_display_name (existing.customer));
          duplicate->action = CLT_IMPORT_ADD;
          g_ptr_array_add (self->kept_apart, g_steal_pointer (&duplicate));
        }
      return TRUE;
    }
}

static goffset
reader_size (CltRecordReader *reader)
{
  gpointer size = g_object_get_qdata (G_OBJECT (reader), file_size_quark ());

  return size != NULL ? *(goffset *) size : 0;
}

static gboolean
load_index (CltImport  *self,
            GError    **error)
{
  g_clear_pointer (&self->index, index_free);
  self->index = index_new ();

  return clt_store_foreach_match_key (self->store, book_key_cb, self->index, error);
}

/* Reads every record of @reader, handing each to the pass; the progress
 * goes from 0 to @span as the file is read. */
static gboolean
read_all (CltImport          *self,
          Pass                pass,
          CltRecordReader    *reader,
          CltImportProgress   progress,
          gpointer            user_data,
          double              span,
          GCancellable       *cancellable,
          CltImportResult    *result,
          GError            **error)
{
  goffset size = reader_size (reader);
  double reported = -1;
  /* A reader gives a row's problems before its record: problems that no
   * record of their line follows are a row left out. */
  guint problem_line = 0;

  for (guint index = 0;; index++)
    {
      CltRecord *record = NULL;
      CltRecordProblem *problem = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (!clt_record_reader_next (reader, &record, &problem, cancellable, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }

      if (problem != NULL)
        {
          if (problem_line != 0 && problem_line != problem->line)
            result->skipped++;
          problem_line = problem->line;
          g_ptr_array_add (self->problems, problem);
          continue;
        }

      if (problem_line != 0 && problem_line != record->line)
        result->skipped++;
      problem_line = 0;

      if (!normalise_record (self, record))
        {
          clt_record_free (record);
          result->skipped++;
          continue;
        }

      if (pass == PASS_PLAN)
        {
          if (!plan_record (self, index, record, error))
            {
              clt_record_free (record);
              return FALSE;
            }
          if (!g_hash_table_contains (self->actions, GUINT_TO_POINTER (index)))
            clt_record_free (record);
        }
      else if (!run_record (self, index, record, result, error))
        return FALSE;

      if (progress != NULL && size > 0 && index % PROGRESS_EVERY == 0)
        {
          double fraction = CLAMP ((double) clt_record_reader_get_position (reader) / size, 0, 1);

          if (fraction - reported >= 0.001)
            {
              progress (fraction * span, user_data);
              reported = fraction;
            }
        }
    }

  if (problem_line != 0)
    result->skipped++;

  return TRUE;
}

static void
clt_import_finalize (GObject *object)
{
  CltImport *self = (CltImport *)object;

  g_clear_object (&self->store);
  g_clear_pointer (&self->country, g_free);
  g_clear_pointer (&self->index, index_free);
  g_clear_pointer (&self->actions, g_hash_table_unref);
  g_clear_pointer (&self->duplicates, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->kept_apart, g_ptr_array_unref);

  G_OBJECT_CLASS (clt_import_parent_class)->finalize (object);
}

static void
clt_import_class_init (CltImportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_import_finalize;
}

static void
clt_import_init (CltImport *self)
{
  self->duplicates = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_import_duplicate_free);
  self->actions = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_problem_free);
  self->kept_apart = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_import_duplicate_free);
}

void
clt_import_duplicate_free (CltImportDuplicate *duplicate)
{
  if (duplicate == NULL)
    return;

  g_clear_pointer (&duplicate->record, clt_record_free);
  g_free (duplicate->customer_name);
  g_free (duplicate);
}

gboolean
clt_import_check_country (const char  *country,
                          GError     **error)
{
  g_return_val_if_fail (country != NULL, FALSE);

  if (strlen (country) == 2)
    {
      g_autofree char *code = g_ascii_strup (country, -1);

      if (e_phone_number_get_country_code_for_region (code, NULL) > 0)
        return TRUE;
    }

  g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED,
               _("“%s” is not a country code. Give the two letters of the country, "
                 "such as FR, CH, BE or CA."), country);
  return FALSE;
}

/**
 * clt_import_new:
 * @country: (nullable): how to read phone numbers written without their
 *   country code, %NULL for the book's setting
 */
CltImport *
clt_import_new (CltStore   *store,
                const char *country)
{
  CltImport *self;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_IMPORT, NULL);
  self->store = g_object_ref (store);
  self->country = country != NULL ? g_ascii_strup (country, -1) : clt_store_get_country (store);

  return self;
}

const char *
clt_import_get_country (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), NULL);

  return self->country;
}

static gboolean
has_nul (const guint8 *data,
         gsize         len)
{
  return memchr (data, '\0', len) != NULL;
}

/* Whether a line of the first bytes begins a vCard. */
static gboolean
looks_like_vcard (const guint8 *data,
                  gsize         len)
{
  g_autofree char *converted = NULL;
  const char *text = (const char *) data;
  const char *end;

  if (len >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    {
      /* UTF-16: whole code units only; g_convert() reads the BOM. */
      converted = g_convert ((const char *) data, len & ~(gsize) 1, "UTF-8", "UTF-16", NULL, &len, NULL);
      if (converted == NULL)
        return FALSE;
      text = converted;
    }
  else if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      text += 3;
      len -= 3;
    }

  end = text + len;
  for (const char *line = text; line < end;)
    {
      const char *next = memchr (line, '\n', end - line);

      while (line < end && (*line == ' ' || *line == '\t' || *line == '\r'))
        line++;
      if (end - line >= 11 && g_ascii_strncasecmp (line, "BEGIN:VCARD", 11) == 0)
        return TRUE;
      if (next == NULL)
        break;
      line = next + 1;
    }

  return FALSE;
}

static gboolean
preview_has_key_column (const CltCsvPreview *preview)
{
  for (guint i = 0; preview->mapping != NULL && i < preview->n_columns; i++)
    switch (preview->mapping[i])
      {
      case CLT_CSV_FULL_NAME:
      case CLT_CSV_GIVEN_NAME:
      case CLT_CSV_FAMILY_NAME:
      case CLT_CSV_COMPANY:
      case CLT_CSV_EMAIL:
      case CLT_CSV_PHONE:
      case CLT_CSV_MOBILE:
        return TRUE;
      default:
        break;
      }

  return FALSE;
}

static void
set_unreadable (GError **error,
                GFile   *file)
{
  g_autofree char *name = g_file_get_parse_name (file);

  g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
               _("“%s” is neither a vCard file nor a CSV file. In the program that holds "
                 "your contacts, export them as vCard (.vcf) or CSV, and import that file; "
                 "save a spreadsheet as CSV first."), name);
}

/**
 * clt_import_open:
 *
 * Returns: (transfer full): a reader at the start of @file
 */
CltRecordReader *
clt_import_open (GFile                *file,
                 const CltCsvPreview  *csv_preview,
                 GError              **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CltCsvPreview) sniffed = NULL;
  g_autofree char *name = NULL;
  g_autofree guint8 *head = g_malloc (SNIFF_BYTES);
  CltRecordReader *reader;
  goffset *size;
  gsize len = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  stream = g_file_read (file, NULL, &local_error);
  if (stream != NULL)
    info = g_file_input_stream_query_info (stream, G_FILE_ATTRIBUTE_STANDARD_SIZE, NULL, &local_error);
  if (info != NULL &&
      g_input_stream_read_all (G_INPUT_STREAM (stream), head, SNIFF_BYTES, &len, NULL, &local_error))
    g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &local_error);

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                   _("There is no file “%s”. Check its name and folder."), name);
      return NULL;
    }
  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY))
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                   _("“%s” is a folder. Choose the vCard or CSV file in it."), name);
      return NULL;
    }
  if (local_error != NULL)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                   _("“%s” cannot be read (%s). Check that it is yours to read, "
                     "or copy it to your folder first."), name, local_error->message);
      return NULL;
    }

  if (len == 0)
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                   _("“%s” is empty. Export your contacts again and import the new file."), name);
      return NULL;
    }

  if (looks_like_vcard (head, len))
    reader = clt_vcard_reader_new (G_INPUT_STREAM (stream));
  else
    {
      if (csv_preview == NULL)
        {
          sniffed = clt_csv_sniff (G_INPUT_STREAM (stream), NULL, &local_error);
          if (sniffed == NULL && g_error_matches (local_error, CLT_CSV_ERROR, CLT_CSV_ERROR_BINARY))
            {
              set_unreadable (error, file);
              return NULL;
            }
          if (sniffed == NULL)
            {
              /* TRANSLATORS: %s is a file, then why it cannot be read */
              g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                           _("“%s” cannot be imported. %s"), name, local_error->message);
              return NULL;
            }
          csv_preview = sniffed;
        }

      /* Text in UTF-16 has NUL bytes; any other text has none. */
      if (has_nul (head, len) && !g_str_has_prefix (csv_preview->encoding, "UTF-16"))
        {
          set_unreadable (error, file);
          return NULL;
        }

      if (!preview_has_key_column (csv_preview))
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_NEEDS_MAPPING,
                       _("No column of “%s” was recognised as a name, an e-mail address or "
                         "a phone number. Import it from the Clientele window, which lets "
                         "you say what each column holds."), name);
          return NULL;
        }

      if (!g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &local_error))
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE,
                       _("“%s” cannot be read (%s). Check that it is yours to read, "
                         "or copy it to your folder first."), name, local_error->message);
          return NULL;
        }

      reader = clt_csv_reader_new (G_INPUT_STREAM (stream), csv_preview);
    }

  size = g_new (goffset, 1);
  *size = g_file_info_get_size (info);
  g_object_set_qdata_full (G_OBJECT (reader), file_size_quark (), size, g_free);

  return reader;
}

static void
reset_pass (CltImport *self)
{
  g_ptr_array_set_size (self->problems, 0);
  g_ptr_array_set_size (self->kept_apart, 0);
}

gboolean
clt_import_plan (CltImport          *self,
                 CltRecordReader    *reader,
                 CltImportProgress   progress,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 GError            **error)
{
  CltImportResult ignored = { 0 };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (CLT_IS_RECORD_READER (reader), FALSE);

  reset_pass (self);
  g_hash_table_remove_all (self->actions);
  g_ptr_array_set_size (self->duplicates, 0);
  self->n_new = 0;
  self->n_same = 0;

  ok = load_index (self, error) &&
       read_all (self, PASS_PLAN, reader, progress, user_data, 1.0, cancellable, &ignored, error);
  g_clear_pointer (&self->index, index_free);

  if (!ok)
    {
      g_hash_table_remove_all (self->actions);
      g_ptr_array_set_size (self->duplicates, 0);
      return FALSE;
    }

  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;
}

guint
clt_import_get_n_new (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), 0);

  return self->n_new;
}

guint
clt_import_get_n_same (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), 0);

  return self->n_same;
}

GPtrArray *
clt_import_get_duplicates (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), NULL);

  return self->duplicates;
}

GPtrArray *
clt_import_get_problems (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), NULL);

  return self->problems;
}

GPtrArray *
clt_import_get_kept_apart (CltImport *self)
{
  g_return_val_if_fail (CLT_IS_IMPORT (self), NULL);

  return self->kept_apart;
}

void
clt_import_set_action (CltImport       *self,
                       guint            index,
                       CltImportAction  action)
{
  CltImportDuplicate *duplicate;

  g_return_if_fail (CLT_IS_IMPORT (self));
  g_return_if_fail (action <= CLT_IMPORT_SKIP);

  duplicate = g_hash_table_lookup (self->actions, GUINT_TO_POINTER (index));
  g_return_if_fail (duplicate != NULL);

  duplicate->action = action;
}

void
clt_import_set_all_actions (CltImport       *self,
                            CltImportAction  action)
{
  g_return_if_fail (CLT_IS_IMPORT (self));
  g_return_if_fail (action <= CLT_IMPORT_SKIP);

  for (guint i = 0; i < self->duplicates->len; i++)
    ((CltImportDuplicate *) g_ptr_array_index (self->duplicates, i))->action = action;
}

/**
 * clt_import_run:
 * @result: (out caller-allocates): what was done
 */
gboolean
clt_import_run (CltImport          *self,
                CltRecordReader    *reader,
                CltImportProgress   progress,
                gpointer            user_data,
                GCancellable       *cancellable,
                CltImportResult    *result,
                GError            **error)
{
  g_autoptr(GError) local_error = NULL;
  CltImportResult counts = { 0 };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (CLT_IS_RECORD_READER (reader), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  memset (result, 0, sizeof *result);
  reset_pass (self);

  if (!clt_store_begin (self->store, error))
    return FALSE;

  ok = load_index (self, &local_error) &&
       read_all (self, PASS_RUN, reader, progress, user_data, RUN_READING_SPAN,
                 cancellable, &counts, &local_error);
  g_clear_pointer (&self->index, index_free);

  if (ok)
    ok = clt_store_commit (self->store, &local_error);
  else
    clt_store_rollback (self->store);

  if (!ok)
    {
      g_ptr_array_set_size (self->kept_apart, 0);
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&local_error, _("Nothing was imported. "));
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  *result = counts;
  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;
}

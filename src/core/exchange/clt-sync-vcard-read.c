/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-sync-vcard-private.h"
#include "clt-text.h"

/* A card from the shared address book as a customer: its own card (see
 * clt-sync-vcard.c) exactly, and one another program wrote or edited as
 * well as can be told, against the version both sides last agreed on:
 *
 * - a field without a stamp that still has the agreed value keeps the
 *   agreed stamp; a new or changed one is dated by the card's REV when
 *   that is later than every agreed stamp (the other program updated it),
 *   else by the time the caller gives, with no desk;
 * - so is a field whose stamp is the agreed one but whose value is not:
 *   the other program kept our properties and changed the value;
 * - an element without X-CLIENTELE-ID takes the id of the agreed element
 *   of the same value (same address, same phone digits), else an id made
 *   from its value, the same on every read;
 * - a standard field gone from the card is a removal; Clientele's own
 *   data (preferences, notes, consent, VIP, how to address, the language
 *   in 3.0) gone with its X-CLIENTELE-… properties is not: a program that
 *   drops what it does not know must not remove it on every desk;
 * - NOTE, written as a copy of the notes, brings what another program
 *   added to it as a note of its own. */

typedef struct
{
  gint64  changed;
  char   *desk;
} Stamp;

typedef struct
{
  char     *prefix;    /* "email/"… */
  char     *id;        /* X-CLIENTELE-ID, may be NULL */
  char     *match;     /* the value as compared */
  GVariant *value;
} Element;

typedef struct
{
  const CltSyncDoc *base;
  gboolean          version_4;
  GHashTable       *labels;     /* itemN → X-ABLabel */
  GHashTable       *stamps;     /* key → Stamp */
  GHashTable       *removed;    /* key → Stamp */
  GHashTable       *values;     /* key → GVariant, what the card holds */
  GPtrArray        *elements;   /* Element, before their ids are known */
  char             *uid;
  char             *state;      /* X-CLIENTELE-STATE, may be NULL */
  char             *full_name;
  char             *plain_notes;
  gint64            rev;
  gint64            edit_time;
} Card;

static void
stamp_free (Stamp *stamp)
{
  g_free (stamp->desk);
  g_free (stamp);
}

static void
element_free (Element *element)
{
  g_free (element->prefix);
  g_free (element->id);
  g_free (element->match);
  g_clear_pointer (&element->value, g_variant_unref);
  g_free (element);
}

static void
card_clear (Card *card)
{
  g_clear_pointer (&card->labels, g_hash_table_unref);
  g_clear_pointer (&card->stamps, g_hash_table_unref);
  g_clear_pointer (&card->removed, g_hash_table_unref);
  g_clear_pointer (&card->values, g_hash_table_unref);
  g_clear_pointer (&card->elements, g_ptr_array_unref);
  g_clear_pointer (&card->uid, g_free);
  g_clear_pointer (&card->state, g_free);
  g_clear_pointer (&card->full_name, g_free);
  g_clear_pointer (&card->plain_notes, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Card, card_clear)

static gboolean
is_name (EVCardAttribute *attribute,
         const char      *name)
{
  return g_ascii_strcasecmp (e_vcard_attribute_get_name (attribute), name) == 0;
}

static void
add_stamp (GHashTable      *stamps,
           EVCardAttribute *attribute)
{
  g_autofree char *text = clt_vcard_attribute_text (attribute);
  g_autofree char *key = NULL;
  Stamp *stamp = g_new0 (Stamp, 1);

  if (!clt_sync_stamp_parse (text, &key, &stamp->changed, &stamp->desk))
    {
      g_free (stamp);
      return;
    }
  g_hash_table_replace (stamps, g_steal_pointer (&key), stamp);
}

static gint64
parse_rev (EVCardAttribute *attribute)
{
  g_autofree char *text = clt_vcard_attribute_text (attribute);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (g_strstrip (text), utc);

  return time != NULL ? MAX (g_date_time_to_unix (time), 0) * G_USEC_PER_SEC : 0;
}

/* What the stamps, the state, the UID and REV say, before any value. */
static void
read_header (Card   *card,
             EVCard *vcard)
{
  for (GList *l = e_vcard_get_attributes (vcard); l != NULL; l = l->next)
    {
      EVCardAttribute *attribute = l->data;

      if (is_name (attribute, "X-CLIENTELE-STAMP"))
        add_stamp (card->stamps, attribute);
      else if (is_name (attribute, "X-CLIENTELE-REMOVED"))
        add_stamp (card->removed, attribute);
      else if (is_name (attribute, "X-CLIENTELE-STATE") && card->state == NULL)
        card->state = clt_vcard_attribute_text (attribute);
      else if (is_name (attribute, EVC_REV))
        card->rev = parse_rev (attribute);
      else if (is_name (attribute, EVC_VERSION))
        card->version_4 = g_str_has_prefix (clt_vcard_attribute_component (attribute, 0), "4");
      else if (is_name (attribute, EVC_UID) && card->uid == NULL)
        {
          g_autofree char *text = clt_vcard_attribute_text (attribute);

          card->uid = clt_vcard_parse_uid (text);
        }
    }
}

static gint64
latest_stamp (const CltSyncDoc *doc)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys (doc);
  gint64 changed, latest;

  clt_sync_doc_get_state (doc, &latest, NULL);
  for (guint i = 0; i < keys->len; i++)
    {
      clt_sync_doc_lookup (doc, g_ptr_array_index (keys, i), NULL, &changed, NULL);
      latest = MAX (latest, changed);
    }

  return latest;
}

/* Sets a one-line text field; an empty one counts only when stamped. */
static void
set_text (Card       *card,
          const char *key,
          const char *text)
{
  g_autofree char *stripped = clt_text_strip (text);

  if (*stripped == '\0' && !g_hash_table_contains (card->stamps, key))
    return;
  if (!g_hash_table_contains (card->values, key))
    g_hash_table_insert (card->values, g_strdup (key), g_variant_ref_sink (g_variant_new_string (stripped)));
}

static void
set_attribute_text (Card            *card,
                    const char      *key,
                    EVCardAttribute *attribute)
{
  g_autofree char *text = clt_vcard_attribute_text (attribute);

  set_text (card, key, text);
}

/* Takes @id and @match. */
static void
add_element (Card       *card,
             const char *prefix,
             char       *id,
             char       *match,
             GVariant   *value)
{
  Element *element = g_new0 (Element, 1);

  element->prefix = g_strdup (prefix);
  element->id = id;
  if (id != NULL && (*id == '\0' || strchr (id, '/') != NULL))
    g_clear_pointer (&element->id, g_free);
  element->match = match;
  element->value = g_variant_ref_sink (value);
  g_ptr_array_add (card->elements, element);
}

static char *
fold_text (const char *text)
{
  g_autofree char *stripped = clt_text_strip (text);

  return clt_text_fold (stripped);
}

/* CRLF and CR as LF, as the writer writes them. */
static char *
line_breaks (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p != '\r')
        g_string_append_c (out, *p);
      else if (p[1] != '\n')
        g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

/* What two elements of the same value have in common: the digits of a
 * phone number, the folded text of anything else. */
static char *
match_text (const char *prefix,
            const char *text)
{
  if (g_str_equal (prefix, "phone/"))
    {
      char *digits = clt_text_phone_digits (text);

      if (*digits != '\0')
        return digits;
      g_free (digits);
    }

  return fold_text (text);
}

static void
read_contact (Card            *card,
              EVCardAttribute *attribute,
              CltContactKind   kind)
{
  static const char * const prefixes[] = {
    [CLT_CONTACT_EMAIL] = "email/",
    [CLT_CONTACT_PHONE] = "phone/",
    [CLT_CONTACT_ADDRESS] = "address/",
  };
  g_autofree char *label = clt_vcard_contact_label (attribute, kind, card->labels);
  g_autofree char *value = NULL;

  if (kind == CLT_CONTACT_ADDRESS)
    {
      gboolean street_only = TRUE;

      /* Clientele's own: the whole text in the street, as written. */
      for (guint i = 0; i < 7; i++)
        street_only &= i == 2 || *clt_vcard_attribute_component (attribute, i) == '\0';
      if (street_only)
        {
          value = line_breaks (clt_vcard_attribute_component (attribute, 2));
        }
      else
        {
          value = clt_vcard_address_text (attribute);
        }
      if (value == NULL || clt_text_is_blank (value))
        return;
    }
  else
    {
      g_autofree char *text = clt_vcard_attribute_text (attribute);
      const char *scheme = kind == CLT_CONTACT_PHONE ? "tel:" : "mailto:";

      value = clt_text_strip (text);
      while (g_ascii_strncasecmp (value, scheme, strlen (scheme)) == 0)
        memmove (value, value + strlen (scheme), strlen (value) - strlen (scheme) + 1);
      if (*value == '\0')
        return;
    }

  add_element (card, prefixes[kind], clt_vcard_attribute_param (attribute, "X-CLIENTELE-ID"),
               match_text (prefixes[kind], value),
               g_variant_new ("(ss)", label != NULL ? label : "", value));
}

static void
read_preference (Card            *card,
                 EVCardAttribute *attribute)
{
  g_autofree char *text = clt_vcard_attribute_text (attribute);
  g_autofree char *category = clt_vcard_attribute_param (attribute, "CATEGORY");
  g_autofree char *alert = clt_vcard_attribute_param (attribute, "ALERT");
  g_autofree char *sensitive = clt_vcard_attribute_param (attribute, "SENSITIVE");

  if (clt_text_is_blank (text))
    return;

  add_element (card, "preference/", clt_vcard_attribute_param (attribute, "X-CLIENTELE-ID"),
               fold_text (text),
               g_variant_new ("(ssbb)", category != NULL ? category : "", text,
                              clt_vcard_is_true (alert), clt_vcard_is_true (sensitive)));
}

static void
read_note (Card            *card,
           EVCardAttribute *attribute)
{
  g_autofree char *text = clt_vcard_attribute_text (attribute);
  g_autofree char *author = clt_vcard_attribute_param (attribute, "AUTHOR");
  g_autofree char *pinned = clt_vcard_attribute_param (attribute, "PINNED");

  if (clt_text_is_blank (text))
    return;

  add_element (card, "note/", clt_vcard_attribute_param (attribute, "X-CLIENTELE-ID"), fold_text (text),
               g_variant_new ("(ssbx)", text, author != NULL ? author : "", clt_vcard_is_true (pinned),
                              clt_vcard_attribute_time_param (attribute, "CREATED")));
}

static void
read_tags (Card            *card,
           EVCardAttribute *attribute)
{
  for (GList *l = e_vcard_attribute_get_values (attribute); l != NULL; l = l->next)
    {
      g_autofree char *stripped = clt_text_strip (l->data);
      g_autofree char *tag = g_utf8_strdown (stripped, -1);

      /* Google's group of every contact. */
      if (*tag == '\0' || g_str_equal (tag, "mycontacts"))
        continue;
      g_hash_table_replace (card->values, g_strconcat ("tag/", tag, NULL),
                            g_variant_ref_sink (g_variant_new_boolean (TRUE)));
    }
}

static void
read_names (Card            *card,
            EVCardAttribute *attribute)
{
  /* Given and additional names are one given name, family name and
   * suffix one family name, as the import reads them. */
  g_autofree char *given = g_strjoin (" ", clt_vcard_attribute_component (attribute, 1),
                                      clt_vcard_attribute_component (attribute, 2), NULL);
  g_autofree char *family = g_strjoin (" ", clt_vcard_attribute_component (attribute, 0),
                                       clt_vcard_attribute_component (attribute, 4), NULL);

  set_text (card, "family", family);
  set_text (card, "given", given);
  set_text (card, "honorific", clt_vcard_attribute_component (attribute, 3));
}

static void
read_consent (Card            *card,
              EVCardAttribute *attribute)
{
  g_autofree char *text = clt_vcard_attribute_text (attribute);
  g_autofree char *value = g_ascii_strdown (g_strstrip (text), -1);

  if (g_strv_contains ((const char * const[]) { "none", "follow-ups", "marketing", NULL }, value))
    set_text (card, "consent", value);
}

static void
read_values (Card   *card,
             EVCard *vcard)
{
  for (GList *l = e_vcard_get_attributes (vcard); l != NULL; l = l->next)
    {
      EVCardAttribute *attribute = l->data;
      g_autofree char *text = NULL;

      if (is_name (attribute, EVC_FN) && card->full_name == NULL)
        card->full_name = clt_vcard_attribute_text (attribute);
      else if (is_name (attribute, EVC_N))
        read_names (card, attribute);
      else if (is_name (attribute, EVC_EMAIL))
        read_contact (card, attribute, CLT_CONTACT_EMAIL);
      else if (is_name (attribute, EVC_TEL))
        read_contact (card, attribute, CLT_CONTACT_PHONE);
      else if (is_name (attribute, EVC_ADR))
        read_contact (card, attribute, CLT_CONTACT_ADDRESS);
      else if (is_name (attribute, EVC_ORG))
        set_text (card, "company", clt_vcard_attribute_component (attribute, 0));
      else if (is_name (attribute, EVC_TITLE))
        set_attribute_text (card, "job-title", attribute);
      else if (is_name (attribute, "LANG") || is_name (attribute, "X-CLIENTELE-LANGUAGE"))
        set_attribute_text (card, "language", attribute);
      else if (is_name (attribute, EVC_BDAY))
        {
          g_autofree char *omit_year = clt_vcard_attribute_param (attribute, "X-APPLE-OMIT-YEAR");
          g_autofree char *birthday = NULL;

          text = clt_vcard_attribute_text (attribute);
          birthday = clt_vcard_parse_birthday (text, omit_year);
          if (birthday != NULL)
            set_text (card, "birthday", birthday);
        }
      else if (is_name (attribute, EVC_CATEGORIES))
        read_tags (card, attribute);
      else if (is_name (attribute, EVC_NOTE) && card->plain_notes == NULL)
        card->plain_notes = clt_vcard_attribute_text (attribute);
      else if (is_name (attribute, "X-CLIENTELE-ADDRESSED-AS"))
        set_attribute_text (card, "addressed-as", attribute);
      else if (is_name (attribute, "X-CLIENTELE-VIP"))
        {
          text = clt_vcard_attribute_text (attribute);
          g_hash_table_replace (card->values, g_strdup ("vip"),
                                g_variant_ref_sink (g_variant_new_boolean (clt_vcard_is_true (g_strstrip (text)))));
        }
      else if (is_name (attribute, "X-CLIENTELE-CONSENT"))
        read_consent (card, attribute);
      else if (is_name (attribute, "X-CLIENTELE-PREFERENCE"))
        read_preference (card, attribute);
      else if (is_name (attribute, "X-CLIENTELE-NOTE"))
        read_note (card, attribute);
    }
}

/* The agreed element of the same kind and value that no element of the
 * card has claimed, or NULL. */
static const char *
match_base (Card    *card,
            Element *element)
{
  g_autoptr(GPtrArray) keys = NULL;

  if (card->base == NULL)
    return NULL;

  keys = clt_sync_doc_get_keys_with_prefix (card->base, element->prefix);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      GVariant *value = NULL;
      const char *text;
      g_autofree char *match = NULL;

      clt_sync_doc_lookup (card->base, key, &value, NULL, NULL);
      if (value == NULL || g_hash_table_contains (card->values, key) ||
          g_variant_n_children (value) < 2)
        continue;

      /* The text is the second member of a contact, the first of the others. */
      g_variant_get_child (value, g_variant_is_of_type (value, G_VARIANT_TYPE ("(ss)")) ? 1 : 0, "&s", &text);
      match = match_text (element->prefix, text);
      if (g_str_equal (match, element->match))
        return key;
    }

  return NULL;
}

static void
place_elements (Card *card)
{
  /* The ids the card gives first, so that no match takes them; an id
   * given twice is given once. */
  for (guint i = 0; i < card->elements->len; i++)
    {
      Element *element = g_ptr_array_index (card->elements, i);
      g_autofree char *key = NULL;

      if (element->id == NULL)
        continue;
      key = g_strconcat (element->prefix, element->id, NULL);
      if (!g_hash_table_contains (card->values, key))
        g_hash_table_insert (card->values, g_steal_pointer (&key), g_steal_pointer (&element->value));
    }

  for (guint i = 0; i < card->elements->len; i++)
    {
      Element *element = g_ptr_array_index (card->elements, i);
      const char *matched;
      char *key;

      if (element->value == NULL)
        continue;

      matched = match_base (card, element);
      if (matched != NULL)
        {
          key = g_strdup (matched);
        }
      else
        {
          g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, element->match, -1);

          key = g_strdup_printf ("%sv%.15s", element->prefix, digest);
        }

      /* The same value twice: once is enough. */
      if (g_hash_table_contains (card->values, key))
        g_free (key);
      else
        g_hash_table_insert (card->values, key, g_steal_pointer (&element->value));
    }
}

/* Clientele's own data, which a program that drops X- properties drops
 * without meaning to remove it. */
static gboolean
is_clientele_only (Card       *card,
                   const char *key)
{
  return g_str_has_prefix (key, "preference/") || g_str_has_prefix (key, "note/") ||
         g_str_equal (key, "addressed-as") || g_str_equal (key, "vip") ||
         g_str_equal (key, "consent") || (g_str_equal (key, "language") && !card->version_4);
}

/* Sets a field the card holds, with its stamp. */
static void
take (Card       *card,
      CltSyncDoc *doc,
      const char *key,
      GVariant   *value)
{
  Stamp *stamp = g_hash_table_lookup (card->stamps, key);
  GVariant *agreed = NULL;
  gint64 agreed_changed = 0;
  const char *agreed_desk = NULL;
  gboolean known = card->base != NULL &&
                   clt_sync_doc_lookup (card->base, key, &agreed, &agreed_changed, &agreed_desk);
  gboolean same = known && agreed != NULL && g_variant_equal (agreed, value);

  if (stamp != NULL &&
      !(known && !same && stamp->changed == agreed_changed && g_str_equal (stamp->desk, agreed_desk)))
    clt_sync_doc_set (doc, key, value, stamp->changed, stamp->desk);
  else if (stamp == NULL && same)
    clt_sync_doc_set (doc, key, value, agreed_changed, agreed_desk);
  else
    clt_sync_doc_set (doc, key, value, card->edit_time, "");
}

/* FN is the customer's own display name unless it is only what the
 * writer builds from the names for a customer without one. */
static void
take_display (Card       *card,
              CltSyncDoc *doc)
{
  g_autofree char *built = clt_sync_vcard_built_name (doc);
  g_autofree char *display = clt_text_strip (card->full_name);
  gboolean own;

  if (g_hash_table_contains (card->stamps, "display"))
    own = TRUE;
  else if (*display == '\0' || g_hash_table_contains (card->removed, "display"))
    own = FALSE;
  else
    own = !g_str_equal (display, built) ||
          (card->base != NULL && clt_sync_doc_get_string (card->base, "display") != NULL);

  if (own)
    take (card, doc, "display", g_variant_new_string (display));
}

/* What another program added to NOTE, the plain copy of the notes,
 * becomes a note. */
static void
take_plain_notes (Card       *card,
                  CltSyncDoc *doc)
{
  g_autoptr(GPtrArray) notes = clt_sync_vcard_notes (doc);
  g_autofree char *ours = clt_vcard_plain_notes (notes);
  g_autofree char *theirs = g_strstrip (g_strdup (card->plain_notes ? card->plain_notes : ""));
  g_autofree char *match = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *key = NULL;
  const char *added = theirs;
  GVariant *agreed = NULL;

  g_strstrip (ours);
  if (*ours != '\0' && g_str_has_prefix (theirs, ours))
    added += strlen (ours);
  added += strspn (added, " \t\r\n");
  if (*added == '\0')
    return;

  match = match_text ("note/", added);
  for (guint i = 0; i < notes->len; i++)
    {
      CltNote *note = g_ptr_array_index (notes, i);
      g_autofree char *other = match_text ("note/", note->text);

      if (g_str_equal (other, match))
        return;
    }

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, match, -1);
  key = g_strdup_printf ("note/v%.15s", digest);
  if (card->base != NULL && clt_sync_doc_lookup (card->base, key, &agreed, NULL, NULL) && agreed != NULL)
    take (card, doc, key, agreed);
  else
    take (card, doc, key, g_variant_new ("(ssbx)", added, "", FALSE, card->edit_time / G_USEC_PER_SEC));
}

/* The agreed fields the card does not hold: removed, or kept. */
static void
take_missing (Card       *card,
              CltSyncDoc *doc)
{
  g_autoptr(GPtrArray) keys = card->base ? clt_sync_doc_get_keys (card->base) : g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, data;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *name = g_ptr_array_index (keys, i);
      GVariant *value;
      gint64 changed;
      const char *desk;

      if (clt_sync_doc_lookup (doc, name, NULL, NULL, NULL) || g_hash_table_contains (card->removed, name))
        continue;

      clt_sync_doc_lookup (card->base, name, &value, &changed, &desk);
      if (value == NULL || is_clientele_only (card, name))
        clt_sync_doc_set (doc, name, value, changed, desk);
      else
        clt_sync_doc_set (doc, name, NULL, card->edit_time, "");
    }

  g_hash_table_iter_init (&iter, card->removed);
  while (g_hash_table_iter_next (&iter, &key, &data))
    {
      Stamp *stamp = data;

      if (!clt_sync_doc_lookup (doc, key, NULL, NULL, NULL))
        clt_sync_doc_set (doc, key, NULL, stamp->changed, stamp->desk);
    }
}

static void
take_state (Card       *card,
            CltSyncDoc *doc)
{
  g_autofree char *name = NULL;
  g_autofree char *desk = NULL;
  const char *agreed_desk = "";
  gint64 changed, agreed_changed = 0;
  CltSyncState agreed = card->base ? clt_sync_doc_get_state (card->base, &agreed_changed, &agreed_desk)
                                   : CLT_SYNC_LIVE;

  if (card->state != NULL && clt_sync_stamp_parse (card->state, &name, &changed, &desk))
    {
      for (guint i = 0; i < G_N_ELEMENTS (clt_sync_vcard_states); i++)
        {
          if (g_str_equal (name, clt_sync_vcard_states[i]))
            {
              clt_sync_doc_set_state (doc, i, changed, desk);
              return;
            }
        }
    }

  /* A card without a state is a live customer. */
  if (agreed == CLT_SYNC_LIVE)
    clt_sync_doc_set_state (doc, CLT_SYNC_LIVE, agreed_changed, agreed_desk);
  else
    clt_sync_doc_set_state (doc, CLT_SYNC_LIVE, card->edit_time, "");
}

/**
 * clt_sync_vcard_read:
 * @text: a card from the shared address book
 * @base: (nullable): the version of this customer both sides last agreed
 *   on, if any
 * @fallback_time: when a change the card does not date was made (µs, UTC):
 *   when it was fetched
 * @error: where to say why the card cannot be read
 *
 * Returns: (transfer full) (nullable): the customer; the same document
 *   clt_sync_vcard_write() wrote, or, for a card another program wrote or
 *   edited, its values with their stamps as described above.
 */
CltSyncDoc *
clt_sync_vcard_read (const char        *text,
                     const CltSyncDoc  *base,
                     gint64             fallback_time,
                     GError           **error)
{
  g_auto(Card) card = { 0 };
  g_autoptr(EVCard) vcard = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (base == NULL || clt_sync_doc_get_kind (base) == CLT_SYNC_CUSTOMER, NULL);

  vcard = clt_vcard_parse_card (text, error);
  if (vcard == NULL)
    return NULL;

  card.stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) stamp_free);
  card.removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) stamp_free);
  card.values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_variant_unref);
  card.elements = g_ptr_array_new_with_free_func ((GDestroyNotify) element_free);
  card.labels = clt_vcard_group_labels (vcard);
  read_header (&card, vcard);

  if (card.uid == NULL && base == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("The contact card has no UID: it cannot be told apart from the others."));
      return NULL;
    }
  if (card.uid == NULL)
    card.uid = g_strdup (clt_sync_doc_get_uid (base));
  card.base = base != NULL && g_str_equal (card.uid, clt_sync_doc_get_uid (base)) ? base : NULL;

  /* A REV no later than what was agreed was not updated with the change. */
  card.edit_time = fallback_time;
  if (card.rev > 0 && (card.base == NULL || card.rev > latest_stamp (card.base)))
    card.edit_time = card.rev;

  read_values (&card, vcard);
  place_elements (&card);

  doc = clt_sync_doc_new (CLT_SYNC_CUSTOMER, card.uid);
  g_hash_table_iter_init (&iter, card.values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    take (&card, doc, key, value);
  take_display (&card, doc);
  take_missing (&card, doc);
  take_plain_notes (&card, doc);
  take_state (&card, doc);

  return g_steal_pointer (&doc);
}

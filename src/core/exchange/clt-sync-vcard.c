/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include "clt-sync-vcard-private.h"
#include "clt-text.h"

/* A customer as a vCard for the shared address book, written through the
 * export's writer (clt-vcard-writer.c: escaping, folding, labels, itemN
 * groups, the birthday in each version) and read back in
 * clt-sync-vcard-read.c. On top of an export's card:
 *
 *   EMAIL;TYPE=home;X-CLIENTELE-ID=4f1c…:marie@example.org
 *   X-CLIENTELE-PREFERENCE;X-CLIENTELE-ID=9a0e…;CATEGORY=food;ALERT=1:No gluten
 *     Every element (e-mail, phone, address, preference, note) carries its
 *     id, so that an edit on one desk is the same element on the others.
 *   X-CLIENTELE-LANGUAGE:fr
 *     vCard 3.0 has no LANG; 4.0 cards write LANG.
 *   X-CLIENTELE-VIP:0
 *     Written whenever the field is there, FALSE too.
 *   X-CLIENTELE-STAMP:email/4f1c… 1709285400000000 desk-a
 *   X-CLIENTELE-REMOVED:phone/77b2… 1709285400000000 desk-b
 *     One per field (clt_sync_stamp_format()): when and where its value,
 *     or its removal, was made; what the merge compares.
 *   X-CLIENTELE-STATE:deleted 1709285400000000 desk-b
 *     The customer's state, as a stamp of the state's name; left out for
 *     a live customer that never changed state.
 *   REV
 *     The latest of those times.
 *
 * Honorific, given and family names are N's prefix, given and family
 * components; the customer's "display" is FN (built from the names when
 * there is none); company ORG; job title TITLE; tags CATEGORIES. NOTE is
 * a plain copy of the notes for other programs. */

const char * const clt_sync_vcard_states[3] = {
  [CLT_SYNC_LIVE] = "live",
  [CLT_SYNC_DELETED] = "deleted",
  [CLT_SYNC_ERASED] = "erased",
};

/* A live field of type @type, or NULL. */
static GVariant *
get_value (const CltSyncDoc *doc,
           const char       *key,
           const char       *type)
{
  GVariant *value = NULL;

  if (!clt_sync_doc_lookup (doc, key, &value, NULL, NULL) || value == NULL ||
      !g_variant_is_of_type (value, G_VARIANT_TYPE (type)))
    return NULL;

  return value;
}

/* The value of the first live "PREFIX/ID" element, in key order. */
static const char *
first_element (const CltSyncDoc *doc,
               const char       *prefix)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys_with_prefix (doc, prefix);

  for (guint i = 0; i < keys->len; i++)
    {
      GVariant *value = get_value (doc, g_ptr_array_index (keys, i), "(ss)");
      const char *text;

      if (value == NULL)
        continue;
      g_variant_get (value, "(&s&s)", NULL, &text);
      if (!clt_text_is_blank (text))
        return text;
    }

  return NULL;
}

char *
clt_sync_vcard_built_name (const CltSyncDoc *doc)
{
  const char *given = clt_sync_doc_get_string (doc, "given");
  const char *family = clt_sync_doc_get_string (doc, "family");
  g_autofree char *joined = g_strjoin (" ", given ? given : "", family ? family : "", NULL);
  const char *fallbacks[] = {
    clt_sync_doc_get_string (doc, "company"),
    first_element (doc, "email/"),
    first_element (doc, "phone/"),
  };

  if (!clt_text_is_blank (joined))
    return clt_text_strip (joined);

  for (guint i = 0; i < G_N_ELEMENTS (fallbacks); i++)
    if (!clt_text_is_blank (fallbacks[i]))
      return g_strdup (fallbacks[i]);

  return g_strdup ("");
}

GPtrArray *
clt_sync_vcard_notes (const CltSyncDoc *doc)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys_with_prefix (doc, "note/");
  GPtrArray *notes = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_note_free);

  for (guint i = 0; i < keys->len; i++)
    {
      GVariant *value = get_value (doc, g_ptr_array_index (keys, i), "(ssbx)");
      CltNote *note;

      if (value == NULL)
        continue;
      note = g_new0 (CltNote, 1);
      g_variant_get (value, "(ssbx)", &note->text, &note->author, &note->pinned, &note->created_at);
      g_ptr_array_add (notes, note);
    }

  return notes;
}

/* A live text field, even empty: what the card holds is what was set. */
static void
add_string (GString          *out,
            const CltSyncDoc *doc,
            const char       *key,
            const char       *property)
{
  const char *text = clt_sync_doc_get_string (doc, key);
  g_autoptr(GString) line = NULL;

  if (text == NULL)
    return;

  line = g_string_new (property);
  g_string_append_c (line, ':');
  clt_vcard_append_text (line, text);
  clt_vcard_append_folded (out, line->str);
}

static void
add_names (GString          *out,
           const CltSyncDoc *doc,
           CltVCardVersion   version)
{
  const char *display = clt_sync_doc_get_string (doc, "display");
  const char *parts[] = {
    clt_sync_doc_get_string (doc, "family"),
    clt_sync_doc_get_string (doc, "given"),
    NULL,
    clt_sync_doc_get_string (doc, "honorific"),
    NULL,
  };
  g_autoptr(GString) line = g_string_new ("FN:");
  g_autofree char *built = NULL;
  gboolean any = FALSE;

  if (display == NULL)
    display = built = clt_sync_vcard_built_name (doc);
  clt_vcard_append_text (line, display);
  clt_vcard_append_folded (out, line->str);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    any |= parts[i] != NULL;
  /* 3.0 needs an N, 4.0 does not. */
  if (!any && version == CLT_VCARD_4_0)
    return;

  g_string_assign (line, "N:");
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (i > 0)
        g_string_append_c (line, ';');
      clt_vcard_append_text (line, parts[i]);
    }
  clt_vcard_append_folded (out, line->str);
}

static void
add_contacts (GString          *out,
              const CltSyncDoc *doc,
              const char       *prefix,
              CltContactKind    kind,
              guint            *item)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys_with_prefix (doc, prefix);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      GVariant *value = get_value (doc, key, "(ss)");
      CltContact contact = { .kind = kind };

      if (value == NULL)
        continue;
      g_variant_get (value, "(&s&s)", &contact.label, &contact.value);
      clt_vcard_add_contact (out, &contact, key + strlen (prefix), item);
    }
}

static void
add_tags (GString          *out,
          const CltSyncDoc *doc)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys_with_prefix (doc, "tag/");
  g_autoptr(GString) line = g_string_new ("CATEGORIES:");
  gboolean any = FALSE;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      GVariant *value = get_value (doc, key, "b");

      if (value == NULL || !g_variant_get_boolean (value) || clt_text_is_blank (key + 4))
        continue;
      if (any)
        g_string_append_c (line, ',');
      clt_vcard_append_text (line, key + 4);
      any = TRUE;
    }

  if (any)
    clt_vcard_append_folded (out, line->str);
}

static void
add_clientele (GString          *out,
               const CltSyncDoc *doc)
{
  g_autoptr(GPtrArray) preferences = clt_sync_doc_get_keys_with_prefix (doc, "preference/");
  g_autoptr(GPtrArray) notes = clt_sync_doc_get_keys_with_prefix (doc, "note/");
  GVariant *vip = get_value (doc, "vip", "b");

  add_string (out, doc, "addressed-as", "X-CLIENTELE-ADDRESSED-AS");
  if (vip != NULL)
    clt_vcard_append_folded (out, g_variant_get_boolean (vip) ? "X-CLIENTELE-VIP:1" : "X-CLIENTELE-VIP:0");
  add_string (out, doc, "consent", "X-CLIENTELE-CONSENT");

  for (guint i = 0; i < preferences->len; i++)
    {
      const char *key = g_ptr_array_index (preferences, i);
      GVariant *value = get_value (doc, key, "(ssbb)");
      CltPreference preference = { 0 };
      gboolean alert, sensitive;

      if (value == NULL)
        continue;
      g_variant_get (value, "(&s&sbb)", &preference.category, &preference.text, &alert, &sensitive);
      preference.flags = (alert ? CLT_PREFERENCE_ALERT : 0) | (sensitive ? CLT_PREFERENCE_SENSITIVE : 0);
      clt_vcard_add_preference (out, &preference, key + strlen ("preference/"));
    }

  for (guint i = 0; i < notes->len; i++)
    {
      const char *key = g_ptr_array_index (notes, i);
      GVariant *value = get_value (doc, key, "(ssbx)");
      CltNote note = { 0 };

      if (value == NULL)
        continue;
      g_variant_get (value, "(&s&sbx)", &note.text, &note.author, &note.pinned, &note.created_at);
      clt_vcard_add_note (out, &note, key + strlen ("note/"));
    }
}

static void
add_stamp (GString    *out,
           const char *property,
           const char *key,
           gint64      changed,
           const char *desk)
{
  g_autofree char *stamp = clt_sync_stamp_format (key, changed, desk);

  clt_vcard_add_text_property (out, property, stamp);
}

/* The stamps, and REV: the latest of them. */
static void
add_stamps (GString          *out,
            const CltSyncDoc *doc)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys (doc);
  g_autoptr(GDateTime) rev = NULL;
  const char *desk;
  gint64 changed, latest;
  CltSyncState state = clt_sync_doc_get_state (doc, &changed, &desk);

  latest = changed;
  if (state != CLT_SYNC_LIVE || changed != 0 || *desk != '\0')
    add_stamp (out, "X-CLIENTELE-STATE", clt_sync_vcard_states[state], changed, desk);

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      GVariant *value;

      clt_sync_doc_lookup (doc, key, &value, &changed, &desk);
      add_stamp (out, value != NULL ? "X-CLIENTELE-STAMP" : "X-CLIENTELE-REMOVED", key, changed, desk);
      latest = MAX (latest, changed);
    }

  rev = latest > 0 ? g_date_time_new_from_unix_utc (latest / G_USEC_PER_SEC) : NULL;
  if (rev != NULL)
    {
      g_autofree char *line = g_date_time_format (rev, "REV:%Y%m%dT%H%M%SZ");

      clt_vcard_append_folded (out, line);
    }
}

/* What a card on the server holds that the mapping does not own: its
 * logical lines, and the last "itemN" group they use. */
typedef struct
{
  GPtrArray *lines;
  guint      last_item;
} Foreign;

static const char * const owned[] = {
  "BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "FN", "N", "EMAIL", "TEL", "ADR",
  "BDAY", "ORG", "TITLE", "LANG", "CATEGORIES", "NOTE", "X-ABLabel",
};

static gboolean
is_owned (const char *name)
{
  if (g_ascii_strncasecmp (name, "X-CLIENTELE-", strlen ("X-CLIENTELE-")) == 0)
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (owned); i++)
    if (g_ascii_strcasecmp (name, owned[i]) == 0)
      return TRUE;

  return FALSE;
}

/* The lines of @server_card, in the same version, that the mapping does
 * not write: a photo, web sites, a nickname… and every line of an itemN
 * group none of whose lines it writes (Apple's labelled web site). */
static void
collect_foreign (Foreign         *foreign,
                 const char      *server_card,
                 CltVCardVersion  version)
{
  g_autoptr(GRegex) fold = g_regex_new ("\r?\n[ \t]", 0, 0, NULL);
  g_autofree char *unfolded = g_regex_replace_literal (fold, server_card, -1, 0, "", 0, NULL);
  g_auto(GStrv) lines = g_strsplit (unfolded != NULL ? unfolded : "", "\n", -1);
  g_autoptr(GHashTable) owned_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *wanted = version == CLT_VCARD_4_0 ? "VERSION:4.0" : "VERSION:3.0";
  gboolean same_version = FALSE;
  gboolean inside = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *group = NULL;
      g_autofree char *name = NULL;

      g_strchomp (lines[i]);
      same_version |= g_ascii_strcasecmp (lines[i], wanted) == 0;
      if (clt_vcard_split_property (lines[i], &group, &name) && group != NULL &&
          is_owned (name) && g_ascii_strcasecmp (name, "X-ABLabel") != 0)
        g_hash_table_add (owned_groups, g_steal_pointer (&group));
    }
  if (!same_version)
    return;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *group = NULL;
      g_autofree char *name = NULL;
      guint64 item;

      if (g_ascii_strcasecmp (lines[i], "BEGIN:VCARD") == 0)
        inside = TRUE;
      else if (g_ascii_strcasecmp (lines[i], "END:VCARD") == 0)
        break;
      if (!inside || !g_utf8_validate (lines[i], -1, NULL) ||
          !clt_vcard_split_property (lines[i], &group, &name) ||
          (group != NULL ? g_hash_table_contains (owned_groups, group) : is_owned (name)))
        continue;

      g_ptr_array_add (foreign->lines, g_strdup (lines[i]));
      if (group != NULL && g_str_has_prefix (group, "item") &&
          g_ascii_string_to_unsigned (group + 4, 10, 0, G_MAXUINT, &item, NULL))
        foreign->last_item = MAX (foreign->last_item, item);
    }
}

static char *
write_card (const CltSyncDoc *doc,
            CltVCardVersion   version,
            Foreign          *foreign)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *plain_notes = NULL;
  GString *out;
  guint item = foreign->last_item;

  out = g_string_new (NULL);
  clt_vcard_append_folded (out, "BEGIN:VCARD");
  clt_vcard_append_folded (out, version == CLT_VCARD_4_0 ? "VERSION:4.0" : "VERSION:3.0");
  clt_vcard_add_uid (out, clt_sync_doc_get_uid (doc), version);
  add_names (out, doc, version);

  add_contacts (out, doc, "email/", CLT_CONTACT_EMAIL, &item);
  add_contacts (out, doc, "phone/", CLT_CONTACT_PHONE, &item);
  add_contacts (out, doc, "address/", CLT_CONTACT_ADDRESS, &item);

  clt_vcard_add_birthday (out, clt_sync_doc_get_string (doc, "birthday"), version);
  add_string (out, doc, "company", "ORG");
  add_string (out, doc, "job-title", "TITLE");
  add_string (out, doc, "language", version == CLT_VCARD_4_0 ? "LANG" : "X-CLIENTELE-LANGUAGE");
  add_tags (out, doc);
  notes = clt_sync_vcard_notes (doc);
  plain_notes = clt_vcard_plain_notes (notes);
  clt_vcard_add_text_property (out, "NOTE", plain_notes);

  for (guint i = 0; i < foreign->lines->len; i++)
    clt_vcard_append_folded (out, g_ptr_array_index (foreign->lines, i));

  add_clientele (out, doc);
  add_stamps (out, doc);
  clt_vcard_append_folded (out, "END:VCARD");

  return g_string_free (out, FALSE);
}

/**
 * clt_sync_vcard_write:
 * @doc: a customer
 * @version: 4.0, or 3.0 for a server that takes no other
 *
 * Returns: (transfer full): @doc as one vCard, UTF-8, CRLF line ends,
 *   lines folded at 75 octets, every field with its stamp; what
 *   clt_sync_vcard_read() reads back as the same document.
 */
char *
clt_sync_vcard_write (const CltSyncDoc *doc,
                      CltVCardVersion   version)
{
  return clt_sync_vcard_write_over (doc, version, NULL);
}

/**
 * clt_sync_vcard_write_over:
 * @doc: a customer
 * @version: 4.0, or 3.0 for a server that takes no other
 * @server_card: (nullable): the card the server holds for @doc, as it
 *   was fetched
 *
 * Like clt_sync_vcard_write(), but keeps what @server_card holds that
 * Clientele has no field for (a photo, web sites, a nickname, another
 * program's X- properties…) when it is in the same version, so that
 * writing the customer back takes nothing from the other programs.
 *
 * Returns: (transfer full): the card to put on the server.
 */
char *
clt_sync_vcard_write_over (const CltSyncDoc *doc,
                           CltVCardVersion   version,
                           const char       *server_card)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  Foreign foreign = { lines, 0 };

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (clt_sync_doc_get_kind (doc) == CLT_SYNC_CUSTOMER, NULL);
  g_return_val_if_fail (version == CLT_VCARD_4_0 || version == CLT_VCARD_3_0, NULL);

  if (server_card != NULL)
    collect_foreign (&foreign, server_card, version);

  return write_card (doc, version, &foreign);
}

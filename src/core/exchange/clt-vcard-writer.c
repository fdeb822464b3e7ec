/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clt-text.h"
#include "clt-vcard-private.h"
#include "clt-vcard-writer.h"

/* vCard 4.0 (RFC 6350) and 3.0 (RFC 2426) through the same code; EDS 3.46
 * writes 3.0 only. What other programs have no property for is written in
 * Clientele's own, which they keep and ignore, and which
 * clt-vcard-reader.c reads back:
 *
 *   X-CLIENTELE-PREFERENCE;CATEGORY=food;ALERT=1;SENSITIVE=1;CREATED=20240301T093000Z:No gluten
 *     A standing wish, in the customer's order. CATEGORY is the category as
 *     stored: a key ("room", "food", "sizes", "communication", "health",
 *     "billing", "other") or the words typed. ALERT=1: seen before
 *     greeting. SENSITIVE=1: health or other sensitive data, left out by
 *     CLT_VCARD_WRITE_WITHOUT_SENSITIVE.
 *   X-CLIENTELE-NOTE;PINNED=1;AUTHOR="Marie Curie";CREATED=20240301T093000Z:text
 *     A note, in the customer's order. When a card has these, its NOTE is
 *     the plain copy for other programs (pinned notes first, then the
 *     others, a blank line between) and is not imported again.
 *   X-CLIENTELE-ADDRESSED-AS:Madame la Présidente
 *     How the customer likes to be addressed.
 *   X-CLIENTELE-VIP:1
 *     Written for a VIP only.
 *   X-CLIENTELE-CONSENT;RECORDED=20240301T093000Z;SOURCE=Marie:follow-ups
 *     What e-mail the customer accepts: none, follow-ups or marketing; when
 *     and by whom it was recorded. Written when the record knows it.
 *
 * CREATED and RECORDED are ISO 8601 times in UTC, in the basic format that
 * needs no quotes. A parameter value with anything but letters, digits and
 * "-_./+" is quoted, with RFC 6868's ^n, ^' and ^^ for a line break, '"'
 * and '^'.
 *
 * Labels: "home", "work" and "other" are TYPE values, "mobile" is
 * TYPE=cell on a phone; any other label is Apple's and Google's itemN
 * group with an X-ABLabel.
 *
 * The sync mapping (clt-sync-vcard.c) writes through the same functions,
 * with the element's id in an X-CLIENTELE-ID parameter. */

#define LINE_OCTETS 75

/* Appends @line folded at 75 octets, never inside a UTF-8 sequence, each
 * part ended with CRLF. */
void
clt_vcard_append_folded (GString    *out,
                         const char *line)
{
  gsize len = strlen (line);
  gsize width = LINE_OCTETS;

  while (len > width)
    {
      gsize cut = width;

      while (cut > 0 && ((guchar) line[cut] & 0xc0) == 0x80)
        cut--;
      g_string_append_len (out, line, cut);
      g_string_append (out, "\r\n ");
      line += cut;
      len -= cut;
      width = LINE_OCTETS - 1;
    }

  g_string_append_len (out, line, len);
  g_string_append (out, "\r\n");
}

/* Text escaped as RFC 6350 3.4 and RFC 2426 4 want it. */
void
clt_vcard_append_text (GString    *line,
                       const char *text)
{
  for (const char *p = text; p != NULL && *p; p++)
    {
      switch (*p)
        {
        case '\\':
          g_string_append (line, "\\\\");
          break;
        case ',':
          g_string_append (line, "\\,");
          break;
        case ';':
          g_string_append (line, "\\;");
          break;
        case '\r':
          if (p[1] != '\n')
            g_string_append (line, "\\n");
          break;
        case '\n':
          g_string_append (line, "\\n");
          break;
        default:
          if ((guchar) *p >= 0x20 || *p == '\t')
            g_string_append_c (line, *p);
        }
    }
}

void
clt_vcard_append_param (GString    *line,
                        const char *name,
                        const char *value)
{
  gboolean plain = *value != '\0';

  for (const char *p = value; *p && plain; p++)
    plain = g_ascii_isalnum (*p) || strchr ("-_./+", *p) != NULL;

  g_string_append_printf (line, ";%s=", name);
  if (plain)
    {
      g_string_append (line, value);
      return;
    }

  g_string_append_c (line, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '\n')
        g_string_append (line, "^n");
      else if (*p == '"')
        g_string_append (line, "^'");
      else if (*p == '^')
        g_string_append (line, "^^");
      else if ((guchar) *p >= 0x20)
        g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

void
clt_vcard_append_time_param (GString    *line,
                             const char *name,
                             gint64      unix_time)
{
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *text = NULL;

  if (unix_time <= 0)
    return;

  time = g_date_time_new_from_unix_utc (unix_time);
  if (time == NULL)
    return;
  text = g_date_time_format (time, "%Y%m%dT%H%M%SZ");
  clt_vcard_append_param (line, name, text);
}

void
clt_vcard_add_text_property (GString    *out,
                             const char *name,
                             const char *text)
{
  g_autoptr(GString) line = NULL;

  if (clt_text_is_blank (text))
    return;

  line = g_string_new (name);
  g_string_append_c (line, ':');
  clt_vcard_append_text (line, text);
  clt_vcard_append_folded (out, line->str);
}

static const char *
contact_property (CltContactKind kind)
{
  switch (kind)
    {
    case CLT_CONTACT_EMAIL: return "EMAIL";
    case CLT_CONTACT_PHONE: return "TEL";
    case CLT_CONTACT_ADDRESS:
    default: return "ADR";
    }
}

/* The TYPE of a label, "" for none, NULL when it needs an X-ABLabel. */
static const char *
contact_type (CltContactKind  kind,
              const char     *label)
{
  if (label == NULL || *label == '\0')
    return "";
  if (g_str_equal (label, "home") || g_str_equal (label, "work") || g_str_equal (label, "other"))
    return label;
  if (kind == CLT_CONTACT_PHONE && g_str_equal (label, "mobile"))
    return "cell";

  return NULL;
}

/* @id: the element's id for the sync mapping, %NULL for an export;
 * @item: the last itemN group used in the card. */
void
clt_vcard_add_contact (GString          *out,
                       const CltContact *contact,
                       const char       *id,
                       guint            *item)
{
  const char *type = contact_type (contact->kind, contact->label);
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *group = NULL;

  if (clt_text_is_blank (contact->value))
    return;

  if (type == NULL)
    {
      group = g_strdup_printf ("item%u", ++*item);
      g_string_append_printf (line, "%s.", group);
    }
  g_string_append (line, contact_property (contact->kind));
  if (type != NULL && *type != '\0')
    g_string_append_printf (line, ";TYPE=%s", type);
  if (id != NULL)
    clt_vcard_append_param (line, "X-CLIENTELE-ID", id);
  g_string_append_c (line, ':');

  /* The address text, lines and all, is the street: the only component
   * that holds what Clientele keeps. */
  if (contact->kind == CLT_CONTACT_ADDRESS)
    g_string_append (line, ";;");
  clt_vcard_append_text (line, contact->value);
  if (contact->kind == CLT_CONTACT_ADDRESS)
    g_string_append (line, ";;;;");
  clt_vcard_append_folded (out, line->str);

  if (group != NULL)
    {
      g_autofree char *label_name = g_strdup_printf ("%s.X-ABLabel", group);

      clt_vcard_add_text_property (out, label_name, contact->label);
    }
}

/* "YYYY-MM-DD" or "--MM-DD" as each version writes it. */
void
clt_vcard_add_birthday (GString         *out,
                        const char      *birthday,
                        CltVCardVersion  version)
{
  int year = 0, month, day;
  char *line;

  if (birthday == NULL)
    return;

  if (!(strlen (birthday) == 7 && sscanf (birthday, "--%2d-%2d", &month, &day) == 2) &&
      !(strlen (birthday) == 10 && sscanf (birthday, "%4d-%2d-%2d", &year, &month, &day) == 3))
    return;
  if (year > 0 ? !g_date_valid_dmy (day, month, year)
               : month < 1 || month > 12 || day < 1 || day > g_date_get_days_in_month (month, 2000))
    return;

  if (year > 0 && version == CLT_VCARD_4_0)
    line = g_strdup_printf ("BDAY:%04d%02d%02d", year, month, day);
  else if (version == CLT_VCARD_4_0)
    line = g_strdup_printf ("BDAY:--%02d%02d", month, day);
  else if (year > 0)
    line = g_strdup_printf ("BDAY:%04d-%02d-%02d", year, month, day);
  else
    line = g_strdup_printf ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-%02d-%02d", month, day);

  clt_vcard_append_folded (out, line);
  g_free (line);
}

void
clt_vcard_add_uid (GString         *out,
                   const char      *uid,
                   CltVCardVersion  version)
{
  g_autoptr(GString) line = NULL;

  if (clt_text_is_blank (uid))
    return;

  line = g_string_new ("UID");
  if (version == CLT_VCARD_4_0 && g_uuid_string_is_valid (uid))
    g_string_append (line, ":urn:uuid:");
  else if (version == CLT_VCARD_4_0)
    g_string_append (line, ";VALUE=text:");
  else
    g_string_append_c (line, ':');
  clt_vcard_append_text (line, uid);
  clt_vcard_append_folded (out, line->str);
}

static const char *
display_name (const CltRecord *record)
{
  CltCustomer *customer = record->customer;

  if (!clt_text_is_blank (clt_customer_get_display_name (customer)))
    return clt_customer_get_display_name (customer);
  if (!clt_text_is_blank (clt_customer_get_company (customer)))
    return clt_customer_get_company (customer);

  for (guint i = 0; i < record->contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (record->contacts, i);

      if (contact->kind != CLT_CONTACT_ADDRESS && !clt_text_is_blank (contact->value))
        return contact->value;
    }

  return "";
}

static void
add_names (GString         *out,
           const CltRecord *record,
           CltVCardVersion  version)
{
  CltCustomer *customer = record->customer;
  const char *parts[] = {
    clt_customer_get_family_name (customer),
    clt_customer_get_given_name (customer),
    NULL,
    clt_customer_get_honorific (customer),
    NULL,
  };
  g_autoptr(GString) line = g_string_new ("FN:");
  gboolean any = FALSE;

  clt_vcard_append_text (line, display_name (record));
  clt_vcard_append_folded (out, line->str);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    any |= !clt_text_is_blank (parts[i]);
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
add_tags (GString   *out,
          GPtrArray *tags)
{
  g_autoptr(GString) line = g_string_new ("CATEGORIES:");
  gboolean any = FALSE;

  for (guint i = 0; i < tags->len; i++)
    {
      const char *tag = g_ptr_array_index (tags, i);

      if (clt_text_is_blank (tag))
        continue;
      if (any)
        g_string_append_c (line, ',');
      clt_vcard_append_text (line, tag);
      any = TRUE;
    }

  if (any)
    clt_vcard_append_folded (out, line->str);
}

/* The notes' text for other programs: pinned ones first, a blank line
 * between two. */
char *
clt_vcard_plain_notes (GPtrArray *notes)
{
  GString *text = g_string_new (NULL);

  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < notes->len; i++)
        {
          CltNote *note = g_ptr_array_index (notes, i);

          if (!!note->pinned != (pass == 0) || clt_text_is_blank (note->text))
            continue;
          if (text->len > 0)
            g_string_append (text, "\n\n");
          g_string_append (text, note->text);
        }
    }

  return g_string_free (text, FALSE);
}

static void
add_consent (GString         *out,
             const CltRecord *record)
{
  static const char * const names[] = {
    [CLT_CONSENT_NONE] = "none",
    [CLT_CONSENT_FOLLOW_UPS] = "follow-ups",
    [CLT_CONSENT_MARKETING] = "marketing",
  };
  CltCustomer *customer = record->customer;
  CltConsent consent = clt_customer_get_email_consent (customer);
  const char *source = clt_customer_get_consent_source (customer);
  g_autoptr(GString) line = NULL;

  if (!record->has_consent || consent >= G_N_ELEMENTS (names))
    return;

  line = g_string_new ("X-CLIENTELE-CONSENT");
  clt_vcard_append_time_param (line, "RECORDED", clt_customer_get_consent_at (customer));
  if (!clt_text_is_blank (source))
    clt_vcard_append_param (line, "SOURCE", source);
  g_string_append_printf (line, ":%s", names[consent]);
  clt_vcard_append_folded (out, line->str);
}

void
clt_vcard_add_preference (GString             *out,
                          const CltPreference *preference,
                          const char          *id)
{
  g_autoptr(GString) line = NULL;

  if (clt_text_is_blank (preference->text))
    return;

  line = g_string_new ("X-CLIENTELE-PREFERENCE");
  if (id != NULL)
    clt_vcard_append_param (line, "X-CLIENTELE-ID", id);
  if (!clt_text_is_blank (preference->category))
    clt_vcard_append_param (line, "CATEGORY", preference->category);
  if (preference->flags & CLT_PREFERENCE_ALERT)
    clt_vcard_append_param (line, "ALERT", "1");
  if (preference->flags & CLT_PREFERENCE_SENSITIVE)
    clt_vcard_append_param (line, "SENSITIVE", "1");
  clt_vcard_append_time_param (line, "CREATED", preference->created_at);
  g_string_append_c (line, ':');
  clt_vcard_append_text (line, preference->text);
  clt_vcard_append_folded (out, line->str);
}

static void
add_preferences (GString            *out,
                 GPtrArray          *preferences,
                 CltVCardWriteFlags  flags)
{
  for (guint i = 0; i < preferences->len; i++)
    {
      CltPreference *preference = g_ptr_array_index (preferences, i);

      if (!(preference->flags & CLT_PREFERENCE_SENSITIVE) || !(flags & CLT_VCARD_WRITE_WITHOUT_SENSITIVE))
        clt_vcard_add_preference (out, preference, NULL);
    }
}

void
clt_vcard_add_note (GString       *out,
                    const CltNote *note,
                    const char    *id)
{
  g_autoptr(GString) line = NULL;

  if (clt_text_is_blank (note->text))
    return;

  line = g_string_new ("X-CLIENTELE-NOTE");
  if (id != NULL)
    clt_vcard_append_param (line, "X-CLIENTELE-ID", id);
  if (note->pinned)
    clt_vcard_append_param (line, "PINNED", "1");
  if (!clt_text_is_blank (note->author))
    clt_vcard_append_param (line, "AUTHOR", note->author);
  clt_vcard_append_time_param (line, "CREATED", note->created_at);
  g_string_append_c (line, ':');
  clt_vcard_append_text (line, note->text);
  clt_vcard_append_folded (out, line->str);
}

static void
add_notes (GString   *out,
           GPtrArray *notes)
{
  for (guint i = 0; i < notes->len; i++)
    clt_vcard_add_note (out, g_ptr_array_index (notes, i), NULL);
}

/**
 * clt_vcard_write:
 * @record: a customer and their details
 * @version: 4.0 for an export, 3.0 for programs that read no other
 * @flags: what to leave out
 *
 * Returns: (transfer full): one card, UTF-8, CRLF line ends, lines folded
 *   at 75 octets.
 */
char *
clt_vcard_write (const CltRecord    *record,
                 CltVCardVersion     version,
                 CltVCardWriteFlags  flags)
{
  CltCustomer *customer;
  g_autofree char *plain_notes = NULL;
  GString *out;
  guint item = 0;

  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (CLT_IS_CUSTOMER (record->customer), NULL);
  g_return_val_if_fail (version == CLT_VCARD_4_0 || version == CLT_VCARD_3_0, NULL);

  customer = record->customer;
  out = g_string_new (NULL);

  clt_vcard_append_folded (out, "BEGIN:VCARD");
  clt_vcard_append_folded (out, version == CLT_VCARD_4_0 ? "VERSION:4.0" : "VERSION:3.0");
  clt_vcard_add_uid (out, clt_customer_get_uid (customer), version);
  add_names (out, record, version);

  for (guint i = 0; i < record->contacts->len; i++)
    clt_vcard_add_contact (out, g_ptr_array_index (record->contacts, i), NULL, &item);

  clt_vcard_add_birthday (out, clt_customer_get_birthday (customer), version);
  clt_vcard_add_text_property (out, "ORG", clt_customer_get_company (customer));
  clt_vcard_add_text_property (out, "TITLE", clt_customer_get_job_title (customer));
  clt_vcard_add_text_property (out, "LANG", clt_customer_get_language (customer));
  add_tags (out, record->tags);
  plain_notes = clt_vcard_plain_notes (record->notes);
  clt_vcard_add_text_property (out, "NOTE", plain_notes);

  clt_vcard_add_text_property (out, "X-CLIENTELE-ADDRESSED-AS", clt_customer_get_addressed_as (customer));
  if (clt_customer_get_vip (customer))
    clt_vcard_append_folded (out, "X-CLIENTELE-VIP:1");
  add_consent (out, record);
  add_preferences (out, record->preferences, flags);
  add_notes (out, record->notes);

  clt_vcard_append_folded (out, "END:VCARD");

  return g_string_free (out, FALSE);
}

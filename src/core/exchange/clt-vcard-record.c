/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include "clt-text.h"
#include "clt-vcard-private.h"

/* From a card as EVCard parsed it to a CltRecord: vCard 2.1, 3.0 and 4.0,
 * with the habits of Apple, Google, Android, Outlook and Nextcloud, and
 * Clientele's own X-CLIENTELE-… properties (see clt-vcard-writer.c). */

gboolean
clt_vcard_is_true (const char *value)
{
  return value != NULL && (g_strcmp0 (value, "1") == 0 ||
                           g_ascii_strcasecmp (value, "true") == 0 ||
                           g_ascii_strcasecmp (value, "yes") == 0);
}

/* A text property's value: split on ';' by EVCard unless escaped, joined
 * back, with line breaks as "\n". */
char *
clt_vcard_attribute_text (EVCardAttribute *attribute)
{
  GList *values = e_vcard_attribute_get_values (attribute);
  GString *text;

  if (values != NULL && values->next == NULL && strchr (values->data, '\r') == NULL)
    return g_strdup (values->data);

  text = g_string_new (NULL);

  for (GList *l = e_vcard_attribute_get_values (attribute); l != NULL; l = l->next)
    {
      if (l != e_vcard_attribute_get_values (attribute))
        g_string_append_c (text, ';');
      for (const char *p = l->data; *p; p++)
        {
          if (*p == '\r')
            {
              if (p[1] != '\n')
                g_string_append_c (text, '\n');
            }
          else
            {
              g_string_append_c (text, *p);
            }
        }
    }

  return g_string_free (text, FALSE);
}

/* Multi-line text, trimmed as a whole and line by line at their ends. */
static char *
attribute_long_text (EVCardAttribute *attribute)
{
  g_autofree char *text = clt_vcard_attribute_text (attribute);
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p++)
    {
      if (*p == '\n')
        {
          while (out->len > 0 && (out->str[out->len - 1] == ' ' || out->str[out->len - 1] == '\t'))
            g_string_truncate (out, out->len - 1);
        }
      g_string_append_c (out, *p);
    }
  g_strstrip (out->str);

  return g_string_free (out, FALSE);
}

const char *
clt_vcard_attribute_component (EVCardAttribute *attribute,
                               guint            index)
{
  const char *value = g_list_nth_data (e_vcard_attribute_get_values (attribute), index);

  return value != NULL ? value : "";
}

/* The first value of a parameter, with RFC 6868's ^n, ^' and ^^ decoded. */
char *
clt_vcard_attribute_param (EVCardAttribute *attribute,
                           const char      *name)
{
  GList *values = e_vcard_attribute_get_param (attribute, name);
  const char *value;
  GString *out;

  if (values == NULL)
    return NULL;

  value = values->data;
  out = g_string_new (NULL);
  for (const char *p = value; *p; p++)
    {
      if (*p == '^' && p[1] == 'n')
        g_string_append_c (out, '\n'), p++;
      else if (*p == '^' && p[1] == '\'')
        g_string_append_c (out, '"'), p++;
      else if (*p == '^' && p[1] == '^')
        g_string_append_c (out, '^'), p++;
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

gint64
clt_vcard_attribute_time_param (EVCardAttribute *attribute,
                                const char      *name)
{
  g_autofree char *value = clt_vcard_attribute_param (attribute, name);
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;

  if (value == NULL)
    return 0;

  time = g_date_time_new_from_iso8601 (value, utc);

  return time != NULL ? MAX (g_date_time_to_unix (time), 0) : 0;
}

/* Apple's and Google's labels: "_$!<Mobile>!$_" and the like, or words
 * typed by the user. */
static char *
label_from_text (const char *text)
{
  static const struct {
    const char *name;
    const char *label;
  } known[] = {
    { "mobile", "mobile" }, { "iphone", "mobile" }, { "cell", "mobile" },
    { "home", "home" }, { "work", "work" }, { "other", "other" },
    { "homefax", "home fax" }, { "workfax", "work fax" }, { "otherfax", "fax" },
    { "main", "main" }, { "pager", "pager" },
  };
  g_autofree char *stripped = clt_text_strip (text);
  g_autofree char *lower = NULL;
  gboolean apple = g_str_has_prefix (stripped, "_$!<") && g_str_has_suffix (stripped, ">!$_") &&
                   strlen (stripped) > 8;

  if (apple)
    {
      char *inner = g_strndup (stripped + 4, strlen (stripped) - 8);

      g_free (stripped);
      stripped = inner;
    }

  if (*stripped == '\0')
    return NULL;

  lower = g_utf8_strdown (stripped, -1);
  if (!apple)
    {
      /* Words typed: the four labels Clientele knows are kept as its own. */
      if (g_strv_contains ((const char * const[]) { "home", "work", "mobile", "other", NULL }, lower))
        return g_steal_pointer (&lower);
      return g_steal_pointer (&stripped);
    }

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (lower, known[i].name) == 0)
      return g_strdup (known[i].label);

  return g_steal_pointer (&lower);
}

static const char *
label_from_types (EVCardAttribute *attribute,
                  CltContactKind   kind)
{
  gboolean home = FALSE, work = FALSE, other = FALSE;
  gboolean mobile = FALSE, fax = FALSE, pager = FALSE;

  for (GList *l = e_vcard_attribute_get_param (attribute, EVC_TYPE); l != NULL; l = l->next)
    {
      /* 4.0's TYPE="work,voice" is one quoted value. */
      for (const char *type = l->data; *type != '\0';)
        {
          gsize len = strcspn (type, ",");
          const char *next = type[len] == ',' ? type + len + 1 : type + len;

          while (len > 0 && *type == ' ')
            type++, len--;
          while (len > 0 && type[len - 1] == ' ')
            len--;

          home |= len == 4 && g_ascii_strncasecmp (type, "HOME", len) == 0;
          work |= len == 4 && g_ascii_strncasecmp (type, "WORK", len) == 0;
          other |= len == 5 && g_ascii_strncasecmp (type, "OTHER", len) == 0;
          mobile |= (len == 4 && g_ascii_strncasecmp (type, "CELL", len) == 0) ||
                    (len == 6 && (g_ascii_strncasecmp (type, "MOBILE", len) == 0 ||
                                  g_ascii_strncasecmp (type, "IPHONE", len) == 0));
          fax |= len == 3 && g_ascii_strncasecmp (type, "FAX", len) == 0;
          pager |= len == 5 && g_ascii_strncasecmp (type, "PAGER", len) == 0;
          type = next;
        }
    }

  if (kind == CLT_CONTACT_PHONE)
    {
      if (mobile)
        return "mobile";
      if (fax)
        return "fax";
      if (pager)
        return "pager";
    }
  if (work)
    return "work";
  if (home)
    return "home";
  if (other)
    return "other";

  return NULL;
}

char *
clt_vcard_contact_label (EVCardAttribute *attribute,
                         CltContactKind   kind,
                         GHashTable      *group_labels)
{
  const char *group = e_vcard_attribute_get_group (attribute);

  if (group != NULL && group_labels != NULL)
    {
      g_autofree char *key = g_ascii_strdown (group, -1);
      const char *text = g_hash_table_lookup (group_labels, key);

      if (text != NULL)
        {
          char *label = label_from_text (text);

          if (label != NULL)
            return label;
        }
    }

  return g_strdup (label_from_types (attribute, kind));
}

/* Post office box, extended address and street as lines, then "postal
 * code city", region and country. */
char *
clt_vcard_address_text (EVCardAttribute *attribute)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *postal = clt_text_strip (clt_vcard_attribute_component (attribute, 5));
  g_autofree char *city = clt_text_strip (clt_vcard_attribute_component (attribute, 3));
  const guint tail[] = { 4, 6 };

  for (guint i = 0; i <= 2; i++)
    {
      g_autofree char *component = g_strdup (clt_vcard_attribute_component (attribute, i));
      g_auto(GStrv) parts = NULL;

      g_strdelimit (component, "\r", '\n');
      parts = g_strsplit (component, "\n", -1);
      for (guint j = 0; parts[j] != NULL; j++)
        {
          char *part = clt_text_strip (parts[j]);

          if (*part != '\0')
            g_ptr_array_add (lines, part);
          else
            g_free (part);
        }
    }

  if (*postal != '\0' && *city != '\0')
    g_ptr_array_add (lines, g_strdup_printf ("%s %s", postal, city));
  else if (*postal != '\0' || *city != '\0')
    g_ptr_array_add (lines, g_strdup (*postal != '\0' ? postal : city));

  for (guint i = 0; i < G_N_ELEMENTS (tail); i++)
    {
      char *component = clt_text_strip (clt_vcard_attribute_component (attribute, tail[i]));

      if (*component != '\0')
        g_ptr_array_add (lines, component);
      else
        g_free (component);
    }

  if (lines->len == 0)
    return NULL;

  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static gboolean
read_number (const char **p,
             guint        n_digits,
             int         *value)
{
  *value = 0;
  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      *value = *value * 10 + ((*p)[i] - '0');
    }
  *p += n_digits;

  return TRUE;
}

/* "1985-06-12", "19850612", with a time or not, "--0612", "--06-12", or
 * Apple's year 1604 with X-APPLE-OMIT-YEAR: "YYYY-MM-DD" or "--MM-DD". */
char *
clt_vcard_parse_birthday (const char *text,
                          const char *omit_year)
{
  g_autofree char *value = g_strstrip (g_strdup (text));
  const char *p = value;
  int year = 0, month, day;

  if (g_str_has_prefix (p, "--"))
    {
      p += 2;
    }
  else
    {
      if (!read_number (&p, 4, &year))
        return NULL;
      if (*p == '-')
        p++;
    }

  if (!read_number (&p, 2, &month))
    return NULL;
  if (*p == '-')
    p++;
  if (!read_number (&p, 2, &day) || (*p != '\0' && *p != 'T' && *p != 't'))
    return NULL;

  if (year != 0 && omit_year != NULL && g_ascii_strtoll (omit_year, NULL, 10) == year)
    year = 0;

  if (year == 0)
    {
      if (month < 1 || month > 12 || day < 1 || day > g_date_get_days_in_month (month, 2000))
        return NULL;
      return g_strdup_printf ("--%02d-%02d", month, day);
    }

  if (!g_date_valid_dmy (day, month, year))
    return NULL;

  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

static gboolean
is_printable (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isprint (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

char *
clt_vcard_parse_uid (const char *text)
{
  g_autofree char *uid = g_strstrip (g_strdup (text));

  if (g_ascii_strncasecmp (uid, "urn:uuid:", 9) == 0 && g_uuid_string_is_valid (uid + 9))
    return g_strdup (uid + 9);

  if (*uid == '\0' || strlen (uid) >= 256 || !is_printable (uid))
    return NULL;

  return g_steal_pointer (&uid);
}

static void
add_tags (CltRecord       *record,
          EVCardAttribute *attribute)
{
  for (GList *l = e_vcard_attribute_get_values (attribute); l != NULL; l = l->next)
    {
      g_autofree char *tag = clt_text_strip (l->data);
      gboolean known = FALSE;

      /* Google's group of every contact. */
      if (*tag == '\0' || g_strcmp0 (tag, "myContacts") == 0)
        continue;

      for (guint i = 0; i < record->tags->len && !known; i++)
        known = g_strcmp0 (g_ptr_array_index (record->tags, i), tag) == 0;
      if (!known)
        g_ptr_array_add (record->tags, g_steal_pointer (&tag));
    }
}

static void
add_preference (CltRecord       *record,
                EVCardAttribute *attribute)
{
  g_autofree char *text = attribute_long_text (attribute);
  g_autofree char *alert = clt_vcard_attribute_param (attribute, "ALERT");
  g_autofree char *sensitive = clt_vcard_attribute_param (attribute, "SENSITIVE");
  g_autofree char *category = clt_vcard_attribute_param (attribute, "CATEGORY");
  CltPreference *preference;

  if (*text == '\0')
    return;

  preference = g_new0 (CltPreference, 1);
  preference->text = g_steal_pointer (&text);
  if (category != NULL && !clt_text_is_blank (category))
    preference->category = clt_text_strip (category);
  preference->flags = (clt_vcard_is_true (alert) ? CLT_PREFERENCE_ALERT : 0) |
                      (clt_vcard_is_true (sensitive) ? CLT_PREFERENCE_SENSITIVE : 0);
  preference->position = record->preferences->len;
  preference->created_at = clt_vcard_attribute_time_param (attribute, "CREATED");
  g_ptr_array_add (record->preferences, preference);
}

static void
add_note (CltRecord       *record,
          EVCardAttribute *attribute,
          gboolean         clientele)
{
  g_autofree char *text = attribute_long_text (attribute);
  CltNote *note;

  if (*text == '\0')
    return;

  note = g_new0 (CltNote, 1);
  note->text = g_steal_pointer (&text);
  if (clientele)
    {
      g_autofree char *pinned = clt_vcard_attribute_param (attribute, "PINNED");
      g_autofree char *author = clt_vcard_attribute_param (attribute, "AUTHOR");

      note->pinned = clt_vcard_is_true (pinned);
      if (author != NULL && !clt_text_is_blank (author))
        note->author = clt_text_strip (author);
      note->created_at = clt_vcard_attribute_time_param (attribute, "CREATED");
    }
  g_ptr_array_add (record->notes, note);
}

static void
set_consent (CltRecord       *record,
             EVCardAttribute *attribute)
{
  static const char * const names[] = {
    [CLT_CONSENT_NONE] = "none",
    [CLT_CONSENT_FOLLOW_UPS] = "follow-ups",
    [CLT_CONSENT_MARKETING] = "marketing",
  };
  g_autofree char *value = clt_vcard_attribute_text (attribute);

  g_strstrip (value);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_ascii_strcasecmp (value, names[i]) == 0)
        {
          g_autofree char *source = clt_vcard_attribute_param (attribute, "SOURCE");

          clt_customer_set_email_consent (record->customer, i);
          clt_customer_set_consent_at (record->customer, clt_vcard_attribute_time_param (attribute, "RECORDED"));
          clt_customer_set_consent_source (record->customer, source);
          record->has_consent = TRUE;
          return;
        }
    }
}

typedef enum
{
  PROPERTY_OTHER,
  PROPERTY_FN,
  PROPERTY_N,
  PROPERTY_EMAIL,
  PROPERTY_TEL,
  PROPERTY_ADR,
  PROPERTY_ORG,
  PROPERTY_TITLE,
  PROPERTY_NOTE,
  PROPERTY_BDAY,
  PROPERTY_LANG,
  PROPERTY_UID,
  PROPERTY_CATEGORIES,
  PROPERTY_NICKNAME,
  PROPERTY_AB_LABEL,
  PROPERTY_CLIENTELE_PREFERENCE,
  PROPERTY_CLIENTELE_NOTE,
  PROPERTY_CLIENTELE_ADDRESSED_AS,
  PROPERTY_CLIENTELE_VIP,
  PROPERTY_CLIENTELE_CONSENT,
} PropertyKind;

#define NAME(name, kind) { name, sizeof name - 1, kind }

static const struct {
  const char   *name;
  gsize         len;
  PropertyKind  kind;
} property_names[] = {
  NAME (EVC_FN, PROPERTY_FN), NAME (EVC_N, PROPERTY_N), NAME (EVC_EMAIL, PROPERTY_EMAIL),
  NAME (EVC_TEL, PROPERTY_TEL), NAME (EVC_ADR, PROPERTY_ADR), NAME (EVC_ORG, PROPERTY_ORG),
  NAME (EVC_TITLE, PROPERTY_TITLE), NAME (EVC_NOTE, PROPERTY_NOTE), NAME (EVC_BDAY, PROPERTY_BDAY),
  NAME ("LANG", PROPERTY_LANG), NAME (EVC_UID, PROPERTY_UID), NAME (EVC_CATEGORIES, PROPERTY_CATEGORIES),
  NAME (EVC_NICKNAME, PROPERTY_NICKNAME), NAME ("X-ABLabel", PROPERTY_AB_LABEL),
  NAME ("X-CLIENTELE-PREFERENCE", PROPERTY_CLIENTELE_PREFERENCE),
  NAME ("X-CLIENTELE-NOTE", PROPERTY_CLIENTELE_NOTE),
  NAME ("X-CLIENTELE-ADDRESSED-AS", PROPERTY_CLIENTELE_ADDRESSED_AS),
  NAME ("X-CLIENTELE-VIP", PROPERTY_CLIENTELE_VIP),
  NAME ("X-CLIENTELE-CONSENT", PROPERTY_CLIENTELE_CONSENT),
};

#undef NAME

static PropertyKind
property_kind_of (const char *name,
                  gsize       len)
{
  char first = g_ascii_toupper (name[0]);

  for (guint i = 0; i < G_N_ELEMENTS (property_names); i++)
    if (property_names[i].len == len && property_names[i].name[0] == first &&
        g_ascii_strncasecmp (name, property_names[i].name, len) == 0)
      return property_names[i].kind;

  return PROPERTY_OTHER;
}

static PropertyKind
property_kind (EVCardAttribute *attribute)
{
  const char *name = e_vcard_attribute_get_name (attribute);

  return property_kind_of (name, strlen (name));
}

/**
 * clt_vcard_is_read:
 * @name: a property name, not nul-terminated
 * @len: its length
 *
 * Returns: whether clt_vcard_to_record() reads properties of that name:
 *   the others need not be given to EVCard.
 */
gboolean
clt_vcard_is_read (const char *name,
                   gsize       len)
{
  return len > 0 && property_kind_of (name, len) != PROPERTY_OTHER;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  g_autofree char *folded_a = clt_text_fold (a);
  g_autofree char *folded_b = clt_text_fold (b);
  g_autofree char *stripped_a = clt_text_strip (folded_a);
  g_autofree char *stripped_b = clt_text_strip (folded_b);

  return g_strcmp0 (stripped_a, stripped_b) == 0;
}

static void
set_names (CltRecord       *record,
           EVCardAttribute *full_name,
           EVCardAttribute *name)
{
  CltCustomer *customer = record->customer;
  g_autofree char *display = full_name != NULL ? clt_vcard_attribute_text (full_name) : NULL;
  g_autofree char *given = NULL;
  g_autofree char *family = NULL;
  g_autofree char *prefix = NULL;

  if (name != NULL)
    {
      g_autofree char *additional = clt_text_strip (clt_vcard_attribute_component (name, 2));
      g_autofree char *suffix = clt_text_strip (clt_vcard_attribute_component (name, 4));

      family = clt_text_strip (clt_vcard_attribute_component (name, 0));
      given = clt_text_strip (clt_vcard_attribute_component (name, 1));
      prefix = clt_text_strip (clt_vcard_attribute_component (name, 3));
      if (*additional != '\0')
        {
          char *joined = g_strjoin (*given != '\0' ? " " : "", given, additional, NULL);

          g_free (given);
          given = joined;
        }
      if (*suffix != '\0')
        {
          char *joined = g_strjoin (*family != '\0' ? " " : "", family, suffix, NULL);

          g_free (family);
          family = joined;
        }
    }

  if ((given == NULL || *given == '\0') && (family == NULL || *family == '\0'))
    {
      g_clear_pointer (&given, g_free);
      g_clear_pointer (&family, g_free);

      /* A company's card is named after the company: no person to split. */
      if (!clt_text_is_blank (display) && !same_text (display, clt_customer_get_company (customer)))
        {
          g_autofree char *honorific = NULL;

          clt_text_split_name (display, &honorific, &given, &family);
          if (prefix == NULL || *prefix == '\0')
            {
              g_free (prefix);
              prefix = g_steal_pointer (&honorific);
            }
        }
    }

  clt_customer_set_honorific (customer, prefix);
  clt_customer_set_given_name (customer, given);
  clt_customer_set_family_name (customer, family);

  if (clt_text_is_blank (display))
    {
      g_free (display);
      display = g_strjoin (" ", given ?: "", family ?: "", NULL);
    }
  clt_customer_set_display_name (customer, display);
}

static const char *
first_contact (CltRecord      *record,
               CltContactKind  kind)
{
  for (guint i = 0; i < record->contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (record->contacts, i);

      if (contact->kind == kind)
        return contact->value;
    }

  return NULL;
}

/**
 * clt_vcard_group_labels:
 * @vcard: a card
 *
 * Returns: (transfer full) (nullable): Apple's and Google's labels, the
 *   text of each "itemN.X-ABLabel" by its group lowered, for
 *   clt_vcard_contact_label(); %NULL when the card has none.
 */
GHashTable *
clt_vcard_group_labels (EVCard *vcard)
{
  GHashTable *labels = NULL;

  for (GList *l = e_vcard_get_attributes (vcard); l != NULL; l = l->next)
    {
      EVCardAttribute *attribute = l->data;
      const char *group = e_vcard_attribute_get_group (attribute);

      if (group == NULL || property_kind (attribute) != PROPERTY_AB_LABEL)
        continue;
      if (labels == NULL)
        labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_hash_table_insert (labels, g_ascii_strdown (group, -1), clt_vcard_attribute_text (attribute));
    }

  return labels;
}

/**
 * clt_vcard_to_record:
 * @vcard: a card as EVCard parsed it
 * @line: where it begins in its file
 *
 * Returns: (transfer full) (nullable): the card's customer and details,
 *   %NULL when it holds no name, company, e-mail or phone number.
 */
CltRecord *
clt_vcard_to_record (EVCard *vcard,
                     guint   line)
{
  g_autoptr(CltRecord) record = clt_record_new (line);
  g_autoptr(GHashTable) group_labels = clt_vcard_group_labels (vcard);
  CltCustomer *customer = record->customer;
  GList *attributes = e_vcard_get_attributes (vcard);
  EVCardAttribute *full_name = NULL;
  EVCardAttribute *name = NULL;
  gboolean clientele_notes = FALSE;
  gboolean addressed_as = FALSE;

  for (GList *l = attributes; l != NULL; l = l->next)
    {
      switch (property_kind (l->data))
        {
        case PROPERTY_CLIENTELE_NOTE:
          clientele_notes = TRUE;
          break;
        case PROPERTY_CLIENTELE_ADDRESSED_AS:
          addressed_as = TRUE;
          break;
        default:
          break;
        }
    }

  for (GList *l = attributes; l != NULL; l = l->next)
    {
      EVCardAttribute *attribute = l->data;
      PropertyKind kind = property_kind (attribute);
      g_autofree char *text = NULL;

      switch (kind)
        {
        case PROPERTY_FN:
          full_name = full_name ?: attribute;
          break;

        case PROPERTY_N:
          name = name ?: attribute;
          break;

        case PROPERTY_EMAIL:
        case PROPERTY_TEL:
          {
            CltContactKind contact_kind = kind == PROPERTY_TEL ? CLT_CONTACT_PHONE : CLT_CONTACT_EMAIL;
            g_autofree char *label = clt_vcard_contact_label (attribute, contact_kind, group_labels);
            g_autofree char *value = NULL;
            const char *address;

            text = clt_vcard_attribute_text (attribute);
            address = value = clt_text_strip (text);
            if (contact_kind == CLT_CONTACT_PHONE && g_ascii_strncasecmp (address, "tel:", 4) == 0)
              address += 4;
            else if (contact_kind == CLT_CONTACT_EMAIL && g_ascii_strncasecmp (address, "mailto:", 7) == 0)
              address += 7;
            clt_record_add_contact (record, contact_kind, label, address);
          }
          break;

        case PROPERTY_ADR:
          {
            g_autofree char *label = clt_vcard_contact_label (attribute, CLT_CONTACT_ADDRESS, group_labels);

            text = clt_vcard_address_text (attribute);
            clt_record_add_contact (record, CLT_CONTACT_ADDRESS, label, text);
          }
          break;

        case PROPERTY_ORG:
          if (clt_customer_get_company (customer) == NULL)
            clt_customer_set_company (customer, clt_vcard_attribute_component (attribute, 0));
          break;

        case PROPERTY_TITLE:
          text = clt_vcard_attribute_text (attribute);
          if (clt_customer_get_job_title (customer) == NULL)
            clt_customer_set_job_title (customer, text);
          break;

        case PROPERTY_NOTE:
          if (!clientele_notes)
            add_note (record, attribute, FALSE);
          break;

        case PROPERTY_BDAY:
          {
            g_autofree char *omit_year = clt_vcard_attribute_param (attribute, "X-APPLE-OMIT-YEAR");
            g_autofree char *birthday = NULL;

            text = clt_vcard_attribute_text (attribute);
            birthday = clt_vcard_parse_birthday (text, omit_year);
            if (clt_customer_get_birthday (customer) == NULL)
              clt_customer_set_birthday (customer, birthday);
          }
          break;

        case PROPERTY_LANG:
          text = clt_vcard_attribute_text (attribute);
          if (clt_customer_get_language (customer) == NULL)
            clt_customer_set_language (customer, text);
          break;

        case PROPERTY_UID:
          {
            g_autofree char *uid = NULL;

            text = clt_vcard_attribute_text (attribute);
            uid = clt_vcard_parse_uid (text);
            if (clt_customer_get_uid (customer) == NULL)
              clt_customer_set_uid (customer, uid);
          }
          break;

        case PROPERTY_CATEGORIES:
          add_tags (record, attribute);
          break;

        case PROPERTY_NICKNAME:
        case PROPERTY_CLIENTELE_ADDRESSED_AS:
          /* A nickname is how the customer is addressed, unless Clientele said so itself. */
          text = clt_vcard_attribute_text (attribute);
          if (addressed_as == (kind == PROPERTY_CLIENTELE_ADDRESSED_AS) &&
              clt_customer_get_addressed_as (customer) == NULL)
            clt_customer_set_addressed_as (customer, text);
          break;

        case PROPERTY_CLIENTELE_PREFERENCE:
          add_preference (record, attribute);
          break;

        case PROPERTY_CLIENTELE_NOTE:
          add_note (record, attribute, TRUE);
          break;

        case PROPERTY_CLIENTELE_VIP:
          text = clt_vcard_attribute_text (attribute);
          clt_customer_set_vip (customer, clt_vcard_is_true (g_strstrip (text)));
          break;

        case PROPERTY_CLIENTELE_CONSENT:
          set_consent (record, attribute);
          break;

        case PROPERTY_AB_LABEL:
        case PROPERTY_OTHER:
        default:
          break;
        }
    }

  set_names (record, full_name, name);

  if (clt_text_is_blank (clt_customer_get_display_name (customer)))
    {
      const char *fallbacks[] = {
        clt_customer_get_company (customer),
        first_contact (record, CLT_CONTACT_EMAIL),
        first_contact (record, CLT_CONTACT_PHONE),
      };

      for (guint i = 0; i < G_N_ELEMENTS (fallbacks); i++)
        {
          if (fallbacks[i] != NULL)
            {
              clt_customer_set_display_name (customer, fallbacks[i]);
              break;
            }
        }
    }

  if (clt_text_is_blank (clt_customer_get_display_name (customer)))
    return NULL;

  return g_steal_pointer (&record);
}

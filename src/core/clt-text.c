/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-text"

#include "config.h"

#include <string.h>

#include "clt-text.h"

/* Number of folded characters that make the alphabetical part of a search
 * rowid, and the room left below it for customers sharing those characters. */
#define SORT_CHARS 10
#define SORT_BASE 37
#define SORT_TIE_BITS 10

static const char *
fold_ligature (gunichar c)
{
  switch (c)
    {
    case 0x00DF: return "ss"; /* ß */
    case 0x00E6: return "ae"; /* æ */
    case 0x0153: return "oe"; /* œ */
    case 0x00F8: return "o";  /* ø */
    case 0x0142: return "l";  /* ł */
    case 0x0111: return "d";  /* đ */
    case 0x00F0: return "d";  /* ð */
    case 0x00FE: return "th"; /* þ */
    case 0x2019: return "'";  /* typographic apostrophe */
    default: return NULL;
    }
}

/* Lower case, without diacritics, ligatures spelt out: the same folding the
 * search index applies, so that "Hélène", "HELENE" and "helene" are one. */
char *
clt_text_fold (const char *text)
{
  g_autofree char *lower = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  lower = g_utf8_strdown (text, -1);
  decomposed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *ligature;
      GUnicodeType type = g_unichar_type (c);

      if (type == G_UNICODE_NON_SPACING_MARK ||
          type == G_UNICODE_SPACING_MARK ||
          type == G_UNICODE_ENCLOSING_MARK)
        continue;

      ligature = fold_ligature (c);
      if (ligature != NULL)
        g_string_append (out, ligature);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Trimmed copy, with runs of white space (including tabs and new lines) made
 * one space: names and one-line fields never carry layout. */
char *
clt_text_strip (const char *text)
{
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

gboolean
clt_text_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && !g_unichar_iscntrl (c) && c != 0x200B)
        return FALSE;
    }

  return TRUE;
}

char *
clt_text_phone_digits (const char *phone)
{
  GString *out = g_string_new (NULL);

  for (const char *p = phone ? phone : ""; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/* The tokens that make a phone number findable by any run of its digits:
 * the digits, every suffix of three digits or more (so "612345" finds
 * "+33 6 12 34 56 78"), and, for an international number, the national
 * form with a leading 0 for each possible country code length (so "0612"
 * finds it too). */
char *
clt_text_phone_index_tokens (const char *phone)
{
  g_autofree char *digits = clt_text_phone_digits (phone);
  g_autofree char *stripped = clt_text_strip (phone);
  GString *out;
  gsize len = strlen (digits);

  out = g_string_new (NULL);
  if (len == 0)
    return g_string_free (out, FALSE);

  g_string_append (out, digits);
  for (gsize i = 1; i + 3 <= len; i++)
    g_string_append_printf (out, " %s", digits + i);

  if (g_str_has_prefix (stripped, "+") || g_str_has_prefix (digits, "00"))
    {
      const char *national = g_str_has_prefix (digits, "00") ? digits + 2 : digits;
      gsize national_len = strlen (national);

      for (gsize cc = 1; cc <= 3 && national_len > cc + 5; cc++)
        g_string_append_printf (out, " 0%s", national + cc);
    }

  return g_string_free (out, FALSE);
}

static gboolean
is_token_char (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return g_unichar_isalnum (c) ||
         type == G_UNICODE_NON_SPACING_MARK ||
         type == G_UNICODE_SPACING_MARK ||
         type == G_UNICODE_PRIVATE_USE;
}

static gboolean
looks_like_phone (const char *text)
{
  guint digits = 0;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +.-()/", *p) == NULL)
        return FALSE;
    }

  return digits >= 2;
}

/* Turns what a person typed into an FTS5 expression in which every word is
 * a quoted prefix, all required: the text is always data, never syntax, so
 * quotes, stars, NEAR, "-" or ":" are searched as plain text or ignored.
 * Returns NULL when nothing searchable remains. */
char *
clt_text_fts_query (const char *user_text)
{
  g_autofree char *stripped = clt_text_strip (user_text);
  g_autoptr(GString) word = g_string_new (NULL);
  GString *out = g_string_new (NULL);

  if (looks_like_phone (stripped))
    {
      g_autofree char *digits = clt_text_phone_digits (stripped);

      g_string_printf (out, "\"%s\"*", digits);
      return g_string_free (out, FALSE);
    }

  for (const char *p = stripped;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && is_token_char (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }

      if (word->len > 0)
        {
          if (out->len > 0)
            g_string_append (out, " AND ");
          g_string_append_printf (out, "\"%s\"*", word->str);
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

static guint
sort_symbol (char c)
{
  if (c >= 'a' && c <= 'z')
    return 11 + (c - 'a');
  if (c >= '0' && c <= '9')
    return 1 + (c - '0');
  return 0;
}

/* An integer that sorts like the folded name: the first SORT_CHARS letters
 * in base 37, shifted to leave room for SORT_TIE_BITS of customers who
 * share them. The search index uses it as its rowid, so that the matches
 * of a query come out of FTS5 already in alphabetical order and the first
 * page of a one-letter search never sorts the whole book. */
gint64
clt_text_sort_rowid_base (const char *sort_name)
{
  g_autofree char *folded = clt_text_fold (sort_name);
  guint64 key = 0;
  guint n = 0;
  gboolean space = FALSE;

  for (const char *p = folded; *p && n < SORT_CHARS; p++)
    {
      guint symbol = sort_symbol (*p);

      if ((guchar) *p >= 0x80)
        symbol = SORT_BASE - 1;

      /* Punctuation and spaces count once, as a separator. */
      if (symbol == 0)
        {
          if (n == 0 || space)
            continue;
          space = TRUE;
        }
      else
        space = FALSE;

      key = key * SORT_BASE + symbol;
      n++;
    }

  for (; n < SORT_CHARS; n++)
    key = key * SORT_BASE;

  return (gint64) (key << SORT_TIE_BITS);
}

static gboolean
is_honorific (const char *word)
{
  static const char * const honorifics[] = {
    "m", "m.", "mme", "mme.", "mlle", "mlle.", "mr", "mr.", "mrs", "mrs.",
    "ms", "ms.", "miss", "dr", "dr.", "pr", "pr.", "me", "me.", "sir", "dame",
    "madame", "monsieur", "mademoiselle", "docteur", "maître", "professeur",
    NULL
  };
  g_autofree char *lower = g_utf8_strdown (word, -1);

  return g_strv_contains (honorifics, lower);
}

static gboolean
is_particle (const char *word)
{
  static const char * const particles[] = {
    "de", "du", "des", "d'", "d’", "le", "la", "van", "von", "der", "den",
    "di", "da", "del", "della", "dos", "das", "ten", "ter", "st", "st.",
    "saint", "sainte", NULL
  };
  g_autofree char *lower = g_utf8_strdown (word, -1);

  return g_strv_contains (particles, lower);
}

/* Splits "Mme Hélène de la Tour" into an honorific, given name(s) and a
 * family name (the last word, with the particles before it). One word is a
 * family name, as a desk would write it. */
void
clt_text_split_name (const char  *full_name,
                     char       **honorific,
                     char       **given_name,
                     char       **family_name)
{
  g_autofree char *stripped = clt_text_strip (full_name);
  g_auto(GStrv) words = g_strsplit (stripped, " ", -1);
  guint n = g_strv_length (words);
  guint first = 0;
  guint family_start;

  *honorific = NULL;
  if (n > 1 && is_honorific (words[0]))
    {
      *honorific = g_strdup (words[0]);
      first = 1;
    }

  if (n == first)
    {
      *given_name = g_strdup ("");
      *family_name = g_strdup ("");
      return;
    }

  family_start = n - 1;
  while (family_start > first + 1 && is_particle (words[family_start - 1]))
    family_start--;

  if (family_start == first)
    {
      *given_name = g_strdup ("");
      *family_name = g_strdup (words[first]);
      return;
    }

  {
    g_autoptr(GStrvBuilder) given = g_strv_builder_new ();
    g_autoptr(GStrvBuilder) family = g_strv_builder_new ();
    g_auto(GStrv) given_v = NULL;
    g_auto(GStrv) family_v = NULL;

    for (guint i = first; i < family_start; i++)
      g_strv_builder_add (given, words[i]);
    for (guint i = family_start; i < n; i++)
      g_strv_builder_add (family, words[i]);

    given_v = g_strv_builder_end (given);
    family_v = g_strv_builder_end (family);
    *given_name = g_strjoinv (" ", given_v);
    *family_name = g_strjoinv (" ", family_v);
  }
}

void
clt_text_set (char       **field,
              const char  *text)
{
  char *copy;

  g_return_if_fail (field != NULL);

  copy = g_strdup (text);
  g_free (*field);
  *field = copy;
}

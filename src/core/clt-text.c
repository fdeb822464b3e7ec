/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-text"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "clt-text.h"

/* Text read from a damaged or hand-edited book may not be UTF-8, and a
 * walk by character steps over the end of a string that ends in a
 * truncated sequence: every walk below goes over @text itself when it is
 * valid, else over a copy kept in *copy with U+FFFD for the bad bytes. */
static gboolean
is_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return FALSE;

  return TRUE;
}

static const char *
valid_utf8 (const char  *text,
            char       **copy)
{
  if (g_utf8_validate (text, -1, NULL))
    return text;

  *copy = g_utf8_make_valid (text, -1);
  return *copy;
}

/**
 * clt_text_dup_valid:
 * @text: (nullable): text read from the book
 *
 * Returns: (transfer full) (nullable): a copy of @text, any byte that is
 *   not UTF-8 replaced by U+FFFD, so that it is shown and never read past.
 */
char *
clt_text_dup_valid (const char *text)
{
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    return g_strdup (text);

  return g_utf8_make_valid (text, -1);
}

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
  g_autofree char *valid = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  /* ASCII, most of any text, is its own decomposition: lowered, it is
   * folded (a third of an import's folding time went to the tables). */
  if (is_ascii (text))
    return g_ascii_strdown (text, -1);

  lower = g_utf8_strdown (valid_utf8 (text, &valid), -1);
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

/* The spelling of a letter with a diaeresis or a ring that a keyboard
 * without it uses: "Mueller" for "Müller", "Soeren" for "Søren". */
static const char *
fold_umlaut (gunichar c)
{
  switch (c)
    {
    case 0x00E4: return "ae"; /* ä */
    case 0x00F6: return "oe"; /* ö */
    case 0x00FC: return "ue"; /* ü */
    case 0x00F8: return "oe"; /* ø */
    case 0x00E5: return "aa"; /* å */
    default: return NULL;
    }
}

static gboolean
is_word_char (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return g_unichar_isalnum (c) || type == G_UNICODE_NON_SPACING_MARK ||
         type == G_UNICODE_SPACING_MARK;
}

/* Appends to @out the words of @text (lower case, composed) that have an
 * umlaut, spelt without it ("mueller"), folded. */
static void
append_umlaut_spellings (GString    *out,
                         const char *composed)
{
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GString) extra = g_string_new (" ");
  gboolean umlaut = FALSE;

  for (const char *p = composed;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && is_word_char (c))
        {
          const char *spelling = fold_umlaut (c);

          umlaut |= spelling != NULL;
          if (spelling != NULL)
            g_string_append (word, spelling);
          else
            g_string_append_unichar (word, c);
          continue;
        }

      if (umlaut)
        {
          g_autofree char *folded = clt_text_fold (word->str);
          g_autofree char *spaced = g_strdup_printf (" %s ", folded);

          /* Each spelling once. */
          if (strstr (extra->str, spaced) == NULL)
            g_string_append_printf (extra, "%s ", folded);
        }
      g_string_truncate (word, 0);
      umlaut = FALSE;
      if (c == 0)
        break;
    }

  if (extra->len > 1)
    g_string_append_len (out, extra->str, extra->len - 1);
}

/**
 * clt_text_fold_for_search:
 * @text: (nullable): a text of a customer's search row
 *
 * The text the search index holds: folded like clt_text_fold() (so that
 * the tokenizer sees "oeuvray", "strasse", "soren" for "Œuvray",
 * "Straße", "Søren"), then each word with an umlaut once more in the
 * spelling without it ("Müller": "muller mueller"). ASCII text is kept as
 * it is: the tokenizer folds its case itself.
 *
 * Returns: (transfer full): the text to index
 */
char *
clt_text_fold_for_search (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *composed = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  if (is_ascii (text))
    return g_strdup (text);

  folded = clt_text_fold (text);
  out = g_string_new (folded);
  lower = g_utf8_strdown (valid_utf8 (text, &valid), -1);
  composed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFC);
  if (composed != NULL)
    append_umlaut_spellings (out, composed);

  return g_string_free (out, FALSE);
}

/* Trimmed copy, with runs of white space (including tabs and new lines) made
 * one space: names and one-line fields never carry layout. */
char *
clt_text_strip (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  gboolean space = FALSE;

  if (text == NULL)
    return g_strdup ("");

  text = valid_utf8 (text, &valid);
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      /* ASCII, most of any text, without the Unicode tables: its white
       * space and controls are everything up to the space, and DEL. */
      gboolean ascii = (guchar) *p < 0x80;
      gunichar c = ascii ? (guchar) *p : g_utf8_get_char (p);

      if (ascii ? c <= ' ' || c == 0x7f : g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (ascii)
        g_string_append_c (out, (char) c);
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

gboolean
clt_text_is_blank (const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return TRUE;

  text = valid_utf8 (text, &valid);
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

/* "12", "221B", "12bis": a street number, not a postal code. */
static gboolean
is_street_number (const char *token)
{
  gsize digits = strspn (token, "0123456789");

  return digits > 0 && digits <= 3;
}

static gboolean
has_digit (const char *token)
{
  return strpbrk (token, "0123456789") != NULL;
}

/* A part of an address without its postal code ("75011", "F-75011",
 * "NW1 6XE", the "11e" of "Paris 11e") and what follows CEDEX. */
static char *
strip_postal_code (char     **tokens,
                   gboolean  *had_code)
{
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();

  *had_code = FALSE;
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      if (*tokens[i] == '\0')
        continue;
      if (g_ascii_strcasecmp (tokens[i], "cedex") == 0)
        break;
      if (has_digit (tokens[i]))
        *had_code = TRUE;
      else
        g_ptr_array_add (kept, tokens[i]);
    }
  g_ptr_array_add (kept, NULL);

  return g_strjoinv (" ", (char **) kept->pdata);
}

/* Two capitals alone, as the "IL" of "Springfield, IL 62704": a state. */
static gboolean
is_region_code (const char *text)
{
  return strlen (text) <= 2 && g_ascii_isupper (text[0]) &&
         (text[1] == '\0' || g_ascii_isupper (text[1]));
}

/**
 * clt_text_address_city:
 * @address: (nullable): a postal address as it was typed, in lines or
 *   separated by commas
 *
 * The town of a postal address, for a list to show in a line: the part
 * with the postal code, without it ("12 rue des Lilas\n75011 Paris" gives
 * "Paris"); without a postal code, the last part that is not a street.
 *
 * Returns: (nullable): the town, or %NULL when none is found
 */
char *
clt_text_address_city (const char *address)
{
  g_auto(GStrv) parts = NULL;
  g_autofree char *fallback = NULL;
  gboolean after_code = FALSE;
  guint n;

  if (clt_text_is_blank (address))
    return NULL;

  parts = g_strsplit_set (address, "\n,;", -1);
  n = g_strv_length (parts);
  for (guint i = n; i > 0; i--)
    {
      g_auto(GStrv) tokens = g_strsplit_set (g_strstrip (parts[i - 1]), " \t", -1);
      g_autofree char *town = NULL;
      gboolean had_code;

      if (tokens[0] == NULL || *tokens[0] == '\0' || is_street_number (tokens[0]))
        continue;

      town = strip_postal_code (tokens, &had_code);
      if (*town == '\0')
        {
          after_code = after_code || had_code;
          continue;
        }
      if (had_code && is_region_code (town))
        {
          after_code = TRUE;
          continue;
        }
      if (had_code || after_code)
        return g_steal_pointer (&town);
      if (fallback == NULL)
        fallback = g_steal_pointer (&town);
    }

  return g_steal_pointer (&fallback);
}

/* The forms of a phone number the phone index holds, separated by
 * spaces: its digits and, for an international number, the national form
 * with a leading 0 for each possible country code length (so that "0612"
 * finds "+33 6 12 34 56 78" too). The phone index (a trigram index, see
 * clt-store-customers.c) finds a number by any run of the digits of one
 * of these forms. */
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

/* Whether the term "@word"* adds nothing to "@other"* when both are
 * required: the same word, or a prefix of the other (every row with a
 * word starting "martin" has one starting "mar"). Compared with ASCII
 * letters lowered, as the index folds them, and other characters as
 * typed, so that a term dropped is always one the index would match. */
static gboolean
is_implied_by (const char *word,
               const char *other)
{
  gsize i;

  for (i = 0; word[i] != '\0'; i++)
    if (g_ascii_tolower (word[i]) != g_ascii_tolower (other[i]))
      return FALSE;

  return TRUE;
}

/* The digits of a search for a phone number ("06 12", "+33 6"), or NULL
 * when what was typed is a search for words. */
char *
clt_text_phone_query_digits (const char *user_text)
{
  g_autofree char *stripped = clt_text_strip (user_text);

  return looks_like_phone (stripped) ? clt_text_phone_digits (stripped) : NULL;
}

/* Whether a search finds @phone by @digits, the digits of a phone search:
 * the phone index's rule. Three digits or more are found anywhere in one
 * of the number's forms; fewer, only at its start (the search index's
 * prefix of the number's digits). */
gboolean
clt_text_phone_matches (const char *phone,
                        const char *digits)
{
  g_autofree char *forms = NULL;

  if (digits == NULL || *digits == '\0')
    return FALSE;

  forms = clt_text_phone_index_tokens (phone);
  if (strlen (digits) < CLT_TEXT_PHONE_RUN_MIN)
    {
      g_auto(GStrv) split = g_strsplit (forms, " ", -1);

      for (guint i = 0; split[i] != NULL; i++)
        if (g_str_has_prefix (split[i], digits))
          return TRUE;
      return FALSE;
    }

  return strstr (forms, digits) != NULL;
}

/* A word of a query as the search index holds it (clt_text_fold()), or,
 * for a word with a ligature, that and the word as typed after a tab: a
 * search row not yet written again since the index was folded
 * (clt-store-refold.c) holds "œuvray", not "oeuvray". Any double quote
 * left by the folding is FTS5's, doubled. */
static char *
fold_query_word (const char *word)
{
  g_autofree char *folded = clt_text_fold (word);
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean ligature = FALSE;

  for (const char *p = folded; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }

  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));

      ligature |= c > 0x7f && c != 0x2019 && fold_ligature (c) != NULL;
    }
  if (ligature)
    g_string_append_printf (out, "\t%s", word);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "term"*, or ("term"* OR "typed"*) for a word with a ligature. */
static void
append_term (GString    *out,
             const char *term)
{
  const char *tab = strchr (term, '\t');

  if (tab == NULL)
    g_string_append_printf (out, "\"%s\"*", term);
  else
    g_string_append_printf (out, "(\"%.*s\"* OR \"%s\"*)", (int) (tab - term), term, tab + 1);
}

/* Turns what a person typed into an FTS5 expression in which every word is
 * a quoted prefix, all required: the text is always data, never syntax, so
 * quotes, stars, NEAR, "-" or ":" are searched as plain text or ignored.
 * A word repeated, or the start of another word, is searched once: each
 * term costs a pass over the index, and adds nothing. Returns NULL when
 * nothing searchable remains. */
char *
clt_text_fts_query (const char *user_text)
{
  g_autofree char *stripped = clt_text_strip (user_text);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
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
          g_ptr_array_add (words, fold_query_word (word->str));
          g_string_truncate (word, 0);
        }

      if (c == 0)
        break;
    }

  for (guint i = 0; i < words->len; i++)
    {
      const char *term = g_ptr_array_index (words, i);
      gboolean implied = FALSE;

      /* Of equal words, the first is kept. */
      for (guint j = 0; j < words->len && !implied; j++)
        {
          const char *other = g_ptr_array_index (words, j);

          implied = j != i && is_implied_by (term, other) &&
                    (strlen (other) > strlen (term) || j < i);
        }
      if (implied)
        continue;

      if (out->len > 0)
        g_string_append (out, " AND ");
      append_term (out, term);
    }

  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }

  return g_string_free (out, FALSE);
}

/* The key the book is sorted by: the folded name, its punctuation and
 * spaces made one space between words, so that "Dupont-Aignan",
 * "Dupont Aignan" and "DUPONT  AIGNAN" sort together, digits before
 * letters and letters of other scripts after Latin ones (byte order of
 * UTF-8, which SQLite's BINARY collation and strcmp() share). */
char *
clt_text_sort_key (const char *sort_name)
{
  g_autofree char *folded = clt_text_fold (sort_name);
  GString *out = g_string_sized_new (strlen (folded));
  gboolean space = FALSE;

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isalnum (c))
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

/* Words before a family name that belong to it — "de la Tour", "van der
 * Berg", "Ó Súilleabháin", "Nic an tSaoi", "Bean Uí Bhriain", "bin
 * Salman", "Al Saud" — compared folded, so that "Ó" and "O", "Uí" and "Ui"
 * are one. */
static const char * const particles[] = {
  "de", "du", "des", "d'", "le", "la", "van", "von", "der", "den", "di", "da",
  "del", "della", "dos", "das", "ten", "ter", "st", "st.", "saint", "sainte",
  /* Irish */
  "o", "o'", "mac", "mc", "ni", "nic", "ui", "mhic",
  /* Arabic */
  "al", "el", "al-", "el-", "bin", "ibn", "bint",
  NULL
};

/* Particles that are never a given name, so that a name made of particles
 * and one word is all family name: "de la Tour", "Ó Súilleabháin", but
 * "Al Pacino", "Van Morrison". */
static const char * const never_given[] = {
  "de", "du", "des", "d'", "von", "der", "den", "della", "dos", "das", "ten",
  "ter", "o", "o'", "mc", "ni", "nic", "ui", "mhic", "bin", "ibn", "bint", "bean",
  NULL
};

static gboolean
word_is (const char         *word,
         const char * const *list)
{
  g_autofree char *folded = clt_text_fold (word);

  return g_strv_contains (list, folded);
}

static gboolean
is_particle (char  **words,
             guint   i)
{
  static const char * const before_an[] = { "mac", "mc", "nic", "ni", "o", "ui", "mhic", NULL };
  static const char * const after_bean[] = { "ui", "mhic", NULL };
  g_autofree char *word = clt_text_fold (words[i]);

  if (g_strv_contains (particles, word))
    return TRUE;

  /* "Nic an tSaoi", "Mac an Bhaird" */
  if (i > 0 && g_str_equal (word, "an"))
    return word_is (words[i - 1], before_an);

  /* "Bean Uí Bhriain", a married name */
  if (words[i + 1] != NULL && g_str_equal (word, "bean"))
    return word_is (words[i + 1], after_bean);

  return FALSE;
}

static char *
join_words (char  **words,
            guint   from,
            guint   to)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = from; i < to; i++)
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, words[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "Dupont, Hélène" or "Ó Súilleabháin, Mme Siobhán", as exports and
 * lists write them: the family name first, then a comma. */
static gboolean
split_family_first (const char  *name,
                    char       **honorific,
                    char       **given_name,
                    char       **family_name)
{
  const char *comma = strchr (name, ',');
  g_autofree char *family = NULL;
  g_autofree char *given = NULL;
  g_auto(GStrv) family_words = NULL;
  g_auto(GStrv) given_words = NULL;
  guint family_first = 0;
  guint given_first = 0;

  if (comma == NULL || strchr (comma + 1, ',') != NULL)
    return FALSE;

  family = g_strndup (name, comma - name);
  given = g_strdup (comma + 1);
  g_strstrip (family);
  g_strstrip (given);
  if (*family == '\0' || *given == '\0')
    return FALSE;

  family_words = g_strsplit (family, " ", -1);
  given_words = g_strsplit (given, " ", -1);
  if (family_words[1] != NULL && is_honorific (family_words[0]))
    {
      *honorific = g_strdup (family_words[0]);
      family_first = 1;
    }
  else if (is_honorific (given_words[0]))
    {
      *honorific = g_strdup (given_words[0]);
      given_first = 1;
    }

  *family_name = join_words (family_words, family_first, g_strv_length (family_words));
  *given_name = join_words (given_words, given_first, g_strv_length (given_words));
  return TRUE;
}

/* Splits "Mme Hélène de la Tour" into an honorific, given name(s) and a
 * family name (the last word, with the particles before it), or "de la
 * Tour, Hélène" with the family name first. One word is a family name, as
 * a desk would write it. */
void
clt_text_split_name (const char  *full_name,
                     char       **honorific,
                     char       **given_name,
                     char       **family_name)
{
  g_autofree char *stripped = clt_text_strip (full_name);
  g_auto(GStrv) words = NULL;
  guint n;
  guint first = 0;
  guint family_start;

  *honorific = NULL;
  if (split_family_first (stripped, honorific, given_name, family_name))
    return;

  words = g_strsplit (stripped, " ", -1);
  n = g_strv_length (words);
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
  while (family_start > first + 1 && is_particle (words, family_start - 1))
    family_start--;
  if (family_start == first + 1 && is_particle (words, first) && word_is (words[first], never_given))
    family_start = first;

  *given_name = join_words (words, first, family_start);
  *family_name = join_words (words, family_start, n);
}

static gboolean
all_digits (const char *text,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/**
 * clt_text_parse_birthday:
 * @text: "YYYY-MM-DD", "YYYYMMDD", or without the year "--MM-DD", "--MMDD"
 *   or "MM-DD"
 * @malformed: (out) (optional): set to %TRUE when @text is not written as
 *   a birthday, %FALSE when it is but the day does not exist
 *
 * Checks a birthday strictly (2026-02-30 is refused, --02-29 is a
 * birthday) and gives it as the book keeps it: "YYYY-MM-DD", or "--MM-DD"
 * without the year, as vCard 4.0 writes it.
 *
 * Returns: (transfer full) (nullable): the birthday, or %NULL
 */
char *
clt_text_parse_birthday (const char *text,
                         gboolean   *malformed)
{
  g_autofree char *stripped = clt_text_strip (text);
  const char *p = stripped;
  gsize length = strlen (p);
  int year = 0;
  int month;
  int day;
  g_autoptr(GDateTime) now = NULL;

  if (malformed != NULL)
    *malformed = TRUE;

  /* The year, if any; the month and the day are the last four digits. */
  if (length == 10 && all_digits (p, 4) && p[4] == '-' && all_digits (p + 5, 2) &&
      p[7] == '-' && all_digits (p + 8, 2))
    year = atoi (p);
  else if (length == 8 && all_digits (p, 8))
    year = atoi (p) / 10000;
  else if (!(length == 7 && g_str_has_prefix (p, "--") && all_digits (p + 2, 2) && p[4] == '-' &&
             all_digits (p + 5, 2)) &&
           !(length == 6 && g_str_has_prefix (p, "--") && all_digits (p + 2, 4)) &&
           !(length == 5 && all_digits (p, 2) && p[2] == '-' && all_digits (p + 3, 2)))
    return NULL;

  day = (p[length - 2] - '0') * 10 + (p[length - 1] - '0');
  p += length - (p[length - 3] == '-' ? 5 : 4);
  month = (p[0] - '0') * 10 + (p[1] - '0');

  if (malformed != NULL)
    *malformed = FALSE;

  /* Without a year, any leap year says whether the day exists. */
  now = g_date_time_new_now_local ();
  if (month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy (day, month, year ? year : 2000) ||
      (year != 0 && (year < 1900 || year > g_date_time_get_year (now))))
    return NULL;

  if (year == 0)
    return g_strdup_printf ("--%02d-%02d", month, day);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

void
clt_text_set (char       **field,
              const char  *text)
{
  char *copy;

  g_return_if_fail (field != NULL);

  copy = clt_text_dup_valid (text);
  g_free (*field);
  *field = copy;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-search"

#include "config.h"

#include <string.h>

#include "clt-search-typos.h"
#include "clt-store-private.h"
#include "clt-text.h"

/*
 * Close matches: the names one or two edits away from what was typed (a
 * letter missing, extra or replaced, two neighbours swapped: the
 * Damerau–Levenshtein distance, in its "optimal string alignment" form, on
 * folded text), for a search that found few names — a name heard on the
 * phone is often spelled wrong.
 *
 * The book keeps the folded words of its names, each once, in the table
 * name_words (a few thousand words at 100,000 customers; never pruned: a
 * word no one bears any more finds no one). A search reads them all and
 * measures each against each word typed, which costs a few milliseconds
 * however the words are spelled, where a trigram index misses the short
 * names that a swap or a missing letter leaves without a common trigram
 * ("dpure" and "dupre" share none); see notes/typos.md for the figures.
 * The words found are then looked up in the search index's names, as the
 * ordinary search does, so a close match is listed in book order within
 * its number of edits.
 */

/* Longer words are not names: they are neither kept nor corrected. */
#define MAX_WORD_CHARS 32
/* Words typed that are looked at; more are taken as they are. */
#define MAX_QUERY_WORDS 8
/* Candidates per word typed and number of edits: the expression stays small. */
#define MAX_CANDIDATES 100

/* Calls @func for each folded word of @text, letters and digits only. */
static void
foreach_word (const char *text,
              void      (*func) (const char *word, gpointer user_data),
              gpointer    user_data)
{
  g_autofree char *folded = clt_text_fold (text);
  g_autoptr(GString) word = g_string_new (NULL);
  guint n_chars = 0;

  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          n_chars++;
          continue;
        }

      if (n_chars > 0 && n_chars <= MAX_WORD_CHARS)
        func (word->str, user_data);
      g_string_truncate (word, 0);
      n_chars = 0;

      if (c == 0)
        break;
    }
}

static guint
decode (const char *text,
        gunichar    out[MAX_WORD_CHARS + 1])
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (n > MAX_WORD_CHARS)
        return n;
      out[n++] = (guchar) *p < 0x80 ? (gunichar) *p : g_utf8_get_char (p);
    }

  return n;
}

static guint
distance_chars (const gunichar *a,
                guint           n,
                const gunichar *b,
                guint           m,
                guint           max)
{
  guint d[MAX_WORD_CHARS + 1][MAX_WORD_CHARS + 1];

  if ((n > m ? n - m : m - n) > max)
    return max + 1;

  for (guint i = 0; i <= n; i++)
    d[i][0] = i;
  for (guint j = 0; j <= m; j++)
    d[0][j] = j;

  /* Only the cells at most @max from the diagonal: the others are more
   * than @max edits; their neighbours in the band read them as max + 1. */
  for (guint i = 1; i <= n; i++)
    {
      guint lo = i > max ? i - max : 1;
      guint hi = MIN (m, i + max);
      guint row_min = G_MAXUINT;

      if (lo > 1)
        d[i][lo - 1] = max + 1;
      for (guint j = lo; j <= hi; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint v = MIN (MIN (d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);

          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            v = MIN (v, d[i - 2][j - 2] + 1);
          d[i][j] = v;
          row_min = MIN (row_min, v);
        }
      if (hi < m)
        d[i][hi + 1] = max + 1;
      if (row_min > max)
        return max + 1;
    }

  return MIN (d[n][m], max + 1);
}

/**
 * clt_search_typos_distance:
 * @a: a folded word
 * @b: another
 * @max: the most edits of interest
 *
 * Returns: the number of edits (a letter inserted, deleted or replaced,
 *   two neighbours swapped) from @a to @b, or @max + 1 when it is more
 *   than @max or a word is longer than a name
 */
guint
clt_search_typos_distance (const char *a,
                           const char *b,
                           guint       max)
{
  gunichar ca[MAX_WORD_CHARS + 1];
  gunichar cb[MAX_WORD_CHARS + 1];
  guint n = decode (a, ca);
  guint m = decode (b, cb);

  if (n > MAX_WORD_CHARS || m > MAX_WORD_CHARS)
    return max + 1;

  return distance_chars (ca, n, cb, m, max);
}

/**
 * clt_search_typos_allowed:
 * @word: a folded word typed
 *
 * Returns: how many edits a close match may be away from @word: none
 *   under three letters (everything is two edits from "al"), one up to
 *   five, two from six; none for a word with digits (a number is not
 *   misheard)
 */
guint
clt_search_typos_allowed (const char *word)
{
  glong n = g_utf8_strlen (word, -1);

  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isalpha (g_utf8_get_char (p)))
      return 0;

  return n < 3 || n > MAX_WORD_CHARS ? 0 : n <= 5 ? 1 : 2;
}

static void
add_query_word_unbounded (const char *word,
                          gpointer    user_data)
{
  GPtrArray *words = user_data;

  if (!g_ptr_array_find_with_equal_func (words, word, g_str_equal, NULL))
    g_ptr_array_add (words, g_strdup (word));
}

static void
add_query_word (const char *word,
                gpointer    user_data)
{
  GPtrArray *words = user_data;

  if (words->len < MAX_QUERY_WORDS && !g_ptr_array_find_with_equal_func (words, word, g_str_equal, NULL))
    g_ptr_array_add (words, g_strdup (word));
}

typedef struct
{
  char     *word;
  gunichar  chars[MAX_WORD_CHARS + 1];
  guint     n_chars;
  guint     allowed;
  GPtrArray *found[CLT_SEARCH_TYPOS_MAX_EDITS + 1];  /* words of the book at 1, 2 edits */
} Typed;

static void
typed_clear (Typed *typed)
{
  for (guint d = 0; d <= CLT_SEARCH_TYPOS_MAX_EDITS; d++)
    g_clear_pointer (&typed->found[d], g_ptr_array_unref);
}

/* The words typed in @typed at @edits edits: the word as the ordinary
 * search takes it (a prefix) when none, else any word of the book found. */
static gboolean
append_term (GString *out,
             Typed   *typed,
             guint    edits)
{
  GPtrArray *found = typed->found[edits];

  if (edits == 0)
    {
      g_string_append_printf (out, "\"%s\"*", typed->word);
      return TRUE;
    }
  if (found == NULL || found->len == 0)
    return FALSE;

  g_string_append_c (out, '(');
  for (guint i = 0; i < found->len; i++)
    g_string_append_printf (out, "%s\"%s\"", i > 0 ? " OR " : "", (char *) g_ptr_array_index (found, i));
  g_string_append_c (out, ')');
  return TRUE;
}

/* Appends to @alternatives each way of spending @budget edits over the
 * words typed from @i on, as an FTS5 expression; @prefix holds the terms
 * of the words before @i. */
static void
spend_edits (Typed     *typed,
             guint      n_typed,
             guint      i,
             guint      budget,
             GString   *prefix,
             GPtrArray *alternatives)
{
  if (i == n_typed)
    {
      if (budget == 0)
        g_ptr_array_add (alternatives, g_strdup (prefix->str));
      return;
    }

  for (guint edits = 0; edits <= MIN (budget, typed[i].allowed); edits++)
    {
      gsize len = prefix->len;

      if (len > 0)
        g_string_append (prefix, " AND ");
      if (append_term (prefix, &typed[i], edits))
        spend_edits (typed, n_typed, i + 1, budget - edits, prefix, alternatives);
      g_string_truncate (prefix, len);
    }
}

/**
 * clt_search_typos_levels:
 * @store: the book
 * @query: what the person typed
 *
 * Finds the words of the book's names close to those of @query.
 *
 * Returns: (transfer full): FTS5 expressions over the search index, the
 *   names one edit away from @query, then two; an empty array when the
 *   query has no word to correct; %NULL with @error set when the book
 *   cannot be read
 */
GPtrArray *
clt_search_typos_levels (CltStore    *store,
                         const char  *query,
                         GError     **error)
{
  g_autoptr(GPtrArray) levels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CltStmt) stmt = NULL;
  Typed typed[MAX_QUERY_WORDS] = { 0 };
  guint n_typed;
  guint most = 0;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  foreach_word (query, add_query_word, words);
  n_typed = words->len;
  for (guint i = 0; i < n_typed; i++)
    {
      typed[i].word = g_ptr_array_index (words, i);
      typed[i].n_chars = decode (typed[i].word, typed[i].chars);
      typed[i].allowed = clt_search_typos_allowed (typed[i].word);
      most = MAX (most, typed[i].allowed);
      for (guint d = 1; d <= typed[i].allowed; d++)
        typed[i].found[d] = g_ptr_array_new_with_free_func (g_free);
    }
  if (most == 0)
    return g_steal_pointer (&levels);

  stmt = clt_store_prepare (store, "SELECT word FROM name_words", error);
  if (stmt == NULL)
    ok = FALSE;

  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *word = clt_column_text (stmt, 0);
      gunichar chars[MAX_WORD_CHARS + 1];
      guint n = decode (word, chars);

      if (n > MAX_WORD_CHARS)
        continue;

      for (guint i = 0; i < n_typed; i++)
        {
          guint d;

          if (typed[i].allowed == 0)
            continue;
          d = distance_chars (typed[i].chars, typed[i].n_chars, chars, n, typed[i].allowed);
          if (d >= 1 && d <= typed[i].allowed && typed[i].found[d]->len < MAX_CANDIDATES)
            g_ptr_array_add (typed[i].found[d], g_strdup (word));
        }
    }
  if (ok && rc != SQLITE_DONE)
    {
      clt_store_set_error (store, rc, error);
      ok = FALSE;
    }

  for (guint edits = 1; ok && edits <= CLT_SEARCH_TYPOS_MAX_EDITS; edits++)
    {
      g_autoptr(GPtrArray) alternatives = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GString) prefix = g_string_new (NULL);
      g_autoptr(GString) expression = g_string_new ("{name} : (");

      spend_edits (typed, n_typed, 0, edits, prefix, alternatives);
      if (alternatives->len == 0)
        continue;
      for (guint i = 0; i < alternatives->len; i++)
        g_string_append_printf (expression, "%s(%s)", i > 0 ? " OR " : "",
                                (char *) g_ptr_array_index (alternatives, i));
      g_string_append_c (expression, ')');
      g_ptr_array_add (levels, g_string_free (g_steal_pointer (&expression), FALSE));
    }

  for (guint i = 0; i < n_typed; i++)
    typed_clear (&typed[i]);

  return ok ? g_steal_pointer (&levels) : NULL;
}

GPtrArray *
clt_search_typos_name_words (const char *name)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  foreach_word (name, add_query_word_unbounded, words);
  return words;
}

/* Keeps @words (a CltSearchRow's name words) in name_words; a word this
 * transaction wrote already is not written again. */
gboolean
clt_store_typos_note_words (CltStore    *self,
                            const char  *words,
                            GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  GHashTable *noted = clt_store_get_noted_words (self);

  for (const char *word = words; *word != '\0'; word += strlen (word) + 1)
    {
      int rc;

      if (g_hash_table_contains (noted, word))
        continue;
      if (stmt == NULL)
        {
          stmt = clt_store_prepare (self, "INSERT OR IGNORE INTO name_words (word) VALUES (?1)", error);
          if (stmt == NULL)
            return FALSE;
        }

      sqlite3_reset (stmt);
      clt_bind_text (stmt, 1, word);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          clt_store_set_error (self, rc, error);
          return FALSE;
        }
      g_hash_table_add (noted, g_strdup (word));
    }

  return TRUE;
}

/* The state of clt_name_words() over the rows of a query. */
typedef struct
{
  GHashTable *chunks;  /* chunks of names seen */
  GHashTable *words;   /* their folded words */
} NameWords;

static void
add_word (const char *word,
          gpointer    user_data)
{
  GHashTable *words = user_data;

  if (!g_hash_table_contains (words, word))
    g_hash_table_add (words, g_strdup (word));
}

static void
add_chunk (NameWords  *state,
           const char *chunk)
{
  if (g_hash_table_contains (state->chunks, chunk))
    return;

  g_hash_table_add (state->chunks, g_strdup (chunk));
  foreach_word (chunk, add_word, state->words);
}

/* The SQL aggregate clt_name_words (text, …): the folded words of its
 * arguments over all rows, each once, as a JSON array, for the steps that
 * fill name_words. The text is cut into chunks at ASCII spaces and
 * punctuation, which folding leaves as they are and which end a word
 * anyway, and each chunk is folded once: names repeat, and a row each
 * folded and handed to json_each() cost 0.5 s at 100,000 customers. */
void
clt_store_name_words_step (sqlite3_context  *context,
                           int               argc,
                           sqlite3_value   **argv)
{
  NameWords **state = sqlite3_aggregate_context (context, sizeof (NameWords *));
  g_autoptr(GString) chunk = g_string_new (NULL);

  if (state == NULL)
    {
      sqlite3_result_error_nomem (context);
      return;
    }
  if (*state == NULL)
    {
      *state = g_new0 (NameWords, 1);
      (*state)->chunks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      (*state)->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }

  for (int i = 0; i < argc; i++)
    {
      const char *text = (const char *) sqlite3_value_text (argv[i]);

      for (const char *p = text; p != NULL; p++)
        {
          if ((guchar) *p >= 0x80 || g_ascii_isalnum (*p))
            {
              g_string_append_c (chunk, *p);
              continue;
            }
          if (chunk->len > 0)
            add_chunk (*state, chunk->str);
          g_string_truncate (chunk, 0);
          if (*p == '\0')
            break;
        }
    }
}

void
clt_store_name_words_final (sqlite3_context *context)
{
  NameWords **state = sqlite3_aggregate_context (context, 0);
  g_autoptr(GString) out = g_string_new ("[");

  if (state != NULL && *state != NULL)
    {
      GHashTableIter iter;
      const char *word;

      g_hash_table_iter_init (&iter, (*state)->words);
      while (g_hash_table_iter_next (&iter, (gpointer *) &word, NULL))
        g_string_append_printf (out, "%s\"%s\"", out->len > 1 ? "," : "", word);

      g_hash_table_unref ((*state)->chunks);
      g_hash_table_unref ((*state)->words);
      g_clear_pointer (state, g_free);
    }
  g_string_append_c (out, ']');

  sqlite3_result_text (context, out->str, out->len, SQLITE_TRANSIENT);
}

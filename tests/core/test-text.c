/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clt-text.h"
#include "clt-types.h"

static void
test_fold (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Hélène Dupré", "helene dupre" },
    { "ZOË", "zoe" },
    { "Œuvre Cœur", "oeuvre coeur" },
    { "Straße", "strasse" },
    { "Françoise", "francoise" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = clt_text_fold (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_blank_and_strip (void)
{
  g_autofree char *stripped = clt_text_strip ("  Jean \t\n Dupont  ");

  g_assert_true (clt_text_is_blank (NULL));
  g_assert_true (clt_text_is_blank (""));
  g_assert_true (clt_text_is_blank ("  \t\n "));
  g_assert_false (clt_text_is_blank (" a "));
  g_assert_cmpstr (stripped, ==, "Jean Dupont");
}

static void
test_phone (void)
{
  g_autofree char *digits = clt_text_phone_digits ("+33 6 12 34 56 78");
  g_autofree char *tokens = clt_text_phone_index_tokens ("+33 6 12 34 56 78");
  g_auto(GStrv) words = g_strsplit (tokens, " ", -1);

  g_assert_cmpstr (digits, ==, "33612345678");
  /* The digits and the national forms, one per possible country code
   * length; no runs of digits (the trigram index finds those). */
  g_assert_cmpstr (tokens, ==, "33612345678 03612345678 0612345678 012345678");
  g_assert_cmpuint (g_strv_length (words), ==, 4);
}

/* Which number a search by digits found: the index's own rule. */
static void
test_phone_matches (void)
{
  g_autofree char *none = clt_text_phone_query_digits ("Hélène 06");
  g_autofree char *spaced = clt_text_phone_query_digits (" 06 12.34 ");
  g_autofree char *plus = clt_text_phone_query_digits ("+33 6");

  g_assert_null (none);
  g_assert_cmpstr (spaced, ==, "061234");
  g_assert_cmpstr (plus, ==, "336");

  g_assert_true (clt_text_phone_matches ("+33 6 12 34 56 78", "0612"));
  g_assert_true (clt_text_phone_matches ("+33 6 12 34 56 78", "336"));
  g_assert_true (clt_text_phone_matches ("+33 6 12 34 56 78", "345"));
  g_assert_true (clt_text_phone_matches ("06 98 76 54 32", "9876"));
  g_assert_false (clt_text_phone_matches ("06 98 76 54 32", "0612"));
  g_assert_true (clt_text_phone_matches ("06 98 76 54 32", "5432"));
  /* Two digits are found at the start of a form only. */
  g_assert_false (clt_text_phone_matches ("06 98 76 54 32", "32"));
  g_assert_true (clt_text_phone_matches ("06 98 76 54 32", "06"));
  g_assert_true (clt_text_phone_matches ("+33 6 12 34 56 78", "06"));
  g_assert_false (clt_text_phone_matches ("06 98 76 54 32", ""));
  g_assert_false (clt_text_phone_matches (NULL, "06"));
}

static void
test_fts_query (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "helene", "\"helene\"*" },
    { "Hél Dup", "\"hel\"* AND \"dup\"*" },
    { "06 12", "\"0612\"*" },
    { "+33 6 12", "\"33612\"*" },
    { "\"NEAR\" -x:y*", "\"near\"* AND \"x\"* AND \"y\"*" },
    { "'; DROP TABLE customers; --", "\"drop\"* AND \"table\"* AND \"customers\"*" },
    { "o'brien", "\"o\"* AND \"brien\"*" },
    /* Folded as the index is; a ligature also as typed, for a row not yet
     * written again since the index was folded. */
    { "Œuvray", "(\"oeuvray\"* OR \"Œuvray\"*)" },
    { "Straße", "(\"strasse\"* OR \"Straße\"*)" },
    { "Cæcilie Søren", "(\"caecilie\"* OR \"Cæcilie\"*) AND (\"soren\"* OR \"Søren\"*)" },
    { "Müller", "\"muller\"*" },
    { "mueller", "\"mueller\"*" },
    { "\xef\xbc\x82x", "\"x\"*" },
    { "Ｈｅｌ", "\"hel\"*" },
    { "%*\"", NULL },
    { "", NULL },
    { "   ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = clt_text_fts_query (cases[i].in);
      g_assert_cmpstr (query, ==, cases[i].out);
    }
}

/* The text of a search row: folded, and a word with an umlaut (or "ø",
 * "å") also in the spelling a keyboard without it uses. */
static void
test_fold_for_search (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "Plain ASCII, as it is", "Plain ASCII, as it is" },
    { "Paul Œuvray", "paul oeuvray" },
    { "Cæcilie", "caecilie" },
    { "Hauptstraße 3", "hauptstrasse 3" },
    { "ẞ", "ss" },
    { "Søren Ålborg", "soren alborg soeren aalborg" },
    { "Ines Müller-Schäfer\nJÖRG", "ines muller-schafer\njorg mueller schaefer joerg" },
    { "Hélène Dupré", "helene dupre" },
    { "Encyclopædia", "encyclopaedia" },
    { "Jörg Jörg jörg", "jorg jorg jorg joerg" },
    { "", "" },
    { NULL, "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = clt_text_fold_for_search (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_sort_key (void)
{
  const struct { const char *in, *key; } cases[] = {
    { "Dupré Hélène", "dupre helene" },
    { "  DUPRÉ   hélène ", "dupre helene" },
    { "Dupont-Aignan Jean-Pierre", "dupont aignan jean pierre" },
    { "O'Brien Siobhán", "o brien siobhan" },
    { "d’Arcy -- Émile!", "d arcy emile" },
    { "Œuvre Straße", "oeuvre strasse" },
    { "Client007 Zoë", "client007 zoe" },
    { "Ἀλέξανδρος", "αλεξανδρος" },
    { "", "" },
    { "-- ''", "" },
  };
  /* Book order: shorter before longer, digits before letters, Latin
   * letters before other scripts. */
  const char *ordered[] = { "", "Dupont", "Dupont Aignan", "Dupont-Aignan Zoé", "Dupont2",
                            "Dupré Hélène", "Dupre Helene2", "Dupréz", "Zola Émile", "Ἀλέξανδρος" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = clt_text_sort_key (cases[i].in);
      g_assert_cmpstr (key, ==, cases[i].key);
    }

  for (guint i = 1; i < G_N_ELEMENTS (ordered); i++)
    {
      g_autofree char *a = clt_text_sort_key (ordered[i - 1]);
      g_autofree char *b = clt_text_sort_key (ordered[i]);
      g_assert_cmpstr (a, <, b);
    }
}

static void
test_split_name (void)
{
  const struct { const char *in, *honorific, *given, *family; } cases[] = {
    { "Hélène Dupré", NULL, "Hélène", "Dupré" },
    { "Mme Hélène de la Tour", "Mme", "Hélène", "de la Tour" },
    { "Jean-Pierre Le Goff", NULL, "Jean-Pierre", "Le Goff" },
    { "  Dupont  ", NULL, "", "Dupont" },
    { "Mr O'Brien", "Mr", "", "O'Brien" },
    { "Anne Marie Van der Berg", NULL, "Anne Marie", "Van der Berg" },
    { "Mme Hélène d’Arcy", "Mme", "Hélène", "d’Arcy" },
    { "Jean du Bellay", NULL, "Jean", "du Bellay" },
    /* Irish */
    { "Siobhán Ó Súilleabháin", NULL, "Siobhán", "Ó Súilleabháin" },
    { "Siobhan O Suilleabhain", NULL, "Siobhan", "O Suilleabhain" },
    { "Mary O' Brien", NULL, "Mary", "O' Brien" },
    { "Seán Mac Cárthaigh", NULL, "Seán", "Mac Cárthaigh" },
    { "Rory Mc Donald", NULL, "Rory", "Mc Donald" },
    { "Aoife Ní Bhriain", NULL, "Aoife", "Ní Bhriain" },
    { "Niamh Nic an tSaoi", NULL, "Niamh", "Nic an tSaoi" },
    { "Máire Bean Uí Bhriain", NULL, "Máire", "Bean Uí Bhriain" },
    { "Ms Ó Súilleabháin", "Ms", "", "Ó Súilleabháin" },
    { "Nic an tSaoi", NULL, "", "Nic an tSaoi" },
    /* Arabic */
    { "Dr Mohammed bin Salman", "Dr", "Mohammed", "bin Salman" },
    { "Ibn Battuta", NULL, "", "Ibn Battuta" },
    { "Khalid Al Saud", NULL, "Khalid", "Al Saud" },
    { "Amr El Shenawy", NULL, "Amr", "El Shenawy" },
    { "Ahmed al-Sayed", NULL, "Ahmed", "al-Sayed" },
    { "Omar al- Farouk", NULL, "Omar", "al- Farouk" },
    /* A particle that is also a given name stays one when alone. */
    { "Al Pacino", NULL, "Al", "Pacino" },
    { "Van Morrison", NULL, "Van", "Morrison" },
    { "Jean Bean", NULL, "Jean", "Bean" },
    { "Mme de la Tour", "Mme", "", "de la Tour" },
    /* The family name first, before a comma. */
    { "Ó Súilleabháin, Siobhán", NULL, "Siobhán", "Ó Súilleabháin" },
    { "bin Salman, Mohammed", NULL, "Mohammed", "bin Salman" },
    { "de la Tour, Mme Hélène", "Mme", "Hélène", "de la Tour" },
    { "Mme Dupré, Hélène", "Mme", "Hélène", "Dupré" },
    { "Dupré , Hélène Marie", NULL, "Hélène Marie", "Dupré" },
    { "Dupré,", NULL, "", "Dupré," },
    { "Dupont, Durand, Martin", NULL, "Dupont, Durand,", "Martin" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *honorific = NULL;
      g_autofree char *given = NULL;
      g_autofree char *family = NULL;

      clt_text_split_name (cases[i].in, &honorific, &given, &family);
      g_assert_cmpstr (honorific, ==, cases[i].honorific);
      g_assert_cmpstr (given, ==, cases[i].given);
      g_assert_cmpstr (family, ==, cases[i].family);
    }
}

static void
test_categories (void)
{
  g_autofree char *room = clt_preference_category_from_label ("  ROOM ");
  g_autofree char *food = clt_preference_category_from_label ("food and DRINK");
  g_autofree char *garden = clt_preference_category_from_label ("Jardin  d’hiver");
  g_autofree char *blank = clt_preference_category_from_label ("   ");

  g_assert_cmpstr (room, ==, "room");
  g_assert_cmpstr (food, ==, "food");
  g_assert_cmpstr (garden, ==, "Jardin d’hiver");
  g_assert_null (blank);
  g_assert_cmpstr (clt_preference_category_label ("room"), ==, "Room");
  g_assert_cmpstr (clt_preference_category_label ("billing"), ==, "Billing");
  g_assert_cmpstr (clt_preference_category_label ("Jardin"), ==, "Jardin");
  g_assert_null (clt_preference_category_label (NULL));
}

/* Each walk over text stops at the end of a string that ends in a
 * truncated UTF-8 sequence, and shows the bad bytes replaced (F9). The
 * text is copied to a block of its exact length, so that ASan and
 * MALLOC_CHECK_ catch a read past it. */
static void
test_invalid_utf8 (void)
{
  const struct { const char *in, *stripped; } cases[] = {
    { "\xf0", "\xef\xbf\xbd" },
    { "hel\xf0", "hel\xef\xbf\xbd" },
    { "\xc3", "\xef\xbf\xbd" },
    /* g_utf8_make_valid() replaces each byte of a cut sequence */
    { "\xe2\x82", "\xef\xbf\xbd\xef\xbf\xbd" },
    { "\xf0\x9f\x98", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    { "hello\xc3", "hello\xef\xbf\xbd" },
    /* "Hélène" whose last character lost its second byte */
    { "H\xc3\xa9l\xc3\xa8ne\xc3", "H\xc3\xa9l\xc3\xa8ne\xef\xbf\xbd" },
    { "  a \xff b  ", "a \xef\xbf\xbd b" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gsize length = strlen (cases[i].in);
      g_autofree char *exact = g_memdup2 (cases[i].in, length + 1);
      g_autofree char *stripped = clt_text_strip (exact);
      g_autofree char *folded = clt_text_fold (exact);
      g_autofree char *key = clt_text_sort_key (exact);
      g_autofree char *query = clt_text_fts_query (exact);
      g_autofree char *valid = clt_text_dup_valid (exact);
      g_autofree char *birthday = clt_text_parse_birthday (exact, NULL);
      g_autofree char *honorific = NULL;
      g_autofree char *given = NULL;
      g_autofree char *family = NULL;
      char *field = NULL;

      g_assert_cmpstr (stripped, ==, cases[i].stripped);
      g_assert_true (g_utf8_validate (folded, -1, NULL));
      g_assert_true (g_utf8_validate (key, -1, NULL));
      g_assert_true (query == NULL || g_utf8_validate (query, -1, NULL));
      g_assert_true (g_utf8_validate (valid, -1, NULL));
      g_assert_cmpuint (strlen (valid), >=, length);
      g_assert_false (clt_text_is_blank (exact));
      g_assert_null (birthday);
      clt_text_split_name (exact, &honorific, &given, &family);
      g_assert_true (g_utf8_validate (family, -1, NULL));
      clt_text_set (&field, exact);
      g_assert_true (g_utf8_validate (field, -1, NULL));
      g_free (field);
    }

  {
    g_autofree char *zoe = clt_text_dup_valid ("Zoë");
    g_assert_cmpstr (zoe, ==, "Zoë");
  }
}

/* A query made of one word many times, or of words that start others,
 * searches each once: every term costs a pass over the index (F10). */
static void
test_fts_query_repeats (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "a a a", "\"a\"*" },
    { "a A a", "\"a\"*" },
    { "mar martin", "\"martin\"*" },
    { "martin mar", "\"martin\"*" },
    { "Dupont dup DUPONT jean", "\"dupont\"* AND \"jean\"*" },
    { "hél hélène", "\"helene\"*" },
    /* Not the start of the other: both kept. */
    { "ma am", "\"ma\"* AND \"am\"*" },
    /* One word once folded. */
    { "hel hél", "\"hel\"*" },
    { "oeuv Œuvray", "(\"oeuvray\"* OR \"Œuvray\"*)" },
  };
  g_autoptr(GString) many = g_string_new (NULL);
  g_autofree char *query = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *q = clt_text_fts_query (cases[i].in);
      g_assert_cmpstr (q, ==, cases[i].out);
    }

  /* The review's hostile input: 2,560 times "a ". */
  for (guint i = 0; i < 2560; i++)
    g_string_append (many, "a ");
  query = clt_text_fts_query (many->str);
  g_assert_cmpstr (query, ==, "\"a\"*");
}

/* The town a customer list shows for an address, as people type them. */
static void
test_address_city (void)
{
  static const struct {
    const char *address;
    const char *city;
  } cases[] = {
    { "12 rue des Lilas\n75011 Paris", "Paris" },
    { "12 rue des Lilas, 75011 Paris", "Paris" },
    { "3 place Bellecour\n69002 Lyon\nFrance", "Lyon" },
    { "Bâtiment B\n12 rue de la Paix\n13100 Aix-en-Provence", "Aix-en-Provence" },
    { "BP 42\n75008 PARIS CEDEX 08", "PARIS" },
    { "12 rue des Lilas\nF-67000 Strasbourg", "Strasbourg" },
    { "Rue du Rhône 10\nCH-1204 Genève", "Genève" },
    { "221B Baker Street\nLondon NW1 6XE\nUnited Kingdom", "London" },
    { "1600 Pennsylvania Ave, Springfield, IL 62704", "Springfield" },
    { "Chez Mme Martin\nSaint-Malo", "Saint-Malo" },
    { "  Lyon  ", "Lyon" },
    { "12 rue des Lilas", NULL },
    { "75011", NULL },
    { "", NULL },
    { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *city = clt_text_address_city (cases[i].address);

      g_assert_cmpstr (city, ==, cases[i].city);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/blank-and-strip", test_blank_and_strip);
  g_test_add_func ("/text/phone", test_phone);
  g_test_add_func ("/text/phone-matches", test_phone_matches);
  g_test_add_func ("/text/address-city", test_address_city);
  g_test_add_func ("/text/fts-query", test_fts_query);
  g_test_add_func ("/text/fold-for-search", test_fold_for_search);
  g_test_add_func ("/text/sort-key", test_sort_key);
  g_test_add_func ("/text/split-name", test_split_name);
  g_test_add_func ("/text/categories", test_categories);
  g_test_add_func ("/text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/text/fts-query-repeats", test_fts_query_repeats);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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
  g_assert_true (g_strv_contains ((const char * const *) words, "33612345678"));
  g_assert_true (g_strv_contains ((const char * const *) words, "612345678"));
  g_assert_true (g_strv_contains ((const char * const *) words, "0612345678"));
  g_assert_true (g_strv_contains ((const char * const *) words, "678"));
  g_assert_false (g_strv_contains ((const char * const *) words, "78"));
}

static void
test_fts_query (void)
{
  const struct { const char *in, *out; } cases[] = {
    { "helene", "\"helene\"*" },
    { "Hél Dup", "\"Hél\"* AND \"Dup\"*" },
    { "06 12", "\"0612\"*" },
    { "+33 6 12", "\"33612\"*" },
    { "\"NEAR\" -x:y*", "\"NEAR\"* AND \"x\"* AND \"y\"*" },
    { "'; DROP TABLE customers; --", "\"DROP\"* AND \"TABLE\"* AND \"customers\"*" },
    { "o'brien", "\"o\"* AND \"brien\"*" },
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/fold", test_fold);
  g_test_add_func ("/text/blank-and-strip", test_blank_and_strip);
  g_test_add_func ("/text/phone", test_phone);
  g_test_add_func ("/text/fts-query", test_fts_query);
  g_test_add_func ("/text/sort-key", test_sort_key);
  g_test_add_func ("/text/split-name", test_split_name);
  g_test_add_func ("/text/categories", test_categories);

  return g_test_run ();
}

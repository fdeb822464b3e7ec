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
test_sort_rowid (void)
{
  gint64 a = clt_text_sort_rowid_base ("Dupont Jean");
  gint64 b = clt_text_sort_rowid_base ("Dupré Hélène");
  gint64 c = clt_text_sort_rowid_base ("dupre helene");
  gint64 d = clt_text_sort_rowid_base ("Martin");
  gint64 e = clt_text_sort_rowid_base ("Zola Émile");
  gint64 f = clt_text_sort_rowid_base ("");

  g_assert_cmpint (a, <, b);
  g_assert_cmpint (b, ==, c);
  g_assert_cmpint (b, <, d);
  g_assert_cmpint (d, <, e);
  g_assert_cmpint (f, >=, 0);
  g_assert_cmpint (f, <, a);
  g_assert_cmpint (e, >, 0);
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
  g_test_add_func ("/text/sort-rowid", test_sort_rowid);
  g_test_add_func ("/text/split-name", test_split_name);
  g_test_add_func ("/text/categories", test_categories);

  return g_test_run ();
}

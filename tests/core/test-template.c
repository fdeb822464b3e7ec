/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "clt-mail.h"
#include "clt-template.h"

static GHashTable *
full_values (void)
{
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (values, "first_name", "Hélène");
  g_hash_table_insert (values, "last_name", "Dupré");
  g_hash_table_insert (values, "full_name", "Hélène Dupré");
  g_hash_table_insert (values, "addressed_as", "Madame Dupré");
  g_hash_table_insert (values, "last_visit", "12 mars");
  g_hash_table_insert (values, "promise", "la veste bleue en 40");
  g_hash_table_insert (values, "business", "Hôtel des Tilleuls");
  g_hash_table_insert (values, "signature", "Marie Lefèvre\nHôtel des Tilleuls");
  g_hash_table_insert (values, "sender_name", "Marie Lefèvre");

  return values;
}

static void
test_placeholders (void)
{
  const char * const *names = clt_template_placeholders ();
  const char *expected[] = {
    "first_name", "last_name", "full_name", "addressed_as", "last_visit",
    "promise", "business", "signature", "sender_name",
  };

  g_assert_cmpuint (g_strv_length ((char **) names), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_true (g_strv_contains (names, expected[i]));
}

static void
test_render_all (void)
{
  g_autoptr(GHashTable) values = full_values ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = clt_template_render ("{first_name}|{last_name}|{full_name}|{addressed_as}|"
                              "{last_visit}|{promise}|{business}|{signature}|{sender_name}",
                              values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "Hélène|Dupré|Hélène Dupré|Madame Dupré|12 mars|la veste bleue en 40|"
                   "Hôtel des Tilleuls|Marie Lefèvre\nHôtel des Tilleuls|Marie Lefèvre");
}

static void
test_render_accents_and_braces (void)
{
  g_autoptr(GHashTable) values = full_values ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *plain = NULL;

  text = clt_template_render ("Bonjour {addressed_as}\u00A0! {{first_name}} vaut {first_name}, "
                              "une accolade seule s’écrit «\u00A0}}\u00A0» ou {{.", values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==,
                   "Bonjour Madame Dupré\u00A0! {first_name} vaut Hélène, "
                   "une accolade seule s’écrit «\u00A0}\u00A0» ou {.");

  plain = clt_template_render ("Déjà vu, ça… sans rien à remplacer.", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plain, ==, "Déjà vu, ça… sans rien à remplacer.");
}

static void
test_render_missing (void)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *none = NULL;

  g_hash_table_insert (values, "first_name", "Zoë");
  g_hash_table_insert (values, "promise", NULL);

  text = clt_template_render ("[{first_name}][{last_name}][{promise}]", values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "[Zoë][][]");

  none = clt_template_render ("[{first_name}]", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (none, ==, "[]");
}

static void
test_unknown (void)
{
  const char *text = "Bonjour {frist_name}, à bientôt {business}";
  const char *bad = strstr (text, "{frist_name}");
  g_autoptr(GHashTable) values = full_values ();
  g_autoptr(GPtrArray) problems = clt_template_check (text);
  g_autoptr(GError) error = NULL;
  g_autofree char *rendered = NULL;
  CltTemplateProblem *problem;

  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->start, ==, bad - text);
  g_assert_cmpuint (problem->end, ==, bad - text + strlen ("{frist_name}"));
  g_assert_cmpstr (problem->name, ==, "frist_name");
  g_assert_nonnull (strstr (problem->message, "{frist_name}"));
  g_assert_nonnull (strstr (problem->message, "{first_name}"));

  rendered = clt_template_render (text, values, &error);
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPLATE);
  g_assert_null (rendered);
  g_assert_cmpstr (error->message, ==, problem->message);
}

static void
test_unknown_lists_names (void)
{
  g_autoptr(GPtrArray) problems = clt_template_check ("{customer_number}");
  CltTemplateProblem *problem;

  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->start, ==, 0);
  g_assert_cmpuint (problem->end, ==, strlen ("{customer_number}"));
  for (const char * const *name = clt_template_placeholders (); *name != NULL; name++)
    {
      g_autofree char *braced = g_strdup_printf ("{%s}", *name);
      g_assert_nonnull (strstr (problem->message, braced));
    }
}

static void
test_unclosed (void)
{
  const char *text = "Bonjour {first_name, à bientôt {business}";
  g_autoptr(GPtrArray) problems = clt_template_check (text);
  g_autoptr(GError) error = NULL;
  g_autofree char *rendered = NULL;
  CltTemplateProblem *problem;

  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->start, ==, strlen ("Bonjour "));
  g_assert_cmpuint (problem->end, ==, strlen ("Bonjour {"));
  g_assert_null (problem->name);

  rendered = clt_template_render (text, NULL, &error);
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPLATE);
  g_assert_null (rendered);

  /* A brace left open at the end of the text, and one left open on its
   * line even though a later line closes something. */
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = clt_template_check ("À bientôt {");
  g_assert_cmpuint (problems->len, ==, 1);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->start, ==, strlen ("À bientôt "));

  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = clt_template_check ("{first_name\n}");
  g_assert_cmpuint (problems->len, ==, 2);
  g_assert_null (((CltTemplateProblem *) g_ptr_array_index (problems, 0))->name);
}

static void
test_stray_and_malformed (void)
{
  g_autoptr(GPtrArray) problems = clt_template_check ("Prix } 10 € {} {First Name} {first_name}}");
  CltTemplateProblem *problem;

  g_assert_cmpuint (problems->len, ==, 4);

  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpuint (problem->start, ==, strlen ("Prix "));
  g_assert_cmpuint (problem->end, ==, strlen ("Prix }"));
  g_assert_null (problem->name);

  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpuint (problem->start, ==, strlen ("Prix } 10 € "));
  g_assert_cmpuint (problem->end, ==, strlen ("Prix } 10 € {}"));

  problem = g_ptr_array_index (problems, 2);
  g_assert_cmpstr (problem->name, ==, "First Name");
  g_assert_cmpuint (problem->start, ==, strlen ("Prix } 10 € {} "));
  g_assert_cmpuint (problem->end, ==, strlen ("Prix } 10 € {} {First Name}"));

  /* "{first_name}}": the placeholder, then a brace of its own. */
  problem = g_ptr_array_index (problems, 3);
  g_assert_cmpuint (problem->start, ==, strlen ("Prix } 10 € {} {First Name} {first_name}"));
  g_assert_cmpuint (problem->end, ==, strlen ("Prix } 10 € {} {First Name} {first_name}}"));

  for (guint i = 0; i < problems->len; i++)
    {
      problem = g_ptr_array_index (problems, i);
      g_assert_cmpuint (problem->start, <, problem->end);
      g_assert_true (problem->message != NULL && *problem->message != '\0');
    }

  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = clt_template_check ("{{}} {{first_name}} ok");
  g_assert_cmpuint (problems->len, ==, 0);
}

/* Every placeholder used in @text is a known one. */
static void
assert_only_known (const char *text)
{
  const char *p = text;

  while ((p = strchr (p, '{')) != NULL)
    {
      const char *end = strchr (p, '}');
      g_autofree char *name = NULL;

      g_assert_nonnull (end);
      name = g_strndup (p + 1, end - p - 1);
      g_assert_true (g_strv_contains (clt_template_placeholders (), name));
      p = end + 1;
    }
}

static void
test_builtins (void)
{
  const char *names[] = {
    "thank-you-visit", "thank-you-stay", "order-arrived", "promise-kept", "apology", "miss-you",
  };
  const char *languages[] = { "fr", "en" };
  g_autoptr(GPtrArray) builtins = clt_template_builtins ();
  g_autoptr(GHashTable) values = full_values ();

  g_assert_cmpuint (builtins->len, ==, G_N_ELEMENTS (names) * G_N_ELEMENTS (languages));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint j = 0; j < G_N_ELEMENTS (languages); j++)
      {
        const CltTemplate *tmpl = clt_template_pick (builtins, names[i], languages[j]);
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) subject_problems = NULL;
        g_autoptr(GPtrArray) body_problems = NULL;
        g_autofree char *subject = NULL;
        g_autofree char *body = NULL;
        const char *greeting = g_str_equal (languages[j], "fr") ? "Bonjour Madame Dupré," : "Dear Madame Dupré,";

        g_assert_nonnull (tmpl);
        g_assert_cmpstr (tmpl->name, ==, names[i]);
        g_assert_cmpstr (tmpl->language, ==, languages[j]);
        g_assert_cmpint (tmpl->id, ==, 0);
        g_assert_true (tmpl->title != NULL && *tmpl->title != '\0');
        g_assert_cmpint (tmpl->marketing, ==, g_str_equal (names[i], "miss-you"));
        g_assert_true (g_utf8_validate (tmpl->subject, -1, NULL));
        g_assert_true (g_utf8_validate (tmpl->body, -1, NULL));

        subject_problems = clt_template_check (tmpl->subject);
        body_problems = clt_template_check (tmpl->body);
        g_assert_cmpuint (subject_problems->len, ==, 0);
        g_assert_cmpuint (body_problems->len, ==, 0);
        assert_only_known (tmpl->subject);
        assert_only_known (tmpl->body);
        g_assert_true (g_str_has_suffix (tmpl->body, "{signature}"));

        subject = clt_template_render (tmpl->subject, values, &error);
        g_assert_no_error (error);
        body = clt_template_render (tmpl->body, values, &error);
        g_assert_no_error (error);
        g_assert_null (strchr (body, '{'));
        g_assert_true (g_str_has_prefix (body, greeting));
        g_assert_true (g_str_has_suffix (body, "Marie Lefèvre\nHôtel des Tilleuls"));

        if (g_str_equal (names[i], "promise-kept") || g_str_equal (names[i], "order-arrived"))
          g_assert_nonnull (strstr (body, "la veste bleue en 40"));

        /* French typography: no ordinary space before a high sign. */
        if (g_str_equal (languages[j], "fr"))
          {
            g_assert_null (strstr (tmpl->body, " :"));
            g_assert_null (strstr (tmpl->body, " ;"));
            g_assert_null (strstr (tmpl->body, " !"));
            g_assert_null (strstr (tmpl->body, " ?"));
            g_assert_null (strstr (tmpl->body, "« "));
            g_assert_null (strstr (tmpl->body, " »"));
          }
      }
}

static GPtrArray *
templates_of (const char *first,
              ...)
{
  GPtrArray *templates = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_template_free);
  va_list args;

  va_start (args, first);
  for (const char *language = first; language != NULL; language = va_arg (args, const char *))
    g_ptr_array_add (templates, clt_template_new ("welcome", language, language, "S", "B", FALSE));
  va_end (args);

  return templates;
}

static void
test_pick (void)
{
  g_autoptr(GPtrArray) all = templates_of ("de", "fr", "en", NULL);
  g_autoptr(GPtrArray) no_en = templates_of ("de", "fr", NULL);
  g_autoptr(GPtrArray) only_de = templates_of ("de", NULL);
  g_autoptr(GPtrArray) builtins = clt_template_builtins ();

  g_assert_cmpstr (clt_template_pick (all, "welcome", "fr")->language, ==, "fr");
  g_assert_cmpstr (clt_template_pick (all, "welcome", "de")->language, ==, "de");
  g_assert_cmpstr (clt_template_pick (all, "welcome", "fr_CH")->language, ==, "fr");
  g_assert_cmpstr (clt_template_pick (all, "welcome", "it")->language, ==, "en");
  g_assert_cmpstr (clt_template_pick (all, "welcome", NULL)->language, ==, "en");
  g_assert_cmpstr (clt_template_pick (no_en, "welcome", "it")->language, ==, "fr");
  g_assert_cmpstr (clt_template_pick (only_de, "welcome", "it")->language, ==, "de");
  g_assert_null (clt_template_pick (all, "goodbye", "fr"));

  g_assert_cmpstr (clt_template_pick (builtins, "apology", "fr")->language, ==, "fr");
  g_assert_cmpstr (clt_template_pick (builtins, "apology", "es")->language, ==, "en");
  g_assert_null (clt_template_pick (builtins, "birthday", "en"));
}

static void
test_copy (void)
{
  g_autoptr(CltTemplate) tmpl = clt_template_new ("Merci", "fr", "Merci", "Sujet", "Corps", TRUE);
  g_autoptr(CltTemplate) copy = NULL;

  tmpl->id = 42;
  copy = clt_template_copy (tmpl);
  g_assert_cmpint (copy->id, ==, 42);
  g_assert_cmpstr (copy->name, ==, "Merci");
  g_assert_cmpstr (copy->language, ==, "fr");
  g_assert_cmpstr (copy->subject, ==, "Sujet");
  g_assert_cmpstr (copy->body, ==, "Corps");
  g_assert_true (copy->marketing);
}

/* An empty {business}, {signature} or {last_visit} is a problem like an
 * unknown placeholder: the message would read "at  for". */
static void
test_empty_values (void)
{
  g_autoptr(GHashTable) values = full_values ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *filled = NULL;
  g_autofree char *rendered = NULL;
  const char *text = "{business} · {signature} · {last_visit} · {frist_name} · {first_name}";
  const CltTemplateProblem *problem;

  g_hash_table_insert (values, "business", NULL);
  g_hash_table_insert (values, "signature", "  \n ");
  g_hash_table_remove (values, "last_visit");

  problems = clt_template_check_values (text, values);
  g_assert_cmpuint (problems->len, ==, 4);
  problem = g_ptr_array_index (problems, 0);
  g_assert_cmpstr (problem->name, ==, "business");
  g_assert_true (problem->empty);
  g_assert_cmpuint (problem->start, ==, 0);
  g_assert_cmpuint (problem->end, ==, strlen ("{business}"));
  g_assert_cmpstr (problem->message, ==, "The name of the business is not set yet.");
  problem = g_ptr_array_index (problems, 1);
  g_assert_cmpstr (problem->name, ==, "signature");
  g_assert_true (problem->empty);
  problem = g_ptr_array_index (problems, 2);
  g_assert_cmpstr (problem->name, ==, "last_visit");
  g_assert_true (problem->empty);
  problem = g_ptr_array_index (problems, 3);
  g_assert_cmpstr (problem->name, ==, "frist_name");
  g_assert_false (problem->empty);

  /* Shown for editing: the gaps stay visible as placeholders. */
  filled = clt_template_fill (text, values);
  g_assert_cmpstr (filled, ==, "{business} · {signature} · {last_visit} · {frist_name} · Hélène");
  g_clear_pointer (&filled, g_free);
  /* Filled again and again, a text keeps its braces. */
  filled = clt_template_fill ("{{x}} } { {first_name}", values);
  g_assert_cmpstr (filled, ==, "{{x}} } { Hélène");

  rendered = clt_template_render_complete ("Merci, {business}", values, &error);
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPLATE);
  g_assert_cmpstr (error->message, ==, "The name of the business is not set yet.");
  g_assert_null (rendered);
  g_clear_error (&error);

  /* Set, nothing is a problem and everything is filled. */
  g_hash_table_insert (values, "business", "Hôtel des Tilleuls");
  g_hash_table_insert (values, "signature", "Marie");
  g_hash_table_insert (values, "last_visit", "12 mars");
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = clt_template_check_values ("{business} {signature} {last_visit}", values);
  g_assert_cmpuint (problems->len, ==, 0);
  rendered = clt_template_render_complete ("{business} {signature} {last_visit}", values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rendered, ==, "Hôtel des Tilleuls Marie 12 mars");
}

/* Each built-in template, in French and in English, with no business name
 * (blocked, with the gap kept visible) and with one (a natural sentence:
 * no « chez Hôtel », no "at  for", no staff note in quotes). */
static void
test_builtins_business (void)
{
  g_autoptr(GPtrArray) builtins = clt_template_builtins ();
  g_autoptr(GHashTable) values = full_values ();
  g_autoptr(GHashTable) no_business = full_values ();
  struct {
    const char *name;
    const char *language;
    const char *sentence;   /* with the business set */
  } expected[] = {
    { "thank-you-visit", "fr", "Hôtel des Tilleuls vous remercie de votre visite\u00A0: ce fut un plaisir de vous accueillir." },
    { "thank-you-visit", "en", "Thank you for your visit to Hôtel des Tilleuls: it was a pleasure to welcome you." },
    { "thank-you-stay", "fr", "Toute l’équipe vous remercie pour votre séjour parmi nous." },
    { "thank-you-stay", "en", "Everyone at Hôtel des Tilleuls thanks you for staying with us." },
    { "order-arrived", "fr", "vient d’arriver\u00A0:\nla veste bleue en 40\n\nNous le gardons de côté pour vous\u00A0:" },
    { "order-arrived", "en", "has arrived:\nla veste bleue en 40\n\nWe are keeping it aside for you:" },
    { "promise-kept", "fr", "c’est chose faite\u00A0:\nla veste bleue en 40\n" },
    { "promise-kept", "en", "this is now done:\nla veste bleue en 40\n" },
    { "apology", "fr", "Ce n’est pas l’accueil que nous voulons vous réserver," },
    { "apology", "en", "It is not the welcome we want to give you," },
    { "miss-you", "fr", "Votre dernière visite remonte au 12 mars, et toute l’équipe pense bien à vous." },
    { "miss-you", "en", "Your last visit to Hôtel des Tilleuls was on 12 mars," },
  };

  g_hash_table_insert (no_business, "business", "");

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const CltTemplate *tmpl = clt_template_pick (builtins, expected[i].name, expected[i].language);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autofree char *body = NULL;
      g_autofree char *blocked = NULL;
      gboolean uses_business;

      g_assert_cmpstr (tmpl->language, ==, expected[i].language);
      body = clt_template_render_complete (tmpl->body, values, &error);
      g_assert_no_error (error);
      if (strstr (body, expected[i].sentence) == NULL)
        g_error ("%s (%s) lacks “%s”:\n%s", expected[i].name, expected[i].language,
                 expected[i].sentence, body);
      g_assert_null (strstr (body, "chez Hôtel"));
      g_assert_null (strstr (body, "«\u00A0la veste"));
      g_assert_null (strstr (body, "“la veste"));
      g_assert_null (strstr (body, "  "));

      uses_business = strstr (tmpl->body, "{business}") != NULL;
      problems = clt_template_check_values (tmpl->body, no_business);
      g_assert_cmpuint (problems->len, ==, uses_business ? 1 : 0);
      blocked = clt_template_render_complete (tmpl->body, no_business, &error);
      if (uses_business)
        {
          g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPLATE);
          g_assert_null (blocked);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_nonnull (blocked);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/template/placeholders", test_placeholders);
  g_test_add_func ("/template/render-all", test_render_all);
  g_test_add_func ("/template/render-accents-and-braces", test_render_accents_and_braces);
  g_test_add_func ("/template/render-missing", test_render_missing);
  g_test_add_func ("/template/unknown", test_unknown);
  g_test_add_func ("/template/unknown-lists-names", test_unknown_lists_names);
  g_test_add_func ("/template/unclosed", test_unclosed);
  g_test_add_func ("/template/stray-and-malformed", test_stray_and_malformed);
  g_test_add_func ("/template/builtins", test_builtins);
  g_test_add_func ("/template/pick", test_pick);
  g_test_add_func ("/template/copy", test_copy);
  g_test_add_func ("/template/empty-values", test_empty_values);
  g_test_add_func ("/template/builtins-business", test_builtins_business);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-template"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-mail.h"
#include "clt-template.h"
#include "clt-text.h"

/* French typography wants a non-breaking space before ; : ! ? and inside
 * « », so that a line never starts with the punctuation. */
#define NBSP "\u00A0"

static const char * const placeholders[] = {
  "first_name",
  "last_name",
  "full_name",
  "addressed_as",
  "last_visit",
  "promise",
  "business",
  "signature",
  "sender_name",
  NULL
};

/**
 * clt_template_placeholder_label:
 * @name: a placeholder's name, without braces ("first_name")
 *
 * The placeholder in words, as a clerk picks it from a list ("First name");
 * the stored text keeps "{first_name}". %NULL for an unknown name.
 */
const char *
clt_template_placeholder_label (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "first_name"))
    return C_("template field", "First name");
  if (g_str_equal (name, "last_name"))
    return C_("template field", "Last name");
  if (g_str_equal (name, "full_name"))
    return C_("template field", "Full name");
  if (g_str_equal (name, "addressed_as"))
    return C_("template field", "Form of address");
  if (g_str_equal (name, "last_visit"))
    return C_("template field", "Last visit");
  if (g_str_equal (name, "promise"))
    return C_("template field", "Promise");
  if (g_str_equal (name, "business"))
    return C_("template field", "Business name");
  if (g_str_equal (name, "signature"))
    return C_("template field", "Signature");
  if (g_str_equal (name, "sender_name"))
    return C_("template field", "Sender’s name");

  return NULL;
}

typedef struct
{
  const char *name;
  const char *language;
  const char *title;     /* N_(), translated when the template is made */
  const char *subject;
  const char *body;
  gboolean    marketing;
} Builtin;

/* Written in each language rather than translated: a follow-up reads as
 * written by a person only when it is idiomatic, and the customer's language
 * is not the user's. */
static const Builtin builtins[] = {
  {
    "thank-you-visit", "fr", N_("Thank you for your visit"),
    "Merci de votre visite",
    "Bonjour {addressed_as},\n"
    "\n"
    "{business} vous remercie de votre visite" NBSP ": ce fut un plaisir de "
    "vous accueillir.\n"
    "\n"
    "Si vous avez la moindre question, ou si quelque chose vous a manqué, "
    "répondez simplement à ce message" NBSP ": je vous lirai avec attention.\n"
    "\n"
    "Au plaisir de vous revoir très bientôt,\n"
    "{signature}",
    FALSE,
  },
  {
    "thank-you-visit", "en", N_("Thank you for your visit"),
    "Thank you for your visit",
    "Dear {addressed_as},\n"
    "\n"
    "Thank you for your visit to {business}: it was a pleasure to welcome "
    "you.\n"
    "\n"
    "If you have any question, or if there is anything we could have done "
    "better, simply reply to this message: I read every one.\n"
    "\n"
    "We look forward to seeing you again soon.\n"
    "\n"
    "Warm regards,\n"
    "{signature}",
    FALSE,
  },
  {
    "thank-you-stay", "fr", N_("Thank you for your stay"),
    "Merci pour votre séjour",
    "Bonjour {addressed_as},\n"
    "\n"
    "Toute l’équipe vous remercie pour votre séjour parmi nous. "
    "Nous espérons que votre retour s’est bien passé et que vous en garderez "
    "un bon souvenir.\n"
    "\n"
    "Si un détail pouvait rendre votre prochain séjour plus agréable encore, "
    "dites-le-nous" NBSP ": nous le noterons pour votre prochaine venue.\n"
    "\n"
    "Au plaisir de vous accueillir à nouveau,\n"
    "{signature}",
    FALSE,
  },
  {
    "thank-you-stay", "en", N_("Thank you for your stay"),
    "Thank you for staying with us",
    "Dear {addressed_as},\n"
    "\n"
    "Everyone at {business} thanks you for staying with us. We hope your "
    "journey home went well and that you enjoyed your time here.\n"
    "\n"
    "If there is anything that would make your next stay even better, just "
    "tell us: we will note it for your next visit.\n"
    "\n"
    "We hope to welcome you back soon.\n"
    "\n"
    "Warm regards,\n"
    "{signature}",
    FALSE,
  },
  {
    "order-arrived", "fr", N_("Your order has arrived"),
    "Votre commande est arrivée",
    "Bonjour {addressed_as},\n"
    "\n"
    "Bonne nouvelle, ce que vous aviez commandé vient d’arriver" NBSP ":\n"
    "{promise}\n"
    "\n"
    "Nous le gardons de côté pour vous" NBSP ": passez le chercher quand "
    "cela vous arrange. Pour toute question, répondez simplement à ce "
    "message.\n"
    "\n"
    "À très bientôt,\n"
    "{signature}",
    FALSE,
  },
  {
    "order-arrived", "en", N_("Your order has arrived"),
    "Your order has arrived",
    "Dear {addressed_as},\n"
    "\n"
    "Good news, what you ordered has arrived:\n"
    "{promise}\n"
    "\n"
    "We are keeping it aside for you: come by whenever it suits you. If you "
    "have any question, simply reply to this message.\n"
    "\n"
    "See you soon,\n"
    "{signature}",
    FALSE,
  },
  {
    "promise-kept", "fr", N_("Promise kept"),
    "Comme promis",
    "Bonjour {addressed_as},\n"
    "\n"
    "Comme promis, c’est chose faite" NBSP ":\n"
    "{promise}\n"
    "\n"
    "Merci pour votre patience. Si quelque chose ne vous convient pas, "
    "dites-le-moi et j’y remédierai.\n"
    "\n"
    "Bien cordialement,\n"
    "{signature}",
    FALSE,
  },
  {
    "promise-kept", "en", N_("Promise kept"),
    "As promised",
    "Dear {addressed_as},\n"
    "\n"
    "As promised, this is now done:\n"
    "{promise}\n"
    "\n"
    "Thank you for your patience. If anything is not quite right, just let "
    "me know and I will put it right.\n"
    "\n"
    "Kind regards,\n"
    "{signature}",
    FALSE,
  },
  {
    "apology", "fr", N_("Apology after a complaint"),
    "Toutes nos excuses",
    "Bonjour {addressed_as},\n"
    "\n"
    "Je tiens à vous présenter mes sincères excuses pour le désagrément que "
    "vous avez rencontré. Ce n’est pas l’accueil que nous voulons vous "
    "réserver, et je vous remercie de nous l’avoir signalé.\n"
    "\n"
    "Nous faisons le nécessaire pour que cela ne se reproduise pas. Si vous "
    "le souhaitez, répondez-moi directement" NBSP ": j’aimerais avoir "
    "l’occasion de me rattraper.\n"
    "\n"
    "Avec toutes nos excuses,\n"
    "{signature}",
    FALSE,
  },
  {
    "apology", "en", N_("Apology after a complaint"),
    "Our apologies",
    "Dear {addressed_as},\n"
    "\n"
    "I am truly sorry for the trouble you had with us. It is not the welcome "
    "we want to give you, and thank you for telling us.\n"
    "\n"
    "We are doing what is needed so that it does not happen again. If you "
    "would like to talk about it, simply reply to me directly: I would "
    "welcome the chance to make it up to you.\n"
    "\n"
    "With our apologies,\n"
    "{signature}",
    FALSE,
  },
  {
    "miss-you", "fr", N_("We haven’t seen you in a while"),
    "Vous nous manquez",
    "Bonjour {addressed_as},\n"
    "\n"
    "Votre dernière visite remonte au {last_visit}, et toute l’équipe pense "
    "bien à vous.\n"
    "\n"
    "Nous serions ravis de vous revoir" NBSP ": passez quand vous le "
    "souhaitez, ce sera un plaisir de vous accueillir.\n"
    "\n"
    "Si vous préférez ne plus recevoir ce genre de message, dites-le-nous "
    "simplement en répondant à celui-ci.\n"
    "\n"
    "Au plaisir de vous revoir,\n"
    "{signature}",
    TRUE,
  },
  {
    "miss-you", "en", N_("We haven’t seen you in a while"),
    "We miss you",
    "Dear {addressed_as},\n"
    "\n"
    "Your last visit to {business} was on {last_visit}, and we have been "
    "thinking of you.\n"
    "\n"
    "We would be delighted to see you again: drop in whenever you like, it "
    "will be a pleasure to welcome you.\n"
    "\n"
    "If you would rather not receive messages like this one, just reply and "
    "tell us.\n"
    "\n"
    "Hope to see you soon,\n"
    "{signature}",
    TRUE,
  },
};

static gboolean
is_placeholder (const char *name)
{
  return g_strv_contains (placeholders, name);
}

static gboolean
is_name_char (char c)
{
  return (c >= 'a' && c <= 'z') || c == '_';
}

/* Edit distance between two short ASCII names, to suggest {first_name}
 * for the common {frist_name}. */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  g_autofree guint *row = g_new (guint, lb + 1);

  for (gsize j = 0; j <= lb; j++)
    row[j] = j;

  for (gsize i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (gsize j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint best = MIN (row[j] + 1, row[j - 1] + 1);

          row[j] = MIN (best, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
          diagonal = above;
        }
    }

  return row[lb];
}

static char *
unknown_message (const char *name)
{
  g_autoptr(GString) known = g_string_new (NULL);
  const char *closest = NULL;
  guint closest_distance = G_MAXUINT;

  for (guint i = 0; placeholders[i] != NULL; i++)
    {
      guint distance = edit_distance (name, placeholders[i]);

      if (distance < closest_distance)
        {
          closest = placeholders[i];
          closest_distance = distance;
        }

      if (known->len > 0)
        g_string_append (known, ", ");
      g_string_append_printf (known, "{%s}", placeholders[i]);
    }

  if (closest_distance <= 2)
    /* Translators: {%s} is a template placeholder, shown as typed. */
    return g_strdup_printf (_("Unknown placeholder {%s}: did you mean {%s}?"),
                            name, closest);

  /* Translators: the second %s is the list of placeholders, such as
   * "{first_name}, {last_name}"; keep the braces. */
  return g_strdup_printf (_("Unknown placeholder {%s}: use one of %s."),
                          name, known->str);
}

static void
add_problem (GPtrArray  *problems,
             gsize       start,
             gsize       end,
             const char *name,
             char       *message)
{
  CltTemplateProblem *problem = g_new0 (CltTemplateProblem, 1);

  problem->start = start;
  problem->end = end;
  problem->name = g_strdup (name);
  problem->message = message;
  g_ptr_array_add (problems, problem);
}

/* What to do about a placeholder that would come out empty. */
typedef enum
{
  EMPTY_DROP,     /* render it as nothing */
  EMPTY_KEEP,     /* keep it as written, to be filled in later */
  EMPTY_PROBLEM,  /* report it (only when checking) */
} EmptyRule;

static gboolean
is_empty_value (GHashTable *values,
                const char *name)
{
  return clt_text_is_blank (values != NULL ? g_hash_table_lookup (values, name) : NULL);
}

/* What the person writing can do about an empty placeholder. */
static char *
empty_message (const char *name)
{
  if (g_str_equal (name, "business"))
    return g_strdup (_("The name of the business is not set yet."));
  if (g_str_equal (name, "signature"))
    return g_strdup (_("There is no signature yet: write one in Preferences, under E-mail."));
  if (g_str_equal (name, "sender_name"))
    return g_strdup (_("The sender’s name is not set yet: enter it in Preferences, under E-mail."));
  if (g_str_equal (name, "last_visit"))
    return g_strdup (_("No visit is recorded for this customer: rewrite the sentence about their last visit."));
  if (g_str_equal (name, "promise"))
    return g_strdup (_("No promise goes with this message: rewrite the sentence that quotes it."));

  /* Translators: {%s} is a placeholder about the customer, such as {first_name}. */
  return g_strdup_printf (_("{%s} is not recorded for this customer: rewrite the sentence around it, or add it to their details."),
                          name);
}

/* One pass over @text: appends the rendered text to @out when it is given,
 * and each problem to @problems when it is given. Rendering and checking
 * share it so that they can never disagree about what is a placeholder. */
static void
scan (const char *text,
      GHashTable *values,
      EmptyRule   empty_rule,
      GString    *out,
      GPtrArray  *problems)
{
  const char *p = text;

  while (*p != '\0')
    {
      gsize offset = p - text;

      /* Filling for editing keeps the text a template: braces stay as
       * written, to be read once more when the message goes. */
      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          if (out != NULL)
            g_string_append_len (out, p, empty_rule == EMPTY_KEEP ? 2 : 1);
          p += 2;
        }
      else if (p[0] == '}')
        {
          if (problems != NULL)
            add_problem (problems, offset, offset + 1, NULL,
                         g_strdup (_("A “}” has no matching “{”. Write “}}” for a brace on its own.")));
          if (out != NULL && empty_rule == EMPTY_KEEP)
            g_string_append_c (out, '}');
          p++;
        }
      else if (p[0] == '{')
        {
          /* A placeholder closes on the same line, before any other brace. */
          gsize length = strcspn (p + 1, "{}\n");
          g_autofree char *name = NULL;
          gboolean well_formed = TRUE;

          if (p[1 + length] != '}')
            {
              if (problems != NULL)
                add_problem (problems, offset, offset + 1, NULL,
                             g_strdup (_("A “{” is not closed. Close it with “}”, or write “{{” for a brace on its own.")));
              if (out != NULL && empty_rule == EMPTY_KEEP)
                g_string_append_c (out, '{');
              p++;
              continue;
            }

          name = g_strndup (p + 1, length);
          for (gsize i = 0; i < length; i++)
            well_formed = well_formed && is_name_char (name[i]);

          if (problems != NULL)
            {
              gsize end = offset + length + 2;

              if (length == 0)
                add_problem (problems, offset, end, name,
                             g_strdup (_("“{}” has no placeholder name. Write one such as {first_name}, or “{{}}” for braces on their own.")));
              else if (!well_formed)
                add_problem (problems, offset, end, name,
                             /* Translators: {%s} is what the user wrote between braces. */
                             g_strdup_printf (_("{%s} is not a placeholder: names are written in lower case with “_”, such as {first_name}. Write “{{” and “}}” for braces on their own."),
                                              name));
              else if (!is_placeholder (name))
                add_problem (problems, offset, end, name, unknown_message (name));
              else if (empty_rule == EMPTY_PROBLEM && is_empty_value (values, name))
                {
                  add_problem (problems, offset, end, name, empty_message (name));
                  ((CltTemplateProblem *) g_ptr_array_index (problems, problems->len - 1))->empty = TRUE;
                }
            }

          if (out != NULL)
            {
              if (empty_rule == EMPTY_KEEP && (!is_placeholder (name) || is_empty_value (values, name)))
                g_string_append_len (out, p, length + 2);
              else if (values != NULL && g_hash_table_lookup (values, name) != NULL)
                g_string_append (out, g_hash_table_lookup (values, name));
            }

          p += length + 2;
        }
      else
        {
          gsize length = strcspn (p, "{}");

          if (out != NULL)
            g_string_append_len (out, p, length);
          p += length;
        }
    }
}

CltTemplate *
clt_template_new (const char *name,
                  const char *language,
                  const char *title,
                  const char *subject,
                  const char *body,
                  gboolean    marketing)
{
  CltTemplate *tmpl = g_new0 (CltTemplate, 1);

  tmpl->name = clt_text_dup_valid (name);
  tmpl->language = clt_text_dup_valid (language);
  tmpl->title = clt_text_dup_valid (title);
  tmpl->subject = clt_text_dup_valid (subject);
  tmpl->body = clt_text_dup_valid (body);
  tmpl->marketing = marketing;

  return tmpl;
}

CltTemplate *
clt_template_copy (const CltTemplate *tmpl)
{
  CltTemplate *copy;

  g_return_val_if_fail (tmpl != NULL, NULL);

  copy = clt_template_new (tmpl->name, tmpl->language, tmpl->title,
                           tmpl->subject, tmpl->body, tmpl->marketing);
  copy->id = tmpl->id;

  return copy;
}

void
clt_template_free (CltTemplate *tmpl)
{
  if (tmpl == NULL)
    return;

  g_free (tmpl->name);
  g_free (tmpl->language);
  g_free (tmpl->title);
  g_free (tmpl->subject);
  g_free (tmpl->body);
  g_free (tmpl);
}

void
clt_template_problem_free (CltTemplateProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->name);
  g_free (problem->message);
  g_free (problem);
}

const char * const *
clt_template_placeholders (void)
{
  return placeholders;
}

GPtrArray *
clt_template_builtins (void)
{
  GPtrArray *templates = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_template_free);

  for (guint i = 0; i < G_N_ELEMENTS (builtins); i++)
    {
      const Builtin *b = &builtins[i];

      g_ptr_array_add (templates,
                       clt_template_new (b->name, b->language, _(b->title),
                                         b->subject, b->body, b->marketing));
    }

  return templates;
}

/* "fr" matches "fr", "fr_CH" and "fr-CA": a customer in Québec gets the
 * French template. */
static gboolean
language_matches (const char *template_language,
                  const char *language)
{
  gsize length;

  if (template_language == NULL || language == NULL)
    return FALSE;

  length = strlen (template_language);
  return g_ascii_strncasecmp (template_language, language, length) == 0 &&
         (language[length] == '\0' || language[length] == '_' || language[length] == '-');
}

static const CltTemplate *
find (GPtrArray  *templates,
      const char *name,
      const char *language)
{
  for (guint i = 0; i < templates->len; i++)
    {
      const CltTemplate *tmpl = g_ptr_array_index (templates, i);

      if (g_strcmp0 (tmpl->name, name) == 0 &&
          (language == NULL || language_matches (tmpl->language, language)))
        return tmpl;
    }

  return NULL;
}

const CltTemplate *
clt_template_pick (GPtrArray  *templates,
                   const char *name,
                   const char *language)
{
  const CltTemplate *tmpl = NULL;

  g_return_val_if_fail (templates != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (language != NULL && *language != '\0')
    tmpl = find (templates, name, language);
  if (tmpl == NULL)
    tmpl = find (templates, name, "en");
  if (tmpl == NULL)
    tmpl = find (templates, name, "fr");
  if (tmpl == NULL)
    tmpl = find (templates, name, NULL);

  return tmpl;
}

GPtrArray *
clt_template_check (const char *text)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_template_problem_free);

  g_return_val_if_fail (text != NULL, problems);

  scan (text, NULL, EMPTY_DROP, NULL, problems);

  return problems;
}

char *
clt_template_render (const char  *text,
                     GHashTable  *values,
                     GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  problems = clt_template_check (text);
  if (problems->len > 0)
    {
      const CltTemplateProblem *first = g_ptr_array_index (problems, 0);

      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPLATE,
                           first->message);
      return NULL;
    }

  out = g_string_sized_new (strlen (text));
  scan (text, values, EMPTY_DROP, out, NULL);

  return g_string_free (out, FALSE);
}

GPtrArray *
clt_template_check_values (const char *text,
                           GHashTable *values)
{
  GPtrArray *problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_template_problem_free);

  g_return_val_if_fail (text != NULL, problems);

  scan (text, values, EMPTY_PROBLEM, NULL, problems);

  return problems;
}

char *
clt_template_fill (const char *text,
                   GHashTable *values)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  scan (text, values, EMPTY_KEEP, out, NULL);

  return g_string_free (out, FALSE);
}

char *
clt_template_render_complete (const char  *text,
                              GHashTable  *values,
                              GError     **error)
{
  g_autoptr(GPtrArray) problems = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  problems = clt_template_check_values (text, values);
  for (guint i = 0; i < problems->len; i++)
    {
      const CltTemplateProblem *problem = g_ptr_array_index (problems, i);

      if (problem->empty)
        {
          g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPLATE, problem->message);
          return NULL;
        }
    }

  return clt_template_render (text, values, error);
}

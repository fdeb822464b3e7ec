/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-cli"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "clt-cli.h"

/* Once after schema 13, before the first search: the search index written
 * again with folded letters (clt-store-refold.c), said on stderr, the
 * window's own reindex notwithstanding (each batch reads where it is). */
static gboolean
refold_search (CltStore *store)
{
  g_autoptr(GError) error = NULL;

  if (!clt_store_get_refold_due (store))
    return TRUE;

  g_printerr ("%s\n", _("Updating the search index once, so that “oe” finds “œ”, “ss” finds “ß”…"));
  if (clt_store_refold_all (store, &error))
    return TRUE;

  clt_cli_error ("%s", error->message);
  return FALSE;
}

/* Reports the error of a change and undoes the whole of it. */
static int
fail_transaction (CltStore *store,
                  GError   *error)
{
  clt_store_rollback (store);
  clt_cli_error ("%s", error != NULL ? error->message : _("The customer could not be saved"));
  return 1;
}

static gboolean
add_contacts (CltStore        *store,
              gint64           customer_id,
              CltContactKind   kind,
              char           **values,
              GError         **error)
{
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (clt_store_add_contact (store, customer_id, kind, NULL, values[i], error) <= 0)
      return FALSE;

  return TRUE;
}

/* A birthday written with its year, in a year before 1900. */
static gboolean
birthday_before_1900 (const char *text)
{
  g_autofree char *stripped = clt_text_strip (text);

  for (guint i = 0; i < 4; i++)
    if (!g_ascii_isdigit (stripped[i]))
      return FALSE;

  return (stripped[4] == '-' || g_ascii_isdigit (stripped[4])) &&
         g_ascii_strtoll (stripped, NULL, 10) / (stripped[4] == '-' ? 1 : 10000) < 1900;
}

static gboolean
add_preferences (CltStore            *store,
                 gint64               customer_id,
                 CltPreferenceFlags   flags,
                 char               **texts,
                 GError             **error)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    if (clt_store_add_preference (store, customer_id, NULL, texts[i], flags, error) <= 0)
      return FALSE;

  return TRUE;
}

static gboolean
add_notes (CltStore  *store,
           gint64     customer_id,
           char     **texts,
           GError   **error)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    if (clt_store_add_note (store, customer_id, texts[i], NULL, FALSE, error) <= 0)
      return FALSE;

  return TRUE;
}

int
clt_cli_add (const char  *database,
             int          argc,
             char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_auto(GStrv) emails = NULL;
  g_auto(GStrv) phones = NULL;
  g_auto(GStrv) preferences = NULL;
  g_auto(GStrv) alerts = NULL;
  g_auto(GStrv) notes = NULL;
  g_auto(GStrv) addresses = NULL;
  g_autofree char *language = NULL;
  g_autofree char *company = NULL;
  g_autofree char *title = NULL;
  g_autofree char *birthday_text = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *name = NULL;
  g_autofree char *by = NULL;
  gboolean no_email = FALSE;
  gboolean marketing = FALSE;
  gint64 id;
  /* Texts are read as bytes, then made UTF-8 like the name, so that they
   * work in any locale. */
  GOptionEntry entries[] = {
    { "email", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &emails,
      N_("Add an e-mail address (may be repeated)"), N_("ADDRESS") },
    { "phone", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &phones,
      N_("Add a phone number (may be repeated)"), N_("NUMBER") },
    { "preference", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &preferences,
      N_("Add a preference (may be repeated)"), N_("TEXT") },
    { "alert", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &alerts,
      N_("Add an alert, to be seen before greeting them (may be repeated)"), N_("TEXT") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &notes,
      N_("Add a note (may be repeated)"), N_("TEXT") },
    { "address", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &addresses,
      N_("Add a postal address (may be repeated)"), N_("ADDRESS") },
    { "company", 0, 0, G_OPTION_ARG_FILENAME, &company,
      N_("The company they work for"), N_("NAME") },
    { "title", 0, 0, G_OPTION_ARG_FILENAME, &title,
      N_("Their job title"), N_("TITLE") },
    /* TRANSLATORS: keep YYYY-MM-DD and --MM-DD as they are: they are what to type. */
    { "birthday", 0, 0, G_OPTION_ARG_FILENAME, &birthday_text,
      N_("Their birthday, YYYY-MM-DD, or --MM-DD without the year"), N_("DATE") },
    { "language", 0, 0, G_OPTION_ARG_FILENAME, &language,
      N_("The language to write to them in, such as fr or en"), N_("CODE") },
    { "no-email", 0, 0, G_OPTION_ARG_NONE, &no_email,
      N_("They do not want e-mail, not even personal follow-ups"), NULL },
    { "marketing", 0, 0, G_OPTION_ARG_NONE, &marketing,
      N_("They agreed to receive offers and news by e-mail"), NULL },
    { "by", 0, 0, G_OPTION_ARG_FILENAME, &by,
      N_("Who records their e-mail consent, with --no-email or --marketing"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("add", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (arguments[1] == NULL)
    {
      clt_cli_error (_("The customer’s name is missing"));
      return 1;
    }

  name = clt_cli_join_arguments (arguments + 1);
  if (name == NULL ||
      !clt_cli_texts_to_utf8 (emails) ||
      !clt_cli_texts_to_utf8 (phones) ||
      !clt_cli_texts_to_utf8 (preferences) ||
      !clt_cli_texts_to_utf8 (alerts) ||
      !clt_cli_texts_to_utf8 (notes) ||
      !clt_cli_texts_to_utf8 (addresses) ||
      (language != NULL && !clt_cli_text_to_utf8 (&language)) ||
      (company != NULL && !clt_cli_text_to_utf8 (&company)) ||
      (title != NULL && !clt_cli_text_to_utf8 (&title)) ||
      (by != NULL && !clt_cli_text_to_utf8 (&by)) ||
      (birthday_text != NULL && !clt_cli_text_to_utf8 (&birthday_text)))
    return 1;

  if (birthday_text != NULL)
    {
      gboolean malformed;

      birthday = clt_text_parse_birthday (birthday_text, &malformed);
      if (birthday == NULL && malformed)
        {
          /* TRANSLATORS: keep --birthday, YYYY-MM-DD and --MM-DD as they are: they are what to type. */
          clt_cli_error (_("--birthday “%s” is not a date: write it as YYYY-MM-DD, or --MM-DD "
                           "without the year, for example 1985-03-14 or --03-14"), birthday_text);
          return 1;
        }
      if (birthday == NULL && birthday_before_1900 (birthday_text))
        {
          /* TRANSLATORS: keep --birthday as it is: it is the option's name. */
          clt_cli_error (_("--birthday “%s” is too long ago: the book keeps birthdays from "
                           "1 January 1900 to today"), birthday_text);
          return 1;
        }
      if (birthday == NULL)
        {
          /* TRANSLATORS: keep --birthday as it is: it is the option's name. */
          clt_cli_error (_("--birthday “%s” is not a birthday: that day does not exist, "
                           "or is still to come"), birthday_text);
          return 1;
        }
    }

  store = clt_cli_open_store (database, FALSE);
  if (store == NULL)
    return 1;

  if (no_email && marketing)
    {
      clt_cli_error (_("--no-email and --marketing cannot go together"));
      return 1;
    }

  customer = clt_customer_new (name);
  if (language != NULL)
    clt_customer_set_language (customer, language);
  if (!clt_text_is_blank (company))
    {
      g_autofree char *clean = clt_text_strip (company);

      clt_customer_set_company (customer, clean);
    }
  if (!clt_text_is_blank (title))
    {
      g_autofree char *clean = clt_text_strip (title);

      clt_customer_set_job_title (customer, clean);
    }
  clt_customer_set_birthday (customer, birthday);

  if (!clt_store_begin (store, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  /* Like the window's new-customer dialog: the default is not a recorded
   * consent, what the person said otherwise is. */
  id = clt_store_add_customer (store, customer, &error);
  if (id <= 0 ||
      ((no_email || marketing) &&
       !clt_store_set_email_consent (store, id, no_email ? CLT_CONSENT_NONE : CLT_CONSENT_MARKETING,
                                     by, &error)) ||
      !add_contacts (store, id, CLT_CONTACT_EMAIL, emails, &error) ||
      !add_contacts (store, id, CLT_CONTACT_PHONE, phones, &error) ||
      !add_contacts (store, id, CLT_CONTACT_ADDRESS, addresses, &error) ||
      !add_preferences (store, id, CLT_PREFERENCE_ALERT, alerts, &error) ||
      !add_preferences (store, id, CLT_PREFERENCE_NONE, preferences, &error) ||
      !add_notes (store, id, notes, &error))
    return fail_transaction (store, error);

  /* A commit that fails has already rolled back. */
  if (!clt_store_commit (store, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  printf ("%" G_GINT64_FORMAT "\n", id);
  return 0;
}

int
clt_cli_search (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltSearchModel) model = NULL;
  g_autoptr(GString) output = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *query = NULL;
  int limit = 0;
  guint n_items;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit,
      N_("Print at most N customers"), N_("N") },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("search", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (arguments[1] == NULL)
    {
      clt_cli_error (_("What to search for is missing"));
      return 1;
    }
  if (limit < 0)
    {
      clt_cli_error (_("The limit must be zero or more"));
      return 1;
    }

  query = clt_cli_join_arguments (arguments + 1);
  if (query == NULL)
    return 1;

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if (!refold_search (store))
    return 1;

  model = clt_search_model_new (store);
  clt_search_model_set_query (model, query);

  n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  while (!clt_search_model_get_complete (model) &&
         (limit == 0 || n_items < (guint) limit))
    {
      g_autoptr(GError) error = NULL;
      guint before = n_items;

      if (!clt_search_model_load_more (model, &error) && error != NULL)
        {
          clt_cli_error ("%s", error->message);
          return 1;
        }

      n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
      if (n_items == before && !clt_search_model_get_complete (model))
        break;
    }

  if (limit > 0)
    n_items = MIN (n_items, (guint) limit);

  output = g_string_new (NULL);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(CltCustomer) customer = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autofree char *line = clt_customer_dup_remember_line (customer);
      g_autofree char *name = clt_text_strip (clt_customer_get_display_name (customer));
      g_autofree char *summary = clt_text_strip (line);

      const char *reason = clt_customer_get_desk_reason (customer);

      /* "Close matches", on a line of its own before the names a typo
       * away: not a customer, so without a number. */
      if (clt_customer_get_heading (customer) != NULL)
        g_string_append_printf (output, "%s\n", clt_customer_get_heading (customer));
      /* Today's customers come first, saying why in a fourth column. */
      g_string_append_printf (output, "%" G_GINT64_FORMAT "\t%s\t%s%s%s\n",
                              clt_customer_get_id (customer), name, summary,
                              reason != NULL ? "\t" : "", reason != NULL ? reason : "");
    }

  fputs (output->str, stdout);
  return 0;
}

/* "14 March 1985", or "14 March" for a birthday kept without its year. */
static char *
format_birthday (const char *birthday)
{
  g_autoptr(GDateTime) date = NULL;
  gboolean has_year = g_ascii_isdigit (birthday[0]);
  int year = has_year ? atoi (birthday) : 2000;
  const char *month_day = birthday + strlen (birthday) - 5;

  date = g_date_time_new_utc (year, atoi (month_day), atoi (month_day + 3), 0, 0, 0);
  if (date == NULL)
    return g_strdup (birthday);

  if (has_year)
    /* Translators: a birthday as in "14 March 1985"; see g_date_time_format() */
    return g_date_time_format (date, _("%-d %B %Y"));
  /* Translators: a birthday without its year, as in "14 March"; see g_date_time_format() */
  return g_date_time_format (date, _("%-d %B"));
}

/* What the card leaves out: where they work, their birthday, how to reach
 * them. */
static char *
dup_details (CltStore  *store,
             gint64     id,
             GError   **error)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  GString *out;

  customer = clt_store_get_customer (store, id, error);
  if (customer == NULL)
    return NULL;
  contacts = clt_store_list_contacts (store, id, error);
  if (contacts == NULL)
    return NULL;

  out = g_string_new (NULL);
  if (clt_customer_get_company (customer) != NULL &&
      g_strcmp0 (clt_customer_get_company (customer), clt_customer_get_display_name (customer)) != 0)
    g_string_append_printf (out, _("Company: %s\n"), clt_customer_get_company (customer));
  if (clt_customer_get_job_title (customer) != NULL)
    g_string_append_printf (out, _("Job title: %s\n"), clt_customer_get_job_title (customer));
  if (clt_customer_get_birthday (customer) != NULL)
    {
      g_autofree char *birthday = format_birthday (clt_customer_get_birthday (customer));

      g_string_append_printf (out, _("Birthday: %s\n"), birthday);
    }

  for (guint i = 0; i < contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (contacts, i);
      g_auto(GStrv) lines = g_strsplit (contact->value, "\n", -1);
      g_autofree char *value = NULL;
      const char *kind;

      switch (contact->kind)
        {
        case CLT_CONTACT_EMAIL:
          kind = _("E-mail");
          break;
        case CLT_CONTACT_PHONE:
          kind = _("Phone");
          break;
        case CLT_CONTACT_ADDRESS:
        default:
          kind = _("Address");
          break;
        }

      /* An address on one line. */
      for (guint j = 0; lines[j] != NULL; j++)
        g_strstrip (lines[j]);
      value = g_strjoinv (", ", lines);
      if (contact->label != NULL)
        /* Translators: a contact detail in "show": its kind, its label
         * (home, work…) then its value, as in "Phone (mobile): 06 12 34 56 78" */
        g_string_append_printf (out, _("%s (%s): %s\n"), kind, contact->label, value);
      else
        /* Translators: a contact detail in "show": its kind then its value */
        g_string_append_printf (out, _("%s: %s\n"), kind, value);
    }

  return g_string_free (out, FALSE);
}

int
clt_cli_show (const char  *database,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltRemember) remember = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *text = NULL;
  g_autofree char *details = NULL;
  gint64 id;

  context = clt_cli_option_context_new ("show", NULL);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (arguments[1] == NULL || arguments[2] != NULL)
    {
      clt_cli_error (_("Give one customer number, as printed by “add” or “search”"));
      return 1;
    }
  if (!clt_cli_parse_id (arguments[1], &id))
    {
      clt_cli_error (_("“%s” is not a customer number"), arguments[1]);
      return 1;
    }

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  remember = clt_store_get_remember (store, id, g_get_real_time () / G_USEC_PER_SEC, &error);
  if (remember == NULL)
    {
      if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND))
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

          clt_cli_error (_("There is no customer number %s"), number);
        }
      else
        clt_cli_error ("%s", error->message);
      return 1;
    }

  details = dup_details (store, id, &error);
  if (details == NULL)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  /* The card's text begins with the customer's name. */
  text = clt_remember_to_text (remember);
  fputs (text, stdout);
  if (text[0] != '\0' && !g_str_has_suffix (text, "\n"))
    fputc ('\n', stdout);
  fputs (details, stdout);

  return 0;
}

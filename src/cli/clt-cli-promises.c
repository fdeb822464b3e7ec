/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "clt-cli.h"

/* The kinds of contact a person logs by hand, as in the "Log a contact"
 * dialog; e-mails are logged when they are sent or received. */
static const CltInteractionKind loggable_kinds[] = {
  CLT_INTERACTION_VISIT,
  CLT_INTERACTION_STAY,
  CLT_INTERACTION_CALL,
  CLT_INTERACTION_PURCHASE,
  CLT_INTERACTION_COMPLAINT,
  CLT_INTERACTION_OTHER,
};

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gboolean
all_digits (const char *text,
            gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* Splits "YYYY-MM-DD", "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM", exactly
 * (no sign, no missing digit, nothing after), without checking that the
 * day exists. */
static gboolean
split_when (const char *text,
            int        *year,
            int        *month,
            int        *day,
            int        *hour,
            int        *minute,
            gboolean   *day_only)
{
  gsize length = text != NULL ? strlen (text) : 0;

  if (length != 10 && length != 16)
    return FALSE;

  if (!all_digits (text, 4) || text[4] != '-' ||
      !all_digits (text + 5, 2) || text[7] != '-' ||
      !all_digits (text + 8, 2))
    return FALSE;

  *year = (int) g_ascii_strtoll (text, NULL, 10);
  *month = (int) g_ascii_strtoll (text + 5, NULL, 10);
  *day = (int) g_ascii_strtoll (text + 8, NULL, 10);
  *hour = 0;
  *minute = 0;
  *day_only = length == 10;

  if (*day_only)
    return TRUE;

  if ((text[10] != 'T' && text[10] != ' ') ||
      !all_digits (text + 11, 2) || text[13] != ':' || !all_digits (text + 14, 2))
    return FALSE;

  *hour = (int) g_ascii_strtoll (text + 11, NULL, 10);
  *minute = (int) g_ascii_strtoll (text + 14, NULL, 10);
  return TRUE;
}

/* Prints why @text is not a date (and time) that exists in the local zone,
 * or returns TRUE. @option names the option it was given to. */
static gboolean
check_when (const char *option,
            const char *text,
            gboolean    time_required)
{
  int year, month, day, hour, minute;
  gboolean day_only;

  if (!split_when (text, &year, &month, &day, &hour, &minute, &day_only) ||
      (time_required && day_only))
    {
      if (time_required)
        /* TRANSLATORS: %s is an option, such as --remind, then what was given to it.
         * Keep YYYY-MM-DDTHH:MM as it is: it is what to type. */
        clt_cli_error (_("%s “%s” is not a date and time: write it as YYYY-MM-DDTHH:MM, "
                         "for example 2026-05-14T09:00"), option, text);
      else
        /* TRANSLATORS: %s is an option, such as --due, then what was given to it.
         * Keep YYYY-MM-DD and YYYY-MM-DDTHH:MM as they are: they are what to type. */
        clt_cli_error (_("%s “%s” is not a date: write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM, "
                         "for example 2026-05-14 or 2026-05-14T15:30"), option, text);
      return FALSE;
    }

  if (!g_date_valid_dmy (day, month, year) || hour > 23 || minute > 59)
    {
      /* TRANSLATORS: %s is an option, such as --due, then what was given to it. */
      clt_cli_error (_("%s “%s” is not a day or time that exists"), option, text);
      return FALSE;
    }

  if (year < CLT_SCHEDULE_FIRST_YEAR || year > CLT_SCHEDULE_LAST_YEAR)
    {
      /* TRANSLATORS: %s is an option, such as --due, then what was given to it;
       * the last %s says which dates the book keeps. */
      clt_cli_error (_("%s “%s” cannot be kept. %s"), option, text, clt_schedule_range_message ());
      return FALSE;
    }

  return TRUE;
}

/* A due date: a day (due at its end, local time) or a day and time. */
static gboolean
parse_due (GTimeZone  *tz,
           const char *option,
           const char *text,
           gint64     *due,
           gboolean   *all_day)
{
  if (!check_when (option, text, FALSE))
    return FALSE;

  if (!clt_schedule_parse (tz, text, due, all_day))
    {
      clt_cli_error (_("%s “%s” is not a day or time that exists"), option, text);
      return FALSE;
    }

  return TRUE;
}

/* A moment: a day and time, or a day alone, taken as its noon as in the
 * "Log a contact" dialog. */
static gboolean
parse_moment (GTimeZone  *tz,
              const char *option,
              const char *text,
              gboolean    time_required,
              gint64     *moment,
              gboolean   *day_only)
{
  int year, month, day, hour, minute;

  if (!check_when (option, text, time_required))
    return FALSE;

  split_when (text, &year, &month, &day, &hour, &minute, day_only);
  if (*day_only)
    hour = 12;

  *moment = clt_schedule_local_time (tz, year, month, day, hour, minute);
  if (*moment == 0)
    {
      clt_cli_error (_("%s “%s” is not a day or time that exists"), option, text);
      return FALSE;
    }

  return TRUE;
}

/* What a number on the command line stands for. */
typedef enum
{
  NUMBER_OF_CUSTOMER,
  NUMBER_OF_PROMISE,
} NumberOf;

/* Prints the error of a change, naming the missing customer or promise
 * rather than the store's "no longer exists". */
static void
report_store_error (const GError *error,
                    NumberOf      number_of,
                    gint64        id)
{
  if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND))
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, id);

      if (number_of == NUMBER_OF_PROMISE)
        clt_cli_error (_("There is no promise number %s"), number);
      else
        clt_cli_error (_("There is no customer number %s"), number);
    }
  else
    clt_cli_error ("%s", error != NULL ? error->message : _("The change could not be saved"));
}

/* Reads the number a verb takes after its name. */
static gboolean
parse_number (char     **arguments,
              NumberOf   number_of,
              gint64    *id)
{
  if (arguments[1] == NULL)
    {
      if (number_of == NUMBER_OF_PROMISE)
        clt_cli_error (_("The promise’s number is missing, as printed by “promise” or “promises”"));
      else
        clt_cli_error (_("The customer’s number is missing, as printed by “add” or “search”"));
      return FALSE;
    }

  if (!clt_cli_parse_id (arguments[1], id))
    {
      if (number_of == NUMBER_OF_PROMISE)
        clt_cli_error (_("“%s” is not a promise number"), arguments[1]);
      else
        clt_cli_error (_("“%s” is not a customer number"), arguments[1]);
      return FALSE;
    }

  return TRUE;
}

int
clt_cli_promise (const char  *database,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *remind_text = NULL;
  g_autofree char *by = NULL;
  g_autofree char *text = NULL;
  gint64 customer_id, id, due = 0, remind = 0;
  gboolean all_day = FALSE, remind_day_only = FALSE;
  GOptionEntry entries[] = {
    { "due", 0, 0, G_OPTION_ARG_STRING, &due_text,
      /* TRANSLATORS: keep YYYY-MM-DD and YYYY-MM-DDTHH:MM as they are: they are what to type. */
      N_("When it is due: a day, YYYY-MM-DD, or a day and time, YYYY-MM-DDTHH:MM"), N_("WHEN") },
    { "remind", 0, 0, G_OPTION_ARG_STRING, &remind_text,
      /* TRANSLATORS: keep YYYY-MM-DDTHH:MM as it is: it is what to type. */
      N_("When to remind, YYYY-MM-DDTHH:MM (default: the morning of the due day)"), N_("WHEN") },
    { "by", 0, 0, G_OPTION_ARG_FILENAME, &by,
      N_("Who promised it"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("promise", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (!parse_number (arguments, NUMBER_OF_CUSTOMER, &customer_id))
    return 1;
  if (arguments[2] == NULL)
    {
      clt_cli_error (_("What was promised is missing"));
      return 1;
    }
  if (due_text == NULL)
    {
      clt_cli_error (_("When the promise is due is missing: add --due YYYY-MM-DD"));
      return 1;
    }

  text = clt_cli_join_arguments (arguments + 2);
  if (text == NULL ||
      (by != NULL && !clt_cli_text_to_utf8 (&by)) ||
      !parse_due (tz, "--due", due_text, &due, &all_day) ||
      (remind_text != NULL &&
       !parse_moment (tz, "--remind", remind_text, TRUE, &remind, &remind_day_only)))
    return 1;

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if (!clt_store_begin (store, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  id = clt_store_add_promise (store, customer_id, text, by, due, all_day, &error);
  if (id <= 0 ||
      (remind_text != NULL && !clt_store_set_promise_remind (store, id, remind, &error)))
    {
      clt_store_rollback (store);
      report_store_error (error, NUMBER_OF_CUSTOMER, customer_id);
      return 1;
    }

  /* A commit that fails has already rolled back. */
  if (!clt_store_commit (store, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  printf ("%" G_GINT64_FORMAT "\n", id);
  return 0;
}

/* The due date in local time: the day alone for a promise for a day. */
static char *
format_due (const CltPromise *promise)
{
  g_autoptr(GDateTime) due = g_date_time_new_from_unix_local (promise->due_at);

  if (due == NULL)
    return g_strdup ("?");

  return g_date_time_format (due, promise->due_all_day ? "%Y-%m-%d" : "%Y-%m-%d %H:%M");
}

int
clt_cli_promises (const char  *database,
                  int          argc,
                  char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GPtrArray) promises = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) output = NULL;
  g_auto(GStrv) arguments = NULL;
  gboolean overdue = FALSE, today = FALSE, open = FALSE, all = FALSE;
  CltPromiseFilter filter = CLT_PROMISES_OPEN;
  GOptionEntry entries[] = {
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue,
      N_("Only open promises past their due time, oldest first"), NULL },
    { "today", 0, 0, G_OPTION_ARG_NONE, &today,
      N_("Only open promises due later today"), NULL },
    { "open", 0, 0, G_OPTION_ARG_NONE, &open,
      N_("Every open promise, soonest first (the default)"), NULL },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all,
      N_("Every promise, kept, broken and cancelled too, latest due first"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("promises", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (arguments[1] != NULL)
    {
      clt_cli_error (_("Unexpected argument “%s”"), arguments[1]);
      return 1;
    }
  if (overdue + today + open + all > 1)
    {
      clt_cli_error (_("Choose one of --overdue, --today, --open and --all"));
      return 1;
    }

  if (overdue)
    filter = CLT_PROMISES_OVERDUE;
  else if (today)
    filter = CLT_PROMISES_TODAY;
  else if (all)
    filter = CLT_PROMISES_ALL;

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  promises = clt_store_list_promises (store, filter, now_unix (), &error);
  if (promises == NULL)
    {
      clt_cli_error ("%s", error != NULL ? error->message : _("The promises could not be read"));
      return 1;
    }

  /* One promise a line; tabs and line breaks in the texts become spaces. */
  output = g_string_new (NULL);
  for (guint i = 0; i < promises->len; i++)
    {
      const CltPromise *promise = g_ptr_array_index (promises, i);
      g_autofree char *due = format_due (promise);
      g_autofree char *customer = clt_text_strip (promise->customer_name);
      g_autofree char *text = clt_text_strip (promise->text);

      /* The status is not translated: scripts test for it. */
      g_string_append_printf (output, "%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n",
                              promise->id, due, clt_promise_status_to_string (promise->status),
                              customer, text);
    }

  fputs (output->str, stdout);
  return 0;
}

/* keep, break, cancel and reopen: the verb's name says which. */
int
clt_cli_close_promise (const char  *database,
                       int          argc,
                       char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  CltPromiseStatus status;
  gboolean ok;
  gint64 id;

  if (g_strcmp0 (argv[0], "reopen") == 0)
    status = CLT_PROMISE_OPEN;
  else if (g_strcmp0 (argv[0], "keep") == 0)
    status = CLT_PROMISE_KEPT;
  else if (g_strcmp0 (argv[0], "break") == 0)
    status = CLT_PROMISE_BROKEN;
  else
    status = CLT_PROMISE_CANCELLED;

  context = clt_cli_option_context_new (argv[0], NULL);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (!parse_number (arguments, NUMBER_OF_PROMISE, &id))
    return 1;
  if (arguments[2] != NULL)
    {
      clt_cli_error (_("Unexpected argument “%s”"), arguments[2]);
      return 1;
    }

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if (status == CLT_PROMISE_OPEN)
    ok = clt_store_reopen_promise (store, id, &error);
  else
    ok = clt_store_set_promise_status (store, id, status, &error);
  if (!ok)
    {
      report_store_error (error, NUMBER_OF_PROMISE, id);
      return 1;
    }

  return 0;
}

int
clt_cli_postpone (const char  *database,
                  int          argc,
                  char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *due_text = NULL;
  g_autofree char *reason = NULL;
  gint64 id, due = 0;
  gboolean all_day = FALSE;
  GOptionEntry entries[] = {
    { "due", 0, 0, G_OPTION_ARG_STRING, &due_text,
      /* TRANSLATORS: keep YYYY-MM-DD and YYYY-MM-DDTHH:MM as they are: they are what to type. */
      N_("The new due date: a day, YYYY-MM-DD, or a day and time, YYYY-MM-DDTHH:MM"), N_("WHEN") },
    { "reason", 0, 0, G_OPTION_ARG_FILENAME, &reason,
      N_("Why it is postponed"), N_("TEXT") },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("postpone", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (!parse_number (arguments, NUMBER_OF_PROMISE, &id))
    return 1;
  if (arguments[2] != NULL)
    {
      clt_cli_error (_("Unexpected argument “%s”"), arguments[2]);
      return 1;
    }
  if (due_text == NULL)
    {
      clt_cli_error (_("The new due date is missing: add --due YYYY-MM-DD"));
      return 1;
    }

  if ((reason != NULL && !clt_cli_text_to_utf8 (&reason)) ||
      !parse_due (tz, "--due", due_text, &due, &all_day))
    return 1;

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if (!clt_store_postpone_promise (store, id, due, all_day, reason, &error))
    {
      report_store_error (error, NUMBER_OF_PROMISE, id);
      return 1;
    }

  return 0;
}

static gboolean
parse_loggable_kind (const char         *text,
                     CltInteractionKind *kind)
{
  g_autoptr(GString) names = g_string_new (NULL);

  if (clt_interaction_kind_from_string (text, kind))
    for (guint i = 0; i < G_N_ELEMENTS (loggable_kinds); i++)
      if (loggable_kinds[i] == *kind)
        return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (loggable_kinds); i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append (names, clt_interaction_kind_to_string (loggable_kinds[i]));
    }

  if (text == NULL)
    /* TRANSLATORS: %s is the list of kinds, such as "visit, stay, call"; they are not translated. */
    clt_cli_error (_("The kind of contact is missing: add --kind with one of %s"), names->str);
  else
    /* TRANSLATORS: the first %s is what was typed, the second the list of kinds
     * such as "visit, stay, call"; they are not translated. */
    clt_cli_error (_("“%s” is not a kind of contact; use one of %s"), text, names->str);

  return FALSE;
}

/* Whether a contact at @at is still to come: for a day alone, a later day
 * than today (today's is being logged); otherwise a later time than now. */
static gboolean
is_planned (GTimeZone *tz,
            gint64     at,
            gboolean   day_only)
{
  gint64 now = now_unix ();
  gint64 today_start, tomorrow_start;

  if (!day_only)
    return at > now;

  clt_schedule_day_bounds (tz, now, 1, &today_start, &tomorrow_start);
  return at >= tomorrow_start;
}

int
clt_cli_log (const char  *database,
             int          argc,
             char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *note = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *by = NULL;
  CltInteractionKind kind = CLT_INTERACTION_OTHER;
  gboolean day_only = FALSE, planned = FALSE;
  gint64 customer_id, id, at;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      /* TRANSLATORS: keep visit, stay, call… as they are: they are what to type. */
      N_("The kind of contact: visit, stay, call, purchase, complaint or other"), N_("KIND") },
    { "note", 0, 0, G_OPTION_ARG_FILENAME, &note,
      N_("What happened"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text,
      /* TRANSLATORS: keep YYYY-MM-DDTHH:MM as it is: it is what to type. */
      N_("When, YYYY-MM-DDTHH:MM (default: now); a time to come records an expected contact"),
      N_("WHEN") },
    { "by", 0, 0, G_OPTION_ARG_FILENAME, &by,
      N_("Who dealt with them"), N_("NAME") },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("log", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (!parse_number (arguments, NUMBER_OF_CUSTOMER, &customer_id))
    return 1;
  if (arguments[2] != NULL)
    {
      clt_cli_error (_("Unexpected argument “%s”; put the note in --note"), arguments[2]);
      return 1;
    }

  if (!parse_loggable_kind (kind_text, &kind) ||
      (note != NULL && !clt_cli_text_to_utf8 (&note)) ||
      (by != NULL && !clt_cli_text_to_utf8 (&by)))
    return 1;

  if (at_text != NULL)
    {
      if (!parse_moment (tz, "--at", at_text, FALSE, &at, &day_only))
        return 1;
      planned = is_planned (tz, at, day_only);
    }
  else
    at = now_unix ();

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  id = clt_store_add_interaction (store, customer_id, kind, at, planned, note, by, &error);
  if (id <= 0)
    {
      report_store_error (error, NUMBER_OF_CUSTOMER, customer_id);
      return 1;
    }

  printf ("%" G_GINT64_FORMAT "\n", id);
  return 0;
}

int
clt_cli_today (const char  *database,
               int          argc,
               char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltToday) today = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *text = NULL;

  context = clt_cli_option_context_new ("today", NULL);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL || !clt_cli_expect_no_arguments (arguments))
    return 1;

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  today = clt_store_get_today (store, g_get_real_time () / G_USEC_PER_SEC, &error);
  if (today == NULL)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  text = clt_today_to_text (today);
  fputs (text, stdout);

  return 0;
}

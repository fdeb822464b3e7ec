/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "clt-cli.h"
#include "clt-locale.h"

typedef struct
{
  const char *name;
  const char *parameters;
  const char *summary;
  CltCliVerb  run;
} CltCliVerbInfo;

static const CltCliVerbInfo verbs[] = {
  { "add", N_("NAME"), N_("Add a customer and print their number"), clt_cli_add },
  { "search", N_("TEXT"), N_("Find customers, best match first"), clt_cli_search },
  { "show", N_("NUMBER"), N_("Show what to remember about a customer"), clt_cli_show },
  { "promise", N_("NUMBER TEXT"), N_("Record a promise to a customer and print its number"), clt_cli_promise },
  { "promises", "", N_("List open promises, or overdue, today’s or all of them"), clt_cli_promises },
  { "keep", N_("PROMISE"), N_("Mark a promise as kept"), clt_cli_close_promise },
  { "break", N_("PROMISE"), N_("Mark a promise as broken"), clt_cli_close_promise },
  { "cancel", N_("PROMISE"), N_("Cancel a promise"), clt_cli_close_promise },
  { "reopen", N_("PROMISE"), N_("Open a kept, broken or cancelled promise again"), clt_cli_close_promise },
  { "postpone", N_("PROMISE"), N_("Give a promise a new due date"), clt_cli_postpone },
  { "log", N_("NUMBER"), N_("Log a contact with a customer and print its number"), clt_cli_log },
  { "today", "", N_("Print the morning briefing: promises, expected visits, birthdays"), clt_cli_today },
  { "account", N_("smtp OPTIONS | test"), N_("Set up the mail account messages are sent from, or test it"), clt_cli_account },
  { "templates", "", N_("List the follow-up templates"), clt_cli_templates },
  { "mail", N_("NUMBER…"), N_("Queue a personal e-mail to each customer and print the Message-IDs"), clt_cli_mail },
  { "outbox", "", N_("List outgoing messages, or send the waiting ones with --send"), clt_cli_outbox },
  { "check", "", N_("Check the database for damage"), clt_cli_check },
  { "import", N_("FILE…"), N_("Add the customers of vCard or CSV files, merging those already in the book"), clt_cli_import },
  { "export", N_("FILE"), N_("Write the whole book, or one customer’s data, to a file"), clt_cli_export },
  { "backup", N_("FILE"), N_("Copy the database safely, even while it is in use"), clt_cli_backup },
  { "restore", N_("FILE"), N_("Replace the book with a copy, saving the current book aside first"), clt_cli_restore },
  { "erase", N_("NUMBER --yes"), N_("Erase a customer’s data for good, from the book and its copies"), clt_cli_erase },
  { "sample", "", N_("Fill a new database with sample customers"), clt_cli_sample },
  { "sync", N_("[setup OPTIONS | collections | status]"), N_("Share the book with other desks through a CardDAV/CalDAV server"), clt_cli_sync },
};

static const CltCliVerbInfo *
find_verb (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (g_strcmp0 (verbs[i].name, name) == 0)
      return &verbs[i];

  return NULL;
}

/* "  LEFT  RIGHT", LEFT padded to @width characters (not bytes). */
static void
append_column (GString    *out,
               const char *left,
               glong       width,
               const char *right)
{
  g_string_append_printf (out, "  %s", left);
  for (glong i = g_utf8_strlen (left, -1); i < width; i++)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "  %s\n", right);
}

static char *
dup_usage (void)
{
  g_autofree char *default_path = clt_store_default_path ();
  GString *usage = g_string_new (NULL);
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *database_option = g_strconcat ("--database ", _("PATH"), NULL);
  glong width = g_utf8_strlen (database_option, -1);

  /* The summaries line up after the longest command, however translated. */
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    {
      char *call = g_strconcat (verbs[i].name, " ",
                                verbs[i].parameters[0] ? _(verbs[i].parameters) : "",
                                NULL);

      width = MAX (width, g_utf8_strlen (call, -1));
      g_ptr_array_add (calls, call);
    }

  g_string_append_printf (usage, "%s\n  clientele-cli [--database %s] %s\n\n",
                          _("Usage:"), _("PATH"), _("COMMAND [ARGUMENTS…]"));
  g_string_append_printf (usage, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    append_column (usage, g_ptr_array_index (calls, i), width, _(verbs[i].summary));
  g_string_append_printf (usage, "\n%s\n", _("Options:"));
  append_column (usage, database_option, width, _("Use the database at PATH"));
  append_column (usage, "--version", width, _("Print the version and exit"));
  g_string_append_c (usage, '\n');
  /* TRANSLATORS: %s is the default database's path. */
  g_string_append_printf (usage, _("Without --database, the database is %s."), default_path);
  g_string_append_c (usage, '\n');
  /* TRANSLATORS: COMMAND is the word used in "Usage:" above */
  g_string_append (usage, _("Run “clientele-cli COMMAND --help” for the options of a command."));
  g_string_append_c (usage, '\n');

  return g_string_free (usage, FALSE);
}

void
clt_cli_error (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("clientele-cli: %s\n", message);
}

GOptionContext *
clt_cli_option_context_new (const char         *verb,
                            const GOptionEntry *entries)
{
  const CltCliVerbInfo *info = find_verb (verb);
  g_autofree char *default_path = clt_store_default_path ();
  g_autofree char *description = NULL;
  GOptionContext *context;

  g_assert (info != NULL);

  context = g_option_context_new (info->parameters[0] ? _(info->parameters) : NULL);
  g_option_context_set_summary (context, _(info->summary));
  /* TRANSLATORS: %s is the default database's path. */
  description = g_strdup_printf (_("Every command also takes --database PATH to use "
                                   "a database other than %s."),
                                 default_path);
  g_option_context_set_description (context, description);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

/* Returns the arguments left after the options, the first being the verb,
 * or NULL after printing why the command line is wrong. */
char **
clt_cli_parse (GOptionContext  *context,
               int              argc,
               char           **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strconcat ("clientele-cli ", argv[0], NULL);
  g_auto(GStrv) arguments = g_new0 (char *, argc + 1);

  for (int i = 0; i < argc; i++)
    arguments[i] = g_strdup (argv[i]);

  /* The usage line of --help reads "clientele-cli add [OPTION…] NAME". */
  g_set_prgname (prgname);
  if (!g_option_context_parse_strv (context, &arguments, &error))
    {
      clt_cli_error ("%s", error->message);
      return NULL;
    }

  return g_steal_pointer (&arguments);
}

/* Text from the command line is taken as UTF-8 when it is, even under the
 * C locale of cron or a service, and otherwise converted from the locale's
 * encoding. Replaces *text, or prints why it cannot. */
gboolean
clt_cli_text_to_utf8 (char **text)
{
  g_autoptr(GError) error = NULL;
  char *utf8;

  if (g_utf8_validate (*text, -1, NULL))
    return TRUE;

  utf8 = g_locale_to_utf8 (*text, -1, NULL, NULL, &error);
  if (utf8 == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (*text, -1);

      clt_cli_error (_("“%s” is not text in this system’s encoding: %s"), shown, error->message);
      return FALSE;
    }

  g_free (*text);
  *text = utf8;
  return TRUE;
}

gboolean
clt_cli_texts_to_utf8 (char **texts)
{
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    if (!clt_cli_text_to_utf8 (&texts[i]))
      return FALSE;

  return TRUE;
}

/* Joins the words given on the command line, as the shell may have split
 * a name that was not quoted. */
char *
clt_cli_join_arguments (char **arguments)
{
  g_auto(GStrv) words = g_strdupv (arguments);

  if (!clt_cli_texts_to_utf8 (words))
    return NULL;

  return g_strjoinv (" ", words);
}

/* @arguments as left by clt_cli_parse(): the verb alone. */
gboolean
clt_cli_expect_no_arguments (char **arguments)
{
  if (arguments[1] != NULL)
    {
      clt_cli_error (_("Unexpected argument “%s”"), arguments[1]);
      return FALSE;
    }

  return TRUE;
}

gboolean
clt_cli_parse_id (const char *text,
                  gint64     *id)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;

  *id = (gint64) value;
  return TRUE;
}

/* The password comes on standard input, never on the command line where
 * other users could read it: one line, its newline removed. */
char *
clt_cli_read_password (void)
{
  /* A fixed buffer, wiped after use: a growing one would leave copies. */
  char buffer[1024];
  char *password = NULL;
  gsize length;

  if (fgets (buffer, sizeof buffer, stdin) == NULL)
    buffer[0] = '\0';

  length = strcspn (buffer, "\r\n");
  if (length > 0)
    password = g_strndup (buffer, length);
  explicit_bzero (buffer, sizeof buffer);

  if (password == NULL)
    clt_cli_error (_("No password was given on standard input"));

  return password;
}

/* Opens the database or prints why it cannot, and takes the day's
 * automatic copy (see clt_backup_daily()). Commands that only read
 * refuse a path where there is no database yet rather than create an
 * empty one: "check" on a mistyped path must not answer "ok". */
CltStore *
clt_cli_open_store (const char *database,
                    gboolean    must_exist)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  CltStore *store;

  if (database != NULL)
    path = g_strdup (database);
  else
    path = clt_store_default_path ();

  if (must_exist && !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *display = g_filename_display_name (path);

      clt_cli_error (_("There is no database at %s"), display);
      return NULL;
    }

  store = clt_store_open (path, &error);
  if (store == NULL)
    {
      clt_cli_error ("%s", error->message);
      return NULL;
    }

  /* A command runs once: a quick check of the whole book before its first
   * write keeps it from writing into a damaged book whose damage no read
   * met (up to 32 MB: see clt_store_set_check_before_write()). */
  clt_store_set_check_before_write (store, TRUE);

  /* The day's automatic copy, as the book is before this command changes
   * it; a stat() when it exists already. */
  if (!clt_backup_daily (store, g_get_real_time () / G_USEC_PER_SEC, NULL, &error))
    clt_cli_error (_("Today’s automatic copy of the book could not be made: %s"), error->message);

  return store;
}

static int
run_verb (const CltCliVerbInfo  *info,
          const char            *database,
          char                 **arguments)
{
  int argc = (int) g_strv_length (arguments);

  return info->run (database, argc, arguments);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_auto(GStrv) head = NULL;
  g_autoptr(GStrvBuilder) rest = NULL;
  g_auto(GStrv) arguments = NULL;
  gboolean version = FALSE;
  const CltCliVerbInfo *info;
  const char *verb;
  int split;
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, N_("Use the database at PATH"), N_("PATH") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    G_OPTION_ENTRY_NULL
  };

  setlocale (LC_ALL, "");
  clt_locale_bind ();
  g_set_prgname ("clientele-cli");

  /* --database may come before or after the verb, but what follows "--"
   * is the verb's own text ("search -- --database" searches for it). */
  for (split = 1; split < argc; split++)
    if (strcmp (argv[split], "--") == 0)
      break;

  head = g_new0 (char *, split + 1);
  for (int i = 0; i < split; i++)
    head[i] = g_strdup (argv[i]);

  context = g_option_context_new (NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &head, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  if (version)
    {
      g_print ("clientele-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  verb = head[1];
  if (verb == NULL)
    {
      g_autofree char *usage = dup_usage ();

      g_printerr ("%s", usage);
      return 1;
    }

  if (g_str_equal (verb, "--help") || g_str_equal (verb, "-h") ||
      g_str_equal (verb, "-?") || (g_str_equal (verb, "help") && head[2] == NULL))
    {
      g_autofree char *usage = dup_usage ();

      g_print ("%s", usage);
      return 0;
    }

  if (g_str_equal (verb, "help"))
    {
      char *help_arguments[] = { head[2], (char *) "--help", NULL };

      info = find_verb (head[2]);
      if (info == NULL)
        {
          clt_cli_error (_("Unknown command “%s”; run “%s” for the list"),
                         head[2], "clientele-cli --help");
          return 1;
        }
      return run_verb (info, database, help_arguments);
    }

  info = find_verb (verb);
  if (info == NULL)
    {
      if (verb[0] == '-')
        clt_cli_error (_("Unknown option %s"), verb);
      else
        clt_cli_error (_("Unknown command “%s”; run “%s” for the list"),
                       verb, "clientele-cli --help");
      return 1;
    }

  rest = g_strv_builder_new ();
  g_strv_builder_addv (rest, (const char **) head + 1);
  for (int i = split; i < argc; i++)
    g_strv_builder_add (rest, argv[i]);
  arguments = g_strv_builder_end (rest);

  return run_verb (info, database, arguments);
}

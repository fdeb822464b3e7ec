/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-cli"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "clt-cli.h"

/* Exit status of a command line that is not complete or not understood. */
#define EXIT_USAGE 2

int
clt_cli_backup (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;

  context = clt_cli_option_context_new ("backup", NULL);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (arguments[1] == NULL || arguments[2] != NULL)
    {
      clt_cli_error (_("Give one file to write the backup to"));
      return 1;
    }

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if (!clt_backup_save_copy (store, arguments[1], g_get_real_time () / G_USEC_PER_SEC, NULL, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  return 0;
}

int
clt_cli_restore (const char  *database,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *display = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CltStore) probe = NULL;
  gboolean damaged;
  gboolean restored = FALSE;

  context = clt_cli_option_context_new ("restore", NULL);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return EXIT_USAGE;

  if (arguments[1] == NULL || arguments[2] != NULL)
    {
      clt_cli_error (_("Give one file to restore the customer book from"));
      return EXIT_USAGE;
    }

  /* Checked before the book is opened, which may create it: a file that
   * cannot be restored changes nothing at all. */
  if (!clt_backup_check_file (arguments[1], &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  /* A book damaged where SQLite can still open it is found so when it is
   * saved aside; one damaged where it cannot, on opening it. Either is
   * restored as a damaged book: its files saved aside as they are. */
  path = database != NULL ? g_strdup (database) : clt_store_default_path ();
  probe = clt_store_open (path, &error);
  if (probe == NULL && !g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }
  damaged = probe == NULL;
  g_clear_object (&probe);
  g_clear_error (&error);

  if (!damaged)
    {
      store = clt_cli_open_store (database, FALSE);
      if (store == NULL)
        return 1;
      restored = clt_backup_restore (store, arguments[1], &aside, &error);
      damaged = !restored && g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED);
      g_clear_object (&store);
    }

  if (damaged)
    {
      g_clear_error (&error);
      restored = clt_backup_restore_damaged (path, arguments[1], &aside, &error);
    }

  if (!restored)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  display = g_filename_display_name (aside);
  /* TRANSLATORS: said after "clientele-cli restore"; %s is a file. */
  printf (_("Restored. The customer book as it was before is saved as %s"), display);
  printf ("\n");
  return 0;
}

int
clt_cli_erase (const char  *database,
               int          argc,
               char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *number = NULL;
  gboolean yes = FALSE;
  gboolean keep_counts = FALSE;
  gint64 id;
  GOptionEntry entries[] = {
    { "yes", 0, 0, G_OPTION_ARG_NONE, &yes,
      N_("Confirm the erasure, which cannot be undone"), NULL },
    { "keep-counts", 0, 0, G_OPTION_ARG_NONE, &keep_counts,
      N_("Keep the dates and kinds of their visits, with no name, for statistics"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("erase", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return EXIT_USAGE;

  if (arguments[1] == NULL || arguments[2] != NULL)
    {
      clt_cli_error (_("Give one customer number, as printed by “add” or “search”"));
      return EXIT_USAGE;
    }
  if (!clt_cli_parse_id (arguments[1], &id))
    {
      clt_cli_error (_("“%s” is not a customer number"), arguments[1]);
      return EXIT_USAGE;
    }

  number = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (!yes)
    {
      clt_cli_error (_("Erasing customer %s removes their data for good, from the book and "
                       "from its automatic copies: it cannot be undone. Add --yes to confirm."),
                     number);
      return EXIT_USAGE;
    }

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if (!clt_backup_erase_customer (store, id, keep_counts, &error))
    {
      if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND))
        clt_cli_error (_("There is no customer number %s"), number);
      else
        clt_cli_error ("%s", error->message);
      return 1;
    }

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "clt-cli.h"
#include "clt-import.h"

typedef struct
{
  const char *file;
  int         last_percent;
} ImportProgress;

static void
import_progress_cb (double   fraction,
                    gpointer user_data)
{
  ImportProgress *progress = user_data;
  int percent = (int) (fraction * 100);

  if (percent == progress->last_percent)
    return;

  progress->last_percent = percent;
  g_printerr ("\r");
  /* TRANSLATORS: progress of "clientele-cli import", rewritten in place;
   * %s is the file, %d the percentage done */
  g_printerr (_("Importing %s: %d %%"), progress->file, percent);
}

/* Says, after the file's name and line, what happened to the cards and rows
 * of the last run that were left out, partly read, or kept apart. */
static void
add_notices (GPtrArray  *notices,
             CltImport  *import,
             const char *file)
{
  GPtrArray *problems = clt_import_get_problems (import);
  GPtrArray *kept_apart = clt_import_get_kept_apart (import);

  for (guint i = 0; i < problems->len; i++)
    {
      CltRecordProblem *problem = g_ptr_array_index (problems, i);

      g_ptr_array_add (notices, g_strdup_printf ("%s:%u: %s", file, problem->line, problem->reason));
    }

  for (guint i = 0; i < kept_apart->len; i++)
    {
      CltImportDuplicate *duplicate = g_ptr_array_index (kept_apart, i);
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, duplicate->customer_id);
      g_autofree char *message = NULL;

      /* TRANSLATORS: the first %s is a customer's number, the second their name */
      message = g_strdup_printf (_("kept apart from customer %s “%s”: same name only"),
                                 number, duplicate->customer_name);
      g_ptr_array_add (notices, g_strdup_printf ("%s:%u: %s", file, duplicate->line, message));
    }
}

int
clt_cli_import (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) readers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) notices = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) arguments = NULL;
  g_autofree char *country = NULL;
  g_autofree char *description = NULL;
  CltImportResult total = { 0 };
  gboolean show_progress;
  gboolean readable = TRUE;
  GOptionEntry entries[] = {
    { "country", 0, 0, G_OPTION_ARG_STRING, &country,
      N_("Read phone numbers without a country code as numbers of CC (FR, CH, BE, CA…) "
         "instead of the book’s country"), N_("CC") },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("import", entries);
  description = g_strconcat (_("Reads vCard (.vcf) and CSV files. A customer with the same "
                                      "e-mail address or phone number as one in the book is merged "
                                      "into them: their empty fields are filled, nothing is "
                                      "overwritten. One who only has the same name is added apart, "
                                      "and reported. When a file cannot be read, nothing is imported."),
                             "\n\n", g_option_context_get_description (context), NULL);
  g_option_context_set_description (context, description);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (arguments[1] == NULL)
    {
      clt_cli_error (_("Give one or more vCard or CSV files to import"));
      return 1;
    }

  if (country != NULL && !clt_import_check_country (country, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  /* Every file is looked at before the book is touched. */
  for (guint i = 1; arguments[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (arguments[i]);
      CltRecordReader *reader = clt_import_open (file, NULL, &error);

      if (reader == NULL)
        {
          clt_cli_error ("%s", error->message);
          g_clear_error (&error);
          readable = FALSE;
          continue;
        }
      g_ptr_array_add (readers, reader);
    }

  if (!readable)
    return 1;

  store = clt_cli_open_store (database, FALSE);
  if (store == NULL)
    return 1;

  import = clt_import_new (store, country);
  show_progress = isatty (STDERR_FILENO);

  /* All the files at once, or none. */
  if (!clt_store_begin (store, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < readers->len; i++)
    {
      const char *file = arguments[i + 1];
      ImportProgress progress = { file, -1 };
      CltImportResult result;

      if (!clt_import_run (import, g_ptr_array_index (readers, i),
                           show_progress ? import_progress_cb : NULL, &progress,
                           NULL, &result, &error))
        {
          if (show_progress)
            g_printerr ("\n");
          clt_store_rollback (store);
          clt_cli_error ("%s: %s", file, error->message);
          return 1;
        }
      if (show_progress)
        g_printerr ("\n");

      add_notices (notices, import, file);
      total.added += result.added;
      total.merged += result.merged;
      total.skipped += result.skipped;
    }

  if (!clt_store_commit (store, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < notices->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (notices, i));

  /* TRANSLATORS: what "clientele-cli import" did: customers added, merged
   * into customers of the book, and cards or rows left out */
  printf (_("imported %u, merged %u, skipped %u"), total.added, total.merged, total.skipped);
  printf ("\n");

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "clt-cli.h"

#define DEFAULT_SAMPLE_SEED 1

typedef struct
{
  guint last_percent;
} SampleProgress;

static void
sample_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  SampleProgress *progress = user_data;
  g_autofree char *message = NULL;
  guint percent = total > 0 ? (guint) ((guint64) done * 100 / total) : 100;

  if (percent == progress->last_percent)
    return;

  progress->last_percent = percent;
  /* TRANSLATORS: progress of "clientele-cli sample", rewritten in place. */
  message = g_strdup_printf (_("Creating sample customers: %u of %u"), done, total);
  g_printerr ("\r%s", message);
}

int
clt_cli_check (const char  *database,
               int          argc,
               char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_auto(GStrv) problems = NULL;

  context = clt_cli_option_context_new ("check", NULL);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL || !clt_cli_expect_no_arguments (arguments))
    return 1;

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  problems = clt_store_check_integrity (store, &error);
  if (problems == NULL)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  /* Not translated: scripts test for it, as for SQLite's integrity_check. */
  if (problems[0] == NULL)
    {
      printf ("ok\n");
      return 0;
    }

  for (guint i = 0; problems[i] != NULL; i++)
    {
      g_autofree char *line = clt_text_strip (problems[i]);

      printf ("%s\n", line);
    }

  return 1;
}

int
clt_cli_sample (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *seed_text = NULL;
  SampleProgress progress = { G_MAXUINT };
  gboolean show_progress;
  guint64 seed = DEFAULT_SAMPLE_SEED;
  int n_customers = 0;
  gint64 existing;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT, &n_customers,
      N_("How many customers to create"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Start the random choices from S, to make the same book again (default: 1)"), N_("S") },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("sample", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL || !clt_cli_expect_no_arguments (arguments))
    return 1;

  if (n_customers <= 0)
    {
      clt_cli_error (_("Say how many customers to create, with --customers N"));
      return 1;
    }
  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    {
      clt_cli_error (_("The seed must be a number from 0 to %u"), G_MAXUINT32);
      return 1;
    }

  store = clt_cli_open_store (database, FALSE);
  if (store == NULL)
    return 1;

  /* Sample customers would mix with real ones and could not be told apart. */
  existing = clt_store_count_customers (store);
  if (existing != 0)
    {
      g_autofree char *display = g_filename_display_name (clt_store_get_path (store));

      clt_cli_error (_("%s already holds customers; sample customers only go into a new "
                       "database (choose one with --database)"),
                     display);
      return 1;
    }

  show_progress = isatty (STDERR_FILENO);
  if (!clt_sample_fill (store, (guint) n_customers, (guint32) seed,
                        g_get_real_time () / G_USEC_PER_SEC,
                        show_progress ? sample_progress_cb : NULL, &progress,
                        NULL, &error))
    {
      if (show_progress)
        g_printerr ("\n");
      clt_cli_error ("%s", error->message);
      return 1;
    }

  if (show_progress)
    g_printerr ("\n");

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "clt-cli.h"
#include "clt-export.h"

typedef struct
{
  guint last_percent;
} ExportProgress;

static void
export_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  ExportProgress *progress = user_data;
  g_autofree char *message = NULL;
  guint percent = total > 0 ? (guint) ((guint64) done * 100 / total) : 100;

  if (percent == progress->last_percent)
    return;

  progress->last_percent = percent;
  /* TRANSLATORS: progress of "clientele-cli export", rewritten in place. */
  message = g_strdup_printf (_("Exporting customers: %u of %u"), done, total);
  g_printerr ("\r%s", message);
}

static int
export_customer (CltStore   *store,
                 gint64      id,
                 const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *vcard_path = clt_export_customer_vcard_path (path);
  g_autofree char *json_display = g_filename_display_name (path);
  g_autofree char *vcard_display = g_filename_display_name (vcard_path);

  if (!clt_export_customer (store, id, path, NULL, &error))
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

  /* TRANSLATORS: the two files of "export --customer": FILE.json and FILE.vcf */
  printf (_("Wrote %s and %s"), json_display, vcard_display);
  printf ("\n");
  return 0;
}

static int
export_book (CltStore        *store,
             const char      *path,
             CltExportFormat  format,
             CltExportFlags   flags)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  ExportProgress progress = { G_MAXUINT };
  gboolean show_progress = isatty (STDERR_FILENO);
  guint n_written = 0;

  if (!clt_export_book (store, path, format, flags,
                        show_progress ? export_progress_cb : NULL, &progress,
                        NULL, &n_written, &error))
    {
      if (show_progress && progress.last_percent != G_MAXUINT)
        g_printerr ("\n");
      clt_cli_error ("%s", error->message);
      return 1;
    }

  if (show_progress && progress.last_percent != G_MAXUINT)
    g_printerr ("\n");

  if (!(flags & CLT_EXPORT_WITHOUT_SENSITIVE))
    g_printerr ("%s\n", _("This file holds your customers’ health details and other sensitive "
                          "preferences and notes: keep it safe, and delete it when you no longer "
                          "need it. For a copy to give to someone else, export again with "
                          "--without-sensitive."));

  printf (g_dngettext (GETTEXT_PACKAGE, "%u customer written to %s", "%u customers written to %s",
                       n_written),
          n_written, display);
  printf ("\n");
  return 0;
}

int
clt_cli_export (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *description = NULL;
  gboolean without_sensitive = FALSE;
  CltExportFormat format = CLT_EXPORT_CSV;
  gint64 id = 0;
  GOptionEntry entries[] = {
    { "customer", 0, 0, G_OPTION_ARG_STRING, &customer,
      N_("Write everything the book holds about one customer, for their access request: "
         "FILE in JSON and their vCard beside it"), N_("NUMBER") },
    { "without-sensitive", 0, 0, G_OPTION_ARG_NONE, &without_sensitive,
      N_("Leave out the preferences marked sensitive, such as health"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("export", entries);
  description = g_strconcat (_("The format follows the file’s name: .vcf for contacts "
                               "(vCard 4.0), .csv for a spreadsheet (UTF-8). In a CSV file "
                               "a cell starting with = + - or @ gets a ' in front, so that "
                               "a spreadsheet does not run it as a formula."),
                             "\n\n", g_option_context_get_description (context), NULL);
  g_option_context_set_description (context, description);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (arguments[1] == NULL || arguments[2] != NULL)
    {
      clt_cli_error (_("Give one file to write to"));
      return 1;
    }

  if (customer != NULL)
    {
      if (!clt_cli_parse_id (customer, &id))
        {
          clt_cli_error (_("“%s” is not a customer number"), customer);
          return 1;
        }
      if (without_sensitive)
        {
          clt_cli_error (_("A customer’s own data is given whole: --without-sensitive only "
                           "goes with the export of the whole book"));
          return 1;
        }
    }
  else if (!clt_export_format_for_path (arguments[1], &format, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if (customer != NULL)
    return export_customer (store, id, arguments[1]);

  return export_book (store, arguments[1], format,
                      without_sensitive ? CLT_EXPORT_WITHOUT_SENSITIVE : CLT_EXPORT_DEFAULT);
}

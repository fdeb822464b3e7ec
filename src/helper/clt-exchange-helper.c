/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clientele-exchange"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "clt-core.h"
#include "clt-charset.h"
#include "clt-csv-reader.h"
#include "clt-export.h"
#include "clt-import.h"

/*
 * The window's go-between for files of other programs. It links the
 * exchange library (evolution-data-server, libcsv, uchardet), which the
 * window must not load, and a hostile file that crashed a parser would take
 * this process down, not the window. It speaks on stdout one GVariant
 * a{sv} per line (g_variant_print), and reads its instructions on stdin:
 *
 *   sniff [--encoding ENC] FILE
 *       {'kind': <'vcard'>} or {'kind': <'csv'>, 'encoding': …, 'delimiter': …,
 *        'format': …, 'header': <as>, 'rows': <aas>, 'mapping': <ai>,
 *        'fields': <as>, 'encodings': <a(ss)>}   (names translated)
 *   import --database PATH [--country CC] [--encoding ENC]
 *          [--delimiter C] [--mapping N,N,…] FILE
 *       {'progress': <d>, 'pass': <'plan'>}…
 *       {'plan': …}, then waits for lines "action INDEX add|merge|skip" and
 *       "run" (end of input without "run": nothing is written)
 *       {'progress': <d>, 'pass': <'run'>}… {'done': …}
 *   export --database PATH [--without-sensitive] FILE
 *       {'progress': <d>, 'pass': <'export'>}… {'done': {'written': <u>}}
 *   export-customer --database PATH --customer ID FILE
 *       {'done': {}}   (FILE as JSON, and its .vcf beside it)
 *
 * A failure is {'error': <'message'>} and exit status 1.
 */

static void
emit (GVariant *message)
{
  g_autoptr(GVariant) sunk = g_variant_ref_sink (message);
  g_autofree char *text = g_variant_print (sunk, TRUE);

  printf ("%s\n", text);
  fflush (stdout);
}

static int
fail (const char *message)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "error", g_variant_new_string (message));
  emit (g_variant_builder_end (&builder));
  return EXIT_FAILURE;
}

typedef struct
{
  const char *pass;
  gint64      last_us;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *progress = user_data;
  gint64 now = g_get_monotonic_time ();
  GVariantBuilder builder;

  /* Ten a second are plenty for a progress bar. */
  if (fraction < 1.0 && now - progress->last_us < G_USEC_PER_SEC / 10)
    return;
  progress->last_us = now;

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&builder, "{sv}", "progress", g_variant_new_double (CLAMP (fraction, 0.0, 1.0)));
  g_variant_builder_add (&builder, "{sv}", "pass", g_variant_new_string (progress->pass));
  emit (g_variant_builder_end (&builder));
}

static GVariant *
strv_variant (const char * const *strv)
{
  return g_variant_new_strv (strv ? strv : (const char * const []) { NULL }, -1);
}

static int
run_sniff (const char *path,
           const char *encoding)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(CltCsvPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder builder;
  GVariantBuilder rows;
  GVariantBuilder mapping;
  GVariantBuilder fields;
  GVariantBuilder encodings;
  char head[4096];
  gssize n;

  stream = g_file_read (file, NULL, &error);
  if (stream == NULL)
    return fail (error->message);

  n = g_input_stream_read (G_INPUT_STREAM (stream), head, sizeof head - 1, NULL, &error);
  if (n < 0)
    return fail (error->message);
  head[n] = '\0';

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  if (g_strstr_len (head, n, "BEGIN:VCARD") != NULL || g_strstr_len (head, n, "begin:vcard") != NULL)
    {
      g_variant_builder_add (&builder, "{sv}", "kind", g_variant_new_string ("vcard"));
      emit (g_variant_builder_end (&builder));
      return EXIT_SUCCESS;
    }

  if (!g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, &error))
    return fail (error->message);

  preview = clt_csv_sniff (G_INPUT_STREAM (stream), encoding, &error);
  if (preview == NULL)
    return fail (error->message);

  g_variant_builder_init (&rows, G_VARIANT_TYPE ("aas"));
  for (guint i = 0; i < preview->rows->len; i++)
    g_variant_builder_add_value (&rows, strv_variant (g_ptr_array_index (preview->rows, i)));
  g_variant_builder_init (&mapping, G_VARIANT_TYPE ("ai"));
  for (guint i = 0; i < preview->n_columns; i++)
    g_variant_builder_add (&mapping, "i", preview->mapping[i]);

  g_variant_builder_add (&builder, "{sv}", "kind", g_variant_new_string ("csv"));
  g_variant_builder_add (&builder, "{sv}", "encoding", g_variant_new_string (preview->encoding));
  g_variant_builder_add (&builder, "{sv}", "encoding-sure", g_variant_new_boolean (preview->encoding_sure));
  g_variant_builder_add (&builder, "{sv}", "delimiter", g_variant_new_byte (preview->delimiter));
  g_variant_builder_add (&builder, "{sv}", "format", g_variant_new_string (preview->format ? preview->format : ""));
  g_variant_builder_add (&builder, "{sv}", "header", strv_variant ((const char * const *) preview->header));
  g_variant_builder_add (&builder, "{sv}", "rows", g_variant_builder_end (&rows));
  g_variant_builder_add (&builder, "{sv}", "mapping", g_variant_builder_end (&mapping));
  /* The window offers these for each column, as the core names them. */
  g_variant_builder_init (&fields, G_VARIANT_TYPE_STRING_ARRAY);
  for (CltCsvField field = CLT_CSV_IGNORE; field < CLT_CSV_N_FIELDS; field++)
    g_variant_builder_add (&fields, "s", clt_csv_field_label (field));
  g_variant_builder_add (&builder, "{sv}", "fields", g_variant_builder_end (&fields));
  /* The encodings the user may choose instead, with their names. */
  g_variant_builder_init (&encodings, G_VARIANT_TYPE ("a(ss)"));
  for (const char * const *name = clt_charset_common (); *name != NULL; name++)
    g_variant_builder_add (&encodings, "(ss)", *name, clt_charset_label (*name));
  g_variant_builder_add (&builder, "{sv}", "encodings", g_variant_builder_end (&encodings));
  emit (g_variant_builder_end (&builder));

  return EXIT_SUCCESS;
}

/* The CSV preview the user confirmed: sniffed again, with their encoding,
 * delimiter and columns. */
static CltCsvPreview *
confirmed_preview (GFile       *file,
                   const char  *encoding,
                   const char  *delimiter,
                   const char  *mapping,
                   GError     **error)
{
  g_autoptr(GFileInputStream) stream = g_file_read (file, NULL, error);
  g_autoptr(CltCsvPreview) preview = NULL;

  if (stream == NULL)
    return NULL;

  preview = clt_csv_sniff (G_INPUT_STREAM (stream), encoding, error);
  if (preview == NULL)
    return NULL;

  if (delimiter != NULL && delimiter[0] != '\0')
    preview->delimiter = delimiter[0] == 't' ? '\t' : delimiter[0];

  if (mapping != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (mapping, ",", -1);

      for (guint i = 0; i < preview->n_columns && fields[i] != NULL; i++)
        {
          gint64 field = g_ascii_strtoll (fields[i], NULL, 10);

          preview->mapping[i] = field >= 0 && field < CLT_CSV_N_FIELDS ? (CltCsvField) field : CLT_CSV_IGNORE;
        }
    }

  return g_steal_pointer (&preview);
}

static const char *
action_name (CltImportAction action)
{
  switch (action)
    {
    case CLT_IMPORT_ADD: return "add";
    case CLT_IMPORT_MERGE: return "merge";
    case CLT_IMPORT_SKIP:
    default: return "skip";
    }
}

static gboolean
action_from_name (const char      *name,
                  CltImportAction *action)
{
  for (CltImportAction a = CLT_IMPORT_ADD; a <= CLT_IMPORT_SKIP; a++)
    if (g_strcmp0 (name, action_name (a)) == 0)
      {
        *action = a;
        return TRUE;
      }

  return FALSE;
}

/* What the summary shows of a record: its name, and the e-mail or phone
 * that made it a possible duplicate (else its first one). */
static void
add_record_summary (GVariantBuilder    *builder,
                    CltRecord          *record,
                    CltDuplicateReason  reasons)
{
  CltContactKind wanted = (reasons & CLT_DUPLICATE_EMAIL) ? CLT_CONTACT_EMAIL : CLT_CONTACT_PHONE;
  const char *detail = "";

  for (guint i = 0; i < record->contacts->len; i++)
    {
      CltContact *contact = g_ptr_array_index (record->contacts, i);

      if (contact->kind == CLT_CONTACT_ADDRESS)
        continue;
      if (*detail == '\0' || contact->kind == wanted)
        detail = contact->value;
      if (contact->kind == wanted)
        break;
    }

  g_variant_builder_add (builder, "{sv}", "name",
                         g_variant_new_string (clt_customer_get_display_name (record->customer) ?: ""));
  g_variant_builder_add (builder, "{sv}", "detail", g_variant_new_string (detail));
  g_variant_builder_add (builder, "{sv}", "line", g_variant_new_uint32 (record->line));
}

static void
emit_plan (CltImport *import)
{
  GPtrArray *duplicates = clt_import_get_duplicates (import);
  GPtrArray *problems = clt_import_get_problems (import);
  GVariantBuilder plan;
  GVariantBuilder list;

  g_variant_builder_init (&list, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < duplicates->len; i++)
    {
      CltImportDuplicate *duplicate = g_ptr_array_index (duplicates, i);
      GVariantBuilder item;

      g_variant_builder_init (&item, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&item, "{sv}", "index", g_variant_new_uint32 (duplicate->index));
      add_record_summary (&item, duplicate->record, duplicate->reasons);
      g_variant_builder_add (&item, "{sv}", "customer-id", g_variant_new_int64 (duplicate->customer_id));
      g_variant_builder_add (&item, "{sv}", "customer-name",
                             g_variant_new_string (duplicate->customer_name ?: ""));
      g_variant_builder_add (&item, "{sv}", "reasons", g_variant_new_uint32 (duplicate->reasons));
      g_variant_builder_add (&item, "{sv}", "action", g_variant_new_string (action_name (duplicate->action)));
      g_variant_builder_add_value (&list, g_variant_builder_end (&item));
    }

  g_variant_builder_init (&plan, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&plan, "{sv}", "new", g_variant_new_uint32 (clt_import_get_n_new (import)));
  g_variant_builder_add (&plan, "{sv}", "same", g_variant_new_uint32 (clt_import_get_n_same (import)));
  g_variant_builder_add (&plan, "{sv}", "duplicates", g_variant_builder_end (&list));

  g_variant_builder_init (&list, G_VARIANT_TYPE ("aa{sv}"));
  for (guint i = 0; i < problems->len; i++)
    {
      CltRecordProblem *problem = g_ptr_array_index (problems, i);
      GVariantBuilder item;

      g_variant_builder_init (&item, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&item, "{sv}", "line", g_variant_new_uint32 (problem->line));
      g_variant_builder_add (&item, "{sv}", "reason", g_variant_new_string (problem->reason));
      g_variant_builder_add_value (&list, g_variant_builder_end (&item));
    }
  g_variant_builder_add (&plan, "{sv}", "problems", g_variant_builder_end (&list));

  {
    GVariantBuilder message;

    g_variant_builder_init (&message, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add (&message, "{sv}", "plan", g_variant_builder_end (&plan));
    emit (g_variant_builder_end (&message));
  }
}

/* Reads the user's choices until "run"; FALSE when the input ends first
 * (the window cancelled) or says something else. */
static gboolean
read_decisions (CltImport *import)
{
  char line[256];

  while (fgets (line, sizeof line, stdin) != NULL)
    {
      g_auto(GStrv) words = g_strsplit (g_strstrip (line), " ", -1);
      CltImportAction action;

      if (g_strcmp0 (words[0], "run") == 0)
        return TRUE;

      if (g_strcmp0 (words[0], "action") == 0 && g_strv_length (words) == 3 &&
          action_from_name (words[2], &action))
        {
          clt_import_set_action (import, (guint) g_ascii_strtoull (words[1], NULL, 10), action);
          continue;
        }

      return FALSE;
    }

  return FALSE;
}

static int
run_import (const char *database,
            const char *country,
            const char *encoding,
            const char *delimiter,
            const char *mapping,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autoptr(CltCsvPreview) preview = NULL;
  g_autoptr(CltRecordReader) reader = NULL;
  g_autoptr(CltImport) import = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CltImportResult result = { 0 };
  Progress plan_progress = { "plan", 0 };
  Progress run_progress = { "run", 0 };
  GVariantBuilder done;
  GVariantBuilder message;

  store = clt_store_open (database, &error);
  if (store == NULL)
    return fail (error->message);

  if (encoding != NULL || delimiter != NULL || mapping != NULL)
    {
      preview = confirmed_preview (file, encoding, delimiter, mapping, &error);
      if (preview == NULL)
        return fail (error->message);
    }

  import = clt_import_new (store, country);

  reader = clt_import_open (file, preview, &error);
  if (reader == NULL ||
      !clt_import_plan (import, reader, progress_cb, &plan_progress, NULL, &error))
    return fail (error->message);
  g_clear_object (&reader);
  emit_plan (import);

  if (!read_decisions (import))
    return EXIT_SUCCESS;

  reader = clt_import_open (file, preview, &error);
  if (reader == NULL ||
      !clt_import_run (import, reader, progress_cb, &run_progress, NULL, &result, &error))
    return fail (error->message);

  g_variant_builder_init (&done, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&done, "{sv}", "added", g_variant_new_uint32 (result.added));
  g_variant_builder_add (&done, "{sv}", "merged", g_variant_new_uint32 (result.merged));
  g_variant_builder_add (&done, "{sv}", "skipped", g_variant_new_uint32 (result.skipped));
  g_variant_builder_init (&message, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&message, "{sv}", "done", g_variant_builder_end (&done));
  emit (g_variant_builder_end (&message));

  return EXIT_SUCCESS;
}

static void
export_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  progress_cb (total > 0 ? (double) done / total : 1.0, user_data);
}

static int
emit_done (GVariant *done)
{
  GVariantBuilder message;

  g_variant_builder_init (&message, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&message, "{sv}", "done", done);
  emit (g_variant_builder_end (&message));
  return EXIT_SUCCESS;
}

static int
run_export (const char *database,
            gboolean    without_sensitive,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *local = g_file_get_path (file);
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  Progress progress = { "export", 0 };
  CltExportFormat format;
  GVariantBuilder done;
  guint written = 0;

  if (!clt_export_format_for_path (local, &format, &error))
    return fail (error->message);

  store = clt_store_open (database, &error);
  if (store == NULL ||
      !clt_export_book (store, local, format,
                        without_sensitive ? CLT_EXPORT_WITHOUT_SENSITIVE : CLT_EXPORT_DEFAULT,
                        export_progress_cb, &progress, NULL, &written, &error))
    return fail (error->message);

  g_variant_builder_init (&done, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&done, "{sv}", "written", g_variant_new_uint32 (written));
  return emit_done (g_variant_builder_end (&done));
}

static int
run_export_customer (const char *database,
                     gint64      customer_id,
                     const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *local = g_file_get_path (file);
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GVariantBuilder done;

  store = clt_store_open (database, &error);
  if (store == NULL || !clt_export_customer (store, customer_id, local, NULL, &error))
    return fail (error->message);

  g_variant_builder_init (&done, G_VARIANT_TYPE_VARDICT);
  return emit_done (g_variant_builder_end (&done));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *database = NULL;
  g_autofree char *country = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *delimiter = NULL;
  g_autofree char *mapping = NULL;
  gboolean without_sensitive = FALSE;
  gint64 customer_id = 0;
  g_auto(GStrv) files = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, NULL, NULL },
    { "country", 0, 0, G_OPTION_ARG_STRING, &country, NULL, NULL },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, NULL, NULL },
    { "delimiter", 0, 0, G_OPTION_ARG_STRING, &delimiter, NULL, NULL },
    { "mapping", 0, 0, G_OPTION_ARG_STRING, &mapping, NULL, NULL },
    { "without-sensitive", 0, 0, G_OPTION_ARG_NONE, &without_sensitive, NULL, NULL },
    { "customer", 0, 0, G_OPTION_ARG_INT64, &customer_id, NULL, NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  clt_locale_bind ();

  context = g_option_context_new ("sniff|import|export|export-customer FILE");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);

  if (files == NULL || g_strv_length (files) != 2)
    return fail ("usage: clientele-exchange sniff|import|export|export-customer [OPTIONS] FILE");

  if (g_strcmp0 (files[0], "sniff") == 0)
    return run_sniff (files[1], encoding);

  if (g_strcmp0 (files[0], "import") == 0 && database != NULL)
    return run_import (database, country, encoding, delimiter, mapping, files[1]);

  if (g_strcmp0 (files[0], "export") == 0 && database != NULL)
    return run_export (database, without_sensitive, files[1]);

  if (g_strcmp0 (files[0], "export-customer") == 0 && database != NULL && customer_id > 0)
    return run_export_customer (database, customer_id, files[1]);

  return fail ("usage: clientele-exchange sniff|import|export|export-customer [OPTIONS] FILE");
}

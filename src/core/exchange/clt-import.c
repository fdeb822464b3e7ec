/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-import.h"

/* A stand-in until the engine lands: reads and writes nothing. */
struct _CltImport
{
  GObject    parent_instance;
  GPtrArray *duplicates;
  GPtrArray *problems;
};

G_DEFINE_FINAL_TYPE (CltImport, clt_import, G_TYPE_OBJECT)
G_DEFINE_QUARK (clt-import-error-quark, clt_import_error)

static void
clt_import_finalize (GObject *object)
{
  CltImport *self = CLT_IMPORT (object);

  g_ptr_array_unref (self->duplicates);
  g_ptr_array_unref (self->problems);

  G_OBJECT_CLASS (clt_import_parent_class)->finalize (object);
}

static void
clt_import_class_init (CltImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clt_import_finalize;
}

static void
clt_import_init (CltImport *self)
{
  self->duplicates = g_ptr_array_new ();
  self->problems = g_ptr_array_new ();
}

CltImport *
clt_import_new (CltStore   *store,
                const char *country)
{
  return g_object_new (CLT_TYPE_IMPORT, NULL);
}

CltRecordReader *
clt_import_open (GFile               *file,
                 const CltCsvPreview *csv_preview,
                 GError             **error)
{
  g_set_error_literal (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_UNREADABLE, "not yet");
  return NULL;
}

gboolean
clt_import_plan (CltImport          *self,
                 CltRecordReader    *reader,
                 CltImportProgress   progress,
                 gpointer            user_data,
                 GCancellable       *cancellable,
                 GError            **error)
{
  return TRUE;
}

guint clt_import_get_n_new (CltImport *self) { return 0; }
guint clt_import_get_n_same (CltImport *self) { return 0; }
GPtrArray *clt_import_get_duplicates (CltImport *self) { return self->duplicates; }
GPtrArray *clt_import_get_problems (CltImport *self) { return self->problems; }
void clt_import_set_action (CltImport *self, guint index, CltImportAction action) { }

gboolean
clt_import_run (CltImport          *self,
                CltRecordReader    *reader,
                CltImportProgress   progress,
                gpointer            user_data,
                GCancellable       *cancellable,
                CltImportResult    *result,
                GError            **error)
{
  return TRUE;
}

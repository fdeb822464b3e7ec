/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include "clt-csv-reader.h"

/* A stand-in until the reader lands: reads nothing. */
struct _CltCsvReader
{
  GObject       parent_instance;
  GInputStream *stream;
};

static void reader_iface_init (CltRecordReaderInterface *iface);

#define CLT_TYPE_CSV_READER (clt_csv_reader_get_type ())
G_DECLARE_FINAL_TYPE (CltCsvReader, clt_csv_reader, CLT, CSV_READER, GObject)

G_DEFINE_FINAL_TYPE_WITH_CODE (CltCsvReader, clt_csv_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_RECORD_READER, reader_iface_init))

static gboolean
clt_csv_reader_next (CltRecordReader   *reader,
                       CltRecord        **record,
                       CltRecordProblem **problem,
                       GCancellable      *cancellable,
                       GError           **error)
{
  return FALSE;
}

static goffset
clt_csv_reader_get_position (CltRecordReader *reader)
{
  return 0;
}

static void
reader_iface_init (CltRecordReaderInterface *iface)
{
  iface->next = clt_csv_reader_next;
  iface->get_position = clt_csv_reader_get_position;
}

static void
clt_csv_reader_finalize (GObject *object)
{
  CltCsvReader *self = CLT_CSV_READER (object);

  g_clear_object (&self->stream);

  G_OBJECT_CLASS (clt_csv_reader_parent_class)->finalize (object);
}

static void
clt_csv_reader_class_init (CltCsvReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clt_csv_reader_finalize;
}

static void
clt_csv_reader_init (CltCsvReader *self)
{
}

const char *
clt_csv_field_label (CltCsvField field)
{
  return "";
}

void
clt_csv_preview_free (CltCsvPreview *preview)
{
  g_free (preview);
}

CltCsvPreview *
clt_csv_sniff (GInputStream  *stream,
               const char    *encoding,
               GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "CSV is not read yet");
  return NULL;
}

CltRecordReader *
clt_csv_reader_new (GInputStream        *stream,
                    const CltCsvPreview *preview)
{
  CltCsvReader *self = g_object_new (CLT_TYPE_CSV_READER, NULL);

  self->stream = g_object_ref (stream);
  return CLT_RECORD_READER (self);
}

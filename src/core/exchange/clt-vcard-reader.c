/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include "clt-vcard-reader.h"

/* A stand-in until the reader lands: reads nothing. */
struct _CltVCardReader
{
  GObject       parent_instance;
  GInputStream *stream;
};

static void reader_iface_init (CltRecordReaderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltVCardReader, clt_vcard_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_RECORD_READER, reader_iface_init))

static gboolean
clt_vcard_reader_next (CltRecordReader   *reader,
                       CltRecord        **record,
                       CltRecordProblem **problem,
                       GCancellable      *cancellable,
                       GError           **error)
{
  return FALSE;
}

static goffset
clt_vcard_reader_get_position (CltRecordReader *reader)
{
  return 0;
}

static void
reader_iface_init (CltRecordReaderInterface *iface)
{
  iface->next = clt_vcard_reader_next;
  iface->get_position = clt_vcard_reader_get_position;
}

static void
clt_vcard_reader_finalize (GObject *object)
{
  CltVCardReader *self = CLT_VCARD_READER (object);

  g_clear_object (&self->stream);

  G_OBJECT_CLASS (clt_vcard_reader_parent_class)->finalize (object);
}

static void
clt_vcard_reader_class_init (CltVCardReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clt_vcard_reader_finalize;
}

static void
clt_vcard_reader_init (CltVCardReader *self)
{
}

CltRecordReader *
clt_vcard_reader_new (GInputStream *stream)
{
  CltVCardReader *self = g_object_new (CLT_TYPE_VCARD_READER, NULL);

  self->stream = g_object_ref (stream);
  return CLT_RECORD_READER (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-record.h"

G_BEGIN_DECLS

#define CLT_TYPE_VCARD_READER (clt_vcard_reader_get_type ())

G_DECLARE_FINAL_TYPE (CltVCardReader, clt_vcard_reader, CLT, VCARD_READER, GObject)

/* Reads the vCards (2.1, 3.0, 4.0) of @stream one at a time, through
 * evolution-data-server's EVCard. */
CltRecordReader *clt_vcard_reader_new (GInputStream  *stream);

G_END_DECLS

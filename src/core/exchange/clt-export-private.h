/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <stdio.h>

#include "clt-export.h"

G_BEGIN_DECLS

/* A file written with no name beside its destination (clt-unnamed-file.c)
 * and put over it only once complete and on the disk; cleared before that,
 * or its writer killed, it leaves nothing behind. Private to its owner
 * (0600), which suits a file of customers' details. */
typedef struct
{
  char *path;
  char *tmp_path;   /* where the file system has no unnamed files */
  FILE *file;
} CltExportSink;

gboolean    clt_export_sink_open          (CltExportSink  *sink,
                                           const char     *path,
                                           GError        **error);
gboolean    clt_export_sink_write         (CltExportSink  *sink,
                                           const char     *data,
                                           gsize           length,
                                           GError        **error);
/* Flushes, syncs and closes the file, then puts it in place. */
gboolean    clt_export_sink_commit        (CltExportSink  *sink,
                                           GError        **error);
/* Removes the temporary file of a sink not committed. */
void        clt_export_sink_clear         (CltExportSink  *sink);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CltExportSink, clt_export_sink_clear)

/* "none", "follow-ups" or "marketing", in CSV and JSON alike. */
const char *clt_export_consent_to_string  (CltConsent      consent);

G_END_DECLS

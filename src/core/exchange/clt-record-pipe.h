/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-record.h"

G_BEGIN_DECLS

/* Reads a CltRecordReader on a thread of its own, a few hundred records
 * ahead of the one who takes them: the import writes the book while the
 * next cards are parsed, and memory stays bounded whatever the file. */
typedef struct _CltRecordPipe CltRecordPipe;

CltRecordPipe *clt_record_pipe_new  (CltRecordReader   *reader,
                                     GCancellable      *cancellable);
/* As clt_record_reader_next(), with the reader's position after the
 * record or problem. */
gboolean       clt_record_pipe_next (CltRecordPipe     *self,
                                     CltRecord        **record,
                                     CltRecordProblem **problem,
                                     goffset           *position,
                                     GError           **error);
/* Stops the reading thread, if it still runs, and frees what it read
 * ahead. */
void           clt_record_pipe_free (CltRecordPipe     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltRecordPipe, clt_record_pipe_free)

G_END_DECLS

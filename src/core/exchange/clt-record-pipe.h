/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-record.h"

G_BEGIN_DECLS

/* Reads a CltRecordReader on a thread of its own, a few hundred records
 * ahead of the one who takes them: the import writes the book while the
 * next cards are parsed, and memory stays bounded whatever the file. */
typedef struct _CltRecordPipe CltRecordPipe;

/* Called on the reading thread for each record read, which it may change:
 * what it returns is handed over with the record. */
typedef gpointer (*CltRecordPrepareFunc) (CltRecord *record,
                                          gpointer   user_data);

/* @prepare (nullable) does the work on a record that needs nothing but the
 * record, beside the taker's; @prepared_free frees what it returns. */
CltRecordPipe *clt_record_pipe_new  (CltRecordReader       *reader,
                                     CltRecordPrepareFunc   prepare,
                                     gpointer               user_data,
                                     GDestroyNotify         prepared_free,
                                     GCancellable          *cancellable);
/* As clt_record_reader_next(), with the reader's position after the
 * record or problem, and what @prepare made of the record (transfer
 * full; NULL for a problem). */
gboolean       clt_record_pipe_next (CltRecordPipe     *self,
                                     CltRecord        **record,
                                     CltRecordProblem **problem,
                                     goffset           *position,
                                     gpointer          *prepared,
                                     GError           **error);
void           clt_record_pipe_give_back (CltRecordPipe *self,
                                          CltRecord     *record,
                                          gpointer       prepared);
/* Stops the reading thread, if it still runs, and frees what it read
 * ahead. */
void           clt_record_pipe_free (CltRecordPipe     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltRecordPipe, clt_record_pipe_free)

G_END_DECLS

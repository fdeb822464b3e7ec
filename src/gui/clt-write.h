/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

/* One change to the book, all or nothing: it is tried again as a whole
 * while another program is writing. */
typedef gboolean (*CltWriteFunc)     (CltStore      *store,
                                      gpointer       data,
                                      GError       **error);
/* Called when the change is made, while the widget that asked for it (if
 * any: else @widget is NULL) is still there; @error is the failure for a
 * dialog's Save only. */
typedef void     (*CltWriteDoneFunc) (GtkWidget     *widget,
                                      const GError  *error,
                                      gpointer       data);

/* How long a change waits for another program before it is given up:
 * what the command line waits. */
#define CLT_WRITE_PATIENCE_MS 5000

void clt_write_run         (CltStore          *store,
                            GtkWidget         *widget,
                            const char        *failure,
                            CltWriteFunc       write,
                            CltWriteDoneFunc   done,
                            gpointer           data,
                            GDestroyNotify     destroy);
void clt_write_save_dialog (CltStore          *store,
                            GtkWindow         *dialog,
                            GtkWidget         *shows_errors,
                            CltWriteFunc       write,
                            CltWriteDoneFunc   saved,
                            gpointer           data,
                            GDestroyNotify     destroy);
gboolean clt_write_now     (CltStore          *store,
                            CltWriteFunc       write,
                            gpointer           data,
                            GError           **error);
guint clt_write_get_n_waiting (void);

/* Changes to a promise, made from more than one view. */
typedef struct
{
  gint64            promise_id;
  CltPromiseStatus  status;
  gint64            due;
  gboolean          due_all_day;
  char             *reason;
} CltWritePromise;

CltWritePromise *clt_write_promise_new        (gint64            promise_id);
void             clt_write_promise_free       (CltWritePromise  *change);
gboolean         clt_write_set_promise_status (CltStore         *store,
                                               gpointer          data,
                                               GError          **error);
gboolean         clt_write_reopen_promise     (CltStore         *store,
                                               gpointer          data,
                                               GError          **error);
gboolean         clt_write_postpone_promise   (CltStore         *store,
                                               gpointer          data,
                                               GError          **error);

gboolean         clt_write_purge_trash        (CltStore         *store,
                                               gpointer          data,
                                               GError          **error);

G_END_DECLS

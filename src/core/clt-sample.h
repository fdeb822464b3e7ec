/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clt-store.h"

G_BEGIN_DECLS

typedef void (*CltSampleProgress) (guint    done,
                                   guint    total,
                                   gpointer user_data);

gboolean clt_sample_fill (CltStore          *store,
                          guint              n_customers,
                          guint32            seed,
                          gint64             now_unix,
                          CltSampleProgress  progress,
                          gpointer           user_data,
                          GCancellable      *cancellable,
                          GError           **error);

void     clt_sample_create_async  (const char           *path,
                                   guint                 n_customers,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gboolean clt_sample_create_finish (GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS

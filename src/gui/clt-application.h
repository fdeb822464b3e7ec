/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-window.h"

G_BEGIN_DECLS

#define CLT_TYPE_APPLICATION (clt_application_get_type ())

G_DECLARE_FINAL_TYPE (CltApplication, clt_application, CLT, APPLICATION, AdwApplication)

CltApplication *clt_application_new                (void);
CltWindow      *clt_application_open_book          (CltApplication       *self,
                                                    const char           *path);
void            clt_application_replace_book       (CltApplication       *self,
                                                    CltWindow            *window,
                                                    const char           *path);
gboolean        clt_application_choose_renderer    (void);
void            clt_application_warm_up            (void);
const char     *clt_application_get_sample_path    (CltApplication       *self);
void            clt_application_open_sample_async  (CltApplication       *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CltWindow      *clt_application_open_sample_finish (CltApplication       *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_WINDOW (clt_window_get_type ())

G_DECLARE_FINAL_TYPE (CltWindow, clt_window, CLT, WINDOW, AdwApplicationWindow)

CltWindow *clt_window_new        (GtkApplication *application);
CltStore  *clt_window_get_store  (CltWindow      *self);
void       clt_window_set_store  (CltWindow      *self,
                                  CltStore       *store);
const char *clt_window_get_path  (CltWindow      *self);
void       clt_window_reload     (CltWindow      *self);
struct _CltBackupActions *clt_window_get_backup_actions (CltWindow *self);
GtkWidget *clt_window_import_file (CltWindow     *self,
                                   GFile         *file);
struct _CltDataActions *clt_window_get_data_actions (CltWindow *self);
void       clt_window_show_error (CltWindow      *self,
                                  const char     *path,
                                  const GError   *error);

void       clt_window_add_toast  (CltWindow      *self,
                                  AdwToast       *toast);

gboolean   clt_window_get_sample (CltWindow      *self);
void       clt_window_set_sample (CltWindow      *self,
                                  gboolean        sample);

gint64     clt_window_get_customer_id (CltWindow *self);
CltOutbox *clt_window_get_outbox      (CltWindow *self);
void       clt_window_set_outbox      (CltWindow *self,
                                       CltOutbox *outbox);
void       clt_window_open_customer   (CltWindow *self,
                                       gint64     customer_id);
void       clt_window_search_for      (CltWindow  *self,
                                       const char *text);
struct _CltSyncRunner *clt_window_get_sync_runner (CltWindow             *self);
void                   clt_window_set_sync_runner (CltWindow             *self,
                                                   struct _CltSyncRunner *runner);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_BACKUP_ACTIONS (clt_backup_actions_get_type ())

G_DECLARE_FINAL_TYPE (CltBackupActions, clt_backup_actions, CLT, BACKUP_ACTIONS, GSimpleActionGroup)

CltBackupActions *clt_backup_actions_new          (GtkWindow        *window,
                                                   CltStore         *store);
CltBackupActions *clt_backup_actions_new_for_damaged (GtkWindow     *window,
                                                      const char    *path);
void              clt_backup_actions_save_copy_to (CltBackupActions *self,
                                                   GFile            *file);
void              clt_backup_actions_restore_from (CltBackupActions *self,
                                                   GFile            *file);
gboolean          clt_backup_actions_get_busy     (CltBackupActions *self);
const char       *clt_backup_actions_get_notice   (CltBackupActions *self);

char             *clt_backup_actions_propose_name (gint64            now_unix);

G_END_DECLS

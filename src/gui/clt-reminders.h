/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_REMINDERS (clt_reminders_get_type ())

G_DECLARE_FINAL_TYPE (CltReminders, clt_reminders, CLT, REMINDERS, GObject)

CltReminders *clt_reminders_new                (GApplication *application,
                                                CltStore     *store);
CltStore     *clt_reminders_get_store          (CltReminders *self);
void          clt_reminders_start              (CltReminders *self);
void          clt_reminders_check              (CltReminders *self);
void          clt_reminders_withdraw           (CltReminders *self,
                                                gint64        promise_id);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PROMISE_DIALOG (clt_promise_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltPromiseDialog, clt_promise_dialog, CLT, PROMISE_DIALOG, AdwWindow)

/* When to be reminded, in the order of the "Remind me" row. */
typedef enum
{
  CLT_PROMISE_REMIND_MORNING,
  CLT_PROMISE_REMIND_DAY_BEFORE,
  CLT_PROMISE_REMIND_NONE,
  CLT_PROMISE_REMIND_CUSTOM,
} CltPromiseRemind;

GtkWidget *clt_promise_dialog_new (GtkWindow *parent,
                                   CltStore  *store,
                                   gint64     customer_id);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CLT_PROMISE_OPEN,
  CLT_PROMISE_KEPT,
  CLT_PROMISE_BROKEN,
  CLT_PROMISE_CANCELLED,
} CltPromiseStatus;

typedef enum
{
  CLT_PROMISES_OPEN,      /* every open promise, soonest due first */
  CLT_PROMISES_OVERDUE,   /* open and past due, oldest first */
  CLT_PROMISES_TODAY,     /* open and due today (local), overdue excluded */
  CLT_PROMISES_ALL,       /* every promise, newest due first */
} CltPromiseFilter;

typedef struct
{
  gint64            id;
  gint64            customer_id;
  char             *customer_name;
  char             *text;
  char             *promised_by;    /* may be NULL */
  gint64            created_at;
  gint64            due_at;         /* unix UTC; end of the day when all_day */
  gboolean          due_all_day;
  gint64            remind_at;      /* 0: no reminder */
  gint64            reminded_at;    /* 0: never fired */
  CltPromiseStatus  status;
  gint64            closed_at;
  guint             n_postponed;
} CltPromise;

const char *clt_promise_status_to_string   (CltPromiseStatus  status);
gboolean    clt_promise_status_from_string (const char       *name,
                                            CltPromiseStatus *status);
void        clt_promise_free               (CltPromise       *promise);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltPromise, clt_promise_free)

G_END_DECLS

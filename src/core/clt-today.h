/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-types.h"

G_BEGIN_DECLS

/* Someone expected today, or whose birthday it is. */
typedef struct
{
  gint64              customer_id;
  char               *name;
  char               *alert;     /* the first alert of their card, may be NULL */
  gint64              when;      /* the visit's time; for a birthday, today */
  CltInteractionKind  kind;      /* visits */
  char               *note;      /* visits, may be NULL */
  int                 age;       /* birthdays, 0 when the year is unknown */
} CltTodayPerson;

/* The morning briefing of a front desk. Promises are CltPromise. */
typedef struct
{
  gint64      day_start;   /* local midnight, unix UTC */
  GPtrArray  *overdue;     /* open, past due, oldest first */
  GPtrArray  *due_today;   /* open, due later today */
  GPtrArray  *expected;    /* CltTodayPerson: planned visits and stays today */
  GPtrArray  *upcoming;    /* open, due in the next six days */
  GPtrArray  *birthdays;   /* CltTodayPerson: today's and this week's */
  GHashTable *alerts;      /* customer id → first alert, for the promises */
} CltToday;

void        clt_today_free       (CltToday   *today);
const char *clt_today_alert_for  (CltToday   *today,
                                  gint64      customer_id);
gboolean    clt_today_is_empty   (CltToday   *today);
char       *clt_today_to_text    (CltToday   *today);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltToday, clt_today_free)

G_END_DECLS

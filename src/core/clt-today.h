/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-types.h"

G_BEGIN_DECLS

/* Someone expected today, or whose birthday it is. */
typedef struct
{
  gint64              customer_id;
  gint64              interaction_id;  /* the planned visit; 0 for a birthday */
  char               *name;
  char               *alert;     /* the first alert of their card, may be NULL */
  gint64              when;      /* the visit's time; for a birthday, today */
  CltInteractionKind  kind;      /* visits */
  char               *note;      /* visits, may be NULL */
  int                 age;       /* birthdays, 0 when the year is unknown */
} CltTodayPerson;

/* The briefing's sections, in the order it reads. */
typedef enum
{
  CLT_TODAY_OVERDUE,
  CLT_TODAY_DUE_TODAY,
  CLT_TODAY_EXPECTED,
  CLT_TODAY_UPCOMING,
  CLT_TODAY_BIRTHDAYS,
  CLT_TODAY_N_SECTIONS
} CltTodaySection;

/* The morning briefing of a front desk. Promises are CltPromise. A
 * briefing read with a limit holds the first items of each section (or the
 * page read last, see clt_store_get_today_page()), and how many there are
 * in all. */
typedef struct
{
  gint64      day_start;   /* local midnight, unix UTC */
  gint64      now;         /* the present it was read at */
  GPtrArray  *overdue;     /* open, past due, oldest first */
  GPtrArray  *due_today;   /* open, due later today */
  GPtrArray  *expected;    /* CltTodayPerson: planned visits and stays today */
  GPtrArray  *upcoming;    /* open, due in the next six days */
  GPtrArray  *birthdays;   /* CltTodayPerson: today's and this week's */
  GHashTable *alerts;      /* customer id → first alert, for the promises */
  GHashTable *phones;      /* customer id → first phone number, for every item */
  guint       totals[CLT_TODAY_N_SECTIONS];  /* items of each section in the book */
} CltToday;

void        clt_today_free       (CltToday   *today);
const char *clt_today_alert_for  (CltToday   *today,
                                  gint64      customer_id);
const char *clt_today_phone_for  (CltToday   *today,
                                  gint64      customer_id);
gboolean    clt_today_is_empty   (CltToday   *today);
GPtrArray  *clt_today_get_items  (CltToday        *today,
                                  CltTodaySection  section);
guint       clt_today_get_total  (CltToday        *today,
                                  CltTodaySection  section);
char       *clt_today_to_text    (CltToday   *today);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltToday, clt_today_free)

G_END_DECLS

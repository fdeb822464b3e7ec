/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-today.h"

G_BEGIN_DECLS

/* What a line of the printed briefing is, which says how it is drawn. */
typedef enum
{
  CLT_BRIEFING_TITLE,    /* "Today, Saturday 5 December 2026" */
  CLT_BRIEFING_HEADER,   /* the business name, the time it was printed */
  CLT_BRIEFING_SECTION,  /* a section's title, in bold */
  CLT_BRIEFING_ITEM,     /* a box to tick, the item, the customer's phone */
  CLT_BRIEFING_ALERT,    /* the customer's first alert, in bold, under its item */
  CLT_BRIEFING_NOTE,     /* "… and 3 more", "Nothing promised…" */
} CltBriefingKind;

typedef struct
{
  CltBriefingKind  kind;
  char            *text;
  char            *phone;   /* items: the customer's first phone, may be NULL */
} CltBriefingLine;

GPtrArray *clt_briefing_lines     (CltToday   *today,
                                   const char *business,
                                   gint64      printed_at);
char      *clt_briefing_base_name (CltToday   *today);

G_END_DECLS

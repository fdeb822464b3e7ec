/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-types.h"

G_BEGIN_DECLS

typedef enum
{
  CLT_REMEMBER_ALERT,
  CLT_REMEMBER_PROMISE,
  CLT_REMEMBER_PREFERENCE,
  CLT_REMEMBER_NOTE,
} CltRememberKind;

#define CLT_REMEMBER_N_KINDS (CLT_REMEMBER_NOTE + 1)

typedef struct
{
  CltRememberKind  kind;
  gint64           id;
  char            *category;   /* preferences: room, food…; may be NULL */
  char            *text;
  char            *author;     /* notes: who wrote it; promises: by whom */
  gint64           when;       /* promises: due; notes: written; unix UTC */
  gboolean         overdue;    /* promises */
  gboolean         sensitive;  /* preferences holding health data */
} CltRememberItem;

typedef struct
{
  gint64              customer_id;
  char               *name;
  GPtrArray          *items;        /* CltRememberItem, in the card's order */
  gint64              last_contact;  /* unix UTC, 0 when never */
  CltInteractionKind  last_kind;
  char               *last_by;
  char               *last_note;
  guint               n_contacts;   /* past visits, stays, calls… */
  gint64              next_planned; /* expected arrival, 0 when none */
  /* By CltRememberKind: how many more the store has than @items holds, when
   * the card was asked for a few of each (clt_store_get_remember_bounded()). */
  guint               n_more[CLT_REMEMBER_N_KINDS];
} CltRemember;

CltRemember *clt_remember_new        (gint64       customer_id,
                                      const char  *name);
void         clt_remember_free       (CltRemember *self);
void         clt_remember_add_item   (CltRemember *self,
                                      CltRememberKind kind,
                                      gint64       id,
                                      const char  *category,
                                      const char  *text,
                                      const char  *author,
                                      gint64       when,
                                      gboolean     overdue,
                                      gboolean     sensitive);
guint        clt_remember_count_kind (CltRemember *self,
                                      CltRememberKind kind);
char        *clt_remember_format_last_contact (CltRemember *self);
char        *clt_remember_format_summary (CltRemember *self,
                                          gint64       now);
char        *clt_remember_to_text    (CltRemember *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltRemember, clt_remember_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  CLT_DATE_ROW_DATE,        /* a day, with a calendar and quick choices */
  CLT_DATE_ROW_DATE_TIME,   /* a day and optionally a time */
  CLT_DATE_ROW_TIME,        /* a time, typed or picked by the quarter hour */
  CLT_DATE_ROW_BIRTHDAY,    /* a day and a month, the year optional */
} CltDateRowKind;

#define CLT_TYPE_DATE_ROW_KIND (clt_date_row_kind_get_type ())
GType clt_date_row_kind_get_type (void);

#define CLT_TYPE_DATE_ROW (clt_date_row_get_type ())
G_DECLARE_FINAL_TYPE (CltDateRow, clt_date_row, CLT, DATE_ROW, AdwEntryRow)

GtkWidget *clt_date_row_new           (CltDateRowKind  kind);

const char *clt_date_row_get_label   (CltDateRow     *self);
gboolean   clt_date_row_is_empty      (CltDateRow     *self);
gboolean   clt_date_row_is_valid      (CltDateRow     *self);
gboolean   clt_date_row_get_date      (CltDateRow     *self,
                                       GDate          *date);
gboolean   clt_date_row_get_time      (CltDateRow     *self,
                                       int            *hour,
                                       int            *minute,
                                       gboolean       *has_time);
GDateTime *clt_date_row_get_date_time (CltDateRow     *self,
                                       gboolean       *has_time);
void       clt_date_row_set_date      (CltDateRow     *self,
                                       const GDate    *date);
void       clt_date_row_set_time      (CltDateRow     *self,
                                       int             hour,
                                       int             minute);
void       clt_date_row_set_date_time (CltDateRow     *self,
                                       GDateTime      *when);
char      *clt_date_row_dup_birthday  (CltDateRow     *self);
void       clt_date_row_set_birthday  (CltDateRow     *self,
                                       const char     *birthday);

gboolean   clt_date_row_twelve_hour   (void);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Dates and times as a person types them, in the current locale's own
 * form (LC_TIME): "06/12/2026", "6 déc. 2026", "demain", "15h30", "3 pm".
 * The command line keeps its strict ISO forms (clt_schedule_parse(),
 * clt_text_parse_birthday()); these are for the window. */

typedef enum
{
  CLT_DATE_ORDER_DMY,
  CLT_DATE_ORDER_MDY,
  CLT_DATE_ORDER_YMD,
} CltDateOrder;

CltDateOrder clt_date_input_order          (void);

gboolean     clt_date_input_parse_date     (const char  *text,
                                            const GDate *today,
                                            GDate       *date);
gboolean     clt_date_input_parse_time     (const char  *text,
                                            int         *hour,
                                            int         *minute);
gboolean     clt_date_input_parse_date_time (const char  *text,
                                             const GDate *today,
                                             GDate       *date,
                                             int         *hour,
                                             int         *minute,
                                             gboolean    *has_time);
char        *clt_date_input_parse_birthday (const char  *text);
gboolean     clt_date_input_parse_due      (GTimeZone   *tz,
                                            const char  *text,
                                            gint64      *due,
                                            gboolean    *all_day);
char        *clt_date_input_example        (GDateTime   *when,
                                            gboolean     with_time);

char        *clt_date_input_format_date    (const GDate *date);
char        *clt_date_input_format_time    (int          hour,
                                            int          minute,
                                            gboolean     twelve_hour);
char        *clt_date_input_format_birthday (const char *birthday);

G_END_DECLS

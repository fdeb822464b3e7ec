/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-sync-doc.h"

G_BEGIN_DECLS

#define CLT_SYNC_ICAL_ERROR (clt_sync_ical_error_quark ())

typedef enum
{
  CLT_SYNC_ICAL_ERROR_DAMAGED,      /* not iCalendar text, or a value in it cannot be read */
  CLT_SYNC_ICAL_ERROR_UNSUPPORTED,  /* neither a task nor a journal entry (an event): leave it alone */
  CLT_SYNC_ICAL_ERROR_NO_CUSTOMER,  /* a task made elsewhere, linked to no customer */
} CltSyncIcalError;

GQuark      clt_sync_ical_error_quark (void);

/* A promise as a VCALENDAR holding one VTODO, a logged contact as one
 * holding a VJOURNAL, with every field's stamp and the state in
 * X-CLIENTELE-* properties. A customer document is a programming error. */
char       *clt_sync_ical_write       (const CltSyncDoc  *doc);

/* The reverse, for text written by Clientele or edited by another
 * program. @base is the version both sides last agreed on, if any: a
 * field that comes without its stamp takes the base's stamp when its value
 * is the base's, else the time the other program says it changed the
 * object (LAST-MODIFIED, else DTSTAMP, but never after @fallback_time,
 * now in µs, which stands in when the text says neither) on the desk "";
 * what only Clientele carries and the other program dropped is kept from
 * @base. A task linked to no customer, with no @base, is an error
 * (%CLT_SYNC_ICAL_ERROR_NO_CUSTOMER): it cannot be shown. */
CltSyncDoc *clt_sync_ical_read        (const char        *text,
                                       const CltSyncDoc  *base,
                                       gint64             fallback_time,
                                       GError           **error);

G_END_DECLS

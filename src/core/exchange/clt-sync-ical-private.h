/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* libical-glib's API changed between 3.0 and 3.1 and is declared
 * unstable: Debian 12 has 3.0.16, which is what this code is written for. */
#define LIBICAL_GLIB_UNSTABLE_API 1
#include <libical-glib/libical-glib.h>

#include "clt-sync-ical.h"

G_BEGIN_DECLS

/* libical-glib 3.0 declares none. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalComponent, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalDuration, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalParameter, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalProperty, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalTime, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalTrigger, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalValue, g_object_unref)

#define ICAL_X_STAMP        "X-CLIENTELE-STAMP"
#define ICAL_X_REMOVED      "X-CLIENTELE-REMOVED"
#define ICAL_X_STATE        "X-CLIENTELE-STATE"
#define ICAL_X_CUSTOMER     "X-CLIENTELE-CUSTOMER"
#define ICAL_X_PROMISED_BY  "X-CLIENTELE-PROMISED-BY"
#define ICAL_X_STATUS       "X-CLIENTELE-STATUS"
#define ICAL_X_CLOSED       "X-CLIENTELE-CLOSED"
#define ICAL_X_PLANNED      "X-CLIENTELE-PLANNED"
#define ICAL_X_STAFF        "X-CLIENTELE-STAFF"
/* RELATED-TO;RELTYPE=X-CLIENTELE-CUSTOMER:UID, so that a RELATED-TO a
 * phone's tasks app writes for a subtask is not taken for a customer. */
#define ICAL_RELTYPE_CUSTOMER "X-CLIENTELE-CUSTOMER"

#define USEC_PER_SEC G_GINT64_CONSTANT (1000000)

const char   *clt_sync_ical_state_to_string   (CltSyncState  state);
gboolean      clt_sync_ical_state_from_string (const char   *name,
                                               CltSyncState *state);

/* libical 3.0 writes no DATE-TIME after the year 3000: a time is read up
 * to the end of 2999, so that it can be written again in any zone. */
#define ICAL_LAST_YEAR 2999

/* Unix seconds as a UTC DATE-TIME, or %NULL after the year 3000. */
ICalTime     *clt_sync_ical_time_new_utc      (gint64        unix_time);
/* Unix seconds of a DATE-TIME: UTC, in its TZID's zone, or floating (the
 * zone of this desk); of a DATE, its start on this desk; 0 for none, or
 * for a year before the book's first or after %ICAL_LAST_YEAR. */
gint64        clt_sync_ical_time_to_unix      (ICalTime     *time);

/* Reading one VTODO or VJOURNAL (clt-sync-ical-read.c), field by field
 * (clt-sync-ical-fields.c). */
/* What a field's absence means. */
typedef enum
{
  CLT_SYNC_ICAL_ABSENT_REMOVED,  /* a standard property another program can remove (SUMMARY, DUE, a VALARM) */
  CLT_SYNC_ICAL_ABSENT_KEPT,     /* Clientele's own, or one other programs drop without meaning it */
} CltSyncIcalAbsent;

typedef struct
{
  CltSyncDoc       *doc;
  const CltSyncDoc *base;
  ICalComponent    *comp;
  GHashTable       *stamps;    /* key → Stamp */
  GHashTable       *removed;   /* key → Stamp */
  gboolean          clientele; /* Clientele's properties are there (X-CLIENTELE-STATE) */
  gint64            modified;  /* µs: when another program changed it */
} CltSyncIcalReader;

char         *clt_sync_ical_dup_text          (const char         *text);
gboolean      clt_sync_ical_has_property      (ICalComponent      *comp,
                                               ICalPropertyKind    kind);
char         *clt_sync_ical_dup_x             (ICalComponent      *comp,
                                               const char         *name);
gint64        clt_sync_ical_property_time     (ICalComponent      *comp,
                                               ICalPropertyKind    kind);
void          clt_sync_ical_resolve           (CltSyncIcalReader  *reader,
                                               const char         *key,
                                               GVariant           *value,
                                               CltSyncIcalAbsent   absent);
void          clt_sync_ical_resolve_string    (CltSyncIcalReader  *reader,
                                               const char         *key,
                                               const char         *value,
                                               CltSyncIcalAbsent   absent);
void          clt_sync_ical_resolve_text      (CltSyncIcalReader  *reader,
                                               const char         *key,
                                               ICalPropertyKind    kind);
void          clt_sync_ical_resolve_time      (CltSyncIcalReader  *reader,
                                               const char         *key,
                                               ICalPropertyKind    kind,
                                               CltSyncIcalAbsent   absent);
void          clt_sync_ical_resolve_x         (CltSyncIcalReader  *reader,
                                               const char         *key,
                                               const char         *name);
void          clt_sync_ical_read_promise      (CltSyncIcalReader  *reader);
void          clt_sync_ical_read_contact      (CltSyncIcalReader  *reader);

G_END_DECLS

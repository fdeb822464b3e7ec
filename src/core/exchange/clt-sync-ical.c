/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include "clt-schedule.h"
#include "clt-sync-ical-private.h"

/* A promise is a VTODO, a logged contact a VJOURNAL, each alone in its
 * VCALENDAR, as CalDAV wants it. What other programs understand is written
 * in the standard properties (SUMMARY, DUE, STATUS, a VALARM, CREATED…);
 * what only Clientele knows in its own, which other programs keep and
 * ignore, and which clt-sync-ical-read.c reads back:
 *
 *   X-CLIENTELE-CUSTOMER:UID         the customer's vCard UID (also in
 *                                    RELATED-TO;RELTYPE=X-CLIENTELE-CUSTOMER)
 *   X-CLIENTELE-PROMISED-BY:Marie    who promised
 *   X-CLIENTELE-STATUS:broken        a broken promise (STATUS:CANCELLED)
 *   X-CLIENTELE-CLOSED:20250314T090000Z
 *                                    when a promise not kept was closed (a
 *                                    kept one has COMPLETED)
 *   X-CLIENTELE-PLANNED:1            a planned contact (1 or 0)
 *   X-CLIENTELE-STAFF:Marie          who logged the contact
 *   X-CLIENTELE-STAMP:KEY CHANGED DESK     when each field last changed
 *   X-CLIENTELE-REMOVED:KEY CHANGED DESK   when a field was removed
 *   X-CLIENTELE-STATE:STATE CHANGED DESK   live, deleted or erased, and when
 *
 * the last three as clt_sync_stamp_format() writes them (STATE in KEY's
 * place). A contact's kind is its CATEGORIES; an all-day promise's DUE is
 * the DATE it falls on here (its "due" is the end of that day, as
 * clt_schedule_due() makes it); every other time is a UTC DATE-TIME.
 * LAST-MODIFIED and DTSTAMP are the latest stamp, so that writing the same
 * document gives the same text. */

G_DEFINE_QUARK (clt-sync-ical-error-quark, clt_sync_ical_error)

static const char *const state_names[] = { "live", "deleted", "erased" };

const char *
clt_sync_ical_state_to_string (CltSyncState state)
{
  g_assert (state < G_N_ELEMENTS (state_names));

  return state_names[state];
}

gboolean
clt_sync_ical_state_from_string (const char   *name,
                                 CltSyncState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (name, state_names[i]) == 0)
      {
        *state = (CltSyncState) i;
        return TRUE;
      }

  return FALSE;
}

ICalTime *
clt_sync_ical_time_new_utc (gint64 unix_time)
{
  g_autoptr(ICalTime) time = i_cal_time_new_from_timet_with_zone ((time_t) unix_time, FALSE,
                                                                  i_cal_timezone_get_utc_timezone ());

  if (i_cal_time_get_year (time) > ICAL_LAST_YEAR + 1)
    return NULL;

  return g_steal_pointer (&time);
}

gint64
clt_sync_ical_time_to_unix (ICalTime *time)
{
  g_autoptr(GTimeZone) local = NULL;

  if (i_cal_time_is_null_time (time) ||
      i_cal_time_get_year (time) < CLT_SCHEDULE_FIRST_YEAR - 1 ||
      i_cal_time_get_year (time) > ICAL_LAST_YEAR)
    return 0;

  if (!i_cal_time_is_date (time) &&
      (i_cal_time_is_utc (time) || i_cal_time_get_tzid (time) != NULL))
    {
      g_autoptr(ICalTime) utc = i_cal_time_convert_to_zone (time, i_cal_timezone_get_utc_timezone ());

      return (gint64) i_cal_time_as_timet (utc);
    }

  /* A DATE, a floating time, or one in a zone neither the text nor the
   * system knows: as the clock on this desk shows it. */
  local = g_time_zone_new_local ();
  if (i_cal_time_is_date (time))
    return clt_schedule_local_time (local, i_cal_time_get_year (time), i_cal_time_get_month (time),
                                    i_cal_time_get_day (time), 0, 0);

  return clt_schedule_local_time (local, i_cal_time_get_year (time), i_cal_time_get_month (time),
                                  i_cal_time_get_day (time), i_cal_time_get_hour (time),
                                  i_cal_time_get_minute (time))
         + i_cal_time_get_second (time);
}

/* libical reads an empty value as an error: an empty text is left out,
 * and read back from its stamp. */
static void
add_x (ICalComponent *comp,
       const char    *name,
       const char    *value)
{
  ICalProperty *prop;

  if (value == NULL || *value == '\0')
    return;

  prop = i_cal_property_new_x (value);

  i_cal_property_set_x_name (prop, name);
  i_cal_component_take_property (comp, prop);
}

static gboolean
get_int64 (const CltSyncDoc *doc,
           const char       *key,
           gint64           *out)
{
  GVariant *value = NULL;

  if (!clt_sync_doc_lookup (doc, key, &value, NULL, NULL) || value == NULL ||
      !g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return FALSE;

  *out = g_variant_get_int64 (value);
  return TRUE;
}

static gboolean
get_boolean (const CltSyncDoc *doc,
             const char       *key,
             gboolean         *out)
{
  GVariant *value = NULL;

  if (!clt_sync_doc_lookup (doc, key, &value, NULL, NULL) || value == NULL ||
      !g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return FALSE;

  *out = g_variant_get_boolean (value);
  return TRUE;
}

static void
add_utc (ICalComponent *comp,
         ICalProperty  *(*new_property) (ICalTime *),
         gint64         unix_time)
{
  g_autoptr(ICalTime) time = clt_sync_ical_time_new_utc (unix_time);

  if (time != NULL)
    i_cal_component_take_property (comp, new_property (time));
}

/* The customer, in both properties. */
static void
add_customer (ICalComponent    *comp,
              const CltSyncDoc *doc)
{
  const char *customer = clt_sync_doc_get_string (doc, "customer");
  ICalProperty *related;

  if (customer == NULL)
    return;

  related = i_cal_property_new_relatedto (customer);
  i_cal_property_set_parameter_from_string (related, "RELTYPE", ICAL_RELTYPE_CUSTOMER);
  i_cal_component_take_property (comp, related);
  add_x (comp, ICAL_X_CUSTOMER, customer);
}

/* CREATED, DTSTAMP, LAST-MODIFIED, then every stamp and the state. */
static void
add_stamps (ICalComponent    *comp,
            const CltSyncDoc *doc)
{
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys (doc);
  g_autofree char *state_text = NULL;
  const char *state_desk = NULL;
  gint64 state_changed = 0;
  CltSyncState state = clt_sync_doc_get_state (doc, &state_changed, &state_desk);
  gint64 latest = state_changed;
  gint64 created;

  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autofree char *text = NULL;
      GVariant *value = NULL;
      const char *desk = NULL;
      gint64 changed = 0;

      clt_sync_doc_lookup (doc, key, &value, &changed, &desk);
      latest = MAX (latest, changed);
      text = clt_sync_stamp_format (key, changed, desk);
      add_x (comp, value != NULL ? ICAL_X_STAMP : ICAL_X_REMOVED, text);
    }
  state_text = clt_sync_stamp_format (clt_sync_ical_state_to_string (state), state_changed, state_desk);
  add_x (comp, ICAL_X_STATE, state_text);

  if (get_int64 (doc, "created", &created))
    add_utc (comp, i_cal_property_new_created, created);
  /* A document never changed still needs its DTSTAMP. */
  if (latest == 0)
    latest = g_get_real_time ();
  add_utc (comp, i_cal_property_new_dtstamp, latest / USEC_PER_SEC);
  add_utc (comp, i_cal_property_new_lastmodified, latest / USEC_PER_SEC);
}

static void
add_due (ICalComponent    *todo,
         const CltSyncDoc *doc)
{
  g_autoptr(ICalTime) time = NULL;
  gboolean all_day = FALSE;
  gint64 due;

  if (!get_int64 (doc, "due", &due))
    return;

  get_boolean (doc, "all-day", &all_day);
  if (all_day)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (due);

      if (at == NULL)
        return;
      time = i_cal_time_new_null_date ();
      i_cal_time_set_date (time, g_date_time_get_year (at), g_date_time_get_month (at),
                           g_date_time_get_day_of_month (at));
    }
  else
    {
      time = clt_sync_ical_time_new_utc (due);
    }

  if (time != NULL)
    i_cal_component_take_property (todo, i_cal_property_new_due (time));
}

static void
add_alarm (ICalComponent    *todo,
           const CltSyncDoc *doc)
{
  g_autoptr(ICalTime) time = NULL;
  g_autoptr(ICalTrigger) trigger = NULL;
  ICalComponent *alarm;
  const char *text = clt_sync_doc_get_string (doc, "text");
  gint64 remind;

  if (!get_int64 (doc, "remind", &remind))
    return;

  time = clt_sync_ical_time_new_utc (remind);
  if (time == NULL)
    return;
  trigger = i_cal_trigger_new_from_int (0);
  i_cal_trigger_set_time (trigger, time);

  alarm = i_cal_component_new_valarm ();
  i_cal_component_take_property (alarm, i_cal_property_new_action (I_CAL_ACTION_DISPLAY));
  i_cal_component_take_property (alarm, i_cal_property_new_trigger (trigger));
  i_cal_component_take_property (alarm, i_cal_property_new_description (text != NULL && *text != '\0'
                                                                        ? text : "Clientele"));
  i_cal_component_take_component (todo, alarm);
}

static void
add_status (ICalComponent    *todo,
            const CltSyncDoc *doc)
{
  const char *status = clt_sync_doc_get_string (doc, "status");
  gboolean kept = g_strcmp0 (status, "kept") == 0;
  gint64 closed;

  if (kept)
    i_cal_component_take_property (todo, i_cal_property_new_status (I_CAL_STATUS_COMPLETED));
  else if (g_strcmp0 (status, "cancelled") == 0 || g_strcmp0 (status, "broken") == 0)
    i_cal_component_take_property (todo, i_cal_property_new_status (I_CAL_STATUS_CANCELLED));
  else if (g_strcmp0 (status, "open") == 0)
    i_cal_component_take_property (todo, i_cal_property_new_status (I_CAL_STATUS_NEEDSACTION));

  if (g_strcmp0 (status, "broken") == 0)
    add_x (todo, ICAL_X_STATUS, "broken");

  if (!get_int64 (doc, "closed", &closed))
    return;
  if (kept)
    {
      add_utc (todo, i_cal_property_new_completed, closed);
    }
  else
    {
      g_autoptr(ICalTime) time = clt_sync_ical_time_new_utc (closed);
      g_autofree char *text = time != NULL ? i_cal_time_as_ical_string (time) : NULL;

      add_x (todo, ICAL_X_CLOSED, text);
    }
}

static ICalComponent *
promise_to_vtodo (const CltSyncDoc *doc)
{
  ICalComponent *todo = i_cal_component_new_vtodo ();
  const char *text = clt_sync_doc_get_string (doc, "text");
  const char *promised_by = clt_sync_doc_get_string (doc, "promised-by");

  i_cal_component_take_property (todo, i_cal_property_new_uid (clt_sync_doc_get_uid (doc)));
  if (text != NULL && *text != '\0')
    i_cal_component_take_property (todo, i_cal_property_new_summary (text));
  add_due (todo, doc);
  add_status (todo, doc);
  add_customer (todo, doc);
  add_x (todo, ICAL_X_PROMISED_BY, promised_by);
  add_stamps (todo, doc);
  add_alarm (todo, doc);

  return todo;
}

static ICalComponent *
contact_to_vjournal (const CltSyncDoc *doc)
{
  ICalComponent *journal = i_cal_component_new_vjournal ();
  const char *note = clt_sync_doc_get_string (doc, "note");
  const char *kind = clt_sync_doc_get_string (doc, "kind");
  const char *staff = clt_sync_doc_get_string (doc, "staff");
  gboolean planned;
  gint64 at;

  i_cal_component_take_property (journal, i_cal_property_new_uid (clt_sync_doc_get_uid (doc)));
  if (get_int64 (doc, "at", &at))
    add_utc (journal, i_cal_property_new_dtstart, at);
  if (note != NULL && *note != '\0')
    {
      /* Other programs list journal entries by their SUMMARY. */
      g_autofree char *first_line = g_strndup (note, strcspn (note, "\r\n"));

      if (*first_line != '\0')
        i_cal_component_take_property (journal, i_cal_property_new_summary (first_line));
      i_cal_component_take_property (journal, i_cal_property_new_description (note));
    }
  if (kind != NULL)
    i_cal_component_take_property (journal, i_cal_property_new_categories (kind));
  if (get_boolean (doc, "planned", &planned))
    add_x (journal, ICAL_X_PLANNED, planned ? "1" : "0");
  add_x (journal, ICAL_X_STAFF, staff);
  add_customer (journal, doc);
  add_stamps (journal, doc);

  return journal;
}

/**
 * clt_sync_ical_write:
 *
 * Returns: (transfer full): @doc as iCalendar text, lines ended with CRLF
 */
char *
clt_sync_ical_write (const CltSyncDoc *doc)
{
  g_autoptr(ICalComponent) calendar = NULL;
  CltSyncKind kind;

  g_return_val_if_fail (doc != NULL, NULL);
  kind = clt_sync_doc_get_kind (doc);
  g_return_val_if_fail (kind == CLT_SYNC_PROMISE || kind == CLT_SYNC_CONTACT, NULL);

  calendar = i_cal_component_new_vcalendar ();
  i_cal_component_take_property (calendar, i_cal_property_new_prodid ("-//Clientele//Clientele " PACKAGE_VERSION "//EN"));
  i_cal_component_take_property (calendar, i_cal_property_new_version ("2.0"));
  i_cal_component_take_component (calendar, kind == CLT_SYNC_PROMISE ? promise_to_vtodo (doc)
                                                                      : contact_to_vjournal (doc));

  return i_cal_component_as_ical_string (calendar);
}

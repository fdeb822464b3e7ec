/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include "clt-schedule.h"
#include "clt-sync-ical-private.h"
#include "clt-types.h"

/* What each field of a promise (a VTODO) and of a logged contact (a
 * VJOURNAL) is in iCalendar, as clt-sync-ical.c writes it and as other
 * programs may have changed it; clt_sync_ical_resolve() stamps it. */

static void
resolve_customer (CltSyncIcalReader *reader)
{
  g_autofree char *customer = clt_sync_ical_dup_x (reader->comp, ICAL_X_CUSTOMER);

  for (ICalProperty *prop = customer == NULL
                            ? i_cal_component_get_first_property (reader->comp, I_CAL_RELATEDTO_PROPERTY)
                            : NULL;
       prop != NULL;
       prop = i_cal_component_get_next_property (reader->comp, I_CAL_RELATEDTO_PROPERTY))
    {
      g_autoptr(ICalProperty) owned = prop;
      g_autofree char *reltype = i_cal_property_get_parameter_as_string (prop, "RELTYPE");

      if (g_strcmp0 (reltype, ICAL_RELTYPE_CUSTOMER) == 0)
        {
          customer = clt_sync_ical_dup_text (i_cal_property_get_relatedto (prop));
          break;
        }
    }

  if (customer != NULL && *customer == '\0')
    g_clear_pointer (&customer, g_free);
  clt_sync_ical_resolve_string (reader, "customer", customer, CLT_SYNC_ICAL_ABSENT_KEPT);
}

/* A time the book can keep, or %NULL. */
static GVariant *
time_value (gint64 time)
{
  return clt_schedule_time_in_range (time) ? g_variant_new_int64 (time) : NULL;
}

/* DUE and whether it is a day; its time for a relative alarm (a day
 * starts at midnight there), 0 without one. */
static gint64
resolve_due (CltSyncIcalReader *reader)
{
  g_autoptr(ICalTime) due = NULL;
  g_autoptr(GTimeZone) local = NULL;
  GVariant *value = NULL;
  gint64 at = 0;

  if (clt_sync_ical_has_property (reader->comp, I_CAL_DUE_PROPERTY))
    {
      due = i_cal_component_get_due (reader->comp);
      at = clt_sync_ical_time_to_unix (due);
      /* A day: its end, as the book keeps a promise for a day. */
      local = g_time_zone_new_local ();
      if (at != 0)
        value = time_value (i_cal_time_is_date (due)
                            ? clt_schedule_due (local, i_cal_time_get_year (due), i_cal_time_get_month (due),
                                                i_cal_time_get_day (due), 0, 0, TRUE)
                            : at);
    }

  /* A day the book cannot keep is no due day. */
  if (value == NULL)
    {
      clt_sync_ical_resolve (reader, "due", NULL, CLT_SYNC_ICAL_ABSENT_REMOVED);
      clt_sync_ical_resolve (reader, "all-day", NULL, CLT_SYNC_ICAL_ABSENT_REMOVED);
      return 0;
    }

  clt_sync_ical_resolve (reader, "due", value, CLT_SYNC_ICAL_ABSENT_REMOVED);
  clt_sync_ical_resolve (reader, "all-day", g_variant_new_boolean (i_cal_time_is_date (due)),
                         CLT_SYNC_ICAL_ABSENT_REMOVED);

  return at;
}

/* When a VALARM's TRIGGER fires: at a time, or a duration before or after
 * the task's start (its DTSTART, else its DUE) or its end (DUE). */
static gint64
trigger_time (CltSyncIcalReader *reader,
              ICalProperty      *prop,
              gint64             due)
{
  g_autoptr(ICalTrigger) trigger = i_cal_property_get_trigger (prop);
  g_autoptr(ICalTime) time = i_cal_trigger_get_time (trigger);
  g_autoptr(ICalDuration) duration = NULL;
  g_autoptr(ICalParameter) related = NULL;
  gint64 anchor = due;

  if (time != NULL && !i_cal_time_is_null_time (time))
    return clt_sync_ical_time_to_unix (time);

  related = i_cal_property_get_first_parameter (prop, I_CAL_RELATED_PARAMETER);
  if ((related == NULL || i_cal_parameter_get_related (related) != I_CAL_RELATED_END) &&
      clt_sync_ical_has_property (reader->comp, I_CAL_DTSTART_PROPERTY))
    {
      g_autoptr(ICalTime) start = i_cal_component_get_dtstart (reader->comp);

      anchor = clt_sync_ical_time_to_unix (start);
    }
  if (anchor == 0)
    return 0;

  duration = i_cal_trigger_get_duration (trigger);
  return anchor + i_cal_duration_as_int (duration);
}

/* The earliest of the task's alarms. */
static void
resolve_remind (CltSyncIcalReader *reader,
                gint64             due)
{
  gint64 remind = 0;

  for (ICalComponent *alarm = i_cal_component_get_first_component (reader->comp, I_CAL_VALARM_COMPONENT);
       alarm != NULL;
       alarm = i_cal_component_get_next_component (reader->comp, I_CAL_VALARM_COMPONENT))
    {
      g_autoptr(ICalComponent) owned = alarm;
      g_autoptr(ICalProperty) prop = i_cal_component_get_first_property (alarm, I_CAL_TRIGGER_PROPERTY);
      gint64 at;

      if (prop == NULL)
        continue;
      at = trigger_time (reader, prop, due);
      if (at > 0 && (remind == 0 || at < remind))
        remind = at;
    }

  clt_sync_ical_resolve (reader, "remind", time_value (remind), CLT_SYNC_ICAL_ABSENT_REMOVED);
}

static void
resolve_status (CltSyncIcalReader *reader)
{
  ICalPropertyStatus status = I_CAL_STATUS_NONE;
  g_autofree char *clientele_status = clt_sync_ical_dup_x (reader->comp, ICAL_X_STATUS);
  g_autofree char *closed_text = NULL;
  gint64 closed = clt_sync_ical_property_time (reader->comp, I_CAL_COMPLETED_PROPERTY);
  GVariant *known = NULL;
  const char *name;

  if (!clt_schedule_time_in_range (closed))
    closed = 0;
  if (clt_sync_ical_has_property (reader->comp, I_CAL_STATUS_PROPERTY))
    status = i_cal_component_get_status (reader->comp);

  switch (status)
    {
    case I_CAL_STATUS_COMPLETED:
      name = "kept";
      break;
    case I_CAL_STATUS_CANCELLED:
      /* Broken is Clientele's word: kept from the base when the other
       * program dropped what says so. */
      if (g_strcmp0 (clientele_status, "broken") == 0 ||
          (clientele_status == NULL && !g_hash_table_contains (reader->stamps, "status") &&
           reader->base != NULL && g_strcmp0 (clt_sync_doc_get_string (reader->base, "status"), "broken") == 0))
        name = "broken";
      else
        name = "cancelled";
      break;
    case I_CAL_STATUS_NONE:
      /* No status is an open task, unless Clientele wrote none. */
      if (closed != 0)
        name = "kept";
      else if (g_hash_table_contains (reader->removed, "status") ||
               (reader->clientele && !g_hash_table_contains (reader->stamps, "status")))
        name = NULL;
      else
        name = "open";
      break;
    default:
      name = "open";
      break;
    }
  clt_sync_ical_resolve_string (reader, "status", name, CLT_SYNC_ICAL_ABSENT_REMOVED);

  if (closed == 0 && (closed_text = clt_sync_ical_dup_x (reader->comp, ICAL_X_CLOSED)) != NULL)
    {
      g_autoptr(ICalTime) time = i_cal_time_new_from_string (closed_text);

      closed = i_cal_time_is_valid_time (time) ? clt_sync_ical_time_to_unix (time) : 0;
    }
  if (!clt_schedule_time_in_range (closed))
    closed = 0;

  if (closed != 0 || name == NULL || g_strcmp0 (name, "open") == 0)
    {
      clt_sync_ical_resolve (reader, "closed", time_value (closed), CLT_SYNC_ICAL_ABSENT_REMOVED);
      return;
    }

  /* Closed elsewhere without saying when: when it was changed. */
  clt_sync_ical_resolve (reader, "closed", NULL, CLT_SYNC_ICAL_ABSENT_KEPT);
  if ((!clt_sync_doc_lookup (reader->doc, "closed", &known, NULL, NULL) || known == NULL) &&
      clt_schedule_time_in_range (reader->modified / USEC_PER_SEC))
    clt_sync_doc_set (reader->doc, "closed", g_variant_new_int64 (reader->modified / USEC_PER_SEC),
                      reader->modified, "");
}

void
clt_sync_ical_read_promise (CltSyncIcalReader *reader)
{
  gint64 due;

  clt_sync_ical_resolve_text (reader, "text", I_CAL_SUMMARY_PROPERTY);
  due = resolve_due (reader);
  resolve_remind (reader, due);
  resolve_status (reader);
  resolve_customer (reader);
  clt_sync_ical_resolve_x (reader, "promised-by", ICAL_X_PROMISED_BY);
  clt_sync_ical_resolve_time (reader, "created", I_CAL_CREATED_PROPERTY,
                              CLT_SYNC_ICAL_ABSENT_KEPT);
}

/* The first of its categories that is a kind of contact. */
static void
resolve_kind (CltSyncIcalReader *reader)
{
  g_autofree char *kind = NULL;

  for (ICalProperty *prop = i_cal_component_get_first_property (reader->comp, I_CAL_CATEGORIES_PROPERTY);
       prop != NULL;
       prop = i_cal_component_get_next_property (reader->comp, I_CAL_CATEGORIES_PROPERTY))
    {
      g_autoptr(ICalProperty) owned = prop;
      g_auto(GStrv) names = g_strsplit (i_cal_property_get_categories (prop), ",", -1);

      for (guint i = 0; kind == NULL && names[i] != NULL; i++)
        {
          CltInteractionKind known;

          g_strstrip (names[i]);
          if (clt_interaction_kind_from_string (names[i], &known))
            kind = g_strdup (names[i]);
        }
    }

  clt_sync_ical_resolve_string (reader, "kind", kind, CLT_SYNC_ICAL_ABSENT_KEPT);
}

static void
resolve_planned (CltSyncIcalReader *reader)
{
  g_autofree char *text = clt_sync_ical_dup_x (reader->comp, ICAL_X_PLANNED);
  GVariant *value = NULL;

  if (g_strcmp0 (text, "1") == 0 || g_ascii_strcasecmp (text ? text : "", "true") == 0)
    value = g_variant_new_boolean (TRUE);
  else if (g_strcmp0 (text, "0") == 0 || g_ascii_strcasecmp (text ? text : "", "false") == 0)
    value = g_variant_new_boolean (FALSE);

  clt_sync_ical_resolve (reader, "planned", value, CLT_SYNC_ICAL_ABSENT_KEPT);
}

void
clt_sync_ical_read_contact (CltSyncIcalReader *reader)
{
  /* The note is the DESCRIPTION; a program that has none gives a SUMMARY. */
  clt_sync_ical_resolve_text (reader, "note",
                              clt_sync_ical_has_property (reader->comp, I_CAL_DESCRIPTION_PROPERTY)
                              ? I_CAL_DESCRIPTION_PROPERTY : I_CAL_SUMMARY_PROPERTY);
  clt_sync_ical_resolve_time (reader, "at", I_CAL_DTSTART_PROPERTY, CLT_SYNC_ICAL_ABSENT_REMOVED);
  resolve_kind (reader);
  resolve_planned (reader);
  clt_sync_ical_resolve_x (reader, "staff", ICAL_X_STAFF);
  resolve_customer (reader);
  clt_sync_ical_resolve_time (reader, "created", I_CAL_CREATED_PROPERTY,
                              CLT_SYNC_ICAL_ABSENT_KEPT);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-promise.h"
#include "clt-schedule.h"
#include "clt-sync-ical-private.h"
#include "clt-types.h"

/* Reads what clt-sync-ical.c writes, and what other programs make of it:
 * GNOME To Do, Thunderbird, Evolution, Apple Reminders or a phone's tasks
 * app may edit a task, drop the X-CLIENTELE-* properties or keep them
 * unchanged beside the field they edited. So a stamp is believed only when
 * the value it stamps is still the one it was written with: a value that
 * differs from @base's under @base's own stamp was changed by another
 * program, at the time it says it changed the object. */

typedef struct
{
  gint64  changed;
  char   *desk;
} Stamp;

/* What a field's absence means. */
typedef enum
{
  ABSENT_REMOVED,  /* a standard property another program can remove (SUMMARY, DUE, a VALARM) */
  ABSENT_KEPT,     /* Clientele's own, or one other programs drop without meaning it */
} Absent;

typedef struct
{
  CltSyncDoc       *doc;
  const CltSyncDoc *base;
  ICalComponent    *comp;
  GHashTable       *stamps;    /* key → Stamp */
  GHashTable       *removed;   /* key → Stamp */
  gboolean          clientele; /* Clientele's properties are there (X-CLIENTELE-STATE) */
  gint64            modified;  /* µs: when another program changed it */
} Reader;

static void
stamp_free (gpointer data)
{
  Stamp *stamp = data;

  g_free (stamp->desk);
  g_free (stamp);
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->doc, clt_sync_doc_unref);
  g_clear_object (&reader->comp);
  g_clear_pointer (&reader->stamps, g_hash_table_unref);
  g_clear_pointer (&reader->removed, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static gboolean
has_property (ICalComponent   *comp,
              ICalPropertyKind kind)
{
  g_autoptr(ICalProperty) prop = i_cal_component_get_first_property (comp, kind);

  return prop != NULL;
}

/* The value of the first X-property called @name, or %NULL. */
static char *
dup_x (ICalComponent *comp,
       const char    *name)
{
  for (ICalProperty *prop = i_cal_component_get_first_property (comp, I_CAL_X_PROPERTY);
       prop != NULL;
       prop = i_cal_component_get_next_property (comp, I_CAL_X_PROPERTY))
    {
      g_autoptr(ICalProperty) owned = prop;

      if (g_ascii_strcasecmp (i_cal_property_get_x_name (prop), name) == 0)
        return g_strdup (i_cal_property_get_x (prop));
    }

  return NULL;
}

static gint64
property_time (ICalComponent   *comp,
               ICalPropertyKind kind)
{
  g_autoptr(ICalProperty) prop = i_cal_component_get_first_property (comp, kind);
  g_autoptr(ICalValue) value = NULL;
  g_autoptr(ICalTime) time = NULL;

  if (prop == NULL)
    return 0;
  value = i_cal_property_get_value (prop);
  if (value == NULL)
    return 0;
  time = i_cal_value_get_datetime (value);

  return time != NULL ? clt_sync_ical_time_to_unix (time) : 0;
}

static const char *
label (ICalComponent *comp)
{
  const char *summary = i_cal_component_get_summary (comp);

  return summary != NULL && *summary != '\0' ? summary : i_cal_component_get_uid (comp);
}

static void
read_stamps (Reader *reader)
{
  for (ICalProperty *prop = i_cal_component_get_first_property (reader->comp, I_CAL_X_PROPERTY);
       prop != NULL;
       prop = i_cal_component_get_next_property (reader->comp, I_CAL_X_PROPERTY))
    {
      g_autoptr(ICalProperty) owned = prop;
      const char *name = i_cal_property_get_x_name (prop);
      g_autofree char *key = NULL;
      g_autofree char *desk = NULL;
      GHashTable *table;
      CltSyncState state;
      Stamp *stamp;
      gint64 changed;

      if (g_ascii_strcasecmp (name, ICAL_X_STAMP) == 0)
        table = reader->stamps;
      else if (g_ascii_strcasecmp (name, ICAL_X_REMOVED) == 0)
        table = reader->removed;
      else if (g_ascii_strcasecmp (name, ICAL_X_STATE) == 0)
        table = NULL;
      else
        continue;

      if (!clt_sync_stamp_parse (i_cal_property_get_x (prop), &key, &changed, &desk))
        continue;

      if (table == NULL)
        {
          reader->clientele = TRUE;
          if (clt_sync_ical_state_from_string (key, &state))
            clt_sync_doc_set_state (reader->doc, state, changed, desk);
          continue;
        }

      stamp = g_new0 (Stamp, 1);
      stamp->changed = changed;
      stamp->desk = g_steal_pointer (&desk);
      g_hash_table_replace (table, g_steal_pointer (&key), stamp);
    }
}

/* When another program changed a field: after the version both sides
 * agreed on, whatever its clock says. */
static gint64
changed_after (Reader *reader,
               gint64  base_changed)
{
  return MAX (reader->modified, base_changed + 1);
}

/* Sets @key to @value (floating, or %NULL when the text has none) with
 * the stamp it deserves. */
static void
resolve (Reader     *reader,
         const char *key,
         GVariant   *value,
         Absent      absent)
{
  g_autoptr(GVariant) owned = value != NULL ? g_variant_ref_sink (value) : NULL;
  Stamp *stamp = g_hash_table_lookup (reader->stamps, key);
  Stamp *removed = g_hash_table_lookup (reader->removed, key);
  GVariant *base_value = NULL;
  const char *base_desk = NULL;
  gint64 base_changed = 0;
  gboolean in_base;

  in_base = reader->base != NULL &&
            clt_sync_doc_lookup (reader->base, key, &base_value, &base_changed, &base_desk);

  if (owned != NULL)
    {
      gboolean stale;

      if (in_base && base_value != NULL && g_variant_equal (base_value, owned))
        {
          if (stamp != NULL)
            clt_sync_doc_set (reader->doc, key, owned, stamp->changed, stamp->desk);
          else
            clt_sync_doc_set (reader->doc, key, owned, base_changed, base_desk);
          return;
        }

      /* A value changed beside a stamp left as it was. */
      stale = in_base && stamp != NULL && stamp->changed == base_changed &&
              g_strcmp0 (stamp->desk, base_desk) == 0;
      if (stamp != NULL && !stale)
        clt_sync_doc_set (reader->doc, key, owned, stamp->changed, stamp->desk);
      else
        clt_sync_doc_set (reader->doc, key, owned, changed_after (reader, base_changed), "");
    }
  else if (removed != NULL)
    {
      clt_sync_doc_set (reader->doc, key, NULL, removed->changed, removed->desk);
    }
  else if (in_base && (absent == ABSENT_KEPT || base_value == NULL))
    {
      clt_sync_doc_set (reader->doc, key, base_value, base_changed, base_desk);
    }
  else if (in_base)
    {
      clt_sync_doc_set (reader->doc, key, NULL, changed_after (reader, base_changed), "");
    }
}

static void
resolve_string (Reader     *reader,
                const char *key,
                const char *value,
                Absent      absent)
{
  resolve (reader, key, value != NULL ? g_variant_new_string (value) : NULL, absent);
}

/* A text property absent while its stamp is there: the empty text, which
 * libical does not write. */
static void
resolve_text (Reader          *reader,
              const char      *key,
              ICalPropertyKind kind)
{
  g_autoptr(ICalProperty) prop = i_cal_component_get_first_property (reader->comp, kind);
  g_autoptr(ICalValue) value = prop != NULL ? i_cal_property_get_value (prop) : NULL;
  const char *text = value != NULL ? i_cal_value_get_text (value) : NULL;

  if (text == NULL && g_hash_table_contains (reader->stamps, key))
    text = "";
  resolve_string (reader, key, text, ABSENT_REMOVED);
}

static void
resolve_time (Reader          *reader,
              const char      *key,
              ICalPropertyKind kind,
              Absent           absent)
{
  gint64 time = property_time (reader->comp, kind);

  resolve (reader, key, time != 0 ? g_variant_new_int64 (time) : NULL, absent);
}

static void
resolve_x (Reader     *reader,
           const char *key,
           const char *name)
{
  g_autofree char *value = dup_x (reader->comp, name);

  if (value == NULL && g_hash_table_contains (reader->stamps, key))
    value = g_strdup ("");

  resolve_string (reader, key, value, ABSENT_KEPT);
}

static void
resolve_customer (Reader *reader)
{
  g_autofree char *customer = dup_x (reader->comp, ICAL_X_CUSTOMER);

  for (ICalProperty *prop = customer == NULL ? i_cal_component_get_first_property (reader->comp, I_CAL_RELATEDTO_PROPERTY) : NULL;
       prop != NULL;
       prop = i_cal_component_get_next_property (reader->comp, I_CAL_RELATEDTO_PROPERTY))
    {
      g_autoptr(ICalProperty) owned = prop;
      g_autofree char *reltype = i_cal_property_get_parameter_as_string (prop, "RELTYPE");

      if (g_strcmp0 (reltype, ICAL_RELTYPE_CUSTOMER) == 0)
        {
          customer = g_strdup (i_cal_property_get_relatedto (prop));
          break;
        }
    }

  if (customer != NULL && *customer == '\0')
    g_clear_pointer (&customer, g_free);
  resolve_string (reader, "customer", customer, ABSENT_KEPT);
}

/* DUE and whether it is a day; its time for a relative alarm (a day
 * starts at midnight there), 0 without one. */
static gint64
resolve_due (Reader *reader)
{
  g_autoptr(ICalTime) due = NULL;
  g_autoptr(GTimeZone) local = NULL;
  gint64 at;

  if (!has_property (reader->comp, I_CAL_DUE_PROPERTY))
    {
      resolve (reader, "due", NULL, ABSENT_REMOVED);
      resolve (reader, "all-day", NULL, ABSENT_REMOVED);
      return 0;
    }

  due = i_cal_component_get_due (reader->comp);
  at = clt_sync_ical_time_to_unix (due);
  if (i_cal_time_is_date (due))
    {
      local = g_time_zone_new_local ();
      resolve (reader, "due", g_variant_new_int64 (clt_schedule_due (local, i_cal_time_get_year (due),
                                                                     i_cal_time_get_month (due),
                                                                     i_cal_time_get_day (due), 0, 0, TRUE)),
               ABSENT_REMOVED);
    }
  else
    {
      resolve (reader, "due", g_variant_new_int64 (at), ABSENT_REMOVED);
    }
  resolve (reader, "all-day", g_variant_new_boolean (i_cal_time_is_date (due)), ABSENT_REMOVED);

  return at;
}

/* When a VALARM's TRIGGER fires: at a time, or a duration before or after
 * the task's start (its DTSTART, else its DUE) or its end (DUE). */
static gint64
trigger_time (Reader       *reader,
              ICalProperty *prop,
              gint64        due)
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
      has_property (reader->comp, I_CAL_DTSTART_PROPERTY))
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
resolve_remind (Reader *reader,
                gint64  due)
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

  resolve (reader, "remind", remind != 0 ? g_variant_new_int64 (remind) : NULL, ABSENT_REMOVED);
}

static void
resolve_status (Reader *reader)
{
  ICalPropertyStatus status = I_CAL_STATUS_NONE;
  g_autofree char *clientele_status = dup_x (reader->comp, ICAL_X_STATUS);
  g_autofree char *closed_text = NULL;
  gint64 closed = property_time (reader->comp, I_CAL_COMPLETED_PROPERTY);
  GVariant *kept = NULL;
  const char *name;

  if (has_property (reader->comp, I_CAL_STATUS_PROPERTY))
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
  resolve_string (reader, "status", name, ABSENT_REMOVED);

  if (closed == 0 && (closed_text = dup_x (reader->comp, ICAL_X_CLOSED)) != NULL)
    {
      g_autoptr(ICalTime) time = i_cal_time_new_from_string (closed_text);

      closed = i_cal_time_is_valid_time (time) ? clt_sync_ical_time_to_unix (time) : 0;
    }

  if (closed != 0 || name == NULL || g_strcmp0 (name, "open") == 0)
    {
      resolve (reader, "closed", closed != 0 ? g_variant_new_int64 (closed) : NULL, ABSENT_REMOVED);
      return;
    }

  /* Closed elsewhere without saying when: when it was changed. */
  resolve (reader, "closed", NULL, ABSENT_KEPT);
  if (!clt_sync_doc_lookup (reader->doc, "closed", &kept, NULL, NULL) || kept == NULL)
    clt_sync_doc_set (reader->doc, "closed", g_variant_new_int64 (reader->modified / USEC_PER_SEC),
                      reader->modified, "");
}

static void
read_promise (Reader *reader)
{
  gint64 due;

  resolve_text (reader, "text", I_CAL_SUMMARY_PROPERTY);
  due = resolve_due (reader);
  resolve_remind (reader, due);
  resolve_status (reader);
  resolve_customer (reader);
  resolve_x (reader, "promised-by", ICAL_X_PROMISED_BY);
  resolve_time (reader, "created", I_CAL_CREATED_PROPERTY, ABSENT_KEPT);
}

/* The first of its categories that is a kind of contact. */
static void
resolve_kind (Reader *reader)
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

  resolve_string (reader, "kind", kind, ABSENT_KEPT);
}

static void
resolve_planned (Reader *reader)
{
  g_autofree char *text = dup_x (reader->comp, ICAL_X_PLANNED);
  GVariant *value = NULL;

  if (g_strcmp0 (text, "1") == 0 || g_ascii_strcasecmp (text ? text : "", "true") == 0)
    value = g_variant_new_boolean (TRUE);
  else if (g_strcmp0 (text, "0") == 0 || g_ascii_strcasecmp (text ? text : "", "false") == 0)
    value = g_variant_new_boolean (FALSE);

  resolve (reader, "planned", value, ABSENT_KEPT);
}

static void
read_contact (Reader *reader)
{
  /* The note is the DESCRIPTION; a program that has none gives a SUMMARY. */
  resolve_text (reader, "note", has_property (reader->comp, I_CAL_DESCRIPTION_PROPERTY)
                                ? I_CAL_DESCRIPTION_PROPERTY : I_CAL_SUMMARY_PROPERTY);
  resolve_time (reader, "at", I_CAL_DTSTART_PROPERTY, ABSENT_REMOVED);
  resolve_kind (reader);
  resolve_planned (reader);
  resolve_x (reader, "staff", ICAL_X_STAFF);
  resolve_customer (reader);
  resolve_time (reader, "created", I_CAL_CREATED_PROPERTY, ABSENT_KEPT);
}

/* Whether libical met a value it could not read in @comp or its alarms:
 * it replaces each with an X-LIC-ERROR property. An empty value ("No
 * value for DESCRIPTION property") or an unknown property is no damage. */
static gboolean
is_damaged (ICalComponent *comp)
{
  for (ICalProperty *prop = i_cal_component_get_first_property (comp, I_CAL_XLICERROR_PROPERTY);
       prop != NULL;
       prop = i_cal_component_get_next_property (comp, I_CAL_XLICERROR_PROPERTY))
    {
      g_autoptr(ICalProperty) owned = prop;
      g_autoptr(ICalParameter) type = i_cal_property_get_first_parameter (prop, I_CAL_XLICERRORTYPE_PARAMETER);
      const char *message = i_cal_property_get_xlicerror (prop);

      if (type == NULL)
        continue;
      switch (i_cal_parameter_get_xlicerrortype (type))
        {
        case I_CAL_XLICERRORTYPE_VALUEPARSEERROR:
          if (!g_str_has_prefix (message ? message : "", "No value"))
            return TRUE;
          break;
        case I_CAL_XLICERRORTYPE_COMPONENTPARSEERROR:
          return TRUE;
        default:
          break;
        }
    }

  for (ICalComponent *child = i_cal_component_get_first_component (comp, I_CAL_ANY_COMPONENT);
       child != NULL;
       child = i_cal_component_get_next_component (comp, I_CAL_ANY_COMPONENT))
    {
      g_autoptr(ICalComponent) owned = child;

      if (is_damaged (child))
        return TRUE;
    }

  return FALSE;
}

/* The VTODO or VJOURNAL of @text, alone or in its VCALENDAR. */
static ICalComponent *
parse (const char  *text,
       GError     **error)
{
  g_autoptr(ICalComponent) top = i_cal_component_new_from_string (text);
  ICalComponent *inner = NULL;

  if (top == NULL)
    {
      g_set_error_literal (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_DAMAGED,
                           _("An entry on the server is not iCalendar text Clientele can read; it was left as it is."));
      return NULL;
    }

  switch (i_cal_component_isa (top))
    {
    case I_CAL_VTODO_COMPONENT:
    case I_CAL_VJOURNAL_COMPONENT:
      inner = g_steal_pointer (&top);
      break;
    default:
      inner = i_cal_component_get_first_component (top, I_CAL_VTODO_COMPONENT);
      if (inner == NULL)
        inner = i_cal_component_get_first_component (top, I_CAL_VJOURNAL_COMPONENT);
      break;
    }

  if (inner == NULL)
    {
      g_set_error_literal (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_UNSUPPORTED,
                           _("An entry on the server is neither a task nor a journal entry; Clientele leaves it alone."));
      return NULL;
    }

  /* libical replaces what it cannot read with X-LIC-ERROR properties. */
  if (is_damaged (inner) ||
      i_cal_component_get_uid (inner) == NULL || *i_cal_component_get_uid (inner) == '\0')
    {
      g_set_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_DAMAGED,
                   _("The entry “%s” on the server is damaged and cannot be read; correct or delete it in the program that made it."),
                   label (inner) ? label (inner) : "");
      g_object_unref (inner);
      return NULL;
    }

  return inner;
}

/**
 * clt_sync_ical_read:
 * @text: a VCALENDAR with a VTODO or a VJOURNAL
 * @base: (nullable): the version both sides last agreed on
 * @fallback_time: when the object changed, in µs, when the text does not say
 * @error: %CLT_SYNC_ICAL_ERROR_DAMAGED, _UNSUPPORTED or _NO_CUSTOMER
 *
 * Returns: (transfer full): a promise or a contact, or %NULL
 */
CltSyncDoc *
clt_sync_ical_read (const char        *text,
                    const CltSyncDoc  *base,
                    gint64             fallback_time,
                    GError           **error)
{
  g_auto(Reader) reader = { 0 };
  CltSyncKind kind;
  gint64 modified;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader.comp = parse (text, error);
  if (reader.comp == NULL)
    return NULL;

  kind = i_cal_component_isa (reader.comp) == I_CAL_VTODO_COMPONENT ? CLT_SYNC_PROMISE : CLT_SYNC_CONTACT;
  if (base != NULL && (clt_sync_doc_get_kind (base) != kind ||
                       g_strcmp0 (clt_sync_doc_get_uid (base), i_cal_component_get_uid (reader.comp)) != 0))
    {
      g_set_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_DAMAGED,
                   _("The entry “%s” on the server is no longer the one Clientele shared there; it was left as it is."),
                   label (reader.comp));
      return NULL;
    }

  reader.base = base;
  reader.doc = clt_sync_doc_new (kind, i_cal_component_get_uid (reader.comp));
  reader.stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stamp_free);
  reader.removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stamp_free);
  if ((modified = property_time (reader.comp, I_CAL_LASTMODIFIED_PROPERTY)) == 0)
    modified = property_time (reader.comp, I_CAL_DTSTAMP_PROPERTY);
  reader.modified = modified != 0 ? modified * USEC_PER_SEC : fallback_time;

  /* The state is Clientele's own: without it, the base's. */
  if (base != NULL)
    {
      const char *desk = NULL;
      gint64 changed = 0;
      CltSyncState state = clt_sync_doc_get_state (base, &changed, &desk);

      clt_sync_doc_set_state (reader.doc, state, changed, desk);
    }
  read_stamps (&reader);

  if (kind == CLT_SYNC_PROMISE)
    read_promise (&reader);
  else
    read_contact (&reader);

  if (clt_sync_doc_get_string (reader.doc, "customer") == NULL)
    {
      g_set_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_NO_CUSTOMER,
                   kind == CLT_SYNC_PROMISE
                   ? _("The task “%s” on the server is linked to no customer, so Clientele cannot show it: make it in Clientele, or delete it from the task list.")
                   : _("The journal entry “%s” on the server is linked to no customer, so Clientele cannot show it: log it in Clientele, or delete it from the calendar."),
                   label (reader.comp));
      return NULL;
    }

  return g_steal_pointer (&reader.doc);
}

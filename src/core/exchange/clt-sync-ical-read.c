/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-schedule.h"
#include "clt-sync-ical-private.h"

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

static void
stamp_free (gpointer data)
{
  Stamp *stamp = data;

  g_free (stamp->desk);
  g_free (stamp);
}

static void
reader_clear (CltSyncIcalReader *reader)
{
  g_clear_pointer (&reader->doc, clt_sync_doc_unref);
  g_clear_object (&reader->comp);
  g_clear_pointer (&reader->stamps, g_hash_table_unref);
  g_clear_pointer (&reader->removed, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CltSyncIcalReader, reader_clear)

gboolean
clt_sync_ical_has_property (ICalComponent   *comp,
                            ICalPropertyKind kind)
{
  g_autoptr(ICalProperty) prop = i_cal_component_get_first_property (comp, kind);

  return prop != NULL;
}

/* Without the spaces and tabs at either end, which libical drops from a
 * value it reads. */
static char *
strip_blanks (char *text)
{
  gsize length = strlen (text);
  gsize start = strspn (text, " \t");

  while (length > start && (text[length - 1] == ' ' || text[length - 1] == '\t'))
    length--;
  memmove (text, text + start, length - start);
  text[length - start] = '\0';

  return text;
}

/* @text as libical would read it again once written: valid UTF-8
 * (unescaping a backslash before "é", it leaves half of the letter),
 * without control characters but tabs and line feeds (it reads "\\b" as
 * a backspace, and carriage returns are dropped with the others before
 * it reads the text), and without blanks at either end (it may leave one:
 * it reads "\\x" as a space). */
static char *
normalize (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p != '\0'; p++)
    if (!g_ascii_iscntrl (*p) || *p == '\t' || *p == '\n')
      g_string_append_c (out, *p);

  return strip_blanks (g_string_free (out, FALSE));
}

char *
clt_sync_ical_dup_text (const char *text)
{
  return text != NULL ? normalize (text) : NULL;
}

/* Whether @value read is @base_value as written: the same, or the same
 * text but for what libical drops (see normalize()). */
static gboolean
same_value (GVariant *base_value,
            GVariant *value)
{
  g_autofree char *stripped = NULL;

  if (g_variant_equal (base_value, value))
    return TRUE;
  if (!g_variant_is_of_type (base_value, G_VARIANT_TYPE_STRING) ||
      !g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return FALSE;

  stripped = normalize (g_variant_get_string (base_value, NULL));
  return g_str_equal (stripped, g_variant_get_string (value, NULL));
}

/* The value of the first X-property called @name, or %NULL. */
char *
clt_sync_ical_dup_x (ICalComponent *comp,
                     const char    *name)
{
  for (ICalProperty *prop = i_cal_component_get_first_property (comp, I_CAL_X_PROPERTY);
       prop != NULL;
       prop = i_cal_component_get_next_property (comp, I_CAL_X_PROPERTY))
    {
      g_autoptr(ICalProperty) owned = prop;

      if (g_ascii_strcasecmp (i_cal_property_get_x_name (prop), name) == 0)
        return clt_sync_ical_dup_text (i_cal_property_get_x (prop));
    }

  return NULL;
}

gint64
clt_sync_ical_property_time (ICalComponent   *comp,
                             ICalPropertyKind kind)
{
  g_autoptr(ICalProperty) prop = i_cal_component_get_first_property (comp, kind);
  g_autoptr(ICalValue) value = NULL;
  g_autoptr(ICalTime) time = NULL;

  if (prop == NULL)
    return 0;
  /* The component's getters read a TZID with the VTIMEZONE of the text. */
  if (kind == I_CAL_DTSTART_PROPERTY)
    return clt_sync_ical_time_to_unix ((time = i_cal_component_get_dtstart (comp)));
  if (kind == I_CAL_DUE_PROPERTY)
    return clt_sync_ical_time_to_unix ((time = i_cal_component_get_due (comp)));

  value = i_cal_property_get_value (prop);
  if (value == NULL)
    return 0;
  time = i_cal_value_get_datetime (value);

  return time != NULL ? clt_sync_ical_time_to_unix (time) : 0;
}

/* How a message names the entry: its SUMMARY's first line, else its UID. */
static char *
dup_label (ICalComponent *comp)
{
  const char *summary = i_cal_component_get_summary (comp);
  const char *uid = i_cal_component_get_uid (comp);
  g_autofree char *line = NULL;

  if (summary == NULL || *summary == '\0')
    return clt_sync_ical_dup_text (uid != NULL ? uid : "");

  line = g_strndup (summary, strcspn (summary, "\r\n"));
  return clt_sync_ical_dup_text (line);
}

static void
read_stamps (CltSyncIcalReader *reader)
{
  for (ICalProperty *prop = i_cal_component_get_first_property (reader->comp, I_CAL_X_PROPERTY);
       prop != NULL;
       prop = i_cal_component_get_next_property (reader->comp, I_CAL_X_PROPERTY))
    {
      g_autoptr(ICalProperty) owned = prop;
      const char *name = i_cal_property_get_x_name (prop);
      g_autofree char *text = NULL;
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

      text = clt_sync_ical_dup_text (i_cal_property_get_x (prop));
      if (!clt_sync_stamp_parse (text, &key, &changed, &desk))
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
changed_after (CltSyncIcalReader *reader,
               gint64             base_changed)
{
  return MAX (reader->modified, base_changed + 1);
}

/* Sets @key to @value (floating, or %NULL when the text has none) with
 * the stamp it deserves. */
void
clt_sync_ical_resolve (CltSyncIcalReader *reader,
                       const char        *key,
                       GVariant          *value,
                       CltSyncIcalAbsent  absent)
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

      if (in_base && base_value != NULL && same_value (base_value, owned))
        {
          if (stamp != NULL)
            clt_sync_doc_set (reader->doc, key, base_value, stamp->changed, stamp->desk);
          else
            clt_sync_doc_set (reader->doc, key, base_value, base_changed, base_desk);
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
  else if (in_base && (absent == CLT_SYNC_ICAL_ABSENT_KEPT || base_value == NULL))
    {
      clt_sync_doc_set (reader->doc, key, base_value, base_changed, base_desk);
    }
  else if (in_base)
    {
      clt_sync_doc_set (reader->doc, key, NULL, changed_after (reader, base_changed), "");
    }
}

void
clt_sync_ical_resolve_string (CltSyncIcalReader *reader,
                              const char        *key,
                              const char        *value,
                              CltSyncIcalAbsent  absent)
{
  clt_sync_ical_resolve (reader, key, value != NULL ? g_variant_new_string (value) : NULL, absent);
}

/* A text property absent while its stamp is there: the empty text, which
 * libical does not write. */
void
clt_sync_ical_resolve_text (CltSyncIcalReader *reader,
                            const char        *key,
                            ICalPropertyKind   kind)
{
  g_autoptr(ICalProperty) prop = i_cal_component_get_first_property (reader->comp, kind);
  g_autoptr(ICalValue) value = prop != NULL ? i_cal_property_get_value (prop) : NULL;
  g_autofree char *text = value != NULL ? clt_sync_ical_dup_text (i_cal_value_get_text (value)) : NULL;

  if (text == NULL && g_hash_table_contains (reader->stamps, key))
    text = g_strdup ("");
  clt_sync_ical_resolve_string (reader, key, text, CLT_SYNC_ICAL_ABSENT_REMOVED);
}

void
clt_sync_ical_resolve_time (CltSyncIcalReader *reader,
                            const char        *key,
                            ICalPropertyKind   kind,
                            CltSyncIcalAbsent  absent)
{
  gint64 time = clt_sync_ical_property_time (reader->comp, kind);

  clt_sync_ical_resolve (reader, key, clt_schedule_time_in_range (time) ? g_variant_new_int64 (time) : NULL,
                         absent);
}

void
clt_sync_ical_resolve_x (CltSyncIcalReader *reader,
                         const char        *key,
                         const char        *name)
{
  g_autofree char *value = clt_sync_ical_dup_x (reader->comp, name);

  if (value == NULL && g_hash_table_contains (reader->stamps, key))
    value = g_strdup ("");

  clt_sync_ical_resolve_string (reader, key, value, CLT_SYNC_ICAL_ABSENT_KEPT);
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
parse (const char *text,
       GError    **error)
{
  g_autoptr(ICalComponent) top = NULL;
  g_autoptr(GString) clean = NULL;
  ICalComponent *inner = NULL;

  /* iCalendar is UTF-8 without control characters but the tab and line
   * ends; libical checks neither, and keeps some in values only to drop
   * them when it reads them again. Lines may end with LF alone. */
  if (g_utf8_validate (text, -1, NULL))
    {
      clean = g_string_sized_new (strlen (text));
      for (const char *p = text; *p != '\0'; p++)
        if (!g_ascii_iscntrl (*p) || *p == '\t' || *p == '\n')
          g_string_append_c (clean, *p);
      top = i_cal_component_new_from_string (clean->str);
    }
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
      g_autofree char *name = dup_label (inner);

      g_set_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_DAMAGED,
                   _("The entry “%s” on the server is damaged and cannot be read; correct or delete it in the program that made it."),
                   name);
      g_object_unref (inner);
      return NULL;
    }

  return inner;
}

/**
 * clt_sync_ical_read:
 * @text: a VCALENDAR with a VTODO or a VJOURNAL
 * @base: (nullable): the version both sides last agreed on
 * @fallback_time: now, in µs: when the object changed when the text does
 *   not say, or says later
 * @error: %CLT_SYNC_ICAL_ERROR_DAMAGED, _UNSUPPORTED or _NO_CUSTOMER
 *
 * Returns: (transfer full): a promise or a contact, or %NULL
 */
CltSyncDoc *
clt_sync_ical_read (const char       *text,
                    const CltSyncDoc *base,
                    gint64            fallback_time,
                    GError          **error)
{
  g_auto(CltSyncIcalReader) reader = { 0 };
  g_autofree char *uid = NULL;
  CltSyncKind kind;
  gint64 modified;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader.comp = parse (text, error);
  if (reader.comp == NULL)
    return NULL;

  kind = i_cal_component_isa (reader.comp) == I_CAL_VTODO_COMPONENT ? CLT_SYNC_PROMISE : CLT_SYNC_CONTACT;
  uid = clt_sync_ical_dup_text (i_cal_component_get_uid (reader.comp));
  if (base != NULL && (clt_sync_doc_get_kind (base) != kind ||
                       g_strcmp0 (clt_sync_doc_get_uid (base), uid) != 0))
    {
      g_autofree char *name = dup_label (reader.comp);

      g_set_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_DAMAGED,
                   _("The entry “%s” on the server is no longer the one Clientele shared there; it was left as it is."),
                   name);
      return NULL;
    }

  reader.base = base;
  reader.doc = clt_sync_doc_new (kind, uid);
  reader.stamps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stamp_free);
  reader.removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, stamp_free);
  if ((modified = clt_sync_ical_property_time (reader.comp, I_CAL_LASTMODIFIED_PROPERTY)) == 0)
    modified = clt_sync_ical_property_time (reader.comp, I_CAL_DTSTAMP_PROPERTY);
  /* A clock ahead of this desk's does not make its edits win until then. */
  reader.modified = modified != 0 ? MIN (modified * USEC_PER_SEC, fallback_time) : fallback_time;

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
    clt_sync_ical_read_promise (&reader);
  else
    clt_sync_ical_read_contact (&reader);

  if (clt_sync_doc_get_string (reader.doc, "customer") == NULL)
    {
      g_autofree char *name = dup_label (reader.comp);

      g_set_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_NO_CUSTOMER,
                   kind == CLT_SYNC_PROMISE
                   ? _("The task “%s” on the server is linked to no customer, so Clientele cannot show it: make it in Clientele, or delete it from the task list.")
                   : _("The journal entry “%s” on the server is linked to no customer, so Clientele cannot show it: log it in Clientele, or delete it from the calendar."),
                   name);
      return NULL;
    }

  return g_steal_pointer (&reader.doc);
}

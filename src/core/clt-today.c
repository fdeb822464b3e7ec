/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-today"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-promise.h"
#include "clt-today.h"

void
clt_today_free (CltToday *today)
{
  if (today == NULL)
    return;

  g_clear_pointer (&today->overdue, g_ptr_array_unref);
  g_clear_pointer (&today->due_today, g_ptr_array_unref);
  g_clear_pointer (&today->expected, g_ptr_array_unref);
  g_clear_pointer (&today->upcoming, g_ptr_array_unref);
  g_clear_pointer (&today->birthdays, g_ptr_array_unref);
  g_clear_pointer (&today->alerts, g_hash_table_unref);
  g_clear_pointer (&today->phones, g_hash_table_unref);
  g_free (today);
}

const char *
clt_today_alert_for (CltToday *today,
                     gint64    customer_id)
{
  g_return_val_if_fail (today != NULL, NULL);

  return g_hash_table_lookup (today->alerts, &customer_id);
}

/* The customer's first phone number, or NULL. */
const char *
clt_today_phone_for (CltToday *today,
                     gint64    customer_id)
{
  g_return_val_if_fail (today != NULL, NULL);

  return today->phones != NULL ? g_hash_table_lookup (today->phones, &customer_id) : NULL;
}

gboolean
clt_today_is_empty (CltToday *today)
{
  g_return_val_if_fail (today != NULL, TRUE);

  for (guint i = 0; i < CLT_TODAY_N_SECTIONS; i++)
    if (today->totals[i] > 0)
      return FALSE;

  return TRUE;
}

/**
 * clt_today_get_items:
 *
 * Returns: (transfer none): the items of @section read so far: #CltPromise
 *   or #CltTodayPerson
 */
GPtrArray *
clt_today_get_items (CltToday        *today,
                     CltTodaySection  section)
{
  g_return_val_if_fail (today != NULL, NULL);

  switch (section)
    {
    case CLT_TODAY_OVERDUE:
      return today->overdue;
    case CLT_TODAY_DUE_TODAY:
      return today->due_today;
    case CLT_TODAY_EXPECTED:
      return today->expected;
    case CLT_TODAY_UPCOMING:
      return today->upcoming;
    case CLT_TODAY_BIRTHDAYS:
      return today->birthdays;
    case CLT_TODAY_N_SECTIONS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * clt_today_get_total:
 *
 * Returns: how many items @section has in the book, read or not
 */
guint
clt_today_get_total (CltToday        *today,
                     CltTodaySection  section)
{
  g_return_val_if_fail (today != NULL, 0);
  g_return_val_if_fail (section < CLT_TODAY_N_SECTIONS, 0);

  return today->totals[section];
}

/* Under a section read only in part: how many more it has. */
static void
append_more (GString         *out,
             CltToday        *today,
             CltTodaySection  section)
{
  guint n = today->totals[section] - MIN (today->totals[section], clt_today_get_items (today, section)->len);

  if (n > 0)
    /* Translators: under the first lines of a section of the briefing */
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "  … and %u more\n", "  … and %u more\n", n), n);
}

static char *
format_local (gint64      when,
              const char *format)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);

  return g_date_time_format (local, format);
}

static void
append_alert (GString    *out,
              const char *alert)
{
  if (alert != NULL)
    /* Translators: under a line of the briefing, the customer's first alert */
    g_string_append_printf (out, _("    Alert: %s\n"), alert);
}

static void
append_promises (GString         *out,
                 CltToday        *today,
                 const char      *heading,
                 CltTodaySection  section,
                 const char      *date_format)
{
  GPtrArray *promises = clt_today_get_items (today, section);

  if (promises->len == 0)
    return;

  g_string_append_printf (out, "\n%s\n", heading);
  for (guint i = 0; i < promises->len; i++)
    {
      CltPromise *promise = g_ptr_array_index (promises, i);
      g_autofree char *due = format_local (promise->due_at, promise->due_all_day ? _("%a %-d %b") : date_format);

      g_string_append_printf (out, "  %s  %s — %s", due, promise->customer_name, promise->text);
      if (promise->promised_by != NULL)
        /* Translators: after a promise in the briefing: who promised it */
        g_string_append_printf (out, _(" (by %s)"), promise->promised_by);
      g_string_append_c (out, '\n');
      append_alert (out, clt_today_alert_for (today, promise->customer_id));
    }
  append_more (out, today, section);
}

/**
 * clt_today_to_text:
 *
 * The briefing as plain text, one item a line, for `clientele-cli today`
 * and the printed page.
 */
char *
clt_today_to_text (CltToday *today)
{
  g_autofree char *date = NULL;
  GString *out;

  g_return_val_if_fail (today != NULL, NULL);

  out = g_string_new (NULL);
  /* Translators: the title of the morning briefing, with the date */
  date = format_local (today->day_start + 12 * 3600, _("%A %-d %B %Y"));
  g_string_append_printf (out, _("Today, %s"), date);
  g_string_append_c (out, '\n');

  if (clt_today_is_empty (today))
    {
      g_string_append_printf (out, "\n%s\n", _("Nothing promised, nobody expected."));
      return g_string_free (out, FALSE);
    }

  append_promises (out, today, _("Overdue promises"), CLT_TODAY_OVERDUE, _("%a %-d %b %H:%M"));
  append_promises (out, today, _("Due today"), CLT_TODAY_DUE_TODAY, _("%H:%M"));

  if (today->expected->len > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("Expected today"));
      for (guint i = 0; i < today->expected->len; i++)
        {
          CltTodayPerson *person = g_ptr_array_index (today->expected, i);
          g_autofree char *time = format_local (person->when, _("%H:%M"));

          g_string_append_printf (out, "  %s  %s — %s", time, person->name,
                                  clt_interaction_kind_label (person->kind));
          if (person->note != NULL)
            g_string_append_printf (out, ": %s", person->note);
          g_string_append_c (out, '\n');
          append_alert (out, person->alert);
        }
      append_more (out, today, CLT_TODAY_EXPECTED);
    }

  append_promises (out, today, _("This week"), CLT_TODAY_UPCOMING, _("%a %-d %b %H:%M"));

  if (today->birthdays->len > 0)
    {
      g_string_append_printf (out, "\n%s\n", _("Birthdays"));
      for (guint i = 0; i < today->birthdays->len; i++)
        {
          CltTodayPerson *person = g_ptr_array_index (today->birthdays, i);
          g_autofree char *day = format_local (person->when, _("%a %-d %b"));

          if (person->age > 0)
            g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "  %s  %s (%d year)\n",
                                                      "  %s  %s (%d years)\n", person->age),
                                    day, person->name, person->age);
          else
            g_string_append_printf (out, "  %s  %s\n", day, person->name);
        }
      append_more (out, today, CLT_TODAY_BIRTHDAYS);
    }

  return g_string_free (out, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-today"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-briefing.h"
#include "clt-promise.h"

/* The printed morning briefing, line by line: what each line says, and
 * what it is (a title, an item to tick…); the window draws them. */

static void
briefing_line_free (CltBriefingLine *line)
{
  g_free (line->text);
  g_free (line->phone);
  g_free (line);
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
add_line (GPtrArray       *lines,
          CltBriefingKind  kind,
          char            *text,
          const char      *phone)
{
  CltBriefingLine *line = g_new0 (CltBriefingLine, 1);

  line->kind = kind;
  line->text = text;
  line->phone = g_strdup (phone);
  g_ptr_array_add (lines, line);
}

static void
add_alert (GPtrArray  *lines,
           const char *alert)
{
  if (alert != NULL)
    /* Translators: under a line of the printed briefing, the customer's first alert */
    add_line (lines, CLT_BRIEFING_ALERT, g_strdup_printf (_("Alert: %s"), alert), NULL);
}

static void
add_more (GPtrArray       *lines,
          CltToday        *today,
          CltTodaySection  section)
{
  guint total = clt_today_get_total (today, section);
  guint n = total - MIN (total, clt_today_get_items (today, section)->len);

  if (n > 0)
    /* Translators: under the first lines of a section of the printed briefing */
    add_line (lines, CLT_BRIEFING_NOTE,
              g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more", "… and %u more", n), n), NULL);
}

static void
add_promises (GPtrArray       *lines,
              CltToday        *today,
              const char      *heading,
              CltTodaySection  section,
              const char      *date_format)
{
  GPtrArray *promises = clt_today_get_items (today, section);

  if (promises->len == 0)
    return;

  add_line (lines, CLT_BRIEFING_SECTION, g_strdup (heading), NULL);
  for (guint i = 0; i < promises->len; i++)
    {
      CltPromise *promise = g_ptr_array_index (promises, i);
      g_autofree char *due = format_local (promise->due_at, promise->due_all_day ? _("%a %-d %b") : date_format);
      GString *text = g_string_new (NULL);

      g_string_append_printf (text, "%s  %s — %s", due, promise->customer_name, promise->text);
      if (promise->promised_by != NULL)
        /* Translators: after a promise in the briefing: who promised it */
        g_string_append_printf (text, _(" (by %s)"), promise->promised_by);
      add_line (lines, CLT_BRIEFING_ITEM, g_string_free (text, FALSE),
                clt_today_phone_for (today, promise->customer_id));
      add_alert (lines, clt_today_alert_for (today, promise->customer_id));
    }
  add_more (lines, today, section);
}

/**
 * clt_briefing_lines:
 * @business: (nullable): the business name, printed at the top
 * @printed_at: when it is printed, unix UTC
 *
 * The morning briefing as printed: the title, the business and the time it
 * was printed, then each section's title and its items, each with the
 * customer's phone, and under it their first alert.
 *
 * Returns: (transfer full) (element-type CltBriefingLine): the lines
 */
GPtrArray *
clt_briefing_lines (CltToday   *today,
                    const char *business,
                    gint64      printed_at)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) briefing_line_free);
  g_autofree char *date = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (today != NULL, NULL);

  /* Translators: the title of the morning briefing, with the date */
  date = format_local (today->day_start + 12 * 3600, _("%A %-d %B %Y"));
  add_line (lines, CLT_BRIEFING_TITLE, g_strdup_printf (_("Today, %s"), date), NULL);
  if (business != NULL && *business != '\0')
    add_line (lines, CLT_BRIEFING_HEADER, g_strdup (business), NULL);
  time = format_local (printed_at, _("%H:%M"));
  /* Translators: at the top of the printed briefing; %s is a time */
  add_line (lines, CLT_BRIEFING_HEADER, g_strdup_printf (_("Printed at %s"), time), NULL);

  if (clt_today_is_empty (today))
    {
      add_line (lines, CLT_BRIEFING_NOTE, g_strdup (_("Nothing promised, nobody expected.")), NULL);
      return g_steal_pointer (&lines);
    }

  add_promises (lines, today, _("Overdue promises"), CLT_TODAY_OVERDUE, _("%a %-d %b %H:%M"));
  add_promises (lines, today, _("Due today"), CLT_TODAY_DUE_TODAY, _("%H:%M"));

  if (today->expected->len > 0)
    {
      add_line (lines, CLT_BRIEFING_SECTION, g_strdup (_("Expected today")), NULL);
      for (guint i = 0; i < today->expected->len; i++)
        {
          CltTodayPerson *person = g_ptr_array_index (today->expected, i);
          g_autofree char *at = format_local (person->when, _("%H:%M"));
          GString *text = g_string_new (NULL);

          g_string_append_printf (text, "%s  %s — %s", at, person->name,
                                  clt_interaction_kind_label (person->kind));
          if (person->note != NULL)
            /* Translators: a visit expected today, then its note: "Stay: Room 12" */
            g_string_append_printf (text, _(": %s"), person->note);
          add_line (lines, CLT_BRIEFING_ITEM, g_string_free (text, FALSE),
                    clt_today_phone_for (today, person->customer_id));
          add_alert (lines, person->alert);
        }
      add_more (lines, today, CLT_TODAY_EXPECTED);
    }

  add_promises (lines, today, _("This week"), CLT_TODAY_UPCOMING, _("%a %-d %b %H:%M"));

  if (today->birthdays->len > 0)
    {
      add_line (lines, CLT_BRIEFING_SECTION, g_strdup (_("Birthdays")), NULL);
      for (guint i = 0; i < today->birthdays->len; i++)
        {
          CltTodayPerson *person = g_ptr_array_index (today->birthdays, i);
          g_autofree char *day = format_local (person->when, _("%a %-d %b"));
          char *text;

          if (person->age > 0)
            /* Translators: a birthday in the printed briefing: day, name, age */
            text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s  %s (%d year)", "%s  %s (%d years)",
                                                 person->age),
                                    day, person->name, person->age);
          else
            text = g_strdup_printf ("%s  %s", day, person->name);
          add_line (lines, CLT_BRIEFING_ITEM, text, clt_today_phone_for (today, person->customer_id));
        }
      add_more (lines, today, CLT_TODAY_BIRTHDAYS);
    }

  return g_steal_pointer (&lines);
}

/**
 * clt_briefing_base_name:
 *
 * The name a printed briefing is saved under, without its extension:
 * "Morning Briefing 2026-12-05".
 */
char *
clt_briefing_base_name (CltToday *today)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (today != NULL, NULL);

  date = format_local (today->day_start + 12 * 3600, "%Y-%m-%d");
  /* Translators: the file a printed briefing is saved as (".pdf" follows); %s is the date, 2026-12-05 */
  return g_strdup_printf (_("Morning Briefing %s"), date);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-today"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-briefing.h"
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

/**
 * clt_today_to_text:
 *
 * The briefing as plain text, one item a line, for `clientele-cli today`:
 * the printed briefing's lines (clt_briefing_lines()), without the time
 * it was printed, indented by what they are.
 */
char *
clt_today_to_text (CltToday *today)
{
  g_autoptr(GPtrArray) lines = NULL;
  GString *out;

  g_return_val_if_fail (today != NULL, NULL);

  lines = clt_briefing_lines (today, NULL, 0);
  out = g_string_new (NULL);
  for (guint i = 0; i < lines->len; i++)
    {
      CltBriefingLine *line = g_ptr_array_index (lines, i);

      switch (line->kind)
        {
        case CLT_BRIEFING_TITLE:
          g_string_append_printf (out, "%s\n", line->text);
          break;

        case CLT_BRIEFING_HEADER:
          break;

        case CLT_BRIEFING_SECTION:
          g_string_append_printf (out, "\n%s\n", line->text);
          break;

        case CLT_BRIEFING_ITEM:
          g_string_append_printf (out, "  %s\n", line->text);
          break;

        case CLT_BRIEFING_ALERT:
          g_string_append_printf (out, "    %s\n", line->text);
          break;

        case CLT_BRIEFING_NOTE:
          /* "Nothing promised…" stands alone; "… and 3 more" ends a section. */
          g_string_append_printf (out, clt_today_is_empty (today) ? "\n%s\n" : "  %s\n", line->text);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return g_string_free (out, FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-remember"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-remember.h"
#include "clt-text.h"
#include "clt-when.h"

static void
remember_item_free (CltRememberItem *item)
{
  g_free (item->category);
  g_free (item->text);
  g_free (item->author);
  g_free (item);
}

CltRemember *
clt_remember_new (gint64      customer_id,
                  const char *name)
{
  CltRemember *self = g_new0 (CltRemember, 1);

  self->customer_id = customer_id;
  self->name = g_strdup (name);
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) remember_item_free);
  self->last_kind = CLT_INTERACTION_OTHER;

  return self;
}

void
clt_remember_free (CltRemember *self)
{
  if (self == NULL)
    return;

  g_free (self->name);
  g_free (self->last_by);
  g_free (self->last_note);
  g_ptr_array_unref (self->items);
  g_free (self);
}

/* Items are appended in the card's order by the store: alerts, open
 * promises (overdue first), preferences, pinned notes. */
void
clt_remember_add_item (CltRemember     *self,
                       CltRememberKind  kind,
                       gint64           id,
                       const char      *category,
                       const char      *text,
                       const char      *author,
                       gint64           when,
                       gboolean         overdue,
                       gboolean         sensitive)
{
  CltRememberItem *item;

  g_return_if_fail (self != NULL);

  item = g_new0 (CltRememberItem, 1);
  item->kind = kind;
  item->id = id;
  item->category = clt_text_dup_valid (category);
  item->text = clt_text_dup_valid (text);
  item->author = clt_text_dup_valid (author);
  item->when = when;
  item->overdue = overdue;
  item->sensitive = sensitive;
  g_ptr_array_add (self->items, item);
}

guint
clt_remember_count_kind (CltRemember     *self,
                         CltRememberKind  kind)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->items->len; i++)
    if (((CltRememberItem *) g_ptr_array_index (self->items, i))->kind == kind)
      n++;

  return n;
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup ("?");

  /* Translators: a date as in "12 March 2026"; see g_date_time_format() */
  return g_date_time_format (local, _("%-d %B %Y"));
}

/**
 * clt_remember_format_last_contact:
 *
 * "7 contacts, last: stay on 12 March 2026, by Julie", or %NULL when the
 * customer was never seen.
 */
char *
clt_remember_format_last_contact (CltRemember *self)
{
  g_autofree char *date = NULL;
  g_autofree char *count = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->last_contact == 0)
    return NULL;

  date = format_date (self->last_contact);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u contact", "%u contacts", self->n_contacts),
                           self->n_contacts);

  if (self->last_by != NULL)
    /* Translators: "7 contacts, last: Stay on 12 March 2026, by Julie" */
    return g_strdup_printf (_("%s, last: %s on %s, by %s"), count,
                            clt_interaction_kind_label (self->last_kind), date, self->last_by);

  /* Translators: "7 contacts, last: Stay on 12 March 2026" */
  return g_strdup_printf (_("%s, last: %s on %s"), count,
                          clt_interaction_kind_label (self->last_kind), date);
}

/**
 * clt_remember_format_summary:
 * @now: the present, unix UTC
 *
 * The line under a customer's name: "Visit today · 12 visits", "Call last
 * Tuesday · 3 visits", "Stay on 7 January · 5 visits" (every kind of
 * contact counts as a visit, as in "Log a Visit…"), or %NULL when the
 * customer was never seen.
 */
char *
clt_remember_format_summary (CltRemember *self,
                             gint64       now)
{
  g_autofree char *day = NULL;
  g_autofree char *last = NULL;
  g_autofree char *count = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->last_contact == 0)
    return NULL;

  day = clt_when_format_past_day (self->last_contact, now);
  /* Translators: the last contact's kind, then when: "Visit today",
   * "Call last Tuesday", "Stay on 7 January" */
  last = g_strdup_printf (_("%s %s"), clt_interaction_kind_label (self->last_kind), day);
  /* Translators: how many contacts of any kind (visits, stays, calls,
   * e-mails) a customer has had; French says "passages" */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u visit", "%u visits", self->n_contacts),
                           self->n_contacts);

  /* Translators: the last contact, then how many: "Visit today · 12 visits" */
  return g_strdup_printf (_("%s · %s"), last, count);
}

/**
 * clt_remember_to_text:
 *
 * The card as plain text, one item a line, in the card's order, for
 * `clientele-cli show` and anything else without a window.
 */
char *
clt_remember_to_text (CltRemember *self)
{
  GString *out;
  g_autofree char *last = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%s\n", self->name);

  for (guint i = 0; i < self->items->len; i++)
    {
      CltRememberItem *item = g_ptr_array_index (self->items, i);
      g_autofree char *date = NULL;

      switch (item->kind)
        {
        case CLT_REMEMBER_ALERT:
          g_string_append_printf (out, _("Alert: %s"), item->text);
          break;
        case CLT_REMEMBER_PROMISE:
          date = format_date (item->when);
          if (item->overdue)
            /* Translators: a promise, its due date */
            g_string_append_printf (out, _("Promise (overdue since %s): %s"), date, item->text);
          else
            /* Translators: a promise, its due date */
            g_string_append_printf (out, _("Promise (due %s): %s"), date, item->text);
          break;
        case CLT_REMEMBER_PREFERENCE:
          if (item->category != NULL)
            /* Translators: a preference, its category then its text */
            g_string_append_printf (out, _("Preference (%s): %s"),
                                    clt_preference_category_label (item->category), item->text);
          else
            g_string_append_printf (out, _("Preference: %s"), item->text);
          break;
        case CLT_REMEMBER_NOTE:
        default:
          g_string_append_printf (out, _("Pinned note: %s"), item->text);
          break;
        }
      g_string_append_c (out, '\n');
    }

  last = clt_remember_format_last_contact (self);
  if (last != NULL)
    g_string_append_printf (out, _("Last contact: %s"), last);
  else
    g_string_append (out, _("Last contact: never"));
  g_string_append_c (out, '\n');

  if (self->next_planned != 0)
    {
      g_autofree char *date = format_date (self->next_planned);

      g_string_append_printf (out, _("Expected: %s"), date);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

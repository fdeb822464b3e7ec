/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sync-conflict"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-date-input.h"
#include "clt-sync-merge.h"
#include "clt-types.h"
#include "clt-when.h"

/* Each field as a clerk names it inside a sentence, with its article. */
static const struct {
  const char *key;   /* a prefix when it ends with "/" */
  const char *name;
} field_names[] = {
  /* Translators: the fields of a customer, a promise and a logged contact,
   * inside the sentence "Changed on two desks at the same time: %s is now
   * “…”" or "…: one removed %s, …"; keep the article. */
  { "given", N_("the given name") },
  { "family", N_("the family name") },
  { "display", N_("the name shown") },
  { "addressed-as", N_("how they like to be addressed") },
  { "honorific", N_("the honorific") },
  { "company", N_("the company") },
  { "job-title", N_("the job title") },
  { "language", N_("the language") },
  { "birthday", N_("the birthday") },
  { "vip", N_("the VIP mark") },
  { "consent", N_("the e-mail consent") },
  { "email/", N_("the e-mail address") },
  { "phone/", N_("the phone number") },
  { "address/", N_("the postal address") },
  { "preference/", N_("the preference") },
  { "note/", N_("the note") },
  { "customer", N_("the customer") },
  { "text", N_("the promise") },
  { "promised-by", N_("who made the promise") },
  { "due", N_("the due date") },
  { "all-day", N_("the “all day” mark") },
  { "remind", N_("the reminder") },
  { "status", N_("the promise’s state") },
  { "closed", N_("the date it was closed") },
  { "kind", N_("the kind of contact") },
  { "at", N_("the date of the contact") },
  { "planned", N_("the “planned” mark") },
  { "note", N_("the note") },
  { "staff", N_("who handled it") },
  { "created", N_("the date it was recorded") },
};

static const char *
field_name (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_names); i++)
    {
      const char *name = field_names[i].key;

      if (g_str_has_suffix (name, "/") ? g_str_has_prefix (key, name) : g_str_equal (key, name))
        return _(field_names[i].name);
    }

  /* Translators: a field this version does not know, see "the given name". */
  return _("another detail");
}

static const char *
consent_text (const char *consent)
{
  if (g_str_equal (consent, "none"))
    return clt_consent_label (CLT_CONSENT_NONE);
  if (g_str_equal (consent, "follow-ups"))
    return clt_consent_label (CLT_CONSENT_FOLLOW_UPS);
  if (g_str_equal (consent, "marketing"))
    return clt_consent_label (CLT_CONSENT_MARKETING);

  return consent;
}

static const char *
status_text (const char *status)
{
  if (g_str_equal (status, "open"))
    return C_("promise state", "open");
  if (g_str_equal (status, "kept"))
    return C_("promise state", "kept");
  if (g_str_equal (status, "broken"))
    return C_("promise state", "broken");
  if (g_str_equal (status, "cancelled"))
    return C_("promise state", "cancelled");

  return status;
}

static char *
string_text (const char *key,
             const char *text)
{
  CltInteractionKind kind;

  if (g_str_equal (key, "birthday"))
    return clt_date_input_format_birthday (text);
  if (g_str_equal (key, "consent"))
    return g_strdup (consent_text (text));
  if (g_str_equal (key, "status"))
    return g_strdup (status_text (text));
  if (g_str_equal (key, "kind") && clt_interaction_kind_from_string (text, &kind))
    return g_strdup (clt_interaction_kind_label (kind));

  return g_strdup (text);
}

static char *
time_text (gint64 when)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
  g_autofree char *day = NULL;
  g_autofree char *time = NULL;
  GDate date;

  if (local == NULL)
    return g_strdup ("?");

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local), g_date_time_get_year (local));
  day = clt_date_input_format_date (&date);
  time = clt_when_format_time_in_text (when);
  /* Translators: a day, then a time, inside a sentence: "Saturday 5 December at 22:30" */
  return g_strdup_printf (_("%s at %s"), day, time);
}

/* "text (detail, detail)", or the text alone. */
static char *
with_details (const char *text,
              GPtrArray  *details)
{
  g_autofree char *joined = NULL;

  if (details->len == 0)
    return g_strdup (text);

  g_ptr_array_add (details, NULL);
  /* Translators: between the details of a value, "Sans gluten (Food and drink, alert)" */
  joined = g_strjoinv (_(", "), (char **) details->pdata);
  /* Translators: a value and its details, "h@example.fr (work)" */
  return g_strdup_printf (_("%s (%s)"), text, joined);
}

static char *
value_text (const char *key,
            GVariant   *value)
{
  g_autoptr(GPtrArray) details = g_ptr_array_new ();
  const char *label, *text;
  gboolean flag, sensitive;
  gint64 number;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    return string_text (key, g_variant_get_string (value, NULL));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    return g_strdup (g_variant_get_boolean (value) ? _("yes") : _("no"));
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    return time_text (g_variant_get_int64 (value));

  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("(ss)")))
    {
      g_variant_get (value, "(&s&s)", &label, &text);
      if (*label != '\0')
        g_ptr_array_add (details, (gpointer) label);
      return with_details (text, details);
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("(ssbb)")))
    {
      const char *category;

      g_variant_get (value, "(&s&sbb)", &label, &text, &flag, &sensitive);
      category = clt_preference_category_label (label);
      if (category != NULL)
        g_ptr_array_add (details, (gpointer) category);
      if (flag)
        /* Translators: a detail of a preference: it is an alert */
        g_ptr_array_add (details, _("alert"));
      if (sensitive)
        /* Translators: a detail of a preference: it is sensitive (health) */
        g_ptr_array_add (details, _("sensitive"));
      return with_details (text, details);
    }
  if (g_variant_is_of_type (value, G_VARIANT_TYPE ("(ssbx)")))
    {
      g_variant_get (value, "(&s&sbx)", &text, &label, &flag, &number);
      if (flag)
        /* Translators: a detail of a note: it is pinned */
        g_ptr_array_add (details, _("pinned"));
      return with_details (text, details);
    }

  return g_variant_print (value, FALSE);
}

/* A deletion dropped because another desk changed the object later. */
static char *
describe_deletion (const CltSyncConflict *conflict)
{
  g_autofree char *when = time_text (conflict->lost_changed / G_USEC_PER_SEC);
  g_autofree char *name = NULL;

  if (conflict->won != NULL && g_variant_is_of_type (conflict->won, G_VARIANT_TYPE_STRING))
    name = string_text (conflict->kind == CLT_SYNC_CONTACT ? "kind" : "text",
                        g_variant_get_string (conflict->won, NULL));

  if (conflict->kind == CLT_SYNC_PROMISE)
    /* Translators: a note on a customer; the first %s is the promise, the
     * second a day and a time ("Saturday 5 December at 22:30") */
    return g_strdup_printf (_("The promise “%s” was deleted on one desk on %s, but changed later on "
                              "another desk, so it was kept."), name ? name : "", when);
  if (conflict->kind == CLT_SYNC_CONTACT)
    /* Translators: a note on a customer; the first %s is the kind of
     * contact ("Visit"), the second a day and a time */
    return g_strdup_printf (_("A logged contact (%s) was deleted on one desk on %s, but changed "
                              "later on another desk, so it was kept."), name ? name : "", when);

  /* Translators: a note on a customer; %s is a day and a time
   * ("Saturday 5 December at 22:30") */
  return g_strdup_printf (_("Deleted on one desk on %s, but changed later on another desk, "
                            "so it was kept."), when);
}

char *
clt_sync_conflict_describe (const CltSyncConflict *conflict)
{
  g_autofree char *lost = NULL;
  g_autofree char *won = NULL;

  g_return_val_if_fail (conflict != NULL && conflict->key != NULL && conflict->lost != NULL, NULL);

  if (g_str_equal (conflict->key, CLT_SYNC_CONFLICT_DELETION))
    return describe_deletion (conflict);

  if (g_str_has_prefix (conflict->key, "tag/"))
    /* Translators: a note on a customer; %s is the tag */
    return g_strdup_printf (_("Changed on two desks at the same time: one removed the tag “%s”, "
                              "the other had added it."), conflict->key + strlen ("tag/"));

  lost = value_text (conflict->key, conflict->lost);
  if (conflict->won == NULL)
    /* Translators: a note on a customer; the first %s is a field ("the
     * e-mail address"), the second the value the other desk had entered. */
    return g_strdup_printf (_("Changed on two desks at the same time: one removed %s, "
                              "the other had entered “%s”."), field_name (conflict->key), lost);

  won = value_text (conflict->key, conflict->won);
  /* Translators: a note on a customer; the first %s is a field ("the
   * e-mail address"), the second its value now, the third the value the
   * other desk had entered. */
  return g_strdup_printf (_("Changed on two desks at the same time: %s is now “%s”, "
                            "the other desk had entered “%s”."),
                          field_name (conflict->key), won, lost);
}

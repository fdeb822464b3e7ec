/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-types"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-text.h"
#include "clt-types.h"

static const char * const kind_names[CLT_INTERACTION_N_KINDS] = {
  "visit", "stay", "call", "email-in", "email-out", "purchase", "complaint", "other",
};

const char *
clt_interaction_kind_to_string (CltInteractionKind kind)
{
  g_return_val_if_fail (kind < CLT_INTERACTION_N_KINDS, "other");

  return kind_names[kind];
}

gboolean
clt_interaction_kind_from_string (const char         *name,
                                  CltInteractionKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < CLT_INTERACTION_N_KINDS; i++)
    {
      if (g_strcmp0 (name, kind_names[i]) == 0)
        {
          *kind = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
clt_interaction_kind_label (CltInteractionKind kind)
{
  switch (kind)
    {
    case CLT_INTERACTION_VISIT: return _("Visit");
    case CLT_INTERACTION_STAY: return _("Stay");
    case CLT_INTERACTION_CALL: return _("Call");
    case CLT_INTERACTION_EMAIL_IN: return _("E-mail received");
    case CLT_INTERACTION_EMAIL_OUT: return _("E-mail sent");
    case CLT_INTERACTION_PURCHASE: return _("Purchase");
    case CLT_INTERACTION_COMPLAINT: return _("Complaint");
    case CLT_INTERACTION_OTHER:
    default: return _("Other");
    }
}

/* The three answers, as a clerk reads them in the customer's form. */
const char *
clt_consent_label (CltConsent consent)
{
  switch (consent)
    {
    /* Translators: e-mail consent: the customer asked for no e-mail at all. */
    case CLT_CONSENT_NONE: return _("No e-mail (refused)");
    /* Translators: e-mail consent: messages about their own visit, stay, order or promise. */
    case CLT_CONSENT_FOLLOW_UPS: return _("Personal follow-ups");
    /* Translators: e-mail consent: follow-ups, and also offers and news. */
    case CLT_CONSENT_MARKETING:
    default: return _("Follow-ups and offers");
    }
}

/* The suggested categories are stored by key, so that a book kept in French
 * and in English groups the same way; any other text is stored as typed. */
static const struct {
  const char *key;
  const char *label;
} categories[] = {
  { "room", N_("Room") },
  { "food", N_("Food and drink") },
  { "sizes", N_("Sizes") },
  { "communication", N_("Communication") },
  { "health", N_("Health") },
  { "billing", N_("Billing") },
  { "other", N_("Other") },
};

/**
 * clt_preference_category_label:
 * @category: (nullable): a category as stored
 *
 * Returns: (nullable): the category as shown: a suggested one in the
 *   user's language, any other as it was typed.
 */
const char *
clt_preference_category_label (const char *category)
{
  if (category == NULL || *category == '\0')
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      if (g_ascii_strcasecmp (category, categories[i].key) == 0)
        return _(categories[i].label);
    }

  return category;
}

/**
 * clt_preference_category_from_label:
 * @label: (nullable): a category as typed
 *
 * Returns: (nullable) (transfer full): the category to store: the key of a
 *   suggested category whatever its case and accents, else the text typed.
 */
char *
clt_preference_category_from_label (const char *label)
{
  g_autofree char *stripped = NULL;
  g_autofree char *folded = NULL;

  if (clt_text_is_blank (label))
    return NULL;

  stripped = clt_text_strip (label);
  folded = clt_text_fold (stripped);
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autofree char *folded_label = clt_text_fold (_(categories[i].label));

      if (g_strcmp0 (folded, categories[i].key) == 0 || g_strcmp0 (folded, folded_label) == 0)
        return g_strdup (categories[i].key);
    }

  return g_steal_pointer (&stripped);
}

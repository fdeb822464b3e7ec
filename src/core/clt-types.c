/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-types"

#include "config.h"

#include <glib/gi18n-lib.h>

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

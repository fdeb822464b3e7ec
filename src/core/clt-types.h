/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CLT_INTERACTION_VISIT,
  CLT_INTERACTION_STAY,
  CLT_INTERACTION_CALL,
  CLT_INTERACTION_EMAIL_IN,
  CLT_INTERACTION_EMAIL_OUT,
  CLT_INTERACTION_PURCHASE,
  CLT_INTERACTION_COMPLAINT,
  CLT_INTERACTION_OTHER,
} CltInteractionKind;

#define CLT_INTERACTION_N_KINDS (CLT_INTERACTION_OTHER + 1)

typedef enum
{
  CLT_CONSENT_NONE,
  CLT_CONSENT_FOLLOW_UPS,
  CLT_CONSENT_MARKETING,
} CltConsent;

/* What a new customer accepts until a person records otherwise: personal
 * follow-ups about their own visit, stay, order or promise. */
#define CLT_CONSENT_DEFAULT CLT_CONSENT_FOLLOW_UPS

const char *clt_interaction_kind_to_string   (CltInteractionKind  kind);
gboolean    clt_interaction_kind_from_string (const char         *name,
                                              CltInteractionKind *kind);
const char *clt_interaction_kind_label       (CltInteractionKind  kind);

const char *clt_consent_label                (CltConsent          consent);

const char *clt_preference_category_label      (const char         *category);
char       *clt_preference_category_from_label (const char         *label);

G_END_DECLS

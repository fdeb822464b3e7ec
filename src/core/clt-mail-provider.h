/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-mail.h"

G_BEGIN_DECLS

/* Where a shop's e-mail address lives, with its outgoing server. The order
 * is the one shown; OTHER is last. */
typedef enum
{
  CLT_MAIL_PROVIDER_GMAIL,
  CLT_MAIL_PROVIDER_OUTLOOK,
  CLT_MAIL_PROVIDER_ICLOUD,
  CLT_MAIL_PROVIDER_ORANGE,
  CLT_MAIL_PROVIDER_FREE,
  CLT_MAIL_PROVIDER_SFR,
  CLT_MAIL_PROVIDER_OVH,
  CLT_MAIL_PROVIDER_INFOMANIAK,
  CLT_MAIL_PROVIDER_OTHER,
  CLT_MAIL_PROVIDER_N
} CltMailProviderId;

typedef struct
{
  CltMailProviderId  id;
  const char        *name;               /* a brand, or N_("Other") to translate */
  const char        *host;               /* NULL for OTHER */
  guint              port;
  CltSecurity        security;
  gboolean           app_password;       /* the usual password is refused */
  const char        *app_password_url;   /* where to make one, or NULL */
} CltMailProvider;

const CltMailProvider *clt_mail_provider_get   (CltMailProviderId  id);
CltMailProviderId      clt_mail_provider_guess (const char        *address);
CltMailProviderId      clt_mail_provider_match (const char        *host,
                                                guint              port,
                                                CltSecurity        security);

G_END_DECLS

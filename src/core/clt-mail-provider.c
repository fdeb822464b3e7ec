/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-mail-provider"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-mail-provider.h"

/* From each provider's own help pages (checked December 2026). Implicit TLS
 * where the provider offers it, as RFC 8314 advises; STARTTLS where it is the
 * only documented way. */
static const CltMailProvider providers[CLT_MAIL_PROVIDER_N] = {
  { CLT_MAIL_PROVIDER_GMAIL, "Gmail", "smtp.gmail.com", 465, CLT_SECURITY_TLS,
    TRUE, "https://myaccount.google.com/apppasswords" },
  { CLT_MAIL_PROVIDER_OUTLOOK, "Outlook.com", "smtp-mail.outlook.com", 587, CLT_SECURITY_STARTTLS,
    TRUE, "https://account.live.com/proofs/AppPassword" },
  { CLT_MAIL_PROVIDER_ICLOUD, "iCloud", "smtp.mail.me.com", 587, CLT_SECURITY_STARTTLS,
    TRUE, "https://account.apple.com/account/manage" },
  { CLT_MAIL_PROVIDER_ORANGE, "Orange", "smtp.orange.fr", 465, CLT_SECURITY_TLS, FALSE, NULL },
  { CLT_MAIL_PROVIDER_FREE, "Free", "smtp.free.fr", 465, CLT_SECURITY_TLS, FALSE, NULL },
  { CLT_MAIL_PROVIDER_SFR, "SFR", "smtp.sfr.fr", 465, CLT_SECURITY_TLS, FALSE, NULL },
  { CLT_MAIL_PROVIDER_OVH, "OVHcloud", "ssl0.ovh.net", 465, CLT_SECURITY_TLS, FALSE, NULL },
  { CLT_MAIL_PROVIDER_INFOMANIAK, "Infomaniak", "mail.infomaniak.com", 465, CLT_SECURITY_TLS,
    FALSE, NULL },
  { CLT_MAIL_PROVIDER_OTHER, N_("Other"), NULL, 465, CLT_SECURITY_TLS, FALSE, NULL },
};

/* A domain, or a prefix ending in '.' for any ending (outlook.fr, outlook.com). */
static const struct
{
  const char        *domain;
  CltMailProviderId  id;
} domains[] = {
  { "gmail.com", CLT_MAIL_PROVIDER_GMAIL },
  { "googlemail.com", CLT_MAIL_PROVIDER_GMAIL },
  { "outlook.", CLT_MAIL_PROVIDER_OUTLOOK },
  { "hotmail.", CLT_MAIL_PROVIDER_OUTLOOK },
  { "live.", CLT_MAIL_PROVIDER_OUTLOOK },
  { "msn.com", CLT_MAIL_PROVIDER_OUTLOOK },
  { "icloud.com", CLT_MAIL_PROVIDER_ICLOUD },
  { "me.com", CLT_MAIL_PROVIDER_ICLOUD },
  { "mac.com", CLT_MAIL_PROVIDER_ICLOUD },
  { "orange.fr", CLT_MAIL_PROVIDER_ORANGE },
  { "wanadoo.fr", CLT_MAIL_PROVIDER_ORANGE },
  { "free.fr", CLT_MAIL_PROVIDER_FREE },
  { "sfr.fr", CLT_MAIL_PROVIDER_SFR },
  { "neuf.fr", CLT_MAIL_PROVIDER_SFR },
  { "ik.me", CLT_MAIL_PROVIDER_INFOMANIAK },
  { "ikmail.com", CLT_MAIL_PROVIDER_INFOMANIAK },
  { "etik.com", CLT_MAIL_PROVIDER_INFOMANIAK },
  { "infomaniak.com", CLT_MAIL_PROVIDER_INFOMANIAK },
  { "infomaniak.ch", CLT_MAIL_PROVIDER_INFOMANIAK },
};

/**
 * clt_mail_provider_get:
 * @id: a provider
 *
 * Returns: (transfer none): the provider's settings
 */
const CltMailProvider *
clt_mail_provider_get (CltMailProviderId id)
{
  g_return_val_if_fail (id < CLT_MAIL_PROVIDER_N, &providers[CLT_MAIL_PROVIDER_OTHER]);

  return &providers[id];
}

static gboolean
domain_matches (const char *domain,
                const char *pattern)
{
  gsize len = strlen (pattern);

  if (pattern[len - 1] == '.')
    return strncmp (domain, pattern, len) == 0 && domain[len] != '\0';

  return strcmp (domain, pattern) == 0;
}

/**
 * clt_mail_provider_guess:
 * @address: (nullable): a sender's e-mail address, perhaps half typed
 *
 * Guesses the provider from the address's domain: gmail.com is Gmail. A
 * domain of one's own cannot tell, and gives %CLT_MAIL_PROVIDER_OTHER.
 */
CltMailProviderId
clt_mail_provider_guess (const char *address)
{
  const char *at = address != NULL ? strrchr (address, '@') : NULL;
  g_autofree char *domain = NULL;

  if (at == NULL)
    return CLT_MAIL_PROVIDER_OTHER;

  domain = g_utf8_strdown (at + 1, -1);
  g_strstrip (domain);
  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    if (domain_matches (domain, domains[i].domain))
      return domains[i].id;

  return CLT_MAIL_PROVIDER_OTHER;
}

/**
 * clt_mail_provider_match:
 * @host: (nullable): a saved server
 * @port: its port
 * @security: its security
 *
 * The provider whose settings these are exactly, to show saved settings
 * without changing them; otherwise %CLT_MAIL_PROVIDER_OTHER.
 */
CltMailProviderId
clt_mail_provider_match (const char  *host,
                         guint        port,
                         CltSecurity  security)
{
  if (host == NULL)
    return CLT_MAIL_PROVIDER_OTHER;

  for (guint i = 0; i < CLT_MAIL_PROVIDER_OTHER; i++)
    if (g_ascii_strcasecmp (providers[i].host, host) == 0 && providers[i].port == port &&
        providers[i].security == security)
      return providers[i].id;

  return CLT_MAIL_PROVIDER_OTHER;
}

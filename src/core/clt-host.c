/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-host"

#include "config.h"

#include <string.h>
#include <gio/gio.h>

#include "clt-host.h"

/**
 * clt_host_is_local:
 * @host: (nullable): a host name or address, an IPv6 one with or without
 *   its brackets
 *
 * Whether @host cannot leave this machine: "localhost" or a loopback
 * address, not a name such as "127.example.com". The one test of the
 * program for where an unencrypted connection is allowed (the mail server,
 * the sharing server).
 *
 * Returns: %TRUE for this machine only
 */
gboolean
clt_host_is_local (const char *host)
{
  g_autofree char *bare = NULL;
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  bare = g_str_has_prefix (host, "[") && g_str_has_suffix (host, "]")
         ? g_strndup (host + 1, strlen (host) - 2) : g_strdup (host);
  address = g_inet_address_new_from_string (bare);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

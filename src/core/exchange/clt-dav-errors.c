/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
/* Its e-flag.h still names GTimeVal, deprecated since GLib 2.62. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libedataserver/libedataserver.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "clt-dav-client.h"
#include "clt-dav-private.h"

/* What the WebDAV client says when a request fails: EDS gives an HTTP
 * status as an E_SOUP_SESSION_ERROR code, GIO and libsoup their own
 * errors; a shop owner wants to know what to do. */

/* The certificate's names, for the message: whose it is and who vouches. */
static void
describe_certificate (const CltDavErrorContext *context,
                      char                    **out_subject,
                      char                    **out_issuer)
{
  g_autoptr(GTlsCertificate) certificate = NULL;

  *out_subject = NULL;
  *out_issuer = NULL;
  if (context->certificate_pem == NULL)
    return;
  certificate = g_tls_certificate_new_from_pem (context->certificate_pem, -1, NULL);
  if (certificate == NULL)
    return;
  *out_subject = g_tls_certificate_get_subject_name (certificate);
  *out_issuer = g_tls_certificate_get_issuer_name (certificate);
}

static void
set_certificate_error (const CltDavErrorContext  *context,
                       GError                   **error)
{
  g_autofree char *subject = NULL;
  g_autofree char *issuer = NULL;
  GTlsCertificateFlags flags = context->certificate_errors;
  const char *host = context->host;

  describe_certificate (context, &subject, &issuer);
  if (subject == NULL)
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CERTIFICATE,
                 _("The certificate of “%s” is not trusted, so Clientele did not connect. The "
                   "server needs a certificate from a recognised authority, issued for its name."),
                 host);
  else if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CERTIFICATE,
                 _("The certificate of “%s” (“%s”, vouched for by “%s”) is not from an authority "
                   "this computer trusts, so Clientele did not connect. A self-signed certificate "
                   "is refused: the server needs one from a recognised authority."),
                 host, subject, issuer != NULL ? issuer : subject);
  else if (flags & G_TLS_CERTIFICATE_EXPIRED)
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CERTIFICATE,
                 _("The certificate of “%s” has expired (it names “%s”), so Clientele did not "
                   "connect. Whoever runs the server must renew it."),
                 host, subject);
  else if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CERTIFICATE,
                 _("The certificate of “%s” was issued for another server (“%s”), so Clientele "
                   "did not connect. Check the address."),
                 host, subject);
  else
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CERTIFICATE,
                 _("The certificate of “%s” (“%s”) is not valid, so Clientele did not connect. "
                   "Whoever runs the server must replace it."),
                 host, subject);
}

static gboolean
is_offline_error (const GError *error)
{
  static const GIOErrorEnum offline[] = {
    G_IO_ERROR_CONNECTION_REFUSED, G_IO_ERROR_NETWORK_UNREACHABLE, G_IO_ERROR_HOST_UNREACHABLE,
    G_IO_ERROR_TIMED_OUT, G_IO_ERROR_CONNECTION_CLOSED, G_IO_ERROR_BROKEN_PIPE,
    G_IO_ERROR_NOT_CONNECTED, G_IO_ERROR_PARTIAL_INPUT, G_IO_ERROR_PROXY_FAILED,
  };

  if (error->domain == G_RESOLVER_ERROR)
    return error->code == G_RESOLVER_ERROR_TEMPORARY_FAILURE;
  if (error->domain == G_IO_ERROR)
    for (gsize i = 0; i < G_N_ELEMENTS (offline); i++)
      if (error->code == (int) offline[i])
        return TRUE;
  return FALSE;
}

void
clt_dav_set_error (const CltDavErrorContext  *context,
                   GError                    *local,
                   GError                   **error)
{
  const char *host = context->host;
  const char *user = context->user;
  const char *url = context->url;
  const char *dav_code = context->dav_code;
  g_autoptr(GError) source = local;

  g_debug ("%s: %s", url != NULL ? url : host, source->message);

  if (g_error_matches (source, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&source));
  else if (g_error_matches (source, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    set_certificate_error (context, error);
  else if (context->upgraded)
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_INSECURE,
                 _("The server “%s” sends Clientele to an address without encryption (http://). "
                   "Clientele only uses a secure connection to another computer: check the "
                   "address with whoever runs the server."),
                 host);
  else if (source->domain == G_TLS_ERROR)
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_SERVER,
                 _("A secure connection to “%s” could not be set up. Check the address and its "
                   "port."),
                 host);
  else if (is_offline_error (source))
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_OFFLINE,
                 _("The server “%s” cannot be reached now: the network is down or the server is "
                   "stopped. Clientele keeps working and will try again."),
                 host);
  else if (source->domain == G_RESOLVER_ERROR)
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND,
                 _("No server named “%s” was found. Check the address and the Internet "
                   "connection."),
                 host);
  else if (source->domain != E_SOUP_SESSION_ERROR)
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_SERVER,
                 _("The exchange with “%s” failed: %s"), host, source->message);
  else if (dav_code != NULL && strstr (dav_code, "no-uid-conflict") != NULL)
    g_set_error_literal (error, CLT_DAV_ERROR, CLT_DAV_ERROR_UID_TAKEN,
                         _("The server already keeps this record under another name."));
  else
    switch (source->code)
      {
      case SOUP_STATUS_UNAUTHORIZED:
        g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_AUTH,
                     _("The server “%s” refused the user name or password. Check them, or use "
                       "an app password if your provider asks for one."),
                     host);
        break;
      case SOUP_STATUS_PRECONDITION_FAILED:
        g_set_error_literal (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CHANGED,
                             _("The record was changed on the server since Clientele last read it."));
        break;
      case SOUP_STATUS_NOT_FOUND:
      case SOUP_STATUS_GONE:
        g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND,
                     _("Nothing was found at “%s” on the server. Check the address."), url);
        break;
      case SOUP_STATUS_INSUFFICIENT_STORAGE:
        g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_FULL,
                     _("The account “%s” has no space left on “%s”. Free some, or ask for more."),
                     user, host);
        break;
      case SOUP_STATUS_FORBIDDEN:
        if (dav_code != NULL && strstr (dav_code, "quota") != NULL)
          g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_FULL,
                       _("The account “%s” has no space left on “%s”. Free some, or ask for more."),
                       user, host);
        else
          g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_FORBIDDEN,
                       _("The server “%s” does not let the account “%s” make this change. Ask "
                         "whoever runs the server for the right to."),
                       host, user);
        break;
      case SOUP_STATUS_METHOD_NOT_ALLOWED:
      case SOUP_STATUS_NOT_IMPLEMENTED:
        g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_DAV,
                     _("“%s” is not an address book and task list server (CardDAV and CalDAV). "
                       "Check the address: your provider’s help gives it."),
                     host);
        break;
      case SOUP_STATUS_BAD_GATEWAY:
      case SOUP_STATUS_SERVICE_UNAVAILABLE:
      case SOUP_STATUS_GATEWAY_TIMEOUT:
        g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_OFFLINE,
                     _("The server “%s” cannot be reached now: the network is down or the server "
                       "is stopped. Clientele keeps working and will try again."),
                     host);
        break;
      default:
        g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_SERVER,
                     _("The server “%s” answered with an error (%d). Try again later; if it goes "
                       "on, tell whoever runs the server."),
                     host, source->code);
        break;
      }
}

void
clt_dav_set_not_dav_error (const char  *host,
                           GError     **error)
{
  g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_DAV,
               _("“%s” is not an address book and task list server (CardDAV and CalDAV). Check "
                 "the address: your provider’s help gives it."),
               host);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLT_DAV_NS_DAV     "DAV:"
#define CLT_DAV_NS_CARDDAV "urn:ietf:params:xml:ns:carddav"
#define CLT_DAV_NS_CALDAV  "urn:ietf:params:xml:ns:caldav"

typedef enum
{
  CLT_DAV_TYPE_COLLECTION  = 1 << 0,
  CLT_DAV_TYPE_ADDRESSBOOK = 1 << 1,
  CLT_DAV_TYPE_CALENDAR    = 1 << 2,
} CltDavResourceType;

typedef enum
{
  CLT_DAV_COMPONENT_VTODO    = 1 << 0,
  CLT_DAV_COMPONENT_VJOURNAL = 1 << 1,
  CLT_DAV_COMPONENT_VEVENT   = 1 << 2,
} CltDavComponents;

/* One DAV:response of a multistatus, with the properties the client asks
 * for; those in a propstat other than 200 are left out. */
typedef struct
{
  char    *href;              /* as the server wrote it */
  guint    status;            /* the response's own DAV:status (404 for a removed record), 0 without one */
  char    *etag;              /* unquoted */
  char    *data;              /* CARDDAV:address-data or CALDAV:calendar-data */
  char    *display_name;
  guint    types;             /* CltDavResourceType */
  gboolean has_components;    /* CALDAV:supported-calendar-component-set given */
  gboolean vcard4;            /* CARDDAV:supported-address-data names text/vcard 4.0 */
  guint    components;        /* CltDavComponents */
  char    *principal;         /* DAV:current-user-principal */
  char    *addressbook_home;  /* CARDDAV:addressbook-home-set, its first href */
  char    *calendar_home;     /* CALDAV:calendar-home-set, its first href */
  char    *sync_token;        /* DAV:sync-token, the collection's property */
} CltDavResponse;

void clt_dav_response_free (CltDavResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltDavResponse, clt_dav_response_free)

/* The responses of a DAV:multistatus document (CltDavResponse), and its
 * top-level DAV:sync-token when @out_token is given. FALSE, with no
 * message for the user, when it is not one. */
GPtrArray *clt_dav_parse_multistatus (const char *data,
                                      gsize       length,
                                      char      **out_token,
                                      GError    **error);

/* What is known about a failed request, for clt_dav_set_error(). */
typedef struct
{
  const char          *host;
  const char          *user;
  const char          *url;                 /* the request's */
  const char          *dav_code;            /* the answer's DAV:error, as EDS gives it ("[name]"), or %NULL */
  const char          *certificate_pem;     /* the server's, for a certificate not trusted */
  GTlsCertificateFlags certificate_errors;
  gboolean             upgraded;            /* a redirect to http:// was made https:// */
} CltDavErrorContext;

/* Sets a CLT_DAV_ERROR for @local (taken): EDS's E_SOUP_SESSION_ERROR
 * (an HTTP status), GIO's and the resolver's; G_IO_ERROR_CANCELLED is
 * passed on as it is. */
void       clt_dav_set_error         (const CltDavErrorContext  *context,
                                      GError                    *local,
                                      GError                   **error);
void       clt_dav_set_not_dav_error (const char                *host,
                                      GError                   **error);

/* The path of @href (a path or a full URL), as written. */
char      *clt_dav_href_path         (const char *href);

G_END_DECLS

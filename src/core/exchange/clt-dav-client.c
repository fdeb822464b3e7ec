/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
/* Its e-flag.h still names GTimeVal, deprecated since GLib 2.62. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libedataserver/libedataserver.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "clt-host.h"
#include "clt-dav-client.h"
#include "clt-dav-private.h"
#include "clt-text.h"

/* A WebDAV client over evolution-data-server's EWebDAVSession (libsoup 3),
 * which brings authentication, the TLS check with the certificate,
 * redirects and the ETag preconditions. It has no ESource: nothing here
 * reaches the EDS registry or D-Bus. */

#define DEFAULT_NAME   "Clientele"
#define MULTIGET_BATCH 250
#define MAX_SYNC_PAGES 1000
/* Seconds without an answer before a round gives up as offline: EDS's
 * own 90 s would hold a round that runs every 30 s. */
#define TIMEOUT        30

struct _CltDavClient
{
  GObject         parent_instance;

  char           *url;
  char           *host;
  char           *user;
  EWebDAVSession *session;

  gboolean        discovered;
  char           *addressbook_home;
  char           *calendar_home;

  /* A redirect to plain http:// on another computer, made https://. */
  gboolean        upgraded;
};

G_DEFINE_FINAL_TYPE (CltDavClient, clt_dav_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (clt-dav-error-quark, clt_dav_error)

static gboolean
is_secure_enough (GUri *uri)
{
  const char *scheme = g_uri_get_scheme (uri);

  return g_ascii_strcasecmp (scheme, "https") == 0 ||
         (g_ascii_strcasecmp (scheme, "http") == 0 && clt_host_is_local (g_uri_get_host (uri)));
}

static const char *
last_dav_code (CltDavClient *self)
{
  return e_webdav_session_get_last_dav_error_code (self->session);
}

/* Says what went wrong with a request to @url in words a shop owner can
 * act on (see clt_dav_set_error()); takes @local. */
static void
propagate_error (CltDavClient  *self,
                 GError        *local,
                 const char    *url,
                 const char    *dav_code,
                 GError       **error)
{
  g_autofree char *pem = NULL;
  CltDavErrorContext context = {
    .host = self->host,
    .user = self->user,
    .url = url,
    .dav_code = dav_code,
    .upgraded = self->upgraded,
  };

  if (g_error_matches (local, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    e_soup_session_get_ssl_error_details (E_SOUP_SESSION (self->session), &pem,
                                          &context.certificate_errors);
  context.certificate_pem = pem;
  clt_dav_set_error (&context, local, error);
}

static void
set_not_dav_error (CltDavClient  *self,
                   GError       **error)
{
  clt_dav_set_not_dav_error (self->host, error);
}

/* Never a request in clear to another computer, even after a redirect
 * (libsoup follows those of a PROPFIND itself, EDS those of the other
 * methods): such a request is made https:// instead, and fails unless the
 * server has it. */
static void
guard_uri (CltDavClient *self,
           SoupMessage  *message)
{
  GUri *uri = soup_message_get_uri (message);
  g_autoptr(GUri) secure = NULL;
  int port;

  if (uri == NULL || is_secure_enough (uri))
    return;

  port = g_uri_get_port (uri);
  secure = soup_uri_copy (uri, SOUP_URI_SCHEME, "https",
                          SOUP_URI_PORT, port == 80 ? -1 : port,
                          SOUP_URI_NONE);
  self->upgraded = TRUE;
  soup_message_set_uri (message, secure);
}

static void
message_uri_cb (SoupMessage *message,
                GParamSpec  *pspec,
                gpointer     user_data)
{
  guard_uri (user_data, message);
}

static void
request_queued_cb (SoupSession *session,
                   SoupMessage *message,
                   gpointer     user_data)
{
  CltDavClient *self = user_data;

  /* Server logs name the program that wrote, not Evolution. */
  soup_message_headers_replace (soup_message_get_request_headers (message), "User-Agent",
                                "Clientele/" PACKAGE_VERSION);
  guard_uri (self, message);
  if (g_object_get_data (G_OBJECT (message), "clt-dav-guarded") == NULL)
    {
      g_object_set_data (G_OBJECT (message), "clt-dav-guarded", GINT_TO_POINTER (TRUE));
      g_signal_connect_object (message, "notify::uri", G_CALLBACK (message_uri_cb), self, 0);
    }
}

static char *
resolve (const char *base,
         const char *href)
{
  g_autofree char *resolved = g_uri_resolve_relative (base, href, G_URI_FLAGS_ENCODED, NULL);

  return resolved != NULL ? g_steal_pointer (&resolved) : g_strdup (href);
}

static EXmlDocument *
new_document (const char *ns,
              const char *root)
{
  EXmlDocument *xml = e_xml_document_new (ns, root);

  e_xml_document_add_namespaces (xml, "A", CLT_DAV_NS_CARDDAV, "C", CLT_DAV_NS_CALDAV, NULL);
  return xml;
}

static void
parse_error_to_not_dav (CltDavClient  *self,
                        GError        *local,
                        GError       **error)
{
  g_debug ("%s: %s", self->url, local->message);
  g_error_free (local);
  set_not_dav_error (self, error);
}

/* A PROPFIND with @xml's body: the multistatus' responses. */
static GPtrArray *
propfind (CltDavClient  *self,
          const char    *url,
          const char    *depth,
          EXmlDocument  *xml,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  GError *local = NULL;
  char *content;
  gsize length;
  GPtrArray *responses;

  self->upgraded = FALSE;
  message = e_webdav_session_new_message (self->session, SOUP_METHOD_PROPFIND, url, &local);
  if (message == NULL)
    {
      propagate_error (self, local, url, NULL, error);
      return NULL;
    }
  soup_message_headers_replace (soup_message_get_request_headers (message), "Depth", depth);
  content = e_xml_document_get_content (xml, &length);
  e_soup_session_util_set_message_request_body_from_data (message, FALSE, E_WEBDAV_CONTENT_TYPE_XML,
                                                          content, length, g_free);

  bytes = e_soup_session_send_message_simple_sync (E_SOUP_SESSION (self->session), message,
                                                   cancellable, &local);
  if (bytes == NULL)
    {
      propagate_error (self, local, url, NULL, error);
      return NULL;
    }
  if (soup_message_get_status (message) != SOUP_STATUS_MULTI_STATUS)
    {
      set_not_dav_error (self, error);
      return NULL;
    }

  responses = clt_dav_parse_multistatus ((const char *) bytes->data, bytes->len, NULL, &local);
  if (responses == NULL)
    parse_error_to_not_dav (self, local, error);
  return responses;
}

/* Whether the server refused a REPORT as such: an expired or unknown
 * sync token (DAV:valid-sync-token), or no sync-collection at all. */
static gboolean
is_report_refused (const GError *local,
                     const char   *dav_code)
{
  if (local->domain != E_SOUP_SESSION_ERROR)
    return FALSE;
  if (dav_code != NULL && (strstr (dav_code, "valid-sync-token") != NULL ||
                           strstr (dav_code, "supported-report") != NULL))
    return TRUE;
  return local->code == SOUP_STATUS_BAD_REQUEST || local->code == SOUP_STATUS_FORBIDDEN ||
         local->code == SOUP_STATUS_METHOD_NOT_ALLOWED || local->code == SOUP_STATUS_CONFLICT ||
         local->code == SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE ||
         local->code == SOUP_STATUS_UNPROCESSABLE_ENTITY ||
         local->code == SOUP_STATUS_NOT_IMPLEMENTED;
}

/* A REPORT through EDS: the multistatus' responses. */
static GPtrArray *
report (CltDavClient  *self,
        const char    *url,
        const char    *depth,
        EXmlDocument  *xml,
        char         **out_token,
        gboolean      *out_unsupported,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  GError *local = NULL;
  GPtrArray *responses;

  self->upgraded = FALSE;
  if (!e_webdav_session_report_sync (self->session, url, depth, xml, NULL, NULL, NULL, &bytes,
                                     cancellable, &local))
    {
      if (out_unsupported != NULL &&
          is_report_refused (local, last_dav_code (self)))
        {
          g_debug ("%s: %s", url, local->message);
          g_error_free (local);
          *out_unsupported = TRUE;
          return NULL;
        }
      propagate_error (self, local, url, last_dav_code (self), error);
      return NULL;
    }

  responses = clt_dav_parse_multistatus (bytes != NULL ? (const char *) bytes->data : "",
                                         bytes != NULL ? bytes->len : 0, out_token, &local);
  if (responses == NULL)
    parse_error_to_not_dav (self, local, error);
  return responses;
}

/* current-user-principal and the homes at @url, then at the principal. */
static gboolean
discover_at (CltDavClient  *self,
             const char    *url,
             GHashTable    *visited,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(EXmlDocument) xml = new_document (CLT_DAV_NS_DAV, "propfind");
  g_autoptr(GPtrArray) responses = NULL;
  g_autofree char *principal = NULL;

  if (!g_hash_table_add (visited, g_strdup (url)))
    return TRUE;

  e_xml_document_start_element (xml, CLT_DAV_NS_DAV, "prop");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_DAV, "current-user-principal");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_CARDDAV, "addressbook-home-set");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_CALDAV, "calendar-home-set");
  e_xml_document_end_element (xml);

  responses = propfind (self, url, E_WEBDAV_DEPTH_THIS, xml, cancellable, error);
  if (responses == NULL)
    return FALSE;

  for (guint i = 0; i < responses->len; i++)
    {
      CltDavResponse *response = g_ptr_array_index (responses, i);

      if (response->addressbook_home != NULL && self->addressbook_home == NULL)
        self->addressbook_home = resolve (url, response->addressbook_home);
      if (response->calendar_home != NULL && self->calendar_home == NULL)
        self->calendar_home = resolve (url, response->calendar_home);
      if (response->principal != NULL && principal == NULL)
        principal = resolve (url, response->principal);
    }

  if (principal != NULL && (self->addressbook_home == NULL || self->calendar_home == NULL))
    return discover_at (self, principal, visited, cancellable, error);
  return TRUE;
}

static char *
slug_for (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *slug = g_string_new (NULL);

  for (const char *c = ascii; *c != '\0'; c++)
    {
      if (g_ascii_isalnum (*c))
        g_string_append_c (slug, g_ascii_tolower (*c));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    {
      g_autofree char *uuid = g_uuid_string_random ();

      g_string_append (slug, uuid);
    }
  return g_string_free (slug, FALSE);
}

static gboolean
journals_from (CltDavResponse *response)
{
  /* No component set means every component (RFC 4791 §5.2.3). */
  return !response->has_components || (response->components & CLT_DAV_COMPONENT_VJOURNAL) != 0;
}

/* The collections in @home: resource type, name and components. */
static GPtrArray *
list_collections (CltDavClient  *self,
                  const char    *home,
                  const char    *depth,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(EXmlDocument) xml = new_document (CLT_DAV_NS_DAV, "propfind");

  e_xml_document_start_element (xml, CLT_DAV_NS_DAV, "prop");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_DAV, "resourcetype");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_DAV, "displayname");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_CALDAV, "supported-calendar-component-set");
  e_xml_document_end_element (xml);

  return propfind (self, home, depth, xml, cancellable, error);
}

/* The user's home for @kind, once discovered. */
static const char *
get_home (CltDavClient  *self,
          CltDavKind     kind,
          GError       **error)
{
  const char *home = kind == CLT_DAV_CONTACTS ? self->addressbook_home : self->calendar_home;

  if (home == NULL)
    g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_DAV,
                 kind == CLT_DAV_CONTACTS
                   ? _("The server “%s” keeps no address books (CardDAV) for this account.")
                   : _("The server “%s” keeps no task lists (CalDAV) for this account."),
                 self->host);
  return home;
}

/* An address book, or a calendar that takes VTODOs (no component set
 * means every component). */
static gboolean
is_of_kind (CltDavResponse *response,
            CltDavKind      kind)
{
  if (kind == CLT_DAV_CONTACTS)
    return (response->types & CLT_DAV_TYPE_ADDRESSBOOK) != 0;
  return (response->types & CLT_DAV_TYPE_CALENDAR) != 0 &&
         (!response->has_components || (response->components & CLT_DAV_COMPONENT_VTODO) != 0);
}

static int
compare_collections (gconstpointer a,
                     gconstpointer b)
{
  const CltDavCollection *one = *(CltDavCollection * const *) a;
  const CltDavCollection *other = *(CltDavCollection * const *) b;
  int by_name = g_utf8_collate (one->display_name, other->display_name);

  return by_name != 0 ? by_name : strcmp (one->href, other->href);
}

/* The last part of @path, unescaped, for a collection without a name. */
static char *
name_from_path (const char *path)
{
  g_autofree char *trimmed = g_strdup (path);
  g_autofree char *base = NULL;
  char *name;

  while (g_str_has_suffix (trimmed, "/") && trimmed[1] != '\0')
    trimmed[strlen (trimmed) - 1] = '\0';
  base = g_path_get_basename (trimmed);
  name = g_uri_unescape_string (base, NULL);
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_free (name);
      name = g_steal_pointer (&base);
    }
  return name;
}

static gboolean
make_collection (CltDavClient  *self,
                 CltDavKind     kind,
                 const char    *url,
                 const char    *name,
                 GCancellable  *cancellable,
                 GError       **error)
{
  GError *local = NULL;
  gboolean made;

  self->upgraded = FALSE;
  if (kind == CLT_DAV_CONTACTS)
    made = e_webdav_session_mkcol_addressbook_sync (self->session, url, name, NULL,
                                                    cancellable, &local);
  else
    {
      made = e_webdav_session_mkcalendar_sync (self->session, url, name, NULL, NULL,
                                               E_WEBDAV_RESOURCE_SUPPORTS_TASKS |
                                               E_WEBDAV_RESOURCE_SUPPORTS_MEMOS,
                                               cancellable, &local);
      /* A server that refuses journals there (CALDAV:supported-calendar-
       * component precondition) may take tasks alone. */
      if (!made && local->domain == E_SOUP_SESSION_ERROR &&
          (local->code == SOUP_STATUS_FORBIDDEN || local->code == SOUP_STATUS_CONFLICT ||
           local->code == SOUP_STATUS_BAD_REQUEST))
        {
          g_clear_error (&local);
          made = e_webdav_session_mkcalendar_sync (self->session, url, name, NULL, NULL,
                                                   E_WEBDAV_RESOURCE_SUPPORTS_TASKS,
                                                   cancellable, &local);
        }
    }

  if (!made)
    propagate_error (self, local, url, last_dav_code (self), error);
  return made;
}

static void
clt_dav_client_finalize (GObject *object)
{
  CltDavClient *self = CLT_DAV_CLIENT (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_free (self->url);
  g_free (self->host);
  g_free (self->user);
  g_free (self->addressbook_home);
  g_free (self->calendar_home);

  G_OBJECT_CLASS (clt_dav_client_parent_class)->finalize (object);
}

static void
clt_dav_client_class_init (CltDavClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_dav_client_finalize;
}

static void
clt_dav_client_init (CltDavClient *self)
{
}

CltDavItem *
clt_dav_item_new (const char *href,
                  const char *etag,
                  const char *body)
{
  CltDavItem *item = g_new0 (CltDavItem, 1);

  item->href = g_strdup (href);
  item->etag = g_strdup (etag);
  item->body = g_strdup (body);
  return item;
}

void
clt_dav_item_free (CltDavItem *item)
{
  if (item == NULL)
    return;
  g_free (item->href);
  g_free (item->etag);
  g_free (item->body);
  g_free (item);
}

void
clt_dav_changes_free (CltDavChanges *changes)
{
  if (changes == NULL)
    return;
  g_free (changes->token);
  g_clear_pointer (&changes->changed, g_ptr_array_unref);
  g_clear_pointer (&changes->removed, g_ptr_array_unref);
  g_free (changes);
}

void
clt_dav_collection_free (CltDavCollection *collection)
{
  if (collection == NULL)
    return;
  g_free (collection->url);
  g_free (collection->href);
  g_free (collection->display_name);
  g_free (collection);
}

CltDavClient *
clt_dav_client_new (const char  *url,
                    const char  *user,
                    const char  *password,
                    GError     **error)
{
  g_autoptr(CltDavClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(ENamedParameters) credentials = NULL;
  const char *scheme;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_ADDRESS,
                   _("“%s” is not a web address. Enter one such as https://dav.example.com/."),
                   url);
      return NULL;
    }
  if (!is_secure_enough (uri))
    {
      g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_INSECURE,
                   _("Clientele only talks to “%s” over a secure connection: use an address "
                     "starting with https://. Plain http:// is for a server on this computer."),
                   g_uri_get_host (uri));
      return NULL;
    }

  self = g_object_new (CLT_TYPE_DAV_CLIENT, NULL);
  self->url = g_uri_to_string (uri);
  self->host = g_strdup (g_uri_get_host (uri));
  self->user = g_strdup (user);
  /* No ESource: a scratch one would register every extension type, among
   * them Camel's, which lists the mail providers folder (a warning when the
   * EDS daemon is not installed); and its stored certificate trust is
   * not wanted, only a certificate the system trusts. EDS asks the source
   * only when it has one. */
  self->session = g_object_new (E_TYPE_WEBDAV_SESSION, "timeout", TIMEOUT, NULL);
  g_signal_connect (self->session, "request-queued", G_CALLBACK (request_queued_cb), self);

  credentials = e_named_parameters_new ();
  e_named_parameters_set (credentials, E_SOURCE_CREDENTIAL_USERNAME, user);
  e_named_parameters_set (credentials, E_SOURCE_CREDENTIAL_PASSWORD, password);
  e_soup_session_set_credentials (E_SOUP_SESSION (self->session), credentials);

  return g_steal_pointer (&self);
}

const char *
clt_dav_client_get_url (CltDavClient *self)
{
  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);

  return self->url;
}

gboolean
clt_dav_client_discover (CltDavClient  *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GHashTable) visited = NULL;
  g_autoptr(GUri) uri = NULL;
  GPtrArray *candidates;
  g_autoptr(GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  gboolean at_root;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), FALSE);

  g_clear_pointer (&self->addressbook_home, g_free);
  g_clear_pointer (&self->calendar_home, g_free);
  self->discovered = FALSE;

  /* The well-known addresses (RFC 6764) first for a bare server name,
   * last for an address with a path, which is likely the right one. */
  uri = g_uri_parse (self->url, SOUP_HTTP_URI_FLAGS, NULL);
  at_root = uri == NULL || g_strcmp0 (g_uri_get_path (uri), "/") == 0 ||
            g_strcmp0 (g_uri_get_path (uri), "") == 0;
  candidates = owned;
  if (!at_root)
    g_ptr_array_add (candidates, g_strdup (self->url));
  g_ptr_array_add (candidates, resolve (self->url, "/.well-known/carddav"));
  g_ptr_array_add (candidates, resolve (self->url, "/.well-known/caldav"));
  if (at_root)
    g_ptr_array_add (candidates, g_strdup (self->url));

  visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < candidates->len; i++)
    {
      GError *local = NULL;

      if (self->addressbook_home != NULL && self->calendar_home != NULL)
        break;
      if (discover_at (self, g_ptr_array_index (candidates, i), visited, cancellable, &local))
        continue;

      /* Not there: the next address may be the one. */
      if (g_error_matches (local, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND) ||
          g_error_matches (local, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_DAV) ||
          g_error_matches (local, CLT_DAV_ERROR, CLT_DAV_ERROR_FORBIDDEN) ||
          g_error_matches (local, CLT_DAV_ERROR, CLT_DAV_ERROR_SERVER))
        {
          g_clear_error (&local);
          continue;
        }
      g_propagate_error (error, local);
      return FALSE;
    }

  if (self->addressbook_home == NULL && self->calendar_home == NULL)
    {
      set_not_dav_error (self, error);
      return FALSE;
    }
  self->discovered = TRUE;
  return TRUE;
}

const char *
clt_dav_client_get_addressbook_home (CltDavClient *self)
{
  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);

  return self->addressbook_home;
}

const char *
clt_dav_client_get_calendar_home (CltDavClient *self)
{
  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);

  return self->calendar_home;
}

char *
clt_dav_client_ensure_collection (CltDavClient  *self,
                                  CltDavKind     kind,
                                  const char    *name,
                                  gboolean      *out_journals,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) made = NULL;
  g_autoptr(GHashTable) taken = NULL;
  g_autofree char *home_path = NULL;
  g_autofree char *slug = NULL;
  g_autofree char *url = NULL;
  const char *home;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);

  if (out_journals != NULL)
    *out_journals = FALSE;
  if (name == NULL)
    name = DEFAULT_NAME;
  if (!self->discovered && !clt_dav_client_discover (self, cancellable, error))
    return NULL;

  home = get_home (self, kind, error);
  if (home == NULL)
    return NULL;

  children = list_collections (self, home, E_WEBDAV_DEPTH_THIS_AND_CHILDREN, cancellable, error);
  if (children == NULL)
    return NULL;

  home_path = clt_dav_href_path (home);
  taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < children->len; i++)
    {
      CltDavResponse *child = g_ptr_array_index (children, i);
      g_autofree char *path = clt_dav_href_path (child->href);

      g_hash_table_add (taken, g_strdup (path));
      if (!is_of_kind (child, kind) || g_strcmp0 (child->display_name, name) != 0)
        continue;
      if (out_journals != NULL)
        *out_journals = kind == CLT_DAV_TASKS && journals_from (child);
      return resolve (home, child->href);
    }

  /* Each kind in a folder of its own, even under one name: a server
   * with one home for both (Radicale) keeps them apart. */
  slug = slug_for (name);
  url = g_strconcat (home_path, g_str_has_suffix (home_path, "/") ? "" : "/", slug,
                     kind == CLT_DAV_CONTACTS ? "-contacts/" : "-tasks/", NULL);
  if (g_hash_table_contains (taken, url))
    {
      g_autofree char *uuid = g_uuid_string_random ();

      g_free (url);
      url = g_strconcat (home_path, g_str_has_suffix (home_path, "/") ? "" : "/", slug, "-",
                         uuid, "/", NULL);
    }
  {
    g_autofree char *relative = g_steal_pointer (&url);

    url = resolve (home, relative);
  }

  if (!make_collection (self, kind, url, name, cancellable, error))
    return NULL;

  /* What the server kept of the components asked for. */
  if (kind == CLT_DAV_TASKS)
    {
      made = list_collections (self, url, E_WEBDAV_DEPTH_THIS, cancellable, error);
      if (made == NULL)
        return NULL;
      if (out_journals != NULL)
        *out_journals = made->len > 0 && journals_from (g_ptr_array_index (made, 0));
    }
  return g_steal_pointer (&url);
}

GPtrArray *
clt_dav_client_list_collections (CltDavClient  *self,
                                 CltDavKind     kind,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(GPtrArray) children = NULL;
  g_autoptr(GPtrArray) collections = NULL;
  const char *home;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);

  if (!self->discovered && !clt_dav_client_discover (self, cancellable, error))
    return NULL;
  home = get_home (self, kind, error);
  if (home == NULL)
    return NULL;

  children = list_collections (self, home, E_WEBDAV_DEPTH_THIS_AND_CHILDREN, cancellable, error);
  if (children == NULL)
    return NULL;

  collections = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_dav_collection_free);
  for (guint i = 0; i < children->len; i++)
    {
      CltDavResponse *child = g_ptr_array_index (children, i);
      CltDavCollection *collection;

      if (!is_of_kind (child, kind))
        continue;

      collection = g_new0 (CltDavCollection, 1);
      collection->kind = kind;
      collection->url = resolve (home, child->href);
      collection->href = clt_dav_href_path (child->href);
      collection->display_name = child->display_name != NULL && !clt_text_is_blank (child->display_name)
                                   ? g_strdup (child->display_name)
                                   : name_from_path (collection->href);
      collection->journals = kind == CLT_DAV_TASKS && journals_from (child);
      g_ptr_array_add (collections, collection);
    }

  g_ptr_array_sort (collections, compare_collections);
  return g_steal_pointer (&collections);
}

/* Every record of @collection with its ETag, and the collection's own
 * DAV:sync-token when it has one (RFC 6578 §4), to go on from next time. */
static CltDavChanges *
list_all (CltDavClient  *self,
          const char    *collection,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(EXmlDocument) xml = new_document (CLT_DAV_NS_DAV, "propfind");
  g_autoptr(GPtrArray) responses = NULL;
  g_autoptr(CltDavChanges) changes = g_new0 (CltDavChanges, 1);
  g_autofree char *collection_path = clt_dav_href_path (collection);

  e_xml_document_start_element (xml, CLT_DAV_NS_DAV, "prop");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_DAV, "resourcetype");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_DAV, "getetag");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_DAV, "sync-token");
  e_xml_document_end_element (xml);

  responses = propfind (self, collection, E_WEBDAV_DEPTH_THIS_AND_CHILDREN, xml, cancellable,
                        error);
  if (responses == NULL)
    return NULL;

  changes->complete = TRUE;
  changes->changed = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_dav_item_free);
  changes->removed = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < responses->len; i++)
    {
      CltDavResponse *response = g_ptr_array_index (responses, i);
      g_autofree char *path = clt_dav_href_path (response->href);

      if (e_webdav_session_util_item_href_equal (path, collection_path))
        {
          g_free (changes->token);
          changes->token = g_strdup (response->sync_token);
          continue;
        }
      if ((response->types & CLT_DAV_TYPE_COLLECTION) != 0 || response->etag == NULL)
        continue;
      g_ptr_array_add (changes->changed, clt_dav_item_new (path, response->etag, NULL));
    }

  return g_steal_pointer (&changes);
}

/* A sync-collection REPORT; %NULL without an error when the server
 * refuses it or the token. */
static CltDavChanges *
sync_collection (CltDavClient  *self,
                 const char    *collection,
                 const char    *token,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(CltDavChanges) changes = g_new0 (CltDavChanges, 1);
  g_autoptr(GHashTable) changed = NULL;  /* path → CltDavItem */
  g_autoptr(GHashTable) removed = NULL;  /* path */
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *collection_path = clt_dav_href_path (collection);
  g_autofree char *current = g_strdup (token);
  gboolean truncated = TRUE;

  changed = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) clt_dav_item_free);
  removed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* A server may cut a long answer (RFC 6578 §3.6): a 507 for the
   * collection itself, and a token to go on from. */
  for (guint page = 0; truncated && page < MAX_SYNC_PAGES; page++)
    {
      g_autoptr(EXmlDocument) xml = new_document (CLT_DAV_NS_DAV, "sync-collection");
      g_autoptr(GPtrArray) responses = NULL;
      g_autofree char *next = NULL;
      gboolean refused = FALSE;

      e_xml_document_start_text_element (xml, CLT_DAV_NS_DAV, "sync-token");
      if (current != NULL)
        e_xml_document_write_string (xml, current);
      e_xml_document_end_element (xml);
      e_xml_document_start_text_element (xml, CLT_DAV_NS_DAV, "sync-level");
      e_xml_document_write_string (xml, "1");
      e_xml_document_end_element (xml);
      e_xml_document_start_element (xml, CLT_DAV_NS_DAV, "prop");
      e_xml_document_add_empty_element (xml, CLT_DAV_NS_DAV, "getetag");
      e_xml_document_end_element (xml);

      responses = report (self, collection, E_WEBDAV_DEPTH_THIS, xml, &next, &refused,
                          cancellable, error);
      if (responses == NULL)
        return NULL;

      truncated = FALSE;
      for (guint i = 0; i < responses->len; i++)
        {
          CltDavResponse *response = g_ptr_array_index (responses, i);
          g_autofree char *path = clt_dav_href_path (response->href);

          if (e_webdav_session_util_item_href_equal (path, collection_path))
            {
              truncated = response->status == SOUP_STATUS_INSUFFICIENT_STORAGE;
              continue;
            }
          if (g_str_has_suffix (path, "/"))
            continue;
          if (response->status == SOUP_STATUS_NOT_FOUND || response->status == SOUP_STATUS_GONE)
            {
              g_hash_table_remove (changed, path);
              if (g_hash_table_add (removed, g_strdup (path)))
                g_ptr_array_add (order, g_strdup (path));
            }
          else if (response->etag != NULL)
            {
              CltDavItem *item = clt_dav_item_new (path, response->etag, NULL);

              if (!g_hash_table_remove (removed, path) && !g_hash_table_contains (changed, path))
                g_ptr_array_add (order, g_strdup (path));
              g_hash_table_replace (changed, item->href, item);
            }
        }

      if (next == NULL || g_strcmp0 (next, current) == 0)
        truncated = FALSE;
      g_free (current);
      current = g_steal_pointer (&next);
    }

  changes->token = g_steal_pointer (&current);
  changes->complete = token == NULL;
  changes->changed = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_dav_item_free);
  changes->removed = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < order->len; i++)
    {
      const char *path = g_ptr_array_index (order, i);
      gpointer key, item;

      if (g_hash_table_steal_extended (changed, path, &key, &item))
        g_ptr_array_add (changes->changed, item);
      else if (g_hash_table_remove (removed, path))
        g_ptr_array_add (changes->removed, g_strdup (path));
    }
  return g_steal_pointer (&changes);
}

CltDavChanges *
clt_dav_client_get_changes (CltDavClient  *self,
                            const char    *collection,
                            const char    *token,
                            GCancellable  *cancellable,
                            GError       **error)
{
  GError *local = NULL;
  CltDavChanges *changes;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (collection != NULL, NULL);

  changes = sync_collection (self, collection, token, cancellable, &local);
  if (changes != NULL)
    return changes;
  if (local != NULL)
    {
      g_propagate_error (error, local);
      return NULL;
    }
  return list_all (self, collection, cancellable, error);
}

GPtrArray *
clt_dav_client_multiget (CltDavClient        *self,
                         CltDavKind           kind,
                         const char          *collection,
                         const char * const  *hrefs,
                         guint                n_hrefs,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_autoptr(GPtrArray) items = NULL;
  const char *ns = kind == CLT_DAV_CONTACTS ? CLT_DAV_NS_CARDDAV : CLT_DAV_NS_CALDAV;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (collection != NULL, NULL);
  g_return_val_if_fail (hrefs != NULL || n_hrefs == 0, NULL);

  items = g_ptr_array_new_full (n_hrefs, (GDestroyNotify) clt_dav_item_free);
  for (guint start = 0; start < n_hrefs; start += MULTIGET_BATCH)
    {
      g_autoptr(EXmlDocument) xml = NULL;
      g_autoptr(GPtrArray) responses = NULL;

      xml = new_document (ns, kind == CLT_DAV_CONTACTS ? "addressbook-multiget"
                                                       : "calendar-multiget");
      e_xml_document_start_element (xml, CLT_DAV_NS_DAV, "prop");
      e_xml_document_add_empty_element (xml, CLT_DAV_NS_DAV, "getetag");
      e_xml_document_add_empty_element (xml, ns, kind == CLT_DAV_CONTACTS ? "address-data"
                                                                          : "calendar-data");
      e_xml_document_end_element (xml);
      for (guint i = start; i < n_hrefs && i < start + MULTIGET_BATCH; i++)
        {
          g_autofree char *path = clt_dav_href_path (hrefs[i]);

          e_xml_document_start_text_element (xml, CLT_DAV_NS_DAV, "href");
          e_xml_document_write_string (xml, path);
          e_xml_document_end_element (xml);
        }

      /* No Depth: RFC 6352 §8.7 and RFC 4791 §7.9 say not to send one. */
      responses = report (self, collection, NULL, xml, NULL, NULL, cancellable, error);
      if (responses == NULL)
        return NULL;

      for (guint i = 0; i < responses->len; i++)
        {
          CltDavResponse *response = g_ptr_array_index (responses, i);
          g_autofree char *path = NULL;

          if (response->data == NULL)
            continue;
          path = clt_dav_href_path (response->href);
          g_ptr_array_add (items, clt_dav_item_new (path, response->etag, response->data));
        }
    }

  return g_steal_pointer (&items);
}

CltDavItem *
clt_dav_client_get (CltDavClient  *self,
                    const char    *href,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *url = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *body = NULL;
  g_autofree char *path = NULL;
  GError *local = NULL;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (href != NULL, NULL);

  url = resolve (self->url, href);
  self->upgraded = FALSE;
  if (!e_webdav_session_get_data_sync (self->session, url, NULL, &etag, NULL, &body, NULL,
                                       cancellable, &local))
    {
      propagate_error (self, local, url, last_dav_code (self), error);
      return NULL;
    }

  path = clt_dav_href_path (href);
  return clt_dav_item_new (path, etag, body);
}


/**
 * clt_dav_client_takes_vcard4:
 * @collection: an address book's URL
 * @vcard4: (out): whether it takes vCard 4.0
 *
 * Whether the address book takes vCard 4.0: its
 * CARDDAV:supported-address-data says so. Without that property a server
 * takes vCard 3.0 only (RFC 6352, 6.2.2).
 */
gboolean
clt_dav_client_takes_vcard4 (CltDavClient  *self,
                             const char    *collection,
                             gboolean      *vcard4,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(EXmlDocument) xml = new_document (CLT_DAV_NS_DAV, "propfind");
  g_autoptr(GPtrArray) responses = NULL;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), FALSE);
  g_return_val_if_fail (collection != NULL && vcard4 != NULL, FALSE);

  e_xml_document_start_element (xml, CLT_DAV_NS_DAV, "prop");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_CARDDAV, "supported-address-data");
  e_xml_document_end_element (xml);

  responses = propfind (self, collection, E_WEBDAV_DEPTH_THIS, xml, cancellable, error);
  if (responses == NULL)
    return FALSE;

  *vcard4 = FALSE;
  for (guint i = 0; i < responses->len; i++)
    *vcard4 = *vcard4 || ((CltDavResponse *) g_ptr_array_index (responses, i))->vcard4;

  return TRUE;
}

char *
clt_dav_client_build_href (CltDavClient *self,
                           CltDavKind    kind,
                           const char   *collection,
                           const char   *uid)
{
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (collection != NULL, NULL);
  g_return_val_if_fail (uid != NULL, NULL);

  path = clt_dav_href_path (collection);
  /* Only the unreserved characters left as they are: the server writes
   * the href back so (Python's quote() in Radicale does). */
  escaped = g_uri_escape_string (uid, NULL, FALSE);
  return g_strconcat (path, g_str_has_suffix (path, "/") ? "" : "/", escaped,
                      kind == CLT_DAV_CONTACTS ? ".vcf" : ".ics", NULL);
}

/* The ETag of @url, for a server that gives none with its answer to PUT. */
static char *
fetch_etag (CltDavClient  *self,
            const char    *url,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(EXmlDocument) xml = new_document (CLT_DAV_NS_DAV, "propfind");
  g_autoptr(GPtrArray) responses = NULL;

  e_xml_document_start_element (xml, CLT_DAV_NS_DAV, "prop");
  e_xml_document_add_empty_element (xml, CLT_DAV_NS_DAV, "getetag");
  e_xml_document_end_element (xml);

  responses = propfind (self, url, E_WEBDAV_DEPTH_THIS, xml, cancellable, error);
  if (responses == NULL)
    return NULL;
  for (guint i = 0; i < responses->len; i++)
    {
      CltDavResponse *response = g_ptr_array_index (responses, i);

      if (response->etag != NULL)
        return g_strdup (response->etag);
    }
  g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_SERVER,
               _("The server “%s” keeps no version tag (ETag) for its records, which sharing "
                 "needs."),
               self->host);
  return NULL;
}

char *
clt_dav_client_put (CltDavClient  *self,
                    CltDavKind     kind,
                    const char    *href,
                    const char    *etag,
                    const char    *body,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *url = NULL;
  g_autofree char *new_etag = NULL;
  GError *local = NULL;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), NULL);
  g_return_val_if_fail (href != NULL, NULL);
  g_return_val_if_fail (etag == NULL || *etag != '\0', NULL);
  g_return_val_if_fail (body != NULL, NULL);

  url = resolve (self->url, href);
  self->upgraded = FALSE;
  if (!e_webdav_session_put_data_sync (self->session, url, etag,
                                       kind == CLT_DAV_CONTACTS ? E_WEBDAV_CONTENT_TYPE_VCARD
                                                                : E_WEBDAV_CONTENT_TYPE_CALENDAR,
                                       NULL, body, strlen (body), NULL, &new_etag, NULL,
                                       cancellable, &local))
    {
      propagate_error (self, local, url, last_dav_code (self), error);
      return NULL;
    }

  if (new_etag == NULL || *new_etag == '\0')
    {
      g_free (new_etag);
      new_etag = fetch_etag (self, url, cancellable, error);
    }
  return g_steal_pointer (&new_etag);
}

gboolean
clt_dav_client_delete (CltDavClient  *self,
                       const char    *href,
                       const char    *etag,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autofree char *url = NULL;
  GError *local = NULL;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (self), FALSE);
  g_return_val_if_fail (href != NULL, FALSE);

  url = resolve (self->url, href);
  self->upgraded = FALSE;
  if (e_webdav_session_delete_sync (self->session, url, E_WEBDAV_DEPTH_THIS, etag, cancellable,
                                    &local))
    return TRUE;
  if (g_error_matches (local, E_SOUP_SESSION_ERROR, SOUP_STATUS_NOT_FOUND) ||
      g_error_matches (local, E_SOUP_SESSION_ERROR, SOUP_STATUS_GONE))
    {
      g_error_free (local);
      return TRUE;
    }
  propagate_error (self, local, url, last_dav_code (self), error);
  return FALSE;
}

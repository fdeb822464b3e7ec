/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libedataserver/libedataserver.h>
G_GNUC_END_IGNORE_DEPRECATIONS

#include "clt-dav-client.h"
#include "clt-dav-private.h"

/* How the WebDAV client reads answers: DAV:multistatus documents as
 * servers write them, and failures as EDS, libsoup and GIO report them,
 * including those Radicale on loopback cannot show. The client against a
 * real server is tests/integration/test-dav.c. */

static GPtrArray *
parse (const char  *xml,
       char       **out_token)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *responses = clt_dav_parse_multistatus (xml, strlen (xml), out_token, &error);

  g_assert_no_error (error);
  g_assert_nonnull (responses);
  return responses;
}

/* RFC 6578's example shape: a changed record, a removed one (a response
 * with a status and no propstat), the collection cut short (507), a token. */
static void
test_sync_collection (void)
{
  const char *xml =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<D:multistatus xmlns:D=\"DAV:\">\n"
    "  <D:response>\n"
    "    <D:href>/alice/book/a%40b.vcf</D:href>\n"
    "    <D:propstat><D:prop><D:getetag>\"00001-abcd1\"</D:getetag></D:prop>\n"
    "      <D:status>HTTP/1.1 200 OK</D:status></D:propstat>\n"
    "  </D:response>\n"
    "  <D:response>\n"
    "    <D:href>\n      /alice/book/gone.vcf\n    </D:href>\n"
    "    <D:status>HTTP/1.1 404 Not Found</D:status>\n"
    "  </D:response>\n"
    "  <D:response>\n"
    "    <D:href>/alice/book/</D:href>\n"
    "    <D:status>HTTP/1.1 507 Insufficient Storage</D:status>\n"
    "  </D:response>\n"
    "  <D:sync-token>http://example.com/ns/sync/1234</D:sync-token>\n"
    "</D:multistatus>\n";
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) responses = parse (xml, &token);
  CltDavResponse *response;

  g_assert_cmpstr (token, ==, "http://example.com/ns/sync/1234");
  g_assert_cmpuint (responses->len, ==, 3);

  response = g_ptr_array_index (responses, 0);
  g_assert_cmpstr (response->href, ==, "/alice/book/a%40b.vcf");
  g_assert_cmpstr (response->etag, ==, "00001-abcd1");
  g_assert_cmpuint (response->status, ==, 0);
  g_assert_null (response->data);

  response = g_ptr_array_index (responses, 1);
  g_assert_cmpstr (response->href, ==, "/alice/book/gone.vcf");
  g_assert_cmpuint (response->status, ==, 404);
  g_assert_null (response->etag);

  response = g_ptr_array_index (responses, 2);
  g_assert_cmpuint (response->status, ==, 507);
}

/* Which vCard versions an address book takes (SabreDAV/Nextcloud say
 * 3.0 and 4.0; Radicale says nothing, which means 3.0 only). */
static void
test_address_data (void)
{
  const char *xml =
    "<d:multistatus xmlns:d=\"DAV:\" xmlns:card=\"urn:ietf:params:xml:ns:carddav\">"
    "<d:response><d:href>/remote.php/dav/addressbooks/users/alice/clientele/</d:href>"
    "<d:propstat><d:prop><card:supported-address-data>"
    "<card:address-data-type content-type=\"text/vcard\" version=\"3.0\"/>"
    "<card:address-data-type content-type=\"text/vcard\" version=\"4.0\"/>"
    "<card:address-data-type content-type=\"application/vcard+json\" version=\"4.0\"/>"
    "</card:supported-address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
    "</d:response>"
    "<d:response><d:href>/old/</d:href>"
    "<d:propstat><d:prop><card:supported-address-data>"
    "<card:address-data-type content-type=\"text/vcard\" version=\"3.0\"/>"
    "</card:supported-address-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>"
    "</d:response>"
    "<d:response><d:href>/radicale/</d:href>"
    "<d:propstat><d:prop><card:supported-address-data/></d:prop>"
    "<d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>"
    "</d:response></d:multistatus>";
  g_autoptr(GPtrArray) responses = parse (xml, NULL);

  g_assert_cmpuint (responses->len, ==, 3);
  g_assert_true (((CltDavResponse *) g_ptr_array_index (responses, 0))->vcard4);
  g_assert_false (((CltDavResponse *) g_ptr_array_index (responses, 1))->vcard4);
  g_assert_false (((CltDavResponse *) g_ptr_array_index (responses, 2))->vcard4);
}

/* Properties in a 404 propstat are not there; another prefix than D:;
 * a weak ETag kept as it is. */
static void
test_propstat (void)
{
  const char *xml =
    "<multistatus xmlns=\"DAV:\" xmlns:C=\"urn:ietf:params:xml:ns:caldav\""
    " xmlns:CR=\"urn:ietf:params:xml:ns:carddav\">"
    "<response><href>/alice/</href>"
    "<propstat><prop><current-user-principal><href>/principals/alice/</href></current-user-principal>"
    "<CR:addressbook-home-set><href>/alice/cards/</href></CR:addressbook-home-set>"
    "<C:calendar-home-set><href>/alice/cals/</href><href>/shared/</href></C:calendar-home-set>"
    "</prop><status>HTTP/1.1 200 OK</status></propstat>"
    "<propstat><prop><displayname>Not mine</displayname><getetag>\"x\"</getetag></prop>"
    "<status>HTTP/1.1 404 Not Found</status></propstat></response>"
    "<response><href>https://dav.example.com/alice/tasks/</href>"
    "<propstat><prop><resourcetype><collection/><C:calendar/></resourcetype>"
    "<displayname>Clientele</displayname>"
    "<C:supported-calendar-component-set><C:comp name=\"VTODO\"/><C:comp name=\"vjournal\"/>"
    "</C:supported-calendar-component-set><sync-token>tok-7</sync-token>"
    "<getetag>W/\"weak\"</getetag></prop>"
    "<status>HTTP/1.1 200 OK</status></propstat></response>"
    "<response><href>/alice/cards/</href>"
    "<propstat><prop><resourcetype><collection/><CR:addressbook/></resourcetype></prop>"
    "<status>HTTP/1.1 200 OK</status></propstat></response>"
    "</multistatus>";
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) responses = parse (xml, &token);
  CltDavResponse *response;

  g_assert_null (token);
  g_assert_cmpuint (responses->len, ==, 3);

  response = g_ptr_array_index (responses, 0);
  g_assert_cmpstr (response->principal, ==, "/principals/alice/");
  g_assert_cmpstr (response->addressbook_home, ==, "/alice/cards/");
  g_assert_cmpstr (response->calendar_home, ==, "/alice/cals/");
  g_assert_null (response->display_name);
  g_assert_null (response->etag);
  g_assert_cmpuint (response->types, ==, 0);

  response = g_ptr_array_index (responses, 1);
  g_assert_cmpuint (response->types, ==, CLT_DAV_TYPE_COLLECTION | CLT_DAV_TYPE_CALENDAR);
  g_assert_cmpstr (response->display_name, ==, "Clientele");
  g_assert_true (response->has_components);
  g_assert_cmpuint (response->components, ==, CLT_DAV_COMPONENT_VTODO | CLT_DAV_COMPONENT_VJOURNAL);
  g_assert_cmpstr (response->sync_token, ==, "tok-7");
  g_assert_cmpstr (response->etag, ==, "W/\"weak\"");

  response = g_ptr_array_index (responses, 2);
  g_assert_cmpuint (response->types, ==, CLT_DAV_TYPE_COLLECTION | CLT_DAV_TYPE_ADDRESSBOOK);
  g_assert_false (response->has_components);
}

/* A multiget's bodies: CRLF again after XML made it LF, a CR the server
 * escaped kept single, accents and escaped markup as they were. */
static void
test_multiget (void)
{
  const char *xml =
    "<D:multistatus xmlns:D=\"DAV:\" xmlns:A=\"urn:ietf:params:xml:ns:carddav\">"
    "<D:response><D:href>/b/1.vcf</D:href><D:propstat><D:prop><D:getetag>\"e1\"</D:getetag>"
    "<A:address-data>BEGIN:VCARD\r\nFN:Zoë &lt;Zo&gt; &amp; Co\r\nNOTE:a\r\n  b\r\nEND:VCARD\r\n"
    "</A:address-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
    "<D:response><D:href>/b/2.vcf</D:href><D:propstat><D:prop>"
    "<A:address-data>BEGIN:VCARD&#13;\nEND:VCARD&#13;\n</A:address-data></D:prop>"
    "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>"
    "<D:response><D:href>/b/3.vcf</D:href><D:status>HTTP/1.1 404 Not Found</D:status></D:response>"
    "</D:multistatus>";
  g_autoptr(GPtrArray) responses = parse (xml, NULL);

  g_assert_cmpuint (responses->len, ==, 3);
  g_assert_cmpstr (((CltDavResponse *) g_ptr_array_index (responses, 0))->data, ==,
                   "BEGIN:VCARD\r\nFN:Zoë <Zo> & Co\r\nNOTE:a\r\n  b\r\nEND:VCARD\r\n");
  g_assert_cmpstr (((CltDavResponse *) g_ptr_array_index (responses, 1))->data, ==,
                   "BEGIN:VCARD\r\nEND:VCARD\r\n");
  g_assert_null (((CltDavResponse *) g_ptr_array_index (responses, 2))->data);
  g_assert_cmpuint (((CltDavResponse *) g_ptr_array_index (responses, 2))->status, ==, 404);
}

static void
test_not_multistatus (void)
{
  const char *documents[] = {
    "",
    "<html><body>Welcome</body></html>",
    "<multistatus><response/></multistatus>",   /* not in the DAV: namespace */
    "<D:multistatus xmlns:D=\"DAV:\"><D:response>",
    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><D:error xmlns:D=\"DAV:\">&e;</D:error>",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) responses = clt_dav_parse_multistatus (documents[i],
                                                                  strlen (documents[i]),
                                                                  NULL, &error);

      g_assert_null (responses);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static void
test_href_path (void)
{
  const struct { const char *href, *path; } cases[] = {
    { "/alice/book/x.vcf", "/alice/book/x.vcf" },
    { "https://dav.example.com/alice/book/x%20y.vcf", "/alice/book/x%20y.vcf" },
    { "http://127.0.0.1:5232", "/" },
    { "x.vcf", "x.vcf" },
    { "/odd/http://path", "/odd/http://path" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = clt_dav_href_path (cases[i].href);

      g_assert_cmpstr (path, ==, cases[i].path);
    }
}

static GError *
mapped (GError     *local,
        const char *dav_code,
        gboolean    upgraded)
{
  CltDavErrorContext context = {
    .host = "dav.example.com",
    .user = "reception",
    .url = "https://dav.example.com/reception/clientele-contacts/x.vcf",
    .dav_code = dav_code,
    .upgraded = upgraded,
  };
  GError *error = NULL;

  clt_dav_set_error (&context, local, &error);
  g_assert_nonnull (error);
  return error;
}

static void
test_errors (void)
{
  const struct
  {
    int         code;
    const char *dav_code;
    int         expected;
  } cases[] = {
    { 401, NULL, CLT_DAV_ERROR_AUTH },
    { 412, NULL, CLT_DAV_ERROR_CHANGED },
    { 404, NULL, CLT_DAV_ERROR_NOT_FOUND },
    { 410, NULL, CLT_DAV_ERROR_NOT_FOUND },
    { 403, NULL, CLT_DAV_ERROR_FORBIDDEN },
    { 403, "[quota-not-exceeded]", CLT_DAV_ERROR_FULL },
    { 507, NULL, CLT_DAV_ERROR_FULL },
    { 409, "[no-uid-conflict]", CLT_DAV_ERROR_UID_TAKEN },
    { 405, NULL, CLT_DAV_ERROR_NOT_DAV },
    { 501, NULL, CLT_DAV_ERROR_NOT_DAV },
    { 502, NULL, CLT_DAV_ERROR_OFFLINE },
    { 503, NULL, CLT_DAV_ERROR_OFFLINE },
    { 504, NULL, CLT_DAV_ERROR_OFFLINE },
    { 500, NULL, CLT_DAV_ERROR_SERVER },
    { 409, NULL, CLT_DAV_ERROR_SERVER },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = mapped (g_error_new_literal (E_SOUP_SESSION_ERROR, cases[i].code,
                                                             "Failed"),
                                        cases[i].dav_code, FALSE);

      g_assert_error (error, CLT_DAV_ERROR, cases[i].expected);
      g_assert_null (strstr (error->message, "Failed"));
    }
}

static void
test_transport_errors (void)
{
  const struct
  {
    GQuark domain;
    int    code;
    int    expected;
  } cases[] = {
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, CLT_DAV_ERROR_OFFLINE },
    { G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, CLT_DAV_ERROR_OFFLINE },
    { G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, CLT_DAV_ERROR_OFFLINE },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, CLT_DAV_ERROR_OFFLINE },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, CLT_DAV_ERROR_OFFLINE },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, CLT_DAV_ERROR_OFFLINE },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, CLT_DAV_ERROR_NOT_FOUND },
    { G_TLS_ERROR, G_TLS_ERROR_NOT_TLS, CLT_DAV_ERROR_SERVER },
    { G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, CLT_DAV_ERROR_CERTIFICATE },
    { G_IO_ERROR, G_IO_ERROR_INVALID_DATA, CLT_DAV_ERROR_SERVER },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = mapped (g_error_new_literal (cases[i].domain, cases[i].code, "x"),
                                        NULL, FALSE);

      g_assert_error (error, CLT_DAV_ERROR, cases[i].expected);
      g_assert_nonnull (strstr (error->message, "dav.example.com"));
    }

  /* Cancelled stays GIO's; after a redirect to http://, whatever failed
   * is told as that. */
  {
    g_autoptr(GError) cancelled = mapped (g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                               "Operation was cancelled"),
                                          NULL, FALSE);
    g_autoptr(GError) upgraded = mapped (g_error_new_literal (G_RESOLVER_ERROR,
                                                              G_RESOLVER_ERROR_NOT_FOUND, "x"),
                                         NULL, TRUE);

    g_assert_error (cancelled, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_error (upgraded, CLT_DAV_ERROR, CLT_DAV_ERROR_INSECURE);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dav-reading/sync-collection", test_sync_collection);
  g_test_add_func ("/dav-reading/propstat", test_propstat);
  g_test_add_func ("/dav-reading/address-data", test_address_data);
  g_test_add_func ("/dav-reading/multiget", test_multiget);
  g_test_add_func ("/dav-reading/not-multistatus", test_not_multistatus);
  g_test_add_func ("/dav-reading/href-path", test_href_path);

  g_test_add_func ("/dav-reading/errors", test_errors);
  g_test_add_func ("/dav-reading/transport-errors", test_transport_errors);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <libsoup/soup.h>

#include "bench-radicale-index.h"

/* Radicale reads and caches the files it did not write itself on the
 * first request that lists them: for tens of thousands, longer than the
 * client waits for an answer, so asked here without a time limit. A
 * sync-collection REPORT, as PROPFIND lists the folder again for each
 * record (Radicale 3.1's discover), which takes hours for 50,000. */
void
clt_bench_radicale_index (CltTestRadicale *server,
                          const char      *user,
                          const char      *password,
                          const char      *collection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 0, NULL);
  g_autoptr(GUri) base = g_uri_parse (clt_test_radicale_get_url (server), G_URI_FLAGS_NONE, &error);
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *pair = g_strconcat (user, ":", password, NULL);
  g_autofree char *credentials = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *authorization = g_strconcat ("Basic ", credentials, NULL);
  static const char body[] = "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
                             "<sync-collection xmlns=\"DAV:\"><sync-token/><sync-level>1</sync-level>"
                             "<prop><getetag/></prop></sync-collection>";
  g_autoptr(GBytes) request = g_bytes_new_static (body, sizeof body - 1);

  g_assert_no_error (error);
  uri = g_uri_parse_relative (base, collection, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  message = soup_message_new_from_uri ("REPORT", uri);
  soup_message_set_request_body_from_bytes (message, "application/xml", request);
  soup_message_headers_append (soup_message_get_request_headers (message), "Authorization",
                               authorization);
  answer = soup_session_send_and_read (session, message, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 207);
}

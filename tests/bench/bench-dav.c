/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "clt-dav-client.h"
#include "bench-radicale-index.h"
#include "clt-test-radicale.h"

/* The WebDAV client against Radicale on loopback: PUT of 1,000 vCards one
 * by one, then, on an address book of N (the rest written straight into
 * Radicale's folder), the first listing (sync-collection), the bodies of
 * all N (multiget), and an incremental round after 10 changes. Prints
 * seconds; asserts no timing. The targets: a first sync of 10,000
 * customers under 30 s, an incremental round under 1 s. */

#define USER     "bench"
#define PASSWORD "bench"
#define PUTS     1000

static char *
vcard (guint       i,
       const char *note)
{
  return g_strdup_printf ("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:bench-%06u\r\n"
                          "FN:Client %u Dupont\r\nN:Dupont;Client %u;;;\r\n"
                          "EMAIL;TYPE=work:client%u@example.fr\r\nTEL;TYPE=cell:+33 6 12 34 %02u %02u\r\n"
                          "X-CLIENTELE-PREFERENCE;X-CLIENTELE-STAMP=1733472000000000/desk-a:"
                          "Chambre calme\\, côté lac\r\nNOTE:%s\r\nEND:VCARD\r\n",
                          i, i, i, i, i % 100, (i / 100) % 100, note);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(CltTestRadicale) server = NULL;
  g_autoptr(CltDavClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contacts = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(CltDavChanges) all = NULL;
  g_autoptr(CltDavChanges) delta = NULL;
  g_autoptr(GPtrArray) hrefs = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) changed_hrefs = g_ptr_array_new ();
  g_autoptr(GPtrArray) changed = NULL;
  guint total = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  gint64 start;

  if (!clt_test_radicale_available ())
    {
      g_print ("Radicale is not installed (Debian's radicale): nothing measured.\n");
      return 0;
    }
  total = MAX (total, PUTS);

  server = clt_test_radicale_start (USER, PASSWORD, NULL);
  client = clt_dav_client_new (clt_test_radicale_get_url (server), USER, PASSWORD, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  contacts = clt_dav_client_ensure_collection (client, CLT_DAV_CONTACTS, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_print ("discovery and address book: %.3f s\n", seconds_since (start));

  start = g_get_monotonic_time ();
  for (guint i = 0; i < PUTS; i++)
    {
      /* Radicale checks a new card's UID against the whole collection:
       * the last hundred cost more than the first. */
      if (i == 100 || i == PUTS - 100)
        g_print ("  %u PUTs after %.3f s\n", i, seconds_since (start));
      g_autofree char *uid = g_strdup_printf ("bench-%06u", i);
      g_autofree char *href = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, uid);
      g_autofree char *body = vcard (i, "");
      g_autofree char *etag = clt_dav_client_put (client, CLT_DAV_CONTACTS, href, NULL, body,
                                                  NULL, &error);

      g_assert_no_error (error);
    }
  g_print ("PUT of %u vCards, one by one: %.3f s (%.1f ms each)\n", PUTS, seconds_since (start),
           seconds_since (start) * 1000 / PUTS);

  /* The rest straight into Radicale's folder, as if other desks had. */
  {
    g_autofree char *user_dir = clt_test_radicale_user_dir (server);

    folder = g_build_filename (user_dir, "clientele-contacts", NULL);
  }
  for (guint i = PUTS; i < total; i++)
    {
      g_autofree char *name = g_strdup_printf ("bench-%06u.vcf", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *body = vcard (i, "");

      g_file_set_contents (path, body, -1, &error);
      g_assert_no_error (error);
    }

  /* Radicale reads and caches the files it did not write itself once, on
   * the first request that lists them: not the client's time, but shown.
   * At 9,000 it can take longer than the client waits (30 s), so it is
   * asked first with no time limit, then the client's listing timed. */
  start = g_get_monotonic_time ();
  clt_bench_radicale_index (server, USER, PASSWORD, contacts);
  g_print ("Radicale reads the %u files written behind its back (first listing): %.3f s\n",
           total - PUTS, seconds_since (start));
  start = g_get_monotonic_time ();
  {
    g_autoptr(CltDavChanges) listed = clt_dav_client_get_changes (client, contacts, "-", NULL,
                                                                  &error);

    g_assert_no_error (error);
    g_assert_true (listed->complete);
    g_assert_cmpuint (listed->changed->len, ==, total);
  }
  g_print ("the client lists all %u (PROPFIND listing): %.3f s\n", total, seconds_since (start));

  start = g_get_monotonic_time ();
  all = clt_dav_client_get_changes (client, contacts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->changed->len, ==, total);
  g_print ("first listing (sync-collection) of %u: %.3f s\n", total, seconds_since (start));

  for (guint i = 0; i < all->changed->len; i++)
    g_ptr_array_add (hrefs, ((CltDavItem *) g_ptr_array_index (all->changed, i))->href);
  start = g_get_monotonic_time ();
  items = clt_dav_client_multiget (client, CLT_DAV_CONTACTS, contacts,
                                   (const char * const *) hrefs->pdata, hrefs->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, total);
  g_print ("bodies of %u (addressbook-multiget): %.3f s\n", total, seconds_since (start));

  /* Ten changes from another desk, then one incremental round. */
  for (guint i = 0; i < 10; i++)
    {
      CltDavItem *item = g_ptr_array_index (all->changed, i * (total / 10));
      g_autofree char *body = vcard ((guint) g_ascii_strtoull (item->href + strlen (item->href) - 10, NULL, 10),
                                     "changed");
      g_autofree char *etag = clt_dav_client_put (client, CLT_DAV_CONTACTS, item->href, item->etag,
                                                  body, NULL, &error);

      g_assert_no_error (error);
    }

  start = g_get_monotonic_time ();
  delta = clt_dav_client_get_changes (client, contacts, all->token, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (delta->changed->len, ==, 10);
  for (guint i = 0; i < delta->changed->len; i++)
    g_ptr_array_add (changed_hrefs, ((CltDavItem *) g_ptr_array_index (delta->changed, i))->href);
  changed = clt_dav_client_multiget (client, CLT_DAV_CONTACTS, contacts,
                                     (const char * const *) changed_hrefs->pdata,
                                     changed_hrefs->len, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 10);
  g_print ("incremental round on %u, 10 changed (sync-collection and multiget): %.3f s\n", total,
           seconds_since (start));

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "clt-dav-client.h"
#include "clt-test-radicale.h"

/* The WebDAV client against a real Radicale (Debian's) on loopback, which
 * the test starts itself. The test process's session and system buses
 * are a trap: a socket that counts who connects, so that any D-Bus
 * connection (the EDS registry, a network monitor…) fails the test. Run
 * it with GSETTINGS_BACKEND=memory, as meson does: with dconf, GIO's
 * proxy resolver watches the system's proxy settings over the session
 * bus (GIO's doing, not the client's, and wanted behind a proxy). */

#define USER     "alice"
#define PASSWORD "s3cret pass"

static CltTestRadicale *server;
static char *trap_dir;
static GSocket *trap_socket;
static gint trap_connections;

static char *contacts;   /* the address book's URL, once made */
static char *tasks;

static gpointer
trap_thread (gpointer data)
{
  for (;;)
    {
      g_autoptr(GSocket) peer = g_socket_accept (trap_socket, NULL, NULL);

      if (peer == NULL)
        return NULL;
      g_atomic_int_inc (&trap_connections);
    }
}

static void
set_trap (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;

  trap_dir = g_dir_make_tmp ("clt-dav-trap-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (trap_dir, "bus", NULL);
  socket_address = g_unix_socket_address_new (path);
  trap_socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                              &error);
  g_assert_no_error (error);
  g_socket_bind (trap_socket, socket_address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (trap_socket, &error);
  g_assert_no_error (error);
  g_thread_unref (g_thread_new ("trap", trap_thread, NULL));

  address = g_strdup_printf ("unix:path=%s", path);
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", address, TRUE);
}

static CltDavClient *
new_client (const char *password)
{
  g_autoptr(GError) error = NULL;
  CltDavClient *client = clt_dav_client_new (clt_test_radicale_get_url (server), USER, password,
                                             &error);

  g_assert_no_error (error);
  return client;
}

static char *
vcard (const char *uid,
       const char *name)
{
  return g_strdup_printf ("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:%s\r\nFN:%s\r\n"
                          "X-CLIENTELE-PREFERENCE;X-CLIENTELE-STAMP=1:Sans gluten\\, merci\r\n"
                          "END:VCARD\r\n",
                          uid, name);
}

static guint
count_collections (void)
{
  g_autofree char *path = clt_test_radicale_user_dir (server);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && name[0] != '.')
        count++;
    }
  return count;
}

static const CltDavItem *
find_item (GPtrArray  *items,
           const char *href)
{
  for (guint i = 0; i < items->len; i++)
    {
      const CltDavItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->href, href) == 0)
        return item;
    }
  return NULL;
}

static void
test_discover (void)
{
  g_autoptr(CltDavClient) client = new_client (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autofree char *home = g_strdup_printf ("%s" USER "/", clt_test_radicale_get_url (server));

  g_assert_null (clt_dav_client_get_addressbook_home (client));
  g_assert_true (clt_dav_client_discover (client, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (clt_dav_client_get_addressbook_home (client), ==, home);
  g_assert_cmpstr (clt_dav_client_get_calendar_home (client), ==, home);
}

static void
test_collections (void)
{
  g_autoptr(CltDavClient) client = new_client (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autofree char *again = NULL;
  g_autofree char *tasks_again = NULL;
  g_autofree char *expected = g_strdup_printf ("%s" USER "/clientele-contacts/",
                                               clt_test_radicale_get_url (server));
  gboolean journals = FALSE;

  /* Without discover(): it discovers first. */
  contacts = clt_dav_client_ensure_collection (client, CLT_DAV_CONTACTS, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contacts, ==, expected);
  tasks = clt_dav_client_ensure_collection (client, CLT_DAV_TASKS, NULL, &journals, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (tasks, "/" USER "/clientele-tasks/"));
  /* Radicale 3.1.8 keeps VTODO and VJOURNAL as asked. */
  g_assert_true (journals);
  g_assert_cmpuint (count_collections (), ==, 2);

  /* Twice is a no-op, from another client too. */
  {
    g_autoptr(CltDavClient) other = new_client (PASSWORD);

    journals = FALSE;
    again = clt_dav_client_ensure_collection (other, CLT_DAV_CONTACTS, "Clientele", NULL, NULL,
                                              &error);
    g_assert_no_error (error);
    tasks_again = clt_dav_client_ensure_collection (other, CLT_DAV_TASKS, NULL, &journals, NULL,
                                                    &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (again, ==, contacts);
  g_assert_cmpstr (tasks_again, ==, tasks);
  g_assert_true (journals);
  g_assert_cmpuint (count_collections (), ==, 2);

  /* One named by the caller, beside. */
  {
    g_autofree char *named = clt_dav_client_ensure_collection (client, CLT_DAV_CONTACTS,
                                                               "Hôtel du Lac", NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (named, "/" USER "/hotel-du-lac-contacts/"));
    g_assert_cmpuint (count_collections (), ==, 3);
  }
}

static void
test_put (void)
{
  g_autoptr(CltDavClient) client = new_client (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autofree char *href = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, "put-1");
  g_autofree char *first = vcard ("put-1", "Hélène Dupont");
  g_autofree char *second = vcard ("put-1", "Hélène Dupont-Martin");
  g_autofree char *etag = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *current = NULL;
  g_autoptr(CltDavItem) item = NULL;

  g_assert_cmpstr (href, ==, "/" USER "/clientele-contacts/put-1.vcf");

  etag = clt_dav_client_put (client, CLT_DAV_CONTACTS, href, NULL, first, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (etag);
  g_assert_null (strchr (etag, '"'));

  /* New again: it is there already. */
  stale = clt_dav_client_put (client, CLT_DAV_CONTACTS, href, NULL, first, NULL, &error);
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CHANGED);
  g_assert_null (stale);
  g_clear_error (&error);

  /* With a stale ETag. */
  stale = clt_dav_client_put (client, CLT_DAV_CONTACTS, href, "0123456789abcdef", second, NULL,
                              &error);
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CHANGED);
  g_assert_null (stale);
  g_clear_error (&error);

  /* With the right one. */
  current = clt_dav_client_put (client, CLT_DAV_CONTACTS, href, etag, second, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (current);
  g_assert_cmpstr (current, !=, etag);

  item = clt_dav_client_get (client, href, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (item->href, ==, href);
  g_assert_cmpstr (item->etag, ==, current);
  g_assert_cmpstr (item->body, ==, second);

  /* The same UID under another name (Radicale: CARDDAV:no-uid-conflict). */
  {
    g_autofree char *twin = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, "twin");
    g_autofree char *twin_etag = clt_dav_client_put (client, CLT_DAV_CONTACTS, twin, NULL, first,
                                                     NULL, &error);

    g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_UID_TAKEN);
    g_assert_null (twin_etag);
  }
}

static void
test_sync_collection (void)
{
  g_autoptr(CltDavClient) client = new_client (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavChanges) all = NULL;
  g_autoptr(CltDavChanges) delta = NULL;
  g_autoptr(CltDavChanges) none = NULL;
  g_autoptr(CltDavChanges) listed = NULL;
  g_autoptr(GPtrArray) hrefs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) etags = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *changed_etag = NULL;
  g_autofree char *added_etag = NULL;
  g_autofree char *added = NULL;
  g_autofree char *uid_with_at = NULL;

  /* Three cards, one with a UID that needs escaping in its href. */
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *uid = i == 2 ? g_strdup ("sync 3@desk-a") : g_strdup_printf ("sync-%u", i);
      g_autofree char *body = vcard (uid, "Zoë Martin");
      char *href = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, uid);

      g_ptr_array_add (etags, clt_dav_client_put (client, CLT_DAV_CONTACTS, href, NULL, body,
                                                  NULL, &error));
      g_assert_no_error (error);
      g_ptr_array_add (hrefs, href);
    }
  g_assert_cmpstr (g_ptr_array_index (hrefs, 2), ==,
                   "/" USER "/clientele-contacts/sync%203%40desk-a.vcf");

  /* The first time: everything, and a token. */
  all = clt_dav_client_get_changes (client, contacts, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (all->complete);
  g_assert_nonnull (all->token);
  g_assert_cmpuint (all->removed->len, ==, 0);
  g_assert_cmpuint (all->changed->len, ==, 4);  /* with test_put's card */
  for (guint i = 0; i < 3; i++)
    {
      const CltDavItem *item = find_item (all->changed, g_ptr_array_index (hrefs, i));

      g_assert_nonnull (item);
      g_assert_cmpstr (item->etag, ==, g_ptr_array_index (etags, i));
      g_assert_null (item->body);
    }

  /* Nothing since. */
  none = clt_dav_client_get_changes (client, contacts, all->token, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (none->complete);
  g_assert_cmpuint (none->changed->len, ==, 0);
  g_assert_cmpuint (none->removed->len, ==, 0);
  g_assert_cmpstr (none->token, ==, all->token);

  /* One changed, one added, one removed. */
  {
    g_autofree char *body = vcard ("sync-0", "Zoë Martin-Roy");
    g_autofree char *added_body = vcard ("sync-new", "Léa Roy");

    changed_etag = clt_dav_client_put (client, CLT_DAV_CONTACTS, g_ptr_array_index (hrefs, 0),
                                       g_ptr_array_index (etags, 0), body, NULL, &error);
    g_assert_no_error (error);
    added = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, "sync-new");
    added_etag = clt_dav_client_put (client, CLT_DAV_CONTACTS, added, NULL, added_body, NULL,
                                     &error);
    g_assert_no_error (error);
    g_assert_true (clt_dav_client_delete (client, g_ptr_array_index (hrefs, 2),
                                          g_ptr_array_index (etags, 2), NULL, &error));
    g_assert_no_error (error);
  }

  delta = clt_dav_client_get_changes (client, contacts, all->token, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (delta->complete);
  g_assert_nonnull (delta->token);
  g_assert_cmpstr (delta->token, !=, all->token);
  g_assert_cmpuint (delta->changed->len, ==, 2);
  g_assert_cmpstr (find_item (delta->changed, g_ptr_array_index (hrefs, 0))->etag, ==, changed_etag);
  g_assert_cmpstr (find_item (delta->changed, added)->etag, ==, added_etag);
  g_assert_cmpuint (delta->removed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (delta->removed, 0), ==, g_ptr_array_index (hrefs, 2));

  /* An unknown token: Radicale answers DAV:valid-sync-token, and the
   * client lists everything by PROPFIND, with a token to go on from. */
  listed = clt_dav_client_get_changes (client, contacts, "http://radicale.org/ns/sync/bogus",
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_true (listed->complete);
  g_assert_cmpuint (listed->removed->len, ==, 0);
  g_assert_cmpuint (listed->changed->len, ==, 4);
  g_assert_cmpstr (find_item (listed->changed, g_ptr_array_index (hrefs, 0))->etag, ==, changed_etag);
  g_assert_cmpstr (find_item (listed->changed, added)->etag, ==, added_etag);
  g_assert_cmpstr (find_item (listed->changed, g_ptr_array_index (hrefs, 1))->etag, ==,
                   g_ptr_array_index (etags, 1));
  g_assert_null (find_item (listed->changed, g_ptr_array_index (hrefs, 2)));
  g_assert_cmpstr (listed->token, ==, delta->token);
}

static void
test_multiget (void)
{
  g_autoptr(CltDavClient) client = new_client (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *one = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, "sync-1");
  g_autofree char *two = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, "sync-new");
  g_autofree char *gone = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, "never");
  g_autofree char *one_body = vcard ("sync-1", "Zoë Martin");
  g_autofree char *two_body = vcard ("sync-new", "Léa Roy");
  const char *hrefs[] = { one, gone, two };
  const CltDavItem *item;

  items = clt_dav_client_multiget (client, CLT_DAV_CONTACTS, contacts, hrefs, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  item = find_item (items, one);
  g_assert_nonnull (item);
  g_assert_nonnull (item->etag);
  g_assert_cmpstr (item->body, ==, one_body);
  item = find_item (items, two);
  g_assert_nonnull (item);
  g_assert_cmpstr (item->body, ==, two_body);
}

/* A promise and a logged contact in the task list. */
static void
test_tasks (void)
{
  g_autoptr(CltDavClient) client = new_client (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autofree char *todo_href = clt_dav_client_build_href (client, CLT_DAV_TASKS, tasks, "todo-1");
  g_autofree char *journal_href = clt_dav_client_build_href (client, CLT_DAV_TASKS, tasks, "log-1");
  g_autofree char *todo_etag = NULL;
  g_autofree char *journal_etag = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char *todo = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Clientele//Test//EN\r\n"
                     "BEGIN:VTODO\r\nUID:todo-1\r\nDTSTAMP:20260101T090000Z\r\n"
                     "SUMMARY:Rappeler Mme Dupont\r\nDUE:20260105T090000Z\r\n"
                     "STATUS:NEEDS-ACTION\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
  const char *journal = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Clientele//Test//EN\r\n"
                        "BEGIN:VJOURNAL\r\nUID:log-1\r\nDTSTAMP:20260101T090000Z\r\n"
                        "DTSTART:20260101T090000Z\r\nSUMMARY:Visite\r\n"
                        "END:VJOURNAL\r\nEND:VCALENDAR\r\n";
  const char *hrefs[2];
  const char *body;

  todo_etag = clt_dav_client_put (client, CLT_DAV_TASKS, todo_href, NULL, todo, NULL, &error);
  g_assert_no_error (error);
  journal_etag = clt_dav_client_put (client, CLT_DAV_TASKS, journal_href, NULL, journal, NULL,
                                     &error);
  g_assert_no_error (error);

  hrefs[0] = todo_href;
  hrefs[1] = journal_href;
  items = clt_dav_client_multiget (client, CLT_DAV_TASKS, tasks, hrefs, 2, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  /* Radicale 3.1.8 keeps a vCard as sent, but writes iCalendar again
   * (vobject): the properties of a component in alphabetical order. */
  body = find_item (items, todo_href)->body;
  g_assert_cmpstr (body, !=, todo);
  g_assert_true (g_str_has_prefix (body, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  g_assert_nonnull (strstr (body, "\r\nBEGIN:VTODO\r\nDTSTAMP:20260101T090000Z\r\n"
                                  "DUE:20260105T090000Z\r\nSTATUS:NEEDS-ACTION\r\n"
                                  "SUMMARY:Rappeler Mme Dupont\r\nUID:todo-1\r\nEND:VTODO\r\n"));
  g_assert_cmpstr (find_item (items, todo_href)->etag, ==, todo_etag);
  /* A VJOURNAL is kept in the task list. */
  body = find_item (items, journal_href)->body;
  g_assert_nonnull (strstr (body, "\r\nBEGIN:VJOURNAL\r\n"));
  g_assert_nonnull (strstr (body, "\r\nSUMMARY:Visite\r\n"));
  g_assert_cmpstr (find_item (items, journal_href)->etag, ==, journal_etag);
}

static void
test_delete (void)
{
  g_autoptr(CltDavClient) client = new_client (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autofree char *href = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, "gone-1");
  g_autofree char *body = vcard ("gone-1", "Paul Durand");
  g_autofree char *etag = NULL;
  g_autoptr(CltDavItem) item = NULL;

  etag = clt_dav_client_put (client, CLT_DAV_CONTACTS, href, NULL, body, NULL, &error);
  g_assert_no_error (error);

  g_assert_false (clt_dav_client_delete (client, href, "0123456789abcdef", NULL, &error));
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CHANGED);
  g_clear_error (&error);

  g_assert_true (clt_dav_client_delete (client, href, etag, NULL, &error));
  g_assert_no_error (error);

  item = clt_dav_client_get (client, href, NULL, &error);
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND);
  g_assert_null (item);
  g_clear_error (&error);

  /* Gone already: no error. */
  g_assert_true (clt_dav_client_delete (client, href, etag, NULL, &error));
  g_assert_no_error (error);
}

static void
test_wrong_password (void)
{
  g_autoptr(CltDavClient) client = new_client ("not the password");
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavChanges) changes = NULL;

  g_assert_false (clt_dav_client_discover (client, NULL, &error));
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  changes = clt_dav_client_get_changes (client, contacts, NULL, NULL, &error);
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_AUTH);
  g_assert_null (changes);
}

static void
test_addresses (void)
{
  const char *refused[] = { "http://dav.example.com/", "http://192.168.1.20:5232/",
                            "HTTP://example.org/dav" };
  const char *loopback[] = { "http://127.0.0.1:5232/", "http://[::1]:5232/",
                             "http://localhost:5232/", "https://dav.example.com/" };
  const char *invalid[] = { "", "dav.example.com", "ftp://dav.example.com/", "https:///" };

  for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CltDavClient) client = clt_dav_client_new (refused[i], USER, PASSWORD, &error);

      g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_INSECURE);
      g_assert_null (client);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CltDavClient) client = clt_dav_client_new (loopback[i], USER, PASSWORD, &error);

      g_assert_no_error (error);
      g_assert_nonnull (client);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CltDavClient) client = clt_dav_client_new (invalid[i], USER, PASSWORD, &error);

      g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_ADDRESS);
      g_assert_null (client);
    }
}

/* A server on loopback that is no WebDAV server: it sends every PROPFIND
 * to plain http:// on another computer, or answers it with a web page. */
static const char fake_server[] =
  "import http.server, sys\n"
  "class H(http.server.BaseHTTPRequestHandler):\n"
  "    def do_PROPFIND(self):\n"
  "        if sys.argv[1] == 'redirect':\n"
  "            self.send_response(301)\n"
  "            self.send_header('Location', 'http://dav.example.invalid/dav/')\n"
  "            self.send_header('Content-Length', '0')\n"
  "            self.end_headers()\n"
  "        else:\n"
  "            page = b'<html><body>Welcome</body></html>'\n"
  "            self.send_response(200)\n"
  "            self.send_header('Content-Type', 'text/html')\n"
  "            self.send_header('Content-Length', str(len(page)))\n"
  "            self.end_headers()\n"
  "            self.wfile.write(page)\n"
  "    def log_message(self, *args):\n"
  "        pass\n"
  "s = http.server.HTTPServer(('127.0.0.1', 0), H)\n"
  "print(s.server_port, flush=True)\n"
  "s.serve_forever()\n";

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* The error of discovering the fake server in @mode. */
static GError *
discover_fake (const char *mode)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(CltDavClient) client = NULL;
  g_autofree char *port = NULL;
  g_autofree char *url = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/python3", "-c", fake_server,
                                         mode, NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  port = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);

  url = g_strdup_printf ("http://127.0.0.1:%s/", port);
  client = clt_dav_client_new (url, USER, PASSWORD, &error);
  g_assert_no_error (error);
  g_assert_false (clt_dav_client_discover (client, NULL, &error));

  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  return g_steal_pointer (&error);
}

static void
test_redirect_to_http (void)
{
  g_autoptr(GError) error = discover_fake ("redirect");

  /* Not a word in clear to dav.example.invalid: the request went as
   * https://, and failed. */
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_INSECURE);
  g_test_message ("%s", error->message);
}

static void
test_not_dav (void)
{
  g_autoptr(GError) error = discover_fake ("page");

  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_DAV);
  g_test_message ("%s", error->message);
}

static void
test_cancelled (void)
{
  g_autoptr(CltDavClient) client = new_client (PASSWORD);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavChanges) changes = NULL;

  g_cancellable_cancel (cancellable);
  changes = clt_dav_client_get_changes (client, contacts, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (changes);
}

/* A self-signed certificate: refused, and the message says whose. */
static void
test_certificate (void)
{
  g_autoptr(CltTestRadicale) secure = clt_test_radicale_start (USER, PASSWORD, "Hotel du Lac Test");
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavClient) client = clt_dav_client_new (clt_test_radicale_get_url (secure), USER,
                                                       PASSWORD, &error);

  g_assert_no_error (error);
  g_assert_false (clt_dav_client_discover (client, NULL, &error));
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_CERTIFICATE);
  g_assert_nonnull (strstr (error->message, "CN=Hotel du Lac Test"));
  g_test_message ("%s", error->message);
}

/* Last: the server dies, and the client says offline, not an error. */
static void
test_offline (void)
{
  g_autoptr(CltDavClient) client = new_client (PASSWORD);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavChanges) changes = NULL;
  g_autofree char *href = clt_dav_client_build_href (client, CLT_DAV_CONTACTS, contacts, "off");
  g_autofree char *body = vcard ("off", "Anne Petit");
  g_autofree char *etag = NULL;

  clt_test_radicale_kill (server);

  changes = clt_dav_client_get_changes (client, contacts, NULL, NULL, &error);
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_OFFLINE);
  g_assert_null (changes);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  etag = clt_dav_client_put (client, CLT_DAV_CONTACTS, href, NULL, body, NULL, &error);
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_OFFLINE);
  g_clear_error (&error);

  g_assert_false (clt_dav_client_discover (client, NULL, &error));
  g_assert_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_OFFLINE);
}

static void
test_no_dbus (void)
{
  g_assert_cmpint (g_atomic_int_get (&trap_connections), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  int status;

  set_trap ();
  g_test_init (&argc, &argv, NULL);

  if (!clt_test_radicale_available ())
    {
      g_print ("1..0 # SKIP Radicale is not installed (Debian's radicale)\n");
      return 0;
    }

  server = clt_test_radicale_start (USER, PASSWORD, NULL);

  g_test_add_func ("/dav/addresses", test_addresses);
  g_test_add_func ("/dav/discover", test_discover);
  g_test_add_func ("/dav/collections", test_collections);
  g_test_add_func ("/dav/put", test_put);
  g_test_add_func ("/dav/sync-collection", test_sync_collection);
  g_test_add_func ("/dav/multiget", test_multiget);
  g_test_add_func ("/dav/tasks", test_tasks);
  g_test_add_func ("/dav/delete", test_delete);
  g_test_add_func ("/dav/wrong-password", test_wrong_password);
  g_test_add_func ("/dav/cancelled", test_cancelled);
  g_test_add_func ("/dav/redirect-to-http", test_redirect_to_http);
  g_test_add_func ("/dav/not-dav", test_not_dav);
  g_test_add_func ("/dav/certificate", test_certificate);
  g_test_add_func ("/dav/offline", test_offline);
  g_test_add_func ("/dav/no-dbus", test_no_dbus);

  status = g_test_run ();

  clt_test_radicale_free (server);
  g_clear_pointer (&contacts, g_free);
  g_clear_pointer (&tasks, g_free);
  {
    g_autofree char *bus = g_build_filename (trap_dir, "bus", NULL);

    g_unlink (bus);
    g_rmdir (trap_dir);
  }
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "clt-core.h"
#include "clt-dav-client.h"
#include "clt-sample.h"
#include "clt-store-sync.h"
#include "clt-sync-engine.h"
#include "clt-sync-ical.h"
#include "clt-sync-vcard.h"
#include "bench-radicale-index.h"
#include "clt-test-radicale.h"

/* The sync targets, on Radicale on loopback (started here): a
 * server holding N customers that look lived-in (the sample's names,
 * e-mails, phones, preferences, alerts, notes, and about a third as many
 * promises in the task list; with "history", their logged contacts too,
 * about four a customer, as VJOURNALs there); on a second, empty desk, the
 * first sync (one whole clt_sync_run(): listing, multiget, mapping,
 * merge, writing the book, the agreed versions) — target under 30 s for
 * 10,000 — then, after 10 customers changed on the first desk and pushed,
 * the second desk's incremental round — target under 1 s.
 *
 * "bench-sync N" fills the server without the clock: the first desk's
 * records are written as .vcf and .ics files straight into Radicale's
 * folder, Radicale indexes them on a first listing, and the first desk
 * records their ETags as if it had pushed them (without "history", the
 * logged contacts stay on that desk, as with a server that takes no
 * VJOURNAL). "bench-sync N push" has the first desk push its whole book
 * itself, history included, one PUT each, and times that (no target:
 * Radicale takes ~20 ms a PUT: many minutes for 10,000 customers).
 *
 * Prints seconds, records per second, where the time went and peak
 * memory; asserts the books agree, no timing.
 *
 * To profile the first sync alone: mkfifo /tmp/ctl; then
 * CLT_BENCH_PERF_CTL=/tmp/ctl perf record -D -1 --control fifo:/tmp/ctl
 * --no-inherit -g bench-sync N */

#define USER     "bench"
#define PASSWORD "bench"
#define SEED     14
#define CHANGES  10

static const CltSyncKind kinds[] = { CLT_SYNC_CUSTOMER, CLT_SYNC_PROMISE, CLT_SYNC_CONTACT };

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* The process's peak resident memory in MB since the last reset. */
static double
peak_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024;
}

static void
reset_peak (void)
{
  g_file_set_contents ("/proc/self/clear_refs", "5", -1, NULL);
}

/* Tells perf to start or stop recording (see above). */
static void
perf_control (const char *command)
{
  const char *fifo = g_getenv ("CLT_BENCH_PERF_CTL");
  g_autoptr(GError) error = NULL;

  if (fifo != NULL)
    {
      g_file_set_contents_full (fifo, command, -1, G_FILE_SET_CONTENTS_NONE, 0666, &error);
      g_assert_no_error (error);
    }
}

static CltStore *
open_desk (CltTestRadicale *server,
           const char      *dir,
           const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  CltStore *store = clt_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
set_account (CltStore        *store,
             CltTestRadicale *server)
{
  g_autoptr(GError) error = NULL;

  clt_store_sync_set_account (store, clt_test_radicale_get_url (server), USER, &error);
  g_assert_no_error (error);
}

static CltDavClient *
new_client (CltTestRadicale *server)
{
  g_autoptr(GError) error = NULL;
  CltDavClient *client = clt_dav_client_new (clt_test_radicale_get_url (server), USER, PASSWORD,
                                             &error);

  g_assert_no_error (error);
  return client;
}

/* The sample, with a promise for every fourth customer besides its own. */
static void
fill_book (CltStore *store,
           guint     n)
{
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  clt_sample_fill (store, n, SEED, now, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  clt_store_begin (store, &error);
  g_assert_no_error (error);
  for (guint i = 1; i <= n; i += 4)
    {
      clt_store_add_promise (store, i, "Rappeler pour confirmer la réservation", "Claire",
                             now + (gint64) (i % 20) * 86400, i % 8 == 1, &error);
      g_assert_no_error (error);
    }
  clt_store_commit (store, &error);
  g_assert_no_error (error);
}

/* The records of @kind the desk shares with the server. */
static guint
count_items (CltStore    *store,
             CltSyncKind  kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = clt_store_sync_list_items (store, kind, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    n += ((CltSyncItem *) g_ptr_array_index (items, i))->href != NULL;
  return n;
}

/* The folder Radicale keeps @collection in. */
static char *
folder_of (CltTestRadicale *server,
           const char      *collection)
{
  g_autofree char *user_dir = clt_test_radicale_user_dir (server);
  g_autofree char *path = g_strdup (collection);
  g_autofree char *name = NULL;

  if (g_str_has_suffix (path, "/"))
    path[strlen (path) - 1] = '\0';
  name = g_path_get_basename (path);
  return g_build_filename (user_dir, name, NULL);
}

typedef struct
{
  CltSyncKind  kind;
  char        *uid;
} Record;

static Record *
record_new (CltSyncKind  kind,
            const char  *uid)
{
  Record *record = g_new (Record, 1);

  record->kind = kind;
  record->uid = g_strdup (uid);
  return record;
}

static void
record_free (gpointer data)
{
  Record *record = data;

  g_free (record->uid);
  g_free (record);
}


/* What the first desk would have pushed, written straight into Radicale's
 * folders; then listed once (Radicale reads and indexes them) and
 * recorded on the desk with the server's ETags. */
static void
fill_server (CltTestRadicale *server,
             CltStore        *desk,
             gboolean         history)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavClient) client = new_client (server);
  char *collections[G_N_ELEMENTS (kinds)] = { NULL };
  g_autoptr(GHashTable) written = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, record_free);
  gboolean journals = FALSE;
  gboolean vcard4 = FALSE;
  gint64 start;

  collections[0] = clt_dav_client_ensure_collection (client, CLT_DAV_CONTACTS, NULL, NULL, NULL,
                                                     &error);
  g_assert_no_error (error);
  collections[1] = clt_dav_client_ensure_collection (client, CLT_DAV_TASKS, NULL, &journals, NULL,
                                                     &error);
  g_assert_no_error (error);
  collections[2] = g_strdup (journals && history ? collections[1] : "");
  /* Cards in the version the address book takes, as the engine writes. */
  clt_dav_client_takes_vcard4 (client, collections[0], &vcard4, NULL, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  clt_store_begin (desk, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) uids = NULL;
      g_autofree char *folder = NULL;

      clt_store_sync_set_collection (desk, kinds[k], collections[k], &error);
      g_assert_no_error (error);

      folder = folder_of (server, collections[k]);
      uids = clt_store_sync_list_unshared (desk, kinds[k], &error);
      g_assert_no_error (error);
      for (guint i = 0; i < uids->len; i++)
        {
          const char *uid = g_ptr_array_index (uids, i);
          g_autoptr(CltSyncDoc) doc = clt_store_sync_read_doc (desk, kinds[k], uid, NULL, &error);
          g_autofree char *body = NULL;
          g_autofree char *name = NULL;
          g_autofree char *path = NULL;

          g_assert_no_error (error);
          /* Kept on this desk, as the engine does. */
          if (*collections[k] == '\0')
            {
              clt_store_sync_set_base (desk, doc, NULL, NULL, 0, &error);
              g_assert_no_error (error);
              continue;
            }
          body = kinds[k] == CLT_SYNC_CUSTOMER ? clt_sync_vcard_write (doc, vcard4 ? CLT_VCARD_4_0
                                                                                   : CLT_VCARD_3_0)
                                               : clt_sync_ical_write (doc);
          name = g_strconcat (uid, kinds[k] == CLT_SYNC_CUSTOMER ? ".vcf" : ".ics", NULL);
          path = g_build_filename (folder, name, NULL);
          g_file_set_contents (path, body, -1, &error);
          g_assert_no_error (error);
          g_hash_table_insert (written,
                               clt_dav_client_build_href (client, kinds[k] == CLT_SYNC_CUSTOMER ? CLT_DAV_CONTACTS
                                                                                                : CLT_DAV_TASKS,
                                                          collections[k], uid),
                               record_new (kinds[k], uid));
        }
    }
  clt_store_commit (desk, &error);
  g_assert_no_error (error);
  g_print ("records written into Radicale's folders: %.1f s\n", seconds_since (start));

  /* Radicale reads the files it did not write itself on the first request
   * that lists them; the desk then takes their ETags as its own push
   * would have. */
  start = g_get_monotonic_time ();
  for (guint k = 0; k < 2; k++)
    clt_bench_radicale_index (server, USER, PASSWORD, collections[k]);
  g_print ("Radicale indexes them (a first listing): %.1f s\n", seconds_since (start));

  start = g_get_monotonic_time ();
  clt_store_begin (desk, &error);
  g_assert_no_error (error);
  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(CltDavChanges) changes = clt_dav_client_get_changes (client, collections[k], NULL,
                                                                     NULL, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < changes->changed->len; i++)
        {
          CltDavItem *item = g_ptr_array_index (changes->changed, i);
          Record *record = g_hash_table_lookup (written, item->href);
          g_autoptr(CltSyncDoc) doc = NULL;

          g_assert_nonnull (record);
          doc = clt_store_sync_read_doc (desk, record->kind, record->uid, NULL, &error);
          g_assert_no_error (error);
          clt_store_sync_set_base (desk, doc, item->href, item->etag, 0, &error);
          g_assert_no_error (error);
        }
      clt_store_sync_set_token (desk, kinds[k], changes->token, &error);
      g_assert_no_error (error);
    }
  clt_store_commit (desk, &error);
  g_assert_no_error (error);
  g_print ("the first desk records what the server holds: %.1f s\n", seconds_since (start));

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    g_free (collections[k]);
}

typedef struct
{
  guint  calls;
  guint  done;
  guint  total;
} Progress;

static void
progress_cb (CltSyncPhase phase,
             guint        done,
             guint        total,
             gpointer     user_data)
{
  Progress *progress = user_data;

  if (phase != CLT_SYNC_PHASE_CUSTOMERS)
    return;
  progress->calls++;
  progress->done = done;
  progress->total = total;
}

static CltSyncResult
run_round (CltTestRadicale *server,
           CltStore        *store,
           Progress        *progress,
           double          *seconds)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltDavClient) client = new_client (server);
  CltSyncResult result = { 0 };
  gint64 start = g_get_monotonic_time ();

  clt_sync_run (store, client, progress ? progress_cb : NULL, progress, NULL, &result, &error);
  g_assert_no_error (error);
  *seconds = seconds_since (start);

  return result;
}

static void
print_round (const char          *what,
             const CltSyncResult *result,
             double               seconds)
{
  g_print ("%s: %.2f s (pushed %u, pulled %u, merged %u, skipped %u)\n"
           "  listing %.2f s, fetching %.2f s, reading and merging %.2f s, "
           "writing the book %.2f s, pushing %.2f s\n",
           what, seconds, result->pushed, result->pulled, result->merged, result->skipped,
           result->listing_us / 1e6, result->fetching_us / 1e6, result->reading_us / 1e6,
           result->writing_us / 1e6, result->pushing_us / 1e6);
}

/* How long the server alone takes to say that nothing changed in each
 * collection (sync-collection since the desk's token): Radicale reads
 * every record of a collection to answer, however few changed. */
static void
server_listing (CltTestRadicale *server,
                CltStore        *desk)
{
  g_autoptr(CltDavClient) client = new_client (server);

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *collection = NULL;
      g_autofree char *token = NULL;
      g_autoptr(CltDavChanges) changes = NULL;
      gint64 start;

      clt_store_sync_get_collection (desk, kinds[k], &collection, &token, &error);
      g_assert_no_error (error);
      start = g_get_monotonic_time ();
      changes = clt_dav_client_get_changes (client, collection, token, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (changes->changed->len, ==, 0);
      g_print ("  of which the server's answer that nothing changed in the %s: %.2f s\n",
               k == 0 ? "address book" : "task list", seconds_since (start));
    }
}

/* Ten customers of the first desk change: a note each. */
static void
change_some (CltStore *store,
             guint     n)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < CHANGES; i++)
    {
      clt_store_add_note (store, 1 + i * (n / CHANGES), "A rappelé : arrivée vers 22 h", "Claire",
                          FALSE, &error);
      g_assert_no_error (error);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(CltTestRadicale) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *command = NULL;
  g_autoptr(CltStore) a = NULL;
  g_autoptr(CltStore) b = NULL;
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10000;
  gboolean push = argc > 2 && g_str_equal (argv[2], "push");
  gboolean history = push || (argc > 2 && g_str_equal (argv[2], "history"));
  guint records[G_N_ELEMENTS (kinds)];
  guint all = 0;
  Progress progress = { 0 };
  CltSyncResult result;
  char what[128];
  double seconds;
  gint64 start;

  if (!clt_test_radicale_available ())
    {
      g_print ("Radicale is not installed (Debian's radicale): nothing measured.\n");
      return 0;
    }
  n = MAX (n, CHANGES);

  server = clt_test_radicale_start (USER, PASSWORD, NULL);
  dir = g_dir_make_tmp ("clt-bench-sync-XXXXXX", &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  a = open_desk (server, dir, "a.db");
  fill_book (a, n);
  set_account (a, server);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) uids = clt_store_sync_list_unshared (a, kinds[k], &error);

      g_assert_no_error (error);
      records[k] = uids->len;
    }
  g_print ("the first desk's book: %u customers, %u promises, %u logged contacts%s (%.1f s)\n",
           records[0], records[1], records[2], history ? "" : " (kept on that desk)",
           seconds_since (start));

  if (push)
    {
      result = run_round (server, a, NULL, &seconds);
      print_round ("the first desk's first sync, pushing its book one record at a time",
                   &result, seconds);
      g_print ("  %.0f records/s\n", result.pushed / seconds);
    }
  else
    {
      fill_server (server, a, history);
    }
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    all += count_items (a, kinds[k]);

  b = open_desk (server, dir, "b.db");
  set_account (b, server);

  reset_peak ();
  perf_control ("enable\n");
  result = run_round (server, b, &progress, &seconds);
  perf_control ("disable\n");
  print_round ("FIRST SYNC of the second, empty desk (target: under 30 s for 10,000 customers)",
               &result, seconds);
  g_print ("  %.0f customers/s, %.0f records/s; progress told %u times, last %u of %u; "
           "peak memory %.0f MB\n",
           records[0] / seconds, result.pulled / seconds, progress.calls, progress.done,
           progress.total, peak_mb ());
  g_assert_cmpint (clt_store_count_customers (b), ==, records[0]);
  g_assert_cmpuint (count_items (b, CLT_SYNC_PROMISE), ==, records[1]);
  g_assert_cmpuint (result.pulled, ==, all);

  change_some (a, n);
  result = run_round (server, a, NULL, &seconds);
  g_assert_cmpuint (result.pushed, ==, CHANGES);
  print_round ("the first desk pushes 10 changed customers", &result, seconds);

  result = run_round (server, b, NULL, &seconds);
  g_snprintf (what, sizeof what, "INCREMENTAL ROUND of the second desk, %u changes on a book of %u "
              "(target: under 1 s for 10,000)", CHANGES, records[0]);
  print_round (what, &result, seconds);
  g_assert_cmpuint (result.pulled, ==, CHANGES);
  server_listing (server, b);

  g_clear_object (&a);
  g_clear_object (&b);
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-store-sync.h"
#include "clt-sync-engine.h"
#include "clt-sync-ical.h"
#include "clt-sync-merge.h"
#include "clt-sync-vcard.h"

/*
 * One round of sync. The book is the working copy and the server the
 * meeting point: customers are vCards in an address book, promises VTODOs
 * and logged contacts VJOURNALs in a task list (kept on this desk when
 * the server takes no VJOURNAL there).
 *
 * First the server's changes come in (a sync-collection REPORT since the
 * last token, or every ETag when there is none): a record this desk has
 * not changed since the version both agreed on is written into the book
 * as it is; one changed on both sides is merged field by field
 * (clt_sync_merge()), the merged version written here and there, and a
 * value that lost kept in a note on the customer. Then this desk's
 * changes go out, in the order they were made: PUT with If-Match (or
 * If-None-Match: * for a new one); a 412 means another desk wrote first:
 * its version is fetched, merged and written again.
 *
 * A deletion goes out as the record with its state "deleted" and when
 * (X-CLIENTELE-STATE), never as a DELETE: the desk that edited it
 * meanwhile merges it, and the later of the deletion and its edits wins.
 * A record another program removed from the server carries no time: its
 * deletion counts from when this desk first saw it gone.
 *
 * Each record's change in the book and its agreed version (href, ETag,
 * the merged document) are written in one transaction, after the server
 * took it: a round cut off anywhere is taken up again by the next, which
 * finds either the old version (and writes the same again, with the same
 * UID at the same href) or the new one.
 */

/* Writes lost to a faster desk, one after the other, before giving up
 * until the next round. */
#define MAX_ATTEMPTS 4

/* The server's records go into the book in batches of up to this many,
 * or this long, one transaction each: a commit waits for the disk, and
 * one a record was most of a first sync's time; a batch keeps the
 * window's writes waiting no longer than this. Each record is a
 * savepoint within it: its change and its agreed version are there
 * together or not at all. A record whose merge goes back to the server
 * is written outside any batch, so that no transaction waits on it. */
#define BATCH_RECORDS 250
#define BATCH_US      (G_USEC_PER_SEC / 4)

/* The server's records fetched this many at a time (in the client's
 * multiget batches), each chunk taken into the book before the next. */
#define FETCH_CHUNK 1000

/* Customers first: a promise or a contact names its customer. */
static const CltSyncKind kinds[] = { CLT_SYNC_CUSTOMER, CLT_SYNC_PROMISE, CLT_SYNC_CONTACT };

typedef struct
{
  CltStore        *store;
  CltDavClient    *client;
  GCancellable    *cancellable;
  CltSyncResult   *result;
  CltSyncProgress  progress;
  gpointer         user_data;
  CltSyncPhase     phase;
  guint            done;       /* records of this phase */
  guint            total;

  char            *desk;
  char            *contacts;   /* the address book's URL */
  char            *tasks;      /* the task list's URL */
  gboolean         journals;   /* the task list takes VJOURNALs */
  gboolean         erased;     /* an erasure came from another desk */
  CltVCardVersion  vcard_version;  /* the address book's */

  gboolean         batching;   /* a batch's transaction is open */
  guint            batched;    /* records in it */
  gint64           batch_start;
} Round;

static void
round_clear (Round *round)
{
  g_free (round->desk);
  g_free (round->contacts);
  g_free (round->tasks);
}

/* When deletions were last removed from the server (µs, a book setting
 * that goes with the account), and how often. */
#define SWEPT_SETTING "sync-swept-at"
#define SWEEP_INTERVAL_US ((gint64) 24 * 3600 * G_USEC_PER_SEC)

static gint64
now_us (void)
{
  return g_get_real_time ();
}

static void
tell (Round *round)
{
  if (round->progress != NULL)
    round->progress (round->phase, round->done, MAX (round->total, round->done), round->user_data);
}

static void
begin_phase (Round        *round,
             CltSyncPhase  phase,
             guint         total)
{
  round->phase = phase;
  round->done = 0;
  round->total = total;
  tell (round);
}

static void
step (Round *round)
{
  round->done++;
  tell (round);
}

/* Commits the open batch, if any. */
static gboolean
batch_end (Round   *round,
           GError **error)
{
  if (!round->batching)
    return TRUE;

  round->batching = FALSE;
  return clt_store_commit (round->store, error);
}

/* Opens a batch unless one is. */
static gboolean
batch_begin (Round   *round,
             GError **error)
{
  if (round->batching)
    return TRUE;
  if (!clt_store_begin (round->store, error))
    return FALSE;

  round->batching = TRUE;
  round->batched = 0;
  round->batch_start = g_get_monotonic_time ();
  return TRUE;
}

/* Opens a record's savepoint within the current batch, committing that
 * first when full; close with record_end(). */
static gboolean
record_begin (Round   *round,
              GError **error)
{
  if (round->batching && (round->batched >= BATCH_RECORDS ||
                          g_get_monotonic_time () - round->batch_start >= BATCH_US) &&
      !batch_end (round, error))
    return FALSE;
  if (!batch_begin (round, error))
    return FALSE;

  round->batched++;
  return clt_store_begin (round->store, error);
}

static gboolean
record_end (Round    *round,
            gboolean  ok,
            GError  **error)
{
  if (ok)
    return clt_store_commit (round->store, error);

  clt_store_rollback (round->store);
  return FALSE;
}

static CltDavKind
dav_kind (CltSyncKind kind)
{
  return kind == CLT_SYNC_CUSTOMER ? CLT_DAV_CONTACTS : CLT_DAV_TASKS;
}

static const char *
collection_of (Round       *round,
               CltSyncKind  kind)
{
  return kind == CLT_SYNC_CUSTOMER ? round->contacts : round->tasks;
}

/* Whether records of @kind go to the server at all. */
static gboolean
is_shared (Round       *round,
           CltSyncKind  kind)
{
  return kind != CLT_SYNC_CONTACT || round->journals;
}

static char *
write_record (Round            *round,
              const CltSyncDoc *doc,
              const char       *server_text)
{
  if (clt_sync_doc_get_kind (doc) != CLT_SYNC_CUSTOMER)
    return clt_sync_ical_write (doc);
  if (server_text != NULL)
    return clt_sync_vcard_write_over (doc, round->vcard_version, server_text);
  return clt_sync_vcard_write (doc, round->vcard_version);
}

static CltSyncDoc *
read_record (CltDavKind         kind,
             const char        *text,
             const CltSyncDoc  *base,
             GError           **error)
{
  if (kind == CLT_DAV_CONTACTS)
    return clt_sync_vcard_read (text, base, now_us (), error);
  return clt_sync_ical_read (text, base, now_us (), error);
}

/* Values that lost a merge are kept in a note on the customer. */
static gboolean
keep_conflicts (Round      *round,
                CltSyncDoc *merged,
                GPtrArray  *conflicts,
                GError    **error)
{
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      g_autofree char *text = clt_sync_conflict_describe (g_ptr_array_index (conflicts, i));

      if (!clt_store_sync_add_note (round->store, clt_sync_doc_get_kind (merged),
                                    clt_sync_doc_get_uid (merged), text, error))
        return FALSE;
    }

  return TRUE;
}

/* The version both sides hold from now on, without removals so old that
 * every desk has long heard of them. */
static gboolean
agree (Round      *round,
       CltSyncDoc *doc,
       const char *href,
       const char *etag,
       gint64      seq,
       GError    **error)
{
  clt_sync_merge_drop_tombstones (doc, now_us () - (gint64) CLT_SYNC_TOMBSTONE_DAYS * G_TIME_SPAN_DAY);

  return clt_store_sync_set_base (round->store, doc, href, etag, seq, error);
}

static CltSyncDoc *
read_local (Round       *round,
            CltSyncKind  kind,
            const char  *uid,
            gint64      *seq,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CltSyncDoc *doc = clt_store_sync_read_doc (round->store, kind, uid, seq, &local_error);

  if (doc == NULL && !g_error_matches (local_error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND))
    g_propagate_error (error, g_steal_pointer (&local_error));

  return doc;
}

/* The server's record was removed by another program: a DELETE carries
 * no stamp, so the deletion counts from when this desk first saw the
 * record gone, now, against what this desk changed since @base (the merge
 * decides, as for a deletion from a desk). Returns the merged document:
 * deleted, or live only when a change here is stamped later still (a
 * clock ahead of this one). */
static CltSyncDoc *
merge_server_removal (const CltSyncDoc *base,
                      const CltSyncDoc *local)
{
  g_autoptr(CltSyncDoc) removed = clt_sync_doc_copy (base ? base : local);

  if (clt_sync_doc_get_state (removed, NULL, NULL) != CLT_SYNC_ERASED)
    clt_sync_doc_set_state (removed, CLT_SYNC_DELETED, now_us (), "");

  return clt_sync_merge (base, local, removed, NULL);
}

/* Writes @doc at @href until the server takes it, merging with what
 * another desk wrote meanwhile; @doc becomes what was written. */
static gboolean
push (Round       *round,
      CltSyncDoc **doc,
      const char  *href,
      const char  *etag,
      CltSyncDoc  *base,
      const char  *server_text,
      gint64       seq,
      GError     **error)
{
  CltSyncKind kind = clt_sync_doc_get_kind (*doc);
  g_autofree char *current_etag = g_strdup (etag);
  g_autofree char *current_text = g_strdup (server_text);

  for (guint attempt = 0; attempt < MAX_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(CltDavItem) remote_item = NULL;
      g_autoptr(CltSyncDoc) remote = NULL;
      g_autoptr(CltSyncDoc) merged = NULL;
      g_autoptr(GPtrArray) conflicts = NULL;
      g_autofree char *body = write_record (round, *doc, current_text);
      g_autofree char *new_etag = NULL;

      new_etag = clt_dav_client_put (round->client, dav_kind (kind), href, current_etag, body,
                                     round->cancellable, &local_error);
      if (new_etag != NULL)
        return agree (round, *doc, href, new_etag, seq, error);

      if (!g_error_matches (local_error, CLT_DAV_ERROR, CLT_DAV_ERROR_CHANGED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* Another desk wrote first (or removed it): take its version. */
      g_clear_error (&local_error);
      remote_item = clt_dav_client_get (round->client, href, round->cancellable, &local_error);
      if (remote_item == NULL)
        {
          if (!g_error_matches (local_error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          /* Removed meanwhile by another program: from now. */
          g_clear_error (&local_error);
          merged = merge_server_removal (base, *doc);
          g_clear_pointer (doc, clt_sync_doc_unref);
          *doc = g_steal_pointer (&merged);
          g_clear_pointer (&current_etag, g_free);
          g_clear_pointer (&current_text, g_free);
          if (clt_sync_doc_get_state (*doc, NULL, NULL) == CLT_SYNC_LIVE)
            continue;
          if (!clt_store_begin (round->store, error))
            return FALSE;
          return record_end (round,
                             clt_store_sync_apply_doc (round->store, *doc, error) &&
                             clt_store_sync_forget_item (round->store, kind,
                                                         clt_sync_doc_get_uid (*doc), error),
                             error);
        }

      remote = read_record (dav_kind (kind), remote_item->body, base, error);
      if (remote == NULL)
        return FALSE;
      merged = clt_sync_merge (base, *doc, remote, &conflicts);
      if (merged == NULL)
        {
          g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_UID_TAKEN,
                       _("Another record on the server has the address of “%s”. "
                         "Remove one of them on the server, then sync again."),
                       clt_sync_doc_get_uid (*doc));
          return FALSE;
        }
      if (!clt_store_sync_apply_doc (round->store, merged, error) ||
          !keep_conflicts (round, merged, conflicts, error))
        return FALSE;

      round->result->merged++;
      g_clear_pointer (doc, clt_sync_doc_unref);
      *doc = g_steal_pointer (&merged);
      g_free (current_etag);
      current_etag = g_strdup (remote_item->etag);
      g_free (current_text);
      current_text = g_strdup (remote_item->body);
    }

  g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_SERVER,
               _("The server kept changing “%s” while it was being written. Sync again later."),
               clt_sync_doc_get_uid (*doc));
  return FALSE;
}

/* A first sync between two books that hold the same guest: the book's
 * customer becomes the server's, merged. Returns the merged document, or
 * NULL (no error) when there is no such guest. */
static CltSyncDoc *
adopt (Round      *round,
       CltSyncDoc *remote,
       gint64     *seq,
       GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *match = clt_store_sync_find_match (round->store, remote, &local_error);
  g_autoptr(CltSyncDoc) local = NULL;
  g_autoptr(CltSyncDoc) adopted = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  if (match == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  local = read_local (round, CLT_SYNC_CUSTOMER, match, seq, error);
  if (local == NULL)
    return NULL;

  adopted = clt_sync_merge_adopt (local, remote);

  /* The book's own details that became the server's are removed under
   * their old ids. */
  keys = clt_sync_doc_get_keys (local);
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);

      if (strchr (key, '/') != NULL && !clt_sync_doc_lookup (adopted, key, NULL, NULL, NULL))
        clt_sync_doc_set (adopted, key, NULL, now_us (), round->desk);
    }

  /* The customer and their journal take the server's uid. */
  if (!clt_store_sync_adopt_uid (round->store, match, clt_sync_doc_get_uid (remote), error))
    return NULL;

  return g_steal_pointer (&adopted);
}

/* The same on both sides is no merge: this desk's own write, which a
 * round cut off before it recorded that the server took it. */
static void
count_merge (Round            *round,
             const CltSyncDoc *local,
             const CltSyncDoc *remote)
{
  if (!clt_sync_doc_equal (local, remote, FALSE))
    round->result->merged++;
}

/* Writes what take_remote() read into the book: @remote as it is when
 * there is no merge, else the merge, sent back when the server lacks
 * some of it. */
static gboolean
write_remote (Round             *round,
              const CltDavItem  *item,
              CltSyncDoc        *base,
              const CltSyncDoc  *local,
              CltSyncDoc        *remote,
              CltSyncDoc       **merged,
              GPtrArray         *conflicts,
              gint64             seq,
              GError           **error)
{
  gboolean ok;

  if (*merged == NULL)
    {
      if (!record_begin (round, error))
        return FALSE;
      ok = clt_store_sync_apply_doc (round->store, remote, error) &&
           agree (round, remote, item->href, item->etag, 0, error);
      if (!record_end (round, ok, error))
        return FALSE;
      /* A deleted record this desk never had brings nothing in. */
      if (local != NULL || clt_sync_doc_get_state (remote, NULL, NULL) == CLT_SYNC_LIVE)
        round->result->pulled++;
      return TRUE;
    }

  if (clt_sync_doc_equal (*merged, remote, FALSE))
    {
      if (!record_begin (round, error))
        return FALSE;
      ok = clt_store_sync_apply_doc (round->store, *merged, error) &&
           keep_conflicts (round, *merged, conflicts, error) &&
           agree (round, *merged, item->href, item->etag, seq, error);
      if (!record_end (round, ok, error))
        return FALSE;
      count_merge (round, local, remote);
      return TRUE;
    }

  if (!batch_end (round, error) ||
      !clt_store_sync_apply_doc (round->store, *merged, error) ||
      !keep_conflicts (round, *merged, conflicts, error))
    return FALSE;
  count_merge (round, local, remote);

  return push (round, merged, item->href, item->etag, base, item->body, seq, error);
}

/* A record the server has that is new, or changed since this desk last
 * agreed on it; @listed is the book's item at its href, read with the
 * listing (without its base), or NULL. */
static gboolean
take_remote (Round             *round,
             CltDavKind         dav,
             const CltDavItem  *item,
             const CltSyncItem *listed,
             GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CltSyncItem) known = NULL;
  g_autoptr(CltSyncDoc) remote = NULL;
  g_autoptr(CltSyncDoc) local = NULL;
  g_autoptr(CltSyncDoc) merged = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  CltSyncKind kind;
  gint64 seq = 0;
  gint64 start;
  gboolean ok;

  if (listed != NULL)
    known = clt_store_sync_get_item (round->store, listed->kind, listed->uid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  remote = read_record (dav, item->body, known ? known->base : NULL, &local_error);
  if (remote == NULL)
    {
      /* An event, a task of nobody's, a card another program damaged:
       * left on the server as it is. */
      g_debug ("Left %s on the server: %s", item->href, local_error->message);
      round->result->skipped++;
      return TRUE;
    }

  kind = clt_sync_doc_get_kind (remote);
  if (!is_shared (round, kind))
    {
      round->result->skipped++;
      return TRUE;
    }
  if (known == NULL)
    {
      known = clt_store_sync_get_item (round->store, kind, clt_sync_doc_get_uid (remote), &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  local = read_local (round, kind, clt_sync_doc_get_uid (remote), &seq, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* A first sync: the server's customer may be one the book has under
   * another uid; never a deleted one, which would take the book's with it. */
  if (local == NULL && known == NULL && kind == CLT_SYNC_CUSTOMER &&
      clt_sync_doc_get_state (remote, NULL, NULL) == CLT_SYNC_LIVE)
    {
      local = adopt (round, remote, &seq, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  if (clt_sync_doc_get_state (remote, NULL, NULL) == CLT_SYNC_ERASED)
    round->erased = TRUE;

  /* New here, or unchanged here since both agreed: the server's, as is. */
  if (local != NULL && !(seq == 0 && known != NULL && known->base != NULL))
    {
      merged = clt_sync_merge (known ? known->base : NULL, local, remote, &conflicts);
      if (merged == NULL)
        {
          round->result->skipped++;
          return TRUE;
        }
    }

  start = g_get_monotonic_time ();
  ok = write_remote (round, item, known ? known->base : NULL, local, remote, &merged, conflicts, seq,
                     error);
  round->result->writing_us += g_get_monotonic_time () - start;

  return ok;
}

/* A record removed from the server by another program (a desk never
 * removes one: its deletion is a record with the state "deleted"). */
static gboolean
take_removal (Round       *round,
              CltSyncItem *known,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CltSyncItem) item = NULL;
  g_autoptr(CltSyncDoc) local = NULL;
  g_autoptr(CltSyncDoc) removed = NULL;
  gint64 seq = 0;
  gboolean was_live;
  gboolean ok;

  local = read_local (round, known->kind, known->uid, &seq, &local_error);
  if (local_error == NULL)
    item = clt_store_sync_get_item (round->store, known->kind, known->uid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* Only a removal that takes something out of the book counts as
   * pulled: one already deleted here (a deletion's record leaving the
   * server after its lifetime) changes nothing. */
  was_live = local != NULL && clt_sync_doc_get_state (local, NULL, NULL) == CLT_SYNC_LIVE;

  /* Changed here since: the removal counts from now, and only a change
   * stamped later still sends this desk's version back to the server. */
  if (was_live && seq != 0)
    {
      g_autoptr(CltSyncDoc) merged = merge_server_removal (item ? item->base : NULL, local);

      if (clt_sync_doc_get_state (merged, NULL, NULL) == CLT_SYNC_LIVE)
        return batch_end (round, error) &&
               push (round, &merged, known->href, NULL, NULL, NULL, seq, error);
      g_clear_pointer (&local, clt_sync_doc_unref);
      local = g_steal_pointer (&merged);
    }

  if (!record_begin (round, error))
    return FALSE;
  if (local != NULL)
    {
      removed = clt_sync_doc_copy (local);
      if (clt_sync_doc_get_state (local, NULL, NULL) == CLT_SYNC_LIVE)
        clt_sync_doc_set_state (removed, CLT_SYNC_DELETED, now_us (), "");
    }
  ok = (removed == NULL || clt_store_sync_apply_doc (round->store, removed, error)) &&
       clt_store_sync_forget_item (round->store, known->kind, known->uid, error);
  if (!record_end (round, ok, error))
    return FALSE;

  if (was_live)
    round->result->pulled++;
  return TRUE;
}

/* The server's records that changed, fetched and taken a chunk at a
 * time (the progress moves, a cancel is heard, and the bodies of a whole
 * book are never all in memory), then those it removed, into the book. */
static gboolean
take_all (Round      *round,
          CltDavKind  dav,
          const char *collection,
          GPtrArray  *wanted,
          GHashTable *by_href,
          GPtrArray  *gone,
          GError    **error)
{
  gint64 start;

  for (guint from = 0; from < wanted->len; from += FETCH_CHUNK)
    {
      g_autoptr(GPtrArray) bodies = NULL;
      gint64 writing;

      /* No transaction waits on the server. */
      if (g_cancellable_set_error_if_cancelled (round->cancellable, error) ||
          !batch_end (round, error))
        return FALSE;

      start = g_get_monotonic_time ();
      bodies = clt_dav_client_multiget (round->client, dav, collection,
                                        (const char * const *) wanted->pdata + from,
                                        MIN (FETCH_CHUNK, wanted->len - from),
                                        round->cancellable, error);
      round->result->fetching_us += g_get_monotonic_time () - start;
      if (bodies == NULL)
        return FALSE;

      start = g_get_monotonic_time ();
      writing = round->result->writing_us;
      for (guint i = 0; i < bodies->len; i++)
        {
          CltDavItem *item = g_ptr_array_index (bodies, i);

          if (g_cancellable_set_error_if_cancelled (round->cancellable, error) ||
              !take_remote (round, dav, item, g_hash_table_lookup (by_href, item->href), error))
            return FALSE;
          step (round);
        }
      round->result->reading_us += g_get_monotonic_time () - start -
                                   (round->result->writing_us - writing);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < gone->len; i++)
    {
      if (g_cancellable_set_error_if_cancelled (round->cancellable, error) ||
          !take_removal (round, g_ptr_array_index (gone, i), error))
        return FALSE;
      step (round);
    }
  round->result->writing_us += g_get_monotonic_time () - start;

  return TRUE;
}

static gboolean
pull_collection (Round       *round,
                 CltSyncKind  kind,
                 GError     **error)
{
  CltDavKind dav = dav_kind (kind);
  const char *collection = collection_of (round, kind);
  g_autoptr(CltDavChanges) changes = NULL;
  g_autoptr(GPtrArray) wanted = g_ptr_array_new ();
  g_autoptr(GPtrArray) known_items = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GHashTable) by_href = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) gone = g_ptr_array_new ();
  g_autofree char *href = NULL;
  g_autofree char *token = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  if (!clt_store_sync_get_collection (round->store, kind, &href, &token, error))
    return FALSE;

  changes = clt_dav_client_get_changes (round->client, collection, token, round->cancellable, error);
  if (changes == NULL)
    return FALSE;

  /* What the book knows of this collection, read at once. */
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      GPtrArray *items;

      if (dav_kind (kinds[k]) != dav)
        continue;
      items = clt_store_sync_list_items (round->store, kinds[k], error);
      if (items == NULL)
        return FALSE;
      g_ptr_array_add (known_items, items);
      for (guint i = 0; i < items->len; i++)
        {
          CltSyncItem *known = g_ptr_array_index (items, i);

          if (known->href != NULL)
            g_hash_table_insert (by_href, known->href, known);
        }
    }

  /* Only what this desk does not have in that version. */
  for (guint i = 0; i < changes->changed->len; i++)
    {
      CltDavItem *item = g_ptr_array_index (changes->changed, i);
      CltSyncItem *known = g_hash_table_lookup (by_href, item->href);

      if (known == NULL || g_strcmp0 (known->etag, item->etag) != 0)
        g_ptr_array_add (wanted, item->href);
    }

  /* A complete listing says what was removed by what it lacks. */
  if (changes->complete)
    for (guint i = 0; i < changes->changed->len; i++)
      g_hash_table_add (listed, ((CltDavItem *) g_ptr_array_index (changes->changed, i))->href);
  else
    for (guint i = 0; i < changes->removed->len; i++)
      g_hash_table_add (listed, g_ptr_array_index (changes->removed, i));

  for (guint k = 0; k < known_items->len; k++)
    {
      GPtrArray *items = g_ptr_array_index (known_items, k);

      for (guint i = 0; i < items->len; i++)
        {
          CltSyncItem *known = g_ptr_array_index (items, i);
          gboolean in_listing;

          if (known->href == NULL)
            continue;
          in_listing = g_hash_table_contains (listed, known->href);
          if (changes->complete ? !in_listing : in_listing)
            g_ptr_array_add (gone, known);
        }
    }

  begin_phase (round, kind == CLT_SYNC_CUSTOMER ? CLT_SYNC_PHASE_CUSTOMERS : CLT_SYNC_PHASE_TASKS,
               wanted->len + gone->len);
  round->result->listing_us += g_get_monotonic_time () - start;

  /* The token goes with the batch of the last records: a round cut off
   * before lists again, and finds what it already took. */
  ok = take_all (round, dav, collection, wanted, by_href, gone, error) &&
       batch_begin (round, error) &&
       clt_store_sync_set_token (round->store, kind, changes->token, error);

  start = g_get_monotonic_time ();
  if (!batch_end (round, ok ? error : NULL))
    ok = FALSE;
  round->result->writing_us += g_get_monotonic_time () - start;

  return ok;
}

/* One record changed here (or never shared): to the server. */
static gboolean
push_one (Round       *round,
          CltSyncKind  kind,
          const char  *uid,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CltSyncItem) known = NULL;
  g_autoptr(CltSyncDoc) local = NULL;
  g_autoptr(CltDavItem) server = NULL;
  g_autofree char *href = NULL;
  CltSyncState state;
  gint64 seq = 0;

  local = read_local (round, kind, uid, &seq, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  known = clt_store_sync_get_item (round->store, kind, uid, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* Gone from the book without a trace (a promise of an erased customer). */
  if (local == NULL)
    return clt_store_sync_forget_item (round->store, kind, uid, error);

  if (!is_shared (round, kind))
    return clt_store_sync_set_base (round->store, local, NULL, NULL, seq, error);

  /* Never shared: nothing to tell anyone. */
  state = clt_sync_doc_get_state (local, NULL, NULL);
  if (state == CLT_SYNC_DELETED && (known == NULL || known->href == NULL))
    return clt_store_sync_set_base (round->store, local, NULL, NULL, seq, error);

  /* A deletion is not a DELETE: it stays on the server as the record with
   * its state "deleted", stamped, so that every desk weighs it against
   * its own edits (clt_sync_merge(): the later wins) and an edit made
   * after it on another desk brings the record back whole. A card is
   * written over the server's, so that what other programs keep in it (a
   * photo, a web site) stays. */
  if (kind == CLT_SYNC_CUSTOMER && known != NULL && known->href != NULL && state != CLT_SYNC_ERASED)
    {
      server = clt_dav_client_get (round->client, known->href, round->cancellable, &local_error);
      if (server == NULL && !g_error_matches (local_error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_clear_error (&local_error);
    }

  /* An erasure stays on the server as a record without any detail, so
   * that every desk erases the customer too. */
  href = known && known->href ? g_strdup (known->href)
                              : clt_dav_client_build_href (round->client, dav_kind (kind),
                                                           collection_of (round, kind), uid);
  if (!push (round, &local, href, known ? known->etag : NULL, known ? known->base : NULL,
             server ? server->body : NULL, seq, error))
    return FALSE;

  round->result->pushed++;
  return TRUE;
}

static gboolean push_lists (Round      *round,
                            GPtrArray  *pending,
                            GPtrArray **unshared,
                            GError    **error);

static gboolean
push_all (Round   *round,
          GError **error)
{
  g_autoptr(GPtrArray) pending = clt_store_sync_list_pending (round->store, error);
  GPtrArray *unshared[G_N_ELEMENTS (kinds)] = { NULL };
  guint total;
  gint64 start;
  gboolean ok;

  if (pending == NULL)
    return FALSE;

  ok = TRUE;
  total = pending->len;
  for (guint k = 0; ok && k < G_N_ELEMENTS (kinds); k++)
    {
      unshared[k] = clt_store_sync_list_unshared (round->store, kinds[k], error);
      ok = unshared[k] != NULL;
      if (ok)
        total += unshared[k]->len;
    }
  if (ok)
    begin_phase (round, CLT_SYNC_PHASE_SENDING, total);

  start = g_get_monotonic_time ();
  ok = ok && push_lists (round, pending, unshared, error);
  round->result->pushing_us += g_get_monotonic_time () - start;

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    g_clear_pointer (&unshared[k], g_ptr_array_unref);

  return ok;
}

static gboolean
push_lists (Round      *round,
            GPtrArray  *pending,
            GPtrArray **unshared,
            GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Customers first, each kind in the order of its changes; then what
   * the server never had. */
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      for (guint i = 0; i < pending->len; i++)
        {
          CltSyncPending *change = g_ptr_array_index (pending, i);

          if (change->kind != kinds[k])
            continue;
          if (g_cancellable_set_error_if_cancelled (round->cancellable, error) ||
              !push_one (round, change->kind, change->uid, error))
            return FALSE;
          g_hash_table_add (seen, g_strdup_printf ("%d/%s", change->kind, change->uid));
          step (round);
        }

      for (guint i = 0; i < unshared[k]->len; i++)
        {
          const char *uid = g_ptr_array_index (unshared[k], i);
          g_autofree char *key = g_strdup_printf ("%d/%s", kinds[k], uid);

          if (!g_hash_table_contains (seen, key))
            {
              if (g_cancellable_set_error_if_cancelled (round->cancellable, error) ||
                  !push_one (round, kinds[k], uid, error))
                return FALSE;
            }
          step (round);
        }
    }

  return TRUE;
}

/* The address book and the task list, found or made the first time. */
static gboolean
find_collections (Round   *round,
                  GError **error)
{
  g_autofree char *contacts = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *journals = NULL;
  g_autofree char *version = NULL;

  if (!clt_store_sync_get_collection (round->store, CLT_SYNC_CUSTOMER, &contacts, NULL, error) ||
      !clt_store_sync_get_collection (round->store, CLT_SYNC_PROMISE, &tasks, NULL, error) ||
      !clt_store_sync_get_collection (round->store, CLT_SYNC_CONTACT, &journals, NULL, error))
    return FALSE;

  if (contacts == NULL)
    {
      contacts = clt_dav_client_ensure_collection (round->client, CLT_DAV_CONTACTS, NULL, NULL,
                                                   round->cancellable, error);
      if (contacts == NULL ||
          !clt_store_sync_set_collection (round->store, CLT_SYNC_CUSTOMER, contacts, error))
        return FALSE;
    }

  /* Asked again when a first round was cut off before it recorded
   * whether the task list takes contacts. */
  if (tasks == NULL || journals == NULL)
    {
      gboolean accepts_journals = FALSE;

      g_clear_pointer (&tasks, g_free);

      tasks = clt_dav_client_ensure_collection (round->client, CLT_DAV_TASKS, NULL, &accepts_journals,
                                                round->cancellable, error);
      if (tasks == NULL ||
          !clt_store_sync_set_collection (round->store, CLT_SYNC_PROMISE, tasks, error))
        return FALSE;

      /* The contacts' collection is the task list when it takes them,
       * else none: they stay on this desk. */
      g_clear_pointer (&journals, g_free);
      if (accepts_journals)
        journals = g_strdup (tasks);
      if (!clt_store_sync_set_collection (round->store, CLT_SYNC_CONTACT, journals ? journals : "", error))
        return FALSE;
    }

  /* vCard 4.0 where the address book takes it, else 3.0 (RFC 6352: an
   * address book that does not say takes 3.0 only). */
  version = clt_store_get_setting (round->store, CLT_SYNC_VCARD_VERSION_SETTING, NULL);
  if (version == NULL)
    {
      gboolean vcard4 = FALSE;

      if (!clt_dav_client_takes_vcard4 (round->client, contacts, &vcard4, round->cancellable, error))
        return FALSE;
      version = g_strdup (vcard4 ? "4.0" : "3.0");
      if (!clt_store_set_setting (round->store, CLT_SYNC_VCARD_VERSION_SETTING, version, error))
        return FALSE;
    }
  round->vcard_version = g_strcmp0 (version, "3.0") == 0 ? CLT_VCARD_3_0 : CLT_VCARD_4_0;

  round->contacts = g_steal_pointer (&contacts);
  round->tasks = g_steal_pointer (&tasks);
  round->journals = journals != NULL && *journals != '\0';

  return TRUE;
}

gboolean
clt_sync_sweep_deleted (CltStore      *store,
                        CltDavClient  *client,
                        gint64         before_us,
                        GCancellable  *cancellable,
                        guint         *removed,
                        GError       **error)
{
  guint count = 0;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (CLT_IS_DAV_CLIENT (client), FALSE);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GPtrArray) gone = clt_store_sync_list_gone (store, kinds[k], error);

      if (gone == NULL)
        return FALSE;

      for (guint i = 0; i < gone->len; i++)
        {
          CltSyncItem *item = g_ptr_array_index (gone, i);
          g_autoptr(GError) local_error = NULL;
          gint64 deleted_at = 0;

          if (item->base == NULL ||
              clt_sync_doc_get_state (item->base, &deleted_at, NULL) != CLT_SYNC_DELETED ||
              deleted_at >= before_us)
            continue;

          if (!clt_dav_client_delete (client, item->href, item->etag, cancellable, &local_error))
            {
              /* Changed since: someone brought it back; the next round
               * takes it in. */
              if (g_error_matches (local_error, CLT_DAV_ERROR, CLT_DAV_ERROR_CHANGED))
                continue;
              if (!g_error_matches (local_error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND))
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
            }
          if (!clt_store_sync_forget_item (store, item->kind, item->uid, error))
            return FALSE;
          count++;
        }
    }

  if (removed != NULL)
    *removed = count;

  return TRUE;
}

/* Once a day, the deletions older than their lifetime leave the server. */
static gboolean
sweep_if_due (Round   *round,
              GError **error)
{
  g_autofree char *last = clt_store_get_setting (round->store, SWEPT_SETTING, NULL);
  gint64 now = now_us ();
  guint removed = 0;
  g_autofree char *text = NULL;

  if (last != NULL && now - g_ascii_strtoll (last, NULL, 10) < SWEEP_INTERVAL_US)
    return TRUE;

  if (!clt_sync_sweep_deleted (round->store, round->client, now - CLT_SYNC_DELETED_LIFETIME_US,
                               round->cancellable, &removed, error))
    return FALSE;

  round->result->pushed += removed;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  return clt_store_set_setting (round->store, SWEPT_SETTING, text, error);
}

gboolean
clt_sync_run (CltStore         *store,
              CltDavClient     *client,
              CltSyncProgress   progress,
              gpointer          user_data,
              GCancellable     *cancellable,
              CltSyncResult    *result,
              GError          **error)
{
  Round round = { 0 };
  CltSyncResult counts = { 0 };
  gboolean ok;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (CLT_IS_DAV_CLIENT (client), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  round.store = store;
  round.client = client;
  round.cancellable = cancellable;
  round.result = &counts;
  round.progress = progress;
  round.user_data = user_data;

  begin_phase (&round, CLT_SYNC_PHASE_CONNECTING, 0);
  round.desk = clt_store_sync_get_desk_id (store, error);
  ok = round.desk != NULL &&
       find_collections (&round, error) &&
       pull_collection (&round, CLT_SYNC_CUSTOMER, error) &&
       pull_collection (&round, CLT_SYNC_PROMISE, error) &&
       push_all (&round, error) &&
       sweep_if_due (&round, error);

  /* What an erasure from another desk left in the file goes, as it does
   * after an erasure made here. */
  if (ok && round.erased)
    ok = clt_store_purge_erased (store, error);

  *result = counts;
  round_clear (&round);

  return ok;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-store-sync.h"
#include "clt-sync-collections.h"
#include "clt-sync-engine.h"

/*
 * Which address book and task list the book is shared through: the
 * "Clientele" ones unless the user picks others (an existing "Contacts"
 * on Nextcloud, say). Picking another for a book already shared starts a
 * new first round with it: what the book knew of the old one is
 * forgotten, the book itself and the old collection stay as they are.
 */

static gboolean
is_path_or_url (const char *wanted)
{
  return wanted[0] == '/' || g_uri_peek_scheme (wanted) != NULL;
}

char *
clt_sync_find_collection (CltDavClient  *client,
                          CltDavKind     kind,
                          const char    *wanted,
                          gboolean      *out_journals,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GPtrArray) collections = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *with_slash = NULL;
  const char *path;

  g_return_val_if_fail (CLT_IS_DAV_CLIENT (client), NULL);

  if (out_journals != NULL)
    *out_journals = FALSE;
  if (wanted == NULL || !is_path_or_url (wanted))
    return clt_dav_client_ensure_collection (client, kind,
                                             wanted != NULL ? wanted : CLT_SYNC_DEFAULT_COLLECTION,
                                             out_journals, cancellable, error);

  collections = clt_dav_client_list_collections (client, kind, cancellable, error);
  if (collections == NULL)
    return NULL;

  uri = g_uri_parse (wanted, G_URI_FLAGS_ENCODED, NULL);
  path = uri != NULL ? g_uri_get_path (uri) : wanted;
  with_slash = g_str_has_suffix (path, "/") ? g_strdup (path) : g_strconcat (path, "/", NULL);
  for (guint i = 0; i < collections->len; i++)
    {
      CltDavCollection *collection = g_ptr_array_index (collections, i);
      if (g_strcmp0 (collection->href, path) != 0 && g_strcmp0 (collection->href, with_slash) != 0)
        continue;
      if (out_journals != NULL)
        *out_journals = collection->journals;
      return g_strdup (collection->url);
    }

  g_set_error (error, CLT_DAV_ERROR, CLT_DAV_ERROR_NOT_FOUND,
               kind == CLT_DAV_CONTACTS
                 ? _("The server has no address book at “%s”: pick one of those it has.")
                 : _("The server has no task list at “%s”: pick one of those it has."),
               wanted);
  return NULL;
}

/* @url, or the book's own spelling of it when it names the collection
 * the book uses now (a server may write the same path otherwise), so that
 * the same one picked again starts nothing afresh. */
static char *
same_or_new (CltStore    *store,
             CltSyncKind  kind,
             const char  *url)
{
  g_autofree char *current = NULL;
  g_autoptr(GUri) current_uri = NULL;
  g_autoptr(GUri) new_uri = NULL;
  g_autofree char *current_path = NULL;
  g_autofree char *new_path = NULL;

  if (url == NULL || !clt_store_sync_get_collection (store, kind, &current, NULL, NULL) ||
      current == NULL)
    return g_strdup (url);

  current_uri = g_uri_parse (current, G_URI_FLAGS_NONE, NULL);
  new_uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (current_uri == NULL || new_uri == NULL ||
      g_ascii_strcasecmp (g_uri_get_host (current_uri), g_uri_get_host (new_uri)) != 0 ||
      g_uri_get_port (current_uri) != g_uri_get_port (new_uri))
    return g_strdup (url);

  /* Unescaped (G_URI_FLAGS_NONE): %7E and ~ are one path. */
  current_path = g_str_has_suffix (g_uri_get_path (current_uri), "/")
                   ? g_strdup (g_uri_get_path (current_uri))
                   : g_strconcat (g_uri_get_path (current_uri), "/", NULL);
  new_path = g_str_has_suffix (g_uri_get_path (new_uri), "/")
               ? g_strdup (g_uri_get_path (new_uri))
               : g_strconcat (g_uri_get_path (new_uri), "/", NULL);
  return g_strdup (g_strcmp0 (current_path, new_path) == 0 ? current : url);
}

gboolean
clt_sync_use_address_book (CltStore    *store,
                           const char  *url,
                           GError     **error)
{
  g_autofree char *same = NULL;
  gboolean changed = FALSE;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);

  if (!clt_store_begin (store, error))
    return FALSE;
  same = same_or_new (store, CLT_SYNC_CUSTOMER, url);
  if (!clt_store_sync_use_collection (store, CLT_SYNC_CUSTOMER, same, &changed, error) ||
      (changed && !clt_store_set_setting (store, CLT_SYNC_VCARD_VERSION_SETTING, NULL, error)))
    {
      clt_store_rollback (store);
      return FALSE;
    }
  return clt_store_commit (store, error);
}

gboolean
clt_sync_use_task_list (CltStore    *store,
                        const char  *url,
                        gboolean     journals,
                        GError     **error)
{
  g_autofree char *same = NULL;

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);

  if (!clt_store_begin (store, error))
    return FALSE;
  same = same_or_new (store, CLT_SYNC_PROMISE, url);
  /* The logged contacts' collection is the task list when it takes them,
   * "" when they stay here, NULL until a round found the task list. */
  if (!clt_store_sync_use_collection (store, CLT_SYNC_PROMISE, same, NULL, error) ||
      !clt_store_sync_use_collection (store, CLT_SYNC_CONTACT,
                                      same == NULL ? NULL : journals ? same : "", NULL, error))
    {
      clt_store_rollback (store);
      return FALSE;
    }
  return clt_store_commit (store, error);
}

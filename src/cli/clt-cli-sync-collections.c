/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "clt-cli-sync-private.h"
#include "clt-secret.h"
#include "clt-store-sync.h"
#include "clt-sync-collections.h"

/* `clientele-cli sync collections`, and the collections `sync setup`
 * picks: the address book and the task list the book is shared through,
 * "Clientele" unless the user names others. */

/* Tabs and line ends in a name would break the line into other columns. */
static char *
one_line (const char *text)
{
  char *copy = g_strdup (text);

  for (char *c = copy; *c != '\0'; c++)
    if (*c == '\t' || *c == '\n' || *c == '\r')
      *c = ' ';
  return copy;
}

static void
print_collections (GPtrArray *collections)
{
  for (guint i = 0; i < collections->len; i++)
    {
      CltDavCollection *collection = g_ptr_array_index (collections, i);
      g_autofree char *name = one_line (collection->display_name);
      const char *kind = collection->kind == CLT_DAV_CONTACTS ? "address-book"
                         : collection->journals ? "task-list"
                         : "task-list-no-journal";

      g_print ("%s\t%s\t%s\n", kind, collection->href, name);
    }
}

int
clt_cli_sync_collections (const char *database,
                          const char *url,
                          const char *user,
                          gboolean    password_stdin)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltDavClient) client = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored_url = NULL;
  g_autofree char *stored_user = NULL;
  g_auto(CltPassword) password = NULL;

  if ((url == NULL) != (user == NULL) || (url != NULL && !password_stdin))
    {
      clt_cli_error (_("Write “sync collections” for the account set up, or “sync collections "
                       "--url ADDRESS --user NAME --password-stdin” with the password on "
                       "standard input"));
      return 1;
    }

  if (password_stdin)
    {
      password = clt_cli_read_password ();
      if (password == NULL)
        return 1;
    }

  if (url == NULL)
    {
      store = clt_cli_open_store (database, TRUE);
      if (store == NULL)
        return 1;
      if (!clt_store_sync_get_account (store, &stored_url, &stored_user, &error) ||
          stored_user == NULL)
        {
          if (error != NULL)
            clt_cli_error ("%s", error->message);
          else
            clt_cli_error (_("The book is not shared: give the server with “--url ADDRESS "
                             "--user NAME --password-stdin”"));
          return 1;
        }
      url = stored_url;
      user = stored_user;
      if (password == NULL)
        password = clt_cli_sync_stored_password (url, user);
      if (password == NULL)
        return 1;
    }

  clt_secret_guard_begin ();
  client = clt_dav_client_new (url, user, password, &error);
  if (client != NULL)
    contacts = clt_dav_client_list_collections (client, CLT_DAV_CONTACTS, NULL, &error);
  if (contacts != NULL)
    tasks = clt_dav_client_list_collections (client, CLT_DAV_TASKS, NULL, &error);
  g_clear_object (&client);
  clt_secret_guard_end ();

  if (tasks == NULL)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  print_collections (contacts);
  print_collections (tasks);
  return 0;
}

void
clt_cli_collections_clear (CltCliCollections *choice)
{
  g_clear_pointer (&choice->contacts, g_free);
  g_clear_pointer (&choice->tasks, g_free);
}

gboolean
clt_cli_sync_find_collections (CltDavClient       *client,
                               gboolean            same_account,
                               const char         *address_book,
                               const char         *task_list,
                               CltCliCollections  *choice,
                               GError            **error)
{
  *choice = (CltCliCollections) { 0 };

  /* Another server or account: a new first round, with "Clientele"
   * unless the user names others. */
  choice->set_contacts = !same_account || address_book != NULL;
  choice->set_tasks = !same_account || task_list != NULL;

  if (address_book != NULL)
    {
      choice->contacts = clt_sync_find_collection (client, CLT_DAV_CONTACTS, address_book, NULL,
                                                   NULL, error);
      if (choice->contacts == NULL)
        return FALSE;
    }
  if (task_list != NULL)
    {
      choice->tasks = clt_sync_find_collection (client, CLT_DAV_TASKS, task_list,
                                                &choice->journals, NULL, error);
      if (choice->tasks == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
clt_cli_sync_use_collections (CltStore           *store,
                              CltCliCollections  *choice,
                              GError            **error)
{
  return (!choice->set_contacts || clt_sync_use_address_book (store, choice->contacts, error)) &&
         (!choice->set_tasks || clt_sync_use_task_list (store, choice->tasks, choice->journals, error));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-cli.h"
#include "clt-dav-client.h"

G_BEGIN_DECLS

/* One round at a time on a book (clt-cli-sync.c): the lock's descriptor,
 * or -1 with the reason said. */
int      clt_cli_sync_lock_book          (CltStore    *store);

/* The sharing password the keyring keeps for @url and @user, or NULL with
 * the reason said (how to give it with --password-stdin). */
char    *clt_cli_sync_stored_password    (const char  *url,
                                          const char  *user);

/* `sync collections`: the address books and task lists of the account
 * (@url and @user, or the one set up), one a line. */
int      clt_cli_sync_collections        (const char  *database,
                                          const char  *url,
                                          const char  *user,
                                          gboolean     password_stdin);

/* What `sync setup` keeps of its --address-book and --task-list: the
 * collections the user picked, found on the server (made when one is
 * named and absent), each one to record. */
typedef struct
{
  char     *contacts;   /* a full URL, or NULL: the next round finds or makes "Clientele" */
  char     *tasks;      /* the same */
  gboolean  journals;   /* the task list takes VJOURNALs */
  gboolean  set_contacts;
  gboolean  set_tasks;
} CltCliCollections;

void     clt_cli_collections_clear       (CltCliCollections *choice);

/* Finds @address_book and @task_list (NULL: leave it as the book has it
 * when @same_account, else the "Clientele" one, found by the next round). */
gboolean clt_cli_sync_find_collections   (CltDavClient      *client,
                                          gboolean           same_account,
                                          const char        *address_book,
                                          const char        *task_list,
                                          CltCliCollections *choice,
                                          GError           **error);
/* Records @choice in the book; in the caller's transaction. */
gboolean clt_cli_sync_use_collections    (CltStore          *store,
                                          CltCliCollections *choice,
                                          GError           **error);

G_END_DECLS

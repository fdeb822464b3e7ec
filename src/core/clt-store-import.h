/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-search-row.h"
#include "clt-store.h"

G_BEGIN_DECLS

/* What the import matches a file's records on (clt-store-import.c). */
typedef enum
{
  CLT_STORE_KEY_UID,
  CLT_STORE_KEY_TRASHED_UID,  /* taken, but by a deleted customer */
  CLT_STORE_KEY_EMAIL,
  CLT_STORE_KEY_PHONE,        /* as written */
  CLT_STORE_KEY_SORT_NAME,    /* clt_customer_dup_sort_name() */
  CLT_STORE_KEY_DISPLAY_NAME,
} CltStoreKey;

typedef void (*CltStoreKeyFunc) (CltStoreKey  kind,
                                 gint64       customer_id,
                                 const char  *value,
                                 gpointer     user_data);

/* Calls @func for every UID, e-mail address, phone number, sort name and
 * display name of the book, in one read of each table: what an import of
 * a large file looks up in memory instead of querying the book once per
 * record. */
gboolean clt_store_foreach_match_key (CltStore         *self,
                                      CltStoreKeyFunc   func,
                                      gpointer          user_data,
                                      GError          **error);

/* Adds a customer's contacts (CltContact), preferences (CltPreference),
 * notes (CltNote) and tags (char *) as the clt_store_add_…() functions do,
 * less their checks and savepoints: for the import, which validated them
 * and runs them all in its transaction, undone as a whole if one fails. */
gboolean clt_store_import_details    (CltStore         *self,
                                      gint64            customer_id,
                                      GPtrArray        *contacts,
                                      GPtrArray        *preferences,
                                      GPtrArray        *notes,
                                      GPtrArray        *tags,
                                      GError          **error);

/* A contact's value and a preference's category as
 * clt_store_import_details() writes them (and a search row reads them). */
char    *clt_store_import_contact_value       (const CltContact    *contact);
char    *clt_store_import_preference_category (const CltPreference *preference);

/* Gives a customer that clt_store_import_details() just wrote the search
 * row made of what was written (transfer full), for the commit to write
 * instead of reading it back. */
void     clt_store_import_search_row (CltStore         *self,
                                      gint64            customer_id,
                                      CltSearchRow     *row);

/* The name a customer is listed under, NULL when there is none. */
char    *clt_store_get_display_name  (CltStore         *self,
                                      gint64            customer_id,
                                      GError          **error);

G_END_DECLS

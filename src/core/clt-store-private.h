/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "clt-search-row.h"
#include "clt-store.h"
#include "clt-text.h"

G_BEGIN_DECLS

/* A cached statement, reset when it goes out of scope so that no read
 * transaction outlives the function that started it. */
typedef sqlite3_stmt CltStmt;

CltStmt      *clt_store_prepare        (CltStore      *self,
                                        const char    *sql,
                                        GError       **error);
gboolean      clt_store_step_done      (CltStore      *self,
                                        sqlite3_stmt  *stmt,
                                        GError       **error);
gboolean      clt_store_exec           (CltStore      *self,
                                        const char    *sql,
                                        GError       **error);
void          clt_store_set_error      (CltStore      *self,
                                        int            rc,
                                        GError       **error);
gboolean      clt_store_tx_begin       (CltStore      *self,
                                        GError       **error);
gboolean      clt_store_tx_end         (CltStore      *self,
                                        gboolean       ok,
                                        GError       **error);
/* What changed about a customer in this transaction, for the commit's
 * reindex. CLT_DIRTY_ANY (what clt_store_mark_dirty() records) makes it
 * read everything again; a customer added in this transaction whose only
 * changes since are the rows named by the other bits gets its search row
 * from those tables alone, without deleting a row it cannot have yet. */
typedef enum
{
  CLT_DIRTY_ANY         = 1 << 0,
  CLT_DIRTY_NEW         = 1 << 1,
  CLT_DIRTY_EMAILS      = 1 << 2,
  CLT_DIRTY_ADDRESSES   = 1 << 3,
  CLT_DIRTY_PHONES      = 1 << 4,
  CLT_DIRTY_PREFERENCES = 1 << 5,
  CLT_DIRTY_NOTES       = 1 << 6,
  CLT_DIRTY_TAGS        = 1 << 7,
} CltDirty;

void          clt_store_mark_dirty     (CltStore      *self,
                                        gint64         customer_id);
void          clt_store_mark_dirty_parts (CltStore    *self,
                                        gint64         customer_id,
                                        CltDirty       parts);
void          clt_store_set_new_search_row (CltStore     *self,
                                            gint64        customer_id,
                                            CltSearchRow *row);
gboolean      clt_store_index_new_row  (CltStore      *self,
                                        gint64         search_rowid,
                                        CltSearchRow  *row,
                                        GError       **error);
gboolean      clt_store_reindex        (CltStore      *self,
                                        gint64         customer_id,
                                        GError       **error);
gboolean      clt_store_reindex_parts  (CltStore      *self,
                                        gint64         customer_id,
                                        CltDirty       parts,
                                        GError       **error);
gboolean      clt_store_refold_row     (CltStore      *self,
                                        gint64         customer_id,
                                        GError       **error);
sqlite3      *clt_store_get_db         (CltStore      *self);
gboolean      clt_store_has_book_tables (sqlite3      *db,
                                        int           version);
gboolean      clt_store_merge_search   (CltStore      *self,
                                        GError       **error);
gboolean      clt_store_write_copy     (CltStore      *self,
                                        const char    *destination,
                                        gboolean       replace,
                                        gboolean      *written,
                                        GError       **error);
void          clt_store_put_in_order_function (sqlite3_context  *context,
                                               int               argc,
                                               sqlite3_value   **argv);
void          clt_store_phone_tokens_function (sqlite3_context  *context,
                                               int               argc,
                                               sqlite3_value   **argv);
void          clt_store_name_words_step  (sqlite3_context  *context,
                                          int               argc,
                                          sqlite3_value   **argv);
void          clt_store_name_words_final (sqlite3_context  *context);
/* Fills name_words with the words of every customer's names. */
#define CLT_STORE_NAME_WORDS_FILL \
  "INSERT OR IGNORE INTO name_words (word)" \
  " SELECT value FROM json_each ((SELECT clt_name_words (display_name, given_name," \
  " family_name, addressed_as, company) FROM customers))"
GHashTable   *clt_store_get_noted_words (CltStore   *self);
gboolean      clt_store_typos_note_words (CltStore    *self,
                                          const char  *words,
                                          GError     **error);
gboolean      clt_store_phone_index_set    (CltStore    *self,
                                            gint64       search_rowid,
                                            const char  *tokens,
                                            gboolean     replace,
                                            GError     **error);
gboolean      clt_store_phone_index_delete (CltStore    *self,
                                            gint64       search_rowid,
                                            GError     **error);
gboolean      clt_store_phone_index_move   (CltStore    *self,
                                            gint64       from,
                                            gint64       to,
                                            GError     **error);
void          clt_store_sort_key_function (sqlite3_context  *context,
                                           int               argc,
                                           sqlite3_value   **argv);
gboolean      clt_store_check_can_mail (CltStore     *self,
                                        CltCustomer  *customer,
                                        gboolean      marketing,
                                        char        **address,
                                        GError      **error);
gboolean      clt_store_pause_outbox_for_password (CltStore    *self,
                                                   const char  *reason,
                                                   GError     **error);

/* The position after a customer's last preference, found in the index
 * (customer_id, alert, position): a count read every preference of the
 * customer at each insert, which made adding many of them quadratic. */
#define CLT_NEXT_PREFERENCE_POSITION \
  "(SELECT coalesce (max (last), -1) + 1 FROM" \
  " (SELECT max (position) AS last FROM preferences WHERE customer_id = ?1 AND alert = 0" \
  "  UNION ALL SELECT max (position) FROM preferences WHERE customer_id = ?1 AND alert = 1))"

/* A new stable id, in SQL: of an element of a customer's card (email,
 * phone, address, preference, note: "email/ID" in sync), and a UUID (as
 * customers have) for a promise or a logged contact, their UID on the
 * server. Every INSERT into those tables sets it. */
#define CLT_SQL_NEW_ELEMENT_UID "lower (hex (randomblob (8)))"
#define CLT_SQL_NEW_UUID \
  "(lower (hex (randomblob (4))) || '-' || lower (hex (randomblob (2)))" \
  " || '-4' || substr (lower (hex (randomblob (2))), 2) || '-'" \
  " || substr ('89ab', 1 + abs (random ()) % 4, 1) || substr (lower (hex (randomblob (2))), 2)" \
  " || '-' || lower (hex (randomblob (6))))"

typedef gpointer (*CltRowReader) (sqlite3_stmt *stmt);

GPtrArray    *clt_store_list_rows      (CltStore        *self,
                                        const char      *sql,
                                        gint64           id,
                                        CltRowReader     read,
                                        GDestroyNotify   free_func,
                                        GError         **error);
/* The rows @sql selects for the id bound to ?1, at most @limit (?2) after
 * the first @offset (?3), and how many @count_sql counts in all. */
GPtrArray    *clt_store_list_page      (CltStore        *self,
                                        const char      *sql,
                                        const char      *count_sql,
                                        gint64           id,
                                        guint            offset,
                                        guint            limit,
                                        guint           *n_total,
                                        CltRowReader     read,
                                        GDestroyNotify   free_func,
                                        GError         **error);

/* Binds a possibly-NULL UTF-8 string. */
static inline int
clt_bind_text (sqlite3_stmt *stmt,
               int           index,
               const char   *text)
{
  if (text == NULL)
    return sqlite3_bind_null (stmt, index);
  return sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static inline const char *
clt_column_text (sqlite3_stmt *stmt,
                 int           index)
{
  return (const char *) sqlite3_column_text (stmt, index);
}

/* A copy of a text column, shown replaced where a damaged or hand-edited
 * book holds bytes that are not UTF-8. */
static inline char *
clt_column_dup_text (sqlite3_stmt *stmt,
                     int           index)
{
  return clt_text_dup_valid (clt_column_text (stmt, index));
}

/* Resets @stmt; damage its last step met marks its store damaged, even
 * when the caller did not look at the error. */
void          clt_stmt_release         (CltStmt       *stmt);

/* The first @size bytes of a file that may be a book this process has
 * open, read without dropping its connections' locks; -1 and errno. */
gssize        clt_store_read_file_start (const char   *path,
                                         guint8       *buffer,
                                         gsize         size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltStmt, clt_stmt_release)

G_END_DECLS

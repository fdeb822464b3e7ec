/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-store-private.h"
#include "clt-text.h"

/* What a customer's page lists, and the undo of its deletions. */

/* The rows @sql selects for the id bound to ?1, each made by @read. */
GPtrArray *
clt_store_list_rows (CltStore        *self,
                     const char      *sql,
                     gint64           customer_id,
                     CltRowReader     read,
                     GDestroyNotify   free_func,
                     GError         **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);
  g_autoptr(GPtrArray) rows = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func (free_func);
  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

GPtrArray *
clt_store_list_page (CltStore        *self,
                     const char      *sql,
                     const char      *count_sql,
                     gint64           id,
                     guint            offset,
                     guint            limit,
                     guint           *n_total,
                     CltRowReader     read,
                     GDestroyNotify   free_func,
                     GError         **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  int rc;

  if (n_total != NULL)
    {
      g_autoptr(CltStmt) count = clt_store_prepare (self, count_sql, error);

      if (count == NULL)
        return NULL;
      sqlite3_bind_int64 (count, 1, id);
      rc = sqlite3_step (count);
      if (rc != SQLITE_ROW)
        {
          clt_store_set_error (self, rc, error);
          return NULL;
        }
      *n_total = (guint) sqlite3_column_int64 (count, 0);
    }

  stmt = clt_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  rows = g_ptr_array_new_with_free_func (free_func);
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 3, offset);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&rows);
}

static gpointer
get_row (CltStore    *self,
         const char  *sql,
         gint64       id,
         CltRowReader    read,
         GError     **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read (stmt);

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                         _("This customer or item no longer exists. It may have been deleted."));
  else
    clt_store_set_error (self, rc, error);

  return NULL;
}

/* Contacts: id, kind, label, value */
static gpointer
read_contact (sqlite3_stmt *stmt)
{
  CltContact *contact = g_new0 (CltContact, 1);

  contact->id = sqlite3_column_int64 (stmt, 0);
  contact->kind = sqlite3_column_int (stmt, 1);
  contact->label = clt_column_dup_text (stmt, 2);
  contact->value = clt_column_dup_text (stmt, 3);
  return contact;
}

/* Preferences: id, category, text, alert, sensitive, position, created_at */
static gpointer
read_preference (sqlite3_stmt *stmt)
{
  CltPreference *preference = g_new0 (CltPreference, 1);

  preference->id = sqlite3_column_int64 (stmt, 0);
  preference->category = clt_column_dup_text (stmt, 1);
  preference->text = clt_column_dup_text (stmt, 2);
  preference->flags = (sqlite3_column_int (stmt, 3) ? CLT_PREFERENCE_ALERT : 0) |
                      (sqlite3_column_int (stmt, 4) ? CLT_PREFERENCE_SENSITIVE : 0);
  preference->position = sqlite3_column_int (stmt, 5);
  preference->created_at = sqlite3_column_int64 (stmt, 6);
  return preference;
}

/* Notes: id, text, author, pinned, created_at */
static gpointer
read_note (sqlite3_stmt *stmt)
{
  CltNote *note = g_new0 (CltNote, 1);

  note->id = sqlite3_column_int64 (stmt, 0);
  note->text = clt_column_dup_text (stmt, 1);
  note->author = clt_column_dup_text (stmt, 2);
  note->pinned = sqlite3_column_int (stmt, 3) != 0;
  note->created_at = sqlite3_column_int64 (stmt, 4);
  return note;
}

/* Interactions: id, kind, at, planned, note, staff, created_at */
static gpointer
read_interaction (sqlite3_stmt *stmt)
{
  CltInteraction *interaction = g_new0 (CltInteraction, 1);

  interaction->id = sqlite3_column_int64 (stmt, 0);
  if (!clt_interaction_kind_from_string (clt_column_text (stmt, 1), &interaction->kind))
    interaction->kind = CLT_INTERACTION_OTHER;
  interaction->at = sqlite3_column_int64 (stmt, 2);
  interaction->planned = sqlite3_column_int (stmt, 3) != 0;
  interaction->note = clt_column_dup_text (stmt, 4);
  interaction->staff = clt_column_dup_text (stmt, 5);
  interaction->created_at = sqlite3_column_int64 (stmt, 6);
  return interaction;
}

/* History: kind (0 interaction, 1 note), id, when, interaction kind,
 * planned, pinned, text, who */
static gpointer
read_history (sqlite3_stmt *stmt)
{
  CltHistoryEntry *entry = g_new0 (CltHistoryEntry, 1);

  switch (sqlite3_column_int (stmt, 0))
    {
    case 1:
      entry->kind = CLT_HISTORY_NOTE;
      break;
    case 2:
      entry->kind = CLT_HISTORY_PROMISE;
      break;
    default:
      entry->kind = CLT_HISTORY_INTERACTION;
      break;
    }
  entry->id = sqlite3_column_int64 (stmt, 1);
  entry->when = sqlite3_column_int64 (stmt, 2);
  entry->interaction_kind = CLT_INTERACTION_OTHER;
  entry->promise_status = CLT_PROMISE_OPEN;
  if (entry->kind == CLT_HISTORY_PROMISE)
    clt_promise_status_from_string (clt_column_text (stmt, 3), &entry->promise_status);
  else if (!clt_interaction_kind_from_string (clt_column_text (stmt, 3), &entry->interaction_kind))
    entry->interaction_kind = CLT_INTERACTION_OTHER;
  entry->planned = sqlite3_column_int (stmt, 4) != 0;
  entry->pinned = sqlite3_column_int (stmt, 5) != 0;
  entry->text = clt_column_dup_text (stmt, 6);
  entry->who = clt_column_dup_text (stmt, 7);
  return entry;
}

#define CONTACT_COLUMNS \
  "SELECT id, 0, label, address FROM emails WHERE customer_id = ?1 UNION ALL " \
  "SELECT id, 1, label, number FROM phones WHERE customer_id = ?1 UNION ALL " \
  "SELECT id, 2, label, text FROM addresses WHERE customer_id = ?1"
#define PREFERENCE_COLUMNS "SELECT id, category, text, alert, sensitive, position, created_at FROM preferences"
#define NOTE_COLUMNS "SELECT id, text, author, pinned, created_at FROM notes"
#define INTERACTION_COLUMNS "SELECT id, kind, at, planned, note, staff, created_at FROM interactions"

/* Every contact logged with @customer_id, oldest first (GPtrArray of
 * CltInteraction): for an access request. */
GPtrArray *
clt_store_list_interactions (CltStore  *self,
                             gint64     customer_id,
                             GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_rows (self, INTERACTION_COLUMNS " WHERE customer_id = ?1 ORDER BY at, id",
                              customer_id, read_interaction, (GDestroyNotify) clt_interaction_free, error);
}

GPtrArray *
clt_store_list_contacts (CltStore  *self,
                         gint64     customer_id,
                         GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_rows (self, "SELECT * FROM (" CONTACT_COLUMNS ") ORDER BY 2, 1",
                              customer_id, read_contact, (GDestroyNotify) clt_contact_free, error);
}

#define PREFERENCE_ORDER " ORDER BY alert DESC, category IS NULL, category COLLATE NOCASE, position, id"
#define NOTE_ORDER " ORDER BY pinned DESC, created_at DESC, id DESC"

/* Alerts first, then by category (those without one last), then as added. */
GPtrArray *
clt_store_list_preferences (CltStore  *self,
                            gint64     customer_id,
                            GError   **error)
{
  return clt_store_list_preferences_page (self, customer_id, 0, 0, NULL, error);
}

/**
 * clt_store_list_preferences_page:
 * @offset: how many to pass over, in the order of clt_store_list_preferences()
 * @limit: the most to return, 0 for all
 * @n_total: (out) (optional): how many the customer has in all
 *
 * A page of the customer's preferences, so that a customer with thousands
 * of them opens as fast as one with three.
 */
GPtrArray *
clt_store_list_preferences_page (CltStore  *self,
                                 gint64     customer_id,
                                 guint      offset,
                                 guint      limit,
                                 guint     *n_total,
                                 GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_page (self,
                              PREFERENCE_COLUMNS " WHERE customer_id = ?1" PREFERENCE_ORDER " LIMIT ?2 OFFSET ?3",
                              "SELECT count(*) FROM preferences WHERE customer_id = ?1",
                              customer_id, offset, limit, n_total,
                              read_preference, (GDestroyNotify) clt_preference_free, error);
}

/* Pinned first, then newest first. */
GPtrArray *
clt_store_list_notes (CltStore  *self,
                      gint64     customer_id,
                      GError   **error)
{
  return clt_store_list_notes_page (self, customer_id, 0, 0, NULL, error);
}

/**
 * clt_store_list_notes_page:
 * @offset: how many to pass over, in the order of clt_store_list_notes()
 * @limit: the most to return, 0 for all
 * @n_total: (out) (optional): how many the customer has in all
 *
 * A page of the customer's notes.
 */
GPtrArray *
clt_store_list_notes_page (CltStore  *self,
                           gint64     customer_id,
                           guint      offset,
                           guint      limit,
                           guint     *n_total,
                           GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_page (self,
                              NOTE_COLUMNS " WHERE customer_id = ?1" NOTE_ORDER " LIMIT ?2 OFFSET ?3",
                              "SELECT count(*) FROM notes WHERE customer_id = ?1",
                              customer_id, offset, limit, n_total,
                              read_note, (GDestroyNotify) clt_note_free, error);
}

/* Contacts, notes and closed promises together, newest first (a promise
 * at the time it was closed), each text as @note and @text give it. */
#define HISTORY_SELECT(note, text) \
  "SELECT 0, id, at, kind, planned, 0, " note ", staff FROM interactions" \
  " WHERE customer_id = ?1 UNION ALL " \
  "SELECT 1, id, created_at, NULL, 0, pinned, " text ", author FROM notes" \
  " WHERE customer_id = ?1 UNION ALL " \
  "SELECT 2, id, closed_at, status, 0, 0, " text ", NULL FROM promises" \
  " WHERE customer_id = ?1 AND status <> 'open'" \
  " ORDER BY 3 DESC, 2 DESC LIMIT ?2 OFFSET ?3"
#define HISTORY_COUNT \
  "SELECT (SELECT count(*) FROM interactions WHERE customer_id = ?1)" \
  " + (SELECT count(*) FROM notes WHERE customer_id = ?1)" \
  " + (SELECT count(*) FROM promises WHERE customer_id = ?1 AND status <> 'open')"

/**
 * clt_store_list_history:
 * @limit: the most entries to return, 0 for all
 * @n_total: (out) (optional): how many there are in all
 *
 * The customer's contacts (past and planned), notes and closed promises,
 * newest first.
 */
GPtrArray *
clt_store_list_history (CltStore  *self,
                        gint64     customer_id,
                        guint      limit,
                        guint     *n_total,
                        GError   **error)
{
  return clt_store_list_history_page (self, customer_id, 0, limit, n_total, error);
}

/**
 * clt_store_list_history_page:
 * @offset: how many entries to pass over, newest first
 * @limit: the most entries to return, 0 for all
 * @n_total: (out) (optional): how many there are in all
 *
 * A page of the customer's history, as clt_store_list_history() orders it.
 */
GPtrArray *
clt_store_list_history_page (CltStore  *self,
                             gint64     customer_id,
                             guint      offset,
                             guint      limit,
                             guint     *n_total,
                             GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_page (self,
                              HISTORY_SELECT ("note", "text"),
                              HISTORY_COUNT,
                              customer_id, offset, limit, n_total,
                              read_history, (GDestroyNotify) clt_history_entry_free, error);
}

/**
 * clt_store_list_history_glance:
 * @offset: how many entries to pass over, newest first
 * @limit: the most entries to return, 0 for all
 * @n_total: (out) (optional): how many there are in all
 *
 * A page of the customer's history as clt_store_list_history_page()
 * gives it, but each text cut to its first %CLT_HISTORY_GLANCE_CHARS
 * characters, all that a list shows of it: a 1 MB note is neither sorted
 * nor copied whole.
 */
GPtrArray *
clt_store_list_history_glance (CltStore  *self,
                               gint64     customer_id,
                               guint      offset,
                               guint      limit,
                               guint     *n_total,
                               GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return clt_store_list_page (self,
                              HISTORY_SELECT ("substr (note, 1, " G_STRINGIFY (CLT_HISTORY_GLANCE_CHARS) ")",
                                              "substr (text, 1, " G_STRINGIFY (CLT_HISTORY_GLANCE_CHARS) ")"),
                              HISTORY_COUNT,
                              customer_id, offset, limit, n_total,
                              read_history, (GDestroyNotify) clt_history_entry_free, error);
}

static char **
list_strings (CltStore    *self,
              const char  *sql,
              gint64       customer_id,
              GError     **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, sql, error);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, clt_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

char **
clt_store_list_tags (CltStore  *self,
                     gint64     customer_id,
                     GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return list_strings (self,
                       "SELECT t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id"
                       " WHERE ct.customer_id = ?1 ORDER BY t.name COLLATE NOCASE",
                       customer_id, error);
}

char **
clt_store_list_all_tags (CltStore  *self,
                         GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return list_strings (self,
                       "SELECT name FROM tags WHERE id IN (SELECT tag_id FROM customer_tags)"
                       " ORDER BY name COLLATE NOCASE", 0, error);
}

CltPreference *
clt_store_get_preference (CltStore  *self,
                          gint64     preference_id,
                          GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return get_row (self, PREFERENCE_COLUMNS " WHERE id = ?1", preference_id, read_preference, error);
}

CltNote *
clt_store_get_note (CltStore  *self,
                    gint64     note_id,
                    GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return get_row (self, NOTE_COLUMNS " WHERE id = ?1", note_id, read_note, error);
}

CltInteraction *
clt_store_get_interaction (CltStore  *self,
                           gint64     interaction_id,
                           GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  return get_row (self, INTERACTION_COLUMNS " WHERE id = ?1", interaction_id, read_interaction, error);
}

CltContact *
clt_store_get_contact (CltStore        *self,
                       CltContactKind   kind,
                       gint64           contact_id,
                       GError         **error)
{
  static const char * const sql[] = {
    [CLT_CONTACT_EMAIL] = "SELECT id, 0, label, address FROM emails WHERE id = ?1",
    [CLT_CONTACT_PHONE] = "SELECT id, 1, label, number FROM phones WHERE id = ?1",
    [CLT_CONTACT_ADDRESS] = "SELECT id, 2, label, text FROM addresses WHERE id = ?1",
  };

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (kind <= CLT_CONTACT_ADDRESS, NULL);

  return get_row (self, sql[kind], contact_id, read_contact, error);
}

/* Runs one bound INSERT that puts a row back, inside its own transaction,
 * and marks its customer for reindexing. */
static gboolean
restore_row (CltStore      *self,
             gint64         customer_id,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  gboolean ok;

  if (stmt == NULL)
    return FALSE;

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  ok = clt_store_step_done (self, stmt, error);
  if (ok)
    clt_store_mark_dirty (self, customer_id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
clt_store_restore_contact (CltStore          *self,
                           gint64             customer_id,
                           const CltContact  *contact,
                           GError           **error)
{
  static const char * const sql[] = {
    [CLT_CONTACT_EMAIL] = "INSERT INTO emails (id, customer_id, label, address, uid) VALUES (?1, ?2, ?3, ?4, " CLT_SQL_NEW_ELEMENT_UID ")",
    [CLT_CONTACT_PHONE] = "INSERT INTO phones (id, customer_id, label, number, digits, uid) VALUES (?1, ?2, ?3, ?4, ?5, " CLT_SQL_NEW_ELEMENT_UID ")",
    [CLT_CONTACT_ADDRESS] = "INSERT INTO addresses (id, customer_id, label, text, uid) VALUES (?1, ?2, ?3, ?4, " CLT_SQL_NEW_ELEMENT_UID ")",
  };
  g_autoptr(CltStmt) stmt = NULL;
  g_autofree char *digits = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (contact != NULL && contact->kind <= CLT_CONTACT_ADDRESS, FALSE);

  stmt = clt_store_prepare (self, sql[contact->kind], error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, contact->id);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  clt_bind_text (stmt, 3, contact->label);
  clt_bind_text (stmt, 4, contact->value);
  if (contact->kind == CLT_CONTACT_PHONE)
    {
      digits = clt_text_phone_digits (contact->value);
      clt_bind_text (stmt, 5, digits);
    }

  return restore_row (self, customer_id, stmt, error);
}

gboolean
clt_store_restore_preference (CltStore             *self,
                              gint64                customer_id,
                              const CltPreference  *preference,
                              GError              **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (preference != NULL, FALSE);

  stmt = clt_store_prepare (self,
                            "INSERT INTO preferences (id, customer_id, category, text, alert, sensitive,"
                            " position, created_at, updated_at, uid)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, " CLT_SQL_NEW_ELEMENT_UID ")",
                            error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, preference->id);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  clt_bind_text (stmt, 3, preference->category);
  clt_bind_text (stmt, 4, preference->text);
  sqlite3_bind_int (stmt, 5, (preference->flags & CLT_PREFERENCE_ALERT) != 0);
  sqlite3_bind_int (stmt, 6, (preference->flags & CLT_PREFERENCE_SENSITIVE) != 0);
  sqlite3_bind_int (stmt, 7, preference->position);
  sqlite3_bind_int64 (stmt, 8, preference->created_at);

  return restore_row (self, customer_id, stmt, error);
}

gboolean
clt_store_restore_note (CltStore       *self,
                        gint64          customer_id,
                        const CltNote  *note,
                        GError        **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  stmt = clt_store_prepare (self,
                            "INSERT INTO notes (id, customer_id, text, author, pinned, created_at, updated_at, uid)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, " CLT_SQL_NEW_ELEMENT_UID ")", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, note->id);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  clt_bind_text (stmt, 3, note->text);
  clt_bind_text (stmt, 4, note->author);
  sqlite3_bind_int (stmt, 5, note->pinned != FALSE);
  sqlite3_bind_int64 (stmt, 6, note->created_at);

  return restore_row (self, customer_id, stmt, error);
}

gboolean
clt_store_restore_interaction (CltStore              *self,
                               gint64                 customer_id,
                               const CltInteraction  *interaction,
                               GError               **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (interaction != NULL, FALSE);

  stmt = clt_store_prepare (self,
                            "INSERT INTO interactions (id, customer_id, kind, at, planned, note, staff, created_at, uid)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, " CLT_SQL_NEW_UUID ")", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, interaction->id);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  clt_bind_text (stmt, 3, clt_interaction_kind_to_string (interaction->kind));
  sqlite3_bind_int64 (stmt, 4, interaction->at);
  sqlite3_bind_int (stmt, 5, interaction->planned != FALSE);
  clt_bind_text (stmt, 6, interaction->note);
  clt_bind_text (stmt, 7, interaction->staff);
  sqlite3_bind_int64 (stmt, 8, interaction->created_at);

  return restore_row (self, customer_id, stmt, error);
}

static gboolean
set_trashed (CltStore    *self,
             gint64       customer_id,
             gboolean     trashed,
             GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  gboolean ok;

  stmt = clt_store_prepare (self,
                            trashed ?
                            "UPDATE customers SET trashed_at = ?2 WHERE id = ?1 AND trashed_at IS NULL" :
                            "UPDATE customers SET trashed_at = NULL WHERE id = ?1 AND trashed_at IS NOT NULL",
                            error);
  if (stmt == NULL || !clt_store_tx_begin (self, error))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  if (trashed)
    sqlite3_bind_int64 (stmt, 2, g_get_real_time () / G_USEC_PER_SEC);

  ok = clt_store_step_done (self, stmt, error);
  if (ok && sqlite3_changes (clt_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                           _("This customer or item no longer exists. It may have been deleted."));
      ok = FALSE;
    }
  if (ok)
    clt_store_mark_dirty (self, customer_id);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

gboolean
clt_store_trash_customer (CltStore  *self,
                          gint64     customer_id,
                          GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return set_trashed (self, customer_id, TRUE, error);
}

gboolean
clt_store_untrash_customer (CltStore  *self,
                            gint64     customer_id,
                            GError   **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return set_trashed (self, customer_id, FALSE, error);
}

/**
 * clt_store_purge_trash:
 *
 * Deletes for good the customers deleted with clt_store_trash_customer().
 */
gboolean
clt_store_purge_trash (CltStore  *self,
                       GError   **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(CltStmt) stmt = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  stmt = clt_store_prepare (self, "SELECT id FROM customers WHERE trashed_at IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  g_clear_pointer (&stmt, clt_stmt_release);

  if (ids->len == 0)
    return TRUE;

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < ids->len; i++)
    ok = clt_store_delete_customer (self, g_array_index (ids, gint64, i), error);

  return clt_store_tx_end (self, ok, ok ? error : NULL);
}

static void
add_duplicates (CltStore           *self,
                GHashTable         *found,
                GPtrArray          *result,
                sqlite3_stmt       *stmt,
                CltDuplicateReason  reason)
{
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      CltDuplicate *duplicate = g_hash_table_lookup (found, &id);

      if (duplicate == NULL)
        {
          duplicate = g_new0 (CltDuplicate, 1);
          duplicate->customer_id = id;
          duplicate->name = clt_column_dup_text (stmt, 1);
          g_hash_table_insert (found, &duplicate->customer_id, duplicate);
          g_ptr_array_add (result, duplicate);
        }
      duplicate->reasons |= reason;
    }
  sqlite3_reset (stmt);
}

/**
 * clt_store_find_duplicates:
 * @name: (nullable): the full name being typed
 * @emails: (nullable): e-mail addresses
 * @phones: (nullable): phone numbers, in any format
 *
 * Finds customers with the same name (ignoring case and accents), the same
 * e-mail address, or the same phone number (by its last nine digits, so
 * that "06 12 34 56 78" and "+33 6 12 34 56 78" are one).
 *
 * Returns: (transfer full): #CltDuplicate, at most 10
 */
GPtrArray *
clt_store_find_duplicates (CltStore            *self,
                           const char          *name,
                           const char * const  *emails,
                           const char * const  *phones,
                           GError             **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_duplicate_free);
  g_autoptr(GHashTable) found = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(CltStmt) by_name = NULL;
  g_autoptr(CltStmt) by_email = NULL;
  g_autoptr(CltStmt) by_phone = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  by_name = clt_store_prepare (self,
                               "SELECT c.id, c.display_name, c.given_name, c.family_name FROM search s"
                               " JOIN customers c ON c.search_rowid = s.rowid"
                               " WHERE search MATCH ?1 AND c.trashed_at IS NULL LIMIT 50", error);
  by_email = clt_store_prepare (self,
                                "SELECT DISTINCT c.id, c.display_name FROM emails e"
                                " JOIN customers c ON c.id = e.customer_id"
                                " WHERE e.address = ?1 COLLATE NOCASE AND c.trashed_at IS NULL LIMIT 10", error);
  /* The phone index narrows it down to numbers with these digits; the
   * end of the number decides. */
  by_phone = clt_store_prepare (self,
                                "SELECT c.id, c.display_name FROM phone_search s"
                                " JOIN customers c ON c.search_rowid = s.rowid"
                                " WHERE s.digits LIKE '%' || ?1 || '%' AND c.trashed_at IS NULL"
                                " AND EXISTS (SELECT 1 FROM phones p WHERE p.customer_id = c.id"
                                "             AND p.digits LIKE '%' || ?1)"
                                " LIMIT 10", error);
  if (by_name == NULL || by_email == NULL || by_phone == NULL)
    return NULL;

  if (!clt_text_is_blank (name))
    {
      g_autoptr(CltCustomer) wanted = clt_customer_new (name);
      g_autofree char *match = clt_text_fts_query (clt_customer_get_display_name (wanted));
      g_autofree char *wanted_key = clt_text_fold (clt_customer_get_display_name (wanted));

      if (match != NULL)
        {
          g_autofree char *expression = g_strdup_printf ("{name} : (%s)", match);

          /* The index narrows it down; the folded full name decides. */
          clt_bind_text (by_name, 1, expression);
          while (sqlite3_step (by_name) == SQLITE_ROW)
            {
              g_autofree char *key = clt_text_fold (clt_column_text (by_name, 1));
              gint64 id = sqlite3_column_int64 (by_name, 0);
              CltDuplicate *duplicate;

              if (g_strcmp0 (key, wanted_key) != 0 || g_hash_table_contains (found, &id))
                continue;

              duplicate = g_new0 (CltDuplicate, 1);
              duplicate->customer_id = id;
              duplicate->name = clt_column_dup_text (by_name, 1);
              duplicate->reasons = CLT_DUPLICATE_NAME;
              g_hash_table_insert (found, &duplicate->customer_id, duplicate);
              g_ptr_array_add (result, duplicate);
            }
          sqlite3_reset (by_name);
        }
    }

  for (guint i = 0; emails != NULL && emails[i] != NULL; i++)
    {
      g_autofree char *address = clt_text_strip (emails[i]);

      if (*address == '\0')
        continue;
      clt_bind_text (by_email, 1, address);
      add_duplicates (self, found, result, by_email, CLT_DUPLICATE_EMAIL);
    }

  for (guint i = 0; phones != NULL && phones[i] != NULL; i++)
    {
      g_autofree char *digits = clt_text_phone_digits (phones[i]);
      gsize len = strlen (digits);

      /* Too few digits to say anything. */
      if (len < 6)
        continue;
      clt_bind_text (by_phone, 1, len > 9 ? digits + len - 9 : digits);
      add_duplicates (self, found, result, by_phone, CLT_DUPLICATE_PHONE);
    }

  if (result->len > 10)
    g_ptr_array_set_size (result, 10);

  return g_steal_pointer (&result);
}

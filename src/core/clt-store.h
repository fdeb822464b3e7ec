/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clt-customer.h"
#include "clt-details.h"
#include "clt-promise.h"
#include "clt-today.h"
#include "clt-remember.h"
#include "clt-mail.h"
#include "clt-template.h"

G_BEGIN_DECLS

#define CLT_STORE_ERROR (clt_store_error_quark ())

typedef enum
{
  CLT_STORE_ERROR_FAILED,
  CLT_STORE_ERROR_NOT_A_DATABASE,
  CLT_STORE_ERROR_TOO_NEW,
  CLT_STORE_ERROR_READ_ONLY,
  CLT_STORE_ERROR_BUSY,
  CLT_STORE_ERROR_INVALID,
  CLT_STORE_ERROR_NOT_FOUND,
  CLT_STORE_ERROR_FOREIGN,    /* a sound database of another program */
  CLT_STORE_ERROR_DAMAGED,    /* a customer book SQLite found damaged */
} CltStoreError;

#define CLT_STORE_SCHEMA_VERSION 15

/* PRAGMA application_id of a customer book: "Clte". Books made before it
 * are recognised by their schema and stamped on first open. */
#define CLT_STORE_APPLICATION_ID 0x436c7465

#define CLT_TYPE_STORE (clt_store_get_type ())

G_DECLARE_FINAL_TYPE (CltStore, clt_store, CLT, STORE, GObject)

GQuark       clt_store_error_quark          (void);
char        *clt_store_default_path         (void);

CltStore    *clt_store_open                 (const char          *path,
                                             GError             **error);
const char  *clt_store_get_path             (CltStore            *self);
/* The file whose lock (flock) says a process is doing @what ("outbox",
 * "sync") with this book: beside the book's real file, whatever path,
 * symbolic link or relative, it was opened by. */
char        *clt_store_dup_lock_path        (CltStore            *self,
                                             const char          *what);
void         clt_store_set_busy_timeout     (CltStore            *self,
                                             guint                milliseconds);
int          clt_store_get_schema_version   (CltStore            *self);

gboolean     clt_store_begin                (CltStore            *self,
                                             GError             **error);
void         clt_store_set_bulk_writes      (CltStore            *self,
                                             gboolean             bulk);
gboolean     clt_store_commit               (CltStore            *self,
                                             GError             **error);
void         clt_store_rollback             (CltStore            *self);

char       **clt_store_check_integrity      (CltStore            *self,
                                             GError             **error);
/* The same on a connection of its own, in a thread: once done, @self is
 * marked damaged if SQLite found it so (the other problems are only
 * returned). */
void         clt_store_check_integrity_async  (CltStore          *self,
                                               GCancellable      *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer           user_data);
char       **clt_store_check_integrity_finish (CltStore          *self,
                                               GAsyncResult      *result,
                                               GError           **error);
/* The same, once per store, its verdict only signalled: #CltStore::verified
 * or #CltStore::damaged. Unasked writes wait for it. */
void         clt_store_check_in_background  (CltStore            *self);
gboolean     clt_store_is_verified          (CltStore            *self);

/* Whether SQLite reported this book damaged, on opening it, on any query
 * or in a check. A damaged book is read-only: every write fails with
 * CLT_STORE_ERROR_DAMAGED. #CltStore::damaged says when it is found. */
gboolean     clt_store_is_damaged           (CltStore            *self);
void         clt_store_mark_damaged         (CltStore            *self);
/* Makes the first write of this connection run SQLite's quick check (a
 * read of every page) and refuse to write into a damaged book. For
 * short-lived programs such as the command line; skipped for a book over
 * 32 MB (about 25,000 customers), where it would cost more than 0.1 s. */
void         clt_store_set_check_before_write (CltStore          *self,
                                               gboolean           check);
gboolean     clt_store_backup               (CltStore            *self,
                                             const char          *destination,
                                             GError             **error);

gint64       clt_store_count_customers      (CltStore            *self);
gboolean     clt_store_is_empty             (CltStore            *self);
gint64       clt_store_add_customer         (CltStore            *self,
                                             CltCustomer         *customer,
                                             GError             **error);
gboolean     clt_store_update_customer      (CltStore            *self,
                                             CltCustomer         *customer,
                                             GError             **error);
gboolean     clt_store_set_email_consent    (CltStore            *self,
                                             gint64               customer_id,
                                             CltConsent           consent,
                                             const char          *changed_by,
                                             GError             **error);
gboolean     clt_store_delete_customer      (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
CltCustomer *clt_store_get_customer         (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);

gint64       clt_store_add_contact          (CltStore            *self,
                                             gint64               customer_id,
                                             CltContactKind       kind,
                                             const char          *label,
                                             const char          *value,
                                             GError             **error);
gboolean     clt_store_update_contact       (CltStore            *self,
                                             CltContactKind       kind,
                                             gint64               contact_id,
                                             const char          *label,
                                             const char          *value,
                                             GError             **error);
gboolean     clt_store_delete_contact       (CltStore            *self,
                                             CltContactKind       kind,
                                             gint64               contact_id,
                                             GError             **error);

gint64       clt_store_add_preference       (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *category,
                                             const char          *text,
                                             CltPreferenceFlags   flags,
                                             GError             **error);
gboolean     clt_store_update_preference    (CltStore            *self,
                                             gint64               preference_id,
                                             const char          *category,
                                             const char          *text,
                                             CltPreferenceFlags   flags,
                                             GError             **error);
gboolean     clt_store_delete_preference    (CltStore            *self,
                                             gint64               preference_id,
                                             GError             **error);

gint64       clt_store_add_note             (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *text,
                                             const char          *author,
                                             gboolean             pinned,
                                             GError             **error);
gboolean     clt_store_update_note          (CltStore            *self,
                                             gint64               note_id,
                                             const char          *text,
                                             gboolean             pinned,
                                             GError             **error);
gboolean     clt_store_delete_note          (CltStore            *self,
                                             gint64               note_id,
                                             GError             **error);

gint64       clt_store_add_interaction      (CltStore            *self,
                                             gint64               customer_id,
                                             CltInteractionKind   kind,
                                             gint64               at_unix,
                                             gboolean             planned,
                                             const char          *note,
                                             const char          *staff,
                                             GError             **error);
gboolean     clt_store_update_interaction   (CltStore            *self,
                                             gint64               interaction_id,
                                             CltInteractionKind   kind,
                                             gint64               at_unix,
                                             gboolean             planned,
                                             const char          *note,
                                             const char          *staff,
                                             GError             **error);
gboolean     clt_store_delete_interaction   (CltStore            *self,
                                             gint64               interaction_id,
                                             GError             **error);
/* Someone expected came: their planned visit or stay is made, and undone. */
gboolean     clt_store_mark_arrived         (CltStore            *self,
                                             gint64               interaction_id,
                                             gint64               at_unix,
                                             gint64              *planned_at,
                                             GError             **error);
gboolean     clt_store_unmark_arrived       (CltStore            *self,
                                             gint64               interaction_id,
                                             gint64               planned_at,
                                             GError             **error);

gboolean     clt_store_add_tag              (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *tag,
                                             GError             **error);
gboolean     clt_store_remove_tag           (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *tag,
                                             GError             **error);

gint64       clt_store_add_promise          (CltStore            *self,
                                             gint64               customer_id,
                                             const char          *text,
                                             const char          *promised_by,
                                             gint64               due_unix,
                                             gboolean             due_all_day,
                                             GError             **error);

/* Lists for the customer's page, in display order (GPtrArray of the
 * structs of clt-details.h, freed with the array). */
GPtrArray   *clt_store_list_contacts        (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
GPtrArray   *clt_store_list_preferences     (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
GPtrArray   *clt_store_list_notes           (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
GPtrArray   *clt_store_list_history         (CltStore            *self,
                                             gint64               customer_id,
                                             guint                limit,
                                             guint               *n_total,
                                             GError             **error);
/* The same lists a page at a time: at most @limit (0 for all) after the
 * first @offset, with how many there are in all. */
GPtrArray   *clt_store_list_preferences_page (CltStore           *self,
                                             gint64               customer_id,
                                             guint                offset,
                                             guint                limit,
                                             guint               *n_total,
                                             GError             **error);
GPtrArray   *clt_store_list_notes_page      (CltStore            *self,
                                             gint64               customer_id,
                                             guint                offset,
                                             guint                limit,
                                             guint               *n_total,
                                             GError             **error);
GPtrArray   *clt_store_list_history_page    (CltStore            *self,
                                             gint64               customer_id,
                                             guint                offset,
                                             guint                limit,
                                             guint               *n_total,
                                             GError             **error);
/* The most characters of a text that clt_store_list_history_glance() gives. */
#define CLT_HISTORY_GLANCE_CHARS 2000
GPtrArray   *clt_store_list_history_glance  (CltStore            *self,
                                             gint64               customer_id,
                                             guint                offset,
                                             guint                limit,
                                             guint               *n_total,
                                             GError             **error);
/* The customer's open promises, overdue first (CltPromise). */
GPtrArray   *clt_store_list_open_promises_page (CltStore         *self,
                                             gint64               customer_id,
                                             guint                offset,
                                             guint                limit,
                                             guint               *n_total,
                                             GError             **error);
char       **clt_store_list_tags            (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
char       **clt_store_list_all_tags        (CltStore            *self,
                                             GError             **error);

CltPreference  *clt_store_get_preference    (CltStore            *self,
                                             gint64               preference_id,
                                             GError             **error);
CltNote        *clt_store_get_note          (CltStore            *self,
                                             gint64               note_id,
                                             GError             **error);
CltInteraction *clt_store_get_interaction   (CltStore            *self,
                                             gint64               interaction_id,
                                             GError             **error);
CltContact     *clt_store_get_contact       (CltStore            *self,
                                             CltContactKind       kind,
                                             gint64               contact_id,
                                             GError             **error);

/* Undo: put back a deleted item with its id and times. */
gboolean     clt_store_restore_contact      (CltStore            *self,
                                             gint64               customer_id,
                                             const CltContact    *contact,
                                             GError             **error);
gboolean     clt_store_restore_preference   (CltStore            *self,
                                             gint64               customer_id,
                                             const CltPreference *preference,
                                             GError             **error);
gboolean     clt_store_restore_note         (CltStore            *self,
                                             gint64               customer_id,
                                             const CltNote       *note,
                                             GError             **error);
gboolean     clt_store_restore_interaction  (CltStore            *self,
                                             gint64               customer_id,
                                             const CltInteraction *interaction,
                                             GError             **error);

/* Deleting a customer is undoable: trashed customers are hidden everywhere
 * until purged (when the undo toast goes, or at the next start). */
gboolean     clt_store_trash_customer       (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
gboolean     clt_store_untrash_customer     (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
gboolean     clt_store_purge_trash          (CltStore            *self,
                                             GError             **error);

/* The business's country, for phone numbers written without theirs: a
 * setting of the book (clt-store-settings.c), else the locale's. */
char        *clt_country_from_locale        (const char          *locale);
char        *clt_store_get_country          (CltStore            *self);
gboolean     clt_store_set_country          (CltStore            *self,
                                             const char          *country,
                                             GError             **error);

/* Customers who may be the same person as the one being added. */
GPtrArray   *clt_store_find_duplicates      (CltStore            *self,
                                             const char          *name,
                                             const char * const  *emails,
                                             const char * const  *phones,
                                             GError             **error);

/* Promises (see clt-schedule.h for the times). clt_store_add_promise()
 * sets the reminder to the morning of the due day. */
CltPromise  *clt_store_get_promise          (CltStore            *self,
                                             gint64               promise_id,
                                             GError             **error);
GPtrArray   *clt_store_list_promises        (CltStore            *self,
                                             CltPromiseFilter     filter,
                                             gint64               now_unix,
                                             GError             **error);
gboolean     clt_store_set_promise_status   (CltStore            *self,
                                             gint64               promise_id,
                                             CltPromiseStatus     status,
                                             GError             **error);
gboolean     clt_store_reopen_promise       (CltStore            *self,
                                             gint64               promise_id,
                                             GError             **error);
gboolean     clt_store_postpone_promise     (CltStore            *self,
                                             gint64               promise_id,
                                             gint64               due_unix,
                                             gboolean             due_all_day,
                                             const char          *reason,
                                             GError             **error);
gboolean     clt_store_set_promise_remind   (CltStore            *self,
                                             gint64               promise_id,
                                             gint64               remind_unix,
                                             GError             **error);
GPtrArray   *clt_store_due_reminders        (CltStore            *self,
                                             gint64               now_unix,
                                             GError             **error);
gboolean     clt_store_mark_reminded        (CltStore            *self,
                                             gint64               promise_id,
                                             gint64               now_unix,
                                             GError             **error);
gint64       clt_store_next_reminder        (CltStore            *self,
                                             gint64               now_unix);
GPtrArray   *clt_store_take_due_reminders   (CltStore            *self,
                                             gint64               now_unix,
                                             GError             **error);

CltToday    *clt_store_get_today            (CltStore            *self,
                                             gint64               now_unix,
                                             GError             **error);
CltToday    *clt_store_get_today_first      (CltStore            *self,
                                             gint64               now_unix,
                                             guint                limit,
                                             GError             **error);
gboolean     clt_store_get_today_page       (CltStore            *self,
                                             CltToday            *today,
                                             CltTodaySection      section,
                                             guint                offset,
                                             guint                limit,
                                             GError             **error);

CltRemember *clt_store_get_remember         (CltStore            *self,
                                             gint64               customer_id,
                                             gint64               now_unix,
                                             GError             **error);
CltRemember *clt_store_get_remember_bounded (CltStore          *self,
                                             gint64               customer_id,
                                             gint64               now_unix,
                                             guint                limit,
                                             GError             **error);

/* E-mail (clt-store-mail.c). The account has no password: see clt-secret.h.
 * get returns NULL without an error when no account is set up. */
CltMailAccount *clt_store_get_mail_account  (CltStore            *self,
                                             GError             **error);
gboolean     clt_store_set_mail_account     (CltStore            *self,
                                             const CltMailAccount *account,
                                             GError             **error);
/* The business's name alone, for {business}, as the compose dialog asks
 * for it before any account is set up; blank removes it. A business name
 * alone does not make clt_store_get_mail_account() return an account. */
char        *clt_store_get_business_name    (CltStore            *self);
gboolean     clt_store_set_business_name    (CltStore            *self,
                                             const char          *name,
                                             GError             **error);

/* Built-in templates first, then the user's; each group by language and
 * title. */
GPtrArray   *clt_store_list_templates       (CltStore            *self,
                                             GError             **error);
gint64       clt_store_add_template         (CltStore            *self,
                                             const CltTemplate   *tmpl,
                                             GError             **error);
gboolean     clt_store_update_template      (CltStore            *self,
                                             const CltTemplate   *tmpl,
                                             GError             **error);
gboolean     clt_store_delete_template      (CltStore            *self,
                                             gint64               template_id,
                                             GError             **error);

/* The language a customer's messages are written in: theirs, else the
 * language of the current locale when it is French, else English. */
char        *clt_store_get_mail_language    (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
/* Whether @customer_id may be written to (CLT_MAIL_ERROR_NO_CONSENT,
 * CLT_MAIL_ERROR_NO_ADDRESS otherwise); sets @address to their first
 * e-mail address. */
gboolean     clt_store_can_mail             (CltStore            *self,
                                             gint64               customer_id,
                                             gboolean             marketing,
                                             char               **address,
                                             GError             **error);
/* The values of every placeholder of clt_template_placeholders() for this
 * customer (and promise, when not 0) and account. */
GHashTable  *clt_store_get_template_values  (CltStore            *self,
                                             gint64               customer_id,
                                             gint64               promise_id,
                                             const CltMailAccount *account,
                                             GError             **error);

typedef enum
{
  CLT_OUTBOX_WAITING,     /* queued (due or retrying), sending; oldest first */
  CLT_OUTBOX_SCHEDULED,   /* queued for a later time; soonest first */
  CLT_OUTBOX_DRAFTS,      /* newest first */
  CLT_OUTBOX_FAILED,      /* newest first */
  CLT_OUTBOX_SENT,        /* the last 30 days, newest first, at most 100 */
  CLT_OUTBOX_ALL,         /* every message, by id */
  CLT_OUTBOX_UNCERTAIN,   /* may have been sent, waiting for a person; oldest first */
} CltOutboxFilter;

/* Queues @mail (state CLT_MAIL_QUEUED) or saves it (CLT_MAIL_DRAFT) for
 * mail->customer_id to mail->to_address (NULL: their first address). Checks
 * consent and the address, fills the placeholders-free final bytes with a
 * new Message-ID and the Date of now, using @account for From. When
 * mail->id is not 0 it replaces that draft or failed message. Sets mail->id
 * and mail->message_id. Wrap it in clt_store_begin()/commit() to queue in
 * the same transaction as what caused it. */
gboolean     clt_store_queue_mail           (CltStore            *self,
                                             const CltMailAccount *account,
                                             CltMail             *mail,
                                             GError             **error);
CltMail     *clt_store_get_mail             (CltStore            *self,
                                             gint64               mail_id,
                                             GError             **error);
GBytes      *clt_store_get_mail_bytes       (CltStore            *self,
                                             gint64               mail_id,
                                             GError             **error);
GPtrArray   *clt_store_list_mail            (CltStore            *self,
                                             CltOutboxFilter      filter,
                                             gint64               now_unix,
                                             GError             **error);
/* How many messages failed and how many may have been sent, as the
 * lists of CLT_OUTBOX_FAILED and CLT_OUTBOX_UNCERTAIN count them, in one
 * query: for a badge, without listing them. */
gboolean     clt_store_count_mail_needing_attention (CltStore    *self,
                                                     guint       *n_failed,
                                                     guint       *n_uncertain,
                                                     GError     **error);
/* Drafts, queued and failed messages; not one being sent. */
gboolean     clt_store_delete_mail          (CltStore            *self,
                                             gint64               mail_id,
                                             GError             **error);
/* Due now: a failed or retrying message goes back to the front of the
 * queue. Not for an uncertain one: see clt_store_send_mail_again(). */
gboolean     clt_store_retry_mail           (CltStore            *self,
                                             gint64               mail_id,
                                             GError             **error);
/* Every queued message due now, back-off forgotten (never an uncertain
 * one: a person decides about those). */
guint        clt_store_retry_all_mail       (CltStore            *self,
                                             gint64               now_unix,
                                             GError             **error);
/* The oldest queued message due at @now_unix, now "sending" with one more
 * attempt and no DATA step yet; NULL (no error) when nothing is due. */
CltMail     *clt_store_claim_mail           (CltStore            *self,
                                             gint64               now_unix,
                                             GError             **error);
/* Records the outcome of a send: @send_error NULL means sent (and an
 * "email-out" contact in the customer's history, same transaction);
 * otherwise its CLT_MAIL_ERROR code picks retry, failed, uncertain or
 * queued-and-paused (see clt-transport.h). */
gboolean     clt_store_finish_mail          (CltStore            *self,
                                             gint64               mail_id,
                                             gint64               now_unix,
                                             const char          *reply,
                                             const GError        *send_error,
                                             GError             **error);
/* Messages left "sending" by a process that died: queued again when their
 * send never reached DATA, "uncertain" when it did; returns how many. Only
 * call when no other process is sending (see CltOutbox). */
guint        clt_store_recover_mail         (CltStore            *self,
                                             GError             **error);
/* The file whose lock (flock) says a process is sending this book's
 * outbox: beside the book's real file, whatever path, symbolic link or
 * relative, it was opened by. */
char        *clt_store_dup_outbox_lock_path (CltStore            *self);
/* The earliest time a queued message is due, 0 when none. */
gint64       clt_store_next_mail_at         (CltStore            *self);
/* Records, durably, that the send of @mail_id reached DATA: from now on
 * the server may take it. Before the first byte of the message is handed
 * over. CLT_MAIL_ERROR_NOT_SENDING when the message is no longer
 * "sending", CLT_STORE_ERROR_NOT_FOUND when it is gone. */
gboolean     clt_store_mark_mail_data       (CltStore            *self,
                                             gint64               mail_id,
                                             gint64               now_unix,
                                             GError             **error);
/* A person's decisions about a message that may have been sent
 * ("uncertain"): queue it again with the same Message-ID, or take it as
 * sent (and in the customer's history). CLT_MAIL_ERROR_INVALID for a
 * message in another state. */
gboolean     clt_store_send_mail_again      (CltStore            *self,
                                             gint64               mail_id,
                                             GError             **error);
gboolean     clt_store_mark_mail_sent       (CltStore            *self,
                                             gint64               mail_id,
                                             gint64               now_unix,
                                             GError             **error);
/* Why sending is paused (translated), NULL when it is not. */
char        *clt_store_get_outbox_paused    (CltStore            *self);
gboolean     clt_store_set_outbox_paused    (CltStore            *self,
                                             const char          *reason,
                                             GError             **error);
/* Whether the pause is for the password (refused or missing), which the
 * user fixes by giving it again, rather than anything else about the
 * account, fixed in Preferences. */
gboolean     clt_store_get_outbox_paused_for_password (CltStore  *self);

/* The book's own settings (clt-store-settings.c): a value per key, NULL
 * when not set; setting NULL removes it. */
char        *clt_store_get_setting          (CltStore            *self,
                                             const char          *key,
                                             GError             **error);
gboolean     clt_store_set_setting          (CltStore            *self,
                                             const char          *key,
                                             const char          *value,
                                             GError             **error);

/* The search index written again with folded text after schema 13
 * (clt-store-refold.c): a batch of customers per short transaction,
 * resumed where it stopped. */
#define CLT_STORE_REFOLD_BATCH 500

typedef void (*CltRefoldProgress) (double   fraction,
                                   gpointer user_data);

gboolean     clt_store_get_refold_due       (CltStore            *self);
double       clt_store_get_refold_fraction  (CltStore            *self);
gboolean     clt_store_refold_batch         (CltStore            *self,
                                             guint                size,
                                             double              *fraction,
                                             GError             **error);
gboolean     clt_store_refold_all           (CltStore            *self,
                                             GError             **error);
void         clt_store_refold_async         (CltStore            *self,
                                             GCancellable        *cancellable,
                                             CltRefoldProgress    progress,
                                             gpointer             progress_data,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean     clt_store_refold_finish        (CltStore            *self,
                                             GAsyncResult        *result,
                                             GError             **error);

/* The customer's right to erasure (clt-store-erase.c). Erasing removes the
 * customer's data and logs their random uid, so that restoring an older
 * copy erases them again; purging removes what is left in the file (the
 * search index's old segments, free space, the WAL): a few seconds at
 * 100,000 customers. keep_counts leaves an anonymous, hidden row with the
 * kinds and dates of past contacts. No undo. See also clt-backup.h, which
 * erases the automatic copies too. */
gboolean     clt_store_erase_customer       (CltStore            *self,
                                             gint64               customer_id,
                                             gboolean             keep_counts,
                                             GError             **error);
gboolean     clt_store_erase_customer_data  (CltStore            *self,
                                             gint64               customer_id,
                                             gboolean             keep_counts,
                                             GError             **error);
gboolean     clt_store_purge_erased         (CltStore            *self,
                                             GError             **error);
gboolean     clt_store_merge_erasures       (CltStore            *self,
                                             CltStore            *from,
                                             GError             **error);
gint64       clt_store_erase_logged         (CltStore            *self,
                                             GError             **error);
/* Customers with no contact for @years years: how many, and the names of
 * the first 20 (-1 on error; over 100 ms at 100,000 customers: the async
 * variant reads on a connection of its own); anonymising them keeps their
 * counts. */
gint64       clt_store_preview_inactive     (CltStore            *self,
                                             guint                years,
                                             gint64               now_unix,
                                             char              ***names,
                                             GError             **error);
void         clt_store_preview_inactive_async  (CltStore         *self,
                                                guint             years,
                                                gint64            now_unix,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
gint64       clt_store_preview_inactive_finish (CltStore         *self,
                                                GAsyncResult     *result,
                                                char           ***names,
                                                GError          **error);
gint64       clt_store_anonymise_inactive   (CltStore            *self,
                                             guint                years,
                                             gint64               now_unix,
                                             GError             **error);
/* The setting "anonymise customers with no contact for N years", 0 (the
 * default) when off, and its application (by the daily backup pass). */
guint        clt_store_get_anonymise_after_years (CltStore       *self);
gboolean     clt_store_set_anonymise_after_years (CltStore       *self,
                                                  guint           years,
                                                  GError        **error);
gint64       clt_store_apply_anonymise_setting   (CltStore       *self,
                                                  gint64          now_unix,
                                                  GError        **error);

/* Export and access requests (clt-store-export.c). */

/* One postponement of a promise. */
typedef struct
{
  gint64  id;
  gint64  promise_id;
  gint64  old_due_at;
  gint64  new_due_at;
  char   *reason;    /* may be NULL */
  gint64  at;        /* when it was postponed */
} CltPostponement;

void         clt_postponement_free          (CltPostponement     *postponement);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltPostponement, clt_postponement_free)

/* A read transaction: what is read until clt_store_end_read() is the book
 * as it was at one moment, while other connections go on writing (WAL).
 * Not inside clt_store_begin()/commit(), and nothing may be written
 * before it ends. */
gboolean     clt_store_begin_read           (CltStore            *self,
                                             GError             **error);
void         clt_store_end_read             (CltStore            *self);
/* The customers an export holds: every one neither trashed nor
 * anonymised (archived ones included). */
gint64       clt_store_count_customers_to_export (CltStore       *self,
                                             GError             **error);
/* Their ids in increasing order, at most @limit after @after_id: a book
 * is read a page at a time. Returns a GArray of gint64. */
GArray      *clt_store_list_customer_ids    (CltStore            *self,
                                             gint64               after_id,
                                             guint                limit,
                                             GError             **error);
/* When a customer an export holds was added and last changed. */
gboolean     clt_store_get_customer_times   (CltStore            *self,
                                             gint64               customer_id,
                                             gint64              *created_at,
                                             gint64              *updated_at,
                                             GError             **error);
/* Every contact logged, past and planned, oldest first (CltInteraction). */
GPtrArray   *clt_store_list_interactions    (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);
/* Every promise made to the customer, oldest first (CltPromise). */
GPtrArray   *clt_store_list_customer_promises (CltStore          *self,
                                             gint64               customer_id,
                                             GError             **error);
/* A promise's postponements, oldest first (CltPostponement). */
GPtrArray   *clt_store_list_postponements   (CltStore            *self,
                                             gint64               promise_id,
                                             GError             **error);
/* Every message of the outbox to the customer, drafts included, by id
 * (CltMail). */
GPtrArray   *clt_store_list_customer_mail   (CltStore            *self,
                                             gint64               customer_id,
                                             GError             **error);

G_END_DECLS

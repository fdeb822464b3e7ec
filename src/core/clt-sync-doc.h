/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What is shared between desks: a customer (a vCard in the address book),
 * a promise (a VTODO in the task list) or a logged contact (a VJOURNAL). */
typedef enum
{
  CLT_SYNC_CUSTOMER,
  CLT_SYNC_PROMISE,
  CLT_SYNC_CONTACT,
} CltSyncKind;

/* Whether the object itself is there. An erasure or an anonymisation (the
 * customer's rights) always wins; a deletion wins over edits older than it. */
typedef enum
{
  CLT_SYNC_LIVE,
  CLT_SYNC_DELETED,
  CLT_SYNC_ERASED,
} CltSyncState;

/* One shared object as a set of fields, each stamped with when it last
 * changed (µs since the epoch, UTC) and on which desk (the book's desk
 * id; ties on the time are broken by it). It is what the merge compares,
 * what the book keeps as the version both sides last agreed on, and what
 * the vCard and iCalendar mappings read and write.
 *
 * A field's value is a GVariant of the type given below; a field whose
 * value is %NULL is a tombstone: removed at that time, on that desk. A
 * field never set is simply absent.
 *
 * Keys of a customer:
 *   "given", "family", "display", "addressed-as", "honorific", "company",
 *   "job-title", "language" (s);
 *   "birthday" (s: "YYYY-MM-DD", or "--MM-DD" without a year);
 *   "vip" (b); "consent" (s: "none", "follow-ups" or "marketing");
 *   "email/ID", "phone/ID", "address/ID" (ss: label or "", value);
 *   "preference/ID" (ssbb: category or "", text, alert, sensitive);
 *   "note/ID" (ssbx: text, author or "", pinned, created, unix UTC);
 *   "tag/NAME" (b: TRUE), NAME lowered;
 * where ID is the element's own stable id (random, from the book; a card
 * written by another program gets ids derived from its values, so that
 * reading it twice gives the same ids).
 *
 * Keys of a promise:
 *   "customer" (s: the customer's UID), "text", "promised-by" (s),
 *   "created", "due" (x: unix UTC), "all-day" (b), "remind" (x, absent:
 *   none), "status" (s: "open", "kept", "broken", "cancelled"),
 *   "closed" (x).
 *
 * Keys of a logged contact:
 *   "customer" (s), "kind" (s: "visit", "stay", "call", "email-in",
 *   "email-out", "purchase", "complaint", "other"), "at" (x),
 *   "planned" (b), "note", "staff" (s), "created" (x).
 */
typedef struct _CltSyncDoc CltSyncDoc;

#define CLT_TYPE_SYNC_DOC (clt_sync_doc_get_type ())

GType         clt_sync_doc_get_type      (void) G_GNUC_CONST;

CltSyncDoc   *clt_sync_doc_new           (CltSyncKind        kind,
                                          const char        *uid);
CltSyncDoc   *clt_sync_doc_copy          (const CltSyncDoc  *self);
CltSyncDoc   *clt_sync_doc_ref           (CltSyncDoc        *self);
void          clt_sync_doc_unref         (CltSyncDoc        *self);

CltSyncKind   clt_sync_doc_get_kind      (const CltSyncDoc  *self);
const char   *clt_sync_doc_get_uid       (const CltSyncDoc  *self);

CltSyncState  clt_sync_doc_get_state     (const CltSyncDoc  *self,
                                          gint64            *changed,
                                          const char       **desk);
void          clt_sync_doc_set_state     (CltSyncDoc        *self,
                                          CltSyncState       state,
                                          gint64             changed,
                                          const char        *desk);

/* Sets or replaces a field; @value (floating references are sunk) %NULL
 * makes a tombstone. */
void          clt_sync_doc_set           (CltSyncDoc        *self,
                                          const char        *key,
                                          GVariant          *value,
                                          gint64             changed,
                                          const char        *desk);
/* Forgets a field altogether (no tombstone). */
void          clt_sync_doc_unset         (CltSyncDoc        *self,
                                          const char        *key);
/* Returns whether the field is there, tombstone included; @value (transfer
 * none) is then %NULL for a tombstone. Any out argument may be %NULL. */
gboolean      clt_sync_doc_lookup        (const CltSyncDoc  *self,
                                          const char        *key,
                                          GVariant         **value,
                                          gint64            *changed,
                                          const char       **desk);
/* The value of a live field of type "s", or %NULL. */
const char   *clt_sync_doc_get_string    (const CltSyncDoc  *self,
                                          const char        *key);
/* Every key, tombstones included, sorted (transfer container: the
 * strings belong to @self). */
GPtrArray    *clt_sync_doc_get_keys      (const CltSyncDoc  *self);
/* The keys that start with @prefix ("email/"), sorted, as above. */
GPtrArray    *clt_sync_doc_get_keys_with_prefix (const CltSyncDoc *self,
                                                 const char       *prefix);
guint         clt_sync_doc_get_n_fields  (const CltSyncDoc  *self);

/* The same kind, uid, state and fields with the same values; with
 * @stamps, the same times and desks too. */
gboolean      clt_sync_doc_equal         (const CltSyncDoc  *a,
                                          const CltSyncDoc  *b,
                                          gboolean           stamps);

/* A stable serialised form, for the book to keep the version both sides
 * last agreed on: the same document gives the same bytes. */
GBytes       *clt_sync_doc_to_bytes      (const CltSyncDoc  *self);
CltSyncDoc   *clt_sync_doc_from_bytes    (GBytes            *bytes,
                                          GError           **error);

/* A readable dump, one field a line, for tests and `sync status -v`. */
char         *clt_sync_doc_to_string     (const CltSyncDoc  *self);

/* How the vCard and iCalendar mappings carry a field's stamp, as the text
 * of an X-CLIENTELE-STAMP property (a tombstone: X-CLIENTELE-REMOVED):
 * "KEY CHANGED DESK", the key percent-encoded ("tag/bon%20client"), the
 * time in µs, the desk id possibly empty. */
char         *clt_sync_stamp_format      (const char        *key,
                                          gint64             changed,
                                          const char        *desk);
gboolean      clt_sync_stamp_parse       (const char        *text,
                                          char             **key,
                                          gint64            *changed,
                                          char             **desk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltSyncDoc, clt_sync_doc_unref)

G_END_DECLS

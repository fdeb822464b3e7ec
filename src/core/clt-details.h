/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-promise.h"
#include "clt-types.h"

G_BEGIN_DECLS

typedef enum
{
  CLT_PREFERENCE_NONE      = 0,
  CLT_PREFERENCE_ALERT     = 1 << 0,
  CLT_PREFERENCE_SENSITIVE = 1 << 1,
} CltPreferenceFlags;

typedef enum
{
  CLT_CONTACT_EMAIL,
  CLT_CONTACT_PHONE,
  CLT_CONTACT_ADDRESS,
} CltContactKind;

/* The parts of a customer's page, as plain data: what the store lists,
 * and what it takes back to undo a deletion (same id, same times). */

typedef struct
{
  gint64          id;
  CltContactKind  kind;
  char           *label;   /* "home", "work"…, may be NULL */
  char           *value;   /* address, number or postal address */
} CltContact;

typedef struct
{
  gint64              id;
  char               *category;  /* may be NULL */
  char               *text;
  CltPreferenceFlags  flags;
  int                 position;
  gint64              created_at;
} CltPreference;

typedef struct
{
  gint64    id;
  char     *text;
  char     *author;   /* may be NULL */
  gboolean  pinned;
  gint64    created_at;
} CltNote;

typedef struct
{
  gint64              id;
  CltInteractionKind  kind;
  gint64              at;        /* unix UTC */
  gboolean            planned;   /* an expected arrival or appointment */
  char               *note;      /* may be NULL */
  char               *staff;     /* may be NULL */
  gint64              created_at;
} CltInteraction;

typedef enum
{
  CLT_HISTORY_INTERACTION,
  CLT_HISTORY_NOTE,
  CLT_HISTORY_PROMISE,  /* a kept, broken or cancelled promise, when it was closed */
} CltHistoryKind;

/* One line of a customer's history: a contact, a note or a closed
 * promise, newest first. */
typedef struct
{
  CltHistoryKind      kind;
  gint64              id;
  gint64              when;
  CltInteractionKind  interaction_kind;  /* interactions */
  gboolean            planned;           /* interactions */
  gboolean            pinned;            /* notes */
  CltPromiseStatus    promise_status;    /* promises */
  char               *text;              /* may be NULL for a contact without a note */
  char               *who;               /* staff or author, may be NULL */
} CltHistoryEntry;

typedef enum
{
  CLT_DUPLICATE_NAME  = 1 << 0,
  CLT_DUPLICATE_EMAIL = 1 << 1,
  CLT_DUPLICATE_PHONE = 1 << 2,
} CltDuplicateReason;

typedef struct
{
  gint64              customer_id;
  char               *name;
  CltDuplicateReason  reasons;
} CltDuplicate;

void clt_contact_free       (CltContact      *contact);
void clt_preference_free    (CltPreference   *preference);
void clt_note_free          (CltNote         *note);
void clt_interaction_free   (CltInteraction  *interaction);
void clt_history_entry_free (CltHistoryEntry *entry);
void clt_duplicate_free     (CltDuplicate    *duplicate);

CltContact     *clt_contact_copy     (const CltContact     *contact);
CltPreference  *clt_preference_copy  (const CltPreference  *preference);
CltNote        *clt_note_copy        (const CltNote        *note);
CltInteraction *clt_interaction_copy (const CltInteraction *interaction);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltContact, clt_contact_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltPreference, clt_preference_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltNote, clt_note_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltInteraction, clt_interaction_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltHistoryEntry, clt_history_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltDuplicate, clt_duplicate_free)

G_END_DECLS

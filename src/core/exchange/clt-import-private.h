/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-import.h"
#include "clt-search-row.h"

G_BEGIN_DECLS

/* The parts of the import engine: what a record is matched on and the
 * index it is looked up in (clt-import-index.c), what a merge adds to a
 * customer (clt-import-merge.c). */

/* Who a key belongs to: a customer of the book (> 0), a record of the file
 * that the plan will add (< 0, see clt_import_index_add_pending()), or a
 * deleted customer, who matches nobody (0, UIDs only). */
typedef gintptr CltImportTarget;

typedef struct
{
  const char *number;      /* the record's */
  char       *quick;       /* NULL: too few digits to compare */
  char       *e164;        /* computed when first compared */
} CltImportPhoneKey;

/* What a record is matched on. */
typedef struct
{
  const char *uid;
  GPtrArray  *emails;      /* case-folded addresses */
  GArray     *phones;      /* CltImportPhoneKey */
  char       *name;        /* folded sort name, NULL when blank */
  char       *display;     /* folded display name, NULL when blank or the same */
} CltImportKeys;

void     clt_import_keys_init   (CltImportKeys *keys,
                                 CltRecord     *record);
void     clt_import_keys_clear  (CltImportKeys *keys);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CltImportKeys, clt_import_keys_clear)

typedef struct
{
  CltImportTarget     target;
  CltDuplicateReason  reasons;
  gboolean            same_uid;
} CltImportMatch;

/* Phone numbers in E.164 ("+33612345678"), @country's when they do not
 * say theirs; the digits of what EPhoneNumber cannot read. */
char     *clt_import_phone_e164   (const char *country,
                                   const char *number);
gboolean  clt_import_same_phone   (const char *country,
                                   const char *a,
                                   const char *b);
/* Whether evolution-data-server reads phone numbers (libphonenumber); without
 * it (the Flatpak), numbers are compared by their digits alone. */
gboolean  clt_import_phones_by_digits (void);
/* Two clt_import_phone_e164() keys: equal in E.164; by digits, the same
 * once a trunk 0 or an international 00 is dropped, or one of them the
 * other with a country code (1 to 3 digits) before it. */
gboolean  clt_import_same_e164    (const char *a,
                                   const char *b);
/* Case-folded and stripped: an e-mail address or a tag as compared. */
char     *clt_import_caseless_key (const char *text);

/* The book's keys, and those of the records of the file met so far: looked
 * up in memory, never by a query per record. Built again for each pass. */
typedef struct _CltImportIndex CltImportIndex;

CltImportIndex  *clt_import_index_new          (const char      *country);
void             clt_import_index_free         (CltImportIndex  *index);
gboolean         clt_import_index_load         (CltImportIndex  *index,
                                                CltStore        *store,
                                                GError         **error);
void             clt_import_index_find         (CltImportIndex  *index,
                                                CltImportKeys   *keys,
                                                CltImportMatch  *match);
void             clt_import_index_add          (CltImportIndex  *index,
                                                CltImportKeys   *keys,
                                                CltImportTarget  target);
CltImportTarget  clt_import_index_add_pending  (CltImportIndex  *index,
                                                CltRecord       *record);
void             clt_import_index_get_pending  (CltImportIndex  *index,
                                                CltImportTarget  target,
                                                guint           *line,
                                                const char     **name);
gboolean         clt_import_index_has_uid      (CltImportIndex  *index,
                                                const char      *uid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltImportIndex, clt_import_index_free)

/* A customer of the book as a merge sees it. */
typedef struct
{
  CltCustomer *customer;
  GPtrArray   *contacts;
  GPtrArray   *preferences;
  GPtrArray   *notes;
  GStrv        tags;
} CltImportExisting;

gboolean clt_import_existing_load  (CltImportExisting  *existing,
                                    CltStore           *store,
                                    gint64              customer_id,
                                    GError            **error);
void     clt_import_existing_clear (CltImportExisting  *existing);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CltImportExisting, clt_import_existing_clear)

/* What a record brings that its customer does not have yet; the lists
 * borrow the record's items. */
typedef struct
{
  gboolean   fields;       /* CltImportExisting.customer was filled in */
  GPtrArray *contacts;
  GPtrArray *preferences;
  GPtrArray *notes;
  GPtrArray *tags;
} CltImportChanges;

void     clt_import_changes_compute  (CltImportChanges   *changes,
                                      CltImportExisting  *existing,
                                      CltRecord          *record,
                                      const char         *country);
gboolean clt_import_changes_is_empty (CltImportChanges   *changes);
void     clt_import_changes_clear    (CltImportChanges   *changes);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CltImportChanges, clt_import_changes_clear)

/* A record as the reading thread prepares it (clt-import-prepare.c). */
typedef struct
{
  GPtrArray        *problems;  /* CltRecordProblem: what was left out of it */
  gboolean          keep;      /* FALSE: nothing is left to import */
  CltImportKeys     keys;
  CltImportChanges  changes;   /* what it adds to an empty book */
  CltSearchRow     *row;       /* its search row as a new customer, or NULL */
} CltImportPrepared;

CltImportPrepared *clt_import_prepare       (CltRecord          *record,
                                             const char         *country,
                                             gboolean            with_row);
void               clt_import_prepared_free (CltImportPrepared  *prepared);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltImportPrepared, clt_import_prepared_free)

G_END_DECLS

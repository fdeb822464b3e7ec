/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-record.h"
#include "clt-store.h"
#include "clt-csv-reader.h"

G_BEGIN_DECLS

#define CLT_IMPORT_ERROR (clt_import_error_quark ())

typedef enum
{
  CLT_IMPORT_ERROR_UNREADABLE,     /* not a vCard or CSV file, or nothing in it could be read */
  CLT_IMPORT_ERROR_NEEDS_MAPPING,  /* a CSV file whose columns were not recognised: ask the user */
  CLT_IMPORT_ERROR_FAILED,
} CltImportError;

/* What to do with one record of the file. */
typedef enum
{
  CLT_IMPORT_ADD,     /* a new customer */
  CLT_IMPORT_MERGE,   /* into the customer it matched: empty fields filled, nothing overwritten */
  CLT_IMPORT_SKIP,    /* already in the book, or left out */
} CltImportAction;

/* A record that may be a customer already in the book, or a record met
 * earlier in the same file. */
typedef struct
{
  guint               index;        /* the record's rank among the file's records, from 0 */
  guint               line;         /* where it starts in the file */
  CltRecord          *record;       /* NULL in clt_import_get_kept_apart() */
  gint64              customer_id;  /* the match; 0 when it is a record of the file not yet added */
  guint               match_line;   /* then, the line of that record */
  char               *customer_name;
  gboolean            same_uid;     /* the same card (vCard UID) as the customer's */
  CltDuplicateReason  reasons;      /* same e-mail, same normalised phone, same folded name */
  CltImportAction     action;       /* the default: merge for a UID, an e-mail or a phone, add for a name alone */
} CltImportDuplicate;

void clt_import_duplicate_free (CltImportDuplicate *duplicate);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltImportDuplicate, clt_import_duplicate_free)

typedef struct
{
  guint added;
  guint merged;
  guint skipped;   /* same as already in the book, left out, or unreadable */
} CltImportResult;

/* Progress of a pass over the file, from 0 to 1; called in the thread that
 * runs the pass. */
typedef void (*CltImportProgress) (double   fraction,
                                   gpointer user_data);

#define CLT_TYPE_IMPORT (clt_import_get_type ())

G_DECLARE_FINAL_TYPE (CltImport, clt_import, CLT, IMPORT, GObject)

GQuark      clt_import_error_quark   (void);

/* Whether libphonenumber knows @country ("FR", "ch"…); a translated
 * error otherwise. */
gboolean    clt_import_check_country (const char         *country,
                                      GError            **error);

/* @country: the business's country for phone numbers ("FR", "CH", "BE",
 * "CA"…), NULL for the book's setting (see clt_store_get_country()). */
CltImport  *clt_import_new           (CltStore           *store,
                                      const char         *country);
const char *clt_import_get_country   (CltImport          *self);

/* A vCard or CSV reader for @file, chosen by its content; a CSV file that
 * is neither a Google nor an Outlook export needs @csv_preview (see
 * clt_csv_sniff()), else one is made from its header. The reader knows the
 * file's size, for the progress of clt_import_plan() and clt_import_run().
 * CLT_IMPORT_ERROR_UNREADABLE for a file that is neither,
 * CLT_IMPORT_ERROR_NEEDS_MAPPING for a CSV file without a name, e-mail or
 * phone column recognised. */
CltRecordReader *clt_import_open     (GFile              *file,
                                      const CltCsvPreview *csv_preview,
                                      GError            **error);

/* First pass: reads every record and sorts them into new, already there,
 * possible duplicates (kept, with their default action) and problems.
 * Nothing is written, and the new records are not kept. */
gboolean    clt_import_plan          (CltImport          *self,
                                      CltRecordReader    *reader,
                                      CltImportProgress   progress,
                                      gpointer            user_data,
                                      GCancellable       *cancellable,
                                      GError            **error);
guint       clt_import_get_n_new     (CltImport          *self);
guint       clt_import_get_n_same    (CltImport          *self);
GPtrArray  *clt_import_get_duplicates (CltImport         *self);   /* CltImportDuplicate, owned */
/* The cards or rows of the last pass that were left out or only partly
 * read, and why. */
GPtrArray  *clt_import_get_problems  (CltImport          *self);   /* CltRecordProblem, owned */
void        clt_import_set_action    (CltImport          *self,
                                      guint               index,
                                      CltImportAction     action);
/* Every duplicate of the plan at once. */
void        clt_import_set_all_actions (CltImport        *self,
                                        CltImportAction   action);

/* Second pass over a new reader of the same file: writes everything in
 * one transaction, with the actions of the plan (without a plan: merge on
 * the same UID, e-mail or phone, add apart when only the name matches,
 * skip what is already there). Cancelled or failed, nothing is written. */
gboolean    clt_import_run           (CltImport          *self,
                                      CltRecordReader    *reader,
                                      CltImportProgress   progress,
                                      gpointer            user_data,
                                      GCancellable       *cancellable,
                                      CltImportResult    *result,
                                      GError            **error);
/* The records of the last run added as new customers although they had a
 * customer's name (or what the plan's actions said to keep apart). */
GPtrArray  *clt_import_get_kept_apart (CltImport         *self);   /* CltImportDuplicate, owned */

G_END_DECLS

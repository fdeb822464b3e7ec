/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "clt-customer.h"
#include "clt-details.h"

G_BEGIN_DECLS

/* One customer as read from, or written to, a file of another program
 * (a vCard, a CSV row): what the import engine matches against the book
 * and what the exporters write. Ids in the lists are 0. */
typedef struct
{
  guint         line;          /* where the card or row starts, 1-based */
  CltCustomer  *customer;      /* names, company, job title, birthday (YYYY-MM-DD or --MM-DD),
                                  language, VIP, consent, uid */
  gboolean      has_consent;   /* the file said which e-mails the customer accepts */
  GPtrArray    *contacts;      /* CltContact: e-mails, phones, postal addresses */
  GPtrArray    *preferences;   /* CltPreference */
  GPtrArray    *notes;         /* CltNote */
  GPtrArray    *tags;          /* char * */
} CltRecord;

/* A card or row that could not be read, and why, in words. */
typedef struct
{
  guint  line;
  char  *reason;               /* translated */
} CltRecordProblem;

CltRecord        *clt_record_new           (guint              line);
void              clt_record_free          (CltRecord         *record);
void              clt_record_add_contact   (CltRecord         *record,
                                            CltContactKind     kind,
                                            const char        *label,
                                            const char        *value);
CltRecordProblem *clt_record_problem_new   (guint              line,
                                            const char        *reason);
void              clt_record_problem_free  (CltRecordProblem  *problem);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltRecord, clt_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltRecordProblem, clt_record_problem_free)

/* What a vCard or CSV reader is to the import: records one at a time, so
 * that a file of any size is read in constant memory. */
#define CLT_TYPE_RECORD_READER (clt_record_reader_get_type ())

G_DECLARE_INTERFACE (CltRecordReader, clt_record_reader, CLT, RECORD_READER, GObject)

struct _CltRecordReaderInterface
{
  GTypeInterface parent_iface;

  gboolean (*next)         (CltRecordReader   *self,
                            CltRecord        **record,
                            CltRecordProblem **problem,
                            GCancellable      *cancellable,
                            GError           **error);
  goffset  (*get_position) (CltRecordReader   *self);
};

/* Sets exactly one of @record and @problem and returns TRUE; returns FALSE
 * at the end of the file (@error unset) or when the file cannot be read
 * any further (@error set). */
gboolean clt_record_reader_next         (CltRecordReader   *self,
                                         CltRecord        **record,
                                         CltRecordProblem **problem,
                                         GCancellable      *cancellable,
                                         GError           **error);
/* How many bytes of the file were consumed, for a progress bar. */
goffset  clt_record_reader_get_position (CltRecordReader   *self);

G_END_DECLS

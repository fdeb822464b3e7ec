/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-record.h"
#include "clt-store.h"

G_BEGIN_DECLS

#define CLT_EXPORT_ERROR (clt_export_error_quark ())

typedef enum
{
  CLT_EXPORT_ERROR_FAILED,
  CLT_EXPORT_ERROR_FORMAT,   /* the file's extension names no format Clientele writes */
  CLT_EXPORT_ERROR_WRITE,    /* the folder or the disk refused the file */
} CltExportError;

typedef enum
{
  CLT_EXPORT_VCARD,   /* vCard 4.0, .vcf or .vcard */
  CLT_EXPORT_CSV,     /* CSV, UTF-8 with a BOM, .csv */
} CltExportFormat;

typedef enum
{
  CLT_EXPORT_DEFAULT           = 0,
  CLT_EXPORT_WITHOUT_SENSITIVE = 1 << 0,  /* leave out preferences marked sensitive */
} CltExportFlags;

/* Progress of a book's export, after each customer written. */
typedef void (*CltExportProgress) (guint    done,
                                   guint    total,
                                   gpointer user_data);

GQuark      clt_export_error_quark       (void);

/* The format of @path by its extension, case aside. */
gboolean    clt_export_format_for_path   (const char          *path,
                                          CltExportFormat     *format,
                                          GError             **error);

/* Everything of one customer that a vCard or a CSV row holds: names,
 * company, job title, birthday, language, VIP, consent, UID, contacts,
 * preferences (sensitive ones left out with CLT_EXPORT_WITHOUT_SENSITIVE),
 * notes and tags. */
CltRecord  *clt_export_record_from_store (CltStore            *store,
                                          gint64               customer_id,
                                          CltExportFlags       flags,
                                          GError             **error);

/* The CSV file's first row, and one row per customer: RFC 4180 quoting,
 * CRLF at the end; a cell starting with = + - or @ gets a ' in front so
 * that a spreadsheet does not run it as a formula. */
const char *clt_export_csv_header        (void);
char       *clt_export_csv_row           (const CltRecord     *record);

/* Writes the whole book to @path in @format, a page of customers at a
 * time, into a temporary file beside it that replaces @path only once
 * complete and synced; on failure nothing is left behind. Trashed
 * customers are left out. @n_written: (out) (optional): how many
 * customers the file holds. */
gboolean    clt_export_book              (CltStore            *store,
                                          const char          *path,
                                          CltExportFormat      format,
                                          CltExportFlags       flags,
                                          CltExportProgress    progress,
                                          gpointer             user_data,
                                          GCancellable        *cancellable,
                                          guint               *n_written,
                                          GError             **error);

/* The vCard written beside @json_path: the same name ending in .vcf. */
char       *clt_export_customer_vcard_path (const char        *json_path);

/* For an access request: everything the book holds about one customer —
 * every field, contact, preference, note, tag, contact logged, promise
 * with its postponements, message of the outbox, and their consent — as
 * an indented JSON file at @json_path, and their vCard beside it (see
 * clt_export_customer_vcard_path()). Both or neither are written. */
gboolean    clt_export_customer          (CltStore            *store,
                                          gint64               customer_id,
                                          const char          *json_path,
                                          GCancellable        *cancellable,
                                          GError             **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-record.h"

G_BEGIN_DECLS

/* What a column of a CSV file holds. */
typedef enum
{
  CLT_CSV_IGNORE,
  CLT_CSV_FULL_NAME,
  CLT_CSV_HONORIFIC,
  CLT_CSV_GIVEN_NAME,
  CLT_CSV_FAMILY_NAME,
  CLT_CSV_COMPANY,
  CLT_CSV_JOB_TITLE,
  CLT_CSV_EMAIL,
  CLT_CSV_PHONE,
  CLT_CSV_MOBILE,
  CLT_CSV_ADDRESS,
  CLT_CSV_STREET,
  CLT_CSV_POSTAL_CODE,
  CLT_CSV_CITY,
  CLT_CSV_REGION,
  CLT_CSV_COUNTRY,
  CLT_CSV_BIRTHDAY,
  CLT_CSV_LANGUAGE,
  CLT_CSV_NOTE,
  CLT_CSV_TAGS,
  CLT_CSV_MIDDLE_NAME,   /* part of the display name, not of the given name */
  CLT_CSV_ADDRESSED_AS,
  CLT_CSV_LABEL,         /* Google's "E-mail 1 - Type": the label of the value beside it */
  CLT_CSV_VIP,
  CLT_CSV_EMAIL_CONSENT,
  CLT_CSV_PREFERENCES,   /* one a line, "Category: text" */
  CLT_CSV_N_FIELDS,
} CltCsvField;

/* How a date such as 06/12/1985 reads: day first (French, and any date
 * written with dots), or month first (English Outlook). A part over 12
 * decides whatever the order. */
typedef enum
{
  CLT_CSV_DAY_FIRST,
  CLT_CSV_MONTH_FIRST,
} CltCsvDateOrder;

/* clt_csv_sniff() fails in this domain when a file cannot be read at all. */
#define CLT_CSV_ERROR (clt_csv_error_quark ())

typedef enum
{
  CLT_CSV_ERROR_EMPTY,      /* nothing in it, not even a header */
  CLT_CSV_ERROR_BINARY,     /* not text: a workbook, an image, junk */
  CLT_CSV_ERROR_ENCODING,   /* not in the encoding chosen */
  CLT_CSV_ERROR_HEADER,     /* a first line that cannot be a header */
} CltCsvError;

GQuark clt_csv_error_quark (void);

/* The field's name for the column-mapping step (translated). */
const char *clt_csv_field_label (CltCsvField field);

/* What was found at the start of a file: enough for the mapping step. */
typedef struct
{
  char        *encoding;     /* "UTF-8", "UTF-16LE", "WINDOWS-1252"… as read */
  gboolean     encoding_sure;/* from a BOM or valid UTF-8, not a guess */
  char         delimiter;    /* ',', ';' or '\t' */
  char        *format;       /* "google", "outlook" when recognised, "clientele" for
                                Clientele's own export, else NULL */
  GStrv        header;       /* the first row's cells */
  GPtrArray   *rows;         /* GStrv: up to five rows after the header */
  CltCsvField *mapping;      /* one per header cell: a guess from its name */
  guint        n_columns;
  CltCsvDateOrder date_order;/* from the header's language and format */
} CltCsvPreview;

void           clt_csv_preview_free (CltCsvPreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltCsvPreview, clt_csv_preview_free)

/* Reads the first rows of @stream, which must be seekable (it is rewound).
 * The whole file is read once for its encoding, in constant memory.
 * @encoding: (nullable): the user's choice (iconv's name), NULL to detect
 * it. Fails in CLT_CSV_ERROR when the file cannot be read at all: empty,
 * not text, not in the encoding chosen, no header. */
CltCsvPreview *clt_csv_sniff (GInputStream  *stream,
                              const char    *encoding,
                              GError       **error);

/* Reads @stream's rows after the header, as @preview describes them (its
 * encoding, delimiter and mapping, which the caller may have changed).
 * @stream is read from its start (rewound when seekable). Each row gives a
 * record, or a problem when it has no name, e-mail nor phone number. A row
 * kept without a part of it (a birthday that cannot be read, a cell over
 * 64 kB, cells beyond the header's) gives a problem, with the row's line,
 * just before its record. Empty rows are skipped silently. */
CltRecordReader *clt_csv_reader_new (GInputStream        *stream,
                                     const CltCsvPreview *preview);

/* The parts of sniffing and reading, for tests. */

/* ',', ';' or '\t': the one found the same number of times, outside
 * quotes, on most of the first lines of @text (UTF-8); ',' when none is. */
char         clt_csv_sniff_delimiter (const char          *text,
                                      gssize               length);
/* The field a column holds, guessed from its name in English or French,
 * case and accents aside; CLT_CSV_IGNORE when unknown. */
CltCsvField  clt_csv_guess_field     (const char          *name);
/* Recognises Google, Outlook and Clientele exports, and maps every column
 * of @header (NULL-terminated) into @mapping, one per cell. Returns the
 * format, or NULL for another file (whose columns are guessed one by one). */
const char  *clt_csv_recognize       (const char * const  *header,
                                      CltCsvField         *mapping,
                                      CltCsvDateOrder     *date_order);
/* Reads a birthday as "YYYY-MM-DD", or "--MM-DD" without a year, into
 * @birthday (NULL for a blank or Outlook's "0/0/00"). FALSE when it cannot
 * be read. */
gboolean     clt_csv_parse_birthday  (const char          *text,
                                      CltCsvDateOrder      order,
                                      char               **birthday);

G_END_DECLS

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
  CLT_CSV_N_FIELDS,
} CltCsvField;

/* The field's name for the column-mapping step (translated). */
const char *clt_csv_field_label (CltCsvField field);

/* What was found at the start of a file: enough for the mapping step. */
typedef struct
{
  char        *encoding;     /* "UTF-8", "UTF-16LE", "WINDOWS-1252"… as read */
  gboolean     encoding_sure;/* from a BOM or valid UTF-8, not a guess */
  char         delimiter;    /* ',', ';' or '\t' */
  char        *format;       /* "google", "outlook" when recognised, else NULL */
  GStrv        header;       /* the first row's cells */
  GPtrArray   *rows;         /* GStrv: up to five rows after the header */
  CltCsvField *mapping;      /* one per header cell: a guess from its name */
  guint        n_columns;
} CltCsvPreview;

void           clt_csv_preview_free (CltCsvPreview *preview);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltCsvPreview, clt_csv_preview_free)

/* Reads the first rows of @stream, which must be seekable (it is rewound).
 * @encoding: (nullable): the user's choice, NULL to detect it. */
CltCsvPreview *clt_csv_sniff (GInputStream  *stream,
                              const char    *encoding,
                              GError       **error);

/* Reads @stream's rows after the header, as @preview describes them (its
 * encoding, delimiter and mapping, which the caller may have changed). */
CltRecordReader *clt_csv_reader_new (GInputStream        *stream,
                                     const CltCsvPreview *preview);

G_END_DECLS

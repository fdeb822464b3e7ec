/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Which encoding a text file is in, found in this order: a byte order mark,
 * then whether the whole file is valid UTF-8, then uchardet as a hint only
 * (see clt_charset_choose_single_byte()). Plain functions, for the CSV
 * reader and its tests. */

typedef enum
{
  CLT_CHARSET_TEXT,     /* an encoding was found */
  CLT_CHARSET_EMPTY,    /* nothing but blanks */
  CLT_CHARSET_BINARY,   /* NUL bytes or control characters: not text */
} CltCharsetVerdict;

/* The encoding a byte order mark at the start of @data names ("UTF-8",
 * "UTF-16LE", "UTF-16BE"), NULL without one; @bom_length gets its length. */
const char        *clt_charset_from_bom            (const guint8   *data,
                                                    gsize           length,
                                                    gsize          *bom_length);

/* A whole file read once, in chunks of any size, in constant memory. */
typedef struct _CltCharsetScan CltCharsetScan;

CltCharsetScan    *clt_charset_scan_new            (void);
void               clt_charset_scan_free           (CltCharsetScan *scan);
void               clt_charset_scan_feed           (CltCharsetScan *scan,
                                                    const guint8   *data,
                                                    gsize           length);
/* @encoding gets the encoding (iconv's name), @sure whether it comes from a
 * BOM or from valid UTF-8 rather than from a guess. */
CltCharsetVerdict  clt_charset_scan_finish         (CltCharsetScan *scan,
                                                    char          **encoding,
                                                    gboolean       *sure);
/* Whether every byte of the file can be read in @encoding, as far as the
 * scan can tell (single-byte encodings and UTF-8; others are checked as
 * they are read). */
gboolean           clt_charset_scan_can_decode     (CltCharsetScan *scan,
                                                    const char     *encoding);

/* The same on a whole buffer. */
CltCharsetVerdict  clt_charset_detect              (const guint8   *data,
                                                    gsize           length,
                                                    char          **encoding,
                                                    gboolean       *sure);

/* For a file that is not UTF-8: Windows-1252 unless Mac Roman, or the
 * single-byte encoding uchardet named (@hint, may be NULL), reads its bytes
 * as clearly more plausible letters. @histogram counts each byte value. */
const char        *clt_charset_choose_single_byte  (const guint64   histogram[256],
                                                    const char     *hint);

/* @base converted from @encoding to UTF-8 with GLib's GCharsetConverter,
 * a byte order mark left out. */
GInputStream      *clt_charset_open_stream         (GInputStream   *base,
                                                    const char     *encoding,
                                                    GError        **error);

/* The encodings offered when the user chooses one, NULL-terminated, and
 * what each is called (translated). */
const char * const *clt_charset_common             (void);
const char        *clt_charset_label               (const char     *encoding);

G_END_DECLS

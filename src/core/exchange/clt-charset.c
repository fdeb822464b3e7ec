/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <uchardet/uchardet.h>

#include "clt-charset.h"

/* uchardet is fed the start of the file only: past a few megabytes it has
 * long made up its mind, and a big file must not cost it twice. */
#define HINT_BYTES (4 * 1024 * 1024)
/* More control characters than this share of the file: not text. */
#define MAX_CONTROL_PERMILLE 5

struct _CltCharsetScan
{
  guint64     total;
  guint64     histogram[256];
  guint8      head[4];          /* the first bytes, for a BOM */
  guint       head_len;
  guint8      pending[4];       /* an incomplete UTF-8 sequence at a chunk's end */
  guint       pending_len;
  gboolean    utf8_valid;
  guint64     even_zeros;       /* NUL bytes at even and odd offsets of the */
  guint64     odd_zeros;        /* first kilobytes, for UTF-16 without a BOM */
  guint64     hinted;
  uchardet_t  hint;
};

/* uchardet names these for Western text it misreads. Measured with
 * uchardet 0.0.7 on tests/data/csv and on French, German, Spanish, Italian
 * and Portuguese samples: Mac Roman files come out as ISO-8859-1,
 * ISO-8859-3, WINDOWS-1250, WINDOWS-1252, IBM852 or MAC-CENTRALEUROPE,
 * the English Outlook export (Windows-1252, one ë) as MAC-CENTRALEUROPE,
 * a French header alone as ISO-8859-2. So among these the letters decide
 * (score_single_byte()): that chose right for all 6 Mac Roman and 8
 * Windows-1252 samples, and for Polish in Windows-1250; Czech in
 * Windows-1250 reads as plausible Windows-1252 letters (ř as ø, ě as ì)
 * and is the one miss: the user chooses it. Any other name uchardet gives
 * (Cyrillic, Greek, Hebrew, CJK…) is a script whose bytes all read as
 * Latin letters too, so there uchardet, which looks at letter pairs, is
 * trusted: it was right for Russian and Greek. */
static const char * const latin_hints[] = {
  "ISO-8859-1", "ISO-8859-2", "ISO-8859-3", "ISO-8859-4", "ISO-8859-9",
  "ISO-8859-10", "ISO-8859-13", "ISO-8859-15", "ISO-8859-16",
  "WINDOWS-1250", "WINDOWS-1252", "WINDOWS-1254", "WINDOWS-1257", "WINDOWS-1258",
  "MAC-CENTRALEUROPE", "IBM852", "IBM865", "MACINTOSH", "VISCII",
};

static const char * const common[] = {
  "UTF-8", "WINDOWS-1252", "ISO-8859-15", "MACINTOSH", "UTF-16LE", "UTF-16BE",
  "WINDOWS-1250", "WINDOWS-1251", NULL,
};

static gboolean
is_latin_hint (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (latin_hints); i++)
    {
      if (g_ascii_strcasecmp (name, latin_hints[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_control (guint8 byte)
{
  return byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r' && byte != '\f';
}

/* The letters that Western European names and words are made of. */
static gboolean
is_common_letter (gunichar c)
{
  return (c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7) ||
         c == 0x152 || c == 0x153 || c == 0x178;  /* Œ œ Ÿ */
}

/* Punctuation a typed text holds: ’ ‘ “ ” « » – — … € • ° and no-break
 * space. */
static gboolean
is_text_punctuation (gunichar c)
{
  static const gunichar marks[] = {
    0x2019, 0x2018, 0x201C, 0x201D, 0xAB, 0xBB, 0x2013, 0x2014, 0x2026,
    0x20AC, 0x2022, 0xB0, 0xA0,
  };

  for (guint i = 0; i < G_N_ELEMENTS (marks); i++)
    {
      if (c == marks[i])
        return TRUE;
    }
  return FALSE;
}

/* How plausible the file's bytes above 0x7F are as text in @charset,
 * byte by byte: lower-case common letters count most (names and words are
 * mostly lower case), capitals and other letters less, punctuation a
 * little; symbols and control characters count against (down to 0); a
 * byte the charset lacks, or a charset iconv does not know, rules it out
 * (-1). */
static double
score_single_byte (const guint64  histogram[256],
                   const char    *charset)
{
  GIConv conv = g_iconv_open ("UTF-8", charset);
  double score = 0;

  if (conv == (GIConv) -1)
    return -1;

  for (guint b = 0x80; b < 0x100; b++)
    {
      char in = (char) b;
      char out[8] = { 0 };
      char *inp = &in;
      char *outp = out;
      gsize in_left = 1;
      gsize out_left = sizeof out - 1;
      gunichar c;
      double weight;

      if (histogram[b] == 0)
        continue;

      g_iconv (conv, NULL, NULL, NULL, NULL);
      if (g_iconv (conv, &inp, &in_left, &outp, &out_left) == (gsize) -1)
        {
          /* The first byte of a multi-byte character: nothing to say. */
          if (errno == EINVAL)
            continue;
          g_iconv_close (conv);
          return -1;
        }
      c = g_utf8_get_char (out);

      if (g_unichar_isalpha (c) && c >= 0x180 && c < 0x250)
        weight = 0;   /* Latin Extended-B: ƒ and the like, seldom typed */
      else if (g_unichar_islower (c))
        weight = is_common_letter (c) ? 1 : 0.5;
      else if (g_unichar_isalpha (c))
        weight = is_common_letter (c) ? 0.5 : 0.25;
      else if (is_text_punctuation (c))
        weight = 0.25;
      else
        weight = -1;

      score += weight * (double) histogram[b];
    }

  g_iconv_close (conv);
  return MAX (score, 0);
}

const char *
clt_charset_choose_single_byte (const guint64  histogram[256],
                                const char    *hint)
{
  double windows = score_single_byte (histogram, "WINDOWS-1252");
  double mac = score_single_byte (histogram, "MACINTOSH");
  const char *best = "WINDOWS-1252";
  double best_score = windows;

  g_return_val_if_fail (histogram != NULL, NULL);

  /* Another script: uchardet's, if no byte of the file is foreign to it
   * (a multi-byte one is checked further as the file is read). */
  if (hint != NULL && *hint != '\0' && !is_latin_hint (hint) &&
      g_ascii_strcasecmp (hint, "ASCII") != 0 && score_single_byte (histogram, hint) >= 0)
    return hint;

  /* Windows-1252 on a tie: it is what Windows, and so most files, use. */
  if (mac > best_score)
    {
      best = "MACINTOSH";
      best_score = mac;
    }
  if (hint != NULL && is_latin_hint (hint) &&
      g_ascii_strcasecmp (hint, "ISO-8859-1") != 0 &&
      g_ascii_strcasecmp (hint, "ISO-8859-15") != 0 &&
      g_ascii_strcasecmp (hint, "WINDOWS-1252") != 0 &&
      score_single_byte (histogram, hint) > best_score)
    best = hint;

  return best;
}

const char *
clt_charset_from_bom (const guint8 *data,
                      gsize         length,
                      gsize        *bom_length)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
    {
      if (bom_length != NULL)
        *bom_length = 3;
      return "UTF-8";
    }
  if (length >= 2 && data[0] == 0xFF && data[1] == 0xFE)
    {
      if (bom_length != NULL)
        *bom_length = 2;
      return "UTF-16LE";
    }
  if (length >= 2 && data[0] == 0xFE && data[1] == 0xFF)
    {
      if (bom_length != NULL)
        *bom_length = 2;
      return "UTF-16BE";
    }

  if (bom_length != NULL)
    *bom_length = 0;
  return NULL;
}

CltCharsetScan *
clt_charset_scan_new (void)
{
  CltCharsetScan *scan = g_new0 (CltCharsetScan, 1);

  scan->utf8_valid = TRUE;
  scan->hint = uchardet_new ();
  return scan;
}

void
clt_charset_scan_free (CltCharsetScan *scan)
{
  if (scan == NULL)
    return;

  uchardet_delete (scan->hint);
  g_free (scan);
}

/* Validates UTF-8 across chunk boundaries: a sequence cut at the end of a
 * chunk is kept for the next one. */
static void
validate_utf8 (CltCharsetScan *scan,
               const guint8   *data,
               gsize           length)
{
  const char *end = NULL;
  gsize offset = 0;

  if (!scan->utf8_valid)
    return;

  while (scan->pending_len > 0 && offset < length)
    {
      gunichar c;

      scan->pending[scan->pending_len++] = data[offset++];
      c = g_utf8_get_char_validated ((const char *) scan->pending, scan->pending_len);
      if (c == (gunichar) -1 || (c == (gunichar) -2 && scan->pending_len == 4))
        {
          scan->utf8_valid = FALSE;
          return;
        }
      if (c != (gunichar) -2)
        scan->pending_len = 0;
    }

  if (g_utf8_validate_len ((const char *) data + offset, length - offset, &end))
    return;

  /* Invalid, or only cut short by the end of the chunk. */
  {
    gsize rest = length - (gsize) ((const guint8 *) end - data);
    gunichar c = g_utf8_get_char_validated (end, rest);

    if (rest < 4 && c == (gunichar) -2)
      {
        memcpy (scan->pending, end, rest);
        scan->pending_len = rest;
      }
    else
      scan->utf8_valid = FALSE;
  }
}

void
clt_charset_scan_feed (CltCharsetScan *scan,
                       const guint8   *data,
                       gsize           length)
{
  g_return_if_fail (scan != NULL);
  g_return_if_fail (data != NULL || length == 0);

  for (gsize i = 0; i < length && scan->head_len < sizeof scan->head; i++)
    scan->head[scan->head_len++] = data[i];

  for (gsize i = 0; i < length; i++)
    {
      scan->histogram[data[i]]++;
      if (data[i] == 0 && scan->total + i < 4096)
        {
          if ((scan->total + i) % 2 == 0)
            scan->even_zeros++;
          else
            scan->odd_zeros++;
        }
    }

  validate_utf8 (scan, data, length);

  if (scan->hinted < HINT_BYTES)
    {
      gsize n = MIN (length, HINT_BYTES - scan->hinted);

      uchardet_handle_data (scan->hint, (const char *) data, n);
      scan->hinted += n;
    }

  scan->total += length;
}

/* UTF-16 without a BOM: every other byte of Western text is zero. */
static const char *
utf16_without_bom (CltCharsetScan *scan)
{
  guint64 pairs = MIN (scan->total, 4096) / 2;

  if (pairs < 2)
    return NULL;
  if (scan->odd_zeros * 10 >= pairs * 9 && scan->even_zeros == 0)
    return "UTF-16LE";
  if (scan->even_zeros * 10 >= pairs * 9 && scan->odd_zeros == 0)
    return "UTF-16BE";
  return NULL;
}

CltCharsetVerdict
clt_charset_scan_finish (CltCharsetScan  *scan,
                         char           **encoding,
                         gboolean        *sure)
{
  const char *bom;
  const char *utf16;
  guint64 controls = 0;
  guint64 blanks;
  gsize bom_length;

  g_return_val_if_fail (scan != NULL, CLT_CHARSET_BINARY);
  g_return_val_if_fail (encoding != NULL, CLT_CHARSET_BINARY);

  *encoding = NULL;
  if (sure != NULL)
    *sure = FALSE;

  bom = clt_charset_from_bom (scan->head, scan->head_len, &bom_length);
  if (bom != NULL)
    {
      /* A BOM and nothing after it, or UTF-16 text of blanks only. */
      if (scan->total == bom_length)
        return CLT_CHARSET_EMPTY;
      *encoding = g_strdup (bom);
      if (sure != NULL)
        *sure = TRUE;
      return CLT_CHARSET_TEXT;
    }

  utf16 = utf16_without_bom (scan);
  if (utf16 != NULL)
    {
      *encoding = g_strdup (utf16);
      return CLT_CHARSET_TEXT;
    }

  blanks = scan->histogram[' '] + scan->histogram['\t'] + scan->histogram['\r'] +
           scan->histogram['\n'] + scan->histogram['\f'];
  if (scan->total == blanks)
    return CLT_CHARSET_EMPTY;

  for (guint b = 0; b < 0x20; b++)
    {
      if (is_control ((guint8) b))
        controls += scan->histogram[b];
    }
  if (scan->histogram[0] > 0 || controls * 1000 > scan->total * MAX_CONTROL_PERMILLE)
    return CLT_CHARSET_BINARY;

  if (scan->utf8_valid && scan->pending_len == 0)
    {
      *encoding = g_strdup ("UTF-8");
      if (sure != NULL)
        *sure = TRUE;
      return CLT_CHARSET_TEXT;
    }

  uchardet_data_end (scan->hint);
  *encoding = g_strdup (clt_charset_choose_single_byte (scan->histogram,
                                                        uchardet_get_charset (scan->hint)));
  return CLT_CHARSET_TEXT;
}

gboolean
clt_charset_scan_can_decode (CltCharsetScan *scan,
                             const char     *encoding)
{
  GIConv conv;
  gboolean ok = TRUE;

  g_return_val_if_fail (scan != NULL, FALSE);
  g_return_val_if_fail (encoding != NULL, FALSE);

  if (g_ascii_strcasecmp (encoding, "UTF-8") == 0)
    return scan->utf8_valid && scan->pending_len == 0;

  conv = g_iconv_open ("UTF-8", encoding);
  if (conv == (GIConv) -1)
    return FALSE;

  /* A single-byte encoding reads every byte alone; for any other, a byte
   * that fails alone may be part of a sequence, so it is left to reading. */
  for (guint b = 0x80; b < 0x100 && ok; b++)
    {
      char in = (char) b;
      char out[8];
      char *inp = &in;
      char *outp = out;
      gsize in_left = 1;
      gsize out_left = sizeof out;

      if (scan->histogram[b] == 0)
        continue;
      g_iconv (conv, NULL, NULL, NULL, NULL);
      if (g_iconv (conv, &inp, &in_left, &outp, &out_left) == (gsize) -1 && errno == EILSEQ)
        ok = FALSE;
    }

  g_iconv_close (conv);
  return ok;
}

CltCharsetVerdict
clt_charset_detect (const guint8  *data,
                    gsize          length,
                    char         **encoding,
                    gboolean      *sure)
{
  CltCharsetScan *scan = clt_charset_scan_new ();
  CltCharsetVerdict verdict;

  clt_charset_scan_feed (scan, data, length);
  verdict = clt_charset_scan_finish (scan, encoding, sure);
  clt_charset_scan_free (scan);

  return verdict;
}

GInputStream *
clt_charset_open_stream (GInputStream  *base,
                         const char    *encoding,
                         GError       **error)
{
  g_autoptr(GCharsetConverter) converter = NULL;
  g_autoptr(GInputStream) buffered = NULL;
  GInputStream *converted;
  const guint8 *head;
  const char *bom;
  gsize head_len;
  gsize bom_length;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);
  g_return_val_if_fail (encoding != NULL, NULL);

  converter = g_charset_converter_new ("UTF-8", encoding, error);
  if (converter == NULL)
    return NULL;

  /* The BOM is skipped rather than converted into a U+FEFF. */
  /* The caller's stream stays open when these are let go. */
  buffered = g_buffered_input_stream_new (base);
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (buffered), FALSE);
  if (g_buffered_input_stream_fill (G_BUFFERED_INPUT_STREAM (buffered), 4, NULL, error) < 0)
    return NULL;
  head = g_buffered_input_stream_peek_buffer (G_BUFFERED_INPUT_STREAM (buffered), &head_len);
  bom = clt_charset_from_bom (head, head_len, &bom_length);
  if (bom != NULL && g_ascii_strcasecmp (bom, encoding) == 0 &&
      g_input_stream_skip (buffered, bom_length, NULL, error) < 0)
    return NULL;

  converted = g_converter_input_stream_new (buffered, G_CONVERTER (converter));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (converted), FALSE);
  return converted;
}

const char * const *
clt_charset_common (void)
{
  return common;
}

const char *
clt_charset_label (const char *encoding)
{
  static const struct
  {
    const char *name;
    const char *label;
  } labels[] = {
    { "UTF-8", N_("Unicode (UTF-8)") },
    { "UTF-16LE", N_("Unicode (UTF-16, Windows)") },
    { "UTF-16BE", N_("Unicode (UTF-16, big-endian)") },
    { "WINDOWS-1252", N_("Western (Windows-1252)") },
    { "ISO-8859-15", N_("Western (ISO-8859-15)") },
    { "ISO-8859-1", N_("Western (ISO-8859-1)") },
    { "MACINTOSH", N_("Western (Mac Roman)") },
    { "WINDOWS-1250", N_("Central European (Windows-1250)") },
    { "WINDOWS-1251", N_("Cyrillic (Windows-1251)") },
  };

  g_return_val_if_fail (encoding != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (g_ascii_strcasecmp (encoding, labels[i].name) == 0)
        return _(labels[i].label);
    }
  return encoding;
}

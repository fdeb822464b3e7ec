/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <csv.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clt-charset.h"
#include "clt-csv-private.h"
#include "clt-text.h"

/* Decoded text is fed to libcsv a line at a time, at most this much at
 * once, so that its field buffer stays under CELL_MAX + CHUNK. */
#define CHUNK (16 * 1024)
/* A cell longer than this is left out and its row reported: a 10 MB line
 * is read in constant memory. */
#define CELL_MAX (64 * 1024)
/* What one row may hold in all, and how many columns a header may have. */
#define ROW_MAX (1024 * 1024)
#define COLUMNS_MAX 1024
#define PREVIEW_ROWS 5
/* How much decoded text the delimiter is sniffed from. */
#define SNIFF_BYTES (64 * 1024)
#define SNIFF_LINES 20

/* libcsv's states, from libcsv.c: they are in the public struct. */
#define LIBCSV_ROW_NOT_BEGUN 0
#define LIBCSV_FIELD_BEGUN 2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

G_DEFINE_QUARK (clt-csv-error-quark, clt_csv_error)

/* Rows */

typedef struct
{
  guint      line;          /* where the row starts */
  GPtrArray *cells;         /* char *, at most the header's number */
  guint      n_extra;       /* cells with text beyond the header's */
  gboolean   overlong;      /* a cell was too long and left out */
  gboolean   unterminated;  /* the file ended inside a quoted cell */
} Row;

static void
row_free (Row *row)
{
  if (row == NULL)
    return;
  g_ptr_array_unref (row->cells);
  g_free (row);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Row, row_free)

/* Rows read one at a time from decoded text, each with the physical line
 * it starts on. */
typedef struct
{
  struct csv_parser  parser;
  GInputStream      *text;          /* UTF-8 */
  char              *buffer;
  gsize              buffer_len;
  gsize              buffer_pos;
  guint              line;
  gboolean           after_cr;
  guint              row_line;
  guint              max_cells;
  Row               *row;           /* being read */
  gsize              row_bytes;
  gboolean           cell_cut;      /* the cell being read went over CELL_MAX */
  GQueue             rows;          /* read, not yet taken */
  gboolean           eof;
  guint64            decoded;       /* bytes of text read */
} Rows;

static Row *
row_new (void)
{
  Row *row = g_new0 (Row, 1);

  row->cells = g_ptr_array_new_with_free_func (g_free);
  return row;
}

static gboolean
is_blank_bytes (const char *data,
                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isspace (data[i]))
        return FALSE;
    }
  return TRUE;
}

/* A cell's line breaks as LF, whatever the file used. */
static char *
normalize_newlines (const char *data,
                    gsize       length)
{
  char *text = g_strndup (data, length);
  char *out = text;

  if (memchr (text, '\r', length) == NULL)
    return text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          *out++ = '\n';
          if (p[1] == '\n')
            p++;
        }
      else
        *out++ = *p;
    }
  *out = '\0';
  return text;
}

/* libcsv: a cell has ended. */
static void
cell_cb (void   *data,
         size_t  length,
         void   *user_data)
{
  Rows *rows = user_data;
  Row *row = rows->row;
  gboolean cut = rows->cell_cut || length > CELL_MAX || rows->row_bytes + length > ROW_MAX;

  rows->cell_cut = FALSE;

  if (row->cells->len >= rows->max_cells)
    {
      if (cut || !is_blank_bytes (data, length))
        row->n_extra++;
      return;
    }

  if (cut)
    {
      row->overlong = TRUE;
      g_ptr_array_add (row->cells, g_strdup (""));
      return;
    }

  rows->row_bytes += length;
  g_ptr_array_add (row->cells, normalize_newlines (data, length));
}

/* libcsv: a row has ended. */
static void
row_cb (int   c,
        void *user_data)
{
  Rows *rows = user_data;

  rows->row->line = rows->row_line;
  g_queue_push_tail (&rows->rows, rows->row);
  rows->row = row_new ();
  rows->row_bytes = 0;
}

static Rows *
rows_new (GInputStream *text,
          char          delimiter,
          guint         max_cells)
{
  Rows *rows = g_new0 (Rows, 1);

  /* Quotes read leniently, CR, LF or CRLF. */
  csv_init (&rows->parser, 0);
  csv_set_delim (&rows->parser, (unsigned char) delimiter);
  csv_set_blk_size (&rows->parser, 4096);
  rows->text = g_object_ref (text);
  rows->buffer = g_malloc (CHUNK);
  rows->line = 1;
  rows->row_line = 1;
  rows->max_cells = max_cells;
  rows->row = row_new ();
  g_queue_init (&rows->rows);

  return rows;
}

static void
rows_free (Rows *rows)
{
  if (rows == NULL)
    return;

  csv_free (&rows->parser);
  g_clear_object (&rows->text);
  g_free (rows->buffer);
  row_free (rows->row);
  g_queue_clear_full (&rows->rows, (GDestroyNotify) row_free);
  g_free (rows);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Rows, rows_free)

/* A cell over CELL_MAX is dropped as it grows: libcsv's buffer is emptied,
 * its state kept consistent (a quote just seen stays one byte). */
static void
cut_long_cell (Rows *rows)
{
  struct csv_parser *p = &rows->parser;

  if (p->entry_pos <= CELL_MAX)
    return;

  if (p->pstate == LIBCSV_FIELD_BEGUN)
    p->entry_pos = 0;
  else if (p->pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED)
    p->entry_pos = 1;
  else
    return;
  p->spaces = 0;
  rows->cell_cut = TRUE;
}

/* Feeds the buffer to libcsv a line at a time, counting lines: CR, LF and
 * CRLF each end one. */
static void
feed (Rows *rows)
{
  while (rows->buffer_pos < rows->buffer_len)
    {
      const char *start = rows->buffer + rows->buffer_pos;
      gsize left = rows->buffer_len - rows->buffer_pos;
      gsize n = 0;
      char last;

      while (n < left && start[n] != '\n' && start[n] != '\r')
        n++;
      if (n < left)
        n++;
      last = start[n - 1];

      if (rows->parser.pstate == LIBCSV_ROW_NOT_BEGUN)
        rows->row_line = rows->line;

      csv_parse (&rows->parser, start, n, cell_cb, row_cb, rows);
      cut_long_cell (rows);
      rows->buffer_pos += n;

      if (last == '\r')
        {
          rows->line++;
          rows->after_cr = TRUE;
        }
      else if (last == '\n')
        {
          if (!(rows->after_cr && n == 1))
            rows->line++;
          rows->after_cr = FALSE;
        }
      else
        rows->after_cr = FALSE;
    }
}

/* The next row, NULL at the end (@error unset) or on a read error. */
static Row *
rows_next (Rows          *rows,
           GCancellable  *cancellable,
           GError       **error)
{
  while (g_queue_is_empty (&rows->rows) && !rows->eof)
    {
      gssize n = g_input_stream_read (rows->text, rows->buffer, CHUNK, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        {
          struct csv_parser *p = &rows->parser;
          gboolean open_quote = p->pstate == LIBCSV_FIELD_BEGUN && p->quoted;

          rows->eof = TRUE;
          if (p->pstate == LIBCSV_ROW_NOT_BEGUN)
            break;
          csv_fini (p, cell_cb, row_cb, rows);
          if (open_quote && !g_queue_is_empty (&rows->rows))
            ((Row *) g_queue_peek_tail (&rows->rows))->unterminated = TRUE;
          break;
        }

      rows->decoded += (guint64) n;
      rows->buffer_len = (gsize) n;
      rows->buffer_pos = 0;
      feed (rows);
    }

  return g_queue_pop_head (&rows->rows);
}

/* Sniffing */

char
clt_csv_sniff_delimiter (const char *text,
                         gssize      length)
{
  static const char delimiters[] = { ',', ';', '\t' };
  guint counts[SNIFF_LINES][G_N_ELEMENTS (delimiters)] = { { 0 } };
  guint n_lines = 0;
  gboolean quoted = FALSE;
  const char *end;
  char best = ',';
  guint best_agree = 0;
  guint best_count = 0;

  g_return_val_if_fail (text != NULL, ',');

  end = text + (length < 0 ? (gssize) strlen (text) : length);

  /* Counted outside quotes; a line ends at a newline outside quotes. */
  for (const char *p = text; p < end && n_lines < SNIFF_LINES; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (*p == '\n' || *p == '\r')
        {
          if (p + 1 < end && *p == '\r' && p[1] == '\n')
            p++;
          n_lines++;
        }
      else
        {
          for (guint d = 0; d < G_N_ELEMENTS (delimiters); d++)
            {
              if (*p == delimiters[d])
                counts[n_lines][d]++;
            }
        }
    }
  if (n_lines < SNIFF_LINES)
    n_lines++;

  /* The one found on the header and the same number of times on the most
   * lines after it; more columns on a tie. */
  for (guint d = 0; d < G_N_ELEMENTS (delimiters); d++)
    {
      guint header = counts[0][d];
      guint agree = 0;

      if (header == 0)
        continue;
      for (guint line = 1; line < n_lines; line++)
        {
          if (counts[line][d] == header)
            agree++;
        }
      if (agree > best_agree || (agree == best_agree && header > best_count))
        {
          best = delimiters[d];
          best_agree = agree;
          best_count = header;
        }
    }

  return best;
}

static gboolean
rewind_stream (GInputStream  *stream,
               GError       **error)
{
  if (!G_IS_SEEKABLE (stream) || !g_seekable_can_seek (G_SEEKABLE (stream)))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This file cannot be read from its start again."));
      return FALSE;
    }
  return g_seekable_seek (G_SEEKABLE (stream), 0, G_SEEK_SET, NULL, error);
}

static void
set_encoding_error (GError     **error,
                    const char  *encoding)
{
  g_set_error (error, CLT_CSV_ERROR, CLT_CSV_ERROR_ENCODING,
               _("This file cannot be read as %s. Choose the encoding it was saved in."),
               clt_charset_label (encoding));
}

/* Reads the whole file once, in constant memory: its encoding, or why it
 * is not text. */
static gboolean
scan_file (GInputStream  *stream,
           const char    *chosen,
           char         **encoding,
           gboolean      *sure,
           GError       **error)
{
  g_autofree guint8 *buffer = g_malloc (CHUNK * 4);
  CltCharsetScan *scan = clt_charset_scan_new ();
  CltCharsetVerdict verdict;
  g_autofree char *found = NULL;
  gssize n;

  while ((n = g_input_stream_read (stream, buffer, CHUNK * 4, NULL, error)) > 0)
    clt_charset_scan_feed (scan, buffer, (gsize) n);
  if (n < 0)
    {
      clt_charset_scan_free (scan);
      return FALSE;
    }

  verdict = clt_charset_scan_finish (scan, &found, sure);

  if (verdict == CLT_CHARSET_EMPTY)
    {
      clt_charset_scan_free (scan);
      g_set_error_literal (error, CLT_CSV_ERROR, CLT_CSV_ERROR_EMPTY,
                           _("This file is empty: there is nobody to import."));
      return FALSE;
    }

  if (chosen != NULL)
    {
      gboolean wide = g_ascii_strncasecmp (chosen, "UTF-16", 6) == 0 ||
                      g_ascii_strncasecmp (chosen, "UTF-32", 6) == 0;

      if (verdict == CLT_CHARSET_BINARY && !wide)
        found = NULL;
      else if (!wide && !clt_charset_scan_can_decode (scan, chosen))
        {
          clt_charset_scan_free (scan);
          set_encoding_error (error, chosen);
          return FALSE;
        }
      else
        {
          g_free (found);
          found = g_strdup (chosen);
          verdict = CLT_CHARSET_TEXT;
          if (sure != NULL)
            *sure = TRUE;
        }
    }

  clt_charset_scan_free (scan);

  if (verdict == CLT_CHARSET_BINARY || found == NULL)
    {
      g_set_error_literal (error, CLT_CSV_ERROR, CLT_CSV_ERROR_BINARY,
                           _("This file is not a CSV file: it holds data other than text, "
                             "like a spreadsheet workbook or an image. Open it in its program "
                             "and save it as CSV."));
      return FALSE;
    }

  *encoding = g_steal_pointer (&found);
  return TRUE;
}

/* The start of the decoded text, for the delimiter. */
static char *
read_start (GInputStream  *text,
            gsize         *length,
            GError       **error)
{
  g_autofree char *buffer = g_malloc (SNIFF_BYTES + 1);
  gsize total = 0;

  while (total < SNIFF_BYTES)
    {
      gssize n = g_input_stream_read (text, buffer + total, SNIFF_BYTES - total, NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      total += (gsize) n;
    }

  buffer[total] = '\0';
  *length = total;
  return g_steal_pointer (&buffer);
}

static gboolean
is_decoding_error (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
}

static GStrv
row_to_strv (Row   *row,
             guint  n_columns)
{
  GStrv cells = g_new0 (char *, n_columns + 1);

  for (guint i = 0; i < n_columns; i++)
    cells[i] = g_strdup (i < row->cells->len ? g_ptr_array_index (row->cells, i) : "");
  return cells;
}

void
clt_csv_preview_free (CltCsvPreview *preview)
{
  if (preview == NULL)
    return;

  g_free (preview->encoding);
  g_free (preview->format);
  g_strfreev (preview->header);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_free (preview->mapping);
  g_free (preview);
}

CltCsvPreview *
clt_csv_sniff (GInputStream  *stream,
               const char    *encoding,
               GError       **error)
{
  g_autoptr(CltCsvPreview) preview = g_new0 (CltCsvPreview, 1);
  g_autoptr(GInputStream) text = NULL;
  g_autoptr(Rows) rows = NULL;
  g_autoptr(Row) header = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *start = NULL;
  const char *format;
  gsize start_len = 0;
  gboolean blank = TRUE;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!rewind_stream (stream, error) ||
      !scan_file (stream, encoding, &preview->encoding, &preview->encoding_sure, error) ||
      !rewind_stream (stream, error))
    return NULL;

  /* The delimiter, from the start of the text. */
  text = clt_charset_open_stream (stream, preview->encoding, &local_error);
  if (text != NULL)
    start = read_start (text, &start_len, &local_error);
  if (start == NULL)
    {
      if (text == NULL || is_decoding_error (local_error))
        set_encoding_error (error, preview->encoding);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  preview->delimiter = clt_csv_sniff_delimiter (start, (gssize) start_len);
  g_clear_object (&text);

  /* The header and the first rows. */
  if (!rewind_stream (stream, error))
    return NULL;
  text = clt_charset_open_stream (stream, preview->encoding, error);
  if (text == NULL)
    return NULL;
  rows = rows_new (text, preview->delimiter, COLUMNS_MAX);
  header = rows_next (rows, NULL, &local_error);
  if (header == NULL && local_error != NULL)
    {
      if (is_decoding_error (local_error))
        set_encoding_error (error, preview->encoding);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (header != NULL && (header->overlong || header->n_extra > 0 || header->unterminated))
    {
      g_set_error (error, CLT_CSV_ERROR, CLT_CSV_ERROR_HEADER,
                   _("The first line of this file is not a row of column names: it is too long "
                     "or has more than %u columns."), COLUMNS_MAX);
      return NULL;
    }
  for (guint i = 0; header != NULL && i < header->cells->len && blank; i++)
    blank = clt_text_is_blank (g_ptr_array_index (header->cells, i));
  if (header == NULL || blank)
    {
      g_set_error_literal (error, CLT_CSV_ERROR, CLT_CSV_ERROR_EMPTY,
                           _("This file is empty: there is nobody to import."));
      return NULL;
    }

  preview->n_columns = header->cells->len;
  preview->header = g_new0 (char *, preview->n_columns + 1);
  for (guint i = 0; i < preview->n_columns; i++)
    preview->header[i] = clt_text_strip (g_ptr_array_index (header->cells, i));

  /* Rows past the header's columns are not worth keeping whole here. */
  rows->max_cells = preview->n_columns;
  preview->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  while (preview->rows->len < PREVIEW_ROWS)
    {
      g_autoptr(Row) row = rows_next (rows, NULL, &local_error);

      if (row == NULL)
        break;
      g_ptr_array_add (preview->rows, row_to_strv (row, preview->n_columns));
    }
  if (local_error != NULL)
    {
      if (is_decoding_error (local_error))
        set_encoding_error (error, preview->encoding);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  preview->mapping = g_new0 (CltCsvField, MAX (preview->n_columns, 1));
  format = clt_csv_recognize ((const char * const *) preview->header, preview->mapping,
                              &preview->date_order);
  preview->format = g_strdup (format);

  g_clear_pointer (&rows, rows_free);
  g_clear_object (&text);
  if (!rewind_stream (stream, error))
    return NULL;

  return g_steal_pointer (&preview);
}

/* The reader */

struct _CltCsvReader
{
  GObject        parent_instance;
  GInputStream  *stream;
  GInputStream  *text;
  Rows          *rows;
  char          *encoding;
  char           delimiter;
  guint          n_columns;
  CltCsvPlan    *plan;
  GQueue         pending;       /* CltRecordProblem, then CltRecord, of a row */
  GPtrArray     *problems;
  gboolean       started;
};

static void reader_iface_init (CltRecordReaderInterface *iface);

#define CLT_TYPE_CSV_READER (clt_csv_reader_get_type ())
G_DECLARE_FINAL_TYPE (CltCsvReader, clt_csv_reader, CLT, CSV_READER, GObject)

G_DEFINE_FINAL_TYPE_WITH_CODE (CltCsvReader, clt_csv_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_RECORD_READER, reader_iface_init))

/* Pending items: a problem, or a record tagged by its low bit. */
#define PENDING_RECORD(record) GSIZE_TO_POINTER (GPOINTER_TO_SIZE (record) | 1)
#define IS_PENDING_RECORD(item) ((GPOINTER_TO_SIZE (item) & 1) != 0)
#define PENDING_TO_RECORD(item) ((CltRecord *) GSIZE_TO_POINTER (GPOINTER_TO_SIZE (item) & ~(gsize) 1))

static void
pending_free (gpointer item)
{
  if (IS_PENDING_RECORD (item))
    clt_record_free (PENDING_TO_RECORD (item));
  else
    clt_record_problem_free (item);
}

static gboolean
start_reading (CltCsvReader  *self,
               GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  Row *header;

  self->started = TRUE;
  if (G_IS_SEEKABLE (self->stream) && g_seekable_can_seek (G_SEEKABLE (self->stream)) &&
      !g_seekable_seek (G_SEEKABLE (self->stream), 0, G_SEEK_SET, NULL, error))
    return FALSE;

  self->text = clt_charset_open_stream (self->stream, self->encoding, error);
  if (self->text == NULL)
    return FALSE;
  self->rows = rows_new (self->text, self->delimiter, COLUMNS_MAX);

  header = rows_next (self->rows, NULL, &local_error);
  row_free (header);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->rows->max_cells = self->n_columns;
  return TRUE;
}

static void
add_row_problem (CltCsvReader *self,
                 guint         line,
                 const char   *reason)
{
  g_ptr_array_add (self->problems, clt_record_problem_new (line, reason));
}

/* What a row gives: its problems, then its record. */
static void
read_row (CltCsvReader *self,
          Row          *row)
{
  CltRecord *record;

  if (row->unterminated)
    {
      g_autofree char *reason =
        g_strdup_printf (_("Line %u: a quoted cell starting here never ends; the file may have "
                           "been cut short. This row was left out."), row->line);

      g_queue_push_tail (&self->pending, clt_record_problem_new (row->line, reason));
      return;
    }

  /* Rows read ahead of the header were not cut to its width. */
  for (guint i = self->n_columns; i < row->cells->len; i++)
    {
      if (!clt_text_is_blank (g_ptr_array_index (row->cells, i)))
        row->n_extra++;
    }

  record = clt_csv_plan_build (self->plan, row->line, (char * const *) row->cells->pdata,
                               MIN (row->cells->len, self->n_columns), self->problems);
  if (record != NULL && row->overlong)
    {
      g_autofree char *reason =
        g_strdup_printf (_("Line %u: a cell longer than %u kB was left out."), row->line,
                         CELL_MAX / 1024);
      add_row_problem (self, row->line, reason);
    }
  if (record != NULL && row->n_extra > 0)
    {
      g_autofree char *reason =
        g_strdup_printf (ngettext ("Line %u has %u cell more than the column names; it was left out.",
                                   "Line %u has %u cells more than the column names; they were left out.",
                                   row->n_extra),
                         row->line, row->n_extra);
      add_row_problem (self, row->line, reason);
    }

  for (guint i = 0; i < self->problems->len; i++)
    g_queue_push_tail (&self->pending, g_steal_pointer (&self->problems->pdata[i]));
  g_ptr_array_set_size (self->problems, 0);

  if (record != NULL)
    g_queue_push_tail (&self->pending, PENDING_RECORD (record));
}

static gboolean
clt_csv_reader_next (CltRecordReader   *reader,
                     CltRecord        **record,
                     CltRecordProblem **problem,
                     GCancellable      *cancellable,
                     GError           **error)
{
  CltCsvReader *self = CLT_CSV_READER (reader);
  gpointer item;

  if (!self->started && !start_reading (self, error))
    return FALSE;

  while (g_queue_is_empty (&self->pending))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(Row) row = NULL;

      if (self->rows == NULL)
        return FALSE;
      row = rows_next (self->rows, cancellable, &local_error);
      if (row == NULL && local_error != NULL)
        {
          if (is_decoding_error (local_error))
            g_set_error (error, CLT_CSV_ERROR, CLT_CSV_ERROR_ENCODING,
                         _("Line %u cannot be read as %s. Choose the encoding the file was saved in."),
                         self->rows->line, clt_charset_label (self->encoding));
          else
            g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (row == NULL)
        return FALSE;
      read_row (self, row);
    }

  item = g_queue_pop_head (&self->pending);
  if (IS_PENDING_RECORD (item))
    *record = PENDING_TO_RECORD (item);
  else
    *problem = item;
  return TRUE;
}

static goffset
clt_csv_reader_get_position (CltRecordReader *reader)
{
  CltCsvReader *self = CLT_CSV_READER (reader);

  if (G_IS_SEEKABLE (self->stream))
    return g_seekable_tell (G_SEEKABLE (self->stream));
  return self->rows != NULL ? (goffset) self->rows->decoded : 0;
}

static void
reader_iface_init (CltRecordReaderInterface *iface)
{
  iface->next = clt_csv_reader_next;
  iface->get_position = clt_csv_reader_get_position;
}

static void
clt_csv_reader_finalize (GObject *object)
{
  CltCsvReader *self = CLT_CSV_READER (object);

  g_clear_pointer (&self->rows, rows_free);
  g_clear_object (&self->text);
  g_clear_object (&self->stream);
  g_free (self->encoding);
  g_clear_pointer (&self->plan, clt_csv_plan_free);
  g_queue_clear_full (&self->pending, pending_free);
  g_ptr_array_unref (self->problems);

  G_OBJECT_CLASS (clt_csv_reader_parent_class)->finalize (object);
}

static void
clt_csv_reader_class_init (CltCsvReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clt_csv_reader_finalize;
}

static void
clt_csv_reader_init (CltCsvReader *self)
{
  g_queue_init (&self->pending);
  self->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_record_problem_free);
}

const char *
clt_csv_field_label (CltCsvField field)
{
  static const char * const labels[CLT_CSV_N_FIELDS] = {
    [CLT_CSV_IGNORE] = N_("Leave out"),
    [CLT_CSV_FULL_NAME] = N_("Full name"),
    [CLT_CSV_HONORIFIC] = N_("Honorific"),
    [CLT_CSV_GIVEN_NAME] = N_("Given name"),
    [CLT_CSV_FAMILY_NAME] = N_("Family name"),
    [CLT_CSV_COMPANY] = N_("Company"),
    [CLT_CSV_JOB_TITLE] = N_("Job title"),
    [CLT_CSV_EMAIL] = N_("E-mail"),
    [CLT_CSV_PHONE] = N_("Phone"),
    [CLT_CSV_MOBILE] = N_("Mobile phone"),
    [CLT_CSV_ADDRESS] = N_("Address"),
    [CLT_CSV_STREET] = N_("Street"),
    [CLT_CSV_POSTAL_CODE] = N_("Postal code"),
    [CLT_CSV_CITY] = N_("City"),
    [CLT_CSV_REGION] = N_("Region"),
    [CLT_CSV_COUNTRY] = N_("Country"),
    [CLT_CSV_BIRTHDAY] = N_("Birthday"),
    [CLT_CSV_LANGUAGE] = N_("Language"),
    [CLT_CSV_NOTE] = N_("Note"),
    [CLT_CSV_TAGS] = N_("Tags"),
    [CLT_CSV_MIDDLE_NAME] = N_("Middle name"),
    [CLT_CSV_ADDRESSED_AS] = N_("Addressed as"),
    [CLT_CSV_LABEL] = N_("Label of the next column"),
    [CLT_CSV_VIP] = N_("VIP"),
    [CLT_CSV_EMAIL_CONSENT] = N_("E-mail consent"),
    [CLT_CSV_PREFERENCES] = N_("Preferences"),
  };

  g_return_val_if_fail (field < CLT_CSV_N_FIELDS, NULL);

  return _(labels[field]);
}

CltRecordReader *
clt_csv_reader_new (GInputStream        *stream,
                    const CltCsvPreview *preview)
{
  CltCsvReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (preview != NULL, NULL);
  g_return_val_if_fail (preview->encoding != NULL, NULL);

  self = g_object_new (CLT_TYPE_CSV_READER, NULL);
  self->stream = g_object_ref (stream);
  self->encoding = g_strdup (preview->encoding);
  self->delimiter = preview->delimiter != '\0' ? preview->delimiter : ',';
  self->n_columns = preview->n_columns;
  self->plan = clt_csv_plan_new (preview);

  return CLT_RECORD_READER (self);
}

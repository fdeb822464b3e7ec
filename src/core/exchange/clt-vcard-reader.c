/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-vcard-private.h"
#include "clt-vcard-reader.h"

/* The reader cuts the stream into cards and each card into properties
 * itself, line by line, so that a file of any size, a photo of any size
 * or a line of any length is read in constant memory. Each card is then
 * handed to EVCard as clean UTF-8, one property a line, because EVCard:
 * - replaces every byte that is not UTF-8 in the whole card with U+FFFD
 *   before it decodes anything, which loses the text of a vCard 2.1 card
 *   written in Windows-1252 or ISO-8859-1 without quoted-printable;
 * - decodes quoted-printable and converts its CHARSET but never checks the
 *   result, so a wrong declared charset gives invalid UTF-8;
 * - answers many malformed lines with g_warning(), which is fatal in tests
 *   and noise on the command line.
 * So the reader decodes quoted-printable, converts charsets and drops what
 * EVCard would warn about; EVCard splits the values, unescapes them and
 * collects the parameters and groups. */

#define CHUNK_SIZE   (64 * 1024)
#define SNIFF_SIZE   (64 * 1024)
#define MAX_PROPERTY (1024 * 1024)
#define MAX_CARD     (4 * 1024 * 1024)

typedef enum
{
  READ_LINE,
  READ_END,
  READ_FAILED,
} ReadResult;

/* What next() returns, in order. */
typedef struct
{
  CltRecord        *record;
  CltRecordProblem *problem;
} Item;

struct _CltVCardReader
{
  GObject       parent_instance;

  GInputStream *stream;
  guint8       *buffer;
  gsize         buffer_start;
  gsize         buffer_end;
  gboolean      at_start;         /* the BOM is still to be skipped */
  gboolean      eof;
  goffset       position;         /* bytes of the stream consumed */
  guint         line_number;      /* of the line just read */
  GByteArray   *line;             /* without its LF or CRLF */
  gboolean      line_truncated;   /* longer than MAX_PROPERTY: the rest was dropped */

  gboolean      found_card;
  gboolean      found_text;
  guint         junk_first;       /* lines outside any card, 0 for none */
  guint         junk_last;
  gboolean      done;
  GQueue        pending;          /* Item */

  /* For clt_vcard_parse_card(): every property is kept, and the first
   * card is kept as EVCard, not read into a record. */
  gboolean      one_card;
  EVCard       *parsed;

  /* The card being read. */
  gboolean      in_card;
  guint         card_line;
  GString      *card;             /* clean lines for EVCard */
  GString      *head;             /* the clean parameters of a property */
  gboolean      card_too_big;
  gboolean      version_2_1;
  gboolean      recoded;
  guint         long_line;        /* the first property too long to keep, 0 for none */
  guint         bad_lines;

  /* The property being read, unfolded. */
  gboolean      property_open;
  guint         property_line;
  GByteArray   *property;
  gboolean      property_qp;
  gboolean      property_binary;  /* not kept, nor the base64 lines after it */
  gboolean      property_too_long;
  gboolean      property_soft_break;
};

static void reader_iface_init (CltRecordReaderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltVCardReader, clt_vcard_reader, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_RECORD_READER, reader_iface_init))

static void
item_free (Item *item)
{
  g_clear_pointer (&item->record, clt_record_free);
  g_clear_pointer (&item->problem, clt_record_problem_free);
  g_free (item);
}

static void
queue_problem (CltVCardReader *self,
               guint           line,
               const char     *reason)
{
  Item *item = g_new0 (Item, 1);

  item->problem = clt_record_problem_new (line, reason);
  g_queue_push_tail (&self->pending, item);
}

static void
queue_record (CltVCardReader *self,
              CltRecord      *record)
{
  Item *item = g_new0 (Item, 1);

  item->record = record;
  g_queue_push_tail (&self->pending, item);
}

/* Reading lines */

static gboolean
fill_buffer (CltVCardReader  *self,
             GCancellable    *cancellable,
             GError         **error)
{
  gsize n_read = 0;

  if (!g_input_stream_read_all (self->stream, self->buffer, CHUNK_SIZE, &n_read,
                                cancellable, error))
    return FALSE;

  self->buffer_start = 0;
  self->buffer_end = n_read;
  self->eof = n_read < CHUNK_SIZE;

  if (self->at_start)
    {
      self->at_start = FALSE;
      if (n_read >= 3 && memcmp (self->buffer, "\xef\xbb\xbf", 3) == 0)
        {
          self->buffer_start = 3;
          self->position = 3;
        }
    }

  return TRUE;
}

static void
set_not_vcard_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("This is not a vCard file: no contact card was found at its start."));
}

/* The next line into self->line, without its LF or CRLF; what does not fit
 * in MAX_PROPERTY is read and dropped. */
static ReadResult
read_line (CltVCardReader  *self,
           GCancellable    *cancellable,
           GError         **error)
{
  gsize n_bytes = 0;

  g_byte_array_set_size (self->line, 0);
  self->line_truncated = FALSE;

  if (!self->found_card && self->position > SNIFF_SIZE)
    {
      set_not_vcard_error (error);
      return READ_FAILED;
    }

  for (;;)
    {
      const guint8 *start = self->buffer + self->buffer_start;
      gsize available = self->buffer_end - self->buffer_start;
      const guint8 *newline = memchr (start, '\n', available);
      gsize take = newline != NULL ? (gsize) (newline - start) : available;
      gsize room = MAX_PROPERTY - self->line->len;

      if (take > room)
        self->line_truncated = TRUE;
      g_byte_array_append (self->line, start, MIN (take, room));
      self->buffer_start += take;
      self->position += take;
      n_bytes += take;

      if (newline != NULL)
        {
          self->buffer_start++;
          self->position++;
          break;
        }

      /* A line this long at the start cannot be a BEGIN:VCARD. */
      if (!self->found_card && self->position > SNIFF_SIZE && n_bytes > 1024)
        {
          set_not_vcard_error (error);
          return READ_FAILED;
        }

      if (self->eof)
        {
          if (n_bytes == 0)
            return READ_END;
          break;
        }

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !fill_buffer (self, cancellable, error))
        return READ_FAILED;
    }

  if (self->line->len > 0 && self->line->data[self->line->len - 1] == '\r')
    g_byte_array_set_size (self->line, self->line->len - 1);
  self->line_number++;

  return READ_LINE;
}

static gboolean
is_blank (const guint8 *data,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r')
      return FALSE;

  return TRUE;
}

static gsize
token_length (const char *p,
              const char *end)
{
  const char *q = p;

  while (q < end && (g_ascii_isalnum (*q) || *q == '-' || *q == '_'))
    q++;

  return q - p;
}

static const char *
skip_blanks (const char *p,
             const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t'))
    p++;

  return p;
}

static gboolean
has_prefix_nocase (const char *p,
                   const char *end,
                   const char *prefix)
{
  gsize len = strlen (prefix);

  return (gsize) (end - p) >= len && g_ascii_strncasecmp (p, prefix, len) == 0;
}

/* "BEGIN:VCARD" or "END:VCARD", in any case, maybe after a group. */
static gboolean
is_card_line (GByteArray *line,
              const char *keyword)
{
  const char *p = (const char *) line->data;
  const char *end = p + line->len;
  gsize n = token_length (p, end);

  if (n > 0 && p + n < end && p[n] == '.')
    p += n + 1;
  if (!has_prefix_nocase (p, end, keyword))
    return FALSE;
  p = skip_blanks (p + strlen (keyword), end);
  if (!has_prefix_nocase (p, end, ":"))
    return FALSE;
  p = skip_blanks (p + 1, end);
  if (!has_prefix_nocase (p, end, "VCARD"))
    return FALSE;

  return is_blank ((const guint8 *) p + 5, end - p - 5);
}

/* Parsing one property */

static gboolean
slice_is (const char *p,
          gsize       len,
          const char *word)
{
  return len == strlen (word) && g_ascii_strncasecmp (p, word, len) == 0;
}

static gboolean
is_binary_name (const char *name,
                gsize       len)
{
  return slice_is (name, len, "PHOTO") || slice_is (name, len, "LOGO") ||
         slice_is (name, len, "SOUND") || slice_is (name, len, "KEY");
}

static void
trim_slice (const char **p,
            gsize       *len)
{
  while (*len > 0 && (**p == ' ' || **p == '\t'))
    (*p)++, (*len)--;
  while (*len > 0 && ((*p)[*len - 1] == ' ' || (*p)[*len - 1] == '\t'))
    (*len)--;
}

/* Appends a parameter value to the clean head: valid UTF-8, without
 * control characters or quotes, quoted unless plain. FALSE when nothing
 * is left of it. */
static gboolean
append_param_value (GString    *head,
                    const char *p,
                    gsize       len)
{
  g_autofree char *valid = NULL;
  gsize start = head->len;
  gboolean plain = TRUE;

  trim_slice (&p, &len);
  if (!g_utf8_validate_len (p, len, NULL))
    {
      valid = g_utf8_make_valid (p, len);
      p = valid;
      len = strlen (valid);
    }

  g_string_append_c (head, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = p[i];

      if (c < 0x20 || c == 0x7f || c == '"')
        continue;
      plain = plain && (g_ascii_isalnum (c) || strchr ("-_./+", c) != NULL);
      g_string_append_c (head, c);
    }

  if (head->len == start + 1)
    {
      g_string_truncate (head, start);
      return FALSE;
    }
  if (plain)
    g_string_erase (head, start, 1);
  else
    g_string_append_c (head, '"');

  return TRUE;
}

/* A property's head as understood, rewritten clean for EVCard in a
 * GString the reader keeps, and its value, still raw. */
typedef struct
{
  GString    *head;
  const char *name;          /* into the property's bytes */
  gsize       name_len;
  char        charset[32];   /* "" when none was declared */
  gboolean    quoted_printable;
  gboolean    binary;
  const char *value;
  gsize       value_len;
} Property;

/* Where a parameter value ends: its closing quote, or a ',', ';' or ':'. */
static const char *
param_value_end (const char  *p,
                 const char  *end,
                 const char **value,
                 gsize       *value_len)
{
  if (p < end && *p == '"')
    {
      const char *close = memchr (p + 1, '"', end - p - 1);

      if (close == NULL)
        close = end;
      *value = p + 1;
      *value_len = close - p - 1;
      p = close < end ? close + 1 : end;
      /* Anything between the quote and the next separator is dropped. */
      while (p < end && *p != ',' && *p != ';' && *p != ':')
        p++;
      return p;
    }

  *value = p;
  while (p < end && *p != ',' && *p != ';' && *p != ':')
    p++;
  *value_len = p - *value;

  return p;
}

/* Reads one parameter, from after its ';' to the ';' or ':' that ends
 * it: an encoding or a charset is noted, anything else is written to the
 * head; a malformed one is dropped. */
static const char *
parse_param (const char *p,
             const char *end,
             Property   *property)
{
  const char *name = p = skip_blanks (p, end);
  gsize name_len = token_length (p, end);
  const char *after = skip_blanks (p + name_len, end);
  const char *value;
  gsize value_len;

  if (name_len > 0 && after < end && *after == '=')
    {
      gsize start = property->head->len;
      gboolean any = FALSE;

      p = after + 1;
      if (slice_is (name, name_len, "ENCODING") || slice_is (name, name_len, "CHARSET"))
        {
          p = param_value_end (skip_blanks (p, end), end, &value, &value_len);
          trim_slice (&value, &value_len);
          /* The value is a slice of bytes with no nul after it. */
          if (slice_is (name, name_len, "CHARSET"))
            {
              gsize n = MIN (value_len, sizeof property->charset - 1);

              memcpy (property->charset, value, n);
              property->charset[n] = '\0';
            }
          else if (slice_is (value, value_len, "QUOTED-PRINTABLE"))
            property->quoted_printable = TRUE;
          else if (slice_is (value, value_len, "B") || slice_is (value, value_len, "BASE64"))
            property->binary = TRUE;
          while (p < end && *p != ';' && *p != ':')
            p++;
          return p;
        }

      g_string_append_c (property->head, ';');
      g_string_append_len (property->head, name, name_len);
      g_string_append_c (property->head, '=');
      for (;;)
        {
          p = param_value_end (skip_blanks (p, end), end, &value, &value_len);
          if (any)
            g_string_append_c (property->head, ',');
          if (append_param_value (property->head, value, value_len))
            any = TRUE;
          else if (any)
            g_string_truncate (property->head, property->head->len - 1);

          if (slice_is (name, name_len, "VALUE") && slice_is (value, value_len, "BINARY"))
            property->binary = TRUE;

          if (p < end && *p == ',')
            p++;
          else
            break;
        }
      if (!any)
        g_string_truncate (property->head, start);

      return p;
    }

  /* vCard 2.1 writes types and encodings bare: "TEL;CELL;VOICE:",
   * "NOTE;QUOTED-PRINTABLE:". */
  if (name_len > 0 && (after == end || *after == ';' || *after == ':'))
    {
      if (slice_is (name, name_len, "QUOTED-PRINTABLE"))
        property->quoted_printable = TRUE;
      else if (slice_is (name, name_len, "BASE64"))
        property->binary = TRUE;
      else if (!slice_is (name, name_len, "8BIT") && !slice_is (name, name_len, "7BIT"))
        {
          g_string_append (property->head, ";TYPE=");
          g_string_append_len (property->head, name, name_len);
        }
      return after;
    }

  while (p < end && *p != ';' && *p != ':')
    p++;

  return p;
}

/* "group.NAME;PARAM=value:value": FALSE when it is not a property. */
static gboolean
parse_property (const char *p,
                const char *end,
                Property   *property)
{
  gsize n = token_length (p, end);

  if (n == 0)
    return FALSE;

  property->name = p;
  property->name_len = n;
  p += n;
  if (p < end && *p == '.')
    {
      p++;
      n = token_length (p, end);
      if (n == 0)
        return FALSE;
      property->name = p;
      property->name_len = n;
      p += n;
    }

  p = skip_blanks (p, end);
  while (p < end && *p == ';')
    p = parse_param (p + 1, end, property);

  if (p == end || *p != ':')
    return FALSE;

  property->value = p + 1;
  property->value_len = end - p - 1;

  return TRUE;
}

/**
 * clt_vcard_split_property:
 * @line: one unfolded line of a card, nul-terminated
 * @group: (out) (nullable): its group, lowered ("item3"), if any
 * @name: (out): its name, as written
 *
 * Returns: whether @line is a property as the reader reads it, and not
 *   quoted-printable (whose soft line breaks are not folds).
 */
gboolean
clt_vcard_split_property (const char  *line,
                          char       **group,
                          char       **name)
{
  g_autoptr(GString) head = g_string_new (NULL);
  Property property = { .head = head };
  gsize len = strlen (line);

  if (!parse_property (line, line + len, &property) || property.quoted_printable)
    return FALSE;

  *group = property.name > line ? g_ascii_strdown (line, property.name - line - 1) : NULL;
  *name = g_strndup (property.name, property.name_len);

  return TRUE;
}

/* Looks at the first line of a property: is it a photo or other binary
 * data (skipped without keeping its bytes), is it quoted-printable (whose
 * soft line breaks join lines)? */
static void
inspect_property (CltVCardReader *self)
{
  const char *p = (const char *) self->line->data;
  const char *end = p + self->line->len;
  const char *head_end = p;
  gsize n = token_length (p, end);
  gboolean quoted = FALSE;
  char head[256];
  gsize head_len;

  while (head_end < end && (quoted || *head_end != ':'))
    {
      if (*head_end == '"')
        quoted = !quoted;
      head_end++;
    }

  if (n > 0 && p + n < end && p[n] == '.')
    {
      p += n + 1;
      n = token_length (p, end);
    }

  self->property_binary = is_binary_name (p, n);
  self->property_qp = FALSE;
  if (memchr (p, ';', head_end - p) == NULL)
    return;

  /* The parameters, in capitals, as far as they are worth looking at. */
  head_len = MIN ((gsize) (head_end - p), sizeof head - 2);
  for (gsize i = 0; i < head_len; i++)
    head[i] = g_ascii_toupper (p[i]);
  head[head_len] = ':';
  head[head_len + 1] = '\0';

  self->property_binary = self->property_binary ||
                          strstr (head, "BASE64") != NULL ||
                          strstr (head, "ENCODING=B;") != NULL ||
                          strstr (head, "ENCODING=B:") != NULL ||
                          strstr (head, "VALUE=BINARY") != NULL;
  self->property_qp = strstr (head, "QUOTED-PRINTABLE") != NULL;
}

/* Decodes quoted-printable bytes, keeping the value's syntax: a decoded
 * ';', ',' or '\' is text, not a separator nor an escape, so it is escaped
 * for EVCard, and a decoded line break becomes \n. */
static GString *
decode_quoted_printable (const char *p,
                         gsize       len)
{
  GString *out = g_string_sized_new (len);

  /* A soft line break with no line after it. */
  while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
    len--;
  if (len > 0 && p[len - 1] == '=')
    len--;

  for (gsize i = 0; i < len; i++)
    {
      char c = p[i];

      if (c != '=' || i + 2 >= len || !g_ascii_isxdigit (p[i + 1]) || !g_ascii_isxdigit (p[i + 2]))
        {
          g_string_append_c (out, c);
          continue;
        }

      c = g_ascii_xdigit_value (p[i + 1]) << 4 | g_ascii_xdigit_value (p[i + 2]);
      i += 2;
      switch (c)
        {
        case ';':
        case ',':
        case '\\':
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
          break;
        case '\r':
          if (has_prefix_nocase (p + i + 1, p + len, "=0A"))
            break;
          G_GNUC_FALLTHROUGH;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\0':
          break;
        default:
          g_string_append_c (out, c);
        }
    }

  return out;
}

static gboolean
is_western_charset (const char *charset)
{
  static const char * const names[] = {
    "ISO-8859-1", "ISO8859-1", "ISO_8859-1", "LATIN1", "US-ASCII", "ASCII", "CP1252",
    "WINDOWS-1252",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (charset, names[i]) == 0)
      return TRUE;

  return FALSE;
}

/* Text that is not UTF-8, read in its declared charset; without one, or
 * when it does not fit, as Windows-1252, which is what old Windows and
 * Outlook exports are, and then *guessed is set. */
static char *
convert_to_utf8 (const char *bytes,
                 gsize       len,
                 const char *charset,
                 gboolean   *guessed)
{
  char *text;

  if (*charset != '\0' && !is_western_charset (charset) &&
      g_ascii_strcasecmp (charset, "UTF-8") != 0 && g_ascii_strcasecmp (charset, "UTF8") != 0)
    {
      text = g_convert (bytes, len, "UTF-8", charset, NULL, NULL, NULL);
      if (text != NULL && g_utf8_validate (text, -1, NULL))
        return text;
      g_free (text);
    }

  *guessed = *charset == '\0' || !is_western_charset (charset);

  text = g_convert (bytes, len, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (text == NULL)
    text = g_convert (bytes, len, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  if (text == NULL)
    text = g_utf8_make_valid (bytes, len);

  return text;
}

/* A value as EVCard can read it without a warning: no control character,
 * and a backslash that escapes nothing EVCard knows is a backslash. "\:",
 * which some exporters write, is a colon. */
static void
append_clean_value (GString    *out,
                    const char *text,
                    gsize       len)
{
  const char *end = text + len;

  for (const char *p = text; p < end; p++)
    {
      if (*p == '\\')
        {
          char next = p + 1 < end ? p[1] : '\0';

          if (next != '\0' && strchr ("nNrR;,\\", next) != NULL)
            {
              g_string_append_c (out, '\\');
              g_string_append_c (out, next);
              p++;
            }
          else if (next == ':')
            {
              g_string_append_c (out, ':');
              p++;
            }
          else
            {
              g_string_append (out, "\\\\");
            }
        }
      else if ((guchar) *p >= 0x20 && *p != 0x7f)
        {
          g_string_append_c (out, *p);
        }
      else if (*p == '\t')
        {
          g_string_append_c (out, ' ');
        }
    }
}

/* Adds a finished property to the card as one clean line, or counts it
 * among the lines that could not be read. */
static void
card_add_property (CltVCardReader *self,
                   const char     *data,
                   gsize           len)
{
  Property property = { .head = self->head };
  g_autoptr(GString) decoded = NULL;
  g_autofree char *converted = NULL;
  const char *value;
  gsize value_len;
  gsize start = self->card->len;
  gboolean guessed = FALSE;

  if (self->card_too_big)
    return;

  g_string_truncate (self->head, 0);
  if (memchr (data, '\0', len) != NULL || !parse_property (data, data + len, &property))
    {
      self->bad_lines++;
      return;
    }

  if (slice_is (property.name, property.name_len, "VERSION"))
    {
      self->version_2_1 = property.value_len >= 3 && strncmp (property.value, "2.1", 3) == 0;
      if (!self->one_card)
        return;
    }

  /* What would not be read is not given to EVCard: BEGIN and END inside
   * a card, photos and other binaries, PRODID, REV, URL… */
  if (property.binary || (!self->one_card && !clt_vcard_is_read (property.name, property.name_len)))
    return;

  value = property.value;
  value_len = property.value_len;
  if (property.quoted_printable)
    {
      decoded = decode_quoted_printable (value, value_len);
      value = decoded->str;
      value_len = decoded->len;
    }
  if (!g_utf8_validate_len (value, value_len, NULL))
    {
      converted = convert_to_utf8 (value, value_len, property.charset, &guessed);
      value = converted;
      value_len = strlen (converted);
    }

  /* vCard 2.1 has no default charset: without one, 8-bit text is the
   * Windows charset of the program that wrote it, as expected. */
  if (guessed && (*property.charset != '\0' || !self->version_2_1))
    self->recoded = TRUE;

  g_string_append_len (self->card, data, property.name + property.name_len - data);
  g_string_append_len (self->card, self->head->str, self->head->len);
  g_string_append_c (self->card, ':');
  append_clean_value (self->card, value, value_len);
  g_string_append_c (self->card, '\n');

  if (self->card->len > MAX_CARD)
    {
      g_string_truncate (self->card, start);
      self->card_too_big = TRUE;
    }
}

/* Cards and properties */

static void
flush_junk (CltVCardReader *self)
{
  g_autofree char *reason = NULL;

  if (self->junk_first == 0 || self->one_card)
    return;

  if (self->junk_first == self->junk_last)
    reason = g_strdup_printf (_("Line %u is not part of any card: skipped."), self->junk_first);
  else
    reason = g_strdup_printf (_("Lines %u to %u are not part of any card: skipped."),
                              self->junk_first, self->junk_last);
  queue_problem (self, self->junk_first, reason);
  self->junk_first = self->junk_last = 0;
}

static void
finish_property (CltVCardReader *self)
{
  if (!self->property_open)
    return;

  self->property_open = FALSE;
  if (self->property_too_long)
    {
      if (self->long_line == 0)
        self->long_line = self->property_line;
    }
  else if (!self->property_binary)
    {
      card_add_property (self, (const char *) self->property->data, self->property->len);
    }

  if (self->property->len > 64 * 1024)
    {
      g_byte_array_unref (self->property);
      self->property = g_byte_array_new ();
    }
  g_byte_array_set_size (self->property, 0);
}

static void
append_to_property (CltVCardReader *self,
                    const guint8   *data,
                    gsize           len)
{
  if (self->line_truncated)
    self->property_too_long = TRUE;
  if (self->property_binary || self->property_too_long)
    return;

  if (self->property->len + len > MAX_PROPERTY)
    {
      self->property_too_long = TRUE;
      g_byte_array_set_size (self->property, 0);
      return;
    }
  g_byte_array_append (self->property, data, len);
}

/* A quoted-printable line that ends with '=' goes on in the next one. */
static gboolean
ends_with_soft_break (GByteArray *line)
{
  gsize len = line->len;

  while (len > 0 && (line->data[len - 1] == ' ' || line->data[len - 1] == '\t'))
    len--;

  return len > 0 && line->data[len - 1] == '=';
}

static void
start_property (CltVCardReader *self)
{
  self->property_open = TRUE;
  self->property_line = self->line_number;
  self->property_too_long = FALSE;
  inspect_property (self);
  append_to_property (self, self->line->data, self->line->len);
  self->property_soft_break = self->property_qp && ends_with_soft_break (self->line);
}

static void
start_card (CltVCardReader *self)
{
  self->in_card = TRUE;
  self->found_card = TRUE;
  self->card_line = self->line_number;
  self->card_too_big = FALSE;
  self->version_2_1 = FALSE;
  self->recoded = FALSE;
  self->long_line = 0;
  self->bad_lines = 0;
  if (self->card->allocated_len > 256 * 1024)
    {
      g_string_free (self->card, TRUE);
      self->card = g_string_new (NULL);
    }
  g_string_assign (self->card, "BEGIN:VCARD\n");
}

static void
card_cut_short (CltVCardReader *self)
{
  g_autofree char *reason = g_strdup_printf (_("Card at line %u has no END:VCARD line (the file may be cut short): skipped."),
                                             self->card_line);

  finish_property (self);
  self->in_card = FALSE;
  queue_problem (self, self->card_line, reason);
}

static void
finish_card (CltVCardReader *self)
{
  EVCard *vcard;
  CltRecord *record;

  finish_property (self);
  self->in_card = FALSE;
  g_string_append (self->card, "END:VCARD\n");
  vcard = e_vcard_new_from_string (self->card->str);
  if (self->one_card)
    {
      self->parsed = vcard;
      self->done = TRUE;
      return;
    }
  record = clt_vcard_to_record (vcard, self->card_line);
  g_object_unref (vcard);

  if (record == NULL)
    {
      g_autofree char *reason = g_strdup_printf (_("Card at line %u has no name, e-mail or phone number: skipped."),
                                                 self->card_line);

      queue_problem (self, self->card_line, reason);
      return;
    }

  if (self->long_line != 0)
    {
      g_autofree char *reason = g_strdup_printf (_("Card at line %u: line %u is longer than 1 MB and was left out."),
                                                 self->card_line, self->long_line);

      queue_problem (self, self->card_line, reason);
    }
  if (self->bad_lines > 0)
    {
      g_autofree char *reason = g_strdup_printf (ngettext ("Card at line %u: %u line could not be read and was left out.",
                                                           "Card at line %u: %u lines could not be read and were left out.",
                                                           self->bad_lines),
                                                 self->card_line, self->bad_lines);

      queue_problem (self, self->card_line, reason);
    }
  if (self->card_too_big)
    {
      g_autofree char *reason = g_strdup_printf (_("Card at line %u is larger than 4 MB: the rest of it was left out."),
                                                 self->card_line);

      queue_problem (self, self->card_line, reason);
    }
  if (self->recoded)
    {
      g_autofree char *reason = g_strdup_printf (_("Card at line %u: some text was not in the expected character set and was read as Western European (Windows-1252): check its accents."),
                                                 self->card_line);

      queue_problem (self, self->card_line, reason);
    }

  queue_record (self, record);
}

static void
take_card_line (CltVCardReader *self)
{
  GByteArray *line = self->line;
  gboolean folded = line->len > 0 && (line->data[0] == ' ' || line->data[0] == '\t');

  if (!folded && is_card_line (line, "END"))
    {
      finish_card (self);
      return;
    }

  if (!folded && is_card_line (line, "BEGIN"))
    {
      card_cut_short (self);
      start_card (self);
      return;
    }

  /* After a quoted-printable soft line break, the whole next line is text,
   * its leading blanks too. */
  if (self->property_open && self->property_soft_break)
    {
      gsize len = self->property->len;

      /* Drop the '=' and the blanks after it. */
      while (len > 0 && self->property->data[len - 1] != '=')
        len--;
      if (len > 0)
        g_byte_array_set_size (self->property, len - 1);
      append_to_property (self, line->data, line->len);
      self->property_soft_break = ends_with_soft_break (line);
      return;
    }

  if (folded)
    {
      if (self->property_open)
        {
          append_to_property (self, line->data + 1, line->len - 1);
          self->property_soft_break = self->property_qp && ends_with_soft_break (line);
        }
      else if (!is_blank (line->data, line->len))
        {
          self->bad_lines++;
        }
      return;
    }

  /* vCard 2.1 base64 runs on in lines that do not begin with a blank. */
  if (self->property_open && self->property_binary && memchr (line->data, ':', line->len) == NULL)
    return;

  finish_property (self);
  if (!is_blank (line->data, line->len))
    start_property (self);
}

static void
take_line (CltVCardReader *self)
{
  if (self->in_card)
    {
      take_card_line (self);
    }
  else if (is_card_line (self->line, "BEGIN"))
    {
      flush_junk (self);
      start_card (self);
    }
  else if (!is_blank (self->line->data, self->line->len))
    {
      self->found_text = TRUE;
      if (self->junk_first == 0)
        self->junk_first = self->line_number;
      self->junk_last = self->line_number;
    }
}

static gboolean
finish_file (CltVCardReader  *self,
             GError         **error)
{
  self->done = TRUE;

  if (self->in_card)
    card_cut_short (self);
  flush_junk (self);

  if (!self->found_card)
    {
      g_queue_clear_full (&self->pending, (GDestroyNotify) item_free);
      if (self->found_text)
        {
          set_not_vcard_error (error);
          return FALSE;
        }
      queue_problem (self, 1, _("The file is empty: there is no card in it."));
    }

  return TRUE;
}

/* CltRecordReader */

static gboolean
clt_vcard_reader_next (CltRecordReader   *reader,
                       CltRecord        **record,
                       CltRecordProblem **problem,
                       GCancellable      *cancellable,
                       GError           **error)
{
  CltVCardReader *self = CLT_VCARD_READER (reader);
  Item *item;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  while (g_queue_is_empty (&self->pending) && !self->done)
    {
      switch (read_line (self, cancellable, error))
        {
        case READ_LINE:
          take_line (self);
          break;
        case READ_END:
          if (!finish_file (self, error))
            return FALSE;
          break;
        case READ_FAILED:
        default:
          self->done = TRUE;
          g_queue_clear_full (&self->pending, (GDestroyNotify) item_free);
          return FALSE;
        }
    }

  item = g_queue_pop_head (&self->pending);
  if (item == NULL)
    return FALSE;

  *record = g_steal_pointer (&item->record);
  *problem = g_steal_pointer (&item->problem);
  item_free (item);

  return TRUE;
}

static goffset
clt_vcard_reader_get_position (CltRecordReader *reader)
{
  return CLT_VCARD_READER (reader)->position;
}

static void
reader_iface_init (CltRecordReaderInterface *iface)
{
  iface->next = clt_vcard_reader_next;
  iface->get_position = clt_vcard_reader_get_position;
}

static void
clt_vcard_reader_finalize (GObject *object)
{
  CltVCardReader *self = CLT_VCARD_READER (object);

  g_clear_object (&self->stream);
  g_free (self->buffer);
  g_byte_array_unref (self->line);
  g_byte_array_unref (self->property);
  g_string_free (self->card, TRUE);
  g_string_free (self->head, TRUE);
  g_queue_clear_full (&self->pending, (GDestroyNotify) item_free);
  g_clear_object (&self->parsed);

  G_OBJECT_CLASS (clt_vcard_reader_parent_class)->finalize (object);
}

static void
clt_vcard_reader_class_init (CltVCardReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clt_vcard_reader_finalize;
}

static void
clt_vcard_reader_init (CltVCardReader *self)
{
  self->buffer = g_malloc (CHUNK_SIZE);
  self->at_start = TRUE;
  self->line = g_byte_array_new ();
  self->property = g_byte_array_new ();
  self->card = g_string_new (NULL);
  self->head = g_string_new (NULL);
  g_queue_init (&self->pending);
}

/**
 * clt_vcard_reader_new:
 * @stream: the file, read from its current position
 *
 * Returns: (transfer full): a reader of the cards of @stream; a card that
 *   cannot be imported, or that lost some of its text, gives a problem
 *   before its record (if any), with the line where the card begins.
 */
CltRecordReader *
clt_vcard_reader_new (GInputStream *stream)
{
  CltVCardReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (CLT_TYPE_VCARD_READER, NULL);
  self->stream = g_object_ref (stream);

  return CLT_RECORD_READER (self);
}

/**
 * clt_vcard_parse_card:
 * @text: one card, as a CardDAV server serves it
 * @error: where to say why it cannot be read
 *
 * Cleans the card as the import does (charsets, quoted-printable, what
 * EVCard would warn about, photos left out) but keeps every other
 * property, X- ones included.
 *
 * Returns: (transfer full) (nullable): the first card of @text; %NULL
 *   when there is none, or when it is cut short or has lines that cannot
 *   be read (to take it without them would remove what they held).
 */
EVCard *
clt_vcard_parse_card (const char  *text,
                      GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(CltVCardReader) self = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  stream = g_memory_input_stream_new_from_data (text, strlen (text), NULL);
  self = CLT_VCARD_READER (clt_vcard_reader_new (stream));
  self->one_card = TRUE;

  while (!self->done)
    {
      ReadResult result = read_line (self, NULL, NULL);

      if (result == READ_LINE)
        take_line (self);
      else if (result == READ_END)
        finish_file (self, NULL);
      else
        break;
    }

  if (self->parsed == NULL && !self->found_card)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("This is not a contact card (vCard)."));
  else if (self->parsed == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The contact card is cut short: it has no END:VCARD line."));
  else if (self->long_line != 0 || self->card_too_big)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("The contact card is too large to be read whole."));
  else if (self->bad_lines > 0)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 ngettext ("The contact card is damaged: %u line cannot be read.",
                           "The contact card is damaged: %u lines cannot be read.",
                           self->bad_lines),
                 self->bad_lines);
  else
    return g_steal_pointer (&self->parsed);

  return NULL;
}

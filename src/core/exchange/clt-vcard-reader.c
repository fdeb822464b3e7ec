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

typedef struct
{
  char      *name;     /* NULL for a vCard 2.1 bare value: a type or an encoding */
  GPtrArray *values;
} Param;

typedef struct
{
  char       *group;
  char       *name;
  GPtrArray  *params;
  const char *value;   /* into the property's bytes */
  gsize       value_len;
} Property;

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
  goffset       line_start;
  guint         line_number;      /* of the line just read */
  GByteArray   *line;             /* without its LF or CRLF */
  gboolean      line_truncated;   /* longer than MAX_PROPERTY: the rest was dropped */

  gboolean      found_card;
  gboolean      found_text;
  guint         junk_first;       /* lines outside any card, 0 for none */
  guint         junk_last;
  gboolean      done;
  GQueue        pending;          /* Item */

  /* The card being read. */
  gboolean      in_card;
  guint         card_line;
  GString      *card;             /* clean lines for EVCard */
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
param_free (Param *param)
{
  g_free (param->name);
  g_ptr_array_unref (param->values);
  g_free (param);
}

static void
property_clear (Property *property)
{
  g_clear_pointer (&property->group, g_free);
  g_clear_pointer (&property->name, g_free);
  g_clear_pointer (&property->params, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Property, property_clear)

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

static gboolean
set_not_vcard_error (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("This is not a vCard file: no contact card was found at its start."));
  return FALSE;
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
  self->line_start = self->position;

  if (!self->found_card && self->line_start > SNIFF_SIZE)
    return set_not_vcard_error (error), READ_FAILED;

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
        return set_not_vcard_error (error), READ_FAILED;

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

static char *
clean_param_value (const char *p,
                   gsize       len)
{
  g_autofree char *valid = g_utf8_make_valid (p, len);
  GString *out = g_string_new (NULL);

  for (const char *q = valid; *q; q++)
    if ((guchar) *q >= 0x20 && *q != 0x7f && *q != '"')
      g_string_append_c (out, *q);

  g_strstrip (out->str);
  out->len = strlen (out->str);

  return g_string_free (out, FALSE);
}

static void
param_add_value (Param      *param,
                 const char *p,
                 gsize       len)
{
  char *value = clean_param_value (p, len);

  if (*value != '\0')
    g_ptr_array_add (param->values, value);
  else
    g_free (value);
}

static Param *
param_new (char *name)
{
  Param *param = g_new0 (Param, 1);

  param->name = name;
  param->values = g_ptr_array_new_with_free_func (g_free);

  return param;
}

/* One parameter, from after its ';' to the ';' or ':' that ends it; a
 * malformed one is dropped. */
static const char *
parse_param (const char *p,
             const char *end,
             GPtrArray  *params)
{
  const char *start = p = skip_blanks (p, end);
  gsize n = token_length (p, end);
  const char *after = skip_blanks (p + n, end);
  Param *param;

  if (n > 0 && after < end && *after == '=')
    {
      param = param_new (g_strndup (start, n));
      p = after + 1;
      for (;;)
        {
          p = skip_blanks (p, end);
          if (p < end && *p == '"')
            {
              const char *close = memchr (p + 1, '"', end - p - 1);

              if (close == NULL)
                close = end;
              param_add_value (param, p + 1, close - p - 1);
              p = close < end ? close + 1 : end;
              while (p < end && *p != ',' && *p != ';' && *p != ':')
                p++;
            }
          else
            {
              const char *q = p;

              while (q < end && *q != ',' && *q != ';' && *q != ':')
                q++;
              param_add_value (param, p, q - p);
              p = q;
            }

          if (p < end && *p == ',')
            p++;
          else
            break;
        }

      if (param->values->len > 0)
        g_ptr_array_add (params, param);
      else
        param_free (param);

      return p;
    }

  if (n > 0 && (after == end || *after == ';' || *after == ':'))
    {
      param = param_new (NULL);
      param_add_value (param, start, n);
      g_ptr_array_add (params, param);
      return after;
    }

  while (p < end && *p != ';' && *p != ':')
    p++;

  return p;
}

static gboolean
parse_property (const char *p,
                const char *end,
                Property   *property)
{
  gsize n = token_length (p, end);

  property->params = g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);
  if (n == 0)
    return FALSE;

  property->name = g_strndup (p, n);
  p += n;
  if (p < end && *p == '.')
    {
      p++;
      n = token_length (p, end);
      if (n == 0)
        return FALSE;
      property->group = g_steal_pointer (&property->name);
      property->name = g_strndup (p, n);
      p += n;
    }

  p = skip_blanks (p, end);
  while (p < end && *p == ';')
    p = parse_param (p + 1, end, property->params);

  if (p == end || *p != ':')
    return FALSE;

  property->value = p + 1;
  property->value_len = end - p - 1;

  return TRUE;
}

static gboolean
is_binary_name (const char *name,
                gsize       len)
{
  static const char * const names[] = { "PHOTO", "LOGO", "SOUND", "KEY" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (len == strlen (names[i]) && g_ascii_strncasecmp (name, names[i], len) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
head_contains (const char *p,
               const char *end,
               const char *needle)
{
  for (; p < end; p++)
    if (has_prefix_nocase (p, end, needle))
      return TRUE;

  return FALSE;
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

  self->property_binary = is_binary_name (p, n) ||
                          head_contains (p, head_end, "BASE64") ||
                          head_contains (p, head_end, "ENCODING=B;") ||
                          head_contains (p, head_end, "ENCODING=B:") ||
                          head_contains (p, head_end, "VALUE=BINARY");
  self->property_qp = head_contains (p, head_end, "QUOTED-PRINTABLE");
}

/* Decodes quoted-printable bytes, keeping the value's syntax: a decoded
 * ';', ',' or '\' is text, not a separator nor an escape, so it is escaped
 * for EVCard, and a decoded line break becomes \n. */
static GByteArray *
decode_quoted_printable (const char *p,
                         gsize       len)
{
  GByteArray *out = g_byte_array_sized_new (len);

  /* A soft line break with no line after it. */
  while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
    len--;
  if (len > 0 && p[len - 1] == '=')
    len--;

  for (gsize i = 0; i < len; i++)
    {
      guint8 c = p[i];

      if (c == '=' && i + 2 < len + 0 && g_ascii_isxdigit (p[i + 1]) && g_ascii_isxdigit (p[i + 2]))
        {
          c = g_ascii_xdigit_value (p[i + 1]) << 4 | g_ascii_xdigit_value (p[i + 2]);
          i += 2;
          switch (c)
            {
            case ';':
            case ',':
            case '\\':
              g_byte_array_append (out, (const guint8 *) "\\", 1);
              g_byte_array_append (out, &c, 1);
              break;
            case '\r':
              if (i + 3 < len + 1 && has_prefix_nocase (p + i + 1, p + len, "=0A"))
                break;
              G_GNUC_FALLTHROUGH;
            case '\n':
              g_byte_array_append (out, (const guint8 *) "\\n", 2);
              break;
            case '\0':
              break;
            default:
              g_byte_array_append (out, &c, 1);
            }
        }
      else
        {
          g_byte_array_append (out, &c, 1);
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

/* Text that is not UTF-8 is read in its declared charset; without one, or
 * when it does not fit, as Windows-1252, which is what old Windows and
 * Outlook exports are, and *guessed is set. */
static char *
to_utf8 (const char *bytes,
         gsize       len,
         const char *charset,
         gboolean   *guessed)
{
  char *text;

  if (len == 0)
    return g_strdup ("");
  if (g_utf8_validate_len (bytes, len, NULL))
    return g_strndup (bytes, len);

  if (charset != NULL && !is_western_charset (charset) &&
      g_ascii_strcasecmp (charset, "UTF-8") != 0 && g_ascii_strcasecmp (charset, "UTF8") != 0)
    {
      text = g_convert (bytes, len, "UTF-8", charset, NULL, NULL, NULL);
      if (text != NULL && g_utf8_validate (text, -1, NULL))
        return text;
      g_free (text);
    }

  *guessed = charset == NULL || !is_western_charset (charset);

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
                    const char *text)
{
  for (const char *p = text; *p; p++)
    {
      if (*p == '\\')
        {
          char next = p[1];

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

static gboolean
is_plain_param_value (const char *value)
{
  for (const char *p = value; *p; p++)
    if (!g_ascii_isalnum (*p) && strchr ("-_./+", *p) == NULL)
      return FALSE;

  return TRUE;
}

/* Adds a finished property to the card as one clean line, or counts it
 * among the lines that could not be read. */
static void
card_add_property (CltVCardReader *self,
                   const char     *data,
                   gsize           len)
{
  g_auto(Property) property = { 0 };
  g_autoptr(GString) line = NULL;
  g_autoptr(GByteArray) decoded = NULL;
  g_autofree char *value = NULL;
  const char *charset = NULL;
  gboolean quoted_printable = FALSE;
  gboolean binary = FALSE;
  gboolean guessed = FALSE;

  if (self->card_too_big)
    return;

  if (memchr (data, '\0', len) != NULL || !parse_property (data, data + len, &property))
    {
      self->bad_lines++;
      return;
    }

  if (g_ascii_strcasecmp (property.name, "BEGIN") == 0 ||
      g_ascii_strcasecmp (property.name, "END") == 0)
    return;

  line = g_string_new (NULL);
  if (property.group != NULL)
    g_string_append_printf (line, "%s.", property.group);
  g_string_append (line, property.name);

  for (guint i = 0; i < property.params->len; i++)
    {
      Param *param = g_ptr_array_index (property.params, i);
      const char *first = g_ptr_array_index (param->values, 0);

      /* vCard 2.1 writes its encodings bare: "TEL;CELL;ENCODING=…" or "NOTE;QUOTED-PRINTABLE:". */
      if (param->name == NULL || g_ascii_strcasecmp (param->name, "ENCODING") == 0)
        {
          gboolean encoding = param->name != NULL;

          if (g_ascii_strcasecmp (first, "QUOTED-PRINTABLE") == 0)
            quoted_printable = encoding = TRUE;
          else if (g_ascii_strcasecmp (first, "BASE64") == 0 || (encoding && g_ascii_strcasecmp (first, "B") == 0))
            binary = encoding = TRUE;
          else if (g_ascii_strcasecmp (first, "8BIT") == 0 || g_ascii_strcasecmp (first, "7BIT") == 0)
            encoding = TRUE;
          if (encoding)
            continue;
        }
      else if (g_ascii_strcasecmp (param->name, "CHARSET") == 0)
        {
          charset = first;
          continue;
        }
      else if (g_ascii_strcasecmp (param->name, "VALUE") == 0 && g_ascii_strcasecmp (first, "BINARY") == 0)
        {
          binary = TRUE;
        }

      g_string_append_printf (line, ";%s=", param->name != NULL ? param->name : "TYPE");
      for (guint j = 0; j < param->values->len; j++)
        {
          const char *param_value = g_ptr_array_index (param->values, j);

          if (j > 0)
            g_string_append_c (line, ',');
          if (is_plain_param_value (param_value))
            g_string_append (line, param_value);
          else
            g_string_append_printf (line, "\"%s\"", param_value);
        }
    }

  if (binary || is_binary_name (property.name, strlen (property.name)))
    return;

  if (quoted_printable)
    {
      decoded = decode_quoted_printable (property.value, property.value_len);
      value = to_utf8 ((const char *) decoded->data, decoded->len, charset, &guessed);
    }
  else
    {
      value = to_utf8 (property.value, property.value_len, charset, &guessed);
    }

  /* vCard 2.1 has no default charset: without one, 8-bit text is the
   * Windows charset of the program that wrote it, as expected. */
  if (g_ascii_strcasecmp (property.name, "VERSION") == 0)
    self->version_2_1 = g_str_has_prefix (value, "2.1");
  else if (guessed && (charset != NULL || !self->version_2_1))
    self->recoded = TRUE;

  g_string_append_c (line, ':');
  append_clean_value (line, value);
  g_string_append_c (line, '\n');

  if (self->card->len + line->len > MAX_CARD)
    {
      self->card_too_big = TRUE;
      return;
    }
  g_string_append_len (self->card, line->str, line->len);
}


/* Cards and properties */

static void
flush_junk (CltVCardReader *self)
{
  g_autofree char *reason = NULL;

  if (self->junk_first == 0)
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
        return set_not_vcard_error (error);
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
  g_queue_clear_full (&self->pending, (GDestroyNotify) item_free);

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

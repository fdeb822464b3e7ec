/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-date-input"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clt-schedule.h"
#include "clt-text.h"

#include "clt-date-input.h"

/* What a person types is split into numbers and words: "6 déc. 2026"
 * is 6, a month, 2026; "06/12/2026" and "06.12.2026" are three numbers
 * read in the locale's order. GLib's g_date_set_parse() reads full dates
 * the same way, but takes "6/12" for 1 June 2012 and does not know the
 * Québec order for month names, hence this small reader. */

#define MAX_NUMBERS 3

typedef struct
{
  int      numbers[MAX_NUMBERS];
  int      digits[MAX_NUMBERS];
  guint    n_numbers;
  int      month;        /* from a month's name, 0 if none */
} Tokens;

/**
 * clt_date_input_order:
 *
 * The order in which the current locale (LC_TIME) writes a date's day,
 * month and year, read from how it writes 22 November 3333.
 */
CltDateOrder
clt_date_input_order (void)
{
  GDate date;
  char text[64];
  const char *day, *month, *year;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 22, G_DATE_NOVEMBER, 3333);
  if (g_date_strftime (text, sizeof text, "%x", &date) == 0)
    return CLT_DATE_ORDER_DMY;

  day = strstr (text, "22");
  month = strstr (text, "11");
  year = strstr (text, "33");
  if (day == NULL || month == NULL || year == NULL)
    return CLT_DATE_ORDER_DMY;
  if (year < month && month < day)
    return CLT_DATE_ORDER_YMD;
  if (month < day)
    return CLT_DATE_ORDER_MDY;
  return CLT_DATE_ORDER_DMY;
}

/* Lower case, without accents or dots: "Déc." is "dec". */
static char *
fold_word (const char *word)
{
  g_autofree char *ascii = g_str_to_ascii (word, NULL);
  GString *folded = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    if (g_ascii_isalpha (*p))
      g_string_append_c (folded, g_ascii_tolower (*p));

  return g_string_free (folded, FALSE);
}

static gboolean
name_matches (const char *name,
              const char *word)
{
  g_autofree char *folded = fold_word (name);

  return *folded != '\0' && g_str_has_prefix (folded, word);
}

/* 1 to 12 for a month written in the locale or in English, in full or cut
 * to three letters or more ("déc", "dece"); 0 for no month, or several. */
static int
month_from_word (const char *word)
{
  g_autofree char *folded = fold_word (word);
  gsize length = strlen (folded);
  int found = 0;

  if (length < 3)
    return 0;

  for (int month = 1; month <= 12; month++)
    {
      static const char * const english[] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december",
      };
      GDate date;
      char full[64] = "", abbreviated[64] = "";

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, month, 2000);
      g_date_strftime (full, sizeof full, "%B", &date);
      g_date_strftime (abbreviated, sizeof abbreviated, "%b", &date);
      /* English as well, whatever the locale. */
      if (name_matches (full, folded) || name_matches (abbreviated, folded) ||
          g_str_has_prefix (english[month - 1], folded))
        {
          if (found != 0 && found != month)
            return 0;
          found = month;
        }
    }

  return found;
}

/* Numbers and at most one month's name; FALSE for anything else. */
static gboolean
tokenize (const char *text,
          Tokens     *tokens)
{
  const char *p = text;

  memset (tokens, 0, sizeof *tokens);

  if (!g_utf8_validate (text, -1, NULL))
    return FALSE;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);

      if (g_ascii_isdigit (*p))
        {
          const char *start = p;
          gint64 value;

          while (g_ascii_isdigit (*p))
            p++;
          if (tokens->n_numbers == MAX_NUMBERS || p - start > 4)
            return FALSE;
          value = g_ascii_strtoll (start, NULL, 10);
          tokens->numbers[tokens->n_numbers] = (int) value;
          tokens->digits[tokens->n_numbers] = (int) (p - start);
          tokens->n_numbers++;
        }
      else if (g_unichar_isalpha (c))
        {
          const char *start = p;
          g_autofree char *word = NULL;

          while (*p != '\0' && g_unichar_isalpha (g_utf8_get_char (p)))
            p = g_utf8_next_char (p);
          word = g_strndup (start, p - start);
          /* "1er décembre", "December 1st". */
          if (tokens->n_numbers > 0 &&
              (g_strv_contains ((const char *[]) { "er", "st", "nd", "rd", "th", NULL }, word)))
            continue;
          if (tokens->month != 0)
            return FALSE;
          tokens->month = month_from_word (word);
          if (tokens->month == 0)
            return FALSE;
        }
      else if (g_unichar_isspace (c) || strchr ("/-.,", *p) != NULL)
        {
          p = g_utf8_next_char (p);
        }
      else
        {
          return FALSE;
        }
    }

  return TRUE;
}

/* A day, a month and a year (0 when not given), in the locale's order. */
static gboolean
read_parts (const char *text,
            int        *day,
            int        *month,
            int        *year,
            int        *year_digits)
{
  Tokens t;
  CltDateOrder order;

  *year = 0;
  *year_digits = 0;

  if (!tokenize (text, &t))
    return FALSE;

  order = clt_date_input_order ();

  if (t.month != 0)
    {
      *month = t.month;
      if (t.n_numbers == 1 && t.digits[0] <= 2)
        *day = t.numbers[0];
      else if (t.n_numbers == 2 && t.digits[0] <= 2 &&
               (t.digits[1] == 2 || t.digits[1] == 4))
        {
          *day = t.numbers[0];
          *year = t.numbers[1];
          *year_digits = t.digits[1];
        }
      else if (t.n_numbers == 2 && t.digits[0] == 4 && t.digits[1] <= 2)
        {
          *year = t.numbers[0];
          *year_digits = 4;
          *day = t.numbers[1];
        }
      else
        return FALSE;
    }
  else if (t.n_numbers == 3)
    {
      /* A year written first is always year, month, day (ISO 8601), and a
       * year written last is never: Québec's "06/12/2026" is day first. */
      gboolean year_first = t.digits[0] == 4 || (order == CLT_DATE_ORDER_YMD && t.digits[2] != 4);
      guint y = year_first ? 0 : 2;
      guint m = year_first ? 1 : order == CLT_DATE_ORDER_MDY ? 0 : 1;
      guint d = year_first ? 2 : order == CLT_DATE_ORDER_MDY ? 1 : 0;

      if ((t.digits[y] != 2 && t.digits[y] != 4) || t.digits[m] > 2 || t.digits[d] > 2)
        return FALSE;
      *year = t.numbers[y];
      *year_digits = t.digits[y];
      *month = t.numbers[m];
      *day = t.numbers[d];
    }
  else if (t.n_numbers == 2 && t.digits[0] <= 2 && t.digits[1] <= 2)
    {
      /* Without the year: day and month in the locale's order. */
      gboolean day_first = order == CLT_DATE_ORDER_DMY;

      *day = t.numbers[day_first ? 0 : 1];
      *month = t.numbers[day_first ? 1 : 0];
    }
  else
    return FALSE;

  return *month >= 1 && *month <= 12 && *day >= 1 && *day <= 31;
}

static gboolean
is_word (const char *text,
         const char *english,
         const char *translated)
{
  g_autofree char *folded = fold_word (text);
  g_autofree char *a = fold_word (english);
  g_autofree char *b = fold_word (translated);

  return *folded != '\0' && (strcmp (folded, a) == 0 || strcmp (folded, b) == 0);
}

/**
 * clt_date_input_parse_date:
 * @text: a date as typed: "06/12/2026", "6 déc. 2026", "6 décembre",
 *   "2026-12-06", "aujourd’hui", "demain"
 * @today: (nullable): the day "today" and a date without a year are read
 *   from; %NULL for the real today
 * @date: (out): the date
 *
 * Returns: whether @text is a date that exists
 */
gboolean
clt_date_input_parse_date (const char  *text,
                           const GDate *today,
                           GDate       *date)
{
  g_autofree char *stripped = NULL;
  GDate now;
  int day, month, year, year_digits;

  g_return_val_if_fail (date != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  stripped = g_strstrip (g_strdup (text));
  if (*stripped == '\0')
    return FALSE;

  g_date_clear (&now, 1);
  if (today != NULL && g_date_valid (today))
    now = *today;
  else
    g_date_set_time_t (&now, time (NULL));

  g_date_clear (date, 1);
  /* Translators: a word typed for a date; only its letters count. */
  if (is_word (stripped, "today", C_("typed date", "today")))
    {
      *date = now;
      return TRUE;
    }
  /* Translators: a word typed for a date; only its letters count. */
  if (is_word (stripped, "tomorrow", C_("typed date", "tomorrow")))
    {
      *date = now;
      g_date_add_days (date, 1);
      return TRUE;
    }

  if (!read_parts (stripped, &day, &month, &year, &year_digits))
    return FALSE;
  if (year_digits == 0)
    year = g_date_get_year (&now);
  else if (year_digits == 2)
    year += 2000;

  if (!g_date_valid_dmy (day, month, year))
    return FALSE;
  g_date_set_dmy (date, day, month, year);
  return TRUE;
}

/* "15h30", "15 h 30", "15h", "15:30", "3:30 pm", "3pm", "15.30"; a bare
 * "15" only when @bare is set. */
static gboolean
parse_time (const char *text,
            gboolean    bare,
            int        *hour,
            int        *minute)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autofree char *h = NULL, *separator = NULL, *m = NULL, *meridiem = NULL;
  int hours, minutes;

  if (text == NULL)
    return FALSE;

  regex = g_regex_new ("^\\s*(\\d{1,2})\\s*(?:(h|:|\\.)\\s*(\\d{2})?)?\\s*"
                       "(?:([ap])\\.?\\s*m\\.?)?\\s*$",
                       G_REGEX_CASELESS, 0, NULL);
  if (!g_regex_match (regex, text, 0, &match))
    return FALSE;

  h = g_match_info_fetch (match, 1);
  separator = g_match_info_fetch (match, 2);
  m = g_match_info_fetch (match, 3);
  meridiem = g_match_info_fetch (match, 4);

  if (!bare && (separator == NULL || *separator == '\0') &&
      (meridiem == NULL || *meridiem == '\0'))
    return FALSE;
  /* "15:" and "15." are not finished; "15h" is. */
  if (separator != NULL && *separator != '\0' && *separator != 'h' && *separator != 'H' &&
      (m == NULL || *m == '\0'))
    return FALSE;

  hours = atoi (h);
  minutes = m != NULL && *m != '\0' ? atoi (m) : 0;
  if (minutes > 59)
    return FALSE;

  if (meridiem != NULL && *meridiem != '\0')
    {
      if (hours < 1 || hours > 12)
        return FALSE;
      hours %= 12;
      if (g_ascii_tolower (*meridiem) == 'p')
        hours += 12;
    }
  else if (hours > 23)
    return FALSE;

  *hour = hours;
  *minute = minutes;
  return TRUE;
}

/**
 * clt_date_input_parse_time:
 * @text: a time as typed: "15h30", "15 h 30", "15h", "15:30", "3:30 pm",
 *   "3pm", or the hour alone
 */
gboolean
clt_date_input_parse_time (const char *text,
                           int        *hour,
                           int        *minute)
{
  g_return_val_if_fail (hour != NULL && minute != NULL, FALSE);

  return parse_time (text, TRUE, hour, minute);
}

/* "06/12/2026 à 15h30" ends with the date: drops "à", "at" and commas. */
static void
drop_joining_word (char *date)
{
  static const char * const words[] = { " à", " a", " at", " @", NULL };
  gboolean dropped;

  do
    {
      dropped = FALSE;
      g_strchomp (date);
      while (*date != '\0' && date[strlen (date) - 1] == ',')
        {
          date[strlen (date) - 1] = '\0';
          g_strchomp (date);
          dropped = TRUE;
        }
      for (guint i = 0; words[i] != NULL; i++)
        if (g_str_has_suffix (date, words[i]))
          {
            date[strlen (date) - strlen (words[i])] = '\0';
            dropped = TRUE;
          }
    }
  while (dropped);
}

/**
 * clt_date_input_parse_date_time:
 * @text: a date (clt_date_input_parse_date()), then optionally a time
 *   (clt_date_input_parse_time()): "06/12/2026 15h30", "demain à 10h",
 *   "2026-12-06T15:30"
 * @has_time: (out): whether a time was given; @hour and @minute are 0 if not
 */
gboolean
clt_date_input_parse_date_time (const char  *text,
                                const GDate *today,
                                GDate       *date,
                                int         *hour,
                                int         *minute,
                                gboolean    *has_time)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (date != NULL && hour != NULL && minute != NULL && has_time != NULL, FALSE);

  *hour = *minute = 0;
  *has_time = FALSE;
  if (text == NULL)
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  /* ISO 8601's "T" between the day and the time. */
  if (strlen (copy) > 11 && copy[10] == 'T' && g_ascii_isdigit (copy[9]) &&
      g_ascii_isdigit (copy[11]))
    copy[10] = ' ';

  if (clt_date_input_parse_date (copy, today, date))
    return TRUE;

  /* The first cut after which the rest is a time and before it a date. */
  for (char *p = copy; *p != '\0'; p++)
    {
      g_autofree char *day = NULL;

      if (*p != ' ' && *p != ',')
        continue;

      day = g_strndup (copy, p - copy);
      drop_joining_word (day);
      if (parse_time (p + 1, FALSE, hour, minute) &&
          clt_date_input_parse_date (day, today, date))
        {
          *has_time = TRUE;
          return TRUE;
        }
    }

  *hour = *minute = 0;
  return FALSE;
}

/**
 * clt_date_input_parse_due:
 * @text: a date and optionally a time, as clt_date_input_parse_date_time()
 *   reads them
 * @due: (out): when it falls due (clt_schedule_due()) in @tz
 * @all_day: (out): whether only a day was given
 *
 * What the window's date fields read, as clt_schedule_parse() reads the
 * command line's ISO dates.
 */
gboolean
clt_date_input_parse_due (GTimeZone  *tz,
                          const char *text,
                          gint64     *due,
                          gboolean   *all_day)
{
  GDate date;
  int hour, minute;
  gboolean has_time;

  g_return_val_if_fail (due != NULL && all_day != NULL, FALSE);

  if (!clt_date_input_parse_date_time (text, NULL, &date, &hour, &minute, &has_time))
    return FALSE;

  *all_day = !has_time;
  *due = clt_schedule_due (tz, g_date_get_year (&date), g_date_get_month (&date),
                           g_date_get_day (&date), hour, minute, *all_day);
  return *due != 0;
}

/**
 * clt_date_input_example:
 * @when: the day (and time) to write
 * @with_time: whether to write the time after the day
 *
 * @when as the window writes it in a field: "06/12/2026" or
 * "06/12/2026 15:30" in French, read back by clt_date_input_parse_date_time().
 */
char *
clt_date_input_example (GDateTime *when,
                        gboolean   with_time)
{
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;
  GDate date;

  g_return_val_if_fail (when != NULL, NULL);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (when), g_date_time_get_month (when),
                  g_date_time_get_year (when));
  day = clt_date_input_format_date (&date);
  if (!with_time)
    return g_steal_pointer (&day);

  clock = clt_date_input_format_time (g_date_time_get_hour (when), g_date_time_get_minute (when), FALSE);
  return g_strdup_printf ("%s %s", day, clock);
}

/**
 * clt_date_input_parse_birthday:
 * @text: a day and a month, the year optional, as typed: "6/12" (in the
 *   locale's order), "6 déc.", "6 décembre 1980", "06/12/1980", or as the
 *   book keeps it ("1980-12-06", "--12-06")
 *
 * Returns: (transfer full) (nullable): the birthday as the book keeps it,
 *   "YYYY-MM-DD" or "--MM-DD" without the year; %NULL if @text is not one
 */
char *
clt_date_input_parse_birthday (const char *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *iso = NULL;
  int day, month, year, year_digits;

  if (text == NULL)
    return NULL;
  stripped = g_strstrip (g_strdup (text));
  if (g_str_has_prefix (stripped, "--"))
    return clt_text_parse_birthday (stripped, NULL);

  if (!read_parts (stripped, &day, &month, &year, &year_digits))
    return NULL;

  if (year_digits == 0)
    iso = g_strdup_printf ("--%02d-%02d", month, day);
  else
    {
      if (year_digits == 2)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();

          /* "80" is 1980, "05" is 2005: a birthday is not to come. */
          year += year > g_date_time_get_year (now) % 100 ? 1900 : 2000;
        }
      iso = g_strdup_printf ("%04d-%02d-%02d", year, month, day);
    }

  /* The same checks as everywhere: the day exists, the year has passed. */
  return clt_text_parse_birthday (iso, NULL);
}

/* The locale's date format with a four-digit year: "%d/%m/%Y". */
static char *
date_format (void)
{
  const char *format = nl_langinfo (D_FMT);
  GString *out = g_string_new (NULL);

  if (format == NULL || *format == '\0')
    format = "%Y-%m-%d";

  for (const char *p = format; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 'y')
        {
          g_string_append (out, "%Y");
          p++;
        }
      else if (p[0] == '.' && p[1] == ' ')
        {
          /* Swiss "06. 12. 26" is typed "06.12.2026". */
          g_string_append_c (out, '.');
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/**
 * clt_date_input_format_date:
 *
 * @date as the locale writes it in full, with a four-digit year: the form
 * clt_date_input_parse_date() reads back, and the form of examples.
 */
char *
clt_date_input_format_date (const GDate *date)
{
  g_autofree char *format = date_format ();
  char text[128];

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  if (g_date_strftime (text, sizeof text, format, date) == 0)
    g_snprintf (text, sizeof text, "%04d-%02d-%02d", g_date_get_year (date),
                g_date_get_month (date), g_date_get_day (date));

  return g_strdup (text);
}

/**
 * clt_date_input_format_time:
 * @twelve_hour: the desktop's clock shows AM and PM; only followed where
 *   the locale has words for them
 */
char *
clt_date_input_format_time (int      hour,
                            int      minute,
                            gboolean twelve_hour)
{
  const char *meridiem = nl_langinfo (hour < 12 ? AM_STR : PM_STR);

  if (twelve_hour && meridiem != NULL && *meridiem != '\0')
    {
      g_autofree char *utf8 = g_locale_to_utf8 (meridiem, -1, NULL, NULL, NULL);

      return g_strdup_printf ("%d:%02d %s", hour % 12 == 0 ? 12 : hour % 12, minute,
                              utf8 ? utf8 : (hour < 12 ? "AM" : "PM"));
    }

  return g_strdup_printf ("%02d:%02d", hour, minute);
}

/**
 * clt_date_input_format_birthday:
 * @birthday: (nullable): as the book keeps it, "YYYY-MM-DD" or "--MM-DD"
 *
 * The birthday as it is typed back: the full date with its year, or the
 * day and the month's name without ("6 décembre", "December 6").
 *
 * Returns: (transfer full) (nullable): the text, %NULL for no birthday
 */
char *
clt_date_input_format_birthday (const char *birthday)
{
  g_autofree char *checked = birthday ? clt_text_parse_birthday (birthday, NULL) : NULL;
  GDate date;
  char month[64];
  int day, month_number;

  if (checked == NULL)
    return birthday != NULL && *birthday != '\0' ? g_strdup (birthday) : NULL;

  g_date_clear (&date, 1);
  if (checked[0] != '-')
    {
      g_date_set_dmy (&date, atoi (checked + 8), atoi (checked + 5), atoi (checked));
      return clt_date_input_format_date (&date);
    }

  month_number = atoi (checked + 2);
  day = atoi (checked + 5);
  g_date_set_dmy (&date, 1, month_number, 2000);
  if (g_date_strftime (month, sizeof month, "%B", &date) == 0)
    return g_strdup (checked);

  if (clt_date_input_order () == CLT_DATE_ORDER_DMY)
    return g_strdup_printf ("%d %s", day, month);
  return g_strdup_printf ("%s %d", month, day);
}

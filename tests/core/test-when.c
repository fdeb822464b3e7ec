/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <libintl.h>
#include <locale.h>

#include "clt-core.h"

/* Days and times as they read inside a sentence, in English and in French,
 * with a fixed "now": Saturday 5 December 2026, 10:00 UTC (TZ=UTC). The
 * French comes from the catalogue the build merges for the tests
 * (CLT_TEST_FR_MO: po/fr.po compiled). */

#define NOW 1796464800 /* 2026-12-05 10:00:00 UTC */
#define HOUR 3600
#define DAY (24 * HOUR)

static char *fr_dir;

static gboolean
use_language (const char *locale,
              const char *language)
{
  if (setlocale (LC_ALL, locale) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("locale %s is not installed", locale);

      g_test_skip (message);
      return FALSE;
    }
  g_setenv ("LANGUAGE", language, TRUE);
  /* gettext caches translations; a new LANGUAGE needs a fresh look. */
  textdomain (textdomain (NULL));
  return TRUE;
}

static void
check_day (gint64      when,
           const char *expected)
{
  g_autofree char *text = clt_when_format_past_day (when, NOW);

  g_assert_cmpstr (text, ==, expected);
}

static char *
summary (CltInteractionKind kind,
         gint64             when,
         guint              n)
{
  g_autoptr(CltRemember) card = clt_remember_new (1, "Hélène Dupré");

  card->last_contact = when;
  card->last_kind = kind;
  card->n_contacts = n;
  return clt_remember_format_summary (card, NOW);
}

static void
check_summary (CltInteractionKind  kind,
               gint64              when,
               guint               n,
               const char         *expected)
{
  g_autofree char *text = summary (kind, when, n);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_english (void)
{
  g_autofree char *time = NULL;
  g_autofree char *day_time = NULL;

  if (!use_language ("C.UTF-8", "en"))
    return;

  check_day (NOW - 2 * HOUR, "today");
  check_day (NOW - 10 * HOUR, "today");       /* midnight this morning */
  check_day (NOW - 10 * HOUR - 1, "yesterday");
  check_day (NOW - 4 * DAY, "last Tuesday");
  check_day (NOW - 6 * DAY, "last Sunday");
  check_day (NOW - 7 * DAY, "on 28 November");
  check_day (NOW - 346 * DAY, "on 24 December 2025");

  check_summary (CLT_INTERACTION_VISIT, NOW - HOUR, 1, "Visit today · 1 visit");
  check_summary (CLT_INTERACTION_STAY, NOW - DAY, 12, "Stay yesterday · 12 visits");
  check_summary (CLT_INTERACTION_CALL, NOW - 4 * DAY, 3, "Call last Tuesday · 3 visits");
  check_summary (CLT_INTERACTION_STAY, NOW - 332 * DAY, 5, "Stay on 7 January · 5 visits");
  g_assert_null (summary (CLT_INTERACTION_VISIT, 0, 0));

  time = clt_when_format_time_in_text (NOW + 12 * HOUR + 30 * 60);
  g_assert_cmpstr (time, ==, "22:30");
  day_time = clt_when_format_day_time_in_text (NOW + 12 * HOUR + 30 * 60);
  g_assert_cmpstr (day_time, ==, "Saturday 5 December at 22:30");

  g_assert_true (clt_when_is_today (NOW + 13 * HOUR, NOW));
  g_assert_false (clt_when_is_today (NOW + 14 * HOUR, NOW));
  g_assert_false (clt_when_is_today (NOW - 10 * HOUR - 1, NOW));
}

static void
test_french (void)
{
  g_autofree char *time = NULL;
  g_autofree char *morning = NULL;
  g_autofree char *day_time = NULL;

  g_assert_nonnull (fr_dir); /* CLT_TEST_FR_MO, the catalogue po/ builds */
  if (!use_language ("fr_FR.UTF-8", "fr"))
    return;

  check_day (NOW - 2 * HOUR, "aujourd’hui");
  check_day (NOW - 10 * HOUR - 1, "hier");
  check_day (NOW - 4 * DAY, "mardi dernier");
  check_day (NOW - 6 * DAY, "dimanche dernier");
  check_day (NOW - 7 * DAY, "le 28 novembre");
  check_day (NOW - 346 * DAY, "le 24 décembre 2025");

  check_summary (CLT_INTERACTION_VISIT, NOW - HOUR, 1, "Visite aujourd’hui · 1 passage");
  check_summary (CLT_INTERACTION_STAY, NOW - DAY, 12, "Séjour hier · 12 passages");
  check_summary (CLT_INTERACTION_CALL, NOW - 4 * DAY, 3, "Appel mardi dernier · 3 passages");
  check_summary (CLT_INTERACTION_STAY, NOW - 332 * DAY, 5, "Séjour le 7 janvier · 5 passages");

  /* "22 h 30" with no-break spaces; "9 h 05" keeps the minutes' zero only. */
  time = clt_when_format_time_in_text (NOW + 12 * HOUR + 30 * 60);
  g_assert_cmpstr (time, ==, "22\u00a0h\u00a030");
  morning = clt_when_format_time_in_text (NOW - HOUR + 5 * 60);
  g_assert_cmpstr (morning, ==, "9\u00a0h\u00a005");
  day_time = clt_when_format_day_time_in_text (NOW + 12 * HOUR + 30 * 60);
  g_assert_cmpstr (day_time, ==, "samedi 5 décembre à 22\u00a0h\u00a030");
}

/* The catalogue must sit in <dir>/fr/LC_MESSAGES/<domain>.mo for gettext. */
static char *
install_catalogue (const char *mo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clt-when-XXXXXX", &error);
  g_autofree char *messages = NULL;
  g_autofree char *target = NULL;

  g_assert_no_error (error);
  messages = g_build_filename (dir, "fr", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  target = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_assert_cmpint (symlink (mo, target), ==, 0);
  return g_steal_pointer (&dir);
}

static void
remove_catalogue (const char *dir)
{
  g_autofree char *target = g_build_filename (dir, "fr", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *messages = g_build_filename (dir, "fr", "LC_MESSAGES", NULL);
  g_autofree char *fr = g_build_filename (dir, "fr", NULL);

  g_unlink (target);
  g_rmdir (messages);
  g_rmdir (fr);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *mo = g_getenv ("CLT_TEST_FR_MO");
  int status;

  g_test_init (&argc, &argv, NULL);

  if (mo != NULL && g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      fr_dir = install_catalogue (mo);
      bindtextdomain (GETTEXT_PACKAGE, fr_dir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    }

  g_test_add_func ("/when/english", test_english);
  g_test_add_func ("/when/french", test_french);

  status = g_test_run ();
  if (fr_dir != NULL)
    remove_catalogue (fr_dir);
  g_free (fr_dir);
  return status;
}

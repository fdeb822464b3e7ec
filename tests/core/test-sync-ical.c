/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <time.h>

#include <glib.h>

#include "clt-schedule.h"
#include "clt-sync-ical.h"

#define DUE      G_GINT64_CONSTANT (1741942800)  /* 2025-03-14T09:00:00Z */
#define REMIND   G_GINT64_CONSTANT (1741939200)  /* 2025-03-14T08:00:00Z */
#define CREATED  G_GINT64_CONSTANT (1741000000)  /* 2025-03-03T11:06:40Z */
#define CLOSED   G_GINT64_CONSTANT (1741950000)  /* 2025-03-14T11:00:00Z */
#define STAMP    G_GINT64_CONSTANT (1741000000123456)
/* The time a phone says it changed the task: 2025-03-15T10:15:00Z. */
#define PHONE    G_GINT64_CONSTANT (1742033700)
#define FALLBACK G_GINT64_CONSTANT (1750000000000000)

static const char *const statuses[] = { "open", "kept", "cancelled", "broken" };

static void
set_zone (const char *zone)
{
  g_setenv ("TZ", zone, TRUE);
  tzset ();
}

/* The end of 14 March 2025 here, as the book keeps an all-day promise. */
static gint64
all_day_due (void)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  return clt_schedule_due (local, 2025, 3, 14, 0, 0, TRUE);
}

static CltSyncDoc *
make_promise (const char *status,
              gboolean    all_day,
              gboolean    remind)
{
  CltSyncDoc *doc = clt_sync_doc_new (CLT_SYNC_PROMISE, "promise-4f1c@clientele");

  clt_sync_doc_set (doc, "customer", g_variant_new_string ("customer-77ab"), STAMP, "desk-a");
  clt_sync_doc_set (doc, "text", g_variant_new_string ("Rappeler Hélène, pour la taille 38 ; « vite »\n"
                                                       "puis réserver la 12, côté jardin \\ calme"),
                    STAMP + 1, "desk-a");
  clt_sync_doc_set (doc, "promised-by", g_variant_new_string ("Zoë Lefèvre, accueil; soir"), STAMP + 2, "desk-b");
  clt_sync_doc_set (doc, "created", g_variant_new_int64 (CREATED), STAMP, "desk-a");
  clt_sync_doc_set (doc, "due", g_variant_new_int64 (all_day ? all_day_due () : DUE), STAMP + 3, "desk-b");
  clt_sync_doc_set (doc, "all-day", g_variant_new_boolean (all_day), STAMP + 3, "desk-b");
  if (remind)
    clt_sync_doc_set (doc, "remind", g_variant_new_int64 (REMIND), STAMP + 4, "desk-a");
  else
    clt_sync_doc_set (doc, "remind", NULL, STAMP + 4, "desk-a");
  clt_sync_doc_set (doc, "status", g_variant_new_string (status), STAMP + 5, "");
  if (g_strcmp0 (status, "open") != 0)
    clt_sync_doc_set (doc, "closed", g_variant_new_int64 (CLOSED), STAMP + 5, "");

  return doc;
}

static CltSyncDoc *
make_contact (void)
{
  CltSyncDoc *doc = clt_sync_doc_new (CLT_SYNC_CONTACT, "contact-91d0@clientele");

  clt_sync_doc_set (doc, "customer", g_variant_new_string ("customer-77ab"), STAMP, "desk-a");
  clt_sync_doc_set (doc, "kind", g_variant_new_string ("email-in"), STAMP, "desk-a");
  clt_sync_doc_set (doc, "at", g_variant_new_int64 (DUE), STAMP + 1, "desk-a");
  clt_sync_doc_set (doc, "planned", g_variant_new_boolean (TRUE), STAMP + 2, "desk-b");
  clt_sync_doc_set (doc, "note", g_variant_new_string ("Arrivée tardive, vers 23 h ; chambre 12\nAllergie : noix"),
                    STAMP + 3, "desk-b");
  clt_sync_doc_set (doc, "staff", g_variant_new_string ("Marie, réception"), STAMP + 4, "desk-a");
  clt_sync_doc_set (doc, "created", g_variant_new_int64 (CREATED), STAMP, "desk-a");

  return doc;
}

/* The lines of @text, unfolded. */
static GStrv
lines_of (const char *text)
{
  g_autoptr(GString) unfolded = g_string_new (text);

  g_string_replace (unfolded, "\r\n ", "", 0);
  g_string_replace (unfolded, "\r\n", "\n", 0);

  return g_strsplit (unfolded->str, "\n", -1);
}

static void
assert_has_line (const char *text,
                 const char *line)
{
  g_auto(GStrv) lines = lines_of (text);

  if (!g_strv_contains ((const char * const *) lines, line))
    g_error ("no line “%s” in:\n%s", line, text);
}

static void
assert_no_line_starting (const char *text,
                         const char *start)
{
  g_auto(GStrv) lines = lines_of (text);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], start))
      g_error ("a line “%s” in:\n%s", lines[i], text);
}

/* @text without the lines that start with one of @starts, and with
 * @from replaced by @to (when not %NULL), as another program writes it
 * back. */
static char *
edit (const char  *text,
      const char **starts,
      const char  *from,
      const char  *to)
{
  g_auto(GStrv) lines = lines_of (text);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean drop = FALSE;

      for (guint j = 0; starts != NULL && starts[j] != NULL; j++)
        drop = drop || g_str_has_prefix (lines[i], starts[j]);
      if (drop || *lines[i] == '\0')
        continue;
      if (from != NULL && g_str_equal (lines[i], from))
        g_string_append_printf (out, "%s\r\n", to);
      else
        g_string_append_printf (out, "%s\r\n", lines[i]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_field (const CltSyncDoc *doc,
              const char       *key,
              const char       *value,   /* printed GVariant, or NULL for a tombstone */
              gint64            changed,
              const char       *desk)
{
  GVariant *field = NULL;
  const char *field_desk = NULL;
  gint64 field_changed = 0;

  if (!clt_sync_doc_lookup (doc, key, &field, &field_changed, &field_desk))
    g_error ("no field %s", key);
  if (value == NULL)
    {
      g_assert_null (field);
    }
  else
    {
      g_autofree char *printed = NULL;

      g_assert_nonnull (field);
      printed = g_variant_print (field, FALSE);
      g_assert_cmpstr (printed, ==, value);
    }
  g_assert_cmpint (field_changed, ==, changed);
  g_assert_cmpstr (field_desk, ==, desk);
}

static void
assert_round_trip (const CltSyncDoc *doc)
{
  g_autofree char *text = clt_sync_ical_write (doc);
  g_autofree char *again = NULL;
  g_autoptr(CltSyncDoc) back = NULL;
  g_autoptr(CltSyncDoc) against_base = NULL;
  g_autoptr(GError) error = NULL;

  back = clt_sync_ical_read (text, NULL, FALLBACK, &error);
  g_assert_no_error (error);
  if (!clt_sync_doc_equal (doc, back, TRUE))
    {
      g_autofree char *expected = clt_sync_doc_to_string (doc);
      g_autofree char *got = clt_sync_doc_to_string (back);

      g_error ("round trip of\n%s\ngave\n%s\nthrough\n%s", expected, got, text);
    }

  against_base = clt_sync_ical_read (text, doc, FALLBACK, &error);
  g_assert_no_error (error);
  g_assert_true (clt_sync_doc_equal (doc, against_base, TRUE));

  /* The same document gives the same text. */
  again = clt_sync_ical_write (back);
  g_assert_cmpstr (text, ==, again);
}

static void
round_trip_promises (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    for (int all_day = 0; all_day <= 1; all_day++)
      for (int remind = 0; remind <= 1; remind++)
        {
          g_autoptr(CltSyncDoc) doc = make_promise (statuses[i], all_day, remind);

          assert_round_trip (doc);
        }
}

static void
test_promise_round_trip (void)
{
  set_zone ("UTC");
  round_trip_promises ();
  /* A day falls on other hours there. */
  set_zone ("Europe/Paris");
  round_trip_promises ();
  set_zone ("Pacific/Auckland");
  round_trip_promises ();
  set_zone ("UTC");
}

static void
test_promise_text (void)
{
  g_autoptr(CltSyncDoc) open = make_promise ("open", FALSE, TRUE);
  g_autoptr(CltSyncDoc) kept = make_promise ("kept", FALSE, FALSE);
  g_autoptr(CltSyncDoc) broken = make_promise ("broken", TRUE, TRUE);
  g_autoptr(CltSyncDoc) cancelled = make_promise ("cancelled", TRUE, FALSE);
  g_autofree char *open_text = NULL;
  g_autofree char *kept_text = NULL;
  g_autofree char *broken_text = NULL;
  g_autofree char *cancelled_text = NULL;

  set_zone ("Europe/Paris");
  clt_sync_doc_set (broken, "due", g_variant_new_int64 (all_day_due ()), STAMP + 3, "desk-b");
  clt_sync_doc_set (cancelled, "due", g_variant_new_int64 (all_day_due ()), STAMP + 3, "desk-b");
  open_text = clt_sync_ical_write (open);
  kept_text = clt_sync_ical_write (kept);
  broken_text = clt_sync_ical_write (broken);
  cancelled_text = clt_sync_ical_write (cancelled);

  g_assert_true (g_str_has_prefix (open_text, "BEGIN:VCALENDAR\r\n"));
  assert_has_line (open_text, "VERSION:2.0");
  assert_has_line (open_text, "PRODID:-//Clientele//Clientele " PACKAGE_VERSION "//EN");
  assert_has_line (open_text, "BEGIN:VTODO");
  assert_has_line (open_text, "UID:promise-4f1c@clientele");
  assert_has_line (open_text, "SUMMARY:Rappeler Hélène\\, pour la taille 38 \\; « vite »\\npuis réserver la 12\\, "
                              "côté jardin \\\\ calme");
  assert_has_line (open_text, "DUE:20250314T090000Z");
  assert_has_line (open_text, "CREATED:20250303T110640Z");
  assert_has_line (open_text, "DTSTAMP:20250303T110640Z");
  assert_has_line (open_text, "LAST-MODIFIED:20250303T110640Z");
  assert_has_line (open_text, "STATUS:NEEDS-ACTION");
  assert_has_line (open_text, "RELATED-TO;RELTYPE=X-CLIENTELE-CUSTOMER:customer-77ab");
  assert_has_line (open_text, "X-CLIENTELE-CUSTOMER:customer-77ab");
  assert_has_line (open_text, "X-CLIENTELE-PROMISED-BY:Zoë Lefèvre, accueil; soir");
  assert_has_line (open_text, "X-CLIENTELE-STAMP:promised-by 1741000000123458 desk-b");
  assert_has_line (open_text, "X-CLIENTELE-STAMP:status 1741000000123461 ");
  assert_has_line (open_text, "X-CLIENTELE-STATE:live 0 ");
  assert_has_line (open_text, "BEGIN:VALARM");
  assert_has_line (open_text, "ACTION:DISPLAY");
  assert_has_line (open_text, "TRIGGER;VALUE=DATE-TIME:20250314T080000Z");
  assert_no_line_starting (open_text, "COMPLETED");
  assert_no_line_starting (open_text, "X-CLIENTELE-STATUS");

  assert_has_line (kept_text, "STATUS:COMPLETED");
  assert_has_line (kept_text, "COMPLETED:20250314T110000Z");
  assert_has_line (kept_text, "X-CLIENTELE-REMOVED:remind 1741000000123460 desk-a");
  assert_no_line_starting (kept_text, "BEGIN:VALARM");

  /* Paris: the day, not 22:59:59 UTC. */
  assert_has_line (broken_text, "DUE;VALUE=DATE:20250314");
  assert_has_line (broken_text, "STATUS:CANCELLED");
  assert_has_line (broken_text, "X-CLIENTELE-STATUS:broken");
  assert_has_line (broken_text, "X-CLIENTELE-CLOSED:20250314T110000Z");
  assert_no_line_starting (broken_text, "COMPLETED");

  assert_has_line (cancelled_text, "STATUS:CANCELLED");
  assert_no_line_starting (cancelled_text, "X-CLIENTELE-STATUS");
  set_zone ("UTC");
}

/* A deletion travels as the record with its stamped state (issue 14), a
 * logged contact's as a promise's: read against the live version both
 * desks agreed on, it is the deletion, with its time and desk, that the
 * merge weighs against the edits; the fields keep their stamps. */
static void
test_deleted_state_stamp (void)
{
  g_autoptr(CltSyncDoc) agreed = make_contact ();
  g_autoptr(CltSyncDoc) deleted = make_contact ();
  g_autoptr(CltSyncDoc) read = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  const char *desk = NULL;
  gint64 changed = 0;

  clt_sync_doc_set_state (agreed, CLT_SYNC_LIVE, STAMP, "desk-a");
  clt_sync_doc_set_state (deleted, CLT_SYNC_DELETED, STAMP + 30, "desk-b");
  assert_round_trip (deleted);
  text = clt_sync_ical_write (deleted);
  assert_has_line (text, "X-CLIENTELE-STATE:deleted 1741000000123486 desk-b");

  read = clt_sync_ical_read (text, agreed, FALLBACK, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_sync_doc_get_state (read, &changed, &desk), ==, CLT_SYNC_DELETED);
  g_assert_cmpint (changed, ==, STAMP + 30);
  g_assert_cmpstr (desk, ==, "desk-b");
  g_assert_true (clt_sync_doc_equal (read, deleted, TRUE));
}

static void
test_promise_states (void)
{
  g_autoptr(CltSyncDoc) deleted = make_promise ("open", FALSE, TRUE);
  g_autoptr(CltSyncDoc) erased = clt_sync_doc_new (CLT_SYNC_PROMISE, "promise-erased");
  g_autoptr(CltSyncDoc) sparse = clt_sync_doc_new (CLT_SYNC_PROMISE, "promise-sparse");
  g_autofree char *text = NULL;

  clt_sync_doc_set_state (deleted, CLT_SYNC_DELETED, STAMP + 10, "desk-c");
  clt_sync_doc_set (deleted, "promised-by", NULL, STAMP + 9, "desk-c");
  clt_sync_doc_set (deleted, "text", NULL, STAMP + 9, "desk-c");
  assert_round_trip (deleted);
  text = clt_sync_ical_write (deleted);
  assert_has_line (text, "X-CLIENTELE-STATE:deleted 1741000000123466 desk-c");
  assert_has_line (text, "X-CLIENTELE-REMOVED:text 1741000000123465 desk-c");
  assert_no_line_starting (text, "SUMMARY");

  /* An erasure leaves the customer, for the desks to find what to erase. */
  clt_sync_doc_set_state (erased, CLT_SYNC_ERASED, STAMP + 20, "desk-a");
  clt_sync_doc_set (erased, "customer", g_variant_new_string ("customer-77ab"), STAMP, "desk-a");
  clt_sync_doc_set (erased, "text", NULL, STAMP + 20, "desk-a");
  clt_sync_doc_set (erased, "due", NULL, STAMP + 20, "desk-a");
  clt_sync_doc_set (erased, "remind", NULL, STAMP + 20, "desk-a");
  assert_round_trip (erased);

  /* An empty text, an open promise with no due day. */
  clt_sync_doc_set (sparse, "customer", g_variant_new_string ("customer-77ab"), STAMP, "desk-a");
  clt_sync_doc_set (sparse, "text", g_variant_new_string (""), STAMP, "desk-a");
  clt_sync_doc_set (sparse, "status", g_variant_new_string ("open"), STAMP, "desk-a");
  assert_round_trip (sparse);
}

static void
test_contact_round_trip (void)
{
  g_autoptr(CltSyncDoc) doc = make_contact ();
  g_autoptr(CltSyncDoc) empty = make_contact ();
  g_autofree char *text = clt_sync_ical_write (doc);

  assert_has_line (text, "BEGIN:VJOURNAL");
  assert_has_line (text, "UID:contact-91d0@clientele");
  assert_has_line (text, "DTSTART:20250314T090000Z");
  assert_has_line (text, "SUMMARY:Arrivée tardive\\, vers 23 h \\; chambre 12");
  assert_has_line (text, "DESCRIPTION:Arrivée tardive\\, vers 23 h \\; chambre 12\\nAllergie : noix");
  assert_has_line (text, "CATEGORIES:email-in");
  assert_has_line (text, "X-CLIENTELE-PLANNED:1");
  assert_has_line (text, "X-CLIENTELE-STAFF:Marie, réception");
  assert_has_line (text, "RELATED-TO;RELTYPE=X-CLIENTELE-CUSTOMER:customer-77ab");
  assert_has_line (text, "X-CLIENTELE-STAMP:note 1741000000123459 desk-b");
  assert_round_trip (doc);

  clt_sync_doc_set (empty, "note", g_variant_new_string (""), STAMP + 3, "desk-b");
  clt_sync_doc_set (empty, "planned", g_variant_new_boolean (FALSE), STAMP + 2, "desk-b");
  clt_sync_doc_set (empty, "staff", NULL, STAMP + 4, "desk-a");
  assert_round_trip (empty);
}

/* A journal entry another program made, for a customer: in Paris time
 * with its zone named, the note only in SUMMARY, categories of its own. */
static void
test_foreign_journal (void)
{
  static const char journal[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//Journal//EN\r\n"
    "BEGIN:VJOURNAL\r\nUID:journal-1\r\nDTSTAMP:20250315T101500Z\r\n"
    "DTSTART;TZID=Europe/Paris:20250314T110000\r\nSUMMARY:Passée en boutique\\, a essayé la 38\r\n"
    "CATEGORIES:Boutique,visit\r\nRELATED-TO;RELTYPE=X-CLIENTELE-CUSTOMER:customer-77ab\r\n"
    "END:VJOURNAL\r\nEND:VCALENDAR\r\n";
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = clt_sync_ical_read (journal, NULL, FALLBACK, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_sync_doc_get_kind (doc), ==, CLT_SYNC_CONTACT);
  assert_field (doc, "at", "1741946400", PHONE * G_USEC_PER_SEC, "");
  assert_field (doc, "note", "'Passée en boutique, a essayé la 38'", PHONE * G_USEC_PER_SEC, "");
  assert_field (doc, "kind", "'visit'", PHONE * G_USEC_PER_SEC, "");
  assert_field (doc, "customer", "'customer-77ab'", PHONE * G_USEC_PER_SEC, "");
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, 4);
}

/* Written by Thunderbird for a promise Clientele shared: it kept the UID
 * and the customer, set the due time in Paris and a reminder 15 minutes
 * before it. */
static const char thunderbird[] =
  "BEGIN:VCALENDAR\r\n"
  "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
  "VERSION:2.0\r\n"
  "BEGIN:VTIMEZONE\r\n"
  "TZID:Europe/Paris\r\n"
  "BEGIN:DAYLIGHT\r\n"
  "TZOFFSETFROM:+0100\r\n"
  "TZOFFSETTO:+0200\r\n"
  "TZNAME:CEST\r\n"
  "DTSTART:19700329T020000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
  "END:DAYLIGHT\r\n"
  "BEGIN:STANDARD\r\n"
  "TZOFFSETFROM:+0200\r\n"
  "TZOFFSETTO:+0100\r\n"
  "TZNAME:CET\r\n"
  "DTSTART:19701025T030000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
  "END:STANDARD\r\n"
  "END:VTIMEZONE\r\n"
  "BEGIN:VTODO\r\n"
  "CREATED:20250303T110640Z\r\n"
  "LAST-MODIFIED:20250315T101500Z\r\n"
  "DTSTAMP:20250315T101500Z\r\n"
  "UID:promise-4f1c@clientele\r\n"
  "SUMMARY:Rappeler Hélène\\, pour la taille 38 \\; « vite »\\npuis réserver la 12\\, côté jardin \\\\ calme\r\n"
  "STATUS:NEEDS-ACTION\r\n"
  "X-CLIENTELE-CUSTOMER:customer-77ab\r\n"
  "DUE;TZID=Europe/Paris:20250314T110000\r\n"
  "X-MOZ-GENERATION:2\r\n"
  "BEGIN:VALARM\r\n"
  "ACTION:DISPLAY\r\n"
  "TRIGGER;VALUE=DURATION;RELATED=END:-PT15M\r\n"
  "DESCRIPTION:Default Mozilla Description\r\n"
  "END:VALARM\r\n"
  "END:VTODO\r\n"
  "END:VCALENDAR\r\n";

static void
test_thunderbird (void)
{
  g_autoptr(CltSyncDoc) base = make_promise ("open", FALSE, FALSE);
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(CltSyncDoc) alone = NULL;
  g_autoptr(GError) error = NULL;
  const gint64 phone = PHONE * G_USEC_PER_SEC;

  /* The zone comes from the text, not from this desk. */
  set_zone ("America/Montreal");
  doc = clt_sync_ical_read (thunderbird, base, FALLBACK, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_sync_doc_get_kind (doc), ==, CLT_SYNC_PROMISE);
  g_assert_cmpstr (clt_sync_doc_get_uid (doc), ==, "promise-4f1c@clientele");
  /* 11:00 in Paris, CET, is 10:00 UTC: changed there, stamped when. */
  assert_field (doc, "due", "1741946400", phone, "");
  assert_field (doc, "remind", "1741945500", phone, "");
  /* Unchanged: the base's stamps. */
  assert_field (doc, "all-day", "false", STAMP + 3, "desk-b");
  assert_field (doc, "text", "'Rappeler Hélène, pour la taille 38 ; « vite »\\npuis réserver la 12, "
                             "côté jardin \\\\ calme'", STAMP + 1, "desk-a");
  assert_field (doc, "status", "'open'", STAMP + 5, "");
  assert_field (doc, "created", "1741000000", STAMP, "desk-a");
  assert_field (doc, "customer", "'customer-77ab'", STAMP, "desk-a");
  /* Clientele's own, dropped by Thunderbird: kept. */
  assert_field (doc, "promised-by", "'Zoë Lefèvre, accueil; soir'", STAMP + 2, "desk-b");
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, clt_sync_doc_get_n_fields (base));
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_LIVE);

  /* Read as a new task: every field stamped when Thunderbird changed it. */
  alone = clt_sync_ical_read (thunderbird, NULL, FALLBACK, &error);
  g_assert_no_error (error);
  assert_field (alone, "due", "1741946400", phone, "");
  assert_field (alone, "customer", "'customer-77ab'", phone, "");
  assert_field (alone, "status", "'open'", phone, "");
  g_assert_false (clt_sync_doc_lookup (alone, "promised-by", NULL, NULL, NULL));
  g_assert_false (clt_sync_doc_lookup (alone, "closed", NULL, NULL, NULL));
  set_zone ("UTC");
}

/* A phone's tasks app: a floating due time and a DATE, in this desk's zone;
 * no LAST-MODIFIED nor DTSTAMP: the fallback time. */
static void
test_floating_and_date (void)
{
  static const char floating[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//Tasks//EN\r\n"
    "BEGIN:VTODO\r\nUID:phone-1\r\nSUMMARY:Call back\r\nDUE:20250314T110000\r\n"
    "RELATED-TO;RELTYPE=X-CLIENTELE-CUSTOMER:customer-77ab\r\n"
    "BEGIN:VALARM\r\nACTION:AUDIO\r\nTRIGGER:-PT1H\r\nEND:VALARM\r\n"
    "END:VTODO\r\nEND:VCALENDAR\r\n";
  static const char date[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Phone//Tasks//EN\r\n"
    "BEGIN:VTODO\r\nUID:phone-2\r\nSUMMARY:Call back\r\nDUE;VALUE=DATE:20250314\r\n"
    "DTSTART;VALUE=DATE:20250313\r\nX-CLIENTELE-CUSTOMER:customer-77ab\r\n"
    "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;RELATED=START:PT9H\r\nEND:VALARM\r\n"
    "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;RELATED=END:PT10H\r\nEND:VALARM\r\n"
    "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;RELATED=END:-P1DT2H\r\nEND:VALARM\r\n"
    "STATUS:IN-PROCESS\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
  static const char unknown_zone[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
    "BEGIN:VTODO\r\nUID:outlook-1\r\nSUMMARY:Call back\r\n"
    "DUE;TZID=\"W. Europe Standard Time\":20250314T110000\r\n"
    "X-CLIENTELE-CUSTOMER:customer-77ab\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(CltSyncDoc) day = NULL;
  g_autoptr(CltSyncDoc) outlook = NULL;
  g_autoptr(GError) error = NULL;

  set_zone ("Europe/Paris");
  doc = clt_sync_ical_read (floating, NULL, FALLBACK, &error);
  g_assert_no_error (error);
  assert_field (doc, "due", "1741946400", FALLBACK, "");
  assert_field (doc, "all-day", "false", FALLBACK, "");
  assert_field (doc, "remind", "1741942800", FALLBACK, "");
  assert_field (doc, "customer", "'customer-77ab'", FALLBACK, "");
  assert_field (doc, "text", "'Call back'", FALLBACK, "");
  assert_field (doc, "status", "'open'", FALLBACK, "");
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, 6);

  day = clt_sync_ical_read (date, NULL, FALLBACK, &error);
  g_assert_no_error (error);
  /* The end of that day in Paris; the earliest alarm: 22:00 on the 12th,
   * a day and two hours before the DUE day starts (not before DTSTART, the
   * 13th), earlier than 9:00 on the 13th (after DTSTART) and 10:00 on the
   * 14th. */
  assert_field (day, "due", "1741993199", FALLBACK, "");
  assert_field (day, "all-day", "true", FALLBACK, "");
  assert_field (day, "remind", "1741813200", FALLBACK, "");
  assert_field (day, "status", "'open'", FALLBACK, "");

  /* A zone named but not described: as this desk's clock shows it. */
  outlook = clt_sync_ical_read (unknown_zone, NULL, FALLBACK, &error);
  g_assert_no_error (error);
  assert_field (outlook, "due", "1741946400", FALLBACK, "");
  set_zone ("UTC");
}

/* Ticked on a phone: STATUS:COMPLETED and COMPLETED, LAST-MODIFIED moved;
 * the app either kept Clientele's properties or dropped them. */
static void
test_ticked_elsewhere (void)
{
  g_autoptr(CltSyncDoc) base = make_promise ("open", FALSE, TRUE);
  g_autofree char *text = clt_sync_ical_write (base);
  const char *drop_modified[] = { "LAST-MODIFIED", "DTSTAMP", NULL };
  const char *drop_clientele[] = { "LAST-MODIFIED", "DTSTAMP", "X-CLIENTELE-", NULL };
  const char *const *drops[] = { drop_modified, drop_clientele };

  for (guint i = 0; i < G_N_ELEMENTS (drops); i++)
    {
      g_autofree char *dropped = edit (text, (const char **) drops[i], NULL, NULL);
      g_autofree char *ticked = edit (dropped, NULL, "STATUS:NEEDS-ACTION",
                                      "STATUS:COMPLETED\r\nCOMPLETED:20250315T101500Z\r\n"
                                      "LAST-MODIFIED:20250315T101500Z\r\nDTSTAMP:20250315T101600Z");
      g_autoptr(CltSyncDoc) doc = NULL;
      g_autoptr(CltSyncDoc) expected = clt_sync_doc_copy (base);
      g_autoptr(GError) error = NULL;

      doc = clt_sync_ical_read (ticked, base, FALLBACK, &error);
      g_assert_no_error (error);
      assert_field (doc, "status", "'kept'", PHONE * G_USEC_PER_SEC, "");
      assert_field (doc, "closed", "1742033700", PHONE * G_USEC_PER_SEC, "");
      clt_sync_doc_set (expected, "status", g_variant_new_string ("kept"), PHONE * G_USEC_PER_SEC, "");
      clt_sync_doc_set (expected, "closed", g_variant_new_int64 (PHONE), PHONE * G_USEC_PER_SEC, "");
      g_assert_true (clt_sync_doc_equal (doc, expected, TRUE));
    }
}

/* Unticked on a phone: open again, and no longer closed. */
static void
test_unticked_elsewhere (void)
{
  g_autoptr(CltSyncDoc) base = make_promise ("kept", TRUE, FALSE);
  g_autofree char *text = clt_sync_ical_write (base);
  const char *drop[] = { "COMPLETED:", "LAST-MODIFIED", NULL };
  g_autofree char *dropped = edit (text, drop, NULL, NULL);
  g_autofree char *unticked = edit (dropped, NULL, "STATUS:COMPLETED",
                                    "STATUS:NEEDS-ACTION\r\nLAST-MODIFIED:20250315T101500Z");
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = clt_sync_ical_read (unticked, base, FALLBACK, &error);
  g_assert_no_error (error);
  assert_field (doc, "status", "'open'", PHONE * G_USEC_PER_SEC, "");
  assert_field (doc, "closed", NULL, PHONE * G_USEC_PER_SEC, "");
  assert_field (doc, "due", "1741996799", STAMP + 3, "desk-b");
  assert_field (doc, "remind", NULL, STAMP + 4, "desk-a");
}

/* Another program changed fields and left Clientele's stamps as they were:
 * the changed ones are its, at LAST-MODIFIED; with a clock behind the base,
 * just after the base. */
static void
test_stale_stamps (void)
{
  g_autoptr(CltSyncDoc) base = make_promise ("open", FALSE, TRUE);
  g_autofree char *text = clt_sync_ical_write (base);
  const char *drop[] = { "BEGIN:VALARM", "ACTION:", "TRIGGER", "DESCRIPTION", "END:VALARM", NULL };
  g_autofree char *no_alarm = edit (text, drop, NULL, NULL);
  g_autofree char *retitled = edit (no_alarm, NULL, "LAST-MODIFIED:20250303T110640Z", "LAST-MODIFIED:20250315T101500Z");
  g_autofree char *summary = NULL;
  g_autofree char *late = NULL;
  g_autofree char *early = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(CltSyncDoc) behind = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = lines_of (text);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "SUMMARY:"))
      summary = g_strdup (lines[i]);
  late = edit (retitled, NULL, summary, "SUMMARY:Rappeler Hélène lundi");

  doc = clt_sync_ical_read (late, base, FALLBACK, &error);
  g_assert_no_error (error);
  assert_field (doc, "text", "'Rappeler Hélène lundi'", PHONE * G_USEC_PER_SEC, "");
  assert_field (doc, "remind", NULL, PHONE * G_USEC_PER_SEC, "");
  assert_field (doc, "due", "1741942800", STAMP + 3, "desk-b");
  assert_field (doc, "promised-by", "'Zoë Lefèvre, accueil; soir'", STAMP + 2, "desk-b");

  /* A phone whose clock is ahead: its edit is stamped now. */
  {
    g_autoptr(CltSyncDoc) ahead = clt_sync_ical_read (late, base, PHONE * G_USEC_PER_SEC - 60, &error);

    g_assert_no_error (error);
    assert_field (ahead, "text", "'Rappeler Hélène lundi'", PHONE * G_USEC_PER_SEC - 60, "");
  }

  /* LAST-MODIFIED as Clientele wrote it: older than the text's stamp. */
  early = edit (no_alarm, NULL, summary, "SUMMARY:Rappeler Hélène lundi");
  behind = clt_sync_ical_read (early, base, FALLBACK, &error);
  g_assert_no_error (error);
  assert_field (behind, "text", "'Rappeler Hélène lundi'", STAMP + 2, "");
  assert_field (behind, "remind", NULL, STAMP + 5, "");
}

/* Every X-CLIENTELE-* property gone: what only Clientele knows is kept. */
static void
test_stripped (void)
{
  const char *drop[] = { "X-CLIENTELE-", "RELATED-TO", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(CltSyncDoc) base = make_promise (statuses[i], i % 2 == 0, TRUE);
      g_autofree char *text = NULL;
      g_autofree char *stripped = NULL;
      g_autoptr(CltSyncDoc) doc = NULL;
      g_autoptr(GError) error = NULL;

      clt_sync_doc_set_state (base, CLT_SYNC_LIVE, STAMP, "desk-a");
      text = clt_sync_ical_write (base);
      stripped = edit (text, drop, NULL, NULL);
      doc = clt_sync_ical_read (stripped, base, FALLBACK, &error);
      g_assert_no_error (error);
      if (!clt_sync_doc_equal (doc, base, TRUE))
        {
          g_autofree char *expected = clt_sync_doc_to_string (base);
          g_autofree char *got = clt_sync_doc_to_string (doc);

          g_error ("stripped %s gave\n%s\ninstead of\n%s", statuses[i], got, expected);
        }
    }

  {
    g_autoptr(CltSyncDoc) base = make_contact ();
    g_autofree char *text = clt_sync_ical_write (base);
    g_autofree char *stripped = edit (text, drop, NULL, NULL);
    g_autoptr(CltSyncDoc) doc = NULL;
    g_autoptr(GError) error = NULL;

    doc = clt_sync_ical_read (stripped, base, FALLBACK, &error);
    g_assert_no_error (error);
    g_assert_true (clt_sync_doc_equal (doc, base, TRUE));
  }
}

/* A backslash before an accented letter, which libical unescapes into
 * half a character: the text read is valid UTF-8 all the same. */
static void
test_backslash_before_accent (void)
{
  static const char text[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:acc\\\xc3\xa9nt\r\nSUMMARY:H\\\xc3\xa9l\xc3\xa8ne\r\n"
    "DTSTAMP:20250315T101500Z\r\nX-CLIENTELE-CUSTOMER:customer-\\\xc3\xa9" "77ab\r\n"
    "END:VTODO\r\nEND:VCALENDAR\r\n";
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = clt_sync_ical_read (text, NULL, FALLBACK, &error);
  g_assert_no_error (error);
  /* libical turns the backslash into a space. */
  g_assert_cmpstr (clt_sync_doc_get_uid (doc), ==, "acc \xef\xbf\xbdnt");
  assert_field (doc, "text", "'H \xef\xbf\xbdl\xc3\xa8ne'", PHONE * G_USEC_PER_SEC, "");
  assert_field (doc, "customer", "'customer- \xef\xbf\xbd" "77ab'", PHONE * G_USEC_PER_SEC, "");
}

/* libical drops the blanks at either end of a value, and carriage returns
 * are dropped: a text that has some reads as the base's all the same, and
 * without a base, without them. */
static void
test_blanks_at_the_ends (void)
{
  g_autoptr(CltSyncDoc) doc = make_promise ("open", FALSE, FALSE);
  g_autofree char *text = NULL;
  g_autoptr(CltSyncDoc) back = NULL;
  g_autoptr(CltSyncDoc) alone = NULL;
  g_autoptr(GError) error = NULL;

  clt_sync_doc_set (doc, "text", g_variant_new_string ("  Rappeler Hélène\r\nle 14\t "), STAMP + 1, "desk-a");
  clt_sync_doc_set (doc, "promised-by", g_variant_new_string (" Zoë "), STAMP + 2, "desk-b");
  text = clt_sync_ical_write (doc);
  back = clt_sync_ical_read (text, doc, FALLBACK, &error);
  g_assert_no_error (error);
  g_assert_true (clt_sync_doc_equal (doc, back, TRUE));

  alone = clt_sync_ical_read (text, NULL, FALLBACK, &error);
  g_assert_no_error (error);
  assert_field (alone, "text", "'Rappeler Hélène\\nle 14'", STAMP + 1, "desk-a");
  assert_field (alone, "promised-by", "'Zoë'", STAMP + 2, "desk-b");
}

/* libical writes no time after the year 3000: one read is none. */
static void
test_far_years (void)
{
  static const char far[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:far\r\nSUMMARY:Later\r\n"
    "DUE:35000101T090000Z\r\nDTSTAMP:20250315T101500Z\r\nX-CLIENTELE-CUSTOMER:customer-77ab\r\n"
    "END:VTODO\r\nEND:VCALENDAR\r\n";
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = clt_sync_ical_read (far, NULL, FALLBACK, &error);
  g_assert_no_error (error);
  g_assert_false (clt_sync_doc_lookup (doc, "due", NULL, NULL, NULL));
  g_assert_false (clt_sync_doc_lookup (doc, "all-day", NULL, NULL, NULL));
  assert_field (doc, "text", "'Later'", PHONE * G_USEC_PER_SEC, "");
}

static void
test_no_customer (void)
{
  g_autoptr(CltSyncDoc) base = make_promise ("open", FALSE, FALSE);
  g_autofree char *text = clt_sync_ical_write (base);
  const char *drop[] = { "X-CLIENTELE-", "RELATED-TO", NULL };
  g_autofree char *stripped = edit (text, drop, NULL, NULL);
  g_autofree char *subtask = edit (stripped, NULL, "STATUS:NEEDS-ACTION",
                                   "STATUS:NEEDS-ACTION\r\nRELATED-TO:parent-task");
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = clt_sync_ical_read (subtask, NULL, FALLBACK, &error);
  g_assert_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_NO_CUSTOMER);
  g_assert_null (doc);
  g_assert_cmpstr (error->message, ==, "The task “Rappeler Hélène, pour la taille 38 ; « vite »” on the server is "
                                       "linked to no customer, so Clientele cannot show it: make it in Clientele, or "
                                       "delete it from the task list.");
}

static void
test_damaged (void)
{
  static const char *const damaged[] = {
    "",
    "garbage",
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY:cut",
    "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nX-CLIENTELE-CUSTOMER:c\r\nDUE:tomorrow\r\n"
    "END:VTODO\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nSUMMARY:no uid\r\nX-CLIENTELE-CUSTOMER:c\r\n"
    "END:VTODO\r\nEND:VCALENDAR\r\n",
    /* Latin-1, not UTF-8. */
    "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY:H\xe9l\xe8ne\r\nX-CLIENTELE-CUSTOMER:c\r\n"
    "END:VTODO\r\nEND:VCALENDAR\r\n",
    "BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nX-CLIENTELE-CUSTOMER:c\r\n"
    "BEGIN:VALARM\r\nTRIGGER:soon\r\nEND:VALARM\r\nEND:VTODO\r\nEND:VCALENDAR\r\n",
  };
  static const char event[] =
    "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:e\r\nDTSTART:20250314T090000Z\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";
  g_autoptr(CltSyncDoc) base = make_promise ("open", FALSE, FALSE);
  g_autoptr(CltSyncDoc) contact = make_contact ();
  g_autofree char *contact_text = clt_sync_ical_write (contact);

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("damaged text %u", i);
      g_assert_null (clt_sync_ical_read (damaged[i], NULL, FALLBACK, &error));
      g_assert_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_DAMAGED);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (clt_sync_ical_read (event, NULL, FALLBACK, &error));
    g_assert_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_UNSUPPORTED);
  }

  /* Not the object the book paired with it. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (clt_sync_ical_read (contact_text, base, FALLBACK, &error));
    g_assert_error (error, CLT_SYNC_ICAL_ERROR, CLT_SYNC_ICAL_ERROR_DAMAGED);
  }
}

int
main (int   argc,
      char *argv[])
{
  set_zone ("UTC");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-ical/promise-round-trip", test_promise_round_trip);
  g_test_add_func ("/sync-ical/promise-text", test_promise_text);
  g_test_add_func ("/sync-ical/promise-states", test_promise_states);
  g_test_add_func ("/sync-ical/contact-round-trip", test_contact_round_trip);
  g_test_add_func ("/sync-ical/deleted-state-stamp", test_deleted_state_stamp);
  g_test_add_func ("/sync-ical/foreign-journal", test_foreign_journal);
  g_test_add_func ("/sync-ical/thunderbird", test_thunderbird);
  g_test_add_func ("/sync-ical/floating-and-date", test_floating_and_date);
  g_test_add_func ("/sync-ical/ticked-elsewhere", test_ticked_elsewhere);
  g_test_add_func ("/sync-ical/unticked-elsewhere", test_unticked_elsewhere);
  g_test_add_func ("/sync-ical/stale-stamps", test_stale_stamps);
  g_test_add_func ("/sync-ical/stripped", test_stripped);
  g_test_add_func ("/sync-ical/backslash-before-accent", test_backslash_before_accent);
  g_test_add_func ("/sync-ical/blanks-at-the-ends", test_blanks_at_the_ends);
  g_test_add_func ("/sync-ical/far-years", test_far_years);
  g_test_add_func ("/sync-ical/no-customer", test_no_customer);
  g_test_add_func ("/sync-ical/damaged", test_damaged);

  return g_test_run ();
}

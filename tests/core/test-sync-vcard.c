/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "clt-sync-vcard.h"

#define UID      "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
#define T0       G_GINT64_CONSTANT (1709285400000000)   /* 2024-03-01 09:30 UTC */
#define FALLBACK G_GINT64_CONSTANT (1767225600000000)   /* 2026-01-01 00:00 UTC */

static const char * const long_title =
  "Directrice générale adjointe chargée de l’hébergement, de la restauration "
  "et des événements — Hôtel « Les Écrins », Chamonix-Mont-Blanc";

/* A customer with every key, values that need escaping, and tombstones. */
static CltSyncDoc *
full_doc (CltSyncState  state,
          const char   *birthday)
{
  CltSyncDoc *doc = clt_sync_doc_new (CLT_SYNC_CUSTOMER, UID);

  clt_sync_doc_set (doc, "given", g_variant_new_string ("Hélène"), T0, "desk-a");
  clt_sync_doc_set (doc, "family", g_variant_new_string ("Dupont-Moretti, née Ørsted"), T0 + 1, "desk-a");
  clt_sync_doc_set (doc, "display", g_variant_new_string ("Hélène D.; \"la grande\" \\o/"), T0 + 2, "réception 2");
  clt_sync_doc_set (doc, "addressed-as", g_variant_new_string ("Madame la Présidente"), T0, "desk-b");
  clt_sync_doc_set (doc, "honorific", g_variant_new_string ("Mme"), T0, "desk-b");
  clt_sync_doc_set (doc, "company", g_variant_new_string ("Café; Thé & Co, SARL"), T0, "");
  clt_sync_doc_set (doc, "job-title", g_variant_new_string (long_title), T0 + 3, "desk-a");
  clt_sync_doc_set (doc, "language", g_variant_new_string ("fr-CH"), T0, "desk-a");
  clt_sync_doc_set (doc, "birthday", g_variant_new_string (birthday), T0 + 4, "desk-b");
  clt_sync_doc_set (doc, "vip", g_variant_new_boolean (TRUE), T0 + 5, "desk-b");
  clt_sync_doc_set (doc, "consent", g_variant_new_string ("follow-ups"), T0 + 6, "desk-a");
  clt_sync_doc_set (doc, "email/e1a2b3c4", g_variant_new ("(ss)", "home", "helene@exemple.fr"), T0, "desk-a");
  clt_sync_doc_set (doc, "email/e9f8", g_variant_new ("(ss)", "Bureau, 2e étage", "h.dupont@travail.ch"), T0 + 7, "desk-b");
  clt_sync_doc_set (doc, "phone/p1", g_variant_new ("(ss)", "mobile", "+33 6 12 34 56 78"), T0, "desk-a");
  clt_sync_doc_set (doc, "phone/p2", g_variant_new ("(ss)", "", "04 50 53 00 00"), T0, "desk-a");
  clt_sync_doc_set (doc, "phone/p-old", NULL, T0 + 8, "desk-b");
  clt_sync_doc_set (doc, "address/a1",
                    g_variant_new ("(ss)", "work", "12, rue de l’Église; bâtiment B\n74400 Chamonix\nFrance"),
                    T0 + 9, "desk-a");
  clt_sync_doc_set (doc, "preference/f1",
                    g_variant_new ("(ssbb)", "food", "Sans gluten; pas de lactose,\nmerci \\ vraiment", TRUE, TRUE),
                    T0 + 10, "desk-a");
  clt_sync_doc_set (doc, "preference/f2",
                    g_variant_new ("(ssbb)", "Chambre: étage élevé, \"vue\"", "Calme, côté jardin", FALSE, FALSE),
                    T0, "desk-b");
  /* Three-octet characters, so that a fold falls inside one. */
  clt_sync_doc_set (doc, "preference/f3",
                    g_variant_new ("(ssbb)", "billing",
                                   "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€ d’acompte",
                                   FALSE, FALSE),
                    T0 + 15, "desk-a");
  clt_sync_doc_set (doc, "preference/f-old", NULL, T0 + 11, "desk-b");
  clt_sync_doc_set (doc, "note/n1",
                    g_variant_new ("(ssbx)", "Arrive tard; appeler\nla veille, \\ merci", "Marie Curie", TRUE,
                                   G_GINT64_CONSTANT (1709285400)),
                    T0, "desk-a");
  clt_sync_doc_set (doc, "note/n2", g_variant_new ("(ssbx)", "Aime le thé vert", "", FALSE, G_GINT64_CONSTANT (0)),
                    T0 + 12, "desk-b");
  clt_sync_doc_set (doc, "tag/bon client", g_variant_new_boolean (TRUE), T0, "desk-a");
  clt_sync_doc_set (doc, "tag/fidèle, depuis 2019", g_variant_new_boolean (TRUE), T0 + 13, "desk-a");
  clt_sync_doc_set (doc, "tag/ancien", NULL, T0 + 14, "desk-b");
  clt_sync_doc_set_state (doc, state, state == CLT_SYNC_LIVE ? 0 : T0 + 20,
                          state == CLT_SYNC_LIVE ? "" : "desk-c");

  return doc;
}

static void
assert_same_doc (CltSyncDoc *read,
                 CltSyncDoc *expected)
{
  if (!clt_sync_doc_equal (read, expected, TRUE))
    {
      g_autofree char *got = clt_sync_doc_to_string (read);
      g_autofree char *want = clt_sync_doc_to_string (expected);

      g_test_message ("read:\n%s\nexpected:\n%s", got, want);
      g_assert_cmpstr (got, ==, want);
    }
}

/* Every physical line at most 75 octets, valid UTF-8, CRLF ended. */
static void
assert_folded (const char *card)
{
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_str_has_suffix (card, "END:VCARD\r\n"));
  lines = g_strsplit (card, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_cmpuint (strlen (lines[i]), <=, 75);
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
      g_assert_null (strchr (lines[i], '\n'));
    }
}

/* The card's logical lines, unfolded. */
static char *
unfold (const char *card)
{
  g_autoptr(GRegex) fold = g_regex_new ("\r\n[ \t]", 0, 0, NULL);

  return g_regex_replace_literal (fold, card, -1, 0, "", 0, NULL);
}

static gboolean
has_line (const char *card,
          const char *line)
{
  g_autofree char *unfolded = unfold (card);
  g_autofree char *needle = g_strconcat ("\r\n", line, "\r\n", NULL);

  return strstr (unfolded, needle) != NULL;
}

static CltSyncDoc *
read_card (const char       *card,
           const CltSyncDoc *base,
           gint64            fallback_time)
{
  g_autoptr(GError) error = NULL;
  CltSyncDoc *doc = clt_sync_vcard_read (card, base, fallback_time, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);

  return doc;
}

static void
assert_field (CltSyncDoc *doc,
              const char *key,
              const char *value_text,   /* NULL: a tombstone */
              gint64      changed,
              const char *desk)
{
  GVariant *value = NULL;
  gint64 got_changed = 0;
  const char *got_desk = NULL;
  g_autofree char *printed = NULL;

  if (!clt_sync_doc_lookup (doc, key, &value, &got_changed, &got_desk))
    g_error ("no field %s", key);
  printed = value != NULL ? g_variant_print (value, FALSE) : NULL;
  g_assert_cmpstr (printed, ==, value_text);
  g_assert_cmpint (got_changed, ==, changed);
  g_assert_cmpstr (got_desk, ==, desk);
}

static void
test_round_trip (gconstpointer data)
{
  CltVCardVersion version = GPOINTER_TO_INT (data);
  const char *birthdays[] = { "--06-12", "1985-02-28", "--02-29" };

  for (CltSyncState state = CLT_SYNC_LIVE; state <= CLT_SYNC_ERASED; state++)
    {
      g_autoptr(CltSyncDoc) doc = full_doc (state, birthdays[state]);
      g_autofree char *card = clt_sync_vcard_write (doc, version);
      g_autoptr(CltSyncDoc) read = read_card (card, NULL, FALLBACK);
      g_autoptr(CltSyncDoc) again = read_card (card, read, FALLBACK + 1);

      assert_folded (card);
      assert_same_doc (read, doc);
      /* Against itself as the agreed version nothing changes either. */
      assert_same_doc (again, doc);
    }
}

/* A deletion travels as the card with its stamped state (issue 14): read
 * against the live version both desks agreed on, it is the deletion,
 * with its time and desk, and every field with its own stamp, that the
 * merge weighs against another desk's edits. */
static void
test_deleted_state_stamp (gconstpointer data)
{
  CltVCardVersion version = GPOINTER_TO_INT (data);
  g_autoptr(CltSyncDoc) agreed = full_doc (CLT_SYNC_LIVE, "1985-02-28");
  g_autoptr(CltSyncDoc) deleted = full_doc (CLT_SYNC_LIVE, "1985-02-28");
  g_autoptr(CltSyncDoc) read = NULL;
  g_autofree char *card = NULL;
  const char *desk = NULL;
  gint64 changed = 0;

  clt_sync_doc_set_state (deleted, CLT_SYNC_DELETED, T0 + 40, "desk-b");
  card = clt_sync_vcard_write (deleted, version);
  g_assert_true (has_line (card, "X-CLIENTELE-STATE:deleted 1709285400000040 desk-b"));

  read = read_card (card, agreed, FALLBACK);
  g_assert_cmpint (clt_sync_doc_get_state (read, &changed, &desk), ==, CLT_SYNC_DELETED);
  g_assert_cmpint (changed, ==, T0 + 40);
  g_assert_cmpstr (desk, ==, "desk-b");
  assert_same_doc (read, deleted);
}

static void
test_write_lines (void)
{
  g_autoptr(CltSyncDoc) doc = full_doc (CLT_SYNC_LIVE, "--06-12");
  g_autofree char *card4 = clt_sync_vcard_write (doc, CLT_VCARD_4_0);
  g_autofree char *card3 = clt_sync_vcard_write (doc, CLT_VCARD_3_0);

  g_assert_true (g_str_has_prefix (card4, "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:" UID "\r\n"));
  g_assert_true (has_line (card4, "FN:Hélène D.\\; \"la grande\" \\\\o/"));
  g_assert_true (has_line (card4, "N:Dupont-Moretti\\, née Ørsted;Hélène;;Mme;"));
  g_assert_true (has_line (card4, "BDAY:--0612"));
  g_assert_true (has_line (card4, "LANG:fr-CH"));
  g_assert_true (has_line (card4, "ORG:Café\\; Thé & Co\\, SARL"));
  g_assert_true (has_line (card4, "EMAIL;TYPE=home;X-CLIENTELE-ID=e1a2b3c4:helene@exemple.fr"));
  g_assert_true (has_line (card4, "item1.EMAIL;X-CLIENTELE-ID=e9f8:h.dupont@travail.ch"));
  g_assert_true (has_line (card4, "item1.X-ABLabel:Bureau\\, 2e étage"));
  g_assert_true (has_line (card4, "TEL;TYPE=cell;X-CLIENTELE-ID=p1:+33 6 12 34 56 78"));
  g_assert_true (has_line (card4, "ADR;TYPE=work;X-CLIENTELE-ID=a1:;;12\\, rue de l’Église\\; bâtiment B\\n74400 Chamonix\\nFrance;;;;"));
  g_assert_true (has_line (card4, "CATEGORIES:bon client,fidèle\\, depuis 2019"));
  g_assert_true (has_line (card4, "X-CLIENTELE-PREFERENCE;X-CLIENTELE-ID=f1;CATEGORY=food;ALERT=1;SENSITIVE=1:Sans gluten\\; pas de lactose\\,\\nmerci \\\\ vraiment"));
  g_assert_true (has_line (card4, "X-CLIENTELE-PREFERENCE;X-CLIENTELE-ID=f2;CATEGORY=\"Chambre: étage élevé, ^'vue^'\":Calme\\, côté jardin"));
  g_assert_true (has_line (card4, "X-CLIENTELE-NOTE;X-CLIENTELE-ID=n1;PINNED=1;AUTHOR=\"Marie Curie\";CREATED=20240301T093000Z:Arrive tard\\; appeler\\nla veille\\, \\\\ merci"));
  g_assert_true (has_line (card4, "NOTE:Arrive tard\\; appeler\\nla veille\\, \\\\ merci\\n\\nAime le thé vert"));
  g_assert_true (has_line (card4, "X-CLIENTELE-VIP:1"));
  g_assert_true (has_line (card4, "X-CLIENTELE-CONSENT:follow-ups"));
  g_assert_true (has_line (card4, "X-CLIENTELE-ADDRESSED-AS:Madame la Présidente"));
  g_assert_true (has_line (card4, "X-CLIENTELE-STAMP:display 1709285400000002 réception 2"));
  g_assert_true (has_line (card4, "X-CLIENTELE-STAMP:tag/bon%20client 1709285400000000 desk-a"));
  g_assert_true (has_line (card4, "X-CLIENTELE-REMOVED:phone/p-old 1709285400000008 desk-b"));
  g_assert_true (has_line (card4, "REV:20240301T093000Z"));
  g_assert_false (has_line (card4, "X-CLIENTELE-STATE:live 0 "));
  g_assert_null (strstr (card4, "X-CLIENTELE-STATE"));

  g_assert_true (g_str_has_prefix (card3, "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:" UID "\r\n"));
  g_assert_true (has_line (card3, "BDAY;X-APPLE-OMIT-YEAR=1604:1604-06-12"));
  g_assert_true (has_line (card3, "X-CLIENTELE-LANGUAGE:fr-CH"));
  g_assert_null (strstr (card3, "\r\nLANG:"));
}

static void
test_write_state (void)
{
  g_autoptr(CltSyncDoc) doc = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "not-a-uuid@example.org");
  g_autofree char *card = NULL;
  g_autoptr(CltSyncDoc) read = NULL;

  /* What is left of an erased customer: tombstones. */
  clt_sync_doc_set (doc, "given", NULL, T0, "desk-c");
  clt_sync_doc_set (doc, "email/x", NULL, T0, "desk-c");
  clt_sync_doc_set_state (doc, CLT_SYNC_ERASED, T0 + 1, "desk-c");
  card = clt_sync_vcard_write (doc, CLT_VCARD_4_0);

  g_assert_true (has_line (card, "UID;VALUE=text:not-a-uuid@example.org"));
  g_assert_true (has_line (card, "FN:"));
  g_assert_true (has_line (card, "X-CLIENTELE-STATE:erased 1709285400000001 desk-c"));
  g_assert_true (has_line (card, "X-CLIENTELE-REMOVED:email/x 1709285400000000 desk-c"));
  g_assert_null (strstr (card, "\r\nN:"));
  g_assert_null (strstr (card, "EMAIL"));

  read = read_card (card, NULL, FALLBACK);
  assert_same_doc (read, doc);
}

#define PHOTO_START "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/"
#define PHOTO_END   "2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBD/wAARCAABAAEDASIA"

/* Written by Apple Contacts: 3.0, labels in itemN groups, a birthday
 * without a year in Apple's way, no Clientele property. */
static const char apple_card[] =
  "BEGIN:VCARD\r\n"
  "VERSION:3.0\r\n"
  "PRODID:-//Apple Inc.//iPhone OS 17.2//EN\r\n"
  "N:Lefèvre;Zoë;Anne;;\r\n"
  "FN:Zoë Lefèvre\r\n"
  "ORG:Boulangerie du Port;\r\n"
  "item1.EMAIL;type=INTERNET;type=pref:zoe@boulangerie.fr\r\n"
  "item1.X-ABLabel:_$!<Other>!$_\r\n"
  "TEL;type=CELL;type=VOICE;type=pref:+33 6 98 76 54 32\r\n"
  "item2.TEL:02 98 00 11 22\r\n"
  "item2.X-ABLabel:Fournil\r\n"
  "item3.ADR;type=HOME;type=pref:;;3 quai de la Douane;Brest;;29200;France\r\n"
  "item3.X-ABADR:fr\r\n"
  "BDAY;X-APPLE-OMIT-YEAR=1604:1604-11-03\r\n"
  "NOTE:Préfère être appelée après 14 h\\, jamais le lundi.\r\n"
  "CATEGORIES:Fournisseurs,Bon client\r\n"
  "NICKNAME:Zozo\r\n"
  "item4.URL:https://boulangerie-du-port.fr\r\n"
  "item4.X-ABLabel:_$!<HomePage>!$_\r\n"
  PHOTO_START "\r\n"
  " " PHOTO_END "\r\n"
  "REV:2024-01-05T10:11:12Z\r\n"
  "UID:6B29FC40-CA47-1067-B31D-00DD010662DA\r\n"
  "END:VCARD\r\n";

static void
test_apple (void)
{
  const gint64 rev = G_GINT64_CONSTANT (1704449472000000);
  g_autoptr(CltSyncDoc) doc = read_card (apple_card, NULL, FALLBACK);
  g_autoptr(CltSyncDoc) again = read_card (apple_card, NULL, FALLBACK + 5);
  g_autoptr(CltSyncDoc) agreed = read_card (apple_card, doc, FALLBACK + 5);
  g_autoptr(GPtrArray) emails = clt_sync_doc_get_keys_with_prefix (doc, "email/");
  g_autoptr(GPtrArray) phones = clt_sync_doc_get_keys_with_prefix (doc, "phone/");
  g_autoptr(GPtrArray) addresses = clt_sync_doc_get_keys_with_prefix (doc, "address/");
  g_autoptr(GPtrArray) notes = clt_sync_doc_get_keys_with_prefix (doc, "note/");
  g_autofree char *written = NULL;
  g_autoptr(CltSyncDoc) back = NULL;

  g_assert_cmpstr (clt_sync_doc_get_uid (doc), ==, "6B29FC40-CA47-1067-B31D-00DD010662DA");
  g_assert_cmpint (clt_sync_doc_get_state (doc, NULL, NULL), ==, CLT_SYNC_LIVE);
  /* Every value dated by REV, on no desk. */
  assert_field (doc, "given", "'Zoë Anne'", rev, "");
  assert_field (doc, "family", "'Lefèvre'", rev, "");
  assert_field (doc, "display", "'Zoë Lefèvre'", rev, "");
  assert_field (doc, "company", "'Boulangerie du Port'", rev, "");
  assert_field (doc, "birthday", "'--11-03'", rev, "");
  assert_field (doc, "tag/fournisseurs", "true", rev, "");
  assert_field (doc, "tag/bon client", "true", rev, "");

  g_assert_cmpuint (emails->len, ==, 1);
  assert_field (doc, g_ptr_array_index (emails, 0), "('other', 'zoe@boulangerie.fr')", rev, "");
  g_assert_cmpuint (phones->len, ==, 2);
  g_assert_cmpuint (addresses->len, ==, 1);
  assert_field (doc, g_ptr_array_index (addresses, 0), "('home', '3 quai de la Douane\\n29200 Brest\\nFrance')", rev, "");
  g_assert_cmpuint (notes->len, ==, 1);
  assert_field (doc, g_ptr_array_index (notes, 0),
                "('Préfère être appelée après 14 h, jamais le lundi.', '', false, 1704449472)", rev, "");
  for (guint i = 0; i < phones->len; i++)
    {
      g_autofree char *printed = NULL;
      GVariant *value;

      clt_sync_doc_lookup (doc, g_ptr_array_index (phones, i), &value, NULL, NULL);
      printed = g_variant_print (value, FALSE);
      g_assert_true (g_str_equal (printed, "('mobile', '+33 6 98 76 54 32')") ||
                     g_str_equal (printed, "('Fournil', '02 98 00 11 22')"));
    }
  /* No preference, consent or VIP came from nowhere. */
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, 12);

  /* The same ids, the same stamps, every time. */
  assert_same_doc (again, doc);
  assert_same_doc (agreed, doc);

  /* Written back over the server's card, it reads the same and keeps
   * what Clientele has no field for, but not what it rewrites. */
  written = clt_sync_vcard_write_over (doc, CLT_VCARD_3_0, apple_card);
  back = read_card (written, doc, FALLBACK + 9);
  assert_same_doc (back, doc);
  assert_folded (written);
  g_assert_true (has_line (written, "NICKNAME:Zozo"));
  g_assert_true (has_line (written, "item4.URL:https://boulangerie-du-port.fr"));
  g_assert_true (has_line (written, "item4.X-ABLabel:_$!<HomePage>!$_"));
  g_assert_nonnull (strstr (written, "\r\nitem5.TEL;X-CLIENTELE-ID="));
  g_assert_true (has_line (written, "item5.X-ABLabel:Fournil"));
  g_assert_true (has_line (written, PHOTO_START PHOTO_END));
  g_assert_null (strstr (written, "PRODID"));
  g_assert_null (strstr (written, "X-ABADR"));
  g_assert_null (strstr (written, "2024-01-05T10:11:12Z"));
  g_assert_null (strstr (written, "\r\nitem1.EMAIL;type=INTERNET"));

  /* Not into a card of another version. */
  g_clear_pointer (&written, g_free);
  written = clt_sync_vcard_write_over (doc, CLT_VCARD_4_0, apple_card);
  g_assert_null (strstr (written, "NICKNAME"));
  g_assert_null (strstr (written, "PHOTO"));
}

/* Written by Google Contacts: 3.0, every contact in "myContacts". */
static const char google_card[] =
  "BEGIN:VCARD\r\n"
  "VERSION:3.0\r\n"
  "FN:Brasserie Lipp\r\n"
  "N:;;;;\r\n"
  "ORG:Brasserie Lipp\r\n"
  "item1.EMAIL;TYPE=INTERNET:contact@lipp.example\r\n"
  "item1.X-ABLabel:Réservations\r\n"
  "TEL;TYPE=WORK:01 45 48 53 91\r\n"
  "CATEGORIES:myContacts,Fournisseurs\r\n"
  "UID:c0ffee00google\r\n"
  "END:VCARD\r\n";

static void
test_google (void)
{
  g_autoptr(CltSyncDoc) doc = read_card (google_card, NULL, FALLBACK);
  g_autoptr(GPtrArray) emails = clt_sync_doc_get_keys_with_prefix (doc, "email/");
  g_autoptr(GPtrArray) tags = clt_sync_doc_get_keys_with_prefix (doc, "tag/");

  g_assert_cmpstr (clt_sync_doc_get_uid (doc), ==, "c0ffee00google");
  assert_field (doc, "company", "'Brasserie Lipp'", FALLBACK, "");
  /* FN is the company's name: no display of its own, no person's names. */
  g_assert_false (clt_sync_doc_lookup (doc, "display", NULL, NULL, NULL));
  g_assert_false (clt_sync_doc_lookup (doc, "given", NULL, NULL, NULL));
  g_assert_cmpuint (emails->len, ==, 1);
  assert_field (doc, g_ptr_array_index (emails, 0), "('Réservations', 'contact@lipp.example')", FALLBACK, "");
  g_assert_cmpuint (tags->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (tags, 0), ==, "tag/fournisseurs");
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, 4);
}

/* Written by Thunderbird: 4.0, URIs, a dated birthday; the customer was
 * shared before (the agreed version), and Thunderbird saved it again
 * without any Clientele property. */
static const char thunderbird_card[] =
  "BEGIN:VCARD\r\n"
  "VERSION:4.0\r\n"
  "FN:Jean Martin\r\n"
  "N:Martin;Jean;;;\r\n"
  "EMAIL;PREF=1:JEAN.MARTIN@Example.org\r\n"
  "EMAIL:jm@autre.example\r\n"
  "TEL;TYPE=cell;VALUE=URI:tel:+33612345678\r\n"
  "BDAY;VALUE=DATE:19850612\r\n"
  "UID:b1d2c3e4-aaaa-4bbb-8ccc-123456789abc\r\n"
  "END:VCARD\r\n";

static void
test_thunderbird (void)
{
  g_autoptr(CltSyncDoc) base = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "b1d2c3e4-aaaa-4bbb-8ccc-123456789abc");
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(CltSyncDoc) again = NULL;
  g_autoptr(GPtrArray) emails = NULL;
  g_autoptr(GPtrArray) phones = NULL;
  const char *added = NULL;

  clt_sync_doc_set (base, "given", g_variant_new_string ("Jean"), T0, "desk-a");
  clt_sync_doc_set (base, "family", g_variant_new_string ("Martin"), T0, "desk-a");
  clt_sync_doc_set (base, "language", g_variant_new_string ("fr"), T0, "desk-a");
  clt_sync_doc_set (base, "birthday", g_variant_new_string ("1985-06-12"), T0, "desk-a");
  clt_sync_doc_set (base, "vip", g_variant_new_boolean (TRUE), T0, "desk-a");
  clt_sync_doc_set (base, "email/x1", g_variant_new ("(ss)", "", "jean.martin@example.org"), T0, "desk-a");
  clt_sync_doc_set (base, "phone/x2", g_variant_new ("(ss)", "mobile", "+33 6 12 34 56 78"), T0, "desk-a");
  clt_sync_doc_set (base, "phone/x3", g_variant_new ("(ss)", "home", "04 50 00 00 00"), T0, "desk-a");

  doc = read_card (thunderbird_card, base, FALLBACK);
  again = read_card (thunderbird_card, base, FALLBACK);
  assert_same_doc (again, doc);

  /* Unchanged, as agreed. */
  assert_field (doc, "given", "'Jean'", T0, "desk-a");
  assert_field (doc, "birthday", "'1985-06-12'", T0, "desk-a");
  /* The same address and the same number keep their ids; the case of the
   * address and the spacing of the number are Thunderbird's edit. */
  assert_field (doc, "email/x1", "('', 'JEAN.MARTIN@Example.org')", FALLBACK, "");
  assert_field (doc, "phone/x2", "('mobile', '+33612345678')", FALLBACK, "");
  /* Removed in Thunderbird: a phone, and LANG, a standard property in 4.0. */
  assert_field (doc, "phone/x3", NULL, FALLBACK, "");
  assert_field (doc, "language", NULL, FALLBACK, "");
  /* Clientele's own, kept. */
  assert_field (doc, "vip", "true", T0, "desk-a");
  /* A new address, with an id made from it. */
  emails = clt_sync_doc_get_keys_with_prefix (doc, "email/");
  g_assert_cmpuint (emails->len, ==, 2);
  added = g_ptr_array_index (emails, g_str_equal (g_ptr_array_index (emails, 0), "email/x1") ? 1 : 0);
  g_assert_true (g_str_has_prefix (added, "email/v"));
  assert_field (doc, added, "('', 'jm@autre.example')", FALLBACK, "");
  phones = clt_sync_doc_get_keys_with_prefix (doc, "phone/");
  g_assert_cmpuint (phones->len, ==, 2);
  /* FN is what the names make: no display of its own. */
  g_assert_false (clt_sync_doc_lookup (doc, "display", NULL, NULL, NULL));
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, 9);
}

/* A card as a program that drops every property and parameter it does
 * not know would save it, with @edit applied to its unfolded text. */
static char *
strip_clientele (const char *card)
{
  g_autofree char *unfolded = unfold (card);
  g_auto(GStrv) lines = g_strsplit (unfolded, "\r\n", -1);
  g_autoptr(GRegex) id = g_regex_new (";X-CLIENTELE-ID=[^;:]*", 0, 0, NULL);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = NULL;

      if (*lines[i] == '\0' || g_str_has_prefix (lines[i], "X-CLIENTELE-"))
        continue;
      line = g_regex_replace_literal (id, lines[i], -1, 0, "", 0, NULL);
      g_string_append_printf (out, "%s\r\n", line);
    }

  return g_string_free (out, FALSE);
}

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), ==, 2);
  return g_strjoinv (to, parts);
}

static void
test_stripped (void)
{
  g_autoptr(CltSyncDoc) base = full_doc (CLT_SYNC_LIVE, "--06-12");
  g_autofree char *card = clt_sync_vcard_write (base, CLT_VCARD_3_0);
  g_autofree char *stripped = strip_clientele (card);
  g_autofree char *renamed = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(CltSyncDoc) same = NULL;
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(GPtrArray) keys = NULL;

  g_assert_null (strstr (stripped, "X-CLIENTELE"));

  /* Nothing changed: everything as agreed. */
  same = read_card (stripped, base, FALLBACK);
  assert_same_doc (same, base);

  /* The given name changed, the office phone removed. */
  renamed = replace (stripped, "N:Dupont-Moretti\\, née Ørsted;Hélène;", "N:Dupont-Moretti\\, née Ørsted;Hélène-Marie;");
  edited = replace (renamed, "TEL:04 50 53 00 00\r\n", "");
  doc = read_card (edited, base, FALLBACK);

  assert_field (doc, "given", "'Hélène-Marie'", FALLBACK, "");
  assert_field (doc, "phone/p2", NULL, FALLBACK, "");
  /* What did not change keeps its stamp, elements their ids. */
  assert_field (doc, "family", "'Dupont-Moretti, née Ørsted'", T0 + 1, "desk-a");
  assert_field (doc, "display", "'Hélène D.; \"la grande\" \\\\o/'", T0 + 2, "réception 2");
  assert_field (doc, "email/e9f8", "('Bureau, 2e étage', 'h.dupont@travail.ch')", T0 + 7, "desk-b");
  assert_field (doc, "address/a1", "('work', '12, rue de l’Église; bâtiment B\\n74400 Chamonix\\nFrance')", T0 + 9, "desk-a");
  assert_field (doc, "tag/fidèle, depuis 2019", "true", T0 + 13, "desk-a");
  assert_field (doc, "tag/ancien", NULL, T0 + 14, "desk-b");
  /* Clientele's own data, dropped by the other program, is kept. */
  assert_field (doc, "preference/f1", "('food', 'Sans gluten; pas de lactose,\\nmerci \\\\ vraiment', true, true)",
                T0 + 10, "desk-a");
  assert_field (doc, "preference/f-old", NULL, T0 + 11, "desk-b");
  assert_field (doc, "note/n1", "('Arrive tard; appeler\\nla veille, \\\\ merci', 'Marie Curie', true, 1709285400)",
                T0, "desk-a");
  assert_field (doc, "note/n2", "('Aime le thé vert', '', false, 0)", T0 + 12, "desk-b");
  assert_field (doc, "vip", "true", T0 + 5, "desk-b");
  assert_field (doc, "consent", "'follow-ups'", T0 + 6, "desk-a");
  assert_field (doc, "addressed-as", "'Madame la Présidente'", T0, "desk-b");
  assert_field (doc, "language", "'fr-CH'", T0, "desk-a");
  keys = clt_sync_doc_get_keys (doc);
  g_assert_cmpuint (keys->len, ==, clt_sync_doc_get_n_fields (base));
}

/* Another program kept our properties but changed a value, updated REV
 * and added to NOTE. */
static void
test_foreign_edit (void)
{
  const gint64 rev = G_GINT64_CONSTANT (1735689600000000);   /* 2025-01-01 */
  g_autoptr(CltSyncDoc) base = full_doc (CLT_SYNC_LIVE, "--06-12");
  g_autofree char *card = clt_sync_vcard_write (base, CLT_VCARD_4_0);
  g_autofree char *unfolded = unfold (card);
  g_autofree char *phone = replace (unfolded, ":+33 6 12 34 56 78\r\n", ":+33 6 00 00 00 01\r\n");
  g_autofree char *noted = replace (phone, "merci\\n\\nAime le thé vert\r\n",
                                      "merci\\n\\nAime le thé vert\\n\\nAllergique aux noix\r\n");
  g_autofree char *edited = replace (noted, "REV:20240301T093000Z", "REV:20250101T000000Z");
  g_autoptr(CltSyncDoc) doc = read_card (edited, base, FALLBACK);
  g_autoptr(CltSyncDoc) again = read_card (edited, base, FALLBACK + 1);
  g_autoptr(GPtrArray) notes = clt_sync_doc_get_keys_with_prefix (doc, "note/");
  const char *added = NULL;

  assert_field (doc, "phone/p1", "('mobile', '+33 6 00 00 00 01')", rev, "");
  assert_field (doc, "phone/p2", "('', '04 50 53 00 00')", T0, "desk-a");
  g_assert_cmpuint (notes->len, ==, 3);
  for (guint i = 0; i < notes->len; i++)
    if (!g_str_equal (g_ptr_array_index (notes, i), "note/n1") && !g_str_equal (g_ptr_array_index (notes, i), "note/n2"))
      added = g_ptr_array_index (notes, i);
  g_assert_nonnull (added);
  assert_field (doc, added, "('Allergique aux noix', '', false, 1735689600)", rev, "");
  assert_same_doc (again, doc);
}

static void
test_damaged (void)
{
  const char *cards[] = {
    "",
    "Bonjour,\r\nvoici mes coordonnées.\r\n",
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:x\r\nFN:Cut short\r\n",
    "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:x\r\nFN:Broken\r\nthis line has no colon\r\nEND:VCARD\r\n",
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:No UID\r\nEND:VCARD\r\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CltSyncDoc) doc = clt_sync_vcard_read (cards[i], NULL, FALLBACK, &error);

      g_assert_null (doc);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_cmpstr (error->message, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/sync-vcard/round-trip/4.0", GINT_TO_POINTER (CLT_VCARD_4_0), test_round_trip);
  g_test_add_data_func ("/sync-vcard/round-trip/3.0", GINT_TO_POINTER (CLT_VCARD_3_0), test_round_trip);
  g_test_add_data_func ("/sync-vcard/deleted-state-stamp/4.0", GINT_TO_POINTER (CLT_VCARD_4_0),
                        test_deleted_state_stamp);
  g_test_add_data_func ("/sync-vcard/deleted-state-stamp/3.0", GINT_TO_POINTER (CLT_VCARD_3_0),
                        test_deleted_state_stamp);
  g_test_add_func ("/sync-vcard/write/lines", test_write_lines);
  g_test_add_func ("/sync-vcard/write/state", test_write_state);
  g_test_add_func ("/sync-vcard/read/apple", test_apple);
  g_test_add_func ("/sync-vcard/read/google", test_google);
  g_test_add_func ("/sync-vcard/read/thunderbird", test_thunderbird);
  g_test_add_func ("/sync-vcard/read/stripped", test_stripped);
  g_test_add_func ("/sync-vcard/read/foreign-edit", test_foreign_edit);
  g_test_add_func ("/sync-vcard/read/damaged", test_damaged);

  return g_test_run ();
}

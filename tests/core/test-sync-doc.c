/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "clt-sync-doc.h"

static CltSyncDoc *
make_doc (void)
{
  CltSyncDoc *doc = clt_sync_doc_new (CLT_SYNC_CUSTOMER, "4f1c-uid");

  clt_sync_doc_set (doc, "given", g_variant_new_string ("Hélène"), 1000, "desk-a");
  clt_sync_doc_set (doc, "email/e1", g_variant_new ("(ss)", "work", "h@example.fr"), 2000, "desk-b");
  clt_sync_doc_set (doc, "preference/p1", g_variant_new ("(ssbb)", "food", "Sans gluten ; merci", TRUE, FALSE), 3000, "desk-a");
  clt_sync_doc_set (doc, "phone/old", NULL, 4000, "desk-b");

  return doc;
}

static void
test_fields (void)
{
  g_autoptr(CltSyncDoc) doc = make_doc ();
  g_autoptr(GPtrArray) keys = clt_sync_doc_get_keys (doc);
  g_autoptr(GPtrArray) emails = clt_sync_doc_get_keys_with_prefix (doc, "email/");
  GVariant *value = NULL;
  gint64 changed = 0;
  const char *desk = NULL;

  g_assert_cmpuint (keys->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (keys, 0), ==, "email/e1");
  g_assert_cmpstr (g_ptr_array_index (keys, 3), ==, "preference/p1");
  g_assert_cmpuint (emails->len, ==, 1);
  g_assert_cmpstr (clt_sync_doc_get_string (doc, "given"), ==, "Hélène");
  g_assert_null (clt_sync_doc_get_string (doc, "email/e1"));

  g_assert_true (clt_sync_doc_lookup (doc, "phone/old", &value, &changed, &desk));
  g_assert_null (value);
  g_assert_cmpint (changed, ==, 4000);
  g_assert_cmpstr (desk, ==, "desk-b");
  g_assert_false (clt_sync_doc_lookup (doc, "family", &value, NULL, NULL));

  clt_sync_doc_unset (doc, "phone/old");
  g_assert_cmpuint (clt_sync_doc_get_n_fields (doc), ==, 3);
}

static void
test_round_trip (void)
{
  g_autoptr(CltSyncDoc) doc = make_doc ();
  g_autoptr(CltSyncDoc) copy = NULL;
  g_autoptr(CltSyncDoc) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;

  clt_sync_doc_set_state (doc, CLT_SYNC_DELETED, 5000, "desk-c");
  bytes = clt_sync_doc_to_bytes (doc);
  back = clt_sync_doc_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_true (clt_sync_doc_equal (doc, back, TRUE));
  g_assert_cmpint (clt_sync_doc_get_state (back, NULL, NULL), ==, CLT_SYNC_DELETED);

  /* The same document gives the same bytes, whatever the order of setting. */
  copy = clt_sync_doc_copy (back);
  again = clt_sync_doc_to_bytes (copy);
  g_assert_true (g_bytes_equal (bytes, again));

  /* Stamps matter only when asked. */
  clt_sync_doc_set (copy, "given", g_variant_new_string ("Hélène"), 9999, "desk-z");
  g_assert_true (clt_sync_doc_equal (doc, copy, FALSE));
  g_assert_false (clt_sync_doc_equal (doc, copy, TRUE));
  clt_sync_doc_set (copy, "given", g_variant_new_string ("Helene"), 9999, "desk-z");
  g_assert_false (clt_sync_doc_equal (doc, copy, FALSE));
}

static void
test_damaged (void)
{
  g_autoptr(GBytes) junk = g_bytes_new_static ("\x01\x02garbage", 9);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) doc = clt_sync_doc_from_bytes (junk, &error);

  g_assert_null (doc);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_stamp (void)
{
  g_autofree char *text = clt_sync_stamp_format ("tag/bon client", 1733467800000001, "desk-a");
  g_autofree char *key = NULL;
  g_autofree char *desk = NULL;
  gint64 changed = 0;

  g_assert_cmpstr (text, ==, "tag/bon%20client 1733467800000001 desk-a");
  g_assert_true (clt_sync_stamp_parse (text, &key, &changed, &desk));
  g_assert_cmpstr (key, ==, "tag/bon client");
  g_assert_cmpint (changed, ==, 1733467800000001);
  g_assert_cmpstr (desk, ==, "desk-a");
  g_clear_pointer (&key, g_free);
  g_clear_pointer (&desk, g_free);

  g_assert_true (clt_sync_stamp_parse ("given 5", &key, &changed, &desk));
  g_assert_cmpstr (desk, ==, "");
  g_assert_false (clt_sync_stamp_parse ("given", NULL, NULL, NULL));
  g_assert_false (clt_sync_stamp_parse ("given soon desk", NULL, NULL, NULL));
  g_assert_false (clt_sync_stamp_parse (" 5 desk", NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-doc/fields", test_fields);
  g_test_add_func ("/sync-doc/round-trip", test_round_trip);
  g_test_add_func ("/sync-doc/damaged", test_damaged);
  g_test_add_func ("/sync-doc/stamp", test_stamp);

  return g_test_run ();
}

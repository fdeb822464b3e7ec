/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clt-sync-ical.h"

/* Any bytes as a task or journal entry from the server: read without
 * crashing, to a document or an error of the mapping's own; a document is
 * attached to a customer, and what the writer makes of it reads back as
 * the same document, stamps included, and is written again the same. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_doc (CltSyncDoc *doc)
{
  g_autofree char *text = clt_sync_ical_write (doc);
  g_autofree char *again = NULL;
  g_autoptr(CltSyncDoc) back = NULL;
  g_autoptr(CltSyncDoc) against_itself = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (clt_sync_doc_get_kind (doc) == CLT_SYNC_PROMISE || clt_sync_doc_get_kind (doc) == CLT_SYNC_CONTACT);
  g_assert (clt_sync_doc_get_string (doc, "customer") != NULL);
  g_assert (text != NULL && g_utf8_validate (text, -1, NULL));

  back = clt_sync_ical_read (text, NULL, 1, &error);
  if (error != NULL)
    {
      g_autofree char *dump = clt_sync_doc_to_string (doc);

      g_printerr ("%s\nwritten as\n%s\n", dump, text);
    }
  g_assert_no_error (error);
  if (!clt_sync_doc_equal (doc, back, TRUE))
    {
      g_autofree char *expected = clt_sync_doc_to_string (doc);
      g_autofree char *got = clt_sync_doc_to_string (back);

      g_printerr ("%s\nread back as\n%s\nfrom\n%s", expected, got, text);
      g_assert_not_reached ();
    }
  against_itself = clt_sync_ical_read (text, doc, 1, &error);
  g_assert_no_error (error);
  g_assert_true (clt_sync_doc_equal (doc, against_itself, TRUE));

  again = clt_sync_ical_write (back);
  g_assert_cmpstr (text, ==, again);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(CltSyncDoc) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = clt_sync_ical_read (text, NULL, G_GINT64_CONSTANT (1750000000000000), &error);
  g_assert ((doc == NULL) != (error == NULL));
  if (doc == NULL)
    {
      g_assert (error->domain == CLT_SYNC_ICAL_ERROR);
      g_assert (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }

  check_doc (doc);

  return 0;
}

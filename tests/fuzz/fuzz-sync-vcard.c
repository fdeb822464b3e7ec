/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "clt-sync-vcard.h"

/* Any bytes as a card from the shared address book: read without
 * crashing, a customer or an error; and the customer, written back in
 * either version over the card it came from, reads back the same, stamps
 * and ids included, with or without itself as the agreed version. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
check_round_trip (CltSyncDoc      *doc,
                  const char      *text,
                  CltVCardVersion  version)
{
  g_autofree char *card = clt_sync_vcard_write_over (doc, version, text);
  g_autoptr(CltSyncDoc) again = NULL;
  g_autoptr(CltSyncDoc) agreed = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (g_utf8_validate (card, -1, NULL));
  for (const char *line = card; *line; line = strstr (line, "\r\n") + 2)
    g_assert (strstr (line, "\r\n") - line <= 75);

  again = clt_sync_vcard_read (card, NULL, 2, &error);
  g_assert_no_error (error);
  g_assert (clt_sync_doc_equal (again, doc, TRUE));

  agreed = clt_sync_vcard_read (card, doc, 3, &error);
  g_assert_no_error (error);
  g_assert (clt_sync_doc_equal (agreed, doc, TRUE));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSyncDoc) doc = clt_sync_vcard_read (text, NULL, 1, &error);

  g_assert ((doc == NULL) != (error == NULL));
  if (doc == NULL)
    {
      g_assert (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
      g_assert (g_utf8_validate (error->message, -1, NULL) && *error->message != '\0');
      return 0;
    }

  check_round_trip (doc, text, CLT_VCARD_4_0);
  check_round_trip (doc, text, CLT_VCARD_3_0);

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "clt-core.h"

/* Everything a user or a file can type into a template, a header or an
 * address: checked, rendered and cleaned without crashing, and the checker
 * and the renderer agree on what is wrong. */
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *rendered = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return 0;

  for (const char * const *placeholder = clt_template_placeholders (); *placeholder != NULL; placeholder++)
    g_hash_table_insert (values, (gpointer) *placeholder, (gpointer) "Hélène {first_name}");

  problems = clt_template_check (text);
  rendered = clt_template_render (text, values, &error);
  g_assert ((rendered == NULL) == (problems->len > 0));
  g_assert (rendered == NULL || g_utf8_validate (rendered, -1, NULL));
  for (guint i = 0; i < problems->len; i++)
    {
      CltTemplateProblem *problem = g_ptr_array_index (problems, i);

      g_assert (problem->start <= problem->end && problem->end <= strlen (text));
      g_assert (problem->message != NULL);
    }

  clean = clt_message_clean_header (text);
  for (const char *p = clean; *p != '\0'; p++)
    g_assert ((guchar) *p >= 0x20 && *p != 0x7f);

  if (clt_mail_parse_mailbox (text, &name, &address, NULL))
    g_assert (clt_mail_address_is_valid (address));

  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linked into a test program, evolution-data-server as the Flatpak builds
 * it, without libphonenumber: what e-phone-number.c answers then (its
 * #else branches), no number read and NOT_IMPLEMENTED errors. */

#include <glib.h>

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#include <libebook-contacts/libebook-contacts.h>
G_GNUC_END_IGNORE_DEPRECATIONS

static void
not_implemented (GError **error)
{
  g_set_error_literal (error, E_PHONE_NUMBER_ERROR, E_PHONE_NUMBER_ERROR_NOT_IMPLEMENTED,
                       "The library was built without phone number support");
}

gboolean
e_phone_number_is_supported (void)
{
  return FALSE;
}

gint
e_phone_number_get_country_code_for_region (const gchar  *region_code,
                                            GError      **error)
{
  not_implemented (error);
  return 0;
}

EPhoneNumber *
e_phone_number_from_string (const gchar  *phone_number,
                            const gchar  *region_code,
                            GError      **error)
{
  not_implemented (error);
  return NULL;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-write-blocked"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-write-blocked.h"

/* Who recorded the refusal and when, as far as the book knows. */
static char *
dup_refusal_record (CltCustomer *customer)
{
  gint64 at = clt_customer_get_consent_at (customer);
  const char *source = clt_customer_get_consent_source (customer);
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *day = NULL;

  if (at <= 0)
    return g_strdup (_("When and by whom is not known."));

  when = g_date_time_new_from_unix_local (at);
  day = g_date_time_format (when, _("%-d %B %Y"));
  if (source == NULL)
    /* Translators: the day a refusal of e-mail was recorded; who did is not known. */
    return g_strdup_printf (_("Recorded on %s (by whom is not known)."), day);
  /* Translators: who recorded a refusal of e-mail, and the day. */
  return g_strdup_printf (_("Recorded by %s on %s."), source, day);
}

/**
 * clt_write_blocked_dialog_new:
 * @parent: the window that was asked to write
 * @customer: who cannot be written to
 * @reason: why, as clt_store_can_mail() said (%CLT_MAIL_ERROR_NO_CONSENT
 *   or %CLT_MAIL_ERROR_NO_ADDRESS)
 *
 * Says on the spot why nothing can be written to @customer, with the way
 * to change it: the response %CLT_WRITE_BLOCKED_CHANGE_CONSENT or
 * %CLT_WRITE_BLOCKED_ADD_ADDRESS, else "close".
 *
 * Returns: (transfer floating): an #AdwMessageDialog to present
 */
GtkWidget *
clt_write_blocked_dialog_new (GtkWindow    *parent,
                              CltCustomer  *customer,
                              const GError *reason)
{
  const char *name;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  g_return_val_if_fail (CLT_IS_CUSTOMER (customer), NULL);
  g_return_val_if_fail (reason != NULL, NULL);

  name = clt_customer_get_display_name (customer);

  if (g_error_matches (reason, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ADDRESS))
    {
      /* Translators: a dialog's heading, when writing to a customer was asked for. */
      heading = g_strdup_printf (_("No E-mail Address for %s"), name);
      body = g_strdup (_("Add their address to write to them."));
    }
  else
    {
      g_autofree char *record = dup_refusal_record (customer);

      /* Translators: a dialog's heading, when writing to a customer was asked for. */
      heading = g_strdup_printf (_("%s Refused E-mail"), name);
      /* Translators: %s says who recorded the refusal and when. */
      body = g_strdup_printf (_("Nothing is written to them, not even a follow-up. %s "
                                "If they have agreed since, change their consent."), record);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, body));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  if (g_error_matches (reason, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ADDRESS))
    adw_message_dialog_add_response (dialog, CLT_WRITE_BLOCKED_ADD_ADDRESS, _("_Add an E-mail Address…"));
  else
    adw_message_dialog_add_response (dialog, CLT_WRITE_BLOCKED_CHANGE_CONSENT, _("_Change Consent…"));
  adw_message_dialog_set_response_appearance (dialog,
                                              g_error_matches (reason, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ADDRESS)
                                              ? CLT_WRITE_BLOCKED_ADD_ADDRESS : CLT_WRITE_BLOCKED_CHANGE_CONSENT,
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");

  return GTK_WIDGET (dialog);
}

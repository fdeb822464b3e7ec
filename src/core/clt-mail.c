/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-mail"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "clt-host.h"
#include "clt-mail.h"

G_DEFINE_QUARK (clt-mail-error-quark, clt_mail_error)

gboolean
clt_mail_error_pauses_queue (const GError *error)
{
  if (error == NULL || error->domain != CLT_MAIL_ERROR)
    return FALSE;

  switch (error->code)
    {
    case CLT_MAIL_ERROR_NO_ACCOUNT:
    case CLT_MAIL_ERROR_NO_PASSWORD:
    case CLT_MAIL_ERROR_KEYRING:
    case CLT_MAIL_ERROR_AUTH:
    case CLT_MAIL_ERROR_CERTIFICATE:
    case CLT_MAIL_ERROR_TLS:
    case CLT_MAIL_ERROR_SENDER:
      return TRUE;
    default:
      return FALSE;
    }
}

void
clt_mail_set_no_account_error (GError **error)
{
  g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ACCOUNT,
                       _("No e-mail account is set up. Enter your sender address and "
                         "mail server in Preferences."));
}

gboolean
clt_mail_error_is_password (const GError *error)
{
  return g_error_matches (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_AUTH) ||
         g_error_matches (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_PASSWORD);
}

static const char * const security_names[] = { "tls", "starttls", "none" };

const char *
clt_security_to_string (CltSecurity security)
{
  g_return_val_if_fail (security <= CLT_SECURITY_NONE, "tls");

  return security_names[security];
}

gboolean
clt_security_from_string (const char  *name,
                          CltSecurity *security)
{
  g_return_val_if_fail (security != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (security_names); i++)
    {
      if (g_strcmp0 (name, security_names[i]) == 0)
        {
          *security = i;
          return TRUE;
        }
    }

  return FALSE;
}

guint
clt_security_default_port (CltSecurity security)
{
  switch (security)
    {
    case CLT_SECURITY_TLS: return 465;
    case CLT_SECURITY_STARTTLS: return 587;
    case CLT_SECURITY_NONE:
    default: return 25;
    }
}

CltMailAccount *
clt_mail_account_new (void)
{
  CltMailAccount *account = g_new0 (CltMailAccount, 1);

  account->security = CLT_SECURITY_STARTTLS;
  account->port = 587;

  return account;
}

CltMailAccount *
clt_mail_account_copy (const CltMailAccount *account)
{
  CltMailAccount *copy;

  g_return_val_if_fail (account != NULL, NULL);

  copy = g_new0 (CltMailAccount, 1);
  copy->from_name = g_strdup (account->from_name);
  copy->from_address = g_strdup (account->from_address);
  copy->business = g_strdup (account->business);
  copy->signature = g_strdup (account->signature);
  copy->host = g_strdup (account->host);
  copy->port = account->port;
  copy->security = account->security;
  copy->user = g_strdup (account->user);

  return copy;
}

void
clt_mail_account_free (CltMailAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->from_name);
  g_free (account->from_address);
  g_free (account->business);
  g_free (account->signature);
  g_free (account->host);
  g_free (account->user);
  g_free (account);
}

gboolean
clt_mail_account_validate (const CltMailAccount  *account,
                           GError               **error)
{
  g_return_val_if_fail (account != NULL, FALSE);

  if (account->from_address == NULL || !clt_mail_address_is_valid (account->from_address))
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                   _("The sender’s address “%s” is not an e-mail address. Enter one such as reception@example.com."),
                   account->from_address != NULL ? account->from_address : "");
      return FALSE;
    }

  if (account->host == NULL || *account->host == '\0' ||
      strpbrk (account->host, " /\t\r\n") != NULL)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                           _("Enter the name of your mail server, such as smtp.example.com."));
      return FALSE;
    }

  if (account->port == 0 || account->port > 65535)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                           _("The port must be a number between 1 and 65535: usually 465 (TLS) or 587 (STARTTLS)."));
      return FALSE;
    }

  if (account->security == CLT_SECURITY_NONE && !clt_host_is_local (account->host))
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                   _("Sending without encryption is only allowed to a server on this computer. Choose TLS or STARTTLS for “%s”."),
                   account->host);
      return FALSE;
    }

  return TRUE;
}

gboolean
clt_mail_address_is_valid (const char *address)
{
  const char *at;

  if (address == NULL || !g_utf8_validate (address, -1, NULL))
    return FALSE;

  for (const char *p = address; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c <= 0x20 || c == 0x7f || strchr ("<>,;:\"()[]\\", c) != NULL)
        return FALSE;
    }

  at = strrchr (address, '@');
  if (at == NULL || at == address || at[1] == '\0' || strchr (address, '@') != at)
    return FALSE;

  /* A domain with at least one dot, not at either end. */
  return strchr (at + 1, '.') != NULL && at[1] != '.' && !g_str_has_suffix (at, ".");
}

static const char * const state_names[] = {
  "draft", "queued", "sending", "uncertain", "sent", "failed",
};

const char *
clt_mail_state_to_string (CltMailState state)
{
  g_return_val_if_fail (state <= CLT_MAIL_FAILED, "queued");

  return state_names[state];
}

gboolean
clt_mail_state_from_string (const char   *name,
                            CltMailState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_strcmp0 (name, state_names[i]) == 0)
        {
          *state = i;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
clt_mail_state_label (CltMailState state)
{
  switch (state)
    {
    case CLT_MAIL_DRAFT: return _("Draft");
    case CLT_MAIL_QUEUED: return _("Waiting to be sent");
    case CLT_MAIL_SENDING: return _("Sending");
    case CLT_MAIL_UNCERTAIN: return _("May have been sent");
    case CLT_MAIL_SENT: return _("Sent");
    case CLT_MAIL_FAILED:
    default: return _("Not sent");
    }
}

void
clt_mail_free (CltMail *mail)
{
  if (mail == NULL)
    return;

  g_free (mail->customer_name);
  g_free (mail->to_name);
  g_free (mail->to_address);
  g_free (mail->subject);
  g_free (mail->body);
  g_free (mail->template_name);
  g_free (mail->message_id);
  g_free (mail->last_reply);
  g_free (mail);
}

gint64
clt_mail_retry_delay (guint attempts)
{
  gint64 minutes = 1;

  for (guint i = 1; i < attempts && minutes < 60; i++)
    minutes *= 2;

  return MIN (minutes, 60) * 60;
}

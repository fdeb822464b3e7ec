/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-secret"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/prctl.h>

#include <glib/gi18n-lib.h>
#include "clt-keyring-module.h"
#include "clt-mail.h"
#include "clt-module.h"
#include "clt-secret.h"

/* An account without a user name still has one item per server. */
static const char *
user_or_empty (const char *user)
{
  return user != NULL ? user : "";
}

static gboolean
propagate_error (GError  *keyring_error,
                 GError **error)
{
  if (g_error_matches (keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CANCELLED,
                         _("Reaching the keyring was cancelled."));
  else
    /* Translators: the keyring is where GNOME keeps passwords; %s is the
     * technical reason */
    g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_KEYRING,
                 _("The keyring, where Clientele keeps its passwords, could not be reached: %s"),
                 keyring_error->message);

  g_error_free (keyring_error);
  return FALSE;
}

/* libsecret is in a module, loaded the first time a password is needed:
 * with libgcrypt it cost every start 1.9 ms. */
static gpointer
keyring_symbol (const char  *symbol,
                GError     **error)
{
  GError *local_error = NULL;
  gpointer address = clt_module_lookup ("keyring", symbol, &local_error);

  if (address == NULL)
    propagate_error (local_error, error);

  return address;
}

static gboolean
store_password (CltKeyringSchema     schema,
                const char          *label,
                const char          *server,
                const char          *user,
                const char          *password,
                GCancellable        *cancellable,
                GError             **error)
{
  CltKeyringStoreFunc store = keyring_symbol (CLT_KEYRING_STORE, error);
  GError *local_error = NULL;

  if (store == NULL)
    return FALSE;

  if (!store (schema, label, server, user_or_empty (user), password, cancellable, &local_error))
    return propagate_error (local_error, error);

  return TRUE;
}

static char *
lookup_password (CltKeyringSchema     schema,
                 const char          *server,
                 const char          *user,
                 GCancellable        *cancellable,
                 GError             **error)
{
  CltKeyringLookupFunc lookup = keyring_symbol (CLT_KEYRING_LOOKUP, error);
  GError *local_error = NULL;
  char *password;

  if (lookup == NULL)
    return NULL;

  password = lookup (schema, server, user_or_empty (user), cancellable, &local_error);
  if (local_error != NULL)
    {
      clt_secret_password_free (password);
      propagate_error (local_error, error);
      return NULL;
    }

  return password;
}

static gboolean
clear_password (CltKeyringSchema     schema,
                const char          *server,
                const char          *user,
                GCancellable        *cancellable,
                GError             **error)
{
  CltKeyringClearFunc clear = keyring_symbol (CLT_KEYRING_CLEAR, error);
  GError *local_error = NULL;

  if (clear == NULL)
    return FALSE;

  /* FALSE with no error only means there was nothing to remove. */
  if (!clear (schema, server, user_or_empty (user), cancellable, &local_error) && local_error != NULL)
    return propagate_error (local_error, error);

  return TRUE;
}

gboolean
clt_secret_store_password (const char    *host,
                           const char    *user,
                           const char    *password,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Translators: the name of the password in the keyring (Passwords and
   * Keys); the first %s is a user name, the second a server */
  label = g_strdup_printf (_("Clientele: SMTP password for %s@%s"), user_or_empty (user), host);

  return store_password (CLT_KEYRING_SMTP, label, host, user, password, cancellable, error);
}

char *
clt_secret_lookup_password (const char    *host,
                            const char    *user,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lookup_password (CLT_KEYRING_SMTP, host, user, cancellable, error);
}

gboolean
clt_secret_clear_password (const char    *host,
                           const char    *user,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_return_val_if_fail (host != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return clear_password (CLT_KEYRING_SMTP, host, user, cancellable, error);
}

gboolean
clt_secret_store_sync_password (const char    *url,
                                const char    *user,
                                const char    *password,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autofree char *label = NULL;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Translators: the name of the password in the keyring (Passwords and
   * Keys); the first %s is a user name, the second a server's address */
  label = g_strdup_printf (_("Clientele: sharing password for %s at %s"), user_or_empty (user), url);

  return store_password (CLT_KEYRING_SYNC, label, url, user, password, cancellable, error);
}

char *
clt_secret_lookup_sync_password (const char    *url,
                                 const char    *user,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lookup_password (CLT_KEYRING_SYNC, url, user, cancellable, error);
}

gboolean
clt_secret_clear_sync_password (const char    *url,
                                const char    *user,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return clear_password (CLT_KEYRING_SYNC, url, user, cancellable, error);
}

void
clt_secret_password_free (char *password)
{
  if (password == NULL)
    return;

  explicit_bzero (password, strlen (password));
  g_free (password);
}

/* How many senders hold a password now, and whether the process could be
 * dumped before the first took it. */
static GMutex guard_lock;
static guint guard_count;
static int dumpable_before;

void
clt_secret_guard_begin (void)
{
  g_mutex_lock (&guard_lock);
  if (guard_count++ == 0)
    {
      dumpable_before = prctl (PR_GET_DUMPABLE, 0, 0, 0, 0);
      if (prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) != 0)
        g_debug ("Could not make the process non-dumpable: %s", g_strerror (errno));
    }
  g_mutex_unlock (&guard_lock);
}

void
clt_secret_guard_end (void)
{
  g_mutex_lock (&guard_lock);
  if (guard_count == 0)
    g_critical ("clt_secret_guard_end() without clt_secret_guard_begin()");
  /* 1 is the only value a process may set back (2 is the system's). */
  else if (--guard_count == 0 && dumpable_before == 1)
    prctl (PR_SET_DUMPABLE, 1, 0, 0, 0);
  g_mutex_unlock (&guard_lock);
}

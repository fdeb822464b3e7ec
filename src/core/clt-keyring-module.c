/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-secret"

/* The module that holds libsecret (libclientele-keyring.so), loaded the
 * first time a password is stored or looked up (clt_module_lookup()). */

#include <gmodule.h>
#include <libsecret/secret.h>

#include "clt-keyring-module.h"

G_MODULE_EXPORT gboolean clt_keyring_store  (CltKeyringSchema   schema,
                                             const char        *label,
                                             const char        *server,
                                             const char        *user,
                                             const char        *password,
                                             GCancellable      *cancellable,
                                             GError           **error);
G_MODULE_EXPORT char    *clt_keyring_lookup (CltKeyringSchema   schema,
                                             const char        *server,
                                             const char        *user,
                                             GCancellable      *cancellable,
                                             GError           **error);
G_MODULE_EXPORT gboolean clt_keyring_clear  (CltKeyringSchema   schema,
                                             const char        *server,
                                             const char        *user,
                                             GCancellable      *cancellable,
                                             GError           **error);

static const SecretSchema schemas[] = {
  [CLT_KEYRING_SMTP] = {
    "io.github.clientele.Clientele.Smtp",
    SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  },
  [CLT_KEYRING_SYNC] = {
    "io.github.clientele.Clientele.Sync",
    SECRET_SCHEMA_NONE,
    {
      { "url", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  },
};

/* Each schema has one attribute for the server and one for the user. */
static const char *
server_attribute (CltKeyringSchema schema)
{
  return schemas[schema].attributes[0].name;
}

gboolean
clt_keyring_store (CltKeyringSchema   schema,
                   const char        *label,
                   const char        *server,
                   const char        *user,
                   const char        *password,
                   GCancellable      *cancellable,
                   GError           **error)
{
  return secret_password_store_sync (&schemas[schema], SECRET_COLLECTION_DEFAULT, label, password,
                                     cancellable, error,
                                     server_attribute (schema), server,
                                     "user", user,
                                     NULL);
}

char *
clt_keyring_lookup (CltKeyringSchema   schema,
                    const char        *server,
                    const char        *user,
                    GCancellable      *cancellable,
                    GError           **error)
{
  char *secret;
  char *password;

  secret = secret_password_lookup_sync (&schemas[schema], cancellable, error,
                                        server_attribute (schema), server,
                                        "user", user,
                                        NULL);

  /* Handed over in GLib's allocator; libsecret's copy is wiped. */
  password = g_strdup (secret);
  secret_password_free (secret);

  return password;
}

gboolean
clt_keyring_clear (CltKeyringSchema   schema,
                   const char        *server,
                   const char        *user,
                   GCancellable      *cancellable,
                   GError           **error)
{
  return secret_password_clear_sync (&schemas[schema], cancellable, error,
                                     server_attribute (schema), server,
                                     "user", user,
                                     NULL);
}

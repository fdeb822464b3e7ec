/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What libclientele-keyring.so does with libsecret, for clt-secret.c: one
 * item per server and user name in one of two schemas. Errors are
 * libsecret's own; clt-secret.c says them in words. */
typedef enum
{
  CLT_KEYRING_SMTP,   /* "io.github.clientele.Clientele.Smtp": host, user */
  CLT_KEYRING_SYNC,   /* "io.github.clientele.Clientele.Sync": url, user */
} CltKeyringSchema;

typedef gboolean (*CltKeyringStoreFunc)  (CltKeyringSchema   schema,
                                          const char        *label,
                                          const char        *server,
                                          const char        *user,
                                          const char        *password,
                                          GCancellable      *cancellable,
                                          GError           **error);
#define CLT_KEYRING_STORE "clt_keyring_store"

/* The password in GLib's allocator, libsecret's copy wiped; NULL with no
 * error when there is none. */
typedef char    *(*CltKeyringLookupFunc) (CltKeyringSchema   schema,
                                          const char        *server,
                                          const char        *user,
                                          GCancellable      *cancellable,
                                          GError           **error);
#define CLT_KEYRING_LOOKUP "clt_keyring_lookup"

/* FALSE with no error when there was nothing to remove. */
typedef gboolean (*CltKeyringClearFunc)  (CltKeyringSchema   schema,
                                          const char        *server,
                                          const char        *user,
                                          GCancellable      *cancellable,
                                          GError           **error);
#define CLT_KEYRING_CLEAR "clt_keyring_clear"

G_END_DECLS

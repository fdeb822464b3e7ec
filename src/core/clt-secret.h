/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The SMTP password in the user's keyring (libsecret), one item per server
 * and user name, schema "io.github.clientele.Clientele.Smtp" with the
 * attributes "host" and "user". Blocking: call from a thread or the CLI.
 * Errors are CLT_MAIL_ERROR_KEYRING (translated); a password that is not
 * there is not an error for lookup (returns NULL, no error). */
gboolean  clt_secret_store_password  (const char    *host,
                                      const char    *user,
                                      const char    *password,
                                      GCancellable  *cancellable,
                                      GError       **error);
char     *clt_secret_lookup_password (const char    *host,
                                      const char    *user,
                                      GCancellable  *cancellable,
                                      GError       **error);
gboolean  clt_secret_clear_password  (const char    *host,
                                      const char    *user,
                                      GCancellable  *cancellable,
                                      GError       **error);

/* The password of the server the book is shared through, the same way:
 * schema "io.github.clientele.Clientele.Sync", attributes "url", "user". */
gboolean  clt_secret_store_sync_password  (const char    *url,
                                           const char    *user,
                                           const char    *password,
                                           GCancellable  *cancellable,
                                           GError       **error);
char     *clt_secret_lookup_sync_password (const char    *url,
                                           const char    *user,
                                           GCancellable  *cancellable,
                                           GError       **error);
gboolean  clt_secret_clear_sync_password  (const char    *url,
                                           const char    *user,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* Wipes a password before freeing it, so that it does not linger in
 * freed memory. g_auto(CltPassword) does it when leaving a scope. */
void      clt_secret_password_free   (char          *password);

/* While a password is held (from the keyring lookup until the connection
 * that used it is closed), the process cannot be dumped (no core file, no
 * ptrace by the same user): PR_SET_DUMPABLE 0, set back when the last
 * holder ends. Thread-safe; calls nest. */
void      clt_secret_guard_begin     (void);
void      clt_secret_guard_end       (void);

typedef char *CltPassword;
G_DEFINE_AUTO_CLEANUP_FREE_FUNC (CltPassword, clt_secret_password_free, NULL)

G_END_DECLS

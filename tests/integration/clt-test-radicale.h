/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Debian's Radicale on a free loopback port, with its own configuration,
 * storage folder and htpasswd file (plain passwords) in a temporary
 * folder, for the tests and benchmarks that need a real CardDAV/CalDAV
 * server. */
typedef struct _CltTestRadicale CltTestRadicale;

/* Whether Radicale is installed: the caller skips otherwise. */
gboolean          clt_test_radicale_available (void);

/* Starts it for @user and @password, over TLS with a self-signed
 * certificate for @tls_name when that is not %NULL, and waits until it
 * answers. Aborts the test on failure. */
CltTestRadicale  *clt_test_radicale_start     (const char      *user,
                                               const char      *password,
                                               const char      *tls_name);
/* "http://127.0.0.1:PORT/" (https:// with TLS). */
const char       *clt_test_radicale_get_url   (CltTestRadicale *radicale);
/* The folder of the user's collections, "…/collection-root/USER". */
char             *clt_test_radicale_user_dir  (CltTestRadicale *radicale);
/* SIGKILL, as a server that dies. */
void              clt_test_radicale_kill      (CltTestRadicale *radicale);
/* Stops it (when still running) and removes its folder. */
void              clt_test_radicale_free      (CltTestRadicale *radicale);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltTestRadicale, clt_test_radicale_free)

G_END_DECLS

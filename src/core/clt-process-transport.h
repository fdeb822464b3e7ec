/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-mail.h"
#include "clt-transport.h"

G_BEGIN_DECLS

#define CLT_TYPE_PROCESS_TRANSPORT (clt_process_transport_get_type ())

G_DECLARE_FINAL_TYPE (CltProcessTransport, clt_process_transport, CLT, PROCESS_TRANSPORT, GObject)

/* A CltTransport that has the mail helper (clientele-send, which links
 * libcurl) talk to the server, one process per message: the window does
 * not load libcurl and its TLS libraries, and the password is in that
 * process only for the transfer. @password may be %NULL (no user name); it
 * is wiped here once handed to the helper: a transport sends, or tests,
 * once. */
CltProcessTransport *clt_process_transport_new (const CltMailAccount *account,
                                                const char           *password);

G_END_DECLS

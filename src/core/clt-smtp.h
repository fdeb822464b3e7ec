/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-mail.h"
#include "clt-transport.h"

G_BEGIN_DECLS

#define CLT_TYPE_SMTP (clt_smtp_get_type ())

G_DECLARE_FINAL_TYPE (CltSmtp, clt_smtp, CLT, SMTP, GObject)

/* A CltTransport over libcurl's SMTP: implicit TLS or STARTTLS (required),
 * peer and host verified against the system's CA store (or $SSL_CERT_FILE
 * when set), AUTH with @user and @password (never logged). The password is
 * for one conversation: it is wiped as soon as libcurl has its own copy,
 * and libcurl's copy is wiped when its handle is cleaned up, at the end of
 * that conversation. */
CltSmtp *clt_smtp_new (const CltMailAccount *account,
                       const char           *password);

G_END_DECLS

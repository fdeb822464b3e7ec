/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLT_TYPE_TRANSPORT (clt_transport_get_type ())

G_DECLARE_INTERFACE (CltTransport, clt_transport, CLT, TRANSPORT, GObject)

/* Something that hands a message to a mail server. Both functions block and
 * are called from a worker thread; they must be thread-safe with respect to
 * themselves only (one call at a time per object).
 *
 * send() returns TRUE when the server accepted the message, with its reply
 * in @reply ("250 2.0.0 Ok: queued as 4F2A"). On failure the error is in
 * CLT_MAIL_ERROR and its code decides what the outbox does:
 * TEMPORARY / UNREACHABLE → retry later; REJECTED → failed;
 * AUTH / CERTIFICATE / TLS / NO_PASSWORD → pause the queue;
 * UNCERTAIN → may have been delivered: a person decides.
 * @reply is set whenever the server said something, even on failure.
 *
 * @at_data, when not NULL, is called once, in the same thread, when the
 * server has agreed to take the message (after DATA) and before the first
 * byte of it is handed over: from then on a send cut off may have been
 * delivered. When it returns FALSE nothing is handed over, and send()
 * fails with its error. */
typedef gboolean (*CltTransportDataFunc) (gpointer   user_data,
                                          GError   **error);

struct _CltTransportInterface
{
  GTypeInterface parent_iface;

  gboolean (*send)            (CltTransport  *self,
                               const char    *from_address,
                               const char    *to_address,
                               GBytes        *message,
                               CltTransportDataFunc at_data,
                               gpointer       at_data_user_data,
                               char         **reply,
                               GCancellable  *cancellable,
                               GError       **error);
  gboolean (*test_connection) (CltTransport  *self,
                               GCancellable  *cancellable,
                               GError       **error);
};

gboolean clt_transport_send            (CltTransport  *self,
                                        const char    *from_address,
                                        const char    *to_address,
                                        GBytes        *message,
                                        CltTransportDataFunc at_data,
                                        gpointer       at_data_user_data,
                                        char         **reply,
                                        GCancellable  *cancellable,
                                        GError       **error);
gboolean clt_transport_test_connection (CltTransport  *self,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_END_DECLS

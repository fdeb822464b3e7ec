/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-store.h"
#include "clt-transport.h"

G_BEGIN_DECLS

#define CLT_TYPE_OUTBOX (clt_outbox_get_type ())

G_DECLARE_FINAL_TYPE (CltOutbox, clt_outbox, CLT, OUTBOX, GObject)

/* Makes the transport for an account; the password comes from the keyring
 * and may be NULL. Called in a worker thread. */
typedef CltTransport *(*CltTransportFactory) (const CltMailAccount *account,
                                              const char           *password,
                                              gpointer              user_data);

/* Sends a book's outbox: one message at a time, the network part in a GTask
 * thread, every state change in the book on the main thread. Keeps one
 * timeout for the next due message (scheduled or retry). While a message is
 * being sent, a lock file beside the book keeps other processes from
 * claiming it (beside the book's real path, whatever path it was opened
 * by). Before the first byte of a message leaves, the book records that the
 * send reached DATA; a message left "sending" by a process that died is
 * queued again if it had not, and becomes "uncertain" ("may have been
 * sent") if it had: never resent automatically, a person chooses
 * (clt_store_send_mail_again(), clt_store_mark_mail_sent()). An outcome
 * the book is too busy to take is tried again for a minute; one it can
 * never take (message gone, no longer "sending") ends that message's
 * handling.
 *
 * Signals: "changed" after any state change of a message; "paused" when an
 * authentication or certificate problem stops the queue (see
 * clt_store_get_outbox_paused()). */
CltOutbox  *clt_outbox_new              (CltStore             *store);
CltStore   *clt_outbox_get_store        (CltOutbox            *self);
/* Replaces the SMTP-over-libcurl default (tests). */
void        clt_outbox_set_transport_factory (CltOutbox           *self,
                                              CltTransportFactory  factory,
                                              gpointer             user_data,
                                              GDestroyNotify       destroy);
/* How long the outbox's own writes wait for another program's on the
 * calling thread (0, the default: the store's own wait, as a command
 * waits); a busy step is tried again from a timeout, so that a window's
 * main loop never waits for the book. */
void        clt_outbox_set_patience     (CltOutbox            *self,
                                         guint                 milliseconds);
/* With @wait, clt_outbox_start() waits for the store's check to find the
 * book sound (#CltStore::verified): nothing is sent from, or recorded in,
 * a book that may be damaged where no query looked yet. */
void        clt_outbox_set_wait_for_check (CltOutbox          *self,
                                           gboolean            wait);
/* Recovers, then sends what is due and keeps watching the clock. */
void        clt_outbox_start            (CltOutbox            *self);
void        clt_outbox_stop             (CltOutbox            *self);
gboolean    clt_outbox_is_busy          (CltOutbox            *self);
/* Looks again at the queue now (after queueing a message). */
void        clt_outbox_kick             (CltOutbox            *self);
void        clt_outbox_written          (CltOutbox            *self);
/* Clears the pause and tries again (after a new password). */
void        clt_outbox_resume           (CltOutbox            *self);

/* Tries every queued message now, back-off ignored, scheduled ones whose
 * time has not come excepted. Finishes TRUE when every one was delivered;
 * FALSE with the first error otherwise. */
void        clt_outbox_send_all_async   (CltOutbox            *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean    clt_outbox_send_all_finish  (CltOutbox            *self,
                                         GAsyncResult         *result,
                                         GError              **error);

/* "Test connection": connects and authenticates with @account and
 * @password in a thread. */
void        clt_outbox_test_account_async  (const CltMailAccount *account,
                                            const char           *password,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean    clt_outbox_test_account_finish (GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS

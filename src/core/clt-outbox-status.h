/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-outbox.h"
#include "clt-store.h"

G_BEGIN_DECLS

#define CLT_TYPE_OUTBOX_STATUS (clt_outbox_status_get_type ())

G_DECLARE_FINAL_TYPE (CltOutboxStatus, clt_outbox_status, CLT, OUTBOX_STATUS, GObject)

/* What the outbox's tab says without the outbox being shown: how many
 * messages failed ("n-failed") and whether a person is needed
 * ("needs-attention": a failed message, one that may have been sent, or
 * sending paused). Counted again once after any change of the book or of
 * the outbox, from an idle, as the outbox view lists them again. */
CltOutboxStatus *clt_outbox_status_new                 (void);
void             clt_outbox_status_set_store           (CltOutboxStatus *self,
                                                        CltStore        *store);
void             clt_outbox_status_set_outbox          (CltOutboxStatus *self,
                                                        CltOutbox       *outbox);
/* Counts now (the idle's work). */
void             clt_outbox_status_refresh             (CltOutboxStatus *self);
guint            clt_outbox_status_get_n_failed        (CltOutboxStatus *self);
gboolean         clt_outbox_status_get_needs_attention (CltOutboxStatus *self);

G_END_DECLS

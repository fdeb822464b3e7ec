/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-test-radicale.h"

G_BEGIN_DECLS

/* Has Radicale read and index the files written into @collection behind
 * its back, with no time limit: not the client's time. */
void clt_bench_radicale_index (CltTestRadicale *server,
                               const char      *user,
                               const char      *password,
                               const char      *collection);

G_END_DECLS

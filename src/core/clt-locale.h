/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *clt_locale_dir  (void);
void        clt_locale_bind (void);

G_END_DECLS

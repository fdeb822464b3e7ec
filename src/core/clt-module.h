/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A symbol of one of Clientele's own modules, libclientele-@name.so, loaded
 * on first use and kept: what only some tasks need (GMime and the five
 * libraries it brings, 2-3 ms) is not loaded by every start. Thread-safe.
 * The modules are found in $CLT_MODULE_DIR, else in the build tree for a
 * program run from it, else where they are installed. */
gpointer clt_module_lookup (const char  *name,
                            const char  *symbol,
                            GError     **error);

G_END_DECLS

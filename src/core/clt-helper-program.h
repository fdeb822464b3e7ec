/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Returns: the path of the helper program @name (clientele-exchange,
 * clientele-send): $@env_name when set, else beside the running program
 * (a build tree: src/, or one folder up from src/cli/), else the one
 * installed in libexec */
char *clt_helper_program_find (const char *env_name,
                               const char *name);

G_END_DECLS

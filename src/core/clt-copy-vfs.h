/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SQLite's default file layer, with one addition: VACUUM INTO can write a
 * copy into an unnamed file (O_TMPFILE), which the caller links into place
 * once it is whole. A copy killed half-way then leaves nothing on disk. The
 * store opens its book through it, so that its VACUUM INTO reaches it. */
const char *clt_copy_vfs_get_name (void);

char       *clt_copy_vfs_add      (const char  *dir,
                                   int          fd);
void        clt_copy_vfs_forget   (const char  *name);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Files written whole or not at all, and that leave nothing behind when
 * the writer is killed half-way: written with no name (O_TMPFILE) and
 * named once whole. Where the file system has no unnamed files (FAT), a
 * hidden temporary file @prefix + six characters, locked (flock()) while
 * its writer lives, which the next writer into that folder removes. */
int  clt_unnamed_file_create           (const char  *dir,
                                        const char  *prefix,
                                        char       **tmp);
int  clt_unnamed_file_place            (int          fd,
                                        const char  *tmp,
                                        const char  *prefix,
                                        const char  *destination,
                                        gboolean     replace,
                                        gboolean    *written);
void clt_unnamed_file_remove_abandoned (const char  *dir,
                                        const char  *prefix);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *clt_instance_lock_path    (const char  *application_id);
int       clt_instance_lock_take    (const char  *path);
gboolean  clt_instance_lock_is_held (const char  *path);

G_END_DECLS

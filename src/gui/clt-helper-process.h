/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CLT_TYPE_HELPER_PROCESS (clt_helper_process_get_type ())

G_DECLARE_FINAL_TYPE (CltHelperProcess, clt_helper_process, CLT, HELPER_PROCESS, GObject)

CltHelperProcess *clt_helper_process_new  (const char * const *arguments,
                                           GError            **error);
void              clt_helper_process_send (CltHelperProcess   *self,
                                           const char         *text);
void              clt_helper_process_stop (CltHelperProcess   *self);

/* Returns: the path of clientele-cli beside the window, or installed */
char             *clt_helper_process_find_cli       (void);

/* clientele-cli run to its end with @arguments (what follows the
 * program's name) and @input (nullable, a password: wiped once written)
 * on its standard input. Cancelling @cancellable sends it SIGTERM; the
 * task ends with G_IO_ERROR_CANCELLED once it has stopped. */
void              clt_helper_process_run_cli_async  (const char * const  *arguments,
                                                     const char          *input,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* Returns: what it printed; %NULL and its message on failure */
char             *clt_helper_process_run_cli_finish (GAsyncResult        *result,
                                                     GError             **error);

G_END_DECLS

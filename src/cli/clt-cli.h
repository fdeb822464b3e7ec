/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "clt-core.h"

G_BEGIN_DECLS

/* Each verb receives the --database path (NULL for the default one) and its
 * own arguments, argv[0] being the verb's name. It parses its options before
 * it opens the database, so that "--help" or a mistyped option never creates
 * a file. It returns the process's exit status. */
typedef int (*CltCliVerb) (const char  *database,
                           int          argc,
                           char       **argv);

void            clt_cli_error              (const char      *format,
                                            ...) G_GNUC_PRINTF (1, 2);
GOptionContext *clt_cli_option_context_new (const char      *verb,
                                            const GOptionEntry *entries);
char          **clt_cli_parse              (GOptionContext  *context,
                                            int              argc,
                                            char           **argv);
gboolean        clt_cli_text_to_utf8       (char           **text);
gboolean        clt_cli_texts_to_utf8      (char           **texts);
char           *clt_cli_join_arguments     (char           **arguments);
gboolean        clt_cli_expect_no_arguments (char          **arguments);
gboolean        clt_cli_parse_id           (const char      *text,
                                            gint64          *id);
char           *clt_cli_read_password      (void);
CltStore       *clt_cli_open_store         (const char      *database,
                                            gboolean         must_exist);

int clt_cli_add           (const char *database, int argc, char **argv);
int clt_cli_search        (const char *database, int argc, char **argv);
int clt_cli_show          (const char *database, int argc, char **argv);
int clt_cli_promise       (const char *database, int argc, char **argv);
int clt_cli_promises      (const char *database, int argc, char **argv);
int clt_cli_close_promise (const char *database, int argc, char **argv);
int clt_cli_postpone      (const char *database, int argc, char **argv);
int clt_cli_log           (const char *database, int argc, char **argv);
int clt_cli_today         (const char *database, int argc, char **argv);
int clt_cli_check         (const char *database, int argc, char **argv);
int clt_cli_backup        (const char *database, int argc, char **argv);
int clt_cli_restore       (const char *database, int argc, char **argv);
int clt_cli_erase         (const char *database, int argc, char **argv);
int clt_cli_sample        (const char *database, int argc, char **argv);
int clt_cli_account       (const char *database, int argc, char **argv);
int clt_cli_mail          (const char *database, int argc, char **argv);
int clt_cli_outbox        (const char *database, int argc, char **argv);
int clt_cli_templates     (const char *database, int argc, char **argv);
int clt_cli_import        (const char *database, int argc, char **argv);
int clt_cli_export        (const char *database, int argc, char **argv);
int clt_cli_sync          (const char *database, int argc, char **argv);

G_END_DECLS

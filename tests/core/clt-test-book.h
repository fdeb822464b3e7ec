/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-core.h"

/* A temporary book for one test, removed with its folder. */
typedef struct
{
  char     *dir;
  char     *path;
  CltStore *store;
} CltTestBook;

/* SQL that takes a book of today's schema back to before step 12 (sync),
 * for tests that set its version back to run older steps again. */
#define CLT_TEST_BOOK_UNDO_SYNC_SQL \
  "DROP INDEX promises_uid; DROP INDEX interactions_uid;" \
  "ALTER TABLE emails DROP COLUMN uid; ALTER TABLE phones DROP COLUMN uid;" \
  "ALTER TABLE addresses DROP COLUMN uid; ALTER TABLE preferences DROP COLUMN uid;" \
  "ALTER TABLE notes DROP COLUMN uid; ALTER TABLE promises DROP COLUMN uid;" \
  "ALTER TABLE interactions DROP COLUMN uid;" \
  "DROP TABLE sync_account; DROP TABLE sync_collections; DROP TABLE sync_items;" \
  "DROP TABLE sync_journal; DROP TABLE sync_applying;" \
  "DELETE FROM settings WHERE key = 'sync-desk';"

void   clt_test_book_set_up    (CltTestBook   *book,
                                gconstpointer  data);
void   clt_test_book_tear_down (CltTestBook   *book,
                                gconstpointer  data);
gint64 clt_test_book_add       (CltTestBook   *book,
                                const char    *name);

/* A data folder ($XDG_DATA_HOME, where the automatic copies go) of the test
 * program's own: set it up in main() before anything asks GLib for it,
 * clear it between tests, tear it down after them. (GLib's
 * G_TEST_OPTION_ISOLATE_DIRS would do it per test, but leaks.) */
void   clt_test_data_home_set_up    (void);
void   clt_test_data_home_clear     (void);
void   clt_test_data_home_tear_down (void);

/* Counts the log messages that begin with @prefix instead of printing
 * them, from main() on (once per program): the book logs structured
 * messages, which g_test_expect_message() does not see. */
/* Whether a library whose file name holds @name is loaded in this process. */
gboolean clt_test_maps_library      (const char *name);

void   clt_test_count_messages      (const char *prefix);
guint  clt_test_counted_messages    (void);
void   clt_test_reset_counted       (void);

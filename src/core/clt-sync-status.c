/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "clt-sync-status.h"
#include "clt-when.h"

#define LAST_SUCCESS   "sync-last-success"
#define LAST_ATTEMPT   "sync-last-attempt"
#define LAST_ERROR     "sync-last-error"
#define OFFLINE        "sync-offline"
#define RECEIVED       "sync-last-received"
#define WRONG_PASSWORD "sync-wrong-password"
#define STOPPED        "sync-stopped"

gboolean
clt_sync_record_round (CltStore    *store,
                       const char  *error_message,
                       gboolean     offline,
                       gint64       now_unix,
                       GError     **error)
{
  g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT,
                                          now_unix > 0 ? now_unix : g_get_real_time () / G_USEC_PER_SEC);

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);

  return clt_store_set_setting (store, LAST_ATTEMPT, now, error) &&
         (error_message != NULL || clt_store_set_setting (store, LAST_SUCCESS, now, error)) &&
         clt_store_set_setting (store, LAST_ERROR, error_message, error) &&
         clt_store_set_setting (store, OFFLINE, offline ? "1" : NULL, error) &&
         clt_store_set_setting (store, STOPPED, NULL, error);
}

gboolean
clt_sync_record_round_stopped (CltStore    *store,
                               const char  *message,
                               GError     **error)
{
  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  return clt_sync_record_round (store, message, FALSE, 0, error) &&
         clt_store_set_setting (store, STOPPED, "1", error);
}

static gint64
read_time (CltStore   *store,
           const char *key)
{
  g_autofree char *text = clt_store_get_setting (store, key, NULL);
  gint64 value = 0;

  if (text == NULL || !g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, &value, NULL))
    return 0;

  return value;
}

/* The last round as the book keeps it, and why it failed (@message, when
 * not %NULL). */
static void
read_round (CltStore      *store,
            CltSyncRound  *round,
            char         **message)
{
  g_autofree char *error_text = clt_store_get_setting (store, LAST_ERROR, NULL);
  g_autofree char *offline = clt_store_get_setting (store, OFFLINE, NULL);
  g_autofree char *wrong_password = clt_store_get_setting (store, WRONG_PASSWORD, NULL);
  g_autofree char *stopped = clt_store_get_setting (store, STOPPED, NULL);

  *round = (CltSyncRound) { 0 };
  round->attempt = read_time (store, LAST_ATTEMPT);
  round->success = read_time (store, LAST_SUCCESS);
  round->received = (guint) MIN (read_time (store, RECEIVED), G_MAXUINT);
  round->failed = round->attempt > 0 && error_text != NULL;
  round->offline = round->failed && offline != NULL;
  round->wrong_password = round->failed && wrong_password != NULL;
  round->stopped = round->failed && stopped != NULL;
  if (message != NULL)
    *message = g_steal_pointer (&error_text);
}

char *
clt_sync_describe_last_round (CltStore *store)
{
  g_autofree char *message = NULL;
  g_autofree char *success_text = NULL;
  CltSyncRound round;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  read_round (store, &round, &message);
  if (round.attempt == 0)
    return g_strdup (_("Not synced yet."));

  if (round.success > 0)
    success_text = clt_when_format_day_time_in_text (round.success);

  if (!round.failed)
    /* Translators: %s is a day and time, "Saturday 5 December at 09:12" */
    return g_strdup_printf (_("Last synced %s."), success_text);

  if (round.offline)
    return success_text
           /* Translators: %s is a day and time, "Saturday 5 December at 09:12" */
           ? g_strdup_printf (_("Offline: changes are kept on this desk and sent when the server can "
                                "be reached again. Last synced %s."), success_text)
           : g_strdup (_("Offline: changes are kept on this desk and sent when the server can "
                         "be reached again."));

  if (round.stopped)
    return success_text
           /* Translators: the first %s says how far a stopped sync went, the second is a day and time */
           ? g_strdup_printf (_("%s Last synced %s."), message, success_text)
           : g_strdup (message);

  return success_text
         /* Translators: the first %s is why sync failed, the second a day and time */
         ? g_strdup_printf (_("The last sync failed: %s Last synced %s."), message, success_text)
         /* Translators: %s is why sync failed */
         : g_strdup_printf (_("The last sync failed: %s"), message);
}

gboolean
clt_sync_record_round_result (CltStore  *store,
                              guint      received,
                              gboolean   wrong_password,
                              GError   **error)
{
  g_autofree char *count = g_strdup_printf ("%u", received);

  g_return_val_if_fail (CLT_IS_STORE (store), FALSE);

  return clt_store_set_setting (store, RECEIVED, received > 0 ? count : NULL, error) &&
         clt_store_set_setting (store, WRONG_PASSWORD, wrong_password ? "1" : NULL, error);
}

void
clt_sync_get_last_round (CltStore     *store,
                         CltSyncRound *round)
{
  g_return_if_fail (CLT_IS_STORE (store));
  g_return_if_fail (round != NULL);

  read_round (store, round, NULL);
}

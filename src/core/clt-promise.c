/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-promise"

#include "config.h"

#include "clt-promise.h"

static const char * const status_names[] = {
  [CLT_PROMISE_OPEN] = "open",
  [CLT_PROMISE_KEPT] = "kept",
  [CLT_PROMISE_BROKEN] = "broken",
  [CLT_PROMISE_CANCELLED] = "cancelled",
};

const char *
clt_promise_status_to_string (CltPromiseStatus status)
{
  g_return_val_if_fail (status <= CLT_PROMISE_CANCELLED, "open");

  return status_names[status];
}

gboolean
clt_promise_status_from_string (const char       *name,
                                CltPromiseStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_strcmp0 (name, status_names[i]) == 0)
        {
          *status = i;
          return TRUE;
        }
    }

  return FALSE;
}

void
clt_promise_free (CltPromise *promise)
{
  if (promise == NULL)
    return;

  g_free (promise->customer_name);
  g_free (promise->text);
  g_free (promise->promised_by);
  g_free (promise);
}

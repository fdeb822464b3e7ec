/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "clt-transport.h"

G_DEFINE_INTERFACE (CltTransport, clt_transport, G_TYPE_OBJECT)

static void
clt_transport_default_init (CltTransportInterface *iface)
{
}

gboolean
clt_transport_send (CltTransport  *self,
                    const char    *from_address,
                    const char    *to_address,
                    GBytes        *message,
                    CltTransportDataFunc at_data,
                    gpointer       at_data_user_data,
                    char         **reply,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_return_val_if_fail (CLT_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (from_address != NULL && to_address != NULL, FALSE);
  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (reply != NULL)
    *reply = NULL;

  return CLT_TRANSPORT_GET_IFACE (self)->send (self, from_address, to_address, message,
                                               at_data, at_data_user_data,
                                               reply, cancellable, error);
}

gboolean
clt_transport_test_connection (CltTransport  *self,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_return_val_if_fail (CLT_IS_TRANSPORT (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return CLT_TRANSPORT_GET_IFACE (self)->test_connection (self, cancellable, error);
}

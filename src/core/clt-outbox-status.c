/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-outbox-status"

#include "config.h"

#include "clt-outbox-status.h"

struct _CltOutboxStatus
{
  GObject    parent_instance;

  CltStore  *store;
  CltOutbox *outbox;
  guint      refresh_id;

  guint      n_failed;
  gboolean   needs_attention;
};

G_DEFINE_FINAL_TYPE (CltOutboxStatus, clt_outbox_status, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_N_FAILED,
  PROP_NEEDS_ATTENTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
refresh_cb (gpointer user_data)
{
  CltOutboxStatus *self = user_data;

  self->refresh_id = 0;
  clt_outbox_status_refresh (self);

  return G_SOURCE_REMOVE;
}

/* A send changes a message several times, an import a thousand
 * customers: counted once afterwards. */
static void
changed_cb (CltOutboxStatus *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
}

static void
clt_outbox_status_dispose (GObject *object)
{
  CltOutboxStatus *self = CLT_OUTBOX_STATUS (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  clt_outbox_status_set_store (self, NULL);
  clt_outbox_status_set_outbox (self, NULL);

  G_OBJECT_CLASS (clt_outbox_status_parent_class)->dispose (object);
}

static void
clt_outbox_status_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CltOutboxStatus *self = CLT_OUTBOX_STATUS (object);

  switch (prop_id)
    {
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    case PROP_NEEDS_ATTENTION:
      g_value_set_boolean (value, self->needs_attention);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_outbox_status_class_init (CltOutboxStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_outbox_status_dispose;
  object_class->get_property = clt_outbox_status_get_property;

  /**
   * CltOutboxStatus:n-failed:
   *
   * How many messages could not be sent.
   */
  properties[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CltOutboxStatus:needs-attention:
   *
   * Whether a person is needed: a message failed or may have been sent,
   * or sending is paused.
   */
  properties[PROP_NEEDS_ATTENTION] =
    g_param_spec_boolean ("needs-attention", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_outbox_status_init (CltOutboxStatus *self)
{
}

CltOutboxStatus *
clt_outbox_status_new (void)
{
  return g_object_new (CLT_TYPE_OUTBOX_STATUS, NULL);
}

/**
 * clt_outbox_status_set_store:
 * @self: a #CltOutboxStatus
 * @store: (nullable): the book whose outbox is counted
 *
 * Counts at once: a badge is right from the first frame.
 */
void
clt_outbox_status_set_store (CltOutboxStatus *self,
                             CltStore        *store)
{
  g_return_if_fail (CLT_IS_OUTBOX_STATUS (self));
  g_return_if_fail (store == NULL || CLT_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  clt_outbox_status_refresh (self);
}

/**
 * clt_outbox_status_set_outbox:
 * @self: a #CltOutboxStatus
 * @outbox: (nullable): the sender of the book's outbox, whose sends and
 *   pauses change the counts
 */
void
clt_outbox_status_set_outbox (CltOutboxStatus *self,
                              CltOutbox       *outbox)
{
  g_return_if_fail (CLT_IS_OUTBOX_STATUS (self));
  g_return_if_fail (outbox == NULL || CLT_IS_OUTBOX (outbox));

  if (self->outbox == outbox)
    return;

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_func (self->outbox, changed_cb, self);
  g_set_object (&self->outbox, outbox);
  if (outbox != NULL)
    {
      g_signal_connect_object (outbox, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (outbox, "paused", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
    }
}

void
clt_outbox_status_refresh (CltOutboxStatus *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *paused = NULL;
  guint n_failed = 0;
  guint n_uncertain = 0;
  gboolean needs_attention;

  g_return_if_fail (CLT_IS_OUTBOX_STATUS (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->store != NULL)
    {
      /* A book too busy to answer is counted at its next change; a
       * damaged one says so on its own page. The badge keeps what it
       * last knew. */
      if (!clt_store_count_mail_needing_attention (self->store, &n_failed, &n_uncertain, &error))
        {
          g_debug ("Could not count the outbox: %s", error->message);
          return;
        }
      paused = clt_store_get_outbox_paused (self->store);
    }
  needs_attention = paused != NULL || n_failed > 0 || n_uncertain > 0;

  if (self->n_failed != n_failed)
    {
      self->n_failed = n_failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
    }
  if (self->needs_attention != needs_attention)
    {
      self->needs_attention = needs_attention;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEEDS_ATTENTION]);
    }
}

guint
clt_outbox_status_get_n_failed (CltOutboxStatus *self)
{
  g_return_val_if_fail (CLT_IS_OUTBOX_STATUS (self), 0);

  return self->n_failed;
}

gboolean
clt_outbox_status_get_needs_attention (CltOutboxStatus *self)
{
  g_return_val_if_fail (CLT_IS_OUTBOX_STATUS (self), FALSE);

  return self->needs_attention;
}

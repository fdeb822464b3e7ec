/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-slot-model"

#include "config.h"

#include "clt-slot-model.h"

/*
 * A list of customers as places (CltCustomerSlot): the Nth item stays the
 * same object for as long as the list has N items, whoever is in it.
 *
 * Why: GTK 4.8's list view keeps a row's widgets across a change only for
 * an item it has seen before, and builds new ones (template, style, size)
 * for every other. Each keystroke in the search field lists other
 * customers, so it rebuilt every visible row; measured on 100,000
 * customers, that was two thirds of the keystroke's handler. Through
 * this model the rows stay, each told who it shows now, and only a
 * longer or shorter list adds or removes rows at its end.
 *
 * Who is in a place is read from the list only when asked (see
 * CltCustomerSlot). A selection over it is a selection of places:
 * whoever selects through it says who by position after a change, as the
 * window does.
 */

struct _CltSlotModel
{
  GObject     parent_instance;

  GListModel *customers;
  GPtrArray  *slots;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltSlotModel, clt_slot_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
clt_slot_model_get_item_type (GListModel *list)
{
  return CLT_TYPE_CUSTOMER_SLOT;
}

static guint
clt_slot_model_get_n_items (GListModel *list)
{
  CltSlotModel *self = CLT_SLOT_MODEL (list);

  return self->slots->len;
}

static gpointer
clt_slot_model_get_item (GListModel *list,
                         guint       position)
{
  CltSlotModel *self = CLT_SLOT_MODEL (list);

  if (position >= self->slots->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->slots, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = clt_slot_model_get_item_type;
  iface->get_n_items = clt_slot_model_get_n_items;
  iface->get_item = clt_slot_model_get_item;
}

static void
customers_changed_cb (CltSlotModel *self,
                      guint         position,
                      guint         removed,
                      guint         added,
                      GListModel   *customers)
{
  guint old_n = self->slots->len;
  guint new_n = g_list_model_get_n_items (customers);

  /* Someone else may be in each place from the change on: told, not
   * read (a row on screen reads its own)... */
  for (guint i = position; i < MIN (old_n, new_n); i++)
    clt_customer_slot_changed (g_ptr_array_index (self->slots, i));

  /* ...then the places added or taken away at the end. */
  if (new_n > old_n)
    {
      for (guint i = old_n; i < new_n; i++)
        g_ptr_array_add (self->slots, clt_customer_slot_new (customers, i));
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
    }
  else if (new_n < old_n)
    {
      for (guint i = new_n; i < old_n; i++)
        clt_customer_slot_clear (g_ptr_array_index (self->slots, i));
      g_ptr_array_set_size (self->slots, new_n);
      g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
    }
}

static void
clt_slot_model_dispose (GObject *object)
{
  CltSlotModel *self = CLT_SLOT_MODEL (object);

  if (self->customers != NULL)
    g_signal_handlers_disconnect_by_data (self->customers, self);
  g_clear_object (&self->customers);

  G_OBJECT_CLASS (clt_slot_model_parent_class)->dispose (object);
}

static void
clt_slot_model_finalize (GObject *object)
{
  CltSlotModel *self = CLT_SLOT_MODEL (object);

  g_ptr_array_unref (self->slots);

  G_OBJECT_CLASS (clt_slot_model_parent_class)->finalize (object);
}

static void
clt_slot_model_class_init (CltSlotModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_slot_model_dispose;
  object_class->finalize = clt_slot_model_finalize;
}

static void
clt_slot_model_init (CltSlotModel *self)
{
  self->slots = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * clt_slot_model_new:
 * @customers: a list of #CltCustomer
 *
 * Creates a list of the places of @customers, following its changes.
 */
CltSlotModel *
clt_slot_model_new (GListModel *customers)
{
  CltSlotModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (customers), NULL);

  self = g_object_new (CLT_TYPE_SLOT_MODEL, NULL);
  self->customers = g_object_ref (customers);
  g_signal_connect_object (customers, "items-changed", G_CALLBACK (customers_changed_cb),
                           self, G_CONNECT_SWAPPED);
  customers_changed_cb (self, 0, 0, g_list_model_get_n_items (customers), customers);

  return self;
}

/**
 * clt_slot_model_get_model:
 *
 * Returns: (transfer none): the list of customers followed
 */
GListModel *
clt_slot_model_get_model (CltSlotModel *self)
{
  g_return_val_if_fail (CLT_IS_SLOT_MODEL (self), NULL);

  return self->customers;
}

/**
 * clt_slot_model_get_customer:
 *
 * Returns: (transfer none) (nullable): who is at @position, %NULL past
 *   the end
 */
CltCustomer *
clt_slot_model_get_customer (CltSlotModel *self,
                             guint         position)
{
  g_return_val_if_fail (CLT_IS_SLOT_MODEL (self), NULL);

  if (position >= self->slots->len)
    return NULL;

  return clt_customer_slot_get_customer (g_ptr_array_index (self->slots, position));
}

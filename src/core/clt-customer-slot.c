/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-customer-slot"

#include "config.h"

#include "clt-customer-slot.h"

/*
 * One place in a list of customers (see CltSlotModel): the customer in it
 * changes, the place stays, so that a list view keeps the row it drew
 * there and only tells it who is in it now.
 *
 * Who is in it is read from the list only when asked, by a row on screen:
 * the search model reads a customer's details, and fetches its next page,
 * when an item is taken from it.
 */

struct _CltCustomerSlot
{
  GObject      parent_instance;

  GListModel  *customers;
  guint        position;
  CltCustomer *customer;
  gboolean     read;      /* customer is who is at position now */
};

G_DEFINE_FINAL_TYPE (CltCustomerSlot, clt_customer_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CUSTOMER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clt_customer_slot_dispose (GObject *object)
{
  CltCustomerSlot *self = CLT_CUSTOMER_SLOT (object);

  g_clear_object (&self->customer);
  g_clear_object (&self->customers);

  G_OBJECT_CLASS (clt_customer_slot_parent_class)->dispose (object);
}

static void
clt_customer_slot_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CltCustomerSlot *self = CLT_CUSTOMER_SLOT (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER:
      g_value_set_object (value, clt_customer_slot_get_customer (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_customer_slot_class_init (CltCustomerSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_customer_slot_dispose;
  object_class->get_property = clt_customer_slot_get_property;

  properties[PROP_CUSTOMER] =
    g_param_spec_object ("customer", NULL, NULL,
                         CLT_TYPE_CUSTOMER,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_customer_slot_init (CltCustomerSlot *self)
{
}

/**
 * clt_customer_slot_new:
 * @customers: a list of #CltCustomer
 * @position: the place in @customers
 *
 * Creates the place @position of @customers.
 */
CltCustomerSlot *
clt_customer_slot_new (GListModel *customers,
                       guint       position)
{
  CltCustomerSlot *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (customers), NULL);

  self = g_object_new (CLT_TYPE_CUSTOMER_SLOT, NULL);
  self->customers = g_object_ref (customers);
  self->position = position;

  return self;
}

/**
 * clt_customer_slot_get_customer:
 *
 * Returns: (transfer none) (nullable): who is in this place now, %NULL
 *   when the list has become shorter than it
 */
CltCustomer *
clt_customer_slot_get_customer (CltCustomerSlot *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER_SLOT (self), NULL);

  if (!self->read)
    {
      g_clear_object (&self->customer);
      self->customer = g_list_model_get_item (self->customers, self->position);
      self->read = TRUE;
    }

  return self->customer;
}

/**
 * clt_customer_slot_changed:
 *
 * Tells the place that someone else may be in it now: it is read again
 * when next asked, and whoever watches it is told.
 */
void
clt_customer_slot_changed (CltCustomerSlot *self)
{
  g_return_if_fail (CLT_IS_CUSTOMER_SLOT (self));

  self->read = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
}

/**
 * clt_customer_slot_clear:
 *
 * Tells the place it was taken away from its list: nobody is in it. Its
 * watchers are not told, being taken away with it.
 */
void
clt_customer_slot_clear (CltCustomerSlot *self)
{
  g_return_if_fail (CLT_IS_CUSTOMER_SLOT (self));

  g_clear_object (&self->customer);
  self->read = TRUE;
}

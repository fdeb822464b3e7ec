/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "gui-add-customer"

/* Adds a customer the way a person does in the window: the New Customer
 * dialog, its fields typed, Save. For tests that compare it with the
 * command line (tests/cli/test-cli-consent.sh).
 *
 * Usage: gui-add-customer DATABASE GIVEN FAMILY E-MAIL
 * Prints the new customer's number. */

#include "config.h"

#include <stdio.h>

#include "clt-application.h"
#include "clt-customer-dialog.h"

#include "clt-test-gui.h"

static void
saved_cb (CltCustomerDialog *dialog,
          gint64             customer_id,
          gpointer           data)
{
  *(gint64 *) data = customer_id;
}

static gboolean
is_saved (gpointer data)
{
  return *(gint64 *) data != 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CltCustomerDialog *dialog;
  gint64 customer_id = 0;

  if (argc != 5)
    {
      g_printerr ("Usage: %s DATABASE GIVEN FAMILY E-MAIL\n", argv[0]);
      return 2;
    }

  /* Drawn as the program draws on this machine: with cairo, without a GPU. */
  clt_application_choose_renderer ();
  gtk_init ();
  adw_init ();

  store = clt_store_open (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  dialog = clt_customer_dialog_new (store, 0);
  g_signal_connect (dialog, "saved", G_CALLBACK (saved_cb), &customer_id);
  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);

  clt_test_gui_set_row_text (dialog, "Given name", argv[2]);
  clt_test_gui_set_row_text (dialog, "Family name", argv[3]);
  clt_test_gui_set_row_text (dialog, "E-mail address", argv[4]);
  if (!gtk_widget_activate_action (GTK_WIDGET (dialog), "dialog.save", NULL))
    return 1;
  clt_test_gui_spin_until (is_saved, &customer_id);

  printf ("%" G_GINT64_FORMAT "\n", customer_id);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>

#include "clt-mail.h"

/* What the Outbox says about a server's reply: words a person acts on. */

static void
assert_explains (const char *reply,
                 gint64      next_try_at,
                 const char *expected)
{
  g_autofree char *text = clt_mail_explain_reply (reply, next_try_at);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_unknown_address (void)
{
  const char *expected = "This address does not exist: check it with the customer.";

  assert_explains ("550 5.1.1 Mailbox unknown", 0, expected);
  assert_explains ("550 5.1.1 <helene@example.fr>: Recipient address rejected: User unknown in virtual mailbox table", 0, expected);
  assert_explains ("The server refused the message: 550 5.1.1 Mailbox unknown", 0, expected);
  /* No enhanced code: the words say it. */
  assert_explains ("550 No such user here", 0, expected);
  assert_explains ("550 5.1.2 Host unknown", 0,
                   "The domain of this address does not exist: check the address with the customer.");
}

static void
test_mailbox_full (void)
{
  const char *expected = "The customer’s mailbox is full: try again in a few days, or reach them another way.";

  assert_explains ("552 5.2.2 Mailbox full", 0, expected);
  assert_explains ("550 5.2.2 The email account that you tried to reach is over quota", 0, expected);
}

static void
test_temporary (void)
{
  g_autoptr(GDateTime) at = g_date_time_new_local (2026, 12, 6, 14, 5, 0);

  assert_explains ("421 4.3.2 Try again later", g_date_time_to_unix (at),
                   "The server is busy; it will be tried again at 14:05.");
  assert_explains ("451 Temporary local problem", 0,
                   "The server is busy: the message will be tried again later.");
}

static void
test_account (void)
{
  assert_explains ("535 5.7.8 Authentication credentials invalid", 0,
                   "The server refused the user name or password: check them in Preferences, under E-mail.");
  assert_explains ("530 5.7.0 Must issue a STARTTLS command first", 0,
                   "The server asks for a secure connection: choose another security setting in Preferences, under E-mail.");
}

static void
test_other (void)
{
  assert_explains ("554 5.7.1 Message rejected as spam", 0,
                   "The customer’s mail server refused this message as unwanted mail: reach the customer another way.");
  assert_explains ("552 5.3.4 Message size exceeds fixed limit", 0,
                   "The message is too large for the customer’s mail server: shorten it, then send it again.");
  assert_explains ("554 Transaction failed", 0,
                   "The customer’s mail server refused this message: check the address with the customer.");
  /* Already in words, or nothing to say: shown as it is. */
  assert_explains ("Nothing answers on port 587 of “smtp.example.com”: the port is closed, or the server is down.", 0, NULL);
  assert_explains ("250 2.0.0 Ok: queued as 4F2A", 0, NULL);
  assert_explains (NULL, 0, NULL);
  /* A port or an address is not a reply code. */
  assert_explains ("Could not reach 192.0.2.10:587", 0, NULL);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("TZ", "Europe/Paris", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mail-reply/unknown-address", test_unknown_address);
  g_test_add_func ("/mail-reply/mailbox-full", test_mailbox_full);
  g_test_add_func ("/mail-reply/temporary", test_temporary);
  g_test_add_func ("/mail-reply/account", test_account);
  g_test_add_func ("/mail-reply/other", test_other);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "clt-core.h"

/* The e-mail providers offered in Preferences, and the guess from an address. */

static void
test_table (void)
{
  const CltMailProvider *p;

  for (guint i = 0; i < CLT_MAIL_PROVIDER_N; i++)
    {
      p = clt_mail_provider_get (i);
      g_assert_cmpint (p->id, ==, i);
      g_assert_nonnull (p->name);
      g_assert_true (p->security == CLT_SECURITY_TLS || p->security == CLT_SECURITY_STARTTLS);
      g_assert_true ((p->host == NULL) == (i == CLT_MAIL_PROVIDER_OTHER));
      g_assert_true (p->app_password == (p->app_password_url != NULL));
      if (p->app_password_url != NULL)
        g_assert_true (g_str_has_prefix (p->app_password_url, "https://"));
    }

  p = clt_mail_provider_get (CLT_MAIL_PROVIDER_GMAIL);
  g_assert_cmpstr (p->host, ==, "smtp.gmail.com");
  g_assert_cmpuint (p->port, ==, 465);
  g_assert_cmpint (p->security, ==, CLT_SECURITY_TLS);
  g_assert_true (p->app_password);
  g_assert_cmpstr (p->app_password_url, ==, "https://myaccount.google.com/apppasswords");

  p = clt_mail_provider_get (CLT_MAIL_PROVIDER_OUTLOOK);
  g_assert_cmpstr (p->host, ==, "smtp-mail.outlook.com");
  g_assert_cmpuint (p->port, ==, 587);
  g_assert_cmpint (p->security, ==, CLT_SECURITY_STARTTLS);
  g_assert_true (p->app_password);

  p = clt_mail_provider_get (CLT_MAIL_PROVIDER_ICLOUD);
  g_assert_cmpstr (p->host, ==, "smtp.mail.me.com");
  g_assert_cmpuint (p->port, ==, 587);
  g_assert_cmpint (p->security, ==, CLT_SECURITY_STARTTLS);
  g_assert_true (p->app_password);

  p = clt_mail_provider_get (CLT_MAIL_PROVIDER_ORANGE);
  g_assert_cmpstr (p->host, ==, "smtp.orange.fr");
  g_assert_cmpuint (p->port, ==, 465);
  g_assert_cmpint (p->security, ==, CLT_SECURITY_TLS);
  g_assert_false (p->app_password);

  g_assert_cmpstr (clt_mail_provider_get (CLT_MAIL_PROVIDER_FREE)->host, ==, "smtp.free.fr");
  g_assert_cmpstr (clt_mail_provider_get (CLT_MAIL_PROVIDER_SFR)->host, ==, "smtp.sfr.fr");
  g_assert_cmpstr (clt_mail_provider_get (CLT_MAIL_PROVIDER_OVH)->host, ==, "ssl0.ovh.net");
  g_assert_cmpstr (clt_mail_provider_get (CLT_MAIL_PROVIDER_INFOMANIAK)->host, ==, "mail.infomaniak.com");
  g_assert_cmpuint (clt_mail_provider_get (CLT_MAIL_PROVIDER_INFOMANIAK)->port, ==, 465);
}

static void
test_guess (void)
{
  static const struct { const char *address; CltMailProviderId id; } cases[] = {
    { "salon.lea@gmail.com", CLT_MAIL_PROVIDER_GMAIL },
    { "Salon.Lea@GMail.COM", CLT_MAIL_PROVIDER_GMAIL },
    { "x@googlemail.com", CLT_MAIL_PROVIDER_GMAIL },
    { "x@outlook.fr", CLT_MAIL_PROVIDER_OUTLOOK },
    { "x@outlook.com", CLT_MAIL_PROVIDER_OUTLOOK },
    { "x@hotmail.fr", CLT_MAIL_PROVIDER_OUTLOOK },
    { "x@live.com", CLT_MAIL_PROVIDER_OUTLOOK },
    { "x@icloud.com", CLT_MAIL_PROVIDER_ICLOUD },
    { "x@me.com", CLT_MAIL_PROVIDER_ICLOUD },
    { "x@mac.com", CLT_MAIL_PROVIDER_ICLOUD },
    { "x@orange.fr", CLT_MAIL_PROVIDER_ORANGE },
    { "x@wanadoo.fr", CLT_MAIL_PROVIDER_ORANGE },
    { "x@free.fr", CLT_MAIL_PROVIDER_FREE },
    { "x@sfr.fr", CLT_MAIL_PROVIDER_SFR },
    { "x@neuf.fr", CLT_MAIL_PROVIDER_SFR },
    { "x@ik.me", CLT_MAIL_PROVIDER_INFOMANIAK },
    { "x@infomaniak.com", CLT_MAIL_PROVIDER_INFOMANIAK },
    { "reception@tilleuls.fr", CLT_MAIL_PROVIDER_OTHER },
    { "x@gmail.co", CLT_MAIL_PROVIDER_OTHER },
    { "x@notgmail.com", CLT_MAIL_PROVIDER_OTHER },
    { "x@outlook", CLT_MAIL_PROVIDER_OTHER },
    { "x@free.fr.example.org", CLT_MAIL_PROVIDER_OTHER },
    { "gmail.com", CLT_MAIL_PROVIDER_OTHER },
    { "", CLT_MAIL_PROVIDER_OTHER },
    { NULL, CLT_MAIL_PROVIDER_OTHER },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].address != NULL ? cases[i].address : "(null)");
      g_assert_cmpint (clt_mail_provider_guess (cases[i].address), ==, cases[i].id);
    }
}

static void
test_match (void)
{
  g_assert_cmpint (clt_mail_provider_match ("smtp.gmail.com", 465, CLT_SECURITY_TLS), ==,
                   CLT_MAIL_PROVIDER_GMAIL);
  g_assert_cmpint (clt_mail_provider_match ("SMTP.Orange.fr", 465, CLT_SECURITY_TLS), ==,
                   CLT_MAIL_PROVIDER_ORANGE);
  /* Settings of one's own are kept as they are: shown under Other. */
  g_assert_cmpint (clt_mail_provider_match ("smtp.gmail.com", 587, CLT_SECURITY_STARTTLS), ==,
                   CLT_MAIL_PROVIDER_OTHER);
  g_assert_cmpint (clt_mail_provider_match ("smtp.tilleuls.fr", 465, CLT_SECURITY_TLS), ==,
                   CLT_MAIL_PROVIDER_OTHER);
  g_assert_cmpint (clt_mail_provider_match (NULL, 465, CLT_SECURITY_TLS), ==,
                   CLT_MAIL_PROVIDER_OTHER);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mail-provider/table", test_table);
  g_test_add_func ("/mail-provider/guess", test_guess);
  g_test_add_func ("/mail-provider/match", test_match);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "clt-cli.h"

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}


/* Connects and signs in, as Test Connection does in Preferences. */
static int
test_account (const char *database)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(CltSmtp) smtp = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CltPassword) password = NULL;

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  account = clt_store_get_mail_account (store, &error);
  if (account == NULL)
    {
      clt_cli_error ("%s", error != NULL ? error->message
                                         : _("No e-mail account is set up: run “clientele-cli account smtp” first"));
      return 1;
    }

  if (!clt_mail_account_validate (account, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  if (account->user != NULL)
    {
      password = clt_secret_lookup_password (account->host, account->user, NULL, &error);
      if (error != NULL)
        {
          clt_cli_error ("%s", error->message);
          return 1;
        }
      if (password == NULL)
        {
          clt_cli_error (_("There is no password for %s on %s in the keyring: give it with "
                           "“account smtp --password-stdin”"),
                         account->user, account->host);
          return 1;
        }
    }

  smtp = clt_smtp_new (account, password);
  if (!clt_transport_test_connection (CLT_TRANSPORT (smtp), NULL, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  /* TRANSLATORS: %s is the mail server's name */
  printf (_("Connected and signed in to %s.\n"), account->host);
  return 0;
}

int
clt_cli_account (const char  *database,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *host = NULL;
  g_autofree char *security = NULL;
  g_autofree char *user = NULL;
  g_autofree char *from = NULL;
  g_autofree char *business = NULL;
  g_autofree char *signature_file = NULL;
  g_auto(CltPassword) password = NULL;
  gboolean password_stdin = FALSE;
  int port = 0;
  GOptionEntry entries[] = {
    { "host", 0, 0, G_OPTION_ARG_STRING, &host,
      N_("The mail server, such as smtp.example.com"), N_("HOST") },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("The port: 465 for TLS, 587 for STARTTLS"), N_("PORT") },
    { "security", 0, 0, G_OPTION_ARG_STRING, &security,
      N_("tls, starttls, or none (only for a server on this computer)"), N_("SECURITY") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user,
      N_("The user name to sign in with"), N_("USER") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &from,
      N_("The sender, as “Name <address>”"), N_("SENDER") },
    { "business", 0, 0, G_OPTION_ARG_FILENAME, &business,
      N_("The business’s name, for {business}"), N_("NAME") },
    { "signature-file", 0, 0, G_OPTION_ARG_FILENAME, &signature_file,
      N_("Read the signature, for {signature}, from FILE"), N_("FILE") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from standard input and keep it in the keyring"), NULL },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("account", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  if (g_strcmp0 (arguments[1], "test") == 0 && arguments[2] == NULL)
    return test_account (database);

  if (g_strcmp0 (arguments[1], "smtp") != 0 || arguments[2] != NULL)
    {
      clt_cli_error (_("Write “account smtp” followed by the server’s options, or “account test”"));
      return 1;
    }

  if ((from != NULL && !clt_cli_text_to_utf8 (&from)) ||
      (business != NULL && !clt_cli_text_to_utf8 (&business)))
    return 1;

  store = clt_cli_open_store (database, FALSE);
  if (store == NULL)
    return 1;

  account = clt_store_get_mail_account (store, &error);
  if (error != NULL)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }
  if (account == NULL)
    account = clt_mail_account_new ();

  if (security != NULL)
    {
      CltSecurity value;

      if (!clt_security_from_string (security, &value))
        {
          clt_cli_error (_("--security must be tls, starttls or none, not “%s”"), security);
          return 1;
        }
      account->security = value;
      if (port == 0)
        account->port = clt_security_default_port (value);
    }

  if (port != 0)
    {
      if (port < 1 || port > 65535)
        {
          clt_cli_error (_("--port must be between 1 and 65535"));
          return 1;
        }
      account->port = (guint) port;
    }

  if (host != NULL)
    clt_text_set (&account->host, host);
  if (user != NULL)
    clt_text_set (&account->user, *user != '\0' ? user : NULL);
  if (business != NULL)
    clt_text_set (&account->business, business);

  if (from != NULL)
    {
      g_autofree char *name = NULL;
      g_autofree char *address = NULL;

      if (!clt_mail_parse_mailbox (from, &name, &address, &error))
        {
          clt_cli_error ("%s", error->message);
          return 1;
        }
      clt_text_set (&account->from_name, name);
      clt_text_set (&account->from_address, address);
    }

  if (signature_file != NULL)
    {
      g_autofree char *signature = NULL;

      if (!g_file_get_contents (signature_file, &signature, NULL, &error))
        {
          clt_cli_error ("%s", error->message);
          return 1;
        }
      if (!clt_cli_text_to_utf8 (&signature))
        return 1;
      g_strchomp (signature);
      clt_text_set (&account->signature, signature);
    }

  if (!clt_mail_account_validate (account, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  if (password_stdin)
    {
      if (account->user == NULL)
        {
          clt_cli_error (_("A password needs a user name: add --user"));
          return 1;
        }

      password = clt_cli_read_password ();
      if (password == NULL)
        return 1;

      if (!clt_secret_store_password (account->host, account->user, password, NULL, &error))
        {
          clt_cli_error ("%s", error->message);
          return 1;
        }
    }

  if (!clt_store_set_mail_account (store, account, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  return 0;
}

static gboolean
parse_at (const char *text,
          gint64     *at)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gboolean all_day = FALSE;

  if (!clt_schedule_parse (tz, text, at, &all_day))
    {
      if (clt_schedule_is_out_of_range (text))
        {
          /* TRANSLATORS: the last %s says which dates the book keeps. */
          clt_cli_error (_("--at “%s” cannot be kept. %s"), text, clt_schedule_range_message ());
          return FALSE;
        }
      clt_cli_error (_("--at “%s” is not a day and time such as 2026-12-24T09:30"), text);
      return FALSE;
    }

  /* A day alone: the morning of that day. */
  if (all_day)
    {
      g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (*at - 1);

      *at = clt_schedule_local_time (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                                     g_date_time_get_day_of_month (day), 9, 0);
    }

  return TRUE;
}

/* Prints why a customer cannot be written to, and queues none. */
static int
fail_mail (CltStore     *store,
           const GError *error,
           const char   *number)
{
  clt_store_rollback (store);

  if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND))
    clt_cli_error (_("There is no customer number %s"), number);
  else
    clt_cli_error ("%s", error->message);

  return 1;
}

/* The template in the customer's language, filled for them. */
static gboolean
fill_from_template (CltStore              *store,
                    const CltMailAccount  *account,
                    GPtrArray             *templates,
                    const char            *name,
                    CltMail               *mail,
                    GError               **error)
{
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *language = NULL;
  const CltTemplate *tmpl;

  language = clt_store_get_mail_language (store, mail->customer_id, error);
  if (language == NULL)
    return FALSE;

  tmpl = clt_template_pick (templates, name, language);
  if (tmpl == NULL)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPLATE,
                   _("There is no template called “%s”: “clientele-cli templates” lists them"),
                   name);
      return FALSE;
    }

  /* Whether they may be written to at all comes before what the
   * template lacks. */
  {
    g_autofree char *address = NULL;

    if (!clt_store_can_mail (store, mail->customer_id, tmpl->marketing, &address, error))
      return FALSE;
  }

  values = clt_store_get_template_values (store, mail->customer_id, 0, account, error);
  if (values == NULL)
    return FALSE;

  mail->subject = clt_template_render_complete (tmpl->subject, values, error);
  if (mail->subject == NULL)
    return FALSE;
  mail->body = clt_template_render_complete (tmpl->body, values, error);
  if (mail->body == NULL)
    return FALSE;

  mail->template_name = g_strdup (tmpl->name);
  mail->marketing = tmpl->marketing;
  return TRUE;
}

int
clt_cli_mail (const char  *database,
              int          argc,
              char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GPtrArray) mails = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_mail_free);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree gint64 *customer_ids = NULL;
  guint n_customers;
  g_autofree char *template_name = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body_file = NULL;
  g_autofree char *at_text = NULL;
  g_autofree char *body = NULL;
  gint64 at = 0;
  GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_FILENAME, &template_name,
      N_("Write the message from a template (see “templates”)"), N_("NAME") },
    { "subject", 0, 0, G_OPTION_ARG_FILENAME, &subject,
      N_("The subject, with --body-file"), N_("TEXT") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &body_file,
      N_("Read the message from FILE (“-” for standard input)"), N_("FILE") },
    { "at", 0, 0, G_OPTION_ARG_FILENAME, &at_text,
      N_("Send it at this day and time rather than now"), N_("DATETIME") },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("mail", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL)
    return 1;

  n_customers = g_strv_length (arguments) - 1;
  if (n_customers == 0)
    {
      clt_cli_error (_("Give the number of the customer to write to"));
      return 1;
    }

  customer_ids = g_new0 (gint64, n_customers);
  for (guint i = 0; i < n_customers; i++)
    {
      if (!clt_cli_parse_id (arguments[i + 1], &customer_ids[i]))
        {
          clt_cli_error (_("“%s” is not a customer number"), arguments[i + 1]);
          return 1;
        }
    }

  if ((template_name != NULL) == (subject != NULL || body_file != NULL) ||
      (template_name == NULL && (subject == NULL || body_file == NULL)))
    {
      clt_cli_error (_("Give either --template, or both --subject and --body-file"));
      return 1;
    }

  if ((subject != NULL && !clt_cli_text_to_utf8 (&subject)) ||
      (at_text != NULL && !parse_at (at_text, &at)))
    return 1;

  if (body_file != NULL)
    {
      gsize length = 0;

      if (g_strcmp0 (body_file, "-") == 0)
        {
          g_autoptr(GString) text = g_string_new (NULL);
          char buffer[4096];
          gsize n;

          while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
            g_string_append_len (text, buffer, n);
          length = text->len;
          body = g_string_free (g_steal_pointer (&text), FALSE);
        }
      else if (!g_file_get_contents (body_file, &body, &length, &error))
        {
          clt_cli_error ("%s", error->message);
          return 1;
        }

      if (memchr (body, '\0', length) != NULL || !clt_cli_text_to_utf8 (&body))
        {
          clt_cli_error (_("“%s” is not a text file"), body_file);
          return 1;
        }
    }

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  account = clt_store_get_mail_account (store, &error);
  if (account == NULL)
    {
      clt_cli_error ("%s", error != NULL ? error->message
                                         : _("No e-mail account is set up: run “clientele-cli account smtp” first"));
      return 1;
    }

  if (template_name != NULL)
    {
      templates = clt_store_list_templates (store, &error);
      if (templates == NULL)
        {
          clt_cli_error ("%s", error->message);
          return 1;
        }
    }

  /* Several customers: one personal message each, all queued or none. */
  if (!clt_store_begin (store, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < n_customers; i++)
    {
      CltMail *mail = g_new0 (CltMail, 1);

      g_ptr_array_add (mails, mail);
      mail->customer_id = customer_ids[i];
      mail->state = CLT_MAIL_QUEUED;
      mail->scheduled_at = at;
      if (template_name != NULL)
        {
          if (!fill_from_template (store, account, templates, template_name, mail, &error))
            return fail_mail (store, error, arguments[i + 1]);
        }
      else
        {
          mail->subject = g_strdup (subject);
          mail->body = g_strdup (body);
        }

      if (!clt_store_queue_mail (store, account, mail, &error))
        return fail_mail (store, error, arguments[i + 1]);
    }

  /* A commit that fails has already rolled back. */
  if (!clt_store_commit (store, &error))
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < mails->len; i++)
    printf ("<%s>\n", ((CltMail *) g_ptr_array_index (mails, i))->message_id);
  return 0;
}

static void
print_mail (const CltMail *mail)
{
  g_autofree char *reply = g_strdup (mail->last_reply != NULL ? mail->last_reply : "");

  /* One line a message, whatever the server said. */
  g_strdelimit (reply, "\t\r\n", ' ');
  printf ("%" G_GINT64_FORMAT "\t%s\t%s\t%s\t%s\n", mail->id,
          clt_mail_state_to_string (mail->state), mail->to_address, mail->subject, reply);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} SendAll;

static void
send_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SendAll *send_all = user_data;

  clt_outbox_send_all_finish (CLT_OUTBOX (object), result, &send_all->error);
  send_all->done = TRUE;
}

/* A person's decision about a message that may have been sent. */
static gboolean
decide_uncertain (CltStore   *store,
                  const char *number,
                  gboolean    send_again)
{
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (!clt_cli_parse_id (number, &id))
    {
      clt_cli_error (_("“%s” is not a message number, as printed by “outbox”"), number);
      return FALSE;
    }

  if (!(send_again ? clt_store_send_mail_again (store, id, &error)
                   : clt_store_mark_mail_sent (store, id, now_unix (), &error)))
    {
      clt_cli_error ("%s", error->message);
      return FALSE;
    }

  return TRUE;
}

int
clt_cli_outbox (const char  *database,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GPtrArray) mails = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;
  g_autofree char *resend = NULL;
  g_autofree char *mark_sent = NULL;
  gboolean send = FALSE;
  gboolean delivered = TRUE;
  guint uncertain = 0;
  GOptionEntry entries[] = {
    { "send", 0, 0, G_OPTION_ARG_NONE, &send,
      N_("Try to send every waiting message now"), NULL },
    { "resend", 0, 0, G_OPTION_ARG_STRING, &resend,
      N_("Send again a message that may have been sent (same Message-ID)"), N_("NUMBER") },
    { "mark-sent", 0, 0, G_OPTION_ARG_STRING, &mark_sent,
      N_("Take a message that may have been sent as sent"), N_("NUMBER") },
    G_OPTION_ENTRY_NULL
  };

  context = clt_cli_option_context_new ("outbox", entries);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL || !clt_cli_expect_no_arguments (arguments))
    return 1;

  if (resend != NULL && mark_sent != NULL)
    {
      clt_cli_error (_("--resend and --mark-sent cannot go together"));
      return 1;
    }

  store = clt_cli_open_store (database, TRUE);
  if (store == NULL)
    return 1;

  if ((resend != NULL && !decide_uncertain (store, resend, TRUE)) ||
      (mark_sent != NULL && !decide_uncertain (store, mark_sent, FALSE)))
    return 1;

  if (send)
    {
      g_autoptr(CltOutbox) outbox = clt_outbox_new (store);
      SendAll send_all = { FALSE, NULL };

      clt_outbox_send_all_async (outbox, NULL, send_all_cb, &send_all);
      while (!send_all.done)
        g_main_context_iteration (NULL, TRUE);

      if (send_all.error != NULL)
        {
          delivered = FALSE;
          clt_cli_error ("%s", send_all.error->message);
          g_clear_error (&send_all.error);
        }
    }

  mails = clt_store_list_mail (store, CLT_OUTBOX_ALL, now_unix (), &error);
  if (mails == NULL)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < mails->len; i++)
    {
      const CltMail *mail = g_ptr_array_index (mails, i);

      print_mail (mail);
      if (send && mail->state != CLT_MAIL_SENT && mail->state != CLT_MAIL_DRAFT &&
          !(mail->state == CLT_MAIL_QUEUED && mail->scheduled_at > now_unix ()))
        delivered = FALSE;
      if (mail->state == CLT_MAIL_UNCERTAIN)
        uncertain++;
    }

  /* Never sent again behind anyone's back: say what to do. */
  if (uncertain > 0)
    clt_cli_error (g_dngettext (GETTEXT_PACKAGE,
                                "%u message may have been sent: the connection was cut after the "
                                "server began to receive it. Ask the customer or look in the "
                                "account’s sent mail, then send it again with “outbox --resend "
                                "NUMBER” (same Message-ID) or take it as sent with “outbox "
                                "--mark-sent NUMBER”.",
                                "%u messages may have been sent: the connection was cut after the "
                                "server began to receive them. Ask the customers or look in the "
                                "account’s sent mail, then send each again with “outbox --resend "
                                "NUMBER” (same Message-ID) or take it as sent with “outbox "
                                "--mark-sent NUMBER”.",
                                uncertain),
                   uncertain);

  return delivered ? 0 : 1;
}

int
clt_cli_templates (const char  *database,
                   int          argc,
                   char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) arguments = NULL;

  context = clt_cli_option_context_new ("templates", NULL);
  arguments = clt_cli_parse (context, argc, argv);
  if (arguments == NULL || !clt_cli_expect_no_arguments (arguments))
    return 1;

  store = clt_cli_open_store (database, FALSE);
  if (store == NULL)
    return 1;

  templates = clt_store_list_templates (store, &error);
  if (templates == NULL)
    {
      clt_cli_error ("%s", error->message);
      return 1;
    }

  for (guint i = 0; i < templates->len; i++)
    {
      const CltTemplate *tmpl = g_ptr_array_index (templates, i);

      printf ("%s\t%s\t%s%s\n", tmpl->name, tmpl->language, tmpl->title,
              tmpl->marketing ? _(" (needs marketing consent)") : "");
    }

  return 0;
}

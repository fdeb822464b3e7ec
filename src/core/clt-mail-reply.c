/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-mail"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "clt-mail.h"

/* A mail server's reply, such as "550 5.1.1 <x@y>: Recipient address
 * rejected: User unknown", told as what a person at the desk can do about
 * it. The reply code (RFC 5321) says whether to try again; the enhanced
 * status code (RFC 3463), when the server gives one, says what is wrong. */

typedef struct
{
  int basic;      /* 550, or 0 */
  int klass;      /* 2, 4, 5, or 0 */
  int subject;    /* the enhanced code's middle number, or -1 */
  int detail;     /* its last number, or -1 */
} Reply;

static gboolean
parse_reply (const char *text,
             Reply      *reply)
{
  g_autoptr(GRegex) basic = g_regex_new ("(?:^|:\\s|\\n)([245]\\d\\d)(?:[ -]|$)", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GRegex) enhanced = g_regex_new ("(?<![\\d.])([245])\\.(\\d{1,3})\\.(\\d{1,3})(?![\\d.])", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  reply->basic = 0;
  reply->klass = 0;
  reply->subject = -1;
  reply->detail = -1;

  if (g_regex_match (basic, text, 0, &match))
    {
      g_autofree char *code = g_match_info_fetch (match, 1);

      reply->basic = atoi (code);
      reply->klass = reply->basic / 100;
    }
  g_clear_pointer (&match, g_match_info_unref);

  if (g_regex_match (enhanced, text, 0, &match))
    {
      g_autofree char *klass = g_match_info_fetch (match, 1);
      g_autofree char *subject = g_match_info_fetch (match, 2);
      g_autofree char *detail = g_match_info_fetch (match, 3);

      reply->klass = atoi (klass);
      reply->subject = atoi (subject);
      reply->detail = atoi (detail);
    }

  return reply->klass != 0;
}

static gboolean
says (const char *text,
      const char *pattern)
{
  return g_regex_match_simple (pattern, text, G_REGEX_CASELESS, 0);
}

/**
 * clt_mail_explain_reply:
 * @reply: (nullable): what the server answered last
 * @next_try_at: when the message is tried again (Unix time), or 0
 *
 * Returns: (transfer full) (nullable): one translated sentence saying what
 *   happened and what to do, or %NULL when @reply is not a server's reply
 *   (it is then already in words)
 */
char *
clt_mail_explain_reply (const char *reply,
                        gint64      next_try_at)
{
  Reply r;

  if (reply == NULL || !parse_reply (reply, &r) || r.klass == 2)
    return NULL;

  if ((r.subject == 1 && (r.detail == 1 || r.detail == 6 || r.detail == 10)) ||
      (r.subject == -1 && (r.basic == 550 || r.basic == 553) &&
       says (reply, "unknown|no such|does not exist|doesn.t exist|not found|invalid recipient|no mailbox")))
    return g_strdup (_("This address does not exist: check it with the customer."));

  if (r.subject == 1 && r.detail == 2)
    return g_strdup (_("The domain of this address does not exist: check the address with the customer."));

  if ((r.subject == 2 && r.detail == 2) || (r.subject == -1 && r.basic == 552) ||
      (r.subject == -1 && says (reply, "mailbox (is )?full|over ?quota|quota exceeded")))
    return g_strdup (_("The customer’s mailbox is full: try again in a few days, or reach them another way."));

  if (r.basic == 535 || (r.subject == 7 && r.detail == 8) || says (reply, "authentication (failed|credentials)"))
    return g_strdup (_("The server refused the user name or password: check them in Preferences, under E-mail."));

  if ((r.basic == 530 || r.subject == 7) && says (reply, "starttls|tls|encrypt"))
    return g_strdup (_("The server asks for a secure connection: choose another security setting in Preferences, under E-mail."));

  if (r.klass == 4)
    {
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *time = NULL;

      if (next_try_at <= 0)
        return g_strdup (_("The server is busy: the message will be tried again later."));

      when = g_date_time_new_from_unix_local (next_try_at);
      /* Translators: a time of day, see the strftime manual page; in
       * French "%H h %M", with no-break spaces. */
      time = g_date_time_format (when, C_("retry time", "%H:%M"));
      /* Translators: %s is a time of day. */
      return g_strdup_printf (_("The server is busy; it will be tried again at %s."), time);
    }

  if (r.subject == 7 && (r.detail == 1 || r.detail == 26 || r.detail == 27))
    return g_strdup (_("The customer’s mail server refused this message as unwanted mail: reach the customer another way."));

  if (r.subject == 3 && r.detail == 4)
    return g_strdup (_("The message is too large for the customer’s mail server: shorten it, then send it again."));

  return g_strdup (_("The customer’s mail server refused this message: check the address with the customer."));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CLT_MAIL_ERROR (clt_mail_error_quark ())

/* Every error the e-mail code reports. Messages are translated and say what
 * to do; they never contain a password. */
typedef enum
{
  CLT_MAIL_ERROR_FAILED,
  CLT_MAIL_ERROR_NO_ACCOUNT,     /* no SMTP account set up yet */
  CLT_MAIL_ERROR_NO_PASSWORD,    /* no password in the keyring for host + user */
  CLT_MAIL_ERROR_KEYRING,        /* the keyring could not be reached */
  CLT_MAIL_ERROR_INVALID,        /* a bad address, an empty subject… */
  CLT_MAIL_ERROR_NO_ADDRESS,     /* the customer has no e-mail address */
  CLT_MAIL_ERROR_NO_CONSENT,     /* "no e-mail", or marketing without consent */
  CLT_MAIL_ERROR_TEMPLATE,       /* unknown placeholder, unclosed brace */
  CLT_MAIL_ERROR_AUTH,           /* the server refused the user name or password */
  CLT_MAIL_ERROR_CERTIFICATE,    /* the server's certificate is not trusted */
  CLT_MAIL_ERROR_TLS,            /* TLS could not be set up (e.g. no STARTTLS) */
  CLT_MAIL_ERROR_UNREACHABLE,    /* no such host, port closed, timed out — nothing handed over */
  CLT_MAIL_ERROR_TEMPORARY,      /* a 4xx reply: try again later */
  CLT_MAIL_ERROR_REJECTED,       /* a 5xx reply: will not be accepted as is */
  CLT_MAIL_ERROR_UNCERTAIN,      /* cut off after the message was handed over */
  CLT_MAIL_ERROR_CANCELLED,
  CLT_MAIL_ERROR_SENDER,         /* the server refuses to send from this account's address */
  CLT_MAIL_ERROR_NOT_SENDING,    /* an outcome for a message no longer "sending": for good */
} CltMailError;

typedef enum
{
  CLT_SECURITY_TLS,        /* implicit TLS, port 465 */
  CLT_SECURITY_STARTTLS,   /* STARTTLS required, port 587 */
  CLT_SECURITY_NONE,       /* only for a server on this machine */
} CltSecurity;

/* The business's sending account. Stored in the book (no password: that
 * lives in the keyring, see clt-secret.h). */
typedef struct
{
  char        *from_name;      /* "Hôtel des Tilleuls" or a person's name */
  char        *from_address;   /* "reception@tilleuls.fr" */
  char        *business;       /* for {business} */
  char        *signature;      /* for {signature}, may span lines */
  char        *host;
  guint        port;
  CltSecurity  security;
  char        *user;
} CltMailAccount;

typedef enum
{
  CLT_MAIL_DRAFT,       /* saved, not to be sent yet */
  CLT_MAIL_QUEUED,      /* waiting: now, at scheduled_at, or at next_try_at */
  CLT_MAIL_SENDING,     /* claimed by a sender */
  CLT_MAIL_UNCERTAIN,   /* cut off after DATA began: may have been sent, a person decides */
  CLT_MAIL_SENT,
  CLT_MAIL_FAILED,      /* refused for good (5xx), see last_reply */
} CltMailState;

/* One outgoing message, a row of the outbox. */
typedef struct
{
  gint64        id;
  gint64        customer_id;
  char         *customer_name;
  char         *to_name;
  char         *to_address;
  char         *subject;
  char         *body;
  char         *template_name;   /* may be NULL */
  gboolean      marketing;       /* needs marketing consent (e.g. "we miss you") */
  char         *message_id;      /* without angle brackets; NULL for a draft */
  CltMailState  state;
  gint64        created_at;
  gint64        scheduled_at;    /* 0: as soon as possible */
  gint64        next_try_at;     /* 0: as soon as possible */
  guint         attempts;
  char         *last_reply;      /* the server's last words, or why it failed */
  gint64        sent_at;
} CltMail;

GQuark          clt_mail_error_quark        (void);
/* Whether @error is about the account rather than the message (password,
 * certificate, TLS, sender refused…): the whole queue waits for it to be
 * fixed. */
gboolean        clt_mail_error_pauses_queue (const GError        *error);
/* Sets CLT_MAIL_ERROR_NO_ACCOUNT with the message that says where to set
 * one up. */
void            clt_mail_set_no_account_error (GError            **error);
/* Whether the account's password is what was refused or is missing. */
gboolean        clt_mail_error_is_password  (const GError        *error);
/* A server's reply ("550 5.1.1 User unknown") as what a person can do
 * about it, translated; NULL when @reply is already in words
 * (clt-mail-reply.c). @next_try_at: when it is tried again, or 0. */
char           *clt_mail_explain_reply      (const char          *reply,
                                             gint64               next_try_at);

const char     *clt_security_to_string      (CltSecurity          security);
gboolean        clt_security_from_string    (const char          *name,
                                             CltSecurity         *security);
guint           clt_security_default_port   (CltSecurity          security);

CltMailAccount *clt_mail_account_new        (void);
CltMailAccount *clt_mail_account_copy       (const CltMailAccount *account);
void            clt_mail_account_free       (CltMailAccount      *account);
/* Checks that the account can be used to send: host, port, addresses, and
 * "none" only for localhost / 127.0.0.1 / ::1. */
gboolean        clt_mail_account_validate   (const CltMailAccount *account,
                                             GError             **error);
/* Whether @host names this machine only: "localhost", 127.0.0.0/8, ::1
 * (also written "[::1]"); not "127.example.com". The one test for where
 * sending without encryption is allowed. */
/* Parses "Name <addr>" or "addr" into a name (may be NULL) and an address,
 * with GMime's address parser: a quoted name ("Dupont, Marc") or an
 * encoded word (=?UTF-8?Q?H=C3=B4tel?=) comes out as the person meant it
 * (clt-message.c). */
gboolean        clt_mail_parse_mailbox      (const char          *text,
                                             char               **name,
                                             char               **address,
                                             GError             **error);
/* A plausible single address: local@domain, no spaces, no control
 * characters, no angle brackets or commas. */
gboolean        clt_mail_address_is_valid   (const char          *address);

const char     *clt_mail_state_to_string    (CltMailState         state);
gboolean        clt_mail_state_from_string  (const char          *name,
                                             CltMailState        *state);
const char     *clt_mail_state_label        (CltMailState         state);
void            clt_mail_free               (CltMail             *mail);

/* Delay before retry number @attempts (1, 2, …) after a temporary failure:
 * 1, 2, 4, 8… minutes, at most an hour. */
gint64          clt_mail_retry_delay        (guint                attempts);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltMailAccount, clt_mail_account_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltMail, clt_mail_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-smtp"

#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <glib/gi18n-lib.h>

#include "clt-smtp.h"

/* Past these, a server that does not answer is given up on. */
#define CONNECT_TIMEOUT_SECONDS 20L
#define LOW_SPEED_BYTES_PER_SECOND 1L
#define LOW_SPEED_SECONDS 60L

struct _CltSmtp
{
  GObject         parent_instance;

  CltMailAccount *account;
  char           *password;
};

/* One conversation with the server. */
typedef struct
{
  GBytes       *message;
  gsize         offset;
  /* The read callback gave libcurl the last byte: from then on, a
   * failure may come after the server took the message. */
  gboolean      handed_over;
  /* The last command sent was MAIL FROM, and the last reply answered it:
   * a refusal then is about the account's address, not this message. */
  gboolean      in_mail_from;
  gboolean      reply_to_mail_from;
  GCancellable *cancellable;

  /* Called at the first read, once the server said "go ahead" to DATA. */
  CltTransportDataFunc at_data;
  gpointer      at_data_user_data;
  gboolean      data_began;
  GError       *data_error;    /* why at_data stopped the send */

  GString      *pending;       /* a reply line not yet complete */
  GString      *reply;         /* the lines of a multi-line reply so far */
  char         *last_reply;    /* the server's last complete reply */
  guint         last_code;
} Transfer;

static void clt_smtp_transport_iface_init (CltTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CltSmtp, clt_smtp, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_TRANSPORT,
                                                      clt_smtp_transport_iface_init))

/* libcurl keeps copies of the password (the option, the AUTH exchange)
 * and frees them without wiping: its memory is wiped when freed. */
static void
wiping_free (void *block)
{
  if (block == NULL)
    return;

  explicit_bzero (block, malloc_usable_size (block));
  free (block);
}

static void *
wiping_realloc (void   *block,
                size_t  size)
{
  size_t old_size;
  void *moved;

  if (block == NULL)
    return malloc (size);

  /* Never let realloc() free the old block unwiped. */
  old_size = malloc_usable_size (block);
  moved = malloc (size);
  if (moved == NULL)
    return NULL;

  memcpy (moved, block, MIN (old_size, size));
  wiping_free (block);
  return moved;
}

static void
ensure_curl (void)
{
  static gsize initialised = 0;

  /* curl_global_init() is not thread-safe and senders run in threads. */
  if (g_once_init_enter (&initialised))
    {
      CURLcode code = curl_global_init_mem (CURL_GLOBAL_DEFAULT, malloc, wiping_free,
                                            wiping_realloc, strdup, calloc);

      if (code != CURLE_OK)
        g_warning ("libcurl could not be initialised: %s", curl_easy_strerror (code));
      g_once_init_leave (&initialised, 1);
    }
}

static void
transfer_clear (Transfer *transfer)
{
  if (transfer->pending != NULL)
    g_string_free (transfer->pending, TRUE);
  if (transfer->reply != NULL)
    g_string_free (transfer->reply, TRUE);
  g_free (transfer->last_reply);
  g_clear_error (&transfer->data_error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Transfer, transfer_clear)

/* One line of the server's, without its CRLF. SMTP replies are
 * "250-first line" … "250 last line"; a reply is kept whole, its lines
 * joined by spaces, so that it fits one line of the outbox. */
static void
transfer_take_line (Transfer   *transfer,
                    const char *line)
{
  gboolean last_line;
  guint code = 0;

  if (*line == '\0')
    return;

  g_debug ("S: %s", line);

  if (transfer->reply->len > 0)
    g_string_append_c (transfer->reply, ' ');
  for (const char *p = line; *p != '\0'; p++)
    g_string_append_c (transfer->reply, g_ascii_iscntrl (*p) ? ' ' : *p);

  last_line = strlen (line) < 4 || line[3] != '-';
  if (!last_line)
    return;

  if (g_ascii_isdigit (line[0]) && g_ascii_isdigit (line[1]) && g_ascii_isdigit (line[2]))
    code = (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');

  /* "221 Bye" answers the QUIT libcurl sends on its way out, after a
   * failure too: the reply that matters is the one before. */
  if (code != 221)
    {
      g_free (transfer->last_reply);
      transfer->last_reply = g_strdup (transfer->reply->str);
      transfer->last_code = code;
      transfer->reply_to_mail_from = transfer->in_mail_from;
    }
  g_string_truncate (transfer->reply, 0);
}

static const char *
transfer_server_words (Transfer *transfer)
{
  return transfer->last_reply != NULL ? transfer->last_reply : "";
}

static char *
format_url (const CltMailAccount *account)
{
  const char *scheme = account->security == CLT_SECURITY_TLS ? "smtps" : "smtp";

  /* An IPv6 literal needs brackets before the port. */
  if (strchr (account->host, ':') != NULL)
    return g_strdup_printf ("%s://[%s]:%u", scheme, account->host, account->port);

  return g_strdup_printf ("%s://%s:%u", scheme, account->host, account->port);
}

static char *
format_mailbox (const char *address)
{
  return g_strdup_printf ("<%s>", address);
}

static void
clt_smtp_wipe_password (CltSmtp *self)
{
  if (self->password != NULL)
    explicit_bzero (self->password, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static gboolean
is_certificate_error (CURLcode code)
{
  switch (code)
    {
    case CURLE_PEER_FAILED_VERIFICATION:   /* also CURLE_SSL_CACERT */
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_tls_error (CURLcode code)
{
  switch (code)
    {
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Turns how the conversation ended into the error the outbox acts on. */
static void
set_error (CltSmtp  *self,
           CURLcode  code,
           Transfer *transfer,
           GError  **error)
{
  const char *host = self->account->host;
  guint reply_class = transfer->last_code / 100;
  /* "530 Must issue a STARTTLS command first" is about the security
   * setting, not the password. */
  gboolean wants_starttls = transfer->last_code == 530 && transfer->last_reply != NULL &&
                            strstr (transfer->last_reply, "STARTTLS") != NULL;

  /* The book could not record that DATA began: nothing was handed over. */
  if (transfer->data_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&transfer->data_error));
      return;
    }

  if ((code == CURLE_ABORTED_BY_CALLBACK || g_cancellable_is_cancelled (transfer->cancellable)) &&
      !transfer->handed_over)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CANCELLED,
                           _("Sending was cancelled."));
      return;
    }

  if (!wants_starttls &&
      (transfer->last_code == 530 || transfer->last_code == 534 || transfer->last_code == 535 ||
       (code == CURLE_LOGIN_DENIED && reply_class != 4)))
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_AUTH,
                           _("The server refused the user name or password. Check them, or use an "
                             "app password if your provider asks for one."));
      return;
    }

  if (is_certificate_error (code))
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CERTIFICATE,
                   _("The certificate of “%s” is not trusted, so nothing was sent. A self-signed "
                     "certificate is refused: the server needs a certificate from a recognised "
                     "authority, issued for this server name."),
                   host);
      return;
    }

  if (is_tls_error (code) || wants_starttls)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TLS,
                   _("A secure connection to “%s” could not be set up. Check the port and the "
                     "security setting: TLS is usually on port 465, STARTTLS on port 587."),
                   host);
      return;
    }

  if (code == CURLE_COULDNT_RESOLVE_HOST)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNREACHABLE,
                   _("The server “%s” was not found. Check its name and the Internet connection."),
                   host);
      return;
    }

  if (code == CURLE_COULDNT_CONNECT)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNREACHABLE,
                   _("Nothing answers on port %u of “%s”: the port is closed, or the server is "
                     "down."),
                   self->account->port, host);
      return;
    }

  /* The server said why it stopped. */
  if (reply_class == 4)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPORARY,
                   _("The server cannot take the message now and asks to try again later: %s"),
                   transfer_server_words (transfer));
      return;
    }

  if (reply_class == 5 && transfer->reply_to_mail_from)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_SENDER,
                   _("The server refuses to send from “%s”: %s. Check the sender’s address in "
                     "Preferences: it must be one your mail account may send from."),
                   self->account->from_address, transfer_server_words (transfer));
      return;
    }

  if (reply_class == 5)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_REJECTED,
                   _("The server refused the message: %s"),
                   transfer_server_words (transfer));
      return;
    }

  /* Cut off without a reason. Once the whole message was handed over, the
   * server may have taken it before the connection dropped. */
  if (transfer->handed_over)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNCERTAIN,
                   _("The connection to “%s” was lost after the message was handed over: it may "
                     "or may not have been delivered."),
                   host);
      return;
    }

  if (code == CURLE_OPERATION_TIMEDOUT)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNREACHABLE,
                   _("The server “%s” did not answer in time. Check the port and the security "
                     "setting: TLS is usually on port 465, STARTTLS on port 587."),
                   host);
      return;
    }

  g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNREACHABLE,
               _("The connection to “%s” was lost before the message was sent."),
               host);
}

static int
debug_cb (CURL          *handle,
          curl_infotype  type,
          char          *data,
          size_t         size,
          void          *user_data)
{
  Transfer *transfer = user_data;
  char *newline;

  /* Of what we send, only which command it is: the rest includes the
   * AUTH exchange. */
  if (type == CURLINFO_HEADER_OUT)
    {
      transfer->in_mail_from = size >= 10 && g_ascii_strncasecmp (data, "MAIL FROM:", 10) == 0;
      return 0;
    }

  /* Then what the server says. */
  if (type != CURLINFO_HEADER_IN)
    return 0;

  g_string_append_len (transfer->pending, data, size);
  while ((newline = memchr (transfer->pending->str, '\n', transfer->pending->len)) != NULL)
    {
      gsize length = newline - transfer->pending->str;
      g_autofree char *line = g_strndup (transfer->pending->str, length);

      g_strchomp (line);
      transfer_take_line (transfer, line);
      g_string_erase (transfer->pending, 0, length + 1);
    }

  return 0;
}

static size_t
read_cb (char   *buffer,
         size_t  size,
         size_t  count,
         void   *user_data)
{
  Transfer *transfer = user_data;
  gsize length;
  const char *data = g_bytes_get_data (transfer->message, &length);
  gsize chunk = MIN (size * count, length - transfer->offset);

  /* libcurl reads the message only once the server answered DATA with
   * 354: say so before the first byte leaves. */
  if (!transfer->data_began)
    {
      transfer->data_began = TRUE;
      if (transfer->at_data != NULL &&
          !transfer->at_data (transfer->at_data_user_data, &transfer->data_error))
        return CURL_READFUNC_ABORT;
    }

  memcpy (buffer, data + transfer->offset, chunk);
  transfer->offset += chunk;
  if (transfer->offset == length)
    transfer->handed_over = TRUE;

  return chunk;
}

static size_t
discard_cb (char   *data,
            size_t  size,
            size_t  count,
            void   *user_data)
{
  return size * count;
}

static int
progress_cb (void       *user_data,
             curl_off_t  download_total,
             curl_off_t  downloaded,
             curl_off_t  upload_total,
             curl_off_t  uploaded)
{
  Transfer *transfer = user_data;

  /* Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK. */
  return g_cancellable_is_cancelled (transfer->cancellable) ? 1 : 0;
}

/* A handle set up to reach the account's server and log in. */
static CURL *
create_handle (CltSmtp  *self,
               Transfer *transfer)
{
  g_autofree char *url = format_url (self->account);
  const char *ca_file = g_getenv ("SSL_CERT_FILE");
  CURL *handle;

  ensure_curl ();
  handle = curl_easy_init ();
  if (handle == NULL)
    return NULL;

  curl_easy_setopt (handle, CURLOPT_URL, url);
  curl_easy_setopt (handle, CURLOPT_NOSIGNAL, 1L);

  if (self->account->security == CLT_SECURITY_STARTTLS)
    curl_easy_setopt (handle, CURLOPT_USE_SSL, (long) CURLUSESSL_ALL);
  curl_easy_setopt (handle, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt (handle, CURLOPT_SSL_VERIFYHOST, 2L);
  /* The same variable OpenSSL and curl's own tool read: it lets a company
   * (or the integration tests) trust its own authority instead of the
   * system's store. */
  if (ca_file != NULL && *ca_file != '\0')
    curl_easy_setopt (handle, CURLOPT_CAINFO, ca_file);

  if (self->account->user != NULL && *self->account->user != '\0')
    {
      curl_easy_setopt (handle, CURLOPT_USERNAME, self->account->user);
      curl_easy_setopt (handle, CURLOPT_PASSWORD, self->password != NULL ? self->password : "");
    }

  /* libcurl copied it: ours is no longer needed (one conversation per
   * CltSmtp). libcurl's copy goes with the handle, cleaned up as soon as
   * the conversation ends. */
  clt_smtp_wipe_password (self);

  curl_easy_setopt (handle, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT_SECONDS);
  curl_easy_setopt (handle, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED_BYTES_PER_SECOND);
  curl_easy_setopt (handle, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_SECONDS);

  curl_easy_setopt (handle, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt (handle, CURLOPT_XFERINFOFUNCTION, progress_cb);
  curl_easy_setopt (handle, CURLOPT_XFERINFODATA, transfer);

  /* The debug function only runs in verbose mode; it replaces curl's own
   * printing, and keeps the server's replies only. */
  curl_easy_setopt (handle, CURLOPT_VERBOSE, 1L);
  curl_easy_setopt (handle, CURLOPT_DEBUGFUNCTION, debug_cb);
  curl_easy_setopt (handle, CURLOPT_DEBUGDATA, transfer);
  curl_easy_setopt (handle, CURLOPT_WRITEFUNCTION, discard_cb);

  return handle;
}

/* What a send and a test share: the reply buffers, a cancel before
 * anything, the handle. NULL with @error set when it cannot start. */
static CURL *
begin_transfer (CltSmtp       *self,
                Transfer      *transfer,
                GCancellable  *cancellable,
                GError       **error)
{
  CURL *handle;

  transfer->cancellable = cancellable;
  transfer->pending = g_string_new (NULL);
  transfer->reply = g_string_new (NULL);

  if (g_cancellable_is_cancelled (cancellable))
    {
      set_error (self, CURLE_ABORTED_BY_CALLBACK, transfer, error);
      return NULL;
    }

  handle = create_handle (self, transfer);
  if (handle == NULL)
    g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_FAILED,
                         _("The connection to the mail server could not be prepared."));

  return handle;
}

static gboolean
clt_smtp_send (CltTransport  *transport,
               const char    *from_address,
               const char    *to_address,
               GBytes        *message,
               CltTransportDataFunc at_data,
               gpointer       at_data_user_data,
               char         **reply,
               GCancellable  *cancellable,
               GError       **error)
{
  CltSmtp *self = CLT_SMTP (transport);
  g_auto(Transfer) transfer = { 0 };
  g_autofree char *from = format_mailbox (from_address);
  g_autofree char *to = format_mailbox (to_address);
  struct curl_slist *recipients = NULL;
  CURL *handle;
  CURLcode code;

  transfer.message = message;
  transfer.at_data = at_data;
  transfer.at_data_user_data = at_data_user_data;
  handle = begin_transfer (self, &transfer, cancellable, error);
  if (handle == NULL)
    return FALSE;

  recipients = curl_slist_append (recipients, to);
  curl_easy_setopt (handle, CURLOPT_MAIL_FROM, from);
  curl_easy_setopt (handle, CURLOPT_MAIL_RCPT, recipients);
  /* libcurl converts line starts "." to ".." and ends with CRLF.CRLF. */
  curl_easy_setopt (handle, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt (handle, CURLOPT_READFUNCTION, read_cb);
  curl_easy_setopt (handle, CURLOPT_READDATA, &transfer);
  curl_easy_setopt (handle, CURLOPT_INFILESIZE_LARGE, (curl_off_t) g_bytes_get_size (message));

  code = curl_easy_perform (handle);
  curl_easy_cleanup (handle);
  curl_slist_free_all (recipients);

  if (code != CURLE_OK)
    {
      g_debug ("Sending to %s failed: %s", self->account->host, curl_easy_strerror (code));
      set_error (self, code, &transfer, error);
    }

  if (reply != NULL)
    *reply = g_steal_pointer (&transfer.last_reply);

  return code == CURLE_OK;
}

static gboolean
clt_smtp_test_connection (CltTransport  *transport,
                          GCancellable  *cancellable,
                          GError       **error)
{
  CltSmtp *self = CLT_SMTP (transport);
  g_auto(Transfer) transfer = { 0 };
  CURL *handle;
  CURLcode code;

  handle = begin_transfer (self, &transfer, cancellable, error);
  if (handle == NULL)
    return FALSE;

  /* A command that sends nothing, after the same greeting, STARTTLS and
   * AUTH as a real send (CURLOPT_CONNECT_ONLY would stop before AUTH). */
  curl_easy_setopt (handle, CURLOPT_CUSTOMREQUEST, "NOOP");
  curl_easy_setopt (handle, CURLOPT_NOBODY, 1L);

  code = curl_easy_perform (handle);
  curl_easy_cleanup (handle);

  if (code != CURLE_OK)
    {
      g_debug ("Testing %s failed: %s", self->account->host, curl_easy_strerror (code));
      set_error (self, code, &transfer, error);
      return FALSE;
    }

  return TRUE;
}

static void
clt_smtp_finalize (GObject *object)
{
  CltSmtp *self = CLT_SMTP (object);

  g_clear_pointer (&self->account, clt_mail_account_free);
  clt_smtp_wipe_password (self);

  G_OBJECT_CLASS (clt_smtp_parent_class)->finalize (object);
}

static void
clt_smtp_transport_iface_init (CltTransportInterface *iface)
{
  iface->send = clt_smtp_send;
  iface->test_connection = clt_smtp_test_connection;
}

static void
clt_smtp_class_init (CltSmtpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_smtp_finalize;
}

static void
clt_smtp_init (CltSmtp *self)
{
}

CltSmtp *
clt_smtp_new (const CltMailAccount *account,
              const char           *password)
{
  CltSmtp *self;

  g_return_val_if_fail (account != NULL, NULL);
  g_return_val_if_fail (account->host != NULL, NULL);

  self = g_object_new (CLT_TYPE_SMTP, NULL);
  self->account = clt_mail_account_copy (account);
  self->password = g_strdup (password);

  return self;
}

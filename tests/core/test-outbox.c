/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-host.h"
#include "clt-test-book.h"

/* A transport that answers from a script, one outcome a message, and
 * remembers what it was handed. */

#define FAKE_TYPE_TRANSPORT (fake_transport_get_type ())
G_DECLARE_FINAL_TYPE (FakeTransport, fake_transport, FAKE, TRANSPORT, GObject)

typedef struct
{
  int         code;            /* -1: accepted */
  const char *reply;
  guint       delay_ms;        /* how long the server takes to answer the data */
  guint       before_data_ms;  /* how long before it answers DATA with 354 */
} Outcome;

struct _FakeTransport
{
  GObject    parent_instance;
  GQueue    *script;    /* of Outcome *, not owned */
  GPtrArray *received;  /* Message-IDs handed over, owned */
  char      *password;
  /* When set, what another connection to this book reads in the row's
   * data_at just before and just after the DATA step (-1: NULL). */
  char      *book_path;
  gint64     data_at_before;
  gint64     data_at_after;
};

static void fake_transport_iface_init (CltTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FakeTransport, fake_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CLT_TYPE_TRANSPORT, fake_transport_iface_init))

static char *
message_id_of (GBytes *message)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));
  g_auto(GStrv) lines = g_strsplit (text, "\r\n", -1);

  for (guint i = 0; lines[i] != NULL && *lines[i] != '\0'; i++)
    if (g_ascii_strncasecmp (lines[i], "Message-Id: ", 12) == 0)
      return g_strdup (lines[i] + 12);

  return NULL;
}

/* What another program reading the book sees: committed data only. */
static gint64
peek_data_at (const char *path,
              GBytes     *message)
{
  g_autofree char *message_id = message_id_of (message);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 data_at = -2;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT data_at FROM outbox WHERE '<' || message_id || '>' = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, message_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    data_at = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return data_at;
}

static gboolean
fake_send (CltTransport          *transport,
           const char            *from_address,
           const char            *to_address,
           GBytes                *message,
           CltTransportDataFunc   at_data,
           gpointer               at_data_user_data,
           char                 **reply,
           GCancellable          *cancellable,
           GError               **error)
{
  FakeTransport *self = FAKE_TRANSPORT (transport);
  Outcome *outcome = g_queue_pop_head (self->script);
  static const Outcome accepted = { -1, "250 2.0.0 Ok: queued", 0, 0 };

  if (outcome == NULL)
    outcome = (Outcome *) &accepted;

  g_usleep (outcome->before_data_ms * 1000);

  /* What the server saw, even when it refused it afterwards. */
  if (outcome->code == -1 || outcome->code == CLT_MAIL_ERROR_UNCERTAIN ||
      outcome->code == CLT_MAIL_ERROR_REJECTED)
    {
      if (self->book_path != NULL)
        self->data_at_before = peek_data_at (self->book_path, message);
      /* Nothing is handed over when the book could not say so first. */
      if (!at_data (at_data_user_data, error))
        return FALSE;
      if (self->book_path != NULL)
        self->data_at_after = peek_data_at (self->book_path, message);
      g_ptr_array_add (self->received, message_id_of (message));
    }

  g_usleep (outcome->delay_ms * 1000);

  *reply = g_strdup (outcome->reply);
  if (outcome->code == -1)
    return TRUE;

  g_set_error_literal (error, CLT_MAIL_ERROR, outcome->code,
                       outcome->reply != NULL ? outcome->reply : "failed");
  return FALSE;
}

static gboolean
fake_test_connection (CltTransport  *transport,
                      GCancellable  *cancellable,
                      GError       **error)
{
  return TRUE;
}

static void
fake_transport_iface_init (CltTransportInterface *iface)
{
  iface->send = fake_send;
  iface->test_connection = fake_test_connection;
}

static void
fake_transport_finalize (GObject *object)
{
  FakeTransport *self = FAKE_TRANSPORT (object);

  g_queue_free (self->script);
  g_ptr_array_unref (self->received);
  g_free (self->password);
  g_free (self->book_path);

  G_OBJECT_CLASS (fake_transport_parent_class)->finalize (object);
}

static void
fake_transport_class_init (FakeTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fake_transport_finalize;
}

static void
fake_transport_init (FakeTransport *self)
{
  self->script = g_queue_new ();
  self->received = g_ptr_array_new_with_free_func (g_free);
}

static CltTransport *
fake_factory (const CltMailAccount *account,
              const char           *password,
              gpointer              user_data)
{
  FakeTransport *fake = user_data;

  g_free (fake->password);
  fake->password = g_strdup (password);
  return g_object_ref (CLT_TRANSPORT (fake));
}

/* The fixture: a book with an account (no user: no keyring needed), a
 * fake server and an outbox using it. */

typedef struct
{
  CltTestBook    book;
  FakeTransport *fake;
  CltOutbox     *outbox;
  CltMailAccount *account;
  gint64         helene;
  gint64         marc;
} Fixture;

static gint64
now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CltStore *store;

  clt_test_book_set_up (&fixture->book, data);
  store = fixture->book.store;

  fixture->account = clt_mail_account_new ();
  fixture->account->from_name = g_strdup ("Hôtel des Tilleuls");
  fixture->account->from_address = g_strdup ("reception@tilleuls.fr");
  fixture->account->host = g_strdup ("localhost");
  fixture->account->port = 2525;
  fixture->account->security = CLT_SECURITY_NONE;
  g_assert_true (clt_store_set_mail_account (store, fixture->account, &error));
  g_assert_no_error (error);

  fixture->helene = clt_test_book_add (&fixture->book, "Hélène Dupré");
  clt_store_add_contact (store, fixture->helene, CLT_CONTACT_EMAIL, NULL, "helene@example.fr", &error);
  fixture->marc = clt_test_book_add (&fixture->book, "Marc Lefèvre");
  clt_store_add_contact (store, fixture->marc, CLT_CONTACT_EMAIL, NULL, "marc@example.fr", &error);
  g_assert_no_error (error);

  fixture->fake = g_object_new (FAKE_TYPE_TRANSPORT, NULL);
  fixture->outbox = clt_outbox_new (store);
  clt_outbox_set_transport_factory (fixture->outbox, fake_factory, fixture->fake, NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->outbox);
  g_clear_object (&fixture->fake);
  clt_mail_account_free (fixture->account);
  clt_test_book_tear_down (&fixture->book, data);
}

static gint64
queue (Fixture    *fixture,
       gint64      customer_id,
       const char *subject,
       gint64      at)
{
  g_autoptr(GError) error = NULL;
  CltMail mail = { 0, };
  gint64 id;

  mail.customer_id = customer_id;
  mail.subject = g_strdup (subject);
  mail.body = g_strdup ("Bonjour,\n\nMerci de votre visite.\n");
  mail.state = CLT_MAIL_QUEUED;
  mail.scheduled_at = at;

  g_assert_true (clt_store_queue_mail (fixture->book.store, fixture->account, &mail, &error));
  g_assert_no_error (error);
  g_assert_nonnull (mail.message_id);
  id = mail.id;

  g_free (mail.subject);
  g_free (mail.body);
  g_free (mail.to_name);
  g_free (mail.to_address);
  g_free (mail.message_id);
  return id;
}

static CltMail *
get (Fixture *fixture,
     gint64   id)
{
  g_autoptr(GError) error = NULL;
  CltMail *mail = clt_store_get_mail (fixture->book.store, id, &error);

  g_assert_no_error (error);
  return mail;
}

static void
send_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;
  gboolean ok = clt_outbox_send_all_finish (CLT_OUTBOX (object), result, error);

  g_assert_true (ok == (*error == NULL));
  if (ok)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "all delivered");
}

/* Runs send_all to the end; TRUE when every message was delivered. */
static gboolean
send_all (Fixture  *fixture,
          GError  **error)
{
  GError *result = NULL;
  gboolean ok;

  clt_outbox_send_all_async (fixture->outbox, NULL, send_all_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  ok = g_error_matches (result, G_IO_ERROR, G_IO_ERROR_EXISTS);
  if (ok)
    g_error_free (result);
  else
    g_propagate_error (error, result);
  return ok;
}

static void
add_outcome (Fixture       *fixture,
             const Outcome *outcome)
{
  g_queue_push_tail (fixture->fake->script, (gpointer) outcome);
}

static void
test_sent (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) mail = NULL;
  g_autoptr(GPtrArray) history = NULL;
  gint64 id = queue (fixture, fixture->helene, "Merci de votre visite", 0);
  guint total = 0;

  g_assert_true (send_all (fixture, &error));
  g_assert_no_error (error);

  mail = get (fixture, id);
  g_assert_cmpint (mail->state, ==, CLT_MAIL_SENT);
  g_assert_cmpstr (mail->last_reply, ==, "250 2.0.0 Ok: queued");
  g_assert_cmpint (mail->sent_at, >=, now () - 5);
  g_assert_cmpuint (mail->attempts, ==, 1);
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
  g_assert_true (g_str_has_suffix (g_ptr_array_index (fixture->fake->received, 0), "@tilleuls.fr>"));
  /* No user name: no password asked for. */
  g_assert_null (fixture->fake->password);

  /* The customer's history says it went. */
  history = clt_store_list_history (fixture->book.store, fixture->helene, 50, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 1);
  {
    CltHistoryEntry *entry = g_ptr_array_index (history, 0);

    g_assert_cmpint (entry->kind, ==, CLT_HISTORY_INTERACTION);
    g_assert_cmpint (entry->interaction_kind, ==, CLT_INTERACTION_EMAIL_OUT);
    g_assert_cmpstr (entry->text, ==, "Merci de votre visite");
    g_assert_cmpstr (entry->who, ==, "Hôtel des Tilleuls");
  }

  /* Nothing is sent twice. */
  g_assert_true (send_all (fixture, &error));
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  CltStore *store = fixture->book.store;
  gint64 nobody = clt_test_book_add (&fixture->book, "Sans Adresse");
  CltMail mail = { 0, };

  mail.subject = g_strdup ("Bonjour");
  mail.body = g_strdup ("…");
  mail.state = CLT_MAIL_QUEUED;

  mail.customer_id = nobody;
  g_assert_false (clt_store_queue_mail (store, fixture->account, &mail, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ADDRESS);
  g_clear_error (&error);

  /* Follow-ups by default, marketing only with consent. */
  mail.customer_id = fixture->helene;
  mail.marketing = TRUE;
  g_assert_false (clt_store_queue_mail (store, fixture->account, &mail, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_CONSENT);
  g_clear_error (&error);

  customer = clt_store_get_customer (store, fixture->helene, &error);
  clt_customer_set_email_consent (customer, CLT_CONSENT_NONE);
  g_assert_true (clt_store_update_customer (store, customer, &error));
  mail.marketing = FALSE;
  g_assert_false (clt_store_queue_mail (store, fixture->account, &mail, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_CONSENT);
  g_assert_nonnull (strstr (error->message, "Hélène Dupré"));
  g_clear_error (&error);

  /* No account: a draft may be kept, nothing can be queued. */
  mail.customer_id = fixture->marc;
  g_assert_false (clt_store_queue_mail (store, NULL, &mail, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ACCOUNT);
  g_clear_error (&error);

  g_free (mail.subject);
  mail.subject = g_strdup ("Bonjour\r\nBcc: evil@example.com");
  g_assert_true (clt_store_queue_mail (store, fixture->account, &mail, &error));
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) bytes = clt_store_get_mail_bytes (store, mail.id, &error);
    g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

    g_assert_null (strstr (text, "\r\nBcc:"));
    g_assert_nonnull (strstr (text, "\r\nSubject: Bonjour Bcc: evil@example.com\r\n"));
  }
  g_free (mail.message_id);
  g_free (mail.to_address);
  g_free (mail.to_name);
  g_free (mail.subject);
  g_free (mail.body);

  g_assert_cmpuint (fixture->fake->received->len, ==, 0);
}

static void
test_same_transaction (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  CltStore *store = fixture->book.store;

  /* What causes a message and the message go together, or not at all. */
  g_assert_true (clt_store_begin (store, &error));
  clt_store_add_promise (store, fixture->helene, "Robe bleue en 38", NULL, now () + 86400, TRUE, &error);
  queue (fixture, fixture->helene, "Votre robe est arrivée", 0);
  clt_store_rollback (store);

  all = clt_store_list_mail (store, CLT_OUTBOX_ALL, now (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
}

static void
test_drafts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(CltMail) queued = NULL;
  CltStore *store = fixture->book.store;
  CltMail mail = { 0, };

  mail.customer_id = fixture->helene;
  mail.subject = g_strdup ("");
  mail.body = g_strdup ("À compléter");
  mail.state = CLT_MAIL_DRAFT;
  g_assert_true (clt_store_queue_mail (store, NULL, &mail, &error));
  g_assert_no_error (error);
  g_assert_null (mail.message_id);

  drafts = clt_store_list_mail (store, CLT_OUTBOX_DRAFTS, now (), &error);
  g_assert_cmpuint (drafts->len, ==, 1);

  /* A draft is never sent. */
  g_assert_true (send_all (fixture, &error));
  g_assert_cmpuint (fixture->fake->received->len, ==, 0);

  /* Finished and queued: the same row. */
  g_free (mail.subject);
  mail.subject = g_strdup ("Votre séjour");
  mail.state = CLT_MAIL_QUEUED;
  g_assert_true (clt_store_queue_mail (store, fixture->account, &mail, &error));
  g_assert_no_error (error);
  queued = get (fixture, mail.id);
  g_assert_cmpint (queued->state, ==, CLT_MAIL_QUEUED);
  g_assert_cmpstr (queued->body, ==, "À compléter");
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = clt_store_list_mail (store, CLT_OUTBOX_ALL, now (), &error);
  g_assert_cmpuint (drafts->len, ==, 1);

  g_free (mail.subject);
  g_free (mail.body);
  g_free (mail.to_address);
  g_free (mail.to_name);
  g_free (mail.message_id);
}

static void
test_temporary (Fixture       *fixture,
                gconstpointer  data)
{
  static const Outcome busy = { CLT_MAIL_ERROR_TEMPORARY, "451 4.3.0 Try again later" };
  static const Outcome down = { CLT_MAIL_ERROR_UNREACHABLE, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) first = NULL;
  g_autoptr(CltMail) second = NULL;
  g_autoptr(CltMail) given_up = NULL;
  CltStore *store = fixture->book.store;
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);
  gint64 before = now ();

  add_outcome (fixture, &busy);
  g_assert_false (send_all (fixture, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPORARY);
  g_clear_error (&error);

  first = get (fixture, id);
  g_assert_cmpint (first->state, ==, CLT_MAIL_QUEUED);
  g_assert_cmpuint (first->attempts, ==, 1);
  g_assert_cmpstr (first->last_reply, ==, "451 4.3.0 Try again later");
  g_assert_cmpint (first->next_try_at, >=, before + 60);
  g_assert_cmpint (first->next_try_at, <=, now () + 60);

  /* Not due yet: a claim finds nothing. */
  g_assert_null (clt_store_claim_mail (store, now (), &error));
  g_assert_no_error (error);

  /* Growing delays. */
  add_outcome (fixture, &down);
  g_assert_false (send_all (fixture, &error));
  g_clear_error (&error);
  second = get (fixture, id);
  g_assert_cmpint (second->state, ==, CLT_MAIL_QUEUED);
  g_assert_cmpuint (second->attempts, ==, 2);
  g_assert_cmpint (second->next_try_at, >=, before + 120);

  g_assert_cmpint (clt_mail_retry_delay (1), ==, 60);
  g_assert_cmpint (clt_mail_retry_delay (3), ==, 240);
  g_assert_cmpint (clt_mail_retry_delay (30), ==, 3600);

  /* A server that says "later" for days: given up, with its words. */
  {
    g_autoptr(CltMail) claimed = clt_store_claim_mail (store, now () + 4 * 86400, &error);
    g_autoptr(GError) later = g_error_new_literal (CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPORARY, "451 still busy");

    g_assert_nonnull (claimed);
    g_assert_true (clt_store_finish_mail (store, id, now () + 4 * 86400, "451 still busy", later, &error));
    g_assert_no_error (error);
  }
  given_up = get (fixture, id);
  g_assert_cmpint (given_up->state, ==, CLT_MAIL_FAILED);
}

static void
test_rejected (Fixture       *fixture,
               gconstpointer  data)
{
  static const Outcome no_such_user = { CLT_MAIL_ERROR_REJECTED, "550 5.1.1 No such user" };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) refused = NULL;
  g_autoptr(CltMail) other = NULL;
  g_autoptr(CltMail) retried = NULL;
  g_autoptr(GPtrArray) failed = NULL;
  CltStore *store = fixture->book.store;
  gint64 a = queue (fixture, fixture->helene, "Pour Hélène", 0);
  gint64 b = queue (fixture, fixture->marc, "Pour Marc", 0);

  add_outcome (fixture, &no_such_user);
  g_assert_false (send_all (fixture, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_REJECTED);
  g_clear_error (&error);

  /* That one failed with the server's reason; the other still went. */
  refused = get (fixture, a);
  g_assert_cmpint (refused->state, ==, CLT_MAIL_FAILED);
  g_assert_cmpstr (refused->last_reply, ==, "550 5.1.1 No such user");
  other = get (fixture, b);
  g_assert_cmpint (other->state, ==, CLT_MAIL_SENT);

  failed = clt_store_list_mail (store, CLT_OUTBOX_FAILED, now (), &error);
  g_assert_cmpuint (failed->len, ==, 1);

  /* Retry puts it back in the queue, and it goes. */
  g_assert_true (clt_store_retry_mail (store, a, &error));
  g_assert_no_error (error);
  g_assert_true (send_all (fixture, &error));
  retried = get (fixture, a);
  g_assert_cmpint (retried->state, ==, CLT_MAIL_SENT);
  g_assert_cmpuint (fixture->fake->received->len, ==, 3);
}

static void
test_auth_pauses (Fixture       *fixture,
                  gconstpointer  data)
{
  static const Outcome wrong_password = { CLT_MAIL_ERROR_AUTH, "535 5.7.8 Authentication credentials invalid", 0 };
  static const Outcome untrusted = { CLT_MAIL_ERROR_CERTIFICATE, "certificate not trusted", 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) first = NULL;
  g_autoptr(CltMail) second = NULL;
  g_autofree char *paused = NULL;
  CltStore *store = fixture->book.store;
  gint64 a = queue (fixture, fixture->helene, "Un", 0);
  gint64 b = queue (fixture, fixture->marc, "Deux", 0);
  gboolean paused_signal = FALSE;

  g_signal_connect_swapped (fixture->outbox, "paused", G_CALLBACK (g_nullify_pointer), &paused_signal);
  paused_signal = TRUE;

  add_outcome (fixture, &wrong_password);
  g_assert_false (send_all (fixture, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_AUTH);
  g_clear_error (&error);
  /* g_nullify_pointer() set it to FALSE: the signal came. */
  g_assert_false (paused_signal);

  /* The whole queue waits; no message is blamed. */
  paused = clt_store_get_outbox_paused (store);
  g_assert_nonnull (paused);
  g_assert_true (clt_store_get_outbox_paused_for_password (store));
  first = get (fixture, a);
  second = get (fixture, b);
  g_assert_cmpint (first->state, ==, CLT_MAIL_QUEUED);
  g_assert_cmpuint (first->attempts, ==, 0);
  g_assert_cmpint (second->state, ==, CLT_MAIL_QUEUED);
  g_assert_cmpuint (second->attempts, ==, 0);
  g_assert_cmpuint (fixture->fake->received->len, ==, 0);

  /* While paused, the outbox left alone sends nothing. */
  clt_outbox_start (fixture->outbox);
  g_main_context_iteration (NULL, FALSE);
  g_assert_false (clt_outbox_is_busy (fixture->outbox));
  g_assert_cmpuint (fixture->fake->received->len, ==, 0);

  /* A new password (the account saved again) resumes it. */
  g_assert_true (clt_store_set_mail_account (store, fixture->account, &error));
  g_clear_pointer (&paused, g_free);
  paused = clt_store_get_outbox_paused (store);
  g_assert_null (paused);
  g_assert_true (send_all (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->fake->received->len, ==, 2);

  /* Paused for something else than the password: said so. */
  queue (fixture, fixture->helene, "Trois", 0);
  add_outcome (fixture, &untrusted);
  g_assert_false (send_all (fixture, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CERTIFICATE);
  g_clear_pointer (&paused, g_free);
  paused = clt_store_get_outbox_paused (store);
  g_assert_cmpstr (paused, ==, "certificate not trusted");
  g_assert_false (clt_store_get_outbox_paused_for_password (store));
}

static void spin_ms (guint ms);

/* The window's outbox sends nothing from, and records nothing in, a book
 * before its check read all of it; then it goes on as usual. */
static void
test_waits_for_check (Fixture       *fixture,
                      gconstpointer  data)
{
  CltStore *store = fixture->book.store;
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);
  g_autoptr(CltMail) waiting = NULL;
  g_autoptr(CltMail) sent = NULL;
  gint64 deadline;

  clt_outbox_set_wait_for_check (fixture->outbox, TRUE);
  clt_outbox_start (fixture->outbox);
  spin_ms (300);
  g_assert_false (clt_outbox_is_busy (fixture->outbox));
  g_assert_cmpuint (fixture->fake->received->len, ==, 0);
  waiting = get (fixture, id);
  g_assert_cmpint (waiting->state, ==, CLT_MAIL_QUEUED);

  /* Stopped while it waits, it stays stopped once the book is checked. */
  clt_outbox_stop (fixture->outbox);
  clt_store_check_in_background (store);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!clt_store_is_verified (store) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (clt_store_is_verified (store));
  spin_ms (100);
  g_assert_cmpuint (fixture->fake->received->len, ==, 0);

  /* Started on a checked book, it sends straight away. */
  clt_outbox_start (fixture->outbox);
  while (clt_outbox_is_busy (fixture->outbox) || fixture->fake->received->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
  sent = get (fixture, id);
  g_assert_cmpint (sent->state, ==, CLT_MAIL_SENT);
}

/* GMime, and the five libraries it brings, are loaded when the first
 * message is built, not with the program. */
static void
test_gmime_on_first_use (Fixture       *fixture,
                         gconstpointer  data)
{
  if (g_test_subprocess ())
    {
      g_assert_false (clt_test_maps_library ("libgmime-3.0"));
      queue (fixture, fixture->helene, "Merci", 0);
      g_assert_true (clt_test_maps_library ("libgmime-3.0"));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_uncertain (Fixture       *fixture,
                gconstpointer  data)
{
  static const Outcome cut_off = { CLT_MAIL_ERROR_UNCERTAIN, NULL, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) mail = NULL;
  g_autoptr(CltMail) still = NULL;
  g_autoptr(CltMail) queued = NULL;
  g_autoptr(CltMail) sent = NULL;
  CltStore *store = fixture->book.store;
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);

  add_outcome (fixture, &cut_off);
  g_assert_false (send_all (fixture, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_UNCERTAIN);
  g_clear_error (&error);

  mail = get (fixture, id);
  g_assert_cmpint (mail->state, ==, CLT_MAIL_UNCERTAIN);
  g_assert_cmpstr (clt_mail_state_label (mail->state), ==, "May have been sent");

  /* Never sent again behind anyone's back: not by "send all", not by an
   * outbox watching the clock, not by "retry". */
  g_assert_true (send_all (fixture, &error));
  g_assert_no_error (error);
  clt_outbox_start (fixture->outbox);
  while (clt_outbox_is_busy (fixture->outbox))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
  g_assert_cmpint (clt_store_next_mail_at (store), ==, 0);
  g_assert_false (clt_store_retry_mail (store, id, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (clt_store_delete_mail (store, id, &error));
  g_clear_error (&error);
  still = get (fixture, id);
  g_assert_cmpint (still->state, ==, CLT_MAIL_UNCERTAIN);

  /* A person chooses Send Again: the same message, same Message-ID, its
   * DATA step forgotten. */
  g_assert_true (clt_store_send_mail_again (store, id, &error));
  g_assert_no_error (error);
  queued = get (fixture, id);
  g_assert_cmpint (queued->state, ==, CLT_MAIL_QUEUED);
  fixture->fake->book_path = g_strdup (fixture->book.path);
  g_assert_true (send_all (fixture, &error));
  sent = get (fixture, id);
  g_assert_cmpint (sent->state, ==, CLT_MAIL_SENT);
  g_assert_cmpint (fixture->fake->data_at_before, ==, -1);
  g_assert_cmpuint (fixture->fake->received->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (fixture->fake->received, 0), ==,
                   g_ptr_array_index (fixture->fake->received, 1));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (fixture->fake->received, 0), "<"));
  g_assert_nonnull (strstr (g_ptr_array_index (fixture->fake->received, 0), sent->message_id));

  /* Only an uncertain message can be sent again that way. */
  g_assert_false (clt_store_send_mail_again (store, id, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
}

static void
test_mark_sent (Fixture       *fixture,
                gconstpointer  data)
{
  static const Outcome cut_off = { CLT_MAIL_ERROR_UNCERTAIN, NULL, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) sent = NULL;
  g_autoptr(GPtrArray) history = NULL;
  CltStore *store = fixture->book.store;
  gint64 id = queue (fixture, fixture->helene, "Merci de votre visite", 0);
  guint total = 0;

  add_outcome (fixture, &cut_off);
  g_assert_false (send_all (fixture, &error));
  g_clear_error (&error);

  /* A person chooses Mark as Sent: sent, and in the customer's history. */
  g_assert_true (clt_store_mark_mail_sent (store, id, now (), &error));
  g_assert_no_error (error);
  sent = get (fixture, id);
  g_assert_cmpint (sent->state, ==, CLT_MAIL_SENT);
  g_assert_cmpint (sent->sent_at, >=, now () - 5);
  history = clt_store_list_history (store, fixture->helene, 50, &total, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (total, ==, 1);
  g_assert_cmpint (((CltHistoryEntry *) g_ptr_array_index (history, 0))->interaction_kind, ==,
                   CLT_INTERACTION_EMAIL_OUT);
  g_assert_cmpstr (((CltHistoryEntry *) g_ptr_array_index (history, 0))->text, ==, "Merci de votre visite");

  g_assert_true (send_all (fixture, &error));
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
  g_assert_false (clt_store_mark_mail_sent (store, id, now (), &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
}

/* The DATA step is in the book, committed (another program reads it),
 * before the first byte of the message is handed over. */
static void
test_data_step (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  queue (fixture, fixture->helene, "Merci", 0);
  fixture->fake->book_path = g_strdup (fixture->book.path);
  fixture->fake->data_at_before = fixture->fake->data_at_after = -2;

  g_assert_true (send_all (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fixture->fake->data_at_before, ==, -1);
  g_assert_cmpint (fixture->fake->data_at_after, >=, now () - 5);
  g_assert_cmpint (fixture->fake->data_at_after, <=, now ());
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
}

static void
test_recover (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) claimed = NULL;
  g_autoptr(CltMail) again = NULL;
  g_autoptr(CltMail) recovered = NULL;
  g_autoptr(CltMail) sent = NULL;
  g_autoptr(CltOutbox) other = NULL;
  CltStore *store = fixture->book.store;
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);
  g_autofree char *lock_path = clt_store_dup_outbox_lock_path (store);
  int fd;

  /* A process claims it and dies before DATA. */
  claimed = clt_store_claim_mail (store, now (), &error);
  g_assert_nonnull (claimed);
  g_assert_cmpint (claimed->state, ==, CLT_MAIL_SENDING);

  /* Claimed once only. */
  again = clt_store_claim_mail (store, now (), &error);
  g_assert_null (again);
  g_assert_no_error (error);

  /* While another process holds the lock (it is still sending), a
   * starting outbox leaves its message alone. */
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  other = clt_outbox_new (store);
  clt_outbox_set_transport_factory (other, fake_factory, fixture->fake, NULL);
  clt_outbox_start (other);
  recovered = get (fixture, id);
  g_assert_cmpint (recovered->state, ==, CLT_MAIL_SENDING);
  g_clear_pointer (&recovered, clt_mail_free);
  g_clear_object (&other);
  close (fd);

  /* Once it is gone, nothing stays stuck in "sending": the server cannot
   * have it, so it is sent. */
  clt_outbox_start (fixture->outbox);
  while (clt_outbox_is_busy (fixture->outbox))
    g_main_context_iteration (NULL, TRUE);
  g_main_context_iteration (NULL, FALSE);
  sent = get (fixture, id);
  g_assert_cmpint (sent->state, ==, CLT_MAIL_SENT);
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
}

/* A process died after DATA began (or after the final dot, before it
 * recorded the reply): "may have been sent", never resent by itself. */
static void
test_recover_after_data (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) claimed = NULL;
  g_autoptr(CltMail) recovered = NULL;
  g_autoptr(CltMail) before_data = NULL;
  CltStore *store = fixture->book.store;
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);
  gint64 other_id = queue (fixture, fixture->marc, "Bonjour", 0);
  guint n;

  claimed = clt_store_claim_mail (store, now (), &error);
  g_assert_cmpint (claimed->id, ==, id);
  g_assert_true (clt_store_mark_mail_data (store, id, now (), &error));
  g_assert_no_error (error);

  /* Only a message being sent has a DATA step. */
  g_assert_false (clt_store_mark_mail_data (store, other_id, now (), &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NOT_SENDING);
  g_clear_error (&error);
  g_assert_false (clt_store_mark_mail_data (store, 9999, now (), &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Inside a transaction it would not be on disk before the data: refused. */
  g_assert_true (clt_store_begin (store, &error));
  g_assert_false (clt_store_mark_mail_data (store, id, now (), &error));
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_BUSY);
  g_clear_error (&error);
  clt_store_rollback (store);

  n = clt_store_recover_mail (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  recovered = get (fixture, id);
  g_assert_cmpint (recovered->state, ==, CLT_MAIL_UNCERTAIN);

  /* The other goes; this one waits for a person. */
  g_assert_true (send_all (fixture, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
  before_data = get (fixture, other_id);
  g_assert_cmpint (before_data->state, ==, CLT_MAIL_SENT);
  g_clear_pointer (&recovered, clt_mail_free);
  recovered = get (fixture, id);
  g_assert_cmpint (recovered->state, ==, CLT_MAIL_UNCERTAIN);
}

/* The outbox lock follows the book: opened through a symbolic link, or
 * by a relative path from another folder, it is the same lock. */
static void
test_lock_follows_book (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) claimed = NULL;
  g_autoptr(CltMail) after = NULL;
  g_autoptr(CltStore) via_link = NULL;
  g_autoptr(CltStore) via_relative = NULL;
  g_autofree char *folder = g_build_filename (fixture->book.dir, "elsewhere", NULL);
  g_autofree char *link = g_build_filename (folder, "link.db", NULL);
  g_autofree char *name = g_path_get_basename (fixture->book.path);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *lock_path = clt_store_dup_outbox_lock_path (fixture->book.store);
  CltStore *stores[2];
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);
  int fd;

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (fixture->book.path, link), ==, 0);
  via_link = clt_store_open (link, &error);
  g_assert_no_error (error);
  g_assert_cmpint (chdir (fixture->book.dir), ==, 0);
  via_relative = clt_store_open (name, &error);
  g_assert_no_error (error);
  /* The relative path no longer names the book from here. */
  g_assert_cmpint (chdir (folder), ==, 0);

  /* A first sender is in the middle of sending. */
  claimed = clt_store_claim_mail (fixture->book.store, now (), &error);
  g_assert_cmpint (claimed->id, ==, id);
  g_assert_true (clt_store_mark_mail_data (fixture->book.store, id, now (), &error));
  fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);

  stores[0] = via_link;
  stores[1] = via_relative;
  for (guint i = 0; i < G_N_ELEMENTS (stores); i++)
    {
      g_autoptr(CltOutbox) second = clt_outbox_new (stores[i]);
      g_autofree char *second_lock = clt_store_dup_outbox_lock_path (stores[i]);

      g_assert_cmpstr (second_lock, ==, lock_path);
      clt_outbox_set_transport_factory (second, fake_factory, fixture->fake, NULL);
      clt_outbox_start (second);
      g_main_context_iteration (NULL, FALSE);
      g_assert_false (clt_outbox_is_busy (second));
    }

  g_assert_cmpint (chdir (cwd), ==, 0);
  close (fd);

  /* Neither took the first sender's message for abandoned. */
  after = get (fixture, id);
  g_assert_cmpint (after->state, ==, CLT_MAIL_SENDING);
  g_assert_cmpuint (fixture->fake->received->len, ==, 0);
}

typedef struct
{
  const char *path;
  char       *sql;
} OtherProgram;

/* Another program changes the book (sqlite3 standing in for it). */
static gboolean
other_program_cb (gpointer user_data)
{
  OtherProgram *other = user_data;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (other->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, other->sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_free (other->sql);
  g_free (other);

  return G_SOURCE_REMOVE;
}

static void
other_program_later (Fixture *fixture,
                     guint    ms,
                     char    *sql)
{
  OtherProgram *other = g_new0 (OtherProgram, 1);

  other->path = fixture->book.path;
  other->sql = sql;
  g_timeout_add (ms, other_program_cb, other);
}

/* The customer is deleted (and their messages with them) while the server
 * takes its time: the outcome can never be recorded; the outbox ends that
 * message and goes on. */
static void
test_gone_while_sending (Fixture       *fixture,
                         gconstpointer  data)
{
  static const Outcome slow = { -1, "250 2.0.0 Ok: queued", 1000, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) gone = NULL;
  g_autoptr(CltMail) next = NULL;
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);
  gint64 other_id = queue (fixture, fixture->marc, "Bonjour", 0);

  add_outcome (fixture, &slow);
  other_program_later (fixture, 300,
                       g_strdup_printf ("PRAGMA foreign_keys = ON;"
                                        " DELETE FROM customers WHERE id = %" G_GINT64_FORMAT,
                                        fixture->helene));

  g_assert_true (send_all (fixture, &error));
  g_assert_no_error (error);
  g_assert_false (clt_outbox_is_busy (fixture->outbox));
  g_assert_cmpuint (fixture->fake->received->len, ==, 2);

  gone = clt_store_get_mail (fixture->book.store, id, &error);
  g_assert_null (gone);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  next = get (fixture, other_id);
  g_assert_cmpint (next->state, ==, CLT_MAIL_SENT);
}

/* Deleted before the server said "go ahead" to DATA: the book cannot note
 * the step, so nothing is handed over. */
static void
test_gone_before_data (Fixture       *fixture,
                       gconstpointer  data)
{
  static const Outcome slow_greeting = { -1, "250 2.0.0 Ok: queued", 0, 1000 };
  g_autoptr(GError) error = NULL;

  queue (fixture, fixture->helene, "Merci", 0);
  add_outcome (fixture, &slow_greeting);
  other_program_later (fixture, 300,
                       g_strdup_printf ("PRAGMA foreign_keys = ON;"
                                        " DELETE FROM customers WHERE id = %" G_GINT64_FORMAT,
                                        fixture->helene));

  g_assert_true (send_all (fixture, &error));
  g_assert_no_error (error);
  g_assert_false (clt_outbox_is_busy (fixture->outbox));
  g_assert_cmpuint (fixture->fake->received->len, ==, 0);
}

/* Another program took the message back while it was being sent: its
 * state is left as that program set it, and the outbox ends. */
static void
test_taken_back (Fixture       *fixture,
                 gconstpointer  data)
{
  static const Outcome slow = { -1, "250 2.0.0 Ok: queued", 1000, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) mail = NULL;
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);

  add_outcome (fixture, &slow);
  other_program_later (fixture, 300,
                       g_strdup_printf ("UPDATE outbox SET state = 'uncertain' WHERE id = %" G_GINT64_FORMAT,
                                        id));

  g_assert_true (send_all (fixture, &error));
  g_assert_no_error (error);
  g_assert_false (clt_outbox_is_busy (fixture->outbox));
  mail = get (fixture, id);
  g_assert_cmpint (mail->state, ==, CLT_MAIL_UNCERTAIN);
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
}

static int
read_dumpable (void)
{
  return prctl (PR_GET_DUMPABLE, 0, 0, 0, 0);
}

/* While a password is held the process cannot be dumped; nested holders
 * (two sends, a connection test) keep it so until the last one ends. */
static void
test_not_dumpable (Fixture       *fixture,
                   gconstpointer  data)
{
  if (read_dumpable () != 1)
    {
      g_test_skip ("This test runs in a process that cannot be dumped anyway");
      return;
    }

  clt_secret_guard_begin ();
  g_assert_cmpint (read_dumpable (), ==, 0);
  clt_secret_guard_begin ();
  clt_secret_guard_end ();
  g_assert_cmpint (read_dumpable (), ==, 0);
  clt_secret_guard_end ();
  g_assert_cmpint (read_dumpable (), ==, 1);
}

static void
test_scheduled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) scheduled = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autoptr(CltMail) later = NULL;
  g_autoptr(CltMail) claimed = NULL;
  CltStore *store = fixture->book.store;
  gint64 when = now () + 3600;
  gint64 id = queue (fixture, fixture->helene, "Joyeux anniversaire", when);

  scheduled = clt_store_list_mail (store, CLT_OUTBOX_SCHEDULED, now (), &error);
  waiting = clt_store_list_mail (store, CLT_OUTBOX_WAITING, now (), &error);
  g_assert_cmpuint (scheduled->len, ==, 1);
  g_assert_cmpuint (waiting->len, ==, 0);
  g_assert_cmpint (clt_store_next_mail_at (store), ==, when);

  /* "Send now" does not send what is meant for later. */
  g_assert_true (send_all (fixture, &error));
  later = get (fixture, id);
  g_assert_cmpint (later->state, ==, CLT_MAIL_QUEUED);
  g_assert_cmpuint (fixture->fake->received->len, ==, 0);

  /* Its time come, it is due. */
  claimed = clt_store_claim_mail (store, when, &error);
  g_assert_nonnull (claimed);
  g_assert_cmpint (claimed->id, ==, id);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMail) claimed = NULL;
  CltStore *store = fixture->book.store;
  gint64 a = queue (fixture, fixture->helene, "Un", 0);
  gint64 b = queue (fixture, fixture->marc, "Deux", 0);

  g_assert_true (clt_store_delete_mail (store, a, &error));
  g_assert_no_error (error);

  /* Not one being sent. */
  claimed = clt_store_claim_mail (store, now (), &error);
  g_assert_cmpint (claimed->id, ==, b);
  g_assert_false (clt_store_delete_mail (store, b, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
}

static void
test_account (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMailAccount) stored = NULL;
  g_autoptr(CltMailAccount) remote = clt_mail_account_copy (fixture->account);
  g_autofree char *name = NULL;
  g_autofree char *address = NULL;

  stored = clt_store_get_mail_account (fixture->book.store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->from_name, ==, "Hôtel des Tilleuls");
  g_assert_cmpstr (stored->from_address, ==, "reception@tilleuls.fr");
  g_assert_cmpuint (stored->port, ==, 2525);
  g_assert_cmpint (stored->security, ==, CLT_SECURITY_NONE);
  g_assert_null (stored->user);

  /* No encryption only on this machine. */
  g_assert_true (clt_mail_account_validate (remote, &error));
  g_free (remote->host);
  remote->host = g_strdup ("smtp.example.com");
  g_assert_false (clt_mail_account_validate (remote, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
  g_clear_error (&error);
  /* A name that looks local is not. */
  g_free (remote->host);
  remote->host = g_strdup ("127.evil.example");
  g_assert_false (clt_mail_account_validate (remote, &error));
  g_clear_error (&error);
  for (const char * const *local = (const char *[]) { "127.0.0.1", "127.0.1.1", "::1", "[::1]", "LOCALHOST", NULL };
       *local != NULL; local++)
    {
      g_free (remote->host);
      remote->host = g_strdup (*local);
      g_assert_true (clt_mail_account_validate (remote, &error));
      g_assert_no_error (error);
    }
  remote->security = CLT_SECURITY_TLS;
  g_assert_true (clt_mail_account_validate (remote, &error));

  g_assert_true (clt_mail_parse_mailbox ("Hôtel des Tilleuls <reception@tilleuls.fr>", &name, &address, &error));
  g_assert_cmpstr (name, ==, "Hôtel des Tilleuls");
  g_assert_cmpstr (address, ==, "reception@tilleuls.fr");
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&address, g_free);
  g_assert_true (clt_mail_parse_mailbox ("\"Dupont, Marc\" <m@x.fr>", &name, &address, &error));
  g_assert_cmpstr (name, ==, "Dupont, Marc");
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&address, g_free);
  /* As the person meant it: quotes inside a quoted name, an encoded word. */
  g_assert_true (clt_mail_parse_mailbox ("\"Le \\\"Tilleul\\\"\" <t@x.fr>", &name, &address, &error));
  g_assert_cmpstr (name, ==, "Le \"Tilleul\"");
  g_assert_cmpstr (address, ==, "t@x.fr");
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&address, g_free);
  g_assert_true (clt_mail_parse_mailbox ("=?UTF-8?Q?H=C3=B4tel_des_Tilleuls?= <reception@tilleuls.fr>",
                                         &name, &address, &error));
  g_assert_cmpstr (name, ==, "Hôtel des Tilleuls");
  g_assert_cmpstr (address, ==, "reception@tilleuls.fr");
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&address, g_free);
  g_assert_true (clt_mail_parse_mailbox ("  reception@tilleuls.fr ", &name, &address, &error));
  g_assert_null (name);
  g_assert_cmpstr (address, ==, "reception@tilleuls.fr");
  g_clear_pointer (&address, g_free);
  g_assert_false (clt_mail_parse_mailbox ("a@x.fr, b@x.fr", &name, &address, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);
  g_clear_error (&error);

  /* The one test for "this machine", the window's too. */
  g_assert_true (clt_host_is_local ("127.0.1.1"));
  g_assert_true (clt_host_is_local ("[::1]"));
  g_assert_true (clt_host_is_local ("LocalHost"));
  g_assert_false (clt_host_is_local ("127.evil.example"));
  g_assert_false (clt_host_is_local ("192.0.2.1"));
  g_assert_false (clt_host_is_local (NULL));
  g_assert_false (clt_mail_parse_mailbox ("pas une adresse", &name, &address, &error));
  g_assert_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID);

  g_assert_false (clt_mail_address_is_valid ("a@b"));
  g_assert_false (clt_mail_address_is_valid ("a b@c.fr"));
  g_assert_false (clt_mail_address_is_valid ("a@c.fr\r\nBcc: x@y.fr"));
  g_assert_true (clt_mail_address_is_valid ("hélène@exemple.fr"));
}

static void
test_values (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *language = NULL;
  CltStore *store = fixture->book.store;
  gint64 promise;

  customer = clt_store_get_customer (store, fixture->helene, &error);
  clt_customer_set_honorific (customer, "Madame");
  clt_customer_set_language (customer, "fr-CH");
  g_assert_true (clt_store_update_customer (store, customer, &error));
  /* 12 November 2026, 11:00 UTC: the same day in UTC, Paris and Montreal. */
  clt_store_add_interaction (store, fixture->helene, CLT_INTERACTION_STAY, 1794481200, FALSE,
                             NULL, NULL, &error);
  promise = clt_store_add_promise (store, fixture->helene, "Votre robe bleue en 38", NULL,
                                   now () + 86400, TRUE, &error);
  g_assert_no_error (error);

  language = clt_store_get_mail_language (store, fixture->helene, &error);
  g_assert_cmpstr (language, ==, "fr");

  values = clt_store_get_template_values (store, fixture->helene, promise, fixture->account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (values, "first_name"), ==, "Hélène");
  g_assert_cmpstr (g_hash_table_lookup (values, "last_name"), ==, "Dupré");
  g_assert_cmpstr (g_hash_table_lookup (values, "addressed_as"), ==, "Madame Dupré");
  g_assert_cmpstr (g_hash_table_lookup (values, "last_visit"), ==, "12 novembre 2026");
  g_assert_cmpstr (g_hash_table_lookup (values, "promise"), ==, "Votre robe bleue en 38");
  /* The sender's name is not taken for the business's ("Everyone at
   * Marie Lefèvre…"): without one, {business} is empty, and asked for. */
  g_assert_cmpstr (fixture->account->from_name, ==, "Hôtel des Tilleuls");
  g_assert_null (g_hash_table_lookup (values, "business"));
  g_clear_pointer (&values, g_hash_table_unref);
  fixture->account->business = g_strdup ("Hôtel des Tilleuls");
  values = clt_store_get_template_values (store, fixture->helene, promise, fixture->account, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (values, "business"), ==, "Hôtel des Tilleuls");

  /* Every placeholder can be rendered. */
  for (const char * const *name = clt_template_placeholders (); *name != NULL; name++)
    {
      g_autofree char *text = g_strdup_printf ("{%s}", *name);
      g_autofree char *rendered = clt_template_render (text, values, &error);

      g_assert_no_error (error);
      g_assert_nonnull (rendered);
    }
}

static gboolean
begin_cb (gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_store_begin (CLT_STORE (user_data), &error));
  g_assert_no_error (error);

  return G_SOURCE_REMOVE;
}

static gboolean
commit_cb (gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clt_store_commit (CLT_STORE (user_data), &error));
  g_assert_no_error (error);

  return G_SOURCE_REMOVE;
}

/* Another program holds the book when the server's answer comes: the
 * outcome waits, the lock still held, and is recorded once the book is
 * free; the message is neither lost nor sent twice. */
static void
test_busy_book (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static const Outcome slow = { -1, "250 2.0.0 Ok: queued", 1000, 0 };
  g_autoptr(CltStore) other = clt_store_open (fixture->book.path, &error);
  g_autoptr(CltOutbox) second = NULL;
  g_autoptr(CltMail) mail = NULL;
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);

  g_assert_no_error (error);

  /* While the server takes its time, the other program starts writing,
   * for longer than the book's 5 s wait. */
  add_outcome (fixture, &slow);
  g_timeout_add (200, begin_cb, other);
  g_timeout_add (7500, commit_cb, other);

  g_assert_true (send_all (fixture, &error));
  g_assert_no_error (error);

  mail = get (fixture, id);
  g_assert_cmpint (mail->state, ==, CLT_MAIL_SENT);
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);

  /* Nothing left for another outbox to take for abandoned. */
  second = clt_outbox_new (fixture->book.store);
  clt_outbox_set_transport_factory (second, fake_factory, fixture->fake, NULL);
  clt_outbox_start (second);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fixture->fake->received->len, ==, 1);
}

/* Another program's write lock, taken with sqlite3 itself. */
static sqlite3 *
hold_write_lock (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);

  return db;
}

static gboolean
release_write_lock_cb (gpointer db)
{
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  return G_SOURCE_REMOVE;
}

#define STALL_TIMER_MS 5

typedef struct
{
  gint64 last;      /* monotonic µs */
  gint64 longest;   /* µs */
} Stalls;

static gboolean
stall_cb (gpointer data)
{
  Stalls *stalls = data;
  gint64 now = g_get_monotonic_time ();

  stalls->longest = MAX (stalls->longest, now - stalls->last - STALL_TIMER_MS * 1000);
  stalls->last = now;

  return G_SOURCE_CONTINUE;
}

static gboolean
flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

static void
spin_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
spin_until_received (Fixture *fixture,
                     guint    n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, flag_cb, &timed_out);

  while (fixture->fake->received->len < n || clt_outbox_is_busy (fixture->outbox))
    {
      g_assert_false (timed_out);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (id);
}

/* In the window's process (a patience set), another program holding the
 * book's write lock never makes an outbox step wait on the main loop:
 * the claim and the DATA step are tried again from a timeout, and the
 * message is sent, once, after the lock is let go. */
static void
test_patience (Fixture       *fixture,
               gconstpointer  data)
{
  static const Outcome slow_data = { -1, "250 2.0.0 Ok: queued", 0, 400 };
  g_autoptr(CltMail) first = NULL;
  g_autoptr(CltMail) second = NULL;
  Stalls stalls = { 0 };
  gint64 id = queue (fixture, fixture->helene, "Merci", 0);
  gint64 id2;
  gint64 start;
  guint timer;
  sqlite3 *db;

  clt_outbox_set_patience (fixture->outbox, 10);

  /* Held before the outbox starts: recovering and claiming are busy. */
  db = hold_write_lock (fixture->book.path);
  start = g_get_monotonic_time ();
  clt_outbox_start (fixture->outbox);
  g_test_message ("outbox start with the book's write lock held: %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 100 * 1000);

  stalls.last = g_get_monotonic_time ();
  timer = g_timeout_add (STALL_TIMER_MS, stall_cb, &stalls);
  spin_ms (500);
  g_assert_cmpuint (fixture->fake->received->len, ==, 0);
  first = get (fixture, id);
  g_assert_cmpint (first->state, ==, CLT_MAIL_QUEUED);
  g_clear_pointer (&first, clt_mail_free);

  release_write_lock_cb (db);
  spin_until_received (fixture, 1);
  first = get (fixture, id);
  g_assert_cmpint (first->state, ==, CLT_MAIL_SENT);

  /* Taken after the claim, before the server answers DATA: the DATA step
   * waits for the book, the server too, and nothing leaves before it is
   * recorded. */
  add_outcome (fixture, &slow_data);
  fixture->fake->book_path = g_strdup (fixture->book.path);
  id2 = queue (fixture, fixture->marc, "Votre commande", 0);
  clt_outbox_kick (fixture->outbox);
  g_assert_true (clt_outbox_is_busy (fixture->outbox));
  db = hold_write_lock (fixture->book.path);
  g_timeout_add (1200, release_write_lock_cb, db);
  spin_until_received (fixture, 2);
  g_source_remove (timer);

  second = get (fixture, id2);
  g_assert_cmpint (second->state, ==, CLT_MAIL_SENT);
  g_assert_cmpint (fixture->fake->data_at_before, ==, -1);
  g_assert_cmpint (fixture->fake->data_at_after, >, 0);
  g_assert_cmpuint (fixture->fake->received->len, ==, 2);

  g_test_message ("longest main loop stall: %.1f ms", stalls.longest / 1000.0);
  g_assert_cmpint (stalls.longest, <, 100 * 1000);
}

/* Consent is recorded: when it changed and who said so; other edits
 * leave it alone, and the default of a new customer is no record. */
static void
test_consent_recorded (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltCustomer) helene = NULL;
  g_autoptr(CltCustomer) again = NULL;
  g_autoptr(CltCustomer) renamed = NULL;
  g_autoptr(CltCustomer) john = clt_customer_new ("John Smith");
  g_autoptr(CltCustomer) stored = NULL;
  CltStore *store = fixture->book.store;
  gint64 john_id;

  helene = clt_store_get_customer (store, fixture->helene, &error);
  g_assert_cmpint (clt_customer_get_email_consent (helene), ==, CLT_CONSENT_FOLLOW_UPS);
  g_assert_cmpint (clt_customer_get_consent_at (helene), ==, 0);

  clt_customer_set_email_consent (helene, CLT_CONSENT_MARKETING);
  clt_customer_set_consent_source (helene, "Julie");
  g_assert_true (clt_store_update_customer (store, helene, &error));
  again = clt_store_get_customer (store, fixture->helene, &error);
  g_assert_cmpint (clt_customer_get_email_consent (again), ==, CLT_CONSENT_MARKETING);
  g_assert_cmpint (clt_customer_get_consent_at (again), >=, now () - 5);
  g_assert_cmpstr (clt_customer_get_consent_source (again), ==, "Julie");

  /* Another edit by someone else: the record stays Julie's. */
  clt_customer_set_company (again, "Dupré SA");
  clt_customer_set_consent_source (again, "Marc");
  g_assert_true (clt_store_update_customer (store, again, &error));
  renamed = clt_store_get_customer (store, fixture->helene, &error);
  g_assert_cmpstr (clt_customer_get_consent_source (renamed), ==, "Julie");

  /* Recorded at creation when it is not the default. */
  clt_customer_set_email_consent (john, CLT_CONSENT_MARKETING);
  clt_customer_set_consent_source (john, "clientele-cli");
  john_id = clt_store_add_customer (store, john, &error);
  g_assert_no_error (error);
  stored = clt_store_get_customer (store, john_id, &error);
  g_assert_cmpint (clt_customer_get_consent_at (stored), >, 0);
  g_assert_cmpstr (clt_customer_get_consent_source (stored), ==, "clientele-cli");
}

/* The business name asked for by the compose dialog, before any account:
 * stored alone, and not taken for an account the outbox would try. */
static void
test_business_name (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CltTestBook book = { 0 };
  CltStore *store;
  g_autoptr(CltMailAccount) account = NULL;
  g_autofree char *name = NULL;
  g_autofree char *gone = NULL;

  /* A book of its own: the fixture's already has an account. */
  clt_test_book_set_up (&book, NULL);
  store = book.store;

  g_assert_true (clt_store_set_business_name (store, "  Hôtel des Tilleuls ", &error));
  g_assert_no_error (error);
  name = clt_store_get_business_name (store);
  g_assert_cmpstr (name, ==, "Hôtel des Tilleuls");
  account = clt_store_get_mail_account (store, &error);
  g_assert_no_error (error);
  g_assert_null (account);

  g_assert_true (clt_store_set_business_name (store, " ", &error));
  gone = clt_store_get_business_name (store);
  g_assert_null (gone);

  clt_test_book_tear_down (&book, NULL);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* The outbox tab's badge, counted without listing the messages: the
 * failed ones, and whether a person is needed (failed, may have been sent,
 * paused); counted again once after the outbox or the book changes. */
static void
test_status (Fixture       *fixture,
             gconstpointer  data)
{
  static const Outcome refused = { CLT_MAIL_ERROR_REJECTED, "550 5.1.1 No such user" };
  static const Outcome cut_off = { CLT_MAIL_ERROR_UNCERTAIN, NULL, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(CltOutboxStatus) status = clt_outbox_status_new ();
  CltStore *store = fixture->book.store;
  guint n_failed = 99;
  guint n_uncertain = 99;
  guint notified = 0;
  gint64 a, b;

  g_assert_true (clt_store_count_mail_needing_attention (store, &n_failed, &n_uncertain, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_failed, ==, 0);
  g_assert_cmpuint (n_uncertain, ==, 0);

  clt_outbox_status_set_store (status, store);
  clt_outbox_status_set_outbox (status, fixture->outbox);
  g_signal_connect_swapped (status, "notify::n-failed", G_CALLBACK (count_notify), &notified);
  g_assert_cmpuint (clt_outbox_status_get_n_failed (status), ==, 0);
  g_assert_false (clt_outbox_status_get_needs_attention (status));

  a = queue (fixture, fixture->helene, "Pour Hélène", 0);
  b = queue (fixture, fixture->marc, "Pour Marc", 0);
  add_outcome (fixture, &refused);
  add_outcome (fixture, &cut_off);
  g_assert_false (send_all (fixture, &error));
  g_clear_error (&error);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* As the lists count them. */
  g_assert_true (clt_store_count_mail_needing_attention (store, &n_failed, &n_uncertain, &error));
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpuint (n_uncertain, ==, 1);
  g_assert_cmpuint (clt_outbox_status_get_n_failed (status), ==, 1);
  g_assert_true (clt_outbox_status_get_needs_attention (status));
  g_assert_cmpuint (notified, ==, 1);

  /* Retried: none failed, the uncertain one still needs a person. */
  g_assert_true (clt_store_retry_mail (store, a, &error));
  g_assert_no_error (error);
  clt_outbox_status_refresh (status);
  g_assert_cmpuint (clt_outbox_status_get_n_failed (status), ==, 0);
  g_assert_true (clt_outbox_status_get_needs_attention (status));
  g_assert_cmpuint (notified, ==, 2);

  g_assert_true (clt_store_mark_mail_sent (store, b, now (), &error));
  g_assert_no_error (error);
  clt_outbox_status_refresh (status);
  g_assert_false (clt_outbox_status_get_needs_attention (status));

  /* Paused, nothing failed: a person is needed all the same. */
  g_assert_true (clt_store_set_outbox_paused (store, "535 5.7.8 Authentication credentials invalid", &error));
  g_assert_no_error (error);
  clt_outbox_status_refresh (status);
  g_assert_true (clt_outbox_status_get_needs_attention (status));
  g_assert_cmpuint (clt_outbox_status_get_n_failed (status), ==, 0);

  /* No book: nothing to count. */
  clt_outbox_status_set_store (status, NULL);
  g_assert_false (clt_outbox_status_get_needs_attention (status));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/outbox/sent", test_sent);
  ADD ("/outbox/business-name", test_business_name);
  ADD ("/outbox/refusals", test_refusals);
  ADD ("/outbox/same-transaction", test_same_transaction);
  ADD ("/outbox/drafts", test_drafts);
  ADD ("/outbox/temporary", test_temporary);
  ADD ("/outbox/rejected", test_rejected);
  ADD ("/outbox/auth-pauses", test_auth_pauses);
  ADD ("/outbox/uncertain", test_uncertain);
  ADD ("/outbox/waits-for-check", test_waits_for_check);
  ADD ("/outbox/gmime-on-first-use", test_gmime_on_first_use);
  ADD ("/outbox/status", test_status);
  ADD ("/outbox/mark-sent", test_mark_sent);
  ADD ("/outbox/data-step", test_data_step);
  ADD ("/outbox/recover", test_recover);
  ADD ("/outbox/recover-after-data", test_recover_after_data);
  ADD ("/outbox/lock-follows-book", test_lock_follows_book);
  ADD ("/outbox/gone-while-sending", test_gone_while_sending);
  ADD ("/outbox/gone-before-data", test_gone_before_data);
  ADD ("/outbox/taken-back", test_taken_back);
  ADD ("/outbox/not-dumpable", test_not_dumpable);
  ADD ("/outbox/scheduled", test_scheduled);
  ADD ("/outbox/busy-book", test_busy_book);
  ADD ("/outbox/patience", test_patience);
  ADD ("/outbox/delete", test_delete);
  ADD ("/outbox/account", test_account);
  ADD ("/outbox/values", test_values);
  ADD ("/outbox/consent-recorded", test_consent_recorded);

  return g_test_run ();
}

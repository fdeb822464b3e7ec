/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-message.h"
#include "clt-store-private.h"

#define PAUSED_KEY "outbox.paused"
#define PAUSED_PASSWORD_KEY "outbox.paused.password"

static const struct {
  const char *key;
  gsize       offset;
} account_texts[] = {
  { "mail.from_name", G_STRUCT_OFFSET (CltMailAccount, from_name) },
  { "mail.from_address", G_STRUCT_OFFSET (CltMailAccount, from_address) },
  { "mail.business", G_STRUCT_OFFSET (CltMailAccount, business) },
  { "mail.signature", G_STRUCT_OFFSET (CltMailAccount, signature) },
  { "mail.host", G_STRUCT_OFFSET (CltMailAccount, host) },
  { "mail.user", G_STRUCT_OFFSET (CltMailAccount, user) },
};

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Settings: a small key/value table in the book. */

static gboolean
get_setting (CltStore    *self,
             const char  *key,
             char       **value,
             GError     **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self, "SELECT value FROM settings WHERE key = ?", error);
  int rc;

  *value = NULL;
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *value = clt_column_dup_text (stmt, 0);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
set_setting (CltStore    *self,
             const char  *key,
             const char  *value,
             GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  if (value == NULL)
    stmt = clt_store_prepare (self, "DELETE FROM settings WHERE key = ?1", error);
  else
    stmt = clt_store_prepare (self, "INSERT INTO settings (key, value) VALUES (?1, ?2) "
                                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    clt_bind_text (stmt, 2, value);

  return clt_store_step_done (self, stmt, error);
}

CltMailAccount *
clt_store_get_mail_account (CltStore  *self,
                            GError   **error)
{
  g_autoptr(CltMailAccount) account = clt_mail_account_new ();
  g_autofree char *port = NULL;
  g_autofree char *security = NULL;
  gboolean any = FALSE;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (account_texts); i++)
    {
      char **field = G_STRUCT_MEMBER_P (account, account_texts[i].offset);

      if (!get_setting (self, account_texts[i].key, field, error))
        return NULL;
      /* A business name alone, asked for by the compose dialog, is not
       * an account: the outbox would pause on it. */
      if (account_texts[i].offset != G_STRUCT_OFFSET (CltMailAccount, business))
        any |= *field != NULL;
    }

  if (!get_setting (self, "mail.port", &port, error) ||
      !get_setting (self, "mail.security", &security, error))
    return NULL;

  if (!any && port == NULL && security == NULL)
    return NULL;

  if (security != NULL)
    clt_security_from_string (security, &account->security);
  account->port = port != NULL ? (guint) g_ascii_strtoull (port, NULL, 10)
                               : clt_security_default_port (account->security);

  return g_steal_pointer (&account);
}

gboolean
clt_store_set_mail_account (CltStore              *self,
                            const CltMailAccount  *account,
                            GError               **error)
{
  g_autofree char *port = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  if (!clt_store_tx_begin (self, error))
    return FALSE;

  for (guint i = 0; ok && i < G_N_ELEMENTS (account_texts); i++)
    {
      const char * const *field = G_STRUCT_MEMBER_P ((gpointer) account, account_texts[i].offset);
      const char *value = *field != NULL && **field != '\0' ? *field : NULL;

      ok = set_setting (self, account_texts[i].key, value, error);
    }

  port = g_strdup_printf ("%u", account->port);
  ok = ok &&
       set_setting (self, "mail.port", port, error) &&
       set_setting (self, "mail.security", clt_security_to_string (account->security), error) &&
       /* New settings deserve a new try. */
       clt_store_set_outbox_paused (self, NULL, error);

  return clt_store_tx_end (self, ok, error);
}

char *
clt_store_get_business_name (CltStore *self)
{
  g_autoptr(GError) error = NULL;
  char *name = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  if (!get_setting (self, "mail.business", &name, &error))
    g_warning ("Could not read the business name: %s", error->message);

  return name;
}

gboolean
clt_store_set_business_name (CltStore    *self,
                             const char  *name,
                             GError     **error)
{
  g_autofree char *clean = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  clean = g_strstrip (g_strdup (name != NULL ? name : ""));

  return set_setting (self, "mail.business", *clean != '\0' ? clean : NULL, error);
}

char *
clt_store_get_outbox_paused (CltStore *self)
{
  g_autoptr(GError) error = NULL;
  char *reason = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  if (!get_setting (self, PAUSED_KEY, &reason, &error))
    g_warning ("Could not read whether the outbox is paused: %s", error->message);

  return reason;
}

gboolean
clt_store_set_outbox_paused (CltStore    *self,
                             const char  *reason,
                             GError     **error)
{
  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return set_setting (self, PAUSED_PASSWORD_KEY, NULL, error) &&
         set_setting (self, PAUSED_KEY, reason, error);
}

/* A pause for the password: the same as clt_store_set_outbox_paused(),
 * remembering what kind it is. */
gboolean
clt_store_pause_outbox_for_password (CltStore    *self,
                                     const char  *reason,
                                     GError     **error)
{
  return set_setting (self, PAUSED_KEY, reason, error) &&
         set_setting (self, PAUSED_PASSWORD_KEY, "1", error);
}

gboolean
clt_store_get_outbox_paused_for_password (CltStore *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  return get_setting (self, PAUSED_PASSWORD_KEY, &value, NULL) && value != NULL;
}

/* Templates */

GPtrArray *
clt_store_list_templates (CltStore  *self,
                          GError   **error)
{
  g_autoptr(GPtrArray) templates = clt_template_builtins ();
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  stmt = clt_store_prepare (self,
                            "SELECT id, name, language, title, subject, body, marketing "
                            "FROM templates ORDER BY language, title COLLATE NOCASE, id",
                            error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CltTemplate *tmpl = clt_template_new (clt_column_text (stmt, 1),
                                            clt_column_text (stmt, 2),
                                            clt_column_text (stmt, 3),
                                            clt_column_text (stmt, 4),
                                            clt_column_text (stmt, 5),
                                            sqlite3_column_int (stmt, 6) != 0);

      tmpl->id = sqlite3_column_int64 (stmt, 0);
      g_ptr_array_add (templates, tmpl);
    }

  if (rc != SQLITE_DONE)
    {
      clt_store_set_error (self, rc, error);
      return NULL;
    }

  return g_steal_pointer (&templates);
}

static gboolean
check_template (const CltTemplate  *tmpl,
                GError            **error)
{
  const char *texts[] = { tmpl->subject, tmpl->body };

  if (tmpl->title == NULL || *tmpl->title == '\0' ||
      tmpl->subject == NULL || *tmpl->subject == '\0' ||
      tmpl->body == NULL || tmpl->language == NULL)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                           _("A template needs a title, a subject and a language."));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GPtrArray) problems = clt_template_check (texts[i]);

      if (problems->len > 0)
        {
          CltTemplateProblem *problem = g_ptr_array_index (problems, 0);

          g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_TEMPLATE, problem->message);
          return FALSE;
        }
    }

  return TRUE;
}

gint64
clt_store_add_template (CltStore           *self,
                        const CltTemplate  *tmpl,
                        GError            **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  gint64 now = now_unix ();

  g_return_val_if_fail (CLT_IS_STORE (self), 0);
  g_return_val_if_fail (tmpl != NULL, 0);

  if (!check_template (tmpl, error))
    return 0;

  stmt = clt_store_prepare (self,
                            "INSERT INTO templates (name, language, title, subject, body, marketing,"
                            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            error);
  if (stmt == NULL)
    return 0;

  clt_bind_text (stmt, 1, tmpl->name != NULL && *tmpl->name ? tmpl->name : tmpl->title);
  clt_bind_text (stmt, 2, tmpl->language);
  clt_bind_text (stmt, 3, tmpl->title);
  clt_bind_text (stmt, 4, tmpl->subject);
  clt_bind_text (stmt, 5, tmpl->body);
  sqlite3_bind_int (stmt, 6, tmpl->marketing ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, now);
  sqlite3_bind_int64 (stmt, 8, now);

  if (!clt_store_step_done (self, stmt, error))
    return 0;

  return sqlite3_last_insert_rowid (clt_store_get_db (self));
}

gboolean
clt_store_update_template (CltStore           *self,
                           const CltTemplate  *tmpl,
                           GError            **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (tmpl != NULL, FALSE);

  if (tmpl->id <= 0)
    {
      g_set_error_literal (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_INVALID,
                           _("Built-in templates cannot be changed. Duplicate it and change the copy."));
      return FALSE;
    }

  if (!check_template (tmpl, error))
    return FALSE;

  stmt = clt_store_prepare (self,
                            "UPDATE templates SET name = ?, language = ?, title = ?, subject = ?,"
                            " body = ?, marketing = ?, updated_at = ? WHERE id = ?",
                            error);
  if (stmt == NULL)
    return FALSE;

  clt_bind_text (stmt, 1, tmpl->name != NULL && *tmpl->name ? tmpl->name : tmpl->title);
  clt_bind_text (stmt, 2, tmpl->language);
  clt_bind_text (stmt, 3, tmpl->title);
  clt_bind_text (stmt, 4, tmpl->subject);
  clt_bind_text (stmt, 5, tmpl->body);
  sqlite3_bind_int (stmt, 6, tmpl->marketing ? 1 : 0);
  sqlite3_bind_int64 (stmt, 7, now_unix ());
  sqlite3_bind_int64 (stmt, 8, tmpl->id);

  if (!clt_store_step_done (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (clt_store_get_db (self)) == 0)
    {
      g_set_error_literal (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND,
                           _("This template no longer exists."));
      return FALSE;
    }

  return TRUE;
}

gboolean
clt_store_delete_template (CltStore  *self,
                           gint64     template_id,
                           GError   **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  stmt = clt_store_prepare (self, "DELETE FROM templates WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, template_id);
  return clt_store_step_done (self, stmt, error);
}

/* What a customer's messages say */

static char *
locale_language (void)
{
  const char * const *names = g_get_language_names ();

  return g_strdup (names[0] != NULL && g_str_has_prefix (names[0], "fr") ? "fr" : "en");
}

static char *
mail_language_of (CltCustomer *customer)
{
  const char *language = clt_customer_get_language (customer);

  if (language == NULL || strlen (language) < 2 || !g_ascii_isalpha (language[0]) ||
      !g_ascii_isalpha (language[1]))
    return locale_language ();

  return g_ascii_strdown (language, 2);
}

char *
clt_store_get_mail_language (CltStore  *self,
                             gint64     customer_id,
                             GError   **error)
{
  g_autoptr(CltCustomer) customer = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  customer = clt_store_get_customer (self, customer_id, error);
  if (customer == NULL)
    return NULL;

  return mail_language_of (customer);
}

static char *
first_email (CltStore  *self,
             gint64     customer_id,
             GError   **error)
{
  g_autoptr(CltStmt) stmt = clt_store_prepare (self,
                                               "SELECT address FROM emails WHERE customer_id = ? "
                                               "ORDER BY id LIMIT 1",
                                               error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, customer_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return clt_column_dup_text (stmt, 0);
  if (rc != SQLITE_DONE)
    clt_store_set_error (self, rc, error);

  return NULL;
}

/* clt_store_can_mail() for a customer already read. */
gboolean
clt_store_check_can_mail (CltStore     *self,
                          CltCustomer  *customer,
                          gboolean      marketing,
                          char        **address,
                          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *found = NULL;
  CltConsent consent = clt_customer_get_email_consent (customer);

  if (consent == CLT_CONSENT_NONE)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_CONSENT,
                   _("%s does not want to receive e-mail. Change this in Edit Customer if they agreed to it."),
                   clt_customer_get_display_name (customer));
      return FALSE;
    }

  if (marketing && consent < CLT_CONSENT_MARKETING)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_CONSENT,
                   _("This kind of message needs %s’s consent to offers and news. "
                     "Record it in Edit Customer once they have agreed."),
                   clt_customer_get_display_name (customer));
      return FALSE;
    }

  found = first_email (self, clt_customer_get_id (customer), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (found == NULL)
    {
      g_set_error (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ADDRESS,
                   _("%s has no e-mail address. Add one to their contact details."),
                   clt_customer_get_display_name (customer));
      return FALSE;
    }

  if (address != NULL)
    *address = g_steal_pointer (&found);

  return TRUE;
}

gboolean
clt_store_can_mail (CltStore    *self,
                    gint64       customer_id,
                    gboolean     marketing,
                    char       **address,
                    GError     **error)
{
  g_autoptr(CltCustomer) customer = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  customer = clt_store_get_customer (self, customer_id, error);
  if (customer == NULL)
    return FALSE;

  return clt_store_check_can_mail (self, customer, marketing, address, error);
}

/* Dates in the message's language, whatever the language of the program. */
static char *
format_mail_date (gint64      unix_time,
                  const char *language)
{
  static const char * const months_fr[] = {
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre",
  };
  static const char * const months_en[] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
  };
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (unix_time);
  int month = g_date_time_get_month (time) - 1;
  int day = g_date_time_get_day_of_month (time);

  if (g_strcmp0 (language, "fr") == 0)
    return g_strdup_printf ("%d%s %s %d", day, day == 1 ? "er" : "",
                            months_fr[month], g_date_time_get_year (time));

  return g_strdup_printf ("%d %s %d", day, months_en[month], g_date_time_get_year (time));
}

static gint64
last_visit (CltStore *self,
            gint64    customer_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStmt) stmt = clt_store_prepare (self,
                                               "SELECT max(at) FROM interactions "
                                               "WHERE customer_id = ? AND planned = 0 AND at <= ? "
                                               "AND kind IN ('visit', 'stay', 'purchase')",
                                               &error);

  if (stmt == NULL)
    {
      g_warning ("%s", error->message);
      return 0;
    }

  sqlite3_bind_int64 (stmt, 1, customer_id);
  sqlite3_bind_int64 (stmt, 2, now_unix ());
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;

  return sqlite3_column_int64 (stmt, 0);
}

static char *
addressed_as (CltCustomer *customer)
{
  const char *text = clt_customer_get_addressed_as (customer);
  const char *honorific = clt_customer_get_honorific (customer);
  const char *family = clt_customer_get_family_name (customer);

  if (text != NULL && *text != '\0')
    return g_strdup (text);

  if (honorific != NULL && *honorific != '\0' && family != NULL && *family != '\0')
    return g_strdup_printf ("%s %s", honorific, family);

  return g_strdup (clt_customer_get_display_name (customer));
}

GHashTable *
clt_store_get_template_values (CltStore              *self,
                               gint64                 customer_id,
                               gint64                 promise_id,
                               const CltMailAccount  *account,
                               GError               **error)
{
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(CltCustomer) customer = NULL;
  g_autofree char *language = NULL;
  gint64 visit;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  customer = clt_store_get_customer (self, customer_id, error);
  if (customer == NULL)
    return NULL;

  language = mail_language_of (customer);

  g_hash_table_insert (values, (gpointer) "first_name",
                       g_strdup (clt_customer_get_given_name (customer)));
  g_hash_table_insert (values, (gpointer) "last_name",
                       g_strdup (clt_customer_get_family_name (customer)));
  g_hash_table_insert (values, (gpointer) "full_name",
                       g_strdup (clt_customer_get_display_name (customer)));
  g_hash_table_insert (values, (gpointer) "addressed_as", addressed_as (customer));

  visit = last_visit (self, customer_id);
  if (visit > 0)
    g_hash_table_insert (values, (gpointer) "last_visit", format_mail_date (visit, language));

  if (promise_id > 0)
    {
      g_autoptr(CltPromise) promise = clt_store_get_promise (self, promise_id, error);

      if (promise == NULL)
        return NULL;
      g_hash_table_insert (values, (gpointer) "promise", g_strdup (promise->text));
    }

  if (account != NULL)
    {
      g_hash_table_insert (values, (gpointer) "business",
                           g_strdup (account->business));
      g_hash_table_insert (values, (gpointer) "signature", g_strdup (account->signature));
      g_hash_table_insert (values, (gpointer) "sender_name", g_strdup (account->from_name));
    }

  return g_steal_pointer (&values);
}

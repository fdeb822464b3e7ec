/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-store"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "clt-store-private.h"

#define COUNTRY_KEY "country"

/**
 * clt_store_get_setting:
 * @key: the setting's name
 *
 * Reads one of the book's own settings (those that travel with the book,
 * unlike GSettings, which belong to the computer).
 *
 * Returns: (transfer full) (nullable): its value, or %NULL when it is not
 *   set (@error unset) or cannot be read (@error set)
 */
char *
clt_store_get_setting (CltStore    *self,
                       const char  *key,
                       GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = clt_store_prepare (self, "SELECT value FROM settings WHERE key = ?1", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return clt_column_dup_text (stmt, 0);
  if (rc != SQLITE_DONE)
    clt_store_set_error (self, rc, error);

  return NULL;
}

/**
 * clt_store_set_setting:
 * @key: the setting's name
 * @value: (nullable): its new value; %NULL removes it
 */
gboolean
clt_store_set_setting (CltStore    *self,
                       const char  *key,
                       const char  *value,
                       GError     **error)
{
  g_autoptr(CltStmt) stmt = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (value == NULL)
    stmt = clt_store_prepare (self, "DELETE FROM settings WHERE key = ?1", error);
  else
    stmt = clt_store_prepare (self,
                              "INSERT INTO settings (key, value) VALUES (?1, ?2)"
                              " ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);

  return clt_store_step_done (self, stmt, error);
}

static gboolean
is_country_code (const char *text)
{
  return text != NULL && strlen (text) == 2 &&
         g_ascii_isalpha (text[0]) && g_ascii_isalpha (text[1]);
}

/**
 * clt_country_from_locale:
 * @locale: (nullable): a POSIX locale name, "fr_CH.UTF-8@euro"
 *
 * The territory of @locale, in capitals ("CH"), or "FR" when it names
 * none ("C", "fr", "POSIX"), France being where most users are.
 *
 * Returns: (transfer full): a two-letter country code
 */
char *
clt_country_from_locale (const char *locale)
{
  const char *territory = locale != NULL ? strchr (locale, '_') : NULL;
  char code[3] = { 0 };

  if (territory != NULL)
    {
      code[0] = territory[1];
      code[1] = code[0] != '\0' ? territory[2] : '\0';
    }

  if (!is_country_code (code) ||
      (territory[3] != '\0' && territory[3] != '.' && territory[3] != '@'))
    return g_strdup ("FR");

  return g_ascii_strup (code, -1);
}

/**
 * clt_store_get_country:
 *
 * The country of the business, which says how to read a phone number
 * written without its country code: the book's setting, else the territory
 * of the locale phone numbers are written in.
 *
 * Returns: (transfer full): a two-letter country code ("FR", "CH", "CA")
 */
char *
clt_store_get_country (CltStore *self)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), NULL);

  value = clt_store_get_setting (self, COUNTRY_KEY, NULL);
  if (is_country_code (value))
    return g_ascii_strup (value, -1);

  return clt_country_from_locale (setlocale (LC_TELEPHONE, NULL));
}

/**
 * clt_store_set_country:
 * @country: (nullable): a two-letter country code, %NULL to follow the
 *   locale again
 */
gboolean
clt_store_set_country (CltStore    *self,
                       const char  *country,
                       GError     **error)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (CLT_IS_STORE (self), FALSE);

  if (country != NULL && !is_country_code (country))
    {
      g_set_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID,
                   _("“%s” is not a country code. Give the two letters of the country, "
                     "such as FR, CH, BE or CA."), country);
      return FALSE;
    }

  code = country != NULL ? g_ascii_strup (country, -1) : NULL;
  return clt_store_set_setting (self, COUNTRY_KEY, code, error);
}

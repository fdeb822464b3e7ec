/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-mail-settings"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-password-dialog.h"
#include "clt-preferences-window.h"
#include "clt-template-dialog.h"

#include "clt-test-gui.h"

/* The e-mail account and the templates in Preferences. */

static char *test_home;
static gboolean have_keyring;
static GTestDBus *test_bus;

typedef struct
{
  char     *dir;
  char     *path;
  CltStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-mail-settings", &fixture->path);
  fixture->store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (toplevel);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_object (&fixture->store);
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gboolean
wait_for_keyring_name (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  for (guint i = 0; bus != NULL && i < 100; i++)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean owned = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE,
                                           -1, NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      if (owned)
        return TRUE;
      g_usleep (50 * 1000);
    }

  return FALSE;
}

/* A keyring of the test's own, unlocked, in the test's D-Bus session. */
static gboolean
start_keyring (void)
{
  const char *argv[] = {
    "gnome-keyring-daemon", "--daemonize", "--unlock", "--components=secrets", NULL,
  };
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *password = NULL;
  g_auto(GStrv) lines = NULL;

  daemon = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error);
  if (daemon == NULL ||
      !g_subprocess_communicate_utf8 (daemon, "clientele-test", NULL, &out, NULL, &error) ||
      !g_subprocess_get_successful (daemon))
    {
      g_test_message ("No keyring daemon: %s", error != NULL ? error->message : "it failed");
      return FALSE;
    }

  lines = g_strsplit (out != NULL ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (lines[i], "=", 2);

      if (pair[0] != NULL && pair[1] != NULL)
        g_setenv (pair[0], pair[1], TRUE);
    }

  /* The daemon takes its name on the bus a moment after it forks. */
  if (!wait_for_keyring_name ())
    {
      g_test_message ("The keyring daemon did not show up on the bus");
      return FALSE;
    }

  /* Reachable when a lookup answers, even with nothing. */
  password = clt_secret_lookup_password ("probe.invalid", "probe", NULL, &error);
  if (error != NULL)
    {
      g_test_message ("The keyring cannot be reached: %s", error->message);
      return FALSE;
    }

  return clt_test_gui_keyring_takes_passwords ();
}

static gboolean
is_visible_error_label (GtkWidget     *widget,
                        gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") &&
         gtk_widget_is_drawable (widget) && *gtk_label_get_text (GTK_LABEL (widget)) != '\0';
}

static gboolean
is_row_titled (GtkWidget     *widget,
               gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0 &&
         gtk_widget_is_drawable (widget);
}

static gboolean
is_pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
has_password_text (gpointer data)
{
  return *gtk_editable_get_text (GTK_EDITABLE (data)) != '\0';
}

static gboolean
is_combo_row_titled (GtkWidget     *widget,
                     gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static AdwComboRow *
get_combo_row (gpointer    root,
               const char *title)
{
  GtkWidget *row = clt_test_gui_find_widget (GTK_WIDGET (root), is_combo_row_titled, title);

  g_assert_nonnull (row);

  return ADW_COMBO_ROW (row);
}

static const char *
get_row_text (gpointer    root,
              const char *title)
{
  return gtk_editable_get_text (GTK_EDITABLE (clt_test_gui_get_entry_row (root, title)));
}

static CltPreferencesWindow *
open_preferences (CltStore *store,
                  int       width,
                  int       height)
{
  CltPreferencesWindow *window = clt_preferences_window_new (NULL, store);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  /* General comes first; the account is on E-mail, as Set Up E-mail opens it. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "mail");
  gtk_window_present (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);

  return window;
}

/* Closes @window as its close button does, and waits until it is gone.
 * The test session's gnome-keyring-daemon sometimes takes about 20 s to
 * store the first password after the probe (seen in one run of four),
 * and the window waits for the keyring: a minute, not 10 s. */
static void
close_and_wait (gpointer window)
{
  gpointer pointer = window;

  g_object_add_weak_pointer (G_OBJECT (window), &pointer);
  gtk_window_close (GTK_WINDOW (window));
  clt_test_gui_spin_until_full (is_pointer_cleared, &pointer, 60, "the closed window to be finalized");
}

static void
set_text_view (gpointer    root,
               const char *text)
{
  GtkWidget *view = clt_test_gui_get_widget (root, GTK_TYPE_TEXT_VIEW);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_account (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  CltPreferencesWindow *window;
  AdwEntryRow *password_row;
  guint changed = 0;

  window = open_preferences (fixture->store, 640, 1000);
  g_signal_connect_swapped (window, "account-changed", G_CALLBACK (count_cb), &changed);

  clt_test_gui_set_row_text (window, "Name", "Hôtel des Tilleuls");
  clt_test_gui_set_row_text (window, "E-mail Address", "reception@tilleuls.fr");
  clt_test_gui_set_row_text (window, "Business Name", "Les Tilleuls");
  set_text_view (window, "Hélène Dupré\nRéception");
  clt_test_gui_set_row_text (window, "Server", "smtp.tilleuls.fr");
  clt_test_gui_set_row_text (window, "User Name", "reception@tilleuls.fr");
  /* Without a keyring the password could only be refused. */
  if (have_keyring)
    clt_test_gui_set_row_text (window, "Password", "s3cret-ü");
  else
    g_test_message ("No keyring: the password is not tried");

  /* STARTTLS brings its port, as the default TLS one was untouched. */
  g_assert_cmpstr (get_row_text (window, "Port"), ==, "465");
  adw_combo_row_set_selected (get_combo_row (window, "Security"), CLT_SECURITY_STARTTLS);
  g_assert_cmpstr (get_row_text (window, "Port"), ==, "587");

  clt_test_gui_save_screenshot (window, "prefs-mail.png");

  close_and_wait (window);
  g_assert_cmpuint (changed, ==, 1);

  account = clt_store_get_mail_account (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpstr (account->from_name, ==, "Hôtel des Tilleuls");
  g_assert_cmpstr (account->from_address, ==, "reception@tilleuls.fr");
  g_assert_cmpstr (account->business, ==, "Les Tilleuls");
  g_assert_cmpstr (account->signature, ==, "Hélène Dupré\nRéception");
  g_assert_cmpstr (account->host, ==, "smtp.tilleuls.fr");
  g_assert_cmpuint (account->port, ==, 587);
  g_assert_cmpint (account->security, ==, CLT_SECURITY_STARTTLS);
  g_assert_cmpstr (account->user, ==, "reception@tilleuls.fr");

  if (have_keyring)
    {
      g_autofree char *password = NULL;

      password = clt_secret_lookup_password ("smtp.tilleuls.fr", "reception@tilleuls.fr", NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (password, ==, "s3cret-ü");
    }

  /* Opened again, narrow: everything comes back, the password too. */
  window = open_preferences (fixture->store, 360, 720);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (clt_test_gui_get_entry_row (window, "Server"))),
                   ==, "smtp.tilleuls.fr");
  password_row = clt_test_gui_get_entry_row (window, "Password");
  if (have_keyring)
    {
      clt_test_gui_spin_until_full (has_password_text, password_row, 10, "the password from the keyring");
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (password_row)), ==, "s3cret-ü");
    }
  clt_test_gui_save_screenshot (window, "prefs-mail-narrow.png");

  /* Nothing changed, nothing saved again. */
  close_and_wait (window);
}

static void
test_account_invalid (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  CltPreferencesWindow *window;
  GtkWidget *label;

  window = open_preferences (fixture->store, 640, 1000);
  clt_test_gui_set_row_text (window, "E-mail Address", "reception@tilleuls.fr");
  clt_test_gui_set_row_text (window, "Server", "smtp.tilleuls.fr");
  adw_combo_row_set_selected (get_combo_row (window, "Security"), CLT_SECURITY_NONE);

  /* The first close is refused, with the reason beside the form. */
  gtk_window_close (GTK_WINDOW (window));
  clt_test_gui_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  label = clt_test_gui_find_widget (GTK_WIDGET (window), is_visible_error_label, NULL);
  g_assert_nonnull (label);
  g_test_message ("Refused: %s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_true (strstr (gtk_label_get_text (GTK_LABEL (label)), "smtp.tilleuls.fr") != NULL);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (get_combo_row (window, "Security")), "error"));
  clt_test_gui_save_screenshot (window, "prefs-mail-invalid.png");

  account = clt_store_get_mail_account (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_null (account);

  /* Test Connection does not save it either. */
  clt_test_gui_click (clt_test_gui_get_button (window, "_Test Connection"));
  account = clt_store_get_mail_account (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_null (account);

  /* Closing again leaves it unsaved. */
  close_and_wait (window);
  account = clt_store_get_mail_account (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_null (account);
}

static gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_is_drawable (widget);
}

/* Typing a Gmail address picks Gmail and fills its server; Other opens the
 * raw settings, as they are. */
static void
test_provider_guess (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  CltPreferencesWindow *window;
  AdwComboRow *provider;
  GtkWidget *app_password;

  window = open_preferences (fixture->store, 640, 1000);
  provider = get_combo_row (window, "Provider");

  /* A new account: Other, its settings open. */
  g_assert_cmpuint (adw_combo_row_get_selected (provider), ==, CLT_MAIL_PROVIDER_OTHER);
  clt_test_gui_spin (100);
  g_assert_true (is_shown (GTK_WIDGET (clt_test_gui_get_entry_row (window, "Server"))));

  /* Typed as a person types, one piece at a time. */
  clt_test_gui_set_row_text (window, "E-mail Address", "salon.lea@gmail.co");
  g_assert_cmpuint (adw_combo_row_get_selected (provider), ==, CLT_MAIL_PROVIDER_OTHER);
  g_assert_cmpstr (get_row_text (window, "Server"), ==, "");
  clt_test_gui_set_row_text (window, "E-mail Address", "salon.lea@gmail.com");
  g_assert_cmpuint (adw_combo_row_get_selected (provider), ==, CLT_MAIL_PROVIDER_GMAIL);
  g_assert_cmpstr (get_row_text (window, "Server"), ==, "smtp.gmail.com");
  g_assert_cmpstr (get_row_text (window, "Port"), ==, "465");
  g_assert_cmpuint (adw_combo_row_get_selected (get_combo_row (window, "Security")), ==,
                    CLT_SECURITY_TLS);
  g_assert_cmpstr (get_row_text (window, "User Name"), ==, "salon.lea@gmail.com");
  clt_test_gui_spin (100);
  /* The raw settings are out of the way, the app password at hand. */
  g_assert_false (is_shown (GTK_WIDGET (clt_test_gui_get_entry_row (window, "Server"))));
  app_password = clt_test_gui_find_widget (GTK_WIDGET (window), is_row_titled,
                                           "Create an App Password");
  g_assert_nonnull (app_password);
  g_assert_true (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (app_password)), "Gmail") != NULL);
  clt_test_gui_save_screenshot (window, "prefs-mail-gmail.png");

  /* Other shows the raw settings, still Gmail's, to change by hand. */
  adw_combo_row_set_selected (provider, CLT_MAIL_PROVIDER_OTHER);
  clt_test_gui_spin (100);
  g_assert_true (is_shown (GTK_WIDGET (clt_test_gui_get_entry_row (window, "Server"))));
  g_assert_true (is_shown (GTK_WIDGET (clt_test_gui_get_entry_row (window, "Port"))));
  g_assert_true (is_shown (GTK_WIDGET (clt_test_gui_get_entry_row (window, "User Name"))));
  g_assert_false (is_shown (app_password));
  g_assert_cmpstr (get_row_text (window, "Server"), ==, "smtp.gmail.com");
  clt_test_gui_save_screenshot (window, "prefs-mail-other.png");

  /* A server changed by hand is no longer Gmail's. */
  adw_combo_row_set_selected (provider, CLT_MAIL_PROVIDER_GMAIL);
  g_assert_cmpstr (get_row_text (window, "Server"), ==, "smtp.gmail.com");
  clt_test_gui_set_row_text (window, "Port", "587");
  g_assert_cmpuint (adw_combo_row_get_selected (provider), ==, CLT_MAIL_PROVIDER_OTHER);
  g_assert_cmpstr (get_row_text (window, "Server"), ==, "smtp.gmail.com");

  /* Picked by hand, the provider no longer follows the address. */
  adw_combo_row_set_selected (provider, CLT_MAIL_PROVIDER_ORANGE);
  g_assert_cmpstr (get_row_text (window, "Server"), ==, "smtp.orange.fr");
  clt_test_gui_set_row_text (window, "E-mail Address", "salon.lea@orange.fr");
  clt_test_gui_set_row_text (window, "E-mail Address", "salon.lea@free.fr");
  g_assert_cmpuint (adw_combo_row_get_selected (provider), ==, CLT_MAIL_PROVIDER_ORANGE);
  g_assert_cmpstr (get_row_text (window, "Server"), ==, "smtp.orange.fr");
  g_assert_cmpstr (get_row_text (window, "User Name"), ==, "salon.lea@free.fr");

  close_and_wait (window);
  account = clt_store_get_mail_account (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpstr (account->host, ==, "smtp.orange.fr");
  g_assert_cmpuint (account->port, ==, 465);
  g_assert_cmpint (account->security, ==, CLT_SECURITY_TLS);
  g_assert_cmpstr (account->user, ==, "salon.lea@free.fr");
  g_clear_pointer (&account, clt_mail_account_free);

  /* Opened again: Orange, as saved; typing another address changes nothing. */
  window = open_preferences (fixture->store, 360, 720);
  provider = get_combo_row (window, "Provider");
  g_assert_cmpuint (adw_combo_row_get_selected (provider), ==, CLT_MAIL_PROVIDER_ORANGE);
  clt_test_gui_set_row_text (window, "E-mail Address", "salon.lea@gmail.com");
  g_assert_cmpuint (adw_combo_row_get_selected (provider), ==, CLT_MAIL_PROVIDER_ORANGE);
  g_assert_cmpstr (get_row_text (window, "Server"), ==, "smtp.orange.fr");
  close_and_wait (window);
}

/* Saved settings of one's own load under Other, unchanged. */
static void
test_provider_saved_other (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(CltMailAccount) account = clt_mail_account_new ();
  g_autoptr(GError) error = NULL;
  CltPreferencesWindow *window;

  account->from_address = g_strdup ("salon.lea@gmail.com");
  account->host = g_strdup ("smtp.gmail.com");
  account->port = 587;
  account->security = CLT_SECURITY_STARTTLS;
  account->user = g_strdup ("lea");
  g_assert_true (clt_store_set_mail_account (fixture->store, account, &error));
  g_assert_no_error (error);

  window = open_preferences (fixture->store, 640, 1000);
  g_assert_cmpuint (adw_combo_row_get_selected (get_combo_row (window, "Provider")), ==,
                    CLT_MAIL_PROVIDER_OTHER);
  g_assert_cmpstr (get_row_text (window, "Server"), ==, "smtp.gmail.com");
  g_assert_cmpstr (get_row_text (window, "Port"), ==, "587");
  g_assert_cmpuint (adw_combo_row_get_selected (get_combo_row (window, "Security")), ==,
                    CLT_SECURITY_STARTTLS);
  g_assert_cmpstr (get_row_text (window, "User Name"), ==, "lea");
  close_and_wait (window);
}

/* The port is a plain entry that takes digits only. */
static void
test_port_digits (Fixture       *fixture,
                  gconstpointer  user_data)
{
  CltPreferencesWindow *window;
  AdwEntryRow *port;
  GtkEditable *text;
  int position;

  window = open_preferences (fixture->store, 640, 1000);
  port = clt_test_gui_get_entry_row (window, "Port");
  /* No spin button left on the e-mail page. */
  g_assert_null (clt_test_gui_find_widget (gtk_widget_get_ancestor (GTK_WIDGET (port),
                                                                    ADW_TYPE_PREFERENCES_PAGE),
                                           clt_test_gui_is_of_type,
                                           GSIZE_TO_POINTER (GTK_TYPE_SPIN_BUTTON)));
  text = gtk_editable_get_delegate (GTK_EDITABLE (port));

  gtk_editable_set_text (GTK_EDITABLE (port), "");
  position = 0;
  gtk_editable_insert_text (text, "58", -1, &position);
  gtk_editable_insert_text (text, "x", -1, &position);
  gtk_editable_insert_text (text, "7", -1, &position);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (port)), ==, "587");
  gtk_editable_insert_text (text, "2a", -1, &position);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (port)), ==, "587");

  /* Digits out of range are refused when saving, the row marked. */
  clt_test_gui_set_row_text (window, "E-mail Address", "reception@tilleuls.fr");
  clt_test_gui_set_row_text (window, "Server", "smtp.tilleuls.fr");
  gtk_editable_set_text (GTK_EDITABLE (port), "99999");
  gtk_window_close (GTK_WINDOW (window));
  clt_test_gui_spin (100);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (port), "error"));
  g_assert_nonnull (clt_test_gui_find_widget (GTK_WIDGET (window), is_visible_error_label, NULL));
  close_and_wait (window);
}

/* The e-mail settings in whatever language the test runs in, at the width
 * given, for the screenshots: titles are looked up translated. */
static void
shoot_providers (CltStore   *store,
                 int         width,
                 const char *suffix)
{
  CltPreferencesWindow *window = open_preferences (store, width, width > 400 ? 900 : 1400);
  AdwComboRow *provider = get_combo_row (window, _("Provider"));
  g_autofree char *gmail = g_strdup_printf ("mailsetup-gmail-%s.png", suffix);
  g_autofree char *other = g_strdup_printf ("mailsetup-other-%s.png", suffix);

  clt_test_gui_set_row_text (window, _("Name"), "Léa Martin");
  clt_test_gui_set_row_text (window, _("E-mail Address"), "salon.lea@gmail.com");
  g_assert_cmpuint (adw_combo_row_get_selected (provider), ==, CLT_MAIL_PROVIDER_GMAIL);
  g_assert_cmpstr (get_row_text (window, _("Server")), ==, "smtp.gmail.com");
  clt_test_gui_save_screenshot (window, gmail);

  clt_test_gui_set_row_text (window, _("E-mail Address"), "reception@tilleuls.fr");
  adw_combo_row_set_selected (provider, CLT_MAIL_PROVIDER_OTHER);
  clt_test_gui_set_row_text (window, _("Server"), "smtp.tilleuls.fr");
  clt_test_gui_set_row_text (window, _("User Name"), "reception@tilleuls.fr");
  g_assert_true (is_shown (GTK_WIDGET (clt_test_gui_get_entry_row (window, _("Port")))));
  clt_test_gui_save_screenshot (window, other);

  close_and_wait (window);
}

static void
test_provider_shots (Fixture       *fixture,
                     gconstpointer  user_data)
{
  int width = GPOINTER_TO_INT (user_data);
  g_autofree char *suffix = g_strdup_printf ("%d", width);

  shoot_providers (fixture->store, width, suffix);
}

static gboolean
save_is_enabled (GtkWidget *dialog)
{
  return gtk_widget_is_sensitive (clt_test_gui_get_button (dialog, "_Save"));
}

static const CltTemplate *
find_template (GPtrArray  *templates,
               const char *title)
{
  for (guint i = 0; i < templates->len; i++)
    {
      const CltTemplate *tmpl = g_ptr_array_index (templates, i);

      if (g_strcmp0 (tmpl->title, title) == 0)
        return tmpl;
    }

  return NULL;
}

static void
test_template_errors (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  const CltTemplate *saved;
  GtkWidget *dialog;
  gpointer pointer;

  dialog = clt_template_dialog_new (NULL, fixture->store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 1000);
  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  g_assert_false (save_is_enabled (dialog));

  clt_test_gui_set_row_text (dialog, "Title", "Relance devis");
  clt_test_gui_set_row_text (dialog, "Subject", "Votre devis, {first_name}");
  set_text_view (dialog, "Bonjour {frist_name},\n\nVotre devis est prêt.\n\n{signature}");

  clt_test_gui_wait_for_label (dialog, "frist_name");
  g_assert_false (save_is_enabled (dialog));
  clt_test_gui_save_screenshot (dialog, "template-dialog-error.png");

  set_text_view (dialog, "Bonjour {first_name},\n\nVotre devis est prêt.\n\n{signature}");
  clt_test_gui_wait_for_no_label (dialog, "frist_name");
  g_assert_true (save_is_enabled (dialog));

  pointer = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &pointer);
  clt_test_gui_click (clt_test_gui_get_button (dialog, "_Save"));
  clt_test_gui_spin_until (is_pointer_cleared, &pointer);

  templates = clt_store_list_templates (fixture->store, &error);
  g_assert_no_error (error);
  saved = find_template (templates, "Relance devis");
  g_assert_nonnull (saved);
  g_assert_cmpint (saved->id, >, 0);
  g_assert_cmpstr (saved->subject, ==, "Votre devis, {first_name}");
  g_assert_true (g_str_has_prefix (saved->body, "Bonjour {first_name},"));
}

static void
test_template_builtin (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) builtins = clt_template_builtins ();
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *copy_title = NULL;
  const CltTemplate *builtin = NULL;
  const CltTemplate *copy;
  CltPreferencesWindow *window;
  GtkWidget *dialog;
  GtkWidget *row;
  AdwEntryRow *title_row;
  gpointer pointer;

  for (guint i = 0; i < builtins->len && builtin == NULL; i++)
    if (g_strcmp0 (((CltTemplate *) g_ptr_array_index (builtins, i))->language, "fr") == 0)
      builtin = g_ptr_array_index (builtins, i);
  g_assert_nonnull (builtin);

  window = open_preferences (fixture->store, 640, 720);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "templates");
  clt_test_gui_wait_for_label (window, "Français");
  clt_test_gui_wait_for_label (window, "English");
  clt_test_gui_wait_for_label (window, "Built-in");
  clt_test_gui_save_screenshot (window, "prefs-templates.png");

  row = clt_test_gui_find_widget (GTK_WIDGET (window), is_row_titled, builtin->title);
  g_assert_nonnull (row);
  g_signal_emit_by_name (row, "activated");
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_TEMPLATE_DIALOG);

  /* Read-only, with Duplicate instead of Save. */
  title_row = clt_test_gui_get_entry_row (dialog, "Title");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (title_row)));
  g_assert_false (gtk_widget_is_visible (clt_test_gui_get_widget (dialog, GTK_TYPE_MENU_BUTTON)));
  g_assert_null (clt_test_gui_find_widget (dialog, clt_test_gui_is_button_labelled, "_Save"));
  clt_test_gui_save_screenshot (dialog, "template-dialog-builtin.png");

  clt_test_gui_click (clt_test_gui_get_button (dialog, "_Duplicate"));
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (title_row)));
  g_assert_true (save_is_enabled (dialog));
  copy_title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (title_row)));
  g_assert_true (g_str_has_prefix (copy_title, builtin->title));

  pointer = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &pointer);
  clt_test_gui_click (clt_test_gui_get_button (dialog, "_Save"));
  clt_test_gui_spin_until (is_pointer_cleared, &pointer);

  templates = clt_store_list_templates (fixture->store, &error);
  g_assert_no_error (error);
  copy = find_template (templates, copy_title);
  g_assert_nonnull (copy);
  g_assert_cmpint (copy->id, >, 0);
  g_assert_cmpstr (copy->language, ==, "fr");
  g_assert_cmpstr (copy->body, ==, builtin->body);

  /* The copy is listed as the user's own, and can be deleted and undone. */
  row = clt_test_gui_find_widget (GTK_WIDGET (window), is_row_titled, copy_title);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "prefs.delete-template", "x", copy->id));
  g_clear_pointer (&templates, g_ptr_array_unref);
  templates = clt_store_list_templates (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_null (find_template (templates, copy_title));
  clt_test_gui_wait_for_label (window, "deleted");

  clt_test_gui_click (clt_test_gui_get_button (window, "_Undo"));
  g_clear_pointer (&templates, g_ptr_array_unref);
  templates = clt_store_list_templates (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_template (templates, copy_title));
}

static gboolean
is_test_result (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_label_get_selectable (GTK_LABEL (widget)) &&
         gtk_widget_is_drawable (widget);
}

static gboolean
test_result_is_shown (gpointer window)
{
  return clt_test_gui_find_widget (window, is_test_result, NULL) != NULL;
}

static void
test_connection (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  CltPreferencesWindow *window;
  GtkWidget *label;
  guint changed = 0;

  /* A port on this computer where nobody listens. */
  window = open_preferences (fixture->store, 640, 1000);
  g_signal_connect_swapped (window, "account-changed", G_CALLBACK (count_cb), &changed);
  clt_test_gui_set_row_text (window, "E-mail Address", "reception@tilleuls.fr");
  clt_test_gui_set_row_text (window, "Server", "localhost");
  adw_combo_row_set_selected (get_combo_row (window, "Security"), CLT_SECURITY_NONE);
  clt_test_gui_set_row_text (window, "Port", "9");

  clt_test_gui_click (clt_test_gui_get_button (window, "_Test Connection"));
  g_assert_false (gtk_widget_is_sensitive (clt_test_gui_get_button (window, "_Test Connection")));
  g_assert_true (gtk_widget_is_drawable (clt_test_gui_get_button (window, "_Cancel")));

  /* Saved as it was tested. */
  g_assert_cmpuint (changed, ==, 1);
  account = clt_store_get_mail_account (fixture->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  g_assert_cmpstr (account->host, ==, "localhost");
  g_assert_cmpuint (account->port, ==, 9);

  clt_test_gui_spin_until_full (test_result_is_shown, window, 30, "the test's result");
  label = clt_test_gui_find_widget (GTK_WIDGET (window), is_test_result, NULL);
  g_test_message ("Test result: %s", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  g_assert_true (gtk_widget_is_sensitive (clt_test_gui_get_button (window, "_Test Connection")));
  clt_test_gui_save_screenshot (window, "prefs-mail-test-failed.png");

  close_and_wait (window);
  g_assert_cmpuint (changed, ==, 1);
}

static void
test_password_dialog (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(CltMailAccount) account = clt_mail_account_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  g_autofree char *paused = NULL;
  GtkWidget *parent;
  GtkWidget *dialog;
  gpointer pointer;
  guint saved = 0;

  if (!have_keyring)
    {
      g_test_skip ("No keyring to store the password in");
      return;
    }

  account->from_address = g_strdup ("reception@tilleuls.fr");
  account->host = g_strdup ("smtp.tilleuls.fr");
  account->port = 465;
  account->user = g_strdup ("reception");
  clt_store_set_mail_account (fixture->store, account, &error);
  g_assert_no_error (error);
  clt_store_set_outbox_paused (fixture->store, "The server refused the password.", &error);
  g_assert_no_error (error);

  parent = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (parent), 640, 480);
  gtk_window_present (GTK_WINDOW (parent));
  dialog = clt_password_dialog_new (GTK_WINDOW (parent), fixture->store);
  g_signal_connect_swapped (dialog, "password-saved", G_CALLBACK (count_cb), &saved);
  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);
  clt_test_gui_wait_for_label (dialog, "reception at smtp.tilleuls.fr");
  g_assert_false (gtk_widget_is_sensitive (clt_test_gui_get_button (dialog, "_Save and Retry")));

  clt_test_gui_set_row_text (dialog, "Password", "nouveau");
  clt_test_gui_save_screenshot (dialog, "password-dialog.png");

  pointer = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), &pointer);
  clt_test_gui_click (clt_test_gui_get_button (dialog, "_Save and Retry"));
  clt_test_gui_spin_until (is_pointer_cleared, &pointer);
  g_assert_cmpuint (saved, ==, 1);

  password = clt_secret_lookup_password ("smtp.tilleuls.fr", "reception", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (password, ==, "nouveau");
  paused = clt_store_get_outbox_paused (fixture->store);
  g_assert_null (paused);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  g_autofree char *runtime = NULL;
  g_autofree char *display = NULL;
  int status;

  /* Keyrings and data of the test's own. */
  test_home = g_dir_make_tmp ("clientele-mail-home-XXXXXX", &error);
  g_assert_no_error (error);
  runtime = g_build_filename (test_home, "run", NULL);
  g_mkdir_with_parents (runtime, 0700);
  g_setenv ("HOME", test_home, TRUE);
  g_setenv ("XDG_DATA_HOME", test_home, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);

  /* A bus of the test's own, with nothing to activate: the session's may
   * already have started a locked keyring that would ask for a password. */
  display = g_strdup (g_getenv ("DISPLAY"));
  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  /* Which GTestDBus takes away. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);
  have_keyring = start_keyring ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/mail-settings/account", Fixture, NULL,
              fixture_set_up, test_account, fixture_tear_down);
  g_test_add ("/gui/mail-settings/account-invalid", Fixture, NULL,
              fixture_set_up, test_account_invalid, fixture_tear_down);
  g_test_add ("/gui/mail-settings/provider-guess", Fixture, NULL,
              fixture_set_up, test_provider_guess, fixture_tear_down);
  g_test_add ("/gui/mail-settings/provider-saved-other", Fixture, NULL,
              fixture_set_up, test_provider_saved_other, fixture_tear_down);
  g_test_add ("/gui/mail-settings/port-digits", Fixture, NULL,
              fixture_set_up, test_port_digits, fixture_tear_down);
  g_test_add ("/gui/mail-settings/provider-shots/wide", Fixture, GINT_TO_POINTER (1280),
              fixture_set_up, test_provider_shots, fixture_tear_down);
  g_test_add ("/gui/mail-settings/provider-shots/narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_provider_shots, fixture_tear_down);
  g_test_add ("/gui/mail-settings/test-connection", Fixture, NULL,
              fixture_set_up, test_connection, fixture_tear_down);
  g_test_add ("/gui/mail-settings/password-dialog", Fixture, NULL,
              fixture_set_up, test_password_dialog, fixture_tear_down);
  g_test_add ("/gui/mail-settings/template-errors", Fixture, NULL,
              fixture_set_up, test_template_errors, fixture_tear_down);
  g_test_add ("/gui/mail-settings/template-builtin", Fixture, NULL,
              fixture_set_up, test_template_builtin, fixture_tear_down);

  status = g_test_run ();
  /* Stopped, not brought down: GTK keeps its connection to the end, and
   * bringing the bus down would wait for it in vain. */
  g_test_dbus_stop (test_bus);
  clt_test_gui_remove_dir (test_home);
  g_free (test_home);

  return status;
}

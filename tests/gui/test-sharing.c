/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-sharing"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-preferences-window.h"
#include "clt-sharing-page.h"
#include "clt-sync-collections-dialog.h"
#include "clt-sync-indicator.h"
#include "clt-sync-runner.h"
#include "clt-sync-status.h"
#include "clt-window.h"

#include "clt-test-gui.h"
#include "clt-test-radicale.h"

/* Sharing in the window (issue 14): the Sharing page of Preferences at
 * 360 px, in English and (test-sharing-fr) in French; Connect against a
 * real Radicale on loopback with a wrong password, then the right one; a
 * customer added in the window reaching the server a few seconds later,
 * and one another desk put there coming into the window's list. The
 * rounds are clientele-cli's (CLT_CLI), which keeps the password in a
 * gnome-keyring-daemon of the test's own, in its D-Bus session. */

#define USER "front-desk"
#define PASSWORD "Tilleuls-2026"

static CltApplication *app;
static char *home;
static gboolean french;
static GPid keyring_pid;

typedef struct
{
  char            *dir;
  char            *path;
  CltTestRadicale *server;
  CltWindow       *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = clt_test_gui_make_book_dir ("clientele-sharing", &fixture->path);
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

  g_clear_pointer (&fixture->server, clt_test_radicale_free);
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* --- the keyring ---------------------------------------------------------- */

static GPid
secrets_owner_pid (GDBusConnection *bus)
{
  g_autoptr(GVariant) reply = NULL;
  guint32 pid = 0;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "GetConnectionUnixProcessID",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, 1000, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(u)", &pid);

  return (GPid) pid;
}

/* gnome-keyring-daemon, unlocked, in this session with this test's HOME;
 * FALSE (the tests that need it skip) without a session bus, or when
 * someone else's keyring answers there. */
static gboolean
start_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GBytes) input = g_bytes_new_static ("keyring-password-for-the-test", 29);
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL || secrets_owner_pid (bus) != 0)
    return FALSE;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  /* It warns when an item is stored again: not our code's warning. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  process = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--daemonize",
                                         "--unlock", "--components=secrets", NULL);
  if (process == NULL)
    {
      g_test_message ("No keyring: %s", error->message);
      return FALSE;
    }
  g_subprocess_communicate (process, input, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((keyring_pid = secrets_owner_pid (bus)) == 0 && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);

  return keyring_pid != 0 && clt_test_gui_keyring_takes_passwords ();
}

/* Gone from the bus before the next test of the same session starts its
 * own. */
static void
stop_keyring (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  kill (keyring_pid, SIGTERM);
  while (bus != NULL && secrets_owner_pid (bus) != 0 && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
}

/* --- the page ------------------------------------------------------------- */

static CltWindow *
open_book (Fixture *fixture,
           int      width)
{
  CltWindow *window = clt_application_open_book (app, fixture->path);

  gtk_window_set_default_size (GTK_WINDOW (window), width, 700);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);
  g_assert_nonnull (clt_window_get_sync_runner (window));

  return window;
}

static CltPreferencesWindow *
open_sharing (CltWindow *book_window,
              int        width)
{
  CltPreferencesWindow *window = clt_preferences_window_new (GTK_WINDOW (book_window),
                                                             clt_window_get_store (book_window));

  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), width, 900);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "sharing");
  gtk_window_present (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);

  return window;
}

static GtkWidget *
get_page (gpointer window)
{
  return clt_test_gui_get_widget (window, CLT_TYPE_SHARING_PAGE);
}

static void
save_shot (gpointer    window,
           const char *what)
{
  g_autofree char *name = g_strdup_printf ("sharing-%s-%s.png", what, french ? "fr" : "en");

  clt_test_gui_save_screenshot (window, name);
}

static void
assert_fits (CltPreferencesWindow *window)
{
  int minimum;

  gtk_widget_measure (gtk_window_get_child (GTK_WINDOW (window)), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_test_message ("minimum width %d", minimum);
  g_assert_cmpint (minimum, <=, 360);
}

static void
fill_form (gpointer    window,
           const char *url,
           const char *password)
{
  GtkWidget *page = get_page (window);

  clt_test_gui_set_row_text (page, _("Server Address"), url);
  clt_test_gui_set_row_text (page, _("User Name"), USER);
  clt_test_gui_set_row_text (page, _("Password"), password);
}

static gboolean
is_shared (gpointer data)
{
  CltSyncRunner *runner = data;

  return clt_sync_runner_get_shared (runner);
}

static gboolean
round_done (gpointer data)
{
  CltSyncRunner *runner = data;
  CltSyncRound round;

  clt_sync_get_last_round (clt_sync_runner_get_store (runner), &round);
  return round.attempt > 0 && !clt_sync_runner_get_running (runner);
}

static gboolean
is_shown_primary_menu (GtkWidget     *widget,
                       gconstpointer  data)
{
  return gtk_widget_get_mapped (widget) && GTK_IS_MENU_BUTTON (widget) &&
         gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget));
}

/* A menu item (GTK's private GtkModelButton) with this text, shown. */
static gboolean
is_menu_item (GtkWidget     *widget,
              gconstpointer  text)
{
  g_autofree char *item_text = NULL;

  if (g_strcmp0 (G_OBJECT_TYPE_NAME (widget), "GtkModelButton") != 0)
    return FALSE;
  g_object_get (widget, "text", &item_text, NULL);
  return g_strcmp0 (item_text, text) == 0 && gtk_widget_get_visible (widget);
}

/* Whether the main menu, opened, offers Sync Now. */
static gboolean
menu_offers_sync_now (CltWindow *window)
{
  GtkWidget *button = clt_test_gui_find_widget (GTK_WIDGET (window), is_shown_primary_menu, NULL);
  g_auto(GStrv) label = NULL;
  g_autofree char *text = NULL;
  GtkPopover *popover;
  gboolean offered;

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  clt_test_gui_wait_for_paint (GTK_WIDGET (popover));
  /* Shown without its mnemonic's underscore. */
  label = g_strsplit (_("S_ync Now"), "_", -1);
  text = g_strjoinv ("", label);
  offered = clt_test_gui_find_widget (GTK_WIDGET (popover), is_menu_item, text) != NULL;
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  return offered;
}

/* The form, empty, and what is missing said in words. */
static void
test_page (Fixture       *fixture,
           gconstpointer  user_data)
{
  CltWindow *book_window = open_book (fixture, 1024);
  CltPreferencesWindow *window = open_sharing (book_window, 360);
  GtkWidget *page = get_page (window);

  g_assert_true (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (window)) ==
                 ADW_PREFERENCES_PAGE (page));
  /* The examples a shop owner needs to fill the address in. */
  clt_test_gui_wait_for_label (page, "https://cloud.example.com/remote.php/dav");
  clt_test_gui_wait_for_label (page, "Radicale");
  clt_test_gui_wait_for_label (page, _("Share the Book Between Desks"));
  assert_fits (window);
  save_shot (window, "setup");

  clt_test_gui_click (clt_test_gui_get_button (page, _("_Connect")));
  clt_test_gui_wait_for_label (page, _("Fill in the server’s address, your user name and your password."));
  /* Nothing was set up, and the menu offers no Sync Now. */
  g_assert_false (clt_sync_runner_get_shared (clt_window_get_sync_runner (book_window)));
  g_assert_false (menu_offers_sync_now (book_window));
  g_assert_false (clt_store_sync_get_account (clt_window_get_store (book_window), NULL, NULL, NULL));
}

/* A server whose task list takes no journal entries: the page says that
 * logged contacts stay on this desk; one that takes them says nothing. */
static void
test_journals (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CltWindow *book_window = open_book (fixture, 1024);
  CltStore *store = clt_window_get_store (book_window);
  const char *stay = _("Logged contacts stay on this desk");
  CltPreferencesWindow *window;
  GtkWidget *page;

  g_assert_true (clt_store_sync_set_account (store, "http://127.0.0.1:9/", USER, &error));
  g_assert_true (clt_store_sync_set_collection (store, CLT_SYNC_PROMISE, "http://127.0.0.1:9/desk/tasks/", &error));
  g_assert_true (clt_store_sync_set_collection (store, CLT_SYNC_CONTACT, "", &error));
  g_assert_no_error (error);

  window = open_sharing (book_window, 360);
  page = get_page (window);
  clt_test_gui_wait_for_label (page, stay);
  /* Never synced: said so, not a blank row. */
  clt_test_gui_wait_for_label (page, _("Not synced yet."));
  assert_fits (window);
  save_shot (window, "journals");
  gtk_window_destroy (GTK_WINDOW (window));

  g_assert_true (clt_store_sync_set_collection (store, CLT_SYNC_CONTACT, "http://127.0.0.1:9/desk/tasks/", &error));
  g_assert_no_error (error);
  window = open_sharing (book_window, 360);
  page = get_page (window);
  clt_test_gui_wait_for_label (page, "http://127.0.0.1:9/");
  clt_test_gui_wait_for_no_label (page, stay);
}

/* Connect against Radicale: a wrong password is said, the right one shares
 * the book and runs a first round. */
static CltPreferencesWindow *
connect (Fixture *fixture)
{
  CltPreferencesWindow *window;
  CltSyncRunner *runner;
  GtkWidget *page;
  g_autofree char *refused = NULL;
  g_autofree char *status = NULL;
  g_autofree char *synced = NULL;
  const char *format = _("Last synced %s.");

  fixture->server = clt_test_radicale_start (USER, PASSWORD, NULL);
  fixture->window = open_book (fixture, 1024);
  runner = clt_window_get_sync_runner (fixture->window);
  window = open_sharing (fixture->window, 360);
  page = get_page (window);

  fill_form (window, clt_test_radicale_get_url (fixture->server), "not-the-password");
  clt_test_gui_click (clt_test_gui_get_button (page, _("_Connect")));
  /* The words of the WebDAV client, through clientele-cli. */
  refused = g_strdup_printf (_("The server “%s” refused the user name or password. Check them, or use "
                               "an app password if your provider asks for one."), "127.0.0.1");
  clt_test_gui_spin_until_full (clt_test_gui_label_is_shown,
                                &(CltTestGuiLabelQuery) { page, refused }, 30, refused);
  g_assert_false (clt_sync_runner_get_shared (runner));
  assert_fits (window);
  save_shot (window, "wrong-password");

  gtk_editable_set_text (GTK_EDITABLE (clt_test_gui_get_entry_row (page, _("Password"))), PASSWORD);
  clt_test_gui_wait_for_no_label (page, refused);
  clt_test_gui_click (clt_test_gui_get_button (page, _("_Connect")));
  clt_test_gui_spin_until_full (is_shared, runner, 30, "shared");
  clt_test_gui_spin_until_full (round_done, runner, 60, "a first round");
  status = clt_sync_runner_dup_status (runner);
  g_test_message ("After the first round: %s", status);
  synced = g_strndup (format, strstr (format, "%s") - format);
  g_assert_true (g_str_has_prefix (status, synced));
  clt_test_gui_wait_for_label (page, synced);
  /* Radicale takes journal entries in the task list. */
  clt_test_gui_wait_for_no_label (page, _("Logged contacts stay on this desk"));
  save_shot (window, "shared");

  return window;
}

static void
test_connect (Fixture       *fixture,
              gconstpointer  user_data)
{
  if (!clt_test_radicale_available () || keyring_pid == 0)
    {
      g_test_skip ("Radicale or a keyring of the test's own is missing");
      return;
    }

  connect (fixture);
}

/* Another desk: a book of its own, shared and synced by clientele-cli. */
static void
run_cli (const char  *input,
         char       **output,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) stdin_bytes = g_bytes_new (input != NULL ? input : "", input != NULL ? strlen (input) : 0);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("CLT_CLI"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, stdin_bytes, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_test_message ("%s: %.*s", (char *) argv->pdata[3], (int) g_bytes_get_size (err),
                    (char *) g_bytes_get_data (err, NULL));
  g_assert_true (g_subprocess_get_successful (process));
  if (output != NULL)
    *output = g_strndup (g_bytes_get_size (out) > 0 ? g_bytes_get_data (out, NULL) : "", g_bytes_get_size (out));
}

static gboolean
other_desk_has (gpointer data)
{
  const char * const *what = data;
  g_autofree char *found = NULL;

  run_cli (NULL, NULL, "--database", what[0], "sync", NULL);
  run_cli (NULL, &found, "--database", what[0], "search", what[1], NULL);

  return strstr (found, what[1]) != NULL;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

/* { guint *count, GUINT_TO_POINTER (than) } */
static gboolean
count_above (gpointer data)
{
  gpointer *pair = data;

  return *(guint *) pair[0] > GPOINTER_TO_UINT (pair[1]);
}

/* Both ways between the window and another desk. */
static void
test_both_ways (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *other = NULL;
  g_autofree char *password_line = g_strdup (PASSWORD "\n");
  g_autofree char *found = NULL;
  g_autofree char *other_id = NULL;
  const char *url;
  CltSyncRunner *runner;
  CltStore *store;
  gint64 zoe;
  gint64 added;
  guint n_book_changed = 0;
  guint n_rounds = 0;
  gint64 elapsed;

  if (!clt_test_radicale_available () || keyring_pid == 0)
    {
      g_test_skip ("Radicale or a keyring of the test's own is missing");
      return;
    }

  gtk_window_destroy (GTK_WINDOW (connect (fixture)));
  runner = clt_window_get_sync_runner (fixture->window);
  store = clt_window_get_store (fixture->window);
  url = clt_test_radicale_get_url (fixture->server);

  g_signal_connect_swapped (runner, "book-changed", G_CALLBACK (count_cb), &n_book_changed);
  g_signal_connect_swapped (runner, "round-finished", G_CALLBACK (count_cb), &n_rounds);

  /* A round that brings nothing: no view is read again. */
  for (guint i = 0; i < 3; i++)
    {
      guint before = n_rounds;
      gint64 start = g_get_monotonic_time ();

      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL);
      clt_test_gui_spin_until_full (count_above, (gpointer []) { &n_rounds, GUINT_TO_POINTER (before) }, 30,
                                    "an empty round");
      g_test_message ("A round with nothing to do: %" G_GINT64_FORMAT " ms",
                      (g_get_monotonic_time () - start) / 1000);
    }
  g_assert_cmpuint (n_book_changed, ==, 0);

  other = g_build_filename (fixture->dir, "back-office.db", NULL);
  run_cli (password_line, NULL, "--database", other, "sync", "setup", "--url", url, "--user", USER,
           "--password-stdin", NULL);
  run_cli (NULL, NULL, "--database", other, "sync", NULL);

  /* Typed at this desk: on the server once the burst of changes is over. */
  added = g_get_monotonic_time ();
  zoe = clt_test_gui_add_customer (store, "Zoé Fenêtre");
  /* Chosen in the list, the only one in it, without a search. */
  clt_test_gui_wait_for_label (fixture->window, "Zoé Fenêtre");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.move-selection", "i", 1));
  g_assert_cmpint (clt_window_get_customer_id (fixture->window), ==, zoe);
  clt_test_gui_spin_until_full (other_desk_has, (const char *[]) { other, "Fenêtre" }, 30,
                                "the window's customer on the other desk");
  elapsed = (g_get_monotonic_time () - added) / 1000;
  g_test_message ("A customer typed in the window reached the other desk in %" G_GINT64_FORMAT " ms", elapsed);

  /* Made at the other desk: in this window's list after a round. */
  run_cli (NULL, NULL, "--database", other, "add", "Marc Autrebureau", NULL);
  run_cli (NULL, NULL, "--database", other, "sync", NULL);
  g_assert_true (menu_offers_sync_now (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL);
  clt_test_gui_wait_for_label (fixture->window, "Marc Autrebureau");
  g_assert_cmpuint (n_book_changed, ==, 1);
  g_assert_false (clt_sync_runner_get_paused (runner));
  /* The one shown stays shown. */
  g_assert_cmpint (clt_window_get_customer_id (fixture->window), ==, zoe);

  /* A promise made there to the customer shown here: on her page. */
  run_cli (NULL, &found, "--database", other, "search", "Fenêtre", NULL);
  other_id = g_strndup (found, strcspn (found, "\t"));
  run_cli (NULL, NULL, "--database", other, "promise", other_id, "Rappeler pour la chambre 12",
           "--due", "2030-05-14", NULL);
  run_cli (NULL, NULL, "--database", other, "sync", NULL);
  g_assert_cmpint (clt_window_get_customer_id (fixture->window), ==, zoe);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL);
  clt_test_gui_spin_until_full (clt_test_gui_label_is_shown,
                                &(CltTestGuiLabelQuery) { GTK_WIDGET (fixture->window), "Rappeler pour la chambre 12" },
                                30, "the other desk's promise on the customer's page");
  g_assert_cmpint (clt_window_get_customer_id (fixture->window), ==, zoe);
  clt_test_gui_save_screenshot (fixture->window, french ? "sharing-pulled-fr.png" : "sharing-pulled-en.png");
}

/* --- picking the address book and the task list --------------------------- */

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

/* The names the row offers, one a line. */
static char *
combo_names (AdwComboRow *row)
{
  GListModel *model = adw_combo_row_get_model (row);
  GString *names = g_string_new (NULL);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    g_string_append_printf (names, "%s\n", gtk_string_list_get_string (GTK_STRING_LIST (model), i));
  return g_string_free (names, FALSE);
}

static void
select_name (AdwComboRow *row,
             const char  *name)
{
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), name) == 0)
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
  g_error ("“%s” is not offered", name);
}

static gboolean
rows_filled (gpointer data)
{
  AdwComboRow *row = get_combo_row (data, _("Task List"));

  return adw_combo_row_get_model (row) != NULL && gtk_widget_get_mapped (GTK_WIDGET (row));
}

static gboolean
is_collections_row (GtkWidget     *widget,
                    gconstpointer  data)
{
  return ADW_IS_ACTION_ROW (widget) && !ADW_IS_COMBO_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                    _("_Address Book and Task List")) == 0;
}

/* The dialog, opened from the page's row, once the server answered. */
static CltSyncCollectionsDialog *
open_collections (GtkWidget *page)
{
  GtkWidget *row = clt_test_gui_find_widget (page, is_collections_row, NULL);
  GtkWidget *dialog;

  g_assert_nonnull (row);
  adw_action_row_activate (ADW_ACTION_ROW (row));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_SYNC_COLLECTIONS_DIALOG);
  clt_test_gui_spin_until_full (rows_filled, dialog, 30, "the server's collections");
  return CLT_SYNC_COLLECTIONS_DIALOG (dialog);
}

static void
save_dialog_shot (gpointer    dialog,
                  const char *what,
                  int         width)
{
  g_autofree char *name = g_strdup_printf ("collections-%s-%d-%s.png", what, width, french ? "fr" : "en");

  int minimum;

  /* It fits at 360 px, whatever it shows. */
  gtk_widget_measure (gtk_window_get_child (GTK_WINDOW (dialog)), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);
  gtk_window_set_default_size (GTK_WINDOW (dialog), width, 640);
  clt_test_gui_wait_for_paint (GTK_WIDGET (dialog));
  clt_test_gui_save_screenshot (dialog, name);
}

/* Every dialog of the page opens 360 px wide, as on a phone. */
static void
toplevels_changed_cb (GListModel *toplevels,
                      guint       position,
                      guint       removed,
                      guint       added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (CLT_IS_SYNC_COLLECTIONS_DIALOG (window))
        gtk_window_set_default_size (window, 360, 640);
    }
}

/* The address book and the task list the book's sync uses now. */
static char *
collection (CltStore    *store,
            CltSyncKind  kind)
{
  g_autofree char *href = NULL;

  g_assert_true (clt_store_sync_get_collection (store, kind, &href, NULL, NULL));
  return g_steal_pointer (&href);
}

static gboolean
is_collection (gpointer data)
{
  gpointer *pair = data;
  g_autofree char *href = collection (pair[0], CLT_SYNC_CUSTOMER);

  return href != NULL && g_str_has_suffix (href, pair[1]);
}

/* A task list in Radicale's storage, as another program makes one. */
static void
make_task_list (const char *dir,
                const char *name,
                const char *components)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *props = g_build_filename (dir, ".Radicale.props", NULL);
  g_autofree char *text = g_strdup_printf ("{\"tag\": \"VCALENDAR\", \"D:displayname\": \"%s\", "
                                           "\"C:supported-calendar-component-set\": \"%s\"}",
                                           name, components);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_file_set_contents (props, text, -1, &error);
  g_assert_no_error (error);
}

/* Whether the server's folder holds a card. */
static gboolean
holds_cards (gpointer data)
{
  g_autoptr(GDir) dir = g_dir_open (data, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".vcf"))
      return TRUE;
  return FALSE;
}

/* An address book another desk made ("Carnet du bureau") and a task list
 * of promises only, picked in the dialog before Connect: the book comes
 * from and goes to them; the dialog says the logged contacts stay here.
 * Then, shared, "Clientele (new)" picked again: a new first round there. */
static void
test_collections (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *other = NULL;
  g_autofree char *password_line = g_strdup (PASSWORD "\n");
  g_autofree char *user_dir = NULL;
  g_autofree char *tasks_dir = NULL;
  g_autofree char *names = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *journals = NULL;
  g_autoptr(GError) error = NULL;
  CltSyncCollectionsDialog *dialog;
  CltPreferencesWindow *window;
  CltSyncRunner *runner;
  CltStore *store;
  g_autofree char *expected = g_strconcat (_("Clientele (new)"), "\nCarnet du bureau\n", NULL);
  g_autofree char *clientele_dir = NULL;
  g_autofree char *refused = g_strdup_printf (_("The server “%s” refused the user name or password. Check them, "
                                                "or use an app password if your provider asks for one."),
                                              "127.0.0.1");
  g_autofree char *promesses = g_strdup_printf (C_("collection name, address", "%s (%s)"), "Promesses",
                                                "/" USER "/promesses/");
  g_autofree char *promesses_archives = g_strdup_printf (C_("collection name, address", "%s (%s)"),
                                                         "Promesses", "/" USER "/archives/");
  g_autofree char *expected_tasks = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GSocketListener) silent = NULL;
  g_autofree char *silent_url = NULL;
  guint16 silent_port;
  GtkWidget *page;

  if (!clt_test_radicale_available () || keyring_pid == 0)
    {
      g_test_skip ("Radicale or a keyring of the test's own is missing");
      return;
    }

  fixture->server = clt_test_radicale_start (USER, PASSWORD, NULL);
  /* Another desk, on an address book named by it (made on the server). */
  other = g_build_filename (fixture->dir, "back-office.db", NULL);
  run_cli (NULL, NULL, "--database", other, "add", "Marc Autrebureau", NULL);
  run_cli (password_line, NULL, "--database", other, "sync", "setup", "--url",
           clt_test_radicale_get_url (fixture->server), "--user", USER, "--password-stdin",
           "--address-book", "Carnet du bureau", NULL);
  run_cli (NULL, NULL, "--database", other, "sync", NULL);
  /* A task list of promises only, as another program makes one. */
  user_dir = clt_test_radicale_user_dir (fixture->server);
  tasks_dir = g_build_filename (user_dir, "promesses", NULL);
  make_task_list (tasks_dir, "Promesses", "VTODO");
  /* And one of the same name elsewhere, told apart by its address. */
  {
    g_autofree char *archive = g_build_filename (user_dir, "archives", NULL);

    make_task_list (archive, "Promesses", "VTODO,VJOURNAL");
  }

  fixture->window = open_book (fixture, 1024);
  runner = clt_window_get_sync_runner (fixture->window);
  store = clt_window_get_store (fixture->window);
  window = open_sharing (fixture->window, 360);
  page = get_page (window);
  clt_test_gui_wait_for_label (page, _("Clientele (new)"));

  /* Nothing to ask the server with: said so. */
  adw_action_row_activate (ADW_ACTION_ROW (clt_test_gui_find_widget (page, is_collections_row, NULL)));
  clt_test_gui_wait_for_label (page, _("Fill in the server’s address, your user name and your password."));
  g_assert_null (clt_test_gui_find_toplevel (CLT_TYPE_SYNC_COLLECTIONS_DIALOG));

  g_signal_connect (gtk_window_get_toplevels (), "items-changed", G_CALLBACK (toplevels_changed_cb), NULL);

  /* A wrong password: said in the dialog, which can try again. */
  fill_form (window, clt_test_radicale_get_url (fixture->server), "not-the-password");
  adw_action_row_activate (ADW_ACTION_ROW (clt_test_gui_find_widget (page, is_collections_row, NULL)));
  dialog = CLT_SYNC_COLLECTIONS_DIALOG (clt_test_gui_wait_for_toplevel (CLT_TYPE_SYNC_COLLECTIONS_DIALOG));
  clt_test_gui_spin_until_full (clt_test_gui_label_is_shown,
                                &(CltTestGuiLabelQuery) { GTK_WIDGET (dialog), refused }, 30, refused);
  save_dialog_shot (dialog, "refused", 360);
  gtk_window_close (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_SYNC_COLLECTIONS_DIALOG));

  /* A server that never answers: a spinner until Cancel, which ends the
   * listing. */
  silent = g_socket_listener_new ();
  silent_port = g_socket_listener_add_any_inet_port (silent, NULL, &error);
  g_assert_no_error (error);
  silent_url = g_strdup_printf ("http://127.0.0.1:%u/", silent_port);
  fill_form (window, silent_url, PASSWORD);
  adw_action_row_activate (ADW_ACTION_ROW (clt_test_gui_find_widget (page, is_collections_row, NULL)));
  dialog = CLT_SYNC_COLLECTIONS_DIALOG (clt_test_gui_wait_for_toplevel (CLT_TYPE_SYNC_COLLECTIONS_DIALOG));
  clt_test_gui_wait_for_label (dialog, _("Asking the server for its address books and task lists…"));
  g_assert_false (gtk_widget_get_sensitive (clt_test_gui_get_button (dialog, _("_Use"))));
  save_dialog_shot (dialog, "asking", 360);
  clt_test_gui_click (clt_test_gui_get_button (dialog, _("_Cancel")));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_SYNC_COLLECTIONS_DIALOG));
  clt_test_gui_wait_for_label (page, _("Clientele (new)"));
  g_socket_listener_close (silent);

  fill_form (window, clt_test_radicale_get_url (fixture->server), PASSWORD);
  dialog = open_collections (page);
  /* The server's, by name, behind the one Clientele makes. */
  names = combo_names (get_combo_row (dialog, _("Address Book")));
  g_assert_cmpstr (names, ==, expected);
  tasks = combo_names (get_combo_row (dialog, _("Task List")));
  expected_tasks = g_strdup_printf ("Clientele\n%s\n%s\n",
                                    promesses_archives, promesses);
  g_assert_cmpstr (tasks, ==, expected_tasks);
  g_assert_cmpuint (adw_combo_row_get_selected (get_combo_row (dialog, _("Address Book"))), ==, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (get_combo_row (dialog, _("Task List"))), ==, 0);
  clt_test_gui_wait_for_no_label (dialog, _("Logged contacts stay on this desk"));
  save_dialog_shot (dialog, "default", 360);

  select_name (get_combo_row (dialog, _("Address Book")), "Carnet du bureau");
  select_name (get_combo_row (dialog, _("Task List")), promesses_archives);
  clt_test_gui_wait_for_no_label (dialog, _("Logged contacts stay on this desk"));
  select_name (get_combo_row (dialog, _("Task List")), promesses);
  clt_test_gui_wait_for_label (dialog, _("Logged contacts stay on this desk"));
  save_dialog_shot (dialog, "picked", 360);
  save_dialog_shot (dialog, "picked", 600);
  clt_test_gui_click (clt_test_gui_get_button (dialog, _("_Use")));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_SYNC_COLLECTIONS_DIALOG));
  summary = g_strdup_printf (C_("address book, task list", "%s, %s"), "Carnet du bureau", promesses);
  clt_test_gui_wait_for_label (page, summary);
  assert_fits (window);
  save_shot (window, "collections-picked");
  /* Another user name: the choice was that account's. */
  clt_test_gui_set_row_text (page, _("User Name"), "someone-else");
  clt_test_gui_wait_for_no_label (page, summary);
  clt_test_gui_wait_for_label (page, _("Clientele (new)"));
  clt_test_gui_set_row_text (page, _("User Name"), USER);
  dialog = open_collections (page);
  select_name (get_combo_row (dialog, _("Address Book")), "Carnet du bureau");
  select_name (get_combo_row (dialog, _("Task List")), promesses);
  clt_test_gui_click (clt_test_gui_get_button (dialog, _("_Use")));
  clt_test_gui_wait_for_label (page, summary);

  clt_test_gui_click (clt_test_gui_get_button (page, _("_Connect")));
  clt_test_gui_spin_until_full (is_shared, runner, 30, "shared");
  clt_test_gui_spin_until_full (round_done, runner, 60, "a first round");
  /* The other desk's customer came from the address book picked. */
  clt_test_gui_wait_for_label (fixture->window, "Marc Autrebureau");
  g_assert_true (is_collection ((gpointer []) { store, "/carnet-du-bureau-contacts/" }));
  tasks = (g_free (tasks), collection (store, CLT_SYNC_PROMISE));
  g_assert_true (g_str_has_suffix (tasks, "/" USER "/promesses/"));
  journals = collection (store, CLT_SYNC_CONTACT);
  g_assert_cmpstr (journals, ==, "");
  clt_test_gui_wait_for_label (page, _("Logged contacts stay on this desk"));
  /* The page settled (no round changing its rows) before it is drawn. */
  clt_test_gui_spin_until_full (round_done, runner, 60, "the round over");
  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
  save_shot (window, "collections-shared");

  /* Shared: the ones used now are selected; Clientele's picked again. */
  dialog = open_collections (page);
  g_assert_cmpuint (adw_combo_row_get_selected (get_combo_row (dialog, _("Address Book"))), ==, 1);
  g_assert_cmpuint (adw_combo_row_get_selected (get_combo_row (dialog, _("Task List"))), ==, 2);
  select_name (get_combo_row (dialog, _("Address Book")), _("Clientele (new)"));
  clt_test_gui_wait_for_label (dialog, _("This Desk Will Send Its Whole Book"));
  clt_test_gui_wait_for_label (dialog, _("With others than those in use, this desk sends its whole book to "
                                         "them at the next sync, and takes what they hold. Those used until "
                                         "now stay on the server as they are."));
  save_dialog_shot (dialog, "change", 360);
  clt_test_gui_click (clt_test_gui_get_button (dialog, _("_Use")));
  clt_test_gui_spin_until_full (is_collection, (gpointer []) { store, "/clientele-contacts/" }, 30,
                                "the Clientele address book");
  /* The whole book sent there by the next round; nothing lost here. */
  clientele_dir = g_build_filename (user_dir, "clientele-contacts", NULL);
  clt_test_gui_spin_until_full (holds_cards, clientele_dir, 60, "the book in the Clientele address book");
  clt_test_gui_wait_for_label (fixture->window, "Marc Autrebureau");
  g_assert_false (clt_sync_runner_get_paused (runner));
  g_signal_handlers_disconnect_by_func (gtk_window_get_toplevels (), toplevels_changed_cb, NULL);
}

static gboolean
is_not_shared (gpointer data)
{
  return !clt_sync_runner_get_shared (data);
}

static gboolean
keyring_forgot (gpointer data)
{
  g_autofree char *password = clt_secret_lookup_sync_password (data, USER, NULL, NULL);

  return password == NULL;
}

static gboolean
is_resumed (gpointer data)
{
  return !clt_sync_runner_get_paused (data) && !clt_sync_runner_get_running (data);
}

static gboolean
is_paused (gpointer data)
{
  return clt_sync_runner_get_paused (data);
}

static void
stop_response (GtkWidget *widget)
{
  if (ADW_IS_MESSAGE_DIALOG (widget))
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (widget), "stop");
}

/* The password changed on the server: said once, in a toast that opens
 * Preferences, and on the Sharing page; rounds wait. Then sharing stops,
 * the keyring's item with it. */
static void
test_refused (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *users = NULL;
  g_autofree char *user_dir = NULL;
  g_autofree char *status = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  CltPreferencesWindow *window;
  CltSyncRunner *runner;
  AdwEntryRow *new_password;
  CltSyncRound round;
  GtkWidget *page;
  GtkWidget *dialog;

  if (!clt_test_radicale_available () || keyring_pid == 0)
    {
      g_test_skip ("Radicale or a keyring of the test's own is missing");
      return;
    }

  gtk_window_destroy (GTK_WINDOW (connect (fixture)));
  runner = clt_window_get_sync_runner (fixture->window);
  url = g_strdup (clt_test_radicale_get_url (fixture->server));

  /* Radicale reads its htpasswd file at every request. */
  user_dir = clt_test_radicale_user_dir (fixture->server);
  users = g_build_filename (user_dir, "..", "..", "..", "users", NULL);
  g_file_set_contents (users, USER ":changed-by-the-owner\n", -1, &error);
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL);
  clt_test_gui_spin_until_full (is_paused, runner, 30, "the password refused");
  clt_test_gui_wait_for_label (fixture->window, _("The sharing server refused the password"));
  clt_test_gui_save_screenshot (fixture->window, french ? "sharing-refused-toast-fr.png" : "sharing-refused-toast-en.png");

  /* The toast's button opens Preferences on the Sharing page. */
  clt_test_gui_click (clt_test_gui_get_button (fixture->window, _("Open _Preferences")));
  window = CLT_PREFERENCES_WINDOW (clt_test_gui_wait_for_toplevel (CLT_TYPE_PREFERENCES_WINDOW));
  page = get_page (window);
  g_assert_true (adw_preferences_window_get_visible_page (ADW_PREFERENCES_WINDOW (window)) ==
                 ADW_PREFERENCES_PAGE (page));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 900);
  status = clt_sync_runner_dup_status (runner);
  g_test_message ("After the refusal: %s", status);
  clt_test_gui_wait_for_label (page, status);
  save_shot (window, "refused");

  /* The owner's new password, typed on the page: rounds go on. */
  new_password = clt_test_gui_get_entry_row (page, _("New Password"));
  gtk_editable_set_text (GTK_EDITABLE (new_password), "changed-by-the-owner");
  g_signal_emit_by_name (new_password, "apply");
  clt_test_gui_spin_until_full (is_resumed, runner, 30, "rounds going on");
  clt_test_gui_spin_until_full (round_done, runner, 30, "a round with the new password");
  clt_sync_get_last_round (clt_window_get_store (fixture->window), &round);
  g_assert_false (round.failed);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (new_password)));

  /* Stop Sharing, confirmed: the book and the keyring forget the account. */
  clt_test_gui_click (clt_test_gui_get_button (page, _("_Stop Sharing…")));
  dialog = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  clt_test_gui_save_screenshot (dialog, french ? "sharing-stop-fr.png" : "sharing-stop-en.png");
  stop_response (dialog);
  clt_test_gui_spin_until_full (is_not_shared, runner, 10, "not shared");
  clt_test_gui_wait_for_label (page, _("Share the Book Between Desks"));
  g_assert_false (clt_store_sync_get_account (clt_window_get_store (fixture->window), NULL, NULL, NULL));
  clt_test_gui_spin_until_full (keyring_forgot, url, 10, "the keyring's item gone");
  kept = clt_secret_lookup_sync_password (url, USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kept);
}

/* --- progress and Cancel ---------------------------------------------------- */

#define MANY 1200

/* The running round's clientele-cli, a child of this process. */
static GPid
find_round_pid (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *stat_path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *cmdline_path = g_build_filename ("/proc", name, "cmdline", NULL);
      g_autofree char *stat = NULL;
      g_autofree char *cmdline = NULL;
      gsize length = 0;
      const char *after;
      int ppid = 0;

      if (!g_ascii_isdigit (*name) || !g_file_get_contents (stat_path, &stat, NULL, NULL))
        continue;
      /* "pid (comm) state ppid …", comm may hold spaces. */
      after = strrchr (stat, ')');
      if (after == NULL || sscanf (after + 1, " %*c %d", &ppid) != 1 || ppid != getpid ())
        continue;
      if (!g_file_get_contents (cmdline_path, &cmdline, &length, NULL))
        continue;
      /* Its arguments, one after the other, each ended by a NUL. */
      for (const char *arg = cmdline; arg < cmdline + length; arg += strlen (arg) + 1)
        if (strcmp (arg, "--progress") == 0)
          return (GPid) atoi (name);
    }

  return 0;
}

static gboolean
is_receiving_customers (gpointer data)
{
  CltSyncRunner *runner = data;
  double fraction = clt_sync_runner_get_fraction (runner);

  return clt_sync_runner_get_running (runner) && fraction > 0 && fraction < 1;
}

static gboolean
has_round_process (gpointer data)
{
  GPid *pid = data;

  *pid = find_round_pid ();
  return *pid != 0;
}

static gboolean
is_shown_indicator (GtkWidget     *widget,
                    gconstpointer  data)
{
  return CLT_IS_SYNC_INDICATOR (widget) && gtk_widget_is_drawable (widget);
}

static gboolean
is_long_round (gpointer data)
{
  return clt_sync_runner_get_long_round (data);
}

static gboolean
is_idle (gpointer data)
{
  return !clt_sync_runner_get_running (data);
}

/* The folder of the address book among @user_dir's collections. */
static char *
find_address_book (const char *user_dir)
{
  g_autoptr(GDir) dir = g_dir_open (user_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *folder = g_build_filename (user_dir, name, NULL);
      g_autofree char *props_path = g_build_filename (folder, ".Radicale.props", NULL);
      g_autofree char *props = NULL;

      if (g_file_get_contents (props_path, &props, NULL, NULL) && strstr (props, "VADDRESSBOOK") != NULL)
        return g_steal_pointer (&folder);
    }
  return NULL;
}

/* A server holding MANY customers, in the address book another desk
 * made. The cards are written into Radicale's folder, as if that desk had
 * sent them: sending them through Radicale, one PUT each, takes a minute
 * on a slow machine (Radicale reads the collection at each). */
static void
fill_server (Fixture *fixture)
{
  g_autofree char *password_line = g_strdup (PASSWORD "\n");
  g_autofree char *other = g_build_filename (fixture->dir, "back-office.db", NULL);
  g_autofree char *user_dir = clt_test_radicale_user_dir (fixture->server);
  g_autofree char *folder = NULL;

  run_cli (NULL, NULL, "--database", other, "add", "Marc Autrebureau", NULL);
  run_cli (password_line, NULL, "--database", other, "sync", "setup", "--url",
           clt_test_radicale_get_url (fixture->server), "--user", USER, "--password-stdin", NULL);
  run_cli (NULL, NULL, "--database", other, "sync", NULL);
  folder = find_address_book (user_dir);
  g_assert_nonnull (folder);

  /* Marc's card and MANY - 1 more. */
  for (guint i = 1; i < MANY; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("client-%04u.vcf", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *card = g_strdup_printf ("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:client-%04u\r\n"
                                               "FN:Client %04u Hôtel\r\nN:Hôtel;Client %04u;;;\r\n"
                                               "EMAIL:client%04u@exemple.fr\r\nEND:VCARD\r\n",
                                               i, i, i, i);

      g_file_set_contents (path, card, -1, &error);
      g_assert_no_error (error);
    }
}

/* A first round of MANY customers shows its progress in words and a bar,
 * and Cancel stops it: the book keeps exactly the customers it says came
 * in, each once; rounds wait for Sync Now, which brings the rest. */
static void
test_progress (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autofree char *progress = NULL;
  g_autofree char *words = NULL;
  const char *format;
  g_autofree char *total = g_strdup_printf ("%'u", MANY);
  g_autofree char *stopped = NULL;
  CltPreferencesWindow *window;
  CltSyncRunner *runner;
  CltStore *store;
  GtkWidget *page;
  guint n_rounds = 0;
  gint64 count;
  GPid round_pid;

  if (!clt_test_radicale_available () || keyring_pid == 0)
    {
      g_test_skip ("Radicale or a keyring of the test's own is missing");
      return;
    }

  fixture->server = clt_test_radicale_start (USER, PASSWORD, NULL);
  fill_server (fixture);

  fixture->window = open_book (fixture, 1024);
  runner = clt_window_get_sync_runner (fixture->window);
  store = clt_window_get_store (fixture->window);
  window = open_sharing (fixture->window, 360);
  page = get_page (window);
  fill_form (window, clt_test_radicale_get_url (fixture->server), PASSWORD);
  clt_test_gui_click (clt_test_gui_get_button (page, _("_Connect")));

  /* The round runs ahead of what the window has read of it, and takes
   * about a second here: it goes on in slices of a few milliseconds
   * until the window shows it receiving customers, then is held still
   * while it is looked at. */
  clt_test_gui_spin_until_full (has_round_process, &round_pid, 30, "the first round");
  kill (round_pid, SIGSTOP);
  for (guint slice = 0; slice < 2000 && !(is_receiving_customers (runner) &&
                                           clt_sync_runner_get_fraction (runner) > 0.15); slice++)
    {
      kill (round_pid, SIGCONT);
      g_usleep (5 * 1000);
      kill (round_pid, SIGSTOP);
      clt_test_gui_spin (30);
    }
  g_assert_true (is_receiving_customers (runner) && clt_sync_runner_get_fraction (runner) > 0.15);
  clt_test_gui_spin_until_full (is_long_round, runner, 10, "a long round");
  clt_test_gui_spin (200);
  progress = clt_sync_runner_dup_progress_text (runner);
  g_test_message ("%s", progress);
  /* "Receiving customers: 240 of 1,200", in the locale's digits. */
  format = _("Receiving customers: %s of %s");
  words = g_strndup (format, strstr (format, "%s") - format);
  g_assert_true (g_str_has_prefix (progress, words));
  g_assert_true (g_str_has_suffix (progress, total));
  clt_test_gui_wait_for_label (page, progress);
  assert_fits (window);
  clt_test_gui_save_screenshot (window, french ? "progress-360-fr.png" : "progress-360-en.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 700);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (window, french ? "progress-wide-fr.png" : "progress-wide-en.png");

  /* The book window shows it too, in its header, for when Preferences
   * is closed; at 360 px as well. */
  {
    GtkWidget *indicator = clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_shown_indicator, NULL);

    GtkMenuButton *button;
    GtkPopover *popover;

    g_assert_nonnull (indicator);
    g_assert_cmpstr (gtk_widget_get_tooltip_text (gtk_widget_get_first_child (indicator)), ==, progress);
    /* Its popover, made when first opened, says the same, with Cancel. */
    button = GTK_MENU_BUTTON (gtk_widget_get_first_child (indicator));
    g_assert_null (gtk_menu_button_get_popover (button));
    gtk_menu_button_popup (button);
    popover = gtk_menu_button_get_popover (button);
    g_assert_nonnull (popover);
    clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
    clt_test_gui_wait_for_label (GTK_WIDGET (popover), progress);
    g_assert_true (gtk_widget_get_sensitive (clt_test_gui_get_button (GTK_WIDGET (popover), _("_Cancel Sync"))));
    gtk_menu_button_popdown (button);
    /* The empty book says it is being received, not how to fill it. */
    clt_test_gui_wait_for_label (GTK_WIDGET (fixture->window), _("Receiving the Shared Book"));
    clt_test_gui_wait_for_label (GTK_WIDGET (fixture->window), progress);
    clt_test_gui_wait_for_no_label (GTK_WIDGET (fixture->window), _("No Customers Yet"));
    clt_test_gui_save_screenshot (fixture->window, french ? "progress-window-wide-fr.png" : "progress-window-wide-en.png");
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 700);
    clt_test_gui_spin (300);
    g_assert_nonnull (clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_shown_indicator, NULL));
    clt_test_gui_save_screenshot (fixture->window, french ? "progress-window-360-fr.png" : "progress-window-360-en.png");
  }

  /* Cancel: the round stops where it is once it goes on. */
  g_signal_connect_swapped (runner, "round-finished", G_CALLBACK (count_cb), &n_rounds);
  clt_test_gui_click (clt_test_gui_get_button (page, _("_Cancel")));
  clt_test_gui_wait_for_label (page, _("Stopping…"));
  kill (round_pid, SIGCONT);
  clt_test_gui_spin_until_full (is_idle, runner, 30, "the round stopped");
  g_assert_cmpuint (n_rounds, ==, 1);
  g_assert_null (clt_test_gui_find_widget (GTK_WIDGET (fixture->window), is_shown_indicator, NULL));

  count = clt_store_count_customers (store);
  g_test_message ("Stopped with %" G_GINT64_FORMAT " of %u customers", count, MANY);
  g_assert_cmpint (count, >, 0);
  g_assert_cmpint (count, <, MANY);
  {
    g_autofree char *status = clt_sync_runner_dup_status (runner);

    g_test_message ("Status: %s", status);
  }
  /* In clientele-cli's words and digits: it runs in the environment's
   * locale (C.UTF-8 in English: no grouping), not in the en_US that
   * gtk_test_init() set for this process. */
  {
    g_autofree char *done = g_strdup_printf (french ? "%'u" : "%u", (guint) count);
    g_autofree char *all = g_strdup_printf (french ? "%'u" : "%u", MANY);

    stopped = g_strdup_printf (_("Sync was stopped with %s of %s customers received. "
                                 "The next sync receives the rest, none twice."), done, all);
  }
  clt_test_gui_wait_for_label (page, stopped);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  clt_test_gui_spin (300);
  clt_test_gui_save_screenshot (window, french ? "progress-stopped-fr.png" : "progress-stopped-en.png");

  /* No round starts by itself after a Cancel; Sync Now takes the rest. */
  clt_test_gui_spin (1500);
  g_assert_false (clt_sync_runner_get_running (runner));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sync-now", NULL);
  clt_test_gui_spin_until_full (count_above, (gpointer []) { &n_rounds, GUINT_TO_POINTER (1) }, 60,
                                "the round after the Cancel");
  g_assert_cmpint (clt_store_count_customers (store), ==, MANY);
  clt_test_gui_wait_for_no_label (page, stopped);
}

/* A server that takes connections and never answers. */
static gboolean
hold_connection_cb (GSocketService     *service,
                    GSocketConnection  *connection,
                    GObject            *source,
                    gpointer            user_data)
{
  g_ptr_array_add (user_data, g_object_ref (connection));
  return TRUE;
}

static gboolean
holds_one (gpointer data)
{
  GPtrArray *held = data;

  return held->len > 0;
}

static gboolean
is_connecting (gpointer page)
{
  return clt_test_gui_find_widget (page, clt_test_gui_is_button_labelled, _("_Cancel")) != NULL;
}

static gboolean
is_not_connecting (gpointer page)
{
  return clt_test_gui_find_widget (page, clt_test_gui_is_button_labelled, _("_Connect")) != NULL &&
         !is_connecting (page);
}

/* Connect's Cancel stops the setup where it is: no account, no password. */
static void
test_connect_cancel (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *kept = NULL;
  CltPreferencesWindow *window;
  CltSyncRunner *runner;
  GtkWidget *page;
  guint16 port;

  if (keyring_pid == 0)
    {
      g_test_skip ("No keyring of the test's own");
      return;
    }

  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (hold_connection_cb), held);
  url = g_strdup_printf ("http://127.0.0.1:%u/", port);

  fixture->window = open_book (fixture, 1024);
  runner = clt_window_get_sync_runner (fixture->window);
  window = open_sharing (fixture->window, 360);
  page = get_page (window);
  fill_form (window, url, PASSWORD);
  clt_test_gui_click (clt_test_gui_get_button (page, _("_Connect")));
  clt_test_gui_spin_until_full (is_connecting, page, 10, "connecting");
  /* It asked the server, which holds it there. */
  clt_test_gui_spin_until_full (holds_one, held, 10, "the setup asking the server");
  clt_test_gui_save_screenshot (window, french ? "progress-connecting-fr.png" : "progress-connecting-en.png");

  clt_test_gui_click (clt_test_gui_get_button (page, _("_Cancel")));
  clt_test_gui_spin_until_full (is_not_connecting, page, 10, "the setup stopped");
  /* Nothing kept, nothing said but the form as it was typed. */
  clt_test_gui_spin (500);
  g_assert_false (clt_store_sync_get_account (clt_window_get_store (fixture->window), NULL, NULL, NULL));
  g_assert_false (clt_sync_runner_get_shared (runner));
  kept = clt_secret_lookup_sync_password (url, USER, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (kept);
  clt_test_gui_wait_for_label (page, _("Share the Book Between Desks"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (clt_test_gui_get_entry_row (page, _("Server Address")))),
                   ==, url);
  g_socket_service_stop (service);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char * const dirs[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR" };
  int status;

  /* Nothing here may touch the real user's data or keyring. */
  home = g_dir_make_tmp ("clientele-sharing-home-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (dirs[i], dir, TRUE);
    }

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  french = clt_test_gui_init_language ();
  /* Xvfb has no window manager to send focus-out events: a blinking
   * cursor in a window left behind would warn. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, "gtk-cursor-blink", FALSE, NULL);

  if (!start_keyring ())
    g_test_message ("No keyring of the test's own: the tests with a server skip");

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/gui/sharing/page", Fixture, NULL, fixture_set_up, test_page, fixture_tear_down);
  g_test_add ("/gui/sharing/connect", Fixture, NULL, fixture_set_up, test_connect, fixture_tear_down);
  g_test_add ("/gui/sharing/journals", Fixture, NULL, fixture_set_up, test_journals, fixture_tear_down);
  g_test_add ("/gui/sharing/both-ways", Fixture, NULL, fixture_set_up, test_both_ways, fixture_tear_down);
  g_test_add ("/gui/sharing/collections", Fixture, NULL, fixture_set_up, test_collections, fixture_tear_down);
  g_test_add ("/gui/sharing/refused", Fixture, NULL, fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/gui/sharing/progress", Fixture, NULL, fixture_set_up, test_progress, fixture_tear_down);
  g_test_add ("/gui/sharing/connect-cancel", Fixture, NULL, fixture_set_up, test_connect_cancel,
              fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  if (keyring_pid != 0)
    stop_keyring ();
  clt_test_gui_remove_dir (home);
  g_free (home);

  return status;
}

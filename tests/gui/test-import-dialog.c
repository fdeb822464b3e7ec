/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-import-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-data-actions.h"
#include "clt-import-dialog.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* Import, export and erasure as the window does them: the dialog talks to
 * the real clientele-exchange helper (CLT_EXCHANGE_HELPER). */

static CltApplication *app;
static char *data_home;

typedef struct
{
  char           *dir;
  char           *path;
  CltApplication *app;
  CltWindow      *window;
  gint64          helene_id;
  gint64          anne_id;
  guint           finished_added;
  guint           finished_merged;
  gboolean        finished;
} Fixture;

/* What a shop's phone export looks like: one customer already in the book
 * by e-mail, one by phone, one by name only, a new one and a broken card. */
static const char vcards[] =
  "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Dupré;Hélène;;Mme;\r\nFN:Hélène Dupré\r\n"
  "EMAIL;TYPE=INTERNET,HOME:Helene.Dupre@example.fr\r\nORG:Hôtel des Tilleuls\r\nEND:VCARD\r\n"
  "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Moreau;Anne;;;\r\nFN:Anne Moreau\r\nTEL;TYPE=CELL:06 99 88 77 66\r\nEND:VCARD\r\n"
  "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lefort;Jean-Pierre;;;\r\nFN:Jean-Pierre Lefort\r\n"
  "EMAIL:jp.lefort@example.fr\r\nBDAY:--0612\r\nEND:VCARD\r\n"
  "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ørsted;Zoë;;;\r\nFN:Zoë Ørsted\r\nTEL;TYPE=HOME:06.12.34.56.78\r\nEND:VCARD\r\n"
  "BEGIN:VCARD\r\nVERSION:3.0\r\nNOTE:nobody\r\nEND:VCARD\r\n";

static void
fill_book (Fixture *fixture)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->helene_id = clt_test_gui_add_customer (store, "Mme Hélène Dupré");
  clt_store_add_contact (store, fixture->helene_id, CLT_CONTACT_EMAIL, "home", "helene.dupre@example.fr", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, fixture->helene_id, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78", &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, fixture->helene_id, "health", "Allergique aux plumes",
                            CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  fixture->anne_id = clt_test_gui_add_customer (store, "Anne Moreau");
  clt_test_gui_add_customer (store, "Marc Lefèvre");
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->dir = clt_test_gui_make_book_dir ("clientele-import", &fixture->path);
  fixture->app = app;
  fill_book (fixture);
  fixture->window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1000, 700);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *dialog;

  while ((dialog = clt_test_gui_find_toplevel (CLT_TYPE_IMPORT_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  while ((dialog = clt_test_gui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  clt_test_gui_destroy_windows (GTK_APPLICATION (fixture->app));
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return g_file_new_for_path (path);
}

static void
finished_cb (GtkWidget *dialog,
             guint      added,
             guint      merged,
             guint      skipped,
             Fixture   *fixture)
{
  fixture->finished = TRUE;
  fixture->finished_added = added;
  fixture->finished_merged = merged;
}

static GtkWidget *
open_dialog (Fixture *fixture,
             GFile   *file,
             int      width)
{
  GtkWidget *dialog = clt_window_import_file (fixture->window, file);

  fixture->finished = FALSE;
  g_signal_connect (dialog, "finished", G_CALLBACK (finished_cb), fixture);
  gtk_window_set_default_size (GTK_WINDOW (dialog), width, 720);

  return dialog;
}

static const char *
visible_page (GtkWidget *dialog)
{
  return gtk_stack_get_visible_child_name (GTK_STACK (clt_test_gui_get_widget (dialog, GTK_TYPE_STACK)));
}

static gboolean
page_is (gpointer data)
{
  GtkWidget **dialog_and_page = data;

  return g_strcmp0 (visible_page (dialog_and_page[0]), (const char *) dialog_and_page[1]) == 0;
}

static void
wait_for_page (GtkWidget  *dialog,
               const char *page)
{
  gpointer data[] = { dialog, (gpointer) page };

  clt_test_gui_spin_until_full (page_is, data, 30, page);
}

static gboolean
is_finished (gpointer data)
{
  Fixture *fixture = data;

  return fixture->finished;
}

static gint64
count_customers (Fixture *fixture)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  return clt_store_count_customers (store);
}

static void
test_vcard_summary (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "contacts.vcf", vcards, -1);
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltCustomer) helene = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *next;

  /* Narrow first: the summary must read at 360 px. */
  dialog = open_dialog (fixture, file, 360);
  wait_for_page (dialog, "summary");
  clt_test_gui_wait_for_label (dialog, "Hélène Dupré");
  clt_test_gui_wait_for_label (dialog, "Same e-mail address as Hélène Dupré");
  clt_test_gui_wait_for_label (dialog, "Same phone number as Hélène Dupré");
  clt_test_gui_wait_for_label (dialog, "Same name as Anne Moreau");
  clt_test_gui_save_screenshot (dialog, "import-summary-narrow-light.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_cmpint (count_customers (fixture), ==, 3);

  dialog = open_dialog (fixture, file, 560);
  wait_for_page (dialog, "summary");
  /* One card without a name, e-mail or phone. */
  clt_test_gui_wait_for_label (dialog, "1 card or row left out");
  clt_test_gui_save_screenshot (dialog, "import-summary-light.png");

  next = clt_test_gui_get_button (dialog, "_Import");
  g_assert_true (gtk_widget_get_sensitive (next));
  g_assert_true (gtk_widget_activate_action (dialog, "import.next", NULL));
  clt_test_gui_spin_until_full (is_finished, fixture, 30, "the import");
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_IMPORT_DIALOG));

  /* Jean-Pierre and the other Anne are new; Hélène got her company; the
   * phone match merged into her brought nothing new. */
  g_assert_cmpuint (fixture->finished_added, ==, 2);
  g_assert_cmpuint (fixture->finished_merged, ==, 1);
  g_assert_cmpint (count_customers (fixture), ==, 5);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  helene = clt_store_get_customer (store, fixture->helene_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (clt_customer_get_company (helene), ==, "Hôtel des Tilleuls");
  clt_test_gui_wait_for_label (fixture->window, "Imported 2 customers, 1 completed");
  clt_test_gui_wait_for_label (fixture->window, "Jean-Pierre Lefort");

  /* The same file again adds nobody. Only the other name on Hélène's
   * phone is asked about again: a person decides who that is. */
  dialog = open_dialog (fixture, file, 560);
  wait_for_page (dialog, "summary");
  clt_test_gui_wait_for_label (dialog, "Same phone number as Hélène Dupré");
  clt_test_gui_wait_for_no_label (dialog, "Jean-Pierre Lefort");
  clt_test_gui_wait_for_no_label (dialog, "Same e-mail address as Hélène Dupré");
  g_assert_true (gtk_widget_activate_action (dialog, "import.next", NULL));
  clt_test_gui_spin_until_full (is_finished, fixture, 30, "the second import");
  g_assert_cmpuint (fixture->finished_added, ==, 0);
  g_assert_cmpint (count_customers (fixture), ==, 5);
}

static void
test_choices (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GFile) file = write_file (fixture, "contacts.vcf", vcards, -1);
  GtkWidget *dialog;

  /* Left out, all of them: only the new customer is added. */
  dialog = open_dialog (fixture, file, 560);
  wait_for_page (dialog, "summary");
  g_assert_true (gtk_widget_activate_action (dialog, "import.all", "s", "skip"));
  g_assert_true (gtk_widget_activate_action (dialog, "import.next", NULL));
  clt_test_gui_spin_until_full (is_finished, fixture, 30, "the import");
  g_assert_cmpuint (fixture->finished_added, ==, 1);
  g_assert_cmpuint (fixture->finished_merged, ==, 0);
  g_assert_cmpint (count_customers (fixture), ==, 4);

  /* Cancelled on its summary, nothing is written. */
  dialog = open_dialog (fixture, file, 560);
  wait_for_page (dialog, "summary");
  g_assert_true (gtk_widget_activate_action (dialog, "import.all", "s", "add"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  clt_test_gui_spin (300);
  g_assert_cmpint (count_customers (fixture), ==, 4);
}

static void
test_csv_mapping (Fixture       *fixture,
                  gconstpointer  user_data)
{
  /* As French Excel saves it: semicolons and Windows-1252 (é is 0xe9). */
  static const char csv[] =
    "Nom;Pr\xe9nom;T\xe9l\xe9phone;Remarque\r\n"
    "Ch\xe2teau;L\xe9on;04 78 00 00 01;Client depuis 2019\r\n"
    "Fran\xe7ois;Am\xe9lie;04 78 00 00 02;\r\n";
  g_autoptr(GFile) file = write_file (fixture, "clients.csv", csv, sizeof csv - 1);
  GtkWidget *dialog;

  dialog = open_dialog (fixture, file, 560);
  wait_for_page (dialog, "mapping");
  clt_test_gui_wait_for_label (dialog, "Prénom");
  clt_test_gui_wait_for_label (dialog, "Léon");
  clt_test_gui_save_screenshot (dialog, "import-mapping-light.png");
  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, 720);
  clt_test_gui_save_screenshot (dialog, "import-mapping-narrow-light.png");

  g_assert_true (gtk_widget_activate_action (dialog, "import.next", NULL));
  wait_for_page (dialog, "summary");
  g_assert_true (gtk_widget_activate_action (dialog, "import.next", NULL));
  clt_test_gui_spin_until_full (is_finished, fixture, 30, "the import");
  g_assert_cmpuint (fixture->finished_added, ==, 2);
  clt_test_gui_wait_for_label (fixture->window, "Léon Château");
}

/* Addresses as a mail program writes them: imported, not left out. */
static void
test_csv_mail_program (Fixture       *fixture,
                       gconstpointer  user_data)
{
  static const char csv[] =
    "Nom,E-mail\r\n"
    "Dupont Jean,\"\"\"Dupont, Jean\"\" <jean@example.fr>; jean.dupont@example.com\"\r\n"
    "Curie Marie,Marie Curie <marie@example.fr>\r\n";
  g_autoptr(GFile) file = write_file (fixture, "liste.csv", csv, sizeof csv - 1);
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *emails[] = { "jean@example.fr", "jean.dupont@example.com", "marie@example.fr", NULL };
  GtkWidget *dialog;

  dialog = open_dialog (fixture, file, 560);
  wait_for_page (dialog, "mapping");
  clt_test_gui_wait_for_label (dialog, "E-mail");
  g_assert_true (gtk_widget_activate_action (dialog, "import.next", NULL));
  wait_for_page (dialog, "summary");
  /* Two new customers, no line left out. */
  clt_test_gui_wait_for_label (dialog, "2");
  g_assert_null (clt_test_gui_find_widget (dialog, clt_test_gui_is_label_containing, "left out"));
  clt_test_gui_save_screenshot (dialog, "import-mail-program-light.png");
  g_assert_true (gtk_widget_activate_action (dialog, "import.next", NULL));
  clt_test_gui_spin_until_full (is_finished, fixture, 30, "the import");
  g_assert_cmpuint (fixture->finished_added, ==, 2);

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; emails[i] != NULL; i++)
    {
      const char *one[] = { emails[i], NULL };
      g_autoptr(GPtrArray) found = clt_store_find_duplicates (store, NULL, one, NULL, NULL);

      g_assert_nonnull (found);
      g_assert_cmpuint (found->len, ==, 1);
    }
}

static void
test_unreadable (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char junk[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0";
  g_autoptr(GFile) file = write_file (fixture, "photo.csv", junk, sizeof junk);
  GtkWidget *dialog;

  dialog = open_dialog (fixture, file, 560);
  wait_for_page (dialog, "error");
  clt_test_gui_wait_for_label (dialog, "This File Cannot Be Imported");
  clt_test_gui_save_screenshot (dialog, "import-error-light.png");
  g_assert_cmpint (count_customers (fixture), ==, 3);
}

static gboolean
file_is_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_export_and_erase (Fixture       *fixture,
                       gconstpointer  user_data)
{
  CltDataActions *actions = clt_window_get_data_actions (fixture->window);
  g_autofree char *vcf = g_build_filename (fixture->dir, "Clients.vcf", NULL);
  g_autofree char *json = g_build_filename (fixture->dir, "Hélène.json", NULL);
  g_autofree char *json_vcf = g_build_filename (fixture->dir, "Hélène.vcf", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) vcf_file = g_file_new_for_path (vcf);
  g_autoptr(GFile) json_file = g_file_new_for_path (json);
  g_autoptr(GError) error = NULL;
  g_autoptr(CltStore) store = NULL;
  GtkWidget *dialog;

  /* The whole book, sensitive notes left out. */
  clt_data_actions_export_to (actions, vcf_file, TRUE);
  clt_test_gui_spin_until_full (file_is_written, vcf, 30, "the export");
  clt_test_gui_wait_for_label (fixture->window, "3 customers exported to “Clients.vcf”");
  g_file_get_contents (vcf, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "FN:Hélène Dupré"));
  g_assert_null (strstr (contents, "plumes"));
  g_clear_pointer (&contents, g_free);

  /* An access request: everything, sensitive notes included. */
  clt_data_actions_export_customer_to (actions, fixture->helene_id, json_file);
  clt_test_gui_spin_until_full (file_is_written, json_vcf, 30, "the access request");
  g_file_get_contents (json, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "Allergique aux plumes"));

  /* Erasure: asked, confirmed, gone. */
  clt_window_open_customer (fixture->window, fixture->helene_id);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "data.erase-customer", NULL));
  dialog = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  clt_test_gui_wait_for_label (dialog, "This cannot be undone");
  clt_test_gui_save_screenshot (dialog, "erase-confirm-light.png");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "erase");
  clt_test_gui_wait_for_label (fixture->window, "Hélène Dupré’s personal data erased");
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (clt_store_get_customer (store, fixture->helene_id, NULL));
  g_assert_cmpint (clt_store_count_customers (store), ==, 2);
  clt_test_gui_save_screenshot (fixture->window, "erase-done-light.png");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-import-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/import/vcard-summary", Fixture, NULL,
              fixture_set_up, test_vcard_summary, fixture_tear_down);
  g_test_add ("/gui/import/choices", Fixture, NULL,
              fixture_set_up, test_choices, fixture_tear_down);
  g_test_add ("/gui/import/csv-mapping", Fixture, NULL,
              fixture_set_up, test_csv_mapping, fixture_tear_down);
  g_test_add ("/gui/import/csv-mail-program", Fixture, NULL,
              fixture_set_up, test_csv_mail_program, fixture_tear_down);
  g_test_add ("/gui/import/unreadable", Fixture, NULL,
              fixture_set_up, test_unreadable, fixture_tear_down);
  g_test_add ("/gui/data/export-and-erase", Fixture, NULL,
              fixture_set_up, test_export_and_erase, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

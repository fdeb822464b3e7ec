/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-words"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-log-dialog.h"
#include "clt-template-dialog.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* Words a clerk reads right (issue 13, findings 5 and 23): the customer
 * page's main action logs a visit, never "a contact"; the line under the
 * name says when they came; template fields are offered as words. Run in
 * English and, as test-words-fr, in French (CLT_TEST_FR_MO: po/fr.po compiled)
 * (CLT_TEST_FR_MO). */

static CltApplication *app;
static char *data_home;
static char *fr_dir;
static gboolean french;

typedef struct
{
  char     *dir;
  char     *path;
  gint64    helene_id;
} Fixture;

/* The word in the running language. */
static const char *
w (const char *english,
   const char *in_french)
{
  return french ? in_french : english;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-words", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->helene_id = clt_test_gui_add_customer (store, "Hélène Dupré");
  clt_store_add_interaction (store, fixture->helene_id, CLT_INTERACTION_VISIT,
                             clt_test_gui_now_unix () - 60, FALSE, NULL, "Julie", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_test_gui_destroy_windows (GTK_APPLICATION (app));
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static const char *
shortcut_title (const char *accelerator)
{
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/clientele/Clientele/clt-help-overlay.ui");
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  static char *title;

  g_clear_pointer (&title, g_free);
  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accel = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accel, NULL);
      if (g_strcmp0 (accel, accelerator) == 0)
        g_object_get (l->data, "title", &title, NULL);
    }

  return title;
}

static void
test_log_a_visit (Fixture       *fixture,
                  gconstpointer  user_data)
{
  CltWindow *window = clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, 1280, 800);
  GtkWidget *dialog;

  clt_window_open_customer (window, fixture->helene_id);
  clt_test_gui_wait_for_label (window, w ("Visit today · 1 visit", "Visite aujourd’hui · 1 passage"));
  g_assert_nonnull (clt_test_gui_get_button (window, w ("Log a Visit…", "Noter un passage…")));
  g_assert_null (clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_button_labelled,
                                           "Log a Contact"));
  clt_test_gui_save_screenshot (window, french ? "words-customer-fr.png" : "words-customer-en.png");

  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  clt_test_gui_spin (500);
  clt_test_gui_save_screenshot (window, french ? "words-customer-narrow-fr.png" : "words-customer-narrow-en.png");

  /* Its dialog says the same; the shortcuts window too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.log-contact", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_LOG_DIALOG);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (dialog)), ==, w ("Log a Visit", "Noter un passage"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_assert_cmpstr (shortcut_title ("<Control>l"), ==,
                   w ("Log a visit, stay or call", "Noter un passage : visite, séjour ou appel"));
}

static void
test_insert_field (Fixture       *fixture,
                   gconstpointer  user_data)
{
  static const char *english[] = {
    "First name", "Last name", "Full name", "Form of address", "Last visit",
    "Promise", "Business name", "Signature", "Sender’s name",
  };
  static const char *in_french[] = {
    "Prénom", "Nom", "Nom complet", "Formule d’appel", "Dernier passage",
    "Promesse", "Établissement", "Signature", "Nom de l’expéditeur",
  };
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  const char * const *placeholders = clt_template_placeholders ();
  GtkWidget *dialog;
  GtkWidget *button;
  GtkWidget *popover;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GMenuModel *menu;
  guint n = 0;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  dialog = clt_template_dialog_new (NULL, store, NULL);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 600, 700);
  gtk_window_present (GTK_WINDOW (dialog));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, dialog);

  /* No code words on the form, one menu of words. */
  g_assert_null (clt_test_gui_find_widget (dialog, clt_test_gui_is_button_labelled, "{first_name}"));
  button = clt_test_gui_get_widget (dialog, GTK_TYPE_MENU_BUTTON);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (button)), ==,
                   w ("_Insert a Field", "_Insérer un champ"));
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_cmpint (g_menu_model_get_n_items (menu), ==, G_N_ELEMENTS (english));
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;
      g_autoptr(GVariant) target = NULL;

      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &label));
      g_assert_true (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action));
      target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
      g_assert_cmpstr (label, ==, french ? in_french[i] : english[i]);
      g_assert_cmpstr (action, ==, "dialog.insert-field");
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, placeholders[i]);
      n++;
    }
  g_assert_cmpuint (n, ==, g_strv_length ((char **) placeholders));

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, popover);
  clt_test_gui_save_screenshot (dialog, french ? "words-template-fields-fr.png" : "words-template-fields-en.png");
  clt_test_gui_save_screenshot (popover, french ? "words-template-menu-fr.png" : "words-template-menu-en.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  /* Picking "First name" writes the placeholder at the cursor. */
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (clt_test_gui_get_widget (dialog, GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_set_text (buffer, "Bonjour ", -1);
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.insert-field", "s", "first_name"));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (body, ==, "Bonjour {first_name}");

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* gettext wants <dir>/fr/LC_MESSAGES/<domain>.mo. */
static char *
install_catalogue (const char *mo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("clt-words-XXXXXX", &error);
  g_autofree char *messages = NULL;
  g_autofree char *target = NULL;

  g_assert_no_error (error);
  messages = g_build_filename (dir, "fr", "LC_MESSAGES", NULL);
  g_assert_cmpint (g_mkdir_with_parents (messages, 0700), ==, 0);
  target = g_build_filename (messages, GETTEXT_PACKAGE ".mo", NULL);
  g_assert_cmpint (symlink (mo, target), ==, 0);
  return g_steal_pointer (&dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  const char *mo = g_getenv ("CLT_TEST_FR_MO");
  int status;

  french = g_strcmp0 (g_getenv ("LANGUAGE"), "fr") == 0;
  data_home = g_dir_make_tmp ("clientele-words-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  if (french)
    {
      g_assert_nonnull (mo);
      fr_dir = install_catalogue (mo);
      bindtextdomain (GETTEXT_PACKAGE, fr_dir);
    }
  else if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/words/log-a-visit", Fixture, NULL,
              fixture_set_up, test_log_a_visit, fixture_tear_down);
  g_test_add ("/gui/words/insert-field", Fixture, NULL,
              fixture_set_up, test_insert_field, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);
  if (fr_dir != NULL)
    clt_test_gui_remove_dir (fr_dir);
  g_free (fr_dir);

  return status;
}

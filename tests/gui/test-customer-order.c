/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-customer-order"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clt-customer-page.h"

#include "clt-test-gui.h"

/* The customer page in the order the desk needs it: the phone and the
 * e-mail under the name, then the card in the README's order (alerts,
 * promises with the overdue first, preferences, pinned notes, then the
 * last contact). */

#define PHONE  "+33 6 12 34 56 78"
#define EMAIL  "helene.dupre@example.fr"
#define ALERT  "Allergique aux plumes"
#define LATE   "Envoyer la facture du séjour"
#define LATER  "Rappeler pour la chambre"
#define PREF   "Thé vert au petit-déjeuner"
#define PINNED "Vient chaque année pour le festival"
#define LAST   "Chambre 12, trois nuits"

typedef struct
{
  char      *dir;
  char      *path;
  CltStore  *store;
  gint64     customer_id;
  GtkWidget *window;
  GtkWidget *page;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  CltStore *store;
  gint64 now = clt_test_gui_now_unix ();
  gint64 id;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-order", &fixture->path);
  store = fixture->store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  id = fixture->customer_id = clt_test_gui_add_customer (store, "Hélène Dupré");
  clt_store_add_preference (store, id, "room", ALERT, CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "food", PREF, CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  clt_store_add_promise (store, id, LATER, "Marc", now + 3 * 24 * 3600, TRUE, &error);
  g_assert_no_error (error);
  clt_store_add_promise (store, id, LATE, "Marc", now - 3 * 24 * 3600, TRUE, &error);
  g_assert_no_error (error);
  clt_store_add_note (store, id, PINNED, "Julie", TRUE, &error);
  g_assert_no_error (error);
  clt_store_add_interaction (store, id, CLT_INTERACTION_STAY, now - 7 * 24 * 3600, FALSE, LAST, "Julie", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, id, CLT_CONTACT_ADDRESS, NULL, "12 rue des Lilas\n75011 Paris", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, id, CLT_CONTACT_PHONE, "mobile", PHONE, &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, NULL, EMAIL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_pointer ((GtkWindow **) &fixture->window, gtk_window_destroy);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->store);
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
open_page (Fixture *fixture,
           int      width)
{
  static const GActionEntry entries[] = {
    { "log-contact", NULL, NULL, NULL, NULL },
    { "edit-customer", NULL, NULL, NULL, NULL },
    { "compose", NULL, "s", NULL, NULL },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  fixture->window = gtk_window_new ();
  fixture->page = clt_customer_page_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), fixture->page);
  gtk_window_set_child (GTK_WINDOW (fixture->window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 1800);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), NULL);
  gtk_widget_insert_action_group (fixture->window, "win", G_ACTION_GROUP (group));
  gtk_window_present (GTK_WINDOW (fixture->window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, fixture->window);
  clt_test_gui_spin_until (clt_test_gui_has_size, fixture->window);

  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->customer_id);
  clt_test_gui_wait_for_label (fixture->page, PREF);
  clt_test_gui_spin (200);
}

static gboolean
is_shown_label (GtkWidget     *widget,
                gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

/* The first shown label with this text, and where it stands on the page. */
static GtkWidget *
find_label (Fixture    *fixture,
            const char *text,
            double     *y)
{
  GtkWidget *label = clt_test_gui_find_widget (fixture->page, is_shown_label, text);
  graphene_point_t point;

  g_assert_nonnull (label);
  g_assert_true (gtk_widget_compute_point (label, fixture->page, &GRAPHENE_POINT_INIT (0, 0), &point));
  *y = point.y;

  return label;
}

static char *clipboard_text;

static void
read_text_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  clipboard_text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
has_clipboard_text (gpointer data)
{
  return clipboard_text != NULL;
}

/* Copies with the copy button beside the line, and returns the clipboard. */
static char *
copy_beside (GtkWidget *label)
{
  GtkWidget *line = gtk_widget_get_parent (label);
  GtkWidget *copy;
  GdkClipboard *clipboard;

  while (line != NULL && !gtk_widget_has_css_class (line, "header-contact"))
    line = gtk_widget_get_parent (line);
  g_assert_nonnull (line);
  copy = gtk_widget_get_last_child (line);
  g_assert_true (GTK_IS_BUTTON (copy));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (copy)), ==, "page.copy-contact");

  clipboard = gtk_widget_get_clipboard (copy);
  gdk_clipboard_set_text (clipboard, "");
  clt_test_gui_click (copy);
  g_clear_pointer (&clipboard_text, g_free);
  gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, NULL);
  clt_test_gui_spin_until (has_clipboard_text, NULL);

  return g_steal_pointer (&clipboard_text);
}

static void
test_phone_and_email_under_name (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  int width = GPOINTER_TO_INT (user_data);
  g_autofree char *phone_copied = NULL;
  g_autofree char *email_copied = NULL;
  g_autofree char *shot = g_strdup_printf ("order-header-%d.png", width);
  GtkWidget *phone;
  GtkWidget *email;
  GtkWidget *link;
  double name_y, phone_y, email_y, alert_y, late_y, details_y;

  open_page (fixture, width);
  clt_test_gui_save_screenshot (fixture->window, shot);

  find_label (fixture, "Hélène Dupré", &name_y);
  phone = find_label (fixture, PHONE, &phone_y);
  email = find_label (fixture, EMAIL, &email_y);
  find_label (fixture, ALERT, &alert_y);
  find_label (fixture, LATE, &late_y);
  /* The Contact Details section lower down keeps them too, for editing. */
  find_label (fixture, "12 rue des Lilas\n75011 Paris", &details_y);

  g_assert_cmpfloat (name_y, <, phone_y);
  g_assert_cmpfloat (phone_y, <, email_y);
  g_assert_cmpfloat (email_y, <, alert_y);
  g_assert_cmpfloat (email_y, <, late_y);
  g_assert_cmpfloat (email_y, <, details_y);

  /* The number calls, the address starts an e-mail to it. */
  link = gtk_widget_get_ancestor (phone, GTK_TYPE_LINK_BUTTON);
  g_assert_nonnull (link);
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), ==, "tel:" PHONE);
  link = gtk_widget_get_ancestor (email, GTK_TYPE_BUTTON);
  g_assert_nonnull (link);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (link)), ==, "win.compose");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (link)), NULL),
                   ==, EMAIL);

  phone_copied = copy_beside (phone);
  g_assert_cmpstr (phone_copied, ==, PHONE);
  email_copied = copy_beside (email);
  g_assert_cmpstr (email_copied, ==, EMAIL);
}

static void
test_card_order (Fixture       *fixture,
                 gconstpointer  user_data)
{
  double alert_y, late_y, later_y, pref_y, pinned_y, last_y;

  open_page (fixture, 900);

  find_label (fixture, ALERT, &alert_y);
  find_label (fixture, LATE, &late_y);
  find_label (fixture, LATER, &later_y);
  find_label (fixture, PREF, &pref_y);
  find_label (fixture, PINNED, &pinned_y);
  find_label (fixture, LAST, &last_y);

  g_assert_cmpfloat (alert_y, <, late_y);
  g_assert_cmpfloat (late_y, <, later_y);
  g_assert_cmpfloat (later_y, <, pref_y);
  g_assert_cmpfloat (pref_y, <, pinned_y);
  g_assert_cmpfloat (pinned_y, <, last_y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* gtk_test_init() sets an English locale: the page is looked at in French. */
  if (setlocale (LC_ALL, "") == NULL || !g_str_has_prefix (setlocale (LC_TIME, NULL), "fr"))
    {
      g_test_message ("the French locale (fr_FR.UTF-8) is not installed");
      return 77;
    }
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  clt_test_gui_assert_french ();
  gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/customer-order/phone-and-email-under-name", Fixture, GINT_TO_POINTER (1280),
              fixture_set_up, test_phone_and_email_under_name, fixture_tear_down);
  g_test_add ("/gui/customer-order/phone-and-email-under-name-narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_phone_and_email_under_name, fixture_tear_down);
  g_test_add ("/gui/customer-order/card-order", Fixture, NULL,
              fixture_set_up, test_card_order, fixture_tear_down);

  return g_test_run ();
}

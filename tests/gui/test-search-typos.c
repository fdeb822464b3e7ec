/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-search-typos"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "clt-application.h"
#include "clt-customer-row.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* A name misheard on the phone (issue 15): the list shows the names a
 * typo or two away under the heading "Close matches", above the first of
 * them and below the names found as typed; at 360 px too, in English and
 * in French. */

static CltApplication *app;
static char *data_home;

typedef struct
{
  char   *dir;
  char   *path;
  gint64  dupre_id;
  gint64  dupri_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-typos", &fixture->path);
  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->dupre_id = clt_test_gui_add_customer (store, "Hélène Dupré");
  clt_store_add_contact (store, fixture->dupre_id, CLT_CONTACT_PHONE, "mobile", "06 12 34 56 78", &error);
  g_assert_no_error (error);
  fixture->dupri_id = clt_test_gui_add_customer (store, "Anne Dupri");
  clt_test_gui_add_customer (store, "Jürgen Schmidt");
  clt_test_gui_add_customer (store, "Zoé Laurent");
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
language (void)
{
  return g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr") ? "fr" : "en";
}

static void
type_search (GtkWidget  *window,
             const char *text)
{
  GtkWidget *entry = clt_test_gui_get_widget (window, GTK_TYPE_SEARCH_ENTRY);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  /* GtkSearchEntry waits a little before "search-changed". */
  clt_test_gui_spin (400);
}

static gboolean
is_mapped_row (GtkWidget     *widget,
               gconstpointer  name)
{
  return CLT_IS_CUSTOMER_ROW (widget) && gtk_widget_get_mapped (widget) &&
         clt_customer_row_get_customer (CLT_CUSTOMER_ROW (widget)) != NULL &&
         g_strcmp0 (clt_customer_get_display_name (clt_customer_row_get_customer (CLT_CUSTOMER_ROW (widget))),
                    name) == 0;
}

static gboolean
is_mapped_heading (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), _("Close matches")) == 0;
}

/* The row of @name, once shown; whether it shows the heading above it. */
static gboolean
row_has_heading (GtkWidget  *window,
                 const char *name)
{
  GtkWidget *row;

  clt_test_gui_wait_for_label (window, name);
  row = clt_test_gui_find_widget (window, is_mapped_row, name);
  g_assert_nonnull (row);
  return clt_test_gui_find_widget (row, is_mapped_heading, NULL) != NULL;
}

static void
test_close_matches (Fixture       *fixture,
                    gconstpointer  user_data)
{
  int width = GPOINTER_TO_INT (user_data);
  g_autofree char *misheard = g_strdup_printf ("typos-misheard-%s-%d.png", language (), width);
  g_autofree char *found = g_strdup_printf ("typos-found-%s-%d.png", language (), width);
  GtkWidget *window;
  GtkWidget *heading;
  graphene_rect_t heading_bounds;

  window = GTK_WIDGET (clt_test_gui_open_window (GTK_APPLICATION (app), fixture->path, width, 700));

  /* Nobody is "dpure": Dupré, one swap away, under the heading. */
  type_search (window, "dpure");
  g_assert_true (row_has_heading (window, "Hélène Dupré"));
  heading = clt_test_gui_find_widget (window, is_mapped_heading, NULL);
  g_assert_true (gtk_widget_compute_bounds (heading, window, &heading_bounds));
  g_assert_cmpfloat (heading_bounds.size.width, <=, width);
  g_assert_cmpint (clt_window_get_customer_id (CLT_WINDOW (window)), ==, fixture->dupre_id);
  /* Only close matches: "dpure" may be someone new, and can be added. */
  {
    g_autofree char *add = g_strdup_printf (_("Add “%s”…"), "dpure");

    clt_test_gui_wait_for_label (window, add);
  }
  clt_test_gui_wait_for_paint (window);
  clt_test_gui_save_screenshot (window, misheard);

  /* "dupre" finds Dupré as typed: no heading over her; Dupri, one edit
   * away, comes after, under it. */
  type_search (window, "dupre");
  g_assert_false (row_has_heading (window, "Hélène Dupré"));
  g_assert_true (row_has_heading (window, "Anne Dupri"));
  {
    g_autofree char *add = g_strdup_printf (_("Add “%s”…"), "dupre");

    /* A name found as typed: no offer to add. */
    clt_test_gui_wait_for_no_label (window, add);
  }
  clt_test_gui_wait_for_paint (window);
  clt_test_gui_save_screenshot (window, found);

  /* A name found, and nothing a typo away: no heading. */
  type_search (window, "laurent");
  g_assert_false (row_has_heading (window, "Zoé Laurent"));
  g_assert_null (clt_test_gui_find_widget (window, is_mapped_heading, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-typos-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* gtk_test_init() sets an English locale: the run in French asks again. */
  if (g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr"))
    g_assert_nonnull (setlocale (LC_ALL, ""));

  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr"))
    clt_test_gui_assert_french ();

  app = clt_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/search-typos/close-matches", Fixture, GINT_TO_POINTER (1280),
              fixture_set_up, test_close_matches, fixture_tear_down);
  g_test_add ("/gui/search-typos/close-matches-narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_close_matches, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

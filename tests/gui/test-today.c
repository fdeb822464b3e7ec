/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-today"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-customer-page.h"
#include "clt-log-dialog.h"
#include "clt-promise-dialog.h"
#include "clt-today-view.h"
#include "clt-window.h"

/* Promises: made from a customer's page or by Ctrl+P, kept, postponed. */

static CltApplication *app;
static char *data_home;

typedef struct
{
  char           *dir;
  char           *path;
  CltApplication *app;
  gint64          helene_id;
  gint64          marc_id;
  gint64          overdue_id;
  gint64          today_id;
  gint64          next_week_id;
  gboolean        empty;
} Fixture;

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static gint64
add_customer (CltStore   *store,
              const char *name)
{
  g_autoptr(CltCustomer) customer = clt_customer_new (name);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = clt_store_add_customer (store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  return id;
}

/* A day @days from today, as clt_schedule_due() makes it. */
static gint64
due_in_days (int      days,
             int      hour,
             gboolean all_day)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);

  return clt_schedule_due (tz, g_date_time_get_year (day), g_date_time_get_month (day),
                           g_date_time_get_day_of_month (day), hour, 0, all_day);
}

static void
fill_book (Fixture *fixture)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  fixture->helene_id = add_customer (store, "Hélène Dupré");
  clt_store_add_preference (store, fixture->helene_id, "health", "Allergique aux plumes",
                            CLT_PREFERENCE_ALERT, &error);
  g_assert_no_error (error);
  fixture->marc_id = add_customer (store, "Marc Lefèvre");

  if (fixture->empty)
    return;

  /* Overdue since three days, after being put off twice. */
  fixture->overdue_id = clt_store_add_promise (store, fixture->helene_id,
                                               "Rappeler pour la robe retouchée", "Julie",
                                               due_in_days (-5, 0, TRUE), TRUE, &error);
  g_assert_no_error (error);
  clt_store_postpone_promise (store, fixture->overdue_id, due_in_days (-4, 0, TRUE), TRUE,
                              "Tissu en retard", &error);
  g_assert_no_error (error);
  clt_store_postpone_promise (store, fixture->overdue_id, due_in_days (-3, 0, TRUE), TRUE,
                              NULL, &error);
  g_assert_no_error (error);

  fixture->today_id = clt_store_add_promise (store, fixture->helene_id, "Envoyer le devis", NULL,
                                             due_in_days (0, 0, TRUE), TRUE, &error);
  g_assert_no_error (error);
  fixture->next_week_id = clt_store_add_promise (store, fixture->helene_id, "Commander la taille 38",
                                                 "Julie", due_in_days (3, 15, FALSE), FALSE, &error);
  g_assert_no_error (error);
}

static void
destroy_windows (CltApplication *application)
{
  GList *windows;

  while ((windows = gtk_application_get_windows (GTK_APPLICATION (application))) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        remove_dir (file);
      else
        g_unlink (file);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-today-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "clientele.db", NULL);
  fixture->app = app;
  fixture->empty = user_data != NULL;
  fill_book (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkWidget *dialog;

  /* Dialogs without a window of the application go by hand. */
  while ((dialog = NULL, TRUE))
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && dialog == NULL; i++)
        {
          g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

          if (CLT_IS_PROMISE_DIALOG (toplevel))
            dialog = toplevel;
        }
      if (dialog == NULL)
        break;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  destroy_windows (fixture->app);
  fixture->app = NULL;

  remove_dir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef gboolean (*Condition) (gpointer data);

static void
spin_until (Condition condition,
            gpointer  data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_label_containing (GtkWidget     *widget,
                     gconstpointer  text)
{
  return GTK_IS_LABEL (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL &&
         gtk_widget_is_drawable (widget);
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_entry_row_titled (GtkWidget     *widget,
                     gconstpointer  title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkWidget *
get_widget (gpointer root,
            GType    type)
{
  GtkWidget *widget = find_widget (GTK_WIDGET (root), is_of_type, GSIZE_TO_POINTER (type));

  g_assert_nonnull (widget);

  return widget;
}

static void
set_row_text (gpointer    root,
              const char *title,
              const char *text)
{
  GtkWidget *row = find_widget (GTK_WIDGET (root), is_entry_row_titled, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelQuery;

static gboolean
label_is_shown (gpointer data)
{
  LabelQuery *query = data;

  return find_widget (query->root, is_label_containing, query->text) != NULL;
}

static gboolean
label_is_gone (gpointer data)
{
  return !label_is_shown (data);
}

static void
wait_for_label (gpointer    root,
                const char *text)
{
  LabelQuery query = { GTK_WIDGET (root), text };

  g_test_message ("Waiting for “%s”", text);
  spin_until (label_is_shown, &query);
}

static void
wait_for_no_label (gpointer    root,
                   const char *text)
{
  LabelQuery query = { GTK_WIDGET (root), text };

  g_test_message ("Waiting for “%s” to go", text);
  spin_until (label_is_gone, &query);
}

static gboolean
has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static void
save_screenshot (gpointer    window,
                 const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  GtkStyleContext *style;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  GdkRGBA background;
  int width;
  int height;

  spin_until (has_size, window);
  spin (300);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  style = gtk_widget_get_style_context (GTK_WIDGET (window));
  g_assert_true (gtk_style_context_lookup_color (style, "window_bg_color", &background));
  G_GNUC_END_IGNORE_DEPRECATIONS

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  GTK_WIDGET_GET_CLASS (window)->snapshot (GTK_WIDGET (window), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  file = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, file));
  g_test_message ("Screenshot: %s", file);
}

static CltWindow *
open_window (Fixture *fixture,
             int      width,
             int      height)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CltWindow *window;

  store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);

  window = clt_window_new (GTK_APPLICATION (fixture->app));
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  clt_window_set_store (window, store);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (is_mapped, window);

  return window;
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWidget *toplevel = g_list_model_get_item (toplevels, i);

      g_object_unref (toplevel);
      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }

  return NULL;
}

static gboolean
toplevel_is_shown (gpointer data)
{
  GtkWidget *toplevel = find_toplevel (GPOINTER_TO_SIZE (data));

  return toplevel != NULL && gtk_widget_get_mapped (toplevel);
}

static gboolean
toplevel_is_gone (gpointer data)
{
  return find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

static gboolean
is_menu_button_named (GtkWidget     *widget,
                      gconstpointer  tooltip)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0 &&
         gtk_widget_is_drawable (widget);
}

static guint
count_open_promises (CltStore *store,
                     gint64    customer_id)
{
  g_autoptr(GPtrArray) promises = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  promises = clt_store_list_promises (store, CLT_PROMISES_OPEN, now_unix (), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < promises->len; i++)
    if (((CltPromise *) g_ptr_array_index (promises, i))->customer_id == customer_id)
      n++;

  return n;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
         gtk_widget_is_drawable (widget);
}

static gboolean
button_is_shown (gpointer data)
{
  LabelQuery *query = data;

  return find_widget (query->root, is_button_labelled, query->text) != NULL;
}

/* The toast after Kept or Broken offers to log the contact, with the note
 * already written. */
static void
log_from_toast (CltWindow  *window,
                const char *title,
                const char *note)
{
  LabelQuery query = { GTK_WIDGET (window), "_Log a Contact" };
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  GtkWidget *dialog;

  wait_for_label (window, title);
  spin_until (button_is_shown, &query);
  g_signal_emit_by_name (find_widget (GTK_WIDGET (window), is_button_labelled, "_Log a Contact"), "clicked");

  spin_until (toplevel_is_shown, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));
  dialog = find_toplevel (CLT_TYPE_LOG_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (get_widget (dialog, GTK_TYPE_TEXT_VIEW)));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (text, ==, note);

  gtk_window_destroy (GTK_WINDOW (dialog));
  spin_until (toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_LOG_DIALOG));
}

/* The customer's page lists the open promises, the overdue one first and
 * marked so, and Kept takes one off. */
static void
test_customer_page (Fixture       *fixture,
                    gconstpointer  user_data)
{
  CltWindow *window = open_window (fixture, 1000, 900);
  CltStore *store = clt_window_get_store (window);
  GtkWidget *page;
  g_autoptr(CltPromise) kept = NULL;
  g_autoptr(GError) error = NULL;

  clt_window_open_customer (window, fixture->helene_id);
  wait_for_label (window, "Rappeler pour la robe retouchée");
  wait_for_label (window, "Envoyer le devis");
  wait_for_label (window, "Commander la taille 38");
  wait_for_label (window, "Postponed 2 times");
  wait_for_label (window, "Overdue");
  save_screenshot (window, "promises-customer-page.png");

  page = get_widget (window, CLT_TYPE_CUSTOMER_PAGE);
  g_assert_true (gtk_widget_activate_action (page, "page.keep-promise", "x", fixture->today_id));
  wait_for_no_label (window, "Envoyer le devis");
  log_from_toast (window, "Promise kept", "Promise kept: Envoyer le devis");
  kept = clt_store_get_promise (store, fixture->today_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->status, ==, CLT_PROMISE_KEPT);
  g_assert_cmpuint (count_open_promises (store, fixture->helene_id), ==, 2);

  /* Postpone…: a new day and a reason. */
  {
    g_autoptr(CltPromise) postponed = NULL;
    GtkWidget *button = find_widget (page, is_menu_button_named, "Postpone…");
    GtkWidget *popover;
    GtkWidget *entry;
    GtkWidget *postpone;

    g_assert_nonnull (button);
    gtk_menu_button_popup (GTK_MENU_BUTTON (button));
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
    g_assert_nonnull (popover);
    spin_until (is_mapped, popover);
    entry = get_widget (popover, GTK_TYPE_ENTRY);
    gtk_editable_set_text (GTK_EDITABLE (entry), "2099-01-02");
    postpone = get_widget (popover, GTK_TYPE_BUTTON);
    g_signal_emit_by_name (postpone, "clicked");
    wait_for_label (window, "Postponed 3 times");
    postponed = clt_store_get_promise (store, fixture->overdue_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (postponed->n_postponed, ==, 3);
    g_assert_true (postponed->due_all_day);
  }

  g_assert_true (gtk_widget_activate_action (page, "page.cancel-promise", "x", fixture->next_week_id));
  wait_for_no_label (window, "Commander la taille 38");
  g_assert_cmpuint (count_open_promises (store, fixture->helene_id), ==, 1);

  /* Narrow, as on a phone. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  spin (300);
  save_screenshot (window, "promises-customer-page-narrow.png");

  /* Broken: said so, and the contact to log says it too. */
  g_assert_true (gtk_widget_activate_action (page, "page.break-promise", "x", fixture->overdue_id));
  wait_for_no_label (window, "Rappeler pour la robe retouchée");
  log_from_toast (window, "Promise marked broken", "Promise broken: Rappeler pour la robe retouchée");
  g_assert_cmpuint (count_open_promises (store, fixture->helene_id), ==, 0);
}

/* Ctrl+P's action opens the dialog, which saves what it was told. */
static void
test_promise_dialog (Fixture       *fixture,
                     gconstpointer  user_data)
{
  CltWindow *window = open_window (fixture, 1000, 800);
  CltStore *store = clt_window_get_store (window);
  g_autoptr(GPtrArray) promises = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autofree char *date = g_date_time_format (later, "%Y-%m-%d");
  const CltPromise *found = NULL;
  GtkWidget *dialog;

  clt_window_open_customer (window, fixture->marc_id);
  wait_for_label (window, "Marc Lefèvre");
  g_assert_cmpuint (count_open_promises (store, fixture->marc_id), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-promise", NULL));
  spin_until (toplevel_is_shown, GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG));
  dialog = find_toplevel (CLT_TYPE_PROMISE_DIALOG);

  /* Nothing promised yet: nothing to save. */
  g_assert_false (gtk_widget_activate_action (dialog, "dialog.save", NULL) &&
                  toplevel_is_gone (GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG)));

  set_row_text (dialog, _("What was promised"), "Garder la veste en bleu marine");
  set_row_text (dialog, _("Promised by"), "Julie");
  set_row_text (dialog, _("Due date (YYYY-MM-DD)"), date);
  set_row_text (dialog, _("Time (HH:MM, optional)"), "14:30");
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (dialog, ADW_TYPE_COMBO_ROW)),
                              CLT_PROMISE_REMIND_DAY_BEFORE);
  save_screenshot (dialog, "promise-dialog.png");

  gtk_window_set_default_size (GTK_WINDOW (dialog), 360, -1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (dialog, ADW_TYPE_COMBO_ROW)),
                              CLT_PROMISE_REMIND_CUSTOM);
  set_row_text (dialog, _("Remind at (YYYY-MM-DD HH:MM)"), "not a date");
  spin (100);
  save_screenshot (dialog, "promise-dialog-narrow.png");
  adw_combo_row_set_selected (ADW_COMBO_ROW (get_widget (dialog, ADW_TYPE_COMBO_ROW)),
                              CLT_PROMISE_REMIND_DAY_BEFORE);

  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  spin_until (toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PROMISE_DIALOG));

  promises = clt_store_list_promises (store, CLT_PROMISES_OPEN, now_unix (), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < promises->len; i++)
    if (((CltPromise *) g_ptr_array_index (promises, i))->customer_id == fixture->marc_id)
      found = g_ptr_array_index (promises, i);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->text, ==, "Garder la veste en bleu marine");
  g_assert_cmpstr (found->promised_by, ==, "Julie");
  g_assert_false (found->due_all_day);
  /* The day before, in the morning. */
  g_assert_cmpint (found->remind_at, <, found->due_at - 24 * 3600);
  g_assert_cmpint (found->remind_at, >, found->due_at - 48 * 3600);

  wait_for_label (window, "Garder la veste en bleu marine");
}

static gboolean
is_today_shown (gpointer data)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (data), "today") == 0;
}

static CltTodayView *
show_today (CltWindow *window)
{
  AdwViewStack *stack = ADW_VIEW_STACK (get_widget (window, ADW_TYPE_VIEW_STACK));
  GtkWidget *view = get_widget (window, CLT_TYPE_TODAY_VIEW);

  adw_view_stack_set_visible_child_name (stack, "today");
  spin_until (is_today_shown, stack);
  spin_until (is_mapped, view);

  return CLT_TODAY_VIEW (view);
}

static void
test_today_empty (Fixture       *fixture,
                  gconstpointer  user_data)
{
  CltWindow *window = open_window (fixture, 1000, 700);

  show_today (window);
  wait_for_label (window, "Nothing Promised for Today");
  save_screenshot (window, "today-empty.png");
}

static gboolean
is_customer_shown (gpointer data)
{
  Fixture *fixture = data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (fixture->app));

  return windows != NULL && clt_window_get_customer_id (windows->data) == fixture->helene_id;
}

static void
test_today_busy (Fixture       *fixture,
                 gconstpointer  user_data)
{
  CltWindow *window = open_window (fixture, 1000, 900);
  CltStore *store = clt_window_get_store (window);
  g_autoptr(CltPromise) kept = NULL;
  g_autoptr(CltPromise) postponed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  CltTodayView *view;

  view = show_today (window);
  wait_for_label (window, "Overdue");
  wait_for_label (window, "Due Today");
  wait_for_label (window, "This Week");
  wait_for_label (window, "Rappeler pour la robe retouchée");
  wait_for_label (window, "Envoyer le devis");
  wait_for_label (window, "Commander la taille 38");
  wait_for_label (window, "Alert: Allergique aux plumes");
  save_screenshot (window, "today-busy.png");

  /* As printed: one page of PDF. */
  pdf = g_test_build_filename (G_TEST_BUILT, "today-briefing.pdf", NULL);
  g_unlink (pdf);
  g_assert_true (clt_today_view_export_pdf (view, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 500);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  /* Narrow, as on a phone. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  spin (300);
  save_screenshot (window, "today-narrow.png");

  /* Kept: off the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "today.keep", "x", fixture->today_id));
  wait_for_no_label (window, "Envoyer le devis");
  log_from_toast (window, "Promise kept", "Promise kept: Envoyer le devis");
  kept = clt_store_get_promise (store, fixture->today_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kept->status, ==, CLT_PROMISE_KEPT);

  /* Postponed: due tomorrow, no longer overdue. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "today.postpone", "x", fixture->overdue_id));
  wait_for_no_label (window, "Overdue");
  postponed = clt_store_get_promise (store, fixture->overdue_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (postponed->due_at, ==, due_in_days (1, 0, TRUE));
  g_assert_cmpuint (postponed->n_postponed, ==, 3);
  wait_for_label (window, "Rappeler pour la robe retouchée");

  /* Opening the customer goes back to the book. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "today.open", "x", fixture->helene_id));
  spin_until (is_customer_shown, fixture);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (get_widget (window, ADW_TYPE_VIEW_STACK))),
                   ==, "customers");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  data_home = g_dir_make_tmp ("clientele-today-data-XXXXXX", &error);
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

  g_test_add ("/gui/promises/customer-page", Fixture, NULL,
              fixture_set_up, test_customer_page, fixture_tear_down);
  g_test_add ("/gui/promises/dialog", Fixture, NULL,
              fixture_set_up, test_promise_dialog, fixture_tear_down);
  g_test_add ("/gui/today/empty", Fixture, "empty",
              fixture_set_up, test_today_empty, fixture_tear_down);
  g_test_add ("/gui/today/busy", Fixture, NULL,
              fixture_set_up, test_today_busy, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  remove_dir (data_home);
  g_free (data_home);

  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-date-row.h"
#include "clt-secret.h"
#include "clt-slot-model.h"

#include "clt-test-gui.h"

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

void
clt_test_gui_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Spins until @condition holds, failing after @seconds; @what, if given,
 * says in the log what never came. */
void
clt_test_gui_spin_until_full (CltTestGuiCondition  condition,
                              gpointer             data,
                              guint                seconds,
                              const char          *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out && what != NULL)
    g_test_message ("Waited in vain for: %s", what);
  g_assert_false (timed_out);
  g_source_remove (id);
}

void
clt_test_gui_spin_until (CltTestGuiCondition condition,
                         gpointer            data)
{
  clt_test_gui_spin_until_full (condition, data, 10, NULL);
}

gboolean
clt_test_gui_is_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

gboolean
clt_test_gui_has_size (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

GtkWidget *
clt_test_gui_find_widget (GtkWidget       *root,
                          CltTestGuiMatch  match,
                          gconstpointer    data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = clt_test_gui_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

gboolean
clt_test_gui_is_of_type (GtkWidget     *widget,
                         gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

/* A label with this text in it that a person can see now. */
gboolean
clt_test_gui_is_label_containing (GtkWidget     *widget,
                                  gconstpointer  text)
{
  return GTK_IS_LABEL (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL &&
         gtk_widget_is_drawable (widget);
}

gboolean
clt_test_gui_is_entry_row_titled (GtkWidget     *widget,
                                  gconstpointer  title)
{
  /* A date row shows its error in place of its title: found by its label. */
  if (CLT_IS_DATE_ROW (widget))
    return g_strcmp0 (clt_date_row_get_label (CLT_DATE_ROW (widget)), title) == 0;
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

gboolean
clt_test_gui_is_button_labelled (GtkWidget     *widget,
                                 gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
         gtk_widget_is_drawable (widget);
}

GtkWidget *
clt_test_gui_get_widget (gpointer root,
                         GType    type)
{
  GtkWidget *widget = clt_test_gui_find_widget (GTK_WIDGET (root), clt_test_gui_is_of_type,
                                                GSIZE_TO_POINTER (type));

  g_assert_nonnull (widget);

  return widget;
}

/* Who the window's results list shows at @position (the list's items are
 * places, CltCustomerSlot), or %NULL past its end. */
CltCustomer *
clt_test_gui_get_result (gpointer window,
                         guint    position)
{
  GtkListView *list = GTK_LIST_VIEW (clt_test_gui_get_widget (window, GTK_TYPE_LIST_VIEW));
  g_autoptr(CltCustomerSlot) slot = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)),
                                                           position);

  /* The model holds the slot and the slot its customer. */
  return slot != NULL ? clt_customer_slot_get_customer (slot) : NULL;
}

AdwEntryRow *
clt_test_gui_get_entry_row (gpointer    root,
                            const char *title)
{
  GtkWidget *row = clt_test_gui_find_widget (GTK_WIDGET (root), clt_test_gui_is_entry_row_titled, title);

  g_assert_nonnull (row);

  return ADW_ENTRY_ROW (row);
}

void
clt_test_gui_set_row_text (gpointer    root,
                           const char *title,
                           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (clt_test_gui_get_entry_row (root, title)), text);
}

GtkWidget *
clt_test_gui_get_button (gpointer    root,
                         const char *label)
{
  GtkWidget *button = clt_test_gui_find_widget (GTK_WIDGET (root), clt_test_gui_is_button_labelled, label);

  g_assert_nonnull (button);

  return button;
}

/* As a click does; activating a button clicks it only a moment later. */
void
clt_test_gui_click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

typedef struct
{
  GtkWidget       *root;
  CltTestGuiMatch  match;
  const char      *text;
  gboolean         present;
} LabelWait;

static gboolean
label_wait_done (gpointer data)
{
  LabelWait *wait = data;

  return (clt_test_gui_find_widget (wait->root, wait->match, wait->text) != NULL) == wait->present;
}

/* For a CltTestGuiLabelQuery: is a label containing its text shown? */
gboolean
clt_test_gui_label_is_shown (gpointer data)
{
  CltTestGuiLabelQuery *query = data;

  return clt_test_gui_find_widget (query->root, clt_test_gui_is_label_containing, query->text) != NULL;
}

/* Waits until a label that @match accepts for @text is shown, or, unless
 * @present, until none is. */
void
clt_test_gui_wait_for_label_full (gpointer         root,
                                  CltTestGuiMatch  match,
                                  const char      *text,
                                  gboolean         present)
{
  LabelWait wait = { GTK_WIDGET (root), match, text, present };

  if (present)
    g_test_message ("Waiting for “%s”", text);
  else
    g_test_message ("Waiting for “%s” to go", text);
  clt_test_gui_spin_until_full (label_wait_done, &wait, 10, text);
}

void
clt_test_gui_wait_for_label (gpointer    root,
                             const char *text)
{
  clt_test_gui_wait_for_label_full (root, clt_test_gui_is_label_containing, text, TRUE);
}

void
clt_test_gui_wait_for_no_label (gpointer    root,
                                const char *text)
{
  clt_test_gui_wait_for_label_full (root, clt_test_gui_is_label_containing, text, FALSE);
}

GtkWidget *
clt_test_gui_find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      GtkWidget *toplevel = g_list_model_get_item (toplevels, i);

      /* The list of toplevels keeps the window alive. */
      g_object_unref (toplevel);
      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }

  return NULL;
}

gboolean
clt_test_gui_toplevel_is_shown (gpointer data)
{
  GtkWidget *toplevel = clt_test_gui_find_toplevel (GPOINTER_TO_SIZE (data));

  return toplevel != NULL && gtk_widget_get_mapped (toplevel);
}

gboolean
clt_test_gui_toplevel_is_gone (gpointer data)
{
  return clt_test_gui_find_toplevel (GPOINTER_TO_SIZE (data)) == NULL;
}

GtkWidget *
clt_test_gui_wait_for_toplevel (GType type)
{
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_shown, GSIZE_TO_POINTER (type));

  return clt_test_gui_find_toplevel (type);
}

/* Saves what @window shows now as @name beside the test program. */
void
clt_test_gui_save_screenshot (gpointer    window,
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

  /* Let every pending layout and frame happen first, and end on a painted
   * frame: what ran in the spin (an idle after a window's first frame sets
   * its icon, and the header bars' window buttons are made again) may
   * have asked for a new layout. */
  clt_test_gui_spin_until (clt_test_gui_has_size, window);
  clt_test_gui_spin (300);
  clt_test_gui_wait_for_paint (GTK_WIDGET (window));
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));

  /* The window's own CSS background is not part of its snapshot. */
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

void
clt_test_gui_set_color_scheme (AdwColorScheme scheme)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

gint64
clt_test_gui_now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gint64
clt_test_gui_add_customer (CltStore   *store,
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

void
clt_test_gui_destroy_windows (GtkApplication *application)
{
  GList *windows;

  /* One at a time: a window takes its dialogs with it. */
  while ((windows = gtk_application_get_windows (application)) != NULL)
    gtk_window_destroy (GTK_WINDOW (windows->data));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
clt_test_gui_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        clt_test_gui_remove_dir (file);
      else
        g_unlink (file);
    }
  g_rmdir (path);
}

/* A new temporary folder named from @prefix ("clientele-gui" and so on);
 * @path gets the book's file inside it. */
char *
clt_test_gui_make_book_dir (const char  *prefix,
                            char       **path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  *path = g_build_filename (dir, "clientele.db", NULL);

  return dir;
}

/* The real window on the book at @path, presented at this size. */
CltWindow *
clt_test_gui_open_window (GtkApplication *application,
                          const char     *path,
                          int             width,
                          int             height)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;
  CltWindow *window;

  store = clt_store_open (path, &error);
  g_assert_no_error (error);

  window = clt_window_new (application);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  clt_window_set_store (window, store);
  gtk_window_present (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);

  return window;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Redraws @widget's window and waits for the frame to be painted, as a
 * person would see it; returns the monotonic time then. */
gint64
clt_test_gui_wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  clt_test_gui_spin_until (is_true, &painted);
  g_signal_handler_disconnect (clock, handler);

  return g_get_monotonic_time ();
}

/* A run that claims French must be in French: without the build's
 * catalogue its screenshots would silently come out in English. */
void
clt_test_gui_assert_french (void)
{
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Customers"), ==, "Clients");
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Today"), ==, "Aujourd’hui");
}

/**
 * clt_test_gui_init_language:
 *
 * After gtk_test_init(), which sets an English locale: a run in French
 * (LANG=fr…) asks for the locale again and checks that the build's
 * catalogue (CLT_TEST_LOCALEDIR) answers in French.
 *
 * Returns: whether the run is in French
 */
gboolean
clt_test_gui_init_language (void)
{
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  gboolean french = g_str_has_prefix (g_getenv ("LANG") ? g_getenv ("LANG") : "", "fr");

  if (french)
    g_assert_nonnull (setlocale (LC_ALL, ""));
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  if (french)
    clt_test_gui_assert_french ();

  return french;
}

/* A keyring daemon owns its bus name, and answers lookups, a moment
 * before its login keyring is the default collection: a password stored
 * then is refused ("Object does not exist at path …/collection/login"),
 * and the window under test rightly says so and stays open. Waits until a
 * probe password can be stored, for 10 s at most. */
gboolean
clt_test_gui_keyring_takes_passwords (void)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 10 * G_USEC_PER_SEC;
  guint attempts = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;

      attempts++;
      if (clt_secret_store_password ("probe.invalid", "probe", "probe", NULL, &error))
        {
          if (!clt_secret_clear_password ("probe.invalid", "probe", NULL, &error))
            g_test_message ("The keyring's probe stays: %s", error->message);
          g_test_message ("The keyring took a password at attempt %u, after %.0f ms", attempts,
                          (g_get_monotonic_time () - start) / 1000.0);
          return TRUE;
        }
      if (g_get_monotonic_time () > deadline)
        {
          g_test_message ("The keyring takes no password: %s", error->message);
          return FALSE;
        }
      g_usleep (100 * 1000);
    }
}

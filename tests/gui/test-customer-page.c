/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-customer-page"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <time.h>

#include "clt-column-layout.h"
#include "clt-contact-dialog.h"
#include "clt-customer-page.h"
#include "clt-note-dialog.h"
#include "clt-preference-dialog.h"

#include "clt-test-gui.h"

#define N_INTERACTIONS 500

typedef struct
{
  char       *dir;
  char       *path;
  CltStore   *store;
  gint64      customer_id;
  gint64      other_id;
  gint64      pinned_note_id;
  gint64      note_id;
  gint64      alert_id;
  gint64      email_id;
  gint64      interaction_id;
  GtkWidget  *window;
  GtkWidget  *page;
} Fixture;

static void
fill_book (Fixture *fixture)
{
  static const CltInteractionKind kinds[] = {
    CLT_INTERACTION_STAY, CLT_INTERACTION_CALL, CLT_INTERACTION_VISIT,
    CLT_INTERACTION_EMAIL_IN, CLT_INTERACTION_PURCHASE,
  };
  static const char *staff[] = { "Julie", "Marc", NULL };
  g_autoptr(CltCustomer) customer = clt_customer_new ("Mme Hélène Dupré");
  g_autoptr(GError) error = NULL;
  CltStore *store = fixture->store;
  gint64 now = clt_test_gui_now_unix ();
  gint64 id;

  clt_customer_set_addressed_as (customer, "Madame Dupré");
  clt_customer_set_company (customer, "Atelier Dupré & Fils");
  clt_customer_set_vip (customer, TRUE);
  id = clt_store_add_customer (store, customer, &error);
  g_assert_no_error (error);
  fixture->customer_id = id;

  {
    g_autoptr(CltCustomer) other = clt_customer_new ("Zoë Martin");

    fixture->other_id = clt_store_add_customer (store, other, &error);
    g_assert_no_error (error);
    clt_store_add_preference (store, fixture->other_id, "food", "Végétarienne", CLT_PREFERENCE_NONE, &error);
    g_assert_no_error (error);
  }

  clt_store_add_tag (store, id, "Festival", &error);
  g_assert_no_error (error);
  clt_store_add_tag (store, id, "Habituée", &error);
  g_assert_no_error (error);

  fixture->alert_id = clt_store_add_preference (store, id, "room", "Allergique aux plumes",
                                                CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "room", "Chambre côté cour, loin de l’ascenseur", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);
  clt_store_add_preference (store, id, "food", "Thé vert au petit-déjeuner", CLT_PREFERENCE_NONE, &error);
  g_assert_no_error (error);

  clt_store_add_promise (store, id, "Envoyer la facture du séjour", "Marc",
                         now - 3 * 24 * 3600, TRUE, &error);
  g_assert_no_error (error);

  fixture->pinned_note_id = clt_store_add_note (store, id, "Vient chaque année pour le festival de jazz",
                                                "Julie", TRUE, &error);
  g_assert_no_error (error);
  fixture->note_id = clt_store_add_note (store, id, "A demandé une facture au nom de la société",
                                         "Marc", FALSE, &error);
  g_assert_no_error (error);

  fixture->email_id = clt_store_add_contact (store, id, CLT_CONTACT_EMAIL, "work",
                                             "helene.dupre@example.fr", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, id, CLT_CONTACT_PHONE, "mobile", "+33 6 12 34 56 78", &error);
  g_assert_no_error (error);
  clt_store_add_contact (store, id, CLT_CONTACT_ADDRESS, NULL, "12 rue des Lilas\n75011 Paris", &error);
  g_assert_no_error (error);

  /* One transaction, so that the book is made in a blink. */
  clt_store_begin (store, &error);
  g_assert_no_error (error);
  fixture->interaction_id = clt_store_add_interaction (store, id, CLT_INTERACTION_STAY, now + 5 * 24 * 3600, TRUE,
                                                       "Arrivée prévue vers 18 h, chambre 12", "Julie", &error);
  g_assert_no_error (error);
  for (int i = 1; i < N_INTERACTIONS; i++)
    {
      g_autofree char *note = i % 3 == 0 ? g_strdup_printf ("Séjour numéro %d, tout s’est bien passé", i) : NULL;

      clt_store_add_interaction (store, id, kinds[i % G_N_ELEMENTS (kinds)],
                                 now - (gint64) i * 2 * 24 * 3600 - 3600, FALSE,
                                 note, staff[i % 3], &error);
      g_assert_no_error (error);
    }
  clt_store_commit (store, &error);
  g_assert_no_error (error);
}

static void
add_win_actions (GtkWidget *window,
                 gboolean   compose)
{
  static const GActionEntry entries[] = {
    { "log-contact", NULL, NULL, NULL, NULL },
    { "edit-customer", NULL, NULL, NULL, NULL },
    { "delete-customer", NULL, NULL, NULL, NULL },
  };
  static const GActionEntry compose_entries[] = {
    { "compose", NULL, "s", NULL, NULL },
  };
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();

  /* The window's actions, as the real window provides them. */
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), NULL);
  if (compose)
    g_action_map_add_action_entries (G_ACTION_MAP (group), compose_entries, G_N_ELEMENTS (compose_entries), NULL);
  gtk_widget_insert_action_group (window, "win", G_ACTION_GROUP (group));
}

static GtkWidget *
open_window (Fixture  *fixture,
             int       width,
             int       height,
             gboolean  compose)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();

  fixture->page = clt_customer_page_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), fixture->page);
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  add_win_actions (window, compose);
  gtk_window_present (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);
  clt_test_gui_spin_until (clt_test_gui_has_size, window);
  fixture->window = window;

  return window;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-page", &fixture->path);
  fixture->store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fill_book (fixture);
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

static guint
count_widgets (GtkWidget     *root,
               CltTestGuiMatch          match,
               gconstpointer  data)
{
  guint n = match (root, data) && gtk_widget_is_drawable (root) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child, match, data);

  return n;
}

/* A row of the page whose title and subtitle are laid out by a column
 * layout (clt_gui_action_row_new()): GTK 4.8 would otherwise search for
 * the narrowest width of AdwActionRow's centred title box at each
 * allocation, laying its labels out at each try. It must still look as
 * libadwaita draws it: the text centred in the row, the subtitle 3 pixels
 * under the title. */
static gboolean
is_row_laid_out_once (GtkWidget     *widget,
                      gconstpointer  data)
{
  GtkWidget *header;
  GtkWidget *title_box = NULL;
  GtkWidget *title;
  GtkWidget *subtitle;
  graphene_rect_t box;
  graphene_rect_t title_bounds;
  graphene_rect_t subtitle_bounds;
  double above, below;

  if (!ADW_IS_ACTION_ROW (widget) || !gtk_widget_is_drawable (widget))
    return FALSE;

  header = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (header); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_has_css_class (child, "title"))
      title_box = child;
  g_assert_nonnull (title_box);
  g_assert_true (CLT_IS_COLUMN_LAYOUT (gtk_widget_get_layout_manager (title_box)));

  g_assert_true (gtk_widget_compute_bounds (title_box, header, &box));
  above = box.origin.y;
  below = gtk_widget_get_height (header) - (box.origin.y + box.size.height);
  g_assert_cmpfloat (fabs (above - below), <=, 1);

  title = gtk_widget_get_first_child (title_box);
  subtitle = gtk_widget_get_next_sibling (title);
  if (gtk_widget_get_visible (title) && gtk_widget_get_visible (subtitle))
    {
      g_assert_true (gtk_widget_compute_bounds (title, title_box, &title_bounds));
      g_assert_true (gtk_widget_compute_bounds (subtitle, title_box, &subtitle_bounds));
      g_assert_cmpfloat (subtitle_bounds.origin.y - (title_bounds.origin.y + title_bounds.size.height), ==, 3);
    }

  return TRUE;
}

/* A label showing this text, alone or as one of its lines. */
static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  text)
{
  g_auto(GStrv) lines = NULL;

  if (!GTK_IS_LABEL (widget) || !gtk_widget_is_drawable (widget))
    return FALSE;

  if (strcmp (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  lines = g_strsplit (gtk_label_get_text (GTK_LABEL (widget)), "\n", -1);
  return g_strv_contains ((const char * const *) lines, text);
}

static gboolean
is_button_with_tooltip (GtkWidget     *widget,
                        gconstpointer  text)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

static gboolean
has_css_class (GtkWidget     *widget,
               gconstpointer  css_class)
{
  return gtk_widget_has_css_class (widget, css_class);
}

/* An icon-only button with neither tooltip nor accessible label. */
static gboolean
is_unnamed_icon_button (GtkWidget     *widget,
                        gconstpointer  data)
{
  GtkWidget *child;

  if (!GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (widget))
    return FALSE;

  child = gtk_widget_get_first_child (widget);
  if (GTK_IS_MENU_BUTTON (widget) && child != NULL)
    child = gtk_widget_get_first_child (child);

  return GTK_IS_IMAGE (child) && gtk_widget_get_tooltip_text (widget) == NULL;
}

/* Labels here are matched whole or line by line, not by a part. */
static void
wait_for_label (GtkWidget  *root,
                const char *text)
{
  clt_test_gui_wait_for_label_full (root, is_label_with, text, TRUE);
}

static void
wait_for_no_label (GtkWidget  *root,
                   const char *text)
{
  clt_test_gui_wait_for_label_full (root, is_label_with, text, FALSE);
}

static guint
count_history_rows (Fixture *fixture)
{
  return count_widgets (fixture->page, has_css_class, "history-row");
}

#define N_RUNS 9

typedef struct
{
  gint64 build_wall;
  gint64 build_cpu;
  gint64 frame_wall;
  gint64 frame_cpu;
} Cost;

/* Processor time, which the other programs on a busy machine do not inflate. */
static gint64
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static int
compare_costs (const void *a,
               const void *b)
{
  const Cost *x = a;
  const Cost *y = b;

  return (x->frame_wall > y->frame_wall) - (x->frame_wall < y->frame_wall);
}

static void
show_and_measure (Fixture   *fixture,
                  GtkWidget *window,
                  Cost      *cost)
{
  gint64 start = g_get_monotonic_time ();
  gint64 cpu_start = cpu_now ();

  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->customer_id);
  cost->build_wall = g_get_monotonic_time () - start;
  cost->build_cpu = cpu_now () - cpu_start;
  cost->frame_wall = clt_test_gui_wait_for_paint (window) - start;
  cost->frame_cpu = cpu_now () - cpu_start;
}

static void
test_shows_customer (Fixture       *fixture,
                     gconstpointer  user_data)
{
  GtkWidget *more;
  GtkWidget *window = open_window (fixture, 900, 1000, TRUE);
  GtkWidget *write;
  Cost first;
  Cost runs[N_RUNS];
  gint64 start, built, painted;

  /* The first customer of the day also pays for loading the widgets' code
   * and styles: measured apart. */
  show_and_measure (fixture, window, &first);
  g_test_message ("First customer shown, %d history items: %.1f ms to build, %.1f ms to the first frame "
                  "(%.1f ms and %.1f ms of processor time)",
                  N_INTERACTIONS + 2, first.build_wall / 1000.0, first.frame_wall / 1000.0,
                  first.build_cpu / 1000.0, first.frame_cpu / 1000.0);

  for (guint i = 0; i < N_RUNS; i++)
    {
      clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->other_id);
      clt_test_gui_wait_for_paint (window);
      show_and_measure (fixture, window, &runs[i]);
    }
  qsort (runs, N_RUNS, sizeof runs[0], compare_costs);
  g_test_message ("Customer shown, %d history items, median of %d: %.1f ms to build, %.1f ms to the first frame "
                  "(%.1f ms and %.1f ms of processor time); fastest %.1f ms, slowest %.1f ms to the first frame",
                  N_INTERACTIONS + 2, N_RUNS,
                  runs[N_RUNS / 2].build_wall / 1000.0, runs[N_RUNS / 2].frame_wall / 1000.0,
                  runs[N_RUNS / 2].build_cpu / 1000.0, runs[N_RUNS / 2].frame_cpu / 1000.0,
                  runs[0].frame_wall / 1000.0, runs[N_RUNS - 1].frame_wall / 1000.0);

  g_assert_cmpint (clt_customer_page_get_customer_id (CLT_CUSTOMER_PAGE (fixture->page)), ==, fixture->customer_id);
  g_assert_true (clt_customer_page_get_store (CLT_CUSTOMER_PAGE (fixture->page)) == fixture->store);

  /* Header: a column of text laid out for its width, as the rows are. */
  wait_for_label (window, "Hélène Dupré");
  g_assert_true (CLT_IS_COLUMN_LAYOUT (gtk_widget_get_layout_manager (
    gtk_widget_get_parent (clt_test_gui_find_widget (window, is_label_with, "Hélène Dupré")))));
  wait_for_label (window, "Addressed as: Madame Dupré");
  wait_for_label (window, "Atelier Dupré & Fils");
  wait_for_label (window, "VIP");
  wait_for_label (window, "Festival");
  wait_for_label (window, "Habituée");

  /* The promises, preferences and contacts rows. */
  g_assert_cmpuint (count_widgets (window, is_row_laid_out_once, NULL), >=, 5);

  /* The alert, in the Remember card and with the preferences. */
  g_assert_cmpuint (count_widgets (window, is_label_with, "Allergique aux plumes"), ==, 2);
  wait_for_label (window, "Envoyer la facture du séjour");
  wait_for_label (window, "Room");
  wait_for_label (window, "Food and drink");
  wait_for_label (window, "Thé vert au petit-déjeuner");
  wait_for_label (window, "Sensitive");

  /* Notes, contact details. */
  wait_for_label (window, "Vient chaque année pour le festival de jazz");
  wait_for_label (window, "helene.dupre@example.fr");
  wait_for_label (window, "E-mail · work");
  wait_for_label (window, "+33 6 12 34 56 78");
  wait_for_label (window, "12 rue des Lilas\n75011 Paris");

  /* The window can write, so the e-mail row offers to. */
  write = clt_test_gui_find_widget (window, is_button_with_tooltip, "Write an E-mail");
  g_assert_nonnull (write);
  g_assert_true (gtk_widget_get_visible (write));

  /* History: the first page, the planned stay on top. */
  g_assert_cmpuint (count_history_rows (fixture), ==, 20);
  wait_for_label (window, "Expected");
  wait_for_label (window, "Arrivée prévue vers 18 h, chambre 12");
  more = clt_test_gui_find_widget (window, clt_test_gui_is_button_labelled, "Show 20 More");
  g_assert_nonnull (more);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (more), ==, "20 of 502 shown");

  g_assert_null (clt_test_gui_find_widget (window, is_unnamed_icon_button, NULL));

  start = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.more-history", NULL));
  built = g_get_monotonic_time () - start;
  painted = clt_test_gui_wait_for_paint (window) - start;
  g_test_message ("Showing 20 more history items: %.1f ms to build, %.1f ms to the first frame",
                  built / 1000.0, painted / 1000.0);
  g_assert_cmpuint (count_history_rows (fixture), ==, 40);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (more), ==, "40 of 502 shown");

  /* Page after page, to the last one. */
  for (guint i = 0; i < 23; i++)
    g_assert_true (gtk_widget_activate_action (fixture->page, "page.more-history", NULL));
  g_assert_cmpuint (count_history_rows (fixture), ==, 500);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, "Show 2 More");
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.more-history", NULL));
  g_assert_cmpuint (count_history_rows (fixture), ==, N_INTERACTIONS + 2);
  g_assert_false (gtk_widget_get_visible (more));

  /* Another customer starts again at the first page. */
  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, 0);
  wait_for_no_label (window, "Hélène Dupré");
  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->customer_id);
  g_assert_cmpuint (count_history_rows (fixture), ==, 20);
}

static void
test_no_compose (Fixture       *fixture,
                 gconstpointer  user_data)
{
  GtkWidget *window = open_window (fixture, 900, 800, FALSE);
  GtkWidget *write;

  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->customer_id);
  wait_for_label (window, "helene.dupre@example.fr");

  write = clt_test_gui_find_widget (window, is_button_with_tooltip, "Write an E-mail");
  g_assert_nonnull (write);
  g_assert_false (gtk_widget_get_visible (write));
}

static void
test_refresh (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *window = open_window (fixture, 900, 800, TRUE);

  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->customer_id);
  wait_for_label (window, "Hélène Dupré");

  clt_store_add_note (fixture->store, fixture->customer_id, "Préfère être appelée Hélène", "Marc", FALSE, &error);
  g_assert_no_error (error);
  wait_for_label (window, "Préfère être appelée Hélène");

  /* A change to someone else leaves the page alone. */
  {
    g_autoptr(CltCustomer) other = clt_customer_new ("Anne Moreau");
    gint64 other_id = clt_store_add_customer (fixture->store, other, &error);

    g_assert_no_error (error);
    clt_store_add_note (fixture->store, other_id, "Autre cliente", NULL, FALSE, &error);
    g_assert_no_error (error);
    clt_test_gui_spin (100);
    g_assert_null (clt_test_gui_find_widget (window, is_label_with, "Autre cliente"));
  }

  /* A customer in the trash is shown as nobody, and comes back with them. */
  clt_store_trash_customer (fixture->store, fixture->customer_id, &error);
  g_assert_no_error (error);
  wait_for_no_label (window, "Hélène Dupré");
  clt_store_untrash_customer (fixture->store, fixture->customer_id, &error);
  g_assert_no_error (error);
  wait_for_label (window, "Hélène Dupré");
}

static gboolean
is_undo_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), "_Undo") == 0;
}

/* The toast on screen with this title. */
static gboolean
is_toast_with (GtkWidget     *widget,
               gconstpointer  title)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, g_type_from_name ("AdwToastWidget")) &&
         gtk_widget_get_mapped (widget) &&
         clt_test_gui_find_widget (widget, is_label_with, title) != NULL;
}

static gboolean
toast_is_shown (gpointer data)
{
  CltTestGuiLabelQuery *query = data;

  return clt_test_gui_find_widget (query->root, is_toast_with, query->text) != NULL;
}

/* Clicks Undo on the toast with @title, as a person would. */
static void
click_undo (GtkWidget  *window,
            const char *title)
{
  CltTestGuiLabelQuery query = { window, title };
  GtkWidget *toast;
  GtkWidget *undo;

  clt_test_gui_spin_until_full (toast_is_shown, &query, 10, title);
  toast = clt_test_gui_find_widget (window, is_toast_with, title);
  undo = clt_test_gui_find_widget (toast, is_undo_button, NULL);
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltNote) note = NULL;
  g_autoptr(CltPreference) preference = NULL;
  g_autoptr(CltContact) contact = NULL;
  g_autoptr(CltInteraction) interaction = NULL;
  GtkWidget *window = open_window (fixture, 900, 800, TRUE);
  const char *text = "Vient chaque année pour le festival de jazz";

  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->customer_id);
  wait_for_label (window, text);

  /* A note, through the page's action as its Delete menu item does. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.delete-note", "x", fixture->pinned_note_id));
  wait_for_no_label (window, text);
  note = clt_store_get_note (fixture->store, fixture->pinned_note_id, &error);
  g_assert_error (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND);
  g_assert_null (note);
  g_clear_error (&error);
  click_undo (window, "Note deleted");
  wait_for_label (window, text);
  note = clt_store_get_note (fixture->store, fixture->pinned_note_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (note->text, ==, text);
  g_assert_true (note->pinned);

  /* A preference. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.delete-preference", "x", fixture->alert_id));
  wait_for_no_label (window, "Allergique aux plumes");
  click_undo (window, "Preference deleted");
  wait_for_label (window, "Allergique aux plumes");
  preference = clt_store_get_preference (fixture->store, fixture->alert_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (preference->flags, ==, CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE);

  /* A contact detail. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.delete-contact", "(ix)",
                                             (gint32) CLT_CONTACT_EMAIL, fixture->email_id));
  wait_for_no_label (window, "helene.dupre@example.fr");
  click_undo (window, "Contact detail deleted");
  wait_for_label (window, "helene.dupre@example.fr");
  contact = clt_store_get_contact (fixture->store, CLT_CONTACT_EMAIL, fixture->email_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contact->label, ==, "work");

  /* A planned stay in the history. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.delete-interaction", "x", fixture->interaction_id));
  wait_for_no_label (window, "Arrivée prévue vers 18 h, chambre 12");
  click_undo (window, "Removed from the history");
  wait_for_label (window, "Arrivée prévue vers 18 h, chambre 12");
  interaction = clt_store_get_interaction (fixture->store, fixture->interaction_id, &error);
  g_assert_no_error (error);
  g_assert_true (interaction->planned);

  /* Pin and unpin save at once. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.toggle-pin", "x", fixture->note_id));
  clt_test_gui_spin (100);
  g_clear_pointer (&note, clt_note_free);
  note = clt_store_get_note (fixture->store, fixture->note_id, &error);
  g_assert_no_error (error);
  g_assert_true (note->pinned);

  /* Copy. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.copy-contact", "(ix)",
                                             (gint32) CLT_CONTACT_EMAIL, fixture->email_id));
  wait_for_label (window, "Copied");
}

static gboolean
is_text_view (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_TEXT_VIEW (widget) && gtk_widget_get_visible (widget);
}

static gboolean
is_entry_row (GtkWidget     *widget,
              gconstpointer  title)
{
  return ADW_IS_ENTRY_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_switch (GtkWidget     *widget,
           gconstpointer  data)
{
  return GTK_IS_SWITCH (widget);
}

static gboolean
is_action_row_titled (GtkWidget     *widget,
                      gconstpointer  title)
{
  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
is_combo_row (GtkWidget     *widget,
              gconstpointer  data)
{
  return ADW_IS_COMBO_ROW (widget);
}

static gboolean
save_is_enabled (GtkWidget *dialog)
{
  GtkWidget *save = clt_test_gui_find_widget (dialog, clt_test_gui_is_button_labelled, "_Save");

  g_assert_nonnull (save);

  return gtk_widget_get_sensitive (save);
}

static void
set_text_view (GtkWidget  *dialog,
               const char *text)
{
  GtkWidget *view = clt_test_gui_find_widget (dialog, is_text_view, NULL);

  g_assert_nonnull (view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), text, -1);
}

static void
test_dialogs (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.clientele.Clientele");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  GtkWidget *window = open_window (fixture, 900, 800, TRUE);
  GtkWidget *dialog;
  GtkWidget *row;
  GtkWidget *error_label;
  gboolean found = FALSE;

  g_settings_set_string (settings, "staff-name", "Camille");
  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->customer_id);
  wait_for_label (window, "Hélène Dupré");

  /* A new note: Save waits for some text; the author is the desk's. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.add-note", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_NOTE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_false (save_is_enabled (dialog));
  set_text_view (dialog, "Fête ses 60 ans en juin :\nprévoir une bouteille en chambre");
  g_assert_true (save_is_enabled (dialog));
  clt_test_gui_save_screenshot (dialog, "note-dialog.png");
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG));
  wait_for_label (window, "Fête ses 60 ans en juin :\nprévoir une bouteille en chambre");

  notes = clt_store_list_notes (fixture->store, fixture->customer_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < notes->len; i++)
    {
      CltNote *note = g_ptr_array_index (notes, i);

      if (g_str_has_prefix (note->text, "Fête ses 60 ans"))
        {
          g_assert_cmpstr (note->author, ==, "Camille");
          found = TRUE;
        }
    }
  g_assert_true (found);

  /* Editing a note that someone deleted meanwhile: the dialog says so and stays. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.edit-note", "x", fixture->note_id));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_NOTE_DIALOG);
  clt_store_delete_note (fixture->store, fixture->note_id, &error);
  g_assert_no_error (error);
  set_text_view (dialog, "Facture au nom de l’Atelier");
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin (100);
  g_assert_true (clt_test_gui_toplevel_is_shown (GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG)));
  error_label = clt_test_gui_find_widget (dialog, has_css_class, "error");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_visible (error_label));
  clt_test_gui_save_screenshot (dialog, "note-dialog-error.png");
  /* The text typed is not thrown away without asking. */
  g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
  {
    GtkWidget *question = clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);

    g_signal_emit_by_name (clt_test_gui_get_button (question, "_Discard"), "clicked");
  }
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_NOTE_DIALOG));

  /* Editing a preference: a suggested category is stored by its key. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.edit-preference", "x", fixture->alert_id));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_PREFERENCE_DIALOG);
  row = clt_test_gui_find_widget (dialog, is_entry_row, "Category");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Room");
  g_assert_true (gtk_widget_activate_action (dialog, "preference.category", "s", "health"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Health");
  row = clt_test_gui_find_widget (dialog, is_entry_row, "Preference");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "Allergique aux plumes");
  /* Back in the text, nothing selected: the next key adds to it. */
  clt_test_gui_spin (100);
  g_assert_false (gtk_editable_get_selection_bounds (GTK_EDITABLE (row), NULL, NULL));
  gtk_editable_set_text (GTK_EDITABLE (row), "Allergique aux plumes et au pollen");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (clt_test_gui_find_widget (dialog, is_switch, NULL))));
  clt_test_gui_save_screenshot (dialog, "preference-dialog.png");
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PREFERENCE_DIALOG));
  wait_for_label (window, "Health");
  {
    g_autoptr(CltPreference) preference = clt_store_get_preference (fixture->store, fixture->alert_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (preference->category, ==, "health");
    g_assert_cmpstr (preference->text, ==, "Allergique aux plumes et au pollen");
    g_assert_cmpint (preference->flags, ==, CLT_PREFERENCE_ALERT | CLT_PREFERENCE_SENSITIVE);
  }

  /* A new preference in a category of one's own. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.add-preference", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_PREFERENCE_DIALOG);
  g_assert_false (save_is_enabled (dialog));
  gtk_editable_set_text (GTK_EDITABLE (clt_test_gui_find_widget (dialog, is_entry_row, "Category")), "  Journaux ");
  gtk_editable_set_text (GTK_EDITABLE (clt_test_gui_find_widget (dialog, is_entry_row, "Preference")), "Le Monde le matin");
  g_assert_true (save_is_enabled (dialog));
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PREFERENCE_DIALOG));
  wait_for_label (window, "Journaux");
  wait_for_label (window, "Le Monde le matin");

  /* A new phone number. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.add-contact", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CONTACT_DIALOG);
  adw_combo_row_set_selected (ADW_COMBO_ROW (clt_test_gui_find_widget (dialog, is_combo_row, NULL)), CLT_CONTACT_PHONE);
  gtk_editable_set_text (GTK_EDITABLE (clt_test_gui_find_widget (dialog, is_entry_row, "Label, such as “home” or “work”")), "home");
  g_assert_false (save_is_enabled (dialog));
  gtk_editable_set_text (GTK_EDITABLE (clt_test_gui_find_widget (dialog, is_entry_row, "Phone Number")), "01 43 55 12 12");
  g_assert_true (save_is_enabled (dialog));
  clt_test_gui_save_screenshot (dialog, "contact-dialog.png");
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CONTACT_DIALOG));
  wait_for_label (window, "01 43 55 12 12");
  wait_for_label (window, "Phone · home");

  /* Editing an address keeps its kind and its lines. */
  {
    g_autoptr(GPtrArray) contacts = clt_store_list_contacts (fixture->store, fixture->customer_id, &error);
    const CltContact *address = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < contacts->len; i++)
      if (((CltContact *) g_ptr_array_index (contacts, i))->kind == CLT_CONTACT_ADDRESS)
        address = g_ptr_array_index (contacts, i);
    g_assert_nonnull (address);

    g_assert_true (gtk_widget_activate_action (fixture->page, "page.edit-contact", "(ix)",
                                               (gint32) CLT_CONTACT_ADDRESS, address->id));
    dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_CONTACT_DIALOG);
    g_assert_false (gtk_widget_get_sensitive (clt_test_gui_find_widget (dialog, is_combo_row, NULL)));
    set_text_view (dialog, "14 rue des Lilas\n75011 Paris");
    clt_test_gui_save_screenshot (dialog, "contact-dialog-address.png");
    g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
    clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_CONTACT_DIALOG));
    wait_for_label (window, "14 rue des Lilas\n75011 Paris");
  }

  g_settings_reset (settings, "staff-name");
}

/* The switch of the row titled @title. */
static GtkSwitch *
get_row_switch (GtkWidget  *dialog,
                const char *title)
{
  GtkWidget *row = clt_test_gui_find_widget (dialog, is_action_row_titled, title);

  g_assert_nonnull (row);
  return GTK_SWITCH (clt_test_gui_find_widget (row, is_switch, NULL));
}

/* What the customer wants is typed first; a health preference is
 * sensitive unless the person says otherwise. */
static void
test_preference_dialog (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) preferences = NULL;
  GtkWidget *window = open_window (fixture, 900, 800, TRUE);
  GtkWidget *dialog;
  GtkWidget *text_row;
  GtkWidget *category_row;
  GtkWidget *focus;
  GtkSwitch *sensitive;
  guint found = 0;

  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->other_id);
  wait_for_label (window, "Zoë Martin");

  g_assert_true (gtk_widget_activate_action (fixture->page, "page.add-preference", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_PREFERENCE_DIALOG);
  text_row = clt_test_gui_find_widget (dialog, is_entry_row, "Preference");
  category_row = clt_test_gui_find_widget (dialog, is_entry_row, "Category");
  focus = gtk_root_get_focus (GTK_ROOT (dialog));
  g_assert_nonnull (focus);
  g_assert_true (focus == text_row || gtk_widget_is_ancestor (focus, text_row));
  /* And it comes first, before the category. */
  g_assert_true (gtk_widget_get_next_sibling (text_row) == category_row);

  sensitive = get_row_switch (dialog, "Sensitive (health data)");
  g_assert_false (gtk_switch_get_active (sensitive));
  gtk_editable_set_text (GTK_EDITABLE (text_row), "Allergique aux arachides");
  gtk_editable_set_text (GTK_EDITABLE (category_row), "Health");
  g_assert_true (gtk_switch_get_active (sensitive));
  clt_test_gui_save_screenshot (dialog, "preference-dialog-health.png");
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PREFERENCE_DIALOG));

  /* Switched off by the person: their choice stands, whatever is retyped. */
  g_assert_true (gtk_widget_activate_action (fixture->page, "page.add-preference", NULL));
  dialog = clt_test_gui_wait_for_toplevel (CLT_TYPE_PREFERENCE_DIALOG);
  sensitive = get_row_switch (dialog, "Sensitive (health data)");
  gtk_editable_set_text (GTK_EDITABLE (clt_test_gui_find_widget (dialog, is_entry_row, "Preference")), "Sans sel");
  g_assert_true (gtk_widget_activate_action (dialog, "preference.category", "s", "health"));
  g_assert_true (gtk_switch_get_active (sensitive));
  gtk_switch_set_active (sensitive, FALSE);
  gtk_editable_set_text (GTK_EDITABLE (clt_test_gui_find_widget (dialog, is_entry_row, "Category")), "Health");
  g_assert_false (gtk_switch_get_active (sensitive));
  g_assert_true (gtk_widget_activate_action (dialog, "dialog.save", NULL));
  clt_test_gui_spin_until (clt_test_gui_toplevel_is_gone, GSIZE_TO_POINTER (CLT_TYPE_PREFERENCE_DIALOG));

  preferences = clt_store_list_preferences (fixture->store, fixture->other_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < preferences->len; i++)
    {
      CltPreference *preference = g_ptr_array_index (preferences, i);

      if (g_strcmp0 (preference->text, "Allergique aux arachides") == 0 ||
          g_strcmp0 (preference->text, "Sans sel") == 0)
        {
          g_assert_cmpstr (preference->category, ==, "health");
          g_assert_cmpint (preference->flags, ==, *preference->text == 'A' ? CLT_PREFERENCE_SENSITIVE : 0);
          found++;
        }
    }
  g_assert_cmpint (found, ==, 2);
}

static void
scroll_to (Fixture    *fixture,
           const char *text)
{
  GtkWidget *label = clt_test_gui_find_widget (fixture->page, is_label_with, text);
  GtkWidget *scroller = gtk_widget_get_ancestor (label, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  double x, y;

  g_assert_true (gtk_widget_translate_coordinates (label, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)),
                                                   0, 0, &x, &y));
  gtk_adjustment_set_value (adjustment, y - 24);
}

/* Scrolls the page to its end. */
static void
scroll_to_end (Fixture *fixture)
{
  GtkWidget *more = clt_test_gui_find_widget (fixture->page, clt_test_gui_is_button_labelled, "Show 20 More");
  GtkWidget *scroller = gtk_widget_get_ancestor (more, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  g_assert_true (gtk_widget_get_visible (more));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  clt_test_gui_spin (200);
}

static void
take_screenshots (Fixture    *fixture,
                  const char *scheme)
{
  g_autofree char *wide = g_strdup_printf ("customer-page-wide-%s.png", scheme);
  g_autofree char *wide_bottom = g_strdup_printf ("customer-page-wide-history-%s.png", scheme);
  g_autofree char *narrow = g_strdup_printf ("customer-page-narrow-%s.png", scheme);
  g_autofree char *narrow_middle = g_strdup_printf ("customer-page-narrow-details-%s.png", scheme);
  g_autofree char *wide_end = g_strdup_printf ("customer-page-wide-history-end-%s.png", scheme);
  g_autofree char *narrow_end = g_strdup_printf ("customer-page-narrow-history-end-%s.png", scheme);
  GtkWidget *window;

  window = open_window (fixture, 900, 1000, TRUE);
  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->customer_id);
  wait_for_label (window, "Allergique aux plumes");
  clt_test_gui_save_screenshot (window, wide);
  scroll_to (fixture, "Contact Details");
  clt_test_gui_save_screenshot (window, wide_bottom);
  /* The end of the history's first page, and the button for the next. */
  scroll_to_end (fixture);
  clt_test_gui_save_screenshot (window, wide_end);
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_window (fixture, 360, 800, TRUE);
  clt_customer_page_set_customer (CLT_CUSTOMER_PAGE (fixture->page), fixture->store, fixture->customer_id);
  wait_for_label (window, "Allergique aux plumes");
  clt_test_gui_spin (300);
  /* Nothing is wider than a phone. */
  g_assert_cmpint (gtk_widget_get_width (window), <=, 360);
  clt_test_gui_save_screenshot (window, narrow);
  scroll_to (fixture, "Notes");
  clt_test_gui_save_screenshot (window, narrow_middle);
  scroll_to_end (fixture);
  clt_test_gui_save_screenshot (window, narrow_end);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  user_data)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  take_screenshots (fixture, "light");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  take_screenshots (fixture, "dark");

  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* What the application loads for its windows. */
  gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  /* Screenshots must not catch a transition half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/gui/customer-page/shows-customer", Fixture, NULL,
              fixture_set_up, test_shows_customer, fixture_tear_down);
  g_test_add ("/gui/customer-page/no-compose", Fixture, NULL,
              fixture_set_up, test_no_compose, fixture_tear_down);
  g_test_add ("/gui/customer-page/refresh", Fixture, NULL,
              fixture_set_up, test_refresh, fixture_tear_down);
  g_test_add ("/gui/customer-page/delete-and-undo", Fixture, NULL,
              fixture_set_up, test_delete_and_undo, fixture_tear_down);
  g_test_add ("/gui/customer-page/dialogs", Fixture, NULL,
              fixture_set_up, test_dialogs, fixture_tear_down);
  g_test_add ("/gui/customer-page/preference-dialog", Fixture, NULL,
              fixture_set_up, test_preference_dialog, fixture_tear_down);
  g_test_add ("/gui/customer-page/screenshots", Fixture, NULL,
              fixture_set_up, test_screenshots, fixture_tear_down);

  return g_test_run ();
}

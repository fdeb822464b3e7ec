/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-window"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-gui-util.h"
#include "clt-application.h"
#include "clt-backup-actions.h"
#include "clt-book-problem-page.h"
#include "clt-compose-dialog.h"
#include "clt-contact-dialog.h"
#include "clt-customer-dialog.h"
#include "clt-customer-page.h"
#include "clt-customer-row.h"
#include "clt-data-actions.h"
#include "clt-empty-book-page.h"
#include "clt-import-dialog.h"
#include "clt-log-dialog.h"
#include "clt-long-text.h"
#include "clt-outbox-view.h"
#include "clt-password-dialog.h"
#include "clt-promise-dialog.h"
#include "clt-refold-indicator.h"
#include "clt-staff-button.h"
#include "clt-status-page.h"
#include "clt-sync-indicator.h"
#include "clt-sync-runner.h"
#include "clt-today-view.h"
#include "clt-write.h"
#include "clt-write-blocked.h"

#include "clt-window.h"

/* How long typing pauses before the best match's page is built. */
#define SHOW_DELAY_MS 150
/* Enough of a name to find its customer by. */
#define SEARCH_NAME_CHARS 64
/* The first frame builds the rows the window's height can show under its
 * header bar (HEADER_MIN_HEIGHT pixels at least), read as if each took
 * ROW_MIN_HEIGHT pixels, and at most FIRST_FRAME_ROWS: GTK 4.8 builds a
 * row for every result loaded (a page, CLT_SEARCH_MODEL_PAGE_SIZE), each
 * costing the first frame its making, style and size. The rest come right
 * after. Before a search every row keeps its line under the name, empty
 * or not (CltCustomerRow), and rows are 49 pixels apart with the default
 * font; 46 leaves room for a slightly smaller one. (At 36, a 900-pixel
 * window made 24 rows for the 18 it shows.) */
#define HEADER_MIN_HEIGHT 46
#define ROW_MIN_HEIGHT 46
#define FIRST_FRAME_ROWS 40
/* Rows added to the list at a time as it is scrolled. */
#define ROWS_PAGE CLT_SEARCH_MODEL_PAGE_SIZE

struct _CltWindow
{
  AdwApplicationWindow  parent_instance;

  CltStore             *store;
  CltOutbox            *outbox;
  CltSyncRunner        *sync_runner;
  CltSyncIndicator     *sync_indicator;        /* a long round, in the list's header */
  GtkWidget            *add_close_button;
  GtkLabel             *add_close_label;
  char                 *path;
  CltSearchModel       *search_model;
  /* The search model as the list shows it: its first rows only, until the
   * first frame is painted. */
  GtkSliceListModel    *rows;
  CltSlotModel         *slots;
  GtkSingleSelection   *selection;
  GSettings            *settings;
  CltBackupActions     *backup_actions;

  gint64                customer_id;    /* shown, 0 for nobody */
  gint64                select_id;      /* to select at the next reload */
  guint                 reload_idle_id;
  guint                 desk_idle_id;
  GdkFrameClock        *scroll_clock;      /* checking a move's scroll */
  gulong                scroll_check_id;
  guint                 show_timeout_id;
  guint                 n_pending_deletes;
  guint                 check_tick_id;
  guint                 check_idle_id;
  guint                 icon_tick_id;
  guint                 icon_idle_id;
  guint                 damaged_idle_id;
  guint                 switcher_idle_id;
  guint                 rows_tick_id;
  guint                 rows_idle_id;
  gboolean              problem;        /* the book is not shown: see problem_page */
  gboolean              reloading;
  gboolean              setting_text;   /* the window writes the search text */
  gboolean              sample;
  gboolean              making_sample;
  gboolean              content_opened; /* shown instead of the list when folded */

  CltDataActions       *data_actions;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  AdwViewSwitcherBar   *switcher_bar;
  GtkBox               *today_page;
  CltTodayView         *today_view;     /* made when Today is first shown */
  AdwBin               *outbox_bin;
  CltOutboxView        *outbox_view;     /* made when first shown */
  CltOutboxStatus      *outbox_status;
  GtkStack             *main_stack;
  GtkWidget            *book_page;       /* invisible while another page shows */
  CltEmptyBookPage     *empty_page;     /* made when first needed */
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *content;
  GtkSearchEntry       *search_entry;
  GtkWidget            *sample_banner;
  CltRefoldIndicator   *refold_indicator;
  GtkRevealer          *backup_notice;       /* shown with its first notice */
  GtkLabel             *backup_notice_label;
  GtkStack             *sidebar_stack;
  GtkListView          *list_view;
  GtkLabel             *add_from_search_label;  /* NULL until a search finds nobody */
  AdwSqueezer          *content_squeezer;
  AdwViewSwitcher      *content_switcher;
  AdwViewSwitcher      *content_narrow_switcher;  /* shown when first needed */
  AdwWindowTitle       *content_window_title;
  AdwViewSwitcherTitle *today_title;    /* made with Today's view */
  GtkStack             *content_stack;
  CltCustomerPage      *customer_page;
  CltBookProblemPage   *problem_page;   /* made when first needed */
  GMenuModel           *primary_menu;
  GtkMenuButton        *list_menu_button;
};

G_DEFINE_FINAL_TYPE (CltWindow, clt_window, ADW_TYPE_APPLICATION_WINDOW)

/* A deleted customer waits in the trash while its toast offers to undo. */
typedef struct
{
  GWeakRef  window;
  CltStore *store;
  gint64    customer_id;
} DeleteUndo;

static void
delete_undo_free (gpointer data,
                  GClosure *closure)
{
  DeleteUndo *undo = data;

  g_weak_ref_clear (&undo->window);
  g_clear_object (&undo->store);
  g_free (undo);
}

static char *
dup_search_text (CltWindow *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
}

static void
clt_window_update_actions (CltWindow *self)
{
  gboolean has_store = self->store != NULL && !self->problem;
  gboolean has_customer = has_store && self->customer_id != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-customer", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-customer", has_customer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete-customer", has_customer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.log-contact", has_customer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-promise", has_customer);
  /* Writing to someone who cannot be written to says why (see
   * write_blocked()): the action is never greyed out for it. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compose", has_customer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.compose-for", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-mail", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.enter-password", has_store);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 has_store && self->sync_runner != NULL &&
                                 clt_sync_runner_get_shared (self->sync_runner));
  /* Ctrl+P prints the morning briefing, on Today. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print",
                                 has_store &&
                                 g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "today") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.try-sample",
                                 !self->making_sample &&
                                 CLT_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

static void main_page_changed_cb (CltWindow *self);
static CltOutboxView *clt_window_ensure_outbox_view (CltWindow *self);

/* The empty book's page, made when an empty book is first shown: a book
 * with customers never pays for it. */
static void
clt_window_ensure_empty_page (CltWindow *self)
{
  if (self->empty_page != NULL)
    return;

  self->empty_page = CLT_EMPTY_BOOK_PAGE (clt_empty_book_page_new (self->primary_menu));
  clt_empty_book_page_set_sample (self->empty_page, self->sample);
  clt_empty_book_page_set_making_sample (self->empty_page, self->making_sample);
  clt_empty_book_page_set_sync_runner (self->empty_page, self->sync_runner);
  gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->empty_page), "empty");
}

/* GTK styles the widgets of a stack's hidden pages too: the book's page
 * (some hundred widgets) is invisible while the empty book's page or the
 * error page shows, not styled for their first frame. */
static void
show_main_page (CltWindow  *self,
                const char *name)
{
  gboolean book = g_strcmp0 (name, "book") == 0;

  if (book)
    gtk_widget_set_visible (self->book_page, TRUE);
  gtk_stack_set_visible_child_name (self->main_stack, name);
  if (!book)
    gtk_widget_set_visible (self->book_page, FALSE);
}

static void
clt_window_update_main_page (CltWindow *self)
{
  gboolean empty;
  const char *page;

  if (self->store == NULL || self->problem)
    return;

  empty = clt_store_is_empty (self->store);
  page = empty ? "empty" : "book";
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), page) == 0)
    {
      /* "book" is the stack's first page: no change to be notified of. */
      main_page_changed_cb (self);
      return;
    }

  if (empty)
    clt_window_ensure_empty_page (self);
  show_main_page (self, page);
  /* Typing goes to the search only while there is something to find. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, empty ? NULL : GTK_WIDGET (self));
  if (!empty)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* « No Customer Found », beside the list: made the first time a search
 * finds nobody, not for the first frame. */
static void
ensure_no_match_page (CltWindow *self)
{
  GtkWidget *page;
  GtkWidget *button;
  GtkWidget *label;

  if (self->add_from_search_label != NULL)
    return;

  label = gtk_label_new (NULL);
  /* A name and title as typed fit (« Ajouter « Mme Zoé Laurent »… » was
   * cut at 24 characters to « Mm…é Laurent »); longer, cut in the middle
   * to the sidebar's width. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  self->add_from_search_label = GTK_LABEL (label);

  button = gtk_button_new ();
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.new-customer");
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "pill");
  gtk_widget_add_css_class (button, "suggested-action");
  gtk_widget_add_css_class (button, "add-from-search");

  page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (page), _("No Customer Found"));
  adw_status_page_set_description (ADW_STATUS_PAGE (page),
                                   _("Try part of a name, a few digits of a phone number or an e-mail address."));
  adw_status_page_set_child (ADW_STATUS_PAGE (page), button);
  gtk_widget_add_css_class (page, "compact");
  gtk_stack_add_named (self->sidebar_stack, page, "no-match");
}

static void
clt_window_update_sidebar (CltWindow *self)
{
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  if (self->search_model == NULL)
    return;

  text = dup_search_text (self);
  /* Translators: a button that adds a customer named as the search text. */
  label = g_strdup_printf (_("Add “%s”…"), text);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->search_model)) > 0)
    {
      g_autoptr(CltCustomer) first = g_list_model_get_item (G_LIST_MODEL (self->search_model), 0);
      /* Only names a typo away: the one typed may be someone new. */
      gboolean only_close = clt_customer_get_heading (first) != NULL;

      gtk_label_set_text (self->add_close_label, label);
      clt_gui_set_tooltip_when_drawn (self->add_close_button, label);
      gtk_widget_set_visible (self->add_close_button, only_close);
      gtk_stack_set_visible_child_name (self->sidebar_stack, "list");
      return;
    }

  ensure_no_match_page (self);
  gtk_label_set_text (self->add_from_search_label, label);
  clt_gui_set_tooltip_when_drawn (gtk_widget_get_parent (GTK_WIDGET (self->add_from_search_label)), label);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "no-match");
}

static void
clt_window_show_customer (CltWindow *self,
                          gint64     customer_id)
{
  gboolean changed = customer_id != self->customer_id;

  self->customer_id = customer_id;
  clt_window_update_actions (self);

  /* Made for the first customer shown: the window opens without one. */
  if (self->customer_page == NULL && customer_id != 0)
    {
      self->customer_page = CLT_CUSTOMER_PAGE (clt_customer_page_new ());
      gtk_widget_set_vexpand (GTK_WIDGET (self->customer_page), TRUE);
      gtk_stack_add_named (self->content_stack, GTK_WIDGET (self->customer_page), "customer");
    }
  /* The page follows its customer's changes by itself. */
  if (self->customer_page != NULL &&
      (changed || clt_customer_page_get_store (self->customer_page) != self->store))
    clt_customer_page_set_customer (self->customer_page, self->store, customer_id);

  gtk_stack_set_visible_child_name (self->content_stack, customer_id != 0 ? "customer" : "none");
}

static void
clt_window_show_selected (CltWindow *self)
{
  CltCustomerSlot *slot = gtk_single_selection_get_selected_item (self->selection);
  CltCustomer *customer = slot != NULL ? clt_customer_slot_get_customer (slot) : NULL;

  g_clear_handle_id (&self->show_timeout_id, g_source_remove);

  clt_window_show_customer (self, customer != NULL ? clt_customer_get_id (customer) : 0);
}

static gboolean
show_timeout_cb (gpointer user_data)
{
  CltWindow *self = user_data;

  self->show_timeout_id = 0;
  clt_window_show_selected (self);

  return G_SOURCE_REMOVE;
}

/* While a name is being typed, the best match changes with every key: its
 * page is built once typing pauses, so that each keystroke only costs the
 * query and the list. */
static void
clt_window_queue_show_selected (CltWindow *self)
{
  g_clear_handle_id (&self->show_timeout_id, g_source_remove);
  self->show_timeout_id = g_timeout_add (SHOW_DELAY_MS, show_timeout_cb, self);
}

static void
clt_window_flush_show_selected (CltWindow *self)
{
  if (self->show_timeout_id == 0)
    return;

  clt_window_show_selected (self);
}

static void
clt_window_show_content (CltWindow *self)
{
  clt_window_flush_show_selected (self);

  /* Side by side, the customer is already in view: the focus stays in the
   * search field, ready for the next name. Folded, now or later (the
   * leaflet behind the empty book has not decided yet), the page shows. */
  self->content_opened = TRUE;
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->content);
}

static void clt_window_queue_desk (CltWindow *self);

static void
clt_window_stop_rows_wait (CltWindow *self)
{
  if (self->rows_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->rows_tick_id);
  self->rows_tick_id = 0;
  g_clear_handle_id (&self->rows_idle_id, g_source_remove);
}

/* The list holds at least @n_rows of the results, in pages, and more as it
 * is scrolled (list_scrolled_cb): GTK 4.8's list view keeps a row, built,
 * bound and styled, for each of up to 200 items, so a list of every
 * result loaded had a keystroke tear down and build again 200 rows where
 * the eye sees 20. */
static void
clt_window_show_rows (CltWindow *self,
                      guint      n_rows)
{
  clt_window_stop_rows_wait (self);

  if (self->rows == NULL)
    return;

  n_rows = MAX (n_rows, 1);
  n_rows = (n_rows + ROWS_PAGE - 1) / ROWS_PAGE * ROWS_PAGE;
  if (n_rows > gtk_slice_list_model_get_size (self->rows))
    gtk_slice_list_model_set_size (self->rows, n_rows);
}

/* Within a screen of the end of the rows: the next page of them, if the
 * results have more. */
static void
list_scrolled_cb (CltWindow     *self,
                  GtkAdjustment *adjustment)
{
  double page = gtk_adjustment_get_page_size (adjustment);
  guint size;

  if (self->rows == NULL || self->rows_tick_id != 0 || self->rows_idle_id != 0 || page <= 0)
    return;

  size = gtk_slice_list_model_get_size (self->rows);
  if (gtk_adjustment_get_value (adjustment) + 2 * page >= gtk_adjustment_get_upper (adjustment) &&
      size <= g_list_model_get_n_items (G_LIST_MODEL (self->search_model)))
    clt_window_show_rows (self, size + ROWS_PAGE);
}

static gboolean
rows_idle_cb (gpointer user_data)
{
  CltWindow *self = user_data;

  self->rows_idle_id = 0;
  /* The first frame read only the rows it showed: the rest of a page. */
  if (self->search_model != NULL && !clt_search_model_get_complete (self->search_model) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->search_model)) < ROWS_PAGE)
    clt_search_model_load_more (self->search_model, NULL);
  clt_window_show_rows (self, ROWS_PAGE);
  clt_window_queue_desk (self);

  return G_SOURCE_REMOVE;
}

static gboolean
rows_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  CltWindow *self = CLT_WINDOW (widget);

  /* Runs before the first frame is laid out: the rest once it is painted. */
  self->rows_tick_id = 0;
  self->rows_idle_id = g_idle_add (rows_idle_cb, self);

  return G_SOURCE_REMOVE;
}

/* The next page of results, now, when there are more than the @n_loaded
 * read: FALSE when none came. */
static gboolean
clt_window_load_more_results (CltWindow *self,
                              guint      n_loaded)
{
  return !clt_search_model_get_complete (self->search_model) &&
         clt_search_model_load_more (self->search_model, NULL) &&
         g_list_model_get_n_items (G_LIST_MODEL (self->search_model)) > n_loaded;
}

/* Where @customer_id is in the results, looking a little past where it was
 * before: never through the whole book. */
static guint
find_customer (CltWindow *self,
               gint64     customer_id,
               guint      near)
{
  GListModel *model = G_LIST_MODEL (self->search_model);
  guint limit = (near == GTK_INVALID_LIST_POSITION ? 0 : near) + 2 * CLT_SEARCH_MODEL_PAGE_SIZE;
  guint position = 0;

  for (;;)
    {
      guint n_items = g_list_model_get_n_items (model);

      for (; position < n_items; position++)
        {
          g_autoptr(CltCustomer) customer = g_list_model_get_item (model, position);

          if (clt_customer_get_id (customer) == customer_id)
            return position;
        }

      if (n_items >= limit || !clt_window_load_more_results (self, n_items))
        return GTK_INVALID_LIST_POSITION;
    }
}

/* Runs @query (or the current one again), then selects @target_id when it
 * is among the results, else the best match, and shows who is selected. */
static void
clt_window_load (CltWindow  *self,
                 const char *query,
                 gint64      target_id)
{
  guint old_position = gtk_single_selection_get_selected (self->selection);
  guint position = GTK_INVALID_LIST_POSITION;
  guint n_items;

  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  clt_window_stop_rows_wait (self);

  self->reloading = TRUE;
  if (query != NULL)
    clt_search_model_set_query (self->search_model, query);
  else
    clt_search_model_reload (self->search_model);

  if (target_id != 0)
    position = find_customer (self, target_id, old_position);
  /* A new search starts again from its first page of rows. */
  if (query != NULL)
    gtk_slice_list_model_set_size (self->rows, ROWS_PAGE);
  if (position != GTK_INVALID_LIST_POSITION)
    clt_window_show_rows (self, position + ROWS_PAGE / 2);
  else if (old_position != GTK_INVALID_LIST_POSITION)
    clt_window_show_rows (self, old_position + 1);
  else
    clt_window_show_rows (self, ROWS_PAGE);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  if (position == GTK_INVALID_LIST_POSITION && n_items > 0)
    {
      /* A search starts from its best match; after a change, the neighbour
       * of a customer who went takes their place. Without a search nobody
       * is chosen for the person: Escape leaves no one's notes on screen
       * for the next guest to read. */
      if (query != NULL)
        position = clt_text_is_blank (query) ? GTK_INVALID_LIST_POSITION : 0;
      else if (old_position != GTK_INVALID_LIST_POSITION)
        position = MIN (old_position, n_items - 1);
    }
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  self->reloading = FALSE;

  clt_window_update_sidebar (self);
  clt_window_update_main_page (self);
  if (query != NULL && target_id == 0 && n_items > 0)
    clt_window_queue_show_selected (self);
  else
    clt_window_show_selected (self);
  /* After a change, before the next search. */
  clt_window_queue_desk (self);
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  CltWindow *self = user_data;
  gint64 target_id = self->select_id != 0 ? self->select_id : self->customer_id;

  self->reload_idle_id = 0;
  self->select_id = 0;
  clt_window_load (self, NULL, target_id);

  return G_SOURCE_REMOVE;
}

static void
clt_window_queue_reload (CltWindow *self)
{
  /* One commit announces each customer it touched: reload once. */
  if (self->reload_idle_id == 0)
    self->reload_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, reload_idle_cb, self, NULL);
}

static void
clt_window_present_dialog (CltWindow *self,
                           GtkWindow *dialog)
{
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_set_application (dialog, gtk_window_get_application (GTK_WINDOW (self)));
  gtk_window_present (dialog);
}

static void
clt_window_save_size (CltWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);
}

static void
clt_window_restore_size (CltWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* Settings are optional so that an uninstalled build still runs. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, CLT_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL)
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

/* How many rows the first frame shows at most: as many as fit in the
 * window's height, or the tallest screen's when it opens maximized. */
static guint
clt_window_get_first_frame_rows (CltWindow *self)
{
  int width = 0, height = 0;

  /* GTK 4.8 writes both. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (self->settings != NULL && g_settings_get_boolean (self->settings, "window-maximized"))
    {
      GListModel *monitors = gdk_display_get_monitors (gtk_widget_get_display (GTK_WIDGET (self)));

      for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
        {
          g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
          GdkRectangle geometry;

          gdk_monitor_get_geometry (monitor, &geometry);
          height = MAX (height, geometry.height);
        }
    }
  if (height <= 0)
    return FIRST_FRAME_ROWS;

  return CLAMP ((guint) MAX (height - HEADER_MIN_HEIGHT, 0) / ROW_MIN_HEIGHT + 1, 1, FIRST_FRAME_ROWS);
}

static void
backup_notice_cb (CltWindow *self)
{
  const char *notice = clt_backup_actions_get_notice (self->backup_actions);

  /* The text stays while the strip slides away. */
  if (notice != NULL)
    {
      gtk_label_set_text (self->backup_notice_label, notice);
      gtk_widget_set_visible (GTK_WIDGET (self->backup_notice), TRUE);
    }
  gtk_revealer_set_reveal_child (self->backup_notice, notice != NULL);
}

static gboolean
desk_idle_cb (gpointer user_data)
{
  CltWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  self->desk_idle_id = 0;
  if (self->search_model != NULL && self->store != NULL && !clt_store_is_damaged (self->store) &&
      !clt_search_model_prepare (self->search_model, &error))
    g_debug ("Could not copy today's customers: %s", error->message);

  return G_SOURCE_REMOVE;
}

/* Today's customers, whom a search lists first, copied again when the
 * window has nothing else to do after the book opened (its first frame
 * painted) or changed, not at the next keystroke: at 100,000 customers
 * the copy made the first search after a write take 31-36 ms. */
static void
clt_window_queue_desk (CltWindow *self)
{
  if (self->desk_idle_id == 0)
    self->desk_idle_id = g_idle_add_full (G_PRIORITY_LOW, desk_idle_cb, self, NULL);
}

static void
store_changed_cb (CltWindow *self,
                  gint64     customer_id,
                  CltStore  *store)
{
  clt_window_queue_reload (self);
}

/* The search index is folded now: the same search finds more. */
static void
refold_finished_cb (CltWindow *self)
{
  if (self->search_model != NULL)
    clt_search_model_reload (self->search_model);
}

static void
search_changed_cb (CltWindow      *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  /* The search was already run when the text was set for a customer. */
  if (self->search_model == NULL || self->setting_text ||
      g_strcmp0 (text, clt_search_model_get_query (self->search_model)) == 0)
    return;

  /* Typing while a customer fills a narrow window brings the results back,
   * and so does typing on the Today page. */
  adw_view_stack_set_visible_child_name (self->view_stack, "customers");
  self->content_opened = FALSE;
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);

  clt_window_load (self, text, 0);
}

static void
search_activate_cb (CltWindow      *self,
                    GtkSearchEntry *entry)
{
  if (self->selection == NULL)
    return;

  /* Enter opens the best match, or the one chosen with the arrows. */
  if (gtk_single_selection_get_selected_item (self->selection) != NULL)
    clt_window_show_content (self);
}

static void
search_stop_cb (CltWindow      *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
list_activate_cb (CltWindow   *self,
                  guint        position,
                  GtkListView *list_view)
{
  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->selection)))
    return;

  gtk_single_selection_set_selected (self->selection, position);
  clt_window_show_content (self);
}

/* GNOME's adaptive pattern on libadwaita 1.2, which has no breakpoints: the
 * switcher sits in the header of the view shown while it fits there; when it
 * does not, that header shows the view's title instead (its title-visible)
 * and the bar at the bottom appears. The customer list alone (folded) has
 * the search in its header: the bar is its switcher. */
static void
update_switcher_bar (CltWindow *self)
{
  const char *view;
  gboolean reveal;

  if (self->view_stack == NULL)
    return;
  view = adw_view_stack_get_visible_child_name (self->view_stack);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "book") != 0)
    reveal = FALSE;
  else if (g_strcmp0 (view, "today") == 0)
    reveal = self->today_title != NULL && adw_view_switcher_title_get_title_visible (self->today_title);
  else if (g_strcmp0 (view, "outbox") == 0)
    reveal = self->outbox_view != NULL && clt_outbox_view_get_title_visible (self->outbox_view);
  else if (adw_leaflet_get_folded (self->leaflet) &&
           adw_leaflet_get_visible_child (self->leaflet) == self->sidebar)
    reveal = TRUE;
  else if (adw_squeezer_get_visible_child (self->content_squeezer) != GTK_WIDGET (self->content_window_title))
    reveal = FALSE;
  else if (!gtk_widget_get_visible (GTK_WIDGET (self->content_narrow_switcher)))
    {
      int natural;

      /* The wide switcher no longer fits, the first time: the narrow one
       * may, once it has its buttons. If it does, the squeezer shows it at
       * the next layout (and says so); if not, the title stays. */
      adw_view_switcher_set_stack (self->content_narrow_switcher,
                                   adw_view_switcher_get_stack (self->content_switcher));
      gtk_widget_set_visible (GTK_WIDGET (self->content_narrow_switcher), TRUE);
      gtk_widget_measure (GTK_WIDGET (self->content_narrow_switcher), GTK_ORIENTATION_HORIZONTAL, -1,
                          NULL, &natural, NULL, NULL);
      reveal = natural > gtk_widget_get_width (GTK_WIDGET (self->content_squeezer));
    }
  else
    reveal = TRUE;

  /* Its buttons are made the first time it is needed. */
  if (reveal && adw_view_switcher_bar_get_stack (self->switcher_bar) == NULL)
    {
      adw_view_switcher_bar_set_stack (self->switcher_bar, self->view_stack);
      gtk_widget_set_visible (GTK_WIDGET (self->switcher_bar), TRUE);
    }
  adw_view_switcher_bar_set_reveal (self->switcher_bar, reveal);
}

static gboolean
update_switcher_bar_cb (gpointer data)
{
  CltWindow *self = data;

  self->switcher_idle_id = 0;
  update_switcher_bar (self);

  return G_SOURCE_REMOVE;
}

/* A switcher title learns that it does not fit while the window is being
 * laid out: the bar is shown once that is done, not in the middle of it. */
static void
queue_update_switcher_bar (CltWindow *self)
{
  /* Not while the window is being taken apart. */
  if (self->view_stack == NULL)
    return;
  if (self->switcher_idle_id == 0)
    self->switcher_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_switcher_bar_cb, self, NULL);
}

/* Only the header shown has its switcher bound to the views: each bound
 * switcher title builds buttons for every view, twice (wide and narrow),
 * which the first frame paid for in the three headers and nobody saw. */
static void
bind_switcher_titles (CltWindow *self)
{
  const char *view;
  gboolean book;
  AdwViewStack *customers, *today, *outbox;

  if (self->view_stack == NULL)
    return;
  view = adw_view_stack_get_visible_child_name (self->view_stack);
  book = g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "book") == 0;
  customers = book && g_strcmp0 (view, "customers") == 0 ? self->view_stack : NULL;
  today = book && g_strcmp0 (view, "today") == 0 ? self->view_stack : NULL;
  outbox = book && g_strcmp0 (view, "outbox") == 0 ? self->view_stack : NULL;

  if (adw_view_switcher_get_stack (self->content_switcher) != customers)
    adw_view_switcher_set_stack (self->content_switcher, customers);
  if (gtk_widget_get_visible (GTK_WIDGET (self->content_narrow_switcher)) &&
      adw_view_switcher_get_stack (self->content_narrow_switcher) != customers)
    adw_view_switcher_set_stack (self->content_narrow_switcher, customers);
  if (self->today_title != NULL && adw_view_switcher_title_get_stack (self->today_title) != today)
    adw_view_switcher_title_set_stack (self->today_title, today);
  if (outbox != NULL)
    clt_window_ensure_outbox_view (self);
  if (self->outbox_view != NULL && clt_outbox_view_get_view_stack (self->outbox_view) != outbox)
    clt_outbox_view_set_view_stack (self->outbox_view, outbox);
}

static void
main_page_changed_cb (CltWindow *self)
{
  bind_switcher_titles (self);
  queue_update_switcher_bar (self);
}

static void
leaflet_folded_cb (CltWindow  *self,
                   GParamSpec *pspec,
                   AdwLeaflet *leaflet)
{
  /* When folding, show what the user was looking at: the list, unless a
   * customer was opened. */
  if (adw_leaflet_get_folded (leaflet))
    adw_leaflet_set_visible_child (leaflet,
                                   self->content_opened && self->customer_id != 0
                                   ? self->content : self->sidebar);
  queue_update_switcher_bar (self);
}

static void
leaflet_visible_child_cb (CltWindow  *self,
                          GParamSpec *pspec,
                          AdwLeaflet *leaflet)
{
  /* Back to the list, by button, Alt+Left or swipe. */
  if (adw_leaflet_get_folded (leaflet) && adw_leaflet_get_visible_child (leaflet) == self->sidebar)
    self->content_opened = FALSE;
  queue_update_switcher_bar (self);
}

static void
selection_changed_cb (CltWindow          *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  if (self->reloading)
    return;

  clt_window_show_selected (self);
}

static void
model_items_changed_cb (CltWindow  *self,
                        guint       position,
                        guint       removed,
                        guint       added,
                        GListModel *model)
{
  if (!self->reloading)
    clt_window_update_sidebar (self);
}

static void
row_released_cb (CltWindow       *self,
                 int              n_press,
                 double           x,
                 double           y,
                 GtkGestureClick *gesture)
{
  /* The row selects itself right after this; a click also opens it. */
  if (n_press == 1)
    clt_window_show_content (self);
}

static void
customer_saved_cb (CltWindow         *self,
                   gint64             customer_id,
                   CltCustomerDialog *dialog)
{
  clt_window_open_customer (self, customer_id);
}

static gboolean
untrash_write (CltStore  *store,
               gpointer   data,
               GError   **error)
{
  return clt_store_untrash_customer (store, *(gint64 *) data, error);
}

static void
untrashed_cb (GtkWidget    *widget,
              const GError *error,
              gpointer      data)
{
  CLT_WINDOW (widget)->select_id = *(gint64 *) data;
}

static void
undo_delete_cb (AdwToast *toast,
                gpointer  user_data)
{
  DeleteUndo *undo = user_data;
  g_autoptr(CltWindow) self = g_weak_ref_get (&undo->window);

  clt_write_run (undo->store, GTK_WIDGET (self), _("The customer was not restored."),
                 untrash_write, untrashed_cb, g_memdup2 (&undo->customer_id, sizeof (gint64)), g_free);
}

static void
delete_dismissed_cb (AdwToast *toast,
                     gpointer  user_data)
{
  DeleteUndo *undo = user_data;
  g_autoptr(CltWindow) self = g_weak_ref_get (&undo->window);

  if (self != NULL)
    {
      g_assert (self->n_pending_deletes > 0);
      /* Purging empties the whole trash: not while another toast can undo. */
      if (--self->n_pending_deletes > 0)
        return;
    }

  clt_write_run (undo->store, GTK_WIDGET (self),
                 _("The deleted customers are not erased yet: they will be when Clientele next starts."),
                 clt_write_purge_trash, NULL, NULL, NULL);
}

static void
sample_opened_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CltWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  clt_application_open_sample_finish (CLT_APPLICATION (source), result, &error);

  /* The sample may replace the very window that asked for it. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  self->making_sample = FALSE;
  if (self->empty_page != NULL)
    clt_empty_book_page_set_making_sample (self->empty_page, FALSE);
  clt_window_update_actions (self);

  if (error != NULL)
    {
      g_autofree char *title = g_markup_escape_text (error->message, -1);

      clt_window_add_toast (self, adw_toast_new (title));
    }
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "customers");
  self->content_opened = FALSE;
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);

  self->content_opened = FALSE;
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  /* The next name replaces the last one. */
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

static void
clt_window_stop_scroll_check (CltWindow *self)
{
  if (self->scroll_clock != NULL)
    g_clear_signal_handler (&self->scroll_check_id, self->scroll_clock);
  g_clear_object (&self->scroll_clock);
}

static void
scroll_check_cb (CltWindow     *self,
                 GdkFrameClock *clock)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  clt_window_stop_scroll_check (self);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/* Moves made faster than frames (a held Page Down) scrolled by the rows'
 * estimated heights, the rows just added not measured yet, and could
 * leave the one selected just out of view: scrolled to it again once the
 * list is laid out. */
static void
clt_window_queue_scroll_check (CltWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self->list_view));

  if (clock == NULL || self->scroll_clock != NULL)
    return;
  self->scroll_clock = g_object_ref (clock);
  self->scroll_check_id = g_signal_connect_object (clock, "after-paint", G_CALLBACK (scroll_check_cb),
                                                   self, G_CONNECT_SWAPPED);
}

static void
move_selection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  int step = g_variant_get_int32 (parameter);
  guint position, n_items;

  /* Down past the results loaded: the next page of them, now. */
  if (self->selection != NULL && step > 0)
    {
      guint wanted = gtk_single_selection_get_selected (self->selection) + 1 + step;
      guint loaded;

      while ((loaded = g_list_model_get_n_items (G_LIST_MODEL (self->search_model))) < wanted &&
             clt_window_load_more_results (self, loaded))
        ;
      clt_window_show_rows (self, wanted + ROWS_PAGE / 2);
    }
  if (self->selection == NULL ||
      (n_items = g_list_model_get_n_items (G_LIST_MODEL (self->selection))) == 0)
    return;

  /* The focus stays in the search field: type, arrow to the one, Enter. */
  position = gtk_single_selection_get_selected (self->selection);
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  else if (step < 0)
    position -= MIN (position, (guint) -step);
  else
    position = MIN (position + step, n_items - 1);

  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
  clt_window_queue_scroll_check (self);
}

static void
new_customer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  g_autofree char *text = dup_search_text (self);
  CltCustomerDialog *dialog;

  dialog = clt_customer_dialog_new (self->store, 0);
  /* What was searched for and not found is who to add. */
  if (*text != '\0' &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "book") == 0)
    clt_customer_dialog_prefill (dialog, text);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (customer_saved_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "open-customer", G_CALLBACK (customer_saved_cb), self, G_CONNECT_SWAPPED);
  clt_window_present_dialog (self, GTK_WINDOW (dialog));
}

static void
edit_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  CltCustomerDialog *dialog;

  dialog = clt_customer_dialog_new (self->store, self->customer_id);
  g_signal_connect_object (dialog, "open-customer", G_CALLBACK (customer_saved_cb), self, G_CONNECT_SWAPPED);
  clt_window_present_dialog (self, GTK_WINDOW (dialog));
}

typedef struct
{
  gint64  customer_id;
  char   *name;
} Trashing;

static void
trashing_free (Trashing *trashing)
{
  g_free (trashing->name);
  g_free (trashing);
}

static gboolean
trash_write (CltStore  *store,
             gpointer   data,
             GError   **error)
{
  return clt_store_trash_customer (store, ((Trashing *) data)->customer_id, error);
}

static void
trashed_cb (GtkWidget    *widget,
            const GError *error,
            gpointer      data)
{
  CltWindow *self = CLT_WINDOW (widget);
  Trashing *trashing = data;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  DeleteUndo *undo;
  AdwToast *toast;

  /* Toast titles are markup. */
  name = g_markup_escape_text (trashing->name, -1);
  /* Translators: a toast after a customer was deleted, with an Undo button. */
  title = g_strdup_printf (_("“%s” deleted"), name);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  undo = g_new0 (DeleteUndo, 1);
  g_weak_ref_init (&undo->window, self);
  undo->store = g_object_ref (self->store);
  undo->customer_id = trashing->customer_id;
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_delete_cb), undo);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (delete_dismissed_cb), undo, delete_undo_free, 0);
  self->n_pending_deletes++;

  if (self->customer_id == trashing->customer_id)
    {
      self->content_opened = FALSE;
      adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
    }
  clt_window_add_toast (self, toast);
}

static void
delete_customer_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  Trashing *trashing;

  customer = clt_store_get_customer (self->store, self->customer_id, &error);
  if (customer == NULL)
    {
      g_autofree char *title = g_markup_escape_text (error->message, -1);

      clt_window_add_toast (self, adw_toast_new (title));
      return;
    }

  trashing = g_new0 (Trashing, 1);
  trashing->customer_id = self->customer_id;
  trashing->name = g_strdup (clt_customer_get_display_name (customer));
  clt_write_run (self->store, widget, _("The customer was not deleted."),
                 trash_write, trashed_cb, trashing, (GDestroyNotify) trashing_free);
}

static void
log_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);

  clt_window_present_dialog (self, GTK_WINDOW (clt_log_dialog_new (self->store, self->customer_id)));
}

static void
today_open_customer_cb (CltWindow *self,
                        gint64     customer_id)
{
  adw_view_stack_set_visible_child_name (self->view_stack, "customers");
  clt_window_open_customer (self, customer_id);
}

/* Today's header: the views' switcher as its title (the title alone
 * when the switcher does not fit), Print and the main menu. */
static GtkWidget *
make_today_header (CltWindow *self)
{
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *print_button = gtk_button_new_from_icon_name ("printer-symbolic");
  GtkWidget *menu_button = gtk_menu_button_new ();

  self->today_title = ADW_VIEW_SWITCHER_TITLE (adw_view_switcher_title_new ());
  adw_view_switcher_title_set_title (self->today_title, _("Today"));
  g_signal_connect_object (self->today_title, "notify::title-visible", G_CALLBACK (queue_update_switcher_bar),
                           self, G_CONNECT_SWAPPED);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->today_title));

  gtk_actionable_set_action_name (GTK_ACTIONABLE (print_button), "win.print");
  gtk_accessible_update_property (GTK_ACCESSIBLE (print_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Print the Morning Briefing"), -1);
  clt_gui_set_tooltip_when_drawn (print_button, _("Print the Morning Briefing (Ctrl+P)"));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), print_button);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
  gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Main Menu"), -1);
  clt_gui_set_tooltip_when_drawn (menu_button, _("Main Menu"));
  clt_gui_set_lazy_menu (GTK_MENU_BUTTON (menu_button), self->primary_menu);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), menu_button);

  return header;
}

/* The briefing and its header, made when Today is first shown or printed:
 * the window opens on its customers, and its first frame makes neither. */
static CltTodayView *
clt_window_ensure_today_view (CltWindow *self)
{
  if (self->today_view != NULL)
    return self->today_view;

  gtk_box_append (self->today_page, make_today_header (self));
  self->today_view = CLT_TODAY_VIEW (clt_today_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->today_view), TRUE);
  g_signal_connect_object (self->today_view, "open-customer", G_CALLBACK (today_open_customer_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (self->today_page, GTK_WIDGET (self->today_view));
  if (self->store != NULL && !self->problem)
    clt_today_view_set_store (self->today_view, self->store);

  return self->today_view;
}

/* The outbox, made when first shown: its tab's badge is counted by
 * outbox_status. */
static CltOutboxView *
clt_window_ensure_outbox_view (CltWindow *self)
{
  if (self->outbox_view != NULL)
    return self->outbox_view;

  self->outbox_view = CLT_OUTBOX_VIEW (clt_outbox_view_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->outbox_view), TRUE);
  g_object_set (self->outbox_view, "menu-model", self->primary_menu, NULL);
  g_signal_connect_object (self->outbox_view, "notify::title-visible", G_CALLBACK (queue_update_switcher_bar), self,
                           G_CONNECT_SWAPPED);
  adw_bin_set_child (self->outbox_bin, GTK_WIDGET (self->outbox_view));
  clt_outbox_view_set_status (self->outbox_view, self->outbox_status);
  clt_outbox_view_set_outbox (self->outbox_view, self->outbox);
  if (self->store != NULL && !self->problem)
    clt_outbox_view_set_store (self->outbox_view, self->store);

  return self->outbox_view;
}

/* The view stack moves the focus into the view it shows before telling
 * us, so into an outbox not made yet it cannot: the focus would stay on a
 * switcher button of the view just hidden (or one unbound since), and Tab
 * go round widgets nobody sees. */
static void
focus_shown_view (CltWindow *self)
{
  GtkWidget *view = adw_view_stack_get_visible_child (self->view_stack);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (view != NULL && focus != NULL && !gtk_widget_get_mapped (focus) &&
      focus != view && !gtk_widget_is_ancestor (focus, view))
    gtk_widget_child_focus (view, GTK_DIR_TAB_FORWARD);
}

static void
view_stack_changed_cb (CltWindow *self)
{
  const char *view = adw_view_stack_get_visible_child_name (self->view_stack);

  /* What was said today may have been said from the book. */
  if (g_strcmp0 (view, "today") == 0)
    clt_today_view_reload (clt_window_ensure_today_view (self));
  else if (g_strcmp0 (view, "outbox") == 0)
    clt_window_ensure_outbox_view (self);
  focus_shown_view (self);
  bind_switcher_titles (self);
  clt_window_update_actions (self);
  queue_update_switcher_bar (self);
}

static void
new_promise_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);

  clt_window_present_dialog (self, GTK_WINDOW (clt_promise_dialog_new (GTK_WINDOW (self), self->store,
                                                                       self->customer_id)));
}

static void
present_compose (CltWindow        *self,
                 CltComposeDialog *dialog)
{
  clt_compose_dialog_set_outbox (dialog, self->outbox);
  clt_window_present_dialog (self, GTK_WINDOW (dialog));
}

static void
write_blocked_response_cb (CltWindow        *self,
                           const char       *response,
                           AdwMessageDialog *dialog)
{
  gint64 customer_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "customer-id"));

  if (self->store == NULL)
    return;

  if (g_strcmp0 (response, CLT_WRITE_BLOCKED_CHANGE_CONSENT) == 0)
    {
      CltCustomerDialog *edit = clt_customer_dialog_new (self->store, customer_id);

      g_signal_connect_object (edit, "open-customer", G_CALLBACK (customer_saved_cb), self, G_CONNECT_SWAPPED);
      clt_customer_dialog_focus_consent (edit);
      clt_window_present_dialog (self, GTK_WINDOW (edit));
    }
  else if (g_strcmp0 (response, CLT_WRITE_BLOCKED_ADD_ADDRESS) == 0)
    {
      clt_window_present_dialog (self, GTK_WINDOW (clt_contact_dialog_new (GTK_WINDOW (self), self->store,
                                                                           customer_id, NULL)));
    }
}

/* A customer who refused e-mail, or has no address, is not written to:
 * instead of the message, a dialog says why, with the way to change it. */
static gboolean
write_blocked (CltWindow *self,
               gint64     customer_id)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (clt_store_can_mail (self->store, customer_id, FALSE, NULL, &error) ||
      !(g_error_matches (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_CONSENT) ||
        g_error_matches (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ADDRESS)))
    return FALSE;

  customer = clt_store_get_customer (self->store, customer_id, NULL);
  if (customer == NULL)
    return FALSE;

  dialog = clt_write_blocked_dialog_new (GTK_WINDOW (self), customer, error);
  g_object_set_data (G_OBJECT (dialog), "customer-id", GSIZE_TO_POINTER (customer_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (write_blocked_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

/* To the customer shown, at the address given ("" for their first). */
static void
compose_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  const char *address = g_variant_get_string (parameter, NULL);
  CltComposeDialog *dialog;

  if (self->store == NULL || self->customer_id == 0 || write_blocked (self, self->customer_id))
    return;

  dialog = clt_compose_dialog_new (GTK_WINDOW (self), self->store, self->customer_id, NULL, 0);
  if (*address != '\0')
    clt_compose_dialog_select_address (dialog, address);
  present_compose (self, dialog);
}

/* To a customer, with the template for the occasion and the promise it
 * is about (0 for none). */
static void
compose_for_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  const char *template_name;
  gint64 customer_id;
  gint64 promise_id;

  g_variant_get (parameter, "(x&sx)", &customer_id, &template_name, &promise_id);
  if (self->store == NULL || customer_id <= 0 || write_blocked (self, customer_id))
    return;

  present_compose (self, clt_compose_dialog_new (GTK_WINDOW (self), self->store, customer_id,
                                                 *template_name != '\0' ? template_name : NULL,
                                                 promise_id));
}

static void
edit_mail_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  CltComposeDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = clt_compose_dialog_new_for_mail (GTK_WINDOW (self), self->store,
                                            g_variant_get_int64 (parameter), &error);
  if (dialog == NULL)
    {
      g_autofree char *title = g_markup_escape_text (error->message, -1);

      clt_window_add_toast (self, adw_toast_new (title));
      return;
    }

  present_compose (self, dialog);
}

static void
show_outbox_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->view_stack, "outbox");
}

/* The views in the switcher's order, for Alt+1, 2, 3 and Ctrl+Page Up/Down. */
static const char * const views[] = { "customers", "today", "outbox" };

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (!g_strv_contains ((const char * const *) views, name))
    return;
  /* Not behind the empty book's page or the damaged book's. */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "book") != 0)
    return;
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
step_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  const char *current = adw_view_stack_get_visible_child_name (self->view_stack);
  int step = g_variant_get_int32 (parameter);
  int n = G_N_ELEMENTS (views);
  int i;

  for (i = 0; i < n; i++)
    if (g_strcmp0 (views[i], current) == 0)
      break;
  /* The last view does not wrap round to the first, as GNOME's tabs. */
  i += step;
  if (i < 0 || i >= n)
    return;
  gtk_widget_activate_action (widget, "win.show-view", "s", views[i]);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);

  gtk_widget_activate_action (GTK_WIDGET (clt_window_ensure_today_view (self)), "today.print", NULL);
}

static void
password_saved_cb (CltWindow *self)
{
  if (self->outbox != NULL)
    clt_outbox_resume (self->outbox);
}

static void
enter_password_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  /* A certificate, the sender's address…: fixed in Preferences. */
  if (!clt_store_get_outbox_paused_for_password (self->store))
    {
      gtk_widget_activate_action (widget, "app.preferences-page", "s", "mail");
      return;
    }

  dialog = clt_password_dialog_new (GTK_WINDOW (self), self->store);
  g_signal_connect_object (dialog, "password-saved", G_CALLBACK (password_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
outbox_paused_cb (CltWindow *self)
{
  g_autofree char *reason = clt_store_get_outbox_paused (self->store);
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  if (reason == NULL)
    return;

  escaped = g_markup_escape_text (reason, -1);
  /* Translators: a toast; %s says why sending stopped. */
  title = g_strdup_printf (_("Sending paused: %s"), escaped);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, clt_store_get_outbox_paused_for_password (self->store)
                                      ? _("_Enter Password…") : _("_Preferences"));
  adw_toast_set_action_name (toast, "win.enter-password");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 0);
  clt_window_add_toast (self, toast);
}

static void
try_sample_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  self->making_sample = TRUE;
  if (self->empty_page != NULL)
    clt_empty_book_page_set_making_sample (self->empty_page, TRUE);
  clt_window_update_actions (self);

  /* Once asked for, the sample opens even if this window is closed. */
  clt_application_open_sample_async (CLT_APPLICATION (application), NULL,
                                     sample_opened_cb, g_object_ref (self));
}

static void
import_finished_cb (CltWindow *self,
                    guint      added,
                    guint      merged,
                    guint      skipped)
{
  g_autofree char *imported = NULL;
  g_autofree char *completed = NULL;
  g_autofree char *title = NULL;

  imported = g_strdup_printf (ngettext ("Imported %u customer", "Imported %u customers", added), added);
  if (merged > 0)
    {
      /* Translators: customers of the book that an import completed. */
      completed = g_strdup_printf (ngettext ("%u completed", "%u completed", merged), merged);
      /* Translators: a toast after an import, e.g. "Imported 120 customers, 3 completed". */
      title = g_strdup_printf (C_("imported, completed", "%s, %s"), imported, completed);
    }
  else
    {
      title = g_steal_pointer (&imported);
    }

  clt_window_add_toast (self, adw_toast_new (title));
  clt_window_reload (self);
}

static void
import_chooser_response_cb (GtkNativeDialog *chooser,
                            int              response,
                            CltWindow       *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->store != NULL)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file != NULL)
    clt_window_import_file (self, file);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) contacts = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  /* Through the portal in Flatpak: the app sees only the chosen file. */
  chooser = gtk_file_chooser_native_new (_("Import Customers"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (contacts, _("Contacts (vCard, CSV)"));
  gtk_file_filter_add_mime_type (contacts, "text/vcard");
  gtk_file_filter_add_mime_type (contacts, "text/x-vcard");
  gtk_file_filter_add_mime_type (contacts, "text/csv");
  gtk_file_filter_add_suffix (contacts, "vcf");
  gtk_file_filter_add_suffix (contacts, "vcard");
  gtk_file_filter_add_suffix (contacts, "csv");
  gtk_file_filter_add_suffix (contacts, "txt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), contacts);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  g_signal_connect (chooser, "response", G_CALLBACK (import_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_chooser_response_cb (GtkNativeDialog *chooser,
                          int              response,
                          CltWindow       *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_object_unref (chooser);

  if (file != NULL)
    path = g_file_get_path (file);
  if (path == NULL || !CLT_IS_APPLICATION (application))
    return;

  clt_application_replace_book (CLT_APPLICATION (application), self, path);
}

static void
open_book_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) books = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open a Customer Book"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);

  gtk_file_filter_set_name (books, _("Customer Books"));
  gtk_file_filter_add_suffix (books, "db");
  gtk_file_filter_add_mime_type (books, "application/vnd.sqlite3");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), books);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);

  /* Another book is most often beside this one. */
  if (self->path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self->path);
      g_autoptr(GFile) folder = g_file_new_for_path (dir);

      if (g_file_test (dir, G_FILE_TEST_IS_DIR))
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }

  g_signal_connect (chooser, "response", G_CALLBACK (open_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CltWindow *self = CLT_WINDOW (widget);

  if (self->sync_runner != NULL)
    clt_sync_runner_sync_now (self->sync_runner);
}

/* What another desk changed came in with a round: the store announces only
 * its own writes, so the list, the customer shown and Today are read
 * again, keeping the search and who is shown. */
static void
sync_book_changed_cb (CltWindow *self)
{
  if (self->store == NULL || self->problem)
    return;

  clt_window_reload (self);
  if (self->customer_id != 0)
    clt_customer_page_set_customer (self->customer_page, self->store, self->customer_id);
}

/* Said once: rounds wait for the person, who mends it in Preferences. */
static void
sync_password_refused_cb (CltWindow *self)
{
  AdwToast *toast = adw_toast_new (_("The sharing server refused the password"));

  adw_toast_set_button_label (toast, _("Open _Preferences"));
  adw_toast_set_action_name (toast, "app.preferences-page");
  adw_toast_set_action_target_value (toast, g_variant_new_string ("sharing"));
  adw_toast_set_timeout (toast, 0);
  clt_window_add_toast (self, toast);
}

/* The window manager's icon is drawn from the application's SVG when set
 * (some 10 ms with Clientele installed): right after the first frame (the
 * header bars' window buttons are made again for it, a frame later). The
 * windows opened after it have it by default. */
static gboolean
icon_idle_cb (gpointer user_data)
{
  CltWindow *self = user_data;

  self->icon_idle_id = 0;
  gtk_window_set_icon_name (GTK_WINDOW (self), APPLICATION_ID);
  clt_gui_set_default_icon ();

  return G_SOURCE_REMOVE;
}

static gboolean
icon_tick_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  CltWindow *self = CLT_WINDOW (widget);

  self->icon_tick_id = 0;
  self->icon_idle_id = g_idle_add (icon_idle_cb, self);

  return G_SOURCE_REMOVE;
}

static void
clt_window_stop_check (CltWindow *self)
{
  if (self->check_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->check_tick_id);
  self->check_tick_id = 0;
  g_clear_handle_id (&self->check_idle_id, g_source_remove);
}

static gboolean
check_idle_cb (gpointer user_data)
{
  CltWindow *self = user_data;

  self->check_idle_id = 0;
  if (self->store != NULL && !self->problem)
    clt_store_check_in_background (self->store);

  return G_SOURCE_REMOVE;
}

static gboolean
check_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       user_data)
{
  CltWindow *self = CLT_WINDOW (widget);

  /* The whole book is read once the window shows, in a thread. */
  self->check_tick_id = 0;
  self->check_idle_id = g_idle_add_full (G_PRIORITY_LOW, check_idle_cb, self, NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
damaged_idle_cb (gpointer user_data)
{
  CltWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  self->damaged_idle_id = 0;
  if (self->store == NULL || self->problem)
    return G_SOURCE_REMOVE;

  g_set_error (&error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED,
               _("The customer book “%s” is damaged, and nothing more is saved in it. "
                 "Restore a copy from a backup."), clt_store_get_path (self->store));
  clt_window_show_error (self, clt_store_get_path (self->store), error);

  return G_SOURCE_REMOVE;
}

/* Emitted in the middle of a query: the page changes once it is over,
 * before the next frame paints what the query left (an empty list). */
static void
store_damaged_cb (CltWindow *self,
                  CltStore  *store)
{
  if (self->damaged_idle_id == 0)
    self->damaged_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, damaged_idle_cb, self, NULL);
}

/* The dialogs over the window are asked to close first, as Escape asks
 * them: a message being written is kept as a draft, and a dialog that
 * asks before dropping typed text asks, the window staying open until it
 * is answered. Returns whether they all closed. */
static gboolean
close_dialogs (GtkWindow *window)
{
  GList *toplevels = gtk_window_list_toplevels ();
  gboolean all_closed = TRUE;

  for (GList *l = toplevels; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = toplevels; l != NULL; l = l->next)
    {
      GtkWindow *dialog = l->data;

      if (dialog == window || gtk_window_get_transient_for (dialog) != window ||
          !gtk_widget_get_visible (GTK_WIDGET (dialog)))
        continue;

      gtk_window_close (dialog);
      if (gtk_widget_get_visible (GTK_WIDGET (dialog)))
        all_closed = FALSE;
    }
  g_list_free_full (toplevels, g_object_unref);

  return all_closed;
}

static gboolean
clt_window_close_request (GtkWindow *window)
{
  if (!close_dialogs (window))
    return TRUE;

  clt_window_save_size (CLT_WINDOW (window));

  return GTK_WINDOW_CLASS (clt_window_parent_class)->close_request (window);
}

static void
clt_window_dispose (GObject *object)
{
  CltWindow *self = CLT_WINDOW (object);

  clt_window_stop_scroll_check (self);
  g_clear_handle_id (&self->desk_idle_id, g_source_remove);
  if (self->icon_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->icon_tick_id);
  self->icon_tick_id = 0;
  g_clear_handle_id (&self->icon_idle_id, g_source_remove);
  g_clear_handle_id (&self->reload_idle_id, g_source_remove);
  g_clear_handle_id (&self->show_timeout_id, g_source_remove);
  clt_window_stop_check (self);
  g_clear_handle_id (&self->damaged_idle_id, g_source_remove);
  g_clear_handle_id (&self->switcher_idle_id, g_source_remove);
  clt_window_stop_rows_wait (self);
  /* libadwaita 1.2's switcher bar outliving its stack fails to let go. */
  if (self->switcher_bar != NULL)
    adw_view_switcher_bar_set_stack (self->switcher_bar, NULL);
  if (self->content_switcher != NULL)
    adw_view_switcher_set_stack (self->content_switcher, NULL);
  if (self->content_narrow_switcher != NULL)
    adw_view_switcher_set_stack (self->content_narrow_switcher, NULL);
  if (self->today_title != NULL)
    adw_view_switcher_title_set_stack (self->today_title, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_WINDOW);
  /* Children of the main and content stacks, of Today's page and of the
   * outbox's bin, gone with them. */
  self->empty_page = NULL;
  self->problem_page = NULL;
  self->customer_page = NULL;
  self->today_view = NULL;
  self->today_title = NULL;
  self->outbox_view = NULL;
  g_clear_handle_id (&self->switcher_idle_id, g_source_remove);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->rows);
  g_clear_object (&self->search_model);
  g_clear_object (&self->data_actions);
  g_clear_object (&self->store);
  g_clear_object (&self->outbox);
  g_clear_object (&self->sync_runner);
  g_clear_object (&self->settings);
  g_clear_object (&self->backup_actions);

  G_OBJECT_CLASS (clt_window_parent_class)->dispose (object);
}

static void
clt_window_finalize (GObject *object)
{
  CltWindow *self = CLT_WINDOW (object);

  g_free (self->path);

  G_OBJECT_CLASS (clt_window_parent_class)->finalize (object);
}

static void
clt_window_class_init (CltWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = clt_window_dispose;
  object_class->finalize = clt_window_finalize;
  window_class->close_request = clt_window_close_request;

  g_type_ensure (CLT_TYPE_REFOLD_INDICATOR);
  g_type_ensure (CLT_TYPE_SYNC_INDICATOR);
  g_type_ensure (CLT_TYPE_OUTBOX_STATUS);
  g_type_ensure (CLT_TYPE_STAFF_BUTTON);
  g_type_ensure (CLT_TYPE_STATUS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CltWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, today_page);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, outbox_bin);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, outbox_status);
  gtk_widget_class_bind_template_callback (widget_class, view_stack_changed_cb);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, book_page);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, content);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, sample_banner);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, refold_indicator);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, backup_notice);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, backup_notice_label);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, content_squeezer);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, content_switcher);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, content_narrow_switcher);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, content_window_title);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, primary_menu);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, list_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, add_close_button);
  gtk_widget_class_bind_template_child (widget_class, CltWindow, add_close_label);
  /* For set_header_tooltips(), by name. */
  gtk_widget_class_bind_template_child_full (widget_class, "new_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "backup_notice_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "back_button", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, refold_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_folded_cb);
  gtk_widget_class_bind_template_callback (widget_class, queue_update_switcher_bar);
  gtk_widget_class_bind_template_callback (widget_class, main_page_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_visible_child_cb);

  /* Their shortcuts are the application's accelerators. */
  gtk_widget_class_install_action (widget_class, "win.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.move-selection", "i", move_selection_action);
  gtk_widget_class_install_action (widget_class, "win.new-customer", NULL, new_customer_action);
  gtk_widget_class_install_action (widget_class, "win.edit-customer", NULL, edit_customer_action);
  gtk_widget_class_install_action (widget_class, "win.delete-customer", NULL, delete_customer_action);
  gtk_widget_class_install_action (widget_class, "win.log-contact", NULL, log_contact_action);
  gtk_widget_class_install_action (widget_class, "win.try-sample", NULL, try_sample_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.open-book", NULL, open_book_action);
  gtk_widget_class_install_action (widget_class, "win.new-promise", NULL, new_promise_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_P, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new-promise", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.step-view", "i", step_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.step-view", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "win.step-view", "i", 1);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.compose", "s", compose_action);
  gtk_widget_class_install_action (widget_class, "win.compose-for", "(xsx)", compose_for_action);
  gtk_widget_class_install_action (widget_class, "win.edit-mail", "x", edit_mail_action);
  gtk_widget_class_install_action (widget_class, "win.show-outbox", NULL, show_outbox_action);
  gtk_widget_class_install_action (widget_class, "win.enter-password", NULL, enter_password_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
}

/* Set once each button is drawn (clt_gui_set_tooltip_when_drawn()): their
 * accessible labels are in the template. The search field, which has the
 * focus when the window opens, keeps its own there. */
static void
set_header_tooltips (CltWindow *self)
{
  static const struct {
    const char *id;
    const char *text;
  } tooltips[] = {
    { "new_button", N_("New Customer") },
    { "list_menu_button", N_("Main Menu") },
    { "backup_notice_button", N_("Save a copy of the book on a USB key, another drive or a network folder") },
    { "back_button", N_("Back to the List") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tooltips); i++)
    {
      GObject *button = gtk_widget_get_template_child (GTK_WIDGET (self), CLT_TYPE_WINDOW, tooltips[i].id);

      clt_gui_set_tooltip_when_drawn (GTK_WIDGET (button), _(tooltips[i].text));
    }
}

static void
clt_window_init (CltWindow *self)
{
  static const struct {
    guint keyval;
    int   step;
  } moves[] = {
    { GDK_KEY_Up, -1 }, { GDK_KEY_KP_Up, -1 },
    { GDK_KEY_Down, 1 }, { GDK_KEY_KP_Down, 1 },
    { GDK_KEY_Page_Up, -10 }, { GDK_KEY_KP_Page_Up, -10 },
    { GDK_KEY_Page_Down, 10 }, { GDK_KEY_KP_Page_Down, 10 },
  };
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkAdjustment *vadjustment;

  gtk_widget_init_template (GTK_WIDGET (self));
  factory = clt_customer_row_factory_new ();
  gtk_list_view_set_factory (self->list_view, factory);
  clt_gui_set_lazy_menu (self->list_menu_button, self->primary_menu);
  set_header_tooltips (self);

  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (list_scrolled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "changed", G_CALLBACK (list_scrolled_cb), self, G_CONNECT_SWAPPED);

  if (g_strcmp0 (PROFILE, "Devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Up and Down move through the results while the search keeps the focus. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_name (controller, "clt-move-selection");
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (moves); i++)
    {
      GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (moves[i].keyval, 0),
                                                gtk_named_action_new ("win.move-selection"));

      gtk_shortcut_set_arguments (shortcut, g_variant_new_int32 (moves[i].step));
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
    }
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  /* A click on a row opens it, also when the list and the customer are not
   * side by side; GtkListView only activates rows on a double click. */
  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (gesture, "released", G_CALLBACK (row_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (gesture));

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  self->icon_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), icon_tick_cb, NULL, NULL);

  clt_window_restore_size (self);
  clt_window_update_actions (self);
}

CltWindow *
clt_window_new (GtkApplication *application)
{
  CltWindow *self;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);

  self = g_object_new (CLT_TYPE_WINDOW,
                       "application", application,
                       NULL);
  clt_window_update_actions (self);

  return self;
}

CltStore *
clt_window_get_store (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return self->store;
}

/**
 * clt_window_get_path:
 * @self: the window
 *
 * Returns: (nullable): the path of the book shown, or that could not be opened
 */
const char *
clt_window_get_path (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return self->path;
}

/**
 * clt_window_set_store:
 * @self: the window
 * @store: the customer book to show
 *
 * Shows @store's customers, all of them until something is searched; an
 * empty book shows how to start one.
 */
void
clt_window_set_store (CltWindow *self,
                      CltStore  *store)
{
  guint n_rows;

  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (CLT_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
      g_signal_handlers_disconnect_by_func (self->store, store_damaged_cb, self);
    }
  clt_window_stop_check (self);
  g_clear_handle_id (&self->damaged_idle_id, g_source_remove);
  self->problem = FALSE;
  g_set_object (&self->store, store);
  g_clear_object (&self->data_actions);
  self->data_actions = clt_data_actions_new (self, store);
  g_free (self->path);
  self->path = g_strdup (clt_store_get_path (store));
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "damaged", G_CALLBACK (store_damaged_cb), self, G_CONNECT_SWAPPED);

  clt_window_stop_rows_wait (self);
  g_clear_object (&self->selection);
  g_clear_object (&self->slots);
  g_clear_object (&self->rows);
  g_clear_object (&self->search_model);

  /* Each row built costs the first frame its making, style and size, and
   * each customer read its queries. */
  n_rows = gtk_widget_get_mapped (GTK_WIDGET (self)) ? ROWS_PAGE : clt_window_get_first_frame_rows (self);
  self->search_model = clt_search_model_new_for_rows (store, n_rows);
  clt_search_model_set_query (self->search_model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_signal_connect_object (self->search_model, "items-changed",
                           G_CALLBACK (model_items_changed_cb), self, G_CONNECT_SWAPPED);

  self->rows = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (self->search_model)), 0, n_rows);
  if (gtk_slice_list_model_get_size (self->rows) < ROWS_PAGE)
    self->rows_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), rows_tick_cb, NULL, NULL);
  /* A keystroke tells the rows on screen who they show now, instead of
   * building new ones: selecting is by place. */
  self->slots = clt_slot_model_new (G_LIST_MODEL (self->rows));
  /* Nobody is chosen until the person searches or picks someone. */
  self->selection = g_object_new (GTK_TYPE_SINGLE_SELECTION,
                                  "autoselect", FALSE,
                                  "model", self->slots,
                                  NULL);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  /* A search kept from the book shown before starts from its best match. */
  if (!clt_text_is_blank (clt_search_model_get_query (self->search_model)) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  /* Shown already: the copy when idle; else after the first frame. */
  if (self->rows_tick_id == 0)
    clt_window_queue_desk (self);

  /* Found damaged by its first query: said at once, and nothing else of
   * it is read (each view would only fail in turn). */
  if (clt_store_is_damaged (store))
    {
      g_clear_handle_id (&self->damaged_idle_id, g_source_remove);
      damaged_idle_cb (self);
      return;
    }

  if (self->today_view != NULL)
    clt_today_view_set_store (self->today_view, store);
  clt_outbox_status_set_store (self->outbox_status, store);
  if (self->outbox_view != NULL)
    clt_outbox_view_set_store (self->outbox_view, store);

  g_clear_object (&self->backup_actions);
  self->backup_actions = clt_backup_actions_new (GTK_WINDOW (self), store);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "backup", G_ACTION_GROUP (self->backup_actions));
  g_signal_connect_object (self->backup_actions, "notify::notice", G_CALLBACK (backup_notice_cb), self,
                           G_CONNECT_SWAPPED);
  backup_notice_cb (self);
  clt_refold_indicator_start (self->refold_indicator, store);

  show_main_page (self, "book");
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  clt_window_update_main_page (self);
  clt_window_update_sidebar (self);
  clt_window_show_selected (self);

  /* A full check of the book, after the first frame, off the main thread:
   * said only if it finds damage. */
  self->check_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), check_tick_cb, NULL, NULL);
}

/**
 * clt_window_get_data_actions:
 * @self: the window
 *
 * Returns: (transfer none) (nullable): what the "data" actions do, once a
 *   book is shown
 */
struct _CltDataActions *
clt_window_get_data_actions (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return self->data_actions;
}

/**
 * clt_window_import_file:
 * @self: the window of a book
 * @file: a vCard or CSV file
 *
 * Starts importing @file into the book, as Import… does once the file is
 * chosen.
 *
 * Returns: (transfer none): the import dialog
 */
GtkWidget *
clt_window_import_file (CltWindow *self,
                        GFile     *file)
{
  GtkWidget *dialog;

  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);
  g_return_val_if_fail (self->store != NULL, NULL);

  dialog = clt_import_dialog_new (GTK_WINDOW (self), clt_store_get_path (self->store), file);
  g_signal_connect_object (dialog, "finished", G_CALLBACK (import_finished_cb), self, G_CONNECT_SWAPPED);
  clt_window_present_dialog (self, GTK_WINDOW (dialog));

  return dialog;
}

/**
 * clt_window_reload:
 * @self: the window
 *
 * Reads the book again, keeping the search and the customer shown: for
 * changes another process made (an import, a restore), which the store
 * does not announce.
 */
void
clt_window_reload (CltWindow *self)
{
  g_return_if_fail (CLT_IS_WINDOW (self));

  /* A book that could not be shown is opened again: restored, maybe. */
  if (self->store == NULL || self->problem)
    {
      GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
      /* Showing the book replaces the window's copy of its path. */
      g_autofree char *path = g_strdup (self->path);

      if (path != NULL && CLT_IS_APPLICATION (application))
        clt_application_replace_book (CLT_APPLICATION (application), self, path);
      return;
    }

  clt_window_load (self, NULL, self->customer_id);
  /* The same store: the briefing is read again. */
  if (self->today_view != NULL)
    clt_today_view_set_store (self->today_view, self->store);
}

/**
 * clt_window_get_backup_actions:
 * @self: the window
 *
 * Returns: (nullable) (transfer none): the window's "backup" actions, once
 *   it shows a book
 */
CltBackupActions *
clt_window_get_backup_actions (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return self->backup_actions;
}

/**
 * clt_window_show_error:
 * @self: the window
 * @path: the book that could not be opened
 * @error: why
 *
 * Shows why the book in @path cannot be opened, instead of the book.
 */
void
clt_window_show_error (CltWindow    *self,
                       const char   *path,
                       const GError *error)
{
  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (error != NULL);

  if (self->path != path)
    {
      g_free (self->path);
      self->path = g_strdup (path);
    }

  self->problem = TRUE;
  clt_window_stop_check (self);
  /* Nothing is sent from a book that is not shown. */
  if (self->outbox != NULL && g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED))
    {
      clt_outbox_stop (self->outbox);
      clt_window_set_outbox (self, NULL);
    }

  /* Rarely needed: not built, styled and measured for every first frame. */
  if (self->problem_page == NULL)
    {
      self->problem_page = CLT_BOOK_PROBLEM_PAGE (clt_book_problem_page_new ());
      clt_book_problem_page_set_menu_model (self->problem_page, self->primary_menu);
      gtk_stack_add_named (self->main_stack, GTK_WIDGET (self->problem_page), "error");
    }
  clt_book_problem_page_show_error (self->problem_page, path, error);
  show_main_page (self, "error");
  gtk_search_entry_set_key_capture_widget (self->search_entry, NULL);

  /* A damaged book can be restored; nothing else can be done with one that
   * cannot be shown. */
  g_clear_object (&self->backup_actions);
  if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED))
    self->backup_actions = clt_backup_actions_new_for_damaged (GTK_WINDOW (self), path);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "backup", G_ACTION_GROUP (self->backup_actions));
  gtk_revealer_set_reveal_child (self->backup_notice, FALSE);
  clt_window_update_actions (self);
}

/**
 * clt_window_add_toast:
 * @self: the window
 * @toast: (transfer full): the toast
 *
 * Shows @toast over whatever the window shows.
 */
void
clt_window_add_toast (CltWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, clt_gui_wrap_toast_title (toast));
}

gboolean
clt_window_get_sample (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), FALSE);

  return self->sample;
}

/**
 * clt_window_set_sample:
 * @self: the window
 * @sample: whether the book shown is the generated sample
 *
 * A sample book says so in the window's title and above the list, so that
 * nobody mistakes it for their own.
 */
void
clt_window_set_sample (CltWindow *self,
                       gboolean   sample)
{
  g_return_if_fail (CLT_IS_WINDOW (self));

  sample = !!sample;
  if (self->sample == sample)
    return;

  self->sample = sample;
  gtk_widget_set_visible (self->sample_banner, sample);
  if (sample)
    {
      /* Translators: the title of the window showing the sample book. */
      gtk_window_set_title (GTK_WINDOW (self), _("Sample Book — Clientele"));
      adw_window_title_set_title (self->content_window_title, _("Sample Book"));
      adw_window_title_set_subtitle (self->content_window_title, _("Your own book is untouched"));
    }
  else
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Clientele"));
      adw_window_title_set_title (self->content_window_title, "");
      adw_window_title_set_subtitle (self->content_window_title, NULL);
    }
  if (self->empty_page != NULL)
    clt_empty_book_page_set_sample (self->empty_page, sample);
}

/**
 * clt_window_get_customer_id:
 * @self: the window
 *
 * Returns: the customer shown, or 0
 */
gint64
clt_window_get_customer_id (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), 0);

  return self->customer_id;
}

/**
 * clt_window_open_customer:
 * @self: the window
 * @customer_id: a customer of the window's book
 *
 * Searches for the customer by name, selects them among the results and
 * shows their page.
 */
void
clt_window_open_customer (CltWindow *self,
                          gint64     customer_id)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (self->store != NULL);

  customer = clt_store_get_customer (self->store, customer_id, &error);
  if (customer == NULL)
    {
      g_autofree char *title = g_markup_escape_text (error->message, -1);

      clt_window_add_toast (self, adw_toast_new (title));
      return;
    }

  /* The beginning of a name finds it as well as the whole: a pasted
   * 100 kB name is not typed into the entry, nor searched for. */
  name = clt_long_text_shorten (clt_customer_get_display_name (customer), SEARCH_NAME_CHARS, 1);
  /* The search runs now; the entry's own delayed signal finds it done. */
  clt_window_load (self, name, customer_id);
  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), name);
  self->setting_text = FALSE;
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
  if (self->customer_id == customer_id)
    clt_window_show_content (self);
}

/**
 * clt_window_search_for:
 * @self: the window
 * @text: what to search for, as typed in the desktop's search
 *
 * Shows the customers found for @text, the search entry holding it with
 * the cursor at its end, to go on typing.
 */
void
clt_window_search_for (CltWindow  *self,
                       const char *text)
{
  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (text != NULL);

  adw_view_stack_set_visible_child_name (self->view_stack, "customers");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.search", NULL);
  gtk_editable_set_position (GTK_EDITABLE (self->search_entry), -1);
}

/**
 * clt_window_get_outbox:
 * @self: the window
 *
 * Returns: (nullable) (transfer none): what sends the messages of the book shown
 */
CltOutbox *
clt_window_get_outbox (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return self->outbox;
}

/**
 * clt_window_set_outbox:
 * @self: the window
 * @outbox: (nullable): what sends the messages of the book shown
 *
 * Messages written in the window are handed to @outbox, and the window
 * says when it pauses for a password.
 */
void
clt_window_set_outbox (CltWindow *self,
                       CltOutbox *outbox)
{
  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (outbox == NULL || CLT_IS_OUTBOX (outbox));

  if (self->outbox == outbox)
    return;

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_func (self->outbox, outbox_paused_cb, self);
  g_set_object (&self->outbox, outbox);
  if (outbox != NULL)
    g_signal_connect_object (outbox, "paused", G_CALLBACK (outbox_paused_cb), self, G_CONNECT_SWAPPED);
  clt_outbox_status_set_outbox (self->outbox_status, outbox);
  if (self->outbox_view != NULL)
    clt_outbox_view_set_outbox (self->outbox_view, outbox);
}

/**
 * clt_window_get_sync_runner:
 * @self: the window
 *
 * Returns: (nullable) (transfer none): the sync rounds of the book shown
 */
CltSyncRunner *
clt_window_get_sync_runner (CltWindow *self)
{
  g_return_val_if_fail (CLT_IS_WINDOW (self), NULL);

  return self->sync_runner;
}

/**
 * clt_window_set_sync_runner:
 * @self: the window
 * @runner: (nullable): the sync rounds of the book shown
 *
 * The window shows what each round brings in, offers Sync Now in its menu
 * while the book is shared, and says when the server refuses the password.
 */
void
clt_window_set_sync_runner (CltWindow     *self,
                            CltSyncRunner *runner)
{
  g_return_if_fail (CLT_IS_WINDOW (self));
  g_return_if_fail (runner == NULL || CLT_IS_SYNC_RUNNER (runner));

  if (self->sync_runner == runner)
    return;

  if (self->sync_runner != NULL)
    g_signal_handlers_disconnect_by_data (self->sync_runner, self);
  g_set_object (&self->sync_runner, runner);
  clt_sync_indicator_set_runner (self->sync_indicator, runner);
  if (self->empty_page != NULL)
    clt_empty_book_page_set_sync_runner (self->empty_page, runner);
  if (runner != NULL)
    {
      g_signal_connect_object (runner, "book-changed", G_CALLBACK (sync_book_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "password-refused", G_CALLBACK (sync_password_refused_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "notify::shared", G_CALLBACK (clt_window_update_actions), self, G_CONNECT_SWAPPED);
      /* Refused while no window was open: said to the first one. */
      if (clt_sync_runner_get_paused (runner))
        sync_password_refused_cb (self);
    }
  clt_window_update_actions (self);
}

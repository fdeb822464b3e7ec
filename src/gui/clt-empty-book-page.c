/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-empty-book-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-gui-util.h"
#include "clt-sync-indicator.h"

#include "clt-empty-book-page.h"

/*
 * What the window shows for a book without customers: the ways to fill
 * it (Add a Customer, Import…, Try a Sample Book, the window's actions),
 * or, while a first sync brings a shared book in, its progress. Made by
 * the window when it first shows an empty book: a book with customers
 * never pays for it.
 */

struct _CltEmptyBookPage
{
  AdwBin            parent_instance;

  CltSyncRunner    *sync_runner;

  AdwWindowTitle   *title;
  GtkMenuButton    *menu_button;
  CltSyncIndicator *sync_indicator;
  AdwStatusPage    *status_page;
  GtkWidget        *sync_box;
  GtkProgressBar   *sync_bar;
  GtkWidget        *actions;
  GtkStack         *sample_button_stack;
  GtkSpinner       *sample_spinner;
};

G_DEFINE_FINAL_TYPE (CltEmptyBookPage, clt_empty_book_page, ADW_TYPE_BIN)

/* An empty book while a long round runs is a desk receiving the shared
 * book: it says so, with the progress, rather than offer ways to fill an
 * empty book (an import then would be the customers arriving anyway). */
static void
update_sync (CltEmptyBookPage *self)
{
  gboolean receiving = self->sync_runner != NULL && clt_sync_runner_get_long_round (self->sync_runner);

  gtk_widget_set_visible (self->sync_box, receiving);
  gtk_widget_set_visible (self->actions, !receiving);
  if (receiving)
    {
      g_autofree char *text = clt_sync_runner_dup_progress_text (self->sync_runner);

      adw_status_page_set_title (self->status_page, _("Receiving the Shared Book"));
      adw_status_page_set_description (self->status_page, text);
      gtk_progress_bar_set_fraction (self->sync_bar, clt_sync_runner_get_fraction (self->sync_runner));
    }
  else
    {
      adw_status_page_set_title (self->status_page, _("No Customers Yet"));
      adw_status_page_set_description (self->status_page,
                                       _("Add your customers one by one, or look around a sample book first: "
                                         "your own book stays empty until you add someone."));
    }
}

static void
sync_cancel_cb (CltEmptyBookPage *self)
{
  if (self->sync_runner != NULL)
    clt_sync_runner_cancel (self->sync_runner);
}

static void
clt_empty_book_page_dispose (GObject *object)
{
  CltEmptyBookPage *self = CLT_EMPTY_BOOK_PAGE (object);

  if (self->sync_runner != NULL)
    g_signal_handlers_disconnect_by_data (self->sync_runner, self);
  g_clear_object (&self->sync_runner);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_EMPTY_BOOK_PAGE);

  G_OBJECT_CLASS (clt_empty_book_page_parent_class)->dispose (object);
}

static void
clt_empty_book_page_class_init (CltEmptyBookPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_empty_book_page_dispose;

  g_type_ensure (CLT_TYPE_SYNC_INDICATOR);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-empty-book-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltEmptyBookPage, title);
  gtk_widget_class_bind_template_child (widget_class, CltEmptyBookPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CltEmptyBookPage, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, CltEmptyBookPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CltEmptyBookPage, sync_box);
  gtk_widget_class_bind_template_child (widget_class, CltEmptyBookPage, sync_bar);
  gtk_widget_class_bind_template_child (widget_class, CltEmptyBookPage, actions);
  gtk_widget_class_bind_template_child (widget_class, CltEmptyBookPage, sample_button_stack);
  gtk_widget_class_bind_template_child (widget_class, CltEmptyBookPage, sample_spinner);
  gtk_widget_class_bind_template_callback (widget_class, sync_cancel_cb);
}

static void
clt_empty_book_page_init (CltEmptyBookPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_sync (self);
}

/**
 * clt_empty_book_page_new:
 * @menu_model: the window's main menu, for the page's own header
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
clt_empty_book_page_new (GMenuModel *menu_model)
{
  CltEmptyBookPage *self = g_object_new (CLT_TYPE_EMPTY_BOOK_PAGE, NULL);

  clt_gui_set_lazy_menu (self->menu_button, menu_model);

  return GTK_WIDGET (self);
}

/* The sample book's window says so in its header. */
void
clt_empty_book_page_set_sample (CltEmptyBookPage *self,
                                gboolean          sample)
{
  g_return_if_fail (CLT_IS_EMPTY_BOOK_PAGE (self));

  adw_window_title_set_title (self->title, sample ? _("Sample Book") : _("Clientele"));
  adw_window_title_set_subtitle (self->title, sample ? _("Your own book is untouched") : NULL);
}

/* While the sample is made (in a thread), its button says so. */
void
clt_empty_book_page_set_making_sample (CltEmptyBookPage *self,
                                       gboolean          making)
{
  g_return_if_fail (CLT_IS_EMPTY_BOOK_PAGE (self));

  gtk_stack_set_visible_child_name (self->sample_button_stack, making ? "busy" : "label");
  if (making)
    gtk_spinner_start (self->sample_spinner);
  else
    gtk_spinner_stop (self->sample_spinner);
}

/**
 * clt_empty_book_page_set_sync_runner:
 * @self: the page
 * @runner: (nullable): the sync rounds of the book shown
 *
 * Its header shows the book's sync; a first round bringing the shared
 * book in shows its progress, with Cancel Sync.
 */
void
clt_empty_book_page_set_sync_runner (CltEmptyBookPage *self,
                                     CltSyncRunner    *runner)
{
  g_return_if_fail (CLT_IS_EMPTY_BOOK_PAGE (self));
  g_return_if_fail (runner == NULL || CLT_IS_SYNC_RUNNER (runner));

  if (self->sync_runner == runner)
    return;

  if (self->sync_runner != NULL)
    g_signal_handlers_disconnect_by_data (self->sync_runner, self);
  g_set_object (&self->sync_runner, runner);
  clt_sync_indicator_set_runner (self->sync_indicator, runner);
  if (runner != NULL)
    {
      g_signal_connect_object (runner, "notify::long-round", G_CALLBACK (update_sync), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (runner, "progress", G_CALLBACK (update_sync), self, G_CONNECT_SWAPPED);
    }
  update_sync (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-general-page"

#include "config.h"

#include <errno.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-gui-util.h"
#include "clt-staff-button.h"
#include "clt-window.h"
#include "clt-write.h"

#include "clt-general-page.h"

/*
 * The General page of Preferences, first: the business name the templates
 * use, who is at the desk, reminders with the window closed, and where the
 * book and its copies are.
 */

struct _CltGeneralPage
{
  AdwPreferencesPage  parent_instance;

  CltStore           *store;
  char               *saved_business;   /* as the book has it, "" for none */

  AdwEntryRow        *business_row;
  GtkWidget          *staff_button;
  AdwActionRow       *book_row;
  AdwActionRow       *copies_row;
  AdwActionRow       *save_copy_row;
  AdwActionRow       *open_book_row;
};

G_DEFINE_FINAL_TYPE (CltGeneralPage, clt_general_page, ADW_TYPE_PREFERENCES_PAGE)

static void
add_toast (CltGeneralPage *self,
           const char     *text)
{
  g_autofree char *title = g_markup_escape_text (text, -1);

  clt_gui_add_toast (GTK_WIDGET (self), adw_toast_new (title));
}

static gboolean
business_write (CltStore  *store,
                gpointer   data,
                GError   **error)
{
  return clt_store_set_business_name (store, data, error);
}

static void
business_saved_cb (GtkWidget    *widget,
                   const GError *error,
                   gpointer      data)
{
  CltGeneralPage *self = CLT_GENERAL_PAGE (widget);

  if (error != NULL)
    return;

  g_free (self->saved_business);
  self->saved_business = g_strdup (data);
}

/* The book window the preferences are for: the actions on the book are
 * its own. */
static GtkWidget *
get_book_window (CltGeneralPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *window = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  while (window != NULL && !CLT_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);

  return GTK_WIDGET (window);
}

static void
show_uri_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltGeneralPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    add_toast (self, error->message);
}

static void
open_folder (CltGeneralPage *self,
             const char     *folder)
{
  g_autofree char *uri = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* No copy yet (an empty book): the folder is there all the same. */
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);
      g_autofree char *text = NULL;

      /* Translators: %s is a folder, then the system's reason. */
      text = g_strdup_printf (_("“%s” cannot be opened: %s"), display, g_strerror (saved_errno));
      add_toast (self, text);
      return;
    }

  uri = g_filename_to_uri (folder, NULL, NULL);
  gtk_show_uri_full (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME, NULL,
                     show_uri_cb, g_object_ref (self));
}

static void
set_path_subtitle (AdwActionRow *row,
                   const char   *path)
{
  g_autofree char *display = g_filename_display_name (path);

  adw_action_row_set_subtitle (row, display);
}

/* Preferences close first: what follows is about the book window. */
static void
activate_on_book_window (CltGeneralPage *self,
                         const char     *action)
{
  g_autoptr(GtkWidget) window = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (get_book_window (self) == NULL)
    return;

  window = g_object_ref (get_book_window (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_close (GTK_WINDOW (root));
  gtk_widget_activate_action (window, action, NULL);
}

static void
business_apply_cb (CltGeneralPage *self)
{
  clt_general_page_apply (self);
}

static void
business_focus_leave_cb (CltGeneralPage *self)
{
  clt_general_page_apply (self);
}

static void
open_book_folder_cb (CltGeneralPage *self)
{
  g_autofree char *folder = NULL;

  if (self->store == NULL)
    return;

  folder = g_path_get_dirname (clt_store_get_path (self->store));
  open_folder (self, folder);
}

static void
open_copies_folder_cb (CltGeneralPage *self)
{
  g_autofree char *folder = clt_backup_get_folder ();

  open_folder (self, folder);
}

static void
save_copy_activated_cb (CltGeneralPage *self)
{
  activate_on_book_window (self, "backup.save-copy");
}

static void
open_book_activated_cb (CltGeneralPage *self)
{
  activate_on_book_window (self, "win.open-book");
}

/* The rows that act on the book window are there only when one is. */
static void
map_cb (CltGeneralPage *self)
{
  gboolean has_window = get_book_window (self) != NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->save_copy_row), has_window);
  gtk_widget_set_visible (GTK_WIDGET (self->open_book_row), has_window);
}

static void
clt_general_page_dispose (GObject *object)
{
  CltGeneralPage *self = CLT_GENERAL_PAGE (object);

  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_GENERAL_PAGE);

  G_OBJECT_CLASS (clt_general_page_parent_class)->dispose (object);
}

static void
clt_general_page_finalize (GObject *object)
{
  CltGeneralPage *self = CLT_GENERAL_PAGE (object);

  g_free (self->saved_business);

  G_OBJECT_CLASS (clt_general_page_parent_class)->finalize (object);
}

static void
clt_general_page_class_init (CltGeneralPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_general_page_dispose;
  object_class->finalize = clt_general_page_finalize;

  g_type_ensure (CLT_TYPE_STAFF_BUTTON);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-general-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltGeneralPage, staff_button);
  gtk_widget_class_bind_template_child (widget_class, CltGeneralPage, business_row);
  gtk_widget_class_bind_template_child (widget_class, CltGeneralPage, book_row);
  gtk_widget_class_bind_template_child (widget_class, CltGeneralPage, copies_row);
  gtk_widget_class_bind_template_child (widget_class, CltGeneralPage, save_copy_row);
  gtk_widget_class_bind_template_child (widget_class, CltGeneralPage, open_book_row);
  gtk_widget_class_bind_template_callback (widget_class, business_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_book_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_copies_folder_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_copy_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_book_activated_cb);
}

static void
clt_general_page_init (CltGeneralPage *self)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();
  g_autofree char *folder = clt_backup_get_folder ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Saved when the person moves on, as GNOME Settings does. */
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (business_focus_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->business_row), focus);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);

  set_path_subtitle (self->copies_row, folder);
}

/**
 * clt_general_page_set_store:
 * @self: the page
 * @store: the book
 *
 * Shows @store's business name and where it is.
 */
void
clt_general_page_set_store (CltGeneralPage *self,
                            CltStore       *store)
{
  g_autofree char *business = NULL;

  g_return_if_fail (CLT_IS_GENERAL_PAGE (self));
  g_return_if_fail (CLT_IS_STORE (store));

  g_set_object (&self->store, store);
  business = clt_store_get_business_name (store);
  g_free (self->saved_business);
  self->saved_business = g_strdup (business != NULL ? business : "");
  gtk_editable_set_text (GTK_EDITABLE (self->business_row), self->saved_business);
  set_path_subtitle (self->book_row, clt_store_get_path (store));
}

/**
 * clt_general_page_apply:
 * @self: the page
 *
 * Saves the business name typed, if it changed; empty removes it.
 */
void
clt_general_page_apply (CltGeneralPage *self)
{
  g_autofree char *business = NULL;

  g_return_if_fail (CLT_IS_GENERAL_PAGE (self));

  if (self->store == NULL)
    return;

  business = clt_text_strip (gtk_editable_get_text (GTK_EDITABLE (self->business_row)));
  if (g_strcmp0 (business, self->saved_business) == 0)
    return;

  clt_write_run (self->store, GTK_WIDGET (self), _("The business name was not saved."),
                 business_write, business_saved_cb, g_steal_pointer (&business), g_free);
}

/**
 * clt_general_page_focus_start:
 * @self: a #CltGeneralPage
 *
 * Puts the keyboard focus on who is at the desk, a choice, rather than in
 * the business name, where the first key pressed would replace the text.
 */
void
clt_general_page_focus_start (CltGeneralPage *self)
{
  g_return_if_fail (CLT_IS_GENERAL_PAGE (self));

  gtk_widget_child_focus (self->staff_button, GTK_DIR_TAB_FORWARD);
}

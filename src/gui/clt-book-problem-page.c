/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-book-problem-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-core.h"

#include "clt-book-problem-page.h"

/*
 * What the window shows instead of a book it cannot show: damaged (with
 * Restore a Copy…, through the window's backup.restore), another
 * program's file, a newer book, a file it may not read or write. Always
 * with Open Another Book… (win.open-book); never as an empty book.
 */

struct _CltBookProblemPage
{
  AdwBin          parent_instance;

  GMenuModel     *menu_model;
  gboolean        damaged;

  GtkMenuButton  *menu_button;
  AdwStatusPage  *status_page;
  GtkWidget      *restore_button;
  GtkWidget      *open_button;
};

G_DEFINE_FINAL_TYPE (CltBookProblemPage, clt_book_problem_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MENU_MODEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clt_book_problem_page_dispose (GObject *object)
{
  CltBookProblemPage *self = CLT_BOOK_PROBLEM_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_BOOK_PROBLEM_PAGE);
  g_clear_object (&self->menu_model);

  G_OBJECT_CLASS (clt_book_problem_page_parent_class)->dispose (object);
}

static void
clt_book_problem_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CltBookProblemPage *self = CLT_BOOK_PROBLEM_PAGE (object);

  switch (prop_id)
    {
    case PROP_MENU_MODEL:
      g_value_set_object (value, self->menu_model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_book_problem_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CltBookProblemPage *self = CLT_BOOK_PROBLEM_PAGE (object);

  switch (prop_id)
    {
    case PROP_MENU_MODEL:
      clt_book_problem_page_set_menu_model (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_book_problem_page_class_init (CltBookProblemPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_book_problem_page_dispose;
  object_class->get_property = clt_book_problem_page_get_property;
  object_class->set_property = clt_book_problem_page_set_property;

  /**
   * CltBookProblemPage:menu-model:
   *
   * The window's main menu, for the page's header bar.
   */
  properties[PROP_MENU_MODEL] =
    g_param_spec_object ("menu-model", NULL, NULL, G_TYPE_MENU_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-book-problem-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltBookProblemPage, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CltBookProblemPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CltBookProblemPage, restore_button);
  gtk_widget_class_bind_template_child (widget_class, CltBookProblemPage, open_button);
}

static void
clt_book_problem_page_init (CltBookProblemPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
clt_book_problem_page_new (void)
{
  return g_object_new (CLT_TYPE_BOOK_PROBLEM_PAGE, NULL);
}

/**
 * clt_book_problem_page_show_error:
 * @self: the page
 * @path: the book that cannot be shown
 * @error: why, from clt_store_open() or a query
 *
 * Says why the book cannot be shown, and what can be done.
 */
void
clt_book_problem_page_show_error (CltBookProblemPage *self,
                                  const char         *path,
                                  const GError       *error)
{
  g_autofree char *description = NULL;

  g_return_if_fail (CLT_IS_BOOK_PROBLEM_PAGE (self));
  g_return_if_fail (path != NULL);
  g_return_if_fail (error != NULL);

  self->damaged = g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED);

  if (self->damaged)
    {
      g_autofree char *display = g_filename_display_name (path);

      adw_status_page_set_icon_name (self->status_page, "dialog-warning-symbolic");
      adw_status_page_set_title (self->status_page, _("The Customer Book Is Damaged"));
      /* Translators: %s is the book's file. */
      description = g_markup_printf_escaped (_("Part of “%s” can no longer be read, so it is not shown: "
                                               "customers or promises would be missing. Nothing more "
                                               "is saved in it. Restore a copy from the backups, or "
                                               "open another book."), display);
    }
  else
    {
      adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
      if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_FOREIGN) ||
          g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_A_DATABASE))
        adw_status_page_set_title (self->status_page, _("Not a Customer Book"));
      else
        adw_status_page_set_title (self->status_page, _("Cannot Open the Customer Book"));
      description = g_markup_escape_text (error->message, -1);
    }

  adw_status_page_set_description (self->status_page, description);
  gtk_widget_set_visible (self->restore_button, self->damaged);
  gtk_widget_remove_css_class (self->open_button, "suggested-action");
  if (!self->damaged)
    gtk_widget_add_css_class (self->open_button, "suggested-action");
}

/**
 * clt_book_problem_page_get_damaged:
 * @self: the page
 *
 * Returns: whether the page says that the book is damaged
 */
gboolean
clt_book_problem_page_get_damaged (CltBookProblemPage *self)
{
  g_return_val_if_fail (CLT_IS_BOOK_PROBLEM_PAGE (self), FALSE);

  return self->damaged;
}

GMenuModel *
clt_book_problem_page_get_menu_model (CltBookProblemPage *self)
{
  g_return_val_if_fail (CLT_IS_BOOK_PROBLEM_PAGE (self), NULL);

  return self->menu_model;
}

void
clt_book_problem_page_set_menu_model (CltBookProblemPage *self,
                                      GMenuModel         *menu_model)
{
  g_return_if_fail (CLT_IS_BOOK_PROBLEM_PAGE (self));
  g_return_if_fail (menu_model == NULL || G_IS_MENU_MODEL (menu_model));

  if (!g_set_object (&self->menu_model, menu_model))
    return;

  gtk_menu_button_set_menu_model (self->menu_button, menu_model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MENU_MODEL]);
}

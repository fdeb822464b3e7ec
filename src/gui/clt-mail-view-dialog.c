/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-mail-view-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-mail-view-dialog.h"

/* A message that was sent, as it went: to whom, when, its subject and its
 * text. Nothing in it can be changed. */
struct _CltMailViewDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *window_title;
  AdwActionRow   *to_row;
  AdwActionRow   *date_row;
  AdwActionRow   *subject_row;
  GtkTextView    *body_view;
};

G_DEFINE_FINAL_TYPE (CltMailViewDialog, clt_mail_view_dialog, ADW_TYPE_WINDOW)

static void
clt_mail_view_dialog_class_init (CltMailViewDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-mail-view-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltMailViewDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltMailViewDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, CltMailViewDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, CltMailViewDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CltMailViewDialog, body_view);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clt_mail_view_dialog_init (CltMailViewDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static char *
format_when (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);

  if (when == NULL)
    return g_strdup ("");

  /* Translators: when a message was sent, see the strftime manual page. */
  return g_date_time_format (when, _("%A %-d %B %Y, %H:%M"));
}

/**
 * clt_mail_view_dialog_new:
 * @parent: (nullable): the window to show it over
 * @store: the book
 * @mail_id: a message of the Outbox
 * @error: return location for a #GError
 *
 * Returns: (transfer floating): a dialog to present, or %NULL when the
 *   message is no longer there
 */
CltMailViewDialog *
clt_mail_view_dialog_new (GtkWindow  *parent,
                          CltStore   *store,
                          gint64      mail_id,
                          GError    **error)
{
  g_autoptr(CltMail) mail = NULL;
  g_autofree char *to = NULL;
  g_autofree char *when = NULL;
  CltMailViewDialog *self;

  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  mail = clt_store_get_mail (store, mail_id, error);
  if (mail == NULL)
    return NULL;

  self = g_object_new (CLT_TYPE_MAIL_VIEW_DIALOG, NULL);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);

  if (!clt_text_is_blank (mail->to_name))
    /* Translators: a name, then an e-mail address. */
    to = g_strdup_printf (_("%s <%s>"), mail->to_name, mail->to_address ? mail->to_address : "");
  else
    to = g_strdup (mail->to_address ? mail->to_address : "");
  when = format_when (mail->sent_at > 0 ? mail->sent_at : mail->created_at);

  adw_window_title_set_subtitle (self->window_title,
                                 !clt_text_is_blank (mail->customer_name) ? mail->customer_name : to);
  adw_action_row_set_subtitle (self->to_row, to);
  adw_action_row_set_subtitle (self->date_row, when);
  adw_action_row_set_subtitle (self->subject_row, mail->subject ? mail->subject : "");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), mail->body ? mail->body : "", -1);

  return self;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-discard-guard"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-core.h"
#include "clt-discard-guard.h"

/* One rule for every dialog with free text (a note, a contact's note, a
 * promise): closing it (Escape, Cancel, the window's close button) with
 * text typed that Save has not kept asks first, in an AdwMessageDialog;
 * the safe answer, and Escape, go back to the text. Nothing is asked when
 * the text is empty or as it was when the dialog opened. The text is not
 * kept as a draft: unlike a message, a note has no place to wait in, and
 * a note found again days later in a dialog would be a surprise. */

#define GUARD_KEY "clt-discard-guard"

typedef struct
{
  GPtrArray *text_widgets;  /* GtkTextView or GtkEditable, in the dialog */
  GPtrArray *starts;        /* each one's text when the dialog opened, stripped */
  char      *heading;
  gboolean   discard;       /* the person said so: close */
  gboolean   asking;
} Guard;

static void
guard_free (Guard *guard)
{
  g_ptr_array_unref (guard->text_widgets);
  g_ptr_array_unref (guard->starts);
  g_free (guard->heading);
  g_free (guard);
}

static char *
dup_stripped_text (GtkWidget *text_widget)
{
  if (GTK_IS_TEXT_VIEW (text_widget))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_widget));
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      return g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
    }

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (text_widget))));
}

/**
 * clt_discard_guard_would_lose:
 *
 * Whether closing @dialog now would throw away text the person typed.
 */
gboolean
clt_discard_guard_would_lose (GtkWindow *dialog)
{
  Guard *guard = g_object_get_data (G_OBJECT (dialog), GUARD_KEY);

  g_return_val_if_fail (guard != NULL, FALSE);

  for (guint i = 0; i < guard->text_widgets->len; i++)
    {
      g_autofree char *text = dup_stripped_text (g_ptr_array_index (guard->text_widgets, i));

      if (!clt_text_is_blank (text) && g_strcmp0 (text, g_ptr_array_index (guard->starts, i)) != 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
close_dialog_cb (gpointer dialog)
{
  gtk_window_close (dialog);
  return G_SOURCE_REMOVE;
}

static void
response_cb (AdwMessageDialog *question,
             const char       *response,
             GtkWindow        *dialog)
{
  Guard *guard = g_object_get_data (G_OBJECT (dialog), GUARD_KEY);

  guard->asking = FALSE;
  if (g_strcmp0 (response, "discard") != 0)
    {
      gtk_widget_grab_focus (g_ptr_array_index (guard->text_widgets, 0));
      return;
    }

  /* Once the question has closed itself: it is the dialog's child. */
  guard->discard = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT, close_dialog_cb, g_object_ref (dialog), g_object_unref);
}

static gboolean
close_request_cb (GtkWindow *dialog,
                  Guard     *guard)
{
  AdwMessageDialog *question;

  if (guard->discard || !clt_discard_guard_would_lose (dialog))
    return FALSE;

  if (guard->asking)
    return TRUE;

  question = ADW_MESSAGE_DIALOG (adw_message_dialog_new (dialog, guard->heading,
                                                         _("What you typed will be lost.")));
  adw_message_dialog_add_responses (question,
                                    "continue", _("_Keep Typing"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (question, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (question, "continue");
  adw_message_dialog_set_close_response (question, "continue");
  g_signal_connect_object (question, "response", G_CALLBACK (response_cb), dialog, 0);
  guard->asking = TRUE;
  gtk_window_present (GTK_WINDOW (question));

  return TRUE;
}

/**
 * clt_discard_guard_watch:
 * @dialog: a dialog closed by `window.close` (Escape, Cancel, its close button)
 * @heading: the question, such as "Discard This Note?"
 * @text_widget: its free text: a #GtkTextView or a #GtkEditable
 * @...: more free texts, then %NULL
 *
 * Asks before @dialog closes with typed text that would be lost. The text
 * there now is the dialog's start: call clt_discard_guard_reset() if it
 * is filled in later.
 */
void
clt_discard_guard_watch (GtkWindow  *dialog,
                         const char *heading,
                         GtkWidget  *text_widget,
                         ...)
{
  Guard *guard;
  va_list args;

  g_return_if_fail (GTK_IS_WINDOW (dialog));
  g_return_if_fail (heading != NULL);

  guard = g_new0 (Guard, 1);
  guard->text_widgets = g_ptr_array_new ();
  guard->starts = g_ptr_array_new_with_free_func (g_free);
  guard->heading = g_strdup (heading);

  va_start (args, text_widget);
  for (GtkWidget *widget = text_widget; widget != NULL; widget = va_arg (args, GtkWidget *))
    {
      g_warn_if_fail (GTK_IS_TEXT_VIEW (widget) || GTK_IS_EDITABLE (widget));
      g_ptr_array_add (guard->text_widgets, widget);
      g_ptr_array_add (guard->starts, dup_stripped_text (widget));
    }
  va_end (args);

  g_object_set_data_full (G_OBJECT (dialog), GUARD_KEY, guard, (GDestroyNotify) guard_free);
  g_signal_connect (dialog, "close-request", G_CALLBACK (close_request_cb), guard);
}

/**
 * clt_discard_guard_reset:
 *
 * Takes the dialog's texts as they are now as their start: text the
 * program put there (an item to edit, a suggested note) is not asked
 * about.
 */
void
clt_discard_guard_reset (GtkWindow *dialog)
{
  Guard *guard = g_object_get_data (G_OBJECT (dialog), GUARD_KEY);

  g_return_if_fail (guard != NULL);

  for (guint i = 0; i < guard->text_widgets->len; i++)
    {
      g_free (guard->starts->pdata[i]);
      guard->starts->pdata[i] = dup_stripped_text (g_ptr_array_index (guard->text_widgets, i));
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-template-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-discard-guard.h"
#include "clt-gui-util.h"
#include "clt-write.h"

#include "clt-template-dialog.h"

/* In the order of the language row. */
static const char * const languages[] = { "fr", "en" };

struct _CltTemplateDialog
{
  AdwWindow        parent_instance;

  CltStore        *store;
  gint64           template_id;  /* 0 for a new one */
  gboolean         read_only;    /* a built-in template */
  GtkWidget       *insert_target; /* where placeholders go: subject or body */
  GtkTextTag      *problem_tag;

  AdwWindowTitle  *window_title;
  GtkButton       *cancel_button;
  GtkWidget       *save_button;
  GtkWidget       *duplicate_button;
  GtkLabel        *read_only_label;
  GtkLabel        *error_label;
  AdwEntryRow     *title_row;
  AdwComboRow     *language_row;
  GtkSwitch       *marketing_switch;
  AdwEntryRow     *subject_row;
  GtkTextView     *body_view;
  GtkLabel        *problems_label;
  GtkMenuButton   *insert_field_button;
};

G_DEFINE_FINAL_TYPE (CltTemplateDialog, clt_template_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_body (CltTemplateDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
add_problems (GString    *messages,
              GPtrArray  *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      CltTemplateProblem *problem = g_ptr_array_index (problems, i);

      if (messages->len > 0)
        g_string_append_c (messages, '\n');
      g_string_append (messages, problem->message);
    }
}

/* Underlines each problem of the body where it is. */
static void
mark_body_problems (CltTemplateDialog *self,
                    const char        *body,
                    GPtrArray         *problems)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->problem_tag, &start, &end);

  for (guint i = 0; i < problems->len; i++)
    {
      CltTemplateProblem *problem = g_ptr_array_index (problems, i);

      /* The check counts bytes, the buffer characters. */
      gtk_text_buffer_get_iter_at_offset (buffer, &start,
                                          (int) g_utf8_pointer_to_offset (body, body + problem->start));
      gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                          (int) g_utf8_pointer_to_offset (body, body + problem->end));
      gtk_text_buffer_apply_tag (buffer, self->problem_tag, &start, &end);
    }
}

static void
clt_template_dialog_update (CltTemplateDialog *self)
{
  const char *title = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  const char *subject = gtk_editable_get_text (GTK_EDITABLE (self->subject_row));
  g_autofree char *body = dup_body (self);
  g_autoptr(GPtrArray) subject_problems = clt_template_check (subject);
  g_autoptr(GPtrArray) body_problems = clt_template_check (body);
  g_autoptr(GString) messages = g_string_new (NULL);

  add_problems (messages, subject_problems);
  add_problems (messages, body_problems);
  mark_body_problems (self, body, body_problems);

  if (subject_problems->len > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->subject_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->subject_row), "error");

  gtk_label_set_text (self->problems_label, messages->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), messages->len > 0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save",
                                 !self->read_only && messages->len == 0 &&
                                 !clt_text_is_blank (title) && !clt_text_is_blank (subject) &&
                                 !clt_text_is_blank (body));
}

static void
update_problem_colour (CltTemplateDialog *self)
{
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GdkRGBA colour;

  /* libadwaita's error colours, light and dark. */
  gdk_rgba_parse (&colour, dark ? "#ff7b63" : "#c01c28");
  g_object_set (self->problem_tag,
                "foreground-rgba", &colour,
                "underline-rgba", &colour,
                NULL);
}

static void
set_read_only (CltTemplateDialog *self,
               gboolean           read_only)
{
  self->read_only = read_only;

  gtk_editable_set_editable (GTK_EDITABLE (self->title_row), !read_only);
  gtk_editable_set_editable (GTK_EDITABLE (self->subject_row), !read_only);
  gtk_text_view_set_editable (self->body_view, !read_only);
  gtk_text_view_set_cursor_visible (self->body_view, !read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->language_row), !read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->marketing_switch), !read_only);

  gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), read_only);
  gtk_widget_set_visible (GTK_WIDGET (self->insert_field_button), !read_only);
  gtk_widget_set_visible (self->save_button, !read_only);
  gtk_widget_set_visible (self->duplicate_button, read_only);
  /* Nothing to cancel in what cannot be changed. */
  gtk_button_set_label (self->cancel_button, read_only ? _("_Close") : _("_Cancel"));
}

static void
set_window_title (CltTemplateDialog *self,
                  const char        *title)
{
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
}

static void
insert_placeholder (CltTemplateDialog *self,
                    const char        *name)
{
  g_autofree char *text = g_strdup_printf ("{%s}", name);

  if (self->insert_target == GTK_WIDGET (self->subject_row))
    {
      GtkEditable *editable = GTK_EDITABLE (self->subject_row);
      int position = gtk_editable_get_position (editable);

      gtk_editable_insert_text (editable, text, -1, &position);
      gtk_widget_grab_focus (GTK_WIDGET (self->subject_row));
      gtk_editable_set_position (editable, position);
    }
  else
    {
      gtk_text_buffer_insert_at_cursor (gtk_text_view_get_buffer (self->body_view), text, -1);
      gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
    }
}

static void
changed_cb (CltTemplateDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  clt_template_dialog_update (self);
}

static void
insert_field_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CltTemplateDialog *self = CLT_TEMPLATE_DIALOG (widget);

  if (!self->read_only)
    insert_placeholder (self, g_variant_get_string (parameter, NULL));
}

static void
focus_enter_cb (GtkEventControllerFocus *controller,
                CltTemplateDialog       *self)
{
  self->insert_target = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
}

static gboolean
save_write (CltStore  *store,
            gpointer   data,
            GError   **error)
{
  CltTemplate *tmpl = data;
  gint64 id;

  if (tmpl->id != 0)
    return clt_store_update_template (store, tmpl, error);

  id = clt_store_add_template (store, tmpl, error);
  if (id <= 0)
    return FALSE;
  tmpl->id = id;
  return TRUE;
}

static void
saved_cb (GtkWidget    *widget,
          const GError *error,
          gpointer      data)
{
  CltTemplate *tmpl = data;

  g_signal_emit (widget, signals[SAVED], 0, tmpl->id);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltTemplateDialog *self = CLT_TEMPLATE_DIALOG (widget);
  g_autofree char *title = clt_text_strip (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  g_autofree char *subject = clt_text_strip (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
  g_autofree char *body = dup_body (self);
  CltTemplate *tmpl;
  guint language = adw_combo_row_get_selected (self->language_row);

  if (self->read_only)
    return;

  /* A user's template is known by its title. */
  tmpl = clt_template_new (title, languages[MIN (language, G_N_ELEMENTS (languages) - 1)], title,
                           subject, body, gtk_switch_get_active (self->marketing_switch));
  tmpl->id = self->template_id;
  clt_write_save_dialog (self->store, GTK_WINDOW (self), GTK_WIDGET (self->error_label),
                         save_write, saved_cb, tmpl, (GDestroyNotify) clt_template_free);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltTemplateDialog *self = CLT_TEMPLATE_DIALOG (widget);
  g_autofree char *title = NULL;

  /* The copy is saved only when Save says so. */
  /* Translators: the title of a copy; %s is the title of the original */
  title = g_strdup_printf (_("%s (Copy)"), gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title);
  self->template_id = 0;
  set_read_only (self, FALSE);
  set_window_title (self, _("New Template"));
  clt_template_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->title_row));
}

static void
clt_template_dialog_dispose (GObject *object)
{
  CltTemplateDialog *self = CLT_TEMPLATE_DIALOG (object);

  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_TEMPLATE_DIALOG);

  G_OBJECT_CLASS (clt_template_dialog_parent_class)->dispose (object);
}

static void
clt_template_dialog_class_init (CltTemplateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_template_dialog_dispose;

  /**
   * CltTemplateDialog::saved:
   * @template_id: the template's id in the book
   *
   * The template was added or changed; the dialog closes next.
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-template-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, duplicate_button);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, language_row);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, marketing_switch);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, CltTemplateDialog, insert_field_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);

  clt_gui_dialog_class_install_save (widget_class, save_action);
  gtk_widget_class_install_action (widget_class, "dialog.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "dialog.insert-field", "s", insert_field_action);
}

static void
clt_template_dialog_init (CltTemplateDialog *self)
{
  const char * const *placeholders = clt_template_placeholders ();
  g_autoptr(GMenu) fields = g_menu_new ();
  GtkWidget *targets[2];

  gtk_widget_init_template (GTK_WIDGET (self));

  self->problem_tag = gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->body_view), NULL,
                                                  "underline", PANGO_UNDERLINE_ERROR,
                                                  NULL);
  update_problem_colour (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_problem_colour), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed",
                           G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  targets[0] = GTK_WIDGET (self->subject_row);
  targets[1] = GTK_WIDGET (self->body_view);
  self->insert_target = targets[1];
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      GtkEventController *controller = gtk_event_controller_focus_new ();

      g_signal_connect_object (controller, "enter", G_CALLBACK (focus_enter_cb), self, 0);
      gtk_widget_add_controller (targets[i], controller);
    }

  /* Fields in words; the stored text keeps the placeholder, "{first_name}". */
  for (guint i = 0; placeholders[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (clt_template_placeholder_label (placeholders[i]), NULL);

      g_menu_item_set_action_and_target_value (item, "dialog.insert-field", g_variant_new_string (placeholders[i]));
      g_menu_append_item (fields, item);
    }
  gtk_menu_button_set_menu_model (self->insert_field_button, G_MENU_MODEL (fields));

  clt_gui_dialog_add_save_shortcut (GTK_WIDGET (self));
}

/**
 * clt_template_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @store: the book
 * @tmpl: (nullable): the template to open, or %NULL to write a new one
 *
 * A dialog that saves a template to @store when Save or Ctrl+Enter is
 * pressed, then emits #CltTemplateDialog::saved. A built-in template is
 * shown read-only, with Duplicate to make an editable copy.
 */
GtkWidget *
clt_template_dialog_new (GtkWindow         *parent,
                         CltStore          *store,
                         const CltTemplate *tmpl)
{
  CltTemplateDialog *self;
  const char * const *names = g_get_language_names ();
  const char *language;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_TEMPLATE_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->store = g_object_ref (store);

  language = names[0] != NULL && g_str_has_prefix (names[0], "fr") ? "fr" : "en";
  if (tmpl != NULL)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);

      self->template_id = tmpl->id;
      language = tmpl->language;
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), tmpl->title != NULL ? tmpl->title : "");
      gtk_editable_set_text (GTK_EDITABLE (self->subject_row), tmpl->subject != NULL ? tmpl->subject : "");
      gtk_text_buffer_set_text (buffer, tmpl->body != NULL ? tmpl->body : "", -1);
      gtk_switch_set_active (self->marketing_switch, tmpl->marketing);
    }

  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_strcmp0 (languages[i], language) == 0)
      adw_combo_row_set_selected (self->language_row, i);

  if (tmpl == NULL)
    set_window_title (self, _("New Template"));
  else if (tmpl->id == 0)
    set_window_title (self, _("Built-in Template"));
  else
    set_window_title (self, _("Edit Template"));

  set_read_only (self, tmpl != NULL && tmpl->id == 0);
  clt_discard_guard_watch (GTK_WINDOW (self), _("Discard This Template?"),
                           GTK_WIDGET (self->subject_row), GTK_WIDGET (self->body_view), NULL);
  clt_template_dialog_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->read_only ? self->duplicate_button : GTK_WIDGET (self->title_row)));

  return GTK_WIDGET (self);
}

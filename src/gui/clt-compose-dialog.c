/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-compose-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "clt-a11y.h"
#include "clt-date-row.h"
#include "clt-gui-util.h"
#include "clt-write.h"
#include "clt-long-text.h"
#include "clt-remember-view.h"

#include "clt-compose-dialog.h"

/* Below this width the Remember card goes above the message, not beside it. */
#define REMEMBER_WIDTH 240
#define SIDE_BY_SIDE_WIDTH 720
/* Enough of the customer's name for the title bar, however long it is. */
#define TITLE_CHARS 200
/* Set once the business name was asked for, so that it is asked once. */
#define BUSINESS_ASKED_KEY "compose.business-asked"

struct _CltComposeDialog
{
  AdwWindow        parent_instance;

  CltStore        *store;
  CltOutbox       *outbox;
  gint64           customer_id;
  gint64           promise_id;
  gint64           mail_id;         /* the draft or failed message edited, or 0 */
  char            *template_name;   /* to select first */
  CltCustomer     *customer;
  GPtrArray       *templates;       /* CltTemplate, in the combo's order */
  GPtrArray       *addresses;       /* char *, in the combo's order */
  GHashTable      *values;          /* placeholder → text */
  char            *rendered_body;   /* as the template filled it, to tell edits */
  guint            shown_template;  /* the combo position rendered last */
  /* What another template replaced, for Undo. */
  char            *replaced_subject;
  char            *replaced_body;
  guint            replaced_template;
  char            *refusal;         /* why this customer cannot be written to */
  /* What the message said when opened, filled or last saved: closing
   * after a change keeps it as a draft. */
  char            *baseline_subject;
  char            *baseline_body;
  char            *promise_text;    /* the staff's note quoted, to be rewritten */
  gboolean         promise_asked;   /* Send asked once about it */
  gint64           asked_when;      /* Send Later's time while asking, or 0 */
  gboolean         finished;        /* queued or saved: closing keeps nothing */
  gboolean         kept_for_account;/* saved as a draft for want of an account */
  gint64           meant_at;        /* when a draft was meant to go, or 0 */
  gboolean         no_account;
  gboolean         has_remember;
  gboolean         laid_out;        /* the layout was chosen for a width */
  gboolean         loading;

  AdwToastOverlay *toast_overlay;
  GtkBox          *layout_box;
  GtkWidget       *remember_column;
  CltRememberView *remember_view;
  CltRememberView *alerts_view;
  GtkWidget       *form_column;
  GtkWidget       *problem_box;
  GtkLabel        *problem_label;
  GtkWidget       *setup_button;
  GtkWidget       *business_button;
  GtkWidget       *send_button;
  AdwActionRow    *to_row;
  AdwComboRow     *to_combo;
  AdwComboRow     *template_row;
  AdwEntryRow     *subject_row;
  GtkTextView     *body_view;
  CltDateRow      *later_row;
  GtkLabel        *later_hint;
  GtkPopover      *later_popover;
};

G_DEFINE_FINAL_TYPE (CltComposeDialog, clt_compose_dialog, ADW_TYPE_WINDOW)

static char *
dup_body (CltComposeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const CltTemplate *
get_selected_template (CltComposeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->template_row);

  /* The last item is "No Template". */
  if (self->templates == NULL || selected >= self->templates->len)
    return NULL;

  return g_ptr_array_index (self->templates, selected);
}

static const char *
get_selected_address (CltComposeDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->to_combo);

  if (self->addresses == NULL || self->addresses->len == 0)
    return NULL;

  return g_ptr_array_index (self->addresses, MIN (selected, self->addresses->len - 1));
}

static const char *
get_customer_name (CltComposeDialog *self)
{
  const char *name = self->customer ? clt_customer_get_display_name (self->customer) : NULL;

  if (clt_text_is_blank (name))
    name = get_selected_address (self);

  return name ? name : "";
}

/* Only a placeholder stops a message, unknown or empty: a lone brace
 * typed in a text is what the writer meant. */
static guint
count_problems (GPtrArray *problems,
                gboolean   empty)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const CltTemplateProblem *problem = g_ptr_array_index (problems, i);

      if (problem->name != NULL && problem->empty == empty)
        n++;
    }

  return n;
}

static gboolean
has_empty (GPtrArray  *problems,
           const char *name)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const CltTemplateProblem *problem = g_ptr_array_index (problems, i);

      if (problem->empty && g_strcmp0 (problem->name, name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Each message once, however often its placeholder is used. */
static void
append_problems (GString    *text,
                 GPtrArray  *problems,
                 gboolean    empty,
                 GHashTable *said)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const CltTemplateProblem *problem = g_ptr_array_index (problems, i);

      if (problem->name == NULL || problem->empty != empty ||
          !g_hash_table_add (said, problem->message))
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }
}

static void
mark_body_problems (CltComposeDialog *self,
                    const char       *body,
                    GPtrArray        *problems)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "problem", &start, &end);

  for (guint i = 0; i < problems->len; i++)
    {
      const CltTemplateProblem *problem = g_ptr_array_index (problems, i);

      if (problem->name == NULL)
        continue;

      /* The problems are in bytes, the buffer counts characters. */
      gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (body, body + problem->start));
      gtk_text_buffer_get_iter_at_offset (buffer, &end, g_utf8_pointer_to_offset (body, body + problem->end));
      gtk_text_buffer_apply_tag_by_name (buffer, "problem", &start, &end);
    }
}

/* Why the marketing template chosen cannot go to this customer, or NULL. */
static char *
dup_marketing_refusal (CltComposeDialog *self)
{
  const CltTemplate *tmpl = get_selected_template (self);
  g_autofree char *address = NULL;
  g_autoptr(GError) error = NULL;

  if (tmpl == NULL || !tmpl->marketing || self->refusal != NULL)
    return NULL;

  if (clt_store_can_mail (self->store, self->customer_id, TRUE, &address, &error))
    return NULL;

  return g_strdup (error->message);
}

/* What the card says of a draft that was meant to go at @meant_at. */
static char *
dup_meant_text (gint64 meant_at)
{
  g_autofree char *day = clt_when_format_day_time_in_text (meant_at);

  if (meant_at > g_get_real_time () / G_USEC_PER_SEC)
    /* Translators: %s is a day and time to come. */
    return g_strdup_printf (_("This message was meant to go on %s. Send Later keeps that time; Send sends it now."), day);

  /* Translators: %s is a day and time gone by. */
  return g_strdup_printf (_("This message was meant to go on %s, which has passed. Send it now, or choose another time with Send Later."), day);
}

/* Shows every reason the message cannot go as it is, and lets it go only
 * when there is none. */
static void
clt_compose_dialog_update (CltComposeDialog *self)
{
  g_autofree char *body = dup_body (self);
  g_autofree char *marketing = dup_marketing_refusal (self);
  g_autoptr(GPtrArray) subject_problems = clt_template_check_values (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)),
                                                                    self->values);
  g_autoptr(GPtrArray) body_problems = clt_template_check_values (body, self->values);
  g_autoptr(GHashTable) said = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_unknown = count_problems (subject_problems, FALSE) + count_problems (body_problems, FALSE);
  guint n_empty = count_problems (subject_problems, TRUE) + count_problems (body_problems, TRUE);
  gboolean blocked = self->refusal != NULL || marketing != NULL;
  gboolean needs_business = has_empty (subject_problems, "business") || has_empty (body_problems, "business");
  gboolean needs_setup = self->no_account ||
                         has_empty (body_problems, "signature") || has_empty (body_problems, "sender_name") ||
                         has_empty (subject_problems, "sender_name");

  if (self->refusal != NULL)
    g_string_append (text, self->refusal);
  if (marketing != NULL)
    g_string_append (text, marketing);
  if (n_unknown > 0)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, _("Correct or remove what cannot be filled in before sending:"));
      append_problems (text, subject_problems, FALSE, said);
      append_problems (text, body_problems, FALSE, said);
    }
  /* An empty {business} would read "at  for": it stops the message too. */
  append_problems (text, subject_problems, TRUE, said);
  append_problems (text, body_problems, TRUE, said);
  if (self->no_account && self->refusal == NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (self->kept_for_account)
        g_string_append (text, _("Your message is kept in the Outbox’s drafts. Once e-mail is set up, press Send: it goes as it is."));
      else
        g_string_append (text, _("E-mail is not set up yet: enter the account Clientele sends with, then send."));
    }
  if (self->meant_at != 0 && self->refusal == NULL)
    {
      g_autofree char *meant = dup_meant_text (self->meant_at);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, meant);
    }

  gtk_label_set_text (self->problem_label, text->str);
  gtk_widget_set_visible (self->problem_box, text->len > 0);
  /* The button says what it leads to fix. */
  if (self->no_account)
    gtk_button_set_label (GTK_BUTTON (self->setup_button), _("_Set Up E-mail…"));
  else if (has_empty (body_problems, "signature"))
    gtk_button_set_label (GTK_BUTTON (self->setup_button), _("Write the _Signature…"));
  else
    gtk_button_set_label (GTK_BUTTON (self->setup_button), _("Enter the _Sender’s Name…"));
  gtk_widget_set_visible (self->setup_button, needs_setup && self->refusal == NULL);
  gtk_widget_set_visible (self->business_button, needs_business && self->refusal == NULL);

  if (count_problems (subject_problems, FALSE) + count_problems (subject_problems, TRUE) > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->subject_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->subject_row), "error");
  mark_body_problems (self, body, body_problems);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.send", !blocked && n_unknown + n_empty == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.schedule", !blocked && n_unknown + n_empty == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save-draft", self->refusal == NULL);
}

static void
set_body (CltComposeDialog *self,
          const char       *body)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), body ? body : "", -1);
}

static void
set_baseline (CltComposeDialog *self)
{
  g_free (self->baseline_subject);
  self->baseline_subject = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
  g_free (self->baseline_body);
  self->baseline_body = dup_body (self);
}

/* Whether someone wrote or changed something since it was opened, filled
 * or saved. */
static gboolean
is_changed (CltComposeDialog *self)
{
  g_autofree char *body = dup_body (self);

  return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), self->baseline_subject) != 0 ||
         g_strcmp0 (body, self->baseline_body) != 0;
}

/* Selects the promise's text where the template quoted it: it is what
 * the staff noted for themselves, to be rewritten for the customer. */
static void
select_promise (CltComposeDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  g_autofree char *body = dup_body (self);
  const char *found;
  GtkTextIter start, end;

  if (self->promise_text == NULL || (found = strstr (body, self->promise_text)) == NULL)
    return;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, g_utf8_pointer_to_offset (body, found));
  gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                      g_utf8_pointer_to_offset (body, found + strlen (self->promise_text)));
  gtk_text_buffer_select_range (buffer, &start, &end);
}

/* Fills the subject and body from the template chosen. A placeholder that
 * is unknown, or would come out empty, shows as written, marked. */
static void
render_template (CltComposeDialog *self)
{
  const CltTemplate *tmpl = get_selected_template (self);
  const char *promise = self->values ? g_hash_table_lookup (self->values, "promise") : NULL;
  g_autofree char *subject = NULL;
  g_autofree char *body = NULL;

  if (tmpl == NULL)
    return;

  subject = clt_template_fill (tmpl->subject, self->values);
  body = clt_template_fill (tmpl->body, self->values);

  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject);
  set_body (self, body);
  g_free (self->rendered_body);
  self->rendered_body = dup_body (self);
  self->shown_template = adw_combo_row_get_selected (self->template_row);
  set_baseline (self);

  g_clear_pointer (&self->promise_text, g_free);
  if (!clt_text_is_blank (promise) && strstr (tmpl->body, "{promise}") != NULL)
    {
      self->promise_text = g_strdup (promise);
      select_promise (self);
    }
}

/* The placeholders' values for this customer and the account as it is
 * now: without one, {business} and {signature} are empty. */
static void
load_values (CltComposeDialog *self)
{
  g_autoptr(CltMailAccount) account = clt_store_get_mail_account (self->store, NULL);
  g_autoptr(GError) error = NULL;

  /* The business name alone is not an account to send with. */
  self->no_account = account == NULL || clt_text_is_blank (account->from_address);
  if (account == NULL)
    {
      account = clt_mail_account_new ();
      account->business = clt_store_get_business_name (self->store);
    }

  g_clear_pointer (&self->values, g_hash_table_unref);
  self->values = clt_store_get_template_values (self->store, self->customer_id, self->promise_id,
                                                account, &error);
  if (self->values == NULL)
    {
      g_warning ("No values for the placeholders: %s", error->message);
      self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
}

/* Choosing another template after writing in the message replaces what
 * was written, with Undo, rather than asking first. */
static void
template_selected_cb (CltComposeDialog *self)
{
  g_autofree char *body = NULL;

  if (self->loading)
    return;

  body = dup_body (self);
  if (get_selected_template (self) != NULL && g_strcmp0 (body, self->rendered_body) != 0)
    {
      AdwToast *toast = adw_toast_new (_("The template replaced your text"));

      g_free (self->replaced_subject);
      self->replaced_subject = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
      g_free (self->replaced_body);
      self->replaced_body = g_steal_pointer (&body);
      self->replaced_template = self->shown_template;

      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "dialog.undo-template");
      adw_toast_overlay_add_toast (self->toast_overlay, clt_gui_wrap_toast_title (toast));
    }

  render_template (self);
  clt_compose_dialog_update (self);
}

static void
undo_template_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CltComposeDialog *self = CLT_COMPOSE_DIALOG (widget);
  g_autofree char *body = NULL;

  if (self->replaced_body == NULL)
    return;

  self->loading = TRUE;
  adw_combo_row_set_selected (self->template_row, self->replaced_template);
  self->shown_template = self->replaced_template;
  self->loading = FALSE;

  /* The template's own text is still the reference for "edited". */
  render_template (self);
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), self->replaced_subject);
  body = g_steal_pointer (&self->replaced_body);
  set_body (self, body);
  g_clear_pointer (&self->replaced_subject, g_free);
  clt_compose_dialog_update (self);
}

static void
text_changed_cb (CltComposeDialog *self)
{
  if (!self->loading)
    clt_compose_dialog_update (self);
}

static void
body_changed_cb (CltComposeDialog *self,
                 GtkTextBuffer    *buffer)
{
  if (!self->loading)
    clt_compose_dialog_update (self);
}

/* Fills in what can be filled now (a business name, a signature given
 * meanwhile), keeping what was written around it. */
static void
refill (CltComposeDialog *self)
{
  g_autofree char *body = dup_body (self);
  g_autofree char *filled_body = clt_template_fill (body, self->values);
  g_autofree char *filled_subject = clt_template_fill (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)),
                                                       self->values);
  gboolean unchanged = !is_changed (self);

  self->loading = TRUE;
  if (g_strcmp0 (filled_subject, gtk_editable_get_text (GTK_EDITABLE (self->subject_row))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->subject_row), filled_subject);
  if (g_strcmp0 (filled_body, body) != 0)
    {
      set_body (self, filled_body);
      if (g_strcmp0 (body, self->rendered_body) == 0)
        {
          g_free (self->rendered_body);
          self->rendered_body = g_strdup (filled_body);
        }
      select_promise (self);
    }
  self->loading = FALSE;
  if (unchanged)
    set_baseline (self);
  clt_compose_dialog_update (self);
}

static void
is_active_cb (CltComposeDialog *self)
{
  /* Back from Preferences: what was set there is filled in. */
  if (self->loading || !gtk_window_is_active (GTK_WINDOW (self)))
    return;

  load_values (self);
  refill (self);
}

/* A known placeholder typed into the message is filled in too; a text
 * with only stray braces goes as it is. */
static char *
dup_final_text (CltComposeDialog *self,
                const char       *text)
{
  g_autoptr(GPtrArray) problems = clt_template_check (text);
  char *rendered = NULL;

  if (problems->len == 0)
    rendered = clt_template_render (text, self->values, NULL);

  return rendered != NULL ? rendered : g_strdup (text);
}

static void
show_problem (CltComposeDialog *self,
              const GError     *error)
{
  self->no_account = g_error_matches (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_NO_ACCOUNT);
  gtk_label_set_text (self->problem_label, error->message);
  gtk_widget_set_visible (self->setup_button, self->no_account);
  gtk_widget_set_visible (self->problem_box, TRUE);
  clt_gui_dialog_toast_error (self->toast_overlay, error);
}

static char *
format_day_time (gint64 unix_time)
{
  /* In a toast's sentence: "will be sent Saturday 5 December at 22:30". */
  return clt_when_format_day_time_in_text (unix_time);
}

/* Below this width, a toast's words wrap rather than be cut (the Outbox
 * button beside them takes its room). */
#define NARROW_TOAST_PX 600

/* A toast in @parent with the Outbox button, its @title (plain text)
 * read in full on a phone too. */
static void
add_outbox_toast (GtkWidget  *parent,
                  const char *title)
{
  AdwToast *toast = adw_toast_new ("");
  GtkWidget *label = gtk_label_new (title);
  GtkRoot *root = gtk_widget_get_root (parent);
  int width = gtk_widget_get_width (GTK_WIDGET (root));
  int height;

  /* Under a modal dialog just closed, the window may not say yet. */
  if (width <= 0 && GTK_IS_WINDOW (root))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), width > 0 && width < NARROW_TOAST_PX ? 12 : 60);
  gtk_widget_add_css_class (label, "heading");
  adw_toast_set_custom_title (toast, label);
  adw_toast_set_button_label (toast, _("_Outbox"));
  adw_toast_set_action_name (toast, "win.show-outbox");
  clt_gui_add_toast (parent, toast);
}

typedef struct
{
  CltMailAccount *account;
  CltMail        *mail;
  char           *toast_title;
  CltOutbox      *outbox;       /* told once the book has the message */
} Queueing;

static void
queueing_free (Queueing *queueing)
{
  clt_mail_account_free (queueing->account);
  clt_mail_free (queueing->mail);
  g_free (queueing->toast_title);
  g_clear_object (&queueing->outbox);
  g_free (queueing);
}

static gboolean
queue_write (CltStore  *store,
             gpointer   data,
             GError   **error)
{
  Queueing *queueing = data;

  return clt_store_queue_mail (store, queueing->account, queueing->mail, error);
}

static void
queued_cb (GtkWidget    *widget,
           const GError *error,
           gpointer      data)
{
  CltComposeDialog *self = CLT_COMPOSE_DIALOG (widget);
  Queueing *queueing = data;
  GtkWindow *parent;

  if (error != NULL)
    {
      show_problem (self, error);
      return;
    }

  self->finished = TRUE;
  if (queueing->outbox != NULL)
    clt_outbox_written (queueing->outbox);

  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    add_outbox_toast (GTK_WIDGET (parent), queueing->toast_title);
}

/* The message as it stands, to queue or keep as a draft. */
static CltMail *
build_mail (CltComposeDialog *self,
            CltMailState      state,
            gint64            scheduled_at)
{
  CltMail *mail = g_new0 (CltMail, 1);
  g_autofree char *body = dup_body (self);
  const CltTemplate *tmpl = get_selected_template (self);

  mail->id = self->mail_id;
  mail->customer_id = self->customer_id;
  mail->customer_name = g_strdup (get_customer_name (self));
  mail->to_name = self->customer ? g_strdup (clt_customer_get_display_name (self->customer)) : NULL;
  mail->to_address = g_strdup (get_selected_address (self));
  /* A draft keeps its gaps ({business}) to be filled when it goes. */
  if (state == CLT_MAIL_DRAFT)
    {
      mail->subject = clt_template_fill (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), self->values);
      mail->body = clt_template_fill (body, self->values);
    }
  else
    {
      mail->subject = dup_final_text (self, gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
      mail->body = dup_final_text (self, body);
    }
  mail->template_name = tmpl ? g_strdup (tmpl->name) : NULL;
  mail->marketing = tmpl ? tmpl->marketing : FALSE;
  mail->state = state;
  /* A draft remembers when it was meant to go; only a click sends it. */
  if (state == CLT_MAIL_DRAFT && scheduled_at == 0)
    scheduled_at = self->meant_at;
  mail->scheduled_at = scheduled_at;

  return mail;
}

static Queueing *
queueing_new (CltComposeDialog *self,
              CltMailAccount   *account,
              CltMail          *mail,
              char             *toast_title)
{
  Queueing *queueing = g_new0 (Queueing, 1);

  queueing->account = account;
  queueing->mail = mail;
  queueing->toast_title = toast_title;
  queueing->outbox = self->outbox != NULL ? g_object_ref (self->outbox) : NULL;

  return queueing;
}

/* Sent with no account to send with: the message is kept as a draft,
 * and Preferences open where the account is set up. The dialog stays,
 * its card saying so once (no toast repeating it); with the account set,
 * Send sends this same draft. */
static void
kept_for_account_cb (GtkWidget    *widget,
                     const GError *error,
                     gpointer      data)
{
  CltComposeDialog *self = CLT_COMPOSE_DIALOG (widget);
  Queueing *queueing = data;

  if (queueing->outbox != NULL)
    clt_outbox_written (queueing->outbox);
  self->mail_id = queueing->mail->id;
  self->kept_for_account = TRUE;
  self->meant_at = queueing->mail->scheduled_at;
  set_baseline (self);
  clt_compose_dialog_update (self);
  gtk_widget_activate_action (widget, "app.preferences-page", "s", "mail");
}

static void
keep_for_account (CltComposeDialog *self,
                  gint64            scheduled_at)
{
  clt_write_run (self->store, GTK_WIDGET (self), _("The message was not kept as a draft."),
                 queue_write, kept_for_account_cb,
                 queueing_new (self, NULL, build_mail (self, CLT_MAIL_DRAFT, scheduled_at), NULL),
                 (GDestroyNotify) queueing_free);
}

/* Queues the message (or saves it as a draft), says so in the parent
 * window, and closes. On a refusal the dialog stays, saying why. */
static void
clt_compose_dialog_queue (CltComposeDialog *self,
                          CltMailState      state,
                          gint64            scheduled_at)
{
  g_autoptr(CltMailAccount) account = NULL;
  g_autoptr(CltMail) mail = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *title = NULL;

  account = clt_store_get_mail_account (self->store, &error);
  if (error != NULL)
    {
      show_problem (self, error);
      return;
    }
  if (state != CLT_MAIL_DRAFT && (account == NULL || clt_text_is_blank (account->from_address)))
    {
      keep_for_account (self, scheduled_at);
      return;
    }

  mail = build_mail (self, state, scheduled_at);

  /* The toast's title is a plain label. */
  escaped = g_strdup (get_customer_name (self));
  if (state == CLT_MAIL_DRAFT)
    /* Translators: a toast; %s is the customer's name. */
    title = g_strdup_printf (_("Draft to %s saved in the Outbox"), escaped);
  else if (scheduled_at != 0)
    {
      g_autofree char *when = format_day_time (scheduled_at);

      /* Translators: a toast; the customer's name, then a day and time. */
      title = g_strdup_printf (_("Message to %s will be sent %s"), escaped, when);
    }
  else
    /* Translators: a toast; %s is the customer's name. */
    title = g_strdup_printf (_("Message to %s queued"), escaped);

  clt_write_save_dialog (self->store, GTK_WINDOW (self), NULL, queue_write, queued_cb,
                         queueing_new (self, g_steal_pointer (&account), g_steal_pointer (&mail),
                                       g_steal_pointer (&title)),
                         (GDestroyNotify) queueing_free);
}

static void
promise_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CltComposeDialog *self)
{
  if (g_str_equal (response, "send"))
    {
      clt_compose_dialog_queue (self, CLT_MAIL_QUEUED, self->asked_when);
      return;
    }

  select_promise (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->body_view));
}

/* The promise's text is the staff's own note: sent word for word only
 * when someone says so, and asked once. */
static gboolean
ask_about_promise (CltComposeDialog *self)
{
  g_autofree char *body = dup_body (self);
  g_autofree char *quoted = NULL;
  AdwMessageDialog *dialog;

  if (self->promise_text == NULL || self->promise_asked || strstr (body, self->promise_text) == NULL)
    return FALSE;

  self->promise_asked = TRUE;
  /* Translators: the staff's note about a promise, quoted; keep the quotes of your language. */
  quoted = g_strdup_printf (_("“%s” is the note written for the team. The customer will read it word for word."),
                            self->promise_text);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Send the Note as It Was Written?"),
                                                       quoted));
  adw_message_dialog_add_responses (dialog,
                                    "rewrite", _("_Rewrite It"),
                                    "send", _("_Send As Is"),
                                    NULL);
  adw_message_dialog_set_default_response (dialog, "rewrite");
  adw_message_dialog_set_close_response (dialog, "rewrite");
  g_signal_connect_object (dialog, "response", G_CALLBACK (promise_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltComposeDialog *self = CLT_COMPOSE_DIALOG (widget);

  self->asked_when = 0;
  if (ask_about_promise (self))
    return;

  clt_compose_dialog_queue (self, CLT_MAIL_QUEUED, 0);
}

static void
draft_kept_cb (GtkWidget    *widget,
               const GError *error,
               gpointer      data)
{
  Queueing *queueing = data;

  if (queueing->outbox != NULL)
    clt_outbox_written (queueing->outbox);
  if (widget != NULL)
    add_outbox_toast (widget, _("Draft saved in the Outbox"));
}

/* What was written is kept as a draft, and @parent, if any, says so.
 * Nothing typed is lost. */
static void
keep_draft (CltComposeDialog *self,
            GtkWidget        *parent)
{
  if (self->finished || self->store == NULL || self->refusal != NULL || !is_changed (self))
    return;

  self->finished = TRUE;
  clt_write_run (self->store, parent, _("The draft was not saved."), queue_write,
                 draft_kept_cb, queueing_new (self, NULL, build_mail (self, CLT_MAIL_DRAFT, 0), NULL),
                 (GDestroyNotify) queueing_free);
}

/* Escape, Cancel, the window's close, or the main window's. */
static gboolean
clt_compose_dialog_close_request (GtkWindow *window)
{
  GtkWindow *parent = gtk_window_get_transient_for (window);

  keep_draft (CLT_COMPOSE_DIALOG (window), parent != NULL ? GTK_WIDGET (parent) : NULL);

  return GTK_WINDOW_CLASS (clt_compose_dialog_parent_class)->close_request (window);
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
  CltComposeDialog *self = CLT_COMPOSE_DIALOG (widget);

  load_values (self);
  refill (self);
}

static void
business_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      CltComposeDialog *self)
{
  AdwEntryRow *row = g_object_get_data (G_OBJECT (dialog), "clt-business-row");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (!g_str_equal (response, "save") || *name == '\0')
    return;

  clt_write_run (self->store, GTK_WIDGET (self), _("The business name was not saved."),
                 business_write, business_saved_cb, g_steal_pointer (&name), g_free);
}

static void
business_changed_cb (AdwMessageDialog *dialog,
                     GtkEditable      *editable)
{
  adw_message_dialog_set_response_enabled (dialog, "save",
                                           !clt_text_is_blank (gtk_editable_get_text (editable)));
}

/* The name that {business} stands for, asked for where it is missing. */
static void
ask_business (CltComposeDialog *self)
{
  AdwMessageDialog *dialog;
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_entry_row_new ();

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("What Is the Business Called?"),
                                                       _("Messages to customers use it, as in “Hôtel des Tilleuls thanks you for your visit”. It can be changed later in Preferences, under E-mail.")));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Business name"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  adw_message_dialog_set_extra_child (dialog, list);
  g_object_set_data (G_OBJECT (dialog), "clt-business-row", row);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);

  adw_message_dialog_add_responses (dialog,
                                    "later", _("_Later"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (dialog, "save", FALSE);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "later");
  g_signal_connect_object (row, "changed", G_CALLBACK (business_changed_cb), dialog, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (business_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (row);
}

static void
set_business_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ask_business (CLT_COMPOSE_DIALOG (widget));
}

static gboolean
asked_write (CltStore  *store,
             gpointer   data,
             GError   **error)
{
  return clt_store_set_setting (store, BUSINESS_ASKED_KEY, "1", error);
}

/* The first time anyone writes with no business name, it is asked for;
 * afterwards only the card's button asks. */
static void
ask_business_once (CltComposeDialog *self)
{
  g_autofree char *asked = NULL;

  g_signal_handlers_disconnect_by_func (self, ask_business_once, NULL);
  if (self->refusal != NULL || self->values == NULL ||
      !clt_text_is_blank (g_hash_table_lookup (self->values, "business")))
    return;

  asked = clt_store_get_setting (self->store, BUSINESS_ASKED_KEY, NULL);
  if (asked != NULL)
    return;

  clt_write_run (self->store, NULL, NULL, asked_write, NULL, NULL, NULL);
  ask_business (self);
}

static void
save_draft_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  clt_compose_dialog_queue (CLT_COMPOSE_DIALOG (widget), CLT_MAIL_DRAFT, 0);
}

/* The time typed in the Send Later popover, or 0 with a hint when it is
 * not a time to come. */
static gint64
parse_later (CltComposeDialog *self,
             const char      **problem)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gboolean has_time = FALSE;
  g_autoptr(GDateTime) at = clt_date_row_get_date_time (self->later_row, &has_time);
  gint64 when = 0;

  /* As people write it; a day alone is sent in the morning. */
  if (at != NULL)
    when = clt_schedule_due (tz, g_date_time_get_year (at), g_date_time_get_month (at),
                             g_date_time_get_day_of_month (at),
                             has_time ? g_date_time_get_hour (at) : 9,
                             has_time ? g_date_time_get_minute (at) : 0, FALSE);
  if (when == 0)
    {
      *problem = _("Write a day and a time, for example tomorrow’s date and 09:30.");
      return 0;
    }

  if (when <= g_get_real_time () / G_USEC_PER_SEC)
    {
      *problem = _("This time has already passed: choose one to come, or send now.");
      return 0;
    }

  *problem = NULL;

  return when;
}

static void
schedule_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CltComposeDialog *self = CLT_COMPOSE_DIALOG (widget);
  const char *problem = NULL;
  gint64 when = parse_later (self, &problem);

  gtk_label_set_text (self->later_hint, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->later_hint), problem != NULL);
  if (when == 0)
    return;

  gtk_popover_popdown (self->later_popover);
  self->asked_when = when;
  if (ask_about_promise (self))
    return;
  clt_compose_dialog_queue (self, CLT_MAIL_QUEUED, when);
}

static void
later_activate_cb (CltComposeDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dialog.schedule", NULL);
}

static void
later_changed_cb (CltComposeDialog *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->later_hint), FALSE);
}

/* Templates in the customer's language, the one for the occasion first,
 * and "No Template" for a message written from nothing. */
static void
load_templates (CltComposeDialog *self,
                const char       *language)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_template_free);

  all = clt_store_list_templates (self->store, &error);
  if (all == NULL)
    {
      g_warning ("Could not list the templates: %s", error->message);
    }
  else
    {
      for (guint i = 0; i < all->len; i++)
        {
          CltTemplate *tmpl = g_ptr_array_index (all, i);

          if (g_strcmp0 (tmpl->language, language) != 0)
            continue;

          if (g_strcmp0 (tmpl->name, self->template_name) == 0)
            g_ptr_array_insert (self->templates, 0, clt_template_copy (tmpl));
          else
            g_ptr_array_add (self->templates, clt_template_copy (tmpl));
        }
    }

  for (guint i = 0; i < self->templates->len; i++)
    gtk_string_list_append (titles, ((CltTemplate *) g_ptr_array_index (self->templates, i))->title);
  gtk_string_list_append (titles, _("No Template"));

  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (titles));
}

static void
load_addresses (CltComposeDialog *self)
{
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  g_autoptr(GError) error = NULL;

  self->addresses = g_ptr_array_new_with_free_func (g_free);

  contacts = clt_store_list_contacts (self->store, self->customer_id, &error);
  if (contacts == NULL)
    g_warning ("Could not list the addresses: %s", error->message);

  for (guint i = 0; contacts != NULL && i < contacts->len; i++)
    {
      const CltContact *contact = g_ptr_array_index (contacts, i);

      if (contact->kind == CLT_CONTACT_EMAIL)
        {
          g_ptr_array_add (self->addresses, g_strdup (contact->value));
          gtk_string_list_append (list, contact->value);
        }
    }

  adw_combo_row_set_model (self->to_combo, G_LIST_MODEL (list));
  gtk_widget_set_visible (GTK_WIDGET (self->to_combo), self->addresses->len > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), self->addresses->len <= 1);
  adw_action_row_set_subtitle (self->to_row,
                               self->addresses->len > 0 ? g_ptr_array_index (self->addresses, 0)
                                                        : _("No e-mail address"));
}

/* Without an occasion given, the last contact is the likely one. */
static const char *
guess_template (CltRemember *remember)
{
  if (remember == NULL || remember->last_contact == 0)
    return "thank-you-visit";

  switch (remember->last_kind)
    {
    case CLT_INTERACTION_STAY:
      return "thank-you-stay";
    case CLT_INTERACTION_COMPLAINT:
      return "apology";
    case CLT_INTERACTION_VISIT:
    case CLT_INTERACTION_CALL:
    case CLT_INTERACTION_EMAIL_IN:
    case CLT_INTERACTION_EMAIL_OUT:
    case CLT_INTERACTION_PURCHASE:
    case CLT_INTERACTION_OTHER:
    default:
      return "thank-you-visit";
    }
}

static void
clt_compose_dialog_load (CltComposeDialog *self)
{
  g_autoptr(CltRemember) remember = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *language = NULL;
  g_autofree char *address = NULL;
  g_autofree char *name = NULL;

  self->customer = clt_store_get_customer (self->store, self->customer_id, &error);
  if (self->customer == NULL)
    {
      self->refusal = g_strdup (error->message);
      return;
    }
  /* Named in the window's title for the window list and screen readers;
   * the header leaves it out, since the name heads the card just below
   * and would be cut short at 360 px. */
  name = clt_long_text_shorten (clt_customer_get_display_name (self->customer), TITLE_CHARS, 1);
  {
    g_autofree char *title = NULL;

    /* Translators: the compose window's title for the window list: the customer's name. */
    title = g_strdup_printf (_("E-mail to %s"), name);
    gtk_window_set_title (GTK_WINDOW (self), title);
  }

  remember = clt_store_get_remember_bounded (self->store, self->customer_id,
                                             g_get_real_time () / G_USEC_PER_SEC,
                                             CLT_REMEMBER_VIEW_LIMIT, NULL);
  if (remember != NULL)
    {
      clt_remember_view_set_remember (self->remember_view, remember);
      clt_remember_view_set_remember (self->alerts_view, remember);
    }
  gtk_widget_set_visible (self->remember_column, remember != NULL);
  self->has_remember = remember != NULL;
  if (self->template_name == NULL && self->mail_id == 0)
    self->template_name = g_strdup (guess_template (remember));

  /* "No e-mail", or no address: said before anything is written. */
  if (!clt_store_can_mail (self->store, self->customer_id, FALSE, &address, &error))
    {
      self->refusal = g_strdup (error->message);
      g_clear_error (&error);
    }

  load_addresses (self);
  load_values (self);

  language = clt_store_get_mail_language (self->store, self->customer_id, NULL);
  load_templates (self, language ? language : "en");
}

static void
load_mail (CltComposeDialog *self,
           const CltMail    *mail)
{
  guint n_templates = self->templates->len;
  guint template_index = n_templates;

  for (guint i = 0; i < n_templates; i++)
    if (g_strcmp0 (((CltTemplate *) g_ptr_array_index (self->templates, i))->name, mail->template_name) == 0)
      template_index = i;

  g_autofree char *subject = clt_template_fill (mail->subject ? mail->subject : "", self->values);
  g_autofree char *body = clt_template_fill (mail->body ? mail->body : "", self->values);

  adw_combo_row_set_selected (self->template_row, template_index);
  /* A gap kept in a draft is filled when it can be now. */
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject);
  set_body (self, body);
  clt_compose_dialog_select_address (self, mail->to_address);
}

static void
clt_compose_dialog_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  CltComposeDialog *self = CLT_COMPOSE_DIALOG (widget);
  GtkOrientation orientation = width >= SIDE_BY_SIDE_WIDTH ? GTK_ORIENTATION_HORIZONTAL
                                                            : GTK_ORIENTATION_VERTICAL;

  /* Beside the message when there is room. Narrow, the name and the
   * alerts above it, read before writing, and the rest of the card below
   * it: the message starts on the first screen (review finding 25). */
  if (!self->laid_out || gtk_orientable_get_orientation (GTK_ORIENTABLE (self->layout_box)) != orientation)
    {
      gboolean narrow = orientation == GTK_ORIENTATION_VERTICAL;

      self->laid_out = TRUE;
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->layout_box), orientation);
      gtk_box_reorder_child_after (self->layout_box, self->remember_column,
                                   narrow ? self->form_column : NULL);
      clt_remember_view_set_parts (self->remember_view, !narrow, TRUE);
      /* Beside the message, the card keeps a readable width however long
       * the lines of the message or of a problem above it. */
      gtk_widget_set_size_request (self->remember_column, narrow ? -1 : REMEMBER_WIDTH, -1);
      gtk_widget_set_visible (GTK_WIDGET (self->alerts_view), narrow && self->has_remember);
    }

  GTK_WIDGET_CLASS (clt_compose_dialog_parent_class)->size_allocate (widget, width, height, baseline);
}

static void
clt_compose_dialog_dispose (GObject *object)
{
  CltComposeDialog *self = CLT_COMPOSE_DIALOG (object);

  /* Destroyed without a close request (its window closed under it, the
   * application quit): what was typed is kept all the same. */
  if (self->subject_row != NULL)
    keep_draft (self, NULL);
  self->finished = TRUE;

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_COMPOSE_DIALOG);
  g_clear_object (&self->store);
  g_clear_object (&self->outbox);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->addresses, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (clt_compose_dialog_parent_class)->dispose (object);
}

static void
clt_compose_dialog_finalize (GObject *object)
{
  CltComposeDialog *self = CLT_COMPOSE_DIALOG (object);

  g_free (self->template_name);
  g_free (self->refusal);
  g_free (self->rendered_body);
  g_free (self->replaced_subject);
  g_free (self->replaced_body);
  g_free (self->baseline_subject);
  g_free (self->baseline_body);
  g_free (self->promise_text);

  G_OBJECT_CLASS (clt_compose_dialog_parent_class)->finalize (object);
}

static void
clt_compose_dialog_class_init (CltComposeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_compose_dialog_dispose;
  object_class->finalize = clt_compose_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = clt_compose_dialog_close_request;
  widget_class->size_allocate = clt_compose_dialog_size_allocate;

  g_type_ensure (CLT_TYPE_REMEMBER_VIEW);
  g_type_ensure (CLT_TYPE_DATE_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-compose-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, layout_box);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, remember_column);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, remember_view);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, alerts_view);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, form_column);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, problem_box);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, setup_button);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, business_button);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, send_button);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, to_combo);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, template_row);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, body_view);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, later_row);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, later_hint);
  gtk_widget_class_bind_template_child (widget_class, CltComposeDialog, later_popover);
  gtk_widget_class_bind_template_callback (widget_class, template_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, later_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, later_changed_cb);

  gtk_widget_class_install_action (widget_class, "dialog.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "dialog.schedule", NULL, schedule_action);
  gtk_widget_class_install_action (widget_class, "dialog.save-draft", NULL, save_draft_action);
  gtk_widget_class_install_action (widget_class, "dialog.undo-template", NULL, undo_template_action);
  gtk_widget_class_install_action (widget_class, "dialog.set-business", NULL, set_business_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clt_compose_dialog_init (CltComposeDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) morning = g_date_time_new_local (g_date_time_get_year (tomorrow),
                                                        g_date_time_get_month (tomorrow),
                                                        g_date_time_get_day_of_month (tomorrow), 9, 0, 0);
  GtkTextBuffer *buffer;
  GtkEventController *controller;
  GtkShortcutTrigger *trigger;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The arrow of Send, which libadwaita 1.2 names only with a tooltip. */
  clt_a11y_name_inner (self->send_button, GTK_TYPE_MENU_BUTTON, GTK_ACCESSIBLE_ROLE_BUTTON,
                       _("Send Later…"));
  clt_a11y_name_inner (self->send_button, GTK_TYPE_TOGGLE_BUTTON, GTK_ACCESSIBLE_ROLE_BUTTON,
                       _("Send Later…"));

  buffer = gtk_text_view_get_buffer (self->body_view);
  gtk_text_buffer_create_tag (buffer, "problem",
                              "underline", PANGO_UNDERLINE_ERROR,
                              "weight", PANGO_WEIGHT_BOLD,
                              NULL);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (body_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_cb), NULL);

  /* Tomorrow morning: the usual "send it later". */
  clt_date_row_set_date_time (self->later_row, morning);

  /* Ctrl+Enter sends from the body too, where Enter is a new line. */
  trigger = gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                         gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK));
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (trigger, gtk_named_action_new ("dialog.send")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

static CltComposeDialog *
clt_compose_dialog_create (GtkWindow  *parent,
                           CltStore   *store,
                           gint64      customer_id,
                           const char *template_name,
                           gint64      promise_id,
                           gint64      mail_id)
{
  CltComposeDialog *self = g_object_new (CLT_TYPE_COMPOSE_DIALOG, NULL);

  self->store = g_object_ref (store);
  self->customer_id = customer_id;
  self->promise_id = promise_id;
  self->mail_id = mail_id;
  self->template_name = g_strdup (template_name);

  if (parent != NULL)
    {
      gtk_window_set_transient_for (GTK_WINDOW (self), parent);
      gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
    }

  self->loading = TRUE;
  clt_compose_dialog_load (self);

  return self;
}

/**
 * clt_compose_dialog_new:
 * @parent: (nullable): the window to show the dialog over
 * @store: the customer book
 * @customer_id: whom to write to
 * @template_name: (nullable): the template for the occasion, listed first
 * @promise_id: the promise written about, for `{promise}`, or 0
 *
 * A message to one customer, filled from a template in their language,
 * with what to remember about them beside it.
 *
 * Returns: (transfer floating): a dialog to present
 */
CltComposeDialog *
clt_compose_dialog_new (GtkWindow  *parent,
                        CltStore   *store,
                        gint64      customer_id,
                        const char *template_name,
                        gint64      promise_id)
{
  CltComposeDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);
  g_return_val_if_fail (customer_id > 0, NULL);

  self = clt_compose_dialog_create (parent, store, customer_id, template_name, promise_id, 0);
  if (self->templates != NULL)
    {
      adw_combo_row_set_selected (self->template_row, 0);
      render_template (self);
    }
  self->loading = FALSE;
  set_baseline (self);
  clt_compose_dialog_update (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->body_view));
  g_signal_connect_after (self, "map", G_CALLBACK (ask_business_once), NULL);

  return self;
}

/**
 * clt_compose_dialog_new_for_mail:
 * @parent: (nullable): the window to show the dialog over
 * @store: the customer book
 * @mail_id: a draft, or a message that failed
 * @error: return location for a #GError
 *
 * Opens the message again as it was written; sending or saving it replaces
 * it in the Outbox.
 *
 * Returns: (transfer floating): a dialog to present, or %NULL when the
 *   message is no longer there
 */
CltComposeDialog *
clt_compose_dialog_new_for_mail (GtkWindow  *parent,
                                 CltStore   *store,
                                 gint64      mail_id,
                                 GError    **error)
{
  g_autoptr(CltMail) mail = NULL;
  CltComposeDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mail = clt_store_get_mail (store, mail_id, error);
  if (mail == NULL)
    return NULL;

  self = clt_compose_dialog_create (parent, store, mail->customer_id, mail->template_name, 0, mail_id);
  if (self->templates != NULL)
    load_mail (self, mail);
  /* A draft kept for want of an account shows when it was meant to go;
   * Send Later offers that time again while it is to come. */
  if (mail->state == CLT_MAIL_DRAFT && mail->scheduled_at > 0)
    {
      g_autoptr(GDateTime) meant = g_date_time_new_from_unix_local (mail->scheduled_at);

      self->meant_at = mail->scheduled_at;
      if (mail->scheduled_at > g_get_real_time () / G_USEC_PER_SEC)
        clt_date_row_set_date_time (self->later_row, meant);
    }
  self->loading = FALSE;
  set_baseline (self);
  clt_compose_dialog_update (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->body_view));

  return self;
}

CltStore *
clt_compose_dialog_get_store (CltComposeDialog *self)
{
  g_return_val_if_fail (CLT_IS_COMPOSE_DIALOG (self), NULL);

  return self->store;
}

gint64
clt_compose_dialog_get_customer_id (CltComposeDialog *self)
{
  g_return_val_if_fail (CLT_IS_COMPOSE_DIALOG (self), 0);

  return self->customer_id;
}

/**
 * clt_compose_dialog_set_outbox:
 * @self: the dialog
 * @outbox: (nullable): the outbox sending @self's book
 *
 * A message queued is handed to @outbox at once.
 */
void
clt_compose_dialog_set_outbox (CltComposeDialog *self,
                               CltOutbox        *outbox)
{
  g_return_if_fail (CLT_IS_COMPOSE_DIALOG (self));
  g_return_if_fail (outbox == NULL || CLT_IS_OUTBOX (outbox));

  g_set_object (&self->outbox, outbox);
}

/**
 * clt_compose_dialog_select_address:
 * @self: the dialog
 * @address: (nullable): one of the customer's addresses
 *
 * Writes to @address rather than to the customer's first address.
 */
void
clt_compose_dialog_select_address (CltComposeDialog *self,
                                   const char       *address)
{
  g_return_if_fail (CLT_IS_COMPOSE_DIALOG (self));

  for (guint i = 0; address != NULL && self->addresses != NULL && i < self->addresses->len; i++)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (self->addresses, i), address) == 0)
        {
          adw_combo_row_set_selected (self->to_combo, i);
          adw_action_row_set_subtitle (self->to_row, address);
          return;
        }
    }
}

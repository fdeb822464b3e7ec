/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-outbox-view"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-gui-util.h"
#include "clt-mail-view-dialog.h"
#include "clt-write.h"

#include "clt-outbox-view.h"

struct _CltOutboxView
{
  AdwBin         parent_instance;

  CltStore      *store;
  CltOutbox     *outbox;
  GCancellable  *cancellable;
  GMenuModel    *menu_model;   /* its popover made when first opened */
  guint          refresh_id;
  guint          n_waiting;
  gboolean       sending;
  CltOutboxStatus *status;   /* its tab's badge, counted again with the view */

  AdwViewSwitcherTitle *switcher_title;
  GtkMenuButton *menu_button;
  GtkStack      *stack;
  GtkStack      *send_now_stack;
  GtkSpinner    *send_now_spinner;
  GtkWidget     *paused_box;
  GtkLabel      *paused_label;
  GtkButton     *paused_button;
  GtkWidget     *uncertain_group;
  GtkListBox    *uncertain_list;
  GtkWidget     *failed_group;
  GtkListBox    *failed_list;
  GtkWidget     *waiting_group;
  GtkListBox    *waiting_list;
  GtkWidget     *scheduled_group;
  GtkListBox    *scheduled_list;
  GtkWidget     *drafts_group;
  GtkListBox    *drafts_list;
  GtkWidget     *sent_group;
  GtkListBox    *sent_list;
};

G_DEFINE_FINAL_TYPE (CltOutboxView, clt_outbox_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_VIEW_STACK,
  PROP_MENU_MODEL,
  PROP_TITLE_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_error (CltOutboxView *self,
            const GError  *error)
{
  g_autofree char *title = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  clt_gui_add_toast (GTK_WIDGET (self), toast);
}

static void
remove_rows (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* "14:32" today, "Tuesday 3 March, 14:32" on another day. */
static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    /* Translators: a time of today, see the strftime manual page. */
    return g_date_time_format (when, _("%H:%M"));

  if (g_date_time_get_year (when) == g_date_time_get_year (now))
    /* Translators: a day and time in this year, see the strftime manual page. */
    return g_date_time_format (when, _("%A %-d %B, %H:%M"));

  /* Translators: a day and time in another year, see the strftime manual page. */
  return g_date_time_format (when, _("%-d %B %Y, %H:%M"));
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *label,
                 const char *action_name,
                 gint64      mail_id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (mail_id));

  return button;
}

/* Whom to, then the subject and what is happening to it. */
static GtkWidget *
new_mail_row (const CltMail *mail,
              const char    *status)
{
  GtkWidget *row = adw_action_row_new ();
  const char *name = !clt_text_is_blank (mail->customer_name) ? mail->customer_name : mail->to_address;
  g_autofree char *subtitle = NULL;

  if (!clt_text_is_blank (status))
    /* Translators: a message's subject, then what is happening to it, on two lines. */
    subtitle = g_strdup_printf (_("%s\n%s"), mail->subject ? mail->subject : "", status);
  else
    subtitle = g_strdup (mail->subject ? mail->subject : "");

  /* Customer text is plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : "");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (row, "outbox-row");

  return row;
}

/* A message the server answered: what to do about it in words, the
 * server's own reply behind an expander, for whoever helps with the
 * account. @status goes first, when there is one. */
static GtkWidget *
new_replied_row (const CltMail *mail,
                 const char    *status,
                 const char    *explained)
{
  const char *name = !clt_text_is_blank (mail->customer_name) ? mail->customer_name : mail->to_address;
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *reply = adw_action_row_new ();
  g_autoptr(GString) subtitle = g_string_new (mail->subject ? mail->subject : "");

  if (!clt_text_is_blank (status))
    g_string_append_printf (subtitle, "\n%s", status);
  if (!clt_text_is_blank (explained))
    g_string_append_printf (subtitle, "\n%s", explained);

  /* Customer text and the server's words are plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name ? name : "");
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle->str);
  gtk_widget_add_css_class (row, "outbox-row");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (reply), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reply), _("The server’s reply"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (reply), mail->last_reply);
  gtk_widget_add_css_class (reply, "property");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), reply);

  return row;
}

static GtkWidget *
new_failed_row (const CltMail *mail)
{
  g_autofree char *explained = clt_mail_explain_reply (mail->last_reply, 0);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  GtkWidget *buttons[3];
  GtkWidget *row;

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Not sent"),
                                  -1);
  gtk_widget_add_css_class (icon, "error");

  buttons[0] = new_icon_button ("view-refresh-symbolic", _("Retry"), "outbox.retry", mail->id);
  buttons[1] = new_icon_button ("document-edit-symbolic", _("Edit…"), "win.edit-mail", mail->id);
  buttons[2] = new_icon_button ("user-trash-symbolic", _("Delete…"), "outbox.delete", mail->id);

  if (explained != NULL)
    {
      row = new_replied_row (mail, NULL, explained);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
      /* Each action goes before the previous one. */
      for (guint i = G_N_ELEMENTS (buttons); i-- > 0;)
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row), buttons[i]);
      return row;
    }

  row = new_mail_row (mail, !clt_text_is_blank (mail->last_reply) ? mail->last_reply
                                                                   : _("The server refused this message."));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), buttons[i]);

  return row;
}

static GtkWidget *
new_text_button (const char *label,
                 const char *tooltip,
                 const char *action_name,
                 gint64      mail_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (mail_id));

  return button;
}

static GtkWidget *
new_wrapped_label (const char *text,
                   const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* Cut off after the server began to receive it: a person decides. The
 * buttons go under the words, so that both fit a phone's width. */
static GtkWidget *
new_uncertain_row (const CltMail *mail)
{
  const char *name = !clt_text_is_blank (mail->customer_name) ? mail->customer_name : mail->to_address;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *words = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, clt_mail_state_label (mail->state),
                                  -1);
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (header), icon);

  /* Customer text is plain text, never markup. */
  gtk_box_append (GTK_BOX (words), new_wrapped_label (name ? name : "", NULL));
  gtk_box_append (GTK_BOX (words), new_wrapped_label (mail->subject ? mail->subject : "", "dim-label"));
  gtk_box_append (GTK_BOX (words), new_wrapped_label (clt_mail_state_label (mail->state), "warning"));
  if (!clt_text_is_blank (mail->last_reply))
    gtk_box_append (GTK_BOX (words), new_wrapped_label (mail->last_reply, "dim-label"));
  for (GtkWidget *child = gtk_widget_get_first_child (words); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != gtk_widget_get_first_child (words))
      gtk_widget_add_css_class (child, "caption");
  gtk_widget_set_hexpand (words, TRUE);
  gtk_box_append (GTK_BOX (header), words);
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons),
                  new_text_button (_("Mark as _Sent"),
                                   _("The customer got it: take it as sent, without sending it again"),
                                   "outbox.mark-sent", mail->id));
  gtk_box_append (GTK_BOX (buttons),
                  new_text_button (_("Send _Again"),
                                   _("Send it again, as the same message: a mail program that got "
                                     "both shows it once"),
                                   "outbox.send-again", mail->id));
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_add_css_class (row, "outbox-row");

  return row;
}

static GtkWidget *
new_waiting_row (const CltMail *mail,
                 gint64         now)
{
  g_autoptr(GString) status = g_string_new (clt_mail_state_label (mail->state));
  g_autofree char *explained = clt_mail_explain_reply (mail->last_reply,
                                                       mail->state == CLT_MAIL_QUEUED ? mail->next_try_at : 0);
  GtkWidget *row;

  /* The explanation says when it is tried again. */
  if (mail->state == CLT_MAIL_QUEUED && mail->next_try_at > now && explained == NULL)
    {
      g_autofree char *when = format_time (mail->next_try_at);

      g_string_append (status, " · ");
      /* Translators: when a message that could not go yet is tried again. */
      g_string_append_printf (status, _("Will try again at %s"), when);
    }

  if (mail->attempts > 0)
    {
      g_string_append (status, " · ");
      g_string_append_printf (status,
                              g_dngettext (GETTEXT_PACKAGE, "%u attempt", "%u attempts", mail->attempts),
                              mail->attempts);
    }

  if (explained != NULL)
    {
      row = new_replied_row (mail, status->str, explained);
      if (mail->state == CLT_MAIL_QUEUED)
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row),
                                     new_icon_button ("user-trash-symbolic", _("Delete…"), "outbox.delete", mail->id));
      return row;
    }

  if (!clt_text_is_blank (mail->last_reply))
    g_string_append_printf (status, "\n%s", mail->last_reply);

  row = new_mail_row (mail, status->str);
  /* One being sent, or whose sending was cut off, is past taking back. */
  if (mail->state == CLT_MAIL_QUEUED)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               new_icon_button ("user-trash-symbolic", _("Delete…"), "outbox.delete", mail->id));

  return row;
}

static GtkWidget *
new_scheduled_row (const CltMail *mail)
{
  g_autofree char *when = format_time (mail->scheduled_at);
  /* Translators: when a scheduled message goes. */
  g_autofree char *status = g_strdup_printf (_("To be sent %s"), when);
  GtkWidget *row = new_mail_row (mail, status);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_icon_button ("user-trash-symbolic", _("Delete…"), "outbox.delete", mail->id));

  return row;
}

static GtkWidget *
new_draft_row (const CltMail *mail,
               gboolean       can_send)
{
  g_autofree char *when = format_time (mail->created_at);
  /* Translators: when a draft was saved. */
  g_autofree char *status = g_strdup_printf (_("Saved %s"), when);
  GtkWidget *row;

  /* Kept with the time it was meant to go: nothing goes without a click. */
  if (mail->scheduled_at > 0)
    {
      g_autofree char *meant = format_time (mail->scheduled_at);
      g_autofree char *saved = g_steal_pointer (&status);

      /* Translators: when a draft was saved, then when it was meant to go. */
      status = g_strdup_printf (_("%s · meant to go %s"), saved, meant);
    }
  row = new_mail_row (mail, status);

  /* Kept for want of an account: once there is one, one click sends it. */
  if (can_send)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                               new_icon_button ("mail-send-symbolic", _("Send"), "outbox.send-draft", mail->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_icon_button ("document-edit-symbolic", _("Edit…"), "win.edit-mail", mail->id));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_icon_button ("user-trash-symbolic", _("Delete…"), "outbox.delete", mail->id));

  return row;
}

/* Opens to show what was sent, read-only. */
static GtkWidget *
new_sent_row (const CltMail *mail)
{
  g_autofree char *when = format_time (mail->sent_at);
  /* Translators: when a message was sent. */
  g_autofree char *status = g_strdup_printf (_("Sent %s"), when);
  GtkWidget *row = new_mail_row (mail, status);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "outbox.view");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (mail->id));

  return row;
}

/* Fills @list with one kind of message; returns how many, or -1 after a
 * warning. */
static int
fill_list (CltOutboxView   *self,
           CltOutboxFilter  filter,
           GtkListBox      *list,
           GtkWidget       *group,
           gint64           now)
{
  g_autoptr(GPtrArray) mails = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CltMailAccount) account = NULL;
  gboolean can_send = FALSE;

  remove_rows (list);

  if (filter == CLT_OUTBOX_DRAFTS)
    {
      account = clt_store_get_mail_account (self->store, NULL);
      can_send = account != NULL && !clt_text_is_blank (account->from_address);
    }

  mails = clt_store_list_mail (self->store, filter, now, &error);
  if (mails == NULL)
    {
      g_warning ("Could not list the outbox: %s", error->message);
      gtk_widget_set_visible (group, FALSE);
      return -1;
    }

  for (guint i = 0; i < mails->len; i++)
    {
      const CltMail *mail = g_ptr_array_index (mails, i);
      GtkWidget *row;

      switch (filter)
        {
        case CLT_OUTBOX_FAILED:
          row = new_failed_row (mail);
          break;
        case CLT_OUTBOX_UNCERTAIN:
          row = new_uncertain_row (mail);
          break;
        case CLT_OUTBOX_WAITING:
          row = new_waiting_row (mail, now);
          break;
        case CLT_OUTBOX_SCHEDULED:
          row = new_scheduled_row (mail);
          break;
        case CLT_OUTBOX_DRAFTS:
          row = new_draft_row (mail, can_send);
          break;
        case CLT_OUTBOX_SENT:
        case CLT_OUTBOX_ALL:
        default:
          row = new_sent_row (mail);
          break;
        }
      gtk_list_box_append (list, row);
    }

  gtk_widget_set_visible (group, mails->len > 0);

  return mails->len;
}

static void
clt_outbox_view_update_actions (CltOutboxView *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.send-now",
                                 self->outbox != NULL && !self->sending && self->n_waiting > 0);
}

static gboolean
refresh_cb (gpointer user_data)
{
  CltOutboxView *self = user_data;

  self->refresh_id = 0;
  clt_outbox_view_reload (self);

  return G_SOURCE_REMOVE;
}

static void
queue_refresh (CltOutboxView *self)
{
  /* One send changes a message several times: refresh once. */
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
}

static void
changed_cb (CltOutboxView *self)
{
  queue_refresh (self);
}

static void
send_all_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CltOutboxView) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean sent = clt_outbox_send_all_finish (CLT_OUTBOX (source), result, &error);

  self->sending = FALSE;

  /* The window closed meanwhile: nothing left to show it in. */
  if (self->send_now_spinner == NULL)
    return;

  gtk_spinner_stop (self->send_now_spinner);
  gtk_stack_set_visible_child_name (self->send_now_stack, "label");
  clt_outbox_view_update_actions (self);
  clt_outbox_view_reload (self);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, CLT_MAIL_ERROR, CLT_MAIL_ERROR_CANCELLED))
    return;

  if (!sent)
    show_error (self, error);
  else
    clt_gui_add_toast (GTK_WIDGET (self), adw_toast_new (_("Every waiting message was sent")));
}

static void
send_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CltOutboxView *self = CLT_OUTBOX_VIEW (widget);

  if (self->outbox == NULL || self->sending)
    return;

  self->sending = TRUE;
  gtk_stack_set_visible_child_name (self->send_now_stack, "busy");
  gtk_spinner_start (self->send_now_spinner);
  clt_outbox_view_update_actions (self);

  clt_outbox_send_all_async (self->outbox, self->cancellable, send_all_cb, g_object_ref (self));
}

/* What a person asked of one message, made without waiting on the main
 * thread for another program writing to the book (see clt-write.c). */
typedef enum
{
  MAIL_RETRY,
  MAIL_SEND_AGAIN,
  MAIL_MARK_SENT,
  MAIL_DELETE,
  MAIL_SEND_DRAFT,
} MailChangeKind;

typedef struct
{
  MailChangeKind kind;
  gint64         mail_id;
  gint64         now;
} MailChange;

static void
render_draft_text (char **text)
{
  g_autoptr(GPtrArray) problems = NULL;
  char *rendered;

  if (*text == NULL)
    return;

  problems = clt_template_check (*text);
  if (problems->len > 0 || (rendered = clt_template_render (*text, NULL, NULL)) == NULL)
    return;

  g_free (*text);
  *text = rendered;
}

/* A draft sent as it was written, with the account as it is now. */
static gboolean
send_draft (CltStore  *store,
            gint64     mail_id,
            GError   **error)
{
  g_autoptr(CltMail) mail = clt_store_get_mail (store, mail_id, error);
  g_autoptr(CltMailAccount) account = NULL;

  if (mail == NULL)
    return FALSE;

  /* Kept as template text ("{{" for a brace): rendered as it goes. */
  render_draft_text (&mail->subject);
  render_draft_text (&mail->body);

  account = clt_store_get_mail_account (store, error);
  mail->state = CLT_MAIL_QUEUED;
  mail->scheduled_at = 0;

  return clt_store_queue_mail (store, account, mail, error);
}

static gboolean
mail_change_write (CltStore  *store,
                   gpointer   data,
                   GError   **error)
{
  MailChange *change = data;

  switch (change->kind)
    {
    case MAIL_RETRY:
      return clt_store_retry_mail (store, change->mail_id, error);
    case MAIL_SEND_AGAIN:
      return clt_store_send_mail_again (store, change->mail_id, error);
    case MAIL_MARK_SENT:
      return clt_store_mark_mail_sent (store, change->mail_id, change->now, error);
    case MAIL_SEND_DRAFT:
      return send_draft (store, change->mail_id, error);
    case MAIL_DELETE:
    default:
      return clt_store_delete_mail (store, change->mail_id, error);
    }
}

static void
mail_changed_cb (GtkWidget    *widget,
                 const GError *error,
                 gpointer      data)
{
  CltOutboxView *self = CLT_OUTBOX_VIEW (widget);
  MailChange *change = data;

  if ((change->kind == MAIL_RETRY || change->kind == MAIL_SEND_AGAIN || change->kind == MAIL_SEND_DRAFT) &&
      self->outbox != NULL)
    clt_outbox_kick (self->outbox);
  clt_outbox_view_reload (self);
}

static void
change_mail (CltOutboxView  *self,
             MailChangeKind  kind,
             gint64          mail_id)
{
  MailChange *change;
  const char *failure;

  if (self->store == NULL)
    return;

  change = g_new0 (MailChange, 1);
  change->kind = kind;
  change->mail_id = mail_id;
  change->now = g_get_real_time () / G_USEC_PER_SEC;
  switch (kind)
    {
    case MAIL_RETRY:
      failure = _("The message was not put back in the queue.");
      break;
    case MAIL_SEND_AGAIN:
      failure = _("The message was not sent again.");
      break;
    case MAIL_MARK_SENT:
      failure = _("The message was not marked as sent.");
      break;
    case MAIL_SEND_DRAFT:
      failure = _("The draft was not sent.");
      break;
    case MAIL_DELETE:
    default:
      failure = _("The message was not deleted.");
      break;
    }
  clt_write_run (self->store, GTK_WIDGET (self), failure, mail_change_write, mail_changed_cb,
                 change, g_free);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  change_mail (CLT_OUTBOX_VIEW (widget), MAIL_RETRY, g_variant_get_int64 (parameter));
}

/* A person's decision about a message that may have been sent. */
static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  change_mail (CLT_OUTBOX_VIEW (widget),
               g_str_equal (action_name, "outbox.send-again") ? MAIL_SEND_AGAIN : MAIL_MARK_SENT,
               g_variant_get_int64 (parameter));
}

static gboolean
has_placeholders (const char *text)
{
  g_autoptr(GPtrArray) problems = clt_template_check_values (text != NULL ? text : "", NULL);

  for (guint i = 0; i < problems->len; i++)
    if (((CltTemplateProblem *) g_ptr_array_index (problems, i))->name != NULL)
      return TRUE;

  return FALSE;
}

/* A draft with a gap still in it ({business}…) opens to be completed. */
static void
send_draft_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CltOutboxView *self = CLT_OUTBOX_VIEW (widget);
  gint64 mail_id = g_variant_get_int64 (parameter);
  g_autoptr(CltMail) mail = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  mail = clt_store_get_mail (self->store, mail_id, &error);
  if (mail == NULL)
    {
      show_error (self, error);
      return;
    }

  if (has_placeholders (mail->subject) || has_placeholders (mail->body))
    gtk_widget_activate_action (widget, "win.edit-mail", "x", mail_id);
  else
    change_mail (self, MAIL_SEND_DRAFT, mail_id);
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltOutboxView *self = CLT_OUTBOX_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GError) error = NULL;
  CltMailViewDialog *dialog;

  if (self->store == NULL)
    return;

  dialog = clt_mail_view_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                                     g_variant_get_int64 (parameter), &error);
  if (dialog == NULL)
    {
      show_error (self, error);
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    CltOutboxView    *self)
{
  gint64 mail_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (dialog), "mail-id"));

  if (g_strcmp0 (response, "delete") == 0)
    change_mail (self, MAIL_DELETE, mail_id);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CltOutboxView *self = CLT_OUTBOX_VIEW (widget);
  gint64 mail_id = g_variant_get_int64 (parameter);
  g_autoptr(CltMail) mail = NULL;
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->store == NULL)
    return;

  mail = clt_store_get_mail (self->store, mail_id, &error);
  if (mail == NULL)
    {
      show_error (self, error);
      return;
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   mail->state == CLT_MAIL_DRAFT ? _("Delete This Draft?")
                                                                 : _("Delete This Message?"),
                                   NULL);
  /* Translators: the message's subject, then whom it was to. */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("“%s” to %s will not be sent."),
                                  mail->subject ? mail->subject : "",
                                  !clt_text_is_blank (mail->customer_name) ? mail->customer_name
                                                                           : mail->to_address);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "mail-id", GSIZE_TO_POINTER (mail_id));
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
clt_outbox_view_dispose (GObject *object)
{
  CltOutboxView *self = CLT_OUTBOX_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, changed_cb, self);
  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_func (self->outbox, changed_cb, self);
  g_clear_object (&self->store);
  g_clear_object (&self->outbox);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->status);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_OUTBOX_VIEW);
  g_clear_object (&self->menu_model);

  G_OBJECT_CLASS (clt_outbox_view_parent_class)->dispose (object);
}

static void
clt_outbox_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CltOutboxView *self = CLT_OUTBOX_VIEW (object);

  switch (prop_id)
    {


    case PROP_VIEW_STACK:
      g_value_set_object (value, adw_view_switcher_title_get_stack (self->switcher_title));
      break;

    case PROP_MENU_MODEL:
      g_value_set_object (value, self->menu_model);
      break;

    case PROP_TITLE_VISIBLE:
      g_value_set_boolean (value, clt_outbox_view_get_title_visible (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_outbox_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CltOutboxView *self = CLT_OUTBOX_VIEW (object);

  switch (prop_id)
    {
    case PROP_VIEW_STACK:
      adw_view_switcher_title_set_stack (self->switcher_title, g_value_get_object (value));
      break;

    case PROP_MENU_MODEL:
      if (g_set_object (&self->menu_model, g_value_get_object (value)))
        clt_gui_set_lazy_menu (self->menu_button, self->menu_model);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
title_visible_cb (CltOutboxView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_VISIBLE]);
}

static void
clt_outbox_view_class_init (CltOutboxViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_outbox_view_dispose;
  object_class->get_property = clt_outbox_view_get_property;
  object_class->set_property = clt_outbox_view_set_property;

  /**
   * CltOutboxView:view-stack:
   *
   * The window's views, for the switcher in this view's header.
   */
  properties[PROP_VIEW_STACK] =
    g_param_spec_object ("view-stack", NULL, NULL, ADW_TYPE_VIEW_STACK,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * CltOutboxView:menu-model:
   *
   * The window's primary menu, in this view's header.
   */
  properties[PROP_MENU_MODEL] =
    g_param_spec_object ("menu-model", NULL, NULL, G_TYPE_MENU_MODEL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * CltOutboxView:title-visible:
   *
   * Whether the header shows the title because the switcher does not fit
   * there: the window then shows its switcher bar.
   */
  properties[PROP_TITLE_VISIBLE] =
    g_param_spec_boolean ("title-visible", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-outbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, stack);
  gtk_widget_class_bind_template_callback (widget_class, title_visible_cb);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, send_now_stack);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, send_now_spinner);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, paused_box);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, paused_label);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, paused_button);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, uncertain_group);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, uncertain_list);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, failed_group);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, failed_list);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, waiting_group);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, waiting_list);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, scheduled_group);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, scheduled_list);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, drafts_group);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, drafts_list);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, sent_group);
  gtk_widget_class_bind_template_child (widget_class, CltOutboxView, sent_list);

  gtk_widget_class_install_action (widget_class, "outbox.send-now", NULL, send_now_action);
  gtk_widget_class_install_action (widget_class, "outbox.retry", "x", retry_action);
  gtk_widget_class_install_action (widget_class, "outbox.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "outbox.view", "x", view_action);
  gtk_widget_class_install_action (widget_class, "outbox.send-draft", "x", send_draft_action);
  gtk_widget_class_install_action (widget_class, "outbox.send-again", "x", decide_action);
  gtk_widget_class_install_action (widget_class, "outbox.mark-sent", "x", decide_action);
}

static void
clt_outbox_view_init (CltOutboxView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Shown again: as the book is now, whoever wrote to it meanwhile (a
   * draft kept by a closed dialog, the command line). */
  g_signal_connect (self, "map", G_CALLBACK (queue_refresh), NULL);

  self->cancellable = g_cancellable_new ();
  clt_outbox_view_update_actions (self);
}

GtkWidget *
clt_outbox_view_new (void)
{
  return g_object_new (CLT_TYPE_OUTBOX_VIEW, NULL);
}

/**
 * clt_outbox_view_set_store:
 * @self: the view
 * @store: (nullable): the book whose outbox to list
 *
 * Lists @store's messages and follows its changes.
 */
void
clt_outbox_view_set_store (CltOutboxView *self,
                           CltStore      *store)
{
  g_return_if_fail (CLT_IS_OUTBOX_VIEW (self));
  g_return_if_fail (store == NULL || CLT_IS_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, changed_cb, self);
  g_set_object (&self->store, store);
  if (store != NULL)
    g_signal_connect_object (store, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  clt_outbox_view_reload (self);
}

CltStore *
clt_outbox_view_get_store (CltOutboxView *self)
{
  g_return_val_if_fail (CLT_IS_OUTBOX_VIEW (self), NULL);

  return self->store;
}

/**
 * clt_outbox_view_set_outbox:
 * @self: the view
 * @outbox: (nullable): what sends the book's messages
 *
 * Without an outbox the messages are listed, and none is sent from here.
 */
void
clt_outbox_view_set_outbox (CltOutboxView *self,
                            CltOutbox     *outbox)
{
  g_return_if_fail (CLT_IS_OUTBOX_VIEW (self));
  g_return_if_fail (outbox == NULL || CLT_IS_OUTBOX (outbox));

  if (self->outbox == outbox)
    return;

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_func (self->outbox, changed_cb, self);
  g_set_object (&self->outbox, outbox);
  if (outbox != NULL)
    {
      g_signal_connect_object (outbox, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (outbox, "paused", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
    }

  clt_outbox_view_reload (self);
}

CltOutbox *
clt_outbox_view_get_outbox (CltOutboxView *self)
{
  g_return_val_if_fail (CLT_IS_OUTBOX_VIEW (self), NULL);

  return self->outbox;
}

/**
 * clt_outbox_view_reload:
 * @self: the view
 *
 * Lists the messages again, as they are now.
 */
void
clt_outbox_view_reload (CltOutboxView *self)
{
  g_autofree char *paused = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  int n_uncertain, n_failed, n_waiting, n_scheduled, n_drafts, n_sent;

  g_return_if_fail (CLT_IS_OUTBOX_VIEW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  paused = clt_store_get_outbox_paused (self->store);
  if (paused != NULL)
    {
      /* Translators: above the outbox; %s says why sending stopped. */
      g_autofree char *text = g_strdup_printf (_("Sending is paused: %s"), paused);

      gtk_label_set_text (self->paused_label, text);
      /* The password is given again here; anything else about the
       * account is fixed in Preferences (see win.enter-password). */
      if (clt_store_get_outbox_paused_for_password (self->store))
        {
          gtk_button_set_label (self->paused_button, _("_Enter Password…"));
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->paused_button),
                                       _("Give the e-mail account's password again, then sending goes on"));
        }
      else
        {
          gtk_button_set_label (self->paused_button, _("Open _Preferences…"));
          gtk_widget_set_tooltip_text (GTK_WIDGET (self->paused_button),
                                       _("Correct the e-mail account, then sending goes on"));
        }
    }
  gtk_widget_set_visible (self->paused_box, paused != NULL);

  n_uncertain = fill_list (self, CLT_OUTBOX_UNCERTAIN, self->uncertain_list, self->uncertain_group, now);
  n_failed = fill_list (self, CLT_OUTBOX_FAILED, self->failed_list, self->failed_group, now);
  n_waiting = fill_list (self, CLT_OUTBOX_WAITING, self->waiting_list, self->waiting_group, now);
  n_scheduled = fill_list (self, CLT_OUTBOX_SCHEDULED, self->scheduled_list, self->scheduled_group, now);
  n_drafts = fill_list (self, CLT_OUTBOX_DRAFTS, self->drafts_list, self->drafts_group, now);
  n_sent = fill_list (self, CLT_OUTBOX_SENT, self->sent_list, self->sent_group, now);

  gtk_stack_set_visible_child_name (self->stack,
                                    paused != NULL || n_uncertain > 0 || n_failed > 0 || n_waiting > 0 ||
                                    n_scheduled > 0 || n_drafts > 0 || n_sent > 0 ? "list" : "empty");

  self->n_waiting = MAX (n_waiting, 0);
  clt_outbox_view_update_actions (self);
  if (self->status != NULL)
    clt_outbox_status_refresh (self->status);
}

/**
 * clt_outbox_view_set_status:
 * @self: a #CltOutboxView
 * @status: (nullable): the counts of its tab's badge, counted again each
 *   time the view lists the messages again (after a Retry, say)
 */
void
clt_outbox_view_set_status (CltOutboxView   *self,
                            CltOutboxStatus *status)
{
  g_return_if_fail (CLT_IS_OUTBOX_VIEW (self));
  g_return_if_fail (status == NULL || CLT_IS_OUTBOX_STATUS (status));

  g_set_object (&self->status, status);
}

/**
 * clt_outbox_view_get_title_visible:
 * @self: a #CltOutboxView
 *
 * Returns: whether the header shows the view's title, the switcher not
 *   fitting there
 */
gboolean
clt_outbox_view_get_title_visible (CltOutboxView *self)
{
  g_return_val_if_fail (CLT_IS_OUTBOX_VIEW (self), FALSE);

  return adw_view_switcher_title_get_title_visible (self->switcher_title);
}

/**
 * clt_outbox_view_set_view_stack:
 * @self: a #CltOutboxView
 * @stack: (nullable): the window's views, for the switcher in this view's
 *   header, or %NULL while the view is not shown
 */
void
clt_outbox_view_set_view_stack (CltOutboxView *self,
                                AdwViewStack  *stack)
{
  g_return_if_fail (CLT_IS_OUTBOX_VIEW (self));

  g_object_set (self, "view-stack", stack, NULL);
}

AdwViewStack *
clt_outbox_view_get_view_stack (CltOutboxView *self)
{
  g_return_val_if_fail (CLT_IS_OUTBOX_VIEW (self), NULL);

  return adw_view_switcher_title_get_stack (self->switcher_title);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-remember-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "clt-gui-util.h"
#include "clt-long-text.h"
#include "clt-preference-dialog.h"
#include "clt-remember-view.h"

/* A card is read at a glance: a few items of each kind, and their
 * beginnings, however many and long the customer's are. */
#define ITEM_CHARS 300
#define ITEM_LINES 6
#define NAME_CHARS 200

struct _CltRememberView
{
  GtkWidget   parent_instance;

  GtkLabel   *name_label;
  GtkBox     *alerts_box;
  GtkWidget  *promises_group;
  GtkListBox *promises_list;
  GtkWidget  *preferences_group;
  GtkListBox *preferences_list;
  GtkWidget  *notes_group;
  GtkListBox *notes_list;
  GtkWidget  *contact_group;
  GtkListBox *contact_list;
  GtkWidget  *empty_label;

  gboolean    compact;
  gboolean    show_items;
  gboolean    show_contact;
  gboolean    show_alerts;
  gboolean    show_details;
  gboolean    has_remember;
};

G_DEFINE_FINAL_TYPE (CltRememberView, clt_remember_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_COMPACT,
  PROP_SHOW_ITEMS,
  PROP_SHOW_CONTACT,
  PROP_SHOW_ALERTS,
  PROP_SHOW_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
remove_all_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

static char *
format_day (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (when) == g_date_time_get_year (now))
    /* Translators: a date in this year, see the strftime manual page. */
    return g_date_time_format (when, _("%A %-d %B"));

  /* Translators: a date in another year, see the strftime manual page. */
  return g_date_time_format (when, _("%-d %B %Y"));
}

static GtkWidget *
new_row (const char *title,
         const char *subtitle)
{
  GtkWidget *row = clt_gui_action_row_new ();
  g_autofree char *short_title = clt_long_text_shorten (title, ITEM_CHARS, ITEM_LINES);

  /* Customer text is plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), short_title);
  if (subtitle != NULL && *subtitle != '\0')
    {
      g_autofree char *short_subtitle = clt_long_text_shorten (subtitle, ITEM_CHARS, ITEM_LINES);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), short_subtitle);
    }

  return row;
}

/* The alert role (set at construction only) makes Orca read it as an
 * alert, whole: "Alert: …". */
static GtkWidget *
new_alert (const CltRememberItem *item)
{
  GtkWidget *box = g_object_new (GTK_TYPE_BOX,
                                 "orientation", GTK_ORIENTATION_HORIZONTAL,
                                 "spacing", 12,
                                 "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT,
                                 NULL);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  g_autofree char *text = clt_long_text_shorten (item->text, ITEM_CHARS, ITEM_LINES);
  GtkWidget *label = gtk_label_new (text);
  const char *category = clt_preference_category_label (item->category);
  g_autofree char *name = g_strdup_printf (_("Alert: %s"), text);

  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Alert"),
                                  -1);
  gtk_box_append (GTK_BOX (box), icon);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  if (category != NULL)
    {
      GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *caption = gtk_label_new (category);

      gtk_label_set_xalign (GTK_LABEL (caption), 0.0);
      gtk_widget_add_css_class (caption, "caption");
      gtk_box_append (GTK_BOX (text_box), label);
      gtk_box_append (GTK_BOX (text_box), caption);
      gtk_box_append (GTK_BOX (box), text_box);
    }
  else
    {
      gtk_box_append (GTK_BOX (box), label);
    }

  return box;
}

static GtkWidget *
new_promise_row (const CltRememberItem *item)
{
  g_autofree char *day = item->when != 0 ? format_day (item->when) : NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;

  if (day != NULL && item->author != NULL && *item->author != '\0')
    /* Translators: a promise's due date, then who made the promise. */
    subtitle = g_strdup_printf (_("Due %s · promised by %s"), day, item->author);
  else if (day != NULL)
    subtitle = g_strdup_printf (_("Due %s"), day);
  else if (item->author != NULL && *item->author != '\0')
    subtitle = g_strdup_printf (_("Promised by %s"), item->author);

  row = new_row (item->text, subtitle);

  if (item->overdue)
    {
      GtkWidget *overdue = gtk_label_new (_("Overdue"));

      gtk_widget_set_valign (overdue, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (overdue, "error");
      gtk_widget_add_css_class (overdue, "heading");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), overdue);
    }

  return row;
}

static GtkWidget *
new_preference_row (const CltRememberItem *item)
{
  GtkWidget *row = new_row (item->text, clt_preference_category_label (item->category));

  if (item->sensitive)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("security-high-symbolic");

      gtk_widget_set_tooltip_text (icon, _("Sensitive: health information"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Sensitive: health information"),
                                      -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
    }

  return row;
}

static GtkWidget *
new_note_row (const CltRememberItem *item)
{
  g_autofree char *day = item->when != 0 ? format_day (item->when) : NULL;
  g_autofree char *subtitle = NULL;

  if (day != NULL && item->author != NULL && *item->author != '\0')
    /* Translators: who wrote a note, then when. */
    subtitle = g_strdup_printf (_("%s, %s"), item->author, day);
  else if (day != NULL)
    subtitle = g_steal_pointer (&day);
  else if (item->author != NULL)
    subtitle = g_strdup (item->author);

  return new_row (item->text, subtitle);
}

/* "And 12 more preferences", under the few the card shows. */
static GtkWidget *
new_more_label (CltRememberKind kind,
                guint           n_more)
{
  g_autofree char *text = NULL;
  GtkWidget *label;

  switch (kind)
    {
    case CLT_REMEMBER_ALERT:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more alert", "And %u more alerts", n_more), n_more);
      break;
    case CLT_REMEMBER_PROMISE:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more open promise",
                                           "And %u more open promises", n_more), n_more);
      break;
    case CLT_REMEMBER_PREFERENCE:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more preference",
                                           "And %u more preferences", n_more), n_more);
      break;
    case CLT_REMEMBER_NOTE:
    default:
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "And %u more pinned note",
                                           "And %u more pinned notes", n_more), n_more);
      break;
    }

  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "remember-more");

  return label;
}

static GtkWidget *
new_more_row (CltRememberKind kind,
              guint           n_more)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = new_more_label (kind, n_more);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 9);
  gtk_widget_set_margin_bottom (label, 9);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);

  return row;
}

static gboolean
has_children (gpointer widget)
{
  return gtk_widget_get_first_child (GTK_WIDGET (widget)) != NULL;
}

static void
clt_remember_view_update_visibility (CltRememberView *self)
{
  gboolean empty = !has_children (self->alerts_box) &&
                   !has_children (self->promises_list) &&
                   !has_children (self->preferences_list) &&
                   !has_children (self->notes_list) &&
                   !has_children (self->contact_list);

  gboolean alerts = self->show_alerts;
  gboolean details = self->show_details;

  gtk_widget_set_visible (GTK_WIDGET (self->name_label), alerts && !self->compact);
  gtk_widget_set_visible (self->empty_label, empty && details && !self->compact && self->has_remember);
  gtk_widget_set_visible (GTK_WIDGET (self->alerts_box), alerts && has_children (self->alerts_box));
  gtk_widget_set_visible (self->promises_group, details && has_children (self->promises_list));
  gtk_widget_set_visible (self->preferences_group,
                          details && !self->compact && has_children (self->preferences_list));
  gtk_widget_set_visible (self->notes_group, details && !self->compact && has_children (self->notes_list));
  gtk_widget_set_visible (self->contact_group, details && has_children (self->contact_list));
}

static void
clt_remember_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CLT_TYPE_REMEMBER_VIEW);

  G_OBJECT_CLASS (clt_remember_view_parent_class)->dispose (object);
}

static void
clt_remember_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CltRememberView *self = CLT_REMEMBER_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      g_value_set_boolean (value, self->compact);
      break;

    case PROP_SHOW_ITEMS:
      g_value_set_boolean (value, self->show_items);
      break;

    case PROP_SHOW_CONTACT:
      g_value_set_boolean (value, self->show_contact);
      break;
    case PROP_SHOW_ALERTS:
      g_value_set_boolean (value, self->show_alerts);
      break;
    case PROP_SHOW_DETAILS:
      g_value_set_boolean (value, self->show_details);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_remember_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CltRememberView *self = CLT_REMEMBER_VIEW (object);

  switch (prop_id)
    {
    case PROP_COMPACT:
      clt_remember_view_set_compact (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_ITEMS:
      self->show_items = g_value_get_boolean (value);
      break;

    case PROP_SHOW_CONTACT:
      self->show_contact = g_value_get_boolean (value);
      break;
    case PROP_SHOW_ALERTS:
      clt_remember_view_set_parts (self, g_value_get_boolean (value), self->show_details);
      break;
    case PROP_SHOW_DETAILS:
      clt_remember_view_set_parts (self, self->show_alerts, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_remember_view_class_init (CltRememberViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_remember_view_dispose;
  object_class->get_property = clt_remember_view_get_property;
  object_class->set_property = clt_remember_view_set_property;

  /**
   * CltRememberView:compact:
   *
   * Whether to leave out the name, preferences and pinned notes, for a
   * page that shows them itself, editable, right below the card. Set it
   * before the card: a compact view does not build what it leaves out.
   */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CltRememberView:show-items:
   *
   * Whether to show the alerts, promises, preferences and pinned notes. A
   * page that puts the last contact lower down shows it with a second view
   * without them. Set it before the card.
   */
  properties[PROP_SHOW_ITEMS] =
    g_param_spec_boolean ("show-items", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);

  /**
   * CltRememberView:show-contact:
   *
   * Whether to show the last contact and the next expected one, which
   * come after the pinned notes. Set it before the card.
   */
  properties[PROP_SHOW_CONTACT] =
    g_param_spec_boolean ("show-contact", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);

  /**
   * CltRememberView:show-alerts:
   *
   * Whether to show the name and the alerts. Narrow, a dialog shows them
   * above what is written and the rest of the card below it, with a
   * second view (see #CltRememberView:show-details).
   */
  properties[PROP_SHOW_ALERTS] =
    g_param_spec_boolean ("show-alerts", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CltRememberView:show-details:
   *
   * Whether to show what comes after the alerts: promises, preferences,
   * pinned notes and the last contact.
   */
  properties[PROP_SHOW_DETAILS] =
    g_param_spec_boolean ("show-details", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-remember-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, name_label);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, alerts_box);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, promises_group);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, promises_list);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, preferences_group);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, preferences_list);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, notes_group);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, notes_list);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, contact_group);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, contact_list);
  gtk_widget_class_bind_template_child (widget_class, CltRememberView, empty_label);
  gtk_widget_class_set_css_name (widget_class, "rememberview");
}

static void
clt_remember_view_init (CltRememberView *self)
{
  self->show_alerts = TRUE;
  self->show_details = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
clt_remember_view_new (void)
{
  return g_object_new (CLT_TYPE_REMEMBER_VIEW, NULL);
}

/**
 * clt_remember_view_set_remember:
 * @self: the view
 * @remember: (nullable): the card to show
 *
 * Shows @remember's name and items, alerts first in a box of their own so
 * that nobody misses them; the view keeps no reference to @remember.
 */
void
clt_remember_view_set_remember (CltRememberView *self,
                                CltRemember     *remember)
{
  g_autofree char *last_contact = NULL;
  g_autofree char *name = NULL;
  guint n_shown[CLT_REMEMBER_N_KINDS] = { 0, };
  guint n_more[CLT_REMEMBER_N_KINDS] = { 0, };

  g_return_if_fail (CLT_IS_REMEMBER_VIEW (self));

  remove_all_children (GTK_WIDGET (self->alerts_box));
  remove_all_children (GTK_WIDGET (self->promises_list));
  remove_all_children (GTK_WIDGET (self->preferences_list));
  remove_all_children (GTK_WIDGET (self->notes_list));
  remove_all_children (GTK_WIDGET (self->contact_list));

  name = clt_long_text_shorten (remember != NULL ? remember->name : NULL, NAME_CHARS, 3);
  gtk_label_set_text (self->name_label, name);
  self->has_remember = remember != NULL;

  for (guint i = 0; remember != NULL && self->show_items && i < CLT_REMEMBER_N_KINDS; i++)
    n_more[i] = remember->n_more[i];

  for (guint i = 0; remember != NULL && self->show_items && i < remember->items->len; i++)
    {
      const CltRememberItem *item = g_ptr_array_index (remember->items, i);

      /* A compact card leaves these to the page around it. */
      if (self->compact && (item->kind == CLT_REMEMBER_PREFERENCE || item->kind == CLT_REMEMBER_NOTE))
        continue;

      if (n_shown[item->kind] == CLT_REMEMBER_VIEW_LIMIT)
        {
          n_more[item->kind]++;
          continue;
        }
      n_shown[item->kind]++;

      switch (item->kind)
        {
        case CLT_REMEMBER_ALERT:
          gtk_box_append (self->alerts_box, new_alert (item));
          break;

        case CLT_REMEMBER_PROMISE:
          gtk_list_box_append (self->promises_list, new_promise_row (item));
          break;

        case CLT_REMEMBER_PREFERENCE:
          gtk_list_box_append (self->preferences_list, new_preference_row (item));
          break;

        case CLT_REMEMBER_NOTE:
          gtk_list_box_append (self->notes_list, new_note_row (item));
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (n_more[CLT_REMEMBER_ALERT] > 0)
    gtk_box_append (self->alerts_box, new_more_label (CLT_REMEMBER_ALERT, n_more[CLT_REMEMBER_ALERT]));
  if (n_more[CLT_REMEMBER_PROMISE] > 0)
    gtk_list_box_append (self->promises_list, new_more_row (CLT_REMEMBER_PROMISE, n_more[CLT_REMEMBER_PROMISE]));
  if (n_more[CLT_REMEMBER_PREFERENCE] > 0 && !self->compact)
    gtk_list_box_append (self->preferences_list,
                         new_more_row (CLT_REMEMBER_PREFERENCE, n_more[CLT_REMEMBER_PREFERENCE]));
  if (n_more[CLT_REMEMBER_NOTE] > 0 && !self->compact)
    gtk_list_box_append (self->notes_list, new_more_row (CLT_REMEMBER_NOTE, n_more[CLT_REMEMBER_NOTE]));

  if (remember != NULL && self->show_contact && remember->last_contact != 0)
    {
      last_contact = clt_remember_format_last_contact (remember);
      gtk_list_box_append (self->contact_list, new_row (last_contact, remember->last_note));
    }

  if (remember != NULL && self->show_contact && remember->next_planned != 0)
    {
      g_autofree char *time = clt_when_format_time_in_text (remember->next_planned);
      g_autofree char *title = NULL;

      if (clt_when_is_today (remember->next_planned, g_get_real_time () / G_USEC_PER_SEC))
        /* Translators: a customer's next planned visit, today; %s is a time in a sentence. */
        title = g_strdup_printf (_("Expected today at %s"), time);
      else
        {
          g_autofree char *day = format_day (remember->next_planned);

          /* Translators: a customer's next planned visit: its day, then its time. */
          title = g_strdup_printf (_("Expected %s at %s"), day, time);
        }

      gtk_list_box_append (self->contact_list, new_row (title, NULL));
    }

  clt_remember_view_update_visibility (self);
}

/**
 * clt_remember_view_set_compact:
 * @self: the view
 * @compact: whether to leave out the name, preferences and pinned notes
 */
void
clt_remember_view_set_compact (CltRememberView *self,
                               gboolean         compact)
{
  g_return_if_fail (CLT_IS_REMEMBER_VIEW (self));

  compact = !!compact;
  if (self->compact == compact)
    return;

  self->compact = compact;
  clt_remember_view_update_visibility (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPACT]);
}

gboolean
clt_remember_view_get_compact (CltRememberView *self)
{
  g_return_val_if_fail (CLT_IS_REMEMBER_VIEW (self), FALSE);

  return self->compact;
}

/**
 * clt_remember_view_set_parts:
 * @self: the view
 * @show_alerts: whether to show the name and the alerts
 * @show_details: whether to show the promises, preferences, pinned notes
 *   and last contact
 *
 * Shows a part of the card only; the card is kept whole, so that a part
 * can be shown again without reading it anew.
 */
void
clt_remember_view_set_parts (CltRememberView *self,
                             gboolean         show_alerts,
                             gboolean         show_details)
{
  g_return_if_fail (CLT_IS_REMEMBER_VIEW (self));

  show_alerts = !!show_alerts;
  show_details = !!show_details;
  if (self->show_alerts == show_alerts && self->show_details == show_details)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->show_alerts != show_alerts)
    {
      self->show_alerts = show_alerts;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ALERTS]);
    }
  if (self->show_details != show_details)
    {
      self->show_details = show_details;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_DETAILS]);
    }
  clt_remember_view_update_visibility (self);
  g_object_thaw_notify (G_OBJECT (self));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-customer-page"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-a11y.h"
#include "clt-column-layout.h"
#include "clt-contact-dialog.h"
#include "clt-date-row.h"
#include "clt-gui-util.h"
#include "clt-log-dialog.h"
#include "clt-long-text.h"
#include "clt-note-dialog.h"
#include "clt-preference-dialog.h"
#include "clt-promise-dialog.h"
#include "clt-promise-toast.h"
#include "clt-remember-view.h"
#include "clt-write.h"

#include "clt-customer-page.h"

/* Enough of each list to answer at a glance ("when did they last come?"
 * wants more of the history); the rest is built a page at a time on
 * demand, so that opening a regular, or someone with 10,000 preferences,
 * stays instant. */
#define PAGE_SIZE 20
#define HISTORY_PAGE 20

/* How much of a customer's text a row lays out: a label lays out all of
 * its text at once, and a pasted 1 MB note is seconds of it. */
#define ROW_CHARS 300
#define ROW_LINES 6
#define NAME_CHARS 200
#define TAG_CHARS 40
#define TOOLTIP_CHARS 1000
#define TOOLTIP_LINES 20

struct _CltCustomerPage
{
  GtkWidget          parent_instance;

  CltStore          *store;
  gint64             customer_id;
  guint              refresh_id;

  /* How many of each list the page shows (at least a page), kept when
   * the page is rebuilt after a change, and how many there are. */
  guint              want_preferences;
  guint              want_notes;
  guint              want_promises;
  guint              want_history;
  guint              n_preferences;
  guint              n_notes;
  guint              n_promises;
  guint              n_history;
  guint              n_promises_shown;
  guint              n_history_shown;

  /* What the rows show, for the actions that edit them. */
  GPtrArray         *contacts;
  GPtrArray         *preferences;
  GPtrArray         *notes;
  GHashTable        *preference_lists;  /* category label → its GtkListBox */

  /* The rows of the customer shown before, taken off the page but freed
   * only once the next one is painted: a frame is not kept waiting for
   * hundreds of widgets to be torn down. */
  GPtrArray         *retired;
  guint              retire_id;

  GtkStack          *stack;
  GtkScrolledWindow *scroller;
  AdwAvatar         *avatar;
  GtkWidget         *header_text_box;
  GtkLabel          *name_label;
  GtkLabel          *greeting_label;
  GtkLabel          *company_label;
  GtkLabel          *summary_label;
  GtkFlowBox        *tags_box;
  CltRememberView   *remember_view;
  GtkBox            *preferences_box;
  GtkListBox        *notes_list;
  GtkListBox        *promises_list;
  GtkListBox        *contacts_list;
  GtkBox            *header_contacts_box;
  CltRememberView   *last_contact_view;
  GtkListBox        *history_list;
  GtkButton         *more_promises_button;
  GtkButton         *more_preferences_button;
  GtkButton         *more_notes_button;
  GtkButton         *more_history_button;
  AdwStatusPage     *error_page;
};

G_DEFINE_FINAL_TYPE (CltCustomerPage, clt_customer_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CUSTOMER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef enum
{
  UNDO_CONTACT,
  UNDO_PREFERENCE,
  UNDO_NOTE,
  UNDO_INTERACTION,
} UndoKind;

/* A deleted item, kept by its toast until the toast goes. */
typedef struct
{
  UndoKind  kind;
  CltStore *store;
  gint64    customer_id;
  gpointer  item;   /* NULL once given to its restore */
  GWeakRef  page;
} Undo;

static void
free_item (UndoKind  kind,
           gpointer  item)
{
  if (item == NULL)
    return;

  switch (kind)
    {
    case UNDO_CONTACT:
      clt_contact_free (item);
      break;

    case UNDO_PREFERENCE:
      clt_preference_free (item);
      break;

    case UNDO_NOTE:
      clt_note_free (item);
      break;

    case UNDO_INTERACTION:
      clt_interaction_free (item);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
undo_free (gpointer  data,
           GClosure *closure)
{
  Undo *undo = data;

  free_item (undo->kind, undo->item);
  g_weak_ref_clear (&undo->page);
  g_object_unref (undo->store);
  g_free (undo);
}

static void
show_error (CltCustomerPage *self,
            const GError    *error)
{
  g_autofree char *title = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  clt_gui_add_toast (GTK_WIDGET (self), toast);
}

static GtkWindow *
get_parent_window (CltCustomerPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
present_dialog (GtkWidget *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
free_retired_cb (gpointer user_data)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (user_data);

  self->retire_id = 0;
  g_ptr_array_set_size (self->retired, 0);

  return G_SOURCE_REMOVE;
}

/* Takes @parent's children off the page, to be freed after the next frame
 * (GTK draws at a higher priority than this idle). */
static void
remove_all_children (CltCustomerPage *self,
                     GtkWidget       *parent)
{
  GtkWidget *child;
  GtkWidget *next;

  /* A list box's placeholder is one of its children: it stays. */
  for (child = gtk_widget_get_first_child (parent); child != NULL; child = next)
    {
      next = gtk_widget_get_next_sibling (child);

      if (GTK_IS_LIST_BOX (parent) && !GTK_IS_LIST_BOX_ROW (child))
        continue;

      if (self->retired != NULL)
        g_ptr_array_add (self->retired, g_object_ref (child));
      if (self->retired != NULL && self->retire_id == 0)
        self->retire_id = g_idle_add_full (G_PRIORITY_LOW, free_retired_cb, self, NULL);

      if (GTK_IS_LIST_BOX (parent))
        gtk_list_box_remove (GTK_LIST_BOX (parent), child);
      else if (GTK_IS_FLOW_BOX (parent))
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
      else
        gtk_box_remove (GTK_BOX (parent), child);
    }
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (when == NULL)
    return g_strdup ("");

  if (g_date_time_get_year (when) == g_date_time_get_year (now))
    /* Translators: a day and time in this year, see the strftime manual page. */
    return g_date_time_format (when, _("%A %-d %B, %H:%M"));

  /* Translators: a day in another year, see the strftime manual page. */
  return g_date_time_format (when, _("%-d %B %Y"));
}

/* "Julie · Tuesday 3 March, 14:30", either part may be missing. */
static char *
format_who_when (const char *who,
                 gint64      when)
{
  g_autofree char *day = when != 0 ? format_time (when) : NULL;

  if (day != NULL && !clt_text_is_blank (who))
    /* Translators: who did or wrote something, then when. */
    return g_strdup_printf (_("%s · %s"), who, day);
  if (day != NULL)
    return g_steal_pointer (&day);

  return g_strdup (who);
}

static GtkWidget *
new_placeholder (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");

  return label;
}

/* GTK 4.8 asks the display where the pointer is whenever a shown widget
 * gets a tooltip: a round trip to the X server for each of a page's many
 * buttons. A widget not shown yet is spared it. */
static void
set_tooltip (GtkWidget  *widget,
             const char *text)
{
  gboolean visible = gtk_widget_get_visible (widget);

  gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  gtk_widget_set_visible (widget, visible);
}

/* A button that shows only an icon is named for screen readers too. */
static void
set_icon_label (GtkWidget  *widget,
                const char *label)
{
  set_tooltip (widget, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *tooltip,
                 const char *action_name,
                 GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  set_icon_label (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);

  return button;
}

static void
create_popup_cb (GtkMenuButton *button,
                 gpointer       user_data)
{
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (user_data));
}

/* An Edit… and Delete menu whose popover is only built when opened. */
static GtkWidget *
new_row_menu_button (const char *edit_action,
                     const char *delete_action,
                     GVariant   *target)
{
  GtkWidget *button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) edit = g_menu_item_new (_("_Edit…"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete"), NULL);

  g_menu_item_set_action_and_target_value (edit, edit_action, target);
  g_menu_item_set_action_and_target_value (delete, delete_action, target);
  g_menu_append_item (menu, edit);
  g_menu_append_item (menu, delete);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (button), create_popup_cb,
                                         g_object_ref (menu), g_object_unref);
  set_icon_label (button, _("Edit or Delete"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");

  return button;
}

/* Customer text is shown by its beginning: a row is read at a glance. */
static GtkWidget *
new_action_row (const char *title,
                const char *subtitle)
{
  GtkWidget *row = clt_gui_action_row_new ();
  g_autofree char *short_title = clt_long_text_shorten (title, ROW_CHARS, ROW_LINES);

  /* Customer text is plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), short_title);
  if (!clt_text_is_blank (subtitle))
    {
      g_autofree char *short_subtitle = clt_long_text_shorten (subtitle, ROW_CHARS, ROW_LINES);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), short_subtitle);
    }

  return row;
}

static const char *
contact_icon_name (CltContactKind kind)
{
  switch (kind)
    {
    case CLT_CONTACT_PHONE:
      return "phone-symbolic";
    case CLT_CONTACT_ADDRESS:
      return "mark-location-symbolic";
    case CLT_CONTACT_EMAIL:
    default:
      return "mail-unread-symbolic";
    }
}

static const char *
contact_copy_label (CltContactKind kind)
{
  switch (kind)
    {
    case CLT_CONTACT_PHONE:
      return _("Copy Phone Number");
    case CLT_CONTACT_ADDRESS:
      return _("Copy Address");
    case CLT_CONTACT_EMAIL:
    default:
      return _("Copy E-mail Address");
    }
}

/* A button that writes through the window's action: shown only where a
 * window offers to write (it is insensitive while its action does not
 * exist). For a customer who refused e-mail it stays: the window says
 * why, with the way to change it. */
static GtkWidget *
new_write_button (CltCustomerPage *self,
                  const char      *icon_name,
                  const char      *label,
                  const char      *action_name,
                  GVariant        *target)
{
  GtkWidget *button;

  button = new_icon_button (icon_name, label, action_name, target);
  g_object_bind_property (button, "sensitive", button, "visible", G_BINDING_SYNC_CREATE);

  return button;
}

static GtkWidget *
new_contact_row (CltCustomerPage  *self,
                 const CltContact *contact)
{
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new ("(ix)", (gint32) contact->kind, contact->id));
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *icon;

  if (!clt_text_is_blank (contact->label))
    /* Translators: a kind of contact detail, then its label, e.g. "Phone · mobile". */
    subtitle = g_strdup_printf (_("%s · %s"), clt_contact_kind_label (contact->kind), contact->label);
  else
    subtitle = g_strdup (clt_contact_kind_label (contact->kind));

  row = new_action_row (contact->value, subtitle);

  icon = gtk_image_new_from_icon_name (contact_icon_name (contact->kind));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, clt_contact_kind_label (contact->kind),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  if (contact->kind == CLT_CONTACT_EMAIL)
    {
      g_autoptr(GVariant) address = g_variant_ref_sink (g_variant_new_string (contact->value));

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 new_write_button (self, "mail-message-new-symbolic", _("Write an E-mail"),
                                                   "win.compose", address));
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_icon_button ("edit-copy-symbolic", contact_copy_label (contact->kind),
                                              "page.copy-contact", target));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_row_menu_button ("page.edit-contact", "page.delete-contact", target));

  return row;
}

/* A phone number or an e-mail address under the name, where the desk
 * looks first: the number calls (tel:), the address starts an e-mail,
 * and the copy button is the one the Contact Details rows have. */
static GtkWidget *
new_header_contact (CltCustomerPage  *self,
                    const CltContact *contact)
{
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new ("(ix)", (gint32) contact->kind, contact->id));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *icon = gtk_image_new_from_icon_name (contact_icon_name (contact->kind));
  GtkWidget *button;
  GtkWidget *holder;
  GtkWidget *label;

  gtk_widget_add_css_class (box, "header-contact");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, clt_contact_kind_label (contact->kind),
                                  -1);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_box_append (GTK_BOX (box), icon);

  /* Whole, however long: an address cut short cannot be read out or
   * checked; narrow, it wraps, anywhere in it if it must. */
  label = gtk_label_new (contact->value);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (contact->kind == CLT_CONTACT_PHONE)
    {
      g_autofree char *uri = g_strconcat ("tel:", contact->value, NULL);

      /* Translators: the phone number under a customer's name, read by a screen reader. */
      g_autofree char *name = g_strdup_printf (_("Call %s"), contact->value);

      button = gtk_link_button_new (uri);
      gtk_button_set_child (GTK_BUTTON (button), label);
      gtk_widget_set_tooltip_text (button, _("Call"));
      clt_a11y_set_name (button, name, NULL);
    }
  else
    {
      /* Translators: the e-mail address under a customer's name, read by a screen reader. */
      g_autofree char *name = g_strdup_printf (_("Write to %s"), contact->value);

      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), label);
      clt_a11y_set_name (button, name, NULL);
      gtk_widget_add_css_class (button, "link");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.compose");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (contact->value));
      /* Without a way to write (no window's compose) it stays, greyed:
       * the address is still read and copied from here. */
    }
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_hexpand (button, FALSE);
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_start (button, 0);
  gtk_widget_set_margin_end (button, 0);
  gtk_widget_set_size_request (button, 1, -1);
  gtk_widget_set_hexpand (label, FALSE);
  /* In a box of its own: beside the copy button, GTK 4.8 measures the
   * row of a wrapping label's button a pixel taller for a width than
   * for none (their baselines), and warns of overlapping widgets. */
  holder = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (holder, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (holder), button);
  gtk_box_append (GTK_BOX (box), holder);

  gtk_box_append (GTK_BOX (box),
                  new_icon_button ("edit-copy-symbolic", contact_copy_label (contact->kind),
                                   "page.copy-contact", target));
  return box;
}

static void
fill_header_contacts (CltCustomerPage *self)
{
  static const CltContactKind kinds[] = { CLT_CONTACT_PHONE, CLT_CONTACT_EMAIL };

  /* The phone first: a callback promise wants the number. */
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    for (guint i = 0; i < self->contacts->len; i++)
      {
        const CltContact *contact = g_ptr_array_index (self->contacts, i);

        if (contact->kind == kinds[k])
          gtk_box_append (self->header_contacts_box, new_header_contact (self, contact));
      }
  gtk_widget_set_visible (GTK_WIDGET (self->header_contacts_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->header_contacts_box)) != NULL);
}

static GtkWidget *
new_preference_row (const CltPreference *preference)
{
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_int64 (preference->id));
  GtkWidget *row = new_action_row (preference->text, NULL);

  if (preference->flags & CLT_PREFERENCE_ALERT)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      set_tooltip (icon, _("Alert: shown before greeting"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Alert"),
                                      -1);
      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "alert");
    }

  if (preference->flags & CLT_PREFERENCE_SENSITIVE)
    {
      GtkWidget *label = gtk_label_new (_("Sensitive"));

      set_tooltip (label, _("Health information: share it only with those who need it"));
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_row_menu_button ("page.edit-preference", "page.delete-preference", target));

  return row;
}

/* A note, laid out like an action row, whose text may be of any length:
 * its beginning, and "Show More" for the rest. */
static GtkWidget *
new_note_row (const CltNote *note)
{
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_int64 (note->id));
  g_autofree char *who_when = format_who_when (note->author, note->created_at);
  g_autofree char *subtitle = clt_long_text_shorten (who_when, ROW_CHARS, 1);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *text = clt_long_text_new ();
  GtkWidget *pin;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "note-row");
  clt_a11y_set_name (row, note->text, who_when);
  clt_long_text_set_text (CLT_LONG_TEXT (text), note->text);
  gtk_box_append (GTK_BOX (text_box), text);
  if (!clt_text_is_blank (subtitle))
    {
      GtkWidget *label = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "subtitle");
      gtk_box_append (GTK_BOX (text_box), label);
    }
  gtk_widget_set_hexpand (text_box, TRUE);
  gtk_widget_set_valign (text_box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), text_box);

  /* A plain button: a toggle button's state would follow the action's,
   * and this action has none. The colour tells a pinned note. */
  pin = new_icon_button ("view-pin-symbolic",
                         note->pinned ? _("Unpin") : _("Pin to the Remember Card"),
                         "page.toggle-pin", target);
  gtk_widget_add_css_class (pin, note->pinned ? "pinned" : "unpinned");
  gtk_widget_set_valign (pin, GTK_ALIGN_START);

  gtk_box_append (GTK_BOX (box), pin);
  gtk_box_append (GTK_BOX (box), new_row_menu_button ("page.edit-note", "page.delete-note", target));
  gtk_widget_set_valign (gtk_widget_get_last_child (box), GTK_ALIGN_START);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

/* The template thanking for, or apologising after, a contact; NULL when
 * there is nothing to follow up. */
static const char *
follow_up_template (const CltHistoryEntry *entry)
{
  if (entry->kind != CLT_HISTORY_INTERACTION || entry->planned)
    return NULL;

  switch (entry->interaction_kind)
    {
    case CLT_INTERACTION_VISIT:
      return "thank-you-visit";
    case CLT_INTERACTION_STAY:
      return "thank-you-stay";
    case CLT_INTERACTION_COMPLAINT:
      return "apology";
    case CLT_INTERACTION_CALL:
    case CLT_INTERACTION_EMAIL_IN:
    case CLT_INTERACTION_EMAIL_OUT:
    case CLT_INTERACTION_PURCHASE:
    case CLT_INTERACTION_OTHER:
    default:
      return NULL;
    }
}

static const char *
history_kind_label (const CltHistoryEntry *entry)
{
  switch (entry->kind)
    {
    case CLT_HISTORY_NOTE:
      return _("Note");
    case CLT_HISTORY_PROMISE:
      if (entry->promise_status == CLT_PROMISE_KEPT)
        return _("Promise kept");
      if (entry->promise_status == CLT_PROMISE_BROKEN)
        return _("Promise broken");
      return _("Promise cancelled");
    case CLT_HISTORY_INTERACTION:
    default:
      return clt_interaction_kind_label (entry->interaction_kind);
    }
}

/* One label with markup rather than an action row: a page of these is
 * built, measured and drawn each time a customer is opened. */
static GtkWidget *
new_history_row (CltCustomerPage       *self,
                 const CltHistoryEntry *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  g_autofree char *when = format_who_when (entry->who, entry->when);
  g_autofree char *kind = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GString) markup = g_string_new (NULL);
  gboolean planned = entry->kind == CLT_HISTORY_INTERACTION && entry->planned;
  GtkWidget *label;
  GtkWidget *button;

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "history-row");

  kind = g_markup_escape_text (history_kind_label (entry), -1);

  /* A planned contact carries its "Expected" badge beside the kind. */
  if (!planned)
    g_string_append_printf (markup, "<b>%s</b>", kind);

  if (!clt_text_is_blank (entry->text))
    {
      g_autofree char *short_text = clt_long_text_shorten (entry->text, ROW_CHARS, 3);
      g_autofree char *text = g_markup_escape_text (short_text, -1);

      g_string_append_printf (markup, "%s%s", markup->len > 0 ? "\n" : "", text);
    }

  if (!clt_text_is_blank (when))
    {
      g_autofree char *escaped = g_markup_escape_text (when, -1);

      g_string_append_printf (markup, "%s<span size=\"small\" fgalpha=\"60%%\">%s</span>",
                              markup->len > 0 ? "\n" : "", escaped);
    }

  /* Read as it shows: the kind and the text, then who and when. */
  if (clt_text_is_blank (entry->text))
    name = g_strdup (history_kind_label (entry));
  else
    {
      g_autofree char *short_text = clt_long_text_shorten (entry->text, ROW_CHARS, 3);

      /* Translators: a row of a customer's history: its kind, then its text. */
      name = g_strdup_printf (_("%s: %s"), history_kind_label (entry), short_text);
    }
  clt_a11y_set_name (row, name, when);

  /* Each line is shortened rather than wrapped: measuring wrapped text
   * costs the first frame twice as much. The note in full is a hover away,
   * and in the Notes above for notes. */
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  if (!clt_text_is_blank (entry->text))
    {
      g_autofree char *tooltip = clt_long_text_shorten (entry->text, TOOLTIP_CHARS, TOOLTIP_LINES);

      set_tooltip (label, tooltip);
    }

  if (planned)
    {
      GtkWidget *text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      g_autofree char *title_markup = g_strdup_printf ("<b>%s</b>", kind);
      GtkWidget *title = gtk_label_new (NULL);
      GtkWidget *badge = gtk_label_new (_("Expected"));

      gtk_label_set_markup (GTK_LABEL (title), title_markup);
      gtk_box_append (GTK_BOX (title_box), title);
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (badge, "tag");
      gtk_widget_add_css_class (badge, "expected");
      gtk_box_append (GTK_BOX (title_box), badge);
      gtk_box_append (GTK_BOX (text_box), title_box);
      gtk_box_append (GTK_BOX (text_box), label);
      gtk_widget_set_hexpand (text_box, TRUE);
      gtk_box_append (GTK_BOX (box), text_box);
    }
  else
    {
      gtk_box_append (GTK_BOX (box), label);
    }

  if (follow_up_template (entry) != NULL)
    gtk_box_append (GTK_BOX (box),
                    new_write_button (self, "mail-reply-sender-symbolic", _("Write a Follow-up…"),
                                      "win.compose-for",
                                      g_variant_new ("(xsx)", self->customer_id,
                                                     follow_up_template (entry), (gint64) 0)));

  /* A closed promise is opened again rather than deleted. */
  if (entry->kind == CLT_HISTORY_PROMISE)
    {
      button = gtk_button_new_with_mnemonic (_("_Reopen"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      set_tooltip (button, _("Open This Promise Again"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "page.reopen-promise");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (entry->id));
      gtk_box_append (GTK_BOX (box), button);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      return row;
    }

  button = new_icon_button ("user-trash-symbolic",
                            entry->kind == CLT_HISTORY_NOTE ? _("Delete Note") : _("Delete From History"),
                            entry->kind == CLT_HISTORY_NOTE ? "page.delete-note" : "page.delete-interaction",
                            g_variant_new_int64 (entry->id));
  gtk_box_append (GTK_BOX (box), button);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

/* "Due Tuesday 3 March" or "Due Tuesday 3 March, 14:30". */
static char *
format_due (const CltPromise *promise)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (promise->due_at);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = NULL;

  if (when == NULL)
    return g_strdup ("");

  if (!promise->due_all_day)
    day = format_time (promise->due_at);
  else if (g_date_time_get_year (when) == g_date_time_get_year (now))
    /* Translators: a day in this year, see the strftime manual page. */
    day = g_date_time_format (when, _("%A %-d %B"));
  else
    /* Translators: a day in another year, see the strftime manual page. */
    day = g_date_time_format (when, _("%-d %B %Y"));

  /* Translators: when a promise is due. */
  return g_strdup_printf (_("Due %s"), day);
}

static char *
format_promise_subtitle (const CltPromise *promise,
                         gboolean          overdue)
{
  GString *text = g_string_new (NULL);
  g_autofree char *due = format_due (promise);

  if (overdue)
    /* Translators: a promise past its due time, then when it was due. */
    g_string_append_printf (text, _("Overdue · %s"), due);
  else
    g_string_append (text, due);

  if (!clt_text_is_blank (promise->promised_by))
    /* Translators: who made the promise, after its due time. */
    g_string_append_printf (text, _(" · by %s"), promise->promised_by);

  if (promise->n_postponed == 1)
    g_string_append_printf (text, " · %s", _("Postponed once"));
  else if (promise->n_postponed > 1)
    {
      g_autofree char *postponed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                                 "Postponed %u time",
                                                                 "Postponed %u times",
                                                                 promise->n_postponed),
                                                    promise->n_postponed);

      g_string_append_printf (text, " · %s", postponed);
    }

  return g_string_free (text, FALSE);
}

static void
postpone_clicked_cb (GtkButton *button,
                     GtkWidget *popover)
{
  CltStore *store = g_object_get_data (G_OBJECT (popover), "store");
  GtkEditable *date_entry = g_object_get_data (G_OBJECT (popover), "date-entry");
  GtkEditable *reason_entry = g_object_get_data (G_OBJECT (popover), "reason-entry");
  gint64 promise_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (popover), "promise-id"));
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autofree char *date = g_strstrip (g_strdup (gtk_editable_get_text (date_entry)));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (reason_entry)));
  CltWritePromise *change;
  gboolean all_day;
  gint64 due;

  if (!clt_date_input_parse_due (tz, date, &due, &all_day))
    {
      gtk_widget_add_css_class (GTK_WIDGET (date_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (date_entry));
      return;
    }

  gtk_popover_popdown (GTK_POPOVER (popover));

  change = clt_write_promise_new (promise_id);
  change->due = due;
  change->due_all_day = all_day;
  change->reason = *reason != '\0' ? g_steal_pointer (&reason) : NULL;
  clt_write_run (store, GTK_WIDGET (button), _("The promise was not postponed."),
                 clt_write_postpone_promise, NULL, change, (GDestroyNotify) clt_write_promise_free);
}

static void
postpone_entry_activate_cb (GtkWidget *row,
                            GtkWidget *button)
{
  g_signal_emit_by_name (button, "clicked");
}

/* A new day and a reason, built when the button is first opened: the day
 * as people write it, with the calendar and its quick choices (Tomorrow,
 * In a Week), tomorrow already written. */
static void
create_postpone_popup_cb (GtkMenuButton *menu_button,
                          gpointer       user_data)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (g_object_get_data (G_OBJECT (menu_button), "page"));
  GDate tomorrow;
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (_("Postpone to"));
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *date_entry = clt_date_row_new (CLT_DATE_ROW_DATE_TIME);
  GtkWidget *reason_entry = adw_entry_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Postpone"));

  g_date_clear (&tomorrow, 1);
  g_date_set_time_t (&tomorrow, time (NULL));
  g_date_add_days (&tomorrow, 1);

  gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
  gtk_widget_add_css_class (heading, "heading");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (date_entry), _("New due date"));
  clt_date_row_set_date (CLT_DATE_ROW (date_entry), &tomorrow);
  gtk_widget_set_tooltip_text (date_entry, _("The new due day, and optionally a time"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason_entry), _("Reason (optional)"));
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  /* Narrow enough for a phone's 360 pixels, the calendar's and the
   * clock's buttons beside the day (and the clamp below). */
  gtk_editable_set_width_chars (GTK_EDITABLE (date_entry), 10);
  gtk_editable_set_width_chars (GTK_EDITABLE (reason_entry), 10);
  gtk_list_box_append (GTK_LIST_BOX (list), date_entry);
  gtk_list_box_append (GTK_LIST_BOX (list), reason_entry);
  gtk_widget_add_css_class (button, "suggested-action");

  gtk_box_append (GTK_BOX (box), heading);
  adw_clamp_set_child (ADW_CLAMP (clamp), list);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 300);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 300);
  gtk_box_append (GTK_BOX (box), clamp);
  gtk_box_append (GTK_BOX (box), button);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  g_object_set_data_full (G_OBJECT (popover), "store", g_object_ref (self->store), g_object_unref);
  g_object_set_data (G_OBJECT (popover), "date-entry", date_entry);
  g_object_set_data (G_OBJECT (popover), "reason-entry", reason_entry);
  g_object_set_data (G_OBJECT (popover), "promise-id", user_data);

  g_signal_connect (button, "clicked", G_CALLBACK (postpone_clicked_cb), popover);
  g_signal_connect (date_entry, "entry-activated", G_CALLBACK (postpone_entry_activate_cb), button);
  g_signal_connect (reason_entry, "entry-activated", G_CALLBACK (postpone_entry_activate_cb), button);

  gtk_menu_button_set_popover (menu_button, popover);
}

static GtkWidget *
new_promise_row (CltCustomerPage  *self,
                 const CltPromise *promise,
                 gint64            now)
{
  g_autoptr(GVariant) target = g_variant_ref_sink (g_variant_new_int64 (promise->id));
  gboolean overdue = promise->due_at < now;
  g_autofree char *subtitle = format_promise_subtitle (promise, overdue);
  GtkWidget *row = new_action_row (promise->text, subtitle);
  GtkWidget *postpone = gtk_menu_button_new ();
  GtkWidget *more = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) write = g_menu_item_new (_("Mark Kept and _Write…"), NULL);
  g_autoptr(GMenuItem) broken = g_menu_item_new (_("Mark _Broken"), NULL);
  g_autoptr(GMenuItem) cancel = g_menu_item_new (_("_Cancel Promise"), NULL);

  if (overdue)
    {
      /* A clock, as on Today: the triangle means an alert. */
      GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");

      set_tooltip (icon, _("Overdue"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Overdue"),
                                      -1);
      gtk_widget_add_css_class (icon, "error");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      gtk_widget_add_css_class (row, "overdue");
      gtk_widget_add_css_class (row, "error");
    }

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             new_icon_button ("object-select-symbolic", _("Mark Kept"),
                                              "page.keep-promise", target));

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (postpone), "document-open-recent-symbolic");
  g_object_set_data (G_OBJECT (postpone), "page", self);
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (postpone), create_postpone_popup_cb,
                                         GSIZE_TO_POINTER (promise->id), NULL);
  set_icon_label (postpone, _("Postpone…"));
  gtk_widget_set_valign (postpone, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (postpone, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), postpone);

  g_menu_item_set_action_and_target_value (write, "page.keep-and-write", target);
  g_menu_item_set_action_and_target_value (broken, "page.break-promise", target);
  g_menu_item_set_action_and_target_value (cancel, "page.cancel-promise", target);
  /* Telling the customer is part of keeping most promises (the window
   * says why when they cannot be written to). */
  g_menu_append_item (menu, write);
  g_menu_append_item (menu, broken);
  g_menu_append_item (menu, cancel);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (more), create_popup_cb,
                                         g_object_ref (menu), g_object_unref);
  set_icon_label (more, _("Promise Actions"));
  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (more, "flat");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), more);

  return row;
}

/* "Show 20 More", saying how many are shown of how many; hidden when all
 * are. */
static void
update_more_button (GtkButton *button,
                    guint      n_shown,
                    guint      n_total,
                    guint      page_size)
{
  g_autofree char *label = NULL;
  g_autofree char *shown = NULL;
  guint n_next;

  gtk_widget_set_visible (GTK_WIDGET (button), n_total > n_shown);
  if (n_total <= n_shown)
    return;

  n_next = MIN (n_total - n_shown, page_size);
  /* Translators: a button under a list that shows the next few of it. */
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show %u More", "Show %u More", n_next), n_next);
  /* Translators: how many of a list are shown, of how many in all. */
  shown = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u shown", "%u of %u shown", n_shown),
                           n_shown, n_total);
  gtk_button_set_label (button, label);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), shown);
}

/* The next page of the customer's open promises, overdue first (the
 * store's order). */
static gboolean
fill_promises (CltCustomerPage  *self,
               guint             limit,
               GError          **error)
{
  g_autoptr(GPtrArray) promises = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  promises = clt_store_list_open_promises_page (self->store, self->customer_id, self->n_promises_shown,
                                                limit, &self->n_promises, error);
  if (promises == NULL)
    return FALSE;

  for (guint i = 0; i < promises->len; i++)
    gtk_list_box_append (self->promises_list, new_promise_row (self, g_ptr_array_index (promises, i), now));
  self->n_promises_shown += promises->len;
  update_more_button (self->more_promises_button, self->n_promises_shown, self->n_promises, PAGE_SIZE);

  return TRUE;
}

static void
clt_customer_page_clear (CltCustomerPage *self)
{
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->preferences, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  if (self->preference_lists != NULL)
    g_hash_table_remove_all (self->preference_lists);
  self->n_promises_shown = 0;
  self->n_history_shown = 0;

  remove_all_children (self, GTK_WIDGET (self->tags_box));
  remove_all_children (self, GTK_WIDGET (self->preferences_box));
  remove_all_children (self, GTK_WIDGET (self->notes_list));
  remove_all_children (self, GTK_WIDGET (self->promises_list));
  remove_all_children (self, GTK_WIDGET (self->contacts_list));
  remove_all_children (self, GTK_WIDGET (self->header_contacts_box));
  remove_all_children (self, GTK_WIDGET (self->history_list));
  gtk_widget_set_visible (GTK_WIDGET (self->more_promises_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->more_preferences_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->more_notes_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->more_history_button), FALSE);
  clt_remember_view_set_remember (self->remember_view, NULL);
  clt_remember_view_set_remember (self->last_contact_view, NULL);
}

static void
add_pill (CltCustomerPage *self,
          const char      *text,
          const char      *css_class)
{
  g_autofree char *short_text = clt_long_text_shorten (text, TAG_CHARS, 1);
  GtkWidget *label = gtk_label_new (short_text);

  gtk_widget_add_css_class (label, "tag");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_flow_box_append (self->tags_box, label);
  /* Tags are read, not navigated. */
  gtk_widget_set_focusable (gtk_widget_get_parent (label), FALSE);
}

static void
fill_header (CltCustomerPage *self,
             CltCustomer     *customer,
             char           **tags)
{
  const char *full_name = clt_customer_get_display_name (customer);
  const char *full_company = clt_customer_get_company (customer);
  g_autofree char *greeting = clt_customer_dup_greeting (customer);
  g_autofree char *company = NULL;
  g_autofree char *name = NULL;

  if (clt_text_is_blank (full_name))
    full_name = full_company;
  /* The labels ellipsize after a few lines; they are given no more than
   * those lines can hold, so that a pasted 100 kB name costs nothing. */
  name = clt_long_text_shorten (full_name, NAME_CHARS, 3);
  company = clt_long_text_shorten (full_company, NAME_CHARS, 2);

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);

  /* Worth saying only when it is not just the name again. */
  if (!clt_text_is_blank (greeting) && g_strcmp0 (greeting, full_name) != 0)
    {
      g_autofree char *short_greeting = clt_long_text_shorten (greeting, NAME_CHARS, 2);
      /* Translators: how the customer likes to be greeted, e.g. "Madame Dupré". */
      g_autofree char *text = g_strdup_printf (_("Addressed as: %s"), short_greeting);

      gtk_label_set_text (self->greeting_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->greeting_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->greeting_label), FALSE);
    }

  gtk_label_set_text (self->company_label, company);
  gtk_widget_set_visible (GTK_WIDGET (self->company_label),
                          !clt_text_is_blank (full_company) && g_strcmp0 (full_company, full_name) != 0);

  if (clt_customer_get_vip (customer))
    add_pill (self, _("VIP"), "vip");
  for (guint i = 0; tags != NULL && tags[i] != NULL; i++)
    add_pill (self, tags[i], NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->tags_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->tags_box)) != NULL);
}

/* Adds the preferences from @first on, each under its category: one list
 * per category, in the order the store gives them, a page continuing the
 * last category of the page before. */
static void
fill_preferences (CltCustomerPage *self,
                  guint            first)
{
  if (self->preferences->len == 0)
    {
      GtkWidget *list = gtk_list_box_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_list_box_set_placeholder (GTK_LIST_BOX (list),
                                    new_placeholder (_("No preferences yet: the room, food, sizes and ways of "
                                                       "being contacted they like, so that nobody asks twice.")));
      gtk_box_append (self->preferences_box, list);
      return;
    }

  for (guint i = first; i < self->preferences->len; i++)
    {
      const CltPreference *preference = g_ptr_array_index (self->preferences, i);
      const char *category = clt_preference_category_label (preference->category);
      GtkWidget *list;

      if (category == NULL)
        category = _("Other");

      list = g_hash_table_lookup (self->preference_lists, category);
      if (list == NULL)
        {
          g_autofree char *heading_text = clt_long_text_shorten (category, TAG_CHARS, 1);
          GtkWidget *heading = gtk_label_new (heading_text);

          gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
          gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
          gtk_widget_add_css_class (heading, "caption-heading");
          gtk_widget_add_css_class (heading, "dim-label");
          if (gtk_widget_get_first_child (GTK_WIDGET (self->preferences_box)) != NULL)
            gtk_widget_set_margin_top (heading, 6);
          gtk_box_append (self->preferences_box, heading);

          list = gtk_list_box_new ();
          gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
          gtk_widget_add_css_class (list, "boxed-list");
          gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                          GTK_ACCESSIBLE_PROPERTY_LABEL, heading_text,
                                          -1);
          gtk_box_append (self->preferences_box, list);

          /* The table keeps its own copy: a category may be the store's
           * text, freed with its preference. */
          g_hash_table_insert (self->preference_lists, g_strdup (category), list);
        }

      gtk_list_box_append (GTK_LIST_BOX (list), new_preference_row (preference));
    }

  update_more_button (self->more_preferences_button, self->preferences->len, self->n_preferences, PAGE_SIZE);
}

/* Adds the next notes, at most @limit of them. */
static gboolean
fill_notes (CltCustomerPage  *self,
            guint             limit,
            GError          **error)
{
  GPtrArray *notes;
  guint first = self->notes->len;

  notes = clt_store_list_notes_page (self->store, self->customer_id, first, limit, &self->n_notes, error);
  if (notes == NULL)
    return FALSE;

  g_ptr_array_extend_and_steal (self->notes, notes);
  for (guint i = first; i < self->notes->len; i++)
    gtk_list_box_append (self->notes_list, new_note_row (g_ptr_array_index (self->notes, i)));
  update_more_button (self->more_notes_button, self->notes->len, self->n_notes, PAGE_SIZE);

  return TRUE;
}

/* Adds the next entries of the history, at most @limit of them. */
static gboolean
fill_history (CltCustomerPage  *self,
              guint             limit,
              GError          **error)
{
  g_autoptr(GPtrArray) history = NULL;

  /* A row shows the beginning of a text, its tooltip a little more. */
  G_STATIC_ASSERT (CLT_HISTORY_GLANCE_CHARS > TOOLTIP_CHARS && CLT_HISTORY_GLANCE_CHARS > ROW_CHARS);
  history = clt_store_list_history_glance (self->store, self->customer_id, self->n_history_shown,
                                           limit, &self->n_history, error);
  if (history == NULL)
    return FALSE;

  for (guint i = 0; i < history->len; i++)
    gtk_list_box_append (self->history_list, new_history_row (self, g_ptr_array_index (history, i)));
  self->n_history_shown += history->len;
  update_more_button (self->more_history_button, self->n_history_shown, self->n_history, HISTORY_PAGE);

  return TRUE;
}

/* The card on this page leaves preferences and notes to the sections below
 * it; with nothing else to say it takes no room. */
static gboolean
remember_has_more (CltRemember *remember)
{
  return clt_remember_count_kind (remember, CLT_REMEMBER_ALERT) > 0;
}

/* The Promises section below the card lists them, with what to do. */
static void
remember_drop_promises (CltRemember *remember)
{
  for (guint i = remember->items->len; i > 0; i--)
    {
      const CltRememberItem *item = g_ptr_array_index (remember->items, i - 1);

      if (item->kind == CLT_REMEMBER_PROMISE)
        g_ptr_array_remove_index (remember->items, i - 1);
    }
  remember->n_more[CLT_REMEMBER_PROMISE] = 0;
}

static void
show_load_error (CltCustomerPage *self,
                 const GError    *error)
{
  g_autofree char *description = g_markup_escape_text (error->message, -1);

  clt_customer_page_clear (self);
  adw_status_page_set_description (self->error_page, description);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

static void
clt_customer_page_reload (CltCustomerPage *self)
{
  g_autoptr(CltCustomer) customer = NULL;
  g_autoptr(CltRemember) remember = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) preferences = NULL;
  g_auto(GStrv) tags = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  guint n_preferences = 0;

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->store == NULL || self->customer_id <= 0)
    {
      clt_customer_page_clear (self);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  customer = clt_store_get_customer (self->store, self->customer_id, &error);
  if (customer == NULL && g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND))
    {
      /* Deleted, or in the trash until its undo toast goes. */
      clt_customer_page_clear (self);
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  if (customer != NULL)
    remember = clt_store_get_remember_bounded (self->store, self->customer_id, now,
                                               CLT_REMEMBER_VIEW_LIMIT, &error);
  if (remember != NULL)
    tags = clt_store_list_tags (self->store, self->customer_id, &error);
  if (tags != NULL)
    contacts = clt_store_list_contacts (self->store, self->customer_id, &error);
  if (contacts != NULL)
    preferences = clt_store_list_preferences_page (self->store, self->customer_id, 0,
                                                   self->want_preferences, &n_preferences, &error);

  if (preferences == NULL)
    {
      show_load_error (self, error);
      return;
    }

  clt_customer_page_clear (self);
  self->contacts = g_steal_pointer (&contacts);
  self->preferences = g_steal_pointer (&preferences);
  self->n_preferences = n_preferences;
  self->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) clt_note_free);

  fill_header (self, customer, tags);
  summary = clt_remember_format_summary (remember, now);
  gtk_label_set_text (self->summary_label, summary != NULL ? summary : "");
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL);

  remember_drop_promises (remember);
  clt_remember_view_set_remember (self->remember_view, remember);
  gtk_widget_set_visible (GTK_WIDGET (self->remember_view), remember_has_more (remember));
  /* The last contact comes after the pinned notes, as on the card. */
  clt_remember_view_set_remember (self->last_contact_view, remember);
  gtk_widget_set_visible (GTK_WIDGET (self->last_contact_view),
                          remember->last_contact != 0 || remember->next_planned != 0);

  fill_preferences (self, 0);

  if (!fill_notes (self, self->want_notes, &error) ||
      !fill_promises (self, self->want_promises, &error))
    {
      show_load_error (self, error);
      return;
    }

  for (guint i = 0; i < self->contacts->len; i++)
    gtk_list_box_append (self->contacts_list, new_contact_row (self, g_ptr_array_index (self->contacts, i)));
  fill_header_contacts (self);

  if (!fill_history (self, self->want_history, &error))
    {
      show_load_error (self, error);
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "customer");
}

static const CltContact *
find_contact (CltCustomerPage *self,
              GVariant        *parameter)
{
  gint32 kind;
  gint64 id;

  g_variant_get (parameter, "(ix)", &kind, &id);

  for (guint i = 0; self->contacts != NULL && i < self->contacts->len; i++)
    {
      const CltContact *contact = g_ptr_array_index (self->contacts, i);

      if (contact->id == id && (gint32) contact->kind == kind)
        return contact;
    }

  return NULL;
}

static const CltPreference *
find_preference (CltCustomerPage *self,
                 GVariant        *parameter)
{
  gint64 id = g_variant_get_int64 (parameter);

  for (guint i = 0; self->preferences != NULL && i < self->preferences->len; i++)
    {
      const CltPreference *preference = g_ptr_array_index (self->preferences, i);

      if (preference->id == id)
        return preference;
    }

  return NULL;
}

static const CltNote *
find_note (CltCustomerPage *self,
           GVariant        *parameter)
{
  gint64 id = g_variant_get_int64 (parameter);

  for (guint i = 0; self->notes != NULL && i < self->notes->len; i++)
    {
      const CltNote *note = g_ptr_array_index (self->notes, i);

      if (note->id == id)
        return note;
    }

  return NULL;
}

static gboolean
restore_write (CltStore  *store,
               gpointer   data,
               GError   **error)
{
  Undo *undo = data;

  switch (undo->kind)
    {
    case UNDO_CONTACT:
      return clt_store_restore_contact (store, undo->customer_id, undo->item, error);

    case UNDO_PREFERENCE:
      return clt_store_restore_preference (store, undo->customer_id, undo->item, error);

    case UNDO_NOTE:
      return clt_store_restore_note (store, undo->customer_id, undo->item, error);

    case UNDO_INTERACTION:
      return clt_store_restore_interaction (store, undo->customer_id, undo->item, error);

    default:
      g_assert_not_reached ();
    }
}

static void
restore_free (Undo *undo)
{
  undo_free (undo, NULL);
}

static void
undo_clicked_cb (AdwToast *toast,
                 Undo     *undo)
{
  g_autoptr(CltCustomerPage) page = g_weak_ref_get (&undo->page);
  Undo *restore;

  if (undo->item == NULL)
    return;

  /* The restore may outlive the toast, while another program writes. */
  restore = g_new0 (Undo, 1);
  restore->kind = undo->kind;
  restore->store = g_object_ref (undo->store);
  restore->customer_id = undo->customer_id;
  restore->item = g_steal_pointer (&undo->item);
  g_weak_ref_init (&restore->page, page);
  clt_write_run (restore->store, page ? GTK_WIDGET (page) : NULL, _("Nothing was restored."),
                 restore_write, NULL, restore, (GDestroyNotify) restore_free);
}

/* Takes @item. */
static void
offer_undo (CltCustomerPage *self,
            const char      *title,
            UndoKind         kind,
            gpointer         item)
{
  AdwToast *toast = adw_toast_new (title);
  Undo *undo = g_new0 (Undo, 1);

  undo->kind = kind;
  undo->store = g_object_ref (self->store);
  undo->customer_id = self->customer_id;
  undo->item = item;
  g_weak_ref_init (&undo->page, self);

  adw_toast_set_button_label (toast, _("_Undo"));
  /* The last deletion is the one to undo: its toast shows at once. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_clicked_cb),
                         undo, undo_free, 0);
  clt_gui_add_toast (GTK_WIDGET (self), toast);
}

static gboolean
refresh_cb (gpointer user_data)
{
  CltCustomerPage *self = user_data;

  self->refresh_id = 0;
  clt_customer_page_reload (self);

  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (CltCustomerPage *self,
                  gint64           customer_id,
                  CltStore        *store)
{
  if (customer_id != self->customer_id || self->refresh_id != 0)
    return;

  /* Later, and once for a burst of changes: the row whose button made the
   * change is still handling its click. */
  self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_cb, self, NULL);
}

static void
add_contact_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);

  if (self->store == NULL)
    return;

  present_dialog (clt_contact_dialog_new (get_parent_window (self), self->store, self->customer_id, NULL));
}

static void
edit_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  const CltContact *contact = find_contact (self, parameter);

  if (contact == NULL)
    return;

  present_dialog (clt_contact_dialog_new (get_parent_window (self), self->store, self->customer_id, contact));
}

static void
copy_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  const CltContact *contact = find_contact (self, parameter);

  if (contact == NULL)
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), contact->value);
  clt_gui_add_toast (widget, adw_toast_new (_("Copied")));
}

/* A deletion, offered to undo once made. */
typedef struct
{
  UndoKind  kind;
  gint32    contact_kind;
  gint64    id;
  gpointer  item;   /* what Undo restores, read before */
} Deletion;

static void
deletion_free (Deletion *deletion)
{
  free_item (deletion->kind, deletion->item);
  g_free (deletion);
}

static gboolean
delete_write (CltStore  *store,
              gpointer   data,
              GError   **error)
{
  Deletion *deletion = data;

  switch (deletion->kind)
    {
    case UNDO_CONTACT:
      return clt_store_delete_contact (store, deletion->contact_kind, deletion->id, error);

    case UNDO_PREFERENCE:
      return clt_store_delete_preference (store, deletion->id, error);

    case UNDO_NOTE:
      return clt_store_delete_note (store, deletion->id, error);

    case UNDO_INTERACTION:
      return clt_store_delete_interaction (store, deletion->id, error);

    default:
      g_assert_not_reached ();
    }
}

static void
deleted_cb (GtkWidget    *widget,
            const GError *error,
            gpointer      data)
{
  static const char * const titles[] = {
    [UNDO_CONTACT] = N_("Contact detail deleted"),
    [UNDO_PREFERENCE] = N_("Preference deleted"),
    [UNDO_NOTE] = N_("Note deleted"),
    [UNDO_INTERACTION] = N_("Removed from the history"),
  };
  Deletion *deletion = data;

  offer_undo (CLT_CUSTOMER_PAGE (widget), _(titles[deletion->kind]), deletion->kind,
              g_steal_pointer (&deletion->item));
}

/* Takes @item, read before: it is what Undo restores. */
static void
delete_item (CltCustomerPage *self,
             UndoKind         kind,
             gint32           contact_kind,
             gint64           id,
             gpointer         item)
{
  Deletion *deletion = g_new0 (Deletion, 1);

  deletion->kind = kind;
  deletion->contact_kind = contact_kind;
  deletion->id = id;
  deletion->item = item;
  clt_write_run (self->store, GTK_WIDGET (self), _("Nothing was deleted."),
                 delete_write, deleted_cb, deletion, (GDestroyNotify) deletion_free);
}

static void
delete_contact_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  g_autoptr(CltContact) contact = NULL;
  g_autoptr(GError) error = NULL;
  gint32 kind;
  gint64 id;

  if (self->store == NULL)
    return;

  g_variant_get (parameter, "(ix)", &kind, &id);
  contact = clt_store_get_contact (self->store, kind, id, &error);
  if (contact == NULL)
    {
      show_error (self, error);
      return;
    }

  delete_item (self, UNDO_CONTACT, kind, id, g_steal_pointer (&contact));
}

static void
add_preference_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);

  if (self->store == NULL)
    return;

  present_dialog (clt_preference_dialog_new (get_parent_window (self), self->store, self->customer_id, NULL));
}

static void
edit_preference_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  const CltPreference *preference = find_preference (self, parameter);

  if (preference == NULL)
    return;

  present_dialog (clt_preference_dialog_new (get_parent_window (self), self->store,
                                                   self->customer_id, preference));
}

static void
delete_preference_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  g_autoptr(CltPreference) preference = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (self->store == NULL)
    return;

  preference = clt_store_get_preference (self->store, id, &error);
  if (preference == NULL)
    {
      show_error (self, error);
      return;
    }

  delete_item (self, UNDO_PREFERENCE, 0, id, g_steal_pointer (&preference));
}

static void
add_note_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);

  if (self->store == NULL)
    return;

  present_dialog (clt_note_dialog_new (get_parent_window (self), self->store, self->customer_id, NULL));
}

static void
edit_note_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  const CltNote *note = find_note (self, parameter);

  if (note == NULL)
    return;

  present_dialog (clt_note_dialog_new (get_parent_window (self), self->store, self->customer_id, note));
}

static gboolean
pin_write (CltStore  *store,
           gpointer   data,
           GError   **error)
{
  CltNote *note = data;

  return clt_store_update_note (store, note->id, note->text, note->pinned, error);
}

static void
toggle_pin_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  const CltNote *note = find_note (self, parameter);
  CltNote *change;

  if (note == NULL)
    return;

  change = g_new0 (CltNote, 1);
  change->id = note->id;
  change->text = g_strdup (note->text);
  change->pinned = !note->pinned;
  clt_write_run (self->store, widget, _("The note was not pinned or unpinned."),
                 pin_write, NULL, change, (GDestroyNotify) clt_note_free);
}

static void
delete_note_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  g_autoptr(CltNote) note = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (self->store == NULL)
    return;

  note = clt_store_get_note (self->store, id, &error);
  if (note == NULL)
    {
      show_error (self, error);
      return;
    }

  delete_item (self, UNDO_NOTE, 0, id, g_steal_pointer (&note));
}

static void
delete_interaction_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  g_autoptr(CltInteraction) interaction = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = g_variant_get_int64 (parameter);

  if (self->store == NULL)
    return;

  interaction = clt_store_get_interaction (self->store, id, &error);
  if (interaction == NULL)
    {
      show_error (self, error);
      return;
    }

  delete_item (self, UNDO_INTERACTION, 0, id, g_steal_pointer (&interaction));
}

static void
add_promise_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);

  if (self->store == NULL)
    return;

  present_dialog (clt_promise_dialog_new (get_parent_window (self), self->store, self->customer_id));
}

static void
status_set_cb (GtkWidget    *widget,
               const GError *error,
               gpointer      data)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  CltWritePromise *change = data;

  clt_promise_toast_closed (widget, self->store, change->promise_id, change->status, TRUE);
}

static void
kept_then_write_cb (GtkWidget    *widget,
                    const GError *error,
                    gpointer      data)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  CltWritePromise *change = data;

  clt_promise_toast_closed (widget, self->store, change->promise_id, CLT_PROMISE_KEPT, FALSE);
  gtk_widget_activate_action (widget, "win.compose-for", "(xsx)",
                              self->customer_id, "promise-kept", change->promise_id);
}

static void
set_promise_status_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  gint64 promise_id = g_variant_get_int64 (parameter);
  CltWritePromise *change;
  CltPromiseStatus status;
  const char *failure;

  if (self->store == NULL)
    return;

  if (g_str_equal (action_name, "page.keep-promise"))
    {
      status = CLT_PROMISE_KEPT;
      failure = _("The promise was not marked as kept.");
    }
  else if (g_str_equal (action_name, "page.break-promise"))
    {
      status = CLT_PROMISE_BROKEN;
      failure = _("The promise was not marked as broken.");
    }
  else
    {
      status = CLT_PROMISE_CANCELLED;
      failure = _("The promise was not cancelled.");
    }

  change = clt_write_promise_new (promise_id);
  change->status = status;
  clt_write_run (self->store, widget, failure,
                 clt_write_set_promise_status, status_set_cb, change, (GDestroyNotify) clt_write_promise_free);
}

/* A kept, broken or cancelled promise, from the history: open again. */
static void
reopen_promise_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);

  if (self->store == NULL)
    return;

  clt_promise_toast_reopen (widget, self->store, g_variant_get_int64 (parameter));
}

/* Kept, then the message that says so, about this promise. */
static void
keep_and_write_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  CltWritePromise *change;

  if (self->store == NULL)
    return;

  change = clt_write_promise_new (g_variant_get_int64 (parameter));
  change->status = CLT_PROMISE_KEPT;
  clt_write_run (self->store, widget, _("The promise was not marked as kept."),
                 clt_write_set_promise_status, kept_then_write_cb, change,
                 (GDestroyNotify) clt_write_promise_free);
}

/* The next page of preferences (and so on): the page shows one more page
 * of that list from now on, also when it is rebuilt after a change. */
static gboolean
show_more_preferences (CltCustomerPage  *self,
                       GError          **error)
{
  GPtrArray *page;
  guint first = self->preferences->len;

  page = clt_store_list_preferences_page (self->store, self->customer_id, first, PAGE_SIZE,
                                          &self->n_preferences, error);
  if (page == NULL)
    return FALSE;

  g_ptr_array_extend_and_steal (self->preferences, page);
  fill_preferences (self, first);
  self->want_preferences = MAX (self->want_preferences, self->preferences->len);

  return TRUE;
}

static void
show_more_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->store == NULL || self->preferences == NULL)
    return;

  if (g_str_equal (action_name, "page.more-preferences"))
    {
      ok = show_more_preferences (self, &error);
    }
  else if (g_str_equal (action_name, "page.more-notes"))
    {
      ok = fill_notes (self, PAGE_SIZE, &error);
      self->want_notes = MAX (self->want_notes, self->notes->len);
    }
  else if (g_str_equal (action_name, "page.more-promises"))
    {
      ok = fill_promises (self, PAGE_SIZE, &error);
      self->want_promises = MAX (self->want_promises, self->n_promises_shown);
    }
  else
    {
      ok = fill_history (self, HISTORY_PAGE, &error);
      self->want_history = MAX (self->want_history, self->n_history_shown);
    }

  if (!ok)
    show_error (self, error);
}

static void
clt_customer_page_dispose (GObject *object)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_handle_id (&self->retire_id, g_source_remove);
  g_clear_pointer (&self->retired, g_ptr_array_unref);
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->preferences, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->preference_lists, g_hash_table_unref);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_CUSTOMER_PAGE);

  G_OBJECT_CLASS (clt_customer_page_parent_class)->dispose (object);
}

static void
clt_customer_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_int64 (value, self->customer_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_customer_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CltCustomerPage *self = CLT_CUSTOMER_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      clt_customer_page_set_customer (self, g_value_get_object (value), self->customer_id);
      break;

    case PROP_CUSTOMER_ID:
      clt_customer_page_set_customer (self, self->store, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_customer_page_class_init (CltCustomerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_customer_page_dispose;
  object_class->get_property = clt_customer_page_get_property;
  object_class->set_property = clt_customer_page_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, CLT_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_int64 ("customer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CLT_TYPE_REMEMBER_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-customer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, avatar);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, header_text_box);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, greeting_label);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, company_label);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, tags_box);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, remember_view);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, preferences_box);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, notes_list);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, promises_list);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, contacts_list);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, header_contacts_box);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, last_contact_view);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, more_promises_button);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, more_preferences_button);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, more_notes_button);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, more_history_button);
  gtk_widget_class_bind_template_child (widget_class, CltCustomerPage, error_page);

  gtk_widget_class_install_action (widget_class, "page.add-contact", NULL, add_contact_action);
  gtk_widget_class_install_action (widget_class, "page.edit-contact", "(ix)", edit_contact_action);
  gtk_widget_class_install_action (widget_class, "page.copy-contact", "(ix)", copy_contact_action);
  gtk_widget_class_install_action (widget_class, "page.delete-contact", "(ix)", delete_contact_action);
  gtk_widget_class_install_action (widget_class, "page.add-preference", NULL, add_preference_action);
  gtk_widget_class_install_action (widget_class, "page.edit-preference", "x", edit_preference_action);
  gtk_widget_class_install_action (widget_class, "page.delete-preference", "x", delete_preference_action);
  gtk_widget_class_install_action (widget_class, "page.add-note", NULL, add_note_action);
  gtk_widget_class_install_action (widget_class, "page.edit-note", "x", edit_note_action);
  gtk_widget_class_install_action (widget_class, "page.toggle-pin", "x", toggle_pin_action);
  gtk_widget_class_install_action (widget_class, "page.delete-note", "x", delete_note_action);
  gtk_widget_class_install_action (widget_class, "page.delete-interaction", "x", delete_interaction_action);
  gtk_widget_class_install_action (widget_class, "page.more-preferences", NULL, show_more_action);
  gtk_widget_class_install_action (widget_class, "page.more-notes", NULL, show_more_action);
  gtk_widget_class_install_action (widget_class, "page.more-promises", NULL, show_more_action);
  gtk_widget_class_install_action (widget_class, "page.more-history", NULL, show_more_action);
  gtk_widget_class_install_action (widget_class, "page.add-promise", NULL, add_promise_action);
  gtk_widget_class_install_action (widget_class, "page.keep-promise", "x", set_promise_status_action);
  gtk_widget_class_install_action (widget_class, "page.break-promise", "x", set_promise_status_action);
  gtk_widget_class_install_action (widget_class, "page.cancel-promise", "x", set_promise_status_action);
  gtk_widget_class_install_action (widget_class, "page.reopen-promise", "x", reopen_promise_action);
  gtk_widget_class_install_action (widget_class, "page.keep-and-write", "x", keep_and_write_action);

  gtk_widget_class_set_css_name (widget_class, "customerpage");
}

static void
clt_customer_page_init (CltCustomerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The name, the greeting, the contacts and the tags, centred beside the
   * avatar: laid out for the width they get, not searched for a narrower
   * one at each allocation (see CltColumnLayout). */
  gtk_widget_set_layout_manager (self->header_text_box, clt_column_layout_new (6));

  self->preference_lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->retired = g_ptr_array_new_with_free_func (g_object_unref);
  self->want_preferences = PAGE_SIZE;
  self->want_notes = PAGE_SIZE;
  self->want_promises = PAGE_SIZE;
  self->want_history = HISTORY_PAGE;

  gtk_list_box_set_placeholder (self->notes_list,
                                new_placeholder (_("No notes yet.")));
  gtk_list_box_set_placeholder (self->promises_list,
                                new_placeholder (_("No open promises.")));
  gtk_list_box_set_placeholder (self->contacts_list,
                                new_placeholder (_("No e-mail address, phone number or address yet.")));
  gtk_list_box_set_placeholder (self->history_list,
                                new_placeholder (_("No visits, stays or calls recorded yet.")));
}

GtkWidget *
clt_customer_page_new (void)
{
  return g_object_new (CLT_TYPE_CUSTOMER_PAGE, NULL);
}

/**
 * clt_customer_page_set_customer:
 * @self: the page
 * @store: (nullable): the book
 * @customer_id: the customer to show, or 0 for nobody
 *
 * Shows the customer, scrolled to the top, and keeps the page up to date
 * as @store changes. A customer who is not (or no longer) in the book
 * shows as nobody.
 */
void
clt_customer_page_set_customer (CltCustomerPage *self,
                                CltStore        *store,
                                gint64           customer_id)
{
  gboolean store_changed;
  gboolean id_changed;

  g_return_if_fail (CLT_IS_CUSTOMER_PAGE (self));
  g_return_if_fail (store == NULL || CLT_IS_STORE (store));

  store_changed = store != self->store;
  id_changed = customer_id != self->customer_id;

  if (store_changed)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_func (self->store, store_changed_cb, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
    }

  self->customer_id = customer_id;
  if (store_changed || id_changed)
    {
      self->want_preferences = PAGE_SIZE;
      self->want_notes = PAGE_SIZE;
      self->want_promises = PAGE_SIZE;
      self->want_history = HISTORY_PAGE;
    }

  clt_customer_page_reload (self);

  if (store_changed || id_changed)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0.0);

  if (store_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
  if (id_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER_ID]);
}

gint64
clt_customer_page_get_customer_id (CltCustomerPage *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER_PAGE (self), 0);

  return self->customer_id;
}

CltStore *
clt_customer_page_get_store (CltCustomerPage *self)
{
  g_return_val_if_fail (CLT_IS_CUSTOMER_PAGE (self), NULL);

  return self->store;
}

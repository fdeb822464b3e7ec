/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-today-view"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-today-row.h"

#include "clt-a11y.h"
#include "clt-column-layout.h"

/* The rows of the Today view: a promise with its buttons, a visit or a
 * birthday, and under a long section "Show All N" or its pages. Customer
 * text is plain text, never markup. */

/* @when in the local time zone, as @format says (strftime). */
char *
clt_today_row_format_local (gint64      when,
                            const char *format)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (when);

  return time != NULL ? g_date_time_format (time, format) : g_strdup ("");
}

static GtkWidget *
new_icon_button (const char *icon_name,
                 const char *label,
                 const char *action_name,
                 gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));

  return button;
}

static GtkWidget *
new_line (const char *text,
          const char *style)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, style);

  return label;
}

/* "Name · when" on one line when it fits whole; else the name, then the
 * time, each on lines of their own and wrapping: narrow, neither is cut
 * short (review finding 25). */
static GtkWidget *
new_meta (const char *name,
          const char *when,
          gboolean    overdue)
{
  GtkWidget *squeezer = adw_squeezer_new ();

  adw_squeezer_set_homogeneous (ADW_SQUEEZER (squeezer), FALSE);
  adw_squeezer_set_xalign (ADW_SQUEEZER (squeezer), 0.0);
  for (guint i = 0; i < 2; i++)
    {
      gboolean one_line = i == 0;
      GtkWidget *box = gtk_box_new (one_line ? GTK_ORIENTATION_HORIZONTAL : GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *label = new_line (name ? name : "", "today-meta");

      gtk_label_set_wrap (GTK_LABEL (label), !one_line);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
      if (!clt_text_is_blank (when))
        {
          /* Translators: separates a customer's name from a time. */
          g_autofree char *text = one_line ? g_strdup_printf (_(" · %s"), when) : g_strdup (when);

          label = new_line (text, "today-meta");
          gtk_label_set_wrap (GTK_LABEL (label), !one_line);
          gtk_widget_add_css_class (label, overdue ? "error" : "dim-label");
          gtk_box_append (GTK_BOX (box), label);
        }
      adw_squeezer_add (ADW_SQUEEZER (squeezer), box);
    }

  return squeezer;
}

/* What is due or expected, "Name · when" under it, and the first alert of
 * their card on a line of its own. Laid out as an action row is, with
 * lines of their own: the time of an overdue promise is in the error
 * colour and the alert in the warning colour, as everywhere else (review
 * finding 17), which an action row's one subtitle cannot do. */
static GtkWidget *
new_row (const char *title,
         const char *name,
         const char *when,
         gboolean    overdue,
         const char *alert)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  g_autoptr(GString) description = g_string_new (NULL);
  GtkWidget *label;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "today-row");

  /* Customer text is plain text, never markup. */
  label = new_line (title ? title : "", "today-title");
  gtk_box_append (GTK_BOX (lines), label);

  gtk_box_append (GTK_BOX (lines), new_meta (name, when, overdue));

  if (!clt_text_is_blank (alert))
    {
      /* Translators: the first alert of the customer's Remember card. */
      g_autofree char *text = g_strdup_printf (_("Alert: %s"), alert);

      label = new_line (text, "today-meta");
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (lines), label);
    }

  /* A screen reader reads the row by its title, then the rest. */
  for (guint i = 0; i < 2; i++)
    {
      const char *part = i == 0 ? name : when;

      if (!clt_text_is_blank (part))
        g_string_append_printf (description, "%s%s", description->len > 0 ? ", " : "", part);
    }
  if (!clt_text_is_blank (alert))
    {
      g_autofree char *text = g_strdup_printf (_("Alert: %s"), alert);

      g_string_append_printf (description, "%s%s", description->len > 0 ? "\n" : "", text);
    }
  clt_a11y_set_name (row, title ? title : "", description->str);

  gtk_widget_add_css_class (lines, "today-lines");
  gtk_widget_set_hexpand (lines, TRUE);
  gtk_widget_set_valign (lines, GTK_ALIGN_CENTER);
  /* Centred wrapping lines: laid out for their width, not searched for a
   * narrower one at each allocation (see CltColumnLayout). */
  gtk_widget_set_layout_manager (lines, clt_column_layout_new (3));
  gtk_box_append (GTK_BOX (box), lines);
  gtk_widget_add_css_class (box, "today-row-box");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  return row;
}

static void
add_prefix (GtkWidget *row,
            GtkWidget *widget)
{
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_box_prepend (GTK_BOX (box), widget);
}

static void
add_suffix (GtkWidget *row,
            GtkWidget *widget)
{
  GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));

  gtk_box_append (GTK_BOX (box), widget);
}

/* The heading of a section. */
const char *
clt_today_row_section_title (CltTodaySection section)
{
  switch (section)
    {
    case CLT_TODAY_OVERDUE:
      return _("Overdue");
    case CLT_TODAY_DUE_TODAY:
      return _("Due Today");
    case CLT_TODAY_EXPECTED:
      return _("Expected Today");
    case CLT_TODAY_UPCOMING:
      return _("This Week");
    case CLT_TODAY_BIRTHDAYS:
    case CLT_TODAY_N_SECTIONS:
    default:
      return _("Birthdays");
    }
}

/* A promise: what, to whom, when, the customer's first alert, and Mark
 * Kept, Postpone to Tomorrow and Open Customer ("today.*" actions). */
GtkWidget *
clt_today_row_new_promise (CltTodaySection   section,
                           const CltPromise *promise,
                           const char       *alert)
{
  g_autofree char *when = NULL;
  GtkWidget *row;

  if (section == CLT_TODAY_DUE_TODAY)
    /* Translators: a time of day, see the strftime manual page. */
    when = promise->due_all_day ? NULL : clt_today_row_format_local (promise->due_at, _("%H:%M"));
  else if (promise->due_all_day)
    /* Translators: a day, see the strftime manual page. */
    when = clt_today_row_format_local (promise->due_at, _("%A %-d %B"));
  else
    /* Translators: a day and time, see the strftime manual page. */
    when = clt_today_row_format_local (promise->due_at, _("%A %-d %B, %H:%M"));

  row = new_row (promise->text, promise->customer_name, when, section == CLT_TODAY_OVERDUE, alert);
  if (section == CLT_TODAY_OVERDUE)
    {
      /* A clock, not the warning triangle: that one means an alert, a
       * danger for this guest (review finding 17). */
      GtkWidget *icon = gtk_image_new_from_icon_name ("alarm-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Overdue"),
                                      -1);
      gtk_widget_add_css_class (icon, "error");
      add_prefix (row, icon);
    }

  add_suffix (row, new_icon_button ("object-select-symbolic", _("Mark Kept"),
                                    "today.keep", promise->id));
  add_suffix (row, new_icon_button ("document-open-recent-symbolic", _("Postpone to Tomorrow"),
                                    "today.postpone", promise->id));
  add_suffix (row, new_icon_button ("go-next-symbolic", _("Open Customer"),
                                    "today.open", promise->customer_id));

  return row;
}

/* Someone expected has come: their visit is recorded, now. Words on the
 * button, as a desk says it; who came, for a screen reader. */
static GtkWidget *
new_arrived_button (const CltTodayPerson *person)
{
  /* Translators: a button on a customer expected today, who has come. */
  GtkWidget *button = gtk_button_new_with_label (C_("customer", "Arrived"));
  /* Translators: a button's tooltip: what "Arrived" does. */
  const char *tooltip = _("Record their arrival now: the planned visit or stay is logged as made");
  /* Translators: for a screen reader: the button "Arrived", then the
   * customer's name. */
  g_autofree char *label = g_strdup_printf (_("Arrived: %s"), person->name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "arrived");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "today.arrived");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_int64 (person->interaction_id));

  return button;
}

/* Someone expected today, with Arrived, or a birthday; and Open Customer. */
GtkWidget *
clt_today_row_new_person (CltTodaySection       section,
                          const CltTodayPerson *person)
{
  g_autofree char *when = NULL;
  g_autofree char *what = NULL;
  GtkWidget *row;

  if (section == CLT_TODAY_BIRTHDAYS)
    {
      /* Translators: a day, see the strftime manual page. */
      when = clt_today_row_format_local (person->when, _("%A %-d %B"));
      if (person->age > 0)
        what = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Turns %d", "Turns %d", person->age),
                                person->age);
      else
        what = g_strdup (_("Birthday"));
    }
  else
    {
      /* Translators: a time of day, see the strftime manual page. */
      when = clt_today_row_format_local (person->when, _("%H:%M"));
      if (!clt_text_is_blank (person->note))
        /* Translators: a kind of visit, then its note. */
        what = g_strdup_printf (_("%s: %s"), clt_interaction_kind_label (person->kind), person->note);
      else
        what = g_strdup (clt_interaction_kind_label (person->kind));
    }

  /* A birthday is titled with the person, their age under it. */
  if (section == CLT_TODAY_BIRTHDAYS)
    row = new_row (person->name, what, when, FALSE, person->alert);
  else
    row = new_row (what, person->name, when, FALSE, person->alert);
  if (section == CLT_TODAY_EXPECTED && person->interaction_id > 0)
    add_suffix (row, new_arrived_button (person));
  add_suffix (row, new_icon_button ("go-next-symbolic", _("Open Customer"),
                                    "today.open", person->customer_id));

  return row;
}

/* Under the first rows of a long section; activated, it shows its pages. */
GtkWidget *
clt_today_row_new_show_all (guint total)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Show All %u",
                                                        "Show All %u", total), total);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_add_css_class (row, "today-more");

  return row;
}

/* "51–75 of 3001", between Previous and Next ("today.previous-page" and
 * "today.next-page" of @section). */
GtkWidget *
clt_today_row_new_pages (CltTodaySection section,
                         guint           first,
                         guint           last,
                         guint           total)
{
  /* Translators: the rows shown of a long section: first–last of all. */
  g_autofree char *text = g_strdup_printf (_("%u–%u of %u"), first, last, total);
  GtkWidget *box = gtk_center_box_new ();
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *previous = new_icon_button ("go-previous-symbolic", _("Previous Page"),
                                         "today.previous-page", 0);
  GtkWidget *next = new_icon_button ("go-next-symbolic", _("Next Page"), "today.next-page", 0);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (previous), g_variant_new_uint32 (section));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (next), g_variant_new_uint32 (section));
  gtk_widget_set_sensitive (previous, first > 1);
  gtk_widget_set_sensitive (next, last < total);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (box), previous);
  gtk_center_box_set_center_widget (GTK_CENTER_BOX (box), label);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (box), next);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "today-pages");

  return row;
}

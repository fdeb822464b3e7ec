/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-date-row"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-date-input.h"

#include "clt-date-row.h"

/* A row where a date or a time is typed as people write it in their
 * locale ("06/12/2026", "6 déc.", "15h30"), with a calendar and quick
 * choices for a day and a list of quarter hours for a time. Text that is
 * not a date says so in the row's title, with an example in the locale's
 * own form; the text itself is never changed behind the typist's back. */

#define QUARTERS_PER_DAY (24 * 4)
#define FIRST_SHOWN_HOUR 9

struct _CltDateRow
{
  AdwEntryRow     parent_instance;

  CltDateRowKind  kind;
  gboolean        optional;
  char           *title;         /* the title while the error replaces it */
  gboolean        syncing;       /* the calendar follows the text */

  GtkWidget      *calendar_button;
  GtkCalendar    *calendar;
  GtkWidget      *time_button;
  GtkListBox     *time_list;
};

G_DEFINE_FINAL_TYPE (CltDateRow, clt_date_row, ADW_TYPE_ENTRY_ROW)

G_DEFINE_ENUM_TYPE (CltDateRowKind, clt_date_row_kind,
                    G_DEFINE_ENUM_VALUE (CLT_DATE_ROW_DATE, "date"),
                    G_DEFINE_ENUM_VALUE (CLT_DATE_ROW_DATE_TIME, "date-time"),
                    G_DEFINE_ENUM_VALUE (CLT_DATE_ROW_TIME, "time"),
                    G_DEFINE_ENUM_VALUE (CLT_DATE_ROW_BIRTHDAY, "birthday"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_OPTIONAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * clt_date_row_twelve_hour:
 *
 * Whether the desktop's clock shows AM and PM (org.gnome.desktop.interface
 * clock-format), read only where that schema is installed.
 */
gboolean
clt_date_row_twelve_hour (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *format = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "clock-format"))
    return FALSE;

  settings = g_settings_new_full (schema, NULL, NULL);
  format = g_settings_get_string (settings, "clock-format");
  return g_strcmp0 (format, "12h") == 0;
}

/**
 * clt_date_row_get_label:
 *
 * The row's title, even while an error is shown in its place.
 */
const char *
clt_date_row_get_label (CltDateRow *self)
{
  g_return_val_if_fail (CLT_IS_DATE_ROW (self), NULL);

  if (self->title != NULL)
    return self->title;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
}

static const char *
get_text (CltDateRow *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self));
}

gboolean
clt_date_row_is_empty (CltDateRow *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (CLT_IS_DATE_ROW (self), TRUE);

  text = g_strstrip (g_strdup (get_text (self)));
  return *text == '\0';
}

/* Whether the text, not empty, reads as what the row asks for. */
static gboolean
text_parses (CltDateRow *self)
{
  GDate date;
  int hour, minute;
  gboolean has_time;
  g_autofree char *birthday = NULL;

  switch (self->kind)
    {
    case CLT_DATE_ROW_DATE:
      return clt_date_input_parse_date (get_text (self), NULL, &date);
    case CLT_DATE_ROW_DATE_TIME:
      return clt_date_input_parse_date_time (get_text (self), NULL, &date, &hour, &minute, &has_time);
    case CLT_DATE_ROW_TIME:
      return clt_date_input_parse_time (get_text (self), &hour, &minute);
    case CLT_DATE_ROW_BIRTHDAY:
    default:
      birthday = clt_date_input_parse_birthday (get_text (self));
      return birthday != NULL;
    }
}

/**
 * clt_date_row_is_valid:
 *
 * Whether the text reads as a date (or a time, a birthday), or is empty in
 * an optional row.
 */
gboolean
clt_date_row_is_valid (CltDateRow *self)
{
  g_return_val_if_fail (CLT_IS_DATE_ROW (self), FALSE);

  if (clt_date_row_is_empty (self))
    return self->optional;
  return text_parses (self);
}

/* An example of what to type, in the locale's own form. */
static char *
dup_example (CltDateRow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *clock_text = clt_date_input_format_time (15, 30, clt_date_row_twelve_hour ());
  g_autofree char *day = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  day = clt_date_input_format_date (&date);

  switch (self->kind)
    {
    case CLT_DATE_ROW_DATE:
      return g_steal_pointer (&day);
    case CLT_DATE_ROW_DATE_TIME:
      return g_strdup_printf ("%s %s", day, clock_text);
    case CLT_DATE_ROW_TIME:
      return g_steal_pointer (&clock_text);
    case CLT_DATE_ROW_BIRTHDAY:
    default:
      {
        g_autofree char *short_day = clt_date_input_format_birthday ("--03-14");
        g_autofree char *full_day = clt_date_input_format_birthday ("1985-03-14");

        /* Translators: two ways to write a birthday, "14 mars" and "14/03/1985". */
        return g_strdup_printf (_("%s or %s"), short_day, full_day);
      }
    }
}

static void
show_error (CltDateRow *self,
            gboolean    error)
{
  if (error && self->title == NULL)
    {
      g_autofree char *example = dup_example (self);
      g_autofree char *message = NULL;

      self->title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)));
      /* Translators: in place of a date or time field's title when what
       * was typed is not one; %s is an example in the locale's own form,
       * such as "06/12/2026 15:30". Keep it short: narrow windows cut it. */
      message = g_strdup_printf (_("For example %s"), example);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), message);
      gtk_widget_add_css_class (GTK_WIDGET (self), "error");
    }
  else if (!error && self->title != NULL)
    {
      g_autofree char *title = g_steal_pointer (&self->title);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
    }
}

static void
changed_cb (CltDateRow *self)
{
  show_error (self, !clt_date_row_is_empty (self) && !text_parses (self));
}

gboolean
clt_date_row_get_date (CltDateRow *self,
                       GDate      *date)
{
  int hour, minute;
  gboolean has_time;

  g_return_val_if_fail (CLT_IS_DATE_ROW (self), FALSE);
  g_return_val_if_fail (self->kind == CLT_DATE_ROW_DATE || self->kind == CLT_DATE_ROW_DATE_TIME, FALSE);

  if (self->kind == CLT_DATE_ROW_DATE)
    return clt_date_input_parse_date (get_text (self), NULL, date);
  return clt_date_input_parse_date_time (get_text (self), NULL, date, &hour, &minute, &has_time);
}

/**
 * clt_date_row_get_time:
 * @has_time: (out) (optional): whether a time was typed (a date and time
 *   row may hold a day alone)
 */
gboolean
clt_date_row_get_time (CltDateRow *self,
                       int        *hour,
                       int        *minute,
                       gboolean   *has_time)
{
  GDate date;
  gboolean with_time = TRUE;
  gboolean ok;

  g_return_val_if_fail (CLT_IS_DATE_ROW (self), FALSE);
  g_return_val_if_fail (self->kind == CLT_DATE_ROW_TIME || self->kind == CLT_DATE_ROW_DATE_TIME, FALSE);

  if (self->kind == CLT_DATE_ROW_TIME)
    ok = clt_date_input_parse_time (get_text (self), hour, minute);
  else
    ok = clt_date_input_parse_date_time (get_text (self), NULL, &date, hour, minute, &with_time);
  if (has_time != NULL)
    *has_time = ok && with_time;
  return ok;
}

/**
 * clt_date_row_get_date_time:
 * @has_time: (out): whether a time was typed; if not, the time is midnight
 *
 * Returns: (transfer full) (nullable): the local date and time typed, or
 *   %NULL when the text is not one
 */
GDateTime *
clt_date_row_get_date_time (CltDateRow *self,
                            gboolean   *has_time)
{
  GDate date;
  int hour = 0, minute = 0;

  g_return_val_if_fail (CLT_IS_DATE_ROW (self), NULL);
  g_return_val_if_fail (has_time != NULL, NULL);

  *has_time = FALSE;
  if (!clt_date_row_get_date (self, &date))
    return NULL;
  if (self->kind == CLT_DATE_ROW_DATE_TIME)
    clt_date_row_get_time (self, &hour, &minute, has_time);

  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                g_date_get_day (&date), hour, minute, 0);
}

/* "06/12/2026", with the time typed so far when there is one. */
static void
set_date_keeping_time (CltDateRow  *self,
                       const GDate *date)
{
  g_autofree char *day = clt_date_input_format_date (date);
  int hour, minute;
  gboolean has_time = FALSE;

  if (self->kind == CLT_DATE_ROW_DATE_TIME &&
      clt_date_row_get_time (self, &hour, &minute, &has_time) && has_time)
    {
      g_autofree char *clock_text = clt_date_input_format_time (hour, minute, clt_date_row_twelve_hour ());
      g_autofree char *text = g_strdup_printf ("%s %s", day, clock_text);

      gtk_editable_set_text (GTK_EDITABLE (self), text);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self), day);
}

void
clt_date_row_set_date (CltDateRow  *self,
                       const GDate *date)
{
  g_return_if_fail (CLT_IS_DATE_ROW (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  set_date_keeping_time (self, date);
}

/* For a time row, the time; for a date and time row, the time of the day
 * typed (today if none). */
void
clt_date_row_set_time (CltDateRow *self,
                       int         hour,
                       int         minute)
{
  g_autofree char *clock_text = NULL;

  g_return_if_fail (CLT_IS_DATE_ROW (self));

  clock_text = clt_date_input_format_time (hour, minute, clt_date_row_twelve_hour ());
  if (self->kind == CLT_DATE_ROW_DATE_TIME)
    {
      GDate date;
      g_autofree char *day = NULL;
      g_autofree char *text = NULL;

      if (!clt_date_row_get_date (self, &date))
        g_date_set_time_t (&date, time (NULL));
      day = clt_date_input_format_date (&date);
      text = g_strdup_printf ("%s %s", day, clock_text);
      gtk_editable_set_text (GTK_EDITABLE (self), text);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self), clock_text);
}

void
clt_date_row_set_date_time (CltDateRow *self,
                            GDateTime  *when)
{
  GDate date;

  g_return_if_fail (CLT_IS_DATE_ROW (self));
  g_return_if_fail (when != NULL);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (when), g_date_time_get_month (when),
                  g_date_time_get_year (when));
  if (self->kind == CLT_DATE_ROW_TIME)
    {
      clt_date_row_set_time (self, g_date_time_get_hour (when), g_date_time_get_minute (when));
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self), "");
  set_date_keeping_time (self, &date);
  if (self->kind == CLT_DATE_ROW_DATE_TIME)
    clt_date_row_set_time (self, g_date_time_get_hour (when), g_date_time_get_minute (when));
}

/**
 * clt_date_row_dup_birthday:
 *
 * Returns: (transfer full) (nullable): the birthday typed as the book keeps
 *   it, "YYYY-MM-DD" or "--MM-DD"; %NULL when empty or not a birthday
 */
char *
clt_date_row_dup_birthday (CltDateRow *self)
{
  g_return_val_if_fail (CLT_IS_DATE_ROW (self), NULL);

  return clt_date_input_parse_birthday (get_text (self));
}

void
clt_date_row_set_birthday (CltDateRow *self,
                           const char *birthday)
{
  g_autofree char *text = clt_date_input_format_birthday (birthday);

  g_return_if_fail (CLT_IS_DATE_ROW (self));

  gtk_editable_set_text (GTK_EDITABLE (self), text ? text : "");
}

static void
day_selected_cb (CltDateRow *self)
{
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  if (self->syncing)
    return;

  day = gtk_calendar_get_date (self->calendar);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (day), g_date_time_get_month (day),
                  g_date_time_get_year (day));
  set_date_keeping_time (self, &date);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->calendar_button));
}

static void
quick_choice_cb (GtkButton  *button,
                 CltDateRow *self)
{
  int days = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "days"));
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_time_t (&date, time (NULL));
  g_date_add_days (&date, days);
  set_date_keeping_time (self, &date);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->calendar_button));
}

/* The calendar opens on the day typed, or today. */
static void
calendar_shown_cb (CltDateRow *self)
{
  g_autoptr(GDateTime) day = NULL;
  GDate date;

  if (clt_date_row_get_date (self, &date))
    day = g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date),
                                 g_date_get_day (&date), 12, 0, 0);
  else
    day = g_date_time_new_now_local ();

  self->syncing = TRUE;
  gtk_calendar_select_day (self->calendar, day);
  self->syncing = FALSE;
}

static GtkWidget *
quick_button (CltDateRow *self,
              const char *label,
              int         days)
{
  GtkWidget *button = gtk_button_new_with_label (label);
  GtkWidget *child = gtk_button_get_child (GTK_BUTTON (button));

  gtk_label_set_xalign (GTK_LABEL (child), 0.0);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "date-choice");
  g_object_set_data (G_OBJECT (button), "days", GINT_TO_POINTER (days));
  g_signal_connect (button, "clicked", G_CALLBACK (quick_choice_cb), self);
  return button;
}

static void
add_calendar (CltDateRow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_box_append (GTK_BOX (box), quick_button (self, _("Today"), 0));
  gtk_box_append (GTK_BOX (box), quick_button (self, _("Tomorrow"), 1));
  gtk_box_append (GTK_BOX (box), quick_button (self, _("In a Week"), 7));
  gtk_widget_set_margin_top (calendar, 6);
  gtk_box_append (GTK_BOX (box), calendar);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  self->calendar = GTK_CALENDAR (calendar);
  g_signal_connect_swapped (calendar, "day-selected", G_CALLBACK (day_selected_cb), self);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (calendar_shown_cb), self);

  self->calendar_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->calendar_button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->calendar_button), popover);
  gtk_widget_set_valign (self->calendar_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->calendar_button, "flat");
  gtk_widget_set_tooltip_text (self->calendar_button, _("Pick a Day"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->calendar_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pick a Day"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->calendar_button);
}

static void
time_activated_cb (CltDateRow    *self,
                   GtkListBoxRow *row)
{
  int quarter = gtk_list_box_row_get_index (row);

  clt_date_row_set_time (self, quarter / 4, quarter % 4 * 15);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->time_button));
}

/* The list opens on the quarter hour typed, or on the morning. */
static gboolean
focus_time_cb (gpointer data)
{
  CltDateRow *self = data;
  int hour = FIRST_SHOWN_HOUR, minute = 0;
  gboolean has_time = TRUE;
  GtkListBoxRow *row;

  if (!clt_date_row_get_time (self, &hour, &minute, &has_time) || !has_time)
    hour = FIRST_SHOWN_HOUR, minute = 0;
  row = gtk_list_box_get_row_at_index (self->time_list, hour * 4 + minute / 15);
  if (row != NULL)
    {
      gtk_list_box_select_row (self->time_list, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }

  return G_SOURCE_REMOVE;
}

static void
time_shown_cb (CltDateRow *self)
{
  /* The twelve-hour setting may have changed since the list was made. */
  gboolean twelve_hour = clt_date_row_twelve_hour ();

  for (int i = 0; i < QUARTERS_PER_DAY; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->time_list, i);
      g_autofree char *text = clt_date_input_format_time (i / 4, i % 4 * 15, twelve_hour);

      gtk_label_set_text (GTK_LABEL (gtk_list_box_row_get_child (row)), text);
    }

  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, focus_time_cb, g_object_ref (self), g_object_unref);
}

static void
add_time_list (CltDateRow *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();

  for (int i = 0; i < QUARTERS_PER_DAY; i++)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (GTK_LIST_BOX (list), label);
    }
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_popover_set_child (GTK_POPOVER (popover), scrolled);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Times"), -1);

  self->time_list = GTK_LIST_BOX (list);
  g_signal_connect_swapped (list, "row-activated", G_CALLBACK (time_activated_cb), self);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (time_shown_cb), self);

  self->time_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->time_button), "alarm-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->time_button), popover);
  gtk_widget_set_valign (self->time_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->time_button, "flat");
  gtk_widget_set_tooltip_text (self->time_button, _("Pick a Time"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pick a Time"), -1);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self), self->time_button);
}

static void
clt_date_row_constructed (GObject *object)
{
  CltDateRow *self = CLT_DATE_ROW (object);

  G_OBJECT_CLASS (clt_date_row_parent_class)->constructed (object);

  if (self->kind == CLT_DATE_ROW_DATE || self->kind == CLT_DATE_ROW_DATE_TIME)
    add_calendar (self);
  if (self->kind == CLT_DATE_ROW_TIME || self->kind == CLT_DATE_ROW_DATE_TIME)
    add_time_list (self);

  adw_entry_row_set_input_hints (ADW_ENTRY_ROW (self), GTK_INPUT_HINT_NO_SPELLCHECK);
  g_signal_connect (self, "changed", G_CALLBACK (changed_cb), NULL);
}

static void
clt_date_row_finalize (GObject *object)
{
  CltDateRow *self = CLT_DATE_ROW (object);

  g_free (self->title);

  G_OBJECT_CLASS (clt_date_row_parent_class)->finalize (object);
}

static void
clt_date_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CltDateRow *self = CLT_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_OPTIONAL:
      g_value_set_boolean (value, self->optional);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_date_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CltDateRow *self = CLT_DATE_ROW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_OPTIONAL:
      self->optional = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_date_row_class_init (CltDateRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = clt_date_row_constructed;
  object_class->finalize = clt_date_row_finalize;
  object_class->get_property = clt_date_row_get_property;
  object_class->set_property = clt_date_row_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL,
                       CLT_TYPE_DATE_ROW_KIND, CLT_DATE_ROW_DATE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_OPTIONAL] =
    g_param_spec_boolean ("optional", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_date_row_init (CltDateRow *self)
{
}

GtkWidget *
clt_date_row_new (CltDateRowKind kind)
{
  return g_object_new (CLT_TYPE_DATE_ROW, "kind", kind, NULL);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "clt-a11y.h"
#include "clt-core.h"
#include "clt-csv-reader.h"
#include "clt-import.h"

#include "clt-helper-process.h"
#include "clt-import-dialog.h"

/*
 * Importing a vCard or CSV file: the file is read by the helper program
 * clientele-exchange (src/helper), which links the parsers the window must
 * not load; this dialog shows what it reports (the CSV columns, a summary
 * before anything is written, progress) and tells it the user's choices.
 * Closing the dialog stops the helper: before it commits, nothing is
 * written.
 */

/* Rows shown for the possible duplicates and the problems; "Choose for
 * All" reaches the others. */
#define MAX_ROWS 100

typedef struct
{
  guint            index;
  CltImportAction  action;
  GtkDropDown     *drop_down;   /* NULL when not shown */
} Choice;

struct _CltImportDialog
{
  AdwWindow         parent_instance;

  char             *database;
  GFile            *file;
  CltHelperProcess *helper;
  GVariant         *preview;     /* the CSV's sniff, NULL for a vCard */
  GPtrArray        *column_rows; /* AdwComboRow, one per CSV column */
  GPtrArray        *encodings;   /* the encoding_list's items' names */
  GArray           *choices;     /* Choice */
  guint             n_new;
  gboolean          finished;    /* the helper said its last word */
  gboolean          setting_encoding;

  AdwWindowTitle   *window_title;
  GtkButton        *cancel_button;
  GtkButton        *next_button;
  GtkStack         *stack;
  AdwStatusPage    *busy_page;
  GtkProgressBar   *progress_bar;
  AdwComboRow      *encoding_row;
  GtkStringList    *encoding_list;
  AdwPreferencesGroup *columns_group;
  GtkLabel         *new_label;
  GtkLabel         *same_label;
  AdwActionRow     *same_row;
  AdwPreferencesGroup *duplicates_group;
  AdwPreferencesGroup *problems_group;
  AdwExpanderRow   *problems_row;
  AdwStatusPage    *error_page;
};

G_DEFINE_FINAL_TYPE (CltImportDialog, clt_import_dialog, ADW_TYPE_WINDOW)

enum {
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_import (CltImportDialog *self);

static void
show_error (CltImportDialog *self,
            const char      *message)
{
  self->finished = TRUE;
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
  gtk_button_set_label (self->cancel_button, _("_Close"));
}

static void
show_busy (CltImportDialog *self,
           const char      *title)
{
  adw_status_page_set_title (self->busy_page, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_stack_set_visible_child_name (self->stack, "busy");
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), FALSE);
}

static void
stop_helper (CltImportDialog *self)
{
  if (self->helper != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->helper, self);
      clt_helper_process_stop (self->helper);
    }
  g_clear_object (&self->helper);
}

static const char *
action_name (CltImportAction action)
{
  switch (action)
    {
    case CLT_IMPORT_ADD: return "add";
    case CLT_IMPORT_MERGE: return "merge";
    case CLT_IMPORT_SKIP:
    default: return "skip";
    }
}

static CltImportAction
action_from_name (const char *name)
{
  if (g_strcmp0 (name, "merge") == 0)
    return CLT_IMPORT_MERGE;
  if (g_strcmp0 (name, "add") == 0)
    return CLT_IMPORT_ADD;
  return CLT_IMPORT_SKIP;
}

/* The drop-down's items, in the order of CltImportAction. */
static GtkDropDown *
new_action_drop_down (CltImportAction action)
{
  const char * const labels[] = {
    [CLT_IMPORT_ADD] = _("Keep Apart"),
    [CLT_IMPORT_MERGE] = _("Merge"),
    [CLT_IMPORT_SKIP] = _("Leave Out"),
    NULL
  };
  GtkDropDown *drop_down = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (labels));

  gtk_drop_down_set_selected (drop_down, action);
  gtk_widget_set_valign (GTK_WIDGET (drop_down), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("What to do"),
                                  -1);
  return drop_down;
}

static char *
describe_duplicate (guint32     reasons,
                    const char *customer_name,
                    guint32     line)
{
  g_autofree char *why = NULL;

  if (reasons & CLT_DUPLICATE_EMAIL)
    /* Translators: %s is the name of a customer already in the book. */
    why = g_strdup_printf (_("Same e-mail address as %s"), customer_name);
  else if (reasons & CLT_DUPLICATE_PHONE)
    why = g_strdup_printf (_("Same phone number as %s"), customer_name);
  else if (reasons & CLT_DUPLICATE_NAME)
    why = g_strdup_printf (_("Same name as %s"), customer_name);
  else
    why = g_strdup_printf (_("Already in the book as %s"), customer_name);

  if (line == 0)
    return g_steal_pointer (&why);

  /* Translators: why a customer may be a duplicate, then where in the file. */
  return g_strdup_printf (_("%s · line %u"), why, line);
}

static void
add_duplicate (CltImportDialog *self,
               GVariant        *item)
{
  g_autofree char *escaped_name = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped_subtitle = NULL;
  const char *name = "";
  const char *detail = "";
  const char *customer_name = "";
  const char *action = "add";
  guint32 index = 0;
  guint32 reasons = 0;
  guint32 line = 0;
  Choice choice = { 0 };

  g_variant_lookup (item, "index", "u", &index);
  g_variant_lookup (item, "name", "&s", &name);
  g_variant_lookup (item, "detail", "&s", &detail);
  g_variant_lookup (item, "customer-name", "&s", &customer_name);
  g_variant_lookup (item, "reasons", "u", &reasons);
  g_variant_lookup (item, "line", "u", &line);
  g_variant_lookup (item, "action", "&s", &action);

  choice.index = index;
  choice.action = action_from_name (action);

  if (self->choices->len < MAX_ROWS)
    {
      GtkWidget *row = adw_action_row_new ();

      g_autofree char *why = describe_duplicate (reasons, customer_name, line);

      escaped_name = g_markup_escape_text (*name ? name : detail, -1);
      subtitle = *detail && *name ? g_strdup_printf ("%s\n%s", detail, why) : g_steal_pointer (&why);
      escaped_subtitle = g_markup_escape_text (subtitle, -1);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
      choice.drop_down = new_action_drop_down (choice.action);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (choice.drop_down));
      adw_preferences_group_add (self->duplicates_group, row);
    }

  g_array_append_val (self->choices, choice);
}

static void
add_problem (CltImportDialog *self,
             GVariant        *item,
             guint            position)
{
  g_autofree char *title = NULL;
  g_autofree char *reason_markup = NULL;
  const char *reason = "";
  guint32 line = 0;
  GtkWidget *row;

  if (position >= MAX_ROWS)
    return;

  g_variant_lookup (item, "line", "u", &line);
  g_variant_lookup (item, "reason", "&s", &reason);

  row = adw_action_row_new ();
  /* Translators: where in the file a card or row could not be read. */
  title = g_strdup_printf (_("Line %u"), line);
  reason_markup = g_markup_escape_text (reason, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reason_markup);
  adw_expander_row_add_row (self->problems_row, row);
}

static void
update_next_button (CltImportDialog *self)
{
  guint n_writes = 0;

  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = &g_array_index (self->choices, Choice, i);

      if (choice->drop_down != NULL)
        choice->action = gtk_drop_down_get_selected (choice->drop_down);
      if (choice->action != CLT_IMPORT_SKIP)
        n_writes++;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), self->n_new + n_writes > 0);
}

static void
show_plan (CltImportDialog *self,
           GVariant        *plan)
{
  g_autoptr(GVariant) duplicates = NULL;
  g_autoptr(GVariant) problems = NULL;
  g_autofree char *count = NULL;
  g_autofree char *more = NULL;
  guint32 n_new = 0;
  guint32 n_same = 0;
  gsize n_duplicates;
  gsize n_problems;

  g_variant_lookup (plan, "new", "u", &n_new);
  g_variant_lookup (plan, "same", "u", &n_same);
  duplicates = g_variant_lookup_value (plan, "duplicates", G_VARIANT_TYPE ("aa{sv}"));
  problems = g_variant_lookup_value (plan, "problems", G_VARIANT_TYPE ("aa{sv}"));
  n_duplicates = duplicates ? g_variant_n_children (duplicates) : 0;
  n_problems = problems ? g_variant_n_children (problems) : 0;

  self->n_new = n_new;
  count = g_strdup_printf ("%u", n_new);
  gtk_label_set_label (self->new_label, count);
  g_free (count);
  count = g_strdup_printf ("%u", n_same);
  gtk_label_set_label (self->same_label, count);
  gtk_widget_set_visible (GTK_WIDGET (self->same_row), n_same > 0);

  for (gsize i = 0; i < n_duplicates; i++)
    {
      g_autoptr(GVariant) item = g_variant_get_child_value (duplicates, i);

      add_duplicate (self, item);
    }
  if (n_duplicates > MAX_ROWS)
    {
      GtkWidget *row = adw_action_row_new ();

      more = g_strdup_printf (ngettext ("And %u more", "And %u more", n_duplicates - MAX_ROWS),
                              (guint) (n_duplicates - MAX_ROWS));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("“Choose for All” decides for them too"));
      adw_preferences_group_add (self->duplicates_group, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->duplicates_group), n_duplicates > 0);

  for (gsize i = 0; i < n_problems; i++)
    {
      g_autoptr(GVariant) item = g_variant_get_child_value (problems, i);

      add_problem (self, item, i);
    }
  g_free (more);
  more = g_strdup_printf (ngettext ("%u card or row left out", "%u cards or rows left out", n_problems),
                          (guint) n_problems);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->problems_row), more);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_group), n_problems > 0);

  gtk_button_set_label (self->next_button, _("_Import"));
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), TRUE);
  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = &g_array_index (self->choices, Choice, i);

      if (choice->drop_down != NULL)
        g_signal_connect_object (choice->drop_down, "notify::selected",
                                 G_CALLBACK (update_next_button), self, G_CONNECT_SWAPPED);
    }
  update_next_button (self);
  gtk_stack_set_visible_child_name (self->stack, "summary");
  gtk_widget_grab_focus (GTK_WIDGET (self->next_button));
}

static void
add_column_row (CltImportDialog    *self,
                const char         *name,
                guint               column,
                GVariant           *rows,
                const char * const *fields,
                gint32              field)
{
  g_autoptr(GString) samples = g_string_new (NULL);
  g_autofree char *title = g_markup_escape_text (*name ? name : "—", -1);
  g_autofree char *subtitle = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkStringList) model = NULL;
  GtkWidget *row = adw_combo_row_new ();

  for (gsize i = 0; rows != NULL && i < g_variant_n_children (rows) && samples->len < 80; i++)
    {
      g_autoptr(GVariant) cells = g_variant_get_child_value (rows, i);
      const char *value = NULL;

      if (column < g_variant_n_children (cells))
        g_variant_get_child (cells, column, "&s", &value);
      if (value == NULL || *value == '\0')
        continue;
      if (samples->len > 0)
        g_string_append (samples, " · ");
      g_string_append (samples, value);
    }
  subtitle = g_markup_escape_text (samples->str, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  /* The fields a column can hold, read whole in the drop-down's list. */
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, RESOURCE_PATH "/clt-combo-list-item.ui");
  adw_combo_row_set_list_factory (ADW_COMBO_ROW (row), factory);
  model = gtk_string_list_new (fields);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), field >= 0 ? (guint) field : 0);
  adw_preferences_group_add (self->columns_group, row);
  g_ptr_array_add (self->column_rows, row);
}

static void
show_mapping (CltImportDialog *self)
{
  g_autofree const char **header = NULL;
  g_autofree const char **fields = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GVariant) mapping = NULL;
  g_autoptr(GVariant) choices = NULL;
  const char *encoding = "UTF-8";
  gboolean sure = FALSE;
  guint selected = 0;

  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);

  g_variant_lookup (self->preview, "header", "^a&s", &header);
  g_variant_lookup (self->preview, "fields", "^a&s", &fields);
  g_variant_lookup (self->preview, "encoding", "&s", &encoding);
  g_variant_lookup (self->preview, "encoding-sure", "b", &sure);
  rows = g_variant_lookup_value (self->preview, "rows", G_VARIANT_TYPE ("aas"));
  mapping = g_variant_lookup_value (self->preview, "mapping", G_VARIANT_TYPE ("ai"));
  choices = g_variant_lookup_value (self->preview, "encodings", G_VARIANT_TYPE ("a(ss)"));

  for (guint i = 0; header != NULL && header[i] != NULL; i++)
    {
      gint32 field = 0;

      if (mapping != NULL && i < g_variant_n_children (mapping))
        g_variant_get_child (mapping, i, "i", &field);
      add_column_row (self, header[i], i, rows, fields, field);
    }

  /* The encoding read, among those the user may choose instead. */
  self->setting_encoding = TRUE;
  gtk_string_list_splice (self->encoding_list, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->encoding_list)), NULL);
  g_ptr_array_set_size (self->encodings, 0);
  selected = G_MAXUINT;
  if (choices != NULL)
    {
      GVariantIter iter;
      const char *name;
      const char *label;

      g_variant_iter_init (&iter, choices);
      while (g_variant_iter_next (&iter, "(&s&s)", &name, &label))
        {
          if (g_ascii_strcasecmp (name, encoding) == 0)
            selected = self->encodings->len;
          g_ptr_array_add (self->encodings, g_strdup (name));
          gtk_string_list_append (self->encoding_list, label);
        }
    }
  if (selected == G_MAXUINT)
    {
      selected = self->encodings->len;
      g_ptr_array_add (self->encodings, g_strdup (encoding));
      gtk_string_list_append (self->encoding_list, encoding);
    }
  adw_combo_row_set_selected (self->encoding_row, selected);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->encoding_row),
                               sure ? _("Read from the file") : _("Guessed: check the accents below"));
  self->setting_encoding = FALSE;

  gtk_button_set_label (self->next_button, _("_Continue"));
  gtk_widget_set_visible (GTK_WIDGET (self->next_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), TRUE);
  gtk_stack_set_visible_child_name (self->stack, "mapping");
}

static void
handle_message (CltImportDialog *self,
                GVariant        *message)
{
  g_autoptr(GVariant) plan = NULL;
  g_autoptr(GVariant) done = NULL;
  const char *text = NULL;
  double fraction;

  if (g_variant_lookup (message, "progress", "d", &fraction))
    {
      gtk_progress_bar_set_fraction (self->progress_bar, fraction);
    }
  else if (g_variant_lookup (message, "error", "&s", &text))
    {
      show_error (self, text);
    }
  else if (g_variant_lookup (message, "kind", "&s", &text))
    {
      const char *format = "";

      self->finished = TRUE;
      g_clear_pointer (&self->preview, g_variant_unref);
      g_variant_lookup (message, "format", "&s", &format);
      /* A Google or Outlook export is understood as it is; any other CSV
       * file needs its columns named. */
      if (g_strcmp0 (text, "csv") == 0 && *format == '\0')
        {
          self->preview = g_variant_ref (message);
          show_mapping (self);
        }
      else
        {
          start_import (self);
        }
    }
  else if ((plan = g_variant_lookup_value (message, "plan", G_VARIANT_TYPE_VARDICT)) != NULL)
    {
      show_plan (self, plan);
    }
  else if ((done = g_variant_lookup_value (message, "done", G_VARIANT_TYPE_VARDICT)) != NULL)
    {
      guint32 added = 0, merged = 0, skipped = 0;

      self->finished = TRUE;
      g_variant_lookup (done, "added", "u", &added);
      g_variant_lookup (done, "merged", "u", &merged);
      g_variant_lookup (done, "skipped", "u", &skipped);
      g_signal_emit (self, signals[FINISHED], 0, added, merged, skipped);
      gtk_window_destroy (GTK_WINDOW (self));
    }
}

static void
helper_ended_cb (CltImportDialog *self)
{
  /* The helper ended without its last word: it crashed or was killed
   * before committing, so the book is as it was. */
  if (!self->finished)
    show_error (self, _("Clientele stopped reading this file because of an error in it. "
                        "Nothing was imported: your book is as it was."));
}

static gboolean
spawn_helper (CltImportDialog     *self,
              const char * const  *arguments)
{
  g_autoptr(GError) error = NULL;

  stop_helper (self);
  self->finished = FALSE;

  self->helper = clt_helper_process_new (arguments, &error);
  if (self->helper == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Clientele’s file reader could not be started (%s). "
                                                    "Reinstall Clientele."), error->message);

      show_error (self, message);
      return FALSE;
    }

  g_signal_connect_object (self->helper, "message", G_CALLBACK (handle_message), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->helper, "ended", G_CALLBACK (helper_ended_cb), self, G_CONNECT_SWAPPED);
  return TRUE;
}

static void
start_sniff (CltImportDialog *self,
             const char      *encoding)
{
  g_autofree char *path = g_file_get_path (self->file);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;

  g_strv_builder_add (argv, "sniff");
  if (encoding != NULL)
    g_strv_builder_add_many (argv, "--encoding", encoding, NULL);
  g_strv_builder_add_many (argv, "--", path, NULL);
  args = g_strv_builder_end (argv);

  show_busy (self, _("Reading the File…"));
  spawn_helper (self, (const char * const *) args);
}

static const char *
selected_encoding (CltImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->encoding_row);

  return selected < self->encodings->len ? g_ptr_array_index (self->encodings, selected) : NULL;
}

static void
start_import (CltImportDialog *self)
{
  g_autofree char *path = g_file_get_path (self->file);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;

  g_strv_builder_add_many (argv, "import", "--database", self->database, NULL);
  if (self->preview != NULL)
    {
      g_autoptr(GString) mapping = g_string_new (NULL);
      guint8 delimiter = ',';
      char delimiter_text[2] = { 0 };

      g_variant_lookup (self->preview, "delimiter", "y", &delimiter);
      delimiter_text[0] = delimiter == '\t' ? 't' : (char) delimiter;
      for (guint i = 0; i < self->column_rows->len; i++)
        g_string_append_printf (mapping, "%s%u", i ? "," : "",
                                adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, i)));
      g_strv_builder_add_many (argv,
                               "--encoding", selected_encoding (self),
                               "--delimiter", delimiter_text,
                               "--mapping", mapping->str,
                               NULL);
    }
  g_strv_builder_add_many (argv, "--", path, NULL);
  args = g_strv_builder_end (argv);

  g_array_set_size (self->choices, 0);
  show_busy (self, _("Looking for Customers Already in the Book…"));
  spawn_helper (self, (const char * const *) args);
}

/* Whether a column names the customer or says how to reach them. */
static gboolean
mapping_identifies (CltImportDialog *self)
{
  for (guint i = 0; i < self->column_rows->len; i++)
    switch (adw_combo_row_get_selected (g_ptr_array_index (self->column_rows, i)))
      {
      case CLT_CSV_FULL_NAME:
      case CLT_CSV_GIVEN_NAME:
      case CLT_CSV_FAMILY_NAME:
      case CLT_CSV_COMPANY:
      case CLT_CSV_EMAIL:
      case CLT_CSV_PHONE:
      case CLT_CSV_MOBILE:
        return TRUE;
      default:
        break;
      }

  return FALSE;
}

static void
run_import (CltImportDialog *self)
{
  g_autoptr(GString) decisions = g_string_new (NULL);

  update_next_button (self);
  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = &g_array_index (self->choices, Choice, i);

      g_string_append_printf (decisions, "action %u %s\n", choice->index, action_name (choice->action));
    }
  g_string_append (decisions, "run\n");

  show_busy (self, _("Importing…"));
  clt_helper_process_send (self->helper, decisions->str);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CltImportDialog *self = CLT_IMPORT_DIALOG (widget);
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (g_strcmp0 (page, "mapping") == 0)
    {
      if (!mapping_identifies (self))
        {
          adw_preferences_group_set_description (self->columns_group,
                                                 _("Choose at least one column with a name, "
                                                   "an e-mail address or a phone number."));
          return;
        }
      start_import (self);
    }
  else if (g_strcmp0 (page, "summary") == 0 && self->helper != NULL)
    {
      run_import (self);
    }
}

static void
all_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CltImportDialog *self = CLT_IMPORT_DIALOG (widget);
  CltImportAction action = action_from_name (g_variant_get_string (parameter, NULL));

  for (guint i = 0; i < self->choices->len; i++)
    {
      Choice *choice = &g_array_index (self->choices, Choice, i);

      choice->action = action;
      if (choice->drop_down != NULL)
        gtk_drop_down_set_selected (choice->drop_down, action);
    }
  update_next_button (self);
}

static void
encoding_changed_cb (CltImportDialog *self)
{
  if (self->setting_encoding || self->preview == NULL)
    return;

  start_sniff (self, selected_encoding (self));
}

static void
clt_import_dialog_dispose (GObject *object)
{
  CltImportDialog *self = CLT_IMPORT_DIALOG (object);

  stop_helper (self);
  g_clear_object (&self->file);
  g_clear_pointer (&self->database, g_free);
  g_clear_pointer (&self->preview, g_variant_unref);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  g_clear_pointer (&self->encodings, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_IMPORT_DIALOG);

  G_OBJECT_CLASS (clt_import_dialog_parent_class)->dispose (object);
}

static void
clt_import_dialog_class_init (CltImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_import_dialog_dispose;

  /**
   * CltImportDialog::finished:
   * @added: new customers
   * @merged: customers completed from the file
   * @skipped: already there, left out, or unreadable
   *
   * Emitted once the import is committed, before the dialog closes.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, busy_page);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, encoding_row);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, encoding_list);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, new_label);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, same_label);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, same_row);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, problems_group);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, problems_row);
  gtk_widget_class_bind_template_child (widget_class, CltImportDialog, error_page);

  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "import.all", "s", all_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
clt_import_dialog_init (CltImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  clt_a11y_name_expander_row (self->problems_row);

  self->column_rows = g_ptr_array_new ();
  self->encodings = g_ptr_array_new_with_free_func (g_free);
  self->choices = g_array_new (FALSE, TRUE, sizeof (Choice));

  g_signal_connect_object (self->encoding_row, "notify::selected",
                           G_CALLBACK (encoding_changed_cb), self, G_CONNECT_SWAPPED);
}

/**
 * clt_import_dialog_new:
 * @parent: the window of the book
 * @database: the book's file
 * @file: the vCard or CSV file to import
 *
 * Starts reading @file at once. When the import is done the dialog emits
 * #CltImportDialog::finished and closes; closed before, it writes nothing.
 */
GtkWidget *
clt_import_dialog_new (GtkWindow  *parent,
                       const char *database,
                       GFile      *file)
{
  CltImportDialog *self;
  g_autofree char *basename = NULL;

  g_return_val_if_fail (database != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (CLT_TYPE_IMPORT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->database = g_strdup (database);
  self->file = g_object_ref (file);

  basename = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, basename);

  start_sniff (self, NULL);

  return GTK_WIDGET (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-sync-collections-dialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "clt-core.h"
#include "clt-helper-process.h"

#include "clt-sync-collections-dialog.h"

/*
 * Which address book and task list of the server the book is shared
 * through: "Clientele" (made when absent) or ones the server has already,
 * such as Nextcloud's "Contacts". The server is asked by `clientele-cli
 * sync collections` (the window never loads the WebDAV client), with the
 * password typed on the Sharing page, or the keyring's for a book already
 * shared. ::chosen says the user picked: before Connect, the page passes
 * the choice to `sync setup`; for a book already shared, the dialog has
 * run `sync setup --address-book … --task-list …` itself first (the next
 * round starts afresh with other ones).
 */

/* The name `sync setup` finds, or makes when the server has none. */
#define DEFAULT_NAME "Clientele"

typedef struct
{
  char *value;     /* what `sync setup` takes: an href, or DEFAULT_NAME */
  char *name;
  int   journals;  /* a task list that takes journal entries: 1, 0, or -1 not known yet */
} Choice;

struct _CltSyncCollectionsDialog
{
  AdwWindow       parent_instance;

  char           *database;
  char           *url;
  char           *user;
  char           *password;      /* NULL: the keyring's, for the account set up */
  char           *address_book;  /* what the book uses now, or was picked before */
  char           *task_list;
  GCancellable   *cancellable;
  GPtrArray      *books;         /* Choice */
  GPtrArray      *lists;         /* Choice */
  guint           first_book;    /* selected at first */
  guint           first_list;

  GtkButton           *use_button;
  GtkStack            *stack;
  GtkSpinner          *spinner;
  GtkLabel            *asking_label;
  AdwStatusPage       *failed_page;
  AdwComboRow         *address_book_row;
  AdwComboRow         *task_list_row;
  AdwActionRow        *journals_row;
  AdwPreferencesGroup *change_group;
};

G_DEFINE_FINAL_TYPE (CltSyncCollectionsDialog, clt_sync_collections_dialog, ADW_TYPE_WINDOW)

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
choice_free (Choice *choice)
{
  g_free (choice->value);
  g_free (choice->name);
  g_free (choice);
}

static Choice *
choice_new (const char *value,
            const char *name,
            int         journals)
{
  Choice *choice = g_new0 (Choice, 1);

  choice->value = g_strdup (value);
  choice->name = g_strdup (name);
  choice->journals = journals;
  return choice;
}

/* The path of an href or a full URL, with its last slash. */
static char *
path_of (const char *href)
{
  g_autoptr(GUri) uri = g_uri_parse (href, G_URI_FLAGS_ENCODED, NULL);
  const char *path = uri != NULL ? g_uri_get_path (uri) : href;

  return g_str_has_suffix (path, "/") ? g_strdup (path) : g_strconcat (path, "/", NULL);
}

/* The choice @current names (an href, a URL or DEFAULT_NAME), else the
 * one named DEFAULT_NAME. */
static guint
find_choice (GPtrArray  *choices,
             const char *current)
{
  g_autofree char *path = current != NULL && g_strcmp0 (current, DEFAULT_NAME) != 0 ? path_of (current) : NULL;

  for (guint i = 0; path != NULL && i < choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (choices, i);
      g_autofree char *choice_path = path_of (choice->value);

      if (g_strcmp0 (choice->value, DEFAULT_NAME) != 0 && g_strcmp0 (choice_path, path) == 0)
        return i;
    }
  for (guint i = 0; i < choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (choices, i);

      if (g_strcmp0 (choice->value, DEFAULT_NAME) == 0 || g_strcmp0 (choice->name, DEFAULT_NAME) == 0)
        return i;
    }
  return 0;
}

static Choice *
selected (AdwComboRow *row,
          GPtrArray   *choices)
{
  guint position = adw_combo_row_get_selected (row);

  return choices != NULL && position < choices->len ? g_ptr_array_index (choices, position) : NULL;
}

static void
update_rows (CltSyncCollectionsDialog *self)
{
  Choice *list = selected (self->task_list_row, self->lists);
  gboolean changed;

  gtk_widget_set_visible (GTK_WIDGET (self->journals_row), list != NULL && list->journals == 0);
  changed = self->books != NULL &&
            (adw_combo_row_get_selected (self->address_book_row) != self->first_book ||
             adw_combo_row_get_selected (self->task_list_row) != self->first_list);
  /* A book already shared starts afresh with other collections. */
  gtk_widget_set_visible (GTK_WIDGET (self->change_group), self->password == NULL && changed);
}

/* The choices of one kind, in the server's order (by name), behind
 * "Clientele (new)" when the server has no collection of that name. */
static GPtrArray *
choices_of (char       **lines,
            const char  *kind)
{
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gboolean has_default = FALSE;
  gsize length = strlen (kind);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", 3);

      if (g_strv_length (fields) != 3 || strncmp (fields[0], kind, length) != 0)
        continue;
      has_default = has_default || g_strcmp0 (fields[2], DEFAULT_NAME) == 0;
      g_ptr_array_add (choices, choice_new (fields[1], fields[2],
                                            g_str_has_suffix (fields[0], "-no-journal") ? 0 : 1));
    }

  /* Two of the same name are told apart by their address. */
  for (guint i = 0; i < choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (choices, i);

      g_hash_table_insert (names, g_strdup (choice->name),
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (names, choice->name)) + 1));
    }
  for (guint i = 0; i < choices->len; i++)
    {
      Choice *choice = g_ptr_array_index (choices, i);
      g_autofree char *plain = NULL;

      if (GPOINTER_TO_INT (g_hash_table_lookup (names, choice->name)) < 2)
        continue;
      plain = g_steal_pointer (&choice->name);
      /* Translators: a collection's name, then its address on the server */
      choice->name = g_strdup_printf (C_("collection name, address", "%s (%s)"), plain, choice->value);
    }

  if (!has_default)
    /* Translators: the address book or task list Clientele makes on the server */
    g_ptr_array_insert (choices, 0, choice_new (DEFAULT_NAME, _("Clientele (new)"), -1));
  return g_steal_pointer (&choices);
}

static void
fill_row (AdwComboRow *row,
          GPtrArray   *choices,
          guint        position)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < choices->len; i++)
    gtk_string_list_append (names, ((Choice *) g_ptr_array_index (choices, i))->name);
  adw_combo_row_set_model (row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (row, position);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CltSyncCollectionsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = clt_helper_process_run_cli_finish (result, &error);
  g_auto(GStrv) lines = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (output == NULL)
    {
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }

  lines = g_strsplit (output, "\n", -1);
  g_clear_pointer (&self->books, g_ptr_array_unref);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  self->books = choices_of (lines, "address-book");
  self->lists = choices_of (lines, "task-list");
  self->first_book = find_choice (self->books, self->address_book);
  self->first_list = find_choice (self->lists, self->task_list);
  fill_row (self->address_book_row, self->books, self->first_book);
  fill_row (self->task_list_row, self->lists, self->first_list);
  update_rows (self);

  gtk_stack_set_visible_child_name (self->stack, "choose");
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button), TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->address_book_row));
}

static void
ask_server (CltSyncCollectionsDialog *self)
{
  g_autofree char *input = NULL;
  const char *shared[] = { "--database", self->database, "sync", "collections", NULL };
  const char *given[] = {
    "--database", self->database, "sync", "collections",
    "--url", self->url, "--user", self->user, "--password-stdin", NULL
  };

  gtk_label_set_text (self->asking_label, _("Asking the server for its address books and task lists…"));
  gtk_stack_set_visible_child_name (self->stack, "asking");
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button), FALSE);

  if (self->password != NULL)
    input = g_strconcat (self->password, "\n", NULL);
  clt_helper_process_run_cli_async (self->password != NULL ? given : shared, input,
                                         self->cancellable, listed_cb, g_object_ref (self));
  if (input != NULL)
    clt_secret_password_free (g_steal_pointer (&input));
}

static void
retry_cb (CltSyncCollectionsDialog *self)
{
  ask_server (self);
}

static void
selected_cb (CltSyncCollectionsDialog *self)
{
  update_rows (self);
}

static void
chosen (CltSyncCollectionsDialog *self)
{
  g_signal_emit (self, signals[CHOSEN], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
used_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CltSyncCollectionsDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = clt_helper_process_run_cli_finish (result, &error);

  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (output == NULL)
    {
      adw_status_page_set_description (self->failed_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "failed");
      return;
    }
  chosen (self);
}

static void
use_cb (CltSyncCollectionsDialog *self)
{
  const char *arguments[] = {
    "--database", self->database, "sync", "setup", "--address-book", NULL, "--task-list", NULL, NULL
  };

  if (self->books == NULL)
    return;

  g_free (self->address_book);
  g_free (self->task_list);
  self->address_book = g_strdup (selected (self->address_book_row, self->books)->value);
  self->task_list = g_strdup (selected (self->task_list_row, self->lists)->value);
  if (self->password != NULL)
    {
      chosen (self);
      return;
    }

  /* For the account set up, with the keyring's password. */
  arguments[5] = self->address_book;
  arguments[7] = self->task_list;
  gtk_label_set_text (self->asking_label, _("Setting up the address book and the task list…"));
  gtk_stack_set_visible_child_name (self->stack, "asking");
  gtk_spinner_set_spinning (self->spinner, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button), FALSE);
  clt_helper_process_run_cli_async (arguments, NULL, self->cancellable, used_cb, g_object_ref (self));
}

static gboolean
close_request_cb (CltSyncCollectionsDialog *self)
{
  /* The listing goes with the dialog. */
  g_cancellable_cancel (self->cancellable);
  return FALSE;
}

static void
clt_sync_collections_dialog_dispose (GObject *object)
{
  CltSyncCollectionsDialog *self = CLT_SYNC_COLLECTIONS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CLT_TYPE_SYNC_COLLECTIONS_DIALOG);

  G_OBJECT_CLASS (clt_sync_collections_dialog_parent_class)->dispose (object);
}

static void
clt_sync_collections_dialog_finalize (GObject *object)
{
  CltSyncCollectionsDialog *self = CLT_SYNC_COLLECTIONS_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->books, g_ptr_array_unref);
  g_clear_pointer (&self->lists, g_ptr_array_unref);
  g_clear_pointer (&self->password, clt_secret_password_free);
  g_free (self->database);
  g_free (self->url);
  g_free (self->user);
  g_free (self->address_book);
  g_free (self->task_list);

  G_OBJECT_CLASS (clt_sync_collections_dialog_parent_class)->finalize (object);
}

static void
clt_sync_collections_dialog_class_init (CltSyncCollectionsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = clt_sync_collections_dialog_dispose;
  object_class->finalize = clt_sync_collections_dialog_finalize;

  /**
   * CltSyncCollectionsDialog::chosen:
   *
   * The user picked; the choice is in get_address_book() and
   * get_task_list(), and already set up for a book already shared. The
   * dialog closes after.
   */
  signals[CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/clt-sync-collections-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CltSyncCollectionsDialog, use_button);
  gtk_widget_class_bind_template_child (widget_class, CltSyncCollectionsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CltSyncCollectionsDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CltSyncCollectionsDialog, asking_label);
  gtk_widget_class_bind_template_child (widget_class, CltSyncCollectionsDialog, failed_page);
  gtk_widget_class_bind_template_child (widget_class, CltSyncCollectionsDialog, address_book_row);
  gtk_widget_class_bind_template_child (widget_class, CltSyncCollectionsDialog, task_list_row);
  gtk_widget_class_bind_template_child (widget_class, CltSyncCollectionsDialog, journals_row);
  gtk_widget_class_bind_template_child (widget_class, CltSyncCollectionsDialog, change_group);
  gtk_widget_class_bind_template_callback (widget_class, use_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_cb);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
}

static void
clt_sync_collections_dialog_init (CltSyncCollectionsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

/**
 * clt_sync_collections_dialog_new:
 * @database: the book's file
 * @url: (nullable): the server's address; %NULL with @user and @password
 *   for the account the book is shared through
 * @password: (nullable): the password typed, written to the listing's
 *   standard input; %NULL: the keyring's
 * @address_book: (nullable): the one chosen now, a URL, an href or "Clientele"
 * @task_list: (nullable): the same
 *
 * Shows the dialog over @parent and asks the server at once.
 */
CltSyncCollectionsDialog *
clt_sync_collections_dialog_new (GtkWindow  *parent,
                                 const char *database,
                                 const char *url,
                                 const char *user,
                                 const char *password,
                                 const char *address_book,
                                 const char *task_list)
{
  CltSyncCollectionsDialog *self;

  g_return_val_if_fail (database != NULL, NULL);
  g_return_val_if_fail ((url == NULL) == (password == NULL) && (url == NULL) == (user == NULL), NULL);

  self = g_object_new (CLT_TYPE_SYNC_COLLECTIONS_DIALOG, "transient-for", parent, NULL);
  self->database = g_strdup (database);
  self->url = g_strdup (url);
  self->user = g_strdup (user);
  self->password = g_strdup (password);
  self->address_book = g_strdup (address_book);
  self->task_list = g_strdup (task_list);
  ask_server (self);

  return self;
}

const char *
clt_sync_collections_dialog_get_address_book (CltSyncCollectionsDialog *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_COLLECTIONS_DIALOG (self), NULL);

  return self->address_book;
}

const char *
clt_sync_collections_dialog_get_task_list (CltSyncCollectionsDialog *self)
{
  g_return_val_if_fail (CLT_IS_SYNC_COLLECTIONS_DIALOG (self), NULL);

  return self->task_list;
}

/* "Contacts, Tâches": the names picked, for the page's row. */
char *
clt_sync_collections_dialog_dup_summary (CltSyncCollectionsDialog *self)
{
  Choice *book;
  Choice *list;

  g_return_val_if_fail (CLT_IS_SYNC_COLLECTIONS_DIALOG (self), NULL);

  book = selected (self->address_book_row, self->books);
  list = selected (self->task_list_row, self->lists);
  if (book == NULL || list == NULL)
    return NULL;
  /* Translators: the address book's name, then the task list's */
  return g_strdup_printf (C_("address book, task list", "%s, %s"), book->name, list->name);
}

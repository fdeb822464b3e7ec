/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-backup-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-window.h"

#include "clt-backup-actions.h"

/*
 * The window's side of backups, as the "backup" action group of a window:
 * backup.save-copy and backup.restore, the day's automatic copy once the
 * window has painted its first frame, and the notice, for the window to
 * show, when no copy was saved elsewhere for a month. Every copy and restore runs in a thread.
 * For a damaged book, which no store may read, only backup.restore, by
 * clt_backup_restore_damaged().
 */

struct _CltBackupActions
{
  GSimpleActionGroup    parent_instance;

  CltWindow            *window;        /* weak: the window holds the group */
  CltStore             *store;         /* NULL for a damaged book */
  char                 *damaged_path;  /* the damaged book, or NULL */
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  char                 *notice;        /* what the window should say, or NULL */
  AdwToast             *busy_toast;    /* weak, while shown */
  guint                 tick_id;
  guint                 start_idle_id;
  guint                 checking_id;   /* shows that a large copy is being read */
  gboolean              busy;
  gboolean              restoring;     /* the window is insensitive */
};

G_DEFINE_FINAL_TYPE (CltBackupActions, clt_backup_actions, G_TYPE_SIMPLE_ACTION_GROUP)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_NOTICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  CltBackupActions *self;
  GFile            *file;
  char             *path;
  gint64            taken_at;       /* the copy's time, for a restore */
} Job;

static Job *
job_new (CltBackupActions *self,
         GFile            *file,
         const char       *path)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->file = g_object_ref (file);
  job->path = g_strdup (path);

  return job;
}

static void
job_free (Job *job)
{
  g_object_unref (job->self);
  g_object_unref (job->file);
  g_free (job->path);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_free)

static void
job_free_closure (gpointer  data,
                  GClosure *closure)
{
  job_free (data);
}

static gint64
now_unix (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

static char *
format_day (gint64 when_unix)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (when_unix);

  /* Translators: a day, as in "the copy of 5 December 2026"; see the
   * formats of g_date_time_format(). */
  return g_date_time_format (when, _("%-d %B %Y"));
}

static char *
format_time (gint64 when_unix)
{
  /* Inside a sentence: "as it was on 5 December 2026 at 14:02". */
  return clt_when_format_time_in_text (when_unix);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
update_actions (CltBackupActions *self)
{
  /* One copy or restore at a time; and the sample, made up, is no place
   * to bring one's own book back into. */
  gboolean sample = self->window != NULL && clt_window_get_sample (self->window);
  GAction *save_copy = g_action_map_lookup_action (G_ACTION_MAP (self), "save-copy");
  GAction *restore = g_action_map_lookup_action (G_ACTION_MAP (self), "restore");

  /* SQLite cannot read all of a damaged book to copy it. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (save_copy), !self->busy && self->store != NULL);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (restore), !self->busy && !sample);
}

static void
set_busy (CltBackupActions *self,
          gboolean          busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
add_toast (CltBackupActions *self,
           AdwToast         *toast)
{
  if (self->window == NULL)
    {
      g_object_unref (toast);
      return;
    }

  clt_window_add_toast (self->window, toast);
}

/* Toast titles are markup; @text is not. */
static void
add_text_toast (CltBackupActions *self,
                const char       *text)
{
  g_autofree char *title = g_markup_escape_text (text, -1);

  add_toast (self, adw_toast_new (title));
}

/* The core's messages say what to do, at some length: a dialog, not a
 * toast that would cut them short. */
static void
show_error (CltBackupActions *self,
            const char       *heading,
            const char       *message)
{
  AdwMessageDialog *dialog;

  if (self->window == NULL)
    return;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self->window), heading, message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
set_notice (CltBackupActions *self,
            const char       *notice)
{
  if (g_strcmp0 (self->notice, notice) == 0)
    return;

  g_free (self->notice);
  self->notice = g_strdup (notice);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTICE]);
}

static void
notice_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* A connection of its own: the query reads every customer. */
  store = clt_store_open (task_data, &error);
  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, clt_backup_needs_outside_copy (store, now_unix ()));
}

static void
notice_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CltBackupActions *self = CLT_BACKUP_ACTIONS (object);
  g_autoptr(GError) error = NULL;

  g_autofree char *notice = NULL;

  /* Not being able to tell is no reason to nag. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    return;

  notice = g_strdup_printf (ngettext ("No copy of your book saved elsewhere for %u day",
                                      "No copy of your book saved elsewhere for %u days",
                                      CLT_BACKUP_OUTSIDE_DAYS),
                            (guint) CLT_BACKUP_OUTSIDE_DAYS);
  set_notice (self, notice);
}

static void
check_notice (CltBackupActions *self)
{
  g_autoptr(GTask) task = NULL;

  /* Nothing to lose in an empty book, nor in the sample. */
  if (self->window == NULL || clt_window_get_sample (self->window) || clt_store_is_empty (self->store))
    return;

  task = g_task_new (self, self->cancellable, notice_checked_cb, NULL);
  g_task_set_source_tag (task, check_notice);
  g_task_set_task_data (task, g_strdup (clt_store_get_path (self->store)), g_free);
  g_task_run_in_thread (task, notice_thread);
}

static void
daily_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CltBackupActions) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;

  if (!clt_backup_daily_finish (CLT_STORE (object), result, &made, &error))
    {
      g_autofree char *text = NULL;

      if (is_cancelled (error))
        return;

      /* The copy met damage the window had not: the window says it. */
      if (g_error_matches (error, CLT_STORE_ERROR, CLT_STORE_ERROR_DAMAGED) && self->store != NULL)
        {
          clt_store_mark_damaged (self->store);
          return;
        }

      /* Said where the book's safety is, with a way to save a copy. */
      /* Translators: %s says why, e.g. that the disk is full. */
      text = g_strdup_printf (_("Today’s copy of the book could not be made: %s"), error->message);
      set_notice (self, text);
      return;
    }
  else if (made != NULL && self->window != NULL && clt_store_get_anonymise_after_years (self->store) > 0)
    {
      /* The copy anonymised inactive customers, on its own connection. */
      clt_window_reload (self->window);
    }

  check_notice (self);
}

static gboolean
start_idle_cb (gpointer user_data)
{
  CltBackupActions *self = user_data;

  self->start_idle_id = 0;

  /* The sample book is made up and made again: no copies of it. */
  if (self->window == NULL || clt_window_get_sample (self->window))
    return G_SOURCE_REMOVE;

  clt_backup_daily_async (self->store, now_unix (), self->cancellable, daily_cb, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static gboolean
first_frame_tick_cb (GtkWidget     *widget,
                     GdkFrameClock *clock,
                     gpointer       user_data)
{
  CltBackupActions *self = user_data;

  /* The frame is painted right after its tick; the day's copy starts once
   * the main loop has nothing more urgent, so the window shows first. */
  self->tick_id = 0;
  self->start_idle_id = g_idle_add_full (G_PRIORITY_LOW, start_idle_cb, self, NULL);

  return G_SOURCE_REMOVE;
}

static void
save_copy_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  CltBackupActions *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;
  gboolean other_drive = FALSE;

  if (!clt_backup_save_copy_finish (CLT_STORE (object), result, &other_drive, &error))
    {
      if (is_cancelled (error))
        return;

      set_busy (self, FALSE);
      show_error (self, _("The Copy Was Not Saved"), error->message);
      return;
    }

  set_busy (self, FALSE);

  /* Copies on the book's own disk do not survive it: said until one is
   * saved on another drive. */
  if (other_drive)
    set_notice (self, NULL);
  else
    set_notice (self, _("Your last copy is on the same disk as the book: save one on another drive too"));

  parent = g_file_get_parent (job->file);
  folder = parent != NULL ? g_file_get_basename (parent) : g_strdup ("/");
  /* Translators: a toast; %s is the folder the copy was saved in. */
  text = g_strdup_printf (_("Copy saved in “%s”"), folder);
  add_text_toast (self, text);
}

static void
save_chooser_response_cb (CltBackupActions *self,
                          int               response,
                          GtkNativeDialog  *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    clt_backup_actions_save_copy_to (self, file);
}

static GtkFileFilter *
new_books_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Clientele Books"));
  gtk_file_filter_add_suffix (filter, "db");

  return filter;
}

static void
save_copy_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CltBackupActions *self = user_data;
  g_autoptr(GtkFileFilter) filter = new_books_filter ();
  g_autofree char *name = clt_backup_actions_propose_name (now_unix ());

  if (self->window == NULL || self->chooser != NULL)
    return;

  /* Through the portal in Flatpak: the app sees only the chosen file. */
  self->chooser = gtk_file_chooser_native_new (_("Save a Copy of the Book"), GTK_WINDOW (self->window),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (save_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
end_restoring (CltBackupActions *self)
{
  if (self->busy_toast != NULL)
    adw_toast_dismiss (self->busy_toast);
  if (self->restoring && self->window != NULL)
    gtk_widget_set_sensitive (GTK_WIDGET (self->window), TRUE);
  self->restoring = FALSE;
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  CltBackupActions *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *day = NULL;
  g_autofree char *title = NULL;

  clt_backup_restore_finish (CLT_STORE (object), result, &aside, &error);
  if (is_cancelled (error))
    return;

  end_restoring (self);
  set_busy (self, FALSE);

  if (error != NULL)
    {
      show_error (self, _("The Copy Was Not Restored"), error->message);
      return;
    }

  if (self->window == NULL)
    return;

  /* The copy went into the book through a connection of its own. */
  clt_window_reload (self->window);
  day = format_day (job->taken_at);
  /* Translators: a toast; %s is a day, e.g. "5 December 2026". */
  title = g_strdup_printf (_("Book restored from the copy of %s"), day);
  add_text_toast (self, title);
}

static void
restore_damaged_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Job) job = user_data;
  g_autoptr(CltBackupActions) self = g_object_ref (job->self);
  g_autoptr(GError) error = NULL;
  g_autofree char *day = NULL;
  g_autofree char *title = NULL;

  clt_backup_restore_damaged_finish (result, NULL, &error);
  if (is_cancelled (error))
    return;

  end_restoring (self);
  set_busy (self, FALSE);

  if (error != NULL)
    {
      show_error (self, _("The Copy Was Not Restored"), error->message);
      return;
    }

  if (self->window == NULL)
    return;

  day = format_day (job->taken_at);
  title = g_strdup_printf (_("Book restored from the copy of %s"), day);
  add_text_toast (self, title);
  /* The window opens the book again, and lets go of these actions. */
  clt_window_reload (self->window);
}

static AdwToast *
new_busy_toast (const char *text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *label = gtk_label_new (text);
  AdwToast *toast = adw_toast_new ("");

  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  adw_toast_set_custom_title (toast, box);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  return toast;
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Job              *job)
{
  CltBackupActions *self = job->self;
  AdwToast *toast;
  Job *restore;

  if (g_strcmp0 (response, "restore") != 0 || self->window == NULL)
    {
      set_busy (self, FALSE);
      return;
    }

  /* Nothing changes the book while it is replaced: a change made now would
   * be lost, or wait for the lock. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->window), FALSE);
  toast = new_busy_toast (_("Restoring the copy…"));
  g_set_weak_pointer (&self->busy_toast, toast);
  add_toast (self, toast);

  restore = job_new (self, job->file, job->path);
  restore->taken_at = job->taken_at;
  self->restoring = TRUE;
  if (self->damaged_path != NULL)
    clt_backup_restore_damaged_async (self->damaged_path, job->path, self->cancellable,
                                      restore_damaged_cb, restore);
  else
    clt_backup_restore_async (self->store, job->path, self->cancellable, restore_cb, restore);
}

static void
confirm_restore (CltBackupActions *self,
                 Job              *job)
{
  g_autofree char *day = format_day (job->taken_at);
  g_autofree char *time = format_time (job->taken_at);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  /* Translators: the heading of the dialog confirming a restore; %s is a
   * day, e.g. "5 December 2026". */
  heading = g_strdup_printf (_("Restore the Copy of %s?"), day);
  /* Translators: the first %s is a day, e.g. "5 December 2026", the second
   * a time, e.g. "14:02". */
  if (self->damaged_path != NULL)
    /* Translators: the first %s is a day, e.g. "5 December 2026", the
     * second a time, e.g. "14:02". */
    body = g_strdup_printf (_("The damaged book will be replaced by this copy, as it was on %s at %s. "
                              "The damaged book is first saved aside, as it is, in the backups folder. "
                              "What was added since the copy was made is not in it."), day, time);
  else
    body = g_strdup_printf (_("The book will be replaced by this copy, as it was on %s at %s. "
                              "The book as it is now is first saved aside in the backups folder. "
                              "Customers erased since then stay erased."), day, time);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self->window), heading, body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb), job, job_free_closure, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
checking_timeout_cb (gpointer user_data)
{
  CltBackupActions *self = user_data;
  AdwToast *toast = new_busy_toast (_("Reading the copy…"));

  self->checking_id = 0;
  g_set_weak_pointer (&self->busy_toast, toast);
  add_toast (self, toast);

  return G_SOURCE_REMOVE;
}

static void
end_checking (CltBackupActions *self)
{
  g_clear_handle_id (&self->checking_id, g_source_remove);
  if (self->busy_toast != NULL)
    adw_toast_dismiss (self->busy_toast);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  if (!clt_backup_check_file (job->path, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job->taken_at = g_stat (job->path, &st) == 0 ? (gint64) st.st_mtime : now_unix ();
  g_task_return_boolean (task, TRUE);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CltBackupActions *self = CLT_BACKUP_ACTIONS (object);
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));
  Job *confirm;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (is_cancelled (error))
        return;

      end_checking (self);
      set_busy (self, FALSE);
      show_error (self, _("The Copy Was Not Restored"), error->message);
      return;
    }

  end_checking (self);
  if (self->window == NULL)
    {
      set_busy (self, FALSE);
      return;
    }

  confirm = job_new (self, job->file, job->path);
  confirm->taken_at = job->taken_at;
  confirm_restore (self, confirm);
}

static void
restore_chooser_response_cb (CltBackupActions *self,
                             int               response,
                             GtkNativeDialog  *chooser)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL)
    clt_backup_actions_restore_from (self, file);
}

static void
restore_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  CltBackupActions *self = user_data;
  g_autoptr(GtkFileFilter) books = new_books_filter ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *folder = clt_backup_get_folder ();

  if (self->window == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Restore a Copy of the Book"), GTK_WINDOW (self->window),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), books);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);

  /* The daily copies are where most restores start from. */
  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) start = g_file_new_for_path (folder);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), start, NULL);
    }

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (restore_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
clt_backup_actions_dispose (GObject *object)
{
  CltBackupActions *self = CLT_BACKUP_ACTIONS (object);

  g_cancellable_cancel (self->cancellable);
  end_restoring (self);
  if (self->tick_id != 0 && self->window != NULL)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->window), self->tick_id);
  self->tick_id = 0;
  g_clear_handle_id (&self->start_idle_id, g_source_remove);
  g_clear_handle_id (&self->checking_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->busy_toast);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (clt_backup_actions_parent_class)->dispose (object);
}

static void
clt_backup_actions_finalize (GObject *object)
{
  CltBackupActions *self = CLT_BACKUP_ACTIONS (object);

  g_clear_object (&self->cancellable);
  g_free (self->notice);
  g_free (self->damaged_path);

  G_OBJECT_CLASS (clt_backup_actions_parent_class)->finalize (object);
}

static void
clt_backup_actions_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CltBackupActions *self = CLT_BACKUP_ACTIONS (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    case PROP_NOTICE:
      g_value_set_string (value, self->notice);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_backup_actions_class_init (CltBackupActionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_backup_actions_dispose;
  object_class->finalize = clt_backup_actions_finalize;
  object_class->get_property = clt_backup_actions_get_property;

  /**
   * CltBackupActions:busy:
   *
   * Whether a copy is being saved or restored (or the file to restore
   * checked); the actions are disabled meanwhile.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * CltBackupActions:notice:
   *
   * What the window should say about the book's safety, with a way to
   * save a copy: no copy was saved elsewhere for a month, the last one is
   * on the book's own disk, or the day's copy failed. %NULL when all is
   * well.
   */
  properties[PROP_NOTICE] =
    g_param_spec_string ("notice", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_backup_actions_init (CltBackupActions *self)
{
  static const GActionEntry entries[] = {
    { .name = "save-copy", .activate = save_copy_action },
    { .name = "restore", .activate = restore_action },
  };

  self->cancellable = g_cancellable_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}

/**
 * clt_backup_actions_new:
 * @window: the #CltWindow showing @store
 * @store: the book
 *
 * The "backup" actions of @window, to insert in it with
 * gtk_widget_insert_action_group(). Once @window has painted its first
 * frame, the day's automatic copy of @store is taken in a thread, then
 * #CltBackupActions:notice says if no copy was saved elsewhere for a month.
 */
CltBackupActions *
clt_backup_actions_new (GtkWindow *window,
                        CltStore  *store)
{
  CltBackupActions *self;

  g_return_val_if_fail (CLT_IS_WINDOW (window), NULL);
  g_return_val_if_fail (CLT_IS_STORE (store), NULL);

  self = g_object_new (CLT_TYPE_BACKUP_ACTIONS, NULL);
  g_set_weak_pointer (&self->window, CLT_WINDOW (window));
  self->store = g_object_ref (store);
  update_actions (self);
  self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (window), first_frame_tick_cb, self, NULL);

  return self;
}

/**
 * clt_backup_actions_new_for_damaged:
 * @window: the #CltWindow saying that the book is damaged
 * @path: the damaged book
 *
 * The "backup" actions of @window for a book found damaged: only
 * backup.restore, which saves the damaged book aside as it is and puts a
 * copy in its place, then has @window open the book again
 * (clt_window_reload()). No automatic copy of a damaged book is taken.
 */
CltBackupActions *
clt_backup_actions_new_for_damaged (GtkWindow  *window,
                                    const char *path)
{
  CltBackupActions *self;

  g_return_val_if_fail (CLT_IS_WINDOW (window), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CLT_TYPE_BACKUP_ACTIONS, NULL);
  g_set_weak_pointer (&self->window, CLT_WINDOW (window));
  self->damaged_path = g_strdup (path);
  update_actions (self);

  return self;
}

/**
 * clt_backup_actions_get_notice:
 * @self: the actions
 *
 * Returns: (nullable): what the window should say about the book's
 *   safety, see #CltBackupActions:notice
 */
const char *
clt_backup_actions_get_notice (CltBackupActions *self)
{
  g_return_val_if_fail (CLT_IS_BACKUP_ACTIONS (self), NULL);

  return self->notice;
}

gboolean
clt_backup_actions_get_busy (CltBackupActions *self)
{
  g_return_val_if_fail (CLT_IS_BACKUP_ACTIONS (self), FALSE);

  return self->busy;
}

/**
 * clt_backup_actions_save_copy_to:
 * @self: the actions
 * @file: where to save the copy, replaced if it exists
 *
 * What "Save a Copy…" does once the file is chosen: writes the copy in a
 * thread, then a toast says where it went, and #CltBackupActions:notice
 * warns when that is the book's own disk.
 */
void
clt_backup_actions_save_copy_to (CltBackupActions *self,
                                 GFile            *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (CLT_IS_BACKUP_ACTIONS (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!self->busy);
  g_return_if_fail (self->store != NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("The Copy Was Not Saved"),
                  _("A copy can only be saved in a folder of this computer or of a drive connected to it."));
      return;
    }

  set_busy (self, TRUE);
  clt_backup_save_copy_async (self->store, path, self->cancellable, save_copy_cb, job_new (self, file, path));
}

/**
 * clt_backup_actions_restore_from:
 * @self: the actions
 * @file: a copy of a book
 *
 * What "Restore…" does once the file is chosen: checks it in a thread,
 * then asks for confirmation, then restores it in a thread while the
 * window waits, and reloads the window. A file that is not a sound copy
 * is refused with the reason, and nothing changes.
 */
void
clt_backup_actions_restore_from (CltBackupActions *self,
                                 GFile            *file)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (CLT_IS_BACKUP_ACTIONS (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (!self->busy);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_error (self, _("The Copy Was Not Restored"), _("Only a copy in a folder of this computer or of a drive connected to it "
                            "can be restored. Nothing was changed."));
      return;
    }

  set_busy (self, TRUE);
  /* A quick check reads the whole file: over half a second for a large
   * book, which is said if it comes to that. */
  self->checking_id = g_timeout_add (250, checking_timeout_cb, self);
  task = g_task_new (self, self->cancellable, checked_cb, NULL);
  g_task_set_source_tag (task, clt_backup_actions_restore_from);
  g_task_set_task_data (task, job_new (self, file, path), (GDestroyNotify) job_free);
  g_task_run_in_thread (task, check_thread);
}

/**
 * clt_backup_actions_propose_name:
 * @now_unix: now
 *
 * Returns: the name "Save a Copy…" proposes, with the day in it so that
 *   copies sort by date: "Clientele 2026-12-05.db"
 */
char *
clt_backup_actions_propose_name (gint64 now_unix)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (now_unix);

  return g_date_time_format (now, "Clientele %Y-%m-%d.db");
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-application"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "clt-a11y.h"
#include "clt-gui-util.h"
#include "clt-background.h"
#include "clt-core.h"
#include "clt-preferences-window.h"
#include "clt-promise-toast.h"
#include "clt-reminders.h"
#include "clt-sample.h"
#include "clt-sync-runner.h"
#include "clt-write.h"

#include "clt-application.h"
#include "clt-help.h"

/* Enough customers to look around, few enough to be made in a moment. */
#define SAMPLE_CUSTOMERS 200

struct _CltApplication
{
  AdwApplication  parent_instance;

  char           *sample_path;
  /* --database, read before a service starts: it has no command line. */
  char           *service_path;
  GSettings      *settings;
  /* The reminders of the first book opened (never the sample), sharing
   * its store with the window showing it. */
  CltReminders   *reminders;
  /* The outbox of that same book, sending with no window open too. Other
   * books' outboxes live with their windows. */
  CltOutbox      *outbox;
  /* The sync rounds of that same book, with no window open too. */
  CltSyncRunner  *sync_runner;
  /* Held while the user wants reminders with no window open. */
  gboolean        held_for_background;
  /* GL turned off for gtk_init() (clt_application_choose_renderer()). */
  gboolean        without_gl;
  /* Held while this is the running Clientele (clt_instance_lock_take()). */
  int             instance_lock;
};

G_DEFINE_FINAL_TYPE (CltApplication, clt_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "database", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Open the customer book stored in PATH"), N_("PATH") },
  { NULL }
};

static CltWindow *
find_window_for_path (CltApplication *self,
                      const char     *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CLT_IS_WINDOW (l->data) &&
          g_strcmp0 (clt_window_get_path (CLT_WINDOW (l->data)), path) == 0)
        return CLT_WINDOW (l->data);
    }

  return NULL;
}

static gboolean
say_book_damaged_cb (gpointer user_data)
{
  CltApplication *self = user_data;
  CltStore *store = self->reminders != NULL ? clt_reminders_get_store (self->reminders) : NULL;
  g_autoptr(GNotification) notification = NULL;

  /* A window showing the book says it already. */
  if (store == NULL || !clt_store_is_damaged (store) ||
      find_window_for_path (self, clt_store_get_path (store)) != NULL)
    return G_SOURCE_REMOVE;

  /* Activated, it opens the window, which offers to restore a copy. */
  notification = g_notification_new (_("The Customer Book Is Damaged"));
  g_notification_set_body (notification,
                           _("Reminders and e-mail sending have stopped. Open Clientele to restore a copy of the book."));
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_application_send_notification (G_APPLICATION (self), "book-damaged", notification);

  return G_SOURCE_REMOVE;
}

/* The reminders' book was found damaged (by the check once it started, or
 * by a query): with no window to say so, a notification does, since the
 * reminders stop. The signal may come in the middle of a query. */
static void
reminders_book_damaged_cb (CltApplication *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, say_book_damaged_cb, g_object_ref (self), g_object_unref);
}

/* Starts the reminders of the book in @path, with @store or a store of
 * their own, unless the process already reminds of a book. */
static void
ensure_reminders (CltApplication *self,
                  const char     *path,
                  CltStore       *store)
{
  g_autoptr(CltStore) own_store = NULL;
  g_autoptr(GError) error = NULL;

  if (self->reminders != NULL || g_strcmp0 (path, self->sample_path) == 0 ||
      (store != NULL && clt_store_is_damaged (store)))
    return;

  /* The buttons of a notification reach the instance owning the
   * application ID on the bus: a non-unique one (the tests) would remind
   * beside it, and never hear them. */
  if (g_application_get_flags (G_APPLICATION (self)) & G_APPLICATION_NON_UNIQUE)
    return;

  if (store == NULL)
    {
      own_store = clt_store_open (path, &error);
      if (own_store == NULL)
        {
          g_warning ("No reminders: could not open %s: %s", path, error->message);
          return;
        }
      store = own_store;
    }

  self->reminders = clt_reminders_new (G_APPLICATION (self), store);
  g_signal_connect_object (store, "damaged", G_CALLBACK (reminders_book_damaged_cb), self,
                           G_CONNECT_SWAPPED);
  clt_reminders_start (self->reminders);
}

/* With no window to say it in, sending that stopped for a password is
 * told in a notification. */
static void
outbox_paused_cb (CltApplication *self,
                  CltOutbox      *outbox)
{
  CltStore *store = clt_outbox_get_store (outbox);
  g_autofree char *reason = clt_store_get_outbox_paused (store);
  g_autoptr(GNotification) notification = NULL;

  if (reason == NULL || find_window_for_path (self, clt_store_get_path (store)) != NULL)
    return;

  notification = g_notification_new (_("E-mail Sending Is Paused"));
  g_notification_set_body (notification, reason);
  g_notification_set_default_action (notification, "app.show-outbox");
  g_application_send_notification (G_APPLICATION (self), "outbox-paused", notification);
}

/* The outbox of the book in @path, started. The reminders' book keeps its
 * outbox for as long as the application runs.
 *
 * Returns: (transfer full) (nullable): the outbox, none for the sample */
static CltOutbox *
ensure_outbox (CltApplication *self,
               const char     *path,
               CltStore       *store)
{
  CltOutbox *outbox;

  if (g_strcmp0 (path, self->sample_path) == 0)
    return NULL;

  if (self->outbox != NULL &&
      g_strcmp0 (clt_store_get_path (clt_outbox_get_store (self->outbox)), path) == 0)
    return g_object_ref (self->outbox);

  outbox = clt_outbox_new (store);
  /* The main loop never waits for another program's write (issue 11). */
  clt_outbox_set_patience (outbox, 10);
  /* Nothing is sent from a book before its check (issue 11). */
  clt_outbox_set_wait_for_check (outbox, TRUE);
  clt_outbox_start (outbox);

  if (self->outbox == NULL && self->reminders != NULL &&
      clt_reminders_get_store (self->reminders) == store)
    {
      self->outbox = g_object_ref (outbox);
      g_signal_connect_object (outbox, "paused", G_CALLBACK (outbox_paused_cb), self, G_CONNECT_SWAPPED);
    }

  return outbox;
}

/* The sync rounds of the book in @path, started; shared with the
 * application for the reminders' book, as its outbox.
 *
 * Returns: (transfer full) (nullable): the rounds, none for the sample */
static CltSyncRunner *
ensure_sync_runner (CltApplication *self,
                    const char     *path,
                    CltStore       *store)
{
  CltSyncRunner *runner;

  if (g_strcmp0 (path, self->sample_path) == 0)
    return NULL;

  if (self->sync_runner != NULL &&
      g_strcmp0 (clt_store_get_path (clt_sync_runner_get_store (self->sync_runner)), path) == 0)
    return g_object_ref (self->sync_runner);

  runner = clt_sync_runner_new (store);
  clt_sync_runner_start (runner);

  if (self->sync_runner == NULL && self->reminders != NULL &&
      clt_reminders_get_store (self->reminders) == store)
    self->sync_runner = g_object_ref (runner);

  return runner;
}

static CltStore *
get_reminders_store (CltApplication *self)
{
  if (self->reminders == NULL)
    {
      g_autofree char *path = clt_store_default_path ();

      ensure_reminders (self, path, NULL);
    }

  if (self->reminders == NULL)
    {
      g_warning ("No customer book to act on");
      return NULL;
    }

  return clt_reminders_get_store (self->reminders);
}

/* A button of a notification left showing after the promise was kept,
 * deleted… from elsewhere: nothing to do, and nothing wrong. */
/* What a reminder's button changes. */
typedef struct
{
  CltApplication *application;
  CltStore       *store;
  gint64          promise_id;
  gint64          remind;      /* 0 to mark the promise kept */
  gboolean        changed;     /* not kept or deleted elsewhere meanwhile */
} ReminderChange;

static gboolean
reminder_change_write (CltStore  *store,
                       gpointer   data,
                       GError   **error)
{
  ReminderChange *change = data;
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (change->remind == 0)
    ok = clt_store_set_promise_status (store, change->promise_id, CLT_PROMISE_KEPT, &local_error);
  else
    ok = clt_store_set_promise_remind (store, change->promise_id, change->remind, &local_error);

  /* Kept, cancelled or deleted since the reminder came: nothing to do. */
  if (g_error_matches (local_error, CLT_STORE_ERROR, CLT_STORE_ERROR_INVALID) ||
      g_error_matches (local_error, CLT_STORE_ERROR, CLT_STORE_ERROR_NOT_FOUND))
    {
      g_debug ("Promise %" G_GINT64_FORMAT " not changed: %s", change->promise_id, local_error->message);
      return TRUE;
    }

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  change->changed = ok;
  return ok;
}

/* Kept from the notification: a window on the same book says so, with
 * Undo, as if it had been kept there. */
static void
reminder_changed_cb (GtkWidget    *widget,
                     const GError *error,
                     gpointer      data)
{
  ReminderChange *change = data;
  CltStore *store = change->store;

  if (change->remind != 0 || !change->changed)
    return;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (change->application)); l != NULL; l = l->next)
    if (CLT_IS_WINDOW (l->data) && clt_window_get_store (l->data) == store &&
        gtk_widget_get_visible (l->data))
      {
        clt_promise_toast_closed (l->data, store, change->promise_id, CLT_PROMISE_KEPT, TRUE);
        return;
      }
}

static void
reminder_change_free (ReminderChange *change)
{
  g_object_unref (change->application);
  g_object_unref (change->store);
  g_free (change);
}

static void
change_reminded_promise (CltApplication *self,
                         CltStore       *store,
                         gint64          promise_id,
                         gint64          remind)
{
  ReminderChange *change = g_new0 (ReminderChange, 1);

  change->application = g_object_ref (self);
  change->store = g_object_ref (store);
  change->promise_id = promise_id;
  change->remind = remind;
  clt_write_run (store, NULL,
                 remind == 0 ? _("The promise was not marked as kept.") : _("The reminder was not snoozed."),
                 reminder_change_write, reminder_changed_cb, change, (GDestroyNotify) reminder_change_free);
  clt_reminders_withdraw (self->reminders, promise_id);
}

/* With "run-in-background" the application stays, reminding, when its
 * last window closes; and starts with the session. */
static void
update_run_in_background (CltApplication *self,
                          gboolean        initial)
{
  gboolean enabled = g_settings_get_boolean (self->settings, "run-in-background");

  clt_background_update (GTK_APPLICATION (self), self->settings, initial);

  if (enabled && !self->held_for_background)
    g_application_hold (G_APPLICATION (self));
  else if (!enabled && self->held_for_background)
    g_application_release (G_APPLICATION (self));
  self->held_for_background = enabled;
}

static void
run_in_background_changed_cb (CltApplication *self)
{
  update_run_in_background (self, FALSE);
}

static void
setup_settings (CltApplication *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GAction) action = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, CLT_SETTINGS_SCHEMA_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "run-in-background"))
    return;

  self->settings = g_settings_new_full (schema, NULL, NULL);
  action = g_settings_create_action (self->settings, "run-in-background");
  g_action_map_add_action (G_ACTION_MAP (self), action);
  g_signal_connect_swapped (self->settings, "changed::run-in-background",
                            G_CALLBACK (run_in_background_changed_cb), self);
  update_run_in_background (self, TRUE);
}

/* The window of the book the reminders are of, presented; NULL when it
 * cannot be opened (the window then says why). */
static CltWindow *
present_reminders_book (CltApplication *self)
{
  CltStore *store = get_reminders_store (self);
  CltWindow *window;

  if (store == NULL)
    return NULL;

  window = clt_application_open_book (self, clt_store_get_path (store));
  return clt_window_get_store (window) != NULL ? window : NULL;
}

static void
clt_application_open_customer_action (GSimpleAction *action,
                                      GVariant      *parameter,
                                      gpointer       user_data)
{
  CltWindow *window = present_reminders_book (user_data);

  if (window != NULL)
    clt_window_open_customer (window, g_variant_get_int64 (parameter));
}

/* The desktop's search (src/search-provider) hands on what was typed. */
static void
clt_application_search_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  CltWindow *window = present_reminders_book (user_data);

  if (window != NULL)
    clt_window_search_for (window, g_variant_get_string (parameter, NULL));
}

static void
clt_application_snooze_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  CltApplication *self = user_data;
  CltStore *store = get_reminders_store (self);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  const char *how;
  gint64 promise_id;
  CltSnooze snooze;
  gint64 remind;

  if (store == NULL)
    return;

  g_variant_get (parameter, "(x&s)", &promise_id, &how);
  if (g_strcmp0 (how, "hour") == 0)
    snooze = CLT_SNOOZE_ONE_HOUR;
  else if (g_strcmp0 (how, "tomorrow") == 0)
    snooze = CLT_SNOOZE_TOMORROW;
  else
    {
      g_warning ("Unknown snooze “%s”", how);
      return;
    }

  remind = clt_schedule_snooze (tz, g_get_real_time () / G_USEC_PER_SEC, snooze);
  change_reminded_promise (self, store, promise_id, remind);
}

static void
clt_application_mark_kept_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  CltApplication *self = user_data;
  CltStore *store = get_reminders_store (self);
  gint64 promise_id = g_variant_get_int64 (parameter);

  if (store == NULL)
    return;

  change_reminded_promise (self, store, promise_id, 0);
}

/* For the start-up benchmark (tests/bench/bench-startup.c): prints the
 * monotonic time of the window's first painted frame, then quits. */
static void
first_frame_cb (GdkFrameClock *clock,
                GtkWindow     *window)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, window);
  g_print ("first-frame %" G_GINT64_FORMAT " %s\n", g_get_monotonic_time (),
           renderer != NULL ? G_OBJECT_TYPE_NAME (renderer) : "none");
  g_application_quit (G_APPLICATION (gtk_window_get_application (window)));
}

static void
first_frame_realize_cb (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect_object (clock, "after-paint", G_CALLBACK (first_frame_cb), window, 0);
}

static gboolean
purge_trash_idle_cb (gpointer user_data)
{
  CltStore *store = user_data;

  /* Customers deleted when Clientele last stopped, undo toast showing. */
  clt_write_run (store, NULL,
                 _("The deleted customers are not erased yet: they will be when Clientele next starts."),
                 clt_write_purge_trash, NULL, NULL, NULL);

  return G_SOURCE_REMOVE;
}

static gboolean
remove_book_file (const char  *path,
                  GError     **error)
{
  int saved_errno;

  if (g_unlink (path) == 0 || errno == ENOENT)
    return TRUE;

  saved_errno = errno;
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not remove the old sample book “%s”: %s"),
               path, g_strerror (saved_errno));

  return FALSE;
}

static void
sample_created_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CltApplication *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!clt_sample_create_finish (result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, clt_application_open_book (self, self->sample_path), NULL);
}

static void
clt_application_show_outbox_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  CltApplication *self = user_data;
  CltStore *store = get_reminders_store (self);
  CltWindow *window;

  if (store == NULL)
    return;

  window = clt_application_open_book (self, clt_store_get_path (store));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outbox", NULL);
}

static void
account_changed_cb (CltWindow *window)
{
  CltOutbox *outbox = clt_window_get_outbox (window);

  /* A new password or server: what was paused may go now. */
  if (outbox != NULL)
    clt_outbox_resume (outbox);
}

/* Preferences open on @page ("mail"…), or on their first, General. */
static void
show_preferences (CltApplication *self,
                  const char     *page)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *window = active;
  CltPreferencesWindow *preferences;
  CltStore *store;

  /* From a dialog, the preferences are those of the book under it. */
  while (window != NULL && !CLT_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  if (window == NULL || (store = clt_window_get_store (CLT_WINDOW (window))) == NULL)
    return;

  preferences = clt_preferences_window_new (active, store);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  g_signal_connect_object (preferences, "account-changed", G_CALLBACK (account_changed_cb),
                           window, G_CONNECT_SWAPPED);
  if (page != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), page);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
clt_application_preferences_action (GSimpleAction *action,
                                    GVariant      *parameter,
                                    gpointer       user_data)
{
  show_preferences (CLT_APPLICATION (user_data), NULL);
}

static void
clt_application_preferences_page_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
  show_preferences (CLT_APPLICATION (user_data), g_variant_get_string (parameter, NULL));
}

/* The book of the window in front (or under the dialog in front), else
 * the one the application keeps. */
static void
clt_application_sync_now_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  CltApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  CltSyncRunner *runner = self->sync_runner;

  while (window != NULL && !CLT_IS_WINDOW (window))
    window = gtk_window_get_transient_for (window);
  if (window != NULL && clt_window_get_sync_runner (CLT_WINDOW (window)) != NULL)
    runner = clt_window_get_sync_runner (CLT_WINDOW (window));

  if (runner != NULL)
    clt_sync_runner_sync_now (runner);
}

static void
clt_application_quit_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  CltApplication *self = user_data;
  g_autoptr(GList) windows = NULL;

  /* Closing rather than quitting lets every window save its size. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
}

static void
clt_application_about_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  CltApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *version = NULL;
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "modal", TRUE,
                        "application-name", _("Clientele"),
                        "application-icon", APPLICATION_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Clientele developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/clientele/clientele",
                        "issue-url", "https://github.com/clientele/clientele/issues",
                        /* Translators: replace with your names, one per line. */
                        "translator-credits", _("translator-credits"),
                        NULL);
  /* Translators: the version button of the About window, for a screen reader. */
  version = g_strdup_printf (_("Version %s"), PACKAGE_VERSION);
  clt_a11y_name_buttons_showing (about, PACKAGE_VERSION, version);
  gtk_window_present (GTK_WINDOW (about));
}

static void
clt_application_shortcuts_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  CltApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  /* A dialog has no shortcuts window of its own: show its parent's. */
  while (window != NULL && !GTK_IS_APPLICATION_WINDOW (window))
    window = gtk_window_get_transient_for (window);

  if (window == NULL)
    return;

  /* Built when first asked for, not with every window as GTK would from
   * gtk/help-overlay.ui: ~10 ms of start-up. */
  if (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)) == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (RESOURCE_PATH "/clt-help-overlay.ui");

      gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (window),
                                               GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
    }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
clt_application_help_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  clt_help_show (GTK_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", clt_application_quit_action },
  { "about", clt_application_about_action },
  { "preferences", clt_application_preferences_action },
  { "preferences-page", clt_application_preferences_page_action, "s" },
  { "show-outbox", clt_application_show_outbox_action },
  { "sync-now", clt_application_sync_now_action },
  { "shortcuts", clt_application_shortcuts_action },
  { "help", clt_application_help_action },
  { "open-customer", clt_application_open_customer_action, "x" },
  { "search", clt_application_search_action, "s" },
  { "snooze", clt_application_snooze_action, "(xs)" },
  { "mark-kept", clt_application_mark_kept_action, "x" },
};

/**
 * clt_application_choose_renderer:
 *
 * Without a GPU, GTK's GL is Mesa's software rasterizer: on the machine
 * of tests/bench/bench-startup it costs ~120 ms more to the first frame
 * than drawing with cairo, and more for each frame after. A choice of the
 * user's stands. Call before gtk_init(), as the benchmarks of the window
 * do to draw as it does.
 *
 * Returns: %TRUE when GL was turned off for gtk_init() (GDK_DEBUG, to be
 *   unset after it); GSK, which would try GL first for every window, is
 *   told to draw with cairo
 */
gboolean
clt_application_choose_renderer (void)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* Too late once GTK is up, as in the tests. */
  if (gdk_display_get_default () != NULL)
    return FALSE;

  if (g_getenv ("GDK_DEBUG") != NULL || g_getenv ("GSK_RENDERER") != NULL ||
      g_getenv ("LIBGL_ALWAYS_SOFTWARE") != NULL ||
      g_file_test ("/dev/nvidiactl", G_FILE_TEST_EXISTS))
    return FALSE;

  dir = g_dir_open ("/dev/dri", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return FALSE;

  return g_setenv ("GSK_RENDERER", "cairo", TRUE) && g_setenv ("GDK_DEBUG", "gl-disable", TRUE);
}

/**
 * clt_application_warm_up:
 *
 * Does GTK's first-time work for a window without showing one: makes the
 * window's classes, styles a window and lays out its text (loading the
 * fonts), and draws the application's icon, which the window manager is
 * given. The service calls it once idle, so that the window it opens when
 * asked (Clientele running in the background) appears some 30 ms sooner.
 * Leaves no window and changes no setting.
 */
void
clt_application_warm_up (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  GtkWidget *window;

  g_return_if_fail (display != NULL);

  window = GTK_WIDGET (clt_window_new (NULL));
  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, NULL, NULL, NULL, NULL);
  gtk_widget_measure (window, GTK_ORIENTATION_VERTICAL, -1, NULL, NULL, NULL, NULL);
  gtk_window_destroy (GTK_WINDOW (window));

  /* GtkWindow gives it to the window manager at 48 pixels when scalable:
   * the icon theme keeps it drawn. */
  icon = gtk_icon_theme_lookup_icon (gtk_icon_theme_get_for_display (display), APPLICATION_ID, NULL,
                                     48, 1, GTK_TEXT_DIR_NONE, 0);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (GDK_PAINTABLE (icon), snapshot, 48, 48);
  node = gtk_snapshot_free_to_node (snapshot);
}

static gboolean
warm_up_idle_cb (gpointer user_data)
{
  GtkApplication *app = user_data;

  /* Started to open one (D-Bus activation from the desktop): done. */
  if (gtk_application_get_windows (app) == NULL)
    clt_application_warm_up ();
  /* For a dialog the service shows without a window; a window sets its
   * own after its first frame (see CltWindow). */
  clt_gui_set_default_icon ();

  return G_SOURCE_REMOVE;
}

/* libadwaita 1.2's adw_init() makes the display's GtkSettings, which parse
 * the GTK theme the display names (GTK's own, some 10 ms of CSS, a tenth
 * of the time to the first frame), then tells them to use its empty theme
 * instead. Made while GTK_THEME names the empty theme, they parse nothing
 * (gnome-settings-daemon does the same); once unset, libadwaita styles the
 * application as usual. A theme the user chose with GTK_THEME stands. */
static void
make_settings_without_gtk_theme (void)
{
  if (g_getenv ("GTK_THEME") != NULL || gdk_display_get_default () != NULL)
    return;

  g_setenv ("GTK_THEME", "Adwaita-empty", TRUE);
  if (gtk_init_check ())
    gtk_settings_get_default ();
  g_unsetenv ("GTK_THEME");
}

/* Reading the icon theme (Adwaita's and hicolor's index and caches) took
 * some 12 ms of the first frame, at the first icon drawn. GtkIconTheme
 * may be looked up from another thread once made on the main one; the
 * window's first icon then waits only for what is left of the reading. */
static gpointer
read_icon_theme_thread (gpointer data)
{
  g_autoptr(GtkIconTheme) theme = data;

  gtk_icon_theme_has_icon (theme, "open-menu-symbolic");

  return NULL;
}

static void
read_icon_theme (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  GtkIconTheme *theme;

  if (display == NULL)
    return;

  theme = gtk_icon_theme_get_for_display (display);
  g_thread_unref (g_thread_new ("clt-icon-theme", read_icon_theme_thread, g_object_ref (theme)));
}

/* GTK up, without GL where it would be Mesa's software rasterizer and
 * without GTK's own theme: startup, or earlier while registering. */
static void
set_up_gtk (CltApplication *self)
{
  if (clt_application_choose_renderer ())
    self->without_gl = TRUE;
  make_settings_without_gtk_theme ();
}

static void
clt_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.help", { "F1", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.new-customer", { "<Control>n", NULL } },
    { "win.log-contact", { "<Control>l", NULL } },
    { "win.compose('')", { "<Control>m", NULL } },
    { "win.print", { "<Control>p", NULL } },
    /* On a French AZERTY keyboard the digits are shifted: GTK matches
     * Alt+Shift+& as Alt+1. Ctrl+Page Up and Down need no digits. */
    { "win.show-view('customers')", { "<Alt>1", NULL } },
    { "win.show-view('today')", { "<Alt>2", NULL } },
    { "win.show-view('outbox')", { "<Alt>3", NULL } },
    { "window.close", { "<Control>w", NULL } },
    /* Reached through app.shortcuts, which also works from a dialog. */
    { "win.show-help-overlay", { NULL } },
  };

  CltApplication *self = CLT_APPLICATION (app);
  g_autofree char *lock_path = clt_instance_lock_path (g_application_get_application_id (app));

  /* The running Clientele, until it exits: a hint for the next one
   * started (clt_application_handle_local_options()). */
  if (self->instance_lock < 0)
    self->instance_lock = clt_instance_lock_take (lock_path);

  /* Done already unless started by g_application_register() alone. */
  set_up_gtk (self);
  G_APPLICATION_CLASS (clt_application_parent_class)->startup (app);
  /* Read by gtk_init(): not for the programs Clientele starts. */
  if (self->without_gl)
    g_unsetenv ("GDK_DEBUG");
  read_icon_theme ();
  /* A service shows no window until asked: the first is made faster by
   * doing GTK's first-time work for it while nobody waits. */
  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    g_idle_add_full (G_PRIORITY_LOW, warm_up_idle_cb, g_object_ref (app), g_object_unref);

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
  /* A window sets it once it shows (see CltWindow): not in its first
   * frame. The service sets it once idle (warm_up_idle_cb()): the desktop
   * starts Clientele as a service to open its window. */

  setup_settings (CLT_APPLICATION (app));

  /* A service (D-Bus activation, the autostart entry) has no window to
   * start the reminders and the outbox: start them now, and catch up. */
  if (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE)
    {
      g_autoptr(CltOutbox) outbox = NULL;
      g_autofree char *path = NULL;

      path = self->service_path != NULL ? g_strdup (self->service_path) : clt_store_default_path ();
      ensure_reminders (self, path, NULL);
      /* The application keeps them: only these references go. */
      if (self->reminders != NULL)
        {
          g_autoptr(CltSyncRunner) runner = NULL;

          outbox = ensure_outbox (self, path, clt_reminders_get_store (self->reminders));
          runner = ensure_sync_runner (self, path, clt_reminders_get_store (self->reminders));
        }
    }
}

/* About to register on the session bus, which startup waits for:
 * connecting, authenticating and asking for the name take some round trips
 * to the bus, with nothing for the main thread to do. GDBus connects in its
 * own thread while the main one opens the display and parses libadwaita's
 * style sheet, as startup would do next (gtk_init() and adw_init() do it
 * once). Not when Clientele already runs (its instance lock is held): a
 * `clientele` started then, with Clientele in the background, only hands
 * its command line over, and that work (some 30 ms) would delay the window
 * it asks for. A service is started by the bus to be the one. */
static void
start_gtk_while_registering (CltApplication *self)
{
  /* Made once: g_application_register() gets the same connection. */
  g_bus_get (G_BUS_TYPE_SESSION, NULL, NULL, NULL);

  set_up_gtk (self);
  if (gdk_display_get_default () != NULL)
    adw_init ();
}

static int
clt_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  CltApplication *self = CLT_APPLICATION (app);
  gboolean service = (g_application_get_flags (app) & G_APPLICATION_IS_SERVICE) != 0;
  g_autofree char *lock_path = clt_instance_lock_path (g_application_get_application_id (app));
  g_autofree char *database = NULL;

  if (service || !clt_instance_lock_is_held (lock_path))
    start_gtk_while_registering (self);

  /* Only a service needs it here: others get it with their command line. */
  if (service && g_variant_dict_lookup (options, "database", "^ay", &database))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (database);

      g_free (self->service_path);
      self->service_path = g_file_get_path (file);
    }

  return -1;
}

static void
clt_application_shutdown (GApplication *app)
{
  CltApplication *self = CLT_APPLICATION (app);

  g_clear_object (&self->reminders);
  if (self->outbox != NULL)
    clt_outbox_stop (self->outbox);
  g_clear_object (&self->outbox);
  if (self->sync_runner != NULL)
    clt_sync_runner_stop (self->sync_runner);
  g_clear_object (&self->sync_runner);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_APPLICATION_CLASS (clt_application_parent_class)->shutdown (app);
}

static void
clt_application_activate (GApplication *app)
{
  CltApplication *self = CLT_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *path = NULL;

  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  /* A service started for another book (--database) opens that one. */
  path = self->service_path != NULL ? g_strdup (self->service_path) : clt_store_default_path ();
  clt_application_open_book (self, path);
}

static int
clt_application_command_line (GApplication            *app,
                              GApplicationCommandLine *command_line)
{
  CltApplication *self = CLT_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree char *database = NULL;
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "database", "^ay", &database))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line, database);

      path = g_file_get_path (file);
    }
  else
    {
      path = clt_store_default_path ();
    }

  clt_application_open_book (self, path);

  return EXIT_SUCCESS;
}

static void
clt_application_finalize (GObject *object)
{
  CltApplication *self = CLT_APPLICATION (object);

  g_free (self->sample_path);
  g_free (self->service_path);
  g_clear_object (&self->reminders);
  g_clear_object (&self->outbox);
  g_clear_object (&self->sync_runner);
  g_clear_object (&self->settings);
  if (self->instance_lock >= 0)
    g_close (self->instance_lock, NULL);

  G_OBJECT_CLASS (clt_application_parent_class)->finalize (object);
}

static void
clt_application_class_init (CltApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = clt_application_finalize;

  app_class->startup = clt_application_startup;
  app_class->activate = clt_application_activate;
  app_class->command_line = clt_application_command_line;
  app_class->handle_local_options = clt_application_handle_local_options;
  app_class->shutdown = clt_application_shutdown;
}

static void
clt_application_init (CltApplication *self)
{
  self->instance_lock = -1;
  self->sample_path = g_build_filename (g_get_user_data_dir (), "clientele", "sample.db", NULL);
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Remember your customers and keep your promises to them."));
}

CltApplication *
clt_application_new (void)
{
  return g_object_new (CLT_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       /* The same resources serve the Devel profile's ID. */
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

/**
 * clt_application_open_book:
 * @self: the application
 * @path: the customer book's database file
 *
 * Presents the window showing the book in @path, opening one if needed.
 * When the book cannot be opened the window says why, and the file is left
 * as it is.
 *
 * Returns: (transfer none): the window
 */
/* The reminders and the outbox of a book found damaged let go of it, so
 * that they start again with the book once restored. */
static void
forget_damaged_book (CltApplication *self,
                     const char     *path)
{
  CltStore *store = self->reminders != NULL ? clt_reminders_get_store (self->reminders) : NULL;

  if (store == NULL || !clt_store_is_damaged (store) || g_strcmp0 (clt_store_get_path (store), path) != 0)
    return;

  g_clear_object (&self->reminders);
  if (self->outbox != NULL)
    clt_outbox_stop (self->outbox);
  g_clear_object (&self->outbox);
  if (self->sync_runner != NULL)
    clt_sync_runner_stop (self->sync_runner);
  g_clear_object (&self->sync_runner);
}

/* Shows the book in @path in @window, in place of what it showed, or why
 * it cannot. */
static void
show_book (CltApplication *self,
           CltWindow      *window,
           const char     *path)
{
  g_autoptr(CltStore) store = NULL;
  g_autoptr(CltOutbox) outbox = NULL;
  g_autoptr(CltSyncRunner) runner = NULL;
  g_autoptr(GError) error = NULL;
  CltOutbox *old_outbox = clt_window_get_outbox (window);
  CltSyncRunner *old_runner = clt_window_get_sync_runner (window);

  forget_damaged_book (self, path);

  /* One store per book in the process: the window sees what the
   * notifications' buttons change, and the reminders what it changes. */
  if (self->reminders != NULL &&
      g_strcmp0 (clt_store_get_path (clt_reminders_get_store (self->reminders)), path) == 0)
    store = g_object_ref (clt_reminders_get_store (self->reminders));
  else
    store = clt_store_open (path, &error);

  /* The outbox of the book shown before, unless the application keeps it. */
  if (old_outbox != NULL && old_outbox != self->outbox)
    clt_outbox_stop (old_outbox);
  clt_window_set_outbox (window, NULL);
  if (old_runner != NULL && old_runner != self->sync_runner)
    clt_sync_runner_stop (old_runner);
  clt_window_set_sync_runner (window, NULL);
  clt_window_set_sample (window, g_strcmp0 (path, self->sample_path) == 0);

  if (store == NULL)
    {
      clt_window_show_error (window, path, error);
      return;
    }

  clt_window_set_store (window, store);
  /* Its first query may have found it damaged: the window says so, and
   * nothing reminds of it or sends from it. */
  if (clt_store_is_damaged (store))
    return;

  ensure_reminders (self, path, store);
  outbox = ensure_outbox (self, path, store);
  clt_window_set_outbox (window, outbox);
  /* Another book's outbox stops with its window, or its timer would keep
   * it sending with nobody to tell. */
  if (outbox != NULL && outbox != self->outbox)
    g_signal_connect_object (window, "destroy", G_CALLBACK (clt_outbox_stop), outbox,
                             G_CONNECT_SWAPPED);
  runner = ensure_sync_runner (self, path, store);
  clt_window_set_sync_runner (window, runner);
  if (runner != NULL && runner != self->sync_runner)
    g_signal_connect_object (window, "destroy", G_CALLBACK (clt_sync_runner_stop), runner,
                             G_CONNECT_SWAPPED);
  g_idle_add_full (G_PRIORITY_LOW, purge_trash_idle_cb, g_object_ref (store), g_object_unref);
}

/**
 * clt_application_open_book:
 * @self: the application
 * @path: the customer book's database file
 *
 * Presents the window showing the book in @path, opening one if needed.
 * When the book cannot be opened the window says why, and the file is left
 * as it is.
 *
 * Returns: (transfer none): the window
 */
CltWindow *
clt_application_open_book (CltApplication *self,
                           const char     *path)
{
  CltWindow *window;

  g_return_val_if_fail (CLT_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  window = find_window_for_path (self, path);
  if (window == NULL)
    {
      window = clt_window_new (GTK_APPLICATION (self));
      if (g_getenv ("CLT_EXIT_AFTER_FIRST_FRAME") != NULL)
        g_signal_connect (window, "realize", G_CALLBACK (first_frame_realize_cb), NULL);
      show_book (self, window, path);
    }

  gtk_window_present (GTK_WINDOW (window));

  return window;
}

/**
 * clt_application_replace_book:
 * @self: the application
 * @window: a window of the application
 * @path: a customer book's database file
 *
 * Shows the book in @path in @window instead of the one it shows (Open
 * Another Book…), or the same book again, read anew (after a restore).
 * When another window shows @path, that one is presented instead.
 */
void
clt_application_replace_book (CltApplication *self,
                              CltWindow      *window,
                              const char     *path)
{
  CltWindow *other;

  g_return_if_fail (CLT_IS_APPLICATION (self));
  g_return_if_fail (CLT_IS_WINDOW (window));
  g_return_if_fail (path != NULL);

  other = find_window_for_path (self, path);
  if (other != NULL && other != window)
    {
      gtk_window_present (GTK_WINDOW (other));
      return;
    }

  show_book (self, window, path);
  gtk_window_present (GTK_WINDOW (window));
}

/**
 * clt_application_get_sample_path:
 * @self: the application
 *
 * Returns: where the sample book is made, beside the user's own book
 */
const char *
clt_application_get_sample_path (CltApplication *self)
{
  g_return_val_if_fail (CLT_IS_APPLICATION (self), NULL);

  return self->sample_path;
}

/**
 * clt_application_open_sample_async:
 * @self: the application
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the sample book is shown
 * @user_data: data for @callback
 *
 * Makes a new sample book of made-up customers, in place of the last one,
 * and opens it in a window of its own. The user's book is not touched.
 */
void
clt_application_open_sample_async (CltApplication      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  CltWindow *window;

  g_return_if_fail (CLT_IS_APPLICATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, clt_application_open_sample_async);

  /* The old sample's window holds it open: close it before removing it. */
  window = find_window_for_path (self, self->sample_path);
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (self->sample_path, suffixes[i], NULL);

      if (!remove_book_file (file, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  dir = g_path_get_dirname (self->sample_path);
  g_mkdir_with_parents (dir, 0700);

  clt_sample_create_async (self->sample_path, SAMPLE_CUSTOMERS, cancellable,
                           sample_created_cb, g_steal_pointer (&task));
}

/**
 * clt_application_open_sample_finish:
 * @self: the application
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer none): the window showing the sample book, or %NULL
 *   with @error set
 */
CltWindow *
clt_application_open_sample_finish (CltApplication  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (CLT_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

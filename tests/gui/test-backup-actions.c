/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-backup-actions"

#include "config.h"

#include <locale.h>

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "clt-backup-actions.h"
#include "clt-preferences-window.h"
#include "clt-privacy-page.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/* The window's side of backups: Save a Copy, Restore, the daily copy, the
 * notice when no copy was saved elsewhere, and the anonymise setting. The
 * file choosers cannot be driven: the tests start right after them. */

#define DAY (24 * 3600)

/* The backups folder is in the user's data folder: a temporary one. */
static char *data_home;

typedef struct
{
  char     *dir;
  char     *path;
  CltStore *store;
  gint64    anne_id;
  gint64    zoe_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = clt_test_gui_make_book_dir ("clientele-backup", &fixture->path);
  fixture->store = clt_store_open (fixture->path, &error);
  g_assert_no_error (error);
  clt_test_gui_set_color_scheme (ADW_COLOR_SCHEME_FORCE_LIGHT);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  g_autofree char *backups = clt_backup_get_folder ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (toplevel);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_object (&fixture->store);
  clt_test_gui_remove_dir (fixture->dir);
  clt_test_gui_remove_dir (backups);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
fill_book (Fixture *fixture)
{
  clt_test_gui_add_customer (fixture->store, "Mme Hélène Dupré");
  fixture->anne_id = clt_test_gui_add_customer (fixture->store, "Anne Moreau");
  clt_test_gui_add_customer (fixture->store, "Marc Lefèvre");
}

/* Moves when customers were added, as if the book had been kept for a
 * while: through SQL, as the store has no reason to offer it. */
static void
set_created_at (Fixture *fixture,
                gint64   customer_id,
                gint64   when)
{
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE customers SET created_at = ?1, updated_at = ?1"
                                           " WHERE id = ?2 OR ?2 = 0", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, when);
  sqlite3_bind_int64 (stmt, 2, customer_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static CltWindow *
open_window (Fixture  *fixture,
             gboolean  sample,
             int       width,
             int       height)
{
  CltWindow *window = clt_window_new (NULL);

  clt_window_set_sample (window, sample);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  clt_window_set_store (window, fixture->store);
  gtk_window_present (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);

  return window;
}

static gboolean
is_not_busy (gpointer data)
{
  return !clt_backup_actions_get_busy (data);
}

static void
wait_until_done (CltWindow *window)
{
  clt_test_gui_spin_until_full (is_not_busy, clt_window_get_backup_actions (window), 30, "the copy or restore");
}

static guint
count_daily_copies (const char *book_path)
{
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  copies = clt_backup_list_copies (book_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < copies->len; i++)
    if (!((CltBackupCopy *) g_ptr_array_index (copies, i))->before_restore)
      count++;

  return count;
}

static guint
count_copies_aside (const char *book_path)
{
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  copies = clt_backup_list_copies (book_path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < copies->len; i++)
    if (((CltBackupCopy *) g_ptr_array_index (copies, i))->before_restore)
      count++;

  return count;
}

static gboolean
has_daily_copy (gpointer data)
{
  return count_daily_copies (data) > 0;
}

static AdwMessageDialog *
wait_for_message_dialog (void)
{
  return ADW_MESSAGE_DIALOG (clt_test_gui_wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG));
}

static gboolean
is_pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Clicks the button of @dialog labelled @label, and waits until the
 * dialog is gone. */
static void
respond (AdwMessageDialog *dialog,
         const char       *label)
{
  gpointer pointer = dialog;

  g_object_add_weak_pointer (G_OBJECT (dialog), &pointer);
  clt_test_gui_click (clt_test_gui_get_button (dialog, label));
  clt_test_gui_spin_until (is_pointer_cleared, &pointer);
}

static gboolean
list_shows (CltWindow  *window,
            const char *name)
{
  GtkListView *list_view = GTK_LIST_VIEW (clt_test_gui_get_widget (window, GTK_TYPE_LIST_VIEW));
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (list_view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      if (g_strcmp0 (clt_customer_get_display_name (clt_test_gui_get_result (window, i)), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The strip above the list, with its button, or nothing. */
static gboolean
notice_is_shown (CltWindow *window)
{
  gboolean shown = clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_button_labelled,
                                             "_Save a Copy…") != NULL;

  g_assert_cmpint (shown, ==, clt_backup_actions_get_notice (clt_window_get_backup_actions (window)) != NULL);

  return shown;
}

static void
test_names (void)
{
  const char *names[] = { "Hélène Dupré", "Anne Moreau", "Marc Lefèvre", "Zoë Martin", "Paul Durand",
                          "Jean Petit", NULL };
  const char *two[] = { "Hélène Dupré", "Anne Moreau", NULL };
  g_autofree char *proposed = NULL;
  g_autofree char *many = NULL;
  g_autofree char *all = NULL;
  g_autofree char *none = NULL;

  /* TZ=UTC: 2026-12-05 10:00. */
  proposed = clt_backup_actions_propose_name (1796464800);
  g_assert_cmpstr (proposed, ==, "Clientele 2026-12-05.db");

  many = clt_privacy_page_format_names (12, names);
  g_assert_cmpstr (many, ==, "Hélène Dupré, Anne Moreau, Marc Lefèvre, Zoë Martin, Paul Durand and 7 others");
  all = clt_privacy_page_format_names (2, two);
  g_assert_cmpstr (all, ==, "Hélène Dupré, Anne Moreau");
  none = clt_privacy_page_format_names (0, NULL);
  g_assert_cmpstr (none, ==, "");
}

static void
test_save_copy (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autofree char *copy_path = g_build_filename (fixture->dir, "Clientele 2026-12-05.db", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autofree char *nowhere_path = g_build_filename (fixture->dir, "gone", "copy.db", NULL);
  g_autoptr(GFile) nowhere = g_file_new_for_path (nowhere_path);
  g_autoptr(CltStore) opened = NULL;
  g_autoptr(GError) error = NULL;
  CltBackupActions *actions;
  AdwMessageDialog *dialog;
  CltWindow *window;

  fill_book (fixture);
  window = open_window (fixture, FALSE, 900, 700);
  actions = clt_window_get_backup_actions (window);
  g_assert_nonnull (actions);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (actions), "save-copy"));
  g_assert_cmpint (clt_backup_get_last_outside_copy (fixture->store), ==, 0);

  clt_backup_actions_save_copy_to (actions, copy);
  /* One at a time. */
  g_assert_true (clt_backup_actions_get_busy (actions));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (actions), "save-copy"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (actions), "restore"));
  wait_until_done (window);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (actions), "restore"));

  /* The folder it went to, and that it is the book's own disk (both are
   * in the temporary folder). */
  clt_test_gui_wait_for_label (window, "Copy saved in “clientele-backup-");
  clt_test_gui_wait_for_label (window, "Your last copy is on the same disk as the book: "
                                       "save one on another drive too");
  g_assert_true (notice_is_shown (window));
  clt_test_gui_save_screenshot (window, "backup-saved-same-disk.png");
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  clt_test_gui_wait_for_label (window, "on the same disk as the book");
  clt_test_gui_save_screenshot (window, "backup-saved-same-disk-narrow.png");

  /* A whole book, that opens, recorded as saved outside the data folder. */
  opened = clt_store_open (copy_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (clt_store_count_customers (opened), ==, 3);
  g_assert_cmpint (clt_backup_get_last_outside_copy (fixture->store), >, 0);

  /* A folder that is gone: said in full, in a dialog. */
  clt_backup_actions_save_copy_to (actions, nowhere);
  dialog = wait_for_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Copy Was Not Saved");
  g_test_message ("Refused: %s", adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "The backup cannot be written in"));
  wait_until_done (window);
  respond (dialog, "_Close");
}

static void
test_restore (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(CltCustomer) gone = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  CltWindow *window;
  gint64 zoe_id;

  fill_book (fixture);
  g_assert_true (clt_backup_save_copy (fixture->store, copy_path, clt_test_gui_now_unix (), NULL, &error));
  g_assert_no_error (error);
  zoe_id = clt_test_gui_add_customer (fixture->store, "Zoë Martin");

  window = open_window (fixture, FALSE, 900, 700);
  clt_test_gui_spin_until_full (has_daily_copy, fixture->path, 30, "the daily copy");
  g_assert_true (list_shows (window, "Zoë Martin"));

  /* Asked first; cancelling changes nothing. */
  clt_backup_actions_restore_from (clt_window_get_backup_actions (window), copy);
  dialog = wait_for_message_dialog ();
  respond (dialog, "_Cancel");
  wait_until_done (window);
  g_assert_cmpint (clt_store_count_customers (fixture->store), ==, 4);
  g_assert_cmpuint (count_copies_aside (fixture->path), ==, 0);

  clt_backup_actions_restore_from (clt_window_get_backup_actions (window), copy);
  dialog = wait_for_message_dialog ();
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_heading (dialog), "Restore the Copy of "));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "replaced by this copy, as it was on"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "first saved aside"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "erased since then stay erased"));
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "restore"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "cancel");
  clt_test_gui_save_screenshot (dialog, "backup-restore-confirm.png");

  respond (dialog, "_Restore");
  /* The window waits while the book is replaced. */
  if (clt_backup_actions_get_busy (clt_window_get_backup_actions (window)))
    {
      g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (window)));
      clt_test_gui_save_screenshot (window, "backup-restoring.png");
    }
  wait_until_done (window);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window)));

  /* Zoë, added after the copy, is gone; the others are back. */
  g_assert_cmpint (clt_store_count_customers (fixture->store), ==, 3);
  gone = clt_store_get_customer (fixture->store, zoe_id, &error);
  g_assert_null (gone);
  g_clear_error (&error);
  clt_test_gui_wait_for_label (window, "Book restored from the copy of ");
  g_assert_false (list_shows (window, "Zoë Martin"));
  g_assert_true (list_shows (window, "Anne Moreau"));
  g_assert_true (list_shows (window, "Hélène Dupré"));
  g_assert_true (list_shows (window, "Marc Lefèvre"));
  clt_test_gui_save_screenshot (window, "backup-restored.png");

  /* The book as it was is aside, with Zoë in it. */
  g_assert_cmpuint (count_copies_aside (fixture->path), ==, 1);
}

static void
test_restore_refused (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autofree char *text_path = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autoptr(GFile) text = g_file_new_for_path (text_path);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  CltWindow *window;

  fill_book (fixture);
  g_file_set_contents (text_path, "Hélène Dupré, chambre 12\nAnne Moreau, chambre 4\n", -1, &error);
  g_assert_no_error (error);

  window = open_window (fixture, FALSE, 900, 700);
  clt_backup_actions_restore_from (clt_window_get_backup_actions (window), text);
  dialog = wait_for_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Copy Was Not Restored");
  clt_test_gui_wait_for_label (dialog, "notes.txt” is not a copy of a Clientele customer book. "
                                       "Nothing was changed.");
  clt_test_gui_save_screenshot (dialog, "backup-restore-refused.png");
  wait_until_done (window);
  respond (dialog, "_Close");

  g_assert_cmpint (clt_store_count_customers (fixture->store), ==, 3);
  g_assert_cmpuint (count_copies_aside (fixture->path), ==, 0);
  g_assert_true (list_shows (window, "Anne Moreau"));
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (window)));
}

static void
test_daily (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autofree char *backups = clt_backup_get_folder ();
  CltWindow *window;

  fill_book (fixture);
  g_assert_cmpuint (count_daily_copies (fixture->path), ==, 0);

  window = open_window (fixture, FALSE, 900, 700);
  clt_test_gui_spin_until_full (has_daily_copy, fixture->path, 30, "the daily copy");
  g_assert_cmpuint (count_daily_copies (fixture->path), ==, 1);
  g_assert_true (g_str_has_prefix (backups, data_home));

  /* Silent: no toast, and once a day. */
  clt_test_gui_spin (500);
  g_assert_null (clt_test_gui_find_widget (GTK_WIDGET (window), clt_test_gui_is_label_containing, "copy"));
  gtk_window_destroy (GTK_WINDOW (window));
  window = open_window (fixture, FALSE, 900, 700);
  clt_test_gui_spin (1000);
  g_assert_cmpuint (count_daily_copies (fixture->path), ==, 1);
}

static gboolean
list_lacks_marc_aubert (gpointer window)
{
  return !list_shows (window, "Marc Lefèvre-Aubert");
}

static void
test_daily_anonymises (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gint64 marc_id;
  CltWindow *window;

  /* Marc was last seen five years ago; the book anonymises after three. */
  fill_book (fixture);
  marc_id = clt_test_gui_add_customer (fixture->store, "Marc Lefèvre-Aubert");
  set_created_at (fixture, 0, clt_test_gui_now_unix () - 10 * DAY);
  set_created_at (fixture, marc_id, clt_test_gui_now_unix () - 5 * 365 * DAY);
  clt_store_set_anonymise_after_years (fixture->store, 3, &error);
  g_assert_no_error (error);

  window = open_window (fixture, FALSE, 900, 700);
  g_assert_true (list_shows (window, "Marc Lefèvre-Aubert"));

  /* The day's copy applies the setting, and the window follows. */
  clt_test_gui_spin_until_full (has_daily_copy, fixture->path, 30, "the daily copy");
  clt_test_gui_spin_until (list_lacks_marc_aubert, window);
  g_assert_true (list_shows (window, "Marc Lefèvre"));
  g_assert_cmpint (clt_store_count_customers (fixture->store), ==, 3);
}

static void
test_daily_fails (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autofree char *backups = clt_backup_get_folder ();
  g_autofree char *parent = g_path_get_dirname (backups);
  g_autoptr(GError) error = NULL;
  CltWindow *window;

  /* Something in the way of the backups folder. */
  fill_book (fixture);
  g_mkdir_with_parents (parent, 0700);
  g_file_set_contents (backups, "", 0, &error);
  g_assert_no_error (error);

  window = open_window (fixture, FALSE, 900, 700);
  clt_test_gui_wait_for_label (window, "Today’s copy of the book could not be made: ");
  g_assert_true (notice_is_shown (window));
  clt_test_gui_save_screenshot (window, "backup-daily-failed.png");
  g_unlink (backups);
}

static void
test_daily_sample (Fixture       *fixture,
                   gconstpointer  user_data)
{
  CltWindow *window;

  /* The sample is made up: neither copied nor nagged about, nor a place
   * to restore one's own book into. */
  fill_book (fixture);
  set_created_at (fixture, 0, clt_test_gui_now_unix () - 40 * DAY);
  window = open_window (fixture, TRUE, 900, 700);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (clt_window_get_backup_actions (window)),
                                                     "restore"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (clt_window_get_backup_actions (window)),
                                                    "save-copy"));
  clt_test_gui_spin (1500);
  g_assert_cmpuint (count_daily_copies (fixture->path), ==, 0);
  g_assert_false (notice_is_shown (window));
}

static void
test_notice (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autofree char *copy_path = g_build_filename (fixture->dir, "copy.db", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  GtkWidget *button;
  CltWindow *window;

  /* The first customer came 40 days ago; no copy was ever saved elsewhere. */
  fill_book (fixture);
  set_created_at (fixture, 0, clt_test_gui_now_unix () - 40 * DAY);

  window = open_window (fixture, FALSE, 900, 700);
  clt_test_gui_wait_for_label (window, "No copy of your book saved elsewhere for 30 days");
  g_assert_true (notice_is_shown (window));
  button = clt_test_gui_get_button (window, "_Save a Copy…");
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "backup.save-copy");
  clt_test_gui_save_screenshot (window, "backup-notice.png");

  /* It stays; narrow, it fits. */
  clt_test_gui_spin (1000);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 700);
  clt_test_gui_wait_for_label (window, "No copy of your book saved elsewhere for 30 days");
  clt_test_gui_save_screenshot (window, "backup-notice-narrow.png");

  /* A copy saved outside the data folder answers it, though one on the
   * book's own disk is still said to be one. */
  clt_backup_actions_save_copy_to (clt_window_get_backup_actions (window), copy);
  wait_until_done (window);
  clt_test_gui_wait_for_no_label (window, "No copy of your book saved elsewhere");
  clt_test_gui_wait_for_label (window, "Your last copy is on the same disk as the book");
  g_assert_false (clt_backup_needs_outside_copy (fixture->store, clt_test_gui_now_unix ()));
}

static void
test_no_notice (Fixture       *fixture,
                gconstpointer  user_data)
{
  CltWindow *window;

  /* An empty book has nothing to lose. */
  window = open_window (fixture, FALSE, 900, 700);
  clt_test_gui_spin (1500);
  g_assert_false (notice_is_shown (window));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Nor does a book begun a week ago. */
  fill_book (fixture);
  set_created_at (fixture, 0, clt_test_gui_now_unix () - 7 * DAY);
  window = open_window (fixture, FALSE, 900, 700);
  clt_test_gui_spin_until_full (has_daily_copy, fixture->path, 30, "the daily copy");
  clt_test_gui_spin (1000);
  g_assert_false (notice_is_shown (window));
}

static gboolean
is_expander_row (GtkWidget     *widget,
                 gconstpointer  data)
{
  /* The one on the privacy page, not the e-mail page's Advanced. */
  return ADW_IS_EXPANDER_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                    "Anonymise Customers With No Contact") == 0;
}

static CltPreferencesWindow *
open_privacy (CltStore *store,
              int       width,
              int       height)
{
  CltPreferencesWindow *window = clt_preferences_window_new (NULL, store);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), "privacy");

  return window;
}

static gboolean
is_combo_row (GtkWidget     *widget,
              gconstpointer  data)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static void
test_privacy (Fixture       *fixture,
              gconstpointer  user_data)
{
  gint64 now = clt_test_gui_now_unix ();
  CltPreferencesWindow *window;
  AdwExpanderRow *row;
  AdwMessageDialog *dialog;
  GtkSpinButton *spin;
  GtkWidget *apply;

  /* Hélène and Marc came five years ago and never since; Anne came five
   * years ago and again last month; Zoë is new. */
  fill_book (fixture);
  fixture->zoe_id = clt_test_gui_add_customer (fixture->store, "Zoë Martin");
  set_created_at (fixture, 0, now - 5 * 365 * DAY);
  set_created_at (fixture, fixture->zoe_id, now - 10 * DAY);
  clt_store_add_interaction (fixture->store, fixture->anne_id, CLT_INTERACTION_VISIT, now - 30 * DAY,
                             FALSE, NULL, "Julie", NULL);

  window = open_privacy (fixture->store, 640, 900);
  clt_test_gui_wait_for_label (window, "Anonymise Customers With No Contact");
  row = ADW_EXPANDER_ROW (clt_test_gui_find_widget (GTK_WIDGET (window), is_expander_row, NULL));
  g_assert_nonnull (row);
  g_assert_false (adw_expander_row_get_enable_expansion (row));
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "Off");

  /* The business's country, France by default here, saved as it changes. */
  {
    AdwComboRow *country = ADW_COMBO_ROW (clt_test_gui_find_widget (GTK_WIDGET (window), is_combo_row,
                                                                          "Country of the Business"));
    g_autofree char *code = NULL;

    g_assert_nonnull (country);
    g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (country)), ==, "France");
    adw_combo_row_set_selected (country, 2);
    code = clt_store_get_country (fixture->store);
    g_assert_cmpstr (code, ==, "CH");
  }

  /* Turned on: who it would affect, and nothing saved yet. */
  adw_expander_row_set_enable_expansion (row, TRUE);
  adw_expander_row_set_expanded (row, TRUE);
  spin = GTK_SPIN_BUTTON (clt_test_gui_get_widget (row, GTK_TYPE_SPIN_BUTTON));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 3);
  clt_test_gui_wait_for_label (window, "2 customers would be anonymised");
  clt_test_gui_wait_for_label (window, "Hélène Dupré, Marc Lefèvre");
  g_assert_cmpuint (clt_store_get_anonymise_after_years (fixture->store), ==, 0);
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "Not applied yet");
  clt_test_gui_save_screenshot (window, "privacy-preview.png");

  gtk_spin_button_set_value (spin, 6);
  clt_test_gui_wait_for_label (window, "No customer would be anonymised now");
  gtk_spin_button_set_value (spin, 3);
  clt_test_gui_wait_for_label (window, "2 customers would be anonymised");

  /* Saved only once confirmed, with the count. */
  apply = clt_test_gui_get_button (window, "_Apply…");
  clt_test_gui_click (apply);
  dialog = wait_for_message_dialog ();
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Anonymise 2 Customers?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "cannot be undone"));
  clt_test_gui_save_screenshot (dialog, "privacy-confirm.png");
  respond (dialog, "_Cancel");
  g_assert_cmpuint (clt_store_get_anonymise_after_years (fixture->store), ==, 0);

  clt_test_gui_click (apply);
  dialog = wait_for_message_dialog ();
  respond (dialog, "_Anonymise");
  g_assert_cmpuint (clt_store_get_anonymise_after_years (fixture->store), ==, 3);
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "After 3 years, with the daily copy");
  g_assert_false (gtk_widget_get_visible (apply));
  clt_test_gui_wait_for_label (window, "will be anonymised with the next daily copy");

  /* Narrow, as it opens again. */
  gtk_window_destroy (GTK_WINDOW (window));
  window = open_privacy (fixture->store, 360, 900);
  row = ADW_EXPANDER_ROW (clt_test_gui_find_widget (GTK_WIDGET (window), is_expander_row, NULL));
  g_assert_true (adw_expander_row_get_enable_expansion (row));
  adw_expander_row_set_expanded (row, TRUE);
  clt_test_gui_wait_for_label (window, "2 customers would be anonymised");
  clt_test_gui_save_screenshot (window, "privacy-saved-narrow.png");
  spin = GTK_SPIN_BUTTON (clt_test_gui_get_widget (row, GTK_TYPE_SPIN_BUTTON));
  gtk_spin_button_set_value (spin, 6);
  clt_test_gui_wait_for_label (window, "No customer would be anonymised now");
  g_assert_true (gtk_widget_is_drawable (clt_test_gui_get_button (window, "_Apply…")));
  clt_test_gui_save_screenshot (window, "privacy-preview-narrow.png");

  /* Turning it off needs no confirmation. */
  adw_expander_row_set_enable_expansion (row, FALSE);
  g_assert_cmpuint (clt_store_get_anonymise_after_years (fixture->store), ==, 0);
  g_assert_cmpstr (adw_expander_row_get_subtitle (row), ==, "Off");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CLT_TEST_LOCALEDIR");
  int status;

  /* Before anything asks where the user's data is. */
  data_home = g_dir_make_tmp ("clientele-backup-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* gtk_test_init() asks for en_US, which a machine with every locale has:
   * the business's country comes from LC_TELEPHONE, and "C" names none,
   * so that it is France here whatever locales are installed. */
  setlocale (LC_TELEPHONE, "C");

  /* What the application loads for its windows. */
  gtk_css_provider_load_from_resource (css, RESOURCE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Screenshots must not catch a transition half-way. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/gui/backup/names", test_names);
  g_test_add ("/gui/backup/save-copy", Fixture, NULL, fixture_set_up, test_save_copy, fixture_tear_down);
  g_test_add ("/gui/backup/restore", Fixture, NULL, fixture_set_up, test_restore, fixture_tear_down);
  g_test_add ("/gui/backup/restore-refused", Fixture, NULL,
              fixture_set_up, test_restore_refused, fixture_tear_down);
  g_test_add ("/gui/backup/daily", Fixture, NULL, fixture_set_up, test_daily, fixture_tear_down);
  g_test_add ("/gui/backup/daily-anonymises", Fixture, NULL,
              fixture_set_up, test_daily_anonymises, fixture_tear_down);
  g_test_add ("/gui/backup/daily-fails", Fixture, NULL,
              fixture_set_up, test_daily_fails, fixture_tear_down);
  g_test_add ("/gui/backup/daily-sample", Fixture, NULL, fixture_set_up, test_daily_sample, fixture_tear_down);
  g_test_add ("/gui/backup/notice", Fixture, NULL, fixture_set_up, test_notice, fixture_tear_down);
  g_test_add ("/gui/backup/no-notice", Fixture, NULL, fixture_set_up, test_no_notice, fixture_tear_down);
  g_test_add ("/gui/backup/privacy", Fixture, NULL, fixture_set_up, test_privacy, fixture_tear_down);

  status = g_test_run ();
  clt_test_gui_remove_dir (data_home);
  g_free (data_home);

  return status;
}

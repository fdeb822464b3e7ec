/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "clt-test-gui.h"

/*
 * Clientele as a person starts it, to its first frame: the program run,
 * not a window made inside a test, whose GTK is up before it.
 *
 * GTK's own theme, which libadwaita replaces by its empty one at once,
 * is not parsed on the way (some 10 ms of the first frame, see
 * make_settings_without_gtk_theme() in clt-application.c). A GResource
 * overlay puts a file of ours in the place of that theme; GLib says
 * when it maps a file of an overlay, that is, when the theme is read.
 */

typedef struct {
  char *dir;
  char *overlay;
  char *book;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *css = NULL;

  fixture->dir = g_dir_make_tmp ("clientele-startup-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->overlay = g_build_filename (fixture->dir, "theme", NULL);
  g_assert_cmpint (g_mkdir (fixture->overlay, 0700), ==, 0);
  css = g_build_filename (fixture->overlay, "gtk.css", NULL);
  g_file_set_contents (css, "/* GTK's theme, read */\n", -1, &error);
  g_assert_no_error (error);
  fixture->book = g_build_filename (fixture->dir, "book.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  clt_test_gui_remove_dir (fixture->dir);
  g_free (fixture->book);
  g_free (fixture->overlay);
  g_free (fixture->dir);
}

/* What the program printed, from its start to its first frame. */
static char *
run_to_first_frame (Fixture    *fixture,
                    const char *gtk_theme)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *overlays = NULL;
  g_autofree char *data = NULL;
  char *out = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  overlays = g_strdup_printf ("/org/gtk/libgtk/theme/Default=%s", fixture->overlay);
  data = g_build_filename (fixture->dir, "data", NULL);
  g_subprocess_launcher_setenv (launcher, "G_RESOURCE_OVERLAYS", overlays, TRUE);
  g_subprocess_launcher_setenv (launcher, "CLT_EXIT_AFTER_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  /* GLib's messages on the overlay are not failures. */
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  if (gtk_theme != NULL)
    g_subprocess_launcher_setenv (launcher, "GTK_THEME", gtk_theme, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "GTK_THEME");

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("CLT_PROGRAM"),
                                         "--database", fixture->book, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s", out);
  g_assert_true (g_subprocess_get_successful (process));
  g_assert_nonnull (strstr (out, "first-frame "));

  return out;
}

static void
test_no_gtk_theme (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *theme_css = g_build_filename (fixture->overlay, "gtk.css", NULL);
  g_autofree char *read = g_strdup_printf ("'%s'", theme_css);
  g_autofree char *with_theme = NULL;
  g_autofree char *out = NULL;

  /* That the overlay is read when the theme is: a user's GTK_THEME. */
  with_theme = run_to_first_frame (fixture, "Default");
  g_assert_nonnull (strstr (with_theme, read));

  out = run_to_first_frame (fixture, NULL);
  g_assert_null (strstr (out, read));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* The program as built (tests/gui/meson.build). */
  g_assert_nonnull (g_getenv ("CLT_PROGRAM"));

  g_test_add ("/gui/startup/no-gtk-theme", Fixture, NULL,
              fixture_set_up, test_no_gtk_theme, fixture_tear_down);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-floor"

#include "config.h"

#include <adwaita.h>

/*
 * The floor of start-up on this machine: a bare libadwaita window (an
 * AdwApplicationWindow holding a label), started as Clientele is (a
 * unique GApplication on the session bus, one window on activate), which
 * prints the monotonic time of its first painted frame and quits, as
 * Clientele does under CLT_EXIT_AFTER_FIRST_FRAME. bench-startup runs it
 * beside the real program.
 */

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
realize_cb (GtkWidget *window)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (first_frame_cb), window, 0);
}

static void
activate_cb (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_title (GTK_WINDOW (window), "Floor");
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window),
                                      gtk_label_new ("A bare libadwaita window"));
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.clientele.BenchFloor",
                                                       G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}

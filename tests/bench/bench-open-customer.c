/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-open-customer"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "clt-application.h"
#include "clt-window.h"

#include "clt-test-gui.h"

/*
 * Opening the customers of the reliability review's F7 in the real window,
 * as app.open-customer does (clt_window_open_customer(): search by name,
 * select, build the page): an ordinary customer of a 2,000-customer sample,
 * one with a 1 MB note, one with a 100 kB name, one with 10,000
 * preferences. Each is measured from the call to the next frame painted
 * (the frame clock's after-paint), coming each time from another ordinary
 * customer; with the resident memory the first opening added and the
 * widgets in the window. The target is 50 ms. It prints figures and
 * asserts no timing. Run it under Xvfb:
 *   xvfb-run -a dbus-run-session -- meson test -C BUILD --benchmark open-customer
 */

#define N_CUSTOMERS 2000
#define SEED 42
#define NOTE_BYTES (1024 * 1024)
#define NAME_WORDS 12800
#define N_PREFERENCES 10000
#define FRAME_TIMEOUT_MS 60000
#define TARGET_MS 50.0

static gint64
now_us (void)
{
  return g_get_monotonic_time ();
}

/* Resident memory of this process, in kB. */
static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");

  return line != NULL ? strtol (line + 6, NULL, 10) : 0;
}

static guint
count_widgets (GtkWidget *root)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);

  return n;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gint64        *painted)
{
  *painted = now_us ();
}

static void
after_layout_cb (GdkFrameClock *clock,
                 gint64        *laid_out)
{
  *laid_out = now_us ();
}

static gboolean
is_painted (gpointer data)
{
  return *(gint64 *) data != 0;
}

/* The time the next frame is painted, 0 if none within the timeout; and
 * in @laid_out, if not NULL, the time that frame's layout was done. */
static gint64
wait_for_paint_layout (GtkWidget *window,
                       gint64    *laid_out)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  gint64 painted = 0;
  gint64 layout = 0;
  gint64 deadline = now_us () + FRAME_TIMEOUT_MS * 1000;
  gulong handler;
  gulong layout_handler;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
  /* After GTK's own handler: the layout done, not begun. */
  layout_handler = g_signal_connect_after (clock, "layout", G_CALLBACK (after_layout_cb), &layout);
  gtk_widget_queue_draw (window);
  while (!is_painted (&painted) && now_us () < deadline)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (500);
  g_signal_handler_disconnect (clock, handler);
  g_signal_handler_disconnect (clock, layout_handler);
  if (laid_out != NULL)
    *laid_out = layout;

  return painted;
}

static gint64
wait_for_paint (GtkWidget *window)
{
  return wait_for_paint_layout (window, NULL);
}

/* Lets the window finish what it queued (the search's own delayed signal,
 * idle loads) before the next measurement. */
static void
settle (GtkWidget *window)
{
  clt_test_gui_spin (200);
  wait_for_paint (window);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_doubles);

  return g_array_index (samples, double, samples->len / 2);
}

static double
maximum (GArray *samples)
{
  g_array_sort (samples, compare_doubles);

  return g_array_index (samples, double, samples->len - 1);
}

static gint64
add_customers (CltStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) name = g_string_new ("Zed");
  g_autofree char *note = g_malloc (NOTE_BYTES + 1);
  gint64 first;
  gint64 id;

  g_assert_true (clt_store_begin (store, &error));

  /* The review's 1 MB note: six-letter words, no line break. */
  for (gsize i = 0; i < NOTE_BYTES; i++)
    note[i] = (i % 7 == 6) ? ' ' : 'a' + (i * 7 + i / 7) % 26;
  note[NOTE_BYTES] = '\0';
  memcpy (note, "bignotemarker ", 14);
  first = clt_test_gui_add_customer (store, "Nora Bignote");
  clt_store_add_note (store, first, note, "harness", FALSE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < NAME_WORDS; i++)
    g_string_append (name, " abcdefg");
  clt_test_gui_add_customer (store, name->str);

  id = clt_test_gui_add_customer (store, "Paula Manyprefs");
  for (guint i = 0; i < N_PREFERENCES; i++)
    {
      g_autofree char *text = g_strdup_printf ("pref%05u-chambre", i);

      clt_store_add_preference (store, id, NULL, text, CLT_PREFERENCE_NONE, &error);
      g_assert_no_error (error);
    }

  g_assert_true (clt_store_commit (store, &error));

  return first;
}

typedef struct
{
  const char *label;
  gint64      id;
} Customer;

static void
bench_customer (CltWindow      *window,
                const Customer *customer,
                gint64          other_id,
                guint           n_runs)
{
  g_autoptr(GArray) call = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) painted = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) layout = g_array_new (FALSE, FALSE, sizeof (double));
  long rss_before = 0, rss_after = 0;
  guint widgets = 0;
  guint no_frame = 0;

  for (guint i = 0; i < n_runs; i++)
    {
      gint64 start, returned, paint, laid_out;
      double ms;

      clt_window_open_customer (window, other_id);
      settle (GTK_WIDGET (window));
      if (i == 0)
        rss_before = rss_kb ();

      start = now_us ();
      clt_window_open_customer (window, customer->id);
      returned = now_us ();
      paint = wait_for_paint_layout (GTK_WIDGET (window), &laid_out);

      ms = (returned - start) / 1000.0;
      g_array_append_val (call, ms);
      if (paint == 0)
        {
          no_frame++;
          continue;
        }
      ms = (paint - start) / 1000.0;
      g_array_append_val (painted, ms);
      ms = (laid_out - start) / 1000.0;
      g_array_append_val (layout, ms);

      if (i == 0)
        {
          settle (GTK_WIDGET (window));
          rss_after = rss_kb ();
          widgets = count_widgets (GTK_WIDGET (window));
        }
    }

  printf ("  %-22s %4u %10.1f %10.1f %10.1f %10.1f %9.1f %8u  %s\n",
          customer->label, n_runs, median (call),
          layout->len > 0 ? median (layout) : -1.0,
          painted->len > 0 ? median (painted) : -1.0, painted->len > 0 ? maximum (painted) : -1.0,
          (rss_after - rss_before) / 1024.0, widgets,
          no_frame > 0 ? "NO FRAME" : painted->len > 0 && median (painted) < TARGET_MS ? "ok" : "over");
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CltApplication) app = NULL;
  g_autoptr(CltStore) store = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint64 n_runs = 5;
  CltWindow *window;
  gint64 first;
  gint64 start;
  gboolean without_gl;

  if (argc > 2 || (argc == 2 && !g_ascii_string_to_unsigned (argv[1], 10, 1, 1000, &n_runs, NULL)))
    {
      fprintf (stderr, "Usage: %s [RUNS]\n", argv[0]);
      return 2;
    }

  if (g_getenv ("GSETTINGS_BACKEND") == NULL)
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  /* Drawn as the program draws on this machine: with cairo without a GPU. */
  without_gl = clt_application_choose_renderer ();
  gtk_init ();
  if (without_gl)
    g_unsetenv ("GDK_DEBUG");
  adw_init ();

  dir = clt_test_gui_make_book_dir ("clientele-bench-open", &path);
  start = now_us ();
  store = clt_store_open (path, &error);
  g_assert_no_error (error);
  if (!clt_sample_fill (store, N_CUSTOMERS, SEED, g_get_real_time () / G_USEC_PER_SEC, NULL, NULL, NULL, &error))
    g_error ("Could not generate the book: %s", error->message);
  first = add_customers (store);
  printf ("book of %d sample customers and the three of F7, made in %.1f s\n",
          N_CUSTOMERS, (now_us () - start) / 1e6);
  g_clear_object (&store);

  app = clt_application_new ();
  /* A benchmark must not meet a running Clientele on the session bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  window = clt_application_open_book (app, path);
  clt_test_gui_spin_until (clt_test_gui_is_mapped, window);
  settle (GTK_WIDGET (window));

  {
    const Customer customers[] = {
      { "ordinary (sample)", 1 },
      { "1 MB note", first },
      { "100 kB name", first + 1 },
      { "10,000 preferences", first + 2 },
    };

    g_autoptr(GArray) redraw = g_array_new (FALSE, FALSE, sizeof (double));

    /* The floor: a frame that redraws the whole window, nothing changed. */
    for (guint i = 0; i < 10; i++)
      {
        gint64 begin = now_us ();
        double ms = (wait_for_paint (GTK_WIDGET (window)) - begin) / 1000.0;

        g_array_append_val (redraw, ms);
      }

    printf ("\nopening a customer: clt_window_open_customer() → frame painted (window %d×%d)\n",
            gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
    printf ("  a frame redrawing the window with nothing changed: p50 %.1f ms, max %.1f ms\n",
            median (redraw), maximum (redraw));
    printf ("  %-22s %4s %10s %10s %10s %10s %9s %8s\n", "customer", "runs", "call ms", "layout ms", "paint p50", "paint max",
            "+RSS MB", "widgets");
    for (guint i = 0; i < G_N_ELEMENTS (customers); i++)
      bench_customer (window, &customers[i], 2, (guint) n_runs);
    printf ("  (target: under %.0f ms to the painted frame; +RSS is what the first opening added)\n", TARGET_MS);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  clt_test_gui_spin (100);
  clt_test_gui_remove_dir (dir);

  return EXIT_SUCCESS;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-helper-process"

#include "config.h"

#include <string.h>

#include "clt-helper-process.h"

/*
 * The window's side of clientele-exchange (src/helper): the program that
 * reads and writes vCard, CSV and JSON files with libraries the window must
 * not load, and whose crash on a hostile file cannot take the window down.
 * It writes one GVariant a{sv} per line, each announced by ::message; its
 * end, orderly or not, by ::ended. Stopping it before it committed writes
 * nothing.
 */

struct _CltHelperProcess
{
  GObject           parent_instance;

  GSubprocess      *process;
  GDataInputStream *lines;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (CltHelperProcess, clt_helper_process, G_TYPE_OBJECT)

enum {
  MESSAGE,
  ENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The helper beside the program in a build tree, else the installed one. */
static char *
find_program (void)
{
  const char *override = g_getenv ("CLT_EXCHANGE_HELPER");
  g_autofree char *self_path = NULL;

  if (override != NULL)
    return g_strdup (override);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      g_autofree char *beside = g_build_filename (dir, "clientele-exchange", NULL);

      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (LIBEXECDIR, "clientele-exchange", NULL);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CltHelperProcess) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (line == NULL)
    {
      g_signal_emit (self, signals[ENDED], 0);
      return;
    }

  {
    g_autoptr(GVariant) message = g_variant_parse (G_VARIANT_TYPE_VARDICT, line, NULL, NULL, NULL);

    if (message != NULL)
      g_signal_emit (self, signals[MESSAGE], 0, message);
  }

  if (!g_cancellable_is_cancelled (self->cancellable))
    g_data_input_stream_read_line_async (self->lines, G_PRIORITY_DEFAULT, self->cancellable,
                                         read_line_cb, g_object_ref (self));
}

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_free (user_data);
}

static void
clt_helper_process_dispose (GObject *object)
{
  CltHelperProcess *self = CLT_HELPER_PROCESS (object);

  clt_helper_process_stop (self);
  g_clear_object (&self->lines);
  g_clear_object (&self->process);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (clt_helper_process_parent_class)->dispose (object);
}

static void
clt_helper_process_class_init (CltHelperProcessClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = clt_helper_process_dispose;

  /**
   * CltHelperProcess::message:
   * @message: an a{sv} GVariant
   */
  signals[MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_VARIANT);
  /**
   * CltHelperProcess::ended:
   *
   * The helper closed its output: it finished, failed or crashed.
   */
  signals[ENDED] =
    g_signal_new ("ended", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
clt_helper_process_init (CltHelperProcess *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * clt_helper_process_new:
 * @arguments: what follows the program's name, %NULL-terminated
 *
 * Starts clientele-exchange with @arguments; its messages follow in the
 * main loop.
 */
CltHelperProcess *
clt_helper_process_new (const char * const  *arguments,
                        GError             **error)
{
  g_autoptr(CltHelperProcess) self = g_object_new (CLT_TYPE_HELPER_PROCESS, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *program = find_program ();
  g_auto(GStrv) argv = NULL;

  g_strv_builder_add (builder, program);
  g_strv_builder_addv (builder, (const char **) arguments);
  argv = g_strv_builder_end (builder);

  self->process = g_subprocess_newv ((const char * const *) argv,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                     error);
  if (self->process == NULL)
    return NULL;

  self->lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_read_line_async (self->lines, G_PRIORITY_DEFAULT, self->cancellable,
                                       read_line_cb, g_object_ref (self));

  return g_steal_pointer (&self);
}

/* Writes @text to the helper's input, without waiting. */
void
clt_helper_process_send (CltHelperProcess *self,
                         const char       *text)
{
  char *copy;

  g_return_if_fail (CLT_IS_HELPER_PROCESS (self));

  if (self->process == NULL)
    return;

  copy = g_strdup (text);
  g_output_stream_write_all_async (g_subprocess_get_stdin_pipe (self->process), copy, strlen (copy),
                                   G_PRIORITY_DEFAULT, self->cancellable, written_cb, copy);
}

/* Ends the helper at once; no message or ::ended follows. */
void
clt_helper_process_stop (CltHelperProcess *self)
{
  g_return_if_fail (CLT_IS_HELPER_PROCESS (self));

  g_cancellable_cancel (self->cancellable);
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
}

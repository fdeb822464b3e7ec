/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-helper-process"

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib/gi18n.h>

#include "clt-core.h"

#include "clt-helper-process.h"

/*
 * The window's side of clientele-exchange (src/helper): the program that
 * reads and writes vCard, CSV and JSON files with libraries the window must
 * not load, and whose crash on a hostile file cannot take the window down.
 * It writes one GVariant a{sv} per line, each announced by ::message; its
 * end, orderly or not, by ::ended. Stopping it before it committed writes
 * nothing.
 *
 * And clientele-cli, for work that is one command run to its end (a sync
 * round, setting sharing up): its output, or its message on failure.
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

/* clientele-cli as installed beside the window, or in the build tree
 * (src/clientele, src/cli/clientele-cli), else in the installed bindir. */
char *
clt_helper_process_find_cli (void)
{
  const char *override = g_getenv ("CLT_CLI");
  g_autofree char *self_path = NULL;

  if (override != NULL)
    return g_strdup (override);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);
      const char * const candidates[] = { "clientele-cli", "cli/clientele-cli" };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          g_autofree char *beside = g_build_filename (dir, candidates[i], NULL);

          if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
            return g_steal_pointer (&beside);
        }
    }

  return g_build_filename (BINDIR, "clientele-cli", NULL);
}

/* The sentence clientele-cli wrote to say why it failed ("clientele-cli:
 * …"), else all it wrote. */
static char *
cli_message (const char *errors)
{
  g_auto(GStrv) lines = g_strsplit (errors != NULL ? errors : "", "\n", -1);
  const char *prefix = "clientele-cli: ";

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strstrip (g_strdup (lines[i] + strlen (prefix)));

  return g_strstrip (g_strdup (errors != NULL ? errors : ""));
}

/* Cancelling asks the program to stop (SIGTERM), as a person at the
 * terminal would with Ctrl+C: it leaves things whole. */
static void
stop_asked_cb (GCancellable *cancellable,
               gpointer      user_data)
{
  g_subprocess_send_signal (user_data, SIGTERM);
}

static void
communicated_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GBytes) output = NULL;
  g_autoptr(GBytes) errors = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process = G_SUBPROCESS (object);
  g_autofree char *output_text = NULL;
  g_autofree char *errors_text = NULL;
  g_autofree char *message = NULL;

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, GPOINTER_TO_SIZE (g_task_get_task_data (task)));
  if (!g_subprocess_communicate_finish (process, result, &output, &errors, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  output_text = output != NULL ? g_strndup (g_bytes_get_data (output, NULL), g_bytes_get_size (output)) : g_strdup ("");
  errors_text = errors != NULL ? g_strndup (g_bytes_get_data (errors, NULL), g_bytes_get_size (errors)) : NULL;

  if (g_subprocess_get_successful (process))
    {
      g_task_return_pointer (task, g_steal_pointer (&output_text), g_free);
      return;
    }

  message = cli_message (errors_text);
  if (!g_subprocess_get_if_exited (process) || *message == '\0')
    {
      g_free (message);
      message = g_strdup (_("The command line program stopped unexpectedly."));
    }
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", message);
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
  g_autofree char *program = clt_helper_program_find ("CLT_EXCHANGE_HELPER", "clientele-exchange");
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

static void
wipe_input (gpointer input)
{
  clt_secret_password_free (input);
}

void
clt_helper_process_run_cli_async (const char * const  *arguments,
                                  const char          *input,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = clt_helper_process_find_cli ();
  g_auto(GStrv) argv = NULL;

  g_task_set_source_tag (task, clt_helper_process_run_cli_async);

  g_strv_builder_add (builder, program);
  g_strv_builder_addv (builder, (const char **) arguments);
  argv = g_strv_builder_end (builder);

  process = g_subprocess_newv ((const char * const *) argv,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  if (process == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (input != NULL)
    {
      char *copy = g_strdup (input);

      bytes = g_bytes_new_with_free_func (copy, strlen (copy), wipe_input, copy);
    }
  else
    {
      /* Nothing to read, rather than the window's own input. */
      bytes = g_bytes_new_static ("", 0);
    }

  /* The handler's id, for communicated_cb to disconnect it. */
  if (cancellable != NULL)
    g_task_set_task_data (task, GSIZE_TO_POINTER (g_cancellable_connect (cancellable, G_CALLBACK (stop_asked_cb),
                                                                         g_object_ref (process),
                                                                         g_object_unref)),
                          NULL);
  g_subprocess_communicate_async (process, bytes, NULL, communicated_cb, g_steal_pointer (&task));
}

char *
clt_helper_process_run_cli_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

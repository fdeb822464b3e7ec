/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "clt-export-private.h"
#include "clt-unnamed-file.h"

#define EXPORT_TEMP_PREFIX ".clientele-export-"

static void
set_write_error (const char  *path,
                 int          saved_errno,
                 GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_WRITE,
               _("“%s” could not be written: %s. Free some space on the disk, "
                 "or choose another place."),
               display, g_strerror (saved_errno));
}

gboolean
clt_export_sink_open (CltExportSink  *sink,
                      const char     *path,
                      GError        **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  g_assert (sink->file == NULL);

  sink->path = g_strdup (path);
  fd = clt_unnamed_file_create (dir, EXPORT_TEMP_PREFIX, &sink->tmp_path);
  if (fd < 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, CLT_EXPORT_ERROR, CLT_EXPORT_ERROR_WRITE,
                   _("Clientele cannot write in the folder “%s”: %s. Choose another folder."),
                   display, g_strerror (saved_errno));
      return FALSE;
    }

  sink->file = fdopen (fd, "wb");
  if (sink->file == NULL)
    {
      set_write_error (path, errno, error);
      close (fd);
      return FALSE;
    }

  return TRUE;
}

gboolean
clt_export_sink_write (CltExportSink  *sink,
                       const char     *data,
                       gsize           length,
                       GError        **error)
{
  if (length > 0 && fwrite (data, 1, length, sink->file) != length)
    {
      set_write_error (sink->path, errno, error);
      return FALSE;
    }

  return TRUE;
}

/* Flushes and syncs the file, puts it in place, then closes it. */
gboolean
clt_export_sink_commit (CltExportSink  *sink,
                        GError        **error)
{
  FILE *file = g_steal_pointer (&sink->file);
  int saved_errno = 0;

  if (fflush (file) != 0 || fsync (fileno (file)) != 0)
    saved_errno = errno;
  else
    saved_errno = clt_unnamed_file_place (fileno (file), sink->tmp_path, EXPORT_TEMP_PREFIX,
                                          sink->path, TRUE, NULL);
  if (fclose (file) != 0 && saved_errno == 0)
    saved_errno = errno;

  if (saved_errno != 0)
    {
      set_write_error (sink->path, saved_errno, error);
      return FALSE;
    }

  /* Renamed: nothing to remove any more. */
  g_clear_pointer (&sink->tmp_path, g_free);
  return TRUE;
}

/* Removes the temporary file of a sink not committed. */
void
clt_export_sink_clear (CltExportSink *sink)
{
  g_clear_pointer (&sink->file, fclose);
  if (sink->tmp_path != NULL)
    g_unlink (sink->tmp_path);
  g_clear_pointer (&sink->tmp_path, g_free);
  g_clear_pointer (&sink->path, g_free);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Preloaded (LD_PRELOAD) by test-cli-book-file.sh: open() refuses to make
 * unnamed files (O_TMPFILE), as on a FAT USB key, so that the copies take
 * their hidden named temporary files instead.
 */
#define _GNU_SOURCE
/* open() and open64() both, not one redirected to the other. */
#undef _FILE_OFFSET_BITS
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>

int open   (const char *path, int flags, ...);
int open64 (const char *path, int flags, ...);

/* O_TMPFILE is __O_TMPFILE with O_DIRECTORY. */
#define UNNAMED (O_TMPFILE & ~O_DIRECTORY)

static int
open_with (const char *symbol,
           const char *path,
           int         flags,
           mode_t      mode)
{
  int (*real) (const char *, int, ...) = (int (*) (const char *, int, ...)) dlsym (RTLD_NEXT, symbol);

  if ((flags & UNNAMED) == UNNAMED)
    {
      errno = EOPNOTSUPP;
      return -1;
    }
  return real (path, flags, mode);
}

int
open (const char *path,
      int         flags,
      ...)
{
  mode_t mode = 0;
  va_list args;

  va_start (args, flags);
  if (flags & (O_CREAT | UNNAMED))
    mode = va_arg (args, mode_t);
  va_end (args);

  return open_with ("open", path, flags, mode);
}

int
open64 (const char *path,
        int         flags,
        ...)
{
  mode_t mode = 0;
  va_list args;

  va_start (args, flags);
  if (flags & (O_CREAT | UNNAMED))
    mode = va_arg (args, mode_t);
  va_end (args);

  return open_with ("open64", path, flags, mode);
}

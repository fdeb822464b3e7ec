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
           va_list     args)
{
  int (*real) (const char *, int, ...) = (int (*) (const char *, int, ...)) dlsym (RTLD_NEXT, symbol);
  mode_t mode = (flags & (O_CREAT | UNNAMED)) ? va_arg (args, mode_t) : 0;

  if ((flags & UNNAMED) == UNNAMED)
    {
      errno = EOPNOTSUPP;
      return -1;
    }
  return real (path, flags, mode);
}

/* The two names of open(), the same wrapper. */
#define WRAP_OPEN(name)                                 \
  int                                                   \
  name (const char *path,                               \
        int         flags,                              \
        ...)                                            \
  {                                                     \
    va_list args;                                       \
    int fd;                                             \
                                                        \
    va_start (args, flags);                             \
    fd = open_with (#name, path, flags, args);          \
    va_end (args);                                      \
    return fd;                                          \
  }

WRAP_OPEN (open)
WRAP_OPEN (open64)

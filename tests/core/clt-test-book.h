/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-core.h"

/* A temporary book for one test, removed with its folder. */
typedef struct
{
  char     *dir;
  char     *path;
  CltStore *store;
} CltTestBook;

void   clt_test_book_set_up    (CltTestBook   *book,
                                gconstpointer  data);
void   clt_test_book_tear_down (CltTestBook   *book,
                                gconstpointer  data);
gint64 clt_test_book_add       (CltTestBook   *book,
                                const char    *name);

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clt-exchange"

#include "config.h"

#include "clt-vcard-writer.h"

/* A stand-in until the writer lands. */
char *
clt_vcard_write (const CltRecord    *record,
                 CltVCardVersion     version,
                 CltVCardWriteFlags  flags)
{
  return g_strdup ("");
}

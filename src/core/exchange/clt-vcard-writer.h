/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-record.h"

G_BEGIN_DECLS

typedef enum
{
  CLT_VCARD_4_0,
  CLT_VCARD_3_0,
} CltVCardVersion;

typedef enum
{
  CLT_VCARD_WRITE_DEFAULT           = 0,
  CLT_VCARD_WRITE_WITHOUT_SENSITIVE = 1 << 0,  /* leave out sensitive preferences */
} CltVCardWriteFlags;

/* One card, CRLF line ends, lines folded at 75 octets; the Clientele data
 * other programs do not know in X-CLIENTELE-… properties. */
char *clt_vcard_write (const CltRecord    *record,
                       CltVCardVersion     version,
                       CltVCardWriteFlags  flags);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_NOTE_DIALOG (clt_note_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CltNoteDialog, clt_note_dialog, CLT, NOTE_DIALOG, AdwWindow)

GtkWidget *clt_note_dialog_new (GtkWindow     *parent,
                                CltStore      *store,
                                gint64         customer_id,
                                const CltNote *note);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "clt-core.h"

G_BEGIN_DECLS

#define CLT_TYPE_PREFERENCES_WINDOW (clt_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CltPreferencesWindow, clt_preferences_window, CLT, PREFERENCES_WINDOW, AdwPreferencesWindow)

CltPreferencesWindow *clt_preferences_window_new (GtkWindow *parent,
                                                  CltStore  *store);

G_END_DECLS

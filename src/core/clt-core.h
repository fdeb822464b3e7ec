/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-types.h"
#include "clt-text.h"
#include "clt-customer.h"
#include "clt-details.h"
#include "clt-promise.h"
#include "clt-schedule.h"
#include "clt-today.h"
#include "clt-remember.h"
#include "clt-store.h"
#include "clt-search-model.h"
#include "clt-sample.h"

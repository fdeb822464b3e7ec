/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "clt-csv-reader.h"

G_BEGIN_DECLS

/* What the reader makes of a column: its field (from the mapping), the
 * label its name gives ("mobile" for "Mobile Phone", "work" for
 * "Rue (bureau)"), and the slot that ties it to others: a Google label to
 * its value ("email 1"), the parts of one postal address. */
typedef struct
{
  CltCsvField  field;
  char        *label;
  char        *slot;
} CltCsvColumn;

typedef struct _CltCsvPlan CltCsvPlan;

CltCsvPlan *clt_csv_plan_new   (const CltCsvPreview  *preview);
void        clt_csv_plan_free  (CltCsvPlan           *plan);
/* A record from a row's @cells, or NULL when there is nothing to import;
 * the reasons (CltRecordProblem) go to @problems: a skipped row's, or what
 * a kept row lost. */
CltRecord  *clt_csv_plan_build (CltCsvPlan           *plan,
                                guint                 line,
                                char * const         *cells,
                                guint                 n_cells,
                                GPtrArray            *problems);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CltCsvPlan, clt_csv_plan_free)

G_END_DECLS

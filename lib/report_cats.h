/* report_cats.h - which reliable-change counts of an outcome a funder-facing
 * table may show: shared by the HTML/Markdown report and its workbook so
 * that both hide exactly the same cells. */
#ifndef DYAD_REPORT_CATS_H
#define DYAD_REPORT_CATS_H

#include <stdbool.h>

#include "dyad/analysis.h"

/* Suppression of one outcome's category counts. */
struct dy_cats {
	bool withheld;          /* fewer pairs than the threshold */
	bool h_imp, h_det, h_rec;
	bool have_rci, have_rec;
};

/* Decide for outcome o with threshold min (<= 1: nothing is hidden): the
 * improved and deteriorated counts as parts of the pairs (the unchanged
 * count is not shown), recovered as a part of the improved (primary and
 * complementary suppression, dy_suppress). */
void dy_outcome_cats(const struct dyad_outcome *o, long long min,
    struct dy_cats *c);

#endif

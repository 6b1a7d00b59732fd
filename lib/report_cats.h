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

/* Completion (people with a pre score; with pre and post): the pairs count
 * is public (the outcome table shows it), so a small "pre but no post"
 * hides the pre count instead. */
void dy_completion_cells(const struct dyad_outcome *o, long long min,
    bool *hide_pre, bool *hide_both);

/* The flow row of an outcome: parts used, missing score, no post, no pre,
 * other, adding up to rows.  Used rows (twice the pairs) and, when the
 * completion table shows it, "no post" are public, so neither can serve as
 * the complement of a small count. */
void dy_flow_cells(const struct dyad_outcome *o, long long min,
    long long parts[5], bool hide[5], bool *hide_rows);

/* Outcome i of the grouped analysis b, with the ungrouped analysis a
 * showing the totals: *row_hidden when its pair count must be withheld
 * (complementary suppression across the groups of the measure), and its
 * category counts with the same rule applied across groups, so that no
 * group's count follows from the total and the other groups. */
void dy_group_cells(const struct dyad_analysis *b, const struct dyad_analysis *a,
    size_t i, long long min, bool *row_hidden, struct dy_cats *c);

/* The order of care for listing timepoints: the --timepoints labels (or
 * intake, mid, discharge, followup) first, the rest alphabetically. */
bool dy_tp_before(const struct dyad_analysis *a, uint32_t x, uint32_t y);

/* Is a row of a known measure in the reporting period (by its own date;
 * always without --from/--to)?  The "how much" counts use it. */
bool dy_row_in_period(const struct dyad_analysis *a, const struct dyad_row *r);

/* Assessments collected at one timepoint. */
struct dy_tp_count {
	uint32_t timepoint;
	long long children;     /* distinct children with a usable score */
	long long scores;       /* usable scores */
};

/* The timepoints with usable scores in the period, in the order of care,
 * at most max of them, with their counts; shared by the report and its
 * workbook.  Returns how many, or -1 when out of memory. */
long dy_timepoint_counts(const struct dyad_analysis *a, struct dy_tp_count *out,
    size_t max);

#endif

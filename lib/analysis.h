/* analysis.h - internals shared by pairing (pairs.c), per-outcome
 * statistics (outcome.c) and the result tables (results.c). */
#ifndef DYAD_ANALYSIS_INTERNAL_H
#define DYAD_ANALYSIS_INTERNAL_H

#include "dyad/analysis.h"

struct dyad_analysis {
	const struct dyad_data *d;
	const struct dyad_catalog *cat;
	struct dyad_pair_opts opts;
	long by_canon;                  /* 0 child .. 3 site, or -1 */
	long by_extra;                  /* extra column index, or -1 */
	struct dyad_pair *pair;
	size_t npair;
	struct dyad_outcome *out;
	size_t nout, capout;
	uint32_t *omap;                 /* while pairing: (measure, group) ->
	                                 * outcome index + 1 */
	size_t nomap;
	struct dyad_flow unassigned;
	bool *sel;                      /* per catalog index: selected */
};

/* Statistics of every outcome from the sorted pairs (outcome.c). */
enum dyad_status dy_outcomes_compute(struct dyad_analysis *a,
    struct dyad_error *err);

/* Is catalog measure m selected by the filters?  Is row r's own date in
 * the period (always true without --from/--to)? */
bool dy_analysis_selected(const struct dyad_analysis *a, int32_t m);
bool dy_analysis_in_period(const struct dyad_analysis *a,
    const struct dyad_row *r);

/* The people of the rows with a usable score (data.c): person p's rows
 * form a chain from row dy_data_person_last(d, p) - 1 back through
 * dy_data_chain(d)[row] - 1 (0 ends it), dy_data_person_rows(d, p) long.
 * Pairing walks these chains instead of hashing every row. */
size_t dy_data_people(const struct dyad_data *d);
uint32_t dy_data_person_last(const struct dyad_data *d, size_t person);
uint32_t dy_data_person_rows(const struct dyad_data *d, size_t person);
const uint32_t *dy_data_chain(const struct dyad_data *d);

/* The --by value of data row i (string id; 0 without --by). */
uint32_t dy_row_group(const struct dyad_analysis *a, size_t i);

#endif

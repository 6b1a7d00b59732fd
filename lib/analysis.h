/* analysis.h - internals shared by pairing (pairs.c), per-outcome
 * statistics (outcome.c) and the result tables (results.c). */
#ifndef DYAD_ANALYSIS_INTERNAL_H
#define DYAD_ANALYSIS_INTERNAL_H

#include <math.h>

#include "dyad/analysis.h"

/* A pair as stored: 32 bytes where the public struct dyad_pair has 56.
 * Change, RCI and categories follow from the scores and the measure's
 * sdiff (dy_pair_view): a large file's pairs are fresh memory, whose
 * pages the kernel zeroes at first touch, so fewer bytes are less time. */
struct dy_pair {
	uint32_t pre_row, post_row;     /* indexes into the data's rows */
	int32_t measure;                /* catalog index */
	uint32_t group;                 /* string id of the --by value at pre */
	double pre, post;               /* scores as recorded */
};

struct dyad_analysis {
	const struct dyad_data *d;
	const struct dyad_catalog *cat;
	struct dyad_pair_opts opts;
	long by_canon;                  /* 0 child .. 3 site, or -1 */
	long by_extra;                  /* extra column index, or -1 */
	struct dy_pair *pair;
	size_t npair;
	double *sdiff;                  /* per catalog index: the standard
	                                 * error of a difference for the RCI
	                                 * (NAN: no RCI) */
	struct dyad_outcome *out;
	size_t nout, capout;
	uint32_t *omap;                 /* while pairing: (measure, group) ->
	                                 * outcome index + 1 */
	size_t nomap;
	struct dyad_flow unassigned;
	bool *sel;                      /* per catalog index: selected */
};

/* The public view of stored pair p: change, RCI and categories. */
void dy_pair_view(const struct dyad_analysis *a, const struct dy_pair *p,
    struct dyad_pair *out);

/* dyad change's table: its columns (no rows; c0, the first column after
 * the identifiers and --by), then pairs [from, to) added to it with text
 * borrowed from the data and catalog (results.c); 0 or -1 (no memory). */
enum dyad_status dy_change_columns(const struct dyad_analysis *a,
    struct dyad_table **out, size_t *c0, struct dyad_error *err);
int dy_change_rows(const struct dyad_analysis *a, size_t from, size_t to,
    struct dyad_table *t, size_t c0);

/* Statistics of every outcome from the sorted pairs (outcome.c). */
enum dyad_status dy_outcomes_compute(struct dyad_analysis *a,
    struct dyad_error *err);

/* Is catalog measure m selected by the filters?  Is a row's own date in
 * the period (always true without --from/--to)? */
bool dy_analysis_selected(const struct dyad_analysis *a, int32_t m);
bool dy_analysis_in_period(const struct dyad_analysis *a, int32_t date);

/* The people of the rows with a usable score (data.c): person p's rows
 * form a chain from row dy_data_person_last(d, p) - 1 back through
 * dy_data_rows(d)[row].prev - 1 (0 ends it), dy_data_person_rows(d, p)
 * long.  Pairing walks these chains instead of hashing every row. */
size_t dy_data_people(const struct dyad_data *d);
/* Memory for n pairs mapped ahead by the read, or NULL: taken once (the
 * caller frees it), by whichever analysis asks first. */
struct dy_pair *dy_data_take_spare(const struct dyad_data *d, size_t n);
uint32_t dy_data_person_last(const struct dyad_data *d, size_t person);
uint32_t dy_data_person_rows(const struct dyad_data *d, size_t person);

/* A score on the analysis scale of instrument in (dyad_analysis_scale
 * with the instrument looked up). */
static inline double
dy_scale(const struct dyad_instrument *in, double score)
{
	return in->transform == DYAD_TRANSFORM_LOG ? log(score) : score;
}

/* The --by value of data row i (string id; 0 without --by). */
uint32_t dy_row_group(const struct dyad_analysis *a, size_t i);

#endif

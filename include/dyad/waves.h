/* dyad/waves.h - every timepoint at once: per-wave means with confidence
 * intervals, and omnibus tests over people measured at all waves. */
#ifndef DYAD_WAVES_H
#define DYAD_WAVES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dyad/analysis.h"
#include "dyad/data.h"
#include "dyad/error.h"
#include "dyad/stats.h"
#include "dyad/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One measure at one timepoint (within one --by group). */
struct dyad_wave {
	int32_t measure;
	uint32_t group;
	uint32_t timepoint;     /* string id of the lower-cased label */
	size_t n;               /* people with a usable score */
	double mean, sd, ci_low, ci_high;  /* analysis scale (ln for log measures) */
};

/* The omnibus tests of one measure (within one group) over the people with
 * a score at every one of its k timepoints. */
struct dyad_wave_test {
	int32_t measure;
	uint32_t group;
	size_t k;               /* timepoints */
	size_t n_complete;      /* people measured at all of them */
	struct dyad_friedman friedman;  /* NAN fields when undefined */
	struct dyad_rmanova rm;
};

struct dyad_waves;                      /* opaque */

/* Summarise every timepoint of every selected measure.  Uses from opts:
 * the timepoint order (default intake, mid, discharge, followup; labels not
 * in it follow in alphabetical order), by, the measure/subject/domain
 * filters, the period (on each row's own date) and conf.  Only usable rows
 * (status OK) count.  d must outlive the result. */
enum dyad_status dyad_waves_run(struct dyad_waves **out,
    const struct dyad_data *d, const struct dyad_pair_opts *opts,
    struct dyad_error *err);

/* The same under an analysis already run (dyad_analysis_run) with the
 * options wanted: its filters, groups, timepoint order and conf, not its
 * pairs or statistics, so that a program holding one (a trajectory chart's)
 * does not pair everyone again.  The analysis's data must outlive the
 * result; the analysis need not.  DYAD_EINVAL when a is NULL. */
enum dyad_status dyad_waves_of(struct dyad_waves **out,
    const struct dyad_analysis *a, struct dyad_error *err);

/* Waves in catalog order of measures, then group, then timepoint order. */
size_t dyad_waves_count(const struct dyad_waves *w);
const struct dyad_wave *dyad_waves_at(const struct dyad_waves *w, size_t i);

/* Position of a timepoint in the order used (0-based). */
size_t dyad_waves_order(const struct dyad_waves *w, uint32_t timepoint);

size_t dyad_waves_tests(const struct dyad_waves *w);
const struct dyad_wave_test *dyad_waves_test(const struct dyad_waves *w,
    size_t i);

/* One row per wave with the measure's tests repeated on each row:
 * measure, label, subject, group, timepoint, n, mean, sd, ci_low, ci_high,
 * scale, k, n_complete, friedman_chisq, friedman_df, friedman_p, rm_f,
 * rm_df1, rm_df2, rm_p, gg_epsilon, rm_p_gg. */
enum dyad_status dyad_waves_table(const struct dyad_waves *w,
    struct dyad_table **out, struct dyad_error *err);

void dyad_waves_free(struct dyad_waves *w);    /* NULL is fine */

#ifdef __cplusplus
}
#endif
#endif

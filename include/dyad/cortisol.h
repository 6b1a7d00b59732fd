/* dyad/cortisol.h - salivary cortisol: from the raw samples of each day to
 * the waking level, awakening response, areas under the curve, diurnal
 * slope and bedtime level, per child and timepoint. */
#ifndef DYAD_CORTISOL_H
#define DYAD_CORTISOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dyad/data.h"
#include "dyad/error.h"
#include "dyad/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 1 ug/dL of cortisol in nmol/L: 10 ug/L divided by the molar mass of
 * cortisol, 362.46 g/mol, is 0.02759 umol/L. */
#define DYAD_CORT_UGDL_NMOLL 27.59

/* The derived measures, in catalog order. */
enum dyad_cort_measure {
	DYAD_CORT_WAKE,         /* CORT_WAKE   nmol/L */
	DYAD_CORT_CAR,          /* CORT_CAR    nmol/L */
	DYAD_CORT_AUCG,         /* CORT_AUCG   nmol/L x h */
	DYAD_CORT_AUCI,         /* CORT_AUCI   nmol/L x h */
	DYAD_CORT_SLOPE,        /* CORT_SLOPE  ln(nmol/L) per h */
	DYAD_CORT_BED,          /* CORT_BED    nmol/L */
	DYAD_CORT_NMEASURES
};

/* The catalog code of a derived measure ("CORT_WAKE", ...); "" if out of
 * range. */
const char *dyad_cort_measure_code(enum dyad_cort_measure m);

/* Why a measure was not derived from one day. */
enum dyad_cort_reason {
	DYAD_CORT_USED = 0,
	DYAD_CORT_NO_SAMPLES,   /* every sample of the day is missing or excluded */
	DYAD_CORT_OUT_OF_ORDER, /* sample times do not increase in file order */
	DYAD_CORT_WAKE_DIFFERS, /* the samples of the day give different wake_time */
	DYAD_CORT_NO_WAKING,    /* no sample within wake_max of waking */
	DYAD_CORT_NO_CAR,       /* no sample in the car_min..car_max window */
	DYAD_CORT_NO_BEDTIME,   /* the last sample is less than bed_min after waking */
	DYAD_CORT_TOO_FEW,      /* fewer than 2 samples, or too short a span */
	DYAD_CORT_NREASONS
};

/* "used", "no_samples", "times_out_of_order", "wake_time_differs",
 * "no_waking_sample", "no_car_sample", "no_bedtime_sample",
 * "too_few_samples". */
const char *dyad_cort_reason_name(enum dyad_cort_reason r);

/* Why a raw sample (a CORT row) was not used. */
enum dyad_cort_sample_reason {
	DYAD_CORT_SAMPLE_USABLE = 0,
	DYAD_CORT_SAMPLE_ROW,           /* the row was not usable: see its status */
	DYAD_CORT_SAMPLE_MISSING_TIME,  /* no minutes_since_waking, or no
	                                 * sample_time and wake_time */
	DYAD_CORT_SAMPLE_BAD_TIME,      /* not HH:MM, not a number, > 24 h */
	DYAD_CORT_SAMPLE_BEFORE_WAKING, /* sample_time before wake_time */
	DYAD_CORT_SAMPLE_OUT_OF_ASSAY,  /* outside assay_min..assay_max */
	DYAD_CORT_SAMPLE_NREASONS
};

/* "usable", "row_not_usable", "missing_time", "bad_time", "before_waking",
 * "outside_assay_range". */
const char *dyad_cort_sample_reason_name(enum dyad_cort_sample_reason r);

/* Rules and checks.  Times are minutes since waking.  dyad_cort_opts_init
 * sets the defaults given after each field. */
struct dyad_cort_opts {
	double to_nmol;         /* input unit to nmol/L: 1 (nmol/L, the default)
	                         * or DYAD_CORT_UGDL_NMOLL (ug/dL) */
	double assay_min;       /* plausible range, nmol/L; NAN: no check.  */
	double assay_max;       /* Default: the calibration range 0.012-3.000
	                         * ug/dL of the Salimetrics salivary cortisol
	                         * ELISA (item 1-3002), times 27.59, i.e.
	                         * 0.33108-82.77 nmol/L */
	double wake_max;        /* the waking sample is taken 0..15 min after
	                         * waking */
	double car_min;         /* the "+30 min" sample is the sample nearest */
	double car_target;      /* car_target (30) within car_min..car_max */
	double car_max;         /* (20..45), inclusive */
	double bed_min;         /* the bedtime sample is the day's last sample,
	                         * taken at least 600 min (10 h) after waking */
	double slope_skip;      /* the slope leaves out samples taken after the
	                         * waking sample and up to 60 min after waking
	                         * (the awakening rise) */
	double slope_min_span;  /* the slope needs samples 240 min (4 h) apart */
	bool decimal_comma;     /* minutes_since_waking may read "12,5" */
	dyad_issue_fn on_issue; /* sample and day problems; may be NULL */
	void *ctx;
};

void dyad_cort_opts_init(struct dyad_cort_opts *o);

/* ---- one day: t[i] minutes since waking, strictly increasing; c[i] in
 * nmol/L.  Each function returns DYAD_EINVAL (with a message in err) when
 * t is not strictly increasing or a value is not finite, and DYAD_EDOMAIN
 * with the reason in err->msg when the day's samples do not define the
 * measure.  *out is set only on DYAD_OK. ---- */

/* Area under the curve with respect to ground (Pruessner, Kirschbaum,
 * Meinlschmid & Hellhammer 2003, Psychoneuroendocrinology 28:916-931), the
 * trapezoid rule over the actual sample times, in nmol/L x h:
 *   AUCg = sum_{i=0}^{n-2} (c[i+1] + c[i]) / 2 * (t[i+1] - t[i]) / 60.
 * Needs n >= 2. */
enum dyad_status dyad_cort_aucg(const double *t, const double *c, size_t n,
    double *out, struct dyad_error *err);

/* Area under the curve with respect to increase (Pruessner et al. 2003):
 *   AUCi = AUCg - c[0] * (t[n-1] - t[0]) / 60,
 * the area above the first sample minus any area below it, so it can be
 * negative (Fekedulegn et al. 2007, Psychosom Med 69:651).  Needs n >= 2. */
enum dyad_status dyad_cort_auci(const double *t, const double *c, size_t n,
    double *out, struct dyad_error *err);

/* Diurnal slope: the ordinary least-squares slope of ln(c[i]) on t[i] / 60
 * (hours since waking), from gsl_fit_linear, in ln(nmol/L) per hour;
 * negative for the usual decline.  Needs n >= 2, t[n-1] - t[0] >=
 * min_span minutes and every c[i] > 0.  It fits the samples it is given;
 * dyad_cort_day chooses which. */
enum dyad_status dyad_cort_slope(const double *t, const double *c, size_t n,
    double min_span, double *out, struct dyad_error *err);

/* The waking level: c[0] when 0 <= t[0] <= o->wake_max. */
enum dyad_status dyad_cort_wake(const double *t, const double *c, size_t n,
    const struct dyad_cort_opts *o, double *out, struct dyad_error *err);

/* The cortisol awakening response: the sample nearest o->car_target among
 * those with o->car_min <= t <= o->car_max (the earlier on a tie) minus
 * the waking level.  Can be negative. */
enum dyad_status dyad_cort_car(const double *t, const double *c, size_t n,
    const struct dyad_cort_opts *o, double *out, struct dyad_error *err);

/* The bedtime level: c[n-1] when t[n-1] >= o->bed_min. */
enum dyad_status dyad_cort_bed(const double *t, const double *c, size_t n,
    const struct dyad_cort_opts *o, double *out, struct dyad_error *err);

/* Every measure of one day, or why not. */
struct dyad_cort_day {
	double value[DYAD_CORT_NMEASURES];      /* NAN when not derived */
	enum dyad_cort_reason why[DYAD_CORT_NMEASURES];
};

/* All six measures of one day, each derived only from a day that has the
 * samples it is defined on:
 *   CORT_WAKE   the waking sample;
 *   CORT_CAR    the waking sample and a "+30 min" sample;
 *   CORT_AUCG, CORT_AUCI
 *               the waking and the bedtime sample, so that every day's
 *               curve spans the waking day; all samples are used, and a
 *               missing sample in between is bridged by the trapezoid;
 *   CORT_SLOPE  the waking and the bedtime sample; the fit uses every
 *               sample except those taken after the waking sample but
 *               within o->slope_skip minutes of waking, so that the
 *               awakening rise does not flatten the decline;
 *   CORT_BED    the bedtime sample.
 * n == 0 gives DYAD_CORT_NO_SAMPLES for each.  Returns DYAD_OK (the
 * reasons are in out), or DYAD_EINVAL for unordered or non-finite input or
 * inconsistent opts. */
enum dyad_status dyad_cort_day(const double *t, const double *c, size_t n,
    const struct dyad_cort_opts *o, struct dyad_cort_day *out,
    struct dyad_error *err);

/* ---- from assessment rows to derived rows ---- */

/* One derived score: the mean over the days of one child, caregiver and
 * timepoint from which the measure could be derived. */
struct dyad_cort_row {
	uint32_t child, caregiver, family, site, timepoint;  /* string ids of d */
	int32_t date;           /* the earliest of those days, or DYAD_NO_DATE */
	enum dyad_cort_measure measure;
	double score;           /* arithmetic mean of the day values */
	size_t n_days;          /* days averaged, >= 1 */
};

/* Where every sample and every day went. */
struct dyad_cort_flow {
	size_t samples;                         /* CORT rows read */
	size_t sample[DYAD_CORT_SAMPLE_NREASONS];
	size_t row_status[DYAD_ROW_NSTATUS];    /* DYAD_CORT_SAMPLE_ROW by the
	                                         * row's status */
	size_t days;                            /* child x caregiver x
	                                         * timepoint x date */
	size_t days_partial;                    /* days that did not give
	                                         * every measure */
	size_t day[DYAD_CORT_NMEASURES][DYAD_CORT_NREASONS];
};

struct dyad_cortisol;                   /* opaque */

/* Derive the measures from the CORT rows of d (one raw sample per row).
 * A sample's time is its minutes_since_waking column when that is filled
 * in, else its sample_time minus its wake_time (HH:MM or HH:MM:SS, same
 * day).  Samples form days by child, caregiver, timepoint and date (rows
 * without a date: one day per child, caregiver and timepoint).  Only rows
 * with status DYAD_ROW_OK are samples; the score is multiplied by
 * o->to_nmol.  Problems go to o->on_issue with the row's file and line:
 * a missing or unreadable time, a sample before waking, a value outside
 * the assay range (the sample is excluded), sample times that do not
 * increase in file order within a day, or a wake_time that changes within
 * a day (the day is skipped).  d is borrowed until dyad_cortisol_free.
 * Errors: DYAD_EINVAL for bad opts, DYAD_ENOTFOUND when the catalog has
 * no CORT, DYAD_EDATA when there is no CORT row or no time column,
 * DYAD_ENOMEM. */
enum dyad_status dyad_cortisol_run(struct dyad_cortisol **out,
    const struct dyad_data *d, const struct dyad_cort_opts *o,
    struct dyad_error *err);

/* Derived rows, in order of each child/caregiver/timepoint's first sample,
 * then in measure order.  A measure derived from no day has no row. */
size_t dyad_cortisol_rows(const struct dyad_cortisol *r);
const struct dyad_cort_row *dyad_cortisol_row(const struct dyad_cortisol *r,
    size_t i);
const struct dyad_cort_flow *dyad_cortisol_flow(const struct dyad_cortisol *r);

/* Samples and days with a problem (those reported through on_issue). */
size_t dyad_cortisol_problems(const struct dyad_cortisol *r);

/* The derived rows as dyad's long format: child_id, caregiver_id,
 * family_id, site, measure, timepoint, date, score, n_days.  The caller
 * frees *out with dyad_table_free. */
enum dyad_status dyad_cortisol_table(const struct dyad_cortisol *r,
    struct dyad_table **out, struct dyad_error *err);

/* The flow as two tables: samples (one row: samples, usable, then a
 * column per row status and per sample reason) and days (one row per
 * measure: days, used and a column per reason).  Columns whose count is 0
 * are hidden in table and Markdown output.  The caller frees both. */
enum dyad_status dyad_cortisol_flow_tables(const struct dyad_cortisol *r,
    struct dyad_table **samples, struct dyad_table **days,
    struct dyad_error *err);

void dyad_cortisol_free(struct dyad_cortisol *r);      /* NULL is fine */

#ifdef __cplusplus
}
#endif
#endif

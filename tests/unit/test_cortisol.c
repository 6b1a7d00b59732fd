/* test_cortisol.c - the cortisol formulas against hand calculations,
 * Pruessner et al. (2003)'s formulas on irregular sample times and R 4.2
 * (lm for the slope), then the path from CSV rows to derived rows: unit
 * conversion, several days, skipped days, problem samples and the flow. */
#define _GNU_SOURCE             /* open_memstream, fmemopen */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad/catalog.h"
#include "dyad/cortisol.h"
#include "dyad/data.h"
#include "dyad/num.h"
#include "dyad/table.h"

#define TOL 1e-12

static struct dyad_cort_opts O;

/* ---- pure functions ---- */

/* A regular day: waking, +30 min, 4 h, 12 h; nmol/L. */
static const double T1[] = { 0, 30, 240, 720 };
static const double C1[] = { 10, 15, 6, 2 };

static void
test_regular_day(void)
{
	struct dyad_cort_day day;
	struct dyad_error err;
	double v = NAN;

	/* Intervals in hours 0.5, 3.5, 8:
	 * AUCg = (10+15)/2*0.5 + (15+6)/2*3.5 + (6+2)/2*8
	 *      = 6.25 + 36.75 + 32 = 75 nmol/L x h */
	check_int(dyad_cort_aucg(T1, C1, 4, &v, &err), DYAD_OK, "aucg status");
	check_rel(v, 75, TOL, "aucg regular day = 75");
	/* AUCi = AUCg - c0 * 12 h = 75 - 120 = -45 (negative: the day ends
	 * far below the waking level) */
	check_int(dyad_cort_auci(T1, C1, 4, &v, &err), DYAD_OK, "auci status");
	check_rel(v, -45, TOL, "auci regular day = -45");
	check_int(dyad_cort_wake(T1, C1, 4, &O, &v, &err), DYAD_OK, "wake ok");
	check_rel(v, 10, 0, "wake = first sample");
	/* CAR = 15 - 10 */
	check_int(dyad_cort_car(T1, C1, 4, &O, &v, &err), DYAD_OK, "car ok");
	check_rel(v, 5, TOL, "car = +30 minus waking = 5");
	check_int(dyad_cort_bed(T1, C1, 4, &O, &v, &err), DYAD_OK, "bed ok");
	check_rel(v, 2, 0, "bed = last sample (12 h >= 10 h)");
	/* All four samples: R 4.2
	 *   coef(lm(log(c(10,15,6,2)) ~ c(0,0.5,4,12)))[2]
	 *   -0.1527352555860598 */
	check_int(dyad_cort_slope(T1, C1, 4, 240, &v, &err), DYAD_OK,
	    "slope ok");
	check_rel(v, -0.1527352555860598, 1e-12, "slope of all samples vs R lm");

	/* The day function leaves the +30 sample out of the slope: R 4.2
	 *   coef(lm(log(c(10,6,2)) ~ c(0,4,12)))[2]  -0.13457792747150923 */
	check_int(dyad_cort_day(T1, C1, 4, &O, &day, &err), DYAD_OK,
	    "day status");
	check_rel(day.value[DYAD_CORT_WAKE], 10, 0, "day wake");
	check_rel(day.value[DYAD_CORT_CAR], 5, TOL, "day car");
	check_rel(day.value[DYAD_CORT_AUCG], 75, TOL, "day aucg");
	check_rel(day.value[DYAD_CORT_AUCI], -45, TOL, "day auci");
	check_rel(day.value[DYAD_CORT_SLOPE], -0.13457792747150923, 1e-12,
	    "day slope without the +30 sample vs R lm");
	check_rel(day.value[DYAD_CORT_BED], 2, 0, "day bed");
	check_int(day.why[DYAD_CORT_SLOPE], DYAD_CORT_USED, "day slope used");
}

/* Pruessner et al. (2003): with m1..mn and intervals t1..t(n-1),
 *   AUCg = sum (m(i+1) + m(i)) * t(i) / 2,  AUCi = AUCg - m1 * sum t(i).
 * The same area split into rectangles and triangles is an independent
 * second computation: sum min(m(i), m(i+1)) * t(i) + |m(i+1) - m(i)| *
 * t(i) / 2. */
static void
test_pruessner_irregular(void)
{
	static const double t[] = { 5, 35, 180, 600, 790 };
	static const double c[] = { 12.4, 18.9, 8.1, 3.3, 1.9 };
	struct dyad_cort_day day;
	struct dyad_error err;
	double g = NAN, i = NAN, rt = 0, span = 0;
	size_t k;

	for (k = 0; k + 1 < 5; k++) {
		double ti = (t[k + 1] - t[k]) / 60;

		rt += fmin(c[k], c[k + 1]) * ti + fabs(c[k + 1] - c[k]) * ti / 2;
		span += ti;
	}
	/* Intervals 30, 145, 420, 190 min:
	 *   31.3*0.5/2 + 27.0*(145/60)/2 + 11.4*7/2 + 5.2*(190/60)/2
	 *   = 7.825 + 32.625 + 39.9 + 8.2333... = 1063/12 = 88.58333...
	 * R 4.2: t <- c(5,35,180,600,790); c <- c(12.4,18.9,8.1,3.3,1.9)
	 *   sum(diff(t)/60*(head(c,-1)+tail(c,-1))/2)   88.583333333333329 */
	check_int(dyad_cort_aucg(t, c, 5, &g, &err), DYAD_OK, "irregular aucg");
	check_rel(g, 1063.0 / 12, TOL, "irregular aucg = 1063/12 by hand");
	check_rel(g, rt, TOL, "irregular aucg = rectangles + triangles");
	/* AUCi = 1063/12 - 12.4 * 785/60 = 5315/60 - 9734/60 = -4419/60
	 * = -73.65; R: g - c[1]*(t[5]-t[1])/60   -73.649999999999991 */
	check_int(dyad_cort_auci(t, c, 5, &i, &err), DYAD_OK, "irregular auci");
	check_rel(i, -4419.0 / 60, TOL, "irregular auci = -4419/60 by hand");
	check_rel(i, rt - c[0] * span, TOL, "irregular auci = AUCg - m1 sum t");
	/* Waking sample at 5 min (inside 0..15); +30 is the 35 min sample:
	 * CAR = 18.9 - 12.4 = 6.5.  Slope without the 35 min sample, R 4.2:
	 *   coef(lm(log(c[-2]) ~ I(t[-2]/60)))[2]   -0.14006795471030881 */
	check_int(dyad_cort_day(t, c, 5, &O, &day, &err), DYAD_OK, "irregular day");
	check_rel(day.value[DYAD_CORT_CAR], 6.5, TOL, "irregular car = 6.5");
	check_rel(day.value[DYAD_CORT_AUCG], 1063.0 / 12, TOL, "irregular day aucg");
	check_rel(day.value[DYAD_CORT_AUCI], -73.65, TOL, "irregular day auci");
	check_rel(day.value[DYAD_CORT_SLOPE], -0.14006795471030881, 1e-12,
	    "irregular slope vs R lm");
	check_rel(day.value[DYAD_CORT_BED], 1.9, 0, "irregular bed");
}

static void
test_missing_samples(void)
{
	static const double t_no30[] = { 0, 240, 720 };
	static const double c_no30[] = { 10, 6, 2 };
	static const double t_nowake[] = { 30, 240, 720 };
	static const double c_nowake[] = { 15, 6, 2 };
	static const double t_nobed[] = { 0, 30, 240 };
	static const double c_nobed[] = { 10, 15, 6 };
	struct dyad_cort_day day;
	struct dyad_error err;
	int q;

	/* +30 missing: no CAR; AUCg = (10+6)/2*4 + (6+2)/2*8 = 32 + 32 = 64,
	 * the missing sample bridged by the trapezoid; AUCi = 64 - 10*12 =
	 * -56; slope as in the regular day (the +30 sample is never in it). */
	dyad_cort_day(t_no30, c_no30, 3, &O, &day, &err);
	check_int(day.why[DYAD_CORT_CAR], DYAD_CORT_NO_CAR, "no +30: car skipped");
	check_nan(day.value[DYAD_CORT_CAR], "no +30: car is NAN");
	check_rel(day.value[DYAD_CORT_AUCG], 64, TOL, "no +30: aucg = 64");
	check_rel(day.value[DYAD_CORT_AUCI], -56, TOL, "no +30: auci = -56");
	check_rel(day.value[DYAD_CORT_SLOPE], -0.13457792747150923, 1e-12,
	    "no +30: slope unchanged");
	check_rel(day.value[DYAD_CORT_WAKE], 10, 0, "no +30: wake");

	/* Waking sample missing: everything but bedtime is skipped. */
	dyad_cort_day(t_nowake, c_nowake, 3, &O, &day, &err);
	check_int(day.why[DYAD_CORT_WAKE], DYAD_CORT_NO_WAKING, "no waking: wake");
	check_int(day.why[DYAD_CORT_CAR], DYAD_CORT_NO_WAKING, "no waking: car");
	check_int(day.why[DYAD_CORT_AUCG], DYAD_CORT_NO_WAKING, "no waking: aucg");
	check_int(day.why[DYAD_CORT_AUCI], DYAD_CORT_NO_WAKING, "no waking: auci");
	check_int(day.why[DYAD_CORT_SLOPE], DYAD_CORT_NO_WAKING,
	    "no waking: slope");
	check_int(day.why[DYAD_CORT_BED], DYAD_CORT_USED, "no waking: bed used");
	check_rel(day.value[DYAD_CORT_BED], 2, 0, "no waking: bed = 2");

	/* Bedtime missing (last sample at 4 h < 10 h). */
	dyad_cort_day(t_nobed, c_nobed, 3, &O, &day, &err);
	check_int(day.why[DYAD_CORT_WAKE], DYAD_CORT_USED, "no bedtime: wake");
	check_rel(day.value[DYAD_CORT_CAR], 5, TOL, "no bedtime: car = 5");
	check_int(day.why[DYAD_CORT_AUCG], DYAD_CORT_NO_BEDTIME,
	    "no bedtime: aucg");
	check_int(day.why[DYAD_CORT_AUCI], DYAD_CORT_NO_BEDTIME,
	    "no bedtime: auci");
	check_int(day.why[DYAD_CORT_SLOPE], DYAD_CORT_NO_BEDTIME,
	    "no bedtime: slope");
	check_int(day.why[DYAD_CORT_BED], DYAD_CORT_NO_BEDTIME,
	    "no bedtime: bed");

	check_int(dyad_cort_day(NULL, NULL, 0, &O, &day, &err), DYAD_OK,
	    "empty day ok");
	for (q = 0; q < DYAD_CORT_NMEASURES; q++)
		check_int(day.why[q], DYAD_CORT_NO_SAMPLES, "empty day: no_samples");
}

static void
test_too_few_and_bad_input(void)
{
	static const double t1[] = { 0 }, c1[] = { 10 };
	static const double t3[] = { 0, 90, 180 }, c3[] = { 10, 7, 5 };
	static const double tz[] = { 0, 720 }, cz[] = { 10, 0 };
	static const double tu[] = { 0, 720, 240 }, cu[] = { 10, 2, 6 };
	static const double tn[] = { 0, NAN }, cn[] = { 10, 2 };
	static const double tlate[] = { 20, 700 }, clate[] = { 10, 2 };
	static const double tshort[] = { 0, 30, 500 }, cshort[] = { 10, 15, 3 };
	struct dyad_cort_opts bad = O;
	struct dyad_error err;
	double v = 123;

	check_int(dyad_cort_aucg(t1, c1, 1, &v, &err), DYAD_EDOMAIN,
	    "aucg of one sample: EDOMAIN");
	check_str(err.msg, "an area under the curve needs at least 2 samples, "
	    "not 1", "aucg one sample: reason");
	check_rel(v, 123, 0, "aucg failure leaves *out alone");
	check_int(dyad_cort_auci(t1, c1, 1, &v, &err), DYAD_EDOMAIN,
	    "auci of one sample: EDOMAIN");
	check_int(dyad_cort_aucg(t1, c1, 0, &v, &err), DYAD_EDOMAIN,
	    "aucg of no sample: EDOMAIN");
	check_int(dyad_cort_slope(t1, c1, 1, 240, &v, &err), DYAD_EDOMAIN,
	    "slope of one sample: EDOMAIN");
	/* 3 h apart < 4 h */
	check_int(dyad_cort_slope(t3, c3, 3, 240, &v, &err), DYAD_EDOMAIN,
	    "slope over 3 h: EDOMAIN");
	check_str(err.msg, "the samples span 180 min; a slope needs 240",
	    "slope span: reason");
	check_int(dyad_cort_slope(tz, cz, 2, 240, &v, &err), DYAD_EDOMAIN,
	    "slope with a zero sample: EDOMAIN");
	check_int(dyad_cort_aucg(tu, cu, 3, &v, &err), DYAD_EINVAL,
	    "times out of order: EINVAL");
	check_int(dyad_cort_aucg(tn, cn, 2, &v, &err), DYAD_EINVAL,
	    "NAN time: EINVAL");
	check_int(dyad_cort_wake(tlate, clate, 2, &O, &v, &err), DYAD_EDOMAIN,
	    "first sample 20 min after waking: no waking level");
	check_int(dyad_cort_car(tlate, clate, 2, &O, &v, &err), DYAD_EDOMAIN,
	    "no waking sample: no CAR");
	check_int(dyad_cort_car(t1, c1, 1, &O, &v, &err), DYAD_EDOMAIN,
	    "no +30 sample: no CAR");
	check_str(err.msg, "no sample 20..45 min after waking", "car: reason");
	/* 500 min = 8 h 20 < 10 h */
	check_int(dyad_cort_bed(tshort, cshort, 3, &O, &v, &err), DYAD_EDOMAIN,
	    "last sample 8 h 20 after waking: no bedtime level");
	bad.car_min = 10;       /* inside the waking window */
	check_int(dyad_cort_wake(t1, c1, 1, &bad, &v, &err), DYAD_EINVAL,
	    "car window overlapping the waking window: EINVAL");
	bad = O;
	bad.to_nmol = 0;
	check_int(dyad_cort_bed(t1, c1, 1, &bad, &v, &err), DYAD_EINVAL,
	    "unit factor 0: EINVAL");
}

static void
test_car_choice(void)
{
	static const double tie_t[] = { 0, 25, 35, 700 };
	static const double tie_c[] = { 10, 14, 16, 2 };
	static const double near_t[] = { 0, 22, 31, 44, 700 };
	static const double near_c[] = { 10, 12, 17, 13, 2 };
	static const double out_t[] = { 0, 50, 700 };
	static const double out_c[] = { 10, 17, 2 };
	struct dyad_error err;
	double v = NAN;

	/* 25 and 35 are both 5 min from 30: the earlier wins, 14 - 10 = 4 */
	dyad_cort_car(tie_t, tie_c, 4, &O, &v, &err);
	check_rel(v, 4, TOL, "car tie: earlier sample");
	/* 31 is nearest 30: 17 - 10 = 7 */
	dyad_cort_car(near_t, near_c, 5, &O, &v, &err);
	check_rel(v, 7, TOL, "car: nearest to +30");
	/* 50 min is outside 20..45 */
	check_int(dyad_cort_car(out_t, out_c, 3, &O, &v, &err), DYAD_EDOMAIN,
	    "car: +50 min is not a +30 sample");
}

/* ---- from CSV rows ---- */

static struct dyad_catalog *CAT;

static void
count_issue(const struct dyad_issue *is, void *ctx)
{
	(void)is;
	(*(size_t *)ctx)++;
}

/* Read text into a new data set (NULL on failure). */
static struct dyad_data *
load(const char *text)
{
	struct dyad_data *d = NULL;
	struct dyad_error err;
	FILE *f = fmemopen((void *)text, strlen(text), "r");

	if (f == NULL || dyad_data_new(&d, CAT, &err) != DYAD_OK ||
	    dyad_data_read(d, f, "t.csv", NULL, &err) != DYAD_OK) {
		printf("# load failed: %s\n", err.msg);
		dyad_data_free(d);
		d = NULL;
	}
	if (f != NULL)
		fclose(f);
	return d;
}

static const struct dyad_cort_row *
find_row(const struct dyad_cortisol *r, const struct dyad_data *d,
    const char *child, enum dyad_cort_measure m)
{
	size_t i;

	for (i = 0; i < dyad_cortisol_rows(r); i++) {
		const struct dyad_cort_row *x = dyad_cortisol_row(r, i);

		if (x->measure == m && strcmp(dyad_data_str(d, x->child), child) == 0)
			return x;
	}
	return NULL;
}

static double
score_of(const struct dyad_cortisol *r, const struct dyad_data *d,
    const char *child, enum dyad_cort_measure m)
{
	const struct dyad_cort_row *x = find_row(r, d, child, m);

	return x != NULL ? x->score : NAN;
}

static void
test_units(void)
{
	/* ug/dL: 0.4, 0.6, 0.25, 0.1 at 0, 30 min, 4 h, 12 h. */
	static const char text[] =
	    "child_id,measure,timepoint,wake_time,sample_time,score\n"
	    "K1,CORT,intake,07:00,07:00,0.4\n"
	    "K1,CORT,intake,07:00,07:30,0.6\n"
	    "K1,CORT,intake,07:00,11:00,0.25\n"
	    "K1,CORT,intake,07:00,19:00,0.1\n";
	struct dyad_data *d = load(text);
	struct dyad_cortisol *r = NULL;
	struct dyad_cort_opts o = O;
	struct dyad_error err;

	o.to_nmol = DYAD_CORT_UGDL_NMOLL;
	check_true(d != NULL, "units: data read");
	if (d == NULL)
		return;
	check_int(dyad_cortisol_run(&r, d, &o, &err), DYAD_OK, "units: run");
	/* 0.4 ug/dL * 27.59 = 11.036 nmol/L */
	check_rel(score_of(r, d, "K1", DYAD_CORT_WAKE), 11.036, TOL,
	    "units: waking 0.4 ug/dL = 11.036 nmol/L");
	/* (0.6 - 0.4) * 27.59 = 5.518 */
	check_rel(score_of(r, d, "K1", DYAD_CORT_CAR), 5.518, 1e-12,
	    "units: car = 0.2 ug/dL = 5.518 nmol/L");
	/* In ug/dL: 1.0/2*0.5 + 0.85/2*3.5 + 0.35/2*8 = 0.25 + 1.4875 + 1.4
	 * = 3.1375 ug/dL x h; * 27.59 = 86.563625 nmol/L x h */
	check_rel(score_of(r, d, "K1", DYAD_CORT_AUCG), 86.563625, 1e-12,
	    "units: aucg 3.1375 ug/dL x h = 86.563625 nmol/L x h");
	/* 0.1 * 27.59 = 2.759 */
	check_rel(score_of(r, d, "K1", DYAD_CORT_BED), 2.759, TOL,
	    "units: bedtime 2.759 nmol/L");
	/* A factor does not change a log-scale slope: R 4.2
	 *   coef(lm(log(c(0.4,0.25,0.1)) ~ c(0,4,12)))[2]  -0.11538336029203065 */
	check_rel(score_of(r, d, "K1", DYAD_CORT_SLOPE), -0.11538336029203065,
	    1e-12, "units: slope unchanged by the unit");
	dyad_cortisol_free(r);
	dyad_data_free(d);
}

/* Several children, each showing one rule. */
static const char DAYS[] =
    "child_id,caregiver_id,measure,timepoint,date,wake_time,sample_time,score\n"
    /* A: two complete days (line 2-9) */
    "A,GA,CORT,intake,2025-01-10,06:30,06:30,10\n"
    "A,GA,CORT,intake,2025-01-10,06:30,07:00,15\n"
    "A,GA,CORT,intake,2025-01-10,06:30,10:30,6\n"
    "A,GA,CORT,intake,2025-01-10,06:30,18:30,2\n"
    "A,GA,CORT,intake,2025-01-11,06:40,06:40,12\n"
    "A,GA,CORT,intake,2025-01-11,06:40,07:10,16\n"
    "A,GA,CORT,intake,2025-01-11,06:40,10:40,7\n"
    "A,GA,CORT,intake,2025-01-11,06:40,18:40,3\n"
    /* B: a waking sample only (line 10) */
    "B,GB,CORT,intake,2025-01-10,07:00,07:00,9\n"
    /* C: times out of order (lines 11-13: 13 is the culprit) */
    "C,GC,CORT,intake,2025-01-10,07:00,07:00,10\n"
    "C,GC,CORT,intake,2025-01-10,07:00,19:00,2\n"
    "C,GC,CORT,intake,2025-01-10,07:00,07:30,14\n"
    /* D: a sample before waking (line 14), left out */
    "D,GD,CORT,intake,2025-01-10,07:00,06:50,11\n"
    "D,GD,CORT,intake,2025-01-10,07:00,07:00,10\n"
    "D,GD,CORT,intake,2025-01-10,07:00,19:30,2\n"
    /* E: the waking sample outside the assay range (line 17), a missing
     * score (line 19) */
    "E,GE,CORT,intake,2025-01-10,06:00,06:00,100\n"
    "E,GE,CORT,intake,2025-01-10,06:00,06:30,14\n"
    "E,GE,CORT,intake,2025-01-10,06:00,12:00,\n"
    "E,GE,CORT,intake,2025-01-10,06:00,18:00,2\n"
    /* not a cortisol row */
    "A,GA,CESD,intake,2025-01-10,,,20\n";

static void
test_days(void)
{
	struct dyad_data *d = load(DAYS);
	struct dyad_cortisol *r = NULL;
	const struct dyad_cort_flow *f;
	const struct dyad_cort_row *x;
	struct dyad_cort_opts o = O;
	struct dyad_error err;
	size_t issues = 0;
	char date[16];
	int q;

	o.on_issue = count_issue;
	o.ctx = &issues;
	check_true(d != NULL, "days: data read");
	if (d == NULL)
		return;
	check_int(dyad_cortisol_run(&r, d, &o, &err), DYAD_OK, "days: run");
	if (r == NULL)
		return;
	/* A, day 1 as the regular day: 10, 5, 75, -45, s1, 2.
	 * A, day 2: 12, 16, 7, 3 at 0, 30 min, 4 h, 12 h: CAR 4; AUCg
	 * 28/2*0.5 + 23/2*3.5 + 10/2*8 = 7 + 40.25 + 40 = 87.25; AUCi 87.25 -
	 * 12*12 = -56.75; bed 3; s2 = coef(lm(log(c(12,7,3)) ~ c(0,4,12)))[2]
	 * = -0.11415134472976375.  Means over the 2 days: */
	check_rel(score_of(r, d, "A", DYAD_CORT_WAKE), 11, TOL, "A: wake mean 11");
	check_rel(score_of(r, d, "A", DYAD_CORT_CAR), 4.5, TOL, "A: car mean 4.5");
	check_rel(score_of(r, d, "A", DYAD_CORT_AUCG), 81.125, TOL,
	    "A: aucg mean (75 + 87.25)/2");
	check_rel(score_of(r, d, "A", DYAD_CORT_AUCI), -50.875, TOL,
	    "A: auci mean (-45 - 56.75)/2");
	check_rel(score_of(r, d, "A", DYAD_CORT_BED), 2.5, TOL, "A: bed mean 2.5");
	/* R: (s1 + s2)/2 = -0.1243646361006365 */
	check_rel(score_of(r, d, "A", DYAD_CORT_SLOPE), -0.1243646361006365,
	    1e-12, "A: slope mean vs R");
	x = find_row(r, d, "A", DYAD_CORT_SLOPE);
	check_int(x != NULL ? (long long)x->n_days : -1, 2, "A: n_days 2");
	date[0] = '\0';
	if (x != NULL)
		dyad_date_format(date, sizeof(date), x->date);
	check_str(date, "2025-01-10", "A: date is the first day");
	check_str(x != NULL ? dyad_data_str(d, x->caregiver) : NULL, "GA",
	    "A: caregiver kept");

	/* B: waking only */
	check_rel(score_of(r, d, "B", DYAD_CORT_WAKE), 9, 0, "B: wake 9");
	check_true(find_row(r, d, "B", DYAD_CORT_CAR) == NULL, "B: no car row");
	check_true(find_row(r, d, "B", DYAD_CORT_AUCG) == NULL, "B: no aucg row");
	/* C: nothing */
	for (q = 0; q < DYAD_CORT_NMEASURES; q++)
		check_true(find_row(r, d, "C", (enum dyad_cort_measure)q) == NULL,
		    "C: out-of-order day gives no row");
	/* D: 10 at 0 and 2 at 12.5 h: AUCg 12/2*12.5 = 75, AUCi 75 - 125 =
	 * -50, slope ln(2/10)/12.5 = -0.12875503299472801 (R: log(2/10)/12.5) */
	check_rel(score_of(r, d, "D", DYAD_CORT_AUCG), 75, TOL, "D: aucg 75");
	check_rel(score_of(r, d, "D", DYAD_CORT_AUCI), -50, TOL, "D: auci -50");
	check_rel(score_of(r, d, "D", DYAD_CORT_SLOPE), -0.12875503299472801,
	    1e-12, "D: two-sample slope = ln ratio / hours");
	check_true(find_row(r, d, "D", DYAD_CORT_CAR) == NULL, "D: no car row");
	/* E: the 100 is out, so the first sample is at 30 min: no waking */
	check_true(find_row(r, d, "E", DYAD_CORT_WAKE) == NULL, "E: no wake row");
	check_rel(score_of(r, d, "E", DYAD_CORT_BED), 2, 0, "E: bed 2");

	check_int((long long)dyad_cortisol_rows(r), 13,
	    "rows: A 6 + B 1 + D 5 + E 1");
	x = dyad_cortisol_row(r, 6);
	check_str(x != NULL ? dyad_data_str(d, x->child) : NULL, "B",
	    "rows in order of first appearance");

	f = dyad_cortisol_flow(r);
	/* A 8 + B 1 + C 3 + D 3 + E 4 */
	check_int((long long)f->samples, 19, "flow: 19 samples");
	check_int((long long)f->sample[DYAD_CORT_SAMPLE_USABLE], 16,
	    "flow: 16 usable");
	check_int((long long)f->sample[DYAD_CORT_SAMPLE_BEFORE_WAKING], 1,
	    "flow: 1 before waking");
	check_int((long long)f->sample[DYAD_CORT_SAMPLE_OUT_OF_ASSAY], 1,
	    "flow: 1 outside the assay range");
	check_int((long long)f->row_status[DYAD_ROW_MISSING_SCORE], 1,
	    "flow: 1 missing score");
	check_int((long long)f->days, 6, "flow: 6 days (A has 2)");
	check_int((long long)f->days_partial, 4, "flow: B, C, D, E partial");
	check_int((long long)f->day[DYAD_CORT_WAKE][DYAD_CORT_USED], 4,
	    "flow wake: used A, A, B, D");
	check_int((long long)f->day[DYAD_CORT_WAKE][DYAD_CORT_OUT_OF_ORDER], 1,
	    "flow wake: C out of order");
	check_int((long long)f->day[DYAD_CORT_WAKE][DYAD_CORT_NO_WAKING], 1,
	    "flow wake: E no waking sample");
	check_int((long long)f->day[DYAD_CORT_CAR][DYAD_CORT_NO_CAR], 2,
	    "flow car: B and D have no +30 sample");
	check_int((long long)f->day[DYAD_CORT_AUCG][DYAD_CORT_USED], 3,
	    "flow aucg: A, A, D");
	check_int((long long)f->day[DYAD_CORT_AUCG][DYAD_CORT_NO_BEDTIME], 1,
	    "flow aucg: B too few samples (no bedtime)");
	check_int((long long)f->day[DYAD_CORT_BED][DYAD_CORT_USED], 4,
	    "flow bed: A, A, D, E");
	for (q = 0; q < DYAD_CORT_NMEASURES; q++) {
		size_t k, sum = 0;

		for (k = 0; k < DYAD_CORT_NREASONS; k++)
			sum += f->day[q][k];
		check_int((long long)sum, 6, "flow: each measure accounts for 6 days");
	}
	/* C out of order, D before waking, E outside the range */
	check_int((long long)dyad_cortisol_problems(r), 3, "3 problems");
	check_int((long long)issues, 3, "3 issues reported");
	dyad_cortisol_free(r);
	dyad_data_free(d);
}

/* Times from minutes_since_waking; one wake_time change. */
static void
test_minutes_and_wake(void)
{
	static const char mins[] =
	    "child_id,measure,timepoint,minutes_since_waking,score\n"
	    "M,CORT,intake,0,10\n"
	    "M,CORT,intake,30,15\n"
	    "M,CORT,intake,240,6\n"
	    "M,CORT,intake,720,2\n"
	    "N,CORT,intake,,10\n"
	    "N,CORT,intake,abc,10\n"
	    "N,CORT,intake,1500,10\n"
	    "N,CORT,intake,-5,10\n";
	static const char wake[] =
	    "child_id,measure,timepoint,wake_time,sample_time,score\n"
	    "W,CORT,intake,06:30,06:30,10\n"
	    "W,CORT,intake,06:45,19:00,2\n"
	    "X,CORT,intake,6:30,6:30,10\n"
	    "X,CORT,intake,06:30,7.00,12\n"
	    "X,CORT,intake,06:30,,12\n";
	struct dyad_data *d = load(mins);
	struct dyad_cortisol *r = NULL;
	const struct dyad_cort_flow *f;
	struct dyad_error err;

	if (d != NULL && dyad_cortisol_run(&r, d, &O, &err) == DYAD_OK) {
		f = dyad_cortisol_flow(r);
		check_rel(score_of(r, d, "M", DYAD_CORT_AUCG), 75, TOL,
		    "minutes_since_waking: aucg 75");
		check_int((long long)f->sample[DYAD_CORT_SAMPLE_MISSING_TIME], 1,
		    "minutes: empty time counted");
		check_int((long long)f->sample[DYAD_CORT_SAMPLE_BAD_TIME], 2,
		    "minutes: abc and 1500 are bad times");
		check_int((long long)f->sample[DYAD_CORT_SAMPLE_BEFORE_WAKING], 1,
		    "minutes: -5 is before waking");
		check_int((long long)f->day[DYAD_CORT_WAKE][DYAD_CORT_NO_SAMPLES], 1,
		    "minutes: N's day has no usable sample");
	} else {
		check_true(0, "minutes: run");
	}
	dyad_cortisol_free(r);
	dyad_data_free(d);
	r = NULL;
	d = load(wake);
	if (d != NULL && dyad_cortisol_run(&r, d, &O, &err) == DYAD_OK) {
		f = dyad_cortisol_flow(r);
		check_int((long long)f->day[DYAD_CORT_BED][DYAD_CORT_WAKE_DIFFERS], 1,
		    "wake_time changing within a day skips it");
		check_int((long long)f->day[DYAD_CORT_WAKE][DYAD_CORT_USED], 1,
		    "wake_time 6:30 and 06:30 are the same time");
		check_int((long long)f->sample[DYAD_CORT_SAMPLE_BAD_TIME], 1,
		    "sample_time 7.00 is not a time");
		check_int((long long)f->sample[DYAD_CORT_SAMPLE_MISSING_TIME], 1,
		    "empty sample_time counted");
		/* W's wake_time change, X's 7.00 and X's empty sample_time */
		check_int((long long)dyad_cortisol_problems(r), 3, "wake: 3 problems");
	} else {
		check_true(0, "wake: run");
	}
	dyad_cortisol_free(r);
	dyad_data_free(d);
}

static void
test_errors_and_table(void)
{
	static const char nocort[] =
	    "child_id,measure,timepoint,score\nA,CESD,intake,20\n";
	static const char notime[] =
	    "child_id,measure,timepoint,sample_time,score\nA,CORT,intake,07:00,20\n";
	static const char small[] =
	    "child_id,family_id,measure,timepoint,date,minutes_since_waking,score\n"
	    "S,F,CORT,intake,2025-03-01,0,10\n"
	    "S,F,CORT,intake,2025-03-01,30,15\n"
	    "S,F,CORT,intake,2025-03-01,240,6\n"
	    "S,F,CORT,intake,2025-03-01,720,2\n";
	struct dyad_data *d;
	struct dyad_cortisol *r = NULL;
	struct dyad_table *t = NULL;
	struct dyad_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	d = load(nocort);
	check_int(d ? (long long)dyad_cortisol_run(&r, d, &O, &err) : -1, DYAD_EDATA,
	    "no CORT rows: EDATA");
	check_true(r == NULL, "no result on error");
	dyad_data_free(d);
	d = load(notime);
	check_int(d ? (long long)dyad_cortisol_run(&r, d, &O, &err) : -1, DYAD_EDATA,
	    "sample_time without wake_time: EDATA");
	check_str(err.msg, "no sample times: cortisol needs a "
	    "minutes_since_waking column, or sample_time and wake_time columns",
	    "no times: message");
	dyad_data_free(d);

	d = load(small);
	if (d == NULL || dyad_cortisol_run(&r, d, &O, &err) != DYAD_OK ||
	    dyad_cortisol_table(r, &t, &err) != DYAD_OK) {
		check_true(0, "table: run");
	} else {
		mem = open_memstream(&buf, &len);
		dyad_table_write(t, DYAD_FMT_CSV, NULL, mem, &err);
		fclose(mem);
		/* The regular day (75, -45, CAR 15 - 10); the slope's last
		 * digits are GSL's, so it is checked as a number against R. */
		char *sl = buf != NULL ? strstr(buf, "CORT_SLOPE,intake,2025-03-01,") :
		    NULL, *nl = sl != NULL ? strchr(sl, '\n') : NULL;
		double v = NAN;

		if (sl != NULL && nl != NULL) {
			char *num = sl + strlen("CORT_SLOPE,intake,2025-03-01,");
			char *comma = strchr(num, ',');

			if (comma != NULL && dyad_num_parse(num, (size_t)(comma - num),
			    false, &v) == DYAD_NUM_OK)
				memmove(num, comma, strlen(comma) + 1);
		}
		check_rel(v, -0.13457792747150923, 1e-12, "table: slope vs R lm");
		check_str(buf,
		    "child_id,caregiver_id,family_id,site,measure,timepoint,date,"
		    "score,n_days\n"
		    "S,,F,,CORT_WAKE,intake,2025-03-01,10,1\n"
		    "S,,F,,CORT_CAR,intake,2025-03-01,5,1\n"
		    "S,,F,,CORT_AUCG,intake,2025-03-01,75,1\n"
		    "S,,F,,CORT_AUCI,intake,2025-03-01,-45,1\n"
		    "S,,F,,CORT_SLOPE,intake,2025-03-01,,1\n"
		    "S,,F,,CORT_BED,intake,2025-03-01,2,1\n",
		    "table: long format with n_days (slope cut out)");
	}
	free(buf);
	dyad_table_free(t);
	dyad_cortisol_free(r);
	dyad_data_free(d);
	check_str(dyad_cort_measure_code(DYAD_CORT_AUCI), "CORT_AUCI", "code");
	check_str(dyad_cort_reason_name(DYAD_CORT_NO_BEDTIME),
	    "no_bedtime_sample", "reason name");
	check_str(dyad_cort_sample_reason_name(DYAD_CORT_SAMPLE_OUT_OF_ASSAY),
	    "outside_assay_range", "sample reason name");
}

int
main(void)
{
	struct dyad_error err;

	dyad_cort_opts_init(&O);
	/* Salimetrics 0.012..3.000 ug/dL in nmol/L */
	check_rel(O.assay_min, 0.33108, 1e-12, "default assay min 0.33108");
	check_rel(O.assay_max, 82.77, 1e-12, "default assay max 82.77");
	test_regular_day();
	test_pruessner_irregular();
	test_missing_samples();
	test_too_few_and_bad_input();
	test_car_choice();
	if (dyad_catalog_new_default(&CAT, &err) != DYAD_OK) {
		check_true(0, "default catalog");
		return check_summary();
	}
	test_units();
	test_days();
	test_minutes_and_wake();
	test_errors_and_table();
	dyad_catalog_free(CAT);
	return check_summary();
}

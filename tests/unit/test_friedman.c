/* test_friedman.c - Friedman's test and the one-way repeated-measures
 * ANOVA against R 4.2 friedman.test() and summary(aov()) (see
 * tests/unit/R/stats_reference.R; labels quoted after "R:"). */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>

#include "check.h"
#include "dyad/stats.h"

#define TOL 1e-9	/* statistics: relative */
#define PTOL 1e-12	/* p-values: absolute */

/* Hollander & Wolfe (1973, p. 140): times to round first base by three
 * methods for 22 players, the ?friedman.test example; rows 2, 4, 7, 8, 15,
 * 16, 17, 18 and 22 contain ties. */
static const double rounding[22 * 3] = {
	5.40, 5.50, 5.55, 5.85, 5.70, 5.75, 5.20, 5.60, 5.50, 5.55, 5.50, 5.40,
	5.90, 5.85, 5.70, 5.45, 5.55, 5.60, 5.40, 5.40, 5.35, 5.45, 5.50, 5.35,
	5.25, 5.15, 5.00, 5.85, 5.80, 5.70, 5.25, 5.20, 5.10, 5.65, 5.55, 5.45,
	5.60, 5.35, 5.45, 5.05, 5.00, 4.95, 5.50, 5.50, 5.40, 5.45, 5.55, 5.50,
	5.55, 5.55, 5.35, 5.45, 5.50, 5.55, 5.50, 5.45, 5.25, 5.65, 5.60, 5.40,
	5.70, 5.65, 5.55, 6.30, 6.30, 6.25
};

/* 5 subjects x 4 conditions with ties in rows 2, 3 and 4 (the matrix fm
 * of stats_reference.R). */
static const double fm[5 * 4] = {
	1, 2, 3, 4,
	2, 2, 3, 1,
	5, 5, 5, 6,
	3, 1, 1, 2,
	4, 6, 5, 7
};

static void
test_friedman(void)
{
	struct dyad_friedman f;
	struct dyad_error err;
	double flat[] = { 1, 1, 1, 2, 2, 2 };

	/* R: rt.friedman.stat 11.142857142857142, rt.friedman.p
	 * 0.003805040775511363; printed by R as "Friedman chi-squared =
	 * 11.143, df = 2, p-value = 0.003805" */
	check_int(dyad_stats_friedman(rounding, 22, 3, &f, NULL), DYAD_OK,
	    "rounding times ok");
	check_rel(f.statistic, 11.142857142857142, TOL, "rounding chi-squared");
	check_rel(f.df, 2, 0, "rounding df");
	check_abs(f.p, 0.003805040775511363, PTOL, "rounding p");
	check_abs(f.p, 0.003805, 5e-7, "rounding p as published");
	check_int((long long)f.n, 22, "rounding n");
	check_int((long long)f.k, 3, "rounding k");
	/* R: fm.friedman.stat 2.5227272727272729, fm.friedman.p
	 * 0.47119775473505504 */
	check_int(dyad_stats_friedman(fm, 5, 4, &f, NULL), DYAD_OK,
	    "tied rows ok");
	check_rel(f.statistic, 2.5227272727272729, TOL,
	    "tied rows chi-squared");
	check_abs(f.p, 0.47119775473505504, PTOL, "tied rows p");
	/* one subject, no ties: ranks 1..k, Q = 12 sum (j - 2)^2 / 12 = 2
	 * for k = 3 (hand; R's friedman.test() fails on one row).
	 * R: one.friedman.p 0.36787944117144233 (= pchisq(2, 2,
	 * lower.tail = FALSE) = exp(-1)) */
	check_int(dyad_stats_friedman(fm, 1, 3, &f, NULL), DYAD_OK,
	    "one subject ok");
	check_rel(f.statistic, 2, TOL, "one subject Q");
	check_abs(f.p, 0.36787944117144233, PTOL, "one subject p");

	check_int(dyad_stats_friedman(flat, 2, 3, &f, &err), DYAD_EDOMAIN,
	    "constant rows are EDOMAIN");
	check_nan(f.statistic, "constant rows: statistic NaN");
	check_nan(f.p, "constant rows: p NaN");
	check_int(dyad_stats_friedman(fm, 5, 1, &f, &err), DYAD_EDOMAIN,
	    "one condition is EDOMAIN");
	check_int(dyad_stats_friedman(fm, 0, 4, &f, &err), DYAD_EDOMAIN,
	    "no subjects is EDOMAIN");
}

static void
test_rm_anova(void)
{
	struct dyad_rmanova a;
	struct dyad_error err;
	double k2[10 * 2];
	/* rows differ only by a constant: no subject x condition residual */
	double parallel[] = { 1, 2, 3, 2, 3, 4, 5, 6, 7 };
	static const double pre[10] = {
		0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0
	};
	static const double post[10] = {
		1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4
	};
	size_t i;

	/* R: summary(aov(score ~ time + Error(id / time))) on the rounding
	 * times: rt.rm.F 6.2883079157588746, rt.rm.p 0.0040841007221974028,
	 * rt.rm.ss_cond 0.093712121212120802, rt.rm.ss_err
	 * 0.31295454545454515, rt.rm.ss_subj 4.218636363636362; epsilon from
	 * the double-centred covariance matrix, rt.rm.gg 0.77350146327056279,
	 * and pf(F, 2 eps, 42 eps, lower.tail = FALSE), rt.rm.p_gg
	 * 0.0084397990454051254 */
	check_int(dyad_stats_rm_anova(rounding, 22, 3, &a, NULL), DYAD_OK,
	    "rounding ANOVA ok");
	check_rel(a.f, 6.2883079157588746, TOL, "rounding F");
	check_rel(a.df1, 2, 0, "rounding df1");
	check_rel(a.df2, 42, 0, "rounding df2");
	check_abs(a.p, 0.0040841007221974028, PTOL, "rounding p");
	check_rel(a.ss_conditions, 0.093712121212120802, TOL,
	    "rounding SS time");
	check_rel(a.ss_error, 0.31295454545454515, TOL,
	    "rounding SS error");
	check_rel(a.ss_subjects, 4.218636363636362, TOL,
	    "rounding SS subjects");
	check_rel(a.gg_epsilon, 0.77350146327056279, TOL,
	    "rounding GG epsilon");
	check_abs(a.p_gg, 0.0084397990454051254, PTOL, "rounding GG p");
	/* R: fm.rm.F 0.88188976377952799, fm.rm.p 0.47791553076565152,
	 * fm.rm.ss_cond 2.8, fm.rm.ss_err 12.7, fm.rm.ss_subj 53.3,
	 * fm.rm.gg 0.66137696313609717, fm.rm.p_gg 0.45015308947590887 */
	check_int(dyad_stats_rm_anova(fm, 5, 4, &a, NULL), DYAD_OK,
	    "fm ANOVA ok");
	check_rel(a.f, 0.88188976377952799, TOL, "fm F");
	check_abs(a.p, 0.47791553076565152, PTOL, "fm p");
	check_rel(a.ss_conditions, 2.8, TOL, "fm SS time");
	check_rel(a.ss_error, 12.7, TOL, "fm SS error");
	check_rel(a.ss_subjects, 53.3, TOL, "fm SS subjects");
	check_rel(a.gg_epsilon, 0.66137696313609717, TOL, "fm GG epsilon");
	check_abs(a.p_gg, 0.45015308947590887, PTOL, "fm GG p");
	/* k = 2 is the paired t-test: F = t^2.  R: k2.rm.F
	 * 16.500881316098706 (= 4.0621276833820366^2), k2.rm.p
	 * 0.0028328901973842706 (= the t-test's p), k2.rm.gg 1 */
	for (i = 0; i < 10; i++) {
		k2[2 * i] = pre[i];
		k2[2 * i + 1] = post[i];
	}
	check_int(dyad_stats_rm_anova(k2, 10, 2, &a, NULL), DYAD_OK,
	    "two conditions ok");
	check_rel(a.f, 16.500881316098706, TOL, "two conditions F = t^2");
	check_abs(a.p, 0.0028328901973842706, PTOL, "two conditions p");
	check_rel(a.gg_epsilon, 1, 0, "two conditions epsilon 1");
	check_abs(a.p_gg, a.p, 0, "two conditions GG p = p");

	check_int(dyad_stats_rm_anova(parallel, 3, 3, &a, &err), DYAD_EDOMAIN,
	    "no residual is EDOMAIN");
	check_nan(a.f, "no residual: F NaN");
	check_nan(a.gg_epsilon, "no residual: epsilon NaN");
	check_true(a.ss_conditions > 0, "no residual: SS time filled");
	check_int(dyad_stats_rm_anova(fm, 1, 4, &a, &err), DYAD_EDOMAIN,
	    "one subject is EDOMAIN");
	check_int(dyad_stats_rm_anova(fm, 5, 1, &a, &err), DYAD_EDOMAIN,
	    "one condition is EDOMAIN");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_friedman();
	test_rm_anova();
	return check_summary();
}

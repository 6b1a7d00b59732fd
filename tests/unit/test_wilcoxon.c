/* test_wilcoxon.c - the signed-rank test and the rank-biserial correlation
 * against R 4.2 wilcox.test() and effectsize 0.8.3 rank_biserial()
 * (tests/unit/R/stats_reference.R; labels quoted after "R:"). */
#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>

#include "check.h"
#include "dyad/stats.h"

#define PTOL 1e-12	/* p-values, absolute */

/* R's sleep data; one difference is 0, the rest positive. */
static const double sleep_pre[10] = {
	0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0
};
static const double sleep_post[10] = {
	1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4
};

/* Hollander & Wolfe (1973, p. 29) depression scores, the ?wilcox.test
 * example: no ties, no zeros, n = 9, so R uses the exact distribution. */
static const double hw_pre[9] = {
	1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30
};
static const double hw_post[9] = {
	0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29
};

/* Differences 2, -2, 2, 3, 1, 2, -1: tied |d| (four 2s, two 1s). */
static const double t_pre[7] = { 5, 6, 7, 8, 9, 10, 11 };
static const double t_post[7] = { 7, 4, 9, 11, 10, 12, 10 };

/* Every difference negative and distinct. */
static const double neg_pre[6] = { 10, 12, 9, 14, 11, 13 };
static const double neg_post[6] = { 8, 9, 8.5, 10, 10.25, 7 };

static void
test_published(void)
{
	struct dyad_wilcoxon w;
	double r;

	/* R: sleep.wilcox.V 45, sleep.wilcox.p 0.0090906980159250559
	 * (a zero difference: normal approximation with continuity
	 * correction; R warns "cannot compute exact p-value with zeroes") */
	check_int(dyad_stats_wilcoxon(sleep_pre, sleep_post, 10, &w, NULL),
	    DYAD_OK, "sleep ok");
	check_rel(w.v, 45, 0, "sleep V");
	check_abs(w.p, 0.0090906980159250559, PTOL, "sleep p");
	check_true(!w.exact, "sleep uses the normal approximation");
	check_int((long long)w.zeros, 1, "sleep has one zero");
	check_int((long long)w.n_used, 9, "sleep uses 9 differences");
	check_true(isfinite(w.z), "sleep reports z");
	/* R: sleep.rb 1 (every nonzero difference positive) */
	dyad_stats_rank_biserial(sleep_pre, sleep_post, 10, &r, NULL);
	check_rel(r, 1, 1e-15, "sleep rank-biserial");

	/* R: hw.V 5, hw.p 0.0390625 (= 20/512, exact: P(V <= 5) = 10/512
	 * for n = 9, doubled; hand count) */
	check_int(dyad_stats_wilcoxon(hw_pre, hw_post, 9, &w, NULL), DYAD_OK,
	    "Hollander-Wolfe ok");
	check_rel(w.v, 5, 0, "Hollander-Wolfe V");
	check_abs(w.p, 0.0390625, PTOL, "Hollander-Wolfe p");
	check_true(w.exact, "Hollander-Wolfe is exact");
	check_nan(w.z, "exact test has no z");
	check_int((long long)w.ties, 0, "Hollander-Wolfe has no ties");
	/* R: hw.rb -0.77777777777777768 (= 4 * 5 / 90 - 1, hand) */
	dyad_stats_rank_biserial(hw_pre, hw_post, 9, &r, NULL);
	check_rel(r, -0.77777777777777768, 1e-14, "Hollander-Wolfe r_rb");
}

static void
test_ties_zeros(void)
{
	struct dyad_wilcoxon w;
	struct dyad_error err;
	double r, a4[] = { 1, 2, 3, 4 }, b4[] = { 3, 4, 5, 6 };
	double z[] = { 1, 2, 3 };

	/* R: ties.V 22, ties.p 0.19587557068600608 */
	check_int(dyad_stats_wilcoxon(t_pre, t_post, 7, &w, NULL), DYAD_OK,
	    "ties ok");
	check_rel(w.v, 22, 0, "ties V");
	check_abs(w.p, 0.19587557068600608, PTOL, "ties p");
	check_true(!w.exact, "ties force the normal approximation");
	check_int((long long)w.ties, 6, "six differences share |d|");
	check_int((long long)w.zeros, 0, "no zeros");
	/* R: ties.rb 0.5714285714285714 */
	dyad_stats_rank_biserial(t_pre, t_post, 7, &r, NULL);
	check_rel(r, 0.5714285714285714, 1e-14, "ties rank-biserial");

	/* every difference +2.  R: alltied.V 10, alltied.p
	 * 0.071860638225851606, alltied.rb 1 */
	check_int(dyad_stats_wilcoxon(a4, b4, 4, &w, NULL), DYAD_OK,
	    "all tied ok");
	check_rel(w.v, 10, 0, "all tied V");
	check_abs(w.p, 0.071860638225851606, PTOL, "all tied p");
	check_int((long long)w.ties, 4, "all four tied");
	dyad_stats_rank_biserial(a4, b4, 4, &r, NULL);
	check_rel(r, 1, 1e-15, "all tied positive: r_rb 1");
	/* every difference -2: effectsize 0.8.3 returns +1 here (R:
	 * allneg.rb.effectsize 1) because its .safe_ranktransform() gives
	 * a constant vector unsigned mean ranks; the definition says -1. */
	dyad_stats_rank_biserial(b4, a4, 4, &r, NULL);
	check_rel(r, -1, 1e-15,
	    "all tied negative: r_rb -1 (not effectsize's 1)");

	/* all zero: R gives V = 0, p = NA */
	check_int(dyad_stats_wilcoxon(z, z, 3, &w, &err), DYAD_EDOMAIN,
	    "all zero is EDOMAIN");
	check_nan(w.v, "all zero: V NaN");
	check_nan(w.p, "all zero: p NaN");
	check_int((long long)w.zeros, 3, "all zero: zeros counted");
	check_str(err.msg, "all differences are zero", "all zero message");
	check_int(dyad_stats_rank_biserial(z, z, 3, &r, &err), DYAD_EDOMAIN,
	    "all zero r_rb is EDOMAIN");
	check_nan(r, "all zero r_rb NaN");
}

static void
test_small(void)
{
	struct dyad_wilcoxon w;
	struct dyad_error err;
	double one_pre = 1, one_post = 2, p2[] = { 1, 2 }, q2[] = { 2, 0 }, r;

	check_int(dyad_stats_wilcoxon(&one_pre, &one_post, 0, &w, &err),
	    DYAD_EDOMAIN, "no pairs is EDOMAIN");
	check_nan(w.p, "no pairs: p NaN");
	check_int(dyad_stats_rank_biserial(&one_pre, &one_post, 0, &r, &err),
	    DYAD_EDOMAIN, "no pairs r_rb is EDOMAIN");
	/* R: one.V 1, one.p 1 */
	check_int(dyad_stats_wilcoxon(&one_pre, &one_post, 1, &w, NULL),
	    DYAD_OK, "one pair ok");
	check_rel(w.v, 1, 0, "one pair V");
	check_abs(w.p, 1, 0, "one pair p");
	check_true(w.exact, "one pair exact");
	/* differences 1, -2.  R: two.V 1, two.p 1 */
	dyad_stats_wilcoxon(p2, q2, 2, &w, NULL);
	check_rel(w.v, 1, 0, "two pairs V");
	check_abs(w.p, 1, 0, "two pairs p");
	/* R: neg.V 0, neg.p 0.031250000000000014 (R sums counts times
	 * exp(-n log 2); exactly 2/64 = 0.03125 by hand) */
	check_int(dyad_stats_wilcoxon(neg_pre, neg_post, 6, &w, NULL),
	    DYAD_OK, "all negative ok");
	check_rel(w.v, 0, 0, "all negative V");
	check_abs(w.p, 0.03125, 1e-15, "all negative p exact");
	check_abs(w.p, 0.031250000000000014, PTOL, "all negative p vs R");
	/* R: neg.rb -1 */
	dyad_stats_rank_biserial(neg_pre, neg_post, 6, &r, NULL);
	check_rel(r, -1, 1e-15, "all negative r_rb is -1");
}

/* d_i = s_i i with s_i = -1 when 37 i mod 7 < 3, else +1 (the same rule
 * in stats_reference.R): distinct |d|, no zeros. */
static void
make_signed(size_t n, double *pre, double *post)
{
	size_t i;

	for (i = 1; i <= n; i++) {
		pre[i - 1] = 0;
		post[i - 1] = (37 * i) % 7 < 3 ? -(double)i : (double)i;
	}
}

static void
test_49_50(void)
{
	double pre[50], post[50], r;
	struct dyad_wilcoxon w;

	/* R: w49.V 700, w49.p 0.39010066481513667, method "Wilcoxon signed
	 * rank exact test" */
	make_signed(49, pre, post);
	check_int(dyad_stats_wilcoxon(pre, post, 49, &w, NULL), DYAD_OK,
	    "49 pairs ok");
	check_true(w.exact, "49 pairs: exact");
	check_rel(w.v, 700, 0, "49 pairs V");
	check_abs(w.p, 0.39010066481513667, PTOL, "49 pairs exact p");
	/* R: w49.rb 0.14285714285714285 */
	dyad_stats_rank_biserial(pre, post, 49, &r, NULL);
	check_rel(r, 0.14285714285714285, 1e-14, "49 pairs r_rb");

	/* R: w50.V 700, w50.p 0.54950417246055883, method "Wilcoxon signed
	 * rank test with continuity correction" */
	make_signed(50, pre, post);
	check_int(dyad_stats_wilcoxon(pre, post, 50, &w, NULL), DYAD_OK,
	    "50 pairs ok");
	check_true(!w.exact, "50 pairs: normal approximation");
	check_rel(w.v, 700, 0, "50 pairs V");
	check_abs(w.p, 0.54950417246055883, PTOL, "50 pairs p");
	/* R: w50.rb 0.09803921568627455 */
	dyad_stats_rank_biserial(pre, post, 50, &r, NULL);
	check_rel(r, 0.09803921568627455, 1e-14, "50 pairs r_rb");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_published();
	test_ties_zeros();
	test_small();
	test_49_50();
	return check_summary();
}

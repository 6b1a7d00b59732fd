/* test_stats.c - moments, median, correlation, paired t, d_z, SMCR and
 * p-value adjustment against R 4.2 (tests/unit/R/stats_reference.R; the
 * label after "R:" is the line of that script's output). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "check.h"
#include "dyad/stats.h"
#include "stats_internal.h"		/* lib/: the t tail and quantile */

/* R's sleep data (Student 1908): extra hours of sleep of 10 patients under
 * drug 1 (pre) and drug 2 (post). */
static const double sleep_pre[10] = {
	0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0
};
static const double sleep_post[10] = {
	1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4
};

/* Every difference negative (stats_reference.R neg_pre, neg_post). */
static const double neg_pre[6] = { 10, 12, 9, 14, 11, 13 };
static const double neg_post[6] = { 8, 9, 8.5, 10, 10.25, 7 };

#define TOL 1e-9	/* means, SDs, t, df: relative */
#define PTOL 1e-12	/* p-values: absolute */

static void
test_mean_sd(void)
{
	static double acc4[1001];
	struct dyad_error err;
	double x3[] = { 2.5, -1.25, 7 }, x2[] = { 4, 10 }, one = 3.5;
	double m, s;
	size_t i;

	memset(&err, 0, sizeof(err));
	check_int(dyad_stats_mean_sd(x3, 0, &m, &s, &err), DYAD_EDOMAIN,
	    "n = 0 is EDOMAIN");
	check_nan(m, "n = 0: mean NaN");
	check_nan(s, "n = 0: sd NaN");
	check_str(err.msg, "no values", "n = 0 message");

	check_int(dyad_stats_mean_sd(&one, 1, &m, &s, &err), DYAD_EDOMAIN,
	    "n = 1 is EDOMAIN");
	check_rel(m, 3.5, 0, "n = 1: mean is the value");
	check_nan(s, "n = 1: sd NaN");

	/* R: x2.mean 7, x2.sd 4.2426406871192848 (= sqrt(18), hand) */
	check_int(dyad_stats_mean_sd(x2, 2, &m, &s, NULL), DYAD_OK, "n = 2 ok");
	check_rel(m, 7, TOL, "n = 2 mean");
	check_rel(s, 4.2426406871192848, TOL, "n = 2 sd");
	/* R: x3.mean 2.75, x3.sd 4.1306779104645761 */
	check_int(dyad_stats_mean_sd(x3, 3, &m, &s, NULL), DYAD_OK, "n = 3 ok");
	check_rel(m, 2.75, TOL, "n = 3 mean");
	check_rel(s, 4.1306779104645761, TOL, "n = 3 sd");
	check_int(dyad_stats_mean_sd(x3, 3, NULL, &s, NULL), DYAD_OK,
	    "NULL mean pointer is fine");

	/* NIST StRD NumAcc4: 1000000000.2, then 1000000000.1 and
	 * 1000000000.3 alternating 500 times each; certified mean
	 * 1000000000.2, sd 0.1.  The doubles nearest those decimals are
	 * 1e9 + k 2^-23 (k = 1677722, 838861, 2516582), whose sd is
	 * 0.099999964237213149 (R: numacc4.sd.exact, computed exactly in
	 * integer units of 2^-23; Python fractions agrees): 3.6e-7 below
	 * the certified 0.1 because of the input rounding alone, so no
	 * double program can match 0.1 closer than that.  Against the
	 * exact sd of the data we hold we ask for 1e-14. */
	acc4[0] = 1000000000.2;
	for (i = 1; i < 1001; i += 2) {
		acc4[i] = 1000000000.1;
		acc4[i + 1] = 1000000000.3;
	}
	check_int(dyad_stats_mean_sd(acc4, 1001, &m, &s, NULL), DYAD_OK,
	    "NumAcc4 ok");
	check_rel(m, 1000000000.2, 1e-15, "NumAcc4 mean (certified)");
	check_rel(s, 0.099999964237213149, 1e-14,
	    "NumAcc4 sd, exact for the double data");
	/* R: numacc4.sd.R 0.099999964237230898 (R's own sd is 1.8e-13 off) */
	check_rel(s, 0.099999964237230898, 1e-12, "NumAcc4 sd vs R's sd()");
	check_rel(s, 0.1, 4e-7, "NumAcc4 sd vs certified 0.1");
}

static void
test_median(void)
{
	double odd[] = { 3, 1, 2, 5, 4 }, even[] = { 3, 1, 2, 10 };
	double ties[] = { 2, 2, 2, 7, 7, 1 }, m;
	struct dyad_error err;

	/* R: median.odd 3, median.even 2.5, median.ties 2 */
	check_int(dyad_stats_median(odd, 5, &m, NULL), DYAD_OK, "median ok");
	check_rel(m, 3, 0, "median of odd n");
	check_true(odd[0] == 3 && odd[4] == 4, "median leaves input alone");
	dyad_stats_median(even, 4, &m, NULL);
	check_rel(m, 2.5, 0, "median of even n is the mean of the middle two");
	dyad_stats_median(ties, 6, &m, NULL);
	check_rel(m, 2, 0, "median with ties");
	dyad_stats_median(even, 1, &m, NULL);
	check_rel(m, 3, 0, "median of one value");
	check_int(dyad_stats_median(even, 0, &m, &err), DYAD_EDOMAIN,
	    "median of none is EDOMAIN");
	check_nan(m, "median of none is NaN");
}

static void
test_correlation(void)
{
	double a[] = { 1, 2, 3 }, b[] = { 3, 2, 1 }, c[] = { 5, 5, 5 }, r;
	struct dyad_error err;

	/* R: sleep.cor 0.79517020583357778 */
	check_int(dyad_stats_correlation(sleep_pre, sleep_post, 10, &r, NULL),
	    DYAD_OK, "correlation ok");
	check_rel(r, 0.79517020583357778, TOL, "cor(pre, post), sleep");
	dyad_stats_correlation(a, b, 3, &r, NULL);
	check_rel(r, -1, 1e-15, "perfect negative correlation (hand)");
	check_int(dyad_stats_correlation(a, c, 3, &r, &err), DYAD_EDOMAIN,
	    "constant y is EDOMAIN");
	check_nan(r, "constant y gives NaN");
	check_int(dyad_stats_correlation(a, b, 1, &r, &err), DYAD_EDOMAIN,
	    "one pair is EDOMAIN");
}

static void
test_paired_t(void)
{
	struct dyad_ttest t;
	struct dyad_error err;
	double p2[] = { 1, 2 }, q2[] = { 3, 7 };
	double p3[] = { 1, 1, 1 }, q3[] = { 1.5, 2.5, 2 };
	double flat_pre[] = { 1, 2, 3, 4 }, flat_post[] = { 3, 4, 5, 6 };
	double z[] = { 0, 0, 0 }, near1[] = { 1, 1 + 0x1p-52, 1 };

	/* R: t.test(post, pre, paired = TRUE) on sleep; the published
	 * output reads t = 4.0621, df = 9, p-value = 0.002833.
	 * R: sleep.t 4.0621276833820366, sleep.p 0.0028328901973842702,
	 * sleep.ci 0.70011423672301754 2.4598857632769824,
	 * sleep.mean 1.5800000000000001, sleep.se 0.3889587238883952,
	 * sleep.sd 1.2299954832798732 */
	check_int(dyad_stats_paired_t(sleep_pre, sleep_post, 10, 0.95, &t,
	    NULL), DYAD_OK, "sleep t-test ok");
	check_int((long long)t.n, 10, "sleep n");
	check_rel(t.t, 4.0621276833820366, TOL, "sleep t");
	check_abs(t.t, 4.0621, 5e-5, "sleep t as published");
	check_rel(t.df, 9, 0, "sleep df");
	check_abs(t.p, 0.0028328901973842702, PTOL, "sleep p");
	check_abs(t.p, 0.002833, 5e-7, "sleep p as published");
	check_rel(t.mean_diff, 1.58, TOL, "sleep mean difference");
	check_rel(t.sd_diff, 1.2299954832798732, TOL, "sleep sd");
	check_rel(t.se, 0.3889587238883952, TOL, "sleep se");
	check_rel(t.ci_low, 0.70011423672301754, TOL, "sleep ci low");
	check_rel(t.ci_high, 2.4598857632769824, TOL, "sleep ci high");
	/* R: sleep.ci90 0.8669947329707165 2.2930052670292835 */
	dyad_stats_paired_t(sleep_pre, sleep_post, 10, 0.9, &t, NULL);
	check_rel(t.ci_low, 0.8669947329707165, TOL, "sleep 90% ci low");
	check_rel(t.ci_high, 2.2930052670292835, TOL, "sleep 90% ci high");

	/* R: t2.t 2.3333333333333335, t2.p 0.25776211681831307,
	 * t2.ci -15.559307104262039 22.559307104262043 (df = 1) */
	check_int(dyad_stats_paired_t(p2, q2, 2, 0.95, &t, NULL), DYAD_OK,
	    "two pairs ok");
	check_rel(t.t, 2.3333333333333335, TOL, "two pairs t");
	check_abs(t.p, 0.25776211681831307, PTOL, "two pairs p");
	check_rel(t.ci_low, -15.559307104262039, TOL, "two pairs ci low");
	check_rel(t.ci_high, 22.559307104262043, TOL, "two pairs ci high");
	/* R: t3.t 3.4641016151377548, t3.p 0.074179900227448525,
	 * t3.ci -0.24206885587516488 2.2420688558751647 */
	dyad_stats_paired_t(p3, q3, 3, 0.95, &t, NULL);
	check_rel(t.t, 3.4641016151377548, TOL, "three pairs t");
	check_abs(t.p, 0.074179900227448525, PTOL, "three pairs p");
	check_rel(t.ci_low, -0.24206885587516488, TOL, "three pairs ci low");
	check_rel(t.ci_high, 2.2420688558751647, TOL, "three pairs ci high");
	/* R: neg.t -3.1769746146079534, neg.p 0.024621567654820754,
	 * neg.ci -4.8997239851513505 -0.51694268151531642 */
	dyad_stats_paired_t(neg_pre, neg_post, 6, 0.95, &t, NULL);
	check_rel(t.t, -3.1769746146079534, TOL, "negative t");
	check_abs(t.p, 0.024621567654820754, PTOL, "negative p");
	check_rel(t.ci_low, -4.8997239851513505, TOL, "negative ci low");
	check_rel(t.ci_high, -0.51694268151531642, TOL, "negative ci high");

	check_int(dyad_stats_paired_t(p2, q2, 0, 0.95, &t, &err), DYAD_EDOMAIN,
	    "no pairs is EDOMAIN");
	check_nan(t.mean_diff, "no pairs: mean NaN");
	check_int(dyad_stats_paired_t(p2, q2, 1, 0.95, &t, &err), DYAD_EDOMAIN,
	    "one pair is EDOMAIN");
	check_rel(t.mean_diff, 2, 0, "one pair: mean still filled");
	check_nan(t.t, "one pair: t NaN");
	check_str(err.msg, "fewer than 2 pairs", "one pair message");
	/* every difference 2: R stops, "data are essentially constant" */
	check_int(dyad_stats_paired_t(flat_pre, flat_post, 4, 0.95, &t, &err),
	    DYAD_EDOMAIN, "zero variance is EDOMAIN");
	check_rel(t.mean_diff, 2, 0, "zero variance: mean filled");
	check_rel(t.sd_diff, 0, 0, "zero variance: sd 0");
	check_rel(t.df, 3, 0, "zero variance: df filled");
	check_nan(t.t, "zero variance: t NaN");
	check_nan(t.p, "zero variance: p NaN");
	check_nan(t.ci_low, "zero variance: ci NaN");
	check_str(err.msg, "zero variance of the differences",
	    "zero variance message");
	/* all differences zero: R gives t = NaN (0/0) */
	check_int(dyad_stats_paired_t(z, z, 3, 0.95, &t, &err), DYAD_EDOMAIN,
	    "all-zero differences are EDOMAIN");
	check_nan(t.t, "all-zero differences: t NaN");
	/* sd ~ 1e-16 against a mean of 1: R's "essentially constant" test
	 * (stderr < 10 eps |mean|) refuses it, and so do we */
	check_int(dyad_stats_paired_t(z, near1, 3, 0.95, &t, &err),
	    DYAD_EDOMAIN, "essentially constant is EDOMAIN");
	check_true(t.sd_diff > 0, "essentially constant: sd is not 0");
	check_nan(t.t, "essentially constant: t NaN");
	check_int(dyad_stats_paired_t(p2, q2, 2, 1, &t, &err), DYAD_EINVAL,
	    "conf 1 refused");
	check_int(dyad_stats_paired_t(p2, q2, 2, NAN, &t, &err), DYAD_EINVAL,
	    "conf NaN refused");
}

static void
test_t_dist(void)
{
	double lo, up, q;

	/* R: ttail.3.1e6 0.0013499312707108962 (pbeta on the small
	 * argument; pt.3.1e6.R, from pt(), is the same).  In plain double
	 * arithmetic the continued fraction keeps only 11 digits here. */
	check_int(dy_t_tails(3, 1e6, &lo, &up), 0, "t tail, df 1e6");
	check_rel(up, 0.0013499312707108962, 1e-13, "P(T > 3), df 1e6");
	check_rel(lo, 1 - 0.0013499312707108962, 1e-15, "P(T <= 3), df 1e6");
	/* R: ttail.10.1e7 7.6217961451368046e-24 */
	dy_t_tails(-10, 1e7, &lo, &up);
	check_rel(lo, 7.6217961451368046e-24, 1e-12, "P(T <= -10), df 1e7");
	/* df 1e30: the normal.  R: pnorm.3.upper 0.0013498980316300946 */
	dy_t_tails(3, 1e30, &lo, &up);
	check_rel(up, 0.0013498980316300946, 1e-15, "P(T > 3), df 1e30");
	/* R: qt.975.1e6 1.9599663568141068 (uniroot on the pbeta tail) */
	check_int(dy_t_quantile_upper(0.025, 1e6, &q), 0, "t quantile ok");
	check_rel(q, 1.9599663568141068, 1e-14, "qt(0.975, 1e6)");
	/* Cauchy: qt(1 - 1e-10, 1) = tan(pi (1/2 - 1e-10)) = 3183098861.8379
	 * (hand; R: qt(1e-10, 1, lower.tail = FALSE) 3183098861.8379064) */
	dy_t_quantile_upper(1e-10, 1, &q);
	check_rel(q, 3183098861.8379064, 1e-13, "Cauchy far quantile");
	check_true(dy_t_quantile_upper(0.5, 3, &q) != 0,
	    "alpha 1/2 is outside (0, 1/2)");
}

static void
test_dz(void)
{
	struct dyad_effect e;
	struct dyad_error err;
	double p2[] = { 1, 2 }, q2[] = { 3, 7 };
	double p3[] = { 1, 1, 1 }, q3[] = { 1.5, 2.5, 2 };
	double flat[] = { 1, 2, 3 }, flat2[] = { 2, 3, 4 };

	/* R: sleep.dz 1.2845575625910546 (= effectsize cohens_d(post, pre,
	 * paired = TRUE)); CI: exact roots by uniroot(tol = 1e-12),
	 * sleep.uniroot.ci 0.41462775638014404 2.1180165139770675;
	 * effectsize's optim() CI, sleep.effectsize.ci 0.4146276676673542
	 * 2.1180165087725014 */
	check_int(dyad_stats_dz(sleep_pre, sleep_post, 10, 0.95, &e, NULL),
	    DYAD_OK, "sleep d_z ok");
	check_rel(e.est, 1.2845575625910546, TOL, "sleep d_z");
	check_abs(e.ci_low, 0.41462775638014404, 1e-9,
	    "sleep d_z low, uniroot");
	check_abs(e.ci_high, 2.1180165139770675, 1e-9,
	    "sleep d_z high, uniroot");
	check_abs(e.ci_low, 0.4146276676673542, 1e-4,
	    "sleep d_z low, effectsize");
	check_abs(e.ci_high, 2.1180165087725014, 1e-4,
	    "sleep d_z high, effectsize");
	/* R: sleep90.uniroot.ci 0.54463976592236762 1.9746153451148645,
	 * sleep90.effectsize.ci 0.54463975789140406 1.9746153602265257 */
	dyad_stats_dz(sleep_pre, sleep_post, 10, 0.9, &e, NULL);
	check_abs(e.ci_low, 0.54463976592236762, 1e-9, "90% low, uniroot");
	check_abs(e.ci_high, 1.9746153451148645, 1e-9, "90% high, uniroot");
	check_abs(e.ci_low, 0.54463975789140406, 1e-4, "90% low, effectsize");
	check_abs(e.ci_high, 1.9746153602265257, 1e-4, "90% high, effectsize");
	/* R: neg.dz -1.2969944552607873, neg.uniroot.ci -2.3850316399704408
	 * -0.14956660035113589, neg.effectsize.ci -2.385031751146093
	 * -0.14956655843079647 */
	dyad_stats_dz(neg_pre, neg_post, 6, 0.95, &e, NULL);
	check_rel(e.est, -1.2969944552607873, TOL, "negative d_z");
	check_abs(e.ci_low, -2.3850316399704408, 1e-9, "negative low, uniroot");
	check_abs(e.ci_high, -0.14956660035113589, 1e-9,
	    "negative high, uniroot");
	check_abs(e.ci_low, -2.385031751146093, 1e-4,
	    "negative low, effectsize");
	check_abs(e.ci_high, -0.14956655843079647, 1e-4,
	    "negative high, effectsize");
	/* two pairs, df = 1.  R: dz2.dz 1.649915822768611,
	 * dz2.uniroot.ci -0.74375350233556303 4.0234410191151699,
	 * dz2.effectsize.ci -0.74375347460849495 4.0234413319653068 */
	check_int(dyad_stats_dz(p2, q2, 2, 0.95, &e, NULL), DYAD_OK,
	    "two pairs d_z ok");
	check_rel(e.est, 1.649915822768611, TOL, "two pairs d_z");
	check_abs(e.ci_low, -0.74375350233556303, 1e-9, "two pairs low");
	check_abs(e.ci_high, 4.0234410191151699, 1e-9, "two pairs high");
	check_abs(e.ci_low, -0.74375347460849495, 1e-4,
	    "two pairs low, effectsize");
	/* Two more df = 1 intervals to the last digits: the limits of 40-digit
	 * mpmath (quadrature of E[Phi(t sqrt(V) - ncp)] over V ~ chi2(1),
	 * findroot to 1e-32; tests/bench/NOTES.md, 2026-12-06).  Walking the
	 * incomplete betas between Poisson modes (nct.c) puts the limits
	 * within 1e-15 of these; computing them afresh at each mode, 3.7e-15;
	 * what double arithmetic allows here is a few 1e-15. */
	{
		double a1[] = { 69, 51 }, b1[] = { 44, 52 };
		double a2[] = { 81, 55 }, b2[] = { 71, 41 };

		dyad_stats_dz(a1, b1, 2, 0.95, &e, NULL);
		check_rel(e.est, -0.65271395186450540714, TOL, "df 1 d_z");
		check_abs(e.ci_low, -2.1530219577978522379, 5e-15,
		    "df 1 low, 40 digits");
		check_abs(e.ci_high, 1.0228924398417286724, 5e-15,
		    "df 1 high, 40 digits");
		dyad_stats_dz(a2, b2, 2, 0.95, &e, NULL);
		check_rel(e.est, -4.2426406871192851464, TOL, "df 1 d_z, t -6");
		check_abs(e.ci_low, -9.6406376586471418783, 5e-15,
		    "df 1 low at t -6, 40 digits");
		check_abs(e.ci_high, 0.37346518774694778868, 5e-15,
		    "df 1 high at t -6, 40 digits");
	}
	/* three pairs.  R: dz3.dz 2, dz3.uniroot.ci -0.14156417860459156
	 * 4.1054945945844192.  effectsize's optim() stops early here: its
	 * dz3.effectsize.ci is -0.13185828628718743 4.1054944905100914, the
	 * lower limit 0.0097 off the root, so only uniroot is checked. */
	dyad_stats_dz(p3, q3, 3, 0.95, &e, NULL);
	check_rel(e.est, 2, TOL, "three pairs d_z");
	check_abs(e.ci_low, -0.14156417860459156, 1e-9, "three pairs low");
	check_abs(e.ci_high, 4.1054945945844192, 1e-9, "three pairs high");

	check_int(dyad_stats_dz(p2, q2, 1, 0.95, &e, &err), DYAD_EDOMAIN,
	    "one pair d_z is EDOMAIN");
	check_nan(e.est, "one pair d_z NaN");
	check_int(dyad_stats_dz(flat, flat2, 3, 0.95, &e, &err), DYAD_EDOMAIN,
	    "zero-variance d_z is EDOMAIN");
	check_nan(e.est, "zero-variance d_z NaN");
	check_nan(e.ci_low, "zero-variance d_z interval NaN");
	check_int(dyad_stats_dz(p2, q2, 2, 0, &e, &err), DYAD_EINVAL,
	    "conf 0 refused");
}

static void
test_smcr(void)
{
	struct dyad_smcr s;
	struct dyad_error err;
	double p3[] = { 1, 3, 2 }, q3[] = { 2.5, 3, 4 };
	double flat[] = { 2, 2, 2 }, post[] = { 1, 5, 3 };

	/* R: escalc(measure = "SMCR", m1i = mean(post), m2i = mean(pre),
	 * sd1i = sd(pre), ni = 10, ri = cor(pre, post)) on sleep;
	 * sleep.smcr.yi 0.80710706215014449, vi 0.073537049321916306,
	 * ci (summary.escalc) 0.27560960518022226 1.3386045191200666,
	 * d 0.88317019036053779, r 0.79517020583357778,
	 * j (metafor:::.cmicalc(9)) 0.91387489179255255 */
	check_int(dyad_stats_smcr(sleep_pre, sleep_post, 10, 0.95, &s, NULL),
	    DYAD_OK, "sleep SMCR ok");
	check_rel(s.d, 0.88317019036053779, 1e-10, "sleep SMCR d");
	check_rel(s.g, 0.80710706215014449, 1e-10, "sleep SMCR yi");
	check_rel(s.var, 0.073537049321916306, 1e-10, "sleep SMCR vi");
	check_rel(s.se, sqrt(0.073537049321916306), 1e-10, "sleep SMCR se");
	check_rel(s.ci_low, 0.27560960518022226, 1e-10, "sleep SMCR ci low");
	check_rel(s.ci_high, 1.3386045191200666, 1e-10, "sleep SMCR ci high");
	check_rel(s.r, 0.79517020583357778, 1e-10, "sleep SMCR r");
	check_rel(s.j, 0.91387489179255255, 1e-12, "sleep SMCR j");
	/* R: neg.smcr.yi -1.217122492139727, vi 0.40966503894700623,
	 * ci -2.4715990273499235 0.037354043070469523,
	 * j 0.84074868245968926 */
	dyad_stats_smcr(neg_pre, neg_post, 6, 0.95, &s, NULL);
	check_rel(s.g, -1.217122492139727, 1e-10, "negative SMCR yi");
	check_rel(s.var, 0.40966503894700623, 1e-10, "negative SMCR vi");
	check_rel(s.ci_low, -2.4715990273499235, 1e-10, "negative ci low");
	check_rel(s.ci_high, 0.037354043070469523, 1e-10, "negative ci high");
	check_rel(s.j, 0.84074868245968926, 1e-12, "negative SMCR j");
	/* n = 3, the smallest with a correction: j = 1/sqrt(pi) (hand:
	 * Gamma(1) / (sqrt(1) Gamma(1/2))).  R: smcr3.yi 0.65822118080571557,
	 * vi 0.52065796357421945, r 0.32732683535398854 */
	check_int(dyad_stats_smcr(p3, q3, 3, 0.95, &s, NULL), DYAD_OK,
	    "three pairs SMCR ok");
	check_rel(s.j, 0.56418958354775628, 1e-14, "j for m = 2 is 1/sqrt(pi)");
	check_rel(s.g, 0.65822118080571557, 1e-10, "three pairs SMCR yi");
	check_rel(s.var, 0.52065796357421945, 1e-10, "three pairs SMCR vi");
	check_rel(s.r, 0.32732683535398854, 1e-10, "three pairs r");

	check_int(dyad_stats_smcr(p3, q3, 2, 0.95, &s, &err), DYAD_EDOMAIN,
	    "two pairs SMCR is EDOMAIN");
	check_true(isfinite(s.d), "two pairs: d still filled");
	check_nan(s.g, "two pairs: g NaN (no correction for m = 1)");
	check_int(dyad_stats_smcr(flat, q3, 3, 0.95, &s, &err), DYAD_EDOMAIN,
	    "constant pre is EDOMAIN");
	check_nan(s.d, "constant pre: d NaN");
	check_str(err.msg, "zero variance of the pre scores",
	    "constant pre message");
	/* post constant: r is undefined, so var and the interval are */
	check_int(dyad_stats_smcr(post, flat, 3, 0.95, &s, &err), DYAD_EDOMAIN,
	    "constant post is EDOMAIN");
	check_rel(s.d, -0.5, 1e-15, "constant post: d = (2 - 3) / 2 (hand)");
	check_rel(s.g, -0.5 * 0.56418958354775628, 1e-14,
	    "constant post: g = j d");
	check_nan(s.var, "constant post: var NaN");
	check_nan(s.r, "constant post: r NaN");
}

static void
test_p_adjust(void)
{
	/* R: pv <- c(0.01, NA, 0.04, 0.03, 0.005, NA, 0.2, 0.04) */
	const double pv[8] = { 0.01, NAN, 0.04, 0.03, 0.005, NAN, 0.2, 0.04 };
	/* R: p.adjust(pv, "holm") -- NA excluded, family of 6 */
	const double holm[8] = { 0.050000000000000003, NAN, 0.12, 0.12,
	    0.029999999999999999, NAN, 0.20000000000000001, 0.12 };
	/* R: p.adjust(pv, "BH") */
	const double bh[8] = { 0.029999999999999999, NAN, 0.048000000000000001,
	    0.048000000000000001, 0.029999999999999999, NAN,
	    0.20000000000000001, 0.048000000000000001 };
	/* R: padj.big.BH for c(0.5, 0.9, 0.6): 0.9 each (holm gives 1) */
	const double big[3] = { 0.5, 0.9, 0.6 };
	double out[8], inplace[8], bad[2] = { 0.5, 1.5 };
	char what[64];
	struct dyad_error err;
	size_t i;

	check_int(dyad_stats_p_adjust(pv, 8, DYAD_ADJUST_HOLM, out, NULL),
	    DYAD_OK, "holm ok");
	for (i = 0; i < 8; i++) {
		snprintf(what, sizeof(what), "holm[%zu]", i + 1);
		if (isnan(holm[i]))
			check_nan(out[i], what);
		else
			check_abs(out[i], holm[i], 1e-15, what);
	}
	check_int(dyad_stats_p_adjust(pv, 8, DYAD_ADJUST_BH, out, NULL),
	    DYAD_OK, "BH ok");
	for (i = 0; i < 8; i++) {
		snprintf(what, sizeof(what), "BH[%zu]", i + 1);
		if (isnan(bh[i]))
			check_nan(out[i], what);
		else
			check_abs(out[i], bh[i], 1e-15, what);
	}
	memcpy(inplace, pv, sizeof(inplace));
	dyad_stats_p_adjust(inplace, 8, DYAD_ADJUST_BH, inplace, NULL);
	check_abs(inplace[2], bh[2], 1e-15, "BH in place");
	check_nan(inplace[5], "BH in place keeps NaN");
	dyad_stats_p_adjust(pv, 8, DYAD_ADJUST_NONE, out, NULL);
	check_abs(out[3], 0.03, 0, "none copies");
	check_nan(out[1], "none keeps NaN");
	dyad_stats_p_adjust(big, 3, DYAD_ADJUST_HOLM, out, NULL);
	check_abs(out[0], 1, 0, "holm clamps at 1");
	dyad_stats_p_adjust(big, 3, DYAD_ADJUST_BH, out, NULL);
	check_abs(out[0], 0.89999999999999991, 1e-15, "BH big[1]");
	check_abs(out[1], 0.90000000000000002, 1e-15, "BH big[2]");
	/* one p-value (or one non-NaN): R returns it unchanged */
	dyad_stats_p_adjust(pv + 4, 2, DYAD_ADJUST_HOLM, out, NULL);
	check_abs(out[0], 0.005, 0, "family of one unchanged");
	check_nan(out[1], "family of one keeps NaN");
	check_int(dyad_stats_p_adjust(bad, 2, DYAD_ADJUST_BH, out, &err),
	    DYAD_EINVAL, "p above 1 refused");
	check_int(dyad_stats_p_adjust(pv, 0, DYAD_ADJUST_BH, out, NULL),
	    DYAD_OK, "empty family ok");
}

static void
test_adjust_names(void)
{
	enum dyad_adjust m = DYAD_ADJUST_NONE;

	check_int(dyad_adjust_parse("holm", &m), 0, "parse holm");
	check_int(m, DYAD_ADJUST_HOLM, "holm value");
	check_int(dyad_adjust_parse("BH", &m), 0, "parse BH");
	check_int(m, DYAD_ADJUST_BH, "BH value");
	m = DYAD_ADJUST_NONE;
	check_int(dyad_adjust_parse("bh", &m), 0, "parse bh");
	check_int(m, DYAD_ADJUST_BH, "bh value");
	m = DYAD_ADJUST_NONE;
	check_int(dyad_adjust_parse("fdr", &m), 0, "parse fdr");
	check_int(m, DYAD_ADJUST_BH, "fdr is BH");
	check_int(dyad_adjust_parse("none", &m), 0, "parse none");
	check_int(m, DYAD_ADJUST_NONE, "none value");
	check_int(dyad_adjust_parse("bonferroni", &m), -1, "unknown refused");
	check_int(m, DYAD_ADJUST_NONE, "unknown leaves the value");
	check_str(dyad_adjust_name(DYAD_ADJUST_BH), "BH", "name of BH");
	check_str(dyad_adjust_name(DYAD_ADJUST_HOLM), "holm", "name of holm");
	check_str(dyad_adjust_name(DYAD_ADJUST_NONE), "none", "name of none");
}

/* The compensated sum: Neumaier's example (1 + 1e100 + 1 - 1e100 is 2;
 * plain and Kahan summation give 0), terms larger than the running sum
 * (1 + 1e16 - 1e16 is 1; a plain sum gives 0, as 1e16 + 1 rounds to
 * 1e16), and deviations of either sign around zero, each sum worked out
 * by hand. */
static void
test_ksum(void)
{
	static const double neumaier[] = { 1.0, 1e100, 1.0, -1e100 };
	static const double growing[] = { 1.0, 1e16, -1e16 };
	static const double around[] = { 0.1, -0.3, 0.2, 0.3, -0.1, -0.2 };
	struct dy_ksum k = { 0, 0 };
	size_t i;

	for (i = 0; i < 4; i++)
		dy_ksum_add(&k, neumaier[i]);
	check_abs(k.s + k.c, 2.0, 0, "ksum: 1 + 1e100 + 1 - 1e100 = 2");
	k.s = k.c = 0;
	for (i = 0; i < 3; i++)
		dy_ksum_add(&k, growing[i]);
	check_abs(k.s + k.c, 1.0, 0, "ksum: 1 + 1e16 - 1e16 = 1");
	k.s = k.c = 0;
	for (i = 0; i < 6; i++)
		dy_ksum_add(&k, around[i]);
	/* the six doubles cancel exactly in pairs: 0.1 - 0.1, 0.2 - 0.2,
	 * 0.3 - 0.3 */
	check_abs(k.s + k.c, 0.0, 0, "ksum: deviations cancel to 0");
}

/* dy_mean_ss3 (three compensated sums as lanes of a vector) gives the
 * bits dy_mean_ss gives for each series alone: on a hand-worked example
 * (pre 1 2 3 4, post 2 4 6 9: means 2.5, 5.25, 2.75; sums of squares 5,
 * 26.75, 8.75), and on 1,001 pairs of mixed magnitude, where a sum taken
 * in another order, uncompensated or fused (FMA) would differ. */
static void
test_mean_ss3(void)
{
	static double pre[1001], post[1001];
	const double hp[] = { 1, 2, 3, 4 }, hq[] = { 2, 4, 6, 9 };
	struct dy_mss mx, my, md, want;
	uint64_t u = 88172645463325252ULL;
	size_t i;

	dy_mean_ss3(hp, hq, 4, &mx, &my, &md);
	check_abs(mx.mean, 2.5, 0, "mean_ss3: hand pre mean");
	check_abs(mx.ss, 5, 0, "mean_ss3: hand pre ss");
	check_abs(my.mean, 5.25, 0, "mean_ss3: hand post mean");
	check_abs(my.ss, 26.75, 0, "mean_ss3: hand post ss");
	check_abs(md.mean, 2.75, 0, "mean_ss3: hand change mean");
	check_abs(md.ss, 8.75, 0, "mean_ss3: hand change ss");
	for (i = 0; i < 1001; i++) {
		/* xorshift64: values from 1e-3 to 1e9, either sign */
		u ^= u << 13;
		u ^= u >> 7;
		u ^= u << 17;
		pre[i] = ldexp((double)(u >> 11), -53) * pow(10, (double)(u % 13) - 3);
		post[i] = (u & 1 ? -1 : 1) * pre[i] * 0.75 + (double)(u % 101);
	}
	dy_mean_ss3(pre, post, 1001, &mx, &my, &md);
	dy_mean_ss(NULL, pre, 1001, &want);
	check_true(mx.mean == want.mean && mx.ss == want.ss,
	    "mean_ss3: pre as mean_ss, bit for bit");
	dy_mean_ss(NULL, post, 1001, &want);
	check_true(my.mean == want.mean && my.ss == want.ss,
	    "mean_ss3: post as mean_ss, bit for bit");
	dy_mean_ss(pre, post, 1001, &want);
	check_true(md.mean == want.mean && md.ss == want.ss,
	    "mean_ss3: change as mean_ss, bit for bit");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_ksum();
	test_mean_ss3();
	test_mean_sd();
	test_median();
	test_correlation();
	test_paired_t();
	test_t_dist();
	test_dz();
	test_smcr();
	test_p_adjust();
	test_adjust_names();
	return check_summary();
}

/* dyad/stats.h - the statistics core: moments, paired tests, effect sizes
 * with confidence intervals, p-value adjustment and repeated measures. */
#ifndef DYAD_STATS_H
#define DYAD_STATS_H

#include <stdbool.h>
#include <stddef.h>

#include "dyad/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Conventions for every function below.
 *
 * Paired data come as two arrays of the same length n: pre[i] and post[i]
 * belong to one person, and a difference is d[i] = post[i] - pre[i].  The
 * arrays hold no NaN (the caller drops incomplete pairs first) and are
 * only read.
 *
 * A statistic that is undefined for the data (too few values, zero
 * variance) is set to NAN and the function returns DYAD_EDOMAIN with
 * err->msg saying why; every field that is defined is still filled, so a
 * t-test with constant differences still reports the mean difference.
 * A bad argument (NULL output pointer, confidence level outside (0, 1))
 * gives DYAD_EINVAL, and a failed allocation DYAD_ENOMEM; then outputs are
 * NAN where that can be done.  err may be NULL; it is written only when
 * the return is not DYAD_OK.  Nothing here prints, exits, or keeps state
 * between calls, and GSL's error handler is never reached.
 *
 * Each definition names the R 4.2 call it reproduces; tests/unit/test_*.c
 * check it against numbers from tests/unit/R/stats_reference.R.
 */

/*
 * Descriptive statistics.
 */

/* Arithmetic mean and sample standard deviation (divisor n - 1) of
 * x[0..n-1], as R's mean(x) and sd(x).  Two passes: the mean, corrected
 * by the mean of the residuals, then the corrected sum of squares
 * sum (x - m)^2 - (sum (x - m))^2 / n (Chan, Golub & LeVeque 1983), both
 * with compensated summation, so a common offset such as 1e9 costs no
 * precision.  n = 0: both NAN, DYAD_EDOMAIN.  n = 1: the mean, sd NAN,
 * DYAD_EDOMAIN.  Either output pointer may be NULL. */
enum dyad_status dyad_stats_mean_sd(const double *x, size_t n, double *mean,
    double *sd, struct dyad_error *err);

/* Median of x[0..n-1], as R's median(x): the middle value for odd n, the
 * mean of the two middle values for even n.  Sorts a private copy (the
 * input is untouched); DYAD_ENOMEM if it cannot be allocated.  n = 0:
 * NAN, DYAD_EDOMAIN. */
enum dyad_status dyad_stats_median(const double *x, size_t n, double *out,
    struct dyad_error *err);

/* Pearson correlation of x and y, as R's cor(x, y): centred cross-products
 * over the square root of the product of centred sums of squares, with
 * the two-pass means of dyad_stats_mean_sd; clamped to [-1, 1].
 * DYAD_EDOMAIN (NAN) for n < 2 or when x or y is constant. */
enum dyad_status dyad_stats_correlation(const double *x, const double *y,
    size_t n, double *r, struct dyad_error *err);

/*
 * Paired t-test.
 */

struct dyad_ttest {
	size_t n;		/* pairs */
	double mean_diff;	/* mean of d */
	double sd_diff;		/* sample SD of d */
	double se;		/* sd_diff / sqrt(n) */
	double ci_low;		/* t-interval of the mean difference */
	double ci_high;
	double t;		/* mean_diff / se */
	double df;		/* n - 1 */
	double p;		/* two-sided */
};

/* R's t.test(post, pre, paired = TRUE, conf.level = conf): t = mean(d) /
 * (sd(d) / sqrt(n)) on n - 1 degrees of freedom, two-sided
 * p = P(|T| >= |t|), interval mean(d) -+ qt((1 + conf) / 2, n - 1) se.
 * n < 2: mean (if n = 1) only, DYAD_EDOMAIN.  Zero SD, or an SE below
 * 10 eps |mean| (R stops there with "data are essentially constant"):
 * mean, sd, se and df filled, t, p and the interval NAN, DYAD_EDOMAIN.
 * conf outside (0, 1): DYAD_EINVAL. */
enum dyad_status dyad_stats_paired_t(const double *pre, const double *post,
    size_t n, double conf, struct dyad_ttest *out, struct dyad_error *err);

/*
 * Wilcoxon signed-rank test and the matched-pairs rank-biserial
 * correlation (wilcoxon.c).
 */

struct dyad_wilcoxon {
	size_t n_used;	/* nonzero differences, the n of the test */
	size_t zeros;	/* differences exactly 0, dropped */
	size_t ties;	/* nonzero d whose |d| equals another nonzero |d| */
	double v;	/* V: sum of the ranks of |d| over positive d */
	double z;	/* continuity-corrected z of the normal
			 * approximation; NAN when exact */
	double p;	/* two-sided */
	bool exact;	/* p from the exact null distribution */
};

/* R 4.2's wilcox.test(post, pre, paired = TRUE) with its defaults
 * (two-sided, exact = NULL, correct = TRUE).  Zero differences (d == 0
 * exactly) are dropped; |d| of the rest is ranked with average ranks for
 * ties (exact equality of the computed differences, as R); V is the sum
 * of the ranks of the positive differences.
 *
 * Exact p when n_used < 50, no ties and no zeros: the null distribution of
 * V is counted by dynamic programming over subsets of {1..n}, and
 * p = min(1, 2 P(V' >= V)) if V > n(n+1)/4, else min(1, 2 P(V' <= V)),
 * which is R's psignrank logic.  Otherwise the normal approximation:
 * z = (V - n(n+1)/4 - sign * 1/2) / sqrt(n(n+1)(2n+1)/24 - sum(t^3-t)/48),
 * t the sizes of groups of tied ranks, p = 2 P(Z > |z|).
 *
 * n = 0, or every difference zero: v and p NAN, DYAD_EDOMAIN (R reports
 * V = 0 and p = NA there). */
enum dyad_status dyad_stats_wilcoxon(const double *pre, const double *post,
    size_t n, struct dyad_wilcoxon *out, struct dyad_error *err);

/* Matched-pairs rank-biserial correlation (Kerby 2014), as R effectsize
 * 0.8.3's rank_biserial(post, pre, paired = TRUE): zero differences are
 * dropped, the rest signed-ranked as for dyad_stats_wilcoxon, and
 * r = (R+ - R-) / S with R+ and R- the rank sums of the positive and
 * negative differences and S = m(m+1)/2 for the m nonzero ones; so
 * r = 4V/(m(m+1)) - 1, from -1 (every difference negative) to 1.
 * DYAD_EDOMAIN (NAN) if there is no nonzero difference.  (effectsize
 * 0.8.3 returns +1 when all differences are equal, even if negative or
 * zero, because its rank transform skips the sign of a constant vector;
 * this function keeps the sign.) */
enum dyad_status dyad_stats_rank_biserial(const double *pre,
    const double *post, size_t n, double *r, struct dyad_error *err);

/*
 * Noncentral t (nct.c).
 */

/* *p = P(T <= t) for T noncentral t with df > 0 degrees of freedom (need
 * not be an integer) and noncentrality ncp, |ncp| <= 1e5.  Poisson mixture
 * of incomplete beta functions (Lenth 1989, AS 243), summed outwards from
 * the Poisson mode (Benton & Krishnamoorthy 2003) with a bound on the
 * remainder, so it holds for any df, also where R's pt() switches to a
 * normal approximation (df > 4e5 or |ncp| > 37.62); above df = 1e20 the
 * first-order expansion in 1/df, exact to double precision there.  For
 * t < 0 it uses P(T <= t; ncp) = 1 - P(T <= -t; -ncp).
 * Accuracy against 30-digit references: absolute error below 2e-15 for
 * t in [-30, 45], df in [1, 1e6], |ncp| <= 40 (and at |ncp| = 1000),
 * growing slowly with ncp to ~3e-14 at 5000 and ~2e-13 at 3e4.  Results
 * below ~1e-13 with t < 0 carry that absolute error, so their relative
 * precision is poor.  t = -Inf / +Inf give 0 / 1.  t NaN, df not positive
 * and finite, ncp not finite: DYAD_EINVAL; |ncp| > 1e5 or a series that
 * fails to converge: DYAD_EDOMAIN. */
enum dyad_status dyad_nct_cdf(double t, double df, double ncp, double *p,
    struct dyad_error *err);

/* The ncp with P(T <= t; df, ncp) = p_target, 0 < p_target < 1.  The
 * distribution function falls strictly in ncp, so the root is unique: it
 * is bracketed by steps doubling outwards from ncp = t and found with
 * Brent's method to within 4 eps |ncp| + 1e-15.  DYAD_EINVAL for bad
 * arguments; DYAD_EDOMAIN if the root lies beyond |ncp| = 1e5. */
enum dyad_status dyad_nct_ncp_for_p(double t, double df, double p_target,
    double *ncp, struct dyad_error *err);

/*
 * Standardized mean change.
 */

struct dyad_effect {
	double est;
	double ci_low;
	double ci_high;
};

/* Cohen's d_z = mean(d) / sd(d) with the noncentral-t interval, as R
 * effectsize 0.8.3's cohens_d(post, pre, paired = TRUE, ci = conf):
 * t = d_z sqrt(n), df = n - 1; ncp_low solves P(T <= t; ncp) = (1+conf)/2,
 * ncp_high solves P(T <= t; ncp) = (1-conf)/2 (Steiger & Fouladi 1997),
 * and the interval is ncp / sqrt(n).  effectsize finds the ncps with
 * optim() and may stop ~1e-3 short; these are the exact roots.  n < 2 or
 * sd(d) = 0: NAN, DYAD_EDOMAIN (est is filled when only the interval
 * fails).  conf outside (0, 1): DYAD_EINVAL. */
enum dyad_status dyad_stats_dz(const double *pre, const double *post,
    size_t n, double conf, struct dyad_effect *out, struct dyad_error *err);

struct dyad_smcr {
	double d;	/* (mean(post) - mean(pre)) / sd(pre) */
	double g;	/* j * d, bias-corrected */
	double var;	/* large-sample sampling variance of g */
	double se;	/* sqrt(var) */
	double ci_low;	/* g -+ z_{(1+conf)/2} se */
	double ci_high;
	double r;	/* cor(pre, post) */
	double j;	/* bias correction factor for m = n - 1 */
};

/* Standardized mean change with raw-score (pre-test SD) standardization,
 * Becker (1988), as R metafor 3.8's escalc(measure = "SMCR",
 * m1i = mean(post), m2i = mean(pre), sd1i = sd(pre), ni = n,
 * ri = cor(pre, post)) with its default vtype = "LS":
 *   d = (mean(post) - mean(pre)) / sd(pre),
 *   j = exp(lgamma(m/2) - log(sqrt(m/2)) - lgamma((m-1)/2)), m = n - 1
 *       (Hedges 1981's exact correction, metafor's .cmicalc),
 *   g = j d, var = 2 (1 - r) / n + g^2 / (2 n),
 * and the Wald interval g -+ qnorm((1+conf)/2) sqrt(var) (metafor's
 * summary.escalc).  n < 3 (j undefined) or sd(pre) = 0: NAN, DYAD_EDOMAIN.
 * If only r is undefined (post constant), d, g and j are filled, the
 * rest NAN, DYAD_EDOMAIN.  conf outside (0, 1): DYAD_EINVAL. */
enum dyad_status dyad_stats_smcr(const double *pre, const double *post,
    size_t n, double conf, struct dyad_smcr *out, struct dyad_error *err);

/*
 * Multiple-testing adjustment.
 */

enum dyad_adjust {
	DYAD_ADJUST_NONE,
	DYAD_ADJUST_HOLM,	/* Holm (1979) step-down, family-wise error */
	DYAD_ADJUST_BH		/* Benjamini & Hochberg (1995), false
				 * discovery rate */
};

/* R's p.adjust(p, method): out[i] is the adjusted p[i].  NaN entries are
 * not part of the family: they stay NaN and the family size m counts
 * only the others (as R does with NA).  Holm: with p sorted ascending,
 * min(1, cummax((m + 1 - i) p_(i))); BH: sorted descending,
 * min(1, cummin(m / i p_(i))); each mapped back to the input order.
 * out may be p itself.  DYAD_EINVAL for a p outside [0, 1] or an unknown
 * method; DYAD_ENOMEM if scratch space cannot be had. */
enum dyad_status dyad_stats_p_adjust(const double *p, size_t n,
    enum dyad_adjust m, double *out, struct dyad_error *err);

/* "none", "holm", "bh", "BH" or "fdr" (an R synonym of BH), case
 * insensitive, into *m.  Returns 0, or -1 (leaving *m alone) for any
 * other name. */
int dyad_adjust_parse(const char *name, enum dyad_adjust *m);

/* "none", "holm" or "BH" (R's spelling); "unknown" for other values. */
const char *dyad_adjust_name(enum dyad_adjust m);

/*
 * Repeated measures over k conditions (friedman.c).  x is row-major,
 * n subjects by k conditions, x[i * k + j], complete cases only.
 */

struct dyad_friedman {
	size_t n, k;
	double statistic;	/* Friedman chi-squared */
	double df;		/* k - 1 */
	double p;		/* upper chi-square tail */
};

/* R's friedman.test(matrix): ranks within each row (average ranks for
 * ties), R_j the column rank sums, and
 *   Q = 12 sum_j (R_j - n(k+1)/2)^2 / (n k (k+1) - sum(t^3 - t) / (k - 1)),
 * t the sizes of the groups of ties within rows; p = P(chi2_{k-1} > Q).
 * n < 1 or k < 2: DYAD_EDOMAIN; every row constant (the denominator is
 * 0): statistic and p NAN, DYAD_EDOMAIN. */
enum dyad_status dyad_stats_friedman(const double *x, size_t n, size_t k,
    struct dyad_friedman *out, struct dyad_error *err);

struct dyad_rmanova {
	size_t n, k;
	double f;		/* MS_conditions / MS_error */
	double df1;		/* k - 1 */
	double df2;		/* (k - 1)(n - 1) */
	double p;		/* upper F tail, sphericity assumed */
	double gg_epsilon;	/* Greenhouse-Geisser epsilon */
	double p_gg;		/* p on df1 eps, df2 eps */
	double ss_conditions;	/* n sum_j (mean_j - grand)^2 */
	double ss_subjects;	/* k sum_i (mean_i - grand)^2 */
	double ss_error;	/* sum (x_ij - mean_i - mean_j + grand)^2 */
};

/* One-way repeated-measures ANOVA, as R's
 * summary(aov(score ~ time + Error(id / time))) on the long form of x:
 * F = (SS_conditions / (k-1)) / (SS_error / ((k-1)(n-1))).  The
 * Greenhouse-Geisser (1959) epsilon is (tr S)^2 / ((k-1) tr(S^2)) with S
 * the double-centred k x k sample covariance matrix of the conditions
 * (Box 1954); p_gg uses df1 eps and df2 eps.  k = 2 gives eps = 1.
 * n < 2 or k < 2: DYAD_EDOMAIN.  No residual variation (SS_error = 0, or
 * an RMS residual below 10 eps max|x|, i.e. rounding noise): the sums of
 * squares filled, F, p, epsilon and p_gg NAN, DYAD_EDOMAIN.
 * DYAD_ENOMEM if the k x k matrix cannot be allocated. */
enum dyad_status dyad_stats_rm_anova(const double *x, size_t n, size_t k,
    struct dyad_rmanova *out, struct dyad_error *err);

#ifdef __cplusplus
}
#endif
#endif

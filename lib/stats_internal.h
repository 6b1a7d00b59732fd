/* stats_internal.h - helpers shared by the statistics files (stats.c,
 * wilcoxon.c, nct.c, friedman.c, dist.c) and outcome.c; not part of the
 * public API. */
#ifndef DYAD_STATS_INTERNAL_H
#define DYAD_STATS_INTERNAL_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dyad/stats.h"

/*
 * Distribution functions (dist.c).  They exist because GSL's special
 * functions call the process-wide error handler (abort by default) on
 * underflow, which no argument check can rule out, and because GSL's
 * incomplete beta switches to an asymptotic formula for large parameters.
 * Each returns 0, or -1 if an argument is out of range or a series or
 * continued fraction did not converge (the caller reports DYAD_EDOMAIN).
 */

/* log B(a, b) for a, b > 0, without cancellation for large arguments. */
double dy_lbeta(double a, double b);

/* Stirling remainder: lgamma(x + 1) - ((x + 1/2) log x - x + log sqrt(2 pi)),
 * x > 0 (Loader 2000). */
double dy_stirlerr(double x);

/* Poisson "density" e^-lambda lambda^x / Gamma(x + 1) for real x >= 0,
 * lambda > 0, computed without cancellation (Loader 2000). */
double dy_dpois_raw(double x, double lambda);

/* Regularized incomplete beta.  x and y = 1 - x are passed separately so
 * that the caller can compute the smaller one without cancellation; that
 * one is trusted and the other taken as 1 minus it.  *lower = I_x(a, b),
 * *upper = 1 - I_x(a, b), one of them from the continued fraction (run in
 * double-double) and the other as 1 minus it.  Absolute error below
 * 2e-15 for a, b up to 5e5 against 35-digit references. */
int dy_beta_inc(double a, double b, double x, double y, double *lower,
    double *upper);

/* log(x^a y^b / B(a, b)) with y = 1 - x; used for the recurrences
 * I_x(a + 1, b) = I_x(a, b) - x^a y^b / (a B(a, b)). */
double dy_beta_lpref(double a, double b, double x, double y);

/* Beyond this df the t and noncentral t use their first-order expansion
 * in 1/df: exact to double precision there, while the continued fraction
 * would need 1 - x to more than double-double precision. */
#define DY_DF_NORMAL 1e20

/* Student t with df > 0: *lower = P(T <= t), *upper = P(T > t). */
int dy_t_tails(double t, double df, double *lower, double *upper);

/* The q > 0 with P(T > q) = alpha for 0 < alpha < 1/2. */
int dy_t_quantile_upper(double alpha, double df, double *q);

/* Upper tails P(X > x) of chi-square(df) and F(df1, df2). */
int dy_chisq_upper(double x, double df, double *q);
int dy_f_upper(double f, double df1, double df2, double *q);

/* Brent's root finder on [a, b] with f(a), f(b) of opposite signs (or one
 * of them zero).  f may return NaN to signal failure, which stops the
 * search.  Stops when the bracket is below 4 eps |x| + tol. */
int dy_zeroin(double (*f)(double x, void *ctx), void *ctx, double a,
    double b, double fa, double fb, double tol, double *root);

/* Mean and corrected sum of squares of post (pre NULL) or post - pre, as
 * the statistics of stats.c compute them; the _m variants below take them
 * (or NULL: computed there) so that a caller summarising one set of pairs
 * computes each once, with the same results. */
struct dy_mss {
	double mean, ss;
};

void dy_mean_ss(const double *pre, const double *post, size_t n,
    struct dy_mss *out);
/* dy_mean_ss of pre, of post and of post - pre (n >= 1) in one go. */
void dy_mean_ss3(const double *pre, const double *post, size_t n,
    struct dy_mss *mx, struct dy_mss *my, struct dy_mss *md);
enum dyad_status dy_mean_sd_m(const double *x, size_t n,
    const struct dy_mss *mx, double *mean, double *sd,
    struct dyad_error *err);
enum dyad_status dy_paired_t_m(const double *pre, const double *post,
    size_t n, double conf, const struct dy_mss *md, struct dyad_ttest *out,
    struct dyad_error *err);
enum dyad_status dy_dz_m(const double *pre, const double *post, size_t n,
    double conf, const struct dy_mss *md, struct dyad_effect *out,
    struct dyad_error *err);
enum dyad_status dy_smcr_m(const double *pre, const double *post, size_t n,
    double conf, const struct dy_mss *mx, const struct dy_mss *my,
    struct dyad_smcr *out, struct dyad_error *err);

/* Neumaier's compensated sum: the rounding error of each addition is kept
 * in c, so s + c is as if summed in twice the precision.  The error is
 * found by Knuth's TwoSum, without Neumaier's test of which term is
 * larger: both give the exact error of s + x, so the bits are the same,
 * and a sum of deviations (of either sign, around zero) no longer costs
 * a mispredicted branch a term. */
struct dy_ksum {
	double s, c;
};

static inline void
dy_ksum_add(struct dy_ksum *k, double x)
{
	double t = k->s + x;
	double xp = t - k->s;                   /* the part of x in t */

	k->c += (k->s - (t - xp)) + (x - xp);
	k->s = t;
}

/*
 * Sorting and ranking (stats.c).
 */

/* An unsigned key that orders like the double x (not NaN): x < y exactly
 * when dy_order_key(x) < dy_order_key(y), and -0.0 gets the key of +0.0,
 * as they compare equal.  The usual map of IEEE 754 onto unsigned order:
 * the sign bit is set for positives, every bit flipped for negatives. */
static inline uint64_t
dy_order_key(double x)
{
	uint64_t u;

	if (x == 0)
		x = 0;          /* -0.0 */
	memcpy(&u, &x, sizeof(u));
	return u >> 63 ? ~u : u | (uint64_t)1 << 63;
}

/* Below this many keys dy_sort_u64 uses insertion sort. */
#define DY_SORT_SMALL 32

/* Sort key[0..n) ascending, stably, moving pay[i] along with key[i] when
 * pay is not NULL.  tkey and tpay (if pay) are scratch of n elements; for
 * n <= DY_SORT_SMALL they are not used and may be NULL.  An LSD radix
 * sort by bytes that skips the bytes all keys share (whole numbers leave
 * most of a double's mantissa bytes zero). */
void dy_sort_u64(uint64_t *key, size_t *pay, uint64_t *tkey, size_t *tpay,
    size_t n);

/* rank[i] = average rank of v[i] among v[0..n-1] (ties get the mean of the
 * ranks they span, R's rank(ties.method = "average")); ties are exact
 * equality.  *tie_sum (may be NULL) receives sum(t^3 - t) over the groups
 * of t tied values and *tied (may be NULL) the number of values that
 * equal at least one other.  Returns 0 or -1 if out of memory.  No
 * allocation for n <= DY_SORT_SMALL (Friedman ranks within each subject). */
int dy_rank_average(const double *v, size_t n, double *rank,
    double *tie_sum, size_t *tied);

/* dyad_stats_wilcoxon() with room for its sort: scratch holds 2n keys,
 * or is NULL to have it allocated.  A caller testing one outcome after
 * another lends the same room to each: 16 bytes a pair of fresh memory
 * once, not once an outcome. */
enum dyad_status dy_wilcoxon_in(const double *pre, const double *post,
    size_t n, uint64_t *scratch, struct dyad_wilcoxon *out,
    struct dyad_error *err);

/* The matched-pairs rank-biserial correlation 4V/(m(m+1)) - 1 from the
 * signed-rank statistic V of m > 0 nonzero differences (wilcoxon.c), so
 * that a caller holding dyad_stats_wilcoxon()'s V need not rank again. */
double dy_rank_biserial_of_v(double v, size_t m);

#endif

/* wilcoxon.c - the Wilcoxon signed-rank test on paired differences and the
 * matched-pairs rank-biserial correlation, which is the same V rescaled. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "dyad/stats.h"
#include "internal.h"
#include "stats_internal.h"

/* R uses the exact distribution below this many nonzero differences. */
#define EXACT_MAX 50

/* Signed ranks of the nonzero differences: V, the number used, zeros,
 * ties and sum(t^3 - t) over tied groups of ranks. */
struct signed_ranks {
	size_t used, zeros, ties;
	double v, tie_sum;
};

/* Ranks of every |d| as an array, V summed in input order: the general
 * way, for differences with a NaN and for more than SUM_EXACT_MAX. */
static enum dyad_status
signed_ranks_ranked(const double *pre, const double *post, size_t n,
    struct signed_ranks *sr, struct dyad_error *err)
{
	double *d, *r;
	size_t i, m = 0;

	if (n > SIZE_MAX / 2 / sizeof(*d))
		return dy_nomem(err);
	d = dy_malloc_now(2 * n * sizeof(*d));
	if (d == NULL)
		return dy_nomem(err);
	r = d + n;
	for (i = 0; i < n; i++)
		if (post[i] - pre[i] != 0)
			d[m++] = fabs(post[i] - pre[i]);
	if (dy_rank_average(d, m, r, &sr->tie_sum, &sr->ties) != 0) {
		free(d);
		return dy_nomem(err);
	}
	m = 0;
	for (i = 0; i < n; i++) {
		if (post[i] - pre[i] == 0)
			continue;
		if (post[i] - pre[i] > 0)
			sr->v += r[m];
		m++;
	}
	sr->used = m;
	free(d);
	return DYAD_OK;
}

/* Up to this many nonzero differences V, a sum of multiples of 1/2 below
 * m(m+1)/2 < 2^52, is exact in any order: by tied groups it equals the
 * sum of the ranks in input order to the bit. */
#define SUM_EXACT_MAX ((size_t)1 << 26)

#define SIGN_BIT ((uint64_t)1 << 63)

/*
 * The test needs V, the tie groups' sizes and the number of ties, not a
 * rank per difference.  Each nonzero difference becomes one 64-bit key:
 * the bits of |d| (a positive double orders as its bits) with the top bit
 * set for d > 0.  Sorted, the negatives come first and the positives
 * after, each ascending in |d|; walking both runs at once gives each tie
 * group of |d|, its size t and how many of it are positive, cp, so that
 * V += cp * (mean rank of the group).  8 bytes a difference sorted, not
 * 16, and no rank array.
 */
static enum dyad_status
signed_ranks(const double *pre, const double *post, size_t n,
    uint64_t *scratch, struct signed_ranks *sr, struct dyad_error *err)
{
	uint64_t *key = scratch, *own = NULL, u, ka, kb;
	size_t i, m = 0, npos = 0, a, b, s, e, cp;
	double d, ad, t;
	bool nan = false;

	sr->used = sr->zeros = sr->ties = 0;
	sr->v = sr->tie_sum = 0;
	if (n == 0)
		return DYAD_OK;
	if (key == NULL) {
		if (n > SIZE_MAX / 2 / sizeof(*key))
			return dy_nomem(err);
		key = own = dy_malloc_now(2 * n * sizeof(*key));
		if (key == NULL)
			return dy_nomem(err);
	}
	/* equality is on the computed doubles, as R's rank() */
	for (i = 0; i < n; i++) {
		d = post[i] - pre[i];
		if (d == 0) {
			sr->zeros++;
			continue;
		}
		nan = nan || isnan(d);
		ad = fabs(d);
		memcpy(&u, &ad, sizeof(u));
		key[m++] = d > 0 ? u | SIGN_BIT : u;
		npos += d > 0;
	}
	if (nan || m > SUM_EXACT_MAX) {
		free(own);      /* sr->zeros is counted; nothing else is */
		return signed_ranks_ranked(pre, post, n, sr, err);
	}
	dy_sort_u64(key, NULL, key + n, NULL, m);
	/* negatives in key[0, m - npos), positives in key[m - npos, m) */
	for (a = 0, b = m - npos, s = 0; s < m; s = e) {
		ka = a < m - npos ? key[a] : UINT64_MAX;
		kb = b < m ? key[b] & ~SIGN_BIT : UINT64_MAX;
		u = ka < kb ? ka : kb;
		for (e = s; a < m - npos && key[a] == u; a++)
			e++;
		for (cp = 0; b < m && (key[b] & ~SIGN_BIT) == u; b++)
			cp++;
		e += cp;
		/* positions s..e-1 are ranks s+1..e; their mean */
		sr->v += (double)cp * ((double)(s + 1 + e) / 2);
		t = (double)(e - s);
		sr->tie_sum += t * t * t - t;
		if (e - s > 1)
			sr->ties += e - s;
	}
	sr->used = m;
	free(own);
	return DYAD_OK;
}

/* Two-sided exact p of V among n ranks without ties, as R 4.2:
 * min(1, 2 P(V' >= v)) if v > n(n+1)/4, else min(1, 2 P(V' <= v)).
 * c[s] counts the subsets of {1..n} summing to s (the same recurrence as
 * R's csignrank); counts stay below 2^49 for n < 50, so the tail sum is
 * exact and the one division by 2^n rounds once. */
static int
signrank_p(double v, size_t n, double *p)
{
	size_t top = n * (n + 1) / 2, s, i, lo, hi;
	double *c, tail = 0;

	c = calloc(top + 1, sizeof(*c));
	if (c == NULL)
		return -1;
	c[0] = 1;
	for (i = 1; i <= n; i++)
		for (s = top; s >= i; s--)
			c[s] += c[s - i];
	if (v > (double)top / 2) {
		lo = (size_t)v;		/* upper tail, v..top */
		hi = top;
	} else {
		lo = 0;
		hi = (size_t)v;
	}
	for (s = lo; s <= hi; s++)
		tail += c[s];
	free(c);
	*p = 2 * ldexp(tail, -(int)n);
	if (*p > 1)
		*p = 1;
	return 0;
}

enum dyad_status
dyad_stats_wilcoxon(const double *pre, const double *post, size_t n,
    struct dyad_wilcoxon *out, struct dyad_error *err)
{
	return dy_wilcoxon_in(pre, post, n, NULL, out, err);
}

enum dyad_status
dy_wilcoxon_in(const double *pre, const double *post, size_t n,
    uint64_t *scratch, struct dyad_wilcoxon *out, struct dyad_error *err)
{
	struct signed_ranks sr;
	enum dyad_status st;
	double nu, z, sigma;

	if (out == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	out->n_used = out->zeros = out->ties = 0;
	out->v = out->z = out->p = NAN;
	out->exact = false;
	if (n == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "no pairs");
	st = signed_ranks(pre, post, n, scratch, &sr, err);
	if (st != DYAD_OK)
		return st;
	out->n_used = sr.used;
	out->zeros = sr.zeros;
	out->ties = sr.ties;
	if (sr.used == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "all differences are zero");
	out->v = sr.v;
	nu = (double)sr.used;
	if (sr.used < EXACT_MAX && sr.ties == 0 && sr.zeros == 0) {
		out->exact = true;
		if (signrank_p(sr.v, sr.used, &out->p) != 0)
			return dy_nomem(err);
		return DYAD_OK;
	}
	/* sigma > 0 whenever used >= 1: even all-tied ranks leave
	 * n(n+1)(2n+1)/24 - (n^3 - n)/48 = n(n+1)(n+2)/48 */
	z = sr.v - nu * (nu + 1) / 4;
	sigma = sqrt(nu * (nu + 1) * (2 * nu + 1) / 24 - sr.tie_sum / 48);
	z = (z - (z > 0 ? 0.5 : z < 0 ? -0.5 : 0)) / sigma;
	out->z = z;
	out->p = 2 * gsl_cdf_ugaussian_P(-fabs(z));
	return DYAD_OK;
}

enum dyad_status
dyad_stats_rank_biserial(const double *pre, const double *post, size_t n,
    double *r, struct dyad_error *err)
{
	struct signed_ranks sr;
	enum dyad_status st;

	if (r == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	*r = NAN;
	st = signed_ranks(pre, post, n, NULL, &sr, err);
	if (st != DYAD_OK)
		return st;
	if (sr.used == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    n == 0 ? "no pairs" : "all differences are zero");
	*r = dy_rank_biserial_of_v(sr.v, sr.used);
	return DYAD_OK;
}

double
dy_rank_biserial_of_v(double v, size_t used)
{
	double m = (double)used;

	/* (R+ - R-) / S with R+ + R- = S = m(m+1)/2 */
	return 4 * v / (m * (m + 1)) - 1;
}

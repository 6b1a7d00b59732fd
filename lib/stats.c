/* stats.c - moments, median, correlation, the paired t-test, standardized
 * mean change (d_z, SMCR) and multiple-testing adjustment. */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "dyad/stats.h"
#include "internal.h"
#include "stats_internal.h"

#define LN_SQRT_PI 0.572364942924700087071713675677	/* log(sqrt(pi)) */

/* The i-th value: post[i] - pre[i] for paired data, else post[i]. */
static double
val(const double *pre, const double *post, size_t i)
{
	return pre != NULL ? post[i] - pre[i] : post[i];
}

/* Mean and corrected sum of squared deviations of val(pre, post, .),
 * n >= 1.  The second pass adds the mean residual to the mean and
 * subtracts its square from the sum of squares (Chan, Golub & LeVeque
 * 1983), which cancels the rounding error of the first-pass mean. */
static void
mean_ss(const double *pre, const double *post, size_t n, double *mean,
    double *ss)
{
	struct dy_ksum s = { 0, 0 }, r = { 0, 0 }, q = { 0, 0 };
	double m, e, rs;
	size_t i;

	for (i = 0; i < n; i++)
		dy_ksum_add(&s, val(pre, post, i));
	m = (s.s + s.c) / (double)n;
	for (i = 0; i < n; i++) {
		e = val(pre, post, i) - m;
		dy_ksum_add(&r, e);
		dy_ksum_add(&q, e * e);
	}
	rs = r.s + r.c;
	*mean = m + rs / (double)n;
	*ss = (q.s + q.c) - rs * rs / (double)n;
	if (*ss < 0)
		*ss = 0;
}

void
dy_mean_ss(const double *pre, const double *post, size_t n,
    struct dy_mss *out)
{
	mean_ss(pre, post, n, &out->mean, &out->ss);
}

/* dy_ksum_add on each lane of four: the same operations in the same
 * order, so the same bits, but one instruction for three sums. */
typedef double dy_v4 __attribute__((vector_size(4 * sizeof(double))));

static inline void
ksum_add4(dy_v4 *s, dy_v4 *c, const dy_v4 *x)
{
	dy_v4 t = *s + *x;
	dy_v4 xp = t - *s;                      /* the part of x in t */

	*c += (*s - (t - xp)) + (*x - xp);
	*s = t;
}

/* mean_ss three times over (pre, post, post - pre), each sum's additions
 * in the same order: lanes of a vector, which AVX2 adds at once (without
 * it, each half with SSE2).  No FMA: a fused e * e + q would round once
 * where mean_ss rounds twice. */
static inline __attribute__((always_inline)) void
mean_ss3(const double *pre, const double *post, size_t n,
    struct dy_mss *mx, struct dy_mss *my, struct dy_mss *md)
{
	dy_v4 s = { 0, 0, 0, 0 }, sc = s, r = s, rc = s, q = s, qc = s;
	dy_v4 m, e, v = s;      /* (v: GCC 12 warns of a lane otherwise) */
	struct dy_mss *out[3] = { mx, my, md };
	double rs;
	size_t i, k;

	for (i = 0; i < n; i++) {
		v = (dy_v4){ pre[i], post[i], post[i] - pre[i], 0 };
		ksum_add4(&s, &sc, &v);
	}
	m = (s + sc) / (double)n;
	for (i = 0; i < n; i++) {
		v = (dy_v4){ pre[i], post[i], post[i] - pre[i], 0 };
		e = v - m;
		ksum_add4(&r, &rc, &e);
		e *= e;
		ksum_add4(&q, &qc, &e);
	}
	for (k = 0; k < 3; k++) {
		rs = r[k] + rc[k];
		out[k]->mean = m[k] + rs / (double)n;
		out[k]->ss = (q[k] + qc[k]) - rs * rs / (double)n;
		if (out[k]->ss < 0)
			out[k]->ss = 0;
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
/* Chosen at the call, not by an ifunc: a resolver runs before the
 * sanitizers' runtimes are up (and crashed under ThreadSanitizer). */
__attribute__((target("avx2"))) static void
mean_ss3_avx2(const double *pre, const double *post, size_t n,
    struct dy_mss *mx, struct dy_mss *my, struct dy_mss *md)
{
	mean_ss3(pre, post, n, mx, my, md);
}
#endif

void
dy_mean_ss3(const double *pre, const double *post, size_t n,
    struct dy_mss *mx, struct dy_mss *my, struct dy_mss *md)
{
#if defined(__x86_64__) && defined(__GNUC__)
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2")) {
		mean_ss3_avx2(pre, post, n, mx, my, md);
		return;
	}
#endif
	mean_ss3(pre, post, n, mx, my, md);
}

enum dyad_status
dyad_stats_mean_sd(const double *x, size_t n, double *mean, double *sd,
    struct dyad_error *err)
{
	return dy_mean_sd_m(x, n, NULL, mean, sd, err);
}

enum dyad_status
dy_mean_sd_m(const double *x, size_t n, const struct dy_mss *mx,
    double *mean, double *sd, struct dyad_error *err)
{
	double m = NAN, ss = NAN, s = NAN;

	if (n > 0) {
		if (mx != NULL) {
			m = mx->mean;
			ss = mx->ss;
		} else {
			mean_ss(NULL, x, n, &m, &ss);
		}
		if (n > 1)
			s = sqrt(ss / (double)(n - 1));
	}
	if (mean != NULL)
		*mean = m;
	if (sd != NULL)
		*sd = s;
	if (n == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "no values");
	if (n == 1)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "fewer than 2 values for a standard deviation");
	return DYAD_OK;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

enum dyad_status
dyad_stats_median(const double *x, size_t n, double *out,
    struct dyad_error *err)
{
	double *v, a, b;

	if (out == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	*out = NAN;
	if (n == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "no values");
	if (n > SIZE_MAX / sizeof(*v))
		return dy_nomem(err);
	v = dy_malloc_now(n * sizeof(*v));
	if (v == NULL)
		return dy_nomem(err);
	memcpy(v, x, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_double);
	if (n % 2 == 1) {
		*out = v[n / 2];
	} else {
		a = v[n / 2 - 1];
		b = v[n / 2];
		/* one rounding, as R's mean of the two; halves first only
		 * if the sum would overflow */
		*out = isfinite(a + b) ? (a + b) / 2 : a / 2 + b / 2;
	}
	free(v);
	return DYAD_OK;
}

/* dyad_stats_correlation with the moments of x and y given (or, when
 * NULL, computed here). */
static enum dyad_status
correlation_m(const double *x, const double *y, size_t n,
    const struct dy_mss *mxx, const struct dy_mss *myy, double *r,
    struct dyad_error *err)
{
	struct dy_ksum sxy = { 0, 0 };
	double mx, my, sxx, syy, c;
	size_t i;

	if (r == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	*r = NAN;
	if (n < 2)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "fewer than 2 pairs for a correlation");
	if (mxx != NULL) {
		mx = mxx->mean;
		sxx = mxx->ss;
		my = myy->mean;
		syy = myy->ss;
	} else {
		mean_ss(NULL, x, n, &mx, &sxx);
		mean_ss(NULL, y, n, &my, &syy);
	}
	if (sxx == 0 || syy == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "zero variance: correlation undefined");
	for (i = 0; i < n; i++)
		dy_ksum_add(&sxy, (x[i] - mx) * (y[i] - my));
	c = (sxy.s + sxy.c) / sqrt(sxx * syy);
	if (!isfinite(c))
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "correlation overflowed");
	*r = c > 1 ? 1 : c < -1 ? -1 : c;
	return DYAD_OK;
}

enum dyad_status
dyad_stats_correlation(const double *x, const double *y, size_t n, double *r,
    struct dyad_error *err)
{
	return correlation_m(x, y, n, NULL, NULL, r, err);
}

enum dyad_status
dyad_stats_paired_t(const double *pre, const double *post, size_t n,
    double conf, struct dyad_ttest *out, struct dyad_error *err)
{
	return dy_paired_t_m(pre, post, n, conf, NULL, out, err);
}

enum dyad_status
dy_paired_t_m(const double *pre, const double *post, size_t n, double conf,
    const struct dy_mss *md, struct dyad_ttest *out, struct dyad_error *err)
{
	double m, ss, lo, up, q;

	if (out == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	out->n = n;
	out->mean_diff = out->sd_diff = out->se = NAN;
	out->ci_low = out->ci_high = out->t = out->df = out->p = NAN;
	if (!(conf > 0 && conf < 1))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "confidence level must be between 0 and 1");
	if (n == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "no pairs");
	if (md != NULL) {
		m = md->mean;
		ss = md->ss;
	} else {
		mean_ss(pre, post, n, &m, &ss);
	}
	out->mean_diff = m;
	if (n < 2)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "fewer than 2 pairs");
	out->df = (double)(n - 1);
	out->sd_diff = sqrt(ss / out->df);
	out->se = out->sd_diff / sqrt((double)n);
	if (out->sd_diff == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "zero variance of the differences");
	/* R's t.test() refuses this too: t would be rounding noise */
	if (out->se < 10 * DBL_EPSILON * fabs(m))
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "the differences are essentially constant");
	out->t = m / out->se;
	if (dy_t_tails(-fabs(out->t), out->df, &lo, &up) != 0 ||
	    dy_t_quantile_upper((1 - conf) / 2, out->df, &q) != 0) {
		out->t = NAN;
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "t distribution did not converge");
	}
	out->p = 2 * lo;
	out->ci_low = m - q * out->se;
	out->ci_high = m + q * out->se;
	return DYAD_OK;
}

enum dyad_status
dyad_stats_dz(const double *pre, const double *post, size_t n, double conf,
    struct dyad_effect *out, struct dyad_error *err)
{
	return dy_dz_m(pre, post, n, conf, NULL, out, err);
}

enum dyad_status
dy_dz_m(const double *pre, const double *post, size_t n, double conf,
    const struct dy_mss *md, struct dyad_effect *out, struct dyad_error *err)
{
	double m, ss, sd, t, df, rn, lo = NAN, hi = NAN;
	enum dyad_status st;

	if (out == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	out->est = out->ci_low = out->ci_high = NAN;
	if (!(conf > 0 && conf < 1))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "confidence level must be between 0 and 1");
	if (n < 2)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "fewer than 2 pairs");
	if (md != NULL) {
		m = md->mean;
		ss = md->ss;
	} else {
		mean_ss(pre, post, n, &m, &ss);
	}
	df = (double)(n - 1);
	sd = sqrt(ss / df);
	if (sd == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "zero variance of the differences");
	out->est = m / sd;
	rn = sqrt((double)n);
	t = out->est * rn;
	/* The lower limit is the ncp that puts t at the upper (1+conf)/2
	 * quantile, and vice versa (Steiger & Fouladi 1997). */
	st = dyad_nct_ncp_for_p(t, df, (1 + conf) / 2, &lo, err);
	if (st == DYAD_OK)
		st = dyad_nct_ncp_for_p(t, df, (1 - conf) / 2, &hi, err);
	if (st != DYAD_OK)
		return st;
	out->ci_low = lo / rn;
	out->ci_high = hi / rn;
	return DYAD_OK;
}

enum dyad_status
dyad_stats_smcr(const double *pre, const double *post, size_t n,
    double conf, struct dyad_smcr *out, struct dyad_error *err)
{
	return dy_smcr_m(pre, post, n, conf, NULL, NULL, out, err);
}

enum dyad_status
dy_smcr_m(const double *pre, const double *post, size_t n, double conf,
    const struct dy_mss *mx, const struct dy_mss *my, struct dyad_smcr *out,
    struct dyad_error *err)
{
	double mpre, mpost, sspre, sspost, sdpre, m, z;
	enum dyad_status st;

	if (out == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	out->d = out->g = out->var = out->se = NAN;
	out->ci_low = out->ci_high = out->r = out->j = NAN;
	if (!(conf > 0 && conf < 1))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "confidence level must be between 0 and 1");
	if (n < 2)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "fewer than 2 pairs");
	if (mx != NULL) {
		mpre = mx->mean;
		sspre = mx->ss;
		mpost = my->mean;
		sspost = my->ss;
	} else {
		mean_ss(NULL, pre, n, &mpre, &sspre);
		mean_ss(NULL, post, n, &mpost, &sspost);
	}
	sdpre = sqrt(sspre / (double)(n - 1));
	if (sdpre == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "zero variance of the pre scores");
	out->d = (mpost - mpre) / sdpre;
	st = correlation_m(pre, post, n, mx, my, &out->r, NULL);
	if (n < 3)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "fewer than 3 pairs for the bias correction");
	/* Gamma(m/2) / Gamma((m-1)/2) = sqrt(pi) / B((m-1)/2, 1/2): one
	 * well-conditioned log-beta instead of two large lgammas. */
	m = (double)(n - 1);
	out->j = exp(LN_SQRT_PI - dy_lbeta((m - 1) / 2, 0.5) -
	    0.5 * log(m / 2));
	out->g = out->j * out->d;
	if (st != DYAD_OK)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "zero variance of the post scores: correlation undefined");
	out->var = 2 * (1 - out->r) / (double)n +
	    out->g * out->g / (2 * (double)n);
	out->se = sqrt(out->var);
	z = gsl_cdf_ugaussian_Qinv((1 - conf) / 2);
	out->ci_low = out->g - z * out->se;
	out->ci_high = out->g + z * out->se;
	return DYAD_OK;
}

/*
 * Sorting.  Ranking and p-value adjustment order the values ascending with
 * equal values in input order; a stable sort of dy_order_key() gives that
 * order exactly, as qsort() with a comparator that breaks ties by index
 * did before, in a few passes over the data instead of n log n calls.
 */

static void
insertion_u64(uint64_t *key, size_t *pay, size_t n)
{
	size_t i, j, p = 0;
	uint64_t k;

	for (i = 1; i < n; i++) {
		k = key[i];
		if (pay != NULL)
			p = pay[i];
		for (j = i; j > 0 && key[j - 1] > k; j--) {
			key[j] = key[j - 1];
			if (pay != NULL)
				pay[j] = pay[j - 1];
		}
		key[j] = k;
		if (pay != NULL)
			pay[j] = p;
	}
}

void
dy_sort_u64(uint64_t *key, size_t *pay, uint64_t *tkey, size_t *tpay,
    size_t n)
{
	size_t cnt[8][256], *c, i, j, nb = 0, at, off, t;
	uint64_t *src = key, *dst = tkey, *swk, all = ~(uint64_t)0, any = 0;
	size_t *psrc = pay, *pdst = tpay, *swp;
	unsigned sh[8], b;

	if (n <= DY_SORT_SMALL) {
		insertion_u64(key, pay, n);
		return;
	}
	/* a byte that every key shares moves nothing: count only the others
	 * (whole numbers leave most of a double's mantissa bytes zero) */
	for (i = 0; i < n; i++) {
		all &= key[i];
		any |= key[i];
	}
	for (b = 0; b < 8; b++)
		if (((all ^ any) >> (8 * b)) & 0xff)
			sh[nb++] = 8 * b;
	memset(cnt, 0, nb * sizeof(cnt[0]));
	for (i = 0; i < n; i++)
		for (j = 0; j < nb; j++)
			cnt[j][(key[i] >> sh[j]) & 0xff]++;
	for (j = 0; j < nb; j++) {
		c = cnt[j];
		for (off = 0, i = 0; i < 256; i++) {
			t = c[i];
			c[i] = off;
			off += t;
		}
		/* in input order into each byte's slot: stable */
		for (i = 0; i < n; i++) {
			at = c[(src[i] >> sh[j]) & 0xff]++;
			dst[at] = src[i];
			if (pay != NULL)
				pdst[at] = psrc[i];
		}
		swk = src;
		src = dst;
		dst = swk;
		swp = psrc;
		psrc = pdst;
		pdst = swp;
	}
	if (src != key) {
		memcpy(key, src, n * sizeof(*key));
		if (pay != NULL)
			memcpy(pay, psrc, n * sizeof(*pay));
	}
}

/*
 * Values with a NaN are ranked as before the radix sort: qsort() of
 * (value, index) pairs with this comparator, under which a NaN and any
 * other value each compare greater than the other, so where the NaNs
 * land is up to the C library's qsort.  No caller in dyad passes NaN
 * (scores are finite); a library caller's results stay what they were.
 */
struct keyed {
	double v;
	size_t i;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

/* The qsort order of v (with NaN): a block of n keys, then n indices
 * (*key, *idx).  A key is equal to its neighbour's exactly when their
 * values compare equal.  NULL if out of memory.  The block is allocated
 * after qsort has freed its merge buffer, so no more memory is held at
 * once than the pairs and that buffer. */
static uint64_t *
order_with_nan(const double *v, size_t n, uint64_t **key, size_t **idx)
{
	struct keyed *k;
	uint64_t *b = NULL;
	size_t i;

	if (n > SIZE_MAX / sizeof(*k))
		return NULL;
	k = dy_malloc_now(n * sizeof(*k));
	if (k == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		k[i].v = v[i];
		k[i].i = i;
	}
	qsort(k, n, sizeof(*k), cmp_keyed);
	b = dy_malloc_now(n * (sizeof(**key) + sizeof(**idx)));
	if (b != NULL) {
		*key = b;
		*idx = (size_t *)(b + n);
		for (i = 0; i < n; i++) {
			(*idx)[i] = k[i].i;
			(*key)[i] = i > 0 && k[i].v == k[i - 1].v ?
			    (*key)[i - 1] : i;
		}
	}
	free(k);
	return b;
}

int
dy_rank_average(const double *v, size_t n, double *rank, double *tie_sum,
    size_t *tied)
{
	uint64_t skey[DY_SORT_SMALL], *key = skey, *buf = NULL;
	size_t sidx[DY_SORT_SMALL], *idx = sidx;
	size_t i, s, e, nt = 0;
	double t, ts = 0;
	bool nan = false;

	for (i = 0; i < n && !nan; i++)
		nan = isnan(v[i]);
	if (nan) {
		buf = order_with_nan(v, n, &key, &idx);
		if (buf == NULL)
			return -1;
	} else {
		if (n > DY_SORT_SMALL) {
			/* keys, indices and the sort's scratch: 32 bytes a
			 * value, as qsort's pairs and its merge buffer took */
			if (n > SIZE_MAX / 2 / (sizeof(*key) + sizeof(*idx)))
				return -1;
			buf = dy_malloc_now(2 * n * (sizeof(*key) +
				    sizeof(*idx)));
			if (buf == NULL)
				return -1;
			key = buf;
			idx = (size_t *)(buf + 2 * n);
		}
		for (i = 0; i < n; i++) {
			key[i] = dy_order_key(v[i]);
			idx[i] = i;
		}
		dy_sort_u64(key, idx, key + n, idx + n, n);
	}
	for (s = 0; s < n; s = e) {
		for (e = s + 1; e < n && key[e] == key[s]; e++)
			;
		/* positions s..e-1 are ranks s+1..e; their mean */
		for (i = s; i < e; i++)
			rank[idx[i]] = (double)(s + 1 + e) / 2;
		t = (double)(e - s);
		ts += t * t * t - t;
		if (e - s > 1)
			nt += e - s;
	}
	free(buf);
	if (tie_sum != NULL)
		*tie_sum = ts;
	if (tied != NULL)
		*tied = nt;
	return 0;
}

/* The i-th double stored in a key array (bits copied, so -0.0 stays). */
static double
bits_at(const uint64_t *b, size_t i)
{
	double x;

	memcpy(&x, &b[i], sizeof(x));
	return x;
}

enum dyad_status
dyad_stats_p_adjust(const double *p, size_t n, enum dyad_adjust m,
    double *out, struct dyad_error *err)
{
	uint64_t *key, *val;
	size_t *idx, i, fam = 0;
	double acc, v;

	if (out == NULL || (p == NULL && n > 0))
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no array");
	if (m != DYAD_ADJUST_NONE && m != DYAD_ADJUST_HOLM &&
	    m != DYAD_ADJUST_BH)
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "unknown adjustment method");
	for (i = 0; i < n; i++)
		if (!isnan(p[i]) && !(p[i] >= 0 && p[i] <= 1))
			return dy_fail(err, DYAD_EINVAL, 0, 0,
			    "p-value %g is outside [0, 1]", p[i]);
	for (i = 0; i < n; i++)
		fam += !isnan(p[i]);
	if (fam > SIZE_MAX / 2 / (sizeof(*key) + sizeof(*idx)))
		return dy_nomem(err);
	key = malloc((fam > 0 ? fam : 1) * 2 * (sizeof(*key) + sizeof(*idx)));
	if (key == NULL)
		return dy_nomem(err);
	val = key + fam;        /* the sort's scratch, then the values */
	idx = (size_t *)(val + fam);
	for (i = 0, fam = 0; i < n; i++) {
		if (isnan(p[i]))
			continue;
		key[fam] = dy_order_key(p[i]);
		idx[fam] = i;
		fam++;
	}
	if (m != DYAD_ADJUST_NONE)
		dy_sort_u64(key, idx, val, idx + fam, fam);
	/* every p read before out, which may be p, is written */
	for (i = 0; i < fam; i++)
		memcpy(&val[i], &p[idx[i]], sizeof(*val));
	for (i = 0; i < n; i++)
		if (isnan(p[i]))
			out[i] = NAN;
	if (m == DYAD_ADJUST_NONE || fam <= 1) {
		for (i = 0; i < fam; i++)
			out[idx[i]] = bits_at(val, i);
	} else if (m == DYAD_ADJUST_HOLM) {
		/* ascending; step-down multipliers fam, fam-1, ..., 1 */
		acc = 0;
		for (i = 0; i < fam; i++) {
			v = (double)(fam - i) * bits_at(val, i);
			if (v > acc)
				acc = v;
			out[idx[i]] = acc < 1 ? acc : 1;
		}
	} else {
		/* descending; the i-th smallest gets fam / i */
		acc = INFINITY;
		for (i = fam; i-- > 0;) {
			v = (double)fam / (double)(i + 1) * bits_at(val, i);
			if (v < acc)
				acc = v;
			out[idx[i]] = acc < 1 ? acc : 1;
		}
	}
	free(key);
	return DYAD_OK;
}

int
dyad_adjust_parse(const char *name, enum dyad_adjust *m)
{
	if (name == NULL || m == NULL)
		return -1;
	if (dy_strcaseeq(name, "none"))
		*m = DYAD_ADJUST_NONE;
	else if (dy_strcaseeq(name, "holm"))
		*m = DYAD_ADJUST_HOLM;
	else if (dy_strcaseeq(name, "bh") || dy_strcaseeq(name, "fdr"))
		*m = DYAD_ADJUST_BH;
	else
		return -1;
	return 0;
}

const char *
dyad_adjust_name(enum dyad_adjust m)
{
	switch (m) {
	case DYAD_ADJUST_NONE: return "none";
	case DYAD_ADJUST_HOLM: return "holm";
	case DYAD_ADJUST_BH:   return "BH";
	}
	return "unknown";
}

/* stats.c - moments, median, correlation, the paired t-test, standardized
 * mean change (d_z, SMCR) and multiple-testing adjustment. */
#include <float.h>
#include <math.h>
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

enum dyad_status
dyad_stats_mean_sd(const double *x, size_t n, double *mean, double *sd,
    struct dyad_error *err)
{
	double m = NAN, ss = NAN, s = NAN;

	if (n > 0) {
		mean_ss(NULL, x, n, &m, &ss);
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
	v = malloc(n * sizeof(*v));
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

enum dyad_status
dyad_stats_correlation(const double *x, const double *y, size_t n, double *r,
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
	mean_ss(NULL, x, n, &mx, &sxx);
	mean_ss(NULL, y, n, &my, &syy);
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
dyad_stats_paired_t(const double *pre, const double *post, size_t n,
    double conf, struct dyad_ttest *out, struct dyad_error *err)
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
	mean_ss(pre, post, n, &m, &ss);
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
	mean_ss(pre, post, n, &m, &ss);
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
	mean_ss(NULL, pre, n, &mpre, &sspre);
	mean_ss(NULL, post, n, &mpost, &sspost);
	sdpre = sqrt(sspre / (double)(n - 1));
	if (sdpre == 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "zero variance of the pre scores");
	out->d = (mpost - mpre) / sdpre;
	st = dyad_stats_correlation(pre, post, n, &out->r, NULL);
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
 * Ranking and p-value adjustment sort (value, index) pairs; the index
 * breaks ties so the order does not depend on qsort's whims.
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

int
dy_rank_average(const double *v, size_t n, double *rank, double *tie_sum,
    size_t *tied)
{
	struct keyed *k;
	size_t i, s, e;
	double t, ts = 0;
	size_t nt = 0;

	if (n == 0) {
		if (tie_sum != NULL)
			*tie_sum = 0;
		if (tied != NULL)
			*tied = 0;
		return 0;
	}
	if (n > SIZE_MAX / sizeof(*k))
		return -1;
	k = malloc(n * sizeof(*k));
	if (k == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		k[i].v = v[i];
		k[i].i = i;
	}
	qsort(k, n, sizeof(*k), cmp_keyed);
	for (s = 0; s < n; s = e) {
		for (e = s + 1; e < n && k[e].v == k[s].v; e++)
			;
		/* positions s..e-1 are ranks s+1..e; their mean */
		for (i = s; i < e; i++)
			rank[k[i].i] = (double)(s + 1 + e) / 2;
		t = (double)(e - s);
		ts += t * t * t - t;
		if (e - s > 1)
			nt += e - s;
	}
	free(k);
	if (tie_sum != NULL)
		*tie_sum = ts;
	if (tied != NULL)
		*tied = nt;
	return 0;
}

enum dyad_status
dyad_stats_p_adjust(const double *p, size_t n, enum dyad_adjust m,
    double *out, struct dyad_error *err)
{
	struct keyed *k;
	size_t i, fam = 0;
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
	if (n > SIZE_MAX / sizeof(*k))
		return dy_nomem(err);
	k = malloc((n > 0 ? n : 1) * sizeof(*k));
	if (k == NULL)
		return dy_nomem(err);
	for (i = 0; i < n; i++) {
		if (isnan(p[i]))
			continue;
		k[fam].v = p[i];
		k[fam].i = i;
		fam++;
	}
	/* out may alias p: every p[i] is in k now */
	for (i = 0; i < n; i++)
		if (isnan(p[i]))
			out[i] = NAN;
	if (m == DYAD_ADJUST_NONE || fam <= 1) {
		for (i = 0; i < fam; i++)
			out[k[i].i] = k[i].v;
		free(k);
		return DYAD_OK;
	}
	qsort(k, fam, sizeof(*k), cmp_keyed);
	if (m == DYAD_ADJUST_HOLM) {
		/* ascending; step-down multipliers fam, fam-1, ..., 1 */
		acc = 0;
		for (i = 0; i < fam; i++) {
			v = (double)(fam - i) * k[i].v;
			if (v > acc)
				acc = v;
			out[k[i].i] = acc < 1 ? acc : 1;
		}
	} else {
		/* descending; the i-th smallest gets fam / i */
		acc = INFINITY;
		for (i = fam; i-- > 0;) {
			v = (double)fam / (double)(i + 1) * k[i].v;
			if (v < acc)
				acc = v;
			out[k[i].i] = acc < 1 ? acc : 1;
		}
	}
	free(k);
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

/* nct.c - the noncentral t distribution function and its inversion in the
 * noncentrality parameter, for confidence intervals of standardized means. */
#include <float.h>
#include <math.h>
#include <stdbool.h>

#include <gsl/gsl_cdf.h>

#include "dyad/stats.h"
#include "internal.h"
#include "stats_internal.h"

/* Beyond this the Poisson mixture needs millions of terms; d_z intervals
 * never come near it (the noncentrality is about the observed t). */
#define NCP_MAX 1e5

/* Stop summing once the bound on what is left is below this fraction of
 * the sum so far: a hundredth of an ulp. */
#define SUM_EPS (DBL_EPSILON / 100)

#define LN_SQRT_PI 0.572364942924700087071713675677	/* log(sqrt(pi)) */
#define SQRT_2PI   2.506628274631000502415765284811	/* sqrt(2 pi) */

/* The incomplete betas at the Poisson mode and their steps, which are
 * most of the work of one evaluation, depend only on t, df and the mode k.
 * An inversion keeps the last ones: near the root Brent's steps change the
 * noncentrality too little to move k, and the values are the same. */
struct mode_cache {
	bool valid;
	double t, df, k;
	double ia0, ic0, ga0, gc0;
};

/* g(a) = x^a y^b / (a B(a, b)), the step in
 * I_x(a + 1, b) = I_x(a, b) - g(a). */
static double
beta_step(double a, double b, double x, double y)
{
	return exp(dy_beta_lpref(a, b, x, y) - log(a));
}

/*
 * P(T <= t) for t > 0 (finite) and any delta, as the Poisson mixture of
 * Guenther (1978) and Lenth (1989, AS 243):
 *
 *   Phi(-delta) + 1/2 sum_j [ P_j I_x(j + 1/2, df/2)
 *                             + delta/sqrt(2) Q_j I_x(j + 1, df/2) ],
 *
 * x = t^2 / (t^2 + df), lambda = delta^2 / 2, P_j = e^-lambda lambda^j / j!,
 * Q_j = e^-lambda lambda^j / Gamma(j + 3/2).
 *
 * AS 243 sums from j = 0, which underflows once delta^2/2 exceeds ~700 and
 * needs more than its 1000 terms for |delta| > ~37.  Following Benton and
 * Krishnamoorthy (2003, Comput. Stat. Data Anal. 43:249), we start at the
 * Poisson mode k = floor(lambda), evaluate the two incomplete betas there
 * once, and walk outwards in both directions with the recurrences
 * I_x(a + 1, b) = I_x(a, b) - g(a), g(a + 1) = g(a) x (a + b) / (a + 1).
 * Every term is then of the size it contributes, so nothing underflows
 * that matters, and each direction stops on a rigorous bound of the rest.
 */
static int
nct_lower_pos(double t, double df, double delta, double *out,
    struct mode_cache *mc)
{
	double z, x, y, b, lambda, sq, phi, k, pk, qk, lo, up;
	double ia0, ic0, ga0, gc0, sum, term, bound;
	double pj, qj, ia, ic, ga, gc, a, c, j;

	z = t * t / df;
	phi = gsl_cdf_ugaussian_P(-delta);
	if (isinf(z)) {
		*out = 1;
		return 0;
	}
	if (z == 0) {
		/* t^2/df underflowed, so t < 1e-150 (df <= DY_DF_NORMAL):
		 * the sum is O(t), below the last digit of phi */
		*out = gsl_cdf_ugaussian_P(t - delta);
		return 0;
	}
	x = z / (1 + z);
	y = 1 / (1 + z);
	b = df / 2;
	lambda = delta * delta / 2;

	if (lambda == 0) {
		if (dy_beta_inc(0.5, b, x, y, &lo, &up) != 0)
			return -1;
		*out = 0.5 + 0.5 * lo;
		return 0;
	}

	/* Terms at the mode.  qk carries delta/sqrt(2) = sign * sqrt(lambda);
	 * Gamma(k+1)/Gamma(k+3/2) = B(k+1, 1/2)/sqrt(pi) without two big
	 * lgammas cancelling. */
	sq = delta < 0 ? -sqrt(lambda) : sqrt(lambda);
	k = floor(lambda);
	pk = dy_dpois_raw(k, lambda);
	qk = pk * exp(dy_lbeta(k + 1, 0.5) - LN_SQRT_PI) * sq;
	if (mc != NULL && mc->valid && mc->t == t && mc->df == df &&
	    mc->k == k) {
		ia0 = mc->ia0;
		ic0 = mc->ic0;
		ga0 = mc->ga0;
		gc0 = mc->gc0;
	} else {
		if (dy_beta_inc(k + 0.5, b, x, y, &ia0, &up) != 0 ||
		    dy_beta_inc(k + 1, b, x, y, &ic0, &up) != 0)
			return -1;
		ga0 = beta_step(k + 0.5, b, x, y);
		gc0 = beta_step(k + 1, b, x, y);
		if (mc != NULL) {
			mc->valid = true;
			mc->t = t;
			mc->df = df;
			mc->k = k;
			mc->ia0 = ia0;
			mc->ic0 = ic0;
			mc->ga0 = ga0;
			mc->gc0 = gc0;
		}
	}
	sum = 0.5 * (pk * ia0 + qk * ic0);

	/* Forwards, j > k.  For i >= j > lambda, |Q_i sq| < P_i (Gautschi's
	 * inequality Gamma(i+1)/Gamma(i+3/2) < (i+1/2)^-1/2) and I_x falls
	 * with j, so what is left after j is below
	 * I_x(a_j) P_{j+1} / (1 - lambda/(j+2)). */
	pj = pk;
	qj = qk;
	ia = ia0;
	ic = ic0;
	ga = ga0;
	gc = gc0;
	a = k + 0.5;
	c = k + 1;
	for (j = k + 1; ; j++) {
		ia -= ga;
		ic -= gc;
		if (ia < 0)
			ia = 0;
		if (ic < 0)
			ic = 0;
		ga *= x * (a + b) / (a + 1);
		gc *= x * (c + b) / (c + 1);
		a += 1;
		c += 1;
		pj *= lambda / j;
		qj *= lambda / (j + 0.5);
		term = 0.5 * (pj * ia + qj * ic);
		sum += term;
		bound = ia * pj * (lambda / (j + 1)) / (1 - lambda / (j + 2));
		if (bound <= SUM_EPS * fabs(phi + sum) || pj == 0)
			break;
		if (j - k > 1e7)
			return -1;
	}

	/* Backwards, j < k.  Going down, I_x grows, so use the bound
	 * I_x <= 1 and |Q_i sq| <= P_i sqrt(lambda / (i + 1/2)) <= P_i
	 * sqrt(2 lambda): what is left below j is at most
	 * (1 + sqrt(2 lambda)) / 2 * P_{j-1} / (1 - (j-1)/lambda). */
	pj = pk;
	qj = qk;
	ia = ia0;
	ic = ic0;
	ga = ga0;
	gc = gc0;
	a = k + 0.5;
	c = k + 1;
	for (j = k - 1; j >= 0; j--) {
		/* g(a - 1) = g(a) a / (x (a + b - 1)); once g is below the
		 * normal range the recurrence has lost it, so compute it
		 * afresh (it can grow again going down). */
		ga = ga < DBL_MIN ? beta_step(a - 1, b, x, y) :
		    ga * a / (x * (a + b - 1));
		gc = gc < DBL_MIN ? beta_step(c - 1, b, x, y) :
		    gc * c / (x * (c + b - 1));
		a -= 1;
		c -= 1;
		ia += ga;
		ic += gc;
		if (ia > 1)
			ia = 1;
		if (ic > 1)
			ic = 1;
		pj *= (j + 1) / lambda;
		qj *= (j + 1.5) / lambda;
		term = 0.5 * (pj * ia + qj * ic);
		sum += term;
		if (j == 0)
			break;
		bound = 0.5 * (1 + sqrt(2 * lambda)) * pj * (j / lambda) /
		    (1 - (j - 1) / lambda);
		if (bound <= SUM_EPS * fabs(phi + sum))
			break;
	}

	*out = phi + sum;
	if (!isfinite(*out))
		return -1;
	if (*out < 0)
		*out = 0;
	if (*out > 1)
		*out = 1;
	return 0;
}

static enum dyad_status
nct_cdf(double t, double df, double ncp, double *p, struct dyad_error *err,
    struct mode_cache *mc)
{
	double q;

	if (p == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	*p = NAN;
	if (isnan(t) || !(df > 0) || isinf(df) || !isfinite(ncp))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "t must not be NaN, df must be positive and finite, "
		    "ncp finite");
	if (fabs(ncp) > NCP_MAX)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "noncentrality %g is beyond the supported +-%g", ncp,
		    NCP_MAX);
	if (isinf(t)) {
		*p = t < 0 ? 0 : 1;
		return DYAD_OK;
	}
	if (df > DY_DF_NORMAL) {
		/* T = (Z + ncp) / S with S = sqrt(chi2/df) = 1 + O(df^-1/2):
		 * expanding E[Phi(t S - ncp)] to first order in 1/df gives
		 * Phi(u) - phi(u) t (1 + u t) / (4 df), u = t - ncp (A&S
		 * 26.7.5 when ncp = 0); what is left is O(t^4 / df^2). */
		double u = t - ncp;

		q = gsl_cdf_ugaussian_P(u);
		if (fabs(u) < 40 && fabs(t) < 1e6)
			q -= exp(-u * u / 2) / SQRT_2PI * t *
			    (1 + u * t) / (4 * df);
		*p = q < 0 ? 0 : q > 1 ? 1 : q;
		return DYAD_OK;
	}
	if (t >= 0) {
		if (nct_lower_pos(t, df, ncp, &q, mc) != 0)
			goto fail;
		*p = q;
	} else {
		/* P(T <= t; delta) = 1 - P(T <= -t; -delta): exact in
		 * absolute terms; relative precision is lost only where
		 * the result is below about 1e-14. */
		if (nct_lower_pos(-t, df, -ncp, &q, mc) != 0)
			goto fail;
		*p = 1 - q;
	}
	return DYAD_OK;
fail:
	*p = NAN;
	return dy_fail(err, DYAD_EDOMAIN, 0, 0,
	    "noncentral t series did not converge");
}

enum dyad_status
dyad_nct_cdf(double t, double df, double ncp, double *p, struct dyad_error *err)
{
	return nct_cdf(t, df, ncp, p, err, NULL);
}

struct ncp_ctx {
	double t, df, target;
	struct mode_cache mc;
};

static double
cdf_minus_target(double ncp, void *arg)
{
	struct ncp_ctx *c = arg;
	double p;

	if (nct_cdf(c->t, c->df, ncp, &p, NULL, &c->mc) != DYAD_OK)
		return NAN;
	return p - c->target;
}

enum dyad_status
dyad_nct_ncp_for_p(double t, double df, double p_target, double *ncp,
    struct dyad_error *err)
{
	struct ncp_ctx c = { t, df, p_target, { false, 0, 0, 0, 0, 0, 0, 0 } };
	double lo, hi, flo, fhi, step, sc, g, fg;

	if (ncp == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no output pointer");
	*ncp = NAN;
	if (!isfinite(t) || !(df > 0) || isinf(df))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "t must be finite, df positive and finite");
	if (!(p_target > 0 && p_target < 1))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "target probability must be strictly between 0 and 1");

	/* P(T <= t; ncp) falls strictly from 1 to 0 as ncp rises.  Start at
	 * the normal approximation (Abramowitz & Stegun 26.7.10)
	 *   P(T <= t; ncp) ~ Phi((t (1 - 1/(4 df)) - ncp) / s),
	 *   s = sqrt(1 + t^2 / (2 df)),
	 * that is ncp ~ t (1 - 1/(4 df)) - z_p s, and step away from it by s/4,
	 * doubling the step, until the sign changes: a narrow bracket, so
	 * Brent's method needs few evaluations, and those near the root share
	 * their Poisson mode (struct mode_cache).  From t +- 1, as before, it
	 * took half as many again for an interval at df = 1. */
	if (t - 1 < -NCP_MAX || t + 1 > NCP_MAX)
		goto range;
	sc = sqrt(1 + t / df * t / 2);
	g = t * (1 - 1 / (4 * df)) - gsl_cdf_ugaussian_Pinv(p_target) * sc;
	step = sc / 4;
	if (!isfinite(g) || !(step > 0) || isinf(step)) {
		g = t;
		step = 1;
	}
	g = g < -NCP_MAX ? -NCP_MAX : g > NCP_MAX ? NCP_MAX : g;
	fg = cdf_minus_target(g, &c);
	if (fg == 0) {
		*ncp = g;
		return DYAD_OK;
	}
	lo = hi = g;
	flo = fhi = fg;
	/* the root is above g when P is still above the target */
	while (!isnan(fg) && (fg > 0 ? fhi > 0 : flo < 0)) {
		if (fg > 0) {
			lo = hi;
			flo = fhi;
			hi += step;
			if (hi > NCP_MAX)
				goto range;
			fhi = cdf_minus_target(hi, &c);
		} else {
			hi = lo;
			fhi = flo;
			lo -= step;
			if (lo < -NCP_MAX)
				goto range;
			flo = cdf_minus_target(lo, &c);
		}
		if (isnan(flo) || isnan(fhi))
			break;
		step *= 2;
	}
	if (isnan(flo) || isnan(fhi) || dy_zeroin(cdf_minus_target, &c, lo, hi,
	    flo, fhi, 1e-15, ncp) != 0) {
		*ncp = NAN;
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "noncentral t inversion did not converge");
	}
	return DYAD_OK;
range:
	return dy_fail(err, DYAD_EDOMAIN, 0, 0,
	    "no noncentrality within +-%g gives that probability", NCP_MAX);
}

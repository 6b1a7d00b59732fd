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
 * An inversion keeps the last few it computed; an evaluation at another
 * mode of the same t and df walks to it from the nearest with the
 * recurrences the series itself walks with (mode_walk), a few steps
 * instead of two double-double continued fractions.  (The two limits of
 * an interval could share one cache; walking the farther modes between
 * them moved a d_z limit by 3e-15 for 2% fewer instructions.) */
#define MODES 4
#define WALK_MAX 64     /* steps; beyond, the continued fractions again */

/* The two incomplete betas of the series at one j, a = j + 1/2 and
 * c = j + 1, and their steps g. */
struct betas {
	double a, ia, ga;       /* I_x(a, b), g(a) */
	double ic, gc;          /* I_x(c, b), g(c) */
};

struct mode_cache {
	unsigned n, next;               /* entries in use, entry to replace */
	struct mode_entry {
		double t, df, k;
		struct betas at;
	} e[MODES];
};

/* The entry of t and df nearest to mode k, within WALK_MAX; NULL if none. */
static const struct mode_entry *
mode_near(const struct mode_cache *mc, double t, double df, double k)
{
	const struct mode_entry *best = NULL;
	unsigned i;

	for (i = 0; mc != NULL && i < mc->n; i++) {
		const struct mode_entry *e = &mc->e[i];

		if (e->t == t && e->df == df && fabs(e->k - k) <= WALK_MAX &&
		    (best == NULL || fabs(e->k - k) < fabs(best->k - k)))
			best = e;
	}
	return best;
}

static void
mode_keep(struct mode_cache *mc, const struct mode_entry *e)
{
	if (mc == NULL)
		return;
	mc->e[mc->next] = *e;
	mc->next = (mc->next + 1) % MODES;
	if (mc->n < MODES)
		mc->n++;
}

/* g(a) = x^a y^b / (a B(a, b)), the step in
 * I_x(a + 1, b) = I_x(a, b) - g(a). */
static double
beta_step(double a, double b, double x, double y)
{
	return exp(dy_beta_lpref(a, b, x, y) - log(a));
}

/* One step up: I_x(a + 1, b) = I_x(a, b) - g(a), g(a + 1) = g(a) x (a + b)
 * / (a + 1), and the same for c = a + 1/2. */
static inline void
betas_up(struct betas *s, double b, double x)
{
	double c = s->a + 0.5;

	s->ia -= s->ga;
	s->ic -= s->gc;
	if (s->ia < 0)
		s->ia = 0;
	if (s->ic < 0)
		s->ic = 0;
	s->ga *= x * (s->a + b) / (s->a + 1);
	s->gc *= x * (c + b) / (c + 1);
	s->a += 1;
}

/* One step down: g(a - 1) = g(a) a / (x (a + b - 1)), I_x(a - 1, b) =
 * I_x(a, b) + g(a - 1).  Once g is below the normal range the recurrence
 * has lost it, so it is computed afresh (it can grow again going down). */
static inline void
betas_down(struct betas *s, double b, double x, double y)
{
	double a = s->a, c = a + 0.5;

	s->ga = s->ga < DBL_MIN ? beta_step(a - 1, b, x, y) :
	    s->ga * a / (x * (a + b - 1));
	s->gc = s->gc < DBL_MIN ? beta_step(c - 1, b, x, y) :
	    s->gc * c / (x * (c + b - 1));
	s->a -= 1;
	s->ia += s->ga;
	s->ic += s->gc;
	if (s->ia > 1)
		s->ia = 1;
	if (s->ic > 1)
		s->ic = 1;
}

/* The betas at mode k from those of entry e, by the steps the series takes
 * itself.  Errors stay at the rounding of e's values in absolute terms,
 * which is all the sum keeps anyway. */
static struct betas
mode_walk(const struct mode_entry *e, double k, double b, double x, double y)
{
	struct betas s = e->at;

	while (s.a < k + 0.5)
		betas_up(&s, b, x);
	while (s.a > k + 0.5)
		betas_down(&s, b, x, y);
	return s;
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
	double sum, term, bound, pj, qj, j;
	const struct mode_entry *near;
	struct mode_entry m;
	struct betas mode, s;

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
	if ((near = mode_near(mc, t, df, k)) != NULL) {
		mode = mode_walk(near, k, b, x, y);
	} else {
		mode.a = k + 0.5;
		if (dy_beta_inc(k + 0.5, b, x, y, &mode.ia, &up) != 0 ||
		    dy_beta_inc(k + 1, b, x, y, &mode.ic, &up) != 0)
			return -1;
		mode.ga = beta_step(k + 0.5, b, x, y);
		mode.gc = beta_step(k + 1, b, x, y);
		m = (struct mode_entry){ t, df, k, mode };
		mode_keep(mc, &m);
	}
	sum = 0.5 * (pk * mode.ia + qk * mode.ic);

	/* Forwards, j > k.  For i >= j > lambda, |Q_i sq| < P_i (Gautschi's
	 * inequality Gamma(i+1)/Gamma(i+3/2) < (i+1/2)^-1/2) and I_x falls
	 * with j, so what is left after j is below
	 * I_x(a_j) P_{j+1} / (1 - lambda/(j+2)). */
	pj = pk;
	qj = qk;
	s = mode;
	for (j = k + 1; ; j++) {
		betas_up(&s, b, x);
		pj *= lambda / j;
		qj *= lambda / (j + 0.5);
		term = 0.5 * (pj * s.ia + qj * s.ic);
		sum += term;
		bound = s.ia * pj * (lambda / (j + 1)) / (1 - lambda / (j + 2));
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
	s = mode;
	for (j = k - 1; j >= 0; j--) {
		betas_down(&s, b, x, y);
		pj *= (j + 1) / lambda;
		qj *= (j + 1.5) / lambda;
		term = 0.5 * (pj * s.ia + qj * s.ic);
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
	struct mode_cache *mc;
};

static double
cdf_minus_target(double ncp, void *arg)
{
	struct ncp_ctx *c = arg;
	double p;

	if (nct_cdf(c->t, c->df, ncp, &p, NULL, c->mc) != DYAD_OK)
		return NAN;
	return p - c->target;
}

static enum dyad_status
ncp_for_p(double t, double df, double p_target, double *ncp,
    struct dyad_error *err, struct mode_cache *mc)
{
	struct ncp_ctx c = { t, df, p_target, mc };
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

enum dyad_status
dyad_nct_ncp_for_p(double t, double df, double p_target, double *ncp,
    struct dyad_error *err)
{
	struct mode_cache mc = { .n = 0 };

	return ncp_for_p(t, df, p_target, ncp, err, &mc);
}


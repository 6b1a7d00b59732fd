/* dist.c - incomplete beta and gamma functions, the t, F and chi-square
 * tails built on them, and Brent's root finder, for the statistics files. */
#include <float.h>
#include <math.h>

#include <gsl/gsl_sf_gamma.h>

#include "stats_internal.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406	/* log(sqrt(2 pi)) */
#define TWO_PI      6.283185307179586476925286766559
#define LN_10       2.302585092994045684017991454684

/* Continued fractions and series converge in O(sqrt(max(a, b))) steps;
 * this cap only stops a runaway on absurd parameters. */
#define MAX_ITER 1000000
#define TINY     1e-300	/* keeps Lentz's method away from division by 0 */

double
dy_stirlerr(double x)
{
	double xx;

	/* Below 10 the direct formula loses < 3e-15 to cancellation; above
	 * it, 8 terms of the Stirling series are exact to < 1e-17. */
	if (x < 10)
		return gsl_sf_lngamma(x + 1) - (x + 0.5) * log(x) + x -
		    LN_SQRT_2PI;
	xx = x * x;
	return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 -
	    (1.0 / 1188 - (691.0 / 360360 - (1.0 / 156 - 3617.0 / 122400 /
	    xx) / xx) / xx) / xx) / xx) / xx) / xx) / x;
}

/* x log(x / np) + np - x, summed as a series when x is near np, where the
 * direct formula cancels (Loader 2000, "Fast and accurate computation of
 * binomial probabilities"). */
static double
bd0(double x, double np)
{
	double v, s, s1, ej;
	int j;

	if (fabs(x - np) < 0.1 * (x + np)) {
		v = (x - np) / (x + np);
		s = (x - np) * v;
		if (fabs(s) < DBL_MIN)
			return s;
		ej = 2 * x * v;
		v *= v;
		for (j = 1; j < 1000; j++) {
			ej *= v;
			s1 = s + ej / (2 * j + 1);
			if (s1 == s)
				return s1;
			s = s1;
		}
	}
	return x * log(x / np) + np - x;
}

double
dy_dpois_raw(double x, double lambda)
{
	if (x == 0)
		return exp(-lambda);
	return exp(-dy_stirlerr(x) - bd0(x, lambda)) / sqrt(TWO_PI * x);
}

double
dy_lbeta(double a, double b)
{
	double p = a < b ? a : b;	/* smaller */
	double q = a < b ? b : a;	/* larger */
	double corr;

	/* As R's lbeta(): split off Stirling's remainders so that the huge
	 * (x - 1/2) log x parts cancel analytically, not numerically. */
	if (p >= 10) {
		corr = dy_stirlerr(p) + dy_stirlerr(q) - dy_stirlerr(p + q);
		return -0.5 * log(q) + LN_SQRT_2PI + corr +
		    (p - 0.5) * log(p / (p + q)) + q * log1p(-p / (p + q));
	}
	if (q >= 10) {
		corr = dy_stirlerr(q) - dy_stirlerr(p + q);
		return gsl_sf_lngamma(p) + corr + p - p * log(p + q) +
		    (q - 0.5) * log1p(-p / (p + q));
	}
	return gsl_sf_lngamma(p) + gsl_sf_lngamma(q) - gsl_sf_lngamma(p + q);
}

/*
 * log(x^a y^b / B(a, b)) in Loader's saddle-point form:
 *   1/2 log(a b / (2 pi n)) + stirlerr(n) - stirlerr(a) - stirlerr(b)
 *   - bd0(a, n x) - bd0(b, n y),  n = a + b,
 * with n x = a + D and n y = b - D.  The naive a log x + b log y - lbeta
 * adds terms of size a |log x| that cancel (1e-13 relative at a = 200,
 * x = 1e-3); here the only rounding that matters is in D, and its effect
 * is of order |D| eps.
 */
double
dy_beta_lpref(double a, double b, double x, double y)
{
	double n = a + b;
	double D = x < 0.5 ? n * x - a : b - n * y;

	return 0.5 * log(a * b / (TWO_PI * n)) + dy_stirlerr(n) -
	    dy_stirlerr(a) - dy_stirlerr(b) - bd0(a, a + D) - bd0(b, b - D);
}

/* The continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8),
 * evaluated by the modified Lentz method; converges fast for
 * x < (a + 1) / (a + b + 2). */
static int
beta_cf(double a, double b, double x, double y, double *out)
{
	double c = 1, d, h, aa, del, m;

	/* The first denominator 1 - (a + b) x / (a + 1) is near 0 close to
	 * the switch point; for x near 1 write it with y = 1 - x, or a huge
	 * a loses 10 digits here (a = 5e5, b = 3.5, x = 1 - 9e-6). */
	if (x > 0.5)
		d = ((1 - b) + (a + b) * y) / (a + 1);
	else
		d = ((a + 1) - (a + b) * x) / (a + 1);
	if (fabs(d) < TINY)
		d = TINY;
	d = 1 / d;
	h = d;
	for (m = 1; m <= MAX_ITER; m++) {
		aa = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		h *= d * c;
		aa = -(a + m) * (a + b + m) * x /
		    ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + aa * d;
		if (fabs(d) < TINY)
			d = TINY;
		c = 1 + aa / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) <= DBL_EPSILON) {
			*out = h;
			return 0;
		}
	}
	return -1;
}

/* I_x(a, b) = x^a y^b / (a B(a, b)) sum_n (a+b)_n / (a+1)_n x^n (DLMF
 * 8.17.8 with 15.8.1): all terms positive, so it is accurate wherever it
 * converges quickly.  The sum is rescaled as it grows so that neither it
 * nor the (possibly underflowing) prefactor leaves the double range. */
static int
beta_series(double a, double b, double x, double y, double *out)
{
	double sum = 1, term = 1, lscale = 0, n;

	for (n = 0; n < MAX_ITER; n++) {
		term *= (a + b + n) * x / (a + 1 + n);
		sum += term;
		if (sum > 1e280) {
			sum *= 1e-280;
			term *= 1e-280;
			lscale += 280 * LN_10;
		}
		/* past the peak the ratio falls, so the rest is below
		 * term / (1 - ratio) */
		if ((a + b + n + 1) * x < (a + 2 + n) &&
		    term < sum * DBL_EPSILON / 4 *
		    (1 - (a + b + n + 1) * x / (a + 2 + n))) {
			*out = exp(dy_beta_lpref(a, b, x, y) + lscale) *
			    sum / a;
			return isfinite(*out) ? 0 : -1;
		}
	}
	return -1;
}

int
dy_beta_inc(double a, double b, double x, double y, double *lower,
    double *upper)
{
	double cf, direct, thr;

	if (!(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0) || isinf(a) ||
	    isinf(b))
		return -1;
	if (x == 0 || y == 0) {
		*lower = x == 0 ? 0 : 1;
		*upper = 1 - *lower;
		return 0;
	}
	thr = (a + 1) / (a + b + 2);
	if (x < thr) {
		if (beta_cf(a, b, x, y, &cf) != 0)
			return -1;
		direct = exp(dy_beta_lpref(a, b, x, y)) * cf / a;
		*lower = direct > 1 ? 1 : direct;
		*upper = 1 - *lower;
	} else if (b > 50 && a < 1e5 && x < 0.5 && x < 4 * thr) {
		/* Here the continued fraction of I_y(b, a) would start with
		 * b large and y near 1, where it amplifies the rounding of
		 * y by up to b (1e-11 at b = 5e5); the series needs only
		 * O(a + b x) = O(a) terms this close to the mean. */
		if (beta_series(a, b, x, y, &direct) != 0)
			return -1;
		*lower = direct > 1 ? 1 : direct;
		*upper = 1 - *lower;
	} else {
		if (beta_cf(b, a, y, x, &cf) != 0)
			return -1;
		direct = exp(dy_beta_lpref(b, a, y, x)) * cf / b;
		*upper = direct > 1 ? 1 : direct;
		*lower = 1 - *upper;
	}
	return isfinite(*lower) && isfinite(*upper) ? 0 : -1;
}

/* Regularized upper incomplete gamma Q(s, x): the series for P when
 * x < s + 1, else the continued fraction for Q (Numerical Recipes 6.2),
 * with the prefactor x^s e^-x / Gamma(s + 1) from dy_dpois_raw so that it
 * stays accurate for large x. */
static int
gamma_q(double s, double x, double *q)
{
	double pref, sum, term, b, c, d, h, an, del, i;

	if (x <= 0) {
		*q = 1;
		return 0;
	}
	if (isinf(x)) {
		*q = 0;
		return 0;
	}
	pref = dy_dpois_raw(s, x);
	if (x < s + 1) {
		sum = term = 1;
		for (i = 1; i <= MAX_ITER; i++) {
			term *= x / (s + i);
			sum += term;
			if (term < sum * DBL_EPSILON) {
				*q = 1 - pref * sum;
				if (*q < 0)
					*q = 0;
				return 0;
			}
		}
		return -1;
	}
	b = x + 1 - s;
	c = 1 / TINY;
	d = 1 / b;
	h = d;
	for (i = 1; i <= MAX_ITER; i++) {
		an = -i * (i - s);
		b += 2;
		d = an * d + b;
		if (fabs(d) < TINY)
			d = TINY;
		c = b + an / c;
		if (fabs(c) < TINY)
			c = TINY;
		d = 1 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1) <= DBL_EPSILON) {
			/* x^s e^-x / Gamma(s) = pref * s */
			*q = pref * s * h;
			return isfinite(*q) ? 0 : -1;
		}
	}
	return -1;
}

int
dy_t_tails(double t, double df, double *lower, double *upper)
{
	double z, two_sided, other, tail;

	if (isnan(t) || !(df > 0) || isinf(df))
		return -1;
	z = t * t / df;
	if (isinf(z)) {
		tail = 0;
	} else if (z == 0) {
		tail = 0.5;
	} else {
		/* P(|T| > |t|) = I_{df/(df+t^2)}(df/2, 1/2); with
		 * z = t^2/df both arguments are free of cancellation. */
		if (dy_beta_inc(df / 2, 0.5, 1 / (1 + z), z / (1 + z),
		    &two_sided, &other) != 0)
			return -1;
		tail = two_sided / 2;
	}
	*lower = t < 0 ? tail : 1 - tail;
	*upper = t < 0 ? 1 - tail : tail;
	return 0;
}

struct tq_ctx {
	double alpha, df;
};

static double
t_upper_minus(double q, void *arg)
{
	const struct tq_ctx *c = arg;
	double lo, up;

	if (dy_t_tails(q, c->df, &lo, &up) != 0)
		return NAN;
	return up - c->alpha;
}

int
dy_t_quantile_upper(double alpha, double df, double *q)
{
	struct tq_ctx c = { alpha, df };
	double lo = 0, hi = 1, flo, fhi;

	if (!(alpha > 0 && alpha < 0.5) || !(df > 0) || isinf(df))
		return -1;
	flo = 0.5 - alpha;
	fhi = t_upper_minus(hi, &c);
	while (fhi > 0) {
		lo = hi;
		flo = fhi;
		hi *= 2;
		if (isinf(hi))
			return -1;
		fhi = t_upper_minus(hi, &c);
	}
	if (isnan(fhi))
		return -1;
	return dy_zeroin(t_upper_minus, &c, lo, hi, flo, fhi, 0, q);
}

int
dy_chisq_upper(double x, double df, double *q)
{
	if (isnan(x) || !(df > 0) || isinf(df))
		return -1;
	return gamma_q(df / 2, x / 2, q);
}

int
dy_f_upper(double f, double df1, double df2, double *q)
{
	double z, lo;

	if (isnan(f) || !(df1 > 0) || !(df2 > 0) || isinf(df1) || isinf(df2))
		return -1;
	if (f <= 0) {
		*q = 1;
		return 0;
	}
	z = df1 * f / df2;
	if (isinf(z)) {
		*q = 0;
		return 0;
	}
	/* P(F > f) = I_{df2/(df2 + df1 f)}(df2/2, df1/2) */
	return dy_beta_inc(df2 / 2, df1 / 2, 1 / (1 + z), z / (1 + z), q, &lo);
}

/*
 * Brent (1973), "Algorithms for minimization without derivatives", ch. 4:
 * inverse quadratic interpolation or secant steps, falling back to
 * bisection whenever they would not shrink the bracket fast enough, so it
 * never takes more than about (log2 of the bracket / tolerance)^2 steps.
 */
int
dy_zeroin(double (*f)(double x, void *ctx), void *ctx, double a, double b,
    double fa, double fb, double tol, double *root)
{
	double c, fc, d, e, tol1, xm, p, q, r, s, lim1, lim2;
	int iter;

	if (isnan(fa) || isnan(fb) || (fa > 0 && fb > 0) || (fa < 0 && fb < 0))
		return -1;
	c = b;
	fc = fb;
	d = e = b - a;
	for (iter = 0; iter < 1000; iter++) {
		if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
			/* keep the root between b and c */
			c = a;
			fc = fa;
			d = e = b - a;
		}
		if (fabs(fc) < fabs(fb)) {
			/* b is the best estimate so far */
			a = b;
			b = c;
			c = a;
			fa = fb;
			fb = fc;
			fc = fa;
		}
		tol1 = 2 * DBL_EPSILON * fabs(b) + 0.5 * tol;
		xm = 0.5 * (c - b);
		if (fabs(xm) <= tol1 || fb == 0) {
			*root = b;
			return 0;
		}
		if (fabs(e) >= tol1 && fabs(fa) > fabs(fb)) {
			s = fb / fa;
			if (a == c) {
				p = 2 * xm * s;		/* secant */
				q = 1 - s;
			} else {
				q = fa / fc;		/* inverse quadratic */
				r = fb / fc;
				p = s * (2 * xm * q * (q - r) -
				    (b - a) * (r - 1));
				q = (q - 1) * (r - 1) * (s - 1);
			}
			if (p > 0)
				q = -q;
			p = fabs(p);
			lim1 = 3 * xm * q - fabs(tol1 * q);
			lim2 = fabs(e * q);
			if (2 * p < (lim1 < lim2 ? lim1 : lim2)) {
				e = d;
				d = p / q;
			} else {
				d = xm;
				e = d;
			}
		} else {
			d = xm;
			e = d;
		}
		a = b;
		fa = fb;
		if (fabs(d) > tol1)
			b += d;
		else
			b += xm > 0 ? tol1 : -tol1;
		fb = f(b, ctx);
		if (isnan(fb))
			return -1;
	}
	return -1;
}

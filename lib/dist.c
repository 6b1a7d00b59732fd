/* dist.c - incomplete beta and gamma functions, the t, F and chi-square
 * tails built on them, and Brent's root finder, for the statistics files. */
#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "stats_internal.h"

#ifdef __clang__
#pragma STDC FP_CONTRACT OFF
#endif

#define LN_SQRT_2PI 0.918938533204672741780329736406	/* log(sqrt(2 pi)) */
#define TWO_PI      6.283185307179586476925286766559

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
 *   - bd0(a, n x) - bd0(b, n y),  n = a + b.
 * The naive a log x + b log y - lbeta adds terms of size a |log x| that
 * cancel (1e-13 relative at a = 200, x = 1e-3).  Here n x is taken from
 * the smaller of x, y (full relative precision) and the other as n minus
 * it, so the two add to n; the derivative of bd0 in its second argument
 * is small near the mode, so what rounding is left costs O(eps |n x - a|).
 */
double
dy_beta_lpref(double a, double b, double x, double y)
{
	double n = a + b, nx, ny;

	if (x < 0.5) {
		nx = n * x;
		ny = n - nx;
	} else {
		ny = n * y;
		nx = n - ny;
	}
	return 0.5 * log(a * b / (TWO_PI * n)) + dy_stirlerr(n) -
	    dy_stirlerr(a) - dy_stirlerr(b) - bd0(a, nx) - bd0(b, ny);
}

/*
 * Double-double arithmetic (Dekker 1971; Hida, Li & Bailey's QD library):
 * a value is hi + lo with |lo| <= ulp(hi) / 2, about 32 digits.  Used
 * only inside the continued fraction below.
 */
struct dd {
	double hi, lo;
};

/* The continued fraction is nearly all calls of these: inlined, it runs in
 * fewer instructions (the same operations, the same results). */
#define DD_INLINE inline __attribute__((always_inline))

/* x86-64 has the fused multiply-add instruction only from 2013's CPUs on,
 * so fma() is a call into libm unless the caller is compiled for it: the
 * continued fraction gets a second copy that is, chosen when the program
 * loads (an ifunc).  fma() is exact, and no other product is fused
 * (FP_CONTRACT off: GCC's default in ISO C mode, set for clang), so both
 * copies give the same bits.  A third fewer instructions in dyad stats. */
/* (Not under ThreadSanitizer: the ifunc's resolver, instrumented, runs
 * while the program is relocated, before TSan's runtime is up.) */
#if defined(__x86_64__) && defined(__has_attribute) && \
    !defined(__SANITIZE_THREAD__)
#if __has_attribute(target_clones)
#define FMA_CLONES __attribute__((target_clones("fma", "default")))
#endif
#endif
#ifndef FMA_CLONES
#define FMA_CLONES
#endif

static DD_INLINE struct dd
dd_fast_sum(double a, double b)		/* needs |a| >= |b| */
{
	struct dd r;

	r.hi = a + b;
	r.lo = b - (r.hi - a);
	return r;
}

static DD_INLINE struct dd
dd_sum(double a, double b)		/* Knuth's two-sum, exact */
{
	struct dd r;
	double bb;

	r.hi = a + b;
	bb = r.hi - a;
	r.lo = (a - (r.hi - bb)) + (b - bb);
	return r;
}

static DD_INLINE struct dd
dd_add(struct dd a, struct dd b)
{
	struct dd s = dd_sum(a.hi, b.hi), t = dd_sum(a.lo, b.lo);

	s.lo += t.hi;
	s = dd_fast_sum(s.hi, s.lo);
	s.lo += t.lo;
	return dd_fast_sum(s.hi, s.lo);
}

static DD_INLINE struct dd
dd_mul(struct dd a, struct dd b)
{
	struct dd p;

	p.hi = a.hi * b.hi;
	p.lo = fma(a.hi, b.hi, -p.hi);	/* the exact rounding error */
	p.lo += a.hi * b.lo + a.lo * b.hi;
	return dd_fast_sum(p.hi, p.lo);
}

static DD_INLINE struct dd
dd_div(struct dd a, struct dd b)
{
	struct dd q, r, t;
	double q1, q2, q3;

	/* long division, one double digit at a time */
	q1 = a.hi / b.hi;
	t = dd_mul(b, (struct dd){ q1, 0 });
	r = dd_add(a, (struct dd){ -t.hi, -t.lo });
	q2 = r.hi / b.hi;
	t = dd_mul(b, (struct dd){ q2, 0 });
	r = dd_add(r, (struct dd){ -t.hi, -t.lo });
	q3 = r.hi / b.hi;
	q = dd_fast_sum(q1, q2);
	return dd_add(q, (struct dd){ q3, 0 });
}

static DD_INLINE struct dd
dd_of(double a)
{
	return (struct dd){ a, 0 };
}

/* 1 + a * b for the Lentz recurrences, kept away from 0. */
static DD_INLINE struct dd
lentz_step(struct dd a, struct dd b)
{
	struct dd r = dd_add(dd_of(1), dd_mul(a, b));

	if (fabs(r.hi) < TINY)
		r = dd_of(TINY);
	return r;
}

/*
 * The continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8) by
 * the modified Lentz method; it converges fast for x < (a+1)/(a+b+2).
 *
 * With a much larger than b that bound is near 1, and the fraction's
 * terms 1 + d_k D_k cancel to about (1 - x): every rounding of x, or of
 * the arithmetic, is amplified by up to a (5e5 for a t tail with df =
 * 1e6, where double arithmetic keeps only 11 digits).  So x is formed as
 * 1 - y in double-double when y is the small one, and the recurrences run
 * in double-double; the result then has full double precision.
 */
static int FMA_CLONES
beta_cf(double a, double b, double x, double y, double *out)
{
	struct dd X, ab, c, d, h, aa, del, num, den, mm;
	double m;

	X = x < 0.5 ? dd_of(x) : dd_sum(1, -y);
	ab = dd_sum(a, b);
	c = dd_of(1);
	/* d = 1 - (a + b) x / (a + 1) */
	d = lentz_step(dd_div(dd_mul(ab, X), dd_sum(a, 1)), dd_of(-1));
	d = dd_div(dd_of(1), d);
	h = d;
	for (m = 1; m <= MAX_ITER; m++) {
		mm = dd_of(m);
		/* d_2m = m (b - m) x / ((a + 2m - 1)(a + 2m)) */
		num = dd_mul(dd_mul(mm, dd_sum(b, -m)), X);
		den = dd_mul(dd_sum(a, 2 * m - 1), dd_sum(a, 2 * m));
		aa = dd_div(num, den);
		d = dd_div(dd_of(1), lentz_step(aa, d));
		c = lentz_step(aa, dd_div(dd_of(1), c));
		h = dd_mul(h, dd_mul(d, c));
		/* d_2m+1 = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)) */
		num = dd_mul(dd_mul(dd_sum(a, m), dd_add(ab, mm)), X);
		den = dd_mul(dd_sum(a, 2 * m), dd_sum(a, 2 * m + 1));
		aa = dd_div(num, den);
		aa.hi = -aa.hi;
		aa.lo = -aa.lo;
		d = dd_div(dd_of(1), lentz_step(aa, d));
		c = lentz_step(aa, dd_div(dd_of(1), c));
		del = dd_mul(d, c);
		h = dd_mul(h, del);
		if (fabs((del.hi - 1) + del.lo) <= DBL_EPSILON / 16) {
			*out = h.hi + h.lo;
			return 0;
		}
	}
	return -1;
}

int
dy_beta_inc(double a, double b, double x, double y, double *lower,
    double *upper)
{
	double cf, direct;

	if (!(a > 0) || !(b > 0) || !(x >= 0) || !(y >= 0) || isinf(a) ||
	    isinf(b))
		return -1;
	if (x == 0 || y == 0) {
		*lower = x == 0 ? 0 : 1;
		*upper = 1 - *lower;
		return 0;
	}
	/* The fraction converges quickly below its mean-like switch point
	 * x = (a+1)/(a+b+2); above it, use I_x(a, b) = 1 - I_y(b, a).  Test
	 * with the smaller of x, y: near 1 both x and the switch point round
	 * (to 1.0 for a = 5e19, b = 1/2). */
	if (x < 0.5 ? x < (a + 1) / (a + b + 2) : y > (b + 1) / (a + b + 2)) {
		if (beta_cf(a, b, x, y, &cf) != 0)
			return -1;
		direct = exp(dy_beta_lpref(a, b, x, y)) * cf / a;
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
	} else if (df > DY_DF_NORMAL) {
		/* Abramowitz & Stegun 26.7.5 to first order; the next term is
		 * below 1e-18 relative wherever the tail is representable */
		z = fabs(t);
		tail = gsl_cdf_ugaussian_Q(z);
		if (z < 40)
			tail += exp(-z * z / 2) / sqrt(TWO_PI) *
			    (z * z * z + z) / (4 * df);
	} else if (z == 0) {
		/* t < 1e-146: the sum is below the last digit of 1/2 */
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

/* A first value for the upper alpha quantile of t(df): exact for df 1
 * and 2, else the Cornish-Fisher expansion about the normal quantile z
 * (Abramowitz & Stegun 26.7.5, four terms; a few percent off at df = 3,
 * closer as df grows). */
static double
t_quantile_guess(double alpha, double df)
{
	double z, z2;

	if (df == 1)
		return 1 / tan(TWO_PI / 2 * alpha);
	if (df == 2)
		return (1 - 2 * alpha) / sqrt(2 * alpha * (1 - alpha));
	z = gsl_cdf_ugaussian_Qinv(alpha);
	z2 = z * z;
	return z + z * (z2 + 1) / (4 * df) +
	    z * ((5 * z2 + 16) * z2 + 3) / (96 * df * df) +
	    z * (((3 * z2 + 19) * z2 + 17) * z2 - 15) / (384 * df * df * df) +
	    z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) /
	    (92160 * df * df * df * df);
}

int
dy_t_quantile_upper(double alpha, double df, double *q)
{
	struct tq_ctx c = { alpha, df };
	double lo, hi, flo, fhi, g, d;

	if (!(alpha > 0 && alpha < 0.5) || !(df > 0) || isinf(df))
		return -1;
	/* Bracket the root closely around the guess, widening by doubling
	 * steps if it is not inside: Brent's method then needs a few
	 * evaluations, where from [0, 1] it took a dozen.  P(T > q) falls
	 * as q rises, and is 1/2 - alpha above the target at q = 0. */
	g = t_quantile_guess(alpha, df);
	if (!(g > 0) || isinf(g))
		g = 1;
	d = g * 1e-3;
	lo = g - d;
	hi = g + d;
	flo = t_upper_minus(lo, &c);
	if (isnan(flo))
		return -1;
	if (flo < 0) {
		/* the root is below lo: walk down towards q = 0 */
		do {
			hi = lo;
			fhi = flo;
			d *= 2;
			lo = hi - d;
			if (lo <= 0) {
				lo = 0;
				flo = 0.5 - alpha;
			} else {
				flo = t_upper_minus(lo, &c);
			}
		} while (flo < 0);
	} else {
		fhi = t_upper_minus(hi, &c);
		while (fhi > 0) {
			lo = hi;
			flo = fhi;
			d *= 2;
			hi = lo + d;
			if (isinf(hi))
				return -1;
			fhi = t_upper_minus(hi, &c);
		}
	}
	if (isnan(flo) || isnan(fhi))
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

/* test_sort.c - the radix sort behind ranking, the Wilcoxon signed-rank
 * test and p-value adjustment, bit for bit against the qsort() code it
 * replaced.  The reference functions below (ref_*) are that code as it was
 * in lib/stats.c and lib/wilcoxon.c at commit d2886f2, kept here verbatim
 * but for names; every comparison is of the bits of the results, on
 * random inputs with heavy ties, negatives, zeros, -0.0, infinities, NaN,
 * and n = 0, 1, 2, around the insertion-sort cut-off and up to 300,000. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "check.h"
#include "dyad/stats.h"
#include "stats_internal.h"

/* ---- the reference: the code before the radix sort (d2886f2) ---- */

struct ref_keyed {
	double v;
	size_t i;
};

static int
ref_cmp_keyed(const void *a, const void *b)
{
	const struct ref_keyed *x = a, *y = b;

	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static int
ref_rank_average(const double *v, size_t n, double *rank, double *tie_sum,
    size_t *tied)
{
	struct ref_keyed *k;
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
	k = malloc(n * sizeof(*k));
	if (k == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		k[i].v = v[i];
		k[i].i = i;
	}
	qsort(k, n, sizeof(*k), ref_cmp_keyed);
	for (s = 0; s < n; s = e) {
		for (e = s + 1; e < n && k[e].v == k[s].v; e++)
			;
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

/* dyad_stats_p_adjust before, with its argument checks left out (the
 * inputs here are valid; the checks did not change). */
static int
ref_p_adjust(const double *p, size_t n, enum dyad_adjust m, double *out)
{
	struct ref_keyed *k;
	size_t i, fam = 0;
	double acc, v;

	k = malloc((n > 0 ? n : 1) * sizeof(*k));
	if (k == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (isnan(p[i]))
			continue;
		k[fam].v = p[i];
		k[fam].i = i;
		fam++;
	}
	for (i = 0; i < n; i++)
		if (isnan(p[i]))
			out[i] = NAN;
	if (m == DYAD_ADJUST_NONE || fam <= 1) {
		for (i = 0; i < fam; i++)
			out[k[i].i] = k[i].v;
		free(k);
		return 0;
	}
	qsort(k, fam, sizeof(*k), ref_cmp_keyed);
	if (m == DYAD_ADJUST_HOLM) {
		acc = 0;
		for (i = 0; i < fam; i++) {
			v = (double)(fam - i) * k[i].v;
			if (v > acc)
				acc = v;
			out[k[i].i] = acc < 1 ? acc : 1;
		}
	} else {
		acc = INFINITY;
		for (i = fam; i-- > 0;) {
			v = (double)fam / (double)(i + 1) * k[i].v;
			if (v < acc)
				acc = v;
			out[k[i].i] = acc < 1 ? acc : 1;
		}
	}
	free(k);
	return 0;
}

struct ref_signed_ranks {
	size_t used, zeros, ties;
	double v, tie_sum;
};

static int
ref_signed_ranks(const double *pre, const double *post, size_t n,
    struct ref_signed_ranks *sr)
{
	double *d, *r;
	size_t i, m = 0;

	sr->used = sr->zeros = sr->ties = 0;
	sr->v = sr->tie_sum = 0;
	if (n == 0)
		return 0;
	d = malloc(2 * n * sizeof(*d));
	if (d == NULL)
		return -1;
	r = d + n;
	for (i = 0; i < n; i++) {
		if (post[i] - pre[i] == 0)
			sr->zeros++;
		else
			d[m++] = fabs(post[i] - pre[i]);
	}
	if (ref_rank_average(d, m, r, &sr->tie_sum, &sr->ties) != 0) {
		free(d);
		return -1;
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
	return 0;
}

static int
ref_signrank_p(double v, size_t n, double *p)
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
		lo = (size_t)v;
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

/* dyad_stats_wilcoxon before (its n == 0 exit left the same fields); *r_rb
 * as dyad_stats_rank_biserial computed it (NaN with no nonzero
 * difference). */
static int
ref_wilcoxon(const double *pre, const double *post, size_t n,
    struct dyad_wilcoxon *out, double *r_rb)
{
	struct ref_signed_ranks sr;
	double nu, z, sigma, m;

	out->n_used = out->zeros = out->ties = 0;
	out->v = out->z = out->p = NAN;
	out->exact = false;
	*r_rb = NAN;
	if (ref_signed_ranks(pre, post, n, &sr) != 0)
		return -1;
	out->n_used = sr.used;
	out->zeros = sr.zeros;
	out->ties = sr.ties;
	if (sr.used == 0)
		return 0;
	m = (double)sr.used;
	*r_rb = 4 * sr.v / (m * (m + 1)) - 1;
	out->v = sr.v;
	nu = (double)sr.used;
	if (sr.used < 50 && sr.ties == 0 && sr.zeros == 0) {
		out->exact = true;
		return ref_signrank_p(sr.v, sr.used, &out->p);
	}
	z = sr.v - nu * (nu + 1) / 4;
	sigma = sqrt(nu * (nu + 1) * (2 * nu + 1) / 24 - sr.tie_sum / 48);
	z = (z - (z > 0 ? 0.5 : z < 0 ? -0.5 : 0)) / sigma;
	out->z = z;
	out->p = 2 * gsl_cdf_ugaussian_P(-fabs(z));
	return 0;
}

/* ---- inputs ---- */

/* splitmix64 (Steele, Lea & Flood 2014): the state is the caller's. */
static uint64_t
next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static double
unif(uint64_t *s)
{
	return (double)(next(s) >> 11) * 0x1p-53;
}

/* The kinds of values: small whole numbers (heavy ties, as scores and
 * their differences), half steps, continuous, log-like, extreme, the
 * bits of random doubles (every byte varies), and a mix of all. */
enum kind { K_INT, K_HALF, K_CONT, K_LOG, K_EXTREME, K_BITS, K_MIX, NKIND };

static double
draw(uint64_t *s, enum kind k)
{
	static const double extreme[] = { 0.0, -0.0, INFINITY, -INFINITY,
	    DBL_MAX, -DBL_MAX, DBL_MIN, -DBL_MIN, DBL_TRUE_MIN, -DBL_TRUE_MIN,
	    1.0, -1.0, 0x1p52, -0x1p52, 0x1p53 + 2, 1e-300 };
	uint64_t u;
	double x;

	switch (k) {
	case K_INT:
		return (double)((int64_t)(next(s) % 41) - 20);
	case K_HALF:
		return (double)((int64_t)(next(s) % 21) - 10) / 2;
	case K_CONT:
		return (unif(s) - 0.5) * 100;
	case K_LOG:
		return log(0.5 + 30 * unif(s)) - log(0.5 + 30 * unif(s));
	case K_EXTREME:
		return extreme[next(s) % (sizeof(extreme) / sizeof(extreme[0]))];
	case K_BITS:
		do {
			u = next(s);
			memcpy(&x, &u, sizeof(x));
		} while (isnan(x));
		return x;
	case K_MIX:
	case NKIND:
		break;
	}
	return draw(s, (enum kind)(next(s) % K_MIX));
}

static const char *const kind_name[NKIND] = { "whole numbers",
	"half steps", "continuous", "log ratios", "extreme values",
	"random bits", "a mix" };

/* Sizes: the edges, both sides of DY_SORT_SMALL, then random. */
static size_t
size_at(uint64_t *s, int round)
{
	static const size_t fixed[] = { 0, 1, 2, 3, DY_SORT_SMALL - 1,
	    DY_SORT_SMALL, DY_SORT_SMALL + 1, 64, 255, 256, 257, 1000 };
	size_t nf = sizeof(fixed) / sizeof(fixed[0]);

	if ((size_t)round < nf)
		return fixed[round];
	return next(s) % (round % 3 == 0 ? 5000 : 100);
}

static int
same_bits(const double *a, const double *b, size_t n)
{
	return n == 0 || memcmp(a, b, n * sizeof(*a)) == 0;
}

/* ---- the checks ---- */

static void
test_order_key(void)
{
	uint64_t s = 1;
	double x, y;
	size_t i, bad = 0;
	int k;

	/* the key orders as the doubles (IEEE 754 comparison) */
	for (i = 0; i < 200000; i++) {
		x = draw(&s, (enum kind)(i % NKIND));
		y = i % 5 == 0 ? x : draw(&s, (enum kind)(next(&s) % NKIND));
		if ((x < y) != (dy_order_key(x) < dy_order_key(y)) ||
		    (x == y) != (dy_order_key(x) == dy_order_key(y)))
			bad++;
	}
	check_int((long long)bad, 0, "order key: x < y and x == y as the keys");
	check_true(dy_order_key(-0.0) == dy_order_key(0.0),
	    "order key: -0.0 is +0.0");
	check_true(dy_order_key(-INFINITY) < dy_order_key(-DBL_MAX) &&
	    dy_order_key(-DBL_TRUE_MIN) < dy_order_key(0.0) &&
	    dy_order_key(0.0) < dy_order_key(DBL_TRUE_MIN) &&
	    dy_order_key(DBL_MAX) < dy_order_key(INFINITY),
	    "order key: -inf < -max, -tiny < 0 < tiny, max < inf");
	for (k = 0; k < 2; k++) {
		x = k ? 1.0 : -1.0;
		check_true(dy_order_key(nextafter(x, -INFINITY)) <
		    dy_order_key(x) && dy_order_key(x) <
		    dy_order_key(nextafter(x, INFINITY)),
		    k ? "order key: neighbours of 1" : "order key: neighbours of -1");
	}
}

struct kp {
	uint64_t k;
	size_t p;
};

static int
cmp_kp(const void *a, const void *b)
{
	const struct kp *x = a, *y = b;

	if (x->k != y->k)
		return x->k < y->k ? -1 : 1;
	return (x->p > y->p) - (x->p < y->p);
}

/* dy_sort_u64 against qsort of (key, position): the same keys, and equal
 * keys in input order (stable). */
static void
test_sort_u64(void)
{
	uint64_t s = 2, *key, *tkey, mask;
	size_t *pay, *tpay, n, i, bad = 0, round;
	struct kp *ref;

	for (round = 0; round < 400; round++) {
		n = size_at(&s, (int)round);
		key = malloc((n + 1) * sizeof(*key));
		tkey = malloc((n + 1) * sizeof(*tkey));
		pay = malloc((n + 1) * sizeof(*pay));
		tpay = malloc((n + 1) * sizeof(*tpay));
		ref = malloc((n + 1) * sizeof(*ref));
		if (key == NULL || tkey == NULL || pay == NULL ||
		    tpay == NULL || ref == NULL) {
			check_true(0, "sort: out of memory");
			return;
		}
		/* few distinct keys, or bytes that vary only in places */
		mask = round % 4 == 0 ? 0xff : round % 4 == 1 ?
		    0xff000000ff00ff00u : round % 4 == 2 ? ~(uint64_t)0 :
		    0x8000000000000003u;
		for (i = 0; i < n; i++) {
			key[i] = next(&s) & mask;
			pay[i] = i;
			ref[i].k = key[i];
			ref[i].p = i;
		}
		qsort(ref, n, sizeof(*ref), cmp_kp);
		dy_sort_u64(key, round % 2 ? pay : NULL, tkey, tpay, n);
		for (i = 0; i < n; i++)
			if (key[i] != ref[i].k ||
			    (round % 2 && pay[i] != ref[i].p))
				bad++;
		free(key);
		free(tkey);
		free(pay);
		free(tpay);
		free(ref);
	}
	check_int((long long)bad, 0,
	    "sort: 400 random arrays as qsort, equal keys in input order");
}

/* dy_rank_average against ref_rank_average: ranks, sum(t^3 - t) and the
 * number tied, to the bit. */
static void
test_rank(void)
{
	uint64_t s = 3;
	double *v, *r1, *r2, ts1, ts2;
	size_t n, i, nt1, nt2, bad[NKIND] = { 0 }, nan_bad = 0, round;
	int k, rc1, rc2;
	char what[96];

	for (k = 0; k < NKIND; k++) {
		for (round = 0; round < 200; round++) {
			n = size_at(&s, (int)round);
			v = malloc((n + 1) * sizeof(*v));
			r1 = malloc((n + 1) * sizeof(*r1));
			r2 = malloc((n + 1) * sizeof(*r2));
			if (v == NULL || r1 == NULL || r2 == NULL) {
				check_true(0, "rank: out of memory");
				return;
			}
			for (i = 0; i < n; i++)
				v[i] = draw(&s, (enum kind)k);
			/* one in four rounds with NaN: the qsort path */
			if (round % 4 == 3 && n > 0)
				for (i = 0; i < 1 + n / 10; i++)
					v[next(&s) % n] = NAN;
			rc1 = dy_rank_average(v, n, r1, &ts1, &nt1);
			rc2 = ref_rank_average(v, n, r2, &ts2, &nt2);
			if (rc1 != rc2 || !same_bits(r1, r2, n) ||
			    memcmp(&ts1, &ts2, sizeof(ts1)) != 0 || nt1 != nt2) {
				bad[k]++;
				if (round % 4 == 3)
					nan_bad++;
			}
			free(v);
			free(r1);
			free(r2);
		}
		snprintf(what, sizeof(what),
		    "rank: 200 arrays of %s as the qsort code", kind_name[k]);
		check_int((long long)bad[k], 0, what);
	}
	check_int((long long)nan_bad, 0, "rank: with NaN as the qsort code");
}

/* Large arrays (several radix passes, the sort's scratch) and the
 * case of one value repeated. */
static void
test_rank_large(void)
{
	static const size_t sizes[] = { 100000, 300000 };
	uint64_t s = 4;
	double *v, *r1, *r2, ts1, ts2;
	size_t n, i, nt1, nt2, j;
	int k;
	char what[96];

	for (j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
		for (k = 0; k <= NKIND; k++) {
			n = sizes[j];
			v = malloc(n * sizeof(*v));
			r1 = malloc(n * sizeof(*r1));
			r2 = malloc(n * sizeof(*r2));
			if (v == NULL || r1 == NULL || r2 == NULL) {
				check_true(0, "rank large: out of memory");
				return;
			}
			for (i = 0; i < n; i++)
				v[i] = k == NKIND ? 7.0 : draw(&s, (enum kind)k);
			dy_rank_average(v, n, r1, &ts1, &nt1);
			ref_rank_average(v, n, r2, &ts2, &nt2);
			snprintf(what, sizeof(what), "rank: %zu %s as the qsort code",
			    n, k == NKIND ? "equal values" : kind_name[k]);
			check_true(same_bits(r1, r2, n) &&
			    memcmp(&ts1, &ts2, sizeof(ts1)) == 0 && nt1 == nt2, what);
			free(v);
			free(r1);
			free(r2);
		}
	}
}

/* p-values: ties, 0, -0.0, 1, NaN; every method; also in place. */
static double
draw_p(uint64_t *s)
{
	switch (next(s) % 8) {
	case 0:
		return NAN;
	case 1:
		return 0.0;
	case 2:
		return -0.0;
	case 3:
		return 1.0;
	case 4:
		return (double)(next(s) % 20) / 100;   /* ties */
	default:
		return unif(s) * (next(s) % 2 ? 1 : 1e-6);
	}
}

static void
test_p_adjust(void)
{
	static const enum dyad_adjust meth[] = { DYAD_ADJUST_NONE,
	    DYAD_ADJUST_HOLM, DYAD_ADJUST_BH };
	static const char *const mname[] = { "none", "holm", "BH" };
	uint64_t s = 5;
	double *p, *o1, *o2;
	size_t n, i, bad, round, mi;
	char what[96];

	for (mi = 0; mi < 3; mi++) {
		bad = 0;
		for (round = 0; round < 600; round++) {
			n = round == 599 ? 20000 : size_at(&s, (int)round);
			p = malloc((n + 1) * sizeof(*p));
			o1 = malloc((n + 1) * sizeof(*o1));
			o2 = malloc((n + 1) * sizeof(*o2));
			if (p == NULL || o1 == NULL || o2 == NULL) {
				check_true(0, "p_adjust: out of memory");
				return;
			}
			for (i = 0; i < n; i++)
				p[i] = draw_p(&s);
			if (ref_p_adjust(p, n, meth[mi], o2) != 0 ||
			    dyad_stats_p_adjust(p, n, meth[mi], o1, NULL) != DYAD_OK ||
			    !same_bits(o1, o2, n))
				bad++;
			/* in place: out is p */
			memcpy(o1, p, n * sizeof(*p));
			if (dyad_stats_p_adjust(o1, n, meth[mi], o1, NULL) != DYAD_OK ||
			    !same_bits(o1, o2, n))
				bad++;
			free(p);
			free(o1);
			free(o2);
		}
		snprintf(what, sizeof(what),
		    "p_adjust %s: 600 families as the qsort code, and in place",
		    mname[mi]);
		check_int((long long)bad, 0, what);
	}
}

static int
same_wilcoxon(const struct dyad_wilcoxon *a, const struct dyad_wilcoxon *b)
{
	return a->n_used == b->n_used && a->zeros == b->zeros &&
	    a->ties == b->ties && a->exact == b->exact &&
	    memcmp(&a->v, &b->v, sizeof(a->v)) == 0 &&
	    memcmp(&a->z, &b->z, sizeof(a->z)) == 0 &&
	    memcmp(&a->p, &b->p, sizeof(a->p)) == 0;
}

/* Pairs whose differences tie and are zero as scores do: pre and post
 * drawn of one kind, post sometimes equal to pre. */
static void
test_wilcoxon(void)
{
	uint64_t s = 6;
	double *pre, *post, r1, r2;
	struct dyad_wilcoxon w1, w2;
	size_t n, i, bad[NKIND] = { 0 }, round;
	int k;
	char what[96];

	for (k = 0; k < NKIND; k++) {
		for (round = 0; round < 200; round++) {
			n = round == 199 ? 200000 : size_at(&s, (int)round);
			pre = malloc((n + 1) * sizeof(*pre));
			post = malloc((n + 1) * sizeof(*post));
			if (pre == NULL || post == NULL) {
				check_true(0, "wilcoxon: out of memory");
				return;
			}
			for (i = 0; i < n; i++) {
				pre[i] = draw(&s, (enum kind)k);
				post[i] = next(&s) % 8 == 0 ? pre[i] :
				    draw(&s, (enum kind)k);
			}
			/* NaN differences (inf - inf, or a NaN score) in
			 * one round in four: the general path */
			if (round % 4 == 3 && n > 0)
				post[next(&s) % n] = NAN;
			dyad_stats_wilcoxon(pre, post, n, &w1, NULL);
			dyad_stats_rank_biserial(pre, post, n, &r1, NULL);
			if (ref_wilcoxon(pre, post, n, &w2, &r2) != 0) {
				check_true(0, "wilcoxon: out of memory");
				return;
			}
			if (!same_wilcoxon(&w1, &w2) ||
			    memcmp(&r1, &r2, sizeof(r1)) != 0)
				bad[k]++;
			free(pre);
			free(post);
		}
		snprintf(what, sizeof(what),
		    "wilcoxon and rank-biserial: 200 samples of %s as the "
		    "qsort code", kind_name[k]);
		check_int((long long)bad[k], 0, what);
	}
}

/* The internal V-to-r map is the public function's. */
static void
test_rank_biserial_of_v(void)
{
	/* differences 2, -2, 2, 3, 1, 2, -1 (test_wilcoxon.c's t_pre and
	 * t_post): ranks of |d| 4.5, 4.5, 4.5, 7, 1.5, 4.5, 1.5, so
	 * V = 4.5 * 3 + 7 + 1.5 = 22 by hand; r = 4 * 22 / 56 - 1 = 4/7 */
	static const double pre[7] = { 5, 6, 7, 8, 9, 10, 11 };
	static const double post[7] = { 7, 4, 9, 11, 10, 12, 10 };
	struct dyad_wilcoxon w;
	double r;

	dyad_stats_wilcoxon(pre, post, 7, &w, NULL);
	dyad_stats_rank_biserial(pre, post, 7, &r, NULL);
	check_rel(w.v, 22, 0, "hand example: V");
	check_rel(r, 4.0 / 7, 1e-15, "hand example: r");
	check_true(dy_rank_biserial_of_v(w.v, w.n_used) == r,
	    "rank-biserial from V is the public function's");
}

int
main(void)
{
	gsl_set_error_handler_off();
	test_order_key();
	test_sort_u64();
	test_rank();
	test_rank_large();
	test_p_adjust();
	test_wilcoxon();
	test_rank_biserial_of_v();
	return check_summary();
}

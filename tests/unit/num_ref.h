/* num_ref.h - the reference for dyad_num_format: the snprintf loop that
 * defined its text before lib/num.c computed the digits itself, kept here
 * as it was, and a driver that compares the two on many doubles.  Shared by
 * test_numfmt.c (the library as built) and test_numfmt_portable.c (lib/num.c
 * without 128-bit integers). */
#ifndef DYAD_TEST_NUM_REF_H
#define DYAD_TEST_NUM_REF_H

#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad/num.h"

/* The former dyad_num_format (lib/num.c before the change), with the C
 * locale passed in: whole numbers below 1e15 as their digits, otherwise
 * "%.Pg" for the first P from 15 (1 for subnormals) to 17 whose text
 * dyad_num_parse reads back as x. */
static int __attribute__((unused))
ref_num_format(char *buf, size_t len, double x, locale_t c)
{
	locale_t old;
	int prec, n = -1;
	double back;

	if (!isfinite(x))
		return -1;
	if (x == 0)
		x = 0;
	old = uselocale(c);
	if (fabs(x) < 1e15 && x == trunc(x)) {
		n = snprintf(buf, len, "%.0f", x);
		uselocale(old);
		return n > 0 && (size_t)n < len ? n : -1;
	}
	for (prec = fabs(x) < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
		n = snprintf(buf, len, "%.*g", prec, x);
		if (n < 0 || (size_t)n >= len)
			break;
		if (dyad_num_parse(buf, (size_t)n, false, &back) == DYAD_NUM_OK &&
		    back == x)
			break;
	}
	uselocale(old);
	return n;
}

/* xorshift64* (Vigna 2016): the same doubles every run. */
static uint64_t __attribute__((unused))
ref_rand(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 2685821657736338717ULL;
}

/* A uniform double in [0, 1). */
static double __attribute__((unused))
ref_unit(uint64_t *st)
{
	return (double)(ref_rand(st) >> 11) * 0x1.0p-53;
}

struct ref_tally {
	locale_t c;
	size_t tried, bad;
};

/* Compare dyad_num_format with the reference on x (and -x). */
static void __attribute__((unused))
ref_compare(struct ref_tally *t, double x)
{
	char got[64], want[64];
	int n, m, k;

	for (k = 0; k < 2; k++, x = -x) {
		if (!isfinite(x))
			return;
		t->tried++;
		n = dyad_num_format(got, sizeof(got), x);
		m = ref_num_format(want, sizeof(want), x, t->c);
		if (n != m || strcmp(got, want) != 0) {
			if (t->bad++ < 10)
				printf("# %a: got \"%s\" (%d), want \"%s\" (%d)\n",
				    x, got, n, want, m);
		}
	}
}

/* x and its 'span' neighbours on either side (bit patterns). */
static void __attribute__((unused))
ref_around(struct ref_tally *t, double x, int span)
{
	uint64_t b, nb;
	double y;
	int d;

	memcpy(&b, &x, sizeof(b));
	for (d = -span; d <= span; d++) {
		nb = b + (uint64_t)(int64_t)d;
		memcpy(&y, &nb, sizeof(y));
		ref_compare(t, y);
	}
}

/* The whole comparison: nbits random bit patterns and nreal of each kind
 * of realistic value, plus the edges.  Prints one check line per group. */
static void __attribute__((unused))
ref_suite(const char *tag, size_t nbits, size_t nreal)
{
	static const double edges[] = {
		1e15, 1e16, 1e17, 1e21, 1e22, 1e23, 1e-5, 1e-4, 1e-6, 1e308,
		DBL_MAX, DBL_MIN, 5e-324, 1, 0.1, 0.5, 9007199254740992.0,
		4503599627370496.0, 1e-300,
	};
	struct ref_tally t = { (locale_t)0, 0, 0 };
	char what[160], s[40];
	uint64_t st = 0x2545F4914F6CDD1DULL, bits;
	size_t i;
	double x;
	int e;

	t.c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (t.c == (locale_t)0) {
		printf("not ok - %s: newlocale(C) failed\n", tag);
		return;
	}

	/* every power of two, the subnormals' included */
	for (e = -1074; e <= 1023; e++)
		ref_compare(&t, ldexp(1, e));
	/* powers of ten and x.5 multiples of them, through strtod */
	for (e = -325; e <= 309; e++) {
		const char *const fmt[] = { "1e%d", "5e%d", "1.5e%d", "2.5e%d",
		    "9.5e%d", "4.9406564584124654e%d" };
		size_t f;
		locale_t old = uselocale(t.c);

		for (f = 0; f < sizeof(fmt) / sizeof(fmt[0]); f++) {
			snprintf(s, sizeof(s), fmt[f], e);
			x = strtod(s, NULL);
			uselocale(old);
			ref_compare(&t, x);
			uselocale(t.c);
		}
		uselocale(old);
	}
	/* 2000 doubles on either side of each edge (where %g switches form,
	 * where 15, 16 or 17 digits start to be needed, the ends of the range) */
	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		ref_around(&t, edges[i], 2000);
	snprintf(what, sizeof(what), "%s: powers of two and ten, x.5, and the "
	    "neighbours of %zu edges print as the printf loop did (%zu doubles)",
	    tag, sizeof(edges) / sizeof(edges[0]), t.tried);
	check_report_(t.bad == 0, what, "%zu differ", t.bad);

	t.tried = t.bad = 0;
	for (i = 0; i < nreal; i++) {
		double sd = 1 + 20 * ref_unit(&st), r = 0.6 + 0.39 * ref_unit(&st);
		double change = (double)((long)(ref_rand(&st) % 121) - 60);

		/* an RCI: change / (sqrt 2 * sd * sqrt(1 - r)) */
		ref_compare(&t, change / (sqrt(2) * sd * sqrt(1 - r)));
		/* a ratio of two scores, a mean of scores, a score in tenths */
		ref_compare(&t, (double)(1 + ref_rand(&st) % 400) /
		    (double)(1 + ref_rand(&st) % 400));
		ref_compare(&t, (double)(ref_rand(&st) % 100000) /
		    (double)(1 + ref_rand(&st) % 997));
		ref_compare(&t, (double)(ref_rand(&st) % 100000) / 10);
		ref_compare(&t, (double)(ref_rand(&st) % 1000000) + 0.5);
		/* a p-value, and any size from 1e-300 to 1e300 */
		ref_compare(&t, exp(-700 * ref_unit(&st)));
		ref_compare(&t, ref_unit(&st) * pow(10, (double)(ref_rand(&st) %
		    601) - 300));
		/* near 2^53 and 1e15..1e17, where %.15g and %.16g stop
		 * sufficing */
		ref_compare(&t, 1e15 + (double)(ref_rand(&st) % 100000000000000000ULL));
		ref_compare(&t, ldexp(ref_unit(&st), (int)(ref_rand(&st) % 2200) - 1100));
	}
	snprintf(what, sizeof(what), "%s: %zu realistic doubles (RCIs, ratios, "
	    "means, p-values, 1e15..1e17) print as the printf loop did", tag,
	    t.tried);
	check_report_(t.bad == 0, what, "%zu differ", t.bad);

	t.tried = t.bad = 0;
	for (i = 0; i < nbits; i++) {
		bits = ref_rand(&st);
		memcpy(&x, &bits, sizeof(x));
		ref_compare(&t, x);
	}
	snprintf(what, sizeof(what), "%s: %zu random bit patterns print as the "
	    "printf loop did", tag, t.tried);
	check_report_(t.bad == 0 && t.tried > nbits, what, "%zu differ", t.bad);
	freelocale(t.c);
}

/* The counts: DYAD_NUMFMT_N=10000000 for the long run. */
static size_t __attribute__((unused))
ref_count(size_t dflt)
{
	const char *s = getenv("DYAD_NUMFMT_N");
	char *end;
	unsigned long long v;

	if (s == NULL || *s == '\0')
		return dflt;
	v = strtoull(s, &end, 10);
	return *end == '\0' && v > 0 ? (size_t)v : dflt;
}

#endif

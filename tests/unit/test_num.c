/* test_num.c - locale-proof number parsing and printing (lib/num.c).
 * Every expected value comes from outside the code under test: glibc's
 * strtod and snprintf under a C locale object (correctly rounded), or a
 * hand calculation noted beside it.  The whole set runs twice: in the C
 * locale and again under de_DE.UTF-8, whose decimal separator is ','. */
#define _GNU_SOURCE
#include <float.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad/num.h"

static locale_t c_loc;

/* The reference reader and writer: glibc under the C locale, whatever the
 * process locale is. */
static double
ref_strtod(const char *s)
{
	locale_t old = uselocale(c_loc);
	double v = strtod(s, NULL);

	uselocale(old);
	return v;
}

static int
ref_snprintf(char *buf, size_t len, int prec, double x)
{
	locale_t old = uselocale(c_loc);
	int n = snprintf(buf, len, "%.*g", prec, x);

	uselocale(old);
	return n;
}

/* Strings whose value must equal strtod's, bit for bit.  They cover the
 * fast path (up to 15 digits, exponent within 10^22), long mantissas,
 * halfway cases and the ends of the double range. */
static const char *const exact[] = {
	"0", "1", "-1", "+3", "3.14159", ".5", "5.", "0.1", "0.2", "0.3",
	"-2.75", "1e2", "1E5", "1e+5", "123.456e-2", "0.1e1", "000123",
	"0.0000001234", "3.0e-10", "1e-5", "1e-22", "1e22", "1e23", "1e-23",
	"12345678901234.5", "123456789012345", "1234567890123456",
	"123456789012345.6", "9007199254740992", "9007199254740993",
	"9007199254740994", "9007199254740995", "18014398509481985",
	"99999999999999999999", "123456789012345678901234567890",
	"0.000000000000000000000000000001", "7.2057594037927933e16",
	"2.2250738585072014e-308", "2.2250738585072011e-308",
	"2.2250738585072012e-308", "4.9e-324", "5e-324",
	    "2.4703282292062328e-324",
	"1.7976931348623157e308", "1.7976931348623158e308",
	    "8.98846567431158e307",
	"1e308", "1e-300", "1e-307", "0.30000000000000004",
	"3.14159265358979323846264338327950288419716939937510",
	/* 1 + 2^-53 exactly: a tie, rounds to even (1); one more digit: up */
	"1.00000000000000011102230246251565404236316680908203125",
	"1.00000000000000011102230246251565404236316680908203126",
	"9007199254740993.0000000000000000000001",
	"0.500000000000000166533453693773481063544750213623046875",
	"4.35679104e21", "1.448997445238699", "2.5e-1", "62.5", "-0.5e-3",
	"17.976931348623157e307", "0.000001e6", "1000000000000000000000000e-24",
};

/* (string, decimal_comma, expected result) for things that are not a
 * plain number. */
static const struct {
	const char *s;
	bool comma;
	enum dyad_num_result want;
} special[] = {
	{ "", false, DYAD_NUM_MISSING }, { " ", false, DYAD_NUM_MISSING },
	{ "NA", false, DYAD_NUM_MISSING }, { " NA ", false, DYAD_NUM_MISSING },
	{ ".", false, DYAD_NUM_MISSING }, { "\t.\t", false, DYAD_NUM_MISSING },
	{ "na", false, DYAD_NUM_INVALID }, { "N/A", false, DYAD_NUM_INVALID },
	{ "nan", false, DYAD_NUM_INVALID }, { "NaN", false, DYAD_NUM_INVALID },
	{ "inf", false, DYAD_NUM_INVALID }, { "-inf", false, DYAD_NUM_INVALID },
	{ "Infinity", false, DYAD_NUM_INVALID },
	{ "0x10", false, DYAD_NUM_INVALID },
	{ "0x1p3", false, DYAD_NUM_INVALID },
	{ "1,5", false, DYAD_NUM_INVALID }, { "1.5", true, DYAD_NUM_INVALID },
	{ "1,000.5", false, DYAD_NUM_INVALID },
	{ "1.5.2", false, DYAD_NUM_INVALID },
	{ "12abc", false, DYAD_NUM_INVALID },
	{ "abc", false, DYAD_NUM_INVALID }, { "e5", false, DYAD_NUM_INVALID },
	{ ".e1", false, DYAD_NUM_INVALID }, { "1e", false, DYAD_NUM_INVALID },
	{ "1e+", false, DYAD_NUM_INVALID }, { "1e-", false, DYAD_NUM_INVALID },
	{ "+", false, DYAD_NUM_INVALID }, { "-", false, DYAD_NUM_INVALID },
	{ "--1", false, DYAD_NUM_INVALID }, { "+-1", false, DYAD_NUM_INVALID },
	{ "1 2", false, DYAD_NUM_INVALID },
	{ "1_000", false, DYAD_NUM_INVALID },
	{ "\xef\xbc\x91", false, DYAD_NUM_INVALID },  /* fullwidth digit one */
	{ "\xc2\xbd", false, DYAD_NUM_INVALID },      /* one half sign */
	{ "1e5x", false, DYAD_NUM_INVALID }, { "1.e", false, DYAD_NUM_INVALID },
	{ "1e999", false, DYAD_NUM_RANGE }, { "-1e999", false, DYAD_NUM_RANGE },
	{ "1e309", false, DYAD_NUM_RANGE }, { "1,8e308", true, DYAD_NUM_RANGE },
	{ "1e99999999999999999999", false, DYAD_NUM_RANGE },
};

/* Decimal comma: (text, the same number written with a point for strtod). */
static const char *const comma[][2] = {
	{ "1,5", "1.5" }, { "-0,25", "-0.25" }, { "1,5e2", "1.5e2" },
	{ ",5", ".5" }, { "12", "12" }, { " 12,5 ", "12.5" },
	{ "1,234567890123456789", "1.234567890123456789" },
	{ "0,1", "0.1" },
	{ "2,2250738585072014e-308", "2.2250738585072014e-308" },
};

static double exact_ref[sizeof(exact) / sizeof(exact[0])];
static double comma_ref[sizeof(comma) / sizeof(comma[0])];

/* xorshift64* (Vigna 2016), seeded: the same doubles every run. */
static uint64_t
xorshift(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 2685821657736338717ULL;
}

static int
sig_digits(const char *s)
{
	int n = 0, seen = 0;

	for (; *s != '\0' && *s != 'e'; s++) {
		if (*s < '0' || *s > '9')
			continue;
		if (*s != '0')
			seen = 1;
		if (seen)
			n++;
	}
	return n;
}

static void
check_parse(const char *tag)
{
	char what[200], buf[2100];
	size_t i;
	double v;
	int r;

	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++) {
		v = -12345;
		r = dyad_num_parse(exact[i], strlen(exact[i]), false, &v);
		snprintf(what, sizeof(what), "%s parse \"%s\" = strtod", tag,
		    exact[i]);
		/* -0 is read as 0 on purpose; == does not tell them apart */
		check_report_(r == DYAD_NUM_OK && v == exact_ref[i] &&
		    memcmp(&v, &exact_ref[i], sizeof(v)) == 0 ? 1 :
		    r == DYAD_NUM_OK && v == 0 && exact_ref[i] == 0, what,
		    "result %d, got %.17g want %.17g", r, v, exact_ref[i]);
	}
	/* surrounding blanks are ignored */
	r = dyad_num_parse("  12 \t", 6, false, &v);
	check_true(r == DYAD_NUM_OK && v == 12, "parse \" 12 \" = 12");
	/* not NUL-terminated: only len bytes count */
	r = dyad_num_parse("123456", 3, false, &v);
	check_true(r == DYAD_NUM_OK && v == 123, "parse uses len bytes only");
	r = dyad_num_parse("-0", 2, false, &v);
	check_true(r == DYAD_NUM_OK && v == 0 && !signbit(v),
	    "parse -0 gives +0");
	/* the digits-only loop takes up to nine digits; ten go the general
	 * way (values by hand) */
	r = dyad_num_parse("999999999", 9, false, &v);
	check_true(r == DYAD_NUM_OK && v == 999999999.0,
	    "parse 999999999 (nine digits) = 999999999");
	r = dyad_num_parse("0000000057", 10, false, &v);
	check_true(r == DYAD_NUM_OK && v == 57.0,
	    "parse 0000000057 (ten digits) = 57");
	r = dyad_num_parse("4294967296", 10, false, &v);
	check_true(r == DYAD_NUM_OK && v == 4294967296.0,
	    "parse 4294967296 (2^32, ten digits) = 4294967296");

	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		v = 42;
		r = dyad_num_parse(special[i].s, strlen(special[i].s),
		    special[i].comma, &v);
		snprintf(what, sizeof(what), "%s parse \"%s\"%s result %d", tag,
		    special[i].s, special[i].comma ? " (comma)" : "",
		    (int)special[i].want);
		check_report_(r == (int)special[i].want && v == 42, what,
		    "got result %d, *out %g", r, v);
	}
	for (i = 0; i < sizeof(comma) / sizeof(comma[0]); i++) {
		r = dyad_num_parse(comma[i][0], strlen(comma[i][0]), true, &v);
		snprintf(what, sizeof(what),
		    "%s parse \"%s\" with decimal comma",
		    tag, comma[i][0]);
		check_report_(r == DYAD_NUM_OK && v == comma_ref[i], what,
		    "result %d, got %.17g want %.17g", r, v, comma_ref[i]);
	}

	/* long inputs take the slow path through a heap copy */
	memset(buf, '0', sizeof(buf));
	buf[0] = '1';
	memcpy(buf + 1001, "e-1000", 7);        /* 1 and 1000 zeros, e-1000 */
	r = dyad_num_parse(buf, strlen(buf), false, &v);
	check_true(r == DYAD_NUM_OK && v == 1, "parse 1 000...0e-1000 = 1");
	memcpy(buf, "0.", 2);   /* 0.(400 zeros)1 is 1e-401; times 1e400: 0.1 */
	memset(buf + 2, '0', 400);
	memcpy(buf + 402, "1e400", 6);
	r = dyad_num_parse(buf, strlen(buf), false, &v);
	check_true(r == DYAD_NUM_OK && v == ref_strtod("0.1") &&
	    v == ref_strtod(buf), "parse 0.000...01e400 = 0.1");
	memset(buf, '9', 400);                  /* 400 nines: 1e400 */
	r = dyad_num_parse(buf, 400, false, &v);
	check_int(r, DYAD_NUM_RANGE, "parse 400 nines is out of range");
	/* underflow reads as 0, like strtod's result */
	r = dyad_num_parse("1e-999", 6, false, &v);
	check_true(r == DYAD_NUM_OK && v == 0, "parse 1e-999 = 0");
}

static void
check_format(const char *tag)
{
	char buf[64], ref[400], what[160];
	uint64_t st = 0x9E3779B97F4A7C15ULL, bits;
	size_t i, bad_rt = 0, bad_short = 0, tried = 0;
	double x;
	int n, p;

	/* hand-written expectations (Python repr gives the same digits) */
	static const struct { double x; const char *s; } fixed[] = {
		{ 0.1, "0.1" }, { 100, "100" }, { -2.5, "-2.5" }, { 0.0, "0" },
		{ 1e21, "1e+21" }, { 1e-7, "1e-07" },
		{ 123456.75, "123456.75" },
		{ 0.30000000000000004, "0.30000000000000004" },
		{ 1.0 / 3, "0.333333333333333" "3" },
		{ 5e-324, "5e-324" }, { 1.7976931348623157e308,
		    "1.7976931348623157e+308" },
		{ 9007199254740993.0, "9007199254740992" },
	};

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		n = dyad_num_format(buf, sizeof(buf), fixed[i].x);
		snprintf(what, sizeof(what), "%s format %s", tag, fixed[i].s);
		check_report_(n == (int)strlen(fixed[i].s) &&
		    strcmp(buf, fixed[i].s) == 0, what, "got \"%s\" (%d)", buf,
		    n);
	}
	n = dyad_num_format(buf, sizeof(buf), -0.0);
	check_str(buf, "0", "format -0 prints 0");
	check_int(dyad_num_format(buf, sizeof(buf), NAN), -1,
	    "format NaN fails");
	check_int(dyad_num_format(buf, sizeof(buf), INFINITY), -1,
	    "format inf fails");
	check_int(dyad_num_format(buf, 4, 0.125), -1,
	    "format: small buffer fails");
	check_int(dyad_num_format(buf, 6, 0.125), 5, "format: exact fit works");

	/* 100,000 random bit patterns: each finite one reads back exactly,
	 * and one digit fewer (correctly rounded) would not */
	for (i = 0; i < 100000; i++) {
		bits = xorshift(&st);
		memcpy(&x, &bits, sizeof(x));
		if (!isfinite(x))
			continue;
		tried++;
		n = dyad_num_format(buf, sizeof(buf), x);
		if (n < 0 || ref_strtod(buf) != x || strchr(buf, ',') != NULL) {
			if (bad_rt++ == 0)
				printf("# %s: %.17g printed as \"%s\"\n", tag,
				    x, buf);
			continue;
		}
		p = sig_digits(buf);
		if (p > 1) {
			ref_snprintf(ref, sizeof(ref), p - 1, x);
			if (ref_strtod(ref) == x && bad_short++ == 0)
				printf("# %s: %.17g printed as \"%s\", "
				    "\"%s\" is "
				    "shorter\n", tag, x, buf, ref);
		}
	}
	snprintf(what, sizeof(what), "%s format: %zu random doubles read back "
	    "exactly", tag, tried);
	check_report_(bad_rt == 0 && tried > 99000, what, "%zu failed", bad_rt);
	snprintf(what, sizeof(what), "%s format: and are as short as can be",
	    tag);
	check_report_(bad_short == 0, what, "%zu longer than needed",
	    bad_short);
}

static void
check_fixed(const char *tag)
{
	/* by hand: 1.005 is 1.00499999999999989... in binary, so it rounds
	 * down; exact ties (2.5, 0.125, 0.375) go to the even digit */
	static const struct { double x; int dec; const char *s; } t[] = {
		{ 3.14159, 2, "3.14" }, { 2.5, 0, "2" }, { 3.5, 0, "4" },
		{ 1.005, 2, "1.00" }, { 0.125, 2, "0.12" },
		{ 0.375, 2, "0.38" },
		{ -1.5, 1, "-1.5" }, { 123456.789, 1, "123456.8" },
		{ 1e20, 0, "100000000000000000000" }, { 0.5, 3, "0.500" },
		{ -0.0001, 2, "0.00" }, { -0.0, 1, "0.0" },
		{ -0.004, 2, "0.00" },
		{ -0.0049, 2, "0.00" }, { -0.006, 2, "-0.01" },
		{ -0.4, 0, "0" },
		{ -0.6, 0, "-1" }, { 0, 0, "0" }, { -1e-300, 3, "0.000" },
	};
	char buf[64], what[160];
	size_t i;
	int n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		n = dyad_num_fixed(buf, sizeof(buf), t[i].x, t[i].dec);
		snprintf(what, sizeof(what),
		    "%s fixed %.4g with %d decimals = %s",
		    tag, t[i].x, t[i].dec, t[i].s);
		check_report_(n == (int)strlen(t[i].s) && strcmp(buf,
		    t[i].s) == 0,
		    what, "got \"%s\" (%d)", buf, n);
	}
	check_int(dyad_num_fixed(buf, sizeof(buf), NAN, 2), -1,
	    "fixed NaN fails");
	check_int(dyad_num_fixed(buf, 4, 12.5, 2), -1,
	    "fixed: small buffer fails");
}

static void
run_all(const char *tag)
{
	check_parse(tag);
	check_format(tag);
	check_fixed(tag);
}

int
main(void)
{
	const char *loc = getenv("DYAD_TEST_LOCPATH");
	size_t i;

	c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (c_loc == (locale_t)0) {
		printf("not ok - newlocale(C) failed\n");
		return 1;
	}
	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		exact_ref[i] = ref_strtod(exact[i]);
	for (i = 0; i < sizeof(comma) / sizeof(comma[0]); i++)
		comma_ref[i] = ref_strtod(comma[i][1]);

	run_all("C");
	if (loc != NULL)
		setenv("LOCPATH", loc, 1);
	if (setlocale(LC_ALL, "de_DE.UTF-8") != NULL) {
		char probe[16];

		/* make sure the locale really has a decimal comma */
		snprintf(probe, sizeof(probe), "%.1f", 1.5);
		check_str(probe, "1,5", "de_DE: printf uses a decimal comma");
		run_all("de_DE");
		setlocale(LC_ALL, "C");
	} else {
		printf("skip - de_DE locale unavailable: parse\n");
		printf("skip - de_DE locale unavailable: format\n");
		printf("skip - de_DE locale unavailable: fixed\n");
	}
	freelocale(c_loc);
	return check_summary();
}

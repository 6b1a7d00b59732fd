/* test_numfmt.c - dyad_num_format (lib/num.c), which computes the digits of
 * a double itself, against the snprintf loop that defined its text before
 * (num_ref.h): byte for byte on every power of two, the powers of ten, the
 * neighbours of the places where the text changes form, realistic values
 * and random bit patterns.  The run takes about a second; the long run is
 * DYAD_NUMFMT_N=10000000 build/tests/test_numfmt (10 million bit patterns
 * and 10 million of each kind of realistic value). */
#define _GNU_SOURCE
#include "num_ref.h"

/* Texts written out by hand: the digits are those of Python's repr() (the
 * shortest that reads back) and of glibc's "%.17g", laid out by the rules
 * of "%.Pg" for the P named beside each (exponent form when the exponent is
 * below -4 or at least P, at least two exponent digits, no trailing zeros). */
static const struct { double x; const char *s; } by_hand[] = {
	{ -4.896452562346318, "-4.896452562346318" },   /* P = 16 */
	{ -2.575032334835654, "-2.575032334835654" },   /* README example */
	{ 1.0 / 3, "0.3333333333333333" },              /* P = 16 */
	{ 2.0 / 3, "0.6666666666666666" },              /* P = 16 */
	{ 1.1 * 1.1, "1.2100000000000002" },            /* P = 17 */
	{ 0.1 + 0.2, "0.30000000000000004" },           /* P = 17 */
	{ 1.06, "1.06" }, { 0.5, "0.5" }, { 2.5, "2.5" }, { -0.75, "-0.75" },
	{ 1e15, "1e+15" },                      /* P = 15, exponent 15 >= P */
	{ 1e16, "1e+16" }, { 1e21, "1e+21" }, { 1e22, "1e+22" },
	{ 1234567890123456.0, "1234567890123456" },    /* P = 16: exponent 15 */
	{ 1125899906842624.5, "1125899906842624.5" },  /* 2^50 + 1/2, P = 17 */
	{ 12345678901234567890.0, "1.2345678901234567e+19" },
	{ 1e-5, "1e-05" }, { 1.5e-5, "1.5e-05" }, { 1e-4, "0.0001" },
	{ 0.00012345, "0.00012345" }, { 123456.75, "123456.75" },
	{ 9007199254740993.0, "9007199254740992" },     /* 2^53 + 1 rounds */
	{ 5e-324, "5e-324" }, { 1.5e-323, "1.5e-323" }, /* subnormals */
	{ 2.2250738585072014e-308, "2.2250738585072014e-308" },   /* DBL_MIN */
	{ 1.7976931348623157e308, "1.7976931348623157e+308" },    /* DBL_MAX */
	{ 1e308, "1e+308" }, { 1e-300, "1e-300" },
	{ 0x1p-1022 * 0x1p-1, "1.1125369292536007e-308" },   /* 2^-1023 */
	{ 0x1p100, "1.2676506002282294e+30" },               /* 2^100 */
};

static void
check_by_hand(const char *tag)
{
	char buf[64], what[160];
	size_t i;
	int n;

	for (i = 0; i < sizeof(by_hand) / sizeof(by_hand[0]); i++) {
		n = dyad_num_format(buf, sizeof(buf), by_hand[i].x);
		snprintf(what, sizeof(what), "%s: %s", tag, by_hand[i].s);
		check_report_(n == (int)strlen(by_hand[i].s) &&
		    strcmp(buf, by_hand[i].s) == 0, what, "got \"%s\" (%d)", buf,
		    n);
	}
	/* the text must fit with its NUL: "0.125" needs 6 bytes */
	check_int(dyad_num_format(buf, 5, 0.125), -1, "too small a buffer fails");
	check_int(dyad_num_format(buf, 6, 0.125), 5, "an exact fit works");
	check_int(dyad_num_format(buf, 24, -2.2250738585072014e-308), -1,
	    "-DBL_MIN (24 bytes) does not fit in 24");
	check_int(dyad_num_format(buf, 25, -2.2250738585072014e-308), 24,
	    "-DBL_MIN fits in 25");
}

int
main(void)
{
	const char *loc = getenv("DYAD_TEST_LOCPATH");

	check_by_hand("C");
	ref_suite("C", ref_count(150000), ref_count(20000));
	if (loc != NULL)
		setenv("LOCPATH", loc, 1);
	/* the digits never depend on the locale: again with a decimal comma */
	if (setlocale(LC_ALL, "de_DE.UTF-8") != NULL) {
		check_by_hand("de_DE");
		ref_suite("de_DE", 20000, 2000);
		setlocale(LC_ALL, "C");
	} else {
		printf("skip - de_DE locale unavailable: format\n");
	}
	return check_summary();
}

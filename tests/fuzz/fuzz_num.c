/* fuzz_num.c - libFuzzer harness for the number and date parsers.
 *
 * Properties:
 *   - dyad_num_parse of any text that succeeds gives a finite double that
 *     dyad_num_format writes and dyad_num_parse reads back to the same
 *     double; the C library's strtod (C locale) agrees with the value, and
 *     with decimal_comma the same text with ',' for '.' gives the same;
 *   - any finite double (the first 8 bytes of the input) survives
 *     dyad_num_format -> dyad_num_parse exactly, its text is the one the
 *     former printf loop wrote (tests/unit/num_ref.h), and dyad_num_fixed
 *     writes something dyad_num_parse accepts;
 *   - dyad_date_parse of any text that succeeds gives a day that
 *     dyad_date_format writes as that same text (blanks trimmed), and any
 *     day from 0001-01-01 to 9999-12-31 formats and parses back to itself.
 */
#define _GNU_SOURCE
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyad/num.h"
#include "../unit/num_ref.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_num: " __VA_ARGS__); \
	fputc('\n', stderr); abort(); } while (0)

#define DAY_MIN (-719162L)      /* 0001-01-01 */
#define DAY_MAX 2932896L        /* 9999-12-31 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
round_trip(double x, const char *what)
{
	char buf[64];
	double back;
	int n;

	n = dyad_num_format(buf, sizeof(buf), x);
	if (n <= 0)
		FAIL("%s: %.17g does not format", what, x);
	if (dyad_num_parse(buf, (size_t)n, false, &back) != DYAD_NUM_OK)
		FAIL("%s: %.17g formats as '%s', which does not parse", what, x,
		    buf);
	if (back != x)
		FAIL("%s: %.17g formats as '%s', which reads back as %.17g", what,
		    x, buf, back);
	if (memchr(buf, ',', (size_t)n) != NULL)
		FAIL("%s: '%s' has a comma", what, buf);
}

static void
numbers(const char *s, size_t len)
{
	double v, w, ref;
	char *copy, *end;
	size_t i;
	locale_t c, old;

	if (dyad_num_parse(s, len, false, &v) == DYAD_NUM_OK) {
		if (!isfinite(v))
			FAIL("'%.*s' parses as %g", (int)len, s, v);
		round_trip(v, "parsed");
		/* strtod under the C locale must agree (it rounds correctly) */
		copy = malloc(len + 1);
		if (copy == NULL)
			FAIL("out of memory");
		memcpy(copy, s, len);
		copy[len] = '\0';
		c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		old = uselocale(c);
		ref = strtod(copy, &end);
		uselocale(old);
		freelocale(c);
		if (ref != v)
			FAIL("'%s' parses as %.17g, strtod says %.17g", copy, v, ref);
		/* the same text written with a decimal comma */
		for (i = 0; i < len; i++)
			if (copy[i] == '.')
				copy[i] = ',';
		if (dyad_num_parse(copy, len, true, &w) != DYAD_NUM_OK || w != v)
			FAIL("'%s' with --decimal-comma is not %.17g", copy, v);
		free(copy);
	}
	if (dyad_num_parse(s, len, true, &v) == DYAD_NUM_OK) {
		if (!isfinite(v))
			FAIL("'%.*s' (decimal comma) parses as %g", (int)len, s, v);
		round_trip(v, "parsed with decimal comma");
	}
}

/* the reference's C locale, made once (a harness, not the library) */
static locale_t c_locale;

static void
raw_double(const uint8_t *data, size_t size)
{
	char buf[64], want[64];
	double x, back;
	int n, dec;

	if (size < 8)
		return;
	memcpy(&x, data, sizeof(x));
	if (!isfinite(x))
		return;
	round_trip(x, "raw");
	if (c_locale == (locale_t)0)
		c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	if (dyad_num_format(buf, sizeof(buf), x) !=
	    ref_num_format(want, sizeof(want), x, c_locale) ||
	    strcmp(buf, want) != 0)
		FAIL("%a formats as '%s', the printf loop wrote '%s'", x, buf,
		    want);
	dec = size > 8 ? data[8] % 20 : 2;
	n = dyad_num_fixed(buf, sizeof(buf), x, dec);
	if (n > 0) {
		if (dyad_num_parse(buf, (size_t)n, false, &back) != DYAD_NUM_OK)
			FAIL("dyad_num_fixed(%.17g, %d) wrote '%s', which does not "
			    "parse", x, dec, buf);
		if (strcmp(buf, "-0") == 0 || strncmp(buf, "-0.", 3) == 0)
			if (strspn(buf + 1, "0.") == strlen(buf + 1))
				FAIL("dyad_num_fixed(%.17g, %d) wrote '%s'", x, dec,
				    buf);
	} else if (fabs(x) < 1e40) {
		FAIL("dyad_num_fixed(%.17g, %d) failed", x, dec);
	}
}

static void
dates(const char *s, size_t len, const uint8_t *data, size_t size)
{
	char buf[32];
	long days, back;
	int32_t raw;

	if (dyad_date_parse(s, len, &days) == 0) {
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		while (len > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			len--;
		}
		if (days < DAY_MIN || days > DAY_MAX)
			FAIL("'%.*s' is day %ld", (int)len, s, days);
		dyad_date_format(buf, sizeof(buf), days);
		if (strlen(buf) != len || memcmp(buf, s, len) != 0)
			FAIL("'%.*s' is day %ld, which formats as '%s'", (int)len, s,
			    days, buf);
	}
	if (size >= 4) {
		memcpy(&raw, data, sizeof(raw));
		days = DAY_MIN + (long)((uint32_t)raw % (uint32_t)(DAY_MAX -
		    DAY_MIN + 1));
		dyad_date_format(buf, sizeof(buf), days);
		if (dyad_date_parse(buf, strlen(buf), &back) != 0 || back != days)
			FAIL("day %ld formats as '%s', which does not read back",
			    days, buf);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	numbers(s, size);
	raw_double(data, size);
	dates(s, size, data, size);
	return 0;
}

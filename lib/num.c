/* num.c - locale-proof parsing and printing of numbers and dates.
 * The common case (at most 15 significant digits, small exponent) is converted
 * exactly with Clinger's fast path; everything else goes to strtod under a C
 * locale object set for this thread only, so LC_NUMERIC never matters. */
#define _GNU_SOURCE
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyad/num.h"

/* Powers of ten that are exact doubles (10^22 is the largest). */
static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* strtod on a NUL-terminated copy, '.' as the point, C locale for this thread. */
static enum dyad_num_result
slow_parse(const char *s, size_t len, double *out)
{
	char stack[64];
	char *buf = stack, *end;
	locale_t c, old;
	double v;

	if (len >= sizeof(stack)) {
		buf = malloc(len + 1);
		if (buf == NULL)
			return DYAD_NUM_INVALID;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
	v = strtod(buf, &end);
	if (c != (locale_t)0) {
		uselocale(old);
		freelocale(c);
	}
	if (buf != stack)
		free(buf);
	if (!isfinite(v))
		return DYAD_NUM_RANGE;
	*out = v;
	return DYAD_NUM_OK;
}

enum dyad_num_result
dyad_num_parse(const char *s, size_t len, bool decimal_comma, double *out)
{
	char point = decimal_comma ? ',' : '.';
	char canon[64];
	size_t i = 0, j, ndig = 0, nfrac = 0, nint = 0;
	uint64_t mant = 0;
	int neg = 0, exp10 = 0, eneg = 0, sig = 0;
	long e = 0;
	double v;

	while (len > 0 && is_blank(s[len - 1]))
		len--;
	while (i < len && is_blank(s[i]))
		i++;
	s += i;
	len -= i;
	if (len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A') ||
	    (len == 1 && s[0] == '.'))
		return DYAD_NUM_MISSING;

	i = 0;
	if (s[i] == '+' || s[i] == '-')
		neg = s[i++] == '-';
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, nint++) {
		if (mant == 0 && s[i] == '0')
			continue;               /* leading zeros are not significant */
		if (sig < 19)
			mant = mant * 10 + (uint64_t)(s[i] - '0');
		else
			exp10++;
		sig++;
	}
	if (i < len && s[i] == point) {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, nfrac++) {
			if (mant == 0 && s[i] == '0') {
				exp10--;
				continue;
			}
			if (sig < 19) {
				mant = mant * 10 + (uint64_t)(s[i] - '0');
				exp10--;
			}
			sig++;
		}
	}
	ndig = nint + nfrac;
	if (ndig == 0)
		return DYAD_NUM_INVALID;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t ne = 0;

		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			eneg = s[i++] == '-';
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, ne++)
			if (e < 100000)
				e = e * 10 + (s[i] - '0');
		if (ne == 0)
			return DYAD_NUM_INVALID;
	}
	if (i != len)
		return DYAD_NUM_INVALID;

	if (mant == 0) {
		*out = 0.0;                     /* -0 is read as 0 on purpose */
		return DYAD_NUM_OK;
	}
	e = (eneg ? -e : e) + exp10;
	if ((sig <= 15 || (sig <= 19 && mant <= (1ULL << 53))) && e >= -22 &&
	    e <= 22) {
		v = (double)mant;               /* exact: mant <= 2^53 */
		v = e < 0 ? v / pow10_exact[-e] : v * pow10_exact[e];
		*out = neg ? -v : v;
		return DYAD_NUM_OK;
	}
	/* Rare: long mantissa or big exponent.  Canonicalise the point and let
	 * strtod round correctly. */
	if (len >= sizeof(canon)) {
		char *tmp = malloc(len + 1);
		enum dyad_num_result r;

		if (tmp == NULL)
			return DYAD_NUM_INVALID;
		for (j = 0; j < len; j++)
			tmp[j] = s[j] == point ? '.' : s[j];
		r = slow_parse(tmp, len, out);
		free(tmp);
		return r;
	}
	for (j = 0; j < len; j++)
		canon[j] = s[j] == point ? '.' : s[j];
	return slow_parse(canon, len, out);
}

/* snprintf under a thread-local C locale so the point is always '.'. */
static int
c_snprintf(char *buf, size_t len, const char *fmt, int prec, double x)
{
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
	int n = snprintf(buf, len, fmt, prec, x);
	size_t i;

	if (c != (locale_t)0) {
		uselocale(old);
		freelocale(c);
	} else {
		for (i = 0; n > 0 && i < (size_t)n && i < len; i++)
			if (buf[i] == ',')
				buf[i] = '.';
	}
	return n;
}

int
dyad_num_format(char *buf, size_t len, double x)
{
	int prec, n = -1;
	double back;

	if (!isfinite(x))
		return -1;
	if (x == 0)
		x = 0;                          /* no "-0" */
	/* Whole numbers (most scores) print as their digits: exact, and far
	 * cheaper than printf's float conversion.  %.15g gives the same text
	 * for them below 1e15. */
	if (fabs(x) < 1e15 && x == trunc(x)) {
		char tmp[24];
		long long v = (long long)x;
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
		    (unsigned long long)v;
		int k = 0, i;

		do {
			tmp[k++] = (char)('0' + u % 10);
			u /= 10;
		} while (u != 0);
		if (v < 0)
			tmp[k++] = '-';
		if ((size_t)k >= len)
			return -1;
		for (i = 0; i < k; i++)
			buf[i] = tmp[k - 1 - i];
		buf[k] = '\0';
		return k;
	}
	/* A normal double that reads back from 15 digits needs no fewer:
	 * any decimal of at most 15 digits survives the trip through a double
	 * (DBL_DIG).  Subnormals carry fewer digits, so start lower there. */
	for (prec = fabs(x) < DBL_MIN ? 1 : 15; prec <= 17; prec++) {
		n = c_snprintf(buf, len, "%.*g", prec, x);
		if (n < 0 || (size_t)n >= len)
			return -1;
		if (dyad_num_parse(buf, (size_t)n, false, &back) == DYAD_NUM_OK &&
		    back == x)
			break;
	}
	return n;
}

int
dyad_num_fixed(char *buf, size_t len, double x, int decimals)
{
	int n;

	if (!isfinite(x))
		return -1;
	n = c_snprintf(buf, len, "%.*f", decimals, x);
	if (n < 0 || (size_t)n >= len)
		return -1;
	/* Rounding a small negative to zero must not print "-0.0". */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)(n - 1)) {
		memmove(buf, buf + 1, (size_t)n);
		n--;
	}
	return n;
}

/* Days from civil (Howard Hinnant's algorithm), proleptic Gregorian. */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static int
days_in_month(long y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

int
dyad_date_parse(const char *s, size_t len, long *days)
{
	long y;
	int m, d;
	size_t i;

	while (len > 0 && is_blank(s[len - 1]))
		len--;
	while (len > 0 && is_blank(*s)) {
		s++;
		len--;
	}
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -2;
	*days = days_from_civil(y, (unsigned)m, (unsigned)d);
	return 0;
}

void
dyad_date_format(char *buf, size_t len, long days)
{
	long z = days + 719468, era, y;
	unsigned doe, yoe, doy, mp, d, m;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(buf, len, "%04ld-%02u-%02u", y, m, d);
}

/* num.c - locale-proof parsing and printing of numbers and dates.
 * Parsing: the common case (at most 15 significant digits, small exponent) is
 * converted exactly with Clinger's fast path; everything else goes to strtod
 * under a C locale object set for this thread only, so LC_NUMERIC never
 * matters.  Printing every digit (dyad_num_format) is integer arithmetic
 * (Schubfach), no printf; fixed decimals for people use snprintf likewise. */
#define _GNU_SOURCE
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyad/num.h"
#include "internal.h"

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
	uint32_t small = 0;

	/* the usual score: up to nine digits and nothing else, exact as it
	 * is (what the general path below gives it too) */
	for (i = 0; i < len && i < 9 && s[i] >= '0' && s[i] <= '9'; i++)
		small = small * 10 + (uint32_t)(s[i] - '0');
	if (i == len && len > 0) {
		*out = (double)small;
		return DYAD_NUM_OK;
	}
	i = 0;
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

/* ---- the shortest text that reads back: no printf ----
 *
 * dyad_num_format's text is, by definition, what "%.Pg" prints for the
 * smallest P whose text reads back as x exactly: P from 15 (from 1 for
 * subnormals) up to 17.  (It was computed that way with snprintf and a
 * parse per try; tests/unit/test_num.c keeps that loop as the reference.)
 * Here the digits come from integer arithmetic instead.  Schubfach
 * (Giulietti, "The Schubfach way to render doubles", 2020) scales x = c 2^q
 * by a 126-bit power of ten g ~ 10^-k (lib/num_pow10.h) and yields, rounded
 * to odd, 4x/10^k and the two ends of x's rounding interval at the same
 * scale.  Rounding to odd keeps every comparison with a multiple of 4
 * exact, and the paper proves the products themselves exact.  So each
 * candidate, x correctly rounded to P digits (ties to even, as glibc's
 * printf), can be tested exactly for lying in the interval, which is what
 * "reads back as x" means under round-to-nearest-even (bounds included when
 * c is even). */

#define SIG_MIN (1ULL << 52)            /* smallest normal significand */
#define Q_MIN   (-1074)                 /* exponent of subnormals (and 2^-1022) */
#define LOW63   ((1ULL << 63) - 1)

#include "num_pow10.h"

static const uint64_t pow10_u64[] = {
	1ULL, 10ULL, 100ULL, 1000ULL, 10000ULL, 100000ULL, 1000000ULL,
	10000000ULL, 100000000ULL, 1000000000ULL, 10000000000ULL,
	100000000000ULL, 1000000000000ULL, 10000000000000ULL,
	100000000000000ULL, 1000000000000000ULL, 10000000000000000ULL,
	100000000000000000ULL, 1000000000000000000ULL,
	10000000000000000000ULL
};

/* floor(v / 2^sh) without relying on >> of a negative number. */
static int
floor_shift(long long v, int sh)
{
	return (int)(v >= 0 ? v >> sh : -((-v - 1) >> sh) - 1);
}

/* floor(q log10 2) and floor(e log2 10), exact for |q|, |e| < 10^6 (the
 * constants are Schubfach's; tools/pow10.py's range is far inside). */
static int
flog10pow2(int q)
{
	return floor_shift((long long)q * 661971961083LL, 41);
}

static int
flog2pow10(int e)
{
	return floor_shift((long long)e * 913124641741LL, 38);
}

#if defined(__SIZEOF_INT128__) && !defined(DY_NUM_NO_INT128)
__extension__ typedef unsigned __int128 dy_u128;

/* The 128-bit product a b: returns the high half, *lo the low half. */
static uint64_t
mul_64x64(uint64_t a, uint64_t b, uint64_t *lo)
{
	dy_u128 p = (dy_u128)a * b;

	*lo = (uint64_t)p;
	return (uint64_t)(p >> 64);
}
#else
static uint64_t
mul_64x64(uint64_t a, uint64_t b, uint64_t *lo)
{
	uint64_t a0 = a & 0xffffffffU, a1 = a >> 32;
	uint64_t b0 = b & 0xffffffffU, b1 = b >> 32;
	uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
	uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffU) + (p10 & 0xffffffffU);

	*lo = (mid << 32) | (p00 & 0xffffffffU);
	return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}
#endif

/* g cp / 2^127 rounded to odd (the floor, with the lowest bit set when
 * anything was dropped); g = g[0] 2^63 + g[1]. */
static uint64_t
round_odd(const uint64_t g[2], uint64_t cp)
{
	uint64_t dropped, lo_hi, hi_lo, hi_hi, z;

	lo_hi = mul_64x64(g[1], cp, &dropped);
	hi_hi = mul_64x64(g[0], cp, &hi_lo);
	z = (hi_lo >> 1) + lo_hi;               /* bits 63..126 of g cp */
	return (hi_hi + (z >> 63)) | (((z & LOW63) + LOW63) >> 63);
}

/* Decimal digits of v > 0: from its bit length (log10 2 ~ 1233 / 4096),
 * then one comparison. */
static int
count_digits(uint64_t v)
{
	int bits = 64 - __builtin_clzll(v | 1);
	int d = ((bits * 1233) >> 12) + 1;

	return v < pow10_u64[d - 1] ? d - 1 : d;
}

static const char two_digits[] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

/* Write the text of finite, non-zero x into out (at least 32 bytes, not
 * terminated); returns its length. */
static size_t
format_double(char *out, double x)
{
	const uint64_t *g;
	uint64_t bits, c, cb, cbl, vb, vbl, vbr, s, n = 0, scaled, half, r;
	int be, q, k, h, d, p, j = 0, e10, m, i, odd;
	uint32_t low;
	char dig[20], *o = out;

	memcpy(&bits, &x, sizeof(bits));
	be = (int)((bits >> 52) & 0x7ff);
	c = bits & (SIG_MIN - 1);
	if (be > 0) {
		c |= SIG_MIN;
		q = be - 1075;
	} else {
		q = Q_MIN;
	}
	odd = (int)(c & 1);
	cb = c << 2;
	if (c == SIG_MIN && q > Q_MIN) {
		/* A power of two: the gap below is half the gap above.  One
		 * digit more than Schubfach's k keeps 17 digits in reach when
		 * 16 do not read back (tests check every power of two). */
		cbl = cb - 1;
		k = flog10pow2(q) - 1;
	} else {
		cbl = cb - 2;
		k = flog10pow2(q);
	}
	h = q + flog2pow10(-k) + 2;
	g = dy_pow10_g[-k - DY_POW10_MIN];
	vb = round_odd(g, cb << h);             /* 4x / 10^k */
	vbl = round_odd(g, cbl << h);           /* 4 (lower end) / 10^k */
	vbr = round_odd(g, (cb + 2) << h);      /* 4 (upper end) / 10^k */
	s = vb >> 2;                            /* floor(x / 10^k) */
	d = count_digits(s);
	for (p = be == 0 ? 1 : 15; ; p++) {
		/* x correctly rounded to p digits: n 10^(j+k) */
		j = d - p;
		if (j <= 0) {
			/* the fraction of x / 10^k in vb's two low bits: 0 none,
			 * 1 below a half, 2 a half, 3 above */
			j = 0;
			n = s + ((vb & 3) == 3 || ((vb & 3) == 2 && (s & 1)));
		} else {
			n = s / pow10_u64[j];
			r = s - n * pow10_u64[j];
			half = pow10_u64[j] / 2;
			n += r > half || (r == half && ((vb & 3) != 0 || (n & 1)));
		}
		scaled = n * pow10_u64[j] * 4;
		if ((vbl + (uint64_t)odd <= scaled &&
		    scaled + (uint64_t)odd <= vbr) || p >= d || p >= 17)
			break;
	}
	e10 = p - 1 + j + k;
	if (n == pow10_u64[p]) {                /* rounded up to 10^p */
		n = pow10_u64[p - 1];
		e10++;
	}
	for (m = p; n % 10 == 0; m--)
		n /= 10;
	/* two digits at a time, the last eight in 32-bit arithmetic */
	for (i = m; i > 8; i -= 2) {
		memcpy(dig + i - 2, two_digits + 2 * (n % 100), 2);
		n /= 100;
	}
	for (low = (uint32_t)n; i >= 2; i -= 2) {
		memcpy(dig + i - 2, two_digits + 2 * (low % 100), 2);
		low /= 100;
	}
	if (i == 1)
		dig[0] = (char)('0' + low);
	if (bits >> 63)
		*o++ = '-';
	if (e10 < -4 || e10 >= p) {             /* %g's exponent form */
		*o++ = dig[0];
		if (m > 1) {
			*o++ = '.';
			memcpy(o, dig + 1, (size_t)(m - 1));
			o += m - 1;
		}
		*o++ = 'e';
		*o++ = e10 < 0 ? '-' : '+';
		e10 = e10 < 0 ? -e10 : e10;
		if (e10 >= 100)
			*o++ = (char)('0' + e10 / 100);
		*o++ = (char)('0' + e10 / 10 % 10);
		*o++ = (char)('0' + e10 % 10);
	} else if (e10 >= 0) {
		if (m <= e10 + 1) {
			memcpy(o, dig, (size_t)m);
			memset(o + m, '0', (size_t)(e10 + 1 - m));
			o += e10 + 1;
		} else {
			memcpy(o, dig, (size_t)(e10 + 1));
			o += e10 + 1;
			*o++ = '.';
			memcpy(o, dig + e10 + 1, (size_t)(m - e10 - 1));
			o += m - e10 - 1;
		}
	} else {
		*o++ = '0';
		*o++ = '.';
		memset(o, '0', (size_t)(-e10 - 1));
		o += -e10 - 1;
		memcpy(o, dig, (size_t)m);
		o += m;
	}
	return (size_t)(o - out);
}

size_t
dy_num_int(char *buf, long long v)
{
	char tmp[20];
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
	    (unsigned long long)v;
	size_t k = 0, n = 0;

	do {
		tmp[k++] = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		buf[n++] = '-';
	while (k > 0)
		buf[n++] = tmp[--k];
	return n;
}

int
dyad_num_format(char *buf, size_t len, double x)
{
	char tmp[32];
	char *out = len >= sizeof(tmp) ? buf : tmp;   /* where it surely fits */
	size_t n;

	if (!isfinite(x))
		return -1;
	if (x == 0)
		x = 0;                          /* no "-0" */
	/* Whole numbers (most scores) print as their digits, which is what
	 * %.15g gives for them below 1e15. */
	if (fabs(x) < 1e15 && x == trunc(x))
		n = dy_num_int(out, (long long)x);
	else
		n = format_double(out, x);
	if (n >= len)
		return -1;
	if (out != buf)
		memcpy(buf, tmp, n);
	buf[n] = '\0';
	return (int)n;
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
	if (y < 0 || y > 9999 || len < 11) {
		snprintf(buf, len, "%04ld-%02u-%02u", y, m, d);
		return;
	}
	/* the common case without printf (two dates per row of dyad change) */
	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + d / 10);
	buf[9] = (char)('0' + d % 10);
	buf[10] = '\0';
}

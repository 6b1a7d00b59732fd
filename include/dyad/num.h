/* dyad/num.h - locale-proof number and date conversion. */
#ifndef DYAD_NUM_H
#define DYAD_NUM_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Result of dyad_num_parse. */
enum dyad_num_result {
	DYAD_NUM_OK = 0,
	DYAD_NUM_MISSING,  /* empty, "NA" or "." : a missing value, not an error */
	DYAD_NUM_INVALID,  /* not a decimal number (text, hex, nan, inf, "1,5") */
	DYAD_NUM_RANGE     /* a number too large for a double (1e999) */
};

/* Parse the len bytes at s as a decimal number: optional sign, digits with an
 * optional fraction ('.' or, when decimal_comma is true, ',') and an optional
 * exponent.  Surrounding ASCII spaces and tabs are ignored.  The result is the
 * correctly rounded double, identical under every LC_NUMERIC.  Hexadecimal,
 * "nan", "inf" and thousands separators are refused.  *out is set only on
 * DYAD_NUM_OK. */
enum dyad_num_result dyad_num_parse(const char *s, size_t len,
    bool decimal_comma, double *out);

/* Write finite x into buf (size len) as the shortest decimal string that
 * reads back exactly (whole numbers as their digits; otherwise "%.15g",
 * widened to 16 or 17 digits when needed, fewer for subnormals), with
 * '.' as the decimal point whatever the locale; -0 prints as 0.  Returns the
 * length written, or -1 when x is not finite or buf is too small. */
int dyad_num_format(char *buf, size_t len, double x);

/* Write finite x with exactly 'decimals' digits after the point (locale-proof,
 * -0.0 printed as 0.0).  Returns the length or -1. */
int dyad_num_fixed(char *buf, size_t len, double x, int decimals);

/* Parse a calendar date YYYY-MM-DD (len bytes, spaces around ignored) into
 * days since 1970-01-01.  Returns 0 on success, -1 when the text is not of
 * that shape, -2 when it is but names no real day (2025-02-30, 2025-13-01). */
int dyad_date_parse(const char *s, size_t len, long *days);

/* Format days since 1970-01-01 as YYYY-MM-DD into buf (at least 11 bytes). */
void dyad_date_format(char *buf, size_t len, long days);

#ifdef __cplusplus
}
#endif
#endif

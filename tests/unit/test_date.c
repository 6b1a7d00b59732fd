/* test_date.c - calendar dates (dyad_date_parse, dyad_date_format).
 * Day numbers were computed outside dyad with GNU date, e.g.
 *   echo $(( $(date -u -d 2000-03-01 +%s) / 86400 ))        -> 11017
 * and for years date cannot reach, with Python:
 *   (datetime.date(1, 1, 1) - datetime.date(1970, 1, 1)).days  -> -719162 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad/num.h"

static const struct {
	const char *s;
	long days;
} good[] = {
	{ "1970-01-01", 0 },            /* date -d 1970-01-01 */
	{ "1969-12-31", -1 },           /* date -d 1969-12-31 */
	{ "2000-02-29", 11016 },
	           /* date: 2000 is a leap year (div. by 400) */
	{ "2000-03-01", 11017 },        /* date */
	{ "1900-02-28", -25509 },       /* python: 1900 is not a leap year */
	{ "1900-03-01", -25508 },       /* date */
	{ "2024-02-29", 19782 },        /* date: 2024 is a leap year */
	{ "2025-12-31", 20453 },        /* date */
	{ "1600-03-01", -135080 },      /* date and python */
	{ "0001-01-01", -719162 },      /* python */
	{ "9999-12-31", 2932896 },      /* python */
	{ " 2000-03-01 ", 11017 },      /* blanks around are ignored */
};

/* -1: not of the shape YYYY-MM-DD; -2: the shape, but no such day. */
static const struct {
	const char *s;
	int want;
} bad[] = {
	{ "2025-02-30", -2 }, { "2025-13-01", -2 }, { "2023-02-29", -2 },
	{ "1900-02-29", -2 }, { "2100-02-29", -2 }, { "2025-00-10", -2 },
	{ "2025-01-00", -2 }, { "2025-04-31", -2 }, { "2025-06-31", -2 },
	{ "2025-09-31", -2 }, { "2025-11-31", -2 }, { "2025-01-32", -2 },
	{ "0000-01-01", -2 },
	{ "25-1-1", -1 }, { "2025-1-01", -1 }, { "2025/01/01", -1 },
	{ "01.02.2025", -1 }, { "20250101", -1 }, { "2025-01-01T00:00", -1 },
	{ "", -1 }, { "2025-0a-01", -1 }, { "+025-01-01", -1 },
	{ "2025-01-01x", -1 }, { "2025\xe2\x80\x90" "01-01", -1 },
};

int
main(void)
{
	char what[96], buf[16];
	size_t i;
	long d, days;
	int r, ok;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		d = 424242;
		r = dyad_date_parse(good[i].s, strlen(good[i].s), &d);
		snprintf(what, sizeof(what), "date \"%s\" is day %ld",
		    good[i].s,
		    good[i].days);
		check_report_(r == 0 && d == good[i].days, what,
		    "result %d, day %ld", r, d);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		d = 424242;
		r = dyad_date_parse(bad[i].s, strlen(bad[i].s), &d);
		snprintf(what, sizeof(what), "date \"%s\" refused with %d",
		    bad[i].s, bad[i].want);
		check_report_(r == bad[i].want && d == 424242, what,
		    "result %d, day %ld", r, d);
	}
	/* only len bytes are read */
	r = dyad_date_parse("2000-03-01junk", 10, &d);
	check_true(r == 0 && d == 11017, "date: reads len bytes only");

	/* formatting the hand-checked days gives the text back */
	for (i = 0; i + 1 < sizeof(good) / sizeof(good[0]); i++) {
		dyad_date_format(buf, sizeof(buf), good[i].days);
		snprintf(what, sizeof(what), "format day %ld = %s",
		    good[i].days,
		    good[i].s);
		check_str(buf, good[i].s, what);
	}

	/* round trip over every day from 1600-03-01 to 2400-03-01 (292,194
	 * days), and each is the day after the one before */
	ok = 1;
	for (days = -135080; days <= -135080 + 292194 && ok; days++) {
		long back = 0;

		dyad_date_format(buf, sizeof(buf), days);
		if (dyad_date_parse(buf, strlen(buf),
		    &back) != 0 || back != days) {
			printf("# day %ld formats as %s, reads back as %ld\n",
			    days, buf, back);
			ok = 0;
		}
	}
	check_true(ok,
	    "date: format and parse round trip, 1600-03-01..2400-03-01");
	dyad_date_format(buf, sizeof(buf), -135080 + 292194);
	/* 800 Gregorian years are two 400-year cycles of 146097 days */
	check_str(buf, "2400-03-01", "date: 800 years are 292194 days");

	/* beyond four-digit years, and a short buffer, the text is that of
	 * "%04ld-%02u-%02u": 9999-12-31 is day 2932896, so 2932897 is
	 * 10000-01-01; 0001-01-01 is day -719162, year 0 is a leap year, so
	 * day -719162 - 367 is the last day of year -1 */
	dyad_date_format(buf, sizeof(buf), 2932897);
	check_str(buf, "10000-01-01", "date: a five-digit year");
	dyad_date_format(buf, sizeof(buf), -719162 - 367);
	check_str(buf, "-001-12-31", "date: year -1 as %04ld writes it");
	dyad_date_format(buf, 5, 0);
	check_str(buf, "1970", "date: a short buffer gets the start");
	return check_summary();
}

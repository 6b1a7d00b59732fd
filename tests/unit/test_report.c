/* test_report.c - small-cell suppression rules and SHA-256 (report helpers). */
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "dyad/sha256.h"
#include "suppress.h"

static void
suppress_case(const char *what, const long long *v, size_t n, long long total,
    long long min, const bool *want, bool want_total)
{
	bool hide[8], ht;
	char name[160];
	size_t i;

	dy_suppress(v, n, total, min, NULL, hide, &ht);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s: part %zu", what, i);
		check_int(hide[i], want[i], name);
	}
	snprintf(name, sizeof(name), "%s: total", what);
	check_int(ht, want_total, name);
}

int
main(void)
{
	char hex[65];

	/* Expected hide flags worked out by hand from the rules in suppress.h:
	 * primary hides 1..min-1; exactly one hidden part with a shown total
	 * hides the smallest other positive part; none left: hide the total. */
	{
		const long long v[] = { 25, 5, 12 };        /* 5 alone: + 12 */
		const bool w[] = { false, true, true };
		suppress_case("one small part gets a partner", v, 3, 42, 11, w, false);
	}
	{
		const long long v[] = { 25, 5, 3 };         /* two small: enough */
		const bool w[] = { false, true, true };
		suppress_case("two small parts", v, 3, 33, 11, w, false);
	}
	{
		const long long v[] = { 30, 0, 12 };        /* 0 may be shown */
		const bool w[] = { false, false, false };
		suppress_case("zero is shown", v, 3, 42, 11, w, false);
	}
	{
		const long long v[] = { 7, 0 };             /* no partner: total */
		const bool w[] = { true, false };
		suppress_case("no partner hides the total", v, 2, 7, 11, w, true);
	}
	{
		const long long v[] = { 4, 20 };            /* 4 of 24 */
		const bool w[] = { true, true };
		suppress_case("partner of 4 is 20", v, 2, 24, 11, w, false);
	}
	{
		const long long v[] = { 4, 20 };
		const bool w[] = { false, false };
		suppress_case("--min-cell 1 hides nothing", v, 2, 24, 1, w, false);
	}
	{
		const long long v[] = { 10, 11 };           /* 10 < 11, 11 is not */
		const bool w[] = { true, true };
		suppress_case("threshold is strict", v, 2, 21, 11, w, false);
	}
	{
		const long long v[] = { 3, 40 };            /* no total shown */
		const bool w[] = { true, false };
		suppress_case("without a total no partner", v, 2, -1, 11, w, false);
	}

	{
		/* with part 2 not displayed, the complement is part 2 even though
		 * part 0 is smaller (hand: 5 alone hidden; 12 < 25 but 25 is the
		 * undisplayed one) */
		const long long v[] = { 12, 5, 25 };
		const bool shown[] = { true, true, false };
		bool hide[3], ht;

		dy_suppress(v, 3, 42, 11, shown, hide, &ht);
		check_true(!hide[0] && hide[1] && hide[2] && !ht,
		    "complement prefers a part that is not displayed");
	}

	/* FIPS 180-4 / NIST CSRC example vectors for SHA-256. */
	dyad_sha256("abc", 3, hex);
	check_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "sha256 abc (NIST)");
	dyad_sha256("", 0, hex);
	check_str(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "sha256 empty (NIST)");
	{
		const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

		dyad_sha256(m, strlen(m), hex);
		check_str(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
		    "sha256 448-bit message (NIST)");
	}
	{
		/* one million 'a' (NIST long message), through the file API */
		FILE *f = tmpfile();
		static char buf[1000];
		int i;

		memset(buf, 'a', sizeof(buf));
		for (i = 0; f != NULL && i < 1000; i++)
			fwrite(buf, 1, sizeof(buf), f);
		if (f != NULL) {
			rewind(f);
			dyad_sha256_file(f, hex, NULL);
			fclose(f);
		}
		check_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
		    "sha256 million a (NIST)");
	}
	return check_summary();
}

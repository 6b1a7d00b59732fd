/* test_csvfast.c - the fast paths for quote-free lines (csvread.c
 * fast_lines, fast_line)
 * must give exactly the records, fields and line numbers libcsv gives: the
 * reference here is the same input read with libcsv_only, i.e. by libcsv
 * itself.  Inputs are random strings over an alphabet with every byte that
 * matters: delimiters, quotes, spaces, tabs, CR and LF. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csvread.h"

struct acc {
	char *out;
	size_t len, cap;
	/* the last record's fields, to check what 'same' claims */
	char last[8][256];
	size_t lastlen[8], nlast;
	size_t same, wrong;     /* records said to start alike; untrue */
};

static void
put(struct acc *a, const char *s, size_t n)
{
	if (a->len + n + 1 > a->cap) {
		a->cap = (a->len + n + 1) * 2;
		a->out = realloc(a->out, a->cap);
	}
	memcpy(a->out + a->len, s, n);
	a->len += n;
}

static int
record(const struct dy_record *r, void *ctx)
{
	struct acc *a = ctx;
	char b[64];
	size_t i;

	snprintf(b, sizeof(b), "L%zu:%s[", r->line, r->bad ? "BAD" : "");
	put(a, b, strlen(b));
	for (i = 0; i < r->n; i++) {
		put(a, "<", 1);
		put(a, r->field[i], r->len[i]);
		put(a, ">", 1);
	}
	put(a, "]\n", 2);
	/* 'same' leading fields must be the last record's, byte for byte */
	if (r->same > 0) {
		a->same++;
		if (r->same > r->n || r->same > a->nlast)
			a->wrong++;
		for (i = 0; i < r->same && i < r->n && i < a->nlast; i++)
			if (r->len[i] != a->lastlen[i] ||
			    memcmp(r->field[i], a->last[i], r->len[i]) != 0)
				a->wrong++;
	}
	for (i = 0, a->nlast = 0; i < r->n && i < 8 && r->len[i] < 256; i++) {
		memcpy(a->last[i], r->field[i], r->len[i]);
		a->lastlen[i] = r->len[i];
		a->nlast = i + 1;
	}
	return 0;
}

static unsigned long
next(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

int
main(void)
{
	static const char alpha[] = "ab ,\t\r\n;x1\"";
	static const unsigned char delims[3] = { ',', ';', '\t' };
	unsigned long seed = 42;
	int t, bad = 0;
	size_t same = 0, wrong = 0;
	char msg[80];

	for (t = 0; t < 100000; t++) {
		char in[200];
		size_t n = next(&seed) % 40, i, k, want;
		struct acc *a = calloc(1, sizeof(*a)), *b = calloc(1,
		    sizeof(*b));
		struct dy_csv_opts o;
		struct dyad_error ea, eb;
		enum dyad_status sa, sb;

		for (i = 0; i < n; i++)
			in[i] = alpha[next(&seed) % (sizeof(alpha) - 1)];
		/* every other input: lines that start alike, as the rows of
		 * a case do (the prefix of random bytes may hold a quote, a
		 * line break, blanks) */
		if (t % 2 == 0) {
			size_t plen = 0, lines = 2 + next(&seed) % 6;

			/* up to four fields, each ended by the delimiter,
			 * of any bytes now and then */
			for (k = next(&seed) % 5; k > 0; k--) {
				for (i = next(&seed) % 4; i > 0; i--)
					in[plen++] = next(&seed) % 8 == 0 ?
					    alpha[next(&seed) %
					    (sizeof(alpha) - 1)] :
					    "ab x1"[next(&seed) % 5];
				in[plen++] = (char)delims[t % 3];
			}
			for (n = plen, k = 0; k < lines && n + plen + 12 < sizeof(in);
			    k++) {
				size_t tail = next(&seed) % 10;

				for (i = 0; i < tail; i++)
					in[n++] = alpha[next(&seed) %
					    (sizeof(alpha) - 1)];
				in[n++] = '\n';
				if (k + 1 < lines) {
					memcpy(in + n, in, plen);
					n += plen;
				}
			}
		}
		/* now and then a NUL byte (fatal, at its line) */
		if (n > 0 && t % 50 == 0)
			in[next(&seed) % n] = '\0';
		memset(&o, 0, sizeof(o));
		memset(&ea, 0, sizeof(ea));
		memset(&eb, 0, sizeof(eb));
		o.delim = delims[t % 3];
		/* reads of every size, so that lines cross the buffer's end;
		 * small field limits, so that the fast path hands lines back */
		o.chunk = t % 2 ? 1 + next(&seed) % (n + 2) : 0;
		o.max_field = t % 7 == 0 ? 1 + next(&seed) % 4 : 0;
		/* leading fields compared with the last record's */
		want = next(&seed) % 4;
		o.same_fields = &want;
		sa = dy_csv_read(NULL, in, n, &o, record, a, &ea);
		o.libcsv_only = 1;
		o.chunk = 0;
		o.same_fields = NULL;
		sb = dy_csv_read(NULL, in, n, &o, record, b, &eb);
		if (sa != sb || ea.line != eb.line || a->len != b->len ||
		    (a->len > 0 && memcmp(a->out, b->out, a->len)))
			bad++;
		same += a->same;
		wrong += a->wrong + b->same;
		free(a->out);
		free(b->out);
		free(a);
		free(b);
	}
	check_int(bad, 0, "fast path = libcsv on 100000 random inputs "
	    "(any read size, field limits, NUL bytes, leading fields "
	    "compared with the last record's)");
	/* what 'same' says is true, and it is said (the count depends only
	 * on the seed: thousands of records) */
	check_int((long)wrong, 0, "records said to start as the last one "
	    "did, do (and libcsv_only never says so)");
	snprintf(msg, sizeof(msg), "lines starting alike are found (%zu "
	    "records)", same);
	check_true(same > 10000, msg);
	return check_summary();
}

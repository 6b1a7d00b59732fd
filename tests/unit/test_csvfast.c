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

	for (t = 0; t < 100000; t++) {
		char in[48];
		size_t n = next(&seed) % 40, i;
		struct acc a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
		struct dy_csv_opts o;
		struct dyad_error ea, eb;
		enum dyad_status sa, sb;

		for (i = 0; i < n; i++)
			in[i] = alpha[next(&seed) % (sizeof(alpha) - 1)];
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
		sa = dy_csv_read(NULL, in, n, &o, record, &a, &ea);
		o.libcsv_only = 1;
		o.chunk = 0;
		sb = dy_csv_read(NULL, in, n, &o, record, &b, &eb);
		if (sa != sb || ea.line != eb.line || a.len != b.len ||
		    (a.len > 0 && memcmp(a.out, b.out, a.len)))
			bad++;
		free(a.out);
		free(b.out);
	}
	check_int(bad, 0, "fast path = libcsv on 100000 random inputs "
	    "(any read size, field limits, NUL bytes)");
	return check_summary();
}

/* test_csv.c - dy_csv_read on a table of inputs: every record's fields and
 * start line, read from memory and then through a FILE with every chunk
 * size from 1 byte to the whole input (libcsv's own test trick), so that no
 * result depends on where a read happens to end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csvread.h"

/* Messages the reader gives for unusable records (lib/csvread.c). */
#define QUOTE_IN(f) f ": a quote inside an unquoted field (put the field in " \
	"quotes and double the quote inside)"
#define AFTER_QUOTE(f) f ": text after the closing quote (a quote inside a " \
	"quoted field must be doubled)"
#define UNCLOSED(f) f ": quoted field not closed before the end of the file " \
	"(a quote is missing)"

/* Expected output is written by hand: each record as LINE{field}{field}...
 * or LINE!message, separated by spaces; \n and \r inside fields are shown
 * as the two characters \n and \r. */
struct csv_case {
	const char *name;
	const char *in;
	size_t len;             /* 0: strlen(in) */
	unsigned char delim;
	size_t max_field;
	const char *want;
	enum dyad_status st;    /* DYAD_OK, or the fatal status ... */
	size_t err_line;        /* ... and its line */
};

static const struct csv_case cases[] = {
	{ "simple", "a,b\nc,d\n", 0, ',', 0, "1{a}{b} 2{c}{d}", DYAD_OK, 0 },
	{ "no final newline", "a,b\nc,d", 0, ',', 0, "1{a}{b} 2{c}{d}",
	    DYAD_OK, 0 },
	{ "CRLF", "a,b\r\nc,d\r\n", 0, ',', 0, "1{a}{b} 2{c}{d}", DYAD_OK, 0 },
	{ "CR only", "a,b\rc,d\re,f", 0, ',', 0, "1{a}{b} 2{c}{d} 3{e}{f}",
	    DYAD_OK, 0 },
	/* lines: a / empty / empty / b / CRLF-empty / CR-empty / c */
	{ "blank lines", "a\n\n\nb\n\r\n\rc\n", 0, ',', 0, "1{a} 4{b} 7{c}",
	    DYAD_OK, 0 },
	/* a line of blanks after a CR-terminated line is a line of its own */
	{ "blank line after CR", "a\r \nb\n", 0, ',', 0, "1{a} 3{b}",
	    DYAD_OK, 0 },
	{ "mixed endings", "a\nb\r\nc\rd\n", 0, ',', 0, "1{a} 2{b} 3{c} 4{d}",
	    DYAD_OK, 0 },
	{ "embedded newline", "x,\"l1\nl2\",y\nz\n", 0, ',', 0,
	    "1{x}{l1\\nl2}{y} 3{z}", DYAD_OK, 0 },
	/* lines: "a CRLF / b","c CR / d" LF / e */
	{ "embedded CRLF and CR", "\"a\r\nb\",\"c\rd\"\ne\n", 0, ',', 0,
	    "1{a\\r\\nb}{c\\rd} 4{e}", DYAD_OK, 0 },
	{ "two embedded newlines", "h\n\"1\n\n3\",x\ny\n", 0, ',', 0,
	    "1{h} 2{1\\n\\n3}{x} 5{y}", DYAD_OK, 0 },
	{ "newline only field", "\"\n\",a\nb\n", 0, ',', 0, "1{\\n}{a} 3{b}",
	    DYAD_OK, 0 },
	{ "doubled quotes", "\"he said \"\"hi\"\"\",2\n", 0, ',', 0,
	    "1{he said \"hi\"}{2}", DYAD_OK, 0 },
	{ "comma in quotes", "\"a,b\",\"\"\"\",c\n", 0, ',', 0,
	    "1{a,b}{\"}{c}", DYAD_OK, 0 },
	{ "empty fields", ",,\n\"\",x,\n", 0, ',', 0, "1{}{}{} 2{}{x}{}",
	    DYAD_OK, 0 },
	/* libcsv drops blanks around unquoted fields, keeps them in quotes */
	{ "blanks around fields", "  a , b  ,\" c \"\n", 0, ',', 0,
	    "1{a}{b}{ c }", DYAD_OK, 0 },
	{ "blanks after closing quote", "\"a\"  \nb\n", 0, ',', 0, "1{a} 2{b}",
	    DYAD_OK, 0 },
	{ "tab inside unquoted field", "a\tb,c\n", 0, ',', 0, "1{a\tb}{c}",
	    DYAD_OK, 0 },
	{ "tab delimiter", "a\tb\t\tc\n", 0, '\t', 0, "1{a}{b}{}{c}",
	    DYAD_OK, 0 },
	{ "semicolon delimiter", "1,5;2\n", 0, ';', 0, "1{1,5}{2}", DYAD_OK,
	    0 },
	{ "BOM", "\xEF\xBB\xBF" "a,b\nc\n", 0, ',', 0, "1{a}{b} 2{c}",
	    DYAD_OK, 0 },
	{ "BOM only", "\xEF\xBB\xBF", 0, ',', 0, "", DYAD_OK, 0 },
	{ "BOM and newline", "\xEF\xBB\xBF\n\nx\n", 0, ',', 0, "3{x}",
	    DYAD_OK, 0 },
	{ "empty input", "", 0, ',', 0, "", DYAD_OK, 0 },
	{ "blank lines only", "  \n \n\r\n", 0, ',', 0, "", DYAD_OK, 0 },
	{ "unterminated quote", "a,b\nc,\"d\ne\n", 0, ',', 0,
	    "1{a}{b} 2!" UNCLOSED("field 2"), DYAD_OK, 0 },
	{ "unterminated quote, first field", "a\n\"b", 0, ',', 0,
	    "1{a} 2!" UNCLOSED("field 1"), DYAD_OK, 0 },
	{ "quote in unquoted field", "a,b\"c,d\ne,f\n", 0, ',', 0,
	    "1!" QUOTE_IN("field 2") " 2{e}{f}", DYAD_OK, 0 },
	{ "quote in unquoted field, CRLF", "a\"b\r\nc\r\n", 0, ',', 0,
	    "1!" QUOTE_IN("field 1") " 2{c}", DYAD_OK, 0 },
	{ "quote in unquoted field at the end", "x\na\"b", 0, ',', 0,
	    "1{x} 2!" QUOTE_IN("field 1"), DYAD_OK, 0 },
	/* the bad record starts on line 2; the error is on line 3; reading
	 * resumes on line 4 */
	{ "text after closing quote", "h\n\"x\ny\"z,1\nq\n", 0, ',', 0,
	    "1{h} 2!" AFTER_QUOTE("field 1") " 4{q}", DYAD_OK, 0 },
	{ "quote after blank after quote", "\"a\" \"b\",c\nd\n", 0, ',', 0,
	    "1!" AFTER_QUOTE("field 1") " 2{d}", DYAD_OK, 0 },
	{ "two bad lines in a row", "a\"\nb\"\nc\n", 0, ',', 0,
	    "1!" QUOTE_IN("field 1") " 2!" QUOTE_IN("field 1") " 3{c}",
	    DYAD_OK, 0 },
	{ "bad line then CR", "q\"q\rr\r", 0, ',', 0,
	    "1!" QUOTE_IN("field 1") " 2{r}", DYAD_OK, 0 },
	{ "field too long", "abcdef,x\nab,cd\n", 0, ',', 4,
	    "1!field 1 is longer than the limit of 4 bytes 2{ab}{cd}",
	    DYAD_OK, 0 },
	{ "field at the limit", "abcd,x\n", 0, ',', 4, "1{abcd}{x}", DYAD_OK,
	    0 },
	{ "quoted field too long over lines", "\"abc\ndefgh\",x\nok\n", 0, ',',
	    4, "1!field 1 is longer than the limit of 4 bytes 3{ok}", DYAD_OK,
	    0 },
	{ "long field with trailing blanks", "x,abcdefg   \ny\n", 0, ',', 4,
	    "1!field 2 is longer than the limit of 4 bytes 2{y}", DYAD_OK, 0 },
	{ "long quoted field then blanks", "\"abcdefgh\"  ,z\nw\n", 0, ',', 4,
	    "1!field 1 is longer than the limit of 4 bytes 2{w}", DYAD_OK, 0 },
	{ "long field at the end", "a\n\"bcdefgh\"", 0, ',', 4,
	    "1{a} 2!field 1 is longer than the limit of 4 bytes", DYAD_OK, 0 },
	{ "NUL byte", "a,b\nc\0d\n", 8, ',', 0, "1{a}{b}", DYAD_EPARSE, 2 },
	{ "NUL byte in quoted field", "a\n\"x\ny\0\"\n", 9, ',', 0, "1{a}",
	    DYAD_EPARSE, 3 },
	{ "UTF-16 LE", "\xFF\xFE" "a\0,\0b\0", 8, ',', 0, "", DYAD_EPARSE, 1 },
	{ "UTF-16 BE", "\xFE\xFF\0a\0,\0b", 8, ',', 0, "", DYAD_EPARSE, 1 },
};

struct sink {
	char buf[4096];
	size_t n;
	int ok;                 /* every field NUL-terminated at its length */
};

static void
put(struct sink *k, const char *s)
{
	size_t n = strlen(s);

	if (k->n + n < sizeof(k->buf)) {
		memcpy(k->buf + k->n, s, n + 1);
		k->n += n;
	}
}

static int
collect(const struct dy_record *rec, void *ctx)
{
	struct sink *k = ctx;
	char num[32];
	size_t i, j;

	if (k->n > 0)
		put(k, " ");
	snprintf(num, sizeof(num), "%zu", rec->line);
	put(k, num);
	if (rec->bad != NULL) {
		put(k, "!");
		put(k, rec->bad);
		if (rec->n != 0)
			k->ok = 0;
		return 0;
	}
	for (i = 0; i < rec->n; i++) {
		if (rec->field[i][rec->len[i]] != '\0' ||
		    strlen(rec->field[i]) != rec->len[i])
			k->ok = 0;
		put(k, "{");
		for (j = 0; j < rec->len[i]; j++) {
			char c[2] = { rec->field[i][j], '\0' };

			put(k, c[0] == '\n' ? "\\n" : c[0] == '\r' ? "\\r" : c);
		}
		put(k, "}");
	}
	return 0;
}

/* Run case c from memory (chunk 0) or through a FILE read chunk bytes at a
 * time; return 1 when records, status and error line are as expected. */
static int
run(const struct csv_case *c, size_t chunk, char *got, size_t gotlen)
{
	struct dy_csv_opts opts = { .delim = ',' };
	struct dyad_error err;
	struct sink k;
	size_t len = c->len ? c->len : strlen(c->in);
	enum dyad_status st;
	FILE *f = NULL;

	memset(&k, 0, sizeof(k));
	k.ok = 1;
	dyad_error_clear(&err);
	opts.delim = c->delim;
	opts.max_field = c->max_field;
	opts.chunk = chunk;
	if (chunk == 0) {
		st = dy_csv_read(NULL, c->in, len, &opts, collect, &k, &err);
	} else {
		/* glibc's fmemopen wants a size above 0 */
		f = len > 0 ? fmemopen((void *)c->in, len, "r") :
		    fopen("/dev/null", "r");
		if (f == NULL) {
			snprintf(got, gotlen, "cannot open the input");
			return 0;
		}
		st = dy_csv_read(f, NULL, 0, &opts, collect, &k, &err);
		fclose(f);
	}
	snprintf(got, gotlen, "%s (status %d line %zu)", k.buf, (int)st,
	    err.line);
	return k.ok && strcmp(k.buf, c->want) == 0 && st == c->st &&
	    (st == DYAD_OK || err.line == c->err_line);
}

static int
stop_after_one(const struct dy_record *rec, void *ctx)
{
	(void)rec;
	++*(int *)ctx;
	return 1;
}

/* Fields and line of the first two records, into size_t[4]. */
static int
count_fields(const struct dy_record *rec, void *ctx)
{
	size_t *shape = ctx;

	if (shape[1] == 0) {
		shape[0] = rec->n;
		shape[1] = rec->line;
	} else if (shape[3] == 0) {
		shape[2] = rec->n;
		shape[3] = rec->line;
	}
	return 0;
}

int
main(void)
{
	char what[160], got[4200];
	size_t i, chunk, len;
	int n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct csv_case *c = &cases[i];

		len = c->len ? c->len : strlen(c->in);
		snprintf(what, sizeof(what), "csv %s: from memory", c->name);
		check_report_(run(c, 0, got, sizeof(got)), what,
		    "got \"%s\" want \"%s\"", got, c->want);
		for (chunk = 1; chunk <= (len > 0 ? len : 1); chunk++)
			if (!run(c, chunk, got, sizeof(got)))
				break;
		snprintf(what, sizeof(what), "csv %s: every chunk size 1..%zu",
		    c->name, len > 0 ? len : 1);
		check_report_(chunk > (len > 0 ? len : 1), what,
		    "chunk %zu: got \"%s\" want \"%s\"", chunk, got, c->want);
	}

	/* A callback that asks to stop sees no further record. */
	{
		struct dy_csv_opts opts = { .delim = ',' };
		struct dyad_error err;

		n = 0;
		dyad_error_clear(&err);
		check_int(dy_csv_read(NULL, "a\nb\nc\n", 6, &opts,
		    stop_after_one,
		    &n, &err), DYAD_OK, "csv stop: status");
		check_int(n, 1, "csv stop: one record delivered");
	}

	/* 100,000 fields on one line, and the line number after it. */
	{
		struct dy_csv_opts opts = { .delim = ',' };
		struct dyad_error err;
		size_t nf = 100000, shape[4] = { 0, 0, 0, 0 };
		char *big = malloc(nf * 2 + 8);

		if (big == NULL)
			return 1;
		for (i = 0; i < nf; i++) {
			big[2 * i] = 'x';
			big[2 * i + 1] = i + 1 < nf ? ',' : '\n';
		}
		memcpy(big + 2 * nf, "y\n", 3);
		dyad_error_clear(&err);
		check_int(dy_csv_read(NULL, big, 2 * nf + 2, &opts,
		    count_fields,
		    shape, &err), DYAD_OK, "csv 100000 fields: status");
		check_int((long long)shape[0], 100000,
		    "csv 100000 fields: fields");
		check_int((long long)shape[1], 1,
		    "csv 100000 fields: its line");
		check_int((long long)shape[2], 1,
		    "csv 100000 fields: next fields");
		check_int((long long)shape[3], 2,
		    "csv 100000 fields: next line");
		free(big);
	}
	return check_summary();
}

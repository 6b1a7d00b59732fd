/* test_table.c - the output module (lib/table.c): each format of one small
 * table against text written out by hand, written whole and row by row
 * through a writer, the CSV round trip through dy_csv_read, missing cells,
 * p-value rounding, hostile labels, and the writer's blocks and errors. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csvread.h"
#include "dyad/table.h"
#include "internal.h"

/* Write t in fmt into a string (caller frees). */
static char *
render(const struct dyad_table *t, enum dyad_format fmt, bool safe)
{
	struct dyad_write_opts o = { false, false };
	struct dyad_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (f == NULL)
		return NULL;
	o.csv_safe = safe;
	dyad_error_clear(&err);
	if (dyad_table_write(t, fmt, &o, f, &err) != DYAD_OK) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

/* outcome (text), n (int), mean (num, 2 decimals), p (num, p rounding),
 * ok (bool), and no row yet. */
static struct dyad_table *
small_columns(void)
{
	struct dyad_table *t = NULL;
	struct dyad_error err;

	if (dyad_table_new(&t, &err) != DYAD_OK)
		return NULL;
	dyad_table_add_col(t, "outcome", DYAD_COL_TEXT, 0, true);
	dyad_table_add_col(t, "n", DYAD_COL_INT, 0, true);
	dyad_table_add_col(t, "mean", DYAD_COL_NUM, 2, true);
	dyad_table_add_col(t, "p", DYAD_COL_NUM, DYAD_ROUND_P, true);
	dyad_table_add_col(t, "ok", DYAD_COL_BOOL, 0, true);
	return t;
}

/* Row i (0 or 1) of the small table; row 1 has a missing mean, p and ok. */
static void
small_row(struct dyad_table *t, int i)
{
	dyad_table_add_row(t);
	if (i == 0) {
		dyad_table_set_text(t, 0, "CESD");
		dyad_table_set_int(t, 1, 12);
		dyad_table_set_num(t, 2, 0.1 + 0.2);    /* 0.30000000000000004 */
		dyad_table_set_num(t, 3, 0.0341);
		dyad_table_set_bool(t, 4, true);
		return;
	}
	dyad_table_set_text(t, 0, "say \"hi\", <b>");
	dyad_table_set_int(t, 1, -3);
	dyad_table_set_num(t, 2, NAN);          /* stays missing */
	dyad_table_set_text(t, 4, NULL);        /* wrong type, NULL: missing */
}

static struct dyad_table *
small_table(void)
{
	struct dyad_table *t = small_columns();

	if (t != NULL) {
		small_row(t, 0);
		small_row(t, 1);
	}
	return t;
}

/* The small table's rows through a writer, one at a time, the way
 * dyad_analysis_change_write makes them: the header from a table without
 * rows, then each row in the same table, emptied in between.  Into a
 * string (caller frees), or NULL on any failure. */
static char *
render_stream(enum dyad_format fmt)
{
	struct dyad_table *t = small_columns();
	struct dyad_writer *w = NULL;
	struct dyad_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int i, bad = f == NULL || t == NULL ||
	    dyad_writer_new(&w, fmt, NULL, f, &err) != DYAD_OK ||
	    dyad_writer_put(w, t, &err) != DYAD_OK;

	for (i = 0; i < 2 && !bad; i++) {
		dyad_table_clear(t);
		small_row(t, i);
		bad = dyad_writer_put(w, t, &err) != DYAD_OK;
	}
	if (!bad)
		bad = dyad_writer_finish(w, &err) != DYAD_OK;
	dyad_writer_free(w);
	dyad_table_free(t);
	if (f != NULL)
		fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Everything read back from CSV text: rows of fields joined by '|'. */
struct back {
	char text[2048];
	size_t n;
};

static int
gather(const struct dy_record *rec, void *ctx)
{
	struct back *b = ctx;
	size_t i;

	for (i = 0; i < rec->n; i++) {
		size_t k = strlen(rec->field[i]);

		if (b->n + k + 2 >= sizeof(b->text))
			return 1;
		memcpy(b->text + b->n, rec->field[i], k);
		b->n += k;
		b->text[b->n++] = i + 1 < rec->n ? '|' : '/';
	}
	b->text[b->n] = '\0';
	return 0;
}

/* The small table in each format, by hand.  Table: each column as wide
 * as its longest cell, two spaces between; names and text flush left (the
 * last column unpadded), numbers and yes/no flush right; missing is an em
 * dash (U+2014, one column wide).  CSV: RFC 4180 quoting.  JSON: one
 * object per row.  Markdown: a pipe table, text escaped. */
static const struct {
	enum dyad_format fmt;
	const char *name, *text;
} small_text[] = {
	{ DYAD_FMT_TABLE, "table",
	    "outcome        n   mean  p     ok\n"
	    "CESD           12  0.30  .034  yes\n"
	    "say \"hi\", <b>  -3     \xe2\x80\x94     \xe2\x80\x94    "
	    "\xe2\x80\x94\n" },
	{ DYAD_FMT_CSV, "csv",
	    "outcome,n,mean,p,ok\n"
	    "CESD,12,0.30000000000000004,0.0341,true\n"
	    "\"say \"\"hi\"\", <b>\",-3,,,\n" },
	{ DYAD_FMT_TSV, "tsv",
	    "outcome\tn\tmean\tp\tok\n"
	    "CESD\t12\t0.30000000000000004\t0.0341\ttrue\n"
	    "say \"hi\", <b>\t-3\t\t\t\n" },
	{ DYAD_FMT_JSON, "json",
	    "[\n"
	    "  {\"outcome\": \"CESD\", \"n\": 12, \"mean\": "
	    "0.30000000000000004, "
	    "\"p\": 0.0341, \"ok\": true},\n"
	    "  {\"outcome\": \"say \\\"hi\\\", <b>\", \"n\": -3, \"mean\": "
	    "null, "
	    "\"p\": null, \"ok\": null}\n"
	    "]\n" },
	{ DYAD_FMT_MARKDOWN, "markdown",
	    "| outcome | n | mean | p | ok |\n"
	    "| --- | ---: | ---: | ---: | ---: |\n"
	    "| CESD | 12 | 0.30 | .034 | yes |\n"
	    "| say \"hi\", &lt;b> | -3 | \xe2\x80\x94 | \xe2\x80\x94 | "
	    "\xe2\x80\x94 |\n" },
};

static void
test_formats(void)
{
	struct dyad_table *t = small_table();
	char what[80], *s;
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < sizeof(small_text) / sizeof(small_text[0]); i++) {
		s = render(t, small_text[i].fmt, false);
		snprintf(what, sizeof(what), "%s format", small_text[i].name);
		check_str(s, small_text[i].text, what);
		free(s);
		/* row by row through a writer: the same bytes */
		s = render_stream(small_text[i].fmt);
		snprintf(what, sizeof(what), "%s format, streamed row by row",
		    small_text[i].name);
		check_str(s, small_text[i].text, what);
		free(s);
	}
	dyad_table_free(t);

	/* an empty table */
	if (dyad_table_new(&t, NULL) != DYAD_OK)
		return;
	dyad_table_add_col(t, "a", DYAD_COL_TEXT, 0, true);
	s = render(t, DYAD_FMT_JSON, false);
	check_str(s, "[]\n", "json of no rows");
	free(s);
	/* one column and an empty cell: the row must not become a blank line */
	dyad_table_add_row(t);
	dyad_table_set_text(t, 0, "");
	dyad_table_add_row(t);
	s = render(t, DYAD_FMT_CSV, false);
	check_str(s, "a\n\"\"\n\"\"\n",
	    "csv: a lone empty cell is written \"\"");
	free(s);
	dyad_table_free(t);
}

static void
test_p_values(void)
{
	/* by hand, APA style: three decimals without the leading zero, and
	 * "<.001" below .001; 0.0335 is 0.033500000000000002 in binary, so
	 * it rounds up */
	static const struct { double p; const char *s; } t[] = {
		{ 0.0004, "<.001" }, { 0.0009999, "<.001" }, { 0, "<.001" },
		{ 0.001, ".001" }, { 0.0341, ".034" }, { 0.0335, ".034" },
		{ 0.05, ".050" }, { 0.5, ".500" }, { 0.9994, ".999" },
		{ 1, "1.000" },
	};
	struct dyad_table *tab = NULL;
	char what[64], want[64], *s;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		if (dyad_table_new(&tab, NULL) != DYAD_OK)
			return;
		dyad_table_add_col(tab, "p", DYAD_COL_NUM, DYAD_ROUND_P, true);
		dyad_table_add_row(tab);
		dyad_table_set_num(tab, 0, t[i].p);
		s = render(tab, DYAD_FMT_TABLE, false);
		/* a last column's name is not padded */
		snprintf(want, sizeof(want), "p\n%s\n", t[i].s);
		snprintf(what, sizeof(what), "p = %g shows as %s", t[i].p,
		    t[i].s);
		check_str(s, want, what);
		free(s);
		dyad_table_free(tab);
	}
}

static void
test_hostile(void)
{
	static const char *const labels[] = {
		"=HYPERLINK(\"http://evil\",\"click\")", "+1", "-2", "@SUM(A1)",
		"x\"; system(\"touch /tmp/pwned\"); \"", "l1\nl2", " pad ",
		"\ttab", "a,b;c", "<script>alert(1)</script>", "",
		"caf\xc3\xa9", "\x1b]0;title\x07",
	};
	size_t n = sizeof(labels) / sizeof(labels[0]), i;
	struct dy_csv_opts opts = { .delim = ',' };
	struct dyad_table *t = NULL;
	struct dyad_error err;
	struct back b;
	char want[2048], *s;
	size_t w = 0;

	if (dyad_table_new(&t, NULL) != DYAD_OK)
		return;
	dyad_table_add_col(t, "label", DYAD_COL_TEXT, 0, true);
	dyad_table_add_col(t, "k", DYAD_COL_INT, 0, true);
	for (i = 0; i < n; i++) {
		dyad_table_add_row(t);
		dyad_table_set_text(t, 0, labels[i]);
		dyad_table_set_int(t, 1, (long long)i);
	}
	/* CSV round trip: the same text comes back, field by field */
	s = render(t, DYAD_FMT_CSV, false);
	memset(&b, 0, sizeof(b));
	dyad_error_clear(&err);
	dy_csv_read(NULL, s, s ? strlen(s) : 0, &opts, gather, &b, &err);
	w = (size_t)snprintf(want, sizeof(want), "label|k/");
	for (i = 0; i < n; i++)
		w += (size_t)snprintf(want + w, sizeof(want) - w, "%s|%zu/",
		    labels[i], i);
	check_str(b.text, want, "csv round trip of hostile labels");
	free(s);

	/* with csv_safe, formulas come back with a leading ' */
	s = render(t, DYAD_FMT_CSV, true);
	memset(&b, 0, sizeof(b));
	dy_csv_read(NULL, s, s ? strlen(s) : 0, &opts, gather, &b, &err);
	check_true(strstr(b.text,
	    "/'=HYPERLINK(\"http://evil\",\"click\")|0/") !=
	    NULL && strstr(b.text, "/'+1|1/'-2|2/'@SUM(A1)|3/") != NULL &&
	    strstr(b.text, "/'\ttab|7/") != NULL,
	    "csv_safe neutralises = + - @ and tab");
	free(s);

	/* for people: control bytes become \xNN, the table keeps its lines */
	s = render(t, DYAD_FMT_TABLE, false);
	check_true(s != NULL && strstr(s, "l1\\x0al2") != NULL &&
	    strstr(s, "\\x1b]0;title\\x07") != NULL && strchr(s,
	    '\x1b') == NULL,
	    "table: control bytes shown as \\xNN");
	{
		size_t lines = 0;
		const char *p;

		for (p = s; p != NULL && *p != '\0'; p++)
			lines += *p == '\n';
		check_int((long long)lines, (long long)n + 1,
		    "table: one line per row");
	}
	free(s);
	s = render(t, DYAD_FMT_MARKDOWN, false);
	{
		size_t lines = 0;
		const char *p;

		for (p = s; p != NULL && *p != '\0'; p++)
			lines += *p == '\n';
		check_int((long long)lines, (long long)n + 2,
		    "markdown: one line per row");
		check_true(s != NULL && strstr(s, "<script") == NULL,
		    "markdown: no raw HTML");
	}
	free(s);
	dyad_table_free(t);
}

static void
test_write_error(void)
{
	struct dyad_table *t = small_table();
	struct dyad_error err;
	FILE *full = fopen("/dev/full", "w");

	if (t == NULL || full == NULL) {
		printf("skip - /dev/full unavailable\n");
		dyad_table_free(t);
		return;
	}
	setvbuf(full, NULL, _IONBF, 0);
	dyad_error_clear(&err);
	check_int(dyad_table_write(t, DYAD_FMT_CSV, NULL, full, &err), DYAD_EIO,
	    "write error is DYAD_EIO");
	check_true(err.sys_errno != 0, "write error keeps errno");
	fclose(full);
	dyad_table_free(t);
}

/* A write function that appends to a string, counting calls and the
 * largest block; with fail set it fails like a full disk. */
struct sink {
	char *text;
	size_t len, calls, largest;
	bool fail;
};

static int
sink_write(void *ctx, const char *buf, size_t len)
{
	struct sink *k = ctx;
	char *p;

	if (k->fail) {
		errno = ENOSPC;
		return -1;
	}
	p = realloc(k->text, k->len + len + 1);
	if (p == NULL)
		return -1;
	memcpy(p + k->len, buf, len);
	k->text = p;
	k->len += len;
	k->text[k->len] = '\0';
	k->calls++;
	if (len > k->largest)
		k->largest = len;
	return 0;
}

static void
test_writer(void)
{
	struct dyad_table *t = small_columns(), *other = NULL;
	struct dyad_writer *w = NULL;
	struct dyad_error err;
	struct sink k = { NULL, 0, 0, 0, false };
	char *big, *want, *s;
	size_t i, n = 20000, blen = 100000;
	int ok = 1;

	if (t == NULL)
		return;
	/* 20,000 rows through a write function: the bytes are those of the
	 * whole table written at once, in blocks of at most 64 KiB */
	ok = dyad_writer_new_fn(&w, DYAD_FMT_CSV, NULL, sink_write, &k, &err) ==
	    DYAD_OK;
	for (i = 0; ok && i < n; i++) {
		dyad_table_clear(t);
		small_row(t, (int)(i % 2));
		ok = dyad_writer_put(w, t, &err) == DYAD_OK &&
		    dyad_table_rows(t) == 1;
	}
	ok = ok && dyad_writer_finish(w, &err) == DYAD_OK;
	dyad_writer_free(w);
	dyad_table_clear(t);
	for (i = 0; i < n; i++)
		small_row(t, (int)(i % 2));
	s = render(t, DYAD_FMT_CSV, false);
	check_true(ok && s != NULL && k.text != NULL && strcmp(k.text, s) == 0,
	    "20,000 rows streamed to a function = the table written whole");
	check_true(k.calls > 1 && k.largest <= 65536,
	    "the function gets blocks of at most 64 KiB");
	free(s);
	free(k.text);
	memset(&k, 0, sizeof(k));

	/* a cell larger than the buffer goes through whole */
	big = malloc(blen + 1);
	want = malloc(blen + 64);
	if (big != NULL && want != NULL) {
		memset(big, 'x', blen);
		big[blen] = '\0';
		dyad_table_clear(t);
		dyad_table_add_row(t);
		dyad_table_set_text(t, 0, big);
		/* by hand: the header, the text unquoted, four empty cells */
		snprintf(want, blen + 64, "outcome,n,mean,p,ok\n%s,,,,\n", big);
		ok = dyad_writer_new_fn(&w, DYAD_FMT_CSV, NULL, sink_write, &k,
		    &err) == DYAD_OK && dyad_writer_put(w, t, &err) == DYAD_OK &&
		    dyad_writer_finish(w, &err) == DYAD_OK;
		dyad_writer_free(w);
		check_true(ok && k.text != NULL && strcmp(k.text, want) == 0,
		    "a 100,000-byte cell is written whole");
		free(k.text);
		memset(&k, 0, sizeof(k));
	}
	free(big);
	free(want);

	/* nothing put: the output of a table without columns */
	ok = dyad_writer_new_fn(&w, DYAD_FMT_JSON, NULL, sink_write, &k, &err) ==
	    DYAD_OK && dyad_writer_finish(w, &err) == DYAD_OK;
	check_true(ok && k.text != NULL && strcmp(k.text, "[]\n") == 0,
	    "json with nothing put is []");
	check_int(dyad_writer_finish(w, &err), DYAD_EINVAL,
	    "finishing twice is DYAD_EINVAL");
	check_int(dyad_writer_put(w, t, &err), DYAD_EINVAL,
	    "putting after the end is DYAD_EINVAL");
	dyad_writer_free(w);
	free(k.text);
	memset(&k, 0, sizeof(k));

	/* other columns than the first table's */
	if (dyad_table_new(&other, NULL) == DYAD_OK) {
		dyad_table_add_col(other, "outcome", DYAD_COL_TEXT, 0, true);
		ok = dyad_writer_new_fn(&w, DYAD_FMT_CSV, NULL, sink_write, &k,
		    &err) == DYAD_OK && dyad_writer_put(w, t, &err) == DYAD_OK;
		check_true(ok && dyad_writer_put(w, other, &err) == DYAD_EINVAL,
		    "a table with other columns is DYAD_EINVAL");
		dyad_writer_free(w);
		dyad_table_free(other);
		free(k.text);
		memset(&k, 0, sizeof(k));
	}

	/* a failing write function: DYAD_EIO with its errno, once the
	 * buffered header goes out */
	dyad_table_clear(t);
	k.fail = true;
	dyad_error_clear(&err);
	ok = dyad_writer_new_fn(&w, DYAD_FMT_TSV, NULL, sink_write, &k, &err) ==
	    DYAD_OK && dyad_writer_put(w, t, &err) == DYAD_OK;
	check_true(ok && dyad_writer_finish(w, &err) == DYAD_EIO &&
	    err.sys_errno == ENOSPC, "a failing write function is DYAD_EIO, "
	    "ENOSPC");
	dyad_writer_free(w);
	check_int(dyad_writer_new(&w, DYAD_FMT_CSV, NULL, NULL, &err),
	    DYAD_EINVAL, "no stream is DYAD_EINVAL");
	check_true(w == NULL, "and gives no writer");
	dyad_writer_free(NULL);

	/* clear keeps the columns; a borrowed text is written as it is */
	dyad_table_clear(t);
	small_row(t, 0);
	dyad_table_add_row(t);
	check_int(dy_table_set_text_ref(t, 0, "borrowed"), 0,
	    "a borrowed text cell is set");
	check_int((long long)dyad_table_rows(t), 2, "clear, then two rows");
	check_str(dyad_table_get_text(t, 0, 0), "CESD",
	    "a copied text after clear");
	check_str(dyad_table_get_text(t, 1, 0), "borrowed",
	    "a borrowed text reads back");
	s = render(t, DYAD_FMT_CSV, false);
	check_str(s, "outcome,n,mean,p,ok\n"
	    "CESD,12,0.30000000000000004,0.0341,true\n"
	    "borrowed,,,,\n", "a borrowed text is written");
	free(s);
	dyad_table_free(t);
}

/* Borrowed texts repeated down a column (written from a memo of the
 * plain ones after their first row) come out as if each were new: a
 * plain one as it is, one with a comma or a formula start quoted every
 * time, and a plain one again after a quoted one.  Expected by hand. */
static void
test_borrowed_repeats(void)
{
	static const char plain[] = "A", comma[] = "B,C", formula[] = "=x";
	static const char *const seq[] = { plain, plain, comma, comma, plain,
	    formula, formula, plain };
	struct dyad_table *t = NULL;
	struct dyad_error err;
	size_t i;
	char *s;

	if (dyad_table_new(&t, &err) != DYAD_OK)
		return;
	dyad_table_add_col(t, "v", DYAD_COL_TEXT, 0, true);
	dyad_table_add_col(t, "n", DYAD_COL_INT, 0, true);
	for (i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		dyad_table_add_row(t);
		dy_table_set_text_ref(t, 0, seq[i]);
		dyad_table_set_int(t, 1, (long long)i);
	}
	s = render(t, DYAD_FMT_CSV, false);
	check_str(s, "v,n\nA,0\nA,1\n\"B,C\",2\n\"B,C\",3\nA,4\n=x,5\n=x,6\n"
	    "A,7\n", "borrowed repeats: CSV");
	free(s);
	s = render(t, DYAD_FMT_CSV, true);
	check_str(s, "v,n\nA,0\nA,1\n\"B,C\",2\n\"B,C\",3\nA,4\n\"'=x\",5\n"
	    "\"'=x\",6\nA,7\n", "borrowed repeats: CSV, --csv-safe");
	free(s);
	dyad_table_free(t);
}

int
main(void)
{
	enum dyad_format f;

	test_borrowed_repeats();

	test_formats();
	test_p_values();
	test_hostile();
	test_write_error();
	test_writer();
	check_true(dyad_format_parse("md", &f) == 0 && f == DYAD_FMT_MARKDOWN,
	    "format md is markdown");
	check_int(dyad_format_parse("xml", &f), -1, "format xml is unknown");
	return check_summary();
}

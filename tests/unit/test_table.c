/* test_table.c - the output module (lib/table.c): each format of one small
 * table against text written out by hand, the CSV round trip through
 * dy_csv_read, missing cells, p-value rounding and hostile labels. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csvread.h"
#include "dyad/table.h"

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
 * ok (bool); row 2 has a missing mean, p and ok. */
static struct dyad_table *
small_table(void)
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
	dyad_table_add_row(t);
	dyad_table_set_text(t, 0, "CESD");
	dyad_table_set_int(t, 1, 12);
	dyad_table_set_num(t, 2, 0.1 + 0.2);    /* 0.30000000000000004 */
	dyad_table_set_num(t, 3, 0.0341);
	dyad_table_set_bool(t, 4, true);
	dyad_table_add_row(t);
	dyad_table_set_text(t, 0, "say \"hi\", <b>");
	dyad_table_set_int(t, 1, -3);
	dyad_table_set_num(t, 2, NAN);          /* stays missing */
	dyad_table_set_text(t, 4, NULL);        /* wrong type, NULL: missing */
	return t;
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

static void
test_formats(void)
{
	struct dyad_table *t = small_table();
	char *s;

	if (t == NULL)
		return;
	/* by hand: each column as wide as its longest cell, two spaces
	 * between; names and text flush left (the last column unpadded),
	 * numbers and yes/no flush right; missing is an em dash (U+2014, one
	 * column wide) */
	s = render(t, DYAD_FMT_TABLE, false);
	check_str(s,
	    "outcome        n   mean  p     ok\n"
	    "CESD           12  0.30  .034  yes\n"
	    "say \"hi\", <b>  -3     \xe2\x80\x94     \xe2\x80\x94    "
	    "\xe2\x80\x94\n",
	    "table format");
	free(s);
	s = render(t, DYAD_FMT_CSV, false);
	check_str(s,
	    "outcome,n,mean,p,ok\n"
	    "CESD,12,0.30000000000000004,0.0341,true\n"
	    "\"say \"\"hi\"\", <b>\",-3,,,\n", "csv format");
	free(s);
	s = render(t, DYAD_FMT_TSV, false);
	check_str(s,
	    "outcome\tn\tmean\tp\tok\n"
	    "CESD\t12\t0.30000000000000004\t0.0341\ttrue\n"
	    "say \"hi\", <b>\t-3\t\t\t\n", "tsv format");
	free(s);
	s = render(t, DYAD_FMT_JSON, false);
	check_str(s,
	    "[\n"
	    "  {\"outcome\": \"CESD\", \"n\": 12, \"mean\": "
	    "0.30000000000000004, "
	    "\"p\": 0.0341, \"ok\": true},\n"
	    "  {\"outcome\": \"say \\\"hi\\\", <b>\", \"n\": -3, \"mean\": "
	    "null, "
	    "\"p\": null, \"ok\": null}\n"
	    "]\n", "json format");
	free(s);
	s = render(t, DYAD_FMT_MARKDOWN, false);
	check_str(s,
	    "| outcome | n | mean | p | ok |\n"
	    "| --- | ---: | ---: | ---: | ---: |\n"
	    "| CESD | 12 | 0.30 | .034 | yes |\n"
	    "| say \"hi\", &lt;b> | -3 | \xe2\x80\x94 | \xe2\x80\x94 | "
	    "\xe2\x80\x94 |\n", "markdown format");
	free(s);
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

int
main(void)
{
	enum dyad_format f;

	test_formats();
	test_p_values();
	test_hostile();
	test_write_error();
	check_true(dyad_format_parse("md", &f) == 0 && f == DYAD_FMT_MARKDOWN,
	    "format md is markdown");
	check_int(dyad_format_parse("xml", &f), -1, "format xml is unknown");
	return check_summary();
}

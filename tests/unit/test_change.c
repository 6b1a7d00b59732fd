/* test_change.c - dyad_analysis_change_write (lib/results.c), which puts the
 * change rows to a writer as they are made, against the table the same
 * analysis gives whole (dyad_analysis_change_table written by
 * dyad_table_write): the same bytes in every format, on the example data,
 * on a small file with a --by column of its own and labels that need
 * escaping, and with no pair at all.  The rows themselves are checked
 * against R and by hand in the golden tests (tests/cli/change-*). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad.h"

/* Two people on CESD with a --by column "lang" whose values need quotes
 * in CSV, escapes in JSON and TSV, and a formula guard. */
static const char small_csv[] =
    "child_id,caregiver_id,measure,timepoint,score,lang\n"
    "C1,G1,CESD,intake,30,\"es, \"\"mx\"\"\"\n"
    "C1,G1,CESD,discharge,12.5,\"es, \"\"mx\"\"\"\n"
    "C2,G2,CESD,intake,22,=1+1\n"
    "C2,G2,CESD,discharge,27,=1+1\n"
    "C3,G3,CESD,intake,9,\"tab\there\"\n"
    "C3,G3,CESD,discharge,3,\"tab\there\"\n";

static struct dyad_analysis *
analyse(const struct dyad_catalog *cat, struct dyad_data **d, FILE *in,
    const struct dyad_pair_opts *o)
{
	struct dyad_analysis *a = NULL;
	struct dyad_error err;

	if (in == NULL || dyad_data_new(d, cat, &err) != DYAD_OK)
		return NULL;
	if (dyad_data_read(*d, in, "test", NULL, &err) != DYAD_OK ||
	    dyad_analysis_run(&a, *d, o, &err) != DYAD_OK)
		a = NULL;
	fclose(in);
	return a;
}

/* The change rows in fmt, whole (stream false) or streamed; caller frees. */
static char *
render(const struct dyad_analysis *a, enum dyad_format fmt, bool stream)
{
	struct dyad_write_opts wo = { true, false };    /* csv_safe */
	struct dyad_table *t = NULL;
	struct dyad_writer *w = NULL;
	struct dyad_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int bad;

	if (f == NULL)
		return NULL;
	if (stream)
		bad = dyad_writer_new(&w, fmt, &wo, f, &err) != DYAD_OK ||
		    dyad_analysis_change_write(a, w, &err) != DYAD_OK ||
		    dyad_writer_finish(w, &err) != DYAD_OK;
	else
		bad = dyad_analysis_change_table(a, &t, &err) != DYAD_OK ||
		    dyad_table_write(t, fmt, &wo, f, &err) != DYAD_OK;
	dyad_writer_free(w);
	dyad_table_free(t);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void
compare(const struct dyad_analysis *a, const char *tag)
{
	static const struct { enum dyad_format f; const char *name; } fmts[] = {
		{ DYAD_FMT_CSV, "csv" }, { DYAD_FMT_TSV, "tsv" },
		{ DYAD_FMT_JSON, "json" }, { DYAD_FMT_TABLE, "table" },
		{ DYAD_FMT_MARKDOWN, "markdown" },
	};
	char what[120];
	size_t i;

	for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		char *whole = render(a, fmts[i].f, false);
		char *streamed = render(a, fmts[i].f, true);

		snprintf(what, sizeof(what), "%s: %s streamed = written whole",
		    tag, fmts[i].name);
		check_true(whole != NULL && streamed != NULL &&
		    strcmp(whole, streamed) == 0, what);
		free(whole);
		free(streamed);
	}
}

static int
fail_write(void *ctx, const char *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	errno = EPIPE;
	return -1;
}

int
main(void)
{
	struct dyad_catalog *cat = NULL;
	struct dyad_data *d = NULL;
	struct dyad_analysis *a;
	struct dyad_pair_opts o;
	struct dyad_writer *w = NULL;
	struct dyad_error err;
	const char *none[] = { "PHQ9" };
	char *s;

	if (dyad_catalog_new_default(&cat, &err) != DYAD_OK) {
		printf("not ok - default catalog: %s\n", err.msg);
		return 1;
	}

	dyad_pair_opts_init(&o);
	a = analyse(cat, &d, fopen("examples/cpp.csv", "r"), &o);
	/* 101 + 110 + 75 + 64 + 88 + 51 + 123 + 124 + 118 + 73: the n_pairs
	 * of the README's dyad stats table (checked against R, tests/ref) */
	check_true(a != NULL && dyad_analysis_pairs(a) == 927,
	    "examples/cpp.csv: 927 pairs");
	if (a != NULL) {
		compare(a, "examples/cpp.csv");
		/* a write that fails: DYAD_EIO with its errno, whatever the
		 * size of the output */
		dyad_error_clear(&err);
		check_true(dyad_writer_new_fn(&w, DYAD_FMT_CSV, NULL, fail_write,
		    NULL, &err) == DYAD_OK &&
		    (dyad_analysis_change_write(a, w, &err) == DYAD_EIO ||
		    dyad_writer_finish(w, &err) == DYAD_EIO) &&
		    err.sys_errno == EPIPE, "a failing write is DYAD_EIO, EPIPE");
		dyad_writer_free(w);
	}
	dyad_analysis_free(a);
	dyad_data_free(d);

	o.by = "lang";
	a = analyse(cat, &d, fmemopen((void *)small_csv, sizeof(small_csv) - 1,
	    "r"), &o);
	check_true(a != NULL && dyad_analysis_pairs(a) == 3,
	    "--by lang: 3 pairs");
	if (a != NULL)
		compare(a, "--by lang, labels to escape");
	dyad_analysis_free(a);
	dyad_data_free(d);

	/* a measure of the catalog without data: the header alone */
	dyad_pair_opts_init(&o);
	o.measures = none;
	o.nmeasures = 1;
	a = analyse(cat, &d, fopen("examples/cpp.csv", "r"), &o);
	check_true(a != NULL && dyad_analysis_pairs(a) == 0,
	    "--measure PHQ9: no pair");
	if (a != NULL) {
		compare(a, "no pair");
		s = render(a, DYAD_FMT_JSON, true);
		check_str(s, "[]\n", "no pair: json is []");
		free(s);
	}
	dyad_analysis_free(a);
	dyad_data_free(d);
	dyad_catalog_free(cat);
	return check_summary();
}

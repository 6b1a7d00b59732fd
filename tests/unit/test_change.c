/* test_change.c - dyad_analysis_change_write and dyad_analysis_stats_write
 * (lib/results.c), which put the change rows and the stats records to a
 * writer as they are made, against the tables the same analysis gives whole
 * (dyad_analysis_change_table, dyad_analysis_stats_table written by
 * dyad_table_write): the same bytes in every format, on the example data,
 * on a small file with a --by column of its own and labels that need
 * escaping, with --by child_id (one record per child and measure, in
 * measure and child order), and with no pair at all.  The rows themselves
 * are checked against R and by hand in the golden tests
 * (tests/cli/change-*, tests/cli/stats-*). */
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

/* What is rendered: the change rows, the stats records, with --flow. */
enum kind { CHANGE, STATS, STATS_FLOW };

/* The rows of kind in fmt, whole (stream false) or streamed; caller
 * frees. */
static char *
render_kind(const struct dyad_analysis *a, enum kind kind,
    enum dyad_format fmt, bool stream)
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
		    (kind == CHANGE ? dyad_analysis_change_write(a, w, &err) :
		    dyad_analysis_stats_write(a, kind == STATS_FLOW, w, &err)) !=
		    DYAD_OK || dyad_writer_finish(w, &err) != DYAD_OK;
	else
		bad = (kind == CHANGE ? dyad_analysis_change_table(a, &t, &err) :
		    dyad_analysis_stats_table(a, kind == STATS_FLOW, &t, &err)) !=
		    DYAD_OK || dyad_table_write(t, fmt, &wo, f, &err) != DYAD_OK;
	dyad_writer_free(w);
	dyad_table_free(t);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	return buf;
}

static char *
render(const struct dyad_analysis *a, enum dyad_format fmt, bool stream)
{
	return render_kind(a, CHANGE, fmt, stream);
}

static void
compare(const struct dyad_analysis *a, const char *tag)
{
	static const char *const kinds[] = { "change", "stats", "stats --flow" };
	static const struct { enum dyad_format f; const char *name; } fmts[] = {
		{ DYAD_FMT_CSV, "csv" }, { DYAD_FMT_TSV, "tsv" },
		{ DYAD_FMT_JSON, "json" }, { DYAD_FMT_TABLE, "table" },
		{ DYAD_FMT_MARKDOWN, "markdown" },
	};
	char what[160];
	size_t i;
	int k;

	for (k = CHANGE; k <= STATS_FLOW; k++)
		for (i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
			char *whole = render_kind(a, (enum kind)k, fmts[i].f, false);
			char *streamed = render_kind(a, (enum kind)k, fmts[i].f,
			    true);

			snprintf(what, sizeof(what), "%s: %s %s streamed = "
			    "written whole", tag, kinds[k], fmts[i].name);
			check_true(whole != NULL && streamed != NULL &&
			    strcmp(whole, streamed) == 0, what);
			free(whole);
			free(streamed);
		}
}

/* With --by child_id: records in (measure, child) order, and together the
 * 927 pairs of the whole analysis (each outcome moved once by the sort,
 * none lost or repeated). */
static void
check_by_child(const struct dyad_catalog *cat)
{
	struct dyad_data *d = NULL;
	struct dyad_analysis *a;
	struct dyad_pair_opts o;
	size_t i, n, sum = 0, bad = 0;

	dyad_pair_opts_init(&o);
	o.by = "child_id";
	a = analyse(cat, &d, fopen("examples/cpp.csv", "r"), &o);
	n = a != NULL ? dyad_analysis_outcomes(a) : 0;
	for (i = 0; i < n; i++) {
		const struct dyad_outcome *x = dyad_analysis_outcome(a, i);

		sum += x->n_pairs;
		if (i > 0) {
			const struct dyad_outcome *w = dyad_analysis_outcome(a, i - 1);

			if (w->measure > x->measure || (w->measure == x->measure &&
			    strcmp(dyad_analysis_group(a, w->group),
			    dyad_analysis_group(a, x->group)) >= 0))
				bad++;
		}
	}
	check_true(a != NULL && n > 927 / 2 && bad == 0,
	    "--by child_id: records in measure, then child order");
	/* 927: the README's n_pairs summed (see main) */
	check_true(sum == 927, "--by child_id: the records hold the 927 pairs");
	if (a != NULL)
		compare(a, "--by child_id");
	dyad_analysis_free(a);
	dyad_data_free(d);
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

	check_by_child(cat);

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

/* test_putrows.c - dyad_analysis_change_write on two threads (lib/putrows.c)
 * writes the bytes of one thread: CSV, TSV and JSON of 24,000 pairs (over
 * the 20,000 where a second thread starts), with ids that need quotes, a
 * formula guard and JSON escapes; one row per pair; and a write that fails
 * part way is DYAD_EIO with both threads stopped. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad.h"

#define CHILDREN 6000   /* x 4 measures = 24,000 pairs */

/* The data, in memory: a child id with a comma, one with a quote, one
 * starting with '=' (csv_safe) and a plain one, in turn. */
static char *
make_csv(size_t *len)
{
	static const char *const measure[] = { "CESD", "PCL5", "CBCL15_INT",
	    "CBCL15_EXT" };
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	size_t c, m;

	if (f == NULL)
		return NULL;
	fputs("child_id,caregiver_id,site,measure,timepoint,score\n", f);
	for (c = 0; c < CHILDREN; c++) {
		char id[32];

		switch (c % 4) {
		case 0: snprintf(id, sizeof(id), "\"C,%zu\"", c); break;
		case 1: snprintf(id, sizeof(id), "\"C\"\"%zu\"", c); break;
		case 2: snprintf(id, sizeof(id), "=C%zu", c); break;
		default: snprintf(id, sizeof(id), "C%zu", c); break;
		}
		for (m = 0; m < 4; m++) {
			fprintf(f, "%s,G%zu,Site %zu,%s,intake,%zu\n", id, c,
			    c % 3, measure[m], 30 + (c * 7 + m) % 20);
			fprintf(f, "%s,G%zu,Site %zu,%s,discharge,%zu.5\n",
			    id, c, c % 3, measure[m], 20 + (c * 11 + m) % 25);
		}
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The change rows of a in fmt; caller frees. */
static char *
render(const struct dyad_analysis *a, enum dyad_format fmt, size_t *len)
{
	struct dyad_write_opts wo = { true, false };    /* csv_safe */
	struct dyad_writer *w = NULL;
	struct dyad_error err;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	int bad;

	if (f == NULL)
		return NULL;
	bad = dyad_writer_new(&w, fmt, &wo, f, &err) != DYAD_OK ||
	    dyad_analysis_change_write(a, w, &err) != DYAD_OK ||
	    dyad_writer_finish(w, &err) != DYAD_OK;
	dyad_writer_free(w);
	if (fclose(f) != 0 || bad) {
		free(buf);
		return NULL;
	}
	return buf;
}

static size_t
count(const char *s, size_t len, const char *what)
{
	size_t n = 0, k = strlen(what), i;

	for (i = 0; i + k <= len; i++)
		if (memcmp(s + i, what, k) == 0)
			n++;
	return n;
}

/* a1 and a2: the same analysis with threads 1 and 2. */
static void
compare(const struct dyad_analysis *a1, const struct dyad_analysis *a2,
    enum dyad_format fmt, const char *name)
{
	size_t n = dyad_analysis_pairs(a1), len1 = 0, len2 = 0, rows;
	char *one = render(a1, fmt, &len1);
	char *two = render(a2, fmt, &len2);
	char what[120];

	snprintf(what, sizeof(what), "%s: two threads = one, %zu bytes", name,
	    len1);
	check_true(one != NULL && two != NULL && len1 > 0 && len1 == len2 &&
	    memcmp(one, two, len1) == 0, what);
	if (one != NULL && two != NULL) {
		/* JSON: one object per pair; CSV and TSV: a line per pair and
		 * the header (no id holds a newline) */
		rows = fmt == DYAD_FMT_JSON ? count(two, len2, "\n  {") :
		    count(two, len2, "\n");
		snprintf(what, sizeof(what), "%s: %s", name, fmt ==
		    DYAD_FMT_JSON ? "an object per pair" :
		    "a line per pair and the header");
		check_int((long long)rows, (long long)(fmt == DYAD_FMT_JSON ?
		    n : n + 1), what);
	}
	free(one);
	free(two);
}

/* A sink that fails after limit bytes. */
struct sink {
	size_t got, limit;
};

static int
sink_write(void *ctx, const char *buf, size_t len)
{
	struct sink *k = ctx;

	(void)buf;
	if (k->got + len > k->limit) {
		errno = EPIPE;
		return -1;
	}
	k->got += len;
	return 0;
}

static void
failing(const struct dyad_analysis *a, size_t limit, const char *what)
{
	struct dyad_writer *w = NULL;
	struct dyad_error err;
	struct sink k = { 0, limit };
	enum dyad_status st = DYAD_EINVAL;

	dyad_error_clear(&err);
	if (dyad_writer_new_fn(&w, DYAD_FMT_CSV, NULL, sink_write, &k,
	    &err) == DYAD_OK) {
		st = dyad_analysis_change_write(a, w, &err);
		if (st == DYAD_OK)
			st = dyad_writer_finish(w, &err);
	}
	dyad_writer_free(w);
	check_true(st == DYAD_EIO && err.sys_errno == EPIPE, what);
}

/* The analysis of the data with the given threads, or NULL. */
static struct dyad_analysis *
analyse(const struct dyad_catalog *cat, struct dyad_data **d, char *csv,
    size_t len, unsigned threads)
{
	struct dyad_analysis *a = NULL;
	struct dyad_pair_opts o;
	struct dyad_error err;
	FILE *in = fmemopen(csv, len, "r");

	dyad_pair_opts_init(&o);
	o.threads = threads;
	if (in == NULL || dyad_data_new(d, cat, &err) != DYAD_OK ||
	    dyad_data_read(*d, in, "test", NULL, &err) != DYAD_OK ||
	    dyad_analysis_run(&a, *d, &o, &err) != DYAD_OK)
		a = NULL;
	if (in != NULL)
		fclose(in);
	return a;
}

int
main(void)
{
	struct dyad_catalog *cat = NULL;
	struct dyad_data *d1 = NULL, *d2 = NULL;
	struct dyad_analysis *a1, *a2;
	struct dyad_error err;
	size_t len = 0;
	char *csv = make_csv(&len);

	if (csv == NULL || dyad_catalog_new_default(&cat, &err) != DYAD_OK) {
		printf("not ok - set up\n");
		return 1;
	}
	a1 = analyse(cat, &d1, csv, len, 1);
	a2 = analyse(cat, &d2, csv, len, 2);
	check_int(a2 != NULL ? (long long)dyad_analysis_pairs(a2) : -1,
	    CHILDREN * 4, "24,000 pairs");
	if (a1 != NULL && a2 != NULL) {
		compare(a1, a2, DYAD_FMT_CSV, "csv");
		compare(a1, a2, DYAD_FMT_TSV, "tsv");
		compare(a1, a2, DYAD_FMT_JSON, "json");
		/* the first write fails (the main thread's first block) and
		 * one fails in the middle (after blocks of both threads) */
		failing(a2, 0, "two threads, the first write fails: DYAD_EIO");
		failing(a2, 1500000, "two threads, a write fails midway: "
		    "DYAD_EIO");
	}
	dyad_analysis_free(a1);
	dyad_analysis_free(a2);
	dyad_data_free(d1);
	dyad_data_free(d2);
	dyad_catalog_free(cat);
	free(csv);
	return check_summary();
}

/* test_waves.c - dyad_waves_run (lib/waves.c) on a file small enough to
 * summarise by hand, and dyad_waves_of, which summarises under an analysis
 * already run, against dyad_waves_run with the same options: the same
 * table, on the example data, with --by and with a timepoint order of its
 * own.  The example data's waves are checked against R in the golden tests
 * (tests/cli/waves-*). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad.h"

/* CESD of three people; C3 has no mid score. */
static const char small_csv[] =
    "child_id,caregiver_id,measure,timepoint,score\n"
    "C1,G1,CESD,intake,20\n"
    "C1,G1,CESD,mid,14\n"
    "C1,G1,CESD,discharge,8\n"
    "C2,G2,CESD,intake,16\n"
    "C2,G2,CESD,mid,12\n"
    "C2,G2,CESD,discharge,10\n"
    "C3,G3,CESD,intake,24\n"
    "C3,G3,CESD,discharge,12\n";

static struct dyad_data *
load(const struct dyad_catalog *cat, FILE *in)
{
	struct dyad_data *d = NULL;
	struct dyad_error err;

	if (in == NULL)
		return NULL;
	if (dyad_data_new(&d, cat, &err) != DYAD_OK ||
	    dyad_data_read(d, in, "test", NULL, &err) != DYAD_OK) {
		dyad_data_free(d);
		d = NULL;
	}
	fclose(in);
	return d;
}

/* The waves' table as CSV; caller frees.  NULL on any failure. */
static char *
csv_of(const struct dyad_waves *w)
{
	struct dyad_table *t = NULL;
	struct dyad_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int bad;

	if (w == NULL || (f = open_memstream(&buf, &len)) == NULL)
		return NULL;
	bad = dyad_waves_table(w, &t, &err) != DYAD_OK ||
	    dyad_table_write(t, DYAD_FMT_CSV, NULL, f, &err) != DYAD_OK;
	dyad_table_free(t);
	fclose(f);
	if (bad) {
		free(buf);
		return NULL;
	}
	return buf;
}

static void
hand_checked(const struct dyad_catalog *cat)
{
	struct dyad_data *d = load(cat, fmemopen((void *)small_csv,
	    sizeof(small_csv) - 1, "r"));
	struct dyad_waves *w = NULL;
	struct dyad_error err;
	const struct dyad_wave *v[3] = { NULL, NULL, NULL };
	const struct dyad_wave_test *te;
	size_t i;

	if (d == NULL || dyad_waves_run(&w, d, NULL, &err) != DYAD_OK) {
		check_true(0, "small file: waves");
		dyad_data_free(d);
		return;
	}
	check_int((long long)dyad_waves_count(w), 3, "small file: 3 waves");
	for (i = 0; i < dyad_waves_count(w) && i < 3; i++) {
		const struct dyad_wave *x = dyad_waves_at(w, i);
		size_t k = dyad_waves_order(w, x->timepoint);

		if (k < 3)
			v[k] = x;
	}
	if (v[0] == NULL || v[1] == NULL || v[2] == NULL) {
		check_true(0, "small file: intake, mid and discharge");
		dyad_waves_free(w);
		dyad_data_free(d);
		return;
	}
	/* by hand: intake 20, 16, 24 -> mean 20, SS 32, SD 4; mid 14, 12 ->
	 * 13, SD sqrt 2; discharge 8, 10, 12 -> 10, SD 2 */
	check_int((long long)v[0]->n, 3, "intake: n 3");
	check_rel(v[0]->mean, 20, 1e-15, "intake: mean 20");
	check_rel(v[0]->sd, 4, 1e-15, "intake: SD 4");
	check_int((long long)v[1]->n, 2, "mid: n 2 (C3 has none)");
	check_rel(v[1]->mean, 13, 1e-15, "mid: mean 13");
	check_rel(v[1]->sd, sqrt(2), 1e-15, "mid: SD sqrt 2");
	check_rel(v[2]->mean, 10, 1e-15, "discharge: mean 10");
	check_rel(v[2]->sd, 2, 1e-15, "discharge: SD 2");
	/* 20 -+ t * 4 / sqrt(3) with t = qt(0.975, 2), which on 2 df is
	 * (2p - 1) / sqrt(2p(1 - p)) = 0.95 / sqrt(0.04875); R 4.2:
	 * 20 - qt(0.975, 2) * 4 / sqrt(3) = 10.063449152998679 */
	check_rel(v[0]->ci_low, 10.063449152998679, 1e-13, "intake: CI low");
	check_rel(v[0]->ci_high, 40 - 10.063449152998679, 1e-13,
	    "intake: CI high");
	/* Friedman over C1 and C2, both falling: ranks 3, 2, 1 each, rank
	 * sums 6, 4, 2; 12 / (2 * 3 * 4) * (36 + 16 + 4) - 3 * 2 * 4 = 4 on
	 * 2 df, p = exp(-4 / 2) */
	te = dyad_waves_tests(w) == 1 ? dyad_waves_test(w, 0) : NULL;
	check_true(te != NULL && te->k == 3 && te->n_complete == 2,
	    "one test, k 3, two people complete");
	if (te != NULL) {
		check_rel(te->friedman.statistic, 4, 1e-14, "Friedman chi2 4");
		check_rel(te->friedman.df, 2, 0, "Friedman df 2");
		check_rel(te->friedman.p, exp(-2), 1e-14, "Friedman p exp(-2)");
	}
	dyad_waves_free(w);
	dyad_data_free(d);
}

/* dyad_waves_of under an analysis run with o = dyad_waves_run with o. */
static void
same_as_run(const struct dyad_data *d, const struct dyad_pair_opts *o,
    const char *tag)
{
	struct dyad_analysis *a = NULL;
	struct dyad_waves *w1 = NULL, *w2 = NULL;
	struct dyad_error err;
	char *s1, *s2, what[120];

	if (dyad_analysis_run(&a, d, o, &err) != DYAD_OK ||
	    dyad_waves_of(&w1, a, &err) != DYAD_OK)
		w1 = NULL;
	dyad_analysis_free(a);          /* the waves need only the data */
	if (dyad_waves_run(&w2, d, o, &err) != DYAD_OK)
		w2 = NULL;
	s1 = csv_of(w1);
	s2 = csv_of(w2);
	snprintf(what, sizeof(what), "%s: waves of an analysis = waves run",
	    tag);
	check_true(s1 != NULL && s2 != NULL && strlen(s1) > 200 &&
	    strcmp(s1, s2) == 0, what);
	free(s1);
	free(s2);
	dyad_waves_free(w1);
	dyad_waves_free(w2);
}

int
main(void)
{
	struct dyad_catalog *cat = NULL;
	struct dyad_data *d;
	struct dyad_waves *w = NULL;
	struct dyad_pair_opts o;
	struct dyad_error err;
	const char *order[] = { "discharge", "mid", "intake" };

	if (dyad_catalog_new_default(&cat, &err) != DYAD_OK) {
		printf("not ok - default catalog: %s\n", err.msg);
		return 1;
	}
	hand_checked(cat);

	d = load(cat, fopen("examples/cpp.csv", "r"));
	check_true(d != NULL, "examples/cpp.csv read");
	if (d != NULL) {
		dyad_pair_opts_init(&o);
		same_as_run(d, &o, "examples/cpp.csv");
		o.by = "site";
		same_as_run(d, &o, "--by site");
		dyad_pair_opts_init(&o);
		o.order = order;
		o.norder = 3;
		o.conf = 0.9;
		same_as_run(d, &o, "--timepoints discharge,mid,intake --conf 0.9");
	}
	dyad_data_free(d);
	dyad_error_clear(&err);
	check_true(dyad_waves_of(&w, NULL, &err) == DYAD_EINVAL && w == NULL,
	    "no analysis: DYAD_EINVAL");
	dyad_catalog_free(cat);
	return check_summary();
}

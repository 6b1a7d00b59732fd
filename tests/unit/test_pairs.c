/* test_pairs.c - the pairs of dyad_analysis_run (lib/pairs.c) and their RCI
 * (lib/outcome.c) on files large enough for every path: a file grouped by
 * case whose children have two caregivers with interleaved rows (the
 * pairs found out of row order by a few places: the insertion sort), the
 * same rows shuffled (the radix sort), each read and paired on one thread
 * and on two (the rows classified and the people paired in two halves,
 * the second filling each measure's part of the pairs from its end; the
 * RCI computed in two halves), and paired only (the analysis of dyad
 * change: no outcome statistics).
 *
 * Every expected value is computed here from the rows as written, not by
 * the library: which rows pair (the intake and discharge of one child,
 * caregiver and measure), the order of the pairs (catalog order of the
 * measure, then file order of the pre row), and the Jacobson-Truax RCI,
 * change / (sqrt(2) * s_pre * sqrt(1 - reliability)), with s_pre the
 * sample SD of the measure's pre scores (two-pass, by hand) and the
 * reliability from the catalog. */
#define _GNU_SOURCE
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad.h"

#define NCHILD 30000    /* 2 caregivers each: 120,000 pairs on 2 measures,
                         * over the two-thread thresholds (100,000 rows
                         * classified, 100,000 pairs summarised) */
static const char *const code[2] = { "CESD", "PCL5" };

/* One row as written: its person, measure, timepoint and score. */
struct line {
	uint32_t child, caregiver;
	int measure;            /* 0 or 1: code[] */
	int post;               /* 0 intake, 1 discharge */
	int score;
};

static uint64_t
next(uint64_t *s)        /* splitmix64 */
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Rows grouped by case: per child and measure, both caregivers' intakes,
 * then their discharges (so a child's second person pairs before the
 * first's pair ends).  Every 7th person lacks a discharge on PCL5. */
static struct line *
make_lines(size_t *n, uint64_t *seed)
{
	struct line *v = malloc(NCHILD * 8 * sizeof(*v));
	size_t k = 0;
	uint32_t c;
	int m, post, g;

	if (v == NULL)
		return NULL;
	for (c = 0; c < NCHILD; c++)
		for (m = 0; m < 2; m++)
			for (post = 0; post < 2; post++)
				for (g = 0; g < 2; g++) {
					uint32_t cg = 2 * c + (uint32_t)g;

					if (post && m == 1 && cg % 7 == 0)
						continue;
					v[k].child = c;
					v[k].caregiver = cg;
					v[k].measure = m;
					v[k].post = post;
					v[k].score = (int)(next(seed) % 50);
					k++;
				}
	*n = k;
	return v;
}

static FILE *
csv_of(const struct line *v, size_t n, char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);
	size_t i;

	if (f == NULL)
		return NULL;
	fputs("child_id,caregiver_id,measure,timepoint,score\n", f);
	for (i = 0; i < n; i++)
		fprintf(f, "C%u,G%u,%s,%s,%d\n", v[i].child, v[i].caregiver,
		    code[v[i].measure], v[i].post ? "discharge" : "intake",
		    v[i].score);
	fclose(f);
	return fmemopen(*buf, *len, "r");
}

/* An expected pair: rows (0-based, file order) and the measure (0/1). */
struct want {
	size_t pre, post;
	int measure;
};

static int
cmp_want(const void *a, const void *b, void *ctx)
{
	const struct want *x = a, *y = b;
	const int *catidx = ctx;

	if (catidx[x->measure] != catidx[y->measure])
		return catidx[x->measure] < catidx[y->measure] ? -1 : 1;
	return (x->pre > y->pre) - (x->pre < y->pre);
}

/* The pairs a reader of the rows finds: per (caregiver, measure) the
 * intake row and the discharge row (caregiver ids are unique per child). */
static struct want *
expected_pairs(const struct line *v, size_t n, const int *catidx,
    size_t *np)
{
	size_t *pre = malloc(2 * NCHILD * 2 * sizeof(size_t));
	struct want *w = malloc(n * sizeof(*w));
	size_t i, k = 0;

	if (pre == NULL || w == NULL) {
		free(pre);
		free(w);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (!v[i].post)
			pre[v[i].caregiver * 2 + (size_t)v[i].measure] = i;
	for (i = 0; i < n; i++) {
		if (!v[i].post)
			continue;
		w[k].pre = pre[v[i].caregiver * 2 + (size_t)v[i].measure];
		w[k].post = i;
		w[k].measure = v[i].measure;
		k++;
	}
	free(pre);
	qsort_r(w, k, sizeof(*w), cmp_want, (void *)catidx);
	*np = k;
	return w;
}

/* s_pre of measure m over the expected pairs, two-pass. */
static double
sd_pre(const struct line *v, const struct want *w, size_t nw, int m)
{
	double sum = 0, ss = 0, mean;
	size_t i, k = 0;

	for (i = 0; i < nw; i++)
		if (w[i].measure == m) {
			sum += v[w[i].pre].score;
			k++;
		}
	mean = sum / (double)k;
	for (i = 0; i < nw; i++)
		if (w[i].measure == m)
			ss += (v[w[i].pre].score - mean) * (v[w[i].pre].score - mean);
	return sqrt(ss / (double)(k - 1));
}

static void
check_file(const struct dyad_catalog *cat, const struct line *v, size_t n,
    const char *name, unsigned threads, bool pairs_only)
{
	int catidx[2] = { (int)dyad_catalog_find(cat, code[0]),
	    (int)dyad_catalog_find(cat, code[1]) };
	struct dyad_read_opts ro;
	struct dyad_pair_opts po;
	struct dyad_data *d = NULL;
	struct dyad_analysis *a = NULL;
	struct dyad_error err;
	struct want *w;
	size_t nw, i, len, bad_pair = 0, bad_rci = 0, worst = 0;
	double sdiff[2], worst_rel = 0;
	char *buf = NULL, what[160];
	FILE *in = csv_of(v, n, &buf, &len);

	w = expected_pairs(v, n, catidx, &nw);
	memset(&ro, 0, sizeof(ro));
	ro.threads = threads;
	dyad_pair_opts_init(&po);
	po.threads = threads;
	po.pairs_only = pairs_only;
	if (pairs_only)
		name = "grouped by case, pairs only";
	snprintf(what, sizeof(what), "%s, %u thread(s): read and paired", name,
	    threads);
	if (in == NULL || w == NULL || dyad_data_new(&d, cat, &err) != DYAD_OK ||
	    dyad_data_read(d, in, name, &ro, &err) != DYAD_OK ||
	    dyad_analysis_run(&a, d, &po, &err) != DYAD_OK) {
		check_true(0, what);
		goto out;
	}
	check_true(1, what);
	snprintf(what, sizeof(what), "%s, %u thread(s): number of pairs", name,
	    threads);
	check_int((long long)dyad_analysis_pairs(a), (long long)nw, what);
	for (i = 0; i < 2; i++)
		sdiff[i] = sqrt(2.0) * sd_pre(v, w, nw, (int)i) *
		    sqrt(1 - dyad_catalog_at(cat, (size_t)catidx[i])->reliability);
	for (i = 0; i < nw && i < dyad_analysis_pairs(a); i++) {
		struct dyad_pair p_;
		const struct dyad_pair *p = &p_;
		double change = v[w[i].post].score - v[w[i].pre].score;
		double rci = change / sdiff[w[i].measure], rel;

		(void)dyad_analysis_pair(a, i, &p_);
		if (p->pre_row != w[i].pre || p->post_row != w[i].post ||
		    p->measure != catidx[w[i].measure] ||
		    p->pre != v[w[i].pre].score || p->post != v[w[i].post].score) {
			if (bad_pair++ == 0)
				worst = i;
			continue;
		}
		rel = rci == 0 ? fabs(p->rci) : fabs(p->rci - rci) / fabs(rci);
		if (!(rel <= 1e-12))
			bad_rci++;
		if (rel > worst_rel)
			worst_rel = rel;
	}
	{
		/* one past the last pair: false, and the struct untouched */
		struct dyad_pair past;

		memset(&past, 0x5a, sizeof(past));
		snprintf(what, sizeof(what), "%s, %u thread(s): no pair past "
		    "the last", name, threads);
		check_true(!dyad_analysis_pair(a, dyad_analysis_pairs(a),
		    &past) && past.pre_row == 0x5a5a5a5a, what);
	}
	snprintf(what, sizeof(what), "%s, %u thread(s): every pair's rows, "
	    "measure, scores and place (measure, then pre row)", name, threads);
	check_report_(bad_pair == 0, what, "%zu wrong, the first at %zu",
	    bad_pair, worst);
	snprintf(what, sizeof(what), "%s, %u thread(s): every RCI = change / "
	    "(sqrt 2 s_pre sqrt(1 - r)) within 1e-12", name, threads);
	check_report_(bad_rci == 0, what, "%zu off, worst relative %g", bad_rci,
	    worst_rel);
	/* each measure's outcome: its pairs counted; its statistics there
	 * unless the analysis is of the pairs only (dyad change) */
	for (i = 0; i < dyad_analysis_outcomes(a); i++) {
		const struct dyad_outcome *o = dyad_analysis_outcome(a, i);
		size_t k, want = 0;

		for (k = 0; k < nw; k++)
			want += catidx[w[k].measure] == o->measure;
		snprintf(what, sizeof(what), "%s, %u thread(s): outcome %s has "
		    "its %zu pairs and %s", name, threads,
		    dyad_catalog_at(cat, (size_t)o->measure)->code, want,
		    pairs_only ? "no t (NaN)" : "a t");
		check_report_(o->n_pairs == want && (pairs_only ? isnan(o->t) :
		    isfinite(o->t)), what, "n_pairs %zu, t %g", o->n_pairs, o->t);
	}
out:
	if (in != NULL)
		fclose(in);
	free(buf);
	free(w);
	dyad_analysis_free(a);
	dyad_data_free(d);
}

int
main(void)
{
	struct dyad_catalog *cat = NULL;
	struct dyad_error err;
	struct line *v, t;
	uint64_t seed = 20261205;
	size_t n, i, j;
	unsigned threads;

	if (dyad_catalog_new_default(&cat, &err) != DYAD_OK ||
	    (v = make_lines(&n, &seed)) == NULL) {
		check_true(0, "set-up");
		return check_summary();
	}
	for (threads = 1; threads <= 2; threads++)
		check_file(cat, v, n, "grouped by case", threads, false);
	check_file(cat, v, n, NULL, 2, true);
	for (i = n; i > 1; i--) {       /* Fisher-Yates */
		j = (size_t)(next(&seed) % i);
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
	for (threads = 1; threads <= 2; threads++)
		check_file(cat, v, n, "shuffled", threads, false);
	free(v);
	dyad_catalog_free(cat);
	return check_summary();
}

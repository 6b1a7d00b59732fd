/* waves.c - per-timepoint summaries and repeated-measures tests. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "dyad/waves.h"
#include "analysis.h"
#include "internal.h"
#include "rows.h"

struct dyad_waves {
	const struct dyad_data *d;
	struct dyad_wave *wave;
	size_t nwave, capwave;
	struct dyad_wave_test *test;
	size_t ntest, captest;
	uint32_t *tp;           /* timepoints in the order used */
	size_t ntp;
	bool grouped;           /* --by given: people see the group column */
};

/* A usable row reduced to what the summaries need. */
struct item {
	int32_t measure;
	uint32_t group, child, caregiver;
	size_t tp;              /* index into w->tp */
	double x;
};

static const char *const default_order[] = { "intake", "mid", "discharge",
	"followup" };

static int
cmp_str(const void *a, const void *b, const struct dyad_data *d)
{
	return strcmp(dyad_data_str(d, *(const uint32_t *)a),
	    dyad_data_str(d, *(const uint32_t *)b));
}

/* Build the timepoint order: the listed labels first, then the others
 * alphabetically. */
static int
order_timepoints(struct dyad_waves *w, const struct dyad_pair_opts *o)
{
	const char *const *ord = o->order ? o->order : default_order;
	size_t nord = o->order ? o->norder : 4, i, j, cap = 0, first_extra;
	const struct dyad_data *d = w->d;
	uint32_t t;

	for (i = 0; i < nord; i++) {
		for (j = 0; j < dyad_data_rows(d); j++) {
			struct dyad_row rv;
			const struct dyad_row *r = dy_row_get(d, j, &rv);

			if (dy_strcaseeq(dyad_data_str(d, r->timepoint), ord[i])) {
				size_t k;

				for (k = 0; k < w->ntp && w->tp[k] != r->timepoint; k++)
					;
				if (k == w->ntp) {
					if (dy_grow((void **)&w->tp, &cap, w->ntp + 1,
					    sizeof(uint32_t)))
						return -1;
					w->tp[w->ntp++] = r->timepoint;
				}
				break;
			}
		}
	}
	first_extra = w->ntp;
	for (j = 0; j < dyad_data_rows(d); j++) {
		struct dyad_row rv;
		const struct dyad_row *r = dy_row_get(d, j, &rv);
		size_t k;

		if (r->status != DYAD_ROW_OK)
			continue;
		for (k = 0; k < w->ntp && w->tp[k] != r->timepoint; k++)
			;
		if (k < w->ntp)
			continue;
		if (dy_grow((void **)&w->tp, &cap, w->ntp + 1, sizeof(uint32_t)))
			return -1;
		w->tp[w->ntp++] = r->timepoint;
	}
	/* insertion sort of the unlisted labels */
	for (i = first_extra + 1; i < w->ntp; i++) {
		t = w->tp[i];
		for (j = i; j > first_extra && cmp_str(&w->tp[j - 1], &t, d) > 0; j--)
			w->tp[j] = w->tp[j - 1];
		w->tp[j] = t;
	}
	return 0;
}

size_t
dyad_waves_order(const struct dyad_waves *w, uint32_t timepoint)
{
	size_t k;

	for (k = 0; k < w->ntp; k++)
		if (w->tp[k] == timepoint)
			return k;
	return w->ntp;
}

static int
cmp_item(const void *x, const void *y, void *ctx)
{
	const struct item *a = x, *b = y;
	const struct dyad_data *d = ctx;
	int c;

	if (a->measure != b->measure)
		return a->measure < b->measure ? -1 : 1;
	if (a->group != b->group) {
		c = strcmp(dyad_data_str(d, a->group), dyad_data_str(d, b->group));
		if (c != 0)
			return c;
	}
	if (a->child != b->child)
		return a->child < b->child ? -1 : 1;
	if (a->caregiver != b->caregiver)
		return a->caregiver < b->caregiver ? -1 : 1;
	return a->tp < b->tp ? -1 : a->tp > b->tp;
}


/* May row r be summarised (usable, of a chosen measure, in the period)? */
static bool
usable(const struct dyad_analysis *a, const struct dyad_row *r)
{
	return r->status == DYAD_ROW_OK && dy_analysis_selected(a, r->measure) &&
	    dy_analysis_in_period(a, r->date);
}

/* The usable rows as items (*out, *n of them), by measure and then in
 * file order: rows come person by person and the sort wants measure first,
 * so a counting sort by measure (each item placed straight where its
 * measure's run goes) leaves each run mostly sorted by person and
 * timepoint already, and the merge sort of each run then merges little,
 * with room for the largest run only (*most items).  The same order as one
 * stable sort of them all.  (*end)[m] is where measure m's run ends (and
 * m + 1's begins).  -1 if out of memory. */
static int
bucket_by_measure(const struct dyad_waves *w, const struct dyad_analysis *a,
    struct item **out, size_t *n, size_t **end, size_t *most)
{
	const struct dyad_data *d = w->d;
	const struct dyad_catalog *cat = dyad_data_catalog(d);
	size_t nm = dyad_catalog_count(cat), nrows = dyad_data_rows(d), i;
	size_t *at = calloc(nm + 1, sizeof(*at));
	struct item *it;

	if (at == NULL)
		return -1;
	for (i = 0; i < nrows; i++) {
		struct dyad_row rv;
		const struct dyad_row *r = dy_row_get(d, i, &rv);

		if (usable(a, r))
			at[r->measure + 1]++;
	}
	for (*most = 0, i = 1; i <= nm; i++) {
		*most = at[i] > *most ? at[i] : *most;
		at[i] += at[i - 1];
	}
	*n = at[nm];
	it = malloc((*n + 1) * sizeof(*it));
	if (it == NULL) {
		free(at);
		return -1;
	}
	for (i = 0; i < nrows; i++) {
		struct dyad_row rv;
		const struct dyad_row *r = dy_row_get(d, i, &rv);
		const struct dyad_instrument *in;
		struct item *t;

		if (!usable(a, r))
			continue;
		in = dyad_catalog_at(cat, (size_t)r->measure);
		t = &it[at[r->measure]++];      /* at[m]: m's next place */
		t->measure = r->measure;
		t->group = dy_row_group(a, i);
		t->child = r->child;
		t->caregiver = r->caregiver;
		t->tp = dyad_waves_order(w, r->timepoint);
		t->x = in->transform == DYAD_TRANSFORM_LOG ? log(r->score) :
		    r->score;
	}
	*out = it;
	*end = at;
	return 0;
}

/* Per-timepoint summaries and the tests for the items [from, to) of one
 * measure and group (sorted by person, then timepoint). */
static int
summarise(struct dyad_waves *w, const struct item *it, size_t from,
    size_t to, double conf)
{
	size_t ntp = w->ntp, t, i, j, k, n, *col, nper, ncomp = 0;
	double *x = malloc((to - from + 1) * sizeof(double));
	double *mat = NULL, tq;
	bool *present = calloc(ntp + 1, sizeof(bool));
	struct dyad_wave_test *te;
	int rc = -1;

	col = calloc(ntp + 1, sizeof(size_t));
	if (x == NULL || present == NULL || col == NULL)
		goto out;
	for (t = 0; t < ntp; t++) {
		struct dyad_wave *wv;

		for (n = 0, i = from; i < to; i++)
			if (it[i].tp == t)
				x[n++] = it[i].x;
		if (n == 0)
			continue;
		present[t] = true;
		if (dy_grow((void **)&w->wave, &w->capwave, w->nwave + 1,
		    sizeof(*wv)))
			goto out;
		wv = &w->wave[w->nwave++];
		wv->measure = it[from].measure;
		wv->group = it[from].group;
		wv->timepoint = w->tp[t];
		wv->n = n;
		wv->sd = wv->ci_low = wv->ci_high = NAN;
		dyad_stats_mean_sd(x, n, &wv->mean, &wv->sd, NULL);
		if (n >= 2 && isfinite(wv->sd)) {
			tq = gsl_cdf_tdist_Pinv((1 + conf) / 2, (double)(n - 1));
			wv->ci_low = wv->mean - tq * wv->sd / sqrt((double)n);
			wv->ci_high = wv->mean + tq * wv->sd / sqrt((double)n);
		}
	}
	/* complete cases: people with a score at every present timepoint */
	for (k = 0, t = 0; t < ntp; t++)
		if (present[t])
			col[t] = k++;
	if (dy_grow((void **)&w->test, &w->captest, w->ntest + 1, sizeof(*te)))
		goto out;
	te = &w->test[w->ntest++];
	memset(te, 0, sizeof(*te));
	te->measure = it[from].measure;
	te->group = it[from].group;
	te->k = k;
	mat = malloc(((to - from) + 1) * (k + 1) * sizeof(double));
	if (mat == NULL)
		goto out;
	for (i = from; i < to; i = j) {
		for (j = i; j < to && it[j].child == it[i].child &&
		    it[j].caregiver == it[i].caregiver; j++)
			;
		nper = j - i;
		if (nper != k)
			continue;       /* duplicates were removed upstream */
		for (n = i; n < j; n++)
			mat[ncomp * k + col[it[n].tp]] = it[n].x;
		ncomp++;
	}
	te->n_complete = ncomp;
	te->friedman.statistic = te->friedman.p = te->friedman.df = NAN;
	te->rm.f = te->rm.p = te->rm.gg_epsilon = te->rm.p_gg = NAN;
	te->rm.df1 = te->rm.df2 = NAN;
	if (k >= 2 && ncomp >= 2) {
		dyad_stats_friedman(mat, ncomp, k, &te->friedman, NULL);
		dyad_stats_rm_anova(mat, ncomp, k, &te->rm, NULL);
	}
	rc = 0;
out:
	free(x);
	free(mat);
	free(present);
	free(col);
	return rc;
}

/* The waves of d under a (run on d with opts: its filters, groups and
 * timepoint order; not its pairs or statistics). */
static enum dyad_status
waves_of(struct dyad_waves **out, const struct dyad_data *d,
    const struct dyad_analysis *a, const struct dyad_pair_opts *opts,
    struct dyad_error *err)
{
	struct dyad_waves *w = calloc(1, sizeof(*w));
	const struct dyad_catalog *cat = dyad_data_catalog(d);
	struct item *it = NULL, *tmp = NULL;
	size_t i, j, m, n = 0, most, *end = NULL;
	double conf = opts->conf > 0 ? opts->conf : 0.95;

	*out = NULL;
	if (w == NULL)
		return dy_nomem(err);
	w->d = d;
	w->grouped = opts->by != NULL;
	if (order_timepoints(w, opts) ||
	    bucket_by_measure(w, a, &it, &n, &end, &most))
		goto nomem;
	tmp = malloc((most + 1) * sizeof(*tmp));
	if (tmp == NULL)
		goto nomem;
	for (i = 0, m = 0; m < dyad_catalog_count(cat); i = end[m++])
		dy_msort(it + i, tmp, end[m] - i, sizeof(*it), cmp_item,
		    (void *)d);
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && it[j].measure == it[i].measure &&
		    it[j].group == it[i].group; j++)
			;
		if (summarise(w, it, i, j, conf))
			goto nomem;
	}
	free(it);
	free(tmp);
	free(end);
	*out = w;
	return DYAD_OK;
nomem:
	free(it);
	free(tmp);
	free(end);
	dyad_waves_free(w);
	return dy_nomem(err);
}

enum dyad_status
dyad_waves_run(struct dyad_waves **out, const struct dyad_data *d,
    const struct dyad_pair_opts *opts, struct dyad_error *err)
{
	struct dyad_pair_opts dflt, po;
	struct dyad_analysis *a = NULL;
	enum dyad_status st;

	*out = NULL;
	if (opts == NULL) {
		dyad_pair_opts_init(&dflt);
		opts = &dflt;
	}
	/* The analysis checks the options and knows the groups and filters;
	 * its statistics are not needed. */
	po = *opts;
	po.pairs_only = true;
	st = dyad_analysis_run(&a, d, &po, err);
	if (st == DYAD_OK)
		st = waves_of(out, d, a, opts, err);
	dyad_analysis_free(a);
	return st;
}

enum dyad_status
dyad_waves_of(struct dyad_waves **out, const struct dyad_analysis *a,
    struct dyad_error *err)
{
	*out = NULL;
	if (a == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no analysis");
	return waves_of(out, dyad_analysis_data(a), a, dyad_analysis_opts(a),
	    err);
}

size_t
dyad_waves_count(const struct dyad_waves *w)
{
	return w->nwave;
}

const struct dyad_wave *
dyad_waves_at(const struct dyad_waves *w, size_t i)
{
	return i < w->nwave ? &w->wave[i] : NULL;
}

size_t
dyad_waves_tests(const struct dyad_waves *w)
{
	return w->ntest;
}

const struct dyad_wave_test *
dyad_waves_test(const struct dyad_waves *w, size_t i)
{
	return i < w->ntest ? &w->test[i] : NULL;
}

enum dyad_status
dyad_waves_table(const struct dyad_waves *w, struct dyad_table **out,
    struct dyad_error *err)
{
	static const struct { const char *name; enum dyad_col_type type;
	    int dec; bool brief; } cols[] = {
		{ "measure", DYAD_COL_TEXT, 0, true },
		{ "label", DYAD_COL_TEXT, 0, false },
		{ "subject", DYAD_COL_TEXT, 0, false },
		{ "group", DYAD_COL_TEXT, 0, true },
		{ "timepoint", DYAD_COL_TEXT, 0, true },
		{ "n", DYAD_COL_INT, 0, true },
		{ "mean", DYAD_COL_NUM, 1, true },
		{ "sd", DYAD_COL_NUM, 1, true },
		{ "ci_low", DYAD_COL_NUM, 1, true },
		{ "ci_high", DYAD_COL_NUM, 1, true },
		{ "scale", DYAD_COL_TEXT, 0, false },
		{ "k", DYAD_COL_INT, 0, false },
		{ "n_complete", DYAD_COL_INT, 0, true },
		{ "friedman_chisq", DYAD_COL_NUM, 2, false },
		{ "friedman_df", DYAD_COL_NUM, 0, false },
		{ "friedman_p", DYAD_COL_NUM, DYAD_ROUND_P, true },
		{ "rm_f", DYAD_COL_NUM, 2, false },
		{ "rm_df1", DYAD_COL_NUM, 0, false },
		{ "rm_df2", DYAD_COL_NUM, 0, false },
		{ "rm_p", DYAD_COL_NUM, DYAD_ROUND_P, false },
		{ "gg_epsilon", DYAD_COL_NUM, 3, false },
		{ "rm_p_gg", DYAD_COL_NUM, DYAD_ROUND_P, true },
	};
	const struct dyad_catalog *cat = dyad_data_catalog(w->d);
	struct dyad_table *t = NULL;
	size_t i, c, k = 0;

	*out = NULL;
	if (dyad_table_new(&t, err) != DYAD_OK)
		return DYAD_ENOMEM;
	for (c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
		if (dyad_table_add_col(t, cols[c].name, cols[c].type, cols[c].dec,
		    cols[c].brief && (c != 3 || w->grouped)) < 0)
			goto nomem;
	for (i = 0; i < w->nwave; i++) {
		const struct dyad_wave *wv = &w->wave[i];
		const struct dyad_instrument *in = dyad_catalog_at(cat,
		    (size_t)wv->measure);
		const struct dyad_wave_test *te;

		while (k < w->ntest && (w->test[k].measure != wv->measure ||
		    w->test[k].group != wv->group))
			k++;
		te = k < w->ntest ? &w->test[k] : NULL;
		if (dyad_table_add_row(t) ||
		    dyad_table_set_text(t, 0, in->code) ||
		    dyad_table_set_text(t, 1, in->label) ||
		    dyad_table_set_text(t, 2, dyad_subject_name(in->subject)) ||
		    dyad_table_set_text(t, 3, dyad_data_str(w->d, wv->group)) ||
		    dyad_table_set_text(t, 4, dyad_data_str(w->d, wv->timepoint)) ||
		    dyad_table_set_text(t, 10, in->transform == DYAD_TRANSFORM_LOG ?
		    "log" : "raw"))
			goto nomem;
		dyad_table_set_int(t, 5, (long long)wv->n);
		dyad_table_set_num(t, 6, wv->mean);
		dyad_table_set_num(t, 7, wv->sd);
		dyad_table_set_num(t, 8, wv->ci_low);
		dyad_table_set_num(t, 9, wv->ci_high);
		if (te == NULL)
			continue;
		dyad_table_set_int(t, 11, (long long)te->k);
		dyad_table_set_int(t, 12, (long long)te->n_complete);
		dyad_table_set_num(t, 13, te->friedman.statistic);
		dyad_table_set_num(t, 14, te->friedman.df);
		dyad_table_set_num(t, 15, te->friedman.p);
		dyad_table_set_num(t, 16, te->rm.f);
		dyad_table_set_num(t, 17, te->rm.df1);
		dyad_table_set_num(t, 18, te->rm.df2);
		dyad_table_set_num(t, 19, te->rm.p);
		dyad_table_set_num(t, 20, te->rm.gg_epsilon);
		dyad_table_set_num(t, 21, te->rm.p_gg);
	}
	*out = t;
	return DYAD_OK;
nomem:
	dyad_table_free(t);
	return dy_nomem(err);
}

void
dyad_waves_free(struct dyad_waves *w)
{
	if (w == NULL)
		return;
	free(w->wave);
	free(w->test);
	free(w->tp);
	free(w);
}

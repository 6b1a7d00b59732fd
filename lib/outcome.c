/* outcome.c - reliable change for every pair, then the statistics of each
 * outcome (measure within group) from its pairs. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis.h"
#include "internal.h"
#include "stats_internal.h"

#define RCI_CRIT 1.96   /* |RCI| > 1.96: reliable at p < .05 (Jacobson & Truax 1991) */

/* Is score x on the clinical side of criterion c for this direction? */
static int
clinical(const struct dyad_instrument *in, double c, double x)
{
	if (isnan(c) || in->direction == DYAD_DIR_NONE)
		return -1;
	return in->direction == DYAD_DIR_LOWER_BETTER ? x >= c : x <= c;
}

/* The RCI's standard error of a difference for instrument in, whose
 * pre scores (all of its pairs', on the analysis scale) have SD sd_pre. */
static double
sdiff_of(const struct dyad_analysis *a, const struct dyad_instrument *in,
    double sd_pre)
{
	double s = a->opts.rci_norm_sd ? in->norm_sd : sd_pre;

	return sqrt(2.0) * s * sqrt(1 - in->reliability);
}

/* sdiff_of the measure of pairs [from, to) (all of that measure's), from
 * their pre scores xpre. */
static void
measure_sdiff(struct dyad_analysis *a, size_t from, size_t to,
    const double *xpre)
{
	int32_t m = a->pair[from].measure;
	const struct dyad_instrument *in = dyad_catalog_at(a->cat, (size_t)m);
	double s = NAN;

	if (!a->opts.rci_norm_sd)
		dyad_stats_mean_sd(xpre, to - from, NULL, &s, NULL);
	a->sdiff[m] = sdiff_of(a, in, s);
}

/* A change's reliable-change category: rci = change / sdiff, NAN when
 * sdiff is not positive. */
static inline enum dyad_rci_cat
rci_cat_of(const struct dyad_instrument *in, double sdiff, double change,
    double *rci)
{
	double toward;

	*rci = isfinite(sdiff) && sdiff > 0 ? change / sdiff : NAN;
	if (isnan(*rci) || in->direction == DYAD_DIR_NONE)
		return DYAD_RCI_NA;
	toward = in->direction == DYAD_DIR_HIGHER_BETTER ? *rci : -*rci;
	return toward > RCI_CRIT ? DYAD_RCI_IMPROVED :
	    toward < -RCI_CRIT ? DYAD_RCI_DETERIORATED : DYAD_RCI_UNCHANGED;
}

/* The clinical-significance category of a pair in category rc whose
 * scores are clinical (1), not (0), before and after. */
static inline enum dyad_cs_cat
cs_cat_of(enum dyad_rci_cat rc, int pre_clinical, int post_clinical)
{
	return rc == DYAD_RCI_IMPROVED ? (pre_clinical == 1 &&
	    post_clinical == 0 ? DYAD_CS_RECOVERED : DYAD_CS_IMPROVED) :
	    rc == DYAD_RCI_UNCHANGED ? DYAD_CS_UNCHANGED :
	    rc == DYAD_RCI_DETERIORATED ? DYAD_CS_DETERIORATED : DYAD_CS_NA;
}

/* What a pair's view takes from its measure. */
struct measure_view {
	const struct dyad_instrument *in;
	double sdiff, crit;
};

static void
measure_view(const struct dyad_analysis *a, int32_t m,
    struct measure_view *mv)
{
	mv->in = dyad_catalog_at(a->cat, (size_t)m);
	mv->sdiff = a->sdiff != NULL ? a->sdiff[m] : NAN;
	mv->crit = dyad_instrument_criterion(mv->in);
	if (mv->in->transform == DYAD_TRANSFORM_LOG)
		mv->crit = NAN; /* criteria are on the recorded scale */
}

static void pair_view(const struct measure_view *mv,
    const struct dy_pair *p, struct dyad_pair *out);

void
dy_pair_view(const struct dyad_analysis *a, const struct dy_pair *p,
    struct dyad_pair *out)
{
	struct measure_view mv;

	measure_view(a, p->measure, &mv);
	pair_view(&mv, p, out);
}

/* dy_pair_view with its measure's part worked out (mv). */
static void
pair_view(const struct measure_view *mv, const struct dy_pair *p,
    struct dyad_pair *out)
{
	int32_t m = p->measure;
	const struct dyad_instrument *in = mv->in;
	double crit = mv->crit;

	memset(out, 0, sizeof(*out));
	out->pre_row = p->pre_row;
	out->post_row = p->post_row;
	out->measure = m;
	out->group = p->group;
	out->pre = p->pre;
	out->post = p->post;
	out->change = dy_scale(in, p->post) - dy_scale(in, p->pre);
	out->pre_clinical = (int8_t)clinical(in, crit, p->pre);
	out->post_clinical = (int8_t)clinical(in, crit, p->post);
	out->rci_cat = rci_cat_of(in, mv->sdiff, out->change, &out->rci);
	out->cs_cat = isnan(crit) ? DYAD_CS_NA : cs_cat_of(out->rci_cat,
	    out->pre_clinical, out->post_clinical);
}

static void
set_nan(struct dyad_outcome *o)
{
	o->pre_mean = o->pre_sd = o->post_mean = o->post_sd = NAN;
	o->change_mean = o->change_sd = o->change_ci_low = o->change_ci_high = NAN;
	o->t = o->df = o->p_t = o->p_t_adj = NAN;
	o->w_v = o->p_w = NAN;
	o->d_z = o->d_z_ci_low = o->d_z_ci_high = NAN;
	o->g = o->g_ci_low = o->g_ci_high = NAN;
	o->r_rb = o->gmr = o->gmr_ci_low = o->gmr_ci_high = NAN;
	o->w_zeros = o->w_ties = -1;
	o->rci_improved = o->rci_unchanged = o->rci_deteriorated = -1;
	o->recovered = -1;
}

/* The statistics of outcome o from its n pairs' scores x (pre) and y
 * (post) on the analysis scale; keys: room for 2n sort keys. */
static void
summarise_stats(struct dyad_analysis *a, struct dyad_outcome *o, size_t n,
    const double *x, const double *y, uint64_t *keys)
{
	double conf = a->opts.conf;
	struct dyad_ttest t;
	struct dyad_wilcoxon w;
	struct dyad_effect dz;
	struct dyad_smcr g;
	struct dy_mss mx, my, md;

	/* each mean and sum of squares once: they were a tenth of a large
	 * run, computed nine times over (compensated, in two passes) */
	dy_mean_ss3(x, y, n, &mx, &my, &md);
	dy_mean_sd_m(x, n, &mx, &o->pre_mean, &o->pre_sd, NULL);
	dy_mean_sd_m(y, n, &my, &o->post_mean, &o->post_sd, NULL);
	dy_paired_t_m(x, y, n, conf, &md, &t, NULL);
	o->change_mean = t.mean_diff;
	o->change_sd = t.sd_diff;
	o->change_ci_low = t.ci_low;
	o->change_ci_high = t.ci_high;
	o->t = t.t;
	o->df = t.df;
	o->p_t = t.p;
	if (o->log_scale) {
		o->gmr = exp(t.mean_diff);
		o->gmr_ci_low = exp(t.ci_low);
		o->gmr_ci_high = exp(t.ci_high);
	}
	dy_wilcoxon_in(x, y, n, keys, &w, NULL);
	o->w_v = w.v;
	o->p_w = w.p;
	o->w_exact = w.exact;
	o->w_zeros = (long long)w.zeros;
	o->w_ties = (long long)w.ties;
	dy_dz_m(x, y, n, conf, &md, &dz, NULL);
	o->d_z = dz.est;
	o->d_z_ci_low = dz.ci_low;
	o->d_z_ci_high = dz.ci_high;
	dy_smcr_m(x, y, n, conf, &mx, &my, &g, NULL);
	o->g = g.g;
	o->g_ci_low = g.ci_low;
	o->g_ci_high = g.ci_high;
	/* dyad_stats_rank_biserial() from the V above: no second ranking */
	if (w.n_used > 0)
		o->r_rb = dy_rank_biserial_of_v(w.v, w.n_used);
}

/* Without --by an outcome's pairs are all of its measure's, and the
 * statistics give its pre SD: the RCI's sdiff is set as each outcome is
 * summarised, instead of in a pass of its own over the pairs. */
static bool
own_sdiff(const struct dyad_analysis *a)
{
	return a->opts.by == NULL && !a->opts.pairs_only;
}

/* One outcome from its n pairs pr (x, y: their scores on the analysis
 * scale, unless the analysis is of the pairs only; keys: room for 2n
 * sort keys). */
static void
summarise(struct dyad_analysis *a, struct dyad_outcome *o,
    const struct dy_pair *pr, size_t n, const double *x, const double *y,
    uint64_t *keys)
{
	const struct dyad_instrument *in = dyad_catalog_at(a->cat,
	    (size_t)o->measure);
	struct dyad_pair v;
	struct measure_view mv;
	enum dyad_rci_cat rc;
	double rci;
	size_t i;

	set_nan(o);
	o->log_scale = in->transform == DYAD_TRANSFORM_LOG;
	o->criterion = o->log_scale ? NAN : dyad_instrument_criterion(in);
	o->n_pre = o->flow.with_pre;
	o->n_post = o->flow.with_post;
	o->n_pairs = n;
	o->flow.pairs = n;
	if (n == 0)
		return;
	if (!a->opts.pairs_only)
		summarise_stats(a, o, n, x, y, keys);
	if (own_sdiff(a))       /* o's pairs are all of its measure's */
		a->sdiff[o->measure] = sdiff_of(a, in, o->pre_sd);
	if (isnan(in->reliability) || in->direction == DYAD_DIR_NONE)
		return;
	measure_view(a, o->measure, &mv);
	pair_view(&mv, &pr[0], &v);
	if (isnan(v.rci))
		return;
	o->rci_improved = o->rci_unchanged = o->rci_deteriorated = 0;
	o->recovered = isnan(o->criterion) ? -1 : 0;
	/* pair_view's categories, without the rest of a view; the scaled
	 * scores' differences when there are scaled scores */
	for (i = 0; i < n; i++) {
		rc = rci_cat_of(in, mv.sdiff, a->opts.pairs_only ?
		    dy_scale(in, pr[i].post) - dy_scale(in, pr[i].pre) :
		    y[i] - x[i], &rci);
		o->rci_improved += rc == DYAD_RCI_IMPROVED;
		o->rci_unchanged += rc == DYAD_RCI_UNCHANGED;
		o->rci_deteriorated += rc == DYAD_RCI_DETERIORATED;
		if (o->recovered >= 0)
			o->recovered += cs_cat_of(rc,
			    clinical(in, mv.crit, pr[i].pre),
			    clinical(in, mv.crit, pr[i].post)) == DYAD_CS_RECOVERED;
	}
}

/* Holm or BH across the measures of each group. */
/* An outcome in the family of its group. */
struct fam {
	uint32_t group;
	size_t i;
};

static int
cmp_fam(const void *x, const void *y)
{
	const struct fam *a = x, *b = y;

	if (a->group != b->group)
		return a->group < b->group ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

static enum dyad_status
adjust(struct dyad_analysis *a, struct dyad_error *err)
{
	double *p = malloc((a->nout + 1) * sizeof(double));
	struct fam *f = malloc((a->nout + 1) * sizeof(*f));
	size_t i, j, k;
	enum dyad_status st = DYAD_OK;

	if (p == NULL || f == NULL) {
		free(p);
		free(f);
		return dy_nomem(err);
	}
	/* the families: outcomes of one group, in outcome order (sorted,
	 * not searched: --by child_id has a family per child) */
	for (i = 0; i < a->nout; i++) {
		f[i].group = a->out[i].group;
		f[i].i = i;
	}
	qsort(f, a->nout, sizeof(*f), cmp_fam);
	for (i = 0; i < a->nout && st == DYAD_OK; i = j) {
		for (j = i; j < a->nout && f[j].group == f[i].group; j++)
			p[j - i] = a->out[f[j].i].p_t;
		st = dyad_stats_p_adjust(p, j - i, a->opts.adjust, p, err);
		for (k = i; k < j && st == DYAD_OK; k++)
			a->out[f[k].i].p_t_adj = p[k - i];
	}
	free(p);
	free(f);
	return st;
}

/* The end of the block of pairs of measure a->pair[i].measure: pairs come
 * in measure order, so a binary search (a walk read every pair, several
 * times over, while the other core waited). */
static size_t
measure_end(const struct dyad_analysis *a, size_t i)
{
	size_t lo = i + 1, hi = a->npair, mid;
	int32_t m = a->pair[i].measure;

	while (lo < hi) {               /* the first pair past measure m */
		mid = lo + (hi - lo) / 2;
		if (a->pair[mid].measure <= m)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Pairs i..j-1, all of one measure, on the analysis scale, into x (pre)
 * and, unless y is NULL, y (post). */
static void
scaled(const struct dyad_analysis *a, size_t i, size_t j, double *x,
    double *y)
{
	const struct dyad_instrument *in;
	size_t k;

	if (i >= j)
		return;
	/* one measure: its instrument looked up once */
	in = dyad_catalog_at(a->cat, (size_t)a->pair[i].measure);
	for (k = i; k < j; k++) {
		x[k - i] = dy_scale(in, a->pair[k].pre);
		if (y != NULL)
			y[k - i] = dy_scale(in, a->pair[k].post);
	}
}

/* A share of the work on one core: for sdiff_share the pairs [from, to);
 * for summarise_share blocks of outcomes, block b being outcomes
 * [block[b], block[b + 1]), taken from 'next' by whichever core is free
 * (outcome o's pairs are [at[2o], at[2o+1])). */
struct share {
	struct dyad_analysis *a;
	const size_t *at;
	size_t from, to, most;
	int nomem;
	const size_t *block;
	size_t nblock;
	atomic_size_t *next;
};

static void *
summarise_share(void *arg)
{
	struct share *sh = arg;
	struct dyad_analysis *a = sh->a;
	double *x = dy_malloc_now((sh->most + 1) * sizeof(double));
	double *y = dy_malloc_now((sh->most + 1) * sizeof(double));
	/* the Wilcoxon test's sort room, one for all the share's outcomes:
	 * fresh pages cost the kernel's zeroing, a tenth of a large run */
	uint64_t *keys = a->opts.pairs_only ? NULL :
	    dy_malloc_now(2 * (sh->most + 1) * sizeof(uint64_t));
	size_t b, o, i, k;

	if (x == NULL || y == NULL || (keys == NULL && !a->opts.pairs_only))
		sh->nomem = 1;
	while (!sh->nomem && (b = atomic_fetch_add(sh->next, 1)) < sh->nblock) {
		for (o = sh->block[b]; o < sh->block[b + 1]; o++) {
			i = sh->at[2 * o];
			k = sh->at[2 * o + 1];
			if (!a->opts.pairs_only)
				scaled(a, i, k, x, y);
			summarise(a, &a->out[o], a->pair + i, k - i, x, y,
			    keys);
		}
	}
	free(x);
	free(y);
	free(keys);
	return NULL;
}

#define SHARE_MIN 100000        /* fewer pairs: one thread */

/* job on sh[0] for [0, cut) of [0, end) and, when two, on sh[1] for the
 * rest on a second thread (on one when none starts).  -1: no memory.
 * (summarise_share ignores the cut: both cores take blocks from 'next'.) */
static int
run_shares(struct share sh[2], size_t cut, size_t end, bool two,
    void *(*job)(void *))
{
	pthread_t t;

	sh[0].from = 0;
	sh[0].to = sh[1].to = end;
	if (two) {
		sh[0].to = sh[1].from = cut;
		two = pthread_create(&t, NULL, job, &sh[1]) == 0;
		if (!two)
			sh[0].to = end;
	}
	job(&sh[0]);
	if (two)
		pthread_join(t, NULL);
	return sh[0].nomem || sh[1].nomem ? -1 : 0;
}

/* The RCI's sdiff of the measures of pairs [from, to): from the pre
 * scores only. */
static void *
sdiff_share(void *arg)
{
	struct share *sh = arg;
	double *x = dy_malloc_now((sh->most + 1) * sizeof(double));
	size_t i, j;

	if (x == NULL)
		sh->nomem = 1;
	for (i = sh->from; x != NULL && i < sh->to; i = j) {
		j = measure_end(sh->a, i);
		scaled(sh->a, i, j, x, NULL);
		measure_sdiff(sh->a, i, j, x);
	}
	free(x);
	return NULL;
}

/* An outcome's summary costs about as much as this many pairs besides its
 * pairs (the d_z interval's root finding, the t and Wilcoxon tails). */
#define OUTCOME_COST 12000
/* Blocks of outcomes for the cores to take, each about this share of the
 * cost or one outcome: a cut fixed ahead left one core 2-9 ms behind the
 * other at 100,000 children, more when the machine slowed one core. */
#define SHARE_BLOCKS 32

/* The blocks of a->nout outcomes (outcome o's pairs are [at[2o],
 * at[2o+1])) into block[0..n]; n. */
static size_t
share_blocks(const struct dyad_analysis *a, const size_t *at, size_t *block)
{
	size_t o, n = 0, total = 0, run = 0;

	for (o = 0; o < a->nout; o++)
		total += at[2 * o + 1] - at[2 * o] + OUTCOME_COST;
	block[0] = 0;
	for (o = 0; o < a->nout; o++) {
		run += at[2 * o + 1] - at[2 * o] + OUTCOME_COST;
		if (run * SHARE_BLOCKS >= total || o + 1 == a->nout) {
			block[++n] = o + 1;
			run = 0;
		}
	}
	return n;
}

enum dyad_status
dy_outcomes_compute(struct dyad_analysis *a, struct dyad_error *err)
{
	size_t i, j, k, o, m, nm, most = 0, *at;
	struct share sh[2], cs[2];
	atomic_size_t next;
	bool two = a->npair >= SHARE_MIN && a->opts.threads != 1 &&
	    sysconf(_SC_NPROCESSORS_ONLN) > 1;

	/* the scaled scores of one measure at a time: a large file's pairs
	 * need no second copy */
	for (i = 0; i < a->npair; i = j) {
		j = measure_end(a, i);
		if (j - i > most)
			most = j - i;
	}
	nm = dyad_catalog_count(a->cat);
	a->sdiff = malloc((nm + 1) * sizeof(double));
	/* each outcome's pairs, then the blocks of outcomes */
	at = malloc((3 * a->nout + 2) * sizeof(size_t));
	if (at == NULL || a->sdiff == NULL) {
		free(at);
		return dy_nomem(err);
	}
	for (m = 0; m <= nm; m++)
		a->sdiff[m] = NAN;
	/* s_pre for the RCI is taken over every pair of the measure, so a
	 * person's category does not depend on --by.  Measures are
	 * independent: with many pairs, the second core takes those after
	 * the middle pair. */
	memset(cs, 0, sizeof(cs));
	cs[0].a = cs[1].a = a;
	cs[0].most = cs[1].most = most;
	for (i = 0; i < a->npair && (j = measure_end(a, i)) <= a->npair / 2; i = j)
		;
	if (!own_sdiff(a) && run_shares(cs, i, a->npair,
	    two && i > 0 && i < a->npair, sdiff_share)) {
		free(at);
		return dy_nomem(err);
	}
	/* Pairs and outcomes are sorted alike: walk both. */
	for (o = 0, i = 0; o < a->nout; o++) {
		const struct dyad_outcome *out = &a->out[o];

		while (i < a->npair && (a->pair[i].measure < out->measure ||
		    (a->pair[i].measure == out->measure && a->pair[i].group !=
		    out->group && strcmp(dyad_data_str(a->d, a->pair[i].group),
		    dyad_data_str(a->d, out->group)) < 0)))
			i++;
		if (a->opts.by == NULL)         /* one outcome a measure */
			k = i < a->npair && a->pair[i].measure == out->measure ?
			    measure_end(a, i) : i;
		else
			for (k = i; k < a->npair && a->pair[k].measure ==
			    out->measure && a->pair[k].group == out->group; k++)
				;
		at[2 * o] = i;
		at[2 * o + 1] = k;
		i = k;
	}
	/* Outcomes are independent: with many pairs, both cores take blocks
	 * of them (summaries sort and search). */
	memset(sh, 0, sizeof(sh));
	sh[0].a = sh[1].a = a;
	sh[0].at = sh[1].at = at;
	sh[0].most = sh[1].most = most;
	sh[0].block = sh[1].block = at + 2 * a->nout + 1;
	sh[0].nblock = sh[1].nblock = share_blocks(a, at, at + 2 * a->nout + 1);
	atomic_init(&next, 0);
	sh[0].next = sh[1].next = &next;
	i = (size_t)run_shares(sh, 0, a->nout, two && sh[0].nblock > 1,
	    summarise_share);
	free(at);
	return i != 0 ? dy_nomem(err) : a->opts.pairs_only ? DYAD_OK :
	    adjust(a, err);
}

/* plot_trajectory.c - means with confidence intervals at every timepoint,
 * one panel per measure, optionally over a thin line per person. */
#include <math.h>
#include <stdlib.h>

#include "dyad/plot.h"
#include "analysis.h"
#include "internal.h"
#include "rows.h"
#include "plot_internal.h"

#define MAX_PEOPLE 200  /* more lines than this are a grey smear */

/* A usable score, for the lines of individual people. */
struct point {
	int32_t measure;
	uint32_t child, caregiver;
	size_t pos;
	double x;
};

static int
cmp_point(const void *va, const void *vb)
{
	const struct point *a = va, *b = vb;

	if (a->measure != b->measure)
		return a->measure < b->measure ? -1 : 1;
	if (a->child != b->child)
		return a->child < b->child ? -1 : 1;
	if (a->caregiver != b->caregiver)
		return a->caregiver < b->caregiver ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* The timepoints the waves use, in their order. */
struct tps {
	uint32_t *id;
	size_t n;
};

static size_t
tp_pos(const struct tps *t, uint32_t id)
{
	size_t k;

	for (k = 0; k < t->n; k++)
		if (t->id[k] == id)
			return k;
	return t->n;
}

static int
collect_timepoints(const struct dy_plot *p, struct tps *t)
{
	size_t i, j, n = dyad_waves_count(p->w);

	t->id = malloc((n + 1) * sizeof(*t->id));
	t->n = 0;
	if (t->id == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		uint32_t id = dyad_waves_at(p->w, i)->timepoint;
		size_t ord = dyad_waves_order(p->w, id);

		if (tp_pos(t, id) < t->n)
			continue;
		for (j = t->n; j > 0 && dyad_waves_order(p->w, t->id[j - 1]) > ord;
		    j--)
			t->id[j] = t->id[j - 1];
		t->id[j] = id;
		t->n++;
	}
	return 0;
}

static double
offset(size_t k, size_t n)
{
	double step = n > 1 ? 0.4 / (double)n : 0;

	if (step > 0.1)
		step = 0.1;
	return ((double)k - (double)(n - 1) / 2) * step;
}

/* The scores of every person in the panels, sorted by measure and person;
 * DYAD_EINVAL when a panel would have more than MAX_PEOPLE lines. */
static enum dyad_status
people(struct dy_plot *p, const struct tps *t, struct point **out,
    size_t *nout)
{
	size_t i, j, n = 0, nrow = dyad_data_rows(p->d);
	struct point *v = malloc((nrow + 1) * sizeof(*v));

	*out = v;
	*nout = 0;
	if (v == NULL)
		return dy_nomem(p->err);
	for (i = 0; i < nrow; i++) {
		struct dyad_row rv;
		const struct dyad_row *r = dy_row_get(p->d, i, &rv);
		const struct dyad_instrument *in;

		if (r->status != DYAD_ROW_OK ||
		    !dy_analysis_selected(p->a, r->measure) ||
		    !dy_analysis_in_period(p->a, r->date) ||
		    tp_pos(t, r->timepoint) == t->n)
			continue;
		in = dy_plot_instrument(p, r->measure);
		v[n].measure = r->measure;
		v[n].child = r->child;
		v[n].caregiver = r->caregiver;
		v[n].pos = tp_pos(t, r->timepoint);
		v[n].x = in->transform == DYAD_TRANSFORM_LOG ? log(r->score) :
		    r->score;
		if (isfinite(v[n].x))
			n++;
	}
	qsort(v, n, sizeof(*v), cmp_point);
	*nout = n;
	/* count people per measure */
	for (i = 0; i < n; i = j) {
		size_t k = 0;

		for (j = i; j < n && v[j].measure == v[i].measure; j++)
			if (j == i || v[j].child != v[j - 1].child ||
			    v[j].caregiver != v[j - 1].caregiver)
				k++;
		if (k > MAX_PEOPLE)
			return dy_fail(p->err, DYAD_EINVAL, 0, 0, "%s has %zu "
			    "people; lines for individuals are drawn for at most "
			    "%d per measure (narrow the data with --from/--to or "
			    "--measure, or leave out --individuals)",
			    dy_plot_instrument(p, v[i].measure)->code, k, MAX_PEOPLE);
	}
	return DYAD_OK;
}

enum dyad_status
dy_plot_trajectory(struct dy_plot *p)
{
	size_t i, j, k, n = dyad_waves_count(p->w), nblock = 0, npt = 0;
	size_t *pblock = NULL;
	struct dy_plot_measures ms = { NULL, 0, 0 };
	struct dy_plot_layout l;
	struct tps t = { NULL, 0 };
	struct point *pt = NULL;
	enum dyad_status st = DYAD_OK;
	char title[200], counts[256];

	for (i = 0; i < n; i++) {
		const struct dyad_wave *wv = dyad_waves_at(p->w, i);

		if (dy_plot_measures_add(&ms, wv->measure) ||
		    (p->by && dy_plot_add_group(p, wv->group)))
			goto nomem;
	}
	if (ms.n == 0)
		return dy_fail(p->err, DYAD_EDOMAIN, 0, 0, "nothing to plot: no "
		    "measure has a usable score");
	dy_plot_measures_finish(p, &ms);
	if (collect_timepoints(p, &t))
		goto nomem;
	if (p->o->individuals &&
	    (st = people(p, &t, &pt, &npt)) != DYAD_OK)
		goto out;

	dy_plot_put(p, "\n# x (timepoint), mean, CI low, CI high; one block "
	    "(index) per measure and group\n");
	dy_plot_block_begin(p, "waves");
	for (i = 0; i < n; i = j) {
		const struct dyad_wave *w0 = dyad_waves_at(p->w, i);
		double dx = p->by ? offset(dy_plot_group_index(p, w0->group),
		    p->ngroup) : 0;

		if (nblock++ > 0)
			dy_plot_put(p, "\n\n");
		for (j = i; j < n; j++) {
			const struct dyad_wave *wv = dyad_waves_at(p->w, j);
			bool ci = isfinite(wv->ci_low) && isfinite(wv->ci_high);

			if (wv->measure != w0->measure || wv->group != w0->group)
				break;
			dy_plot_mean_row(p, (double)tp_pos(&t, wv->timepoint) + 1 +
			    dx, wv->mean, ci ? wv->ci_low : wv->mean,
			    ci ? wv->ci_high : wv->mean);
		}
	}
	dy_plot_block_end(p);
	if (p->o->individuals) {
		pblock = malloc((ms.n + 1) * sizeof(*pblock));
		if (pblock == NULL)
			goto nomem;
		dy_plot_put(p, "# x (timepoint), score of each person (one line "
		    "each); one block (index) per measure\n");
		dy_plot_block_begin(p, "people");
		for (k = 0, j = 0; j < ms.n; j++) {
			bool any = false;

			pblock[j] = (size_t)-1;
			for (i = 0; i < npt; i++) {
				if (pt[i].measure != ms.m[j])
					continue;
				if (!any) {
					if (k > 0)
						dy_plot_put(p, "\n\n");
					pblock[j] = k++;
					any = true;
				} else if (pt[i].child != pt[i - 1].child ||
				    pt[i].caregiver != pt[i - 1].caregiver) {
					dy_plot_put(p, "\n");
				}
				dy_plot_printf(p, "%zu ", pt[i].pos + 1);
				dy_plot_num(p, pt[i].x);
				dy_plot_put(p, "\n");
			}
		}
		dy_plot_block_end(p);
	}

	dy_plot_layout(p, &l, &ms, p->by);
	dy_plot_multiplot(p);
	dy_plot_printf(p, "set xrange [0.5:%zu.5]\nset xtics (", t.n);
	for (k = 0; k < t.n; k++) {
		dy_plot_put(p, k > 0 ? ", " : "");
		dy_plot_text(p, "%s", dyad_data_str(p->d, t.id[k]));
		dy_plot_printf(p, " %zu", k + 1);
	}
	dy_plot_put(p, ")\nset offsets 0, 0, graph 0.05, graph 0.05\n");
	snprintf(title, sizeof(title), "Means with %s%% confidence intervals "
	    "at each timepoint%s%s", p->conf_pct, p->by ? " by " : "",
	    p->by ? p->po->by : "");
	for (j = 0; j < ms.n; j++) {
		const struct dyad_instrument *in = dy_plot_instrument(p, ms.m[j]);
		size_t nplot = 0, len = 0, b;
		double lo = INFINITY, hi = -INFINITY;

		/* n at each timepoint, all groups together: "126/40/102" */
		counts[0] = '\0';
		for (k = 0; k < t.n; k++) {
			size_t sum = 0;
			bool seen = false;

			for (i = 0; i < n; i++) {
				const struct dyad_wave *wv = dyad_waves_at(p->w, i);

				if (wv->measure == ms.m[j] && wv->timepoint == t.id[k]) {
					sum += wv->n;
					seen = true;
					lo = fmin(lo, isfinite(wv->ci_low) ? wv->ci_low :
					    wv->mean);
					hi = fmax(hi, isfinite(wv->ci_high) ? wv->ci_high :
					    wv->mean);
				}
			}
			if (seen && len + 24 < sizeof(counts))
				len += (size_t)snprintf(counts + len, sizeof(counts) -
				    len, "%s%zu", len > 0 ? "/" : "", sum);
		}
		dy_plot_panel(p, &l, &ms, j, title);
		dy_plot_put(p, "set title ");
		dy_plot_text(p, "%s (n = %s)", in->code, counts);
		dy_plot_font(p, ",10");
		dy_plot_put(p, "\n");
		for (i = 0; i < npt; i++) {
			if (pt[i].measure == ms.m[j]) {
				lo = fmin(lo, pt[i].x);
				hi = fmax(hi, pt[i].x);
			}
		}
		dy_plot_yaxis(p, ms.m[j], lo, hi, NULL);
		dy_plot_put(p, "plot ");
		if (pblock != NULL && pblock[j] != (size_t)-1) {
			dy_plot_printf(p, "$people index %zu using 1:2 with lines "
			    "lw 0.6 lc rgb \"#BBBBBB\" notitle", pblock[j]);
			nplot++;
		}
		/* block b is the b-th run of one measure and group */
		for (i = 0, b = 0; i < n; i = k, b++) {
			const struct dyad_wave *w0 = dyad_waves_at(p->w, i);

			for (k = i; k < n && dyad_waves_at(p->w, k)->measure ==
			    w0->measure && dyad_waves_at(p->w, k)->group == w0->group;
			    k++)
				;
			if (w0->measure != ms.m[j])
				continue;
			dy_plot_mean_line(p, "waves", b, w0->group, &nplot);
		}
		dy_plot_put(p, "\n");
	}
	dy_plot_legend(p, &l, "linespoints");
	dy_plot_put(p, "unset multiplot\n");
	goto out;
nomem:
	st = dy_nomem(p->err);
out:
	free(pt);
	free(pblock);
	free(t.id);
	dy_plot_measures_free(&ms);
	return st;
}

/* plot_prepost.c - pre and post means with confidence intervals, one panel
 * per measure, child measures above caregiver measures. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "dyad/plot.h"
#include "internal.h"
#include "plot_internal.h"

/* Half width of the t interval of a mean: t_{n-1} * sd / sqrt(n); 0 when
 * it is undefined (one pair, no spread). */
static double
half_width(double sd, size_t n, double conf)
{
	double t;

	if (n < 2 || !isfinite(sd))
		return 0;
	t = gsl_cdf_tdist_Pinv((1 + conf) / 2, (double)(n - 1));
	return isfinite(t) ? t * sd / sqrt((double)n) : 0;
}

static bool
drawable(const struct dy_plot *p, const struct dyad_outcome *oc)
{
	return dy_plot_shown(p, oc->n_pairs) &&
	    oc->n_pairs > 0 && isfinite(oc->pre_mean) &&
	    isfinite(oc->post_mean);
}

/* x offset of group k of n, so that the groups' whiskers do not overlap. */
static double
offset(size_t k, size_t n)
{
	double step = n > 1 ? 0.5 / (double)n : 0;

	if (step > 0.12)
		step = 0.12;
	return ((double)k - (double)(n - 1) / 2) * step;
}

static void
row(struct dy_plot *p, double x, double mean, double half)
{
	dy_plot_mean_row(p, x, mean, mean - half, mean + half);
}

enum dyad_status
dy_plot_prepost(struct dy_plot *p)
{
	size_t i, j, n = dyad_analysis_outcomes(p->a), nblock = 0, *block;
	struct dy_plot_measures ms = { NULL, 0, 0 };
	struct dy_plot_layout l;
	enum dyad_status st = dy_plot_outcome_measures(p, &ms, drawable);

	if (st != DYAD_OK)
		return st;
	block = malloc((n + 1) * sizeof(*block));
	if (block == NULL) {
		dy_plot_measures_free(&ms);
		return dy_nomem(p->err);
	}

	/* one block per outcome: x, mean, low, high at pre (1) and post (2) */
	dy_plot_put(p, "\n# x, mean, CI low, CI high; one block (index) per "
	    "outcome\n");
	dy_plot_block_begin(p, "prepost");
	for (i = 0; i < n; i++) {
		const struct dyad_outcome *oc = dyad_analysis_outcome(p->a, i);
		size_t k = p->by ? dy_plot_group_index(p, oc->group) : 0;
		double dx = p->by ? offset(k, p->ngroup) : 0;

		block[i] = (size_t)-1;
		if (!drawable(p, oc))
			continue;
		if (nblock > 0)
			dy_plot_put(p, "\n\n");
		row(p, 1 + dx, oc->pre_mean, half_width(oc->pre_sd, oc->n_pairs,
		    p->conf));
		row(p, 2 + dx, oc->post_mean, half_width(oc->post_sd,
		    oc->n_pairs, p->conf));
		block[i] = nblock++;
	}
	dy_plot_block_end(p);

	dy_plot_layout(p, &l, &ms, p->by);
	dy_plot_multiplot(p);
	dy_plot_put(p, "set xrange [0.5:2.5]\nset xtics (");
	dy_plot_text(p, "%s", p->pre);
	dy_plot_put(p, " 1, ");
	dy_plot_text(p, "%s", p->post);
	dy_plot_put(p, " 2)\nset offsets 0, 0, graph 0.05, graph 0.05\n");
	for (j = 0; j < ms.n; j++) {
		const struct dyad_instrument *in = dy_plot_instrument(p, ms.m[j]);
		size_t npairs = 0, nplot = 0;
		double lo = INFINITY, hi = -INFINITY, h;
		char title[200];

		for (i = 0; i < n; i++) {
			const struct dyad_outcome *oc = dyad_analysis_outcome(p->a, i);

			if (oc->measure != ms.m[j] || block[i] == (size_t)-1)
				continue;
			npairs += oc->n_pairs;
			h = half_width(oc->pre_sd, oc->n_pairs, p->conf);
			lo = fmin(lo, oc->pre_mean - h);
			hi = fmax(hi, oc->pre_mean + h);
			h = half_width(oc->post_sd, oc->n_pairs, p->conf);
			lo = fmin(lo, oc->post_mean - h);
			hi = fmax(hi, oc->post_mean + h);
		}
		snprintf(title, sizeof(title), "Pre and post means with %s%% "
		    "confidence intervals%s%s", p->conf_pct, p->by ? " by " : "",
		    p->by ? p->po->by : "");
		dy_plot_panel(p, &l, &ms, j, title);
		dy_plot_put(p, "set title ");
		dy_plot_text(p, "%s (n = %zu)", in->code, npairs);
		dy_plot_font(p, ",10");
		dy_plot_put(p, "\n");
		dy_plot_yaxis(p, ms.m[j], lo, hi, NULL);
		dy_plot_put(p, "plot ");
		for (i = 0; i < n; i++) {
			const struct dyad_outcome *oc = dyad_analysis_outcome(p->a, i);

			if (oc->measure != ms.m[j] || block[i] == (size_t)-1)
				continue;
			dy_plot_mean_line(p, "prepost", block[i], oc->group,
			    &nplot);
		}
		dy_plot_put(p, "\n");
	}
	dy_plot_legend(p, &l, "linespoints");
	dy_plot_put(p, "unset multiplot\n");
	free(block);
	dy_plot_measures_free(&ms);
	return DYAD_OK;
}

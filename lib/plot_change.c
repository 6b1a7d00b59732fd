/* plot_change.c - the distribution of the change scores of each measure:
 * a box plot with every pair's change drawn over it as a point. */
#include <math.h>
#include <stdlib.h>

#include "dyad/plot.h"
#include "internal.h"
#include "plot_internal.h"

/* Points are spread sideways by the golden-ratio sequence frac(i * phi),
 * which fills the interval evenly and needs no random numbers, so the same
 * data always give the same picture. */
#define GOLDEN 0.6180339887498949
#define JITTER 0.36

static double
jitter(size_t i)
{
	double f = (double)(i + 1) * GOLDEN;

	return (f - floor(f) - 0.5) * JITTER;
}

static bool
drawn(const struct dy_plot *p, const struct dyad_outcome *oc)
{
	(void)p;
	return oc->n_pairs > 0;
}

enum dyad_status
dy_plot_change(struct dy_plot *p)
{
	size_t i, j, q, n = dyad_analysis_outcomes(p->a), np = dyad_analysis_pairs(
	    p->a), nblock = 0, *block;
	struct dy_plot_measures ms = { NULL, 0, 0 };
	struct dy_plot_layout l;
	char title[200];
	enum dyad_status st = dy_plot_outcome_measures(p, &ms, drawn);

	if (st != DYAD_OK)
		return st;
	block = malloc((n + 1) * sizeof(*block));
	if (block == NULL) {
		dy_plot_measures_free(&ms);
		return dy_nomem(p->err);
	}

	dy_plot_put(p, "\n# x (group position, spread sideways), change; one "
	    "block (index) per outcome\n");
	dy_plot_block_begin(p, "change");
	for (i = 0; i < n; i++) {
		const struct dyad_outcome *oc = dyad_analysis_outcome(p->a, i);
		double x = p->by ? (double)dy_plot_group_index(p, oc->group) + 1 :
		    1;
		size_t k = 0;

		block[i] = (size_t)-1;
		if (oc->n_pairs == 0)
			continue;
		if (nblock > 0)
			dy_plot_put(p, "\n\n");
		block[i] = nblock++;
		for (q = 0; q < np; q++) {
			struct dyad_pair pr_;
			const struct dyad_pair *pr = &pr_;

			(void)dyad_analysis_pair(p->a, q, &pr_);

			if (pr->measure != oc->measure || pr->group != oc->group)
				continue;
			dy_plot_fix(p, x + jitter(k++), 4);
			dy_plot_put(p, " ");
			dy_plot_num(p, pr->change);
			dy_plot_put(p, "\n");
		}
	}
	dy_plot_block_end(p);

	dy_plot_layout(p, &l, &ms, p->by);
	dy_plot_multiplot(p);
	dy_plot_printf(p, "set style boxplot nooutliers\nset boxwidth 0.5\n"
	    "set xrange [0.4:%zu.6]\n", p->by ? p->ngroup : 1);
	/* groups are told apart by colour, named in the key strip */
	dy_plot_put(p, "unset xtics\nset yrange [*<0:0<*]\nset offsets 0, 0, graph 0.05, "
	    "graph 0.05\n");
	snprintf(title, sizeof(title), "Change scores (%s to %s) with box "
	    "plots%s%s", p->pre, p->post, p->by ? " by " : "",
	    p->by ? p->po->by : "");
	for (j = 0; j < ms.n; j++) {
		const struct dyad_instrument *in = dy_plot_instrument(p, ms.m[j]);
		size_t npairs = 0, nplot = 0;
		double lo = 0, hi = 0;

		for (i = 0; i < n; i++)
			if (dyad_analysis_outcome(p->a, i)->measure == ms.m[j])
				npairs += dyad_analysis_outcome(p->a, i)->n_pairs;
		for (q = 0; q < np; q++) {
			struct dyad_pair pr_;
			const struct dyad_pair *pr = &pr_;

			(void)dyad_analysis_pair(p->a, q, &pr_);

			if (pr->measure == ms.m[j]) {
				lo = fmin(lo, pr->change);
				hi = fmax(hi, pr->change);
			}
		}
		dy_plot_panel(p, &l, &ms, j, title);
		dy_plot_put(p, "set arrow 1 from graph 0, first 0 to graph 1, "
		    "first 0 nohead dt 2 lw 1.5 lc rgb \"#444444\"\nset title ");
		dy_plot_text(p, "%s (n = %zu)%s", in->code, npairs,
		    in->direction == DYAD_DIR_LOWER_BETTER ? ", \xe2\x86\x93 better" :
		    in->direction == DYAD_DIR_HIGHER_BETTER ?
		    ", \xe2\x86\x91 better" : "");
		dy_plot_font(p, ",10");
		dy_plot_put(p, "\n");
		dy_plot_yaxis(p, ms.m[j], lo, hi, "change");
		dy_plot_put(p, "plot ");
		for (i = 0; i < n; i++) {
			const struct dyad_outcome *oc = dyad_analysis_outcome(p->a, i);
			size_t k = p->by ? dy_plot_group_index(p, oc->group) : 0;

			if (oc->measure != ms.m[j] || block[i] == (size_t)-1)
				continue;
			dy_plot_printf(p, "%s$change index %zu using (%zu):2 with "
			    "boxplot ", nplot++ > 0 ? ", \\\n     " : "", block[i],
			    k + 1);
			if (p->by)
				dy_plot_printf(p, "lt %zu", k % DY_PLOT_NCOLOUR + 1);
			else
				dy_plot_put(p, "lc rgb \"" DY_PLOT_SINGLE "\"");
			dy_plot_printf(p, " lw 1.5 notitle, \\\n     $change index "
			    "%zu using 1:2 with points pt 7 ps 0.5 lc rgb "
			    "\"#333333\" notitle", block[i]);
		}
		dy_plot_put(p, "\n");
	}
	dy_plot_legend(p, &l, "boxes fs solid 0.25");
	dy_plot_put(p, "unset multiplot\n");
	free(block);
	dy_plot_measures_free(&ms);
	return DYAD_OK;
}

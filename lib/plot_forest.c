/* plot_forest.c - Hedges' g with its confidence interval for every outcome
 * on one axis, signed so that improvement always points right. */
#include <math.h>
#include <stdlib.h>

#include "dyad/plot.h"
#include "internal.h"
#include "plot_internal.h"

static bool
drawable(const struct dy_plot *p, const struct dyad_outcome *oc)
{
	return dy_plot_shown(p, oc->n_pairs) &&
	    isfinite(oc->g) && isfinite(oc->g_ci_low) &&
	    isfinite(oc->g_ci_high);
}

/* +1, or -1 when lower scores are better: g then counts improvement. */
static double
sign_of(const struct dyad_instrument *in)
{
	return in->direction == DYAD_DIR_LOWER_BETTER ? -1 : 1;
}

enum dyad_status
dy_plot_forest(struct dy_plot *p)
{
	size_t i, j, k, n = dyad_analysis_outcomes(p->a), nrow, nblock = 0;
	size_t *row, *gblock;
	struct dy_plot_measures ms = { NULL, 0, 0 };
	double step;
	bool first;
	char title[200];

	for (i = 0; i < n; i++) {
		const struct dyad_outcome *oc = dyad_analysis_outcome(p->a, i);

		if (drawable(p, oc) && (dy_plot_measures_add(&ms, oc->measure) ||
		    (p->by && dy_plot_add_group(p, oc->group)))) {
			dy_plot_measures_free(&ms);
			return dy_nomem(p->err);
		}
	}
	if (ms.n == 0)
		return dy_fail(p->err, DYAD_EDOMAIN, 0, 0, "nothing to plot: no "
		    "outcome has an effect size (each needs at least two pairs "
		    "and some spread)");
	dy_plot_measures_finish(p, &ms);
	row = malloc((ms.n + 1) * sizeof(*row));
	gblock = malloc((p->ngroup + 1) * sizeof(*gblock));
	if (row == NULL || gblock == NULL) {
		free(row);
		free(gblock);
		dy_plot_measures_free(&ms);
		return dy_nomem(p->err);
	}
	/* rows from the top: header, child measures, a gap, header, caregiver
	 * measures; y counts down to 1 at the bottom row */
	nrow = (ms.nchild > 0 ? ms.nchild + 1 : 0) +
	    (ms.n > ms.nchild ? ms.n - ms.nchild + 1 : 0) +
	    (ms.nchild > 0 && ms.n > ms.nchild);
	for (j = 0, k = 0; j < ms.n; j++) {
		if (j == 0 || j == ms.nchild)
			k += j == 0 ? 1 : 2;
		row[j] = nrow - k++;
	}
	step = p->ngroup > 1 ? 0.6 / (double)p->ngroup : 0;
	if (step > 0.18)
		step = 0.18;

	dy_plot_put(p, "\n# g (improvement > 0), row, CI low, CI high; one "
	    "block (index) per group\n");
	dy_plot_block_begin(p, "forest");
	for (k = 0; k < (p->by ? p->ngroup : 1); k++) {
		double dy = p->by ? ((double)(p->ngroup - 1) / 2 - (double)k) *
		    step : 0;

		gblock[k] = (size_t)-1;
		for (first = true, j = 0; j < ms.n; j++) {
			const struct dyad_instrument *in = dy_plot_instrument(p,
			    ms.m[j]);
			double s = sign_of(in);

			for (i = 0; i < n; i++) {
				const struct dyad_outcome *oc =
				    dyad_analysis_outcome(p->a, i);

				if (oc->measure != ms.m[j] || !drawable(p, oc) ||
				    (p->by && dy_plot_group_index(p, oc->group) != k))
					continue;
				if (first) {
					if (nblock > 0)
						dy_plot_put(p, "\n\n");
					gblock[k] = nblock++;
					first = false;
				}
				dy_plot_num(p, s * oc->g);
				dy_plot_put(p, " ");
				dy_plot_fix(p, (double)row[j] + dy, 3);
				dy_plot_put(p, " ");
				dy_plot_num(p, s > 0 ? oc->g_ci_low : -oc->g_ci_high);
				dy_plot_put(p, " ");
				dy_plot_num(p, s > 0 ? oc->g_ci_high : -oc->g_ci_low);
				dy_plot_put(p, "\n");
			}
		}
	}
	dy_plot_block_end(p);

	snprintf(title, sizeof(title), "Effect sizes: Hedges' g with %s%% "
	    "confidence intervals%s%s", p->conf_pct, p->by ? " by " : "",
	    p->by ? p->po->by : "");
	dy_plot_put(p, "\n");
	dy_plot_single(p, title);
	dy_plot_put(p, "set border 1 lc rgb \"#444444\"\n"
	    "set ytics nomirror scale 0 (");
	if (ms.nchild > 0)
		dy_plot_printf(p, "\"{/:Bold Child measures}\" %zu", nrow);
	for (j = 0; j < ms.n; j++) {
		const struct dyad_instrument *in = dy_plot_instrument(p, ms.m[j]);
		size_t npairs = 0;

		if (j == ms.nchild)
			dy_plot_printf(p, "%s\"{/:Bold Caregiver measures}\" %zu",
			    j > 0 ? ", \\\n    " : "", row[j] + 1);
		for (i = 0; i < n; i++) {
			const struct dyad_outcome *oc = dyad_analysis_outcome(p->a, i);

			if (oc->measure == ms.m[j] && drawable(p, oc))
				npairs += oc->n_pairs;
		}
		dy_plot_put(p, ", \\\n    ");
		dy_plot_text(p, "%s%s (n = %zu)", in->label[0] != '\0' ?
		    in->label : in->code, in->direction == DYAD_DIR_NONE ?
		    " (no direction)" : "", npairs);
		dy_plot_printf(p, " %zu", row[j]);
	}
	dy_plot_printf(p, ")\nset yrange [0.4:%zu.6]\n", nrow);
	dy_plot_put(p, "set xrange [*<0:0<*]\nset offsets graph 0.05, graph "
	    "0.05, 0, 0\n");
	if (!p->dumb)
		dy_plot_put(p, "set grid xtics lc rgb \"#dddddd\" lw 1 dt solid\n");
	dy_plot_put(p, "set xlabel ");
	dy_plot_text(p, "Hedges' g, signed so that improvement is positive");
	dy_plot_put(p, "\nset arrow 1 from first 0, graph 0 to first 0, graph 1 "
	    "nohead dt 2 lw 1.5 lc rgb \"#444444\"\n"
	    "# which way is better, above the plot's corners\n"
	    "set label 10 \"better \xe2\x86\x92\" at graph 1, graph 1 right "
	    "offset 0, 1\n"
	    "set label 11 \"\xe2\x86\x90 worse\" at graph 0, graph 1 left "
	    "offset 0, 1\n");
	if (p->by)
		dy_plot_put(p, "set key outside right top vertical Left reverse "
		    "samplen 2\n");
	else
		dy_plot_put(p, "unset key\n");
	dy_plot_put(p, "plot ");
	for (k = 0, first = true; k < (p->by ? p->ngroup : 1); k++) {
		if (gblock[k] == (size_t)-1)
			continue;
		dy_plot_printf(p, "%s$forest index %zu using 1:2:3:4 with "
		    "xerrorbars ", first ? "" : ", \\\n     ", gblock[k]);
		first = false;
		if (p->by) {
			dy_plot_printf(p, "lt %zu ps 1.2 title ",
			    k % DY_PLOT_NCOLOUR + 1);
			dy_plot_text(p, "%s", dy_plot_group_name(p, k));
		} else {
			dy_plot_put(p, "lc rgb \"" DY_PLOT_SINGLE "\" pt 7 ps 1.3 "
			    "lw 2 notitle");
		}
	}
	dy_plot_put(p, "\n");
	free(row);
	free(gblock);
	dy_plot_measures_free(&ms);
	return DYAD_OK;
}

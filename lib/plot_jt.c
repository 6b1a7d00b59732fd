/* plot_jt.c - the Jacobson-Truax plot of one measure: each pair as a point
 * (pre, post), the no-change diagonal, the band of no reliable change
 * around it, the clinical criterion, points coloured by category. */
#include <math.h>
#include <stdlib.h>

#include "dyad/num.h"
#include "dyad/plot.h"
#include "internal.h"
#include "plot_internal.h"

/* a pair's scores on the measure's analysis scale */
#define X_PRE(p, pr) dyad_analysis_scale((p)->cat, (pr)->measure, (pr)->pre)
#define X_POST(p, pr) dyad_analysis_scale((p)->cat, (pr)->measure, (pr)->post)

#define RCI_CRIT 1.96   /* as lib/outcome.c: |RCI| > 1.96 is reliable */
#define NCAT 5

struct category {
	const char *name, *colour;
	size_t n;
};

/* The reliable-change SD of the difference, S_diff, as the analysis used
 * it: every pair's rci is change / S_diff.  Without a usable pair (all
 * changes 0) it is recomputed the same way; NAN when there is none. */
static double
sdiff_of(const struct dy_plot *p, int32_t m, const struct dyad_instrument *in)
{
	size_t i, n = dyad_analysis_pairs(p->a), k = 0;
	double *x, s = NAN;

	for (i = 0; i < n; i++) {
		struct dyad_pair pr_;
		const struct dyad_pair *pr = &pr_;

		(void)dyad_analysis_pair(p->a, i, &pr_);

		if (pr->measure == m && isfinite(pr->rci) && pr->rci != 0)
			return fabs(pr->change / pr->rci);
	}
	if (!isfinite(in->reliability))
		return NAN;
	if (p->po->rci_norm_sd) {
		s = in->norm_sd;
	} else {
		x = malloc((n + 1) * sizeof(*x));
		if (x == NULL)
			return NAN;
		for (i = 0; i < n; i++) {
			struct dyad_pair pr_;
			const struct dyad_pair *pr = &pr_;

			(void)dyad_analysis_pair(p->a, i, &pr_);

			if (pr->measure == m)
				x[k++] = X_PRE(p, pr);
		}
		dyad_stats_mean_sd(x, k, NULL, &s, NULL);
		free(x);
	}
	s = sqrt(2.0) * s * sqrt(1 - in->reliability);
	return isfinite(s) && s > 0 ? s : NAN;
}

/* Category index of a pair: clinically significant change categories when
 * the measure has a criterion, else reliable change, else one "pair". */
static size_t
category(const struct dyad_pair *pr, int scheme)
{
	if (scheme == 2) {
		switch (pr->cs_cat) {
		case DYAD_CS_RECOVERED: return 0;
		case DYAD_CS_IMPROVED: return 1;
		case DYAD_CS_UNCHANGED: return 2;
		case DYAD_CS_DETERIORATED: return 3;
		default: return 4;
		}
	}
	if (scheme == 1) {
		switch (pr->rci_cat) {
		case DYAD_RCI_IMPROVED: return 1;
		case DYAD_RCI_UNCHANGED: return 2;
		case DYAD_RCI_DETERIORATED: return 3;
		default: return 4;
		}
	}
	return 4;
}

/* A number rounded to 2 decimals for a label ("95.93"). */
static void
short_num(char *buf, size_t len, double x)
{
	if (dyad_num_format(buf, len, round(x * 100) / 100) < 0)
		snprintf(buf, len, "?");
}

enum dyad_status
dy_plot_jt(struct dy_plot *p)
{
	struct category cat[NCAT] = {
		{ "recovered", DY_PLOT_RECOVERED, 0 },
		{ "improved", DY_PLOT_IMPROVED, 0 },
		{ "unchanged", DY_PLOT_UNCHANGED, 0 },
		{ "deteriorated", DY_PLOT_DETERIORATED, 0 },
		{ "not classified", "#000000", 0 },
	};
	const struct dyad_instrument *in;
	size_t i, c, n = dyad_analysis_pairs(p->a), npairs = 0, nblock = 0;
	size_t block[NCAT];
	long idx = dyad_catalog_find(p->cat, p->o->measure);
	int32_t m;
	int scheme = 0;
	double lo = INFINITY, hi = -INFINITY, crit, sdiff, pad, b;
	char unit[160], cbuf[40], sbuf[40], title[400], nbuf[32];

	if (idx < 0)
		return dy_fail(p->err, DYAD_ENOTFOUND, 0, 0, "unknown measure "
		    "'%s'", p->o->measure);
	m = (int32_t)idx;
	in = dy_plot_instrument(p, m);
	crit = in->transform == DYAD_TRANSFORM_LOG ? NAN :
	    dyad_instrument_criterion(in);
	for (i = 0; i < n; i++) {
		struct dyad_pair pr_;
		const struct dyad_pair *pr = &pr_;

		(void)dyad_analysis_pair(p->a, i, &pr_);

		if (pr->measure != m)
			continue;
		npairs++;
		if (pr->cs_cat != DYAD_CS_NA)
			scheme = 2;
		else if (pr->rci_cat != DYAD_RCI_NA && scheme < 1)
			scheme = 1;
		lo = fmin(lo, fmin(X_PRE(p, pr), X_POST(p, pr)));
		hi = fmax(hi, fmax(X_PRE(p, pr), X_POST(p, pr)));
	}
	if (npairs == 0)
		return dy_fail(p->err, DYAD_EDOMAIN, 0, 0, "nothing to plot: %s "
		    "has no pair of a %s and a %s score", in->code, p->pre, p->post);
	if (!dy_plot_shown(p, npairs))
		return dy_fail(p->err, DYAD_EDOMAIN, 0, 0, "withheld: %s has "
		    "fewer than %lld pairs", in->code, p->o->min_cell);
	if (scheme == 0)
		cat[4].name = "pair", cat[4].colour = DY_PLOT_SINGLE;
	if (isfinite(crit)) {
		lo = fmin(lo, crit);
		hi = fmax(hi, crit);
	}
	pad = hi > lo ? (hi - lo) * 0.05 : 1;
	lo -= pad;
	hi += pad;
	sdiff = sdiff_of(p, m, in);
	b = isfinite(sdiff) ? RCI_CRIT * sdiff : 0;

	dy_plot_put(p, "\n# pre, post of each pair; one block (index) per "
	    "category\n");
	dy_plot_block_begin(p, "jt");
	for (c = 0; c < NCAT; c++) {
		block[c] = (size_t)-1;
		for (i = 0; i < n; i++) {
			struct dyad_pair pr_;
			const struct dyad_pair *pr = &pr_;

			(void)dyad_analysis_pair(p->a, i, &pr_);

			if (pr->measure != m || category(pr, scheme) != c)
				continue;
			if (cat[c].n++ == 0) {
				if (nblock > 0)
					dy_plot_put(p, "\n\n");
				block[c] = nblock++;
			}
			dy_plot_num(p, X_PRE(p, pr));
			dy_plot_put(p, " ");
			dy_plot_num(p, X_POST(p, pr));
			dy_plot_put(p, "\n");
		}
	}
	dy_plot_block_end(p);
	dy_plot_put(p, "# the diagonal post = pre and the band of no reliable "
	    "change around it:\n# x, x - 1.96 S_diff, x + 1.96 S_diff\n");
	dy_plot_block_begin(p, "band");
	dy_plot_num(p, lo);
	dy_plot_put(p, " ");
	dy_plot_num(p, lo - b);
	dy_plot_put(p, " ");
	dy_plot_num(p, lo + b);
	dy_plot_put(p, "\n");
	dy_plot_num(p, hi);
	dy_plot_put(p, " ");
	dy_plot_num(p, hi - b);
	dy_plot_put(p, " ");
	dy_plot_num(p, hi + b);
	dy_plot_put(p, "\n");
	dy_plot_block_end(p);
	if (isfinite(crit)) {
		dy_plot_put(p, "# the clinical criterion: a vertical and a "
		    "horizontal line\n");
		dy_plot_block_begin(p, "criterion");
		dy_plot_num(p, crit);
		dy_plot_put(p, " ");
		dy_plot_num(p, lo);
		dy_plot_put(p, "\n");
		dy_plot_num(p, crit);
		dy_plot_put(p, " ");
		dy_plot_num(p, hi);
		dy_plot_put(p, "\n\n");
		dy_plot_num(p, lo);
		dy_plot_put(p, " ");
		dy_plot_num(p, crit);
		dy_plot_put(p, "\n");
		dy_plot_num(p, hi);
		dy_plot_put(p, " ");
		dy_plot_num(p, crit);
		dy_plot_put(p, "\n");
		dy_plot_block_end(p);
	}

	snprintf(title, sizeof(title), "%s: %s (%s)", scheme == 2 ?
	    "Reliable and clinically significant change" : scheme == 1 ?
	    "Reliable change" : "Pre and post scores",
	    in->label[0] != '\0' ? in->label : in->code, in->code);
	dy_plot_put(p, "\n");
	dy_plot_single(p, title);
	dy_plot_unit(p, m, unit, sizeof(unit));
	dy_plot_put(p, "set size ratio -1\nset xrange [");
	dy_plot_num(p, lo);
	dy_plot_put(p, ":");
	dy_plot_num(p, hi);
	dy_plot_put(p, "]\nset yrange [");
	dy_plot_num(p, lo);
	dy_plot_put(p, ":");
	dy_plot_num(p, hi);
	dy_plot_put(p, "]\nset border 3 lc rgb \"#444444\"\nset xlabel ");
	dy_plot_text(p, "%s (%s)", p->pre, unit);
	dy_plot_put(p, "\nset ylabel ");
	dy_plot_text(p, "%s (%s)", p->post, unit);
	dy_plot_put(p, "\nset key outside right top vertical Left reverse "
	    "samplen 2 title ");
	if (b > 0) {
		short_num(sbuf, sizeof(sbuf), sdiff);
		dy_plot_text(p, "%zu pair%s, S_diff = %s", npairs, npairs == 1 ?
		    "" : "s", sbuf);
	} else {
		dy_plot_text(p, "%zu pair%s", npairs, npairs == 1 ? "" : "s");
	}
	dy_plot_put(p, "\nplot ");
	if (b > 0) {
		dy_plot_put(p, "$band using 1:2:3 with filledcurves fc rgb "
		    "\"#BBBBBB\" fs transparent solid 0.3 noborder title ");
		dy_plot_text(p, "no reliable change (|RCI| \xe2\x89\xa4 1.96)");
		dy_plot_put(p, ", \\\n     ");
	}
	dy_plot_put(p, "$band using 1:1 with lines dt 2 lw 1.5 lc rgb "
	    "\"#444444\" title \"no change (post = pre)\"");
	if (isfinite(crit)) {
		short_num(cbuf, sizeof(cbuf), crit);
		dy_plot_put(p, ", \\\n     $criterion using 1:2 with lines dt 3 "
		    "lw 1.5 lc rgb \"#000000\" title ");
		dy_plot_text(p, "clinical criterion (%s)", cbuf);
	}
	for (c = 0; c < NCAT; c++) {
		if (block[c] == (size_t)-1)
			continue;
		dy_plot_printf(p, ", \\\n     $jt index %zu using 1:2 with points "
		    "pt %zu ps 1 lc rgb \"%s\" title ", block[c], p->dumb ? c + 1 :
		    7, cat[c].colour);
		dy_plot_text(p, "%s (n = %s)", cat[c].name,
		    dy_plot_count(p, cat[c].n, nbuf, sizeof(nbuf)));
	}
	dy_plot_put(p, "\n");
	return DYAD_OK;
}

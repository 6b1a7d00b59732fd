/* plot_layout.c - the frame every chart shares: small-multiples panels
 * (child measures above caregiver measures), the title, the block headings,
 * the key strip for groups and the caption line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dyad.h"
#include "dyad/plot.h"
#include "analysis.h"
#include "plot_internal.h"
#include "rows.h"

/* ---- layout ---- */

#define TITLE_H 0.07            /* the chart title at the top */
#define CAPTION_H 0.045         /* the caption line at the bottom */
#define HEADER_H 0.035          /* "Child measures" above a block */
#define LEGEND_H 0.05           /* the key strip for --by */
#define MAX_COLS 6
#define PANEL_ASPECT 1.33       /* width / height the panels aim at */

/* Rows needed for nc child and np caregiver panels in cols columns. */
static size_t
rows_for(size_t nc, size_t np, size_t cols)
{
	return (nc + cols - 1) / cols + (np + cols - 1) / cols;
}

void
dy_plot_layout(const struct dy_plot *p, struct dy_plot_layout *l,
    const struct dy_plot_measures *ms, bool legend)
{
	size_t nc = ms->nchild, np = ms->n - ms->nchild, most = nc > np ? nc : np;
	size_t rows, cols, blocks = (size_t)(nc > 0) + (size_t)(np > 0);
	double best = INFINITY, avail = 1 - TITLE_H - CAPTION_H -
	    (legend ? LEGEND_H : 0) - HEADER_H * (double)blocks;

	/* the number of columns whose panels come closest to 4:3 */
	l->cols = 1;
	for (cols = 1; cols <= MAX_COLS && cols <= (most > 0 ? most : 1);
	    cols++) {
		double w = p->wpx / (double)cols, h = p->hpx * avail /
		    (double)rows_for(nc, np, cols), bad = fabs(log(w / h /
		    PANEL_ASPECT));

		if (bad < best - 1e-9) {
			best = bad;
			l->cols = cols;
		}
	}
	l->rows_child = (nc + l->cols - 1) / l->cols;
	l->rows_parent = (np + l->cols - 1) / l->cols;
	rows = l->rows_child + l->rows_parent;
	l->legend = legend;
	l->top = 1 - TITLE_H;
	l->bottom = CAPTION_H + (legend ? LEGEND_H : 0);
	l->header = HEADER_H;
	l->cellw = 1.0 / (double)l->cols;
	l->cellh = avail / (double)(rows > 0 ? rows : 1);
}

/* Top edge of the block of child (parent false) or caregiver measures. */
static double
block_top(const struct dy_plot_layout *l, const struct dy_plot_measures *ms,
    bool parent)
{
	double y = l->top;

	if (parent && ms->nchild > 0)
		y -= l->header + (double)l->rows_child * l->cellh;
	return y;
}

/* The rest of a "set label N TEXT" command: at screen x, y. */
static void
screen_label(struct dy_plot *p, double x, double y, const char *just,
    const char *font, const char *colour)
{
	dy_plot_printf(p, " at screen ");
	dy_plot_fix(p, x, 4);
	dy_plot_put(p, ", screen ");
	dy_plot_fix(p, y, 4);
	dy_plot_printf(p, " %s", just);
	if (!p->dumb && font != NULL)
		dy_plot_printf(p, " font \"%s\"", font);
	if (!p->dumb && colour != NULL)
		dy_plot_printf(p, " textcolor rgb \"%s\"", colour);
	dy_plot_put(p, " front\n");
}

/* The chart title: a label, so that the panels keep their places. */
static void
title_label(struct dy_plot *p, const char *title)
{
	dy_plot_put(p, "set label 1 ");
	dy_plot_text(p, "%s", title);
	screen_label(p, 0.5, 1 - TITLE_H / 2, "center", ",14", NULL);
}

void
dy_plot_single(struct dy_plot *p, const char *title)
{
	title_label(p, p->o->title != NULL ? p->o->title : title);
	dy_plot_put(p, "# room for the title above, and below for the tics, "
	    "the axis label\n# and the caption\nset tmargin at screen ");
	dy_plot_fix(p, 1 - TITLE_H - 0.03, 4);
	dy_plot_put(p, "\nset bmargin at screen 0.14\n");
	dy_plot_caption(p);
}

void
dy_plot_multiplot(struct dy_plot *p)
{
	dy_plot_put(p, "\nset multiplot\nunset key\n");
	if (!p->dumb)
		dy_plot_put(p, "set tics font \",9\"\nset ylabel font \",10\"\n");
}

void
dy_plot_panel(struct dy_plot *p, const struct dy_plot_layout *l,
    const struct dy_plot_measures *ms, size_t i, const char *title)
{
	bool parent = i >= ms->nchild;
	size_t k = parent ? i - ms->nchild : i;
	double x = (double)(k % l->cols) * l->cellw;
	double y = block_top(l, ms, parent) - l->header -
	    (double)(k / l->cols + 1) * l->cellh;

	dy_plot_printf(p, "\n# panel %zu\n", i + 1);
	if (i == 1)
		dy_plot_put(p, "unset label\n");
	dy_plot_put(p, "unset arrow\nset origin ");
	dy_plot_fix(p, x, 4);
	dy_plot_put(p, ", ");
	dy_plot_fix(p, y, 4);
	dy_plot_put(p, "\nset size ");
	dy_plot_fix(p, l->cellw, 4);
	dy_plot_put(p, ", ");
	dy_plot_fix(p, l->cellh, 4);
	dy_plot_put(p, "\n");
	if (i == 0) {
		title_label(p, p->o->title != NULL ? p->o->title : title);
		if (ms->nchild > 0) {
			dy_plot_put(p, "set label 2 \"Child measures\"");
			screen_label(p, 0.01, block_top(l, ms, false) -
			    l->header / 2, "left", ",12", "#444444");
		}
		if (ms->n > ms->nchild) {
			dy_plot_put(p, "set label 3 \"Caregiver measures\"");
			screen_label(p, 0.01, block_top(l, ms, true) -
			    l->header / 2, "left", ",12", "#444444");
		}
		dy_plot_caption(p);
	}
}

void
dy_plot_legend(struct dy_plot *p, const struct dy_plot_layout *l,
    const char *style)
{
	size_t k;

	if (!l->legend || p->ngroup == 0)
		return;
	/* (a constant below the y range draws nothing, not even a box, but
	 * its key entry; gnuplot 5.4's keyentry alone trips an assertion) */
	dy_plot_put(p, "\n# key: one colour per group\n"
	    "unset label\nunset arrow\nunset title\nunset xlabel\n"
	    "unset ylabel\nunset border\nunset tics\nset origin 0, ");
	dy_plot_fix(p, CAPTION_H, 4);
	dy_plot_put(p, "\nset size 1, ");
	dy_plot_fix(p, LEGEND_H, 4);
	dy_plot_put(p, "\nset xrange [0:1]\nset yrange [10:11]\n"
	    "set key center center horizontal\nplot ");
	for (k = 0; k < p->ngroup; k++) {
		dy_plot_printf(p, "%s2 with %s lt %zu title ",
		    k > 0 ? ", \\\n     " : "", style, k % DY_PLOT_NCOLOUR + 1);
		dy_plot_text(p, "%s", dy_plot_group_name(p, k));
	}
	dy_plot_put(p, "\n");
}

/* ---- caption ---- */

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static size_t
distinct(uint32_t *v, size_t n)
{
	size_t i, k = 0;

	qsort(v, n, sizeof(*v), cmp_u32);
	for (i = 0; i < n; i++)
		if (i == 0 || v[i] != v[i - 1])
			k++;
	return k;
}

/* Children (with a pair on a child measure, or for a trajectory a score)
 * and caregivers (the same on a caregiver measure). */
static void
count_people(const struct dy_plot *p, size_t *nchild, size_t *ncarer)
{
	bool rows = p->o->kind == DYAD_PLOT_TRAJECTORY;
	size_t i, n = rows ? dyad_data_rows(p->d) : dyad_analysis_pairs(p->a);
	size_t nc = 0, np = 0;
	uint32_t *child = malloc((n + 1) * sizeof(uint32_t));
	uint32_t *carer = malloc((n + 1) * sizeof(uint32_t));

	*nchild = *ncarer = 0;
	if (child == NULL || carer == NULL) {
		free(child);
		free(carer);
		return;
	}
	for (i = 0; i < n; i++) {
		struct dyad_row rv;
		const struct dyad_row *r;
		int32_t m;

		if (rows) {
			r = dy_row_get(p->d, i, &rv);
			m = r->measure;
			if (r->status != DYAD_ROW_OK ||
			    !dy_analysis_selected(p->a, m) ||
			    !dy_analysis_in_period(p->a, r->date))
				continue;
		} else {
			struct dyad_pair pr_;
			const struct dyad_pair *pr = &pr_;

			(void)dyad_analysis_pair(p->a, i, &pr_);

			r = dy_row_get(p->d, pr->pre_row, &rv);
			m = pr->measure;
		}
		if (dy_plot_instrument(p, m)->subject == DYAD_SUBJECT_CHILD)
			child[nc++] = r->child;
		else
			carer[np++] = r->caregiver;
	}
	*nchild = distinct(child, nc);
	*ncarer = distinct(carer, np);
	free(child);
	free(carer);
}

void
dy_plot_caption(struct dy_plot *p)
{
	char people[128] = "", dates[64] = "", what[256], d1[16], d2[16];
	size_t nc, np;
	long first, last;

	char b1[32], b2[32];

	count_people(p, &nc, &np);
	dy_plot_count(p, nc, b1, sizeof(b1));
	dy_plot_count(p, np, b2, sizeof(b2));
	if (nc > 0 && np > 0)
		snprintf(people, sizeof(people), "%s child%s and %s caregiver%s",
		    b1, nc == 1 ? "" : "ren", b2, np == 1 ? "" : "s");
	else if (nc > 0)
		snprintf(people, sizeof(people), "%s child%s", b1,
		    nc == 1 ? "" : "ren");
	else
		snprintf(people, sizeof(people), "%s caregiver%s", b2,
		    np == 1 ? "" : "s");
	if (dyad_data_date_range(p->d, &first, &last)) {
		dyad_date_format(d1, sizeof(d1), first);
		dyad_date_format(d2, sizeof(d2), last);
		snprintf(dates, sizeof(dates), " \xc2\xb7 data from %s to %s", d1,
		    d2);
	}
	if (p->o->kind == DYAD_PLOT_TRAJECTORY)
		snprintf(what, sizeof(what), "%s", "with scores");
	else
		what[0] = '\0';
	dy_plot_put(p, "set label 4 ");
	if (what[0] != '\0')
		dy_plot_text(p, "%s %s%s \xc2\xb7 dyad %s", people, what, dates,
		    dyad_version());
	else
		dy_plot_text(p, "%s with %s and %s scores%s \xc2\xb7 dyad %s",
		    people, p->pre, p->post, dates, dyad_version());
	screen_label(p, 0.01, CAPTION_H / 2, "left", ",9", "#555555");
}

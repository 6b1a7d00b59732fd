/* plot.c - gnuplot scripts: the parts every chart shares (terminal, safe
 * text and numbers, groups, small-multiples layout, caption) and the entry
 * point that hands over to the chart writers in plot_*.c. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dyad.h"
#include "dyad/plot.h"
#include "analysis.h"
#include "internal.h"
#include "plot_internal.h"

const char *const dy_plot_colour[DY_PLOT_NCOLOUR] = {
	"#E69F00", "#56B4E9", "#009E73", "#F0E442",
	"#0072B2", "#D55E00", "#CC79A7", "#000000"
};

static const char *const kind_names[] = {
	"prepost", "forest", "jt", "change", "trajectory"
};

int
dyad_plot_kind_parse(const char *name, enum dyad_plot_kind *out)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (strcmp(name, kind_names[i]) == 0) {
			*out = (enum dyad_plot_kind)i;
			return 0;
		}
	}
	return -1;
}

const char *
dyad_plot_kind_name(enum dyad_plot_kind kind)
{
	return (size_t)kind < sizeof(kind_names) / sizeof(kind_names[0]) ?
	    kind_names[kind] : "?";
}

void
dyad_plot_opts_init(struct dyad_plot_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = DYAD_PLOT_PREPOST;
}

/* ---- writing ---- */

void
dy_plot_put(struct dy_plot *p, const char *s)
{
	fputs(s, p->out);
}

void
dy_plot_printf(struct dy_plot *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(p->out, fmt, ap);
	va_end(ap);
}

void
dy_plot_num(struct dy_plot *p, double x)
{
	char buf[40];

	if (dyad_num_format(buf, sizeof(buf), x) < 0) {
		p->bad_number = true;
		strcpy(buf, "0");
	}
	fputs(buf, p->out);
}

void
dy_plot_fix(struct dy_plot *p, double x, int dec)
{
	char buf[64];

	if (dyad_num_fixed(buf, sizeof(buf), x, dec) < 0) {
		p->bad_number = true;
		strcpy(buf, "0");
	}
	fputs(buf, p->out);
}

/* A string literal for a file or font name: backslash, quote, backquote
 * and control bytes escaped as dyad_escape_gnuplot does, but none of the
 * enhanced-text characters, which gnuplot passes on unchanged in a name
 * ("my_chart.png" must stay that name, not become "my\_chart.png"). */
static void
put_path(struct dy_plot *p, const char *s)
{
	putc('"', p->out);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			putc('\\', p->out);
			putc(c, p->out);
		} else if (c == '`' || c < 0x20 || c == 0x7f) {
			fprintf(p->out, "\\%03o", c);
		} else {
			putc(c, p->out);
		}
	}
	putc('"', p->out);
}

void
dy_plot_text(struct dy_plot *p, const char *fmt, ...)
{
	va_list ap;
	char small[256], *buf = small;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		small[0] = '\0';
	} else if ((size_t)n >= sizeof(small)) {
		buf = malloc((size_t)n + 1);
		if (buf == NULL) {
			buf = small;    /* truncated text beats no chart */
		} else {
			va_start(ap, fmt);
			vsnprintf(buf, (size_t)n + 1, fmt, ap);
			va_end(ap);
		}
	}
	dyad_escape_gnuplot(p->out, buf);
	if (buf != small)
		free(buf);
}

void
dy_plot_percent(char *buf, size_t len, double conf)
{
	/* 0.9 * 100 is 90.00000000000001: round to a tenth first */
	if (dyad_num_format(buf, len, round(conf * 1000) / 10) < 0)
		snprintf(buf, len, "95");
}

void
dy_plot_font(struct dy_plot *p, const char *spec)
{
	if (!p->dumb)
		fprintf(p->out, " font \"%s\"", spec);
}

void
dy_plot_ytics(struct dy_plot *p, double lo, double hi)
{
	double span = hi - lo, step, mag, f, e;

	if (!isfinite(span) || span <= 0) {
		dy_plot_put(p, "set ytics autofreq\n");
		return;
	}
	/* 1, 2 or 5 times a power of ten, at most 5 steps or so; dividing by
	 * an exact power of ten keeps 0.5 from printing as 0.50000000000001 */
	e = floor(log10(span / 4));
	mag = pow(10, fabs(e));
	f = e < 0 ? span / 4 * mag : span / 4 / mag;
	f = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
	step = e < 0 ? f / mag : f * mag;
	dy_plot_put(p, "set ytics ");
	dy_plot_num(p, step);
	dy_plot_put(p, "\n");
}

void
dy_plot_block_begin(struct dy_plot *p, const char *name)
{
	fprintf(p->out, "$%s << EOD\n", name);
}

void
dy_plot_block_end(struct dy_plot *p)
{
	fputs("EOD\n", p->out);
}

/* ---- measures and groups ---- */

const struct dyad_instrument *
dy_plot_instrument(const struct dy_plot *p, int32_t m)
{
	return dyad_catalog_at(p->cat, (size_t)m);
}

void
dy_plot_unit(const struct dy_plot *p, int32_t m, char *buf, size_t len)
{
	const struct dyad_instrument *in = dy_plot_instrument(p, m);
	const char *u = in->unit != NULL && in->unit[0] != '\0' ? in->unit :
	    "score";

	if (in->transform == DYAD_TRANSFORM_LOG)
		snprintf(buf, len, "ln(%s)", u);
	else
		snprintf(buf, len, "%s", u);
}

size_t
dy_plot_group_index(const struct dy_plot *p, uint32_t g)
{
	size_t k;

	for (k = 0; k < p->ngroup; k++)
		if (p->group[k] == g)
			return k;
	return 0;
}

const char *
dy_plot_group_name(const struct dy_plot *p, size_t k)
{
	return k < p->ngroup ? dyad_data_str(p->d, p->group[k]) : "";
}

int
dy_plot_add_group(struct dy_plot *p, uint32_t g)
{
	const char *name = dyad_data_str(p->d, g);
	size_t k, j;
	uint32_t *v;

	for (k = 0; k < p->ngroup; k++)
		if (p->group[k] == g)
			return 0;
	v = realloc(p->group, (p->ngroup + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	p->group = v;
	for (k = 0; k < p->ngroup &&
	    strcmp(dyad_data_str(p->d, v[k]), name) <= 0; k++)
		;
	for (j = p->ngroup; j > k; j--)
		v[j] = v[j - 1];
	v[k] = g;
	p->ngroup++;
	return 0;
}

int
dy_plot_measures_add(struct dy_plot_measures *ms, int32_t m)
{
	int32_t *v;

	if (ms->n > 0 && ms->m[ms->n - 1] == m)
		return 0;
	v = realloc(ms->m, (ms->n + 1) * sizeof(*v));
	if (v == NULL)
		return -1;
	ms->m = v;
	ms->m[ms->n++] = m;
	return 0;
}

void
dy_plot_measures_finish(const struct dy_plot *p, struct dy_plot_measures *ms)
{
	size_t i, j, k = 0;
	int32_t t;

	/* stable partition: child measures to the front */
	for (i = 0; i < ms->n; i++) {
		if (dy_plot_instrument(p, ms->m[i])->subject != DYAD_SUBJECT_CHILD)
			continue;
		t = ms->m[i];
		for (j = i; j > k; j--)
			ms->m[j] = ms->m[j - 1];
		ms->m[k++] = t;
	}
	ms->nchild = k;
}

void
dy_plot_measures_free(struct dy_plot_measures *ms)
{
	free(ms->m);
	ms->m = NULL;
	ms->n = ms->nchild = 0;
}

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
		const struct dyad_row *r;
		int32_t m;

		if (rows) {
			r = dyad_data_row(p->d, i);
			m = r->measure;
			if (r->status != DYAD_ROW_OK ||
			    !dy_analysis_selected(p->a, m) ||
			    !dy_analysis_in_period(p->a, r))
				continue;
		} else {
			const struct dyad_pair *pr = dyad_analysis_pair(p->a, i);

			r = dyad_data_row(p->d, pr->pre_row);
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

	count_people(p, &nc, &np);
	if (nc > 0 && np > 0)
		snprintf(people, sizeof(people), "%zu child%s and %zu caregiver%s",
		    nc, nc == 1 ? "" : "ren", np, np == 1 ? "" : "s");
	else if (nc > 0)
		snprintf(people, sizeof(people), "%zu child%s", nc,
		    nc == 1 ? "" : "ren");
	else
		snprintf(people, sizeof(people), "%zu caregiver%s", np,
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

/* ---- the script ---- */

static enum dyad_status
terminal(struct dy_plot *p)
{
	const struct dyad_plot_opts *o = p->o;
	const char *t = o->terminal != NULL ? o->terminal : "pngcairo";
	int w = o->width, h = o->height;

	p->dumb = strcmp(t, "dumb") == 0;
	if (!p->dumb && strcmp(t, "pngcairo") != 0 && strcmp(t, "svg") != 0 &&
	    strcmp(t, "pdfcairo") != 0)
		return dy_fail(p->err, DYAD_EINVAL, 0, 0, "unknown terminal "
		    "'%s' (pngcairo, svg, pdfcairo or dumb)", t);
	if (w < 0 || h < 0 || w > 100000 || h > 100000)
		return dy_fail(p->err, DYAD_EINVAL, 0, 0, "bad size %dx%d", w, h);
	if (w == 0)
		w = p->dumb ? 100 : 1000;
	if (h == 0)
		h = p->dumb ? 30 : 700;
	p->wpx = p->dumb ? w * 8.0 : w;
	p->hpx = p->dumb ? h * 16.0 : h;
	dy_plot_put(p, "set encoding utf8\n");
	if (p->dumb) {
		dy_plot_printf(p, "set terminal dumb enhanced mono size %d,%d\n",
		    w, h);
	} else {
		dy_plot_printf(p, "set terminal %s enhanced size ", t);
		if (strcmp(t, "pdfcairo") == 0) {
			/* pixels at 96 per inch, as browsers count them */
			dy_plot_fix(p, w / 96.0, 3);
			dy_plot_put(p, "in,");
			dy_plot_fix(p, h / 96.0, 3);
			dy_plot_put(p, "in");
		} else {
			dy_plot_printf(p, "%d,%d", w, h);
		}
		/* a font name is no enhanced text either: "Noto_Sans" */
		dy_plot_put(p, " font ");
		put_path(p, o->font != NULL ? o->font : "Sans,11");
		dy_plot_put(p, " background rgb \"white\"\n");
	}
	if (o->output != NULL) {
		dy_plot_put(p, "set output ");
		put_path(p, o->output);
		dy_plot_put(p, "\n");
	}
	return DYAD_OK;
}

static void
linetypes(struct dy_plot *p)
{
	size_t k;

	dy_plot_put(p, "# Okabe-Ito colours: group k is linetype k\n");
	/* the dumb terminal has no colour: there each group draws its
	 * points with a letter of its own instead */
	for (k = 0; k < DY_PLOT_NCOLOUR; k++)
		dy_plot_printf(p, "set linetype %zu lc rgb \"%s\" lw 2 pt %zu "
		    "ps 1 dt solid\n", k + 1, dy_plot_colour[k], p->dumb ? k + 1 :
		    7);
	dy_plot_put(p, "set style fill solid 0.25 border\n"
	    "set border 3 lc rgb \"#444444\"\nset tics nomirror out\n");
}

enum dyad_status
dyad_plot_script(FILE *out, const struct dyad_analysis *a,
    const struct dyad_waves *w, const struct dyad_plot_opts *o,
    struct dyad_error *err)
{
	struct dy_plot p;
	enum dyad_status st;

	dyad_error_clear(err);
	if (out == NULL || a == NULL || o == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no stream, analysis or "
		    "options");
	if ((size_t)o->kind >= sizeof(kind_names) / sizeof(kind_names[0]))
		return dy_fail(err, DYAD_EINVAL, 0, 0, "unknown chart kind");
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.a = a;
	p.w = w;
	p.o = o;
	p.d = dyad_analysis_data(a);
	p.cat = dyad_data_catalog(p.d);
	p.po = dyad_analysis_opts(a);
	p.err = err;
	p.by = p.po->by != NULL;
	p.conf = p.po->conf > 0 && p.po->conf < 1 ? p.po->conf : 0.95;
	dy_plot_percent(p.conf_pct, sizeof(p.conf_pct), p.conf);
	p.pre = p.po->pre != NULL ? p.po->pre : "intake";
	p.post = p.po->post != NULL ? p.po->post : "discharge";
	if (o->kind == DYAD_PLOT_TRAJECTORY && w == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "a trajectory chart needs "
		    "the per-timepoint results");
	if (o->kind == DYAD_PLOT_JT && (o->measure == NULL ||
	    o->measure[0] == '\0'))
		return dy_fail(err, DYAD_EINVAL, 0, 0, "a jt chart needs one "
		    "measure");
	fprintf(out, "# dyad plot %s: written by dyad %s.  The data are inline, "
	    "so\n# 'gnuplot THIS_FILE' draws the chart again; every text from "
	    "the data\n# is a quoted string literal, and the datablocks hold "
	    "only numbers.\nreset\n", kind_names[o->kind], dyad_version());
	st = terminal(&p);
	if (st != DYAD_OK)
		return st;
	linetypes(&p);
	switch (o->kind) {
	case DYAD_PLOT_PREPOST:
		st = dy_plot_prepost(&p);
		break;
	case DYAD_PLOT_FOREST:
		st = dy_plot_forest(&p);
		break;
	case DYAD_PLOT_JT:
		st = dy_plot_jt(&p);
		break;
	case DYAD_PLOT_CHANGE:
		st = dy_plot_change(&p);
		break;
	case DYAD_PLOT_TRAJECTORY:
		st = dy_plot_trajectory(&p);
		break;
	}
	free(p.group);
	if (st != DYAD_OK)
		return st;
	if (p.bad_number)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "a value to plot is not "
		    "a finite number");
	if (o->output != NULL)
		fputs("unset output\n", out);
	if (fflush(out) != 0 || ferror(out)) {
		int e = errno;

		st = dy_fail(err, DYAD_EIO, 0, 0, "cannot write the gnuplot script");
		err->sys_errno = e;
		return st;
	}
	return DYAD_OK;
}

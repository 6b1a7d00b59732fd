/* plot.c - gnuplot scripts: the parts every chart shares (terminal, safe
 * text and numbers, measures and groups) and the entry point that hands
 * over to the chart writers in plot_*.c (the frame is in plot_layout.c). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "dyad.h"
#include "dyad/plot.h"
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

bool
dy_plot_shown(const struct dy_plot *p, size_t n)
{
	return p->o->min_cell <= 1 || (long long)n >= p->o->min_cell;
}

const char *
dy_plot_count(const struct dy_plot *p, size_t n, char *buf, size_t len)
{
	if (n > 0 && !dy_plot_shown(p, n))
		snprintf(buf, len, "<%lld", p->o->min_cell);
	else
		snprintf(buf, len, "%zu", n);
	return buf;
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
dy_plot_yaxis(struct dy_plot *p, int32_t m, double lo, double hi,
    const char *what)
{
	char unit[160];

	dy_plot_ytics(p, lo, hi);
	if (p->dumb) {
		dy_plot_put(p, "unset ylabel\n");
		return;
	}
	dy_plot_unit(p, m, unit, sizeof(unit));
	dy_plot_put(p, "set ylabel ");
	if (what != NULL)
		dy_plot_text(p, "%s (%s)", what, unit);
	else
		dy_plot_text(p, "%s", unit);
	dy_plot_put(p, "\n");
}

void
dy_plot_mean_row(struct dy_plot *p, double x, double mean, double low,
    double high)
{
	dy_plot_fix(p, x, 3);
	dy_plot_put(p, " ");
	dy_plot_num(p, mean);
	dy_plot_put(p, " ");
	dy_plot_num(p, low);
	dy_plot_put(p, " ");
	dy_plot_num(p, high);
	dy_plot_put(p, "\n");
}

void
dy_plot_mean_line(struct dy_plot *p, const char *name, size_t i, uint32_t g,
    size_t *nplot)
{
	dy_plot_printf(p, "%s$%s index %zu using 1:2:3:4 with yerrorlines ",
	    (*nplot)++ > 0 ? ", \\\n     " : "", name, i);
	if (p->by)
		dy_plot_printf(p, "lt %zu", dy_plot_group_index(p, g) %
		    DY_PLOT_NCOLOUR + 1);
	else
		dy_plot_put(p, "lc rgb \"" DY_PLOT_SINGLE "\" pt 7");
	dy_plot_put(p, " notitle");
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

enum dyad_status
dy_plot_outcome_measures(struct dy_plot *p, struct dy_plot_measures *ms,
    bool (*drawn)(const struct dy_plot *, const struct dyad_outcome *))
{
	size_t i, n = dyad_analysis_outcomes(p->a);

	for (i = 0; i < n; i++) {
		const struct dyad_outcome *oc = dyad_analysis_outcome(p->a, i);

		if (drawn(p, oc) && (dy_plot_measures_add(ms, oc->measure) ||
		    (p->by && dy_plot_add_group(p, oc->group)))) {
			dy_plot_measures_free(ms);
			return dy_nomem(p->err);
		}
	}
	if (ms->n == 0)
		return dy_fail(p->err, DYAD_EDOMAIN, 0, 0, "nothing to plot: no "
		    "one has both a %s and a %s score", p->pre, p->post);
	dy_plot_measures_finish(p, ms);
	return DYAD_OK;
}

void
dy_plot_measures_free(struct dy_plot_measures *ms)
{
	free(ms->m);
	ms->m = NULL;
	ms->n = ms->nchild = 0;
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

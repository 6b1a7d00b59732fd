/* plot_internal.h - what the chart writers (plot_*.c) share: the script
 * being written, safe text and number output, the small-multiples layout. */
#ifndef DYAD_PLOT_INTERNAL_H
#define DYAD_PLOT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "dyad/catalog.h"
#include "dyad/plot.h"

/* Okabe & Ito (2008) colour-blind-safe palette: group k is linetype k+1. */
#define DY_PLOT_NCOLOUR 8
extern const char *const dy_plot_colour[DY_PLOT_NCOLOUR];
#define DY_PLOT_SINGLE "#0072B2"        /* the colour without --by */

/* Jacobson-Truax categories (plot_jt.c). */
#define DY_PLOT_RECOVERED "#009E73"
#define DY_PLOT_IMPROVED "#56B4E9"
#define DY_PLOT_UNCHANGED "#999999"
#define DY_PLOT_DETERIORATED "#D55E00"

/* The script being written. */
struct dy_plot {
	FILE *out;
	const struct dyad_analysis *a;
	const struct dyad_waves *w;
	const struct dyad_plot_opts *o;
	const struct dyad_data *d;
	const struct dyad_catalog *cat;
	const struct dyad_pair_opts *po;
	struct dyad_error *err;
	bool dumb;                      /* text terminal: no fonts */
	bool by;                        /* --by: groups get colours */
	bool bad_number;                /* a non-finite number was asked for */
	double wpx, hpx;                /* canvas size in pixels (dumb: 8x16 a
	                                 * character) */
	double conf;                    /* confidence level of every interval */
	char conf_pct[24];              /* "95" */
	const char *pre, *post;         /* timepoint labels of the pairs */
	uint32_t *group;                /* --by values in display order */
	size_t ngroup;
};

/* May a count of n people be shown (small-cell suppression, min_cell)? */
bool dy_plot_shown(const struct dy_plot *p, size_t n);

/* A count for a label: the number, or "<N" when suppressed. */
const char *dy_plot_count(const struct dy_plot *p, size_t n, char *buf,
    size_t len);

/* Measures to draw, one panel each: child measures first, then caregiver
 * measures, each in catalog order. */
struct dy_plot_measures {
	int32_t *m;
	size_t n, nchild;
};

/* Where the panels go (screen fractions). */
struct dy_plot_layout {
	size_t cols, rows_child, rows_parent;
	double top, bottom, header, cellw, cellh;
	bool legend;                    /* a key strip above the caption */
};

/* Raw script text (fixed, never from data). */
void dy_plot_put(struct dy_plot *p, const char *s);
/* Integers and fixed text only: no %f/%g (numbers go through dy_plot_num). */
void dy_plot_printf(struct dy_plot *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A finite number, shortest round-trip digits, '.' whatever the locale. */
void dy_plot_num(struct dy_plot *p, double x);
/* A finite number with 'dec' decimals (coordinates, sizes). */
void dy_plot_fix(struct dy_plot *p, double x, int dec);
/* A string literal built from fmt (%s and %zu only), escaped for gnuplot so
 * that it prints literally and can never end early. */
void dy_plot_text(struct dy_plot *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* " font \"SPEC\"" (fixed text such as ",10"); nothing on dumb. */
void dy_plot_font(struct dy_plot *p, const char *spec);
/* "set ytics STEP" with a round step giving about four intervals over
 * [lo, hi]; autofreq when the range is empty. */
void dy_plot_ytics(struct dy_plot *p, double lo, double hi);
/* A panel's y axis: tics over [lo, hi] and measure m's unit as the label,
 * "WHAT (unit)" when what is not NULL; no label on dumb, where there is no
 * room for it beside the tics. */
void dy_plot_yaxis(struct dy_plot *p, int32_t m, double lo, double hi,
    const char *what);
/* A data row "x mean low high" (x with 3 decimals) of a means chart. */
void dy_plot_mean_row(struct dy_plot *p, double x, double mean, double low,
    double high);
/* A plot item drawing index i of datablock $name (rows of
 * dy_plot_mean_row) as means with error bars, in group g's colour; *nplot
 * counts the items so far (a separator goes before all but the first). */
void dy_plot_mean_line(struct dy_plot *p, const char *name, size_t i,
    uint32_t g, size_t *nplot);
/* "95" for 0.95: the confidence level in percent, for labels. */
void dy_plot_percent(char *buf, size_t len, double conf);

const struct dyad_instrument *dy_plot_instrument(const struct dy_plot *p,
    int32_t m);
/* The axis unit of a measure: "T score", "ln(nmol/L)" on a log scale. */
void dy_plot_unit(const struct dy_plot *p, int32_t m, char *buf, size_t len);
/* Position of group id g in p->group (0 without --by). */
size_t dy_plot_group_index(const struct dy_plot *p, uint32_t g);
const char *dy_plot_group_name(const struct dy_plot *p, size_t k);
/* Add a group id to p->group (kept sorted by name); 0 or -1 (no memory). */
int dy_plot_add_group(struct dy_plot *p, uint32_t g);

/* Append measure m unless it is already the last one; 0 or -1. */
int dy_plot_measures_add(struct dy_plot_measures *ms, int32_t m);
/* Order child measures first (stable) and count them. */
void dy_plot_measures_finish(const struct dy_plot *p,
    struct dy_plot_measures *ms);
void dy_plot_measures_free(struct dy_plot_measures *ms);

/* The measures (and with --by the groups) of the analysis's outcomes that
 * drawn accepts, in panel order; DYAD_EDOMAIN "nothing to plot" when there
 * are none.  On failure ms is freed. */
enum dyad_status dy_plot_outcome_measures(struct dy_plot *p,
    struct dy_plot_measures *ms,
    bool (*drawn)(const struct dy_plot *, const struct dyad_outcome *));

/* Lay out ms as small multiples: child rows, then caregiver rows. */
void dy_plot_layout(const struct dy_plot *p, struct dy_plot_layout *l,
    const struct dy_plot_measures *ms, bool legend);
/* "set multiplot" and the settings every panel shares. */
void dy_plot_multiplot(struct dy_plot *p);
/* Start panel i of ms: origin, size, and on the first panel the title,
 * the block headers and the caption (drawn once, then unset).  title is
 * the default chart title (--title replaces it). */
void dy_plot_panel(struct dy_plot *p, const struct dy_plot_layout *l,
    const struct dy_plot_measures *ms, size_t i, const char *title);
/* Title, bottom margin and caption of a chart that is one plot. */
void dy_plot_single(struct dy_plot *p, const char *title);
/* The key strip for --by, drawn as a last, empty plot. */
void dy_plot_legend(struct dy_plot *p, const struct dy_plot_layout *l,
    const char *style);

/* The caption label (n, dates, version) at the bottom of the canvas. */
void dy_plot_caption(struct dy_plot *p);

/* Datablocks: "$name << EOD" and "EOD". */
void dy_plot_block_begin(struct dy_plot *p, const char *name);
void dy_plot_block_end(struct dy_plot *p);

enum dyad_status dy_plot_prepost(struct dy_plot *p);
enum dyad_status dy_plot_forest(struct dy_plot *p);
enum dyad_status dy_plot_jt(struct dy_plot *p);
enum dyad_status dy_plot_change(struct dy_plot *p);
enum dyad_status dy_plot_trajectory(struct dy_plot *p);

#endif

/* dyad/plot.h - charts of the pre/post and per-timepoint results, written
 * as a complete gnuplot script with the data inline. */
#ifndef DYAD_PLOT_H
#define DYAD_PLOT_H

#include <stdbool.h>
#include <stdio.h>

#include "dyad/analysis.h"
#include "dyad/error.h"
#include "dyad/waves.h"

#ifdef __cplusplus
extern "C" {
#endif

enum dyad_plot_kind {
	DYAD_PLOT_PREPOST,      /* pre and post means with CIs, per measure */
	DYAD_PLOT_FOREST,       /* Hedges' g with CI of every outcome, one axis */
	DYAD_PLOT_JT,           /* Jacobson-Truax scatter of one measure */
	DYAD_PLOT_CHANGE,       /* box plot and points of the change scores */
	DYAD_PLOT_TRAJECTORY    /* means with CIs at every timepoint */
};

/* Parse "prepost", "forest", "jt", "change" or "trajectory"; 0 or -1. */
int dyad_plot_kind_parse(const char *name, enum dyad_plot_kind *out);

/* The name dyad_plot_kind_parse reads back ("prepost", ...). */
const char *dyad_plot_kind_name(enum dyad_plot_kind kind);

struct dyad_plot_opts {
	enum dyad_plot_kind kind;
	const char *terminal;   /* "pngcairo" (NULL), "svg", "pdfcairo", "dumb" */
	const char *output;     /* path gnuplot writes, NULL = its stdout */
	int width, height;      /* pixels (pdf: at 96 per inch), dumb: characters;
	                         * 0: 1000x700, dumb 100x30 */
	const char *title;      /* NULL: a title that says what is drawn */
	const char *font;       /* NULL: "Sans,11" (not used by dumb) */
	const char *measure;    /* jt: the measure code (required) */
	bool individuals;       /* trajectory: a thin line per person */
	long long min_cell;     /* funder charts: outcomes with fewer pairs are
	                         * left out and smaller counts print as "<N";
	                         * 0 or 1: everything is shown */
};

/* Initialise o to the defaults (prepost, pngcairo, stdout, default size). */
void dyad_plot_opts_init(struct dyad_plot_opts *o);

/* Write to out a standalone gnuplot script that draws the chart o->kind of
 * the analysis a (and, for DYAD_PLOT_TRAJECTORY, of the waves w, which may be
 * NULL for the other kinds; both come from the same data and options).  The
 * data are inline as datablocks holding only numbers; every text that comes
 * from the data or from o (labels, group names, titles, file names, the font)
 * is written as an escaped gnuplot string literal, so no input can end a
 * datablock or a string early and run as a command.
 *
 * DYAD_EINVAL: a bad option (unknown terminal, jt without a measure,
 * trajectory without waves, --individuals with more than 200 people in a
 * panel); DYAD_ENOTFOUND: the jt measure is not in the catalog;
 * DYAD_EDOMAIN: nothing to draw (no pairs, no effect size, no waves);
 * DYAD_ENOMEM; DYAD_EIO when writing to out fails (err->sys_errno). */
enum dyad_status dyad_plot_script(FILE *out, const struct dyad_analysis *a,
    const struct dyad_waves *w, const struct dyad_plot_opts *o,
    struct dyad_error *err);

#ifdef __cplusplus
}
#endif
#endif

/* dyad/report.h - the funder report: how much, how well, is anyone better
 * off, in HTML or Markdown, with small-cell suppression and no identifiers. */
#ifndef DYAD_REPORT_H
#define DYAD_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dyad/analysis.h"
#include "dyad/data.h"
#include "dyad/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Treatment sessions (columns child_id, date, stage 1|2|3, attended yes/no). */
struct dyad_sessions;

/* Read a sessions CSV.  Row problems go to on_issue (may be NULL) and the
 * row is skipped and counted; a missing column or unreadable file returns
 * an error. */
enum dyad_status dyad_sessions_read(struct dyad_sessions **out, FILE *in,
    const char *name, dyad_issue_fn on_issue, void *ctx,
    struct dyad_error *err);
size_t dyad_sessions_count(const struct dyad_sessions *s);
size_t dyad_sessions_skipped(const struct dyad_sessions *s);
void dyad_sessions_free(struct dyad_sessions *s);      /* NULL is fine */

/* A chart to show in the report. */
struct dyad_report_chart {
	const char *title;      /* caption, e.g. "Effect sizes by outcome" */
	const char *svg;        /* HTML: the SVG document (embedded as data URI) */
	size_t svg_len;
	const char *href;       /* Markdown: image file written beside it */
};

struct dyad_report_opts {
	bool html;                      /* else Markdown */
	const char *title, *program, *funder;
	long long min_cell;             /* counts below are shown as "<N"; <= 1: off */
	const char *const *inputs;      /* input names, for the notes */
	const char *const *checksums;   /* SHA-256 of each, or NULL entries */
	size_t ninputs;
	const struct dyad_sessions *sessions;   /* or NULL */
	const struct dyad_analysis *followup;   /* post -> followup, or NULL */
	const struct dyad_analysis *by;         /* the same analysis with --by */
	const struct dyad_report_chart *charts;
	size_t ncharts;
};

/* Write the report for analysis a (ungrouped) to out.  Only counts,
 * statistics, measure labels and --by group names are written; never a
 * child, caregiver or family identifier.  Every data-derived text is
 * escaped for the format.  DYAD_EIO on a write error. */
enum dyad_status dyad_report_write(FILE *out, const struct dyad_analysis *a,
    const struct dyad_report_opts *o, struct dyad_error *err);

#ifdef __cplusplus
}
#endif
#endif

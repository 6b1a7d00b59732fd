/* dyad/xlsx.h - Excel workbooks (libxlsxwriter): result tables as sheets of
 * real numbers with number formats, a frozen header row and fitted columns,
 * and a Notes sheet with methods, sources and the dyad version. */
#ifndef DYAD_XLSX_H
#define DYAD_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "dyad/analysis.h"
#include "dyad/error.h"
#include "dyad/report.h"
#include "dyad/table.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One sheet: a table under a name of at most 31 characters, none of
 * [ ] : * ? / \ (Excel's rule). */
struct dyad_xlsx_sheet {
	const char *name;
	const struct dyad_table *table;
};

/* One line of the Notes sheet. */
struct dyad_xlsx_note {
	const char *topic;      /* "method", "input", ... */
	const char *text;
};

struct dyad_xlsx_notes {
	const struct dyad_xlsx_note *items;
	size_t n;
	const struct dyad_table *sources;   /* catalog entries used, or NULL */
};

/* Write the sheets and then a "Notes" sheet (the items, a "dyad version"
 * line, and the sources table below them) as a new workbook at path,
 * replacing any file there.  Cells: INT columns as integers (format 0),
 * NUM columns with their decimals (0.0, 0.00; p-values 0.000), BOOL as
 * TRUE/FALSE, TEXT as strings (never formulas); a missing cell stays empty.
 * DYAD_EINVAL for a bad sheet name or a table too large for a sheet;
 * DYAD_EIO (err->sys_errno when known) when the file cannot be written;
 * DYAD_ENOTFOUND when libxlsxwriter, which every function here that writes
 * a workbook loads on first use, is not installed. */
enum dyad_status dyad_xlsx_write(const char *path,
    const struct dyad_xlsx_sheet *sheets, size_t nsheets,
    const struct dyad_xlsx_notes *notes, struct dyad_error *err);

/* The catalog entries of the measures analysed in a, one row each: code,
 * label, subject, domain, direction, reliability, norms, criterion, source.
 * The caller frees *out with dyad_table_free. */
enum dyad_status dyad_xlsx_sources(const struct dyad_analysis *a,
    struct dyad_table **out, struct dyad_error *err);

/* What a command adds to its workbook's notes. */
struct dyad_xlsx_info {
	const char *methods;            /* method notes, one per line, or NULL */
	const char *const *inputs;      /* input file names */
	size_t ninputs;
};

/* dyad stats as a workbook: "statistics" (the stats table, with the flow
 * columns when flow is true: the same columns as its CSV), "change counts"
 * (reliable improvement, no change, deterioration and recovery per
 * outcome), "flow" (where every row of each measure went) and Notes. */
enum dyad_status dyad_xlsx_stats(const char *path,
    const struct dyad_analysis *a, bool flow,
    const struct dyad_xlsx_info *info, struct dyad_error *err);

/* dyad change as a workbook: "pairs" (one row per pair, WITH the child,
 * caregiver and family identifiers: the analyst's file, not a funder's) and
 * Notes. */
enum dyad_status dyad_xlsx_change(const char *path,
    const struct dyad_analysis *a, const struct dyad_xlsx_info *info,
    struct dyad_error *err);

/* The funder report's tables as a workbook (o as for dyad_report_write;
 * html and charts are ignored): people served, assessments by timepoint,
 * completion, flow, outcomes (and groups, follow-up), with small-cell
 * suppression exactly as in the report: a count from 1 to min_cell - 1 is
 * the text "<N", a complementary count is hidden with it, and statistics of
 * outcomes with fewer than min_cell pairs are left out.  Like the report it
 * writes no child, caregiver or family identifier. */
enum dyad_status dyad_xlsx_report(const char *path,
    const struct dyad_analysis *a, const struct dyad_report_opts *o,
    struct dyad_error *err);

#ifdef __cplusplus
}
#endif
#endif

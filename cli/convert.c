/* convert.c - dyad convert: any input (CSV, SPSS, Stata, SAS; long or wide)
 * to the canonical long CSV every tool downstream can read. */
#include <math.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: dyad convert [-q] [--decimal-comma] [--skip-bad] [--wide]\n"
    "                    [--catalog FILE] [--catalog-add FILE]\n"
    "                    [--col NAME=HEADER]... [-d DELIM] [-f FORMAT]\n"
    "                    [--input-format FORMAT] [--max-errors N] [-o FILE]\n"
    "                    [--threads N]\n"
    "                    [FILE...]\n";

enum { OPT_SKIP = OPT_CMD_BASE };

static const char *const canon[] = { "child_id", "caregiver_id",
    "family_id", "site", "measure", "timepoint", "date", "score" };

#define NCANON (sizeof(canon) / sizeof(canon[0]))

/* Rows written: usable ones and missing scores (kept, empty, so that the
 * converted file has the same pairs and flow).  An exact repeat is the row
 * it repeats, already written; a row with a problem lost its score or
 * measure code and cannot be written faithfully. */
static bool
kept(const struct dyad_row *r)
{
	return r->status == DYAD_ROW_OK || r->status == DYAD_ROW_MISSING_SCORE;
}

static bool
problem(const struct dyad_row *r)
{
	return !kept(r) && r->status != DYAD_ROW_REPEATED;
}

/* The columns: the canonical ones, then the files' extra columns. */
static int
add_columns(struct dyad_table *t, const struct dyad_data *d)
{
	size_t k, nextra = dyad_data_extra_count(d);

	for (k = 0; k < NCANON; k++)
		if (dyad_table_add_col(t, canon[k], k == NCANON - 1 ? DYAD_COL_NUM :
		    DYAD_COL_TEXT, 1, true) < 0)
			return -1;
	for (k = 0; k < nextra; k++)
		if (dyad_table_add_col(t, dyad_data_extra_name(d, k), DYAD_COL_TEXT,
		    0, true) < 0)
			return -1;
	return 0;
}

/* Data row i (r) as a row of t; -1: no memory. */
static int
add_row(struct dyad_table *t, const struct dyad_data *d, size_t i,
    const struct dyad_row *r)
{
	size_t k, nextra = dyad_data_extra_count(d);
	char date[16];

	date[0] = '\0';
	if (r->date != DYAD_NO_DATE)
		dyad_date_format(date, sizeof(date), r->date);
	if (dyad_table_add_row(t) ||
	    dyad_table_set_text(t, 0, dyad_data_str(d, r->child)) ||
	    dyad_table_set_text(t, 1, dyad_data_str(d, r->caregiver)) ||
	    dyad_table_set_text(t, 2, dyad_data_str(d, r->family)) ||
	    dyad_table_set_text(t, 3, dyad_data_str(d, r->site)) ||
	    dyad_table_set_text(t, 4, dyad_catalog_at(dyad_data_catalog(d),
	    (size_t)r->measure)->code) ||
	    dyad_table_set_text(t, 5, dyad_data_str(d, r->timepoint)) ||
	    dyad_table_set_text(t, 6, date))
		return -1;
	if (r->status != DYAD_ROW_MISSING_SCORE)
		dyad_table_set_num(t, 7, r->score);
	for (k = 0; k < nextra; k++)
		if (dyad_table_set_text(t, NCANON + k,
		    dyad_data_str(d, dyad_data_extra(d, i, k))))
			return -1;
	return 0;
}

#define BATCH 256       /* rows per put: a batch's memory, not the file's */

/* Every kept row to w, BATCH at a time through t (CSV, TSV and JSON go
 * out as they are made; table and Markdown are held by the writer for
 * their widths); left_out counts rows with problems. */
static enum dyad_status
put_rows(struct dyad_writer *w, struct dyad_table *t,
    const struct dyad_data *d, size_t *left_out, struct dyad_error *err)
{
	size_t i, n = dyad_data_rows(d);
	enum dyad_status st;

	if (add_columns(t, d))
		return DYAD_ENOMEM;
	for (i = 0; i < n; i++) {
		struct dyad_row r;

		(void)dyad_data_row(d, i, &r);
		if (!kept(&r)) {
			*left_out += problem(&r);
			continue;
		}
		if (add_row(t, d, i, &r))
			return DYAD_ENOMEM;
		if (dyad_table_rows(t) == BATCH) {
			if ((st = dyad_writer_put(w, t, err)) != DYAD_OK)
				return st;
			dyad_table_clear(t);
		}
	}
	if ((st = dyad_writer_put(w, t, err)) != DYAD_OK)
		return st;
	return dyad_writer_finish(w, err);
}

int
cmd_convert(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "skip-bad", no_argument, NULL, OPT_SKIP },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	enum dyad_format fmt = DYAD_FMT_CSV;
	struct dyad_catalog *cat = NULL;
	struct dyad_data *d = NULL;
	struct dyad_table *t = NULL;
	struct dyad_writer *w = NULL;
	enum dyad_status st;
	struct dyad_error err;
	struct cli_input in;
	struct cli_out out;
	const char *output = NULL;
	bool skip_bad = false;
	size_t left_out = 0;
	int c, rc;

	dyad_error_clear(&err);
	cli_input_init(&in);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:d:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return cli_help(usage);
		case OPT_SKIP:
			skip_bad = true;
			continue;
		case 'f':
			if (cli_format(optarg, &fmt, usage) != EXIT_OK)
				return EXIT_USAGE;
			continue;
		case 'o':
			output = optarg;
			continue;
		}
		if ((rc = cli_input_or_usage(&in, c, optarg, usage)) != EXIT_OK)
			return rc;
	}
	if ((rc = cli_catalog(&in, &cat)) != EXIT_OK)
		return rc;
	rc = cli_read(&in, argc - optind, argv + optind, cat, &d);
	if (rc == EXIT_OK && in.errors > 0 && !skip_bad) {
		cli_msg("%zu row%s with problems (see above); fix them, or use "
		    "--skip-bad to leave them out", in.errors,
		    in.errors == 1 ? "" : "s");
		rc = EXIT_DATA;
	}
	if (rc == EXIT_OK)
		rc = cli_out_open(&out, output, argc - optind, argv + optind);
	if (rc == EXIT_OK) {
		st = dyad_table_new(&t, &err);
		if (st == DYAD_OK)
			st = dyad_writer_new(&w, fmt, NULL, out.fp, &err);
		if (st == DYAD_OK)
			st = put_rows(w, t, d, &left_out, &err);
		if (st != DYAD_OK) {
			cli_out_abort(&out);
			if (st == DYAD_ENOMEM)
				cli_msg("out of memory");
			rc = st == DYAD_ENOMEM ? EXIT_DATA : cli_report(output, &err);
		} else {
			rc = cli_out_commit(&out);
		}
	}
	if (rc == EXIT_OK && left_out > 0)
		cli_msg("%zu row%s with problems left out (--skip-bad)", left_out,
		    left_out == 1 ? "" : "s");
	dyad_writer_free(w);
	dyad_table_free(t);
	dyad_data_free(d);
	dyad_catalog_free(cat);
	return rc;
}

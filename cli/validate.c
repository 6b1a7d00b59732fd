/* validate.c - dyad validate: check every row, report each problem with its
 * line, then summarise per file. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: dyad validate [-q] [--decimal-comma] [--wide] [-d DELIM]\n"
    "                     [--col NAME=HEADER]... [--catalog FILE]\n"
    "                     [--catalog-add FILE] [--max-errors N] [-f FORMAT]\n"
    "                     [--input-format FORMAT] [--threads N]\n"
    "                     [FILE...]\n";

/* One summary row per file (or for the standard input). */
static int
summarise(const struct dyad_data *d, enum dyad_format fmt)
{
	struct dyad_table *t = NULL;
	struct dyad_error err;
	size_t nfile, f, i, k, *cnt, any[DYAD_ROW_NSTATUS];
	int rc = EXIT_OK;

	dyad_error_clear(&err);
	memset(any, 0, sizeof(any));
	for (nfile = 0; dyad_data_file(d, nfile)[0] != '\0'; nfile++)
		;
	/* per file and status, in one pass over the rows */
	cnt = calloc((nfile + 1) * DYAD_ROW_NSTATUS, sizeof(size_t));
	if (cnt == NULL) {
		cli_msg("out of memory");
		return EXIT_DATA;
	}
	for (i = 0; i < dyad_data_rows(d); i++) {
		struct dyad_row r;

		(void)dyad_data_row(d, i, &r);
		cnt[(size_t)r.file * DYAD_ROW_NSTATUS + r.status]++;
	}
	for (f = 0; f < nfile; f++)
		for (k = 0; k < DYAD_ROW_NSTATUS; k++)
			any[k] += cnt[f * DYAD_ROW_NSTATUS + k];
	if (dyad_table_new(&t, &err) != DYAD_OK) {
		free(cnt);
		return cli_report(NULL, &err);
	}
	dyad_table_add_col(t, "file", DYAD_COL_TEXT, 0, true);
	dyad_table_add_col(t, "rows", DYAD_COL_INT, 0, true);
	dyad_table_add_col(t, "valid", DYAD_COL_INT, 0, true);
	dyad_table_add_col(t, "with_problems", DYAD_COL_INT, 0, true);
	/* Every reason is a column for machines; people see the ones that occur. */
	for (k = 1; k < DYAD_ROW_NSTATUS; k++)
		dyad_table_add_col(t, dyad_row_status_name((enum dyad_row_status)k),
		    DYAD_COL_INT, 0, any[k] > 0);
	for (f = 0; f < nfile; f++) {
		const size_t *fc = cnt + f * DYAD_ROW_NSTATUS;
		size_t rows = 0, bad = 0;

		for (k = 0; k < DYAD_ROW_NSTATUS; k++) {
			rows += fc[k];
			if (dyad_row_status_is_error((enum dyad_row_status)k))
				bad += fc[k];
		}
		if (dyad_table_add_row(t) != 0 ||
		    dyad_table_set_text(t, 0, dyad_data_file(d, f))) {
			dyad_table_free(t);
			free(cnt);
			cli_msg("out of memory");
			return EXIT_DATA;
		}
		dyad_table_set_int(t, 1, (long long)rows);
		dyad_table_set_int(t, 2, (long long)fc[DYAD_ROW_OK]);
		dyad_table_set_int(t, 3, (long long)bad);
		for (k = 1; k < DYAD_ROW_NSTATUS; k++)
			dyad_table_set_int(t, 3 + k, (long long)fc[k]);
		if (bad > 0)
			rc = EXIT_DATA;
	}
	free(cnt);
	if (dyad_table_write(t, fmt, NULL, stdout, &err) != DYAD_OK)
		rc = cli_report(NULL, &err);
	dyad_table_free(t);
	return rc;
}

int
cmd_validate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli_input in;
	struct dyad_catalog *cat = NULL;
	struct dyad_data *d = NULL;
	enum dyad_format fmt = DYAD_FMT_TABLE;
	int c, rc;

	cli_input_init(&in);
	in.check_caregivers = true;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:d:qh", longopts, NULL)) != -1) {
		if (c == 'h')
			return cli_help(usage);
		if (c == 'f') {
			if ((rc = cli_format(optarg, &fmt, usage)) != EXIT_OK)
				return rc;
			continue;
		}
		if ((rc = cli_input_or_usage(&in, c, optarg, usage)) != EXIT_OK)
			return rc;
	}
	if ((rc = cli_catalog(&in, &cat)) != EXIT_OK)
		return rc;
	rc = cli_read(&in, argc - optind, argv + optind, cat, &d);
	if (rc == EXIT_OK)
		rc = summarise(d, fmt);
	dyad_data_free(d);
	dyad_catalog_free(cat);
	return rc;
}

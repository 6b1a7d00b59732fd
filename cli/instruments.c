/* instruments.c - dyad instruments: list the catalog in use. */
#include <math.h>

#include "cli.h"

static const char usage[] =
    "usage: dyad instruments [-f FORMAT] [--catalog FILE] [--catalog-add FILE]\n";

static void
num(struct dyad_table *t, size_t col, double v)
{
	dyad_table_set_num(t, col, v);          /* NAN stays empty */
}

int
cmd_instruments(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "catalog", required_argument, NULL, OPT_CATALOG },
		{ "catalog-add", required_argument, NULL, OPT_CATALOG_ADD },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	static const char *const names[] = { "code", "label", "subject", "domain",
	    "direction", "min", "max", "reliability", "norm_mean", "norm_sd",
	    "clin_mean", "clin_sd", "cutoff", "criterion", "transform", "unit",
	    "source" };
	struct cli_input in;
	struct dyad_catalog *cat = NULL;
	struct dyad_table *t = NULL;
	struct dyad_error err;
	enum dyad_format fmt = DYAD_FMT_TABLE;
	size_t i, k;
	int c, rc;

	cli_input_init(&in);
	dyad_error_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
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
	if (optind != argc)
		return cli_usage(usage, "unexpected argument '%s'", argv[optind]);
	if ((rc = cli_catalog(&in, &cat)) != EXIT_OK)
		return rc;
	if (dyad_table_new(&t, &err) != DYAD_OK)
		goto fail;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		/* People see code, label, subject, domain, direction, range,
		 * reliability and the criterion; the rest is for machines. */
		bool brief = k <= 7 || k == 13;

		if (dyad_table_add_col(t, names[k], k >= 5 && k <= 13 ?
		    DYAD_COL_NUM : DYAD_COL_TEXT, k == 7 ? 2 : 1, brief) < 0)
			goto nomem;
	}
	for (i = 0; i < dyad_catalog_count(cat); i++) {
		const struct dyad_instrument *ins = dyad_catalog_at(cat, i);

		if (dyad_table_add_row(t) != 0 ||
		    dyad_table_set_text(t, 0, ins->code) ||
		    dyad_table_set_text(t, 1, ins->label) ||
		    dyad_table_set_text(t, 2, dyad_subject_name(ins->subject)) ||
		    dyad_table_set_text(t, 3, ins->domain) ||
		    dyad_table_set_text(t, 4, dyad_direction_name(ins->direction)) ||
		    dyad_table_set_text(t, 14, dyad_transform_name(ins->transform)) ||
		    dyad_table_set_text(t, 15, ins->unit) ||
		    dyad_table_set_text(t, 16, ins->source))
			goto nomem;
		num(t, 5, ins->min);
		num(t, 6, ins->max);
		num(t, 7, ins->reliability);
		num(t, 8, ins->norm_mean);
		num(t, 9, ins->norm_sd);
		num(t, 10, ins->clin_mean);
		num(t, 11, ins->clin_sd);
		num(t, 12, ins->cutoff);
		num(t, 13, dyad_instrument_criterion(ins));
	}
	if (dyad_table_write(t, fmt, NULL, stdout, &err) != DYAD_OK)
		goto fail;
	dyad_table_free(t);
	dyad_catalog_free(cat);
	return EXIT_OK;
nomem:
	err.status = DYAD_ENOMEM;
fail:
	dyad_table_free(t);
	dyad_catalog_free(cat);
	return cli_report(NULL, &err);
}

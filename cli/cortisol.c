/* cortisol.c - dyad cortisol: raw saliva samples (CORT rows) to waking
 * level, awakening response, areas under the curve, slope and bedtime
 * level per child and timepoint, in the long format dyad stats reads. */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "dyad/cortisol.h"

static const char usage[] =
    "usage: dyad cortisol [-q] [--decimal-comma] [--flow] [--skip-bad]\n"
    "                     [--assay-range LOW,HIGH|none] [--catalog FILE]\n"
    "                     [--catalog-add FILE] [--col NAME=HEADER]...\n"
    "                     [-d DELIM] [-f FORMAT] [--input-format FORMAT]\n"
    "                     [--max-errors N] [-o FILE] [--units nmol/L|ug/dL]\n"
    "                     [--threads N]\n"
    "                     [FILE...]\n";

enum { OPT_UNITS = OPT_CMD_BASE, OPT_RANGE, OPT_FLOW };

/* ASCII case-insensitive equality, whatever the locale. */
static int
same(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++) {
		int x = *a >= 'A' && *a <= 'Z' ? *a + 32 : *a;
		int y = *b >= 'A' && *b <= 'Z' ? *b + 32 : *b;

		if (x != y)
			return 0;
	}
	return *a == *b;
}

static int
parse_units(const char *s, double *factor)
{
	if (same(s, "nmol/L"))
		*factor = 1;
	else if (same(s, "ug/dL") || same(s, "\xc2\xb5g/dL") ||
	    same(s, "\xce\xbcg/dL") || same(s, "mcg/dL"))
		*factor = DYAD_CORT_UGDL_NMOLL;
	else
		return -1;
	return 0;
}

/* "LOW,HIGH" (0 <= LOW <= HIGH) or "none". */
static int
parse_range(char *s, double *lo, double *hi)
{
	char *comma = strchr(s, ',');
	int r;

	if (strcmp(s, "none") == 0) {
		*lo = *hi = NAN;
		return 0;
	}
	if (comma == NULL)
		return -1;
	*comma = '\0';
	r = cli_parse_double(s, lo) || cli_parse_double(comma + 1, hi);
	*comma = ',';
	return r || *lo < 0 || *hi < *lo ? -1 : 0;
}

static int
write_flow(const struct dyad_cortisol *r)
{
	struct dyad_table *a = NULL, *b = NULL;
	struct dyad_error err;
	int rc = EXIT_OK;

	dyad_error_clear(&err);
	if (dyad_cortisol_flow_tables(r, &a, &b, &err) != DYAD_OK ||
	    dyad_table_write(a, DYAD_FMT_TABLE, NULL, stderr, &err) != DYAD_OK ||
	    fputc('\n', stderr) == EOF ||
	    dyad_table_write(b, DYAD_FMT_TABLE, NULL, stderr, &err) != DYAD_OK)
		rc = cli_report(NULL, &err);
	dyad_table_free(a);
	dyad_table_free(b);
	return rc;
}

int
cmd_cortisol(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "units", required_argument, NULL, OPT_UNITS },
		{ "assay-range", required_argument, NULL, OPT_RANGE },
		{ "flow", no_argument, NULL, OPT_FLOW },
		{ "skip-bad", no_argument, NULL, OPT_SKIP_BAD },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct dyad_cort_opts co;
	struct cli_input in;
	struct cli_out out;
	struct dyad_catalog *cat = NULL;
	struct dyad_data *d = NULL;
	struct dyad_cortisol *r = NULL;
	struct dyad_table *t = NULL;
	struct dyad_error err;
	enum dyad_format fmt = DYAD_FMT_CSV;
	const char *output = NULL;
	double lo = NAN, hi = NAN;
	bool flow = false, skip_bad = false, range = false;
	int c, rc;

	dyad_error_clear(&err);
	dyad_cort_opts_init(&co);
	cli_input_init(&in);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:d:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			return cli_help(usage);
		case OPT_UNITS:
			if (parse_units(optarg, &co.to_nmol) != 0)
				return cli_usage(usage, "--units must be nmol/L or ug/dL, "
				    "not '%s'", optarg);
			continue;
		case OPT_RANGE:
			if (parse_range(optarg, &lo, &hi) != 0)
				return cli_usage(usage, "--assay-range wants LOW,HIGH "
				    "with 0 <= LOW <= HIGH, or none, not '%s'", optarg);
			range = true;
			continue;
		case OPT_FLOW:
			flow = true;
			continue;
		case OPT_SKIP_BAD:
			skip_bad = true;
			continue;
		case 'f':
			if ((rc = cli_format(optarg, &fmt, usage)) != EXIT_OK)
				return rc;
			continue;
		case 'o':
			output = optarg;
			continue;
		case OPT_WIDE:
			return cli_usage(usage, "--wide: cortisol needs one row per "
			    "sample, each with its own time");
		}
		if ((rc = cli_input_or_usage(&in, c, optarg, usage)) != EXIT_OK)
			return rc;
	}
	/* The range is given in the input unit; compare in nmol/L. */
	if (range) {
		co.assay_min = lo * co.to_nmol;
		co.assay_max = hi * co.to_nmol;
	}
	co.decimal_comma = in.ropts.decimal_comma;
	if ((rc = cli_catalog(&in, &cat)) != EXIT_OK)
		return rc;
	rc = cli_read(&in, argc - optind, argv + optind, cat, &d);
	if (rc == EXIT_OK) {
		/* Sample and day problems are printed and counted like rows. */
		co.on_issue = in.ropts.on_issue;
		co.ctx = in.ropts.ctx;
		if (dyad_cortisol_run(&r, d, &co, &err) != DYAD_OK)
			rc = cli_report(NULL, &err);
	}
	if (rc == EXIT_OK && in.errors > 0 && !skip_bad) {
		cli_msg("%zu problem%s (see above); fix them, or use --skip-bad to "
		    "leave out the samples and days concerned", in.errors,
		    in.errors == 1 ? "" : "s");
		rc = EXIT_DATA;
	}
	if (rc == EXIT_OK && dyad_cortisol_table(r, &t, &err) != DYAD_OK)
		rc = cli_report(NULL, &err);
	if (rc == EXIT_OK &&
	    (rc = cli_out_open(&out, output, argc - optind, argv + optind)) ==
	    EXIT_OK) {
		if (dyad_table_write(t, fmt, NULL, out.fp, &err) != DYAD_OK) {
			cli_out_abort(&out);
			rc = cli_report(output, &err);
		} else {
			rc = cli_out_commit(&out);
		}
	}
	if (rc == EXIT_OK && flow)
		rc = write_flow(r);
	else if (rc == EXIT_OK && !in.quiet &&
	    dyad_cortisol_flow(r)->days_partial > 0)
		cli_msg("%zu of %zu days did not give every measure (--flow shows "
		    "why)", dyad_cortisol_flow(r)->days_partial,
		    dyad_cortisol_flow(r)->days);
	dyad_table_free(t);
	dyad_cortisol_free(r);
	dyad_data_free(d);
	dyad_catalog_free(cat);
	return rc;
}

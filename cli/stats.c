/* stats.c - dyad stats: one record per outcome (per group with --by). */
#include "cli.h"
#include "util_pair.h"

static const char usage[] =
    "usage: dyad stats [-q] [--decimal-comma] [--flow] [--skip-bad] [--wide]\n"
    "                  [--adjust holm|bh|none] [--by COL] [--catalog FILE]\n"
    "                  [--catalog-add FILE] [--col NAME=HEADER]... [--conf LEVEL]\n"
    "                  [-d DELIM] [--domain NAME] [-f FORMAT] [--from DATE]\n"
    "                  [--max-errors N] [--measure CODE,...] [-o FILE]\n"
    "                  [--input-format FORMAT] [--threads N]\n"
    "                  [--pre LABEL|first] [--post LABEL|last]\n"
    "                  [--rci-sd sample|norm] [--subject child|parent]\n"
    "                  [--timepoints A,B,...] [--to DATE] [--csv-safe] [FILE...]\n";

/* Tools disagree on which paired d they print: say which these are. */
static const char legend[] =
    "d_z: mean change / SD of change, noncentral-t CI (as R effectsize cohens_d paired)\n"
    "g: Hedges-corrected standardized mean change, standardized by the pre SD, normal CI (metafor SMCR)\n"
    "p_t: paired t-test, two-sided; p_t_adj: adjusted across the measures of each group\n"
    "rci_improved, rci_deteriorated: Jacobson-Truax reliable change, |RCI| > 1.96; recovered: reliably improved and crossed the clinical criterion\n";

/* The records as they are made (a --by of many values makes many). */
static enum dyad_status
put_stats(const struct dyad_analysis *a, struct dyad_writer *w,
    struct dyad_error *err)
{
	return dyad_analysis_stats_write(a, false, w, err);
}

static enum dyad_status
put_stats_flow(const struct dyad_analysis *a, struct dyad_writer *w,
    struct dyad_error *err)
{
	return dyad_analysis_stats_write(a, true, w, err);
}

int
cmd_stats(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "flow", no_argument, NULL, OPT_CMD_BASE },
		CLI_PAIR_LONGOPTS,
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli_input in;
	struct cli_pair p;
	bool flow = false;
	int c, rc;

	cli_input_init(&in);
	cli_pair_init(&p);
	p.book = "stats";
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:d:qh", longopts, NULL)) != -1) {
		if (c == 'h')
			return cli_help(usage);
		if (c == OPT_CMD_BASE) {
			flow = p.flow = true;
			continue;
		}
		if ((rc = cli_pair_or_usage(&p, &in, c, optarg, usage)) !=
		    EXIT_OK)
			return rc;
	}
	rc = cli_pair_load(&p, &in, argc - optind, argv + optind);
	if (rc == EXIT_OK)
		rc = cli_pair_stream(&p, flow ? put_stats_flow : put_stats, legend,
		    argc - optind, argv + optind);
	if (rc == EXIT_OK && flow) {
		const struct dyad_flow *u = dyad_analysis_unassigned(p.an);

		if (u->rows > 0)
			cli_msg("%zu row%s to no measure (unknown code, malformed or "
			    "ragged) and %s in no flow", u->rows, u->rows == 1 ?
			    " belongs" : "s belong", u->rows == 1 ? "is" : "are");
	}
	cli_pair_release(&p);
	return rc;
}

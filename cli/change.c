/* change.c - dyad change: one row per pair with its reliable change and
 * clinical status. */
#include "cli.h"
#include "util_pair.h"

static const char usage[] =
    "usage: dyad change [-q] [--decimal-comma] [--skip-bad] [--wide]\n"
    "                   [--by COL] [--catalog FILE] [--catalog-add FILE]\n"
    "                   [--col NAME=HEADER]... [-d DELIM] [--domain NAME]\n"
    "                   [-f FORMAT] [--from DATE] [--max-errors N]\n"
    "                   [--input-format FORMAT] [--threads N]\n"
    "                   [--measure CODE,...] [-o FILE] [--pre LABEL|first]\n"
    "                   [--post LABEL|last] [--rci-sd sample|norm]\n"
    "                   [--subject child|parent] [--timepoints A,B,...]\n"
    "                   [--to DATE] [--csv-safe] [FILE...]\n";

int
cmd_change(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_PAIR_LONGOPTS,
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli_input in;
	struct cli_pair p;
	const char *unused[2] = { NULL, NULL };
	int c, rc;

	cli_input_init(&in);
	cli_pair_init(&p);
	p.book = "change";
	p.opts.pairs_only = true;       /* no outcome statistics are printed */
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:d:qh", longopts, NULL)) != -1) {
		if (c == 'h')
			return cli_help(usage);
		/* shared with stats, so that a script can give both commands
		 * the same options; said, since here they change nothing */
		if (c == OPT_CONF)
			unused[0] = "--conf";
		if (c == OPT_ADJUST)
			unused[1] = "--adjust";
		if ((rc = cli_pair_or_usage(&p, &in, c, optarg, usage)) !=
		    EXIT_OK)
			return rc;
	}
	for (c = 0; c < 2; c++)
		if (unused[c] != NULL && !in.quiet)
			fprintf(stderr, "dyad: warning: %s changes nothing in dyad "
			    "change, which prints no confidence interval or p "
			    "value\n", unused[c]);
	rc = cli_pair_load(&p, &in, argc - optind, argv + optind);
	/* rows go out as they are made: the table is never held whole */
	if (rc == EXIT_OK)
		rc = cli_pair_stream(&p, dyad_analysis_change_write, NULL,
		    argc - optind, argv + optind);
	cli_pair_release(&p);
	return rc;
}

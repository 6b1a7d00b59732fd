/* waves.c - dyad waves: means and CIs at every timepoint, Friedman and
 * repeated-measures ANOVA over people measured at all of them. */
#include "cli.h"
#include "util_pair.h"

static const char usage[] =
    "usage: dyad waves [-q] [--decimal-comma] [--skip-bad] [--wide] [--by COL]\n"
    "                  [--catalog FILE] [--catalog-add FILE]\n"
    "                  [--col NAME=HEADER]... [--conf LEVEL] [-d DELIM]\n"
    "                  [--domain NAME] [-f FORMAT] [--from DATE]\n"
    "                  [--max-errors N] [--measure CODE,...] [-o FILE]\n"
    "                  [--input-format FORMAT] [--threads N]\n"
    "                  [--subject child|parent] [--timepoints A,B,...]\n"
    "                  [--to DATE] [--csv-safe] [FILE...]\n";

static const char legend[] =
    "friedman_p: Friedman test over people measured at every timepoint (as R friedman.test)\n"
    "rm_p_gg: one-way repeated-measures ANOVA, Greenhouse-Geisser corrected\n";

int
cmd_waves(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "timepoints", required_argument, NULL, OPT_TIMEPOINTS },
		CLI_SELECT_LONGOPTS,
		{ "conf", required_argument, NULL, OPT_CONF },
		{ "skip-bad", no_argument, NULL, OPT_SKIP_BAD },
		{ "csv-safe", no_argument, NULL, OPT_CSV_SAFE },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli_input in;
	struct cli_pair p;
	struct dyad_waves *w = NULL;
	struct dyad_table *t = NULL;
	int c, rc;

	cli_input_init(&in);
	cli_pair_init(&p);
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:d:qh", longopts, NULL)) != -1) {
		if (c == 'h')
			return cli_help(usage);
		if ((rc = cli_pair_or_usage(&p, &in, c, optarg, usage)) !=
		    EXIT_OK)
			return rc;
	}
	/* the waves' own analysis checks the options: no pairing here */
	rc = cli_pair_read(&p, &in, argc - optind, argv + optind);
	if (rc == EXIT_OK && dyad_waves_run(&w, p.data, &p.opts, &p.err) != DYAD_OK)
		rc = cli_pair_failed(&p);
	if (rc == EXIT_OK && dyad_waves_table(w, &t, &p.err) != DYAD_OK)
		rc = cli_report(NULL, &p.err);
	if (rc == EXIT_OK)
		rc = cli_pair_write(&p, t, legend, argc - optind, argv + optind);
	dyad_table_free(t);
	dyad_waves_free(w);
	cli_pair_release(&p);
	return rc;
}

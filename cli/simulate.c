/* simulate.c - dyad simulate: synthetic CPP assessments in the long format. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: dyad simulate --children N [--seed S] [--sites K]\n"
    "                     [--sessions FILE] [-o FILE]\n";

int
cmd_simulate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "children", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "sites", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ "sessions", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct dyad_sim_opts so = { 0, 1, 3 };
	struct dyad_catalog *cat = NULL;
	struct dyad_error err;
	struct cli_out out;
	const char *path = NULL, *spath = NULL;
	struct cli_out sout;
	size_t seed;
	int c, rc;

	dyad_error_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:s:k:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (cli_parse_size(optarg, 1, 100000000, &so.children))
				return cli_usage(usage, "--children wants a count from 1 "
				    "to 100000000, not '%s'", optarg);
			break;
		case 's':
			if (cli_parse_size(optarg, 0, 4294967295UL, &seed))
				return cli_usage(usage, "--seed wants a whole number from 0 "
				    "to 4294967295, not '%s'", optarg);
			so.seed = (unsigned long)seed;
			break;
		case 'k':
			if (cli_parse_size(optarg, 1, 1000, &so.sites))
				return cli_usage(usage, "--sites wants a count from 1 to "
				    "1000, not '%s'", optarg);
			break;
		case 'o':
			path = optarg;
			break;
		case 'S':
			spath = optarg;
			break;
		case 'h':
			return cli_help(usage);
		default:
			return cli_usage(usage, NULL);
		}
	}
	if (optind != argc)
		return cli_usage(usage, "unexpected argument '%s'", argv[optind]);
	if (so.children == 0)
		return cli_usage(usage, "--children is required");
	if (dyad_catalog_new_default(&cat, &err) != DYAD_OK)
		return cli_report(NULL, &err);
	if (spath != NULL && strcmp(spath, "-") == 0) {
		dyad_catalog_free(cat);
		return cli_usage(usage, "--sessions needs a file name");
	}
	rc = cli_out_open(&out, path, 0, NULL);
	if (rc != EXIT_OK) {
		dyad_catalog_free(cat);
		return rc;
	}
	memset(&sout, 0, sizeof(sout));
	if (spath != NULL && (rc = cli_out_open(&sout, spath, 0, NULL)) != EXIT_OK) {
		cli_out_abort(&out);
		dyad_catalog_free(cat);
		return rc;
	}
	if (dyad_simulate_with_sessions(out.fp, sout.fp, &so, cat, &err) !=
	    DYAD_OK) {
		cli_out_abort(&out);
		cli_out_abort(&sout);
		dyad_catalog_free(cat);
		return cli_report(path, &err);
	}
	dyad_catalog_free(cat);
	rc = cli_out_commit(&out);
	if (spath != NULL && rc == EXIT_OK)
		rc = cli_out_commit(&sout);
	else if (spath != NULL)
		cli_out_abort(&sout);
	return rc;
}

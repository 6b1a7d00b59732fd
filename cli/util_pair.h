/* util_pair.h - options and set-up shared by the commands that pair scores. */
#ifndef DYAD_CLI_UTIL_PAIR_H
#define DYAD_CLI_UTIL_PAIR_H

#include "cli.h"

#define CLI_MAX_LIST 256

enum {
	OPT_PRE = 1200, OPT_POST, OPT_TIMEPOINTS, OPT_BY, OPT_FROM, OPT_TO,
	OPT_MEASURE, OPT_SUBJECT, OPT_DOMAIN, OPT_RCI_SD, OPT_CONF, OPT_ADJUST,
	OPT_CSV_SAFE
};

/* Which rows: the options every analysing command shares. */
#define CLI_SELECT_LONGOPTS \
	{ "by", required_argument, NULL, OPT_BY }, \
	{ "from", required_argument, NULL, OPT_FROM }, \
	{ "to", required_argument, NULL, OPT_TO }, \
	{ "measure", required_argument, NULL, OPT_MEASURE }, \
	{ "subject", required_argument, NULL, OPT_SUBJECT }, \
	{ "domain", required_argument, NULL, OPT_DOMAIN }

#define CLI_PAIR_LONGOPTS \
	{ "pre", required_argument, NULL, OPT_PRE }, \
	{ "post", required_argument, NULL, OPT_POST }, \
	{ "timepoints", required_argument, NULL, OPT_TIMEPOINTS }, \
	CLI_SELECT_LONGOPTS, \
	{ "rci-sd", required_argument, NULL, OPT_RCI_SD }, \
	{ "conf", required_argument, NULL, OPT_CONF }, \
	{ "adjust", required_argument, NULL, OPT_ADJUST }, \
	{ "skip-bad", no_argument, NULL, OPT_SKIP_BAD }, \
	{ "csv-safe", no_argument, NULL, OPT_CSV_SAFE }, \
	{ "format", required_argument, NULL, 'f' }, \
	{ "output", required_argument, NULL, 'o' }

struct cli_pair {
	struct dyad_pair_opts opts;
	const char *order[CLI_MAX_LIST];
	const char *measures[CLI_MAX_LIST];
	enum dyad_format fmt;
	bool fmt_given;
	bool skip_bad;
	const char *output;
	struct dyad_write_opts wopts;
	struct dyad_catalog *cat;
	struct dyad_data *data;
	struct dyad_analysis *an;
	struct dyad_error err;
	const char *book;       /* -o FILE.xlsx: "stats" or "change" workbook */
	bool flow;              /* stats --flow */
};

void cli_pair_init(struct cli_pair *p);

/* 1 handled, 0 not a pairing option, EXIT_USAGE after a message. */
int cli_pair_option(struct cli_pair *p, int c, char *arg, const char *usage);
/* An option the command did not take itself: a pairing or input option, or
 * a usage error.  EXIT_OK, or EXIT_USAGE after printing why. */
int cli_pair_or_usage(struct cli_pair *p, struct cli_input *in, int c,
    char *arg, const char *usage);

/* Catalog, read, refuse bad rows unless --skip-bad. */
int cli_pair_read(struct cli_pair *p, struct cli_input *in, int nfiles,
    char **files);

/* A failed analysis of p (p->err): a bad option is a usage error. */
int cli_pair_failed(struct cli_pair *p);

/* cli_pair_read, then analyse. */
int cli_pair_load(struct cli_pair *p, struct cli_input *in, int nfiles,
    char **files);

/* Write t to -o (or stdout) in the chosen format, legend after people's
 * formats. */
int cli_pair_write(struct cli_pair *p, const struct dyad_table *t,
    const char *legend, int nfiles, char **files);

/* Write the rows put() makes to -o (or stdout) as they come, in the chosen
 * format, legend after people's formats; -o FILE.xlsx writes the book's
 * workbook instead (p->book names one that dyad_xlsx_* makes from the
 * analysis). */
int cli_pair_stream(struct cli_pair *p,
    enum dyad_status (*put)(const struct dyad_analysis *,
    struct dyad_writer *, struct dyad_error *),
    const char *legend, int nfiles, char **files);

void cli_pair_release(struct cli_pair *p);

#endif

/* cli.h - what the subcommands share: exit codes, messages, input options,
 * safe output files. */
#ifndef DYAD_CLI_H
#define DYAD_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "dyad.h"

enum cli_exit {
	EXIT_OK = 0,
	EXIT_DATA = 1,          /* data, I/O or computation problem */
	EXIT_USAGE = 2
};

/* Subcommands: int cmd_NAME(int argc, char **argv) returns an exit code. */
int cmd_change(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_cortisol(int argc, char **argv);
int cmd_instruments(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_waves(int argc, char **argv);

/* "dyad: message" on stderr. */
void cli_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print a library error as "FILE:LINE: message" (or "dyad: message") and
 * return the exit code it maps to (usage errors never come from here). */
int cli_report(const char *file, const struct dyad_error *err);
/* Say that output (NULL: standard output) could not be written (errnum);
 * returns EXIT_DATA.  Standard output's is then not said again at exit. */
int cli_write_failed(const char *output, int errnum);
/* Whether standard output's write error has been said (cli_write_failed,
 * or cli_report of a writer's error on stdout). */
bool cli_stdout_reported(void);

/* Print "dyad: reason", then the usage text, on stderr; return 2. */
int cli_usage(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* --help: usage on stdout, exit code 0. */
int cli_help(const char *usage);

/* Strict option converters: whole string, range checked. 0 or -1. */
int cli_parse_size(const char *s, size_t min, size_t max, size_t *out);
int cli_parse_double(const char *s, double *out);

/* ---- input options shared by every command that reads assessments ---- */

#define CLI_MAX_COLMAP 64
#define CLI_MAX_FILES 4096

enum {
	OPT_COL = 1000, OPT_WIDE, OPT_DECIMAL_COMMA, OPT_CATALOG, OPT_CATALOG_ADD,
	OPT_SKIP_BAD, OPT_MAX_ERRORS, OPT_HELP, OPT_QUIET, OPT_INPUT_FORMAT,
	OPT_THREADS,
	OPT_CMD_BASE = 1100     /* commands number their own options from here */
};

#define CLI_INPUT_LONGOPTS \
	{ "col", required_argument, NULL, OPT_COL }, \
	{ "delimiter", required_argument, NULL, 'd' }, \
	{ "wide", no_argument, NULL, OPT_WIDE }, \
	{ "decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA }, \
	{ "catalog", required_argument, NULL, OPT_CATALOG }, \
	{ "catalog-add", required_argument, NULL, OPT_CATALOG_ADD }, \
	{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "input-format", required_argument, NULL, OPT_INPUT_FORMAT }, \
	{ "threads", required_argument, NULL, OPT_THREADS }, \
	{ "help", no_argument, NULL, 'h' }

struct cli_input {
	struct dyad_read_opts ropts;
	const char *col_map[CLI_MAX_COLMAP];
	const char *catalog;            /* --catalog FILE */
	const char *catalog_add[16];    /* --catalog-add FILE */
	size_t ncatalog_add;
	size_t max_errors;              /* messages printed at most; 0 = all */
	bool quiet;                     /* no warnings */
	bool format_set;                /* --input-format given ... */
	enum dyad_input_format format;  /* ... else each file's extension */
	bool check_caregivers;          /* validate: warn when rows cannot pair */
	size_t printed, suppressed, errors, warnings;
	/* progress on a terminal while a large file is read */
	const char *reading;            /* the file being read */
	double started;                 /* when its reading began (s) */
	int shown;                      /* percent on screen, -1 none */
};

void cli_input_init(struct cli_input *in);

/* Handle a shared input option: 1 handled, 0 not ours, or EXIT_USAGE after
 * printing the reason (the caller returns it). */
int cli_input_option(struct cli_input *in, int c, const char *arg,
    const char *usage);
/* An option the command did not take itself: a shared input option, or a
 * usage error.  EXIT_OK, or EXIT_USAGE after printing why. */
int cli_input_or_usage(struct cli_input *in, int c, const char *arg,
    const char *usage);

/* Load the catalog the options name (built-in by default). */
int cli_catalog(const struct cli_input *in, struct dyad_catalog **out);

/* Read the named files ("-" or none: standard input) into *out, printing
 * each problem as FILE:LINE: message.  Returns an exit code. */
int cli_read(struct cli_input *in, int nfiles, char **files,
    const struct dyad_catalog *cat, struct dyad_data **out);

/* ---- output files: temp file beside the target, renamed on success ---- */

struct cli_out {
	FILE *fp;
	char *path;             /* final path, NULL for stdout */
	char *tmp;              /* temporary path while writing */
};

/* Open path for writing ("-" or NULL: stdout).  Refuses a path that is one
 * of the input files.  A regular file is written as a temporary beside it,
 * renamed into place by cli_out_commit; a device or pipe that exists is
 * written directly (o->tmp NULL).  Returns an exit code. */
int cli_out_open(struct cli_out *o, const char *path, int nin, char **inputs);
/* Whether path is an existing device or pipe, which cli_out_open writes
 * directly: what must be renamed into place (a picture, a workbook)
 * refuses it before opening it (a FIFO's open waits for a reader). */
bool cli_out_special(const char *path);

/* Register a file the run reads besides the data (catalog, sessions) so
 * that cli_out_open refuses to write over it. */
void cli_protect(const char *path);

/* Flush, close and rename into place; on any error remove the temporary
 * file and keep the old one.  Returns an exit code. */
int cli_out_commit(struct cli_out *o);

/* Give up: remove the temporary file. */
void cli_out_abort(struct cli_out *o);

/* The format named by -f/--format, or by the extension of path. */
int cli_format(const char *name, enum dyad_format *fmt, const char *usage);

#endif

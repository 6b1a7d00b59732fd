/* main.c - the dyad command: a table of subcommands and the dispatcher. */
#define _DEFAULT_SOURCE 1       /* madvise(MADV_POPULATE_WRITE), sbrk */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "cli.h"

/* Alphabetical.  Adding a subcommand: cli/NAME.c with cmd_NAME, a row here,
 * man/dyad-NAME.1, golden tests in tests/cli/ (see README). */
static const struct cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} cmds[] = {
	{ "change",      cmd_change,      "one row per pair: pre, post, change, reliable change, clinical status" },
	{ "convert",     cmd_convert,     "write any input (CSV, SPSS, Stata, SAS; long or wide) as the canonical long CSV" },
	{ "cortisol",    cmd_cortisol,    "derive waking, CAR, AUCg, AUCi, slope and bedtime cortisol from raw saliva samples" },
	{ "instruments", cmd_instruments, "list the instrument catalog" },
	{ "plot",        cmd_plot,        "draw charts with gnuplot: prepost, forest, jt, change, trajectory" },
	{ "report",      cmd_report,      "write the funder report (HTML or Markdown) with charts" },
	{ "simulate",    cmd_simulate,    "write a realistic synthetic CPP dataset" },
	{ "stats",       cmd_stats,       "pre/post statistics per outcome: tests, effect sizes, reliable change" },
	{ "validate",    cmd_validate,    "check assessment files row by row" },
	{ "waves",       cmd_waves,       "means at every timepoint; Friedman and repeated-measures ANOVA" },
};

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static void
overview(FILE *out)
{
	size_t i;

	fputs("usage: dyad COMMAND [options] [FILE...]\n"
	    "       dyad help COMMAND | --help | --version\n\n"
	    "Outcomes measurement for Child-Parent Psychotherapy programs.\n\n"
	    "commands:\n", out);
	for (i = 0; i < NCMDS; i++)
		fprintf(out, "  %-12s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nFILE holds assessments: CSV, SPSS (.sav .zsav .por), Stata (.dta) "
	    "or SAS\n(.sas7bdat); - or none: CSV from standard input.\n"
	    "Run 'dyad help COMMAND' or 'man dyad-COMMAND' for details.\n", out);
}

static const struct cmd *
find(const char *name)
{
	size_t i;

	for (i = 0; i < NCMDS; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

/* A failed write to stdout must fail the run (git's run_builtin), and be
 * said once: not again when the command has reported it. */
static int
close_stdout(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (errno == EPIPE)
			return rc;
		if (cli_stdout_reported())
			return EXIT_DATA;
		cli_msg("write error on standard output: %s", strerror(errno));
		return EXIT_DATA;
	}
	return rc;
}

/* Map the top of the stack and glibc's first heap now, in two calls,
 * rather than a page fault at a time as a run first touches them: a fault
 * costs microseconds in a virtual machine, a 20-row run took 26 of them
 * here, and a large run uses these pages anyway (tests/bench/NOTES.md). */
#define PREMAP_STACK ((uintptr_t)64 << 10)
#define PREMAP_HEAP  ((uintptr_t)256 << 10)

static void
premap(void)
{
#ifdef MADV_POPULATE_WRITE
	char here;
	uintptr_t sp = (uintptr_t)&here & ~(uintptr_t)4095, p, end;
	void *first;

	/* errors are harmless: the pages are then faulted in as before */
	if (sp > PREMAP_STACK)
		(void)madvise((void *)(sp - PREMAP_STACK), PREMAP_STACK + 4096,
		    MADV_POPULATE_WRITE);
	first = malloc(1);
	p = (uintptr_t)first & ~(uintptr_t)4095;
	end = (uintptr_t)sbrk(0);
	if (first != NULL && end > p && end - p <= PREMAP_HEAP)
		(void)madvise((void *)p, end - p, MADV_POPULATE_WRITE);
	free(first);
#endif
}

int
main(int argc, char **argv)
{
	const struct cmd *c;
	char *help_argv[3], name[64];

	premap();
	/* The library checks arguments itself; GSL must never abort. */
	gsl_set_error_handler_off();
	signal(SIGPIPE, SIG_DFL);
#ifdef M_MMAP_THRESHOLD
	/* Arrays of 256 KiB and more keep mappings of their own: growing
	 * one then moves its pages (mremap) where glibc's default, raising
	 * the threshold as such blocks are freed, would copy it into fresh
	 * heap a page fault at a time (tests/bench/NOTES.md). */
	(void)mallopt(M_MMAP_THRESHOLD, 256 << 10);
#endif
	if (argc < 2) {
		overview(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		overview(stdout);
		return close_stdout(EXIT_OK);
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("dyad %s\n", dyad_version());
		return close_stdout(EXIT_OK);
	}
	if (strcmp(argv[1], "help") == 0) {
		if (argc < 3) {
			overview(stdout);
			return close_stdout(EXIT_OK);
		}
		c = find(argv[2]);
		if (c == NULL) {
			cli_msg("unknown command '%s'", argv[2]);
			return EXIT_USAGE;
		}
		help_argv[0] = argv[2];
		help_argv[1] = "--help";
		help_argv[2] = NULL;
		return close_stdout(c->run(2, help_argv));
	}
	c = find(argv[1]);
	if (c == NULL) {
		cli_msg("unknown command '%s' (see 'dyad --help')", argv[1]);
		return EXIT_USAGE;
	}
	/* getopt names argv[0] in its messages: make it "dyad NAME". */
	snprintf(name, sizeof(name), "dyad %s", c->name);
	argv[1] = name;
	return close_stdout(c->run(argc - 1, argv + 1));
}

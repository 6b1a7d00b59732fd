/* common.c - messages, option converters, reading inputs, safe outputs. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* A file name for a message: control bytes as \xNN, so a name with a
 * newline or an escape sequence cannot forge or hide a message line. */
static const char *
safe_name(const char *name, char *out, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	for (; *name != '\0' && o + 5 < len; name++) {
		unsigned char c = (unsigned char)*name;

		if (c < 0x20 || c == 0x7f) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

void
cli_msg(const char *fmt, ...)
{
	va_list ap;

	fputs("dyad: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Whether standard output's write error has been said (cli_write_failed,
 * by itself or from cli_report), so that the check at exit (cli/main.c)
 * does not say it again.  The program's, not the library's: one run, one
 * standard output. */
static bool stdout_reported;

bool
cli_stdout_reported(void)
{
	return stdout_reported;
}

int
cli_write_failed(const char *output, int errnum)
{
	char name[1024];

	if (output == NULL) {
		cli_msg("write error on standard output: %s", strerror(errnum));
		stdout_reported = true;
	} else {
		cli_msg("%s: %s", safe_name(output, name, sizeof(name)),
		    strerror(errnum));
	}
	return EXIT_DATA;
}

int
cli_report(const char *file, const struct dyad_error *err)
{
	const char *msg = err->msg[0] ? err->msg : dyad_strstatus(err->status);
	char name[1024];

	if (file != NULL)
		file = safe_name(file, name, sizeof(name));

	if (err->status == DYAD_EIO && err->sys_errno != 0 && file == NULL &&
	    ferror(stdout)) {
		(void)cli_write_failed(NULL, err->sys_errno);
	} else if (err->status == DYAD_EIO && err->sys_errno != 0) {
		if (file != NULL)
			fprintf(stderr, "dyad: %s: %s: %s\n", file, msg,
			    strerror(err->sys_errno));
		else
			fprintf(stderr, "dyad: %s: %s\n", msg,
			    strerror(err->sys_errno));
	} else if (file != NULL && err->line > 0) {
		fprintf(stderr, "%s:%zu: %s\n", file, err->line, msg);
	} else if (file != NULL) {
		fprintf(stderr, "%s: %s\n", file, msg);
	} else {
		fprintf(stderr, "dyad: %s\n", msg);
	}
	return EXIT_DATA;
}

int
cli_usage(const char *usage, const char *fmt, ...)
{
	va_list ap;

	if (fmt != NULL) {
		fputs("dyad: ", stderr);
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
		fputc('\n', stderr);
	}
	fputs(usage, stderr);
	return EXIT_USAGE;
}

int
cli_help(const char *usage)
{
	fputs(usage, stdout);
	return EXIT_OK;
}

int
cli_parse_size(const char *s, size_t min, size_t max, size_t *out)
{
	unsigned long long v = 0;
	const char *p = s;

	if (*p == '\0')
		return -1;
	for (; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || v > (ULLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (unsigned)(*p - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = (size_t)v;
	return 0;
}

int
cli_parse_double(const char *s, double *out)
{
	return dyad_num_parse(s, strlen(s), false, out) == DYAD_NUM_OK ? 0 : -1;
}

void
cli_input_init(struct cli_input *in)
{
	memset(in, 0, sizeof(*in));
	in->ropts.col_map = in->col_map;
}

static bool
canonical_name(const char *s, size_t n)
{
	static const char *const names[] = { "child_id", "caregiver_id",
	    "family_id", "site", "measure", "timepoint", "date", "score" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && strncasecmp(s, names[i], n) == 0)
			return true;
	return false;
}

int
cli_input_option(struct cli_input *in, int c, const char *arg,
    const char *usage)
{
	switch (c) {
	case OPT_COL:
		if (strchr(arg, '=') == NULL || arg[0] == '=' ||
		    !canonical_name(arg, (size_t)(strchr(arg, '=') - arg)))
			return cli_usage(usage, "--col wants NAME=HEADER with NAME one "
			    "of child_id, caregiver_id, family_id, site, measure, "
			    "timepoint, date, score; not '%s'", arg);
		if (in->ropts.n_col_map >= CLI_MAX_COLMAP)
			return cli_usage(usage, "too many --col options");
		in->col_map[in->ropts.n_col_map++] = arg;
		return 1;
	case 'd':
		if (strcmp(arg, ",") == 0 || strcmp(arg, ";") == 0)
			in->ropts.delimiter = (unsigned char)arg[0];
		else if (strcmp(arg, "\t") == 0 || strcmp(arg, "tab") == 0 ||
		    strcmp(arg, "\\t") == 0)
			in->ropts.delimiter = '\t';
		else
			return cli_usage(usage,
			    "--delimiter must be ',', ';' or tab, not '%s'", arg);
		return 1;
	case OPT_WIDE:
		in->ropts.wide = true;
		return 1;
	case OPT_DECIMAL_COMMA:
		in->ropts.decimal_comma = true;
		return 1;
	case OPT_CATALOG:
		in->catalog = arg;
		cli_protect(arg);
		return 1;
	case OPT_CATALOG_ADD:
		if (in->ncatalog_add >= 16)
			return cli_usage(usage, "too many --catalog-add options");
		in->catalog_add[in->ncatalog_add++] = arg;
		cli_protect(arg);
		return 1;
	case OPT_MAX_ERRORS:
		if (cli_parse_size(arg, 0, SIZE_MAX, &in->max_errors))
			return cli_usage(usage, "--max-errors wants a count, not '%s'",
			    arg);
		return 1;
	case 'q':
		in->quiet = true;
		return 1;
	case OPT_THREADS: {
		size_t n;

		if (cli_parse_size(arg, 1, 2, &n))
			return cli_usage(usage, "--threads is 1 or 2, not '%s'", arg);
		in->ropts.threads = (unsigned)n;
		return 1;
	}
	case OPT_INPUT_FORMAT:
		if (dyad_input_format_parse(arg, &in->format) != 0)
			return cli_usage(usage, "--input-format is csv, sav, zsav, por, "
			    "dta or sas7bdat, not '%s'", arg);
		in->format_set = true;
		return 1;
	}
	return 0;
}

int
cli_input_or_usage(struct cli_input *in, int c, const char *arg,
    const char *usage)
{
	int rc = cli_input_option(in, c, arg, usage);

	if (rc == 0)
		return cli_usage(usage, NULL);
	return rc == EXIT_USAGE ? rc : EXIT_OK;
}

static int
load_catalog_file(const char *path, struct dyad_catalog **cat, bool add)
{
	struct dyad_error err;
	enum dyad_status st;
	FILE *f = fopen(path, "r");

	dyad_error_clear(&err);
	if (f == NULL) {
		cli_msg("%s: %s", path, strerror(errno));
		return EXIT_DATA;
	}
	st = add ? dyad_catalog_merge(*cat, f, path, &err) :
	    dyad_catalog_load(cat, f, path, &err);
	fclose(f);
	return st == DYAD_OK ? EXIT_OK : cli_report(path, &err);
}

int
cli_catalog(const struct cli_input *in, struct dyad_catalog **out)
{
	struct dyad_error err;
	size_t i;
	int rc;

	dyad_error_clear(&err);
	*out = NULL;
	if (in->catalog != NULL)
		rc = load_catalog_file(in->catalog, out, false);
	else
		rc = dyad_catalog_new_default(out, &err) == DYAD_OK ? EXIT_OK :
		    cli_report(NULL, &err);
	for (i = 0; rc == EXIT_OK && i < in->ncatalog_add; i++)
		rc = load_catalog_file(in->catalog_add[i], out, true);
	if (rc != EXIT_OK) {
		dyad_catalog_free(*out);
		*out = NULL;
	}
	return rc;
}

static double
seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Erase the progress line, if one is on the screen. */
static void
progress_clear(struct cli_input *in)
{
	if (in->shown >= 0)
		fprintf(stderr, "\r%*s\r", 60, "");
	in->shown = -1;
}

/* "dyad: reading FILE: 42%" on a terminal, for reads of over a second;
 * nothing in pipes or CI (stderr not a terminal). */
static void
show_progress(unsigned long long done, unsigned long long total, void *ctx)
{
	struct cli_input *in = ctx;
	int pct;

	if (total == 0 || seconds() - in->started < 1)
		return;
	pct = (int)(done * 100 / total);
	if (pct == in->shown)
		return;
	in->shown = pct;
	fprintf(stderr, "\rdyad: reading %.30s: %d%%", in->reading, pct);
	fflush(stderr);
}

static void
print_issue(const struct dyad_issue *is, void *ctx)
{
	struct cli_input *in = ctx;

	progress_clear(in);
	char name[1024];
	const char *file;

	if (is->warning)
		in->warnings++;
	else
		in->errors++;
	if (is->warning && in->quiet)
		return;
	if (in->max_errors > 0 && in->printed >= in->max_errors) {
		in->suppressed++;
		return;
	}
	in->printed++;
	file = safe_name(is->file, name, sizeof(name));
	if (is->line > 0 && is->cases)
		fprintf(stderr, "%s: case %zu: %s%s\n", file, is->line,
		    is->warning ? "warning: " : "", is->msg);
	else if (is->line > 0)
		fprintf(stderr, "%s:%zu: %s%s\n", file, is->line,
		    is->warning ? "warning: " : "", is->msg);
	else
		fprintf(stderr, "%s: %s%s\n", file,
		    is->warning ? "warning: " : "", is->msg);
}

int
cli_read(struct cli_input *in, int nfiles, char **files,
    const struct dyad_catalog *cat, struct dyad_data **out)
{
	static char *stdin_name[] = { "-" };
	struct dyad_error err;
	struct dyad_data *d = NULL;
	int i, rc = EXIT_OK;

	dyad_error_clear(&err);
	in->ropts.on_issue = print_issue;
	in->ropts.ctx = in;
	in->shown = -1;
	if (isatty(STDERR_FILENO))
		in->ropts.on_progress = show_progress;
	if (nfiles == 0) {
		nfiles = 1;
		files = stdin_name;
	}
	if (dyad_data_new(&d, cat, &err) != DYAD_OK)
		return cli_report(NULL, &err);
	for (i = 0; i < nfiles && rc == EXIT_OK; i++) {
		bool is_stdin = strcmp(files[i], "-") == 0;
		const char *name = is_stdin ? "<stdin>" : files[i];
		enum dyad_input_format fmt = in->format_set ? in->format :
		    is_stdin ? DYAD_INPUT_CSV : dyad_input_format_of(files[i]);
		FILE *f;

		if (is_stdin && fmt != DYAD_INPUT_CSV) {
			cli_msg("standard input can only be CSV: ReadStat reads %s "
			    "files from a named file it can seek in",
			    dyad_input_format_name(fmt));
			rc = EXIT_USAGE;
			break;
		}
		f = is_stdin ? stdin : fopen(files[i], "r");

		if (f == NULL) {
			cli_msg("%s: %s", files[i], strerror(errno));
			rc = EXIT_DATA;
			break;
		}
		if (fmt != DYAD_INPUT_CSV) {
			fclose(f);
			f = NULL;
			if (dyad_data_read_stat(d, files[i], name, fmt, &in->ropts,
			    &err) != DYAD_OK)
				rc = cli_report(name, &err);
		} else {
			in->reading = name;
			in->started = seconds();
			if (dyad_data_read(d, f, name, &in->ropts, &err) != DYAD_OK) {
				progress_clear(in);
				rc = cli_report(name, &err);
			}
			progress_clear(in);
		}
		if (f != NULL && !is_stdin)
			fclose(f);
	}
	if (rc == EXIT_OK && in->check_caregivers &&
	    dyad_data_check_caregivers(d, &in->ropts, &err) != DYAD_OK)
		rc = cli_report(NULL, &err);
	if (in->suppressed > 0)
		cli_msg("%zu more problem%s not shown (--max-errors %zu)",
		    in->suppressed, in->suppressed == 1 ? "" : "s", in->max_errors);
	if (rc != EXIT_OK) {
		dyad_data_free(d);
		d = NULL;
	}
	*out = d;
	return rc;
}

int
cli_format(const char *name, enum dyad_format *fmt, const char *usage)
{
	if (dyad_format_parse(name, fmt) != 0)
		return cli_usage(usage, "unknown format '%s' (table, csv, tsv, "
		    "json, markdown)", name);
	return EXIT_OK;
}

/* Files the run reads besides the data (catalogs, sessions): -o must
 * never name one of them either.  CLI-only state, one run per process. */
static const char *protected_path[64];
static size_t nprotected;

void
cli_protect(const char *path)
{
	if (path != NULL && strcmp(path, "-") != 0 && nprotected < 64)
		protected_path[nprotected++] = path;
}

static bool
same_file(const struct stat *st, const char *other)
{
	struct stat so;

	return stat(other, &so) == 0 && so.st_dev == st->st_dev &&
	    so.st_ino == st->st_ino;
}

/* A device or a pipe (/dev/stdout, /dev/null, a FIFO) is written as it
 * is: there is no file to replace, and a temporary renamed over it would
 * replace the device itself (root may write in /dev).  o->tmp stays NULL. */
static int
open_direct(struct cli_out *o, const char *path)
{
	o->fp = fopen(path, "w");
	if (o->fp == NULL) {
		cli_msg("%s: %s", path, strerror(errno));
		return EXIT_DATA;
	}
	o->path = strdup(path);
	if (o->path == NULL) {
		cli_out_abort(o);
		cli_msg("out of memory");
		return EXIT_DATA;
	}
	return EXIT_OK;
}

bool
cli_out_special(const char *path)
{
	struct stat st;

	return path != NULL && strcmp(path, "-") != 0 && stat(path, &st) == 0 &&
	    !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int
cli_out_open(struct cli_out *o, const char *path, int nin, char **inputs)
{
	struct stat st;
	const char *slash;
	mode_t mask;
	size_t dirlen;
	int fd, i;

	memset(o, 0, sizeof(*o));
	if (path == NULL || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return EXIT_OK;
	}
	if (stat(path, &st) == 0) {
		for (i = 0; i < nin + (int)nprotected; i++) {
			if (same_file(&st, i < nin ? inputs[i] :
			    protected_path[i - nin])) {
				cli_msg("%s: refusing to overwrite an input file", path);
				return EXIT_USAGE;
			}
		}
		if (S_ISDIR(st.st_mode)) {
			cli_msg("%s: is a directory", path);
			return EXIT_USAGE;
		}
		if (!S_ISREG(st.st_mode))
			return open_direct(o, path);
	}
	slash = strrchr(path, '/');
	dirlen = slash ? (size_t)(slash - path) + 1 : 0;
	o->path = strdup(path);
	o->tmp = malloc(strlen(path) + 16);
	if (o->path == NULL || o->tmp == NULL) {
		cli_out_abort(o);
		cli_msg("out of memory");
		return EXIT_DATA;
	}
	/* The temporary sits beside the target so that rename() is atomic. */
	sprintf(o->tmp, "%.*s.%s.XXXXXX", (int)dirlen, path, path + dirlen);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		cli_msg("%s: %s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		cli_out_abort(o);
		return EXIT_DATA;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	o->fp = fdopen(fd, "w");
	if (o->fp == NULL) {
		close(fd);
		cli_out_abort(o);
		cli_msg("%s: %s", path, strerror(errno));
		return EXIT_DATA;
	}
	return EXIT_OK;
}

int
cli_out_commit(struct cli_out *o)
{
	int bad;

	if (o->path == NULL)
		return EXIT_OK;         /* stdout is checked once at exit */
	bad = fflush(o->fp) != 0 || ferror(o->fp);
	if (!bad)
		bad = fsync(fileno(o->fp)) != 0 && errno != EINVAL;
	if (fclose(o->fp) != 0)
		bad = 1;
	o->fp = NULL;
	if (!bad && o->tmp != NULL && rename(o->tmp, o->path) != 0)
		bad = 1;
	if (bad) {
		cli_msg("%s: write failed: %s%s", o->path, strerror(errno),
		    o->tmp != NULL ? " (the previous file, if any, is "
		    "unchanged)" : "");
		cli_out_abort(o);
		return EXIT_DATA;
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return EXIT_OK;
}

void
cli_out_abort(struct cli_out *o)
{
	if (o->fp != NULL && o->fp != stdout)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
}

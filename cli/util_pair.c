/* util_pair.c - the pairing and filtering options shared by stats and change. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util_pair.h"
#include "util_xlsx.h"

void
cli_pair_init(struct cli_pair *p)
{
	memset(p, 0, sizeof(*p));
	dyad_pair_opts_init(&p->opts);
	p->fmt = DYAD_FMT_TABLE;
}

/* Split a comma list in place into at most max items; -1 when empty. */
static int
split(char *s, const char **items, size_t max, size_t *n)
{
	char *p = s, *comma;

	*n = 0;
	while (p != NULL && *n < max) {
		comma = strchr(p, ',');
		if (comma != NULL)
			*comma = '\0';
		if (*p == '\0')
			return -1;
		items[(*n)++] = p;
		p = comma ? comma + 1 : NULL;
	}
	return p == NULL && *n > 0 ? 0 : -1;
}

static int
parse_day(const char *s, long *out)
{
	return dyad_date_parse(s, strlen(s), out) == 0 ? 0 : -1;
}

int
cli_pair_option(struct cli_pair *p, int c, char *arg, const char *usage)
{
	double conf;

	switch (c) {
	case OPT_PRE:
		p->opts.pre = arg;
		return 1;
	case OPT_POST:
		p->opts.post = arg;
		return 1;
	case OPT_TIMEPOINTS:
		if (split(arg, p->order, CLI_MAX_LIST, &p->opts.norder))
			return cli_usage(usage, "--timepoints wants labels separated "
			    "by commas");
		p->opts.order = p->order;
		return 1;
	case OPT_BY:
		p->opts.by = arg;
		return 1;
	case OPT_FROM:
		if (parse_day(arg, &p->opts.from))
			return cli_usage(usage, "--from wants a date YYYY-MM-DD, not "
			    "'%s'", arg);
		p->opts.has_from = true;
		return 1;
	case OPT_TO:
		if (parse_day(arg, &p->opts.to))
			return cli_usage(usage, "--to wants a date YYYY-MM-DD, not "
			    "'%s'", arg);
		p->opts.has_to = true;
		return 1;
	case OPT_MEASURE:
		if (split(arg, p->measures, CLI_MAX_LIST, &p->opts.nmeasures))
			return cli_usage(usage, "--measure wants codes separated by "
			    "commas");
		p->opts.measures = p->measures;
		return 1;
	case OPT_SUBJECT:
		if (strcmp(arg, "child") == 0)
			p->opts.subject = DYAD_SUBJECT_CHILD;
		else if (strcmp(arg, "parent") == 0 || strcmp(arg, "caregiver") == 0)
			p->opts.subject = DYAD_SUBJECT_PARENT;
		else
			return cli_usage(usage, "--subject is child or parent, not "
			    "'%s'", arg);
		return 1;
	case OPT_DOMAIN:
		p->opts.domain = arg;
		return 1;
	case OPT_RCI_SD:
		if (strcmp(arg, "norm") == 0)
			p->opts.rci_norm_sd = true;
		else if (strcmp(arg, "sample") == 0)
			p->opts.rci_norm_sd = false;
		else
			return cli_usage(usage, "--rci-sd is sample or norm, not '%s'",
			    arg);
		return 1;
	case OPT_CONF:
		if (cli_parse_double(arg, &conf) || !(conf > 0 && conf < 1))
			return cli_usage(usage, "--conf wants a level between 0 and 1 "
			    "such as 0.95, not '%s'", arg);
		p->opts.conf = conf;
		return 1;
	case OPT_ADJUST:
		if (dyad_adjust_parse(arg, &p->opts.adjust))
			return cli_usage(usage, "--adjust is holm, bh or none, not "
			    "'%s'", arg);
		return 1;
	case OPT_SKIP_BAD:
		p->skip_bad = true;
		return 1;
	case OPT_CSV_SAFE:
		p->wopts.csv_safe = true;
		return 1;
	case 'f':
		if (cli_format(arg, &p->fmt, usage) != EXIT_OK)
			return EXIT_USAGE;
		p->fmt_given = true;
		return 1;
	case 'o':
		p->output = arg;
		return 1;
	}
	return 0;
}

int
cli_pair_or_usage(struct cli_pair *p, struct cli_input *in, int c, char *arg,
    const char *usage)
{
	int rc = cli_pair_option(p, c, arg, usage);

	if (rc == 0)
		return cli_input_or_usage(in, c, arg, usage);
	return rc == EXIT_USAGE ? rc : EXIT_OK;
}

/* Without -f, the extension of -o picks the format. */
static void
format_from_path(struct cli_pair *p)
{
	const char *dot;

	if (p->fmt_given || p->output == NULL)
		return;
	dot = strrchr(p->output, '.');
	if (dot != NULL && dyad_format_parse(dot + 1, &p->fmt) != 0)
		p->fmt = DYAD_FMT_TABLE;
}

int
cli_pair_read(struct cli_pair *p, struct cli_input *in, int nfiles,
    char **files)
{
	int rc;

	/* what can be judged before reading a byte */
	if (p->opts.has_from && p->opts.has_to && p->opts.from > p->opts.to) {
		cli_msg("--from is later than --to: no assessment can be in that "
		    "period");
		return EXIT_USAGE;
	}

	format_from_path(p);
	if ((rc = cli_catalog(in, &p->cat)) != EXIT_OK)
		return rc;
	rc = cli_read(in, nfiles, files, p->cat, &p->data);
	if (rc != EXIT_OK)
		return rc;
	if (in->errors > 0 && !p->skip_bad) {
		cli_msg("%zu row%s with problems (see above); fix them, or use "
		    "--skip-bad to exclude them", in->errors,
		    in->errors == 1 ? "" : "s");
		return EXIT_DATA;
	}
	p->opts.threads = in->ropts.threads;
	return EXIT_OK;
}

int
cli_pair_failed(struct cli_pair *p)
{
	return p->err.status == DYAD_EINVAL || p->err.status == DYAD_ENOTFOUND ?
	    (cli_msg("%s", p->err.msg), EXIT_USAGE) : cli_report(NULL, &p->err);
}

int
cli_pair_load(struct cli_pair *p, struct cli_input *in, int nfiles,
    char **files)
{
	int rc;

	in->ropts.will_pair = true;
	rc = cli_pair_read(p, in, nfiles, files);
	if (rc == EXIT_OK &&
	    dyad_analysis_run(&p->an, p->data, &p->opts, &p->err) != DYAD_OK)
		rc = cli_pair_failed(p);
	return rc;
}

/* The legend under people's formats, then the file into place. */
static int
legend_commit(struct cli_pair *p, struct cli_out *out, const char *legend)
{
	if (legend != NULL && p->fmt == DYAD_FMT_TABLE)
		fprintf(out->fp, "\n%s", legend);
	if (legend != NULL && p->fmt == DYAD_FMT_MARKDOWN) {
		const char *l = legend, *nl;

		/* one paragraph per line, so Markdown keeps them apart */
		for (; (nl = strchr(l, '\n')) != NULL; l = nl + 1) {
			fputs("\n", out->fp);
			fwrite(l, 1, (size_t)(nl - l + 1), out->fp);
		}
	}
	return cli_out_commit(out);
}

int
cli_pair_write(struct cli_pair *p, const struct dyad_table *t,
    const char *legend, int nfiles, char **files)
{
	struct cli_out out;
	int rc;

	if (cli_xlsx_path(p->output))
		return cli_pair_xlsx(p, t, legend, nfiles, files);
	rc = cli_out_open(&out, p->output, nfiles, files);
	if (rc != EXIT_OK)
		return rc;
	if (dyad_table_write(t, p->fmt, &p->wopts, out.fp, &p->err) != DYAD_OK) {
		cli_out_abort(&out);
		return cli_report(p->output, &p->err);
	}
	return legend_commit(p, &out, legend);
}

int
cli_pair_stream(struct cli_pair *p,
    enum dyad_status (*put)(const struct dyad_analysis *,
    struct dyad_writer *, struct dyad_error *),
    const char *legend, int nfiles, char **files)
{
	struct dyad_writer *w = NULL;
	struct cli_out out;
	int rc;

	/* the book's own workbook (dyad_xlsx_change, dyad_xlsx_stats) makes
	 * its sheets from the analysis: no table here (it was a second copy) */
	if (cli_xlsx_path(p->output))
		return cli_pair_xlsx(p, NULL, legend, nfiles, files);
	rc = cli_out_open(&out, p->output, nfiles, files);
	if (rc != EXIT_OK)
		return rc;
	if (dyad_writer_new(&w, p->fmt, &p->wopts, out.fp, &p->err) != DYAD_OK ||
	    put(p->an, w, &p->err) != DYAD_OK ||
	    dyad_writer_finish(w, &p->err) != DYAD_OK) {
		dyad_writer_free(w);
		cli_out_abort(&out);
		return cli_report(p->err.status == DYAD_EIO ? p->output : NULL,
		    &p->err);
	}
	dyad_writer_free(w);
	return legend_commit(p, &out, legend);
}

void
cli_pair_release(struct cli_pair *p)
{
	dyad_analysis_free(p->an);
	dyad_data_free(p->data);
	dyad_catalog_free(p->cat);
}

/* report.c - dyad report: the funder report in HTML or Markdown, with the
 * forest and pre/post charts (and a Jacobson-Truax chart with --jt). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "util_gnuplot.h"
#include "util_pair.h"
#include "util_xlsx.h"

static const char usage[] =
    "usage: dyad report [-q] [--decimal-comma] [--no-charts] [--skip-bad]\n"
    "                   [--wide] [--adjust holm|bh|none] [--by COL]\n"
    "                   [--catalog FILE] [--catalog-add FILE]\n"
    "                   [--col NAME=HEADER]... [-d DELIM] [--domain NAME]\n"
    "                   [--format html|markdown] [--from DATE] [--funder NAME]\n"
    "                   [--jt CODE] [--max-errors N] [--measure CODE,...]\n"
    "                   [--input-format FORMAT] [--threads N]\n"
    "                   [--min-cell N] [--pre LABEL] [--post LABEL]\n"
    "                   [--program NAME] [--sessions FILE]\n"
    "                   [--subject child|parent] [--title TEXT] [--to DATE]\n"
    "                   -o FILE [FILE...]\n";

enum { OPT_TITLE = OPT_CMD_BASE, OPT_PROGRAM, OPT_FUNDER, OPT_MIN_CELL,
	OPT_SESSIONS, OPT_JT, OPT_NO_CHARTS, OPT_RFORMAT };

struct chart {
	char *svg;
	size_t len;
	char *href;
	const char *title;
	struct cli_out out;     /* Markdown: written, renamed after the report */
};

/* Render one chart to SVG with gnuplot into a temporary file beside the
 * report (only the paths the user named are written; the standard output
 * falls back to $TMPDIR); return its bytes.  The temporary file never
 * outlives the call. */
static int
render(const struct dyad_analysis *a, enum dyad_plot_kind kind,
    const char *measure, long long min_cell, const char *report, char **svg,
    size_t *len)
{
	struct dyad_plot_opts po;
	struct dyad_error err;
	char tmp[4096];
	const char *slash = strrchr(report, '/'), *dir = getenv("TMPDIR");
	char *script = NULL;
	size_t slen = 0;
	FILE *s, *f;
	int fd, rc = EXIT_DATA;
	bool ran;
	long size;

	dyad_error_clear(&err);
	/* beside the report, or for standard output, a device or a pipe
	 * (/dev/stdout) in TMPDIR */
	if (strcmp(report, "-") != 0 && !cli_out_special(report))
		snprintf(tmp, sizeof(tmp), "%.*s.dyad-chart-XXXXXX",
		    slash ? (int)(slash - report + 1) : 0, report);
	else
		snprintf(tmp, sizeof(tmp), "%s/dyad-chart-XXXXXX",
		    dir != NULL && *dir != '\0' ? dir : "/tmp");
	fd = mkstemp(tmp);
	if (fd < 0) {
		cli_msg("temporary file: %s", strerror(errno));
		return EXIT_DATA;
	}
	close(fd);
	dyad_plot_opts_init(&po);
	po.kind = kind;
	po.terminal = "svg";
	po.output = tmp;
	po.measure = measure;
	po.min_cell = min_cell;         /* the charts obey suppression too */
	po.width = 900;
	po.height = kind == DYAD_PLOT_PREPOST ? 620 : 560;
	s = open_memstream(&script, &slen);
	if (s == NULL) {
		unlink(tmp);
		return EXIT_DATA;
	}
	if (dyad_plot_script(s, a, NULL, &po, &err) != DYAD_OK) {
		fclose(s);
		free(script);
		unlink(tmp);
		if (err.status == DYAD_EDOMAIN)
			return -1;      /* nothing to draw: leave the chart out */
		return cli_report(NULL, &err);
	}
	fclose(s);
	ran = cli_gnuplot_run(script, slen, false) == 0;
	if (ran && !cli_gnuplot_complete(tmp, "svg"))
		cli_msg("%s: gnuplot's chart was cut short (disk full?)", tmp);
	else if (ran && (f = fopen(tmp, "rb")) != NULL) {
		if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 &&
		    fseek(f, 0, SEEK_SET) == 0 && (*svg = malloc((size_t)size)) &&
		    fread(*svg, 1, (size_t)size, f) == (size_t)size) {
			*len = (size_t)size;
			rc = EXIT_OK;
		}
		fclose(f);
	}
	free(script);
	unlink(tmp);
	return rc;
}

/* Markdown: write the SVG beside the report as STEM.KIND.svg into a
 * temporary file, renamed only once the report itself is in place; the
 * report links to it by its base name. */
static int
write_beside(const char *report, const char *kind, struct chart *c,
    int nin, char **inputs)
{
	const char *slash = strrchr(report, '/');
	const char *dot = strrchr(slash ? slash + 1 : report, '.');
	size_t stem = dot ? (size_t)(dot - report) : strlen(report);
	char *path = malloc(stem + strlen(kind) + 8);
	int rc;

	if (path == NULL)
		return EXIT_DATA;
	sprintf(path, "%.*s.%s.svg", (int)stem, report, kind);
	rc = cli_out_open(&c->out, path, nin, inputs);
	if (rc == EXIT_OK && fwrite(c->svg, 1, c->len, c->out.fp) != c->len)
		rc = EXIT_DATA;
	slash = strrchr(path, '/');
	c->href = strdup(slash ? slash + 1 : path);
	free(path);
	return rc == EXIT_OK && c->href != NULL ? EXIT_OK : EXIT_DATA;
}

static int
make_charts(struct cli_pair *p, const char *jt, bool html, const char *path,
    long long min_cell, int nin, char **inputs, struct chart *c, size_t *nc)
{
	static const struct { enum dyad_plot_kind kind; const char *name, *title; }
	    want[] = {
		{ DYAD_PLOT_FOREST, "forest", "Effect size (Hedges' g, 95% CI) of every outcome, improvement to the right" },
		{ DYAD_PLOT_PREPOST, "prepost", "Mean scores before and after, with 95% confidence intervals" },
		{ DYAD_PLOT_JT, "jt", "Each person's change (Jacobson-Truax plot)" },
	};
	size_t k;
	int rc;

	*nc = 0;
	for (k = 0; k < 3; k++) {
		if (want[k].kind == DYAD_PLOT_JT && jt == NULL)
			continue;
		rc = render(p->an, want[k].kind, jt, min_cell, path, &c[*nc].svg,
		    &c[*nc].len);
		if (rc < 0)
			continue;
		if (rc != EXIT_OK)
			return rc;
		c[*nc].title = want[k].title;
		if (!html && write_beside(path, want[k].name, &c[*nc], nin,
		    inputs) != EXIT_OK) {
			(*nc)++;
			return EXIT_DATA;
		}
		(*nc)++;
	}
	return EXIT_OK;
}

static bool
dy_eq_followup(const char *s)
{
	return strcasecmp(s, "followup") == 0;
}

/* Is the assessment data's followup wave present? */
static bool
has_timepoint(const struct dyad_data *d, const char *label)
{
	int64_t id = dyad_data_lookup(d, label);
	struct dyad_row r;
	size_t i;

	for (i = 0; id >= 0 && dyad_data_row(d, i, &r); i++)
		if (r.timepoint == (uint32_t)id && r.status == DYAD_ROW_OK)
			return true;
	return false;
}

int
cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "program", required_argument, NULL, OPT_PROGRAM },
		{ "funder", required_argument, NULL, OPT_FUNDER },
		{ "min-cell", required_argument, NULL, OPT_MIN_CELL },
		{ "sessions", required_argument, NULL, OPT_SESSIONS },
		{ "jt", required_argument, NULL, OPT_JT },
		{ "no-charts", no_argument, NULL, OPT_NO_CHARTS },
		{ "format", required_argument, NULL, OPT_RFORMAT },
		{ "pre", required_argument, NULL, OPT_PRE },
		{ "post", required_argument, NULL, OPT_POST },
		CLI_SELECT_LONGOPTS,
		{ "adjust", required_argument, NULL, OPT_ADJUST },
		{ "skip-bad", no_argument, NULL, OPT_SKIP_BAD },
		{ "output", required_argument, NULL, 'o' },
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	static const char *const idcols[] = { "child_id", "caregiver_id",
	    "family_id" };
	struct cli_input in;
	struct cli_pair p;
	struct dyad_report_opts ro;
	struct dyad_sessions *sess = NULL;
	struct dyad_analysis *fu = NULL, *by = NULL;
	struct chart charts[3];
	struct dyad_report_chart rc_[3];
	const char *inputs[64], *sums[64];
	char hex[64][65];
	const char *sessions_path = NULL, *jt = NULL, *fmt = NULL, *by_col;
	bool no_charts = false, html, xlsx;
	size_t nc = 0, k, min_cell = 11;
	int c, rc, nfiles, i;
	struct cli_out out;

	memset(&ro, 0, sizeof(ro));
	memset(charts, 0, sizeof(charts));
	cli_input_init(&in);
	cli_pair_init(&p);
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:d:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': return cli_help(usage);
		case OPT_TITLE: ro.title = optarg; continue;
		case OPT_PROGRAM: ro.program = optarg; continue;
		case OPT_FUNDER: ro.funder = optarg; continue;
		case OPT_SESSIONS: sessions_path = optarg; continue;
		case OPT_JT: jt = optarg; continue;
		case OPT_NO_CHARTS: no_charts = true; continue;
		case OPT_RFORMAT: fmt = optarg; continue;
		case OPT_MIN_CELL:
			if (cli_parse_size(optarg, 1, 1000000, &min_cell))
				return cli_usage(usage, "--min-cell wants a count of at "
				    "least 1, not '%s'", optarg);
			continue;
		}
		if ((rc = cli_pair_or_usage(&p, &in, c, optarg, usage)) !=
		    EXIT_OK)
			return rc;
	}
	if (p.output == NULL)
		return cli_usage(usage, "-o FILE is required (report.html or "
		    "report.md)");
	xlsx = fmt == NULL && cli_xlsx_path(p.output);  /* the tables only */
	if (fmt == NULL && !xlsx) {
		const char *dot = strrchr(p.output, '.');

		if (dot != NULL && (strcasecmp(dot, ".md") == 0 ||
		    strcasecmp(dot, ".markdown") == 0))
			fmt = "markdown";
		else if (dot != NULL && (strcasecmp(dot, ".html") == 0 ||
		    strcasecmp(dot, ".htm") == 0))
			fmt = "html";
		else if (strcmp(p.output, "-") == 0)
			fmt = "html";
		else
			return cli_usage(usage, "-o %s: the report is .html, .md or "
			    ".xlsx (or say --format html|markdown)", p.output);
	}
	if (fmt == NULL)
		fmt = "html";
	if (strcmp(fmt, "html") && strcmp(fmt, "markdown") && strcmp(fmt, "md"))
		return cli_usage(usage, "--format is html or markdown, not '%s'", fmt);
	html = strcmp(fmt, "html") == 0;
	if (!html && !no_charts && strcmp(p.output, "-") == 0)
		return cli_usage(usage, "a Markdown report on standard output has "
		    "nowhere to put its charts: name a file with -o, or use "
		    "--no-charts");
	cli_protect(sessions_path);
	by_col = p.opts.by;
	for (k = 0; by_col != NULL && k < 3; k++)
		if (strcasecmp(by_col, idcols[k]) == 0)
			return cli_usage(usage, "--by %s would put identifiers in a "
			    "funder report", by_col);
	p.opts.by = NULL;       /* the main analysis is ungrouped */
	nfiles = argc - optind;
	rc = cli_pair_load(&p, &in, nfiles, argv + optind);
	if (rc != EXIT_OK)
		goto done;
	if (jt != NULL && dyad_catalog_find(p.cat, jt) < 0) {
		rc = cli_usage(usage, "--jt: unknown measure '%s'", jt);
		goto done;
	}
	if (sessions_path != NULL) {
		FILE *f = fopen(sessions_path, "r");

		if (f == NULL) {
			cli_msg("%s: %s", sessions_path, strerror(errno));
			rc = EXIT_DATA;
			goto done;
		}
		in.ropts.ctx = &in;
		if (dyad_sessions_read(&sess, f, sessions_path, in.ropts.on_issue,
		    &in, &p.err) != DYAD_OK)
			rc = cli_report(sessions_path, &p.err);
		fclose(f);
		if (rc != EXIT_OK)
			goto done;
		if (dyad_sessions_skipped(sess) > 0 && !p.skip_bad) {
			cli_msg("%zu session row%s with problems (see above); fix "
			    "them, or use --skip-bad to leave them out",
			    dyad_sessions_skipped(sess),
			    dyad_sessions_skipped(sess) == 1 ? "" : "s");
			rc = EXIT_DATA;
			goto done;
		}
	}
	if (by_col != NULL) {
		struct dyad_pair_opts o = p.opts;

		o.by = by_col;
		if (dyad_analysis_run(&by, p.data, &o, &p.err) != DYAD_OK) {
			if (p.err.status == DYAD_ENOTFOUND) {
				cli_msg("%s", p.err.msg);
				rc = EXIT_USAGE;
			} else {
				rc = cli_report(NULL, &p.err);
			}
			goto done;
		}
	}
	/* "maintained at follow-up": the post wave against followup */
	if (!dy_eq_followup(dyad_analysis_opts(p.an)->post) &&
	    has_timepoint(p.data, "followup")) {
		struct dyad_pair_opts o = p.opts;

		o.pre = dyad_analysis_opts(p.an)->post;
		o.post = "followup";
		if (dyad_analysis_run(&fu, p.data, &o, &p.err) != DYAD_OK) {
			rc = cli_report(NULL, &p.err);
			goto done;
		}
	}
	if (!no_charts && !xlsx && (rc = make_charts(&p, jt, html, p.output,
	    (long long)min_cell, argc - optind, argv + optind, charts, &nc)) !=
	    EXIT_OK) {
		cli_msg("the report was not written (use --no-charts to write it "
		    "without charts)");
		goto done;
	}
	for (k = 0; k < nc; k++) {
		rc_[k].title = charts[k].title;
		rc_[k].svg = charts[k].svg;
		rc_[k].svg_len = charts[k].len;
		rc_[k].href = charts[k].href;
	}
	for (i = 0; i < nfiles && i < 64; i++) {
		FILE *f = strcmp(argv[optind + i], "-") ? fopen(argv[optind + i],
		    "rb") : NULL;

		inputs[i] = strcmp(argv[optind + i], "-") ? argv[optind + i] :
		    "standard input";
		sums[i] = NULL;
		if (f != NULL && dyad_sha256_file(f, hex[i], NULL) == DYAD_OK)
			sums[i] = hex[i];
		if (f != NULL)
			fclose(f);
	}
	if (nfiles == 0) {
		inputs[0] = "standard input";
		sums[0] = NULL;
		nfiles = 1;
	}
	ro.html = html;
	ro.min_cell = (long long)min_cell;
	ro.inputs = inputs;
	ro.checksums = sums;
	ro.ninputs = (size_t)(nfiles < 64 ? nfiles : 64);
	ro.sessions = sess;
	ro.followup = fu;
	ro.by = by;
	ro.charts = rc_;
	ro.ncharts = nc;
	if (xlsx) {
		rc = cli_xlsx_begin(&out, p.output, argc - optind, argv + optind);
		if (rc == EXIT_OK)
			rc = cli_xlsx_commit(&out, dyad_xlsx_report(out.tmp, p.an, &ro,
			    &p.err), &p.err);
		goto done;
	}
	rc = cli_out_open(&out, p.output, argc - optind, argv + optind);
	if (rc != EXIT_OK)
		goto done;
	if (dyad_report_write(out.fp, p.an, &ro, &p.err) != DYAD_OK) {
		cli_out_abort(&out);
		rc = cli_report(p.output, &p.err);
		goto done;
	}
	rc = cli_out_commit(&out);
	/* the charts beside a Markdown report replace the old ones only now */
	for (k = 0; rc == EXIT_OK && k < nc; k++)
		if (charts[k].out.fp != NULL)
			rc = cli_out_commit(&charts[k].out);
done:
	for (k = 0; k < 3; k++) {
		if (charts[k].out.fp != NULL)
			cli_out_abort(&charts[k].out);
		free(charts[k].svg);
		free(charts[k].href);
	}
	dyad_sessions_free(sess);
	dyad_analysis_free(fu);
	dyad_analysis_free(by);
	cli_pair_release(&p);
	return rc;
}

/* plot.c - dyad plot: draw a chart with gnuplot (or write its script). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dyad/plot.h"
#include "cli.h"
#include "util_gnuplot.h"
#include "util_pair.h"

static const char usage[] =
    "usage: dyad plot KIND [-q] [--decimal-comma] [--individuals] [--script]\n"
    "                 [--skip-bad] [--wide] [--by COL] [--catalog FILE]\n"
    "                 [--catalog-add FILE] [--col NAME=HEADER]... [--conf LEVEL]\n"
    "                 [-d DELIM] [--domain NAME] [--font FONT] [--from DATE]\n"
    "                 [--max-errors N] [--measure CODE,...] [-o FILE]\n"
    "                 [--input-format FORMAT] [--threads N]\n"
    "                 [--pre LABEL|first] [--post LABEL|last]\n"
    "                 [--rci-sd sample|norm] [--size W,H]\n"
    "                 [--subject child|parent] [--terminal dumb|png|svg|pdf]\n"
    "                 [--timepoints A,B,...] [--title TEXT] [--to DATE] [FILE...]\n"
    "KIND is prepost, forest, jt, change or trajectory.\n";

enum {
	OPT_INDIVIDUALS = OPT_CMD_BASE, OPT_SCRIPT, OPT_SIZE, OPT_TITLE,
	OPT_FONT, OPT_TERMINAL
};

struct plot_cli {
	struct dyad_plot_opts po;
	bool script;
	const char *term;       /* gnuplot's name, NULL until known */
	const char *size;       /* --size W,H as given */
};

/* gnuplot terminal for a --terminal name or a file extension; NULL. */
static const char *
terminal_name(const char *s)
{
	static const struct { const char *name, *term; } tab[] = {
		{ "png", "pngcairo" }, { "pngcairo", "pngcairo" },
		{ "svg", "svg" },
		{ "pdf", "pdfcairo" }, { "pdfcairo", "pdfcairo" },
		{ "dumb", "dumb" },
	};
	char low[16];
	size_t i;

	for (i = 0; s[i] != '\0' && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(low, tab[i].name) == 0)
			return tab[i].term;
	return NULL;
}

/* The extension of a path ("png" for "a/b.png"), or "". */
static const char *
extension(const char *path)
{
	const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

	if (dot == NULL || (slash != NULL && dot < slash) || dot == path ||
	    dot[-1] == '/')
		return "";
	return dot + 1;
}

static const char *
picture_ext(const char *term)
{
	return strcmp(term, "svg") == 0 ? "svg" :
	    strcmp(term, "pdfcairo") == 0 ? "pdf" : "png";
}

/* The picture a --script names: x.gp -> x.png, none -> dyad-KIND.png. */
static char *
picture_name(const char *script, const char *term, enum dyad_plot_kind kind)
{
	const char *ext = picture_ext(term);
	size_t base;
	char *s;

	if (script == NULL || strcmp(script, "-") == 0) {
		s = malloc(strlen(dyad_plot_kind_name(kind)) + 16);
		if (s != NULL)
			sprintf(s, "dyad-%s.%s", dyad_plot_kind_name(kind), ext);
		return s;
	}
	base = strlen(script);
	if (extension(script)[0] != '\0')
		base -= strlen(extension(script)) + 1;
	s = malloc(base + strlen(ext) + 2);
	if (s != NULL)
		sprintf(s, "%.*s.%s", (int)base, script, ext);
	return s;
}

static int
parse_size(struct plot_cli *c)
{
	char buf[64], *comma;
	size_t w, h, lo = 100, hi = 20000;

	if (strcmp(c->term, "dumb") == 0)
		lo = 10, hi = 1000;
	if (strlen(c->size) >= sizeof(buf))
		goto bad;
	strcpy(buf, c->size);
	comma = strchr(buf, ',');
	if (comma == NULL)
		goto bad;
	*comma = '\0';
	if (cli_parse_size(buf, lo, hi, &w) || cli_parse_size(comma + 1, lo, hi,
	    &h))
		goto bad;
	c->po.width = (int)w;
	c->po.height = (int)h;
	return EXIT_OK;
bad:
	return cli_usage(usage, "--size wants WIDTH,HEIGHT between %zu and %zu "
	    "(%s), not '%s'", lo, hi, strcmp(c->term, "dumb") == 0 ?
	    "characters" : "pixels", c->size);
}

/* Decide the terminal from --terminal, -o and --script; 2 on bad usage. */
static int
choose_terminal(struct plot_cli *c, const char *output)
{
	bool to_stdout = output == NULL || strcmp(output, "-") == 0;
	const char *from_ext = to_stdout ? NULL :
	    terminal_name(extension(output));

	if (from_ext != NULL && strcmp(from_ext, "dumb") == 0)
		from_ext = NULL;        /* "x.dumb" is not a picture format */
	if (c->script) {
		if (from_ext != NULL)
			return cli_usage(usage, "--script writes a gnuplot script: "
			    "name it FILE.gp, not '%s'", output);
		if (c->term == NULL)
			c->term = "pngcairo";
	} else if (to_stdout) {
		if (c->term == NULL || strcmp(c->term, "dumb") != 0)
			return cli_usage(usage, "-o FILE is needed (.png, .svg or "
			    ".pdf), or --terminal dumb to draw here, or --script");
	} else if (c->term == NULL) {
		if (from_ext == NULL)
			return cli_usage(usage, "cannot tell the picture format of "
			    "'%s': name it .png, .svg or .pdf, or give --terminal",
			    output);
		c->term = from_ext;
	} else if (from_ext != NULL && strcmp(from_ext, c->term) != 0) {
		return cli_usage(usage, "-o '%s' does not match --terminal %s",
		    output, c->term);
	}
	c->po.terminal = c->term;
	return c->size != NULL ? parse_size(c) : EXIT_OK;
}

/* Kind-specific rules that need no data. */
static int
check_kind(const struct plot_cli *c, const struct cli_pair *p)
{
	if (c->po.kind == DYAD_PLOT_JT && p->opts.nmeasures != 1)
		return cli_usage(usage, "jt draws one measure: give --measure "
		    "CODE");
	if (c->po.kind == DYAD_PLOT_JT && p->opts.by != NULL)
		return cli_usage(usage, "--by does not apply to jt (its points "
		    "are coloured by category)");
	if (c->po.individuals && c->po.kind != DYAD_PLOT_TRAJECTORY)
		return cli_usage(usage, "--individuals applies to trajectory "
		    "only");
	return EXIT_OK;
}

/* The script in memory, so that a failure half-way writes nothing. */
static int
make_script(struct cli_pair *p, struct dyad_waves *w, struct plot_cli *c,
    char **buf, size_t *len)
{
	FILE *mem = open_memstream(buf, len);

	if (mem == NULL) {
		cli_msg("out of memory");
		return EXIT_DATA;
	}
	if (dyad_plot_script(mem, p->an, w, &c->po, &p->err) != DYAD_OK) {
		fclose(mem);
		free(*buf);
		*buf = NULL;
		return cli_report(NULL, &p->err);
	}
	if (fclose(mem) != 0) {
		free(*buf);
		*buf = NULL;
		cli_msg("out of memory");
		return EXIT_DATA;
	}
	return EXIT_OK;
}

/* --script: write the script to -o (through a temporary) or stdout; its
 * "set output" names the picture beside it. */
static int
write_script(struct cli_pair *p, struct dyad_waves *w, struct plot_cli *c,
    int nfiles, char **files)
{
	struct cli_out out;
	char *picture = NULL, *buf = NULL;
	size_t len = 0;
	int rc;

	if (strcmp(c->term, "dumb") != 0) {
		picture = picture_name(p->output, c->term, c->po.kind);
		if (picture == NULL) {
			cli_msg("out of memory");
			return EXIT_DATA;
		}
	}
	c->po.output = picture;
	rc = make_script(p, w, c, &buf, &len);
	free(picture);
	if (rc != EXIT_OK)
		return rc;
	rc = cli_out_open(&out, p->output, nfiles, files);
	if (rc == EXIT_OK) {
		if (fwrite(buf, 1, len, out.fp) != len) {
			rc = cli_write_failed(p->output, errno);
			cli_out_abort(&out);
		} else {
			rc = cli_out_commit(&out);
		}
	}
	free(buf);
	return rc;
}

/* Draw: gnuplot writes a temporary beside -o, renamed into place only when
 * gnuplot succeeded and wrote something. */
static int
render(struct cli_pair *p, struct dyad_waves *w, struct plot_cli *c,
    int nfiles, char **files)
{
	bool to_file = p->output != NULL && strcmp(p->output, "-") != 0;
	struct cli_out out;
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	memset(&out, 0, sizeof(out));
	if (to_file) {
		if (cli_out_special(p->output)) {
			cli_msg("%s: not a regular file (gnuplot draws beside its "
			    "name and the picture is renamed into place; without "
			    "-o it goes to standard output)", p->output);
			return EXIT_USAGE;
		}
		rc = cli_out_open(&out, p->output, nfiles, files);
		if (rc != EXIT_OK)
			return rc;
		fclose(out.fp);         /* gnuplot opens it by name */
		out.fp = NULL;
		c->po.output = out.tmp;
	}
	rc = make_script(p, w, c, &buf, &len);
	if (rc != EXIT_OK) {
		cli_out_abort(&out);
		return rc;
	}
	rc = cli_gnuplot_run(buf, len, !to_file);
	free(buf);
	if (rc == EXIT_OK && to_file) {
		if (stat(out.tmp, &st) != 0 || st.st_size == 0) {
			cli_msg("%s: gnuplot wrote nothing (the previous file, if "
			    "any, is unchanged)", p->output);
			rc = EXIT_DATA;
		} else if (!cli_gnuplot_complete(out.tmp, c->term)) {
			cli_msg("%s: gnuplot's output was cut short (disk full?); "
			    "the previous file, if any, is unchanged", p->output);
			rc = EXIT_DATA;
		} else if (rename(out.tmp, out.path) != 0) {
			cli_msg("%s: %s (the previous file, if any, is unchanged)",
			    p->output, strerror(errno));
			rc = EXIT_DATA;
		} else {
			free(out.tmp);
			out.tmp = NULL;
		}
	} else if (rc != EXIT_OK && to_file) {
		cli_msg("%s: not written (the previous file, if any, is "
		    "unchanged)", p->output);
	}
	cli_out_abort(&out);    /* removes the temporary unless renamed */
	return rc;
}

int
cmd_plot(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "individuals", no_argument, NULL, OPT_INDIVIDUALS },
		{ "script", no_argument, NULL, OPT_SCRIPT },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "font", required_argument, NULL, OPT_FONT },
		{ "terminal", required_argument, NULL, OPT_TERMINAL },
		{ "pre", required_argument, NULL, OPT_PRE },
		{ "post", required_argument, NULL, OPT_POST },
		{ "timepoints", required_argument, NULL, OPT_TIMEPOINTS },
		CLI_SELECT_LONGOPTS,
		{ "rci-sd", required_argument, NULL, OPT_RCI_SD },
		{ "conf", required_argument, NULL, OPT_CONF },
		{ "skip-bad", no_argument, NULL, OPT_SKIP_BAD },
		{ "output", required_argument, NULL, 'o' },
		CLI_INPUT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct cli_input in;
	struct cli_pair p;
	struct plot_cli c;
	struct dyad_waves *w = NULL;
	int ch, rc, nfiles;
	char **files;

	cli_input_init(&in);
	cli_pair_init(&p);
	memset(&c, 0, sizeof(c));
	dyad_plot_opts_init(&c.po);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:d:qh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			return cli_help(usage);
		case OPT_INDIVIDUALS:
			c.po.individuals = true;
			continue;
		case OPT_SCRIPT:
			c.script = true;
			continue;
		case OPT_SIZE:
			c.size = optarg;
			continue;
		case OPT_TITLE:
			c.po.title = optarg;
			continue;
		case OPT_FONT:
			c.po.font = optarg;
			continue;
		case OPT_TERMINAL:
			c.term = terminal_name(optarg);
			if (c.term == NULL)
				return cli_usage(usage, "--terminal is dumb, png, svg "
				    "or pdf, not '%s'", optarg);
			continue;
		}
		if ((rc = cli_pair_or_usage(&p, &in, ch, optarg, usage)) !=
		    EXIT_OK)
			return rc;
	}
	if (optind >= argc)
		return cli_usage(usage, "which chart? prepost, forest, jt, change "
		    "or trajectory");
	if (dyad_plot_kind_parse(argv[optind], &c.po.kind) != 0)
		return cli_usage(usage, "unknown chart '%s' (prepost, forest, jt, "
		    "change or trajectory)", argv[optind]);
	files = argv + optind + 1;
	nfiles = argc - optind - 1;
	if ((rc = choose_terminal(&c, p.output)) != EXIT_OK ||
	    (rc = check_kind(&c, &p)) != EXIT_OK)
		return rc;
	if (c.po.kind == DYAD_PLOT_JT)
		c.po.measure = p.measures[0];
	rc = cli_pair_load(&p, &in, nfiles, files);
	if (rc == EXIT_OK && c.po.kind == DYAD_PLOT_TRAJECTORY &&
	    dyad_waves_of(&w, p.an, &p.err) != DYAD_OK)
		rc = cli_report(NULL, &p.err);
	if (rc == EXIT_OK)
		rc = c.script ? write_script(&p, w, &c, nfiles, files) :
		    render(&p, w, &c, nfiles, files);
	dyad_waves_free(w);
	cli_pair_release(&p);
	return rc;
}

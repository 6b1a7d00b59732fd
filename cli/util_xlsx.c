/* util_xlsx.c - -o FILE.xlsx: workbooks through a temporary file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util_xlsx.h"

bool
cli_xlsx_path(const char *path)
{
	size_t n = path != NULL ? strlen(path) : 0;

	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

int
cli_xlsx_begin(struct cli_out *o, const char *path, int nin, char **inputs)
{
	int rc;

	if (cli_out_special(path)) {
		cli_msg("%s: not a regular file (a workbook is written beside "
		    "its name and renamed into place)", path);
		memset(o, 0, sizeof(*o));
		return EXIT_USAGE;
	}
	rc = cli_out_open(o, path, nin, inputs);
	if (rc != EXIT_OK)
		return rc;
	if (o->fp != NULL && o->fp != stdout)
		fclose(o->fp);
	o->fp = NULL;
	return EXIT_OK;
}

int
cli_xlsx_commit(struct cli_out *o, enum dyad_status st,
    const struct dyad_error *err)
{
	if (st != DYAD_OK) {
		int rc = cli_report(o->path, err);

		cli_out_abort(o);
		return rc;
	}
	if (rename(o->tmp, o->path) != 0) {
		cli_msg("%s: write failed: %s (the previous file, if any, is "
		    "unchanged)", o->path, strerror(errno));
		cli_out_abort(o);
		return EXIT_DATA;
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return EXIT_OK;
}

int
cli_pair_xlsx(struct cli_pair *p, const struct dyad_table *t,
    const char *legend, int nfiles, char **files)
{
	static const char *const stdin_name[] = { "standard input" };
	struct dyad_xlsx_info info;
	struct cli_out out;
	enum dyad_status st;
	int rc;

	info.methods = legend;
	info.inputs = nfiles > 0 ? (const char *const *)files : stdin_name;
	info.ninputs = nfiles > 0 ? (size_t)nfiles : 1;
	rc = cli_xlsx_begin(&out, p->output, nfiles, files);
	if (rc != EXIT_OK)
		return rc;
	if (p->book != NULL && strcmp(p->book, "change") == 0) {
		st = dyad_xlsx_change(out.tmp, p->an, &info, &p->err);
	} else if (p->book != NULL && strcmp(p->book, "stats") == 0) {
		st = dyad_xlsx_stats(out.tmp, p->an, p->flow, &info, &p->err);
	} else {
		struct dyad_xlsx_note n[66];
		struct dyad_xlsx_sheet s;
		struct dyad_xlsx_notes notes;
		size_t k = 0, i;

		for (i = 0; i < info.ninputs && k < 64; i++) {
			n[k].topic = "input";
			n[k++].text = info.inputs[i];
		}
		if (legend != NULL) {
			n[k].topic = "method";
			n[k++].text = legend;
		}
		s.name = p->book ? p->book : "results";
		s.table = t;
		notes.items = n;
		notes.n = k;
		notes.sources = NULL;
		st = dyad_xlsx_write(out.tmp, &s, 1, &notes, &p->err);
	}
	return cli_xlsx_commit(&out, st, &p->err);
}

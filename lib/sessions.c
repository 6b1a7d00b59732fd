/* sessions.c - treatment sessions for the "how much did we do" section. */
#include <stdlib.h>
#include <string.h>

#include "dyad/num.h"
#include "dyad/report.h"
#include "csvread.h"
#include "internal.h"
#include "sessions.h"

struct loader {
	struct dyad_sessions *s;
	const char *name;
	dyad_issue_fn on_issue;
	void *ctx;
	long col[4];            /* child_id, date, stage, attended */
	bool header;
	struct dyad_error *err;
	enum dyad_status st;
};

static const char *const colname[4] = { "child_id", "date", "stage",
	"attended" };

static void
bad(struct loader *l, size_t line, const char *fmt, const char *v)
{
	struct dyad_issue is;
	char show[64], msg[256];

	l->s->skipped++;
	if (l->on_issue == NULL)
		return;
	dy_show(show, sizeof(show), v, strlen(v));
	snprintf(msg, sizeof(msg), fmt, show);
	memset(&is, 0, sizeof(is));
	is.file = l->name;
	is.line = line;
	is.kind = DYAD_ROW_BAD_NUMBER;
	is.msg = msg;
	l->on_issue(&is, l->ctx);
}

static int
on_record(const struct dy_record *rec, void *ctx)
{
	struct loader *l = ctx;
	struct dy_session *x;
	const char *v[4];
	size_t i, k;
	long day;

	if (!l->header) {
		for (k = 0; k < 4; k++) {
			l->col[k] = -1;
			for (i = 0; i < rec->n; i++)
				if (dy_strcaseeq(rec->field[i], colname[k]))
					l->col[k] = (long)i;
			if (l->col[k] < 0) {
				l->st = dy_fail(l->err, DYAD_EDATA, rec->line, 0,
				    "sessions file has no '%s' column (it needs "
				    "child_id, date, stage, attended)", colname[k]);
				return 1;
			}
		}
		l->header = true;
		return 0;
	}
	if (rec->bad != NULL) {
		bad(l, rec->line, "%s", rec->bad);
		return 0;
	}
	for (k = 0; k < 4; k++)
		v[k] = (size_t)l->col[k] < rec->n ? rec->field[l->col[k]] : "";
	if (v[0][0] == '\0') {
		bad(l, rec->line, "column 'child_id' is empty%s", "");
		return 0;
	}
	if (dyad_date_parse(v[1], strlen(v[1]), &day) != 0) {
		bad(l, rec->line, "column 'date': \"%s\" is not a date (YYYY-MM-DD)",
		    v[1]);
		return 0;
	}
	if (strcmp(v[2], "1") && strcmp(v[2], "2") && strcmp(v[2], "3")) {
		bad(l, rec->line, "column 'stage': \"%s\" is not 1, 2 or 3", v[2]);
		return 0;
	}
	if (!dy_strcaseeq(v[3], "yes") && !dy_strcaseeq(v[3], "no")) {
		bad(l, rec->line, "column 'attended': \"%s\" is not yes or no", v[3]);
		return 0;
	}
	if (dy_grow((void **)&l->s->row, &l->s->cap, l->s->n + 1, sizeof(*x))) {
		l->st = dy_nomem(l->err);
		return 1;
	}
	x = &l->s->row[l->s->n];
	x->child = dy_strdup(v[0]);
	if (x->child == NULL) {
		l->st = dy_nomem(l->err);
		return 1;
	}
	x->date = day;
	x->stage = v[2][0] - '0';
	x->attended = dy_strcaseeq(v[3], "yes");
	l->s->n++;
	return 0;
}

enum dyad_status
dyad_sessions_read(struct dyad_sessions **out, FILE *in, const char *name,
    dyad_issue_fn on_issue, void *ctx, struct dyad_error *err)
{
	struct dy_csv_opts copts;
	struct loader l;
	enum dyad_status st;

	*out = NULL;
	memset(&copts, 0, sizeof(copts));
	copts.delim = ',';
	memset(&l, 0, sizeof(l));
	l.s = calloc(1, sizeof(*l.s));
	if (l.s == NULL)
		return dy_nomem(err);
	l.name = name;
	l.on_issue = on_issue;
	l.ctx = ctx;
	l.err = err;
	st = dy_csv_read(in, NULL, 0, &copts, on_record, &l, err);
	if (st == DYAD_OK)
		st = l.st;
	if (st == DYAD_OK && !l.header)
		st = dy_fail(err, DYAD_EDATA, 1, 0, "the sessions file is empty");
	if (st != DYAD_OK) {
		dyad_sessions_free(l.s);
		return st;
	}
	*out = l.s;
	return DYAD_OK;
}

size_t
dyad_sessions_count(const struct dyad_sessions *s)
{
	return s->n;
}

size_t
dyad_sessions_skipped(const struct dyad_sessions *s)
{
	return s->skipped;
}

void
dyad_sessions_free(struct dyad_sessions *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		free(s->row[i].child);
	free(s->row);
	free(s);
}

/* table.c - the shared output module: typed cells, five formats. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dyad/escape.h"
#include "dyad/num.h"
#include "dyad/table.h"
#include "csvread.h"
#include "internal.h"

struct col {
	char *name;
	enum dyad_col_type type;
	int decimals;
	bool brief;
};

struct cell {
	bool set;
	union {
		double num;
		long long i;
		bool b;
	} v;
	size_t text;            /* offset + 1 into the table's text arena */
};

struct dyad_table {
	struct col *col;
	size_t ncol, capcol;
	struct cell *cell;      /* row-major; rows are fixed once a row is added */
	size_t nrow, caprow;    /* caprow counts rows */
	char *arena;            /* every text cell, NUL-terminated */
	size_t arena_len, arena_cap;
};

/* The text of a set text cell. */
#define CELL_TEXT(t, c) ((t)->arena + (c)->text - 1)

int
dyad_format_parse(const char *name, enum dyad_format *out)
{
	static const struct { const char *n; enum dyad_format f; } tab[] = {
		{ "table", DYAD_FMT_TABLE }, { "csv", DYAD_FMT_CSV },
		{ "tsv", DYAD_FMT_TSV }, { "json", DYAD_FMT_JSON },
		{ "markdown", DYAD_FMT_MARKDOWN }, { "md", DYAD_FMT_MARKDOWN },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		if (strcmp(name, tab[i].n) == 0) {
			*out = tab[i].f;
			return 0;
		}
	}
	return -1;
}

enum dyad_status
dyad_table_new(struct dyad_table **out, struct dyad_error *err)
{
	*out = calloc(1, sizeof(**out));
	return *out == NULL ? dy_nomem(err) : DYAD_OK;
}

void
dyad_table_free(struct dyad_table *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ncol; i++)
		free(t->col[i].name);
	free(t->cell);
	free(t->arena);
	free(t->col);
	free(t);
}

long
dyad_table_add_col(struct dyad_table *t, const char *name,
    enum dyad_col_type type, int decimals, bool brief)
{
	struct col *c;

	if (t->nrow > 0 || dy_grow((void **)&t->col, &t->capcol, t->ncol + 1,
	    sizeof(*t->col)))
		return -1;
	c = &t->col[t->ncol];
	c->name = dy_strdup(name);
	if (c->name == NULL)
		return -1;
	c->type = type;
	c->decimals = decimals;
	c->brief = brief;
	return (long)t->ncol++;
}

int
dyad_table_add_row(struct dyad_table *t)
{
	size_t cap = t->caprow;

	if (t->ncol == 0)
		return -1;
	if (t->nrow + 1 > cap) {
		void *p = t->cell;
		size_t ncap = cap ? cap * 2 : 16;

		if (ncap > SIZE_MAX / t->ncol / sizeof(struct cell))
			return -1;
		p = realloc(p, ncap * t->ncol * sizeof(struct cell));
		if (p == NULL)
			return -1;
		t->cell = p;
		t->caprow = ncap;
	}
	memset(&t->cell[t->nrow * t->ncol], 0, t->ncol * sizeof(struct cell));
	t->nrow++;
	return 0;
}

static struct cell *
last(struct dyad_table *t, size_t col)
{
	if (t->nrow == 0 || col >= t->ncol)
		return NULL;
	return &t->cell[(t->nrow - 1) * t->ncol + col];
}

int
dyad_table_set_text(struct dyad_table *t, size_t col, const char *s)
{
	struct cell *c = last(t, col);
	size_t n;

	if (c == NULL)
		return -1;
	c->text = 0;
	c->set = false;
	if (s == NULL)
		return 0;
	/* one growing arena for every text: a large table (dyad change) would
	 * otherwise spend a third of its time in malloc and free */
	n = strlen(s) + 1;
	if (dy_grow((void **)&t->arena, &t->arena_cap, t->arena_len + n, 1))
		return -1;
	memcpy(t->arena + t->arena_len, s, n);
	c->text = t->arena_len + 1;
	t->arena_len += n;
	c->set = true;
	return 0;
}

void
dyad_table_set_num(struct dyad_table *t, size_t col, double v)
{
	struct cell *c = last(t, col);

	if (c != NULL && isfinite(v)) {
		c->v.num = v;
		c->set = true;
	}
}

void
dyad_table_set_int(struct dyad_table *t, size_t col, long long v)
{
	struct cell *c = last(t, col);

	if (c != NULL) {
		c->v.i = v;
		c->set = true;
	}
}

void
dyad_table_set_bool(struct dyad_table *t, size_t col, bool v)
{
	struct cell *c = last(t, col);

	if (c != NULL) {
		c->v.b = v;
		c->set = true;
	}
}

size_t
dyad_table_rows(const struct dyad_table *t)
{
	return t->nrow;
}

size_t
dyad_table_cols(const struct dyad_table *t)
{
	return t->ncol;
}

/* Machine text of a non-text cell (round-trip numbers). */
static void
machine(const struct col *col, const struct cell *c, char *buf, size_t len)
{
	switch (col->type) {
	case DYAD_COL_INT:
		snprintf(buf, len, "%lld", c->v.i);
		break;
	case DYAD_COL_BOOL:
		snprintf(buf, len, "%s", c->v.b ? "true" : "false");
		break;
	default:
		if (dyad_num_format(buf, len, c->v.num) < 0)
			buf[0] = '\0';
	}
}

/* People's text of a cell: rounded numbers, an em dash when missing. */
static const char *
human(const struct dyad_table *t, const struct col *col, const struct cell *c,
    char *buf, size_t len)
{
	if (!c->set)
		return "\xe2\x80\x94";
	switch (col->type) {
	case DYAD_COL_TEXT:
		return CELL_TEXT(t, c);
	case DYAD_COL_INT:
		snprintf(buf, len, "%lld", c->v.i);
		return buf;
	case DYAD_COL_BOOL:
		return c->v.b ? "yes" : "no";
	default:
		break;
	}
	if (col->decimals == DYAD_ROUND_P) {
		if (c->v.num < 0.001)
			return "<.001";
		dyad_num_fixed(buf, len, c->v.num, 3);
		if (buf[0] == '0')      /* APA style: p = .034 */
			memmove(buf, buf + 1, strlen(buf));
		return buf;
	}
	dyad_num_fixed(buf, len, c->v.num, col->decimals < 0 ? 2 : col->decimals);
	return buf;
}

/* Length of the valid UTF-8 sequence at s, or 0 for a byte that starts
 * none (a control byte counts as invalid: it would act on the terminal). */
static size_t
char_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t k, i;

	if (c < 0x20 || c == 0x7f)
		return 0;
	if (c < 0x80)
		return 1;
	k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	for (i = 1; i < k; i++)
		if (s[i] == '\0')
			return 0;
	return k > 0 && dy_utf8_valid(s, k) ? k : 0;
}

/* Text for people goes to a terminal: control bytes and invalid UTF-8 are
 * written as \xNN so that data can neither move the cursor nor break the
 * table's shape.  With out NULL, only the display width is counted (code
 * points; good enough for labels). */
static size_t
put_text(FILE *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t w = 0, k;

	while (*s != '\0') {
		k = char_len(s);
		if (k == 0) {
			if (out != NULL)
				fprintf(out, "\\x%c%c", hex[(unsigned char)*s >> 4],
				    hex[(unsigned char)*s & 15]);
			w += 4;
			s++;
			continue;
		}
		if (out != NULL)
			fwrite(s, 1, k, out);
		w++;
		s += k;
	}
	return w;
}

static size_t
width(const char *s)
{
	return put_text(NULL, s);
}

static void
pad(FILE *out, size_t n)
{
	while (n-- > 0)
		putc(' ', out);
}

static void
write_people(const struct dyad_table *t, FILE *out, bool md)
{
	size_t *w = calloc(t->ncol, sizeof(size_t));
	char buf[64];
	size_t r, c, lastc = 0;

	if (w == NULL)
		return;
	for (c = 0; c < t->ncol; c++)
		if (t->col[c].brief)
			lastc = c;
	for (c = 0; c < t->ncol; c++)
		w[c] = width(t->col[c].name);
	for (r = 0; r < t->nrow && !md; r++)
		for (c = 0; c < t->ncol; c++) {
			const char *s = human(t, &t->col[c],
			    &t->cell[r * t->ncol + c], buf, sizeof(buf));

			if (width(s) > w[c])
				w[c] = width(s);
		}
	for (r = 0; r <= t->nrow; r++) {
		bool first = true;

		if (md)
			fputs("|", out);
		for (c = 0; c < t->ncol; c++) {
			const struct col *col = &t->col[c];
			const char *s;
			bool right;

			if (!col->brief)
				continue;
			s = r == 0 ? col->name : human(t, col,
			    &t->cell[(r - 1) * t->ncol + c], buf, sizeof(buf));
			right = r > 0 && col->type != DYAD_COL_TEXT;
			if (md) {
				putc(' ', out);
				if (r == 0 || col->type != DYAD_COL_TEXT)
					fputs(s, out);
				else
					dyad_escape_markdown(out, s);
				fputs(" |", out);
				continue;
			}
			if (!first)
				fputs("  ", out);
			first = false;
			if (right)
				pad(out, w[c] - width(s));
			put_text(out, s);
			if (!right && c < lastc)
				pad(out, w[c] - width(s));
		}
		putc('\n', out);
		if (md && r == 0) {
			fputs("|", out);
			for (c = 0; c < t->ncol; c++) {
				if (!t->col[c].brief)
					continue;
				fputs(t->col[c].type == DYAD_COL_TEXT ? " --- |" :
				    " ---: |", out);
			}
			putc('\n', out);
		}
	}
	free(w);
}

static void
write_delimited(const struct dyad_table *t, FILE *out, char delim,
    const struct dyad_write_opts *o)
{
	char buf[64];
	size_t r, c;

	for (c = 0; c < t->ncol && !o->no_header; c++) {
		if (c > 0)
			putc(delim, out);
		if (delim == '\t')
			dyad_escape_tsv(out, t->col[c].name, o->csv_safe);
		else
			dyad_escape_csv(out, t->col[c].name, delim, o->csv_safe);
	}
	if (!o->no_header)
		putc('\n', out);
	for (r = 0; r < t->nrow; r++) {
		for (c = 0; c < t->ncol; c++) {
			const struct cell *cl = &t->cell[r * t->ncol + c];

			if (c > 0)
				putc(delim, out);
			/* a lone empty field would make a blank line, which
			 * readers skip: the row would vanish */
			if (t->ncol == 1 && delim != '\t' && (!cl->set ||
			    (t->col[c].type == DYAD_COL_TEXT &&
			    CELL_TEXT(t, cl)[0] == '\0'))) {
				fputs("\"\"", out);
				continue;
			}
			if (!cl->set)
				continue;
			if (t->col[c].type == DYAD_COL_TEXT) {
				if (delim == '\t')
					dyad_escape_tsv(out, CELL_TEXT(t, cl), o->csv_safe);
				else
					dyad_escape_csv(out, CELL_TEXT(t, cl), delim, o->csv_safe);
			} else {
				machine(&t->col[c], cl, buf, sizeof(buf));
				fputs(buf, out);
			}
		}
		putc('\n', out);
	}
}

static void
write_json(const struct dyad_table *t, FILE *out)
{
	char buf[64];
	size_t r, c;

	fputs("[", out);
	for (r = 0; r < t->nrow; r++) {
		fputs(r == 0 ? "\n  {" : ",\n  {", out);
		for (c = 0; c < t->ncol; c++) {
			const struct cell *cl = &t->cell[r * t->ncol + c];

			if (c > 0)
				fputs(", ", out);
			dyad_escape_json(out, t->col[c].name);
			fputs(": ", out);
			if (!cl->set) {
				fputs("null", out);
			} else if (t->col[c].type == DYAD_COL_TEXT) {
				dyad_escape_json(out, CELL_TEXT(t, cl));
			} else {
				machine(&t->col[c], cl, buf, sizeof(buf));
				fputs(buf, out);
			}
		}
		putc('}', out);
	}
	fputs(t->nrow ? "\n]\n" : "]\n", out);
}

enum dyad_status
dyad_table_write(const struct dyad_table *t, enum dyad_format fmt,
    const struct dyad_write_opts *opts, FILE *out, struct dyad_error *err)
{
	struct dyad_write_opts dflt = { false, false };

	if (opts == NULL)
		opts = &dflt;
	switch (fmt) {
	case DYAD_FMT_TABLE:
		write_people(t, out, false);
		break;
	case DYAD_FMT_MARKDOWN:
		write_people(t, out, true);
		break;
	case DYAD_FMT_CSV:
		write_delimited(t, out, ',', opts);
		break;
	case DYAD_FMT_TSV:
		write_delimited(t, out, '\t', opts);
		break;
	case DYAD_FMT_JSON:
		write_json(t, out);
		break;
	}
	if (ferror(out)) {
		dy_fail(err, DYAD_EIO, 0, 0, "write error");
		if (err != NULL)
			err->sys_errno = errno;
		return DYAD_EIO;
	}
	return DYAD_OK;
}

const char *
dyad_table_col_name(const struct dyad_table *t, size_t col)
{
	return col < t->ncol ? t->col[col].name : NULL;
}

enum dyad_col_type
dyad_table_col_type(const struct dyad_table *t, size_t col)
{
	return col < t->ncol ? t->col[col].type : DYAD_COL_TEXT;
}

int
dyad_table_col_decimals(const struct dyad_table *t, size_t col)
{
	return col < t->ncol ? t->col[col].decimals : 0;
}

bool
dyad_table_get_num(const struct dyad_table *t, size_t row, size_t col,
    double *v)
{
	const struct cell *c;

	if (row >= t->nrow || col >= t->ncol)
		return false;
	c = &t->cell[row * t->ncol + col];
	if (!c->set || t->col[col].type == DYAD_COL_TEXT)
		return false;
	*v = t->col[col].type == DYAD_COL_INT ? (double)c->v.i :
	    t->col[col].type == DYAD_COL_BOOL ? (c->v.b ? 1 : 0) : c->v.num;
	return true;
}

const char *
dyad_table_get_text(const struct dyad_table *t, size_t row, size_t col)
{
	const struct cell *c;

	if (row >= t->nrow || col >= t->ncol)
		return NULL;
	c = &t->cell[row * t->ncol + col];
	return c->set && t->col[col].type == DYAD_COL_TEXT ? CELL_TEXT(t, c) : NULL;
}

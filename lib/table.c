/* table.c - the shared output module: typed cells, five formats, written
 * whole (dyad_table_write) or row by row as they are made (struct
 * dyad_writer), through one output buffer. */
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
#include "outbuf.h"

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
		const char *ref;        /* borrowed text (dy_table_set_text_ref) */
	} v;
	size_t text;            /* offset + 1 into the table's text arena, or 0 */
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
#define CELL_TEXT(t, c) ((c)->text != 0 ? (t)->arena + (c)->text - 1 : \
	(c)->v.ref)

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

int
dy_table_set_text_ref(struct dyad_table *t, size_t col, const char *s)
{
	struct cell *c = last(t, col);

	if (c == NULL)
		return -1;
	c->text = 0;
	c->v.ref = s;
	c->set = s != NULL;
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

void
dyad_table_clear(struct dyad_table *t)
{
	t->nrow = 0;
	t->arena_len = 0;
}

/* ---- writing: every format goes through a struct dy_out ---- */

/* Machine text of a non-text cell (round-trip numbers). */
static void
machine(struct dy_out *o, const struct col *col, const struct cell *c)
{
	char *p;
	int n;

	switch (col->type) {
	case DYAD_COL_INT:
		p = dy_out_room(o, 24);
		if (p != NULL)
			o->len += dy_num_int(p, c->v.i);
		break;
	case DYAD_COL_BOOL:
		if (c->v.b)
			dy_out_write(o, "true", 4);
		else
			dy_out_write(o, "false", 5);
		break;
	default:
		/* formatted in place: no copy, no printf */
		p = dy_out_room(o, 32);
		if (p != NULL && (n = dyad_num_format(p, 32, c->v.num)) > 0)
			o->len += (size_t)n;
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
		buf[dy_num_int(buf, c->v.i)] = '\0';
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
 * table's shape.  With o NULL, only the display width is counted (code
 * points; good enough for labels). */
static size_t
put_text(struct dy_out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t w = 0, k;

	while (*s != '\0') {
		k = char_len(s);
		if (k == 0) {
			if (o != NULL) {
				char x[4] = { '\\', 'x',
				    hex[(unsigned char)*s >> 4],
				    hex[(unsigned char)*s & 15] };

				dy_out_write(o, x, sizeof(x));
			}
			w += 4;
			s++;
			continue;
		}
		if (o != NULL)
			dy_out_write(o, s, k);
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
pad(struct dy_out *o, size_t n)
{
	while (n-- > 0)
		dy_out_putc(o, ' ');
}

/* Table or Markdown: every row, columns as wide as their widest cell.
 * Returns -1 when out of memory. */
static int
write_people(const struct dyad_table *t, struct dy_out *o, bool md)
{
	size_t *w = calloc(t->ncol + 1, sizeof(size_t));
	char buf[64];
	size_t r, c, lastc = 0;

	if (w == NULL)
		return -1;
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
			dy_out_putc(o, '|');
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
				dy_out_putc(o, ' ');
				if (r == 0 || col->type != DYAD_COL_TEXT)
					dy_out_puts(o, s);
				else
					dy_escape_markdown_out(o, s);
				dy_out_write(o, " |", 2);
				continue;
			}
			if (!first)
				dy_out_write(o, "  ", 2);
			first = false;
			if (right)
				pad(o, w[c] - width(s));
			put_text(o, s);
			if (!right && c < lastc)
				pad(o, w[c] - width(s));
		}
		dy_out_putc(o, '\n');
		if (md && r == 0) {
			dy_out_putc(o, '|');
			for (c = 0; c < t->ncol; c++) {
				if (!t->col[c].brief)
					continue;
				dy_out_puts(o, t->col[c].type == DYAD_COL_TEXT ?
				    " --- |" : " ---: |");
			}
			dy_out_putc(o, '\n');
		}
	}
	free(w);
	return 0;
}

static void
delimited_header(const struct dyad_table *t, struct dy_out *o, char delim,
    const struct dyad_write_opts *opts)
{
	size_t c;

	if (opts->no_header)
		return;
	for (c = 0; c < t->ncol; c++) {
		if (c > 0)
			dy_out_putc(o, delim);
		if (delim == '\t')
			dy_escape_tsv_out(o, t->col[c].name, opts->csv_safe);
		else
			dy_escape_csv_out(o, t->col[c].name, delim, opts->csv_safe);
	}
	dy_out_putc(o, '\n');
}

/* Borrowed texts of the rows of one put that went out as they are, per
 * column: a column that repeats one (a measure code, a timepoint) is
 * written without looking at its bytes again.  The texts a table borrows
 * stay put while its rows are written. */
#define MEMO_COLS 32

struct plain_memo {
	const char *ptr[MEMO_COLS];
	size_t len[MEMO_COLS];
};

/* Text s of column c as a CSV field, through memo m when s is borrowed. */
static void
csv_text(struct dy_out *o, const struct cell *cl, const char *s, size_t c,
    char delim, const struct dyad_write_opts *opts, struct plain_memo *m)
{
	long n;

	if (cl->text != 0 || c >= MEMO_COLS) {
		dy_escape_csv_out(o, s, delim, opts->csv_safe);
		return;
	}
	if (m->ptr[c] == s) {
		dy_out_write(o, s, m->len[c]);
		return;
	}
	n = dy_csv_plain_len(s, delim, opts->csv_safe);
	if (n < 0) {
		dy_escape_csv_out(o, s, delim, opts->csv_safe);
		return;
	}
	m->ptr[c] = s;
	m->len[c] = (size_t)n;
	dy_out_write(o, s, (size_t)n);
}

static void
delimited_row(const struct dyad_table *t, size_t r, struct dy_out *o,
    char delim, const struct dyad_write_opts *opts, struct plain_memo *m)
{
	size_t c;

	for (c = 0; c < t->ncol; c++) {
		const struct cell *cl = &t->cell[r * t->ncol + c];

		if (c > 0)
			dy_out_putc(o, delim);
		/* a lone empty field would make a blank line, which readers
		 * skip: the row would vanish */
		if (t->ncol == 1 && delim != '\t' && (!cl->set ||
		    (t->col[c].type == DYAD_COL_TEXT &&
		    CELL_TEXT(t, cl)[0] == '\0'))) {
			dy_out_write(o, "\"\"", 2);
			continue;
		}
		if (!cl->set)
			continue;
		if (t->col[c].type != DYAD_COL_TEXT)
			machine(o, &t->col[c], cl);
		else if (delim == '\t')
			dy_escape_tsv_out(o, CELL_TEXT(t, cl), opts->csv_safe);
		else
			csv_text(o, cl, CELL_TEXT(t, cl), c, delim, opts, m);
	}
	dy_out_putc(o, '\n');
}

/* The keys of a JSON object, escaped once: column c's text, with the ", "
 * before it and the ": " after, is text.p[end[c - 1]] to text.p[end[c]]. */
struct json_keys {
	struct dy_mem text;
	size_t *end;
};

static int
keys_make(struct json_keys *k, const struct dyad_table *t)
{
	char buf[256];
	struct dy_out o;
	size_t c;

	k->end = malloc((t->ncol + 1) * sizeof(size_t));
	if (k->end == NULL)
		return -1;
	dy_out_init(&o, buf, sizeof(buf), NULL, dy_mem_append, &k->text);
	for (c = 0; c < t->ncol; c++) {
		if (c > 0)
			dy_out_write(&o, ", ", 2);
		dy_escape_json_out(&o, t->col[c].name);
		dy_out_write(&o, ": ", 2);
		if (dy_out_flush(&o) != 0)
			return -1;
		k->end[c] = k->text.len;
	}
	return 0;
}

/* One object of the JSON array; first: no comma before it. */
static void
json_row(const struct dyad_table *t, size_t r, struct dy_out *o, bool first,
    const struct json_keys *k)
{
	size_t c;

	dy_out_puts(o, first ? "\n  {" : ",\n  {");
	for (c = 0; c < t->ncol; c++) {
		const struct cell *cl = &t->cell[r * t->ncol + c];
		size_t from = c > 0 ? k->end[c - 1] : 0;

		dy_out_write(o, k->text.p + from, k->end[c] - from);
		if (!cl->set)
			dy_out_write(o, "null", 4);
		else if (t->col[c].type == DYAD_COL_TEXT)
			dy_escape_json_out(o, CELL_TEXT(t, cl));
		else
			machine(o, &t->col[c], cl);
	}
	dy_out_putc(o, '}');
}

/* The writer's buffer: large enough that a write per block costs nothing
 * next to the formatting, small enough to stay in cache. */
#define WRITER_BUF ((size_t)64 * 1024)

struct dyad_writer {
	enum dyad_format fmt;
	struct dyad_write_opts opts;
	struct dy_out out;
	char *buf;                      /* out's bytes */
	/* The columns, from the first table put; for table and Markdown
	 * also a copy of every row, printed by dyad_writer_finish. */
	struct dyad_table *kept;
	const struct dyad_table *borrowed;  /* dyad_table_write's table */
	struct json_keys keys;          /* JSON: the escaped column names */
	size_t nrow;                    /* rows written (JSON's commas) */
	bool finished;
};

static bool
for_people(enum dyad_format fmt)
{
	return fmt == DYAD_FMT_TABLE || fmt == DYAD_FMT_MARKDOWN;
}

static enum dyad_status
writer_new(struct dyad_writer **out, enum dyad_format fmt,
    const struct dyad_write_opts *opts, FILE *fp,
    int (*fn)(void *ctx, const char *buf, size_t len), void *ctx,
    struct dyad_error *err)
{
	struct dyad_writer *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (w == NULL || (w->buf = malloc(WRITER_BUF)) == NULL) {
		free(w);
		return dy_nomem(err);
	}
	w->fmt = fmt;
	if (opts != NULL)
		w->opts = *opts;
	dy_out_init(&w->out, w->buf, WRITER_BUF, fp, fn, ctx);
	*out = w;
	return DYAD_OK;
}

enum dyad_status
dyad_writer_new(struct dyad_writer **out, enum dyad_format fmt,
    const struct dyad_write_opts *opts, FILE *fp, struct dyad_error *err)
{
	if (fp == NULL) {
		*out = NULL;
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no stream to write to");
	}
	return writer_new(out, fmt, opts, fp, NULL, NULL, err);
}

enum dyad_status
dyad_writer_new_fn(struct dyad_writer **out, enum dyad_format fmt,
    const struct dyad_write_opts *opts,
    int (*write_fn)(void *ctx, const char *buf, size_t len), void *ctx,
    struct dyad_error *err)
{
	if (write_fn == NULL) {
		*out = NULL;
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no function to write with");
	}
	return writer_new(out, fmt, opts, NULL, write_fn, ctx, err);
}

void
dyad_writer_free(struct dyad_writer *w)
{
	if (w == NULL)
		return;
	dyad_table_free(w->kept);
	free(w->keys.text.p);
	free(w->keys.end);
	free(w->buf);
	free(w);
}

/* DYAD_EIO when a write failed, else DYAD_OK. */
static enum dyad_status
write_status(const struct dyad_writer *w, struct dyad_error *err)
{
	if (!w->out.failed)
		return DYAD_OK;
	dy_fail(err, DYAD_EIO, 0, 0, "write error");
	if (err != NULL)
		err->sys_errno = w->out.sys_errno;
	return DYAD_EIO;
}

int
dy_table_new_like(struct dyad_table **out, const struct dyad_table *t)
{
	size_t c;

	*out = NULL;
	if (dyad_table_new(out, NULL) != DYAD_OK)
		return -1;
	for (c = 0; c < t->ncol; c++) {
		if (dyad_table_add_col(*out, t->col[c].name, t->col[c].type,
		    t->col[c].decimals, t->col[c].brief) < 0) {
			dyad_table_free(*out);
			*out = NULL;
			return -1;
		}
	}
	return 0;
}

/* The first table names the columns: keep them and start the output. */
static enum dyad_status
start(struct dyad_writer *w, const struct dyad_table *t,
    struct dyad_error *err)
{
	if (dy_table_new_like(&w->kept, t) != 0)
		return dy_nomem(err);
	if (w->fmt == DYAD_FMT_CSV || w->fmt == DYAD_FMT_TSV)
		delimited_header(t, &w->out, w->fmt == DYAD_FMT_CSV ? ',' : '\t',
		    &w->opts);
	else if (w->fmt == DYAD_FMT_JSON) {
		if (keys_make(&w->keys, t))
			return dy_nomem(err);
		dy_out_putc(&w->out, '[');
	}
	return DYAD_OK;
}

/* Append row r of src to dst (same columns). */
static int
copy_row(struct dyad_table *dst, const struct dyad_table *src, size_t r)
{
	size_t c;

	if (dyad_table_add_row(dst))
		return -1;
	for (c = 0; c < src->ncol; c++) {
		const struct cell *from = &src->cell[r * src->ncol + c];

		if (!from->set)
			continue;
		if (src->col[c].type == DYAD_COL_TEXT) {
			if (dyad_table_set_text(dst, c, CELL_TEXT(src, from)))
				return -1;
		} else {
			*last(dst, c) = *from;
		}
	}
	return 0;
}

/* Row r of t in w's format (CSV, TSV or JSON) onto o, which may be w's own
 * output or another thread's memory: both get the same bytes.  first: the
 * output's first row (JSON puts no comma before it). */
static void
machine_row(const struct dyad_writer *w, const struct dyad_table *t, size_t r,
    struct dy_out *o, bool first, struct plain_memo *m)
{
	switch (w->fmt) {
	case DYAD_FMT_CSV:
		delimited_row(t, r, o, ',', &w->opts, m);
		break;
	case DYAD_FMT_TSV:
		delimited_row(t, r, o, '\t', &w->opts, m);
		break;
	case DYAD_FMT_JSON:
		json_row(t, r, o, first, &w->keys);
		break;
	default:
		break;
	}
}

enum dyad_format
dy_writer_format(const struct dyad_writer *w)
{
	return w->fmt;
}

int
dy_writer_format_rows(const struct dyad_writer *w, const struct dyad_table *t,
    bool first, struct dy_out *o)
{
	struct plain_memo m;
	size_t r;

	memset(&m, 0, sizeof(m));
	for (r = 0; r < t->nrow; r++)
		machine_row(w, t, r, o, first && r == 0, &m);
	return o->failed ? -1 : 0;
}

enum dyad_status
dy_writer_put_bytes(struct dyad_writer *w, const char *p, size_t n,
    size_t rows, struct dyad_error *err)
{
	dy_out_write(&w->out, p, n);
	w->nrow += rows;
	return write_status(w, err);
}

enum dyad_status
dyad_writer_put(struct dyad_writer *w, const struct dyad_table *t,
    struct dyad_error *err)
{
	struct plain_memo m;
	enum dyad_status st;
	size_t r, c;

	memset(&m, 0, sizeof(m));
	if (w->finished)
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "rows put after the writer finished");
	if (w->kept == NULL) {
		st = start(w, t, err);
		if (st != DYAD_OK)
			return st;
	} else {
		bool same = t->ncol == w->kept->ncol;

		for (c = 0; same && c < t->ncol; c++)
			same = t->col[c].type == w->kept->col[c].type;
		if (!same)
			return dy_fail(err, DYAD_EINVAL, 0, 0,
			    "rows put with other columns than the first");
	}
	for (r = 0; r < t->nrow; r++) {
		switch (w->fmt) {
		case DYAD_FMT_TABLE:
		case DYAD_FMT_MARKDOWN:
			if (copy_row(w->kept, t, r))
				return dy_nomem(err);
			break;
		default:
			machine_row(w, t, r, &w->out, w->nrow == 0, &m);
			break;
		}
		w->nrow++;
	}
	return write_status(w, err);
}

enum dyad_status
dyad_writer_finish(struct dyad_writer *w, struct dyad_error *err)
{
	const struct dyad_table *rows = w->borrowed;
	struct dyad_table *none = NULL;
	enum dyad_status st = DYAD_OK;

	if (w->finished)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "the writer finished twice");
	w->finished = true;
	if (rows == NULL && w->kept == NULL) {
		/* nothing was put: a table without columns */
		if (dyad_table_new(&none, err) != DYAD_OK)
			return DYAD_ENOMEM;
		st = start(w, none, err);
		dyad_table_free(none);
		if (st != DYAD_OK)
			return st;
	}
	if (rows == NULL)
		rows = w->kept;
	if (for_people(w->fmt) &&
	    write_people(rows, &w->out, w->fmt == DYAD_FMT_MARKDOWN))
		return dy_nomem(err);
	if (w->fmt == DYAD_FMT_JSON)
		dy_out_puts(&w->out, w->nrow ? "\n]\n" : "]\n");
	dy_out_flush(&w->out);
	if (w->out.fp != NULL && !w->out.failed && ferror(w->out.fp)) {
		w->out.failed = true;
		w->out.sys_errno = errno != 0 ? errno : EIO;
	}
	return write_status(w, err);
}

enum dyad_status
dyad_table_write(const struct dyad_table *t, enum dyad_format fmt,
    const struct dyad_write_opts *opts, FILE *out, struct dyad_error *err)
{
	struct dyad_writer *w;
	enum dyad_status st;

	st = dyad_writer_new(&w, fmt, opts, out, err);
	if (st != DYAD_OK)
		return st;
	/* people's formats print t itself at the end, without a copy */
	if (for_people(fmt))
		w->borrowed = t;
	else
		st = dyad_writer_put(w, t, err);
	if (st == DYAD_OK)
		st = dyad_writer_finish(w, err);
	dyad_writer_free(w);
	return st;
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

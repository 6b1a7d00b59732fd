/* xlsx.c - Excel workbooks with libxlsxwriter: any dyad_table as a sheet of
 * typed cells, the Notes sheet, and the stats and change workbooks. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "analysis.h"
#include "csvread.h"
#include "dlib.h"
#include "dyad.h"
#include "dyad/xlsx.h"
#include "internal.h"
#include "xlsx_internal.h"

#define MAXDEC 6
#define MAX_TEXT 32767          /* Excel's longest cell text */

/* The libxlsxwriter functions dyad calls, loaded on first use (dlib.h);
 * each pointer has the type of the header's prototype. */
#define LXW_FUNCS(X) \
	X(format_set_bold) X(format_set_bottom) X(format_set_num_format) \
	X(lxw_strerror) X(workbook_add_format) X(workbook_add_worksheet) \
	X(workbook_close) X(workbook_new_opt) X(workbook_set_properties) \
	X(workbook_validate_sheet_name) X(worksheet_autofilter) \
	X(worksheet_freeze_panes) X(worksheet_set_column) \
	X(worksheet_write_boolean) X(worksheet_write_number) \
	X(worksheet_write_string)

struct lxw_api {
	LXW_FUNCS(DY_DL_FIELD)
};

#define SYM(f) DY_DL_SYM(struct lxw_api, f)
static const struct dy_dl_sym lxw_syms[] = { LXW_FUNCS(SYM) };
#undef SYM

struct book {
	struct lxw_api x;
	void *dl;                       /* libxlsxwriter's handle */
	lxw_workbook *wb;
	lxw_format *head;
	lxw_format *dec[MAXDEC + 1];    /* 0, 0.0, 0.00, ... */
	lxw_format *pct;
	char *buf;                      /* text made safe for the XML */
	size_t bufcap;
};

/* ---- cells ---- */

/* Text that Excel accepts: valid UTF-8 without control characters (other
 * than tab and newline), at most MAX_TEXT bytes.  Anything else becomes
 * U+FFFD.  Borrowed from the book until the next call; NULL on no memory. */
static const char *
safe_text(struct book *b, const char *s)
{
	size_t n = strlen(s), i = 0, o = 0, k;
	unsigned char c;

	if (dy_grow((void **)&b->buf, &b->bufcap, n * 3 + 1, 1))
		return NULL;
	while (i < n && o + 4 < MAX_TEXT) {
		c = (unsigned char)s[i];
		k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (k == 0 || i + k > n || !dy_utf8_valid(s + i, k) ||
		    (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
			memcpy(b->buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
			continue;
		}
		memcpy(b->buf + o, s + i, k);
		o += k;
		i += k;
	}
	b->buf[o] = '\0';
	return b->buf;
}

/* Characters on screen, roughly: UTF-8 code points. */
static size_t
width_of(const char *s)
{
	size_t w = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			w++;
	return w;
}

static lxw_format *
num_format(struct book *b, const struct dyad_table *t, size_t c, bool pct,
    int *dec)
{
	int d = dyad_table_col_decimals(t, c);

	if (pct) {
		*dec = 0;
		return b->pct;
	}
	if (dyad_table_col_type(t, c) == DYAD_COL_INT)
		d = 0;
	else if (d == DYAD_ROUND_P)
		d = 3;                  /* p-values: 0.000 */
	else if (d < 0 || d > MAXDEC)
		d = 2;
	*dec = d;
	return b->dec[d];
}

static enum dyad_status
lxw_fail(const struct book *b, struct dyad_error *err, const char *what,
    lxw_error e)
{
	return dy_fail(err, DYAD_EIO, 0, 0, "%s: %s", what, b->x.lxw_strerror(e));
}

/* The header of t on row r0 of ws; widths[] grows to fit. */
static lxw_error
put_head(struct book *b, lxw_worksheet *ws, lxw_row_t r0,
    const struct dyad_table *t, double *widths, int *nomem)
{
	size_t nc = dyad_table_cols(t), c;
	lxw_error e = LXW_NO_ERROR;

	for (c = 0; c < nc && e == LXW_NO_ERROR; c++) {
		const char *h = safe_text(b, dyad_table_col_name(t, c));

		if (h == NULL) {
			*nomem = 1;
			break;
		}
		if ((double)width_of(h) + 2 > widths[c])
			widths[c] = (double)width_of(h) + 2;
		e = b->x.worksheet_write_string(ws, r0, (lxw_col_t)c, h, b->head);
	}
	return e;
}

/* The rows of s->t from row r1 of ws on; widths[] grows to fit. */
static enum dyad_status
put_body(struct book *b, lxw_worksheet *ws, lxw_row_t r1,
    const struct dy_sheet *s, double *widths, struct dyad_error *err)
{
	const struct dyad_table *t = s->t;
	size_t nr = dyad_table_rows(t), nc = dyad_table_cols(t), r, c;
	char buf[64];
	lxw_error e = LXW_NO_ERROR;

	for (r = 0; r < nr && e == LXW_NO_ERROR; r++) {
		lxw_row_t row = (lxw_row_t)(r1 + r);

		for (c = 0; c < nc && e == LXW_NO_ERROR; c++) {
			enum dyad_col_type type = dyad_table_col_type(t, c);
			bool counts = c < 64 && (s->counts >> c & 1);
			bool pct = c < 64 && (s->pct >> c & 1);
			const char *txt = NULL;
			lxw_format *f;
			double v;
			size_t w = 0;
			int dec;

			if (type == DYAD_COL_TEXT) {
				txt = dyad_table_get_text(t, r, c);
				if (txt == NULL)
					continue;       /* missing: an empty cell */
				if (counts && dyad_num_parse(txt, strlen(txt), false,
				    &v) == DYAD_NUM_OK) {
					txt = NULL;
					type = DYAD_COL_INT;
				}
			} else if (!dyad_table_get_num(t, r, c, &v)) {
				continue;
			}
			if (txt != NULL) {
				txt = safe_text(b, txt);
				if (txt == NULL)
					return dy_nomem(err);
				w = width_of(txt);
				e = b->x.worksheet_write_string(ws, row, (lxw_col_t)c, txt, NULL);
			} else if (type == DYAD_COL_BOOL) {
				w = v != 0 ? 4 : 5;
				e = b->x.worksheet_write_boolean(ws, row, (lxw_col_t)c, v != 0,
				    NULL);
			} else {
				if (type == DYAD_COL_INT && !counts)
					f = b->dec[0], dec = 0;
				else if (counts)
					f = b->dec[0], dec = 0;
				else
					f = num_format(b, t, c, pct, &dec);
				w = (size_t)(dyad_num_fixed(buf, sizeof(buf), pct ? v * 100 :
				    v, dec) + (pct ? 1 : 0));
				e = b->x.worksheet_write_number(ws, row, (lxw_col_t)c, v, f);
			}
			if ((double)w + 2 > widths[c])
				widths[c] = (double)w + 2;
		}
	}
	if (e != LXW_NO_ERROR)
		return lxw_fail(b, err, s->name, e);
	return DYAD_OK;
}

/* Too many rows or columns for a worksheet? */
static enum dyad_status
check_size(const struct dy_sheet *s, size_t nr, lxw_row_t r0,
    struct dyad_error *err)
{
	size_t nc = dyad_table_cols(s->t);

	if (nr + r0 + 1 > LXW_ROW_MAX || nc > LXW_COL_MAX)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "sheet '%s': %zu rows and %zu "
		    "columns do not fit in a worksheet (at most %lu rows)", s->name,
		    nr, nc, (unsigned long)LXW_ROW_MAX - 1);
	return DYAD_OK;
}

#define BATCH 4096      /* rows of a batched sheet made at a time */

/* Write s->t (or, with s->batch, its nrows a batch at a time) with its
 * header on row r0 of ws; widths[] grows to fit. */
static enum dyad_status
put_table(struct book *b, lxw_worksheet *ws, lxw_row_t r0,
    const struct dy_sheet *s, double *widths, struct dyad_error *err)
{
	size_t nr = s->batch ? s->nrows : dyad_table_rows(s->t), from, to;
	enum dyad_status st = check_size(s, nr, r0, err);
	int nomem = 0;
	lxw_error e;

	if (st != DYAD_OK)
		return st;
	e = put_head(b, ws, r0, s->t, widths, &nomem);
	if (nomem)
		return dy_nomem(err);
	if (e != LXW_NO_ERROR)
		return lxw_fail(b, err, s->name, e);
	if (s->batch == NULL)
		return put_body(b, ws, r0 + 1, s, widths, err);
	for (from = 0; st == DYAD_OK && from < nr; from = to) {
		to = nr - from > BATCH ? from + BATCH : nr;
		st = s->batch(s->ctx, from, to) ? dy_nomem(err) :
		    put_body(b, ws, (lxw_row_t)(r0 + 1 + from), s, widths, err);
	}
	return st;
}

static enum dyad_status
add_sheet(struct book *b, const struct dy_sheet *s, struct dyad_error *err)
{
	size_t nc = dyad_table_cols(s->t), c;
	double *widths;
	lxw_worksheet *ws;
	lxw_error e;
	enum dyad_status st;

	e = b->x.workbook_validate_sheet_name(b->wb, s->name);
	if (e != LXW_NO_ERROR)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "sheet name '%s': %s",
		    s->name, b->x.lxw_strerror(e));
	ws = b->x.workbook_add_worksheet(b->wb, s->name);
	widths = calloc(nc + 1, sizeof(double));
	if (ws == NULL || widths == NULL) {
		free(widths);
		return dy_nomem(err);
	}
	st = put_table(b, ws, 0, s, widths, err);
	if (st == DYAD_OK) {
		b->x.worksheet_freeze_panes(ws, 1, 0);
		size_t nr = s->batch ? s->nrows : dyad_table_rows(s->t);

		if (nr > 0 && nc > 0)
			b->x.worksheet_autofilter(ws, 0, 0, (lxw_row_t)nr,
			    (lxw_col_t)(nc - 1));
		for (c = 0; c < nc; c++)
			b->x.worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
			    widths[c] < 6 ? 6 : widths[c] > 60 ? 60 : widths[c], NULL);
	}
	free(widths);
	return st;
}

/* Notes: topic and note lines, then the sources table below a blank row. */
static enum dyad_status
add_notes(struct book *b, const struct dyad_table *notes,
    const struct dyad_table *sources, struct dyad_error *err)
{
	struct dy_sheet s;
	size_t nc = 2, c;
	double *widths;
	lxw_worksheet *ws = b->x.workbook_add_worksheet(b->wb, "Notes");
	enum dyad_status st;

	if (sources != NULL && dyad_table_cols(sources) > nc)
		nc = dyad_table_cols(sources);
	widths = calloc(nc, sizeof(double));
	if (ws == NULL || widths == NULL) {
		free(widths);
		return dy_nomem(err);
	}
	memset(&s, 0, sizeof(s));
	s.name = "Notes";
	s.t = notes;
	st = put_table(b, ws, 0, &s, widths, err);
	if (st == DYAD_OK && sources != NULL) {
		s.t = sources;
		st = put_table(b, ws, (lxw_row_t)dyad_table_rows(notes) + 2, &s,
		    widths, err);
	}
	if (st == DYAD_OK) {
		b->x.worksheet_freeze_panes(ws, 1, 0);
		for (c = 0; c < nc; c++)
			b->x.worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
			    widths[c] < 6 ? 6 : widths[c] > 100 ? 100 : widths[c], NULL);
	}
	free(widths);
	return st;
}

struct dyad_table *
dy_xlsx_notes_new(void)
{
	struct dyad_table *t = NULL;

	if (dyad_table_new(&t, NULL) != DYAD_OK)
		return NULL;
	if (dyad_table_add_col(t, "topic", DYAD_COL_TEXT, 0, true) < 0 ||
	    dyad_table_add_col(t, "note", DYAD_COL_TEXT, 0, true) < 0) {
		dyad_table_free(t);
		return NULL;
	}
	return t;
}

int
dy_xlsx_note(struct dyad_table *t, const char *topic, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (dyad_table_add_row(t) || dyad_table_set_text(t, 0, topic) ||
	    dyad_table_set_text(t, 1, text))
		return -1;
	return 0;
}

enum dyad_status
dy_xlsx_book(const char *path, const struct dy_sheet *s, size_t n,
    const struct dyad_table *notes, const struct dyad_table *sources,
    struct dyad_error *err)
{
	lxw_doc_properties props;
	struct book b;
	enum dyad_status st = DYAD_OK;
	lxw_error e;
	char comments[64];
	size_t i;
	int d;
	FILE *f;

	memset(&b, 0, sizeof(b));
	st = dy_dl_open(&b.dl, &b.x, lxw_syms, sizeof(lxw_syms) /
	    sizeof(lxw_syms[0]), DY_SONAME_XLSXWRITER, "writing .xlsx", err);
	if (st != DYAD_OK)
		return st;
	/* libxlsxwriter reports a file it cannot create on stderr, and only
	 * at the end: find out first, quietly */
	f = fopen(path, "wb");
	if (f != NULL) {
		fclose(f);
		/* Constant memory: each row goes to a temporary file when the
		 * next starts (every sheet is written top to bottom), where by
		 * default every cell stays in memory until the close: 2.7 GB
		 * for the 780,000 pairs of 100,000 children. */
		lxw_workbook_options o;

		memset(&o, 0, sizeof(o));
		o.constant_memory = LXW_TRUE;
		errno = 0;
		b.wb = b.x.workbook_new_opt(path, &o);
	}
	if (b.wb == NULL) {
		int saved = errno;

		dy_dl_close(b.dl);
		dy_fail(err, DYAD_EIO, 0, 0, "cannot create the workbook");
		if (err != NULL)
			err->sys_errno = saved;
		return DYAD_EIO;
	}
	memset(&props, 0, sizeof(props));
	snprintf(comments, sizeof(comments), "Written by dyad %s",
	    dyad_version());
	props.comments = comments;
	props.title = s != NULL && n > 0 ? (char *)(uintptr_t)s[0].name : "dyad";
	b.x.workbook_set_properties(b.wb, &props);
	b.head = b.x.workbook_add_format(b.wb);
	b.pct = b.x.workbook_add_format(b.wb);
	if (b.head == NULL || b.pct == NULL)
		st = dy_nomem(err);
	if (st == DYAD_OK) {
		b.x.format_set_bold(b.head);
		b.x.format_set_bottom(b.head, LXW_BORDER_THIN);
		b.x.format_set_num_format(b.pct, "0%");
	}
	for (d = 0; st == DYAD_OK && d <= MAXDEC; d++) {
		char code[16] = "0.";      /* 0, 0.0, 0.00, ... */

		b.dec[d] = b.x.workbook_add_format(b.wb);
		if (b.dec[d] == NULL) {
			st = dy_nomem(err);
			break;
		}
		memset(code + 2, '0', (size_t)d);
		code[d == 0 ? 1 : 2 + d] = '\0';
		b.x.format_set_num_format(b.dec[d], code);
	}
	for (i = 0; st == DYAD_OK && i < n; i++)
		st = add_sheet(&b, &s[i], err);
	if (st == DYAD_OK && notes != NULL)
		st = add_notes(&b, notes, sources, err);
	e = b.x.workbook_close(b.wb);       /* frees the workbook in every case */
	free(b.buf);
	if (st == DYAD_OK && e != LXW_NO_ERROR) {
		int saved = errno;

		st = lxw_fail(&b, err, "cannot write the workbook", e);
		if (err != NULL && e == LXW_ERROR_CREATING_XLSX_FILE)
			err->sys_errno = saved;
	}
	dy_dl_close(b.dl);
	return st;
}

/* ---- the public writer ---- */

/* The notes table with the caller's lines and the version. */
static struct dyad_table *
notes_table(const struct dyad_xlsx_notes *notes)
{
	struct dyad_table *t = dy_xlsx_notes_new();
	size_t i;

	if (t == NULL)
		return NULL;
	for (i = 0; notes != NULL && i < notes->n; i++) {
		if (dy_xlsx_note(t, notes->items[i].topic ? notes->items[i].topic :
		    "", "%s", notes->items[i].text ? notes->items[i].text : "")) {
			dyad_table_free(t);
			return NULL;
		}
	}
	return t;
}

static int
note_version(struct dyad_table *t)
{
	return dy_xlsx_note(t, "dyad version", "%s", dyad_version());
}

enum dyad_status
dyad_xlsx_write(const char *path, const struct dyad_xlsx_sheet *sheets,
    size_t nsheets, const struct dyad_xlsx_notes *notes,
    struct dyad_error *err)
{
	struct dy_sheet *s = calloc(nsheets + 1, sizeof(*s));
	struct dyad_table *nt = notes_table(notes);
	enum dyad_status st;
	size_t i;

	if (s == NULL || nt == NULL || note_version(nt)) {
		free(s);
		dyad_table_free(nt);
		return dy_nomem(err);
	}
	for (i = 0; i < nsheets; i++) {
		s[i].name = sheets[i].name;
		s[i].t = sheets[i].table;
	}
	st = dy_xlsx_book(path, s, nsheets, nt, notes ? notes->sources : NULL,
	    err);
	free(s);
	dyad_table_free(nt);
	return st;
}

/* ---- the catalog entries used ---- */

enum dyad_status
dyad_xlsx_sources(const struct dyad_analysis *a, struct dyad_table **out,
    struct dyad_error *err)
{
	static const struct { const char *name; enum dyad_col_type type;
	    int dec; } cols[] = {
		{ "code", DYAD_COL_TEXT, 0 }, { "label", DYAD_COL_TEXT, 0 },
		{ "subject", DYAD_COL_TEXT, 0 }, { "domain", DYAD_COL_TEXT, 0 },
		{ "direction", DYAD_COL_TEXT, 0 }, { "unit", DYAD_COL_TEXT, 0 },
		{ "reliability", DYAD_COL_NUM, 2 }, { "norm_mean", DYAD_COL_NUM, 1 },
		{ "norm_sd", DYAD_COL_NUM, 1 }, { "clin_mean", DYAD_COL_NUM, 1 },
		{ "clin_sd", DYAD_COL_NUM, 1 }, { "cutoff", DYAD_COL_NUM, 1 },
		{ "criterion", DYAD_COL_NUM, 1 }, { "source", DYAD_COL_TEXT, 0 },
	};
	const struct dyad_catalog *cat =
	    dyad_data_catalog(dyad_analysis_data(a));
	struct dyad_table *t = NULL;
	size_t i, k;

	*out = NULL;
	if (dyad_table_new(&t, err) != DYAD_OK)
		return DYAD_ENOMEM;
	for (k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
		if (dyad_table_add_col(t, cols[k].name, cols[k].type, cols[k].dec,
		    true) < 0)
			goto nomem;
	for (i = 0; i < dyad_analysis_outcomes(a); i++) {
		int32_t m = dyad_analysis_outcome(a, i)->measure;
		const struct dyad_instrument *in = dyad_catalog_at(cat, (size_t)m);
		bool seen = false;

		for (k = 0; k < i && !seen; k++)
			seen = dyad_analysis_outcome(a, k)->measure == m;
		if (seen || in == NULL)
			continue;
		if (dyad_table_add_row(t) || dyad_table_set_text(t, 0, in->code) ||
		    dyad_table_set_text(t, 1, in->label) ||
		    dyad_table_set_text(t, 2, dyad_subject_name(in->subject)) ||
		    dyad_table_set_text(t, 3, in->domain) ||
		    dyad_table_set_text(t, 4, dyad_direction_name(in->direction)) ||
		    dyad_table_set_text(t, 5, in->unit) ||
		    dyad_table_set_text(t, 13, in->source))
			goto nomem;
		dyad_table_set_num(t, 6, in->reliability);
		dyad_table_set_num(t, 7, in->norm_mean);
		dyad_table_set_num(t, 8, in->norm_sd);
		dyad_table_set_num(t, 9, in->clin_mean);
		dyad_table_set_num(t, 10, in->clin_sd);
		dyad_table_set_num(t, 11, in->cutoff);
		dyad_table_set_num(t, 12, dyad_instrument_criterion(in));
	}
	*out = t;
	return DYAD_OK;
nomem:
	dyad_table_free(t);
	return dy_nomem(err);
}

/* ---- stats and change ---- */

static long
col_index(const struct dyad_table *t, const char *name)
{
	size_t c;

	for (c = 0; c < dyad_table_cols(t); c++)
		if (strcmp(dyad_table_col_name(t, c), name) == 0)
			return (long)c;
	return -1;
}

/* A new table with the columns of src that keep() accepts, in order. */
static struct dyad_table *
project(const struct dyad_table *src, bool (*keep)(const char *, bool),
    bool by)
{
	struct dyad_table *t = NULL;
	size_t c, r, nc = dyad_table_cols(src), k;
	long *map = calloc(nc + 1, sizeof(long));

	if (map == NULL || dyad_table_new(&t, NULL) != DYAD_OK) {
		free(map);
		return NULL;
	}
	for (k = 0, c = 0; c < nc; c++) {
		const char *name = dyad_table_col_name(src, c);

		if (!keep(name, by))
			continue;
		if (dyad_table_add_col(t, name, dyad_table_col_type(src, c),
		    dyad_table_col_decimals(src, c), true) < 0)
			goto fail;
		map[k++] = (long)c;
	}
	for (r = 0; r < dyad_table_rows(src); r++) {
		if (dyad_table_add_row(t))
			goto fail;
		for (c = 0; c < k; c++) {
			size_t sc = (size_t)map[c];
			double v;

			if (dyad_table_col_type(src, sc) == DYAD_COL_TEXT) {
				if (dyad_table_set_text(t, c, dyad_table_get_text(src, r,
				    sc)))
					goto fail;
			} else if (dyad_table_get_num(src, r, sc, &v)) {
				if (dyad_table_col_type(src, sc) == DYAD_COL_INT)
					dyad_table_set_int(t, c, (long long)v);
				else if (dyad_table_col_type(src, sc) == DYAD_COL_BOOL)
					dyad_table_set_bool(t, c, v != 0);
				else
					dyad_table_set_num(t, c, v);
			}
		}
	}
	free(map);
	return t;
fail:
	free(map);
	dyad_table_free(t);
	return NULL;
}

static bool
keep_counts(const char *name, bool by)
{
	static const char *const names[] = { "measure", "label", "n_pairs",
	    "rci_improved", "rci_unchanged", "rci_deteriorated", "recovered" };
	size_t i;

	if (strcmp(name, "group") == 0)
		return by;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(name, names[i]) == 0)
			return true;
	return false;
}

static bool
keep_flow(const char *name, bool by)
{
	if (strcmp(name, "group") == 0)
		return by;
	return strcmp(name, "measure") == 0 || strcmp(name, "rows") == 0 ||
	    strncmp(name, "rows_", 5) == 0 || strncmp(name, "excluded_", 9) == 0;
}

/* The rows that belong to no measure, so that the flow adds up to every
 * row read. */
static int
add_unassigned(struct dyad_table *t, const struct dyad_analysis *a)
{
	const struct dyad_flow *u = dyad_analysis_unassigned(a);
	long c = col_index(t, "rows");
	size_t r;

	if (u->rows == 0)
		return 0;
	if (c < 0 || dyad_table_add_row(t) ||
	    dyad_table_set_text(t, 0, "(no measure)"))
		return -1;
	dyad_table_set_int(t, (size_t)c, (long long)u->rows);
	for (r = 0; r < DYAD_FLOW_NREASON; r++)
		dyad_table_set_int(t, (size_t)c + 1 + r, (long long)u->reason[r]);
	return 0;
}

/* Lines every workbook of an analysis starts its notes with. */
static int
common_notes(struct dyad_table *n, const struct dyad_analysis *a,
    const struct dyad_xlsx_info *info)
{
	const struct dyad_pair_opts *o = dyad_analysis_opts(a);
	const char *m = info ? info->methods : NULL;
	char from[16], to[16];
	size_t i;

	if (dy_xlsx_note(n, "design", "each person's %s score is paired with "
	    "their %s score on the same measure; only complete pairs are "
	    "analysed, and no missing score is imputed", o->pre, o->post))
		return -1;
	while (m != NULL && *m != '\0') {
		const char *nl = strchr(m, '\n');
		int len = (int)(nl ? (size_t)(nl - m) : strlen(m));

		if (len > 0 && dy_xlsx_note(n, "method", "%.*s", len, m))
			return -1;
		m = nl ? nl + 1 : NULL;
	}
	if (dy_xlsx_note(n, "confidence level", "%g",
	    o->conf > 0 ? o->conf : 0.95) ||
	    dy_xlsx_note(n, "p-value adjustment", "%s across the measures of "
	    "each group", dyad_adjust_name(o->adjust)) ||
	    (o->by != NULL && dy_xlsx_note(n, "groups", "by column '%s'", o->by)))
		return -1;
	if (o->has_from || o->has_to) {
		if (o->has_from)
			dyad_date_format(from, sizeof(from), o->from);
		if (o->has_to)
			dyad_date_format(to, sizeof(to), o->to);
		if (dy_xlsx_note(n, "reporting period", "%s to %s, by the date of "
		    "the %s assessment", o->has_from ? from : "the start",
		    o->has_to ? to : "the end", o->pre))
			return -1;
	}
	for (i = 0; info != NULL && i < info->ninputs; i++)
		if (dy_xlsx_note(n, "input", "%s", info->inputs[i]))
			return -1;
	return dy_xlsx_note(n, "sources", "the catalog entries of the measures "
	    "used are listed below, with the published source of every value");
}

enum dyad_status
dyad_xlsx_stats(const char *path, const struct dyad_analysis *a, bool flow,
    const struct dyad_xlsx_info *info, struct dyad_error *err)
{
	struct dyad_table *stats = NULL, *full = NULL, *counts = NULL,
	    *fl = NULL, *notes = NULL, *src = NULL;
	bool by = dyad_analysis_opts(a)->by != NULL;
	struct dy_sheet s[3];
	enum dyad_status st;

	memset(s, 0, sizeof(s));
	st = dyad_analysis_stats_table(a, flow, &stats, err);
	if (st == DYAD_OK)
		st = dyad_analysis_stats_table(a, true, &full, err);
	if (st == DYAD_OK)
		st = dyad_xlsx_sources(a, &src, err);
	if (st != DYAD_OK)
		goto out;
	counts = project(full, keep_counts, by);
	fl = project(full, keep_flow, by);
	notes = dy_xlsx_notes_new();
	if (counts == NULL || fl == NULL || notes == NULL ||
	    add_unassigned(fl, a) || common_notes(notes, a, info) ||
	    dy_xlsx_note(notes, "flow", "every row of a measure is counted once: "
	    "rows_used are the pre and post scores of analysed pairs, the "
	    "excluded_ columns say why the others were not used; the last row "
	    "counts rows that belong to no measure") || note_version(notes)) {
		st = dy_nomem(err);
		goto out;
	}
	s[0].name = "statistics";
	s[0].t = stats;
	s[1].name = "change counts";
	s[1].t = counts;
	s[2].name = "flow";
	s[2].t = fl;
	st = dy_xlsx_book(path, s, 3, notes, src, err);
out:
	dyad_table_free(stats);
	dyad_table_free(full);
	dyad_table_free(counts);
	dyad_table_free(fl);
	dyad_table_free(notes);
	dyad_table_free(src);
	return st;
}

/* The pairs sheet's batches: rows of dyad change's table. */
struct change_batch {
	const struct dyad_analysis *a;
	struct dyad_table *t;
	size_t c0;
};

static int
change_batch(void *ctx, size_t from, size_t to)
{
	struct change_batch *c = ctx;

	dyad_table_clear(c->t);
	return dy_change_rows(c->a, from, to, c->t, c->c0);
}

enum dyad_status
dyad_xlsx_change(const char *path, const struct dyad_analysis *a,
    const struct dyad_xlsx_info *info, struct dyad_error *err)
{
	struct dyad_table *pairs = NULL, *notes = NULL, *src = NULL;
	struct change_batch bc;
	struct dy_sheet s;
	enum dyad_status st;

	memset(&s, 0, sizeof(s));
	/* the pairs a batch at a time: the sheet is never held whole */
	st = dy_change_columns(a, &pairs, &bc.c0, err);
	if (st == DYAD_OK)
		st = dyad_xlsx_sources(a, &src, err);
	if (st != DYAD_OK)
		goto out;
	notes = dy_xlsx_notes_new();
	if (notes == NULL ||
	    dy_xlsx_note(notes, "identifiers", "this workbook contains client "
	    "identifiers (child_id, caregiver_id, family_id): it is the "
	    "analyst's file, not for funders; dyad report writes what funders "
	    "may see") ||
	    common_notes(notes, a, info) ||
	    dy_xlsx_note(notes, "reliable change", "rci is the Jacobson-Truax "
	    "reliable change index, change / (SD * sqrt(2 * (1 - r_xx))) with SD "
	    "the SD of the pre scores (the norm SD with --rci-sd norm); "
	    "|rci| > 1.96 is reliable; recovered: reliably improved and crossed "
	    "the clinical criterion") || note_version(notes)) {
		st = dy_nomem(err);
		goto out;
	}
	s.name = "pairs";
	s.t = pairs;
	bc.a = a;
	bc.t = pairs;
	s.batch = change_batch;
	s.ctx = &bc;
	s.nrows = dyad_analysis_pairs(a);
	st = dy_xlsx_book(path, &s, 1, notes, src, err);
out:
	dyad_table_free(pairs);
	dyad_table_free(notes);
	dyad_table_free(src);
	return st;
}

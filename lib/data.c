/* data.c - assessment rows: ingest (long and wide CSV), per-row checks
 * and accessors (data_header.c: the header and extra columns;
 * data_people.c: contexts, people, duplicates). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dyad/data.h"
#include "dyad/num.h"
#include "analysis.h"
#include "data_internal.h"
#include "statfile.h"
#include "internal.h"


void
dy_recent_init(struct recent *c, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		c[i].size = i == C_MEASURE ? RECENT_CODES : RECENT;
		for (k = 0; k < c[i].size; k++) {
			c[i].e[k].len = UINT32_MAX;     /* matches nothing */
			c[i].e[k].after = 0;
		}
		c[i].next = c[i].last = 0;
	}
}

/* A text's key: its first and last words (8 bytes each from 8 bytes on,
 * 4 each from 4, else the bytes themselves), which with its length decide
 * equality for texts of up to 16 bytes -- ids, dates, codes.  A lookup
 * computes the key once and compares two words an entry, rather than
 * loading both texts at each entry (lookups are a sixth of a large read's
 * instructions; this and trying the entry that came next last time first
 * saved 1.3% of a one-core stats's, see tests/bench/NOTES.md). */
static inline struct text_key
text_key(const char *s, size_t len)
{
	struct text_key k = { 0, 0 };
	uint32_t p, q;

	if (len >= 8) {
		memcpy(&k.head, s, 8);
		memcpy(&k.tail, s + len - 8, 8);
	} else if (len >= 4) {
		memcpy(&p, s, 4);
		memcpy(&q, s + len - 4, 4);
		k.head = p;
		k.tail = q;
	} else {
		while (len > 0) {
			len--;
			k.head = k.head << 8 | (unsigned char)s[len];
		}
	}
	return k;
}

static inline bool
recent_is(const struct recent_text *e, struct text_key key, const char *s,
    size_t len)
{
	return e->len == len && e->key.head == key.head &&
	    e->key.tail == key.tail &&
	    (len <= 16 || memcmp(e->buf + 8, s + 8, len - 16) == 0);
}

/* The entry used last is tried first (a case's ids repeat row after row),
 * then the one used after it the last time (a case's measures, timepoints
 * and dates come round in the same order as the case before), and only
 * then the rest.  Always inlined: as a call, its entry and exit cost more
 * than the keys saved. */
static inline __attribute__((always_inline)) bool
recent_get(struct recent *c, const char *s, size_t len, uint32_t *val)
{
	struct text_key key = text_key(s, len);
	unsigned mask = c->size - 1, was = c->last, i = c->e[was].after, k;

	if (recent_is(&c->e[was], key, s, len)) {
		*val = c->e[was].val;
		return true;
	}
	for (k = 0; k < c->size; k++, i = (i + 1) & mask) {
		if (recent_is(&c->e[i], key, s, len)) {
			*val = c->e[i].val;
			c->e[was].after = (uint8_t)i;
			c->last = i;
			return true;
		}
	}
	return false;
}

static void
recent_put(struct recent *c, const char *s, size_t len, uint32_t val)
{
	struct recent_text *e;

	if (len >= sizeof(e->buf))
		return;
	e = &c->e[c->next];
	c->e[c->last].after = (uint8_t)c->next;
	c->last = c->next;
	c->next = (c->next + 1) & (c->size - 1);
	memcpy(e->buf, s, len);
	e->len = (uint32_t)len;
	e->val = val;
	e->key = text_key(s, len);
}

/* Intern the len bytes at s in d's string table, remembering them in
 * cache slot k so that a repeat costs a memcmp. */
static int64_t
intern_cached(struct ingest *g, size_t k, const char *s, size_t len)
{
	struct recent *c = k < NCACHE ? &g->cache[k] : NULL;
	uint32_t v;
	int64_t id;

	if (c != NULL && recent_get(c, s, len, &v))
		return v;
	id = dy_strtab_intern(&g->d->str, s, len);
	if (id >= 0 && c != NULL)
		recent_put(c, s, len, (uint32_t)id);
	return id;
}

static const char *const status_name[DYAD_ROW_NSTATUS] = {
	"ok", "missing_score", "bad_number", "out_of_range", "unknown_measure",
	"bad_date", "duplicate", "repeated", "missing_field", "ragged",
	"malformed", "bad_text"
};

const char *
dyad_row_status_name(enum dyad_row_status s)
{
	return (unsigned)s < DYAD_ROW_NSTATUS ? status_name[s] : "unknown";
}

bool
dyad_row_status_is_error(enum dyad_row_status s)
{
	return s != DYAD_ROW_OK && s != DYAD_ROW_MISSING_SCORE &&
	    s != DYAD_ROW_REPEATED;
}

enum dyad_status
dyad_data_new(struct dyad_data **out, const struct dyad_catalog *cat,
    struct dyad_error *err)
{
	struct dyad_data *d = calloc(1, sizeof(*d));

	*out = NULL;
	if (d == NULL)
		return dy_nomem(err);
	d->cat = cat;
	d->sample_extra = -1;
	atomic_init(&d->spare, NULL);
	dy_strtab_init(&d->str);
	dy_strtab_init(&d->extra_names);
	*out = d;
	return DYAD_OK;
}

void
dyad_data_free(struct dyad_data *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nextra; i++) {
		free(d->extra[i].name);
		free(d->extra[i].val);
	}
	for (i = 0; i < d->nfile; i++)
		free(d->file[i]);
	free(d->extra);
	free(d->file);
	free(d->cases);
	if (!d->row_borrowed)
		free(d->row);
	free(d->dup);
	free(d->person);
	free(d->pmap);
	free(d->chead);
	free(d->ctx);
	free(d->cctx);
	dy_strtab_release(&d->str);
	dy_strtab_release(&d->extra_names);
	free(atomic_load(&d->spare));
	free(d);
}

void
dy_vissue(const struct dyad_read_opts *opts, const char *file, bool cases,
    size_t line, size_t field, enum dyad_row_status kind, bool warning,
    const char *fmt, va_list ap)
{
	struct dyad_issue is;
	char msg[512];

	if (opts->on_issue == NULL)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	is.file = file;
	is.line = line;
	is.field = field;
	is.kind = kind;
	is.warning = warning;
	is.msg = msg;
	is.cases = cases;
	opts->on_issue(&is, opts->ctx);
}

/* Report an issue through the caller's callback. */
void
dy_issue(struct ingest *g, size_t line, size_t field, enum dyad_row_status kind,
    bool warning, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dy_vissue(g->opts, g->name, g->cases, line, field, kind, warning, fmt,
	    ap);
	va_end(ap);
}

/* Rows of the extra columns for cap rows (the row array has them). */
int
dy_set_row_cap(struct dyad_data *d, size_t cap)
{
	size_t k;

	for (k = 0; k < d->nextra && cap > d->cap; k++) {
		uint32_t *v = realloc(d->extra[k].val, cap * sizeof(uint32_t));

		if (v == NULL)
			return -1;
		memset(v + d->cap, 0, (cap - d->cap) * sizeof(uint32_t));
		d->extra[k].val = v;
	}
	d->cap = cap;
	return 0;
}

int
dy_grow_rows_to(struct dyad_data *d, size_t need)
{
	size_t cap = d->cap;

	if (need <= d->cap)
		return 0;
	if (need >= UINT32_MAX - 1)
		return -1;      /* rows are numbered in 32 bits (chains, pairs) */
	/* the first half outgrew its part: the second half's rows move out */
	if (d->lent != NULL && dy_split_take_back(d))
		return -1;
	if (need <= d->cap)
		return 0;
	cap = d->cap;
	if (d->row_borrowed) {
		/* the second half outgrew its part: rows of its own from now */
		struct dy_row *own = NULL;

		if (dy_grow_lazy((void **)&own, &cap, need, sizeof(*own)))
			return -1;
		memcpy(own, d->row, d->n * sizeof(*own));
		d->row = own;
		d->row_borrowed = false;
	} else if (dy_grow_lazy((void **)&d->row, &cap, need,
	    sizeof(*d->row))) {
		return -1;
	}
	return dy_set_row_cap(d, cap);
}

/* Distinct texts (ids, labels) a large file is sized for, per row: the
 * exports seen have 0.16 (a child's 19 rows hold 3 ids); more only grow
 * the table as before.  Growing a table of a million slots costs both
 * threads of a split read 20-40 ms each (a rehash into fresh pages).  Not
 * more: the slots double at a power of two, and a table twice too large
 * is 8 MB more of fresh pages at 100,000 children. */
#define ROWS_PER_TEXT 5         /* 0.2 texts per row */

int
dy_reserve_texts(struct dyad_data *d, size_t n)
{
	return dy_strtab_reserve(&d->str, d->str.n + n / ROWS_PER_TEXT,
	    d->str.pool_len);
}

int
dy_reserve_rows(struct dyad_data *d, size_t n)
{
	if (n > d->cap && dy_grow_rows_to(d, n))
		return -1;
	return dy_reserve_texts(d, n);
}

static int
grow_rows(struct dyad_data *d)
{
	return d->n < d->cap ? 0 : dy_grow_rows_to(d, d->n + 1);
}

static void
set_status(struct dyad_data *d, struct dy_row *r, enum dyad_row_status s)
{
	d->count[r->status]--;
	d->count[s]++;
	r->status = (uint8_t)s;
	if (s != DYAD_ROW_OK && s != DYAD_ROW_MISSING_SCORE && !d->keep_scores)
		r->score = NAN;
}

/* The header of field f as the file writes it, printable, for messages. */
static const char *
col_show(const struct ingest *g, size_t f, char *buf, size_t len)
{
	const char *h = g->header[f];
	size_t n = strlen(h);

	while (n > 0 && (h[n - 1] == ' ' || h[n - 1] == '\t'))
		n--;
	while (n > 0 && (*h == ' ' || *h == '\t')) {
		h++;
		n--;
	}
	dy_show(buf, len, h, n);
	return buf;
}

/* An identifier field of a row, looked up in two steps so that the
 * string-table slots of a row's new ids are all asked for (prefetched)
 * before the first is needed: a new case brings a new child, caregiver and
 * family, each a cache miss in a large table, and these then overlap. */
struct id_look {
	const char *s;
	size_t len;
	bool known;             /* a recent row's: id is it */
	uint32_t id;
	uint64_t hash;          /* else the text's hash, its slot asked for */
};

static void
id_look(struct ingest *g, const struct dy_record *rec, enum canon c,
    struct id_look *x)
{
	long f = g->canon[c];
	const char *s;
	size_t len;

	x->known = true;
	x->id = 0;
	if (f < 0)
		return;
	s = rec->field[f];
	len = rec->len[f];
	while (!rec->trimmed && len > 0 && (s[len - 1] == ' ' ||
	    s[len - 1] == '\t'))
		len--;
	while (!rec->trimmed && len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	x->s = s;
	x->len = len;
	/* a recent row's id (checked when it was first seen) */
	if (recent_get(&g->cache[c], s, len, &x->id))
		return;
	x->known = false;
	x->hash = dy_strtab_prefetch(&g->d->str, s, len);
}

/* id_intern for a field that is not a recent row's. */
static int
id_intern_new(struct ingest *g, const struct dy_record *rec, enum canon c,
    const struct id_look *x, uint32_t *out, enum dyad_row_status *st)
{
	long f = g->canon[c];
	int64_t id;
	char show[64], col[64];

	*out = x->id;
	if (!dy_utf8_valid(x->s, x->len)) {
		if (*st == DYAD_ROW_OK) {
			dy_show(show, sizeof(show), x->s, x->len);
			*st = DYAD_ROW_BAD_TEXT;
			dy_issue(g, rec->line, (size_t)f + 1, DYAD_ROW_BAD_TEXT, false,
			    "column '%s': \"%s\" is not valid UTF-8 text",
			    col_show(g, (size_t)f, col, sizeof(col)), show);
		}
		return 0;
	}
	id = dy_strtab_intern_hashed(&g->d->str, x->s, x->len, x->hash);
	if (id < 0)
		return -1;
	recent_put(&g->cache[c], x->s, x->len, (uint32_t)id);
	*out = (uint32_t)id;
	return 0;
}

/* Intern an identifier field looked up by id_look, checking it is UTF-8
 * (a recent row's, most rows' ids, without a call). */
static inline int
id_intern(struct ingest *g, const struct dy_record *rec, enum canon c,
    const struct id_look *x, uint32_t *out, enum dyad_row_status *st)
{
	if (x->known) {
		*out = x->id;
		return 0;
	}
	return id_intern_new(g, rec, c, x, out, st);
}

/* Where an earlier row is, for messages: "line 7" or "other.csv:7". */
void
dy_where(const struct dyad_data *d, const struct dy_row *p,
    const struct dy_row *r, char *buf, size_t len)
{
	unsigned pf = d->ctx[p->ctx].file;
	char show[64];

	if (d->lines_from_cut) {        /* one file, of lines */
		snprintf(buf, len, "line " DY_LINE_MARK "%u" DY_LINE_MARK,
		    (unsigned)p->line);
	} else if (pf == d->ctx[r->ctx].file) {
		snprintf(buf, len, "%s %u", d->cases[pf] ? "case" : "line",
		    (unsigned)p->line);
	} else {
		dy_show(show, sizeof(show), d->file[pf], strlen(d->file[pf]));
		snprintf(buf, len, d->cases[pf] ? "%s, case %u" : "%s:%u", show,
		    (unsigned)p->line);
	}
}

/* The catalog index of measure text m, or -1.  Each distinct text is looked
 * up in the catalog once per file: a million rows repeat a few codes. */
static int
measure_of(struct ingest *g, const char *m, size_t mlen, int32_t *out)
{
	int64_t id;
	size_t had = g->mcode_cap;
	char code[128];

	uint32_t v;

	if (recent_get(&g->cache[C_MEASURE], m, mlen, &v)) {
		*out = (int32_t)v;              /* as in a recent row */
		return 0;
	}
	id = dy_strtab_intern(&g->mcode, m, mlen);
	if (id < 0 || dy_grow((void **)&g->mcode_idx, &g->mcode_cap,
	    (size_t)id + 1, sizeof(int32_t)))
		return -1;
	if (g->mcode_cap > had)
		memset(g->mcode_idx + had, 0, (g->mcode_cap - had) *
		    sizeof(int32_t));
	if (g->mcode_idx[id] == 0) {    /* stored as index + 2; 0: not yet */
		g->mcode_idx[id] = 1;
		if (mlen < sizeof(code)) {
			memcpy(code, m, mlen);
			code[mlen] = '\0';
			g->mcode_idx[id] = (int32_t)dyad_catalog_find(g->d->cat,
			    code) + 2;
		}
	}
	*out = g->mcode_idx[id] - 2;
	recent_put(&g->cache[C_MEASURE], m, mlen, (uint32_t)*out);
	return 0;
}

/* One score to check and store: a long row, or one cell of a wide row. */
/* What the rows of one record share. */
struct row_base {
	struct dy_ctx key;      /* ids and file */
	uint32_t line;
	int32_t date;
};

struct score_cell {
	int32_t measure;        /* catalog index, or -1 */
	const char *mtext;      /* the measure as written, when unknown */
	size_t mlen;
	size_t mfield;          /* 1-based field of the measure, or 0 */
	uint32_t tp;            /* timepoint id */
	const char *stext;      /* the score as written */
	size_t slen;
	size_t sfield;          /* 1-based field of the score */
};

/* Check a score against the catalog range; 0 when it fits, else the issue
 * has been reported. */
static int
check_range(struct ingest *g, const struct dy_record *rec,
    const struct dyad_instrument *in, const struct score_cell *sc, double v)
{
	char show[64], lo[40], hi[40], col[64];
	bool has_lo = !isnan(in->min), has_hi = !isnan(in->max);

	if ((has_lo && v < in->min) || (has_hi && v > in->max)) {
		/* words only for the rare bad score: formatting is not cheap */
		dy_show(show, sizeof(show), sc->stext, sc->slen);
		col_show(g, sc->sfield - 1, col, sizeof(col));
		if (has_lo && dyad_num_format(lo, sizeof(lo), in->min) < 0)
			has_lo = false;
		if (has_hi && dyad_num_format(hi, sizeof(hi), in->max) < 0)
			has_hi = false;
		if (has_lo && has_hi)
			dy_issue(g, rec->line, sc->sfield, DYAD_ROW_OUT_OF_RANGE,
			    false, "column '%s': %s is outside the range %s..%s "
			    "of %s", col, show, lo, hi, in->code);
		else if (has_lo)
			dy_issue(g, rec->line, sc->sfield, DYAD_ROW_OUT_OF_RANGE,
			    false, "column '%s': %s is below the minimum %s of "
			    "%s", col, show, lo, in->code);
		else
			dy_issue(g, rec->line, sc->sfield, DYAD_ROW_OUT_OF_RANGE,
			    false, "column '%s': %s is above the maximum %s of "
			    "%s", col, show, hi, in->code);
		return 1;
	}
	if (in->transform == DYAD_TRANSFORM_LOG && v <= 0) {
		dy_show(show, sizeof(show), sc->stext, sc->slen);
		col_show(g, sc->sfield - 1, col, sizeof(col));
		dy_issue(g, rec->line, sc->sfield, DYAD_ROW_OUT_OF_RANGE, false,
		    "column '%s': %s is not positive, but %s is analysed on a "
		    "log scale", col, show, in->code);
		return 1;
	}
	return 0;
}

/* A usable score whose key (child, caregiver, measure, timepoint) was seen
 * before: an exact repeat counts once, a different score excludes both. */
void
dy_check_dup(struct ingest *g, size_t line, size_t i, struct dy_row *p,
    size_t sfield)
{
	struct dyad_data *d = g->d;
	struct dy_row *r = &d->row[i];
	char at[120], a[40], b[40];
	double v = r->score;

	dy_where(d, p, r, at, sizeof(at));
	if (p->status == DYAD_ROW_DUPLICATE) {
		/* its score is gone: the key is already in conflict */
		set_status(d, r, DYAD_ROW_DUPLICATE);
		dy_issue(g, line, sfield, DYAD_ROW_DUPLICATE, false,
		    "another score for the same child, caregiver, measure and "
		    "timepoint as %s, which is already excluded as a "
		    "duplicate; excluded too", at);
	} else if (p->score == v) {
		set_status(d, r, DYAD_ROW_REPEATED);
		dy_issue(g, line, 0, DYAD_ROW_REPEATED, true,
		    "repeats %s (same child, caregiver, measure, timepoint and "
		    "score); counted once", at);
	} else {
		dyad_num_format(a, sizeof(a), p->score);
		dyad_num_format(b, sizeof(b), v);
		set_status(d, r, DYAD_ROW_DUPLICATE);
		set_status(d, p, DYAD_ROW_DUPLICATE);
		dy_issue(g, line, sfield, DYAD_ROW_DUPLICATE, false,
		    "duplicate of %s (same child, caregiver, measure and "
		    "timepoint) with a different score (%s, was %s); both "
		    "excluded", at, b, a);
	}
}

/* Check and store one score. */
static int
add_row(struct ingest *g, const struct dy_record *rec,
    const struct row_base *base, enum dyad_row_status st,
    const struct score_cell *sc)
{
	struct dyad_data *d = g->d;
	const struct dyad_instrument *in = NULL;
	struct dy_row *r;
	char show[64], col[64];
	double v = NAN;
	size_t k, i;
	long prev, ctx;

	if (grow_rows(d) || (ctx = dy_ctx_of(d, &base->key)) < 0)
		return -1;
	i = d->n;
	r = &d->row[d->n++];
	r->ctx = (uint32_t)ctx;
	r->timepoint = sc->tp;
	r->date = base->date;
	r->line = base->line;
	r->prev = 0;
	r->measure = (int16_t)sc->measure;      /* the catalog's limit */
	r->status = DYAD_ROW_OK;
	r->checked = ROW_UNCHECKED;
	r->score = NAN;
	d->count[DYAD_ROW_OK]++;
	for (k = 0; k < d->nextra; k++)
		d->extra[k].val[i] = 0;
	for (k = g->xfrom; k < g->xto && k < rec->n; k++) {
		int64_t id;

		if (g->extra_of[k] < 0)
			continue;
		id = intern_cached(g, C_EXTRA + (size_t)g->extra_of[k], rec->field[k],
		    rec->len[k]);
		if (id < 0)
			return -1;
		d->extra[g->extra_of[k]].val[i] = (uint32_t)id;
	}
	if (st != DYAD_ROW_OK) {
		set_status(d, r, st);
		return 0;
	}
	if (sc->measure < 0) {
		char code[128];
		const char *sug;

		/* suggest from at most 127 bytes; show what the file says */
		snprintf(code, sizeof(code), "%.*s", (int)(sc->mlen < 127 ?
		    sc->mlen : 127), sc->mtext);
		sug = dyad_catalog_suggest(d->cat, code);
		dy_show(show, sizeof(show), sc->mtext, sc->mlen);
		set_status(d, r, DYAD_ROW_UNKNOWN_MEASURE);
		dy_issue(g, rec->line, sc->mfield, DYAD_ROW_UNKNOWN_MEASURE, false,
		    "column '%s': unknown measure \"%s\"%s%s%s",
		    col_show(g, sc->mfield - 1, col, sizeof(col)), show,
		    sug ? " (did you mean \"" : "", sug ? sug : "",
		    sug ? "\"?)" : " (see dyad instruments)");
		return 0;
	}
	in = dyad_catalog_at(d->cat, (size_t)sc->measure);
	switch (dyad_num_parse(sc->stext, sc->slen, g->opts->decimal_comma,
	    &v)) {
	case DYAD_NUM_OK:
		break;
	case DYAD_NUM_MISSING:
		set_status(d, r, DYAD_ROW_MISSING_SCORE);
		return 0;
	case DYAD_NUM_RANGE:
		dy_show(show, sizeof(show), sc->stext, sc->slen);
		col_show(g, sc->sfield - 1, col, sizeof(col));
		set_status(d, r, DYAD_ROW_BAD_NUMBER);
		dy_issue(g, rec->line, sc->sfield, DYAD_ROW_BAD_NUMBER, false,
		    "column '%s': \"%s\" is too large to be a score", col,
		    show);
		return 0;
	default:
		dy_show(show, sizeof(show), sc->stext, sc->slen);
		col_show(g, sc->sfield - 1, col, sizeof(col));
		set_status(d, r, DYAD_ROW_BAD_NUMBER);
		dy_issue(g, rec->line, sc->sfield, DYAD_ROW_BAD_NUMBER, false,
		    "column '%s': \"%s\" is not a number%s", col, show,
		    !g->opts->decimal_comma &&
		    memchr(sc->stext, ',', sc->slen) ?
		    " (use --decimal-comma for 12,5)" :
		    g->opts->decimal_comma && memchr(sc->stext, '.', sc->slen) ?
		    " (--decimal-comma reads 12,5, not 12.5)" : "");
		return 0;
	}
	if (check_range(g, rec, in, sc, v)) {
		set_status(d, r, DYAD_ROW_OUT_OF_RANGE);
		return 0;
	}
	r->score = v;
	prev = dy_dup_check(d, i);
	if (prev < 0)
		return -1;
	if (prev > 0)
		dy_check_dup(g, rec->line, i, &d->row[prev - 1], sc->sfield);
	return 0;
}

/* One record of `dyad change` output: its pre and its post score as two
 * rows, at pre_timepoint/post_timepoint (default intake and discharge)
 * and pre_date/post_date when the columns are there. */
static int
pair_rows(struct ingest *g, const struct dy_record *rec,
    const struct row_base *base, enum dyad_row_status st, const char *m,
    size_t mlen)
{
	static const char *const dflt[2] = { "intake", "discharge" };
	struct score_cell sc;
	struct row_base b;
	char tpbuf[256], *tp;
	int64_t id;
	long f;
	int k;

	for (k = 0; k < 2; k++) {
		b = *base;
		f = g->pair_col[2 + k];
		tp = f >= 0 && rec->len[f] > 0 ?
		    dy_norm_field(tpbuf, sizeof(tpbuf), rec->field[f], rec->len[f]) :
		    dy_norm_field(tpbuf, sizeof(tpbuf), dflt[k], strlen(dflt[k]));
		if (tp == NULL)
			return -1;
		id = intern_cached(g, K_TIMEPOINT, tp, strlen(tp));
		if (tp != tpbuf)
			free(tp);
		f = g->pair_col[4 + k];
		if (f >= 0 && rec->len[f] > 0) {
			long days;

			if (dyad_date_parse(rec->field[f], rec->len[f], &days) == 0)
				b.date = (int32_t)days;
		}
		memset(&sc, 0, sizeof(sc));
		if (id < 0 || measure_of(g, m, mlen, &sc.measure))
			return -1;
		sc.mtext = m;
		sc.mlen = mlen;
		sc.mfield = (size_t)g->canon[K_MEASURE] + 1;
		sc.tp = (uint32_t)id;
		f = g->pair_col[k];
		sc.stext = rec->field[f];
		sc.slen = rec->len[f];
		sc.sfield = (size_t)f + 1;
		if (add_row(g, rec, &b, st, &sc))
			return -1;
	}
	return 0;
}

static int
do_row(struct ingest *g, const struct dy_record *rec)
{
	struct id_look ids[4];
	struct row_base base;
	struct score_cell sc;
	enum dyad_row_status st = DYAD_ROW_OK;
	size_t i;
	long f;
	int64_t id;
	char show[64], col[64];
	bool same_ids = g->key_ok && g->same_need > 0 &&
	    rec->same >= g->same_need;

	g->key_ok = false;
	memset(&base, 0, sizeof(base));
	memset(&sc, 0, sizeof(sc));
	sc.measure = -1;
	base.line = rec->line > UINT32_MAX ? UINT32_MAX : (uint32_t)rec->line;
	base.key.file = g->file;
	base.date = DYAD_NO_DATE;
	g->records++;

	if (rec->bad != NULL) {
		st = DYAD_ROW_MALFORMED;
		dy_issue(g, rec->line, 0, st, false, "%s", rec->bad);
	} else if (rec->n != g->nfields) {
		st = DYAD_ROW_RAGGED;
		dy_issue(g, rec->line, 0, st, false,
		    "row has %zu field%s but the header has %zu", rec->n,
		    rec->n == 1 ? "" : "s", g->nfields);
	}
	if (st != DYAD_ROW_OK) {
		/* Keep one row for the record so that the flow adds up. */
		return add_row(g, rec, &base, st, &sc) ? -1 : 0;
	}
	if (same_ids) {
		base.key = g->last_key;         /* the same id fields */
	} else {
		for (i = 0; i < 4; i++)
			id_look(g, rec, (enum canon)(K_CHILD + i), &ids[i]);
		if (id_intern(g, rec, K_CHILD, &ids[0], &base.key.child, &st) ||
		    id_intern(g, rec, K_CAREGIVER, &ids[1], &base.key.caregiver,
		    &st) ||
		    id_intern(g, rec, K_FAMILY, &ids[2], &base.key.family, &st) ||
		    id_intern(g, rec, K_SITE, &ids[3], &base.key.site, &st))
			return -1;
		if (st == DYAD_ROW_OK && base.key.child == 0) {
			st = DYAD_ROW_MISSING_FIELD;
			dy_issue(g, rec->line, (size_t)g->canon[K_CHILD] + 1, st,
			    false, "column '%s' is empty", col_show(g,
			    (size_t)g->canon[K_CHILD], col, sizeof(col)));
		}
	}
	if (st == DYAD_ROW_OK) {
		g->last_key = base.key;
		g->key_ok = true;
	}
	f = g->canon[K_DATE];
	if (st == DYAD_ROW_OK && f >= 0 && rec->len[f] > 0) {
		long days;
		int r;

		uint32_t v;

		/* rows of one assessment share its date: parse it once */
		if (recent_get(&g->cache[C_DATE], rec->field[f], rec->len[f], &v)) {
			days = (int32_t)v;
			r = 0;
		} else {
			r = dyad_date_parse(rec->field[f], rec->len[f], &days);
			if (r == 0 && days >= INT32_MIN + 1 && days <= INT32_MAX)
				recent_put(&g->cache[C_DATE], rec->field[f],
				    rec->len[f], (uint32_t)(int32_t)days);
		}

		if (r == 0 && days >= INT32_MIN + 1 && days <= INT32_MAX) {
			base.date = (int32_t)days;
		} else {
			dy_show(show, sizeof(show), rec->field[f], rec->len[f]);
			st = DYAD_ROW_BAD_DATE;
			dy_issue(g, rec->line, (size_t)f + 1, st, false, r == -2 ?
			    "column '%s': \"%s\" is not a real calendar date" :
			    "column '%s': \"%s\" is not a date (YYYY-MM-DD)",
			    col_show(g, (size_t)f, col, sizeof(col)), show);
		}
	}
	if (g->opts->wide) {
		for (i = 0; i < g->nwide; i++) {
			size_t wf = g->wide[i].field;

			sc.measure = g->wide[i].measure;
			sc.tp = g->wide[i].timepoint;
			sc.stext = rec->field[wf];
			sc.slen = rec->len[wf];
			sc.sfield = wf + 1;
			if (add_row(g, rec, &base, st, &sc))
				return -1;
		}
		return 0;
	}
	{
		long mf = g->canon[K_MEASURE], tf = g->canon[K_TIMEPOINT];
		long sf = g->canon[K_SCORE];
		const char *m = rec->field[mf];
		size_t mlen = rec->len[mf];
		char tpbuf[256], *tp;
		uint32_t tpid;

		while (!rec->trimmed && mlen > 0 && (m[mlen - 1] == ' ' ||
		    m[mlen - 1] == '\t'))
			mlen--;
		while (!rec->trimmed && mlen > 0 && (*m == ' ' || *m == '\t')) {
			m++;
			mlen--;
		}
		if (g->pairs)
			return pair_rows(g, rec, &base, st, m, mlen);
		if (recent_get(&g->cache[K_TIMEPOINT], rec->field[tf],
		    rec->len[tf], &tpid)) {
			/* as in a recent row: known to be good text */
			if (st == DYAD_ROW_OK && mlen == 0) {
				st = DYAD_ROW_MISSING_FIELD;
				dy_issue(g, rec->line, (size_t)mf + 1, st, false,
				    "column '%s' is empty",
				    col_show(g, (size_t)mf, col, sizeof(col)));
			}
			id = tpid;
		} else {
			size_t tlen;
			bool tp_ok;

			tp = dy_norm_field(tpbuf, sizeof(tpbuf), rec->field[tf],
			    rec->len[tf]);
			if (tp == NULL)
				return -1;
			tlen = strlen(tp);
			tp_ok = tlen > 0 && dy_utf8_valid(tp, tlen);
			if (st == DYAD_ROW_OK && tlen == 0) {
				st = DYAD_ROW_MISSING_FIELD;
				dy_issue(g, rec->line, (size_t)tf + 1, st, false,
				    "column '%s' is empty",
				    col_show(g, (size_t)tf, col, sizeof(col)));
			}
			if (st == DYAD_ROW_OK && mlen == 0) {
				st = DYAD_ROW_MISSING_FIELD;
				dy_issue(g, rec->line, (size_t)mf + 1, st, false,
				    "column '%s' is empty",
				    col_show(g, (size_t)mf, col, sizeof(col)));
			}
			if (st == DYAD_ROW_OK && tlen > 0 && !tp_ok) {
				st = DYAD_ROW_BAD_TEXT;
				dy_show(show, sizeof(show), tp, tlen);
				dy_issue(g, rec->line, (size_t)tf + 1, st, false,
				    "column '%s': \"%s\" is not valid UTF-8 text",
				    col_show(g, (size_t)tf, col, sizeof(col)), show);
			}
			id = dy_strtab_intern(&g->d->str, tp, tlen);
			if (tp != tpbuf)
				free(tp);
			if (id < 0)
				return -1;
			if (tp_ok)
				recent_put(&g->cache[K_TIMEPOINT], rec->field[tf],
				    rec->len[tf], (uint32_t)id);
		}
		if (measure_of(g, m, mlen, &sc.measure))
			return -1;
		sc.mtext = m;
		sc.mlen = mlen;
		sc.mfield = (size_t)mf + 1;
		sc.tp = (uint32_t)id;
		sc.stext = rec->field[sf];
		sc.slen = rec->len[sf];
		sc.sfield = (size_t)sf + 1;
		return add_row(g, rec, &base, st, &sc) ? -1 : 0;
	}
}



/* Bytes read, for the caller's progress display.  When the second half
 * is read by the other thread at the same pace, this thread's bytes stand
 * for twice as many. */
static void
read_progress(size_t done, void *ctx)
{
	const struct ingest *g = ctx;
	unsigned long long d = done;

	if (g->half != NULL && g->half->mid > g->half->start)
		d = d * (unsigned long long)(g->half->end - g->half->start) /
		    (unsigned long long)(g->half->mid - g->half->start);
	if (g->total > 0 && d > g->total)
		d = g->total;
	g->opts->on_progress(d, g->total, g->opts->ctx);
}

int
dy_ingest_record(const struct dy_record *rec, void *ctx)
{
	struct ingest *g = ctx;

	if (!g->have_header) {
		int r = dy_ingest_header(g, rec);

		return g->worker ? dy_split_header(g, r) : r;
	}
	if (g->worker && dy_split_cancelled(g))
		return 1;
	if (do_row(g, rec)) {
		g->st = dy_nomem(g->err);
		return 1;
	}
	return 0;
}

/* What an ingest holds for one file. */
void
dy_ingest_release(struct ingest *g)
{
	size_t i;

	for (i = 0; g->header != NULL && i < g->nfields; i++)
		free(g->header[i]);
	free(g->header);
	free(g->extra_of);
	free(g->wide);
	free(g->mcode_idx);
	dy_strtab_release(&g->mcode);
}

/* SPSS/Stata/SAS: every field but a score takes its value label. */
static bool
label_field(size_t f, void *ctx)
{
	const struct ingest *g = ctx;
	size_t i;

	for (i = 0; g->opts->wide && i < g->nwide; i++)
		if (g->wide[i].field == f)
			return false;
	return g->opts->wide || (long)f != g->canon[K_SCORE];
}

/* Size the rows for a regular file once, from its length (see
 * dy_rows_in); other input grows the rows as it comes. */
static void
reserve_file_rows(struct dyad_data *d, FILE *in)
{
	struct stat sb;
	off_t at = ftello(in);

	if (at >= 0 && fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size - at >= ((off_t)4 << 20))
		(void)dy_reserve_rows(d, d->n + dy_rows_in(fileno(in), at,
		    sb.st_size));
}

/* Read one file, CSV from 'in' or a statistics package's file at path. */
static enum dyad_status
read_file(struct dyad_data *d, FILE *in, const char *path,
    enum dyad_input_format fmt, const char *name,
    const struct dyad_read_opts *opts, struct half *h,
    struct dyad_error *err)
{
	struct dyad_read_opts defaults;
	struct dy_csv_opts copts;
	struct ingest g;
	enum dyad_status st;

	if (opts == NULL) {
		memset(&defaults, 0, sizeof(defaults));
		opts = &defaults;
	}
	st = dy_check_col_map(opts, err);
	if (st != DYAD_OK)
		return st;
	if (d->nfile >= UINT16_MAX)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "too many input files");
	if (dy_grow((void **)&d->file, &d->capfile, d->nfile + 1, sizeof(char *)))
		return dy_nomem(err);
	{
		unsigned char *c = realloc(d->cases, d->capfile);

		if (c == NULL)
			return dy_nomem(err);
		d->cases = c;
		d->cases[d->nfile] = fmt != DYAD_INPUT_CSV;
	}
	d->file[d->nfile] = dy_strdup(name);
	if (d->file[d->nfile] == NULL)
		return dy_nomem(err);
	memset(&g, 0, sizeof(g));
	g.d = d;
	g.opts = opts;
	g.name = name;
	g.file = (uint16_t)d->nfile++;
	g.err = err;
	dy_strtab_init(&g.mcode);
	dy_recent_init(g.cache, NCACHE);
	copts.delim = opts->delimiter ? opts->delimiter :
	    opts->decimal_comma ? ';' : ',';
	copts.max_field = 0;
	copts.chunk = 0;
	copts.libcsv_only = 0;
	copts.limit = 0;
	copts.at_limit = NULL;
	copts.range_end = NULL;
	copts.progress = NULL;
	copts.same_fields = &g.same_need;
	if (opts->on_progress != NULL && in != NULL) {
		struct stat sb;

		g.total = fstat(fileno(in), &sb) == 0 && S_ISREG(sb.st_mode) &&
		    ftello(in) >= 0 && sb.st_size > ftello(in) ?
		    (unsigned long long)(sb.st_size - ftello(in)) : 0;
		copts.progress = read_progress;
	}
	if (h != NULL) {
		/* the first half; the second is being read meanwhile */
		copts.limit = (size_t)(h->mid - h->start);
		copts.at_limit = dy_split_at_limit;
		g.half = h;
	}
	g.cases = fmt != DYAD_INPUT_CSV;
	if (h == NULL && fmt == DYAD_INPUT_CSV && !opts->wide)
		reserve_file_rows(d, in);
	if (fmt == DYAD_INPUT_CSV)
		st = dy_csv_read(in, NULL, 0, &copts, dy_ingest_record, &g, err);
	else
		st = dy_stat_read(path, fmt, dy_ingest_record, label_field, &g, err);
	if (st == DYAD_OK)
		st = g.st;
	if (h != NULL)
		st = dy_split_join(&g, st, err);
	/* line 0: these are about the whole file, not one of its lines */
	if (st == DYAD_OK && !g.have_header)
		st = dy_fail(err, DYAD_EDATA, 0, 0,
		    "the file is empty (no header row)");
	if (st == DYAD_OK && g.records == 0)
		st = dy_fail(err, DYAD_EDATA, 0, 0,
		    "the file has a header but no data rows");
	dy_ingest_release(&g);
	return st;
}

enum dyad_status
dyad_data_read(struct dyad_data *d, FILE *in, const char *name,
    const struct dyad_read_opts *opts, struct dyad_error *err)
{
	struct half *h = NULL;
	enum dyad_status st;

	if (dy_split_start(&h, d, in, name, opts) < 0)
		return dy_nomem(err);
	st = read_file(d, in, NULL, DYAD_INPUT_CSV, name, opts, h, err);
	dy_split_free(h, d);
	return st;
}

enum dyad_status
dyad_data_read_stat(struct dyad_data *d, const char *path, const char *name,
    enum dyad_input_format fmt, const struct dyad_read_opts *opts,
    struct dyad_error *err)
{
	if (fmt == DYAD_INPUT_CSV)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "dyad_data_read_stat: "
		    "read CSV with dyad_data_read");
	return read_file(d, NULL, path, fmt, name, opts, NULL, err);
}

size_t
dyad_data_rows(const struct dyad_data *d)
{
	return d->n;
}

void
dy_row_view(const struct dyad_data *d, const struct dy_row *r,
    struct dyad_row *out)
{
	const struct dy_ctx *c = &d->ctx[r->ctx];

	out->child = c->child;
	out->caregiver = c->caregiver;
	out->family = c->family;
	out->site = c->site;
	out->timepoint = r->timepoint;
	out->measure = r->measure;
	out->date = r->date;
	out->line = r->line;
	out->person = r->checked == ROW_CHAINED ? c->person : DYAD_NO_PERSON;
	out->file = c->file;
	out->status = r->status;
	out->pad_ = 0;
	out->score = r->score;
}

bool
dyad_data_row(const struct dyad_data *d, size_t i, struct dyad_row *out)
{
	if (i >= d->n)
		return false;
	dy_row_view(d, &d->row[i], out);
	return true;
}

const struct dy_row *
dy_data_rows(const struct dyad_data *d)
{
	return d->row;
}

struct dy_pair *
dy_data_take_spare(const struct dyad_data *d, size_t n)
{
	/* d is a caller's const only: the spare is an atomic handed out once */
	struct dyad_data *w = (struct dyad_data *)d;

	if (n > d->nspare || atomic_load(&w->spare) == NULL)
		return NULL;
	return atomic_exchange(&w->spare, NULL);
}

const struct dy_ctx *
dy_data_ctxs(const struct dyad_data *d)
{
	return d->ctx;
}

size_t
dyad_data_count(const struct dyad_data *d, enum dyad_row_status s)
{
	return (unsigned)s < DYAD_ROW_NSTATUS ? d->count[s] : 0;
}

const char *
dyad_data_str(const struct dyad_data *d, uint32_t id)
{
	return dy_strtab_str(&d->str, id);
}

const char *
dyad_data_file(const struct dyad_data *d, size_t i)
{
	return i < d->nfile ? d->file[i] : "";
}

size_t
dyad_data_extra_count(const struct dyad_data *d)
{
	return d->nextra;
}

const char *
dyad_data_extra_name(const struct dyad_data *d, size_t k)
{
	return k < d->nextra ? d->extra[k].name : NULL;
}

uint32_t
dyad_data_extra(const struct dyad_data *d, size_t row, size_t k)
{
	return k < d->nextra && row < d->n ? d->extra[k].val[row] : 0;
}

const struct dyad_catalog *
dyad_data_catalog(const struct dyad_data *d)
{
	return d->cat;
}

bool
dyad_data_date_range(const struct dyad_data *d, long *first, long *last)
{
	bool any = false;
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct dy_row *r = &d->row[i];

		if (r->status != DYAD_ROW_OK || r->date == DYAD_NO_DATE)
			continue;
		if (!any || r->date < *first)
			*first = r->date;
		if (!any || r->date > *last)
			*last = r->date;
		any = true;
	}
	return any;
}

int64_t
dyad_data_lookup(const struct dyad_data *d, const char *s)
{
	return dy_strtab_lookup(&d->str, s, strlen(s));
}

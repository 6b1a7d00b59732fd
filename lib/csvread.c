/* csvread.c - drive libcsv over a stream and hand out whole records with
 * the physical line each starts on (libcsv itself does not count lines).
 *
 * Input goes to libcsv one physical line at a time (a line split across
 * reads goes in several pieces), so the reader always knows the line it is
 * on from the raw bytes: nothing depends on what libcsv skipped (blanks,
 * empty lines, line breaks inside quotes) or on where a read ended. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "csvread.h"
#include "internal.h"

#define CHUNK 65536     /* default read size; longest piece fed at once */
#define CSV_OPTIONS (CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI)

struct reader {
	struct csv_parser p;
	unsigned char delim;
	int fast;               /* lines without quotes skip libcsv */
	size_t max_field;
	dy_record_fn fn;
	void *ctx;

	char *bytes;            /* field bytes of the record being built */
	size_t nbytes, capbytes;
	size_t *off, *len;      /* per field offset into bytes, and length */
	size_t nf, capf;
	char **ptr;             /* handed to the callback */
	size_t capptr;
	size_t nseen;           /* fields of this record so far, kept or not */

	size_t line;            /* physical line of the next byte fed */
	size_t row_line;        /* line a record starting now starts on */
	size_t rec_line;        /* line where the current record started */
	int in_record;          /* a field has been seen since the last end */
	int ended;              /* libcsv ended a row or skipped a line break */
	int prev_cr;            /* the last byte fed was '\r' (CR LF may be
	                         * split between two reads) */
	int skipping;           /* after a parse error: drop the rest of the
	                         * line */
	char why[160];          /* why the record is bad; "" when fine */
	/* Fast path: the first same_k fields of the last record, when it came
	 * from a quote-free line: raw (pfx, pfx_len bytes, up to and with the
	 * delimiter after them; 0: none kept) and trimmed, NUL-ended, in
	 * pfx_txt.  A line that starts with the same bytes has the same
	 * fields, handed out from pfx_txt without splitting them again. */
	const size_t *want_same;
	size_t same_k, pfx_len;
	char pfx[256], pfx_txt[256 + DY_SAME_MAX];
	char *pfx_ptr[DY_SAME_MAX];
	size_t pfx_flen[DY_SAME_MAX];
	size_t same_tries, same_hits;
	int same_off;           /* too few lines matched: stopped trying */
	int stop;
	int nomem;
};

/* Room for n fields in ptr and len (0); -1: no memory, and the read
 * stops. */
static int
grow_fields(struct reader *r, size_t n)
{
	size_t *nl;
	char **np;

	if ((nl = realloc(r->len, n * sizeof(size_t))) == NULL) {
		r->nomem = r->stop = 1;
		return -1;
	}
	r->len = nl;
	if ((np = realloc(r->ptr, n * sizeof(char *))) == NULL) {
		r->nomem = r->stop = 1;
		return -1;
	}
	r->ptr = np;
	r->capptr = n;
	return 0;
}

/* The current record is bad; the first reason given is kept. */
static void set_bad(struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
set_bad(struct reader *r, const char *fmt, ...)
{
	va_list ap;

	if (r->why[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
}

static void
start_record(struct reader *r)
{
	if (!r->in_record) {
		r->in_record = 1;
		r->rec_line = r->row_line;
	}
}

static void
too_long(struct reader *r, size_t field)
{
	set_bad(r, "field %zu is longer than the limit of %zu bytes", field,
	    r->max_field);
}

static void
on_field(void *s, size_t n, void *data)
{
	struct reader *r = data;

	start_record(r);
	r->nseen++;
	if (r->why[0] != '\0' || r->stop)
		return;
	if (n > r->max_field) {
		too_long(r, r->nseen);
		return;
	}
	/* capacity tests inline: this runs for every field of every row */
	if ((r->nbytes + n + 1 > r->capbytes && dy_grow((void **)&r->bytes,
	    &r->capbytes, r->nbytes + n + 1, 1)) || (r->nf + 1 > r->capf &&
	    dy_grow((void **)&r->off, &r->capf, r->nf + 1, sizeof(size_t)))) {
		r->nomem = 1;
		r->stop = 1;
		return;
	}
	if (r->capptr < r->capf && grow_fields(r, r->capf))
		return;
	if (n > 0)
		memcpy(r->bytes + r->nbytes, s, n);
	r->bytes[r->nbytes + n] = '\0';
	r->off[r->nf] = r->nbytes;
	r->len[r->nf] = n;
	r->nf++;
	r->nbytes += n + 1;
}

static void
emit(struct reader *r)
{
	struct dy_record rec;
	size_t i;

	rec.line = r->rec_line;
	rec.trimmed = 0;
	rec.same = 0;
	r->pfx_len = 0;         /* the next line is compared with this one */
	rec.bad = r->why[0] != '\0' ? r->why : NULL;
	rec.n = rec.bad != NULL ? 0 : r->nf;
	for (i = 0; i < rec.n; i++)
		r->ptr[i] = r->bytes + r->off[i];
	rec.field = r->ptr;
	rec.len = r->len;
	if (!r->stop && r->fn(&rec, r->ctx) != 0)
		r->stop = 1;
	r->nf = 0;
	r->nseen = 0;
	r->nbytes = 0;
	r->why[0] = '\0';
	r->in_record = 0;
}

/* libcsv ends a row at an unquoted CR or LF, and with CSV_REPALL_NL also
 * reports every line break between rows: either way the parser now stands
 * between records. */
static void
on_record(int c, void *data)
{
	struct reader *r = data;

	(void)c;
	r->ended = 1;
	if (r->in_record)
		emit(r);
}

static void
start_parser(struct reader *r)
{
	csv_init(&r->p, CSV_OPTIONS);
	csv_set_delim(&r->p, r->delim);
	csv_set_blk_size(&r->p, 4096);
}

/* Is the field libcsv is collecting too long already?  Its final length is
 * at least entry_pos less the trailing blanks (spaces) and a closing quote
 * that csv_parse strips when the field ends; judging by that bound (which
 * only grows as bytes come) keeps the verdict independent of where reads
 * end: a field that ends within the limit is never called too long. */
static int
over_limit(const struct reader *r)
{
	size_t drop = r->p.spaces + 1;

	return r->p.entry_pos > drop && r->p.entry_pos - drop > r->max_field;
}

/* A strict-mode parse error: report the record as bad, restart the parser
 * and skip the rest of the physical line. */
static void
parse_error(struct reader *r)
{
	start_record(r);
	/* The field in progress may already be over the limit: say so, as
	 * check_field would have if the read had ended before this byte, so
	 * that the message never depends on where a read ends. */
	if (over_limit(r))
		too_long(r, r->nseen + 1);
	if (r->p.quoted)
		set_bad(r, "field %zu: text after the closing quote (a quote "
		    "inside a quoted field must be doubled)", r->nseen + 1);
	else
		set_bad(r, "field %zu: a quote inside an unquoted field (put "
		    "the field in quotes and double the quote inside)",
		    r->nseen + 1);
	emit(r);
	csv_free(&r->p);
	start_parser(r);
	r->skipping = 1;
}

/* libcsv collects a field in entry_buf until the field ends.  A field over
 * the limit marks its record bad and loses its middle here, so that a 10 MB
 * field costs no more memory than the limit.  The struct is public (csv.h)
 * and csv_parse reloads entry_pos and spaces on every call; the last
 * spaces + 1 bytes stay because csv_parse strips them (trailing blanks, a
 * closing quote) when the field ends.  The buffer grows by blk_size bytes
 * at a time: keep that in step with its size so that growth is geometric. */
static void
check_field(struct reader *r)
{
	size_t keep, drop, size;

	if (over_limit(r)) {
		start_record(r);
		too_long(r, r->nseen + 1);
		keep = r->p.spaces + 1;
		if (keep > r->p.entry_pos)
			keep = r->p.entry_pos;
		memmove(r->p.entry_buf, r->p.entry_buf + r->p.entry_pos - keep,
		    keep);
		r->p.entry_pos = keep;
	} else if (r->p.spaces > r->max_field + 1) {
		/* A long run of trailing blanks: dropped if the field ends
		 * here, and the field is too long if anything else follows;
		 * max_field + 1 of them tell as much as all of them. */
		drop = r->p.spaces - (r->max_field + 1);
		r->p.entry_pos -= drop;
		r->p.spaces -= drop;
	}
	size = csv_get_buffer_size(&r->p);
	if (size > r->p.blk_size)
		csv_set_blk_size(&r->p, size);
}

static enum dyad_status
nul_byte(const struct reader *r, struct dyad_error *err)
{
	return dy_fail(err, DYAD_EPARSE, r->line, 0,
	    "NUL byte: the file is binary or UTF-16, not UTF-8 text");
}

/* A line with no quote character, libcsv's state between records: split
 * it at the delimiter ourselves, as libcsv would (spaces and tabs that are
 * not the delimiter trimmed from both ends of each field), and hand the
 * fields to the same callbacks.  libcsv's byte-by-byte state machine is
 * most of a read's time; memchr over a line is a small part of it. */
static void
fast_line(struct reader *r, const char *s, size_t n)
{
	const char *end = s + n, *f, *e;
	unsigned char d = r->delim;

	for (f = s; f < end && (*f == ' ' || *f == '\t') && *f != (char)d; f++)
		;
	if (f == end) {
		on_record('\n', r);    /* a blank line, as libcsv reports it */
		return;
	}
	for (;;) {
		f = s;
		e = memchr(s, d, (size_t)(end - s));
		if (e == NULL)
			e = end;
		s = e;
		while (f < e && (*f == ' ' || *f == '\t') && *f != (char)d)
			f++;
		while (e > f && (e[-1] == ' ' || e[-1] == '\t') &&
		    e[-1] != (char)d)
			e--;
		on_field((void *)(uintptr_t)f, (size_t)(e - f), r);
		if (s == end || r->stop)
			break;
		s++;                    /* past the delimiter */
	}
	on_record('\n', r);
}

/* The next byte at or after i in s[0..n) that a quote-free line stops at:
 * the delimiter, a line break, a quote or a NUL; n when there is none.
 * Sixteen bytes are tested at once where SSE2 is there (every x86-64). */
static size_t
next_stop(const char *s, size_t i, size_t n, unsigned char delim)
{
#ifdef __SSE2__
	const __m128i vd = _mm_set1_epi8((char)delim);
	const __m128i vn = _mm_set1_epi8('\n'), vr = _mm_set1_epi8('\r');
	const __m128i vq = _mm_set1_epi8('"'), vz = _mm_setzero_si128();

	for (; i + 16 <= n; i += 16) {
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, vd),
		    _mm_cmpeq_epi8(b, vn)), _mm_or_si128(_mm_cmpeq_epi8(b, vr),
		    _mm_or_si128(_mm_cmpeq_epi8(b, vq), _mm_cmpeq_epi8(b, vz))));
		unsigned m = (unsigned)_mm_movemask_epi8(hit);

		if (m != 0)
			return i + (size_t)__builtin_ctz(m);
	}
#endif
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == delim || c == '\n' || c == '\r' || c == '"' || c == '\0')
			return i;
	}
	return n;
}

static int
blank(char c, unsigned char delim)
{
	/* most bytes are above the space: one test for them */
	return (unsigned char)c <= ' ' && (c == ' ' || c == '\t') &&
	    (unsigned char)c != delim;
}

/* The n bytes at a and b are equal: a word at a time (a line's prefix is
 * a few dozen bytes; a call to memcmp costs as much as comparing them). */
static int
same_bytes(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	size_t k;

	if (n < 8)
		return memcmp(a, b, n) == 0;
	for (k = 0; k + 8 <= n; k += 8) {
		memcpy(&x, a + k, 8);
		memcpy(&y, b + k, 8);
		if (x != y)
			return 0;
	}
	memcpy(&x, a + n - 8, 8);       /* the last word, overlapping */
	memcpy(&y, b + n - 8, 8);
	return x == y;
}

/* Keep the first k fields of the line at buf + at (trimmed: r->ptr,
 * r->len; more fields follow) for the next line to be compared with; a
 * prefix over 256 bytes is not kept. */
static void
keep_prefix(struct reader *r, const char *buf, size_t at, size_t k)
{
	/* the delimiter after field k - 1: the first after its text (the
	 * blanks trimmed off its end are not the delimiter) */
	const char *from = r->ptr[k - 1] + r->len[k - 1];
	const char *end = memchr(from, r->delim, (size_t)(r->ptr[k] - from));
	size_t raw = (size_t)(end - (buf + at)) + 1, o = 0, i;

	r->pfx_len = 0;
	if (raw > sizeof(r->pfx))
		return;
	memcpy(r->pfx, buf + at, raw);
	/* trimmed fields and their NULs take at most the raw bytes */
	for (i = 0; i < k; i++) {
		memcpy(r->pfx_txt + o, r->ptr[i], r->len[i]);
		r->pfx_txt[o + r->len[i]] = '\0';
		r->pfx_ptr[i] = r->pfx_txt + o;
		r->pfx_flen[i] = r->len[i];
		o += r->len[i] + 1;
	}
	r->pfx_len = raw;
}

/* Lines compared with the last one's prefix between verdicts: when fewer
 * than a quarter start alike (a file sorted by date, not by case), the
 * comparing stops. */
#define SAME_TRIAL 4096

/* How many leading fields of the line at buf + at are the last record's
 * (0: none or not known), and when there are, where the rest starts. */
static size_t
same_prefix(struct reader *r, const char *buf, size_t at, size_t len,
    size_t *rest)
{
	size_t k = r->want_same != NULL && !r->same_off ? *r->want_same : 0;

	if (k > DY_SAME_MAX)
		k = 0;
	if (k != r->same_k) {
		r->same_k = k;
		r->pfx_len = 0;
	}
	if (r->pfx_len == 0)
		return 0;
	if (++r->same_tries % SAME_TRIAL == 0 &&
	    r->same_hits < r->same_tries / 4) {
		r->same_off = 1;
		r->same_k = r->pfx_len = 0;
		return 0;
	}
	if (len - at <= r->pfx_len || !same_bytes(buf + at, r->pfx, r->pfx_len))
		return 0;
	r->same_hits++;
	*rest = at + r->pfx_len;
	return r->same_k;
}

/*
 * Between records, whole lines without a quote are split here, many at a
 * time, instead of one by one through libcsv (whose byte-by-byte state
 * machine was most of a read's time) or a memchr per field: one scan finds
 * every delimiter and line break, and each field is cut in place (the byte
 * after it becomes its NUL), so nothing is copied.  Fields are trimmed of
 * spaces and tabs that are not the delimiter, as libcsv trims them.  Stops
 * at the first line that has a quote or a NUL, that has a field over the
 * length limit, or that does not end in buf; returns the bytes consumed
 * (whole lines).  The caller's general path takes it from there.
 */
static size_t
fast_lines(struct reader *r, char *buf, size_t len)
{
	size_t at = 0, i = 0, j, nf, k, f, e, same;
	unsigned char d = r->delim;
	struct dy_record rec;

	while (at < len && !r->stop) {
		/* a lone LF after a CR that ended the last line */
		if (buf[at] == '\n' && r->prev_cr) {
			r->prev_cr = 0;
			i = ++at;
			continue;
		}
		/* fields the last line had too are not split again */
		nf = same = same_prefix(r, buf, at, len, &i);
		if (same > 0 && same > r->capptr && grow_fields(r, 2 * same + 8))
			return at;
		for (k = 0; k < same; k++) {
			r->ptr[k] = r->pfx_ptr[k];
			r->len[k] = r->pfx_flen[k];
		}
		for (;;) {
			j = next_stop(buf, i, len, d);
			if (j == len || ((unsigned char)buf[j] != d &&
			    (buf[j] == '"' || buf[j] == '\0')))
				return at;
			if (nf >= r->capptr && grow_fields(r, 2 * nf + 8))
				return at;
			/* trimmed as libcsv trims */
			for (f = i, e = j; f < e && blank(buf[f], d); f++)
				;
			while (e > f && blank(buf[e - 1], d))
				e--;
			if (e - f > r->max_field)
				return at;      /* the general path says why */
			r->ptr[nf] = buf + f;
			r->len[nf++] = e - f;
			i = j + 1;
			if ((unsigned char)buf[j] != d)
				break;
		}
		/* buf[at..j) is a whole line of nf fields; j its break */
		if (same > 0 || nf > 1 || r->len[0] > 0) {
			r->prev_cr = buf[j] == '\r';
			if (same == 0 && r->same_k > 0 && nf > r->same_k)
				keep_prefix(r, buf, at, r->same_k);
			else if (same == 0)
				r->pfx_len = 0;
			for (k = same; k < nf; k++)
				r->ptr[k][r->len[k]] = '\0';
			rec.line = r->row_line;
			rec.bad = NULL;
			rec.trimmed = 1;        /* delimiter tabs: none in a field */
			rec.same = same;
			rec.n = nf;
			rec.field = r->ptr;
			rec.len = r->len;
			if (r->fn(&rec, r->ctx) != 0)
				r->stop = 1;
		} else {
			r->prev_cr = buf[j] == '\r';   /* a blank line */
		}
		r->line++;
		r->row_line = r->line;
		at = i = j + 1;
	}
	return at;
}

static enum dyad_status
feed(struct reader *r, char *buf, size_t len, struct dyad_error *err)
{
	size_t at = 0, end, lim, n, got;
	const char *hit;
	int eol;

	while (at < len && !r->stop) {
		if (r->fast && !r->skipping && r->p.pstate == 0 &&
		    !r->in_record) {
			at += fast_lines(r, buf + at, len - at);
			if (r->nomem)
				return dy_nomem(err);
			if (at >= len || r->stop)
				break;
		}
		if (r->skipping) {
			/* a NUL byte is fatal here too, wherever reads end */
			while (at < len && buf[at] != '\n' && buf[at] != '\r') {
				if (buf[at] == '\0')
					return nul_byte(r, err);
				at++;
			}
			if (at == len) {
				r->prev_cr = 0;
				break;
			}
			r->skipping = 0;
		}
		/* One piece: up to and including the next line break. */
		lim = len - at < CHUNK ? len : at + CHUNK;
		hit = memchr(buf + at, '\n', lim - at);
		end = hit != NULL ? (size_t)(hit - buf) : lim;
		hit = memchr(buf + at, '\r', end - at);
		if (hit != NULL)
			end = (size_t)(hit - buf);
		eol = end < len && (buf[end] == '\n' || buf[end] == '\r');
		if (eol)
			end++;
		n = end - at;
		if (memchr(buf + at, '\0', n) != NULL)
			return nul_byte(r, err);
		r->ended = 0;
		if (eol && r->fast && r->p.pstate == 0 && !r->in_record &&
		    memchr(buf + at, '"', n) == NULL) {
			/* a whole line with no quote, between records */
			fast_line(r, buf + at, n - (size_t)eol);
			if (r->nomem)
				return dy_nomem(err);
			got = n;
		} else {
			got = csv_parse(&r->p, buf + at, n, on_field, on_record, r);
		}
		if (r->nomem)
			return dy_nomem(err);
		if (got < n) {
			if (csv_error(&r->p) != CSV_EPARSE)
				return dy_nomem(err);
			parse_error(r);
			r->prev_cr = 0;
			at += got;      /* skip from the offending byte */
			continue;
		}
		if (eol) {
			/* CR LF is one line break, also when a read split it */
			if (buf[end - 1] == '\r' || n > 1 || !r->prev_cr)
				r->line++;
			if (r->ended)
				r->row_line = r->line;
		}
		r->prev_cr = buf[end - 1] == '\r';
		check_field(r);
		at = end;
	}
	return DYAD_OK;
}

static enum dyad_status
check_start(const unsigned char *b, size_t n, size_t *skip,
    struct dyad_error *err)
{
	*skip = 0;
	if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) ||
	    (b[0] == 0xFE && b[1] == 0xFF)))
		return dy_fail(err, DYAD_EPARSE, 1, 0,
		    "the file is UTF-16 text: save it as UTF-8 (CSV UTF-8 in Excel)");
	if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF)
		*skip = 3;
	return DYAD_OK;
}

static void
reader_init(struct reader *r, const struct dy_csv_opts *opts, dy_record_fn fn,
    void *ctx)
{
	memset(r, 0, sizeof(*r));
	r->delim = opts->delim ? opts->delim : ',';
	r->fast = !opts->libcsv_only;
	r->max_field = opts->max_field ? opts->max_field : (size_t)1 << 20;
	r->fn = fn;
	r->ctx = ctx;
	r->want_same = opts->same_fields;
	r->line = r->row_line = 1;
	start_parser(r);
}

/* The end of the input: a record still open is reported, and everything
 * is freed. */
static enum dyad_status
reader_finish(struct reader *r, enum dyad_status st, bool at_end,
    struct dyad_error *err)
{
	if (st == DYAD_OK && !r->stop && at_end) {
		if (csv_fini(&r->p, on_field, on_record, r) != 0) {
			start_record(r);
			set_bad(r, "field %zu: quoted field not closed before "
			    "the end of the file (a quote is missing)",
			    r->nseen + 1);
			emit(r);
		}
		if (r->nomem)
			st = dy_nomem(err);
	}
	csv_free(&r->p);
	free(r->bytes);
	free(r->off);
	free(r->len);
	free(r->ptr);
	return st;
}

enum dyad_status
dy_csv_read(FILE *in, const char *buf, size_t buflen,
    const struct dy_csv_opts *opts, dy_record_fn fn, void *ctx,
    struct dyad_error *err)
{
	struct reader r;
	enum dyad_status st = DYAD_OK;
	char *chunk = NULL;
	size_t n, i, k, skip, fed = 0, size = opts->chunk ? opts->chunk : CHUNK;
	bool at_end = true;

	reader_init(&r, opts, fn, ctx);
	/* Input goes through a buffer of our own: the fast path cuts fields
	 * in place. */
	chunk = malloc(size < 3 ? 3 : size);
	if (chunk == NULL)
		st = dy_nomem(err);
	if (st == DYAD_OK && in == NULL) {
		st = check_start((const unsigned char *)buf, buflen, &skip, err);
		for (i = skip; st == DYAD_OK && !r.stop && i < buflen; i += n) {
			n = buflen - i < size ? buflen - i : size;
			memcpy(chunk, buf + i, n);
			st = feed(&r, chunk, n, err);
		}
	} else if (st == DYAD_OK) {
		/* Whole chunks only: stdio then reads each straight into
		 * the chunk, 64 KiB at a time.  (A 3-byte read first left
		 * stdio's buffer 3 bytes ahead for good: every chunk was a
		 * 4 KiB read into that buffer and a 60 KiB one into the chunk
		 * at an odd address, twice the system calls.)  fread returns
		 * short only at the end, so the first read holds the first
		 * three bytes, which decide about a byte-order mark; it is
		 * fed in chunks' worth like the others. */
		size_t want = size, off;

		if (want < 3)
			want = 3;       /* the chunk has room: see above */
		while (st == DYAD_OK && !r.stop &&
		    (n = fread(chunk, 1, want, in)) > 0) {
			if (fed == 0) {
				st = check_start((unsigned char *)chunk, n, &skip,
				    err);
				if (st != DYAD_OK)
					break;
			}
			want = size;
			if (opts->progress != NULL &&
			    fed / DY_CSV_PROGRESS != (fed + n) / DY_CSV_PROGRESS)
				opts->progress(fed + n, ctx);
			k = n;
			if (opts->limit > fed && opts->limit - fed <= n)
				k = opts->limit - fed;  /* up to the limit */
			for (off = fed > 0 ? 0 : skip < k ? skip : k;
			    st == DYAD_OK && off < k; off += size)
				st = feed(&r, chunk + off,
				    k - off < size ? k - off : size, err);
			fed += k;
			if (st != DYAD_OK || r.stop)
				break;
			if (opts->limit != 0 && fed == opts->limit &&
			    opts->at_limit(ctx, r.line, !r.skipping &&
			    r.p.pstate == 0 && !r.in_record)) {
				at_end = false;         /* the rest is read elsewhere */
				break;
			}
			if (k < n) {
				st = feed(&r, chunk + k, n - k, err);
				fed += n - k;
			}
		}
		if (st == DYAD_OK && at_end && ferror(in)) {
			st = dy_fail(err, DYAD_EIO, 0, 0, "read error");
			if (err != NULL)
				err->sys_errno = errno;
		}
	}
	free(chunk);
	return reader_finish(&r, st, at_end, err);
}

enum dyad_status
dy_csv_read_range(int fd, const char *head, size_t headlen, off_t from,
    off_t to, size_t first_line, const struct dy_csv_opts *opts,
    dy_record_fn fn, void *ctx, struct dyad_error *err)
{
	struct reader r;
	enum dyad_status st = DYAD_OK;
	size_t size = opts->chunk ? opts->chunk : CHUNK, i, n;
	char *chunk = malloc(size);
	ssize_t got;
	off_t until;
	bool at_end = true;

	reader_init(&r, opts, fn, ctx);
	if (chunk == NULL)
		st = dy_nomem(err);
	for (i = 0; st == DYAD_OK && !r.stop && i < headlen; i += n) {
		n = headlen - i < size ? headlen - i : size;
		memcpy(chunk, head + i, n);
		st = feed(&r, chunk, n, err);
	}
	r.line = r.row_line = first_line;
	r.prev_cr = 0;
	while (st == DYAD_OK && !r.stop && from < to) {
		until = opts->range_end != NULL ?
		    opts->range_end(ctx, from, size) : to;
		if (until > to)
			until = to;
		if (from >= until) {
			if (opts->at_limit(ctx, r.line, !r.skipping &&
			    r.p.pstate == 0 && !r.in_record)) {
				at_end = false; /* the rest is read elsewhere */
				break;
			}
			continue;
		}
		n = (off_t)size < until - from ? size : (size_t)(until - from);
		got = pread(fd, chunk, n, from);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			st = dy_fail(err, DYAD_EIO, 0, 0, "read error");
			if (err != NULL)
				err->sys_errno = errno;
			break;
		}
		if (got == 0)
			break;          /* the file is shorter than it was */
		st = feed(&r, chunk, (size_t)got, err);
		from += got;
	}
	free(chunk);
	return reader_finish(&r, st, at_end, err);
}

void
dy_show(char *out, size_t outlen, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0, i, lim = outlen > 48 ? 40 : outlen - 8;

	for (i = 0; i < len && o < lim; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80) {        /* copy a valid UTF-8 sequence whole */
			size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

			if (k > 1 && i + k <= len && dy_utf8_valid(s + i, k) &&
			    o + k < lim) {
				memcpy(out + o, s + i, k);
				o += k;
				i += k - 1;
				continue;
			}
		}
		if (c < 0x20 || c == 0x7f || c >= 0x80) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		} else {
			out[o++] = (char)c;
		}
	}
	if (i < len) {
		out[o++] = '.';
		out[o++] = '.';
		out[o++] = '.';
	}
	out[o] = '\0';
}

int
dy_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, j;
	unsigned cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] <= 0xDF) {
			k = 1;
			cp = s[i] & 0x1Fu;
		} else if (s[i] >= 0xE0 && s[i] <= 0xEF) {
			k = 2;
			cp = s[i] & 0x0Fu;
		} else if (s[i] >= 0xF0 && s[i] <= 0xF4) {
			k = 3;
			cp = s[i] & 0x07u;
		} else {
			return 0;
		}
		for (j = 1; j <= k; j++) {
			if (i + j >= len || (s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3Fu);
		}
		if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
		    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k + 1;
	}
	return 1;
}

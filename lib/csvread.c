/* csvread.c - drive libcsv over a stream and hand out whole records with
 * the physical line each starts on (libcsv itself does not count lines). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csvread.h"
#include "internal.h"

#define CHUNK 65536

struct reader {
	struct csv_parser p;
	const struct dy_csv_opts *opts;
	size_t max_field;
	dy_record_fn fn;
	void *ctx;

	char *bytes;            /* field bytes of the record being built */
	size_t nbytes, capbytes;
	size_t *off, *len;      /* per field offset into bytes, and length */
	size_t nf, capf;
	char **ptr;             /* handed to the callback */
	size_t capptr;

	size_t line;            /* current physical line */
	size_t rec_line;        /* line where the current record started */
	int in_record;          /* a field has been seen since the last end */
	int last_cr;            /* the previous terminator was a bare '\r' */
	const char *bad;        /* the current record is bad: why */
	int stop;
	int nomem;
};

static void
count_newlines(struct reader *r, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\n')
			r->line++;
		else if (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))
			r->line++;
	}
}

static void
on_field(void *s, size_t n, void *data)
{
	struct reader *r = data;

	if (!r->in_record) {
		r->in_record = 1;
		r->rec_line = r->line;
	}
	r->last_cr = 0;
	if (s != NULL)
		count_newlines(r, s, n);
	if (r->bad != NULL || r->stop)
		return;
	if (n > r->max_field) {
		r->bad = "field longer than the limit";
		return;
	}
	if (dy_grow((void **)&r->bytes, &r->capbytes, r->nbytes + n + 1, 1) ||
	    dy_grow((void **)&r->off, &r->capf, r->nf + 1, sizeof(size_t))) {
		r->nomem = 1;
		r->stop = 1;
		return;
	}
	if (r->capptr < r->capf) {
		size_t *nl = realloc(r->len, r->capf * sizeof(size_t));
		char **np;

		if (nl == NULL) {
			r->nomem = r->stop = 1;
			return;
		}
		r->len = nl;
		np = realloc(r->ptr, r->capf * sizeof(char *));
		if (np == NULL) {
			r->nomem = r->stop = 1;
			return;
		}
		r->ptr = np;
		r->capptr = r->capf;
	}
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
	rec.bad = r->bad;
	rec.n = r->bad != NULL ? 0 : r->nf;
	for (i = 0; i < rec.n; i++)
		r->ptr[i] = r->bytes + r->off[i];
	rec.field = r->ptr;
	rec.len = r->len;
	if (!r->stop && r->fn(&rec, r->ctx) != 0)
		r->stop = 1;
	r->nf = 0;
	r->nbytes = 0;
	r->bad = NULL;
	r->in_record = 0;
}

static void
on_record(int c, void *data)
{
	struct reader *r = data;

	if (r->in_record)
		emit(r);
	if (c == '\n') {
		if (!r->last_cr)
			r->line++;
		r->last_cr = 0;
	} else if (c == '\r') {
		r->line++;
		r->last_cr = 1;
	} else {
		r->last_cr = 0;         /* -1: end of input */
	}
}

/* After a strict-mode parse error: report the record as bad, restart the
 * parser and resume after the end of the physical line. */
static size_t
recover(struct reader *r, const char *buf, size_t len, size_t at)
{
	size_t i;

	if (!r->in_record)
		r->rec_line = r->line;
	r->in_record = 1;
	r->bad = "malformed quoting (a quote inside an unquoted field, or text "
	    "after a closing quote)";
	for (i = at; i < len && buf[i] != '\n' && buf[i] != '\r'; i++)
		;
	emit(r);
	csv_free(&r->p);
	csv_init(&r->p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI);
	csv_set_delim(&r->p, r->opts->delim ? r->opts->delim : ',');
	return i;
}

static enum dyad_status
feed(struct reader *r, const char *buf, size_t len, struct dyad_error *err)
{
	size_t at = 0, got;
	const char *nul;

	nul = memchr(buf, '\0', len);
	if (nul != NULL) {
		count_newlines(r, buf, (size_t)(nul - buf));
		return dy_fail(err, DYAD_EPARSE, r->line, 0,
		    "NUL byte: the file is binary or not UTF-8 text");
	}
	while (at < len && !r->stop) {
		got = csv_parse(&r->p, buf + at, len - at, on_field, on_record, r);
		if (r->nomem)
			return dy_nomem(err);
		if (got < len - at && csv_error(&r->p) == CSV_EPARSE)
			at = recover(r, buf, len, at + got);
		else if (got < len - at)
			return dy_nomem(err);
		else
			at = len;
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

enum dyad_status
dy_csv_read(FILE *in, const char *buf, size_t buflen,
    const struct dy_csv_opts *opts, dy_record_fn fn, void *ctx,
    struct dyad_error *err)
{
	struct reader r;
	enum dyad_status st = DYAD_OK;
	char *chunk = NULL;
	size_t n, skip;
	int first = 1;

	memset(&r, 0, sizeof(r));
	r.opts = opts;
	r.max_field = opts->max_field ? opts->max_field : (size_t)1 << 20;
	r.fn = fn;
	r.ctx = ctx;
	r.line = 1;
	if (csv_init(&r.p, CSV_STRICT | CSV_REPALL_NL | CSV_STRICT_FINI) != 0)
		return dy_nomem(err);
	csv_set_delim(&r.p, opts->delim ? opts->delim : ',');

	if (in == NULL) {
		st = check_start((const unsigned char *)buf, buflen, &skip, err);
		if (st == DYAD_OK)
			st = feed(&r, buf + skip, buflen - skip, err);
	} else {
		chunk = malloc(CHUNK);
		if (chunk == NULL)
			st = dy_nomem(err);
		while (st == DYAD_OK && !r.stop &&
		    (n = fread(chunk, 1, CHUNK, in)) > 0) {
			skip = 0;
			if (first) {
				/* A BOM split across reads is not worth handling:
				 * the first read of a regular file or pipe is big. */
				st = check_start((unsigned char *)chunk, n, &skip, err);
				first = 0;
			}
			if (st == DYAD_OK)
				st = feed(&r, chunk + skip, n - skip, err);
		}
		if (st == DYAD_OK && ferror(in)) {
			st = dy_fail(err, DYAD_EIO, 0, 0, "read error");
			if (err != NULL)
				err->sys_errno = errno;
		}
	}
	if (st == DYAD_OK && !r.stop) {
		if (csv_fini(&r.p, on_field, on_record, &r) != 0) {
			if (!r.in_record)
				r.rec_line = r.line;
			r.in_record = 1;
			r.nf = 0;
			r.bad = "unterminated quoted field at the end of the file";
			emit(&r);
		}
		if (r.nomem)
			st = dy_nomem(err);
	}
	csv_free(&r.p);
	free(chunk);
	free(r.bytes);
	free(r.off);
	free(r.len);
	free(r.ptr);
	return st;
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

/* fuzz_escape.c - libFuzzer harness for the output escapers.
 *
 * The input (up to its first NUL) is a hostile label.  Each escaper writes
 * it into a memory stream and the result is checked by reading it back the
 * way the output's reader would:
 *   JSON      exactly one JSON string (this file's own small decoder: no raw
 *             control characters, only valid escapes, valid UTF-8, nothing
 *             after the closing quote) that decodes to the input with each
 *             invalid UTF-8 byte replaced by U+FFFD;
 *   CSV       dy_csv_read gives back the field (after a leading ' when
 *             --csv-safe neutralises a formula), first or second in its
 *             record, with ',' ';' and tab as delimiter;
 *   TSV       no raw tab, CR or LF; unescaping gives the input;
 *   HTML      no < > " ' and only known entities; unescaping gives the input
 *             (control characters other than tab and LF as spaces, invalid
 *             UTF-8 as U+FFFD);
 *   gnuplot   one double-quoted literal: no unescaped " and no backquote or
 *             line break inside; decoding its escapes gives the input with
 *             a backslash before each enhanced-text character \^_@&~{}
 *             (which enhanced text then shows as itself);
 *   Markdown  no line break and no unescaped |; unescaping gives the input
 *             with control characters as spaces.
 */
#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyad/escape.h"
#include "csvread.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_escape: " __VA_ARGS__); \
	fputc('\n', stderr); abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* ---- a growing byte buffer ---- */

struct buf {
	char *p;
	size_t n, cap;
};

static void
add(struct buf *b, const void *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		b->cap = (b->n + n + 1) * 2;
		b->p = realloc(b->p, b->cap);
		if (b->p == NULL)
			FAIL("out of memory");
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static void
addc(struct buf *b, char c)
{
	add(b, &c, 1);
}

static void
add_utf8(struct buf *b, unsigned long cp)
{
	char u[4];

	if (cp < 0x80) {
		addc(b, (char)cp);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		add(b, u, 4);
	}
}

/* Run an escaper into a memory stream; the caller frees *out. */
#define CAPTURE(out, outlen, call) do { \
	FILE *m_ = open_memstream(&(out), &(outlen)); \
	if (m_ == NULL) \
		FAIL("open_memstream"); \
	if ((call) != 0) \
		FAIL("%s failed on a memory stream", #call); \
	if (fclose(m_) != 0) \
		FAIL("fclose"); \
} while (0)
#define OUT m_

/* ---- UTF-8, written independently of lib/ (RFC 3629, Table 3-7) ---- */

/* Length of the well-formed sequence at s[0..n), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t k, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		k = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (n < k)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < k; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return k;
}

/* s with every byte that starts no well-formed sequence as U+FFFD. */
static void
repaired(struct buf *b, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t n = strlen(str), i = 0, k;

	while (i < n) {
		k = utf8_seq(s + i, n - i);
		if (k == 0) {
			add(b, "\xEF\xBF\xBD", 3);
			i++;
		} else {
			add(b, s + i, k);
			i += k;
		}
	}
}

static bool
all_utf8(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k;

	while (i < n) {
		k = utf8_seq(s + i, n - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

/* ---- JSON: decode exactly one string literal (RFC 8259 section 7) ---- */

static int
hex4(const char *s, unsigned long *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		char c = s[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned long)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned long)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned long)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

/* Decode the JSON text t[0..n) into b; NULL or why it is not one string. */
static const char *
json_string(const char *t, size_t n, struct buf *b)
{
	size_t i = 1;
	unsigned long cp, lo;

	if (!all_utf8(t, n))
		return "not UTF-8";
	if (n < 2 || t[0] != '"')
		return "does not start with a quote";
	while (i < n && t[i] != '"') {
		unsigned char c = (unsigned char)t[i];

		if (c < 0x20)
			return "raw control character";
		if (c != '\\') {
			addc(b, (char)c);
			i++;
			continue;
		}
		if (i + 1 >= n)
			return "backslash at the end";
		switch (t[i + 1]) {
		case '"':  addc(b, '"'); break;
		case '\\': addc(b, '\\'); break;
		case '/':  addc(b, '/'); break;
		case 'b':  addc(b, '\b'); break;
		case 'f':  addc(b, '\f'); break;
		case 'n':  addc(b, '\n'); break;
		case 'r':  addc(b, '\r'); break;
		case 't':  addc(b, '\t'); break;
		case 'u':
			if (i + 6 > n || hex4(t + i + 2, &cp))
				return "bad \\u escape";
			i += 6;
			if (cp >= 0xDC00 && cp <= 0xDFFF)
				return "lone low surrogate";
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (i + 6 > n || t[i] != '\\' || t[i + 1] != 'u' ||
				    hex4(t + i + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
					return "lone high surrogate";
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				i += 6;
			}
			add_utf8(b, cp);
			continue;
		default:
			return "unknown escape";
		}
		i += 2;
	}
	if (i >= n)
		return "no closing quote";
	if (i + 1 != n)
		return "text after the closing quote";
	return NULL;
}

static void
check_json(const char *s)
{
	struct buf got = { 0 }, want = { 0 };
	const char *why;
	char *out = NULL;
	size_t len = 0;

	CAPTURE(out, len, dyad_escape_json(OUT, s));
	addc(&got, 0);
	got.n = 0;
	why = json_string(out, len, &got);
	if (why != NULL)
		FAIL("JSON: %s: %s", why, out);
	addc(&want, 0);
	want.n = 0;
	repaired(&want, s);
	if (got.n != want.n || memcmp(got.p, want.p, got.n) != 0)
		FAIL("JSON: %s decodes to something else than the input", out);
	free(out);
	free(got.p);
	free(want.p);
}

/* ---- CSV: read back with the reader dyad itself uses ---- */

struct csv_back {
	size_t records;
	size_t nf;
	char *field[2];
	const char *bad;
};

static int
csv_record(const struct dy_record *rec, void *ctx)
{
	struct csv_back *cb = ctx;
	size_t i;

	cb->records++;
	cb->nf = rec->n;
	cb->bad = rec->bad;
	for (i = 0; i < rec->n && i < 2; i++) {
		free(cb->field[i]);
		cb->field[i] = malloc(rec->len[i] + 1);
		if (cb->field[i] == NULL)
			FAIL("out of memory");
		memcpy(cb->field[i], rec->field[i], rec->len[i] + 1);
	}
	return 0;
}

static void
check_csv_one(const char *s, char delim, bool safe, bool first)
{
	struct dy_csv_opts o = { .delim = (unsigned char)delim };
	struct csv_back cb = { 0 };
	struct dyad_error err;
	struct buf want = { 0 };
	char *out = NULL;
	size_t len = 0, at = first ? 0 : 1;

	{
		FILE *m_ = open_memstream(&out, &len);

		if (m_ == NULL)
			FAIL("open_memstream");
		if (!first)
			fprintf(m_, "x%c", delim);
		if (dyad_escape_csv(m_, s, delim, safe) != 0)
			FAIL("dyad_escape_csv failed");
		if (first)
			fprintf(m_, "%cx", delim);
		fputs("\r\n", m_);
		fclose(m_);
	}
	if (dy_csv_read(NULL, out, len, &o, csv_record, &cb, &err) != DYAD_OK)
		FAIL("CSV (delimiter %#x%s): %s: %s", delim, safe ? ", safe" : "",
		    err.msg, out);
	if (cb.records != 1 || cb.bad != NULL || cb.nf != 2)
		FAIL("CSV (delimiter %#x%s): %zu records, %zu fields%s%s: %s",
		    delim, safe ? ", safe" : "", cb.records, cb.nf,
		    cb.bad ? ": " : "", cb.bad ? cb.bad : "", out);
	addc(&want, 0);
	want.n = 0;
	if (safe && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
	    s[0] == '\t' || s[0] == '\r'))
		addc(&want, '\'');
	add(&want, s, strlen(s));
	if (strcmp(cb.field[at], want.p) != 0 || strcmp(cb.field[1 - at], "x"))
		FAIL("CSV (delimiter %#x%s): %s reads back as '%s'", delim,
		    safe ? ", safe" : "", out, cb.field[at]);
	free(cb.field[0]);
	free(cb.field[1]);
	free(want.p);
	free(out);
}

static void
check_csv(const char *s)
{
	static const char delims[] = { ',', ';', '\t' };
	size_t i;

	for (i = 0; i < sizeof(delims); i++) {
		check_csv_one(s, delims[i], false, true);
		check_csv_one(s, delims[i], false, false);
		check_csv_one(s, delims[i], true, false);
	}
	check_csv_one(s, ',', true, true);
}

/* ---- TSV ---- */

static void
check_tsv(const char *s, bool safe)
{
	struct buf got = { 0 };
	char *out = NULL;
	size_t len = 0, i, off = 0;

	CAPTURE(out, len, dyad_escape_tsv(OUT, s, safe));
	if (memchr(out, '\t', len) || memchr(out, '\n', len) ||
	    memchr(out, '\r', len))
		FAIL("TSV: raw tab or line break: %s", out);
	addc(&got, 0);
	got.n = 0;
	for (i = 0; i < len; i++) {
		if (out[i] != '\\') {
			addc(&got, out[i]);
			continue;
		}
		if (++i == len)
			FAIL("TSV: backslash at the end: %s", out);
		switch (out[i]) {
		case 't':  addc(&got, '\t'); break;
		case 'n':  addc(&got, '\n'); break;
		case 'r':  addc(&got, '\r'); break;
		case '\\': addc(&got, '\\'); break;
		default:   FAIL("TSV: unknown escape \\%c: %s", out[i], out);
		}
	}
	if (safe && strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0') {
		if (got.p[0] != '\'')
			FAIL("TSV: formula not neutralised: %s", out);
		off = 1;
	}
	if (strcmp(got.p + off, s) != 0)
		FAIL("TSV: %s reads back as something else", out);
	free(got.p);
	free(out);
}

/* ---- HTML ---- */

static void
check_html(const char *s)
{
	static const struct { const char *ent; const char *text; } ents[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" }, { "&#xfffd;", "\xEF\xBF\xBD" }
	};
	struct buf got = { 0 }, want = { 0 }, fixed = { 0 };
	char *out = NULL;
	size_t len = 0, i, e;

	CAPTURE(out, len, dyad_escape_html(OUT, s));
	if (strpbrk(out, "<>\"'") != NULL)
		FAIL("HTML: markup character: %s", out);
	if (!all_utf8(out, len))
		FAIL("HTML: not UTF-8: %s", out);
	addc(&got, 0);
	got.n = 0;
	for (i = 0; i < len; i++) {
		if (out[i] != '&') {
			addc(&got, out[i]);
			continue;
		}
		for (e = 0; e < sizeof(ents) / sizeof(ents[0]); e++)
			if (strncmp(out + i, ents[e].ent, strlen(ents[e].ent)) == 0)
				break;
		if (e == sizeof(ents) / sizeof(ents[0]))
			FAIL("HTML: unknown entity at %zu: %s", i, out);
		add(&got, ents[e].text, strlen(ents[e].text));
		i += strlen(ents[e].ent) - 1;
	}
	addc(&fixed, 0);
	fixed.n = 0;
	repaired(&fixed, s);
	addc(&want, 0);
	want.n = 0;
	for (i = 0; i < fixed.n; i++) {
		unsigned char c = (unsigned char)fixed.p[i];

		addc(&want, c < 0x20 && c != '\n' && c != '\t' ? ' ' : (char)c);
	}
	if (got.n != want.n || memcmp(got.p, want.p, got.n) != 0)
		FAIL("HTML: %s reads back as something else", out);
	free(got.p);
	free(want.p);
	free(fixed.p);
	free(out);
}

/* ---- gnuplot ---- */

static void
check_gnuplot(const char *s)
{
	struct buf got = { 0 }, want = { 0 };
	char *out = NULL;
	size_t len = 0, i, k;

	CAPTURE(out, len, dyad_escape_gnuplot(OUT, s));
	if (len < 2 || out[0] != '"' || out[len - 1] != '"')
		FAIL("gnuplot: not one double-quoted literal: %s", out);
	addc(&got, 0);
	got.n = 0;
	/* gnuplot's parse_esc: \\ \" \ooo (and others dyad does not write) */
	for (i = 1; i < len - 1; i++) {
		char c = out[i];

		if (c == '"')
			FAIL("gnuplot: unescaped quote at %zu: %s", i, out);
		if (c == '`')
			FAIL("gnuplot: backquote at %zu: %s", i, out);
		if (c == '\n' || c == '\r')
			FAIL("gnuplot: line break at %zu: %s", i, out);
		if (c != '\\') {
			addc(&got, c);
			continue;
		}
		if (i + 1 >= len - 1)
			FAIL("gnuplot: the closing quote is escaped: %s", out);
		c = out[++i];
		if (c == '\\' || c == '"') {
			addc(&got, c);
		} else if (c >= '0' && c <= '7') {
			unsigned v = 0;

			for (k = 0; k < 3 && i < len - 1 && out[i] >= '0' &&
			    out[i] <= '7'; k++, i++)
				v = v * 8 + (unsigned)(out[i] - '0');
			i--;
			if (k != 3)
				FAIL("gnuplot: short octal escape: %s", out);
			addc(&got, (char)v);
		} else {
			FAIL("gnuplot: unexpected escape \\%c: %s", c, out);
		}
	}
	addc(&want, 0);
	want.n = 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (strchr("\\^_@&~{}", s[i]) != NULL)
			addc(&want, '\\');
		addc(&want, s[i]);
	}
	if (got.n != want.n || memcmp(got.p, want.p, got.n) != 0)
		FAIL("gnuplot: %s reads back as something else", out);
	free(got.p);
	free(want.p);
	free(out);
}

/* ---- Markdown ---- */

static void
check_markdown(const char *s)
{
	struct buf got = { 0 }, want = { 0 };
	char *out = NULL;
	size_t len = 0, i;

	CAPTURE(out, len, dyad_escape_markdown(OUT, s));
	if (memchr(out, '\n', len) || memchr(out, '\r', len))
		FAIL("Markdown: line break: %s", out);
	addc(&got, 0);
	got.n = 0;
	for (i = 0; i < len; i++) {
		if (out[i] == '|')
			FAIL("Markdown: unescaped | at %zu: %s", i, out);
		if (out[i] == '<')
			FAIL("Markdown: raw < at %zu: %s", i, out);
		if (out[i] == '\\') {
			if (i + 1 == len)
				FAIL("Markdown: backslash at the end: %s", out);
			if (strchr("\\`*_[]|~#+-!>=", out[i + 1]) == NULL)
				FAIL("Markdown: escape of '%c': %s", out[i + 1], out);
			addc(&got, out[++i]);
		} else if (out[i] == '&') {
			if (strncmp(out + i, "&lt;", 4) == 0) {
				addc(&got, '<');
				i += 3;
			} else if (strncmp(out + i, "&amp;", 5) == 0) {
				addc(&got, '&');
				i += 4;
			} else {
				FAIL("Markdown: raw & at %zu: %s", i, out);
			}
		} else {
			addc(&got, out[i]);
		}
	}
	addc(&want, 0);
	want.n = 0;
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char c = (unsigned char)s[i];

		addc(&want, c < 0x20 || c == 0x7f ? ' ' : (char)c);
	}
	if (got.n != want.n || memcmp(got.p, want.p, got.n) != 0)
		FAIL("Markdown: %s reads back as something else", out);
	free(got.p);
	free(want.p);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';         /* the escapers take C strings: up to a NUL */
	check_json(s);
	check_csv(s);
	check_tsv(s, false);
	check_tsv(s, true);
	check_html(s);
	check_gnuplot(s);
	check_markdown(s);
	free(s);
	return 0;
}

/* escape.c - one escaper per output language; every data-derived label in
 * every output passes through one of these. */
#include <limits.h>
#include <string.h>

#include "dyad/escape.h"
#include "csvread.h"
#include "outbuf.h"

/* Length of the valid UTF-8 sequence starting at s, or 0 when invalid. */
static size_t
utf8_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t k, i;

	if (c < 0x80)
		return 1;
	k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
	if (k == 0)
		return 0;
	for (i = 1; i < k; i++)
		if (s[i] == '\0')
			return 0;
	return dy_utf8_valid(s, k) ? k : 0;
}

/* Run escaper esc on s into out through a small buffer: the public
 * functions below are the dy_*_out ones in front of a stream.  0, or -1 on
 * a write error. */
static int
to_file(FILE *out, void (*esc)(struct dy_out *, const char *, char, bool),
    const char *s, char delim, bool safe)
{
	char b[256];
	struct dy_out o;

	dy_out_init(&o, b, sizeof(b), out, NULL, NULL);
	esc(&o, s, delim, safe);
	return dy_out_flush(&o) != 0 || ferror(out) ? -1 : 0;
}

void
dy_escape_json_out(struct dy_out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run;
	size_t k;

	dy_out_putc(o, '"');
	while (*s != '\0') {
		unsigned char c;

		/* printable ASCII goes through in one piece */
		for (run = s; (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f &&
		    *s != '"' && *s != '\\'; s++)
			;
		dy_out_write(o, run, (size_t)(s - run));
		c = (unsigned char)*s;
		if (c == '\0')
			break;
		if (c == '"' || c == '\\') {
			dy_out_putc(o, '\\');
			dy_out_putc(o, (char)c);
		} else if (c == '\n') {
			dy_out_write(o, "\\n", 2);
		} else if (c == '\r') {
			dy_out_write(o, "\\r", 2);
		} else if (c == '\t') {
			dy_out_write(o, "\\t", 2);
		} else if (c < 0x20 || c == 0x7f) {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

			dy_out_write(o, u, sizeof(u));
		} else {
			k = utf8_len(s);
			if (k == 0) {
				dy_out_write(o, "\\ufffd", 6);
				s++;
			} else {
				dy_out_write(o, s, k);
				s += k;
			}
			continue;
		}
		s++;
	}
	dy_out_putc(o, '"');
}

static void
json_esc(struct dy_out *o, const char *s, char delim, bool safe)
{
	(void)delim;
	(void)safe;
	dy_escape_json_out(o, s);
}

int
dyad_escape_json(FILE *out, const char *s)
{
	return to_file(out, json_esc, s, 0, false);
}

static bool
formula_start(const char *s)
{
	return *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
	    *s == '\r';
}

/* Bytes that make a CSV field need quotes: 1 always, the others only as
 * the delimiter (bit chosen in csv_mask); 32 marks the end. */
static const unsigned char csv_special[256] = {
	['"'] = 1, ['\r'] = 1, ['\n'] = 1, [','] = 2, [';'] = 4, ['\t'] = 8,
	['|'] = 16, ['\0'] = 32,
};

static unsigned char
csv_mask(char delim)
{
	unsigned char bit = csv_special[(unsigned char)delim];

	return bit > 1 ? (unsigned char)(1 | bit) : 0;
}

/* Whether s needs quotes as a CSV field; *len: its length. */
static bool
csv_quote(const char *s, char delim, bool safe, size_t *len)
{
	bool quote = safe && formula_start(s);
	unsigned char mask = csv_mask(delim);
	const char *p;
	size_t n;

	/* One pass finds the end or the first byte that needs quotes: a table
	 * lookup per byte for the usual delimiters. */
	if (mask != 0) {
		for (p = s; !(csv_special[(unsigned char)*p] & (mask | 32)); p++)
			;
		if (*p != '\0') {
			quote = true;
			p += strlen(p);
		}
	} else {
		for (p = s; *p != '\0'; p++)
			if (*p == '"' || *p == '\r' || *p == '\n' || *p == delim)
				quote = true;
	}
	*len = n = (size_t)(p - s);
	/* CSV readers (libcsv among them) drop blanks around an unquoted
	 * field, so a leading or trailing space or tab needs quotes too; and
	 * a field that could be the first of a file must not start with a
	 * byte-order mark, which readers drop (UTF-8) or refuse (UTF-16) */
	if (!quote && n > 0)
		quote = s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
		    s[n - 1] == '\t' || ((unsigned char)s[0] >= 0xEF &&
		    (strncmp(s, "\xEF\xBB\xBF", 3) == 0 ||
		    strncmp(s, "\xFF\xFE", 2) == 0 ||
		    strncmp(s, "\xFE\xFF", 2) == 0));
	return quote;
}

long
dy_csv_plain_len(const char *s, char delim, bool safe)
{
	size_t n;

	return csv_quote(s, delim, safe, &n) || n > LONG_MAX ? -1 : (long)n;
}

void
dy_escape_csv_out(struct dy_out *o, const char *s, char delim, bool safe)
{
	const char *p, *run;
	size_t n;

	if (!csv_quote(s, delim, safe, &n)) {
		dy_out_write(o, s, n);
		return;
	}
	dy_out_putc(o, '"');
	if (safe && formula_start(s))
		dy_out_putc(o, '\'');
	for (run = p = s; *p != '\0'; p++) {
		if (*p == '"') {        /* write up to and with it, then again */
			dy_out_write(o, run, (size_t)(p - run + 1));
			run = p;
		}
	}
	dy_out_write(o, run, (size_t)(p - run));
	dy_out_putc(o, '"');
}

int
dyad_escape_csv(FILE *out, const char *s, char delim, bool safe)
{
	return to_file(out, dy_escape_csv_out, s, delim, safe);
}

void
dy_escape_tsv_out(struct dy_out *o, const char *s, bool safe)
{
	const char *run;

	if (safe && formula_start(s))
		dy_out_putc(o, '\'');
	for (;;) {
		for (run = s; *s != '\0' && *s != '\t' && *s != '\n' &&
		    *s != '\r' && *s != '\\'; s++)
			;
		dy_out_write(o, run, (size_t)(s - run));
		switch (*s) {
		case '\0': return;
		case '\t': dy_out_write(o, "\\t", 2); break;
		case '\n': dy_out_write(o, "\\n", 2); break;
		case '\r': dy_out_write(o, "\\r", 2); break;
		default:   dy_out_write(o, "\\\\", 2); break;
		}
		s++;
	}
}

static void
tsv_esc(struct dy_out *o, const char *s, char delim, bool safe)
{
	(void)delim;
	dy_escape_tsv_out(o, s, safe);
}

int
dyad_escape_tsv(FILE *out, const char *s, bool safe)
{
	return to_file(out, tsv_esc, s, '\t', safe);
}

int
dyad_escape_html(FILE *out, const char *s)
{
	size_t k;

	while (*s != '\0') {
		switch (*s) {
		case '&':  fputs("&amp;", out); break;
		case '<':  fputs("&lt;", out); break;
		case '>':  fputs("&gt;", out); break;
		case '"':  fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default:
			if ((unsigned char)*s >= 0x80) {
				k = utf8_len(s);
				if (k == 0) {
					fputs("&#xfffd;", out);
					s++;
				} else {
					fwrite(s, 1, k, out);
					s += k;
				}
				continue;
			}
			if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
				putc(' ', out);
			else
				putc(*s, out);
		}
		s++;
	}
	return ferror(out) ? -1 : 0;
}

void
dy_escape_markdown_out(struct dy_out *o, const char *s)
{
	const char *start = s;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			/* line breaks would end the table row; other control
			 * bytes have no business in a document */
			dy_out_putc(o, ' ');
		} else if (*s == '<') {
			dy_out_write(o, "&lt;", 4);
		} else if (*s == '&') {
			dy_out_write(o, "&amp;", 5);
		} else if (strchr("\\`*_[]|~", *s) != NULL ||
		    (s == start && strchr("#+-!>=", *s) != NULL)) {
			/* block markers matter only where a line starts */
			dy_out_putc(o, '\\');
			dy_out_putc(o, *s);
		} else {
			dy_out_putc(o, *s);
		}
	}
}

static void
markdown_esc(struct dy_out *o, const char *s, char delim, bool safe)
{
	(void)delim;
	(void)safe;
	dy_escape_markdown_out(o, s);
}

int
dyad_escape_markdown(FILE *out, const char *s)
{
	return to_file(out, markdown_esc, s, 0, false);
}

int
dyad_escape_gnuplot(FILE *out, const char *s)
{
	putc('"', out);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"') {
			fputs("\\\"", out);
		} else if (c == '\\') {
			/* the string turns \\\\ into \\, which enhanced text
			 * shows as one backslash */
			fputs("\\\\\\\\", out);
		} else if (c == '`') {
			fputs("\\140", out);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(out, "\\%03o", c);
		} else if (strchr("^_@&~{}", c) != NULL) {
			/* enhanced text: a doubled backslash in a double-quoted
			 * string reaches the enhanced-text parser as one escape */
			fputs("\\\\", out);
			putc(c, out);
		} else {
			putc(c, out);
		}
	}
	return putc('"', out) == EOF || ferror(out) ? -1 : 0;
}

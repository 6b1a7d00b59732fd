/* escape.c - one escaper per output language; every data-derived label in
 * every output passes through one of these. */
#include <string.h>

#include "dyad/escape.h"
#include "csvread.h"

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

int
dyad_escape_json(FILE *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t k;

	if (putc('"', out) == EOF)
		return -1;
	while (*s != '\0') {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			putc('\\', out);
			putc(c, out);
		} else if (c == '\n') {
			fputs("\\n", out);
		} else if (c == '\r') {
			fputs("\\r", out);
		} else if (c == '\t') {
			fputs("\\t", out);
		} else if (c < 0x20 || c == 0x7f) {
			fprintf(out, "\\u00%c%c", hex[c >> 4], hex[c & 15]);
		} else if (c >= 0x80) {
			k = utf8_len(s);
			if (k == 0) {
				fputs("\\ufffd", out);
				s++;
				continue;
			}
			fwrite(s, 1, k, out);
			s += k;
			continue;
		} else {
			putc(c, out);
		}
		s++;
	}
	return putc('"', out) == EOF || ferror(out) ? -1 : 0;
}

static bool
formula_start(const char *s)
{
	return *s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' ||
	    *s == '\r';
}

int
dyad_escape_csv(FILE *out, const char *s, char delim, bool safe)
{
	size_t n = strlen(s);
	bool quote = safe && formula_start(s);
	const char *p;

	/* CSV readers (libcsv among them) drop blanks around an unquoted
	 * field, so a leading or trailing space or tab needs quotes too; and
	 * a field that could be the first of a file must not start with a
	 * byte-order mark, which readers drop (UTF-8) or refuse (UTF-16) */
	if (!quote)
		quote = strchr(s, delim) != NULL || strpbrk(s, "\"\r\n") != NULL ||
		    (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' ||
		    s[n - 1] == '\t')) || strncmp(s, "\xEF\xBB\xBF", 3) == 0 ||
		    strncmp(s, "\xFF\xFE", 2) == 0 || strncmp(s, "\xFE\xFF", 2) == 0;
	if (!quote)
		return fputs(s, out) == EOF ? -1 : 0;
	putc('"', out);
	if (safe && formula_start(s))
		putc('\'', out);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			putc('"', out);
		putc(*p, out);
	}
	return putc('"', out) == EOF || ferror(out) ? -1 : 0;
}

int
dyad_escape_tsv(FILE *out, const char *s, bool safe)
{
	if (safe && formula_start(s))
		putc('\'', out);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\t': fputs("\\t", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\\': fputs("\\\\", out); break;
		default:   putc(*s, out);
		}
	}
	return ferror(out) ? -1 : 0;
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

int
dyad_escape_markdown(FILE *out, const char *s)
{
	const char *start = s;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			/* line breaks would end the table row; other control
			 * bytes have no business in a document */
			putc(' ', out);
		} else if (*s == '<') {
			fputs("&lt;", out);
		} else if (*s == '&') {
			fputs("&amp;", out);
		} else if (strchr("\\`*_[]|~", *s) != NULL ||
		    (s == start && strchr("#+-!>=", *s) != NULL)) {
			/* block markers matter only where a line starts */
			putc('\\', out);
			putc(*s, out);
		} else {
			putc(*s, out);
		}
	}
	return ferror(out) ? -1 : 0;
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

/* test_escape.c - every escaper on hostile strings (lib/escape.c).  The
 * expected texts are written out by hand from each format's rules (RFC 4180,
 * RFC 8259, HTML, CommonMark, gnuplot's string syntax); on top, properties:
 * JSON decodes back to the input, CSV parses back through dy_csv_read, and
 * gnuplot itself prints the label and runs nothing. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "csvread.h"
#include "dyad/escape.h"

#define PWN "x\"; system(\"touch /tmp/pwned\"); \""

/* Run one escaper into a string (caller frees). */
enum kind { JSON, CSV, CSV_SAFE, SEMI, TSV, TSV_SAFE, HTML, MD, GNUPLOT };

static char *
esc(enum kind k, const char *s)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = 0;

	if (f == NULL)
		return NULL;
	switch (k) {
	case JSON:     rc = dyad_escape_json(f, s); break;
	case CSV:      rc = dyad_escape_csv(f, s, ',', false); break;
	case CSV_SAFE: rc = dyad_escape_csv(f, s, ',', true); break;
	case SEMI:     rc = dyad_escape_csv(f, s, ';', false); break;
	case TSV:      rc = dyad_escape_tsv(f, s, false); break;
	case TSV_SAFE: rc = dyad_escape_tsv(f, s, true); break;
	case HTML:     rc = dyad_escape_html(f, s); break;
	case MD:       rc = dyad_escape_markdown(f, s); break;
	case GNUPLOT:  rc = dyad_escape_gnuplot(f, s); break;
	}
	fclose(f);
	if (rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static const char *const kname[] = { "json", "csv", "csv safe", "csv ;",
	"tsv", "tsv safe", "html", "markdown", "gnuplot" };

/* Expected output, worked out by hand from each format's rules. */
static const struct {
	enum kind k;
	const char *in, *want;
} table[] = {
	/* JSON (RFC 8259): quote, backslash, controls escaped; / and < are
	 * fine; invalid UTF-8 becomes U+FFFD so the document stays valid */
	{ JSON, "plain", "\"plain\"" },
	{ JSON, "", "\"\"" },
	{ JSON, "a\"b\\c", "\"a\\\"b\\\\c\"" },
	{ JSON, "l1\nl2\r\t\x01\x1f\x7f",
	    "\"l1\\nl2\\r\\t\\u0001\\u001f\\u007f\"" },
	{ JSON, PWN, "\"x\\\"; system(\\\"touch /tmp/pwned\\\"); \\\"\"" },
	{ JSON, "<script>alert(1)</script>", "\"<script>alert(1)</script>\"" },
	{ JSON, "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80",
	    "\"caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80\"" },
	{ JSON, "bad\xff\xfe end", "\"bad\\ufffd\\ufffd end\"" },
	{ JSON, "trunc\xe2\x80", "\"trunc\\ufffd\\ufffd\"" },
	{ JSON, "overlong\xc0\xaf", "\"overlong\\ufffd\\ufffd\"" },
	{ JSON, "surrogate\xed\xa0\x80", "\"surrogate\\ufffd\\ufffd\\ufffd\"" },
	/* CSV (RFC 4180): quote when the field holds the delimiter, a quote,
	 * CR or LF, or starts or ends with a blank; quotes doubled */
	{ CSV, "plain", "plain" },
	{ CSV, "", "" },
	{ CSV, "a,b", "\"a,b\"" },
	{ CSV, "a;b", "a;b" },
	{ SEMI, "a;b", "\"a;b\"" },
	{ SEMI, "1,5", "1,5" },
	{ CSV, "say \"hi\"", "\"say \"\"hi\"\"\"" },
	{ CSV, "l1\nl2", "\"l1\nl2\"" },
	{ CSV, "cr\r", "\"cr\r\"" },
	{ CSV, " lead", "\" lead\"" },
	{ CSV, "trail ", "\"trail \"" },
	{ CSV, "\tlead", "\"\tlead\"" },
	{ CSV, "trail\t", "\"trail\t\"" },
	{ CSV, "=1+1", "=1+1" },
	{ CSV, PWN, "\"x\"\"; system(\"\"touch /tmp/pwned\"\"); \"\"\"" },
	/* csv_safe: = + - @ tab CR at the start get a leading ' (OWASP CSV
	 * injection advice), and the field is quoted */
	{ CSV_SAFE, "=HYPERLINK(\"http://evil\",\"click\")",
	    "\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\"" },
	{ CSV_SAFE, "+1", "\"'+1\"" },
	{ CSV_SAFE, "-2", "\"'-2\"" },
	{ CSV_SAFE, "@SUM(A1)", "\"'@SUM(A1)\"" },
	{ CSV_SAFE, "\tx", "\"'\tx\"" },
	{ CSV_SAFE, "a=b", "a=b" },
	{ CSV_SAFE, "", "" },
	/* TSV: tab, CR, LF and backslash as \t \r \n \\ */
	{ TSV, "a\tb\nc\rd\\e", "a\\tb\\nc\\rd\\\\e" },
	{ TSV, "a,b \"q\"", "a,b \"q\"" },
	{ TSV_SAFE, "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
	{ TSV_SAFE, "x=1", "x=1" },
	/* HTML: the five special characters as entities */
	{ HTML, "<script>alert('x')</script>",
	    "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" },
	{ HTML, "a & b \"c\"", "a &amp; b &quot;c&quot;" },
	{ HTML, PWN, "x&quot;; system(&quot;touch /tmp/pwned&quot;); &quot;" },
	{ HTML, "bad\xff!", "bad&#xfffd;!" },
	{ HTML, "ctl\x01\x1b[31m", "ctl  [31m" },
	{ HTML, "caf\xc3\xa9", "caf\xc3\xa9" },
	/* Markdown: markup characters backslash-escaped, < and & as entities,
	 * line breaks and other controls as spaces, block markers only first */
	{ MD, "a|b", "a\\|b" },
	{ MD, "*bold* _it_ `code` [l](u) ~s~",
	    "\\*bold\\* \\_it\\_ \\`code\\` \\[l\\](u) \\~s\\~" },
	{ MD, "# head", "\\# head" },
	{ MD, "a # b", "a # b" },
	{ MD, "- item", "\\- item" },
	{ MD, "=x", "\\=x" },
	{ MD, "<script>x</script>", "&lt;script>x&lt;/script>" },
	{ MD, "a & b", "a &amp; b" },
	{ MD, "l1\nl2\r\tx\x1b", "l1 l2  x " },
	{ MD, "back\\slash", "back\\\\slash" },
	/* gnuplot: a double-quoted literal; \ and " escaped, controls in
	 * octal, backquote as \140 (gnuplot substitutes `cmd` even inside
	 * double quotes), enhanced-text characters behind a doubled \ */
	{ GNUPLOT, "plain", "\"plain\"" },
	{ GNUPLOT, PWN, "\"x\\\"; system(\\\"touch /tmp/pwned\\\"); \\\"\"" },
	{ GNUPLOT, "`touch /tmp/pwned`", "\"\\140touch /tmp/pwned\\140\"" },
	/* a backslash is doubled twice: the string makes \\ of \\\\, and
	 * enhanced text shows \\ as one backslash */
	{ GNUPLOT, "a\\b", "\"a\\\\\\\\b\"" },
	{ GNUPLOT, "l1\nl2\x7f", "\"l1\\012l2\\177\"" },
	{ GNUPLOT, "x^2_i @ {a} & ~",
	    "\"x\\\\^2\\\\_i \\\\@ \\\\{a\\\\} \\\\& \\\\~\"" },
	{ GNUPLOT, "caf\xc3\xa9", "\"caf\xc3\xa9\"" },
};

/* Hostile strings for the round-trip properties. */
static const char *const hostile[] = {
	"", "plain", "a,b", "a;b", "\"", "\"\"", "say \"hi\"", "l1\nl2",
	"l1\r\nl2", "cr\r", " lead", "trail ", "\tboth\t", "  ", "=1+1",
	"=HYPERLINK(\"http://evil\",\"click\")", PWN,
	    "<script>alert(1)</script>",
	"back\\slash", "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80", "`touch x`",
	"\x01\x02\x1b[31m", "a,\"b\nc\",d", ",", "\n", "'quoted'", "x^2_i",
};

/* Decode one JSON string literal at *p (RFC 8259) into out; -1 when it is
 * not valid JSON (raw control character, bad escape, missing quote). */
static int
json_decode(const char *p, char *out, size_t outlen)
{
	size_t o = 0;
	unsigned long cp;
	int i;

	if (*p++ != '"')
		return -1;
	while (*p != '"') {
		unsigned char c = (unsigned char)*p;

		if (c == '\0' || c < 0x20 || o + 5 > outlen)
			return -1;
		if (c != '\\') {
			out[o++] = *p++;
			continue;
		}
		p++;
		switch (*p) {
		case '"': case '\\': case '/': out[o++] = *p; break;
		case 'n': out[o++] = '\n'; break;
		case 'r': out[o++] = '\r'; break;
		case 't': out[o++] = '\t'; break;
		case 'b': out[o++] = '\b'; break;
		case 'f': out[o++] = '\f'; break;
		case 'u':
			cp = 0;
			for (i = 1; i <= 4; i++) {
				char h = p[i];

				const char *hex = "0123456789abcdefABCDEF";
				const char *at = strchr(hex, h);
				long d = at - hex;

				if (h == '\0' || at == NULL)
					return -1;
				cp = cp * 16 + (unsigned long)(d < 16 ? d : d - 6);
			}
			p += 4;
			if (cp < 0x80) {
				out[o++] = (char)cp;
			} else if (cp < 0x800) {
				out[o++] = (char)(0xC0 | (cp >> 6));
				out[o++] = (char)(0x80 | (cp & 0x3F));
			} else {
				out[o++] = (char)(0xE0 | (cp >> 12));
				out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
				out[o++] = (char)(0x80 | (cp & 0x3F));
			}
			break;
		default:
			return -1;
		}
		p++;
	}
	if (p[1] != '\0')
		return -1;
	out[o] = '\0';
	return 0;
}

struct one_field {
	char text[256];
	size_t records, fields;
};

static int
take(const struct dy_record *rec, void *ctx)
{
	struct one_field *f = ctx;

	f->records++;
	f->fields = rec->n;
	if (rec->n > 0)
		snprintf(f->text, sizeof(f->text), "%s", rec->field[0]);
	return 0;
}

/* CSV property: "x,FIELD,y" written with the escaper reads back through
 * dy_csv_read as three fields, the middle one equal to the input. */
static void
csv_round_trip(const char *s, char delim)
{
	char *mid = esc(delim == ';' ? SEMI : CSV, s), *line;
	struct dy_csv_opts opts = { .delim = ',' };
	struct dyad_error err;
	struct one_field f;
	char what[300], show[64];
	size_t n;

	if (mid == NULL)
		return;
	opts.delim = (unsigned char)delim;
	n = strlen(mid) + 8;
	line = malloc(n);
	if (line == NULL)
		return;
	/* the field alone on its line, so that it is field 1 */
	snprintf(line, n, "%s%cy\n", mid, delim);
	memset(&f, 0, sizeof(f));
	dy_csv_read(NULL, line, strlen(line), &opts, take, &f, &err);
	dy_show(show, sizeof(show), s, strlen(s));
	snprintf(what, sizeof(what), "csv '%c' round trip \"%s\"", delim, show);
	check_report_(f.records == 1 && f.fields == 2 && strcmp(f.text, s) == 0,
	    what, "%zu records, %zu fields, got \"%s\" from %s", f.records,
	    f.fields, f.text, line);
	free(line);
	free(mid);
}

/* Run gnuplot on a script; 0 when it ran and exited 0. */
static int
gnuplot(const char *dir, const char *script, char *out, size_t outlen)
{
	char path[300], cmd[700];
	FILE *f;
	size_t n;
	int rc;

	snprintf(path, sizeof(path), "%s/t.gp", dir);
	f = fopen(path, "w");
	if (f == NULL)
		return -1;
	fputs(script, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "cd %s && gnuplot t.gp > out.txt 2>&1", dir);
	rc = system(cmd);
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	f = fopen(path, "r");
	if (f == NULL)
		return -1;
	n = fread(out, 1, outlen - 1, f);
	out[n] = '\0';
	fclose(f);
	return rc;
}

/* gnuplot property: "print LABEL" prints the label's text (with a \ before
 * each enhanced-text character and each backslash) and a command hidden in
 * it never runs. */
static void
gnuplot_runs_nothing(void)
{
	char dir[] = "/tmp/dyad-escape-XXXXXX", label[256], want[520], out[600];
	char script[1400], marker[40], what[200];
	char *lit, *lit2;
	struct stat st;
	size_t i, o;

	if (system("command -v gnuplot >/dev/null 2>&1") != 0) {
		printf("skip - gnuplot not installed: escaped labels run "
		    "nothing\n");
		return;
	}
	if (mkdtemp(dir) == NULL) {
		printf("not ok - mkdtemp\n");
		return;
	}
	snprintf(marker, sizeof(marker), "%s/pwned", dir);
	/* every way out of a string literal that we know of */
	snprintf(label, sizeof(label), "a\"; system(\"touch %s\"); \" "
	    "`touch %s` \\\" b_1", marker, marker);
	lit = esc(GNUPLOT, label);
	lit2 = esc(GNUPLOT, "x\ny^2");
	if (lit == NULL || lit2 == NULL)
		return;
	snprintf(script, sizeof(script), "set terminal dumb\n"
	    "print %s\nprint %s\nset label 1 %s at 0,0\nset title %s\n"
	    "plot x notitle\n", lit, lit2, lit, lit);
	gnuplot(dir, script, out, sizeof(out));
	/* the label as text, with \ before _ and \ (enhanced-text escapes) */
	for (i = o = 0; label[i] != '\0'; i++) {
		if (strchr("^_@&~{}\\", label[i]) != NULL)
			want[o++] = '\\';
		want[o++] = label[i];
	}
	want[o] = '\0';
	snprintf(what, sizeof(what), "gnuplot prints the escaped label");
	check_report_(strncmp(out, want, strlen(want)) == 0 &&
	    out[strlen(want)] == '\n', what, "gnuplot said \"%.200s\"", out);
	check_true(strstr(out, "x\ny\\^2\n") != NULL,
	    "gnuplot prints a line break written as \\012");
	check_true(stat(marker, &st) != 0,
	    "gnuplot ran no command from a label");
	free(lit);
	free(lit2);
	snprintf(script, sizeof(script), "rm -rf %s", dir);
	if (system(script) != 0)
		printf("# could not remove %s\n", dir);
}

int
main(void)
{
	char what[300], show[64], dec[512];
	size_t i;
	char *got;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		got = esc(table[i].k, table[i].in);
		dy_show(show, sizeof(show), table[i].in, strlen(table[i].in));
		snprintf(what, sizeof(what), "%s \"%s\"", kname[table[i].k],
		    show);
		check_str(got, table[i].want, what);
		free(got);
	}

	/* JSON: valid, and decodes to the input */
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		got = esc(JSON, hostile[i]);
		dy_show(show, sizeof(show), hostile[i], strlen(hostile[i]));
		snprintf(what, sizeof(what), "json decodes back \"%s\"", show);
		check_true(got != NULL && json_decode(got, dec,
		    sizeof(dec)) == 0 &&
		    strcmp(dec, hostile[i]) == 0, what);
		free(got);
	}
	got = esc(JSON, "a\xff" "b");
	check_true(got != NULL && json_decode(got, dec, sizeof(dec)) == 0 &&
	    strcmp(dec, "a\xef\xbf\xbd" "b") == 0,
	    "json: invalid byte decodes as U+FFFD");
	free(got);

	/* CSV: parses back to the same text, with ',' and with ';' */
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		csv_round_trip(hostile[i], ',');
		csv_round_trip(hostile[i], ';');
	}

	/* Markdown: one table row stays one row with the same cell count */
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		size_t bars = 0;
		const char *p;

		got = esc(MD, hostile[i]);
		for (p = got; p != NULL && *p != '\0'; p++)
			if (*p == '|' && (p == got || p[-1] != '\\'))
				bars++;
		dy_show(show, sizeof(show), hostile[i], strlen(hostile[i]));
		snprintf(what, sizeof(what), "markdown keeps the row \"%s\"",
		    show);
		check_true(got != NULL && strpbrk(got, "\n\r") == NULL &&
		    bars == 0 && strchr(got, '<') == NULL, what);
		free(got);
	}

	/* HTML: no raw < > " ' and no control bytes survive */
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		const char *p;
		int clean = 1;

		got = esc(HTML, hostile[i]);
		for (p = got; p != NULL && *p != '\0'; p++)
			if (strchr("<>\"'",
			    *p) != NULL || (*p > 0 && *p < 0x20 &&
			    *p != '\n' && *p != '\t'))
				clean = 0;
		dy_show(show, sizeof(show), hostile[i], strlen(hostile[i]));
		snprintf(what, sizeof(what), "html is inert \"%s\"", show);
		check_true(got != NULL && clean, what);
		free(got);
	}

	/* a write error is reported */
	{
		FILE *full = fopen("/dev/full", "w");

		if (full != NULL) {
			setvbuf(full, NULL, _IONBF, 0);
			check_int(dyad_escape_json(full, "x"), -1,
			    "json escaper reports a write error");
			fclose(full);
		}
	}
	gnuplot_runs_nothing();
	return check_summary();
}

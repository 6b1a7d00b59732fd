/* fuzz_csv.c - libFuzzer harness for CSV ingest.
 *
 * The input is an assessment file.  It is read with dyad_data_read from an
 * fmemopen stream, long and wide (and, on odd-sized inputs, with
 * --decimal-comma), against the built-in catalog; then every accessor is
 * walked.  Properties checked besides "no crash, no leak, no UB":
 *   - every issue has a message and a line no later than the file's last
 *     line; every stored row has a known status and a line in the file;
 *   - the row counts by status add up to the rows stored;
 *   - dy_csv_read gives the same records from the whole buffer as from a
 *     stream read in 1-, 2-, 3- and 7-byte pieces (no buffer-boundary bugs),
 *     and as libcsv alone does (libcsv_only: no fast path for lines without
 *     quotes), also when the reader compares a line's first fields with
 *     the last record's (and the fields it says are the last record's
 *     are).
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dyad.h"
#include "csvread.h"

static struct dyad_catalog *cat;
static size_t nlines;           /* physical lines of the current input */

#define FAIL(...) do { fprintf(stderr, "fuzz_csv: " __VA_ARGS__); \
	fputc('\n', stderr); abort(); } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dyad_error err;

	(void)argc;
	(void)argv;
	if (dyad_catalog_new_default(&cat, &err) != DYAD_OK)
		FAIL("built-in catalog: %s", err.msg);
	return 0;
}

static void
on_issue(const struct dyad_issue *is, void *ctx)
{
	(void)ctx;
	if (is->msg == NULL || is->file == NULL)
		FAIL("issue without a message or file");
	if (is->line > nlines)
		FAIL("issue on line %zu of a %zu-line input: %s", is->line, nlines,
		    is->msg);
	if ((unsigned)is->kind >= DYAD_ROW_NSTATUS)
		FAIL("issue of unknown kind %d", (int)is->kind);
	if (strlen(is->msg) == 0)
		FAIL("empty issue message");
}

static void
ingest(const uint8_t *data, size_t size, bool wide, bool dcomma)
{
	struct dyad_read_opts opts;
	struct dyad_error err;
	struct dyad_data *d;
	size_t i, k, total = 0;
	long first, last;
	FILE *f;

	/* fmemopen refuses size 0 on older C libraries: give it a byte it
	 * cannot see (the stream's size is set by the mode "r" and size) */
	f = fmemopen(size ? (void *)data : (void *)"", size ? size : 1, "r");
	if (f == NULL)
		FAIL("fmemopen failed");
	if (size == 0)
		fgetc(f);
	memset(&opts, 0, sizeof(opts));
	opts.wide = wide;
	opts.decimal_comma = dcomma;
	opts.on_issue = on_issue;
	if (dyad_data_new(&d, cat, &err) != DYAD_OK)
		FAIL("dyad_data_new");
	if (dyad_data_read(d, f, "fuzz.csv", &opts, &err) != DYAD_OK) {
		if (err.status == DYAD_OK || err.msg[0] == '\0')
			FAIL("an error without a status or message");
		if (err.line > nlines)
			FAIL("error on line %zu of a %zu-line input: %s", err.line,
			    nlines, err.msg);
	}
	fclose(f);
	dyad_data_check_caregivers(d, &opts, &err);
	for (i = 0; i < dyad_data_rows(d); i++) {
		struct dyad_row rv;
		const struct dyad_row *r = &rv;

		if (!dyad_data_row(d, i, &rv))
			FAIL("row %zu of %zu is not there", i, dyad_data_rows(d));
		if (r->status >= DYAD_ROW_NSTATUS)
			FAIL("row %zu has status %u", i, r->status);
		if (r->line == 0 || r->line > nlines)
			FAIL("row %zu on line %u of a %zu-line input", i, r->line,
			    nlines);
		if (r->measure >= 0 &&
		    dyad_catalog_at(cat, (size_t)r->measure) == NULL)
			FAIL("row %zu has measure %d", i, r->measure);
		if (r->status == DYAD_ROW_OK && r->score != r->score)
			FAIL("usable row %zu has no score", i);
		(void)strlen(dyad_data_str(d, r->child));
		(void)strlen(dyad_data_str(d, r->caregiver));
		(void)strlen(dyad_data_str(d, r->family));
		(void)strlen(dyad_data_str(d, r->site));
		(void)strlen(dyad_data_str(d, r->timepoint));
		for (k = 0; k < dyad_data_extra_count(d); k++)
			(void)strlen(dyad_data_str(d, dyad_data_extra(d, i, k)));
	}
	for (k = 0; k < dyad_data_extra_count(d); k++)
		if (dyad_data_extra_index(d, dyad_data_extra_name(d, k)) !=
		    (long)k)
			FAIL("extra column %zu is not found by its name", k);
	for (k = 0; k < DYAD_ROW_NSTATUS; k++)
		total += dyad_data_count(d, (enum dyad_row_status)k);
	if (total != dyad_data_rows(d))
		FAIL("counts add up to %zu, rows %zu", total, dyad_data_rows(d));
	(void)dyad_data_date_range(d, &first, &last);
	dyad_data_free(d);
}

/* ---- chunk-size invariance of the record reader ---- */

struct sink {
	char *buf;
	size_t len, cap;
	/* the last record's first fields, to check what 'same' claims */
	char last[DY_SAME_MAX][65];
	size_t lastlen[DY_SAME_MAX], nlast;
};

static void
put(struct sink *s, const void *p, size_t n)
{
	if (s->len + n > s->cap) {
		s->cap = (s->len + n) * 2 + 64;
		s->buf = realloc(s->buf, s->cap);
		if (s->buf == NULL)
			FAIL("out of memory");
	}
	memcpy(s->buf + s->len, p, n);
	s->len += n;
}

static int
record(const struct dy_record *rec, void *ctx)
{
	struct sink *s = ctx;
	size_t i;

	put(s, &rec->line, sizeof(rec->line));
	put(s, &rec->n, sizeof(rec->n));
	if (rec->bad != NULL)
		put(s, rec->bad, strlen(rec->bad) + 1);
	for (i = 0; i < rec->n; i++) {
		if (rec->field[i][rec->len[i]] != '\0')
			FAIL("field %zu is not NUL-terminated", i);
		put(s, &rec->len[i], sizeof(rec->len[i]));
		put(s, rec->field[i], rec->len[i]);
	}
	if (rec->same > rec->n || rec->same > s->nlast)
		FAIL("record at line %zu starts as the last by %zu fields of %zu",
		    rec->line, rec->same, rec->n);
	for (i = 0; i < rec->same; i++)
		if (rec->len[i] != s->lastlen[i] ||
		    memcmp(rec->field[i], s->last[i], rec->len[i]) != 0)
			FAIL("field %zu at line %zu is not the last record's",
			    i, rec->line);
	/* fields are at most 64 bytes (max_field) */
	for (i = 0, s->nlast = 0; i < rec->n && i < DY_SAME_MAX &&
	    rec->len[i] <= 64; i++) {
		memcpy(s->last[i], rec->field[i], rec->len[i]);
		s->lastlen[i] = rec->len[i];
		s->nlast = i + 1;
	}
	return 0;
}

/* The records as bytes in out; returns the status, *line the error line. */
static enum dyad_status
read_records(const uint8_t *data, size_t size, size_t chunk,
    unsigned char delim, int libcsv_only, struct sink *out, size_t *line)
{
	/* leading fields compared with the last record's: as many as the
	 * input's first byte says (the records must not change) */
	size_t same = size > 0 ? data[0] % 4 : 0;
	struct dy_csv_opts o = { .delim = delim, .max_field = 64, .chunk = chunk,
	    .libcsv_only = libcsv_only, .same_fields = &same };
	struct dyad_error err;
	enum dyad_status st;
	FILE *f = NULL;

	out->len = 0;
	out->nlast = 0;
	if (chunk > 0) {
		f = fmemopen(size ? (void *)data : (void *)"", size ? size : 1,
		    "r");
		if (f == NULL)
			FAIL("fmemopen failed");
		if (size == 0)
			fgetc(f);
	}
	dyad_error_clear(&err);
	st = dy_csv_read(f, (const char *)data, size, &o, record, out, &err);
	*line = err.line;
	if (f != NULL)
		fclose(f);
	return st;
}

static void
chunks(const uint8_t *data, size_t size)
{
	static const size_t sizes[] = { 1, 2, 3, 7 };
	struct sink whole = { 0 }, piece = { 0 };
	enum dyad_status st, pst;
	unsigned char delim = size > 0 && data[0] == ';' ? ';' : ',';
	size_t i, line, pline;

	/* a small field limit (64 bytes) exercises the over-long path too */
	st = read_records(data, size, 0, delim, 0, &whole, &line);
	for (i = 0; i <= sizeof(sizes) / sizeof(sizes[0]); i++) {
		/* the last round: every line through libcsv, no fast path */
		bool slow = i == sizeof(sizes) / sizeof(sizes[0]);

		pst = read_records(data, size, slow ? 0 : sizes[i], delim, slow,
		    &piece, &pline);
		if (pst != st || (st != DYAD_OK && pline != line))
			FAIL("read %s: status %d line %zu, the whole buffer: "
			    "status %d line %zu", slow ? "by libcsv alone" :
			    "in pieces", (int)pst, pline, (int)st, line);
		/* before a fatal error (NUL byte) the records handed out
		 * depend on how far the reader got: compare them only when
		 * the whole input was read */
		if (st == DYAD_OK && (piece.len != whole.len || (whole.len > 0 &&
		    memcmp(piece.buf, whole.buf, whole.len) != 0)))
			FAIL("records read %s differ from the records of the "
			    "whole buffer", slow ? "by libcsv alone" :
			    "in small pieces");
	}
	free(whole.buf);
	free(piece.buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t i;

	/* LF, CR LF and a lone CR each end a line; the last line may lack
	 * its break */
	nlines = 1;
	for (i = 0; i < size; i++)
		if (data[i] == '\n' ||
		    (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
			nlines++;
	ingest(data, size, false, size % 2 == 1);
	ingest(data, size, true, false);
	chunks(data, size);
	return 0;
}

/* csvread.h - libcsv wrapped into a record reader that knows line numbers. */
#ifndef DYAD_CSVREAD_H
#define DYAD_CSVREAD_H

#include <stdio.h>
#include <sys/types.h>

#include "dyad/error.h"

/* One CSV record.  Fields are NUL-terminated copies owned by the reader and
 * valid only during the callback.  When 'bad' is not NULL the record could
 * not be parsed (malformed quoting, field too long) and has no fields; the
 * rest of its physical line is skipped and reading resumes on the next. */
struct dy_record {
	char **field;
	size_t *len;
	size_t n;
	size_t line;            /* physical line where the record starts
	                         * (1-based; LF, CR LF and a lone CR each end
	                         * a line) */
	const char *bad;        /* why the record is unusable, or NULL */
	int trimmed;            /* no field starts or ends with a space or a
	                         * tab: the reader trimmed them (quote-free
	                         * lines; a quoted field keeps its own) */
	size_t same;            /* the first 'same' fields are byte for byte
	                         * those of the record handed out before this
	                         * one (see same_fields); 0: not known */
};

/* Called once per record (blank lines are skipped); return nonzero to stop. */
typedef int (*dy_record_fn)(const struct dy_record *rec, void *ctx);

struct dy_csv_opts {
	unsigned char delim;    /* ',' ';' or '\t' */
	size_t max_field;       /* longest accepted field in bytes; 0 = 1 MiB */
	size_t chunk;           /* bytes per fread from a FILE; 0 = 64 KiB
	                         * (tests use every size from 1 up) */
	int libcsv_only;        /* tests: no fast path, every line to libcsv */
	size_t limit;           /* FILE input: after this many bytes (from
	                         * where the FILE stood, a byte-order mark
	                         * included; more than 3), call at_limit;
	                         * 0: no limit */
	int (*at_limit)(void *ctx, size_t line, int between);
	                                /* line: the line the next byte is
	                                 * on; between: the reader stands
	                                 * between records there (not in a
	                                 * quoted field or a record).
	                                 * Nonzero: stop there, the rest of
	                                 * the file is read elsewhere */
	void (*progress)(size_t done, void *ctx);  /* FILE input: called
	                                 * every PROGRESS bytes; may be NULL */
	/* dy_csv_read_range: where its range ends for now (at most 'to'),
	 * asked before each read of up to 'want' bytes at 'from'; NULL: at
	 * 'to'.  Reaching an end short of 'to' it calls at_limit: nonzero
	 * stops there (the rest is read elsewhere), zero reads on (the end
	 * has been moved on). */
	off_t (*range_end)(void *ctx, off_t from, size_t want);
	const size_t *same_fields;      /* read before each line: how many
	                                 * leading fields (at most
	                                 * DY_SAME_MAX) the caller would like
	                                 * compared with the last record's,
	                                 * as struct dy_record's same says;
	                                 * NULL or 0: none */
};

#define DY_SAME_MAX 8

#define DY_CSV_PROGRESS ((size_t)4 << 20)

/* Read CSV from 'in' (or, when in is NULL, from the buflen bytes at buf),
 * calling fn for each record.  A UTF-8 byte-order mark is skipped.  Fatal
 * problems (I/O error, UTF-16, NUL bytes, no memory) return non-DYAD_OK with
 * err filled; recoverable ones are reported as bad records. */
enum dyad_status dy_csv_read(FILE *in, const char *buf, size_t buflen,
    const struct dy_csv_opts *opts, dy_record_fn fn, void *ctx,
    struct dyad_error *err);

/* Read the bytes [from, to) of file descriptor fd with pread (the file's
 * offset is not used or moved), as if they followed the headlen bytes at
 * head (a header line with its line break, read as line 1) and started on
 * line first_line.  One half of a file split in two at a line break. */
enum dyad_status dy_csv_read_range(int fd, const char *head, size_t headlen,
    off_t from, off_t to, size_t first_line, const struct dy_csv_opts *opts,
    dy_record_fn fn, void *ctx, struct dyad_error *err);

/* Render len bytes of user text for a message: printable bytes as they are,
 * others as \xNN, cut to about 40 characters with "...".  Always
 * NUL-terminates out (size outlen >= 8). */
void dy_show(char *out, size_t outlen, const char *s, size_t len);

/* 1 when the len bytes at s are valid UTF-8. */
int dy_utf8_valid(const char *s, size_t len);

#endif

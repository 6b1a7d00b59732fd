/* dyad/table.h - one result table, written as table, CSV, TSV, JSON or
 * Markdown by the one output module every subcommand shares. */
#ifndef DYAD_TABLE_H
#define DYAD_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "dyad/error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum dyad_format {
	DYAD_FMT_TABLE,         /* aligned text for people */
	DYAD_FMT_CSV,
	DYAD_FMT_TSV,
	DYAD_FMT_JSON,          /* an array of objects */
	DYAD_FMT_MARKDOWN       /* a pipe table for people */
};

/* Parse "table", "csv", "tsv", "json", "markdown" (or "md"); 0 or -1. */
int dyad_format_parse(const char *name, enum dyad_format *out);

enum dyad_col_type {
	DYAD_COL_TEXT,
	DYAD_COL_INT,           /* counts: integers in JSON */
	DYAD_COL_NUM,           /* doubles: shortest round-trip text */
	DYAD_COL_BOOL           /* true/false in JSON */
};

/* How a number is rounded for people (table and Markdown only; CSV, TSV and
 * JSON always print every digit needed to read the double back). */
#define DYAD_ROUND_P    (-1)    /* 3 decimals, "<.001" below 0.001 */

struct dyad_table;              /* opaque */

enum dyad_status dyad_table_new(struct dyad_table **out, struct dyad_error *err);
void dyad_table_free(struct dyad_table *t);     /* NULL is fine */

/* Add a column.  decimals is the rounding for people (or DYAD_ROUND_P);
 * brief says whether table/Markdown show it.  Returns its index or -1. */
long dyad_table_add_col(struct dyad_table *t, const char *name,
    enum dyad_col_type type, int decimals, bool brief);

/* Start a new row (all cells missing); 0 or -1 on no memory. */
int dyad_table_add_row(struct dyad_table *t);

/* Set a cell of the last row.  A NAN or infinite number, or a NULL text,
 * stays missing: null in JSON, empty in CSV/TSV, an em dash for people. */
int dyad_table_set_text(struct dyad_table *t, size_t col, const char *s);
void dyad_table_set_num(struct dyad_table *t, size_t col, double v);
void dyad_table_set_int(struct dyad_table *t, size_t col, long long v);
void dyad_table_set_bool(struct dyad_table *t, size_t col, bool v);

size_t dyad_table_rows(const struct dyad_table *t);
size_t dyad_table_cols(const struct dyad_table *t);

struct dyad_write_opts {
	bool csv_safe;          /* neutralise = + - @ at the start of text cells */
	bool no_header;         /* CSV/TSV without the header line */
};

/* Write the table in fmt to out (through a writer, below).  Returns
 * DYAD_EIO (err->sys_errno set) when the stream reports a write error,
 * DYAD_ENOMEM. */
enum dyad_status dyad_table_write(const struct dyad_table *t,
    enum dyad_format fmt, const struct dyad_write_opts *opts, FILE *out,
    struct dyad_error *err);

/* Remove every row of t, keeping its columns (for refilling it). */
void dyad_table_clear(struct dyad_table *t);

/* Writing rows as they are made, so that a large result never has to be
 * held whole.  A writer collects the text in a 64 KiB buffer and hands it
 * on in blocks to a stream, or to a function write_fn(ctx, buf, len) that
 * returns 0, or -1 with errno set.  The library writes nowhere else. */
struct dyad_writer;             /* opaque */

/* A writer of fmt to fp (dyad_writer_new) or to write_fn
 * (dyad_writer_new_fn).  opts may be NULL.  DYAD_ENOMEM, or DYAD_EINVAL when
 * fp or write_fn is NULL; on failure *out is NULL. */
enum dyad_status dyad_writer_new(struct dyad_writer **out,
    enum dyad_format fmt, const struct dyad_write_opts *opts, FILE *fp,
    struct dyad_error *err);
enum dyad_status dyad_writer_new_fn(struct dyad_writer **out,
    enum dyad_format fmt, const struct dyad_write_opts *opts,
    int (*write_fn)(void *ctx, const char *buf, size_t len), void *ctx,
    struct dyad_error *err);

/* Write every row of t.  The first table put names the columns (and the
 * header goes out with its rows; put a table without rows to write only
 * the header); later tables must have as many columns of the same types,
 * else DYAD_EINVAL.  CSV, TSV and JSON rows are written at once, so t can
 * then be emptied with dyad_table_clear and refilled: memory stays that of
 * one batch.  Table and Markdown need every row for the column widths:
 * their rows are copied and written by dyad_writer_finish.  DYAD_EIO
 * (err->sys_errno set) when a write failed, DYAD_ENOMEM. */
enum dyad_status dyad_writer_put(struct dyad_writer *w,
    const struct dyad_table *t, struct dyad_error *err);

/* Write what remains (table and Markdown: everything; JSON: the closing
 * bracket; nothing put at all: a table without columns) and hand the
 * buffer on.  A stream is not flushed: that stays with its owner.  Same
 * statuses as dyad_writer_put; DYAD_EINVAL when called twice. */
enum dyad_status dyad_writer_finish(struct dyad_writer *w,
    struct dyad_error *err);

void dyad_writer_free(struct dyad_writer *w);   /* NULL is fine */

/* Reading a table back, for writers outside this module (the Excel
 * workbook).  Out-of-range indexes give NULL, DYAD_COL_TEXT, 0 and false. */
const char *dyad_table_col_name(const struct dyad_table *t, size_t col);
enum dyad_col_type dyad_table_col_type(const struct dyad_table *t, size_t col);
int dyad_table_col_decimals(const struct dyad_table *t, size_t col);

/* The number in a cell of an INT, NUM or BOOL column (as 0 or 1) into *v;
 * false when the cell is missing or holds text. */
bool dyad_table_get_num(const struct dyad_table *t, size_t row, size_t col,
    double *v);

/* The text of a cell of a TEXT column (borrowed until the table is freed);
 * NULL when missing. */
const char *dyad_table_get_text(const struct dyad_table *t, size_t row,
    size_t col);

#ifdef __cplusplus
}
#endif
#endif

/* rows.h - a data set's rows as it keeps them: 32 bytes each, the ids and
 * file that the rows of a case share held once, in its context.  struct
 * dyad_row (dyad/data.h) is the filled-in public view of one; lib/ code
 * that walks many rows reads these.  Not part of the public API. */
#ifndef DYAD_ROWS_H
#define DYAD_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "dyad/data.h"

/* What the rows of a case share.  Rows of a case come together in real
 * exports, so a few hundred thousand of these stand for millions of rows
 * (a large file's rows are most of the memory dyad touches). */
struct dy_ctx {
	uint32_t child, caregiver, family, site;        /* string ids */
	uint16_t file;
	uint16_t pad_;
	uint32_t next;          /* the child's previous context + 1, 0: none */
	uint32_t person;        /* its person, once a row of it is chained;
	                         * DYAD_NO_PERSON before */
};

struct dy_row {
	uint32_t ctx;           /* its context's index */
	uint32_t timepoint;     /* as struct dyad_row's fields */
	int32_t date;
	uint32_t line;
	uint32_t prev;          /* chained: the previous row of its person
	                         * + 1, 0: none (the chains pairing walks,
	                         * kept in the row that is read with it) */
	int16_t measure;        /* catalogs hold at most DYAD_MAX_MEASURES */
	uint8_t status;
	uint8_t checked;        /* ROW_CHECKED: checked for duplicates (a
	                         * split read may check it again);
	                         * ROW_CHAINED: and a usable row of its
	                         * context's person */
	double score;
};

_Static_assert(sizeof(struct dy_row) == 32, "a row is 32 bytes");

/* struct dy_row's checked */
enum { ROW_UNCHECKED, ROW_CHECKED, ROW_CHAINED };

/* The rows and contexts of d (valid until d grows). */
const struct dy_row *dy_data_rows(const struct dyad_data *d);
const struct dy_ctx *dy_data_ctxs(const struct dyad_data *d);

/* Row i's context. */
static inline const struct dy_ctx *
dy_row_ctx(const struct dy_ctx *ctx, const struct dy_row *r)
{
	return &ctx[r->ctx];
}

/* The public view of row r. */
void dy_row_view(const struct dyad_data *d, const struct dy_row *r,
    struct dyad_row *out);

/* Row i filled into *buf (buf), or NULL past the end: for code that
 * reads a row's fields as struct dyad_row's. */
static inline const struct dyad_row *
dy_row_get(const struct dyad_data *d, size_t i, struct dyad_row *buf)
{
	return dyad_data_row(d, i, buf) ? buf : NULL;
}

#endif

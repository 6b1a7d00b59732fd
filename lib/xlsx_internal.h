/* xlsx_internal.h - the workbook writer as the report workbook uses it:
 * sheets whose count columns may hold suppressed cells ("<11"). */
#ifndef DYAD_XLSX_INTERNAL_H
#define DYAD_XLSX_INTERNAL_H

#include <stdint.h>

#include "dyad/xlsx.h"

struct dy_sheet {
	const char *name;
	const struct dyad_table *t;
	uint64_t counts;        /* bit c: TEXT column c holds counts: digits are
	                         * written as integers, "<11" stays text */
	uint64_t pct;           /* bit c: NUM column c is a share (format 0%) */
	/* With batch: t holds the columns, and batch(ctx, from, to) refills
	 * it (the same table) with rows [from, to) of nrows, 0 or -1 (no
	 * memory): a large sheet is never held whole. */
	int (*batch)(void *ctx, size_t from, size_t to);
	void *ctx;
	size_t nrows;
};

/* dyad_xlsx_write for sheets with count and share columns; notes is a
 * table of two TEXT columns (topic, note) made by dy_xlsx_notes_new, and
 * sources may be NULL. */
enum dyad_status dy_xlsx_book(const char *path, const struct dy_sheet *s,
    size_t n, const struct dyad_table *notes,
    const struct dyad_table *sources, struct dyad_error *err);

/* A new notes table, and one more line of it; 0 or -1 (no memory). */
struct dyad_table *dy_xlsx_notes_new(void);
int dy_xlsx_note(struct dyad_table *t, const char *topic, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

#endif

/* internal.h - helpers shared across lib/ files; not part of the public API. */
#ifndef DYAD_INTERNAL_H
#define DYAD_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "dyad/error.h"
#include "dyad/table.h"

/* Fill err (if not NULL) with status, position and a printf-style message;
 * returns status so that "return dy_fail(...)" reads naturally. */
enum dyad_status dy_fail(struct dyad_error *err, enum dyad_status status,
    size_t line, size_t field, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Like dy_fail for DYAD_ENOMEM with a fixed message. */
enum dyad_status dy_nomem(struct dyad_error *err);

/* Grow *buf (element size elem) so that it holds at least need elements;
 * capacity doubles.  Returns 0 or -1 on overflow / out of memory.  A grown
 * part of 64 KiB or more is mapped at once (dy_populate): it is about to
 * be written, and a page fault a 4 KiB page costs ten times as much. */
int dy_grow(void **buf, size_t *cap, size_t need, size_t elem);
/* malloc and calloc for an array about to be written in full: mapped at
 * once when it is 64 KiB or more, as dy_grow's grown part. */
void *dy_malloc_now(size_t size);
void *dy_calloc_now(size_t n, size_t size);
/* dy_grow without mapping the grown part: for arrays sized ahead of the
 * data (a reserve may be twice what is used), mapped by whichever core
 * fills them.  (They are not given 2 MiB pages: on a VM whose host takes
 * back free memory, a fresh 2 MiB page cost up to ten times what 4 KiB
 * pages of the same bytes did; see tests/bench/NOTES.md.) */
int dy_grow_lazy(void **buf, size_t *cap, size_t need, size_t elem);
/* Fault in the pages of buf[0..len) without changing a byte (Linux 5.14's
 * MADV_POPULATE_WRITE; nothing elsewhere): for a second core that would
 * otherwise wait, so that the core filling the array later finds it
 * mapped.  Safe while another thread writes to the same pages. */
void dy_populate(void *buf, size_t len);

/* The first done bytes of the heap block buf will not be read again (it
 * is being copied elsewhere and will be freed): give their memory back
 * now, so that a copy does not hold both.  The block is still freed with
 * free(). */
void dy_release_front(void *buf, size_t done);

/* Stable merge sort of the n elements of size bytes at base by cmp, which
 * gets ctx (qsort has no context in C17); tmp holds n elements.  Runs
 * already in order cost one comparison, so nearly sorted input is cheap. */
void dy_msort(void *base, void *tmp, size_t n, size_t size,
    int (*cmp)(const void *, const void *, void *), void *ctx);

/* strdup that never depends on POSIX feature macros. */
char *dy_strdup(const char *s);

/* ASCII case-insensitive comparison that ignores the locale. */
int dy_strcaseeq(const char *a, const char *b);
int dy_strncaseeq(const char *a, const char *b, size_t n);
unsigned char dy_lower(unsigned char c);

struct dyad_table;

/* dyad_table_set_text without the copy: the cell points at s, which must
 * stay valid until the table is cleared or freed (lib/table.c).  For rows
 * that are written and dropped at once.  0, or -1 when there is no row. */
int dy_table_set_text_ref(struct dyad_table *t, size_t col, const char *s);

/* A new empty table with t's columns into *out (lib/table.c); 0, or -1
 * when out of memory (*out NULL). */
int dy_table_new_like(struct dyad_table **out, const struct dyad_table *t);

struct dy_out;
struct dyad_writer;

/* The format w writes (lib/table.c). */
enum dyad_format dy_writer_format(const struct dyad_writer *w);

/* Every row of t onto o exactly as w would write it (CSV, TSV or JSON
 * only; no header, and w is only read, so another thread may call this
 * while w writes).  first: t's first row is the output's first (JSON has
 * no comma before it).  w must have had its first put.  0, or -1 once a
 * write to o failed. */
int dy_writer_format_rows(const struct dyad_writer *w,
    const struct dyad_table *t, bool first, struct dy_out *o);

/* Write n bytes of rows formatted by dy_writer_format_rows (rows of them)
 * through w's output, as if they had been put.  Statuses of
 * dyad_writer_put. */
enum dyad_status dy_writer_put_bytes(struct dyad_writer *w, const char *p,
    size_t n, size_t rows, struct dyad_error *err);

/* Put rows 0 to n - 1 through w, made by row(ctx, i, t) into t, which has
 * the columns of w's first put and no rows (lib/putrows.c).  threads as in
 * struct dyad_pair_opts: 0 decides, 1 one thread, 2 two; CSV, TSV and JSON
 * rows are then formatted on two threads with the same bytes.  row returns
 * 0, or -1 when out of memory; it may be called from a second thread and
 * must only read shared data.  Statuses of dyad_writer_put. */
enum dyad_status dy_writer_put_rows(struct dyad_writer *w,
    struct dyad_table *t, size_t n, unsigned threads,
    int (*row)(void *ctx, size_t i, struct dyad_table *t), void *ctx,
    struct dyad_error *err);

/* Write v in decimal into buf (at least 20 bytes; not NUL-terminated) and
 * return the length (lib/num.c). */
size_t dy_num_int(char *buf, long long v);

#endif

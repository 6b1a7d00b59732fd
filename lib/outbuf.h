/* outbuf.h - a byte buffer in front of a stream or a write function: the
 * writers of lib/ (tables, escapers) fill it, and it goes out in large
 * writes instead of a stdio call per cell.  Not part of the public API. */
#ifndef DYAD_OUTBUF_H
#define DYAD_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct dy_out {
	char *buf;              /* owned by whoever set it up */
	size_t len, cap;
	FILE *fp;               /* the sink when fn is NULL */
	int (*fn)(void *ctx, const char *p, size_t n);  /* 0, or -1 with errno */
	void *ctx;
	bool failed;            /* a write failed: what follows is dropped */
	int sys_errno;          /* errno of that failure */
};

/* Start o on buf (cap bytes, at least 32) in front of fp, or of fn(ctx, ...)
 * when fn is not NULL. */
void dy_out_init(struct dy_out *o, char *buf, size_t cap, FILE *fp,
    int (*fn)(void *ctx, const char *p, size_t n), void *ctx);

/* Hand what is buffered to the sink.  0, or -1 once any write failed. */
int dy_out_flush(struct dy_out *o);

/* dy_out_write when the n bytes do not fit. */
void dy_out_write_slow(struct dy_out *o, const char *p, size_t n);

/* Append n bytes (a block larger than the buffer goes straight through). */
static inline void
dy_out_write(struct dy_out *o, const char *p, size_t n)
{
	if (n > o->cap - o->len) {
		dy_out_write_slow(o, p, n);
		return;
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static inline void
dy_out_putc(struct dy_out *o, char c)
{
	if (o->len == o->cap && dy_out_flush(o) != 0)
		return;
	o->buf[o->len++] = c;
}

static inline void
dy_out_puts(struct dy_out *o, const char *s)
{
	dy_out_write(o, s, strlen(s));
}

/* Room for n (at most 32) bytes at the end of the buffer, to be filled and
 * then claimed by adding to o->len; NULL once a write failed. */
static inline char *
dy_out_room(struct dy_out *o, size_t n)
{
	if (o->cap - o->len < n && dy_out_flush(o) != 0)
		return NULL;
	return o->buf + o->len;
}

/* A block of memory that grows as a dy_out's sink: dy_out_init(o, buf,
 * cap, NULL, dy_mem_append, &m) collects the output in m.p[0..m.len). */
struct dy_mem {
	char *p;                /* malloc'd; the owner frees it */
	size_t len, cap;
};

/* The sink function of a struct dy_mem ctx: 0, or -1 (errno ENOMEM). */
int dy_mem_append(void *ctx, const char *p, size_t n);

/* The escapers of lib/escape.c onto the buffer; dyad_escape_json, _csv,
 * _tsv and _markdown are these in front of a FILE *. */
void dy_escape_json_out(struct dy_out *o, const char *s);
void dy_escape_csv_out(struct dy_out *o, const char *s, char delim, bool safe);
/* The length of s when it goes into CSV as it is (no quotes), else -1. */
long dy_csv_plain_len(const char *s, char delim, bool safe);
void dy_escape_tsv_out(struct dy_out *o, const char *s, bool safe);
void dy_escape_markdown_out(struct dy_out *o, const char *s);

#endif

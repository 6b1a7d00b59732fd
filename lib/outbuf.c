/* outbuf.c - the output buffer shared by the table writers and escapers. */
#include <errno.h>

#include "internal.h"
#include "outbuf.h"

void
dy_out_init(struct dy_out *o, char *buf, size_t cap, FILE *fp,
    int (*fn)(void *ctx, const char *p, size_t n), void *ctx)
{
	o->buf = buf;
	o->len = 0;
	o->cap = cap;
	o->fp = fp;
	o->fn = fn;
	o->ctx = ctx;
	o->failed = false;
	o->sys_errno = 0;
}

/* Send n bytes to the sink, or remember why not. */
static void
sink(struct dy_out *o, const char *p, size_t n)
{
	int bad;

	if (o->failed || n == 0)
		return;
	errno = 0;
	bad = o->fn != NULL ? o->fn(o->ctx, p, n) != 0 :
	    fwrite(p, 1, n, o->fp) != n;
	if (bad) {
		o->failed = true;
		o->sys_errno = errno != 0 ? errno : EIO;
	}
}

int
dy_out_flush(struct dy_out *o)
{
	sink(o, o->buf, o->len);
	o->len = 0;
	return o->failed ? -1 : 0;
}

void
dy_out_write_slow(struct dy_out *o, const char *p, size_t n)
{
	if (dy_out_flush(o) != 0)
		return;
	if (n >= o->cap) {
		sink(o, p, n);
		return;
	}
	memcpy(o->buf, p, n);
	o->len = n;
}

int
dy_mem_append(void *ctx, const char *p, size_t n)
{
	struct dy_mem *m = ctx;

	if (dy_grow((void **)&m->p, &m->cap, m->len + n, 1)) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(m->p + m->len, p, n);
	m->len += n;
	return 0;
}

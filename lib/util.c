/* util.c - small helpers shared inside the library (errors, growth, strings). */
#define _DEFAULT_SOURCE 1       /* madvise(MADV_DONTNEED, MADV_POPULATE_WRITE) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

void
dy_release_front(void *buf, size_t done)
{
#ifdef MADV_DONTNEED
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t a, e;

	if (page <= 0)
		return;
	/* keep the first page: malloc's own header is just before buf */
	a = ((uintptr_t)buf + 2 * (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	e = ((uintptr_t)buf + done) & ~((uintptr_t)page - 1);
	if (e > a)
		(void)madvise((void *)a, e - a, MADV_DONTNEED);
#else
	(void)buf;
	(void)done;
#endif
}

enum dyad_status
dy_fail(struct dyad_error *err, enum dyad_status status, size_t line,
    size_t field, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return status;
	err->status = status;
	err->line = line;
	err->field = field;
	err->sys_errno = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return status;
}

void
dy_msort(void *base, void *tmp, size_t n, size_t size,
    int (*cmp)(const void *, const void *, void *), void *ctx)
{
	char *v = base, *t = tmp;
	size_t m = n / 2, i = 0, j = m, k = 0;

	if (n < 2)
		return;
	dy_msort(v, tmp, m, size, cmp, ctx);
	dy_msort(v + m * size, tmp, n - m, size, cmp, ctx);
	if (cmp(v + (m - 1) * size, v + m * size, ctx) <= 0)
		return;         /* halves in order: the merge would keep them */
	while (i < m && j < n) {
		/* ties take the left element: stable */
		if (cmp(v + j * size, v + i * size, ctx) < 0)
			memcpy(t + k++ * size, v + j++ * size, size);
		else
			memcpy(t + k++ * size, v + i++ * size, size);
	}
	memcpy(t + k * size, v + i * size, (m - i) * size);
	k += m - i;
	memcpy(t + k * size, v + j * size, (n - j) * size);
	memcpy(v, t, n * size);
}

enum dyad_status
dy_nomem(struct dyad_error *err)
{
	return dy_fail(err, DYAD_ENOMEM, 0, 0, "out of memory");
}

/* Pages mapped per madvise call.  The call holds the process's memory
 * map lock for as long as it maps, and the other thread's mmap, mremap
 * or munmap waits for it: a 4 MB string table mapped in one call (30 ms
 * where the host backs fresh pages) stopped the first half's reading for
 * 25 ms.  A 2 MiB piece holds it briefly. */
#define POPULATE_PIECE ((uintptr_t)2 << 20)

void
dy_populate(void *buf, size_t len)
{
#ifdef MADV_POPULATE_WRITE
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t a, e, next;

	if (page <= 0)
		return;
	a = ((uintptr_t)buf + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);
	e = ((uintptr_t)buf + len) & ~((uintptr_t)page - 1);
	for (; a < e; a = next) {
		next = (a + POPULATE_PIECE) & ~(POPULATE_PIECE - 1);
		if (next > e || next <= a)
			next = e;
		(void)madvise((void *)a, next - a, MADV_POPULATE_WRITE);
	}
#else
	(void)buf;
	(void)len;
#endif
}

/* Grown parts of at least this many bytes are mapped at once. */
#define POPULATE_GROWN ((size_t)64 << 10)

static int
grow(void **buf, size_t *cap, size_t need, size_t elem, int populate)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 16;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / elem)
		return -1;
	p = realloc(*buf, ncap * elem);
	if (p == NULL)
		return -1;
	/* The grown part will be written (at least half of it, the capacity
	 * having doubled): map it in one call rather than a fault a page
	 * (9 us a fault against 0.9 us a page populated in this VM, see
	 * tests/bench/NOTES.md). */
	if (populate && (ncap - *cap) * elem >= POPULATE_GROWN)
		dy_populate((char *)p + *cap * elem, (ncap - *cap) * elem);
	*buf = p;
	*cap = ncap;
	return 0;
}

void *
dy_malloc_now(size_t size)
{
	void *p = malloc(size);

	if (p != NULL && size >= POPULATE_GROWN)
		dy_populate(p, size);
	return p;
}

void *
dy_calloc_now(size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if (n * size < POPULATE_GROWN)
		return calloc(n, size);
	/* mapped first: calloc's memset would fault a page at a time */
	if ((p = dy_malloc_now(n * size)) != NULL)
		memset(p, 0, n * size);
	return p;
}

int
dy_grow(void **buf, size_t *cap, size_t need, size_t elem)
{
	return grow(buf, cap, need, elem, 1);
}

int
dy_grow_lazy(void **buf, size_t *cap, size_t need, size_t elem)
{
	return grow(buf, cap, need, elem, 0);
}

char *
dy_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p != NULL)
		memcpy(p, s, n);
	return p;
}

unsigned char
dy_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

int
dy_strncaseeq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (dy_lower((unsigned char)a[i]) != dy_lower((unsigned char)b[i]))
			return 0;
		if (a[i] == '\0')
			return 1;
	}
	return 1;
}

int
dy_strcaseeq(const char *a, const char *b)
{
	for (; *a != '\0' && *b != '\0'; a++, b++)
		if (dy_lower((unsigned char)*a) != dy_lower((unsigned char)*b))
			return 0;
	return *a == *b;
}

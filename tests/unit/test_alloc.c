/* test_alloc.c - lib/util.c's growth and allocation helpers that map
 * memory at once (MADV_POPULATE_WRITE): mapping must never change a byte.
 * Expected values are the bytes written here (a byte's value is its index
 * times 7, mod 251) and zeros for calloc; sizes straddle the 64 KiB point
 * where mapping starts, and reach past the 2 MiB pieces it maps in. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "internal.h"

static unsigned char
byte_at(size_t i)
{
	return (unsigned char)(i * 7 % 251);
}

static void
fill(unsigned char *p, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		p[i] = byte_at(i);
}

static int
intact(const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != byte_at(i))
			return 0;
	return 1;
}

/* Grow by doubling from 16 bytes to 24 MiB, filling each grown part: every
 * byte written before survives every move. */
static void
test_grow(int lazy)
{
	unsigned char *p = NULL;
	size_t cap = 0, n = 0, need;
	int ok = 1;

	for (need = 1; need <= ((size_t)24 << 20); need = need * 3 + 1) {
		if ((lazy ? dy_grow_lazy : dy_grow)((void **)&p, &cap, need, 1)) {
			ok = 0;
			break;
		}
		fill(p, n, need);
		n = need;
		ok = ok && cap >= need && intact(p, n);
	}
	check_true(ok, lazy ? "grow_lazy: bytes kept through every move" :
	    "grow: bytes kept through every move");
	check_true(cap >= n && n > ((size_t)8 << 20), "grew past 8 MiB");
	free(p);
}

/* A lazy grow far beyond the data (how the rows are sized ahead of a
 * file), then the data: nothing lost, the capacity at least the reserve. */
static void
test_grow_lazy(void)
{
	static const size_t sizes[] = { 100, 70000, (size_t)3 << 20,
	    (size_t)5 << 20, (size_t)9 << 20 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		uint32_t *v = NULL;
		size_t cap = 0, i;
		int ok = 1;

		check_true(dy_grow((void **)&v, &cap, 10, sizeof(*v)) == 0,
		    "reserve: first grow");
		for (i = 0; i < 10; i++)
			v[i] = (uint32_t)i * 3u;
		check_true(dy_grow_lazy((void **)&v, &cap, sizes[k],
		    sizeof(*v)) == 0, "reserve");
		check_true(cap >= sizes[k], "reserve: capacity");
		for (i = 0; i < 10; i++)
			ok = ok && v[i] == (uint32_t)i * 3u;
		for (i = 10; i < sizes[k]; i++)
			v[i] = (uint32_t)i;
		for (i = 10; i < sizes[k]; i++)
			ok = ok && v[i] == (uint32_t)i;
		check_true(ok, "reserve: old and new values kept");
		free(v);
	}
}

static void
test_alloc_now(void)
{
	static const size_t sizes[] = { 1, 4096, 65535, 65536, 65537,
	    (size_t)5 << 20 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		unsigned char *m = dy_malloc_now(sizes[k]);
		unsigned char *z = dy_calloc_now(sizes[k], 1);
		uint64_t *w = dy_calloc_now(sizes[k] / 8 + 1, sizeof(*w));
		size_t i;
		int zero = 1;

		check_true(m != NULL && z != NULL && w != NULL, "alloc_now: allocated");
		if (m == NULL || z == NULL || w == NULL)
			continue;
		for (i = 0; i < sizes[k]; i++)
			zero = zero && z[i] == 0;
		for (i = 0; i < sizes[k] / 8 + 1; i++)
			zero = zero && w[i] == 0;
		check_true(zero, "calloc_now: all zero");
		fill(m, 0, sizes[k]);
		check_true(intact(m, sizes[k]), "malloc_now: written bytes read back");
		free(m);
		free(z);
		free(w);
	}
	/* n * size overflows: no allocation, no wrap to a small block */
	check_true(dy_calloc_now(SIZE_MAX / 4, 8) == NULL,
	    "calloc_now: n * size overflow refused");
}

/* Mapping a block that holds data leaves the data as it was. */
static void
test_populate_keeps(void)
{
	size_t n = (size_t)1 << 20;
	unsigned char *p = malloc(n);

	check_true(p != NULL, "populate: allocated");
	if (p == NULL)
		return;
	fill(p, 0, n);
	dy_populate(p, n);
	dy_populate(p + 5, n - 5);
	check_true(intact(p, n), "populate: data kept");
	free(p);
}

int
main(void)
{
	test_grow(0);
	test_grow(1);
	test_grow_lazy();
	test_alloc_now();
	test_populate_keeps();
	return check_summary();
}

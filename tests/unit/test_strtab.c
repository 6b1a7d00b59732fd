/* test_strtab.c - the string table (lib/strtab.c): interning, lookup, and
 * dy_strtab_intern_all, which a two-core read's join uses to take the
 * second half's strings.  intern_all must give exactly what interning
 * from's strings one at a time, in id order, gives: the reference here is
 * that loop, run on a copy made the same way. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "strtab.h"

static uint64_t
next(uint64_t *u)
{
	*u ^= *u << 13;
	*u ^= *u >> 7;
	*u ^= *u << 17;
	return *u;
}

/* A random string from a pool of 'kinds' (so that strings repeat), of 0 to
 * 24 bytes, any byte but NUL. */
static size_t
random_string(uint64_t *u, size_t kinds, char *buf)
{
	uint64_t k = next(u) % kinds, v = k * 0x9E3779B97F4A7C15ULL + 1;
	size_t len = (size_t)(k % 25), i;

	for (i = 0; i < len; i++) {
		v ^= v << 13;
		v ^= v >> 7;
		v ^= v << 17;
		buf[i] = (char)(1 + v % 255);
	}
	return len;
}

/* Both tables hold the same strings under the same ids. */
static int
same_tables(const struct dy_strtab *a, const struct dy_strtab *b)
{
	uint32_t i;

	if (a->n != b->n || a->pool_len != b->pool_len)
		return 0;
	for (i = 0; i < a->n; i++)
		if (dy_strtab_len(a, i) != dy_strtab_len(b, i) ||
		    memcmp(dy_strtab_str(a, i), dy_strtab_str(b, i),
		    dy_strtab_len(a, i) + 1) != 0)
			return 0;
	return 1;
}

/* Every string of 'from' is found in t under the id map gives it. */
static int
mapped(const struct dy_strtab *t, const struct dy_strtab *from,
    const uint32_t *map)
{
	uint32_t i;

	for (i = 0; i < from->n; i++) {
		size_t len = dy_strtab_len(from, i);

		if (dy_strtab_lookup(t, dy_strtab_str(from, i), len) !=
		    (len == 0 ? 0 : (int64_t)map[i]) ||
		    strcmp(dy_strtab_str(t, map[i]), dy_strtab_str(from, i)))
			return 0;
	}
	return 1;
}

/* By hand: t holds a, b, c (ids 1-3); from holds x, b, y, z, a, w (ids
 * 1-6).  b and a are t's 2 and 1; the new x, y, z, w become 4, 5, 6, 7 in
 * from's order. */
static void
test_by_hand(void)
{
	static const char *const tv[] = { "a", "b", "c" };
	static const char *const fv[] = { "x", "b", "y", "z", "a", "w" };
	static const uint32_t want[] = { 0, 4, 2, 5, 6, 1, 7 };
	struct dy_strtab t, f;
	uint32_t map[7];
	size_t i;
	int ok = 1;

	dy_strtab_init(&t);
	dy_strtab_init(&f);
	for (i = 0; i < 3; i++)
		dy_strtab_intern(&t, tv[i], 1);
	for (i = 0; i < 6; i++)
		dy_strtab_intern(&f, fv[i], 1);
	check_int(dy_strtab_intern_all(&t, &f, map), 0, "by hand: merged");
	for (i = 0; i < 7; i++)
		ok &= map[i] == want[i];
	check_true(ok, "by hand: ids 0 4 2 5 6 1 7");
	check_true(strcmp(dy_strtab_str(&t, 7), "w") == 0 &&
	    strcmp(dy_strtab_str(&t, 4), "x") == 0 && t.n == 8,
	    "by hand: x is 4, w is 7, eight ids in all");
	check_true(mapped(&t, &f, map), "by hand: every string found again");
	dy_strtab_release(&t);
	dy_strtab_release(&f);
}

/* Random tables: t and from share some strings (drawn from one pool of
 * kinds), either may be empty, and t may be sized ahead or not. */
static void
test_random(void)
{
	uint64_t u = 0x2545F4914F6CDD1DULL;
	char buf[32];
	int round, bad_ids = 0, bad_find = 0;

	for (round = 0; round < 200; round++) {
		struct dy_strtab t, ref, f;
		size_t nt = round % 10 == 0 ? 0 : next(&u) % 3000;
		size_t nf = round % 13 == 0 ? 0 : next(&u) % 3000;
		size_t kinds = 1 + next(&u) % 4000, i, len;
		uint32_t *map = malloc((nf + 2) * sizeof(*map));

		dy_strtab_init(&t);
		dy_strtab_init(&ref);
		dy_strtab_init(&f);
		for (i = 0; i < nt; i++) {
			len = random_string(&u, kinds, buf);
			dy_strtab_intern(&t, buf, len);
			dy_strtab_intern(&ref, buf, len);
		}
		for (i = 0; i < nf; i++) {
			len = random_string(&u, kinds, buf);
			dy_strtab_intern(&f, buf, len);
		}
		if (round % 2)
			dy_strtab_reserve(&t, t.n + f.n, t.pool_len + f.pool_len);
		if (dy_strtab_intern_all(&t, &f, map) != 0) {
			bad_ids++;
		} else {
			/* the reference: one at a time, in from's id order */
			for (i = 0; i < f.n; i++) {
				int64_t id = dy_strtab_intern(&ref,
				    dy_strtab_str(&f, (uint32_t)i),
				    dy_strtab_len(&f, (uint32_t)i));

				if (id != (int64_t)map[i])
					bad_ids++;
			}
			if (!same_tables(&t, &ref))
				bad_ids++;
			if (!mapped(&t, &f, map))
				bad_find++;
		}
		free(map);
		dy_strtab_release(&t);
		dy_strtab_release(&ref);
		dy_strtab_release(&f);
	}
	check_int(bad_ids, 0, "random: intern_all gives one-at-a-time's ids "
	    "and texts (200 tables)");
	check_int(bad_find, 0, "random: every merged string is found under "
	    "its id");
}

int
main(void)
{
	test_by_hand();
	test_random();
	return check_summary();
}

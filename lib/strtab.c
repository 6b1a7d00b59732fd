/* strtab.c - string interning with an open-addressing hash table.  The table
 * starts small and doubles, because touching big tables up front costs page
 * faults that dominate a short run. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "strtab.h"

static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;    /* FNV-1a, then a finaliser */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

void
dy_strtab_init(struct dy_strtab *t)
{
	memset(t, 0, sizeof(*t));
}

void
dy_strtab_release(struct dy_strtab *t)
{
	free(t->pool);
	free(t->off);
	free(t->slen);
	free(t->slot);
	dy_strtab_init(t);
}

/* A slot holds id + 1 (low half; 0: empty) and the high half of its
 * string's hash, so that a probe past other strings compares hashes and
 * does not touch their text: a large file's new ids cost one cache miss,
 * not three.  The home slot comes from that high half too, so growing the
 * table moves slots without hashing (or reading) any string again. */
#define TAG(h) ((h) & 0xffffffff00000000ULL)
#define SLOT(id, h) (((uint64_t)(id) + 1) | TAG(h))
#define HOME(h, nslot) ((size_t)((h) >> 32) & ((nslot) - 1))

static int
rehash(struct dy_strtab *t, size_t nslot)
{
	uint64_t *slot, v;
	size_t i, j;

	if (nslot > ((size_t)1 << 32))
		return -1;      /* homes come from 32 bits of hash */
	slot = calloc(nslot, sizeof(*slot));
	if (slot == NULL)
		return -1;
	/* filled at random: every page is touched soon, twice (a read, then
	 * a write) if left to fault */
	dy_populate(slot, nslot * sizeof(*slot));
	for (i = 0; i < t->nslot; i++) {
		if ((v = t->slot[i]) == 0)
			continue;
		j = HOME(v, nslot);
		while (slot[j] != 0)
			j = (j + 1) & (nslot - 1);
		slot[j] = v;
	}
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	return 0;
}

static int64_t
find(const struct dy_strtab *t, const char *s, size_t len, uint64_t h,
    size_t *at)
{
	uint64_t tag = TAG(h), v;
	size_t j = HOME(h, t->nslot);
	uint32_t id;

	while ((v = t->slot[j]) != 0) {
		id = (uint32_t)v - 1;
		if (TAG(v) == tag && t->slen[id] == len &&
		    memcmp(t->pool + t->off[id], s, len) == 0)
			return id;
		j = (j + 1) & (t->nslot - 1);
	}
	*at = j;
	return -1;
}

/* Room for n ids (their offsets and lengths). */
static int
grow_ids(struct dy_strtab *t, size_t n)
{
	size_t cap = t->cap;
	uint32_t *nl;

	if (n <= t->cap)
		return 0;
	if (dy_grow((void **)&t->off, &cap, n, sizeof(uint32_t)))
		return -1;
	nl = realloc(t->slen, cap * sizeof(uint32_t));
	if (nl != NULL && cap > t->cap)
		dy_populate(nl + t->cap, (cap - t->cap) * sizeof(uint32_t));
	if (nl == NULL)
		return -1;
	t->slen = nl;
	t->cap = cap;
	return 0;
}

static int
add(struct dy_strtab *t, const char *s, size_t len)
{
	if (len > UINT32_MAX || t->pool_len + len + 1 > UINT32_MAX ||
	    dy_grow((void **)&t->pool, &t->pool_cap, t->pool_len + len + 1, 1))
		return -1;
	if (grow_ids(t, t->n + 1))
		return -1;
	memcpy(t->pool + t->pool_len, s, len);
	t->pool[t->pool_len + len] = '\0';
	t->off[t->n] = (uint32_t)t->pool_len;
	t->slen[t->n] = (uint32_t)len;
	t->pool_len += len + 1;
	t->n++;
	return 0;
}

/* dy_strtab_intern with the hash h of s already known. */
static int64_t
intern_hashed(struct dy_strtab *t, const char *s, size_t len, uint64_t h)
{
	size_t at = 0;
	int64_t id;

	if (len == 0)
		return 0;
	if (t->n == 0 && add(t, "", 0))
		return -1;
	if (t->nslot == 0 && rehash(t, 64))
		return -1;
	id = find(t, s, len, h, &at);
	if (id >= 0)
		return id;
	if ((t->n + 1) * 2 > t->nslot) {
		if (rehash(t, t->nslot * 2))
			return -1;
		find(t, s, len, h, &at);
	}
	if (t->n >= UINT32_MAX - 1 || add(t, s, len))
		return -1;
	t->slot[at] = SLOT(t->n - 1, h);        /* the string just added */
	return (int64_t)t->n - 1;
}

int64_t
dy_strtab_intern(struct dy_strtab *t, const char *s, size_t len)
{
	return intern_hashed(t, s, len, hash(s, len));
}

uint64_t
dy_strtab_prefetch(const struct dy_strtab *t, const char *s, size_t len)
{
	uint64_t h = hash(s, len);

	if (t->nslot > 0)
		__builtin_prefetch(&t->slot[HOME(h, t->nslot)]);
	return h;
}

int64_t
dy_strtab_intern_hashed(struct dy_strtab *t, const char *s, size_t len,
    uint64_t h)
{
	return intern_hashed(t, s, len, h);
}

/* Strings per batch: their slots are asked for (prefetched) together, so
 * that a batch waits for memory about once instead of once a string. */
#define BATCH 16

int
dy_strtab_intern_all(struct dy_strtab *t, const struct dy_strtab *from,
    uint32_t *map)
{
	uint64_t h[BATCH];
	size_t i, k, m;
	int64_t id;

	if (from->n > 0)
		map[0] = 0;
	for (i = 1; i < from->n; i += m) {
		m = from->n - i < BATCH ? from->n - i : BATCH;
		for (k = 0; k < m; k++) {
			h[k] = hash(from->pool + from->off[i + k], from->slen[i + k]);
			if (t->nslot > 0)
				__builtin_prefetch(&t->slot[HOME(h[k], t->nslot)]);
		}
		for (k = 0; k < m; k++) {
			id = intern_hashed(t, from->pool + from->off[i + k],
			    from->slen[i + k], h[k]);
			if (id < 0)
				return -1;
			map[i + k] = (uint32_t)id;
		}
	}
	return 0;
}

int
dy_strtab_reserve(struct dy_strtab *t, size_t n, size_t bytes)
{
	size_t nslot = t->nslot ? t->nslot : 64;

	if (grow_ids(t, n))
		return -1;
	if (dy_grow((void **)&t->pool, &t->pool_cap, bytes, 1))
		return -1;

	while (nslot / 2 < n + 1) {
		if (nslot > SIZE_MAX / 4)
			return -1;
		nslot *= 2;
	}
	return nslot > t->nslot ? rehash(t, nslot) : 0;
}

int64_t
dy_strtab_lookup(const struct dy_strtab *t, const char *s, size_t len)
{
	size_t at;

	if (len == 0)
		return 0;
	if (t->nslot == 0)
		return -1;
	return find(t, s, len, hash(s, len), &at);
}

const char *
dy_strtab_str(const struct dy_strtab *t, uint32_t id)
{
	return id == 0 || id >= t->n ? "" : t->pool + t->off[id];
}

size_t
dy_strtab_len(const struct dy_strtab *t, uint32_t id)
{
	return id == 0 || id >= t->n ? 0 : t->slen[id];
}

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

/* Slot by slot of from: a slot holds its string's tag, which gives the
 * string's home in t as well, so t's slots are visited in a few rising
 * runs and no string is hashed again (taken one by one, in id order, each
 * of a join's 150,000 new strings was a cache miss in t).  A new string's
 * slot is taken at once with a stand-in id, its id in from past t's last
 * (from's strings differ from each other, so a probe passes stand-ins by).
 * Then the new strings get their ids in from's order, as interning them
 * one at a time would, their texts copied in runs; and the ids go in
 * place of the stand-ins, in the order the slots were taken (rising runs
 * again).  -1 on no memory. */
int
dy_strtab_intern_all(struct dy_strtab *t, const struct dy_strtab *from,
    uint32_t *map)
{
	size_t i, j, base, run, npos = 0;
	uint32_t *pos;          /* the slots taken, in the order taken */
	uint64_t v, w;
	uint32_t id2, id, len;

	if (from->n > 0)
		map[0] = 0;
	if (from->n <= 1)
		return 0;
	if ((t->n == 0 && add(t, "", 0)) ||
	    t->n + from->n >= UINT32_MAX - 1 ||
	    dy_strtab_reserve(t, t->n + from->n,
	    t->pool_len + from->pool_len) ||
	    (pos = malloc(from->n * sizeof(*pos))) == NULL)
		return -1;
	base = t->n;
	for (i = 0; i < from->nslot; i++) {
		if ((v = from->slot[i]) == 0)
			continue;
		id2 = (uint32_t)v - 1;
		map[id2] = UINT32_MAX;
		for (j = HOME(v, t->nslot); (w = t->slot[j]) != 0;
		    j = (j + 1) & (t->nslot - 1)) {
			id = (uint32_t)w - 1;
			if (TAG(w) != TAG(v) || id >= base)
				continue;
			len = from->slen[id2];
			if (t->slen[id] == len && memcmp(t->pool + t->off[id],
			    from->pool + from->off[id2], len) == 0) {
				map[id2] = id;
				break;
			}
		}
		if (w == 0) {
			t->slot[j] = SLOT(base + id2, v);
			pos[npos++] = (uint32_t)j;
		}
	}
	/* ids and texts, a run of new strings' texts (back to back in from's
	 * pool, as in t's) copied at once */
	for (id2 = 1, run = 1; id2 <= from->n; id2++) {
		if (id2 < from->n && map[id2] == UINT32_MAX) {
			map[id2] = (uint32_t)t->n;
			t->off[t->n] = (uint32_t)(t->pool_len + from->off[id2] -
			    from->off[run]);
			t->slen[t->n++] = from->slen[id2];
			continue;
		}
		if (run < id2) {
			len = from->off[id2 - 1] + from->slen[id2 - 1] + 1 -
			    from->off[run];
			memcpy(t->pool + t->pool_len, from->pool + from->off[run],
			    len);
			t->pool_len += len;
		}
		run = id2 + 1;
	}
	for (i = 0; i < npos; i++) {
		w = t->slot[pos[i]];
		t->slot[pos[i]] = SLOT(map[(uint32_t)w - 1 - base], w);
	}
	free(pos);
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

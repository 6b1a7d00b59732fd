/* strtab.h - interned strings: each distinct text gets a small integer id. */
#ifndef DYAD_STRTAB_H
#define DYAD_STRTAB_H

#include <stddef.h>
#include <stdint.h>

/* Id 0 is always the empty string. */
struct dy_strtab {
	char *pool;             /* NUL-terminated strings back to back */
	size_t pool_len, pool_cap;
	uint32_t *off;          /* id -> offset into pool */
	uint32_t *slen;         /* id -> length */
	size_t n, cap;
	uint64_t *slot;         /* open addressing: id + 1 and a hash tag,
	                         * 0 = empty */
	size_t nslot;           /* power of two */
};

void dy_strtab_init(struct dy_strtab *t);
void dy_strtab_release(struct dy_strtab *t);

/* The id of the len bytes at s, adding them if new; -1 on out of memory. */
int64_t dy_strtab_intern(struct dy_strtab *t, const char *s, size_t len);

/* The hash of s, its slot asked for from memory (a prefetch): for
 * several strings looked up one after another. */
uint64_t dy_strtab_prefetch(const struct dy_strtab *t, const char *s,
    size_t len);
/* dy_strtab_intern with the hash from dy_strtab_prefetch (the table may
 * have changed since). */
int64_t dy_strtab_intern_hashed(struct dy_strtab *t, const char *s,
    size_t len, uint64_t h);

/* Room for n strings of bytes bytes (their NULs counted) in all without
 * growing (one rehash now instead of several while adding).  0 or -1 on no
 * memory. */
int dy_strtab_reserve(struct dy_strtab *t, size_t n, size_t bytes);
/* Intern every string of from in t: map[i] is t's id of from's id i.
 * -1 on no memory. */
int dy_strtab_intern_all(struct dy_strtab *t, const struct dy_strtab *from,
    uint32_t *map);
/* The id of s if present, else -1. */
int64_t dy_strtab_lookup(const struct dy_strtab *t, const char *s, size_t len);

/* Borrowed until the next intern (the pool may move). */
const char *dy_strtab_str(const struct dy_strtab *t, uint32_t id);
size_t dy_strtab_len(const struct dy_strtab *t, uint32_t id);

#endif

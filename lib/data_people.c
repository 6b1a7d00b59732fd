/* data_people.c - whose a row is and whether it repeats one: the rows'
 * contexts (the ids and file a case's rows share), people (child +
 * caregiver) with their chains of usable rows, and the duplicate check on
 * (child, caregiver, measure, timepoint). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "data_internal.h"
#include "internal.h"

static uint64_t
key_hash(const struct dyad_data *d, const struct dy_row *r, size_t i)
{
	const struct dy_ctx *c = &d->ctx[r->ctx];
	uint64_t h = c->child;

	h = h * 0x9E3779B97F4A7C15ULL + c->caregiver;
	h = h * 0x9E3779B97F4A7C15ULL + (uint32_t)r->measure;
	h = h * 0x9E3779B97F4A7C15ULL + r->timepoint;
	/* cortisol samples: one per sample time and day */
	if (d->sample_extra >= 0)
		h = (h * 0x9E3779B97F4A7C15ULL + d->extra[d->sample_extra].val[i]) *
		    0x9E3779B97F4A7C15ULL + (uint32_t)r->date;
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	return h;
}

static int
key_eq(const struct dyad_data *d, size_t a, size_t b)
{
	const struct dy_row *x = &d->row[a], *y = &d->row[b];
	const struct dy_ctx *cx = &d->ctx[x->ctx], *cy = &d->ctx[y->ctx];

	return x->measure == y->measure && x->timepoint == y->timepoint &&
	    (x->ctx == y->ctx || (cx->child == cy->child &&
	    cx->caregiver == cy->caregiver)) &&
	    (d->sample_extra < 0 || (d->extra[d->sample_extra].val[a] ==
	    d->extra[d->sample_extra].val[b] && x->date == y->date));
}

static int
dup_rehash(struct dyad_data *d, size_t nslot)
{
	uint32_t *t = dy_calloc_now(nslot, sizeof(uint32_t));
	size_t i, j;

	if (t == NULL)
		return -1;
	for (i = 0; i < d->ndup; i++) {
		if (d->dup[i] == 0)
			continue;
		j = key_hash(d, &d->row[d->dup[i] - 1], d->dup[i] - 1) & (nslot - 1);
		while (t[j] != 0)
			j = (j + 1) & (nslot - 1);
		t[j] = d->dup[i];
	}
	free(d->dup);
	d->dup = t;
	d->ndup = nslot;
	return 0;
}

/* Look row i up in the hash of usable rows; insert it when new.  Returns
 * the earlier row's index + 1, 0 when new, -1 on no memory. */
long
dy_dup_hash(struct dyad_data *d, size_t i)
{
	size_t j;

	if ((d->dupused + 1) * 2 > d->ndup &&
	    dup_rehash(d, d->ndup ? d->ndup * 2 : 256))
		return -1;
	j = key_hash(d, &d->row[i], i) & (d->ndup - 1);
	while (d->dup[j] != 0) {
		if (key_eq(d, d->dup[j] - 1, i))
			return (long)d->dup[j];
		j = (j + 1) & (d->ndup - 1);
	}
	d->dup[j] = (uint32_t)i + 1;
	d->dupused++;
	return 0;
}

static uint64_t
person_hash(uint32_t child, uint32_t caregiver)
{
	uint64_t h = ((uint64_t)child << 32 | caregiver) * 0x9E3779B97F4A7C15ULL;

	return h ^ (h >> 29);
}

static int
pmap_put(struct dyad_data *d, uint32_t k)
{
	const struct person *q = &d->person[k];
	size_t j;

	if ((d->pmapused + 1) * 2 > d->npmap) {
		size_t n = d->npmap ? d->npmap * 2 : 1024, i;
		uint32_t *m = dy_calloc_now(n, sizeof(uint32_t));

		if (m == NULL)
			return -1;
		for (i = 0; i < d->npmap; i++) {
			if (d->pmap[i] == 0)
				continue;
			j = person_hash(d->person[d->pmap[i] - 1].child,
			    d->person[d->pmap[i] - 1].caregiver) & (n - 1);
			while (m[j] != 0)
				j = (j + 1) & (n - 1);
			m[j] = d->pmap[i];
		}
		free(d->pmap);
		d->pmap = m;
		d->npmap = n;
	}
	j = person_hash(q->child, q->caregiver) & (d->npmap - 1);
	while (d->pmap[j] != 0)
		j = (j + 1) & (d->npmap - 1);
	d->pmap[j] = k + 1;
	d->pmapused++;
	return 0;
}

/* The person (child + caregiver) of row r, created on first sight.  No
 * table is probed for most rows: the previous row's person is checked
 * first, then the child's few people (new children's ids are new strings,
 * numbered in order, so their entries are close together). */
struct person *
dy_person_of(struct dyad_data *d, uint32_t child, uint32_t caregiver)
{
	struct person *p;
	uint32_t k, h, n = 0;
	size_t j, had = d->capchead;

	if (d->last_person != 0) {
		p = &d->person[d->last_person - 1];
		if (p->child == child && p->caregiver == caregiver)
			return p;
	}
	if (child >= d->capchead) {
		if (dy_grow((void **)&d->chead, &d->capchead, (size_t)child + 1,
		    sizeof(uint32_t)))
			return NULL;
		memset(d->chead + had, 0, (d->capchead - had) * sizeof(uint32_t));
	}
	h = d->chead[child];
	if (h & CROWDED) {
		j = person_hash(child, caregiver) & (d->npmap - 1);
		for (; d->pmap[j] != 0; j = (j + 1) & (d->npmap - 1)) {
			p = &d->person[d->pmap[j] - 1];
			if (p->child == child && p->caregiver == caregiver) {
				d->last_person = d->pmap[j];
				return p;
			}
		}
	} else {
		for (k = h; k != 0; k = d->person[k - 1].next, n++) {
			if (d->person[k - 1].caregiver == caregiver) {
				d->last_person = k;
				return &d->person[k - 1];
			}
		}
	}
	if (d->nperson >= CROWDED - 1 || dy_grow((void **)&d->person,
	    &d->capperson, d->nperson + 1, sizeof(*p)))
		return NULL;
	p = &d->person[d->nperson];
	memset(p, 0, sizeof(*p));
	p->child = child;
	p->caregiver = caregiver;
	p->next = h & CROWDED ? 0 : h;
	k = (uint32_t)d->nperson++;
	d->last_person = k + 1;
	if (n >= PERSON_LIST) {
		/* many caregivers for one child: hash them all from now on */
		for (h = k + 1; h != 0; h = d->person[h - 1].next)
			if (pmap_put(d, h - 1))
				return NULL;
		d->chead[child] = CROWDED;
	} else if (h & CROWDED) {
		if (pmap_put(d, k))
			return NULL;
	} else {
		d->chead[child] = k + 1;
	}
	return &d->person[k];
}

static bool
ctx_eq(const struct dy_ctx *a, const struct dy_ctx *b)
{
	return a->child == b->child && a->caregiver == b->caregiver &&
	    a->family == b->family && a->site == b->site && a->file == b->file;
}

/* Contexts of a child looked at before a new one is made.  Two contexts
 * may hold the same ids (a child's rows spread over more places than
 * these): that costs memory, never meaning; nothing takes a context for
 * the case. */
#define CTX_LOOK 8

long
dy_ctx_of(struct dyad_data *d, const struct dy_ctx *k)
{
	struct dy_ctx *c;
	uint32_t j, h;
	size_t had = d->capcctx;
	int n;

	if (d->last_ctx != 0 && ctx_eq(&d->ctx[d->last_ctx - 1], k))
		return (long)d->last_ctx - 1;
	if (k->child >= d->capcctx) {
		if (dy_grow((void **)&d->cctx, &d->capcctx, (size_t)k->child + 1,
		    sizeof(uint32_t)))
			return -1;
		memset(d->cctx + had, 0, (d->capcctx - had) * sizeof(uint32_t));
	}
	h = d->cctx[k->child];
	for (j = h, n = 0; j != 0 && n < CTX_LOOK; j = d->ctx[j - 1].next, n++) {
		if (ctx_eq(&d->ctx[j - 1], k)) {
			d->last_ctx = j;
			return (long)j - 1;
		}
	}
	if (d->nctx >= UINT32_MAX - 1 || dy_grow((void **)&d->ctx, &d->capctx,
	    d->nctx + 1, sizeof(*c)))
		return -1;
	c = &d->ctx[d->nctx];
	*c = *k;
	c->pad_ = 0;
	c->next = h;
	c->person = DYAD_NO_PERSON;
	d->nctx++;
	d->last_ctx = d->cctx[k->child] = (uint32_t)d->nctx;
	return (long)d->nctx - 1;
}

/* Look row i up among earlier usable rows with the same key; insert it when
 * new.  Returns the earlier row's index + 1, 0 when new, -1 on no memory. */
long
dy_dup_check(struct dyad_data *d, size_t i)
{
	const struct dy_ctx *c = &d->ctx[d->row[i].ctx];
	struct person *p;
	uint32_t k;

	/* a context's person, once known, is kept in it */
	p = c->person != DYAD_NO_PERSON ? &d->person[c->person] :
	    dy_person_of(d, c->child, c->caregiver);
	if (p == NULL)
		return -1;
	d->row[i].checked = ROW_CHECKED;
	if (p->big) {
		long prev = dy_dup_hash(d, i);

		if (prev != 0)
			return prev;
	} else if (p->seen & dy_seen_bit(d->row[i].measure,
	    d->row[i].timepoint)) {
		int16_t m = d->row[i].measure;
		uint32_t tp = d->row[i].timepoint;

		/* most of a person's rows differ in measure or timepoint */
		for (k = p->last; k != 0; k = d->row[k - 1].prev)
			if (d->row[k - 1].measure == m &&
			    d->row[k - 1].timepoint == tp && key_eq(d, k - 1, i))
				return (long)k;
	}
	/* new: chain it to its person's rows (pairing walks the chains) */
	d->ctx[d->row[i].ctx].person = (uint32_t)(p - d->person);
	d->row[i].prev = p->last;
	d->row[i].checked = ROW_CHAINED;
	p->last = (uint32_t)i + 1;
	p->seen |= dy_seen_bit(d->row[i].measure, d->row[i].timepoint);
	if (++p->count > PERSON_CHAIN && !p->big) {
		/* a person with very many rows: hash them all from now on */
		p->big = true;
		for (k = p->last; k != 0; k = d->row[k - 1].prev)
			if (dy_dup_hash(d, k - 1) < 0)
				return -1;
	}
	return 0;
}

size_t
dy_data_people(const struct dyad_data *d)
{
	return d->nperson;
}

uint32_t
dy_data_person_last(const struct dyad_data *d, size_t person)
{
	return person < d->nperson ? d->person[person].last : 0;
}

uint32_t
dy_data_person_rows(const struct dyad_data *d, size_t person)
{
	return person < d->nperson ? d->person[person].count : 0;
}


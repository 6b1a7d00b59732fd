/* data_check.c - dyad_data_check_caregivers: rows of one child and
 * measure whose caregivers never share a timepoint cannot pair. */
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data_internal.h"
#include "internal.h"

/* A usable row of a child in the caregiver check, ordered by measure,
 * caregiver (its rank among the child's), line and file order (the row
 * index), so that ties keep the file's. */
struct cg_key {
	uint64_t hi;            /* measure << 32 | caregiver rank */
	uint64_t lo;            /* line << 32 | row */
};

static int
cmp_cg_key(const void *a, const void *b, void *ctx)
{
	const struct cg_key *x = a, *y = b;

	(void)ctx;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static bool
cg_less(const struct cg_key *x, const struct cg_key *y)
{
	return x->hi < y->hi || (x->hi == y->hi && x->lo < y->lo);
}

/* Sort a child's keys: by insertion when few (a child's rows usually
 * are, and they come nearly in order), else by the merge sort. */
static int
sort_keys(struct cg_key *v, size_t n)
{
	struct cg_key t, *tmp;
	size_t i, k;

	if (n > 64) {
		if ((tmp = dy_malloc_now(n * sizeof(*tmp))) == NULL)
			return -1;
		dy_msort(v, tmp, n, sizeof(*v), cmp_cg_key, NULL);
		free(tmp);
		return 0;
	}
	for (i = 1; i < n; i++) {
		t = v[i];
		for (k = i; k > 0 && cg_less(&t, &v[k - 1]); k--)
			v[k] = v[k - 1];
		v[k] = t;
	}
	return 0;
}

static int
cmp_caregiver(const void *a, const void *b, void *ctx)
{
	const struct dyad_data *d = ctx;
	uint32_t x = d->person[*(const uint32_t *)a].caregiver;
	uint32_t y = d->person[*(const uint32_t *)b].caregiver;

	return x < y ? -1 : x > y;
}

/* A child's people in caregiver order (a few, usually). */
static int
sort_people(const struct dyad_data *d, uint32_t *v, size_t n)
{
	uint32_t t, *tmp;
	size_t i, k;

	if (n > 64) {
		if ((tmp = dy_malloc_now(n * sizeof(*tmp))) == NULL)
			return -1;
		dy_msort(v, tmp, n, sizeof(*v), cmp_caregiver, (void *)d);
		free(tmp);
		return 0;
	}
	for (i = 1; i < n; i++) {
		t = v[i];
		for (k = i; k > 0 && d->person[v[k - 1]].caregiver >
		    d->person[t].caregiver; k--)
			v[k] = v[k - 1];
		v[k] = t;
	}
	return 0;
}

/* An interned identifier, printable, for messages (64 bytes). */
static void
show_id(const struct dyad_data *d, uint32_t id, char *buf)
{
	dy_show(buf, 64, dy_strtab_str(&d->str, id),
	    dy_strtab_len(&d->str, id));
}

/* A warning about row b, through opts->on_issue. */
static void
cg_issue(const struct dyad_read_opts *opts, const struct dyad_data *d,
    const struct dy_row *b, const char *fmt, ...)
{
	unsigned f = d->ctx[b->ctx].file;
	va_list ap;

	va_start(ap, fmt);
	dy_vissue(opts, d->file[f], d->cases[f], b->line, 0,
	    DYAD_ROW_OK, true, fmt, ap);
	va_end(ap);
}

/* The caregiver of row i. */
static uint32_t
cg_of(const struct dyad_data *d, uint32_t i)
{
	return d->ctx[d->row[i].ctx].caregiver;
}

/* Warn about the rows idx[0..n) of one child (sorted by cmp_group) whose
 * caregivers' timepoints never overlap within a measure: intake from one
 * caregiver, discharge from the other cannot pair. */
static void
check_child(const struct dyad_data *d, const uint32_t *idx, size_t n,
    const struct dyad_read_opts *opts)
{
	size_t i, j, k, m, q;

	for (i = 0; i < n; i = j) {
		const struct dy_row *a = &d->row[idx[i]];
		uint32_t acg = cg_of(d, idx[i]);

		for (j = i + 1; j < n && d->row[idx[j]].measure == a->measure; j++)
			;
		for (k = i + 1; k < j; k++) {
			const struct dy_row *b = &d->row[idx[k]];
			uint32_t bcg = cg_of(d, idx[k]);
			bool overlap = false;

			if (bcg == acg)
				continue;
			for (m = i; m < j && !overlap; m++)
				for (q = i; q < j && !overlap; q++)
					overlap = cg_of(d, idx[m]) == acg &&
					    cg_of(d, idx[q]) == bcg &&
					    d->row[idx[m]].timepoint == d->row[idx[q]].timepoint;
			if (!overlap) {
				char at[120], show[5][64];

				dy_where(d, a, b, at, sizeof(at));
				show_id(d, d->ctx[b->ctx].child, show[0]);
				show_id(d, bcg, show[1]);
				show_id(d, b->timepoint, show[2]);
				show_id(d, acg, show[3]);
				show_id(d, a->timepoint, show[4]);
				cg_issue(opts, d, b,
				    "child '%s' measure %s: caregiver_id '%s' at %s "
				    "differs from '%s' at %s (%s); these rows "
				    "do not pair", show[0],
				    dyad_catalog_at(d->cat, (size_t)b->measure)->code,
				    show[1], show[2], show[3], show[4], at);
				break;
			}
		}
	}
}

/* Issues found on the second thread, given after the first thread's (the
 * children of the second are after the first's in id order). */
struct held {
	size_t line, field;
	enum dyad_row_status kind;
	bool warning, cases;
	const char *file;       /* the data's file name: lives as long */
	size_t msg;             /* offset into text */
};

/* The children [from, to) of one thread; their people are
 * byc[start[c]..start[c + 1]). */
struct cg_job {
	const struct dyad_data *d;
	uint32_t *start, *byc;
	size_t from, to;
	const struct dyad_read_opts *report;  /* where its issues go */
	struct dyad_read_opts opts;     /* the second thread's: holds issues */
	struct held *held;
	size_t nheld, capheld;
	char *text;
	size_t ntext, captext;
	bool nomem;
};

static void
hold_issue(const struct dyad_issue *is, void *ctx)
{
	struct cg_job *j = ctx;
	size_t n = strlen(is->msg) + 1;
	struct held *h;

	if (j->nomem || dy_grow((void **)&j->held, &j->capheld, j->nheld + 1,
	    sizeof(*h)) || dy_grow((void **)&j->text, &j->captext,
	    j->ntext + n, 1)) {
		j->nomem = true;
		return;
	}
	h = &j->held[j->nheld++];
	h->line = is->line;
	h->field = is->field;
	h->kind = is->kind;
	h->warning = is->warning;
	h->cases = is->cases;
	h->file = is->file;
	h->msg = j->ntext;
	memcpy(j->text + j->ntext, is->msg, n);
	j->ntext += n;
}

static void *
check_children(void *arg)
{
	struct cg_job *j = arg;
	const struct dyad_data *d = j->d;
	uint32_t *start = j->start, *byc = j->byc, *rows = NULL, k;
	struct cg_key *key = NULL;
	size_t caprows = 0, capkey = 0, c, i, n, rank;

	for (c = j->from; c < j->to && !j->nomem; c++) {
		if (start[c + 1] - start[c] < 2)
			continue;
		if (sort_people(d, byc + start[c], start[c + 1] - start[c]))
			goto nomem;
		n = 0;
		for (i = start[c], rank = 0; i < start[c + 1]; i++, rank++) {
			const struct person *p = &d->person[byc[i]];

			if (dy_grow((void **)&key, &capkey, n + p->count,
			    sizeof(*key)))
				goto nomem;
			for (k = p->last; k != 0; k = d->row[k - 1].prev) {
				const struct dy_row *r = &d->row[k - 1];

				if (r->status != DYAD_ROW_OK)
					continue;
				key[n].hi = (uint64_t)(uint32_t)r->measure << 32 | rank;
				key[n].lo = (uint64_t)r->line << 32 | (k - 1);
				n++;
			}
		}
		if (sort_keys(key, n) ||
		    dy_grow((void **)&rows, &caprows, n + 1, sizeof(uint32_t)))
			goto nomem;
		for (i = 0; i < n; i++)
			rows[i] = (uint32_t)key[i].lo;
		check_child(d, rows, n, j->report);
	}
	goto done;
nomem:
	j->nomem = true;
done:
	free(rows);
	free(key);
	return NULL;
}

/* Fewer people: one thread (starting one costs more than it saves). */
#define CHECK_SPLIT_MIN 10000

/* Only a child with two or more people (child + caregiver) can have rows
 * that do not pair for that reason, and most children have one: their
 * people are found by a counting sort of the people by child, and only
 * those children's usable rows (from the people's row chains) are
 * sorted and compared.  Children go in id order, as the issues always
 * have.  With many people, a second thread takes the children after the
 * middle person: the walks along the row chains wait on memory. */
enum dyad_status
dyad_data_check_caregivers(const struct dyad_data *d,
    const struct dyad_read_opts *opts, struct dyad_error *err)
{
	uint32_t *start = NULL, *byc = NULL;
	size_t nchild = d->str.n, c, i;
	enum dyad_status st = DYAD_OK;
	struct cg_job job[2];
	pthread_t t;
	bool two;

	if (opts == NULL || opts->on_issue == NULL || d->nperson < 2)
		return DYAD_OK;
	memset(job, 0, sizeof(job));
	start = dy_calloc_now(nchild + 2, sizeof(uint32_t));
	byc = dy_malloc_now(d->nperson * sizeof(uint32_t));
	if (start == NULL || byc == NULL)
		goto nomem;
	for (i = 0; i < d->nperson; i++)
		start[d->person[i].child + 2]++;
	for (c = 2; c < nchild + 2; c++)
		start[c] += start[c - 1];
	for (i = 0; i < d->nperson; i++)
		byc[start[d->person[i].child + 1]++] = (uint32_t)i;
	for (i = 0; i < 2; i++) {
		job[i].d = d;
		job[i].start = start;
		job[i].byc = byc;
		job[i].report = opts;
		job[i].to = nchild;
	}
	two = d->nperson >= CHECK_SPLIT_MIN && opts->threads != 1 &&
	    sysconf(_SC_NPROCESSORS_ONLN) > 1;
	if (two) {
		for (c = 0; c < nchild && start[c] < d->nperson / 2; c++)
			;
		job[0].to = job[1].from = c;
		job[1].opts = *opts;
		job[1].opts.on_issue = hold_issue;
		job[1].opts.ctx = &job[1];
		job[1].report = &job[1].opts;
		two = pthread_create(&t, NULL, check_children, &job[1]) == 0;
		if (!two)
			job[0].to = nchild;
	}
	check_children(&job[0]);
	if (two)
		pthread_join(t, NULL);
	if (job[0].nomem || job[1].nomem)
		goto nomem;
	for (i = 0; i < job[1].nheld; i++) {
		const struct held *h = &job[1].held[i];
		struct dyad_issue is;

		is.file = h->file;
		is.line = h->line;
		is.field = h->field;
		is.kind = h->kind;
		is.warning = h->warning;
		is.msg = job[1].text + h->msg;
		is.cases = h->cases;
		opts->on_issue(&is, opts->ctx);
	}
	goto done;
nomem:
	st = dy_nomem(err);
done:
	free(start);
	free(byc);
	free(job[1].held);
	free(job[1].text);
	return st;
}

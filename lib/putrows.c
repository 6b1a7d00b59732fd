/* putrows.c - many rows put through a writer, formatted on two threads
 * when there are enough of them: the bytes are those of one thread, in the
 * same order, and the memory stays that of a few blocks. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "internal.h"
#include "outbuf.h"

/* Rows per dyad_writer_put: enough to make a put's fixed cost nothing, few
 * enough that the batch's memory does not count. */
#define BATCH 256

/* Rows per block.  The threads take turns by block: a block (about half a
 * megabyte of CSV for dyad change) is long enough that the hand-over costs
 * nothing next to formatting it, short enough that a few fit in cache. */
#define BLOCK 4096

/* The second thread's finished blocks waiting to be written: a few, so
 * that neither thread waits on the other's slow block, and memory stays
 * bounded whatever the number of rows. */
#define RING 3

/* Fewer rows: one thread.  20,000 rows format in about 50 ms on one core,
 * so a second thread could save at most some 25 ms, while starting it and
 * handing over blocks costs a fixed amount; and below five blocks one
 * thread would do most of the work anyway. */
#define TWO_MIN 20000

/* Rows from to to - 1 through w, in batches of t. */
static enum dyad_status
put_range(struct dyad_writer *w, struct dyad_table *t, size_t from, size_t to,
    int (*row)(void *, size_t, struct dyad_table *), void *ctx,
    struct dyad_error *err)
{
	enum dyad_status st = DYAD_OK;
	size_t i;

	for (i = from; i < to && st == DYAD_OK; i++) {
		if (row(ctx, i, t)) {
			st = dy_nomem(err);
			break;
		}
		if (dyad_table_rows(t) == BATCH || i + 1 == to) {
			st = dyad_writer_put(w, t, err);
			dyad_table_clear(t);
		}
	}
	dyad_table_clear(t);
	return st;
}

/* One of the second thread's blocks: its bytes, written or waiting. */
struct slot {
	struct dy_mem m;
	size_t rows;
	bool full;              /* formatted, not yet written */
};

/* What the two threads share.  The worker formats the odd blocks into the
 * ring's slots in turn; the main thread writes them after each even block
 * it formats itself.  full, stop and nomem change under mu only. */
struct share {
	const struct dyad_writer *w;    /* only read by the worker */
	struct dyad_table *t;           /* the worker's batch */
	size_t n;
	int (*row)(void *, size_t, struct dyad_table *);
	void *ctx;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct slot slot[RING];
	bool stop;                      /* the main thread gives up */
	bool nomem;                     /* the worker ran out of memory */
};

/* Format rows from to to - 1 into s's memory; 0, or -1 out of memory. */
static int
fill(struct share *sh, struct slot *s, size_t from, size_t to)
{
	char buf[16384];
	struct dy_out o;
	size_t i;

	s->m.len = 0;
	s->rows = to - from;
	dy_out_init(&o, buf, sizeof(buf), NULL, dy_mem_append, &s->m);
	for (i = from; i < to; i++) {
		if (sh->row(sh->ctx, i, sh->t))
			break;
		if (dyad_table_rows(sh->t) == BATCH || i + 1 == to) {
			/* block 0 is the main thread's: never the first row */
			if (dy_writer_format_rows(sh->w, sh->t, false, &o))
				break;
			dyad_table_clear(sh->t);
		}
	}
	dyad_table_clear(sh->t);
	return i < to || dy_out_flush(&o) != 0 ? -1 : 0;
}

/* The worker: blocks 1, 3, 5, ... into slots 0, 1, 2, 0, ... */
static void *
work(void *arg)
{
	struct share *sh = arg;
	size_t b, k, from;
	bool stop;

	for (b = 1, k = 0; b * BLOCK < sh->n; b += 2, k++) {
		struct slot *s = &sh->slot[k % RING];

		pthread_mutex_lock(&sh->mu);
		while (s->full && !sh->stop)
			pthread_cond_wait(&sh->cv, &sh->mu);
		stop = sh->stop;
		pthread_mutex_unlock(&sh->mu);
		if (stop)
			break;
		from = b * BLOCK;
		stop = fill(sh, s, from, from + BLOCK < sh->n ? from + BLOCK :
		    sh->n) != 0;
		pthread_mutex_lock(&sh->mu);
		if (stop)
			sh->nomem = true;
		else
			s->full = true;
		pthread_cond_broadcast(&sh->cv);
		pthread_mutex_unlock(&sh->mu);
		if (stop)
			break;
	}
	return NULL;
}

/* Write the worker's k-th block when it is ready, then give its slot
 * back.  DYAD_ENOMEM when the worker ran out of memory first. */
static enum dyad_status
take(struct share *sh, size_t k, struct dyad_writer *w,
    struct dyad_error *err)
{
	struct slot *s = &sh->slot[k % RING];
	enum dyad_status st;
	bool ready;

	pthread_mutex_lock(&sh->mu);
	while (!s->full && !sh->nomem)
		pthread_cond_wait(&sh->cv, &sh->mu);
	ready = s->full;
	pthread_mutex_unlock(&sh->mu);
	if (!ready)
		return dy_nomem(err);
	/* the slot is the main thread's until full is cleared */
	st = dy_writer_put_bytes(w, s->m.p, s->m.len, s->rows, err);
	pthread_mutex_lock(&sh->mu);
	s->full = false;
	pthread_cond_broadcast(&sh->cv);
	pthread_mutex_unlock(&sh->mu);
	return st;
}

/* The main thread's part: the even blocks, and the worker's in between. */
static enum dyad_status
lead(struct share *sh, struct dyad_writer *w, struct dyad_table *t,
    struct dyad_error *err)
{
	enum dyad_status st = DYAD_OK;
	size_t b, from;

	for (b = 0; b * BLOCK < sh->n && st == DYAD_OK; b++) {
		from = b * BLOCK;
		if (b % 2 == 1)
			st = take(sh, b / 2, w, err);
		else
			st = put_range(w, t, from, from + BLOCK < sh->n ?
			    from + BLOCK : sh->n, sh->row, sh->ctx, err);
	}
	return st;
}

/* Whether rows should be formatted on two threads. */
static bool
want_two(const struct dyad_writer *w, size_t n, unsigned threads)
{
	enum dyad_format f = dy_writer_format(w);

	if (f != DYAD_FMT_CSV && f != DYAD_FMT_TSV && f != DYAD_FMT_JSON)
		return false;   /* table, Markdown: printed at the finish */
	if (n < TWO_MIN || threads == 1)
		return false;
	return threads >= 2 || sysconf(_SC_NPROCESSORS_ONLN) > 1;
}

enum dyad_status
dy_writer_put_rows(struct dyad_writer *w, struct dyad_table *t, size_t n,
    unsigned threads, int (*row)(void *ctx, size_t i, struct dyad_table *t),
    void *ctx, struct dyad_error *err)
{
	struct share sh = { 0 };
	enum dyad_status st;
	pthread_t th;
	size_t k;
	bool two;

	if (!want_two(w, n, threads))
		return put_range(w, t, 0, n, row, ctx, err);
	sh.w = w;
	sh.n = n;
	sh.row = row;
	sh.ctx = ctx;
	/* whatever keeps the second thread from starting: one thread */
	if (dy_table_new_like(&sh.t, t) != 0)
		return put_range(w, t, 0, n, row, ctx, err);
	two = pthread_mutex_init(&sh.mu, NULL) == 0;
	if (two && pthread_cond_init(&sh.cv, NULL) != 0) {
		pthread_mutex_destroy(&sh.mu);
		two = false;
	}
	if (two && pthread_create(&th, NULL, work, &sh) != 0) {
		pthread_cond_destroy(&sh.cv);
		pthread_mutex_destroy(&sh.mu);
		two = false;
	}
	if (!two) {
		dyad_table_free(sh.t);
		return put_range(w, t, 0, n, row, ctx, err);
	}
	st = lead(&sh, w, t, err);
	/* a write error or no memory: the worker stops at its next block */
	pthread_mutex_lock(&sh.mu);
	sh.stop = true;
	pthread_cond_broadcast(&sh.cv);
	pthread_mutex_unlock(&sh.mu);
	pthread_join(th, NULL);
	pthread_cond_destroy(&sh.cv);
	pthread_mutex_destroy(&sh.mu);
	for (k = 0; k < RING; k++)
		free(sh.slot[k].m.p);
	dyad_table_free(sh.t);
	return st;
}

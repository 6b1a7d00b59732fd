/* data_split.c - one large CSV file read on two cores (see the comment
 * below), for lib/data.c. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "analysis.h"
#include "data_internal.h"
#include "internal.h"

/*
 * Reading one large file on two cores.  The file is cut in two at the first
 * line break after FIRST_SHARE of it; a second thread reads the second half
 * into a data set of its own while this one reads the first, and the halves
 * are joined after.  Everything a caller sees is as a one-thread read gives
 * it: the same rows in the same order, the same line numbers, the same
 * issues in the same order (the second half's are held back and given after
 * the first half's), the same duplicates.
 *
 * The cut stands: the second half is read from it as if a record began
 * there, and it is used only if the first half's reader, reaching the cut,
 * stands between records (not inside a quoted field that spans it) and the
 * header has no quote (a quoted name may hold a line break).  The second
 * half counts its lines from the cut, since only the first half's reader
 * knows the line there; the join renumbers them.  Long files only (not
 * --wide, not `dyad change` output, not cortisol samples): one row per
 * record, so a row's duplicate message is the last issue of its record.
 *
 * The first half's thread, done first, takes over the tail of the second
 * half the same way: a third part, cut at a line break, read into a data
 * set of its own and joined after the second, used only if the second
 * half's reader stands between records there (it reads on otherwise).
 */
#define SPLIT_MIN ((off_t)8 << 20)      /* smaller files: one thread */
#define SCAN 1048576                    /* the longest header read apart */
/* The first half's share of the bytes, under half: its thread also sizes
 * and maps the shared rows and string table before it reads, and when it
 * ends first it takes over the tail of the second half (take_tail), while
 * a second half that ends first leaves its core idle: better that this
 * one end first, even when the machine slows its core for a while
 * (2026-12-07, 100,000 children, two-core stats, 21 interleaved rounds:
 * 0.47 0.2423 s, 0.44 0.2387, 0.41 0.2473, 0.38 0.2466; in a slower spell
 * 0.47 0.2711, 0.44 0.2664, 0.41 0.2601). */
#define FIRST_SHARE 0.44
/* The shortest tail of the second half the first half's thread takes over
 * (take_tail): a third part costs a data set and a join of its own. */
#define TAIL_MIN ((off_t)1 << 20)


static void
hold_issue(const struct dyad_issue *is, void *ctx)
{
	struct half *h = ctx;
	struct pending *p;
	size_t n = strlen(is->msg) + 1;

	if (!h->header_done)
		return;         /* the first half gives the header's issues */
	if (h->nomem || dy_grow((void **)&h->pend, &h->cappend, h->npend + 1,
	    sizeof(*p)) || dy_grow((void **)&h->text, &h->captext,
	    h->ntext + n, 1)) {
		h->nomem = true;
		return;
	}
	p = &h->pend[h->npend++];
	p->line = is->line;
	p->field = is->field;
	p->kind = is->kind;
	p->warning = is->warning;
	p->msg = h->ntext;
	p->seq = h->seq++;
	p->row = UINT32_MAX;
	if ((is->kind == DYAD_ROW_DUPLICATE || is->kind == DYAD_ROW_REPEATED) &&
	    !h->merging && h->d2->n > 0)
		p->row = (uint32_t)(h->d2->n - 1);      /* the row just added */
	memcpy(h->text + h->ntext, is->msg, n);
	h->ntext += n;
}

static void
set_verdict(struct half *h, int v)
{
	pthread_mutex_lock(&h->mu);
	h->verdict = v;
	pthread_cond_broadcast(&h->cv);
	pthread_mutex_unlock(&h->mu);
}

/* The second half's header is read: can it be read apart? */
int
dy_split_header(struct ingest *g, int r)
{
	struct half *h = g->half;
	bool ok = r == 0 && !g->pairs && !g->opts->wide &&
	    g->d->sample_extra < 0 && !h->had_samples;

	h->header_done = true;
	set_verdict(h, ok ? 1 : -1);
	return ok ? 0 : 1;
}

bool
dy_split_cancelled(const struct ingest *g)
{
	return atomic_load_explicit(&g->half->cancel, memory_order_relaxed) != 0;
}

/* The first half has reached mid, which is on line 'line': stop there if
 * the second half is being read and mid is between records (not inside a
 * quoted field that spans the cut), else go on to the end of the file. */
int
dy_split_at_limit(void *ctx, size_t line, int between)
{
	struct ingest *g = ctx;
	struct half *h = g->half;

	pthread_mutex_lock(&h->mu);
	while (h->verdict == 0)
		pthread_cond_wait(&h->cv, &h->mu);
	h->split = h->verdict > 0 && between;
	pthread_mutex_unlock(&h->mu);
	h->mid_line = line;
	if (!h->split)          /* what the second half read is not used */
		atomic_store(&h->cancel, 1);
	return h->split;
}

static ssize_t
pread_all(int fd, char *buf, size_t n, off_t at)
{
	ssize_t got;

	do
		got = pread(fd, buf, n, at);
	while (got < 0 && errno == EINTR);
	return got;
}

#ifdef __SSE2__
/* The bytes counted in the byte lanes of acc (each at most 255). */
static size_t
lane_sum(__m128i acc)
{
	__m128i s = _mm_sad_epu8(acc, _mm_setzero_si128());

	return (size_t)_mm_cvtsi128_si32(s) +
	    (size_t)_mm_cvtsi128_si32(_mm_unpackhi_epi64(s, s));
}
#endif

/* The LF bytes in buf[0..n). */
static size_t
count_lf(const char *buf, size_t n)
{
	size_t k = 0, c = 0;
#ifdef __SSE2__
	const __m128i lf = _mm_set1_epi8('\n');

	/* a byte lane per position counts up to 255 LFs (a compare gives
	 * -1): summed every 255 blocks, no popcount (a libgcc call unless
	 * the CPU is assumed to have one) */
	while (k + 16 <= n) {
		__m128i acc = _mm_setzero_si128();
		size_t stop = k + 255 * 16 < n ? k + 255 * 16 : n;

		for (; k + 16 <= stop; k += 16)
			acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128(
			    (const __m128i *)(const void *)(buf + k)), lf));
		c += lane_sum(acc);
	}
#endif
	for (; k < n; k++)
		c += buf[k] == '\n';
	return c;
}

/* The header line, with its line break, from the start of the file (a
 * byte-order mark dropped).  -1: no line break in the first MiB, a quote
 * in the header (a quoted name may hold a line break) or a lone CR in it
 * (then it ends there): read in one piece. */
static int
read_header(struct half *h)
{
	char *buf = dy_malloc_now(SCAN);
	ssize_t got = buf == NULL ? -1 : pread_all(h->fd, buf, SCAN, h->start);
	const char *lf = got > 0 ? memchr(buf, '\n', (size_t)got) : NULL;
	int rc = -1;

	/* a CR before the end of the line would end the header there (a
	 * lone CR ends a line) */
	if (lf != NULL && (off_t)(lf - buf) < h->mid - h->start &&
	    memchr(buf, '"', (size_t)(lf - buf)) == NULL &&
	    (lf == buf || memchr(buf, '\r', (size_t)(lf - buf) - 1) == NULL) &&
	    (h->head = malloc((size_t)(lf - buf) + 1)) != NULL) {
		h->headlen = (size_t)(lf - buf) + 1;
		memcpy(h->head, buf, h->headlen);
		/* a byte-order mark is not part of the header's first name */
		if (h->headlen >= 3 && memcmp(h->head, "\xEF\xBB\xBF", 3) == 0) {
			memmove(h->head, h->head + 3, h->headlen - 3);
			h->headlen -= 3;
		}
		rc = 0;
	}
	free(buf);
	return rc;
}

/* Just after the first LF of fd from byte 'from' on, before 'end'; -1 when
 * there is none (within a megabyte). */
static off_t
line_after(int fd, off_t from, off_t end)
{
	char buf[4096], *lf;
	off_t at;
	ssize_t got;

	for (at = from; at < end; at += got) {
		got = pread_all(fd, buf, sizeof(buf), at);
		if (got <= 0)
			return -1;
		lf = memchr(buf, '\n', (size_t)got);
		if (lf != NULL)
			return at + (lf - buf) + 1 < end ? at + (lf - buf) + 1 : -1;
		if (at - from > ((off_t)1 << 20))
			return -1;      /* no line break for a megabyte */
	}
	return -1;
}

/* Before each read of the second half: how far it may read (its tail may
 * have been taken over). */
static off_t
range_end(void *ctx, off_t from, size_t want)
{
	struct half *h = ((struct ingest *)ctx)->half;
	off_t end;

	pthread_mutex_lock(&h->mu);
	end = h->stop;
	h->taken = end - from < (off_t)want ? end : from + (off_t)want;
	pthread_mutex_unlock(&h->mu);
	return end;
}

/* The second half has read up to its tail, taken over by the first
 * half's thread: stop there when between records, else read on (the tail's
 * reading, which began inside a quoted field, is called off). */
static int
at_tail(void *ctx, size_t line, int between)
{
	struct half *h = ((struct ingest *)ctx)->half;

	pthread_mutex_lock(&h->mu);
	h->tail_ok = between;
	h->tail_line = line;
	if (!between) {
		h->stop = h->end;
		atomic_store(&h->tail->cancel, 1);
	}
	pthread_mutex_unlock(&h->mu);
	return between;
}

/* Read the part [h->mid, h->stop) of the file into h->d2 (its header is
 * h->head).  The second half's thread runs it, and the first half's for a
 * tail it takes over. */
static void
read_part(struct half *h)
{
	struct dy_csv_opts copts;
	struct ingest g;

	/* Its part of the shared rows is sized already (lend_rows); its
	 * string table for the rows it is expected to hold, not for that
	 * part, which the array's doubling may have made twice as long (a
	 * table mapped at once: 16 MB more at 100,000 children). */
	(void)dy_reserve_rows(h->d2, h->second > 0 ? h->second : h->reserve);
	memset(&g, 0, sizeof(g));
	g.d = h->d2;
	g.opts = &h->opts;
	g.name = h->name;
	g.file = 0;
	g.err = &h->err;
	g.half = h;
	g.worker = true;
	dy_strtab_init(&g.mcode);
	dy_recent_init(g.cache, NCACHE);
	memset(&copts, 0, sizeof(copts));
	copts.same_fields = &g.same_need;
	copts.delim = h->opts.delimiter ? h->opts.delimiter :
	    h->opts.decimal_comma ? ';' : ',';
	copts.range_end = range_end;
	copts.at_limit = at_tail;
	if (h->opts.split_share > 0)
		copts.chunk = 256;      /* tests: a tail to take in a small file */
	/* Its lines are numbered from 2, after the header, until the first
	 * half, reaching the cut, knows the line there (mid_line): the join
	 * adds the difference to every line held (rows, issues, and the
	 * lines that messages name, which are marked for it: dy_where). */
	h->d2->lines_from_cut = true;
	h->st = dy_csv_read_range(h->fd, h->head, h->headlen, h->mid, h->end,
	    2, &copts, dy_ingest_record, &g, &h->err);
	if (h->st == DYAD_OK)
		h->st = g.st;
	if (!h->header_done)
		set_verdict(h, -1);     /* stopped before its header */
	if (h->nomem && h->st == DYAD_OK)
		h->st = dy_nomem(&h->err);
	h->records = g.records;
	dy_ingest_release(&g);
}

static void *
second_half(void *arg)
{
	struct half *h = arg;

	if (read_header(h) < 0)
		set_verdict(h, -1);
	else
		read_part(h);
	return NULL;
}

/* Rows in the bytes [from, end) of fd, about, from the length of the
 * lines at from; 0 when unknown.  For sizing arrays once: growing one
 * moves its mapping (mremap), which makes the other thread's page faults
 * wait while it moves. */
size_t
dy_rows_in(int fd, off_t from, off_t end)
{
	char *buf = dy_malloc_now(SCAN / 16);
	ssize_t got = buf == NULL || end <= from ? -1 :
	    pread_all(fd, buf, SCAN / 16, from);
	size_t lines = got > 0 ? count_lf(buf, (size_t)got) : 0;

	free(buf);
	if (lines < 2)
		return 0;
	return (size_t)((double)(end - from) * (double)lines / (double)got *
	    1.1) + 1024;
}

/* One array for both halves' rows: the first half's from the start, the
 * second half's from h->off, past the rows the first half is expected to
 * hold.  The join then moves the second half's rows down next to the
 * first's in place, where a copy into new memory would touch fresh pages
 * for every row (and on a VM a fresh page costs as much as the parsing
 * of its rows).  Nothing is lent when the sizes cannot be told. */
static void
lend_rows(struct dyad_data *d, struct half *h)
{
	size_t second = dy_rows_in(h->fd, h->mid, h->end);

	h->second = second;
	h->off = d->n + h->reserve;
	if (h->reserve == 0 || second == 0 || d->lent != NULL ||
	    (h->off + second > d->cap && dy_grow_rows_to(d, h->off + second)))
		return;
	h->cap_total = d->cap;
	h->d2->row = d->row + h->off;
	h->d2->cap = h->cap_total - h->off;
	h->d2->row_borrowed = true;
	d->cap = h->off;
	d->lent = h;
}

/* The whole array is the first half's again (the second half is done). */
static int
unlend_rows(struct dyad_data *d, struct half *h)
{
	if (d->lent != h)
		return 0;
	d->lent = NULL;
	return dy_set_row_cap(d, h->cap_total);
}

/* The first half needs more rows than its part: wait for the second half,
 * move its rows into an array of its own, and take the whole array back.
 * Only when the estimate from the first lines was short. */
int
dy_split_take_back(struct dyad_data *d)
{
	struct half *h = d->lent;
	struct dyad_data *d2 = h->d2;
	struct dy_row *own;

	if (h->running) {
		pthread_join(h->thread, NULL);
		h->running = false;
	}
	if (d2->row_borrowed) {
		own = dy_malloc_now((d2->n + 1) * sizeof(*own));
		if (own == NULL)
			return -1;
		memcpy(own, d2->row, d2->n * sizeof(*own));
		d2->row = own;
		d2->cap = d2->n + 1;
		d2->row_borrowed = false;
	}
	return unlend_rows(d, h);
}

/* A part of the file [mid, end) of fd, to be read into a data set of its
 * own (d2) with d's catalog; NULL on no memory. */
static struct half *
new_part(const struct dyad_data *d, int fd, const char *name,
    const struct dyad_read_opts *opts, off_t start, off_t mid, off_t end)
{
	struct half *h = calloc(1, sizeof(*h));

	if (h == NULL || dyad_data_new(&h->d2, d->cat, NULL) != DYAD_OK) {
		free(h);
		return NULL;
	}
	h->d2->keep_scores = true;
	/* the part's rows are of file 0 there (for messages) */
	h->d2->file = malloc(sizeof(char *));
	h->d2->cases = calloc(1, 1);
	if (h->d2->file == NULL || h->d2->cases == NULL ||
	    (h->d2->file[0] = dy_strdup(name)) == NULL) {
		dyad_data_free(h->d2);
		free(h);
		return NULL;
	}
	h->d2->nfile = h->d2->capfile = 1;
	h->fd = fd;
	h->start = start;
	h->mid = h->taken = mid;
	h->end = h->stop = end;
	h->name = name;
	h->opts = *opts;
	h->opts.on_issue = hold_issue;
	h->opts.ctx = h;
	h->had_samples = d->sample_extra >= 0;
	atomic_init(&h->cancel, 0);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	return h;
}

static void
free_part(struct half *h)
{
	if (h == NULL)
		return;
	free_part(h->tail);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	dyad_data_free(h->d2);
	free(h->head);
	free(h->pend);
	free(h->text);
	free(h);
}

/* Start reading the second half of 'in' when it is worth it: a regular
 * file of SPLIT_MIN bytes or more, two or more cores, not --threads 1.
 * *out stays NULL otherwise.  -1: out of memory. */
int
dy_split_start(struct half **out, struct dyad_data *d, FILE *in,
    const char *name, const struct dyad_read_opts *opts)
{
	struct half *h;
	struct stat st;
	off_t start, min, mid;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	*out = NULL;
	min = opts != NULL && opts->split_min > 0 ? (off_t)opts->split_min :
	    SPLIT_MIN;
	if (opts == NULL || opts->threads == 1 || opts->wide ||
	    (opts->threads == 0 && cores < 2) || d->sample_extra >= 0 ||
	    fstat(fileno(in), &st) != 0 || !S_ISREG(st.st_mode) ||
	    (start = ftello(in)) < 0 || st.st_size - start < min ||
	    st.st_size - start < 4)
		return 0;
	mid = line_after(fileno(in), start + (off_t)((double)(st.st_size -
	    start) * (opts->split_share > 0 && opts->split_share < 1 ?
	    opts->split_share : FIRST_SHARE)), st.st_size);
	if (mid < 0)
		return 0;
	if ((h = new_part(d, fileno(in), name, opts, start, mid,
	    st.st_size)) == NULL)
		return -1;
	h->reserve = dy_rows_in(h->fd, h->start, h->mid);
	lend_rows(d, h);
	if (pthread_create(&h->thread, NULL, second_half, h) != 0) {
		/* no thread: read in one piece */
		unlend_rows(d, h);
		free_part(h);
		return 0;
	}
	h->running = true;
	/* the first half's string table, sized for the whole file (the join
	 * adds the second half's texts to it), mapped while the second half
	 * reads: its pages took 3-4 ms before that thread started */
	(void)dy_reserve_texts(d, h->off + h->second);
	*out = h;
	return 0;
}

void
dy_split_free(struct half *h, struct dyad_data *d)
{
	if (h == NULL)
		return;
	if (h->running) {
		atomic_store(&h->cancel, 1);
		pthread_join(h->thread, NULL);
	}
	/* a read that stopped before the join (a bad option): d's rows are
	 * all its own again (when that fails, d keeps the smaller part) */
	(void)unlend_rows(d, h);
	free_part(h);
}

/* The first half is read and the second half's thread is still reading:
 * take over the tail of the second half, cut where both would end about
 * together at the paces they have had (both began at about the same
 * time), when that tail is long enough to be worth a third part, and read
 * it here (the second half's reader stops at the cut: at_tail).  On a
 * shared machine one core is often slower than the other for a while,
 * which left this one waiting.  The tail, or NULL. */
static struct half *
take_tail(struct ingest *g, struct half *h)
{
	struct half *t;
	off_t taken, at, cut, min = h->opts.split_share > 0 ? 1 : TAIL_MIN;
	double pace;
	bool ok;

	pthread_mutex_lock(&h->mu);
	taken = h->taken;
	pthread_mutex_unlock(&h->mu);
	if (h->end - taken < 2 * min || taken < h->mid ||
	    h->mid <= h->start)
		return NULL;
	pace = (double)(taken - h->mid) / (double)(taken - h->start);
	at = taken + (off_t)((double)(h->end - taken) * pace);
	if (h->end - at < min || (cut = line_after(h->fd, at, h->end)) < 0 ||
	    (t = new_part(g->d, h->fd, h->name, g->opts, h->start, cut,
	    h->end)) == NULL)
		return NULL;
	t->second = dy_rows_in(t->fd, t->mid, t->end);
	if ((t->head = malloc(h->headlen)) != NULL) {
		memcpy(t->head, h->head, h->headlen);
		t->headlen = h->headlen;
	}
	pthread_mutex_lock(&h->mu);
	ok = t->head != NULL && h->taken <= cut && h->stop == h->end;
	if (ok) {
		h->stop = cut;
		h->tail = t;
	}
	pthread_mutex_unlock(&h->mu);
	if (!ok) {
		free_part(t);
		return NULL;
	}
	g->d->tails++;
	read_part(t);
	return t;
}

static int
cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The person of (child, caregiver) in d, created when new. */
static long
person_index(struct dyad_data *d, uint32_t child, uint32_t caregiver)
{
	struct person *p = dy_person_of(d, child, caregiver);

	return p == NULL ? -1 : (long)(p - d->person);
}

/* Parts of arrays the join is about to write, mapped (or zeroed, as their
 * growing would) by a thread of their own while this one interns the
 * second half's strings: on this VM a fresh page costs about 2 us, and the
 * join's contexts and people touch some 2,400 of them at 100,000
 * children. */
#define JOIN_PARTS 8

struct join_prep {
	pthread_t thread;
	bool running;
	atomic_bool stop;       /* map no more (zeroing is never left out) */
	size_t n;
	struct {
		char *p;
		size_t len;
		bool zero;
	} part[JOIN_PARTS];
};

#define PREP_PIECE ((size_t)1 << 20)

static void *
prepare_parts(void *arg)
{
	struct join_prep *j = arg;
	size_t k, at, n;

	for (k = 0; k < j->n; k++) {
		if (j->part[k].zero) {
			memset(j->part[k].p, 0, j->part[k].len);
			continue;
		}
		/* a piece at a time, so that the join need not wait for
		 * pages the machine is slow to give (it stops the mapping
		 * when it is done, and the rest is faulted in as used) */
		for (at = 0; at < j->part[k].len &&
		    !atomic_load_explicit(&j->stop, memory_order_relaxed);
		    at += n) {
			n = j->part[k].len - at < PREP_PIECE ?
			    j->part[k].len - at : PREP_PIECE;
			dy_populate(j->part[k].p + at, n);
		}
	}
	return NULL;
}

/* The len bytes at p listed for mapping, or for zeroing (done here when
 * the list is full: zeroing cannot be left out, mapping can). */
static void
add_part(struct join_prep *j, void *p, size_t len, bool zero)
{
	if (j->n == JOIN_PARTS) {
		if (zero)
			memset(p, 0, len);
		return;
	}
	j->part[j->n].p = p;
	j->part[j->n].len = len;
	j->part[j->n++].zero = zero;
}

/* *buf grown (not mapped) to need elements; the part from 'used' to need
 * listed for mapping, or when zero, the grown part for zeroing. */
static int
grow_for_join(struct join_prep *j, void **buf, size_t *cap, size_t used,
    size_t need, size_t elem, bool zero)
{
	size_t had = *cap;

	if (dy_grow_lazy(buf, cap, need, elem))
		return -1;
	if (zero && *cap > had)
		add_part(j, (char *)*buf + had * elem, (*cap - had) * elem, true);
	else if (!zero && need > used)
		add_part(j, (char *)*buf + used * elem, (need - used) * elem,
		    false);
	return 0;
}

/* The listed parts prepared on a thread of their own; here when none can
 * be started (zeroing cannot be left out). */
static void
start_prep(struct join_prep *j)
{
	j->running = pthread_create(&j->thread, NULL, prepare_parts, j) == 0;
	if (!j->running)
		(void)prepare_parts(j);
}

static void
end_prep(struct join_prep *j)
{
	if (j->running)
		pthread_join(j->thread, NULL);
	j->running = false;
}

/* The mapping stopped where it is (the join is done). */
static void
stop_prep(struct join_prep *j)
{
	atomic_store(&j->stop, true);
	end_prep(j);
}

/* A new spare of n pairs for d (data_internal.h), listed in j for
 * mapping and started.  None when there is no memory for it (the analysis
 * then allocates its own). */
static void
make_spare(struct dyad_data *d, struct join_prep *j, size_t n)
{
	struct dy_pair *p;

	if (n > SIZE_MAX / sizeof(*p) || (p = malloc(n * sizeof(*p))) == NULL)
		return;
	free(atomic_exchange(&d->spare, p));
	d->nspare = n;
	j->n = 0;
	add_part(j, p, n * sizeof(*p), false);
	start_prep(j);
}

/* Append the second half's rows to d.  People seen in the first half (or
 * an earlier file) have their second-half rows checked for duplicates
 * again, against all their rows; the rest keep the second half's verdicts
 * and chains.  Returns -1 on no memory. */
static int
merge_half(struct ingest *g, struct half *h, size_t more)
{
	struct dyad_data *d = g->d, *d2 = h->d2;
	uint32_t *smap = NULL, *pmap = NULL, *cmap = NULL;
	long *xmap = NULL;
	unsigned char *redo = NULL;
	size_t n1 = d->n, np1 = d->nperson, i, k;
	size_t sfield = (size_t)g->canon[K_SCORE] + 1;
	uint32_t base = (uint32_t)(h->mid_line - 2);   /* lines counted from
	                                                 * the cut: 2 there */
	size_t nstr = d->str.n + d2->str.n;     /* the most ids there can be */
	struct join_prep prep;
	int rc = -1;

	prep.n = 0;
	prep.running = false;
	atomic_init(&prep.stop, false);
	smap = malloc((d2->str.n + 1) * sizeof(uint32_t));
	pmap = malloc((d2->nperson + 1) * sizeof(uint32_t));
	xmap = malloc((d2->nextra + 1) * sizeof(long));
	redo = calloc(d2->n + 1, 1);
	cmap = malloc((d2->nctx + 1) * sizeof(uint32_t));
	if (smap == NULL || pmap == NULL || xmap == NULL || redo == NULL ||
	    cmap == NULL)
		goto out;
	smap[0] = 0;
	/* the table, the rows, the contexts and people grown once, not
	 * doubling along the way; what the contexts and people will use
	 * mapped on the side */
	if (dy_strtab_reserve(&d->str, nstr,
	    d->str.pool_len + d2->str.pool_len) ||
	    dy_grow_rows_to(d, n1 + d2->n + 1) ||
	    grow_for_join(&prep, (void **)&d->ctx, &d->capctx, d->nctx,
	    d->nctx + d2->nctx, sizeof(*d->ctx), false) ||
	    grow_for_join(&prep, (void **)&d->cctx, &d->capcctx, 0, nstr,
	    sizeof(*d->cctx), true) ||
	    grow_for_join(&prep, (void **)&d->person, &d->capperson, np1,
	    np1 + d2->nperson, sizeof(*d->person), false) ||
	    grow_for_join(&prep, (void **)&d->chead, &d->capchead, 0, nstr,
	    sizeof(*d->chead), true))
		goto out;
	add_part(&prep, cmap, (d2->nctx + 1) * sizeof(uint32_t), false);
	add_part(&prep, pmap, (d2->nperson + 1) * sizeof(uint32_t), false);
	add_part(&prep, redo, d2->n + 1, false);
	start_prep(&prep);
	if (d2->row_borrowed)
		d2->row = d->row + h->off;      /* where the growing moved it */
	if (dy_strtab_intern_all(&d->str, &d2->str, smap))
		goto out;
	end_prep(&prep);
	/* The pairs' memory, mapped while the rest of the join runs: on this
	 * VM that is a quarter of the pairing's time (a pair takes two rows,
	 * so half the rows bound them) */
	if (g->opts->will_pair && (n1 + d2->n + more) / 2 + 1 > d->nspare)
		make_spare(d, &prep, (n1 + d2->n + more) / 2 + 1);
	for (k = 0; k < d2->nextra; k++) {
		xmap[k] = dy_extra_find(d, d2->extra[k].name);
		if (xmap[k] < 0)
			goto out;       /* the first half has the same header */
	}
	for (k = 0; k < d2->nctx; k++) {
		struct dy_ctx key = d2->ctx[k];
		long c;

		key.child = smap[key.child];
		key.caregiver = smap[key.caregiver];
		key.family = smap[key.family];
		key.site = smap[key.site];
		key.file = g->file;
		if ((c = dy_ctx_of(d, &key)) < 0)
			goto out;
		cmap[k] = (uint32_t)c;
	}
	for (k = 0; k < d2->nperson; k++) {
		long p = person_index(d, smap[d2->person[k].child],
		    smap[d2->person[k].caregiver]);

		if (p < 0)
			goto out;
		pmap[k] = (uint32_t)p;
	}
	for (k = 0; k < d2->nctx; k++)
		if (d2->ctx[k].person != DYAD_NO_PERSON)
			d->ctx[cmap[k]].person = pmap[d2->ctx[k].person];
	for (i = 0; i < d2->n; i++) {
		/* a copy: the row may be its own destination (in place) */
		const struct dy_row sv = d2->row[i], *s = &sv;
		const struct dy_ctx *c;
		struct dy_row *r;
		long p = -1;

		if (i % 65536 == 0 && i > 0 && !d2->row_borrowed)
			dy_release_front(d2->row, i * sizeof(*d2->row));  /* copied */

		if (d->n >= d->cap && dy_grow_rows_to(d, d->n + 1))
			goto out;       /* (grown above: not again) */
		r = &d->row[d->n];
		*r = *s;
		r->line = s->line >= UINT32_MAX - base ? UINT32_MAX :
		    s->line + base;
		r->ctx = cmap[s->ctx];
		r->timepoint = smap[s->timepoint];
		r->prev = 0;
		c = &d->ctx[r->ctx];
		if (d->nextra > 0) {
			for (k = 0; k < d->nextra; k++)
				d->extra[k].val[d->n] = 0;
			for (k = 0; k < d2->nextra; k++)
				d->extra[xmap[k]].val[d->n] =
				    smap[d2->extra[k].val[i]];
		}
		d->count[r->status]++;
		d->n++;
		/* the person of a checked row: mapped, or (a row that was a
		 * repeat from the start has none there) looked up */
		if (s->checked != ROW_UNCHECKED)
			p = s->checked == ROW_CHAINED ? (long)c->person :
			    person_index(d, c->child, c->caregiver);
		if (s->checked != ROW_UNCHECKED && p < 0)
			goto out;
		if (s->checked != ROW_UNCHECKED && (size_t)p < np1) {
			/* a person of the first half: check again below */
			r->checked = ROW_CHECKED;
			redo[i] = 1;
			continue;
		}
		if (r->status != DYAD_ROW_OK && r->status != DYAD_ROW_MISSING_SCORE)
			r->score = NAN;
		if (s->checked == ROW_CHAINED) {
			struct person *q = &d->person[p];

			r->prev = s->prev == 0 ? 0 : s->prev + (uint32_t)n1;
			q->last = (uint32_t)d->n;
			q->count++;
			q->seen |= dy_seen_bit(r->measure, r->timepoint);
		}
	}
	/* the second half's rows were moved down: their old place is free */
	if (d2->row_borrowed && h->off + d2->n > d->n)
		dy_release_front(d->row + d->n, (h->off + d2->n - d->n) *
		    sizeof(*d->row));
	/* new people with many rows are hashed, as they would have been */
	for (k = 0; k < d2->nperson; k++) {
		struct person *q = &d->person[pmap[k]];
		uint32_t j;

		if (pmap[k] < np1 || q->big || q->count <= PERSON_CHAIN)
			continue;
		q->big = true;
		for (j = q->last; j != 0; j = d->row[j - 1].prev)
			if (dy_dup_hash(d, j - 1) < 0)
				goto out;
	}
	/* duplicates found again replace the second half's own */
	for (i = k = 0; i < h->npend; i++)
		if (h->pend[i].row == UINT32_MAX || !redo[h->pend[i].row])
			h->pend[k++] = h->pend[i];
	h->npend = k;
	/* People of both halves: their duplicates as one read finds them,
	 * given after the second half's issues of the same line */
	h->merging = true;
	h->seq = SIZE_MAX / 2;
	d->last_person = 0;
	for (i = 0; i < d2->n; i++) {
		struct dy_row *r = &d->row[n1 + i];
		long prev;

		if (!redo[i])
			continue;
		d->count[r->status]--;
		d->count[DYAD_ROW_OK]++;
		r->status = DYAD_ROW_OK;        /* its score was kept */
		prev = dy_dup_check(d, n1 + i);
		if (prev < 0)
			goto out;
		if (prev > 0)
			dy_check_dup(g, r->line, n1 + i, &d->row[prev - 1], sfield);
	}
	rc = 0;
out:
	stop_prep(&prep);
	free(smap);
	free(pmap);
	free(cmap);
	free(xmap);
	free(redo);
	return rc;
}

/* msg with each line it names between DY_LINE_MARKs (a line of the second
 * half, counted from the cut) moved on by base, in buf (len bytes; a
 * message is a few hundred at most), or msg itself when it names none. */
static const char *
renumber(const char *msg, size_t base, char *buf, size_t len)
{
	const char mark = DY_LINE_MARK[0];
	size_t o = 0, n;

	if (strchr(msg, mark) == NULL)
		return msg;
	while (*msg != '\0' && o + 24 < len) {
		if (*msg != mark) {
			buf[o++] = *msg++;
			continue;
		}
		for (n = 0, msg++; *msg >= '0' && *msg <= '9'; msg++)
			n = n * 10 + (size_t)(*msg - '0');
		if (*msg == mark)
			msg++;
		o += (size_t)snprintf(buf + o, len - o, "%zu", n + base);
	}
	buf[o] = '\0';
	return buf;
}

/* Join part h (read, with h->mid_line set) to g's data set: its rows, then
 * its issues, held until now ('more': rows of a part still to come). */
static enum dyad_status
join_part(struct ingest *g, struct half *h, size_t more,
    struct dyad_error *err)
{
	const struct dyad_read_opts *opts = g->opts;
	struct dyad_read_opts mo;
	struct ingest mg;
	struct dyad_issue is;
	enum dyad_status st = DYAD_OK;
	size_t i;
	char msg[1024];

	g->records += h->records;
	if (h->st != DYAD_OK) {
		st = h->st;
		if (err != NULL)
			*err = h->err;
	} else if (h->nomem) {
		st = dy_nomem(err);
	} else {
		/* the lines of the issues held so far were counted from the
		 * cut (merge_half's own are the file's) */
		for (i = 0; i < h->npend; i++)
			if (h->pend[i].line != 0)
				h->pend[i].line += h->mid_line - 2;
		mo = *opts;
		mo.on_issue = hold_issue;
		mo.ctx = h;
		mg = *g;
		mg.opts = &mo;
		if (merge_half(&mg, h, more) < 0 || h->nomem)
			st = dy_nomem(err);
	}
	if (h->npend > 1)       /* (none held: pend may be NULL) */
		qsort(h->pend, h->npend, sizeof(*h->pend), cmp_pending);
	for (i = 0; opts->on_issue != NULL && i < h->npend; i++) {
		const struct pending *p = &h->pend[i];

		is.file = g->name;
		is.line = p->line;
		is.field = p->field;
		is.kind = p->kind;
		is.warning = p->warning;
		is.msg = renumber(h->text + p->msg, h->mid_line - 2, msg,
		    sizeof(msg));
		is.cases = false;
		opts->on_issue(&is, opts->ctx);
	}
	return st;
}

/* The first half is read, with status st: join the second (and a tail of
 * it that this thread took over), take their rows and give their issues. */
enum dyad_status
dy_split_join(struct ingest *g, enum dyad_status st, struct dyad_error *err)
{
	struct half *h = g->half, *t = NULL;

	atomic_store(&h->cancel, !h->split || st != DYAD_OK);
	if (st == DYAD_OK && h->split && h->running && h->mid > h->start) {
		/* Room in the string table for the second half's strings,
		 * about as many per byte as the first half's: growing it (a
		 * rehash into a new table) is otherwise most of the join, and
		 * here it may overlap the end of the second half's reading.  A
		 * hint: the join grows it again if need be. */
		struct dy_strtab *tab = &g->d->str;
		double more = (double)(h->end - h->mid) /
		    (double)(h->mid - h->start);

		(void)dy_strtab_reserve(tab, tab->n + (size_t)((double)tab->n *
		    more), tab->pool_len + (size_t)((double)tab->pool_len *
		    more));
		t = take_tail(g, h);
	}
	if (h->running)
		pthread_join(h->thread, NULL);
	h->running = false;
	if (unlend_rows(g->d, h) != 0 && st == DYAD_OK)
		st = dy_nomem(err);
	if (st != DYAD_OK || !h->split)
		return st;      /* failed, or read here in one piece */
	/* a tail that began inside a quoted field was read by the second
	 * half after all */
	if (t != NULL && !h->tail_ok)
		t = NULL;
	st = join_part(g, h, t != NULL ? t->d2->n : 0, err);
	if (st == DYAD_OK && t != NULL) {
		/* its lines were counted from its cut, the second half's
		 * line there from the second half's cut */
		t->mid_line = h->tail_line + h->mid_line - 2;
		st = join_part(g, t, 0, err);
	}
	return st;
}

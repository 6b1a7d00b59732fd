/* pairs.c - pair each person's pre and post score on every measure, and
 * account for every row that does not end in a pair. */
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis.h"
#include "internal.h"
#include "rows.h"

static const char *const reason_name[DYAD_FLOW_NREASON] = {
	"used", "missing_score", "bad_number", "out_of_range", "bad_date",
	"duplicate", "repeated", "no_post", "no_pre", "other_timepoint",
	"out_of_period", "other"
};

const char *
dyad_flow_reason_name(enum dyad_flow_reason r)
{
	return (unsigned)r < DYAD_FLOW_NREASON ? reason_name[r] : "unknown";
}

const char *
dyad_rci_cat_name(enum dyad_rci_cat c)
{
	switch (c) {
	case DYAD_RCI_IMPROVED:     return "improved";
	case DYAD_RCI_UNCHANGED:    return "unchanged";
	case DYAD_RCI_DETERIORATED: return "deteriorated";
	default:                    return "n/a";
	}
}

const char *
dyad_cs_cat_name(enum dyad_cs_cat c)
{
	switch (c) {
	case DYAD_CS_RECOVERED:    return "recovered";
	case DYAD_CS_IMPROVED:     return "improved";
	case DYAD_CS_UNCHANGED:    return "unchanged";
	case DYAD_CS_DETERIORATED: return "deteriorated";
	default:                   return "n/a";
	}
}

void
dyad_pair_opts_init(struct dyad_pair_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->subject = -1;
	o->conf = 0.95;
	o->adjust = DYAD_ADJUST_HOLM;
}

/* Where a row's timepoint stands. */
enum tp_class { TP_OTHER, TP_PRE, TP_POST };

struct tp_cache {
	uint32_t id[64];
	int cls[64];
	int order[64];          /* position in the first/last order, -1 if absent */
	size_t n;
};

/* While pairing, a row's reason is one of these until it is settled: a
 * usable row of a selected measure that may pair, and as what. */
enum { CAND_PRE = 200, CAND_POST, CAND_ANY };

/* One measure of the person being paired: rows + 1, 0 when none. */
struct mslot {
	uint32_t pre, post;
	int npre;               /* usable rows seen (first/last mode) */
};

struct pairing {
	struct dyad_analysis *a;
	bool first_last;
	struct tp_cache tp;
	unsigned char *reason;  /* per row: enum dyad_flow_reason or CAND_* */
	bool *sel;              /* per catalog index: measure selected */
	int *row_order;         /* per row: timepoint order (first/last), then
	                         * the pair of a used post row (--by) */
	struct mslot *ms;       /* per catalog index, for one person */
	int32_t *touched;       /* the person's measures, in order of sight */
	uint32_t *rows;         /* the person's rows, in file order */
	size_t caprows;
	/* per catalog index: where the measure's part of the pairs starts
	 * and ends (see lay_out), and where its next pair goes (read by the
	 * thread that maps the pairs' pages); 'down': this pairing fills
	 * the parts from their ends (the second of two pairing threads) */
	atomic_size_t *at;
	size_t *base, *end;
	bool down;
	bool *unsorted;         /* per catalog index: a pair was written out
	                         * of pre-row order (the part needs sorting) */
	/* per catalog index, and the rows of no measure at [count]: the
	 * rows counted as they are classified, a candidate as no_post
	 * until it is settled (--by: tally() counts them again) */
	struct dyad_flow *mf;
};

static const char *const default_order[] = { "intake", "mid", "discharge",
	"followup" };

/* classify for a timepoint not in the cache. */
static void
classify_new(struct pairing *p, uint32_t id, int *cls, int *order)
{
	const struct dyad_pair_opts *o = &p->a->opts;
	const char *s, *const *ord;
	size_t nord, i;

	s = dyad_data_str(p->a->d, id);
	ord = o->order ? o->order : default_order;
	nord = o->order ? o->norder : 4;
	*order = -1;
	for (i = 0; i < nord; i++)
		if (dy_strcaseeq(s, ord[i]))
			*order = (int)i;
	*cls = TP_OTHER;
	if (!p->first_last) {
		if (dy_strcaseeq(s, o->pre))
			*cls = TP_PRE;
		else if (dy_strcaseeq(s, o->post))
			*cls = TP_POST;
	}
	if (p->tp.n < 64) {
		p->tp.id[p->tp.n] = id;
		p->tp.cls[p->tp.n] = *cls;
		p->tp.order[p->tp.n++] = *order;
	}
}

/* Where timepoint id stands (a file has a few: they are looked up in the
 * cache here, in the caller's loop over the rows). */
static inline void
classify(struct pairing *p, uint32_t id, int *cls, int *order)
{
	size_t i;

	for (i = 0; i < p->tp.n; i++) {
		if (p->tp.id[i] == id) {
			*cls = p->tp.cls[i];
			*order = p->tp.order[i];
			return;
		}
	}
	classify_new(p, id, cls, order);
}

/* first/last: is row a earlier than row b (dates when both have them)? */
static bool
earlier(const struct pairing *p, long a, long b)
{
	const struct dy_row *x = &dy_data_rows(p->a->d)[a];
	const struct dy_row *y = &dy_data_rows(p->a->d)[b];

	if (x->date != DYAD_NO_DATE && y->date != DYAD_NO_DATE &&
	    x->date != y->date)
		return x->date < y->date;
	return p->row_order[a] < p->row_order[b];
}

static enum dyad_flow_reason
status_reason(enum dyad_row_status s)
{
	switch (s) {
	case DYAD_ROW_MISSING_SCORE: return DYAD_FLOW_MISSING_SCORE;
	case DYAD_ROW_BAD_NUMBER:    return DYAD_FLOW_BAD_NUMBER;
	case DYAD_ROW_OUT_OF_RANGE:  return DYAD_FLOW_OUT_OF_RANGE;
	case DYAD_ROW_BAD_DATE:      return DYAD_FLOW_BAD_DATE;
	case DYAD_ROW_DUPLICATE:     return DYAD_FLOW_DUPLICATE;
	case DYAD_ROW_REPEATED:      return DYAD_FLOW_REPEATED;
	default:                     return DYAD_FLOW_OTHER;
	}
}

double
dyad_analysis_scale(const struct dyad_catalog *cat, int32_t m, double score)
{
	const struct dyad_instrument *in = m >= 0 ?
	    dyad_catalog_at(cat, (size_t)m) : NULL;

	return in != NULL ? dy_scale(in, score) : score;
}

uint32_t
dy_row_group(const struct dyad_analysis *a, size_t i)
{
	const struct dy_ctx *c;

	if (a->by_canon >= 0) {
		c = dy_row_ctx(dy_data_ctxs(a->d), &dy_data_rows(a->d)[i]);
		switch (a->by_canon) {
		case 0: return c->child;
		case 1: return c->caregiver;
		case 2: return c->family;
		case 3: return c->site;
		}
	}
	return a->by_extra >= 0 ? dyad_data_extra(a->d, i, (size_t)a->by_extra) : 0;
}

static bool in_period(const struct dyad_pair_opts *o, int32_t date);

bool
dy_analysis_selected(const struct dyad_analysis *a, int32_t m)
{
	return m >= 0 && a->sel[m];
}

bool
dy_analysis_in_period(const struct dyad_analysis *a, int32_t date)
{
	return in_period(&a->opts, date);
}

static bool
in_period(const struct dyad_pair_opts *o, int32_t date)
{
	if (!o->has_from && !o->has_to)
		return true;
	if (date == DYAD_NO_DATE)
		return false;
	return (!o->has_from || date >= o->from) &&
	    (!o->has_to || date <= o->to);
}

static enum dyad_status
check_opts(struct dyad_analysis *a, bool *sel, struct dyad_error *err)
{
	static const char *const canon[] = { "child_id", "caregiver_id",
	    "family_id", "site" };
	const struct dyad_pair_opts *o = &a->opts;
	size_t i, n = dyad_catalog_count(a->cat);
	long k;

	if (!(o->conf > 0 && o->conf < 1))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "the confidence level must be between 0 and 1");
	if (!dy_strcaseeq(o->pre, "first") != !dy_strcaseeq(o->post, "last"))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "--pre first goes with --post last");
	if (dy_strcaseeq(o->pre, o->post))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "the pre and post timepoints are the same ('%s')", o->pre);
	for (i = 0; i < n; i++) {
		const struct dyad_instrument *in = dyad_catalog_at(a->cat, i);

		sel[i] = (o->subject < 0 || (int)in->subject == o->subject) &&
		    (o->domain == NULL || dy_strcaseeq(o->domain, in->domain));
	}
	if (o->measures != NULL) {
		bool *want = calloc(n + 1, sizeof(bool));

		if (want == NULL)
			return dy_nomem(err);
		for (i = 0; i < o->nmeasures; i++) {
			k = dyad_catalog_find(a->cat, o->measures[i]);
			if (k < 0) {
				free(want);
				return dy_fail(err, DYAD_ENOTFOUND, 0, 0,
				    "--measure: unknown measure '%s'", o->measures[i]);
			}
			want[k] = true;
		}
		for (i = 0; i < n; i++)
			sel[i] = sel[i] && want[i];
		free(want);
	}
	a->by_canon = a->by_extra = -1;
	if (o->by != NULL) {
		for (i = 0; i < 4; i++)
			if (dy_strcaseeq(o->by, canon[i]))
				a->by_canon = (long)i;
		if (a->by_canon < 0)
			a->by_extra = dyad_data_extra_index(a->d, o->by);
		if (a->by_canon < 0 && a->by_extra < 0)
			return dy_fail(err, DYAD_ENOTFOUND, 0, 0,
			    "--by: the data have no column '%s'", o->by);
	}
	return DYAD_OK;
}

static uint64_t
outcome_hash(int32_t m, uint32_t g)
{
	uint64_t h = ((uint64_t)(uint32_t)m << 32 | g) * 0x9E3779B97F4A7C15ULL;

	return h ^ (h >> 29);
}

/* The outcome record of (measure, group), created on first use.  Found
 * through a hash: --by child_id makes a million of them. */
static struct dyad_outcome *
outcome_for(struct dyad_analysis *a, int32_t m, uint32_t g)
{
	struct dyad_outcome *o;
	size_t j, k;

	if ((a->nout + 1) * 2 > a->nomap) {
		size_t n = a->nomap ? a->nomap * 2 : 64;
		uint32_t *map = calloc(n, sizeof(uint32_t));

		if (map == NULL)
			return NULL;
		for (k = 0; k < a->nout; k++) {
			j = outcome_hash(a->out[k].measure, a->out[k].group) & (n - 1);
			while (map[j] != 0)
				j = (j + 1) & (n - 1);
			map[j] = (uint32_t)k + 1;
		}
		free(a->omap);
		a->omap = map;
		a->nomap = n;
	}
	j = outcome_hash(m, g) & (a->nomap - 1);
	while (a->omap[j] != 0) {
		o = &a->out[a->omap[j] - 1];
		if (o->measure == m && o->group == g)
			return o;
		j = (j + 1) & (a->nomap - 1);
	}
	if (a->nout >= UINT32_MAX - 1 || dy_grow((void **)&a->out, &a->capout,
	    a->nout + 1, sizeof(*o)))
		return NULL;
	o = &a->out[a->nout++];
	memset(o, 0, sizeof(*o));
	o->measure = m;
	o->group = g;
	a->omap[j] = (uint32_t)a->nout;
	return o;
}

/* to += from, count by count (the pairs are counted later) */
static void
add_counts(struct dyad_flow *to, const struct dyad_flow *from)
{
	size_t k;

	to->rows += from->rows;
	to->with_pre += from->with_pre;
	to->with_post += from->with_post;
	for (k = 0; k < DYAD_FLOW_NREASON; k++)
		to->reason[k] += from->reason[k];
}

/* The reason of rows [from, to), or what they may pair as, counted in
 * p->mf (so that no pass over the rows is left to tally them: the two
 * halves of the rows are classified at once). */
static void
classify_rows(struct pairing *p, size_t from, size_t to)
{
	const struct dy_row *rows = dy_data_rows(p->a->d);
	struct dyad_flow *f, *none = &p->mf[dyad_catalog_count(p->a->cat)];
	enum dyad_flow_reason why;
	size_t i;
	int cls, order;

	for (i = from; i < to; i++) {
		const struct dy_row *r = &rows[i];

		p->reason[i] = DYAD_FLOW_OTHER_TIMEPOINT;
		if (r->measure < 0) {
			none->rows++;
			none->reason[status_reason(
			    (enum dyad_row_status)r->status)]++;
			continue;
		}
		if (!p->sel[r->measure])
			continue;
		f = &p->mf[r->measure];
		f->rows++;
		if (r->status != DYAD_ROW_OK) {
			why = status_reason((enum dyad_row_status)r->status);
			p->reason[i] = (unsigned char)why;
			f->reason[why]++;
			continue;
		}
		classify(p, r->timepoint, &cls, &order);
		if (p->first_last && (order >= 0 || r->date != DYAD_NO_DATE)) {
			/* dated but unlisted: by date */
			p->row_order[i] = order < 0 ? 1000 : order;
			p->reason[i] = CAND_ANY;
		} else if (!p->first_last && cls != TP_OTHER) {
			p->reason[i] = cls == TP_PRE ? CAND_PRE : CAND_POST;
			if (cls == TP_PRE)
				f->with_pre++;
			else
				f->with_post++;
		} else {
			f->reason[DYAD_FLOW_OTHER_TIMEPOINT]++;
			continue;
		}
		f->reason[DYAD_FLOW_NO_POST]++;
	}
}

/* Candidate row's reason settled as why (it was counted as no_post; a
 * pre or post out of the period is not one of its measure's). */
static void
settle_row(struct pairing *p, uint32_t row, enum dyad_flow_reason why)
{
	struct dyad_flow *f = &p->mf[dy_data_rows(p->a->d)[row].measure];

	f->reason[DYAD_FLOW_NO_POST]--;
	f->reason[why]++;
	if (why == DYAD_FLOW_OUT_OF_PERIOD && p->reason[row] == CAND_PRE)
		f->with_pre--;
	else if (why == DYAD_FLOW_OUT_OF_PERIOD && p->reason[row] == CAND_POST)
		f->with_post--;
	p->reason[row] = (unsigned char)why;
}

/* An unpaired row's reason: why, or out of the period. */
static void
unpaired(struct pairing *p, uint32_t row, enum dyad_flow_reason why)
{
	settle_row(p, row, in_period(&p->a->opts,
	    dy_data_rows(p->a->d)[row].date) ? why : DYAD_FLOW_OUT_OF_PERIOD);
}

/* first/last: count the person's measure m as having a pre (and a post). */
static int
count_first_last(struct pairing *p, int32_t m, const struct mslot *s)
{
	struct dyad_analysis *a = p->a;
	struct dyad_outcome *o;

	if (!in_period(&a->opts, dy_data_rows(a->d)[s->pre - 1].date))
		return 0;
	o = outcome_for(a, m, dy_row_group(a, s->pre - 1));
	if (o == NULL)
		return -1;
	o->flow.with_pre++;
	if (s->npre >= 2 && s->pre != s->post)
		o->flow.with_post++;
	return 0;
}

/* Settle measure m of the person: a pair, or why its rows have none. */
static int
settle(struct pairing *p, int32_t m, const struct mslot *s)
{
	struct dyad_analysis *a = p->a;
	const struct dy_row *rows = dy_data_rows(a->d);
	struct dy_pair *q;
	size_t i;

	if (p->first_last && count_first_last(p, m, s))
		return -1;
	/* A person is in the period when their pre assessment is; one
	 * without a pre assessment, when their post assessment is. */
	if (p->first_last && (s->npre < 2 || s->pre == s->post)) {
		unpaired(p, s->pre - 1, DYAD_FLOW_NO_POST);
		return 0;
	}
	if (!p->first_last && (s->pre == 0 || s->post == 0)) {
		if (s->post != 0)
			unpaired(p, s->post - 1, DYAD_FLOW_NO_PRE);
		else
			unpaired(p, s->pre - 1, DYAD_FLOW_NO_POST);
		return 0;
	}
	if (!in_period(&a->opts, rows[s->pre - 1].date)) {
		settle_row(p, s->pre - 1, DYAD_FLOW_OUT_OF_PERIOD);
		settle_row(p, s->post - 1, DYAD_FLOW_OUT_OF_PERIOD);
		return 0;
	}
	settle_row(p, s->pre - 1, DYAD_FLOW_USED);
	settle_row(p, s->post - 1, DYAD_FLOW_USED);
	/* straight to its place, while its rows are in cache */
	i = atomic_load_explicit(&p->at[m], memory_order_relaxed);
	if (p->down ? i <= p->base[m] : i >= p->end[m])
		return -1;      /* cannot be: lay_out counted the candidates */
	if (p->down)
		i--;
	q = &a->pair[i];
	q->pre_row = s->pre - 1;
	q->post_row = s->post - 1;
	q->measure = m;
	q->group = dy_row_group(a, q->pre_row);
	q->pre = rows[q->pre_row].score;
	q->post = rows[q->post_row].score;
	/* the pair written before it, by this thread, comes before it in
	 * the file too (as it does when people come in order) */
	if (p->down ? i + 1 < p->end[m] && q[1].pre_row < q->pre_row :
	    i > p->base[m] && q[-1].pre_row > q->pre_row)
		p->unsorted[m] = true;
	atomic_store_explicit(&p->at[m], p->down ? i : i + 1,
	    memory_order_relaxed);
	return 0;
}

/* Pair one person's rows, measure by measure.  The rows come from the
 * person's chain (data.c), so no row is looked up in a table: exports
 * keep a case's rows together and this walks them while they are in
 * cache.  Rows are taken in file order so that first/last ties go to the
 * earlier row. */
static int
pair_person(struct pairing *p, size_t person)
{
	const struct dyad_data *d = p->a->d;
	const struct dy_row *rows = dy_data_rows(d);
	size_t n = 0, nt = 0, i, t;
	uint32_t k;

	if (dy_grow((void **)&p->rows, &p->caprows,
	    (size_t)dy_data_person_rows(d, person) + 1, sizeof(uint32_t)))
		return -1;
	for (k = dy_data_person_last(d, person); k != 0; k = rows[k - 1].prev)
		p->rows[n++] = k - 1;
	for (i = n; i-- > 0;) {
		uint32_t row = p->rows[i];
		const struct dy_row *r;
		struct mslot *s;

		if (p->reason[row] < CAND_PRE)
			continue;
		r = &rows[row];
		s = &p->ms[r->measure];
		if (s->pre == 0 && s->post == 0)
			p->touched[nt++] = r->measure;
		if (p->first_last) {
			s->npre++;
			if (s->pre == 0 || earlier(p, (long)row, (long)s->pre - 1))
				s->pre = row + 1;
			if (s->post == 0 || earlier(p, (long)s->post - 1, (long)row))
				s->post = row + 1;
		} else if (p->reason[row] == CAND_PRE) {
			s->pre = row + 1;
		} else {
			s->post = row + 1;
		}
	}
	for (t = 0; t < nt; t++)
		if (settle(p, p->touched[t], &p->ms[p->touched[t]]))
			return -1;
	/* first/last: the middle rows of a measure with two or more rows */
	if (p->first_last)
		for (i = 0; i < n; i++)
			if (p->reason[p->rows[i]] >= CAND_PRE &&
			    p->ms[rows[p->rows[i]].measure].npre >= 2)
				settle_row(p, p->rows[i],
				    DYAD_FLOW_OTHER_TIMEPOINT);
	for (t = 0; t < nt; t++)
		memset(&p->ms[p->touched[t]], 0, sizeof(struct mslot));
	return 0;
}

/* v[0..n) in pre-row order by insertion, unless that takes more than
 * 'budget' moves (then false, with v still a permutation). */
static bool
insertion_sort_pairs(struct dy_pair *v, size_t n, size_t budget)
{
	struct dy_pair t;
	size_t i, j, moves = 0;

	for (i = 1; i < n; i++) {
		if (v[i - 1].pre_row < v[i].pre_row)
			continue;
		t = v[i];
		for (j = i; j > 0 && v[j - 1].pre_row > t.pre_row; j--)
			v[j] = v[j - 1];
		v[j] = t;
		moves += i - j;
		if (moves > budget)
			return false;
	}
	return true;
}

/* A measure's pairs in pre-row order.  They were found person by person,
 * and a person's first row comes before the next person's, so nearly all
 * are in order already (a child's second caregiver's pairs a few places
 * back); a file in no order is radix sorted on the pre row, 11 bits at a
 * time (rows are 32-bit). */
static int
sort_pairs(struct dy_pair *v, size_t n)
{
	struct dy_pair *tmp;
	size_t *c, pass, i, sum, k;

	if (insertion_sort_pairs(v, n, 8 * n + 64))
		return 0;
	tmp = dy_malloc_now(n * sizeof(*tmp));
	c = calloc(3 * 2048, sizeof(*c));
	if (tmp == NULL || c == NULL) {
		free(tmp);
		free(c);
		return -1;
	}
	for (i = 0; i < n; i++)
		for (pass = 0; pass < 3; pass++)
			c[pass * 2048 + ((v[i].pre_row >> (11 * pass)) & 2047)]++;
	for (pass = 0; pass < 3; pass++) {
		struct dy_pair *from = pass % 2 ? tmp : v;
		struct dy_pair *to = pass % 2 ? v : tmp;
		size_t *cp = c + pass * 2048;

		for (i = 0, sum = 0; i < 2048; i++) {
			k = cp[i];
			cp[i] = sum;
			sum += k;
		}
		for (i = 0; i < n; i++)
			to[cp[(from[i].pre_row >> (11 * pass)) & 2047]++] = from[i];
	}
	/* three passes end in tmp */
	memcpy(v, tmp, n * sizeof(*tmp));
	free(tmp);
	free(c);
	return 0;
}

/* Each measure gets its part of the pairs before anyone is paired, so
 * that a pair is written once, in its place (no list of pairs found, no
 * pass to lay them out): a measure has at most as many pairs as it has
 * pre rows or post rows, whichever is fewer (first/last: half its
 * candidate rows), counted by classify_rows.  Two pairing threads fill
 * a part from either end: they cannot meet.  The parts are closed up
 * after pairing; only the pages written are ever touched. */
static int
lay_out(struct pairing *p, size_t nm)
{
	struct dyad_analysis *a = p->a;
	size_t m, bound, total = 0;

	p->at = malloc((nm + 1) * sizeof(*p->at));
	p->base = malloc((nm + 1) * sizeof(*p->base));
	p->end = malloc((nm + 1) * sizeof(*p->end));
	if (p->at == NULL || p->base == NULL || p->end == NULL)
		return -1;
	for (m = 0; m < nm; m++) {
		const struct dyad_flow *f = &p->mf[m];

		if (p->first_last)
			bound = f->reason[DYAD_FLOW_NO_POST] / 2;
		else
			bound = f->with_pre < f->with_post ? f->with_pre :
			    f->with_post;
		atomic_init(&p->at[m], total);
		p->base[m] = total;
		total += bound;
		p->end[m] = total;
	}
	/* the read's mapped memory when it has some (then cut to size: its
	 * pages past the end go back) */
	if ((a->pair = dy_data_take_spare(a->d, total + 1)) != NULL) {
		void *cut = realloc(a->pair, (total + 1) * sizeof(*a->pair));

		if (cut != NULL)
			a->pair = cut;
	} else if ((a->pair = malloc((total + 1) * sizeof(*a->pair))) == NULL) {
		return -1;
	}
	return 0;
}

/* Close up the measures' parts of the pairs, each in pre-row order:
 * the pairs from the start of a part up to at[m], then those from
 * down[m] to its end (the second pairing thread's; down may be NULL). */
static int
close_up(struct pairing *p, size_t nm, atomic_size_t *down,
    const bool *down_unsorted)
{
	struct dyad_analysis *a = p->a;
	size_t m, to = 0, k, k2, from2;

	for (m = 0; m < nm; m++) {
		k = atomic_load_explicit(&p->at[m], memory_order_relaxed) -
		    p->base[m];
		from2 = down != NULL ? atomic_load_explicit(&down[m],
		    memory_order_relaxed) : p->end[m];
		k2 = p->end[m] - from2;
		if (k > 0 && to != p->base[m])
			memmove(&a->pair[to], &a->pair[p->base[m]],
			    k * sizeof(*a->pair));
		if (k2 > 0 && to + k != from2)
			memmove(&a->pair[to + k], &a->pair[from2],
			    k2 * sizeof(*a->pair));
		/* sorted already when each thread wrote its part in order
		 * and the two parts meet in order */
		if ((p->unsorted[m] || (down_unsorted != NULL &&
		    down_unsorted[m]) || (k > 0 && k2 > 0 &&
		    a->pair[to + k - 1].pre_row > a->pair[to + k].pre_row)) &&
		    sort_pairs(&a->pair[to], k + k2))
			return -1;
		to += k + k2;
	}
	a->npair = to;
	return 0;
}

/* Pair people [from, to): upwards, or downwards when p fills the parts
 * of the pairs from their ends (so that its pairs end up in row order
 * too).  -1: out of memory. */
static int
pair_people(struct pairing *p, size_t from, size_t to)
{
	const struct dyad_data *d = p->a->d;
	const struct dy_row *rows = dy_data_rows(d);
	size_t i, k, ahead;
	uint32_t last;

	for (k = 0; k < to - from; k++) {
		i = p->down ? to - 1 - k : from + k;
		/* the newest row of the person after next asked for now: a
		 * person's rows are walked newest first, which memory does
		 * not see coming */
		ahead = p->down ? i - 2 : i + 2;
		if (k + 2 < to - from &&
		    (last = dy_data_person_last(d, ahead)) > 0)
			__builtin_prefetch(&rows[last - 1]);
		if (pair_person(p, i))
			return -1;
	}
	return 0;
}

/* The people still to pair, [lo, hi): the first pairing thread takes them
 * from the front, the second from the back, PEOPLE_BLOCK at a time, so that
 * a core that is slower for a while (a shared machine's often is) leaves
 * more to the other.  Each thread's pairs stay in the order of its people,
 * as when the two took halves. */
#define PEOPLE_BLOCK 2048

struct people_left {
	pthread_mutex_t mu;
	size_t lo, hi;
};

static bool
take_people(struct people_left *l, bool back, size_t *from, size_t *to)
{
	size_t n;

	pthread_mutex_lock(&l->mu);
	n = l->hi - l->lo < PEOPLE_BLOCK ? l->hi - l->lo : PEOPLE_BLOCK;
	if (back) {
		*to = l->hi;
		l->hi -= n;
		*from = l->hi;
	} else {
		*from = l->lo;
		l->lo += n;
		*to = l->lo;
	}
	pthread_mutex_unlock(&l->mu);
	return n > 0;
}

/* Pair blocks of the people left until none is; -1: out of memory. */
static int
pair_left(struct pairing *p, struct people_left *l)
{
	size_t from, to;

	while (take_people(l, p->down, &from, &to))
		if (pair_people(p, from, to))
			return -1;
	return 0;
}

/* The second core classifies the second half of the rows while this one
 * does the first.  Then it pairs people from the back (people_left),
 * filling the measures' parts of the pairs from their ends; or, in first/last
 * mode (which counts into shared outcomes as it pairs), faults in the
 * pairs' pages while this one pairs, so that pairs are written to mapped
 * memory (on a VM a fresh page costs about as much as filling it),
 * keeping a step ahead of where each measure's next pair goes so that
 * little is faulted in that is not used. */
#define POPULATE_STEP ((size_t)2 << 20)
/* Fewer rows: one thread (starting one costs more than it saves). */
#define SECOND_MIN 50000

struct second {
	/* a copy of the pairing with a timepoint cache, counts, scratch
	 * and (pairing) places of its own */
	struct pairing cp;
	size_t from, to;        /* the rows it classifies */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool classified;
	bool laid_out;          /* the fields below are set */
	bool pairs;             /* pair people from the back of 'left', not
	                         * map pages */
	struct people_left *left;
	int failed;             /* pairing ran out of memory */
	char *buf;              /* the pairs, NULL: nothing to map */
	size_t nm;
	atomic_size_t *at;      /* per measure: its next pair */
	const size_t *end;
	atomic_bool last;       /* pairing is over */
};

static void
populate_pairs(struct second *j)
{
	const struct timespec nap = { 0, 200000 };
	const size_t elem = sizeof(struct dy_pair);
	size_t *done, m, want, start;
	bool any;

	if ((done = calloc(j->nm + 1, sizeof(*done))) == NULL)
		return;
	for (m = 0, start = 0; m < j->nm; start = j->end[m++])
		done[m] = start * elem;
	while (!atomic_load_explicit(&j->last, memory_order_acquire)) {
		any = false;
		for (m = 0; m < j->nm; m++) {
			want = atomic_load_explicit(&j->at[m],
			    memory_order_relaxed) * elem + POPULATE_STEP;
			want -= want % POPULATE_STEP;
			if (want > j->end[m] * elem)
				want = j->end[m] * elem;
			if (want > done[m]) {
				dy_populate(j->buf + done[m], want - done[m]);
				done[m] = want;
				any = true;
			}
		}
		if (!any)
			nanosleep(&nap, NULL);
	}
	free(done);
}

static void *
second_job(void *arg)
{
	struct second *j = arg;

	classify_rows(&j->cp, j->from, j->to);
	pthread_mutex_lock(&j->mu);
	j->classified = true;
	pthread_cond_signal(&j->cv);
	while (!j->laid_out)
		pthread_cond_wait(&j->cv, &j->mu);
	pthread_mutex_unlock(&j->mu);
	if (j->buf != NULL && j->pairs)
		j->failed = pair_left(&j->cp, j->left);
	else if (j->buf != NULL)
		populate_pairs(j);
	return NULL;
}

static enum dyad_status add_flows(struct pairing *p, struct dyad_error *err);

/* Classify every row, then pair everyone, each pair written in its
 * measure's part of the pairs (lay_out).  Without --by the rows' counts
 * become the outcomes' flows here too (with --by a used post row counts
 * in its pair's group: tallied after the pairs are placed). */
static enum dyad_status
make_pairs(struct pairing *p, struct dyad_error *err)
{
	struct dyad_analysis *a = p->a;
	size_t i, m, nm = dyad_catalog_count(a->cat);
	size_t npeople = dy_data_people(a->d), n = dyad_data_rows(a->d);
	struct second pop;
	struct pairing *q = &pop.cp;
	struct people_left left;
	pthread_t t;
	bool two;
	enum dyad_status st = DYAD_OK;

	p->ms = calloc(nm + 1, sizeof(*p->ms));
	p->touched = malloc((nm + 1) * sizeof(*p->touched));
	p->mf = calloc(nm + 1, sizeof(*p->mf));
	p->unsorted = calloc(nm + 1, sizeof(*p->unsorted));
	memset(&pop, 0, sizeof(pop));
	*q = *p;
	q->tp.n = 0;
	q->rows = NULL;
	q->caprows = 0;
	q->ms = calloc(nm + 1, sizeof(*q->ms));
	q->touched = malloc((nm + 1) * sizeof(*q->touched));
	q->mf = calloc(nm + 1, sizeof(*q->mf));
	q->unsorted = calloc(nm + 1, sizeof(*q->unsorted));
	if (p->ms == NULL || p->touched == NULL || p->mf == NULL ||
	    p->unsorted == NULL || q->ms == NULL || q->touched == NULL ||
	    q->mf == NULL || q->unsorted == NULL) {
		st = dy_nomem(err);
		goto out;
	}
	pop.from = n / 2;
	pop.to = n;
	pop.nm = nm;
	pthread_mutex_init(&left.mu, NULL);
	left.lo = 0;
	left.hi = npeople;
	pop.left = &left;
	atomic_init(&pop.last, false);
	pthread_mutex_init(&pop.mu, NULL);
	pthread_cond_init(&pop.cv, NULL);
	two = a->opts.threads != 1 &&
	    sysconf(_SC_NPROCESSORS_ONLN) > 1 && n / 2 >= SECOND_MIN &&
	    pthread_create(&t, NULL, second_job, &pop) == 0;
	/* every row classified before any is paired */
	classify_rows(p, 0, two ? n / 2 : n);
	pthread_mutex_lock(&pop.mu);
	while (two && !pop.classified)
		pthread_cond_wait(&pop.cv, &pop.mu);
	pthread_mutex_unlock(&pop.mu);
	for (m = 0; two && m <= nm; m++)
		add_counts(&p->mf[m], &q->mf[m]);
	/* from here q->mf holds what the second thread's pairing changes:
	 * added in the end (counts moved from one reason to another wrap
	 * around, which the sum undoes) */
	memset(q->mf, 0, (nm + 1) * sizeof(*q->mf));
	if (lay_out(p, nm))
		st = dy_nomem(err);
	pthread_mutex_lock(&pop.mu);
	if (st == DYAD_OK) {
		pop.buf = (char *)a->pair;
		pop.at = p->at;
		pop.end = p->end;
		pop.pairs = !p->first_last &&
		    (q->at = malloc((nm + 1) * sizeof(*q->at))) != NULL;
	}
	if (pop.pairs) {
		for (m = 0; m < nm; m++)
			atomic_init(&q->at[m], p->end[m]);
		q->base = p->base;
		q->end = p->end;
		q->down = true;
	}
	pop.laid_out = true;
	pthread_cond_signal(&pop.cv);
	pthread_mutex_unlock(&pop.mu);
	if (st == DYAD_OK && pair_left(p, &left))
		st = dy_nomem(err);
	atomic_store_explicit(&pop.last, true, memory_order_release);
	if (two)
		pthread_join(t, NULL);
	pthread_mutex_destroy(&pop.mu);
	pthread_cond_destroy(&pop.cv);
	pthread_mutex_destroy(&left.mu);
	if (pop.failed && st == DYAD_OK)
		st = dy_nomem(err);
	for (m = 0; two && pop.pairs && m <= nm; m++)
		add_counts(&p->mf[m], &q->mf[m]);
	/* candidates that are neither a pre nor a post of their person
	 * (counted as such: only --by reads the rows' reasons again) */
	for (i = 0; st == DYAD_OK && a->opts.by != NULL && i < n; i++)
		if (p->reason[i] >= CAND_PRE)
			p->reason[i] = DYAD_FLOW_NO_POST;
	if (st == DYAD_OK && a->opts.by == NULL)
		st = add_flows(p, err);
	if (st == DYAD_OK && close_up(p, nm, two && pop.pairs ?
	    q->at : NULL, two && pop.pairs ? q->unsorted : NULL))
		st = dy_nomem(err);
out:
	free(p->unsorted);
	p->unsorted = NULL;
	free(q->unsorted);
	free(q->ms);
	free(q->touched);
	free(q->mf);
	free(q->rows);
	if (pop.pairs)
		free(q->at);
	return st;
}

static int
cmp_pair(const void *x, const void *y, void *ctx)
{
	const struct dyad_analysis *a = ctx;
	const struct dy_pair *p = x, *q = y;
	int c;

	if (p->measure != q->measure)
		return p->measure < q->measure ? -1 : 1;
	if (p->group != q->group) {
		c = strcmp(dyad_data_str(a->d, p->group),
		    dyad_data_str(a->d, q->group));
		if (c != 0)
			return c;
	}
	return p->pre_row < q->pre_row ? -1 : p->pre_row > q->pre_row;
}



/* A row no outcome counts: of no measure (counted as unassigned), or of
 * a measure not selected. */
static bool
not_tallied(struct dyad_analysis *a, const bool *sel, const struct dy_row *r)
{
	if (r->measure < 0) {
		a->unassigned.rows++;
		a->unassigned.reason[status_reason(
		    (enum dyad_row_status)r->status)]++;
		return true;
	}
	return !sel[r->measure];
}

/* Add flow f to the outcome of measure m in group 0 (made if new). */
static int
add_flow(struct dyad_analysis *a, int32_t m, const struct dyad_flow *f)
{
	struct dyad_outcome *o = outcome_for(a, m, 0);

	if (o == NULL)
		return -1;
	add_counts(&o->flow, f);
	return 0;
}

/* Without --by every row's group is the same: the outcomes' flows are
 * the counts classify_rows and the pairing kept per measure. */
static enum dyad_status
add_flows(struct pairing *p, struct dyad_error *err)
{
	struct dyad_analysis *a = p->a;
	size_t m, nm = dyad_catalog_count(a->cat);

	add_counts(&a->unassigned, &p->mf[nm]);
	for (m = 0; m < nm; m++)
		if (p->mf[m].rows > 0 && add_flow(a, (int32_t)m, &p->mf[m]))
			return dy_nomem(err);
	return DYAD_OK;
}

/* With --by: tally every row into the flow of its measure and group
 * (without it, tally_measures). */
static enum dyad_status
tally(struct pairing *p, struct dyad_error *err)
{
	struct dyad_analysis *a = p->a;
	const struct dy_row *rows = dy_data_rows(a->d);
	size_t i, n = dyad_data_rows(a->d);
	struct dyad_outcome *o = NULL;
	int cls, order, *by_pair = p->row_order;

	/* a used post row counts in its pair's group */
	for (i = 0; i < a->npair; i++)
		by_pair[a->pair[i].post_row] = (int)i;
	for (i = 0; i < n; i++) {
		const struct dy_row *r = &rows[i];
		enum dyad_flow_reason why = (enum dyad_flow_reason)p->reason[i];
		uint32_t g;

		if (not_tallied(a, p->sel, r))
			continue;
		g = why == DYAD_FLOW_USED && by_pair[i] >= 0 && (size_t)by_pair[i] < a->npair &&
		    a->pair[by_pair[i]].post_row == i ?
		    a->pair[by_pair[i]].group : dy_row_group(a, i);
		if (o == NULL || o->measure != r->measure || o->group != g)
			o = outcome_for(a, r->measure, g);
		if (o == NULL)
			return dy_nomem(err);
		o->flow.rows++;
		o->flow.reason[why]++;
		if (r->status != DYAD_ROW_OK || why == DYAD_FLOW_OUT_OF_PERIOD)
			continue;
		classify(p, r->timepoint, &cls, &order);
		if (p->first_last)
			continue;       /* counted when pairing */
		if (cls == TP_PRE)
			o->flow.with_pre++;
		else if (cls == TP_POST)
			o->flow.with_post++;
	}
	return DYAD_OK;
}

static int
cmp_outcome(const struct dyad_outcome *x, const struct dyad_outcome *y,
    const struct dyad_analysis *a)
{
	if (x->measure != y->measure)
		return x->measure < y->measure ? -1 : 1;
	return strcmp(dyad_data_str(a->d, x->group), dyad_data_str(a->d, y->group));
}

/* Outcomes in (measure, group) order: a stable merge sort of their
 * indexes, then each moved once along the permutation's cycles.  With
 * --by child_id there are as many outcomes as people times measures, and a
 * merge sort of the outcomes themselves needed a second copy of them all
 * (424 bytes each). */
static int
cmp_outcome_at(const void *x, const void *y, void *ctx)
{
	const struct dyad_analysis *a = ctx;

	return cmp_outcome(&a->out[*(const uint32_t *)x],
	    &a->out[*(const uint32_t *)y], a);
}

static int
sort_outcomes(struct dyad_analysis *a)
{
	uint32_t *at = malloc((2 * a->nout + 1) * sizeof(*at));
	size_t k, j, s;

	if (at == NULL)
		return -1;
	for (k = 0; k < a->nout; k++)
		at[k] = (uint32_t)k;
	dy_msort(at, at + a->nout, a->nout, sizeof(*at), cmp_outcome_at, a);
	/* outcome at[k] goes to k */
	for (k = 0; k < a->nout; k++) {
		struct dyad_outcome held;

		if (at[k] == k)
			continue;
		held = a->out[k];
		for (j = k;; j = s) {
			s = at[j];
			at[j] = (uint32_t)j;
			if (s == k) {
				a->out[j] = held;
				break;
			}
			a->out[j] = a->out[s];
		}
	}
	free(at);
	free(a->omap);          /* indexes change; no more lookups */
	a->omap = NULL;
	a->nomap = 0;
	return 0;
}

enum dyad_status
dyad_analysis_run(struct dyad_analysis **out, const struct dyad_data *d,
    const struct dyad_pair_opts *opts, struct dyad_error *err)
{
	struct dyad_analysis *a = calloc(1, sizeof(*a));
	struct pairing p;
	enum dyad_status st;
	size_t n = dyad_data_rows(d);

	*out = NULL;
	memset(&p, 0, sizeof(p));
	if (a == NULL)
		return dy_nomem(err);
	a->d = d;
	a->cat = dyad_data_catalog(d);
	if (opts != NULL)
		a->opts = *opts;
	else
		dyad_pair_opts_init(&a->opts);
	if (a->opts.pre == NULL)
		a->opts.pre = "intake";
	if (a->opts.post == NULL)
		a->opts.post = "discharge";
	if (a->opts.conf == 0)
		a->opts.conf = 0.95;
	p.a = a;
	p.first_last = dy_strcaseeq(a->opts.pre, "first");
	p.sel = a->sel = calloc(dyad_catalog_count(a->cat) + 1, sizeof(bool));
	p.reason = dy_malloc_now(n + 1);
	/* per row: only first/last orders rows, only --by needs the group of
	 * a post row's pair */
	if (p.first_last || a->opts.by != NULL)
		p.row_order = dy_malloc_now((n + 1) * sizeof(int));
	if (p.sel == NULL || p.reason == NULL ||
	    ((p.first_last || a->opts.by != NULL) && p.row_order == NULL)) {
		st = dy_nomem(err);
		goto done;
	}
	st = check_opts(a, p.sel, err);
	if (st == DYAD_OK)
		st = make_pairs(&p, err);
	/* Pairs in (measure, group, pre row) order: close_up leaves each
	 * measure's in pre-row order, so only --by's groups need sorting. */
	if (st == DYAD_OK && a->opts.by != NULL) {
		struct dy_pair *tmp = dy_malloc_now((a->npair + 1) *
		    sizeof(*tmp));

		if (tmp == NULL) {
			st = dy_nomem(err);
		} else {
			dy_msort(a->pair, tmp, a->npair, sizeof(*tmp), cmp_pair,
			    a);
			free(tmp);
		}
	}
	if (st == DYAD_OK && a->opts.by != NULL) {
		memset(p.row_order, 0xff, (n + 1) * sizeof(int));
		st = tally(&p, err);
	}
	if (st == DYAD_OK) {
		st = sort_outcomes(a) ? dy_nomem(err) :
		    dy_outcomes_compute(a, err);
	}
done:
	free(p.reason);
	free(p.row_order);
	free(p.ms);
	free(p.touched);
	free(p.mf);
	free(p.rows);
	free(p.at);
	free(p.base);
	free(p.end);
	if (st != DYAD_OK) {
		dyad_analysis_free(a);
		return st;
	}
	*out = a;
	return DYAD_OK;
}

void
dyad_analysis_free(struct dyad_analysis *a)
{
	if (a == NULL)
		return;
	free(a->pair);
	free(a->sdiff);
	free(a->out);
	free(a->omap);
	free(a->sel);
	free(a);
}

size_t
dyad_analysis_pairs(const struct dyad_analysis *a)
{
	return a->npair;
}

bool
dyad_analysis_pair(const struct dyad_analysis *a, size_t i,
    struct dyad_pair *out)
{
	if (i >= a->npair)
		return false;
	dy_pair_view(a, &a->pair[i], out);
	return true;
}

size_t
dyad_analysis_outcomes(const struct dyad_analysis *a)
{
	return a->nout;
}

const struct dyad_outcome *
dyad_analysis_outcome(const struct dyad_analysis *a, size_t i)
{
	return i < a->nout ? &a->out[i] : NULL;
}

const struct dyad_flow *
dyad_analysis_unassigned(const struct dyad_analysis *a)
{
	return &a->unassigned;
}

const char *
dyad_analysis_group(const struct dyad_analysis *a, uint32_t g)
{
	return dyad_data_str(a->d, g);
}

const struct dyad_data *
dyad_analysis_data(const struct dyad_analysis *a)
{
	return a->d;
}

const struct dyad_pair_opts *
dyad_analysis_opts(const struct dyad_analysis *a)
{
	return &a->opts;
}

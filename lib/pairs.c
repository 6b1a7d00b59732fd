/* pairs.c - pair each person's pre and post score on every measure, and
 * account for every row that does not end in a pair. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "internal.h"

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

/* One person on one measure: which rows are their pre and post. */
struct slot {
	uint32_t child, caregiver;
	int32_t measure;
	long pre, post;         /* row indexes, -1 when none */
	int npre;               /* usable rows seen (first/last mode) */
	bool paired;            /* make_pairs: analysed */
};

struct pairing {
	struct dyad_analysis *a;
	bool first_last;
	struct tp_cache tp;
	struct slot *slot;
	size_t nslot, used;
	uint32_t *map;          /* open addressing: slot index + 1 */
	size_t nmap;
	unsigned char *reason;  /* per row: enum dyad_flow_reason */
	bool *sel;              /* per catalog index: measure selected */
	int *row_order;         /* per row: timepoint order (first/last) */
};

static const char *const default_order[] = { "intake", "mid", "discharge",
	"followup" };

static void
classify(struct pairing *p, uint32_t id, int *cls, int *order)
{
	const struct dyad_pair_opts *o = &p->a->opts;
	const char *s = dyad_data_str(p->a->d, id);
	const char *const *ord = o->order ? o->order : default_order;
	size_t nord = o->order ? o->norder : 4, i;

	for (i = 0; i < p->tp.n; i++) {
		if (p->tp.id[i] == id) {
			*cls = p->tp.cls[i];
			*order = p->tp.order[i];
			return;
		}
	}
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

static uint64_t
slot_hash(uint32_t child, uint32_t care, int32_t m)
{
	uint64_t h = ((uint64_t)child << 32) ^ ((uint64_t)care << 12) ^
	    (uint64_t)(uint32_t)m;

	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static int
map_grow(struct pairing *p)
{
	size_t n = p->nmap ? p->nmap * 2 : 1024, i, j;
	uint32_t *m = calloc(n, sizeof(uint32_t));

	if (m == NULL)
		return -1;
	for (i = 0; i < p->used; i++) {
		const struct slot *s = &p->slot[i];

		j = slot_hash(s->child, s->caregiver, s->measure) & (n - 1);
		while (m[j] != 0)
			j = (j + 1) & (n - 1);
		m[j] = (uint32_t)i + 1;
	}
	free(p->map);
	p->map = m;
	p->nmap = n;
	return 0;
}

static struct slot *
slot_get(struct pairing *p, const struct dyad_row *r)
{
	size_t j;
	struct slot *s;

	if ((p->used + 1) * 2 > p->nmap && map_grow(p))
		return NULL;
	j = slot_hash(r->child, r->caregiver, r->measure) & (p->nmap - 1);
	while (p->map[j] != 0) {
		s = &p->slot[p->map[j] - 1];
		if (s->child == r->child && s->caregiver == r->caregiver &&
		    s->measure == r->measure)
			return s;
		j = (j + 1) & (p->nmap - 1);
	}
	if (dy_grow((void **)&p->slot, &p->nslot, p->used + 1, sizeof(*s)))
		return NULL;
	s = &p->slot[p->used];
	s->child = r->child;
	s->caregiver = r->caregiver;
	s->measure = r->measure;
	s->pre = s->post = -1;
	s->npre = 0;
	p->map[j] = (uint32_t)++p->used;
	return s;
}

/* first/last: is row a earlier than row b (dates when both have them)? */
static bool
earlier(const struct pairing *p, long a, long b)
{
	const struct dyad_row *x = dyad_data_row(p->a->d, (size_t)a);
	const struct dyad_row *y = dyad_data_row(p->a->d, (size_t)b);

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

uint32_t
dy_row_group(const struct dyad_analysis *a, size_t i)
{
	const struct dyad_row *r = dyad_data_row(a->d, i);

	switch (a->by_canon) {
	case 0: return r->child;
	case 1: return r->caregiver;
	case 2: return r->family;
	case 3: return r->site;
	}
	return a->by_extra >= 0 ? dyad_data_extra(a->d, i, (size_t)a->by_extra) : 0;
}

static bool in_period(const struct dyad_pair_opts *o, const struct dyad_row *r);

bool
dy_analysis_selected(const struct dyad_analysis *a, int32_t m)
{
	return m >= 0 && a->sel[m];
}

bool
dy_analysis_in_period(const struct dyad_analysis *a, const struct dyad_row *r)
{
	return in_period(&a->opts, r);
}

static bool
in_period(const struct dyad_pair_opts *o, const struct dyad_row *r)
{
	if (!o->has_from && !o->has_to)
		return true;
	if (r->date == DYAD_NO_DATE)
		return false;
	return (!o->has_from || r->date >= o->from) &&
	    (!o->has_to || r->date <= o->to);
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

/* Place every usable row in its person's slot. */
static enum dyad_status
fill_slots(struct pairing *p, struct dyad_error *err)
{
	const struct dyad_data *d = p->a->d;
	size_t i, n = dyad_data_rows(d);
	int cls, order;

	for (i = 0; i < n; i++) {
		const struct dyad_row *r = dyad_data_row(d, i);
		struct slot *s;

		p->reason[i] = DYAD_FLOW_OTHER_TIMEPOINT;
		if (r->measure < 0 || !p->sel[r->measure])
			continue;
		if (r->status != DYAD_ROW_OK) {
			p->reason[i] = (unsigned char)status_reason(
			    (enum dyad_row_status)r->status);
			continue;
		}
		classify(p, r->timepoint, &cls, &order);
		p->row_order[i] = order;
		if (p->first_last ? order < 0 && r->date == DYAD_NO_DATE :
		    cls == TP_OTHER)
			continue;
		if (p->first_last && order < 0)
			p->row_order[i] = 1000;  /* dated but unlisted: by date */
		s = slot_get(p, r);
		if (s == NULL)
			return dy_nomem(err);
		if (p->first_last) {
			s->npre++;
			if (s->pre < 0 || earlier(p, (long)i, s->pre))
				s->pre = (long)i;
			if (s->post < 0 || earlier(p, s->post, (long)i))
				s->post = (long)i;
		} else if (cls == TP_PRE) {
			s->pre = (long)i;
		} else {
			s->post = (long)i;
		}
		p->reason[i] = DYAD_FLOW_NO_POST;       /* until paired */
	}
	return DYAD_OK;
}

static unsigned char
unpaired(const struct dyad_analysis *a, long row, enum dyad_flow_reason why)
{
	return in_period(&a->opts, dyad_data_row(a->d, (size_t)row)) ?
	    (unsigned char)why : DYAD_FLOW_OUT_OF_PERIOD;
}

/* Turn complete slots into pairs and settle each row's reason. */
static enum dyad_status
make_pairs(struct pairing *p, struct dyad_error *err)
{
	struct dyad_analysis *a = p->a;
	size_t i, m, nm = dyad_catalog_count(a->cat), *at;

	/* Pass 1: which people pair, and how many pairs each measure has, so
	 * that the pairs are laid out by measure at once: no growth by
	 * doubling and no sort (a third of the memory of a large run). */
	at = calloc(nm + 1, sizeof(size_t));
	if (at == NULL)
		return dy_nomem(err);
	for (i = 0; i < p->used; i++) {
		struct slot *s = &p->slot[i];

		s->paired = false;
		/* A person is in the period when their pre assessment is; one
		 * without a pre assessment, when their post assessment is. */
		if (p->first_last && (s->npre < 2 || s->pre == s->post)) {
			p->reason[s->pre] = unpaired(a, s->pre, DYAD_FLOW_NO_POST);
			continue;
		}
		if (!p->first_last && (s->pre < 0 || s->post < 0)) {
			if (s->post >= 0)
				p->reason[s->post] = unpaired(a, s->post,
				    DYAD_FLOW_NO_PRE);
			else
				p->reason[s->pre] = unpaired(a, s->pre,
				    DYAD_FLOW_NO_POST);
			continue;
		}
		if (!in_period(&a->opts, dyad_data_row(a->d, (size_t)s->pre))) {
			p->reason[s->pre] = p->reason[s->post] = DYAD_FLOW_OUT_OF_PERIOD;
			continue;
		}
		s->paired = true;
		at[s->measure + 1]++;
	}
	for (m = 0; m < nm; m++)
		at[m + 1] += at[m];
	a->npair = at[nm];
	a->pair = malloc((a->npair + 1) * sizeof(*a->pair));
	if (a->pair == NULL) {
		free(at);
		return dy_nomem(err);
	}
	/* Pass 2: each pair in its measure's block, in the order of people */
	for (i = 0; i < p->used; i++) {
		const struct slot *s = &p->slot[i];
		const struct dyad_instrument *in;
		const struct dyad_row *rpre, *rpost;
		struct dyad_pair *q;

		if (!s->paired)
			continue;
		rpre = dyad_data_row(a->d, (size_t)s->pre);
		rpost = dyad_data_row(a->d, (size_t)s->post);
		q = &a->pair[at[s->measure]++];
		memset(q, 0, sizeof(*q));
		q->pre_row = (size_t)s->pre;
		q->post_row = (size_t)s->post;
		q->measure = s->measure;
		q->group = dy_row_group(a, q->pre_row);
		q->pre = rpre->score;
		q->post = rpost->score;
		in = dyad_catalog_at(a->cat, (size_t)s->measure);
		q->x_pre = in->transform == DYAD_TRANSFORM_LOG ? log(q->pre) : q->pre;
		q->x_post = in->transform == DYAD_TRANSFORM_LOG ? log(q->post) :
		    q->post;
		q->change = q->x_post - q->x_pre;
		p->reason[s->pre] = p->reason[s->post] = DYAD_FLOW_USED;
	}
	free(at);
	/* first/last: the middle rows of people who do pair */
	if (p->first_last)
		for (i = 0; i < dyad_data_rows(a->d); i++)
			if (p->reason[i] == DYAD_FLOW_NO_POST) {
				const struct dyad_row *r = dyad_data_row(a->d, i);
				struct slot *s = slot_get(p, r);

				if (s != NULL && s->npre >= 2 && s->pre != (long)i &&
				    s->post != (long)i)
					p->reason[i] = DYAD_FLOW_OTHER_TIMEPOINT;
			}
	return DYAD_OK;
}

static int
cmp_pair(const void *x, const void *y, const struct dyad_analysis *a)
{
	const struct dyad_pair *p = x, *q = y;
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

/* Stable merge sort with a context (qsort has none in C17). */
static void
sort_pairs(struct dyad_pair *v, struct dyad_pair *tmp, size_t n,
    const struct dyad_analysis *a)
{
	size_t m = n / 2, i = 0, j = m, k = 0;

	if (n < 2)
		return;
	sort_pairs(v, tmp, m, a);
	sort_pairs(v + m, tmp, n - m, a);
	while (i < m && j < n)
		tmp[k++] = cmp_pair(&v[j], &v[i], a) < 0 ? v[j++] : v[i++];
	while (i < m)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

/* Pairs in (measure, group, pre row) order.  make_pairs lays them out by
 * measure in the order of their people's first rows, so without --by only
 * a measure found out of row order (a post row before its pre row in the
 * file) needs sorting. */
static bool
pairs_in_order(const struct dyad_analysis *a)
{
	size_t i;

	if (a->opts.by != NULL)
		return false;
	for (i = 1; i < a->npair; i++)
		if (a->pair[i].measure == a->pair[i - 1].measure &&
		    a->pair[i].pre_row < a->pair[i - 1].pre_row)
			return false;
	return true;
}

static void
order_pairs(struct dyad_analysis *a, struct dyad_pair *tmp)
{
	size_t i, m;
	bool sorted;

	if (a->opts.by != NULL) {
		sort_pairs(a->pair, tmp, a->npair, a);
		return;
	}
	for (i = 0, m = 0; i < a->npair; i = m) {
		sorted = true;
		for (m = i + 1; m < a->npair && a->pair[m].measure ==
		    a->pair[i].measure; m++)
			sorted = sorted && a->pair[m - 1].pre_row < a->pair[m].pre_row;
		if (!sorted)
			sort_pairs(a->pair + i, tmp, m - i, a);
	}
}

/* The outcome record of (measure, group), created on first use. */
static struct dyad_outcome *
outcome_for(struct dyad_analysis *a, int32_t m, uint32_t g)
{
	struct dyad_outcome *o;
	size_t i;

	for (i = a->nout; i-- > 0;)
		if (a->out[i].measure == m && a->out[i].group == g)
			return &a->out[i];
	if (dy_grow((void **)&a->out, &a->capout, a->nout + 1, sizeof(*o)))
		return NULL;
	o = &a->out[a->nout++];
	memset(o, 0, sizeof(*o));
	o->measure = m;
	o->group = g;
	return o;
}

/* Tally every row into the flow of its measure and group. */
static enum dyad_status
tally(struct pairing *p, struct dyad_error *err)
{
	struct dyad_analysis *a = p->a;
	size_t i, n = dyad_data_rows(a->d);
	struct dyad_outcome *o = NULL;
	int cls, order;

	for (i = 0; i < a->npair; i++) {
		/* a used post row counts in its pair's group */
		p->row_order[a->pair[i].post_row] = (int)i;
	}
	for (i = 0; i < n; i++) {
		const struct dyad_row *r = dyad_data_row(a->d, i);
		enum dyad_flow_reason why = (enum dyad_flow_reason)p->reason[i];
		uint32_t g;

		if (r->measure < 0) {
			a->unassigned.rows++;
			a->unassigned.reason[status_reason(
			    (enum dyad_row_status)r->status)]++;
			continue;
		}
		if (!p->sel[r->measure])
			continue;
		g = why == DYAD_FLOW_USED && p->row_order[i] >= 0 &&
		    (size_t)p->row_order[i] < a->npair &&
		    a->pair[p->row_order[i]].post_row == i ?
		    a->pair[p->row_order[i]].group : dy_row_group(a, i);
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
			continue;       /* counted from the slots below */
		if (cls == TP_PRE)
			o->flow.with_pre++;
		else if (cls == TP_POST)
			o->flow.with_post++;
	}
	if (p->first_last) {
		for (i = 0; i < p->used; i++) {
			const struct slot *s = &p->slot[i];
			uint32_t g = dy_row_group(a, (size_t)s->pre);

			if (!in_period(&a->opts, dyad_data_row(a->d, (size_t)s->pre)))
				continue;
			o = outcome_for(a, s->measure, g);
			if (o == NULL)
				return dy_nomem(err);
			o->flow.with_pre++;
			if (s->npre >= 2 && s->pre != s->post)
				o->flow.with_post++;
		}
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

static void
sort_outcomes(struct dyad_analysis *a)
{
	size_t i, j;
	struct dyad_outcome t;

	/* insertion sort: outcomes are few (measures x groups) and mostly
	 * in order already */
	for (i = 1; i < a->nout; i++) {
		t = a->out[i];
		for (j = i; j > 0 && cmp_outcome(&a->out[j - 1], &t, a) > 0; j--)
			a->out[j] = a->out[j - 1];
		a->out[j] = t;
	}
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
	p.reason = malloc(n + 1);
	p.row_order = malloc((n + 1) * sizeof(int));
	if (p.sel == NULL || p.reason == NULL || p.row_order == NULL) {
		st = dy_nomem(err);
		goto done;
	}
	st = check_opts(a, p.sel, err);
	if (st == DYAD_OK)
		st = fill_slots(&p, err);
	if (st == DYAD_OK)
		st = make_pairs(&p, err);
	if (st == DYAD_OK && !pairs_in_order(a)) {
		struct dyad_pair *tmp = malloc((a->npair + 1) * sizeof(*tmp));

		if (tmp == NULL) {
			st = dy_nomem(err);
		} else {
			order_pairs(a, tmp);
			free(tmp);
		}
	}
	if (st == DYAD_OK) {
		memset(p.row_order, 0xff, (n + 1) * sizeof(int));
		st = tally(&p, err);
	}
	if (st == DYAD_OK) {
		sort_outcomes(a);
		st = dy_outcomes_compute(a, err);
	}
done:
	free(p.reason);
	free(p.row_order);
	free(p.slot);
	free(p.map);
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
	free(a->out);
	free(a->sel);
	free(a);
}

size_t
dyad_analysis_pairs(const struct dyad_analysis *a)
{
	return a->npair;
}

const struct dyad_pair *
dyad_analysis_pair(const struct dyad_analysis *a, size_t i)
{
	return i < a->npair ? &a->pair[i] : NULL;
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

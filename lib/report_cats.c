/* report_cats.c - small-cell suppression of an outcome's reliable-change
 * counts, shared by the report (report.c) and its workbook (report_xlsx.c). */
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "internal.h"
#include "rows.h"
#include "report_cats.h"
#include "suppress.h"

void
dy_outcome_cats(const struct dyad_outcome *o, long long min,
    struct dy_cats *c)
{
	long long v[3] = { o->rci_improved, o->rci_unchanged, o->rci_deteriorated };
	const bool shown[3] = { true, false, true }, shown2[2] = { true, false };
	bool h[3], ht, h2[2];

	memset(c, 0, sizeof(*c));
	c->withheld = min > 1 && (long long)o->n_pairs < min;
	c->have_rci = o->rci_improved >= 0;
	c->have_rec = o->recovered >= 0;
	if (!c->have_rci)
		return;
	dy_suppress(v, 3, (long long)o->n_pairs, min, shown, h, &ht);
	c->h_imp = h[0] || ht;
	c->h_det = h[2] || ht;
	if (c->have_rec) {
		long long w[2] = { o->recovered, o->rci_improved - o->recovered };

		dy_suppress(w, 2, c->h_imp ? -1 : o->rci_improved, min, shown2,
		    h2, &ht);
		c->h_rec = h2[0] || c->h_imp;
		/* a small "improved but not recovered" would follow from the
		 * two shown counts: hide recovered instead */
		if (h2[1])
			c->h_rec = true;
	}
}

static bool
primary(long long v, long long min)
{
	return v >= 1 && v < min;
}

void
dy_completion_cells(const struct dyad_outcome *o, long long min,
    bool *hide_pre, bool *hide_both)
{
	long long pre = (long long)o->n_pre, both = (long long)o->n_pairs;

	*hide_both = primary(both, min);
	*hide_pre = primary(pre, min) ||
	    (!*hide_both && primary(pre - both, min));
}

void
dy_flow_cells(const struct dyad_outcome *o, long long min, long long parts[5],
    bool hide[5], bool *hide_rows)
{
	const struct dyad_flow *f = &o->flow;
	enum dy_cell kind[5] = { DY_CELL_PUBLIC, DY_CELL_SHOWN, DY_CELL_PUBLIC,
	    DY_CELL_SHOWN, DY_CELL_SHOWN };
	bool hp, hb;

	parts[0] = (long long)f->reason[DYAD_FLOW_USED];
	parts[1] = (long long)f->reason[DYAD_FLOW_MISSING_SCORE];
	parts[2] = (long long)f->reason[DYAD_FLOW_NO_POST];
	parts[3] = (long long)f->reason[DYAD_FLOW_NO_PRE];
	parts[4] = (long long)f->rows - parts[0] - parts[1] - parts[2] - parts[3];
	dy_completion_cells(o, min, &hp, &hb);
	if (hp || hb)
		kind[2] = DY_CELL_SHOWN;        /* not derivable then */
	dy_suppress_cells(parts, 5, (long long)f->rows, min, kind, hide,
	    hide_rows);
}

/* The overall outcome of the same measure in a. */
static const struct dyad_outcome *
overall(const struct dyad_analysis *a, int32_t m)
{
	size_t i;

	for (i = 0; i < dyad_analysis_outcomes(a); i++)
		if (dyad_analysis_outcome(a, i)->measure == m)
			return dyad_analysis_outcome(a, i);
	return NULL;
}

static long long
cat_count(const struct dyad_outcome *o, int cat)
{
	return cat == 0 ? o->rci_improved : cat == 1 ? o->rci_deteriorated :
	    o->recovered;
}

static bool *
cat_flag(struct dy_cats *c, int cat)
{
	return cat == 0 ? &c->h_imp : cat == 1 ? &c->h_det : &c->h_rec;
}

void
dy_group_cells(const struct dyad_analysis *b, const struct dyad_analysis *a,
    size_t i, long long min, bool *row_hidden, struct dy_cats *c)
{
	const struct dyad_outcome *o = dyad_analysis_outcome(b, i);
	const struct dyad_outcome *all = overall(a, o->measure), *g[256];
	long long pairs[256], tot = 0;
	bool hide[256], gone[256], ht;
	struct dy_cats gc[256], ac;
	size_t j, k = 0, me = 0, q, best, nh;
	int cat;

	for (j = 0; j < dyad_analysis_outcomes(b) && k < 256; j++) {
		const struct dyad_outcome *p = dyad_analysis_outcome(b, j);

		if (p->measure != o->measure)
			continue;
		if (p == o)
			me = k;
		g[k] = p;
		dy_outcome_cats(p, min, &gc[k]);
		pairs[k++] = (long long)p->n_pairs;
		tot += (long long)p->n_pairs;
	}
	dy_suppress(pairs, k, tot, min, NULL, hide, &ht);
	for (q = 0; q < k; q++)
		gone[q] = hide[q] || gc[q].withheld;
	*row_hidden = hide[me] && !gc[me].withheld;
	*c = gc[me];
	if (all == NULL || !c->have_rci)
		return;
	dy_outcome_cats(all, min, &ac);
	/* each group's improved, deteriorated and recovered count is a part
	 * of the overall count the main table shows */
	for (cat = 0; cat < 3; cat++) {
		if ((cat == 2 && !c->have_rec) || *cat_flag(&ac, cat))
			continue;
		for (nh = 0, q = 0; q < k; q++)
			nh += gone[q] || *cat_flag(&gc[q], cat);
		if (nh != 1)
			continue;
		for (best = k, q = 0; q < k; q++)
			if (!gone[q] && !*cat_flag(&gc[q], cat) &&
			    cat_count(g[q], cat) > 0 && (best == k ||
			    cat_count(g[q], cat) < cat_count(g[best], cat)))
				best = q;
		if (best < k)
			*cat_flag(&gc[best], cat) = true;
	}
	*c = gc[me];
}

static int
tp_rank(const struct dyad_analysis *a, uint32_t tp)
{
	static const char *const dflt[] = { "intake", "mid", "discharge",
	    "followup" };
	const struct dyad_pair_opts *o = dyad_analysis_opts(a);
	const char *const *ord = o->order ? o->order : dflt;
	size_t n = o->order ? o->norder : 4, i;

	for (i = 0; i < n; i++)
		if (dy_strcaseeq(dyad_data_str(dyad_analysis_data(a), tp), ord[i]))
			return (int)i;
	return (int)n;
}

bool
dy_tp_before(const struct dyad_analysis *a, uint32_t x, uint32_t y)
{
	int rx = tp_rank(a, x), ry = tp_rank(a, y);

	if (rx != ry)
		return rx < ry;
	return strcmp(dyad_data_str(dyad_analysis_data(a), x),
	    dyad_data_str(dyad_analysis_data(a), y)) < 0;
}

bool
dy_row_in_period(const struct dyad_analysis *a, const struct dyad_row *r)
{
	return r->measure >= 0 && dy_analysis_in_period(a, r->date);
}

static int
cmp_tp_child(const void *x, const void *y)
{
	const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

long
dy_timepoint_counts(const struct dyad_analysis *a, struct dy_tp_count *out,
    size_t max)
{
	const struct dyad_data *d = dyad_analysis_data(a);
	size_t n = dyad_data_rows(d), i, t, m = 0, ntp = 0;
	uint64_t *key = malloc((n + 1) * sizeof(uint64_t));

	if (key == NULL)
		return -1;
	/* one pass: the timepoints, and (timepoint, child) keys to count
	 * distinct children per timepoint after one sort */
	for (i = 0; i < n; i++) {
		struct dyad_row rv;
		const struct dyad_row *r = dy_row_get(d, i, &rv);

		if (r->status != DYAD_ROW_OK || !dy_row_in_period(a, r))
			continue;
		for (t = 0; t < ntp && out[t].timepoint != r->timepoint; t++)
			;
		if (t == ntp) {
			if (ntp == max)
				continue;
			out[ntp].timepoint = r->timepoint;
			out[ntp].children = out[ntp].scores = 0;
			ntp++;
		}
		out[t].scores++;
		key[m++] = (uint64_t)t << 32 | r->child;
	}
	qsort(key, m, sizeof(*key), cmp_tp_child);
	for (i = 0; i < m; i++)
		if (i == 0 || key[i] != key[i - 1])
			out[key[i] >> 32].children++;
	free(key);
	/* the order of care: listed labels first, the rest alphabetically */
	for (i = 1; i < ntp; i++) {
		struct dy_tp_count x = out[i];

		for (t = i; t > 0 && dy_tp_before(a, x.timepoint,
		    out[t - 1].timepoint); t--)
			out[t] = out[t - 1];
		out[t] = x;
	}
	return (long)ntp;
}

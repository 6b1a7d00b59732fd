/* report_xlsx.c - the funder report's tables as a workbook.  Every count
 * goes through the same small-cell suppression as the HTML and Markdown
 * report (report.c): the same dy_suppress calls with the same parts, and
 * the outcome categories from dy_outcome_cats.  tests/sh/xlsx.sh compares
 * the two cell by cell.  No identifier is written. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dyad.h"
#include "dyad/xlsx.h"
#include "internal.h"
#include "rows.h"
#include "report_cats.h"
#include "suppress.h"
#include "xlsx_internal.h"

struct rx {
	const struct dyad_analysis *a;
	const struct dyad_data *d;
	const struct dyad_catalog *cat;
	const struct dyad_report_opts *o;
	long long min;
};

static bool
small(const struct rx *r, long long v)
{
	return r->min > 1 && v >= 1 && v < r->min;
}

/* A count as the report shows it: "<11" when small, "(s)" when hidden only
 * so that a small one cannot be worked out, else the number (written as an
 * integer cell); nothing for an unknown count. */
static int
count_cell(struct dyad_table *t, size_t col, long long v, bool hide,
    long long min)
{
	char buf[32];

	if (v < 0)
		return 0;
	if (hide && v < min)
		snprintf(buf, sizeof(buf), "<%lld", min);
	else if (hide)
		snprintf(buf, sizeof(buf), "(s)");
	else
		snprintf(buf, sizeof(buf), "%lld", v);
	return dyad_table_set_text(t, col, buf);
}

static void
share_cell(struct dyad_table *t, size_t col, long long part, long long total,
    bool hide)
{
	if (!hide && part >= 0 && total > 0)
		dyad_table_set_num(t, col, (double)part / (double)total);
}

/* A table of the named columns; a name starting with '#' is a count (TEXT
 * column with its bit set in *counts), '%' a share, '1'/'2' a number with
 * that many decimals, 'P' a p-value; anything else is text. */
static struct dyad_table *
new_table(const char *const *cols, size_t n, uint64_t *counts, uint64_t *pct)
{
	struct dyad_table *t = NULL;
	size_t c;

	*counts = *pct = 0;
	if (dyad_table_new(&t, NULL) != DYAD_OK)
		return NULL;
	for (c = 0; c < n; c++) {
		const char *name = cols[c];
		enum dyad_col_type type = DYAD_COL_TEXT;
		int dec = 0;

		switch (name[0]) {
		case '#':
			*counts |= (uint64_t)1 << c;
			name++;
			break;
		case '%':
			*pct |= (uint64_t)1 << c;
			type = DYAD_COL_NUM;
			name++;
			break;
		case '1':
		case '2':
			type = DYAD_COL_NUM;
			dec = name[0] - '0';
			name++;
			break;
		case 'P':               /* a p-value: 0.000 */
			type = DYAD_COL_NUM;
			dec = DYAD_ROUND_P;
			name++;
			break;
		}
		if (dyad_table_add_col(t, name, type, dec, true) < 0) {
			dyad_table_free(t);
			return NULL;
		}
	}
	return t;
}

/* ---- how much did we do ---- */

static int
cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

static long long
distinct(uint32_t *v, size_t n)
{
	long long k = 0;
	size_t i;

	qsort(v, n, sizeof(*v), cmp_u32);
	for (i = 0; i < n; i++)
		if ((i == 0 || v[i] != v[i - 1]) && v[i] != 0)
			k++;
	return k;
}

static struct dyad_table *
people(const struct rx *r, uint64_t *counts, uint64_t *pct)
{
	static const char *const cols[] = { "#children", "#caregivers",
	    "#families", "#sites" };
	size_t n = dyad_data_rows(r->d), i, k, m;
	uint32_t *ids = malloc((n + 1) * sizeof(uint32_t));
	struct dyad_table *t = new_table(cols, 4, counts, pct);
	int bad = ids == NULL || t == NULL || dyad_table_add_row(t);

	for (k = 0; !bad && k < 4; k++) {
		long long cnt;

		for (m = 0, i = 0; i < n; i++) {
			struct dyad_row rowv;
			const struct dyad_row *row = dy_row_get(r->d, i, &rowv);

			if (!dy_row_in_period(r->a, row))
				continue;
			ids[m++] = k == 0 ? row->child : k == 1 ? row->caregiver :
			    k == 2 ? row->family : row->site;
		}
		cnt = distinct(ids, m);
		/* sites are places, not people: never suppressed */
		bad = count_cell(t, k, cnt, k < 3 && small(r, cnt), r->min);
	}
	free(ids);
	if (bad) {
		dyad_table_free(t);
		return NULL;
	}
	return t;
}


static struct dyad_table *
timepoints(const struct rx *r, uint64_t *counts, uint64_t *pct)
{
	static const char *const cols[] = { "timepoint", "#children_assessed",
	    "#scores_collected" };
	struct dy_tp_count tp[64];
	long ntp = dy_timepoint_counts(r->a, tp, 64), t;
	struct dyad_table *tab = new_table(cols, 3, counts, pct);
	int bad = ntp < 0 || tab == NULL;

	for (t = 0; !bad && t < ntp; t++)
		bad = dyad_table_add_row(tab) ||
		    dyad_table_set_text(tab, 0, dyad_data_str(r->d,
		    tp[t].timepoint)) ||
		    count_cell(tab, 1, tp[t].children, small(r, tp[t].children),
		    r->min) ||
		    count_cell(tab, 2, tp[t].scores, small(r, tp[t].scores),
		    r->min);
	if (bad) {
		dyad_table_free(tab);
		return NULL;
	}
	return tab;
}

/* ---- how well did we do it ---- */

static struct dyad_table *
completion(const struct rx *r, uint64_t *counts, uint64_t *pct)
{
	static const char *const cols[] = { "measure", "label", "domain",
	    "#with_pre", "#with_pre_and_post", "%completion" };
	struct dyad_table *t = new_table(cols, 6, counts, pct);
	size_t i;

	for (i = 0; t != NULL && i < dyad_analysis_outcomes(r->a); i++) {
		const struct dyad_outcome *o = dyad_analysis_outcome(r->a, i);
		const struct dyad_instrument *in = dyad_catalog_at(r->cat,
		    (size_t)o->measure);
		long long pre = (long long)o->n_pre, both = (long long)o->n_pairs;
		bool ht, hb;

		/* exactly the report's rule (report_cats.c) */
		dy_completion_cells(o, r->min, &ht, &hb);
		if (dyad_table_add_row(t) || dyad_table_set_text(t, 0, in->code) ||
		    dyad_table_set_text(t, 1, in->label) ||
		    dyad_table_set_text(t, 2, in->domain) ||
		    count_cell(t, 3, pre, ht, r->min) ||
		    count_cell(t, 4, both, hb, r->min)) {
			dyad_table_free(t);
			return NULL;
		}
		share_cell(t, 5, both, pre, ht || hb);
	}
	return t;
}

static struct dyad_table *
flow(const struct rx *r, uint64_t *counts, uint64_t *pct)
{
	static const char *const cols[] = { "measure", "#rows", "#analysed",
	    "#missing_score", "#no_post_score", "#no_pre_score",
	    "#other_timepoint_or_excluded" };
	struct dyad_table *t = new_table(cols, 7, counts, pct);
	size_t i, k;

	for (i = 0; t != NULL && i < dyad_analysis_outcomes(r->a); i++) {
		const struct dyad_outcome *o = dyad_analysis_outcome(r->a, i);
		const struct dyad_flow *f = &o->flow;
		long long parts[5];
		bool h[5], ht;
		int bad;

		dy_flow_cells(o, r->min, parts, h, &ht);
		bad = dyad_table_add_row(t) ||
		    dyad_table_set_text(t, 0, dyad_catalog_at(r->cat,
		    (size_t)o->measure)->code) ||
		    count_cell(t, 1, (long long)f->rows, ht, r->min);
		for (k = 0; !bad && k < 5; k++)
			bad = count_cell(t, 2 + k, parts[k], h[k], r->min);
		if (bad) {
			dyad_table_free(t);
			return NULL;
		}
	}
	return t;
}

/* ---- is anyone better off ---- */

static const char *const outcome_cols[] = { "subject", "measure", "label",
	"domain", "#pairs", "scale", "1pre_mean", "1post_mean", "2change",
	"2change_ci_low", "2change_ci_high", "Pp_adjusted", "2g", "2g_ci_low",
	"2g_ci_high",
	"size", "#reliably_improved", "%improved_share", "#recovered",
	"%recovered_share", "#reliably_worse", "%worse_share" };

#define NOUT (sizeof(outcome_cols) / sizeof(outcome_cols[0]))

static const char *
size_word(double g)
{
	double m = fabs(g);

	return m < 0.2 ? "negligible" : m < 0.5 ? "small" : m < 0.8 ? "medium" :
	    "large";
}

/* One outcome as the report's outcome row shows it, its columns starting
 * at column off.  With withheld_group the row is a group hidden by
 * complementary suppression ("withheld"). */
static int
outcome_row(const struct rx *r, struct dyad_table *t,
    const struct dyad_outcome *o, bool withheld_group, size_t off,
    const struct dy_cats *given)
{
	const struct dyad_instrument *in = dyad_catalog_at(r->cat,
	    (size_t)o->measure);
	double sign = in->direction == DYAD_DIR_LOWER_BETTER ? -1 : 1;
	long long n = (long long)o->n_pairs;
	struct dy_cats c;
	char size[48];

	if (dyad_table_set_text(t, off, dyad_subject_name(in->subject)) ||
	    dyad_table_set_text(t, off + 1, in->code) ||
	    dyad_table_set_text(t, off + 2, in->label) ||
	    dyad_table_set_text(t, off + 3, in->domain))
		return -1;
	if (withheld_group)
		return dyad_table_set_text(t, off + 4, "withheld");
	if (given != NULL)
		c = *given;
	else
		dy_outcome_cats(o, r->min, &c);
	if (count_cell(t, off + 4, n, c.withheld, r->min))
		return -1;
	if (c.withheld || n == 0)
		return 0;
	if (dyad_table_set_text(t, off + 5, o->log_scale ?
	    "ratio (geometric means)" : "difference"))
		return -1;
	dyad_table_set_num(t, off + 6, o->log_scale ? exp(o->pre_mean) :
	    o->pre_mean);
	dyad_table_set_num(t, off + 7, o->log_scale ? exp(o->post_mean) :
	    o->post_mean);
	dyad_table_set_num(t, off + 8, o->log_scale ? o->gmr : o->change_mean);
	dyad_table_set_num(t, off + 9, o->log_scale ? o->gmr_ci_low :
	    o->change_ci_low);
	dyad_table_set_num(t, off + 10, o->log_scale ? o->gmr_ci_high :
	    o->change_ci_high);
	dyad_table_set_num(t, off + 11, o->p_t_adj);
	if (isfinite(o->g)) {
		dyad_table_set_num(t, off + 12, o->g);
		dyad_table_set_num(t, off + 13, o->g_ci_low);
		dyad_table_set_num(t, off + 14, o->g_ci_high);
		snprintf(size, sizeof(size), "%s%s", size_word(o->g),
		    in->direction == DYAD_DIR_NONE || fabs(o->g) < 0.2 ? "" :
		    sign * o->g > 0 ? " improvement" : " worsening");
		if (dyad_table_set_text(t, off + 15, size))
			return -1;
	}
	if (!c.have_rci)
		return 0;
	if (count_cell(t, off + 16, o->rci_improved, c.h_imp, r->min))
		return -1;
	share_cell(t, off + 17, o->rci_improved, n, c.h_imp);
	if (c.have_rec) {
		if (count_cell(t, off + 18, o->recovered, c.h_rec, r->min))
			return -1;
		share_cell(t, off + 19, o->recovered, n, c.h_rec);
	}
	if (count_cell(t, off + 20, o->rci_deteriorated, c.h_det, r->min))
		return -1;
	share_cell(t, off + 21, o->rci_deteriorated, n, c.h_det);
	return 0;
}

/* Children's outcomes, then caregivers', as the report's two tables. */
static struct dyad_table *
outcomes(const struct rx *r, uint64_t *counts, uint64_t *pct)
{
	struct dyad_table *t = new_table(outcome_cols, NOUT, counts, pct);
	size_t i, s;

	for (s = 0; t != NULL && s < 2; s++) {
		for (i = 0; i < dyad_analysis_outcomes(r->a); i++) {
			const struct dyad_outcome *o = dyad_analysis_outcome(r->a, i);

			if ((size_t)dyad_catalog_at(r->cat,
			    (size_t)o->measure)->subject != s)
				continue;
			if (dyad_table_add_row(t) || outcome_row(r, t, o, false, 0, NULL)) {
				dyad_table_free(t);
				return NULL;
			}
		}
	}
	return t;
}

/* --by: each group's outcomes, a group hidden as in the report when its
 * pairs could be worked out from the others. */
static struct dyad_table *
groups(const struct rx *r, uint64_t *counts, uint64_t *pct)
{
	const struct dyad_analysis *b = r->o->by;
	const char *cols[NOUT + 1];
	struct dyad_table *t;
	uint32_t gid[256];
	size_t i, g, ngroup = 0;

	cols[0] = "group";
	for (i = 0; i < NOUT; i++)
		cols[i + 1] = outcome_cols[i];
	t = new_table(cols, NOUT + 1, counts, pct);
	for (i = 0; i < dyad_analysis_outcomes(b); i++) {
		uint32_t id = dyad_analysis_outcome(b, i)->group;

		for (g = 0; g < ngroup && gid[g] != id; g++)
			;
		if (g == ngroup && ngroup < 256)
			gid[ngroup++] = id;
	}
	for (g = 0; t != NULL && g < ngroup; g++) {
		const char *name = dyad_analysis_group(b, gid[g]);

		for (i = 0; i < dyad_analysis_outcomes(b); i++) {
			const struct dyad_outcome *o = dyad_analysis_outcome(b, i);
			struct dy_cats cats;
			bool hidden;

			if (o->group != gid[g])
				continue;
			/* the report's rule across groups (report_cats.c) */
			dy_group_cells(b, r->a, i, r->min, &hidden, &cats);
			if (dyad_table_add_row(t) ||
			    dyad_table_set_text(t, 0, name[0] ? name : "(no value)")) {
				dyad_table_free(t);
				return NULL;
			}
			/* the outcome columns start one further right */
			if (outcome_row(r, t, o, hidden, 1, &cats)) {
				dyad_table_free(t);
				return NULL;
			}
		}
	}
	return t;
}

/* Maintained at follow-up: the post wave against followup. */
static struct dyad_table *
followup(const struct rx *r, uint64_t *counts, uint64_t *pct)
{
	static const char *const cols[] = { "measure", "label", "from", "#pairs",
	    "2change", "2change_ci_low", "2change_ci_high", "maintained" };
	const struct dyad_analysis *f = r->o->followup;
	struct dyad_table *t = new_table(cols, 8, counts, pct);
	size_t i;

	for (i = 0; t != NULL && i < dyad_analysis_outcomes(f); i++) {
		const struct dyad_outcome *o = dyad_analysis_outcome(f, i);
		const struct dyad_instrument *in = dyad_catalog_at(r->cat,
		    (size_t)o->measure);
		long long n = (long long)o->n_pairs;
		bool withheld = r->min > 1 && n < r->min, kept;

		if (n == 0)
			continue;
		kept = in->direction == DYAD_DIR_NONE ? true :
		    in->direction == DYAD_DIR_LOWER_BETTER ? !(o->change_ci_low > 0) :
		    !(o->change_ci_high < 0);
		if (dyad_table_add_row(t) || dyad_table_set_text(t, 0, in->code) ||
		    dyad_table_set_text(t, 1, in->label) ||
		    dyad_table_set_text(t, 2, dyad_analysis_opts(f)->pre) ||
		    count_cell(t, 3, n, withheld, r->min) ||
		    (!withheld && dyad_table_set_text(t, 7,
		    in->direction == DYAD_DIR_NONE ? "no better direction" :
		    kept ? "yes" : "no"))) {
			dyad_table_free(t);
			return NULL;
		}
		if (withheld)
			continue;
		dyad_table_set_num(t, 4, o->change_mean);
		dyad_table_set_num(t, 5, o->change_ci_low);
		dyad_table_set_num(t, 6, o->change_ci_high);
	}
	return t;
}

/* ---- notes ---- */

static int
notes(const struct rx *r, struct dyad_table *n)
{
	const struct dyad_pair_opts *po = dyad_analysis_opts(r->a);
	char from[16], to[16];
	long lo, hi;
	size_t k;

	if (r->o->title != NULL && dy_xlsx_note(n, "title", "%s", r->o->title))
		return -1;
	if (r->o->program != NULL && dy_xlsx_note(n, "program", "%s",
	    r->o->program))
		return -1;
	if (r->o->funder != NULL && dy_xlsx_note(n, "prepared for", "%s",
	    r->o->funder))
		return -1;
	if (r->min > 1) {
		if (dy_xlsx_note(n, "privacy", "counts from 1 to %lld are shown as "
		    "<%lld and their percentages withheld; where a total would "
		    "reveal such a count, a second count is withheld too and shown "
		    "as (s); statistics of outcomes or groups with fewer than %lld "
		    "pairs are withheld; no child, caregiver or family identifier "
		    "appears in this workbook", r->min - 1, r->min, r->min))
			return -1;
	} else if (dy_xlsx_note(n, "privacy", "small-cell suppression was "
	    "turned off (--min-cell 1); no child, caregiver or family "
	    "identifier appears in this workbook")) {
		return -1;
	}
	if (dy_xlsx_note(n, "design", "each person's %s score is paired with "
	    "their %s score on the same measure; only complete pairs are "
	    "analysed; rows with a missing score, and people with only one of "
	    "the two scores, are counted in the flow and not imputed", po->pre,
	    po->post) ||
	    dy_xlsx_note(n, "tests", "paired t-test (two-sided) and Wilcoxon "
	    "signed-rank test; p-values adjusted across the measures (%s)",
	    dyad_adjust_name(po->adjust)) ||
	    dy_xlsx_note(n, "effect size", "g: the standardized mean change, "
	    "standardized by the pre-treatment SD and corrected for "
	    "small-sample bias (Hedges' g; Becker 1988), with a normal 95%% "
	    "confidence interval; size by Cohen's conventions (0.2 small, 0.5 "
	    "medium, 0.8 large)") ||
	    dy_xlsx_note(n, "reliable change", "Jacobson & Truax (1991): a "
	    "change larger than 1.96 standard errors of the difference; "
	    "recovered: reliably improved and moved from the clinical to the "
	    "typical side of the clinical criterion; log-scale measures "
	    "(cortisol) as geometric means and a ratio") ||
	    dy_xlsx_note(n, "shares", "improved_share and the other shares are "
	    "fractions of the pairs, formatted as percentages"))
		return -1;
	if (po->has_from || po->has_to) {
		if (po->has_from)
			dyad_date_format(from, sizeof(from), po->from);
		if (po->has_to)
			dyad_date_format(to, sizeof(to), po->to);
		if (dy_xlsx_note(n, "reporting period", "%s to %s (people are placed "
		    "by the date of their %s assessment)", po->has_from ? from :
		    "the start", po->has_to ? to : "the end", po->pre))
			return -1;
	} else if (dyad_data_date_range(r->d, &lo, &hi)) {
		dyad_date_format(from, sizeof(from), lo);
		dyad_date_format(to, sizeof(to), hi);
		if (dy_xlsx_note(n, "reporting period", "all data, assessments "
		    "dated %s to %s", from, to))
			return -1;
	} else if (dy_xlsx_note(n, "reporting period", "all data (no dates)")) {
		return -1;
	}
	if (r->o->sessions != NULL && dy_xlsx_note(n, "sessions", "the "
	    "sessions summary is in the HTML and Markdown report only"))
		return -1;
	for (k = 0; k < r->o->ninputs; k++)
		if (dy_xlsx_note(n, "input", "%s, SHA-256 %s", r->o->inputs[k],
		    r->o->checksums && r->o->checksums[k] ? r->o->checksums[k] :
		    "not computed (read from a pipe)"))
			return -1;
	return dy_xlsx_note(n, "sources", "the catalog entries of the measures "
	    "used are listed below, with the published source of every value") ||
	    dy_xlsx_note(n, "dyad version", "%s", dyad_version());
}

enum dyad_status
dyad_xlsx_report(const char *path, const struct dyad_analysis *a,
    const struct dyad_report_opts *o, struct dyad_error *err)
{
	typedef struct dyad_table *(*make_fn)(const struct rx *, uint64_t *,
	    uint64_t *);
	static const struct { const char *name; make_fn make; } want[] = {
		{ "people", people }, { "timepoints", timepoints },
		{ "completion", completion }, { "flow", flow },
		{ "outcomes", outcomes }, { "groups", groups },
		{ "followup", followup },
	};
	struct dy_sheet s[sizeof(want) / sizeof(want[0])];
	struct dyad_table *nt = NULL, *src = NULL;
	enum dyad_status st = DYAD_OK;
	struct rx r;
	size_t k, n = 0, i;

	memset(&r, 0, sizeof(r));
	memset(s, 0, sizeof(s));
	r.a = a;
	r.d = dyad_analysis_data(a);
	r.cat = dyad_data_catalog(r.d);
	r.o = o;
	r.min = o->min_cell;
	for (k = 0; k < sizeof(want) / sizeof(want[0]); k++) {
		bool any = false;

		if (want[k].make == groups && o->by == NULL)
			continue;
		if (want[k].make == followup) {
			for (i = 0; o->followup != NULL &&
			    i < dyad_analysis_outcomes(o->followup); i++)
				any |= dyad_analysis_outcome(o->followup, i)->n_pairs > 0;
			if (!any)
				continue;
		}
		s[n].name = want[k].name;
		s[n].t = want[k].make(&r, &s[n].counts, &s[n].pct);
		if (s[n++].t == NULL) {
			st = dy_nomem(err);
			goto out;
		}
	}
	st = dyad_xlsx_sources(a, &src, err);
	if (st != DYAD_OK)
		goto out;
	nt = dy_xlsx_notes_new();
	if (nt == NULL || notes(&r, nt)) {
		st = dy_nomem(err);
		goto out;
	}
	st = dy_xlsx_book(path, s, n, nt, src, err);
out:
	for (k = 0; k < n; k++)
		dyad_table_free((struct dyad_table *)(uintptr_t)s[k].t);
	dyad_table_free(nt);
	dyad_table_free(src);
	return st;
}

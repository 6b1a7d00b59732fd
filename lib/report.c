/* report.c - the funder report, framed as Results-Based Accountability asks:
 * how much did we do, how well did we do it, is anyone better off.  Counts
 * pass through small-cell suppression; no identifier is ever written. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "doc.h"
#include "dyad.h"
#include "dyad/num.h"
#include "dyad/report.h"
#include "internal.h"
#include "rows.h"
#include "report_cats.h"
#include "sessions.h"
#include "suppress.h"

struct rep {
	struct doc doc;
	const struct dyad_analysis *a;
	const struct dyad_data *d;
	const struct dyad_catalog *cat;
	const struct dyad_report_opts *o;
	long long min;          /* suppression threshold (<= 1: off) */
	const char *pre, *post; /* wave labels for sentences */
};

/* ---- formatting helpers ---- */

/* A count for people: "<11" when it is small, "(s)" when it is hidden only
 * so that a small one cannot be worked out (complementary suppression). */
static const char *
count_str(char *buf, size_t len, long long v, bool hide, long long min)
{
	if (v < 0)
		return "\xe2\x80\x94";
	if (hide && v < min)
		snprintf(buf, len, "<%lld", min);
	else if (hide)
		snprintf(buf, len, "(s)");
	else
		snprintf(buf, len, "%lld", v);
	return buf;
}

/* The same in a sentence. */
static const char *
count_words(char *buf, size_t len, long long v, bool hide, long long min)
{
	if (hide && v < min)
		snprintf(buf, len, "fewer than %lld", min);
	else if (hide)
		snprintf(buf, len, "a withheld number");
	else
		snprintf(buf, len, "%lld", v);
	return buf;
}

static const char *
pct_str(char *buf, size_t len, long long part, long long total, bool hide)
{
	if (hide || part < 0 || total <= 0)
		return "\xe2\x80\x94";
	snprintf(buf, len, "%.0f%%", 100.0 * (double)part / (double)total);
	return buf;
}

static const char *
num_str(char *buf, size_t len, double x, int dec)
{
	if (!isfinite(x) || dyad_num_fixed(buf, len, x, dec) < 0)
		return "\xe2\x80\x94";
	return buf;
}

/* APA style: "<.001", ".034". */
static const char *
p_str(char *buf, size_t len, double p)
{
	if (!isfinite(p))
		return "\xe2\x80\x94";
	if (p < 0.001)
		return "<.001";
	dyad_num_fixed(buf, len, p, 3);
	if (buf[0] == '0')
		memmove(buf, buf + 1, strlen(buf));
	return buf;
}

static bool
small(const struct rep *r, long long v)
{
	return r->min > 1 && v >= 1 && v < r->min;
}

/* Plain-language name of a catalog domain. */
static const char *
domain_phrase(const char *domain)
{
	static const struct { const char *d, *p; } tab[] = {
		{ "mood", "mood" },
		{ "problem_behavior", "problem behaviors" },
		{ "learning", "learning and development" },
		{ "trauma", "trauma symptoms" },
		{ "stress_biology", "biological stress response" },
		{ "parenting_stress", "parenting stress" },
		{ "partner_relationship", "partner relationship" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(domain, tab[i].d) == 0)
			return tab[i].p;
	return domain;
}

/* "TSCYC_PTS" -> "TSCYC PTS" */
static void
code_words(char *buf, size_t len, const char *code)
{
	size_t i;

	for (i = 0; code[i] != '\0' && i + 1 < len; i++)
		buf[i] = code[i] == '_' ? ' ' : code[i];
	buf[i] = '\0';
}

/* Cohen's (1988) conventions for a standardized mean difference. */
static const char *
size_word(double g)
{
	double m = fabs(g);

	return m < 0.2 ? "negligible" : m < 0.5 ? "small" : m < 0.8 ? "medium" :
	    "large";
}

static const char *
people(enum dyad_subject s, long long n)
{
	if (s == DYAD_SUBJECT_CHILD)
		return n == 1 ? "child" : "children";
	return n == 1 ? "caregiver" : "caregivers";
}

/* ---- how much did we do ---- */

static int
cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

static long long
distinct(uint32_t *v, size_t n, bool skip_empty)
{
	long long k = 0;
	size_t i;

	qsort(v, n, sizeof(*v), cmp_u32);
	for (i = 0; i < n; i++)
		if ((i == 0 || v[i] != v[i - 1]) && !(skip_empty && v[i] == 0))
			k++;
	return k;
}

static int
how_much(struct rep *r)
{
	size_t n = dyad_data_rows(r->d), i, k, m = 0;
	uint32_t *ids = malloc((n + 1) * sizeof(uint32_t));
	static const char *const head[] = { "Children", "Caregivers", "Families",
	    "Sites" };
	static const bool numeric[] = { true, true, true, true };
	long long cnt[4];
	char buf[32];

	if (ids == NULL)
		return -1;
	for (k = 0; k < 4; k++) {
		for (m = 0, i = 0; i < n; i++) {
			struct dyad_row rowv;
			const struct dyad_row *row = dy_row_get(r->d, i, &rowv);

			if (!dy_row_in_period(r->a, row))
				continue;
			ids[m++] = k == 0 ? row->child : k == 1 ? row->caregiver :
			    k == 2 ? row->family : row->site;
		}
		cnt[k] = distinct(ids, m, true);
	}
	doc_heading(&r->doc, 2, "How much did we do?");
	doc_para(&r->doc, "People served in the reporting period (with at least "
	    "one assessment):");
	doc_table_begin(&r->doc, 4, head, numeric);
	/* sites are places, not people: never suppressed */
	for (k = 0; k < 4; k++)
		doc_cell(&r->doc, count_str(buf, sizeof(buf), cnt[k],
		    k < 3 && small(r, cnt[k]), r->min));
	doc_table_end(&r->doc);
	free(ids);
	return 0;
}


/* Assessments collected at each timepoint: children assessed and scores. */
static int
by_timepoint(struct rep *r)
{
	static const char *const head[] = { "Timepoint", "Children assessed",
	    "Scores collected" };
	static const bool numeric[] = { false, true, true };
	struct dy_tp_count tp[64];
	long ntp = dy_timepoint_counts(r->a, tp, 64), t;
	char b1[32], b2[32];

	if (ntp < 0)
		return -1;
	doc_para(&r->doc, "Assessments collected, by timepoint:");
	doc_table_begin(&r->doc, 3, head, numeric);
	for (t = 0; t < ntp; t++) {
		doc_cell(&r->doc, dyad_data_str(r->d, tp[t].timepoint));
		doc_cell(&r->doc, count_str(b1, sizeof(b1), tp[t].children,
		    small(r, tp[t].children), r->min));
		doc_cell(&r->doc, count_str(b2, sizeof(b2), tp[t].scores,
		    small(r, tp[t].scores), r->min));
	}
	doc_table_end(&r->doc);
	return 0;
}

struct fam {
	uint32_t child, family;
};

static int
cmp_fam(const void *x, const void *y)
{
	const struct fam *a = x, *b = y;

	return a->child < b->child ? -1 : a->child > b->child;
}

static int
cmp_ll(const void *x, const void *y)
{
	long long a = *(const long long *)x, b = *(const long long *)y;

	return a < b ? -1 : a > b;
}

struct fam_key {
	uint64_t key;           /* family id, own child id, or unknown child */
	int stage;
};

static int
cmp_key(const void *x, const void *y)
{
	const struct fam_key *a = x, *b = y;

	return a->key < b->key ? -1 : a->key > b->key;
}

struct unknown {
	const char *child;
	size_t i;
};

static int
cmp_unknown(const void *x, const void *y)
{
	return strcmp(((const struct unknown *)x)->child,
	    ((const struct unknown *)y)->child);
}

/* Sessions delivered, median per family, families reaching wrapping up. */
static int
sessions(struct rep *r)
{
	const struct dyad_sessions *s = r->o->sessions;
	const struct dyad_pair_opts *po = dyad_analysis_opts(r->a);
	size_t n = dyad_data_rows(r->d), i, nf = 0, k, nu = 0;
	struct fam *map = malloc((n + 1) * sizeof(*map));
	struct fam_key *per = malloc((s->n + 1) * sizeof(*per));
	struct unknown *unk = malloc((s->n + 1) * sizeof(*unk));
	uint64_t *rank = malloc((s->n + 1) * sizeof(uint64_t));
	long long delivered = 0, nfam = 0, stage3 = 0, *counts;
	char b1[32], b2[32], b3[32], b4[32], b5[32];
	double median = NAN;
	bool h[2], ht;

	counts = malloc((s->n + 1) * sizeof(long long));
	if (map == NULL || per == NULL || counts == NULL || unk == NULL ||
	    rank == NULL) {
		free(map);
		free(per);
		free(counts);
		free(unk);
		free(rank);
		return -1;
	}
	/* child -> family (a child with no family_id is its own family) */
	for (i = 0; i < n; i++) {
		struct dyad_row rowv;
		const struct dyad_row *row = dy_row_get(r->d, i, &rowv);

		map[nf].child = row->child;
		map[nf++].family = row->family;
	}
	qsort(map, nf, sizeof(*map), cmp_fam);
	/* children who are not in the assessments: one family each, told
	 * apart by their id text */
	for (i = 0; i < s->n; i++)
		if (dyad_data_lookup(r->d, s->row[i].child) < 0) {
			unk[nu].child = s->row[i].child;
			unk[nu++].i = i;
		}
	qsort(unk, nu, sizeof(*unk), cmp_unknown);
	for (i = 0, k = 0; i < nu; i++) {
		if (i > 0 && strcmp(unk[i].child, unk[i - 1].child) != 0)
			k++;
		rank[unk[i].i] = k;
	}
	for (k = 0, i = 0; i < s->n; i++) {
		const struct dy_session *x = &s->row[i];
		struct fam key, *hit;
		int64_t id;

		if (!x->attended || (po->has_from && x->date < po->from) ||
		    (po->has_to && x->date > po->to))
			continue;
		delivered++;
		id = dyad_data_lookup(r->d, x->child);
		key.child = id < 0 ? 0 : (uint32_t)id;
		hit = id < 0 ? NULL : bsearch(&key, map, nf, sizeof(*map), cmp_fam);
		per[k].key = hit && hit->family ? (uint64_t)hit->family :
		    id >= 0 ? (1ULL << 32) | (uint64_t)id : (2ULL << 32) | rank[i];
		per[k++].stage = x->stage;
	}
	qsort(per, k, sizeof(*per), cmp_key);
	for (i = 0; i < k;) {
		size_t j = i;
		bool s3 = false;

		for (; j < k && per[j].key == per[i].key; j++)
			s3 = s3 || per[j].stage == 3;
		counts[nfam++] = (long long)(j - i);
		stage3 += s3;
		i = j;
	}
	if (nfam > 0) {
		qsort(counts, (size_t)nfam, sizeof(long long), cmp_ll);
		median = nfam % 2 ? (double)counts[nfam / 2] :
		    ((double)counts[nfam / 2 - 1] + (double)counts[nfam / 2]) / 2;
	}
	{
		long long parts[2] = { stage3, nfam - stage3 };

		const bool shown[2] = { true, false };

		dy_suppress(parts, 2, nfam, r->min, shown, h, &ht);
	}
	doc_para_begin(&r->doc);
	doc_textf(&r->doc, "Sessions delivered (attended): %s, to %s %s; "
	    "median sessions per family: %s; families that reached the "
	    "wrapping-up stage (stage 3): %s (%s).",
	    count_str(b1, sizeof(b1), delivered, small(r, delivered), r->min),
	    count_str(b2, sizeof(b2), nfam, ht, r->min),
	    nfam == 1 && !ht ? "family" : "families",
	    ht ? "\xe2\x80\x94" : num_str(b3, sizeof(b3), median, 1),
	    count_str(b4, sizeof(b4), stage3, h[0] || ht, r->min),
	    pct_str(b5, sizeof(b5), stage3, nfam, h[0] || ht));
	doc_para_end(&r->doc);
	if (s->skipped > 0)
		doc_note(&r->doc, "Some rows of the sessions file had problems "
		    "and were left out (see dyad's messages when the report was "
		    "made).");
	free(map);
	free(per);
	free(counts);
	free(unk);
	free(rank);
	return 0;
}

/* ---- how well did we do it ---- */

static int
how_well(struct rep *r)
{
	static const char *const head[] = { "Outcome", "Measure",
	    "With a pre score", "With pre and post", "Completion" };
	static const bool numeric[] = { false, false, true, true, true };
	static const char *const fhead[] = { "Measure", "Rows", "Analysed",
	    "Missing score", "No post score", "No pre score", "Other timepoint or excluded" };
	static const bool fnum[] = { false, true, true, true, true, true, true };
	size_t i;
	char b1[32], b2[32], b3[32], b4[32], b5[32], b6[32];

	doc_heading(&r->doc, 2, "How well did we do it?");
	doc_para_begin(&r->doc);
	doc_textf(&r->doc, "Completion: of the people with a score at %s on a "
	    "measure, the share who also have a score at %s.", r->pre, r->post);
	doc_para_end(&r->doc);
	doc_table_begin(&r->doc, 5, head, numeric);
	for (i = 0; i < dyad_analysis_outcomes(r->a); i++) {
		const struct dyad_outcome *o = dyad_analysis_outcome(r->a, i);
		const struct dyad_instrument *in = dyad_catalog_at(r->cat,
		    (size_t)o->measure);
		long long pre = (long long)o->n_pre, both = (long long)o->n_pairs;
		bool hp, hb;

		dy_completion_cells(o, r->min, &hp, &hb);
		doc_cell(&r->doc, domain_phrase(in->domain));
		doc_cell(&r->doc, in->label);
		doc_cell(&r->doc, count_str(b1, sizeof(b1), pre, hp, r->min));
		doc_cell(&r->doc, count_str(b2, sizeof(b2), both, hb, r->min));
		doc_cell(&r->doc, pct_str(b3, sizeof(b3), both, pre, hp || hb));
	}
	doc_table_end(&r->doc);
	doc_para(&r->doc, "Where scores went (CONSORT-style flow; every "
	    "assessment row of a measure is counted once):");
	doc_table_begin(&r->doc, 7, fhead, fnum);
	for (i = 0; i < dyad_analysis_outcomes(r->a); i++) {
		const struct dyad_outcome *o = dyad_analysis_outcome(r->a, i);
		const struct dyad_flow *f = &o->flow;
		long long parts[5];
		bool h[5], ht;

		dy_flow_cells(o, r->min, parts, h, &ht);
		doc_cell(&r->doc, dyad_catalog_at(r->cat, (size_t)o->measure)->code);
		doc_cell(&r->doc, count_str(b1, sizeof(b1), (long long)f->rows, ht,
		    r->min));
		doc_cell(&r->doc, count_str(b2, sizeof(b2), parts[0], h[0], r->min));
		doc_cell(&r->doc, count_str(b3, sizeof(b3), parts[1], h[1], r->min));
		doc_cell(&r->doc, count_str(b4, sizeof(b4), parts[2], h[2], r->min));
		doc_cell(&r->doc, count_str(b5, sizeof(b5), parts[3], h[3], r->min));
		doc_cell(&r->doc, count_str(b6, sizeof(b6), parts[4], h[4], r->min));
	}
	doc_table_end(&r->doc);
	return 0;
}

/* ---- is anyone better off ---- */

#define OUTCOME_COLS 11         /* columns of an outcome table */

/* Which category counts to hide: dy_outcome_cats (report_cats.c), shared
 * with the report workbook so that both hide the same cells. */

static void
outcome_row(struct rep *r, const struct dyad_outcome *o, const char *first,
    const struct dy_cats *given)
{
	const struct dyad_instrument *in = dyad_catalog_at(r->cat,
	    (size_t)o->measure);
	char b[8][48], ci[256];
	struct dy_cats c;
	double sign = in->direction == DYAD_DIR_LOWER_BETTER ? -1 : 1;
	int dec = o->log_scale ? 2 : 1;

	if (given != NULL)
		c = *given;
	else
		dy_outcome_cats(o, r->min, &c);
	doc_cell(&r->doc, first);
	doc_cell(&r->doc, count_str(b[0], sizeof(b[0]), (long long)o->n_pairs,
	    c.withheld, r->min));
	if (c.withheld || o->n_pairs == 0) {
		int k;

		for (k = 2; k < OUTCOME_COLS; k++)
			doc_cell(&r->doc, "\xe2\x80\x94");
		return;
	}
	doc_cell(&r->doc, num_str(b[1], sizeof(b[1]), o->log_scale ?
	    exp(o->pre_mean) : o->pre_mean, dec));
	doc_cell(&r->doc, num_str(b[2], sizeof(b[2]), o->log_scale ?
	    exp(o->post_mean) : o->post_mean, dec));
	if (o->log_scale) {
		snprintf(ci, sizeof(ci), "\xc3\x97%s (%s to %s)",
		    num_str(b[3], sizeof(b[3]), o->gmr, 2),
		    num_str(b[4], sizeof(b[4]), o->gmr_ci_low, 2),
		    num_str(b[5], sizeof(b[5]), o->gmr_ci_high, 2));
	} else {
		snprintf(ci, sizeof(ci), "%s (%s to %s)",
		    num_str(b[3], sizeof(b[3]), o->change_mean, 1),
		    num_str(b[4], sizeof(b[4]), o->change_ci_low, 1),
		    num_str(b[5], sizeof(b[5]), o->change_ci_high, 1));
	}
	doc_cell(&r->doc, ci);
	doc_cell(&r->doc, p_str(b[6], sizeof(b[6]), o->p_t_adj));
	if (isfinite(o->g)) {
		snprintf(ci, sizeof(ci), "%s (%s to %s)",
		    num_str(b[3], sizeof(b[3]), o->g, 2),
		    num_str(b[4], sizeof(b[4]), o->g_ci_low, 2),
		    num_str(b[5], sizeof(b[5]), o->g_ci_high, 2));
		doc_cell(&r->doc, ci);
		/* the size, and which way: improvement or worsening */
		snprintf(ci, sizeof(ci), "%s%s", size_word(o->g),
		    in->direction == DYAD_DIR_NONE || fabs(o->g) < 0.2 ? "" :
		    sign * o->g > 0 ? " improvement" : " worsening");
		doc_cell(&r->doc, ci);
	} else {
		doc_cell(&r->doc, "\xe2\x80\x94");
		doc_cell(&r->doc, "\xe2\x80\x94");
	}
	if (!c.have_rci) {
		doc_cell(&r->doc, "\xe2\x80\x94");
		doc_cell(&r->doc, "\xe2\x80\x94");
		doc_cell(&r->doc, "\xe2\x80\x94");
		return;
	}
	snprintf(ci, sizeof(ci), "%s (%s)", count_str(b[6], sizeof(b[6]),
	    o->rci_improved, c.h_imp, r->min), pct_str(b[7], sizeof(b[7]),
	    o->rci_improved, (long long)o->n_pairs, c.h_imp));
	doc_cell(&r->doc, ci);
	if (c.have_rec) {
		snprintf(ci, sizeof(ci), "%s (%s)", count_str(b[6], sizeof(b[6]),
		    o->recovered, c.h_rec, r->min), pct_str(b[7], sizeof(b[7]),
		    o->recovered, (long long)o->n_pairs, c.h_rec));
		doc_cell(&r->doc, ci);
	} else {
		doc_cell(&r->doc, "\xe2\x80\x94");
	}
	snprintf(ci, sizeof(ci), "%s (%s)", count_str(b[6], sizeof(b[6]),
	    o->rci_deteriorated, c.h_det, r->min), pct_str(b[7], sizeof(b[7]),
	    o->rci_deteriorated, (long long)o->n_pairs, c.h_det));
	doc_cell(&r->doc, ci);
}

static const char *const outcome_head[] = { "Outcome (measure)", "Pairs",
	"Pre mean", "Post mean", "Change (95% CI)", "p (adjusted)",
	"g (95% CI)", "Size", "Reliably improved", "Recovered",
	"Reliably worse" };
static const bool outcome_num[] = { false, true, true, true, true, true,
	true, false, true, true, true };


/* One sentence per outcome, written from the numbers. */
static void
finding(struct rep *r, const struct dyad_outcome *o)
{
	const struct dyad_instrument *in = dyad_catalog_at(r->cat,
	    (size_t)o->measure);
	const char *who = people(in->subject, 2), *what = domain_phrase(in->domain);
	char code[64], b1[48], b2[64], b3[32], b4[48], b5[64];
	long long n = (long long)o->n_pairs;
	struct dy_cats c;

	code_words(code, sizeof(code), in->code);
	dy_outcome_cats(o, r->min, &c);
	doc_item_begin(&r->doc);
	if (n == 0) {
		doc_textf(&r->doc, "No %s had both %s and %s scores on %s (%s).",
		    people(in->subject, 1), r->pre, r->post, what, code);
	} else if (c.withheld) {
		doc_textf(&r->doc, "Fewer than %lld %s had both %s and %s scores on "
		    "%s (%s); results are withheld to protect privacy.", r->min, who,
		    r->pre, r->post, what, code);
	} else if (c.have_rci) {
		doc_textf(&r->doc, "Of %lld %s with %s and %s scores, %s%s showed "
		    "reliable improvement in %s (%s)", n, people(in->subject, n),
		    r->pre, r->post,
		    count_words(b1, sizeof(b1), o->rci_improved, c.h_imp, r->min),
		    c.h_imp ? "" : (snprintf(b2, sizeof(b2), " (%s)", pct_str(b3,
		    sizeof(b3), o->rci_improved, n, false)), b2), what, code);
		if (c.have_rec && !c.h_rec)
			doc_textf(&r->doc, ", and %lld (%s) recovered, moving from the "
			    "clinical to the typical range", o->recovered,
			    pct_str(b4, sizeof(b4), o->recovered, n, false));
		doc_textf(&r->doc, "; %s%s reliably worsened.",
		    count_words(b4, sizeof(b4), o->rci_deteriorated, c.h_det, r->min),
		    c.h_det ? "" : (snprintf(b5, sizeof(b5), " (%s)", pct_str(b3,
		    sizeof(b3), o->rci_deteriorated, n, false)), b5));
	} else if (o->log_scale) {
		doc_textf(&r->doc, "Of %lld %s with %s and %s scores, %s (%s) changed "
		    "by a factor of %s (95%% CI %s to %s); this measure has no "
		    "direction that counts as better, so no improvement is claimed.",
		    n, people(in->subject, n), r->pre, r->post, what, code,
		    num_str(b1, sizeof(b1), o->gmr, 2),
		    num_str(b2, sizeof(b2), o->gmr_ci_low, 2),
		    num_str(b3, sizeof(b3), o->gmr_ci_high, 2));
	} else {
		doc_textf(&r->doc, "Of %lld %s with %s and %s scores, the average "
		    "%s (%s) score moved from %s to %s (g = %s, a %s effect by "
		    "Cohen's conventions); reliable change cannot be judged "
		    "because %s.", n,
		    people(in->subject, n), r->pre, r->post, what, code,
		    num_str(b1, sizeof(b1), o->pre_mean, 1),
		    num_str(b2, sizeof(b2), o->post_mean, 1),
		    num_str(b3, sizeof(b3), o->g, 2), size_word(o->g),
		    in->direction == DYAD_DIR_NONE ? "this measure has no better "
		    "direction" : "no reliability is published for this measure");
	}
	doc_item_end(&r->doc);
}

static void
outcome_tables(struct rep *r, const struct dyad_analysis *a, bool sentences)
{
	static const char *const title[2] = { "Children", "Caregivers" };
	size_t i, s, shown;

	for (s = 0; s < 2; s++) {
		for (shown = 0, i = 0; i < dyad_analysis_outcomes(a); i++) {
			const struct dyad_outcome *o = dyad_analysis_outcome(a, i);
			const struct dyad_instrument *in = dyad_catalog_at(r->cat,
			    (size_t)o->measure);

			if ((size_t)in->subject != s)
				continue;
			if (shown++ == 0) {
				doc_heading(&r->doc, 3, title[s]);
				doc_table_begin(&r->doc, OUTCOME_COLS, outcome_head,
				    outcome_num);
			}
			{
				char first[256], code[64];

				code_words(code, sizeof(code), in->code);
				snprintf(first, sizeof(first), "%s (%s)",
				    domain_phrase(in->domain), code);
				outcome_row(r, o, first, NULL);
			}
		}
		if (shown == 0)
			continue;
		doc_table_end(&r->doc);
		if (!sentences)
			continue;
		doc_list_begin(&r->doc);
		for (i = 0; i < dyad_analysis_outcomes(a); i++) {
			const struct dyad_outcome *o = dyad_analysis_outcome(a, i);

			if ((size_t)dyad_catalog_at(r->cat, (size_t)o->measure)->subject == s)
				finding(r, o);
		}
		doc_list_end(&r->doc);
	}
}

static void
followup(struct rep *r)
{
	const struct dyad_analysis *f = r->o->followup;
	size_t i;
	char b1[32], b2[32], b3[32], code[64];

	doc_heading(&r->doc, 3, "Maintained at follow-up");
	doc_list_begin(&r->doc);
	for (i = 0; i < dyad_analysis_outcomes(f); i++) {
		const struct dyad_outcome *o = dyad_analysis_outcome(f, i);
		const struct dyad_instrument *in = dyad_catalog_at(r->cat,
		    (size_t)o->measure);
		long long n = (long long)o->n_pairs;
		bool kept;

		if (n == 0)
			continue;
		code_words(code, sizeof(code), in->code);
		doc_item_begin(&r->doc);
		if (r->min > 1 && n < r->min) {
			doc_textf(&r->doc, "%s (%s): fewer than %lld %s have %s and "
			    "follow-up scores; withheld.", domain_phrase(in->domain), code,
			    r->min, people(in->subject, 2), dyad_analysis_opts(f)->pre);
			doc_item_end(&r->doc);
			continue;
		}
		/* maintained: the follow-up CI does not exclude "no change" toward
		 * worse, i.e. no reliable average loss of the gains */
		kept = in->direction == DYAD_DIR_NONE ? true :
		    in->direction == DYAD_DIR_LOWER_BETTER ? !(o->change_ci_low > 0) :
		    !(o->change_ci_high < 0);
		if (o->log_scale)
			doc_textf(&r->doc, "%s (%s): among %lld %s with %s and "
			    "follow-up scores, the geometric mean changed by a factor "
			    "of %s (95%% CI %s to %s) after %s; this measure has no "
			    "better direction.", domain_phrase(in->domain), code, n,
			    people(in->subject, n), dyad_analysis_opts(f)->pre,
			    num_str(b1, sizeof(b1), o->gmr, 2),
			    num_str(b2, sizeof(b2), o->gmr_ci_low, 2),
			    num_str(b3, sizeof(b3), o->gmr_ci_high, 2),
			    dyad_analysis_opts(f)->pre);
		else
			doc_textf(&r->doc, "%s (%s): among %lld %s with %s and "
			    "follow-up scores, the mean changed by %s (95%% CI %s to "
			    "%s) after %s; %s.", domain_phrase(in->domain), code, n,
			    people(in->subject, n), dyad_analysis_opts(f)->pre,
			    num_str(b1, sizeof(b1), o->change_mean, 1),
			    num_str(b2, sizeof(b2), o->change_ci_low, 1),
			    num_str(b3, sizeof(b3), o->change_ci_high, 1),
			    dyad_analysis_opts(f)->pre,
			    in->direction == DYAD_DIR_NONE ? "this measure has no "
			    "better direction" : kept ? "gains were maintained (no "
			    "reliable average loss)" : "scores moved back toward "
			    "their earlier levels");
		doc_item_end(&r->doc);
	}
	doc_list_end(&r->doc);
}

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
base64(FILE *out, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		putc(b64[p[i] >> 2], out);
		putc(b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)], out);
		putc(b64[((p[i + 1] & 15) << 2) | (p[i + 2] >> 6)], out);
		putc(b64[p[i + 2] & 63], out);
	}
	if (n - i == 1) {
		putc(b64[p[i] >> 2], out);
		putc(b64[(p[i] & 3) << 4], out);
		fputs("==", out);
	} else if (n - i == 2) {
		putc(b64[p[i] >> 2], out);
		putc(b64[((p[i] & 3) << 4) | (p[i + 1] >> 4)], out);
		putc(b64[(p[i + 1] & 15) << 2], out);
		putc('=', out);
	}
}

static void
charts(struct rep *r)
{
	size_t i;

	if (r->o->ncharts == 0)
		return;
	doc_heading(&r->doc, 3, "Charts");
	for (i = 0; i < r->o->ncharts; i++) {
		const struct dyad_report_chart *c = &r->o->charts[i];

		if (r->doc.html) {
			/* a data URI keeps the file self-contained and HTML-valid */
			doc_raw(&r->doc, "<figure><img alt=\"");
			doc_text(&r->doc, c->title);
			doc_raw(&r->doc, "\" src=\"data:image/svg+xml;base64,");
			base64(r->doc.out, (const unsigned char *)c->svg, c->svg_len);
			doc_raw(&r->doc, "\"><figcaption>");
			doc_text(&r->doc, c->title);
			doc_raw(&r->doc, "</figcaption></figure>\n");
		} else {
			doc_raw(&r->doc, "![");
			doc_text(&r->doc, c->title);
			/* <...> keeps a file name with spaces a link */
			doc_raw(&r->doc, "](<");
			doc_text(&r->doc, c->href);
			doc_raw(&r->doc, ">)\n\n");
		}
	}
}

/* ---- breakdown by group ---- */

static void
by_groups(struct rep *r)
{
	const struct dyad_analysis *b = r->o->by;
	size_t i, g, ngroup = 0;
	uint32_t groups[256];

	for (i = 0; i < dyad_analysis_outcomes(b); i++) {
		uint32_t id = dyad_analysis_outcome(b, i)->group;

		for (g = 0; g < ngroup && groups[g] != id; g++)
			;
		if (g == ngroup && ngroup < 256)
			groups[ngroup++] = id;
	}
	doc_heading(&r->doc, 2, "Results by group");
	doc_para_begin(&r->doc);
	doc_textf(&r->doc, "Each group (column '%s') separately. Groups with "
	    "fewer than %lld pairs on an outcome are withheld, and so is the "
	    "next smallest group when only one would be, so that no small group "
	    "can be worked out from the totals.", dyad_analysis_opts(b)->by,
	    r->min > 1 ? r->min : 1);
	doc_para_end(&r->doc);
	for (g = 0; g < ngroup; g++) {
		const char *name = dyad_analysis_group(b, groups[g]);

		doc_heading(&r->doc, 3, name[0] ? name : "(no value)");
		doc_table_begin(&r->doc, OUTCOME_COLS, outcome_head, outcome_num);
		for (i = 0; i < dyad_analysis_outcomes(b); i++) {
			const struct dyad_outcome *o = dyad_analysis_outcome(b, i);
			const struct dyad_instrument *in = dyad_catalog_at(r->cat,
			    (size_t)o->measure);
			struct dy_cats cats;
			bool row_hidden;
			char first[256];

			if (o->group != groups[g])
				continue;
			/* complementary suppression across the groups of this
			 * measure, whose counts add up to the overall ones */
			dy_group_cells(b, r->a, i, r->min, &row_hidden, &cats);
			{
				char code[64];

				code_words(code, sizeof(code), in->code);
				snprintf(first, sizeof(first), "%s (%s)",
				    domain_phrase(in->domain), code);
			}
			if (row_hidden) {
				int c;

				doc_cell(&r->doc, first);
				doc_cell(&r->doc, "withheld");
				for (c = 2; c < OUTCOME_COLS; c++)
					doc_cell(&r->doc, "\xe2\x80\x94");
				continue;
			}
			outcome_row(r, o, first, &cats);
		}
		doc_table_end(&r->doc);
	}
}

/* ---- methods and data notes ---- */

static void
methods(struct rep *r)
{
	static const char *const head[] = { "Code", "Measure", "Reliability",
	    "Clinical criterion", "Source" };
	const struct dyad_pair_opts *po = dyad_analysis_opts(r->a);
	char b1[32], b2[32], from[16], to[16];
	size_t i, k;

	doc_heading(&r->doc, 2, "Methods and data notes");
	doc_list_begin(&r->doc);
	doc_item_begin(&r->doc);
	doc_textf(&r->doc, "Design: each person's %s score is paired with their "
	    "%s score on the same measure (a caregiver's own measures per "
	    "caregiver; a child measure once per reporting caregiver). Only "
	    "complete pairs are analysed; rows with a missing score, and people "
	    "with only one of the two scores, are counted in the flow above and "
	    "not imputed.", po->pre, po->post);
	doc_item_end(&r->doc);
	doc_item_begin(&r->doc);
	doc_textf(&r->doc, "Tests: paired t-test (two-sided) and Wilcoxon "
	    "signed-rank test; p-values adjusted across the measures with the "
	    "%s method.", po->adjust == DYAD_ADJUST_HOLM ? "Holm" :
	    po->adjust == DYAD_ADJUST_BH ? "Benjamini-Hochberg" : "no");
	doc_item_end(&r->doc);
	doc_item_begin(&r->doc);
	doc_text(&r->doc, "Effect size g: the standardized mean change, "
	    "standardized by the pre-treatment SD and corrected for small-sample "
	    "bias (Hedges' g; Becker 1988), with a normal 95% confidence "
	    "interval; its size is named by Cohen's conventions (0.2 small, 0.5 "
	    "medium, 0.8 large). Pre/post designs without a comparison group "
	    "cannot separate treatment effects from time or regression to the "
	    "mean.");
	doc_item_end(&r->doc);
	doc_item_begin(&r->doc);
	doc_text(&r->doc, "Reliable change (Jacobson & Truax 1991): a change "
	    "larger than 1.96 standard errors of the difference, computed from "
	    "the measure's reliability and the SD of the pre scores. Recovered: "
	    "reliably improved and moved from the clinical to the typical side "
	    "of the measure's clinical criterion. Log-scale measures (cortisol) "
	    "are summarised as geometric means and a ratio.");
	doc_item_end(&r->doc);
	doc_item_begin(&r->doc);
	if (r->min > 1)
		doc_textf(&r->doc, "Privacy: counts from 1 to %lld are shown as "
		    "<%lld and their percentages withheld; where a total would "
		    "reveal such a count, a second count is withheld too and shown "
		    "as (s); statistics of outcomes or groups with fewer than %lld "
		    "pairs are withheld. No child, caregiver or family identifier "
		    "appears in this report.", r->min - 1, r->min, r->min);
	else
		doc_text(&r->doc, "Privacy: small-cell suppression was turned off "
		    "(--min-cell 1). No child, caregiver or family identifier "
		    "appears in this report.");
	doc_item_end(&r->doc);
	doc_item_begin(&r->doc);
	if (po->has_from || po->has_to) {
		if (po->has_from)
			dyad_date_format(from, sizeof(from), po->from);
		if (po->has_to)
			dyad_date_format(to, sizeof(to), po->to);
		doc_textf(&r->doc, "Reporting period: %s to %s (people are placed by "
		    "the date of their %s assessment).", po->has_from ? from :
		    "the start", po->has_to ? to : "the end", po->pre);
	} else {
		long lo, hi;

		if (dyad_data_date_range(r->d, &lo, &hi)) {
			dyad_date_format(from, sizeof(from), lo);
			dyad_date_format(to, sizeof(to), hi);
			doc_textf(&r->doc, "Reporting period: all data, assessments "
			    "dated %s to %s.", from, to);
		} else {
			doc_text(&r->doc, "Reporting period: all data (no dates).");
		}
	}
	doc_item_end(&r->doc);
	for (k = 0; k < r->o->ninputs; k++) {
		doc_item_begin(&r->doc);
		doc_textf(&r->doc, "Input: %s, SHA-256 %s.", r->o->inputs[k],
		    r->o->checksums && r->o->checksums[k] ? r->o->checksums[k] :
		    "not computed (read from a pipe)");
		doc_item_end(&r->doc);
	}
	doc_item_begin(&r->doc);
	doc_textf(&r->doc, "Produced by dyad %s.", dyad_version());
	doc_item_end(&r->doc);
	doc_list_end(&r->doc);
	doc_para(&r->doc, "Instruments used (from the dyad catalog, with the "
	    "sources of their published values):");
	doc_table_begin(&r->doc, 5, head, NULL);
	for (i = 0; i < dyad_analysis_outcomes(r->a); i++) {
		const struct dyad_outcome *o = dyad_analysis_outcome(r->a, i);
		const struct dyad_instrument *in = dyad_catalog_at(r->cat,
		    (size_t)o->measure);

		if (i > 0 && dyad_analysis_outcome(r->a, i - 1)->measure == o->measure)
			continue;
		doc_cell(&r->doc, in->code);
		doc_cell(&r->doc, in->label);
		doc_cell(&r->doc, num_str(b1, sizeof(b1), in->reliability, 2));
		doc_cell(&r->doc, num_str(b2, sizeof(b2), o->criterion, 1));
		doc_cell(&r->doc, in->source);
	}
	doc_table_end(&r->doc);
}

static const char css[] =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
    "max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}"
    "h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #0072B2;"
    "padding-bottom:.2rem;margin-top:2.2rem}h3{color:#0072B2}"
    ".sub{color:#555;margin-top:0}table{border-collapse:collapse;margin:.6rem 0 1rem;"
    "font-size:.9rem;width:100%}th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;"
    "text-align:left;vertical-align:top}th{background:#f3f6f9}"
    "td.n,th.n{text-align:right}"
    "figure{margin:1rem 0;page-break-inside:avoid}figure img{max-width:100%}"
    "figcaption{color:#555;font-size:.9rem}.note{color:#555;font-size:.85rem}"
    "li{margin:.3rem 0}"
    "@media print{body{margin:0;max-width:none}h2{page-break-after:avoid}"
    "table{page-break-inside:avoid}}";

enum dyad_status
dyad_report_write(FILE *out, const struct dyad_analysis *a,
    const struct dyad_report_opts *o, struct dyad_error *err)
{
	const char *title = o->title ? o->title : "Outcomes report";
	struct rep r;
	size_t i;
	bool any_followup = false;

	memset(&r, 0, sizeof(r));
	doc_init(&r.doc, out, o->html);
	r.a = a;
	r.d = dyad_analysis_data(a);
	r.cat = dyad_data_catalog(r.d);
	r.o = o;
	r.min = o->min_cell;
	r.pre = dyad_analysis_opts(a)->pre;
	r.post = dyad_analysis_opts(a)->post;
	if (o->html) {
		doc_raw(&r.doc, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
		    "content=\"width=device-width, initial-scale=1\">\n<title>");
		doc_text(&r.doc, title);
		doc_raw(&r.doc, "</title>\n<style>");
		doc_raw(&r.doc, css);
		doc_raw(&r.doc, "</style>\n</head>\n<body>\n<h1>");
		doc_text(&r.doc, title);
		doc_raw(&r.doc, "</h1>\n");
	} else {
		doc_raw(&r.doc, "# ");
		doc_text(&r.doc, title);
		doc_raw(&r.doc, "\n\n");
	}
	if (o->program != NULL || o->funder != NULL) {
		doc_raw(&r.doc, o->html ? "<p class=\"sub\">" : "");
		if (o->program != NULL) {
			doc_text(&r.doc, "Program: ");
			doc_text(&r.doc, o->program);
		}
		if (o->program != NULL && o->funder != NULL)
			doc_text(&r.doc, " \xc2\xb7 ");
		if (o->funder != NULL) {
			doc_text(&r.doc, "Prepared for: ");
			doc_text(&r.doc, o->funder);
		}
		doc_raw(&r.doc, o->html ? "</p>\n" : "\n\n");
	}
	if (how_much(&r) || by_timepoint(&r) ||
	    (o->sessions != NULL && sessions(&r)))
		return dy_nomem(err);
	how_well(&r);
	doc_heading(&r.doc, 2, "Is anyone better off?");
	doc_para_begin(&r.doc);
	doc_textf(&r.doc, "Change from %s to %s for each outcome. Change is "
	    "post minus pre in the measure's units (a ratio for cortisol); for "
	    "g, the sign follows the score, so check each measure's direction: "
	    "on most child and caregiver symptom scales lower is better.",
	    r.pre, r.post);
	doc_para_end(&r.doc);
	outcome_tables(&r, a, true);
	if (o->followup != NULL)
		for (i = 0; i < dyad_analysis_outcomes(o->followup); i++)
			any_followup |= dyad_analysis_outcome(o->followup, i)->n_pairs > 0;
	if (any_followup)
		followup(&r);
	charts(&r);
	if (o->by != NULL)
		by_groups(&r);
	methods(&r);
	if (o->html)
		doc_raw(&r.doc, "</body>\n</html>\n");
	if (ferror(out)) {
		dy_fail(err, DYAD_EIO, 0, 0, "write error");
		if (err != NULL)
			err->sys_errno = errno;
		return DYAD_EIO;
	}
	return DYAD_OK;
}

/* results.c - the analysis as tables: one record per outcome (stats) and
 * one row per pair (change), with the same keys in every format. */
#include <math.h>
#include <string.h>

#include "analysis.h"
#include "dyad/num.h"
#include "internal.h"
#include "rows.h"

/* Column kinds for people: P-values, means (1 decimal), statistics (2). */
enum { TXT, INT, NUM1, NUM2, NUM3, PVAL, BOOL };

struct colspec {
	const char *name;
	int kind;
	bool brief;
};

static const struct colspec stats_cols[] = {
	{ "measure", TXT, true }, { "label", TXT, false },
	{ "subject", TXT, false }, { "domain", TXT, false },
	{ "direction", TXT, false }, { "group", TXT, true },
	{ "n_pre", INT, false }, { "n_post", INT, false },
	{ "n_pairs", INT, true },
	{ "pre_mean", NUM1, true }, { "pre_sd", NUM1, false },
	{ "post_mean", NUM1, true }, { "post_sd", NUM1, false },
	{ "change_mean", NUM1, true }, { "change_sd", NUM1, false },
	{ "change_ci_low", NUM1, true }, { "change_ci_high", NUM1, true },
	{ "t", NUM2, false }, { "df", NUM1, false }, { "p_t", PVAL, true },
	{ "w_v", NUM1, false }, { "p_w", PVAL, false },
	{ "w_exact", BOOL, false }, { "w_zeros", INT, false },
	{ "w_ties", INT, false },
	{ "d_z", NUM2, true }, { "d_z_ci_low", NUM2, false },
	{ "d_z_ci_high", NUM2, false },
	{ "g", NUM2, true }, { "g_ci_low", NUM2, true },
	{ "g_ci_high", NUM2, true }, { "r_rb", NUM2, false },
	{ "rci_improved", INT, true }, { "rci_unchanged", INT, false },
	{ "rci_deteriorated", INT, true }, { "recovered", INT, true },
	{ "p_t_adj", PVAL, true },
	/* beyond the list */
	{ "scale", TXT, false }, { "gmr", NUM3, false },
	{ "gmr_ci_low", NUM3, false }, { "gmr_ci_high", NUM3, false },
	{ "criterion", NUM1, false }, { "reliability", NUM2, false },
	{ "conf", NUM2, false }, { "adjust", TXT, false },
};

#define NSTATS (sizeof(stats_cols) / sizeof(stats_cols[0]))

static int
add_cols(struct dyad_table *t, const struct colspec *c, size_t n, bool group)
{
	size_t i;

	for (i = 0; i < n; i++) {
		enum dyad_col_type type = c[i].kind == TXT ? DYAD_COL_TEXT :
		    c[i].kind == INT ? DYAD_COL_INT :
		    c[i].kind == BOOL ? DYAD_COL_BOOL : DYAD_COL_NUM;
		int dec = c[i].kind == NUM1 ? 1 : c[i].kind == NUM3 ? 3 :
		    c[i].kind == PVAL ? DYAD_ROUND_P : 2;
		bool brief = c[i].brief && (group || strcmp(c[i].name, "group"));

		if (dyad_table_add_col(t, c[i].name, type, dec, brief) < 0)
			return -1;
	}
	return 0;
}

static void
set_count(struct dyad_table *t, size_t col, long long v)
{
	if (v >= 0)
		dyad_table_set_int(t, col, v);
}

/* The stats table's columns, without rows. */
static enum dyad_status
stats_columns(const struct dyad_analysis *a, bool flow, struct dyad_table **out,
    struct dyad_error *err)
{
	struct dyad_table *t = NULL;
	size_t r;

	*out = NULL;
	if (dyad_table_new(&t, err) != DYAD_OK)
		return DYAD_ENOMEM;
	if (add_cols(t, stats_cols, NSTATS, a->opts.by != NULL))
		goto nomem;
	if (flow) {
		char name[64];

		if (dyad_table_add_col(t, "rows", DYAD_COL_INT, 0, true) < 0)
			goto nomem;
		for (r = 0; r < DYAD_FLOW_NREASON; r++) {
			snprintf(name, sizeof(name), r == 0 ? "rows_%s" : "excluded_%s",
			    dyad_flow_reason_name((enum dyad_flow_reason)r));
			if (dyad_table_add_col(t, name, DYAD_COL_INT, 0, true) < 0)
				goto nomem;
		}
	}
	*out = t;
	return DYAD_OK;
nomem:
	dyad_table_free(t);
	return dy_nomem(err);
}

/* Outcome i as a row of t; -1 when out of memory. */
static int
stats_row(const struct dyad_analysis *a, bool flow, size_t i,
    struct dyad_table *t)
{
	const struct dyad_outcome *o = &a->out[i];
	const struct dyad_instrument *in = dyad_catalog_at(a->cat,
	    (size_t)o->measure);
	const double num[] = { o->pre_mean, o->pre_sd, o->post_mean,
	    o->post_sd, o->change_mean, o->change_sd, o->change_ci_low,
	    o->change_ci_high, o->t, o->df, o->p_t, o->w_v, o->p_w };
	size_t c, r;

	if (dyad_table_add_row(t) ||
	    dyad_table_set_text(t, 0, in->code) ||
	    dyad_table_set_text(t, 1, in->label) ||
	    dyad_table_set_text(t, 2, dyad_subject_name(in->subject)) ||
	    dyad_table_set_text(t, 3, in->domain) ||
	    dyad_table_set_text(t, 4, dyad_direction_name(in->direction)) ||
	    dyad_table_set_text(t, 5, a->opts.by != NULL ?
	    dyad_data_str(a->d, o->group) : NULL) ||
	    dyad_table_set_text(t, 37, o->log_scale ? "log" : "raw") ||
	    dyad_table_set_text(t, 44, dyad_adjust_name(a->opts.adjust)))
		return -1;
	dyad_table_set_int(t, 6, (long long)o->n_pre);
	dyad_table_set_int(t, 7, (long long)o->n_post);
	dyad_table_set_int(t, 8, (long long)o->n_pairs);
	for (c = 0; c < sizeof(num) / sizeof(num[0]); c++)
		dyad_table_set_num(t, 9 + c, num[c]);
	if (o->n_pairs > 0 && !isnan(o->p_w))
		dyad_table_set_bool(t, 22, o->w_exact);
	set_count(t, 23, o->w_zeros);
	set_count(t, 24, o->w_ties);
	dyad_table_set_num(t, 25, o->d_z);
	dyad_table_set_num(t, 26, o->d_z_ci_low);
	dyad_table_set_num(t, 27, o->d_z_ci_high);
	dyad_table_set_num(t, 28, o->g);
	dyad_table_set_num(t, 29, o->g_ci_low);
	dyad_table_set_num(t, 30, o->g_ci_high);
	dyad_table_set_num(t, 31, o->r_rb);
	set_count(t, 32, o->rci_improved);
	set_count(t, 33, o->rci_unchanged);
	set_count(t, 34, o->rci_deteriorated);
	set_count(t, 35, o->recovered);
	dyad_table_set_num(t, 36, o->p_t_adj);
	dyad_table_set_num(t, 38, o->gmr);
	dyad_table_set_num(t, 39, o->gmr_ci_low);
	dyad_table_set_num(t, 40, o->gmr_ci_high);
	dyad_table_set_num(t, 41, o->criterion);
	dyad_table_set_num(t, 42, in->reliability);
	dyad_table_set_num(t, 43, a->opts.conf);
	if (flow) {
		dyad_table_set_int(t, NSTATS, (long long)o->flow.rows);
		for (r = 0; r < DYAD_FLOW_NREASON; r++)
			dyad_table_set_int(t, NSTATS + 1 + r,
			    (long long)o->flow.reason[r]);
	}
	return 0;
}

enum dyad_status
dyad_analysis_stats_table(const struct dyad_analysis *a, bool flow,
    struct dyad_table **out, struct dyad_error *err)
{
	struct dyad_table *t;
	size_t i;

	*out = NULL;
	if (stats_columns(a, flow, &t, err) != DYAD_OK)
		return DYAD_ENOMEM;
	for (i = 0; i < a->nout; i++)
		if (stats_row(a, flow, i, t)) {
			dyad_table_free(t);
			return dy_nomem(err);
		}
	*out = t;
	return DYAD_OK;
}

/* stats_row for dy_writer_put_rows */
struct stats_ctx {
	const struct dyad_analysis *a;
	bool flow;
};

static int
stats_put(void *ctx, size_t i, struct dyad_table *t)
{
	const struct stats_ctx *c = ctx;

	return stats_row(c->a, c->flow, i, t);
}

enum dyad_status
dyad_analysis_stats_write(const struct dyad_analysis *a, bool flow,
    struct dyad_writer *w, struct dyad_error *err)
{
	struct stats_ctx c = { a, flow };
	struct dyad_table *t;
	enum dyad_status st;

	if (stats_columns(a, flow, &t, err) != DYAD_OK)
		return DYAD_ENOMEM;
	st = dyad_writer_put(w, t, err);        /* the header, even with no row */
	if (st == DYAD_OK)
		st = dy_writer_put_rows(w, t, a->nout, a->opts.threads,
		    stats_put, &c, err);
	dyad_table_free(t);
	return st;
}

static int
set_date(struct dyad_table *t, size_t col, int32_t days)
{
	char buf[16];

	if (days == DYAD_NO_DATE)
		return 0;
	dyad_date_format(buf, sizeof(buf), days);
	return dyad_table_set_text(t, col, buf);
}

static const struct colspec change_base[] = {
	{ "child_id", TXT, true }, { "caregiver_id", TXT, true },
	{ "family_id", TXT, false }, { "site", TXT, false },
};
static const struct colspec change_rest[] = {
	{ "measure", TXT, true }, { "pre", NUM1, true },
	{ "post", NUM1, true }, { "change", NUM2, true },
	{ "rci", NUM2, true }, { "rci_category", TXT, true },
	{ "pre_clinical", BOOL, true }, { "post_clinical", BOOL, true },
	{ "cs_category", TXT, true },
	{ "pre_timepoint", TXT, false }, { "post_timepoint", TXT, false },
	{ "pre_date", TXT, false }, { "post_date", TXT, false },
	{ "scale", TXT, false }, { "ratio", NUM3, false },
};

/* An empty table with the columns of dyad change; *c0 is the index of
 * "measure" (after the --by column, when that is not a standard one). */
enum dyad_status
dy_change_columns(const struct dyad_analysis *a, struct dyad_table **out,
    size_t *c0, struct dyad_error *err)
{
	struct dyad_table *t = NULL;
	bool by_extra = a->by_extra >= 0;

	*out = NULL;
	if (dyad_table_new(&t, err) != DYAD_OK)
		return DYAD_ENOMEM;
	if (add_cols(t, change_base, 4, true) ||
	    (by_extra && dyad_table_add_col(t, dyad_data_extra_name(a->d,
	    (size_t)a->by_extra), DYAD_COL_TEXT, 0, true) < 0) ||
	    add_cols(t, change_rest, sizeof(change_rest) /
	    sizeof(change_rest[0]), true)) {
		dyad_table_free(t);
		return dy_nomem(err);
	}
	*c0 = by_extra ? 5 : 4;
	*out = t;
	return DYAD_OK;
}

#define CHANGE_AHEAD 8          /* pairs */

/* Add pair i as a row of t (columns from dy_change_columns); -1: no memory.
 * With borrow, text cells point into the data and catalog instead of
 * holding copies: for rows written and cleared before either is freed. */
static int
change_row(const struct dyad_analysis *a, size_t i, struct dyad_table *t,
    size_t c0, bool borrow)
{
	struct dyad_pair v, *p = &v;
	const struct dy_row *rows = dy_data_rows(a->d), *pre, *post;
	const struct dy_ctx *cx;
	const struct dyad_instrument *in;
	bool lg;
	int (*text)(struct dyad_table *, size_t, const char *) = borrow ?
	    dy_table_set_text_ref : dyad_table_set_text;

	dy_pair_view(a, &a->pair[i], &v);
	pre = &rows[p->pre_row];
	post = &rows[p->post_row];
	cx = dy_row_ctx(dy_data_ctxs(a->d), pre);
	in = dyad_catalog_at(a->cat, (size_t)p->measure);
	lg = in->transform == DYAD_TRANSFORM_LOG;

	/* A measure's pairs are in row order but a row apart from the next
	 * by the case's other rows: asked for ahead, the rows of later
	 * pairs are in cache when their turn comes (a miss on the pre row
	 * was three quarters of this function). */
	if (i + CHANGE_AHEAD < a->npair) {
		const struct dy_pair *q = &a->pair[i + CHANGE_AHEAD];

		__builtin_prefetch(&rows[q->pre_row]);
		__builtin_prefetch(&rows[q->post_row]);
	}

	if (dyad_table_add_row(t) ||
	    text(t, 0, dyad_data_str(a->d, cx->child)) ||
	    text(t, 1, dyad_data_str(a->d, cx->caregiver)) ||
	    text(t, 2, dyad_data_str(a->d, cx->family)) ||
	    text(t, 3, dyad_data_str(a->d, cx->site)) ||
	    (c0 == 5 && text(t, 4, dyad_data_str(a->d, p->group))) ||
	    text(t, c0, in->code) ||
	    text(t, c0 + 5, dyad_rci_cat_name(p->rci_cat)) ||
	    text(t, c0 + 8, dyad_cs_cat_name(p->cs_cat)) ||
	    text(t, c0 + 9, dyad_data_str(a->d, pre->timepoint)) ||
	    text(t, c0 + 10, dyad_data_str(a->d, post->timepoint)) ||
	    set_date(t, c0 + 11, pre->date) ||
	    set_date(t, c0 + 12, post->date) ||
	    text(t, c0 + 13, lg ? "log" : "raw"))
		return -1;
	dyad_table_set_num(t, c0 + 1, p->pre);
	dyad_table_set_num(t, c0 + 2, p->post);
	dyad_table_set_num(t, c0 + 3, p->change);
	dyad_table_set_num(t, c0 + 4, p->rci);
	if (p->pre_clinical >= 0)
		dyad_table_set_bool(t, c0 + 6, p->pre_clinical == 1);
	if (p->post_clinical >= 0)
		dyad_table_set_bool(t, c0 + 7, p->post_clinical == 1);
	if (lg)
		dyad_table_set_num(t, c0 + 14, p->post / p->pre);
	return 0;
}

enum dyad_status
dyad_analysis_change_table(const struct dyad_analysis *a,
    struct dyad_table **out, struct dyad_error *err)
{
	struct dyad_table *t;
	size_t i, c0;

	*out = NULL;
	if (dy_change_columns(a, &t, &c0, err) != DYAD_OK)
		return DYAD_ENOMEM;
	for (i = 0; i < a->npair; i++) {
		if (change_row(a, i, t, c0, false)) {
			dyad_table_free(t);
			return dy_nomem(err);
		}
	}
	*out = t;
	return DYAD_OK;
}

int
dy_change_rows(const struct dyad_analysis *a, size_t from, size_t to,
    struct dyad_table *t, size_t c0)
{
	size_t i;

	for (i = from; i < to && i < a->npair; i++)
		if (change_row(a, i, t, c0, true))
			return -1;
	return 0;
}

/* change_row for dy_writer_put_rows: borrowed text, which the rows
 * written at once allow. */
struct change_ctx {
	const struct dyad_analysis *a;
	size_t c0;
};

static int
change_put(void *ctx, size_t i, struct dyad_table *t)
{
	const struct change_ctx *c = ctx;

	return change_row(c->a, i, t, c->c0, true);
}

enum dyad_status
dyad_analysis_change_write(const struct dyad_analysis *a,
    struct dyad_writer *w, struct dyad_error *err)
{
	struct change_ctx c = { a, 0 };
	struct dyad_table *t;
	enum dyad_status st;

	if (dy_change_columns(a, &t, &c.c0, err) != DYAD_OK)
		return DYAD_ENOMEM;
	st = dyad_writer_put(w, t, err);        /* the header, even with no pair */
	if (st == DYAD_OK)
		st = dy_writer_put_rows(w, t, a->npair, a->opts.threads,
		    change_put, &c, err);
	dyad_table_free(t);
	return st;
}

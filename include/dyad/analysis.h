/* dyad/analysis.h - pair pre and post scores, classify each pair's change,
 * and compute the pre/post statistics of every outcome, with a flow that
 * accounts for every input row. */
#ifndef DYAD_ANALYSIS_H
#define DYAD_ANALYSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dyad/data.h"
#include "dyad/error.h"
#include "dyad/stats.h"
#include "dyad/table.h"

#ifdef __cplusplus
extern "C" {
#endif

struct dyad_pair_opts {
	const char *pre;                /* timepoint label or "first"; NULL: "intake" */
	const char *post;               /* timepoint label or "last"; NULL: "discharge" */
	const char *const *order;       /* timepoint order for first/last; NULL: */
	size_t norder;                  /*   intake, mid, discharge, followup */
	const char *by;                 /* grouping column, or NULL */
	bool has_from, has_to;          /* period filter on the pre date */
	long from, to;                  /* days since 1970-01-01, inclusive */
	const char *const *measures;    /* only these codes (NULL: all) */
	size_t nmeasures;
	int subject;                    /* -1 any, else enum dyad_subject */
	const char *domain;             /* only this domain (NULL: all) */
	bool rci_norm_sd;               /* RCI from the catalog norm SD, not s_pre */
	double conf;                    /* confidence level; 0 means 0.95 */
	enum dyad_adjust adjust;        /* p_t_adj across measures in a group */
	unsigned threads;               /* 0: many pairs are summarised on two
	                                 * cores when there are two; 1: one */
	bool pairs_only;                /* the pairs with their RCI and
	                                 * categories, and each outcome's flow and
	                                 * counts, but no statistics (NaN): what
	                                 * dyad change prints */
};

/* Initialise opts to the defaults (intake vs discharge, Holm, 0.95). */
void dyad_pair_opts_init(struct dyad_pair_opts *opts);

enum dyad_rci_cat { DYAD_RCI_NA, DYAD_RCI_IMPROVED, DYAD_RCI_UNCHANGED,
	DYAD_RCI_DETERIORATED };
enum dyad_cs_cat { DYAD_CS_NA, DYAD_CS_RECOVERED, DYAD_CS_IMPROVED,
	DYAD_CS_UNCHANGED, DYAD_CS_DETERIORATED };

/* "improved", "unchanged", "deteriorated", "recovered" or "n/a". */
const char *dyad_rci_cat_name(enum dyad_rci_cat c);
const char *dyad_cs_cat_name(enum dyad_cs_cat c);

/* One analysed pair: a child (or caregiver) with a pre and a post score,
 * as dyad_analysis_pair fills it in (the analysis stores less). */
struct dyad_pair {
	uint32_t pre_row, post_row;     /* indexes into the data's rows */
	int32_t measure;                /* catalog index */
	uint32_t group;                 /* string id of the --by value at pre */
	double pre, post;               /* scores as recorded */
	double change;                  /* post - pre on the analysis scale
	                                 * (dyad_analysis_scale: ln for log
	                                 * measures) */
	double rci;                     /* Jacobson & Truax; NAN when unknown */
	int8_t rci_cat;                 /* enum dyad_rci_cat */
	int8_t pre_clinical, post_clinical;  /* 1 yes, 0 no, -1 no criterion */
	int8_t cs_cat;                  /* enum dyad_cs_cat */
};

/* A score of catalog measure m on its analysis scale: ln(score) for a
 * log measure (cortisol), else the score. */
double dyad_analysis_scale(const struct dyad_catalog *cat, int32_t m,
    double score);

/* Why a row of a measure did not end in an analysed pair. */
enum dyad_flow_reason {
	DYAD_FLOW_USED = 0,             /* pre or post of an analysed pair */
	DYAD_FLOW_MISSING_SCORE,
	DYAD_FLOW_BAD_NUMBER,
	DYAD_FLOW_OUT_OF_RANGE,
	DYAD_FLOW_BAD_DATE,
	DYAD_FLOW_DUPLICATE,            /* same key, different score */
	DYAD_FLOW_REPEATED,             /* exact repeat, counted once */
	DYAD_FLOW_NO_POST,              /* a pre score without a post score */
	DYAD_FLOW_NO_PRE,               /* a post score without a pre score */
	DYAD_FLOW_OTHER_TIMEPOINT,      /* neither the pre nor the post wave */
	DYAD_FLOW_OUT_OF_PERIOD,        /* pre date outside --from/--to */
	DYAD_FLOW_OTHER,                /* missing id field, bad text */
	DYAD_FLOW_NREASON
};

/* "used", "missing_score", ..., "out_of_period", "other". */
const char *dyad_flow_reason_name(enum dyad_flow_reason r);

/* The CONSORT-style flow of one measure (within one group). */
struct dyad_flow {
	size_t rows;                    /* input rows of this measure */
	size_t with_pre, with_post;     /* people with a usable score at each */
	size_t pairs;                   /* analysed pairs */
	size_t reason[DYAD_FLOW_NREASON];  /* rows by outcome; adds up to rows */
};

/* Undefined values are NAN; counts that cannot be known are -1. */
struct dyad_outcome {
	int32_t measure;
	uint32_t group;
	bool log_scale;                 /* statistics are on ln(score) */
	size_t n_pre, n_post, n_pairs;
	double pre_mean, pre_sd, post_mean, post_sd;
	double change_mean, change_sd, change_ci_low, change_ci_high;
	double t, df, p_t, p_t_adj;
	double w_v, p_w;
	bool w_exact;
	long long w_zeros, w_ties;      /* -1 when there are no pairs */
	double d_z, d_z_ci_low, d_z_ci_high;
	double g, g_ci_low, g_ci_high;
	double r_rb;
	double gmr, gmr_ci_low, gmr_ci_high;  /* exp(change) for log measures */
	double criterion;               /* clinical criterion used, or NAN */
	long long rci_improved, rci_unchanged, rci_deteriorated, recovered;
	struct dyad_flow flow;
};

struct dyad_analysis;                   /* opaque */

/* Pair, classify and summarise.  d and its catalog are borrowed and must
 * outlive the analysis.  DYAD_ENOTFOUND when opts->by names no column, or
 * opts->measures names an unknown code; DYAD_EINVAL for a bad option. */
enum dyad_status dyad_analysis_run(struct dyad_analysis **out,
    const struct dyad_data *d, const struct dyad_pair_opts *opts,
    struct dyad_error *err);

size_t dyad_analysis_pairs(const struct dyad_analysis *a);
/* Fill *out with pair i; false (and *out untouched) when i is out of
 * range.  A copy: a statewide file has millions of pairs, which the
 * analysis stores in fewer bytes than the struct has. */
bool dyad_analysis_pair(const struct dyad_analysis *a, size_t i,
    struct dyad_pair *out);

/* Records in catalog order of the measures present, then by group. */
size_t dyad_analysis_outcomes(const struct dyad_analysis *a);
const struct dyad_outcome *dyad_analysis_outcome(
    const struct dyad_analysis *a, size_t i);

/* Rows that belong to no measure (unknown code, malformed, ragged), by
 * reason; with the flows of all outcomes they add up to the rows read. */
const struct dyad_flow *dyad_analysis_unassigned(const struct dyad_analysis *a);

/* The text of the --by group of an outcome or pair ("" without --by). */
const char *dyad_analysis_group(const struct dyad_analysis *a, uint32_t g);
const struct dyad_data *dyad_analysis_data(const struct dyad_analysis *a);
const struct dyad_pair_opts *dyad_analysis_opts(const struct dyad_analysis *a);

/* The stats records as a table (keys as in dyad-stats(1)); with flow, the
 * flow counts as extra columns. */
enum dyad_status dyad_analysis_stats_table(const struct dyad_analysis *a,
    bool flow, struct dyad_table **out, struct dyad_error *err);

/* The same records put to w as they are made, a batch at a time: with CSV,
 * TSV and JSON the table is never held whole (an analysis --by a column of
 * many values has many records).  The caller finishes w.  Statuses as
 * dyad_writer_put's. */
enum dyad_status dyad_analysis_stats_write(const struct dyad_analysis *a,
    bool flow, struct dyad_writer *w, struct dyad_error *err);

/* One row per pair (columns as in dyad-change(1)). */
enum dyad_status dyad_analysis_change_table(const struct dyad_analysis *a,
    struct dyad_table **out, struct dyad_error *err);

/* The same rows put to w as they are made, a batch at a time: with CSV,
 * TSV and JSON the table is never held whole.  The caller finishes w.
 * Statuses as dyad_writer_put's. */
enum dyad_status dyad_analysis_change_write(const struct dyad_analysis *a,
    struct dyad_writer *w, struct dyad_error *err);

void dyad_analysis_free(struct dyad_analysis *a);      /* NULL is fine */

#ifdef __cplusplus
}
#endif
#endif

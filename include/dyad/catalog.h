/* dyad/catalog.h - the instrument catalog: what each measure code means. */
#ifndef DYAD_CATALOG_H
#define DYAD_CATALOG_H

#include <stddef.h>
#include <stdio.h>

#include "dyad/error.h"

#ifdef __cplusplus
extern "C" {
#endif

enum dyad_subject { DYAD_SUBJECT_CHILD, DYAD_SUBJECT_PARENT };
enum dyad_direction {
	DYAD_DIR_NONE,          /* no score is better than another (cortisol) */
	DYAD_DIR_HIGHER_BETTER,
	DYAD_DIR_LOWER_BETTER
};
enum dyad_transform { DYAD_TRANSFORM_NONE, DYAD_TRANSFORM_LOG };

/* One catalog row.  Unknown numbers are NAN (an empty cell in the CSV). */
struct dyad_instrument {
	const char *code;       /* e.g. "CBCL15_INT" */
	const char *label;
	const char *domain;     /* mood, problem_behavior, learning, trauma, ... */
	const char *source;     /* citation for every number in the row */
	const char *unit;       /* "T score", "nmol/L"; "" when unknown */
	enum dyad_subject subject;
	enum dyad_direction direction;
	enum dyad_transform transform;
	double min, max;        /* valid score range, inclusive */
	double reliability;     /* r_xx used for the reliable change index */
	double norm_mean, norm_sd, clin_mean, clin_sd;
	double cutoff;          /* published clinical cutoff */
};

struct dyad_catalog;            /* opaque */

/* Most instruments a catalog holds (a row keeps its measure in 16 bits);
 * loading more is a data error. */
#define DYAD_MAX_MEASURES 32767

/* The catalog compiled into the library (lib/catalog.csv). */
enum dyad_status dyad_catalog_new_default(struct dyad_catalog **out,
    struct dyad_error *err);

/* Load a catalog CSV with the header code,label,subject,domain,direction,
 * min,max,reliability,norm_mean,norm_sd,clin_mean,clin_sd,cutoff,transform,
 * source[,unit] (columns in any order; only code is required).  'name' is used
 * in messages.  On failure *out is NULL and err says which line is wrong. */
enum dyad_status dyad_catalog_load(struct dyad_catalog **out, FILE *in,
    const char *name, struct dyad_error *err);

/* Add the rows of another catalog file to cat; a code already present is
 * replaced (codes compare case-insensitively). */
enum dyad_status dyad_catalog_merge(struct dyad_catalog *cat, FILE *in,
    const char *name, struct dyad_error *err);

size_t dyad_catalog_count(const struct dyad_catalog *cat);

/* Row i in catalog order (the order results are reported in); NULL when out
 * of range.  Borrowed until dyad_catalog_free. */
const struct dyad_instrument *dyad_catalog_at(const struct dyad_catalog *cat,
    size_t i);

/* Index of the row whose code equals 'code' ignoring ASCII case, or -1. */
long dyad_catalog_find(const struct dyad_catalog *cat, const char *code);

/* The catalog code closest to 'code' (edit distance at most 3, or a prefix
 * match), for "did you mean" hints; NULL when nothing is close. */
const char *dyad_catalog_suggest(const struct dyad_catalog *cat,
    const char *code);

/* The clinical criterion for an instrument: Jacobson & Truax criterion c =
 * (clin_sd*norm_mean + norm_sd*clin_mean)/(clin_sd + norm_sd) when all four
 * norms are known, else the published cutoff, else NAN. */
double dyad_instrument_criterion(const struct dyad_instrument *ins);

/* Names used in CSV and output: "child"/"parent", "higher_is_better"/
 * "lower_is_better"/"none", "none"/"log". */
const char *dyad_subject_name(enum dyad_subject s);
const char *dyad_direction_name(enum dyad_direction d);
const char *dyad_transform_name(enum dyad_transform t);

void dyad_catalog_free(struct dyad_catalog *cat);      /* NULL is fine */

#ifdef __cplusplus
}
#endif
#endif

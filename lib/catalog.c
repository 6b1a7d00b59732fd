/* catalog.c - load, merge and query the instrument catalog. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dyad/catalog.h"
#include "dyad/num.h"
#include "csvread.h"
#include "internal.h"

/* lib/catalog.csv as rows, made at build time by tools/catalog_gen.c with
 * this file's own loader, so that a run does not parse it at start. */
extern const struct dyad_instrument dy_catalog_builtin[];
extern const size_t dy_catalog_builtin_n;

struct dyad_catalog {
	struct dyad_instrument *row;
	bool *owned;            /* row i's strings are its own (heap) copies;
	                         * else they are the built-in table's */
	size_t n, cap, owncap;
};

enum col {
	C_CODE, C_LABEL, C_SUBJECT, C_DOMAIN, C_DIRECTION, C_MIN, C_MAX, C_REL,
	C_NMEAN, C_NSD, C_CMEAN, C_CSD, C_CUTOFF, C_TRANSFORM, C_SOURCE, C_UNIT,
	NCOL
};

static const char *const colname[NCOL] = {
	"code", "label", "subject", "domain", "direction", "min", "max",
	"reliability", "norm_mean", "norm_sd", "clin_mean", "clin_sd", "cutoff",
	"transform", "source", "unit"
};

struct loader {
	struct dyad_catalog *cat;
	const char *name;
	long map[NCOL];         /* CSV field index of each column, or -1 */
	int have_header;
	struct dyad_error *err;
	enum dyad_status st;
};

static void
instrument_release(struct dyad_instrument *in)
{
	free((char *)in->code);
	free((char *)in->label);
	free((char *)in->domain);
	free((char *)in->source);
	free((char *)in->unit);
}

static int
load_header(struct loader *l, const struct dy_record *rec)
{
	size_t i;
	int c;

	for (c = 0; c < NCOL; c++)
		l->map[c] = -1;
	for (i = 0; i < rec->n; i++)
		for (c = 0; c < NCOL; c++)
			if (dy_strcaseeq(rec->field[i], colname[c]))
				l->map[c] = (long)i;
	if (l->map[C_CODE] < 0) {
		l->st = dy_fail(l->err, DYAD_EDATA, rec->line, 0,
		    "catalog has no 'code' column");
		return 1;
	}
	l->have_header = 1;
	return 0;
}

static const char *
cell(const struct loader *l, const struct dy_record *rec, enum col c)
{
	long i = l->map[c];

	return i >= 0 && (size_t)i < rec->n ? rec->field[i] : "";
}

/* Parse the numeric cell c into *out (NAN when empty); 1 on a bad number. */
static int
num_cell(struct loader *l, const struct dy_record *rec, enum col c,
    double *out)
{
	const char *s = cell(l, rec, c);
	double v;

	char show[64];

	*out = NAN;
	switch (dyad_num_parse(s, strlen(s), false, &v)) {
	case DYAD_NUM_OK:
		*out = v;
		return 0;
	case DYAD_NUM_MISSING:
		return 0;
	default:
		dy_show(show, sizeof(show), s, strlen(s));
		l->st = dy_fail(l->err, DYAD_EDATA, rec->line,
		    (size_t)l->map[c] + 1, "column '%s': \"%s\" is not a number",
		    colname[c], show);
		return 1;
	}
}

static int
enum_cell(struct loader *l, const struct dy_record *rec, enum col c,
    const char *const *names, int nnames, int dflt, int *out)
{
	const char *s = cell(l, rec, c);
	char show[64], list[96] = "";
	int i;

	*out = dflt;
	if (*s == '\0')
		return 0;
	for (i = 0; i < nnames; i++) {
		if (dy_strcaseeq(s, names[i])) {
			*out = i;
			return 0;
		}
	}
	for (i = 0; i < nnames; i++) {
		if (i > 0)
			strcat(list, ", ");
		strcat(list, names[i]);
	}
	dy_show(show, sizeof(show), s, strlen(s));
	l->st = dy_fail(l->err, DYAD_EDATA, rec->line, (size_t)l->map[c] + 1,
	    "column '%s': \"%s\" is not one of %s", colname[c], show, list);
	return 1;
}

/* A number that parsed but breaks a rule: name the column and the value. */
static int
bad_value(struct loader *l, const struct dy_record *rec, enum col c,
    const char *why)
{
	const char *s = cell(l, rec, c);
	char show[64];

	dy_show(show, sizeof(show), s, strlen(s));
	l->st = dy_fail(l->err, DYAD_EDATA, rec->line, (size_t)l->map[c] + 1,
	    "column '%s': %s %s", colname[c], show, why);
	return 1;
}

/* Room for n rows. */
static int
reserve(struct dyad_catalog *cat, size_t n)
{
	return dy_grow((void **)&cat->row, &cat->cap, n, sizeof(*cat->row)) ||
	    dy_grow((void **)&cat->owned, &cat->owncap, n, sizeof(*cat->owned));
}

static int
put_row(struct dyad_catalog *cat, struct dyad_instrument *in)
{
	long at = dyad_catalog_find(cat, in->code);

	if (at >= 0) {
		if (cat->owned[at])
			instrument_release(&cat->row[at]);
		cat->row[at] = *in;
		cat->owned[at] = true;
		return 0;
	}
	if (reserve(cat, cat->n + 1))
		return -1;
	cat->row[cat->n] = *in;
	cat->owned[cat->n++] = true;
	return 0;
}

static int
load_record(const struct dy_record *rec, void *ctx)
{
	static const char *const subjects[] = { "child", "parent" };
	static const char *const dirs[] = { "none", "higher_is_better",
	    "lower_is_better" };
	static const char *const transforms[] = { "none", "log" };
	struct loader *l = ctx;
	struct dyad_instrument in;
	int subj, dir, tr;

	if (rec->bad != NULL) {
		l->st = dy_fail(l->err, DYAD_EPARSE, rec->line, 0, "%s", rec->bad);
		return 1;
	}
	if (!l->have_header)
		return load_header(l, rec);
	memset(&in, 0, sizeof(in));
	if (*cell(l, rec, C_CODE) == '\0') {
		l->st = dy_fail(l->err, DYAD_EDATA, rec->line, 0,
		    "column 'code' is empty");
		return 1;
	}
	if (l->cat->n >= DYAD_MAX_MEASURES &&
	    dyad_catalog_find(l->cat, cell(l, rec, C_CODE)) < 0) {
		l->st = dy_fail(l->err, DYAD_EDATA, rec->line, 0,
		    "more than %d instruments in one catalog", DYAD_MAX_MEASURES);
		return 1;
	}
	if (enum_cell(l, rec, C_SUBJECT, subjects, 2, 0, &subj) ||
	    enum_cell(l, rec, C_DIRECTION, dirs, 3, 0, &dir) ||
	    enum_cell(l, rec, C_TRANSFORM, transforms, 2, 0, &tr) ||
	    num_cell(l, rec, C_MIN, &in.min) || num_cell(l, rec, C_MAX, &in.max) ||
	    num_cell(l, rec, C_REL, &in.reliability) ||
	    num_cell(l, rec, C_NMEAN, &in.norm_mean) ||
	    num_cell(l, rec, C_NSD, &in.norm_sd) ||
	    num_cell(l, rec, C_CMEAN, &in.clin_mean) ||
	    num_cell(l, rec, C_CSD, &in.clin_sd) ||
	    num_cell(l, rec, C_CUTOFF, &in.cutoff))
		return 1;
	if (!isnan(in.reliability) && (in.reliability < 0 || in.reliability >= 1))
		return bad_value(l, rec, C_REL, "must be at least 0 and below 1");
	if (!isnan(in.norm_sd) && in.norm_sd <= 0)
		return bad_value(l, rec, C_NSD, "must be above 0");
	if (!isnan(in.clin_sd) && in.clin_sd <= 0)
		return bad_value(l, rec, C_CSD, "must be above 0");
	if (!isnan(in.min) && !isnan(in.max) && in.min > in.max)
		return bad_value(l, rec, C_MIN, "is above column 'max'");
	in.subject = (enum dyad_subject)subj;
	in.direction = (enum dyad_direction)dir;
	in.transform = (enum dyad_transform)tr;
	in.code = dy_strdup(cell(l, rec, C_CODE));
	in.label = dy_strdup(cell(l, rec, C_LABEL));
	in.domain = dy_strdup(cell(l, rec, C_DOMAIN));
	in.source = dy_strdup(cell(l, rec, C_SOURCE));
	in.unit = dy_strdup(cell(l, rec, C_UNIT));
	if (in.code == NULL || in.label == NULL || in.domain == NULL ||
	    in.source == NULL || in.unit == NULL || put_row(l->cat, &in)) {
		instrument_release(&in);
		l->st = dy_nomem(l->err);
		return 1;
	}
	return 0;
}

static enum dyad_status
merge(struct dyad_catalog *cat, FILE *in, const char *name,
    struct dyad_error *err)
{
	struct dy_csv_opts opts;
	struct loader l;
	enum dyad_status st;

	memset(&opts, 0, sizeof(opts));
	opts.delim = ',';
	memset(&l, 0, sizeof(l));
	l.cat = cat;
	l.name = name;
	l.err = err;
	st = dy_csv_read(in, NULL, 0, &opts, load_record, &l, err);
	if (st == DYAD_OK)
		st = l.st;
	if (st == DYAD_OK && !l.have_header)   /* line 0: the whole file */
		st = dy_fail(err, DYAD_EDATA, 0, 0, "catalog is empty");
	return st;
}

enum dyad_status
dyad_catalog_merge(struct dyad_catalog *cat, FILE *in, const char *name,
    struct dyad_error *err)
{
	return merge(cat, in, name, err);
}

enum dyad_status
dyad_catalog_new_default(struct dyad_catalog **out, struct dyad_error *err)
{
	struct dyad_catalog *cat = calloc(1, sizeof(*cat));
	size_t n = dy_catalog_builtin_n;

	*out = NULL;
	if (cat == NULL || reserve(cat, n)) {
		dyad_catalog_free(cat);
		return dy_nomem(err);
	}
	/* the strings stay in the table (owned[] is all false) */
	memcpy(cat->row, dy_catalog_builtin, n * sizeof(*cat->row));
	memset(cat->owned, 0, n * sizeof(*cat->owned));
	cat->n = n;
	*out = cat;
	return DYAD_OK;
}

enum dyad_status
dyad_catalog_load(struct dyad_catalog **out, FILE *in, const char *name,
    struct dyad_error *err)
{
	struct dyad_catalog *cat = calloc(1, sizeof(*cat));
	enum dyad_status st;

	*out = NULL;
	if (cat == NULL)
		return dy_nomem(err);
	st = merge(cat, in, name, err);
	if (st != DYAD_OK) {
		dyad_catalog_free(cat);
		return st;
	}
	*out = cat;
	return DYAD_OK;
}

size_t
dyad_catalog_count(const struct dyad_catalog *cat)
{
	return cat->n;
}

const struct dyad_instrument *
dyad_catalog_at(const struct dyad_catalog *cat, size_t i)
{
	return i < cat->n ? &cat->row[i] : NULL;
}

long
dyad_catalog_find(const struct dyad_catalog *cat, const char *code)
{
	size_t i;

	for (i = 0; i < cat->n; i++)
		if (dy_strcaseeq(cat->row[i].code, code))
			return (long)i;
	return -1;
}

/* Case-insensitive Levenshtein distance, capped for speed. */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, prev, cur, tmp;
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			tmp = prev + (dy_lower((unsigned char)a[i - 1]) !=
			    dy_lower((unsigned char)b[j - 1]));
			if (row[j] + 1 < tmp)
				tmp = row[j] + 1;
			if (row[j - 1] + 1 < tmp)
				tmp = row[j - 1] + 1;
			row[j] = tmp;
			prev = cur;
		}
	}
	return row[lb];
}

const char *
dyad_catalog_suggest(const struct dyad_catalog *cat, const char *code)
{
	size_t i, d, best = 4, len = strlen(code);
	const char *hit = NULL;

	if (len == 0)
		return NULL;
	for (i = 0; i < cat->n; i++) {
		d = distance(code, cat->row[i].code);
		if (d < best) {
			best = d;
			hit = cat->row[i].code;
		}
	}
	if (hit == NULL && len >= 3)
		for (i = 0; i < cat->n && hit == NULL; i++)
			if (dy_strncaseeq(cat->row[i].code, code, len))
				hit = cat->row[i].code;
	return hit;
}

double
dyad_instrument_criterion(const struct dyad_instrument *in)
{
	if (!isnan(in->norm_mean) && !isnan(in->norm_sd) &&
	    !isnan(in->clin_mean) && !isnan(in->clin_sd))
		return (in->clin_sd * in->norm_mean + in->norm_sd * in->clin_mean) /
		    (in->clin_sd + in->norm_sd);
	return in->cutoff;
}

const char *
dyad_subject_name(enum dyad_subject s)
{
	return s == DYAD_SUBJECT_PARENT ? "parent" : "child";
}

const char *
dyad_direction_name(enum dyad_direction d)
{
	return d == DYAD_DIR_HIGHER_BETTER ? "higher_is_better" :
	    d == DYAD_DIR_LOWER_BETTER ? "lower_is_better" : "none";
}

const char *
dyad_transform_name(enum dyad_transform t)
{
	return t == DYAD_TRANSFORM_LOG ? "log" : "none";
}

void
dyad_catalog_free(struct dyad_catalog *cat)
{
	size_t i;

	if (cat == NULL)
		return;
	for (i = 0; i < cat->n; i++)
		if (cat->owned[i])
			instrument_release(&cat->row[i]);
	free(cat->row);
	free(cat->owned);
	free(cat);
}

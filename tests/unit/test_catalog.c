/* test_catalog.c - the instrument catalog: the built-in rows, criterion c,
 * lookup, suggestions, merging, and load errors with their lines. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad/catalog.h"
#include "dyad/data.h"

/* Load text as a catalog through a FILE; *cat is NULL on failure. */
static enum dyad_status
load(const char *text, struct dyad_catalog **cat, struct dyad_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	enum dyad_status st;

	dyad_error_clear(err);
	if (f == NULL)
		return DYAD_EIO;
	st = dyad_catalog_load(cat, f, "test.csv", err);
	fclose(f);
	return st;
}

static enum dyad_status
merge(struct dyad_catalog *cat, const char *text, struct dyad_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	enum dyad_status st;

	dyad_error_clear(err);
	if (f == NULL)
		return DYAD_EIO;
	st = dyad_catalog_merge(cat, f, "add.csv", err);
	fclose(f);
	return st;
}

static const struct dyad_instrument *
get(const struct dyad_catalog *cat, const char *code)
{
	long i = dyad_catalog_find(cat, code);

	return i < 0 ? NULL : dyad_catalog_at(cat, (size_t)i);
}

/* A catalog file that must be refused: status, line, field and message. */
static const struct {
	const char *name, *text;
	enum dyad_status st;
	size_t line, field;
	const char *msg;
} bad[] = {
	{ "bad number", "code,min,max\nA,0,60\nB,abc,5\n", DYAD_EDATA, 3, 2,
	    "column 'min': \"abc\" is not a number" },
	{ "unknown direction", "code,direction\nA,up\n", DYAD_EDATA, 2, 2,
	    "column 'direction': \"up\" is not one of none, higher_is_better, "
	    "lower_is_better" },
	{ "unknown subject", "code,subject\nA,teacher\n", DYAD_EDATA, 2, 2,
	    "column 'subject': \"teacher\" is not one of child, parent" },
	{ "no code column", "label,min\nfoo,1\n", DYAD_EDATA, 1, 0,
	    "catalog has no 'code' column" },
	{ "reliability 1", "code,reliability\nA,0.9\nB,1\n", DYAD_EDATA, 3, 2,
	    "column 'reliability': 1 must be at least 0 and below 1" },
	{ "reliability 1.2", "code,reliability\nA,1.2\n", DYAD_EDATA, 2, 2,
	    "column 'reliability': 1.2 must be at least 0 and below 1" },
	{ "reliability negative", "code,reliability\nA,-0.1\n", DYAD_EDATA, 2,
	    2, "column 'reliability': -0.1 must be at least 0 and below 1" },
	{ "norm_sd 0", "code,norm_mean,norm_sd\nA,50,0\n", DYAD_EDATA, 2, 3,
	    "column 'norm_sd': 0 must be above 0" },
	{ "min above max", "code,max,min\nA,5,10\n", DYAD_EDATA, 2, 3,
	    "column 'min': 10 is above column 'max'" },
	{ "empty code", "code,min\nA,1\n,2\n", DYAD_EDATA, 3, 0,
	    "column 'code' is empty" },
	{ "empty file", "", DYAD_EDATA, 0, 0, "catalog is empty" },
	/* lines count CR LF, and the line breaks inside a quoted source */
	{ "line after quoted newlines", "code,source,max\r\nA,\"one\r\ntwo\","
	    "5\r\nB,,6\r\nC,,x\r\n", DYAD_EDATA, 5, 3,
	    "column 'max': \"x\" is not a number" },
	{ "bad quoting", "code,min\nA,1\"2\n", DYAD_EPARSE, 2, 0,
	    "field 2: a quote inside an unquoted field (put the field in "
	    "quotes and double the quote inside)" },
	{ "control bytes shown", "code,min\nA,\"\x1b[2J\"\n", DYAD_EDATA, 2, 2,
	    "column 'min': \"\\x1b[2J\" is not a number" },
};

static int
same_num(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof(a)) == 0;
}

/* The built-in rows are made at build time (tools/catalog_gen.c); they must
 * be exactly what loading lib/catalog.csv gives, row by row. */
static void
builtin_is_the_csv(const struct dyad_catalog *cat)
{
	struct dyad_catalog *csv = NULL;
	struct dyad_error err;
	char what[120];
	FILE *f = fopen("lib/catalog.csv", "rb");
	size_t i;

	dyad_error_clear(&err);
	if (f == NULL || dyad_catalog_load(&csv, f, "lib/catalog.csv", &err) !=
	    DYAD_OK) {
		check_true(0, "lib/catalog.csv loads (run from the top)");
		if (f != NULL)
			fclose(f);
		return;
	}
	fclose(f);
	check_int((long long)dyad_catalog_count(cat),
	    (long long)dyad_catalog_count(csv),
	    "built-in catalog has the rows of lib/catalog.csv");
	for (i = 0; i < dyad_catalog_count(cat) &&
	    i < dyad_catalog_count(csv); i++) {
		const struct dyad_instrument *a = dyad_catalog_at(cat, i),
		    *b = dyad_catalog_at(csv, i);

		snprintf(what, sizeof(what), "built-in row %zu (%s) is the CSV's",
		    i + 1, b->code);
		check_true(strcmp(a->code, b->code) == 0 &&
		    strcmp(a->label, b->label) == 0 &&
		    strcmp(a->domain, b->domain) == 0 &&
		    strcmp(a->source, b->source) == 0 &&
		    strcmp(a->unit, b->unit) == 0 &&
		    a->subject == b->subject && a->direction == b->direction &&
		    a->transform == b->transform &&
		    same_num(a->min, b->min) && same_num(a->max, b->max) &&
		    same_num(a->reliability, b->reliability) &&
		    same_num(a->norm_mean, b->norm_mean) &&
		    same_num(a->norm_sd, b->norm_sd) &&
		    same_num(a->clin_mean, b->clin_mean) &&
		    same_num(a->clin_sd, b->clin_sd) &&
		    same_num(a->cutoff, b->cutoff), what);
	}
	dyad_catalog_free(csv);
}

/* A catalog file of codes M0 .. M(n - 1) (malloc'd). */
static char *
many_codes(size_t n)
{
	char *text = malloc(16 * n + 16), *p = text;
	size_t i;

	if (text == NULL)
		return NULL;
	p += sprintf(p, "code\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "M%zu\n", i);
	return text;
}

/* Rows keep their measure in 16 bits: a catalog holds DYAD_MAX_MEASURES
 * instruments (32,767), the last of which still reads back from data;
 * one more is refused at its line (the header is line 1). */
static void
test_measure_limit(void)
{
	static const char data[] = "child_id,measure,timepoint,score\n"
	    "C1,M32766,intake,5\n";
	char *text = many_codes(DYAD_MAX_MEASURES + 1), *cut;
	struct dyad_catalog *cat = NULL;
	struct dyad_data *d = NULL;
	struct dyad_error err;
	struct dyad_row r;
	FILE *f;

	if (text == NULL) {
		check_true(false, "limit: memory");
		return;
	}
	check_int(load(text, &cat, &err), DYAD_EDATA,
	    "limit: 32,768 instruments refused");
	check_int((long long)err.line, DYAD_MAX_MEASURES + 2,
	    "limit: at the 32,768th instrument's line");
	check_str(err.msg, "more than 32767 instruments in one catalog",
	    "limit: message");
	dyad_catalog_free(cat);
	cat = NULL;
	cut = strstr(text, "\nM32767\n");
	if (cut != NULL)
		cut[1] = '\0';
	check_int(load(text, &cat, &err), DYAD_OK, "limit: 32,767 load");
	check_int((long long)dyad_catalog_count(cat), DYAD_MAX_MEASURES,
	    "limit: 32,767 counted");
	check_int(merge(cat, "code,label\nM5,again\n", &err), DYAD_OK,
	    "limit: a known code still merges");
	check_int(merge(cat, "code\nNEW\n", &err), DYAD_EDATA,
	    "limit: a new code does not");
	f = fmemopen((void *)data, strlen(data), "r");
	if (cat != NULL && f != NULL && dyad_data_new(&d, cat, &err) == DYAD_OK &&
	    dyad_data_read(d, f, "t.csv", NULL, &err) == DYAD_OK &&
	    dyad_data_row(d, 0, &r)) {
		check_int(r.measure, 32766, "limit: the last measure reads back");
		check_int(r.status, DYAD_ROW_OK, "limit: its row is usable");
	} else {
		check_true(false, "limit: data read");
	}
	check_true(d == NULL || !dyad_data_row(d, 1, &r),
	    "limit: no row past the end");
	if (f != NULL)
		fclose(f);
	dyad_data_free(d);
	dyad_catalog_free(cat);
	free(text);
}

int
main(void)
{
	/* the codes shared research/instruments.md asks for (issue 2) */
	static const char *const codes[] = {
		"CBCL15_INT", "CBCL15_EXT", "TSCYC_PTS", "BSID3_COG",
		    "ECBI_INT",
		"CESD", "BDI2", "PHQ9", "PSI4SF_TS", "PCL5", "DAS32", "CSI16",
		"CORT_WAKE",
	};
	struct dyad_catalog *cat = NULL, *c2 = NULL;
	const struct dyad_instrument *in;
	struct dyad_error err;
	char what[120];
	size_t i, n;
	long at;

	dyad_error_clear(&err);
	check_int(dyad_catalog_new_default(&cat, &err), DYAD_OK,
	    "default catalog loads");
	if (cat == NULL)
		return check_summary();
	builtin_is_the_csv(cat);
	test_measure_limit();
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		snprintf(what, sizeof(what), "default catalog has %s",
		    codes[i]);
		check_true(get(cat, codes[i]) != NULL, what);
	}
	for (i = 0; i < dyad_catalog_count(cat); i++) {
		in = dyad_catalog_at(cat, i);
		snprintf(what, sizeof(what), "%s cites a source", in->code);
		check_true(in->source != NULL && strlen(in->source) > 10, what);
	}
	check_true(dyad_catalog_at(cat, dyad_catalog_count(cat)) == NULL,
	    "catalog_at past the end is NULL");

	/* published values: Radloff 1977 (CES-D 0-60, case >= 16); Kroenke et
	 * al. 2001 (PHQ-9 0-27, >= 10) */
	in = get(cat, "CESD");
	check_true(in != NULL && in->min == 0 && in->max == 60 &&
	    in->cutoff == 16 && in->subject == DYAD_SUBJECT_PARENT &&
	    in->direction == DYAD_DIR_LOWER_BETTER, "CESD row");
	in = get(cat, "PHQ9");
	check_true(in != NULL && in->min == 0 && in->max == 27 &&
	    in->cutoff == 10, "PHQ9 row");
	in = get(cat, "CORT_WAKE");
	check_true(in != NULL && in->transform == DYAD_TRANSFORM_LOG &&
	    in->direction == DYAD_DIR_NONE && isnan(in->min) && isnan(in->max),
	    "CORT_WAKE: log scale, no direction, no range");

	/* DAS32 criterion c (Jacobson & Truax 1991) from Spanier 1976's
	 * norms, by hand:
	 *   c = (sd_clin * mean_norm + sd_norm * mean_clin)
	 *       / (sd_clin + sd_norm)
	 *     = (23.8 * 114.8 + 17.8 * 70.7) / (23.8 + 17.8)
	 *     = (2732.24 + 1258.46) / 41.6
	 *     = 3990.70 / 41.6 = 95.930288461538... */
	in = get(cat, "DAS32");
	check_true(in != NULL && in->direction == DYAD_DIR_HIGHER_BETTER,
	    "DAS32: higher is better");
	if (in != NULL) {
		check_rel(in->norm_mean, 114.8, 0, "DAS32 norm mean 114.8");
		check_rel(in->clin_sd, 23.8, 0, "DAS32 clinical sd 23.8");
		check_rel(dyad_instrument_criterion(in), 3990.70 / 41.6, 1e-14,
		    "DAS32 criterion c = 95.9303 (by hand)");
	}
	/* no norms: the published cutoff (Radloff 1977: 16); PCL5 has only
	 * clinical norms, so also its cutoff (Blevins et al. 2015: 33) */
	check_rel(dyad_instrument_criterion(get(cat, "CESD")), 16, 0,
	    "criterion falls back to the CESD cutoff 16");
	check_rel(dyad_instrument_criterion(get(cat, "PCL5")), 33, 0,
	    "criterion falls back to the PCL5 cutoff 33");
	check_nan(dyad_instrument_criterion(get(cat, "ASQ3_COM")),
	    "criterion of ASQ3_COM (no norms, no cutoff) is NaN");

	/* lookup ignores ASCII case */
	at = dyad_catalog_find(cat, "CESD");
	check_true(at >= 0, "find CESD");
	check_int(dyad_catalog_find(cat, "cesd"), at, "find cesd");
	check_int(dyad_catalog_find(cat, "CeSd"), at, "find CeSd");
	check_int(dyad_catalog_find(cat, "CES"), -1, "find CES: no");
	check_int(dyad_catalog_find(cat, "CESD "), -1, "find \"CESD \": no");
	check_int(dyad_catalog_find(cat, ""), -1, "find \"\": no");

	/* did-you-mean */
	check_str(dyad_catalog_suggest(cat, "CESD2"), "CESD", "suggest CESD2");
	check_str(dyad_catalog_suggest(cat, "cesd2"), "CESD", "suggest cesd2");
	check_str(dyad_catalog_suggest(cat, "PHQ"), "PHQ9", "suggest PHQ");
	check_str(dyad_catalog_suggest(cat, "CBCL15INT"), "CBCL15_INT",
	    "suggest CBCL15INT");
	check_str(dyad_catalog_suggest(cat, "CORT_WAK"), "CORT_WAKE",
	    "suggest CORT_WAK");
	check_true(dyad_catalog_suggest(cat, "XYZXYZXYZ") == NULL,
	    "suggest nothing for XYZXYZXYZ");
	check_true(dyad_catalog_suggest(cat, "") == NULL,
	    "suggest nothing for \"\"");

	/* merge: a code already present is replaced in place (any case), a
	 * new code is added at the end */
	n = dyad_catalog_count(cat);
	check_int(merge(cat,
	    "code,min,max,direction\ncesd,0,70,lower_is_better\n"
	    "NEW1,1,5,none\n", &err), DYAD_OK, "merge loads");
	check_int((long long)dyad_catalog_count(cat), (long long)n + 1,
	    "merge adds one row");
	check_int(dyad_catalog_find(cat, "CESD"), at,
	    "merged CESD keeps its place");
	in = get(cat, "CESD");
	check_true(in != NULL && in->max == 70, "merged CESD max is 70");
	in = get(cat, "new1");
	check_true(in != NULL && in->min == 1 && in->max == 5 &&
	    dyad_catalog_find(cat, "NEW1") == (long)n, "NEW1 added at the end");
	check_int(merge(cat, "code,reliability\nPHQ9,2\n", &err), DYAD_EDATA,
	    "a bad merge fails");
	check_int((long long)err.line, 2, "a bad merge names line 2");

	/* a catalog file of our own; columns in any order */
	check_int(load("source,max,code,min,transform\n\"a, b\",9,Z1,1,log\n",
	    &c2, &err), DYAD_OK, "own catalog loads");
	if (c2 != NULL) {
		check_int((long long)dyad_catalog_count(c2), 1,
		    "own catalog: 1 row");
		in = dyad_catalog_at(c2, 0);
		check_true(strcmp(in->code, "Z1") == 0 && in->min == 1 &&
		    in->max == 9 && in->transform == DYAD_TRANSFORM_LOG &&
		    strcmp(in->source, "a, b") == 0 && isnan(in->cutoff),
		    "own catalog: the row as written");
		dyad_catalog_free(c2);
		c2 = NULL;
	}

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum dyad_status st = load(bad[i].text, &c2, &err);

		snprintf(what, sizeof(what), "load error %s: status",
		    bad[i].name);
		check_int(st, bad[i].st, what);
		snprintf(what, sizeof(what),
		    "load error %s: line %zu field %zu",
		    bad[i].name, bad[i].line, bad[i].field);
		check_true(err.line == bad[i].line && err.field == bad[i].field,
		    what);
		if (err.line != bad[i].line || err.field != bad[i].field)
			printf("# got line %zu field %zu\n", err.line,
			    err.field);
		snprintf(what, sizeof(what), "load error %s: message",
		    bad[i].name);
		check_str(err.msg, bad[i].msg, what);
		snprintf(what, sizeof(what), "load error %s: no catalog",
		    bad[i].name);
		check_true(c2 == NULL, what);
	}

	check_str(dyad_subject_name(DYAD_SUBJECT_PARENT), "parent",
	    "subject name");
	check_str(dyad_direction_name(DYAD_DIR_HIGHER_BETTER),
	    "higher_is_better",
	    "direction name");
	check_str(dyad_transform_name(DYAD_TRANSFORM_LOG), "log",
	    "transform name");
	dyad_catalog_free(cat);
	dyad_catalog_free(NULL);
	return check_summary();
}

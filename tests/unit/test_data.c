/* test_data.c - reading assessment files (lib/data.c): long input with
 * column maps, wide input, duplicates and repeats, missing scores, the
 * caregiver check, extra columns, decimal comma.  Every expected count and
 * line was worked out by hand from the small inputs written here. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dyad/data.h"
#include "dyad/num.h"
#include "analysis.h"

struct seen {
	size_t n;
	struct {
		size_t line, field;
		enum dyad_row_status kind;
		bool warning;
		char file[32];
		char msg[300];
	} is[32];
};

static void
collect(const struct dyad_issue *is, void *ctx)
{
	struct seen *s = ctx;

	if (s->n >= sizeof(s->is) / sizeof(s->is[0]))
		return;
	s->is[s->n].line = is->line;
	s->is[s->n].field = is->field;
	s->is[s->n].kind = is->kind;
	s->is[s->n].warning = is->warning;
	snprintf(s->is[s->n].file, sizeof(s->is[s->n].file), "%s", is->file);
	snprintf(s->is[s->n].msg, sizeof(s->is[s->n].msg), "%s", is->msg);
	s->n++;
}

static enum dyad_status
read_text(struct dyad_data *d, const char *text, const char *name,
    const struct dyad_read_opts *o, struct dyad_error *err)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	enum dyad_status st;

	dyad_error_clear(err);
	if (f == NULL)
		return DYAD_EIO;
	st = dyad_data_read(d, f, name, o, err);
	fclose(f);
	return st;
}

/* Issue k is at line/field with this kind and text. */
static void
check_issue(const struct seen *s, size_t k, size_t line, size_t field,
    enum dyad_row_status kind, bool warning, const char *msg,
    const char *what)
{
	char w[160];

	snprintf(w, sizeof(w), "%s: issue %zu at line %zu field %zu", what, k,
	    line, field);
	if (k >= s->n) {
		check_report_(0, w, "only %zu issues", s->n);
		return;
	}
	check_report_(s->is[k].line == line && s->is[k].field == field &&
	    s->is[k].kind == kind && s->is[k].warning == warning, w,
	    "got line %zu field %zu kind %d warning %d", s->is[k].line,
	    s->is[k].field, (int)s->is[k].kind, (int)s->is[k].warning);
	snprintf(w, sizeof(w), "%s: issue %zu text", what, k);
	check_str(s->is[k].msg, msg, w);
}

/* Row i (a copy: eight in turn, so that an expression may hold a few);
 * past the end, a row of no measure. */
static const struct dyad_row *
row(const struct dyad_data *d, size_t i)
{
	static struct dyad_row buf[8];
	static unsigned next;
	struct dyad_row *r = &buf[next++ % 8];

	if (!dyad_data_row(d, i, r)) {
		memset(r, 0, sizeof(*r));
		r->measure = -1;
	}
	return r;
}

static void
test_long_col_map(const struct dyad_catalog *cat)
{
	static const char *const map[] = { "child_id=ClientID",
	    "measure=Instrument", "timepoint=Visit", "score=Value",
	    "DATE=when" };
	const char *text =
	    "ClientID,Instrument,Visit,Value,When,Notes,Clinician\n"
	    "k1,cesd,Intake,21,2024-02-01,\"first, visit\",A\n"
	    "k1,CESD, DISCHARGE ,12.5,2024-05-01,,B\n"
	    "k2,PHQ9,intake,x,,n,A\n";
	struct dyad_read_opts o;
	struct dyad_data *d = NULL;
	struct dyad_error err;
	struct seen s;
	long notes, clin;
	long first = 0, last = 0;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.col_map = map;
	o.n_col_map = 5;
	o.on_issue = collect;
	o.ctx = &s;
	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, text, "m.csv", &o, &err), DYAD_OK,
	    "col map: reads");
	check_int((long long)dyad_data_rows(d), 3, "col map: 3 rows");
	check_str(dyad_data_str(d, row(d, 0)->child), "k1", "col map: child");
	check_int(row(d, 0)->measure, dyad_catalog_find(cat, "CESD"),
	    "col map: measure cesd is CESD");
	check_str(dyad_data_str(d, row(d, 1)->timepoint), "discharge",
	    "col map: timepoint trimmed and lower-cased");
	check_rel(row(d, 1)->score, 12.5, 0, "col map: score 12.5");
	check_int(row(d, 0)->date, 19754, "col map: date 2024-02-01 is day "
	    "19754 (date -d)");
	check_int(row(d, 2)->status, DYAD_ROW_BAD_NUMBER, "col map: x is bad");
	check_issue(&s, 0, 4, 4, DYAD_ROW_BAD_NUMBER, false,
	    "column 'Value': \"x\" is not a number", "col map");
	check_int((long long)s.n, 1, "col map: one issue");
	/* Notes and Clinician are extra columns, lower-cased */
	check_int((long long)dyad_data_extra_count(d), 2, "extra: 2 columns");
	notes = dyad_data_extra_index(d, "NOTES");
	clin = dyad_data_extra_index(d, "clinician");
	check_true(notes >= 0 && clin >= 0 && notes != clin, "extra: found");
	check_int(dyad_data_extra_index(d, "site"), -1,
	    "extra: no site column");
	check_str(dyad_data_extra_name(d, (size_t)notes), "notes",
	    "extra: name");
	check_str(dyad_data_str(d, dyad_data_extra(d, 0, (size_t)notes)),
	    "first, visit", "extra: row 1 notes");
	check_str(dyad_data_str(d, dyad_data_extra(d, 1, (size_t)notes)), "",
	    "extra: row 2 notes empty");
	check_str(dyad_data_str(d, dyad_data_extra(d, 1, (size_t)clin)), "B",
	    "extra: row 2 clinician");
	check_true(dyad_data_date_range(d, &first, &last) && first == 19754 &&
	    last == 19844, "date range 2024-02-01..2024-05-01 (date -d)");
	dyad_data_free(d);
}

static void
test_col_map_errors(const struct dyad_catalog *cat)
{
	static const char *const bogus[] = { "kid=ClientID" };
	static const char *const absent[] = { "score=Value" };
	struct dyad_read_opts o;
	struct dyad_data *d = NULL;
	struct dyad_error err;

	memset(&o, 0, sizeof(o));
	o.col_map = bogus;
	o.n_col_map = 1;
	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, "child_id,measure,timepoint,score\nc,CESD,i,1\n",
	    "x.csv", &o, &err), DYAD_EINVAL, "col map kid=: refused");
	check_str(err.msg, "column map 'kid=ClientID' is not NAME=HEADER with "
	    "NAME one of child_id, caregiver_id, family_id, site, measure, "
	    "timepoint, date, score", "col map kid=: message");
	o.col_map = absent;
	check_int(read_text(d, "child_id,measure,timepoint,Wert\nc,CESD,i,1\n",
	    "x.csv", &o, &err), DYAD_EDATA, "col map to a missing header");
	check_int((long long)err.line, 1,
	    "col map to a missing header: line 1");
	check_str(err.msg, "missing required column: score (the header has no "
	    "column 'Value' for --col score=Value)",
	    "col map to a missing header: message");
	o.n_col_map = 0;
	check_int(read_text(d, "child_id,timepoint\nc,i\n", "x.csv", &o, &err),
	    DYAD_EDATA, "two columns missing");
	check_str(err.msg, "missing required columns: measure, score (map "
	    "other names with --col NAME=HEADER)",
	    "two columns missing: message");
	check_int(read_text(d, "", "x.csv", &o, &err), DYAD_EDATA,
	    "empty file");
	check_true(err.line == 0 && strcmp(err.msg,
	    "the file is empty (no header row)") == 0, "empty file: message");
	check_int(read_text(d, "child_id,measure,timepoint,score\r\n\r\n",
	    "x.csv", &o, &err), DYAD_EDATA, "header only");
	check_true(err.line == 0 && strcmp(err.msg,
	    "the file has a header but no data rows") == 0,
	    "header only: message");
	check_int(read_text(d, "child_id,measure,timepoint,score,Score\n",
	    "x.csv", &o, &err), DYAD_EDATA, "score twice");
	check_str(err.msg, "header: columns 4 and 5 are both 'score'",
	    "score twice: message");
	check_int(read_text(d, "child_id,measure,timepoint,score,n,N\n",
	    "x.csv", &o, &err), DYAD_EDATA, "extra column twice");
	check_true(err.field == 6 && strcmp(err.msg,
	    "header: columns 5 and 6 are both 'n'") == 0,
	    "extra twice: message");
	check_int(read_text(d, "child_id,measure,,timepoint,score\n", "x.csv",
	    &o, &err), DYAD_EDATA, "empty header name");
	check_str(err.msg, "header: column 3 has no name",
	    "empty header: message");
	dyad_data_free(d);
}

static void
test_wide(const struct dyad_catalog *cat)
{
	/* person k1: three scores, k2: a missing CBCL discharge and a bad
	 * CESD; each cell is one row: 2 persons x 3 cells = 6 rows */
	const char *text =
	    "child_id,CBCL15_INT_intake,CBCL15_INT_discharge,cesd_Intake,site\n"
	    "k1,60,55,20,North\n"
	    "k2,70,,abc,South\n";
	struct dyad_read_opts o;
	struct dyad_data *d = NULL;
	struct dyad_error err;
	struct seen s;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.wide = true;
	o.on_issue = collect;
	o.ctx = &s;
	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, text, "w.csv", &o, &err), DYAD_OK,
	    "wide: reads");
	check_int((long long)dyad_data_rows(d), 6, "wide: 6 rows");
	check_int(row(d, 0)->measure, dyad_catalog_find(cat, "CBCL15_INT"),
	    "wide: first cell is CBCL15_INT");
	check_str(dyad_data_str(d, row(d, 1)->timepoint), "discharge",
	    "wide: second cell is discharge");
	check_int(row(d, 2)->measure, dyad_catalog_find(cat, "CESD"),
	    "wide: third cell is CESD");
	check_str(dyad_data_str(d, row(d, 2)->timepoint), "intake",
	    "wide: timepoint lower-cased");
	check_rel(row(d, 1)->score, 55, 0, "wide: k1 discharge 55");
	check_str(dyad_data_str(d, row(d, 3)->site), "South", "wide: site");
	check_int(row(d, 4)->status, DYAD_ROW_MISSING_SCORE,
	    "wide: empty cell");
	check_int(row(d, 5)->status, DYAD_ROW_BAD_NUMBER, "wide: abc");
	check_int((long long)row(d, 5)->line, 3, "wide: abc on line 3");
	check_int((long long)dyad_data_count(d, DYAD_ROW_OK), 4, "wide: 4 ok");
	check_int((long long)s.n, 1, "wide: one issue");
	check_issue(&s, 0, 3, 4, DYAD_ROW_BAD_NUMBER, false,
	    "column 'cesd_Intake': \"abc\" is not a number", "wide");

	/* no MEASURE_TIMEPOINT column at all */
	check_int(read_text(d, "child_id,foo_intake\nk,1\n", "w2.csv", &o,
	    &err),
	    DYAD_EDATA, "wide: no score column");
	dyad_data_free(d);
}

static void
test_duplicates(const struct dyad_catalog *cat)
{
	/* line 2 and 3 are the same row; 4, 5 and 6 share a key with three
	 * different scores; line 7 is another caregiver's score; lines 8 and
	 * 9 have missing scores (missing scores never make duplicates) */
	const char *text =
	    "child_id,caregiver_id,measure,timepoint,score\n"
	    "c1,m1,CESD,intake,10\n"
	    "c1,m1,CESD,intake,10.0\n"
	    "c1,m1,CESD,discharge,5\n"
	    "c1,m1,CESD,discharge,6\n"
	    "c1,m1,CESD,discharge,5\n"
	    "c1,m2,CESD,discharge,6\n"
	    "c1,m1,PHQ9,intake,NA\n"
	    "c1,m1,PHQ9,intake,\n";
	struct dyad_read_opts o;
	struct dyad_data *d = NULL;
	struct dyad_error err;
	struct seen s;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.on_issue = collect;
	o.ctx = &s;
	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, text, "d.csv", &o, &err), DYAD_OK, "dup: reads");
	check_int((long long)dyad_data_rows(d), 8, "dup: 8 rows");
	check_int((long long)dyad_data_count(d, DYAD_ROW_OK), 2,
	    "dup: lines 2 and 7 usable");
	check_int((long long)dyad_data_count(d, DYAD_ROW_REPEATED), 1,
	    "dup: one repeat");
	check_int((long long)dyad_data_count(d, DYAD_ROW_DUPLICATE), 3,
	    "dup: three duplicates");
	check_int((long long)dyad_data_count(d, DYAD_ROW_MISSING_SCORE), 2,
	    "dup: two missing scores");
	check_int(row(d, 2)->status, DYAD_ROW_DUPLICATE,
	    "dup: line 4 excluded");
	check_nan(row(d, 2)->score, "dup: line 4 score gone");
	check_int((long long)s.n, 3, "dup: three issues");
	check_issue(&s, 0, 3, 0, DYAD_ROW_REPEATED, true,
	    "repeats line 2 (same "
	    "child, caregiver, measure, timepoint and score); counted once",
	    "dup");
	check_issue(&s, 1, 5, 5, DYAD_ROW_DUPLICATE, false, "duplicate of line "
	    "4 (same child, caregiver, measure and timepoint) with a different "
	    "score (6, was 5); both excluded", "dup");
	check_issue(&s, 2, 6, 5, DYAD_ROW_DUPLICATE, false, "another score for "
	    "the same child, caregiver, measure and timepoint as line 4, which "
	    "is already excluded as a duplicate; excluded too", "dup");
	check_true(dyad_row_status_is_error(DYAD_ROW_DUPLICATE) &&
	    !dyad_row_status_is_error(DYAD_ROW_REPEATED) &&
	    !dyad_row_status_is_error(DYAD_ROW_MISSING_SCORE),
	    "duplicates are errors, repeats and missing scores are not");
	check_str(dyad_row_status_name(DYAD_ROW_REPEATED), "repeated",
	    "status name");

	/* the same key in a second file names the first file */
	s.n = 0;
	check_int(read_text(d, "child_id,caregiver_id,measure,timepoint,score\n"
	    "c1,m2,CESD,discharge,7\n", "e.csv", &o, &err), DYAD_OK,
	    "dup: second file reads");
	check_issue(&s, 0, 2, 5, DYAD_ROW_DUPLICATE, false, "duplicate of "
	    "d.csv:7 (same child, caregiver, measure and timepoint) with a "
	    "different score (7, was 6); both excluded", "dup across files");
	check_str(dyad_data_file(d, 1), "e.csv", "second file name");
	dyad_data_free(d);
}

/* One child with twelve caregivers (more than the eight a child's list of
 * people holds before they are hashed): each caregiver is a person of
 * their own, and a repeat or a duplicate is found for the right one.
 * Lines: 2..13 caregivers g1..g12 at intake with score = caregiver number;
 * 14 g3 again with 3 (a repeat of line 4); 15 g11 with 44 (duplicate of
 * line 12); 16 g12 at discharge (new key); 17 g1 with 1 (repeat of 2). */
static void
test_many_caregivers(const struct dyad_catalog *cat)
{
	char text[2048];
	size_t n = 0, i;
	struct dyad_read_opts o;
	struct dyad_data *d = NULL;
	struct dyad_error err;
	struct seen s;

	n += (size_t)snprintf(text + n, sizeof(text) - n,
	    "child_id,caregiver_id,measure,timepoint,score\n");
	for (i = 1; i <= 12; i++)
		n += (size_t)snprintf(text + n, sizeof(text) - n,
		    "c1,g%zu,CESD,intake,%zu\n", i, i);
	snprintf(text + n, sizeof(text) - n, "c1,g3,CESD,intake,3\n"
	    "c1,g11,CESD,intake,44\nc1,g12,CESD,discharge,12\n"
	    "c1,g1,CESD,intake,1\n");
	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.on_issue = collect;
	o.ctx = &s;
	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, text, "m.csv", &o, &err), DYAD_OK,
	    "many caregivers: reads");
	check_int((long long)dyad_data_count(d, DYAD_ROW_OK), 12,
	    "many caregivers: lines 2-13 but 12, and 16");
	check_int((long long)dyad_data_count(d, DYAD_ROW_REPEATED), 2,
	    "many caregivers: two repeats");
	check_int((long long)dyad_data_count(d, DYAD_ROW_DUPLICATE), 2,
	    "many caregivers: lines 12 and 15 duplicates");
	check_int(row(d, 10)->status, DYAD_ROW_DUPLICATE,
	    "many caregivers: line 12 excluded");
	check_int(row(d, 14)->person, row(d, 11)->person,
	    "many caregivers: line 16 is line 13's person (g12)");
	check_true(row(d, 0)->person != row(d, 1)->person,
	    "many caregivers: g1 and g2 are two people");
	/* the child's twelve contexts (rows.h) are more than are looked
	 * through: line 17's gets a context of its own, same ids */
	check_str(dyad_data_str(d, row(d, 15)->caregiver), "g1",
	    "many caregivers: line 17 is g1's");
	check_str(dyad_data_str(d, row(d, 15)->child), "c1",
	    "many caregivers: line 17 is c1's");
	check_str(dyad_data_str(d, row(d, 12)->caregiver), "g3",
	    "many caregivers: line 14 is g3's");
	check_int((long long)dy_data_people(d), 12, "many caregivers: 12 people");
	check_int((long long)s.n, 3, "many caregivers: three issues");
	check_issue(&s, 0, 14, 0, DYAD_ROW_REPEATED, true, "repeats line 4 "
	    "(same child, caregiver, measure, timepoint and score); counted "
	    "once", "many caregivers");
	check_issue(&s, 1, 15, 5, DYAD_ROW_DUPLICATE, false, "duplicate of line "
	    "12 (same child, caregiver, measure and timepoint) with a different "
	    "score (44, was 11); both excluded", "many caregivers");
	check_issue(&s, 2, 17, 0, DYAD_ROW_REPEATED, true, "repeats line 2 "
	    "(same child, caregiver, measure, timepoint and score); counted "
	    "once", "many caregivers");
	dyad_data_free(d);
}

static void
test_caregivers(const struct dyad_catalog *cat)
{
	/* c1's PHQ9 intake is from m1, discharge from m2: they cannot pair.
	 * c2 has two caregivers at both timepoints: fine. */
	const char *text =
	    "child_id,caregiver_id,measure,timepoint,score\n"
	    "c1,m1,PHQ9,intake,10\n"
	    "c2,f1,PHQ9,intake,10\n"
	    "c2,f2,PHQ9,intake,11\n"
	    "c1,m2,PHQ9,discharge,5\n"
	    "c2,f1,PHQ9,discharge,9\n"
	    "c2,f2,PHQ9,discharge,8\n";
	struct dyad_read_opts o;
	struct dyad_data *d = NULL;
	struct dyad_error err;
	struct seen s;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.on_issue = collect;
	o.ctx = &s;
	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, text, "g.csv", &o, &err), DYAD_OK,
	    "caregivers: reads");
	check_int((long long)s.n, 0, "caregivers: no issue while reading");
	check_int(dyad_data_check_caregivers(d, &o, &err), DYAD_OK,
	    "caregivers: check runs");
	check_int((long long)s.n, 1, "caregivers: one warning");
	check_issue(&s, 0, 5, 0, DYAD_ROW_OK, true, "child 'c1' measure PHQ9: "
	    "caregiver_id 'm2' at discharge differs from 'm1' at intake (line "
	    "2); these rows do not pair", "caregivers");
	check_str(s.is[0].file, "g.csv", "caregivers: file name");
	check_int((long long)dyad_data_count(d, DYAD_ROW_OK), 6,
	    "caregivers: all rows stay usable");
	dyad_data_free(d);
}

static void
test_decimal_comma(const struct dyad_catalog *cat)
{
	const char *text =
	    "child_id;measure;timepoint;score\n"
	    "k1;PHQ9;intake;12,5\n"
	    "k2;PHQ9;intake;7.5\n"
	    "k3;PHQ9;intake;\"1;5\"\n";
	struct dyad_read_opts o;
	struct dyad_data *d = NULL;
	struct dyad_error err;
	struct seen s;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.decimal_comma = true;
	o.on_issue = collect;
	o.ctx = &s;
	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, text, "c.csv", &o, &err), DYAD_OK,
	    "decimal comma: reads (';' by default)");
	check_rel(row(d, 0)->score, 12.5, 0, "decimal comma: 12,5 = 12.5");
	check_int(row(d, 1)->status, DYAD_ROW_BAD_NUMBER,
	    "decimal comma: 7.5 refused");
	check_issue(&s, 0, 3, 4, DYAD_ROW_BAD_NUMBER, false, "column 'score': "
	    "\"7.5\" is not a number (--decimal-comma reads 12,5, not 12.5)",
	    "decimal comma");
	check_issue(&s, 1, 4, 4, DYAD_ROW_BAD_NUMBER, false, "column 'score': "
	    "\"1;5\" is not a number", "decimal comma");
	dyad_data_free(d);
}

static void
test_row_checks(const struct dyad_catalog *cat)
{
	/* one problem per line, each found by hand */
	const char *text =
	    "child_id,measure,timepoint,date,score\n"
	    "k1,CESD,intake,2024-02-30,1\n"          /* 2: no 30 February */
	    "k1,CESD2,intake,,1\n"                   /* 3: unknown measure */
	    "k1,CESD,intake,,61\n"                   /* 4: above 60 */
	    "k1,CORT_WAKE,intake,,0\n"               /* 5: log scale */
	    ",CESD,intake,,1\n"                      /* 6: no child */
	    "k2,CESD,,,1\n"                          /* 7: no timepoint */
	    "k2,CESD,intake\n"                       /* 8: ragged */
	    "k\xff,CESD,intake,,1\n"                 /* 9: not UTF-8 */
	    "k3,CESD,\"intake\"x,,1\n"               /* 10: bad quoting */
	    "k3,YCPC_SEV,intake,,-1\n"               /* 11: below 0 */
	    "k3,CESD,intake,,1e999\n";               /* 12: too large */
	struct dyad_read_opts o;
	struct dyad_data *d = NULL;
	struct dyad_error err;
	struct seen s;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.on_issue = collect;
	o.ctx = &s;
	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, text, "r.csv", &o, &err), DYAD_OK,
	    "rows: reads");
	check_int((long long)s.n, 11, "rows: 11 issues");
	check_issue(&s, 0, 2, 4, DYAD_ROW_BAD_DATE, false,
	    "column 'date': \"2024-02-30\" is not a real calendar date",
	    "rows");
	check_issue(&s, 1, 3, 2, DYAD_ROW_UNKNOWN_MEASURE, false,
	    "column 'measure': unknown measure \"CESD2\" (did you mean "
	    "\"CESD\"?)", "rows");
	check_issue(&s, 2, 4, 5, DYAD_ROW_OUT_OF_RANGE, false,
	    "column 'score': 61 is outside the range 0..60 of CESD", "rows");
	check_issue(&s, 3, 5, 5, DYAD_ROW_OUT_OF_RANGE, false,
	    "column 'score': 0 is not positive, but CORT_WAKE is analysed on "
	    "a log scale", "rows");
	check_issue(&s, 4, 6, 1, DYAD_ROW_MISSING_FIELD, false,
	    "column 'child_id' is empty", "rows");
	check_issue(&s, 5, 7, 3, DYAD_ROW_MISSING_FIELD, false,
	    "column 'timepoint' is empty", "rows");
	check_issue(&s, 6, 8, 0, DYAD_ROW_RAGGED, false,
	    "row has 3 fields but the header has 5", "rows");
	check_issue(&s, 7, 9, 1, DYAD_ROW_BAD_TEXT, false,
	    "column 'child_id': \"k\\xff\" is not valid UTF-8 text", "rows");
	check_issue(&s, 8, 10, 0, DYAD_ROW_MALFORMED, false,
	    "field 3: text after the closing quote (a quote inside a quoted "
	    "field must be doubled)", "rows");
	check_issue(&s, 9, 11, 5, DYAD_ROW_OUT_OF_RANGE, false,
	    "column 'score': -1 is below the minimum 0 of YCPC_SEV", "rows");
	check_issue(&s, 10, 12, 5, DYAD_ROW_BAD_NUMBER, false,
	    "column 'score': \"1e999\" is too large to be a score", "rows");
	check_int((long long)dyad_data_rows(d), 11, "rows: every record kept");
	check_int((long long)dyad_data_count(d, DYAD_ROW_OK), 0,
	    "rows: none ok");
	dyad_data_free(d);
}

/* Rows of a case reuse the texts of the rows just before them (lib/data.c
 * remembers a few per column, keyed by length and first and last words):
 * texts that share length and both end words but differ in the middle
 * (over 16 bytes), differ in one byte of 1 to 7, or come round in a new
 * order must each still be read as written. */
static void
test_recent_texts(const struct dyad_catalog *cat)
{
	static const char *const child[] = {
	    "abcdefgh-1-ijklmnop", "abcdefgh-2-ijklmnop", "abcdefgh-1-ijklmnop",
	    "a", "b", "ab", "ac", "abc", "abd", "abcd", "abce", "abcdefg",
	    "abcxefg", "abcdefgh", "abcdxfgh", "abcdefgh-2-ijklmnop", "b", "a",
	};
	static const char *const tp[] = {
	    "intake", "mid", "discharge", "discharge", "mid", "intake",
	    "intake", "mid", "discharge", "mid", "intake", "discharge",
	    "mid", "mid", "intake", "discharge", "intake", "mid",
	};
	static const char *const date[] = {
	    "2025-01-02", "2025-01-03", "2025-01-02", "2025-01-04",
	    "2025-01-05", "2025-01-06", "2025-01-02", "2025-01-03",
	    "2025-01-04", "2025-01-07", "2025-01-02", "2025-01-03",
	    "2025-01-02", "2025-01-02", "2025-01-08", "2025-01-03",
	    "2025-01-05", "2025-01-02",
	};
	const size_t n = sizeof(child) / sizeof(child[0]);
	char text[2048], w[80];
	size_t i, at;
	struct dyad_data *d = NULL;
	struct dyad_error err;

	at = (size_t)snprintf(text, sizeof(text),
	    "child_id,caregiver_id,measure,timepoint,date,score\n");
	for (i = 0; i < n; i++)
		at += (size_t)snprintf(text + at, sizeof(text) - at,
		    "%s,m%zu,%s,%s,%s,%zu\n", child[i], i % 3,
		    i % 4 == 3 ? "PHQ9" : "CESD", tp[i], date[i], i);
	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, text, "r.csv", NULL, &err), DYAD_OK,
	    "recent: reads");
	check_int((long long)dyad_data_rows(d), (long long)n, "recent: rows");
	for (i = 0; i < n; i++) {
		const struct dyad_row *r = row(d, i);
		char want[16];

		snprintf(w, sizeof(w), "recent: line %zu child", i + 2);
		check_str(dyad_data_str(d, r->child), child[i], w);
		snprintf(w, sizeof(w), "recent: line %zu timepoint", i + 2);
		check_str(dyad_data_str(d, r->timepoint), tp[i], w);
		snprintf(w, sizeof(w), "recent: line %zu date", i + 2);
		dyad_date_format(want, sizeof(want), r->date);
		check_str(want, date[i], w);
		snprintf(w, sizeof(w), "recent: line %zu measure", i + 2);
		check_int(r->measure, dyad_catalog_find(cat,
		    i % 4 == 3 ? "PHQ9" : "CESD"), w);
		snprintf(w, sizeof(w), "recent: line %zu score", i + 2);
		check_int((long long)r->score, (long long)i, w);
	}
	dyad_data_free(d);
}

/* Rows that start as the row before them (the reader says so, and the
 * ids are not looked up again) get the ids of their own fields: after a
 * row whose child is not UTF-8, after a ragged row, after a quoted one
 * and after a row that starts alike but not with the same bytes.  Every
 * expected value is the row's own text, as a one-row file would read. */
static void
test_same_start(const struct dyad_catalog *cat)
{
	static const char text[] =
	    "family_id,child_id,caregiver_id,site,measure,timepoint,date,score\n"
	    "F1,C1,G1,S1,CESD,intake,2025-01-01,10\n"                /* 2 */
	    "F1,C1,G1,S1,CESD,discharge,2025-03-01,5\n"
	    "F2,C\xff,G2,S1,CESD,intake,2025-01-01,10\n"            /* 4 */
	    "F2,C\xff,G2,S1,CESD,discharge,2025-03-01,5\n"
	    "F3,C3,G3,S1,CESD,intake,2025-01-01\n"                   /* 6 */
	    "F3,C3,G3,S1,CESD,discharge,2025-03-01,5\n"
	    "\"F4\",C4,G4,S1,CESD,intake,2025-01-01,10\n"            /* 8 */
	    "F4,C4,G4,S1,CESD,discharge,2025-03-01,5\n"
	    "F4,C4,G4,S1 ,CESD,mid,2025-02-01,7\n"                    /* 10 */
	    "F4, C4,G4,S1,PHQ9,mid,2025-02-01,7\n"
	    "F5,,G5,S1,CESD,intake,2025-01-01,10\n"                  /* 12 */
	    "F5,,G5,S1,CESD,discharge,2025-03-01,5\n"
	    "F1,C1,G1,S1,PHQ9,intake,2025-01-01,10\n";               /* 14 */
	static const char *const child[] = { "C1", "C1", "", "", "", "C3",
	    "C4", "C4", "C4", "C4", "", "", "C1" };
	static const char *const site[] = { "S1", "S1", "", "", "", "S1",
	    "S1", "S1", "S1", "S1", "", "", "S1" };
	static const int status[] = { DYAD_ROW_OK, DYAD_ROW_OK,
	    DYAD_ROW_BAD_TEXT, DYAD_ROW_BAD_TEXT, DYAD_ROW_RAGGED,
	    DYAD_ROW_OK, DYAD_ROW_OK, DYAD_ROW_OK, DYAD_ROW_OK, DYAD_ROW_OK,
	    DYAD_ROW_MISSING_FIELD, DYAD_ROW_MISSING_FIELD, DYAD_ROW_OK };
	const size_t n = sizeof(child) / sizeof(child[0]);
	struct dyad_data *d = NULL;
	struct dyad_error err;
	char w[80];
	size_t i;

	dyad_data_new(&d, cat, &err);
	check_int(read_text(d, text, "s.csv", NULL, &err), DYAD_OK,
	    "same start: reads");
	check_int((long long)dyad_data_rows(d), (long long)n,
	    "same start: rows");
	for (i = 0; i < n; i++) {
		const struct dyad_row *r = row(d, i);

		snprintf(w, sizeof(w), "same start: line %zu status", i + 2);
		check_int(r->status, status[i], w);
		if (status[i] != DYAD_ROW_OK)
			continue;
		snprintf(w, sizeof(w), "same start: line %zu child", i + 2);
		check_str(dyad_data_str(d, r->child), child[i], w);
		snprintf(w, sizeof(w), "same start: line %zu site", i + 2);
		check_str(dyad_data_str(d, r->site), site[i], w);
	}
	dyad_data_free(d);
}

int
main(void)
{
	struct dyad_catalog *cat = NULL;
	struct dyad_error err;

	dyad_error_clear(&err);
	if (dyad_catalog_new_default(&cat, &err) != DYAD_OK) {
		printf("not ok - default catalog: %s\n", err.msg);
		return 1;
	}
	test_long_col_map(cat);
	test_col_map_errors(cat);
	test_wide(cat);
	test_duplicates(cat);
	test_many_caregivers(cat);
	test_caregivers(cat);
	test_decimal_comma(cat);
	test_row_checks(cat);
	test_recent_texts(cat);
	test_same_start(cat);
	dyad_catalog_free(cat);
	return check_summary();
}

/* test_statfile.c - SPSS and Stata input (lib/statfile.c through
 * dyad_data_read_stat): files written here with ReadStat's writer API from
 * known values, read back row by row.  Every expected value is the one
 * written: labels become their text, a float 12.3 reads as 12.3, %td and
 * DATE11 dates as YYYY-MM-DD, missing values (system, user-defined, tagged)
 * as missing scores, and row numbers are case numbers. */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readstat.h>

#include "check.h"
#include "dyad.h"

/* Row i (a copy: four in turn, so that an expression may hold a few). */
static const struct dyad_row *
row_at(const struct dyad_data *d, size_t i)
{
	static struct dyad_row buf[4];
	static unsigned next;
	struct dyad_row *r = &buf[next++ % 4];

	if (!dyad_data_row(d, i, r))
		memset(r, 0, sizeof(*r));
	return r;
}

static int out_fd = -1;

static ssize_t
put(const void *data, size_t len, void *ctx)
{
	(void)ctx;
	return write(out_fd, data, len);
}

struct seen {
	size_t n;
	size_t line[8];
	bool cases[8];
	char msg[8][300];
};

static void
collect(const struct dyad_issue *is, void *ctx)
{
	struct seen *s = ctx;

	if (s->n >= 8)
		return;
	s->line[s->n] = is->line;
	s->cases[s->n] = is->cases;
	snprintf(s->msg[s->n], sizeof(s->msg[0]), "%s", is->msg);
	s->n++;
}

/* Five cases of CESD: child, measure, timepoint (1 intake, 2 discharge,
 * labelled), date, score.  Case 3's score is missing in the way 'how'
 * says, case 5's score 72 is out of range (CESD is 0..60). */
enum miss { SYSMISS, USERMISS, TAGGED };

static int
write_file(const char *path, bool dta, enum miss how)
{
	static const char *const child[] = { "C1", "C1", "C2", "C2", "C3" };
	static const double tp[] = { 1, 2, 1, 2, 1 };
	static const float score[] = { 20, 12.3f, 0, 9, 72 };
	/* 2025-01-10 + i days: 23751 days after 1960-01-01, and SPSS seconds
	 * after 1582-10-14 (161526 days) */
	readstat_writer_t *w = readstat_writer_init();
	readstat_variable_t *v[5];
	readstat_label_set_t *ls;
	int i, bad = 0;

	out_fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (out_fd < 0)
		return -1;
	readstat_set_data_writer(w, put);
	ls = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "tplab");
	readstat_label_double_value(ls, 1, "intake");
	readstat_label_double_value(ls, 2, "Discharge");
	v[0] = readstat_add_variable(w, "Child_ID", READSTAT_TYPE_STRING, 8);
	v[1] = readstat_add_variable(w, "measure", READSTAT_TYPE_STRING, 8);
	v[2] = readstat_add_variable(w, "timepoint", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_label_set(v[2], ls);
	v[3] = readstat_add_variable(w, "date", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_format(v[3], dta ? "%td" : "DATE11");
	v[4] = readstat_add_variable(w, "score", dta ? READSTAT_TYPE_FLOAT :
	    READSTAT_TYPE_DOUBLE, 0);
	if (how == USERMISS)
		readstat_variable_add_missing_double_value(v[4], 99);
	if ((dta ? readstat_begin_writing_dta(w, NULL, 5) :
	    readstat_begin_writing_sav(w, NULL, 5)) != READSTAT_OK)
		bad = 1;
	for (i = 0; i < 5 && !bad; i++) {
		double day = 23751 + i;

		bad |= readstat_begin_row(w) != READSTAT_OK;
		bad |= readstat_insert_string_value(w, v[0], child[i]) != READSTAT_OK;
		bad |= readstat_insert_string_value(w, v[1], "CESD") != READSTAT_OK;
		bad |= readstat_insert_double_value(w, v[2], tp[i]) != READSTAT_OK;
		bad |= readstat_insert_double_value(w, v[3], dta ? day :
		    (day - 3653 + 141428) * 86400) != READSTAT_OK;
		if (i == 2 && how == SYSMISS)
			bad |= readstat_insert_missing_value(w, v[4]) != READSTAT_OK;
		else if (i == 2 && how == TAGGED)
			bad |= readstat_insert_tagged_missing_value(w, v[4], 'a') !=
			    READSTAT_OK;
		else if (i == 2)
			bad |= readstat_insert_double_value(w, v[4], 99) != READSTAT_OK;
		else if (dta)
			bad |= readstat_insert_float_value(w, v[4], score[i]) !=
			    READSTAT_OK;
		else
			bad |= readstat_insert_double_value(w, v[4], score[i] == 12.3f ?
			    12.3 : score[i]) != READSTAT_OK;
		bad |= readstat_end_row(w) != READSTAT_OK;
	}
	bad |= readstat_end_writing(w) != READSTAT_OK;
	readstat_writer_free(w);
	close(out_fd);
	return bad ? -1 : 0;
}

static void
check_read(const char *path, enum dyad_input_format fmt, const char *what)
{
	struct dyad_catalog *cat = NULL;
	struct dyad_data *d = NULL;
	struct dyad_read_opts o;
	struct dyad_error err;
	struct seen s;
	char label[160], day[16];
	const struct dyad_row *r;
	enum dyad_status st;

	memset(&o, 0, sizeof(o));
	memset(&s, 0, sizeof(s));
	o.on_issue = collect;
	o.ctx = &s;
	dyad_error_clear(&err);
	dyad_catalog_new_default(&cat, &err);
	dyad_data_new(&d, cat, &err);
	st = dyad_data_read_stat(d, path, path, fmt, &o, &err);
	snprintf(label, sizeof(label), "%s: read", what);
	check_int(st, DYAD_OK, label);
	snprintf(label, sizeof(label), "%s: 5 cases, 5 rows", what);
	check_int((long long)dyad_data_rows(d), 5, label);
	if (dyad_data_rows(d) == 5) {
		r = row_at(d, 0);
		snprintf(label, sizeof(label), "%s: timepoint 1 reads as 'intake'",
		    what);
		check_str(dyad_data_str(d, r->timepoint), "intake", label);
		snprintf(label, sizeof(label), "%s: label 'Discharge' lower-cased",
		    what);
		check_str(dyad_data_str(d, row_at(d, 1)->timepoint),
		    "discharge", label);
		snprintf(label, sizeof(label), "%s: the header 'Child_ID' is "
		    "child_id", what);
		check_str(dyad_data_str(d, r->child), "C1", label);
		dyad_date_format(day, sizeof(day), row_at(d, 1)->date);
		snprintf(label, sizeof(label), "%s: the date of case 2", what);
		check_str(day, "2025-01-11", label);
		snprintf(label, sizeof(label), "%s: case 2's score is exactly 12.3",
		    what);
		check_true(row_at(d, 1)->score == 12.3, label);
		snprintf(label, sizeof(label), "%s: case 3's score is missing", what);
		check_int(row_at(d, 2)->status, DYAD_ROW_MISSING_SCORE, label);
		snprintf(label, sizeof(label), "%s: rows carry case numbers", what);
		check_int((long long)row_at(d, 4)->line, 5, label);
		snprintf(label, sizeof(label), "%s: case 5 is out of range", what);
		check_int(row_at(d, 4)->status, DYAD_ROW_OUT_OF_RANGE, label);
	}
	snprintf(label, sizeof(label), "%s: one issue, at case 5, marked as a "
	    "case", what);
	check_true(s.n == 1 && s.line[0] == 5 && s.cases[0], label);
	snprintf(label, sizeof(label), "%s: the issue names the score", what);
	check_true(s.n == 1 && strstr(s.msg[0], "column 'score': 72") != NULL,
	    label);
	dyad_data_free(d);
	dyad_catalog_free(cat);
}

int
main(void)
{
	char dir[] = "/tmp/dyad-statfile-XXXXXX", path[64];
	struct dyad_catalog *cat = NULL;
	struct dyad_data *d = NULL;
	struct dyad_error err;
	enum dyad_input_format f;
	FILE *junk;

	/* formats by name and extension */
	check_int(dyad_input_format_of("visits.SAV"), DYAD_INPUT_SAV,
	    "format of visits.SAV");
	check_int(dyad_input_format_of("a/b.sas7bdat"), DYAD_INPUT_SAS7BDAT,
	    "format of a/b.sas7bdat");
	check_int(dyad_input_format_of("x.zsav"), DYAD_INPUT_ZSAV, "format of x.zsav");
	check_int(dyad_input_format_of("old.por"), DYAD_INPUT_POR, "format of old.por");
	check_int(dyad_input_format_of("visits.csv"), DYAD_INPUT_CSV,
	    "format of visits.csv");
	check_int(dyad_input_format_of("data.sav/visits"), DYAD_INPUT_CSV,
	    "a directory's extension does not count");
	check_int(dyad_input_format_of("README"), DYAD_INPUT_CSV,
	    "no extension: CSV");
	check_true(dyad_input_format_parse("DTA", &f) == 0 &&
	    f == DYAD_INPUT_DTA, "parse DTA");
	check_true(dyad_input_format_parse("xls", &f) == -1, "parse xls fails");
	check_str(dyad_input_format_name(DYAD_INPUT_SAS7BDAT), "sas7bdat",
	    "name of SAS7BDAT");

	if (mkdtemp(dir) == NULL) {
		check_true(0, "mkdtemp");
		return check_summary();
	}
	snprintf(path, sizeof(path), "%s/sys.sav", dir);
	check_int(write_file(path, false, SYSMISS), 0, "write sys.sav");
	check_read(path, DYAD_INPUT_SAV, "sav, system-missing");
	unlink(path);
	snprintf(path, sizeof(path), "%s/user.sav", dir);
	check_int(write_file(path, false, USERMISS), 0, "write user.sav");
	check_read(path, DYAD_INPUT_SAV, "sav, user-missing 99");
	unlink(path);
	snprintf(path, sizeof(path), "%s/tag.dta", dir);
	check_int(write_file(path, true, TAGGED), 0, "write tag.dta");
	check_read(path, DYAD_INPUT_DTA, "dta, tagged .a, float scores");
	unlink(path);

	/* errors */
	dyad_error_clear(&err);
	dyad_catalog_new_default(&cat, &err);
	dyad_data_new(&d, cat, &err);
	snprintf(path, sizeof(path), "%s/junk.sav", dir);
	junk = fopen(path, "w");
	if (junk != NULL) {
		fputs("not an SPSS file", junk);
		fclose(junk);
	}
	check_int(dyad_data_read_stat(d, path, "junk.sav", DYAD_INPUT_SAV, NULL,
	    &err), DYAD_EPARSE, "a file that is not SPSS: DYAD_EPARSE");
	check_true(err.line == 0 && err.msg[0] >= 'a' && err.msg[0] <= 'z' &&
	    strstr(err.msg, "(read as an SPSS .sav file)") != NULL,
	    "its message: lower case, no line, says how it was read");
	unlink(path);
	snprintf(path, sizeof(path), "%s/none.dta", dir);
	check_int(dyad_data_read_stat(d, path, "none.dta", DYAD_INPUT_DTA, NULL,
	    &err), DYAD_EIO, "a missing file: DYAD_EIO");
	check_true(err.sys_errno != 0, "with errno");
	check_int(dyad_data_read_stat(d, path, "none.dta", DYAD_INPUT_CSV, NULL,
	    &err), DYAD_EINVAL, "CSV through dyad_data_read_stat: DYAD_EINVAL");
	dyad_data_free(d);
	dyad_catalog_free(cat);
	rmdir(dir);
	return check_summary();
}

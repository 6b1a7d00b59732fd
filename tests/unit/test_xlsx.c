/* test_xlsx.c - the workbook writer's contract (lib/xlsx.c): a table of
 * every column type becomes a zip file; bad sheet names, oversized tables
 * and unwritable paths are errors, not crashes.  The cells themselves are
 * checked by tests/sh/xlsx.sh, which unzips the workbooks. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "dyad.h"

static struct dyad_table *
sample(void)
{
	struct dyad_table *t = NULL;

	if (dyad_table_new(&t, NULL) != DYAD_OK)
		return NULL;
	dyad_table_add_col(t, "measure", DYAD_COL_TEXT, 0, true);
	dyad_table_add_col(t, "n", DYAD_COL_INT, 0, true);
	dyad_table_add_col(t, "mean", DYAD_COL_NUM, 1, true);
	dyad_table_add_col(t, "p", DYAD_COL_NUM, DYAD_ROUND_P, true);
	dyad_table_add_col(t, "exact", DYAD_COL_BOOL, 0, true);
	dyad_table_add_row(t);
	dyad_table_set_text(t, 0, "=cmd|' /C calc'!A0");    /* text, not a formula */
	dyad_table_set_int(t, 1, 12);
	dyad_table_set_num(t, 2, 60.25);
	dyad_table_set_num(t, 3, 0.0004);
	dyad_table_set_bool(t, 4, true);
	dyad_table_add_row(t);
	dyad_table_set_text(t, 0, "bad \x01 byte \xff");   /* made safe */
	return t;
}

int
main(void)
{
	char dir[] = "/tmp/dyad-xlsx-XXXXXX", path[80], magic[4] = "";
	struct dyad_xlsx_sheet s = { "statistics", NULL };
	struct dyad_xlsx_note n[2] = { { "method", "paired t" },
	    { "input", "visits.sav" } };
	struct dyad_xlsx_notes notes = { n, 2, NULL };
	struct dyad_error err;
	struct dyad_table *t = sample();
	FILE *f;

	dyad_error_clear(&err);
	check_true(t != NULL, "a sample table");
	check_str(dyad_table_col_name(t, 2), "mean", "column name read back");
	check_int(dyad_table_col_type(t, 4), DYAD_COL_BOOL, "column type read back");
	check_int(dyad_table_col_decimals(t, 3), DYAD_ROUND_P,
	    "column decimals read back");
	{
		double v = 0;

		check_true(dyad_table_get_num(t, 0, 1, &v) && v == 12,
		    "an INT cell as a number");
		check_true(!dyad_table_get_num(t, 1, 1, &v), "a missing cell");
		check_true(!dyad_table_get_num(t, 0, 0, &v), "a text cell is no number");
		check_str(dyad_table_get_text(t, 0, 0), "=cmd|' /C calc'!A0",
		    "a text cell");
		check_true(dyad_table_get_text(t, 9, 0) == NULL, "out of range");
	}
	if (mkdtemp(dir) == NULL) {
		check_true(0, "mkdtemp");
		return check_summary();
	}
	s.table = t;
	snprintf(path, sizeof(path), "%s/book.xlsx", dir);
	check_int(dyad_xlsx_write(path, &s, 1, &notes, &err), DYAD_OK,
	    "write a workbook");
	f = fopen(path, "rb");
	if (f != NULL) {
		check_true(fread(magic, 1, 4, f) == 4 && memcmp(magic, "PK\3\4", 4) == 0,
		    "it is a zip file");
		fclose(f);
	} else {
		check_true(0, "it exists");
	}
	unlink(path);
	s.name = "a/b";
	check_int(dyad_xlsx_write(path, &s, 1, NULL, &err), DYAD_EINVAL,
	    "a sheet name with '/': DYAD_EINVAL");
	check_true(strstr(err.msg, "a/b") != NULL, "the message names the sheet");
	unlink(path);
	s.name = "this name is longer than thirty-one characters";
	check_int(dyad_xlsx_write(path, &s, 1, NULL, &err), DYAD_EINVAL,
	    "a sheet name over 31 characters: DYAD_EINVAL");
	unlink(path);
	s.name = "ok";
	snprintf(path, sizeof(path), "%s/no/such/dir/book.xlsx", dir);
	check_int(dyad_xlsx_write(path, &s, 1, NULL, &err), DYAD_EIO,
	    "an unwritable path: DYAD_EIO");
	dyad_table_free(t);
	rmdir(dir);
	return check_summary();
}

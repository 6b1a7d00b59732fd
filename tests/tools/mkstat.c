/* mkstat.c - write an SPSS, Stata or SAS file from a small CSV with
 * ReadStat's writer API, so the tests make their fixtures from known data.
 *
 * usage: mkstat FORMAT OUT IN.csv [SPEC...]
 *   FORMAT  sav zsav por dta sas7bdat
 *   IN.csv  plain CSV: a header, no quoting, no commas inside fields
 *   SPEC    label:COL       numeric codes 1, 2, ... (in order of first
 *                           appearance) with value labels holding the text
 *           date:COL        YYYY-MM-DD as the format's numeric date
 *           float:COL       a numeric column stored as 4-byte float
 *           missing:COL=V   SPSS user-missing value V (also a value label
 *                           "refused" on it, as clinics write)
 *           range:COL=LO:HI SPSS user-missing range
 *           rename:COL=NEW  the variable's name in the file
 *           vlabel:COL=V:TEXT  a value label on a numeric column's value V
 * A numeric column is one whose every cell is a number or empty; an empty
 * cell is system-missing, and in .dta a cell ".a" to ".z" is Stata's tagged
 * missing value.  Everything else is a string column.
 * Built by tests/sh/statfile.sh with: cc mkstat.c -lreadstat. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include <readstat.h>

#define MAXCOL 64
#define MAXROW 20000
#define MAXLAB 256

struct col {
	char name[64];
	char *cell[MAXROW];
	int numeric, label, date, isfloat;
	double miss[4];
	int nmiss;
	double lo, hi;
	int range;
	char *lab[MAXLAB];
	int nlab;
	double vval[8];
	char *vtext[8];
	int nv;
	readstat_variable_t *var;
};

static struct col col[MAXCOL];
static int ncol, nrow;
static int fd = -1;

static ssize_t
put(const void *data, size_t len, void *ctx)
{
	(void)ctx;
	return write(fd, data, len);
}

static int
is_num(const char *s)
{
	char *end;

	if (*s == '\0')
		return 1;
	strtod(s, &end);
	return *end == '\0';
}

static int
tagged(const char *s)
{
	return s[0] == '.' && s[1] >= 'a' && s[1] <= 'z' && s[2] == '\0';
}

/* days since 1970-01-01 (Howard Hinnant's days_from_civil) */
static long
days(const char *s)
{
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static struct col *
find(const char *name)
{
	int i;

	for (i = 0; i < ncol; i++)
		if (strcmp(col[i].name, name) == 0)
			return &col[i];
	fprintf(stderr, "mkstat: no column %s\n", name);
	exit(2);
}

static void
read_csv(const char *path)
{
	static char line[65536];
	FILE *f = fopen(path, "r");
	char *p, *q;
	int c;

	if (f == NULL || fgets(line, sizeof(line), f) == NULL) {
		perror(path);
		exit(2);
	}
	line[strcspn(line, "\r\n")] = '\0';
	for (p = line; p != NULL && ncol < MAXCOL; p = q) {
		q = strchr(p, ',');
		if (q != NULL)
			*q++ = '\0';
		snprintf(col[ncol++].name, sizeof(col[0].name), "%.63s", p);
	}
	while (nrow < MAXROW && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0')
			continue;
		for (c = 0, p = line; c < ncol; c++, p = q) {
			q = p ? strchr(p, ',') : NULL;
			if (q != NULL)
				*q++ = '\0';
			col[c].cell[nrow] = strdup(p ? p : "");
		}
		nrow++;
	}
	fclose(f);
}

static int
code_of(struct col *c, const char *s)
{
	int i;

	for (i = 0; i < c->nlab; i++)
		if (strcmp(c->lab[i], s) == 0)
			return i + 1;
	if (c->nlab < MAXLAB)
		c->lab[c->nlab++] = strdup(s);
	return c->nlab;
}

static void
check(readstat_error_t e, const char *what)
{
	if (e != READSTAT_OK) {
		fprintf(stderr, "mkstat: %s: %s\n", what, readstat_error_message(e));
		exit(1);
	}
}

int
main(int argc, char **argv)
{
	const char *fmt;
	readstat_writer_t *w;
	double dv;
	int i, r, spss, stata, sas;

	if (argc < 4) {
		fprintf(stderr, "usage: mkstat FORMAT OUT IN.csv [SPEC...]\n");
		return 2;
	}
	fmt = argv[1];
	spss = !strcmp(fmt, "sav") || !strcmp(fmt, "zsav") || !strcmp(fmt, "por");
	stata = !strcmp(fmt, "dta");
	sas = !strcmp(fmt, "sas7bdat");
	if (!spss && !stata && !sas) {
		fprintf(stderr, "mkstat: unknown format %s\n", fmt);
		return 2;
	}
	read_csv(argv[3]);
	for (i = 0; i < ncol; i++) {
		col[i].numeric = 1;
		for (r = 0; r < nrow; r++)
			if (!is_num(col[i].cell[r]) && !(stata && tagged(col[i].cell[r])))
				col[i].numeric = 0;
	}
	for (i = 4; i < argc; i++) {
		char *spec = argv[i], *arg = strchr(spec, ':'), *eq;
		struct col *c;

		if (arg == NULL)
			return 2;
		*arg++ = '\0';
		eq = strchr(arg, '=');
		if (eq != NULL)
			*eq++ = '\0';
		c = find(arg);
		if (strcmp(spec, "label") == 0) {
			c->label = 1;
			c->numeric = 1;
		} else if (strcmp(spec, "date") == 0) {
			c->date = 1;
			c->numeric = 1;
		} else if (strcmp(spec, "float") == 0) {
			c->isfloat = 1;
		} else if (strcmp(spec, "missing") == 0 && eq != NULL) {
			c->miss[c->nmiss++] = atof(eq);
		} else if (strcmp(spec, "range") == 0 && eq != NULL) {
			c->range = 1;
			c->lo = atof(eq);
			c->hi = atof(strchr(eq, ':') + 1);
		} else if (strcmp(spec, "vlabel") == 0 && eq != NULL &&
		    strchr(eq, ':') != NULL && c->nv < 8) {
			c->vval[c->nv] = atof(eq);
			c->vtext[c->nv++] = strchr(eq, ':') + 1;
		} else if (strcmp(spec, "rename") == 0 && eq != NULL) {
			snprintf(c->name, sizeof(c->name), "%.63s", eq);
		} else {
			fprintf(stderr, "mkstat: bad spec %s\n", spec);
			return 2;
		}
	}
	w = readstat_writer_init();
	readstat_set_data_writer(w, put);
	if (!strcmp(fmt, "zsav"))
		readstat_writer_set_compression(w, READSTAT_COMPRESS_BINARY);
	for (i = 0; i < ncol; i++) {
		struct col *c = &col[i];
		size_t width = 1;

		if (c->label) {
			readstat_label_set_t *ls;
			char name[80];
			int k;

			for (r = 0; r < nrow; r++)
				if (c->cell[r][0] != '\0')
					code_of(c, c->cell[r]);
			snprintf(name, sizeof(name), "%.8s_l", c->name);
			ls = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, name);
			for (k = 0; k < c->nlab; k++)
				readstat_label_double_value(ls, k + 1, c->lab[k]);
			c->var = readstat_add_variable(w, c->name, READSTAT_TYPE_DOUBLE, 0);
			readstat_variable_set_label_set(c->var, ls);
			continue;
		}
		if (c->numeric) {
			c->var = readstat_add_variable(w, c->name, c->isfloat ?
			    READSTAT_TYPE_FLOAT : READSTAT_TYPE_DOUBLE, 0);
			if (c->date)
				readstat_variable_set_format(c->var, spss ? "DATE11" :
				    stata ? "%td" : "DATE9");
			for (r = 0; r < c->nmiss; r++)
				readstat_variable_add_missing_double_value(c->var, c->miss[r]);
			if (c->nmiss > 0 || c->nv > 0) {
				readstat_label_set_t *ls;
				char name[80];

				snprintf(name, sizeof(name), "%.8s_m", c->name);
				ls = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, name);
				if (c->nmiss > 0)
					readstat_label_double_value(ls, c->miss[0], "refused");
				for (r = 0; r < c->nv; r++)
					readstat_label_double_value(ls, c->vval[r], c->vtext[r]);
				readstat_variable_set_label_set(c->var, ls);
			}
			if (c->range)
				readstat_variable_add_missing_double_range(c->var, c->lo,
				    c->hi);
			continue;
		}
		for (r = 0; r < nrow; r++)
			if (strlen(c->cell[r]) > width)
				width = strlen(c->cell[r]);
		c->var = readstat_add_variable(w, c->name, READSTAT_TYPE_STRING, width);
	}
	fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	if (spss && strcmp(fmt, "por") == 0)
		check(readstat_begin_writing_por(w, NULL, nrow), "begin");
	else if (spss)
		check(readstat_begin_writing_sav(w, NULL, nrow), "begin");
	else if (stata)
		check(readstat_begin_writing_dta(w, NULL, nrow), "begin");
	else
		check(readstat_begin_writing_sas7bdat(w, NULL, nrow), "begin");
	for (r = 0; r < nrow; r++) {
		check(readstat_begin_row(w), "row");
		for (i = 0; i < ncol; i++) {
			struct col *c = &col[i];
			const char *s = c->cell[r];

			if (!c->numeric) {
				check(readstat_insert_string_value(w, c->var, s), c->name);
				continue;
			}
			if (s[0] == '\0') {
				check(readstat_insert_missing_value(w, c->var), c->name);
				continue;
			}
			if (tagged(s)) {
				check(readstat_insert_tagged_missing_value(w, c->var, s[1]),
				    c->name);
				continue;
			}
			if (c->label)
				dv = code_of(c, s);
			else if (c->date)
				dv = spss ? (double)(days(s) - days("1582-10-14")) * 86400 :
				    (double)(days(s) - days("1960-01-01"));
			else
				dv = strtod(s, NULL);
			if (c->isfloat)
				check(readstat_insert_float_value(w, c->var, (float)dv),
				    c->name);
			else
				check(readstat_insert_double_value(w, c->var, dv), c->name);
		}
		check(readstat_end_row(w), "end row");
	}
	check(readstat_end_writing(w), "end");
	readstat_writer_free(w);
	return close(fd) == 0 ? 0 : 1;
}

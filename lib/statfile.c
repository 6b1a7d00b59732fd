/* statfile.c - SPSS (.sav, .zsav, .por), Stata (.dta) and SAS (.sas7bdat)
 * files through ReadStat, turned into text records for ingest.  Two passes:
 * the first collects the variables and their value labels (Stata keeps its
 * labels after the data), the second sends one record per case. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readstat.h>

#include "dlib.h"
#include "dyad/num.h"
#include "internal.h"
#include "statfile.h"

/* How a numeric variable's format says it holds a date. */
enum date_kind { DATE_NONE, DATE_DAYS, DATE_SECONDS, DATE_MS };

struct label {
	bool is_str;
	double v;
	char *s;                /* string value (is_str) */
	char *text;
};

struct lset {
	char *name;
	struct label *lab;
	size_t n, cap;
};

struct var {
	char *name;
	bool numeric;
	bool is_float;          /* 4-byte float: shortest text as a float */
	enum date_kind date;
	long epoch;             /* the format's day 0, in days since 1970-01-01 */
	char *lsname;           /* value label set, or NULL */
	long lset;              /* index into sets once resolved, or -1 */
	bool text;              /* labels and dates as text (not a score) */
};

/* The ReadStat functions dyad calls, loaded on first use (dlib.h); each
 * pointer has the type of the header's prototype. */
#define RS_FUNCS(X) \
	X(readstat_double_value) X(readstat_error_message) \
	X(readstat_parse_dta) X(readstat_parse_por) X(readstat_parse_sas7bdat) \
	X(readstat_parse_sav) X(readstat_parser_free) X(readstat_parser_init) \
	X(readstat_set_error_handler) X(readstat_set_value_handler) \
	X(readstat_set_value_label_handler) X(readstat_set_variable_handler) \
	X(readstat_string_value) X(readstat_value_is_missing) \
	X(readstat_value_is_system_missing) \
	X(readstat_value_is_tagged_missing) X(readstat_value_type_class) \
	X(readstat_variable_get_format) X(readstat_variable_get_index) \
	X(readstat_variable_get_name) X(readstat_variable_get_type) \
	X(readstat_variable_get_type_class)

struct rs_api {
	RS_FUNCS(DY_DL_FIELD)
};

#define SYM(f) DY_DL_SYM(struct rs_api, f)
static const struct dy_dl_sym rs_syms[] = { RS_FUNCS(SYM) };
#undef SYM

struct reader {
	struct rs_api rs;
	void *dl;               /* libreadstat's handle */
	enum dyad_input_format fmt;
	struct var *var;
	size_t nvar, capvar;
	struct lset *set;
	size_t nset, capset;
	char **field;           /* the current record */
	size_t *len;
	size_t *cap;            /* allocated size of each field */
	long obs;               /* case being collected, -1 before the first */
	dy_record_fn fn;
	dy_stat_text_fn as_text;
	void *ctx;
	bool stopped;           /* fn asked to stop */
	bool nomem;
};

static const struct {
	const char *name;
	enum dyad_input_format fmt;
} formats[] = {
	{ "csv", DYAD_INPUT_CSV }, { "sav", DYAD_INPUT_SAV },
	{ "zsav", DYAD_INPUT_ZSAV }, { "por", DYAD_INPUT_POR },
	{ "dta", DYAD_INPUT_DTA }, { "sas7bdat", DYAD_INPUT_SAS7BDAT },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

int
dyad_input_format_parse(const char *name, enum dyad_input_format *out)
{
	size_t i;

	for (i = 0; i < NFORMATS; i++) {
		if (dy_strcaseeq(name, formats[i].name)) {
			*out = formats[i].fmt;
			return 0;
		}
	}
	return -1;
}

enum dyad_input_format
dyad_input_format_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	enum dyad_input_format f;

	if (dot == NULL || dyad_input_format_parse(dot + 1, &f) != 0)
		return DYAD_INPUT_CSV;
	return f;
}

const char *
dyad_input_format_name(enum dyad_input_format fmt)
{
	return (size_t)fmt < NFORMATS ? formats[fmt].name : "csv";
}

static bool
spss(enum dyad_input_format f)
{
	return f == DYAD_INPUT_SAV || f == DYAD_INPUT_ZSAV || f == DYAD_INPUT_POR;
}

static long
day_of(const char *ymd)
{
	long d = 0;

	dyad_date_parse(ymd, strlen(ymd), &d);
	return d;
}

/* Which date a numeric format names.  SPSS counts seconds from 1582-10-14,
 * Stata days (%td) or milliseconds (%tc) from 1960-01-01, SAS days or
 * seconds (DATETIME) from 1960-01-01.  Width and decimals are ignored. */
static void
date_format(struct var *v, enum dyad_input_format fmt, const char *f)
{
	static const char *const spss_dates[] = { "DATE", "ADATE", "EDATE",
	    "JDATE", "SDATE", "MOYR", "QYR", "WKYR" };
	static const char *const spss_times[] = { "DATETIME", "YMDHMS" };
	static const char *const sas_dates[] = { "DATE", "DDMMYY", "MMDDYY",
	    "YYMMDD", "E8601DA", "B8601DA", "MONYY", "WORDDATE", "WEEKDATE",
	    "NLDATE", "YYMON", "DAY" };
	static const char *const sas_times[] = { "DATETIME", "E8601DT",
	    "B8601DT", "NLDATM" };
	char name[32];
	size_t n, i;

	v->date = DATE_NONE;
	if (f == NULL)
		return;
	if (fmt == DYAD_INPUT_DTA) {
		f += *f == '%';
		f += *f == '-';
		if (strncmp(f, "td", 2) == 0 || f[0] == 'd')
			v->date = DATE_DAYS;
		else if (strncmp(f, "tc", 2) == 0 || strncmp(f, "tC", 2) == 0)
			v->date = DATE_MS;
		v->epoch = day_of("1960-01-01");
		return;
	}
	/* the name without its width: "DATE11" -> DATE, "E8601DA10." -> E8601DA */
	n = strlen(f);
	while (n > 0 && ((f[n - 1] >= '0' && f[n - 1] <= '9') || f[n - 1] == '.'))
		n--;
	if (n == 0 || n >= sizeof(name))
		return;
	memcpy(name, f, n);
	name[n] = '\0';
	if (spss(fmt)) {
		v->epoch = day_of("1582-10-14");
		for (i = 0; i < sizeof(spss_dates) / sizeof(spss_dates[0]); i++)
			if (dy_strcaseeq(name, spss_dates[i]))
				v->date = DATE_SECONDS;
		for (i = 0; i < sizeof(spss_times) / sizeof(spss_times[0]); i++)
			if (dy_strcaseeq(name, spss_times[i]))
				v->date = DATE_SECONDS;
		return;
	}
	v->epoch = day_of("1960-01-01");
	for (i = 0; i < sizeof(sas_dates) / sizeof(sas_dates[0]); i++)
		if (dy_strcaseeq(name, sas_dates[i]))
			v->date = DATE_DAYS;
	for (i = 0; i < sizeof(sas_times) / sizeof(sas_times[0]); i++)
		if (dy_strcaseeq(name, sas_times[i]))
			v->date = DATE_SECONDS;
}

/* ---- pass 1: variables and value labels ---- */

static int
on_variable(int index, readstat_variable_t *variable, const char *val_labels,
    void *ctx)
{
	struct reader *r = ctx;
	struct var *v;
	const char *name = r->rs.readstat_variable_get_name(variable);

	if (index < 0 || dy_grow((void **)&r->var, &r->capvar, (size_t)index + 1,
	    sizeof(*r->var))) {
		r->nomem = true;
		return READSTAT_HANDLER_ABORT;
	}
	while (r->nvar <= (size_t)index)
		memset(&r->var[r->nvar++], 0, sizeof(*r->var));
	v = &r->var[index];
	free(v->name);
	free(v->lsname);
	v->name = dy_strdup(name ? name : "");
	v->lsname = val_labels && *val_labels ? dy_strdup(val_labels) : NULL;
	v->lset = -1;
	v->numeric = r->rs.readstat_variable_get_type_class(variable) ==
	    READSTAT_TYPE_CLASS_NUMERIC;
	v->is_float = r->rs.readstat_variable_get_type(variable) ==
	    READSTAT_TYPE_FLOAT;
	if (v->numeric)
		date_format(v, r->fmt, r->rs.readstat_variable_get_format(variable));
	if (v->name == NULL || (val_labels && *val_labels && v->lsname == NULL)) {
		r->nomem = true;
		return READSTAT_HANDLER_ABORT;
	}
	return READSTAT_HANDLER_SKIP_VARIABLE;
}

static struct lset *
set_find(struct reader *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nset; i++)
		if (strcmp(r->set[i].name, name) == 0)
			return &r->set[i];
	return NULL;
}

static int
on_label(const char *val_labels, readstat_value_t value, const char *label,
    void *ctx)
{
	struct reader *r = ctx;
	struct lset *s = set_find(r, val_labels);
	struct label *l;

	/* a label on a missing-value code never shows: the value is missing */
	if (r->rs.readstat_value_is_tagged_missing(value) ||
	    r->rs.readstat_value_is_system_missing(value))
		return READSTAT_HANDLER_OK;
	if (s == NULL) {
		if (dy_grow((void **)&r->set, &r->capset, r->nset + 1,
		    sizeof(*r->set)))
			goto nomem;
		s = &r->set[r->nset];
		memset(s, 0, sizeof(*s));
		s->name = dy_strdup(val_labels);
		if (s->name == NULL)
			goto nomem;
		r->nset++;
	}
	if (dy_grow((void **)&s->lab, &s->cap, s->n + 1, sizeof(*s->lab)))
		goto nomem;
	l = &s->lab[s->n];
	memset(l, 0, sizeof(*l));
	l->is_str = r->rs.readstat_value_type_class(value) ==
	    READSTAT_TYPE_CLASS_STRING;
	if (l->is_str) {
		l->s = dy_strdup(r->rs.readstat_string_value(value) ?
		    r->rs.readstat_string_value(value) : "");
		if (l->s == NULL)
			goto nomem;
	} else {
		l->v = r->rs.readstat_double_value(value);
	}
	l->text = dy_strdup(label ? label : "");
	if (l->text == NULL) {
		free(l->s);
		goto nomem;
	}
	s->n++;
	return READSTAT_HANDLER_OK;
nomem:
	r->nomem = true;
	return READSTAT_HANDLER_ABORT;
}

/* Numbers before strings, each in order, so that labels can be searched. */
static int
cmp_label(const void *a, const void *b)
{
	const struct label *x = a, *y = b;

	if (x->is_str != y->is_str)
		return x->is_str ? 1 : -1;
	if (x->is_str)
		return strcmp(x->s, y->s);
	return x->v < y->v ? -1 : x->v > y->v;
}

static const char *
label_of(const struct reader *r, const struct var *v, const char *s, double x)
{
	const struct lset *set;
	struct label key, *hit;

	if (v->lset < 0)
		return NULL;
	set = &r->set[v->lset];
	memset(&key, 0, sizeof(key));
	key.is_str = s != NULL;
	key.s = (char *)(uintptr_t)s;
	key.v = x;
	hit = bsearch(&key, set->lab, set->n, sizeof(*set->lab), cmp_label);
	return hit ? hit->text : NULL;
}

/* ---- pass 2: one record per case ---- */

static int
put_field(struct reader *r, size_t i, const char *s, size_t n)
{
	if (n + 1 > r->cap[i]) {
		size_t cap = r->cap[i] ? r->cap[i] : 16;
		char *p;

		while (cap < n + 1)
			cap *= 2;
		p = realloc(r->field[i], cap);
		if (p == NULL)
			return -1;
		r->field[i] = p;
		r->cap[i] = cap;
	}
	memcpy(r->field[i], s, n);
	r->field[i][n] = '\0';
	r->len[i] = n;
	return 0;
}

/* A float's shortest decimal text: the fewest decimals that read back as
 * the same float (a Stata float 12.3 is 12.300000190734863 as a double). */
static int
float_text(char *buf, size_t len, double x)
{
	float f = (float)x;
	double back;
	int dec, n;

	for (dec = 0; dec <= 12; dec++) {
		n = dyad_num_fixed(buf, len, x, dec);
		if (n < 0)
			break;
		if (dyad_num_parse(buf, (size_t)n, false, &back) == DYAD_NUM_OK &&
		    (float)back == f)
			return n;
	}
	return dyad_num_format(buf, len, x);
}

static int
number_text(const struct var *v, double x, char *buf, size_t len)
{
	double day;

	if (v->text && v->date != DATE_NONE) {
		day = v->date == DATE_DAYS ? x : v->date == DATE_SECONDS ?
		    x / 86400 : x / 86400000;
		day = floor(day) + (double)v->epoch;
		/* years 1 to 9999 */
		if (day >= -719162 && day <= 2932896) {
			dyad_date_format(buf, len, (long)day);
			return (int)strlen(buf);
		}
	}
	return v->is_float ? float_text(buf, len, x) :
	    dyad_num_format(buf, len, x);
}

static int
flush(struct reader *r)
{
	struct dy_record rec;

	memset(&rec, 0, sizeof(rec));
	rec.field = r->field;
	rec.len = r->len;
	rec.n = r->nvar;
	rec.line = (size_t)r->obs + 1;
	if (r->fn(&rec, r->ctx) != 0) {
		r->stopped = true;
		return -1;
	}
	return 0;
}

static int
on_value(int obs, readstat_variable_t *variable, readstat_value_t value,
    void *ctx)
{
	struct reader *r = ctx;
	int idx = r->rs.readstat_variable_get_index(variable);
	const struct var *v;
	const char *s = NULL, *lab;
	char buf[64];
	size_t k;
	int n;

	if (r->obs >= 0 && obs != r->obs && flush(r))
		return READSTAT_HANDLER_ABORT;
	if (obs != r->obs)
		for (k = 0; k < r->nvar; k++)
			put_field(r, k, "", 0);         /* fields hold >= 16 bytes */
	r->obs = obs;
	if (idx < 0 || (size_t)idx >= r->nvar)
		return READSTAT_HANDLER_OK;
	v = &r->var[idx];
	if (r->rs.readstat_value_is_missing(value, variable))
		return READSTAT_HANDLER_OK;
	if (!v->numeric) {
		s = r->rs.readstat_string_value(value);
		if (s == NULL)
			s = "";
		lab = v->text ? label_of(r, v, s, 0) : NULL;
		if (lab != NULL)
			s = lab;
	} else {
		double x = r->rs.readstat_double_value(value);

		lab = v->text ? label_of(r, v, NULL, x) : NULL;
		if (lab != NULL) {
			s = lab;
		} else {
			n = number_text(v, x, buf, sizeof(buf));
			if (n < 0)
				return READSTAT_HANDLER_OK;     /* not finite: missing */
			s = buf;
		}
	}
	if (put_field(r, (size_t)idx, s, strlen(s))) {
		r->nomem = true;
		return READSTAT_HANDLER_ABORT;
	}
	return READSTAT_HANDLER_OK;
}

/* ReadStat's own words are technical ("retval = 2"); the error code's
 * message is what the user sees.  The handler keeps the library quiet. */
static void
on_error(const char *msg, void *ctx)
{
	(void)msg;
	(void)ctx;
}

static readstat_error_t
parse(readstat_parser_t *p, enum dyad_input_format fmt, const char *path,
    struct reader *r)
{
	switch (fmt) {
	case DYAD_INPUT_SAV:
	case DYAD_INPUT_ZSAV:
		return r->rs.readstat_parse_sav(p, path, r);
	case DYAD_INPUT_POR:
		return r->rs.readstat_parse_por(p, path, r);
	case DYAD_INPUT_DTA:
		return r->rs.readstat_parse_dta(p, path, r);
	case DYAD_INPUT_SAS7BDAT:
		return r->rs.readstat_parse_sas7bdat(p, path, r);
	default:
		return READSTAT_ERROR_OPEN;
	}
}

static int
on_variable2(int index, readstat_variable_t *variable, const char *val_labels,
    void *ctx)
{
	(void)index;
	(void)variable;
	(void)val_labels;
	(void)ctx;
	return READSTAT_HANDLER_OK;
}

/* The header record: the variable names, in file order. */
static int
send_header(struct reader *r)
{
	struct dy_record rec;
	size_t i;

	r->field = calloc(r->nvar + 1, sizeof(char *));
	r->len = calloc(r->nvar + 1, sizeof(size_t));
	r->cap = calloc(r->nvar + 1, sizeof(size_t));
	if (r->field == NULL || r->len == NULL || r->cap == NULL)
		return -2;
	for (i = 0; i < r->nvar; i++) {
		const char *name = r->var[i].name ? r->var[i].name : "";

		if (put_field(r, i, name, strlen(name)))
			return -2;
	}
	memset(&rec, 0, sizeof(rec));
	rec.field = r->field;
	rec.len = r->len;
	rec.n = r->nvar;
	rec.line = 0;
	if (r->fn(&rec, r->ctx) != 0)
		return -1;
	for (i = 0; i < r->nvar; i++)
		r->var[i].text = r->as_text == NULL || r->as_text(i, r->ctx);
	return 0;
}

static void
reader_release(struct reader *r)
{
	size_t i, k;

	for (i = 0; i < r->nvar; i++) {
		free(r->var[i].name);
		free(r->var[i].lsname);
		if (r->field != NULL)
			free(r->field[i]);
	}
	for (i = 0; i < r->nset; i++) {
		for (k = 0; k < r->set[i].n; k++) {
			free(r->set[i].lab[k].s);
			free(r->set[i].lab[k].text);
		}
		free(r->set[i].lab);
		free(r->set[i].name);
	}
	free(r->set);
	free(r->var);
	free(r->field);
	free(r->len);
	free(r->cap);
	dy_dl_close(r->dl);
}

/* "an SPSS .sav", for messages */
static const char *
kind_of(enum dyad_input_format fmt)
{
	static const char *const kind[] = { "a CSV", "an SPSS .sav",
	    "an SPSS .zsav", "an SPSS .por", "a Stata .dta", "a SAS .sas7bdat" };

	return (size_t)fmt < sizeof(kind) / sizeof(kind[0]) ? kind[fmt] :
	    "a statistics package's";
}

/* "Unable to open file" -> "unable to open file" (dyad's messages start in
 * lower case). */
static enum dyad_status
readstat_fail(struct dyad_error *err, const struct reader *r,
    readstat_error_t e)
{
	const char *m = r->rs.readstat_error_message(e);
	char msg[160];

	snprintf(msg, sizeof(msg), "%s", m ? m : "unreadable file");
	if (msg[0] >= 'A' && msg[0] <= 'Z' && !(msg[1] >= 'A' && msg[1] <= 'Z'))
		msg[0] = (char)(msg[0] - 'A' + 'a');
	return dy_fail(err, DYAD_EPARSE, 0, 0, "%s (read as %s file)", msg,
	    kind_of(r->fmt));
}

enum dyad_status
dy_stat_read(const char *path, enum dyad_input_format fmt, dy_record_fn fn,
    dy_stat_text_fn as_text, void *ctx, struct dyad_error *err)
{
	struct reader r;
	char what[64];
	readstat_parser_t *p;
	readstat_error_t e;
	enum dyad_status st = DYAD_OK;
	FILE *f;
	size_t i;
	int h;

	/* say why the file cannot be opened, as for a CSV */
	f = fopen(path, "rb");
	if (f == NULL) {
		int saved = errno;

		dy_fail(err, DYAD_EIO, 0, 0, "cannot open");
		if (err != NULL)
			err->sys_errno = saved;
		return DYAD_EIO;
	}
	fclose(f);
	memset(&r, 0, sizeof(r));
	r.fmt = fmt;
	r.fn = fn;
	r.as_text = as_text;
	r.ctx = ctx;
	r.obs = -1;
	snprintf(what, sizeof(what), "reading %s file", kind_of(fmt));
	st = dy_dl_open(&r.dl, &r.rs, rs_syms, sizeof(rs_syms) /
	    sizeof(rs_syms[0]), DY_SONAME_READSTAT, what, err);
	if (st != DYAD_OK)
		return st;
	p = r.rs.readstat_parser_init();
	if (p == NULL) {
		st = dy_nomem(err);
		goto out;
	}
	r.rs.readstat_set_variable_handler(p, on_variable);
	r.rs.readstat_set_value_label_handler(p, on_label);
	r.rs.readstat_set_error_handler(p, on_error);
	e = parse(p, fmt, path, &r);
	r.rs.readstat_parser_free(p);
	if (r.nomem) {
		st = dy_nomem(err);
		goto out;
	}
	if (e != READSTAT_OK) {
		st = readstat_fail(err, &r, e);
		goto out;
	}
	for (i = 0; i < r.nset; i++)
		qsort(r.set[i].lab, r.set[i].n, sizeof(*r.set[i].lab), cmp_label);
	for (i = 0; i < r.nvar; i++) {
		struct lset *s = r.var[i].lsname ? set_find(&r, r.var[i].lsname) :
		    NULL;

		r.var[i].lset = s ? (long)(s - r.set) : -1;
	}
	h = send_header(&r);
	if (h == -2) {
		st = dy_nomem(err);
		goto out;
	}
	if (h < 0)
		goto out;
	p = r.rs.readstat_parser_init();
	if (p == NULL) {
		st = dy_nomem(err);
		goto out;
	}
	/* ReadStat 1.1.8 reads .sav values only with a variable handler set */
	r.rs.readstat_set_variable_handler(p, on_variable2);
	r.rs.readstat_set_value_handler(p, on_value);
	r.rs.readstat_set_error_handler(p, on_error);
	e = parse(p, fmt, path, &r);
	r.rs.readstat_parser_free(p);
	if (r.nomem)
		st = dy_nomem(err);
	else if (r.stopped)
		st = DYAD_OK;
	else if (e != READSTAT_OK)
		st = readstat_fail(err, &r, e);
	else if (r.obs >= 0)
		flush(&r);      /* the last case; a stop there is the caller's */
out:
	reader_release(&r);
	return st;
}

/* cortisol.c - salivary cortisol: the per-day formulas (Pruessner et al.
 * 2003 areas, awakening response, least-squares slope) and the grouping of
 * raw CORT rows into days, then into one mean per child and timepoint. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>

#include "dyad/cortisol.h"
#include "dyad/num.h"
#include "internal.h"
#include "rows.h"

static const char *const measure_code[DYAD_CORT_NMEASURES] = {
	"CORT_WAKE", "CORT_CAR", "CORT_AUCG", "CORT_AUCI", "CORT_SLOPE",
	"CORT_BED"
};

static const char *const reason_name[DYAD_CORT_NREASONS] = {
	"used", "no_samples", "times_out_of_order", "wake_time_differs",
	"no_waking_sample", "no_car_sample", "no_bedtime_sample",
	"too_few_samples"
};

static const char *const sample_reason_name[DYAD_CORT_SAMPLE_NREASONS] = {
	"usable", "row_not_usable", "missing_time", "bad_time", "before_waking",
	"outside_assay_range"
};

const char *
dyad_cort_measure_code(enum dyad_cort_measure m)
{
	return (unsigned)m < DYAD_CORT_NMEASURES ? measure_code[m] : "";
}

const char *
dyad_cort_reason_name(enum dyad_cort_reason r)
{
	return (unsigned)r < DYAD_CORT_NREASONS ? reason_name[r] : "unknown";
}

const char *
dyad_cort_sample_reason_name(enum dyad_cort_sample_reason r)
{
	return (unsigned)r < DYAD_CORT_SAMPLE_NREASONS ? sample_reason_name[r] :
	    "unknown";
}

void
dyad_cort_opts_init(struct dyad_cort_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->to_nmol = 1;
	/* Salimetrics salivary cortisol ELISA: standards 0.012-3.000 ug/dL.
	 * The products are the ones an input in ug/dL is converted with, so a
	 * value on the boundary stays inside after conversion. */
	o->assay_min = 0.012 * DYAD_CORT_UGDL_NMOLL;
	o->assay_max = 3.0 * DYAD_CORT_UGDL_NMOLL;
	o->wake_max = 15;
	o->car_min = 20;
	o->car_target = 30;
	o->car_max = 45;
	o->bed_min = 600;
	o->slope_skip = 60;
	o->slope_min_span = 240;
}

/* A number for a message: rounded to 6 decimals (so 3.45 * 27.59 shows as
 * 95.1855, not 95.18549999999999), then the shortest exact text. */
static const char *
fmt6(char *buf, size_t len, double x)
{
	double r = round(x * 1e6) / 1e6;

	if (dyad_num_format(buf, len, isfinite(r) ? r : x) < 0)
		snprintf(buf, len, "?");
	return buf;
}

static enum dyad_status
check_opts(const struct dyad_cort_opts *o, struct dyad_error *err)
{
	if (o == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no cortisol options");
	if (!isfinite(o->to_nmol) || o->to_nmol <= 0)
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "the unit factor must be a positive number");
	if (isinf(o->assay_min) || isinf(o->assay_max) ||
	    (!isnan(o->assay_min) && !isnan(o->assay_max) &&
	    o->assay_min > o->assay_max))
		return dy_fail(err, DYAD_EINVAL, 0, 0,
		    "the assay range must be LOW,HIGH with LOW <= HIGH");
	if (!isfinite(o->wake_max) || !isfinite(o->car_min) ||
	    !isfinite(o->car_target) || !isfinite(o->car_max) ||
	    !isfinite(o->bed_min) || !isfinite(o->slope_skip) ||
	    !isfinite(o->slope_min_span) || o->wake_max < 0 ||
	    o->car_min <= o->wake_max || o->car_target < o->car_min ||
	    o->car_max < o->car_target || o->bed_min <= o->car_max ||
	    o->bed_min <= o->slope_skip || o->slope_min_span < 0)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "the cortisol windows must "
		    "satisfy 0 <= wake_max < car_min <= car_target <= car_max < "
		    "bed_min, slope_skip < bed_min and slope_min_span >= 0");
	return DYAD_OK;
}

/* The arrays of one day: finite, times strictly increasing. */
static enum dyad_status
check_day(const double *t, const double *c, size_t n, struct dyad_error *err)
{
	size_t i;

	if (n > 0 && (t == NULL || c == NULL))
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no sample arrays");
	for (i = 0; i < n; i++) {
		if (!isfinite(t[i]) || !isfinite(c[i]))
			return dy_fail(err, DYAD_EINVAL, 0, 0,
			    "sample %zu: time or value is not a finite number", i + 1);
		if (i > 0 && t[i] <= t[i - 1])
			return dy_fail(err, DYAD_EINVAL, 0, 0,
			    "sample %zu: times must increase", i + 1);
	}
	return DYAD_OK;
}

/* Index of the waking, "+30 min" and bedtime samples, or -1. */
static long
find_wake(const double *t, size_t n, const struct dyad_cort_opts *o)
{
	return n > 0 && t[0] >= 0 && t[0] <= o->wake_max ? 0 : -1;
}

static long
find_car(const double *t, size_t n, const struct dyad_cort_opts *o)
{
	long best = -1;
	size_t i;

	/* Times increase, so on a tie the earlier sample is kept. */
	for (i = 0; i < n; i++)
		if (t[i] >= o->car_min && t[i] <= o->car_max && (best < 0 ||
		    fabs(t[i] - o->car_target) < fabs(t[best] - o->car_target)))
			best = (long)i;
	return best;
}

static long
find_bed(const double *t, size_t n, const struct dyad_cort_opts *o)
{
	return n > 0 && t[n - 1] >= o->bed_min ? (long)n - 1 : -1;
}

enum dyad_status
dyad_cort_aucg(const double *t, const double *c, size_t n, double *out,
    struct dyad_error *err)
{
	enum dyad_status st = check_day(t, c, n, err);
	double sum = 0;
	size_t i;

	if (st != DYAD_OK)
		return st;
	if (n < 2)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "an area under the curve needs at least 2 samples, not %zu", n);
	for (i = 0; i + 1 < n; i++)
		sum += (c[i + 1] + c[i]) / 2 * ((t[i + 1] - t[i]) / 60);
	if (!isfinite(sum))
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "the area is not finite");
	*out = sum;
	return DYAD_OK;
}

enum dyad_status
dyad_cort_auci(const double *t, const double *c, size_t n, double *out,
    struct dyad_error *err)
{
	double g, v;
	enum dyad_status st = dyad_cort_aucg(t, c, n, &g, err);

	if (st != DYAD_OK)
		return st;
	v = g - c[0] * ((t[n - 1] - t[0]) / 60);
	if (!isfinite(v))
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "the area is not finite");
	*out = v;
	return DYAD_OK;
}

enum dyad_status
dyad_cort_slope(const double *t, const double *c, size_t n, double min_span,
    double *out, struct dyad_error *err)
{
	double xs[16], ys[16], *x = xs, *y = ys;
	double c0, c1, cov00, cov01, cov11, sumsq;
	char a[40], b[40];
	enum dyad_status st = check_day(t, c, n, err);
	size_t i;
	int g;

	if (st != DYAD_OK)
		return st;
	if (n < 2)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0,
		    "a slope needs at least 2 samples, not %zu", n);
	if (!isfinite(min_span) || t[n - 1] - t[0] < min_span)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "the samples span %s min; "
		    "a slope needs %s", fmt6(a, sizeof(a), t[n - 1] - t[0]),
		    fmt6(b, sizeof(b), min_span));
	for (i = 0; i < n; i++)
		if (c[i] <= 0)
			return dy_fail(err, DYAD_EDOMAIN, 0, 0,
			    "sample %zu is not positive, so it has no logarithm", i + 1);
	if (n > sizeof(xs) / sizeof(xs[0])) {
		x = malloc(2 * n * sizeof(double));
		if (x == NULL)
			return dy_nomem(err);
		y = x + n;
	}
	for (i = 0; i < n; i++) {
		x[i] = t[i] / 60;
		y[i] = log(c[i]);
	}
	/* Distinct times (checked above), so the fit is defined. */
	g = gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11,
	    &sumsq);
	if (x != xs)
		free(x);
	if (g != GSL_SUCCESS || !isfinite(c1))
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "the slope is not defined");
	*out = c1;
	return DYAD_OK;
}

enum dyad_status
dyad_cort_wake(const double *t, const double *c, size_t n,
    const struct dyad_cort_opts *o, double *out, struct dyad_error *err)
{
	char a[40];
	enum dyad_status st = check_opts(o, err);
	long w;

	if (st == DYAD_OK)
		st = check_day(t, c, n, err);
	if (st != DYAD_OK)
		return st;
	w = find_wake(t, n, o);
	if (w < 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "no sample within %s min "
		    "of waking", fmt6(a, sizeof(a), o->wake_max));
	*out = c[w];
	return DYAD_OK;
}

enum dyad_status
dyad_cort_car(const double *t, const double *c, size_t n,
    const struct dyad_cort_opts *o, double *out, struct dyad_error *err)
{
	char a[40], b[40];
	double w;
	enum dyad_status st = dyad_cort_wake(t, c, n, o, &w, err);
	long k;

	if (st != DYAD_OK)
		return st;
	k = find_car(t, n, o);
	if (k < 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "no sample %s..%s min after "
		    "waking", fmt6(a, sizeof(a), o->car_min),
		    fmt6(b, sizeof(b), o->car_max));
	*out = c[k] - w;
	return DYAD_OK;
}

enum dyad_status
dyad_cort_bed(const double *t, const double *c, size_t n,
    const struct dyad_cort_opts *o, double *out, struct dyad_error *err)
{
	char a[40];
	enum dyad_status st = check_opts(o, err);
	long b;

	if (st == DYAD_OK)
		st = check_day(t, c, n, err);
	if (st != DYAD_OK)
		return st;
	b = find_bed(t, n, o);
	if (b < 0)
		return dy_fail(err, DYAD_EDOMAIN, 0, 0, "the last sample is less "
		    "than %s min after waking", fmt6(a, sizeof(a), o->bed_min));
	*out = c[b];
	return DYAD_OK;
}

enum dyad_status
dyad_cort_day(const double *t, const double *c, size_t n,
    const struct dyad_cort_opts *o, struct dyad_cort_day *out,
    struct dyad_error *err)
{
	enum dyad_status st = check_opts(o, err);
	double ts[16], cs[16], *tt = ts, *cc = cs;
	struct dyad_error e2;
	size_t i, m;
	long w, car, b;
	int j;

	if (st == DYAD_OK)
		st = check_day(t, c, n, err);
	if (st != DYAD_OK)
		return st;
	for (j = 0; j < DYAD_CORT_NMEASURES; j++) {
		out->value[j] = NAN;
		out->why[j] = n == 0 ? DYAD_CORT_NO_SAMPLES : DYAD_CORT_USED;
	}
	if (n == 0)
		return DYAD_OK;
	w = find_wake(t, n, o);
	car = find_car(t, n, o);
	b = find_bed(t, n, o);
	if (w >= 0)
		out->value[DYAD_CORT_WAKE] = c[w];
	else
		out->why[DYAD_CORT_WAKE] = DYAD_CORT_NO_WAKING;
	if (w >= 0 && car >= 0)
		out->value[DYAD_CORT_CAR] = c[car] - c[w];
	else
		out->why[DYAD_CORT_CAR] = w < 0 ? DYAD_CORT_NO_WAKING :
		    DYAD_CORT_NO_CAR;
	if (b >= 0)
		out->value[DYAD_CORT_BED] = c[b];
	else
		out->why[DYAD_CORT_BED] = DYAD_CORT_NO_BEDTIME;
	/* The whole-day measures need both ends of the waking day. */
	if (w < 0 || b < 0) {
		enum dyad_cort_reason r = w < 0 ? DYAD_CORT_NO_WAKING :
		    DYAD_CORT_NO_BEDTIME;

		out->why[DYAD_CORT_AUCG] = out->why[DYAD_CORT_AUCI] = r;
		out->why[DYAD_CORT_SLOPE] = r;
		return DYAD_OK;
	}
	if (dyad_cort_aucg(t, c, n, &out->value[DYAD_CORT_AUCG], &e2) !=
	    DYAD_OK)
		out->why[DYAD_CORT_AUCG] = DYAD_CORT_TOO_FEW;
	if (dyad_cort_auci(t, c, n, &out->value[DYAD_CORT_AUCI], &e2) !=
	    DYAD_OK)
		out->why[DYAD_CORT_AUCI] = DYAD_CORT_TOO_FEW;
	if (n > sizeof(ts) / sizeof(ts[0])) {
		tt = malloc(2 * n * sizeof(double));
		if (tt == NULL)
			return dy_nomem(err);
		cc = tt + n;
	}
	/* The slope: the waking sample, then nothing from the awakening rise. */
	for (i = 0, m = 0; i < n; i++) {
		if (i != (size_t)w && t[i] <= o->slope_skip)
			continue;
		tt[m] = t[i];
		cc[m++] = c[i];
	}
	st = dyad_cort_slope(tt, cc, m, o->slope_min_span,
	    &out->value[DYAD_CORT_SLOPE], &e2);
	if (tt != ts)
		free(tt);
	if (st == DYAD_ENOMEM)
		return dy_nomem(err);
	if (st != DYAD_OK)
		out->why[DYAD_CORT_SLOPE] = DYAD_CORT_TOO_FEW;
	return DYAD_OK;
}

/* ---- from rows to days to children ---- */

/* One CORT row placed in a day. */
struct sample {
	size_t row;             /* index in d */
	uint32_t child, caregiver, timepoint;
	int32_t date;
	uint32_t wake;          /* wake_time string id; 0 when not used */
	double wake_at;         /* wake_time in minutes after midnight */
	uint32_t shown;         /* the time as written, for messages */
	bool from_clock;        /* shown is a sample_time, not minutes */
	bool usable;
	double t, c;            /* minutes since waking, nmol/L */
};

/* A derived row with its place in the output order. */
struct out_row {
	struct dyad_cort_row pub;
	size_t first;           /* the group's first row in d */
};

struct dyad_cortisol {
	const struct dyad_data *d;
	struct out_row *row;
	size_t n, cap;
	struct dyad_cort_flow flow;
	size_t problems;
};

/* State of one run. */
struct run {
	struct dyad_cortisol *r;
	const struct dyad_data *d;
	const struct dyad_cort_opts *o;
	long kmin, kclock, kwake;       /* extra columns, or -1 */
};

static void
report(const struct run *u, const struct dyad_row *row,
    enum dyad_row_status kind, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
report(const struct run *u, const struct dyad_row *row,
    enum dyad_row_status kind, const char *fmt, ...)
{
	struct dyad_issue is;
	char msg[512];
	va_list ap;

	u->r->problems++;
	if (u->o->on_issue == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memset(&is, 0, sizeof(is));
	is.file = dyad_data_file(u->d, row->file);
	is.line = row->line;
	is.kind = kind;
	is.msg = msg;
	/* The data set does not say which files were SPSS, Stata or SAS (whose
	 * "lines" are case numbers); their names do, unless --input-format
	 * named a format the extension does not show. */
	is.cases = dyad_input_format_of(is.file) != DYAD_INPUT_CSV;
	u->o->on_issue(&is, u->o->ctx);
}

/* The text of extra column k of row i, surrounding blanks dropped, as a
 * pointer and length. */
static const char *
extra_text(const struct run *u, size_t i, long k, size_t *len)
{
	const char *s;
	size_t n;

	if (k < 0) {
		*len = 0;
		return "";
	}
	s = dyad_data_str(u->d, dyad_data_extra(u->d, i, (size_t)k));
	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

/* [H]H:MM or [H]H:MM:SS, 00:00 to 23:59:59, as minutes after midnight. */
static int
parse_clock(const char *s, size_t len, double *out)
{
	int part[3] = { 0, 0, 0 }, digits = 0, np = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (++digits > 2)
				return -1;
			part[np] = part[np] * 10 + (s[i] - '0');
		} else if (s[i] == ':' && digits > 0 && np < 2) {
			if (np > 0 && digits != 2)
				return -1;
			np++;
			digits = 0;
		} else {
			return -1;
		}
	}
	if (np == 0 || digits != 2 || part[0] > 23 || part[1] > 59 ||
	    part[2] > 59)
		return -1;
	*out = part[0] * 60.0 + part[1] + part[2] / 60.0;
	return 0;
}

/* Work out the time of usable row i; DYAD_CORT_SAMPLE_USABLE or why not
 * (reported). */
static enum dyad_cort_sample_reason
sample_time(const struct run *u, size_t i, struct sample *s)
{
	struct dyad_row rv;
	const struct dyad_row *row = dy_row_get(u->d, i, &rv);
	const char *ms, *cs, *ws;
	size_t ml, cl, wl;
	double v, ct, wt;
	char show[64], b1[40];

	ms = extra_text(u, i, u->kmin, &ml);
	if (ml > 0) {
		s->shown = dyad_data_extra(u->d, i, (size_t)u->kmin);
		if (dyad_num_parse(ms, ml, u->o->decimal_comma, &v) !=
		    DYAD_NUM_OK) {
			snprintf(show, sizeof(show), "%.*s", (int)(ml < 40 ? ml : 40),
			    ms);
			report(u, row, DYAD_ROW_BAD_NUMBER, "column "
			    "'minutes_since_waking': \"%s\" is not a number", show);
			return DYAD_CORT_SAMPLE_BAD_TIME;
		}
		if (v < 0) {
			report(u, row, DYAD_ROW_OUT_OF_RANGE, "column "
			    "'minutes_since_waking': %s is negative: the sample was "
			    "taken before waking", fmt6(b1, sizeof(b1), v));
			return DYAD_CORT_SAMPLE_BEFORE_WAKING;
		}
		if (v > 1440) {
			report(u, row, DYAD_ROW_BAD_NUMBER, "column "
			    "'minutes_since_waking': %s is more than 24 hours after "
			    "waking", fmt6(b1, sizeof(b1), v));
			return DYAD_CORT_SAMPLE_BAD_TIME;
		}
		s->t = v;
		return DYAD_CORT_SAMPLE_USABLE;
	}
	cs = extra_text(u, i, u->kclock, &cl);
	ws = extra_text(u, i, u->kwake, &wl);
	if (u->kclock < 0 || u->kwake < 0 || cl == 0 || wl == 0) {
		report(u, row, DYAD_ROW_MISSING_FIELD, "%s",
		    u->kclock < 0 || u->kwake < 0 ?
		    "column 'minutes_since_waking' is empty" : cl == 0 ?
		    "column 'sample_time' is empty" :
		    "column 'wake_time' is empty");
		return DYAD_CORT_SAMPLE_MISSING_TIME;
	}
	s->shown = dyad_data_extra(u->d, i, (size_t)u->kclock);
	s->from_clock = true;
	s->wake = dyad_data_extra(u->d, i, (size_t)u->kwake);
	if (parse_clock(cs, cl, &ct) != 0 || parse_clock(ws, wl, &wt) != 0) {
		bool bad_sample = parse_clock(cs, cl, &ct) != 0;

		snprintf(show, sizeof(show), "%.*s",
		    (int)(bad_sample ? (cl < 40 ? cl : 40) : (wl < 40 ? wl : 40)),
		    bad_sample ? cs : ws);
		report(u, row, DYAD_ROW_BAD_NUMBER, "column '%s': \"%s\" is not a "
		    "time (HH:MM)", bad_sample ? "sample_time" : "wake_time", show);
		return DYAD_CORT_SAMPLE_BAD_TIME;
	}
	if (ct < wt) {
		char a[16], b[16];

		snprintf(a, sizeof(a), "%.*s", (int)(cl < 15 ? cl : 15), cs);
		snprintf(b, sizeof(b), "%.*s", (int)(wl < 15 ? wl : 15), ws);
		report(u, row, DYAD_ROW_OUT_OF_RANGE, "sample_time \"%s\" is before "
		    "wake_time \"%s\" (a sample after midnight needs "
		    "minutes_since_waking)", a, b);
		return DYAD_CORT_SAMPLE_BEFORE_WAKING;
	}
	s->t = ct - wt;
	s->wake_at = wt;
	return DYAD_CORT_SAMPLE_USABLE;
}

static int
cmp_sample(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;

	if (x->child != y->child)
		return x->child < y->child ? -1 : 1;
	if (x->caregiver != y->caregiver)
		return x->caregiver < y->caregiver ? -1 : 1;
	if (x->timepoint != y->timepoint)
		return x->timepoint < y->timepoint ? -1 : 1;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int
cmp_out(const void *a, const void *b)
{
	const struct out_row *x = a, *y = b;

	if (x->first != y->first)
		return x->first < y->first ? -1 : 1;
	return (int)x->pub.measure - (int)y->pub.measure;
}

/* "sample_time \"07:10\"" or "minutes_since_waking 40" */
static void
describe(const struct run *u, const struct sample *s, char *buf, size_t len)
{
	const char *txt = dyad_data_str(u->d, s->shown);

	snprintf(buf, len, s->from_clock ? "sample_time \"%.20s\"" :
	    "minutes_since_waking %.20s", txt);
}

/* " on line 4" or " on FILE:4" when the other row is in another file. */
static void
where(const struct run *u, const struct dyad_row *here,
    const struct dyad_row *other, char *buf, size_t len)
{
	if (other->file == here->file)
		snprintf(buf, len, "line %u", (unsigned)other->line);
	else
		snprintf(buf, len, "%.100s:%u", dyad_data_file(u->d, other->file),
		    (unsigned)other->line);
}

/* Day-level checks: times increase in file order, one wake_time. */
static enum dyad_cort_reason
check_day_rows(const struct run *u, const struct sample *s, size_t n)
{
	const struct sample *prev = NULL, *wake = NULL;
	char a[64], b[64], w[160];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct sample *x = &s[i];
		struct dyad_row rv, ov;
		const struct dyad_row *row;

		if (!x->usable)
			continue;
		row = dy_row_get(u->d, x->row, &rv);
		/* Compared as times: 6:30 and 06:30 agree. */
		if (x->wake != 0 && wake != NULL && x->wake_at != wake->wake_at) {
			where(u, row, dy_row_get(u->d, wake->row, &ov), w, sizeof(w));
			report(u, row, DYAD_ROW_OUT_OF_RANGE, "wake_time \"%.20s\" "
			    "differs from \"%.20s\" on %s for the same child, "
			    "caregiver, timepoint and date; the day is not used",
			    dyad_data_str(u->d, x->wake),
			    dyad_data_str(u->d, wake->wake), w);
			return DYAD_CORT_WAKE_DIFFERS;
		}
		if (x->wake != 0 && wake == NULL)
			wake = x;
		if (prev != NULL && x->t <= prev->t) {
			describe(u, x, a, sizeof(a));
			describe(u, prev, b, sizeof(b));
			where(u, row, dy_row_get(u->d, prev->row, &ov), w, sizeof(w));
			report(u, row, DYAD_ROW_OUT_OF_RANGE, "%s is not later than %s "
			    "on %s of the same day: times out of order, the day is "
			    "not used", a, b, w);
			return DYAD_CORT_OUT_OF_ORDER;
		}
		prev = x;
	}
	return DYAD_CORT_USED;
}

static int
add_out(struct dyad_cortisol *r, const struct dyad_cort_row *row,
    size_t first)
{
	if (dy_grow((void **)&r->row, &r->cap, r->n + 1, sizeof(*r->row)))
		return -1;
	r->row[r->n].pub = *row;
	r->row[r->n].first = first;
	r->n++;
	return 0;
}

/* One child, caregiver and timepoint: its days, then the means. */
static enum dyad_status
do_group(struct run *u, const struct sample *s, size_t n, double *t,
    double *c, struct dyad_error *err)
{
	struct dyad_cortisol *r = u->r;
	double sum[DYAD_CORT_NMEASURES];
	size_t cnt[DYAD_CORT_NMEASURES], i, j, k, m, first = s[0].row;
	int32_t date[DYAD_CORT_NMEASURES];
	struct dyad_cort_day day;
	enum dyad_status st;
	bool partial;
	int q;

	for (q = 0; q < DYAD_CORT_NMEASURES; q++) {
		sum[q] = 0;
		cnt[q] = 0;
		date[q] = DYAD_NO_DATE;
	}
	for (i = 0; i < n; i = j) {
		enum dyad_cort_reason why;

		for (j = i + 1; j < n && s[j].date == s[i].date; j++)
			;
		for (k = i; k < j; k++)
			if (s[k].row < first)
				first = s[k].row;
		r->flow.days++;
		why = check_day_rows(u, s + i, j - i);
		if (why != DYAD_CORT_USED) {
			r->flow.days_partial++;
			for (q = 0; q < DYAD_CORT_NMEASURES; q++)
				r->flow.day[q][why]++;
			continue;
		}
		for (k = i, m = 0; k < j; k++) {
			if (!s[k].usable)
				continue;
			t[m] = s[k].t;
			c[m++] = s[k].c;
		}
		st = dyad_cort_day(t, c, m, u->o, &day, err);
		if (st != DYAD_OK)
			return st;
		partial = false;
		for (q = 0; q < DYAD_CORT_NMEASURES; q++) {
			r->flow.day[q][day.why[q]]++;
			if (day.why[q] != DYAD_CORT_USED) {
				partial = true;
				continue;
			}
			sum[q] += day.value[q];
			cnt[q]++;
			if (s[i].date != DYAD_NO_DATE && (date[q] == DYAD_NO_DATE ||
			    s[i].date < date[q]))
				date[q] = s[i].date;
		}
		if (partial)
			r->flow.days_partial++;
	}
	for (q = 0; q < DYAD_CORT_NMEASURES; q++) {
		struct dyad_row fv;
		const struct dyad_row *fr = dy_row_get(u->d, first, &fv);
		struct dyad_cort_row out;

		if (cnt[q] == 0)
			continue;
		out.child = s[0].child;
		out.caregiver = s[0].caregiver;
		out.family = fr->family;
		out.site = fr->site;
		out.timepoint = s[0].timepoint;
		out.date = date[q];
		out.measure = (enum dyad_cort_measure)q;
		out.score = sum[q] / (double)cnt[q];
		out.n_days = cnt[q];
		if (add_out(r, &out, first))
			return dy_nomem(err);
	}
	return DYAD_OK;
}

/* Place CORT row i as a sample (or count it as unusable). */
static void
take_row(struct run *u, size_t i, struct sample *s, size_t *ns)
{
	struct dyad_row rv;
	const struct dyad_row *row = dy_row_get(u->d, i, &rv);
	struct dyad_cortisol *r = u->r;
	struct sample *x;
	enum dyad_cort_sample_reason why;
	char a[40], b[40], lo[40], hi[40];

	r->flow.samples++;
	switch ((enum dyad_row_status)row->status) {
	case DYAD_ROW_BAD_DATE:
	case DYAD_ROW_MISSING_FIELD:
	case DYAD_ROW_BAD_TEXT:
	case DYAD_ROW_RAGGED:
	case DYAD_ROW_MALFORMED:
		/* No trustworthy day to put it in. */
		r->flow.sample[DYAD_CORT_SAMPLE_ROW]++;
		r->flow.row_status[row->status]++;
		return;
	default:
		break;
	}
	x = &s[(*ns)++];
	memset(x, 0, sizeof(*x));
	x->row = i;
	x->child = row->child;
	x->caregiver = row->caregiver;
	x->timepoint = row->timepoint;
	x->date = row->date;
	if (row->status != DYAD_ROW_OK) {
		r->flow.sample[DYAD_CORT_SAMPLE_ROW]++;
		r->flow.row_status[row->status]++;
		return;
	}
	why = sample_time(u, i, x);
	if (why == DYAD_CORT_SAMPLE_USABLE) {
		x->c = row->score * u->o->to_nmol;
		if ((!isnan(u->o->assay_min) && x->c < u->o->assay_min) ||
		    (!isnan(u->o->assay_max) && x->c > u->o->assay_max)) {
			fmt6(lo, sizeof(lo), u->o->assay_min);
			fmt6(hi, sizeof(hi), u->o->assay_max);
			if (isnan(u->o->assay_min))
				strcpy(lo, "");
			if (isnan(u->o->assay_max))
				strcpy(hi, "");
			fmt6(a, sizeof(a), row->score);
			if (u->o->to_nmol != 1)
				report(u, row, DYAD_ROW_OUT_OF_RANGE, "column 'score': %s "
				    "is %s nmol/L, outside the assay range %s..%s nmol/L",
				    a, fmt6(b, sizeof(b), x->c), lo, hi);
			else
				report(u, row, DYAD_ROW_OUT_OF_RANGE, "column 'score': %s "
				    "nmol/L is outside the assay range %s..%s nmol/L", a,
				    lo, hi);
			why = DYAD_CORT_SAMPLE_OUT_OF_ASSAY;
		}
	}
	r->flow.sample[why]++;
	x->usable = why == DYAD_CORT_SAMPLE_USABLE;
}

enum dyad_status
dyad_cortisol_run(struct dyad_cortisol **out, const struct dyad_data *d,
    const struct dyad_cort_opts *o, struct dyad_error *err)
{
	struct run u;
	struct sample *s = NULL;
	double *t = NULL, *c = NULL;
	size_t i, j, n = 0, ns = 0;
	enum dyad_status st;
	long m;

	*out = NULL;
	if ((st = check_opts(o, err)) != DYAD_OK)
		return st;
	if (d == NULL)
		return dy_fail(err, DYAD_EINVAL, 0, 0, "no data");
	m = dyad_catalog_find(dyad_data_catalog(d), "CORT");
	if (m < 0)
		return dy_fail(err, DYAD_ENOTFOUND, 0, 0, "the catalog has no "
		    "measure CORT (raw saliva samples)");
	for (i = 0; i < dyad_data_rows(d); i++)
		if (dy_data_rows(d)[i].measure == (int32_t)m)
			n++;
	if (n == 0)
		return dy_fail(err, DYAD_EDATA, 0, 0, "no CORT rows (raw saliva "
		    "samples) to derive cortisol measures from");
	memset(&u, 0, sizeof(u));
	u.d = d;
	u.o = o;
	u.kmin = dyad_data_extra_index(d, "minutes_since_waking");
	u.kclock = dyad_data_extra_index(d, "sample_time");
	u.kwake = dyad_data_extra_index(d, "wake_time");
	if (u.kmin < 0 && (u.kclock < 0 || u.kwake < 0))
		return dy_fail(err, DYAD_EDATA, 0, 0, "no sample times: cortisol "
		    "needs a minutes_since_waking column, or sample_time and "
		    "wake_time columns");
	u.r = calloc(1, sizeof(*u.r));
	s = malloc(n * sizeof(*s));
	t = malloc(2 * n * sizeof(double));
	if (u.r == NULL || s == NULL || t == NULL) {
		st = dy_nomem(err);
		goto out;
	}
	c = t + n;
	u.r->d = d;
	for (i = 0; i < dyad_data_rows(d); i++)
		if (dy_data_rows(d)[i].measure == (int32_t)m)
			take_row(&u, i, s, &ns);
	qsort(s, ns, sizeof(*s), cmp_sample);
	for (i = 0; i < ns; i = j) {
		for (j = i + 1; j < ns && s[j].child == s[i].child &&
		    s[j].caregiver == s[i].caregiver &&
		    s[j].timepoint == s[i].timepoint; j++)
			;
		if ((st = do_group(&u, s + i, j - i, t, c, err)) != DYAD_OK)
			goto out;
	}
	qsort(u.r->row, u.r->n, sizeof(*u.r->row), cmp_out);
	*out = u.r;
	u.r = NULL;
	st = DYAD_OK;
out:
	dyad_cortisol_free(u.r);
	free(s);
	free(t);
	return st;
}

size_t
dyad_cortisol_rows(const struct dyad_cortisol *r)
{
	return r->n;
}

const struct dyad_cort_row *
dyad_cortisol_row(const struct dyad_cortisol *r, size_t i)
{
	return i < r->n ? &r->row[i].pub : NULL;
}

const struct dyad_cort_flow *
dyad_cortisol_flow(const struct dyad_cortisol *r)
{
	return &r->flow;
}

size_t
dyad_cortisol_problems(const struct dyad_cortisol *r)
{
	return r->problems;
}

enum dyad_status
dyad_cortisol_table(const struct dyad_cortisol *r, struct dyad_table **out,
    struct dyad_error *err)
{
	static const char *const cols[] = { "child_id", "caregiver_id",
	    "family_id", "site", "measure", "timepoint", "date" };
	struct dyad_table *tb = NULL;
	enum dyad_status st;
	char date[16];
	size_t i, k;
	int bad = 0;

	*out = NULL;
	if ((st = dyad_table_new(&tb, err)) != DYAD_OK)
		return st;
	for (k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
		bad |= dyad_table_add_col(tb, cols[k], DYAD_COL_TEXT, 0, true) < 0;
	bad |= dyad_table_add_col(tb, "score", DYAD_COL_NUM, 3, true) < 0;
	bad |= dyad_table_add_col(tb, "n_days", DYAD_COL_INT, 0, true) < 0;
	for (i = 0; i < r->n && !bad; i++) {
		const struct dyad_cort_row *x = &r->row[i].pub;
		const struct dyad_data *d = r->d;

		date[0] = '\0';
		if (x->date != DYAD_NO_DATE)
			dyad_date_format(date, sizeof(date), x->date);
		bad |= dyad_table_add_row(tb) != 0;
		/* An absent id (string id 0) is a missing cell: null in JSON. */
		bad |= dyad_table_set_text(tb, 0, dyad_data_str(d, x->child)) != 0;
		bad |= dyad_table_set_text(tb, 1, x->caregiver == 0 ? NULL :
		    dyad_data_str(d, x->caregiver));
		bad |= dyad_table_set_text(tb, 2, x->family == 0 ? NULL :
		    dyad_data_str(d, x->family));
		bad |= dyad_table_set_text(tb, 3, x->site == 0 ? NULL :
		    dyad_data_str(d, x->site));
		bad |= dyad_table_set_text(tb, 4, measure_code[x->measure]);
		bad |= dyad_table_set_text(tb, 5, dyad_data_str(d, x->timepoint));
		bad |= dyad_table_set_text(tb, 6, date[0] != '\0' ? date : NULL);
		dyad_table_set_num(tb, 7, x->score);
		dyad_table_set_int(tb, 8, (long long)x->n_days);
	}
	if (bad) {
		dyad_table_free(tb);
		return dy_nomem(err);
	}
	*out = tb;
	return DYAD_OK;
}

enum dyad_status
dyad_cortisol_flow_tables(const struct dyad_cortisol *r,
    struct dyad_table **samples, struct dyad_table **days,
    struct dyad_error *err)
{
	const struct dyad_cort_flow *f = &r->flow;
	struct dyad_table *a = NULL, *b = NULL;
	size_t k, any[DYAD_CORT_NREASONS];
	long col;
	int q, bad = 0;

	*samples = *days = NULL;
	if (dyad_table_new(&a, err) != DYAD_OK)
		return err != NULL ? err->status : DYAD_ENOMEM;
	if (dyad_table_new(&b, err) != DYAD_OK) {
		dyad_table_free(a);
		return err != NULL ? err->status : DYAD_ENOMEM;
	}
	bad |= dyad_table_add_col(a, "samples", DYAD_COL_INT, 0, true) < 0;
	bad |= dyad_table_add_col(a, "usable", DYAD_COL_INT, 0, true) < 0;
	for (k = 1; k < DYAD_ROW_NSTATUS; k++)
		bad |= dyad_table_add_col(a,
		    dyad_row_status_name((enum dyad_row_status)k), DYAD_COL_INT, 0,
		    f->row_status[k] > 0) < 0;
	for (k = DYAD_CORT_SAMPLE_ROW + 1; k < DYAD_CORT_SAMPLE_NREASONS; k++)
		bad |= dyad_table_add_col(a, sample_reason_name[k], DYAD_COL_INT, 0,
		    f->sample[k] > 0) < 0;
	bad |= dyad_table_add_row(a) != 0;
	if (!bad) {
		col = 0;
		dyad_table_set_int(a, (size_t)col++, (long long)f->samples);
		dyad_table_set_int(a, (size_t)col++,
		    (long long)f->sample[DYAD_CORT_SAMPLE_USABLE]);
		for (k = 1; k < DYAD_ROW_NSTATUS; k++)
			dyad_table_set_int(a, (size_t)col++,
			    (long long)f->row_status[k]);
		for (k = DYAD_CORT_SAMPLE_ROW + 1; k < DYAD_CORT_SAMPLE_NREASONS; k++)
			dyad_table_set_int(a, (size_t)col++, (long long)f->sample[k]);
	}
	memset(any, 0, sizeof(any));
	for (q = 0; q < DYAD_CORT_NMEASURES; q++)
		for (k = 0; k < DYAD_CORT_NREASONS; k++)
			any[k] += f->day[q][k];
	bad |= dyad_table_add_col(b, "measure", DYAD_COL_TEXT, 0, true) < 0;
	bad |= dyad_table_add_col(b, "days", DYAD_COL_INT, 0, true) < 0;
	for (k = 0; k < DYAD_CORT_NREASONS; k++)
		bad |= dyad_table_add_col(b, reason_name[k], DYAD_COL_INT, 0,
		    k == 0 || any[k] > 0) < 0;
	for (q = 0; q < DYAD_CORT_NMEASURES && !bad; q++) {
		bad |= dyad_table_add_row(b) != 0;
		bad |= dyad_table_set_text(b, 0, measure_code[q]) != 0;
		dyad_table_set_int(b, 1, (long long)f->days);
		for (k = 0; k < DYAD_CORT_NREASONS; k++)
			dyad_table_set_int(b, 2 + k, (long long)f->day[q][k]);
	}
	if (bad) {
		dyad_table_free(a);
		dyad_table_free(b);
		return dy_nomem(err);
	}
	*samples = a;
	*days = b;
	return DYAD_OK;
}

void
dyad_cortisol_free(struct dyad_cortisol *r)
{
	if (r == NULL)
		return;
	free(r->row);
	free(r);
}
